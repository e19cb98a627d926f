"""Shared helpers: run corpuslint in-process or as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpuslint.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = ROOT / "corpus"


@pytest.fixture
def run_cli():
    """Invoke the CLI in-process; returns (exit_code, stdout, stderr)."""

    def invoke(*args: str, cwd: Path | None = None):
        runner = CliRunner()
        previous = os.getcwd()
        try:
            if cwd is not None:
                os.chdir(cwd)
            result = runner.invoke(cli, list(args), catch_exceptions=False)
        finally:
            os.chdir(previous)
        return result.exit_code, result.stdout, result.stderr

    return invoke


@pytest.fixture
def run_json(run_cli):
    def invoke(*args: str, cwd: Path | None = None):
        code, out, err = run_cli("check", "--format", "json", *args, cwd=cwd)
        return code, json.loads(out), err

    return invoke


def run_process(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real entry point in a subprocess (exit codes, stderr, no tracebacks)."""
    return subprocess.run(
        [sys.executable, "-m", "corpuslint", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
