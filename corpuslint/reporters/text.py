"""`path:line:col: CODE message`, sorted, then a one-line summary (like ruff)."""

from __future__ import annotations

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


def render(result: RunResult) -> str:
    lines = [
        f"{f.path}:{f.span.line}:{f.span.column}: {f.code} {f.message}" for f in result.findings
    ]
    summary = summary_line(result)
    fixable = sum(1 for f in result.findings if f.fix is not None)
    if fixable:
        summary += f"; {fixable} fixable with `corpuslint check --fix`"
    if result.baselined:
        summary += f"; {result.baselined} more in the baseline {result.baseline} (--no-baseline shows them)"
    lines.append(summary)
    return "\n".join(lines) + "\n"
