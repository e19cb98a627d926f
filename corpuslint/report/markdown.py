"""The report as Markdown, for a pull-request comment or a wiki: the same
sections as the HTML page, as headings, tables and lists (no chart). Document
text is escaped so it cannot open a link, an image or HTML."""

from __future__ import annotations

import regex

from ..checks.registry import FAMILIES
from ..findings import Finding
from .model import Excerpt, Report

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
    out = ["# Editorial discrepancy report", "",
           f"{report.files_checked} documents, {len(report.findings)} findings"
           + (f" ({report.baselined} more in the baseline)" if report.baselined else "")
           + ". Look a code up with `corpuslint rule CODE`.", "", "## Summary", ""]
    counts, by_document, families = report.counts(), report.document_counts(), report.families
    out += ["| Document | Outlet | Author | Date | " + " | ".join(families) + " | All |",
            "|---|---|---|---|" + "---:|" * (len(families) + 1)]
    for info in report.documents:
        cells = " | ".join(str(by_document[info.path][f] or "") for f in families)
        out.append(f"| {md(info.label)} (`{info.path}`) | {md(info.outlet or '—')} | {md(info.author or '—')} | "
                   f"{md(info.date or '—')} | {cells} | {sum(by_document[info.path].values())} |")
    out += ["", "| Family | " + " | ".join(SEVERITIES) + " | All |", "|---|" + "---:|" * 4]
    for family in families:
        out.append(f"| {family} {md(FAMILIES[family])} | " + " | ".join(str(counts[family][s] or "") for s in SEVERITIES)
                   + f" | {sum(counts[family].values())} |")
    out += ["", "## Figures that disagree", ""]
    for conflict in report.figure_conflicts:
        out += [f"### {md(conflict.title)} ({', '.join(conflict.codes)})", "",
                "| Where | What the source says | Reads as | Agrees with |", "|---|---|---|---|"]
        for s in conflict.statements:
            out.append(f"| `{s.path}:{s.line}:{s.column}` | {_excerpt(s.excerpt)} | {md(s.reading)} | "
                       f"{md(s.agreement())} |")
        out += [""] + [_finding(f) for f in conflict.findings] + [""]
    if report.arithmetic:
        out += ["### Arithmetic within a document", ""] + [_finding(i.finding, i.excerpt) for i in report.arithmetic] + [""]
    out += ["## Names spelled differently", ""]
    for entity in report.names:
        listed = f"reference spelling, {entity.reference}" if entity.reference else "no reference spelling listed"
        out += [f"### {md(entity.name)} ({md(listed)})", "", f"Suggested fix: {md(entity.suggestion)}", ""]
        if entity.forms:
            out += ["| Form | Times | Where |", "|---|---:|---|"]
            for form in entity.forms:
                where = "; ".join(f"`{p}:{line}` ×{n}" for p, n, line, _ in form.documents[:8])
                out.append(f"| {md(form.form)}{' (reference)' if form.is_reference else ''} | {form.count} | {where} |")
            out.append("")
        out += [_finding(f) for f in entity.findings] + [""]
    out += ["## Citations", ""]
    for path, kinds in report.citations.items():
        out += [f"### `{path}`", ""]
        for kind, items in kinds.items():
            out += [f"#### {kind} ({len(items)})", ""] + [_finding(i.finding, i.excerpt) for i in items] + [""]
    out += ["## Sources and quotations told differently", ""]
    for group in report.quotations:
        out += [_finding(i.finding, i.excerpt) for i in group] + [""]
    out += ["## Text damage", ""]
    for path, items in report.damage.items():
        out += [f"### `{path}` ({len(items)})", ""] + [_finding(i.finding, i.excerpt) for i in items] + [""]
    if report.other:
        out += ["## Other", ""] + [_finding(i.finding, i.excerpt) for i in report.other] + [""]
    return "\n".join(out).rstrip() + "\n"
