"""A goroutine that waits on the parent of the context its starter gives up on.

```go
func (s *Service) fanOut(ctx context.Context, q string) []Answer {
        qctx, cancel := context.WithTimeout(ctx, s.deadline)
        defer cancel()                          // ends qctx on every way out
        for _, sh := range s.shards {
                go func(sh Shard) {
                        a := sh.Ask(qctx, q)
                        select {
                        case answers <- a:
                        case <-ctx.Done():      // the caller's: still running after fanOut returns
                        }
                }(sh)
        }
        ...
        case <-qctx.Done():
                return got                      // the senders still running wait until ctx ends
```

The starter derives a child context and cancels it on every way out, so a goroutine
waiting on the child's `Done()` is released when the starter leaves. One waiting on the
parent's `Done()` is released only when the caller's context ends: for a background or
long-lived context, never.

Heuristic PARENT_BESIDE_CHILD, a trade-off: the goroutine is a function literal of the
starter that uses the child context itself (it was at hand) yet waits on the parent's
`Done()`, and the starter derives the child from that parent with `defer cancel()`. A
goroutine meant to outlive its starter (finishing work in the background until the
caller's context ends) and written this way is reported as lingering.
"""

from __future__ import annotations

from tree_sitter import Node

from goleash import gosyntax


def waits_on_outlived_parent(select: Node, case: Node) -> bool:
    """Are the select's cases other than `case` all receives from the `Done()` of a context
    that the enclosing starter outlives by a child (PARENT_BESIDE_CHILD)?"""
    others = [
        c for c in gosyntax.select_cases(select) if c.type == "communication_case" and c != case
    ]
    if not others:
        return False
    return all(outlived_parent_case(c) for c in others)


def outlived_parent_case(case: Node) -> bool:
    """Is this select case a receive from the `Done()` of a context that the goroutine's
    starter outlives by a child (PARENT_BESIDE_CHILD)?"""
    return child_instead(case) is not None


def child_instead(case: Node) -> tuple[str, str] | None:
    """(the parent the case waits on, the child the starter cancels) when the case is a
    receive from an outlived parent's `Done()` (PARENT_BESIDE_CHILD), else None."""
    holder = gosyntax.done_holder(gosyntax.received_operand(case))
    if holder is None or holder.type != "identifier":
        return None
    literal = gosyntax.enclosing_function(case)
    if literal is None or literal.type != "func_literal":
        return None
    parent = gosyntax.text(holder)
    child = _outlived_parents(literal).get(parent)
    return (parent, child) if child is not None else None


def _outlived_parents(literal: Node) -> dict[str, str]:
    """parent -> child for each `child, cancel := context.WithX(parent, ...); defer
    cancel()` in the function around `literal`, for children `literal` itself uses."""
    starter = gosyntax.enclosing_function(literal.parent) if literal.parent is not None else None
    if starter is None:
        return {}
    body = starter.child_by_field_name("body")
    if body is None or b"context.With" not in (body.text or b""):
        return {}
    used = {
        gosyntax.text(n)
        for n in gosyntax.walk(literal, skip_functions=False)
        if n.type == "identifier"
    }
    found: dict[str, str] = {}
    for node in gosyntax.walk(body):
        derived = gosyntax.derived_context(node, gosyntax.DERIVED_CONTEXTS)
        if derived is None:
            continue
        child, _cancel, call = derived
        parent = gosyntax.parent_context(call)
        child_name = gosyntax.text(child)
        if (
            parent is not None
            and parent.type == "identifier"
            # `ctx, cancel := context.WithCancel(ctx)` shadows the parent: `ctx` is the child
            and gosyntax.text(parent) != child_name
            and child_name in used
            and gosyntax.cancel_deferred(starter, child_name)
        ):
            found.setdefault(gosyntax.text(parent), child_name)
    return found
