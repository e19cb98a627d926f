"""Who a quotation is credited to, and when (facts for CIT018), and the pointers
"see note 12" / "section 3" (facts for CIT016). Sentences written for the test."""

from __future__ import annotations

import pytest

from corpuslint.documents import Document
from corpuslint.facts import extract_facts
from corpuslint.ruledata import load_rule_data

RULE_DATA = load_rule_data([], [])


def facts_of(text: str, kind: str = "text"):
    return extract_facts(Document("t.txt", text, kind), RULE_DATA)


ATTRIBUTIONS = [
    ("Azerbaijan’s President Ilham Aliyev proudly stated during the war that “drones helped us a lot in this case.”",
     "Ilham Aliyev", None),
    ("They built an alliance encapsulated in Heydar Aliyev’s “one nation, two states” phrase.", "Heydar Aliyev", None),
    ("It looked as though “he was an open interlocutor ready to talk,” as Robert Cutler put it in an October 2020 essay.",
     "Robert Cutler", "October 2020"),
    ("Aliyev famously announced, already back in 2009, that “Karabakh will never be an independent state.”",
     "Aliyev", "2009"),
    ("Prime Minister Pashinyan said in his address in August 2019: “Artsakh is Armenia. Period.”", "Pashinyan", "August 2019"),
    ("Pashinyan abruptly abandoned this approach and called for unification, declaring “Karabakh is Armenia, period.”",
     "Pashinyan", None),
    ("Historian Ronald Suny argues that the ideology of druzhba narodov or “friendship of the peoples” failed.", None, None),
    ("“We will rebuild every home that this storm has taken,” Governor Maria Alvarez said on Tuesday.", "Maria Alvarez", None),
    ("“We will rebuild every single home,” said Mayor Daniel Ortiz.", "Daniel Ortiz", None),
    ("In 2021 the agency's director, Tom Reyes, declared that “a season like this comes once in a generation.”",
     "Tom Reyes", "2021"),
    ("Officials insisted it was “business as usual for the port” all week.", None, None),
    ("As he put it, “the war is over for all of us.”", None, None),
    ("Thomas de Waal claims that “Armenia’s statehood is inseparable from Karabakh.”", "Thomas de Waal", None),
    ("Although Turkey and Azerbaijan describe their relationship as “one nation with two states,” trade matters more.",
     "Turkey and Azerbaijan", None),
]


@pytest.mark.parametrize("sentence,speaker,when", ATTRIBUTIONS, ids=[a[0][:40] for a in ATTRIBUTIONS])
def test_attribution(sentence, speaker, when):
    (quotation,) = facts_of(sentence + "\n").attributions
    assert (quotation.speaker, quotation.when) == (speaker, when)


def test_short_quotations_are_terms_not_statements():
    assert facts_of("It was called the “land of fire” by travellers.\n").attributions == []


def test_quotation_span_is_the_quoted_words():
    text = "Erdogan declaring they were “one nation, two states,” serves a purpose.\n"
    (quotation,) = facts_of(text).attributions
    assert text[quotation.span.start:quotation.span.end] == "one nation, two states"
    assert quotation.words == ("one", "nation", "two", "states")


POINTERS = [
    ("The truce held (see note 3).1\n\n1 Interview.\n", [("note", "3")]),
    ("As discussed in note 5.1 it held.\n\n1 Interview.\n", [("note", "5")]),
    ("The figures (notes 2-4) differ.\n", [("note", "2"), ("note", "3"), ("note", "4")]),
    ("See section 2.1 for the method.\n", [("section", "2.1")]),
    ("The figures are in section 4 of the ministry's report.\n", []),
    ("A note 20 pages long was sent.\n", []),
]


@pytest.mark.parametrize("text,expected", POINTERS, ids=[p[0][:30] for p in POINTERS])
def test_pointers(text, expected):
    assert [(p.kind, p.target) for p in facts_of(text).pointers] == expected


def test_numbered_headings_are_sections_but_markdown_lists_are_not():
    assert facts_of("1. Background\n\nText.\n\n2. Outcome\n\nMore.\n").section_numbers == ["1", "2"]
    assert facts_of("1. Background\n2. Outcome\n", "markdown").section_numbers == []
    assert facts_of("## 1. Background\n\n## 2.1 Outcome\n", "markdown").section_numbers == ["1", "2.1"]
