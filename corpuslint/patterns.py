"""Memoised compilation of patterns built at run time: module-level regex calls re-derive flags on every call."""

from __future__ import annotations

import functools

import regex


@functools.lru_cache(maxsize=4096)
def compiled(pattern: str, flags: int = 0) -> regex.Pattern:
    return regex.compile(pattern, flags)
