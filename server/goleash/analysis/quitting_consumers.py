"""A producer goroutine left sending on a channel field after its consumer gave up.

```go
func Start(in <-chan []byte) *Shipper {
        s := &Shipper{records: make(chan Record, 100)}
        go s.decode(in)               // the producer: one send per input line
        go s.flush()                  // the consumer: may return for good
        return s
}

func (s *Shipper) decode(in <-chan []byte) {
        defer close(s.records)
        for line := range in {
                s.records <- parse(line)   // once flush has returned and the buffer is
        }                                  // full, this waits forever
}

func (s *Shipper) flush() {
        for r := range s.records {
                if err := s.write(r); errors.Is(err, ErrRejected) {
                        return        // gives up: nobody receives from s.records again
                }
        }
}
```

The same shape as a pipeline of two function literals (SIBLING_QUITS in liveness.py),
written with methods of one object and a channel kept in a field of it.

Heuristics, each a trade-off:
- STARTED_TOGETHER: one function starts both, `go x.producer(...)` and `go x.consumer()`
  on the same variable, and is not `main` or `init`.
- FORWARDER: the producer's send on `x.F` is a bare send (no select: no way to learn the
  consumer is gone) inside a `range` over something else, its input: it sends for as
  long as the input lasts. An input that has ended by the time the consumer gives up
  strands nothing; such a pipeline is reported too.
- QUITTING_CONSUMER: the consumer receives from `x.F` in a loop (a `range`, or an
  endless `for` around the receive) that has a `return` of its own, other than the one
  taken when the channel is closed (`if !ok { return }`).
- ONLY_THESE_TWO: every receive from `.F` in the package is in the consumer, every send
  in the producer, and nothing else uses the field but its `make`, `len`/`cap` and a
  `close` by the producer. Fields are matched by name across the package's types.
- QUITS_AFTER_THE_PRODUCER: a consumer that gives up only on a channel the producer
  alone closes after its last send (`case <-x.done: return`) never strands it.
- QUITS_AFTER_THE_WAIT: nor does one that gives up only on a field closed (or sent on)
  right after `x.wg.Wait()` on a group whose `Done` the producer defers first thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.channel_writers import only_written_past
from goleash.analysis.index import receiver_name
from goleash.analysis.package import sole_receiver

if TYPE_CHECKING:
    from goleash.analysis.functions import Function, Functions
    from goleash.source import SourceFile


@dataclass(frozen=True)
class QuittingConsumer:
    send: Node  # the producer's bare send on the field
    send_file: SourceFile
    field: str
    producer: Function
    consumer: Function
    quit_at: Node  # the consumer's `return` out of its receiving loop
    producer_start: Node  # `go x.producer(...)`
    consumer_start: Node
    start_file: SourceFile


def quitting_consumers(
    functions: Functions, file: SourceFile, sends: Iterable[Node]
) -> list[QuittingConsumer]:
    """Producers left sending, among `sends` (the file's sends on a field that are being
    checked)."""
    out: list[QuittingConsumer] = []
    for send in sends:
        found = _judge(functions, file, send)
        if found is not None:
            out.append(found)
    return out


def _judge(functions: Functions, file: SourceFile, send: Node) -> QuittingConsumer | None:
    if send.parent is None or send.parent.type not in ("block", "statement_list"):
        return None  # in a select case: it may have another way out
    method = gosyntax.enclosing_function(send)
    receiver = receiver_name(method) if method is not None else None
    if method is None or method.type != "method_declaration" or receiver is None:
        return None
    field = gosyntax.field_of(send.child_by_field_name("channel"), receiver)
    if field is None or not _forwards(send, method):
        return None
    producer = functions.get(method, file)
    consumer_quit = _only_these_two(functions, field, method)
    if consumer_quit is None:
        return None
    consumer, quit_at = consumer_quit
    if _quits_on_the_producers_close(quit_at, producer, send) or _quits_after_the_wait(
        quit_at, producer, functions
    ):
        return None
    starts = _started_together(functions, producer, consumer)
    if starts is None:
        return None
    producer_start, consumer_start, start_file = starts
    return QuittingConsumer(
        send, file, field, producer, consumer, quit_at, producer_start, consumer_start, start_file
    )


def _forwards(send: Node, method: Node) -> bool:
    """FORWARDER: the send sits in a `range` loop of the method over its input."""
    at = send.parent
    while at is not None and at != method:
        if at.type in gosyntax.FUNCTION_TYPES:
            return False
        if at.type == "for_statement":
            return any(c.type == "range_clause" for c in at.named_children)
        at = at.parent
    return False


def _only_these_two(
    functions: Functions, field: str, producer: Node
) -> tuple[Function, Node] | None:
    """ONLY_THESE_TWO and QUITTING_CONSUMER: (the consumer, its `return` out of the
    receiving loop) when every other use of `.field` is the producer's or the consumer's."""
    consumer = sole_receiver(functions.package, field, sender=producer)
    if consumer is None:
        return None
    method, file, receive = consumer
    quit_at = _quits(receive, method)
    if quit_at is None:
        return None
    return functions.get(method, file), quit_at


def _quits(receive: Node, method: Node) -> Node | None:
    """QUITTING_CONSUMER: the `return` out of the loop around `receive` that is not the
    closed-channel exit (`if !ok { return }`)."""
    loop = receive.parent
    while loop is not None and loop.type != "for_statement":
        if loop.type in gosyntax.FUNCTION_TYPES:
            return None
        loop = loop.parent
    if loop is None:
        return None
    ranged = any(c.type == "range_clause" for c in loop.named_children)
    if not ranged and not gosyntax.is_infinite_loop(loop):
        return None
    ok = _ok_name(receive)
    body = loop.child_by_field_name("body")
    for node in gosyntax.walk(body) if body is not None else ():
        if node.type == "return_statement" and not _when_closed(node, ok):
            return node
    return None


def _quits_on_the_producers_close(quit_at: Node, producer: Function, send: Node) -> bool:
    """QUITS_AFTER_THE_PRODUCER: the consumer's `return` is in a select case receiving
    from a channel the producer alone writes to (SOLE_WRITER, channel_writers.py),
    by a close or a send from which its send on the field is never reached again
    (`close(x.done)` after its forwarding loop): the consumer gives up only once the
    producer is past its last send."""
    case = next((a for a in gosyntax.ancestors(quit_at) if a.type == "communication_case"), None)
    operand = gosyntax.received_operand(case) if case is not None else None
    return operand is not None and only_written_past(producer, operand, send)


def _quits_after_the_wait(quit_at: Node, producer: Function, functions: Functions) -> bool:
    """QUITS_AFTER_THE_WAIT: the consumer's `return` is in a select case receiving from a
    field (`x.quit`) that the package closes or sends on only right after `y.wg.Wait()`
    on a WaitGroup field whose `Done` the producer defers first thing: once the consumer
    may quit, every producer has returned (`close(ix.jobs); ix.workers.Wait();
    close(ix.quit)`). Trade-off: the group is matched by its field name, so a group of
    that name counting other goroutines would be taken for this one."""
    case = next((a for a in gosyntax.ancestors(quit_at) if a.type == "communication_case"), None)
    operand = gosyntax.unparen(gosyntax.received_operand(case)) if case is not None else None
    body = producer.node.child_by_field_name("body")
    recv = receiver_name(producer.node)
    if operand is None or operand.type != "selector_expression" or body is None or not recv:
        return False
    quit_field = gosyntax.text(gosyntax.field(operand, "field"))
    groups = set()
    for top in gosyntax.statements(body):
        call = top.named_children[0] if top.type == "defer_statement" else None
        if call is None or call.type != "call_expression":
            continue
        name = gosyntax.text(gosyntax.field(call, "function"))
        if name.startswith(recv + "."):
            parts = name.split(".")
            if len(parts) == 3 and parts[2] == "Done":
                groups.add(parts[1])
    if not groups:
        return False
    writes = 0
    for file in functions.package.files:
        if b"." + quit_field.encode() not in file.data:
            continue
        for use in gosyntax.walk(file.root, skip_functions=False):
            if (
                use.type != "selector_expression"
                or gosyntax.text(gosyntax.field(use, "field")) != quit_field
            ):
                continue
            written = _written_by(use)
            if written is None:
                continue
            waited = gosyntax.waited_on_just_before(written)
            if waited is None or waited.split(".")[-1] not in groups or "." not in waited:
                return False
            writes += 1
    return writes > 0


def _written_by(use: Node) -> Node | None:
    """The statement that closes or sends on the field `use` selects, if it does."""
    parent = use.parent
    if (
        parent is not None
        and parent.type == "send_statement"
        and parent.child_by_field_name("channel") == use
    ):
        return parent
    if parent is not None and parent.type == "argument_list":
        call = parent.parent
        if call is not None and gosyntax.callee_text(call) == "close":
            return call.parent
    return None


def _ok_name(receive: Node) -> str | None:
    """`ok` of `v, ok := <-x.F` (in a statement or a select case)."""
    unary = receive.parent
    while unary is not None and unary.type == "parenthesized_expression":
        unary = unary.parent
    right = unary.parent if unary is not None else None
    if right is not None and right.type == "expression_list":
        right = right.parent
    if right is None or right.type not in ("receive_statement", "short_var_declaration"):
        return None
    left = right.child_by_field_name("left")
    names = left.named_children if left is not None else []
    return gosyntax.text(names[1]) if len(names) == 2 else None


def _when_closed(ret: Node, ok: str | None) -> bool:
    """Is `ret` inside `if !ok { ... }` (the exit a closed channel takes)?"""
    if ok is None:
        return False
    at = ret.parent
    while at is not None and at.type not in gosyntax.FUNCTION_TYPES:
        if at.type == "if_statement":
            cond = at.child_by_field_name("condition")
            if cond is not None and gosyntax.text(cond).replace(" ", "") == "!" + ok:
                return True
        at = at.parent
    return False


def _started_together(
    functions: Functions, producer: Function, consumer: Function
) -> tuple[Node, Node, SourceFile] | None:
    """STARTED_TOGETHER: the two `go` statements, in one function on one variable."""
    for p_call, p_at in functions.call_sites(producer):
        p_go = p_call.parent
        if p_go is None or p_go.type != "go_statement":
            continue
        starter = p_at.node
        if gosyntax.runs_for_process_lifetime(starter, p_at.file.package_name, p_at.file.path):
            continue
        p_holder = _holder(p_call)
        for c_call, c_at in functions.call_sites(consumer):
            c_go = c_call.parent
            if (
                c_go is not None
                and c_go.type == "go_statement"
                and c_at.node == starter
                and p_holder is not None
                and _holder(c_call) == p_holder
            ):
                return p_go, c_go, p_at.file
    return None


def _holder(call: Node) -> str | None:
    """`x` of `x.m(...)`."""
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    operand = fn.child_by_field_name("operand") if fn is not None else None
    operand = gosyntax.unparen(operand)
    if fn is None or fn.type != "selector_expression" or operand is None:
        return None
    return gosyntax.text(operand) if operand.type == "identifier" else None
