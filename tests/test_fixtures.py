"""Fixture tests. Under tests/fixtures/<family>/ each case is a document (or a
directory of documents, for cross-document rules) next to a `.expected` file
holding the findings it must produce, one per line as
`file:line:column: CODE message` (an empty file: nothing may be flagged).
A case directory may hold a names.yaml, passed as --names. The diff of an
.expected file is the review of a behaviour change; set
CORPUSLINT_UPDATE_EXPECTED=1 to rewrite them, then read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corpuslint.checks.registry import all_rules
from corpuslint.engine import run

from .conftest import FIXTURES

FAMILIES = {"citations": ["CIT", "DOC"], "references": ["CIT013", "CIT014", "CIT015", "CIT016", "CIT017", "CIT018"], "names": ["NAM"], "text": ["TXT"], "figures": ["FIG"], "suppressions": ["NAM", "FIG", "CIT", "SUP"]}
CASES = sorted(
    (family, case)
    for family in FAMILIES
    for case in (FIXTURES / family).iterdir()
    if case.is_dir() or case.suffix in {".txt", ".md"}
)


def render(family: str, case: Path) -> str:
    names = [str(case / "names.yaml")] if case.is_dir() and (case / "names.yaml").exists() else []
    result = run([str(case)], select=FAMILIES[family], names_files=names)
    base = case if case.is_dir() else case.parent
    return "".join(
        f"{Path(f.path).resolve().relative_to(base.resolve()).as_posix()}:{f.span.line}:{f.span.column}: {f.code} {f.message}\n"
        for f in result.findings
    )


@pytest.mark.parametrize("family,case", CASES, ids=lambda value: value if isinstance(value, str) else value.name)
def test_fixture(family: str, case: Path):
    expected_file = case.with_name(case.name + ".expected") if case.is_dir() else case.with_suffix(".expected")
    actual = render(family, case)
    if os.environ.get("CORPUSLINT_UPDATE_EXPECTED"):
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.exists(), f"{expected_file.name} is missing: write the expected findings next to the fixture"
    assert actual == expected_file.read_text(encoding="utf-8")


def test_every_rule_has_a_positive_fixture():
    codes = set()
    for expected in FIXTURES.glob("*/*.expected"):
        codes |= {line.split()[1] for line in expected.read_text(encoding="utf-8").splitlines() if line}
    missing = {r.code for r in all_rules() if r.code[:3] in {"CIT", "NAM", "TXT", "FIG", "SUP"}} - codes
    assert not missing, f"no fixture produces {sorted(missing)}"


def test_clean_fixtures_expect_nothing():
    clean = [case for _, case in CASES if "clean" in case.name]
    assert len(clean) >= 10
    for case in clean:
        expected = case.with_name(case.name + ".expected") if case.is_dir() else case.with_suffix(".expected")
        assert expected.read_text(encoding="utf-8") == "", f"{case.name} is a clean fixture"
