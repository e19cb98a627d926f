"""Stage 2 of the pipeline: each document is turned once into facts.

Facts are plain, serialisable data (to_dict/from_dict round-trip through
JSON), so checks never rescan text and per-document work can be cached and
run in parallel. Later families add their own facts beside `citations`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..documents import Document
from ..markup import prose_view
from ..ruledata import RuleData
from .citations import CitationFacts, Marker, Note, extract_citations

__all__ = ["DocumentFacts", "extract_facts", "CitationFacts", "Marker", "Note"]

FACTS_VERSION = 1


@dataclass
class DocumentFacts:
    path: str
    kind: str
    line_count: int
    # Lines broken at a fixed width (e-mail style), so a line end inside a word
    # or URL is layout, not damage.
    hard_wrapped: bool = False
    citations: CitationFacts = field(default_factory=CitationFacts)

    def to_dict(self) -> dict:
        return {
            "version": FACTS_VERSION,
            "path": self.path,
            "kind": self.kind,
            "line_count": self.line_count,
            "hard_wrapped": self.hard_wrapped,
            "citations": self.citations.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "DocumentFacts":
        if data.get("version") != FACTS_VERSION:
            raise ValueError(f"facts version {data.get('version')!r} is not {FACTS_VERSION}")
        return cls(
            path=data["path"],
            kind=data["kind"],
            line_count=data["line_count"],
            hard_wrapped=data["hard_wrapped"],
            citations=CitationFacts.from_dict(data["citations"]),
        )


WRAP_LIMIT = 100  # a hard-wrapped document keeps (nearly) every line within this
WRAP_MINIMUM_LONG_LINES = 3  # and has enough long lines to show it is wrapped, not just short


def is_hard_wrapped(text: str) -> bool:
    lengths = [len(line) for line in text.split("\n") if line.strip()]
    if not lengths:
        return False
    over = sum(1 for n in lengths if n > WRAP_LIMIT)
    long_lines = sum(1 for n in lengths if n >= 60)
    return over <= 0.02 * len(lengths) and long_lines >= WRAP_MINIMUM_LONG_LINES


def extract_facts(document: Document, rule_data: RuleData) -> DocumentFacts:
    view = prose_view(document)
    return DocumentFacts(
        path=document.path,
        kind=document.kind,
        line_count=document.line_count,
        hard_wrapped=is_hard_wrapped(document.text),
        citations=extract_citations(document, view, rule_data.citations),
    )
