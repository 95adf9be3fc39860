"""A semaphore slot taken and kept: a path that leaves without giving it back.

A buffered channel field used as a semaphore: a send takes a slot, a receive gives it
back. A function that takes a slot and returns on some path without giving it back
keeps it for good; once as many calls have done so as the buffer has room for, every
later call blocks forever on its send:

    func (c *Cache) refresh(key string) {
        c.sem <- struct{}{}            // blocks for good once every slot is kept
        val, err := c.load(key)
        if err != nil {
            return                     // keeps its slot
        }
        c.store(key, val)
        <-c.sem
    }

The fix gives the slot back in a `defer` right after taking it.

Guards, each a trade-off:
- SEMAPHORE_FIELD: an unexported channel field that every `make` in the package gives
  a buffer: an unbuffered channel's send is a handoff, not a slot.
- RELEASES_HERE: the function gives the slot back itself on some path (a receive from
  the field, or a deferred one): one that never does hands its slot to someone else.
- TOKEN_SENT: the send carries a token (`struct{}{}`, a constant): a channel that
  holds a value, taken and put back (`v := <-c.state; ...; c.state <- v`), is a lock
  on that value, not a count of slots.
- SEND_FIRST: no receive from the field comes before the send in the function: a
  receive first takes the slot (an inverted semaphore made full, or a drain before a
  notification), and the send gives it back.
- HANDED_TO_A_GOROUTINE: a `go` after the slot is taken ends the trail: the goroutine
  may give it back (`go func() { defer func() { <-sem }(); ... }()`).
- RESIZE_ARMS: the send and a receive from the field sit in the two arms of one `if`
  (`if capacity < old { for ... { <-p.tokens } } else { for ... { p.tokens <- t } }`):
  the function resizes the pool, adding slots for good in one arm and removing them in
  the other; the growth takes no slot to give back (vitess' `SetCapacity` and its
  copies). A function that takes a slot in one arm and gives it back only in the other
  is missed.
- A path that ends the process or a failing test keeps nothing that matters.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.cfg import first_normal_exit, reaches
from goleash.analysis.functions import event_of
from goleash.analysis.identities import field_makes
from goleash.analysis.liveness import Identity, Verdict
from goleash.analysis.values import FieldRef

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.functions import Function
    from goleash.analysis.liveness import Liveness


def kept_slot_verdicts(liveness: Liveness, sends: Iterable[tree_sitter.Node]) -> list[Verdict]:
    """Verdicts "slot-kept": a semaphore send that blocks for good once the slots kept
    by a path of its function have filled the buffer."""
    out: list[Verdict] = []
    seen: set[tuple[int, str]] = set()
    for send in sends:
        func = liveness.functions.enclosing(send, liveness.file)
        found = event_of(func, send, "send") if func is not None else None
        if func is None or found is None:
            continue
        node, event = found
        ref = event.ref
        if (
            event.case is not None
            or not isinstance(ref, FieldRef)
            or ref.exported
            or (func.node.start_byte, ref.field) in seen
        ):
            continue
        seen.add((func.node.start_byte, ref.field))
        if not _always_buffered(liveness, ref.field):
            continue  # SEMAPHORE_FIELD
        if not _token(send.child_by_field_name("value")):
            continue  # TOKEN_SENT
        releases = _release_nodes(func, ref)
        if not releases:
            continue  # RELEASES_HERE
        if any(reaches(r, node) for r in releases if r is not node):
            continue  # SEND_FIRST
        if any(r.ast is not None and _opposite_arms(send, r.ast) for r in releases):
            continue  # RESIZE_ARMS
        kept = _keeping_exit(node, releases)
        if kept is None:
            continue
        operand = send.child_by_field_name("channel")
        shown = gosyntax.text(operand) if operand is not None else ref.field
        ident = Identity.of_field(func, shown, ref.field)
        out.append(
            Verdict(
                "slot-kept",
                ident,
                event,
                func,
                None,
                exit=kept,
                detail={"releases": [n.ast for n in releases if n.ast is not None]},
            )
        )
    return out


def _opposite_arms(a: tree_sitter.Node, b: tree_sitter.Node) -> bool:
    """Are `a` and `b` in the two arms of one `if` (its body and its `else`)?"""
    for stmt in gosyntax.ancestors(a):
        if stmt.type in gosyntax.FUNCTION_TYPES:
            return False
        if stmt.type != "if_statement" or not gosyntax.is_within(b, stmt):
            continue
        arms = [stmt.child_by_field_name("consequence"), stmt.child_by_field_name("alternative")]
        where = [
            next(
                (i for i, arm in enumerate(arms) if arm is not None and gosyntax.is_within(n, arm)),
                None,
            )
            for n in (a, b)
        ]
        return None not in where and where[0] != where[1]
    return False


def _token(value: tree_sitter.Node | None) -> bool:
    """`struct{}{}`, `true`, `1`, a string: a value that says nothing but "one more"."""
    value = gosyntax.unparen(value)
    if value is None:
        return False
    if value.type == "composite_literal":
        body = value.child_by_field_name("body")
        return body is not None and not body.named_children
    return value.type in (
        "true",
        "false",
        "int_literal",
        "interpreted_string_literal",
        "raw_string_literal",
        "nil",
    )


def _always_buffered(liveness: Liveness, field: str) -> bool:
    """Every `make` of the field in the package has a buffer that is not a literal 0."""
    found = False
    for make, _file in field_makes(liveness, field):
        args = gosyntax.call_arguments(make)
        if len(args) < 2 or gosyntax.text(args[1]).strip() == "0":
            return False
        found = True
    return found


def _release_nodes(func: Function, field: FieldRef) -> list[CfgNode]:
    """The nodes that give a slot back: a receive from the field, or a `defer` of a
    literal that receives from it."""
    cfg = func.cfg
    assert cfg is not None  # the caller checked
    out = []
    for node in cfg.nodes:
        for ev in node.events:
            if _gives_back(ev, field, func):
                out.append(node)
                break
    return out


def _gives_back(ev: Event, field: FieldRef, func: Function) -> bool:
    if ev.kind == "recv":
        return ev.ref == field
    if ev.kind == "defer" and ev.target is not None:
        body = ev.target.child_by_field_name("body")
        for n in gosyntax.walk(body) if body is not None else ():
            if (
                n.type == "unary_expression"
                and gosyntax.field(n, "operator").type == "<-"
                and func.resolver.ref(n.child_by_field_name("operand")) == field
            ):
                return True
    return False


def _keeping_exit(acquire: CfgNode, releases: list[CfgNode]) -> CfgNode | None:
    """A normal way out reached from the send without giving the slot back, handing it
    to a goroutine or taking another."""
    stop = {n.id for n in releases}

    def step(n: CfgNode) -> list[CfgNode] | None:
        if n.id in stop or n is acquire or any(ev.kind == "spawn" for ev in n.events):
            return []  # given back, taken again, or HANDED_TO_A_GOROUTINE
        return None

    return first_normal_exit(acquire.succ, step)
