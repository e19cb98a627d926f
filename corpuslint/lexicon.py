"""English word frequencies, for telling words from fragments.

Backed by pyspellchecker's English dictionary (about 160,000 words with
frequency counts from subtitles and Wiktionary): a maintained package with a
real word list, so "erupt ed" can be told from "How ever" by how common each
part is, not by a hand-made list. Loaded once per process, on first use.
"""

from __future__ import annotations

import gzip
import pkgutil
from functools import lru_cache

import orjson

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


def spell_checker_frequencies() -> dict[str, int]:
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1).word_frequency.dictionary


def frequency_table() -> dict[str, int]:
    """The whole list (lower-cased word -> count), for loops that look up many words."""
    return _frequencies()


def frequency(word: str) -> int:
    """How often `word` (any case) occurs in the English frequency list; 0 if unknown."""
    return _frequencies().get(word.lower(), 0)


def is_word(word: str) -> bool:
    return frequency(word) > 0


def is_common_word(word: str) -> bool:
    return frequency(word) >= COMMON_WORD
