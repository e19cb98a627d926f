"""The command line: `corpuslint check`, `corpuslint rules`, `corpuslint rule CODE`.

Exit status of `check`: 0 when no finding reaches --fail-on, 1 when one
does, 2 for usage and input errors (a missing path, a bad selector, invalid
rule data). Input problems are one line each on stderr; never a traceback.
"""

from __future__ import annotations

import json
import gc
import os
import sys
import textwrap
import traceback
from pathlib import Path
from typing import Iterator

import click
import yaml

from . import __version__, baseline, fixes
from .checks.registry import FAMILIES, SelectionError, all_rules, get_rule, select_rules, split_selectors
from .documents import MissingPath, display_path
from .cache import CACHE_DIR
from .engine import default_jobs, run
from .findings import Severity
from .atomic import write_text_atomically
from .config import Config, ConfigError, find_config, load_config
from .progress import Progress
from .reporters import github, json_report, sarif, text

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def fail(message: str) -> "click.exceptions.Exit":
    click.echo(f"corpuslint: error: {message}", err=True)
    return click.exceptions.Exit(EXIT_USAGE)


def speed_options(command):
    """--jobs, --no-cache and --cache-dir, for every command that runs the rules."""
    command = click.option("--cache-dir", metavar="DIR", default=None,
                           help=f"Where the facts cache lives (default: {CACHE_DIR} beside the configuration, "
                                "else in the working directory).")(command)
    command = click.option("--no-cache", is_flag=True, help="Neither read nor write the facts cache.")(command)
    return click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
                        help="Documents read in parallel by N processes (default: all cores).")(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="corpuslint")
def cli() -> None:
    """Lint a corpus of prose documents: citations, names and figures, within and across documents."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules: codes, prefixes (CIT, CIT00) or names; comma-separated or repeated.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules (same forms as --select).")
@click.option("--rules", "rule_dirs", multiple=True, metavar="DIR", help="Add a rule-data directory besides the built-in rules/ (repeatable).")
@click.option("--names", "names_files", multiple=True, metavar="FILE", help="Add a reference-names YAML file (repeatable).")
@click.option("--fix", is_flag=True, help="Apply the certain fixes findings carry (files are rewritten atomically).")
@click.option("--diff", "show_diff", is_flag=True, help="Show the fixes as a unified diff; change nothing.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "sarif", "github"]), default="text", show_default=True,
              help="text (path:line:col: CODE message), json, sarif (SARIF 2.1.0) or github (workflow annotations).")
@click.option("--output", "-o", "output_file", metavar="FILE", help="Write the report to FILE (atomically) instead of standard output.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None, help="Lowest severity that makes the exit status 1 (default: warning).")
@click.option("--config", "config_file", metavar="FILE", help="Read configuration from FILE (default: corpuslint.yaml or [tool.corpuslint] found upward).")
@click.option("--baseline", "baseline_file", metavar="FILE", help=f"Hide the findings recorded in FILE (default: the nearest {baseline.BASELINE_NAME} upward).")
@click.option("--no-baseline", is_flag=True, help="Show every finding, ignoring any baseline.")
@speed_options
def check(paths, select, ignore, rule_dirs, names_files, fix, show_diff, output_format, output_file, fail_on,
          config_file, baseline_file, no_baseline, jobs, no_cache, cache_dir) -> None:
    """Check the documents under PATHS (default: the configured root, else the current directory)."""
    if fix and show_diff:
        raise fail("--fix and --diff exclude each other: --diff shows what --fix would write")
    if baseline_file and no_baseline:
        raise fail("--baseline and --no-baseline exclude each other")
    config = configuration(config_file)
    options = effective_options(config, paths, select, ignore, rule_dirs, names_files)
    options.update(speed(config, jobs, no_cache, cache_dir))
    fail_on = fail_on or config.fail_on or "warning"
    if no_baseline:
        baseline_path = None
    elif baseline_file or config.baseline:
        baseline_path = Path(baseline_file or config.resolve(config.baseline))
        baseline_file = str(baseline_path)
    else:
        baseline_path = baseline.find_baseline()
    if baseline_file and not baseline_path.is_file():
        raise fail(f"baseline {baseline_file} does not exist (write one with `corpuslint baseline`)")

    def without_baseline(result):
        if baseline_path is not None:
            try:
                result.findings, result.baselined = baseline.apply_baseline(result.findings, baseline_path)
            except baseline.BaselineError as error:
                raise fail(str(error)) from None
            result.baseline = display_path(baseline_path)
        return result

    def check_once():  # a fix needs the whole facts of every document it may touch
        return run_configured(config, options, focused=True, indexed=not (fix or show_diff))

    result = without_baseline(check_once())
    if fix or show_diff:
        plans = fixes.plan_fixes(result.findings, {facts.path: facts for facts in result.facts})
        for plan in plans:
            for reason in plan.skipped:
                click.echo(f"corpuslint: warning: {reason}", err=True)
        if show_diff:
            diff = fixes.unified_diff(plans)
            click.echo(diff, nl=False)
            count = sum(len(p.applied) for p in plans if p.after != p.before)
            click.echo(f"{count} fix{'es' if count != 1 else ''} would be applied", err=True)
            raise click.exceptions.Exit(EXIT_FINDINGS if diff else EXIT_CLEAN)
        applied, failures = fixes.apply(plans)
        for failure in failures:
            click.echo(f"corpuslint: error: {failure}", err=True)
        if applied:
            result = without_baseline(check_once())  # report what is left, as it now stands
        click.echo(f"Fixed {applied} finding{'s' if applied != 1 else ''}.", err=True)
    for notice in result.warnings:
        click.echo(f"corpuslint: warning: {notice}", err=True)
    for error in result.rule_data_errors:
        click.echo(f"corpuslint: error: {error}", err=True)
    for error in result.internal_errors:
        bug = " (a bug: please report it; the other files were checked)" if "internal error" in error else ""
        click.echo(f"corpuslint: error: {error}{bug}", err=True)
    threshold = Severity.parse(fail_on)
    if output_format == "json":
        report = json_report.render(result, threshold)
    elif output_format == "sarif":
        report = sarif.render(result, select_rules(options["select"], options["ignore"]))
    elif output_format == "github":
        report = github.lines(result)
    else:
        report = text.lines(result)
    if emit(report, output_file):
        click.echo(text.summary_line(result), err=True)
    if result.rule_data_errors or result.internal_errors:
        raise click.exceptions.Exit(EXIT_USAGE)
    raise click.exceptions.Exit(EXIT_FINDINGS if result.fails(threshold) else EXIT_CLEAN)


BATCH_CHARS = 1 << 18


def emit(pieces: Iterator[str], output_file: str | None) -> bool:
    """A report, as it is made, to `output_file` (atomically) or to standard output;
    whether it went to the file."""
    pieces = batches(pieces)
    if not output_file:
        for piece in pieces:
            click.echo(piece, nl=False)
        return False
    try:
        write_text_atomically(output_file, pieces)
    except OSError as error:
        raise fail(f"cannot write {output_file}: {(error.strerror or str(error)).lower()}") from None
    return True


def batches(pieces: Iterator[str]) -> Iterator[str]:
    """Pieces joined about BATCH_CHARS characters at a time: written as made, without a
    call per line. Counted in characters, not pieces: a report's pieces run from a line
    to a section, and 2,000 of the HTML report's were 31 million characters, held three
    times over (pieces, joined, encoded) at the report's peak."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= BATCH_CHARS:
            yield "".join(batch)
            batch, size = [], 0
    if batch:
        yield "".join(batch)


def configuration(config_file: str | None) -> Config:
    try:
        path = Path(config_file) if config_file else find_config()
        if config_file and not path.is_file():
            raise ConfigError(f"{config_file}: configuration file does not exist")
        return load_config(path) if path else Config()
    except ConfigError as error:
        raise fail(str(error)) from None


def effective_options(config: Config, paths, select, ignore, rule_dirs, names_files) -> dict:
    """Flags win over the configuration; rule data and names files add up.

    With a configured root, files passed by name (as pre-commit does) are
    checked with the whole corpus as context, so the cross-document rules
    still compare them with every other document; only findings that touch
    the passed files are reported."""
    root = config.resolve(config.root) if config.root else None
    only: set[Path] | None = None
    paths = list(paths)
    if root and paths and all(Path(p).is_file() for p in paths):
        root_path = Path(root).resolve()
        if all(root_path in Path(p).resolve().parents for p in paths):
            only = {Path(p).resolve() for p in paths}
            # The passed files too: they are taken as when named alone (a binary one warned
            # about, any suffix read) even where the walk passes them over.
            paths = [root, *paths]
    return {
        "paths": paths or ([root] if root else ["."]),
        "select": split_selectors(select) or config.select,
        "ignore": split_selectors(ignore) or config.ignore,
        "rules": [config.resolve(d) for d in config.rules] + list(rule_dirs),
        "names": [config.resolve(n) for n in config.names] + list(names_files),
        "only": only,
    }


def speed(config: Config, jobs: int | None, no_cache: bool, cache_dir: str | None) -> dict:
    directory = None if no_cache else (cache_dir or str(config.directory / CACHE_DIR))
    return {"jobs": jobs or default_jobs(), "cache_dir": directory}


def run_configured(config: Config, options: dict, focused: bool = False, keep: tuple[str, ...] = (), indexed: bool = True):
    """One run with the effective options; configured per-file ignores and severities applied.
    `focused`: only the findings that touch the files passed by name, when some were (a
    baseline is written from every finding). Progress goes to stderr when it is a terminal
    and the run takes a while."""
    progress = Progress("checked")
    try:
        result = run(options["paths"], select=options["select"], ignore=options["ignore"], rule_dirs=options["rules"],
                     names_files=options["names"], exclude=config.excluded, progress=progress,
                     jobs=options.get("jobs", 1), cache_dir=options.get("cache_dir"),
                     focus=options["only"] if focused else None, keep=keep, indexed=indexed)
    except (MissingPath, SelectionError) as error:
        raise fail(str(error)) from None
    finally:
        progress.close()
    result.findings = config.adjust(result.findings)
    return result


@cli.command(name="report")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "output_format", type=click.Choice(["html", "md"]), default="html", show_default=True,
              help="html: one self-contained page for a browser; md: Markdown for a pull request or wiki.")
@click.option("--output", "-o", "output_file", metavar="FILE", help="Write the report to FILE (atomically) instead of standard output.")
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules (as for check).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules (as for check).")
@click.option("--rules", "rule_dirs", multiple=True, metavar="DIR", help="Add a rule-data directory (as for check).")
@click.option("--names", "names_files", multiple=True, metavar="FILE", help="Add a reference-names file (as for check).")
@click.option("--config", "config_file", metavar="FILE", help="Read configuration from FILE.")
@click.option("--baseline", "baseline_file", metavar="FILE", help="Leave out the findings recorded in FILE (default: report every finding).")
@speed_options
def editorial_report(paths, output_format, output_file, select, ignore, rule_dirs, names_files, config_file,
                     baseline_file, jobs, no_cache, cache_dir) -> None:
    """Write the editorial discrepancy report for the documents under PATHS: what
    disagrees with what, where, and what to check. Every finding is reported, the
    baselined ones too, unless --baseline names a file."""
    from .report import html, markdown
    from .report.model import REPORT_KEEPS, build_report
    from .ruledata import load_rule_data

    config = configuration(config_file)
    options = effective_options(config, paths, select, ignore, rule_dirs, names_files)
    options.update(speed(config, jobs, no_cache, cache_dir))
    result = run_configured(config, options, focused=True, keep=REPORT_KEEPS)
    if baseline_file:
        try:
            result.findings, result.baselined = baseline.apply_baseline(result.findings, Path(baseline_file))
        except baseline.BaselineError as error:
            raise fail(str(error)) from None
    for line in [*result.warnings, *map(str, result.rule_data_errors), *result.internal_errors]:
        click.echo(f"corpuslint: warning: {line}", err=True)
    model = build_report(result, load_rule_data(options["rules"], options["names"]), release_facts=True)
    page = html.pieces(model, output_file) if output_format == "html" else markdown.pieces(model)
    if emit(page, output_file):
        count, files = len(result.findings), result.files_checked
        click.echo(f"Wrote the report of {count} finding{'s' if count != 1 else ''} in {files} "
                   f"file{'s' if files != 1 else ''} to {output_file}.", err=True)


@cli.command(name="config")
@click.option("--config", "config_file", metavar="FILE", help="Read configuration from FILE.")
def show_config(config_file) -> None:
    """Print the effective configuration and where it comes from."""
    config = configuration(config_file)
    data = config.to_dict()
    data["file"] = data["file"] or "(none found: defaults)"
    data["fail-on"] = data["fail-on"] or "warning"
    data["baseline"] = data["baseline"] or str(baseline.find_baseline() or "(none)")
    click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), nl=False)


@cli.command(name="baseline")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--output", "-o", metavar="FILE", default=baseline.BASELINE_NAME, show_default=True, help="Where to write the baseline.")
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules (as for check).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules (as for check).")
@click.option("--rules", "rule_dirs", multiple=True, metavar="DIR", help="Add a rule-data directory (as for check).")
@click.option("--names", "names_files", multiple=True, metavar="FILE", help="Add a reference-names file (as for check).")
@click.option("--config", "config_file", metavar="FILE", help="Read configuration from FILE.")
@speed_options
def write_baseline(paths, output, select, ignore, rule_dirs, names_files, config_file, jobs, no_cache, cache_dir) -> None:
    """Record the current findings under PATHS (default: the configured root), so that `check` reports only new ones."""
    config = configuration(config_file)
    options = effective_options(config, paths, select, ignore, rule_dirs, names_files)
    options.update(speed(config, jobs, no_cache, cache_dir))
    result = run_configured(config, options)
    for error in [*result.rule_data_errors, *result.internal_errors]:
        click.echo(f"corpuslint: error: {error}", err=True)
    if result.rule_data_errors or result.internal_errors:
        raise fail("baseline not written: fix the errors above first, or it would hide findings it never saw")
    try:
        count = baseline.write_baseline(Path(output), result.findings)
    except OSError as error:
        raise fail(f"cannot write {output}: {(error.strerror or str(error)).lower()}") from None
    click.echo(f"Wrote {count} finding{'s' if count != 1 else ''} to {output}.", err=True)


@cli.command(name="rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(output_format) -> None:
    """List every rule: code, name, default severity and summary."""
    rules = [rule for rule in all_rules()]
    if output_format == "json":
        data = [
            {"code": r.code, "name": r.name, "severity": r.severity.value, "family": FAMILIES[r.code[:3]], "summary": r.summary}
            for r in rules
        ]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    width = max(len(r.name) for r in rules)
    for r in rules:
        click.echo(f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary}")


@cli.command(name="rule")
@click.argument("code")
def explain_rule(code) -> None:
    """Explain one rule (by code or name): what it flags, why, and examples."""
    rule = get_rule(code)
    if rule is None:
        raise fail(f"unknown rule {code!r} (see `corpuslint rules`)")
    out = [f"{rule.code} {rule.name}", "", f"Default severity: {rule.severity.value}", f"Family: {FAMILIES[rule.code[:3]]}", ""]
    out += [textwrap.fill(rule.explanation, 88), ""]
    for example in rule.examples():
        out.append("Flags:" if example.flagged else "Does not flag:")
        out += [f"    {line}" if line else "" for line in example.text.rstrip("\n").split("\n")]
        out.append("")
    click.echo("\n".join(out).rstrip("\n"))


def main() -> None:
    # A run builds millions of long-lived objects and no cycles worth collecting; in a
    # short-lived process the cyclic collector only rescans them (engine.run pauses it
    # too, for library callers), so the command leaves it off throughout.
    gc.disable()
    try:
        cli.main(prog_name="corpuslint", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("corpuslint: interrupted", err=True)
        sys.exit(130)
    except Exception as error:  # a bug: say so in one line, traceback on request
        click.echo(f"corpuslint: internal error: {error.__class__.__name__}: {error} (a bug; set CORPUSLINT_DEBUG=1 for the traceback)", err=True)
        if os.environ.get("CORPUSLINT_DEBUG"):
            traceback.print_exc()
        sys.exit(EXIT_USAGE)
