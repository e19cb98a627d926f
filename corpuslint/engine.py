"""The pipeline, in one place:

    documents → per-document facts → cross-document checks → findings → reporters

`run` reads every document once, turns it into facts, runs the document
rules on each document's facts and the corpus rules on all facts together,
and returns sorted findings. Reporters only format what it returns. A run
focused on a few documents may read, of the others, only what the corpus
rules' index families gather from the focus index (index.py).
"""

from __future__ import annotations

import gc
import os
from collections import Counter
from dataclasses import dataclass, field
from itertools import repeat
from operator import add, attrgetter, itemgetter
from pathlib import Path
from typing import Iterator

from .cache import FactsCache, decode_entry, encode_entry
from .checks.registry import CorpusRule, DocumentRule, Rule, all_rules, get_rule, index_families, select_rules
from .documents import ReadProblem, discover, display_path, document_kind, forget_resolved, read_document, resolved
from .facts import PARTIAL_FIELDS, DocumentFacts, extract_facts
from . import lexicon
from .index import FocusIndex, IndexUnusable
from .suppressions import Suppression
from .suppressions import apply_suppressions
from .findings import Finding, Severity, Span
from .ruledata import PATTERN_TIMEOUT, RuleData, RuleDataError, load_rule_data


@dataclass
class RunResult:
    findings: list[Finding] = field(default_factory=list)
    facts: list[DocumentFacts] = field(default_factory=list)
    files_checked: int = 0
    warnings: list[str] = field(default_factory=list)  # one-line notices for stderr
    rule_data_errors: list[RuleDataError] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)  # bugs, one line each, per document
    baselined: int = 0  # findings hidden because the baseline records them
    baseline: str | None = None  # the baseline file applied, as shown
    shared: dict = field(default_factory=dict)  # analyses the rules shared, when run() was asked to keep them

    def counts(self) -> dict[str, int]:
        counts = {severity.value: 0 for severity in Severity}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        return counts

    def fails(self, fail_on: Severity) -> bool:
        return any(f.severity.rank >= fail_on.rank for f in self.findings)


@dataclass
class Context:
    """What rules may consult besides facts: the loaded rule data, and a memo so
    an analysis several rules share (the name variants) runs once per run."""

    rule_data: RuleData
    memo: dict = field(default_factory=dict)
    # The documents (paths as shown) whose findings are wanted; None: every document's.
    # A rule may skip a group none of them is part of: its findings could not touch one.
    focus: frozenset[str] | None = None
    # Lower-cased word -> count over the whole corpus, summed as documents are
    # read so that no document's vocabulary has to stay in memory.
    vocabulary: Counter = field(default_factory=Counter)
    # Resolved file -> its place in the run's order of documents, for index families that
    # must meet documents in that order (the first quotation of a wording is its sample).
    order: dict[str, int] = field(default_factory=dict)

    def wanted(self, paths) -> bool:
        """Whether findings among documents with these paths (an iterable, read only with a
        focus, and only up to the first wanted one) may be wanted."""
        return self.focus is None or any(path in self.focus for path in paths)

    def shared(self, key: str, compute):
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


def add_counts(total: Counter, counts: dict[str, int]) -> None:
    """`total.update(counts)` without a Python step per word (Counter.update loops in Python
    once `total` is not empty): a run adds up every document's vocabulary, about 230
    words each. Each word is read from `total` before its own sum is written back."""
    words = counts.keys()
    dict.update(total, zip(words, map(add, map(total.get, words, repeat(0)), counts.values())))


def touching(findings: list[Finding], focus: set[Path]) -> list[Finding]:
    """The findings located in, or relating to, the documents of `focus` (resolved paths)."""
    return [f for f in findings if resolved(f.path) in focus or any(resolved(r.path) in focus for r in f.related)]


def _unreadable(problem: ReadProblem) -> Finding:
    rule = get_rule("DOC001")
    span = Span(0, 0, problem.line, problem.column, problem.line, problem.column)
    return rule.finding(problem.path, span, problem.message)


@dataclass
class Outcome:
    """What reading one document gave: facts and findings, or why there are none."""

    facts: DocumentFacts | None = None
    findings: list[Finding] = field(default_factory=list)
    problem: ReadProblem | None = None
    error: str | None = None  # a timeout or a bug, one line
    # From a worker, the facts as a cache entry's bytes: the main process then builds them as
    # it builds cached ones (strings interned, name forms shared), and a cold run holds no
    # more than a warm one. Pickling the objects would also cost more.
    entry: bytes | None = None


class DocumentWork:
    """Per-document stage: read, take facts (from the cache when it has them), run the
    document rules. The same object runs in the main process or in each worker.

    With a cache, a document's entry also keeps the findings of every document
    rule (selected or not), so a warm run neither extracts nor checks it again."""

    def __init__(self, rule_data: RuleData, rule_codes: tuple[str, ...], cache_dir: str | None):
        self.rule_data = rule_data
        self.context = Context(rule_data)
        self.rules = [get_rule(code)() for code in rule_codes]
        self.selected = frozenset(rule_codes)
        self.shared_forms: dict = {}  # name forms of all documents built here (DocumentFacts.from_dict)
        self.cache = FactsCache(cache_dir, rule_data.fingerprint, self.shared_forms) if cache_dir else None
        lexicon.keep_in(self.cache.root if self.cache else None)  # the word list's quick form, beside the facts
        self.cached_keys: dict[Path, str] = {}  # from is_cached, for __call__
        self.in_worker = False  # then facts extracted here go back as entry bytes
        # Facts read back (from the cache, or a worker's entry) whole, or, False, without what
        # only the document rules read, when their findings come with them (decode_entry).
        self.whole_facts = True
        # With a focus (resolved paths), the cached document-rule findings of other documents
        # are not even decoded: they are in those documents and relate to no other, so the
        # run drops them. A real corpus has dozens a document.
        self.focus: set[Path] | None = None
        document_rules = [rule for rule in all_rules() if issubclass(rule, DocumentRule)]
        self.rule_names = {rule.code: rule.name for rule in document_rules}
        self.unselected = [rule() for rule in document_rules if rule.code not in self.selected]

    def is_cached(self, path: Path) -> bool:
        """Whether the cache holds an entry for the file as it now is. Its bytes are hashed
        here unless the cache knows the file unchanged; the key is kept, so loading the entry
        does not read the file."""
        try:
            digest = self.cache.digest(path)
        except OSError:
            return False
        key = self.cache.key(digest, document_kind(path))
        if not self.cache.has(key):
            return False
        self.cached_keys[path] = key
        return True

    def __call__(self, path: Path) -> Outcome:
        shown = display_path(path)
        try:
            return self._outcome(path, shown)
        except TimeoutError:  # a rule-data pattern that backtracks: bounded, reported, the run goes on
            return Outcome(error=f"{shown}: a rule-data pattern took longer than {PATTERN_TIMEOUT} s on this "
                                 "document; simplify the patterns in the rule-data files")
        except Exception as error:  # a bug; say so, name the file, and check the others
            return Outcome(error=f"{shown}: internal error: {error.__class__.__name__}: {error}")

    def _outcome(self, path: Path, shown: str) -> Outcome:
        """From the cache (without reading the file again when is_cached has), else extracted,
        checked and stored."""
        key = self.cached_keys.pop(path, None)
        if key is not None and self.focus is not None and resolved(path) not in self.focus:
            entry = self.cache.load(key, shown, None, whole=self.whole_facts)
            if entry is not None:
                return Outcome(entry.facts)
        file = str(resolved(path))
        entry = self.cache.load(key, shown, self.rule_names, file, self.whole_facts) if key is not None else None
        if entry is None:
            try:
                document = read_document(path, shown)
            except ReadProblem as problem:
                return Outcome(problem=problem)
            key = self.cache.key(document.digest, document.kind) if self.cache else None
            entry = self.cache.load(key, shown, self.rule_names, file, self.whole_facts) if self.cache else None
        if entry is not None:
            if entry.findings is not None:
                return Outcome(entry.facts, [f for f in entry.findings if f.code in self.selected])
            return Outcome(entry.facts, self._check(entry.facts, self.rules))
        facts = extract_facts(document, self.rule_data)
        findings = self._check(facts, self.rules)
        if self.cache:
            entry = encode_entry(facts, self._every_finding(facts, findings), shown, file)
            self.cache.store(key, entry)
        elif self.in_worker:
            entry = encode_entry(facts)
        if self.in_worker:
            return Outcome(findings=findings, entry=entry)
        return Outcome(facts, findings)

    def built(self, outcome: Outcome, path: Path) -> Outcome:
        """A worker's outcome with its facts built from the entry bytes it sent."""
        if outcome.entry is not None:
            shown = display_path(path)
            try:
                # Facts only: the worker sent the run's findings beside them.
                outcome.facts = decode_entry(outcome.entry, shown, None, self.shared_forms, whole=self.whole_facts).facts
            except (ValueError, KeyError, TypeError) as error:  # a bug: name the file, check the others
                return Outcome(error=f"{shown}: internal error: {error.__class__.__name__}: {error}")
            outcome.entry = None
        return outcome

    def _check(self, facts: DocumentFacts, rules) -> list[Finding]:
        return [finding for rule in rules for finding in rule.check(facts, self.context)]

    def _every_finding(self, facts: DocumentFacts, selected: list[Finding]) -> list[Finding] | None:
        """The findings of every document rule, in code order, for the cache; None when a
        rule the run did not select fails (the entry then keeps facts only)."""
        try:
            others = self._check(facts, self.unselected)
        except Exception:
            return None
        return sorted(selected + others, key=lambda finding: finding.code)  # stable: each rule's own order kept


class _Taken:
    """What the run makes of each document's outcome: its facts and findings kept, its
    problem reported (or not: binary files met in a walk), its vocabulary summed. With a
    focus index, the facts whose digest differs from the index's are written to it
    (in batches, before their vocabulary is summed away: the index counts it)."""

    def __init__(self, result: RunResult, context: Context, explicit: set[Path], report_unreadable: bool):
        self.result, self.context = result, context
        self.explicit, self.report_unreadable = explicit, report_unreadable
        self.indexed: dict[str, str] | None = None  # the index's files and digests, once read
        self.changed: list[tuple[str, DocumentFacts]] = []
        self.index_failed = False

    def __call__(self, outcome: Outcome, path: Path, index: FocusIndex | None = None) -> DocumentFacts | None:
        result = self.result
        if outcome.problem is not None:
            problem = outcome.problem
            if problem.kind == "binary" and resolved(path) not in self.explicit:
                return None  # binary files met in a directory walk are simply not documents
            if self.report_unreadable and problem.kind != "binary":
                result.findings.append(_unreadable(problem))
            else:  # never silent: a warning when DOC001 is not selected
                result.warnings.append(str(problem))
            return None
        if outcome.error is not None:
            result.internal_errors.append(outcome.error)
            return None
        facts = outcome.facts
        add_counts(self.context.vocabulary, facts.vocabulary)
        if index is None or not self._note(index, str(resolved(path)), facts):
            facts.vocabulary = {}  # summed into the corpus vocabulary; not kept per document
        result.facts.append(facts)
        result.files_checked += 1
        result.findings.extend(outcome.findings)
        return facts

    def _note(self, index: FocusIndex, file: str, facts: DocumentFacts) -> bool:
        """Whether the facts are kept for the index (their vocabulary until written)."""
        if self.index_failed:
            return False
        try:
            if self._listed(index).get(file) == facts.digest:
                return False
            self.changed.append((file, facts))
            if len(self.changed) >= INDEX_BATCH:
                self._write(index, [], final=False)  # committed with the last batch, in describe()
        except IndexUnusable:
            self.index_failed = True
            return False
        return True

    def _listed(self, index: FocusIndex) -> dict[str, str]:
        """The files the index describes and their digests, read once a run."""
        if self.indexed is None:
            self.indexed = index.documents()
        return self.indexed

    def _write(self, index: FocusIndex, removed: list[str], final: bool = True) -> None:
        changed, self.changed = self.changed, []
        try:
            index.update(changed, removed, index_families(), self.context, final)
        finally:
            for _, facts in changed:
                facts.vocabulary = {}

    def describe(self, index: FocusIndex, files: list[Path]) -> None:
        """Bring the index up to date with this run: the changed facts written, the files
        it describes that the run did not find forgotten. Best effort."""
        if self.index_failed:
            return
        try:
            present = {str(resolved(path)) for path in files}
            self._write(index, [file for file in self._listed(index) if file not in present])
        except IndexUnusable:
            self.index_failed = True
        for _, facts in self.changed:  # not written
            facts.vocabulary = {}
        self.changed = []


first = itemgetter(0)  # of a gathered (position, item): items are put in their document's order
INDEX_BATCH = 500  # facts kept for the index at most before writing them, vocabularies and all
STALE_LIMIT = 200  # documents changed since the index describes them that a focused run reads itself


def _judge_from_index(index: FocusIndex, files: list[Path], focus: set[Path], work: DocumentWork,
                      corpus_rules: list, taken: _Taken) -> bool:
    """A focused run from the index: read the focus documents, and the others that changed
    since the index describes them; bring the index up to date; give the corpus rules the
    focus documents' facts and, of the others, what the rules' index families gather.
    False, before any finding is kept, when a rule has no index family, too many documents
    changed, or the index fails: the run then reads every document (and the index is
    rebuilt from them)."""
    if any(rule.index is None for rule in corpus_rules):
        return False
    families = {rule.index.name: rule.index for rule in corpus_rules}
    result = taken.result
    try:
        indexed = index.documents()
        names = [str(resolved(path)) for path in files]  # each file's resolved name, as the index keys it
        focus_names = {str(path) for path in focus}
        read = []
        for path, name in zip(files, names):
            try:
                digest = work.cache.file_digest(name)
            except OSError:
                digest = None  # read below, where its problem is told
            if name in focus_names or indexed.get(name) != digest:
                read.append((path, name))
        if len(read) > len(focus) + STALE_LIMIT:
            return False
        taken.indexed = indexed
        focus_facts: dict[str, DocumentFacts] = {}
        for path, name in read:
            work.is_cached(path)
            facts = taken(work(path), path, index)
            if facts is not None and name in focus_names:
                focus_facts[name] = facts
        taken.describe(index, files)
        if taken.index_failed:
            raise IndexUnusable("the index could not be written")
        gathered: dict[str, dict[str, list]] = {}
        taken.context.order = {name: rank for rank, name in enumerate(names)}
        with index.snapshot():  # every family reads the index as it now is, whatever a concurrent run writes
            now_indexed = index.documents()
            for family in families.values():
                for file, fields in family.gather(index, focus_facts, taken.context).items():
                    mine = gathered.get(file)
                    if mine is None:
                        gathered[file] = {name: sorted(items, key=first) for name, items in fields.items()}
                        continue
                    for name, items in fields.items():  # two families may gather one field: items by position
                        mine[name] = sorted({**dict(mine.get(name, [])), **dict(items)}.items(), key=first)
            described = index.described(gathered)
    except Exception:  # IndexUnusable, or a bug in a family's gather: the index only ever costs speed
        index.abandon()  # what this attempt wrote and did not commit; the full run writes it again
        taken.changed, taken.indexed = [], None
        result.findings, result.facts, result.files_checked = [], [], 0
        result.warnings, result.internal_errors = [], []
        taken.context.vocabulary.clear()
        taken.context.memo.clear()  # what a family's gather left there (the names' components)
        return False
    all_facts = []
    for path, file in zip(files, names):
        if file in focus_facts:
            all_facts.append(focus_facts[file])
        elif file in gathered and file in described:
            kind, line_count, suppressions = described[file]
            partial = DocumentFacts(display_path(path), kind, line_count, now_indexed[file],
                                    suppressions=[Suppression.from_dict(s) for s in suppressions or ()])
            for name, items in gathered[file].items():  # a field, or a field's field: citations.notes
                owner, _, attribute = name.rpartition(".")
                value = PARTIAL_FIELDS.get(name, list)(item for _, item in items)
                setattr(attrgetter(owner)(partial) if owner else partial, attribute, value)
            all_facts.append(partial)
    result.facts = all_facts
    result.files_checked = sum(1 for name in names if name in now_indexed)
    return True


_WORKER: DocumentWork | None = None


def _start_worker(rule_dirs, names_files, rule_codes, cache_dir) -> None:
    global _WORKER
    _WORKER = DocumentWork(load_rule_data(rule_dirs, names_files), rule_codes, cache_dir)
    _WORKER.in_worker = True


def _work_in_worker(path: Path) -> Outcome:
    return _WORKER(path)


PARALLEL_FROM = 16  # fewer documents than this are read in the main process: starting workers costs more


def _outcomes(files: list[Path], work: DocumentWork, jobs: int, start_args: tuple, progress) -> Iterator[Outcome]:
    """Each file's outcome, in the order of `files`, whatever the number of jobs.

    Documents whose facts are cached are read here: loading them is quicker than
    sending them back from a worker. Only the others go to the worker pool, and
    only when there are enough of them to pay for starting it."""
    cached = [work.is_cached(path) for path in files] if work.cache else [False] * len(files)
    fresh = [path for path, hit in zip(files, cached) if not hit]
    pool = None
    if jobs > 1 and len(fresh) >= PARALLEL_FROM:
        from concurrent.futures import ProcessPoolExecutor  # here: multiprocessing takes 6 ms to import

        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=start_args)
        chunk = max(1, min(32, len(fresh) // (jobs * 8)))
        from_workers = pool.map(_work_in_worker, fresh, chunksize=chunk)
    try:
        for done, (path, hit) in enumerate(zip(files, cached), 1):
            outcome = work.built(next(from_workers), path) if pool is not None and not hit else work(path)
            if progress is not None:
                progress(done, len(files))
            yield outcome
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def run(*args, **kwargs) -> RunResult:
    """`_run` with the cyclic garbage collector paused. A run builds millions of small
    objects (facts, findings) and no reference cycles worth collecting; the
    collector's repeated passes over them cost a quarter of a warm run."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(*args, **kwargs)
    finally:
        if collecting:
            gc.enable()


def _run(
    paths: list[str],
    select: list[str] | tuple[str, ...] = (),
    ignore: list[str] | tuple[str, ...] = (),
    rule_dirs: list[str] | tuple[str, ...] = (),
    names_files: list[str] | tuple[str, ...] = (),
    exclude=None,
    progress=None,
    jobs: int = 1,
    cache_dir: str | None = None,
    focus: set[Path] | None = None,
    keep: tuple[str, ...] = (),
    indexed: bool = True,
) -> RunResult:
    """Raises MissingPath for a missing command-line path, SelectionError for a bad selector.
    `exclude(path)` drops documents, even ones named explicitly (configured excludes);
    `progress(done, total)` is told as documents are done; `jobs` processes read
    documents in parallel; `cache_dir` keeps their facts between runs (cache.py).
    `focus` (resolved paths, as pre-commit passes the staged files) keeps only the findings
    located in, or relating to, those documents; every document is still read, so the
    cross-document rules compare them with all the others, but the rules may skip judging
    groups no focus document is part of. `keep` names analyses the corpus rules share
    (Context.shared) to return in RunResult.shared, for the editorial report, rather than
    dropping each after its last rule. With a focus and a cache, the focus index (index.py)
    spares reading the other documents when every corpus rule has an index family;
    `indexed=False` reads them all, for callers that need every document's whole facts
    (fixes); otherwise facts read back from the cache or from a worker leave out what only
    the document rules read (DocumentFacts.partial). The result is the same whatever
    `jobs`, the cache and the index hold."""
    forget_resolved()
    rules: list[type[Rule]] = select_rules(select, ignore)
    rule_data = load_rule_data(rule_dirs, names_files)
    context = Context(rule_data)
    result = RunResult(rule_data_errors=list(rule_data.errors))
    files, explicit = discover(paths)
    if exclude is not None:
        files = [path for path in files if not exclude(path)]
    explicit_set = {resolved(p) for p in explicit}
    rule_codes = tuple(rule.code for rule in rules if issubclass(rule, DocumentRule))
    corpus_rules = [rule() for rule in rules if issubclass(rule, CorpusRule)]
    report_unreadable = any(rule.code == "DOC001" for rule in rules)
    work = DocumentWork(rule_data, rule_codes, cache_dir)
    work.focus = focus
    work.whole_facts = not indexed  # fixes read the quoted passages; the corpus rules never do
    start_args = (tuple(rule_dirs), tuple(names_files), rule_codes, cache_dir)

    taken = _Taken(result, context, explicit_set, report_unreadable)
    index = None
    if focus is not None and indexed and work.cache and not keep:
        index = FocusIndex.open(work.cache.entries, [f"{family.name}-{family.version}" for family in index_families()])
    try:
        if index is None or not _judge_from_index(index, files, focus, work, corpus_rules, taken):
            # Outcomes first: zip then runs the generator to its end, so a worker pool is shut down.
            for outcome, path in zip(_outcomes(files, work, jobs, start_args, progress), files):
                taken(outcome, path, index)
            if index is not None:
                taken.describe(index, files)
    finally:
        if index is not None:
            index.close()

    if focus is not None:  # the focus as shown (a fact's path is its file's display_path)
        shown = {display_path(path) for path in files if resolved(path) in focus}
        context.focus = frozenset(facts.path for facts in result.facts if facts.path in shown)
    for done, rule in enumerate(corpus_rules, 1):
        try:
            result.findings.extend(rule.check_corpus(result.facts, context))
        except Exception as error:  # a bug in one cross-document rule loses only that rule's findings
            result.internal_errors.append(f"{rule.code}: internal error: {error.__class__.__name__}: {error}")
        still_read = {key for later in corpus_rules[done:] for key in later.shares}
        for key in set(rule.shares) - still_read - set(keep):
            context.memo.pop(key, None)  # its last reader has run
    result.shared = {key: context.memo[key] for key in keep if key in context.memo}

    suppressions = {facts.path: facts.suppressions for facts in result.facts if facts.suppressions}
    if suppressions:
        result.findings, unused = apply_suppressions(result.findings, suppressions)
        unused_rule = get_rule("SUP001")
        if unused_rule in rules:
            ran = [rule.code for rule in rules]
            for path, suppression in unused:
                codes = suppression.codes or ("",)
                if all(any(code.startswith(prefix) for code in ran) for prefix in codes):
                    what = ", ".join(suppression.codes) or "any rule"
                    result.findings.append(unused_rule.finding(
                        path, suppression.span,
                        f"“{suppression.text}” suppresses no finding of {what} here; remove it"))

    if focus is not None:
        result.findings = touching(result.findings, focus)
    result.findings.sort(key=lambda finding: finding.sort_key)
    if work.cache:
        work.cache.prune()
    return result

