"""A rule that fails is not a clean result: `check` exits 2, names the file and the
rule, and keeps every other finding (of that file and the others)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from goleash import engine, rules
from goleash.engine import IncompleteAnalysis, analyze_source, incomplete

from .conftest import DATA

LEAKY = (DATA / "classic" / "leaky.go").read_bytes()


@pytest.fixture
def failing_rule(monkeypatch):
    """GL018 raises on a file that mentions BOOM (a stand-in for any bug in a rule)."""
    index = next(i for i, r in enumerate(rules.ALL_RULES) if r.code == "GL018")
    original = rules.ALL_RULES[index]

    def check(ctx):
        if b"BOOM" in ctx.file.data:
            raise RecursionError("maximum recursion depth exceeded")
        return original.check(ctx)

    patched = list(rules.ALL_RULES)
    patched[index] = dataclasses.replace(original, check=check)
    monkeypatch.setattr(engine, "ALL_RULES", tuple(patched))


def test_the_engine_says_which_notes_mean_incomplete(failing_rule):
    report = analyze_source(LEAKY + b"\n// BOOM\n", "/x/leaky.go")
    [note] = incomplete(report.notes)
    assert (
        isinstance(note, IncompleteAnalysis) and note.path == "/x/leaky.go" and note.rule == "GL018"
    )
    assert report.findings  # the other rules' findings stay


def test_check_exits_2_naming_the_file_and_keeps_the_findings(goleash, tmp_path, failing_rule):
    (tmp_path / "boom.go").write_bytes(LEAKY + b"\n// BOOM\n")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "leaky.go").write_bytes(LEAKY)
    run = goleash("check", "--no-related", ".", "-j", "1", cwd=tmp_path)
    assert run.code == 2
    assert "boom.go: error: not fully analysed (rule GL018)" in run.err
    assert {line.split(":")[0] for line in run.out.splitlines()} == {"boom.go", "other/leaky.go"}
    data = goleash("check", "--format", "json", ".", "-j", "1", cwd=tmp_path)
    assert data.code == 2 and len(json.loads(data.out)) >= 2


def test_a_clean_run_still_exits_0_or_1(goleash, tmp_path, failing_rule):
    (tmp_path / "leaky.go").write_bytes(LEAKY)
    assert goleash("check", ".", cwd=tmp_path).code == 1


def test_a_function_nested_too_deep_is_named_and_the_rest_still_reported(tmp_path):
    import subprocess
    import sys

    deep = (
        "package p\n\nfunc deep(ch chan int) {\n"
        + "\tif true {\n" * 200
        + "\tgo func() { <-ch }()\n"
        + "\t}\n" * 200
        + "}\n\nfunc leak() {\n\tch := make(chan int)\n\tgo func() { <-ch }()\n}\n"
    )
    report = analyze_source(deep.encode(), "/x/deep.go")
    [note] = incomplete(report.notes)
    assert note.function == "deep" and note.path == "/x/deep.go"
    assert [f.code for f in report.findings] == ["GL003"]  # the leak in `leak` is still found
    src = tmp_path / "deep.go"
    src.write_text(deep)
    run = subprocess.run(
        [sys.executable, "-m", "goleash", "check", "--isolated", str(src)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2, run.stdout + run.stderr
    assert "function deep" in run.stdout + run.stderr and "GL003" in run.stdout
