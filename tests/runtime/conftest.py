"""Fixture modules and an in-process `goleash` for the `goleash test` tests."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from goleash.cli.main import main

TESTDATA = Path(__file__).parent / "testdata"


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def offline_go(monkeypatch):
    """The module recipe that works without a network: no proxy, no checksum database."""
    for key, value in dict(
        GOFLAGS="-mod=mod", GOPROXY="off", GOSUMDB="off", GOTOOLCHAIN="local"
    ).items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def module(tmp_path):
    """A fresh copy of a fixture module (the tests also check it is left untouched)."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(TESTDATA / name, target)
        return target

    return copy


@pytest.fixture
def goleash(capsys, monkeypatch, offline_go):
    def call(*args: str, cwd: Path) -> Run:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return call
