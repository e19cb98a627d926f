"""Turning offsets into located spans, once, while a document is at hand."""

from __future__ import annotations

from ..documents import Document
from ..findings import Span


def make_span(document: Document, start: int, end: int) -> Span:
    first = document.position(start)
    last = document.position(end)
    return Span(start, end, first.line, first.column, last.line, last.column)
