"""The methods of a type that close one of its channel fields.

A goroutine started on a struct that waits on a channel field (`case <-l.done: return`)
is released by whichever method closes that field (`Close`, `Stop`), or by a method
calling one of those. Several judgements ask the same question of the package, so it
is answered here once.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.functions import field_copies
from goleash.analysis.values import FieldRef, VarRef

if TYPE_CHECKING:
    from goleash.analysis.liveness import Liveness
    from goleash.source import SourceFile


def closing_methods(
    liveness: Liveness, type_name: str, field: str, besides: tuple[tree_sitter.Node, ...] = ()
) -> tuple[tuple[str, ...], tree_sitter.Node, SourceFile] | None:
    """(names of the methods of `type_name` that close `field`, the first such close,
    its file), or None when no method closes it. Methods in `besides` (the goroutine
    itself, its constructor) do not count."""
    methods: list[str] = []
    first: tuple[tree_sitter.Node, SourceFile] | None = None
    for method_file, method_node in liveness.package.methods_of_type(type_name):
        if method_node in besides:
            continue
        close = close_in(liveness, method_file, method_node, field)
        if close is not None:
            methods.append(gosyntax.function_name(method_node) or "")
            first = first or (close, method_file)
    if not methods or first is None:
        return None
    # `Close() { mp.AsyncClose(); <-mp.closed }`: a method that calls a stopping method
    # of the same object stops it too.
    changed = True
    while changed:
        changed = False
        for _method_file, method_node in liveness.package.methods_of_type(type_name):
            name = gosyntax.function_name(method_node) or ""
            if method_node in besides or name in methods:
                continue
            recv = gosyntax.receiver_text(method_node)
            body = method_node.child_by_field_name("body")
            if not recv or body is None:
                continue
            calls = re.compile(
                rb"\b"
                + re.escape(recv.encode())
                + rb"\.("
                + b"|".join(re.escape(m.encode()) for m in methods)
                + rb")\("
            )
            if calls.search(body.text or b""):
                methods.append(name)
                changed = True
    return tuple(methods), first[0], first[1]


def close_in(
    liveness: Liveness, method_file: SourceFile, method_node: tree_sitter.Node, field: str
) -> tree_sitter.Node | None:
    """The method's `close(x.field)`, or `close(stop)` of a local copy (`stop, done :=
    a.stop, a.done`, taken under the lock): an event of its own control flow, or (heuristic
    CLOSE_IN_A_CLOSURE) one in a function literal it runs, `c.once.Do(func() {
    close(c.done) })`, found in its text; a literal it only stores would count too."""
    method = liveness.functions.get(method_node, method_file)
    for node in method.cfg.nodes if method.cfg is not None else ():
        for ev in node.events:
            if ev.kind != "close":
                continue
            if isinstance(ev.ref, FieldRef) and ev.ref.field == field:
                return ev.node
            if isinstance(ev.ref, VarRef) and any(
                copy is ev.ref.var for copy, _holder in field_copies(method, field)
            ):
                return ev.node
    # The builtin only: not `closeAll(c.done)` nor a method `x.close(c.done)`.
    pattern = re.compile(rb"(?<![\w.])close\(\s*\w+\." + re.escape(field.encode()) + rb"\s*\)")
    m = pattern.search(method_file.data, method_node.start_byte, method_node.end_byte)
    if m is None:
        return None
    call: tree_sitter.Node | None = method_file.root.descendant_for_byte_range(m.start(), m.end())
    while call is not None and call.type != "call_expression":
        call = call.parent
    return call


def walk_closing_methods(
    liveness: Liveness, type_name: str, field: str, besides: tuple[tree_sitter.Node, ...] = ()
) -> tuple[tuple[str, ...], tree_sitter.Node, SourceFile] | None:
    """Like `closing_methods`, for a field holding many channels (a map or slice of
    queues): the methods of `type_name` that close every value of `field` by walking it
    (`for _, q := range b.queues { close(q) }`), the first such close and its file."""
    methods: list[str] = []
    first: tuple[tree_sitter.Node, SourceFile] | None = None
    for method_file, method_node in liveness.package.methods_of_type(type_name):
        if method_node in besides:
            continue
        close = walked_close_in(method_node, field)
        if close is not None:
            methods.append(gosyntax.function_name(method_node) or "")
            first = first or (close, method_file)
    if first is None:
        return None
    return tuple(methods), first[0], first[1]


def walked_close_in(method_node: tree_sitter.Node, field: str) -> tree_sitter.Node | None:
    """The method's `close(q)` inside a `for _, q := range recv.field` over its
    receiver's field, the loop's value closed as it is, in the loop's own block."""
    recv = gosyntax.receiver_text(method_node)
    body = method_node.child_by_field_name("body")
    if not recv or body is None or field.encode() not in (body.text or b""):
        return None
    for node in gosyntax.walk(body):
        if node.type != "range_clause":
            continue
        right = gosyntax.unparen(node.child_by_field_name("right"))
        if (
            right is None
            or right.type != "selector_expression"
            or gosyntax.text(gosyntax.field(right, "operand")) != recv
            or gosyntax.text(gosyntax.field(right, "field")) != field
        ):
            continue
        left = node.child_by_field_name("left")
        names = left.named_children if left is not None else []
        if len(names) != 2 or names[1].type != "identifier":
            continue  # one name walks the keys (or a slice's indexes), not the channels
        loop = node.parent
        block = loop.child_by_field_name("body") if loop is not None else None
        for stmt in gosyntax.statements(block):
            call = stmt.named_children[0] if stmt.type == "expression_statement" else None
            if (
                call is not None
                and call.type == "call_expression"
                and gosyntax.callee_text(call) == "close"
                and [a.text for a in gosyntax.call_arguments(call)] == [names[1].text]
            ):
                return call
    return None
