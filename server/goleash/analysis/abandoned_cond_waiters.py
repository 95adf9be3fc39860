"""A goroutine that turns a condition variable's wait into a channel, abandoned by its
starter's timeout, on an object whose stopping method cannot wake it.

```go
func (c *Client) WaitReady(ctx context.Context) error {
        ready := make(chan struct{})
        go func() {
                c.mu.Lock()
                for !c.initialized {
                        c.cond.Wait()   // after a timeout, only c.initialized ends this
                }
                c.mu.Unlock()
                close(ready)
        }()
        select {
        case <-ready:
                return nil
        case <-ctx.Done():
                return ctx.Err()        // the goroutine stays behind
        }
}

func (c *Client) Close() error { c.closed = true; ...; return nil } // no Broadcast
```

A `sync.Cond` cannot be selected on, so a wait with a timeout runs in a goroutine that
signals a channel when the condition holds. When the timeout wins, that goroutine waits
on until the condition comes true. If the object is then closed, and its stopping
method neither makes the condition true nor wakes the waiters, it never does.

Heuristics, each a trade-off:
- CHANNEL_ADAPTER: the goroutine is a function literal of a method, waiting in a `for`
  loop on a condition field of the receiver's type, then closing or sending on a channel
  the method made; the method selects on that channel beside a case that returns.
- PLAIN_CONDITION: the loop's condition reads fields and calls nothing (`for !c.ready`):
  its truth changes only by a store into those fields. A condition asking a method or a
  context (`r.ctx.Err() == nil`, blazer's chunk reader) may turn true through a
  cancel the stopping method makes, and is left alone.
- CLOSE_CANNOT_WAKE: the type's stopping method (`Close`, `Stop`, `Shutdown`), and the
  methods of the receiver it calls, neither `Signal` nor `Broadcast` the condition nor
  assign a field the loop's condition reads. A condition met later by other traffic
  (the first flag set arriving after a slow start) is what the goroutine waits for;
  this reports that nothing after `Close` will bring it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.index import receiver_type_name
from goleash.analysis.stop_signals import stopping_method

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


@dataclass(frozen=True)
class AbandonedCondWaiter:
    wait: Node  # the `Wait()` call
    cond: str  # `c.cond`
    fields: tuple[str, ...]  # the receiver's fields the loop's condition reads (`c.ready`)
    start: Node  # the `go` statement
    gives_up: Node  # the starter's `return` in the other select case
    starter: Node  # the method starting the goroutine
    stopper: Node  # the type's stopping method
    stopper_file: SourceFile
    condition: Node  # the wait loop's condition
    waiter_file: SourceFile
    # `c.closed = true` in the stopping method, with `closed`: a flag the loop could test.
    stop_flag: tuple[Node, str] | None = None
    # DROPPED_FROM_THE_REGISTRY: the map field (`p.inflight`) the wakers find the object
    # in, and the methods that wake it; `stopper` is then the caller of the starter that
    # removes the object from that map on its way out, at `stopper_removal`.
    registry: str = ""
    wakers: tuple[str, ...] = ()
    stopper_removal: Node | None = None


def abandoned_cond_waiters(
    package: Package, file: SourceFile, go_statements: Iterable[Node]
) -> list[AbandonedCondWaiter]:
    out: list[AbandonedCondWaiter] = []
    for go in go_statements:
        literal = gosyntax.started_literal(go)
        body = literal.child_by_field_name("body") if literal is not None else None
        if body is None or b".Wait()" not in (body.text or b""):
            continue
        starter = gosyntax.enclosing_function(go)
        if starter is None or starter.type != "method_declaration":
            continue
        found = _judge(package, file, go, body, starter)
        if found is not None:
            out.append(found)
    return out


def _judge(
    package: Package, file: SourceFile, go: Node, body: Node, starter: Node
) -> AbandonedCondWaiter | None:
    recv = gosyntax.receiver_text(starter)
    owner = receiver_type_name(starter)
    if not recv or owner is None:
        return None
    waited = _waiting_loop(body, recv)
    if waited is None:
        return None
    loop, wait, cond_field, fields, condition = waited
    signalled = _signalled_channel(body, loop)
    if signalled is None:
        return None
    gives_up = _abandoning_case(starter, go, signalled)
    if gives_up is None:
        return None
    after_start = (starter.text or b"")[go.end_byte - starter.start_byte :]
    if wakes_pattern(cond_field, fields).search(after_start):
        return None  # WOKEN_BY_THE_STARTER: its give-up case wakes the goroutine itself
    stopping = stopping_method(package, owner)

    def waiter(stopper: Node, stopper_file: SourceFile, **rest: Any) -> AbandonedCondWaiter:
        return AbandonedCondWaiter(
            wait,
            f"{recv}.{cond_field}",
            tuple(f"{recv}.{f}" for f in sorted(fields)),
            go,
            gives_up,
            starter,
            stopper,
            stopper_file,
            condition,
            file,
            **rest,
        )

    if stopping is None:
        dropped = _dropped_from_registry(package, owner, starter, cond_field, fields)
        if dropped is None:
            return None
        caller, caller_file, removal, registry, wakers = dropped
        return waiter(
            caller, caller_file, registry=registry, wakers=wakers, stopper_removal=removal
        )
    _name, stopper, stopper_file = stopping
    if can_wake(package, owner, stopper, cond_field, fields):
        return None
    return waiter(stopper, stopper_file, stop_flag=_stop_flag(stopper))


def _waiting_loop(body: Node, recv: str) -> tuple[Node, Node, str, set[str], Node] | None:
    """(the `for`, its `r.f.Wait()` call, `f`, the receiver's fields its condition reads,
    the condition)."""
    for loop in gosyntax.walk(body):
        if loop.type != "for_statement":
            continue
        cond = next(
            (c for c in loop.named_children if c.type not in ("block", "comment", "for_clause")),
            None,
        )
        if cond is None or any(
            n.type == "call_expression" and gosyntax.callee_text(n) not in ("len", "cap")
            for n in gosyntax.walk(cond)
        ):
            continue  # PLAIN_CONDITION (`len(c.pending) > 0` reads a field too)
        fields = {
            gosyntax.text(gosyntax.field(n, "field"))
            for n in [cond, *gosyntax.walk(cond)]
            if n.type == "selector_expression"
            and gosyntax.text(gosyntax.field(n, "operand")) == recv
        }
        for call in gosyntax.walk(loop):
            if call.type != "call_expression" or gosyntax.call_arguments(call):
                continue
            parts = gosyntax.text(gosyntax.field(call, "function")).split(".")
            if len(parts) == 3 and parts[0] == recv and parts[2] == "Wait" and fields:
                return loop, call, parts[1], fields, cond
    return None


def _stop_flag(stopper: Node) -> tuple[Node, str] | None:
    """`r.f = true` among the stopping method's statements, with `f`."""
    recv = gosyntax.receiver_text(stopper)
    body = stopper.child_by_field_name("body")
    for stmt in gosyntax.walk(body) if body is not None and recv else ():
        assigned = gosyntax.sole_assignment(stmt)
        if assigned is None or gosyntax.text(assigned[1]) != "true":
            continue
        target = assigned[0]
        operand = (
            target.child_by_field_name("operand") if target.type == "selector_expression" else None
        )
        if operand is not None and gosyntax.text(operand) == recv:
            return stmt, gosyntax.text(gosyntax.field(target, "field"))
    return None


def _signalled_channel(body: Node, loop: Node) -> str | None:
    """CHANNEL_ADAPTER: the channel the goroutine closes (or sends on) after its loop."""
    for n in gosyntax.walk(body):
        if n.start_byte < loop.end_byte:
            continue
        if n.type == "call_expression" and gosyntax.callee_text(n) == "close":
            args = gosyntax.call_arguments(n)
            if len(args) == 1 and args[0].type == "identifier":
                return gosyntax.text(args[0])
        if n.type == "send_statement":
            channel = gosyntax.unparen(n.child_by_field_name("channel"))
            if channel is not None and channel.type == "identifier":
                return gosyntax.text(channel)
    return None


def _abandoning_case(starter: Node, go: Node, channel: str) -> Node | None:
    """The `return` of another case of the starter's select on `channel`."""
    body = starter.child_by_field_name("body")
    for select in gosyntax.walk(body) if body is not None else ():
        if select.type != "select_statement" or select.start_byte < go.end_byte:
            continue
        cases = gosyntax.select_cases(select)
        on_channel = [
            c
            for c in cases
            if (operand := gosyntax.received_operand(c)) is not None
            and gosyntax.text(operand) == channel
        ]
        if not on_channel:
            continue
        for c in cases:
            if c in on_channel or c.type != "communication_case":
                continue
            ret = next((s for s in gosyntax.statements(c) if s.type == "return_statement"), None)
            if ret is not None:
                return ret
    return None


def wakes_pattern(cond_field: str, fields: set[str]) -> re.Pattern[bytes]:
    """A `Signal`/`Broadcast` of the condition, or a store into a field the loop reads."""
    return re.compile(
        rb"\."
        + re.escape(cond_field.encode())
        + rb"\.(?:Signal|Broadcast)\(|\.(?:"
        + b"|".join(re.escape(f.encode()) for f in sorted(fields))
        + rb")\s*(?:=[^=]|\+\+|--|\+=|-=)|\bdelete\(\s*\w+\.(?:"
        + b"|".join(re.escape(f.encode()) for f in sorted(fields))
        + rb")\s*,"
    )


def _dropped_from_registry(
    package: Package, owner: str, starter: Node, cond_field: str, fields: set[str]
) -> tuple[Node, SourceFile, Node, str, tuple[str, ...]] | None:
    """DROPPED_FROM_THE_REGISTRY, for a type without a stopping method: the methods that
    can wake the wait (`ack`, `fail`: they broadcast, or change what the loop tests) are
    called only on an object looked up in a map field of the package (`t, ok :=
    p.inflight[id]; t.ack(pop)`), or on one handed to a function its caller runs, and
    joins, before the wait (JOINED_BEFORE_THE_WAIT: `p.deliver(ctx, t, ...)`, whose
    goroutines it waits for); and every caller of the starter removes the object from
    that map on its way out (`defer p.unregister(t.id)`, which deletes it). Once the
    starter gives up and its caller returns, nothing can find the object to wake it.
    (the caller, its file, its deferred removal, the map field, the waking methods), or
    None. Trade-off: a waker reached any other way (a walk over the map, a field, a
    channel) may still come, and the waiter is left alone."""
    methods = {gosyntax.function_name(m): (f, m) for f, m in package.methods_of_type(owner)}
    starter_name = gosyntax.function_name(starter) or ""
    wake = wakes_pattern(cond_field, fields)
    wakers = {
        n
        for n, (_f, m) in methods.items()
        if n and n != starter_name and wake.search(m.text or b"")
    }
    changed = True
    while changed and wakers:  # a method of the type calling a waker wakes too
        changed = False
        for n, (_f, m) in methods.items():
            if (
                n
                and n not in wakers
                and n != starter_name
                and re.search(
                    rb"\.(?:" + b"|".join(re.escape(w.encode()) for w in sorted(wakers)) + rb")\(",
                    m.text or b"",
                )
            ):
                wakers.add(n)
                changed = True
    if not wakers:
        return None
    own = {m for _f, m in methods.values()}
    registries: set[str] = set()
    joined: set[str] = set()
    mention = re.compile(
        rb"\.(" + b"|".join(re.escape(w.encode()) for w in sorted(wakers)) + rb")\("
    )
    for f in package.files:
        for found in mention.finditer(f.data):
            node = f.root.descendant_for_byte_range(found.start() + 1, found.end() - 1)
            sel = node.parent if node is not None else None
            if sel is None or sel.type != "selector_expression":
                continue
            decl = gosyntax.top_level(sel)
            if decl in own:
                continue  # the type's own methods: in the closure above
            holder = gosyntax.chain_root(sel.child_by_field_name("operand"))
            if holder is None or decl.type not in ("function_declaration", "method_declaration"):
                return None
            name = gosyntax.text(holder)
            registry = _looked_up_in(decl, name)
            if registry is not None:
                registries.add(registry)
            elif name in dict(gosyntax.parameters(decl)) and _joined(decl):
                joined.add(gosyntax.function_name(decl) or "")
            else:
                return None
    if not registries:
        return None
    callers = _callers(package, starter_name, own)
    if not callers:
        return None
    removal: tuple[Node, SourceFile, Node] | None = None
    for caller, caller_file in callers:
        if not all(_runs_before(caller, j, starter_name) for j in joined):
            return None
        removed = _deferred_removal(package, caller, registries)
        if removed is None:
            return None
        removal = removal or (caller, caller_file, removed)
    assert removal is not None
    return (
        removal[0],
        removal[1],
        removal[2],
        sorted(registries)[0],
        tuple(sorted(wakers)),
    )


def _looked_up_in(func: Node, name: str) -> str | None:
    """The map field (`p.inflight`) the function binds `name` from by a lookup (`t, ok :=
    p.inflight[id]`), else None."""
    for n in gosyntax.walk(func):
        if n.type not in ("short_var_declaration", "assignment_statement"):
            continue
        left = gosyntax.field(n, "left").named_children
        right = gosyntax.field(n, "right").named_children
        if not left or gosyntax.text(left[0]) != name or len(right) != 1:
            continue
        value = gosyntax.unparen(right[0])
        operand = value.child_by_field_name("operand") if value is not None else None
        if gosyntax.indexed_field(value) is not None and operand is not None:
            return gosyntax.text(operand)
    return None


def _joined(func: Node) -> bool:
    """JOINED_BEFORE_THE_WAIT's own half: the function starts no goroutine, or waits
    (`wg.Wait()`) after the last one it starts."""
    gos = gosyntax.descendants(func, "go_statement")
    if not gos:
        return True
    last = max(g.end_byte for g in gos)
    body = func.text or b""
    return body.find(b".Wait()", last - func.start_byte) >= 0


def _callers(package: Package, name: str, own: set[Node]) -> list[tuple[Node, SourceFile]]:
    """The functions of the package, other than the type's own methods, calling `.name(`."""
    out: list[tuple[Node, SourceFile]] = []
    pattern = re.compile(rb"\." + re.escape(name.encode()) + rb"\(")
    for f in package.files:
        for m in pattern.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start() + 1, m.end() - 1)
            decl = gosyntax.top_level(node) if node is not None else None
            if decl is None or decl in own or any(decl == c for c, _f in out):
                continue
            if decl.type not in ("function_declaration", "method_declaration"):
                continue
            out.append((decl, f))
    return out


def _runs_before(caller: Node, joined: str, starter: str) -> bool:
    """JOINED_BEFORE_THE_WAIT's other half: the caller calls `joined` before it calls the
    starter (by text: the first call of each)."""
    text = caller.text or b""
    first_joined = re.search(rb"\b" + re.escape(joined.encode()) + rb"\(", text)
    first_start = re.search(rb"\." + re.escape(starter.encode()) + rb"\(", text)
    return (
        first_joined is not None
        and first_start is not None
        and first_joined.start() < first_start.start()
    )


def _deferred_removal(package: Package, caller: Node, registries: set[str]) -> Node | None:
    """A `defer` of the caller that deletes from each registry map, itself (`defer
    delete(p.inflight, id)`) or through a function of the package (`defer
    p.unregister(t.id)`)."""
    for d in gosyntax.descendants(caller, "defer_statement"):
        call = d.named_children[0] if d.named_children else None
        if call is None or call.type != "call_expression":
            continue
        texts = [d.text or b""]
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if fn is not None and fn.type == "selector_expression":
            for _f, _t, m in package.methods_named(gosyntax.text(gosyntax.field(fn, "field"))):
                texts.append(m.text or b"")
        elif fn is not None and fn.type == "identifier":
            declared = package.unique_function(gosyntax.text(fn))
            if declared is not None:
                texts.append(declared.node.text or b"")
        if all(
            any(
                re.search(
                    rb"\bdelete\(\s*\w+\." + re.escape(r.rsplit(".", 1)[-1].encode()) + rb"\s*,",
                    x,
                )
                for x in texts
            )
            for r in registries
        ):
            return d
    return None


def can_wake(
    package: Package, owner: str, stopper: Node, cond_field: str, fields: set[str]
) -> bool:
    """CLOSE_CANNOT_WAKE's converse, read from the stopping method and the methods of the
    receiver it calls (a literal it runs, `once.Do(func() {...})`, is in its text): a
    `Signal`/`Broadcast` of the condition, or a store into a field the loop reads."""
    methods = {gosyntax.function_name(m): m for _f, m in package.methods_of_type(owner)}
    recv = gosyntax.receiver_text(stopper) or ""
    wake = wakes_pattern(cond_field, fields)
    called = re.compile(rb"\b" + re.escape(recv.encode()) + rb"\.(\w+)\(")
    seen: set[str] = set()
    queue = [stopper]
    while queue:
        m = queue.pop()
        text = m.text or b""
        if wake.search(text):
            return True
        for name in called.findall(text):
            callee = methods.get(name.decode())
            if callee is not None and name.decode() not in seen:
                seen.add(name.decode())
                queue.append(callee)
    return False
