"""The one registry of rules, and selection by code or prefix.

A rule is a class whose attributes are its documentation: code, kebab-case
name, default severity, a one-paragraph explanation, and examples of text it
flags and text it must not flag. `corpuslint rule CODE` prints exactly these,
and the test suite runs every rule on its own examples, so the documentation
cannot drift from the behaviour (the way prh and LanguageTool check theirs).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import ClassVar, Iterable, Iterator

from ..findings import Finding, Fix, Related, Severity, Span
from ..index import IndexFamily

CODE_PATTERN = re.compile(r"^(?P<family>[A-Z]{3})(?P<number>\d{3})$")
NAME_PATTERN = re.compile(r"^[a-z]+(?:-[a-z0-9]+)*$")

FAMILIES = {
    "CIT": "citations: note markers and the notes they point to",
    "NAM": "names and their spellings",
    "TXT": "text damaged by extraction",
    "FIG": "figures and their arithmetic",
    "DOC": "documents that cannot be read",
    "SUP": "suppression comments",
}


DOCUMENT_SEPARATOR = "\n=== next document ===\n"


@dataclass(frozen=True)
class Example:
    """A small document (or several, for cross-document rules) and whether the rule must flag it."""

    text: str
    flagged: bool
    kind: str = "text"  # "text" or "markdown"

    @property
    def documents(self) -> list[str]:
        return [part.strip("\n") + "\n" for part in self.text.split(DOCUMENT_SEPARATOR)]


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    explanation: ClassVar[str]
    flags: ClassVar[tuple[str, ...]] = ()
    passes: ClassVar[tuple[str, ...]] = ()
    markdown: ClassVar[bool] = False  # examples are Markdown documents

    @classmethod
    def examples(cls) -> list[Example]:
        kind = "markdown" if cls.markdown else "text"
        return [Example(textwrap.dedent(t).strip("\n") + "\n", True, kind) for t in cls.flags] + [
            Example(textwrap.dedent(t).strip("\n") + "\n", False, kind) for t in cls.passes
        ]

    @classmethod
    def finding(
        cls,
        path: str,
        span: Span,
        message: str,
        related: Iterable[Related] = (),
        fix: Fix | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            code=cls.code,
            name=cls.name,
            severity=severity or cls.severity,
            message=message,
            path=path,
            span=span,
            related=tuple(related),
            fix=fix,
        )


class DocumentRule(Rule):
    """A rule that looks at one document's facts at a time."""

    def check(self, facts, context) -> Iterator[Finding]:  # pragma: no cover - interface
        raise NotImplementedError


class CorpusRule(Rule):
    """A rule that compares facts across documents (cross-document checks)."""

    # The analyses it reads through Context.shared (their keys): the engine drops
    # one once the last rule reading it has run, so a large corpus does not hold
    # every rule family's working data at once.
    shares: tuple[str, ...] = ()
    # How a run focused on a few documents judges them without every document's facts
    # (index.py); None: such a run reads every document.
    index: ClassVar["IndexFamily | None"] = None

    def check_corpus(self, all_facts, context) -> Iterator[Finding]:  # pragma: no cover
        raise NotImplementedError


REGISTRY: dict[str, type[Rule]] = {}


def register(rule: type[Rule]) -> type[Rule]:
    """Class decorator: validate a rule's declaration and add it to the registry."""
    match = CODE_PATTERN.match(rule.code)
    if not match or match["family"] not in FAMILIES:
        raise ValueError(f"rule code {rule.code!r} is not a known family prefix + 3 digits")
    if not NAME_PATTERN.match(rule.name):
        raise ValueError(f"rule name {rule.name!r} is not kebab-case")
    if rule.code in REGISTRY:
        raise ValueError(f"rule code {rule.code} registered twice")
    if any(existing.name == rule.name for existing in REGISTRY.values()):
        raise ValueError(f"rule name {rule.name} registered twice")
    REGISTRY[rule.code] = rule
    return rule


def all_rules() -> list[type[Rule]]:
    _load_rule_modules()
    return [REGISTRY[code] for code in sorted(REGISTRY)]


def get_rule(code_or_name: str) -> type[Rule] | None:
    _load_rule_modules()
    key = code_or_name.strip()
    if key.upper() in REGISTRY:
        return REGISTRY[key.upper()]
    return next((rule for rule in REGISTRY.values() if rule.name == key.lower()), None)


class SelectionError(ValueError):
    pass


def _matches(rule: type[Rule], selector: str) -> bool:
    """Codes and prefixes match case-insensitively (cit00 = CIT00), names exactly but for case."""
    wanted = selector.strip()
    return wanted.upper() == "ALL" or rule.code.startswith(wanted.upper()) or rule.name == wanted.lower()


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[type[Rule]]:
    """Rules enabled by --select/--ignore. Selectors are codes, prefixes (CIT, CIT00) or names."""
    rules = all_rules()
    select = [s.strip() for s in select if s.strip()]
    ignore = [s.strip() for s in ignore if s.strip()]
    for selector in [*select, *ignore]:
        if not any(_matches(rule, selector) for rule in rules):
            raise SelectionError(f"unknown rule selector {selector!r} (see `corpuslint rules`)")
    chosen = [r for r in rules if not select or any(_matches(r, s) for s in select)]
    return [r for r in chosen if not any(_matches(r, s) for s in ignore)]


_LOADED = False


def _load_rule_modules() -> None:
    # Importing the rule modules runs their @register decorators.
    global _LOADED
    if not _LOADED:
        _LOADED = True
        from . import (  # noqa: F401
            citations, documents, figures, names, note_references, quotations, shared_sources, suppressions,
            text_damage,
        )


def split_selectors(values: Iterable[str]) -> list[str]:
    """--select CIT001,CIT002 --select NAM → [CIT001, CIT002, NAM]."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]



def index_families() -> list["IndexFamily"]:
    """The focus index's families, of every corpus rule (whatever a run selects: the
    index describes every document for any selection), one each."""
    families: dict[str, IndexFamily] = {}
    for rule in all_rules():
        family = getattr(rule, "index", None)
        if family is not None:
            families.setdefault(family.name, family)
    return list(families.values())
