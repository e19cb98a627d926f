"""Patterns built at run time (patterns.py): the stdlib shortcut finds what `regex` finds."""

from __future__ import annotations

import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpuslint import patterns
from corpuslint.checks.note_references import flexible, locate_work
from corpuslint.documents import read_document
from corpuslint.facts import extract_facts
from corpuslint.ruledata import load_rule_data

from .conftest import CORPUS, FIXTURES


def regex_only(pattern: str, text: str):
    return patterns.compiled(pattern, regex.IGNORECASE).search(text)


WORDS = st.text(alphabet="abcXYZ.,#&-’é“”–_\u0301٣", min_size=1, max_size=6)
SPACES = st.sampled_from([" ", "  ", "\n", " \t", "\x1c", "\u2003", "\x85", "\u00a0"])


def test_the_characters_let_through_are_read_alike_by_both_engines():
    """Every character the shortcut accepts is whitespace, a word character and a
    boundary to both engines alike, and matches no ASCII letter but itself."""
    import re
    import sys

    allowed = [chr(c) for c in range(sys.maxunicode + 1)
               if not (0xD800 <= c <= 0xDFFF) and not patterns._UNSAFE.search(chr(c))]
    assert len(allowed) > 5000 and "“" in allowed and "é" not in allowed and "\x1c" not in allowed
    text = "".join(allowed)
    for pattern in (r"\s", r"\w", r"\b", r"[a-z]", r"k", r"s", r"i"):
        ours = [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
        theirs = [m.span() for m in regex.finditer(pattern, text, regex.IGNORECASE)]
        assert ours == theirs, pattern


@given(st.lists(WORDS, min_size=1, max_size=3), st.lists(st.tuples(WORDS, SPACES), max_size=6),
       SPACES, st.lists(st.tuples(WORDS, SPACES), max_size=6), st.booleans())
@settings(max_examples=500, deadline=None)
@example(["ab", "cd"], [], "\x1c", [], False)  # only the stdlib counts \x1c as whitespace
@example(["Waal"], [("de", " ")], " ", [], True)
@example(["ibid"], [("é", "")], "", [("\u0301", "")], False)
def test_literal_patterns_match_alike_in_both_engines(words, before, gap, after, upper):
    """The words written in the text with any whitespace between them (or not at all)."""
    text = "".join(w + s for w, s in before) + gap.join(words) + "".join(s + w for w, s in after)
    text = text.upper() if upper else text
    for pattern in (flexible(" ".join(words)), flexible(words[0]) + r"[\s\S]{0,200}?" + flexible(words[-1]) + r"[,.]?[”\"]?"):
        ours, theirs = patterns.search_ignoring_case(pattern, text), regex_only(pattern, text)
        assert (ours and ours.span()) == (theirs and theirs.span())


def test_every_cited_work_of_the_corpus_and_fixtures_is_located_alike(monkeypatch):
    rule_data = load_rule_data()
    notes = []
    for path in sorted(CORPUS.glob("*")) + sorted(p for p in FIXTURES.rglob("*.*") if p.suffix in (".txt", ".md")):
        facts = extract_facts(read_document(path), rule_data)
        notes += [(note, work) for note, works in zip(facts.citations.notes, facts.sources) for work in works]
    fast = [locate_work(note, work) for note, work in notes]
    monkeypatch.setattr(patterns, "search_ignoring_case", regex_only)
    monkeypatch.setattr("corpuslint.checks.note_references.search_ignoring_case", regex_only)
    assert len(notes) > 100 and fast == [locate_work(note, work) for note, work in notes]


# --- rare patterns tried only where a match can start (patterns.matches_at) ------------------

def test_matches_at_goes_on_past_each_match_as_finditer_does():
    pattern = regex.compile(r"ab+|b")
    text = "abbb b ab"
    assert [m.span() for m in patterns.matches_at(pattern, text, [0, 1, 2, 5, 7, 8])] == [(0, 4), (5, 6), (7, 9)]
    assert [m.span() for m in patterns.matches_at(pattern, text, [5, 7])] == [(5, 6), (7, 9)]  # only where asked
    assert list(patterns.occurrences("aaaa", "aa")) == [0, 1, 2]  # overlapping ones too


SCAN_PIECES = [
    "see", "See", "SEE", "also", "cf.", "Cf", "compare", "in", "In", "discussed", "mentioned", "the", "previous",
    "next", "note", "notes", "Note", "NOTES", "footnote", "endnote", "section", "Sections", "§", "(", ")", "3", "12",
    "2.1", "4–6", "and", "of", "Smith", "noted", "notebook", "İ", "ſee", "noteſ", "\u212a", " " * 39, " " * 41,
    "\n", "\n\n", "#", "## ", "1.", "Part", "chapter", "Background", "http://x.org/a", "HTTPS://Y.com", "httpſ://z",
    "ftp://f", "www.example.org", "WWW.A.B", "wwww.", "x://", "/", "%", "@", "a.pdf", "B.HTML", "c.php", "d.aſp",
    "e.aspx", ".htm", "words and words", "“quoted", "end”", "\t", "\u2028", "٣",
]


def _texts():
    return st.lists(st.sampled_from(SCAN_PIECES), max_size=40).flatmap(
        lambda pieces: st.lists(st.sampled_from([" ", "", "\n", "  "]), min_size=len(pieces), max_size=len(pieces))
        .map(lambda gaps: "".join(piece + gap for piece, gap in zip(pieces, gaps))))


def spans(matches):
    return [m.span() for m in matches]


@settings(max_examples=400, deadline=None)
@given(_texts())
@example("as discussed in the previous" + " " * 40 + "footnote 3, which")
@example("see\n" + " " * 39 + "note 4")
def test_pointers_tried_near_their_kind_words_are_those_of_a_whole_text_scan(text):
    from corpuslint.facts import pointers

    assert spans(pointers.pointer_matches(text)) == spans(pointers.POINTER.finditer(text))


def test_a_lead_as_long_as_may_be_is_within_reach():
    from corpuslint.facts import pointers

    space = " " * 40
    text = f"x discussed{space}in{space}the{space}previous{space}footnote 3."
    (match,) = pointers.pointer_matches(text)
    assert match.start() == 2 and match["kind"] == "footnote"
    assert text.index("note") - match.start() == pointers.REACH  # REACH is the longest a lead can be
    (match,) = pointers.pointer_matches(text.replace(space, space + " ", 1))  # 41 spaces after "discussed"
    assert match["lead"].startswith("in ")


@settings(max_examples=400, deadline=None)
@given(_texts())
def test_urls_and_address_marks_tried_where_they_start_are_those_of_a_whole_text_scan(text):
    from corpuslint import markup
    from corpuslint.facts import names

    assert spans(markup.bare_urls(text)) == spans(markup.BARE_URL.finditer(text))
    assert spans(names.address_marks(text)) == spans(names.ADDRESS_MARK.finditer(text))


@settings(max_examples=400, deadline=None)
@given(_texts(), st.booleans())
@example("2.\nSection 3 Intro\n", False)  # a match that runs on past a line end hides the next line's
def test_headings_tried_at_line_starts_are_those_of_a_whole_text_scan(text, markdown):
    from corpuslint.facts import pointers

    heading = pointers.MARKDOWN_HEADING if markdown else pointers.NUMBERED_HEADING
    assert pointers.section_numbers(text, [], markdown) == [m["number"] for m in heading.finditer(text)]
