"""A goroutine waiting on a timer's channel that the code stops.

```go
func (b *Box) Type(text string) {
        if b.timer != nil {
                b.timer.Stop() // the previous timer's goroutine now waits forever
        }
        t := time.NewTimer(b.quiet)
        b.timer = t
        go func() {
                <-t.C
                b.fire()
        }()
}
```

`Timer.Stop` keeps the timer from firing and does not close `C`: a goroutine that waits
on `<-t.C` alone, when the timer is stopped first, waits forever. `time.AfterFunc`
runs the function when the timer fires and nothing when it is stopped.

Guards, each a trade-off:
- BARE_TIMER_WAIT: the goroutine is a function literal whose wait is a plain receive
  `<-t.C` (a statement, or the value of an assignment), not a `select` case: a select
  with another case has another way out.
- MADE_HERE: `t` is a local of the function starting the goroutine, made by
  `time.NewTimer` and assigned nothing else.
- STOPPED_SOMEWHERE: `t.Stop()` is called in that function (a `defer` too), or `t` is
  stored in a field of the receiver (`b.timer = t`) and a method of the package calls
  `Stop` on that field. A `Stop` that can only come after the timer fired (after
  the goroutine's own work) is not told apart: the finding says when it strands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.cfg import Event
from goleash.analysis.index import receiver_type_name
from goleash.analysis.liveness import Identity, Verdict

if TYPE_CHECKING:
    from goleash.analysis.liveness import Liveness
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


@dataclass(frozen=True)
class TimerStop:
    timer: str  # `t`, as the goroutine names it
    made: tree_sitter.Node  # the `time.NewTimer` call
    stop: tree_sitter.Node  # a `Stop` call that strands the goroutine
    stop_file: SourceFile
    start: tree_sitter.Node  # the `go` statement


def stopped_timer_verdicts(
    liveness: Liveness, go_statements: Iterable[tree_sitter.Node]
) -> list[Verdict]:
    """Verdicts "timer-stopped": a goroutine's bare wait on a timer the code stops."""
    out: list[Verdict] = []
    for go in go_statements:
        literal = gosyntax.started_literal(go)
        if literal is None:
            continue
        root = liveness.functions.enclosing(go, liveness.file)
        if root is None or root.cfg is None:
            continue
        starter = root.node
        for wait, timer in _bare_timer_waits(literal):
            found = _stopped(liveness.package, liveness.file, starter, timer)
            if found is None:
                continue
            made, stop, stop_file = found
            func = liveness.functions.get(literal, liveness.file)
            if func is None:
                continue
            event = Event("recv", wait)
            ident = Identity("chan", f"{timer}.C", None, root, made, root.cfg.entry)
            detail = {"timer_stop": TimerStop(timer, made, stop, stop_file, go)}
            out.append(Verdict("timer-stopped", ident, event, func, None, detail=detail))
            break
    return out


def _bare_timer_waits(literal: tree_sitter.Node) -> list[tuple[tree_sitter.Node, str]]:
    """BARE_TIMER_WAIT: (the `<-t.C` receive, `t`) of the literal's own statements."""
    body = literal.child_by_field_name("body")
    found = []
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type != "unary_expression" or gosyntax.text(gosyntax.field(n, "operator")) != "<-":
            continue
        operand = gosyntax.unparen(n.child_by_field_name("operand"))
        if operand is None or operand.type != "selector_expression":
            continue
        base = operand.child_by_field_name("operand")
        if (
            gosyntax.text(gosyntax.field(operand, "field")) != "C"
            or base is None
            or base.type != "identifier"
        ):
            continue
        if any(a.type == "communication_case" for a in gosyntax.ancestors(n, literal)):
            continue
        found.append((n, gosyntax.text(base)))
    return found


def _stopped(
    package: Package, file: SourceFile, starter: tree_sitter.Node, timer: str
) -> tuple[tree_sitter.Node, tree_sitter.Node, SourceFile] | None:
    """MADE_HERE and STOPPED_SOMEWHERE: (the `time.NewTimer` call, a `Stop` call, its
    file)."""
    body = starter.child_by_field_name("body")
    if body is None:
        return None
    made = None
    fields: set[str] = set()
    stop = None
    for n in gosyntax.walk(body):
        if n.type in ("short_var_declaration", "assignment_statement"):
            left = gosyntax.field(n, "left").named_children
            right = gosyntax.field(n, "right").named_children
            for i, target in enumerate(left):
                value = right[i] if len(right) == len(left) else None
                if gosyntax.text(target) == timer:
                    if (
                        value is None
                        or value.type != "call_expression"
                        or gosyntax.callee_text(value) != "time.NewTimer"
                        or made is not None
                    ):
                        return None
                    made = value
                elif (
                    value is not None
                    and gosyntax.text(value) == timer
                    and target.type == "selector_expression"
                ):
                    fields.add(gosyntax.text(gosyntax.field(target, "field")))
        if (
            n.type == "call_expression"
            and gosyntax.text(gosyntax.field(n, "function")) == f"{timer}.Stop"
        ):
            stop = stop or n
    if made is None or not gosyntax.is_within(made, body):
        return None
    if stop is not None:
        return made, stop, file
    type_name = receiver_type_name(starter) if starter.type == "method_declaration" else None
    if not fields or type_name is None:
        return None
    for field in sorted(fields):
        stops = re.compile(rb"\." + re.escape(field.encode()) + rb"\.Stop\(")
        for f, method in package.methods_of_type(type_name):
            m = stops.search(method.text or b"")
            if m is None:
                continue
            end = method.start_byte + m.end() - 1  # the `(` after `Stop`
            node = f.root.descendant_for_byte_range(end - 4, end)
            call = gosyntax.call_naming(node)
            if call is not None:
                return made, call, f
    return None
