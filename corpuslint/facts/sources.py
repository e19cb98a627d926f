"""A note's body in parts: authors, title, container, volume and issue, date,
pages, URL (issue 5, first part: the parser; the cross-reference rules come next).

Real notes mix styles (Chicago books and articles, news items with a URL,
short forms, Ibid.), so the parser reads what it recognises and leaves the
rest empty; a note it cannot read at all gets kind "unknown", never a guess.

    Author, Title (Place: Publisher, 2018), 64-108.                      book
    Author, “Title,” Journal 32:2 (2012): 139-175.                       article
    Author, “Title,” Outlet, October 26, 2020, https://…                 news
    Laitin and Suny, “Armenia and Azerbaijan,” 147.                       short form
    Ibid., 45.                                                            ibid
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import regex

from ..patterns import SPACE_RUN

# "For a thorough analysis of Pashinyan’s worldview, see …", "Cited in …": the
# lead-in before the work. "For more on Erdoğan … see, M. Hakan Yavuz, …" too.
PREFIX = regex.compile(
    r"^(?:and\s+|also\s+)?(?:(?:(?:for|on)\b[^,“\"]{0,120}?,?\s*)?(?:see(?:\s+also)?,?|compare|cf\.)"
    r"|(?:as\s+)?(?:cited|quoted)\s+in)\s+|^(?:and|also)\s+(?=\p{Lu})",
    regex.IGNORECASE,
)
IBID = regex.compile(r"^ibid\.?(?:,?\s*(?:pp?\.\s*)?(?P<pages>\d+(?:\s*[-–]\s*\d+)?))?\.?\s*$", regex.IGNORECASE)
OP_CIT = regex.compile(r"\bop\.\s*cit\.?", regex.IGNORECASE)
URL = regex.compile(r"https?://\S+[^\s.,;)\]]")
QUOTED_TITLE = regex.compile(r"[“\"](?P<title>[^”\"]{3,}?)[,.]?[”\"]")
YEAR = regex.compile(r"(?<![\d/])(?:1[5-9]\d\d|20\d\d)(?![\d/])")
MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
DATE = regex.compile(rf"(?:{MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTHS}\s+\d{{4}}|{MONTHS}\s+\d{{4}}|(?<![\d/])(?:1[5-9]|20)\d\d(?![\d/]))")
PAGES = regex.compile(r"(?:(?<=[:,”\"]\s*)|\bpp?\.\s*)(?P<pages>\d{1,4}(?:\s*[-–]\s*\d{1,4})?)\s*\.?\s*$")
VOLUME = regex.compile(r"\bvol(?:ume)?\.?\s*(?P<volume>\d+)", regex.IGNORECASE)
ISSUE = regex.compile(r"\bno\.?\s*(?P<issue>\d+)", regex.IGNORECASE)
VOLUME_ISSUE = regex.compile(r"\b(?P<volume>\d{1,3})\s*[:(]\s*(?P<issue>\d{1,2})\)?(?=\s*\()")
PUBLISHER = regex.compile(r"\((?P<place>[^():]+):\s*(?P<publisher>[^(),]+?),\s*(?P<year>\d{4})\)")
# "Shafiyev, Resettling the Borderlands, 70.": surname, bare title, page.
SHORT_BOOK = regex.compile(r"^(?P<title>\p{Lu}[^,()“”\"\d]{2,120}?),\s*(?:pp?\.\s*)?(?P<pages>\d{1,4}(?:\s*[-–]\s*\d{1,4})?)\.?$")
SENTENCE_ADVERBS = {
    "however", "moreover", "thus", "hence", "indeed", "instead", "still", "yet", "meanwhile", "finally",
    "furthermore", "nevertheless", "therefore", "also", "first", "second", "third", "again", "similarly",
    "likewise", "accordingly", "consequently", "otherwise", "today", "later", "earlier", "here", "there",
}
NAME = r"(?:\p{Lu}[\p{L}'’\-]*\.?(?:\s+(?:de|van|von|der|al-|bin|la|le)?\s*\p{Lu}[\p{L}'’\-]*\.?){0,3})"
AUTHORS = regex.compile(rf"^(?P<authors>{NAME}(?:(?:,\s*|\s+and\s+|,\s+and\s+){NAME}){{0,5}})(?:,?\s*et\s+al\.)?,\s*")
AUTHOR_SEPARATOR = regex.compile(r",\s*and\s+|\s+and\s+|,\s*")
COMMA_CHUNK = regex.compile(r"[^,]+")
COMMA_AFTER = regex.compile(r",\s*")
YEAR_START = regex.compile(r"(?:1[5-9]|20)\d\d\b")
CONTAINER = regex.compile(r"\s*[,.]?\s*(?P<c>[^\d(,:]+?)(?=\s*(?:,|\(|\d|vol|no\.|:|$))", regex.IGNORECASE)
MONTH_NAME = regex.compile(MONTHS)


@dataclass(frozen=True, slots=True)
class NoteParts:
    kind: str  # ibid | short | book | article | web | unknown
    authors: tuple[str, ...] = ()
    title: str | None = None
    container: str | None = None  # journal, outlet or publisher
    volume: str | None = None
    issue: str | None = None
    date: str | None = None
    pages: str | None = None
    url: str | None = None

    @property
    def completeness(self) -> str:
        """full: who, what, where and when; partly: some of it; none: nothing recognised."""
        if self.kind == "ibid":
            return "full"
        found = [bool(self.authors), bool(self.title), bool(self.container or self.url), bool(self.date)]
        if all(found) or (self.kind == "short" and found[0] and found[1]):
            return "full"
        return "partly" if any(found) else "none"

    def to_row(self) -> list:
        """The fields in declaration order (the cache's form, as Figure.to_row)."""
        row = [getattr(self, name) for name in NOTE_PARTS_FIELDS]
        row[1] = list(self.authors)
        return row

    @classmethod
    def from_row(cls, row: list) -> "NoteParts":
        if len(row) != len(NOTE_PARTS_FIELDS):
            raise ValueError(f"a cited work has {len(NOTE_PARTS_FIELDS)} fields, not {len(row)}")
        return cls(sys.intern(row[0]), tuple(map(sys.intern, row[1])), *row[2:])


NOTE_PARTS_FIELDS = tuple(NoteParts.__dataclass_fields__)
assert NOTE_PARTS_FIELDS[:2] == ("kind", "authors")  # the positions to_row and from_row convert


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = SPACE_RUN.sub(" ", text).strip(" ,.;:")
    return text or None


def _authors(text: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in AUTHOR_SEPARATOR.split(text) if a.strip())


def _author_list_end(match: regex.Match) -> int:
    """Where the author list really ends. A list of several names ends with
    "and Name" ("A, B, and C"); in "Tadeusz Swietochowski, Russian Azerbaijan,
    1905-1920 …" the second capitalised chunk is the title, not an author."""
    text = match["authors"]
    chunks = list(COMMA_CHUNK.finditer(text))
    if len(chunks) == 1 or chunks[-1].group().strip().startswith("and "):
        return match.end()
    last_and = max((i for i, c in enumerate(chunks) if c.group().strip().startswith("and ")), default=0)
    end = match.start("authors") + chunks[last_and].end()
    return end + len(COMMA_AFTER.match(match.string[end:]).group())


def parse_note(body: str) -> NoteParts:
    text = SPACE_RUN.sub(" ", body).strip()
    text = PREFIX.sub("", text)
    ibid = IBID.match(text)
    if ibid:
        return NoteParts("ibid", pages=ibid["pages"])
    url_match = URL.search(text)
    url = url_match.group() if url_match else None
    head = text[: url_match.start()] if url_match else text
    pages_match = PAGES.search(head)
    authors_match = AUTHORS.match(head)
    authors_end = _author_list_end(authors_match) if authors_match else 0
    authors = _authors(head[: min(authors_end, authors_match.end("authors"))]) if authors_match else ()
    after_authors = head[authors_end:]
    if len(authors) == 1 and " " not in authors[0] and (
        authors[0].casefold() in SENTENCE_ADVERBS
        or not (QUOTED_TITLE.match(after_authors) or OP_CIT.match(after_authors) or SHORT_BOOK.match(after_authors))
    ):
        # One word before a comma is an author ("Eurasianet, “…”", "Shafiyev,
        # Resettling, 70.") only when a title or op. cit. follows: "Moreover,
        # the Treaty of Kars …" is prose.
        authors, authors_end = (), 0
    rest = head[authors_end:]
    short_book = SHORT_BOOK.match(rest) if authors else None
    if short_book and not YEAR_START.match(short_book["pages"]):  # "Russian Azerbaijan, 1905-1920": years  # a book's short form: its title is italic in print, bare here
        return NoteParts("short", authors, _clean(short_book["title"]), pages=short_book["pages"])
    quoted = QUOTED_TITLE.search(rest)
    if quoted and quoted.start() <= 2:
        title = quoted["title"]
        after = rest[quoted.end():]
    elif authors and "(" in rest and PUBLISHER.search(rest):
        title = rest[: rest.index("(")]
        after = rest[rest.index("("):]
    else:
        title, after = None, rest
    publisher = PUBLISHER.search(after)
    dates = DATE.findall(after) or DATE.findall(head)
    date = _clean(dates[-1]) if dates else None
    volume = VOLUME.search(after) or VOLUME_ISSUE.search(after)
    issue = ISSUE.search(after) or VOLUME_ISSUE.search(after)
    pages = pages_match["pages"] if pages_match and (title or authors) else None
    if pages and date and date.endswith(pages):
        pages = None  # "October 2, 2020.": the year, not a page
    if publisher:
        container, kind = publisher["publisher"], "book"
    else:
        # The journal or outlet: the words after the title, up to a number, date or bracket.
        candidate = CONTAINER.match(after)
        container = _clean(candidate["c"]) if candidate else None
        if container and (DATE.fullmatch(container) or MONTH_NAME.fullmatch(container) or len(container) < 3):
            container = None
        kind = "article" if (volume or issue) else "web" if url else "article" if container and date else "unknown"
    if title and not container and not date and not url and (pages or OP_CIT.search(text)) and authors:
        kind = "short"
    if OP_CIT.search(text) and authors:  # "Smith, op. cit., 12.": the work cited before
        return NoteParts("short", authors, _clean(title), None, None, None, None, pages)
    if not (authors or title or url):
        return NoteParts("unknown")
    if kind == "unknown" and (authors and title):
        kind = "article" if container else "book" if date else "short" if pages else "unknown"
    return NoteParts(kind, authors, _clean(title), _clean(container), volume["volume"] if volume else None,
                     issue["issue"] if issue else None, date, pages, url)


CITED_KINDS = ("book", "article", "web", "short", "ibid")
# A sentence end inside a note: "." or ";" then a capital or an opening quote;
# or a comma before "See" ("… a diplomatic war, See Gerard Labaridian, “Step…”").
# "…, 77; and Carolina Fuentes, “…”": a second work after "; and".
SENTENCE_END = regex.compile(r"(?:[.;]|,(?=\s+See\s))(?=\s+(?:[\p{Lu}“\"]))|;(?=\s+(?:and|also|see|cf\.)\s+[\p{Lu}“\"])")
# Abbreviations a note's full stop may belong to: initials, vol., no., pp., eds., months.
ABBREVIATION = regex.compile(
    r"(?:^|[\s(])(?:\p{Lu}|vol|no|pp?|eds?|trans|ibid|op|cit|al|cf|St|Dr|Mr|Mrs|Ms|Jr|Sr|Prof|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|U\.S|U\.K)$",
    regex.IGNORECASE,
)
QUOTE_OR_SENTENCE_END = regex.compile(r"[“”]|" + SENTENCE_END.pattern)


def _sentences(text: str) -> list[str]:
    """A note's sentences, never broken inside a quoted title or after an abbreviation."""
    pieces, start, depth = [], 0, 0
    for mark in QUOTE_OR_SENTENCE_END.finditer(text):
        if mark.group() == "“":
            depth += 1
        elif mark.group() == "”":
            depth = max(depth - 1, 0)
        elif depth == 0 and not ABBREVIATION.search(text[start:mark.start()]):
            pieces.append(text[start:mark.end()])
            start = mark.end()
    pieces.append(text[start:])
    return [p.strip().rstrip(";,").strip() for p in pieces if p.strip(" ;,")]


def parse_works(body: str) -> tuple[NoteParts, ...]:
    """Every work a note cites, in order; commentary around them is left out.

    A note may cite several works ("Saparov, “Why Autonomy?,” … 281-323. Jamil
    Hasanli, The Sovietization …") or wrap one in commentary. A sentence that
    continues a work begun before it (a book title broken at a full stop:
    "Russian Azerbaijan, 1905-1920. The Shaping of …") is joined to it."""
    text = SPACE_RUN.sub(" ", body).strip()
    works: list[tuple[str, NoteParts]] = []
    for sentence in _sentences(text):
        parts = parse_note(sentence)
        if works and parts.kind not in CITED_KINDS:
            previous_text, previous = works[-1]
            if previous.kind != "short" and previous.authors and not (
                previous.title and (previous.date or previous.container or previous.url)
            ):
                works[-1] = (joined := previous_text + " " + sentence, parse_note(joined))
                continue
        works.append((sentence, parts))
    return tuple(parts for _, parts in works if parts.kind in CITED_KINDS)


def completeness(works: tuple[NoteParts, ...]) -> str:
    """How well a note was read: full when a work in it was read fully."""
    if not works:
        return "none"
    return "full" if any(w.completeness == "full" for w in works) else "partly"
