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
