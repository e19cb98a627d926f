"""Name facts: the capitalised names a document mentions, with exact spans.

A mention is a run of capitalised tokens joined by a space or a hyphen,
with the particles names carry (von der Leyen, de Waal, al-Maqdisi, ibn,
bin, Ter-Petrosyan) and initials (Audrey L. Altstadt). Diacritics and other
scripts are letters like any other (Erdoğan, Azərbaycan, Пашинян). A
possessive ('s) is not part of the name. A capitalised common word that only
starts a sentence ("However", "The") is not a name; one the document also
capitalises mid-sentence is. Mentions inside quotations are kept but marked.
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence

from dataclasses import dataclass
from itertools import compress
from operator import itemgetter, not_

import regex

from ..documents import Document
from ..findings import Span
from ..lexicon import frequency, is_common_word
from ..patterns import lower_case, matches_at, occurrences
from .quotes import inside
from .words import Words

PARTICLES = frozenset(
    "von van der den de del della dei di da du la le dos das al el ibn bin bint ben ter ten y".split()
)
_PARTICLE = "(?:" + "|".join(sorted(PARTICLES, key=len, reverse=True)) + ")"
# A capitalised word (with an internal apostrophe: O'Brien, Shi'ite), an
# initial ("L."), or a particle (al- in al-Qaeda is a particle, as in the
# reference names, so al-Maqdissi and al-Maqdisi line up token by token).
TOKEN = regex.compile(
    r"(?<![\p{L}\p{M}\d_])"
    r"(?:(?P<word>\p{Lu}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*)"
    r"|(?P<particle>" + _PARTICLE + r")(?=[ \-‑‐](?:" + _PARTICLE + r"[ \-‑‐])*\p{Lu}))"
    r"(?![\p{L}\p{M}\d_])"
)


def token_starts(words: Words) -> list[int]:
    """Where a TOKEN match may start, so that it is tried only there, not at every character:
    at a letter run (no letter or mark before it) that is a particle or does not start in
    lower case. No \\p{Lu} letter is lower case to Python, whose Unicode tables may be older
    than the regex module's: a capital it does not know is no lower-case letter either.
    Tested at C speed (map, compress)."""
    starts = words.starts()
    return [*compress(starts, map(not_, map(str.islower, map(itemgetter(0), words.words)))),
            *compress(starts, map(PARTICLES.__contains__, words.words))]


SEPARATOR = regex.compile(r"[ \u00a0]|[-‑‐]|\.[ \u00a0]")  # what may join two tokens of one name
SEPARATOR_LONGEST = 2  # characters: most gaps between tokens are longer, and need no SEPARATOR test
POSSESSIVE = regex.compile(r"['’]s?$")
POSSESSIVE_ENDS = ("'", "’", "'s", "’s")  # what a POSSESSIVE match ends in
# What may stand before the first word of a sentence: a full stop (and closing
# quotes) and space, a line start, then opening quotes or brackets.
SENTENCE_END = regex.compile(r"(?:[.!?…:][\"”’')\]]*(?:\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\d{1,3}\])?\s+|^\s*|\n\s*)[\"“‘'(\[]*$")
# A word this common ("The", "However") starting a sentence is never taken for a
# name, even if the document capitalises it elsewhere (titles, headings).
VERY_COMMON = 100_000
HYPHENS = "-‑‐"
ADDRESS_MARK = regex.compile(r"[%/@]|\bwww\.|\.(?:pdf|html?|php|aspx?)\b", regex.IGNORECASE)
WHITESPACE = regex.compile(r"\s")


# Where an ADDRESS_MARK match can start, found by str.find in the lower-cased text, in
# microseconds where the scan takes a third of a millisecond an article.
ADDRESS_MARK_STARTS = ("%", "/", "@", "www.", ".pdf", ".htm", ".php", ".asp")


def address_marks(text: str, lower: str | None = None) -> list[regex.Match]:
    """ADDRESS_MARK.finditer(text). `lower`: lower_case(text), when the caller has it."""
    lower = lower or lower_case(text)
    if lower is None:  # "İ" or "ſ": lower-casing would not keep the offsets
        return list(ADDRESS_MARK.finditer(text))
    return matches_at(ADDRESS_MARK, text, [at for start in ADDRESS_MARK_STARTS for at in occurrences(lower, start)])


def address_chunks(text: str, lower: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of whitespace-delimited chunks that look like addresses or file names.
    `lower`: lower_case(text), when the caller has it."""
    chunks: list[tuple[int, int]] = []
    for mark in address_marks(text, lower):
        if chunks and mark.start() < chunks[-1][1]:
            continue
        before = WHITESPACE.search(text[max(0, mark.start() - 300) : mark.start()][::-1])
        start = mark.start() - before.start() if before else max(0, mark.start() - 300)
        after = WHITESPACE.search(text, mark.end())
        chunks.append((start, after.start() if after else len(text)))
    return chunks


@dataclass(frozen=True, slots=True)
class NameToken:
    text: str  # as written, without a possessive
    start: int  # offsets relative to the start of the mention
    end: int
    separator: str  # what joins it to the token before ("" for the first): " " or "-"
    particle: bool = False

    def to_list(self) -> list:
        return [self.text, self.start, self.end, self.separator, self.particle]

    @classmethod
    def from_list(cls, data: list) -> "NameToken":
        text, start, end, separator, particle = data
        return cls(sys.intern(text), start, end, sys.intern(separator), particle)


@dataclass(slots=True)
class NameMention:
    """One occurrence of a name. Token offsets are relative to `start`, so every
    mention of the same form in a document shares one tuple of tokens: a name
    written 200 times costs 200 small records, not 200 token lists."""

    tokens: tuple[NameToken, ...]
    start: int
    line: int
    column: int
    quoted: bool
    sentence_initial: bool  # the first token starts a sentence

    @property
    def text(self) -> str:
        return "".join(t.separator + t.text for t in self.tokens)

    @property
    def span(self) -> Span:
        return self.token_span(0, len(self.tokens) - 1)

    def token_span(self, first: int, last: int) -> Span:
        """The span of tokens[first..last] (a mention never crosses a line)."""
        a, b = self.tokens[first].start, self.tokens[last].end
        return Span(self.start + a, self.start + b, self.line, self.column + a, self.line, self.column + b)



MENTION_FIELDS = 5  # form, start, line, column, flags: one mention in names_to_dict's flat list
QUOTED, SENTENCE_INITIAL = 1, 2
# A mention's five integers take 4 bytes each (a corpus holds millions of mentions);
# 8 in a document of over 2**31 characters, whose offsets need them.
FLAT_TYPE, WIDE_FLAT_TYPE = "i", "q"

# One mention, compact: (its form's token tuple, start, line, column, flags).
MentionRecord = tuple


class Mentions(Sequence):
    """A document's name mentions, held as each written form's token tuple once and five
    integers a mention (the cache's own layout). A large corpus has millions of
    mentions: held as objects they cost three times the memory and most of the time
    of loading a document. Iterating gives NameMention objects; the names analysis
    reads `records()` instead and makes objects only for the mentions it keeps."""

    __slots__ = ("forms", "flat")

    def __init__(self, forms: list[tuple[NameToken, ...]] | None = None, flat: array | None = None):
        self.forms = forms if forms is not None else []
        self.flat = flat if flat is not None else array(FLAT_TYPE)

    @classmethod
    def of(cls, mentions: Iterable[NameMention]) -> "Mentions":
        forms: list[tuple[NameToken, ...]] = []
        index: dict[int, int] = {}  # id of a shared token tuple -> its place in `forms`
        numbers: list[int] = []
        for mention in mentions:
            form = index.get(id(mention.tokens))
            if form is None:
                form = index[id(mention.tokens)] = len(forms)
                forms.append(mention.tokens)
            numbers.extend((form, mention.start, mention.line, mention.column,
                            (QUOTED if mention.quoted else 0) | (SENTENCE_INITIAL if mention.sentence_initial else 0)))
        return cls(forms, _flat(numbers))

    def records(self) -> Iterator[MentionRecord]:
        flat = self.flat
        return zip(map(self.forms.__getitem__, flat[0::5]), flat[1::5], flat[2::5], flat[3::5], flat[4::5])

    @staticmethod
    def mention(record: MentionRecord) -> NameMention:
        tokens, start, line, column, flags = record
        return NameMention(tokens, start, line, column, bool(flags & QUOTED), bool(flags & SENTENCE_INITIAL))

    def __iter__(self) -> Iterator[NameMention]:
        return map(self.mention, self.records())

    def __len__(self) -> int:
        return len(self.flat) // MENTION_FIELDS

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(self)[index]
        return self.mention(self.record(range(len(self))[index]))  # IndexError past the end, as a list

    def record(self, position: int) -> MentionRecord:
        """The record (as records() gives them) of the mention at `position` (0 or more)."""
        at, flat = position * MENTION_FIELDS, self.flat
        return self.forms[flat[at]], flat[at + 1], flat[at + 2], flat[at + 3], flat[at + 4]

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # mutable, like the list it stands for

    def __repr__(self) -> str:
        return f"Mentions({list(self)!r})"


def _flat(numbers: list[int]) -> array:
    """The numbers in 4 bytes each, or 8 where one needs them; OverflowError past 64 bits."""
    try:
        return array(FLAT_TYPE, numbers)
    except OverflowError:
        return array(WIDE_FLAT_TYPE, numbers)


def names_to_dict(mentions: Mentions) -> dict:
    """Compact JSON for the cache: each written form once, then five integers per
    mention. A document names a few dozen forms hundreds of times. A form is kept as
    one string (the JSON of its tokens): a warm run looks up a million forms among
    those already built, and a string is hashed at once where nested lists would
    first be made into tuples and hashed item by item."""
    return {"forms": [json.dumps([t.to_list() for t in tokens], ensure_ascii=False, separators=(",", ":"))
                      for tokens in mentions.forms],
            "mentions": mentions.flat.tolist()}


def names_from_dict(data: dict, shared: dict | None = None) -> Mentions:
    """The mentions back, each form's token tuple made once. `shared` (one per run)
    also gives equal forms of different documents one tuple: a corpus writes
    "Vladimir Putin" in thousands of files. Raises ValueError on a damaged list."""
    shared = {} if shared is None else shared
    try:
        forms = list(map(shared.get, data["forms"]))
    except TypeError:  # a form that is not a string (unhashable)
        raise ValueError("damaged name form") from None
    if None in forms:  # forms no document read so far wrote
        for index, written in enumerate(data["forms"]):
            if forms[index] is None:
                if not isinstance(written, str):
                    raise ValueError("damaged name form")
                tokens = shared.get(written)
                if tokens is None:
                    try:
                        tokens = tuple(NameToken.from_list(t) for t in json.loads(written))
                    except (TypeError, ValueError):
                        raise ValueError("damaged name form") from None
                    shared[written] = tokens
                forms[index] = tokens
    try:
        flat = _flat(data["mentions"])
    except OverflowError:
        raise ValueError("damaged name mentions: a number out of range") from None
    if len(flat) % MENTION_FIELDS or (flat and not 0 <= min(flat[0::5]) <= max(flat[0::5]) < len(forms)):
        raise ValueError("damaged name mentions")
    return Mentions(forms, flat)


def _normal_separator(raw: str) -> str:
    return "-" if any(h in raw for h in HYPHENS) else " "


def extract_names(document: Document, view: str, quotes: list[tuple[int, int]],
                  addresses: list[tuple[int, int]] | None = None, words: Words | None = None) -> list[NameMention]:
    """`addresses`, `words`: address_chunks(view) and Words.of(view), when the caller has them."""
    if addresses is None:
        addresses = address_chunks(view)
    if words is None:
        words = Words.of(view)
    raw_tokens = []  # (start, end, text, particle, is_initial)
    for match in matches_at(TOKEN, view, token_starts(words)):
        text = match.group()
        if addresses and inside(addresses, match.start(), match.end()):
            continue  # part of an address or file name, not a name
        particle = match["particle"] is not None
        start, end = match.start(), match.end()
        if not particle and text.endswith(POSSESSIVE_ENDS):  # the test first: most tokens have none
            possessive = POSSESSIVE.search(text)
            if possessive and possessive.start() > 0:
                text, end = text[: possessive.start()], start + possessive.start()
        initial = len(text) == 1 and view[end : end + 1] == "."
        sentence_start = not particle and bool(SENTENCE_END.search(view[max(0, start - 8) : start]))
        raw_tokens.append((start, end, text, particle, initial, sentence_start))

    # A capitalised word at a sentence start is a name if the document never writes
    # it in lower case ("Turkey") and, when it is a common word, capitalises it
    # mid-sentence too; "However" and "The" are written lower case elsewhere.
    mid_sentence = {text for _, _, text, particle, _, sentence_start in raw_tokens
                    if not (particle or sentence_start)}
    lower_case = words.written_in_lower_case()

    mentions: list[NameMention] = []
    forms: dict[tuple, tuple[NameToken, ...]] = {}  # one shared token tuple per written form
    current: list[list] = []  # tokens being read: [text, start, end, separator, particle]
    initial_start = False

    tentative = False

    def close() -> None:
        nonlocal current
        while current and current[-1][4]:
            current.pop()  # a name does not end in a particle
        if tentative and len(current) == 1:
            current = []  # "However" alone at a sentence start: not a name
        if current:
            start, end = current[0][1], current[-1][2]
            key = tuple((text, s - start, e - start, sep if i else "", particle)
                        for i, (text, s, e, sep, particle) in enumerate(current))
            tokens = forms.get(key)
            if tokens is None:
                tokens = forms[key] = tuple(NameToken(*item) for item in key)
            position = document.position(start)
            mentions.append(
                NameMention(tokens, start, position.line, position.column, inside(quotes, start, end), initial_start)
            )
        current = []

    previous_end = None
    previous_initial = False
    for start, end, text, particle, initial, sentence_start in raw_tokens:
        gap = view[previous_end:start] if previous_end is not None else None
        joined = gap is not None and current and len(gap) <= SEPARATOR_LONGEST and (
            SEPARATOR.fullmatch(gap) if not gap.startswith(".") else previous_initial and SEPARATOR.fullmatch(gap)
        )
        if not joined:
            close()
            if particle:
                previous_end = None
                continue
            if sentence_start and (text.lower() in lower_case or frequency(text) >= VERY_COMMON):
                previous_end = None  # "However", "The": not a name
                continue
            # A common word starting a sentence ("Anthony", "March") is a name only
            # if a name goes on after it, or the document capitalises it mid-sentence.
            tentative = sentence_start and is_common_word(text) and text not in mid_sentence
            initial_start = sentence_start
            current = [[text, start, end, "", False]]
        else:
            separator = _normal_separator(gap)
            if gap.startswith("."):
                current[-1][2] += 1  # keep the initial's full stop: "L."
                current[-1][0] += "."
                separator = " "
            current.append([text, start, end, separator, particle])
        previous_end = end
        previous_initial = initial
    close()
    return mentions
