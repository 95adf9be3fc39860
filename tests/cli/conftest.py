"""Helpers for the CLI tests: run `goleash` in-process and capture what it prints."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from goleash.cli.main import main

DATA = Path(__file__).parent / "data"


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def goleash(capsys, monkeypatch):
    """Call `goleash ARGS...` from `cwd` (default: the fixture data directory)."""

    def call(*args: str, cwd: Path | str = DATA) -> Run:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return call


@pytest.fixture
def data() -> Path:
    return DATA
