"""REPLY_AFTER_THE_REQUEST: a goroutine's reply is sent only once it has taken a
request, and the method that skips taking the reply also skipped sending that request.

```go
func (w *Watchdog) Stop() {
        if w.paused {
                return // sends no stop: loop sends no done
        }
        w.stop <- struct{}{}
        <-w.done
}

func (w *Watchdog) loop() {
        for {
                select {
                case <-w.stop:
                        w.done <- struct{}{}
                        return
                case <-tick:
                }
        }
}
```

The send on `done` sits in the case receiving from `stop`; `Stop` sends on (or closes)
`stop` only after its early return, so on that path no reply is ever made: the send
is not where the goroutine waits (it waits for `stop`, which the other rules judge).
Trade-off: a request sent by another method before this one runs is not looked for.
"""

from __future__ import annotations

from tree_sitter import Node

from goleash import gosyntax


def reply_needs_a_skipped_request(send: Node, exit_node: Node) -> bool:
    """Is `send` (in a goroutine) in the body of a select case receiving from a field
    that the method holding `exit_node` sends on or closes only after that exit?"""
    case = next((a for a in gosyntax.ancestors(send) if a.type == "communication_case"), None)
    goroutine = gosyntax.enclosing_function(send)
    if case is None or goroutine is None or not gosyntax.is_within(case, goroutine):
        return False
    request = _receiver_field(gosyntax.received_operand(case), gosyntax.receiver_text(goroutine))
    method = gosyntax.enclosing_function(exit_node)
    if request is None or method is None:
        return False
    recv = gosyntax.receiver_text(method)
    made = [
        n
        for n in gosyntax.walk(method)
        if (
            n.type == "send_statement"
            and _receiver_field(gosyntax.field(n, "channel"), recv) == request
        )
        or (
            n.type == "call_expression"
            and gosyntax.callee_text(n) == "close"
            and any(_receiver_field(a, recv) == request for a in gosyntax.call_arguments(n))
        )
    ]
    return bool(made) and all(n.start_byte > exit_node.end_byte for n in made)


def _receiver_field(expr: Node | None, recv: str | None) -> str | None:
    """`w.stop` as `$.stop`, for a field of the receiver `recv`."""
    expr = gosyntax.unparen(expr)
    if expr is None or recv is None or expr.type != "selector_expression":
        return None
    operand = gosyntax.unparen(expr.child_by_field_name("operand"))
    if operand is None or operand.type != "identifier" or gosyntax.text(operand) != recv:
        return None
    return "$." + gosyntax.text(gosyntax.field(expr, "field"))
