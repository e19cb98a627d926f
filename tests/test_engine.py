"""The pipeline's own duties, beyond any one rule (engine.py)."""

from __future__ import annotations

import weakref
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from corpuslint import engine
from corpuslint.checks import names, text_damage
from corpuslint.checks.registry import DocumentRule, all_rules

from .conftest import ROOT


def test_a_shared_analysis_is_made_once_and_dropped_after_its_last_reader(monkeypatch):
    """The names analysis serves NAM001-NAM003, then is let go: a large corpus must not
    hold it while the rules after them run (TXT001 comes after the NAM rules)."""
    made = []
    real_analyse = names.analyse

    def analyse(*args):
        analysis = real_analyse(*args)
        made.append(weakref.ref(analysis))
        return analysis

    seen_by_txt = []
    real_check = text_damage.SplitWord.check_corpus

    def check_corpus(self, all_facts, context):
        seen_by_txt.append([ref() is None for ref in made])
        return real_check(self, all_facts, context)

    monkeypatch.setattr(names, "analyse", analyse)
    monkeypatch.setattr(text_damage.SplitWord, "check_corpus", check_corpus)
    result = engine.run([str(ROOT / "corpus")], select=["NAM", "TXT001"])
    assert len(made) == 1 and seen_by_txt == [[True]]
    assert {f.code for f in result.findings} >= {"NAM001", "NAM003"}


def _corpora(tmp_path) -> list[Path]:
    """Every multi-document corpus at hand: this repository's, the directory fixtures, and a
    small synthetic one from the benchmark's generator (planted name variants, figure
    conflicts, shared sources and quotations)."""
    import importlib.util

    found = [ROOT / "corpus"] + sorted(p for p in (ROOT / "tests" / "fixtures").glob("*/*") if p.is_dir())
    spec = importlib.util.spec_from_file_location("generate_corpus", ROOT / "benchmarks" / "generate_corpus.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    generator.generate(tmp_path / "synthetic", 0.5, seed=7)
    return found + [tmp_path / "synthetic"]


def test_a_focused_run_reports_exactly_the_findings_touching_its_documents(tmp_path, monkeypatch):
    """The pre-commit form: with a focus, rules skip the groups no focus document is in.
    For each document of each corpus, the focused run must give exactly the findings of the
    whole run located in it or relating to it (the same objects, same order)."""
    from corpuslint.documents import discover

    checked = 0
    for corpus in _corpora(tmp_path):
        monkeypatch.chdir(corpus)
        whole = engine.run(["."], cache_dir=str(tmp_path / "cache")).findings
        files, _ = discover(["."])
        for path in files:
            focus = {path.resolve()}
            expected = [f.to_dict() for f in engine.touching(whole, focus)]
            focused = engine.run(["."], focus=focus, cache_dir=str(tmp_path / "cache")).findings
            assert [f.to_dict() for f in focused] == expected, (corpus, path)
            checked += bool(expected)
    assert checked > 40  # documents with findings touching them


def test_a_focused_warm_run_decodes_only_its_documents_cached_findings(tmp_path, monkeypatch):
    """The other documents' document-rule findings are in those documents: a focused run
    drops them, so it does not build them from the cache either."""
    import corpuslint.cache as cache
    from corpuslint.findings import Finding

    corpus = Path(__file__).parent.parent / "corpus"
    monkeypatch.chdir(corpus)
    whole = engine.run(["."], cache_dir=str(tmp_path / "cache")).findings
    document_rules = {rule.code for rule in all_rules() if issubclass(rule, DocumentRule)}
    by_document = Counter(f.path for f in whole if f.code in document_rules)
    assert len(by_document) >= 3
    focus = by_document.most_common()[-1][0]  # a document with findings, among others with more
    built = []
    from_row = Finding.from_row
    monkeypatch.setattr(cache.Finding, "from_row", lambda *args: built.append(args[1]) or from_row(*args))
    focused = engine.run(["."], focus={Path(focus).resolve()}, cache_dir=str(tmp_path / "cache")).findings
    assert Counter(built) == {focus: by_document[focus]}
    assert [f.to_dict() for f in focused] == [f.to_dict() for f in engine.touching(whole, {Path(focus).resolve()})]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["war", "peace", "talks", "Baku", "ceasefire", "the"]), st.integers(1, 5)),
                max_size=6))
def test_vocabularies_add_up_as_counters_do(vocabularies):
    from collections import Counter

    total, expected = Counter(), Counter()
    for vocabulary in vocabularies:
        engine.add_counts(total, vocabulary)
        expected.update(vocabulary)
    assert total == expected and type(total) is Counter
