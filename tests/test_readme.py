"""README's two set-up commands are the ones CI and newcomers run: keep them true."""

from __future__ import annotations

import re

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def block(name: str) -> list[str]:
    match = re.search(rf"<!-- {name} -->\n```sh\n(.*?)\n```\n<!-- /{name} -->", README, re.DOTALL)
    assert match, f"README.md has no {name} block"
    return match.group(1).splitlines()


def test_exactly_two_setup_commands_one_line_each():
    assert len(block("main-command")) == 1
    assert len(block("test-command")) == 1
    assert README.count("```sh\npython3 -m venv") == 2


def test_main_command_installs_and_checks_the_corpus():
    (command,) = block("main-command")
    assert "pip install" in command and command.endswith("corpuslint check corpus/")


def test_test_command_installs_dev_extras_and_runs_pytest():
    (command,) = block("test-command")
    assert "'.[dev]'" in command and command.endswith("pytest")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "readme_block test-command" in ci
