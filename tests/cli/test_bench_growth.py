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


def test_commented_and_bigfile_functions_each_leak():
    for shape in ("commented", "bigfile"):
        data = growth.GENERATORS[shape](4).encode()
        assert not SourceFile("c.go", data).root.has_error, shape
        assert [f.code for f in analyze_source(data, "c.go").findings] == ["GL003"] * 4, shape
    per_function = len(growth.bigfile_file(1_000)) / 1_000
    assert 150 < per_function < 210  # 113,000 of them make the 20 MB file of issue 15


def test_each_nested_shape_nests_and_keeps_a_leak_of_its_own():
    for shape in ("selects", "blocks", "literals", "elseif"):
        small, big = growth.GENERATORS[shape](3), growth.GENERATORS[shape](6)
        assert not SourceFile("n.go", big.encode()).root.has_error, shape
        assert big.count("\n") > small.count("\n"), shape
        # `leak` leaks. The deep function's channel is received from; in the nested
        # selects, by one receive per level against a single send, so every receive after
        # the first waits for good (SENDS_USED_UP): one GL022 per extra level.
        expected = ["GL022", "GL022", "GL003"] if shape == "selects" else ["GL003"]
        assert [f.code for f in analyze_source(small.encode(), "n.go").findings] == expected
