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
    for call, cond_field, waiter, recv, type_name, condition in wait_loops(waits):
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
    stop_field = _stop_field(_goroutine_body(go, by_name))
    if stop_field is None:
        return None
    for f, m in methods:
        name = gosyntax.function_name(m) or ""
        if not _STOPPER.match(name):
            continue
        close = _closes(m, stop_field)
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
