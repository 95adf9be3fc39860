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
  caller makes) may still come, and the waiter is left alone.
- STOP_CANNOT_WAKE: a method named like a stop (`stop`, `Close`, `Shutdown`, lower-case
  or not) closes that stop field, and neither it nor a method it calls, nor a literal
  it runs, wakes the condition or stores into a field the loop reads.
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
    condition: Node  # the loop's condition
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
        if condition is None:
            continue
        fields = {
            gosyntax.text(gosyntax.field(n, "field"))
            for n in [condition, *gosyntax.walk(condition)]
            if n.type == "selector_expression"
            and gosyntax.text(gosyntax.field(n, "operand")) == recv
        }
        if not fields:
            continue
        found = _judge(package, type_name, waiter, cond_field, fields)
        if found is None:
            continue
        wakers, go, go_file, stopper, stopper_file, close = found
        loop = condition.parent
        assert loop is not None  # a loop's condition
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
    wakers = {
        name
        for _f, m in methods
        if m != waiter and (name := gosyntax.function_name(m)) and wake.search(m.text or b"")
    }
    if not wakers:
        return None
    calls = re.compile(rb"\.(" + b"|".join(re.escape(w.encode()) for w in sorted(wakers)) + rb")\(")
    home: tuple[Node, SourceFile] | None = None
    for f in package.files:
        for found in calls.finditer(f.data):
            node = f.root.descendant_for_byte_range(found.start() + 1, found.end() - 1)
            if node is None:
                continue
            go = _running_goroutine(node)
            if go is None:
                return None  # ONE_WAKING_GOROUTINE: called from elsewhere
            if home is not None and home[0] != go:
                return None
            home = (go, f)
    if home is None:
        return None
    go, go_file = home
    stop_field = _stop_field(go)
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


def _running_goroutine(node: Node) -> Node | None:
    """The `go` statement of a literal whose `for { select }` loop makes this call."""
    for a in gosyntax.ancestors(node):
        if a.type == "go_statement":
            return a
        if a.type in ("function_declaration", "method_declaration"):
            return None
    return None


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
