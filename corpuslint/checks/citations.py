"""CIT: note markers and the notes they point to.

Every rule works on a document's citation facts only; none rescans text.
Each class carries its own code, name, severity, explanation and examples.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterator

import regex

from ..facts import DocumentFacts, Marker, Note
from ..facts.citations import MONTHS
from ..findings import Finding, Fix, Related, Severity, Span
from .registry import DocumentRule, register


# --- shared helpers ------------------------------------------------------------------


def shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def marker_text(marker: Marker) -> str:
    if marker.style == "bracket":
        return f"[{marker.label}]"
    if marker.style == "markdown":
        return f"[^{marker.label}]"
    if marker.style == "gutenberg":
        return f"[{marker.label}]"
    if marker.style == "superscript":
        return marker.label.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return marker.label


def describe_numbers(numbers: list[int]) -> str:
    """[1, 2, 3, 5, 7, 8] → '1–3, 5, 7–8'."""
    numbers = sorted(set(numbers))
    parts: list[str] = []
    start = previous = None
    for number in numbers + [None]:
        if start is None:
            start = previous = number
        elif number is not None and number == previous + 1:
            previous = number
        else:
            parts.append(str(start) if start == previous else f"{start}–{previous}")
            start = previous = number
    return ", ".join(parts)


def tail_of(text: str, limit: int = 40) -> str:
    """The end of `text`, cut at a word boundary: '…Security Review, January 12, 2019,'."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.find(" ", len(text) - limit)
    return "…" + text[cut + 1 :] if cut != -1 else "…" + text[-limit:]


def sub_span(note: Note, start: int, end: int) -> Span:
    """The span of note.body[start:end], located from the body's own position."""
    body, base = note.body, note.body_span

    def locate(offset: int) -> tuple[int, int]:
        before = body[:offset]
        newlines = before.count("\n")
        if newlines == 0:
            return base.line, base.column + offset
        return base.line + newlines, offset - before.rfind("\n")

    line, column = locate(start)
    end_line, end_column = locate(end)
    return Span(base.start + start, base.start + end, line, column, end_line, end_column)


def related_marker(path: str, marker: Marker, message: str) -> Related:
    return Related(path, marker.span.line, marker.span.column, message)


def numbered(markers: list[Marker]) -> list[Marker]:
    """Markers whose numbers are the reader's numbering. Markdown footnote labels
    are names ([^1], [^note]) that the renderer renumbers in order of use, so
    their order, gaps and reuse mean nothing."""
    return [m for m in markers if m.number is not None and m.style != "markdown"]


# --- CIT001 ------------------------------------------------------------------------------


@register
class MarkerWithoutNote(DocumentRule):
    code = "CIT001"
    name = "marker-without-note"
    severity = Severity.ERROR
    summary = "A note marker points at a note that does not exist."
    explanation = (
        "The text cites a note (a bracketed number, a number after the end of a sentence, a "
        "superscript or a Markdown footnote reference) but the document's notes have no entry "
        "with that number or label. The reader cannot check the claim. Add the missing note, or "
        "correct the marker if it was mistyped. A document that has no notes at all is reported "
        "once by CIT012 instead of once per marker."
    )
    flags = (
        """
        The truce was signed in Moscow.[1] Fighting stopped the next day.[2]

        Notes
        [1] Thomas de Waal, Black Garden (New York: NYU Press, 2003), 12.
        """,
    )
    passes = (
        """
        The truce was signed in Moscow.[1] Fighting stopped the next day.[2]

        Notes
        [1] Thomas de Waal, Black Garden (New York: NYU Press, 2003), 12.
        [2] Ibid., 14.
        """,
    )

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        citations = facts.citations
        if not citations.notes:
            return
        labels = {note.label for note in citations.notes}
        missing: dict[str, list[Marker]] = defaultdict(list)
        for marker in citations.markers:
            if marker.label not in labels:
                missing[marker.label].append(marker)
        have = ", ".join(
            filter(None, [describe_numbers([n.number for n in citations.notes if n.number is not None])]
                   + list(dict.fromkeys(n.label for n in citations.notes if n.number is None)))
        )
        for label, markers in missing.items():
            first = markers[0]
            where = f"the notes (line {citations.notes[0].label_span.line})"
            detail = f"{where} have {have}" if have else f"{where} have no note {label}"
            yield self.finding(
                facts.path,
                first.span,
                f"note marker {marker_text(first)} has no matching note: {detail}; "
                f"add note {label} or correct the marker",
                related=[related_marker(facts.path, m, f"{marker_text(m)} cited again") for m in markers[1:]],
            )


# --- CIT002 ------------------------------------------------------------------------------


@register
class NoteNeverCited(DocumentRule):
    code = "CIT002"
    name = "note-never-cited"
    severity = Severity.WARNING
    summary = "A note that no marker in the text points to."
    explanation = (
        "A note exists but nothing in the text cites it, so the reader never reaches it. Usually "
        "a marker was lost when the text was edited or extracted. Put the marker back where the "
        "note belongs, or delete the note. When a document has notes but no markers at all, one "
        "finding is reported for the whole notes list."
    )
    flags = (
        """
        The truce was signed in Moscow.[1]

        Notes
        [1] Thomas de Waal, Black Garden (New York: NYU Press, 2003), 12.
        [2] Ibid., 14.
        """,
    )
    passes = (
        """
        The truce was signed in Moscow.[1] It held.[2]

        Notes
        [1] Thomas de Waal, Black Garden (New York: NYU Press, 2003), 12.
        [2] Ibid., 14.
        """,
    )

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        citations = facts.citations
        if not citations.notes:
            return
        if not citations.markers:
            first = citations.notes[0]
            yield self.finding(
                facts.path,
                first.label_span,
                f"the document has {len(citations.notes)} notes but no marker in the text points to any "
                "of them; the markers were probably lost: restore them",
            )
            return
        cited = {marker.label for marker in citations.markers}
        for note in citations.notes:
            if note.label not in cited:
                yield self.finding(
                    facts.path,
                    note.label_span,
                    f"note {note.label} is never cited in the text (“{shorten(note.body, 50)}”); "
                    f"add its marker where it belongs or remove the note",
                )


# --- CIT003 ------------------------------------------------------------------------------


@register
class NoteDefinedTwice(DocumentRule):
    code = "CIT003"
    name = "note-defined-twice"
    severity = Severity.ERROR
    summary = "Two notes share one number or label."
    explanation = (
        "Two entries of the notes carry the same number or label, so a marker pointing at it is "
        "ambiguous. Renumber one of them (and its marker) or merge them."
    )
    markdown = True
    flags = (
        """
        The truce held.[^1]

        [^1]: Thomas de Waal, Black Garden (New York: NYU Press, 2003), 12.
        [^1]: Laurence Broers, Armenia and Azerbaijan (Edinburgh: EUP, 2019), 40.
        """,
    )
    passes = (
        """
        The truce held.[^1] Then it broke.[^2]

        [^1]: Thomas de Waal, Black Garden (New York: NYU Press, 2003), 12.
        [^2]: Laurence Broers, Armenia and Azerbaijan (Edinburgh: EUP, 2019), 40.
        """,
    )

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        first_by_label: dict[str, Note] = {}
        marker_starts: dict[str, list[int]] = defaultdict(list)
        for marker in facts.citations.markers:
            marker_starts[marker.label].append(marker.span.start)
        for note in facts.citations.notes:
            first = first_by_label.setdefault(note.label, note)
            if first is note:
                continue
            if any(first.label_span.start < start < note.label_span.start for start in marker_starts[note.label]):
                first_by_label[note.label] = note  # numbering restarts per chapter: a new note 1 for a new [1]
                continue
            yield self.finding(
                facts.path,
                note.label_span,
                f"note {note.label} is defined twice (first at line {first.label_span.line}: "
                f"“{shorten(first.body, 40)}”); renumber or merge them",
                related=[Related(facts.path, first.label_span.line, first.label_span.column, f"first note {note.label}")],
            )


# --- CIT004 ------------------------------------------------------------------------------


@register
class NoteNumberReused(DocumentRule):
    code = "CIT004"
    name = "note-number-reused"
    severity = Severity.WARNING
    summary = "A note number is cited again for a different statement where each note is used once."
    explanation = (
        "In a document whose notes are numbered in order and each number is cited exactly once, a "
        "number that appears a second time, for another statement, almost always means a marker "
        "was mistyped or notes were renumbered by hand: the second statement points at the first "
        "statement's source. Give the second statement its own note. The rule fires only when "
        "every other number is used once. Numbers glued to sentences or written as superscripts "
        "(Chicago style) are never reused, so any repeat is flagged; bracketed [n] styles may cite "
        "a source again later, so there only a repeat in the slot of the next new number "
        "([52] … [52] [53]) is flagged."
    )
    flags = (
        """
        Turkey sent drones [1]. Israel sent others [2]. Russia sent none [2]. Iran stayed out [3].
        Pakistan recognised Azerbaijan [4]. France did not [5].
        """,
    )
    passes = (
        """
        Turkey sent drones [1]. Israel sent others [2]. Russia sent none [3]. Iran stayed out [4].
        Pakistan recognised Azerbaijan [5]. France did not [6].
        """,
        """
        Turkey sent drones [1]. Israel sent others [2]. As [1] notes, Russia sent none [3].
        Iran stayed out [2]. Pakistan recognised Azerbaijan [4]. France did not [1].
        """,
        """
        Turkey sent drones [1]. Israel sent others [2]. Russia sent none [3]. Iran stayed out [4].
        Pakistan recognised Azerbaijan [5]. As [2] showed, France did not [6].
        """,
    )

    MINIMUM_DISTINCT = 5

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        markers = numbered(facts.citations.markers)
        counts = Counter(m.number for m in markers)
        if len(counts) < self.MINIMUM_DISTINCT:
            return
        repeated = [number for number, count in counts.items() if count > 1]
        # Only a document that otherwise cites every number once is in "each note once" style.
        if len(repeated) != 1 or counts[repeated[0]] != 2:
            return
        number = repeated[0]
        first, second = [m for m in markers if m.number == number]
        if second.style in ("bracket", "gutenberg"):
            # [n] styles may cite a source again later; only a repeat in the slot
            # where the next new number belongs ([52] … [52] [53]) is a slip.
            seen = {m.number for m in markers if m.span.start < first.span.start}
            if any(m.number not in seen and m.number != number for m in markers
                   if first.span.start < m.span.start < second.span.start):
                return
        later = sorted(n for n in counts if n > number)
        hint = f"; the next new number would be {later[0]}" if later else ""
        yield self.finding(
            facts.path,
            second.span,
            f"note number {marker_text(second)} is cited again for a different statement (first at "
            f"line {first.span.line}, column {first.span.column}) although every other number in this "
            f"document is cited once{hint}: check which note this statement should cite",
            related=[related_marker(facts.path, first, f"first use of {marker_text(first)}")],
        )


# --- CIT005 ------------------------------------------------------------------------------


@register
class NoteNumberGap(DocumentRule):
    code = "CIT005"
    name = "note-number-gap"
    severity = Severity.WARNING
    summary = "Note numbering skips numbers that neither the text nor the notes use."
    explanation = (
        "Notes are numbered 1, 2, 3, … without gaps. When a number is missing from both the "
        "markers and the notes, a note and its marker were deleted (or a range was mistyped) and "
        "the numbers that follow are off by one. Renumber, or restore what was removed. A number "
        "that has a note but no marker is CIT002; one that has a marker but no note is CIT001."
    )
    flags = (
        """
        The truce was signed [1]. It was broken [2]. Talks resumed [4].

        Notes
        [1] Thomas de Waal, Black Garden (New York: NYU Press, 2003), 12.
        [2] Laurence Broers, Armenia and Azerbaijan (Edinburgh: EUP, 2019), 40.
        [4] Ibid., 41.
        """,
    )
    passes = (
        """
        The truce was signed [1]. It was broken [2]. Talks resumed [3].

        Notes
        [1] Thomas de Waal, Black Garden (New York: NYU Press, 2003), 12.
        [2] Laurence Broers, Armenia and Azerbaijan (Edinburgh: EUP, 2019), 40.
        [3] Ibid., 41.
        """,
    )

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        citations = facts.citations
        markers = numbered(citations.markers)
        notes = [n for n in citations.notes if n.number is not None and n.style != "markdown"]
        used = {m.number for m in markers} | {n.number for n in notes}
        if len(used) < 2:
            return
        # Where the numbering resumes: the first marker with that number, else its note.
        anchor: dict[int, Span] = {}
        for marker in markers:
            anchor.setdefault(marker.number, marker.span)
        for note in notes:
            anchor.setdefault(note.number, note.label_span)
        ordered = sorted(used)
        previous = 0
        for number in ordered:
            if number > previous + 1:
                missing = list(range(previous + 1, number))
                which = describe_numbers(missing)
                noun = "number" if len(missing) == 1 else "numbers"
                yield self.finding(
                    facts.path,
                    anchor[number],
                    f"note numbering jumps from {previous} to {number}: {noun} {which} "
                    f"{'is' if len(missing) == 1 else 'are'} used by neither a marker nor a note; "
                    "restore the missing note or renumber",
                )
            previous = number


# --- CIT006 ------------------------------------------------------------------------------


def _longest_increasing(values: list[int]) -> set[int]:
    """Indexes of one longest strictly increasing subsequence (patience sorting)."""
    import bisect

    tails: list[int] = []
    tail_index: list[int] = []
    parent = [-1] * len(values)
    for index, value in enumerate(values):
        position = bisect.bisect_left(tails, value)
        if position == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[position] = value
            tail_index[position] = index
        parent[index] = tail_index[position - 1] if position else -1
    keep, index = set(), tail_index[-1] if tail_index else -1
    while index != -1:
        keep.add(index)
        index = parent[index]
    return keep


@register
class NoteOutOfOrder(DocumentRule):
    code = "CIT006"
    name = "note-out-of-order"
    severity = Severity.WARNING
    summary = "A note number is first cited out of order."
    explanation = (
        "Numbered notes are numbered in the order the text first cites them, so a reader finds "
        "note 4 after note 3. A number first cited before a smaller one usually means a paragraph "
        "was moved or a marker mistyped. Renumber the notes in order of first citation. Only "
        "first citations count: citing note 2 again after note 5 is not out of order."
    )
    flags = (
        """
        The truce was signed [1]. It was broken [3]. Talks resumed [2].

        Notes
        [1] Thomas de Waal, Black Garden (New York: NYU Press, 2003), 12.
        [2] Laurence Broers, Armenia and Azerbaijan (Edinburgh: EUP, 2019), 40.
        [3] Ibid., 41.
        """,
    )
    passes = (
        """
        The truce was signed [1]. It was broken [2]. Talks resumed [3], as [1] had predicted.

        Notes
        [1] Thomas de Waal, Black Garden (New York: NYU Press, 2003), 12.
        [2] Laurence Broers, Armenia and Azerbaijan (Edinburgh: EUP, 2019), 40.
        [3] Ibid., 41.
        """,
    )

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        firsts: list[Marker] = []
        seen: set[int] = set()
        for marker in numbered(facts.citations.markers):
            if marker.number not in seen:
                seen.add(marker.number)
                firsts.append(marker)
        keep = _longest_increasing([m.number for m in firsts])
        for index, marker in enumerate(firsts):
            if index in keep:
                continue
            before = next((firsts[i] for i in range(index - 1, -1, -1) if i in keep), None)
            after = next((firsts[i] for i in range(index + 1, len(firsts)) if i in keep), None)
            where = []
            if before:
                where.append(f"after {marker_text(before)}")
            if after:
                where.append(f"before {marker_text(after)} (line {after.span.line})")
            yield self.finding(
                facts.path,
                marker.span,
                f"note {marker_text(marker)} is first cited out of order, {' and '.join(where)}; "
                "number notes in the order they are first cited",
            )


# --- CIT007 ------------------------------------------------------------------------------


@register
class EmptyNote(DocumentRule):
    code = "CIT007"
    name = "empty-note"
    severity = Severity.ERROR
    summary = "A note has a number but no text."
    explanation = (
        "The notes list has an entry with nothing after its number or label, so the marker that "
        "points at it leads nowhere. Write the reference, or remove the note and its marker."
    )
    markdown = True
    flags = (
        """
        The truce held.[^1]

        [^1]:
        """,
    )
    passes = (
        """
        The truce held.[^1]

        [^1]: Thomas de Waal, Black Garden (New York: NYU Press, 2003), 12.
        """,
    )

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        for note in facts.citations.notes:
            if not note.body.strip():
                yield self.finding(
                    facts.path,
                    note.label_span,
                    f"note {note.label} is empty; write the reference or remove the note and its marker",
                )


# --- note bodies: URLs, truncation, missing parts ------------------------------------------

SCHEME_URL = regex.compile(r"\b(?:https?|ftp)://[^\s<>\"“”‘’]*", regex.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:)]’'\""
HOST_CONTINUATION = regex.compile(r"^[a-z0-9-]+(?:\.[a-z0-9-]+)*(?:/[^\s<>\"“”]*)?$")
PATH_CONTINUATION = regex.compile(r"^[a-z0-9%._~/-]+$")
DOI = regex.compile(r"^(?:doi:)?10\.\d{4,9}/\S+$", regex.IGNORECASE)
PERCENT_ESCAPE = regex.compile(r"%[0-9A-Fa-f]{2}")
TOKEN = regex.compile(r"\S+")
PATH_FRAGMENT = regex.compile(r"^[\p{Ll}\d_.~%-]+(?:/[\p{Ll}\d_.~%-]*)+$")
SLUG = regex.compile(r"^[\p{Ll}\d]+(?:-[\p{Ll}\d]+)+$")
YEAR_SENTENCE_BEFORE = regex.compile(r"\b\d{4}\.\s+$")
MONTH = MONTHS + r"\.?"
MONTH_DAY_WITHOUT_YEAR = regex.compile(rf"(?:\b{MONTH}\s+\d{{1,2}}|\b\d{{1,2}}\s+{MONTH})\s*,\s*$")
OPEN_PUBLISHER = regex.compile(r"\((?P<inside>[^()]*:[^()]*),\s*$")
# Lower-case only: "Appendix A" ends a note; "…published by the" does not.
FUNCTION_WORD_END = regex.compile(r"\b(?P<word>the|of|and|or|to|in|for|with|on|by|from|at|a|an|as|that|between)\s*$")
LEADING_PUNCTUATION = regex.compile(r"^[,;:.]\s*")
QUOTED_TITLE_ONLY = regex.compile(r"^[“\"](?P<title>[^”\"]+)[”\"]\s*[,.]?\s*(?P<rest>.*)$", regex.DOTALL)
DATE = regex.compile(rf"(?:{MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTH}\s+\d{{4}}|{MONTH}\s+\d{{4}}|\b\d{{4}}\b)")
URL_PATH_CHAR = regex.compile(r"[-/._\d]")
NEXT_TOKEN = regex.compile(r"\s+(\S+)")
THREE_DIGITS = regex.compile(r"\d{3,}")
NOT_WORDS = regex.compile(r"\S*[/%]\S*|\bp{1,2}\.\s*\d[\d–-]*|[\d,.;:()–-]+")
LETTER = regex.compile(r"\p{L}")


def _host_of(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[0]


def _complete_host(host: str) -> bool:
    core = host.rstrip(".").lower()
    return "." in core and not (core.startswith("www.") and core.count(".") < 2)


def _broken_url(url: str, tail: str, line_break: bool) -> str | None:
    """The whole URL if `tail` (the token after a space or line break) continues `url`.

    After a space only an address that cannot end there continues: a host
    ending in a dot ("http://asbarez." + "com/178701/…") or a path ending in a
    hyphen. After a line break, any path piece that looks like one
    ("…/chronic-weight-manage" + "ment-first-2014") continues it too.
    """
    after_scheme = url.split("://", 1)[1]
    if "/" not in after_scheme and after_scheme.endswith("."):
        joined = url + tail
        return joined if HOST_CONTINUATION.match(tail) and _complete_host(_host_of(joined)) else None
    bare = url.rstrip(".")
    if not PATH_CONTINUATION.match(tail):
        return None
    if bare.endswith("-") or (line_break and "/" in after_scheme and not url.endswith(".") and URL_PATH_CHAR.search(tail)):
        return bare + tail
    return None


def _url_findings(note: Note, hard_wrapped: bool) -> list[tuple[int, int, str, str | None]]:
    """(start, end, message, replacement) for each cut-off or broken URL in a note body.

    In a hard-wrapped document a URL continued on the next line is layout: it
    is read whole and not reported.
    """
    body = note.body
    results: list[tuple[int, int, str, str | None]] = []
    consumed: list[tuple[int, int]] = []
    for match in SCHEME_URL.finditer(body):
        # Keep a final '.', which may belong to a cut-off host ("https://www."); a
        # sentence-final period after a complete address is harmless.
        start, url = match.start(), match.group().rstrip(TRAILING_PUNCTUATION.replace(".", ""))
        end = start + len(url)
        following = NEXT_TOKEN.match(body[end:])
        tail = following.group(1).rstrip(".,;:)") if following else ""
        line_break = bool(following) and "\n" in following.group()
        joined = _broken_url(url, tail, line_break) if tail else None
        if joined:
            span_end = end + following.start(1) + len(tail)
            consumed.append((start, span_end))
            if line_break and hard_wrapped:
                url, end = joined, span_end  # wrapped, not broken: check the whole address
            else:
                how = "across lines" if line_break else "by a space"
                results.append(
                    (start, span_end,
                     f"URL in note {note.label} is broken {how}: “{shorten(body[start:span_end], 50)}”; "
                     f"it should read {shorten(joined, 60)}", joined)
                )
                continue
        if not _complete_host(_host_of(url)):
            results.append(
                (start, end, f"URL in note {note.label} is cut off: “{url}” has no complete address; restore the full URL", None)
            )
        elif url.rstrip(".").endswith("-"):
            results.append(
                (start, end, f"URL in note {note.label} is cut off: “{shorten(url, 50)}” ends in '-'; restore the full URL", None)
            )
        consumed.append((start, end))
    tokens = list(TOKEN.finditer(body))
    for position, token in enumerate(tokens):
        if any(s <= token.start() < e for s, e in consumed):
            continue
        word = token.group().rstrip(TRAILING_PUNCTUATION)
        if not word or "://" in word or not any(ch.isalpha() for ch in word):
            continue
        if DOI.match(word) or (position and tokens[position - 1].group().lower().rstrip(":") == "doi"):
            continue  # a DOI is an identifier, not a broken address
        is_last = position == len(tokens) - 1
        percent = bool(PERCENT_ESCAPE.search(word))
        path_like = bool(PATH_FRAGMENT.match(word)) and len(word) >= 6 and (
            "-" in word or word.endswith("/") or THREE_DIGITS.search(word) is not None
        )
        # A lower-case slug cannot start a sentence: after "…, 2020." it is the tail of a URL.
        slug_at_end = is_last and bool(SLUG.match(word)) and (
            word.count("-") >= 3 or YEAR_SENTENCE_BEFORE.search(body[: token.start()]) is not None
        )
        if not (percent or path_like or slug_at_end):
            continue
        start, end = token.start(), token.start() + len(word)
        broken = ""
        if word.endswith("-") and position + 1 < len(tokens):
            nxt = tokens[position + 1]
            end = nxt.start() + len(nxt.group().rstrip(TRAILING_PUNCTUATION))
            consumed.append((nxt.start(), nxt.end()))
            broken = " and is broken by a space"
        results.append(
            (start, end,
             f"URL in note {note.label} is only a fragment: “{shorten(body[start:end], 50)}” has no scheme or "
             f"host{broken}; the start of the address was lost: restore the full URL", None)
        )
    return results


@register
class TruncatedUrl(DocumentRule):
    code = "CIT008"
    name = "truncated-url"
    severity = Severity.WARNING
    summary = "A URL in a note is cut off, broken by a space, or only a fragment."
    explanation = (
        "Notes copied from web pages and PDFs often lose part of their links: the address stops "
        "after the host (`https://www.`) or inside it (`https://eur`), ends in a hyphen, is split "
        "by a space (`asbarez. com/…`), or only the tail of the path survives "
        "(`news/190193`, `empire-armenian-pm-says`). The source cannot be opened. Restore the "
        "full URL from the original. A URL broken only by a space carries a fix that rejoins it."
    )
    flags = (
        """
        The blockade began.1

        1 “Pashinyan Calls for Unification,” Eurasianet, August 6, 2020, https://eur
        """,
        """
        The blockade began.1

        1 “New Territories,” Asbarez, April 1, 2019, http://asbarez. com/178701/new-territories/.
        """,
        """
        The blockade began.1

        1 “Iran’s Delicate Balancing Act,” Aljazeera, October 5, 2020, news/2020/10/5/iran-balancing-act.
        """,
    )
    passes = (
        """
        The blockade began.1

        1 “Pashinyan Calls for Unification,” Eurasianet, August 6, 2020, https://eurasianet.org/pashinyan-calls.
        """,
        """
        The blockade began.1

        1 Thomas de Waal, Black Garden: Armenia and Azerbaijan through Peace and War (New York: NYU Press, 2003), 64-108.
        """,
    )

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        for note in facts.citations.notes:
            for start, end, message, replacement in _url_findings(note, facts.hard_wrapped):
                span = sub_span(note, start, end)
                fix = Fix(span.start, span.end, replacement) if replacement else None
                yield self.finding(facts.path, span, message, fix=fix)


def _dangling_end(note: Note) -> tuple[str, int] | None:
    """('missing-year' | 'comma' | 'mid-sentence' | 'unclosed', start of the span to show)."""
    body = note.body.rstrip()
    if not body:
        return None
    if body.endswith(","):
        month_day = MONTH_DAY_WITHOUT_YEAR.search(body)
        if month_day:
            return "missing-year", month_day.start()
        publisher = OPEN_PUBLISHER.search(body)
        if publisher:
            return "missing-year", publisher.start()
        return "comma", len(body) - 1  # the dangling comma itself
    if body.endswith(("-", "–")) and not SCHEME_URL.search(body.split()[-1]):
        return "mid-word", max(0, body.rfind(" ") + 1)
    if body[-1].isalpha():
        function_word = FUNCTION_WORD_END.search(body)
        if function_word:
            return "mid-sentence", function_word.start()
    if body.count("(") > body.count(")"):
        return "unclosed", body.rfind("(")
    if body.count("“") > body.count("”") and not any(q in body for q in "„«»"):
        return "unclosed-quote", body.rfind("“")  # („…“ German and «…» quotes close differently)
    return None


@register
class NoteMissingYear(DocumentRule):
    code = "CIT009"
    name = "note-missing-year"
    severity = Severity.WARNING
    summary = "A note ends in a dangling comma where the year should be."
    explanation = (
        "The note stops right after a month and day (`Foreign Affairs, October 26,`) or inside "
        "the publication details (`(New York: Palgrave,`) with a comma where the year belongs. The "
        "year was cut off when the note was copied. Add the year (and whatever else followed it) "
        "from the original source."
    )
    flags = (
        """
        The truce held.1

        1 Thomas de Waal, “No Compromise in Sight,” Foreign Affairs, October 26,
        """,
        """
        The truce held.1

        1 Levon Chorbajian, The Making of Nagorno-Karabakh (New York: Palgrave,
        """,
    )
    passes = (
        """
        The truce held.1

        1 Thomas de Waal, “No Compromise in Sight,” Foreign Affairs, October 26, 2020.
        """,
    )

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        for note in facts.citations.notes:
            ending = _dangling_end(note)
            if ending and ending[0] == "missing-year":
                start = ending[1]
                end = len(note.body.rstrip())
                shown = note.body[start:end]
                if MONTH_DAY_WITHOUT_YEAR.search(shown):
                    what = f"the date “{shorten(shown, 40)}” has no year"
                else:
                    what = f"the publication details “{shorten(shown, 40)}” stop before the year"
                yield self.finding(
                    facts.path,
                    sub_span(note, start, end),
                    f"note {note.label} ends with a dangling comma where the year should be: {what}; "
                    "add it from the source",
                )


@register
class TruncatedNote(DocumentRule):
    code = "CIT010"
    name = "truncated-note"
    severity = Severity.WARNING
    summary = "A note is cut off: it ends in a dangling comma, mid-sentence or inside parentheses."
    explanation = (
        "The note does not end the way a reference ends: it stops on a comma after the date "
        "(where a URL or page numbers followed), on a word such as 'of' or 'the', in the middle of "
        "a hyphenated word, or with a parenthesis or quotation left open. The rest of the note "
        "was lost when it was copied. Complete it from the source. A comma where the year "
        "belongs is reported by CIT009 instead."
    )
    flags = (
        """
        The talks stalled.1

        1 David Batashvili, “Nikol Pashinyan’s Russian Problem,” Security Review, January 12, 2019,
        """,
        """
        The talks stalled.1

        1 David Batashvili, “Nikol Pashinyan’s Russian Problem,” published by the
        """,
    )
    passes = (
        """
        The talks stalled.1

        1 David Batashvili, “Nikol Pashinyan’s Russian Problem,” Security Review, January 12, 2019.
        """,
        """
        The talks stalled.1

        1 Interview with a high-ranking Turkish government official, November 19, 2020.
        """,
    )

    MESSAGES = {
        "comma": "ends in a dangling comma (“{shown}”): the rest of the reference (a URL, pages or a date) was cut off",
        "mid-word": "ends in the middle of a hyphenated word (“{shown}”): the rest was cut off",
        "mid-sentence": "ends mid-sentence on “{shown}”: the rest was cut off",
        "unclosed": "leaves a parenthesis open (“{shown}”): the rest was cut off",
        "unclosed-quote": "leaves a quotation open (“{shown}”): the rest was cut off",
    }

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        for note in facts.citations.notes:
            ending = _dangling_end(note)
            if not ending or ending[0] == "missing-year":
                continue
            kind, start = ending
            end = len(note.body.rstrip())
            shown = tail_of(note.body[:end]) if kind == "comma" else shorten(note.body[start:end].strip(), 40)
            yield self.finding(
                facts.path,
                sub_span(note, start, end),
                f"note {note.label} " + self.MESSAGES[kind].format(shown=shown) + "; complete it from the source",
            )


@register
class NoteMissingSource(DocumentRule):
    code = "CIT011"
    name = "note-missing-source"
    severity = Severity.WARNING
    summary = "A note gives a title with no author or source before it."
    explanation = (
        "A reference names who wrote or published what it cites. This note starts with stray "
        "punctuation where the author or outlet should be (`14, “Secret Talks…”`), or gives only "
        "a quoted title and a date with no author or outlet anywhere. The name was lost in "
        "copying. Add the author or the publishing outlet. Notes in the common "
        "“Title,” Outlet, Date form are fine."
    )
    flags = (
        """
        The envoys met in secret.1

        1, “Secret Talks between the Envoys,” September 24, 2020.
        """,
        """
        The envoys met in secret.1

        1 “Secret Talks between the Envoys,” September 24, 2020.
        """,
    )
    passes = (
        """
        The envoys met in secret.1

        1 “Secret Talks between the Envoys,” Ekho Kavkaza, September 24, 2020.
        """,
        """
        The envoys met in secret.1

        1 Interview with a high-ranking Turkish government official, November 19, 2020.
        """,
    )

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        for note in facts.citations.notes:
            body = note.body
            leading = LEADING_PUNCTUATION.match(body)
            if leading and body.strip(",;:. "):
                title = QUOTED_TITLE_ONLY.match(body[leading.end():])
                what = f" before the title “{shorten(title['title'], 30)}”" if title else ""
                yield self.finding(
                    facts.path,
                    sub_span(note, 0, leading.end()),
                    f"note {note.label} starts with “{body[0]}” where the author or source should be{what}; "
                    "add who wrote or published it",
                )
                continue
            title = QUOTED_TITLE_ONLY.match(body)
            if not title:
                continue
            if any(_complete_host(_host_of(url.group())) for url in SCHEME_URL.finditer(title["rest"])):
                continue  # the address names the publisher
            rest = DATE.sub("", title["rest"])
            rest = NOT_WORDS.sub(" ", rest)
            if not LETTER.search(rest):
                yield self.finding(
                    facts.path,
                    sub_span(note, 0, title.end("title") + 1),
                    f"note {note.label} gives only a title (“{shorten(title['title'], 40)}”) and a date: "
                    "no author or outlet; add who wrote or published it",
                )


# --- CIT012 ------------------------------------------------------------------------------


@register
class NotesOutsideDocument(DocumentRule):
    code = "CIT012"
    name = "notes-outside-document"
    severity = Severity.WARNING
    summary = "The text cites notes but the notes are not in the document."
    explanation = (
        "The document is full of note markers but contains no notes: they live somewhere else, "
        "typically behind a link such as 'Download footnotes here'. None of its citations can be "
        "checked, and they break as soon as the link does. Bring the notes into the document. "
        "This is reported once per document, with the number of unresolved markers, rather than "
        "once per marker."
    )
    flags = (
        """
        Turkey sent drones [1]. Israel sent others [2]. Russia sent none [3].

        Download footnotes here.
        """,
    )
    passes = (
        """
        Turkey sent drones [1]. Israel sent others [2]. Russia sent none [3].

        Notes
        [1] SIPRI Arms Transfers Database, 2021.
        [2] Ibid.
        [3] Ibid.
        """,
        """
        The ceasefire [remember, it was the third] held for [...] two days [sic].
        """,
    )

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        citations = facts.citations
        if citations.notes or not citations.markers:
            return
        markers = citations.markers
        numbers = [m.number for m in markers if m.number is not None]
        citing = f" citing notes {describe_numbers(numbers)}" if numbers else ""
        unresolved = f"{len(markers)} note marker{'s' if len(markers) != 1 else ''}{citing}"
        if citations.external_notes:
            yield self.finding(
                facts.path,
                citations.external_notes,
                f"{unresolved} have no notes in this document: the notes are kept outside it (this "
                "line points to them); bring the notes into the document so the citations can be checked",
                related=[related_marker(facts.path, markers[0], f"first marker {marker_text(markers[0])}")],
            )
        else:
            yield self.finding(
                facts.path,
                markers[0].span,
                f"{unresolved} have no notes in this document; add the notes",
            )
