"""Paths and a batch-Emacs runner shared by the editor snippet tests."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CLIENTS = REPO / "clients"
HERE = Path(__file__).parent
DEBIAN_ELPA = Path("/usr/share/emacs/site-lisp/elpa")
EMACS_RUN_TIMEOUT = 90


def run_emacs(
    emacs: str, args: list[str], tmp_path: Path, extra_env: dict[str, str]
) -> tuple[subprocess.CompletedProcess, dict]:
    """Batch Emacs with a throwaway HOME; returns the process and the driver's JSON report (if any)."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    result = tmp_path / "result.json"
    env = dict(
        os.environ,
        HOME=str(home),
        GOLEASH_RESULT=str(result),
        GOLEASH_CLIENTS=str(CLIENTS / "emacs"),
        **extra_env,
    )
    try:
        proc = subprocess.run(
            [emacs, "-Q", "--batch", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=EMACS_RUN_TIMEOUT,
            stdin=subprocess.DEVNULL,
            cwd=tmp_path,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"emacs did not finish in {EMACS_RUN_TIMEOUT} s; stderr: {exc.stderr!r}")
    report = json.loads(result.read_text()) if result.exists() else {}
    return proc, report
