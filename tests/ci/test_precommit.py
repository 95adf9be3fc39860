"""The pre-commit hooks, run by pre-commit itself on scratch repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import LEAK, git, scratch_repo

pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """pre-commit's cache, shared so the hook environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def _pre_commit(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("pre-commit", path=os.path.dirname(sys.executable)) or shutil.which(
        "pre-commit"
    )
    if exe is None:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]' installs it)")
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    return subprocess.run(
        [exe, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=540,
        stdin=subprocess.DEVNULL,
    )


def try_repo(cwd: Path, repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess:
    """How a hook author tries hooks: no .pre-commit-config.yaml needed."""
    return _pre_commit(cwd, home, "try-repo", str(repo), hook, "--all-files")


def config(repo: Path) -> str:
    """A .pre-commit-config.yaml as a user writes it (the repository by path, at its commit)."""
    rev = git(repo, "rev-parse", "HEAD").strip()
    return (
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n"
        "      - id: goleash-check\n      - id: goleash-fix\n"
    )


def pre_commit(cwd: Path, repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess:
    """`pre-commit run HOOK --all-files` with the user's config (its environment is cached)."""
    return _pre_commit(cwd, home, "run", hook, "--all-files")


def test_try_repo_runs_the_check_hook(project_repo, tmp_path, home):
    work = scratch_repo(tmp_path / "work", {"leak.go": LEAK})
    run = try_repo(work, project_repo, "goleash-check", home)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "leak.go:4:2: goroutine `leaky` blocks forever" in run.stdout


def test_hooks_check_then_fix(project_repo, tmp_path, home):
    work = scratch_repo(
        tmp_path / "work",
        {"leak.go": LEAK, "README.md": "not go\n", ".pre-commit-config.yaml": config(project_repo)},
    )

    run = pre_commit(work, project_repo, "goleash-check", home)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "goleash check" in run.stdout and "Failed" in run.stdout
    assert "leak.go:4:2: goroutine `leaky` blocks forever" in run.stdout

    run = pre_commit(work, project_repo, "goleash-fix", home)
    # pre-commit fails a hook that changed files, so the user can review them.
    assert run.returncode == 1, run.stdout + run.stderr
    assert "files were modified by this hook" in run.stdout
    assert "\tch := make(chan int)\n\tdefer close(ch)\n" in (work / "leak.go").read_text()

    git(work, "add", "-A")
    run = pre_commit(work, project_repo, "goleash-check", home)
    assert run.returncode == 0 and "Passed" in run.stdout, run.stdout + run.stderr


def test_hooks_honour_goleash_toml_excludes_for_named_files(project_repo, tmp_path, home):
    work = scratch_repo(
        tmp_path / "work",
        {
            "gen/leak.go": LEAK,
            "legacy/leak.go": LEAK,
            "goleash.toml": 'exclude = ["gen/"]\n[per-path]\n"legacy/**" = ["GL003"]\n',
            ".pre-commit-config.yaml": config(project_repo),
        },
    )
    run = pre_commit(work, project_repo, "goleash-check", home)
    assert run.returncode == 0 and "Passed" in run.stdout, run.stdout + run.stderr
    (work / "goleash.toml").write_text("select = 3\n")
    git(work, "add", "-A")
    run = pre_commit(work, project_repo, "goleash-check", home)
    assert run.returncode == 2 or "exit code: 2" in run.stdout, run.stdout
    assert "goleash.toml:1: select: expected a list" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr
