"""A goroutine that waits for an OS signal to cancel a context its function cancels anyway.

```go
func (a *App) Run(args []string) int {
        ctx, cancel := context.WithCancel(context.Background())
        defer cancel()
        sigs := make(chan os.Signal, 1)
        signal.Notify(sigs, os.Interrupt)
        go func() {
                <-sigs   // a run that ends on its own gets no signal: this waits for good
                cancel()
        }()
        return a.exec(ctx, args)
}
```

`signal.Notify` sends on the channel only when the process gets one of the signals,
which most runs never do. The goroutine's one job is to cancel the run's context on
Ctrl-C; once the run returns, its deferred `cancel()` has done that job, and the
goroutine still waits, one more for each run (a CLI's tests, a server's `Run` called
again). A handler for the whole process is left alone.

Heuristics, each a trade-off:
- SIGNAL_ONLY: the goroutine is a literal whose first statement receives from a channel
  its starter made and handed to `signal.Notify` and to nothing else (a `close` of it
  would release the wait; `signal.Stop` does not), with no `select` beside the receive.
- CANCELLED_ANYWAY: after the signal, the goroutine calls a cancel function that the
  function holding it cancels on its own way out too: a `cancel` bound from
  `context.With...` in the starter and deferred there, or a parameter of the starter
  that every caller in the package hands a cancel it defers
  (`a.cancelOnInterrupt(cancel)` after `defer cancel()`). A process-wide handler
  (`SetupSignalHandler` returning its context, `main`, `init`) never cancels it on its
  way out, so it is not reported. Trade-off: a goroutine that also does other work
  after the signal (flush, log) is judged by its cancel alone. OWN_CANCEL: a cancel the
  goroutine binds itself (for a shutdown's timeout) is not that cancel.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


@dataclass(frozen=True)
class SignalWait:
    receive: Node  # the goroutine's `<-sigs` statement
    channel: str  # `sigs`
    start: Node  # the `go` statement
    notify: Node  # `signal.Notify(sigs, ...)`
    cancel: str  # the cancel the goroutine calls after the signal
    cancelled: Node  # the `defer cancel()` that does its job anyway
    cancelled_file: SourceFile
    context: str | None  # the context `cancel` ends, in scope at the goroutine (for the fix)
    element: str  # the channel's element type (`os.Signal`)


def signal_waits(
    package: Package, file: SourceFile, go_statements: Iterable[Node]
) -> list[SignalWait]:
    """Among `go_statements`, the goroutines waiting only for an OS signal to cancel a
    context their starter (or its caller) cancels anyway (SIGNAL_ONLY, CANCELLED_ANYWAY)."""
    if b"signal.Notify(" not in file.data:
        return []
    out: list[SignalWait] = []
    for go in go_statements:
        literal = gosyntax.started_literal(go)
        starter = gosyntax.enclosing_function(go)
        body = literal.child_by_field_name("body") if literal is not None else None
        statements = gosyntax.statements(body)
        if starter is None or not statements:
            continue
        if gosyntax.runs_for_process_lifetime(starter, file.package_name, file.path):
            continue
        channel = _received_from(statements[0])
        element = _notified_only(starter, go, channel) if channel is not None else None
        if channel is None or element is None:
            continue
        notify = _notify_call(starter, channel)
        own = _bound_inside(body)
        called = [c for c in _cancels_called(statements[1:]) if c not in own]
        for cancel in called:
            found = _cancelled_anyway(package, file, starter, go, cancel)
            if found is not None and notify is not None:
                deferred, deferred_file, context = found
                out.append(
                    SignalWait(
                        statements[0],
                        channel,
                        go,
                        notify,
                        cancel,
                        deferred,
                        deferred_file,
                        context,
                        element,
                    )
                )
                break
    return out


def _received_from(stmt: Node) -> str | None:
    """`sigs` of `<-sigs`, `sig := <-sigs` or `sig = <-sigs` as a statement."""
    expr: Node | None = None
    if stmt.type == "expression_statement" and stmt.named_children:
        expr = stmt.named_children[0]
    elif stmt.type in ("short_var_declaration", "assignment_statement"):
        values = gosyntax.field(stmt, "right").named_children
        expr = values[0] if len(values) == 1 else None
    expr = gosyntax.unparen(expr)
    if expr is None or expr.type != "unary_expression":
        return None
    if gosyntax.text(gosyntax.field(expr, "operator")) != "<-":
        return None
    operand = gosyntax.unparen(expr.child_by_field_name("operand"))
    return gosyntax.text(operand) if operand is not None and operand.type == "identifier" else None


def _notified_only(starter: Node, go: Node, channel: str) -> str | None:
    """SIGNAL_ONLY: the element type (`os.Signal`) when `channel` is made in the starter
    and, outside the goroutine, used only as `signal.Notify`'s or `signal.Stop`'s argument."""
    element: str | None = None
    for ident in gosyntax.descendants(starter, "identifier"):
        if gosyntax.text(ident) != channel or gosyntax.is_within(ident, go):
            continue
        parent = ident.parent
        if parent is not None and parent.type == "expression_list":
            stmt = parent.parent
            if stmt is not None and stmt.type == "short_var_declaration":
                values = gosyntax.field(stmt, "right").named_children
                made = re.fullmatch(
                    r"make\(chan\s+([\w.]+)\s*(?:,[^)]*)?\)",
                    gosyntax.text(values[0]) if values else "",
                )
                element = made.group(1) if made else None
                continue
        call = parent.parent if parent is not None and parent.type == "argument_list" else None
        if call is None or gosyntax.callee_text(call) not in ("signal.Notify", "signal.Stop"):
            return None
    return element


def _notify_call(starter: Node, channel: str) -> Node | None:
    for call in gosyntax.descendants(starter, "call_expression"):
        args = gosyntax.call_arguments(call)
        if (
            gosyntax.callee_text(call) == "signal.Notify"
            and args
            and gosyntax.text(args[0]) == channel
        ):
            return call
    return None


def _bound_inside(body: Node | None) -> set[str]:
    """OWN_CANCEL: the names the goroutine binds itself (`ctx, cancel :=
    context.WithTimeout(...)` before a `server.Shutdown(ctx)`): a cancel of its own is no
    cancel of the run's context, and its job is what it does with it (dapr's test apps,
    audit 45)."""
    out: set[str] = set()
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type in ("short_var_declaration", "var_spec"):
            left = n.child_by_field_name("left") or n.child_by_field_name("name")
            names = left.named_children if left is not None and left.named_children else [left]
            out.update(gosyntax.text(x) for x in names if x is not None and x.type == "identifier")
    return out


def _cancels_called(statements: list[Node]) -> list[str]:
    """The plain names the goroutine calls with no arguments after the signal (`cancel()`)."""
    out: list[str] = []
    for stmt in statements:
        for call in [stmt, *gosyntax.walk(stmt)]:
            if call.type != "call_expression" or gosyntax.call_arguments(call):
                continue
            fn = gosyntax.unparen(call.child_by_field_name("function"))
            if fn is not None and fn.type == "identifier":
                out.append(gosyntax.text(fn))
    return out


def _cancelled_anyway(
    package: Package, file: SourceFile, starter: Node, go: Node, cancel: str
) -> tuple[Node, SourceFile, str | None] | None:
    """CANCELLED_ANYWAY: (the `defer cancel()`, its file, the context in scope) when the
    starter binds `cancel` from `context.With...` and defers it, or takes it as a
    parameter every caller in the package binds and defers so."""
    bound = _bound_and_deferred(starter, cancel, go)
    if bound is not None:
        return bound[0], file, bound[1]
    params = [name for name, _typ in gosyntax.parameters(starter)]
    if cancel not in params:
        return None
    position = params.index(cancel)
    name = gosyntax.function_name(starter)
    if not name:
        return None
    calls = re.compile(rb"\b" + re.escape(name.encode()) + rb"\(")
    found: tuple[Node, SourceFile, str | None] | None = None
    for f in package.files:
        if not calls.search(f.data):
            continue
        for call in gosyntax.descendants(f.root, "call_expression"):
            if gosyntax.callee_text(call).rsplit(".", 1)[-1] != name:
                continue
            args = gosyntax.call_arguments(call)
            caller = gosyntax.enclosing_function(call)
            if position >= len(args) or caller is None or args[position].type != "identifier":
                return None
            deferred = _bound_and_deferred(caller, gosyntax.text(args[position]))
            if deferred is None:
                return None  # one caller hands a cancel it keeps: the wait may be its only one
            found = found or (deferred[0], f, None)
    return found


def _bound_and_deferred(
    func: Node, cancel: str, before: Node | None = None
) -> tuple[Node, str | None] | None:
    """(`defer cancel()`, the context bound beside it: None unless bound in the same
    block as `before`, ahead of it) when `func` binds `ctx, cancel := context.With...(...)`
    and defers `cancel()`."""
    context: str | None = None
    bound = False
    for decl in gosyntax.descendants(func, "short_var_declaration"):
        names = [gosyntax.text(n) for n in gosyntax.field(decl, "left").named_children]
        values = gosyntax.field(decl, "right").named_children
        if (
            len(names) == 2
            and names[1] == cancel
            and len(values) == 1
            and gosyntax.callee_text(values[0]).startswith("context.With")
        ):
            bound = True
            ahead = before is not None and decl.end_byte <= before.start_byte
            same_block = before is not None and decl.parent == before.parent
            context = names[0] if ahead and same_block and names[0] != "_" else None
    if not bound:
        return None
    for stmt in gosyntax.descendants(func, "defer_statement"):
        call = stmt.named_children[0] if stmt.named_children else None
        if call is not None and gosyntax.called_expression_text(call) == cancel:
            return stmt, context
    return None
