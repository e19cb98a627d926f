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
from .quotes import inside
from .spans import make_span

NUMBER = r"\d{1,3}(?:\.\d{1,2})*"
NUMBER_ITEM = regex.compile(NUMBER)
NUMBER_RANGE = regex.compile(r"(\d{1,3})\s*(?:[-–]|to)\s*(\d{1,3})")
DIRECTIVE_LEAD = regex.compile(r"\(?\s*(?:see|cf|compare)", regex.IGNORECASE)
POINTER = regex.compile(
    rf"(?P<lead>\b(?:see(?:\s+also)?|cf\.|compare|in|discussed\s+in|mentioned\s+in|described\s+in|"
    rf"explained\s+in|given\s+in)\s+(?:(?:the\s+)?(?:previous\s+|next\s+|last\s+)?)|\(\s*(?:see\s+)?)"
    rf"(?P<kind>(?:foot|end)?notes?|sections?|§)\s*(?P<numbers>{NUMBER}(?:\s*(?:[-–,]|and|to|or)\s*{NUMBER})*)\b"
    # "section 4 of the ministry's report", "note 3 in Smith's book": another document's
    rf"(?!\s+(?:of|in)\s+(?:the|a|an|his|her|their|its|this|that|\p{{Lu}}))",
    regex.IGNORECASE,
)
NUMBERED_HEADING = regex.compile(
    rf"^(?:#{{1,6}}\s+|(?:section|part|chapter)\s+)?(?P<number>{NUMBER})[.)]?\s+\p{{Lu}}[^\n]{{0,100}}$",
    regex.MULTILINE | regex.IGNORECASE,
)
# In Markdown "1. Forecasts" is a list item; only a # heading is a section.
MARKDOWN_HEADING = regex.compile(rf"^#{{1,6}}\s+(?:(?:section|part|chapter)\s+)?(?P<number>{NUMBER})[.)]?\s", regex.MULTILINE | regex.IGNORECASE)


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


def extract_pointers(document: Document, view: str, quotations: list[tuple[int, int]]) -> list[Pointer]:
    """Pointers in the body and in the notes alike ("See note 4 above."); a quoted
    pointer ("the report's “see note 8”") belongs to the text it quotes."""
    pointers = []
    for match in POINTER.finditer(view):
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
    numbers = []
    for match in (MARKDOWN_HEADING if markdown else NUMBERED_HEADING).finditer(view):
        if not inside(excluded, match.start(), match.end()):
            numbers.append(match["number"])
    return numbers
