"""Configuration: discovery, precedence over flags, validation, and what each key does."""

from __future__ import annotations

import pytest

TYPO = "Serzh Sargzyan met Serzh Sargsyan's advisers.\n"
BROKEN = "A claim.[2]\n\nNotes\n\n[1] Reuters, “Armenia votes,” 12 May 2018.\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "corpus" / "quoted").mkdir(parents=True)
    (tmp_path / "corpus" / "a.txt").write_text(TYPO, encoding="utf-8")
    (tmp_path / "corpus" / "quoted" / "b.txt").write_text(TYPO + "\n" + BROKEN, encoding="utf-8")
    (tmp_path / "corpus" / "c.md").write_text("Clean text.\n", encoding="utf-8")
    return tmp_path


def codes(out: str) -> list[str]:
    return [line.split(": ")[1].split()[0] for line in out.splitlines()[:-1]]


def test_pyproject_table_is_found_upward_and_its_root_is_checked(project, run_cli):
    (project / "pyproject.toml").write_text('[tool.corpuslint]\nroot = "corpus"\nselect = ["NAM"]\n', encoding="utf-8")
    code, out, _ = run_cli("check", cwd=project / "corpus" / "quoted")
    assert code == 1 and codes(out) == ["NAM003", "NAM003"] and "in 3 files" in out


def test_flags_win_over_the_file(project, run_cli):
    (project / "corpuslint.yaml").write_text("root: corpus\nselect: [NAM]\nfail-on: error\n", encoding="utf-8")
    code, out, _ = run_cli("check", cwd=project)
    assert code == 0 and codes(out) == ["NAM003", "NAM003"]  # warnings, and fail-on error from the file
    code, out, _ = run_cli("check", "--select", "CIT", "--fail-on", "warning", cwd=project)
    assert code == 1 and codes(out) == ["CIT001", "CIT002"]


def test_per_file_ignores_severity_and_excludes(project, run_cli):
    (project / "corpuslint.yaml").write_text(
        "root: corpus\nper-file-ignores:\n  'corpus/quoted/*': [NAM]\nseverity:\n  NAM003: error\n"
        "exclude: ['**/c.md']\n", encoding="utf-8")
    code, out, _ = run_cli("check", cwd=project)
    lines = out.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == ["corpus/a.txt", "corpus/quoted/b.txt", "corpus/quoted/b.txt"]
    assert codes(out) == ["NAM003", "CIT001", "CIT002"] and "2 errors" in lines[-1] and "in 2 files" in lines[-1]
    # An excluded file stays excluded when passed by name (pre-commit passes it).
    (project / "corpuslint.yaml").write_text("exclude: ['**/a.txt']\n", encoding="utf-8")
    code, out, _ = run_cli("check", "corpus/a.txt", cwd=project)
    assert code == 0 and out.startswith("0 findings") and "in 0 files" in out
    (project / "empty.yaml").write_text("", encoding="utf-8")
    code, out, _ = run_cli("check", "--config", "empty.yaml", "corpus/a.txt", cwd=project)
    assert code == 1 and codes(out) == ["NAM003"]


def test_files_passed_by_name_are_checked_with_the_corpus_as_context(project, run_cli):
    (project / "corpuslint.yaml").write_text("root: corpus\nselect: [NAM002]\n", encoding="utf-8")
    (project / "corpus" / "d.txt").write_text("Erdogan spoke. Erdogan left.\n", encoding="utf-8")
    (project / "corpus" / "e.txt").write_text("Erdoğan spoke. Erdoğan left. Erdoğan won.\n", encoding="utf-8")
    code, out, _ = run_cli("check", "corpus/d.txt", cwd=project)
    assert "corpus/d.txt:1:1: NAM002" in out and "e.txt" in out  # compared with a file not passed
    code, out, _ = run_cli("check", "corpus/c.md", cwd=project)
    assert codes(out) == []  # nothing touches c.md


def test_files_passed_by_name_with_the_corpus_as_context_are_read_as_when_named_alone(project, run_cli):
    """The walk of the root skips binary files, other suffixes and hidden files silently;
    a file passed by name is still a binary file to warn about, or a document to check."""
    (project / "corpuslint.yaml").write_text("root: corpus\nselect: [CIT]\n", encoding="utf-8")
    (project / "corpus" / "scan.md").write_bytes(b"%PDF-1.7\x00\x01\x02 not text")
    (project / "corpus" / "notes.rst").write_text(BROKEN, encoding="utf-8")
    code, out, err = run_cli("check", "corpus/scan.md", cwd=project)
    assert code == 0 and "corpus/scan.md" in err and "binary" in err
    code, out, _ = run_cli("check", "corpus/notes.rst", cwd=project)
    assert code == 1 and codes(out) == ["CIT001", "CIT002"] and out.startswith("corpus/notes.rst:1:")
    code, out, err = run_cli("check", cwd=project)  # the walk itself still passes them over
    assert "scan.md" not in err and "notes.rst" not in out


@pytest.mark.parametrize(
    "text,fragment",
    [
        ("root: corpus\nbogus: 1\n", "unknown key 'bogus'"),
        ("select: NAM\nexclude: [1, 2]\n", "key 'exclude' must be a list of strings"),
        ("fail-on: sometimes\n", "key 'fail-on' must be error, warning or info"),
        ("severity: {NAM003: loud}\n", "key 'severity' must map rule codes"),
        ("exclude: ['[']\n", "bad glob"),
        ("root: [corpus\n", "invalid YAML"),
    ],
)
def test_configuration_errors_name_the_file_and_key(project, run_cli, text, fragment):
    (project / "corpuslint.yaml").write_text(text, encoding="utf-8")
    code, _, err = run_cli("check", cwd=project)
    assert code == 2 and "corpuslint.yaml" in err and fragment in err and err.count("\n") == 1


def test_toml_errors_and_explicit_config_file(project, run_cli):
    (project / "settings.toml").write_text("[tool.corpuslint]\nselect = 3\n", encoding="utf-8")
    code, _, err = run_cli("check", "--config", "settings.toml", "corpus", cwd=project)
    assert code == 2 and "settings.toml: key 'select' must be a list of strings" in err
    code, _, err = run_cli("check", "--config", "missing.yaml", cwd=project)
    assert code == 2 and "does not exist" in err


def test_config_command_prints_the_effective_configuration(project, run_cli):
    (project / "corpuslint.yaml").write_text("root: corpus\nignore: [CIT011]\n", encoding="utf-8")
    code, out, _ = run_cli("config", cwd=project)
    assert code == 0 and "corpuslint.yaml" in out and "root: corpus" in out and "- CIT011" in out
    assert "fail-on: warning" in out
