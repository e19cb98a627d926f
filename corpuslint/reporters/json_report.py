"""`--format json`: the stable machine-readable shape later tools read.

{"version": 1, "findings": [{code, name, severity, message, path, line,
column, end_line, end_column, related: [{path, line, column, message}],
fix}], "summary": {...}}
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from ..engine import RunResult
from ..findings import Severity
from .streamed_json import LIST_HERE, dumps_streamed

FORMAT_VERSION = 1


def render(result: RunResult, fail_on: Severity) -> Iterator[str]:
    """The report in pieces, each finding dumped as it is written (streamed_json)."""
    counts = result.counts()
    document = {
        "version": FORMAT_VERSION,
        "findings": LIST_HERE,
        "summary": {
            "files": result.files_checked,
            "findings": len(result.findings),
            "errors": counts["error"],
            "warnings": counts["warning"],
            "info": counts["info"],
            "baselined": result.baselined,
            "by_code": dict(sorted(Counter(f.code for f in result.findings).items())),
            "fail_on": fail_on.value,
            "failed": result.fails(fail_on),
        },
    }
    return dumps_streamed(document, (finding.to_dict() for finding in result.findings), indent=2)
