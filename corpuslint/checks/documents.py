"""DOC: documents that could not be read at all.

This is not a rule over facts: the engine reports a DOC001 finding for a file
found in a directory walk that cannot be decoded or read, so the problem is in
the lint output (and fails CI) while the run goes on with the other files.
"""

from __future__ import annotations

from ..findings import Severity
from .registry import Rule, register


@register
class UnreadableDocument(Rule):
    code = "DOC001"
    name = "unreadable-document"
    severity = Severity.ERROR
    summary = "A document could not be read: undecodable bytes, no permission, or a binary file."
    explanation = (
        "corpuslint reads documents as UTF-8 (with or without a byte-order mark, LF or CRLF). "
        "This file has bytes that are not UTF-8, cannot be opened, or is binary, so none of its "
        "text was checked. The finding points at the first bad byte. Re-save the file as UTF-8 "
        "(or remove it from the corpus); no other rule can check it until then."
    )
    flags = ()
    passes = ()
