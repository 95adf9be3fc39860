"""A stop channel made on a value receiver's copy, waited on by the goroutine started
on that copy.

    func (s Syncer) Start() {            // a value receiver: `s` is a copy
        s.stop = make(chan struct{})     // set on the copy only
        go s.loop()                      // the loop gets the copy, and its channel
    }

    func (s *Syncer) Stop() { if s.stop != nil { close(s.stop) } }   // the original's: nil

The goroutine's only way out is a receive from a channel that exists only in the copy;
the method meant to close it works on the caller's object, whose field was never set.
The fix gives the starting method a pointer receiver.

Guards, each a trade-off:
- VALUE_RECEIVER_START: the method that starts the goroutine has a value receiver and
  makes the channel field on it before the `go`; the receiver is used there only
  through its fields and methods (a copy handed on, returned or stored may be closed
  through that).
- ENDS_ONLY_ON_SIGNAL: the goroutine has no way out but its receives from the field.
- CLOSED_ELSEWHERE: another method of the type closes the field: the author meant it
  to be closed from outside, which a copy's channel cannot be.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.field_closers import closing_methods
from goleash.analysis.functions import receiver_var, started_goroutines
from goleash.analysis.index import receiver_type_name
from goleash.analysis.liveness import Identity, Partner, Summary, Verdict
from goleash.analysis.stop_signals import ends_only_through
from goleash.analysis.values import FieldRef

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.functions import Function, Start
    from goleash.analysis.liveness import Liveness
    from goleash.analysis.scopes import Var


def copied_signal_verdicts(
    liveness: Liveness, go_statements: Iterable[tree_sitter.Node]
) -> list[Verdict]:
    """Verdicts "signal-on-copy": a goroutine waiting on a channel field its starter set
    on a value receiver's copy, which the type's stopping method cannot reach."""
    out: list[Verdict] = []
    for start in started_goroutines(liveness.functions, liveness.file, go_statements):
        starter = start.starter
        if not _value_receiver(starter.node):
            continue
        recv = receiver_var(starter)
        type_name = receiver_type_name(starter.node)
        if recv is None or type_name is None or not _used_only_as_object(recv, starter):
            continue
        for field, waits in _field_waits(start, type_name).items():
            made = _made_on_copy(starter, recv, field, start.stmt)
            if made is None or not ends_only_through(start.goroutine, [n for n, _ in waits]):
                continue
            closers = closing_methods(
                liveness, type_name, field, (starter.node, start.goroutine.node)
            )
            if closers is None:
                continue  # CLOSED_ELSEWHERE
            _node, wait = waits[0]
            operand = wait.node.child_by_field_name("operand")
            shown = gosyntax.text(operand) if operand is not None else field
            ident = Identity.of_field(start.goroutine, shown, field)
            ident.lost_key = ("copied-signal", made, starter, closers[0][0], type_name)
            out.append(
                Verdict(
                    "signal-on-copy",
                    ident,
                    wait,
                    start.goroutine,
                    Partner(start.spawn, start.goroutine, Summary.uncounted(), "goroutine"),
                )
            )
    return out


def _value_receiver(method: tree_sitter.Node) -> bool:
    if method.type != "method_declaration":
        return False
    recv = method.child_by_field_name("receiver")
    params = recv.named_children if recv is not None else []
    typ = params[0].child_by_field_name("type") if len(params) == 1 else None
    return typ is not None and typ.type in ("type_identifier", "generic_type")


def _used_only_as_object(recv: Var, starter: Function) -> bool:
    """VALUE_RECEIVER_START: every use of the receiver is a field or a method of it."""
    for n in recv.occurrences:
        if n == recv.ident:
            continue
        if gosyntax.selector_of(n) is None:
            return False
    return True


def _field_waits(start: Start, type_name: str) -> dict[str, list[tuple[CfgNode, Event]]]:
    """The goroutine's blocking receives from a channel field of the type."""
    cfg = start.goroutine.cfg
    assert cfg is not None  # started_goroutines yields only goroutines with a graph
    out: dict[str, list[tuple[CfgNode, Event]]] = {}
    for node in cfg.nodes:
        for ev in node.events:
            ref = ev.ref
            if (
                ev.kind == "recv"
                and ev.blocking
                and isinstance(ref, FieldRef)
                and ref.type_name == type_name
            ):
                out.setdefault(ref.field, []).append((node, ev))
    return out


def _made_on_copy(
    starter: Function, recv: Var, field: str, go: tree_sitter.Node
) -> tree_sitter.Node | None:
    """The starter's `recv.field = make(chan ...)` before the `go`."""
    body = starter.node.child_by_field_name("body")
    for stmt in gosyntax.walk(body) if body is not None else ():
        if stmt.start_byte >= go.start_byte:
            break
        if stmt.type != "assignment_statement":
            continue
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
        targets = left.named_children if left is not None else []
        values = right.named_children if right is not None else []
        for target, value in zip(targets, values, strict=False):
            operand = (
                target.child_by_field_name("operand")
                if target.type == "selector_expression"
                else None
            )
            name = target.child_by_field_name("field") if operand is not None else None
            made = gosyntax.unparen(value)
            if (
                operand is not None
                and operand.type == "identifier"
                and starter.resolver.scopes.lookup(operand) is recv
                and name is not None
                and gosyntax.text(name) == field
                and made is not None
                and made.type == "call_expression"
                and gosyntax.callee_text(made) == "make"
            ):
                return stmt
    return None
