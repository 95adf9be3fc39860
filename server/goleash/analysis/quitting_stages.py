"""A pipeline stage whose workers quit with their caller, while the stage before them,
started by a helper, still has values to send and no way to stop.

```go
func (h *Handler) upload(ctx context.Context, body io.Reader) error {
        ctx, cancel := context.WithCancel(ctx)
        defer cancel()                            // the workers quit when upload returns
        chunks := split(body)                     // a goroutine sends every chunk, unstoppable
        for i := 0; i < n; i++ {
                go func() {
                        for c := range chunks {
                                select {
                                case results <- store(c):
                                case <-ctx.Done():
                                        return    // ... and so stop reading chunks
                                }
                        }
                }()
        }
        for r := range results {
                if r.err != nil {
                        return r.err              // split's goroutine blocks on its next send
                }
        }
        ...
```

Each stage of the pipeline passes the question "should I stop?" to the one after it
except the first: the helper's goroutine sends every value with a plain send and
learns of nothing. Once the function returns early, its workers stop with the
context, nobody reads the helper's channel any more, and the helper's goroutine blocks
on its next send for good.

Heuristics, each a trade-off:
- UNSTOPPABLE_SOURCE: the channel comes from a function of the package that returns it
  and whose goroutine sends on it with a plain send (not a select case) inside a loop.
- WORKERS_QUIT_WITH_THE_CALLER: the function's goroutines range over that channel and
  `return` from the range in a select case on the `Done()` of a context the function
  derives and cancels with `defer` (CONTEXT_ENDS_WITH_THE_CALLER).
- LEFT_WHILE_COLLECTING: the function returns from inside its loop over the channel
  those workers send on (a `for ... range` or a receive in a `for`): the workers, and
  the stage before them, may still have values in flight. A return after that loop has
  run to its end is not judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax

if TYPE_CHECKING:
    from goleash.analysis.functions import Function, Functions
    from goleash.source import SourceFile


@dataclass(frozen=True)
class QuittingStage:
    made: Node  # the call of the helper that returns the channel
    channel: str  # the variable holding it
    send: Node  # the helper goroutine's plain send
    send_file: SourceFile
    helper: str  # the helper's name
    worker: Node  # the `go` of a worker ranging over the channel
    quit: Node  # the worker's `return` on the context
    exit: Node  # the function's early `return` while collecting


def quitting_stages(
    functions: Functions, file: SourceFile, decls: Iterable[Node]
) -> list[QuittingStage]:
    """Among `decls` (short variable declarations), the helper channels whose only readers
    quit with the function at an early return."""
    out: list[QuittingStage] = []
    data = file.data
    if b".Done()" not in data or b"range" not in data or b"go " not in data:
        return out  # the cheap test first: a file with no worker quitting on a context
    ranged = set(_RANGED.findall(data))
    for decl in decls:
        left = gosyntax.field(decl, "left").named_children
        if not left or (left[0].text or b"") not in ranged:
            continue  # nothing ranges over it: no worker reads it
        found = _judge(functions, file, decl)
        if found is not None:
            out.append(found)
    return out


# The names a file ranges over (`range chunks`), read once per file.
_RANGED = re.compile(rb"\brange\s+(\w+)\b")


def _judge(functions: Functions, file: SourceFile, decl: Node) -> QuittingStage | None:
    right = gosyntax.field(decl, "right").named_children
    left = gosyntax.field(decl, "left").named_children
    call = gosyntax.unparen(right[0]) if len(right) == 1 else None
    if call is None or call.type != "call_expression" or not left:
        return None
    func_node = gosyntax.enclosing_function(decl)
    body = func_node.child_by_field_name("body") if func_node is not None else None
    if func_node is None or body is None or b"go " not in (body.text or b""):
        return None
    channel = gosyntax.text(left[0])
    text = body.text or b""
    if (
        not re.search(rb"range\s+" + re.escape(channel.encode()) + rb"\b", text)
        or b".Done()" not in text
    ):
        return None  # the cheap test first: resolving the callee may parse another file
    func = functions.get(func_node, file)
    helper = functions.callee(call, func)
    if helper is None or helper.node.type == "func_literal":
        return None
    send = _unstoppable_send(helper)
    if send is None:
        return None
    for go in gosyntax.walk(body):
        if go.type != "go_statement" or go.start_byte < decl.end_byte:
            continue
        literal = gosyntax.started_literal(go)
        quitting = _quits_with_the_caller(literal, channel, func_node) if literal else None
        if quitting is None:
            continue
        quit_return, outputs = quitting
        exit_node = _early_return_while_collecting(body, outputs)
        if exit_node is not None:
            return QuittingStage(
                call,
                channel,
                send,
                helper.file,
                gosyntax.function_name(helper.node) or "",
                go,
                quit_return,
                exit_node,
            )
    return None


def _unstoppable_send(helper: Function) -> Node | None:
    """UNSTOPPABLE_SOURCE: the plain send in a loop of the helper's goroutine on the
    channel it returns."""
    body = helper.node.child_by_field_name("body")
    if body is None:
        return None
    returned: set[str] = set()
    for n in gosyntax.walk(body):
        if n.type == "return_statement" and n.named_children:
            values = n.named_children[0].named_children or [n.named_children[0]]
            first = gosyntax.unparen(values[0])
            if first is not None and first.type == "identifier":
                returned.add(gosyntax.text(first))
    if len(returned) != 1:
        return None
    name = returned.pop()
    for go in gosyntax.walk(body):
        literal = gosyntax.started_literal(go) if go.type == "go_statement" else None
        for send in gosyntax.walk(literal) if literal is not None else ():
            if send.type != "send_statement":
                continue
            channel = gosyntax.unparen(send.child_by_field_name("channel"))
            if (
                channel is not None
                and gosyntax.text(channel) == name
                and send.parent is not None
                and send.parent.type != "communication_case"
                and gosyntax.in_loop(send)
            ):
                return send
    return None


def _quits_with_the_caller(literal: Node, channel: str, func: Node) -> tuple[Node, set[str]] | None:
    """WORKERS_QUIT_WITH_THE_CALLER: (the `return` on the context inside the range over
    `channel`, the channels the worker sends on there)."""
    for loop in gosyntax.walk(literal):
        if loop.type != "for_statement":
            continue
        clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
        ranged = gosyntax.unparen(clause.child_by_field_name("right")) if clause else None
        if ranged is None or gosyntax.text(ranged) != channel:
            continue
        quit_return = None
        outputs: set[str] = set()
        for case in gosyntax.walk(loop):
            if case.type != "communication_case":
                continue
            comm = gosyntax.case_communication(case)
            if comm is not None and comm.type == "send_statement":
                target = gosyntax.unparen(comm.child_by_field_name("channel"))
                if target is not None:
                    outputs.add(gosyntax.text(target))
                continue
            holder = gosyntax.done_holder(gosyntax.received_operand(case))
            if holder is None or holder.type != "identifier":
                continue
            if not gosyntax.cancel_deferred(func, gosyntax.text(holder)):
                continue  # CONTEXT_ENDS_WITH_THE_CALLER
            ret = next((s for s in gosyntax.statements(case) if s.type == "return_statement"), None)
            if ret is not None:
                quit_return = ret
        if quit_return is not None and outputs:
            return quit_return, outputs
    return None


def _early_return_while_collecting(body: Node, outputs: set[str]) -> Node | None:
    """LEFT_WHILE_COLLECTING: a `return` of the function inside its loop over one of
    `outputs`."""
    for loop in gosyntax.walk(body):
        if loop.type != "for_statement" or not _collects(loop, outputs):
            continue
        for ret in gosyntax.walk(loop):
            if ret.type == "return_statement":
                return ret
    return None


def _collects(loop: Node, outputs: set[str]) -> bool:
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    if clause is not None:
        ranged = gosyntax.unparen(clause.child_by_field_name("right"))
        return ranged is not None and gosyntax.text(ranged) in outputs
    for n in gosyntax.walk(loop):
        operand = gosyntax.receive_operand(n)
        if operand is not None and gosyntax.text(operand) in outputs:
            return True
    return False
