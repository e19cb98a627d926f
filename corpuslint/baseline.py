"""Baselines: accept the findings an existing corpus already has, report new ones.

`corpuslint baseline` writes the current findings to corpuslint-baseline.json;
`check` hides the findings found in it (the nearest corpuslint-baseline.json
upward from the working directory, or --baseline FILE; --no-baseline shows
all). An entry is a fingerprint of the rule, the file (relative to the
baseline) and the text of the flagged span with its neighbourhood, never the
line number, so an edit elsewhere in the file does not bring it back, and a
fixed finding simply stops matching (rewrite the baseline to drop it). The
same text flagged twice in one file is two entries: each one hides one.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from .atomic import write_text_atomically
from .documents import ReadProblem, read_document, relative_posix, resolved
from .findings import Finding
from .patterns import SPACE_RUN
from .reporters.streamed_json import LIST_HERE, dumps_streamed

BASELINE_NAME = "corpuslint-baseline.json"
FORMAT_VERSION = 1
NEIGHBOURHOOD = 40  # characters either side of the span that identify the place


class BaselineError(Exception):
    """A baseline that cannot be read or is not one: one line, naming the file."""


def find_baseline(start: Path | None = None) -> Path | None:
    """The nearest corpuslint-baseline.json in the working directory or above it."""
    directory = (start or Path.cwd()).resolve()
    for candidate in (directory, *directory.parents):
        path = candidate / BASELINE_NAME
        if path.is_file():
            return path
    return None


def _relative(path: str, root: Path) -> str:
    """`path` relative to `root`, which the caller has resolved (once, not once per file)."""
    absolute = resolved(path)  # memoised: the run just resolved each document's path
    return relative_posix(absolute, root) or absolute.as_posix()


def _squeeze(text: str) -> str:
    return SPACE_RUN.sub(" ", text).strip()


def fingerprint(finding: Finding, text: str | None, relative_path: str) -> str:
    span = finding.span
    if text is not None and 0 <= span.start <= span.end <= len(text) and (span.start, span.end) != (0, 0):
        flagged = text[span.start : span.end]
        # The neighbourhood stops at line ends, so a line added below a note does not change it.
        before = text[max(0, span.start - NEIGHBOURHOOD) : span.start].rsplit("\n", 1)[-1]
        after = text[span.end : span.end + NEIGHBOURHOOD].split("\n", 1)[0]
        around = before + flagged + after
    else:  # a finding about the file itself (unreadable, notes outside it): its message names it
        flagged, around = "", finding.message
    key = "\0".join([finding.code, relative_path, _squeeze(flagged), _squeeze(around)])
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]  # a non-UTF-8 file name: its bytes


def fingerprints(findings: list[Finding], root: Path) -> list[str]:
    """Each finding's fingerprint, in order. Files are read one at a time and let go: a
    corpus of 10,000 articles held whole was 185 MB more at the report's peak."""
    root = root.resolve()
    by_path: dict[str, list[int]] = {}
    for index, finding in enumerate(findings):
        by_path.setdefault(finding.path, []).append(index)
    prints = [""] * len(findings)
    for path, indexes in by_path.items():
        try:
            text = read_document(Path(path)).text
        except ReadProblem:
            text = None
        relative = _relative(path, root)  # once per file: resolving touches the disk
        for index in indexes:
            prints[index] = fingerprint(findings[index], text, relative)
    return prints


def write_baseline(path: Path, findings: list[Finding]) -> int:
    """Write the findings as a baseline (atomically); returns how many entries."""
    root = path.resolve().parent
    relative = {shown: _relative(shown, root) for shown in {f.path for f in findings}}
    entries = [
        {"fingerprint": print_, "code": f.code, "path": relative[f.path], "line": f.span.line, "message": f.message}
        for f, print_ in zip(findings, fingerprints(findings, root))
    ]
    entries.sort(key=lambda e: (e["path"], e["line"], e["code"], e["fingerprint"]))
    document = {"version": FORMAT_VERSION, "tool": "corpuslint", "findings": LIST_HERE}
    # Written entry by entry (10,000 articles: 96 MB); a file name that is not UTF-8 is
    # written as its own bytes, and read back so (load_baseline).
    write_text_atomically(path, dumps_streamed(document, entries, indent=1))
    return len(entries)


def load_baseline(path: Path) -> tuple[Counter, set[str] | None]:
    """The fingerprints (each with how many findings it hides), and the files they are in
    (None when an entry does not say)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8", errors="surrogateescape"))  # as written: see write_baseline
    except OSError as error:
        raise BaselineError(f"{path}: cannot read baseline: {(error.strerror or str(error)).lower()}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", 1)
        raise BaselineError(f"{path}:{line}: not a corpuslint baseline (invalid JSON)") from None
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}:1: not a corpuslint baseline (version {FORMAT_VERSION} with a findings list expected)")
    prints = Counter()
    files: set[str] | None = set()
    for entry in data["findings"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise BaselineError(f"{path}:1: a baseline entry has no fingerprint")
        prints[entry["fingerprint"]] += 1
        if files is not None and isinstance(entry.get("path"), str):
            files.add(entry["path"])
        else:
            files = None  # an entry without its path: every finding must be fingerprinted
    return prints, files


def apply_baseline(findings: list[Finding], path: Path) -> tuple[list[Finding], int]:
    """The findings not in the baseline, and how many it hid.

    A fingerprint covers the file's path, so only findings in files the baseline
    names can match: the others are kept without reading their files again (a
    baseline of a few old files costs nothing on a corpus of thousands)."""
    remaining, files = load_baseline(path)
    root = path.resolve().parent
    if files is not None:
        relative = {shown: _relative(shown, root) for shown in {f.path for f in findings}}
        candidates = [f for f in findings if relative[f.path] in files]
    else:
        candidates = findings
    hidden = set()
    for finding, print_ in zip(candidates, fingerprints(candidates, root)):
        if remaining[print_] > 0:
            remaining[print_] -= 1
            hidden.add(id(finding))
    kept = [finding for finding in findings if id(finding) not in hidden]
    return kept, len(findings) - len(kept)
