"""Forward path analysis over a CFG, one loop at a time.

Back edges removed, a function body (or a loop body) is a DAG: one pass in
topological order computes, for every node, the join of what every path to it
did. A nested loop is entered as one step: its body is analysed once from a zero
state, and what one iteration does is scaled by the loop's trip count (all of it
when the loop ends normally, fewer iterations when it is left by `break` or
`return`). The analysis itself (what a state is, what a node does to it) is
supplied by the caller.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from goleash.analysis.cfg import CFG, Loop, Node

# A check record: (the event, the path state at it), as the analysis makes them.
Record = tuple[Any, Any]


class Analysis(Protocol):
    def zero(self) -> Any: ...
    def transfer(self, node: Node, state: Any, records: list[Record]) -> Any: ...
    def join(self, a: Any, b: Any) -> Any: ...
    def iterate(self, before: Any, loop: Loop, iteration: Any, partial: bool) -> Any: ...
    def compose(self, before: Any, relative: Any) -> Any: ...
    def loop_done(self, loop: Loop, state: Any) -> Any: ...
    def feasible(self, arm: Node, state: Any) -> bool: ...
    def skip_to(self, node: Node) -> Node | None: ...
    def apart(self, state: Any) -> Hashable: ...


@dataclass
class Outcome:
    kind: str  # "term" (a terminal node), "back" (to the region's header), "leave" (out of the region), "diverge"
    node: Node  # the terminal node, or the node control goes to
    state: Any
    normal: bool = False  # a loop's normal exit (from its header)


class Unanalysable(Exception):
    """Irreducible control flow (a backward goto)."""


def order(cfg: CFG) -> tuple[list[Node], dict[int, int]]:
    """Reverse postorder of the CFG without back edges, and each node's rank in it."""
    cached: tuple[list[Node], dict[int, int]] | None = cfg.__dict__.get("_order")
    if cached is not None:
        return cached
    post: list[Node] = []
    seen: set[int] = set()
    on_stack: set[int] = set()
    roots = [cfg.entry] + [n for n in cfg.nodes if n is not cfg.entry]
    for root in roots:
        if root.id in seen:
            continue
        stack = [(root, iter(root.succ))]
        seen.add(root.id)
        on_stack.add(root.id)
        while stack:
            node, it = stack[-1]
            advanced = False
            for s in it:
                if s.id in seen:
                    continue
                seen.add(s.id)
                on_stack.add(s.id)
                stack.append((s, iter(s.succ)))
                advanced = True
                break
            if not advanced:
                stack.pop()
                on_stack.discard(node.id)
                post.append(node)
    rpo = list(reversed(post))
    rank = {n.id: i for i, n in enumerate(rpo)}
    cfg.__dict__["_order"] = (rpo, rank)  # kept with the graph: every solver of it asks
    return rpo, rank


class Solver:
    def __init__(self, cfg: CFG, analysis: Analysis) -> None:
        if cfg.irreducible:
            raise Unanalysable
        self.cfg = cfg
        self.analysis = analysis
        self.rpo, self.rank = order(cfg)
        self.loop_of_header = {lp.header.id: lp for lp in cfg.loops}
        self._summaries: dict[int, tuple[Any, list[Outcome], list[Record]]] = {}

    def run(
        self, start: Node, region: Loop | None = None, initial: Any = None
    ) -> tuple[list[Outcome], list[Record]]:
        """(outcomes, check records) of the paths from `start` within `region`."""
        a = self.analysis
        outcomes: list[Outcome] = []
        records: list[Record] = []
        skip: set[int] = set()
        if start.id not in self.rank:
            return outcomes, records
        states = _Frontier(self.rpo, self.rank, a.join, a.apart)
        states.put(start, a.zero() if initial is None else initial)
        for node, state in states:
            if node.id in skip:
                continue
            if region is not None and node.id not in region.nodes:
                continue
            loop = self.loop_of_header.get(node.id)
            if loop is not None and loop is not region:
                self._enter(loop, state, region, states, outcomes, records)
                skip |= loop.nodes
                continue
            ahead = a.skip_to(node)
            if ahead is not None:
                # The nodes up to `ahead` do nothing to the state, and `ahead`'s only
                # predecessor is among them: it gets the state as it is.
                states.put(ahead, state)
                continue
            out = a.transfer(node, state, records)
            if node.terminal:
                outcomes.append(Outcome("term", node, out))
                continue
            for s in node.succ:
                if (s.arm is not None or s.kind == "case") and not a.feasible(s, out):
                    continue
                if region is not None and s is region.header:
                    outcomes.append(Outcome("back", s, out))
                elif region is not None and s.id not in region.nodes:
                    outcomes.append(Outcome("leave", s, out, normal=node is region.header))
                elif self.rank[s.id] <= self.rank[node.id]:
                    raise Unanalysable  # a cycle that is not a loop we know
                else:
                    states.put(s, out)
        return outcomes, records

    def summary(self, loop: Loop) -> tuple[Any, list[Outcome], list[Record]]:
        """(one iteration's effect or None, outcomes leaving the loop, records), relative to zero."""
        cached = self._summaries.get(id(loop))
        if cached is not None:
            return cached
        outcomes, records = self.run(loop.header, loop)
        a = self.analysis
        iteration = None
        rest = []
        for o in outcomes:
            if o.kind == "back":
                iteration = o.state if iteration is None else a.join(iteration, o.state)
            else:
                rest.append(o)
        result = (iteration, rest, records)
        self._summaries[id(loop)] = result
        return result

    def _enter(
        self,
        loop: Loop,
        before: Any,
        region: Loop | None,
        states: _Frontier,
        outcomes: list[Outcome],
        records: list[Record],
    ) -> None:
        a = self.analysis
        iteration, leaving, inner_records = self.summary(loop)
        partial = a.iterate(before, loop, iteration, True) if iteration is not None else before
        full = a.iterate(before, loop, iteration, False) if iteration is not None else before
        for ev, rel in inner_records:
            records.append((ev, a.compose(partial, rel)))
        for o in leaving:
            if o.kind == "leave" and o.normal:
                st = a.loop_done(loop, a.compose(full, o.state))
            elif (
                o.kind == "term"
                and loop.drain_exits
                and getattr(o.node.ast, "start_byte", None) in loop.drain_exits
            ):
                st = a.loop_done(
                    loop, a.compose(partial, o.state)
                )  # `if !ok { return }`: drained to the close
            else:
                st = a.compose(partial, o.state)
            if o.kind in ("term", "diverge"):
                outcomes.append(Outcome(o.kind, o.node, st))
                continue
            target = o.node
            if region is not None and target is region.header:
                outcomes.append(Outcome("back", target, st))
            elif region is not None and target.id not in region.nodes:
                outcomes.append(Outcome("leave", target, st))
            else:
                states.put(target, st)
        if loop.infinite:
            # Paths that never leave: they end nowhere, doing one iteration's work forever.
            outcomes.append(Outcome("diverge", loop.header, full))


class _Frontier:
    """The states waiting at the nodes ahead of a pass, handed out in reverse postorder,
    each once, joined when several paths reach a node. Only the nodes a state reaches
    are visited: a pass that jumps along a straight run (INERT_RUN, see skip_to) would
    otherwise still step over every node of the graph after its start, and N passes
    over one function (N channels) over N nodes each. A node behind the one being
    visited is never handed out, as a single sweep in order would never come back to it.
    """

    def __init__(
        self, rpo: list[Node], rank: dict[int, int], join: Any, apart: Callable[[Any], Hashable]
    ) -> None:
        self._rpo = rpo
        self._rank = rank
        self._join = join
        # KEPT_APART: states the analysis files under different keys reach a node side by
        # side, each joined only with its own kind, and the node is visited once per key.
        self._apart = apart
        self._states: dict[int, dict[Hashable, Any]] = {}
        self._ahead: list[int] = []  # a heap of the ranks of the nodes holding a state
        self._at = -1  # the rank of the node being visited

    def put(self, node: Node, state: Any) -> None:
        held = self._states.setdefault(node.id, {})
        key = self._apart(state)
        prev = held.get(key)
        held[key] = state if prev is None else self._join(prev, state)
        heapq.heappush(self._ahead, self._rank[node.id])

    def __iter__(self) -> Iterator[tuple[Node, Any]]:
        while self._ahead:
            rank = heapq.heappop(self._ahead)
            if rank <= self._at:
                continue  # already visited (a second path to it), or behind the sweep
            self._at = rank
            node = self._rpo[rank]
            for state in self._states.pop(node.id, {}).values():
                yield node, state
