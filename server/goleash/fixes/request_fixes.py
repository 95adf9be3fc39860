"""Answering a request that its server drops, on the path that drops it, the way the
server answers the others: a send on the request's reply channel, or its `close`; or,
for a reply awaited by key, the registry's delivery of the request's key."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.fixes import gotypes, layout
from goleash.fixes.common import editable, guarded, make_fix
from goleash.fixes.scope import fresh_name
from goleash.model import Applicability, Fix

if TYPE_CHECKING:
    from goleash.analysis.unanswered_requests import AnswerFacts
    from goleash.rules.base import Context

# ERR_GUARDED_DROP: a drop inside `if err != nil { ... }` (the `if` holding it, or its
# initializer) answers with that `err`: the requester learns why. Elsewhere the answer
# is the reply type's zero value, which the requester must tell from a real one.
_ERR_CHECK = re.compile(r"\berr\s*!=\s*nil\b")


@guarded
def answer_dropped_request(ctx: Context, drop: Node | None, facts: AnswerFacts) -> Fix | None:
    """Before the `return` (or `continue`) that drops the request, answer it: `req.reply
    <- result{err: err}`, `close(req.done)`, or the same for each request of a batch
    (`for _, r := range batch { ... }`).

    Unsafe: the requester now gets an answer it must handle (an error, or a zero
    value), where it used to wait."""
    if drop is None or not editable(ctx, drop) or not layout.is_statement(drop):
        return None
    func = gosyntax.enclosing_function(drop)
    err = "err" if _err_guarded(drop) else None
    elem = fresh_name(func, drop, ("r", "req", "pending")) if facts.batch else facts.request
    target = f"{elem}.{facts.served}" if facts.served else elem
    lines: list[str] = []
    if facts.how == "close":
        if err and facts.request_error_field and facts.served:
            lines.append(f"{elem}.{facts.request_error_field} = {err}")
        lines.append(f"close({target})")
    else:
        value = _reply_value(ctx, facts, err, func)
        if value is None:
            return None
        lines.append(f"{target} <- {value}")
    if facts.batch:
        lines = [f"for _, {elem} := range {facts.request} {{", *(f"\t{ln}" for ln in lines), "}"]
    edit = layout.insert_before_statement(ctx.file, drop, lines)
    if edit is None:
        return None
    what = "each request of the batch" if facts.batch else "the request"
    word = "return" if drop.type == "return_statement" else "continue"
    return make_fix(
        f"Answer {what} before the `{word}` at line {gosyntax.line_of(drop)}",
        [edit],
        Applicability.UNSAFE,
        file=ctx.file,
    )


def _reply_value(
    ctx: Context, facts: AnswerFacts, err: str | None, func: Node | None
) -> str | None:
    reply = facts.reply_type
    if reply is None:
        return None
    text = gosyntax.text(reply)
    if err and text == "error":
        return err
    if err and facts.reply_error_field and reply.type == "type_identifier":
        return f"{text}{{{facts.reply_error_field}: {err}}}"
    return gotypes.zero_value(reply, getattr(ctx, "package", None), func)


def _err_guarded(stmt: Node) -> bool:
    """Does the statement sit in the body of an `if` whose condition is `err != nil`?"""
    for a in gosyntax.ancestors(stmt):
        if a.type in gosyntax.FUNCTION_TYPES:
            return False
        if a.type == "if_statement":
            cond = a.child_by_field_name("condition")
            consequence = a.child_by_field_name("consequence")
            inside = (
                consequence is not None
                and consequence.start_byte <= stmt.start_byte < consequence.end_byte
            )
            return (
                inside and cond is not None and _ERR_CHECK.search(gosyntax.text(cond)) is not None
            )
    return False


@guarded
def deliver_dropped_key(
    ctx: Context, drop: Node | None, delivery: Node, deliverer: Node, key_index: int
) -> Fix | None:
    """Before the `return` that drops a request whose reply is awaited by key, deliver
    the key as the handler does on its other paths (`n.waits.trigger(p.id, Result{})`):
    the other arguments become the `err` of an enclosing `if err != nil`, when the
    parameter is an `error`, or the zero value of their parameter's type.

    Unsafe: the requester now gets a zero value (or an error) where it used to wait."""
    if drop is None or drop.type != "return_statement" or not editable(ctx, drop):
        return None
    func = gosyntax.enclosing_function(drop)
    args = gosyntax.call_arguments(delivery)
    params = [typ for _name, typ in gosyntax.parameters(deliverer)]
    if len(args) != len(params) or key_index >= len(args):
        return None
    err = "err" if _err_guarded(drop) else None
    values = []
    for i, (arg, typ) in enumerate(zip(args, params)):
        if i == key_index:
            values.append(gosyntax.text(arg))
            continue
        if typ is None:
            return None
        if err and gosyntax.text(typ) == "error":
            values.append(err)
            continue
        zero = gotypes.zero_value(typ, getattr(ctx, "package", None), func)
        if zero is None:
            return None
        values.append(zero)
    called = gosyntax.text(delivery.child_by_field_name("function") or delivery)
    edit = layout.insert_before_statement(ctx.file, drop, [f"{called}({', '.join(values)})"])
    if edit is None:
        return None
    return make_fix(
        f"Deliver the request's key before the `return` at line {gosyntax.line_of(drop)}",
        [edit],
        Applicability.UNSAFE,
        file=ctx.file,
    )
