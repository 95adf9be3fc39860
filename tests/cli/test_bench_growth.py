"""bench/growth.py measures what it says: its generated inputs parse and leak as described,
and its runner reports the CLI's exit status and figures."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from goleash.engine import analyze_source
from goleash.source import SourceFile

_SPEC = importlib.util.spec_from_file_location(
    "growth", Path(__file__).resolve().parents[2] / "bench" / "growth.py"
)
assert _SPEC is not None and _SPEC.loader is not None
growth = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(growth)


def test_pairs_leak_every_other_channel_in_one_function():
    data = growth.pairs_file(10).encode()
    assert not SourceFile("p.go", data).root.has_error and data.count(b"\nfunc ") == 1
    assert [f.code for f in analyze_source(data, "p.go").findings] == ["GL003"] * 5


def test_functions_each_leak():
    data = growth.functions_file(4).encode()
    assert not SourceFile("f.go", data).root.has_error
    assert [f.code for f in analyze_source(data, "f.go").findings] == ["GL003"] * 4


def test_the_runner_reports_the_check_and_a_linear_exponent(tmp_path):
    path = tmp_path / "f.go"
    path.write_text(growth.functions_file(3), encoding="utf-8")
    wall, cpu, peak, status = growth.run_check(str(path), "text", timeout=120)
    assert status == 1 and wall > 0 and cpu > 0 and peak > 10  # findings: exit 1; a Python process
    assert abs(growth.exponent(100, 1.0, 200, 2.0) - 1.0) < 1e-9
    assert abs(growth.exponent(100, 1.0, 200, 4.0) - 2.0) < 1e-9
