"""`path:line:col: CODE message`, sorted, then a one-line summary (like ruff)."""

from __future__ import annotations

from typing import Iterator

from ..engine import RunResult


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(result: RunResult) -> str:
    counts = result.counts()
    return (
        f"{plural(len(result.findings), 'finding')} ({plural(counts['error'], 'error')}, "
        f"{plural(counts['warning'], 'warning')}, {counts['info']} info) "
        f"in {plural(result.files_checked, 'file')}"
    )


def lines(result: RunResult) -> Iterator[str]:
    """The report line by line (each ending in a newline): a large corpus's report is
    written as it is made, never held whole (10,000 files: 67 MB of text)."""
    for f in result.findings:
        yield f"{f.path}:{f.span.line}:{f.span.column}: {f.code} {f.message}\n"
    summary = summary_line(result)
    fixable = sum(1 for f in result.findings if f.fix is not None)
    if fixable:
        summary += f"; {fixable} fixable with `corpuslint check --fix`"
    if result.baselined:
        summary += f"; {result.baselined} more in the baseline {result.baseline} (--no-baseline shows them)"
    yield summary + "\n"
