"""Objects with a goroutine of their own, kept in a local collection that the function
stops by walking it on some ways out but not on another.

```go
drivers := make(map[ZoneID]*zoneDriver, len(zones))
for _, z := range zones {
        drivers[z.ID] = startZoneDriver(z.ID)   // each runs a goroutine until close()
}
for {
        select {
        case <-ctx.Done():
                stopDrivers(drivers)            // walks the map, closing each driver
                return ctx.Err()
        case <-tick.C:
        }
        if faults >= maxFaults {
                return errGivingUp              // the drivers run on for good
        }
}
```

The function shows it owns the entries (it stops them on its way out), but a way out
that skips the walk leaves every entry's goroutine running: one set more per call.
STOP_SKIPPED_ON_A_PATH (late_stops.py) asks the same of one object in a variable.

Heuristics, each a trade-off:
- STOPPED_BY_A_WALK: the function ranges over the collection calling a stopping method
  of the entries' type on each value (`for _, d := range drivers { d.close() }`), or
  hands the collection to a function of the package that does so over its parameter
  (`stopDrivers(drivers)`), by hand or deferred. A function that never stops its
  entries is not judged here.
- FILLED_IN_PLACE: `x[k] = newT(...)` into a local of the function assigned once (its
  `make`, a literal or a `var`), `newT` a function of the package whose goroutine a
  method of its result stops (stop_signals.constructed).
- KEPT_UNTIL_THE_RETURN: the collection is only indexed, ranged over, measured, or
  handed to functions of the package that do no more with it (BORROWED) or that walk
  it stopping its entries. Returned, stored, sent, captured by a function literal or
  handed to any other call, someone else may stop the entries: not judged.
Only `return` ways out are reported (a fatal exit ends the process).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis import paths
from goleash.analysis.stop_signals import Stoppable, constructed

if TYPE_CHECKING:
    from goleash.analysis.functions import Function
    from goleash.analysis.liveness import Liveness
    from goleash.analysis.scopes import Var


@dataclass(frozen=True)
class SkippedWalk:
    store: Node  # `drivers[z.ID] = startZoneDriver(...)`
    call: Node  # the constructor call
    collection: str  # `drivers`
    starter: Function  # the constructor
    stoppable: Stoppable
    exit: paths.Exit  # the way out that passes no walk
    stop: Node  # a stopping walk or call on another way out
    # The statement that stops them there, made by hand, which the fix may repeat
    # before the exit (`stopDrivers(drivers)`, or the walk itself); None when deferred.
    stop_statement: Node | None


def skipped_walks(liveness: Liveness, stores: Iterable[Node]) -> list[SkippedWalk]:
    """Among `x[k] = ...` stores being checked, those filling a local collection of
    stoppable objects that a way out of the function leaves unstopped."""
    out: list[SkippedWalk] = []
    seen: set[int] = set()
    for store in stores:
        left = gosyntax.field(store, "left").named_children
        right = gosyntax.field(store, "right").named_children
        if len(left) != 1 or len(right) != 1 or gosyntax.field(store, "operator").type != "=":
            continue
        target, value = gosyntax.unparen(left[0]), gosyntax.unparen(right[0])
        if target is None or value is None or value.type != "call_expression":
            continue
        operand = gosyntax.unparen(target.child_by_field_name("operand"))
        if target.type != "index_expression" or operand is None or operand.type != "identifier":
            continue
        made = constructed(liveness, value)
        func = liveness.functions.enclosing(store, liveness.file) if made is not None else None
        if made is None or func is None or func.is_process_lifetime:
            continue
        var = func.resolver.scopes.lookup(operand)
        if var is None or var.kind != "local" or var.func != func.node or var.ident.id in seen:
            continue
        if len(var.assignments) != 1:
            continue  # FILLED_IN_PLACE: one collection, made once
        constructor, stoppable = made
        stops = _walks(liveness, func, var, stoppable.methods)
        if stops is None or (not stops[0] and not stops[1]):
            continue
        by_hand, deferred = stops
        for ex in paths.abandoning_exits(func.node, store, by_hand, deferred):
            if ex.kind != "return":
                continue
            seen.add(var.ident.id)
            first = (by_hand or deferred)[0]
            statement = first.parent if first.type == "call_expression" else first
            repeat = (
                statement
                if statement is not None
                and statement.type in ("expression_statement", "for_statement")
                else None
            )
            out.append(
                SkippedWalk(store, value, var.name, constructor, stoppable, ex, first, repeat)
            )
            break
    return out


def _walks(
    liveness: Liveness, func: Function, var: Var, methods: tuple[str, ...]
) -> tuple[list[Node], list[Node]] | None:
    """(the stops by hand, the deferred ones) of the collection (STOPPED_BY_A_WALK), or
    None when a use of it lets it out of the function's hands (KEPT_UNTIL_THE_RETURN)."""
    by_hand: list[Node] = []
    deferred: list[Node] = []
    for use in var.occurrences:
        if use.id == var.ident.id:
            continue
        if gosyntax.enclosing_function(use) != func.node:
            return None  # captured by a function literal
        parent = use.parent
        if parent is None:
            return None
        if _indexed_or_ranged(use, parent):
            loop = parent.parent if parent.type == "range_clause" else None
            if loop is not None and _stops_each(loop, parent, methods):
                by_hand.append(loop)
            continue
        call = parent.parent if parent.type == "argument_list" else None
        if call is None or call.type != "call_expression":
            return None  # returned, stored, sent, copied
        if gosyntax.callee_text(call) == "len":
            continue
        callee = liveness.functions.callee(call, func)
        if callee is None or callee.node.type == "func_literal":
            return None  # handed to code outside the package
        position = parent.named_children.index(use)
        params = gosyntax.parameters(callee.node)
        if position >= len(params) or not params[position][0]:
            return None
        walks = _walks_parameter(callee.node, params[position][0], methods)
        if walks:
            holder = call.parent.parent if call.parent is not None else None
            if holder is not None and holder.type == "defer_statement":
                deferred.append(holder)
            else:
                by_hand.append(call)
        elif not _borrows(callee.node, params[position][0]):
            return None
    return by_hand, deferred


def _indexed_or_ranged(use: Node, parent: Node) -> bool:
    """`x[k]` or `range x`: a use that keeps the collection where it is."""
    if parent.type == "index_expression":
        return parent.child_by_field_name("operand") == use
    return parent.type == "range_clause" and parent.child_by_field_name("right") == use


def _stops_each(loop: Node, clause: Node, methods: tuple[str, ...]) -> bool:
    """`for _, d := range x { ...; d.close() }`: the loop calls a stopping method on the
    value it ranges over."""
    left = clause.child_by_field_name("left")
    names = [gosyntax.text(n) for n in left.named_children] if left is not None else []
    if len(names) < 2 or names[1] == "_":
        return False
    body = loop.child_by_field_name("body")
    wanted = {f"{names[1]}.{m}" for m in methods}
    return body is not None and any(
        gosyntax.called_expression_text(c) in wanted
        for c in gosyntax.descendants(body, "call_expression")
    )


def _walks_parameter(func: Node, param: str, methods: tuple[str, ...]) -> bool:
    """A function of the package stopping each entry of its parameter `param`."""
    body = func.child_by_field_name("body")
    if body is None:
        return False
    for loop in gosyntax.descendants(body, "for_statement"):
        clause = gosyntax.range_clause(loop)
        right = clause.child_by_field_name("right") if clause is not None else None
        if clause is not None and right is not None and gosyntax.text(right) == param:
            if _stops_each(loop, clause, methods):
                return True
    return False


def _borrows(func: Node, param: str) -> bool:
    """BORROWED: a function of the package that only indexes its parameter, ranges over
    it or takes its length (by name: a local shadowing it is read as the parameter)."""
    body = func.child_by_field_name("body")
    if body is None:
        return False
    for use in gosyntax.descendants(body, "identifier"):
        if gosyntax.text(use) != param:
            continue
        parent = use.parent
        if parent is None:
            return False
        if _indexed_or_ranged(use, parent):
            continue
        call = parent.parent if parent.type == "argument_list" else None
        if call is not None and gosyntax.callee_text(call) == "len":
            continue
        return False
    return True
