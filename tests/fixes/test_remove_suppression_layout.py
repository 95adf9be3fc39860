"""Removing an unused suppression leaves the file as gofmt would have it."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from goleash.engine import analyze_source
from goleash.fixes import apply_edits

GOFMT = shutil.which("gofmt")

CASES = {
    "at the end of the file": "package p\n\nfunc f() {}\n\n//goleash:ignore GL001\n",
    "at the end, no final newline": "package p\n\nfunc f() {}\n\n//goleash:ignore GL001",
    "at the end, two blank lines before": "package p\n\nfunc f() {}\n\n\n//goleash:ignore GL001\n",
    "between two blank lines": "package p\n\nfunc f() {}\n\n//goleash:ignore GL001\n\nfunc g() {}\n",
    "above a declaration": "package p\n\nfunc f() {}\n\n//goleash:ignore GL001\nfunc g() {}\n",
}


def _removed(src: str) -> bytes:
    report = analyze_source(src.encode(), "/x/p.go")
    [unused] = [f for f in report.findings if f.code == "GL100"]
    [fix] = unused.fixes
    return apply_edits(src.encode(), list(fix.edits))


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_result_is_gofmt_clean(name):
    out = _removed(CASES[name])
    assert b"goleash:ignore" not in out
    assert not out.endswith(b"\n\n") and b"\n\n\n" not in out
    if GOFMT:
        formatted = subprocess.run([GOFMT], input=out, capture_output=True, check=True).stdout
        assert formatted == out, out
