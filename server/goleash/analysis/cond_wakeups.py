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
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.index import receiver_type_name

if TYPE_CHECKING:
    from goleash.analysis.package import Package
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
    for call in waits:
        fn = call.child_by_field_name("function")
        cond = fn.child_by_field_name("operand") if fn is not None else None
        if cond is None or cond.type != "selector_expression":
            continue
        base = cond.child_by_field_name("operand")
        cond_field = gosyntax.text(gosyntax.field(cond, "field"))
        method = gosyntax.enclosing_function(call)
        if (
            base is None
            or base.type != "identifier"
            or method is None
            or method.type != "method_declaration"
        ):
            continue
        recv = gosyntax.receiver_text(method)
        type_name = receiver_type_name(method)
        if recv != gosyntax.text(base) or type_name is None:
            continue
        loop = _waiting_loop(call, method)
        if loop is None:
            continue
        flags = _flags_read(loop.child_by_field_name("condition") or _condition(loop), recv)
        if not flags:
            continue
        signals = re.compile(rb"\." + re.escape(cond_field.encode()) + rb"\.(Signal|Broadcast)\(")
        signallers = {
            gosyntax.function_name(m)
            for f, m in package.methods_of_type(type_name)
            if signals.search(m.text or b"")
        }
        for f, m in package.methods_of_type(type_name):
            if m == method or gosyntax.function_name(m) in signallers or _calls_any(m, signallers):
                continue
            setter = _flag_set(m, flags)
            if setter is not None:
                stmt, flag = setter
                broadcast = f"{gosyntax.receiver_text(m)}.{cond_field}.Broadcast()"
                out.append(MissedWakeup(call, f"{recv}.{cond_field}", broadcast, flag, stmt, m, f))
                break
    return out


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
