"""Body text that points at a note or a section: "see note 12", "as discussed
in note 5", "(notes 3–4)", "see section 2.1" (issue 5, CIT016).

Only pointers a reader would follow are taken, in the body and in notes: the word "note" with a
number after "see", "cf.", "in", "at", "compare", "above", "below" or inside
parentheses; "section" likewise. A section pointer is judged only against a
document whose headings are numbered (recorded here as `section_numbers`).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..documents import Document
from ..findings import Span
from ..patterns import lower_case, matches_at, occurrences
from .quotes import inside
from .spans import make_span

NUMBER = r"\d{1,3}(?:\.\d{1,2})*"
NUMBER_ITEM = regex.compile(NUMBER)
NUMBER_RANGE = regex.compile(r"(\d{1,3})\s*(?:[-–]|to)\s*(\d{1,3})")
DIRECTIVE_LEAD = regex.compile(r"\(?\s*(?:see|cf|compare)", regex.IGNORECASE)
# A lead's gaps are at most 40 characters ("see" and 41 spaces before "note 3" is no
# pointer), so a match starts at most REACH characters before its kind's word ("note"):
# "discussed in the previous footnote".
SPACE = r"\s{1,40}"
REACH = len("discussed" "in" "the" "previous" "foot") + 4 * 40
POINTER = regex.compile(
    rf"(?P<lead>\b(?:see(?:{SPACE}also)?|cf\.|compare|in|discussed{SPACE}in|mentioned{SPACE}in|described{SPACE}in|"
    rf"explained{SPACE}in|given{SPACE}in){SPACE}(?:(?:the{SPACE})?(?:previous{SPACE}|next{SPACE}|last{SPACE})?)"
    rf"|\(\s{{0,40}}(?:see{SPACE})?)"
    rf"(?P<kind>(?:foot|end)?notes?|sections?|§)\s*(?P<numbers>{NUMBER}(?:\s*(?:[-–,]|and|to|or)\s*{NUMBER})*)\b"
    # "section 4 of the ministry's report", "note 3 in Smith's book": another document's
    rf"(?!\s+(?:of|in)\s+(?:the|a|an|his|her|their|its|this|that|\p{{Lu}}))",
    regex.IGNORECASE,
)
# POINTER is an alternation the regex module tries at every character. Each match holds its
# kind's word ("note", "section", "§") followed by a number, at most REACH characters after
# the match's start, which is a LEAD_START; the pattern is tried only at those.
KIND_WORDS = ("note", "section", "§")
KIND_WORD_TAIL = regex.compile(r"s?\s*\d")  # in the lower-cased text, after a kind's word
LEAD_START = regex.compile(r"\(|\b(?:see|cf|compare|in|discussed|mentioned|described|explained|given)", regex.IGNORECASE)
NUMBERED_HEADING = regex.compile(
    rf"^(?:#{{1,6}}\s+|(?:section|part|chapter)\s+)?(?P<number>{NUMBER})[.)]?\s+\p{{Lu}}[^\n]{{0,100}}$",
    regex.MULTILINE | regex.IGNORECASE,
)
# In Markdown "1. Forecasts" is a list item; only a # heading is a section.
MARKDOWN_HEADING = regex.compile(rf"^#{{1,6}}\s+(?:(?:section|part|chapter)\s+)?(?P<number>{NUMBER})[.)]?\s", regex.MULTILINE | regex.IGNORECASE)
# The headings match only at a line start, but the regex module tries a ^ at every character:
# they are tried only after the newlines (a literal, found quickly) before a character that
# can start them ("ſ" matches "s" ignoring case).
LINE_START = regex.compile(r"\n(?=[#\dsSſpPcC])")
MARKDOWN_LINE_START = regex.compile(r"\n(?=#)")


@dataclass(frozen=True, slots=True)
class Pointer:
    kind: str  # note | section
    target: str  # "12", "2.1"
    span: Span  # the number pointed at
    # "see note 2", "cf. note 2", "compare note 2" tell the reader to go there; "in note 2"
    # or "(note 2)" may describe another document's notes (a review, an errata list).
    directive: bool = False

    def to_dict(self) -> dict:
        return {"kind": self.kind, "target": self.target, "span": self.span.to_list(), "directive": self.directive}

    @classmethod
    def from_dict(cls, data: dict) -> "Pointer":
        return cls(data["kind"], data["target"], Span.from_list(data["span"]), data["directive"])


def _targets(numbers: str, offset: int) -> list[tuple[str, int, int]]:
    """"3–5" → 3, 4, 5 (each located at the range); "3, 7 and 9" → each at its own place."""
    found = [(m.group(), offset + m.start(), offset + m.end()) for m in NUMBER_ITEM.finditer(numbers)]
    ranged = NUMBER_RANGE.fullmatch(numbers.strip())
    if ranged and 0 < int(ranged[2]) - int(ranged[1]) <= 20:
        start, end = offset, offset + len(numbers.rstrip())
        return [(str(n), start, end) for n in range(int(ranged[1]), int(ranged[2]) + 1)]
    return found


def pointer_matches(view: str, lower: str | None = None) -> list[regex.Match]:
    """POINTER.finditer(view), trying the pattern only at the lead starts near a kind's word.
    `lower`: lower_case(view), when the caller has it."""
    lower = lower or lower_case(view)
    if lower is None:  # "İ" or "ſ": lower-casing would not keep the offsets
        return list(POINTER.finditer(view))
    starts = [lead.start()
              for word in KIND_WORDS for at in occurrences(lower, word) if KIND_WORD_TAIL.match(lower, at + len(word))
              for lead in LEAD_START.finditer(view, max(0, at - REACH), at)]
    return matches_at(POINTER, view, starts)


def extract_pointers(document: Document, view: str, quotations: list[tuple[int, int]],
                     lower: str | None = None) -> list[Pointer]:
    """Pointers in the body and in the notes alike ("See note 4 above."); a quoted
    pointer ("the report's “see note 8”") belongs to the text it quotes."""
    pointers = []
    for match in pointer_matches(view, lower):
        if inside(quotations, match.start(), match.end()):
            continue
        kind = "section" if match["kind"].lower().startswith(("section", "§")) else "note"
        if kind == "note" and match["kind"][0].isupper() and not match["lead"].strip():
            continue
        for target, start, end in _targets(match["numbers"], match.start("numbers")):
            if kind == "note" and "." in target:
                # "as discussed in note 5.1": note 5, then the sentence's own marker
                target = target.split(".")[0]
                end = start + len(target)
            directive = bool(DIRECTIVE_LEAD.match(match["lead"]))
            pointers.append(Pointer(kind, target, make_span(document, start, end), directive))
    return pointers


def section_numbers(view: str, excluded: list[tuple[int, int]], markdown: bool) -> list[str]:
    """Numbers of the document's numbered headings ("2. Background", "## 3.1 Method")."""
    heading, line_start = (MARKDOWN_HEADING, MARKDOWN_LINE_START) if markdown else (NUMBERED_HEADING, LINE_START)
    numbers = []
    for match in matches_at(heading, view, [0, *(newline.end() for newline in line_start.finditer(view))]):
        if not inside(excluded, match.start(), match.end()):
            numbers.append(match["number"])
    return numbers
