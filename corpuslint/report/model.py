"""The editorial report's content, built once from a run (findings and facts)
and rendered as HTML or Markdown. Every finding of the run lands in exactly
one section, so the report shows everything `check --format json` does:

    figures      conflicts grouped by fact (FIG001–FIG003), each source's
                 statement side by side; arithmetic (FIG004–FIG007) per item
    names        variants grouped by entity, each form with its counts
    citations    per document: unresolved markers, malformed notes (with the
                 note text), notes kept elsewhere, cross-references
    quotations   sources and quotations told differently across documents
    text         extraction damage per document
    other        anything else (unreadable documents, unused suppressions)
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import NamedTuple

import regex

from ..checks.figures import interval, shown
from ..checks.grouping import DisjointSets
from ..checks.name_variants import NameAnalysis, analyse
from ..checks.names import NAMES
from ..checks.note_references import locate_work, written_out
from ..checks.registry import FAMILIES
from ..documents import ReadProblem, read_document
from ..engine import RunResult
from ..facts import DocumentFacts, Figure
from ..findings import Finding, Severity
from ..ruledata import RuleData
from .metadata import DocumentInfo, read_info

FIGURE_CONFLICTS = ("FIG001", "FIG002", "FIG003")
QUOTATION_CODES = ("CIT017", "CIT018")
# Findings of one source or quotation shown whole (excerpt, related places); beyond, one
# line each under the versions: a quotation 980 articles give was 7 MB of the page.
GROUP_SHOWN = 12
NOTE_TEXT_CODES = ("CIT007", "CIT008", "CIT009", "CIT010", "CIT011", "CIT013", "CIT014", "CIT015")
CITATION_KINDS = {
    **{code: "unresolved markers" for code in ("CIT001", "CIT002", "CIT003", "CIT004", "CIT005", "CIT006")},
    **{code: "malformed notes" for code in ("CIT007", "CIT008", "CIT009", "CIT010", "CIT011")},
    "CIT012": "notes kept outside the document",
    **{code: "cross-references" for code in ("CIT013", "CIT014", "CIT015", "CIT016")},
}
SENTENCE_END = regex.compile(r"(?<=[.!?][”\"’)]?)\s+(?=[“\"‘(]?[\p{Lu}\d])")
QUOTE_LIMIT = 420  # characters of a sentence shown around a figure
# The analyses of the run the report reads again: kept by the run, not made twice (the
# names analysis is a quarter of the report's time on 10,000 articles).
REPORT_KEEPS = (NAMES,)


@dataclass(frozen=True, slots=True)
class Excerpt:
    """A sentence with one span to highlight; renderers escape all three parts."""

    before: str
    marked: str
    after: str


@dataclass
class Statement:
    """One source's statement of a fact: where, what it says, how it reads."""

    path: str
    line: int
    column: int
    excerpt: Excerpt | None
    written: str  # the figure as written
    reading: str  # its normalised value or interval
    low: float | None
    high: float | None
    axis: str  # value | date (what the chart plots)
    findings: list[Finding] = field(default_factory=list)
    # The first AGREEING_SHOWN other statements ("file:line") whose readings overlap this
    # one's, in the table's order, and how many there are in all.
    agrees_with: list[str] = field(default_factory=list)
    agreeing: int = 0
    # Its group on the chart: statements joined by overlapping readings (each group a colour).
    cluster: int = -1

    @property
    def plotted(self) -> bool:
        """Whether the chart draws it: a value, with a lower end."""
        return self.low is not None and self.low != -math.inf

    def agreement(self) -> str:
        """The "agrees with" cell: the first few, and how many more."""
        if not self.agrees_with:
            return "no other source"
        more = self.agreeing - len(self.agrees_with)
        return ", ".join(self.agrees_with) + (f" and {more} more" if more else "")


@dataclass
class FactConflict:
    title: str
    statements: list[Statement]
    findings: list[Finding]

    @property
    def codes(self) -> list[str]:
        return sorted({f.code for f in self.findings})

    @property
    def severity(self) -> Severity:
        return max((f.severity for f in self.findings), key=lambda s: s.rank)


@dataclass(frozen=True, slots=True)
class Item:
    """A finding shown with the text it is about (a sentence, or a note's text). The
    excerpt is made when a renderer asks for it, not held: at 10,000 articles the
    excerpts of 110,000 findings were 90 MB of the report's peak."""

    finding: Finding
    excerpt_of: Callable[[Finding], Excerpt | None] | None = None

    @property
    def excerpt(self) -> Excerpt | None:
        return None if self.excerpt_of is None else self.excerpt_of(self.finding)


@dataclass
class NameForm:
    form: str
    count: int
    documents: list[tuple[str, int, int, int]]  # (path, count, first line, first column)
    is_reference: bool = False


@dataclass
class NameEntity:
    name: str  # the reference spelling, else the most common form
    reference: str | None  # where the reference is listed ("rules/names.yaml:17")
    forms: list[NameForm]
    suggestion: str
    findings: list[Finding]


class Version(NamedTuple):
    """One way a source is cited or a quotation told, and the findings of the documents
    that tell it so."""

    told: str
    findings: list[Finding]

    @property
    def places(self) -> list[Finding]:
        """The first finding in each document."""
        first: dict[str, Finding] = {}
        for finding in self.findings:
            first.setdefault(finding.path, finding)
        return list(first.values())


@dataclass
class Report:
    documents: list[DocumentInfo]
    findings: list[Finding]
    figure_conflicts: list[FactConflict]
    arithmetic: list[Item]
    names: list[NameEntity]
    citations: dict[str, dict[str, list[Item]]]  # path -> kind -> items
    quotations: list[list[Item]]  # groups of findings about one source or quotation
    damage: dict[str, list[Item]]  # path -> items
    other: list[Item]
    files_checked: int
    baselined: int = 0
    # How each CIT017 finding's document cites its source (written_out), by (path, line, column).
    cited_as: dict[tuple[str, int, int], str] = field(default_factory=dict)

    def versions(self, group: list[Item]) -> list["Version"]:
        """A source's or quotation's versions, each with its findings (in the group's
        order), the version most documents tell first."""
        versions: dict[str, list[Finding]] = defaultdict(list)
        for item in group:
            finding = item.finding
            place = (finding.path, finding.span.line, finding.span.column)
            told = told_here(finding) if finding.code == "CIT018" else self.cited_as.get(place, finding.message)
            versions[told].append(finding)
        return sorted((Version(told, findings) for told, findings in versions.items()),
                      key=lambda version: -len(version.places))

    @property
    def families(self) -> list[str]:
        return [family for family in FAMILIES if any(f.code.startswith(family) for f in self.findings)]

    def counts(self) -> dict[str, Counter]:
        """family -> severity -> count."""
        table: dict[str, Counter] = defaultdict(Counter)
        for finding in self.findings:
            table[finding.code[:3]][finding.severity.value] += 1
        return table

    def document_counts(self) -> dict[str, Counter]:
        """path -> family -> count."""
        table: dict[str, Counter] = defaultdict(Counter)
        for finding in self.findings:
            table[finding.path][finding.code[:3]] += 1
        return table


# --- text around a location ---------------------------------------------------------------


class Texts:
    """Document texts for excerpts; an unreadable one gives none. The KEPT read last are
    held: a report asks for each document's excerpts section by section, and holding
    every text of 10,000 articles cost 200 MB."""

    KEPT = 1024

    def __init__(self):
        self._texts: dict[str, tuple[str, list[int]] | None] = {}  # in order of last use
        self.reads = 0

    def get(self, path: str) -> tuple[str, list[int]] | None:
        found = self._texts.pop(path, False)
        if found is False:
            self.reads += 1
            try:
                document = read_document(Path(path))
                found = (document.text, document._line_starts)
            except (ReadProblem, OSError):
                found = None
            if len(self._texts) >= self.KEPT:
                del self._texts[next(iter(self._texts))]  # the least recently used
        self._texts[path] = found
        return found

    def offset(self, path: str, line: int, column: int) -> int | None:
        found = self.get(path)
        if found is None or not 1 <= line <= len(found[1]):
            return None
        return found[1][line - 1] + column - 1

    def excerpt(self, path: str, line: int, column: int, end_line: int | None = None,
                end_column: int | None = None) -> Excerpt | None:
        """The sentence around a span, the span marked; cut to QUOTE_LIMIT characters."""
        found = self.get(path)
        start = self.offset(path, line, column)
        if found is None or start is None:
            return None
        text = found[0]
        end = self.offset(path, end_line, end_column) if end_line else None
        end = start if end is None or end < start else end
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end
        sentence_start = line_start
        for match in SENTENCE_END.finditer(text, line_start, start):
            sentence_start = match.end()
        following = SENTENCE_END.search(text, end, line_end)
        sentence_end = following.start() if following else line_end
        before, marked, after = text[sentence_start:start], text[start:end], text[end:sentence_end]
        room = max(QUOTE_LIMIT - len(marked), 80)
        if len(before) > room // 2:
            before = "…" + before[-(room // 2):].lstrip()
        if len(after) > room // 2:
            after = after[: room // 2].rstrip() + "…"
        return Excerpt(before, marked, after)


# --- figures ------------------------------------------------------------------------------


def reading_of(figure: Figure) -> str:
    """The figure's value or interval as the FIG rules read it ("2×–2.75×" for "more than double")."""
    if figure.kind == "date" and figure.date:
        return figure.date
    written = shown(figure)
    value = written[written.index("(") + 1 : -1] if written.endswith(")") else figure.text
    unit = f" {figure.unit}" if figure.kind == "measure" and figure.unit and figure.unit not in value else ""
    period = f" over {figure.period.replace('/', '–')}" if figure.period else ""
    return value + unit + period


def _date_number(iso: str) -> float | None:
    """'2020-11-09' → days since year 0 (a point on a date axis); a month or year spans its days."""
    parts = iso.split("-")
    try:
        year, month, day = int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
    except ValueError:
        return None
    return year * 372 + (month - 1) * 31 + day


def _figure_conflicts(findings: list[Finding], figures: dict, texts: Texts) -> list[FactConflict]:
    """FIG001–FIG003 findings joined into facts by the statements they share."""
    conflicts = [f for f in findings if f.code in FIGURE_CONFLICTS]
    places: dict[tuple[str, int, int], int] = {}
    sets = DisjointSets(len(conflicts))
    for index, finding in enumerate(conflicts):
        for place in [(finding.path, finding.span.line, finding.span.column),
                      *((r.path, r.line, r.column) for r in finding.related)]:
            if place in figures:
                if place in places:
                    sets.union(places[place], index)
                else:
                    places[place] = index
    result = []
    for members in sets.groups():
        group = [conflicts[i] for i in members]
        statements: dict[tuple[str, int, int], Statement] = {}
        for finding in group:
            for place in [(finding.path, finding.span.line, finding.span.column),
                          *((r.path, r.line, r.column) for r in finding.related)]:
                figure = figures.get(place)
                if figure is None or place in statements:
                    continue
                axis = "date" if figure.kind == "date" and figure.date else "value"
                low, high = interval(figure) if axis == "value" else ((_date_number(figure.date),) * 2)
                span = figure.span
                statements[place] = Statement(
                    place[0], place[1], place[2],
                    texts.excerpt(place[0], span.line, span.column, span.end_line, span.end_column),
                    figure.text, reading_of(figure), low, high, axis)
            here = statements.get((finding.path, finding.span.line, finding.span.column))
            if here is not None:
                here.findings.append(finding)
        rows = sorted(statements.values(), key=lambda s: (s.path, s.line, s.column))
        _agreement(rows)
        title = group[0].message.split(": ", 1)[0] if ": " in group[0].message else group[0].name
        result.append(FactConflict(title, rows, sorted(group, key=lambda f: f.sort_key)))
    return sorted(result, key=lambda c: (-c.severity.rank, c.title))


AGREEING_SHOWN = 8  # a fact an archive states a thousand times lists the first few who agree, and a count


def _agree(a: Statement, b: Statement) -> bool:
    if a.axis != b.axis or a.low is None or b.low is None:
        return False
    if a.reading.partition(" over ")[2] != b.reading.partition(" over ")[2]:
        return False  # the same amount over different periods (FIG002) does not agree
    return a.low <= b.high and b.low <= a.high


def _agreement(rows: list[Statement]) -> None:
    """Each row's agrees_with, agreeing and cluster, without comparing every pair: a fact
    stated by 1,000 articles made a million comparisons and a million names to list.
    Rows agree only within one axis and period, where agreeing is overlapping intervals:
    they are counted by bisection, and the groups found by one sweep in order of the
    lower ends. The few names listed are the first in the table's order (an early stop).
    A kind holding an interval whose ends are reversed is compared pair by pair, as the
    bisection and the sweep need low <= high."""
    kinds: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for row in rows:
        if row.low is not None:
            kinds[row.axis, row.reading.partition(" over ")[2]].append(row)
    clusters = 0
    for members in kinds.values():
        proper = all(row.low <= row.high for row in members)
        if proper:
            lows, highs = sorted(row.low for row in members), sorted(row.high for row in members)
        for row in members:
            if proper:
                row.agreeing = bisect.bisect_right(lows, row.high) - bisect.bisect_left(highs, row.low) - 1  # not itself
            else:
                row.agreeing = sum(1 for other in members if other is not row and _agree(row, other))
            names = []
            if row.agreeing:
                for other in members:
                    if other is not row and other.low <= row.high and row.low <= other.high:
                        names.append(f"{Path(other.path).name}:{other.line}")
                        if len(names) == min(row.agreeing, AGREEING_SHOWN):
                            break
            row.agrees_with = names
        plotted = [row for row in members if row.plotted]
        if proper:
            reach = -math.inf
            for row in sorted(plotted, key=lambda row: row.low):
                if row.low > reach:  # overlaps nothing before it: a new group
                    clusters += 1
                reach = max(reach, row.high)
                row.cluster = clusters
        else:
            sets = DisjointSets(len(plotted))
            for a, b in combinations(range(len(plotted)), 2):
                if _agree(plotted[a], plotted[b]):
                    sets.union(a, b)
            for group in sets.groups():
                clusters += 1
                for index in group:
                    plotted[index].cluster = clusters


# --- names --------------------------------------------------------------------------------


def _name_entities(findings: list[Finding], all_facts: list[DocumentFacts], rule_data: RuleData,
                   analysis: NameAnalysis | None) -> list[NameEntity]:
    """`analysis`: the run's own, when it kept it (REPORT_KEEPS), else made again."""
    named = [f for f in findings if f.code.startswith("NAM")]
    if not named:
        return []
    if analysis is None:
        analysis = analyse(all_facts, rule_data.names)
    paths = analysis.paths
    entities: dict[str, dict] = {}

    def entity(key: str, name: str, reference: str | None, suggestion: str) -> dict:
        return entities.setdefault(key, {"name": name, "reference": reference, "suggestion": suggestion,
                                         "forms": defaultdict(list), "findings": [], "reference_form": None})

    by_place: dict[tuple[str, int, int], dict] = {}
    for match in analysis.reference_matches:
        span = match.occurrence.span
        item = entity(f"ref:{match.entry.name}", match.entry.name, match.entry.source, f"write “{match.replacement}”")
        item["forms"][match.occurrence.surface].append(match.occurrence)
        by_place[(paths[match.occurrence.doc], span.line, span.column)] = item
        places = analysis.form_places.get(match.replacement, [])
        if places and not item["forms"].get(match.replacement):
            item["forms"][match.replacement].extend(places)
            item["reference_form"] = match.replacement
    for cluster in analysis.clusters:
        preferred = cluster.preferred()
        item = entity(f"cluster:{preferred}:{id(cluster)}", preferred, None,
                      f"choose one spelling; “{preferred}” is the most common" + (" (a tie)" if cluster.tied() else ""))
        for form, occurrences in cluster.forms.items():
            item["forms"][form].extend(occurrences)
            for occurrence in occurrences:
                by_place.setdefault((paths[occurrence.doc], occurrence.span.line, occurrence.span.column), item)
    unplaced = []
    for finding in named:
        item = by_place.get((finding.path, finding.span.line, finding.span.column))
        if item is None:
            unplaced.append(finding)
        else:
            item["findings"].append(finding)
    result = []
    for item in entities.values():
        if not item["findings"]:
            continue
        forms = []
        for form, occurrences in item["forms"].items():
            per_doc: dict[int, list] = defaultdict(list)
            for occurrence in occurrences:
                per_doc[occurrence.doc].append(occurrence)
            documents = [(paths[d], len(o), o[0].span.line, o[0].span.column) for d, o in sorted(per_doc.items())]
            forms.append(NameForm(form, len(occurrences), documents, form == item["reference_form"] or (
                item["reference"] is not None and form == item["name"])))
        forms.sort(key=lambda f: (not f.is_reference, -f.count, f.form))
        result.append(NameEntity(item["name"], item["reference"], forms, item["suggestion"],
                                 sorted(item["findings"], key=lambda f: f.sort_key)))
    result.sort(key=lambda e: (-len(e.findings), e.name))
    if unplaced:  # never lose a finding: one entity per finding the analysis cannot place
        result.extend(NameEntity(f.message.split("”")[0].lstrip("“"), None, [], "see the finding", [f]) for f in unplaced)
    return result


# --- the report ---------------------------------------------------------------------------


def build_report(result: RunResult, rule_data: RuleData, release_facts: bool = False) -> Report:
    """`release_facts`: empty result.facts once the report has taken what it reads of them
    (figures, notes, kinds and the names analysis). On 10,000 articles the rest is 300 MB,
    which the report's excerpts then reuse rather than add to the run's peak."""
    texts = Texts()
    findings = sorted(result.findings, key=lambda f: f.sort_key)
    figures = {(facts.path, fig.span.line, fig.span.column): fig for facts in result.facts for fig in facts.figures}
    notes = {facts.path: facts.citations.notes for facts in result.facts if facts.citations.notes}
    kinds = [(facts.path, facts.kind) for facts in result.facts]
    names = _name_entities(findings, result.facts, rule_data, result.shared.get(NAMES))
    cited_as = _cited_as(findings, result.facts)
    if release_facts:
        result.facts = []

    def excerpt(finding: Finding) -> Excerpt | None:
        if finding.code in NOTE_TEXT_CODES:
            offset = _offset(texts, finding)
            note = next((n for n in notes.get(finding.path, []) if n.label_span.start <= offset <= n.body_span.end), None)
            if note is not None:
                return Excerpt(f"{note.label} ", " ".join(note.body.split()), "")
        span = finding.span
        return texts.excerpt(finding.path, span.line, span.column, span.end_line, span.end_column)

    def item(finding: Finding) -> Item:
        return Item(finding, excerpt)

    conflicts = _figure_conflicts(findings, figures, texts)
    in_conflicts = {id(f) for c in conflicts for f in c.findings}
    arithmetic = [item(f) for f in findings if f.code.startswith("FIG") and id(f) not in in_conflicts]
    citations: dict[str, dict[str, list[Item]]] = defaultdict(lambda: defaultdict(list))
    damage: dict[str, list[Item]] = defaultdict(list)
    quotation_findings, other = [], []
    for finding in findings:
        if finding.code in CITATION_KINDS:
            citations[finding.path][CITATION_KINDS[finding.code]].append(item(finding))
        elif finding.code in QUOTATION_CODES:
            quotation_findings.append(finding)
        elif finding.code.startswith("TXT"):
            damage[finding.path].append(item(finding))
        elif not finding.code.startswith(("FIG", "NAM")):
            other.append(item(finding))
    documents = []
    for path, kind in kinds:
        found = texts.get(path)
        documents.append(read_info(path, found[0], kind == "markdown") if found else DocumentInfo(path))
    return Report(
        documents=sorted(documents, key=lambda d: d.path),
        findings=findings,
        figure_conflicts=conflicts,
        arithmetic=arithmetic,
        names=names,
        citations={path: dict(kinds) for path, kinds in sorted(citations.items())},
        quotations=_quotation_groups(quotation_findings, item),
        damage=dict(sorted(damage.items())),
        other=other,
        files_checked=result.files_checked,
        baselined=result.baselined,
        cited_as=cited_as,
    )


def _offset(texts: Texts, finding: Finding) -> int:
    offset = texts.offset(finding.path, finding.span.line, finding.span.column)
    return -1 if offset is None else offset


def told_here(finding: Finding) -> str:
    """How a CIT018 finding's own document tells the quotation ("“…” credited to X, 2024"),
    as its message gives it."""
    return finding.message.split("here ", 1)[-1].split("; ")[0]


def _cited_as(findings: list[Finding], all_facts: list) -> dict[tuple[str, int, int], str]:
    """How each CIT017 finding's document cites its source, by the finding's place: the
    work of the note it lies in, or where a note cites several, the one locate_work puts
    there (as the rule does; locating every work cost 8 s at 10,000 articles)."""
    wanted: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for finding in findings:
        if finding.code == "CIT017":
            wanted[finding.path].append((finding.span.line, finding.span.column))
    found = {}
    for facts in all_facts:
        for line, column in wanted.get(facts.path, ()):
            for note, works in zip(facts.citations.notes, facts.sources):
                if not (note.label_span.line, note.label_span.column) <= (line, column) <= (
                        note.body_span.end_line, note.body_span.end_column):
                    continue
                for work in works:
                    span = locate_work(note, work) if len(works) > 1 else None
                    if span is None or (span.line, span.column) == (line, column):
                        found[(facts.path, line, column)] = written_out(work)
                        break
                break
    return found


def _quotation_groups(findings: list[Finding], item) -> list[list[Item]]:
    """CIT017/CIT018 findings about one source or quotation, together: each finding's
    related places are the other citations or quotations of it, where their own findings
    are. Joined only at that exact place: joining findings near it (a few lines below)
    chained 1,984 different quotations of 10,000 articles into one group of 91,435."""
    at_place: dict[tuple[str, str, int, int], list[int]] = defaultdict(list)
    for index, finding in enumerate(findings):
        at_place[(finding.code, finding.path, finding.span.line, finding.span.column)].append(index)
    sets = DisjointSets(len(findings))
    for index, finding in enumerate(findings):
        for related in finding.related:
            for other in at_place.get((finding.code, related.path, related.line, related.column), ()):
                sets.union(index, other)
    return [[item(findings[i]) for i in members] for members in sets.groups()]
