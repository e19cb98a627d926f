"""What a document says about itself in its first lines: title, author, outlet,
date. Read only where the document gives them (a headline line, a byline, a
dateline, Markdown front matter); anything else stays empty and the report
shows the file name instead. Never guessed from the body."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

import regex

HEAD_LINES = 20
SHORT_LINE = 90  # a dateline or byline is short; a date inside the first paragraph is about something else
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
DATE = regex.compile(
    rf"\b(?:{MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTH}\s+\d{{4}}|(?:19|20)\d\d-[01]\d-[0-3]\d)\b"
)
BYLINE = regex.compile(r"^\s*(?:by|written\s+by)\s+(?P<who>[^()\n]{3,80}?)\s*(?:\((?P<where>[^)]*)\))?\s*$", regex.IGNORECASE)
NAME_LINE = regex.compile(r"^\p{Lu}[\p{L}.'’\-]+(?:\s+(?:\p{Lu}[\p{L}.'’\-]+|de|van|von|der|al-\p{L}+)){1,3}$")
BOILERPLATE = regex.compile(
    r"^(?:(?:facebook|instagram|twitter|youtube|linkedin|share|menu|subscribe|home|search|print|email|x)\b[\s|·•/]*)+$",
    regex.IGNORECASE,
)
FRONT_MATTER = regex.compile(r"\A---\n(?P<body>.*?)\n---\n", regex.DOTALL)
FIELD = regex.compile(r"^(?P<key>[A-Za-z_]+):\s*(?P<value>.+?)\s*$", regex.MULTILINE)
OUTLET_KEYS = ("outlet", "publication", "publisher", "source", "site")


@dataclass(frozen=True)
class DocumentInfo:
    path: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    date: str | None = None

    @property
    def file_name(self) -> str:
        return PurePosixPath(self.path.replace("\\", "/")).name

    @property
    def label(self) -> str:
        """The title when the document gives one, else the file name."""
        return self.title or self.file_name


def _unquote(value: str) -> str:
    return value.strip().strip("\"'").strip()


def read_info(path: str, text: str, markdown: bool) -> DocumentInfo:
    fields: dict[str, str] = {}
    front = FRONT_MATTER.match(text) if markdown else None
    if front:
        fields = {m["key"].lower(): _unquote(m["value"]) for m in FIELD.finditer(front["body"])}
        text = text[front.end():]
    lines = [line.strip() for line in text.split("\n")[:HEAD_LINES * 3] if line.strip()][:HEAD_LINES]
    title = fields.get("title")
    author = fields.get("author") or fields.get("authors")
    outlet = next((fields[k] for k in OUTLET_KEYS if fields.get(k)), None)
    date = fields.get("date")
    for index, line in enumerate(lines):
        if markdown and line.startswith("#"):
            heading = line.lstrip("#").strip()
            title = title or heading
            continue
        if BOILERPLATE.match(line):
            continue
        if title is None and index < 4 and len(line) <= 150 and len(line.split()) >= 2 and not line.endswith((".", ",", ";")):
            title = line
            continue
        byline = BYLINE.match(line)
        if byline:
            author = author or byline["who"].strip()
            if byline["where"] and outlet is None:
                outlet = regex.split(r",?\s+(?:Vol\.|No\.|\d)", byline["where"], maxsplit=1)[0].strip(" ,") or None
            continue
        if author is None and index < 8 and NAME_LINE.match(line) and line != title:
            author = line
            continue
        if date is None and len(line) <= SHORT_LINE:
            found = DATE.search(line)
            if found:
                date = found.group()
    return DocumentInfo(path, title, author, outlet, date)
