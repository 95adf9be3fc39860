"""A goroutine of a type that ends only when its caller's context does, while the type's
stopping method closes a stop channel that its other goroutines watch.

```go
func (c *Client) watch(ctx context.Context) {
        ...
        select {
        case <-ctx.Done():
                return
        case <-c.stop:                  // Close reaches this goroutine
                return
        }
}

func (c *Client) poll(ctx context.Context) {
        for {
                select {
                case <-ctx.Done():      // ...but not this one
                        return
                case <-t.C:
                        c.refresh(ctx)
                }
        }
}

func (c *Client) Close() { close(c.stop) }
```

The type says how its goroutines end: `Close` closes `c.stop`, and its methods wait on
it. A goroutine of the type whose loop ends only on the caller's context is not reached
by `Close`: with a caller that never cancels (`context.Background()`), it runs on after
`Close` has returned.

Heuristics, each a trade-off:
- ONLY_THE_CONTEXT: a `select` in an endless loop, every way out of the goroutine's
  method inside its `<-ctx.Done()` case (kept_contexts.only_way_out), `ctx` one of the
  method's parameters: the caller's context. A context the type keeps (`r.ctx`) may
  be cancelled by the stopping method itself (webhook retrier, blind p108).
- THE_TYPE_WATCHES_ITS_STOP: the type's stopping method (`Close`, `Stop`, `Shutdown`)
  closes an unexported channel field of it, and another method of the type (not the
  stopping method) receives from that field: the field is the type's stop signal,
  not a notice the stopping method gives to one reader. A type whose goroutines all
  watch only the context is left alone.
- The goroutine's method never mentions the field.
- CANCELS_IN_ITS_STOP: a stopping method that calls a field of its object (a kept
  cancel) may end the goroutine's context itself: not judged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.cfg import is_channel_type
from goleash.analysis.index import receiver_name, receiver_type_name
from goleash.analysis.kept_contexts import done_cases, only_way_out
from goleash.analysis.stop_signals import stopping_method

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


@dataclass(frozen=True)
class UnwatchedStop:
    select: Node  # the loop's select
    case: Node  # its `case <-ctx.Done():`
    context: str  # the text of the context (`ctx`)
    receiver: str  # the goroutine method's receiver name
    field: str  # the stop field
    stopper: str  # the stopping method's name
    close: Node  # its `close(x.field)`
    close_file: SourceFile
    watcher: str  # a method of the type that waits on the field


def unwatched_stop(package: Package, method: Node) -> UnwatchedStop | None:
    """The goroutine method's loop that only its context ends, when the type's stopping
    method closes a stop field its other methods watch."""
    if method.type != "method_declaration":
        return None
    body = method.child_by_field_name("body")
    type_name = receiver_type_name(method)
    receiver = receiver_name(method)
    if body is None or type_name is None or receiver is None:
        return None
    params = {name for name, _type in gosyntax.parameters(method)}
    found = next(
        (
            (holder, case, select)
            for holder, case, select in done_cases(body)
            if holder.type == "identifier"
            and gosyntax.text(holder) in params
            and only_way_out(body, select, case)
        ),
        None,
    )
    if found is None:
        return None
    holder, case, select = found
    stop = stopping_method(package, type_name)
    if stop is None or stop[1] == method:
        return None
    stopper, stop_node, stop_file = stop
    closed = _closed_field(stop_node)
    if closed is None or _calls_a_field(package, type_name, stop_node):
        return None
    field, close = closed
    declared = package.field_type(type_name, field)
    if declared is None or declared[0] != type_name or not is_channel_type(declared[1]):
        return None
    if field[:1].isupper() or any(
        n.type == "selector_expression" and gosyntax.text(gosyntax.field(n, "field")) == field
        for n in gosyntax.walk(body, skip_functions=False)
    ):
        return None  # the goroutine reads the field somewhere
    watcher = _watcher(package, type_name, field, (method, stop_node))
    if watcher is None:
        return None
    return UnwatchedStop(
        select, case, gosyntax.text(holder), receiver, field, stopper, close, stop_file, watcher
    )


def _closed_field(stopper: Node) -> tuple[str, Node] | None:
    """(`F`, the call) of the stopping method's `close(r.F)`, r its receiver (inside a
    `once.Do` literal too)."""
    receiver = receiver_name(stopper)
    body = stopper.child_by_field_name("body")
    if receiver is None or body is None:
        return None
    for call in gosyntax.walk(body, skip_functions=False):
        if call.type != "call_expression" or gosyntax.callee_text(call) != "close":
            continue
        args = gosyntax.call_arguments(call)
        arg = gosyntax.unparen(args[0]) if len(args) == 1 else None
        if arg is None or arg.type != "selector_expression":
            continue
        operand = gosyntax.unparen(arg.child_by_field_name("operand"))
        if operand is not None and gosyntax.text(operand) == receiver:
            return gosyntax.text(gosyntax.field(arg, "field")), call
    return None


def _calls_a_field(package: Package, type_name: str, stopper: Node) -> bool:
    """CANCELS_IN_ITS_STOP: the stopping method calls a field of its receiver (`db.stop()`,
    `r.cancel()`): a kept cancel, maybe of the very context the goroutine was handed
    (database/sql's connectionOpener, kafka-go's readLag)."""
    receiver = receiver_name(stopper)
    body = stopper.child_by_field_name("body")
    if receiver is None or body is None:
        return False
    for call in gosyntax.walk(body, skip_functions=False):
        if call.type != "call_expression":
            continue
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if fn is None or fn.type != "selector_expression":
            continue
        operand = gosyntax.unparen(fn.child_by_field_name("operand"))
        if operand is None or gosyntax.text(operand) != receiver:
            continue
        if package.field_type(type_name, gosyntax.text(gosyntax.field(fn, "field"))) is not None:
            return True
    return False


def _watcher(package: Package, type_name: str, field: str, besides: tuple[Node, ...]) -> str | None:
    """THE_TYPE_WATCHES_ITS_STOP: a method of the type other than `besides` receiving
    from `x.field`."""
    receive = re.compile(rb"<-\s*\w+\." + re.escape(field.encode()) + rb"\b")
    for _file, method in package.methods_of_type(type_name):
        if method in besides:
            continue
        if receive.search(method.text or b""):
            return gosyntax.function_name(method)
    return None
