"""Inline suppressions in Markdown, and the findings they silence.

    <!-- corpuslint: disable NAM003 -->        until a matching enable (or the end)
    <!-- corpuslint: enable NAM003 -->
    <!-- corpuslint: disable-next-line FIG001 -->
    <!-- corpuslint: disable -->               every rule (codes are prefixes: NAM, FIG00)

Plain text has no comments, so it is silenced by configuration instead
(per-file-ignores): a quoted article must not be edited to silence a rule.
A suppression that silences nothing is itself reported (SUP001), like ruff's
RUF100, so stale ones do not pile up.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .documents import Document
from .findings import Finding, Span
from .facts.spans import make_span

COMMENT = regex.compile(
    r"<!--\s*corpuslint:\s*(?P<action>disable-next-line|disable|enable)(?P<codes>(?:[\s,]+[A-Za-z]{3}\d{0,3})*)\s*-->",
    regex.IGNORECASE,
)
RULE_CODE = regex.compile(r"[A-Za-z]{3}\d{0,3}")


@dataclass(slots=True)
class Suppression:
    span: Span  # the comment
    codes: tuple[str, ...]  # empty: every rule
    first_line: int
    last_line: int  # inclusive; a large number for "until the end"
    text: str

    def covers(self, finding: Finding) -> bool:
        return self.first_line <= finding.span.line <= self.last_line and (
            not self.codes or any(finding.code.startswith(code) for code in self.codes)
        )

    def to_dict(self) -> dict:
        return {"span": self.span.to_list(), "codes": list(self.codes), "first_line": self.first_line,
                "last_line": self.last_line, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict) -> "Suppression":
        return cls(Span.from_list(data["span"]), tuple(data["codes"]), data["first_line"], data["last_line"], data["text"])


def extract_suppressions(document: Document) -> list[Suppression]:
    if not document.is_markdown:
        return []
    text = document.text
    found: list[Suppression] = []
    open_ranges: dict[tuple[str, ...], Suppression] = {}
    end = text.count("\n") + 1
    for match in COMMENT.finditer(text):
        codes = tuple(sorted(c.upper() for c in RULE_CODE.findall(match["codes"])))
        span = make_span(document, match.start(), match.end())
        action = match["action"].lower()
        if action == "disable-next-line":
            line = span.end_line + 1
            while line <= end and not _line(text, line).strip():
                line += 1
            found.append(Suppression(span, codes, line, line, match.group()))
        elif action == "disable":
            suppression = Suppression(span, codes, span.line, end, match.group())
            open_ranges[codes] = suppression
            found.append(suppression)
        elif codes in open_ranges:
            open_ranges.pop(codes).last_line = span.line
    return found


def _line(text: str, number: int) -> str:
    lines = text.split("\n")
    return lines[number - 1] if 0 < number <= len(lines) else ""


def apply_suppressions(findings: list[Finding], suppressions: dict[str, list[Suppression]]) -> tuple[list[Finding], list[tuple[str, Suppression]]]:
    """The findings no suppression covers, and the suppressions that covered none."""
    used: set[int] = set()
    kept = []
    for finding in findings:
        covering = [s for s in suppressions.get(finding.path, ()) if s.covers(finding)]
        if covering:
            used.update(id(s) for s in covering)
        else:
            kept.append(finding)
    unused = [(path, s) for path, items in suppressions.items() for s in items if id(s) not in used]
    return kept, unused
