"""A channel field made only by a method that may not have run yet (`Open`, `Serve`):
a goroutine that waits on it meanwhile waits on nil, for ever.

The fix makes the channel with its value, in the one composite literal that builds
the type (its constructor), and lets the method make it only while it is still nil:
from construction on, every waiter waits on a channel that the type's `Close` can
close. The literal and the method are often in another file than the goroutine.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax, parsing
from goleash.fixes import gotypes, layout
from goleash.fixes.common import for_file, guarded, join_fixes, make_fix
from goleash.model import Applicability, Fix, TextEdit
from goleash.source import SourceFile

if TYPE_CHECKING:
    from goleash.rules.base import Context

_LITERALS = "(composite_literal type: (type_identifier) @type) @literal"


def _literals(ctx: Context, type_name: str) -> list[tuple[SourceFile, Node]]:
    """(file, composite_literal) of every `T{...}` in the package."""
    out = []
    for file in ctx.package.files:
        caps = parsing.captures(_LITERALS, file.root)
        for lit in caps.get("literal", []):
            t = lit.child_by_field_name("type")
            if t is not None and gosyntax.text(t) == type_name:
                out.append((file, lit))
    return out


def _making_assignment(method: Node, receiver: str, field: str) -> tuple[Node, Node] | None:
    """The statement `recv.field = make(chan T)` (or with a literal capacity) in the method."""
    body = method.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type != "assignment_statement" or not layout.is_statement(n):
            continue
        left = gosyntax.field(n, "left").named_children
        right = gosyntax.field(n, "right").named_children
        if len(left) != 1 or len(right) != 1 or gosyntax.text(left[0]) != f"{receiver}.{field}":
            continue
        call = right[0]
        if call.type != "call_expression" or gosyntax.callee_text(call) != "make":
            continue
        args = gosyntax.call_arguments(call)
        if not args or args[0].type != "channel_type" or "." in gosyntax.text(args[0]):
            return None  # a type of another package: the literal's file may not import it
        if len(args) > 2 or (len(args) == 2 and args[1].type != "int_literal"):
            return None  # a capacity computed from the method's own variables
        return n, call
    return None


def _add_to_literal(file: SourceFile, lit: Node, field: str, value: str) -> TextEdit | None:
    """`field: value` as the literal's last element; one-line literals only (a multi-line
    one would need gofmt's alignment of its keys)."""
    body = lit.child_by_field_name("body")
    if body is None or body.start_point[0] != body.end_point[0]:
        return None
    elements = [c for c in body.named_children if c.type != "comment"]
    if any(e.type != "keyed_element" for e in elements):
        return None  # positional elements: a keyed one cannot join them
    close = body.end_byte - 1
    text = f"{field}: {value}" if not elements else f", {field}: {value}"
    start = elements[-1].end_byte if elements else close
    return TextEdit(start, close, text) if file.data[start:close].strip() in (b"", b",") else None


@guarded
def make_with_value(
    ctx: Context, type_name: str, field: str, maker: Node | None, maker_file: SourceFile | None
) -> Fix | None:
    """Make `T.field` in the one `T{...}` literal of the package, and in `maker` only while
    it is nil. Unsafe: the channel now exists from construction, and a second call of
    `maker` keeps the one it finds instead of making another."""
    if maker is None or maker_file is None or maker_file.is_generated:
        return None
    recv = gotypes.receiver(maker)
    if recv is None:
        return None
    found = _making_assignment(maker, recv[0], field)
    if found is None:
        return None
    assignment, make_call = found
    literals = _literals(ctx, type_name)
    if len(literals) != 1 or any(
        re.search(rb"\bnew\(\s*" + re.escape(type_name.encode()) + rb"\s*\)", f.data)
        for f in ctx.package.files
    ):
        return None  # several ways to build one (or new(T)): some would still leave it nil
    lit_file, lit = literals[0]
    if lit_file.is_generated or gosyntax.enclosing_function(lit) is None:
        return None
    add = _add_to_literal(lit_file, lit, field, gosyntax.text(make_call))
    statement = gosyntax.text(assignment)
    guard = layout.replace_statement(
        maker_file, assignment, [f"if {recv[0]}.{field} == nil {{", f"\t{statement}", "}"]
    )
    if add is None or guard is None:
        return None
    around = gosyntax.enclosing_function(lit)
    if around is None:
        return None  # a literal at package level: no constructor to name
    constructor = gosyntax.function_name(around) or "its constructor"
    title = f"Make `{field}` in `{constructor}`, and in `{gosyntax.function_name(maker)}` only while it is nil"
    if lit_file.path == maker_file.path:
        parts = [
            for_file(
                ctx,
                maker_file,
                make_fix(title, [add, guard], Applicability.UNSAFE, file=maker_file),
            )
        ]
    else:
        parts = [
            for_file(ctx, lit_file, make_fix(title, [add], Applicability.UNSAFE, file=lit_file)),
            for_file(
                ctx, maker_file, make_fix(title, [guard], Applicability.UNSAFE, file=maker_file)
            ),
        ]
    return join_fixes(title, *parts)
