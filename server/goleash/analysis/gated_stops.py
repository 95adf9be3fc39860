"""A goroutine its starter leaves behind on a way out that never opens its stop's gate.

```go
func (a *Agent) Start(ctx context.Context) error {
        a.stop = make(chan struct{})
        go a.loop(a.stop)
        if err := a.cp.Register(ctx, a.host); err != nil {
                return err              // a.running stays false
        }
        a.running = true
        return nil
}

func (a *Agent) Stop() {
        if !a.running {
                return                  // "not running": nothing to stop, it thinks
        }
        a.running = false
        close(a.stop)
}
```

The stopping method closes the stop channel only when a flag says the object runs,
and the starter sets that flag only once it has got past its last way out. A start
that fails after its `go` returns with the flag unset: `Stop` then does nothing, and
the loop, which ends only on the stop channel, runs for good.

Heuristic GATE_NEVER_OPENED, each condition a trade-off:
- the goroutine's loop ends only on receives from one channel: an unexported field
  `f` of the starter's receiver, read on the receiver or through a parameter bound to
  `recv.f` at the `go` (a loop with another way out is not stranded);
- every method of the type that closes `f` (directly, or through a local copy taken
  under a lock) first returns under `if !recv.g` for one bool field `g`, at the top of
  its body;
- the starter sets `recv.g = true` only after the `go`, and some `return` of it lies
  between the two, outside any function literal, with no close of `f` and no call of
  the closing method before it; no other method of the type sets `g` to true.
What it misses: a flag set true elsewhere (a literal, another package), a gate that
is not a bool field, a caller that resets the flag before calling `Stop`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.field_closers import closing_methods
from goleash.analysis.functions import param_var, receiver_var, started_goroutines
from goleash.analysis.index import receiver_type_name
from goleash.analysis.liveness import Identity, Liveness, Partner, Summary, Verdict
from goleash.analysis.stop_signals import loop_ended_only_by
from goleash.analysis.values import FieldRef, VarRef

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.functions import Start
    from goleash.source import SourceFile


@dataclass(frozen=True)
class Gate:
    """The flag a closing method of the type tests before it closes the stop channel."""

    field: str  # the bool field (`running`)
    guard: tree_sitter.Node  # the closer's `return` under `if !recv.field`
    closer: str  # the closing method's name
    file: SourceFile  # the closing method's file
    opened: tree_sitter.Node  # the starter's `recv.field = true`


def gated_stop_verdicts(
    liveness: Liveness, go_statements: Iterable[tree_sitter.Node]
) -> list[Verdict]:
    """Verdicts "stop-gated" (module doc): the goroutine's only way out is a stop its
    closing methods skip while a flag is unset, and the starter returns after the `go`
    without setting it."""
    out: list[Verdict] = []
    for start in started_goroutines(
        liveness.functions, liveness.file, go_statements, skip_process_lifetime=True
    ):
        verdict = _judge(liveness, start)
        if verdict is not None:
            out.append(verdict)
    return out


def _judge(liveness: Liveness, start: Start) -> Verdict | None:
    starter, goroutine = start.starter, start.goroutine
    recv = receiver_var(starter)
    type_name = receiver_type_name(starter.node)
    if recv is None or type_name is None or goroutine.cfg is None:
        return None
    waited = _stop_channel(start, recv.name)
    if waited is None:
        return None
    field, nodes, ev = waited
    loop = loop_ended_only_by(goroutine, nodes)
    if loop is None:
        return None
    closers = closing_methods(liveness, type_name, field, (goroutine.node, starter.node))
    if closers is None:
        return None
    gate = _gate(liveness, type_name, field, closers[1], closers[2], start)
    if gate is None:
        return None
    exit_node = _unopened_return(start, gate, field, closers[0])
    if exit_node is None:
        return None
    ident = Identity.of_field(goroutine, f"{recv.name}.{field}", field)
    ident.capacity_known = False
    return Verdict(
        "stop-gated",
        ident,
        ev,
        goroutine,
        Partner(start.spawn, goroutine, Summary.uncounted(), "goroutine"),
        exit=starter.cfg.node_of(exit_node) if starter.cfg is not None else None,
        detail={"gate": gate, "field": field, "loop": loop, "return": exit_node},
    )


def _stop_channel(start: Start, recv: str) -> tuple[str, list[CfgNode], Event] | None:
    """(field, the goroutine's nodes receiving from it, the first such receive) for the
    one field of the starter's receiver the goroutine receives from, directly or through
    a parameter bound to `recv.field` at the `go`."""
    goroutine = start.goroutine
    call = start.stmt.named_children[0] if start.stmt.named_children else None
    args = gosyntax.call_arguments(call) if call is not None else []
    bound: dict[int, str] = {}
    for i, arg in enumerate(args):
        text = gosyntax.text(arg).replace(" ", "")
        if text.startswith(recv + ".") and text.count(".") == 1:
            bound[i] = text.split(".", 1)[1]
    params = {id(v): bound[i] for i in bound if (v := param_var(goroutine, i)) is not None}
    found: dict[str, tuple[list[CfgNode], Event]] = {}
    assert goroutine.cfg is not None  # asked only of goroutines with a graph
    for node in goroutine.cfg.nodes:
        for ev in node.events:
            if ev.kind != "recv":
                continue
            name: str | None = None
            if isinstance(ev.ref, FieldRef) and not ev.ref.exported:
                name = ev.ref.field
            elif isinstance(ev.ref, VarRef):
                name = params.get(id(ev.ref.var))
            if name is not None:
                entry = found.setdefault(name, ([], ev))
                entry[0].append(node)
    if len(found) != 1:
        return None
    ((field, (nodes, ev)),) = found.items()
    return field, nodes, ev


def _gate(
    liveness: Liveness,
    type_name: str,
    field: str,
    close: tree_sitter.Node,
    close_file: SourceFile,
    start: Start,
) -> Gate | None:
    """The bool field every closer tests (`if !a.running { return }`) before its close,
    when only the starter sets it true, after its `go`."""
    closer = gosyntax.enclosing_function(close)
    if closer is None or closer.type != "method_declaration":
        return None
    recv = gosyntax.receiver_text(closer)
    body = closer.child_by_field_name("body")
    if not recv or body is None:
        return None
    for stmt in gosyntax.statements(body):
        if stmt.start_byte >= close.start_byte:
            return None
        if stmt.type != "if_statement":
            continue
        tested = gosyntax.negated(stmt.child_by_field_name("condition"))
        flag = _field_of(tested, recv)
        consequence = stmt.child_by_field_name("consequence")
        returns = gosyntax.statements(consequence) if consequence is not None else []
        if flag is None or not returns or returns[-1].type != "return_statement":
            continue
        opened = _opened_only_by(liveness, type_name, flag, start)
        if opened is None:
            return None
        return Gate(flag, returns[-1], gosyntax.function_name(closer) or "", close_file, opened)
    return None


def _field_of(expr: tree_sitter.Node | None, recv: str) -> str | None:
    """ "running" for `a.running` on the receiver `a`."""
    if expr is None or expr.type != "selector_expression":
        return None
    operand = gosyntax.unparen(expr.child_by_field_name("operand"))
    if operand is None or gosyntax.text(operand) != recv:
        return None
    return gosyntax.text(gosyntax.field(expr, "field"))


def _opened_only_by(
    liveness: Liveness, type_name: str, flag: str, start: Start
) -> tree_sitter.Node | None:
    """The starter's one `recv.flag = true`, after its `go`, when no other method of the
    type sets the flag true (nor the starter before its `go`)."""
    setting = re.compile(rb"\." + re.escape(flag.encode()) + rb"\s*=\s*true\b")
    for method_file, method in liveness.package.methods_of_type(type_name):
        if method != start.starter.node and setting.search(
            method_file.data, method.start_byte, method.end_byte
        ):
            return None
    recv = gosyntax.receiver_text(start.starter.node)
    found = [
        n
        for n in gosyntax.descendants(start.starter.node, "assignment_statement")
        if gosyntax.text(n).replace(" ", "") == f"{recv}.{flag}=true"
    ]
    if len(found) != 1 or found[0].start_byte < start.stmt.end_byte:
        return None
    return found[0]


def _unopened_return(
    start: Start, gate: Gate, field: str, closers: tuple[str, ...]
) -> tree_sitter.Node | None:
    """The first `return` of the starter between its `go` and the flag's opening, not in
    a function literal, with no close of the field nor call of a closer before it."""
    starter = start.starter.node
    data = start.starter.file.data
    recv = gosyntax.receiver_text(starter) or ""
    released = re.compile(
        rb"close\(\s*"
        + re.escape(f"{recv}.{field}".encode())
        + rb"\s*\)|\b"
        + re.escape(recv.encode())
        + rb"\.(?:"
        + b"|".join(re.escape(c.encode()) for c in closers)
        + rb")\("
    )
    for ret in gosyntax.descendants(starter, "return_statement"):
        if not start.stmt.end_byte <= ret.start_byte < gate.opened.start_byte:
            continue
        if gosyntax.enclosing_function(ret) != starter:
            continue
        if released.search(data, start.stmt.end_byte, ret.start_byte):
            return None
        return ret
    return None
