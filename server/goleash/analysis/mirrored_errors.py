"""An error the goroutine reports and then quits on, tested by the root the same way.

```go
go func() {
        handle, err := acquire()
        errCh <- err
        if err != nil {
                return          // the goroutine is gone
        }
        <-release               // reached only once err was nil
}()
if err := <-errCh; err != nil {
        return nil, err         // never closes release: but the goroutine has returned
}
```

A way out of the root taken because the error it received is not nil is a path on
which the goroutine sent that same error and then returned on the same test: it never
reached the wait the root leaves unserved.

Heuristic MIRRORED_ERROR, each condition a trade-off:
- the root's way out is inside `if err != nil` (no `else` in between), `err` received
  from a channel in that `if`'s own initializer, the statement just before it, or the
  select case around it;
- the goroutine sends on that channel once, by name, and that send is the root's only
  one; it sends a variable it then tests with `if v != nil { ... return }` in the same
  block, and the blocked operation comes after that test in the same block.
A value sent on by another variable holding the same channel is not seen.
"""

from __future__ import annotations

import tree_sitter

from goleash import gosyntax


def quit_on_the_reported_error(
    exit_node: tree_sitter.Node,
    root: tree_sitter.Node,
    goroutine: tree_sitter.Node,
    op: tree_sitter.Node,
) -> bool:
    """MIRRORED_ERROR (module doc): does the root leave at `exit_node` only because the
    goroutine (the function node `goroutine`) reported an error it quit on before
    reaching `op`?"""
    received = _tested_error_channel(exit_node, root)
    if received is None:
        return False
    channel, _err = received
    body = goroutine.child_by_field_name("body")
    if body is None or not gosyntax.is_within(op, body):
        return False
    sends = [
        n
        for n in gosyntax.descendants(root, "send_statement")
        if gosyntax.text(gosyntax.field(n, "channel")) == channel
    ]
    if len(sends) != 1 or not gosyntax.is_within(sends[0], body):
        return False
    send = sends[0]
    value = gosyntax.unparen(send.child_by_field_name("value"))
    if value is None or value.type != "identifier":
        return False
    block = send.parent
    if block is None:
        return False
    later = [s for s in block.named_children if s.start_byte > send.end_byte]
    for stmt in later:
        if stmt.start_byte <= op.start_byte < stmt.end_byte:
            return False  # the operation comes before any test of the sent value
        if stmt.type == "if_statement" and _quits_unless_nil(stmt, gosyntax.text(value)):
            return op.start_byte >= stmt.end_byte and op.start_byte < block.end_byte
    return False


def _tested_error_channel(
    exit_node: tree_sitter.Node, root: tree_sitter.Node
) -> tuple[str, str] | None:
    """(channel, variable) when the way out sits under `if err != nil` on an `err`
    received from `channel` right there."""
    for a in gosyntax.ancestors(exit_node, root):
        if a.type in ("func_literal", "for_statement"):
            return None
        if a.type != "if_statement":
            continue
        consequence = a.child_by_field_name("consequence")
        if consequence is None or not gosyntax.is_within(exit_node, consequence):
            return None  # the way out is in an `else`: the error was nil there
        name = gosyntax.non_nil_tested(a.child_by_field_name("condition"))
        if name is None:
            return None
        channel = _received_into(a, name)
        return (channel, name) if channel is not None else None
    return None


def _received_into(if_stmt: tree_sitter.Node, name: str) -> str | None:
    """The channel `name` is received from in the `if`'s initializer, the statement
    before it, or the select case holding it."""
    candidates = [if_stmt.child_by_field_name("initializer"), if_stmt.prev_named_sibling]
    parent = if_stmt.parent
    if parent is not None and parent.type == "communication_case":
        candidates.append(parent.child_by_field_name("communication"))
    for stmt in candidates:
        if stmt is None or stmt.type not in (
            "short_var_declaration",
            "assignment_statement",
            "receive_statement",
        ):
            continue
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
        names = [gosyntax.text(n) for n in left.named_children] if left is not None else []
        if names[:1] != [name] or right is None:
            continue
        value = gosyntax.unparen(
            right.named_children[0] if right.type == "expression_list" else right
        )
        if value is None or value.type != "unary_expression":
            continue
        if gosyntax.field(value, "operator").type != "<-":
            continue
        operand = gosyntax.unparen(value.child_by_field_name("operand"))
        if operand is not None and operand.type == "identifier":
            return gosyntax.text(operand)
    return None


def _quits_unless_nil(if_stmt: tree_sitter.Node, name: str) -> bool:
    """`if name != nil { ...; return }` with no `else`."""
    if if_stmt.child_by_field_name("alternative") is not None:
        return False
    if gosyntax.non_nil_tested(if_stmt.child_by_field_name("condition")) != name:
        return False
    statements = gosyntax.statements(if_stmt.child_by_field_name("consequence"))
    return bool(statements) and statements[-1].type == "return_statement"
