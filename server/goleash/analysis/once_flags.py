"""ONCE_BY_FLAG: an operation in a loop that a flag lets run at most once.

    got := false
    for v := range in {
        if got { continue }     // or: if !got { got = true; first <- v }
        got = true
        first <- v
    }

The flag is set just before the operation and never cleared in the loop, and the
operation is skipped once it is set: however many turns the loop makes, the operation
runs at most once. Trade-off: the flag is matched by name; a flag cleared through a
pointer or a closure is not seen.
"""

from __future__ import annotations

from tree_sitter import Node

from goleash import gosyntax

_LEAVES = frozenset({"continue_statement", "break_statement", "return_statement"})


def runs_once_by_flag(op: Node) -> bool:
    """Does a flag let the statement holding `op` run at most once in its loop?"""
    stmt = gosyntax.innermost_statement(op)
    loops = gosyntax.loops_between(op, None)
    if stmt is None or not loops:
        return False
    loop = loops[0]
    for flag in _set_just_before(stmt):
        if _cleared_in(loop, flag):
            continue
        if _inside_unset_test(stmt, loop, flag) or _skipped_when_set(stmt, loop, flag):
            return True
    return False


def _set_just_before(stmt: Node) -> list[bytes]:
    """Names `x` of the `x = true` statements before `stmt` in its block."""
    out = []
    prev = stmt.prev_named_sibling
    while prev is not None:
        flag = gosyntax.assigned_true(prev)
        if flag is not None:
            out.append(flag)
        prev = prev.prev_named_sibling
    return out


def _cleared_in(loop: Node, flag: bytes) -> bool:
    """Is the flag set to anything but true inside the loop?"""
    for n in gosyntax.walk(loop, skip_functions=False):
        if n.type != "assignment_statement" and n.type != "short_var_declaration":
            continue
        left = n.child_by_field_name("left")
        if left is None or not any(t.text == flag for t in left.named_children):
            continue
        if gosyntax.assigned_true(n) != flag:
            return True
    return False


def _negates(cond: Node | None, flag: bytes) -> bool:
    """Is `!flag` the condition, or one of the terms of a chain of `&&`?"""
    return any(
        (name := gosyntax.negated_identifier(term)) is not None and name.text == flag
        for term in gosyntax.conjuncts(cond)
    )


def _inside_unset_test(stmt: Node, loop: Node, flag: bytes) -> bool:
    """`if !flag { flag = true; op }`: the statement is in the consequence of such an if."""
    for a in gosyntax.ancestors(stmt, loop):
        if a.type == "if_statement" and _negates(a.child_by_field_name("condition"), flag):
            cons = a.child_by_field_name("consequence")
            return cons is not None and gosyntax.is_within(stmt, cons)
    return False


def _skipped_when_set(stmt: Node, loop: Node, flag: bytes) -> bool:
    """`if flag { continue }` earlier in the loop's body, on the way to the statement."""
    body = loop.child_by_field_name("body")
    if body is None:
        return False
    for s in gosyntax.statements(body):
        if s.start_byte >= stmt.start_byte:
            return False
        cond = (
            gosyntax.unparen(s.child_by_field_name("condition"))
            if s.type == "if_statement"
            else None
        )
        if cond is not None and cond.text == flag and s.child_by_field_name("alternative") is None:
            branch = gosyntax.statements(s.child_by_field_name("consequence"))
            if branch and branch[-1].type in _LEAVES:
                return True
    return False
