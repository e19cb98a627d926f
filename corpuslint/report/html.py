"""The report as one self-contained HTML file: inline CSS and script, no fonts,
images or scripts from elsewhere, readable in print. Every piece of document
text goes through escape(); the script only shows and hides elements by
their data attributes, so nothing from a document is ever executed."""

from __future__ import annotations

import os
from typing import Iterator
from html import escape
from pathlib import Path, PurePosixPath

import regex

from ..checks.registry import FAMILIES
from ..findings import Finding, Severity
from .chart import render_chart
from .model import GROUP_SHOWN, Excerpt, Report, Version

SECTIONS = (
    ("summary", "Summary"),
    ("figures", "Figures that disagree"),
    ("names", "Names spelled differently"),
    ("citations", "Citations"),
    ("quotations", "Sources and quotations told differently"),
    ("text", "Text damage"),
    ("other", "Other"),
)
SEVERITIES = ("error", "warning", "info")

CSS = """
:root { --ink: #1d1d1f; --muted: #5f6368; --line: #d9dce1; --error: #b3261e; --warning: #9a6700; --info: #1a5fb4;
  --mark: #ffe08a; --bg: #f7f7f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fff; }
header.top { padding: 18px 28px 10px; border-bottom: 1px solid var(--line); background: var(--bg); }
header.top h1 { margin: 0 0 4px; font-size: 22px; }
header.top p { margin: 2px 0; color: var(--muted); }
nav.sections { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center;
  padding: 8px 28px; background: #fff; border-bottom: 1px solid var(--line); }
nav.sections a { color: var(--ink); text-decoration: none; font-weight: 600; }
nav.sections a .n { color: var(--muted); font-weight: 400; }
.filters { display: flex; gap: 10px; flex-wrap: wrap; margin-left: auto; font-size: 13px; }
.filters select { font: inherit; padding: 2px 4px; max-width: 16em; }
.first { border: 1px solid var(--line); border-radius: 8px; padding: 2px 16px 8px; background: #fffdf5; }
.first ul { padding-left: 18px; margin: 4px 0; } .first li { margin: 4px 0; }
.first li.error::marker { color: var(--error); } .first li.warning::marker { color: var(--warning); }
main { padding: 8px 28px 40px; max-width: 1200px; }
section { margin-top: 28px; }
section, article { scroll-margin-top: 90px; }
h2 { font-size: 19px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
h4 { font-size: 14px; margin: 12px 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: .03em; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.group { border: 1px solid var(--line); border-radius: 8px; padding: 4px 16px 10px; margin: 14px 0; break-inside: avoid; }
.group.error { border-left: 5px solid var(--error); }
.group.warning { border-left: 5px solid var(--warning); }
.group.info { border-left: 5px solid var(--info); }
.code { font: 600 12px/1 ui-monospace, SFMono-Regular, Menlo, monospace; padding: 3px 6px; border-radius: 4px;
  background: #eef1f5; white-space: nowrap; }
.sev { font-size: 12px; font-weight: 600; text-transform: uppercase; }
.sev.error { color: var(--error); } .sev.warning { color: var(--warning); } .sev.info { color: var(--info); }
.loc { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; color: var(--muted); }
a.loc { color: var(--muted); }
mark { background: var(--mark); padding: 0 2px; border-radius: 2px; }
blockquote { margin: 4px 0; padding: 4px 10px; border-left: 3px solid var(--line); color: #333; background: var(--bg); }
ul.findings { list-style: none; padding: 0; margin: 6px 0; }
ul.findings li { padding: 4px 0; border-top: 1px dashed var(--line); }
ul.compact li { padding: 2px 0; }
.agree { color: var(--muted); font-size: 13px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 10px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; min-width: 150px; }
.card b { font-size: 22px; display: block; }
.card a { color: inherit; text-decoration: none; }
svg.chart { max-width: 760px; display: block; margin: 6px 0; }
svg.chart text { font: 12px system-ui, sans-serif; fill: #333; }
svg.chart text.tick { fill: var(--muted); font-size: 11px; }
.empty { color: var(--muted); font-style: italic; }
.hidden { display: none !important; }
footer { padding: 16px 28px; color: var(--muted); border-top: 1px solid var(--line); font-size: 13px; }
@media print {
  nav.sections, .filters { display: none; }
  body { font-size: 11pt; }
  .group { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .hidden { display: revert !important; }
}
"""

# Shows and hides findings by their data attributes; a group, document block or
# section with nothing left to show is hidden with them. Errors are recorded on
# <html data-script-error> so a browser test can see them.
SCRIPT = """
(function () {
  window.addEventListener('error', function (event) {
    document.documentElement.setAttribute('data-script-error', String(event.message));
  });
  var selects = Array.prototype.slice.call(document.querySelectorAll('.filters select'));
  function apply() {
    var want = {};
    selects.forEach(function (s) { want[s.name] = s.value; });
    document.querySelectorAll('.finding').forEach(function (el) {
      var show = (!want.family || el.dataset.family === want.family)
        && (!want.severity || el.dataset.severity === want.severity)
        && (!want.path || el.dataset.path === want.path);
      el.classList.toggle('hidden', !show);
    });
    document.querySelectorAll('[data-holds-findings]').forEach(function (box) {
      var any = box.querySelector('.finding:not(.hidden)');
      box.classList.toggle('hidden', !any);
    });
  }
  // report.html?family=FIG&severity=error opens filtered (a link an editor can share)
  var query = new URLSearchParams(window.location.search);
  selects.forEach(function (s) {
    if (query.has(s.name)) { s.value = query.get(s.name); }
    s.addEventListener('change', apply);
  });
  apply();
  document.documentElement.setAttribute('data-ready', 'yes');
})();
"""


class Links:
    """Locations as links to the documents, relative to where the report is written."""

    def __init__(self, output: str | None):
        self.base = Path(output).resolve().parent if output else Path.cwd()
        self.made: dict[str, str] = {}  # path -> href: a report links each document many times

    def href(self, path: str) -> str:
        made = self.made.get(path)
        if made is None:
            made = self.made[path] = self._href(path)
        return made

    def _href(self, path: str) -> str:
        target = Path(path).resolve()
        try:
            return PurePosixPath(Path(os.path.relpath(target, self.base))).as_posix()
        except ValueError:  # another drive (Windows): an absolute address
            return target.as_uri()

    def location(self, path: str, line: int, column: int | None = None) -> str:
        where = f"{path}:{line}" + (f":{column}" if column else "")
        return f'<a class="loc" href="{escape(self.href(path))}">{escape(where)}</a>'


def _excerpt(excerpt: Excerpt | None, tag: str = "blockquote") -> str:
    if excerpt is None:
        return ""
    return (f"<{tag}>{escape(excerpt.before)}<mark>{escape(excerpt.marked)}</mark>{escape(excerpt.after)}</{tag}>")


def _finding(finding: Finding, links: Links, excerpt: Excerpt | None = None, compact: bool = False) -> str:
    attributes = (f'class="finding" data-family="{finding.code[:3]}" data-severity="{finding.severity.value}" '
                  f'data-path="{escape(finding.path)}" '
                  f'data-finding="{escape(f"{finding.code} {finding.path}:{finding.span.line}:{finding.span.column}")}"')
    head = (f'<span class="code" title="corpuslint rule {finding.code}">{finding.code}</span> '
            f'<span class="sev {finding.severity.value}">{finding.severity.value}</span> '
            f"{links.location(finding.path, finding.span.line, finding.span.column)}")
    if compact:
        return f"<li {attributes}>{head} {_excerpt(excerpt, 'q')} — {escape(finding.message)}</li>"
    related = ""
    if finding.related:
        related = "<details><summary>related locations</summary><ul>" + "".join(
            f"<li>{links.location(r.path, r.line, r.column)} {escape(r.message)}</li>" for r in finding.related
        ) + "</ul></details>"
    return f"<li {attributes}>{head}<div>{escape(finding.message)}</div>{_excerpt(excerpt)}{related}</li>"


def _worst(findings: list[Finding]) -> str:
    return max((f.severity for f in findings), key=lambda s: s.rank, default=Severity.INFO).value


def _summary(report: Report, links: Links) -> Iterator[str]:
    counts = report.counts()
    by_document = report.document_counts()
    families = report.families
    cards = "".join(
        f'<div class="card"><a href="#{_family_section(family)}"><b>{sum(counts[family].values())}</b>'
        f"{escape(FAMILIES[family].split(':')[0])}</a><br>"
        + " · ".join(f'<span class="sev {s}">{counts[family][s]} {s}</span>' for s in SEVERITIES if counts[family][s])
        + "</div>"
        for family in families
    )
    head = "".join(f'<th class="num" title="{escape(FAMILIES[f])}">{f}</th>' for f in families)
    baselined = (f" {report.baselined} more findings are recorded in the baseline and not shown."
                 if report.baselined else "")
    yield (
        f'<section id="summary"><h2>Summary</h2>'
        f"<p>{report.files_checked} documents checked, {len(report.findings)} findings.{baselined}</p>"
        f"{_check_first(report)}"
        f'<div class="cards">{cards}</div>'
        f"<h3>Documents</h3><table><thead><tr><th>Document</th><th>Outlet</th><th>Author</th><th>Date</th>{head}"
        '<th class="num">All</th></tr></thead><tbody>'
    )
    for info in report.documents:  # a row at a time: 10,000 documents made one piece of 4 MB
        cells = "".join(f'<td class="num">{by_document[info.path][f] or ""}</td>' for f in families)
        title = escape(info.title) if info.title else f'<span class="empty">{escape(info.file_name)}</span>'
        yield (
            f'<tr><td>{title}<br><a class="loc" href="{escape(links.href(info.path))}">{escape(info.file_name)}</a></td>'
            f"<td>{escape(info.outlet or '—')}</td>"
            f"<td>{escape(info.author or '—')}</td><td>{escape(info.date or '—')}</td>{cells}"
            f'<td class="num"><b>{sum(by_document[info.path].values())}</b></td></tr>'
        )
    severity_rows = "".join(
        f"<tr><td><b>{family}</b> {escape(FAMILIES[family])}</td>"
        + "".join(f'<td class="num">{counts[family][s] or ""}</td>' for s in SEVERITIES)
        + f'<td class="num"><b>{sum(counts[family].values())}</b></td></tr>'
        for family in families
    )
    yield (
        "</tbody></table>"
        '<h3>Findings by family and severity</h3><table><thead><tr><th>Family</th>'
        + "".join(f'<th class="num">{s}</th>' for s in SEVERITIES)
        + f'<th class="num">All</th></tr></thead><tbody>{severity_rows}</tbody></table></section>'
    )


def _check_first(report: Report) -> str:
    """The first screen: each fact the sources disagree on, with what each says, and
    each quotation told differently; an editor starts here."""
    labels = {d.path: short_label(d) for d in report.documents}
    items = []
    for index, conflict in enumerate(report.figure_conflicts):
        versions = " · ".join(
            f"<b>{escape(s.written)}</b>{escape(_period(s.reading))} "
            f"<span class=\"agree\">({escape(labels.get(s.path, s.path))}, line {s.line})</span>"
            for s in conflict.statements[:4])
        items.append(f'<li class="{conflict.severity.value}"><a href="#fact-{index}">{escape(conflict.title)}</a>: {versions}</li>')
    for index, group in enumerate(report.quotations):
        first = group[0].finding
        what = "a quotation told differently" if first.code == "CIT018" else "a source cited differently"
        # Each version ("“…” credited to X, 2020", a source as cited), side by side.
        versions = [version.told for version in report.versions(group)]
        told = " · ".join(versions[:4]) + (f" · and {len(versions) - 4} more versions" if len(versions) > 4 else "")
        items.append(f'<li class="{_worst([i.finding for i in group])}"><a href="#quotation-{index}">{what}</a>: '
                     f"{escape(told)}</li>")
    if not items:
        return ""
    return ('<div class="first"><h3>Check first: facts and quotations told two ways</h3>'
            f'<ul>{"".join(items)}</ul></div>')


def _period(reading: str) -> str:
    """' for 2008–2018' when the reading is an amount over a period (the period is what differs)."""
    return f" for {reading.partition(' over ')[2]}" if " over " in reading and reading[0] != "o" else ""


def short_label(info) -> str:
    """A document in a few words: its title, else its file name without date and extension."""
    label = info.title or regex.sub(r"^\d{4}(?:-\d\d){0,2}-|\.(?:txt|md|markdown)$", "", info.file_name).replace("-", " ")
    return label if len(label) <= 42 else label[:40].rstrip() + "…"


def _family_section(family: str) -> str:
    return {"FIG": "figures", "NAM": "names", "CIT": "citations", "TXT": "text"}.get(family, "other")


def _open_section(anchor: str, empty: str | None) -> list[str]:
    """A section's heading, and the line that says it is empty when it is."""
    parts = [f'<section id="{anchor}"><h2>{escape(dict(SECTIONS)[anchor])}</h2>']
    if empty:
        parts.append(f'<p class="empty">{escape(empty)}</p>')
    return parts


def _figures(report: Report, links: Links) -> Iterator[str]:
    yield from _open_section("figures", None if report.figure_conflicts or report.arithmetic else "No figure conflicts.")
    for index, conflict in enumerate(report.figure_conflicts):
        codes = " ".join(f'<span class="code">{c}</span>' for c in conflict.codes)
        yield (
            f'<article class="group {conflict.severity.value}" id="fact-{index}" data-holds-findings>'
            f"<h3>{escape(conflict.title)} {codes}</h3>"
            f"{render_chart(conflict.statements, conflict.title)}"
            "<table><thead><tr><th>Where</th><th>What the source says</th><th>Reads as</th><th>Agrees with</th></tr>"
            "</thead><tbody>"
        )
        # A row at a time: a fact told in thousands of documents made one piece of 10 MB.
        for statement in conflict.statements:
            yield (
                f'<tr><td><a class="loc" href="{escape(links.href(statement.path))}" title="{escape(statement.path)}">'
                f"{escape(PurePosixPath(statement.path).name)}:{statement.line}:{statement.column}</a></td>"
                f"<td>{_excerpt(statement.excerpt, 'span')}</td><td><b>{escape(statement.reading)}</b></td>"
                f'<td class="agree">{escape(statement.agreement())}</td></tr>'
            )
        yield '</tbody></table><h4>Findings</h4><ul class="findings">'
        yield from (_finding(finding, links) for finding in conflict.findings)
        yield "</ul></article>"
    if report.arithmetic:
        yield '<h3>Arithmetic within a document</h3><div data-holds-findings><ul class="findings">'
        yield from (_finding(i.finding, links, i.excerpt) for i in report.arithmetic)
        yield "</ul></div>"
    yield "</section>"


def _names(report: Report, links: Links) -> Iterator[str]:
    yield from _open_section("names", None if report.names else "No name variants.")
    for entity in report.names:
        rows = "".join(
            f"<tr><td>{'<b>' if form.is_reference else ''}{escape(form.form)}{'</b> (reference)' if form.is_reference else ''}"
            f'</td><td class="num">{form.count}</td><td>'
            + "; ".join(f"{links.location(p, line, column)} ×{n}" for p, n, line, column in form.documents[:8])
            + (f" and {len(form.documents) - 8} more documents" if len(form.documents) > 8 else "")
            + "</td></tr>"
            for form in entity.forms
        )
        listed = f" — reference spelling, {escape(entity.reference)}" if entity.reference else " — no reference spelling listed"
        yield (
            f'<article class="group {_worst(entity.findings)}" data-holds-findings><h3>{escape(entity.name)}'
            f'<span class="agree">{listed}</span></h3><p><b>Suggested fix:</b> {escape(entity.suggestion)}</p>'
            + (f'<table><thead><tr><th>Form</th><th class="num">Times</th><th>Where (first place per document)</th></tr>'
               f"</thead><tbody>{rows}</tbody></table>" if rows else "")
            + f'<details><summary>{len(entity.findings)} findings</summary><ul class="findings">'
        )
        yield from (_finding(finding, links) for finding in entity.findings)  # thousands, for a common name
        yield "</ul></details></article>"
    yield "</section>"


def _citations(report: Report, links: Links) -> Iterator[str]:
    yield from _open_section("citations", None if report.citations else "No citation findings.")
    labels = {d.path: d.label for d in report.documents}
    for path, kinds in report.citations.items():
        yield (f'<article class="group {_worst([i.finding for items in kinds.values() for i in items])}" '
                     f"data-holds-findings><h3>{escape(labels.get(path, path))} <span class=\"loc\">{escape(path)}</span></h3>")
        for kind, items in kinds.items():
            yield (f"<div data-holds-findings><h4>{escape(kind)} ({len(items)})</h4><ul class=\"findings\">")
            yield from (_finding(i.finding, links, i.excerpt) for i in items)
            yield "</ul></div>"
        yield "</article>"
    yield "</section>"


def _quotations(report: Report, links: Links) -> Iterator[str]:
    yield from _open_section("quotations", None if report.quotations else
                          "No source or quotation is told differently across documents.")
    for index, group in enumerate(report.quotations):
        findings = [i.finding for i in group]
        quotation = findings[0].code == "CIT018"
        title = "One quotation, several versions" if quotation else "One source, cited differently"
        documents = len({f.path for f in findings})
        yield (f'<article class="group {_worst(findings)}" id="quotation-{index}" data-holds-findings>'
               f'<h3>{title} <span class="agree">{len(findings)} findings in {documents} documents</span></h3>')
        yield _versions_table(report.versions(group), links)
        if len(group) <= GROUP_SHOWN:
            yield '<ul class="findings">'
            yield from (_finding(i.finding, links, i.excerpt) for i in group)
            yield "</ul></article>"
            continue
        # Each finding in one line: the table says how each version is told and where.
        yield f'<details><summary>{len(group)} findings</summary><ul class="findings compact">'
        yield from (_finding(i.finding, links, compact=True) for i in group)
        yield "</ul></details></article>"
    yield "</section>"


def _versions_table(versions: list[Version], links: Links) -> str:
    """A source's or quotation's versions: how each is told, in how many documents, and where."""
    rows = []
    for version in versions:
        places = version.places
        where = "; ".join(links.location(f.path, f.span.line, f.span.column) for f in places[:8])
        more = f" and {len(places) - 8} more documents" if len(places) > 8 else ""
        rows.append(f'<tr><td>{escape(version.told)}</td><td class="num">{len(places)}</td><td>{where}{more}</td></tr>')
    return ('<table><thead><tr><th>Version</th><th class="num">Documents</th><th>Where</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _damage(report: Report, links: Links) -> Iterator[str]:
    yield from _open_section("text", None if report.damage else "No text damage.")
    labels = {d.path: d.label for d in report.documents}
    for path, items in report.damage.items():
        yield (f'<div data-holds-findings><h3>{escape(labels.get(path, path))} ({len(items)})</h3>'
                     '<ul class="findings compact">')
        yield from (_finding(i.finding, links, i.excerpt, compact=True) for i in items)
        yield "</ul></div>"
    yield "</section>"


def _other(report: Report, links: Links) -> Iterator[str]:
    if not report.other:
        return
    yield from _open_section("other", None)
    yield '<div data-holds-findings><ul class="findings">'
    yield from (_finding(i.finding, links, i.excerpt) for i in report.other)
    yield "</ul></div></section>"


def _section_counts(report: Report) -> dict[str, int]:
    return {
        "figures": sum(len(c.findings) for c in report.figure_conflicts) + len(report.arithmetic),
        "names": sum(len(e.findings) for e in report.names),
        "citations": sum(len(items) for kinds in report.citations.values() for items in kinds.values()),
        "quotations": sum(len(g) for g in report.quotations),
        "text": sum(len(items) for items in report.damage.values()),
        "other": len(report.other),
    }


def _filters(report: Report) -> str:
    families = "".join(f'<option value="{f}">{f} — {escape(FAMILIES[f].split(":")[0])}</option>' for f in report.families)
    severities = "".join(f'<option value="{s}">{s}</option>' for s in SEVERITIES)
    documents = "".join(f'<option value="{escape(d.path)}">{escape(d.label[:60])}</option>' for d in report.documents)
    return (
        '<form class="filters" aria-label="Filter findings">'
        f'<label>Family <select name="family"><option value="">all</option>{families}</select></label>'
        f'<label>Severity <select name="severity"><option value="">all</option>{severities}</select></label>'
        f'<label>Document <select name="path"><option value="">all</option>{documents}</select></label></form>'
    )


def render(report: Report, output: str | None = None) -> str:
    return "".join(pieces(report, output))


def pieces(report: Report, output: str | None = None) -> Iterator[str]:
    """The page in pieces, section by section: the report of 10,000 articles is 430 MB of
    HTML, which is written as it is made rather than held (and copied) whole."""
    links = Links(output)
    counts = _section_counts(report)
    nav = "".join(
        f'<a href="#{anchor}">{escape(title)}'
        + (f' <span class="n">{counts[anchor]}</span>' if anchor in counts else "")
        + "</a>"
        for anchor, title in SECTIONS
        if anchor == "summary" or anchor != "other" or counts["other"]
    )
    errors = sum(1 for f in report.findings if f.severity == Severity.ERROR)
    yield (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>corpuslint — editorial discrepancy report</title>"
        f"<style>{CSS}</style></head><body>"
        '<header class="top"><h1>Editorial discrepancy report</h1>'
        f"<p>{report.files_checked} documents · {len(report.findings)} findings · {errors} errors. "
        "Each item gives its location (file:line:column) and its code; "
        "<code>corpuslint rule CODE</code> explains a code.</p></header>"
        f'<nav class="sections">{nav}{_filters(report)}</nav>'
        "<main>"
    )
    yield from _summary(report, links)
    for section in (_figures, _names, _citations, _quotations, _damage, _other):
        yield from section(report, links)  # made one section at a time
    yield (
        "</main>"
        "<footer>Made by corpuslint. Figures are compared as the rules read them: "
        "round figures carry their rounding, “more than double” means two and a bit.</footer>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )
