"""Stopping an analysis that is no longer wanted: the engine's hook, the incremental
layer's kept progress, and the worker that stops the job of a document."""

from __future__ import annotations

import asyncio
import threading

import pytest

from goleash import engine
from goleash.incremental import IncrementalAnalyzer
from goleash.lsp.worker import AnalysisWorker
from goleash.rules import ALL_RULES
from goleash.source import SourceFile
from tests.lsp.test_incremental import _canonical


def functions(n: int, leak_every: int = 3) -> bytes:
    parts = ["package big\n\n"]
    for i in range(n):
        if i % leak_every == 0:
            parts.append(
                f"func leak{i}() {{\n\tch := make(chan int)\n\tgo func() {{\n\t\tch <- {i}\n\t}}()\n}}\n\n"
            )
        else:
            parts.append(
                f"func plain{i}(a int) int {{\n\tch := make(chan int, 1)\n\tch <- a\n\treturn <-ch\n}}\n\n"
            )
    return "".join(parts).encode()


class StopAfter:
    """should_stop for engine.cancellable: yes from the `n`-th question on."""

    def __init__(self, n: int) -> None:
        self.n, self.asked = n, 0

    def __call__(self) -> bool:
        self.asked += 1
        return self.asked >= self.n


def test_an_analysis_asked_to_stop_raises_cancelled_and_stops_early():
    data = functions(30)
    stop = StopAfter(3)
    with engine.cancellable(stop), pytest.raises(engine.Cancelled):
        engine.analyze_source(data, "big.go")
    assert stop.asked == 3  # it stopped at the third checkpoint, not at the end
    # Outside the block nothing asks: the same call runs to the end.
    assert len(engine.analyze_source(data, "big.go").findings) == 10


def test_a_stopped_run_keeps_what_it_did_and_the_next_run_equals_a_full_analysis():
    data = functions(60)
    analyzer = IncrementalAnalyzer()
    # A checkpoint before each declaration and each rule: stop in about the 20th function.
    with engine.cancellable(StopAfter(20 * (len(ALL_RULES) + 1))), pytest.raises(engine.Cancelled):
        analyzer.analyze(SourceFile("big.go", data))
    # The same text again: only the declarations the stopped run did not reach.
    report = analyzer.analyze(SourceFile("big.go", data))
    assert not analyzer.last_run_was_full and 30 <= analyzer.reanalysed_units <= 45
    assert _canonical(report) == _canonical(
        engine.analyze(SourceFile("big.go", data), with_fixes=False)
    )
    assert analyzer.touched_names is None  # the stopped first run was a whole-file one

    # Stopped again after an edit, then another edit: still what a full run says.
    edited = data.replace(
        b"\t\tch <- 0\n", b"\t\tselect {\n\t\tcase ch <- 0:\n\t\tdefault:\n\t\t}\n"
    )
    with engine.cancellable(StopAfter(1)), pytest.raises(engine.Cancelled):
        analyzer.analyze(SourceFile("big.go", edited))
    again = edited.replace(b"func plain59(a int) int {\n", b"func plain59(a int) int {\n\t_ = a\n")
    report = analyzer.analyze(SourceFile("big.go", again))
    assert analyzer.reanalysed_units == 2  # leak0, which the stopped run did not reach, and plain59
    assert "leak0" in analyzer.touched_names and "plain59" in analyzer.touched_names
    assert _canonical(report) == _canonical(
        engine.analyze(SourceFile("big.go", again), with_fixes=False)
    )


def test_a_stopped_run_leaves_fixes_to_a_full_analysis():
    data = functions(6)
    analyzer = IncrementalAnalyzer()
    with engine.cancellable(StopAfter(2)), pytest.raises(engine.Cancelled):
        analyzer.analyze(SourceFile("big.go", data))
    file = SourceFile("big.go", data)
    report = analyzer.with_fixes(file, ranges=[(0, 10)])
    assert [f.code for f in report.findings] == ["GL003", "GL003"] and all(
        f.fixes for f in report.findings
    )


async def test_the_worker_stops_a_running_job_and_drops_a_waiting_one():
    worker = AnalysisWorker()
    started = threading.Event()
    checkpoints = []

    def long_job():
        started.set()
        for i in range(10_000):
            checkpoints.append(i)
            engine.checkpoint()
            threading.Event().wait(0.001)
        return "finished"

    running = worker.submit("file:///a.go", long_job)
    assert await asyncio.get_running_loop().run_in_executor(None, started.wait, 10)
    waiting = worker.submit("file:///a.go", lambda: "newer")  # queued: a.go is running
    other = worker.submit("file:///b.go", lambda: "b")
    worker.cancel("file:///a.go")
    with pytest.raises(engine.Cancelled):
        await asyncio.wait_for(running, 10)
    with pytest.raises(engine.Cancelled):
        await asyncio.wait_for(waiting, 10)
    assert await asyncio.wait_for(other, 10) == "b"
    assert len(checkpoints) < 10_000
    # The next job of the same document runs, with no stop asked of it.
    assert (
        await asyncio.wait_for(
            worker.submit("file:///a.go", lambda: (engine.checkpoint(), "again")[1]), 10
        )
        == "again"
    )
    worker.stop()
