"""JSON written as it is made: a document whose one long list (the findings, the
SARIF results) is given as an iterator, in exactly the bytes `json.dumps` gives
for the whole document with the list in place.

A report of 10,000 articles holds about 110,000 findings: made whole, the JSON
took 1.7 GB beyond the run itself and the SARIF as much. Streamed, one item
is held at a time, as the text reporter holds one line.
"""

from __future__ import annotations

import json
from typing import Iterable, Iterator

import orjson

# Put where the streamed list goes; it stands in for it while the rest is dumped.
LIST_HERE = "\x00corpuslint: the streamed list goes here\x00"


def dumps_streamed(document: dict, items: Iterable, indent: int) -> Iterator[str]:
    """Pieces whose concatenation is json.dumps(document with `items` as a list in place
    of the one value that is LIST_HERE, ensure_ascii=False, indent=indent) + "\\n"."""
    skeleton = json.dumps(document, ensure_ascii=False, indent=indent)
    before, after = skeleton.split(json.dumps(LIST_HERE), 1)
    line = before[before.rfind("\n") + 1 :]
    depth = len(line) - len(line.lstrip(" "))  # the indentation of the line holding the list
    yield before
    inner = "\n" + " " * (depth + indent)
    first = True
    for item in items:
        # A newline is only ever written between tokens (never inside a string), so
        # indenting each line of an item by the list's depth nests it exactly.
        yield ("[" if first else ",") + inner + _dumps(item, indent).replace("\n", inner)
        first = False
    yield "[]" if first else "\n" + " " * depth + "]"
    yield after + "\n"


def _dumps(item, indent: int) -> str:
    """json.dumps(item, ensure_ascii=False, indent=indent). With an indent, json encodes in
    Python, a quarter of a large report's time; orjson writes the same bytes for two spaces
    and the values reports hold (no floats, integers within 64 bits: tests/test_reporters.py)."""
    if indent == 2:
        try:
            return orjson.dumps(item, option=orjson.OPT_INDENT_2).decode("utf-8")
        except TypeError:  # a lone surrogate (a file name that is not UTF-8): json writes it as it is
            pass
    return json.dumps(item, ensure_ascii=False, indent=indent)
