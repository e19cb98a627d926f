"""`--format json`: the stable machine-readable shape later tools read.

{"version": 1, "findings": [{code, name, severity, message, path, line,
column, end_line, end_column, related: [{path, line, column, message}],
fix}], "summary": {...}}
"""

from __future__ import annotations

import json
from collections import Counter

from ..engine import RunResult
from ..findings import Severity

FORMAT_VERSION = 1


def render(result: RunResult, fail_on: Severity) -> str:
    counts = result.counts()
    document = {
        "version": FORMAT_VERSION,
        "findings": [finding.to_dict() for finding in result.findings],
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
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
