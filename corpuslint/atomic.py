"""Atomic writes: a file is replaced whole or not at all (fixes, baselines, reports)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable


def write_atomically(path: str | Path, data: bytes | Iterable[bytes], durable: bool = True) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it over
    `path`: a crash or a full disk leaves the old file, never half of the new one.
    An existing file keeps its permissions; a new one gets the umask's. A cache
    entry need not be `durable` (no fsync): one lost in a crash is rebuilt. `data` may
    come in pieces (a large report, written as it is made)."""
    target = Path(path)
    handle = tempfile.NamedTemporaryFile(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if target.exists():
            mode = target.stat().st_mode & 0o7777
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(handle.name, mode)
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def write_text_atomically(path: str | Path, pieces: Iterable[str]) -> None:
    """write_atomically for a report written in pieces, as UTF-8. A file name that is not
    UTF-8 reaches Python as lone surrogates ("caf\\udce9.txt") and is written back as its
    own bytes, as standard output does, rather than failing the whole report."""
    write_atomically(path, (piece.encode("utf-8", "surrogateescape") for piece in pieces))
