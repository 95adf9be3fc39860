"""A buffer counted by the same tests that start its senders.

```go
lanes := 0
if hasV4 {
        lanes++
}
if hasV6 {
        lanes++
}
lane := make(chan result, lanes)
if hasV4 {
        go func() { lane <- lookup(A) }()
}
if hasV6 {
        go func() { lane <- lookup(AAAA) }()
}
for l := 0; l < lanes; l++ {
        r := <-lane
        ...
}
```

The count and the goroutines follow the same tests, so `lanes` is the number of
goroutines started; each sends once into a buffer of that size (never blocked) and
the loop receives once per lane (never waits for a lane that was not started). The
counting model knows neither that `lanes` equals the goroutines nor that the loop's
bound is the buffer, and read apart they give a send blocked by a loop run zero
times and a receive no goroutine serves (wireguard-go's netstack resolver, copied
into sliver twice: six false findings in audit 17).

Heuristic COUNTED_LANES, a trade-off: the channel is made with a buffer of a local
counter declared `0` and changed only by `n++` statements, each alone in the body of
an `if` (no `else`) whose test REPEATED_TEST can read (a side-effect-free comparison
or flag on names the function never changes); every `go` statement of the function
that uses the channel is alone under an `if` of the same test, one per step; each
started literal sends on the channel once (one send, in no loop) and does nothing else
with it; every other use of the channel in the function is a receive that is a
statement of its own, directly in the body of a `for i := 0; i < n; i++` loop on the
counter. Another goroutine changing a tested field between the tests is taken not to.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.decided_flags import test_key, unchanging

if TYPE_CHECKING:
    from goleash.analysis.functions import Function
    from goleash.analysis.scopes import Var


def counted_lanes(root: Function, channel: Var, make: tree_sitter.Node) -> bool:
    """COUNTED_LANES (above): is `channel`, made by `make` in `root`, such a buffer?"""
    args = gosyntax.call_arguments(make)
    if len(args) != 2 or args[1].type != "identifier":
        return False
    counter = root.resolver.scopes.lookup(args[1])
    if counter is None or counter.kind != "local" or counter.func != root.node:
        return False
    steps = _step_tests(root, counter, make)
    if not steps:
        return False
    starts: list[str] = []
    for occurrence in channel.occurrences:
        if occurrence == channel.ident or gosyntax.is_within(occurrence, make):
            continue
        go = _go_statement_around(occurrence, root.node)
        if go is not None:
            key = _lone_test_around(go, root)
            if key is None or not _sends_once(go, occurrence, channel):
                return False
            starts.append(key)
        elif not _received_per_lane(occurrence, counter, root):
            return False
    return Counter(starts) == Counter(steps)


def _step_tests(root: Function, counter: Var, make: tree_sitter.Node) -> list[str]:
    """The tests the counter is stepped under (one per `n++`), when it starts at `0`, is
    stepped only before the make, and is otherwise only read; [] otherwise."""
    if len(counter.assignments) != 1 or counter.assignments[0][1] is None:
        return []
    if gosyntax.text(counter.assignments[0][1]) != "0":
        return []
    tests: list[str] = []
    for occurrence in counter.occurrences:
        if occurrence == counter.ident:
            continue
        parent = occurrence.parent
        if parent is not None and parent.type == "inc_statement":
            if occurrence.start_byte > make.start_byte:
                return []
            key = _lone_test_around(parent, root)
            if key is None:
                return []
            tests.append(key)
        elif parent is not None and parent.type in ("dec_statement", "unary_expression"):
            return []  # `n--`, `&n`
        elif occurrence in _assigned(parent):
            return []
    return tests


def _assigned(parent: tree_sitter.Node | None) -> list[tree_sitter.Node]:
    if parent is None:
        return []
    holder = parent.parent if parent.type == "expression_list" else parent
    if holder is None or holder.type != "assignment_statement":
        return []
    return list(gosyntax.field(holder, "left").named_children)


def _lone_test_around(stmt: tree_sitter.Node, root: Function) -> str | None:
    """The test of the `if` (no `else`, no initialiser) whose body is `stmt` alone,
    as REPEATED_TEST reads it (negation folded in); None for anything else."""
    if_stmt = gosyntax.if_of_body(stmt)
    if (
        if_stmt is None
        or if_stmt.child_by_field_name("alternative") is not None
        or if_stmt.child_by_field_name("initializer") is not None
        or len(gosyntax.statements(if_stmt.child_by_field_name("consequence"))) != 1
    ):
        return None
    cond = if_stmt.child_by_field_name("condition")
    bare = gosyntax.unparen(cond)
    if bare is not None and bare.type == "identifier":
        var = root.resolver.scopes.lookup(bare)
        return f"{gosyntax.text(bare)}!=false" if var is not None and unchanging(var) else None
    key = test_key(cond, root)
    if key is None:
        return None
    text, negated = key
    return f"!{text}" if negated else text


def _go_statement_around(node: tree_sitter.Node, func: tree_sitter.Node) -> tree_sitter.Node | None:
    """The `go` statement of `func` (not of a nested literal's) whose literal holds `node`."""
    found = None
    current = node.parent
    while current is not None and current != func:
        if current.type == "go_statement":
            found = current
        current = current.parent
    return found


def _sends_once(go: tree_sitter.Node, use: tree_sitter.Node, channel: Var) -> bool:
    """The started literal's one mention of the channel is a send outside any loop."""
    literal = gosyntax.started_literal(go)
    if literal is None:
        return False
    mentions = [
        n
        for n in gosyntax.walk(literal, skip_functions=False)
        if n.type == "identifier" and n.text == use.text
    ]
    send = use.parent
    return (
        mentions == [use]
        and send is not None
        and send.type == "send_statement"
        and send.child_by_field_name("channel") == use
        and not gosyntax.loops_between(send, literal)
    )


def _received_per_lane(use: tree_sitter.Node, counter: Var, root: Function) -> bool:
    """`<-ch` (alone, or the value of `x := <-ch` / `x = <-ch`), a statement directly in
    the body of `for i := 0; i < n; i++` on the counter `n`."""
    receive = use.parent
    if receive is None or receive.type != "unary_expression":
        return False
    stmt = receive.parent
    if stmt is not None and stmt.type == "expression_list":
        stmt = stmt.parent
    if stmt is None or stmt.type not in (
        "expression_statement",
        "short_var_declaration",
        "assignment_statement",
    ):
        return False
    if stmt.type != "expression_statement":
        right = gosyntax.field(stmt, "right").named_children
        if right != [receive]:
            return False
    body = stmt.parent
    if body is not None and body.type == "statement_list":
        body = body.parent
    loop = body.parent if body is not None else None
    if loop is None or loop.type != "for_statement":
        return False
    clause = next((c for c in loop.named_children if c.type == "for_clause"), None)
    if clause is None:
        return False
    condition = clause.child_by_field_name("condition")
    if condition is None or condition.type != "binary_expression":
        return False
    bound = gosyntax.unparen(condition.child_by_field_name("right"))
    init = clause.child_by_field_name("initializer")
    update = clause.child_by_field_name("update")
    return (
        gosyntax.field(condition, "operator").type == "<"
        and bound is not None
        and root.resolver.scopes.lookup(bound) is counter
        and init is not None
        and gosyntax.text(init).replace(" ", "").endswith(":=0")
        and update is not None
        and update.type == "inc_statement"
    )
