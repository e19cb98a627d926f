"""Stage 4 of the pipeline: what a rule reports.

A Finding is located at the exact span it is about (1-based line and column,
end column exclusive, as in SARIF) and carries the other locations it rests
on in `related`. Findings are plain data so every reporter renders the same
thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls(value.lower())
        except ValueError:
            raise ValueError(f"unknown severity {value!r} (use error, warning or info)") from None


class Span(NamedTuple):
    """A located piece of a document: offsets into its text plus editor positions.
    A named tuple: a corpus's facts hold millions, and a tuple is made three times
    faster than a frozen dataclass (whose fields are set one call at a time)."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int

    def to_list(self) -> list[int]:
        """Compact, for the facts cache: [start, end, line, column, end_line, end_column]."""
        return list(self)

    @classmethod
    def from_list(cls, data: list[int]) -> "Span":
        if len(data) != 6:
            raise ValueError(f"a span has 6 numbers, not {len(data)}")
        return tuple.__new__(cls, data)


@dataclass(frozen=True, slots=True)
class Related:
    path: str
    line: int
    column: int
    message: str

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "column": self.column, "message": self.message}


@dataclass(frozen=True, slots=True)
class Fix:
    """A replacement of one span; rules emit one only when the correction is certain."""

    start: int
    end: int
    replacement: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "replacement": self.replacement}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    path: str
    span: Span
    related: tuple[Related, ...] = field(default_factory=tuple)
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.code, self.message)

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "line": self.span.line,
            "column": self.span.column,
            "end_line": self.span.end_line,
            "end_column": self.span.end_column,
            "related": [item.to_dict() for item in self.related],
            "fix": self.fix.to_dict() if self.fix else None,
        }

    def to_row(self) -> list:
        """Compact form for the facts cache (cache.py); the rule's name comes back from its code."""
        span = self.span
        return [self.code, self.severity.value, self.message,
                [span.start, span.end, span.line, span.column, span.end_line, span.end_column],
                [[r.path, r.line, r.column, r.message] for r in self.related],
                [self.fix.start, self.fix.end, self.fix.replacement] if self.fix else None]

    @classmethod
    def from_row(cls, row: list, path: str, name: str) -> "Finding":
        code, severity, message, span, related, fix = row
        return cls(code, name, Severity(severity), message, path, Span(*span),
                   tuple(Related(*r) for r in related), Fix(*fix) if fix else None)

