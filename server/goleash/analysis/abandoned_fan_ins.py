"""A fan-in whose merger gives up early, its producers left with the caller's context.

```go
func (r *Router) Search(ctx context.Context, q Query) (*Result, error) {
        streams := make([]chan item, len(r.shards))
        for i, s := range r.shards {
                streams[i] = make(chan item, r.cfg.StreamBuffer)
                go pump(ctx, s, q, streams[i])  // sends until done, or until ctx ends
        }
        res, err := r.merge(streams)            // returns on the first failed shard
        if err != nil {
                return nil, err                 // the other pumps wait on a full stream
        }
        ...
}

func send(ctx context.Context, out chan<- item, it item) bool {
        select {
        case out <- it:
                return true
        case <-ctx.Done():                      // the caller's: nothing here cancels it
                return false
        }
}
```

A function starts one producer per stream, each streaming into its own channel with
the context it was handed as the only way to give up, and hands the streams to a merger
that can return before it has read them all. The function never derives a context of
its own, so once the merger has given up the producers wait until the caller cancels,
which a caller passing `context.Background()` never does.

Heuristics, each a trade-off:
- STREAM_PER_GOROUTINE: a `go` statement in a loop hands its goroutine the function's
  `context.Context` parameter and an element of a local slice (`streams[i]`) made in
  that loop, a channel or a constructor's object holding one.
- CALLERS_CONTEXT: the function derives no context (`context.With...` appears nowhere
  in it): the parameter is cancelled, if ever, by the caller.
- MERGER_GIVES_UP: after the loop the slice is handed to a function of the package
  that returns from inside a loop over it (`return nil, err` on a failed shard), and
  the starting function neither ranges over the slice again nor hands it on.
- SEND_OR_DONE: the goroutine, or a function or method it hands the element to (two
  calls deep), sends in a `select` whose only other case is that context's `Done()`,
  once per round of a loop: a stream, not a single reply. A buffer per element sized
  by a length (`len(xs)`) may hold the whole stream, and is left alone; a setting or a
  constant is taken not to (the BUFFER_SHORT_OF_THE_STREAM trade-off: a producer with
  fewer values than its buffer is reported too).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax

if TYPE_CHECKING:
    from goleash.analysis.functions import Function, Functions
    from goleash.source import SourceFile


@dataclass(frozen=True)
class AbandonedFanIn:
    root: Node  # the starting function (`Search`)
    go: Node  # its `go pump(ctx, s, q, streams[i])`
    context: str  # `ctx`
    streams: str  # `streams`
    made: Node  # `streams[i] = make(chan item, ...)`
    merge: Node  # the merging call (`r.merge(streams)`)
    give_up: Node  # the merger's `return` from inside its loop over the streams
    give_up_file: SourceFile
    select: Node  # the producer's `select` between its send and `ctx.Done()`
    select_file: SourceFile


def abandoned_fan_ins(
    functions: Functions, file: SourceFile, go_statements: Iterable[Node]
) -> list[AbandonedFanIn]:
    out: list[AbandonedFanIn] = []
    seen: set[int] = set()
    for go in go_statements:
        root = functions.enclosing(go, file)
        if root is None or root.node.type == "func_literal" or root.node.start_byte in seen:
            continue
        found = _judge(functions, root, go)
        if found is not None:
            seen.add(root.node.start_byte)
            out.append(found)
    return out


def _judge(functions: Functions, root: Function, go: Node) -> AbandonedFanIn | None:
    if b"context.With" in (root.node.text or b""):
        return None  # CALLERS_CONTEXT fails: the function derives a context of its own
    loop = next((a for a in gosyntax.ancestors(go, root.node) if a.type == "for_statement"), None)
    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    if loop is None or call is None:
        return None
    contexts = {
        name
        for name, typ in gosyntax.parameters(root.node)
        if typ is not None and gosyntax.text(typ).replace(" ", "") == "context.Context"
    }
    args = gosyntax.call_arguments(call)
    ctx_at = [
        i for i, a in enumerate(args) if a.type == "identifier" and gosyntax.text(a) in contexts
    ]
    elem_at = [
        i
        for i, a in enumerate(args)
        if a.type == "index_expression" and gosyntax.field(a, "operand").type == "identifier"
    ]
    if len(ctx_at) != 1 or len(elem_at) != 1:
        return None
    context = gosyntax.text(args[ctx_at[0]])
    streams = gosyntax.text(gosyntax.field(args[elem_at[0]], "operand"))
    made = _element_made(loop, streams)
    if made is None:
        return None
    merged = _merged_after(functions, root, loop, streams)
    if merged is None:
        return None
    merge, give_up, give_up_file = merged
    goroutine = functions.callee(call, root)
    if goroutine is None:
        return None
    sending = _send_or_done(functions, goroutine, elem_at[0], ctx_at[0], 0)
    if sending is None:
        return None
    select, select_file = sending
    return AbandonedFanIn(
        root.node, go, context, streams, made, merge, give_up, give_up_file, select, select_file
    )


def _element_made(loop: Node, streams: str) -> Node | None:
    """STREAM_PER_GOROUTINE: the loop's `streams[i] = make(chan T, n)` (or a constructor
    call), unless a length sizes it."""
    for stmt in gosyntax.walk(loop):
        assigned = gosyntax.sole_assignment(stmt) if stmt.type == "assignment_statement" else None
        if assigned is None:
            continue
        left, right = assigned
        if (
            left.type != "index_expression"
            or gosyntax.text(gosyntax.field(left, "operand")) != streams
        ):
            continue
        if right.type != "call_expression" or "len(" in gosyntax.text(right):
            return None
        return stmt
    return None


def _merged_after(
    functions: Functions, root: Function, loop: Node, streams: str
) -> tuple[Node, Node, SourceFile] | None:
    """MERGER_GIVES_UP: the one call after the loop handed the slice, to a function of the
    package returning from inside a loop over the parameter it binds; and nothing else
    in the starting function reads the slice after the loop."""
    uses = [
        n
        for n in gosyntax.walk(root.node)
        if n.type == "identifier" and gosyntax.text(n) == streams and n.start_byte > loop.end_byte
    ]
    if len(uses) != 1 or uses[0].parent is None or uses[0].parent.type != "argument_list":
        return None
    call = uses[0].parent.parent
    if call is None or call.type != "call_expression":
        return None
    position = [c.id for c in uses[0].parent.named_children].index(uses[0].id)
    merger = functions.callee(call, root)
    if merger is None or merger.node.type == "func_literal":
        return None
    params = gosyntax.parameters(merger.node)
    if position >= len(params):
        return None
    param = params[position][0]
    for ranged in gosyntax.descendants(merger.node, "range_clause"):
        right = ranged.child_by_field_name("right")
        if right is None or gosyntax.text(right) != param or ranged.parent is None:
            continue
        for ret in gosyntax.descendants(ranged.parent, "return_statement"):
            if gosyntax.enclosing_function(ret) == merger.node and _gives_an_error(ret):
                return call, ret, merger.file
    return None


def _gives_an_error(ret: Node) -> bool:
    """A `return` whose last result is not `nil`: the merger reports a failure."""
    results = ret.named_children[0].named_children if ret.named_children else []
    return bool(results) and gosyntax.text(results[-1]) != "nil"


def _send_or_done(
    functions: Functions, func: Function, elem: int, ctx: int, depth: int
) -> tuple[Node, SourceFile] | None:
    """SEND_OR_DONE: a `select` in `func` (or a function it hands the element and the
    context to) whose cases are a send and the context's `Done()`, repeated by a loop."""
    params = [name for name, _t in gosyntax.parameters(func.node)]
    if elem >= len(params) or ctx >= len(params):
        return None
    element, context = params[elem], params[ctx]
    body = func.node.child_by_field_name("body")
    if body is None:
        return None
    for select in gosyntax.descendants(body, "select_statement"):
        if gosyntax.enclosing_function(select) != func.node:
            continue
        if _send_beside_done(select, {element}, context) and (
            depth > 0 or gosyntax.loops_between(select, func.node)
        ):
            return select, func.file
    if depth >= 2:
        return None
    for call in gosyntax.descendants(body, "call_expression"):
        if gosyntax.enclosing_function(call) != func.node:
            continue
        callee = functions.callee(call, func)
        if callee is None or callee.node == func.node:
            continue
        found = _handed(call, callee, element, context)
        if found is None:
            continue
        kind, elem_at, ctx_at = found
        in_loop = bool(gosyntax.loops_between(call, func.node))
        if kind == "receiver":
            got = _receiver_sends(callee, ctx_at, in_loop)
        else:
            got = _send_or_done(functions, callee, elem_at, ctx_at, depth + 1)
            if got is not None and not in_loop and not gosyntax.loops_between(got[0], callee.node):
                got = None
        if got is not None:
            return got
    return None


def _handed(
    call: Node, callee: Function, element: str, context: str
) -> tuple[str, int, int] | None:
    """How a call hands on the element and the context: as two arguments ("args", their
    positions), or the element as the method's receiver ("receiver", -1, the context's)."""
    args = [gosyntax.text(a) for a in gosyntax.call_arguments(call)]
    if context not in args:
        return None
    ctx_at = args.index(context)
    if element in args:
        return "args", args.index(element), ctx_at
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if (
        fn is not None
        and fn.type == "selector_expression"
        and gosyntax.text(gosyntax.field(fn, "operand")) == element
        and callee.node.type == "method_declaration"
    ):
        return "receiver", -1, ctx_at
    return None


def _receiver_sends(method: Function, ctx: int, in_loop: bool) -> tuple[Node, SourceFile] | None:
    """A method of the element (`out.emit(ctx, alns)`) sending on a channel field of its
    receiver (`s.ch <- a`) beside the context's `Done()`, in a loop (its own or the
    caller's)."""
    recv = gosyntax.receiver_text(method.node)
    params = [name for name, _t in gosyntax.parameters(method.node)]
    body = method.node.child_by_field_name("body")
    if not recv or ctx >= len(params) or body is None:
        return None
    for select in gosyntax.descendants(body, "select_statement"):
        if gosyntax.enclosing_function(select) != method.node:
            continue
        if _send_beside_done(select, None, params[ctx], recv) and (
            in_loop or gosyntax.loops_between(select, method.node)
        ):
            return select, method.file
    return None


def _send_beside_done(
    select: Node, channels: set[str] | None, context: str, receiver: str | None = None
) -> bool:
    """Two cases and no default: a send on one of `channels` (or on a field of
    `receiver`), and a receive from `context.Done()`."""
    cases = [c for c in select.named_children if c.type in ("communication_case", "default_case")]
    if len(cases) != 2 or any(c.type == "default_case" for c in cases):
        return False
    sent = done = False
    for case in cases:
        comm = gosyntax.case_communication(case)
        if comm is None:
            return False
        if comm.type == "send_statement":
            target = comm.child_by_field_name("channel")
            if target is None:
                return False  # half-typed: `case <- v:`
            channel = gosyntax.text(target)
            if (channels is not None and channel in channels) or (
                receiver is not None
                and channel.startswith(f"{receiver}.")
                and channel.count(".") == 1
            ):
                sent = True
        else:
            operand = gosyntax.received_operand(case)
            if (
                operand is not None
                and gosyntax.text(operand).replace(" ", "") == f"{context}.Done()"
            ):
                done = True
    return sent and done
