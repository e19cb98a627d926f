"""The registry, selection, and every rule against its own documented examples."""

from __future__ import annotations

import pytest

from corpuslint.checks.registry import CODE_PATTERN, FAMILIES, SelectionError, all_rules, get_rule, select_rules
from corpuslint.documents import Document
from corpuslint.engine import Context
from corpuslint.facts import DocumentFacts, extract_facts
from corpuslint.ruledata import load_rule_data

RULE_DATA = load_rule_data()
EXAMPLES = [(rule, example) for rule in all_rules() for example in rule.examples()]


def facts_of(text: str, kind: str = "text") -> DocumentFacts:
    return extract_facts(Document(path=f"example.{'md' if kind == 'markdown' else 'txt'}", text=text, kind=kind), RULE_DATA)


@pytest.mark.parametrize(
    "rule,example", EXAMPLES, ids=[f"{r.code}-{'flags' if e.flagged else 'passes'}-{i}" for i, (r, e) in enumerate(EXAMPLES)]
)
def test_rule_behaves_as_its_documentation_says(rule, example, tmp_path):
    from corpuslint.checks.registry import CorpusRule
    from corpuslint.engine import run

    documents = [facts_of(text, example.kind) for text in example.documents]
    for index, facts in enumerate(documents):
        facts.path = f"example-{index}.txt"
    if rule.code.startswith("SUP"):  # applied by the engine to the other rules' findings
        for index, text in enumerate(example.documents):
            (tmp_path / f"example-{index}.md").write_text(text, encoding="utf-8")
        findings = [f for f in run([str(tmp_path)]).findings if f.code == rule.code]
    elif issubclass(rule, CorpusRule):
        findings = list(rule().check_corpus(documents, Context(RULE_DATA)))
    else:
        findings = [f for facts in documents for f in rule().check(facts, Context(RULE_DATA))]
    if example.flagged:
        assert findings, f"{rule.code} should flag its example:\n{example.text}"
        assert all(f.code == rule.code and f.message for f in findings)
    else:
        assert not findings, f"{rule.code} must not flag its example, got {[f.message for f in findings]}"


def test_every_document_rule_documents_both_sides():
    for rule in all_rules():
        if rule.code.startswith("DOC"):
            continue
        assert rule.flags and rule.passes, f"{rule.code} needs examples it flags and examples it must not flag"
        assert len(rule.explanation.split()) >= 25, f"{rule.code} explanation is too thin"


def test_codes_and_names_are_well_formed_and_unique():
    rules = all_rules()
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)
    for rule in rules:
        assert CODE_PATTERN.match(rule.code) and rule.code[:3] in FAMILIES
        assert rule.summary.endswith(".")


def test_selection_by_code_prefix_and_name():
    assert [r.code for r in select_rules(["CIT001"])] == ["CIT001"]
    assert {r.code for r in select_rules(["CIT00"])} == {f"CIT00{i}" for i in range(1, 10)}
    assert [r.code for r in select_rules(["truncated-url"])] == ["CIT008"]
    assert "CIT004" not in {r.code for r in select_rules(["CIT"], ["CIT004"])}
    assert {r.code for r in select_rules(["cit01"])} == {f"CIT01{i}" for i in range(0, 9)}


def test_unknown_selector_is_an_error():
    with pytest.raises(SelectionError, match="XYZ"):
        select_rules(["XYZ"])
    with pytest.raises(SelectionError):
        select_rules([], ["no-such-rule"])


def test_get_rule_by_code_or_name():
    assert get_rule("cit012").name == "notes-outside-document"
    assert get_rule("notes-outside-document").code == "CIT012"
    assert get_rule("NOPE999") is None
