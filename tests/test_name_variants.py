"""Name discovery's inputs (name_variants._units): what of each mention is compared."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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


def _where_spec(form, occurrences, here, paths):
    """The message part as specified: this file first, then the others in corpus order,
    three at most, the rest counted (Places.where must say exactly this)."""
    by_doc = {}
    for o in occurrences:
        by_doc.setdefault(o.doc, []).append(o)
    docs = sorted(by_doc, key=lambda d: (d != here, d))
    parts = [f"{len(by_doc[d])}× in {'this file' if d == here else paths[d].rsplit('/', 1)[-1]}, line {by_doc[d][0].span.line}"
             for d in docs[:3]]
    if len(docs) > 3:
        parts.append(f"{sum(len(by_doc[d]) for d in docs[3:])}× in {len(docs) - 3} more files")
    return f"“{form}” ({'; '.join(parts)})"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(1, 50)), max_size=30), st.integers(0, 8))
def test_places_say_where_a_form_is_written_as_specified(written, here):
    from types import SimpleNamespace

    from corpuslint.checks.names import MAX_RELATED, Places

    paths = [f"dir/doc{d}.txt" for d in range(9)]
    occurrences = [SimpleNamespace(doc=d, span=SimpleNamespace(line=line, column=1), surface="Aliyev") for d, line in written]
    places = Places(occurrences)
    assert places.where("Aliyev", here, paths) == _where_spec("Aliyev", occurrences, here, paths)
    firsts = {}
    for o in occurrences:
        firsts.setdefault(o.doc, o)
    assert [(r.path, r.line) for r in places.related(paths, "written")] == \
        [(paths[o.doc], o.span.line) for o in list(firsts.values())[:MAX_RELATED]]


NAME_PIECES = ["Gerard Libaridian", "Gerard Labaridian", "Libaridian", "Erdoğan", "Erdogan", "Ilham Aliyev",
               "Aliyev", "Recep Tayyip Erdogan", "Levon Ter-Petrossian", "Ter-Petrosyan", "Nikol Pashinyan",
               "Pashinian", "the minister", "He said", "and"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(NAME_PIECES), st.booleans()), min_size=1, max_size=12),
                min_size=1, max_size=5),
       st.sets(st.tuples(st.integers(0, 4), st.integers(0, 11), st.integers(0, 2)), max_size=6),
       st.booleans())
def test_discovery_input_reads_what_units_gives(documents, governed, shared_forms):
    """DiscoveryInput's two passes give discovery exactly what _units gives it: the first
    pass the same units in the same order once repeats are skipped; the second pass the
    same items, in order, for any choice of wanted forms."""
    from corpuslint.cache import decode_entry, encode_entry
    from corpuslint.checks.name_variants import DiscoveryInput
    data = load_rule_data()
    all_facts, forms = [], {}
    for number, pieces in enumerate(documents):
        text = " ".join(f"“{piece} spoke.”" if quoted else f"{piece} spoke." for piece, quoted in pieces) + "\n"
        facts = extract_facts(Document(f"d{number}.txt", text, "text", digest="d"), data)
        if shared_forms:  # as a warm run loads them: equal forms of all documents share one tuple
            facts = decode_entry(encode_entry(facts), facts.path, None, forms).facts
        all_facts.append(facts)
    # A reference match governs token `token` of the `mention`-th mention of a document.
    covered = set()
    for doc, mention, token in governed:
        if doc < len(all_facts) and mention < len(all_facts[doc].names):
            record = all_facts[doc].names[mention]
            if token < len(record.tokens):
                covered.add((doc, record.start, token))

    def skip_repeats(items):
        seen, kept = set(), []
        for units, shared in items:
            if shared and id(units) in seen:
                continue
            seen.add(id(units)) if shared else None
            kept.append([u.surface for u in units])
        return kept

    expected = list(_units(all_facts, covered))
    source = DiscoveryInput(all_facts, covered)
    assert skip_repeats(source.first_pass()) == skip_repeats((units, shared) for _, _, units, shared in expected)
    for wanted_surname in ("Libaridian", "Erdogan", "Aliyev", "Pashinian", None):
        def wanted(units, name=wanted_surname):
            return name is None or any(u.surface == name for u in units)
        got = [(doc, record, [u.surface for u in units]) for doc, record, units, _ in source.second_pass(wanted)]
        want = [(doc, record, [u.surface for u in units]) for doc, record, units, _ in expected if wanted(units)]
        assert got == want


def test_which_forms_are_one_name_does_not_depend_on_the_order_of_the_files():
    """Müller is spelt Mueller by one file and Muller by another. Whichever file comes first,
    the three are one name: what decides it (umlauts, being written as a name) is taken
    from every writing of a form, never from the first one read."""
    from itertools import permutations

    from corpuslint.checks.name_variants import analyse

    rule_data = load_rule_data()
    texts = ["Hans Muller spoke in Berlin.\n", "Hans Müller spoke in Bonn.\n", "Hans Mueller spoke in Köln.\n"]
    seen = set()
    for order in permutations(range(3)):
        facts = [extract_facts(Document(f"{i}.txt", texts[i], "text", digest=str(i)), rule_data) for i in order]
        clusters = analyse(facts, rule_data.names).clusters
        seen.add(frozenset(frozenset(cluster.forms) for cluster in clusters))
    assert seen == {frozenset({frozenset({"Muller", "Müller", "Mueller"})})}
