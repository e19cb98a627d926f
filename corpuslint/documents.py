"""Stage 1 of the pipeline: find documents on disk and read them.

A Document holds the decoded text with line endings normalised to "\\n" and
the byte-order mark removed, plus what is needed to write it back the way it
was (BOM, newline style). Every position reported anywhere is computed here:
1-based line and column counted in characters (code points), as editors show
them, so a finding points at the exact span whatever the encoding details.
"""

from __future__ import annotations

import bisect
import hashlib
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator, NamedTuple

DOCUMENT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
BOM = "\ufeff"
# How many leading bytes are inspected to decide that a file is binary.
BINARY_SNIFF_BYTES = 8192


class Position(NamedTuple):
    line: int
    column: int


@dataclass
class Document:
    path: str  # as displayed: relative to the working directory when possible
    text: str
    kind: str  # "markdown" or "text"
    has_bom: bool = False
    newline: str = "\n"
    digest: str = ""  # sha256 of the bytes read, so a fix can tell the file has not changed since
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        index = find("\n")
        while index != -1:
            starts.append(index + 1)
            index = find("\n", index + 1)
        self._line_starts = starts

    @property
    def is_markdown(self) -> bool:
        return self.kind == "markdown"

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def position(self, offset: int) -> Position:
        """1-based line and column of a character offset into `text`."""
        line_index = bisect.bisect_right(self._line_starts, offset) - 1
        return Position(line_index + 1, offset - self._line_starts[line_index] + 1)



class ReadProblem(Exception):
    """A file that could not be read as a document; the message is one line."""

    def __init__(self, path: str, message: str, line: int = 1, column: int = 1, kind: str = "io"):
        super().__init__(f"{path}:{line}:{column}: {message}")
        self.path = path
        self.message = message
        self.line = line
        self.column = column
        self.kind = kind  # "io", "binary" or "decode"


class MissingPath(Exception):
    """A path given on the command line does not exist (a usage error)."""


_resolved_paths: dict[str, Path] = {}


def resolved(path: Path | str) -> Path:
    """`Path(path).resolve()`, memoised until forget_resolved(): a run resolves each
    document's path several times (the walk, its display, the configuration's globs,
    the files passed by name, every related place of a finding), and resolving reads
    the disk for each part of the path."""
    key = str(path)
    found = _resolved_paths.get(key)
    if found is None:
        found = _resolved_paths[key] = Path(key).resolve()
    return found


def forget_resolved() -> None:
    """Called as a run starts: a symbolic link changed since the last one is followed anew."""
    _resolved_paths.clear()


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to cwd when inside it."""
    absolute = resolved(path)
    relative = relative_posix(absolute, _resolved_directory(os.getcwd()))
    if relative is None:
        return path.as_posix()
    # What the path as shown resolves to, known already: findings carry shown paths, and
    # the focus and the baseline resolve them (a walk from a configured root, absolute,
    # met them only in that form).
    _resolved_paths.setdefault(relative, absolute)
    return relative


def relative_posix(absolute: Path, directory: Path) -> str | None:
    """`absolute.relative_to(directory).as_posix()` for two resolved paths, None when it is
    not inside; worked out on the strings (relative_to goes part by part, and a run asks
    for 10,000 files)."""
    path, here = str(absolute), str(directory)
    if path == here:
        return "."
    inside = here if here.endswith(os.sep) else here + os.sep
    if not path.startswith(inside):
        return None
    return path[len(inside):].replace(os.sep, "/")


@lru_cache(maxsize=4)
def _resolved_directory(directory: str) -> Path:
    # Keyed by the working directory as the OS gives it: resolving it again for each of
    # thousands of files cost a tenth of a millisecond each.
    return Path(directory).resolve()


def looks_binary(head: bytes) -> bool:
    # NUL bytes never occur in UTF-8 prose; every common binary format has them.
    return b"\x00" in head[:BINARY_SNIFF_BYTES]


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def discover(paths: list[str]) -> tuple[list[Path], list[Path]]:
    """Expand command-line paths into document files.

    Directories are walked recursively in sorted order, skipping hidden files
    and directories and anything that is not a .txt or .md file. A file named
    explicitly is taken whatever its suffix (like ruff and markdownlint).
    Returns (documents, explicit files), so callers can warn about explicit
    files that turn out to be binary while silently skipping ones found in a
    directory walk. Raises MissingPath for a path that does not exist.
    """
    found: list[Path] = []
    explicit: list[Path] = []
    seen: set[Path] = set()
    named: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise MissingPath(f"{raw}: no such file or directory")
        if path.is_dir():
            for candidate, key in _walk(path, resolved(path)):
                if key not in seen:
                    seen.add(key)
                    found.append(candidate)
        else:
            key = resolved(path)
            if key not in seen:
                seen.add(key)
                found.append(path)
            if key not in named:  # named, even if a walk found it already
                named.add(key)
                explicit.append(path)
    return found, explicit


def _walk(directory: Path, real_directory: Path) -> Iterator[tuple[Path, Path]]:
    """The document files under `directory`, as os.walk finds them top-down in sorted order
    (hidden names skipped, links to directories not followed, unlistable directories
    passed over), each with its resolved path, which is also remembered (resolved()).
    Directories are resolved once: resolving each file would read the disk for every
    part of its path, and a large corpus has tens of thousands of files."""
    try:
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return
    subdirectories = []
    for entry in entries:
        if _is_hidden(entry.name):
            continue
        try:
            if entry.is_dir():
                if not entry.is_symlink():
                    subdirectories.append(entry.name)
                continue
            if os.path.splitext(entry.name)[1].lower() not in DOCUMENT_SUFFIXES or not entry.is_file():
                continue  # a FIFO, socket or device would block or make no sense
            link = entry.is_symlink()
        except OSError:
            continue
        candidate = _child(directory, entry.name)
        real = resolved(candidate) if link else _resolved_paths.setdefault(str(candidate), _child(real_directory, entry.name))
        yield candidate, real
    for name in subdirectories:
        yield from _walk(directory / name, real_directory / name)


# `directory / name` for a name os.scandir gave (one part, nothing to parse): a walk makes
# two paths per document, and `/` parses each (a fifth of a 10,000-file pre-commit walk).
# pathlib's own walk and glob build children this way; `/` where a Python lacks it.
_child = getattr(Path, "_make_child_relpath", Path.__truediv__)


def decode(path: str, data: bytes) -> tuple[str, bool]:
    """Decode UTF-8 (BOM optional); a bad byte raises ReadProblem at its line and column."""
    has_bom = data.startswith(b"\xef\xbb\xbf")
    if has_bom:
        data = data[3:]
    try:
        return data.decode("utf-8"), has_bom
    except UnicodeDecodeError as error:
        good = data[: error.start].decode("utf-8", errors="replace")
        line = good.count("\n") + 1
        column = len(good) - (good.rfind("\n") + 1) + 1
        bad = data[error.start : error.start + 1].hex()
        raise ReadProblem(
            path,
            f"not valid UTF-8 (byte 0x{bad}); file skipped: re-save it as UTF-8",
            line,
            column,
            kind="decode",
        ) from None


def document_kind(path: Path) -> str:
    return "markdown" if path.suffix.lower() in MARKDOWN_SUFFIXES else "text"


def read_document(path: Path, shown: str | None = None) -> Document:
    """Read one file into a Document, or raise ReadProblem with a one-line reason."""
    shown = shown or display_path(path)
    if path.exists() and not path.is_file() and not path.is_dir():
        raise ReadProblem(shown, "not a regular file (a FIFO, socket or device); skipped", kind="binary")
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        raise ReadProblem(shown, f"cannot read file: {reason.lower()}") from None
    if looks_binary(data):
        raise ReadProblem(shown, "binary file (contains NUL bytes); skipped", kind="binary")
    text, has_bom = decode(shown, data)
    newline = "\r\n" if "\r\n" in text else "\n"
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Document(
        path=shown, text=text, kind=document_kind(path), has_bom=has_bom, newline=newline, digest=hashlib.sha256(data).hexdigest()
    )
