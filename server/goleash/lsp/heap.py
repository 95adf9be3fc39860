"""Keeping the cyclic garbage collector's full passes off the keystroke path.

An open document holds hundreds of thousands of long-lived objects (its syntax
nodes' wrappers, declarations, findings, diagnostics). CPython's collector walks
every one of them on each full pass, and a keystroke that allocates a few
thousand new objects triggers one every few dozen edits: 60-100 ms on a
5,000-line file, the slowest keystrokes by far. After a whole-file analysis (a
document opened, settings changed) the objects it built are moved out of the
collector's sight (`gc.freeze`); later passes walk only what was made since.

Frozen objects are still freed when nothing refers to them any more; only those
in reference cycles wait, until the next settle, which thaws and collects
everything before freezing again. What can wait is therefore never more than was
alive at the last settle. A settle walks the whole heap, so it is done only when
the heap grew by half since the last one: opening fifty files settles a handful
of times, not fifty.
"""

from __future__ import annotations

import gc
import threading

# Settle again once the objects made since the last settle number this much of those frozen.
GROWTH = 0.5

# YOUNG_OBJECTS: the collector's youngest generation is walked once this many more
# objects were made than freed (CPython's default: 700). A keystroke on a leak-dense
# 5,000-line file makes several thousand (units, shifted findings, their positions),
# nearly all freed by reference counting when the next keystroke replaces them: at
# 700 the collector walked them several times a keystroke, and every tenth walk the
# older generation too, about 1 ms of a 7 ms keystroke (in-process replay, min of 3).
# Trade-off: garbage in reference cycles waits for up to this many objects (a few MB).
YOUNG_OBJECTS = 20_000


class Heap:
    def __init__(self) -> None:
        self._lock = threading.Lock()  # two analysis threads may finish at once
        self._owed = False  # a whole-file run finished since the last settle was due
        young, middle, old = gc.get_threshold()
        if 0 < young < YOUNG_OBJECTS:  # (0: the collector is off; leave it so)
            gc.set_threshold(YOUNG_OBJECTS, middle, old)

    def settle_due(self, whole_file_run: bool, analysing: bool) -> bool:
        """After a run: whether to settle now. A whole-file run owes one; it is paid
        at the first run that leaves no analysis running or waiting (SETTLE_WHEN_IDLE).
        A settle walks the whole heap in one call that holds the interpreter: beside
        a 4 MB analysis that took 100-200 ms, and every request meanwhile waited.
        Trade-off: while analyses follow one another, their objects stay in the
        collector's sight."""
        self._owed = self._owed or whole_file_run
        if not self._owed or analysing:
            return False
        self._owed = False
        return True

    def settle(self, force: bool = False) -> bool:
        """After a whole-file analysis: collect, then freeze what is left, when the heap
        grew enough since the last time (or `force`). True when it did."""
        with self._lock:
            frozen = gc.get_freeze_count()
            if not force and frozen and _unfrozen() < GROWTH * frozen:
                return False
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            return True


def _unfrozen() -> int:
    """Objects the collector tracks outside the frozen ones."""
    return len(gc.get_objects())
