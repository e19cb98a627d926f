"""The focus index: what the cross-document rules need of each document, stored by
key in SQLite beside the facts cache, so that a run focused on a few files (the
pre-commit hook) reads the rows their groups reach instead of every document's facts.

    .corpuslint_cache/facts-v2/<generation>/index-v1.sqlite
        meta(name, value)                      the schema version
        documents(file, digest, kind, line_count, suppressions)
                                               the documents the index describes, as resolved
                                               paths, at the sha256 of their bytes
        rows(family, key, file, payload)       a family's rows, found by key (JSON payloads)
        totals(family, key, count)             sums over every document (the vocabulary)
        contributions(family, file, counts)    each document's part of the totals (JSON)

It lives in the facts generation it was built from, so it goes when the generation
goes (a new tool version, an edited rule-data file).

An `IndexFamily` is the index side of one or more corpus rules: the rows and counts a
document contributes, and `gather`, which reads back what those rules need to judge
the focus documents exactly as they would with every document's facts in hand. For
rules that judge groups (connected components), that is the focus documents' groups
read to closure; a test compares the two ways on random corpora.

A focused run first brings the index up to date: documents changed since (the focus
ones, any other edit), added or gone. Only focused runs read or write it, so a full run
costs nothing more; the first focused run after many changes reads every document,
as before, and rebuilds the rows of those that changed.

Safety: SQLite's locking and transactions keep concurrent runs apart; an index that
cannot be opened, read or written is deleted or ignored, and the run then reads every
document: the index can make a focused run faster, never different.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path
from typing import ClassVar, Iterable, Iterator

import orjson

INDEX_FILE = "index-v1.sqlite"
SCHEMA_VERSION = "1"
BUSY_SECONDS = 10  # a concurrent run writing the index: wait this long, then read every document

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    file TEXT PRIMARY KEY, digest TEXT NOT NULL, kind TEXT NOT NULL, line_count INTEGER NOT NULL,
    suppressions BLOB);
CREATE TABLE IF NOT EXISTS rows (family TEXT NOT NULL, key TEXT NOT NULL, file TEXT NOT NULL, payload BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS rows_by_key ON rows (family, key);
CREATE INDEX IF NOT EXISTS rows_by_file ON rows (file, family);
CREATE TABLE IF NOT EXISTS totals (family TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (family, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS contributions (family TEXT NOT NULL, file TEXT NOT NULL, counts BLOB NOT NULL,
    PRIMARY KEY (family, file));
"""


class IndexFamily:
    """The index side of the corpus rules that name it (CorpusRule.index)."""

    name: ClassVar[str]

    def rows(self, facts) -> Iterable[tuple[str, object]]:
        """(key, payload) for each row this document gives; payloads are JSON values."""
        return ()

    def counts(self, facts) -> dict[str, int]:
        """This document's part of the family's totals."""
        return {}

    def gather(self, index: "FocusIndex", focus: list, context) -> dict[str, dict[str, list]]:
        """What the rules need of documents other than the `focus` ones (their full facts):
        resolved file -> facts field -> [(position, item)], the items in their document's
        order. May also fill `context` (the corpus vocabulary)."""
        raise NotImplementedError


class IndexUnusable(Exception):
    """The index could not be read or written; the run reads every document instead."""


class FocusIndex:
    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    @classmethod
    def open(cls, directory: Path) -> "FocusIndex | None":
        """The index in `directory`, created when missing; None when it cannot be had
        (an unwritable cache). A damaged or older file is deleted and started again."""
        path = directory / INDEX_FILE
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
                        connection.execute("INSERT OR IGNORE INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
                    elif row[0] != SCHEMA_VERSION:
                        raise sqlite3.DatabaseError(f"schema {row[0]}")
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
        self.connection.close()

    def documents(self) -> dict[str, str]:
        """Resolved file -> the digest of the bytes its rows describe."""
        return dict(self._read("SELECT file, digest FROM documents", ()))

    def described(self, files: Iterable[str]) -> dict[str, tuple[str, int, list | None]]:
        """Resolved file -> (kind, line count, suppressions as to_dict lists or None)."""
        wanted = set(files)
        return {file: (kind, lines, orjson.loads(suppressions) if suppressions else None)
                for file, kind, lines, suppressions in self._read(
                    "SELECT file, kind, line_count, suppressions FROM documents", ())
                if file in wanted}

    def rows(self, family: str, keys: Iterable[str]) -> Iterator[tuple[str, str, object]]:
        """(key, file, payload) of the family's rows under these keys."""
        for key in keys:
            for file, payload in self._read("SELECT file, payload FROM rows WHERE family = ? AND key = ?", (family, key)):
                yield key, file, orjson.loads(payload)

    def rows_of(self, family: str, files: Iterable[str]) -> Iterator[tuple[str, str, object]]:
        """(key, file, payload) of the family's rows of these files."""
        for file in files:
            for key, payload in self._read("SELECT key, payload FROM rows WHERE family = ? AND file = ?", (family, file)):
                yield key, file, orjson.loads(payload)

    def totals(self, family: str, keys: Iterable[str]) -> dict[str, int]:
        found = {}
        for key in set(keys):
            row = self._read("SELECT count FROM totals WHERE family = ? AND key = ?", (family, key))
            found[key] = row[0][0] if row else 0
        return found

    def update(self, changed: list, removed: Iterable[str], families: Iterable[IndexFamily]) -> None:
        """Describe the `changed` facts (full facts, vocabulary still in them; their
        files resolved: `changed` holds (file, facts)) and forget the `removed` files,
        in one transaction. Raises IndexUnusable."""
        families = list(families)
        gone = list(removed) + [file for file, _ in changed]
        try:
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                for family in families:
                    self._move_totals(family, gone, changed)
                self.connection.executemany("DELETE FROM rows WHERE file = ?", ((f,) for f in gone))
                self.connection.executemany("DELETE FROM documents WHERE file = ?", ((f,) for f in gone))
                self.connection.executemany(
                    "INSERT INTO documents VALUES (?, ?, ?, ?, ?)",
                    ((file, facts.digest, facts.kind, facts.line_count,
                      orjson.dumps([s.to_dict() for s in facts.suppressions]) if facts.suppressions else None)
                     for file, facts in changed))
                self.connection.executemany(
                    "INSERT INTO rows VALUES (?, ?, ?, ?)",
                    ((family.name, key, file, orjson.dumps(payload))
                     for family in families for file, facts in changed for key, payload in family.rows(facts)))
                self.connection.execute("COMMIT")
            except BaseException:
                self.connection.execute("ROLLBACK")
                raise
        except (sqlite3.Error, TypeError) as error:
            raise IndexUnusable(str(error)) from error

    def _move_totals(self, family: IndexFamily, gone: list[str], changed: list) -> None:
        """Totals less the gone documents' contributions, plus the changed ones' new ones:
        one write per word whose total changes."""
        delta: Counter = Counter()
        for file in gone:
            row = self._read("SELECT counts FROM contributions WHERE family = ? AND file = ?", (family.name, file))
            if row:
                delta.subtract(orjson.loads(row[0][0]))
        self.connection.executemany("DELETE FROM contributions WHERE family = ? AND file = ?",
                                    ((family.name, file) for file in gone))
        new = []
        for file, facts in changed:
            counts = family.counts(facts)
            if counts:
                delta.update(counts)
                new.append((family.name, file, orjson.dumps(counts)))
        self.connection.executemany("INSERT INTO contributions VALUES (?, ?, ?)", new)
        self.connection.executemany(
            "INSERT INTO totals VALUES (?, ?, ?) ON CONFLICT (family, key) DO UPDATE SET count = count + excluded.count",
            ((family.name, key, count) for key, count in delta.items() if count))
        self.connection.execute("DELETE FROM totals WHERE family = ? AND count = 0", (family.name,))

    def _read(self, query: str, parameters: tuple) -> list:
        try:
            return self.connection.execute(query, parameters).fetchall()
        except sqlite3.Error as error:
            raise IndexUnusable(str(error)) from error
