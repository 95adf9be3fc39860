"""A send that outlives whoever receives it.

A method sends, outside any `select`, on an unbuffered channel field of its own type,
and the type has a way to stop the receiver that the send never hears of. Two shapes:

receiver-stopped: the field's only receivers in the package are cases of a goroutine's
loop that returns on a stop signal a method closes. Once that method ran, nothing
receives, and every later send (from a goroutine still feeding the object) blocks for
good:

    func (b *Batcher) Add(line string) {
        b.in <- line // after Close, run has returned: nothing receives
    }

    func (b *Batcher) run() {
        for {
            select {
            case l := <-b.in:
                ...
            case <-b.quit:
                return
            }
        }
    }

    func (b *Batcher) Close() { close(b.quit) }

reader-cancelled: nothing in the package receives from the field; a method hands it
out (`func (s *Sub) C() <-chan Msg { return s.ch }`), and a method ends the
subscription (`Cancel`, `Unsubscribe`, `Close`, `Stop`, `Shutdown`) without closing the
field or telling the senders. A goroutine started per value (`go s.deliver(m)`) that is
still sending when the reader cancels blocks for good.

Guards, each a trade-off:
- UNBUFFERED_KNOWN: the field is made unbuffered wherever the package makes it; a buffer
  may hold the values sent after the stop.
- ONLY_STOPPABLE_RECEIVERS (receiver-stopped): every receive of the field in the package
  is a case of such a loop in a method the package runs with `go`; a receiver that drains
  after the stop, or one with no stop, may still take the value.
- SENDER_OUTSIDE_THE_LOOP (receiver-stopped): the sending method is not the loop's
  method and is not called from it (a loop feeding itself is another bug).
- DEFERRED_PAST_THE_STOP (receiver-stopped), the other way a send comes after the stop:
  a function defers the sending method and ranges over a channel field the loop's stop
  case closes (`defer h.Unsubscribe(s); for ev := range s.C`): the stop ends the range,
  and the deferred send follows (see `_deferred_past_the_stop`).
- FED_BY_A_GOROUTINE (receiver-stopped): a goroutine of the package calls the sending
  method (`go func() { for sc.Scan() { b.Add(sc.Text()) } }()`), so sends go on
  whenever that goroutine runs, stopped or not. A method only outside code calls (an
  actor's `Put`) is taken to be called before the stop, as its doc usually asks; a
  caller that breaks that promise is missed. Calls are matched by the method's name
  (`.Add(`), so a goroutine calling a method of that name on another type counts too.
- STATE_CHECKED: the send is guarded by the object's state (`if b.closed { return }`
  before it, or the send under `if !b.closed`): the stop is trusted to set that state
  first, under the lock the sender holds. A check of a state the stop never sets is
  missed.
- HANDED_OUT (reader-cancelled): a method of the type returns the field, so outside code
  reads it; a field nobody reads at all is another rule's (a send nobody receives).
- PER_VALUE_GOROUTINE (reader-cancelled): the send runs in a goroutine of its own (the
  method is started with `go`, or the send is in a `go func`); a send on the caller's
  goroutine may be meant to happen before the cancel, which outside code orders. `go
  x.push(` is matched by the method's name, whatever the type of `x`.
- NEVER_CLOSED (reader-cancelled): no method of the package closes the field.
- Unexported fields only: outside code may receive from, or close, an exported one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import tree_sitter

from goleash import gosyntax
from goleash.analysis.field_closers import closing_methods
from goleash.analysis.functions import Function
from goleash.analysis.identities import field_capacity
from goleash.analysis.index import receiver_type_name
from goleash.analysis.liveness import Identity, Liveness, Verdict
from goleash.analysis.package import statements_spelled
from goleash.analysis.stop_signals import (
    field_receives,
    state_guarded,
    stoppable_loops,
)
from goleash.analysis.values import FieldRef

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event, Loop
    from goleash.source import SourceFile

# (loop, its stop case, the stop field, (closing method, its close, file))
StoppableLoop = tuple[
    "Loop", tree_sitter.Node, FieldRef, tuple[str, tree_sitter.Node, "SourceFile"]
]

# Heuristic READER_STOPPING_METHODS: methods that end a reader's interest in a channel the
# type hands out. Wider than the stopping methods of a goroutine's owner: a subscription
# is cancelled or unsubscribed rather than closed.
READER_STOPPING_METHODS = ("Cancel", "Unsubscribe", "Close", "Stop", "Shutdown")

# A send on a field of the receiver: what the candidates query captures for this module.
QUERY = "(send_statement channel: (selector_expression)) @field_send"


def outlived_receiver_verdicts(
    liveness: Liveness, field_sends: Iterable[tree_sitter.Node]
) -> list[Verdict]:
    """Verdicts "receiver-stopped" and "reader-cancelled", at the plain sends on fields."""
    out: list[Verdict] = []
    for send in field_sends:
        if send.parent is not None and send.parent.type == "communication_case":
            continue  # in a select: judged with its other cases
        verdict = _judge(liveness, send)
        if verdict is not None:
            out.append(verdict)
    return out


def _judge(liveness: Liveness, send: tree_sitter.Node) -> Verdict | None:
    # What the text alone rules out comes first: most field sends stop here, before a
    # control-flow graph of their function is built.
    channel = gosyntax.unparen(send.child_by_field_name("channel"))
    name = (
        channel.child_by_field_name("field")
        if channel is not None and channel.type == "selector_expression"
        else None
    )
    method_node = gosyntax.top_level(send)
    if (
        name is None
        or gosyntax.text(name)[:1].isupper()
        or method_node.type != "method_declaration"
    ):
        return None
    cap, known = field_capacity(liveness, gosyntax.text(name))
    if not known or not cap.is_zero():
        return None  # UNBUFFERED_KNOWN
    functions = liveness.functions
    func = functions.enclosing(send, liveness.file)
    if func is None or func.cfg is None:
        return None
    event = _send_event(func, send)
    if event is None or not isinstance(event.ref, FieldRef) or event.ref.exported:
        return None
    ref = event.ref
    if receiver_type_name(method_node) != ref.type_name:
        return None
    method = functions.get(method_node, liveness.file)
    if _state_checked(send, func, method):
        return None
    receives = _receives(liveness, ref.field)
    if receives:
        detail = _stopped_receiver(liveness, ref, receives, method_node)
        kind = "receiver-stopped"
    else:
        detail = _cancelled_reader(liveness, ref, func, method_node)
        kind = "reader-cancelled"
    if detail is None:
        return None
    shown = gosyntax.text(gosyntax.field(send, "channel")) or ref.describe()
    ident = Identity.of_field(func, shown, ref.field)
    detail["method"] = gosyntax.function_name(method_node) or ""
    detail["receiver"] = gosyntax.receiver_text(method_node) or ""
    return Verdict(kind, ident, event, func, None, detail=detail)


def _send_event(func: Function, send: tree_sitter.Node) -> Event | None:
    assert func.cfg is not None  # checked by the caller
    for node in func.cfg.nodes:
        for ev in node.events:
            if ev.kind == "send" and ev.case is None and ev.node == send:
                return ev
    return None


def _state_checked(send: tree_sitter.Node, func: Function, method: Function) -> bool:
    """STATE_CHECKED: a lifecycle check guards the send, or returns before it."""
    if state_guarded(send, func):
        return True
    body = method.node.child_by_field_name("body")
    for node in gosyntax.walk(body) if body is not None else ():
        if node.start_byte >= send.start_byte:
            break
        if node.type == "return_statement" and state_guarded(node, method):
            return True
    return False


def _receives(liveness: Liveness, field: str) -> list[tuple[SourceFile, int]]:
    """(file, byte) of every receive from (or range over) `x.field` in the package."""
    return list(field_receives(liveness, field))


def _stopped_receiver(
    liveness: Liveness,
    ref: FieldRef,
    receives: list[tuple[SourceFile, int]],
    sender: tree_sitter.Node,
) -> dict[str, Any] | None:
    """ONLY_STOPPABLE_RECEIVERS and SENDER_OUTSIDE_THE_LOOP: the loop, its stop case and
    the method that stops it, when every receive of the field is a case of that loop."""
    found = None
    for file, at in receives:
        node = file.root.descendant_for_byte_range(at, at + 1)
        owner = gosyntax.top_level(node) if node is not None else None
        if (
            owner is None
            or owner.type != "method_declaration"
            or receiver_type_name(owner) != ref.type_name
        ):
            return None
        if owner == sender or not _started_with_go(liveness, gosyntax.function_name(owner) or ""):
            return None
        around = _stopping_loop_around(liveness, file, owner, at)
        if around is None:
            return None
        found = found or (owner, file, around)
    if found is None:
        return None
    owner, file, (_loop, stop_case, stop_ref, closer) = found
    sender_name = gosyntax.function_name(sender) or ""
    body = owner.child_by_field_name("body")
    if body is not None and re.search(
        rb"\." + re.escape(sender_name.encode()) + rb"\(", body.text or b""
    ):
        return None  # the loop calls the sender itself
    feeder = _feeding_goroutine(liveness, sender_name, owner)
    after_stop = (
        None if feeder is not None else _deferred_past_the_stop(liveness, sender_name, stop_case)
    )
    if feeder is None and after_stop is None:
        return None
    return {
        "loop_method": gosyntax.function_name(owner) or "",
        "loop_file": file,
        "stop_case": stop_case,
        "stop_field": stop_ref.field,
        "closer": closer,
        "feeder": feeder or after_stop,
        # The channel whose close ends the caller's range (DEFERRED_PAST_THE_STOP), or None.
        "ended_by": after_stop[2] if after_stop is not None else None,
    }


def _deferred_past_the_stop(
    liveness: Liveness, sender_name: str, stop_case: tree_sitter.Node
) -> tuple[tree_sitter.Node, SourceFile, str] | None:
    """DEFERRED_PAST_THE_STOP: (call, file, field) of a `defer x.sender(...)` in a function
    that ranges over a channel field (`for msg := range m.Out`) which the loop's stop case
    closes (`close(m.Out)` for each member): the stop ends that range, and the deferred
    call then sends to a loop that has returned (a chat session leaving its broker after
    the broker stopped). Matched by the field's and the method's names. Trade-off: a
    range that also ends another way, before the stop, sends while the loop still
    receives; the stop's close is what makes the later send certain to come."""
    closed = {
        gosyntax.text(gosyntax.field(arg, "field"))
        for call in gosyntax.descendants(stop_case, "call_expression")
        if gosyntax.callee_text(call) == "close"
        for arg in gosyntax.call_arguments(call)[:1]
        if arg.type == "selector_expression"
    }
    if not closed:
        return None
    deferred = re.compile(rb"\bdefer\s+[\w.]*\.\s*" + re.escape(sender_name.encode()) + rb"\(")
    for stmt, file in statements_spelled(liveness.package, deferred, "defer_statement"):
        func = gosyntax.enclosing_function(stmt)
        body = func.child_by_field_name("body") if func is not None else None
        if body is None or not stmt.named_children:
            continue
        for field in closed:
            ranged = re.compile(rb"\brange\s+[\w.]*\." + re.escape(field.encode()) + rb"\b")
            if ranged.search(body.text or b""):
                return stmt.named_children[0], file, field
    return None


def _stopping_loop_around(
    liveness: Liveness, file: SourceFile, method_node: tree_sitter.Node, at: int
) -> StoppableLoop | None:
    """The loop of the method that returns on a stop case and holds the receive at `at`
    as a case of its own select."""
    goroutine = liveness.functions.get(method_node, file)
    if goroutine.cfg is None:
        return None
    for loop, stop_case, stop_ref, closer in stoppable_loops(liveness, goroutine):
        select = stop_case.parent
        if (
            select is not None
            and select.start_byte <= at < select.end_byte
            and loop.stmt.start_byte <= at < loop.stmt.end_byte
        ):
            return loop, stop_case, stop_ref, closer
    return None


def _feeding_goroutine(
    liveness: Liveness, sender_name: str, loop_method: tree_sitter.Node
) -> tuple[tree_sitter.Node, SourceFile] | None:
    """FED_BY_A_GOROUTINE: (call, file) of a call `x.sender(...)` made inside a goroutine
    of the package: in a `go func` literal, or in a function the package starts with
    `go`; None when there is none (the loop's own method does not count)."""
    calls = re.compile(rb"\.\s*" + re.escape(sender_name.encode()) + rb"\(")
    for file in liveness.package.files:
        for m in calls.finditer(file.data):
            node = file.root.descendant_for_byte_range(m.start() + 1, m.start() + 1)
            func = gosyntax.enclosing_function(node) if node is not None else None
            while func is not None:
                if func == loop_method:
                    break
                if func.type == "func_literal":
                    call = func.parent
                    if (
                        call is not None
                        and call.parent is not None
                        and call.parent.type == "go_statement"
                    ):
                        return node, file
                elif _started_with_go(liveness, gosyntax.function_name(func) or ""):
                    return node, file
                func = gosyntax.enclosing_function(func)
    return None


def _started_with_go(liveness: Liveness, name: str) -> bool:
    """Does the package start `x.name(...)` as a goroutine (`go x.name(...)`)?"""
    if not name:
        return False
    started = re.compile(rb"\bgo\s+(?:[\w.]*\.)?" + re.escape(name.encode()) + rb"\(")
    return any(started.search(f.data) for f in liveness.package.files)


def _cancelled_reader(
    liveness: Liveness, ref: FieldRef, func: Function, method_node: tree_sitter.Node
) -> dict[str, Any] | None:
    """HANDED_OUT, PER_VALUE_GOROUTINE and NEVER_CLOSED, with the method that cancels."""
    package = liveness.package
    methods = {gosyntax.function_name(m): (m, f) for f, m in package.methods_of_type(ref.type_name)}
    canceller = next((name for name in READER_STOPPING_METHODS if name in methods), None)
    if canceller is None:
        return None
    accessor = _accessor(methods, ref.field)
    if accessor is None:
        return None
    if not _per_value_goroutine(liveness, func, method_node):
        return None
    if closing_methods(liveness, ref.type_name, ref.field) is not None:
        return None
    cancel_node, cancel_file = methods[canceller]
    return {
        "canceller": canceller,
        "cancel_node": cancel_node,
        "cancel_file": cancel_file,
        "accessor": accessor,
        "type": ref.type_name,
        "field": ref.field,
    }


def _accessor(
    methods: dict[str | None, tuple[tree_sitter.Node, SourceFile]], field: str
) -> tuple[str | None, tree_sitter.Node, SourceFile] | None:
    """(name, return statement, file) of a method returning the field, or None."""
    returned = re.compile(rb"^\s*return\s+\w+\." + re.escape(field.encode()) + rb"\s*$")
    for name, (node, file) in methods.items():
        for stmt in gosyntax.walk(node):
            if stmt.type == "return_statement" and returned.match(stmt.text or b""):
                return name, stmt, file
    return None


def _per_value_goroutine(liveness: Liveness, func: Function, method_node: tree_sitter.Node) -> bool:
    """PER_VALUE_GOROUTINE: the send runs in a goroutine of its own."""
    if func.node.type == "func_literal":
        call = func.node.parent
        return call is not None and call.parent is not None and call.parent.type == "go_statement"
    return _started_with_go(liveness, gosyntax.function_name(method_node) or "")
