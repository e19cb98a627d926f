"""A view's words, read in one scan for the stages that look at every word.

The damage stage wants every word (the vocabulary) and every pair of adjacent
words (split-word candidates); the names stage wants the words written in
lower case; the figures want the places of some words. Each used to scan the
text itself, a pattern tried at every character: 2.3 ms an article for the
first three. One split into letter runs and the text between them gives them
all from lists, at C speed.
"""

from __future__ import annotations

from collections import Counter
from itertools import accumulate, compress
from dataclasses import dataclass

import regex

WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*")  # a letter run: a letter, then letters and marks
_SPLIT = regex.compile(f"({WORD.pattern})")  # with its words kept between the texts it splits
_MARK = regex.compile(r"\p{M}")
_LOWER_START = regex.compile(r"\p{Ll}")
PAIR_GAPS = frozenset(" \t\n")  # what may stand between the two halves of a split word


@dataclass(slots=True)
class Words:
    words: list[str]  # WORD.findall(view)
    gaps: list[str]  # the text before each word, then after the last: one more than the words
    parts: list[str]  # gaps and words as they alternate in the view
    _lower: list[str] | None = None
    _starts: list[int] | None = None

    @classmethod
    def of(cls, view: str) -> "Words":
        parts = _SPLIT.split(view)
        return cls(parts[1::2], parts[0::2], parts)

    def starts(self) -> list[int]:
        """Where each word starts in the view."""
        if self._starts is None:
            self._starts = list(accumulate(map(len, self.parts[:-1])))[0::2]
        return self._starts

    def lower(self) -> list[str]:
        """Each word lower-cased."""
        if self._lower is None:
            self._lower = list(map(str.lower, self.words))
        return self._lower

    def vocabulary(self) -> dict[str, int]:
        """Each word lower-cased, and how often the view writes it."""
        return dict(Counter(self.lower()))

    def spans_of(self, vocabulary: frozenset[str]) -> list[tuple[int, int]]:
        """(start, end) of each word whose lower case is in `vocabulary`, tested at C speed.
        For a view lower-casing keeps the length of (patterns.lower_case is not None)."""
        starts, words = self.starts(), self.words
        return [(starts[at], starts[at] + len(words[at]))
                for at in compress(range(len(words)), map(vocabulary.__contains__, self.lower()))]

    def written_in_lower_case(self) -> set[str]:
        """The words that start with a lower-case letter where no mark stands before them:
        the set of (?<![\\p{L}\\p{M}])\\p{Ll}[\\p{L}\\p{M}]* in the view. No letter stands
        before a word (it would be part of it); a mark does where a run of letters and marks
        starts with marks, which a text seldom holds."""
        if _MARK.search("".join(self.gaps)):
            words = [word for word, before in zip(self.words, self.gaps) if not (before and _MARK.fullmatch(before[-1]))]
        else:
            words = self.words
        # Python's Unicode tables may be older than the regex module's, and its islower()
        # holds for a few other letters (ª, ʰ): it is asked about ASCII letters only.
        return {word for word in set(words)
                if (word[0].islower() if word[0].isascii() else _LOWER_START.match(word))}

    def adjacent_pairs(self) -> set[tuple[str, str, str]]:
        """(word, gap, next word) for adjacent words one space, tab or line end apart, the
        next word in lower case: every pair a split word may be, and some that are not
        (a word after an apostrophe, one with marks), which the caller's own match rejects.
        Python's Unicode tables may be older than the regex module's: a word not in ASCII
        is kept whatever str.islower() says of it."""
        return {pair for pair in set(zip(self.words, self.gaps[1:], self.words[1:]))
                if pair[1] in PAIR_GAPS and (pair[2].islower() or not pair[2].isascii())}
