"""The pipeline's own duties, beyond any one rule (engine.py)."""

from __future__ import annotations

import weakref

from corpuslint import engine
from corpuslint.checks import names, text_damage

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
