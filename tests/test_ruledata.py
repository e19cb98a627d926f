"""Rule data is validated on load; errors name file and line; the run goes on."""

from __future__ import annotations

import pytest
import yaml

from corpuslint import ruledata
from corpuslint.ruledata import load_rule_data

from .conftest import FIXTURES


PARSERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])


@pytest.fixture(params=PARSERS, ids=lambda loader: loader.__name__)
def parser(request, monkeypatch):
    """Rule data read by each YAML parser this PyYAML has: libyaml's where it was built
    with it, the pure-Python one where not. Both must say the same, errors and lines too."""
    monkeypatch.setattr(ruledata, "YAML_LOADER", request.param)
    return request.param


def test_the_yaml_parsers_read_the_builtin_rule_data_alike(monkeypatch):
    loaded = []
    for loader in PARSERS:
        monkeypatch.setattr(ruledata, "YAML_LOADER", loader)
        loaded.append(repr(load_rule_data()))
    assert loaded[0] and all(each == loaded[0] for each in loaded)


def load_one(tmp_path, text: str):
    (tmp_path / "citations.yaml").write_text(text, encoding="utf-8")
    return load_rule_data([str(tmp_path)])


def test_builtin_rule_data_loads_cleanly():
    data = load_rule_data()
    assert data.errors == []
    assert data.citations.external_notes and "notes" in data.citations.notes_headings


@pytest.mark.parametrize(
    "text,line,fragment",
    [
        ("external-notes:\n  - pattern: 'x'\n    examples: [x]\nbogus: 1\n", 4, "unknown key 'bogus'"),
        ("notes-headings: Notes\n", 1, "notes-headings must be a list"),
        ("external-notes:\n  - pattern: '(unclosed'\n    examples: [a]\n", 2, "does not compile"),
        ("external-notes:\n  - pattern: 'footnotes'\n    examples:\n      - 'endnotes here'\n", 4, "does not match its example"),
        ("external-notes:\n  - pattern: 'notes'\n    examples: [notes]\n    counter-examples: [my notes]\n", 4, "matches its counter-example"),
        ("external-notes:\n  - examples: [notes]\n", 2, "missing the required key 'pattern'"),
        ("notes-headings:\n  - Notes\n  - 'unterminated\n", 4, "invalid YAML"),
        ("notes-headings: [Notes]\nnotes-headings: [More]\n", 2, "given twice"),
    ],
)
def test_malformed_rule_data_names_file_and_line(tmp_path, text, line, fragment, parser):
    data = load_one(tmp_path, text)
    (error,) = data.errors
    assert error.path.endswith("citations.yaml")
    assert error.line == line
    assert fragment in error.message
    assert "\n" not in str(error)


def test_invalid_extra_file_is_skipped_and_builtin_data_still_applies(tmp_path):
    data = load_one(tmp_path, "bogus: 1\n")
    assert len(data.errors) == 1
    assert data.citations.external_notes  # the built-in phrases are still there


def test_extra_directory_adds_phrases(tmp_path):
    data = load_one(tmp_path, "external-notes:\n  - pattern: 'Quellen siehe PDF'\n    examples: ['Quellen siehe PDF']\n")
    assert data.errors == []
    assert any("Quellen" in p.pattern.pattern for p in data.citations.external_notes)


def test_missing_rules_directory_is_an_error(tmp_path):
    data = load_rule_data([str(tmp_path / "nope")])
    assert data.errors and "does not exist" in data.errors[0].message


def test_cli_reports_bad_rule_data_and_exits_two_after_running(tmp_path, run_cli):
    (tmp_path / "citations.yaml").write_text("bogus: 1\n", encoding="utf-8")
    code, out, err = run_cli("check", "--rules", str(tmp_path), str(FIXTURES / "citations" / "external-notes.txt"))
    assert code == 2
    assert "citations.yaml:1: unknown key 'bogus'" in err
    assert "CIT012" in out  # the run went on with the built-in data


def load_names(tmp_path, text: str):
    path = tmp_path / "extra-names.yaml"
    path.write_text(text, encoding="utf-8")
    return load_rule_data(names_files=[str(path)])


@pytest.mark.parametrize(
    "text,line,fragment",
    [
        ("- name: Kyiv\n  aliases: [Kyiv]\n", 2, "lists its own name as an alias"),
        ("- name: Kyiv\n  spelling: Kiev\n", 2, "unknown key 'spelling'"),
        ("- name: Kyiv\n  aliases: Kiev\n", 2, "aliases must be a list"),
        ("- name: Kyiv\n  kind: city\n", 2, "kind 'city' is not one of"),
        ("- aliases: [Kiev]\n", 1, "missing the required key 'name'"),
        ("- distinct: [Iran]\n", 1, "at least two names"),
        ("name: Kyiv\n", 1, "names.yaml must be a list"),
        ("- name: Tbilisi\n", 1, "'Tbilisi' is already listed"),
        ("- name: [Kyiv]\n", 1, "name must be a single value"),
    ],
)
def test_malformed_names_file_names_file_and_line(tmp_path, text, line, fragment, parser):
    data = load_names(tmp_path, text)
    (error,) = data.errors
    assert error.path.endswith("extra-names.yaml") and error.line == line and fragment in error.message


def test_names_file_adds_entries_and_builtin_names_load():
    data = load_rule_data()
    assert data.errors == []
    names = {entry.name for entry in data.names.entries}
    assert {"Serzh Sargsyan", "Heydar Aliyev", "Levon Ter-Petrosyan", "Ursula von der Leyen", "Tbilisi", "Gyumri"} <= names
    nakhchivan = next(e for e in data.names.entries if e.name == "Nakhchivan")
    assert "Nakhichevan" in nakhchivan.aliases


def test_missing_names_file_is_an_error():
    data = load_rule_data(names_files=["no/such/names.yaml"])
    assert data.errors and data.errors[0].message == "names file does not exist"


def load_figures(tmp_path, text: str):
    (tmp_path / "figures.yaml").write_text(text, encoding="utf-8")
    return load_rule_data([str(tmp_path)])


EVENT = "events:\n  - id: war\n    description: a war\n    years: 1990-1995\n    patterns: ['the war']\n    examples: [the war]\n"


@pytest.mark.parametrize(
    "text,line,fragment",
    [
        ("concepts:\n  - id: killed\n    description: x\n    words: [dead]\n", 2, "already defined"),
        ("concepts:\n  - id: Bad Id\n    description: x\n    words: [dead]\n", 2, "lower-case letters"),
        ("concepts:\n  - id: c\n    description: x\n    words: [dead]\n    kinds: [people]\n", 5, "kind 'people'"),
        ("concepts:\n  - id: c\n    description: x\n    words: dead\n", 4, "words must be a list"),
        (EVENT.replace("1990-1995", "1995-1990"), 4, "end before they start"),
        (EVENT.replace("1990-1995", "nineties"), 4, "is not a year"),
        (EVENT.replace("examples: [the war]", "examples: [a battle]"), 6, "matches its example 'a battle'"),
        (EVENT.replace("'the war'", "'(the war'"), 5, "does not compile"),
        ("claims:\n  - id: c\n    description: x\n    kind: date\n    words: [truce]\n    event: nowhere\n", 6,
         "event 'nowhere' is not defined"),
        ("claims:\n  - id: c\n    description: x\n    kind: deaths\n    words: [truce]\n", 4, "kind 'deaths'"),
        ("claims:\n  - id: c\n    kind: date\n    words: [truce]\n", 2, "missing the required key 'description'"),
        ("scopes: []\n", 1, "unknown key 'scopes'"),
    ],
)
def test_malformed_figures_file_names_file_and_line(tmp_path, text, line, fragment, parser):
    data = load_figures(tmp_path, text)
    (error,) = data.errors
    assert error.path.endswith("figures.yaml") and error.line == line
    assert fragment in error.message
    # The file is skipped as a whole; the built-in figure data still applies.
    assert any(c.id == "killed" for c in data.figures.concepts)


def test_figures_file_adds_concepts_events_and_claims(tmp_path):
    data = load_figures(
        tmp_path,
        "concepts:\n  - id: vaccinated\n    description: people vaccinated\n    words: [vaccinated, jabs]\n"
        + EVENT
        + "claims:\n  - id: war-began\n    description: the start\n    kind: date\n    words: [began]\n    event: war\n",
    )
    assert data.errors == []
    concept = next(c for c in data.figures.concepts if c.id == "vaccinated")
    assert concept.words.search("500 jabs were given") and not concept.words.search("unvaccinated")
    assert next(e for e in data.figures.events if e.id == "war").first == 1990
    assert next(c for c in data.figures.claims if c.id == "war-began").event == "war"


def test_a_backtracking_event_pattern_is_bounded_and_reported(tmp_path, run_cli):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "figures.yaml").write_text(
        "events:\n  - id: slow\n    description: x\n    years: '2020'\n    patterns: ['(?:a|aa)+$']\n    examples: [aaa]\n",
        encoding="utf-8")
    (tmp_path / "slow.txt").write_text("a" * 60 + "b: 5 people were killed in 2020.\n", encoding="utf-8")
    (tmp_path / "fine.txt").write_text("Tblisi is misspelled.\n", encoding="utf-8")
    code, out, err = run_cli("check", "--rules", str(rules), str(tmp_path / "slow.txt"), str(tmp_path / "fine.txt"))
    assert code == 2 and "slow.txt: a rule-data pattern took longer than" in err and "a bug" not in err
    assert "fine.txt:1:1: NAM003" in out  # the run went on
