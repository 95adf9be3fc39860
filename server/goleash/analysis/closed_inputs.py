"""INPUT_CLOSED_THEN_DRAINED: a way out that closes the producer's input, then takes
what the producer still had to give.

```go
trigger, done := make(chan struct{}), make(chan struct{})
go func() { defer close(done); for range trigger { work(); done <- struct{}{} } }()
for {
        select {
        case <-tick:    trigger <- struct{}{}
        case <-done:    // one run finished
        case <-ctx.Done():
                close(trigger)
                <-done // the run in progress, or the close
                return
        }
}
```

The producer sends once per value it ranges over. Closing an unbuffered input ends
the range after the iteration under way, so at most that iteration's one send is
still to come; a receive on every path from the close to the way out takes it. The
count the liveness check keeps (sends per input value, receives per loop turn) has
no term tying the two loops together, so it sees a producer sending without end.

Trade-off: only one send per iteration, in the range's own body (not a nested loop),
and an unbuffered input made once by the root, are recognised: a buffered input
still hands out what it holds after the close, and a second send per iteration would
need a second receive.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.cfg import Event, Loop, reaches
from goleash.analysis.functions import param_var
from goleash.analysis.values import VarRef

if TYPE_CHECKING:
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.functions import Function
    from goleash.analysis.scopes import Var


def drained_after_closing_input(
    producer: Function,
    send: Event,
    spawn: Event,
    root: Function,
    channel: Var,
    exit_node: CfgNode,
    left_through: tree_sitter.Node,
) -> bool:
    """Does the root, on its way out through `left_through` (the select case it gives
    up in), close the unbuffered channel `producer` ranges over around `send`, and then
    receive from `channel` on every path to `exit_node`?"""
    closed = input_closed_in(producer, send, spawn, root, left_through)
    if closed is None or not _made_unbuffered_once(closed[0]):
        return False
    close_node = closed[1]
    return reaches(close_node, exit_node) and not reaches(
        close_node, exit_node, blocked=lambda e: _takes(e, channel)
    )


def input_closed_in(
    producer: Function,
    send: Event,
    spawn: Event,
    root: Function,
    left_through: tree_sitter.Node,
) -> tuple[Var, CfgNode, tree_sitter.Node] | None:
    """(the root's variable, the node of its close, the `close` call) when the root closes, inside the
    case `left_through`, the channel `producer` ranges over around `send`: the producer
    learns of the stop, but only once the iteration under way has sent."""
    loop = _range_around(producer, send)
    if loop is None or not isinstance(loop.range_ref, VarRef):
        return None
    input_var = _root_variable(loop.range_ref.var, producer, spawn, root)
    cfg = root.cfg
    if input_var is None or cfg is None:
        return None
    for node in cfg.nodes:
        for event in node.events:
            if (
                event.kind == "close"
                and event.ref == VarRef(input_var)
                and gosyntax.is_within(event.node, left_through)
            ):
                return input_var, node, event.node
    return None


def _range_around(producer: Function, send: Event) -> Loop | None:
    """The `for range input` whose own body holds `send`, the only send on its channel
    there."""
    cfg = producer.cfg
    at = cfg.node_of(send.node) if cfg is not None else None
    if cfg is None or at is None or at.loop is None or at.loop.range_ref is None:
        return None
    loop = at.loop
    sends = [
        e
        for n in cfg.nodes
        if loop.holds(n)
        for e in n.events
        if e.kind == "send" and e.ref == send.ref
    ]
    return loop if sends == [send] or (len(sends) == 1 and sends[0].node == send.node) else None


def _root_variable(var: Var, producer: Function, spawn: Event, root: Function) -> Var | None:
    """The root's variable that `var` (a variable the producer sees) stands for: itself
    when the producer is a literal capturing it, else the argument bound to it."""
    if var.kind != "param" or var.func != producer.node:
        return var if var.func != producer.node else None
    if spawn.call is None or param_var(producer, var.index) is not var:
        return None
    args = gosyntax.call_arguments(spawn.call)
    if var.index >= len(args):
        return None
    ref = root.resolver.ref(args[var.index])
    return ref.var if isinstance(ref, VarRef) else None


def _made_unbuffered_once(var: Var) -> bool:
    if len(var.assignments) != 1:
        return False
    value = var.assignments[0][1]
    if not isinstance(value, tree_sitter.Node) or value.type != "call_expression":
        return False
    return gosyntax.callee_text(value) == "make" and len(gosyntax.call_arguments(value)) == 1


def _takes(event: Event, channel: Var) -> bool:
    return event.kind in ("recv", "range") and event.ref == VarRef(channel) and event.blocking
