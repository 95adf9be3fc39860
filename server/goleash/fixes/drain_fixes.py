"""A consumer that gives up on a producer which closes its channel when it is done:
draining what is left lets the producer run to its end. Used when the producer is out
of reach of this file (a helper or a goroutine function declared in another file), so
no way out can be threaded into it; the drain is written where the consumer stops."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.fixes import layout, scope
from goleash.fixes.common import editable, guarded, make_fix
from goleash.model import Applicability, Fix, TextEdit

if TYPE_CHECKING:
    from goleash.rules.base import Context

_DRAIN = ["for range {name} {{", "}}"]


def _drain_lines(name: str) -> list[str]:
    return [line.format(name=name) for line in _DRAIN]


@guarded
def drain_after_range(ctx: Context, birth: Node | None) -> Fix | None:
    """`for v := range lines(r) { ... return ... }` -> the channel in a variable, and a
    deferred loop that drains it when the function returns.

    Unsafe: the function now waits, when it returns, for the producer to finish."""
    clause = birth.parent if birth is not None else None
    if (
        birth is None
        or clause is None
        or clause.type != "range_clause"
        or clause.child_by_field_name("right") != birth
    ):
        return None
    loop = clause.parent
    func = gosyntax.enclosing_function(loop) if loop is not None else None
    body = func.child_by_field_name("body") if func is not None else None
    if (
        loop is None
        or func is None
        or body is None
        or not editable(ctx, loop)
        or not layout.is_statement(loop)
        or gosyntax.loops_between(loop, body)
    ):
        return None
    if "\n" in ctx.file.text(birth):
        return None
    if birth.type == "identifier":
        name, before = gosyntax.text(birth), []
        replace = None
    else:
        name = scope.fresh_name(func, loop, ("rest", "pending", "queue"))
        before = [f"{name} := {ctx.file.text(birth)}"]
        replace = TextEdit(birth.start_byte, birth.end_byte, name)
    lines = before + ["defer func() {", *("\t" + ln for ln in _drain_lines(name)), "}()"]
    insert = layout.insert_before_statement(ctx.file, loop, lines)
    if insert is None:
        return None
    edits = [insert] + ([replace] if replace is not None else [])
    return make_fix(
        f"Drain `{name}` when `{gosyntax.function_name(func)}` returns, so its producer can finish",
        edits,
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def drain_after_consumer(ctx: Context, start: Node, name: str) -> Fix | None:
    """`go consume(ctx, ch)` -> `go func() { consume(ctx, ch); for range ch {} }()`: once
    the consumer gives up, the rest is drained so the producer can finish.

    Unsafe: the goroutine now lives until the producer is done."""
    go: Node | None = start
    while go is not None and go.type != "go_statement":
        go = go.parent
    call = go.named_children[0] if go is not None and go.named_children else None
    if (
        go is None
        or call is None
        or call.type != "call_expression"
        or not editable(ctx, go)
        or not layout.is_statement(go)
    ):
        return None
    fn = call.child_by_field_name("function")
    if fn is None or fn.type == "func_literal" or "\n" in ctx.file.text(call):
        return None
    if not any(gosyntax.text(a).replace(" ", "") == name for a in gosyntax.call_arguments(call)):
        return None
    if layout.rest_of_line(ctx.file, go).strip():
        return None
    lines = [
        "go func() {",
        f"\t{ctx.file.text(call)}",
        *("\t" + ln for ln in _drain_lines(name)),
        "}()",
    ]
    edit = layout.replace_statement(ctx.file, go, lines)
    if edit is None:
        return None
    return make_fix(
        f"Drain `{name}` once `{ctx.file.text(fn)}` returns, so its producer can finish",
        [edit],
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def drain_after_close(ctx: Context, close_call: Node, name: str) -> Fix | None:
    """`close(trigger)` where the consumer gives up -> `close(trigger)` then `for range
    done {}`: the producer ranging over `trigger` finishes the iteration under way, sends
    its last values on `done` and closes it (offered only when it closes `done` on every
    path).

    Unsafe: the consumer now waits for the producer's iteration under way to end."""
    stmt = close_call.parent
    if (
        stmt is None
        or stmt.type != "expression_statement"
        or not editable(ctx, stmt)
        or not layout.is_statement(stmt)
    ):
        return None
    insert = layout.insert_after_statement(ctx.file, stmt, _drain_lines(name))
    if insert is None:
        return None
    closed = gosyntax.text(gosyntax.call_arguments(close_call)[0])
    return make_fix(
        f"Drain `{name}` after closing `{closed}`, so the producer can finish its last run",
        [insert],
        Applicability.UNSAFE,
        file=ctx.file,
    )
