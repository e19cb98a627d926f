"""Citation facts: note markers in the text and the notes they point to.

Conventions recognised, each with its own evidence:

* bracket markers `[12]`, `[3, 4]`, `[5-7]`, with a notes list whose entries
  start `[12]`, `12.` or `12 `;
* note numbers glued to the end of a sentence (`century.1 By`), matched
  against a numbered notes list at the end of the document;
* Unicode superscripts (`capsule¹`);
* Markdown footnotes `[^label]` / `[^label]: body` (bodies continue on
  indented lines);
* Project Gutenberg notes `[Footnote 1: ...]`, which may span lines.

A number is a marker only with evidence: a notes list it belongs to, a phrase
saying the notes are elsewhere, or a sequence starting at 1. Years, amounts,
decimals, ordinals, names with digits (France24), units (m²), bracketed
editorial insertions ([sic], [...]) and numbered lists in the body are not
markers. A numbered notes list is read in sequence, so a wrapped line that
starts with a number (`2000, record 1, ...`) continues the note above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..documents import Document
from ..findings import Span
from ..markup import ProseView
from ..ruledata import PATTERN_TIMEOUT, CitationData
from .spans import make_span

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
MAX_NOTE_NUMBER = 999

# --- markers ---------------------------------------------------------------
BRACKET_MARKER = regex.compile(
    r"(?<![\]\w\[])\[(?P<inner>\d{1,3}(?:\s*[,;–—−-]\s*\d{1,3})*)\](?![(\[:])"
)
BRACKET_ITEM = regex.compile(r"(?P<first>\d{1,3})(?:\s*[–—−-]\s*(?P<last>\d{1,3}))?")
SUPERSCRIPT_MARKER = regex.compile(rf"(?<=(?P<before>[\p{{L}}\p{{P}}]))(?P<digits>[{SUPERSCRIPT_DIGITS}]+)")
# A number glued after the end of a sentence or a word: "century.1 By",
# "Baku.”10", "July 2020.21". What precedes it decides how strong it is.
GLUED_MARKER = regex.compile(
    r"(?P<before>[.,;:!?”’\"')\]]|\p{Ll}{2,})(?P<digits>\d{1,3})(?=\s|$)", regex.MULTILINE
)
YEAR_BEFORE = regex.compile(r"(?:\d{4}|\d{4}[–-]\d{2,4})$")
ABBREVIATION_BEFORE = regex.compile(r"(?:^|\s)(?:p|pp|no|nos|vol|ch|art|sec|fig|para|op|ed|n)\.$", regex.IGNORECASE)
MARKDOWN_REFERENCE = regex.compile(r"\[\^(?P<label>[^\]\s]+)\](?!:)")
MARKDOWN_DEFINITION = regex.compile(r"^ {0,3}\[\^(?P<label>[^\]\s]+)\]:[ \t]*", regex.MULTILINE)
GUTENBERG_OPEN = regex.compile(r"\[Footnote\s+(?P<label>[\w.]+)\s*:\s*", regex.IGNORECASE)
GUTENBERG_MARKER = regex.compile(r"(?<![\]\w])\[(?P<label>\d{1,3}|[A-Z])\](?![(\[:])")

# --- numbered notes lists ----------------------------------------------------
BRACKET_ENTRY = regex.compile(r"^[ \t]{0,3}\[(?P<digits>\d{1,3})\][.:]?[ \t]*")
NUMBER_ENTRY = regex.compile(r"^[ \t]{0,3}(?P<digits>\d{1,3})(?P<sep>[.)][ \t]+|[ \t]+|(?=,)|[.)]?[ \t]*$)")
SUPERSCRIPT_ENTRY = regex.compile(rf"^[ \t]{{0,3}}(?P<digits>[{SUPERSCRIPT_DIGITS}]+)[ \t]*")
# What a fresh note looks like after its number: a capital, a quotation mark,
# a bracket or a digit-free token, not a comma continuing a wrapped line.
STRONG_ENTRY_START = regex.compile(r"^[\p{Lu}“‘\"'(\[*_]")
HEADING_MARKUP = regex.compile(r"^[#\s*_]+|[#\s*_:.]+$")
CONTINUATION_END = regex.compile(r"(?:[,\-–(:;]|\b(?:of|the|and|in|on|to|for|a|an|by|at|from|with))$")


@dataclass
class Marker:
    label: str
    number: int | None
    style: str  # bracket | glued | superscript | markdown | gutenberg
    span: Span

    def to_dict(self) -> dict:
        return {"label": self.label, "number": self.number, "style": self.style, "span": self.span.to_dict()}

    @classmethod
    def from_dict(cls, data: dict) -> "Marker":
        return cls(data["label"], data["number"], data["style"], Span.from_dict(data["span"]))


@dataclass
class Note:
    label: str
    number: int | None
    style: str  # numbered | bracket | superscript | markdown | gutenberg
    label_span: Span
    body_span: Span
    body: str  # the original text of the body, wrapped lines included

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "number": self.number,
            "style": self.style,
            "label_span": self.label_span.to_dict(),
            "body_span": self.body_span.to_dict(),
            "body": self.body,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Note":
        return cls(
            data["label"],
            data["number"],
            data["style"],
            Span.from_dict(data["label_span"]),
            Span.from_dict(data["body_span"]),
            data["body"],
        )


@dataclass
class CitationFacts:
    markers: list[Marker] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    notes_section: Span | None = None
    external_notes: Span | None = None  # a phrase such as "Download footnotes here."

    def to_dict(self) -> dict:
        return {
            "markers": [m.to_dict() for m in self.markers],
            "notes": [n.to_dict() for n in self.notes],
            "notes_section": self.notes_section.to_dict() if self.notes_section else None,
            "external_notes": self.external_notes.to_dict() if self.external_notes else None,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "CitationFacts":
        return cls(
            [Marker.from_dict(m) for m in data["markers"]],
            [Note.from_dict(n) for n in data["notes"]],
            Span.from_dict(data["notes_section"]) if data["notes_section"] else None,
            Span.from_dict(data["external_notes"]) if data["external_notes"] else None,
        )


# --- helpers -------------------------------------------------------------------


@dataclass
class _Line:
    number: int  # 1-based
    start: int
    text: str  # from the prose view

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _lines(view: str) -> list[_Line]:
    lines, offset = [], 0
    for index, text in enumerate(view.split("\n"), start=1):
        lines.append(_Line(index, offset, text))
        offset += len(text) + 1
    return lines


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) to exclude surrounding whitespace."""
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _in_ranges(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in ranges)


# --- Markdown footnotes -----------------------------------------------------------


def _markdown_footnotes(document: Document, view: ProseView) -> tuple[list[Note], list[tuple[int, int]]]:
    """Definitions `[^label]: body`, bodies continued by indented (or lazy) lines."""
    notes: list[Note] = []
    regions: list[tuple[int, int]] = []
    lines = _lines(view.text)
    index = 0
    while index < len(lines):
        line = lines[index]
        match = MARKDOWN_DEFINITION.match(line.text)
        if not match:
            index += 1
            continue
        label = match["label"]
        body_start = line.start + match.end()
        body_end = line.end
        index += 1
        blank_run = False
        while index < len(lines):
            nxt = lines[index]
            if not nxt.text.strip():
                blank_run = True
                index += 1
                continue
            indented = nxt.text.startswith(("    ", "\t"))
            lazy = not blank_run and not MARKDOWN_DEFINITION.match(nxt.text) and not nxt.text.lstrip().startswith("#")
            if indented or lazy:
                body_end = nxt.end
                blank_run = False
                index += 1
                continue
            break
        start, end = _trim(document.text, body_start, body_end)
        regions.append((line.start, max(end, body_start)))
        notes.append(
            Note(
                label=label,
                number=int(label) if label.isdigit() else None,
                style="markdown",
                label_span=make_span(document, line.start + match.start("label") - 2, line.start + match.end("label") + 2),
                body_span=make_span(document, start, end),
                body=document.text[start:end],
            )
        )
    return notes, regions


# --- Project Gutenberg notes ---------------------------------------------------------


def _gutenberg_notes(document: Document, view: ProseView) -> tuple[list[Note], list[tuple[int, int]]]:
    notes: list[Note] = []
    regions: list[tuple[int, int]] = []
    text = view.text
    for match in GUTENBERG_OPEN.finditer(text):
        if _in_ranges(match.start(), regions):
            continue
        depth, position = 1, match.end()
        while position < len(text) and depth:
            depth += {"[": 1, "]": -1}.get(text[position], 0)
            position += 1
        if depth:  # never closed: take the rest of the paragraph as the body
            paragraph_end = text.find("\n\n", match.end())
            close = len(text) if paragraph_end == -1 else paragraph_end
            end_of_region = close
        else:
            close = position - 1
            end_of_region = position
        start, end = _trim(document.text, match.end(), close)
        label = match["label"]
        regions.append((match.start(), end_of_region))
        notes.append(
            Note(
                label=label,
                number=int(label) if label.isdigit() else None,
                style="gutenberg",
                label_span=make_span(document, match.start(), match.end()),
                body_span=make_span(document, start, max(start, end)),
                body=document.text[start:end],
            )
        )
    return notes, regions


# --- numbered notes lists --------------------------------------------------------------


@dataclass
class _Entry:
    number: int
    style: str
    line: _Line
    label_start: int
    label_end: int
    body_start: int
    body_end: int
    strong: bool


@dataclass
class _Run:
    entries: list[_Entry]
    first_line: _Line
    last_line: _Line

    @property
    def numbers(self) -> list[int]:
        return [entry.number for entry in self.entries]


def _entry_at(line: _Line) -> _Entry | None:
    text = line.text
    for style, pattern in (("bracket", BRACKET_ENTRY), ("superscript", SUPERSCRIPT_ENTRY), ("numbered", NUMBER_ENTRY)):
        match = pattern.match(text)
        if not match:
            continue
        digits = match["digits"].translate(FROM_SUPERSCRIPT)
        number = int(digits)
        if not 0 < number <= MAX_NOTE_NUMBER:
            return None
        rest = text[match.end():]
        if style == "superscript" and not rest.strip():
            return None
        strong = style == "bracket" or bool(STRONG_ENTRY_START.match(rest)) or (
            style == "numbered" and match["sep"].startswith((".", ")")) and bool(rest.strip())
        )
        return _Entry(
            number=number,
            style=style,
            line=line,
            label_start=line.start + match.start("digits") - (1 if style == "bracket" else 0),
            label_end=line.start + match.end("digits") + (1 if style == "bracket" else 0),
            body_start=line.start + match.end(),
            body_end=line.end,
            strong=strong,
        )
    return None


def _continues_previous(previous: _Entry, entry: _Entry) -> bool:
    """A weak entry that is really a wrapped line: 'Foreign Affairs, July' / '22, 2020,'.

    Only when the line above plainly goes on and what follows the number is a
    date tail or lower-case text; '14, “Secret Talks…”' (a note whose author
    went missing) still starts note 14.
    """
    if entry.strong or not CONTINUATION_END.search(previous.line.text.rstrip()):
        return False
    rest = entry.line.text[entry.body_start - entry.line.start :].lstrip(" ,")
    return not rest or rest[0].isdigit() or rest[0].islower()


def _collect_run(lines: list[_Line], start_index: int, first: _Entry) -> tuple[_Run, int]:
    """Read a notes list from `first` on; return the run and the index after it."""
    entries = [first]
    current = first
    last_line = first.line
    index = start_index + 1
    blank_before = False
    while index < len(lines):
        line = lines[index]
        if not line.text.strip():
            blank_before = True
            index += 1
            continue
        entry = _entry_at(line)
        accepted = False
        if entry is not None and entry.style == current.style == "bracket":
            accepted = True  # `[n]` at the start of a line is always a note entry
        elif entry is not None and (entry.style == current.style or {entry.style, current.style} <= {"numbered", "bracket"}):
            last = current.number
            if entry.number == last + 1 and not _continues_previous(current, entry):
                accepted = True
            elif entry.strong and last + 1 < entry.number <= last + 3:
                accepted = True  # a gap in the numbering, reported later
            elif entry.strong and entry.number == last and current.line.text.rstrip().endswith((".", ")")):
                accepted = True  # the same number defined twice, reported later
        if accepted:
            entries.append(entry)
            current = entry
            last_line = line
            blank_before = False
        elif blank_before and not line.text.startswith(("    ", "\t")):
            break  # a paragraph after a blank line: the list has ended
        else:
            current.body_end = line.end  # a wrapped line of the current note
            last_line = line
        index += 1
    return _Run(entries, first.line, last_line), index


def _runs(lines: list[_Line], skip: list[tuple[int, int]]) -> list[_Run]:
    runs: list[_Run] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        entry = None if _in_ranges(line.start, skip) else _entry_at(line)
        if entry is not None and (entry.number == 1 or entry.style == "bracket"):
            run, index = _collect_run(lines, index, entry)
            runs.append(run)
        else:
            index += 1
    return runs


def _heading_before(lines: list[_Line], run: _Run, headings: set[str]) -> bool:
    for line in reversed(lines[: run.first_line.number - 1]):
        if line.text.strip():
            return HEADING_MARKUP.sub("", line.text).strip().lower() in headings
    return False


# --- marker candidates ---------------------------------------------------------------


@dataclass
class _Candidate:
    number: int
    style: str
    start: int
    end: int
    strong: bool  # enough evidence on its own (bracket, superscript, after sentence punctuation)


def _bracket_candidates(text: str, view: ProseView) -> list[_Candidate]:
    found = []
    for match in BRACKET_MARKER.finditer(text):
        inner = match["inner"]
        if view.link_labels and inner.lower() in view.link_labels:
            continue  # a Markdown shortcut reference link, not a note marker
        items = list(BRACKET_ITEM.finditer(inner))
        single = len(items) == 1 and items[0]["last"] is None
        for item in items:
            first = int(item["first"])
            last = int(item["last"]) if item["last"] else first
            if not 0 < first <= last <= MAX_NOTE_NUMBER or last - first > 50:
                continue
            base = match.start("inner")
            start, end = (match.start(), match.end()) if single else (base + item.start(), base + item.end())
            found.extend(_Candidate(n, "bracket", start, end, True) for n in range(first, last + 1))
    return found


def _superscript_candidates(text: str, units: set[str]) -> list[_Candidate]:
    found = []
    for match in SUPERSCRIPT_MARKER.finditer(text):
        word = regex.search(r"[\p{L}.]*$", text[: match.start()]).group().rstrip(".")
        token = regex.search(r"\S*$", text[: match.start()]).group().lstrip("(")
        if word in units or "=" in token or "^" in token or len(token) == 1:
            continue  # km², m³, E=mc², x²: an exponent
        number = int(match["digits"].translate(FROM_SUPERSCRIPT))
        if 0 < number <= MAX_NOTE_NUMBER:
            found.append(_Candidate(number, "superscript", match.start(), match.end(), True))
    return found


def _glued_candidates(text: str) -> list[_Candidate]:
    found = []
    for match in GLUED_MARKER.finditer(text):
        number = int(match["digits"])
        if not 0 < number <= MAX_NOTE_NUMBER:
            continue
        before = match["before"]
        preceding = text[max(0, match.start() - 12) : match.start()]
        if before[0].isalpha():
            if not before.islower():
                continue
            strong = False  # "word12": only as the exact next number in sequence
        elif preceding[-1:].isdigit():
            if before != "." or not YEAR_BEFORE.search(preceding):
                continue  # a decimal or an amount, not "July 2020.21"
            strong = False
        else:
            if ABBREVIATION_BEFORE.search(preceding + before):
                continue  # "p.19", "vol.7": a page or volume
            strong = not preceding[-1:].isspace()
        found.append(_Candidate(number, "glued", match.start("digits"), match.end("digits"), strong))
    return found


def _sequence_filter(candidates: list[_Candidate]) -> list[_Candidate]:
    """Glued numbers count only as the continuation of an increasing sequence."""
    accepted: list[_Candidate] = []
    expected = 1
    for candidate in candidates:
        number = candidate.number
        if number == expected or (candidate.strong and expected < number <= expected + 2):
            accepted.append(candidate)
            expected = number + 1
        elif candidate.strong and number == expected - 1 and accepted:
            accepted.append(candidate)  # the same number twice in a row: reported as reuse
    return accepted


# --- extraction --------------------------------------------------------------------------


def _external_notes_phrase(document: Document, view: ProseView, data: CitationData) -> Span | None:
    for line in _lines(view.text):
        for phrase in data.external_notes:
            match = phrase.pattern.search(line.text, timeout=PATTERN_TIMEOUT)
            if match:
                start, end = _trim(document.text, line.start, line.end)
                return make_span(document, start, end)
    return None


def _note_from_entry(document: Document, entry: _Entry) -> Note:
    style = {"bracket": "bracket", "superscript": "superscript"}.get(entry.style, "numbered")
    start, end = _trim(document.text, entry.body_start, entry.body_end)
    return Note(
        label=str(entry.number),
        number=entry.number,
        style=style,
        label_span=make_span(document, entry.label_start, entry.label_end),
        body_span=make_span(document, start, max(start, end)),
        body=document.text[start:end],
    )


def extract_citations(document: Document, view: ProseView, data: CitationData) -> CitationFacts:
    facts = CitationFacts()
    text = view.text

    markdown_notes, markdown_regions = _markdown_footnotes(document, view)
    gutenberg_notes, gutenberg_regions = _gutenberg_notes(document, view)
    note_regions = markdown_regions + gutenberg_regions
    lines = _lines(text)

    # Candidates anywhere outside Markdown/Gutenberg note bodies; the notes list
    # region is cut out below once it is known.
    def outside_notes(candidates: list[_Candidate]) -> list[_Candidate]:
        return [c for c in candidates if not _in_ranges(c.start, note_regions)]

    brackets = outside_notes(_bracket_candidates(text, view))
    superscripts = outside_notes(_superscript_candidates(text, data.superscript_units))
    glued = outside_notes(_glued_candidates(text))

    # Pick the notes list: the last run of numbered entries that has evidence
    # (a notes heading above it, or markers in the text before it).
    chosen: _Run | None = None
    for run in reversed(_runs(lines, note_regions)):
        before = run.first_line.start
        cited = {c.number for c in (*brackets, *superscripts) if c.start < before}
        cited |= {c.number for c in _sequence_filter([c for c in glued if c.start < before])}
        numbers = set(run.numbers)
        headed = _heading_before(lines, run, data.notes_headings)
        bracket_list = run.entries[0].style == "bracket" and len(run.entries) >= 2
        # A list of one note counts when its number is cited; longer ones when half are.
        if headed or bracket_list or (numbers & cited and len(numbers & cited) * 2 >= len(numbers)):
            chosen = run
            break
    numbered_notes: list[Note] = []
    body_end = len(text)
    if chosen is not None:
        body_end = chosen.first_line.start
        numbered_notes = [_note_from_entry(document, entry) for entry in chosen.entries]
        section_end = chosen.last_line.end
        facts.notes_section = make_span(document, *_trim(document.text, chosen.first_line.start, section_end))

    def in_body(candidates: list[_Candidate]) -> list[_Candidate]:
        return [c for c in candidates if c.start < body_end]

    brackets, superscripts, glued = in_body(brackets), in_body(superscripts), in_body(glued)
    facts.notes = sorted(markdown_notes + gutenberg_notes + numbered_notes, key=lambda n: n.label_span.start)
    facts.external_notes = _external_notes_phrase(document, view, data)

    has_numbered_notes = any(n.number is not None for n in facts.notes)

    def sequence_evidence(candidates: list[_Candidate]) -> bool:
        numbers = {c.number for c in candidates}
        return 1 in numbers and len(numbers) >= 2

    markers: list[tuple[int, Marker]] = []

    def add(candidates: list[_Candidate]) -> None:
        for c in candidates:
            span = make_span(document, c.start, c.end)
            markers.append((c.start, Marker(str(c.number), c.number, c.style, span)))

    if brackets and (has_numbered_notes or facts.external_notes or sequence_evidence(brackets)):
        add(brackets)
    if superscripts and (has_numbered_notes or sequence_evidence(superscripts)):
        add(superscripts)
    if glued and chosen is not None:
        add(_sequence_filter(glued))
    if gutenberg_notes:
        letters = {n.label for n in gutenberg_notes if n.number is None}
        for match in GUTENBERG_MARKER.finditer(text):
            label = match["label"]
            if label.isalpha() and label not in letters or _in_ranges(match.start(), note_regions):
                continue
            if label.isdigit() and any(c.start == match.start() for c in brackets):
                continue  # already taken as a bracket marker
            span = make_span(document, match.start(), match.end())
            markers.append((match.start(), Marker(label, int(label) if label.isdigit() else None, "gutenberg", span)))
    for match in MARKDOWN_REFERENCE.finditer(text):
        label = match["label"]
        span = make_span(document, match.start(), match.end())
        markers.append((match.start(), Marker(label, int(label) if label.isdigit() else None, "markdown", span)))

    facts.markers = [marker for _, marker in sorted(markers, key=lambda item: item[0])]
    return facts
