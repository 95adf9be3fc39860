"""A stop the function misses on one way out: deferred too late (a `return` between the
object's making and the `defer` that would stop it), or called by hand on every way out
but one.

```go
p := NewPoller(check)        // starts a goroutine that runs until p.Close()
if target == "" {
        return errNoTarget   // p.Close() is not deferred yet: the poller runs on
}
defer p.Close()
```

A `defer` registers its call only when it runs. The function shows it owns the object
(it stops it on the way out), but a way out taken before the `defer` leaves the
object's goroutine running for good: one more per call that takes it.

Heuristics, each a trade-off:
- STOPPED_BY_THE_DEFERRED_METHOD: the object comes from a function of the package that
  starts a goroutine whose only way out is closed by the deferred method
  (stop_signals.stoppers), the object being the first result; any other object is
  not judged.
- DEFERRED_ONCE: the method is called on the variable in one `defer` only (`defer
  x.Close()`, or inside a deferred function literal), in the block that binds the
  variable, and nowhere else in the function: a function that stops it by hand on
  some paths follows a protocol of its own.
- FAILED_CONSTRUCTION: a return under `if err != nil` right after the binding (the
  constructor's error) drops no started object.
- KEPT_UNTIL_THE_RETURN: before the return, the variable is used only for its fields
  and methods, or handed to a function of another package (`io.MultiWriter(w, rec)`):
  a library does not call the package's stopping method. Handed to a function of
  this package, stored, returned or captured, someone else may stop it.

The same object stopped by hand rather than deferred (`dg.Abort(err)` before one
`return`, `dg.Sum()` on the way to the last) is judged by the same heuristics, the
`defer` aside (STOP_SKIPPED_ON_A_PATH): a `return` after the making that passes no
stopping call leaves the goroutine running, when the function calls one on its other
ways out (the calls say the object is its to stop). Trade-off: a stop made through
another variable or a helper of the package on that path is not seen, and the path is
reported. CHANNEL_STOPS_ARE_THE_MODELS: an object whose stop closes a channel field is
left to the liveness model, which follows that close path by path (GL003 reports the
way out); this check covers the stops it cannot see, a pipe's writer closed
(PIPE_WRITER_KEPT) or a kept cancel called, and a queue kept among a field's values and
closed by a walk over them (QUEUE_KEPT_IN_A_FIELD), which no path-by-path model follows.
STOP_RETURNED: a stop the other way out returns (`return b.finish(), nil`) is one the
fix may call as a statement before the skipping `return`, its results dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis import paths
from goleash.analysis.stop_signals import Stoppable, stoppers
from goleash.analysis.unstopped import maybe_goroutine_starters

if TYPE_CHECKING:
    from goleash.analysis.functions import Function
    from goleash.analysis.liveness import Liveness
    from goleash.analysis.scopes import Var


@dataclass(frozen=True)
class LateStop:
    deferred: Node  # the `defer` statement that stops the object
    decl: Node  # the statement binding the object (`p := NewPoller(...)`)
    call: Node  # the constructor call
    var_name: str
    method: str  # the stopping method the defer calls
    starter: Function  # the constructor
    stoppable: Stoppable
    exit: paths.Exit  # the way out taken before the `defer`
    # Where the `defer` belongs: the binding, or its error check (None when the deferred
    # call reads a name declared in between, which it could not read any earlier).
    after: Node | None
    reorders: bool  # another `defer` runs between `after` and the late one


@dataclass(frozen=True)
class SkippedStop:
    decl: Node  # the statement binding the object (`dg := newDigester()`)
    call: Node  # the constructor call
    var_name: str
    starter: Function  # the constructor
    stoppable: Stoppable
    exit: paths.Exit  # the way out that passes no stopping call
    stops: tuple[Node, ...]  # the stopping calls on the other ways out
    # The stop the fix may call there: (method, argument), a stop the function calls as a
    # statement (or returns, STOP_RETURNED) with no argument, or with one `error` given the error this way out
    # returns (`h.Discard(errTooBig)`); None when neither fits.
    remedy: tuple[str, str] | None = None


def skipped_stops(liveness: Liveness, calls: Iterable[Node]) -> list[SkippedStop]:
    """Among calls bound by `x := f(...)`, the objects with a goroutine that the function
    stops by hand on its ways out but one (STOP_SKIPPED_ON_A_PATH)."""
    out: list[SkippedStop] = []
    starters: tuple[frozenset[bytes], frozenset[bytes]] | None = None
    for call in calls:
        decl = call.parent.parent if call.parent is not None else None
        if decl is None or decl.type != "short_var_declaration":
            continue
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if fn is not None and fn.type == "selector_expression":
            fn = gosyntax.field(fn, "field")
        if fn is None or fn.type not in ("identifier", "field_identifier"):
            continue
        if starters is None:
            starters = liveness.package.derived(
                "maybe-goroutine-starters", maybe_goroutine_starters
            )
        if fn.text not in starters[0] and fn.text not in starters[1]:
            continue  # STARTER_BY_TEXT, as for a deferred stop
        func = liveness.functions.enclosing(call, liveness.file)
        if func is None or func.is_process_lifetime:
            continue
        lefts = gosyntax.field(decl, "left").named_children
        if not lefts or lefts[0].type != "identifier":
            continue
        found = _skipped(liveness, func, decl, call, lefts[0])
        if found is not None:
            out.append(found)
    return out


def _skipped(
    liveness: Liveness, func: Function, decl: Node, call: Node, name: Node
) -> SkippedStop | None:
    starter = _starter(liveness, func, call)
    if starter is None or b"go " not in (starter.node.text or b""):
        return None
    stoppable = stoppers(liveness, starter)
    if stoppable is None:
        return None
    if gosyntax.callee_text(stoppable.close) == "close" and not stoppable.walked_field:
        return None  # CHANNEL_STOPS_ARE_THE_MODELS: the liveness model follows that close
    # The function's scopes are read only now: most bound calls make no stoppable object.
    var = func.resolver.scopes.lookup(name)
    if var is None or var.kind != "local" or len(var.assignments) != 1:
        return None
    stops = _method_calls(func.node, var.name, stoppable.methods)
    if not stops:
        return None  # never stopped at all: unstopped.py's question
    if any(
        a.type in ("defer_statement", "func_literal")
        for stop in stops
        for a in gosyntax.ancestors(stop, func.node)
    ):
        return None  # deferred (late_stops) or stopped from a closure
    lefts = gosyntax.field(decl, "left").named_children
    err = gosyntax.text(lefts[-1]) if len(lefts) > 1 else None
    check = gosyntax.error_check(decl, err) if err is not None else None
    for ex in paths.abandoning_exits(func.node, decl, stops, []):
        if ex.kind != "return":
            continue
        if check is not None and gosyntax.is_within(ex.node, check):
            continue  # FAILED_CONSTRUCTION
        if not _kept_until(var, decl, ex.node):
            continue  # KEPT_UNTIL_THE_RETURN
        remedy = _remedy(liveness, stops, ex.node)
        return SkippedStop(decl, call, var.name, starter, stoppable, ex, tuple(stops), remedy)
    return None


def _remedy(liveness: Liveness, stops: list[Node], exit_node: Node) -> tuple[str, str] | None:
    """(method, argument) for the stop the fix calls before `exit_node` (SkippedStop.remedy)."""
    for stop in stops:
        if stop.parent is None or stop.parent.type != "expression_statement":
            continue
        method = gosyntax.called_expression_text(stop).rsplit(".", 1)[-1]
        args = gosyntax.call_arguments(stop)
        if not args:
            return method, ""
        returned = _returned_error(exit_node)
        declared = liveness.package.methods_named(method)
        if len(args) != 1 or returned is None or len(declared) != 1:
            continue
        params = gosyntax.parameters(declared[0][2])
        if len(params) == 1 and params[0][1] is not None and params[0][1].text == b"error":
            return method, returned
    for stop in stops:
        if not gosyntax.call_arguments(stop) and _returned_whole(stop):
            # STOP_RETURNED: `return b.finish(), nil` stops it all the same.
            return gosyntax.called_expression_text(stop).rsplit(".", 1)[-1], ""
    return None


def _returned_whole(stop: Node) -> bool:
    """Is the stop one of the values a `return` gives back, as it is (STOP_RETURNED)?
    Called as a statement before another `return`, its results are dropped, which Go
    allows for any call but a builtin's."""
    parent = stop.parent
    if parent is not None and parent.type == "expression_list":
        parent = parent.parent
    return parent is not None and parent.type == "return_statement"


def _returned_error(exit_node: Node) -> str | None:
    """The name the `return` gives back last (`errTooBig` of `return "", errTooBig`)."""
    if exit_node.type != "return_statement" or not exit_node.named_children:
        return None
    values = exit_node.named_children[0]
    last = gosyntax.unparen(
        values.named_children[-1] if values.type == "expression_list" else values
    )
    if last is None or last.type != "identifier" or last.text == b"nil":
        return None
    return gosyntax.text(last)


def _starter(liveness: Liveness, func: Function, call: Node) -> Function | None:
    """The package's function or method the call makes its object with. A plain name is
    looked up in the package, and a method call is resolved only when a method of that
    name starts a goroutine: the calling function's scopes are not read for the many
    bound calls that make no such object."""
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is not None and fn.type == "identifier":
        declared = liveness.package.unique_function(gosyntax.text(fn))
        return liveness.functions.get(declared.node, declared.file) if declared else None
    if fn is None or fn.type != "selector_expression":
        return None
    method = gosyntax.text(gosyntax.field(fn, "field"))
    if not any(
        b"go " in (node.text or b"") for _f, _t, node in liveness.package.methods_named(method)
    ):
        return None  # no method of that name starts a goroutine (an imported call, most often)
    return liveness.functions.callee(call, func)


def late_stops(liveness: Liveness, defers: Iterable[Node]) -> list[LateStop]:
    """Among `defer` statements, those stopping an object a way out taken before them
    leaves running."""
    out: list[LateStop] = []
    starters: tuple[frozenset[bytes], frozenset[bytes]] | None = None
    for deferred in defers:
        stopped = _stop_call(deferred)
        if stopped is None:
            continue
        operand, method = stopped
        # STARTER_BY_TEXT first (unstopped.py): most deferred calls stop what no function
        # of the package that may start a goroutine made, and resolving is dearer.
        made_by = _made_in_block_by(deferred, operand.text or b"")
        if made_by is None:
            continue
        if starters is None:
            starters = liveness.package.derived(
                "maybe-goroutine-starters", maybe_goroutine_starters
            )
        if made_by not in starters[0] and made_by not in starters[1]:
            continue
        func = liveness.functions.enclosing(deferred, liveness.file)
        if func is None or func.is_process_lifetime:
            continue
        var = func.resolver.scopes.lookup(operand)
        if var is None or var.kind != "local" or len(var.assignments) != 1:
            continue
        found = _late(liveness, func, deferred, var, method)
        if found is not None:
            out.append(found)
    return out


def _made_in_block_by(deferred: Node, name: bytes) -> bytes | None:
    """The name of the function or method whose call an earlier `name := f(...)` (or
    `name, err := x.F(...)`) of the `defer`'s block binds, by text."""
    before = deferred.prev_named_sibling
    while before is not None:
        if before.type == "short_var_declaration":
            lefts = gosyntax.field(before, "left").named_children
            rights = gosyntax.field(before, "right").named_children
            if lefts and lefts[0].text == name and len(rights) == 1:
                call = gosyntax.unparen(rights[0])
                fn = call.child_by_field_name("function") if call is not None else None
                if call is None or call.type != "call_expression" or fn is None:
                    return None
                if fn.type == "selector_expression":
                    fn = gosyntax.field(fn, "field")
                return fn.text if fn.type in ("identifier", "field_identifier") else None
        before = before.prev_named_sibling
    return None


def _stop_call(deferred: Node) -> tuple[Node, str] | None:
    """(the variable, the method) of `defer x.M()`, or of the one `x.M()` of a deferred
    function literal (`defer func() { if err := x.Close(); ... }()`)."""
    call = deferred.named_children[0] if deferred.named_children else None
    fn = gosyntax.unparen(call.child_by_field_name("function")) if call is not None else None
    if fn is None:
        return None
    if fn.type == "func_literal":
        calls = [
            n
            for n in gosyntax.walk(fn.child_by_field_name("body") or fn)
            if n.type == "call_expression"
            and (f := n.child_by_field_name("function")) is not None
            and f.type == "selector_expression"
            and gosyntax.field(f, "operand").type == "identifier"
        ]
        if len(calls) != 1 or gosyntax.call_arguments(calls[0]):
            return None
        fn = calls[0].child_by_field_name("function")
    elif call is not None and gosyntax.call_arguments(call):
        return None
    if fn is None or fn.type != "selector_expression":
        return None
    operand = gosyntax.unparen(fn.child_by_field_name("operand"))
    if operand is None or operand.type != "identifier":
        return None
    return operand, gosyntax.text(gosyntax.field(fn, "field"))


def _late(
    liveness: Liveness, func: Function, deferred: Node, var: Var, method: str
) -> LateStop | None:
    decl = var.assignments[0][0]
    if decl.type != "short_var_declaration" or decl.end_byte > deferred.start_byte:
        return None
    if decl.parent is None or decl.parent != deferred.parent:
        return None  # DEFERRED_ONCE: in the block that binds it
    lefts = gosyntax.field(decl, "left").named_children
    rights = gosyntax.field(decl, "right").named_children
    call = gosyntax.unparen(rights[0]) if len(rights) == 1 else None
    if call is None or call.type != "call_expression" or gosyntax.text(lefts[0]) != var.name:
        return None
    starter = liveness.functions.callee(call, func)
    if starter is None or b"go " not in (starter.node.text or b""):
        return None
    stoppable = stoppers(liveness, starter)
    if stoppable is None or method not in stoppable.methods:
        return None  # STOPPED_BY_THE_DEFERRED_METHOD
    stops = _method_calls(func.node, var.name, stoppable.methods)
    if len(stops) != 1 or not gosyntax.is_within(stops[0], deferred):
        return None  # DEFERRED_ONCE
    err = gosyntax.text(lefts[-1]) if len(lefts) > 1 else None
    check = gosyntax.error_check(decl, err) if err is not None else None
    for ex in paths.abandoning_exits(func.node, decl, [], [deferred]):
        if ex.kind != "return" or ex.node.start_byte > deferred.start_byte:
            continue
        if check is not None and gosyntax.is_within(ex.node, check):
            continue  # FAILED_CONSTRUCTION
        if not _kept_until(var, decl, ex.node):
            continue  # KEPT_UNTIL_THE_RETURN
        after = check if check is not None and check.end_byte <= ex.node.start_byte else decl
        if _reads_names_declared_between(func, deferred, after):
            return LateStop(
                deferred, decl, call, var.name, method, starter, stoppable, ex, None, False
            )
        reorders = any(
            n.type == "defer_statement" and after.end_byte <= n.start_byte < deferred.start_byte
            for n in gosyntax.walk(func.node)
        )
        return LateStop(
            deferred, decl, call, var.name, method, starter, stoppable, ex, after, reorders
        )
    return None


def _reads_names_declared_between(func: Function, deferred: Node, after: Node) -> bool:
    """Does the deferred statement use a variable declared after `after`, before it?"""
    for n in gosyntax.walk(deferred, skip_functions=False):
        if n.type != "identifier":
            continue
        var = func.resolver.scopes.lookup(n)
        if var is not None and after.end_byte <= var.ident.start_byte < deferred.start_byte:
            return True
    return False


def _method_calls(func: Node, name: str, methods: Iterable[str]) -> list[Node]:
    """The calls `name.M(...)` in the function, literals included, M a stopping method."""
    wanted = {f"{name}.{m}" for m in methods}
    return [
        n
        for n in gosyntax.walk(func, skip_functions=False)
        if n.type == "call_expression" and gosyntax.called_expression_text(n) in wanted
    ]


def _kept_until(var: Var, decl: Node, exit_node: Node) -> bool:
    """KEPT_UNTIL_THE_RETURN: every use of the variable from its binding to the way out
    (the way out included) reads a field or calls a method of it, or hands it to a
    function of another package."""
    imported = gosyntax.imported_names(decl)
    for n in var.occurrences:
        if not decl.end_byte <= n.start_byte <= exit_node.end_byte:
            continue
        if any(a.type == "func_literal" for a in gosyntax.ancestors(n)):
            if gosyntax.enclosing_function(n) != gosyntax.enclosing_function(decl):
                return False  # captured: a closure may stop it, or outlive this function
        parent, child = gosyntax.parent_skipping_parens(n)
        if parent is None:
            return False
        if parent.type == "selector_expression" and parent.child_by_field_name("operand") == child:
            continue
        if parent.type == "argument_list" and parent.parent is not None:
            callee = gosyntax.unparen(parent.parent.child_by_field_name("function"))
            operand = (
                callee.child_by_field_name("operand")
                if callee is not None and callee.type == "selector_expression"
                else None
            )
            if (
                operand is not None
                and operand.type == "identifier"
                and gosyntax.text(operand) in imported
            ):
                continue
        return False
    return True
