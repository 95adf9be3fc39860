"""A condition's only waker runs in a goroutine that the stopping method ends without
waking the waiters.

```go
func (t *throttle) start() {
        go func() {
                for {
                        select {
                        case <-tick:
                                t.refill()      // tokens = limit; cond.Broadcast()
                        case <-t.done:
                                return
                        }
                }
        }()
}

func (t *throttle) take(n int) {
        t.mu.Lock()
        for t.tokens < n {
                t.cond.Wait()   // after stop, nothing refills or wakes it
        }
        ...
}

func (t *throttle) stop() { t.stopOnce.Do(func() { close(t.done) }) }
```

A waiter sleeps until its condition holds. When every method that makes it hold, or
wakes the waiters, runs only from one goroutine of the type, and the type's stopping
method ends that goroutine while it neither changes what the loop tests nor wakes the
waiters, a waiter caught by the stop sleeps for good.

Heuristics, each a trade-off:
- ONE_WAKING_GOROUTINE: the methods that wake the condition (`Signal`, `Broadcast`) or
  store into a field the loop reads are called only inside one `go func() { for {
  select { ... } } }()` literal of a method of the type, which returns on a receive from
  a stop field of the receiver. A waker called from anywhere else (a `Release` a
  caller makes) may still come, and the waiter is left alone; so may one the package
  never calls, which is there for its callers.
  The goroutine may also be a method of the type run by `go t.rollLoop()`, waking the
  condition itself or through a method only it calls (GOROUTINE_METHOD).
- STOP_CANNOT_WAKE: a method named like a stop (`stop`, `Close`, `Shutdown`, lower-case
  or not) closes that stop field, and neither it nor a method it calls, nor a literal
  it runs, wakes the condition or stores into a field the loop reads.
- WOKEN_NOWHERE_ELSE: every `Signal` or `Broadcast` of a field of that name in the
  package lies in one of those waking methods: a wake-up from a function or a literal
  elsewhere may still come.
- BODY_TESTS (`for {` loops): a wait loop with no condition of its own is judged on
  the receiver's fields its body reads (`p.quotas`, `p.window`), since its exits test
  them. A field read only to call through it (`p.clock.Now()`) counts too, which only
  makes a store into it elsewhere a waker, never a finding.
- STOP_BY_A_KEPT_CANCEL: the goroutine's loop may instead end on its context (`case
  <-ctx.Done(): return`), derived where it is started beside a field keeping the cancel
  (`ctx, m.cancel = context.WithCancel(ctx)`), which the stopping method calls (itself
  or through a local copy). Read by text in the starting method.
- CAPTURED_RECEIVER: the wait may sit in a literal of a method (`go func() { ...
  m.cond.Wait() ... }()` in `Watch`), on the receiver the literal captures.
- STOP_CASE_WAKES: a stop case that calls a waking method or wakes the condition before
  its `return` (`case <-ctx.Done(): m.halt(nil); return`) leaves nobody asleep.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.abandoned_cond_waiters import can_wake, wakes_pattern
from goleash.analysis.cond_wakeups import wait_loops

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.source import SourceFile

# The names a stopping method goes by, either case.
_STOPPER = re.compile(r"^(?:[Ss]top|[Cc]lose|[Ss]hutdown|[Tt]erminate|[Hh]alt)$")


@dataclass(frozen=True)
class StoppedWaker:
    wait: Node  # the `Wait()` call
    cond: str  # `t.cond`
    fields: tuple[str, ...]  # what the loop tests (`t.tokens`)
    condition: Node | None  # the loop's condition (None for `for {`: BODY_TESTS)
    loop: Node  # the wait loop
    wakers: tuple[str, ...]  # the methods that could wake it (`refill`)
    goroutine: Node  # the `go` statement running them
    goroutine_file: SourceFile
    stopper: Node  # the stopping method
    stopper_file: SourceFile
    close: Node  # its close of the stop field


def stopped_wakers(package: Package, waits: Iterable[Node]) -> list[StoppedWaker]:
    out: list[StoppedWaker] = []
    for call, cond_field, waiter, recv, type_name, condition in wait_loops(waits, True):
        loop = condition.parent if condition is not None else _loop_of(call)
        if loop is None:
            continue
        tested = condition if condition is not None else loop.child_by_field_name("body")
        if tested is None:
            continue
        fields = {
            gosyntax.text(gosyntax.field(n, "field"))
            for n in [tested, *gosyntax.walk(tested)]
            if n.type == "selector_expression"
            and gosyntax.text(gosyntax.field(n, "operand")) == recv
        } - {cond_field}
        if not fields:
            continue
        found = _judge(package, type_name, waiter, cond_field, fields)
        if found is None:
            continue
        wakers, go, go_file, stopper, stopper_file, close = found
        out.append(
            StoppedWaker(
                call,
                f"{recv}.{cond_field}",
                tuple(f"{recv}.{f}" for f in sorted(fields)),
                condition,
                loop,
                wakers,
                go,
                go_file,
                stopper,
                stopper_file,
                close,
            )
        )
    return out


def _judge(
    package: Package, type_name: str, waiter: Node, cond_field: str, fields: set[str]
) -> tuple[tuple[str, ...], Node, SourceFile, Node, SourceFile, Node] | None:
    methods = list(package.methods_of_type(type_name))
    wake = wakes_pattern(cond_field, fields)
    waking = {
        name: m
        for _f, m in methods
        if m != waiter and (name := gosyntax.function_name(m)) and wake.search(m.text or b"")
    }
    if not waking or not _woken_nowhere_else(package, cond_field, set(waking.values())):
        return None
    by_name = {gosyntax.function_name(m): m for _f, m in methods}
    wakers = set(waking)
    # GOROUTINE_METHOD: a waker called only from another method of the type stands for
    # that method's call sites (one level: `rollLoop` calling `refill`).
    calls = re.compile(rb"\.(" + b"|".join(re.escape(w.encode()) for w in sorted(wakers)) + rb")\(")
    home: tuple[Node, SourceFile] | None = None
    called: set[str] = set()
    for f in package.files:
        for found in calls.finditer(f.data):
            node = f.root.descendant_for_byte_range(found.start() + 1, found.end() - 1)
            if node is None:
                continue
            running = _running_goroutine(package, f, node, by_name)
            if running is None:
                return None  # ONE_WAKING_GOROUTINE: called from elsewhere
            if home is not None and home[0] != running[0]:
                return None
            home = running
            called.add(found.group(1).decode())
    if home is None or called != wakers:
        return None  # a waker nothing here calls is the callers' to call (`Refill`)
    go, go_file = home
    body = _goroutine_body(go, by_name)
    stop_field = _stop_field(body)
    cancel_field = None if stop_field is not None else _kept_cancel(go, body)
    if stop_field is None and cancel_field is None:
        return None
    if _stop_case_wakes(body, wakers, cond_field):
        return None  # the goroutine wakes them on its way out
    for f, m in methods:
        name = gosyntax.function_name(m) or ""
        if not _STOPPER.match(name):
            continue
        close = (
            _closes(m, stop_field) if stop_field is not None else _cancels(m, cancel_field or "")
        )
        if close is None:
            continue
        if can_wake(package, type_name, m, cond_field, fields):
            return None  # STOP_CANNOT_WAKE fails: it wakes them
        return tuple(sorted(wakers)), go, go_file, m, f, close
    return None


def _loop_of(call: Node) -> Node | None:
    """The `for` around a `Wait()` of a condition-less loop (BODY_TESTS)."""
    for a in gosyntax.ancestors(call):
        if a.type in gosyntax.FUNCTION_TYPES:
            return None
        if a.type == "for_statement":
            return a
    return None


def _woken_nowhere_else(package: Package, cond_field: str, waking: set[Node]) -> bool:
    """WOKEN_NOWHERE_ELSE: each `.cond.Signal(`/`.cond.Broadcast(` of the package lies in
    one of the waking methods."""
    pattern = re.compile(rb"\." + re.escape(cond_field.encode()) + rb"\.(?:Signal|Broadcast)\(")
    for f in package.files:
        for found in pattern.finditer(f.data):
            node = f.root.descendant_for_byte_range(found.start() + 1, found.end() - 1)
            if node is None:
                return False
            if not any(a in waking for a in gosyntax.ancestors(node)):
                return False
    return True


def _running_goroutine(
    package: Package,
    file: SourceFile,
    node: Node,
    methods: dict[str | None, Node],
    depth: int = 0,
) -> tuple[Node, SourceFile] | None:
    """The `go` statement (and its file) of a literal whose `for { select }` loop makes
    this call, or (GOROUTINE_METHOD) of the one `go t.m()` running the method of the type
    that makes it."""
    for a in gosyntax.ancestors(node):
        if a.type == "go_statement":
            return a, file
        if a.type == "function_declaration":
            return None
        if a.type == "method_declaration":
            name = gosyntax.function_name(a)
            if depth > 0 or methods.get(name) != a:
                return None
            return _only_started_by(package, name or "", methods, depth)
    return None


def _only_started_by(
    package: Package, name: str, methods: dict[str | None, Node], depth: int
) -> tuple[Node, SourceFile] | None:
    """The one `go` statement from which the method `name` is called, when every call
    of it runs there."""
    pattern = re.compile(rb"\." + re.escape(name.encode()) + rb"\(")
    home: tuple[Node, SourceFile] | None = None
    for f in package.files:
        for found in pattern.finditer(f.data):
            node = f.root.descendant_for_byte_range(found.start() + 1, found.end() - 1)
            if node is None:
                return None
            go = _running_goroutine(package, f, node, methods, depth + 1)
            if go is None or (home is not None and home[0] != go[0]):
                return None
            home = go
    return home


def _goroutine_body(go: Node, methods: dict[str | None, Node]) -> Node:
    """What the goroutine runs: the literal in the `go` statement, or the method of the
    type it calls (`go t.rollLoop()`)."""
    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    if call is not None:
        callee = gosyntax.unparen(call.child_by_field_name("function"))
        if callee is not None and callee.type == "selector_expression":
            method = methods.get(gosyntax.text(gosyntax.field(callee, "field")))
            if method is not None:
                return method
    return go


def _stop_field(go: Node) -> str | None:
    """`done` of the `case <-t.done: return` that ends the goroutine's loop."""
    for case in gosyntax.descendants(go, "communication_case"):
        received = gosyntax.received_operand(case)
        received = gosyntax.unparen(received)
        if received is None or received.type != "selector_expression":
            continue
        if any(s.type == "return_statement" for s in gosyntax.statements(case)):
            return gosyntax.text(gosyntax.field(received, "field"))
    return None


def _stop_case_wakes(body: Node, wakers: set[str], cond_field: str) -> bool:
    """STOP_CASE_WAKES: the goroutine's stop case calls a waking method, or wakes the
    condition itself, before it returns (`case <-ctx.Done(): m.halt(nil); return`)."""
    names = "|".join(re.escape(w) for w in sorted(wakers))
    wake = re.compile(
        rb"\.(?:"
        + names.encode()
        + rb")\(|\."
        + re.escape(cond_field.encode())
        + rb"\.(?:Signal|Broadcast)\("
    )
    for case in gosyntax.descendants(body, "communication_case"):
        if gosyntax.received_operand(case) is None:
            continue
        statements = gosyntax.statements(case)
        if any(s.type == "return_statement" for s in statements) and any(
            wake.search(s.text or b"") for s in statements
        ):
            return True
    return False


def _kept_cancel(go: Node, body: Node) -> str | None:
    """STOP_BY_A_KEPT_CANCEL: the field keeping the cancel function of the context whose
    `Done()` ends the goroutine's loop (`case <-ctx.Done(): return`), when the method
    starting it derives that context beside the field (`ctx, m.cancel =
    context.WithCancel(ctx)`; or `ctx, cancel := ...` then `m.cancel = cancel`). Trade-off:
    a context ended from the caller's side too is taken to be ended by the field's cancel
    alone, which changes nothing for the waiters: either way the goroutine leaves."""
    ctx_name = None
    for case in gosyntax.descendants(body, "communication_case"):
        received = gosyntax.received_operand(case)
        call = gosyntax.unparen(received) if received is not None else None
        if (
            call is not None
            and call.type == "call_expression"
            and gosyntax.called_expression_text(call).endswith(".Done")
            and any(s.type == "return_statement" for s in gosyntax.statements(case))
        ):
            ctx_name = gosyntax.called_expression_text(call)[: -len(".Done")]
            break
    if ctx_name is None or "." in ctx_name:
        return None
    if body.type == "method_declaration":
        # `go m.poll(ctx)`: the parameter stands for the argument at the `go` statement.
        params = [name for name, _type in gosyntax.parameters(body)]
        call = next((c for c in go.named_children if c.type == "call_expression"), None)
        args = gosyntax.call_arguments(call) if call is not None else []
        if ctx_name not in params or len(args) != len(params):
            return None
        ctx_name = gosyntax.text(args[params.index(ctx_name)])
    starter = gosyntax.enclosing_function(go)
    while starter is not None and starter.type == "func_literal":
        starter = gosyntax.enclosing_function(starter)
    recv = gosyntax.receiver_text(starter) if starter is not None else None
    if starter is None or not recv:
        return None
    derived = re.compile(
        rb"\b"
        + re.escape(ctx_name.encode())
        + rb"\s*,\s*([\w.]+)\s*:?=\s*context\.With(?:Cancel|Timeout|Deadline)\("
    )
    text = starter.text or b""
    found = derived.search(text)
    if found is None:
        return None
    cancel = found.group(1).decode()
    if cancel.startswith(recv + "."):
        return cancel[len(recv) + 1 :]
    kept = re.search(
        rb"\b"
        + re.escape(recv.encode())
        + rb"\.(\w+)\s*=\s*"
        + re.escape(cancel.encode())
        + rb"\b",
        text,
    )
    return kept.group(1).decode() if kept is not None else None


def _cancels(method: Node, field: str) -> Node | None:
    """The method's call of the cancel kept in `field`: `m.cancel()`, or a local copy's
    (`cancel, done := m.cancel, m.done; cancel()`)."""
    recv = gosyntax.receiver_text(method)
    body = method.child_by_field_name("body")
    if not recv or body is None:
        return None
    names = {f"{recv}.{field}"}
    for n in gosyntax.walk(body):
        if n.type in ("short_var_declaration", "assignment_statement"):
            lefts = gosyntax.field(n, "left").named_children
            rights = gosyntax.field(n, "right").named_children
            if len(lefts) == len(rights):
                names |= {
                    gosyntax.text(bound)
                    for bound, value in zip(lefts, rights)
                    if gosyntax.text(value) == f"{recv}.{field}" and bound.type == "identifier"
                }
    for n in gosyntax.walk(body):
        if (
            n.type == "call_expression"
            and not gosyntax.call_arguments(n)
            and gosyntax.called_expression_text(n) in names
        ):
            return n
    return None


def _closes(method: Node, field: str) -> Node | None:
    pattern = re.compile(rb"(?<![\w.])close\(\s*\w+\." + re.escape(field.encode()) + rb"\s*\)")
    text = method.text or b""
    m = pattern.search(text)
    if m is None:
        return None
    node = method.descendant_for_byte_range(
        method.start_byte + m.start(), method.start_byte + m.end()
    )
    while node is not None and node.type != "call_expression":
        node = node.parent
    return node
