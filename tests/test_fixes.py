"""--fix and --diff: certain fixes only, original bytes kept outside the spans."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpuslint import atomic, fixes
from corpuslint.engine import run

from .conftest import CORPUS, run_process

DAMAGED = (
    "The conflict erupt ed in 2020 and para lyzed the region. This article ex amines it.\n"
    "Ursula von der Leyden visited; “Ursula von der Leyden said nothing”, wrote one paper.\n"
    "The Nagorno- Karabakh cease- fire held.\n"
)


def fix_file(path: Path) -> str:
    result = run([str(path)])
    plans = fixes.plan_fixes(result.findings, {f.path: f for f in result.facts})
    fixes.apply(plans)
    return path.read_bytes().decode("utf-8-sig")


def test_fix_keeps_bom_crlf_and_quotations(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + DAMAGED.replace("\n", "\r\n").encode("utf-8"))
    fix_file(path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data[3:].decode("utf-8")
    assert text.count("\r\n") == 3 and "\n" not in text.replace("\r\n", "")
    assert "erupted in 2020 and paralyzed the region. This article examines it." in text
    assert "Ursula von der Leyen visited" in text
    assert "“Ursula von der Leyden said nothing”" in text  # a quotation keeps its spelling
    assert "The Nagorno-Karabakh cease-fire held." in text


def test_second_fix_changes_nothing(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DAMAGED, encoding="utf-8")
    once = fix_file(path)
    assert fix_file(path) == once


def test_cli_diff_changes_nothing_and_fix_reports_the_rest(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DAMAGED, encoding="utf-8")
    diff = run_process("check", "--diff", str(path))
    assert diff.returncode == 1
    assert "-The conflict erupt ed in 2020" in diff.stdout and "+The conflict erupted in 2020" in diff.stdout
    assert path.read_text(encoding="utf-8") == DAMAGED
    fixed = run_process("check", "--fix", str(path))
    assert "Fixed 6 findings." in fixed.stderr
    assert "erupt ed" not in path.read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name != "a.txt"], "no temporary file may be left behind"
    again = run_process("check", "--diff", str(path))
    assert again.returncode == 0 and again.stdout == ""


def test_file_changed_after_checking_is_not_fixed(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DAMAGED, encoding="utf-8")
    result = run([str(path)])
    path.write_text(DAMAGED + "Edited meanwhile.\n", encoding="utf-8")
    plans = fixes.plan_fixes(result.findings, {f.path: f for f in result.facts})
    assert plans[0].skipped and "changed since it was checked" in plans[0].skipped[0]
    fixes.apply(plans)
    assert path.read_text(encoding="utf-8").endswith("Edited meanwhile.\n")


def test_majority_suggestions_are_never_applied(tmp_path):
    (tmp_path / "a.txt").write_text("Erdogan spoke. Bolsehviks marched.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Erdoğan spoke twice; Erdoğan left. The Bolsheviks won; Bolsheviks ruled.\n", encoding="utf-8")
    result = run([str(tmp_path)], select=["NAM"])
    assert {f.code for f in result.findings} == {"NAM002"}
    assert all(f.fix is None for f in result.findings)


def test_fixing_the_corpus_touches_only_fixed_spans(tmp_path):
    copy = tmp_path / "corpus"
    shutil.copytree(CORPUS, copy)
    result = run([str(copy)])
    plans = fixes.plan_fixes(result.findings, {f.path: f for f in result.facts})
    spans = {plan.path: [finding.fix for finding in plan.applied] for plan in plans}
    assert sum(len(v) for v in spans.values()) >= 90
    fixes.apply(plans)
    for path, fix_list in spans.items():
        before = (CORPUS / Path(path).name).read_text(encoding="utf-8")
        after = Path(path).read_text(encoding="utf-8")
        rebuilt, cursor = [], 0
        for fix in sorted(fix_list, key=lambda f: f.start):
            rebuilt.append(before[cursor : fix.start] + fix.replacement)
            cursor = fix.end
        rebuilt.append(before[cursor:])
        assert after == "".join(rebuilt)


PIECES = st.sampled_from(
    [
        "erupt ed", "para lyzed", "ex amines", "Ursula von der Leyden", "Tblisi", "Nagorno- Karabakh",
        "“Ursula von der Leyden”", "“para lyzed”", "Baku", "the war", "a part of", "per cent", "Shushi",
        "Iran and Iraq", "Erdoğan", "2020", ",", ".", "\n", "\r\n", " ", "  ", "Ter Petrossian",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(PIECES, min_size=1, max_size=40), bom=st.booleans())
def test_property_fix_changes_only_fixed_spans_and_is_idempotent(tmp_path, pieces, bom):
    text = " ".join(pieces)
    path = tmp_path / "doc.txt"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    result = run([str(path)])
    facts = {f.path: f for f in result.facts}
    plans = fixes.plan_fixes(result.findings, facts)
    fixes.apply(plans)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") == bom
    after = data.decode("utf-8-sig")
    # Outside the fixed spans every character is as it was (CRLF included).
    applied = sorted((f.fix for p in plans for f in p.applied), key=lambda f: f.start)
    normalised = text.replace("\r\n", "\n")
    expected, cursor = [], 0
    for fix in applied:
        expected.append(normalised[cursor : fix.start] + fix.replacement)
        cursor = fix.end
    expected.append(normalised[cursor:])
    assert after.replace("\r\n", "\n") == "".join(expected)
    assert after.count("\r\n") == text.count("\r\n")
    # Text inside quotation marks never changes.
    for quote in ("“Ursula von der Leyden”", "“para lyzed”"):
        assert after.count(quote) == text.count(quote)
    # A second run has nothing left to fix.
    second = run([str(path)])
    assert not [f for f in second.findings if f.fix is not None]
    path.unlink()


def test_unwritable_file_keeps_its_content_and_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text(DAMAGED, encoding="utf-8")
    result = run([str(path)])
    plans = fixes.plan_fixes(result.findings, {f.path: f for f in result.facts})

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    applied, failures = fixes.apply(plans)
    assert applied == 0 and len(failures) == 1 and "cannot write the fixes (Permission denied)" in failures[0]
    assert path.read_text(encoding="utf-8") == DAMAGED
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
