"""The report as Markdown, for a pull-request comment or a wiki: the same
sections as the HTML page, as headings, tables and lists (no chart). Document
text is escaped so it cannot open a link, an image or HTML."""

from __future__ import annotations

from typing import Iterable, Iterator

import regex

from ..checks.registry import FAMILIES
from ..findings import Finding
from .model import GROUP_SHOWN, Excerpt, Report

SEVERITIES = ("error", "warning", "info")
SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_{}[]<>()#+!|~"})


def md(text: str) -> str:
    """Document text as inert Markdown: specials escaped, one line."""
    return regex.sub(r"\s+", " ", text).translate(SPECIAL)


def _excerpt(excerpt: Excerpt | None) -> str:
    if excerpt is None:
        return ""
    return f"{md(excerpt.before)}**{md(excerpt.marked)}**{md(excerpt.after)}"


def _finding(finding: Finding, excerpt: Excerpt | None = None) -> str:
    quote = f"\n  > {_excerpt(excerpt)}" if excerpt else ""
    return (f"- `{finding.code}` {finding.severity.value} `{finding.path}:{finding.span.line}:{finding.span.column}` "
            f"{md(finding.message)}{quote}")


def render(report: Report) -> str:
    return "".join(pieces(report))


def pieces(report: Report) -> Iterator[str]:
    """The report in pieces, as it is made (the report of 10,000 articles is large)."""
    return joined_and_stripped(_lines(report))


def joined_and_stripped(lines: Iterable[str]) -> Iterator[str]:
    """The pieces of "\n".join(lines).rstrip() + "\n", written as the lines come: what
    follows the last line with text is held until more text comes, or stripped."""
    tail: list[str] = []  # the last line with text, and the blank lines after it
    for line in lines:
        if line.strip() and tail:
            yield "\n".join(tail) + "\n"
            tail = []
        tail.append(line)
    yield "\n".join(tail).rstrip() + "\n"


def _lines(report: Report) -> Iterator[str]:
    yield from ["# Editorial discrepancy report", "",
                f"{report.files_checked} documents, {len(report.findings)} findings"
                + (f" ({report.baselined} more in the baseline)" if report.baselined else "")
                + ". Look a code up with `corpuslint rule CODE`.", "", "## Summary", ""]
    counts, by_document, families = report.counts(), report.document_counts(), report.families
    yield from ["| Document | Outlet | Author | Date | " + " | ".join(families) + " | All |",
                "|---|---|---|---|" + "---:|" * (len(families) + 1)]
    for info in report.documents:
        cells = " | ".join(str(by_document[info.path][f] or "") for f in families)
        yield (f"| {md(info.label)} (`{info.path}`) | {md(info.outlet or '—')} | {md(info.author or '—')} | "
               f"{md(info.date or '—')} | {cells} | {sum(by_document[info.path].values())} |")
    yield from ["", "| Family | " + " | ".join(SEVERITIES) + " | All |", "|---|" + "---:|" * 4]
    for family in families:
        yield (f"| {family} {md(FAMILIES[family])} | " + " | ".join(str(counts[family][s] or "") for s in SEVERITIES)
               + f" | {sum(counts[family].values())} |")
    yield from ["", "## Figures that disagree", ""]
    for conflict in report.figure_conflicts:
        yield from [f"### {md(conflict.title)} ({', '.join(conflict.codes)})", "",
                    "| Where | What the source says | Reads as | Agrees with |", "|---|---|---|---|"]
        for s in conflict.statements:
            yield (f"| `{s.path}:{s.line}:{s.column}` | {_excerpt(s.excerpt)} | {md(s.reading)} | "
                   f"{md(s.agreement())} |")
        yield from [""] + [_finding(f) for f in conflict.findings] + [""]
    if report.arithmetic:
        yield from ["### Arithmetic within a document", ""] + [_finding(i.finding, i.excerpt) for i in report.arithmetic] + [""]
    yield from ["## Names spelled differently", ""]
    for entity in report.names:
        listed = f"reference spelling, {entity.reference}" if entity.reference else "no reference spelling listed"
        yield from [f"### {md(entity.name)} ({md(listed)})", "", f"Suggested fix: {md(entity.suggestion)}", ""]
        if entity.forms:
            yield from ["| Form | Times | Where |", "|---|---:|---|"]
            for form in entity.forms:
                where = "; ".join(f"`{p}:{line}` ×{n}" for p, n, line, _ in form.documents[:8])
                yield (f"| {md(form.form)}{' (reference)' if form.is_reference else ''} | {form.count} | {where} |")
            yield ("")
        yield from [_finding(f) for f in entity.findings] + [""]
    yield from ["## Citations", ""]
    for path, kinds in report.citations.items():
        yield from [f"### `{path}`", ""]
        for kind, items in kinds.items():
            yield from [f"#### {kind} ({len(items)})", ""] + [_finding(i.finding, i.excerpt) for i in items] + [""]
    yield from ["## Sources and quotations told differently", ""]
    for group in report.quotations:
        yield from ["| Version | Documents | Where |", "|---|---:|---|"]
        for version in report.versions(group):
            places = version.places
            where = "; ".join(f"`{f.path}:{f.span.line}`" for f in places[:8])
            more = f" and {len(places) - 8} more documents" if len(places) > 8 else ""
            yield f"| {md(version.told)} | {len(places)} | {where}{more} |"
        yield ""
        whole = len(group) <= GROUP_SHOWN  # beyond, one line each: the table says how each is told
        yield from [_finding(i.finding, i.excerpt if whole else None) for i in group] + [""]
    yield from ["## Text damage", ""]
    for path, items in report.damage.items():
        yield from [f"### `{path}` ({len(items)})", ""] + [_finding(i.finding, i.excerpt) for i in items] + [""]
    if report.other:
        yield from ["## Other", ""] + [_finding(i.finding, i.excerpt) for i in report.other] + [""]
