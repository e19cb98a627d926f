"""Applying the fixes findings carry: `check --fix` writes them, `--diff` shows them.

Only certain corrections carry a fix (a reference spelling, a rejoined word, a
URL broken by a space); suggestions from a majority form never do. Edits are
made on the file's original text, so its encoding, byte-order mark and line
endings, and every character outside the fixed spans, stay as they were.
Text inside quotations is never changed. A file that changed since it was
checked is left alone. Writes are atomic: a temporary file in the same
directory, flushed, then renamed over the original.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .atomic import write_atomically
from .facts import DocumentFacts
from .facts.quotes import inside
from .findings import Finding, Fix

BOM = b"\xef\xbb\xbf"


@dataclass
class FileFix:
    path: str
    before: str  # the original text (decoded, BOM removed, line endings as on disk)
    after: str
    has_bom: bool = False
    applied: list[Finding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one-line reasons


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _raw_offsets(raw: str) -> list[int]:
    """Normalised offsets at which the raw text had '\\r\\n' (two characters for one)."""
    positions, normalised = [], 0
    index = raw.find("\r\n")
    last = 0
    while index != -1:
        normalised += index - last
        positions.append(normalised)
        normalised += 1
        last = index + 2
        index = raw.find("\r\n", last)
    return positions


def _to_raw(offset: int, crlf_at: list[int]) -> int:
    # Every CRLF before `offset` adds one character in the raw text.
    return offset + bisect.bisect_left(crlf_at, offset)


def plan_fixes(findings: list[Finding], facts_by_path: dict[str, DocumentFacts]) -> list[FileFix]:
    """What --fix would change, file by file, without writing anything."""
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.fix is not None:
            by_path.setdefault(finding.path, []).append(finding)
    plans: list[FileFix] = []
    for path, fixable in sorted(by_path.items()):
        facts = facts_by_path[path]
        if facts.partial:  # no quoted passages: a fix inside a quotation would be applied
            raise ValueError(f"{path}: fixes need whole facts; run with indexed=False")
        data = Path(path).read_bytes()
        has_bom = data.startswith(BOM)
        raw = (data[3:] if has_bom else data).decode("utf-8")
        plan = FileFix(path, raw, raw, has_bom)
        if digest(data) != facts.digest:
            plan.skipped.append(f"{path}: changed since it was checked; not fixed")
            plans.append(plan)
            continue
        crlf_at = _raw_offsets(raw)
        edits: list[tuple[int, int, str, Finding]] = []
        taken_until = -1
        for finding in sorted(fixable, key=lambda f: (f.fix.start, f.fix.end)):
            fix: Fix = finding.fix
            if fix.start < taken_until:
                plan.skipped.append(f"{path}:{finding.span.line}:{finding.span.column}: {finding.code} overlaps another fix; not fixed")
                continue
            if inside(facts.quotations, fix.start, fix.end):
                plan.skipped.append(f"{path}:{finding.span.line}:{finding.span.column}: {finding.code} is inside a quotation; not fixed")
                continue
            edits.append((_to_raw(fix.start, crlf_at), _to_raw(fix.end, crlf_at), fix.replacement, finding))
            taken_until = fix.end
        text = raw
        for start, end, replacement, finding in reversed(edits):
            text = text[:start] + replacement + text[end:]
            plan.applied.append(finding)
        plan.applied.reverse()
        plan.after = text
        plans.append(plan)
    return plans


def apply(plans: list[FileFix]) -> tuple[int, list[str]]:
    """Write every changed file; return how many fixes were applied and, one
    line each, the files that could not be written (they keep their content)."""
    applied, failures = 0, []
    for plan in plans:
        if plan.after != plan.before:
            encoded = plan.after.encode("utf-8")
            try:
                write_atomically(plan.path, (BOM if plan.has_bom else b"") + encoded)
            except OSError as error:
                failures.append(f"{plan.path}: cannot write the fixes ({error.strerror or error}); file left unchanged")
                continue
            applied += len(plan.applied)
    return applied, failures


def unified_diff(plans: list[FileFix]) -> str:
    chunks = []
    for plan in plans:
        if plan.after == plan.before:
            continue
        chunks.extend(
            difflib.unified_diff(
                plan.before.splitlines(keepends=True),
                plan.after.splitlines(keepends=True),
                fromfile=f"a/{plan.path}",
                tofile=f"b/{plan.path}",
            )
        )
    return "".join(line if line.endswith("\n") else line + "\n" for line in chunks)
