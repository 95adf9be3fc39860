"""A select case waiting on the caller's context: `case <-ctx.Done():` where `ctx` is a
plain name in a declaration that derives no context of its own (no `context.With...`).

Such a case ends only when whoever called in cancels; code in this package that neither
derives nor cancels a context cannot make it win (CALLER_CONTEXT_ONLY in liveness.py).
A context kept in a field (`s.ctx`) is left out: the type's own stop may cancel it.
"""

from __future__ import annotations

from tree_sitter import Node

from goleash import gosyntax


def caller_context_case(case: Node) -> bool:
    """Is this select case a receive from the `Done()` of a context named by a plain
    identifier, in a top-level declaration that derives no context?"""
    holder = gosyntax.done_holder(gosyntax.received_operand(case))
    if holder is None or holder.type != "identifier":
        return False
    return b"context.With" not in (gosyntax.top_level(case).text or b"")


def derived_on_one_branch_only(func: Node, use: Node | None = None) -> bool:
    """Heuristic DERIVED_ON_ONE_BRANCH: every context `func` derives rebinds one of its
    own context parameters in the body of an `if` with no `else` (`if c.timeout > 0 {
    ctx, cancel = context.WithTimeout(ctx, c.timeout); defer cancel() }`). When the
    condition is false the context handed on is the caller's, and nothing here ends it,
    as if `func` derived nothing. Trade-off: where the condition always holds in practice
    (a timeout every deployment sets) the goroutine it feeds is stopped after all; the
    leak is then one of the configuration the type allows, which is still a bug.

    With `use` (where the context is handed on), each such `if` must end before it: a
    producer started inside the `if` gets the derived context on every path."""
    body = func.child_by_field_name("body")
    if body is None:
        return False
    params = {name for name, _typ in gosyntax.parameters(func)}
    calls = _derivations(body)
    guards = [_rebinds_a_parameter_under_a_lone_if(c, params) for c in calls]
    return bool(guards) and all(
        g is not None and (use is None or g.end_byte <= use.start_byte) for g in guards
    )


def branch_deriving_context(func: Node) -> Node | None:
    """The `if` of a function whose one derivation of a context is on a branch
    (DERIVED_ON_ONE_BRANCH), for the finding to name; None when there are several or
    none."""
    body = func.child_by_field_name("body")
    calls = _derivations(body) if body is not None else []
    if len(calls) != 1:
        return None
    params = {name for name, _typ in gosyntax.parameters(func)}
    return _rebinds_a_parameter_under_a_lone_if(calls[0], params)


def _derivations(body: Node) -> list[Node]:
    return [
        n
        for n in gosyntax.walk(body, skip_functions=False)
        if n.type == "call_expression" and gosyntax.callee_text(n).startswith("context.With")
    ]


def _rebinds_a_parameter_under_a_lone_if(call: Node, params: set[str]) -> Node | None:
    """The `if` (without `else`) whose body holds `ctx, cancel = context.WithTimeout(ctx,
    d)` as one of its own statements, `ctx` a parameter of the function."""
    stmt = call.parent.parent if call.parent is not None else None
    if stmt is None or stmt.type != "assignment_statement":
        return None
    operator = stmt.child_by_field_name("operator")
    if operator is None or operator.type != "=":
        return None
    left = gosyntax.field(stmt, "left").named_children
    right = gosyntax.field(stmt, "right").named_children
    if len(right) != 1 or right[0] != call or not left or left[0].type != "identifier":
        return None
    name = gosyntax.text(left[0])
    parent = gosyntax.parent_context(call)
    if name not in params or parent is None or gosyntax.text(parent) != name:
        return None
    guard = gosyntax.if_of_body(stmt)
    if guard is None or guard.child_by_field_name("alternative") is not None:
        return None
    return guard
