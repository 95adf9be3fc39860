"""A flight counted on a WaitGroup and published in a map, which its leader leaves
counted up on some way out.

```go
if c, ok := g.calls[key]; ok {
        g.mu.Unlock()
        c.wg.Wait()                     // a follower waits for the leader's result
        return c.val, c.err
}
c := new(call)
c.wg.Add(1)
g.calls[key] = c                        // published: followers find it from now on
g.mu.Unlock()
g.run(c, key, fn)
return c.val, c.err

func (g *Group) run(c *call, key string, fn func() (string, error)) {
        defer func() {
                if r := recover(); r != nil {
                        c.err = fmt.Errorf("%w: %v", errPanicked, r)  // c.wg stays at 1
                }
        }()
        c.val, c.err = fn()
        c.wg.Done()
}
```

The WaitGroup form of request coalescing (a single flight per key): the leader counts
the flight in, publishes it, and counts it out when the result is there; every
follower that found it in the map waits for that `Done`. A way out of the leader that
skips it (an error `return` before it, or a panic a deferred `recover` stops before
it) leaves the count at one: the followers sleep for good, and deleting the entry only
hides the flight from callers still to come.

Heuristics, each a trade-off:
- COUNTED_PUBLICATION: the leader makes the flight (`c := new(T)`, `c := &T{...}`),
  counts it in with `c.F.Add(1)` (F a WaitGroup field of T) and stores it in a map
  field (`x.m[key] = c`).
- FOLLOWER_WAITS: the `Wait` on the field is in a function of the package that reads
  that map (`.m[`).
- FINISHED_SOMEWHERE: the leader counts the flight out on some way (`c.F.Done()` on
  its own path, or in a function of the package it hands `c` to). A flight counted out
  only by others (a goroutine, another method) is theirs to finish and is not judged.
- UNFINISHED_WAY: from the store, a way out of the leader (a `return`, the end of its
  body, or a panic its deferred `recover` stops: RECOVER_MEANS_PANICS in cfg.py) that
  meets no `Done` on the field and no deferred call of one. A call handing `c` to a
  function of the package is followed into it (HANDED_TO_A_HELPER, two calls deep):
  a way out of the helper that skips the `Done` is the leader's, the helper's other
  ways count it out. `c` handed to anything else (a goroutine, a function outside the
  package, a deferred call, a call too deep) may be finished there: that way is not
  judged. A way out through an `os.Exit`, a `log.Fatal` or a failing test is not one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.cfg import END, RETURN
from goleash.analysis.liveness import Verdict
from goleash.analysis.skipped_releases import waits_on_fields

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.functions import Function
    from goleash.analysis.liveness import Liveness
    from goleash.analysis.values import FieldRef

# HANDED_TO_A_HELPER: how many calls deep a handed flight is followed.
_HELPER_DEPTH = 2


@dataclass(frozen=True)
class UnfinishedFlight:
    leader: Function  # the function publishing the flight
    flight: str  # its name there (`c`)
    add: tree_sitter.Node  # `c.wg.Add(1)`
    store: tree_sitter.Node  # `g.calls[key] = c`
    exit: CfgNode  # the way out that skips the `Done` (in `exit_func`)
    exit_func: Function  # the leader, or the helper the flight was handed to
    holder: str  # the flight's name in `exit_func` (`c`)
    done: tree_sitter.Node  # a `Done` counting the flight out on another way


def unfinished_flight_verdicts(
    liveness: Liveness, field_waits: Iterable[tree_sitter.Node]
) -> list[Verdict]:
    """Verdicts "flight-unfinished": a follower's `Wait` on a WaitGroup field of a flight
    that its leader publishes in a map and leaves counted up on some way out."""
    out: list[Verdict] = []
    for func, wait, wg, ident in waits_on_fields(liveness, field_waits):
        if b"Wait()" not in (func.node.text or b""):
            continue
        for flight in _unfinished(liveness, wg):
            if _reads_map(func.node, _map_field(flight)):
                out.append(
                    Verdict(
                        "flight-unfinished",
                        ident,
                        wait,
                        func,
                        None,
                        exit=flight.exit,
                        detail={"flight": flight},
                    )
                )  # FOLLOWER_WAITS
                break
    return out


def _reads_map(func: tree_sitter.Node, field: str) -> bool:
    """FOLLOWER_WAITS: the function looks the map up (`x.m[key]` other than as the
    target of an assignment)."""
    for n in gosyntax.walk(func):
        if n.type != "index_expression":
            continue
        operand = gosyntax.unparen(n.child_by_field_name("operand"))
        if operand is None or operand.type != "selector_expression":
            continue
        if gosyntax.text(gosyntax.field(operand, "field")) != field:
            continue
        parent = n.parent
        stored = (
            parent is not None
            and parent.type == "expression_list"
            and parent.parent is not None
            and parent.parent.type == "assignment_statement"
            and parent.parent.child_by_field_name("left") == parent
        )
        if not stored:
            return True
    return False


def _map_field(flight: UnfinishedFlight) -> str:
    target = flight.store.child_by_field_name("left")
    index = target.named_children[0] if target is not None and target.named_children else None
    operand = index.child_by_field_name("operand") if index is not None else None
    if operand is not None and operand.type == "selector_expression":
        return gosyntax.text(gosyntax.field(operand, "field"))
    return gosyntax.text(operand) if operand is not None else ""


def _unfinished(liveness: Liveness, wg: FieldRef) -> Iterator[UnfinishedFlight]:
    adds = re.compile(rb"\b(\w+)\." + re.escape(wg.field.encode()) + rb"\.Add\(\s*1\s*\)")
    for f in liveness.package.files:
        for m in adds.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.start() + 1)
            add = node
            while add is not None and add.type != "call_expression":
                add = add.parent
            leader = liveness.functions.enclosing(add, f) if add is not None else None
            if add is None or leader is None or leader.cfg is None:
                continue
            name = m.group(1).decode()
            operand = gosyntax.field(add, "function").child_by_field_name("operand")
            if leader.resolver.ref(operand) != wg or not _made_here(leader, name):
                continue  # COUNTED_PUBLICATION
            store = _map_store(leader, name)
            if store is None:
                continue
            found = _unfinished_way(liveness, leader, store, name, wg)
            if found is not None:
                exit_node, exit_func, holder, done = found
                yield UnfinishedFlight(leader, name, add, store, exit_node, exit_func, holder, done)


def _made_here(func: Function, name: str) -> bool:
    """`name := new(T)` or `name := &T{...}` in the function's body."""
    body = func.node.child_by_field_name("body")
    for decl in gosyntax.walk(body) if body is not None else ():
        if decl.type != "short_var_declaration":
            continue
        left = gosyntax.field(decl, "left").named_children
        right = gosyntax.field(decl, "right").named_children
        if len(left) != 1 or len(right) != 1 or gosyntax.text(left[0]) != name:
            continue
        value = gosyntax.unparen(right[0])
        if value is None:
            return False
        if value.type == "call_expression":
            return gosyntax.callee_text(value) == "new"
        return value.type == "unary_expression" and gosyntax.text(value).startswith("&")
    return False


def _map_store(func: Function, name: str) -> tree_sitter.Node | None:
    """`x.m[key] = name`."""
    body = func.node.child_by_field_name("body")
    for stmt in gosyntax.walk(body) if body is not None else ():
        assigned = gosyntax.sole_assignment(stmt)
        if assigned is None or gosyntax.text(assigned[1]) != name:
            continue
        target = assigned[0]
        operand = gosyntax.unparen(target.child_by_field_name("operand"))
        if (
            target.type == "index_expression"
            and operand is not None
            and operand.type == "selector_expression"
        ):
            return stmt
    return None


def _unfinished_way(
    liveness: Liveness, leader: Function, store: tree_sitter.Node, name: str, wg: FieldRef
) -> tuple[CfgNode, Function, str, tree_sitter.Node] | None:
    cfg = leader.cfg
    start = cfg.node_of(store) if cfg is not None else None
    if start is None:
        return None
    walk = _Walk(liveness, wg)
    skip = walk.skipping(leader, start, name, _HELPER_DEPTH)
    if skip is None or walk.done is None:
        return None  # FINISHED_SOMEWHERE
    exit_node, exit_func, holder = skip
    return exit_node, exit_func, holder, walk.done


class _Walk:
    """Ways out of a function from a node, for one flight, following it into helpers."""

    def __init__(self, liveness: Liveness, wg: FieldRef) -> None:
        self.liveness = liveness
        self.wg = wg
        self.done: tree_sitter.Node | None = None  # a `Done` seen on some way
        self._helpers: dict[tuple[int, int], tuple[CfgNode, Function, str] | bool | None] = {}

    def skipping(
        self, func: Function, start: CfgNode, name: str, depth: int
    ) -> tuple[CfgNode, Function, str] | None:
        """(the way out, its function, the flight's name there) of the first way out from
        `start` that meets no `Done` of the flight."""
        found: tuple[CfgNode, Function, str] | None = None
        stack, seen = [start], set[int]()
        while stack:
            n = stack.pop()
            if n.id in seen:
                continue
            seen.add(n.id)
            verdict = self._stops(func, n, name, depth)
            if verdict == "done":
                continue
            if verdict == "handed":
                continue
            if isinstance(verdict, tuple):
                found = found or verdict
                continue
            if n.kind in (RETURN, END):
                found = found or (n, func, name)
                continue
            stack.extend(reversed(n.succ))
        return found

    def _stops(
        self, func: Function, n: CfgNode, name: str, depth: int
    ) -> str | tuple[CfgNode, Function, str] | None:
        """ "done" when the node counts the flight out, "handed" when it hands it to code
        not judged, a helper's skipping way out when it hands it to one, else None."""
        for e in n.events:
            if e.kind == "done" and e.ref == self.wg:
                self.done = self.done or e.node
                return "done"
            if e.kind == "defer" and _releases(e, self.wg, func):
                self.done = self.done or e.node
                return "done"
            if e.kind == "spawn" and _mentions(e, name):
                return "handed"
            if e.kind == "defer" and _passes(e, name):
                return "handed"
            if e.kind == "call" and e.call is not None:
                index = _argument_index(e.call, name)
                if index is None:
                    continue
                return self._helper(func, e, index, depth)
        if n.ast is not None and n.ast.type in ("assignment_statement", "short_var_declaration"):
            right = n.ast.child_by_field_name("right")
            if (
                right is not None
                and any(gosyntax.text(v) == name for v in right.named_children)
                and not _is_store_of(n.ast, name)
            ):
                return "handed"  # kept under another name: not followed
        return None

    def _helper(
        self, func: Function, e: Event, index: int, depth: int
    ) -> str | tuple[CfgNode, Function, str]:
        assert e.call is not None
        callee = self.liveness.functions.callee(e.call, func)
        if depth <= 0 or callee is None or callee.cfg is None:
            return "handed"
        params = gosyntax.parameters(callee.node)
        if index >= len(params) or not params[index][0]:
            return "handed"
        param = params[index][0]
        key = (callee.node.start_byte, index)
        if key not in self._helpers:
            self._helpers[key] = True  # a call back into it while judging: handed
            self._helpers[key] = self.skipping(callee, callee.cfg.entry, param, depth - 1)
        skip = self._helpers[key]
        if skip is True:
            return "handed"
        if skip is None:
            return "done"
        assert not isinstance(skip, bool)
        return skip


def _releases(e: Event, wg: FieldRef, func: Function) -> bool:
    """A deferred `x.F.Done()`, or a deferred literal calling one."""
    call = e.call
    if call is None:
        return False
    if e.target is None:
        fn = gosyntax.field(call, "function")
        operand = fn.child_by_field_name("operand") if fn.type == "selector_expression" else None
        return (
            gosyntax.text(gosyntax.field(fn, "field")) == "Done"
            and operand is not None
            and func.resolver.ref(operand) == wg
        )
    return (
        re.search(rb"\." + re.escape(wg.field.encode()) + rb"\.Done\(\)", e.target.text or b"")
        is not None
    )


def _passes(e: Event, name: str) -> bool:
    """A deferred call that hands the flight on: `defer finish(c)`, or a deferred literal
    passing `c` to a call. A literal only reading or setting its fields
    (`c.err = ...`) keeps it."""
    if e.target is None:
        return _mentions(e, name)
    return any(
        n.type == "call_expression" and _argument_index(n, name) is not None
        for n in gosyntax.walk(e.target, skip_functions=False)
    )


def _mentions(e: Event, name: str) -> bool:
    node = e.call if e.call is not None else e.node
    return any(
        n.type == "identifier" and gosyntax.text(n) == name
        for n in gosyntax.walk(node, skip_functions=False)
    )


def _argument_index(call: tree_sitter.Node, name: str) -> int | None:
    """The position of `name` (or `&name`) among the call's arguments."""
    for i, a in enumerate(gosyntax.call_arguments(call)):
        if gosyntax.text(a).lstrip("&") == name:
            return i
    return None


def _is_store_of(stmt: tree_sitter.Node, name: str) -> bool:
    assigned = gosyntax.sole_assignment(stmt)
    return (
        assigned is not None
        and gosyntax.text(assigned[1]) == name
        and assigned[0].type == "index_expression"
    )
