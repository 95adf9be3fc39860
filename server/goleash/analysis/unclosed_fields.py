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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis import paths
from goleash.analysis.index import receiver_type_name
from goleash.analysis.package import field_selectors, keyed_literal_values
from goleash.analysis.stop_signals import stopping_method

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
    verdicts: dict[str, tuple[Node, SourceFile] | None] = {}
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
            if field not in verdicts:
                verdicts[field] = _never_closed(package, field)
            made = verdicts[field]
            if made is None:
                continue
            out.append(UnclosedRange(loop, channel, field, g, made[0], made[1]))
    return out


def _promises_an_end(package: Package, g: Goroutine) -> bool:
    """PROMISED_END: the goroutine's or its starter's receiver type has a stopping method."""
    for func in (g.func, g.starter):
        if func is not None and func.type == "method_declaration":
            owner = receiver_type_name(func)
            if owner is not None and stopping_method(package, owner) is not None:
                return True
    return False


def _ranged_field(loop: Node) -> Node | None:
    """`x.f` of `for ... := range x.f` (any selector chain before the field)."""
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    right = gosyntax.unparen(clause.child_by_field_name("right")) if clause is not None else None
    if right is None or right.type != "selector_expression":
        return None
    field = gosyntax.text(gosyntax.field(right, "field"))
    return right if field[:1].islower() else None


def _never_closed(package: Package, field: str) -> tuple[Node, SourceFile] | None:
    """ONLY_PLAIN_USES: the make stored into the field when every use is plain (and one
    is such a store: it is a channel); None otherwise."""
    made: tuple[Node, SourceFile] | None = None
    for sel, file in field_selectors(package, field.encode()):
        use = _use_of(sel)
        if use == "store":
            value = gosyntax.assigned_value(sel)
            if value is None or not _makes_a_channel(value):
                return None
            made = made or (value, file)
        elif use != "plain":
            return None
    for value, file, _type in keyed_literal_values(package, field):
        if not _makes_a_channel(value):
            return None
        made = made or (value, file)
    return made


def _use_of(sel: Node) -> str:
    parent = sel.parent
    if parent is None:
        return "other"
    if parent.type == "parenthesized_expression":
        return _use_of(parent)
    if parent.type == "unary_expression":
        operator = parent.child_by_field_name("operator")
        return "plain" if operator is not None and operator.type == "<-" else "other"
    if parent.type == "send_statement" and parent.child_by_field_name("channel") == sel:
        return "plain"
    if parent.type == "range_clause" and parent.child_by_field_name("right") == sel:
        return "plain"
    if gosyntax.on_side_of(sel, "assignment_statement", "left"):
        return "store"
    if parent.type == "argument_list":
        call = parent.parent
        if call is not None and gosyntax.callee_text(call) in ("len", "cap"):
            return "plain"
        return "other"  # `close(x.f)` among others
    if parent.type == "selector_expression" and parent.child_by_field_name("operand") == sel:
        return "other"  # a field of a struct-typed field of the same name: not this channel
    if parent.type == "expression_list" and parent.parent is not None:
        statement = parent.parent
        if statement.type == "return_statement" and _returns_receive_only(statement):
            return "plain"
    return "other"


def _returns_receive_only(statement: Node) -> bool:
    func = gosyntax.enclosing_function(statement)
    result = func.child_by_field_name("result") if func is not None else None
    return result is not None and gosyntax.text(result).replace(" ", "").startswith("<-chan")


def _makes_a_channel(value: Node) -> bool:
    value = gosyntax.unparen(value) or value
    if value.type != "call_expression" or gosyntax.callee_text(value) != "make":
        return False
    args = gosyntax.call_arguments(value)
    return bool(args) and args[0].type == "channel_type"
