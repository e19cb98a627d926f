"""CIT018: one quotation credited differently in two documents.

Quotations are matched on their folded words (case, punctuation, note
markers and diacritics ignored) allowing small word changes: an inserted or
dropped word, or a name swapped for another (Karabakh/Artsakh), up to one
word in four. Candidates are found through shared word pairs, never by
comparing all pairs; a word pair shared by very many quotations is too
common to find anything by.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter, defaultdict
from itertools import combinations
from typing import Iterator

import Levenshtein

from ..facts import DocumentFacts
from ..facts.attributions import MIN_WORDS, Quotation, folded_words
from ..findings import Finding, Related, Severity
from ..lexicon import is_common_word
from .citations import shorten
from .note_references import fold
from ..index import IndexFamily
from .grouping import DisjointSets
from .registry import CorpusRule, register

COMMON_PAIR = 200  # quotations sharing one word pair beyond this: the pair says nothing
COMMON_PAIRS = "quotation-common-pairs"  # those the focus index found, for the rule (Context.memo)
EXCERPT_WORDS = 6  # a quotation this long found whole inside a longer one is an excerpt of it
FREE_SWAP_EVERY = 9  # one word in a quotation this long may be swapped for an unrelated one
FUNCTION_WORDS = frozenset(
    """a an the this that these those is are was were be been will would shall should can could may might must not
    never no nor and or but of in on at to for from by with as it its we you they he she i our your their his her
    my me us them do does did has have had than then so very too much more most far all any some every each""".split()
)


def _is_excerpt(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    if len(short) < EXCERPT_WORDS:
        return False
    first = short[0]
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1) if long[i] == first)


def _capitalised(text: str) -> set[str]:
    """Folded words written with a capital (names), a common word opening the quotation excepted."""
    names: set[str] = set()
    for position, token in enumerate(text.split()):
        bare = token.lstrip("“\"'‘(")
        if bare[:1].isupper() and not (position == 0 and is_common_word(bare.strip(".,;:!?”\"'’"))):
            names.update(folded_words(bare))
    return names


def same_quotation(a: Quotation, b: Quotation) -> bool:
    short, long = sorted((a.words, b.words), key=len)
    if len(short) < MIN_WORDS:
        return False
    if short == long or _is_excerpt(short, long):
        return True
    if Levenshtein.distance(short, long) > max(1, len(long) // 4):
        return False
    # A word added or dropped keeps a quotation; a word swapped for another keeps it
    # only when both are names (Karabakh/Artsakh), when they are spelt alike
    # (abuse/misuse), or once in a long quotation (far/much in nine words).
    # "The witnesses will not wait for the banks" and "The donors will not wait for
    # the interview" are two statements made from one template.
    names_a, names_b = _capitalised(a.text), _capitalised(b.text)
    free = 0
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(a.words, b.words):
        if tag != "replace":
            continue
        for x, y in zip(a.words[i1:i2], b.words[j1:j2]):
            if not ((x in names_a and y in names_b) or _alike(x, y)):
                free += 1
    return free <= len(long) // FREE_SWAP_EVERY


def _alike(x: str, y: str) -> bool:
    """Two words one may be misquoted as: function words (not/never, a/the), or one
    word spelt or inflected two ways (price/prices, abuse/misuse), never two
    content words (banks/loans)."""
    if x in FUNCTION_WORDS and y in FUNCTION_WORDS:
        return True
    prefix = len(os.path.commonprefix([x, y]))
    suffix = len(os.path.commonprefix([x[::-1], y[::-1]]))
    return Levenshtein.distance(x, y) <= 3 and (prefix >= min(4, len(x), len(y)) or suffix >= 4)


def _people(speaker: str) -> list[list[str]]:
    """'Turkey and Azerbaijan' → [['turkey'], ['azerbaijan']]; 'Heydar Aliyev' → [['heydar', 'aliyev']]."""
    return [fold(part).split() for part in speaker.replace(" & ", " and ").split(" and ") if part.strip()]


def _same_person(a: list[str], b: list[str]) -> bool:
    if a[-1] != b[-1] and not (min(len(a[-1]), len(b[-1])) >= 5 and Levenshtein.distance(a[-1], b[-1]) <= 1):
        return False
    # Same surname: different only when both give a different first name (Heydar/Ilham Aliyev).
    return not (len(a) > 1 and len(b) > 1 and a[0].rstrip(".") != b[0].rstrip(".")
                and not (a[0][0] == b[0][0] and (a[0].endswith(".") or b[0].endswith("."))))


def speakers_differ(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    people_a, people_b = _people(a), _people(b)
    return not any(_same_person(x, y) for x in people_a for y in people_b)


def what_differs(a: Quotation, b: Quotation) -> list[str]:
    found = []
    if speakers_differ(a.speaker, b.speaker):
        found.append("speaker")
    if a.year and b.year and a.year != b.year:
        found.append("date")
    short, long = sorted((a.words, b.words), key=len)
    if short != long and not _is_excerpt(short, long):
        found.append("wording")
    return found


def credit(q: Quotation) -> str:
    who = f"credited to {q.speaker}" if q.speaker else "credited to no one"
    when = f", {q.when}" if q.when else ""
    return f"“{shorten(q.text, 70)}” {who}{when}"


def _pairs(words: tuple[str, ...]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:]))


def _join(quotations: list[tuple[DocumentFacts, Quotation]], common: set[tuple[str, str]] = frozenset()):
    """Wordings joined when they are one quotation (union-find): (sets over wordings,
    wordings, quotation indexes by wording). Quotations worded alike are one version,
    compared once; versions meet through shared word pairs, and two versions are joined
    only when they occur in different documents. A pair in `common`, or shared by more
    than COMMON_PAIR wordings, finds nothing. Every edge is judged on the two wordings
    and their documents alone, so the sets are the same whatever else the list holds."""
    versions: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for index, (_, quotation) in enumerate(quotations):
        versions[quotation.words].append(index)
    wordings = list(versions)
    paths = [{quotations[i][0].path for i in versions[w]} for w in wordings]
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, words in enumerate(wordings):
        for pair in _pairs(words):
            postings[pair].append(index)
    sets = DisjointSets(len(wordings))
    tried: set[tuple[int, int]] = set()
    for pair, members in postings.items():
        if len(members) > COMMON_PAIR or pair in common:
            continue
        for i, j in combinations(members, 2):
            if (i, j) in tried or sets.find(i) == sets.find(j):
                continue
            tried.add((i, j))
            apart = len(paths[i] | paths[j]) > 1  # some occurrence of each in a different document
            if apart and same_quotation(quotations[versions[wordings[i]][0]][1], quotations[versions[wordings[j]][0]][1]):
                sets.union(i, j)
    return sets, wordings, versions


def _matches(quotations: list[tuple[DocumentFacts, Quotation]], common: set[tuple[str, str]] = frozenset()) -> list[list[int]]:
    """Groups of indexes of one quotation, told in two documents or more (`common` as _join takes it)."""
    sets, wordings, versions = _join(quotations, common)
    groups = [sorted(i for w in group for i in versions[wordings[w]]) for group in sets.groups()]
    return [g for g in groups if len(g) > 1]


def _pair_key(pair: tuple[str, str]) -> str:
    return " ".join(pair)


class QuotationIndex(IndexFamily):
    """CIT018 judges groups of wordings joined through shared word pairs. A focused run
    reads the quotations under its quotations' word pairs, joins them, and reads the
    pairs of whatever joined, until no new pair is reached; a pair shared by more than
    COMMON_PAIR wordings of the whole corpus (counted in the index, by each wording's
    tag) is left unread, as the full run leaves it unused."""

    name = "quotations"

    def items(self, facts: DocumentFacts, context):
        for position, quotation in enumerate(facts.attributions):
            tag = hashlib.blake2b(" ".join(quotation.words).encode(), digest_size=8).hexdigest()
            yield position, quotation.to_dict(), sorted(map(_pair_key, _pairs(quotation.words))), tag

    def gather(self, index, focus: dict[str, DocumentFacts], context) -> dict[str, dict[str, list]]:
        stand_ins = {file: DocumentFacts(file, "", 0) for file in focus}
        own = [(file, position, q) for file, facts in focus.items() for position, q in enumerate(facts.attributions)]
        places: dict[str, dict[tuple[str, int], None]] = {}  # tag (a wording) -> its quotations elsewhere
        sample: dict[str, Quotation] = {}  # tag -> its first quotation elsewhere in the run's order
        read: set[str] = set()
        common: set[tuple[str, str]] = set()
        joined_tags: set[str] = set()
        wanted = {_pair_key(pair) for _, _, q in own for pair in _pairs(q.words)}

        def rank(place: tuple[str, int]) -> tuple[int, int]:
            return context.order.get(place[0], -1), place[1]

        while wanted:
            for key in sorted(wanted):
                if index.distinct(self.name, key, COMMON_PAIR) > COMMON_PAIR:
                    common.add(tuple(key.split(" ")))
                    continue
                for tag, file, position in index.tagged(self.name, key):
                    if file not in focus:
                        places.setdefault(tag, {})[file, position] = None
            read |= wanted
            unread = {min(at, key=rank): tag for tag, at in places.items() if tag not in sample}
            for place, data in index.payloads(self.name, unread).items():
                sample[unread[place]] = Quotation.from_dict(data)
            # Every quotation in the run's order of documents, as the full run meets them
            # (a wording is compared through its first quotation, whose capitals say which
            # words are names); those of a wording elsewhere stand in with its first one.
            placed = own + [(file, position, (tag, sample[tag])) for tag, at in places.items() if tag in sample
                            for file, position in at]
            placed.sort(key=lambda item: rank(item[:2]))
            stand_ins.update((file, DocumentFacts(file, "", 0)) for file, _, _ in placed if file not in stand_ins)
            quotations = [(stand_ins[file], q if file in focus else q[1]) for file, _, q in placed]
            tag_of = [None if file in focus else q[0] for file, _, q in placed]
            sets, wordings, versions = _join(quotations, common)
            joined = {sets.find(w) for w, words in enumerate(wordings)
                      if any(quotations[i][0].path in focus for i in versions[words])}
            members = [w for w, _ in enumerate(wordings) if sets.find(w) in joined]
            joined_tags = {tag_of[i] for w in members for i in versions[wordings[w]] if tag_of[i] is not None}
            wanted = {_pair_key(pair) for w in members for pair in _pairs(wordings[w])} - read
        context.memo[COMMON_PAIRS] = common
        found: dict[str, dict[int, Quotation]] = {}
        for (file, position), data in index.payloads(
                self.name, [place for tag in sorted(joined_tags) for place in places[tag]]).items():
            found.setdefault(file, {})[position] = Quotation.from_dict(data)
        return {file: {"attributions": sorted(items.items())} for file, items in found.items()}


@register
class QuotationCreditedDifferently(CorpusRule):
    code = "CIT018"
    index = QuotationIndex()
    name = "quotation-credited-differently"
    severity = Severity.WARNING
    summary = "Two documents credit one quotation to different speakers or dates, or word it differently."
    explanation = (
        "The same quoted sentence (matched ignoring case, punctuation and small word changes) "
        "is credited to different people, or dated to different years, in different documents; "
        "at most one of them is right. Every version is reported with its attribution in "
        "`related`; check the original and correct the others. When only the wording differs "
        "(a word added, dropped or swapped), the finding is info: one of the documents misquotes. "
        "A quotation given identically everywhere, or credited in one document and not in "
        "another, is not a finding."
    )
    flags = (
        """
        Turkey and Azerbaijan built an alliance, encapsulated in Heydar Aliyev’s “one nation, two states” phrase.
        === next document ===
        Erdogan declaring Azerbaijan and Turkey were “one nation, two states,” serves as a distraction.
        """,
        """
        Aliyev famously announced, back in 2009, that “Nagorno-Karabakh will not be an independent state.”
        === next document ===
        In 2014 Aliyev said that “Nagorno-Karabakh will never be an independent state.”
        """,
    )
    passes = (
        """
        Erdogan said in 2020 that Azerbaijan and Turkey were “one nation, two states.”
        === next document ===
        As Erdogan put it, the two countries are “one nation, two states.”
        """,
        """
        Pashinyan declared in 2019 that “the war is over for us.”
        === next document ===
        Aliyev declared in 2020 that “the war is lost for them.”
        """,
    )

    def check_corpus(self, all_facts, context) -> Iterator[Finding]:
        quotations = [(facts, q) for facts in all_facts for q in facts.attributions]
        credits: dict[int, str] = {}  # id of a quotation -> credit(): each is told many times

        def credit_of(q: Quotation) -> str:
            told = credits.get(id(q))
            if told is None:
                told = credits[id(q)] = credit(q)
            return told

        # From the focus index, only some documents' quotations are in hand: the pairs too
        # common in the whole corpus come with them (QuotationIndex.gather).
        for group in _matches(quotations, context.memo.get(COMMON_PAIRS, frozenset())):
            if not context.wanted(quotations[index][0].path for index in group):
                continue  # its findings and their related places are all in its own documents
            # Quotations given alike (words, speaker, year) are one version, compared once,
            # so a slogan quoted by a thousand documents is not a million comparisons.
            versions: dict[tuple, list[tuple[DocumentFacts, Quotation]]] = defaultdict(list)
            own_versions = [_version(quotations[index][1]) for index in group]
            for index, own in zip(group, own_versions):
                versions[own].append(quotations[index])
            if len(versions) < 2:
                continue
            compared = {(a, b): what_differs(versions[a][0][1], versions[b][0][1])
                        for a in versions for b in versions if a != b}
            paths = {key: Counter(f.path for f, _ in members) for key, members in versions.items()}
            # The first member of each version, and the first from another document than it:
            # between them, the first member from any document but a given one.
            firsts = {key: (members[0], next((m for m in members if m[0].path != members[0][0].path), None))
                      for key, members in versions.items()}
            # Every quotation of one version in a group is told the same: its message and
            # related locations are made once and shared (frozen), not once per document.
            related_made: dict[tuple, Related] = {}
            message_made: dict[tuple, str] = {}
            for index, own in zip(group, own_versions):
                facts, quotation = quotations[index]
                others = []  # one quotation per version, from another document: (facts, quotation, differs, count)
                for key, members in versions.items():
                    count = len(members) - paths[key][facts.path]
                    if count:
                        first, second = firsts[key]
                        other = first if first[0].path != facts.path else second
                        others.append((*other, compared.get((own, key), []), count))
                differing = [o for o in others if o[2]]
                if not differing:
                    continue
                here = credit_of(quotation)  # as written here, which one version may vary
                said = (own, here, tuple(id(q) for _, q, _, _ in differing))
                message = message_made.get(said)
                if message is None:
                    kinds = sorted({k for _, _, d, _ in differing for k in d}, key=["speaker", "date", "wording"].index)
                    elsewhere = "; ".join(
                        f"{f.path}:{q.span.line} has {credit_of(q)} ({' and '.join(d)} differ{'s' if len(d) == 1 else ''})"
                        for f, q, d, _ in differing[:3])
                    more = f"; and {len(differing) - 3} more versions" if len(differing) > 3 else ""
                    message = message_made[said] = (
                        f"quotation told differently ({', '.join(kinds)}): here {here}; {elsewhere}{more}; "
                        "check the original and make them agree")
                related = []
                for f, q, d, count in others:
                    key = (id(q), own, count)
                    if key not in related_made:
                        related_made[key] = Related(
                            f.path, q.span.line, q.span.column,
                            f"{credit_of(q)} ({', '.join(d) or 'same'})" + (f", as in {count - 1} more documents" if count > 1 else ""))
                    related.append(related_made[key])
                only_wording = all(kind == "wording" for _, _, d, _ in differing for kind in d)
                yield self.finding(facts.path, quotation.span, message, related,
                                   severity=Severity.INFO if only_wording else None)


def _version(quotation: Quotation) -> tuple:
    return quotation.words, fold(quotation.speaker or ""), quotation.year
