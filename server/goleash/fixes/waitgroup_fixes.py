"""WaitGroup counts that match the goroutines really started: `wg.Add(1)` right before
each `go` that calls `wg.Done()`, instead of a count taken before a branch or a
`continue` that may skip the start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.fixes import layout
from goleash.fixes.common import editable, guarded, make_fix
from goleash.model import Applicability, Fix, TextEdit

if TYPE_CHECKING:
    from goleash.analysis.scopes import Var
    from goleash.rules.base import Context


def _text(node: Node | None) -> str:
    return gosyntax.text(node).replace(" ", "") if node is not None else ""


def _adds(body: Node | None, group: str) -> list[Node]:
    out: list[Node] = []
    if body is None:
        raise ValueError("a function without a body")  # only in code that does not parse
    for n in gosyntax.walk(body):
        if (
            n.type == "call_expression"
            and _text(n.child_by_field_name("function")) == f"{group}.Add"
        ):
            out.append(n)
    return out


def _serves(go: Node, group: str) -> bool:
    """Does the goroutine started by `go` call `group.Done()` (a literal), or receive the group?"""
    call = go.named_children[0] if go.named_children else None
    if call is None or call.type != "call_expression":
        return False
    fn = call.child_by_field_name("function")
    if fn is not None and fn.type == "func_literal":
        return f"{group}.Done()" in gosyntax.text(fn)
    return any(_text(a) in (group, f"&{group}") for a in gosyntax.call_arguments(call))


def _range_length(loop: Node) -> str | None:
    for c in loop.named_children:
        if c.type == "range_clause":
            right = c.child_by_field_name("right")
            if right is not None and right.type in ("identifier", "selector_expression"):
                return f"len({_text(right)})"
    return None


def _covers(add: Node, arg: str, gos: list[Node], body: Node) -> bool:
    """Does `group.Add(arg)` count exactly the goroutines of `gos`, one per start?"""
    add_loops = gosyntax.loops_between(add, body)
    if any(g.start_byte < add.start_byte for g in gos):
        return False
    if arg == "1" and add_loops:
        if any(gosyntax.loops_between(g, body) != add_loops for g in gos):
            return False
        # `wg.Add(1)` each turn, then one `go` per case of one switch (a turn starts
        # at most one of them).
        return len(gos) == 1 or _one_per_case(gos, add_loops[0])
    if add_loops:
        return False
    if arg.isdigit():
        return int(arg) == len(gos) and all(not gosyntax.loops_between(g, body) for g in gos)
    loops = gosyntax.loops_between(gos[0], body)
    if len(loops) != 1 or _range_length(loops[0]) != arg:
        return False
    if len(gos) == 1:
        return True
    return _one_per_case(gos, loops[0]) and all(
        gosyntax.loops_between(g, body) == loops for g in gos
    )


def _one_per_case(gos: list[Node], loop: Node) -> bool:
    """One `go` per case of one switch (`switch c.(type) { case *A: go a(); case *B: go
    b() }`): each turn of the loop starts at most one of them."""
    cases = [c for c in (_case_of(g, loop) for g in gos) if c is not None]
    return (
        len(cases) == len(gos)
        and len({c.id for c in cases}) == len(gos)
        and all(c.parent == cases[0].parent for c in cases)
    )


def _case_of(go: Node, loop: Node) -> Node | None:
    """The switch case holding `go`, inside `loop`."""
    return next(
        (
            a
            for a in gosyntax.ancestors(go, loop)
            if a.type in ("expression_case", "type_case", "default_case")
        ),
        None,
    )


def _covers_all(adds: list[Node], gos: list[Node], body: Node) -> bool:
    """Several `group.Add(k)`, some under an `if` (`wg.Add(2); if verify { wg.Add(1) }`),
    none in a loop, before as many `go`s as they count at most, none in a loop."""
    total = 0
    for add in adds:
        args = gosyntax.call_arguments(add)
        if len(args) != 1 or not _text(args[0]).isdigit() or gosyntax.loops_between(add, body):
            return False
        total += int(_text(args[0]))
    first = min(g.start_byte for g in gos)
    return (
        total == len(gos)
        and all(add.start_byte < first for add in adds)
        and all(not gosyntax.loops_between(g, body) for g in gos)
    )


def _removal(ctx: Context, stmt: Node) -> TextEdit | None:
    """Delete an Add's statement, or the `if` it is alone in (`if verify { wg.Add(1) }`)."""
    block = stmt.parent
    if block is not None and block.type == "statement_list":
        block = block.parent
    holder = block.parent if block is not None and block.type == "block" else None
    if (
        holder is not None
        and block is not None
        and holder.type == "if_statement"
        and holder.child_by_field_name("consequence") == block
        and holder.child_by_field_name("alternative") is None
        and holder.child_by_field_name("initializer") is None
        and len(gosyntax.statements(block)) == 1
        and not any(c.type == "comment" for c in gosyntax.walk(block))
    ):
        stmt = holder
    return layout.delete_statement(ctx.file, stmt)


@guarded
def add_where_started(ctx: Context, wait_call: Node | None, group: str) -> Fix | None:
    """`wg.Add(n)` counted before a branch or `continue` that may skip a `go`: the Add is
    removed and `wg.Add(1)` goes right before each `go` whose goroutine calls
    `wg.Done()`, so the count is taken only for goroutines that really start (several
    constant Adds before as many `go`s, an Add alone in an `if` going with its `if`; a
    `len(xs)` Add before a loop over `xs` starting one `go` per case of a switch). Safe:
    every goroutine that starts is counted before it can call Done, as before."""
    func = gosyntax.enclosing_function(wait_call) if wait_call is not None else None
    # `go func() { wg.Wait(); close(out) }()`: the count is taken by the function around it.
    while (
        func is not None
        and func.type == "func_literal"
        and not _adds(func.child_by_field_name("body"), group)
    ):
        func = gosyntax.enclosing_function(func)
    body = func.child_by_field_name("body") if func is not None else None
    if func is None or body is None or not editable(ctx, func):
        return None
    adds = _adds(body, group)
    if not adds:
        return None
    stmts = [add.parent for add in adds]
    if any(
        stmt is None or stmt.type != "expression_statement" or not layout.is_statement(stmt)
        for stmt in stmts
    ):
        return None
    gos = [n for n in gosyntax.walk(body) if n.type == "go_statement" and _serves(n, group)]
    if not gos or any(not layout.is_statement(g) for g in gos):
        return None
    if len(adds) == 1:
        args = gosyntax.call_arguments(adds[0])
        if len(args) != 1 or not _covers(adds[0], _text(args[0]), gos, body):
            return None
    elif not _covers_all(adds, gos, body):
        return None
    edits = [_removal(ctx, stmt) for stmt in stmts if stmt is not None]
    edits += [layout.insert_before_statement(ctx.file, g, [f"{group}.Add(1)"]) for g in gos]
    if any(e is None for e in edits):
        return None
    return make_fix(
        f"Call `{group}.Add(1)` right before each `go` that calls `{group}.Done()`",
        edits,
        file=ctx.file,
    )


@guarded
def share_by_pointer(ctx: Context, param_type: Node | None, name: str, index: int) -> Fix | None:
    """`func worker(wg sync.WaitGroup)` -> `func worker(wg *sync.WaitGroup)` and every call
    `worker(..., wg)` -> `worker(..., &wg)`: the callee then counts down the caller's
    WaitGroup, not a copy. Offered only when every call of the function in the package is
    in this file and passes a plain variable or field there."""
    import re

    if param_type is None or not editable(ctx, param_type):
        return None
    pattern = re.compile(rb"(?<![\w.])" + re.escape(name.encode()) + rb"\(")
    package = getattr(ctx, "package", None)
    for f in package.files if package is not None else ():
        if f.path != ctx.file.path and pattern.search(f.data):
            return None  # a call elsewhere would still pass a value
    edits = [TextEdit(param_type.start_byte, param_type.start_byte, "*")]
    for n in gosyntax.walk(ctx.file.root, skip_functions=False):
        if n.type != "call_expression" or _text(n.child_by_field_name("function")) != name:
            continue
        args = gosyntax.call_arguments(n)
        if index >= len(args):
            return None
        arg = gosyntax.unparen(args[index])
        if arg is None or arg.type not in ("identifier", "selector_expression"):
            return None
        edits.append(TextEdit(arg.start_byte, arg.start_byte, "&"))
    if len(edits) == 1:
        return None
    return make_fix(
        f"Pass the WaitGroup by pointer: `*{_text(param_type)}` in `{name}`, `&` at its calls",
        edits,
        file=ctx.file,
    )


@guarded
def defer_release(ctx: Context, acquire: Node | None, release: Var) -> Fix | None:
    """`defer done()` right after `done, ok := x.begin()` (after the `if` right below it
    that checks the acquire's other results and leaves), and the caller's own `done()`
    and `defer done()` statements removed: every way out releases once.

    Unsafe: the release now runs when the function returns, after whatever followed
    the old call."""
    stmt = acquire.parent.parent if acquire is not None and acquire.parent is not None else None
    if stmt is None or stmt.type != "short_var_declaration" or not layout.is_statement(stmt):
        return None
    if not editable(ctx, stmt):
        return None
    name = release.name
    anchor = stmt
    after = gosyntax.next_statement(stmt)
    others = {gosyntax.text(n) for n in gosyntax.field(stmt, "left").named_children} - {name, "_"}
    if (
        after is not None
        and after.type == "if_statement"
        and after.child_by_field_name("alternative") is None
        and any(
            n.type == "identifier" and gosyntax.text(n) in others
            for n in gosyntax.walk(gosyntax.field(after, "condition"))
        )
    ):
        anchor = after  # `if !ok { return }`: the acquire failed there, nothing to release
    edits = []
    func = gosyntax.enclosing_function(stmt)
    body = func.child_by_field_name("body") if func is not None else None
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type in ("expression_statement", "defer_statement") and gosyntax.text(n).replace(
            " ", ""
        ) in (f"{name}()", f"defer{name}()"):
            edit = layout.delete_statement(ctx.file, n)
            if edit is None:
                return None
            edits.append(edit)
    insert = layout.insert_after_statement(ctx.file, anchor, [f"defer {name}()"])
    if insert is None or not edits:
        return None
    return make_fix(
        f"Call `{name}()` in a `defer` right after `{name}` is handed out",
        [insert, *edits],
        Applicability.UNSAFE,
        file=ctx.file,
    )
