"""A full collector pass after a whole-file analysis, then only when the heap grew."""

from __future__ import annotations

import gc
import weakref

from goleash.lsp.heap import Heap


def test_settling_freezes_what_lives_and_waits_for_the_heap_to_grow() -> None:
    heap = Heap()
    try:
        assert heap.settle(force=True)
        frozen = gc.get_freeze_count()
        assert frozen > 0 and len(gc.get_objects()) < frozen // 10
        assert not heap.settle()  # nothing new since: no pass over the heap
        kept = [[i] for i in range(frozen)]  # the heap doubles
        assert heap.settle()
        assert gc.get_freeze_count() > frozen + len(kept) // 2  # the new lists among them
        del kept
    finally:
        gc.unfreeze()


def test_a_cycle_frozen_with_the_heap_is_collected_at_the_next_settle() -> None:
    heap = Heap()
    try:

        class Node:
            other: object = None

        a, b = Node(), Node()
        a.other, b.other = b, a  # a reference cycle: only the collector frees it
        alive = weakref.ref(a)
        heap.settle(force=True)
        del a, b
        gc.collect()
        assert alive() is not None  # frozen: out of the collector's sight meanwhile
        heap.settle(force=True)
        assert alive() is None  # thawed and collected before freezing again
    finally:
        gc.unfreeze()


def test_the_youngest_generation_is_walked_less_often_than_by_default() -> None:
    from goleash.lsp.heap import YOUNG_OBJECTS

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, before[1], before[2])
        Heap()
        assert gc.get_threshold() == (YOUNG_OBJECTS, before[1], before[2])
        gc.set_threshold(0)  # the collector off (a debugging session): left off
        Heap()
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)


def test_a_whole_file_run_settles_only_once_no_analysis_runs() -> None:
    heap = Heap()
    # The small document's whole-file run finishes while the big one is analysed: owed.
    assert not heap.settle_due(whole_file_run=True, analysing=True)
    # A keystroke's run beside it: still busy, still owed.
    assert not heap.settle_due(whole_file_run=False, analysing=True)
    # The first run that leaves the worker idle pays it, once.
    assert heap.settle_due(whole_file_run=False, analysing=False)
    assert not heap.settle_due(whole_file_run=False, analysing=False)
    assert heap.settle_due(whole_file_run=True, analysing=False)


def test_the_worker_is_busy_while_a_job_runs_or_waits() -> None:
    import asyncio
    import threading

    from goleash.lsp.worker import AnalysisWorker

    async def scenario() -> list[bool]:
        worker = AnalysisWorker()
        release = threading.Event()
        seen = [worker.busy()]
        first = worker.submit("file:///a.go", lambda: release.wait(10))
        seen.append(worker.busy())
        release.set()
        await first
        seen.append(worker.busy())
        worker.stop()
        return seen

    assert asyncio.run(scenario()) == [False, True, False]
