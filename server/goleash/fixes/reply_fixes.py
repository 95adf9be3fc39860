"""Taking what a struct's goroutine hands back on the path that forgot it: the reply a
requester skips, the map entry looked up under a key built another way, and the entry
an upsert replaces.

Both work on syntax the finding already holds (the skipping `return`, the requester's
own receive, the store and the lookup), in the file being analysed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.fixes import layout
from goleash.fixes.common import early_return_with, editable, guarded, make_fix
from goleash.model import Applicability, Fix, TextEdit

if TYPE_CHECKING:
    from goleash.rules.base import Context


@guarded
def receive_before_return(ctx: Context, ret: Node | None, receive: Node | None) -> Fix | None:
    """`<-reply` right before the requester's early `return`, written as its own receive
    is (`<-g.worker.acks`), so the goroutine's reply is taken on that path too.

    Unsafe: the requester now waits for the reply it meant to skip."""
    func = early_return_with(ctx, ret, receive)
    if func is None or ret is None or receive is None:
        return None
    operand = receive.child_by_field_name("operand") if receive.type == "unary_expression" else None
    if operand is None:
        return None
    name = ctx.file.text(operand)
    edit = layout.insert_before_statement(ctx.file, ret, [f"<-{name}"])
    if edit is None:
        return None
    return make_fix(
        f"Receive the reply from `{name}` before the `return` at line {gosyntax.line_of(ret)}",
        [edit],
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def look_up_under_stored_key(ctx: Context, store: Node | None, lookup: Node | None) -> Fix | None:
    """The map entry is stored under `key(a, b)` and looked up under `a`: look it up (and
    delete it) under `key(a, b)` too, when every name the stored key uses is a parameter
    of the looking-up function.

    Unsafe: the lookup now finds entries it missed before, and acts on them."""
    if store is None or lookup is None or not editable(ctx, lookup):
        return None
    stored_key = store.child_by_field_name("index")
    old_key = lookup.child_by_field_name("index")
    if stored_key is None or old_key is None or stored_key.type != "call_expression":
        return None
    func = gosyntax.enclosing_function(lookup)
    params = func.child_by_field_name("parameters") if func is not None else None
    body = func.child_by_field_name("body") if func is not None else None
    if params is None or body is None:
        return None
    names = {n.text for n in gosyntax.walk(params) if n.type == "identifier"}
    args = stored_key.child_by_field_name("arguments")
    used = (
        {n.text for n in gosyntax.walk(args) if n.type == "identifier"}
        if args is not None
        else set()
    )
    if not used or not used <= names:
        return None  # the stored key is built from values the lookup does not have
    new_key = gosyntax.text(stored_key)
    old = old_key.text
    operand = gosyntax.field(lookup, "operand").text
    edits = []
    for n in gosyntax.walk(body):
        if (
            n.type == "index_expression"
            and gosyntax.field(n, "operand").text == operand
            and gosyntax.field(n, "index").text == old
        ):
            idx = gosyntax.field(n, "index")
            edits.append(TextEdit(idx.start_byte, idx.end_byte, new_key))
        elif n.type == "call_expression" and gosyntax.callee_text(n) == "delete":
            dargs = gosyntax.call_arguments(n)
            if len(dargs) == 2 and dargs[0].text == operand and dargs[1].text == old:
                edits.append(TextEdit(dargs[1].start_byte, dargs[1].end_byte, new_key))
    if not edits:
        return None
    pretty = re.sub(r"\s+", " ", new_key)
    return make_fix(
        f"Look the entry up under `{pretty}`, the key it was stored under",
        edits,
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def cancel_replaced_entry(ctx: Context, store: Node | None, via: str | None) -> Fix | None:
    """Before `c.m[key] = e` in an upsert, cancel what the entry it replaces holds:
    `if old, ok := c.m[key]; ok { old.cancel() }` (or `old()` for a cancel function
    kept directly).

    Unsafe: the replaced entry's goroutine now ends, and whatever it does then runs."""
    if store is None or not editable(ctx, store):
        return None
    stmt = store.parent
    while stmt is not None and stmt.type != "assignment_statement":
        stmt = stmt.parent
    if stmt is None or not layout.is_statement(stmt):
        return None
    target = gosyntax.text(store)
    call = f"old.{via}()" if via else "old()"
    edit = layout.insert_before_statement(
        ctx.file, stmt, [f"if old, ok := {target}; ok {{", f"\t{call}", "}"]
    )
    if edit is None:
        return None
    return make_fix(
        f"Cancel the entry `{target}` replaces before storing the new one",
        [edit],
        Applicability.UNSAFE,
        file=ctx.file,
    )


def cancel_before_replacing(ctx: Context, assignment: Node | None) -> Fix | None:
    """Before `s.cancel = cancel`, call the cancel function the field held, so the
    goroutines of the context it replaces are told to stop: `if s.cancel != nil {
    s.cancel() }` (the first call finds none).

    Unsafe: the replaced context's goroutines now end, and whatever they do then runs."""
    return _release_before_replacing(
        ctx,
        assignment,
        "{}()",
        "Call the cancel function `{}` holds before replacing it",
    )


def close_before_replacing(ctx: Context, assignment: Node | None) -> Fix | None:
    """Before `s.f = make(chan ...)`, close the channel the field held, so whoever
    waits on it is released: `if s.f != nil { close(s.f) }` (the first call may find
    no channel yet).

    Unsafe: closing a channel twice panics, so a path on which the old channel was
    already closed (a `Close` before) needs a guard of its own."""
    return _release_before_replacing(
        ctx, assignment, "close({})", "Close the old `{}` before replacing it"
    )


def _release_before_replacing(
    ctx: Context, assignment: Node | None, release: str, title: str
) -> Fix | None:
    """Before the single-target `assignment`, release what its target held when it
    holds something: `if target != nil { <release> }`; `release` and `title` are
    formats of the target's text."""
    if assignment is None or not editable(ctx, assignment) or not layout.is_statement(assignment):
        return None
    left = assignment.child_by_field_name("left")
    if left is None or len(left.named_children) != 1:
        return None
    target = gosyntax.text(left.named_children[0])
    edit = layout.insert_before_statement(
        ctx.file, assignment, [f"if {target} != nil {{", f"\t{release.format(target)}", "}"]
    )
    if edit is None:
        return None
    return make_fix(title.format(target), [edit], Applicability.UNSAFE, file=ctx.file)
