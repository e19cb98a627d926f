"""FIG: figures that differ between sources, within a document, or from their
own arithmetic.

Two statements are about the same fact when rule data names it (a claim in
rules/figures.yaml), or when they count the same concept in the same scope
(event or years) and name no different actors. The comparison is of
intervals: "close to 2,000" and "2,000" overlap, "30,000" lies in "tens of
thousands", a round figure carries its rounding. Only intervals that do not
overlap conflict. Figures inside quotations are what someone said, and are
never compared. No conflict is settled by majority: every version is listed.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice
from pathlib import PurePosixPath
from typing import Iterator

import orjson
import regex

from ..facts import DocumentFacts, Figure
from ..findings import Finding, Related, Severity
from ..index import IndexFamily
from .grouping import DisjointSets
from .registry import CorpusRule, DocumentRule, register

COMPARED_KINDS = ("count", "money", "percent", "measure", "ratio")
MEASURE_BASE = {"km": ("m", 1000), "mi": ("m", 1609.344), "m": ("m", 1), "ft": ("m", 0.3048),
                "km2": ("m2", 1e6), "mi2": ("m2", 2.59e6), "ha": ("m2", 1e4),
                "m3": ("m3", 1), "bcm": ("m3", 1e9), "t": ("t", 1), "bbl": ("bbl", 1)}
CONVERSION_TOLERANCE = 0.05  # "700 m" and "2,300 feet" are the same height
ROUNDING_CAP = 0.1  # a round figure stands for ±10% at most
MAGNITUDE_WORDS = ("thousand", "million", "billion", "trillion", "bn", "mn")
BORDERLINE = 1.15  # intervals this close are a matter of rounding or estimate: info, not warning
SCOPE_OVERLAP = 0.3  # share of the longer scope two scopes must have in common
MAX_RELATED = 12
PLACES_IN_MESSAGE = 4
SCALED_NUMBER = regex.compile(r"\d[kmb]\b")
WRITTEN_NUMBER = regex.compile(r"\d[\d,]*(?:\.(\d+))?")
NUMBER_FORMATTING = regex.compile(r"[\s,.$€£%×]")


@dataclass(frozen=True)
class Statement:
    doc: int
    path: str
    figure: Figure

    @property
    def place(self) -> str:
        return f"{PurePosixPath(self.path).name}:{self.figure.span.line}"

    def place_from(self, doc: int) -> str:
        return f"line {self.figure.span.line}" if doc == self.doc else self.place


def _rounding(figure: Figure) -> float:
    """How far a figure may be from the truth by rounding alone: half its last written
    digit (61% is 60.5–61.5, 76.92 is ±0.005), and a round figure up to 10% (30,000
    is 27,000–33,000; 'a million' ±100,000); 3,825 is exact."""
    if figure.qualifier or figure.low != figure.high or figure.value == 0:
        return 0.0
    return _rounding_of(figure.text, figure.value)


@lru_cache(maxsize=1 << 16)
def _rounding_of(text: str, value: float) -> float:
    """_rounding of an exact figure, by its text and value. Memoised: the figure rules ask
    for it about 40 times per document, and a corpus repeats its figures' texts."""
    if any(word in text.lower() for word in MAGNITUDE_WORDS) or SCALED_NUMBER.search(text):
        return ROUNDING_CAP * value
    number = WRITTEN_NUMBER.search(text)
    if not number:
        return 0.0
    if number[1]:
        return 0.5 * 10 ** -len(number[1])
    digits = number.group().replace(",", "")
    zeros = len(digits) - len(digits.rstrip("0"))
    if not zeros:
        return 0.5
    return ROUNDING_CAP * value if zeros > 300 else min(0.5 * 10.0**zeros, ROUNDING_CAP * value)


def interval(figure: Figure) -> tuple[float, float]:
    """The values a statement allows, in base units, with its rounding."""
    low, high, value = figure.low, figure.high, figure.value
    if figure.kind == "ratio" and value >= 1.5:
        # "more than double" means two and a bit, not three: had it been
        # nearly three, the writer would have said "nearly triple".
        if figure.qualifier in ("over", "more than", "above", "in excess of", "well over"):
            high = value + (1.5 if figure.qualifier == "well over" else 0.75)
        elif not figure.qualifier:
            low, high = value * 0.95, value * 1.05
    else:
        slack = _rounding(figure)
        low, high = low - slack, high + slack
    if figure.kind == "measure" and figure.unit in MEASURE_BASE:
        factor = MEASURE_BASE[figure.unit][1]
        low, high = low * factor * (1 - CONVERSION_TOLERANCE), high * factor * (1 + CONVERSION_TOLERANCE)
    return low, high


def unit_family(figure: Figure) -> str | None:
    if figure.kind == "measure":
        return MEASURE_BASE.get(figure.unit or "", (figure.unit, 1))[0]
    return figure.unit


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def same_scope(a: Figure, b: Figure, allow_missing: bool) -> bool:
    if a.scope_low is None or b.scope_low is None:
        return allow_missing
    if a.event and b.event:
        return a.event == b.event
    common = min(a.scope_high, b.scope_high) - max(a.scope_low, b.scope_low)
    longer = max(a.scope_high - a.scope_low, b.scope_high - b.scope_low)
    return common > 0 and common / longer >= SCOPE_OVERLAP


def same_actors(a: Figure, b: Figure) -> bool:
    """Different names tell two facts apart (Armenia lost X, Azerbaijan lost Y);
    a figure with no name in its clause is judged by its sentence's subject."""
    names_a = set(a.actors) or ({a.subject} if a.subject else set())
    names_b = set(b.actors) or ({b.subject} if b.subject else set())
    return not names_a or not names_b or bool(names_a & names_b)


def same_fact(a: Figure, b: Figure, same_document: bool) -> bool:
    """The same concept, scope and actors, or the same named claim.

    A named event is a strong scope: two figures of one event are one fact
    unless they name different actors. Years alone are weak (many things
    happen in a year), so then both clauses must also name a shared actor.
    """
    if a.kind != b.kind or unit_family(a) != unit_family(b):
        return False
    if a.claim or b.claim:
        return a.claim == b.claim
    if not a.concept or a.concept != b.concept or not same_actors(a, b):
        return False
    if a.event and b.event:
        return a.event == b.event
    # Within one document a ratio or share given without a time is the
    # document's general claim; elsewhere both scopes must be known.
    if not same_scope(a, b, allow_missing=same_document and a.kind in ("ratio", "percent")):
        return False
    return shares_a_named_actor(a, b)


def shares_a_named_actor(a: Figure, b: Figure) -> bool:
    """A name in one figure's clause that is also the other's name or subject."""
    names_a = set(a.actors) | ({a.subject} if a.subject else set())
    names_b = set(b.actors) | ({b.subject} if b.subject else set())
    return bool(set(a.actors) & names_b or set(b.actors) & names_a)


def shown(figure: Figure) -> str:
    """“a million” (1,000,000): the words as written and the value they stand for."""
    def number(x: float) -> str:
        if x == math.inf:
            return "∞"
        if figure.kind == "ratio":
            return f"{x:g}×"
        if figure.kind == "percent":
            return f"{x:g}%"
        if figure.kind == "duration":
            return f"{x:g} days"
        for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
            if x >= size:
                return f"{x / size:,.3g} {word}"
        return f"{x:,.0f}" if x >= 100 or x == int(x) else f"{x:,.2f}"

    if figure.kind == "date":
        return f"“{figure.text}”"
    if figure.kind == "ratio" and figure.qualifier:
        low, high = interval(figure)
        value = f"{number(low)}–{number(high)}"
    elif figure.low == figure.high:
        value = number(figure.value)
    elif figure.high == math.inf:
        value = f"≥ {number(figure.low)}"
    else:
        value = f"{number(figure.low)}–{number(figure.high)}"
    written = NUMBER_FORMATTING.sub("", figure.text.lower()) == NUMBER_FORMATTING.sub("", value.lower())
    return f"“{figure.text}”" if written else f"“{figure.text}” ({value})"


def _statements(all_facts: list[DocumentFacts], kinds: tuple[str, ...]) -> list[Statement]:
    return [
        Statement(doc, facts.path, figure)
        for doc, facts in enumerate(all_facts)
        for figure in facts.figures
        if figure.kind in kinds and not figure.quoted and (figure.concept or figure.claim)
    ]


def _concept(figure: Figure, context) -> str:
    data = context.rule_data.figures
    if figure.claim:
        return next(c.description for c in data.claims if c.id == figure.claim)
    return next((c.description for c in data.concepts if c.id == figure.concept), figure.concept)


def _what(figure: Figure, context) -> str:
    """The fact, for messages: a claim's description, else the concept's, with the scope."""
    data = context.rule_data.figures
    concept = _concept(figure, context)
    if figure.claim:
        return concept
    if figure.event:
        scope = next((e.description for e in data.events if e.id == figure.event), figure.event)
    elif figure.scope:
        scope = figure.scope
    else:
        return concept
    return f"{concept}, {scope}"


def _versions(others: list[Statement], doc: int, limit: int = PLACES_IN_MESSAGE, total: int | None = None) -> str:
    parts = [f"{shown(s.figure)} {'on' if s.doc == doc else 'in'} {s.place_from(doc)}" for s in others[:limit]]
    total = len(others) if total is None else total
    if total > limit:
        parts.append(f"{total - limit} more (see related)")
    return "; ".join(parts)


def _related(statements: list[Statement], what: str) -> list[Related]:
    return [Related(s.path, s.figure.span.line, s.figure.span.column, f"{what} {shown(s.figure)}")
            for s in statements[:MAX_RELATED]]


def _separation(a: tuple[float, float], b: tuple[float, float]) -> float:
    """How far apart two intervals are, as a ratio (1.0 = touching)."""
    lower_high, upper_low = min(a[1], b[1]), max(a[0], b[0])
    if lower_high <= 0:
        return math.inf
    return upper_low / lower_high


def _is_vague(figure: Figure) -> bool:
    return figure.low != figure.high and figure.high != math.inf and figure.kind == "count" and not figure.qualifier


def _reading(figure: Figure) -> tuple:
    """Everything same_fact and interval look at: statements with one reading are
    interchangeable (a wire story copied into many documents is compared once)."""
    return (figure.kind, figure.unit, figure.claim, figure.concept, figure.event, figure.scope_low,
            figure.scope_high, tuple(figure.actors), figure.subject, figure.low, figure.high, figure.qualifier,
            _rounding(figure))


@dataclass
class FactGroup:
    """Statements of one fact, as classes of statements with the same reading."""

    classes: list[list[Statement]]
    # same[i][j]: class i and class j state the same fact (across documents)
    same: list[list[bool]]

    @property
    def statements(self) -> list[Statement]:
        return [s for members in self.classes for s in members]


def _blocking_keys(figure: Figure) -> list[tuple]:
    """Buckets that every figure stating the same fact shares with it (same_fact's
    necessary conditions): the same named claim; else the same concept and either
    the same event or a shared name, since without a common event two figures are
    one fact only when a name in one clause is a name of the other. Only figures
    in a common bucket are compared, so a thousand statements of different
    deaths in different places are not a million comparisons."""
    if figure.claim:
        return [("claim", figure.claim, figure.kind)]
    if not figure.concept:
        return []
    keys = [("event", figure.concept, figure.kind, figure.event)] if figure.event else []
    names = set(figure.actors) | ({figure.subject} if figure.subject else set())
    keys += [("name", figure.concept, figure.kind, name) for name in sorted(names)]
    return keys


FACT_GROUPS = "figure-groups"  # the shared analysis's key


def _is_compared(figure: Figure) -> bool:
    return figure.kind in COMPARED_KINDS and not figure.quoted and bool(figure.concept or figure.claim)


def _classes(statements: list[Statement]) -> list[list[Statement]]:
    """Statements with the same reading, in order of their first statement."""
    classes: dict[tuple, list[Statement]] = {}
    for statement in statements:
        classes.setdefault(_reading(statement.figure), []).append(statement)
    return list(classes.values())


def _connect(readings: list[list[Statement]]) -> DisjointSets:
    """Classes joined when they state one fact (connected by same_fact), through the
    blocking keys' buckets. The sets are the same whatever else the list holds: a
    class's edges depend only on the two classes (whole: every statement of a reading
    shares its keys) and the bucket they share."""
    docs = [{s.doc for s in members} for members in readings]
    buckets: dict[tuple, list[int]] = {}
    for index, members in enumerate(readings):
        for key in _blocking_keys(members[0].figure):
            buckets.setdefault(key, []).append(index)
    sets = DisjointSets(len(readings))
    checked: set[tuple[int, int]] = set()  # a pair may share several buckets: judge it once

    def connected(i: int, j: int) -> bool:
        a, b = readings[i][0].figure, readings[j][0].figure
        across = (len(docs[i] | docs[j]) > 1) and same_fact(a, b, False)
        return across or (bool(docs[i] & docs[j]) and same_fact(a, b, True))

    figures = [members[0].figure for members in readings]
    for members in buckets.values():
        for i, j in _candidate_pairs(members, figures):
            if (i, j) in checked or sets.find(i) == sets.find(j):
                continue
            checked.add((i, j))
            if connected(i, j):
                sets.union(j, i)
    return sets


def fact_groups(all_facts: list[DocumentFacts], context) -> list[FactGroup]:
    """Statements grouped by the fact they state (connected by same_fact), computed once per run.
    Comparisons are between classes of identical readings, so copies cost nothing."""

    def compute() -> list[FactGroup]:
        readings = _classes(_statements(all_facts, COMPARED_KINDS))
        groups = []
        for indexes in _connect(readings).groups():
            if sum(len(readings[i]) for i in indexes) < 2:
                continue
            members = [readings[i] for i in indexes]
            same = [[same_fact(a[0].figure, b[0].figure, False) for b in members] for a in members]
            groups.append(FactGroup(members, same))
        return groups

    return context.shared(FACT_GROUPS, compute)


class FigureIndex(IndexFamily):
    """FIG001 and FIG003 judge groups of statements connected through their blocking
    keys, class by class (statements with one reading, _classes). Each statement is
    tagged with its reading. A focused run reads, per bucket, only which statements it
    holds and their tags; one statement of each class is decoded, the classes are
    joined, and the buckets of whatever joined the focus classes are read, until no new
    bucket is reached. The focus classes' groups are then whole, as in a run over every
    document, and only their statements are decoded (a bucket of a concept's figures
    over the whole corpus holds far more)."""

    name = "figures"
    version = 2  # 2: tagged with their reading

    def items(self, facts: DocumentFacts, context):
        for position, figure in enumerate(facts.figures):
            if _is_compared(figure):
                keys = [_key_text(key) for key in _blocking_keys(figure)]
                yield position, figure.to_row(), keys, _reading_tag(figure)

    def gather(self, index, focus: dict[str, DocumentFacts], context) -> dict[str, dict[str, list]]:
        own = [Statement(0, file, figure) for file, facts in focus.items() for figure in facts.figures
               if _is_compared(figure)]
        members: dict[str, dict[tuple[str, int], None]] = {}  # tag -> the places of its statements elsewhere
        sample: dict[str, Figure] = {}  # tag -> one statement's figure (all of a class read alike)
        read: set[str] = set()
        kept, tags = [], []
        wanted = {_key_text(key) for statement in own for key in _blocking_keys(statement.figure)}
        while wanted:
            for key in sorted(wanted):
                for tag, file, position in index.tagged(self.name, key):
                    if file not in focus:
                        members.setdefault(tag, {})[file, position] = None
            read |= wanted
            unread = {next(iter(places)): tag for tag, places in members.items() if tag not in sample}
            for place, row in index.payloads(self.name, unread).items():
                sample[unread[place]] = Figure.from_row(row)
            readings, tags = self._tagged_classes(own, members, sample, focus)
            sets = _connect(readings)
            joined = {sets.find(i) for i, statements in enumerate(readings) if any(s.path in focus for s in statements)}
            kept = [i for i in range(len(readings)) if sets.find(i) in joined]
            wanted = {_key_text(key) for i in kept for key in _blocking_keys(readings[i][0].figure)} - read
        places = [place for i in kept if tags[i] is not None for place in members.get(tags[i], ())]
        found: dict[str, dict[int, Figure]] = {}
        for (file, position), row in index.payloads(self.name, places).items():
            found.setdefault(file, {})[position] = Figure.from_row(row)
        return {file: {"figures": sorted(figures.items())} for file, figures in found.items()}

    @staticmethod
    def _tagged_classes(own: list[Statement], members: dict, sample: dict, focus) -> tuple[list[list[Statement]], list]:
        """The classes of the focus statements and of the statements read so far (each a
        statement per place, all with the class's sampled figure), numbered by document
        as _connect needs; and each class's tag (None for one of the focus's alone)."""
        files = list(focus) + sorted({file for places in members.values() for file, _ in places} - set(focus))
        number = {file: n for n, file in enumerate(files)}
        by_tag: dict = {}
        for statement in own:
            by_tag.setdefault(_reading_tag(statement.figure), []).append(replace(statement, doc=number[statement.path]))
        for tag, places in members.items():
            figure = sample.get(tag)
            if figure is not None:
                by_tag.setdefault(tag, []).extend(Statement(number[file], file, figure) for file, _ in places)
        tags = list(by_tag)
        return [by_tag[tag] for tag in tags], [tag if tag in members else None for tag in tags]


def _reading_tag(figure: Figure) -> str:
    """A statement's reading (_reading), as the index tags it: equal tags, one class."""
    return hashlib.blake2b(repr(_reading(figure)).encode(), digest_size=16).hexdigest()


def _key_text(key: tuple) -> str:
    return orjson.dumps(key).decode()


def _candidate_pairs(members: list[int], figures: list[Figure]) -> Iterator[tuple[int, int]]:
    """The pairs (i < j) of a bucket that may state one fact. Two figures with known scopes,
    neither of a named claim nor both of a named event, are one fact only if the scopes
    overlap (same_fact, same_scope), so those are paired by a sweep over their scopes: a
    bucket gathering a concept's figures from every year of a large corpus is not all
    pairs. Every other pair is kept."""
    swept, others = [], []
    for i in members:
        figure = figures[i]
        (swept if figure.scope_low is not None and not figure.event and not figure.claim else others).append(i)
    for position, i in enumerate(others):
        for j in others[position + 1:]:
            yield min(i, j), max(i, j)
        for j in swept:
            yield min(i, j), max(i, j)
    active: list[int] = []  # swept figures whose scope reaches past the current start
    for i in sorted(swept, key=lambda i: figures[i].scope_low):
        low = figures[i].scope_low
        active = [k for k in active if figures[k].scope_high > low]
        if figures[i].scope_high <= low:
            continue  # an empty scope overlaps nothing
        for k in active:
            yield min(i, k), max(i, k)
        active.append(i)


@register
class FigureDiffersBetweenSources(CorpusRule):
    code = "FIG001"
    shares = (FACT_GROUPS,)
    index = FigureIndex()
    name = "figure-differs-between-sources"
    severity = Severity.WARNING
    summary = "Two documents give values for the same fact that cannot both be true."
    explanation = (
        "Statements are the same fact when they count the same thing (deaths, displaced people, "
        "military spending, a ratio) in the same scope (an event such as the first Karabakh war, or "
        "the years named around the figure) and name no different actors, or when rules/figures.yaml "
        "names the claim. Each statement is an interval (qualifiers such as 'nearly' or 'more than', "
        "vague amounts such as 'tens of thousands', and the rounding of round figures widen it), and "
        "only intervals that do not overlap conflict. The finding, in each document, lists every "
        "other source's statement; it does not say which is right. Statements close to each other, or "
        "vague ones, are reported as info. Quoted figures are never compared."
    )
    flags = (
        """
        The first Karabakh war (1988-1994) left 30,000 dead and a million displaced.
        === next document ===
        In the first Karabakh war, 700,000 Azerbaijanis were displaced.
        """,
    )
    passes = (
        """
        The first Karabakh war left close to 30,000 dead.
        === next document ===
        The first Karabakh war left 30,000 dead.
        """,
        """
        In the first Karabakh war tens of thousands were killed.
        === next document ===
        In the first Karabakh war 30,000 were killed.
        """,
        """
        Nearly a million people were displaced in the 44-day war.
        === next document ===
        In the first Karabakh war, 700,000 Azerbaijanis were displaced.
        """,
    )

    def check_corpus(self, all_facts: list[DocumentFacts], context) -> Iterator[Finding]:
        for group in fact_groups(all_facts, context):
            yield from _across_documents(self, group, context)


@register
class FigureDiffersWithinDocument(CorpusRule):
    code = "FIG003"
    shares = (FACT_GROUPS,)
    index = FigureDiffersBetweenSources.index
    name = "figure-differs-within-document"
    severity = Severity.ERROR
    summary = "One document gives two values for the same fact."
    explanation = (
        "The same test as FIG001 (same concept, scope and actors, or the same named claim; "
        "intervals that do not overlap), applied inside one document, where a ratio or share stated "
        "without a time is taken as the document's general claim. A document contradicting itself is "
        "an error: one of the two statements is wrong. The later statement is reported, with the "
        "earlier one in `related`."
    )
    flags = (
        """
        Azerbaijan had nearly five times more military expenditures than Armenia.

        These Azeri military expenditures were well over six times larger than Armenia's.
        """,
    )
    passes = (
        """
        Azerbaijan had nearly five times more military expenditures than Armenia.

        Azerbaijan's military expenditures were about five times Armenia's.
        """,
        """
        In the 44-day war Armenia lost 3,825 troops and Azerbaijan lost 2,906 troops.
        """,
    )

    def check_corpus(self, all_facts: list[DocumentFacts], context) -> Iterator[Finding]:
        for group in fact_groups(all_facts, context):
            yield from _within_document(self, group, context)


def _within_document(rule, group: FactGroup, context) -> Iterator[Finding]:
    by_doc: dict[int, list[Statement]] = {}
    for statement in group.statements:
        by_doc.setdefault(statement.doc, []).append(statement)
    for statements in by_doc.values():
        if not context.wanted((statements[0].path,)):
            continue  # findings within one document touch no other
        statements.sort(key=lambda s: s.figure.span.start)
        earlier: dict[tuple, Statement] = {}  # the first statement of each reading so far
        for statement in statements:
            mine = interval(statement.figure)
            differing = [o for o in earlier.values() if same_fact(o.figure, statement.figure, True)
                         and not overlaps(interval(o.figure), mine)]
            earlier.setdefault(_reading(statement.figure), statement)
            if differing:
                yield rule.finding(
                    statement.path, statement.figure.span,
                    f"{_what(statement.figure, context)}: {shown(statement.figure)} here, but "
                    f"{_versions(differing, statement.doc)} in this document; "
                    "one of them is wrong: check the source and make them agree",
                    related=_related(differing, "earlier:"),
                )


def _across_documents(rule, group: FactGroup, context) -> Iterator[Finding]:
    if not context.wanted(s.path for s in group.statements):
        return  # its findings and their related places are all in its own documents
    intervals = [interval(members[0].figure) for members in group.classes]
    per_doc = [Counter(s.doc for s in members) for members in group.classes]
    in_document: dict[int, list[Statement]] = defaultdict(list)  # a fact stated in thousands of documents:
    for statement in group.statements:                          # each finding looks up its own, not all
        in_document[statement.doc].append(statement)
    reported_docs: set[int] = set()
    for i, members in enumerate(group.classes):
        related = [j for j in range(len(group.classes)) if group.same[i][j]]
        differing_classes = [j for j in related if not overlaps(intervals[i], intervals[j])]
        if not differing_classes:
            continue
        differing_set = set(differing_classes)
        agreeing_classes = [j for j in related if j not in differing_set]
        for statement in members:
            if statement.doc in reported_docs:
                continue

            def elsewhere(classes: list[int], doc: int = statement.doc) -> list[Statement]:
                found = []
                for j in classes:  # the first few of each class, without reading it all
                    found += islice((o for o in group.classes[j] if o.doc != doc), MAX_RELATED + 1 - len(found))
                    if len(found) > MAX_RELATED:
                        break
                return found

            differing = elsewhere(differing_classes)
            if not differing:
                continue
            reported_docs.add(statement.doc)
            agreeing = elsewhere(agreeing_classes)
            here = [s for s in in_document[statement.doc] if s is not statement]
            def total(classes: list[int], doc: int = statement.doc) -> int:
                return sum(len(group.classes[j]) - per_doc[j][doc] for j in classes)

            agree = f"; agreeing: {_versions(agreeing, statement.doc, total=total(agreeing_classes))}" if agreeing else ""
            vague = _is_vague(statement.figure) or all(_is_vague(o.figure) for o in differing)
            close = min(_separation(intervals[i], intervals[j]) for j in differing_classes) < BORDERLINE
            yield rule.finding(
                statement.path, statement.figure.span,
                f"{_what(statement.figure, context)}: {shown(statement.figure)} here, but "
                f"{_versions(differing, statement.doc, total=total(differing_classes))}{agree}; "
                "check the sources and give the figure you can attribute, or say the sources differ",
                related=_related(differing, "differs:") + _related(agreeing, "agrees:") + _related(here, "also here:"),
                severity=Severity.INFO if vague or close else None,
            )


def _when(figure: Figure) -> str:
    if figure.kind == "date":
        return figure.date
    return (figure.period or "").replace("/", "–")


def _dated(figure: Figure) -> list[tuple]:
    """FIG002's buckets for one figure (none, or one of each pass: dates, periods)."""
    if not (figure.concept or figure.claim) or figure.quoted:
        return []
    keys = []
    if figure.kind == "date" and figure.date:
        keys.append(("date", *_event_key(figure)))
    if figure.kind in ("money", "count", "measure") and figure.period:
        keys.append(("period", *_amount_key(figure)))
    return keys


class DatedIndex(IndexFamily):
    """FIG002 compares each statement with its bucket; a document's findings also depend on
    each other (one finding per fact and document), so a document met in a focus bucket is
    read whole: the buckets of all its statements."""

    name = "dated"

    def items(self, facts: DocumentFacts, context):
        for position, figure in enumerate(facts.figures):
            keys = [_key_text(key) for key in _dated(figure)]
            if keys:
                yield position, figure.to_row(), keys, ""

    def gather(self, index, focus: dict[str, DocumentFacts], context) -> dict[str, dict[str, list]]:
        found: dict[str, dict[int, Figure]] = {}

        def read(keys: set[str]) -> set[str]:
            met = set()
            for (file, position), row in index.items(self.name, sorted(keys), skip=focus).items():
                met.add(file)
                if position not in found.setdefault(file, {}):
                    found[file][position] = Figure.from_row(row)
            return met

        first = {_key_text(key) for facts in focus.values() for figure in facts.figures for key in _dated(figure)}
        met = read(first)
        read(index.keys_of(self.name, sorted(met)) - first)
        return {file: {"figures": sorted(figures.items())} for file, figures in found.items()}


@register
class FactDatedDifferently(CorpusRule):
    code = "FIG002"
    index = DatedIndex()
    name = "fact-dated-differently"
    severity = Severity.WARNING
    summary = "The same event, or the same figure, is given a different date or period by another source."
    explanation = (
        "Two kinds of statement: the date of one event (a ceasefire signed on 9 November in one "
        "source, 10 November in another), recognised by the words that introduce the date ('the truce "
        "was signed on …') and its event or a claim in rules/figures.yaml; and one figure stated for "
        "different periods ('$24 billion between 2008 and 2018' vs 'between 2008 and 2019'). A date "
        "known only to the month agrees with any day of that month. Within one document the same test "
        "gives an error (FIG003's severity)."
    )
    flags = (
        """
        The second Karabakh war ended with the truce signed on November 9, 2020.
        === next document ===
        The second Karabakh war came to an end on 10 November 2020 with a ceasefire.
        """,
        """
        Azerbaijan spent more than $24 billion on arms between 2008 and 2018.
        === next document ===
        Between 2008 and 2019, Azerbaijan spent $24 billion on arms.
        """,
    )
    passes = (
        """
        The second Karabakh war ended with the truce signed on November 9, 2020.
        === next document ===
        The ceasefire of the second Karabakh war was signed on 9 November 2020.
        """,
        """
        The truce was signed on November 9, 2020.
        === next document ===
        On November 11, 2020, Russia and Turkey signed an agreement to set up a ceasefire-monitoring centre.
        """,
    )

    def check_corpus(self, all_facts: list[DocumentFacts], context) -> Iterator[Finding]:
        dates = [s for s in _statements(all_facts, ("date",)) if s.figure.date]
        periods = [s for s in _statements(all_facts, ("money", "count", "measure")) if s.figure.period]
        reported: set[tuple[int, str]] = set()
        for statements, differs, same, bucket_key in ((dates, _dates_differ, _same_event, _event_key),
                                                      (periods, _periods_differ, _same_amount, _amount_key)):
            buckets: dict[tuple, _Bucket] = {}
            for statement in statements:  # only statements with the same key can be the same fact
                bucket = buckets.get(bucket_key(statement.figure))
                if bucket is None:
                    bucket = buckets[bucket_key(statement.figure)] = _Bucket(same, differs)
                bucket.add(statement)
            for statement in statements:
                key = (statement.doc, statement.figure.claim or statement.figure.concept or "")
                bucket = buckets[bucket_key(statement.figure)]
                # Once this document has its finding, only a conflict inside it is left.
                differing, within, agreeing, agreeing_total = bucket.compare(statement, key in reported)
                if not differing:
                    continue
                if within and any(o.figure.span.start > statement.figure.span.start for o in within):
                    within = []  # reported at the later statement
                if key in reported and not within:
                    continue
                reported.add(key)
                doc = statement.doc
                if statement.figure.kind == "date":
                    noun, what = "date", _what(statement.figure, context)
                    mine = shown(statement.figure)
                    versions = "; ".join(f"{shown(o.figure)} {'on' if o.doc == doc else 'in'} {o.place_from(doc)}"
                                         for o in differing[:PLACES_IN_MESSAGE])
                else:
                    noun, what = "period", _concept(statement.figure, context)
                    mine = f"{shown(statement.figure)} for {_when(statement.figure)}"
                    versions = "; ".join(f"{shown(o.figure)} for {_when(o.figure)} {'on' if o.doc == doc else 'in'} "
                                         f"{o.place_from(doc)}" for o in differing[:PLACES_IN_MESSAGE])
                agree = f"; the same {noun} {_versions(agreeing, doc, total=agreeing_total)}" if agreeing else ""
                yield self.finding(
                    statement.path,
                    statement.figure.span,
                    f"{what}: {mine} here, but {versions}{agree}; check which {noun} is right and use it everywhere",
                    related=_related(differing, f"another {noun}:") + _related(agreeing, f"same {noun}:"),
                    severity=Severity.ERROR if within else None,
                )


class _Bucket:
    """FIG002's statements under one key, as classes of statements that `same` and
    `differs` cannot tell apart (what they read is equal). A statement is compared with
    each class once, not with each statement: a date stated alike by thousands of
    documents would otherwise be millions of comparisons."""

    def __init__(self, same, differs):
        self.same, self.differs = same, differs
        self.statements: list[Statement] = []
        self.classes: dict[tuple, list[int]] = {}  # reading -> positions of its statements, in order
        self.in_document: dict[int, list[Statement]] = defaultdict(list)
        self.verdicts: dict[tuple[tuple, tuple], tuple[bool, bool]] = {}  # (their reading, mine) -> (same, differs)

    @staticmethod
    def reading(figure: Figure) -> tuple:
        """_reading with the date, value and period: all that _same_event, _dates_differ,
        _same_amount and _periods_differ read, and a little more."""
        return _reading(figure) + (figure.date, figure.value, figure.period)

    def add(self, statement: Statement) -> None:
        self.classes.setdefault(self.reading(statement.figure), []).append(len(self.statements))
        self.statements.append(statement)
        self.in_document[statement.doc].append(statement)

    def compare(self, statement: Statement, own_document_only: bool) -> tuple[list, list, list, int]:
        """The statements of the same fact, other than `statement`, in the bucket's order:
        (the first MAX_RELATED that differ, all that differ in its document, the first
        MAX_RELATED that agree, how many agree). Only its document's, if so asked."""
        figure = statement.figure
        if own_document_only:  # a few statements: compared one by one
            others = [o for o in self.in_document[statement.doc] if o is not statement and self.same(o.figure, figure)]
            differing = [o for o in others if self.differs(o.figure, figure)]
            agreeing = [o for o in others if not self.differs(o.figure, figure)]
            return differing, differing, agreeing, len(agreeing)
        mine = self.reading(figure)
        differ, agree = [], []
        for reading, positions in self.classes.items():
            verdict = self.verdicts.get((reading, mine))
            if verdict is None:
                other = self.statements[positions[0]].figure
                verdict = self.verdicts[(reading, mine)] = (self.same(other, figure), self.differs(other, figure))
            if verdict[0]:
                (differ if verdict[1] else agree).append(positions)
        differing = self._first(differ, statement)
        within = [o for o in self.in_document[statement.doc] if o is not statement and self._in(o, differ)] if differing else []
        agreeing = self._first(agree, statement)
        # Its own class agrees with it when it is a fact at all: all but itself are counted.
        agreeing_total = sum(map(len, agree)) - any(positions is self.classes[mine] for positions in agree)
        return differing, within, agreeing, agreeing_total

    def _first(self, classes: list[list[int]], statement: Statement) -> list[Statement]:
        found = (self.statements[i] for i in heapq.merge(*classes))
        return list(islice((o for o in found if o is not statement), MAX_RELATED))

    def _in(self, other: Statement, classes: list[list[int]]) -> bool:
        reading = self.reading(other.figure)
        return any(self.reading(self.statements[positions[0]].figure) == reading for positions in classes)


def _event_key(figure: Figure) -> tuple:
    return (figure.claim,) if figure.claim else (figure.concept, figure.event, figure.date[:4])


def _amount_key(figure: Figure) -> tuple:
    return figure.kind, figure.unit, figure.concept


SAME_EVENT_DAYS = 31  # an event's dates further apart than this are two events (two ceasefires)


def _same_event(a: Figure, b: Figure) -> bool:
    """One event: a named claim, or the same kind of event (a ceasefire) of one named
    event, or with a shared name in both clauses, dated within a month of each other."""
    if a.claim or b.claim:
        return a.claim == b.claim
    if not a.concept or a.concept != b.concept or a.date[:4] != b.date[:4] or not same_actors(a, b):
        return False
    if a.scope_low is None or b.scope_low is None:  # a date's scope is the date itself, in years
        return False
    if abs(a.scope_low - b.scope_low) * 366 > SAME_EVENT_DAYS:
        return False
    if a.event or b.event:
        return a.event == b.event
    return shares_a_named_actor(a, b)


def _dates_differ(a: Figure, b: Figure) -> bool:
    """A month agrees with each of its days; two days or two months must be equal."""
    shorter = min(len(a.date), len(b.date))
    return a.date[:shorter] != b.date[:shorter]


def _same_amount(a: Figure, b: Figure) -> bool:
    return (a.kind == b.kind and a.unit == b.unit and a.concept is not None and a.concept == b.concept
            and same_actors(a, b) and abs(a.value - b.value) <= 0.01 * max(a.value, b.value))


def _periods_differ(a: Figure, b: Figure) -> bool:
    return a.period != b.period


# Arithmetic -------------------------------------------------------------------------------------

PARENTHESIS_LINK = regex.compile(r"^\s*[(\[]\s*$|^,?\s+or\s+$|^\s*,\s*$")
DECIMAL_PART = regex.compile(r"\.(\d+)")


def _decimals(text: str) -> int:
    match = DECIMAL_PART.search(text)
    return len(match[1]) if match else 0


@register
class PercentageContradictsCounts(DocumentRule):
    code = "FIG004"
    name = "percentage-contradicts-counts"
    severity = Severity.ERROR
    summary = "A part and its stated percentage of a total disagree beyond rounding."
    explanation = (
        "When a count is followed by its percentage ('145,450 (76.92 percent)' or '145,450, or 77%') "
        "and the sentence gives a larger count before it, the percentage must be the part's share of "
        "one of those totals, to the precision it is written with (76.92 allows ±0.005; 77 allows "
        "±0.5; 'about' allows 15%). A share that fits no total in the sentence is reported with the "
        "share it should be."
    )
    flags = ("Of a population of 189,085, 145,450 (80 percent) were Armenians.",)
    passes = (
        "Of a population of 189,085, 145,450 (76.92 percent) were Armenians and 40,688 (21.52 per cent) Azerbaijanis.",
        "The budget was 500 million; 20% went to arms.",
    )

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        figures = facts.figures
        for index, share in enumerate(figures):
            if share.kind != "percent" or share.quoted or index == 0:
                continue
            part = figures[index - 1]
            if part.kind != "count" or part.sentence != share.sentence or not PARENTHESIS_LINK.match(share.link or ""):
                continue
            totals = [f for f in figures[: index - 1] if f.sentence == share.sentence and f.kind == "count"
                      and f.value > part.value and f.low == f.high]
            if not totals or part.low != part.high:
                continue
            tolerance = 0.5 * 10 ** -_decimals(share.text) + 1e-9
            if share.qualifier:
                tolerance = max(tolerance, 0.15 * share.value)
            shares = [100 * part.value / total.value for total in totals]
            if any(abs(s - share.value) <= tolerance for s in shares):
                continue
            total = totals[-1]
            actual = 100 * part.value / total.value
            yield self.finding(
                facts.path, share.span,
                f"“{share.text}” does not fit its counts: {part.text} of {total.text} is {actual:.{max(1, _decimals(share.text))}f}%; "
                "correct the percentage or the count",
                related=[Related(facts.path, part.span.line, part.span.column, f"the part “{part.text}”"),
                         Related(facts.path, total.span.line, total.span.column, f"the total “{total.text}”")],
            )


FROM_LINK = regex.compile(r"\bfrom\s+$", regex.IGNORECASE)
TO_LINK = regex.compile(r"\b(?:to|into)\s+$", regex.IGNORECASE)


@register
class MultipleContradictsValues(DocumentRule):
    code = "FIG005"
    name = "multiple-contradicts-values"
    severity = Severity.ERROR
    summary = "A stated multiple ('double', 'five times') is contradicted by the two values it compares."
    explanation = (
        "In a sentence that states a multiple and compares two values of the same kind ('to more than "
        "double imports, from 8.1 billion in 2021 to 20 billion by 2027'), the second value divided by "
        "the first must fit the multiple ('more than double' is over two but well short of three times; 'triple' about "
        "three). When the values differ by a magnitude word and the multiple fits once the magnitudes "
        "agree, the finding says so: a magnitude slip ('8.1 million' for '8.1 billion')."
    )
    flags = ("The deal will more than double EU imports of Azeri gas, from 8.1 million in 2021 to 20 billion by 2027.",)
    passes = (
        "The deal will more than double EU imports of Azeri gas, from 8.1 billion in 2021 to 20 billion by 2027.",
        "Exports will triple, from 5 million tonnes to 15 million tonnes.",
    )

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        figures = facts.figures
        for multiple in figures:
            if multiple.kind != "ratio" or multiple.value < 1.5 or multiple.quoted:
                continue
            sentence = [f for f in figures if f.sentence == multiple.sentence and f.span.start > multiple.span.end]
            for first, second in zip(sentence, sentence[1:]):
                if (first.kind != second.kind or first.kind not in ("count", "money", "measure")
                        or first.unit != second.unit or first.value <= 0
                        or not FROM_LINK.search(first.link or "") or not TO_LINK.search(second.link or "")):
                    continue
                stated = interval(multiple)
                actual = second.value / first.value
                if stated[0] <= actual <= stated[1]:
                    continue
                slip = next((f for f in (1e3, 1e6, 1e-3, 1e-6) if stated[0] <= actual / f <= stated[1]), None)
                hint = (f"; the magnitudes differ: with the same magnitude the ratio would be ×{actual / slip:.2f}, "
                        "which fits, so one of them is likely a slip" if slip else "")
                yield self.finding(
                    facts.path, first.span,
                    f"“{multiple.text}” does not fit “{first.text}” → “{second.text}”, which is ×{actual:,.2f}{hint}; "
                    "correct the values or the multiple",
                    related=[Related(facts.path, multiple.span.line, multiple.span.column, f"the multiple “{multiple.text}”"),
                             Related(facts.path, second.span.line, second.span.column, f"compared with “{second.text}”")],
                )
                break


RANGE_LINK = regex.compile(r"^\s*(?:[-–—]|to|and|until|till|through)\s*$|\b(?:ended|until|till)\b", regex.IGNORECASE)
DURATION_SLACK_DAYS = {1: 1, 7: 3.5, 30.44: 15, 365.25: 183}


@register
class DurationContradictsDates(DocumentRule):
    code = "FIG006"
    name = "duration-contradicts-dates"
    severity = Severity.ERROR
    summary = "A duration is contradicted by the start and end dates given with it."
    explanation = (
        "In a sentence with a duration ('a 44-day war', 'two-week exercises') and two dates joined "
        "as a range ('from 27 September to 9 November 2020', 'between July 29 and August 10'), the "
        "days between the dates must match the duration within its unit's rounding: a day either way "
        "for days (counting both ends or not), half a week for weeks, half a month for months. "
        "Qualifiers ('nearly', 'about') widen it further."
    )
    flags = ("The 50-day war lasted from September 27 to November 9, 2020.",)
    passes = (
        "The 44-day war lasted from September 27 to November 9, 2020.",
        "Between July 29 and August 10, 2020, they held two-week long joint exercises.",
    )

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        figures = facts.figures
        for index, second in enumerate(figures):
            if second.kind != "date" or index == 0 or len(second.date) != 10:
                continue
            first = figures[index - 1]
            if (first.kind != "date" or len(first.date) != 10 or first.sentence != second.sentence
                    or not RANGE_LINK.search(second.link or "")):
                continue
            durations = [f for f in figures if f.sentence == second.sentence and f.kind == "duration" and not f.quoted]
            if not durations:
                continue
            # The duration nearest the range is the one it measures ("the 12-day strike, which ran
            # from 3 to 21 October, ... unlike 2010, when a strike lasted 47 days").
            duration = min(durations, key=lambda d: min(abs(d.span.start - first.span.end), abs(first.span.start - d.span.end)))
            days = (datetime.date.fromisoformat(second.date) - datetime.date.fromisoformat(first.date)).days
            unit = next(u for u in sorted(DURATION_SLACK_DAYS) if duration.value / u < 10 or u == 365.25)
            slack = DURATION_SLACK_DAYS[unit] + (0.15 * duration.value if duration.qualifier else 0)
            low, high = duration.low - slack, (duration.high + slack if duration.high != math.inf else math.inf)
            if low <= days <= high or low <= days + 1 <= high:
                continue
            if days < 0:
                problem = f"{first.text} is after {second.text}, so the range ends before it starts"
            else:
                problem = f"{first.text} to {second.text} is {days} days ({days + 1} counting both)"
            yield self.finding(
                facts.path, duration.span,
                f"“{duration.text}” does not fit its dates: {problem}; correct the duration or the dates",
                related=[Related(facts.path, first.span.line, first.span.column, f"start “{first.text}”"),
                         Related(facts.path, second.span.line, second.span.column, f"end “{second.text}”")],
            )


CURRENCY_NAMES = {"USD": "US dollars", "EUR": "euros", "GBP": "pounds", "TRY": "Turkish lira", "RUB": "roubles",
                  "AZN": "manat", "AMD": "drams"}
AMOUNT_TEXT = regex.compile(r"\d[\d,.]*(?:\s*(?:million|billion|thousand|bn|m))?")


@register
class CurrencyMixed(DocumentRule):
    code = "FIG007"
    name = "currency-mixed"
    severity = Severity.ERROR
    summary = "One amount is written in two currencies ('$16,000 liras')."
    explanation = (
        "An amount with a currency sign and a different currency word names two currencies, so the "
        "reader cannot know the value: '$16,000 liras' is either 16,000 US dollars or 16,000 lira "
        "(about 800 dollars). Write one currency; if the source converted, give both amounts, one in "
        "parentheses."
    )
    flags = ("Their families receive $16,000 liras in compensation.",)
    passes = ("Fighters were paid $1,600 (31,046 liras).", "They paid 500 dollars, or $500.")

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        for figure in facts.figures:
            if figure.kind == "money" and figure.mixed_unit and not figure.quoted:
                number = AMOUNT_TEXT.search(figure.text)
                amount = number.group() if number else figure.text
                yield self.finding(
                    facts.path, figure.span,
                    f"“{figure.text}” names two currencies ({CURRENCY_NAMES.get(figure.unit, figure.unit)} and "
                    f"{CURRENCY_NAMES.get(figure.mixed_unit, figure.mixed_unit)}); write one: "
                    f"“{figure.text.split(amount)[0]}{amount}” or “{amount} {figure.text.split(amount)[-1].strip()}”",
                )
