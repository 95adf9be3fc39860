"""A goroutine that turns a condition variable's wait into a channel, abandoned by its
starter's timeout, on an object whose stopping method cannot wake it.

```go
func (c *Client) WaitReady(ctx context.Context) error {
        ready := make(chan struct{})
        go func() {
                c.mu.Lock()
                for !c.initialized {
                        c.cond.Wait()   // after a timeout, only c.initialized ends this
                }
                c.mu.Unlock()
                close(ready)
        }()
        select {
        case <-ready:
                return nil
        case <-ctx.Done():
                return ctx.Err()        // the goroutine stays behind
        }
}

func (c *Client) Close() error { c.closed = true; ...; return nil } // no Broadcast
```

A `sync.Cond` cannot be selected on, so a wait with a timeout runs in a goroutine that
signals a channel when the condition holds. When the timeout wins, that goroutine waits
on until the condition comes true. If the object is then closed, and its stopping
method neither makes the condition true nor wakes the waiters, it never does.

Heuristics, each a trade-off:
- CHANNEL_ADAPTER: the goroutine is a function literal of a method, waiting in a `for`
  loop on a condition field of the receiver's type, then closing or sending on a channel
  the method made; the method selects on that channel beside a case that returns.
- PLAIN_CONDITION: the loop's condition reads fields and calls nothing (`for !c.ready`):
  its truth changes only by a store into those fields. A condition asking a method or a
  context (`r.ctx.Err() == nil`, blazer's chunk reader) may turn true through a
  cancel the stopping method makes, and is left alone.
- CLOSE_CANNOT_WAKE: the type's stopping method (`Close`, `Stop`, `Shutdown`), and the
  methods of the receiver it calls, neither `Signal` nor `Broadcast` the condition nor
  assign a field the loop's condition reads. A condition met later by other traffic
  (the first flag set arriving after a slow start) is what the goroutine waits for;
  this reports that nothing after `Close` will bring it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.index import receiver_type_name
from goleash.analysis.stop_signals import stopping_method

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


@dataclass(frozen=True)
class AbandonedCondWaiter:
    wait: Node  # the `Wait()` call
    cond: str  # `c.cond`
    fields: tuple[str, ...]  # the receiver's fields the loop's condition reads (`c.ready`)
    start: Node  # the `go` statement
    gives_up: Node  # the starter's `return` in the other select case
    starter: Node  # the method starting the goroutine
    stopper: Node  # the type's stopping method
    stopper_file: SourceFile
    condition: Node  # the wait loop's condition
    waiter_file: SourceFile
    # `c.closed = true` in the stopping method, with `closed`: a flag the loop could test.
    stop_flag: tuple[Node, str] | None = None


def abandoned_cond_waiters(
    package: Package, file: SourceFile, go_statements: Iterable[Node]
) -> list[AbandonedCondWaiter]:
    out: list[AbandonedCondWaiter] = []
    for go in go_statements:
        literal = gosyntax.started_literal(go)
        body = literal.child_by_field_name("body") if literal is not None else None
        if body is None or b".Wait()" not in (body.text or b""):
            continue
        starter = gosyntax.enclosing_function(go)
        if starter is None or starter.type != "method_declaration":
            continue
        found = _judge(package, file, go, body, starter)
        if found is not None:
            out.append(found)
    return out


def _judge(
    package: Package, file: SourceFile, go: Node, body: Node, starter: Node
) -> AbandonedCondWaiter | None:
    recv = gosyntax.receiver_text(starter)
    owner = receiver_type_name(starter)
    if not recv or owner is None:
        return None
    waited = _waiting_loop(body, recv)
    if waited is None:
        return None
    loop, wait, cond_field, fields, condition = waited
    signalled = _signalled_channel(body, loop)
    if signalled is None:
        return None
    gives_up = _abandoning_case(starter, go, signalled)
    if gives_up is None:
        return None
    stopping = stopping_method(package, owner)
    if stopping is None:
        return None
    _name, stopper, stopper_file = stopping
    if _can_wake(package, owner, stopper, cond_field, fields):
        return None
    return AbandonedCondWaiter(
        wait,
        f"{recv}.{cond_field}",
        tuple(f"{recv}.{f}" for f in sorted(fields)),
        go,
        gives_up,
        starter,
        stopper,
        stopper_file,
        condition,
        file,
        _stop_flag(stopper),
    )


def _waiting_loop(body: Node, recv: str) -> tuple[Node, Node, str, set[str], Node] | None:
    """(the `for`, its `r.f.Wait()` call, `f`, the receiver's fields its condition reads,
    the condition)."""
    for loop in gosyntax.walk(body):
        if loop.type != "for_statement":
            continue
        cond = next(
            (c for c in loop.named_children if c.type not in ("block", "comment", "for_clause")),
            None,
        )
        if cond is None or any(n.type == "call_expression" for n in gosyntax.walk(cond)):
            continue  # PLAIN_CONDITION
        fields = {
            gosyntax.text(gosyntax.field(n, "field"))
            for n in [cond, *gosyntax.walk(cond)]
            if n.type == "selector_expression"
            and gosyntax.text(gosyntax.field(n, "operand")) == recv
        }
        for call in gosyntax.walk(loop):
            if call.type != "call_expression" or gosyntax.call_arguments(call):
                continue
            parts = gosyntax.text(gosyntax.field(call, "function")).split(".")
            if len(parts) == 3 and parts[0] == recv and parts[2] == "Wait" and fields:
                return loop, call, parts[1], fields, cond
    return None


def _stop_flag(stopper: Node) -> tuple[Node, str] | None:
    """`r.f = true` among the stopping method's statements, with `f`."""
    recv = gosyntax.receiver_text(stopper)
    body = stopper.child_by_field_name("body")
    for stmt in gosyntax.walk(body) if body is not None and recv else ():
        assigned = gosyntax.sole_assignment(stmt)
        if assigned is None or gosyntax.text(assigned[1]) != "true":
            continue
        target = assigned[0]
        operand = (
            target.child_by_field_name("operand") if target.type == "selector_expression" else None
        )
        if operand is not None and gosyntax.text(operand) == recv:
            return stmt, gosyntax.text(gosyntax.field(target, "field"))
    return None


def _signalled_channel(body: Node, loop: Node) -> str | None:
    """CHANNEL_ADAPTER: the channel the goroutine closes (or sends on) after its loop."""
    for n in gosyntax.walk(body):
        if n.start_byte < loop.end_byte:
            continue
        if n.type == "call_expression" and gosyntax.callee_text(n) == "close":
            args = gosyntax.call_arguments(n)
            if len(args) == 1 and args[0].type == "identifier":
                return gosyntax.text(args[0])
        if n.type == "send_statement":
            channel = gosyntax.unparen(n.child_by_field_name("channel"))
            if channel is not None and channel.type == "identifier":
                return gosyntax.text(channel)
    return None


def _abandoning_case(starter: Node, go: Node, channel: str) -> Node | None:
    """The `return` of another case of the starter's select on `channel`."""
    body = starter.child_by_field_name("body")
    for select in gosyntax.walk(body) if body is not None else ():
        if select.type != "select_statement" or select.start_byte < go.end_byte:
            continue
        cases = gosyntax.select_cases(select)
        on_channel = [
            c
            for c in cases
            if (operand := gosyntax.received_operand(c)) is not None
            and gosyntax.text(operand) == channel
        ]
        if not on_channel:
            continue
        for c in cases:
            if c in on_channel or c.type != "communication_case":
                continue
            ret = next((s for s in gosyntax.statements(c) if s.type == "return_statement"), None)
            if ret is not None:
                return ret
    return None


def _can_wake(
    package: Package, owner: str, stopper: Node, cond_field: str, fields: set[str]
) -> bool:
    """CLOSE_CANNOT_WAKE, read from the stopping method and the receiver's methods it
    calls: a `Signal`/`Broadcast` of the condition, or a store into a field the loop reads."""
    methods = {gosyntax.function_name(m): m for _f, m in package.methods_of_type(owner)}
    recv = gosyntax.receiver_text(stopper) or ""
    wake = re.compile(rb"\." + re.escape(cond_field.encode()) + rb"\.(Signal|Broadcast)\(")
    stores = re.compile(
        rb"\.("
        + b"|".join(re.escape(f.encode()) for f in sorted(fields))
        + rb")\s*(=[^=]|\+\+|--|\+=|-=)"
    )
    called = re.compile(rb"\b" + re.escape(recv.encode()) + rb"\.(\w+)\(")
    seen: set[str] = set()
    queue = [stopper]
    while queue:
        m = queue.pop()
        text = m.text or b""
        if wake.search(text) or stores.search(text):
            return True
        for name in called.findall(text):
            callee = methods.get(name.decode())
            if callee is not None and name.decode() not in seen:
                seen.add(name.decode())
                queue.append(callee)
    return False
