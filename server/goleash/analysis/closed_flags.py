"""Flags that remember a channel was seen closed, and the ways out they guard.

```go
var aDone, bDone bool
for {
        if aDone && bDone {
                return first // both channels were seen closed: their senders are done
        }
        select {
        case err, ok := <-a:
                aDone = !ok
                ...
        case err, ok := <-b:
                bDone = !ok
                ...
        }
}
```

A `return` that only a closed channel's flag lets through comes after the channel was
closed: its sender has finished (a `defer close(a)` ran), and no send on it can be left
waiting there (moby's port allocator tests, audit 21).

Heuristic CLOSED_FLAGS, a trade-off: the flag is a local of the function, declared
false (`var f bool`, `f := false`), and every other assignment to it is `f = !ok` for
the `ok` of a receive from that channel, or `f = true` inside `if !ok { ... }` after
such a receive; the way out is in the body of an `if` whose condition is the flag or
a conjunction (`&&`) holding it. A flag reset elsewhere, or set from another value,
guards nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


def exit_needs_closed(exit_stmt: Node, channel: str, func: Node) -> bool:
    """Is `exit_stmt` reached only once a flag of `func` says `channel` was closed?"""
    return any(
        _closed_flag(flag, channel, func)
        for cond in _guarding_conditions(exit_stmt, func)
        for flag in _conjuncts(cond)
    )


def _guarding_conditions(exit_stmt: Node, func: Node) -> Iterator[Node | None]:
    """The conditions of the `if`s whose body holds `exit_stmt`, innermost first, up to
    `func` (not past a function literal)."""
    for a in gosyntax.ancestors(exit_stmt, func):
        if a.type in gosyntax.FUNCTION_TYPES:
            return
        if a.type != "if_statement":
            continue
        consequence = a.child_by_field_name("consequence")
        if consequence is not None and gosyntax.is_within(exit_stmt, consequence):
            yield a.child_by_field_name("condition")


def _conjuncts(cond: Node | None) -> list[str]:
    """The bare identifiers `x && y && ...` requires true."""
    cond = gosyntax.unparen(cond)
    if cond is None:
        return []
    if cond.type == "identifier":
        return [gosyntax.text(cond)]
    if cond.type == "binary_expression" and gosyntax.text(gosyntax.field(cond, "operator")) == "&&":
        return _conjuncts(cond.child_by_field_name("left")) + _conjuncts(
            cond.child_by_field_name("right")
        )
    return []


def _closed_flag(flag: str, channel: str, func: Node) -> bool:
    body = func.child_by_field_name("body")
    if body is None:
        return False
    declared = set_closed = False
    for n in gosyntax.walk(body, skip_functions=False):
        if n.type != "identifier" or gosyntax.text(n) != flag:
            continue
        use = n.parent
        if use is None:
            return False
        if use.type == "var_spec":
            if use.child_by_field_name("value") is not None:
                return False
            declared = True
            continue
        if use.type != "expression_list" or use.parent is None:
            continue  # read, not written
        stmt = use.parent
        if stmt.type not in ("assignment_statement", "short_var_declaration"):
            continue  # read in a list (`return a, b`, a call's arguments)
        if use != stmt.child_by_field_name("left"):
            continue
        right = gosyntax.field(stmt, "right").named_children
        left = gosyntax.field(stmt, "left").named_children
        if stmt.type == "short_var_declaration":
            # `a, b := false, false`: each name with its own value.
            if len(left) != len(right) or right[left.index(n)].type != "false":
                return False
            declared = True
            continue
        if len(left) != 1 or len(right) != 1:
            return False
        value = right[0]
        if _not_ok_of(value, channel, stmt) or (
            value.type == "true" and _under_not_ok(stmt, channel)
        ):
            set_closed = True
        else:
            return False
    return declared and set_closed


def _not_ok_of(value: Node, channel: str, stmt: Node) -> bool:
    """`!ok`, for the `ok` of a receive from `channel` in the case or block around."""
    if value.type != "unary_expression" or gosyntax.text(gosyntax.field(value, "operator")) != "!":
        return False
    operand = gosyntax.unparen(value.child_by_field_name("operand"))
    return (
        operand is not None
        and operand.type == "identifier"
        and _received_ok(gosyntax.text(operand), channel, stmt)
    )


def _under_not_ok(stmt: Node, channel: str) -> bool:
    for a in gosyntax.ancestors(stmt):
        if a.type in gosyntax.FUNCTION_TYPES:
            return False
        if a.type == "if_statement":
            cond = gosyntax.unparen(a.child_by_field_name("condition"))
            if cond is not None and _not_ok_of(cond, channel, a):
                return True
    return False


def _received_ok(ok: str, channel: str, at: Node) -> bool:
    """Is `ok` the second name of `x, ok := <-channel` (or `=`), in the select case
    holding `at` or a statement before it in an enclosing block?"""
    for a in gosyntax.ancestors(at):
        if a.type in gosyntax.FUNCTION_TYPES:
            return False
        candidates: list[Node] = []
        if a.type == "communication_case":
            comm = a.child_by_field_name("communication")
            candidates = [comm] if comm is not None else []
        elif a.type in ("block", "statement_list"):
            candidates = [s for s in gosyntax.statements(a) if s.end_byte <= at.start_byte]
        for c in candidates:
            if _ok_receive(c, ok, channel):
                return True
    return False


def _ok_receive(stmt: Node, ok: str, channel: str) -> bool:
    if stmt.type not in ("receive_statement", "short_var_declaration", "assignment_statement"):
        return False
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    names = left.named_children if left is not None and left.type == "expression_list" else []
    if left is not None and left.type != "expression_list":
        names = [left]
    if len(names) != 2 or gosyntax.text(names[1]) != ok or right is None:
        return False
    value = gosyntax.unparen(
        right.named_children[0]
        if right.type == "expression_list" and right.named_children
        else right
    )
    if value is None or value.type != "unary_expression":
        return False
    if gosyntax.text(gosyntax.field(value, "operator")) != "<-":
        return False
    operand = gosyntax.unparen(value.child_by_field_name("operand"))
    return operand is not None and gosyntax.text(operand) == channel


def exit_after_flagged_close(
    exit_stmt: Node, func: Node, channel_field: str, package: Package
) -> bool:
    """CLOSED_BESIDE_ITS_FLAG: is `exit_stmt` under `if x.closed { ... }`, a bool field the
    package sets true only right beside `close(x.<channel_field>)`? Then the channel is
    closed on that way out (`offer` returning once `close()` ran, blind dev p318's fixed
    twin). Trade-off: a flag set beside the close but reset elsewhere to false is taken
    at its word; a reset by an assignment of another value makes it guard nothing."""
    for guard in _guarding_conditions(exit_stmt, func):
        for term in gosyntax.conjuncts(guard):
            cond = gosyntax.unparen(term)
            if cond is None or cond.type != "selector_expression":
                continue
            flag = gosyntax.text(gosyntax.field(cond, "field"))
            if package.derived(
                f"closed_flags.set_beside_close:{flag}:{channel_field}",
                functools.partial(_set_beside_its_close, flag, channel_field),
            ):
                return True
    return False


def _set_beside_its_close(flag: str, channel_field: str, files: list[SourceFile]) -> bool:
    """Every write of `x.flag` in `files` is `x.flag = true` in a block whose statements
    also close `x.channel_field` (composite literals, which start it false, aside)."""
    pattern = re.compile(rb"\." + re.escape(flag.encode()) + rb"\b")
    writes = 0
    for f in files:
        for m in pattern.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start() + 1, m.end())
            sel = node.parent if node is not None else None
            if sel is None or sel.type != "selector_expression":
                continue
            up = sel.parent
            stmt = up.parent if up is not None and up.type == "expression_list" else None
            if stmt is None or stmt.type not in ("assignment_statement", "short_var_declaration"):
                continue
            if stmt.child_by_field_name("left") != up:
                continue  # read
            left = gosyntax.field(stmt, "left").named_children
            right = gosyntax.field(stmt, "right").named_children
            if len(left) != 1 or len(right) != 1 or right[0].type != "true":
                return False
            holder = gosyntax.text(gosyntax.field(sel, "operand"))
            closing = f"close({holder}.{channel_field})".encode()
            block = stmt.parent
            if block is None or not any(
                (s.text or b"").replace(b" ", b"") == closing
                for s in gosyntax.statements(block)
                if s.type == "expression_statement"
            ):
                return False
            writes += 1
    return writes > 0
