"""Rule data: the YAML files in rules/ (and any --rules DIR).

Rule data is checked on load. A file that is not valid YAML, an unknown key,
a value of the wrong type, a pattern that does not compile or does not match
its own examples: each gives a one-line error naming the file and line, that
file is skipped, and the run goes on with the rest (the CLI exits 2 at the
end so the mistake is not missed).

Files are recognised by name: `citations.yaml` holds the citation family's
data. Extra directories add to the built-in data; they never replace it.
"""

from __future__ import annotations

import hashlib

from dataclasses import dataclass, field
from pathlib import Path

import regex
import yaml

from .documents import display_path

# Every regular expression from rule data runs with this timeout (seconds), so
# a pattern that backtracks catastrophically cannot hang a run.
PATTERN_TIMEOUT = 0.5


class RuleDataError(Exception):
    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Phrase:
    """A pattern with the examples it must match; `source` is file:line."""

    pattern: regex.Pattern
    source: str


@dataclass
class CitationData:
    external_notes: list[Phrase] = field(default_factory=list)
    notes_headings: set[str] = field(default_factory=set)
    superscript_units: set[str] = field(default_factory=set)


NAME_KINDS = ("person", "place", "organisation", "organization", "other")


@dataclass(frozen=True)
class NameEntry:
    """A reference spelling and its legitimate alternative forms."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None
    source: str = ""  # file:line, for messages

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class NameData:
    entries: list[NameEntry] = field(default_factory=list)
    distinct: list[tuple[str, ...]] = field(default_factory=list)


FIGURE_KINDS = ("count", "money", "percent", "measure", "duration", "date", "period", "ratio")


def words_pattern(words: list[str] | tuple[str, ...]) -> regex.Pattern:
    """Whole words or phrases, case-insensitive; a hyphen joins words, so
    'ceasefire' is not found in 'ceasefire-monitoring'."""
    def phrase(words: str) -> str:
        return r"\s+".join(regex.escape(w).replace(r"\-", "[-‑‐]") for w in words.split())

    alternatives = "|".join(sorted(map(phrase, words), key=len, reverse=True))
    return regex.compile(rf"(?<![\w\-‑‐])(?:{alternatives})(?![\w\-‑‐])", regex.IGNORECASE)


@dataclass(frozen=True)
class Concept:
    """What a figure counts, recognised by the words of its clause."""

    id: str
    description: str
    words: regex.Pattern
    kinds: frozenset[str]
    source: str = ""


@dataclass(frozen=True)
class Event:
    """A named period that scopes figures: the first Karabakh war, 1988-1994."""

    id: str
    description: str
    first: int
    last: int
    patterns: tuple[regex.Pattern, ...]
    source: str = ""
    # Words that, with years inside the event's span, name it ("the war ... in 1992").
    words: regex.Pattern | None = None


@dataclass(frozen=True)
class Claim:
    """A fact named in rule data; every figure that matches it states it."""

    id: str
    description: str
    kind: str
    words: regex.Pattern
    event: str | None = None
    years: tuple[int, int] | None = None
    source: str = ""


@dataclass
class FigureData:
    concepts: list[Concept] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


@dataclass
class RuleData:
    citations: CitationData = field(default_factory=CitationData)
    names: NameData = field(default_factory=NameData)
    figures: FigureData = field(default_factory=FigureData)
    files: list[str] = field(default_factory=list)
    errors: list[RuleDataError] = field(default_factory=list)
    # A hash of every rule-data file read (name and bytes): part of the facts cache key,
    # so editing rules/figures.yaml re-extracts every document.
    fingerprint: str = ""


def builtin_rules_dir() -> Path:
    """The built-in rule data: the top-level rules/ of a checkout, or its installed copy."""
    checkout = Path(__file__).resolve().parent.parent / "rules"
    if checkout.is_dir():
        return checkout
    import corpuslint._rules as installed  # a namespace package: rules/ has no __init__.py

    return Path(next(iter(installed.__path__)))


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _expect(node: yaml.Node, kind: type, what: str, path: str) -> None:
    if not isinstance(node, kind):
        names = {yaml.MappingNode: "a mapping", yaml.SequenceNode: "a list", yaml.ScalarNode: "a single value"}
        raise RuleDataError(path, _line(node), f"{what} must be {names[kind]}")


def _string_list(node: yaml.Node, what: str, path: str) -> list[tuple[str, int]]:
    _expect(node, yaml.SequenceNode, what, path)
    items = []
    for item in node.value:
        _expect(item, yaml.ScalarNode, f"each entry of {what}", path)
        if not str(item.value).strip():
            raise RuleDataError(path, _line(item), f"empty entry in {what}")
        items.append((str(item.value), _line(item)))
    return items


def _mapping(node: yaml.MappingNode, allowed: dict[str, bool], what: str, path: str) -> dict[str, yaml.Node]:
    """Keys of a mapping node, checked against allowed {key: required}."""
    _expect(node, yaml.MappingNode, what, path)
    found: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise RuleDataError(path, _line(key_node), f"unknown key {key!r} in {what} (known keys: {known})")
        if key in found:
            raise RuleDataError(path, _line(key_node), f"key {key!r} given twice in {what}")
        found[key] = value_node
    for key, required in allowed.items():
        if required and key not in found:
            raise RuleDataError(path, _line(node), f"{what} is missing the required key {key!r}")
    return found


def _phrase(node: yaml.Node, path: str) -> Phrase:
    fields = _mapping(node, {"pattern": True, "examples": True, "counter-examples": False}, "an external-notes entry", path)
    _expect(fields["pattern"], yaml.ScalarNode, "pattern", path)
    source = str(fields["pattern"].value)
    try:
        # MULTILINE: a pattern is searched over a whole document, ^ and $ at line ends.
        pattern = regex.compile(source, regex.IGNORECASE | regex.MULTILINE | regex.VERSION1)
    except regex.error as error:
        raise RuleDataError(path, _line(fields["pattern"]), f"pattern does not compile: {error}") from None
    for example, line in _string_list(fields["examples"], "examples", path):
        if not pattern.search(example, timeout=PATTERN_TIMEOUT):
            raise RuleDataError(path, line, f"pattern {source!r} does not match its example {example!r}")
    if "counter-examples" in fields:
        for example, line in _string_list(fields["counter-examples"], "counter-examples", path):
            if pattern.search(example, timeout=PATTERN_TIMEOUT):
                raise RuleDataError(path, line, f"pattern {source!r} matches its counter-example {example!r}")
    return Phrase(pattern, f"{path}:{_line(node)}")


def _load_citations(root: yaml.Node, path: str, data: CitationData) -> None:
    fields = _mapping(
        root,
        {"external-notes": False, "notes-headings": False, "superscript-units": False},
        "citations.yaml",
        path,
    )
    if "external-notes" in fields:
        _expect(fields["external-notes"], yaml.SequenceNode, "external-notes", path)
        phrases = [_phrase(item, path) for item in fields["external-notes"].value]
    else:
        phrases = []
    headings = [v for v, _ in _string_list(fields["notes-headings"], "notes-headings", path)] if "notes-headings" in fields else []
    units = [v for v, _ in _string_list(fields["superscript-units"], "superscript-units", path)] if "superscript-units" in fields else []
    # Only now, with the whole file valid, does it contribute anything.
    data.external_notes.extend(phrases)
    data.notes_headings.update(h.strip().lower() for h in headings)
    data.superscript_units.update(units)


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").split())


def _scalar(node: yaml.Node, what: str, path: str) -> str:
    _expect(node, yaml.ScalarNode, what, path)
    value = str(node.value).strip()
    if not value:
        raise RuleDataError(path, _line(node), f"{what} is empty")
    return value


def _load_names(root: yaml.Node, path: str, data: RuleData) -> None:
    """names.yaml: a list of {name, aliases, kind} entries and {distinct: [...]} entries."""
    _expect(root, yaml.SequenceNode, "names.yaml", path)
    entries: list[NameEntry] = []
    distinct: list[tuple[str, ...]] = []
    known = {_fold(form): entry.source for entry in data.names.entries for form in entry.forms}
    for item in root.value:
        if isinstance(item, yaml.MappingNode) and any(str(k.value) == "distinct" for k, _ in item.value):
            fields = _mapping(item, {"distinct": True}, "a distinct entry", path)
            names = [v for v, _ in _string_list(fields["distinct"], "distinct", path)]
            if len(names) < 2:
                raise RuleDataError(path, _line(item), "a distinct entry needs at least two names")
            distinct.append(tuple(names))
            continue
        fields = _mapping(item, {"name": True, "aliases": False, "kind": False}, "a names entry", path)
        name = _scalar(fields["name"], "name", path)
        aliases = [v for v, _ in _string_list(fields["aliases"], "aliases", path)] if "aliases" in fields else []
        kind = _scalar(fields["kind"], "kind", path) if "kind" in fields else None
        if kind is not None and kind not in NAME_KINDS:
            raise RuleDataError(path, _line(fields["kind"]), f"kind {kind!r} is not one of {', '.join(NAME_KINDS)}")
        for alias_node in fields.get("aliases", yaml.SequenceNode("", [])).value:
            if _fold(str(alias_node.value)) == _fold(name):
                raise RuleDataError(path, _line(alias_node), f"{name!r} lists its own name as an alias")
        for form, node in [(name, fields["name"]), *zip(aliases, fields.get("aliases", yaml.SequenceNode("", [])).value)]:
            if _fold(form) in known:
                raise RuleDataError(path, _line(node), f"{form!r} is already listed (at {known[_fold(form)]})")
            known[_fold(form)] = f"{path}:{_line(node)}"
        entries.append(NameEntry(name, tuple(aliases), kind, f"{path}:{_line(item)}"))
    data.names.entries.extend(entries)
    data.names.distinct.extend(distinct)


def _years(node: yaml.Node, path: str) -> tuple[int, int]:
    text = _scalar(node, "years", path)
    match = regex.fullmatch(r"(\d{3,4})(?:\s*[-–]\s*(\d{3,4}))?", text)
    if not match:
        raise RuleDataError(path, _line(node), f"years {text!r} is not a year or a range like 1988-1994")
    first, last = int(match[1]), int(match[2] or match[1])
    if last < first:
        raise RuleDataError(path, _line(node), f"years {text!r} end before they start")
    return first, last


def _identifier(node: yaml.Node, what: str, path: str, seen: dict[str, str]) -> str:
    value = _scalar(node, what, path)
    if not regex.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        raise RuleDataError(path, _line(node), f"{what} {value!r} must be lower-case letters, digits and hyphens")
    if value in seen:
        raise RuleDataError(path, _line(node), f"{what} {value!r} is already defined (at {seen[value]})")
    seen[value] = f"{path}:{_line(node)}"
    return value


def _words(node: yaml.Node, path: str) -> regex.Pattern:
    return words_pattern([w for w, _ in _string_list(node, "words", path)])


def _load_figures(root: yaml.Node, path: str, data: RuleData) -> None:
    """figures.yaml: concepts, events and claims (see the file's header)."""
    fields = _mapping(root, {"concepts": False, "events": False, "claims": False}, "figures.yaml", path)
    known = data.figures
    seen: dict[str, str] = {item.id: item.source for group in (known.concepts, known.events, known.claims) for item in group}
    concepts, events, claims = [], [], []
    for item in fields["concepts"].value if "concepts" in fields else []:
        entry = _mapping(item, {"id": True, "description": True, "words": True, "kinds": False}, "a concept", path)
        kinds = [k for k, _ in _string_list(entry["kinds"], "kinds", path)] if "kinds" in entry else list(FIGURE_KINDS)
        for kind, line in (_string_list(entry["kinds"], "kinds", path) if "kinds" in entry else []):
            if kind not in FIGURE_KINDS:
                raise RuleDataError(path, line, f"kind {kind!r} is not one of {', '.join(FIGURE_KINDS)}")
        concepts.append(Concept(_identifier(entry["id"], "id", path, seen), _scalar(entry["description"], "description", path),
                                _words(entry["words"], path), frozenset(kinds), f"{path}:{_line(item)}"))
    for item in fields["events"].value if "events" in fields else []:
        entry = _mapping(item, {"id": True, "description": True, "years": True, "patterns": True, "examples": True,
                                "words": False}, "an event", path)
        patterns = []
        for source, line in _string_list(entry["patterns"], "patterns", path):
            try:
                patterns.append(regex.compile(source, regex.IGNORECASE))
            except regex.error as error:
                raise RuleDataError(path, line, f"pattern does not compile: {error}") from None
        for example, line in _string_list(entry["examples"], "examples", path):
            if not any(p.search(example, timeout=PATTERN_TIMEOUT) for p in patterns):
                raise RuleDataError(path, line, f"no pattern of this event matches its example {example!r}")
        first, last = _years(entry["years"], path)
        words = _words(entry["words"], path) if "words" in entry else None
        events.append(Event(_identifier(entry["id"], "id", path, seen), _scalar(entry["description"], "description", path),
                            first, last, tuple(patterns), f"{path}:{_line(item)}", words))
    event_ids = {e.id for e in [*known.events, *events]}
    for item in fields["claims"].value if "claims" in fields else []:
        entry = _mapping(item, {"id": True, "description": True, "kind": True, "words": True, "event": False, "years": False},
                         "a claim", path)
        kind = _scalar(entry["kind"], "kind", path)
        if kind not in FIGURE_KINDS:
            raise RuleDataError(path, _line(entry["kind"]), f"kind {kind!r} is not one of {', '.join(FIGURE_KINDS)}")
        event = _scalar(entry["event"], "event", path) if "event" in entry else None
        if event is not None and event not in event_ids:
            raise RuleDataError(path, _line(entry["event"]), f"event {event!r} is not defined under events")
        years = _years(entry["years"], path) if "years" in entry else None
        claims.append(Claim(_identifier(entry["id"], "id", path, seen), _scalar(entry["description"], "description", path),
                            kind, _words(entry["words"], path), event, years, f"{path}:{_line(item)}"))
    known.concepts.extend(concepts)
    known.events.extend(events)
    known.claims.extend(claims)


# libyaml's parser where PyYAML was built with it (its wheels are): a fifteenth of the
# time of the pure-Python one, which every run, a 1-second pre-commit run too, paid.
# Both give the same nodes and marks.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

LOADERS = {"figures.yaml": _load_figures, "citations.yaml": lambda root, path, data: _load_citations(root, path, data.citations), "names.yaml": _load_names}


def _compose(path: Path, shown: str) -> yaml.Node | None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleDataError(shown, 1, f"cannot read rule data: {error}") from None
    try:
        return yaml.compose(text, Loader=YAML_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise RuleDataError(shown, line, f"invalid YAML: {problem}") from None


def _load_file(path: Path, loader, data: RuleData) -> None:
    shown = display_path(path)
    try:
        data.fingerprint = hashlib.sha256(
            f"{data.fingerprint}\0{path.name}\0".encode() + path.read_bytes()).hexdigest()
    except OSError:
        pass  # _compose reports the unreadable file
    try:
        root = _compose(path, shown)
        if root is not None:
            loader(root, shown, data)
        data.files.append(shown)
    except RuleDataError as error:
        data.errors.append(error)


def load_rule_data(
    extra_dirs: list[str] | tuple[str, ...] = (), names_files: list[str] | tuple[str, ...] = ()
) -> RuleData:
    """The built-in rules/ plus extra directories, plus extra names files (--names)."""
    data = RuleData()
    for directory in [builtin_rules_dir(), *map(Path, extra_dirs)]:
        if not directory.is_dir():
            data.errors.append(RuleDataError(str(directory), 1, "rule-data directory does not exist"))
            continue
        for path in sorted(directory.glob("*.yaml")):
            loader = LOADERS.get(path.name)
            if loader is not None:  # other files are not rule data (yet)
                _load_file(path, loader, data)
    for name in names_files:
        path = Path(name)
        if not path.is_file():
            data.errors.append(RuleDataError(name, 1, "names file does not exist"))
            continue
        _load_file(path, _load_names, data)
    return data
