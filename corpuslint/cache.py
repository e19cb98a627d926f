"""The facts cache: each document's facts, and its document rules' findings, on
disk, so a re-run reads and checks only the documents that changed (the
cross-document checks always run, on facts).

Format (documented, deliberately plain):

    .corpuslint_cache/
        CACHEDIR.TAG                       marks the directory as a cache (backup tools skip it)
        .gitignore                         "*": git ignores the directory in any repository
        facts-v2/<generation>/used         touched by every run of this generation
        facts-v2/<generation>/index-v1.sqlite
                                           the focus index of focused runs (index.py)
        facts-v2/<generation>/ab/abcdef….json
                                           one document: DocumentFacts.to_dict() as JSON, plus
                                           "findings": {"path": <as shown>, "file": <resolved>,
                                                        "rows": [Finding.to_row(), …]}
        files-v1.json                      {"<resolved path>": [size, mtime_ns, ctime_ns, inode,
                                           device, sha256 of the bytes], …}: see "File signatures"
        words-<hash>.bin                   the English word list hashed for quick loading
                                           (lexicon.HashedCounts); <hash>: of the list's file

The file name is the sha256 of: the tool version, a fingerprint of the tool's
own code (so an edited rule never reuses old findings), the facts version,
the rule-data fingerprint (every rules/*.yaml and names file read), the
document kind (text or Markdown) and the sha256 of the document's bytes.
Change any of them and the key changes: an entry is never stale, only
unused. The path is not part of the key (a moved file hits its entry): facts
take the path they are loaded under. The findings are those of every
document rule, whatever the run selected, and are reused only for the file
they were found in (a moved or copied document's rules run again on its
facts), shown under whatever path the run shows it (a run started in another
directory): their related places move with it, unless a message names the
old path.

A generation is everything but the document in the key (tool version and
code, facts version, rule data), so an upgrade or a rule-data edit starts a
new directory. The cache never grows without bound: each run keeps the
KEEP_GENERATIONS generations used most recently (and any used in the last
hour, which a concurrent run may be reading) and deletes the others, and
directories of an older layout.

File signatures: to find a document's entry, a run needs the sha256 of its bytes.
Reading and hashing every file cost a warm run of 10,000 articles 0.3 s with
the files in the page cache and 0.9 s without (stat: 0.17 s). A file whose
size, modification and change times, inode and device are those recorded
with its hash is not read again (as git's index and ruff's cache trust a
file's times). The change time cannot be set back by a program,
so even a same-size edit that restores the modification time is seen. A hash
taken within RACY_SECONDS of the file's last change is not recorded: a second
edit in the same tick of a coarse clock could leave every time unchanged.

A file name that is not UTF-8 (Python's lone surrogates) is kept in its entry
as a JSON escape, and its signature is not recorded: the file is hashed again
each run.

Safety: entries are written atomically (temporary file, then rename), so
concurrent runs at worst write the same entry twice. An entry that cannot be
read or parsed, or holds facts of another version, is ignored and rebuilt:
the cache can make a run faster, never different. Deleting the directory is
always safe.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import orjson

from . import __version__
from .atomic import write_atomically
from .documents import resolved
from .facts import FACTS_VERSION, DocumentFacts
from .findings import Finding

CACHE_DIR = ".corpuslint_cache"
LAYOUT = "facts-v2"
FILE_SIGNATURES = "files-v1.json"
RACY_SECONDS = 3  # a hash taken this soon after the file last changed is not recorded (FAT's clock ticks in 2 s)
KEEP_GENERATIONS = 3
RECENT_SECONDS = 3600  # a generation used this recently may belong to a run still going
TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# corpuslint facts cache: safe to delete\n"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 of the tool's own Python files (about 400 KB, read in milliseconds)."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


@dataclass
class Entry:
    facts: DocumentFacts
    findings: list[Finding] | None  # of every document rule; None: not stored for this path


class FactsCache:
    def __init__(self, directory: str | Path, rule_fingerprint: str, shared_forms: dict | None = None):
        self.root = Path(directory)
        self.salt = f"{__version__}\0{code_fingerprint()}\0{FACTS_VERSION}\0{rule_fingerprint}\0"
        self.generation = hashlib.sha256(self.salt.encode()).hexdigest()[:16]
        self.entries = self.root / LAYOUT / self.generation
        self.hits = self.misses = 0
        self.shared_forms = {} if shared_forms is None else shared_forms  # name forms met so far (from_dict)
        self.signatures: dict[str, object] | None = None  # FILE_SIGNATURES as read, once digest() is asked
        self.seen: dict[str, list] = {}  # this run's trusted signatures, to record

    def digest(self, path: Path) -> str:
        """The sha256 of the file's bytes: recorded, when the file's signature is the one
        recorded with it, else read and hashed. Raises OSError."""
        return self.file_digest(str(resolved(path)))

    def file_digest(self, name: str) -> str:
        """digest() of the file with this resolved name."""
        if self.signatures is None:
            self.signatures = _read_signatures(self.root / FILE_SIGNATURES)
        status = os.stat(name)
        if not stat.S_ISREG(status.st_mode):  # reading a FIFO would wait for a writer; read_document says what it is
            raise OSError(f"{name}: not a regular file")
        signature = [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev]
        record = self.signatures.get(name)
        if _well_formed(record) and record[:5] == signature:
            self.seen[name] = record
            return record[5]
        with open(name, "rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        if time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) > RACY_SECONDS * 1_000_000_000:
            self.seen[name] = [*signature, digest]
        return digest

    def key(self, digest: str, kind: str) -> str:
        return hashlib.sha256(f"{self.salt}{kind}\0{digest}".encode()).hexdigest()

    def _file(self, key: str) -> Path:
        return self.entries / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        return self._file(key).is_file()

    def load(self, key: str, path: str, rule_names: dict[str, str] | None, file: str | None = None,
             whole: bool = True) -> Entry | None:
        """The cached entry, shown under `path` (the file `file`, resolved); None when absent or
        unusable. `rule_names` (code -> name) names the findings' rules; a finding of a rule not
        in it (one the tool no longer has) makes the entry unusable. Without `rule_names`, the
        facts only. `whole`: see decode_entry."""
        try:
            entry = decode_entry(self._file(key).read_bytes(), path, rule_names, self.shared_forms, file, whole)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def store(self, key: str, entry: bytes) -> None:
        """Best effort: a cache that cannot be written (read-only checkout, full disk)
        only makes the next run slower."""
        try:
            target = self._file(key)
            target.parent.mkdir(parents=True, exist_ok=True)
            tag = self.root / "CACHEDIR.TAG"
            if not tag.exists():
                write_atomically(tag, TAG.encode(), durable=False)
                # Like ruff's cache: git ignores the directory without the user saying so.
                write_atomically(self.root / ".gitignore", b"# Created by corpuslint.\n*\n", durable=False)
            write_atomically(target, entry, durable=False)
        except OSError:
            pass

    def record_signatures(self) -> None:
        """Write the signatures of the files this run hashed or trusted, beside those of
        files it did not see (another directory of the project), unless those outnumber
        this run's files: the record never grows much beyond the corpus. Best effort."""
        if self.signatures is None or (self.seen.items() <= self.signatures.items()):
            return  # nothing asked, or nothing new
        kept = self.signatures if len(self.signatures) <= 2 * len(self.seen) + 1000 else {}
        records = {**{name: record for name, record in kept.items() if _well_formed(record)}, **self.seen}
        try:
            data = orjson.dumps(records)
        except TypeError:  # a file name that is not UTF-8: not recorded, so hashed again each run
            data = orjson.dumps({name: record for name, record in records.items() if _utf8(name)})
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            write_atomically(self.root / FILE_SIGNATURES, data, durable=False)
        except OSError:
            pass

    def prune(self) -> None:
        """Mark this generation used; delete old layouts and all but the generations used
        most recently. Best effort, like every write here: a failure only keeps files."""
        self.record_signatures()
        try:
            if not self.entries.is_dir():
                return  # nothing stored (an unwritable cache, or no document)
            (self.entries / "used").touch()
            for other in self.root.glob("facts-v*"):
                if other.name != LAYOUT and other.is_dir():
                    shutil.rmtree(other, ignore_errors=True)
            generations = sorted((_last_used(g), g) for g in (self.root / LAYOUT).iterdir() if g.is_dir())
            now = time.time()
            for used, generation in generations[:-KEEP_GENERATIONS]:
                if generation != self.entries and now - used > RECENT_SECONDS:
                    shutil.rmtree(generation, ignore_errors=True)
        except OSError:
            pass


def encode_entry(facts: DocumentFacts, findings: list[Finding] | None = None, path: str = "", file: str = "") -> bytes:
    """An entry's bytes: the facts (path left out), and `findings` when they belong to `path`
    (as shown), the file `file` (resolved)."""
    data = facts.to_dict()
    data["path"] = ""
    if findings is not None:
        data["findings"] = {"path": path, "file": file, "rows": [finding.to_row() for finding in findings]}
    try:
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not UTF-8 (lone surrogates): escaped, json reads it back
        return json.dumps(data, separators=(",", ":")).encode("ascii")


def _shown_elsewhere(rows: list, then: str, now: str) -> list | None:
    """Rows stored for one file shown as `then`, as a run showing it as `now` (another
    working directory) would have made them: their related places moved to `now`. None
    when a message names `then`: only running the rules again says what it would be."""
    moved = []
    for code, severity, message, span, related, fix in rows:
        if then in message or any(then in place[3] for place in related):
            return None
        moved.append([code, severity, message, span, [[now if place[0] == then else place[0], *place[1:]]
                                                       for place in related], fix])
    return moved


def decode_entry(entry: bytes, path: str, rule_names: dict[str, str] | None, shared_forms: dict | None = None,
                 file: str | None = None, whole: bool = True) -> Entry:
    """encode_entry's inverse, shown under `path` (the file `file`, resolved); without
    `rule_names`, the facts only. The findings are those stored for this file, whether
    shown alike or from another working directory; not a copy's (another file).
    `whole` False: the facts without what only the document rules read
    (DocumentFacts.from_dict), unless the document rules must run on them (`rule_names`
    given and no findings stored for this file).
    Raises ValueError, KeyError or TypeError on bytes that are not a whole entry of this
    facts version."""
    try:
        # Twice as fast as json on these entries: a warm run reads thousands. It reads an
        # integer beyond 64 bits as a float; facts hold none (figure values are floats).
        data = orjson.loads(entry)
    except orjson.JSONDecodeError:
        data = json.loads(entry)  # what only json reads (Infinity, NaN), or not JSON at all: its error
    stored = data.get("findings")
    findings = None
    if stored is not None and rule_names is not None:
        rows = stored["rows"]
        if stored["path"] != path:
            rows = _shown_elsewhere(rows, stored["path"], path) if file and stored.get("file") == file else None
        if rows is not None:
            findings = [Finding.from_row(row, path, rule_names[row[0]]) for row in rows]
    facts = DocumentFacts.from_dict(data, shared_forms, whole or (rule_names is not None and findings is None))
    facts.path = path
    return Entry(facts, findings)


def _read_signatures(path: Path) -> dict[str, object]:
    """FILE_SIGNATURES as read (its records checked as they are used: _well_formed);
    empty when missing or damaged."""
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _well_formed(record) -> bool:
    # Checked one record at a time as files are met: checking all 10,000 of a large
    # corpus up front cost more than a focused run's statting them.
    return (type(record) is list and len(record) == 6 and all(type(n) is int for n in record[:5])
            and isinstance(record[5], str))


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _last_used(generation: Path) -> float:
    try:
        return os.stat(generation / "used").st_mtime
    except OSError:
        return os.stat(generation).st_mtime

