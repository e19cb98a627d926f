"""SARIF (validated against the OASIS 2.1.0 schema), GitHub annotations, --output."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from .conftest import FIXTURES, ROOT

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_of_the_corpus_is_valid_and_complete(run_cli):
    code, out, _ = run_cli("check", "--no-baseline", "--format", "sarif", "corpus", cwd=ROOT)
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= {"CIT004", "NAM003", "FIG001", "TXT001"}
    assert all(r["help"]["text"] and r["shortDescription"]["text"] for r in rules)
    results = run["results"]
    assert code == 1 and len(results) == 145
    fig = next(r for r in results if r["ruleId"] == "FIG001")
    assert rules[fig["ruleIndex"]]["id"] == "FIG001" and fig["level"] == "warning"
    assert len(fig["relatedLocations"]) >= 2 and fig["partialFingerprints"]["corpuslintSpan/v1"]
    region = fig["locations"][0]["physicalLocation"]["region"]
    assert region["endColumn"] > region["startColumn"]
    assert {r["level"] for r in results} == {"error", "warning", "note"}


def test_sarif_with_no_findings_is_valid(run_cli, tmp_path):
    (tmp_path / "a.txt").write_text("Nothing to see.\n", encoding="utf-8")
    code, out, _ = run_cli("check", "--format", "sarif", str(tmp_path / "a.txt"))
    jsonschema.Draft4Validator(SCHEMA).validate(json.loads(out))
    assert code == 0 and json.loads(out)["runs"][0]["results"] == []


def test_github_annotations_escape_and_locate(run_cli, tmp_path):
    path = tmp_path / "a,b.txt"
    path.write_text("Serzh Sargzyan met Serzh Sargsyan's advisers.\n", encoding="utf-8")
    code, out, _ = run_cli("check", "--format", "github", str(path))
    first = out.splitlines()[0]
    assert first.startswith("::warning file=") and "a%2Cb.txt,line=1,col=1,endLine=1,endColumn=15" in first
    assert ",title=NAM003 name-differs-from-reference::“Serzh Sargzyan” differs" in first
    assert code == 1 and out.splitlines()[-1].startswith("1 finding")


def test_output_file_is_written_whole_and_stdout_keeps_the_summary(run_cli, tmp_path):
    target = tmp_path / "report.json"
    code, out, err = run_cli("check", "--format", "json", "--output", str(target), str(FIXTURES / "citations"))
    assert out == "" and "findings" in err and code == 1
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["findings"] > 0
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    code, _, err = run_cli("check", "--output", str(tmp_path / "no" / "such" / "dir.txt"), str(FIXTURES / "citations"))
    assert code == 2 and "cannot write" in err


def test_text_and_github_reports_are_written_in_batches_as_made(run_cli, tmp_path, monkeypatch):
    """A large report is streamed a batch of characters at a time, to stdout or --output,
    and reads exactly as when written in one piece (order and summary kept)."""
    from corpuslint import cli

    for fmt in ("text", "github"):
        monkeypatch.setattr(cli, "BATCH_CHARS", 10**9)
        code, whole, _ = run_cli("check", "--no-cache", "--format", fmt, str(FIXTURES / "citations"))
        monkeypatch.setattr(cli, "BATCH_CHARS", 3)
        _, streamed, _ = run_cli("check", "--no-cache", "--format", fmt, str(FIXTURES / "citations"))
        target = tmp_path / f"{fmt}.txt"
        run_cli("check", "--no-cache", "--format", fmt, "--output", str(target), str(FIXTURES / "citations"))
        assert code == 1 and whole.count("\n") > 10 * cli.BATCH_CHARS
        assert streamed == target.read_text(encoding="utf-8") == whole
        assert whole.splitlines()[-1].split()[1] == "findings"


# --- JSON and SARIF are written as they are made --------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from corpuslint.reporters.streamed_json import LIST_HERE, dumps_streamed  # noqa: E402


@given(st.lists(st.text(max_size=40), max_size=60), st.integers(1, 100))
def test_batches_join_to_the_pieces_and_hold_about_batch_chars_each(pieces, limit):
    from corpuslint import cli

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli, "BATCH_CHARS", limit)
        batches = list(cli.batches(iter(pieces)))
    assert "".join(batches) == "".join(pieces)
    longest = max(map(len, pieces), default=0)
    assert all(len(batch) < limit + longest for batch in batches)
    assert all(len(batch) >= limit for batch in batches[:-1])  # only the last is short


_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)  # newlines, quotes, controls, any script
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | _TEXT,  # what findings hold: no floats
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(items=st.lists(_VALUES, max_size=5), before=st.dictionaries(_TEXT, _VALUES, max_size=3),
       after=st.dictionaries(_TEXT, _VALUES, max_size=3), depth=st.integers(0, 3), indent=st.integers(1, 4))
def test_a_streamed_document_is_the_bytes_json_dumps_writes(items, before, after, depth, indent):
    """dumps_streamed gives json.dumps's bytes for the whole document, whatever the items
    and wherever the list is nested, so the reports stream without changing a byte."""
    whole, streamed = [*items], LIST_HERE
    for level in range(depth):  # the list as deep in the document as SARIF's results
        whole, streamed = [{"level": level, "list": whole}], [{"level": level, "list": streamed}]
    document = {**before, "the list": streamed, **{key + "'": value for key, value in after.items()}}
    expected = {**before, "the list": whole, **{key + "'": value for key, value in after.items()}}
    pieces = list(dumps_streamed(document, iter(items), indent))
    assert "".join(pieces) == json.dumps(expected, ensure_ascii=False, indent=indent) + "\n"


def test_the_json_and_sarif_reports_are_written_in_pieces(run_cli, tmp_path):
    """A finding at a time, not the whole report at once (1.7 GB for 10,000 articles)."""
    from corpuslint.engine import run
    from corpuslint.checks.registry import select_rules
    from corpuslint.findings import Severity
    from corpuslint.reporters import json_report, sarif

    result = run([str(ROOT / "corpus")])
    for pieces in (json_report.render(result, Severity.WARNING), sarif.render(result, select_rules((), ()))):
        pieces = list(pieces)
        assert len(pieces) > len(result.findings) > 100
        assert '"message"' not in pieces[0]  # the head (the SARIF rules) holds no finding
        assert max(map(len, pieces[1:])) < 20_000


def test_a_file_name_that_is_not_utf8_is_reported_in_every_format(tmp_path):
    """Linux allows any bytes in a file name; Python hands them on as lone surrogates. Each
    format writes the name as its own bytes (as standard output does) rather than failing,
    and a baseline of such a file hides its findings."""
    import subprocess
    import sys

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "caf\udce9.txt").write_bytes(
        "A claim.[2]\n\nNotes\n\n[1] Reuters, “Armenia votes,” 12 May 2018.\n".encode("utf-8"))

    def corpuslint(*args):
        return subprocess.run([sys.executable, "-m", "corpuslint", *args, "--no-cache", "docs"],
                               cwd=tmp_path, capture_output=True, timeout=120)

    for fmt in ("text", "json", "sarif", "github"):
        shown = corpuslint("check", "--format", fmt)
        written = corpuslint("check", "--format", fmt, "-o", f"out.{fmt}")
        assert shown.returncode == written.returncode == 1, (fmt, shown.stderr, written.stderr)
        assert b"caf\xe9.txt" in shown.stdout and b"caf\xe9.txt" in (tmp_path / f"out.{fmt}").read_bytes()
    for fmt in ("json", "sarif"):
        assert json.loads((tmp_path / f"out.{fmt}").read_bytes().decode("utf-8", "surrogateescape"))
    # With the cache (the default), cold and warm: the entry and the file signatures keep the name.
    cached = [subprocess.run([sys.executable, "-m", "corpuslint", "check", "--cache-dir", "cache", "docs"],
                             cwd=tmp_path, capture_output=True, timeout=120) for _ in range(2)]
    assert [run.returncode for run in cached] == [1, 1], cached[0].stderr
    assert cached[0].stdout == cached[1].stdout == corpuslint("check").stdout and not cached[1].stderr
    assert corpuslint("report", "-o", "report.html").returncode == 0
    assert b"caf\xe9.txt" in (tmp_path / "report.html").read_bytes()
    assert corpuslint("baseline").returncode == 0
    after = corpuslint("check")
    assert after.returncode == 0 and b"2 more in the baseline" in after.stdout
