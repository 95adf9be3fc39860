"""A condition's waiters, and a method that changes what they wait for without waking them.

    for len(q.items) == 0 && !q.closed {
        q.ready.Wait()
    }
    ...
    func (q *Queue) Close() {
        q.mu.Lock()
        q.closed = true      // no q.ready.Broadcast(): the waiters sleep on
        q.mu.Unlock()
    }

A `Wait` in a loop re-checks its condition only when something wakes it. A method
that sets a flag the loop's condition reads, and neither signals nor broadcasts the
condition, leaves every goroutine already waiting asleep for good: the change they
wait for happened, and nobody told them.

Guards, each a trade-off:
- FLAG_SET: only an assignment to a flag of the receiver that the waiting loop's
  condition reads, of the value that ends the wait (`q.closed = true` for a loop on
  `!q.closed`): a flag set to end a wait. Setting it the other way, or other writes
  (`q.items = q.items[1:]`), only make the wait longer, which needs no wake-up.
- SIGNALLED_ANYWHERE_IN_METHOD: a method that calls `Signal` or `Broadcast` on the
  condition anywhere, or calls another method of the type that does, is trusted.
- The condition is a field of the receiver's type (`q.ready`), so its signals can be
  looked for by name in the package.

A method that sets such a flag and wakes the waiters with one `Signal` wakes one of
them: when the package starts several goroutines that wait in that loop on the same
object (`for i := 0; i < n; i++ { go f.worker() }`), the others sleep on (`lone_signals`).
Guards, each a trade-off:
- FLAG_SET, as above, and TERMINAL_FLAG: nothing in the package sets the flag back
  (`q.closed = false`): once set, no later change will come to wake the rest. A flag
  that goes back and forth (`paused`) is left alone, though a lost wake-up there is a
  bug too.
- SIGNAL_PER_WAITER: a `Signal` inside a loop (one per waiter) wakes them all.
- RELAYED: a waiter that passes the wake-up on (the waiting method, or a function on
  the way from the goroutine's start to it, signals or broadcasts the condition itself)
  wakes the next one. Any such call counts, whatever its reason.
- SEVERAL_WAITERS: the package starts goroutines that reach the waiting method on one
  object (`call_chains`: SAME_GOROUTINE, SAME_OBJECT): a `go` in a loop, the object
  declared outside it (`go f.worker()` with `f` made before the loop; not `for _, f :=
  range farms`), or two `go` statements on the same variable. Waiters that callers
  outside the package start (an exported `Pop`) are not counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.call_chains import Handle, carried, method_call_on, own_calls, reached_calls
from goleash.analysis.functions import Function, Functions
from goleash.analysis.index import receiver_type_name
from goleash.analysis.values import VarRef

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.analysis.scopes import Var
    from goleash.source import SourceFile


@dataclass(frozen=True)
class MissedWakeup:
    wait: Node  # the `q.ready.Wait()` call
    cond: str  # `q.ready`, as the waiter names it
    broadcast: str  # `q.ready.Broadcast()`, as the setting method names it
    flag: str  # `q.closed`
    setter: Node  # the assignment statement that sets the flag
    setter_method: Node  # its method declaration
    setter_file: SourceFile


def missed_wakeups(file: SourceFile, package: Package, waits: Iterable[Node]) -> list[MissedWakeup]:
    out: list[MissedWakeup] = []
    for call, cond_field, method, recv, type_name, flags in _flag_waits(waits):
        for f, m in _unwaking_methods(package, type_name, method, cond_field, "Signal|Broadcast"):
            setter = _flag_set(m, flags)
            if setter is not None:
                stmt, flag = setter
                broadcast = f"{gosyntax.receiver_text(m)}.{cond_field}.Broadcast()"
                out.append(MissedWakeup(call, f"{recv}.{cond_field}", broadcast, flag, stmt, m, f))
                break
    return out


def _flag_waits(
    waits: Iterable[Node],
) -> Iterator[tuple[Node, str, Node, str, str, dict[str, str]]]:
    """(the `Wait`, the condition's field, the waiting method, its receiver, its type, the
    receiver's flags the waiting loop's condition reads with the value that ends the
    wait) for each `recv.cond.Wait()` of a method that re-checks such flags in a loop."""
    for call in waits:
        found = _waiting_method(call)
        if found is None:
            continue
        cond_field, method, recv, type_name = found
        loop = _waiting_loop(call, method)
        if loop is None:
            continue
        flags = _flags_read(loop.child_by_field_name("condition") or _condition(loop), recv)
        if flags:
            yield call, cond_field, method, recv, type_name, flags


def _unwaking_methods(
    package: Package, type_name: str, waiter: Node, cond_field: str, wakes: str
) -> Iterator[tuple[SourceFile, Node]]:
    """The methods of the type but the waiting one that neither call `wakes` (`Signal|Broadcast`,
    or `Broadcast`) on the condition nor call a method that does
    (SIGNALLED_ANYWHERE_IN_METHOD)."""
    pattern = re.compile(
        rb"\." + re.escape(cond_field.encode()) + rb"\.(" + wakes.encode() + rb")\("
    )
    wakers = {
        gosyntax.function_name(m)
        for _f, m in package.methods_of_type(type_name)
        if pattern.search(m.text or b"")
    }
    for f, m in package.methods_of_type(type_name):
        if m != waiter and gosyntax.function_name(m) not in wakers and not _calls_any(m, wakers):
            yield f, m


def _waiting_loop(call: Node, method: Node) -> Node | None:
    """The `for` whose condition the `Wait` re-checks: the nearest loop around it."""
    for a in gosyntax.ancestors(call, method):
        if a.type in gosyntax.FUNCTION_TYPES:
            return None
        if a.type == "for_statement":
            return a
    return None


def _condition(loop: Node) -> Node | None:
    for c in loop.named_children:
        if c.type == "for_clause":
            return c.child_by_field_name("condition")
        if c.type not in ("block", "comment", "range_clause"):
            return c  # `for cond {`: the condition is the loop's first child
    return None


def _flags_read(cond: Node | None, recv: str) -> dict[str, str]:
    """Flags of the receiver the loop's condition reads, with the value that ends the wait:
    `!q.closed` waits while it is false, so setting it to "true" must wake the waiters;
    a bare `q.running` waits while it is true ("false" ends it)."""
    out: dict[str, str] = {}
    for n in [cond, *gosyntax.walk(cond)] if cond is not None else ():
        if n.type != "selector_expression":
            continue
        operand = n.child_by_field_name("operand")
        if operand is None or operand.type != "identifier" or gosyntax.text(operand) != recv:
            continue
        field = gosyntax.text(gosyntax.field(n, "field"))
        parent = n.parent
        while parent is not None and parent.type == "parenthesized_expression":
            parent = parent.parent
        ends = "false"
        if (
            parent is not None
            and parent.type == "unary_expression"
            and gosyntax.text(gosyntax.field(parent, "operator")) == "!"
        ):
            ends = "true"
        elif parent is not None and parent.type == "binary_expression":
            op = gosyntax.text(gosyntax.field(parent, "operator"))
            other = (
                parent.child_by_field_name("right")
                if parent.child_by_field_name("left") == n
                else parent.child_by_field_name("left")
            )
            literal = other.type if other is not None else ""
            if op in ("==", "!=") and literal in ("true", "false"):
                waits_while = literal if op == "==" else ("false" if literal == "true" else "true")
                ends = "false" if waits_while == "true" else "true"
            elif op not in ("&&", "||"):
                continue  # a number or a comparison with something else: not a flag
        out[field] = ends
    return out


def _calls_any(method: Node, names: set[str | None]) -> bool:
    recv = gosyntax.receiver_text(method)
    if not recv or not names:
        return False
    pattern = re.compile(
        rb"\b"
        + re.escape(recv.encode())
        + rb"\.("
        + b"|".join(re.escape(n.encode()) for n in names if n)
        + rb")\("
    )
    return bool(pattern.search(method.text or b""))


def _flag_set(method: Node, flags: dict[str, str]) -> tuple[Node, str] | None:
    """FLAG_SET: (the statement, `q.closed`) of the method's first assignment to a flag of
    the value that ends the wait."""
    recv = gosyntax.receiver_text(method)
    body = method.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None and recv else ():
        if n.type != "assignment_statement":
            continue
        left = gosyntax.field(n, "left").named_children
        right = gosyntax.field(n, "right").named_children
        if len(left) != 1 or len(right) != 1 or right[0].type not in ("true", "false"):
            continue
        target = left[0]
        if target.type != "selector_expression":
            continue
        operand = target.child_by_field_name("operand")
        field = gosyntax.text(gosyntax.field(target, "field"))
        if (
            operand is not None
            and gosyntax.text(operand) == recv
            and flags.get(field) == right[0].type
        ):
            return n, f"{recv}.{field}"
    return None


@dataclass(frozen=True)
class LoneSignal:
    wait: Node  # the `f.cond.Wait()` call
    cond: str  # `f.cond`, as the waiter names it
    flag: str  # `f.closed`, as the setting method names it
    setter: Node  # the flag's assignment
    setter_method: Node  # its method declaration
    signal: Node  # the setter's `Signal()` call
    setter_file: SourceFile
    start: Node  # a `go` statement starting one of the waiters
    start_file: SourceFile
    every_wait_loops: bool  # every `Wait` on the condition re-checks in a loop


def lone_signals(file: SourceFile, functions: Functions, waits: Iterable[Node]) -> list[LoneSignal]:
    """Flag-ending waits that one `Signal` ends for a single waiter of several."""
    package = functions.package
    out: list[LoneSignal] = []
    for call, cond_field, method, recv, type_name, flags in _flag_waits(waits):
        wakes = re.compile(rb"\." + re.escape(cond_field.encode()) + rb"\.(Signal|Broadcast)\(")
        if wakes.search(method.text or b""):
            continue  # RELAYED: the waiter itself passes the wake-up on
        for f, m in _unwaking_methods(package, type_name, method, cond_field, "Broadcast"):
            signal = _lone_signal(m, cond_field)
            setter = _flag_set(m, flags) if signal is not None else None
            if signal is None or setter is None or not _terminal(setter[1], flags, package.files):
                continue
            start = _several_waiters(functions, method, cond_field, wakes)
            if start is None:
                break
            out.append(
                LoneSignal(
                    call,
                    f"{recv}.{cond_field}",
                    setter[1],
                    setter[0],
                    m,
                    signal,
                    f,
                    start[0],
                    start[1],
                    _every_wait_loops(cond_field, package.files),
                )
            )
            break
    return out


def _waiting_method(call: Node) -> tuple[str, Node, str, str] | None:
    """(the condition's field, the method, its receiver, its type) for `recv.cond.Wait()`
    in a method of the receiver's type."""
    fn = call.child_by_field_name("function")
    cond = fn.child_by_field_name("operand") if fn is not None else None
    if cond is None or cond.type != "selector_expression":
        return None
    base = cond.child_by_field_name("operand")
    method = gosyntax.enclosing_function(call)
    if (
        base is None
        or base.type != "identifier"
        or method is None
        or method.type != "method_declaration"
    ):
        return None
    recv = gosyntax.receiver_text(method)
    type_name = receiver_type_name(method)
    if recv != gosyntax.text(base) or recv is None or type_name is None:
        return None
    return gosyntax.text(gosyntax.field(cond, "field")), method, recv, type_name


def _lone_signal(method: Node, cond_field: str) -> Node | None:
    """The method's `recv.cond.Signal()`, when it has one and it is not in a loop
    (SIGNAL_PER_WAITER)."""
    recv = gosyntax.receiver_text(method)
    found = None
    for call in own_calls(method):
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression" or gosyntax.call_arguments(call):
            continue
        operand = fn.child_by_field_name("operand")
        if (
            gosyntax.text(gosyntax.field(fn, "field")) != "Signal"
            or operand is None
            or gosyntax.text(operand) != f"{recv}.{cond_field}"
        ):
            continue
        if gosyntax.loops_between(call, method):
            return None
        found = found or call
    return found


def _terminal(flag: str, flags: dict[str, str], files: list[SourceFile]) -> bool:
    """TERMINAL_FLAG: nothing in the package sets the flag back to the value that waits."""
    field = flag.split(".")[-1]
    back = "false" if flags.get(field) == "true" else "true"
    reset = re.compile(rb"\." + re.escape(field.encode()) + rb"\s*=\s*" + back.encode() + rb"\b")
    return not any(reset.search(f.data) for f in files)


def _every_wait_loops(cond_field: str, files: list[SourceFile]) -> bool:
    """Does every `Wait` on a condition of that field name sit in a `for` of its function?"""
    pattern = re.compile(rb"\." + re.escape(cond_field.encode()) + rb"\.Wait\(\)")
    for f in files:
        for m in pattern.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start() + 1, m.start() + 2)
            func = gosyntax.enclosing_function(node) if node is not None else None
            if node is None or func is None or not gosyntax.loops_between(node, func):
                return False
    return True


def _several_waiters(
    functions: Functions, method: Node, cond_field: str, wakes: re.Pattern[bytes]
) -> tuple[Node, SourceFile] | None:
    """SEVERAL_WAITERS: a `go` statement of the package (in a loop, on an object declared
    outside it; or one of two on the same variable) whose goroutine reaches the waiting
    method on that object without signalling the condition on the way (RELAYED)."""
    per_variable: dict[tuple[str, int, int], list[Node]] = {}
    for f in functions.package.files:
        if b"go " not in f.data:
            continue
        for stmt in gosyntax.walk(f.root, skip_functions=False):
            if stmt.type != "go_statement" or not stmt.named_children:
                continue
            call = stmt.named_children[0]
            starter = functions.enclosing(stmt, f)
            started = functions.callee(call, starter) if starter is not None else None
            if call.type != "call_expression" or starter is None or started is None:
                continue
            for var in _objects_of(call, starter, started):
                h = carried(Handle(var, cond_field), call, starter, started)
                if h is None or not _reaches_waiter(functions, started, h, method, wakes):
                    continue
                loops = gosyntax.loops_between(stmt, starter.node)
                if loops and not gosyntax.is_within(var.ident, loops[-1]):
                    return stmt, f
                key = (f.path, starter.node.start_byte, var.ident.start_byte)
                per_variable.setdefault(key, []).append(stmt)
                if len(per_variable[key]) > 1:
                    return stmt, f
    return None


def _objects_of(call: Node, starter: Function, started: Function) -> list[Var]:
    """The variables of the starter a `go` statement's call may hand its goroutine: the
    method's operand and the arguments, or, for a literal, what it calls methods on."""
    exprs: list[Node | None] = []
    if started.node.type == "func_literal":
        for inner in own_calls(started.node):
            fn = inner.child_by_field_name("function")
            if fn is not None and fn.type == "selector_expression":
                exprs.append(fn.child_by_field_name("operand"))
    else:
        fn = call.child_by_field_name("function")
        if fn is not None and fn.type == "selector_expression":
            exprs.append(fn.child_by_field_name("operand"))
        exprs.extend(gosyntax.call_arguments(call))
    out: list[Var] = []
    for e in exprs:
        ref = starter.resolver.ref(e)
        if isinstance(ref, VarRef) and ref.var not in out:
            out.append(ref.var)
    return out


def _reaches_waiter(
    functions: Functions, started: Function, h: Handle, method: Node, wakes: re.Pattern[bytes]
) -> bool:
    """Does the goroutine run the waiting method on the object, with no function on the
    way signalling the condition (RELAYED)?"""
    if started.node == method:
        return True
    for r in reached_calls(functions, started, h):
        if not method_call_on(r.call, r.handle, r.func):
            continue
        callee = functions.callee(r.call, r.func)
        if callee is None or callee.node != method:
            continue
        on_the_way = [s.caller for s in r.chain] + [r.func]
        return not any(wakes.search(fn.node.text or b"") for fn in on_the_way)
    return False
