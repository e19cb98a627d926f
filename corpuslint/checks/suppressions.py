"""SUP: suppression comments that suppress nothing.

Like DOC001 this is not a rule over facts: the engine applies the Markdown
suppression comments to the findings of the rules that ran, then reports each
comment that silenced none of them.
"""

from __future__ import annotations

from ..findings import Severity
from .registry import Rule, register


@register
class UnusedSuppression(Rule):
    code = "SUP001"
    name = "unused-suppression"
    severity = Severity.WARNING
    summary = "A suppression comment silences no finding."
    explanation = (
        "A `<!-- corpuslint: disable CODE -->` (or `disable-next-line`) comment that covers no finding "
        "of the rules that ran is stale: the defect was fixed, or the code is wrong. Remove it, so that "
        "it cannot hide a new finding later. A comment naming only rules that did not run (deselected "
        "with --select/--ignore) is not judged."
    )
    markdown = True
    flags = ("<!-- corpuslint: disable-next-line NAM003 -->\nTbilisi is the capital of Georgia.",)
    passes = ("<!-- corpuslint: disable-next-line NAM003 -->\nTblisi is the capital of Georgia.",)
