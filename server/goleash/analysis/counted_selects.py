"""COUNTED_SELECT_DRAINS_EACH: a loop that turns once per expected value, each turn a
`select` over the channels of goroutines that send once each.

```go
recvErr := make(chan error)
go func() { recvErr <- recv() }()
sendErr := make(chan error)
go func() { sendErr <- send() }()
for i := 0; i < 2; i++ {
        select {
        case err := <-recvErr: ...
        case err := <-sendErr: ...
        }
}
return cause
```

Counted channel by channel, the loop may take `recvErr` zero, one or two times, so the
`return` after it seems to strand the sender. But the select cannot take a channel whose
only value was already taken: with as many turns as cases, and at most one value per
channel, every turn takes a different channel and every value is received.

Heuristic, a trade-off: the loop counts to a constant (`i := 0; i < K; i++`) equal to
the number of the select's cases, runs the select on every turn (directly in its body,
no `continue` of the loop, no `return`, `goto` or `break` of the loop in it) and the
select has no default case; every case receives from a
different local channel of the function, and each of those channels is sent on at most
once on any path, by statements in function literals of the function (`go func() {...}`)
outside loops (read from the syntax: the sends of an `if` and its `else` count once).
A channel handed elsewhere, sent on in a loop or by the function itself is not
followed, and the finding stays.
"""

from __future__ import annotations

import tree_sitter

from goleash import gosyntax
from goleash.analysis.send_counts import most_sends_per_path


def drains_each_once(func: tree_sitter.Node, select: tree_sitter.Node) -> bool:
    """Does the counted loop around `select` (in `func`) receive every value its
    channels' senders send (COUNTED_SELECT_DRAINS_EACH)?"""
    cases = gosyntax.select_cases(select)
    if any(c.type != "communication_case" for c in cases):
        return False  # a default case: a turn may take nothing
    channels: list[bytes] = []
    for case in cases:
        operand = gosyntax.received_operand(case)
        if operand is None or operand.type != "identifier":
            return False
        channels.append(operand.text or b"")
    if len(set(channels)) != len(channels):
        return False
    loops = gosyntax.loops_between(select, func)
    loop = loops[0] if loops else None
    if loop is None or _constant_turns(loop) != len(channels) or _leaves_early(loop):
        return False
    body_block = loop.child_by_field_name("body")
    if body_block is None or gosyntax.innermost_statement(select) != select:
        return False
    if not any(select.parent == b for b in (body_block, *body_block.named_children)):
        return False  # under an `if` or a `switch`: a turn may skip it
    body = func.child_by_field_name("body")
    if body is None:
        return False
    return all(_sent_at_most_once(body, name, select) for name in channels)


def _constant_turns(loop: tree_sitter.Node) -> int | None:
    """K of `for i := 0; i < K; i++` with K an integer literal."""
    clause = next((c for c in loop.named_children if c.type == "for_clause"), None)
    if clause is None:
        return None
    init = clause.child_by_field_name("initializer")
    cond = gosyntax.unparen(clause.child_by_field_name("condition"))
    update = clause.child_by_field_name("update")
    if init is None or cond is None or update is None:
        return None
    if init.type != "short_var_declaration" or update.type != "inc_statement":
        return None
    names = gosyntax.field(init, "left").named_children
    values = gosyntax.field(init, "right").named_children
    if len(names) != 1 or len(values) != 1 or values[0].text != b"0":
        return None
    if cond.type != "binary_expression" or gosyntax.field(cond, "operator").type != "<":
        return None
    left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
    if left is None or left.text != names[0].text or right is None or right.type != "int_literal":
        return None
    if update.named_children[0].text != names[0].text:
        return None
    try:
        return int(gosyntax.text(right))
    except ValueError:
        return None


def _leaves_early(loop: tree_sitter.Node) -> bool:
    """A `return`, `goto` or `break` of the loop itself inside it (a `break` in a select
    or switch case ends that statement only)."""
    body = loop.child_by_field_name("body")
    if body is None:
        return True
    for n in gosyntax.walk(body):
        if n.type in ("return_statement", "goto_statement"):
            return True
        if n.type == "continue_statement" and (n.named_child_count or _continues_the_loop(n, loop)):
            return True  # a turn that skips the select
        if n.type == "break_statement" and (n.named_child_count or _breaks_the_loop(n, loop)):
            return True  # a labelled break may name the loop
    return False


def _continues_the_loop(cont: tree_sitter.Node, loop: tree_sitter.Node) -> bool:
    at = cont.parent
    while at is not None and at != loop:
        if at.type == "for_statement":
            return False  # an inner loop's own continue
        at = at.parent
    return True


def _breaks_the_loop(brk: tree_sitter.Node, loop: tree_sitter.Node) -> bool:
    at = brk.parent
    while at is not None and at != loop:
        if at.type in ("select_statement", "expression_switch_statement", "type_switch_statement"):
            return False
        if at.type == "for_statement":
            return False
        at = at.parent
    return True


def _sent_at_most_once(body: tree_sitter.Node, name: bytes, select: tree_sitter.Node) -> bool:
    """Every use of the local channel `name` in `body` other than its receive in `select`
    is its `make`, or a send in a function literal outside loops; and no path of such a
    literal sends twice."""
    literals: list[tree_sitter.Node] = []
    for n in gosyntax.walk(body, skip_functions=False):
        if n.type != "identifier" or n.text != name:
            continue
        if gosyntax.is_within(n, select):
            continue
        up, child = gosyntax.parent_skipping_parens(n)
        if up is None:
            return False
        if up.type == "send_statement" and up.child_by_field_name("channel") == child:
            literal = _literal_of(up, body)
            if literal is None:
                return False  # the function sends itself: not a goroutine's one value
            if literal not in literals:
                literals.append(literal)
            continue
        if up.type == "expression_list" and up.parent is not None:
            statement = up.parent
            left = statement.child_by_field_name("left")
            if (
                statement.type == "short_var_declaration"
                and left is not None
                and gosyntax.is_within(n, left)
            ):
                continue  # its declaration (`ch := make(chan T)`)
        return False  # handed on, stored, closed, received elsewhere
    if len(literals) != 1:
        return False
    literal_body = literals[0].child_by_field_name("body")
    return literal_body is not None and most_sends_per_path(literal_body, name) <= 1


def _literal_of(node: tree_sitter.Node, body: tree_sitter.Node) -> tree_sitter.Node | None:
    """The function literal holding `node` that `body` starts once with `go func() {...}()`
    (not in a loop, not inside another literal), else None."""
    at = node.parent
    found = None
    while at is not None and at != body:
        if at.type in gosyntax.FUNCTION_TYPES:
            if found is not None:
                return None  # a literal inside a literal: may run any number of times
            found = at
        elif at.type == "for_statement" and found is not None:
            return None  # started once per turn of a loop
        at = at.parent
    if found is None:
        return None
    call = found.parent
    go = call.parent if call is not None and call.type == "call_expression" else None
    return found if go is not None and go.type == "go_statement" else None
