"""`--format github`: GitHub Actions workflow commands, one annotation per finding
(`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE name::message`)."""

from __future__ import annotations

from typing import Iterator

from ..engine import RunResult
from ..findings import Severity
from .text import summary_line

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    """Escape a message as GitHub requires (%, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a property value (also ':' and ',')."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def lines(result: RunResult) -> Iterator[str]:
    """One annotation per line, made as it is written (see text.lines)."""
    for f in result.findings:
        span = f.span
        properties = [f"file={_property(f.path)}", f"line={span.line}", f"col={span.column}"]
        if (span.end_line, span.end_column) > (span.line, span.column):
            properties += [f"endLine={span.end_line}", f"endColumn={span.end_column}"]
        properties.append(f"title={_property(f'{f.code} {f.name}')}")
        yield f"::{COMMANDS[f.severity]} {','.join(properties)}::{_data(f.message)}\n"
    yield summary_line(result) + "\n"
