"""Straight runs of a control-flow graph, and where in one a pass must stop next.

Each identity of a function is judged by a forward pass over the function's graph
from where it is made (regions.Solver): N channel/goroutine pairs in one function make
N passes over the nodes of N pairs, the square of the function's size. Most of those
nodes name none of the identity's variables, and the pass carries its state through
them unchanged. A straight run (each node's only successor is the next one, which has
no other predecessor, no arm or case to test, and sits in the same loop; no loop header
and no way out inside) is indexed once by the names its nodes' events mention, so a
pass finds the next node of the run that may touch its identity by bisection and hands
its state straight there.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

from goleash.analysis.cfg import CFG, Node

# What a node's events may touch: the variable names they mention, or None when the
# node must always be looked at (its events reach something named otherwise).
Mentions = Callable[[Node], "frozenset[bytes] | None"]


@dataclass(eq=False)
class Run:
    nodes: list[Node]
    # Built on first use: positions by mentioned name, and the positions always looked at.
    _by_name: dict[bytes, list[int]] | None = field(default=None, repr=False)
    _always: list[int] = field(default_factory=list, repr=False)

    def next_touching(
        self, position: int, names: frozenset[bytes], mentions: Mentions
    ) -> int | None:
        """The first position from `position` on whose node may touch what `names`
        name, or None when no node of the rest of the run does."""
        if self._by_name is None:
            self._index(mentions)
        assert self._by_name is not None  # just built
        found: int | None = None
        for positions in (self._always, *(self._by_name.get(n, ()) for n in names)):
            i = bisect.bisect_left(positions, position)
            if i < len(positions) and (found is None or positions[i] < found):
                found = positions[i]
        return found

    def _index(self, mentions: Mentions) -> None:
        by_name: dict[bytes, list[int]] = {}
        for i, node in enumerate(self.nodes):
            names = mentions(node)
            if names is None:
                self._always.append(i)
                continue
            for name in names:
                by_name.setdefault(name, []).append(i)
        self._by_name = by_name


def runs(cfg: CFG) -> dict[int, tuple[Run, int]]:
    """Node id -> (its straight run, its position there), for runs of three nodes or
    more. Kept with the graph: every pass over it asks."""
    cached: dict[int, tuple[Run, int]] | None = cfg.__dict__.get("_inert_runs")
    if cached is not None:
        return cached
    preds: dict[int, int] = {}
    for n in cfg.nodes:
        for s in n.succ:
            preds[s.id] = preds.get(s.id, 0) + 1
    headers = {lp.header.id for lp in cfg.loops}

    def next_in_run(n: Node) -> Node | None:
        if n.terminal or len(n.succ) != 1 or n.id in headers:
            return None
        s = n.succ[0]
        if (
            s.arm is not None
            or s.kind == "case"
            or s.terminal
            or s.id in headers
            or s is cfg.entry
            or preds.get(s.id) != 1
            or s.loop is not n.loop
        ):
            return None
        return s

    continued = {after.id for n in cfg.nodes if (after := next_in_run(n)) is not None}
    found: dict[int, tuple[Run, int]] = {}
    for n in cfg.nodes:
        if n.id in continued:
            continue  # inside a run that starts earlier
        nodes = [n]
        step = next_in_run(n)
        while step is not None:
            nodes.append(step)
            step = next_in_run(step)
        if len(nodes) >= 3:
            run = Run(nodes)
            for i, node in enumerate(nodes):
                found[node.id] = (run, i)
    cfg.__dict__["_inert_runs"] = found
    return found
