"""The Go toolchain as the fix tests use it: gofmt, go vet and go test, offline.

Go 1.19 and goleak come from Debian (`golang-go`, `golang-uber-goleak-dev`); `.ci/run`
installs them, so tests needing them skip only on a machine without them.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

GOLEAK_SRC = Path("/usr/share/gocode/src/go.uber.org/goleak")


def have_gofmt() -> bool:
    return shutil.which("gofmt") is not None


def have_go() -> bool:
    return shutil.which("go") is not None and GOLEAK_SRC.is_dir()


needs_gofmt = pytest.mark.skipif(
    not have_gofmt(), reason="gofmt not installed (.ci/run installs golang-go)"
)
needs_go = pytest.mark.skipif(
    not have_go(),
    reason="go or goleak not installed (.ci/run installs golang-go golang-uber-goleak-dev)",
)


def gofmt_diff(source: bytes) -> str:
    """'' when `source` is exactly what gofmt prints; else gofmt's diff (or its error)."""
    p = subprocess.run(["gofmt"], input=source, capture_output=True, timeout=30)
    if p.returncode != 0:
        return "gofmt failed: " + p.stderr.decode(errors="replace")
    if p.stdout == source:
        return ""
    return "".join(
        difflib.unified_diff(
            source.decode(errors="replace").splitlines(True),
            p.stdout.decode(errors="replace").splitlines(True),
            "fixed",
            "gofmt",
        )
    )


def go_env(tmp: Path) -> dict[str, str]:
    """Offline module mode with goleak replaced by the Debian sources; caches in `tmp`."""
    env = dict(os.environ)
    env.update(
        GOFLAGS="-mod=mod",
        GOPROXY="off",
        GOSUMDB="off",
        GOTOOLCHAIN="local",
        GO111MODULE="on",
        GOCACHE=str(tmp / "gocache"),
        GOPATH=str(tmp / "gopath"),
        HOME=str(tmp),
        CGO_ENABLED="0",
    )
    return env


GO_MOD = """module example.com/fixproof

go 1.19

require go.uber.org/goleak v1.2.0

replace go.uber.org/goleak => {goleak}
"""


def write_module(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "go.mod").write_text(GO_MOD.format(goleak=GOLEAK_SRC))
