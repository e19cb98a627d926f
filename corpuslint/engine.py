"""The pipeline, in one place:

    documents → per-document facts → cross-document checks → findings → reporters

`run` reads every document once, turns it into facts, runs the document
rules on each document's facts and the corpus rules on all facts together,
and returns sorted findings. Reporters only format what it returns.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .checks.registry import CorpusRule, DocumentRule, Rule, get_rule, select_rules
from .documents import ReadProblem, discover, read_document
from .facts import DocumentFacts, extract_facts
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
    # Lower-cased word -> count over the whole corpus, summed as documents are
    # read so that no document's vocabulary has to stay in memory.
    vocabulary: Counter = field(default_factory=Counter)

    def shared(self, key: str, compute):
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


def _unreadable(problem: ReadProblem) -> Finding:
    rule = get_rule("DOC001")
    span = Span(0, 0, problem.line, problem.column, problem.line, problem.column)
    return rule.finding(problem.path, span, problem.message)


def run(
    paths: list[str],
    select: list[str] | tuple[str, ...] = (),
    ignore: list[str] | tuple[str, ...] = (),
    rule_dirs: list[str] | tuple[str, ...] = (),
    names_files: list[str] | tuple[str, ...] = (),
    exclude=None,
    progress=None,
) -> RunResult:
    """Raises MissingPath for a missing command-line path, SelectionError for a bad selector.
    `exclude(path)` drops documents, even ones named explicitly (configured excludes);
    `progress(done, total)` is told as each file is taken up."""
    rules: list[type[Rule]] = select_rules(select, ignore)
    rule_data = load_rule_data(rule_dirs, names_files)
    context = Context(rule_data)
    result = RunResult(rule_data_errors=list(rule_data.errors))
    files, explicit = discover(paths)
    if exclude is not None:
        files = [path for path in files if not exclude(path)]
    explicit_set = {p.resolve() for p in explicit}
    document_rules = [rule() for rule in rules if issubclass(rule, DocumentRule)]
    corpus_rules = [rule() for rule in rules if issubclass(rule, CorpusRule)]
    report_unreadable = any(rule.code == "DOC001" for rule in rules)

    for done, path in enumerate(files, 1):
        if progress is not None:
            progress(done - 1, len(files))
        try:
            document = read_document(path)
        except ReadProblem as problem:
            if problem.kind == "binary" and path.resolve() not in explicit_set:
                continue  # binary files met in a directory walk are simply not documents
            if report_unreadable and problem.kind != "binary":
                result.findings.append(_unreadable(problem))
            else:  # never silent: a warning when DOC001 is not selected
                result.warnings.append(str(problem))
            continue
        try:
            facts = extract_facts(document, rule_data)
            findings = [finding for rule in document_rules for finding in rule.check(facts, context)]
        except TimeoutError:  # a rule-data pattern that backtracks: bounded, reported, the run goes on
            result.internal_errors.append(
                f"{document.path}: a rule-data pattern took longer than {PATTERN_TIMEOUT} s on this document; "
                "simplify the patterns in the rule-data files")
            continue
        except Exception as error:  # a bug; say so, name the file, and check the others
            result.internal_errors.append(f"{document.path}: internal error: {error.__class__.__name__}: {error}")
            continue
        context.vocabulary.update(facts.vocabulary)
        facts.vocabulary = {}  # summed into the corpus vocabulary; not kept per document
        result.facts.append(facts)
        result.files_checked += 1
        result.findings.extend(findings)

    if progress is not None:
        progress(len(files), len(files))
    for rule in corpus_rules:
        try:
            result.findings.extend(rule.check_corpus(result.facts, context))
        except Exception as error:  # a bug in one cross-document rule loses only that rule's findings
            result.internal_errors.append(f"{rule.code}: internal error: {error.__class__.__name__}: {error}")

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

    result.findings.sort(key=lambda finding: finding.sort_key)
    return result

