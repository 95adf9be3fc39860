"""GROUP_COPIED: a WaitGroup field whose pointer the package puts into another value
(`&job{v, results, a.jobWait}`) may be counted down through that copy (`j.wg.Done()`).

The program (group_copied/adapter.go, after git-lfs's transfer adapter) also has a
channel its `Begin` makes, which GL014 reports; the question here is GL015 alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from goleash.analysis import liveness
from goleash.engine import analyze
from goleash.source import SourceFile

PROGRAM = Path(__file__).parent / "group_copied" / "adapter.go"


def _codes() -> list[str]:
    report = analyze(SourceFile(str(PROGRAM), PROGRAM.read_bytes()))
    return [f.code for f in report.findings]


def test_a_group_done_through_a_copy_in_a_job_is_not_reported() -> None:
    assert "GL015" not in _codes()


def test_without_the_guard_the_group_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(liveness, "_group_copied", lambda package, field: False)
    assert "GL015" in _codes()
