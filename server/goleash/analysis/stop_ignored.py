"""A goroutine that listens for its stop signal, except while it sends.

A struct's goroutine runs a loop that a method can stop (`case <-c.done: return`),
and inside that loop sends on an unbuffered channel field the package itself never
reads (whoever reads it is outside: an accessor hands it out, or nobody does):

    for {
        select {
        case <-c.done:
            return
        case <-ticker.C:
            ...
            c.updates <- v   // Close cannot interrupt this send
        }
    }

Once the outside reader stops reading (or never started), the send blocks, and the
stop signal the loop was written to obey never reaches it: `Close` returns and the
goroutine stays. The fix puts the send in a `select` with the stop case.

Guards, each a trade-off:
- STOP_CLOSED_BY_A_METHOD: the loop's stop is a receive from a channel field of
  the goroutine's type that a method of the type closes: that method is the stop
  the send ignores. A context's `Done()` is left to the pipeline rule's other shape.
- READ_OUTSIDE_ONLY: nothing in the package receives from the sent-on field: a
  reader of the package itself may read until the stop (and is judged elsewhere).
- UNBUFFERED_KNOWN: the field is made unbuffered where the package makes it; a
  buffer may hold every value the loop sends before anyone reads.
- CLOSED_BY_THE_SENDER: the goroutine closes the field itself (`defer close(s.out)`):
  it owns the channel, and its readers, by the usual contract, read until that close
  (`for req := range s.Requests()`), so once stopped it gets past its send and closes.
  Trade-off: an outside reader that stops early anyway is missed (pitaya's RPC server,
  audit 24, whose workers range until the close).

SIBLING_GUARDED: the goroutine's own code says its reader may go away. It sends on the
same channel elsewhere in a `select` beside that stop case (`case s.out <- ev: case
<-s.done: return`), yet sends on it plainly in a loop (the replay of a backlog before
the live loop). Once the reader leaves and the stop is closed, that plain send blocks
for good. The guards above about the reader do not apply: the guarded sibling is the
package's word that nobody may be reading. Still required: an unbuffered channel
(UNBUFFERED_KNOWN) and a loop around the plain send (LOOPED_PLAIN_SEND: one send
before the loop, a handshake, may be one every reader takes). Trade-off: a plain loop
made only while the reader cannot yet have left is reported.
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
from goleash.analysis.stop_signals import field_receives, plain_field_sends, stoppable_loops
from goleash.analysis.values import FieldRef

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event
    from goleash.analysis.functions import Function


def ignored_stop_verdicts(
    liveness: Liveness, go_statements: Iterable[tree_sitter.Node]
) -> list[Verdict]:
    out: list[Verdict] = []
    functions = liveness.functions
    for start in started_goroutines(
        functions, liveness.file, go_statements, once_per_goroutine=True
    ):
        goroutine, spawn = start.goroutine, start.spawn
        judged: set[int] = set()
        for loop, stop_case, stop_ref, closer in stoppable_loops(liveness, goroutine):
            detail = {"stop_case": stop_case, "stop_ref": stop_ref, "closer": closer}
            for send, sibling in _sibling_guarded(liveness, goroutine, stop_ref.field):
                if send.node.id in judged:
                    continue
                judged.add(send.node.id)
                out.append(_verdict(send, goroutine, spawn, {**detail, "sibling": sibling}))
            for send in plain_field_sends(goroutine, loop, stop_ref.field):
                if send.node.id in judged:
                    continue
                assert (
                    isinstance(send.ref, FieldRef) and goroutine.cfg is not None
                )  # a send on a field; a started goroutine
                field = send.ref.field
                cap, known = field_capacity(liveness, field)
                if not known or not cap.is_zero() or _read_in_package(liveness, field):
                    continue
                if _closes_it(goroutine.node, field):
                    continue  # CLOSED_BY_THE_SENDER
                out.append(_verdict(send, goroutine, spawn, detail))
    return out


def _verdict(send: Event, goroutine: Function, spawn: Event, detail: dict[str, object]) -> Verdict:
    """The "stop-ignored" verdict at a plain send on a channel field."""
    assert isinstance(send.ref, FieldRef)  # a send on a field
    shown = gosyntax.text(gosyntax.field(send.node, "channel")) or (
        f"{send.ref.type_name}.{send.ref.field}"
    )
    ident = Identity.of_field(goroutine, shown, send.ref.field)
    return Verdict(
        "stop-ignored",
        ident,
        send,
        goroutine,
        Partner(spawn, goroutine, Summary.uncounted(), "goroutine"),
        detail=detail,
    )


def _sibling_guarded(
    liveness: Liveness, goroutine: Function, stop_field: str
) -> Iterator[tuple[Event, tree_sitter.Node]]:
    """SIBLING_GUARDED: (a plain send in a loop, a send on the same unbuffered channel field
    in a `select` with a `case <-x.stop_field: return`) of the goroutine."""
    cfg = goroutine.cfg
    assert cfg is not None  # started goroutines have one
    guarded: dict[str, tree_sitter.Node] = {}
    plain: list[tuple[Event, str]] = []
    for node in cfg.nodes:
        for ev in node.events:
            if ev.kind != "send" or not isinstance(ev.ref, FieldRef) or ev.ref.exported:
                continue
            channel = gosyntax.text(gosyntax.field(ev.node, "channel")).replace(" ", "")
            if ev.case is not None:
                if _stop_case_beside(ev.case.select, stop_field):
                    guarded.setdefault(channel, ev.node)
            elif any(loop.holds(node) for loop in cfg.loops):
                plain.append((ev, channel))
    for ev, channel in plain:
        sibling = guarded.get(channel)
        if sibling is None:
            continue
        assert isinstance(ev.ref, FieldRef)
        cap, known = field_capacity(liveness, ev.ref.field)
        if known and cap.is_zero():
            yield ev, sibling


def _stop_case_beside(select: tree_sitter.Node, stop_field: str) -> bool:
    """Does the `select` hold `case <-x.stop_field:` whose body returns?"""
    for case in gosyntax.select_cases(select):
        operand = gosyntax.received_operand(case)
        if gosyntax.selects_field(operand, stop_field) and any(
            s.type == "return_statement" for s in gosyntax.statements(case)
        ):
            return True
    return False


def _closes_it(goroutine: tree_sitter.Node, field: str) -> bool:
    """Does the goroutine's own code close `x.field` (deferred or not)?"""
    closes = re.compile(rb"\bclose\(\s*[\w.()\[\]]*\." + re.escape(field.encode()) + rb"\s*\)")
    return closes.search(goroutine.text or b"") is not None


def _read_in_package(liveness: Liveness, field: str) -> bool:
    """READ_OUTSIDE_ONLY: does any code of the package receive from (or range over) the field?"""
    return next(field_receives(liveness, field), None) is not None
