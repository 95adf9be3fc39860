"""A request sent to a struct's goroutine whose reply the requester can skip.

A goroutine started on a struct (`go g.worker.loop()`) serves requests from one
channel field and answers each on another, unbuffered, before taking the next:

    for m := range w.in {
        w.write(m)
        w.acks <- m.ID   // one reply per request
    }

A function of the package that sends a request and then returns without taking
the reply (`if !wait { return }`) leaves the goroutine blocked on that reply for
good, and every later request queued behind it.

Guards, each a trade-off:
- The reply is sent on every iteration (a statement of the loop body itself, not
  under an `if`) on an unbuffered field: a reply sent only sometimes, or into a
  buffer, is not one the requester must take.
- Every receive from the reply field in the package is in a function that also
  sends the request: a reply that some other goroutine collects is not the
  requester's to take.
- The skipping `return` is not under a condition on the object's lifecycle state
  (stop_signals.state_guarded): `if s.closed { return }` sends no request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.functions import started_goroutines
from goleash.analysis.identities import field_capacity
from goleash.analysis.liveness import Identity, Liveness, Partner, Summary, Verdict
from goleash.analysis.stop_signals import plain_field_sends, state_guarded
from goleash.analysis.values import FieldRef

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.functions import Function
    from goleash.source import SourceFile


def abandoned_reply_verdicts(
    liveness: Liveness, go_statements: Iterable[tree_sitter.Node]
) -> list[Verdict]:
    """Verdicts "reply-abandoned": the goroutine blocked on a reply its requester skipped."""
    out: list[Verdict] = []
    functions = liveness.functions
    for start in started_goroutines(functions, liveness.file, go_statements):
        goroutine, spawn = start.goroutine, start.spawn
        for request, reply in _served_pairs(goroutine):
            assert isinstance(reply.ref, FieldRef)  # a send on a field
            cap, known = field_capacity(liveness, reply.ref.field)
            if not known or not cap.is_zero():
                continue
            found = _skipping_requester(liveness, request.field, reply.ref.field)
            if found is None:
                continue
            requester, send, exit_node, receive = found
            ident = Identity.of_field(
                goroutine, f"{reply.ref.type_name}.{reply.ref.field}", reply.ref.field
            )
            empty = Summary.uncounted()
            out.append(
                Verdict(
                    "reply-abandoned",
                    ident,
                    reply,
                    goroutine,
                    Partner(spawn, goroutine, empty, "goroutine"),
                    exit=exit_node,
                    detail={
                        "requester": requester,
                        "request": send,
                        "receive": receive,
                        "request_field": request.field,
                        "reply_field": reply.ref.field,
                    },
                )
            )
    return out


def _served_pairs(goroutine: Function) -> Iterator[tuple[FieldRef, Event]]:
    """(request field ref, reply send event) for each loop of the goroutine that takes a
    request from a channel field and sends a reply on another on every iteration."""
    assert goroutine.cfg is not None  # started_goroutines yields only those with one
    for loop in goroutine.cfg.loops:
        request = loop.range_ref if isinstance(loop.range_ref, FieldRef) else None
        if request is None and isinstance(loop.drain_ref, FieldRef):
            request = loop.drain_ref
        if request is None or request.exported:
            continue
        body = loop.stmt.child_by_field_name("body")
        top = (
            {(s.start_byte, s.end_byte) for s in gosyntax.statements(body)}
            if body is not None
            else set()
        )
        for ev in plain_field_sends(goroutine, loop, request.field):
            if (ev.node.start_byte, ev.node.end_byte) in top:
                yield request, ev


def _skipping_requester(
    liveness: Liveness, request_field: str, reply_field: str
) -> tuple[Function, Event, CfgNode, tree_sitter.Node | None] | None:
    """(function, its request send, the `return` skipping the reply, its receive of the
    reply) for a function of
    the package that sends a request and can return without receiving the reply."""
    package = liveness.package
    functions = liveness.functions
    sends = re.compile(rb"\." + re.escape(request_field.encode()) + rb"\s*<-")
    receives = re.compile(rb"<-\s*[\w.]*\." + re.escape(reply_field.encode()) + rb"\b")
    requesters: list[tuple[SourceFile, tree_sitter.Node]] = []
    for f in package.files:
        for m in sends.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.start() + 1)
            func_node = gosyntax.enclosing_function(node) if node is not None else None
            if func_node is not None and all(r[1] != func_node for r in requesters):
                requesters.append((f, func_node))
    if not requesters:
        return None
    # Every receive of the reply is a requester's own.
    for f in package.files:
        for m in receives.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.start() + 1)
            func_node = gosyntax.enclosing_function(node) if node is not None else None
            if not any(r[0].path == f.path and r[1] == func_node for r in requesters):
                return None
    for f, func_node in requesters:
        func = functions.get(func_node, f)
        if func is None or func.cfg is None:
            continue
        found = _return_skipping(func, request_field, reply_field)
        if found is not None:
            return (func, *found)
    return None


def _return_skipping(
    func: Function, request_field: str, reply_field: str
) -> tuple[Event, CfgNode, tree_sitter.Node | None] | None:
    cfg = func.cfg
    assert cfg is not None  # checked by the caller
    request_nodes: list[tuple[CfgNode, Event]] = []
    reply_nodes: set[int] = set()
    receive: tree_sitter.Node | None = None
    for node in cfg.nodes:
        for ev in node.events:
            if not isinstance(ev.ref, FieldRef):
                continue
            if ev.kind == "send" and ev.ref.field == request_field and ev.case is None:
                request_nodes.append((node, ev))
            elif ev.kind == "recv" and ev.ref.field == reply_field:
                reply_nodes.add(id(node))
                receive = receive or ev.node
    if not request_nodes or not reply_nodes:
        return None  # not a requester that waits for replies
    for node, ev in request_nodes:
        seen = {id(node)}
        stack = [node]
        while stack:
            n = stack.pop()
            if (
                n.kind == "return"
                and n is not node
                and n.ast is not None
                and not state_guarded(n.ast, func)
            ):
                return ev, n, receive
            for s in n.succ:
                if id(s) not in seen and id(s) not in reply_nodes:
                    seen.add(id(s))
                    stack.append(s)
    return None
