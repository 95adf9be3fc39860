"""The bundled example: `goleash fix --unsafe-fixes examples/` leaves no leak behind, at run
time. A copy of examples/shop is driven down each of its leaky paths under
go.uber.org/goleak, once as shipped (it must leak) and once after the CLI fixed it (it
must not)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .gotools import go_env, needs_go

pytestmark = [needs_go, pytest.mark.timeout(600)]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "shop"

# Every leaky path of the example: the cache's sweeper (stopped by its context), a
# price lookup that times out, a validation that returns early, the idle workers.
DRIVER = """package shop

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestEveryLeakyPath(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	NewCache(ctx)
	short, stop := context.WithTimeout(context.Background(), time.Millisecond)
	_, _ = PriceOf(short, "sku-1")
	stop()
	_ = Validate("")
	StartWorkers()
	cancel()
	goleak.VerifyNone(t)
}
"""


def _module(root: Path, name: str) -> Path:
    pkg = root / name
    shutil.copytree(EXAMPLE, pkg)
    (pkg / "go.mod").write_text(
        "module example.com/shop\n\ngo 1.19\n\nrequire go.uber.org/goleak v1.2.0\n\n"
        "replace go.uber.org/goleak => /usr/share/gocode/src/go.uber.org/goleak\n"
    )
    (pkg / "leak_test.go").write_text(DRIVER)
    return pkg


def _go_test(pkg: Path, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["go", "test", "-count=1", "./..."],
        cwd=pkg,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_fix_unsafe_fixes_leaves_no_leak_in_the_example(tmp_path):
    env = go_env(tmp_path)
    before = _module(tmp_path, "before")
    after = _module(tmp_path, "after")
    fixed = subprocess.run(
        [sys.executable, "-m", "goleash", "fix", "--unsafe-fixes", "-q", str(after)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr  # 0: no finding left
    leaky = _go_test(before, env)
    assert leaky.returncode != 0 and "found unexpected goroutines" in leaky.stdout, (
        leaky.stdout + leaky.stderr
    )
    run = _go_test(after, env)
    assert run.returncode == 0, run.stdout + run.stderr
    vet = subprocess.run(
        ["go", "vet", "./..."], cwd=after, env=env, capture_output=True, text=True, timeout=300
    )
    assert vet.returncode == 0, vet.stdout + vet.stderr
