"""The focus index: what the cross-document rules need of each document, stored by
key in SQLite beside the facts cache, so that a run focused on a few files (the
pre-commit hook) reads the items their groups reach instead of every document's facts.

    .corpuslint_cache/facts-v2/<generation>/index-v1.sqlite
        meta(name, value)                      the schema version and the families it holds
        documents(id, file, digest, kind, line_count, suppressions)
                                               the documents the index describes, as resolved
                                               paths, at the sha256 of their bytes
        items(family, document, position, keys, tag, payload)
                                               a family's items of each document (JSON payload),
                                               stored once however many keys find them
        keys(family, key, tag, document, position)
                                               the keys that find each item; the tag says which
                                               distinct thing an item is (how many distinct
                                               things share a key, without reading them)
        totals(family, key, count)             sums over every document (the vocabulary)
        contributions(family, document, counts)
                                               each document's part of the totals (JSON, zlib)
        aliases(family, alias, key)            other keys a total is found by while it is above
                                               zero (IndexFamily.aliases: a name form by the
                                               deletion keys it is compared through)

Documents are numbered (a path is stored once, not in each of a million keys), and
the keys table is its own index (WITHOUT ROWID: small rows), where items and
contributions, large rows, are ordinary tables beside their key's index; an item
lists its keys, so that a changed document's keys are deleted by their primary key.

It lives in the facts generation it was built from, so it goes when the generation
goes (a new tool version, an edited rule-data file).

An `IndexFamily` is the index side of one or more corpus rules: the items and counts a
document contributes, and `gather`, which reads back what those rules need to judge
the focus documents exactly as they would with every document's facts in hand. For
rules that judge groups (connected components), that is the focus documents' groups
read to closure; a test compares the two ways on random corpora.

A focused run first brings the index up to date: documents changed since (the focus
ones, any other edit), added or gone. Only focused runs read or write it, so a full run
costs nothing more; the first focused run after many changes reads every document,
as before, and rebuilds the items of those that changed. It writes them in batches, all
in one transaction (a concurrent run waits for it, then reads every document), and
merges their keys into the keys table in key order at the end.

Safety: SQLite's locking and transactions keep concurrent runs apart; an index that
cannot be opened, read or written is deleted or ignored, and the run then reads every
document: the index can make a focused run faster, never different.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import ClassVar, Iterable, Iterator

import orjson

INDEX_FILE = "index-v1.sqlite"
SCHEMA_VERSION = "3"  # 2: items stored once, found through keys; documents numbered. 3: aliases, contributions zlib
WRITE_CACHE, READ_CACHE = -16384, -2000  # SQLite's page cache (KiB) when writing, and its default
STAGE_FROM = 50  # documents written in one transaction from which their keys are staged (FocusIndex._begin)
BUSY_SECONDS = 10  # a concurrent run writing the index: wait this long, then read every document

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (id INTEGER PRIMARY KEY, file TEXT NOT NULL UNIQUE, digest TEXT NOT NULL,
    kind TEXT NOT NULL, line_count INTEGER NOT NULL, suppressions BLOB);
CREATE TABLE IF NOT EXISTS items (family TEXT NOT NULL, document INTEGER NOT NULL, position INTEGER NOT NULL,
    keys BLOB NOT NULL, tag TEXT NOT NULL, payload BLOB NOT NULL,
    PRIMARY KEY (family, document, position));
CREATE TABLE IF NOT EXISTS keys (family TEXT NOT NULL, key TEXT NOT NULL, tag TEXT NOT NULL,
    document INTEGER NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (family, key, tag, document, position)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS totals (family TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (family, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS contributions (family TEXT NOT NULL, document INTEGER NOT NULL, counts BLOB NOT NULL,
    PRIMARY KEY (family, document));
CREATE TABLE IF NOT EXISTS aliases (family TEXT NOT NULL, alias TEXT NOT NULL, key TEXT NOT NULL,
    PRIMARY KEY (family, alias, key)) WITHOUT ROWID;
"""
PROBES = [
    "SELECT id, file, digest, kind, line_count, suppressions FROM documents LIMIT 0",
    "SELECT family, document, position, keys, tag, payload FROM items LIMIT 0",
    "SELECT family, key, tag, document, position FROM keys LIMIT 0",
    "SELECT family, key, count FROM totals LIMIT 0",
    "SELECT family, document, counts FROM contributions LIMIT 0",
    "SELECT family, alias, key FROM aliases LIMIT 0",
]


class IndexFamily:
    """The index side of the corpus rules that name it (CorpusRule.index)."""

    name: ClassVar[str]
    version: ClassVar[int] = 1  # of what its items and counts hold: a change rebuilds the index

    def items(self, facts, context) -> Iterable[tuple[int, object, Iterable[str], str]]:
        """(position, payload, keys, tag) for each item this document gives: its place in
        the document, a JSON value, the keys that find it and what distinct thing it is
        (for FocusIndex.distinct; "" when nothing counts them). `context` is the run's
        (its rule data)."""
        return ()

    def counts(self, facts, context) -> dict[str, int]:
        """This document's part of the family's totals."""
        return {}

    def aliases(self, key: str) -> list[str]:
        """Other keys a total's key is found by (FocusIndex.aliased) while its total is
        above zero; they depend on the key alone."""
        return []

    def gather(self, index: "FocusIndex", focus: dict, context) -> dict[str, dict[str, list]]:
        """What the rules need of documents other than the `focus` ones (resolved file ->
        their full facts): resolved file -> facts field (or "field.field") -> [(position,
        item)]. May also leave in `context` what the rules must know of the whole corpus
        (the vocabulary, the names' components, the common word pairs)."""
        raise NotImplementedError


class IndexUnusable(Exception):
    """The index could not be read or written; the run reads every document instead."""


class FocusIndex:
    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection
        self._file_of: dict[int, str] | None = None  # document number -> resolved file
        self._keys_table: str | None = None  # while a write transaction is open: where its keys go
        self._staged_documents: set[int] = set()  # the documents it wrote

    @classmethod
    def open(cls, directory: Path, families: Iterable[str]) -> "FocusIndex | None":
        """The index in `directory`, created when missing; None when it cannot be had
        (an unwritable cache). A damaged or older file, or one written for other
        families or versions of them (their rows would be missing or read wrongly), is
        deleted and started again. `families`: "name-version" of each."""
        path = directory / INDEX_FILE
        version = f"{SCHEMA_VERSION}:{','.join(sorted(families))}"
        for attempt in range(2):
            try:
                directory.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
                try:
                    connection.execute("PRAGMA journal_mode=WAL")
                    connection.execute("PRAGMA synchronous=NORMAL")
                    connection.executescript(SCHEMA)
                    row = connection.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
                    if row is None:
                        connection.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (version,))
                    elif row[0] != version:
                        raise sqlite3.DatabaseError(f"schema {row[0]}")
                    try:
                        for probe in PROBES:
                            connection.execute(probe).fetchall()
                    except sqlite3.OperationalError as error:
                        if "no such" not in str(error):
                            raise  # locked
                        raise sqlite3.DatabaseError(f"another layout: {error}") from error  # damaged
                    return cls(connection)
                except sqlite3.Error:
                    connection.close()
                    raise
            except sqlite3.OperationalError:
                return None  # locked past the timeout, or not writable: not this run
            except (sqlite3.Error, OSError):
                if attempt:
                    return None
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
        return None

    def close(self) -> None:
        self.abandon()
        self.connection.close()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """The reads within, of one state of the index: a read transaction (WAL lets a
        concurrent run write meanwhile; its changes are not seen). Raises IndexUnusable."""
        try:
            self.connection.execute("BEGIN")
        except sqlite3.Error as error:
            raise IndexUnusable(str(error)) from error
        try:
            yield
        finally:
            try:
                self.connection.execute("COMMIT")
            except sqlite3.Error:
                pass  # nothing was written; closing ends it

    def documents(self) -> dict[str, str]:
        """Resolved file -> the digest of the bytes its items describe."""
        rows = self._read("SELECT id, file, digest FROM documents", ())
        self._file_of = {number: file for number, file, _ in rows}
        return {file: digest for _, file, digest in rows}

    def _files(self) -> dict[int, str]:
        if self._file_of is None:
            self.documents()
        return self._file_of

    def described(self, files: Iterable[str]) -> dict[str, tuple[str, int, list | None]]:
        """Resolved file -> (kind, line count, suppressions as to_dict lists or None)."""
        wanted = set(files)
        return {file: (kind, lines, orjson.loads(suppressions) if suppressions else None)
                for file, kind, lines, suppressions in self._read(
                    "SELECT file, kind, line_count, suppressions FROM documents", ())
                if file in wanted}

    def items(self, family: str, keys: Iterable[str], skip: Iterable[str] = ()) -> dict[tuple[str, int], object]:
        """(file, position) -> payload of the family's items found by these keys, each once,
        those of the `skip` files left out."""
        file_of, skip = self._files(), set(skip)
        found: dict[tuple[str, int], object] = {}
        for key in keys:
            for number, position, payload in self._read(
                    "SELECT k.document, k.position, i.payload FROM keys k JOIN items i"
                    " ON i.family = k.family AND i.document = k.document AND i.position = k.position"
                    " WHERE k.family = ? AND k.key = ?", (family, key)):
                file = file_of[number]
                if file not in skip and (file, position) not in found:
                    found[file, position] = orjson.loads(payload)
        return found

    def tagged(self, family: str, key: str) -> list[tuple[str, str, int]]:
        """(tag, file, position) of each of the key's items, without their payloads."""
        file_of = self._files()
        return [(tag, file_of[number], position) for tag, number, position in self._read(
            "SELECT tag, document, position FROM keys WHERE family = ? AND key = ?", (family, key))]

    def payloads(self, family: str, places: Iterable[tuple[str, int]]) -> dict[tuple[str, int], object]:
        """(file, position) -> payload of these items of the family."""
        number_of = {file: number for number, file in self._files().items()}
        found = {}
        for file, position in places:
            row = self._read("SELECT payload FROM items WHERE family = ? AND document = ? AND position = ?",
                             (family, number_of[file], position))
            if row:
                found[file, position] = orjson.loads(row[0][0])
        return found

    def keys_of(self, family: str, files: Iterable[str]) -> set[str]:
        """The keys of the family's items in these files."""
        number_of = {file: number for number, file in self._files().items()}
        return {key for file in files if file in number_of
                for (keys,) in self._read("SELECT keys FROM items WHERE family = ? AND document = ?",
                                          (family, number_of[file]))
                for key in orjson.loads(keys)}

    def distinct(self, family: str, key: str, limit: int) -> int:
        """How many distinct tags the key's items have, counted up to limit + 1 (enough to
        know a key is too common to read, without reading it)."""
        return self._read("SELECT COUNT(*) FROM (SELECT DISTINCT tag FROM keys WHERE family = ? AND key = ? LIMIT ?)",
                          (family, key, limit + 1))[0][0]

    def totals_under(self, family: str, prefix: str) -> dict[str, int]:
        """The totals whose keys start with `prefix`, which ends in a separator ("form\\0")."""
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return dict(self._read("SELECT key, count FROM totals WHERE family = ? AND key >= ? AND key < ?",
                               (family, prefix, upper)))

    def aliased(self, family: str, alias: str, limit: int = -1) -> list[str]:
        """The keys of totals above zero that `alias` stands for (at most `limit`)."""
        return [key for (key,) in self._read("SELECT key FROM aliases WHERE family = ? AND alias = ? LIMIT ?",
                                              (family, alias, limit))]

    def totals(self, family: str, keys: Iterable[str]) -> dict[str, int]:
        found = {}
        for key in set(keys):
            row = self._read("SELECT count FROM totals WHERE family = ? AND key = ?", (family, key))
            found[key] = row[0][0] if row else 0
        return found

    def update(self, changed: list, removed: Iterable[str], families: Iterable[IndexFamily], context,
               final: bool = True) -> None:
        """Describe the `changed` facts (full facts, vocabulary still in them; their
        files resolved: `changed` holds (file, facts)) and forget the `removed` files,
        in one transaction. Updates with `final` False and the next final one share a
        transaction: a run that writes many documents in batches (the first focused run)
        commits them together. Raises IndexUnusable, and then nothing of the transaction
        is written."""
        families = list(families)
        gone = set(removed) | {file for file, _ in changed}
        self._file_of = None
        execute = self.connection.execute
        try:
            if self._keys_table is None:
                self._begin(staged=not final or len(changed) >= STAGE_FROM)
            try:
                numbers = [number for file in sorted(gone)
                           for (number,) in execute("SELECT id FROM documents WHERE file = ?", (file,)).fetchall()]
                deltas = {family.name: self._forget(family, numbers) for family in families}
                execute(f"DELETE FROM documents WHERE id IN ({','.join(map(str, numbers))})")
                for file, facts in changed:
                    number = execute(
                        "INSERT INTO documents (file, digest, kind, line_count, suppressions) VALUES (?, ?, ?, ?, ?)",
                        (file, facts.digest, facts.kind, facts.line_count,
                         orjson.dumps([s.to_dict() for s in facts.suppressions]) if facts.suppressions else None)).lastrowid
                    self._staged_documents.add(number)
                    for family in families:
                        self._describe(family, number, facts, deltas[family.name], context)
                for family in families:
                    self._move_aliases(family, deltas[family.name])
                    self.connection.executemany(
                        "INSERT INTO totals VALUES (?, ?, ?)"
                        " ON CONFLICT (family, key) DO UPDATE SET count = count + excluded.count",
                        ((family.name, key, count) for key, count in deltas[family.name].items() if count))
                    self.connection.executemany(  # only a key taken down can have come to zero
                        "DELETE FROM totals WHERE family = ? AND key = ? AND count = 0",
                        ((family.name, key) for key, count in deltas[family.name].items() if count < 0))
                if final:
                    self._commit()
            except BaseException:
                self.abandon()
                raise
        except Exception as error:  # SQLite's, a damaged contribution, a family's bug: not this run
            raise IndexUnusable(f"{error.__class__.__name__}: {error}") from error

    def _begin(self, staged: bool) -> None:
        """Open the write transaction. `staged`: keys go to a temporary table, merged into
        theirs in key order at the commit. Written where they fall, each key costs a page
        of the keys' b-tree read and written back once the tree outgrows SQLite's page
        cache: a build in batches rewrote the whole tree each batch, and took time growing
        with the square of the corpus (466 s at 50,000 files for 62 s at 10,000)."""
        execute = self.connection.execute
        execute(f"PRAGMA cache_size={WRITE_CACHE}")
        execute("BEGIN IMMEDIATE")
        self._keys_table, self._staged_documents = "keys", set()
        if staged:
            execute("CREATE TEMP TABLE staged_keys (family TEXT NOT NULL, key TEXT NOT NULL, tag TEXT NOT NULL,"
                    " document INTEGER NOT NULL, position INTEGER NOT NULL)")
            self._keys_table = "temp.staged_keys"

    def _commit(self) -> None:
        execute = self.connection.execute
        if self._keys_table != "keys":
            execute(f"INSERT INTO keys SELECT family, key, tag, document, position FROM {self._keys_table}"
                    " ORDER BY family, key, tag, document, position")
            execute(f"DROP TABLE {self._keys_table}")
        execute("COMMIT")
        self._keys_table = None
        execute(f"PRAGMA cache_size={READ_CACHE}")

    def abandon(self) -> None:
        """Roll back an open write transaction, if there is one."""
        if self._keys_table is None:
            return
        self._keys_table = None
        try:
            self.connection.execute("ROLLBACK")  # the staged keys' table too: it was made in it
            self.connection.execute(f"PRAGMA cache_size={READ_CACHE}")
        except sqlite3.Error:
            pass  # closing the connection ends it

    def _move_aliases(self, family: IndexFamily, delta: Counter) -> None:
        """Aliases of the totals this delta takes above zero written, of those it takes to
        zero deleted (before the delta is applied: the old totals are still there)."""
        if type(family).aliases is IndexFamily.aliases:
            return  # a family without aliases (the vocabulary's hundred thousand words)
        execute, name = self.connection.execute, family.name
        for key, change in delta.items():
            aliases = family.aliases(key) if change else None
            if not aliases:
                continue
            row = execute("SELECT count FROM totals WHERE family = ? AND key = ?", (name, key)).fetchone()
            old = row[0] if row else 0
            if old <= 0 < old + change:
                self.connection.executemany("INSERT OR IGNORE INTO aliases VALUES (?, ?, ?)",
                                            ((name, alias, key) for alias in aliases))
            elif old > 0 >= old + change:
                self.connection.executemany("DELETE FROM aliases WHERE family = ? AND alias = ? AND key = ?",
                                            ((name, alias, key) for alias in aliases))

    def _forget(self, family: IndexFamily, numbers: list[int]) -> Counter:
        """Delete these documents' items, keys and contributions; what the totals lose."""
        execute, executemany, name = self.connection.execute, self.connection.executemany, family.name
        delta: Counter = Counter()
        for number in numbers:
            items = execute("SELECT position, keys, tag FROM items WHERE family = ? AND document = ?", (name, number)).fetchall()
            executemany("DELETE FROM keys WHERE family = ? AND key = ? AND tag = ? AND document = ? AND position = ?",
                        ((name, key, tag, number, position) for position, keys, tag in items for key in orjson.loads(keys)))
            if number in self._staged_documents and self._keys_table != "keys":  # written earlier in this transaction
                execute(f"DELETE FROM {self._keys_table} WHERE family = ? AND document = ?", (name, number))
            execute("DELETE FROM items WHERE family = ? AND document = ?", (name, number))
            for (counts,) in execute("SELECT counts FROM contributions WHERE family = ? AND document = ?", (name, number)).fetchall():
                delta.subtract(orjson.loads(zlib.decompress(counts)))
            execute("DELETE FROM contributions WHERE family = ? AND document = ?", (name, number))
        return delta

    def _describe(self, family: IndexFamily, number: int, facts, delta: Counter, context) -> None:
        """Write a document's items, keys and contributions; add these to the totals' delta."""
        executemany, name = self.connection.executemany, family.name
        items = [(position, payload, sorted(set(keys)), tag) for position, payload, keys, tag in family.items(facts, context)]
        executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?)",
                    ((name, number, position, orjson.dumps(keys), tag, orjson.dumps(payload))
                     for position, payload, keys, tag in items))
        executemany(f"INSERT INTO {self._keys_table} VALUES (?, ?, ?, ?, ?)",
                    ((name, key, tag, number, position) for position, _, keys, tag in items for key in keys))
        counts = family.counts(facts, context)
        if counts:
            delta.update(counts)
            # Compressed: read back only when the document changes, and its form names repeat.
            self.connection.execute("INSERT INTO contributions VALUES (?, ?, ?)",
                                    (name, number, zlib.compress(orjson.dumps(counts), 1)))

    def _read(self, query: str, parameters: tuple) -> list:
        try:
            return self.connection.execute(query, parameters).fetchall()
        except sqlite3.Error as error:
            raise IndexUnusable(str(error)) from error
