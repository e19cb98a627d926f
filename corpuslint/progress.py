"""Progress on stderr for long runs: files done of the total and the rate,
redrawn in place. Shown only on a terminal and only once a run has taken more
than a moment, so pre-commit, CI logs and pipes stay silent."""

from __future__ import annotations

import sys
import time
from typing import TextIO

SHOW_AFTER = 1.0  # seconds: a quick run prints nothing
REDRAW_EVERY = 0.1


class Progress:
    def __init__(self, what: str = "checked", stream: TextIO | None = None, force: bool = False):
        self.stream = stream or sys.stderr
        self.what = what
        self.enabled = force or self.stream.isatty()
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        elapsed = now - self.started
        if elapsed < SHOW_AFTER or (now - self.drawn_at < REDRAW_EVERY and done < total):
            return
        rate = done / elapsed if elapsed else 0.0
        self.stream.write(f"\r{self.what} {done}/{total} files ({rate:.0f} files/s)\x1b[K")
        self.stream.flush()
        self.drawn_at, self.shown = now, True

    def close(self) -> None:
        """Clear the line, so the report or summary that follows starts clean."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
