"""The focus index (issue 8): a run focused on a few files judges them from the index
exactly as a run that reads every document does, whatever was edited, added or
removed since the index was written; a damaged or unusable index only costs speed."""

from __future__ import annotations

import importlib.util
import random
import re
import shutil
from pathlib import Path

import pytest

from corpuslint import engine
from corpuslint.checks.registry import all_rules
from corpuslint.index import INDEX_FILE

from .conftest import FIXTURES, ROOT

# The rules whose index families exist; the others make a focused run read every document.
INDEXED = sorted(rule.code for rule in all_rules() if getattr(rule, "index", None) is not None)
DOCUMENT_RULES = sorted(rule.code for rule in all_rules() if issubclass(rule, engine.DocumentRule))


def _generator():
    spec = importlib.util.spec_from_file_location("generate_corpus", ROOT / "benchmarks" / "generate_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def corpus(tmp_path):
    """Synthetic articles (figures that conflict at known rates, split words) beside the
    real corpus and the unseen figures fixtures."""
    target = tmp_path / "docs"
    _generator().generate(target / "synthetic", 0.5, seed=7)
    shutil.copytree(ROOT / "corpus", target / "corpus")
    shutil.copytree(FIXTURES / "figures" / "unseen-news", target / "figures")
    return target


def _figure_files(corpus: Path) -> list[Path]:
    return sorted(p for p in (corpus / "figures").rglob("*") if p.is_file())


@pytest.fixture
def spy(monkeypatch):
    """How each focused run was made: True from the index, False by reading every document."""
    made: list[bool] = []
    judge = engine._judge_from_index

    def recording(*args, **kwargs):
        made.append(judge(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(engine, "_judge_from_index", recording)
    return made


def focused(root: Path, focus: list[Path], cache: Path | None, select=INDEXED + DOCUMENT_RULES):
    result = engine.run([str(root)], select=select, focus={p.resolve() for p in focus},
                        cache_dir=str(cache) if cache else None)
    return [f.to_dict() for f in result.findings], result.files_checked


QUOTED = re.compile(r"“[^”]{20,}?,” [A-Z][a-z]+ [A-Z][a-z]+ said in \d{4}\.")
NOTE = re.compile(r"^\d+ ([A-Z].*\d{4}.*)$", re.MULTILINE)


def edit(rng: random.Random, path: Path, quotations: list[str], sources: list[str], only: int | None = None) -> None:
    """A random edit: a conflicting figure, date or period added, a paragraph dropped, a word
    split, a source cited anew with its year or author changed, a quotation from elsewhere
    credited, dated or worded anew, a listed name written rightly or wrongly."""
    text = path.read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    choice = rng.randrange(8) if only is None else only
    if choice == 0:
        paragraphs.insert(rng.randrange(len(paragraphs) + 1),
                          f"The first Karabakh war left {rng.choice(['30,000', '17,000', '6,000'])} dead.")
    elif choice == 3:
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), "The second Karabakh war ended with the truce "
                          f"signed on November {rng.choice([9, 10])}, {rng.choice([2020, 2020, 2021])}.")
    elif choice == 4:
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), "Azerbaijan spent more than $24 billion on arms "
                          f"between 2008 and {rng.choice([2018, 2019])}.")
    elif choice == 5 and sources:  # a source of the corpus cited anew: its year or author changed
        body = rng.choice(sources)
        if rng.random() < 0.5:
            body = re.sub(r"\b(19|20)(\d\d)\b", lambda m: str(int(m.group()) + 1), body, count=1)
        else:
            body = body[:2] + body[3] + body[2] + body[4:]
        text = "\n\n".join(paragraphs).rstrip("\n")
        numbers = [int(n) for n in re.findall(r"^(\d+) ", text.split("\nNotes\n", 1)[-1], re.MULTILINE)]
        number = max(numbers) + 1 if "\nNotes\n" in text and numbers else 1
        head, notes = text.split("\nNotes\n", 1) if number > 1 else (text, "\n")
        text = f"{head}\n\nAs the record shows.{number}\n\nNotes\n{notes.rstrip()}\n{number} {body}\n"
        paragraphs = text.split("\n\n")
    elif choice == 6 and quotations:  # a quotation of the corpus, maybe credited or dated anew
        quotation = rng.choice(quotations)
        if rng.random() < 0.5:
            quotation = re.sub(r"\d{4}", lambda m: str(int(m.group()) - 3), quotation)
        else:
            quotation = re.sub(r"[A-Z][a-z]+ [A-Z][a-z]+ said", "Maria Keller said", quotation)
        if rng.random() < 0.5:  # a word dropped
            words = quotation.split(" ")
            del words[rng.randrange(1, 6)]
            quotation = " ".join(words)
        paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), quotation)
    elif choice == 7:  # a listed name written rightly or wrongly
        name = rng.choice(["Ursula von der Leyen", "Ursula von der Leyden", "Levon Ter-Petrossian",
                           "Levon Ter Petrossian", "Tbilisi", "Tblisi", "Nikol Pashinyan", "Nikol Pashinian"])
        paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), f"Officials said {name} would attend the talks.")
    elif choice == 1 and len(paragraphs) > 2:
        del paragraphs[rng.randrange(1, len(paragraphs))]
    else:
        paragraphs.append("The conflict erupt ed again, and the govern ment fell.")
    path.write_text("\n\n".join(paragraphs), encoding="utf-8")


def test_a_focused_run_from_the_index_equals_one_reading_every_document(corpus, tmp_path, spy):
    cache = tmp_path / "cache"
    rng = random.Random(11)
    files = sorted(corpus.rglob("*.txt")) + sorted(corpus.rglob("*.md"))
    quotations = sorted({q for path in files for q in QUOTED.findall(path.read_text(encoding="utf-8"))})
    sources = sorted({n for path in files for n in NOTE.findall(path.read_text(encoding="utf-8"))})
    compared = 0
    for round_ in range(14):
        focus = rng.sample(files, rng.choice([1, 1, 2]))
        for path in focus:
            edit(rng, path, quotations, sources)
        if round_ % 3 == 2:  # another document edited too, not in the focus: the index must see it
            edit(rng, rng.choice(files), quotations, sources)
        expected = focused(corpus, focus, None)
        assert focused(corpus, focus, cache) == expected, f"round {round_}, focus {focus}"
        compared += len(expected[0])
    assert spy.count(True) >= 12, spy  # the first run builds the index; the others read from it
    assert compared > 20  # the rounds had findings to compare, figures and split words among them


def test_quotations_from_the_index_where_word_pairs_are_common(corpus, tmp_path, spy, monkeypatch):
    """As above for CIT018 alone, with COMMON_PAIR so low that the synthetic quotations
    (made of few words) share many pairs too common to be read."""
    from corpuslint.checks import quotations as rule

    monkeypatch.setattr(rule, "COMMON_PAIR", 3)
    cache = tmp_path / "cache"
    rng = random.Random(5)
    files = sorted(corpus.rglob("*.txt"))
    quotations = sorted({q for path in files for q in QUOTED.findall(path.read_text(encoding="utf-8"))})
    compared = 0
    for round_ in range(12):
        focus = rng.sample(files, rng.choice([1, 2]))
        for path in focus:
            edit(rng, path, quotations, [], only=rng.choice([1, 6, 6]))
        expected = focused(corpus, focus, None, select=["CIT018"])
        assert focused(corpus, focus, cache, select=["CIT018"]) == expected, f"round {round_}, focus {focus}"
        compared += len(expected[0])
    assert spy.count(True) >= 11, spy
    assert compared > 20


def test_documents_added_and_removed_since_the_index_was_written(corpus, tmp_path, spy):
    cache = tmp_path / "cache"
    focus = [_figure_files(corpus)[0]]
    focused(corpus, focus, cache)
    victim = _figure_files(corpus)[1]
    (corpus / "new.txt").write_text(victim.read_text(encoding="utf-8"), encoding="utf-8")
    victim.unlink()
    assert focused(corpus, focus, cache) == focused(corpus, focus, None)
    assert spy[-1] is True


def test_a_rule_without_an_index_family_reads_every_document(corpus, tmp_path, spy, monkeypatch):
    from corpuslint.checks.text_damage import SplitWord

    monkeypatch.setattr(SplitWord, "index", None)  # every rule has a family now: take one away
    focus = [_figure_files(corpus)[0]]
    cache = tmp_path / "cache"
    assert focused(corpus, focus, cache, select=["TXT001"]) == focused(corpus, focus, None, select=["TXT001"])
    assert spy == [False]


@pytest.mark.parametrize("method", ["items", "gather"])
def test_a_bug_in_a_family_costs_only_speed(corpus, tmp_path, spy, monkeypatch, method):
    from corpuslint.checks.figures import FigureIndex

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    focus = [_figure_files(corpus)[0]]
    expected = focused(corpus, focus, None)
    monkeypatch.setattr(FigureIndex, method, broken)
    assert focused(corpus, focus, tmp_path / "cache") == expected
    assert spy == [False]  # read every document instead


@pytest.mark.parametrize("damage", ["garbage", "empty", "other schema", "other layout"])
def test_a_damaged_index_is_rebuilt_and_never_believed(corpus, tmp_path, spy, damage):
    import sqlite3

    cache = tmp_path / "cache"
    focus = [_figure_files(corpus)[0]]
    expected = focused(corpus, focus, None)
    assert focused(corpus, focus, cache) == expected
    index_file = next(cache.rglob(INDEX_FILE))
    for suffix in ("-wal", "-shm"):
        Path(f"{index_file}{suffix}").unlink(missing_ok=True)
    if damage == "garbage":
        index_file.write_bytes(b"not a database at all" * 100)
    elif damage == "empty":
        index_file.write_bytes(b"")
    elif damage == "other schema":
        with sqlite3.connect(index_file) as connection:
            connection.execute("UPDATE meta SET value = '0' WHERE name = 'schema'")
        connection.close()
    else:  # a table of another layout under the same version number
        with sqlite3.connect(index_file) as connection:
            connection.execute("DROP TABLE items")
            connection.execute("CREATE TABLE items (family TEXT, file TEXT, position INTEGER, payload BLOB)")
        connection.close()
    assert focused(corpus, focus, cache) == expected  # rebuilt from every document
    assert focused(corpus, focus, cache) == expected  # and then read
    assert spy[-1] is True


def test_items_of_a_document_no_longer_there_are_forgotten(corpus, tmp_path):
    import sqlite3

    cache = tmp_path / "cache"
    focus = [_figure_files(corpus)[0]]
    gone = _figure_files(corpus)[1]
    focused(corpus, focus, cache)
    gone.unlink()
    focused(corpus, focus, cache)
    with sqlite3.connect(next(cache.rglob(INDEX_FILE))) as connection:
        files = {row[0] for row in connection.execute("SELECT file FROM documents")}
        numbers = {row[0] for row in connection.execute("SELECT id FROM documents")}
        described = [{row[0] for row in connection.execute(f"SELECT DISTINCT document FROM {table}")}
                     for table in ("items", "keys", "contributions")]
    connection.close()
    assert str(gone.resolve()) not in files
    assert str(focus[0].resolve()) in files
    assert all(found and found <= numbers for found in described)  # nothing left of a document gone


def test_a_group_is_read_to_closure_through_documents_the_focus_shares_no_bucket_with(tmp_path, spy):
    """a and b state one fact (the same war); b and c another bucket (Armenia's losses, the
    same years). b's finding, which relates to the focus a, also lists c's figure: the index
    must read c, though a shares no blocking key with it."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Looking back\n\nIn the first Karabakh war, the two sides lost 30,000 soldiers killed.\n")
    (docs / "b.txt").write_text("Losses\n\nIn the first Karabakh war, Armenia lost 6,000 soldiers killed.\n")
    (docs / "c.txt").write_text("Losses by year\n\nBetween 1988 and 1994, Armenia lost 4,000 soldiers killed.\n")
    focus = [docs / "a.txt"]
    cache = tmp_path / "cache"
    expected = focused(docs, focus, None)
    assert [(f["path"].rsplit("/", 1)[-1], "c.txt:3" in f["message"]) for f in expected[0]] == [
        ("a.txt", False), ("b.txt", True)]
    assert focused(docs, focus, cache) == expected
    assert focused(docs, focus, cache) == expected
    assert spy == [True, True]  # three documents: the first run reads them and writes the index


def test_a_document_met_in_a_focus_bucket_is_read_whole(tmp_path, spy):
    """FIG002 reports one date per fact and document: y's 1994 date, which differs from the
    focus a's, goes unreported because y's 1992 date (another bucket, differing from z's)
    was reported first. The index must read y's other bucket to know it."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Truce\n\nArmenia and Azerbaijan signed the ceasefire on May 12, 1994.\n")
    (docs / "y.txt").write_text("Two truces\n\nRussia and Georgia signed the ceasefire on June 24, 1992.\n\n"
                                "Armenia and Azerbaijan signed the ceasefire on May 16, 1994.\n")
    (docs / "z.txt").write_text("Later\n\nRussia and Georgia signed the ceasefire on June 20, 1992.\n")
    focus = [docs / "a.txt"]
    cache = tmp_path / "cache"
    expected = focused(docs, focus, None)
    assert [(f["path"].rsplit("/", 1)[-1], f["line"]) for f in expected[0]] == [("a.txt", 3)]
    assert focused(docs, focus, cache) == expected
    assert focused(docs, focus, cache) == expected
    assert spy == [True, True]


def _judged_alike(docs: Path, focus: list[Path], select: list[str], spy, tmp_path: Path):
    """The findings about the focus with every document read, once the index has given
    the same twice: on its first run (which builds it) and on the next."""
    cache = tmp_path / "cache"
    expected = focused(docs, focus, None, select=select)
    assert focused(docs, focus, cache, select=select) == expected
    assert focused(docs, focus, cache, select=select) == expected
    assert spy == [True, True]
    return expected


def _three(tmp_path: Path, texts: dict[str, str]) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in texts.items():
        (docs / name).write_text(text, encoding="utf-8")
    return docs


def test_a_source_is_read_to_closure_through_another_key(tmp_path, spy):
    """a and b cite one article by author and title; b and c by its URL, c with another
    title. a's finding names c's title: the index must read c, which shares no key with a."""
    note = "Maziar Motamedi, “{}” Al Jazeera, October 5, 2020{}"
    url = ", https://www.aljazeera.com/news/2020/10/5/iran-nk."
    docs = _three(tmp_path, {
        "a.txt": f"Iran\n\nIran balances.1\n\nNotes\n\n1 {note.format('Iran’s Delicate Balancing Act,', '.')}\n",
        "b.txt": f"Iran\n\nIran is careful.1\n\nNotes\n\n1 {note.format('Iran’s Delicate Balancing Act,', url)}\n",
        "c.txt": f"Iran\n\nIran waits.1\n\nNotes\n\n1 {note.format('Iran Waits for the Vote,', url)}\n",
    })
    expected = _judged_alike(docs, [docs / "a.txt"], ["CIT017"], spy, tmp_path)
    assert [(f["path"].rsplit("/", 1)[-1], "c.txt:7" in f["message"]) for f in expected[0]] == [
        ("a.txt", True), ("c.txt", False)]  # b's finding names only c: not about the focus


QUOTE = "Talks\n\nThe minister was blunt. “{},” {} said in 2019.\n"


def test_a_quotation_is_read_to_closure_through_another_word_pair(tmp_path, spy):
    """b words a's quotation a little differently, c words b's a little differently again
    (and credits another speaker); a and c share no word pair. a's finding names c."""
    docs = _three(tmp_path, {
        "a.txt": QUOTE.format("Our market will price every border and weapon before leader meets talk", "John Miller"),
        "b.txt": QUOTE.format("Our markets will price every borders and weapon before leaders meets talk", "John Miller"),
        "c.txt": QUOTE.format("Our markets will prices every borders and weapons before leaders meets talks", "Anna Weber"),
    })
    expected = _judged_alike(docs, [docs / "a.txt"], ["CIT018"], spy, tmp_path)
    assert [(f["path"].rsplit("/", 1)[-1], "Anna Weber" in f["message"]) for f in expected[0]] == [
        ("a.txt", True), ("b.txt", True), ("c.txt", True)]


@pytest.mark.parametrize("common", [2, 3])
def test_a_word_pair_too_common_in_the_whole_corpus_is_not_read(tmp_path, spy, monkeypatch, common):
    """The pairs a and b share are each in three wordings, theirs and c's or d's. With
    COMMON_PAIR at 2 they are too common: the full run joins nothing through them, and
    neither may the index, which then never reads c's and d's quotations."""
    from corpuslint.checks import quotations

    monkeypatch.setattr(quotations, "COMMON_PAIR", common)
    words = "Our market will price every border and weapon before leader meets talk"
    docs = _three(tmp_path, {
        "a.txt": QUOTE.format(words, "John Miller"),
        "b.txt": QUOTE.format(words.replace("price", "prices"), "Anna Weber"),
        "c.txt": QUOTE.format("Nobody believed that " + words.split(" price ")[0].lower(), "Karl Ober"),
        "d.txt": QUOTE.format(words.split(" price ")[1].capitalize() + " when winter comes", "Ruth Lane"),
    })
    expected = _judged_alike(docs, [docs / "a.txt"], ["CIT018"], spy, tmp_path)
    assert bool(expected[0]) == (common >= 3)  # a and b meet while their pairs (3 wordings each) are not too common


def test_a_reference_spelling_is_read_where_it_is_written_and_where_it_is_missed(tmp_path, spy):
    """The focus a misspells von der Leyen (no word of it written rightly but the particles),
    which c writes rightly: a's finding names c.
    a writes Tbilisi rightly, which b misspells: b's finding names a's place, so it is a
    finding about the focus, and the index must read b."""
    docs = _three(tmp_path, {
        "a.txt": "Visit\n\nUrzula von der Leyden flew to Tbilisi on Monday.\n",
        "b.txt": "Visit\n\nThe talks in Tblisi went on.\n",
        "c.txt": "Visit\n\nUrsula von der Leyen spoke on Tuesday.\n",
    })
    expected = _judged_alike(docs, [docs / "a.txt"], ["NAM003"], spy, tmp_path)
    assert [(f["path"].rsplit("/", 1)[-1], "c.txt" in f["message"]) for f in expected[0]] == [
        ("a.txt", True), ("b.txt", False)]
    assert "a.txt" in expected[0][1]["related"][0]["path"]


def test_a_name_is_read_to_closure_through_another_form(tmp_path, spy):
    """Kasparov (the focus) and Kosporov are two letters apart, too far to meet; each is a
    letter from Kasporov, and all three come with Garri. a's finding names c's form, the
    most common: the index must join a to c through b's summary."""
    docs = _three(tmp_path, {
        "a.txt": "Chess\n\nGarri Kasparov won.\n",
        "b.txt": "Chess\n\nGarri Kasporov won.\n",
        "c.txt": "Chess\n\nGarri Kosporov won. Garri Kosporov lost. Then Garri Kosporov drew.\n",
    })
    expected = _judged_alike(docs, [docs / "a.txt"], ["NAM001", "NAM002"], spy, tmp_path)
    assert [(f["path"].rsplit("/", 1)[-1], "c.txt" in f["message"]) for f in expected[0]] == [
        ("a.txt", True), ("b.txt", True)]


@pytest.mark.parametrize("limit", [2, 3])
def test_a_block_too_common_in_the_whole_corpus_joins_nothing(tmp_path, spy, monkeypatch, limit):
    """Kasparov and Kasporov meet only in the block of "kasprov", which Boris Kasprov's
    form also falls in: three forms. With BLOCK_LIMIT at 2 the full run compares nothing
    there, and neither may the index, though it never reads Kasprov's mentions."""
    from corpuslint.checks import name_variants

    monkeypatch.setattr(name_variants, "BLOCK_LIMIT", limit)
    docs = _three(tmp_path, {
        "a.txt": "Chess\n\nGarri Kasparov won.\n",
        "b.txt": "Chess\n\nGarri Kasporov won. Garri Kasporov lost.\n",
        "d.txt": "Chess\n\nBoris Kasprov played.\n",
    })
    expected = _judged_alike(docs, [docs / "a.txt"], ["NAM001", "NAM002"], spy, tmp_path)
    assert bool(expected[0]) == (limit >= 3)


@pytest.mark.parametrize("focus_name", ["a.txt", "b.txt"])
def test_umlauts_spelt_out_are_found_from_either_side(tmp_path, spy, focus_name):
    """Müller (b) spells out as Mueller (a): from a, the index must find b through the
    umlaut alias; from b, a through b's own summary."""
    docs = _three(tmp_path, {
        "a.txt": "Talks\n\nHans Mueller spoke.\n",
        "b.txt": "Talks\n\nHans Müller spoke. Hans Müller left.\n",
    })
    expected = _judged_alike(docs, [docs / focus_name], ["NAM001", "NAM002"], spy, tmp_path)
    assert [f["path"].rsplit("/", 1)[-1] for f in expected[0]] == ["a.txt"]


def test_the_mentions_read_are_joined_as_the_whole_corpus_joins_them(tmp_path, spy, monkeypatch):
    """Two clusters of the focus, Kasparov/Kosparov and Kaspurov/Kospurov, meet only in
    blocks that Boris's Kasprov and Kosprov make too common (BLOCK_LIMIT 2). The index
    reads neither of Boris's forms, so in the mentions it reads those blocks look small:
    the analysis must take which forms are one name from the index, not from them."""
    from corpuslint.checks import name_variants

    monkeypatch.setattr(name_variants, "BLOCK_LIMIT", 2)
    docs = _three(tmp_path, {
        "a.txt": "Chess\n\nGarri Kasparov won. Garri Kaspurov lost.\n",
        "b.txt": "Chess\n\nGarri Kosparov won.\n",
        "c.txt": "Chess\n\nGarri Kospurov won.\n",
        "d.txt": "Chess\n\nBoris Kasprov and Boris Kosprov played.\n",
    })
    expected = _judged_alike(docs, [docs / "a.txt"], ["NAM001", "NAM002"], spy, tmp_path)
    assert [f["path"].rsplit("/", 1)[-1] for f in expected[0]] == ["b.txt", "c.txt"]  # a's forms come first
    assert not any("Kaspurov" in f["message"] and "Kosparov" in f["message"] for f in expected[0])


def test_an_index_written_by_another_version_of_a_family_is_rebuilt(corpus, tmp_path, monkeypatch):
    """FigureIndex tags each statement with its reading since version 2. An index its
    version 1 wrote (no tags: every statement would look like one class) is rebuilt."""
    from corpuslint.checks.figures import FigureIndex

    cache = tmp_path / "cache"
    focus = [_figure_files(corpus)[0]]
    expected = focused(corpus, focus, None)
    version_2 = FigureIndex.items

    def version_1(self, facts, context):
        return ((position, payload, keys, "") for position, payload, keys, _ in version_2(self, facts, context))

    def written_by() -> str:
        import sqlite3

        with sqlite3.connect(next(cache.rglob(INDEX_FILE))) as connection:
            version = connection.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()[0]
        connection.close()
        return version

    with monkeypatch.context() as patch:
        patch.setattr(FigureIndex, "version", 1)
        patch.setattr(FigureIndex, "items", version_1)
        focused(corpus, focus, cache)
    assert "figures-1" in written_by()
    assert focused(corpus, focus, cache) == expected  # rebuilt, not read
    assert "figures-2" in written_by()
    assert focused(corpus, focus, cache) == expected


def _index_rows(cache: Path) -> dict[str, list]:
    """Each table of the index, its rows sorted, document numbers replaced by their files."""
    import sqlite3

    with sqlite3.connect(next(cache.rglob(INDEX_FILE))) as connection:
        file_of = dict(connection.execute("SELECT id, file FROM documents"))
        tables = {
            "documents": [row[1:] for row in connection.execute("SELECT * FROM documents")],
            "items": [(row[0], file_of[row[1]], *row[2:]) for row in connection.execute("SELECT * FROM items")],
            "keys": [(*row[:3], file_of[row[3]], row[4]) for row in connection.execute("SELECT * FROM keys")],
            "totals": list(connection.execute("SELECT * FROM totals")),
            "contributions": [(row[0], file_of[row[1]], row[2]) for row in connection.execute("SELECT * FROM contributions")],
            "aliases": list(connection.execute("SELECT * FROM aliases")),
        }
    connection.close()
    return {name: sorted(rows) for name, rows in tables.items()}


@pytest.mark.parametrize("stale_limit", [0, engine.STALE_LIMIT], ids=["reading every document", "from the index"])
def test_an_index_built_in_batches_equals_one_built_at_once(corpus, tmp_path, spy, monkeypatch, stale_limit):
    """The first focused run writes the index in batches of INDEX_BATCH documents, one
    transaction, their keys staged and merged at its end; the index is row for row the one
    written in a single update, keys inserted where they fall. Whether the run then reads
    every document or judges from the index (few documents: all are read as changed)."""
    monkeypatch.setattr(engine, "STALE_LIMIT", stale_limit)
    focus = [_figure_files(corpus)[0]]
    expected = focused(corpus, focus, None)
    monkeypatch.setattr(engine, "INDEX_BATCH", 10**6)
    monkeypatch.setattr("corpuslint.index.STAGE_FROM", 10**6)  # one update, keys written where they fall
    assert focused(corpus, focus, tmp_path / "at-once") == expected
    monkeypatch.setattr(engine, "INDEX_BATCH", 3)
    monkeypatch.setattr("corpuslint.index.STAGE_FROM", 50)
    assert focused(corpus, focus, tmp_path / "batched") == expected
    built = _index_rows(tmp_path / "batched")
    assert built["keys"] and built == _index_rows(tmp_path / "at-once")
    monkeypatch.setattr(engine, "STALE_LIMIT", 0)
    assert focused(corpus, focus, tmp_path / "batched") == expected
    assert spy == [bool(stale_limit)] * 2 + [True]  # then read from the index, nothing changed


def test_a_build_that_fails_midway_writes_nothing(corpus, tmp_path, spy, monkeypatch):
    """Batches share one transaction: a failure in a later batch leaves no document
    described by half, and the index is built whole by the next run."""
    import sqlite3

    from corpuslint.checks.figures import FigureIndex

    focus = [_figure_files(corpus)[0]]
    expected = focused(corpus, focus, None)
    monkeypatch.setattr(engine, "INDEX_BATCH", 3)
    described = FigureIndex.items
    calls = []

    def failing_late(self, facts, context):
        calls.append(facts.path)
        if len(calls) > 7:  # the third batch
            raise RuntimeError("a bug")
        return described(self, facts, context)

    with monkeypatch.context() as patch:
        patch.setattr(FigureIndex, "items", failing_late)
        assert focused(corpus, focus, tmp_path / "cache") == expected
    with sqlite3.connect(next((tmp_path / "cache").rglob(INDEX_FILE))) as connection:
        assert [connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("documents", "items", "keys", "totals")] == [0, 0, 0, 0]
    connection.close()
    assert focused(corpus, focus, tmp_path / "cache") == expected  # built whole
    assert focused(corpus, focus, tmp_path / "cache") == expected
    assert spy == [False, True, True]  # the failed attempt read every document; the next built the index


def test_a_document_written_twice_in_one_transaction_keeps_only_its_last_keys(corpus, tmp_path):
    """A file described in one batch and again in a later batch of the same transaction:
    the first description's staged keys go with it."""
    from corpuslint.checks.registry import index_families
    from corpuslint.documents import read_document
    from corpuslint.facts import extract_facts
    from corpuslint.index import FocusIndex
    from corpuslint.ruledata import load_rule_data

    rule_data = load_rule_data()
    context = engine.Context(rule_data)
    paths = _figure_files(corpus)[:2]
    facts = [extract_facts(read_document(path), rule_data) for path in paths]
    families = index_families()
    at_once = FocusIndex.open(tmp_path / "at-once", [f"{f.name}-{f.version}" for f in families])
    at_once.update([(str(path), f) for path, f in zip(paths, facts)], [], families, context)
    at_once.close()
    twice = FocusIndex.open(tmp_path / "twice", [f"{f.name}-{f.version}" for f in families])
    twice.update([(str(paths[0]), facts[0]), (str(paths[1]), facts[1])], [], families, context, final=False)
    twice.update([(str(paths[0]), facts[0])], [], families, context)
    twice.close()
    assert _index_rows(tmp_path / "twice") == _index_rows(tmp_path / "at-once")
