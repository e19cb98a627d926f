"""Baselines: record the findings a corpus has, report only new ones."""

from __future__ import annotations

import json
import shutil

from .conftest import CORPUS

TYPO = "Serzh Sargzyan met Serzh Sargsyan's advisers in 2015.\n"


def corpus_copy(tmp_path):
    shutil.copytree(CORPUS, tmp_path / "corpus")
    return tmp_path / "corpus"


def test_round_trip_hides_every_recorded_finding(tmp_path, run_cli, run_json):
    corpus_copy(tmp_path)
    code, _, err = run_cli("baseline", "corpus", cwd=tmp_path)
    assert code == 0 and "Wrote" in err
    recorded = json.loads((tmp_path / "corpuslint-baseline.json").read_text(encoding="utf-8"))["findings"]
    _, everything, _ = run_json("--no-baseline", "corpus", cwd=tmp_path)
    assert len(recorded) == len(everything["findings"]) > 100
    code, data, _ = run_json("corpus", cwd=tmp_path)  # found upward from the working directory
    assert code == 0 and data["findings"] == [] and data["summary"]["baselined"] == len(recorded)


def test_edits_elsewhere_do_not_resurrect_findings_and_new_ones_are_reported(tmp_path, run_cli, run_json):
    corpus = corpus_copy(tmp_path)
    run_cli("baseline", "corpus", cwd=tmp_path)
    article = next(corpus.glob("2021-03-22-*.txt"))
    text = article.read_text(encoding="utf-8")
    # Lines shift (a new first paragraph), text is added after the notes, and a new defect appears.
    article.write_text("A new first paragraph.\n\n" + text + "\nA new paragraph: " + TYPO, encoding="utf-8")
    code, data, _ = run_json("corpus", cwd=tmp_path)
    assert code == 1
    assert [(f["code"], f["line"]) for f in data["findings"]] == [("NAM003", text.count("\n") + 4)]


def test_a_fixed_finding_drops_out_when_the_baseline_is_rewritten(tmp_path, run_cli):
    (tmp_path / "a.txt").write_text(TYPO + "\n" + TYPO, encoding="utf-8")
    run_cli("baseline", ".", cwd=tmp_path)
    first = json.loads((tmp_path / "corpuslint-baseline.json").read_text(encoding="utf-8"))["findings"]
    assert [e["code"] for e in first] == ["NAM003", "NAM003"]  # the same text twice: two entries
    (tmp_path / "a.txt").write_text(TYPO.replace("Sargzyan", "Sargsyan") + "\n" + TYPO, encoding="utf-8")
    code, out, _ = run_cli("check", ".", cwd=tmp_path)
    assert code == 0 and "1 more in the baseline" in out
    run_cli("baseline", ".", cwd=tmp_path)
    again = json.loads((tmp_path / "corpuslint-baseline.json").read_text(encoding="utf-8"))["findings"]
    assert len(again) == 1 and not list(tmp_path.glob(".corpuslint-baseline.json.*"))  # written atomically


def test_one_entry_hides_one_occurrence(tmp_path, run_cli):
    (tmp_path / "a.txt").write_text(TYPO, encoding="utf-8")
    run_cli("baseline", ".", cwd=tmp_path)
    (tmp_path / "a.txt").write_text(TYPO + "\n" + TYPO, encoding="utf-8")
    code, out, _ = run_cli("check", ".", cwd=tmp_path)
    assert code == 1 and out.startswith("a.txt:3:1: NAM003")


def test_no_baseline_and_explicit_baseline(tmp_path, run_cli):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(TYPO, encoding="utf-8")
    run_cli("baseline", "docs", "--output", "accepted.json", cwd=tmp_path)
    assert run_cli("check", "docs", cwd=tmp_path)[0] == 1  # not the default name: not found
    assert run_cli("check", "--baseline", "accepted.json", "docs", cwd=tmp_path)[0] == 0
    code, _, err = run_cli("check", "--baseline", "missing.json", "docs", cwd=tmp_path)
    assert code == 2 and "missing.json does not exist" in err
    code, _, err = run_cli("check", "--baseline", "accepted.json", "--no-baseline", "docs", cwd=tmp_path)
    assert code == 2 and "exclude each other" in err


def test_a_broken_baseline_is_one_line_naming_the_file(tmp_path, run_cli):
    (tmp_path / "a.txt").write_text(TYPO, encoding="utf-8")
    (tmp_path / "corpuslint-baseline.json").write_text('{"version": 1, "findings": [\n', encoding="utf-8")
    code, _, err = run_cli("check", ".", cwd=tmp_path)
    assert code == 2 and "corpuslint-baseline.json:2: not a corpuslint baseline" in err and err.count("\n") == 1
    (tmp_path / "corpuslint-baseline.json").write_text('{"version": 9, "findings": []}', encoding="utf-8")
    code, _, err = run_cli("check", ".", cwd=tmp_path)
    assert code == 2 and "version 1" in err


def test_repository_corpus_is_clean_against_its_baseline(run_cli):
    from .conftest import ROOT

    code, out, _ = run_cli("check", "corpus", cwd=ROOT)
    assert code == 0 and out.startswith("0 findings") and "more in the baseline corpuslint-baseline.json" in out


def test_only_files_the_baseline_names_are_read_again(tmp_path, run_cli, monkeypatch):
    """A fingerprint covers the file's path: findings in other files cannot match, and
    their files are not read a second time to fingerprint them."""
    from corpuslint import baseline

    (tmp_path / "old.txt").write_text(TYPO, encoding="utf-8")
    run_cli("baseline", ".", cwd=tmp_path)
    (tmp_path / "new.txt").write_text(TYPO, encoding="utf-8")
    read = []
    real = baseline.read_document
    monkeypatch.setattr(baseline, "read_document", lambda path, *a: read.append(path.name) or real(path, *a))
    code, out, _ = run_cli("check", ".", cwd=tmp_path)
    assert code == 1 and out.startswith("new.txt:1:1: NAM003") and "1 more in the baseline" in out
    assert read == ["old.txt"]


def test_entries_without_their_path_still_hide_findings(tmp_path, run_cli):
    (tmp_path / "a.txt").write_text(TYPO, encoding="utf-8")
    run_cli("baseline", ".", cwd=tmp_path)
    written = tmp_path / "corpuslint-baseline.json"
    data = json.loads(written.read_text(encoding="utf-8"))
    data["findings"] = [{"fingerprint": entry["fingerprint"]} for entry in data["findings"]]  # a hand-made baseline
    written.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run_cli("check", ".", cwd=tmp_path)
    assert code == 0 and "1 more in the baseline" in out
