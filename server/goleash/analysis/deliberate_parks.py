"""Blocking on purpose: the spelled-out forms of `select {}`.

DELIBERATE_PARK: some code blocks a goroutine for good on purpose: a tracer's or leak
detector's test parks goroutines to see them reported (runtime/trace's tests, etcd's
leak test), and gVisor parks a thread it cannot restore. It is written as
- `select {}` as all a goroutine does (after `runtime.Gosched()` or
  `runtime.LockOSThread()` at most), or
- an operation on a channel declared (`var c chan int`) or made (`c := make(chan T)`)
  by the statement just before it and used nowhere else.
Nothing can release such a channel, and nobody writes one meaning it to be released:
a channel meant to be served is handed to someone between its making and its use. Six
findings on Go's and Debian's sources were all of this kind. What it costs: nothing we
know of; an empty `select` after other work in a goroutine is still reported.
"""

from __future__ import annotations

from tree_sitter import Node

from goleash import gosyntax

# Calls a parking goroutine may make first: they only shape how it is scheduled.
_SCHEDULING_CALLS = frozenset({"runtime.Gosched", "runtime.LockOSThread"})


def parks_goroutine(select: Node, goroutine_body: Node | None) -> bool:
    """An empty `select {}` that is all the goroutine's body does."""
    if goroutine_body is None:
        return False
    stmts = gosyntax.statements(goroutine_body)
    if not stmts or stmts[-1].id != select.id:
        return False
    return all(_schedules_only(s) for s in stmts[:-1])


def parks_on_fresh_channel(op: Node) -> bool:
    """A send or receive on a channel declared or made by the statement right before
    the one holding it, and named nowhere else in the function."""
    stmt = _statement_of(op)
    channel = _channel_of(op)
    if stmt is None or channel is None or channel.type != "identifier":
        return False
    before = stmt.prev_named_sibling
    name = gosyntax.text(channel)
    if before is None or name not in _declared_names(before):
        return False
    func = gosyntax.enclosing_function(op)
    if func is None:
        return False
    uses = [i for i in gosyntax.descendants(func, "identifier") if gosyntax.text(i) == name]
    return len(uses) == 2  # its declaration and this operation


def _schedules_only(stmt: Node) -> bool:
    call = stmt.named_children[0] if stmt.type == "expression_statement" else None
    return (
        call is not None
        and call.type == "call_expression"
        and gosyntax.callee_text(call) in _SCHEDULING_CALLS
    )


def _statement_of(op: Node) -> Node | None:
    """The statement of the block (or case body) that holds `op`, `op` itself for a send."""
    node: Node | None = op
    while node is not None and not (
        node.parent is not None and node.parent.type in gosyntax.STATEMENT_CONTAINERS
    ):
        if node.type in gosyntax.FUNCTION_TYPES:
            return None
        node = node.parent
    return node


def _channel_of(op: Node) -> Node | None:
    if op.type == "send_statement":
        return gosyntax.unparen(op.child_by_field_name("channel"))
    if op.type == "unary_expression":
        return gosyntax.unparen(op.child_by_field_name("operand"))
    return None


def _declared_names(stmt: Node) -> set[str]:
    """The names a `var c chan T` or `c := make(chan T)` statement declares."""
    if stmt.type == "short_var_declaration":
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
        values = right.named_children if right is not None else []
        if len(values) != 1 or not gosyntax.text(values[0]).startswith("make("):
            return set()
        return {gosyntax.text(n) for n in (left.named_children if left is not None else [])}
    if stmt.type == "var_declaration":
        return {
            gosyntax.text(n)
            for spec in gosyntax.descendants(stmt, "var_spec")
            if spec.child_by_field_name("value") is None
            for n in spec.children_by_field_name("name")
        }
    return set()
