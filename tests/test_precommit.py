"""End to end: corpuslint as a pre-commit hook in a real (temporary) git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
pytestmark = pytest.mark.skipif(not shutil.which("git") or not PRE_COMMIT.exists(), reason="needs git and pre-commit")

CLEAN = "Serzh Sargsyan spoke in Yerevan.[1]\n\nNotes\n\n[1] Reuters, “Armenia votes,” 12 May 2018.\n"


def git(repo: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def repo(tmp_path):
    repo = tmp_path / "repo"
    (repo / "corpus").mkdir(parents=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    git(repo, "init", "-q", env=env)
    config = {"repos": [{"repo": "local", "hooks": [{
        "id": "corpuslint", "name": "corpuslint", "entry": f"{sys.executable} -m corpuslint check",
        "language": "system", "files": r"^corpus/.*\.(txt|md)$", "require_serial": True}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    subprocess.run([str(PRE_COMMIT), "install"], cwd=repo, env=env, capture_output=True, check=True, timeout=120)
    return repo, env


def commit(repo: Path, env: dict, name: str, text: str) -> subprocess.CompletedProcess:
    (repo / "corpus" / name).write_text(text, encoding="utf-8")
    git(repo, "add", "-A", env=env)
    return git(repo, "commit", "-q", "-m", f"edit {name}", env=env)


def test_hook_lets_a_clean_commit_through_and_blocks_new_defects(repo):
    repo, env = repo
    assert commit(repo, env, "clean.txt", CLEAN).returncode == 0
    misspelled = commit(repo, env, "clean.txt", CLEAN.replace("Sargsyan", "Sargzyan"))
    assert misspelled.returncode != 0 and "NAM003" in misspelled.stdout + misspelled.stderr
    git(repo, "checkout", "--", ".", env=env)
    git(repo, "reset", "-q", "--hard", env=env)
    broken = commit(repo, env, "other.txt", "A claim.[2]\n\nNotes\n\n[1] Reuters, “Armenia votes,” 12 May 2018.\n")
    assert broken.returncode != 0 and "CIT001" in broken.stdout + broken.stderr
    log = git(repo, "log", "--oneline", env=env).stdout.splitlines()
    assert len(log) == 1  # only the clean commit landed


def test_repository_hook_configuration_is_serial_and_scoped_to_the_corpus():
    for name in (".pre-commit-config.yaml", ".pre-commit-hooks.yaml"):
        data = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
        hooks = data if isinstance(data, list) else [h for r in data["repos"] for h in r["hooks"]]
        (hook,) = [h for h in hooks if h["id"] == "corpuslint"]
        assert hook["entry"].startswith("corpuslint check") and hook["require_serial"] is True
        assert "txt" in hook["files"] and "md" in hook["files"]
