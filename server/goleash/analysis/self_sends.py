"""An actor goroutine that sends on its own inbox: it waits for itself.

```go
func (l *Lobby) run() {                   // go l.run(): the only reader of l.cmds
        for {
                select {
                case <-l.quit:
                        return
                case c := <-l.cmds:
                        l.handle(c)       // handle -> Promote -> send ...
                }
        }
}

func (l *Lobby) send(ctx context.Context, c command) error {
        select {
        case l.cmds <- c:                 // ... blocks here: the only receiver is busy
                return nil                //     running this very call
        case <-ctx.Done():                // context.Background(): never
                return ctx.Err()
        }
}
```

A goroutine that owns a channel field (it alone receives from it) and, while handling
one value, calls methods of its own object that send on that channel, sends to itself.
On an unbuffered channel the send waits for a receiver, and the only receiver is the
goroutine making the send: it never comes.

Heuristics, each a trade-off:
- SOLE_RECEIVER: every receive, `range` or select case receiving from `.F` in the
  package is inside the goroutine's own method, and nothing closes `.F` or hands it
  out (every other use is a send, a `len`/`cap`, or the store of its `make`). Fields
  are matched by name across the package's types: a same-named field of another type
  received from elsewhere silences the finding (a miss, never a false report).
- UNBUFFERED_INBOX: every `make` stored into the field is unbuffered; a buffered inbox
  may have room for the self-send.
- SAME_OBJECT_CALLS: only calls on the method's own receiver (`l.handle(c)`) are
  followed, straight calls only (`call_chains`' CALLS_ON_THE_RECEIVER: not `go`, not
  deferred, not inside function literals), at most MAX_CHAIN methods deep, nearest
  first: a call on another value of the type may reach another actor. A method reached
  through several chains is judged through the shortest.
- NO_WAY_OUT: the send is a bare send, or a select whose every other case receives
  from `ctx.Done()` of a context parameter bound, along the chain, to
  `context.Background()` or `context.TODO()`. A `default`, a quit channel or a
  caller's context may release it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.call_chains import Handle, Step, reached_functions
from goleash.analysis.functions import receiver_var
from goleash.analysis.index import receiver_name
from goleash.analysis.package import (
    field_selectors,
    field_use,
    keyed_literal_values,
    sole_receiver,
)

if TYPE_CHECKING:
    from goleash.analysis.functions import Function, Functions
    from goleash.source import SourceFile

# SAME_OBJECT_CALLS: how many method calls deep the chain from the goroutine is followed.
MAX_CHAIN = 5


@dataclass(frozen=True)
class SelfSend:
    send: Node  # the send statement
    send_file: SourceFile
    field: str
    goroutine: Function  # the goroutine's method, the inbox's only reader
    receive: Node  # where it receives from the field
    start: Node  # `go x.run()`
    start_file: SourceFile
    chain: tuple[tuple[Node, SourceFile, str], ...]  # (call, its file, callee name)


def self_sends(functions: Functions, file: SourceFile, sends: Iterable[Node]) -> list[SelfSend]:
    """Self-sends among `sends`, this file's send statements on a field (the editor hands
    only those of the declarations it re-checks): most are none, and cost nothing more."""
    fields = _fields_sent_on(sends)
    if not fields or not any(b"go " in f.data for f in functions.package.files):
        return []
    wanted = {s.start_byte for s in sends}
    out: list[SelfSend] = []
    for field in sorted(fields):
        actor = sole_receiver(functions.package, field)  # SOLE_RECEIVER
        if actor is None or not _unbuffered(functions, field):
            continue
        decl, actor_file, receive = actor
        method = functions.get(decl, actor_file)
        start = functions.goroutine_start(method)
        if start is None:
            continue
        for send, send_file, chain in _sends_reached(functions, method, field):
            if send_file.path == file.path and send.start_byte in wanted:
                out.append(SelfSend(send, send_file, field, method, receive, *start, chain))
    return out


def _fields_sent_on(sends: Iterable[Node]) -> set[str]:
    """Fields of their method's own receiver that these sends send on."""
    out: set[str] = set()
    for send in sends:
        method = gosyntax.enclosing_function(send)
        receiver = (
            receiver_name(method)
            if method is not None and method.type == "method_declaration"
            else None
        )
        field = (
            gosyntax.field_of(send.child_by_field_name("channel"), receiver) if receiver else None
        )
        if field is not None:
            out.add(field)
    return out


def _unbuffered(functions: Functions, field: str) -> bool:
    """UNBUFFERED_INBOX: the field's every make, stored or in a literal, has no buffer
    (and there is at least one)."""
    makes = 0
    for sel, _file in field_selectors(functions.package, field.encode()):
        if field_use(sel) != "store":
            continue
        value = gosyntax.assigned_value(sel)
        if value is None or not _unbuffered_make(value):
            return False
        makes += 1
    for value, _file, _type in keyed_literal_values(functions.package, field):
        if not _unbuffered_make(value):
            return False
        makes += 1
    return makes > 0


def _unbuffered_make(value: Node) -> bool:
    call = gosyntax.unparen(value)
    if call is None or call.type != "call_expression" or gosyntax.callee_text(call) != "make":
        return False
    args = gosyntax.call_arguments(call)
    if not args or args[0].type != "channel_type":
        return False
    return len(args) == 1 or (len(args) == 2 and gosyntax.text(args[1]) == "0")


def _sends_reached(
    functions: Functions, actor: Function, field: str
) -> list[tuple[Node, SourceFile, tuple[tuple[Node, SourceFile, str], ...]]]:
    """Sends on the receiver's `.field` that can block for good, reached from the actor's
    body through calls on the same object (SAME_OBJECT_CALLS), with the chain of calls."""
    receiver = receiver_var(actor)
    if receiver is None:
        return []
    out: list[tuple[Node, SourceFile, tuple[tuple[Node, SourceFile, str], ...]]] = []
    # A channel field is shared by a copy of the struct: a value receiver holds the inbox too.
    inbox = Handle(receiver, field, shared=True)
    for reached in reached_functions(
        functions, actor, inbox, max_depth=MAX_CHAIN, receiver_calls_only=True
    ):
        body = reached.func.node.child_by_field_name("body")
        name = receiver_name(reached.func.node)
        if not reached.chain or body is None or name is None:
            continue
        rooted = _rooted_along(reached.chain)
        for node in gosyntax.walk(body):
            if (
                node.type == "send_statement"
                and gosyntax.field_of(node.child_by_field_name("channel"), name) == field
                and _no_way_out(node, rooted)
            ):
                chain = tuple(
                    (s.call, s.caller.file, gosyntax.function_name(s.callee.node) or "?")
                    for s in reached.chain
                )
                out.append((node, reached.func.file, chain))
    return out


def _rooted_along(chain: Iterable[Step]) -> frozenset[str]:
    """The parameters of the chain's last callee that hold a root context."""
    rooted: frozenset[str] = frozenset()
    for step in chain:
        rooted = _rooted_params(step.callee.node, step.call, rooted)
    return rooted


def _rooted_params(callee: Node, call: Node, rooted: frozenset[str]) -> frozenset[str]:
    """The callee's parameters that get a root context at this call: the argument is
    `context.Background()`/`TODO()`, or a parameter of the caller that holds one."""
    names: list[str] = []
    params = callee.child_by_field_name("parameters")
    for p in params.named_children if params is not None else ():
        ids = [gosyntax.text(c) for c in p.named_children if c.type == "identifier"]
        names.extend(ids or [""])
    out = set()
    for name, given in zip(names, gosyntax.call_arguments(call)):
        arg = gosyntax.unparen(given)
        if arg is None or not name:
            continue
        if gosyntax.is_root_context(arg) or (
            arg.type == "identifier" and gosyntax.text(arg) in rooted
        ):
            out.add(name)
    return frozenset(out)


def _no_way_out(send: Node, rooted: frozenset[str]) -> bool:
    """NO_WAY_OUT: a bare send, or a select case whose siblings only wait on root contexts."""
    case = send.parent
    if case is None or case.type != "communication_case":
        return send.parent is not None and send.parent.type in ("block", "statement_list")
    select = case.parent
    for other in select.named_children if select is not None else ():
        if other == case or other.type == "comment":
            continue
        if other.type != "communication_case":
            return False  # a default
        if _done_of(gosyntax.case_communication(other)) not in rooted:
            return False
    return True


def _done_of(comm: Node | None) -> str | None:
    """`ctx` of `<-ctx.Done()` (a case's communication), else None."""
    holder = gosyntax.done_holder(gosyntax.case_received(comm))
    return gosyntax.text(holder) if holder is not None and holder.type == "identifier" else None
