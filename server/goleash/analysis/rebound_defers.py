"""A deferred stop bound to the object a variable held when the `defer` ran, while the
function later gives the variable a new object whose goroutine only that stop ends.

```go
sub, err := b.Subscribe(topic)       // starts a goroutine that runs until sub.Close()
if err != nil {
        return err
}
defer sub.Close()                    // `sub` is evaluated here: the first subscription
for {
        ...
        sub.Close()
        sub, err = b.Subscribe(topic)  // a new subscription, and a new goroutine
        ...
        return nil                     // the deferred Close closes the first one again
}
```

A `defer x.Close()` evaluates `x` when the `defer` statement runs, not when the function
returns. An object assigned to `x` afterwards is not the one the deferred call stops;
when the function can return without stopping it any other way, its goroutine runs for
good.

Heuristics, each a trade-off:
- STOPPED_BY_THE_DEFERRED_METHOD: the new object comes from a function or method of the
  package that starts a goroutine whose only way out is closed by the deferred method
  (stop_signals.stoppers); any other object is not judged.
- EXPLICIT_STOPS_COUNT: a `x.Close()` on every way from the new assignment to a return
  stops it; a path is judged by its statements, as paths.abandoning_exits reads them.
- FAILED_CONSTRUCTION: a return under `if err != nil` right after the assignment (the
  constructor's error) is no way out that drops a started object.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis import paths
from goleash.analysis.stop_signals import Stoppable, stoppers

if TYPE_CHECKING:
    from goleash.analysis.functions import Function
    from goleash.analysis.liveness import Liveness


@dataclass(frozen=True)
class ReboundDefer:
    deferred: Node  # the `defer x.Close()` statement
    rebind: Node  # the assignment giving `x` its new object
    call: Node  # the call that makes the new object
    var_name: str
    method: str  # the deferred (stopping) method
    starter: Function  # the function or method that starts the new object's goroutine
    stoppable: Stoppable
    exit: paths.Exit  # a way out that leaves the new object running


def rebound_defers(liveness: Liveness, defers: Iterable[Node]) -> list[ReboundDefer]:
    """Among `defer` statements, those whose variable is given a new stoppable object
    that a way out of the function then leaves running."""
    out: list[ReboundDefer] = []
    functions = liveness.functions
    for deferred in defers:
        call = deferred.named_children[0] if deferred.named_children else None
        fn = gosyntax.unparen(call.child_by_field_name("function")) if call is not None else None
        if call is None or fn is None or fn.type != "selector_expression":
            continue
        operand = gosyntax.unparen(fn.child_by_field_name("operand"))
        if operand is None or operand.type != "identifier" or gosyntax.call_arguments(call):
            continue
        if not _assigned_later(deferred, operand.text or b""):
            continue  # cheap test first: most deferred calls' variables are never rebound
        func = functions.enclosing(deferred, liveness.file)
        if func is None or func.is_process_lifetime:
            continue
        var = func.resolver.scopes.lookup(operand)
        if var is None or var.kind != "local":
            continue
        method = gosyntax.text(gosyntax.field(fn, "field"))
        for stmt, _value, _i in var.assignments:
            if stmt.type != "assignment_statement" or stmt.start_byte < deferred.end_byte:
                continue
            found = _rebound(liveness, func, deferred, stmt, var.name, method)
            if found is not None:
                out.append(found)
                break
    return out


def _rebound(
    liveness: Liveness, func: Function, deferred: Node, stmt: Node, name: str, method: str
) -> ReboundDefer | None:
    rights = gosyntax.field(stmt, "right").named_children
    lefts = gosyntax.field(stmt, "left").named_children
    call = gosyntax.unparen(rights[0]) if len(rights) == 1 else None
    if call is None or call.type != "call_expression" or not lefts:
        return None
    if gosyntax.text(lefts[0]) != name:
        return None  # the object is the first result (`x, err = f()`)
    starter = liveness.functions.callee(call, func)
    if starter is None:
        return None
    stoppable = stoppers(liveness, starter)
    if stoppable is None or method not in stoppable.methods:
        return None  # STOPPED_BY_THE_DEFERRED_METHOD
    err = gosyntax.text(lefts[-1]) if len(lefts) > 1 else None
    stops = [
        n
        for n in gosyntax.walk(func.node)
        if n.type == "call_expression"
        and n.start_byte > stmt.end_byte
        and gosyntax.called_expression_text(n) == f"{name}.{method}"
    ]
    for ex in paths.abandoning_exits(func.node, stmt, stops, []):
        if ex.kind == "fatal" or _failed_construction(ex.node, stmt, err):
            continue
        return ReboundDefer(deferred, stmt, call, name, method, starter, stoppable, ex)
    return None


def _assigned_later(deferred: Node, name: bytes) -> bool:
    """Does the text of the function after the `defer` assign `name` (`name =`,
    `name, err =`)?"""
    func = gosyntax.enclosing_function(deferred)
    if func is None or func.text is None:
        return False
    after = func.text[deferred.end_byte - func.start_byte :]
    pattern = re.compile(rb"(?<![\w.])" + re.escape(name) + rb"\s*(?:,\s*\w+\s*)*=[^=]")
    return pattern.search(after) is not None


def _failed_construction(exit_node: Node, stmt: Node, err: str | None) -> bool:
    """FAILED_CONSTRUCTION: the way out is in `if err != nil { ... }` right after `stmt`."""
    check = gosyntax.error_check(stmt, err) if err is not None else None
    return check is not None and gosyntax.is_within(exit_node, check)
