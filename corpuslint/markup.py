"""Markup is turned into prose before any rule looks at it (as Vale does).

`prose_view` returns a copy of the document text of the same length in which
everything that is not prose is blanked with spaces (newlines kept): code
spans and blocks, link destinations, link reference definitions, autolinks,
bare URLs and HTML comments. Extractors scan the view and slice the original
text with the same offsets, so nothing downstream needs to know about markup.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .documents import Document
from .patterns import matches_at, occurrences

BARE_URL = regex.compile(r"\b(?:https?|ftp)://[^\s<>\"“”‘’]+|\bwww\.[^\s<>\"“”‘’]+", regex.IGNORECASE)
WWW = regex.compile(r"www\.", regex.IGNORECASE)  # a literal: found at once, where BARE_URL is tried at every character
FENCE_OPEN = regex.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[^`\n]*$")
INLINE_CODE = regex.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<body>.+?)(?<!`)(?P=ticks)(?!`)", regex.DOTALL)
LINK_DESTINATION = regex.compile(r"\]\((?P<dest>[^)\s]*(?:\s+\"[^\"]*\")?)\)")
AUTOLINK = regex.compile(r"<(?:https?|ftp|mailto):[^>\s]+>", regex.IGNORECASE)
HTML_COMMENT = regex.compile(r"<!--.*?-->", regex.DOTALL)
# [label]: destination — a Markdown link reference definition. Footnote
# definitions ([^label]: body) are not link definitions and are excluded.
LINK_DEFINITION = regex.compile(r"^ {0,3}\[(?P<label>[^\]^][^\]]*)\]:[ \t]+(?P<dest>\S+).*$", regex.MULTILINE)
FOOTNOTE_DEFINITION = regex.compile(r"^ {0,3}\[\^[^\]\s]+\]:")
LIST_ITEM = regex.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])\s")


@dataclass
class ProseView:
    text: str  # same length as the document text; non-prose blanked
    link_labels: frozenset[str]  # Markdown link reference labels, lower-cased


def _blank(chars: list[str], start: int, end: int) -> None:
    for index in range(start, end):
        if chars[index] != "\n":
            chars[index] = " "


def _markdown_blocks(text: str, chars: list[str]) -> None:
    """Blank fenced and indented code blocks, line by line."""
    offset = 0
    fence: str | None = None
    previous_blank = True
    in_container = False  # inside a footnote definition or list item, indented lines continue it
    in_code = False  # inside an indented code block
    for line in text.split("\n"):
        end = offset + len(line)
        stripped = line.strip()
        indented = line.startswith(("    ", "\t"))
        if fence is not None:
            _blank(chars, offset, end)
            if stripped.startswith(fence[0] * len(fence)) and set(stripped) <= {fence[0]}:
                fence = None
        else:
            opening = FENCE_OPEN.match(line)
            if stripped and not indented:
                in_code = False
            if opening and not in_code:
                fence = opening["fence"]
                _blank(chars, offset, end)
            elif stripped and indented and (in_code or (previous_blank and not in_container)):
                in_code = True
                _blank(chars, offset, end)
            elif stripped:
                if FOOTNOTE_DEFINITION.match(line) or LIST_ITEM.match(line):
                    in_container = True
                elif not (line.startswith("    ") or line.startswith("\t")) and previous_blank:
                    in_container = False
        previous_blank = not stripped
        offset = end + 1


def prose_view(document: Document) -> ProseView:
    text = document.text
    labels: set[str] = set()
    chars = None  # the text to blank in place, made only when something is blanked
    if document.is_markdown:
        chars = list(text)
        _markdown_blocks(text, chars)
        for pattern in (HTML_COMMENT, AUTOLINK):
            for match in pattern.finditer(text):
                _blank(chars, match.start(), match.end())
        for match in INLINE_CODE.finditer("".join(chars)):
            if "\n\n" not in match["body"]:
                _blank(chars, match.start(), match.end())
        for match in LINK_DEFINITION.finditer(text):
            labels.add(match["label"].strip().lower())
            _blank(chars, match.start(), match.end())  # a definition is not prose (nor a note)
        for match in LINK_DESTINATION.finditer(text):
            _blank(chars, match.start("dest"), match.end("dest"))
    view = "".join(chars) if chars is not None else text
    urls = bare_urls(view)
    if urls:
        chars = chars if chars is not None else list(view)
        for match in urls:
            _blank(chars, match.start(), match.end())
        view = "".join(chars)
    return ProseView(view, frozenset(labels))


def bare_urls(text: str) -> list[regex.Match]:
    """BARE_URL.finditer(text), tried only where a match can start: before a "://", at a "www."."""
    starts = [at - len(scheme) for at in occurrences(text, "://") for scheme in ("ftp", "http", "https")]
    starts += [match.start() for match in WWW.finditer(text, overlapped=True)]
    return matches_at(BARE_URL, text, [at for at in starts if at >= 0])
