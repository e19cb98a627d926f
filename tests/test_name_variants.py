"""Name discovery's inputs (name_variants._units): what of each mention is compared."""

from __future__ import annotations

from corpuslint.checks.name_variants import _units
from corpuslint.documents import Document
from corpuslint.facts import extract_facts
from corpuslint.ruledata import load_rule_data

TEXT = "Gerard Libaridian spoke. Gerard Libaridian left. Later Gerard Libaridian wrote.\n"


def test_each_mention_compares_its_surname_and_whole_name_unless_a_reference_governs_it():
    facts = extract_facts(Document("a.txt", TEXT, "text", digest="d"), load_rule_data())
    mentions = [m for m in facts.names if m.text == "Gerard Libaridian"]
    assert len(mentions) == 3
    governed = mentions[1]
    covered = {(0, governed.start, 1)}  # a reference match governs its surname
    units = {record[1]: (units, shared) for _, record, units, shared in _units([facts], covered)}  # by start
    surfaces = {start: [u.surface for u in found] for start, (found, _) in units.items()}
    assert surfaces[mentions[0].start] == surfaces[mentions[2].start] == ["Libaridian", "Gerard Libaridian"]
    assert governed.start not in surfaces  # neither its governed surname nor its whole name
    assert units[mentions[0].start][0] is units[mentions[2].start][0] and units[mentions[0].start][1]
    assert [u.first_name for u in units[mentions[0].start][0]] == ["Gerard", None]

    covered = {(0, governed.start, 0)}  # its first name governed: the surname is still compared
    found = {record[1]: units for _, record, units, _ in _units([facts], covered)}
    assert [u.surface for u in found[governed.start]] == ["Libaridian"]
