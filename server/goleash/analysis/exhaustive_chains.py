"""The implicit `else` of an `if`/`else if` chain that an earlier return rules out.

```go
if diff == 0 {
        return nil
}
wg.Add(n)
if diff > 0 {
        ... // n goroutines, each calling wg.Done()
} else if diff < 0 {
        ... // n goroutines, each calling wg.Done()
}
wg.Wait()
```

A chain testing `x > c` and `x < c` leaves only `x == c` to its implicit `else`; when
the function has already returned for `x == c` (an earlier `if x == c { return ... }`
whose body always leaves, in a block around the chain), and nothing assigns `x` in
between, no path goes through that `else`.

Heuristic EXHAUSTIVE_ELSE_IF, each condition a trade-off:
- `x` is a plain name and `c` the same text on both sides (a constant, a name, a
  literal): comparisons written the other way round (`c < x`) are not read;
- the earlier test is `x == c` (or `c == x`) with no `else`, whose block ends in a
  `return` or a `panic(...)`;
- no assignment to `x` (`=`, `:=`, `++`, `--`, op-assign, `&x`) stands between the
  two in the text of the function: one there keeps the `else` possible;
- for an integer `x`; a float's NaN, for which all three tests fail, is not thought of;
- chains of at most CHAIN_ARMS arms (each read once from its last arm upwards).
"""

from __future__ import annotations

import re

from tree_sitter import Node

from goleash import gosyntax

CHAIN_ARMS = 8


def implicit_else_ruled_out(if_stmt: Node, func: Node) -> bool:
    """EXHAUSTIVE_ELSE_IF: the not-taken arm of `if_stmt`, the last of its chain with no
    `else` of its own, cannot run."""
    if if_stmt.child_by_field_name("alternative") is not None:
        return False
    test = _comparison(if_stmt.child_by_field_name("condition"))
    if test is None or test[1] == "==":
        return False  # the cheap test first: most chains end on something else
    tests: set[tuple[str, str, str]] = {test}
    head = if_stmt
    # CHAIN_ARMS: the chain read upwards at most this many arms (two tests cover it;
    # more arms repeat one), so that asking of a chain of thousands costs little.
    for _ in range(CHAIN_ARMS):
        parent = head.parent
        if parent is None or parent.type != "if_statement":
            break
        if parent.child_by_field_name("alternative") != head:
            break
        head = parent
        test = _comparison(head.child_by_field_name("condition"))
        if test is None or test[1] == "==":
            return False
        tests.add(test)
    else:
        return False
    names = {(x, c) for x, _op, c in tests}
    if len(names) != 1:
        return False
    (x, c) = next(iter(names))
    if {op for _x, op, _c in tests} != {">", "<"}:
        return False
    earlier = _earlier_exit_on_equal(head, func, x, c)
    if earlier is None:
        return False
    between = (earlier.end_byte, head.start_byte)
    return not _assigned_between(func, x, between)


def _comparison(cond: Node | None) -> tuple[str, str, str] | None:
    """(x, op, c) for `x > c`, `x < c` or `x == c` with `x` a name."""
    cond = gosyntax.unparen(cond)
    if cond is None or cond.type != "binary_expression":
        return None
    op = gosyntax.field(cond, "operator").type
    left = gosyntax.unparen(cond.child_by_field_name("left"))
    right = gosyntax.unparen(cond.child_by_field_name("right"))
    if op not in (">", "<", "==") or left is None or right is None:
        return None
    if left.type != "identifier":
        if op == "==" and right.type == "identifier":
            left, right = right, left
        else:
            return None
    return gosyntax.text(left), op, gosyntax.text(right).replace(" ", "")


def _earlier_exit_on_equal(head: Node, func: Node, x: str, c: str) -> Node | None:
    """An `if x == c { ...; return }` run before `head` on its way, within `func`."""
    return next(
        (
            before
            for before in gosyntax.statements_before(head, func)
            if before.type == "if_statement" and _exits_on_equal(before, x, c)
        ),
        None,
    )


def _exits_on_equal(if_stmt: Node, x: str, c: str) -> bool:
    if if_stmt.child_by_field_name("alternative") is not None:
        return False
    if if_stmt.child_by_field_name("initializer") is not None:
        return False
    if _comparison(if_stmt.child_by_field_name("condition")) != (x, "==", c):
        return False
    stmts = gosyntax.statements(if_stmt.child_by_field_name("consequence"))
    last = stmts[-1] if stmts else None
    if last is None:
        return False
    if last.type == "return_statement":
        return True
    call = last.named_children[0] if last.type == "expression_statement" else None
    return (
        call is not None
        and call.type == "call_expression"
        and gosyntax.callee_text(call) == "panic"
    )


def _assigned_between(func: Node, x: str, span: tuple[int, int]) -> bool:
    """Is `x` assigned, stepped or addressed in the function's text within `span`?"""
    start, end = span
    base = func.start_byte
    text = (func.text or b"")[start - base : end - base]
    name = re.escape(x.encode())
    assigned = re.compile(
        rb"(?<![\w.])" + name + rb"\s*(?:[-+*/%&|^]|<<|>>|&\^)?:?=(?!=)"
        rb"|(?<![\w.])" + name + rb"\s*(?:\+\+|--)"
        rb"|&\s*" + name + rb"\b"
        rb"|(?<![\w.])" + name + rb"\s*,[\w\s,.]*:?=(?!=)"
        rb"|,\s*" + name + rb"\s*(?:,[\w\s,.]*)?:?=(?!=)"
    )
    return assigned.search(text) is not None
