"""Text-damage facts: places where extraction may have split a word.

Two kinds of candidate, recorded per document and judged later with the whole
corpus at hand (a rejoined word is confirmed by the dictionary or by its
appearing unsplit in some document):

* a word split by a stray space ("erupt ed", "Azerbai jan", "How ever"), or by
  a line break in a document that is not hard-wrapped ("Kara" / "bakh");
* a compound split after its hyphen ("Nagorno- Karabakh", "cease- fire"),
  unless the hyphen is suspended ("actor- or process-centred").

The document's vocabulary (lower-cased words and their counts) is kept too,
so the cross-document check can ask whether "azerbaijan" occurs unsplit.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import regex

from ..documents import Document
from ..findings import Span
from ..lexicon import frequency_table
from .names import address_chunks
from .quotes import inside
from .spans import make_span
from .words import Words

# Two letter runs with one gap between them; the second starts lower-case.
SPLIT_PAIR = regex.compile(r"(?<![\p{L}\p{M}'’\-‑‐])(?P<a>\p{L}+)(?P<gap>[ \t]|\n)(?P<b>\p{Ll}+)(?![\p{L}\p{M}'’\-‑‐\d])")
SPLIT_COMPOUND = regex.compile(
    r"(?<![\p{L}\p{M}])(?P<a>\p{L}[\p{L}\p{M}]*)(?P<hyphen>[-‑‐])(?P<gap>[ \t]+|\n)(?P<b>\p{L}[\p{L}\p{M}]*)"
)
# After a suspended hyphen ("actor- or process-centred", "pre- and post-war").
SUSPENDED_FOLLOWERS = frozenset(
    "or and nor to as but than rather versus vs through till until und oder bis et ou y e o".split()
)
# Where a SPLIT_COMPOUND match can be: its hyphen, after a letter and before a gap. Most
# documents have none, so the overlapped scan (a match tried at every word) runs only
# between the start of the word before each and the end of the word after it.
COMPOUND_HYPHEN = regex.compile(r"(?<=[\p{L}\p{M}])[-‑‐](?=[ \t\n])")
RUN_BEFORE = regex.compile(r"(?r)[\p{L}\p{M}]+")
GAP_AND_RUN_AFTER = regex.compile(r"(?:[ \t]+|\n)[\p{L}\p{M}]*")


def split_compounds(view: str) -> list[regex.Match]:
    """SPLIT_COMPOUND's overlapped matches in `view`, in order, found around their hyphens."""
    found = []
    for hyphen in COMPOUND_HYPHEN.finditer(view):
        start = RUN_BEFORE.search(view, 0, hyphen.start()).start()  # the word before it, whole
        end = GAP_AND_RUN_AFTER.match(view, hyphen.end()).end()
        found.extend(SPLIT_COMPOUND.finditer(view, start, end, overlapped=True))
    return found


@dataclass(slots=True)
class SplitCandidate:
    kind: str  # "word" or "compound"
    left: str
    right: str
    gap: str  # the whitespace between, as written
    span: Span  # from the first letter of `left` to the last of `right`
    quoted: bool
    hyphen: str = ""  # for compounds: the hyphen character used
    followed_by_comma: bool = False  # "How ever, …": a split discourse word

    @property
    def joined(self) -> str:
        return self.left + self.hyphen + self.right

    def to_dict(self) -> dict:
        return {"kind": self.kind, "left": self.left, "right": self.right, "gap": self.gap,
                "span": self.span.to_list(), "quoted": self.quoted, "hyphen": self.hyphen,
                "followed_by_comma": self.followed_by_comma}

    @classmethod
    def from_dict(cls, data: dict) -> "SplitCandidate":
        # Interned: kinds and gaps are a handful of strings, words repeat across documents.
        return cls(sys.intern(data["kind"]), sys.intern(data["left"]), sys.intern(data["right"]), sys.intern(data["gap"]),
                   Span.from_list(data["span"]), data["quoted"], sys.intern(data["hyphen"]), data["followed_by_comma"])


def _split_pairs(view: str, words: Words) -> list[regex.Match]:
    """SPLIT_PAIR's matches that could be a split word: the joined form is a dictionary
    word, or the second part is no word and may belong to a name the corpus writes
    unsplit ("Kara bakh"). Nearly every pair of adjacent words is neither, so the pairs
    are judged as plain strings by dictionary lookups; only the few kept are looked for
    and matched, which also rejects those SPLIT_PAIR does not match (after an apostrophe)."""
    counts = frequency_table()
    # The second word is lower case already (no \p{Ll} letter has another lower case).
    kept = {
        pair for pair in words.adjacent_pairs()
        if counts.get((pair[0] + pair[2]).lower(), 0) > 0 or counts.get(pair[2], 0) == 0
    }
    starts = []
    for left, gap, right in kept:
        written = left + gap + right
        at = view.find(written)
        while at != -1:
            starts.append(at)
            at = view.find(written, at + 1)
    found = []
    for start in sorted(set(starts)):
        match = SPLIT_PAIR.match(view, start)
        if match is not None and (match["a"], match["gap"], match["b"]) in kept:
            found.append(match)
    return found


def extract_damage(
    document: Document, view: str, quotes: list[tuple[int, int]], hard_wrapped: bool,
    addresses: list[tuple[int, int]] | None = None, words: Words | None = None,
) -> tuple[list[SplitCandidate], dict[str, int]]:
    """`addresses`, `words`: address_chunks(view) and Words.of(view), when the caller has them."""
    candidates: list[SplitCandidate] = []
    if addresses is None:
        addresses = address_chunks(view)
    if words is None:
        words = Words.of(view)

    def in_address(start: int, end: int) -> bool:  # a URL fragment is CIT008's business
        return bool(addresses) and inside(addresses, start, end)

    for match in _split_pairs(view, words):
        if match["gap"] == "\n" and hard_wrapped:
            continue  # a line end in a wrapped document is layout
        left, right = match["a"], match["b"]
        start, end = match.start("a"), match.end("b")
        candidates.append(
            SplitCandidate("word", left, right, match["gap"], make_span(document, start, end), inside(quotes, start, end),
                           followed_by_comma=view[end : end + 1] == ",")
        )
    for match in split_compounds(view):
        if match["gap"] == "\n" and hard_wrapped:
            continue
        if match["b"].lower() in SUSPENDED_FOLLOWERS or in_address(match.start(), match.end("a") + 1):
            continue
        start, end = match.start("a"), match.end("b")
        candidates.append(
            SplitCandidate("compound", match["a"], match["b"], match["gap"], make_span(document, start, end),
                           inside(quotes, start, end), match["hyphen"])
        )
    return candidates, words.vocabulary()
