"""English word frequencies, for telling words from fragments.

Backed by pyspellchecker's English dictionary (about 160,000 words with
frequency counts from subtitles and Wiktionary): a maintained package with a
real word list, so "erupt ed" can be told from "How ever" by how common each
part is, not by a hand-made list. Loaded once per process, on first use.
"""

from __future__ import annotations

import gzip
import hashlib
import pkgutil
from array import array
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

import orjson

from .atomic import write_atomically

# A part of a split word counts as a real word from this many occurrences in
# the frequency list: "ever" (1.4 M) and "dependent" (5,634) do; "lyzed" (0),
# "tween" (194) and "erupt" (985) do not.
COMMON_WORD = 1000


DICTIONARY = "resources/en.json.gz"  # pyspellchecker's English list, as SpellChecker itself reads it


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, int]:
    """The list read straight from the package's data file: 0.05 s, where building a
    SpellChecker takes 0.17 s, on every run (and in every worker of a cold run). The
    keys are already lower-case, as SpellChecker would make them; a test checks the
    two agree. SpellChecker is the fallback should a release move the file."""
    try:
        data = pkgutil.get_data("spellchecker", DICTIONARY)
        if data:
            words = orjson.loads(gzip.decompress(data))
            if isinstance(words, dict) and words:
                return words
    except (OSError, ValueError):
        pass
    return spell_checker_frequencies()


class HashedCounts:
    """The list's counts looked up by a 64-bit hash of the word, in two sorted arrays
    read from a file in a millisecond, where the dict takes 0.05 s to build: a
    pre-commit run asks a few thousand words and would spend that 0.05 s of its
    second making 160,000 entries it never reads. A lookup costs about 1.5 µs (a dict's
    0.05 µs), so after SWITCH_AFTER of them the dict is built after all (a cold run's
    workers ask millions). Two words share a hash with odds of 1 in 10^14 per unknown word
    asked: far below any other cause of a wrong finding."""

    SWITCH_AFTER = 50_000

    def __init__(self, hashes: array, counts: array):
        self.hashes, self.counts, self.asked = hashes, counts, 0

    @staticmethod
    def key(word: str) -> int:
        return int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")

    def get(self, word: str, default: int = 0) -> int:
        self.asked += 1
        key = self.key(word)
        at = bisect_left(self.hashes, key)
        return self.counts[at] if at < len(self.hashes) and self.hashes[at] == key else default

    def to_bytes(self) -> bytes:
        return len(self.hashes).to_bytes(8, "little") + self.hashes.tobytes() + self.counts.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> "HashedCounts":
        """Raises ValueError for bytes that are not a table to_bytes wrote."""
        if len(data) < 8:
            raise ValueError("truncated")
        size = int.from_bytes(data[:8], "little")
        hashes, counts = array("Q"), array("q")
        if hashes.itemsize != 8 or counts.itemsize != 8 or len(data) != 8 + 16 * size:
            raise ValueError("not a table of this layout")
        hashes.frombytes(data[8:8 + 8 * size])
        counts.frombytes(data[8 + 8 * size:])
        if any(hashes[i] >= hashes[i + 1] for i in range(0, size - 1, max(1, size // 64))):
            raise ValueError("not sorted")  # a sample: bisect on unsorted hashes would miss words
        return cls(hashes, counts)

    @classmethod
    def of(cls, words: dict[str, int]) -> "HashedCounts":
        pairs = sorted((cls.key(word), count) for word, count in words.items())
        if any(a[0] == b[0] for a, b in zip(pairs, pairs[1:])):
            raise ValueError("two words share a hash")  # then the dict is used
        return cls(array("Q", [key for key, _ in pairs]), array("q", [count for _, count in pairs]))


_kept_in: Path | None = None  # where the hashed table is kept (the facts cache), if anywhere
_table: "dict[str, int] | HashedCounts | None" = None


def keep_in(directory: Path | None) -> None:
    """Keep the hashed table in `directory` (a run's cache), so later runs need not build
    the dict; None: use the dict."""
    global _kept_in, _table
    if directory != _kept_in:
        _kept_in, _table = directory, None


def _hashed(directory: Path) -> HashedCounts | None:
    """The table kept in `directory` for this very word list, made and written (atomically)
    when missing or damaged; None when the list cannot be hashed apart."""
    try:
        source = pkgutil.get_data("spellchecker", DICTIONARY)
    except OSError:
        source = None
    if not source:
        return None  # a release that moved the file: _frequencies' fallback builds the dict
    path = directory / f"words-{hashlib.sha256(source).hexdigest()[:16]}.bin"
    try:
        return HashedCounts.from_bytes(path.read_bytes())
    except (OSError, ValueError):
        pass
    try:
        table = HashedCounts.of(_frequencies())
    except ValueError:
        return None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        write_atomically(path, table.to_bytes(), durable=False)
        for other in directory.glob("words-*.bin"):  # of word lists no longer installed
            if other != path:
                other.unlink(missing_ok=True)
    except OSError:
        pass  # an unwritable cache: hashed again next run
    return table


def frequency_table() -> "dict[str, int] | HashedCounts":
    """The whole list (lower-cased word -> count, read with .get), for loops that look up
    many words: the hashed table (where keep_in gave it a place) until many words were
    asked, then the dict."""
    global _table
    if _table is None or (isinstance(_table, HashedCounts) and _table.asked > HashedCounts.SWITCH_AFTER):
        hashed = _hashed(_kept_in) if _table is None and _kept_in is not None else None
        _table = hashed or _frequencies()
    return _table


def spell_checker_frequencies() -> dict[str, int]:
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1).word_frequency.dictionary


def frequency(word: str) -> int:
    """How often `word` (any case) occurs in the English frequency list; 0 if unknown."""
    return frequency_table().get(word.lower(), 0)


def is_word(word: str) -> bool:
    return frequency(word) > 0


def is_common_word(word: str) -> bool:
    return frequency(word) >= COMMON_WORD
