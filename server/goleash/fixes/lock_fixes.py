"""A goroutine that locks a mutex it already holds blocks forever. Two ways out: the
callee that locks again gets a `...Locked` twin without the lock, for callers that
already hold it; a second `Lock` in the same function gets an `Unlock` first. A
`return` that leaves a mutex locked gets the unlock before it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis import prefix_releases
from goleash.fixes import layout, scope
from goleash.fixes.common import editable, guarded, make_fix, statement_before_return
from goleash.fixes.edits import replace_same_bytes
from goleash.model import Applicability, Fix, TextEdit

if TYPE_CHECKING:
    from goleash.rules.base import Context


def _call_text(stmt: Node | None) -> str:
    return gosyntax.text(stmt).replace(" ", "") if stmt is not None else ""


@guarded
def defer_unlock(
    ctx: Context, lock_call: Node | None, mutex: str, unlock: str = "Unlock"
) -> Fix | None:
    """`defer mu.Unlock()` right after the `Lock`, and the function's own unlocks removed,
    when the lock is a top-level statement of the function and each unlock is followed
    only by a `return` of plain values (or the end): the critical section is the rest of
    the function, and every way out now releases it.

    Unsafe: the return's expressions now run before the unlock."""
    stmt = lock_call.parent if lock_call is not None else None
    func = gosyntax.enclosing_function(stmt) if stmt is not None else None
    body = func.child_by_field_name("body") if func is not None else None
    if (
        stmt is None
        or stmt.type != "expression_statement"
        or body is None
        or not editable(ctx, stmt)
        or layout.enclosing_block(stmt) != body
        or not layout.is_statement(stmt)
    ):
        return None
    target = f"{mutex}.{unlock}()".replace(" ", "")
    unlocks = [
        n.parent
        for n in gosyntax.walk(body)
        if n.type == "call_expression" and _call_text(n) == target and n.parent is not None
    ]
    if not unlocks or any(
        u.type != "expression_statement" or u.start_byte < stmt.start_byte for u in unlocks
    ):
        return None
    for u in unlocks:
        if not _only_return_follows(u, body):
            return None
    insert = layout.insert_after_statement(ctx.file, stmt, [f"defer {mutex}.{unlock}()"])
    removals = [layout.delete_statement(ctx.file, u) for u in unlocks]
    if insert is None or any(r is None for r in removals):
        return None
    return make_fix(
        f"`defer {mutex}.{unlock}()` right after the lock, so every way out releases it",
        [insert, *removals],
        Applicability.UNSAFE,
        file=ctx.file,
    )


def _only_return_follows(stmt: Node, body: Node) -> bool:
    """Nothing but a `return` of plain values (no receives, no calls but the standard
    library's error and string builders, PURE_ERROR_CALLS) follows `stmt`."""
    nxt = gosyntax.next_statement(stmt)
    if nxt is None:
        return layout.enclosing_block(stmt) == body
    return nxt.type == "return_statement" and not any(
        n.type == "unary_expression"
        or (n.type == "call_expression" and gosyntax.callee_text(n) not in _PURE_ERROR_CALLS)
        for n in gosyntax.walk(nxt)
    )


# PURE_ERROR_CALLS: they read only their arguments, so running them before the deferred
# unlock rather than after the unlock by hand changes nothing the lock guards (an
# argument that calls anything else still keeps the fix away).
_PURE_ERROR_CALLS = frozenset({"fmt.Errorf", "errors.New", "fmt.Sprintf"})


@guarded
def unlock_before_return(
    ctx: Context, ret: Node | None, mutex: str, unlock: str = "Unlock"
) -> Fix | None:
    """`mu.Unlock()` right before a `return` that leaves `mu` locked.

    Unsafe: the return's expressions now run after the unlock."""
    if ret is not None and not scope.visible_at(ret, mutex):
        return None  # `d.bays[i].mu` after the loop that declares `i`
    return statement_before_return(
        ctx, ret, f"{mutex}.{unlock}()", f"{unlock} `{mutex}` before the `return`"
    )


@guarded
def call_before_return(ctx: Context, ret: Node | None, release: str) -> Fix | None:
    """`unlock()` right before a `return` that leaves the mutex a helper locked held,
    `unlock` being the release the helper handed back.

    Unsafe: the return's expressions now run after the unlock."""
    return statement_before_return(
        ctx, ret, f"{release}()", f"Call `{release}()` before the `return`"
    )


@guarded
def widen_prefix(ctx: Context, lock_call: Node | None, release: Node | None) -> Fix | None:
    """`unlockAll(secs[:i+1])` for `unlockAll(secs[:i])` handed the prefix before the
    element the loop has just locked (PREFIX_SHORT_OF_THE_CURRENT): the rollback then
    takes in that element too.

    Safe: the release now covers exactly what the loop has locked."""
    if lock_call is None or release is None or not editable(ctx, release):
        return None
    end = prefix_releases.short_prefix_end(lock_call, release)
    if end is None:
        return None
    index = gosyntax.text(end)
    base = end.parent.child_by_field_name("operand") if end.parent is not None else None
    widened = f"{gosyntax.text(base)}[:{index}+1]" if base is not None else f"{index}+1"
    return make_fix(
        f"Release `{widened}`, the element just locked included",
        [TextEdit(end.start_byte, end.end_byte, f"{index}+1")],
        Applicability.SAFE,
        file=ctx.file,
    )


@guarded
def unlock_before_relock(ctx: Context, relock: Node | None, mutex: str) -> Fix | None:
    """`mu.Unlock()` right before the second `mu.Lock()`.

    Unsafe: what was one critical section becomes two, and another goroutine may run
    between them."""
    stmt = relock.parent if relock is not None else None
    if (
        stmt is None
        or stmt.type != "expression_statement"
        or not editable(ctx, stmt)
        or not layout.is_statement(stmt)
    ):
        return None
    edit = layout.insert_before_statement(ctx.file, stmt, [f"{mutex}.Unlock()"])
    if edit is None:
        return None
    return make_fix(
        f"Unlock `{mutex}` before locking it again", [edit], Applicability.UNSAFE, file=ctx.file
    )


def _parameter_names(method: Node) -> list[str] | None:
    params = method.child_by_field_name("parameters")
    out: list[str] = []
    for decl in params.named_children if params is not None else ():
        if decl.type == "comment":
            continue
        names = [gosyntax.text(c) for c in decl.named_children if c.type == "identifier"]
        if not names or "_" in names:
            return None
        spread = "..." if decl.type == "variadic_parameter_declaration" else ""
        out.extend(n + spread for n in names)
    return out


@guarded
def locked_variant(
    ctx: Context, call: Node | None, method: Node | None, lock_stmt: Node
) -> Fix | None:
    """The caller holds the mutex and calls `c.load()`, which locks it again: `load`'s body
    after its `Lock`/`defer Unlock` moves into a new `loadLocked` method that `load` calls,
    and the caller calls `loadLocked`.

    Unsafe: it adds a method (other callers still get `load`, which behaves as before)."""
    if (
        call is None
        or method is None
        or method.type != "method_declaration"
        or not editable(ctx, call, method)
    ):
        return None
    body = method.child_by_field_name("body")
    stmts = [s for s in gosyntax.statements(body)] if body is not None else []
    if (
        body is None
        or len(stmts) < 3
        or stmts[0] != lock_stmt
        or stmts[1].type != "defer_statement"
    ):
        return None
    lock = _call_text(lock_stmt)
    if (
        not lock.endswith(".Lock()")
        or _call_text(stmts[1]) != "defer" + lock[: -len("Lock()")] + "Unlock()"
    ):
        return None
    mutex = lock[: -len(".Lock()")]
    if any(
        f"{mutex}.Lock" in gosyntax.text(s).replace(" ", "")
        or f"{mutex}.Unlock" in gosyntax.text(s).replace(" ", "")
        for s in stmts[2:]
    ):
        return None
    name = gosyntax.function_name(method)
    recv = gosyntax.receiver_text(method)
    params = _parameter_names(method)
    fn = call.child_by_field_name("function")
    field = (
        fn.child_by_field_name("field")
        if fn is not None and fn.type == "selector_expression"
        else None
    )
    if not name or not recv or params is None or field is None or gosyntax.text(field) != name:
        return None
    twin = f"{name}Locked"
    if ctx.file.data.count(f") {twin}(".encode()):
        return None  # already there: not ours to guess
    # The rest of the body, as written, becomes the twin's body.
    first, last = stmts[2], stmts[-1]
    start = ctx.file.line_starts[first.start_point[0]]
    if not layout.starts_line(ctx.file, first) or body.end_point[0] == last.end_point[0]:
        return None
    end = ctx.file.line_starts[body.end_point[0]]
    moved = ctx.file.data[start:end].decode()
    results = method.child_by_field_name("result")
    forward = f"{recv}.{twin}({', '.join(params)})"
    indent = layout.indent_of(ctx.file, body) + layout.TAB
    new_body = f"{indent}{'return ' if results is not None else ''}{forward}\n"
    header = ctx.file.data[method.start_byte : body.start_byte].decode()
    name_node = gosyntax.field(method, "name")
    header = (
        header[: name_node.start_byte - method.start_byte]
        + twin
        + header[name_node.end_byte - method.start_byte :]
    )
    twin_text = (
        f"\n\n// {twin} is {name} for callers that already hold {mutex}.\n{header}{{\n{moved}}}"
    )
    edits = [
        TextEdit(start, end, new_body),
        TextEdit(method.end_byte, method.end_byte, twin_text),
        TextEdit(field.start_byte, field.end_byte, twin),
    ]
    if replace_same_bytes(edits):
        return None
    return make_fix(
        f"Call a `{twin}` twin of `{name}` that expects `{mutex}` held",
        edits,
        Applicability.UNSAFE,
        file=ctx.file,
    )
