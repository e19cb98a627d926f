"""`corpuslint report` (issue 7): the editorial discrepancy report.

Structure is checked with an HTML parser: the sections are there, every
finding of `check --format json` appears exactly once, nothing is loaded
from elsewhere, and hostile document text stays text. A last test opens the
page in headless Chromium, saves a screenshot under test-artifacts/ and
checks the page ran its script without errors and shows the figure section.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"
SECTIONS = {"summary", "figures", "names", "citations", "quotations", "text"}


class Page(HTMLParser):
    """Every element with its attributes; the text of <script> elements."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)

    def with_attribute(self, name: str) -> list[dict]:
        return [attrs for _, attrs in self.elements if name in attrs]


def json_findings(run_json, *args, cwd=ROOT) -> Counter:
    _, data, _ = run_json("--no-baseline", *args, cwd=cwd)
    return Counter(f"{f['code']} {f['path']}:{f['line']}:{f['column']}" for f in data["findings"])


@pytest.fixture(scope="module")
def corpus_report(tmp_path_factory):
    output = tmp_path_factory.mktemp("report") / "report.html"
    from click.testing import CliRunner

    from corpuslint.cli import cli

    import os

    old = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(cli, ["report", "corpus", "-o", str(output)])
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    return output


def test_every_finding_of_the_json_output_appears_once(corpus_report, run_json):
    page = Page(corpus_report.read_text(encoding="utf-8"))
    shown = Counter(attrs["data-finding"] for attrs in page.with_attribute("data-finding"))
    assert shown == json_findings(run_json, "--format", "json", "corpus")
    assert sum(shown.values()) == 145


def test_sections_navigation_and_filters_are_present(corpus_report):
    page = Page(corpus_report.read_text(encoding="utf-8"))
    ids = {attrs["id"] for attrs in page.with_attribute("id")}
    assert SECTIONS <= ids
    links = {attrs["href"] for tag, attrs in page.elements if tag == "a" and "href" in attrs}
    assert {f"#{section}" for section in SECTIONS} <= links
    assert {attrs["name"] for tag, attrs in page.elements if tag == "select"} == {"family", "severity", "path"}


def test_the_page_is_self_contained(corpus_report):
    html = corpus_report.read_text(encoding="utf-8")
    page = Page(html)
    assert not [a for tag, a in page.elements if tag in ("link", "img", "iframe", "object", "embed")]
    assert not [a for tag, a in page.elements if tag == "script" and "src" in a]
    external = [a["href"] for tag, a in page.elements if tag == "a" and a.get("href", "").startswith(("http:", "https:", "//"))]
    assert external == []
    assert "@import" not in html and "url(" not in html


def test_figure_conflicts_are_grouped_by_fact_with_each_source(corpus_report):
    html = corpus_report.read_text(encoding="utf-8")
    page = Page(html)
    facts = [a for tag, a in page.elements if tag == "article" and a.get("id", "").startswith("fact-")]
    assert len(facts) == 5  # displaced, ceasefire date, spending period, two ratios within SAIS
    text = "".join(page.text)
    assert "people displaced, the first Karabakh war (1988–1994)" in text
    for reading in ("1 million", "700,000", "500,000"):
        assert reading in text
    assert html.count('<svg class="chart"') == 5
    assert "<mark>half a million</mark>" in html


def test_links_point_at_the_documents_relative_to_the_report(corpus_report):
    page = Page(corpus_report.read_text(encoding="utf-8"))
    hrefs = {a["href"] for tag, a in page.elements if tag == "a" and a.get("class") == "loc"}
    assert hrefs and all(not h.startswith("/") for h in hrefs)
    for href in hrefs:
        assert (corpus_report.parent / href).resolve().is_file(), href


HOSTILE = (
    'The truce was agreed on November 9, 2020 <script>alert("x")</script> by both sides.\n\n'
    "Robert Kocharian met officials in Baku [1]; the confl ict <img src=x onerror=alert(1)> escalated.\n\n"
    "References\n[1] </textarea><script>alert(2)</script>, “<b>Bold</b>,” Outlet, 2020.\n"
)


def test_hostile_document_text_is_escaped(tmp_path, run_cli):
    (tmp_path / "a.txt").write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("The truce was agreed on November 10, 2020, ending the war.\n", encoding="utf-8")
    code, _, err = run_cli("report", str(tmp_path), "-o", str(tmp_path / "r.html"), cwd=tmp_path)
    assert code == 0, err
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    page = Page(html)
    assert len(page.scripts) == 1 and "alert" not in page.scripts[0]
    assert not [a for tag, a in page.elements if tag in ("img", "textarea") or "onerror" in a]
    text = "".join(page.text)
    # The hostile text is shown, as text, in the excerpts of real findings.
    assert "<img src=x onerror=alert(1)>" in text and '<script>alert("x")</script>' in text
    assert page.with_attribute("data-finding")
    _, markdown, _ = run_cli("report", "--format", "md", str(tmp_path), cwd=tmp_path)
    assert "\\<img src=x" in markdown  # shown, escaped: Markdown renders \< as a plain <
    assert not re.search(r"(?<!\\)<(?:script|img)", markdown)


def test_markdown_has_the_same_findings(run_cli, run_json):
    code, out, _ = run_cli("report", "--format", "md", "corpus", cwd=ROOT)
    assert code == 0
    for key in json_findings(run_json, "--format", "json", "corpus"):
        finding, location = key.split(" ", 1)
        assert f"`{finding}`" in out and f"`{location}`" in out, key
    assert out.startswith("# Editorial discrepancy report")
    for heading in ("## Summary", "## Figures that disagree", "## Names spelled differently", "## Citations",
                    "## Sources and quotations told differently", "## Text damage"):
        assert heading in out


def test_output_is_written_atomically_and_quietly(tmp_path, run_cli):
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    code, out, err = run_cli("report", "--format", "md", "corpus", "-o", str(target), cwd=ROOT)
    assert code == 0 and out == ""
    assert err.strip().startswith("Wrote the report of 145 findings")  # no progress line when not a terminal
    assert target.read_text(encoding="utf-8").startswith("# Editorial discrepancy report")
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]  # no temporary file left behind


def test_report_names_group_forms_of_one_entity(corpus_report):
    html = corpus_report.read_text(encoding="utf-8")
    names = html[html.index('id="names"'):html.index('id="citations"')]
    assert "Levon Ter-Petrosyan" in names and "Ter Petrossian" in names and "Suggested fix" in names


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs Debian's chromium)")
def test_report_in_a_real_browser(corpus_report, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    url = corpus_report.as_uri()
    shot = chromium(tmp_path, "--window-size=1366,900", f"--screenshot={ARTIFACTS / 'report.png'}", url)
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000, shot.stderr[-500:]
    dom = Page(chromium(tmp_path, "--dump-dom", url).stdout)
    root = next(attrs for tag, attrs in dom.elements if tag == "html")
    assert root.get("data-ready") == "yes" and "data-script-error" not in root
    figures = [attrs for tag, attrs in dom.elements if tag == "section" and attrs.get("id") == "figures"]
    assert figures and "hidden" not in figures[0].get("class", "")
    # The filter, from the address: only NAM findings stay visible.
    filtered = Page(chromium(tmp_path, "--dump-dom", url + "?family=NAM").stdout)
    findings = filtered.with_attribute("data-finding")
    visible = [a for a in findings if "hidden" not in a["class"].split()]
    assert visible and all(a["data-family"] == "NAM" for a in visible)
    assert len(visible) == sum(1 for a in findings if a["data-family"] == "NAM")


def _clusters_one_relabel_at_a_time(statements):
    """The chart's former grouping (relabel the whole list for each agreement), kept as
    the reference the model's sweep must agree with."""
    from pathlib import PurePosixPath

    names = [f"{PurePosixPath(s.path).name}:{s.line}" for s in statements]
    group = list(range(len(statements)))
    for index, statement in enumerate(statements):
        for other in statement.every_agreeing:
            if other in names:
                target = group[names.index(other)]
                group = [group[index] if g == target else g for g in group]
    order = {g: i for i, g in enumerate(dict.fromkeys(group))}
    return [order[g] for g in group]


_BOUND = st.sampled_from([None, -float("inf"), 0.0, 1.0, 2.0, 3.0, 5.0, float("inf")])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["value", "date"]), st.sampled_from(["", " over 2019/2020"]), _BOUND, _BOUND),
                max_size=14))
def test_agreement_is_found_without_comparing_every_pair_as_before(rows):
    """The model counts, lists and groups agreeing statements by bisection and one sweep;
    a comparison of every pair (the former code) gives the same count, the same first
    names and the same colours on the chart."""
    from corpuslint.report import model
    from corpuslint.report.chart import _clusters
    from corpuslint.report.model import AGREEING_SHOWN, Statement, _agree, _agreement

    # A reading has both ends or neither (a date the chart cannot place).
    statements = [Statement(f"d/{index}.txt", index + 1, 1, None, "1", "5" + period, low,
                            None if low is None else low if high is None else high, axis)
                  for index, (axis, period, low, high) in enumerate(rows)]
    _agreement(statements)
    for row in statements:
        every = [f"{other.path.split('/')[1]}:{other.line}" for other in statements if other is not row and _agree(row, other)]
        row.every_agreeing = every
        assert (row.agreeing, row.agrees_with) == (len(every), every[:AGREEING_SHOWN])
        more = len(every) - AGREEING_SHOWN
        assert row.agreement() == (", ".join(every[:AGREEING_SHOWN]) + (f" and {more} more" if more > 0 else "")
                                   if every else "no other source")
    plotted = [row for row in statements if row.plotted]
    assert _clusters(plotted) == _clusters_one_relabel_at_a_time(plotted)
    assert model.AGREEING_SHOWN == 8


def test_the_report_reads_the_same_with_the_runs_names_analysis_and_few_texts_held(monkeypatch):
    """The report takes the names analysis the run kept (not made twice), holds only the
    texts read last, and may let go of the run's facts once read: none changes a byte of it."""
    from corpuslint.engine import run
    from corpuslint.report import html
    from corpuslint.report.model import REPORT_KEEPS, Texts, build_report
    from corpuslint.ruledata import load_rule_data

    rule_data = load_rule_data([], [])
    result = run([str(ROOT / "corpus")], keep=REPORT_KEEPS)
    assert set(result.shared) == set(REPORT_KEEPS)
    kept = html.render(build_report(result, rule_data))
    result.shared = {}
    monkeypatch.setattr(Texts, "KEPT", 2)
    assert html.render(build_report(result, rule_data)) == kept
    released = run([str(ROOT / "corpus")], keep=REPORT_KEEPS)
    assert html.render(build_report(released, rule_data, release_facts=True)) == kept
    assert released.facts == [] and result.facts
    assert not run([str(ROOT / "corpus")]).shared  # not asked: let go after its last rule


def _chart_of(values):
    """The chart of a fact whose sources give `values` (one a source), its row labels,
    its height and the line saying what it leaves out."""
    from corpuslint.report.chart import render_chart
    from corpuslint.report.model import Statement, _agreement

    statements = [Statement(f"d/a{index}.txt", index + 1, 1, None, f"{value:,}", f"{value:,}", value, value, "value")
                  for index, value in enumerate(values)]
    _agreement(statements)
    svg = render_chart(statements, "people displaced")
    height = int(re.search(r'viewBox="0 0 \d+ (\d+)"', svg).group(1))
    left_out = re.findall(r'class="tick">([^<]* not drawn[^<]*)<', svg)
    return re.findall(r'class="label">([^<]+)<', svg), height, left_out


def test_a_chart_draws_a_row_per_source_while_they_fit():
    from corpuslint.report.chart import MAX_ROWS

    labels, height, left_out = _chart_of([1_000_000, 700_000] * (MAX_ROWS // 2))
    assert labels == [f"a{index}.txt:{index + 1}" for index in range(MAX_ROWS)]
    assert left_out == []


def test_a_fact_thousands_of_sources_state_is_drawn_as_its_readings_with_their_counts():
    """A row per source made a chart 52,522 px tall: beyond MAX_ROWS sources a row is a
    reading, most sources first, and nothing is left out while the readings fit."""
    labels, height, left_out = _chart_of([1_000_000] * 2000 + [700_000] * 1500 + [500_000, 700_000] * 250)
    assert labels == ["1,000,000: 2,000 sources", "700,000: 1,750 sources", "500,000: 250 sources"]
    assert height < 200 and left_out == []


def test_readings_beyond_the_charts_rows_are_counted_and_its_extremes_kept():
    from corpuslint.report.chart import MAX_ROWS, ROW, TOP

    # 61 readings: 59 given by three sources each, the lowest by one, the highest by two.
    values = [100 + n for n in range(59)] * 3 + [7] + [10_000] * 2
    labels, height, left_out = _chart_of(values)
    assert len(labels) == MAX_ROWS
    assert labels[-2:] == ["10,000: 2 sources", "a177.txt:178"]  # the extremes, though given least
    drawn = [int(label.split(":")[0].replace(",", "")) for label in labels[:-2]]
    assert drawn == list(range(100, 100 + MAX_ROWS - 2))  # most sources first, then in value order
    assert left_out == [f"{61 - MAX_ROWS} other readings, from {3 * (61 - MAX_ROWS)} sources, "
                        "not drawn: the table lists every source"]
    assert height < TOP + ROW * (MAX_ROWS + 3)


@given(st.lists(st.sampled_from(["", " ", "text", "text  ", "\t", "a | b"]), min_size=1, max_size=12))
def test_markdown_written_as_made_is_the_joined_and_stripped_text(lines):
    from corpuslint.report.markdown import joined_and_stripped

    assert "".join(joined_and_stripped(iter(lines))) == "\n".join(lines).rstrip() + "\n"


SOURCES_AND_QUOTATIONS = {
    "a.txt": """The talks failed.1 The budget grew.2 Both wrote.3

“We will not give up the fight for the valley,” Anna Berg said in 2020.
“Prices will fall before the winter comes to the north,” Tom Hale said in 2021.

1 Thomas de Waal, “No Compromise in Sight,” Foreign Affairs, October 26, 2020.
2 Maria Lopez, “The Budget Question,” The Economist, May 3, 2019.
3 Anna Berg, “Valley Wars,” Foreign Affairs, March 4, 2018; Tom Hale, “Winter Prices,” The Economist, June 2, 2017.
""",
    "b.txt": """The talks stalled.1 The budget shrank.2 Both wrote.3

“We will not give up the fight for the valley,” Karl Moss said in 2020.
“Prices will fall before the winter comes to the north,” Ivan Petrov said in 2021.

1 Thomas de Waal, “No Compromise in Sight,” Foreign Affairs, October 26, 2019.
2 Maria Lopez, “The Budget Question,” The Economist, May 13, 2019.
3 Anna Berg, “Valley Wars,” Foreign Affairs, March 4, 2016; Tom Hale, “Winter Prices,” The Economist, June 2, 2015.
""",
}


def test_each_source_and_quotation_told_differently_is_a_group_of_its_own(tmp_path):
    """Two documents each cite three sources (two in one note) and quote two sentences on
    neighbouring lines, all told differently. Each related place is the other citation or
    quotation itself, and the report makes one group of each: joining findings a few
    lines below a related place chained different sources and quotations into one."""
    from corpuslint.engine import run
    from corpuslint.report.model import build_report
    from corpuslint.ruledata import load_rule_data

    for name, text in SOURCES_AND_QUOTATIONS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run([str(tmp_path)])
    place = {(f.code, f.path, f.span.line, f.span.column) for f in result.findings}
    cited = [f for f in result.findings if f.code in ("CIT017", "CIT018")]
    assert len(cited) == 12
    for finding in cited:
        assert [(finding.code, r.path, r.line, r.column) in place for r in finding.related] == [True]
    report = build_report(result, load_rule_data([], []))
    groups = report.quotations
    # Each version named as its document cites it, the work of a note citing two found by place.
    told = {told for group in groups if group[0].finding.code == "CIT017" for told, _ in report.versions(group)}
    assert told == {"Thomas de Waal, “No Compromise in Sight”, Foreign Affairs, October 26, 2020",
                    "Thomas de Waal, “No Compromise in Sight”, Foreign Affairs, October 26, 2019",
                    "Maria Lopez, “The Budget Question”, The Economist, May 3, 2019",
                    "Maria Lopez, “The Budget Question”, The Economist, May 13, 2019",
                    "Anna Berg, “Valley Wars”, Foreign Affairs, March 4, 2018",
                    "Anna Berg, “Valley Wars”, Foreign Affairs, March 4, 2016",
                    "Tom Hale, “Winter Prices”, The Economist, June 2, 2017",
                    "Tom Hale, “Winter Prices”, The Economist, June 2, 2015"}
    where = sorted(sorted((i.finding.code, Path(i.finding.path).name, i.finding.span.line, i.finding.span.column)
                          for i in group) for group in groups)
    assert where == sorted([[(code, "a.txt", line, column), (code, "b.txt", line, column)]
                            for code, line, column in [("CIT018", 3, 2), ("CIT018", 4, 2), ("CIT017", 6, 3),
                                                       ("CIT017", 7, 3), ("CIT017", 8, 3), ("CIT017", 8, 61)]])


def _quotation_report(tmp_path, speakers: list[str]) -> tuple[str, str]:
    """The HTML and Markdown reports of documents that each quote one sentence, credited
    to the speaker given for it."""
    from corpuslint.engine import run
    from corpuslint.report import html, markdown
    from corpuslint.report.model import build_report
    from corpuslint.ruledata import load_rule_data

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number, speaker in enumerate(speakers):
        (corpus / f"d{number:02}.txt").write_text(
            f"The valley was quiet on day {number}.\n\n“We will not give up the fight for the valley,” {speaker} said in 2020.\n",
            encoding="utf-8")
    report = build_report(run([str(corpus)]), load_rule_data([], []))
    return html.render(report), markdown.render(report)


def test_a_quotation_many_documents_tell_is_shown_as_its_versions(tmp_path):
    """Beyond GROUP_SHOWN findings, a quotation's group is its versions (how told, in how
    many documents, where) and a line per finding: no excerpt or related places each."""
    from corpuslint.report.model import GROUP_SHOWN

    speakers = ["Anna Berg"] * 10 + ["Karl Moss"] * 4 + ["Ivan Petrov"]
    assert len(speakers) > GROUP_SHOWN
    page, text = _quotation_report(tmp_path, speakers)
    group = page[page.index('id="quotation-0"'):]
    group = group[:group.index("</article>")]
    rows = re.findall(r"<tr><td>([^<]*)</td><td class=\"num\">(\d+)</td>", group)
    told = "“We will not give up the fight for the valley” credited to {}, 2020"
    assert [(version, int(n)) for version, n in rows] == [
        (told.format(name), n) for name, n in (("Anna Berg", 10), ("Karl Moss", 4), ("Ivan Petrov", 1))]
    assert group.count("data-finding=") == len(speakers)
    assert "<blockquote>" not in group and "related locations" not in group
    assert f"<summary>{len(speakers)} findings</summary>" in group
    assert f"| {told.format('Karl Moss')} | 4 |" in text


def test_a_quotation_few_documents_tell_keeps_each_finding_whole(tmp_path):
    speakers = ["Anna Berg"] * 3 + ["Karl Moss"]
    page, _ = _quotation_report(tmp_path, speakers)
    group = page[page.index('id="quotation-0"'):]
    group = group[:group.index("</article>")]
    assert group.count("<blockquote>") == len(speakers) and group.count("related locations") == len(speakers)
    assert "<summary>4 findings</summary>" not in group
    assert len(re.findall(r"<tr><td>", group)) == 2  # the versions, above the findings


def test_a_source_many_documents_cite_is_shown_as_its_versions_pages_aside(tmp_path):
    """A book cited by 14 documents at various pages, dated 1995 in ten and 1996 in four:
    two versions (the pages are not what differs), each with its documents."""
    from corpuslint.engine import run
    from corpuslint.report import html
    from corpuslint.report.model import GROUP_SHOWN, build_report
    from corpuslint.ruledata import load_rule_data

    for number in range(14):
        year = 1995 if number < 10 else 1996
        (tmp_path / f"d{number:02}.txt").write_text(
            f"The committee met in its session number {number} of the year.1\n\n"
            f"1 Ines Tekorino, Committee and Interview in Norvik (London: Verso, {year}), {40 + 7 * number}.\n",
            encoding="utf-8")
    report = build_report(run([str(tmp_path)]), load_rule_data([], []))
    [group] = report.quotations
    assert len(group) == 14 > GROUP_SHOWN
    versions = [(told, len(findings)) for told, findings in report.versions(group)]
    assert versions == [("Ines Tekorino, Committee and Interview in Norvik, Verso, 1995", 10),
                        ("Ines Tekorino, Committee and Interview in Norvik, Verso, 1996", 4)]
    page = html.render(report)
    assert f'<td>{versions[1][0]}</td><td class="num">4</td>' in page
    # The first screen names both versions side by side.
    assert f'a source cited differently</a>: {versions[0][0]} · {versions[1][0]}</li>' in page


def test_a_versions_places_are_the_first_finding_in_each_document_in_order():
    from corpuslint.findings import Finding, Severity, Span
    from corpuslint.report.model import Version

    def at(path, line):
        return Finding("CIT018", "n", Severity.WARNING, "m", path, Span(0, 1, line, 1, line, 2), ())

    findings = [at("b.txt", 3), at("a.txt", 5), at("b.txt", 1), at("a.txt", 2), at("c.txt", 9)]
    assert Version("told", findings).places == [findings[0], findings[1], findings[4]]


PLACES = st.tuples(st.sampled_from(["a.txt", "b.txt", "c.txt"]), st.integers(1, 6), st.integers(1, 3))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["CIT017", "CIT018"]), PLACES, st.lists(PLACES, max_size=4)), max_size=14))
def test_source_and_quotation_findings_are_grouped_as_specified(specs):
    """A CIT017/CIT018 finding is grouped with each finding of its rule located exactly at
    one of its related places (path, line and column), and with no other: the groups,
    found through a dictionary of places, are those of the pair-by-pair rule."""
    from corpuslint.checks.grouping import DisjointSets
    from corpuslint.findings import Finding, Related, Severity, Span
    from corpuslint.report.model import _quotation_groups

    findings = [Finding(code, "n", Severity.WARNING, "m", path, Span(0, 1, line, column, line, column + 1),
                        tuple(Related(p, l, c, "r") for p, l, c in related))
                for code, (path, line, column), related in specs]
    sets = DisjointSets(len(findings))
    for i, finding in enumerate(findings):
        for j, other in enumerate(findings):
            if other.code == finding.code and any((r.path, r.line, r.column) == (other.path, other.span.line, other.span.column)
                                                  for r in finding.related):
                sets.union(i, j)
    expected = [[findings[i] for i in members] for members in sets.groups()]
    assert _quotation_groups(findings, lambda finding: finding) == expected
