"""Citation facts: what counts as a marker and a note, and that facts serialise."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from corpuslint.documents import Document
from corpuslint.facts import DocumentFacts, extract_facts
from corpuslint.ruledata import load_rule_data

from .conftest import CORPUS

RULE_DATA = load_rule_data()


def citations(text: str, kind: str = "text"):
    return extract_facts(Document(path="t", text=text, kind=kind), RULE_DATA).citations


def labels(text: str, kind: str = "text") -> list[str]:
    return [m.label for m in citations(text, kind).markers]


def test_bracket_lists_and_ranges_expand():
    text = "A [1]. B [2, 3]. C [4–6].\n\nNotes\n[1] a.\n[2] b.\n[3] c.\n[4] d.\n[5] e.\n[6] f.\n"
    assert labels(text) == ["1", "2", "3", "4", "5", "6"]


def test_editorial_brackets_years_and_lone_numbers_are_not_markers():
    assert labels("He said it was [political], [...] [sic] in [2020] or [A].\n") == []
    assert labels("Only one bracket [3] and no notes anywhere.\n") == []


def test_glued_numbers_need_a_notes_list():
    body = "The census came.1 The war began.2\n"
    assert labels(body) == []
    assert labels(body + "\n1 First source, 2001.\n2 Second source, 2002.\n") == ["1", "2"]


def test_glued_numbers_follow_the_sequence_not_any_number():
    text = (
        "Prices rose 2.5 percent in 2019.1 The share was 76.92 percent.2 France24 said so in July 2020.3\n"
        "Volumes 4 and 5 of the report, p.19, matter.\n\n"
        "1 A, 2001.\n2 B, 2002.\n3 C, 2003.\n"
    )
    found = citations(text)
    assert [m.label for m in found.markers] == ["1", "2", "3"]
    assert found.markers[2].span.line == 1 and found.markers[2].span.column == len(
        "Prices rose 2.5 percent in 2019.1 The share was 76.92 percent.2 France24 said so in July 2020.") + 1


def test_wrapped_note_lines_starting_with_numbers_stay_in_their_note():
    text = (
        "A claim.1 Another.2\n\n"
        "1 Shafiyev, Resettling the Borderlands, fund\n"
        "2000, record 1, volume 6593, page 14.\n"
        "2 “Conflict Escalates,” Jamestown Foundation, July\n"
        "14, 2020, https://jamestown.org/x.\n"
    )
    notes = citations(text).notes
    assert [n.label for n in notes] == ["1", "2"]
    assert notes[0].body.endswith("page 14.") and notes[1].body.endswith("jamestown.org/x.")


def test_note_with_missing_author_still_starts_a_note():
    text = "A.1 B.2\n\n1 Batashvili, “Russian Problem,” Security Review, January 12, 2019,\n2, “Secret Talks,” 2020.\n"
    notes = citations(text).notes
    assert [n.label for n in notes] == ["1", "2"]
    assert notes[1].body.startswith(", “Secret")


def test_superscripts_but_not_units():
    text = "Area 4,400 km² of land¹ and a flow of 12 m³.² Einstein’s E=mc².\n\n¹ A.\n² B.\n"
    assert labels(text) == ["1", "2"]


def test_markdown_footnotes_and_code():
    text = "Text.[^a] More `[^b]` and\n\n```\n[^c]\n```\n\n[^a]: Body\n    continued.\n"
    found = citations(text, "markdown")
    assert [m.label for m in found.markers] == ["a"]
    assert [n.label for n in found.notes] == ["a"] and found.notes[0].body == "Body\n    continued."


def test_markdown_link_reference_labels_are_not_markers():
    text = "See [the survey][1] and [1].\n\n[1]: https://example.org/survey\n"
    assert labels(text, "markdown") == []


def test_gutenberg_notes_span_lines_and_letter_labels():
    text = "It rained.[1] He wrote.[A]\n\n[Footnote 1: Vol. ii,\np. 214.]\n[Footnote A: The letter [sic].]\n"
    found = citations(text)
    assert [(m.label, m.style) for m in found.markers] == [("1", "bracket"), ("A", "gutenberg")]
    assert [n.body for n in found.notes] == ["Vol. ii,\np. 214.", "The letter [sic]."]


def test_body_numbered_list_is_not_a_notes_list():
    text = "Three steps:\n\n1. Withdraw.\n2. Return.\n3. Rebuild.\n\nIn 2020 step 1 was done.\n"
    found = citations(text)
    assert found.notes == [] and found.markers == []


def test_notes_heading_makes_a_list_notes_even_without_markers():
    text = "Body text.\n\nEndnotes\n1. A source, 2001.\n2. Another, 2002.\n"
    assert [n.label for n in citations(text).notes] == ["1", "2"]


def test_facts_round_trip_through_json_on_the_corpus():
    for path in sorted(CORPUS.iterdir()):
        from corpuslint.documents import read_document

        facts = extract_facts(read_document(path), RULE_DATA)
        again = DocumentFacts.from_dict(json.loads(json.dumps(facts.to_dict())))
        assert again == facts


def test_cached_names_keep_every_mention_and_share_forms_across_documents():
    rule_data = load_rule_data([], [])
    texts = ["Vladimir Putin met Ursula von der Leyen. “Putin” said Putin's aide.\n",
             "Later, Vladimir Putin spoke.\n"]
    facts = [extract_facts(Document(f"{i}.txt", text, "text"), rule_data) for i, text in enumerate(texts)]
    shared: dict = {}
    loaded = [DocumentFacts.from_dict(json.loads(json.dumps(f.to_dict())), shared) for f in facts]
    for before, after in zip(facts, loaded):
        assert [(m.text, m.start, m.line, m.column, m.quoted, m.sentence_initial) for m in before.names] == \
            [(m.text, m.start, m.line, m.column, m.quoted, m.sentence_initial) for m in after.names]
    assert any(m.quoted for m in loaded[0].names) and any(m.sentence_initial for m in loaded[0].names)
    putin = [m.tokens for f in loaded for m in f.names if m.text == "Vladimir Putin"]
    assert len(putin) == 2 and putin[0] is putin[1]  # one token tuple for the form in both documents


def test_hard_wrapped_documents_are_recognised():
    from corpuslint.facts import is_hard_wrapped

    wrapped = "\n".join(["word " * 14] * 6)  # 70-character lines
    paragraphs = "\n\n".join(["word " * 60] * 3)  # one long line per paragraph
    assert is_hard_wrapped(wrapped)
    assert not is_hard_wrapped(paragraphs)
    assert not is_hard_wrapped("short\nlines\nonly\n")


@given(st.text(alphabet="ab é\u0301-‑\n\t.x", max_size=40))
@settings(max_examples=600, deadline=None)
@example("pre- and post-war, actor-\ncentred")
@example("a\u0301b-  c\u0301d- e")
def test_split_compounds_found_around_hyphens_as_by_a_whole_scan(text):
    from corpuslint.facts.damage import SPLIT_COMPOUND, split_compounds

    whole = [(m.span(), m.groups()) for m in SPLIT_COMPOUND.finditer(text, overlapped=True)]
    assert [(m.span(), m.groups()) for m in split_compounds(text)] == whole


# What the damage and names stages scanned the text for before they shared one split into words.
WORD_SCAN = r"\p{L}[\p{L}\p{M}]*"
LOWER_WORD_SCAN = r"(?<![\p{L}\p{M}])\p{Ll}[\p{L}\p{M}]*"
PAIRS_SCAN = r"(?<![\p{L}\p{M}'’\-‑‐])(\p{L}+)([ \t\n])(?=(\p{Ll}+)(?![\p{L}\p{M}'’\-‑‐\d]))"


@given(st.text(alphabet="abZ é\u0301ªʰ中ß\U00010d70\U00010d50-‑’'\n\t.3\u00a0", max_size=50))
@settings(max_examples=800, deadline=None)
@example("x \u0301ab 3cd e’f gh\u0301 ij ª kl")
@example("Kara bakh erupt ed ʰab cd 中文 ab")
@example("ab \U00010d70 cd")  # a lower-case letter newer than Python's Unicode tables
def test_one_split_into_words_gives_what_the_three_scans_gave(text):
    import regex

    from corpuslint.facts.damage import SPLIT_PAIR, _split_pairs
    from corpuslint.facts.words import Words
    from corpuslint.lexicon import frequency_table

    words = Words.of(text)
    assert words.words == regex.findall(WORD_SCAN, text)
    assert "".join(gap + word for gap, word in zip(words.gaps, words.words)) + words.gaps[-1] == text
    assert words.written_in_lower_case() == set(regex.findall(LOWER_WORD_SCAN, text))
    pairs = set(regex.findall(PAIRS_SCAN, text))
    assert pairs <= words.adjacent_pairs()
    counts = frequency_table()
    kept = {p for p in pairs if counts.get((p[0] + p[2]).lower(), 0) > 0 or counts.get(p[2], 0) == 0}
    expected = [m.span() for m in SPLIT_PAIR.finditer(text, overlapped=True) if (m["a"], m["gap"], m["b"]) in kept]
    assert [m.span() for m in _split_pairs(text, words)] == expected


@given(st.text(alphabet="abZÉ é\u0301ǅ中\U00010d50\U00010d70-‑’'\n.3_", max_size=40) | st.lists(st.sampled_from(
    ["de", "al", "von", "der", "Leyen", "O'Brien", "bin", "Ter", "-", "‑", " ", "’s", "x", "3", "_", "\u0301", "ǅa",
     "Ⓐb", "ª"]), max_size=20).map("".join))
@settings(max_examples=800, deadline=None)
@example("von der Leyen, al-Maqdisi, 3Ab _Cd é\u0301Fg \u0301Hi ǅa de x")
def test_name_tokens_tried_at_word_starts_are_those_of_a_whole_text_scan(text):
    from corpuslint.facts.names import TOKEN, token_starts
    from corpuslint.facts.words import Words
    from corpuslint.patterns import matches_at

    tried = matches_at(TOKEN, text, token_starts(Words.of(text)))
    assert [m.span() for m in tried] == [m.span() for m in TOKEN.finditer(text)]


def test_no_capital_letter_is_lower_case_to_python():
    """token_starts skips words whose first letter str.islower() calls lower case, which must
    hold for no \\p{Lu} letter, though Python's Unicode tables may be older than regex's."""
    import regex

    capitals = regex.findall(r"\p{Lu}", "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF))
    assert len(capitals) > 1000 and not any(c.islower() for c in capitals)


def test_mentions_are_a_compact_sequence_of_name_mentions():
    from corpuslint.facts.names import Mentions, NameMention, names_from_dict, names_to_dict

    rule_data = load_rule_data()
    text = "Vladimir Putin met Recep Tayyip Erdogan. Putin said “Erdogan is right”.\n"
    names = extract_facts(Document("a.txt", text, "text", digest="d"), rule_data).names
    listed = list(names)
    assert isinstance(names, Mentions) and len(names) == len(listed) >= 4
    assert names[0] == listed[0] and names[-1] == listed[-1] and names[1:3] == listed[1:3] and names == listed
    assert [m.text for m in names] == ["Vladimir Putin", "Recep Tayyip Erdogan", "Putin", "Erdogan"]
    assert [m.quoted for m in names] == [False, False, False, True]
    assert names[0].tokens is not names[2].tokens and [m.text for m in Mentions.of(listed)] == [m.text for m in names]
    data = names_to_dict(names)
    assert names_from_dict(json.loads(json.dumps(data))) == names
    for damaged in ({**data, "mentions": data["mentions"][:-1]}, {**data, "mentions": [99] + data["mentions"][1:]},
                    {**data, "mentions": [2**70] * 5}, {**data, "forms": [["Putin", 0, 5, "", False]]},
                    {**data, "forms": ['[["Putin",0]]']}, {**data, "forms": ["[[not json"]}):
        with pytest.raises(ValueError):
            names_from_dict(damaged)
    with pytest.raises(IndexError):
        names[len(names)]  # as for a list
    assert names.flat.itemsize == 4  # a corpus holds millions of mentions
    far = [*listed[:1], NameMention(listed[1].tokens, 2**33, 3, 2**32, False, False), *listed[2:]]
    wide = Mentions.of(far)  # a document of over 2**31 characters keeps its offsets whole
    assert wide == far and wide.flat.itemsize == 8
    assert names_from_dict(json.loads(json.dumps(names_to_dict(wide)))) == far


def test_the_word_list_read_directly_is_the_one_spellchecker_builds():
    from corpuslint.lexicon import _frequencies, spell_checker_frequencies

    _frequencies.cache_clear()
    direct = _frequencies()
    assert len(direct) > 100_000 and direct == spell_checker_frequencies()


@pytest.fixture
def kept_lexicon(tmp_path):
    from corpuslint import lexicon

    lexicon.keep_in(tmp_path)
    yield tmp_path
    lexicon.keep_in(None)


def test_the_hashed_word_list_gives_every_count_the_dict_gives(kept_lexicon):
    from corpuslint.lexicon import HashedCounts, _frequencies, frequency_table

    table = frequency_table()
    assert isinstance(table, HashedCounts)
    words = _frequencies()
    assert all(table.get(word) == count for word, count in words.items())
    unknown = ["zzqx", "", "Ever", "lyzed", "\udcff", "ß" * 40]  # unknown to the list, as written
    assert [table.get(word, -1) for word in unknown] == [words.get(word, -1) for word in unknown]


def test_the_hashed_word_list_is_read_back_and_rebuilt_when_damaged(kept_lexicon):
    from corpuslint import lexicon

    lexicon.frequency_table()
    (kept,) = kept_lexicon.glob("words-*.bin")
    good = kept.read_bytes()
    lexicon.keep_in(None), lexicon.keep_in(kept_lexicon)
    ever = lexicon._frequencies()["ever"]
    assert lexicon.frequency_table().get("ever") == ever  # read back
    for damaged in (b"", good[:-8], good[:8] + good[16:24] + good[8:16] + good[24:], b"\xff" * 24):
        kept.write_bytes(damaged)
        lexicon.keep_in(None), lexicon.keep_in(kept_lexicon)
        assert lexicon.frequency("Ever") == ever and lexicon.frequency("lyzed") == 0
        assert kept.read_bytes() == good  # written again, whole


def test_many_lookups_switch_the_hashed_list_for_the_dict(kept_lexicon, monkeypatch):
    from corpuslint import lexicon

    monkeypatch.setattr(lexicon.HashedCounts, "SWITCH_AFTER", 3)
    assert isinstance(lexicon.frequency_table(), lexicon.HashedCounts)
    counts = [lexicon.frequency(word) for word in ("ever", "how", "erupt", "ed", "dependent")]
    assert isinstance(lexicon.frequency_table(), dict)
    assert counts == [lexicon._frequencies().get(word, 0) for word in ("ever", "how", "erupt", "ed", "dependent")]


def test_an_unwritable_place_for_the_hashed_list_costs_only_speed(tmp_path):
    from corpuslint import lexicon

    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    lexicon.keep_in(blocked / "cache")
    try:
        assert lexicon.frequency("ever") == lexicon._frequencies()["ever"] > 0
    finally:
        lexicon.keep_in(None)
