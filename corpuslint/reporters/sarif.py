"""`--format sarif`: SARIF 2.1.0, for GitHub code scanning and other viewers.

Each run lists every rule that ran (id, name, summary, explanation as help,
default level); each result has its location, its `related` places as
relatedLocations, and a partial fingerprint (the baseline's: rule, file and
flagged text, not the line) so a viewer can follow a finding as lines move.
Columns count characters (columnKind unicodeCodePoints); endColumn is
exclusive, as in the JSON output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from .. import __version__
from ..baseline import fingerprints
from ..checks.registry import Rule
from ..engine import RunResult
from ..findings import Severity
from .streamed_json import LIST_HERE, dumps_streamed

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    return Path(path).as_posix()


def _location(uri: str, line: int, column: int, end_line: int | None = None, end_column: int | None = None) -> dict:
    region = {"startLine": max(line, 1), "startColumn": max(column, 1)}
    if end_line is not None and end_column is not None and (end_line, end_column) > (line, column):
        region.update(endLine=end_line, endColumn=end_column)
    return {"physicalLocation": {"artifactLocation": {"uri": uri, "uriBaseId": "SRCROOT"}, "region": region}}


def render(result: RunResult, rules: list[type[Rule]]) -> Iterator[str]:
    """The log in pieces, each result dumped as it is written (streamed_json)."""
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": _driver(rules)},
            "originalUriBaseIds": {"SRCROOT": {"uri": Path.cwd().as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": LIST_HERE,
        }],
    }
    return dumps_streamed(log, _results(result, rules), indent=2)


def _results(result: RunResult, rules: list[type[Rule]]) -> Iterator[dict]:
    index = {rule.code: position for position, rule in enumerate(rules)}
    prints = fingerprints(result.findings, Path.cwd())
    uris: dict[str, str] = {}  # per path: 10,000 articles have 760,000 places in 10,000 files

    def uri(path: str) -> str:
        made = uris.get(path)
        if made is None:
            made = uris[path] = _uri(path)
        return made

    for finding, print_ in zip(result.findings, prints):
        span = finding.span
        item = {
            "ruleId": finding.code,
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [_location(uri(finding.path), span.line, span.column, span.end_line, span.end_column)],
            "partialFingerprints": {"corpuslintSpan/v1": print_},
        }
        if finding.code in index:
            item["ruleIndex"] = index[finding.code]
        if finding.related:
            item["relatedLocations"] = [
                {"id": number, **_location(uri(r.path), r.line, r.column), "message": {"text": r.message}}
                for number, r in enumerate(finding.related, start=1)
            ]
        yield item


def _driver(rules: list[type[Rule]]) -> dict:
    return {
        "name": "corpuslint",
        "version": __version__,
        "informationUri": "https://pypi.org/project/corpuslint/",
        "rules": [
            {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.explanation},
                "help": {"text": rule.explanation},
                "defaultConfiguration": {"level": LEVELS[rule.severity]},
            }
            for rule in rules
        ],
    }
