"""A caller that stops consuming an object's stream early, without the stop it makes on
its other way out.

```go
s := r.Stream(ctx, pages)       // starts a goroutine sending each page on s.ch
for s.Next() {
        res := s.Result()
        if res.Err != nil {
                return res.Err  // s.Close() is skipped: the goroutine waits to send
        }
        ...
}
s.Close()
```

An iterator, a subscription or a watch hands out values a goroutine produces, and its
`Close` (`Stop`, `Shutdown`) is how the consumer tells that goroutine to stop. A caller
that leaves the consuming loop early, on a way that skips the `Close` it calls
elsewhere, leaves the producer blocked on its next send for good.

Heuristics, each a trade-off:
- STARTS_A_PRODUCER: the object comes from a function or method of the package that
  starts a goroutine (`go` in its body) and returns a pointer to a struct type of the
  package; the goroutine's first send is where it waits.
- STOPPED_ELSEWHERE: the function itself calls the object's stopping method, not in a
  `defer`: it knows the object must be stopped. A function that never stops it is
  GL010's question.
- LEFT_WHILE_CONSUMING: the way out (a `return`, or a `break` of the loop) is inside a
  `for` whose header asks the object for its next value (`for s.Next()`, `for v := range
  s.C()`): the producer has more to send. A return after the loop has drained it is not
  judged.
- The way out neither stops the object first in its block nor hands it on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.index import goroutine_starters
from goleash.analysis.stop_signals import STOPPING_METHODS
from goleash.analysis.values import base_type_name

if TYPE_CHECKING:
    from goleash.analysis.functions import Function, Functions
    from goleash.source import SourceFile


@dataclass(frozen=True)
class UnclosedStream:
    made: Node  # the call making the object
    var_name: str
    stopper: str  # the stopping method the function calls elsewhere
    stop_call: Node  # that call
    way_out: Node  # the `return` or `break` that skips it
    loop: Node  # the consuming loop
    constructor: Function
    start: Node  # the `go` statement in the constructor
    send: Node | None  # the goroutine's first send


def unclosed_streams(
    functions: Functions, file: SourceFile, decls: Iterable[Node]
) -> list[UnclosedStream]:
    """Among short variable declarations (`s := r.Stream(...)`), the objects a way out
    of a consuming loop leaves unstopped."""
    out: list[UnclosedStream] = []
    stopped: dict[int, frozenset[bytes]] = {}
    for decl in decls:
        if decl.type != "short_var_declaration":
            continue
        left = gosyntax.field(decl, "left").named_children
        right = gosyntax.field(decl, "right").named_children
        if not left or left[0].type != "identifier" or len(right) != 1:
            continue
        call = gosyntax.unparen(right[0])
        if call is None or call.type != "call_expression":
            continue
        # Cheap tests first: a starter of the package made it, and the function's text
        # stops it somewhere.
        if not _may_start(functions, call):
            continue
        name = gosyntax.text(left[0])
        holder = gosyntax.enclosing_function(decl)
        if holder is None or name.encode() not in _stopped_names(holder, stopped):
            continue
        func = functions.enclosing(decl, file)
        if func is None:
            continue
        found = _judge(functions, func, decl, call, name)
        if found is not None:
            out.append(found)
    return out


# `x.Close(` (Stop, Shutdown): the names a function's text stops, read once per function.
_STOP_CALL = re.compile(
    rb"(?<![\w.])(\w+)\.(?:" + b"|".join(m.encode() for m in STOPPING_METHODS) + rb")\("
)


def _may_start(functions: Functions, call: Node) -> bool:
    """Cheap test before resolving the callee: a function (`name(`) or method (`.name(`)
    whose declaration's text starts a goroutine somewhere in the package."""
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is None:
        return False
    starting, methods = functions.package.derived("goroutine-starters", goroutine_starters)
    if fn.type == "identifier":
        return (fn.text or b"") in starting
    if fn.type == "selector_expression":
        return (gosyntax.field(fn, "field").text or b"") in methods
    return False


def _stopped_names(func: Node, seen: dict[int, frozenset[bytes]]) -> frozenset[bytes]:
    found = seen.get(func.start_byte)
    if found is None:
        found = seen[func.start_byte] = frozenset(_STOP_CALL.findall(func.text or b""))
    return found


def _judge(
    functions: Functions, func: Function, decl: Node, call: Node, name: str
) -> UnclosedStream | None:
    body = func.node.child_by_field_name("body")
    if body is None:
        return None
    # The constructor first: most objects come from elsewhere, or start no goroutine.
    constructor = functions.callee(call, func)
    start = _producer_start(functions, constructor) if constructor is not None else None
    if constructor is None or start is None:
        return None
    calls = [
        n
        for n in gosyntax.walk(body)
        if n.type == "call_expression" and n.start_byte > decl.end_byte
    ]
    stops = [
        n
        for n in calls
        if gosyntax.called_expression_text(n) in {f"{name}.{m}" for m in STOPPING_METHODS}
    ]
    if not stops or any(
        a.type == "defer_statement" for s in stops for a in gosyntax.ancestors(s, func.node)
    ):
        return None  # STOPPED_ELSEWHERE, not deferred
    stop = stops[0]
    stopper = gosyntax.called_expression_text(stop).rsplit(".", 1)[-1]
    for loop in gosyntax.descendants(body, "for_statement"):
        if loop.start_byte < decl.end_byte or not _asks_for_next(loop, name):
            continue
        loop_body = loop.child_by_field_name("body")
        if loop_body is None:
            continue
        for way in gosyntax.walk(loop_body):
            returns = way.type == "return_statement" and not _hands_on(way, name)
            # A `break` out of the loop skips the stop only when none follows the loop.
            breaks = (
                way.type == "break_statement"
                and gosyntax.break_leaves(way, loop)
                and not any(s.start_byte > loop.end_byte for s in stops)
            )
            if not (returns or breaks):
                continue
            if _stopped_before(way, name, stopper):
                continue
            return UnclosedStream(
                call, name, stopper, stop, way, loop, constructor, start, _first_send(start)
            )
    return None


def _producer_start(functions: Functions, constructor: Function) -> Node | None:
    """STARTS_A_PRODUCER: the constructor's `go` statement, when it returns a pointer to
    a struct type of the package."""
    results = gosyntax.result_types(constructor.node)
    first = results[0] if results else None
    if first is None or first.type != "pointer_type":
        return None
    type_name = base_type_name(first)
    body = constructor.node.child_by_field_name("body")
    if type_name is None or body is None or functions.package.type_decl(type_name) is None:
        return None
    return next(iter(gosyntax.descendants(body, "go_statement")), None)


def _first_send(start: Node) -> Node | None:
    """The first send statement of the goroutine's function literal."""
    literal = gosyntax.started_literal(start)
    if literal is None:
        return None
    return next(iter(gosyntax.descendants(literal, "send_statement")), None)


def _asks_for_next(loop: Node, name: str) -> bool:
    """LEFT_WHILE_CONSUMING: the loop's condition is a call of a method of the object
    (`for s.Next()`), or it ranges over a field or a method's result of it (`for v :=
    range s.C`, `range s.Events()`)."""
    for clause in loop.named_children:
        if clause.type == "range_clause":
            tested = clause.child_by_field_name("right")
        elif clause.type == "for_clause":
            tested = clause.child_by_field_name("condition")
        elif clause.type == "block":
            continue
        else:
            tested = clause  # `for cond {`
        tested = gosyntax.unparen(tested)
        if tested is not None and tested.type == "call_expression":
            tested = gosyntax.unparen(tested.child_by_field_name("function"))
        if tested is None or tested.type != "selector_expression":
            continue
        operand = gosyntax.unparen(tested.child_by_field_name("operand"))
        if operand is not None and operand.type == "identifier" and gosyntax.text(operand) == name:
            return True
    return False


def _hands_on(ret: Node, name: str) -> bool:
    return any(n.type == "identifier" and gosyntax.text(n) == name for n in gosyntax.walk(ret))


def _stopped_before(way: Node, name: str, stopper: str) -> bool:
    """The way out's own block stops the object before it."""
    loop = next((a for a in gosyntax.ancestors(way) if a.type == "for_statement"), None)
    for stmt in gosyntax.statements_before(way, loop):
        if f"{name}.{stopper}(" in gosyntax.text(stmt).replace(" ", ""):
            return True
    return False
