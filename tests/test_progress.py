"""Progress on stderr: drawn in place on a terminal once a run takes a while,
cleared before the report; nothing at all when stderr is not a terminal."""

from __future__ import annotations

import io

from corpuslint import progress as progress_module
from corpuslint.engine import run

from .conftest import ROOT


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_on_a_terminal_and_cleared(monkeypatch):
    monkeypatch.setattr(progress_module, "SHOW_AFTER", 0.0)
    monkeypatch.setattr(progress_module, "REDRAW_EVERY", 0.0)
    terminal = Terminal()
    shown = progress_module.Progress("checked", terminal)
    run([str(ROOT / "corpus")], select=["TXT"], progress=shown)
    shown.close()
    drawn = terminal.getvalue()
    assert "\rchecked 5/5 files (" in drawn and "files/s)" in drawn
    assert drawn.endswith("\r\x1b[K")


def test_progress_is_silent_when_not_a_terminal(monkeypatch):
    monkeypatch.setattr(progress_module, "SHOW_AFTER", 0.0)
    pipe = io.StringIO()
    shown = progress_module.Progress("checked", pipe)
    run([str(ROOT / "corpus")], select=["TXT"], progress=shown)
    shown.close()
    assert pipe.getvalue() == ""
