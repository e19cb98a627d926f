"""The command line as users meet it: output formats, exit status, errors."""

from __future__ import annotations

import json

from .conftest import CORPUS, FIXTURES, ROOT, run_process

FIXTURE = FIXTURES / "citations" / "bracket-missing-and-uncited.txt"
CLEAN = FIXTURES / "citations" / "bracket-notes-clean.txt"


def test_text_output_is_path_line_col_code_message_then_summary(run_cli):
    code, out, err = run_cli("check", str(FIXTURE))
    lines = out.splitlines()
    assert code == 1
    assert lines[0].endswith(":2:43: CIT001 note marker [4] has no matching note: the notes (line 5) have 1–3; add note 4 or correct the marker")
    assert lines[-1] == "2 findings (1 error, 1 warning, 0 info) in 1 file"


def test_clean_document_exits_zero(run_cli):
    code, out, _ = run_cli("check", str(CLEAN))
    assert code == 0
    assert out == "0 findings (0 errors, 0 warnings, 0 info) in 1 file\n"


def test_json_shape(run_json):
    code, data, _ = run_json(str(FIXTURE))
    assert code == 1
    assert data["version"] == 1
    assert set(data) == {"version", "findings", "summary"}
    finding = data["findings"][0]
    assert list(finding) == [
        "code", "name", "severity", "message", "path", "line", "column", "end_line", "end_column", "related", "fix",
    ]
    assert (finding["code"], finding["name"], finding["severity"]) == ("CIT001", "marker-without-note", "error")
    assert (finding["line"], finding["column"], finding["end_line"], finding["end_column"]) == (2, 43, 2, 46)
    assert data["summary"]["errors"] == 1 and data["summary"]["by_code"] == {"CIT001": 1, "CIT002": 1}


def test_related_locations_in_json(run_json):
    _, data, _ = run_json(str(FIXTURES / "citations" / "reused-number.txt"), "--select", "CIT004")
    (finding,) = data["findings"]
    assert finding["related"] == [
        {"path": finding["path"], "line": 2, "column": 85, "message": "first use of [6]"}
    ]


def test_fail_on_threshold(run_cli):
    warning_only = FIXTURES / "citations" / "notes-without-markers.txt"
    assert run_cli("check", str(warning_only))[0] == 1
    assert run_cli("check", "--fail-on", "error", str(warning_only))[0] == 0
    assert run_cli("check", "--fail-on", "error", str(FIXTURE))[0] == 1


def test_select_and_ignore(run_json):
    _, data, _ = run_json(str(FIXTURE), "--select", "CIT002")
    assert [f["code"] for f in data["findings"]] == ["CIT002"]
    _, data, _ = run_json(str(FIXTURE), "--ignore", "CIT001,CIT002")
    assert data["findings"] == []


def test_unknown_selector_exits_two(run_cli):
    code, _, err = run_cli("check", "--select", "BOGUS1", str(FIXTURE))
    assert code == 2 and "unknown rule selector 'BOGUS1'" in err


def test_missing_path_is_one_line_error_exit_two():
    result = run_process("check", "no/such/dir")
    assert result.returncode == 2
    assert result.stderr == "corpuslint: error: no/such/dir: no such file or directory\n"
    assert "Traceback" not in result.stderr


def test_undecodable_file_in_directory_is_a_finding_and_run_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text("Fine [1].\n\nNotes\n[1] Source, 2001.\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"Caf\xe9 society\n")
    (tmp_path / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run_process("check", "--format", "json", str(tmp_path))
    data = json.loads(result.stdout)
    assert result.returncode == 1
    assert data["summary"]["files"] == 1
    (finding,) = data["findings"]
    assert finding["code"] == "DOC001" and finding["path"].endswith("bad.txt")
    assert (finding["line"], finding["column"]) == (1, 4)
    assert "not valid UTF-8 (byte 0xe9)" in finding["message"]
    assert result.stderr == ""
    ignored = run_process("check", "--ignore", "DOC001", str(tmp_path))
    assert ignored.stderr.count("\n") == 1 and "bad.txt:1:4: not valid UTF-8 (byte 0xe9)" in ignored.stderr


def test_binary_file_named_explicitly_is_warned_about(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x00\x01\x02")
    result = run_process("check", str(path))
    assert result.returncode == 0
    assert "binary file" in result.stderr and "Traceback" not in result.stderr


def test_rules_lists_every_rule(run_cli):
    code, out, _ = run_cli("rules")
    assert code == 0
    assert any(line.startswith("CIT012  notes-outside-document") for line in out.splitlines())
    code, out, _ = run_cli("rules", "--format", "json")
    assert {r["code"] for r in json.loads(out)} >= {f"CIT0{i:02d}" for i in range(1, 13)}


def test_rule_explains_with_examples(run_cli):
    code, out, _ = run_cli("rule", "CIT004")
    assert code == 0
    assert out.startswith("CIT004 note-number-reused\n")
    assert "Flags:" in out and "Does not flag:" in out and "every other number" in out


def test_unknown_rule_exits_two(run_cli):
    code, _, err = run_cli("rule", "XYZ123")
    assert code == 2 and "unknown rule 'XYZ123'" in err


def test_paths_are_shown_relative_to_the_working_directory(run_cli):
    code, out, _ = run_cli("check", "--no-baseline", "corpus", cwd=ROOT)
    assert all(line.startswith("corpus/") for line in out.splitlines()[:-1])


def test_default_path_is_the_working_directory(run_cli):
    code, out, _ = run_cli("check", "--no-baseline", cwd=CORPUS)
    assert "in 5 files" in out.splitlines()[-1]
