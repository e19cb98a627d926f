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

from dataclasses import asdict, dataclass

import regex

PREFIX = regex.compile(
    r"^(?:(?:for\s+(?:more\s+)?(?:details|a\s+[\w\s]+?),\s*)?see(?:\s+also)?|cited\s+in|quoted\s+in|as\s+cited\s+in|cf\.)\s+",
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
NAME = r"(?:\p{Lu}[\p{L}'’\-]*\.?(?:\s+(?:de|van|von|der|al-|bin|la|le)?\s*\p{Lu}[\p{L}'’\-]*\.?){0,3})"
AUTHORS = regex.compile(rf"^(?P<authors>{NAME}(?:(?:,\s*|\s+and\s+|,\s+and\s+){NAME}){{0,5}}),\s*(?:et\s+al\.,\s*)?")


@dataclass(frozen=True)
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

    def to_dict(self) -> dict:
        data = asdict(self)
        data["authors"] = list(self.authors)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "NoteParts":
        return cls(**{**data, "authors": tuple(data["authors"])})


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = regex.sub(r"\s+", " ", text).strip(" ,.;:")
    return text or None


def _authors(text: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in regex.split(r",\s*and\s+|\s+and\s+|,\s*", text) if a.strip())


def parse_note(body: str) -> NoteParts:
    text = regex.sub(r"\s+", " ", body).strip()
    text = PREFIX.sub("", text)
    ibid = IBID.match(text)
    if ibid:
        return NoteParts("ibid", pages=ibid["pages"])
    url_match = URL.search(text)
    url = url_match.group() if url_match else None
    head = text[: url_match.start()] if url_match else text
    pages_match = PAGES.search(head)
    authors_match = AUTHORS.match(head)
    authors = _authors(authors_match["authors"]) if authors_match else ()
    rest = head[authors_match.end():] if authors_match else head
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
        candidate = regex.match(r"\s*[,.]?\s*(?P<c>[^\d(,:]+?)(?=\s*(?:,|\(|\d|vol|no\.|:|$))", after, regex.IGNORECASE)
        container = _clean(candidate["c"]) if candidate else None
        if container and (DATE.fullmatch(container) or regex.fullmatch(MONTHS, container) or len(container) < 3):
            container = None
        kind = "article" if (volume or issue) else "web" if url else "article" if container and date else "unknown"
    if title and not container and not date and not url and (pages or OP_CIT.search(text)) and authors:
        kind = "short"
    if OP_CIT.search(text) and authors:  # "Smith, op. cit., 12.": the work cited before
        return NoteParts("short", authors, _clean(title), None, None, None, None, pages)
    if not (authors or title or url):
        return NoteParts("unknown")
    if kind == "unknown" and (authors and title):
        kind = "article" if container else "short" if pages else "unknown"
    return NoteParts(kind, authors, _clean(title), _clean(container), volume["volume"] if volume else None,
                     issue["issue"] if issue else None, date, pages, url)
