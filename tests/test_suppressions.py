"""Suppression comments: parsing, ranges, and the unused-suppression rule's limits."""

from __future__ import annotations

from corpuslint.documents import Document
from corpuslint.suppressions import extract_suppressions

TEXT = """# T

<!-- corpuslint: disable nam003, FIG -->
a
<!-- corpuslint: enable FIG NAM003 -->
<!-- corpuslint: disable-next-line -->

b
"""


def test_ranges_and_codes():
    first, second = extract_suppressions(Document("a.md", TEXT, "markdown"))
    assert (first.codes, first.first_line, first.last_line) == (("FIG", "NAM003"), 3, 5)
    assert (second.codes, second.first_line, second.last_line) == ((), 8, 8)
    assert extract_suppressions(Document("a.txt", TEXT, "text")) == []


def test_a_suppression_for_rules_that_did_not_run_is_not_judged(run_cli, tmp_path):
    (tmp_path / "a.md").write_text("<!-- corpuslint: disable-next-line FIG001 -->\nNothing.\n", encoding="utf-8")
    code, out, _ = run_cli("check", "--select", "NAM,SUP", str(tmp_path))
    assert code == 0 and out.startswith("0 findings")
    code, out, _ = run_cli("check", str(tmp_path))
    assert code == 1 and "SUP001" in out
