"""Fixture tests: each document in fixtures/citations/ sits next to a
`.expected` file holding the findings it must produce, one per line as
`line:column: CODE message` (an empty file: nothing may be flagged).
The diff of an .expected file is the review of a behaviour change; set
CORPUSLINT_UPDATE_EXPECTED=1 to rewrite them, then read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corpuslint.engine import run

from .conftest import FIXTURES

CASES = sorted(p for p in (FIXTURES / "citations").iterdir() if p.suffix in {".txt", ".md"})


def render(path: Path) -> str:
    result = run([str(path)], select=["CIT", "DOC"])
    return "".join(f"{f.span.line}:{f.span.column}: {f.code} {f.message}\n" for f in result.findings)


@pytest.mark.parametrize("document", CASES, ids=lambda p: p.name)
def test_fixture(document: Path):
    expected_file = document.with_suffix(".expected")
    actual = render(document)
    if os.environ.get("CORPUSLINT_UPDATE_EXPECTED"):
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.exists(), f"{expected_file.name} is missing: write the expected findings next to the fixture"
    assert actual == expected_file.read_text(encoding="utf-8")


def test_every_citation_rule_has_a_positive_fixture():
    codes = set()
    for expected in (FIXTURES / "citations").glob("*.expected"):
        codes |= {line.split()[1] for line in expected.read_text(encoding="utf-8").splitlines() if line}
    from corpuslint.checks.registry import all_rules

    missing = {r.code for r in all_rules() if r.code.startswith("CIT")} - codes
    assert not missing, f"no fixture produces {sorted(missing)}"


def test_clean_fixtures_exist_for_every_convention():
    clean = [p.name for p in CASES if "clean" in p.name]
    assert len(clean) >= 6
    for name in clean:
        assert (FIXTURES / "citations" / name).with_suffix(".expected").read_text(encoding="utf-8") == ""
