"""A signal channel in a local variable, made anew each time round a loop without
closing the one it replaces.

```go
var stopUpload chan struct{}
for {
        select {
        case st := <-link.Changes():
                if st.Online {
                        stopUpload = make(chan struct{})  // a second "online" loses the first
                        go a.uploadLoop(stopUpload)
                } else if stopUpload != nil {
                        close(stopUpload)
                        stopUpload = nil
                }
        }
}
```

The function keeps the channel that stops its goroutine in a local declared outside
its loop, closes it when it wants the goroutine gone, and makes a new one when it
starts the next. A round of the loop that makes a new one while the old one is still
open strands the goroutine started with the old one: nothing will ever close it. The
struct-field form is replaced_signals.py's.

Guards, each a trade-off:
- SIGNAL_BY_CLOSE: the function closes the local somewhere and never sends on it.
- ENDS_ONLY_ON_SIGNAL: the goroutine, started right after the `make` with the local
  as an argument, has no way out but its receives from the parameter bound to it.
- DECLARED_OUTSIDE: the local is declared outside the loop holding the `make` (`var
  stop chan struct{}` before the loop): one declared in the round is a new variable
  each time.
- GOES_ROUND_OPEN: a path of the function's graph leads from the `make` back to it
  without passing a `close` of the local, another assignment to it, or a test that
  reads it (`if stop == nil`, the fixed form): that path replaces a channel still open.
  Trade-off: a test of the local that does not in fact guard the `make` spares it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.functions import param_var, started_goroutines
from goleash.analysis.liveness import Identity, Partner, Summary, Verdict
from goleash.analysis.stop_signals import ends_only_through
from goleash.analysis.values import VarRef

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.functions import Function, Start
    from goleash.analysis.liveness import Liveness
    from goleash.analysis.scopes import Var


def replaced_local_signal_verdicts(
    liveness: Liveness, go_statements: Iterable[tree_sitter.Node]
) -> list[Verdict]:
    """Verdicts "signal-replaced" for a goroutine waiting on a local signal channel that
    its starter's loop makes anew while it is still open."""
    out: list[Verdict] = []
    for start in started_goroutines(liveness.functions, liveness.file, go_statements):
        if start.starter.node.type == "func_literal" or not gosyntax.in_loop(start.stmt):
            continue
        found = _waited_local(start)
        if found is None:
            continue
        local, waits = found
        if not ends_only_through(start.goroutine, [n for n, _ev in waits]):
            continue  # ENDS_ONLY_ON_SIGNAL
        make = _made_before(local, start)
        if make is None or not _signal_by_close(local, start.starter):
            continue
        if not _goes_round_open(start.starter, make, local):
            continue
        _node, wait = waits[0]
        operand = wait.node.child_by_field_name("operand")
        shown = gosyntax.text(operand) if operand is not None else local.name
        ident = Identity.of_field(start.goroutine, shown, local.name)
        loop = gosyntax.enclosing_in_function(make, ("for_statement",))
        ident.lost_key = ("replaced", make, start.starter, (loop, "loop", liveness.file))
        out.append(
            Verdict(
                "signal-replaced",
                ident,
                wait,
                start.goroutine,
                Partner(start.spawn, start.goroutine, Summary.uncounted(), "goroutine"),
                detail={"local": local.name},
            )
        )
    return out


def _waited_local(start: Start) -> tuple[Var, list[tuple[CfgNode, Event]]] | None:
    """The starter's local handed to the goroutine's parameter it blocks receiving from
    (`go a.uploadLoop(stop)`), with those receives."""
    goroutine, starter = start.goroutine, start.starter
    cfg = goroutine.cfg
    if cfg is None or goroutine.node.type == "func_literal":
        return None
    args = gosyntax.call_arguments(start.stmt.named_children[0])
    found: Var | None = None
    waits: list[tuple[CfgNode, Event]] = []
    for node in cfg.nodes:
        for ev in node.events:
            if ev.kind != "recv" or not ev.blocking or not isinstance(ev.ref, VarRef):
                continue
            var = ev.ref.var
            if var.kind != "param" or var.func != goroutine.node or var.index >= len(args):
                continue
            if param_var(goroutine, var.index) is not var or len(var.assignments) > 1:
                continue
            arg = gosyntax.unparen(args[var.index])
            local = (
                starter.resolver.scopes.lookup(arg)
                if arg is not None and arg.type == "identifier"
                else None
            )
            if local is None or local.kind != "local" or local.func != starter.node:
                continue
            if found is not None and found is not local:
                return None
            found = local
            waits.append((node, ev))
    return (found, waits) if found is not None else None


def _made_before(local: Var, start: Start) -> tree_sitter.Node | None:
    """DECLARED_OUTSIDE: the `local = make(chan ...)` of the same loop body, before the
    `go`, the local declared outside that loop."""
    loops = gosyntax.loops_between(start.stmt, start.starter.node)
    if not loops:
        return None
    body = loops[0].child_by_field_name("body")
    declared = local.assignments[0][0] if local.assignments else None
    if body is None or declared is None or gosyntax.is_within(declared, loops[0]):
        return None
    made = None
    for stmt, value, _pos in local.assignments[1:]:
        value = gosyntax.unparen(value)
        if (
            stmt.type == "assignment_statement"
            and gosyntax.is_within(stmt, body)
            and stmt.end_byte <= start.stmt.start_byte
            and value is not None
            and value.type == "call_expression"
            and gosyntax.callee_text(value) == "make"
        ):
            made = stmt
    return made


def _signal_by_close(local: Var, starter: Function) -> bool:
    """SIGNAL_BY_CLOSE: closed somewhere in the starter, never sent on."""
    name = re.escape(local.name.encode())
    text = starter.node.text or b""
    closed = re.search(rb"(?<![\w.])close\(\s*" + name + rb"\s*\)", text) is not None
    sent = re.search(rb"(?<![\w.])" + name + rb"\s*<-", text) is not None
    return closed and not sent


def _goes_round_open(starter: Function, make: tree_sitter.Node, local: Var) -> bool:
    """GOES_ROUND_OPEN: a path from the `make` back to it passing no close of the local,
    no other assignment to it, and no test reading it."""
    cfg = starter.cfg
    start = cfg.node_of(make) if cfg is not None else None
    if cfg is None or start is None:
        return False
    occurrences = [o for o in local.occurrences if o.start_byte != make.start_byte]
    seen = {id(start)}
    stack = list(start.succ)
    while stack:
        n = stack.pop()
        if n is start:
            return True
        if id(n) in seen:
            continue
        seen.add(id(n))
        if n.ast is not None and _touches(n, occurrences):
            continue
        stack.extend(n.succ)
    return False


def _touches(n: CfgNode, occurrences: list[tree_sitter.Node]) -> bool:
    """Does the node close, assign or test the local? For a test (a condition, a
    select's case), only its own expression counts, not the body it leads to."""
    ast = n.ast
    assert ast is not None
    if n.kind in ("cond", "header"):
        cond = ast.child_by_field_name("condition")
        scope = cond if cond is not None else ast
        if ast.type == "for_statement" and cond is None:
            return False
        return any(gosyntax.is_within(o, scope) for o in occurrences)
    if n.kind in ("select", "case"):
        return False
    for o in occurrences:
        if not gosyntax.is_within(o, ast):
            continue
        parent, _child = gosyntax.parent_skipping_parens(o)
        if parent is not None and parent.type == "argument_list":
            call = parent.parent
            if call is not None and gosyntax.callee_text(call) == "close":
                return True
        if gosyntax.on_side_of(o, "assignment_statement", "left"):
            return True
    return False
