"""The facts cache and parallel jobs (issue 8): the output is byte-identical with
and without the cache, cold or warm, with one job or several; a corrupt,
stale or unwritable cache is ignored, never believed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from corpuslint import engine
from corpuslint.cache import FILE_SIGNATURES, LAYOUT, FactsCache, encode_entry
from corpuslint.documents import Document
from corpuslint.facts import extract_facts
from corpuslint.ruledata import load_rule_data

from .conftest import FIXTURES, ROOT

CORPORA = {
    "corpus": ROOT / "corpus",
    "references": FIXTURES / "references" / "unseen-news",
    "figures": FIXTURES / "figures" / "unseen-news",
}


@pytest.fixture
def copies(tmp_path):
    """The three corpora in one directory (37 documents): enough to start workers."""
    target = tmp_path / "docs"
    for name, source in CORPORA.items():
        shutil.copytree(source, target / name)
    return target


def check(run_cli, path, *args):
    code, out, err = run_cli("check", "--no-baseline", "--format", "json", *args, str(path), cwd=path.parent)
    assert code in (0, 1), err
    return out


def test_output_is_identical_with_and_without_cache_and_jobs(copies, tmp_path, run_cli, monkeypatch):
    monkeypatch.setattr(engine, "PARALLEL_FROM", 2)
    cache = str(tmp_path / "cache")
    plain = check(run_cli, copies, "--no-cache", "--jobs", "1")
    assert json.loads(plain)["summary"]["findings"] > 100
    cold = check(run_cli, copies, "--cache-dir", cache, "--jobs", "2")
    entries = list((tmp_path / "cache" / LAYOUT).rglob("*.json"))
    assert len(entries) == json.loads(plain)["summary"]["files"]
    warm_parallel = check(run_cli, copies, "--cache-dir", cache, "--jobs", "2")
    warm_single = check(run_cli, copies, "--cache-dir", cache, "--jobs", "1")
    parallel_no_cache = check(run_cli, copies, "--no-cache", "--jobs", "2")
    assert plain == cold == warm_parallel == warm_single == parallel_no_cache
    # Mixed: cached documents are read in this process, the edited ones by the workers.
    for edited in sorted((copies / "references").iterdir())[:3]:
        edited.write_text(edited.read_text(encoding="utf-8") + "\nAbout 1,200 people were displaced.\n", encoding="utf-8")
    assert check(run_cli, copies, "--cache-dir", cache, "--jobs", "2") == check(run_cli, copies, "--no-cache", "--jobs", "1")


def test_an_edit_reextracts_only_that_document(copies, tmp_path, run_cli):
    cache = tmp_path / "cache"
    check(run_cli, copies, "--cache-dir", str(cache), "--jobs", "1")
    before = set((cache / LAYOUT).rglob("*.json"))
    edited = copies / "corpus" / sorted(p.name for p in (copies / "corpus").iterdir())[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA new paragraph on 9 November 2020.\n", encoding="utf-8")
    warm = check(run_cli, copies, "--cache-dir", str(cache), "--jobs", "1")
    after = set((cache / LAYOUT).rglob("*.json"))
    assert len(after - before) == 1  # one new entry: the edited document's
    assert warm == check(run_cli, copies, "--no-cache", "--jobs", "1")


def test_document_findings_are_cached_for_every_rule_whatever_the_selection(copies, tmp_path, run_cli):
    cache = str(tmp_path / "cache")
    few = ("--select", "CIT001,TXT001")
    assert check(run_cli, copies, "--cache-dir", cache, "--jobs", "1", *few) == check(run_cli, copies, "--no-cache", *few)
    rows = [row for entry in (tmp_path / "cache" / LAYOUT).rglob("*.json")
            for row in json.loads(entry.read_bytes())["findings"]["rows"]]
    assert {row[0] for row in rows} - {"CIT001", "TXT001"}  # unselected document rules were stored too
    # A warm run of every rule takes its document findings from those entries.
    assert check(run_cli, copies, "--cache-dir", cache, "--jobs", "1") == check(run_cli, copies, "--no-cache")
    assert check(run_cli, copies, "--cache-dir", cache, "--jobs", "1", "--select", "FIG") == \
        check(run_cli, copies, "--no-cache", "--select", "FIG")


def test_cached_findings_are_not_reused_under_another_path(copies, tmp_path, run_cli):
    cache = str(tmp_path / "cache")
    check(run_cli, copies, "--cache-dir", cache, "--jobs", "1")
    (copies / "corpus").rename(copies / "moved")  # same bytes, same keys, other paths
    warm = check(run_cli, copies, "--cache-dir", cache, "--jobs", "1")
    assert warm == check(run_cli, copies, "--no-cache")
    assert '"path": "docs/moved/' in warm and '"path": "docs/corpus/' not in warm


def _hashes(monkeypatch) -> list[str]:
    """The files the cache reads to hash, as the run goes (a list that fills)."""
    from corpuslint import cache as cache_module
    read: list[str] = []
    original = cache_module.hashlib.file_digest

    def counting(handle, name):
        read.append(handle.name)
        return original(handle, name)

    monkeypatch.setattr(cache_module.hashlib, "file_digest", counting)
    return read


def test_a_file_known_unchanged_is_not_read_again(copies, tmp_path, run_cli, monkeypatch):
    """A warm run trusts a file's recorded hash while its size, times, inode and device
    are unchanged; any write changes the change time, even a same-size edit whose
    modification time is set back, and the file is read again."""
    from corpuslint import cache as cache_module
    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0)  # the test's files were all written just now
    cache = tmp_path / "cache"
    read = _hashes(monkeypatch)
    expected = check(run_cli, copies, "--cache-dir", str(cache), "--jobs", "1")
    files = len(read)
    assert files == json.loads(expected)["summary"]["files"] and (cache / FILE_SIGNATURES).is_file()
    read.clear()
    assert check(run_cli, copies, "--cache-dir", str(cache), "--jobs", "1") == expected and read == []
    edited = copies / "corpus" / sorted(p.name for p in (copies / "corpus").iterdir())[0]
    before = edited.stat()
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("Azerbaijan", "Azerbajian", 1), encoding="utf-8")  # same size
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert edited.stat().st_size == before.st_size and edited.stat().st_mtime_ns == before.st_mtime_ns
    warm = check(run_cli, copies, "--cache-dir", str(cache), "--jobs", "1")
    assert [Path(name).name for name in read] == [edited.name]
    assert warm == check(run_cli, copies, "--no-cache") != expected


def test_a_hash_taken_just_after_a_change_is_not_recorded(copies, tmp_path, run_cli, monkeypatch):
    """Within RACY_SECONDS of a file's last change, a second edit in the same clock tick
    could leave every time as recorded; such a file is hashed again next time."""
    cache = tmp_path / "cache"
    read = _hashes(monkeypatch)
    check(run_cli, copies, "--cache-dir", str(cache), "--jobs", "1")
    assert not (cache / FILE_SIGNATURES).exists()  # every file was written a moment ago
    count = len(read)
    check(run_cli, copies, "--cache-dir", str(cache), "--jobs", "1")
    assert len(read) == 2 * count


@pytest.mark.parametrize("damage", [b"\x00not json", b"[1, 2]", b'{"x": [1, 2, 3, 4, 5, "abc"], "y": "z"}',
                                    b'{"a": [1.5, 2, 3, 4, 5, "abc"]}'])
def test_damaged_file_signatures_are_ignored_and_rewritten(copies, tmp_path, run_cli, monkeypatch, damage):
    from corpuslint import cache as cache_module
    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0)
    cache = tmp_path / "cache"
    expected = check(run_cli, copies, "--cache-dir", str(cache), "--jobs", "1")
    (cache / FILE_SIGNATURES).write_bytes(damage)
    assert check(run_cli, copies, "--cache-dir", str(cache), "--jobs", "1") == expected
    records = json.loads((cache / FILE_SIGNATURES).read_bytes())
    assert "y" not in records and "a" not in records  # malformed records are dropped
    assert len([name for name in records if name.startswith(str(copies.resolve()))]) == json.loads(expected)["summary"]["files"]


def test_the_key_covers_the_tools_own_code(tmp_path, monkeypatch):
    from corpuslint import cache as cache_module
    before = FactsCache(tmp_path, "rules").key("abc", "text")
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "an edited rule")
    assert FactsCache(tmp_path, "rules").key("abc", "text") != before


def test_corrupt_and_stale_entries_are_ignored_and_rebuilt(copies, tmp_path, run_cli):
    cache = tmp_path / "cache"
    expected = check(run_cli, copies, "--cache-dir", str(cache), "--jobs", "1")
    entries = sorted((cache / LAYOUT).rglob("*.json"))
    entries[0].write_bytes(b"\x00not json")
    stale = json.loads(entries[1].read_bytes())
    stale["version"] = -1
    entries[1].write_text(json.dumps(stale), encoding="utf-8")
    wrong = json.loads(entries[2].read_bytes())
    del wrong["figures"]
    entries[2].write_text(json.dumps(wrong), encoding="utf-8")
    huge = json.loads(entries[3].read_bytes())
    huge["names"]["mentions"] = [2**70] * 5  # out of range (orjson reads it as a float): a miss either way
    entries[3].write_text(json.dumps(huge), encoding="utf-8")
    assert check(run_cli, copies, "--cache-dir", str(cache), "--jobs", "1") == expected
    assert 2**70 not in json.loads(entries[3].read_bytes())["names"]["mentions"]
    for entry in entries[:3]:
        assert json.loads(entry.read_bytes())["version"] != -1 and "figures" in json.loads(entry.read_bytes())


def test_an_unwritable_cache_only_costs_speed(copies, tmp_path, run_cli):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache would go", encoding="utf-8")
    assert check(run_cli, copies, "--cache-dir", str(blocker), "--jobs", "1") == check(run_cli, copies, "--no-cache")


def test_key_covers_content_kind_and_rule_data_but_not_the_path(tmp_path):
    rule_data = load_rule_data([], [])
    cache = FactsCache(tmp_path, rule_data.fingerprint)
    assert cache.key("abc", "text") != cache.key("abd", "text") != cache.key("abc", "markdown")
    assert FactsCache(tmp_path, rule_data.fingerprint + "x").key("abc", "text") != cache.key("abc", "text")
    facts = extract_facts(Document("a.txt", "Ten people died on 9 November 2020.\n", "text", digest="d"), rule_data)
    cache.store(cache.key("d", "text"), encode_entry(facts))
    moved = cache.load(cache.key("d", "text"), "elsewhere/b.txt", {}).facts
    assert moved.path == "elsewhere/b.txt" and moved.to_dict() | {"path": "a.txt"} == facts.to_dict()
    assert (tmp_path / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_entries_read_alike_by_both_json_readers(tmp_path):
    """Entries are read with orjson, and with json whatever orjson refuses (Infinity)."""
    from corpuslint.cache import decode_entry

    rule_data = load_rule_data([], [])
    facts = extract_facts(Document("a.txt", "Ten people died on 9 November 2020, 2.5 times more.\n", "text", digest="d"), rule_data)
    assert facts.figures
    assert decode_entry(encode_entry(facts), "a.txt", None).facts.to_dict() == facts.to_dict()
    facts.figures[0].scope_high = float("inf")  # json writes Infinity, which orjson does not read
    entry = encode_entry(facts)
    assert b"Infinity" in entry and decode_entry(entry, "a.txt", None).facts.figures[0].scope_high == float("inf")
    with pytest.raises(ValueError):
        decode_entry(entry[:-5], "a.txt", None)  # cut short: an error the cache counts as a miss


def test_rows_of_the_wrong_length_are_a_damaged_entry(tmp_path):
    """Figures and cited works are rows in the cache; one of another length (an entry
    damaged, or written by other code) is refused, so the cache ignores and rebuilds it."""
    import json

    from corpuslint.cache import decode_entry

    rule_data = load_rule_data([], [])
    text = "Ten people died on 9 November 2020.1\n\n1 Thomas de Waal, Black Garden (New York: NYU Press, 2003), 45.\n"
    facts = extract_facts(Document("a.txt", text, "text", digest="d"), rule_data)
    assert facts.figures and facts.sources[0]
    for family in ("figures", "sources"):
        data = json.loads(encode_entry(facts))
        row = data[family][0] if family == "figures" else data[family][0][0]
        row.pop()
        with pytest.raises(ValueError):
            decode_entry(json.dumps(data).encode(), "a.txt", None)


def test_old_generations_and_layouts_are_pruned(copies, tmp_path, run_cli, monkeypatch):
    import os
    from corpuslint import cache as cache_module
    cache = tmp_path / "cache"
    (cache / "facts-v1" / "ab").mkdir(parents=True)  # an older layout's entries
    (cache / "facts-v1" / "ab" / "old.json").write_text("{}", encoding="utf-8")
    expected = check(run_cli, copies, "--cache-dir", str(cache), "--jobs", "1", "--select", "CIT001")
    generations = []
    for step in range(5):  # five upgrades of the tool: five generations, each used an hour apart and more
        monkeypatch.setattr(cache_module, "code_fingerprint", lambda step=step: f"version {step}")
        assert check(run_cli, copies, "--cache-dir", str(cache), "--jobs", "1", "--select", "CIT001") == expected
        current = FactsCache(cache, load_rule_data([], []).fingerprint).entries
        generations.append(current)
        for older in generations[:-1]:
            if older.exists():
                os.utime(older / "used", (0, os.stat(older / "used").st_mtime - 7200))
    assert not (cache / "facts-v1").exists()
    kept = sorted(path.name for path in (cache / LAYOUT).iterdir())
    assert len(kept) == cache_module.KEEP_GENERATIONS and generations[-1].name in kept
    assert not generations[0].exists() and not generations[1].exists()
    assert (cache / "CACHEDIR.TAG").exists()


def test_concurrent_runs_share_a_cache(copies, tmp_path):
    cache = tmp_path / "cache"
    command = [sys.executable, "-m", "corpuslint", "check", "--no-baseline", "--format", "json", "--cache-dir",
               str(cache), "--jobs", "2", str(copies)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path) for _ in range(3)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    reference = subprocess.run([*command[:-5], "--no-cache", str(copies)], capture_output=True, cwd=tmp_path).stdout
    assert outputs[0] == outputs[1] == outputs[2] == reference
    assert not list(cache.rglob("*.tmp"))


def test_rule_data_fingerprint_follows_the_files(tmp_path):
    extra = tmp_path / "rules"
    extra.mkdir()
    base = load_rule_data([], []).fingerprint
    (extra / "figures.yaml").write_text("concepts: []\n", encoding="utf-8")
    changed = load_rule_data([str(extra)], []).fingerprint
    assert base and changed and base != changed
    assert load_rule_data([], []).fingerprint == base


def test_a_fifo_named_explicitly_is_skipped_with_a_warning_not_waited_on(tmp_path):
    """Looking the file up in the cache must not read it before read_document has checked
    it is a regular file: a FIFO would wait for a writer for ever."""
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    process = subprocess.run([sys.executable, "-m", "corpuslint", "check", "--cache-dir", str(tmp_path / "cache"), str(pipe)],
                             capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert process.returncode == 0 and "pipe.md:1:1: not a regular file" in process.stderr


def test_cached_findings_are_reused_from_another_working_directory(copies, tmp_path, monkeypatch):
    """The same files shown under other paths (the run started elsewhere) keep their
    cached document-rule findings, related places moved with them: the rules do not run
    again, and the findings are those of a run without the cache."""
    cache = str(tmp_path / "cache")
    monkeypatch.chdir(copies.parent)
    engine.run([copies.name], cache_dir=cache)
    monkeypatch.chdir(copies)
    checked = []
    original = engine.DocumentWork._check
    monkeypatch.setattr(engine.DocumentWork, "_check", lambda self, facts, rules: checked.append(facts.path)
                        or original(self, facts, rules))
    warm = engine.run(["."], cache_dir=cache).findings
    assert not checked
    assert any(f.related and f.code.startswith("CIT") and f.related[0].path == f.path for f in warm)
    plain = engine.run(["."]).findings
    assert [f.to_dict() for f in warm] == [f.to_dict() for f in plain]


PARTIAL_TEXT = ("As discussed in note 1, “we will hold the line,” she said.1 See section 2.\n\n"
                "2. Outcome\n\nTen people died on 9 November 2020.\n\n"
                "1 Thomas de Waal, Black Garden (New York: NYU Press, 2003), 45.\n")
ONLY_DOCUMENT_RULES_READ = ("quotations", "pointers", "section_numbers")


def test_facts_read_back_with_their_findings_leave_out_what_only_the_document_rules_read():
    """With the document rules' findings in hand (or sent by a worker), the facts are read
    without note markers, quoted passages, pointers and section numbers; everything else
    reads as it was written. Without findings for this file the rules run: whole facts."""
    from corpuslint.cache import decode_entry

    rule_data = load_rule_data([], [])
    facts = extract_facts(Document("a.txt", PARTIAL_TEXT, "text", digest="d"), rule_data)
    assert facts.citations.markers and all(getattr(facts, name) for name in ONLY_DOCUMENT_RULES_READ)
    entry = encode_entry(facts, [], "a.txt", "/r/a.txt")
    for rule_names, file in (({}, "/r/a.txt"), (None, None)):
        partial = decode_entry(entry, "a.txt", rule_names, file=file, whole=False).facts
        assert partial.partial and partial.citations.markers == []
        assert all(getattr(partial, name) == [] for name in ONLY_DOCUMENT_RULES_READ)
        kept = {key: value for key, value in facts.to_dict().items() if key not in ONLY_DOCUMENT_RULES_READ}
        partial.partial, partial.citations.markers = False, facts.citations.markers
        assert {key: value for key, value in partial.to_dict().items() if key not in ONLY_DOCUMENT_RULES_READ} == kept
    # Findings stored for another file (a copy): the document rules must run on whole facts.
    copy = decode_entry(entry, "b.txt", {}, file="/r/b.txt", whole=False)
    assert copy.findings is None and not copy.facts.partial and copy.facts.citations.markers
    whole = decode_entry(entry, "a.txt", {}, file="/r/a.txt").facts
    assert not whole.partial and whole.to_dict() == facts.to_dict()
    with pytest.raises(ValueError):
        decode_entry(entry, "a.txt", None, whole=False).facts.to_dict()  # never stored


def test_a_warm_run_holds_partial_facts_and_a_fix_run_whole_ones(tmp_path):
    """A warm run's facts leave out what only the document rules read, with the same
    findings; a run for fixes (indexed=False) reads them whole, and plan_fixes refuses
    partial facts rather than fix inside a quotation it cannot see."""
    from corpuslint import fixes

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(PARTIAL_TEXT + "The conflict erupt ed in 2020.\n“It erupt ed,” he said.\n",
                                encoding="utf-8")
    cache = str(tmp_path / "cache")
    cold = engine.run([str(docs)], cache_dir=cache)
    warm = engine.run([str(docs)], cache_dir=cache)
    assert [f.to_dict() for f in warm.findings] == [f.to_dict() for f in cold.findings]
    assert warm.facts[0].partial and warm.facts[0].quotations == [] and not cold.facts[0].partial
    for_fixes = engine.run([str(docs)], cache_dir=cache, indexed=False)
    assert not for_fixes.facts[0].partial and for_fixes.facts[0].quotations == cold.facts[0].quotations
    with pytest.raises(ValueError):
        fixes.plan_fixes(warm.findings, {f.path: f for f in warm.facts})
    [plan] = fixes.plan_fixes(for_fixes.findings, {f.path: f for f in for_fixes.facts})
    assert "The conflict erupted in 2020." in plan.after and "“It erupt ed,” he said." in plan.after
