"""The name analysis shared by the NAM rules, computed once per run.

Two questions about every name the corpus mentions:

1. Is it a variant of a reference spelling (rules/names.yaml)? A mention's
   tokens are aligned with a reference name's tokens; an alignment whose
   tokens are equal once folded (case, diacritics, hyphen or space) or near
   (a small edit distance for the length), and that differs from the
   reference as written, is a variant (NAM003).
2. Otherwise, is it spelled differently elsewhere (NAM001 within a document,
   NAM002 across documents)? Forms are grouped by their folded key and by
   near keys found through a deletion index (no all-pairs comparison: cost
   stays near linear in the number of distinct names).

Guards keep different entities apart: one form extending the other
(Armenia/Armenian, Aliyev/Aliyevs), short names (Iran/Iraq), pairs of
dictionary words (Austria/Australia), first names without their surname
(Mihail Frunze / Mikhail Gorbachev), aliases and `distinct` entries.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from dataclasses import dataclass, field
from itertools import combinations, compress, count, filterfalse, repeat
from operator import and_, not_
from typing import Callable, Iterator, NamedTuple

import Levenshtein
import regex

from ..facts import DocumentFacts, NameMention
from ..facts.names import MENTION_FIELDS, PARTICLES, QUOTED, SENTENCE_INITIAL, Mentions
from ..lexicon import is_common_word, is_word
from ..ruledata import NameData, NameEntry

FOLD_TABLE = str.maketrans({"ı": "i", "ə": "e", "ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l", "’": "", "'": ""})
MIN_NEAR_LENGTH = 5  # shorter names meet only when folded equal: Iran/Iraq never do
LONG_NAME = 9  # from this length two edits are still the same name (Petrosiyan/Petrossian)


SEPARATORS = regex.compile(r"[\s\-‑‐]+")


@lru_cache(maxsize=1 << 18)
def fold(text: str) -> str:
    """Case, diacritics, apostrophes and hyphen-vs-space folded away (memoised: names repeat)."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(FOLD_TABLE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(SEPARATORS.split(text.translate(FOLD_TABLE))).strip()


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, with a swap of two neighbouring letters counting as one edit."""
    distance = Levenshtein.distance(a, b)
    if distance == 2 and len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
            return 1
    return distance


def is_transposition(a: str, b: str) -> bool:
    return Levenshtein.distance(a, b) == 2 and edit_distance(a, b) == 1


def allowed_edits(a: str, b: str) -> int:
    shorter = min(len(a), len(b))
    if shorter < MIN_NEAR_LENGTH:
        return 0
    return 2 if shorter >= LONG_NAME else 1


def extends(a: str, b: str) -> bool:
    """One folded form is the other plus an ending: Armenia/Armenian, Aliyev/Aliyevs."""
    return a.startswith(b) or b.startswith(a)


def near(a: str, b: str) -> bool:
    """Folded tokens a and b are the same name written differently (standalone test)."""
    if a == b:
        return True
    if extends(a, b):
        return False
    return edit_distance(a, b) <= allowed_edits(a, b)


def near_in_context(a: str, b: str) -> bool:
    """Looser, for a token whose neighbours match exactly: Geidar/Heydar Aliyev, Josef/Joseph Stalin."""
    if a == b:
        return True
    if extends(a, b) or min(len(a), len(b)) < 4:
        return False
    return edit_distance(a, b) <= 2 and (a[0] == b[0] or a[-2:] == b[-2:])


def deletion_keys(word: str, depth: int) -> set[str]:
    keys = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        keys |= frontier
    return keys


# --- occurrences ------------------------------------------------------------------------


def _surface(tokens: tuple, first: int, last: int) -> str:
    if first == last:
        return tokens[first].text
    return "".join(("" if i == first else tokens[i].separator) + tokens[i].text for i in range(first, last + 1))


class Occurrence:
    """Tokens first..last of a mention in a document. Slotted, with its surface worked
    out at once: an analysis makes one per mention of a corpus (millions) and reads
    each one's surface several times."""

    __slots__ = ("doc", "mention", "first", "last", "surface")

    def __init__(self, doc: int, mention: NameMention, first: int, last: int, surface: str | None = None):
        self.doc, self.mention, self.first, self.last = doc, mention, first, last
        self.surface = surface if surface is not None else _surface(mention.tokens, first, last)

    @property
    def span(self):
        return self.mention.token_span(self.first, self.last)


def _ref_tokens(name: str) -> list[tuple[str, str, bool]]:
    """'Ursula von der Leyen' → [(text, separator, particle)…]."""
    parts = regex.split(r"([ \-‑‐]+)", name.strip())
    tokens: list[tuple[str, str, bool]] = []
    separator = ""
    for index, part in enumerate(parts):
        if index % 2:
            separator = "-" if any(h in part for h in "-‑‐") else " "
        elif part:
            tokens.append((part, separator, part in PARTICLES))
    return tokens


@dataclass
class ReferenceMatch:
    occurrence: Occurrence
    entry: NameEntry
    replacement: str  # the reference spelling of the aligned tokens
    reference_part: str


@dataclass
class Cluster:
    """Forms (surface strings) of one name, with their occurrences."""

    forms: dict[str, list[Occurrence]] = field(default_factory=lambda: defaultdict(list))

    def count(self, form: str) -> int:
        return len(self.forms[form])

    def preferred(self) -> str:
        """The most common form; on a tie, the one in more documents, then the one written first."""

        def key(form: str):
            occurrences = self.forms[form]
            first = min((o.doc, o.mention.start) for o in occurrences)
            marks = any(not ch.isascii() for ch in form)  # Vučić over Vucic on a tie: more information
            return (len(occurrences), len({o.doc for o in occurrences}), marks, (-first[0], -first[1]))

        return max(self.forms, key=key)

    def tied(self) -> bool:
        counts = sorted((len(o) for o in self.forms.values()), reverse=True)
        return len(counts) > 1 and counts[0] == counts[1]

    def tie_reason(self, preferred: str) -> str:
        if any(not ch.isascii() for ch in preferred):
            return f"neither form is more common; “{preferred}” keeps the diacritics"
        return f"neither form is more common, and “{preferred}” comes first"


@dataclass
class NameAnalysis:
    reference_matches: list[ReferenceMatch]
    clusters: list[Cluster]
    paths: list[str]
    form_places: dict[str, list[Occurrence]]  # where reference spellings are written


# --- reference matching -------------------------------------------------------------------


class ReferenceIndex:
    def __init__(self, names: NameData):
        self.entries = names.entries
        # Every accepted form is a target: a misspelt alias ("Alexandrapol" for
        # Alexandropol) is corrected to that alias, not to the entry's name.
        self.tokens: list[tuple[NameEntry, list[tuple[str, str, bool]]]] = [
            (entry, _ref_tokens(form)) for entry in names.entries for form in entry.forms
        ]
        # Every folded form any entry accepts (names, aliases, distinct names),
        # whole and token by token: writing one of them is never a variant.
        self.accepted_forms: set[str] = set()
        self.accepted_tokens: set[str] = set()
        for entry in names.entries:
            for form in entry.forms:
                self.accepted_forms.add(fold(form))
                self.accepted_tokens.update(fold(t) for t, _, _ in _ref_tokens(form))
        for group in names.distinct:
            for form in group:
                self.accepted_forms.add(fold(form))
                self.accepted_tokens.update(fold(t) for t, _, _ in _ref_tokens(form))
        self.distinct_pairs = {frozenset((fold(a), fold(b))) for group in names.distinct for a, b in combinations(group, 2)}
        # Blocking: reference tokens by deletion keys, so a mention token finds
        # its candidates without comparing against every reference.
        self._candidates: dict[str, set[tuple[int, int]]] = {}
        self.by_key: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for entry_index, (_, tokens) in enumerate(self.tokens):
            for token_index, (text, _, _) in enumerate(tokens):
                folded = fold(text)
                for key in deletion_keys(folded, 2 if len(folded) >= LONG_NAME else 1):
                    self.by_key[key].append((entry_index, token_index))

    def candidates(self, folded: str) -> set[tuple[int, int]]:
        """Reference tokens that may match `folded` (memoised per distinct token)."""
        found = self._candidates.get(folded)
        if found is None:
            found = set()
            for key in deletion_keys(folded, 2 if len(folded) >= LONG_NAME else 1):
                found.update(self.by_key.get(key, ()))
            self._candidates[folded] = found
        return found


def _token_match(mention_text: str, reference_text: str, context: bool, accepted: set[str]) -> bool:
    a, b = fold(mention_text), fold(reference_text)
    if a == b:
        return True
    if a in accepted:
        return False  # the mention writes some other accepted name exactly (Iraq, Nakhichevan)
    if context:
        return near_in_context(a, b)
    if is_common_word(mention_text) or is_common_word(reference_text):
        return False
    if extends(a, b):
        longer, shorter = (a, b) if len(a) > len(b) else (b, a)
        extra = longer[len(shorter) :]
        # Zelensky/Zelenskyy, Donbas/Donbass (a doubled last letter), Zaluzhny/Zaluzhnyi;
        # never Aliyev/Aliyevs (plural) or Azerbaijan/Azerbaijani (the adjective).
        doubled = extra == shorter[-1]
        return len(shorter) >= MIN_NEAR_LENGTH and len(extra) == 1 and (doubled or (extra == "i" and shorter[-1] == "y"))
    if min(len(a), len(b)) == 4 and not is_word(mention_text):
        return edit_distance(a, b) == 1 and a[0] == b[0]  # Asad/Assad
    return near(a, b)


def _align(
    mention: NameMention, start: int, ref: list[tuple[str, str, bool]], ref_start: int, accepted: set[str]
) -> tuple[int, int, int] | None:
    """Grow an alignment around mention token `start` ~ reference token `ref_start`.

    Returns (first mention token, last mention token, first reference token), or
    None. A token beside an exact, uncommon match may match more loosely.
    """
    tokens = mention.tokens
    offset = ref_start - start
    low, high = max(0, -offset), min(len(tokens) - 1, len(ref) - 1 - offset)
    exact = {i: fold(tokens[i].text) == fold(ref[i + offset][0]) for i in range(low, high + 1)}
    anchors = {i for i, same in exact.items() if same and not is_common_word(tokens[i].text)}

    def matches(i: int) -> bool:
        beside_anchor = (i - 1) in anchors or (i + 1) in anchors
        return exact[i] or _token_match(tokens[i].text, ref[i + offset][0], beside_anchor, accepted)

    if not matches(start):
        return None
    lo = hi = start
    while lo - 1 >= low and matches(lo - 1):
        lo -= 1
    while hi + 1 <= high and matches(hi + 1):
        hi += 1
    return lo, hi, lo + offset


def match_references(all_facts: list[DocumentFacts], index: ReferenceIndex) -> list[ReferenceMatch]:
    """Mentions that write a reference name another way. What a mention matches depends
    only on its tokens and whether it starts a sentence, so it is worked out once per
    written form and sentence position, however often the corpus writes it; only the
    mentions of forms that match are then visited one by one (picked out by set
    operations and compress, which iterate in C)."""
    matches: list[ReferenceMatch] = []
    by_tokens: dict[tuple[int, int], list] = {}  # (id of a shared token tuple, sentence-initial flag) -> alignments
    aligned_keys: set[tuple[int, int]] = set()  # the keys of by_tokens with an alignment
    by_form: dict[tuple, list] = {}  # the same, for equal token tuples of other documents
    for doc, facts in enumerate(all_facts):
        forms, flat = facts.names.forms, facts.names.flat
        keys = list(zip(map(id, map(forms.__getitem__, flat[0::MENTION_FIELDS])),
                        map(and_, flat[4::MENTION_FIELDS], repeat(SENTENCE_INITIAL))))
        distinct = set(keys)
        new = list(filterfalse(by_tokens.__contains__, distinct))
        if new:
            tokens_of = dict(zip(map(id, forms), forms))
            for key in new:
                tokens, initial = tokens_of[key[0]], key[1]
                form = (tuple((t.text, t.separator, t.particle) for t in tokens), initial)
                aligned = by_form.get(form)
                if aligned is None:
                    aligned = by_form[form] = _reference_alignments(NameMention(tokens, 0, 0, 0, False, bool(initial)), index)
                by_tokens[key] = aligned
                if aligned:
                    aligned_keys.add(key)
        hits = distinct & aligned_keys
        if not hits:
            continue
        for position in compress(count(), map(hits.__contains__, keys)):
            record = facts.names.record(position)
            mention = Mentions.mention(record)
            for lo, hi, entry, reference_part in by_tokens[keys[position]]:
                matches.append(ReferenceMatch(Occurrence(doc, mention, lo, hi), entry, reference_part, reference_part))
    return matches


def _reference_alignments(mention: NameMention, index: ReferenceIndex) -> list[tuple[int, int, NameEntry, str]]:
    """(first token, last token, entry, reference spelling) for each part of the mention
    that writes a reference name another way."""
    found: list[tuple[int, int, NameEntry, str]] = []
    seen: set[tuple[int, int]] = set()
    for position, token in enumerate(mention.tokens):
        if token.particle or len(token.text) < 3:
            continue
        for entry_index, ref_index in index.candidates(fold(token.text)):
            entry, ref = index.tokens[entry_index]
            aligned = _align(mention, position, ref, ref_index, index.accepted_tokens)
            if aligned is None:
                continue
            lo, hi, ref_lo = aligned
            if (lo, hi) in seen:
                continue
            ref_hi = ref_lo + (hi - lo)
            # A first name without the surname is not enough to know whom it
            # names: Abu Mohammed al-Jolani is not Abu Muhammad al-Maqdisi.
            if entry.kind == "person" and ref_hi != len(ref) - 1:
                continue
            if lo == hi and ref[ref_lo][2]:
                continue  # a particle alone
            written = Occurrence(-1, mention, lo, hi).surface
            reference_part = "".join(
                ("" if i == ref_lo else ref[i][1]) + ref[i][0] for i in range(ref_lo, ref_hi + 1)
            )
            if written == reference_part:
                seen.add((lo, hi))
                continue
            if fold(written) in index.accepted_forms and fold(written) != fold(reference_part):
                continue  # an alias or another listed name, written exactly
            if written.lower() == reference_part.lower() and (
                (lo == 0 and mention.sentence_initial) or written.isupper()
            ):
                continue  # "De Waal argues…" starts a sentence; "ALIYEV" is a capitals headline
            seen.add((lo, hi))
            found.append((lo, hi, entry, reference_part))
    # Several alignments can cover one name (Levon Ter-Petrossian, Ter-Petrossian):
    # keep the longest, and no other that overlaps it.
    kept: list[tuple[int, int, NameEntry, str]] = []
    taken: set[int] = set()
    for match in sorted(found, key=lambda m: m[0] - m[1]):
        tokens = set(range(match[0], match[1] + 1))
        if not tokens & taken:
            taken |= tokens
            kept.append(match)
    return kept


# --- discovery ---------------------------------------------------------------------------


TITLES = frozenset(
    """President Prime Minister Mr Mrs Ms Dr Professor Prof General Gen Colonel Col Senator King Queen Prince
    Princess Sir Lord Lady Judge Justice Chancellor Governor Mayor Secretary Ambassador Foreign Defence Defense
    Leader Chairman Chair Pope Saint St Sheikh Emir Marshal Admiral Captain Commander Deputy Former Late""".split()
)
UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue"}
GERMAN = regex.compile("[äöü]")
MIN_DISCOVERY_NEAR = 7  # without a reference, shorter near forms are too often other names (Zheng/Zhang)


class Unit(NamedTuple):
    """A part of a name discovery compares, worked out once per written form."""

    first: int  # token indexes in the mention
    last: int
    surface: str
    folded: str
    first_name: str | None  # the word before it, for evidence (_first_name)


def _form_units(tokens: tuple) -> tuple[Unit, ...]:
    """The surname-position token of a mention, and its whole name when it has two or
    more real words (for a first name written two ways)."""
    real = [i for i, t in enumerate(tokens) if not t.particle and len(t.text) >= 3]
    if not real:
        return ()
    last = real[-1]
    units = [Unit(last, last, tokens[last].text, fold(tokens[last].text), _first_name(tokens, last))]
    if len(real) >= 2:
        surface = _surface(tokens, 0, len(tokens) - 1)
        units.append(Unit(0, len(tokens) - 1, surface, fold(surface), None))
    return tuple(units)


MentionUnits = tuple  # (doc, mention record, units, whether units is its form's shared tuple)


def _units(all_facts: list[DocumentFacts], covered: set[tuple[int, int, int]]) -> Iterator[MentionUnits]:
    """What discovery compares, mention by mention: (doc, its record, its units, shared).
    Quotations keep their own spelling and take no part; neither does any
    token a reference match already governs. A mention's units are its
    form's (one tuple per written form, made once: a corpus writes each
    name thousands of times), or a tuple of its own when a reference governs
    part of it. DiscoveryInput reads the same, quicker."""
    governing = {(doc, start) for doc, start, _ in covered}  # mentions with a governed token
    of_form: dict[int, tuple[Unit, ...]] = {}  # id of a mention's token tuple (alive all along) -> units
    for doc, facts in enumerate(all_facts):
        yield from _document_units(doc, facts.names.records(), covered, governing, of_form)


def _document_units(doc: int, records, covered: set, governing: set, of_form: dict) -> Iterator[MentionUnits]:
    for record in records:
        tokens, start, _, _, flags = record
        if flags & QUOTED:
            continue
        units = _units_of_form(tokens, of_form)
        if units and (doc, start) in governing:
            governed = {i for i in range(len(tokens)) if (doc, start, i) in covered}
            # The surname unit unless governed; the whole name only when nothing is.
            units = tuple(u for u in units if u.first == u.last and u.last not in governed)
            if units:
                yield doc, record, units, False
        elif units:
            yield doc, record, units, True


def _units_of_form(tokens: tuple, of_form: dict[int, tuple[Unit, ...]]) -> tuple[Unit, ...]:
    """A written form's units, made once per token tuple (kept in `of_form` by its id)."""
    units = of_form.get(id(tokens))
    if units is None:
        units = of_form[id(tokens)] = _form_units(tokens)
    return units


class DiscoveryInput:
    """_units, read in discovery's two passes without visiting a million mentions one
    by one. The first pass needs each written form once, in the order the corpus first
    writes it outside quotations; the second, only the mentions of forms that ended in
    a cluster. Both are picked out of a document's mention columns by C-level
    iteration (compress, dict.fromkeys). A document in which a reference match governs
    a mention is read mention by mention, as _units does."""

    def __init__(self, all_facts: list[DocumentFacts], covered: set[tuple[int, int, int]]):
        self.all_facts, self.covered = all_facts, covered
        self.governing = {(doc, start) for doc, start, _ in covered}
        self.governed_docs = {doc for doc, _ in self.governing}
        self.of_form: dict[int, tuple[Unit, ...]] = {}  # as in _units

    @staticmethod
    def _unquoted(flat) -> Iterator[bool]:
        """For each mention, whether it is outside quotations."""
        return map(not_, map(and_, flat[4::MENTION_FIELDS], repeat(QUOTED)))

    def _slow(self, doc: int, facts: DocumentFacts) -> Iterator[MentionUnits]:
        return _document_units(doc, facts.names.records(), self.covered, self.governing, self.of_form)

    def first_pass(self) -> Iterator[tuple[tuple[Unit, ...], bool]]:
        """(units, shared) of each mention, except that a form's shared units come only
        the first time the corpus writes the form (the first pass skips repeats anyway)."""
        seen: set[int] = set()  # ids of the token tuples of forms given so far
        for doc, facts in enumerate(self.all_facts):
            if doc in self.governed_docs:
                for _, record, units, shared in self._slow(doc, facts):
                    if shared:  # a governed mention's own units do not stand for its form
                        seen.add(id(record[0]))
                    yield units, shared
                continue
            forms, flat = facts.names.forms, facts.names.flat
            if seen.issuperset(map(id, forms)):
                continue  # every form this document writes was given already
            in_order = dict.fromkeys(compress(flat[0::MENTION_FIELDS], self._unquoted(flat)))
            for form_index in compress(in_order, map(not_, map(seen.__contains__, map(id, map(forms.__getitem__, in_order))))):
                tokens = forms[form_index]
                seen.add(id(tokens))
                units = _units_of_form(tokens, self.of_form)
                if units:
                    yield units, True

    def second_pass(self, wanted: Callable[[tuple[Unit, ...]], bool]) -> Iterator[MentionUnits]:
        """_units' items whose units `wanted` accepts (asked once per form)."""
        wanted_forms = {form for form, units in self.of_form.items() if units and wanted(units)}  # ids of token tuples
        for doc, facts in enumerate(self.all_facts):
            if doc in self.governed_docs:
                yield from (item for item in self._slow(doc, facts) if wanted(item[2]))
                continue
            forms, flat = facts.names.forms, facts.names.flat
            hit = set(compress(count(), map(wanted_forms.__contains__, map(id, forms))))
            if not hit:
                continue
            written = flat[0::MENTION_FIELDS]
            for position in compress(count(), map(and_, map(hit.__contains__, written), self._unquoted(flat))):
                record = facts.names.record(position)
                yield doc, record, self.of_form[id(record[0])], True


@lru_cache(maxsize=1 << 16)
def _same_form(surface: str) -> str:
    """Forms that differ only in case or in hyphen-versus-space count as one form
    in discovery: RIYADH/Riyadh in a dateline, Jean-Paul/Jean Paul."""
    return regex.sub(r"[\s\-‑‐]+", " ", surface).casefold()


def _first_name(tokens: tuple, first: int) -> str | None:
    """The word before a surname in its mention (a first name), if it is not a title."""
    for i in range(first - 1, -1, -1):
        if not tokens[i].particle:
            return None if tokens[i].text.rstrip(".") in TITLES else tokens[i].text
    return None


def _different_people(contexts_a: frozenset[str], contexts_b: frozenset[str]) -> bool:
    return bool(contexts_a and contexts_b and not contexts_a & contexts_b)


def _doubled(a: str, b: str) -> bool:
    """b is a with one letter doubled (or undoubled): Petrossian/Petrosian."""
    if abs(len(a) - len(b)) != 1:
        return False
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter and longer[i] == longer[i - 1] for i in range(1, len(longer)))


def _same_entity(a: str, b: str, contexts_a: frozenset[str], contexts_b: frozenset[str]) -> bool:
    """Near single-token forms are one name only with evidence, for precision:
    they share a first name somewhere (Gerard Libaridian / Gerard Labaridian),
    or one is a rare slip of the other (a swapped or doubled letter)."""
    if min(len(a), len(b)) < MIN_NEAR_LENGTH:
        return False
    if _different_people(contexts_a, contexts_b):
        return False  # both carry first names, never the same: two people (Gerd Müller, Robert Mueller)
    # A swapped or doubled letter is a slip, wherever it is (Wolbachai, Vingegard, Odessa/Odesa).
    if is_transposition(a, b) or _doubled(a, b):
        return True
    if min(len(a), len(b)) < MIN_DISCOVERY_NEAR:
        return False
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    if prefix >= min(len(a), len(b)) - 2:
        return False  # only the ending differs: another form of the word (Nawrocka/Nawrocki, -ium/-ia)
    return bool(contexts_a & contexts_b)


class _Key:
    """What discovery needs of one folded form before it knows the clusters: the forms
    (_same_form) and first names it comes with, whether some writing of it is a name
    (capitalised, not a dictionary word) and the umlauts spelt out of those that have
    them. Each is a union over the corpus's writings, so no file order decides it."""

    __slots__ = ("forms", "first_names", "named", "umlauts")

    def __init__(self):
        self.forms, self.first_names, self.named, self.umlauts = set(), set(), False, set()

    def add(self, surface: str, first_name: str | None) -> None:
        self.forms.add(_same_form(surface))
        if first_name is not None:
            self.first_names.add(first_name)
        self.named = self.named or _named(surface)
        expanded = _umlauts_spelt_out(surface)
        if expanded is not None:
            self.umlauts.add(expanded)


@lru_cache(maxsize=1 << 16)
def _named(surface: str) -> bool:
    """Written as a name: capitalised, and not a dictionary word (Austria and Australia
    are not variants of each other)."""
    return surface[:1].isupper() and not is_common_word(surface)


@lru_cache(maxsize=1 << 16)
def _umlauts_spelt_out(surface: str) -> str | None:
    """Schröder → schroeder (folded), for a surface with German umlauts."""
    written = surface.lower()
    if not GERMAN.search(written):
        return None
    return fold(GERMAN.sub(lambda m: UMLAUTS[m.group()], written))


BLOCK_LIMIT = 50  # forms sharing one deletion key beyond this: a common stem, not one name


def summarise(source: DiscoveryInput, index: ReferenceIndex) -> dict[str, _Key]:
    """Each folded form the mentions write (outside the reference list), summed up over
    them: a union, so documents' summaries add up to the corpus's (the focus index)."""
    keys: dict[str, _Key] = {}
    seen: set[int] = set()  # ids of shared tuples (alive all along, unlike a mention's own)
    for mention_units, shared in source.first_pass():
        if shared:
            if id(mention_units) in seen:
                continue  # another mention of a form already summed up
            seen.add(id(mention_units))
        for unit in mention_units:
            if unit.folded in index.accepted_forms:
                continue  # governed by the reference list
            key = keys.get(unit.folded)
            if key is None:
                key = keys[unit.folded] = _Key()
            key.add(unit.surface, unit.first_name)
    return keys


def umlaut_joined(key: _Key, spelt_out: _Key) -> bool:
    """A form with umlauts and the form spelling them out (Schröder/Schroeder) are one
    name unless their first names say two people."""
    return not _different_people(frozenset(key.first_names), frozenset(spelt_out.first_names))


def blockable(folded: str, key: _Key) -> bool:
    """A single word long enough to meet near forms, written as a name somewhere."""
    return " " not in folded and len(folded) >= MIN_NEAR_LENGTH and key.named


def blocks_of(folded: str) -> set[str]:
    return deletion_keys(folded, 2 if len(folded) >= LONG_NAME else 1)


def block_joined(a: str, b: str, key_a: _Key, key_b: _Key, index: ReferenceIndex) -> bool:
    """Two forms met in a block are one name: near for their length, not two dictionary
    words (Austria, Australia), not listed as distinct, and with evidence (_same_entity)."""
    if frozenset((a, b)) in index.distinct_pairs:
        return False
    if not near(a, b) or (is_word(a) and is_word(b)):
        return False
    return _same_entity(a, b, frozenset(key_a.first_names), frozenset(key_b.first_names))


def join(keys: dict[str, _Key], index: ReferenceIndex) -> Callable[[str], str]:
    """Union-find over folded keys: folded-equal forms share a key; a form with umlauts
    joins its spelt-out form; near single words are joined through a deletion index,
    given evidence. Every edge is judged on its two forms' summaries alone. Returns find."""
    parent = {folded: folded for folded in keys}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for folded, key in keys.items():
        for expanded in sorted(key.umlauts):
            if expanded in keys and expanded != folded and umlaut_joined(key, keys[expanded]):
                parent[find(expanded)] = find(folded)

    blocks: dict[str, list[str]] = defaultdict(list)
    for folded, key in keys.items():
        if blockable(folded, key):
            for block in blocks_of(folded):
                blocks[block].append(folded)
    checked: set[tuple[str, str]] = set()  # a pair shares many deletion keys: judge it once
    for members in blocks.values():
        if len(members) < 2 or len(members) > BLOCK_LIMIT:
            continue  # a huge block is a common stem, not one name
        for a, b in combinations(sorted(set(members)), 2):
            if (a, b) in checked:
                continue
            checked.add((a, b))
            if find(a) != find(b) and block_joined(a, b, keys[a], keys[b], index):
                parent[find(a)] = find(b)
    return find


def discover(source: DiscoveryInput, index: ReferenceIndex, components: dict[str, str] | None = None) -> list[Cluster]:
    """Clusters of forms of one name. `source` gives the mentions' units to compare, in
    two passes. The first sums up each folded form (seeing each tuple of units once);
    the second makes Occurrences only for forms that ended in a cluster, a small part
    of a large corpus. `components` (folded form -> a representative), when given,
    says which forms are one name instead of `join`: the focus index works them out
    from the whole corpus's summaries, the mentions in hand being only some of it."""
    keys = summarise(source, index)
    find = join(keys, index) if components is None else (lambda folded: components.get(folded, folded))

    # A cluster needs two forms; only the occurrences of such groups are gathered.
    forms_of_root: dict[str, set[str]] = defaultdict(set)
    for folded, key in keys.items():
        forms_of_root[find(folded)] |= key.forms
    kept = {folded for folded in keys if len(forms_of_root[find(folded)]) >= 2}
    by_fold: dict[str, list[Occurrence]] = {folded: [] for folded in keys if folded in kept}  # first-seen order
    for doc, record, mention_units, _ in source.second_pass(lambda units: any(u.folded in by_fold for u in units)):
        mention = None  # made for the first unit kept, shared by its others
        for unit in mention_units:
            occurrences = by_fold.get(unit.folded)
            if occurrences is not None:
                mention = mention or Mentions.mention(record)
                occurrences.append(Occurrence(doc, mention, unit.first, unit.last, unit.surface))

    groups: dict[str, dict[str, list[Occurrence]]] = defaultdict(lambda: defaultdict(list))
    for folded, occurrences in by_fold.items():
        for occurrence in occurrences:
            groups[find(folded)][_same_form(occurrence.surface)].append(occurrence)
    clusters = []
    for forms in groups.values():
        cluster = Cluster()
        for occurrences in forms.values():
            written = Counter(o.surface for o in occurrences).most_common(1)[0][0]
            cluster.forms[written].extend(occurrences)
        if not _repeats_a_token_cluster(cluster):
            clusters.append(cluster)
    return clusters


def _repeats_a_token_cluster(cluster: Cluster) -> bool:
    """A whole-name cluster whose forms differ in the surname, which the
    surname's own cluster already reports (Recep Tayyip Erdogan/Erdoğan)."""
    forms = list(cluster.forms)
    first = cluster.forms[forms[0]][0]
    if first.first == first.last:
        return False
    split = [regex.split(r"[\s\-‑‐]+", form) for form in forms]
    return any(tokens[-1] != split[0][-1] for tokens in split[1:])


def analyse(all_facts: list[DocumentFacts], names: NameData, components: dict[str, str] | None = None) -> NameAnalysis:
    """The analysis of these documents; `components` as discover takes them."""
    index = ReferenceIndex(names)
    reference_matches = match_references(all_facts, index)
    covered = {
        (m.occurrence.doc, m.occurrence.mention.start, i)
        for m in reference_matches
        for i in range(m.occurrence.first, m.occurrence.last + 1)
    }
    clusters = discover(DiscoveryInput(all_facts, covered), index, components)
    return NameAnalysis(reference_matches, clusters, [f.path for f in all_facts], _places_of_references(all_facts, reference_matches))


def _places_of_references(all_facts: list[DocumentFacts], matches: list[ReferenceMatch]) -> dict[str, list[Occurrence]]:
    """Where the corpus writes the reference spellings it is told to use (for messages)."""
    wanted: dict[str, set[tuple[str, int]]] = defaultdict(set)  # first token -> {(form, token count)}
    for match in matches:
        tokens = _ref_tokens(match.replacement)
        wanted[tokens[0][0]].add((match.replacement, len(tokens)))
    places: dict[str, list[Occurrence]] = defaultdict(list)
    if not wanted:
        return places
    for doc, facts in enumerate(all_facts):
        for record in facts.names.records():
            tokens = record[0]
            for i, token in enumerate(tokens):
                for form, length in wanted.get(token.text, ()):
                    if i + length <= len(tokens) and _surface(tokens, i, i + length - 1) == form:
                        places[form].append(Occurrence(doc, Mentions.mention(record), i, i + length - 1, form))
    return places
