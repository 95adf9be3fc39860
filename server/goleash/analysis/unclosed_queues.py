"""A worker ranging over its object's queue, which nothing ever closes.

A constructor starts a goroutine that ranges over a channel field of the object it
returns (`for e := range r.events`); the type has a stopping method (`Stop`,
`Close`, `Shutdown`), but no code of the package ever closes the field: stopping the
object leaves the worker waiting for one more value, for good.

    func (r *Recorder) Stop() {
        r.mu.Lock()
        r.closed = true      // Record stops sending, but `range r.events` never ends
        r.mu.Unlock()
    }

Guards, each a trade-off:
- IGNORED_STOPPER: only for a type with a `Close`, `Stop` or `Shutdown` method, which
  promises an end the worker never sees. A queue worker of a type with no such
  method may be meant to live as long as the process.
- NEVER_CLOSED and MADE_HERE, judged by `unclosed_fields.never_closed`: no
  `close(x.field)` anywhere in the package, whatever the receiver's name (a close on
  any path, by any method, is trusted), and the package makes the queue itself (a
  channel handed over by another library is that library's to close). Unlike the
  ranges judged there, a queue handed elsewhere too (ONLY_PLAIN_USES) is reported:
  the stopping method is where its close belongs.
- Unexported fields only: outside code may close an exported one.
- The range is the worker's only way out: a loop that also returns on a final
  marker (a sentinel value) ends without a close.
- Process-lifetime starters (`main`, `init`) are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis import paths
from goleash.analysis.functions import started_goroutines
from goleash.analysis.liveness import Identity, Liveness, Partner, Summary, Verdict
from goleash.analysis.stop_signals import ranged_fields, stopping_method
from goleash.analysis.unclosed_fields import never_closed

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event


def unclosed_queue_verdicts(
    liveness: Liveness, go_statements: Iterable[tree_sitter.Node]
) -> list[Verdict]:
    """Verdicts "queue-never-closed", at the worker's `range` over the field."""
    out: list[Verdict] = []
    functions = liveness.functions
    for start in started_goroutines(
        functions, liveness.file, go_statements, skip_process_lifetime=True, once_per_goroutine=True
    ):
        worker, spawn = start.goroutine, start.spawn
        for field, (type_name, header) in ranged_fields(worker).items():
            stopper = stopping_method(liveness.package, type_name)
            if stopper is None or never_closed(liveness.package, field) is None:
                continue
            assert (
                header.ast is not None and worker.cfg is not None
            )  # a loop header is its for statement
            if paths.left_early(header.ast):
                continue  # the worker has another way out (a final marker, a stop case)
            event = next(ev for ev in header.events if ev.kind == "range")
            shown = _operand_text(event) or f"{type_name}.{field}"
            ident = Identity.of_field(worker, shown, field)
            empty = Summary.uncounted()
            out.append(
                Verdict(
                    "queue-never-closed",
                    ident,
                    event,
                    worker,
                    Partner(spawn, worker, empty, "goroutine"),
                    detail={"stopper": stopper},
                )
            )
    return out


def _operand_text(event: Event) -> str | None:
    clause = next((c for c in event.node.named_children if c.type == "range_clause"), None)
    right = clause.child_by_field_name("right") if clause is not None else None
    return gosyntax.text(right) if right is not None else None
