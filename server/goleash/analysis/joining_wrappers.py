"""A function that returns only once every goroutine it started has ended.

```go
func visitAll(items []int, visit func(int)) {
        done := make(chan struct{})
        for _, it := range items {
                go func() {
                        visit(it)
                        done <- struct{}{}  // the goroutine's last word
                }()
        }
        for range items {
                <-done                      // heard once per goroutine
        }
}
```

A caller that hands `visit` a function literal knows, once `visitAll` has returned,
that the literal has run to its end in every goroutine: whatever it sent was received.

Heuristic JOINS_ITS_GOROUTINES, each condition a trade-off:
- every `go` statement of the function (in its nested literals too, but not inside the
  goroutines themselves) starts a function literal whose last top-level statement sends
  on a channel, or which defers `g.Done()` for a group `g`;
- the function itself, outside its goroutines, receives from each such channel inside
  a loop, and calls `g.Wait()` for each such group.
The loop's count is not checked against the goroutines: a wrapper that stops receiving
at the first failure is taken for one that hears them all. Its goroutines left sending
are that wrapper's own leak, reported there.
"""

from __future__ import annotations

from tree_sitter import Node

from goleash import gosyntax


def joins_its_goroutines(func: Node) -> bool:
    """JOINS_ITS_GOROUTINES: does `func` wait for every goroutine it starts?"""
    body = func.child_by_field_name("body")
    if body is None:
        return False
    signals: set[bytes] = set()
    groups: set[str] = set()
    starts = [g for g in gosyntax.descendants(body, "go_statement") if _own(g, body)]
    if not starts:
        return False
    for go in starts:
        literal = _started_literal(go)
        if literal is None:
            return False
        signal, group = _last_word(literal)
        if signal is None and group is None:
            return False
        if signal is not None:
            signals.add(signal)
        if group is not None:
            groups.add(group)
    return all(_heard_in_a_loop(body, s) for s in signals) and all(_waited(body, g) for g in groups)


def _own(node: Node, body: Node) -> bool:
    """Is `node` run by the function itself, not inside one of its goroutines?"""
    return not any(a.type == "go_statement" for a in gosyntax.ancestors(node, body))


def _started_literal(go: Node) -> Node | None:
    """The function literal `go func() {...}()` starts."""
    call = go.named_children[0] if go.named_children else None
    fn = call.child_by_field_name("function") if call is not None else None
    fn = gosyntax.unparen(fn)
    return fn if fn is not None and fn.type == "func_literal" else None


def _last_word(literal: Node) -> tuple[bytes | None, str | None]:
    """The channel a goroutine literal sends on as its last statement, and the group whose
    `Done` it defers."""
    stmts = gosyntax.statements(literal.child_by_field_name("body"))
    signal = None
    if stmts and stmts[-1].type == "send_statement":
        channel = gosyntax.unparen(stmts[-1].child_by_field_name("channel"))
        if channel is not None and channel.type == "identifier":
            signal = channel.text
    group = None
    for stmt in stmts:
        call = stmt.named_children[0] if stmt.type == "defer_statement" else None
        if call is not None and call.type == "call_expression":
            name = gosyntax.called_expression_text(call)
            if name.endswith(".Done") and not gosyntax.call_arguments(call):
                group = name.removesuffix(".Done")
    return signal, group


def _heard_in_a_loop(body: Node, signal: bytes) -> bool:
    for n in gosyntax.descendants(body, "unary_expression"):
        operand = gosyntax.receive_operand(n)
        if operand is not None and operand.text == signal and _own(n, body) and gosyntax.in_loop(n):
            return True
    return False


def _waited(body: Node, group: str) -> bool:
    return any(
        gosyntax.called_expression_text(n) == f"{group}.Wait" and _own(n, body)
        for n in gosyntax.descendants(body, "call_expression")
    )
