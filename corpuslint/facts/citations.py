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

import bisect
import sys
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
# A bracketed number, list or range: [12], [3, 4], [5-7]. Not after a digit,
# an underscore or "[" (code, [[wiki]] links); Markdown links are sorted out
# after matching, because only a Markdown document has them.
BRACKET_MARKER = regex.compile(
    r"(?<![\d_\[])\[(?P<inner>\d{1,3}(?:\s*[,;–—−-]\s*\d{1,3})*)\]"
)
NUMBER_ITEM = regex.compile(r"(?P<first>\d{1,3})(?:\s*[–—−‐-]\s*(?P<last>\d{1,3}))?")
SUPERSCRIPT_RUN = rf"[{SUPERSCRIPT_DIGITS}]+(?:[⁻–‐,]\s?[{SUPERSCRIPT_DIGITS}]+)*"
SUPERSCRIPT_MARKER = regex.compile(rf"(?<=[\p{{L}}\p{{P}}])(?P<digits>{SUPERSCRIPT_RUN})")
HTML_SUP_MARKER = regex.compile(r"<sup>\s*\[?(?P<digits>\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]?\s*</sup>", regex.IGNORECASE)
# A number glued after the end of a sentence or a word: "century.1 By",
# "Baku.”10", "July 2020.21", "women.7-9", "2023,5,6". What precedes it decides
# how strong the evidence is (see _glued_candidates). Matching starts at the
# digits and looks back one character, so it stays linear on any input.
# At most a dozen numbers in one glued list ("1,4,7"): unbounded, a long run of
# "1,1,1,..." would be rescanned from every comma (quadratic).
GLUED_MARKER = regex.compile(
    r"(?<=[.,;:!?”’\"')\]\p{Ll}])(?P<digits>\d{1,3}(?>(?:[,–-]\d{1,3}){0,12}))(?=\s|$)", regex.MULTILINE
)
SENTENCE_START = regex.compile(r"[ \t]+[“\"]?\p{Lu}\p{Ll}")
PURE_NUMBER_TOKEN = regex.compile(r"(?:^|[\s(])[$€£]?\d{1,3}$")
ABBREVIATION_BEFORE = regex.compile(
    r"(?:^|\s)(?:p|pp|no|nos|vol|vols|ch|chap|art|sec|fig|para|op|ed|n|nr|ps|cor|gen|ex|eq|tab)\.$", regex.IGNORECASE
)
MARKDOWN_REFERENCE = regex.compile(r"\[\^(?P<label>[^\]\s]+)\](?!:)")
MARKDOWN_DEFINITION = regex.compile(r"^ {0,3}\[\^(?P<label>[^\]\s]+)\]:[ \t]*", regex.MULTILINE)
GUTENBERG_OPEN = regex.compile(r"\[Footnote\s+(?P<label>[\w.]+)\s*:\s*", regex.IGNORECASE)
GUTENBERG_MARKER = regex.compile(r"(?<![\]\w])\[(?P<label>\d{1,3}|[A-Z])\](?![(\[:])")

# --- numbered notes lists ----------------------------------------------------
BRACKET_ENTRY = regex.compile(r"^[ \t]{0,3}\[(?P<digits>\d{1,3})\][.:]?[ \t]*")
PAREN_ENTRY = regex.compile(r"^[ \t]{0,3}\((?P<digits>\d{1,3})\)[ \t]+")
NUMBER_ENTRY = regex.compile(r"^[ \t]{0,3}(?P<digits>\d{1,3})(?P<sep>[.):][ \t]+|[ \t]+|(?=,)|[.)]?[ \t]*$)")
SUPERSCRIPT_ENTRY = regex.compile(rf"^[ \t]{{0,3}}(?P<digits>[{SUPERSCRIPT_DIGITS}]+)[ \t]*")
# What a fresh note looks like after its number: a capital, a quotation mark
# or a bracket; not a comma, a year in parentheses or lower-case text.
STRONG_ENTRY_START = regex.compile(r"^(?!\(\d)[\p{Lu}“‘\"'(\[*_]")
HEADING_MARKUP = regex.compile(r"^[#\s*_]+|[#\s*_:.]+$")
# A month name or its abbreviation (shared with the note-body checks).
MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# A line that plainly goes on: it ends in a comma, a hyphen, an open
# parenthesis, a function word, a month ("…The Atlantic, March" / "3, 2024."),
# or an abbreviation that wants a number ("…17, no." / "4 (2023): 22-29.").
CONTINUATION_END = regex.compile(
    rf"(?:[,\-–(:;]|\b(?:of|the|and|in|on|to|for|a|an|by|at|from|with)|\b{MONTHS}\.?|"
    r"\b(?:no|nos|vol|vols|p|pp|ch|fig|art|sec|n)\.)$",
    regex.IGNORECASE,
)
DATE_TAIL = regex.compile(rf"^{MONTHS}\.?\s+\d{{4}}\b")
TERMINAL_END = regex.compile(r"[.!?)\]”\"’]$")
ABBREVIATION_END = regex.compile(r"\b(?:no|nos|vol|vols|p|pp|ch|fig|art|sec|n)\.$", regex.IGNORECASE)
LINK_REFERENCE = regex.compile(r"\[([^\]]*)\]")
TRAILING_WORD = regex.compile(r"[\p{L}.]*$")
TRAILING_TOKEN = regex.compile(r"\S*$")
TRAILING_EQUATION = regex.compile(r"=\s*\S*$")
TRAILING_LETTERS = regex.compile(r"\p{L}+$")
UP_TO_THREE_DIGITS = regex.compile(r"\d{1,3}")
THOUSANDS_GROUP = regex.compile(r"\d{3}(?!\d)")


@dataclass(slots=True)
class Marker:
    label: str
    number: int | None
    style: str  # bracket | glued | superscript | markdown | gutenberg
    span: Span

    def to_dict(self) -> dict:
        return {"label": self.label, "number": self.number, "style": self.style, "span": self.span.to_list()}

    @classmethod
    def from_dict(cls, data: dict) -> "Marker":
        return cls(data["label"], data["number"], sys.intern(data["style"]), Span.from_list(data["span"]))


@dataclass(slots=True)
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
            "label_span": self.label_span.to_list(),
            "body_span": self.body_span.to_list(),
            "body": self.body,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Note":
        return cls(
            data["label"],
            data["number"],
            sys.intern(data["style"]),
            Span.from_list(data["label_span"]),
            Span.from_list(data["body_span"]),
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
            "notes_section": self.notes_section.to_list() if self.notes_section else None,
            "external_notes": self.external_notes.to_list() if self.external_notes else None,
        }

    @classmethod
    def from_dict(cls, data: dict, markers: bool = True) -> "CitationFacts":
        """`markers` False leaves them out (DocumentFacts.from_dict's `whole`)."""
        return cls(
            [Marker.from_dict(m) for m in data["markers"]] if markers else [],
            [Note.from_dict(n) for n in data["notes"]],
            Span.from_list(data["notes_section"]) if data["notes_section"] else None,
            Span.from_list(data["external_notes"]) if data["external_notes"] else None,
        )


# --- helpers -------------------------------------------------------------------


@dataclass
class _Line:
    number: int  # 1-based
    start: int
    text: str  # from the prose view (what structure is read from)
    raw: str  # the original line (whether it is blank, how it ends)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def blank(self) -> bool:
        return not self.raw.strip()


def _lines(view: str, original: str) -> list[_Line]:
    lines, offset = [], 0
    for index, (text, raw) in enumerate(zip(view.split("\n"), original.split("\n")), start=1):
        lines.append(_Line(index, offset, text, raw))
        offset += len(text) + 1
    return lines


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) to exclude surrounding whitespace."""
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _line_at(lines: list[_Line], offset: int) -> _Line:
    index = bisect.bisect_right([line.start for line in lines], offset) - 1
    return lines[max(index, 0)]


def _in_ranges(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in ranges)


def _number_of(label: str) -> int | None:
    # "¹".isdigit() is True but int("¹") fails: only ASCII decimals are numbers.
    return int(label) if label.isascii() and label.isdecimal() else None


def _expand(numbers: str) -> list[int]:
    """'3, 4' → [3, 4]; '5–7' → [5, 6, 7]; nonsense (0, 9-2, huge ranges) → []."""
    found: list[int] = []
    for item in NUMBER_ITEM.finditer(numbers.translate(FROM_SUPERSCRIPT).replace("⁻", "-")):
        first = int(item["first"])
        last = int(item["last"]) if item["last"] else first
        if not 0 < first <= last <= MAX_NOTE_NUMBER or last - first > 50:
            return []
        found.extend(range(first, last + 1))
    return found


# --- Markdown footnotes -----------------------------------------------------------


def _markdown_footnotes(document: Document, lines: list[_Line]) -> tuple[list[Note], list[tuple[int, int]]]:
    """Definitions `[^label]: body`, bodies continued by indented (or lazy) lines."""
    notes: list[Note] = []
    regions: list[tuple[int, int]] = []
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
            if nxt.blank:
                blank_run = True
                index += 1
                continue
            indented = nxt.raw.startswith(("    ", "\t"))
            lazy = not blank_run and not MARKDOWN_DEFINITION.match(nxt.text) and not nxt.raw.lstrip().startswith("#")
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
                number=_number_of(label),
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
            close = end_of_region = len(text) if paragraph_end == -1 else paragraph_end
        else:
            close, end_of_region = position - 1, position
        start, end = _trim(document.text, match.end(), close)
        label = match["label"]
        regions.append((match.start(), end_of_region))
        notes.append(
            Note(
                label=label,
                number=_number_of(label),
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

    @property
    def rest(self) -> str:
        return self.line.text[self.body_start - self.line.start :]


@dataclass
class _Run:
    entries: list[_Entry]
    first_line: _Line
    last_line: _Line

    @property
    def numbers(self) -> set[int]:
        return {entry.number for entry in self.entries}


ENTRY_FORMS = (
    ("bracket", BRACKET_ENTRY),
    ("superscript", SUPERSCRIPT_ENTRY),
    ("paren", PAREN_ENTRY),
    ("numbered", NUMBER_ENTRY),
)


def _entry_at(line: _Line) -> _Entry | None:
    text = line.text
    for style, pattern in ENTRY_FORMS:
        match = pattern.match(text)
        if not match:
            continue
        number = int(match["digits"].translate(FROM_SUPERSCRIPT))
        if not 0 < number <= MAX_NOTE_NUMBER:
            return None
        rest = text[match.end():]
        if style == "superscript" and not rest.strip():
            return None
        separated = style == "numbered" and match["sep"].startswith((".", ")", ":")) and bool(rest.strip())
        strong = style in ("bracket", "paren") or bool(STRONG_ENTRY_START.match(rest)) or separated
        offset = 1 if style in ("bracket", "paren") else 0
        return _Entry(
            number=number,
            style=style,
            line=line,
            label_start=line.start + match.start("digits") - offset,
            label_end=line.start + match.end("digits") + offset,
            body_start=line.start + match.end(),
            body_end=line.end,
            strong=strong,
        )
    return None


def _continues_previous(previous: _Line, entry: _Entry) -> bool:
    """A numbered line that is really the wrapped end of the line above.

    '…The Atlantic, March' / '3, 2024.'; '…17, no.' / '4 (2023): 22-29.';
    '…on the Americas,' / '7 May 2023.' But '14, “Secret Talks…”' (a note whose
    author went missing) after a line ending in a comma still starts note 14.
    """
    above = previous.raw.rstrip()
    if not CONTINUATION_END.search(above):
        return False
    rest = entry.rest.lstrip(" ,")
    if ABBREVIATION_END.search(above):
        return True
    if DATE_TAIL.match(rest):
        return True
    return not entry.strong and (not rest or rest[0].isdigit() or rest[0].islower())


def _collect_run(lines: list[_Line], start_index: int, first: _Entry) -> _Run:
    """Read a notes list from `first` on, in sequence."""
    entries = [first]
    current = first
    previous = first.line
    blank_before = False
    for line in lines[start_index + 1 :]:
        if line.blank:
            blank_before = True
            continue
        entry = _entry_at(line)
        accepted = False
        if entry is not None and entry.style == current.style == "bracket":
            accepted = True  # `[n]` at the start of a line is always a note entry
        elif entry is not None and not _continues_previous(previous, entry):
            last = current.number
            if entry.number == last + 1:
                accepted = True
            elif entry.strong and last + 1 < entry.number <= last + 3:
                accepted = True  # a gap in the numbering, reported later
            elif entry.strong and entry.number == last and TERMINAL_END.search(previous.raw.rstrip()):
                accepted = True  # the same number defined twice, reported later
        if accepted:
            entries.append(entry)
            current = entry
            blank_before = False
        elif blank_before and not line.raw.startswith(("    ", "\t")):
            if _next_entry_follows(lines, line.number, current.number):
                continue  # a page header or footer between notes ("14 | Policy Review")
            break  # a paragraph after a blank line: the list has ended
        else:
            current.body_end = line.end  # a wrapped line of the current note
        previous = line
    _trim_trailing_chrome(current, lines)
    return _Run(entries, first.line, _line_at(lines, current.body_end))


def _next_entry_follows(lines: list[_Line], line_number: int, last: int, window: int = 4) -> bool:
    """Whether the next note (last + 1) starts within a few lines after this one."""
    for line in lines[line_number : line_number + window]:
        entry = None if line.blank else _entry_at(line)
        if entry is not None and entry.number == last + 1 and entry.strong:
            return True
    return False


def _trim_trailing_chrome(last: _Entry, lines: list[_Line]) -> None:
    """Cut page furniture ("Share this:", "Tags: …") glued under the last note.

    Only the last note can have swallowed it: every other note is closed by
    the next entry. A wrapped line that follows a line ending like a complete
    reference, and itself starts with a capital, is taken as the end of notes.
    """
    previous = last.line
    for line in lines[last.line.number : _line_at(lines, last.body_end).number]:
        if not line.blank and TERMINAL_END.search(previous.raw.rstrip()) and line.raw.lstrip()[:1].isupper():
            last.body_end = previous.end
            return
        previous = line


def _runs(lines: list[_Line], skip: list[tuple[int, int]]) -> list[_Run]:
    runs: list[_Run] = []
    for index, line in enumerate(lines):
        if _in_ranges(line.start, skip):
            continue
        entry = _entry_at(line)
        if entry is not None and (entry.number == 1 or entry.style == "bracket"):
            if runs and runs[-1].first_line.number <= line.number <= runs[-1].last_line.number:
                continue  # inside the run already read (e.g. a wrapped "1 …" line)
            runs.append(_collect_run(lines, index, entry))
    return runs


def _heading_before(lines: list[_Line], run: _Run, headings: set[str]) -> bool:
    for line in reversed(lines[: run.first_line.number - 1]):
        if not line.blank:
            return HEADING_MARKUP.sub("", line.raw).strip().lower() in headings
    return False


# --- marker candidates ---------------------------------------------------------------


@dataclass
class _Candidate:
    number: int
    style: str
    start: int
    end: int
    strong: bool  # enough evidence on its own (bracket, superscript, after sentence punctuation)


def _bracket_candidates(text: str, view: ProseView, markdown: bool) -> list[_Candidate]:
    found = []
    for match in BRACKET_MARKER.finditer(text):
        inner = match["inner"]
        if markdown:
            after = text[match.end() : match.end() + 40]
            following = LINK_REFERENCE.match(after)
            if after.startswith("(") or inner.lower() in view.link_labels or (
                following and following.group(1).strip().lower() in view.link_labels
            ):
                continue  # a Markdown link: [1](url), [1][ref], or a shortcut [1] to a definition
        numbers = _expand(inner)
        single = len(numbers) == 1
        for item in NUMBER_ITEM.finditer(inner):
            base = match.start("inner")
            start, end = (match.start(), match.end()) if single else (base + item.start(), base + item.end())
            found.extend(_Candidate(n, "bracket", start, end, True) for n in _expand(item.group()))
    return found


def _superscript_candidates(text: str, units: set[str]) -> list[_Candidate]:
    def exponent(start: int) -> bool:  # km², m/s², E = mc², x², km<sup>2</sup>
        before = text[max(0, start - 40) : start]
        word = TRAILING_WORD.search(before).group().rstrip(".")
        token = TRAILING_TOKEN.search(before).group().lstrip("(")
        return word in units or len(token) == 1 or any(ch in token for ch in "=^/*+") or bool(
            TRAILING_EQUATION.search(before)
        )

    found = []
    for pattern in (SUPERSCRIPT_MARKER, HTML_SUP_MARKER):
        for match in pattern.finditer(text):
            if not exponent(match.start()):
                found.extend(_Candidate(n, "superscript", match.start(), match.end(), True) for n in _expand(match["digits"]))
    return sorted(found, key=lambda c: c.start)


def _glued_candidates(text: str) -> list[_Candidate]:
    """Numbers glued to the preceding text, graded by what precedes them.

    After sentence punctuation that follows a word ("century.1", "Baku.”10",
    "percent,6"): strong. After a year ("July 2020.21", "1914–17.31"), another
    token with digits ("G20.1", "COVID-19.3", "2023,5") or a lower-case word
    ("argued12"): weak, accepted only as the exact next number. Decimals
    ("76.92", "2.5"), thousands ("3,825"), capitalised words with digits
    ("Web3", "France24") and page or volume references ("p.19") are never
    markers.
    """
    found = []
    for match in GLUED_MARKER.finditer(text):
        start = match.start()
        before_char = text[start - 1]
        preceding = text[max(0, start - 24) : start - 1]
        digits = match["digits"]
        if before_char.isalpha():
            word = TRAILING_LETTERS.search(text[max(0, start - 24) : start]).group()
            if not word.islower() or len(word) < 3 or not UP_TO_THREE_DIGITS.fullmatch(digits):
                continue
            strong = False
        elif preceding[-1:].isdigit():
            if before_char == "," and THOUSANDS_GROUP.match(digits):
                continue  # a thousands separator: 3,825
            if before_char in ",." and PURE_NUMBER_TOKEN.search(preceding) and not (
                before_char == "." and SENTENCE_START.match(text, match.end())
            ):
                continue  # a decimal or an amount: 76.92, $3.7 (but "England's 5.6 The Times": weak)
            if before_char not in ".,":
                continue
            strong = False
        else:
            if ABBREVIATION_BEFORE.search(preceding + before_char):
                continue  # "p.19", "vol.7", "Ps.23": a reference, not a note
            if not preceding or preceding[-1].isspace():
                continue  # a lone mark: " .5"
            strong = True
        for number in _expand(digits):
            found.append(_Candidate(number, "glued", start, match.end(), strong))
    return found


def _sequence_filter(candidates: list[_Candidate]) -> list[_Candidate]:
    """Glued numbers count only where they continue or revisit the note sequence.

    The exact next number is always accepted; a strong candidate may also
    skip ahead by up to two (a missing marker), fill a number skipped earlier
    (out of order) or repeat one already cited (reuse): the rules report those.
    """
    accepted: list[_Candidate] = []
    cited: set[int] = set()
    expected = 1
    for candidate in candidates:
        number = candidate.number
        if number == expected or (candidate.strong and expected < number <= expected + 2):
            expected = number + 1
        elif not (candidate.strong and number < expected and accepted):
            continue
        accepted.append(candidate)
        cited.add(number)
    return accepted


def _dense_sequence(candidates: list[_Candidate]) -> bool:
    """Markers without notes: numbered 1…N, most numbers used, mostly in order.

    A survey scale ("from [1] not at all to [5] a great deal") is not.
    """
    numbers = [c.number for c in candidates]
    distinct = set(numbers)
    if 1 not in distinct or len(distinct) < 2:
        return False
    if len(distinct) < 0.6 * max(distinct):
        return False
    firsts = list(dict.fromkeys(numbers))
    in_order = sum(1 for a, b in zip(firsts, firsts[1:]) if b > a)
    return in_order >= 0.8 * (len(firsts) - 1)


# --- extraction --------------------------------------------------------------------------


def _external_notes_phrase(document: Document, view: str, lines: list[_Line], data: CitationData) -> Span | None:
    """The line of the first phrase saying the notes are elsewhere (one search per pattern)."""
    hits = [m.start() for p in data.external_notes if (m := p.pattern.search(view, timeout=PATTERN_TIMEOUT))]
    if not hits:
        return None
    line = _line_at(lines, min(hits))
    return make_span(document, *_trim(document.text, line.start, line.end))


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


def _choose_notes_list(
    runs: list[_Run], lines: list[_Line], strong: list[_Candidate], glued: list[_Candidate], headings: set[str]
) -> _Run | None:
    """The run of numbered entries with the best evidence of being the notes.

    Evidence: a notes heading above it, and numbers cited by markers before
    it. A list that markers keep citing after (a numbered list in the body)
    is not the notes; neither is one no marker cites and no heading names.
    Among the rest the best-cited wins, and on a tie the later one.
    """
    best: tuple[tuple, _Run] | None = None
    for run in runs:
        begin, end = run.first_line.start, run.last_line.end
        before = [c for c in strong if c.start < begin]
        after = [c for c in strong if c.start > end]
        cited = {c.number for c in before} | {c.number for c in _sequence_filter([c for c in glued if c.start < begin])}
        numbers = run.numbers
        overlap = len(numbers & cited)
        headed = _heading_before(lines, run, headings)
        bracket_list = run.entries[0].style == "bracket" and len(run.entries) >= 2
        if len(after) > max(2, len(before) // 5) and not headed:
            continue  # the text goes on citing after it: a list in the body
        if not (headed or bracket_list or (overlap and overlap * 2 >= len(numbers))):
            continue
        if not headed and len(cited) >= 3 and overlap < 0.7 * len(cited):
            continue  # an unheaded list that most markers do not reach: not their notes
        score = (overlap, headed, run.first_line.number)
        if best is None or score > best[0]:
            best = (score, run)
    return best[1] if best else None


def extract_citations(document: Document, view: ProseView, data: CitationData) -> CitationFacts:
    facts = CitationFacts()
    text = view.text
    lines = _lines(text, document.text)

    markdown_notes, markdown_regions = _markdown_footnotes(document, lines)
    gutenberg_notes, gutenberg_regions = _gutenberg_notes(document, view)
    note_regions = markdown_regions + gutenberg_regions

    def outside_notes(candidates: list[_Candidate]) -> list[_Candidate]:
        return [c for c in candidates if not _in_ranges(c.start, note_regions)]

    brackets = outside_notes(_bracket_candidates(text, view, document.is_markdown))
    superscripts = outside_notes(_superscript_candidates(text, data.superscript_units))
    glued = outside_notes(_glued_candidates(text))

    chosen = _choose_notes_list(
        _runs(lines, note_regions), lines, [*brackets, *superscripts, *(c for c in glued if c.strong)], glued, data.notes_headings
    )
    numbered_notes: list[Note] = []
    body_end = len(text)
    if chosen is not None:
        body_end = chosen.first_line.start
        numbered_notes = [_note_from_entry(document, entry) for entry in chosen.entries]
        facts.notes_section = make_span(document, *_trim(document.text, chosen.first_line.start, chosen.last_line.end))

    def in_body(candidates: list[_Candidate]) -> list[_Candidate]:
        return [c for c in candidates if c.start < body_end]

    brackets, superscripts, glued = in_body(brackets), in_body(superscripts), in_body(glued)
    facts.notes = sorted(markdown_notes + gutenberg_notes + numbered_notes, key=lambda n: n.label_span.start)
    facts.external_notes = _external_notes_phrase(document, text, lines, data)
    has_numbered_notes = any(n.number is not None for n in facts.notes)

    markers: list[tuple[int, Marker]] = []

    def add(candidates: list[_Candidate]) -> None:
        for c in candidates:
            markers.append((c.start, Marker(str(c.number), c.number, c.style, make_span(document, c.start, c.end))))

    if brackets and (has_numbered_notes or facts.external_notes or _dense_sequence(brackets)):
        add(brackets)
    if superscripts and (has_numbered_notes or _dense_sequence(superscripts)):
        add(superscripts)
    if glued and chosen is not None:
        add(_sequence_filter(glued))
    if gutenberg_notes:
        letters = {n.label for n in gutenberg_notes if n.number is None}
        taken = {c.start for c in brackets}
        for match in GUTENBERG_MARKER.finditer(text):
            label = match["label"]
            if (label.isalpha() and label not in letters) or _in_ranges(match.start(), note_regions) or match.start() in taken:
                continue
            markers.append((match.start(), Marker(label, _number_of(label), "gutenberg", make_span(document, match.start(), match.end()))))
    for match in MARKDOWN_REFERENCE.finditer(text):
        label = match["label"]
        markers.append((match.start(), Marker(label, _number_of(label), "markdown", make_span(document, match.start(), match.end()))))

    facts.markers = [marker for _, marker in sorted(markers, key=lambda item: item[0])]
    return facts
