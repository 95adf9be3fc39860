"""A goroutine ranging over a channel field that nothing ever closes.

```go
type Subscription struct {
        ch chan Alert                     // made in Subscribe, sent on by Publish
}

func (h *Hub) Unsubscribe(s *Subscription) {
        delete(h.subs, s.id)              // ...but never closed
}

func (p *Pager) forward() {               // go p.forward()
        for a := range p.sub.ch {         // ends only when `ch` is closed: never
                p.dest.Notify(a)
        }
}
```

A `range` over a channel ends when the channel is closed. If the field it ranges over
is never closed anywhere (and no copy of it can be), the loop waits for another value
forever once the senders stop.

The judgement of the field, `never_closed`, is shared with `unclosed_queue_verdicts`
(below: a worker of a type with a stopping method): NEVER_CLOSED, no `close(x.f)` of a field of
that name anywhere in the package, nor a call handing it alone to a function named
like it (`safeclose(x.f)`, `x.close(x.f)`, trusted to close it); MADE_HERE, the package
stores a `make` into the field or sets one in a literal (a channel handed over by
another library is that library's to close). Both read the code, not its comments.

Heuristics, each a trade-off:
- ONLY_PLAIN_USES: the field is unexported (no other package can close it) and every
  use of it in the package is a send, a receive, a range, `len`/`cap`, a store of a
  `make(chan ...)`, or a return from a function whose result is receive-only
  (`<-chan T`, which cannot be closed). Any other use (a copy into a variable, an
  argument, a return as `chan T`) may reach a `close` the model does not follow: the
  field is left alone. Fields are matched by name across the package's types: a close
  of a same-named field of another type silences the finding (a miss, not a false
  report).
- RANGE_WITHOUT_EXIT: the range has no `return`, `goto` or `break` out of it: one
  with its own way out may end on a final value.
- NOT_FOR_THE_PROCESS: goroutines started from `main`/`init` or once per process are
  meant to run until exit.
- PROMISED_END: the goroutine's method, or the method starting it, belongs to a type
  with a stopping method (`Close`, `Stop`, `Shutdown`): the object promises an end its
  worker cannot reach. A worker of a type with none (a recorder, a logger) is taken to
  run for the whole process, as IGNORED_STOPPER takes it; such a leak is missed.

The same module judges a constructor's worker ranging over its object's queue
(`unclosed_queue_verdicts`, verdicts "queue-never-closed" for the counting model):
`go` statements whose worker the model follows, not started from `main` or `init`
(one started once for the process is still judged), over an unexported field of a type with a
`Close`, `Stop` or `Shutdown` method (IGNORED_STOPPER, the field's own type rather
than the goroutine's), NEVER_CLOSED and MADE_HERE as above but without
ONLY_PLAIN_USES (a queue handed elsewhere too is reported: the stopping method is
where its close belongs), and the range the worker's only way out (a loop that also
returns on a final marker ends without a close). The two keep their own choice of
goroutines and types: joined, each would report what the other leaves alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis import paths
from goleash.analysis.functions import started_goroutines
from goleash.analysis.index import receiver_type_name
from goleash.analysis.liveness import Identity, Liveness, Partner, Summary, Verdict
from goleash.analysis.package import closed_here, field_selectors, field_use, keyed_literal_values
from goleash.analysis.stop_signals import ranged_fields, stopping_method

if TYPE_CHECKING:
    from goleash.analysis.goroutines import Goroutine
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


@dataclass(frozen=True)
class UnclosedRange:
    loop: Node  # the `for ... range x.f` statement
    channel: Node  # `x.f`
    field: str
    goroutine: Goroutine
    made: Node | None  # a `make(chan ...)` stored into the field
    made_file: SourceFile | None


def unclosed_field_ranges(package: Package, goroutines: list[Goroutine]) -> list[UnclosedRange]:
    out: list[UnclosedRange] = []
    for g in goroutines:
        if g.body is None or g.started_for_process_lifetime or not _promises_an_end(package, g):
            continue
        for loop in gosyntax.walk(g.body):
            if loop.type != "for_statement":
                continue
            channel = _ranged_field(loop)
            if channel is None or paths.left_early(loop):
                continue
            field = gosyntax.text(gosyntax.field(channel, "field"))
            judged = never_closed(package, field)
            if judged is None or not judged.only_plain_uses:
                continue
            made, made_file = judged.made
            out.append(UnclosedRange(loop, channel, field, g, made, made_file))
    return out


def _promises_an_end(package: Package, g: Goroutine) -> bool:
    """PROMISED_END: the goroutine's or its starter's receiver type has a stopping method."""
    for func in (g.func, g.starter):
        if func is not None and func.type == "method_declaration":
            owner = receiver_type_name(func)
            if owner is not None and stopping_method(package, owner) is not None:
                return True
    return False


def unclosed_queue_verdicts(liveness: Liveness, go_statements: Iterable[Node]) -> list[Verdict]:
    """Verdicts "queue-never-closed", at the worker's `range` over the field."""
    out: list[Verdict] = []
    functions = liveness.functions
    for start in started_goroutines(
        functions, liveness.file, go_statements, skip_process_lifetime=True, once_per_goroutine=True
    ):
        worker, spawn = start.goroutine, start.spawn
        for field, (type_name, header) in ranged_fields(worker).items():
            stopper = stopping_method(liveness.package, type_name)  # IGNORED_STOPPER
            if stopper is None or never_closed(liveness.package, field) is None:
                continue
            assert (
                header.ast is not None and worker.cfg is not None
            )  # a loop header is its for statement
            if paths.left_early(header.ast):
                continue  # the worker has another way out (a final marker, a stop case)
            event = next(ev for ev in header.events if ev.kind == "range")
            ranged = _range_operand(event.node)
            shown = (gosyntax.text(ranged) if ranged is not None else "") or f"{type_name}.{field}"
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


def _range_operand(loop: Node) -> Node | None:
    """`x.f` of `for ... := range x.f`, as written."""
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    return clause.child_by_field_name("right") if clause is not None else None


def _ranged_field(loop: Node) -> Node | None:
    """`x.f` of `for ... := range x.f` (any selector chain before the field)."""
    right = gosyntax.unparen(_range_operand(loop))
    if right is None or right.type != "selector_expression":
        return None
    field = gosyntax.text(gosyntax.field(right, "field"))
    return right if field[:1].islower() else None


@dataclass(frozen=True)
class NeverClosed:
    """A channel field nothing in the package closes (NEVER_CLOSED) and the package makes
    (MADE_HERE)."""

    made: tuple[Node, SourceFile]  # the first `make` stored into the field or set in a literal
    only_plain_uses: bool  # ONLY_PLAIN_USES: no use could reach a close the model misses


def never_closed(package: Package, field: str) -> NeverClosed | None:
    """The judgement of the field `field` (by name, across the package's types): None
    when the package closes it (`close(x.field)`, the builtin, anywhere) or never makes
    it; asked once per package and field."""
    cache: dict[str, NeverClosed | None] = package.__dict__.setdefault("_never_closed", {})
    if field not in cache:
        cache[field] = _judge(package, field)
    return cache[field]


def _judge(package: Package, field: str) -> NeverClosed | None:
    made: tuple[Node, SourceFile] | None = None
    plain = True
    for sel, file in field_selectors(package, field.encode()):
        use = field_use(sel)
        if use == "store":
            value = gosyntax.assigned_value(sel)
            if value is not None and _is_make(value):
                made = made or (value, file)
            plain = plain and value is not None and _makes_a_channel(value)
        elif use == "other":
            if _closed_by(sel):
                return None
            plain = plain and _returned_receive_only(sel)
    for value, file, _type in keyed_literal_values(package, field):
        if _is_make(value):
            made = made or (value, file)
        plain = plain and _makes_a_channel(value)
    return NeverClosed(made, plain) if made is not None else None


def _closed_by(sel: Node) -> bool:
    """NEVER_CLOSED: is `x.f` closed right there, by the builtin or by a function named
    like it that is handed the field alone (`safeclose(x.f)`, `x.close(x.f)`)? Trade-off:
    such a function is trusted to close it without being read."""
    if closed_here(sel):
        return True
    args, _sel = gosyntax.parent_skipping_parens(sel)
    if args is None or args.type != "argument_list" or args.named_child_count != 1:
        return False
    call = args.parent
    return call is not None and gosyntax.callee_text(call).endswith("close")


def _returned_receive_only(sel: Node) -> bool:
    """Is `x.f` returned from a function whose result is receive-only (`<-chan T`, which
    cannot be closed)?"""
    parent, _sel = gosyntax.parent_skipping_parens(sel)
    statement = parent.parent if parent is not None and parent.type == "expression_list" else None
    if statement is None or statement.type != "return_statement":
        return False
    func = gosyntax.enclosing_function(statement)
    result = func.child_by_field_name("result") if func is not None else None
    return result is not None and gosyntax.text(result).replace(" ", "").startswith("<-chan")


def _is_make(value: Node) -> bool:
    value = gosyntax.unparen(value) or value
    return value.type == "call_expression" and gosyntax.callee_text(value) == "make"


def _makes_a_channel(value: Node) -> bool:
    value = gosyntax.unparen(value) or value
    if not _is_make(value):
        return False
    args = gosyntax.call_arguments(value)
    return bool(args) and args[0].type == "channel_type"
