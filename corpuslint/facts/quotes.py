"""Where a document quotes someone.

A quotation keeps its original spelling: name and text-damage findings inside
one are not reported, and --fix never edits one. Over-marking is the safe
side (it only withholds a fix), so straight and single quotes count too.
"""

from __future__ import annotations

import bisect

import regex

PAIRS = {"“": "”", "«": "»", "„": "“", "‹": "›"}
# A quotation may run over one line break of hard-wrapped text, never over a blank line.
STRAIGHT_DOUBLE = regex.compile(r'"(?:[^"\n]|\n(?![ \t]*\n)){1,600}"')
# 'Nagorno-Karabakh', ‘land of fire’: an opening quote after a space or
# bracket, a closing one before a space or punctuation (not an apostrophe).
SINGLE = regex.compile(r"(?<![\p{L}\d])['‘](?=\p{L})[^'‘’\n]{1,300}?(?<=[\p{L}.,!?])['’](?![\p{L}])")
QUOTE_MARKS = regex.compile(r"[“”«»„‹›]|\n\n")
MAX_QUOTE = 3000  # an unclosed quote must not swallow the rest of a document


BLOCKQUOTE = regex.compile(r"^ {0,3}>.*$", regex.MULTILINE)


def quotation_regions(text: str, markdown: bool = False) -> list[tuple[int, int]]:
    """(start, end) offsets of quoted passages, quote marks included, sorted.

    In Markdown, a blockquote (lines starting with '>') is a quotation too."""
    regions: list[tuple[int, int]] = []
    if markdown:
        regions.extend((m.start(), m.end()) for m in BLOCKQUOTE.finditer(text))
    stack: list[tuple[str, int]] = []
    for mark in QUOTE_MARKS.finditer(text):
        index, char = mark.start(), mark.group()
        if stack and char == PAIRS[stack[-1][0]]:
            _, start = stack.pop()
            if not stack:
                regions.append((start, index + 1))
        elif char in PAIRS and not (char == "“" and stack and stack[-1][0] == "„"):
            if stack and index - stack[0][1] > MAX_QUOTE:
                stack.clear()  # never closed: give up on it
            stack.append((char, index))
        elif char == "\n\n":
            stack.clear()  # quotations do not run across paragraphs unclosed
    regions.extend((m.start(), m.end()) for m in STRAIGHT_DOUBLE.finditer(text))
    regions.extend((m.start(), m.end()) for m in SINGLE.finditer(text))
    return merge(regions)


def merge(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(regions):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def inside(regions: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the regions (sorted, non-overlapping)."""
    index = bisect.bisect_right(regions, (start, end)) - 1
    for candidate in regions[max(index, 0) : index + 2]:
        if candidate[0] < end and start < candidate[1]:
            return True
    return False
