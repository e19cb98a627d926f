"""CIT013–CIT016: notes that point at other notes, within one document.

Every rule reads the works each note cites (facts.sources, from the note
parser) and never guesses: a note the parser did not understand is neither
flagged nor used as evidence against another note.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Iterator

import Levenshtein
import regex

from ..facts import DocumentFacts, Note
from ..facts.attributions import folded_words
from ..facts.sources import NoteParts
from ..findings import Finding, Related, Severity, Span
from ..patterns import search_ignoring_case
from .citations import shorten, sub_span
from .registry import DocumentRule, register

FULL_KINDS = ("book", "article", "web")
PARTICLES = frozenset({"de", "van", "von", "der", "den", "al", "el", "bin", "ibn", "la", "le", "du", "da", "di"})
LEADING_ARTICLE = frozenset({"the", "a", "an"})
SUBTITLE_BREAK = regex.compile(r"[:.?!]\s")
YEAR_WORD = regex.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
DAY_NUMBER = regex.compile(r"\b\d{1,2}\b")
FOUR_DIGITS = regex.compile(r"\b\d{4}\b")


# --- shared helpers ---------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)  # speakers, authors and titles repeat across a corpus
def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)
def surname(author: str) -> str:
    """'David D. Laitin' → 'laitin'; 'Thomas de Waal' → 'de waal'; 'Eurasianet' → 'eurasianet'."""
    tokens = fold(author).replace("’", "'").split()
    kept = tokens[-1:]
    for token in reversed(tokens[:-1]):
        if token not in PARTICLES:
            break
        kept.insert(0, token)
    return " ".join(kept).strip(".,")


def surnames(work: NoteParts) -> tuple[str, ...]:
    return tuple(surname(a) for a in work.authors)


@lru_cache(maxsize=1 << 16)
def title_words(title: str | None, main_only: bool = False) -> tuple[str, ...]:
    """Folded words of a title; `main_only` stops at the subtitle (after a colon or a full stop)."""
    if not title:
        return ()
    if main_only:
        title = SUBTITLE_BREAK.split(title + " ", maxsplit=1)[0]
    words = folded_words(title)
    return words[1:] if words and words[0] in LEADING_ARTICLE and len(words) > 1 else words


def same_author(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Every surname of the short form is one of the full note's ("Laitin and Suny" in
    "David D. Laitin and Ronald Grigor Suny"). One letter's difference is tolerated
    (Libaridian/Labaridian: that spelling is the names rules' finding, not this one's)."""
    if not short or not full:
        return False
    return all(any(a == b or (min(len(a), len(b)) >= 5 and _one_edit(a, b)) for b in full) for a in short)


def _one_edit(a: str, b: str) -> bool:
    """A typo's distance: one edit, or two in a long name (Hayward/Hayword is one)."""
    return Levenshtein.distance(a, b) <= (2 if min(len(a), len(b)) >= 9 else 1)


def written_out(work: NoteParts) -> str:
    """A cited work's details in one line, its pages left out: how one version of a
    source reads (citations of one version differ in their pages)."""
    title = work.title and (work.title if work.kind == "book" else f"“{work.title}”")
    numbers = ", ".join(part for part in (work.volume and f"vol. {work.volume}", work.issue and f"no. {work.issue}") if part)
    return ", ".join(part for part in (" and ".join(work.authors), title, work.container, numbers, work.date, work.url)
                     if part)


def describe_work(work: NoteParts) -> str:
    who = " and ".join(work.authors[:2]) + (" et al." if len(work.authors) > 2 else "")
    if work.title:  # a book's title is italic in print, an article's quoted
        title = shorten(work.title, 50) if work.kind == "book" else f"“{shorten(work.title, 50)}”"
    else:
        title = shorten(work.url, 50) if work.url else ""
    return ", ".join(part for part in (who, title) if part)


def locate(note: Note, pattern: str) -> Span:
    """The span of the first match of `pattern` (literal words, see flexible) in the note,
    case ignored (whitespace in the body may be a wrapped line), or of the whole body
    when it is not found."""
    match = search_ignoring_case(pattern, note.body)
    if match:
        return sub_span(note, match.start(), match.end())
    body = note.body.rstrip()
    return sub_span(note, len(body) - len(body.lstrip()), len(body))


def flexible(text: str) -> str:
    """A pattern for `text` that lets any run of whitespace (a wrapped line) stand for a space."""
    return r"\s+".join(regex.escape(word) for word in text.split())


def locate_work(note: Note, work: NoteParts) -> Span:
    """The work's citation in the note: from its first author to the end of its title."""
    if work.authors and work.title:
        return locate(note, flexible(work.authors[0]) + r"[\s\S]{0,200}?" + flexible(work.title) + r"[,.]?[”\"]?")
    if work.title:
        return locate(note, flexible(work.title))
    if work.authors:
        return locate(note, flexible(work.authors[0]))
    return locate(note, r"\S[\s\S]*\S")


def related_note(path: str, note: Note, message: str) -> Related:
    return Related(path, note.label_span.line, note.label_span.column, message)


def note_works(facts: DocumentFacts) -> list[tuple[Note, tuple[NoteParts, ...]]]:
    return list(zip(facts.citations.notes, facts.sources))


# --- CIT013 ------------------------------------------------------------------------------


@register
class IbidWithoutAntecedent(DocumentRule):
    code = "CIT013"
    name = "ibid-without-antecedent"
    severity = Severity.WARNING
    summary = "An Ibid. note has no single work before it to repeat."
    explanation = (
        "“Ibid.” means “the work cited in the note just before”. It cannot open the notes, and "
        "after a note that cites several works it does not say which one. Replace it with the "
        "author and title (a short form is enough). A chain of Ibid. notes after a note citing "
        "one work is correct, and a note the parser cannot read is never held against it."
    )
    flags = (
        """
        The region was resettled.1 Its population changed.2

        1 Ibid., 45.
        2 Farid Shafiyev, Resettling the Borderlands (Montreal: McGill-Queen’s University Press, 2018), 64.
        """,
        """
        Autonomy was granted.1 It was contested.2

        1 Arsene Saparov, “Why Autonomy?,” Europe-Asia Studies 64:2 (2012): 281-323. Jamil Hasanli, The Sovietization of Azerbaijan (Salt Lake City: University of Utah Press, 2018), 117.
        2 Ibid., 120.
        """,
    )
    passes = (
        """
        The region was resettled.1 Its population changed.2 It grew.3

        1 Farid Shafiyev, Resettling the Borderlands (Montreal: McGill-Queen’s University Press, 2018), 64.
        2 Ibid., 70.
        3 Ibid.
        """,
        """
        The archive says so.1 It also says this.2

        1 Rossiyskiy Gosudarstvenniy Arkhiv (RGASPI), f. 64, op.1, d. 215, 122.
        2 Ibid., 123.
        """,
    )

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        previous: tuple[Note, tuple[NoteParts, ...]] | None = None
        for note, works in note_works(facts):
            is_ibid = bool(works) and works[0].kind == "ibid"
            if is_ibid and previous is None:
                yield self.finding(
                    facts.path, locate(note, r"\bibid\b\.?"),
                    f"“Ibid.” in note {note.label} opens the notes: there is no earlier note for it to repeat; "
                    "give the author and title",
                )
            elif is_ibid and previous is not None:
                earlier_note, earlier_works = previous
                cited = [w for w in earlier_works if w.kind in (*FULL_KINDS, "short")]
                if len(cited) >= 2:
                    listed = "; ".join(describe_work(w) for w in cited[:3])
                    yield self.finding(
                        facts.path, locate(note, r"\bibid\b\.?"),
                        f"“Ibid.” in note {note.label} follows note {earlier_note.label}, which cites {len(cited)} works "
                        f"({listed}): say which one",
                        [related_note(facts.path, earlier_note, f"note {earlier_note.label} cites {len(cited)} works")],
                    )
            if is_ibid and previous is not None:
                continue  # an Ibid. chain keeps pointing at the same antecedent
            previous = (note, works)


# --- CIT014 ------------------------------------------------------------------------------


def _resolves(short: NoteParts, full: NoteParts) -> bool:
    if not same_author(surnames(short), surnames(full)):
        return False
    if not short.title:
        return True  # "Smith, op. cit., 12.": any earlier work by Smith
    wanted, given = title_words(short.title), title_words(full.title)
    return bool(wanted) and given[: len(wanted)] == wanted


def _mentions(note: Note, short: NoteParts) -> bool:
    """The earlier note's raw text names the short form's authors and title, even
    though the parser did not read it as a work: then the short form resolves."""
    body = fold(" ".join(note.body.split()))
    words = " ".join(title_words(short.title))
    return all(name in body for name in surnames(short)) and (
        not words or words in " ".join(folded_words(note.body))
    )


@register
class ShortFormUnresolved(DocumentRule):
    code = "CIT014"
    name = "short-form-unresolved"
    severity = Severity.WARNING
    summary = "A short-form note or op. cit. has no full note before it, or matches two works."
    explanation = (
        "A short form (`Laitin and Suny, “Armenia and Azerbaijan,” 147.`) or `op. cit.` stands for a "
        "work given in full in an earlier note: same author(s), a title that starts the same way. "
        "With no such note the reader cannot find the work; with two, they cannot tell which one "
        "is meant. Give the full reference at first mention, or lengthen the short title until it "
        "names one work. A document whose notes never give a work in full is citing a "
        "bibliography kept elsewhere; its short forms are not judged."
    )
    flags = (
        """
        The book is cited.1 Scholars disagree.2

        1 Thomas de Waal, Black Garden (New York: NYU Press, 2003), 45.
        2 Laitin and Suny, “Armenia and Azerbaijan,” 147.
        """,
        """
        Scholars disagree.1 They said so twice.2 And again.3

        1 Thomas de Waal, Black Garden (New York: NYU Press, 2003), 45.
        2 Thomas de Waal, The Caucasus: An Introduction (Oxford: Oxford University Press, 2010), 12.
        3 De Waal, op. cit., 50.
        """,
    )
    passes = (
        """
        Scholars disagree.1 They say so again.2

        1 David D. Laitin and Ronald Grigor Suny, “Armenia and Azerbaijan: Thinking a Way Out of Karabakh,” Middle East Policy 7:1 (October 1999), 166.
        2 Laitin and Suny, “Armenia and Azerbaijan,” 147.
        """,
        """
        Scholars disagree.1 They say so again.2

        1 Thomas de Waal, Black Garden (New York: NYU Press, 2003), 45.
        2 De Waal, op. cit., 50.
        """,
    )

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        entries = note_works(facts)
        if not any(w.kind in FULL_KINDS and w.authors and w.title for _, ws in entries for w in ws):
            return  # short forms only: the full references are in a bibliography kept elsewhere
        for index, (note, works) in enumerate(entries):
            for short in works:
                if short.kind != "short" or not short.authors:
                    continue
                earlier = [(n, w) for n, ws in entries[:index] for w in ws if w.kind in FULL_KINDS and _resolves(short, w)]
                distinct = {title_words(w.title) for _, w in earlier}
                span = locate_work(note, short)
                name = describe_work(short) if short.title else f"{' and '.join(short.authors)}, op. cit."
                if not earlier:
                    if any(_mentions(n, short) for n, _ in entries[:index]):
                        continue
                    later = next((n for n, ws in entries[index + 1 :] for w in ws
                                  if w.kind in FULL_KINDS and _resolves(short, w)), None)
                    where = f"; the full reference comes later, in note {later.label}: move it here" if later else \
                        "; give the full reference (author, title, publisher or journal, year) at its first mention"
                    related = [related_note(facts.path, later, "the full reference")] if later else []
                    yield self.finding(
                        facts.path, span,
                        f"short form {name} in note {note.label} has no full note before it{where}", related,
                    )
                elif len(distinct) >= 2:
                    choices = {}
                    for n, w in earlier:
                        choices.setdefault(title_words(w.title), (n, w))
                    listed = "; ".join(f"note {n.label}: {describe_work(w)}" for n, w in choices.values())
                    yield self.finding(
                        facts.path, span,
                        f"short form {name} in note {note.label} matches {len(choices)} different works ({listed}); "
                        + ("lengthen the short title so it names one" if short.title else
                           "replace op. cit. with the short title of the work meant"),
                        [related_note(facts.path, n, describe_work(w)) for n, w in choices.values()],
                    )


# --- CIT015 ------------------------------------------------------------------------------


def _year(date: str | None) -> str | None:
    match = YEAR_WORD.search(date or "")
    return match.group() if match else None


def _day_precise(date: str | None) -> bool:
    return bool(date) and bool(DAY_NUMBER.search(FOUR_DIGITS.sub("", date)))


def _container_key(container: str | None) -> str:
    words = [w for w in folded_words(container or "") if w not in LEADING_ARTICLE]
    return "".join(words)


def detail_conflicts(first: NoteParts, second: NoteParts) -> list[tuple[str, str, str]]:
    """(what, first's value, second's value) for each detail two citations of one work
    give differently. A detail one of them leaves out is not a conflict, and a date given
    to the day agrees with the same date given as a year."""
    conflicts = []
    year_a, year_b = _year(first.date), _year(second.date)
    if year_a and year_b and year_a != year_b:
        conflicts.append(("year", first.date, second.date))
    elif _day_precise(first.date) and _day_precise(second.date) and first.date != second.date:
        if folded_words(first.date) != folded_words(second.date):
            conflicts.append(("date", first.date, second.date))
    a, b = _container_key(first.container), _container_key(second.container)
    if a and b and a not in b and b not in a:
        what = "publisher" if first.kind == "book" and second.kind == "book" else "journal or outlet"
        conflicts.append((what, first.container, second.container))
    for what in ("volume", "issue"):
        x, y = getattr(first, what), getattr(second, what)
        if x and y and x != y:
            conflicts.append((what, x, y))
    return conflicts


def work_key(work: NoteParts) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """Same author(s) and same main title: the same work."""
    words = title_words(work.title, main_only=True)
    if work.kind not in FULL_KINDS or not work.authors or not words:
        return None
    return frozenset(surnames(work)), words


@register
class WorkCitedInconsistently(DocumentRule):
    code = "CIT015"
    name = "work-cited-inconsistently"
    severity = Severity.WARNING
    summary = "Two notes cite the same work with a different year, date, journal, volume or publisher."
    explanation = (
        "When a document cites one work (same author and title) in two full notes, the details "
        "must agree: one of the two is wrong. The finding names both values; check the work and "
        "correct the other note. A detail that one note leaves out, or a date that one note gives "
        "to the day and the other as a year, is not a conflict. A spelling variant of the author "
        "is the names rules' finding, not this one's."
    )
    flags = (
        """
        The worldview is analysed.1 It is analysed again.2

        1 David Batashvili, “Nikol Pashinyan’s Russian Problem,” Security Review, January 12, 2019.
        2 David Batashvili, “Nikol Pashinyan’s Russian Problem,” Security Review, 2020.
        """,
        """
        The book says so.1 It says so again.2

        1 Thomas de Waal, Black Garden (New York: NYU Press, 2003), 45.
        2 Thomas de Waal, Black Garden (London: Zed Books, 2003), 60.
        """,
    )
    passes = (
        """
        The worldview is analysed.1 It is analysed again.2

        1 David Batashvili, “Nikol Pashinyan’s Russian Problem,” Security Review, January 12, 2019.
        2 David Batashvili, “Nikol Pashinyan’s Russian Problem,” Security Review, 2019, https://www.gfsis.org/x.
        """,
        """
        Two works by one author.1 Another.2

        1 Thomas de Waal, Black Garden (New York: NYU Press, 2003), 45.
        2 Thomas de Waal, The Caucasus: An Introduction (Oxford: Oxford University Press, 2010), 12.
        """,
    )

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        first_seen: dict[tuple, tuple[Note, NoteParts]] = {}
        for note, works in note_works(facts):
            for work in works:
                key = work_key(work)
                if key is None:
                    continue
                if key not in first_seen:
                    first_seen[key] = (note, work)
                    continue
                earlier_note, earlier = first_seen[key]
                conflicts = detail_conflicts(earlier, work)
                if not conflicts:
                    continue
                said = "; ".join(f"{what} {b} here, {a} in note {earlier_note.label}" for what, a, b in conflicts)
                value = conflicts[0][2]
                yield self.finding(
                    facts.path, locate(note, flexible(value)) if value else locate_work(note, work),
                    f"note {note.label} cites {describe_work(work)} with {said}; check the work and make the notes agree",
                    [related_note(facts.path, earlier_note, f"note {earlier_note.label}: " + ", ".join(
                        f"{what} {a}" for what, a, _ in conflicts))],
                )


# --- CIT016 ------------------------------------------------------------------------------


@register
class PointerToMissingNote(DocumentRule):
    code = "CIT016"
    name = "pointer-to-missing-note"
    severity = Severity.ERROR
    summary = "Text points at a note or section that does not exist (“see note 12”)."
    explanation = (
        "A cross-reference such as `see note 12`, `as discussed in note 5` or `(see section 3)` "
        "must lead somewhere. The document has no note (or numbered section) with that number: "
        "the notes were renumbered or the pointer has a typo. Point at the right note. Section "
        "pointers are checked only in documents whose headings are numbered. In a document "
        "without notes only `see note N` is judged: `in note 3` there speaks of another text."
    )
    flags = (
        """
        As discussed in note 5, the truce held.1

        1 Interview with a Turkish official, November 19, 2020.
        """,
        """
        1. Background

        The war began in 2020 (see section 4).

        2. Outcome

        It ended.
        """,
    )
    passes = (
        """
        The truce held (see note 1).1

        1 Interview with a Turkish official, November 19, 2020.
        """,
        """
        The war began in 2020 (see section 4).
        """,
    )

    def check(self, facts: DocumentFacts, context) -> Iterator[Finding]:
        notes = {str(n.number) for n in facts.citations.notes if n.number is not None}
        notes |= {n.label for n in facts.citations.notes}
        sections = set(facts.section_numbers)
        for pointer in facts.pointers:
            if not notes and not pointer.directive:
                continue  # "in note 3" in a document with no notes speaks of another document's
            if pointer.kind == "note" and pointer.target not in notes:
                have = f"its notes run {_range(notes)}" if notes else "it has no notes"
                yield self.finding(
                    facts.path, pointer.span,
                    f"points at note {pointer.target}, but {have}; point at the note meant",
                )
            elif pointer.kind == "section" and sections and pointer.target not in sections:
                yield self.finding(
                    facts.path, pointer.span,
                    f"points at section {pointer.target}, but the numbered sections are "
                    f"{', '.join(sorted(sections, key=_number_key))}; point at the section meant",
                )


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def _range(labels: set[str]) -> str:
    numbers = sorted(int(label) for label in labels if label.isdigit())
    if not numbers:
        return ", ".join(sorted(labels))
    return f"{numbers[0]}–{numbers[-1]}" if numbers[-1] - numbers[0] + 1 == len(numbers) else \
        ", ".join(str(n) for n in numbers)
