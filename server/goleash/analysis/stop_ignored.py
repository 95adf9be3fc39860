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
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import tree_sitter

from goleash import gosyntax
from goleash.analysis.functions import started_goroutines
from goleash.analysis.identities import field_capacity
from goleash.analysis.liveness import Identity, Liveness, Partner, Summary, Verdict
from goleash.analysis.stop_signals import field_receives, plain_field_sends, stoppable_loops
from goleash.analysis.values import FieldRef


def ignored_stop_verdicts(
    liveness: Liveness, go_statements: Iterable[tree_sitter.Node]
) -> list[Verdict]:
    out: list[Verdict] = []
    functions = liveness.functions
    for start in started_goroutines(
        functions, liveness.file, go_statements, once_per_goroutine=True
    ):
        goroutine, spawn = start.goroutine, start.spawn
        for loop, stop_case, stop_ref, closer in stoppable_loops(liveness, goroutine):
            for send in plain_field_sends(goroutine, loop, stop_ref.field):
                assert (
                    isinstance(send.ref, FieldRef) and goroutine.cfg is not None
                )  # a send on a field; a started goroutine
                field = send.ref.field
                cap, known = field_capacity(liveness, field)
                if not known or not cap.is_zero() or _read_in_package(liveness, field):
                    continue
                if _closes_it(goroutine.node, field):
                    continue  # CLOSED_BY_THE_SENDER
                shown = (
                    gosyntax.text(gosyntax.field(send.node, "channel"))
                    or f"{send.ref.type_name}.{field}"
                )
                ident = Identity.of_field(goroutine, shown, field)
                empty = Summary.uncounted()
                out.append(
                    Verdict(
                        "stop-ignored",
                        ident,
                        send,
                        goroutine,
                        Partner(spawn, goroutine, empty, "goroutine"),
                        detail={"stop_case": stop_case, "stop_ref": stop_ref, "closer": closer},
                    )
                )
    return out


def _closes_it(goroutine: tree_sitter.Node, field: str) -> bool:
    """Does the goroutine's own code close `x.field` (deferred or not)?"""
    closes = re.compile(rb"\bclose\(\s*[\w.()\[\]]*\." + re.escape(field.encode()) + rb"\s*\)")
    return closes.search(goroutine.text or b"") is not None


def _read_in_package(liveness: Liveness, field: str) -> bool:
    """READ_OUTSIDE_ONLY: does any code of the package receive from (or range over) the field?"""
    return next(field_receives(liveness, field), None) is not None
