"""SKIPPED_LIKE_THE_START: a stopping method's early return under a test the starting
method gives up under before its `go`.

```go
func (w *Watchdog) Start() {
        if w.running || w.timeout == 0 {
                return
        }
        go w.loop()
        ...
}

func (w *Watchdog) Stop() {
        if w.timeout == 0 {
                return // loop never ran
        }
        w.stop <- struct{}{}
        <-w.done
}
```

`Stop`'s return skips what the goroutine waits for, but it is taken only when `Start`
never started the goroutine: the same test of the receiver's state, one of the terms
`Start` returns on. Trade-off: a field changed between the start and the stop (the
timeout set after `Start` ran) is not looked for.
"""

from __future__ import annotations

from tree_sitter import Node

from goleash import gosyntax


def skipped_like_the_start(exit_node: Node, go_stmt: Node) -> bool:
    """Is `exit_node` (a `return` of the stopping method) in the body of an `if T`
    whose test T, read on the receiver, is a term of an `if ... || T || ... { return }`
    the starter passes before `go_stmt`?"""
    stopper = gosyntax.enclosing_function(exit_node)
    starter = gosyntax.enclosing_function(go_stmt)
    if stopper is None or starter is None:
        return False
    refusals = _refusals_before(go_stmt, starter)
    if not refusals:
        return False
    stop_recv = gosyntax.receiver_text(stopper)
    for a in gosyntax.ifs_guarding(exit_node, stopper):
        test = _receiver_test(a.child_by_field_name("condition"), stop_recv)
        if test is not None and test in refusals:
            return True
    return False


def _refusals_before(go_stmt: Node, starter: Node) -> set[str]:
    """The terms of the tests the starter returns on before the `go`, each read on its
    receiver (`$.timeout==0`), from `if` statements in the blocks around the `go`."""
    recv = gosyntax.receiver_text(starter)
    out: set[str] = set()
    node = go_stmt
    for block in gosyntax.ancestors(go_stmt, starter):
        if block.type in gosyntax.FUNCTION_TYPES:
            break
        if block.type not in ("block", "statement_list"):
            node = block
            continue
        for stmt in block.named_children:
            if stmt.start_byte >= node.start_byte:
                break
            if stmt.type != "if_statement" or stmt.child_by_field_name("alternative"):
                continue
            body = stmt.child_by_field_name("consequence")
            last = _last_statement(body)
            if last is None or last.type != "return_statement":
                continue
            for term in _disjuncts(stmt.child_by_field_name("condition")):
                read = _receiver_test(term, recv)
                if read is not None:
                    out.add(read)
        node = block
    return out


def _last_statement(body: Node | None) -> Node | None:
    statements = gosyntax.statements(body) if body is not None else []
    return statements[-1] if statements else None


def _disjuncts(cond: Node | None) -> list[Node]:
    cond = gosyntax.unparen(cond)
    if cond is None:
        return []
    if cond.type == "binary_expression" and gosyntax.field(cond, "operator").type == "||":
        return _disjuncts(cond.child_by_field_name("left")) + _disjuncts(
            cond.child_by_field_name("right")
        )
    return [cond]


def _receiver_test(term: Node | None, recv: str | None) -> str | None:
    """The test's text without spaces, its receiver written `$`, when it reads the
    receiver's fields and nothing else by name (`w.timeout == 0`, `!w.enabled`)."""
    term = gosyntax.unparen(term)
    if term is None or recv is None:
        return None
    names = [n for n in gosyntax.walk(term) if n.type == "identifier"]  # fields are not
    if term.type == "identifier" or not names or any(gosyntax.text(n) != recv for n in names):
        return None
    text = "".join(gosyntax.text(term).split())
    return text.replace(recv + ".", "$.")
