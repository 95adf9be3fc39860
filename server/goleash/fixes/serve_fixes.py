"""Serving a blocked goroutine on the path that forgot it: the close moved into a `defer`
so every way out closes, or a send of the zero value before an early `return`.

These work on syntax (the function that gives up, the `close(x)` it already has), so
they serve struct fields (`s.quit`) and parameters as well as local channels.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from tree_sitter import Node

from goleash import gosyntax
from goleash.fixes import gotypes, layout
from goleash.fixes.common import early_return_with, editable, guarded, make_fix
from goleash.model import Applicability, Fix, TextEdit

if TYPE_CHECKING:
    from goleash.rules.base import Context


def _text(node: Node | None) -> str:
    return gosyntax.text(node).replace(" ", "") if node is not None else ""


def close_statements(body: Node, name: str) -> list[Node]:
    """The `close(name)` statements of `body` (not in nested function literals)."""
    out = []
    for n in gosyntax.walk(body):
        if n.type == "call_expression" and gosyntax.callee_text(n) == "close":
            args = gosyntax.call_arguments(n)
            if len(args) == 1 and _text(args[0]) == name.replace(" ", ""):
                stmt = n.parent
                if (
                    stmt is None
                    or stmt.type != "expression_statement"
                    or not layout.is_statement(stmt)
                ):
                    return []  # `close` inside something bigger: leave it alone
                out.append(stmt)
    return out


def _only_returns_follow(stmt: Node, func: Node | None) -> bool:
    """Nothing runs between `stmt` and the function's end but a plain `return`."""
    nxt = gosyntax.next_statement(stmt)
    if nxt is None:
        block = layout.enclosing_block(stmt)
        return block is not None and func is not None and block == func.child_by_field_name("body")
    return nxt.type == "return_statement" and not any(
        n.type in ("call_expression", "unary_expression") for n in gosyntax.walk(nxt)
    )


def _defer_site(
    func: Node, anchors: list[Node | None], root_name: str
) -> Node | Literal[False] | None:
    """Where `defer close(...)` goes in `func`'s body: after the top-level statement holding
    the last of `anchors` (the `go` that starts the goroutine, the declaration of the
    channel's variable), else at the top when `root_name` is a parameter or the receiver.
    (statement to insert after, or None for "first thing in the body"); False: nowhere."""
    body = gosyntax.field(func, "body")
    tops = []
    for a in anchors:
        if a is None or not gosyntax.is_within(a, body):
            continue
        stmt = gosyntax.innermost_statement(a)
        while stmt is not None and layout.enclosing_block(stmt) != body:
            stmt = gosyntax.innermost_statement(stmt.parent) if stmt.parent is not None else None
        if stmt is not None:
            tops.append(stmt)
    if tops:
        return max(tops, key=lambda s: s.start_byte)
    params = {n for n, _ in gosyntax.parameters(func)}
    recv = gotypes.receiver(func)
    if root_name in params or (recv is not None and recv[0] == root_name):
        return None
    return False


def _declaration_of(func: Node, name: str) -> Node | None:
    body = func.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type == "short_var_declaration" and any(
            gosyntax.text(c) == name for c in gosyntax.field(n, "left").named_children
        ):
            return n
        if n.type == "var_spec" and any(
            gosyntax.text(c) == name for c in n.children_by_field_name("name")
        ):
            return n
    return None


@guarded
def close_on_every_way_out(
    ctx: Context, exit_node: Node | None, name: str, starts: Iterable[Node] = ()
) -> Fix | None:
    """The function that gives up at `exit_node` closes `name` only on its other paths:
    its `close(name)` becomes a `defer close(name)` placed before any way out (after the
    `go` in `starts` that begins the goroutine, or first thing when `name` hangs off the
    receiver or a parameter); when several paths close it, their closes all give way to
    that one. Safe when nothing but a `return` followed each close."""
    func = gosyntax.enclosing_function(exit_node) if exit_node is not None else None
    if func is None or func.type == "func_literal" or not editable(ctx, func):
        return None
    body = func.child_by_field_name("body")
    if body is None:
        return None
    closes = close_statements(body, name)
    # A close in a loop is moved out only when a plain `return` follows it: the loop ends
    # there, and the deferred close runs at that very point.
    if not closes or any(
        gosyntax.loops_between(c, body) and not _only_returns_follow(c, func) for c in closes
    ):
        return None
    close = min(closes, key=lambda c: c.start_byte)
    root = name.split(".", 1)[0]
    decl = _declaration_of(func, root)
    site = _defer_site(func, [*starts, decl], root)
    if site is False or (site is not None and site.start_byte >= close.start_byte):
        return None
    line = f"defer close({name})"
    insert: TextEdit | None
    if site is None:
        if body.start_point[0] == body.end_point[0]:
            return None
        insert = _first_statement(ctx, body, line)
    else:
        insert = layout.insert_after_statement(ctx.file, site, [line])
    # Several paths may close it already (one `close` per branch): one deferred close serves them all.
    return _closes_into_defer(
        ctx,
        closes,
        insert,
        func,
        f"Move `close({name})` into a `defer`, so `{gosyntax.function_name(func)}` closes it on every way out",
    )


@guarded
def close_at_goroutine_exit(ctx: Context, goroutine: Node | None, name: str) -> Fix | None:
    """The goroutine closes `name` on some of its paths only: `defer close(name)` as its
    first statement, its own `close(name)` statements removed, so every path closes.
    Safe when nothing but a `return` followed each of those closes."""
    body = goroutine.child_by_field_name("body") if goroutine is not None else None
    if body is None or body.start_point[0] == body.end_point[0] or not editable(ctx, body):
        return None
    closes = close_statements(body, name)
    if not closes:
        return None
    return _closes_into_defer(
        ctx,
        closes,
        _first_statement(ctx, body, f"defer close({name})"),
        goroutine,
        f"Move `close({name})` into a `defer` at the top of {_closer(body.parent or body)}, "
        "so every path closes it",
    )


def _closer(func: Node) -> str:
    """The function the close moves in, as a title names it: a literal run in `go` is
    "the goroutine", a declared one goes by its name."""
    name = gosyntax.function_name(func) if func.type != "func_literal" else None
    return f"`{name}`" if name else "the goroutine"


@guarded
def call_first_in(ctx: Context, method: Node | None, call: str) -> Fix | None:
    """`func (s *Stream) Close() error {` -> the same, then `s.pr.Close()` as its first
    statement: the stopping method closes the pipe end it kept, so the goroutine writing
    into the other end is released.

    Unsafe: reads after the stopping method now fail, and its other work runs after the
    close."""
    body = method.child_by_field_name("body") if method is not None else None
    if method is None or body is None or not editable(ctx, body):
        return None
    if body.start_point[0] == body.end_point[0]:
        return None  # a one-line body: no line to open
    return make_fix(
        f"Call `{call}` first in `{gosyntax.function_name(method)}`, so it releases the goroutine writing into the pipe",
        [_first_statement(ctx, body, call)],
        Applicability.UNSAFE,
        file=ctx.file,
    )


def _first_statement(ctx: Context, body: Node, line: str) -> TextEdit:
    """`line` as the first statement of `body`, a block whose `{` ends its line."""
    at = layout.line_end(ctx.file, body.start_point[0])
    return TextEdit(at, at, f"\n{layout.indent_of(ctx.file, body)}{layout.TAB}{line}")


def _closes_into_defer(
    ctx: Context, closes: list[Node], insert: TextEdit | None, owner: Node | None, title: str
) -> Fix | None:
    """`insert` (the deferred close) in place of every one of `closes`. Safe when nothing
    but a `return` followed each close in `owner`."""
    removals = [layout.delete_statement(ctx.file, c) for c in closes]
    if insert is None or any(r is None for r in removals):
        return None
    safe = all(_only_returns_follow(c, owner) for c in closes)
    return make_fix(
        title,
        [insert, *removals],
        Applicability.SAFE if safe else Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def send_before_return(ctx: Context, ret: Node | None, send: Node | None) -> Fix | None:
    """`ch <- <zero value>` right before the goroutine's early `return`, so its receiver
    gets the one value it waits for on that path too.

    Unsafe: the receiver now gets a zero value it must tell apart from a real one."""
    func = early_return_with(ctx, ret, send)
    if func is None or ret is None or send is None:
        return None
    operand = send.child_by_field_name("channel")
    if operand is None:
        return None
    package = getattr(ctx, "package", None)
    chan_type = gotypes.channel_expression_type(operand, package)
    value = chan_type.child_by_field_name("value") if chan_type is not None else None
    if value is None:
        return None
    zero = gotypes.zero_value(value, package, func)
    name = ctx.file.text(operand)
    edit = layout.insert_before_statement(ctx.file, ret, [f"{name} <- {zero}"])
    if edit is None:
        return None
    return make_fix(
        f"Send `{zero}` on `{name}` before the `return` at line {gosyntax.line_of(ret)}",
        [edit],
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def start_after_early_return(ctx: Context, start: Node, exit_node: Node | None) -> Fix | None:
    """`go worker(ch)` right before `if cond { return ... }`: the goroutine only leaks on
    that early path, where nobody needs it, so it is started after the `if` instead.

    Only when the `if` comes right after the `go`, has no `else` and always ends in that
    `return`, and its condition calls nothing (but `len`/`cap`) and receives nothing:
    the other paths then start the goroutine as before, only a moment later. Unsafe: on
    the early path the goroutine no longer runs at all."""
    go: Node | None = start
    while go is not None and go.type != "go_statement":
        go = go.parent
    if (
        go is None
        or exit_node is None
        or exit_node.type != "return_statement"
        or not editable(ctx, go, exit_node)
    ):
        return None
    if (
        not layout.is_statement(go)
        or not layout.alone_on_lines(ctx.file, go)
        or layout.rest_of_line(ctx.file, go).strip()
    ):
        return None
    nxt = gosyntax.next_statement(go)
    if (
        nxt is None
        or nxt.type != "if_statement"
        or nxt.child_by_field_name("alternative") is not None
        or nxt.child_by_field_name("initializer") is not None
        or not gosyntax.is_within(exit_node, nxt)
    ):
        return None
    cond = nxt.child_by_field_name("condition")
    if cond is None or any(
        (n.type == "call_expression" and gosyntax.callee_text(n) not in ("len", "cap"))
        or (n.type == "unary_expression" and gosyntax.field(n, "operator").type == "<-")
        for n in [cond, *gosyntax.walk(cond, skip_functions=False)]
    ):
        return None  # the condition must not do anything the goroutine could see
    then = [
        s
        for s in gosyntax.statements(nxt.child_by_field_name("consequence"))
        if s.type != "comment"
    ]
    if not then or then[-1] != exit_node:
        return None  # the `if` must always leave: only then does the goroutine start on every other path
    lines = layout.relative_lines(ctx.file, go)
    insert = layout.insert_after_statement(ctx.file, nxt, lines) if lines else None
    removal = layout.delete_statement(ctx.file, go)
    if insert is None or removal is None:
        return None
    return make_fix(
        f"Start the goroutine after the early `return` at line {gosyntax.line_of(exit_node)}",
        [removal, insert],
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def close_when_goroutine_ends(ctx: Context, goroutine: Node | None, name: str) -> Fix | None:
    """`defer close(name)` as the goroutine's first statement, so that a path ending
    without its send (a recovered panic) still releases the receiver, with the zero
    value. Registered first, the close runs last, after any recovering `defer`.

    The rule offers it only when this goroutine is the channel's one sender. Unsafe:
    the receiver now gets a zero value on that path and must tell it from a real one."""
    body = goroutine.child_by_field_name("body") if goroutine is not None else None
    if body is None or body.start_point[0] == body.end_point[0] or not editable(ctx, body):
        return None
    if close_statements(body, name) or f"close({name})" in gosyntax.text(body):
        return None
    at = layout.line_end(ctx.file, body.start_point[0])
    insert = TextEdit(
        at, at, f"\n{layout.indent_of(ctx.file, body)}{layout.TAB}defer close({name})"
    )
    return make_fix(
        f"Close `{name}` when the goroutine ends: `defer close({name})` at its top",
        [insert],
        Applicability.UNSAFE,
        file=ctx.file,
    )
