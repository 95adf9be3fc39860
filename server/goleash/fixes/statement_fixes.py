"""Small statement-level fixes: a missing return, `defer cancel()`, `defer t.Stop()`, a nil channel's make."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis import paths
from goleash.fixes import gotypes, layout, scope
from goleash.fixes.common import (
    editable,
    for_file,
    guarded,
    join_fixes,
    make_fix,
    package_file,
    statement_before_return,
)
from goleash.model import Applicability, Fix, TextEdit

if TYPE_CHECKING:
    from collections.abc import Callable

    from goleash.rules.base import Context
    from goleash.source import SourceFile


@guarded
def insert_return_after(ctx: Context, stmt: Node | None, func: Node | None = None) -> Fix | None:
    """`return` (with zero values) right after `stmt`, typically the error send in
    `if err != nil { ch <- err }`, so the goroutine does not go on to send again.

    Unsafe: whatever followed `stmt` on that path no longer runs.
    """
    if stmt is None or not editable(ctx, stmt):
        return None
    stmt = stmt if layout.is_statement(stmt) else gosyntax.innermost_statement(stmt)
    if stmt is None:
        return None
    nxt = gosyntax.next_statement(stmt)
    if nxt is not None and nxt.type == "return_statement":
        return None  # already returns
    inner = gosyntax.enclosing_function(stmt)
    if inner is None:
        return None
    ret = gotypes.return_statement(inner, getattr(ctx, "package", None))
    if ret != "return" and gotypes.returns_error_last(inner) and stmt.type == "send_statement":
        value = stmt.child_by_field_name("value")
        # `errc <- err; return` in a function returning an error: hand the error back too.
        if value is not None and value.type == "identifier" and value.text == b"err":
            ret = ret.rsplit(", ", 1)[0] + ", err" if ", " in ret else "return err"
    edit = layout.insert_after_statement(ctx.file, stmt, [ret])
    return make_fix(
        f"Add `{ret}` after `{ctx.file.text(stmt).splitlines()[0]}`",
        [edit],
        Applicability.UNSAFE,
        file=ctx.file,
    )


def _assigned_names(assignment: Node) -> list[Node]:
    left = assignment.child_by_field_name("left")
    return list(left.named_children) if left is not None else []


@guarded
def signal_to_broadcast(ctx: Context, signal: Node | None, every_wait_loops: bool) -> Fix | None:
    """`f.cond.Signal()` -> `f.cond.Broadcast()` where a method ends a wait every waiter
    is in: each wakes and re-checks its condition.

    Safe when every `Wait` on the condition is in a loop re-checking what it waits for:
    a waiter woken for nothing goes back to sleep. Otherwise unsafe: a `Wait` outside a
    loop would go on with its condition unmet."""
    fn = signal.child_by_field_name("function") if signal is not None else None
    name = fn.child_by_field_name("field") if fn is not None else None
    operand = fn.child_by_field_name("operand") if fn is not None else None
    # The method that signals may be declared in another file of the package.
    file = package_file(ctx, signal)
    if file is None or name is None or operand is None or name.text != b"Signal":
        return None
    fix = make_fix(
        f"Wake every waiter: `{gosyntax.text(operand)}.Broadcast()` instead of `Signal()`",
        [TextEdit(name.start_byte, name.end_byte, "Broadcast")],
        Applicability.SAFE if every_wait_loops else Applicability.UNSAFE,
        file=file,
    )
    # Safe in another file too: one call changes, and waking more waiters than needed
    # only costs each a re-check.
    return for_file(ctx, file, fix, safe_in_another_file=every_wait_loops)


def call_the_setter(ctx: Context, store: Node | None, setter: str, value: str) -> Fix | None:
    """`c.state = stateCancelled` -> `c.settle(stateCancelled)`: the move made through the
    method the package makes it with elsewhere, which also wakes the waiters. Unsafe: the
    setter does more than the store (that is the point), and expects whatever lock its
    other callers hold."""
    left = store.child_by_field_name("left") if store is not None else None
    targets = left.named_children if left is not None else []
    if store is None or len(targets) != 1 or targets[0].type != "selector_expression":
        return None
    holder = targets[0].child_by_field_name("operand")
    file = package_file(ctx, store)
    if holder is None or file is None:
        return None
    fix = make_fix(
        f"Move it through `{setter}`: `{gosyntax.text(holder)}.{setter}({value})`",
        [TextEdit(store.start_byte, store.end_byte, f"{gosyntax.text(holder)}.{setter}({value})")],
        Applicability.UNSAFE,
        file=file,
    )
    return for_file(ctx, file, fix)


@guarded
def defer_cancel(ctx: Context, assignment: Node | None, cancel_name: str) -> Fix | None:
    """`defer cancel()` after `ctx, cancel := context.WithCancel(...)`; a discarded `_`
    cancel is named `cancel` first. Safe: calling a cancel function twice is harmless."""
    if assignment is None or not editable(ctx, assignment) or not layout.is_statement(assignment):
        return None
    if assignment.type not in ("short_var_declaration", "assignment_statement"):
        return None
    edits: list[TextEdit | None] = []
    name = cancel_name
    if cancel_name == "_":
        blanks = [n for n in _assigned_names(assignment) if n.text == b"_"]
        if not blanks:
            return None
        if assignment.type != "short_var_declaration":
            return None  # `ctx, _ = ...`: naming it would need a declaration first
        name = scope.fresh_name(gosyntax.enclosing_function(assignment), assignment, ("cancel",))
        edits.append(TextEdit(blanks[-1].start_byte, blanks[-1].end_byte, name))
    edits.append(layout.insert_after_statement(ctx.file, assignment, [f"defer {name}()"]))
    if edits[-1] is None:
        return None
    title = f"Add `defer {name}()`" + (
        f" (naming the discarded cancel function `{name}`)" if cancel_name == "_" else ""
    )
    return make_fix(title, edits, Applicability.SAFE, file=ctx.file)


@guarded
def defer_stop(ctx: Context, assignment: Node | None, name: str) -> Fix | None:
    """`defer t.Stop()` right after `t := time.NewTicker(d)` (or NewTimer)."""
    if assignment is None or not editable(ctx, assignment) or not layout.is_statement(assignment):
        return None
    edit = layout.insert_after_statement(ctx.file, assignment, [f"defer {name}.Stop()"])
    return make_fix(f"Add `defer {name}.Stop()`", [edit], Applicability.SAFE, file=ctx.file)


def stop_in_goroutine(ctx: Context, literal: Node | None, name: str) -> Fix | None:
    """`defer t.Stop()` first thing in the goroutine that reads the ticker, so it stops
    when that goroutine returns, not when its starter does (which would starve it)."""
    body = literal.child_by_field_name("body") if literal is not None else None
    stmts = gosyntax.statements(body) if body is not None else []
    if not stmts or not editable(ctx, stmts[0]) or not layout.is_statement(stmts[0]):
        return None
    edit = layout.insert_before_statement(ctx.file, stmts[0], [f"defer {name}.Stop()"])
    if edit is None:
        return None
    return make_fix(
        f"Add `defer {name}.Stop()` to the goroutine", [edit], Applicability.SAFE, file=ctx.file
    )


def _lone_channel_var(var_spec: Node) -> tuple[Node, Node] | None:
    """(name, type) of `var ch chan T` declared on its own: one name, no value, not in a
    `var ( ... )` group, whose columns gofmt aligns (rewriting one spec would break them)."""
    names = var_spec.children_by_field_name("name")
    typ = var_spec.child_by_field_name("type")
    if (
        len(names) != 1
        or typ is None
        or typ.type != "channel_type"
        or var_spec.child_by_field_name("value") is not None
    ):
        return None
    decl = var_spec.parent
    if (
        decl is None
        or decl.type != "var_declaration"
        or any(c.type in ("var_spec_list", "(") for c in decl.children)
    ):
        return None
    return names[0], typ


@guarded
def make_nil_channel(ctx: Context, var_spec: Node | None) -> Fix | None:
    """`var ch chan T` -> `var ch = make(chan T)`: a nil channel blocks every operation forever.

    Unsafe: the channel now works, which changes what the code does (that is the point)."""
    if var_spec is None or not editable(ctx, var_spec):
        return None
    if var_spec.type == "var_declaration":
        specs = [c for c in var_spec.named_children if c.type == "var_spec"]
        if len(specs) != 1:
            return None
        var_spec = specs[0]
    lone = _lone_channel_var(var_spec)
    if lone is None:
        return None
    ident, typ = lone
    name = gosyntax.text(ident)
    chan = gosyntax.text(typ)
    if typ.end_point[0] != typ.start_point[0]:
        return None
    edit = TextEdit(ident.end_byte, typ.end_byte, f" = make({chan})")
    return make_fix(
        f"Make `{name}`: `var {name} = make({chan})`", [edit], Applicability.UNSAFE, file=ctx.file
    )


@guarded
def defer_done(
    ctx: Context, goroutine: Node | None, group: str, done_calls: list[Node]
) -> Fix | None:
    """`defer wg.Done()` as the goroutine's first statement, its plain `wg.Done()` calls removed:
    every way out of the goroutine then calls `Done` exactly once."""
    body = goroutine.child_by_field_name("body") if goroutine is not None else None
    # The goroutine function may be declared in another file of the package.
    file = package_file(ctx, body)
    if body is None or file is None or body.start_point[0] == body.end_point[0]:
        return None
    stmts = [gosyntax.innermost_statement(c) for c in done_calls]
    if any(
        s is None or s.type != "expression_statement" or s.named_children[0] not in done_calls
        for s in stmts
    ):
        return None  # `Done` inside a bigger expression: not ours to move
    if any(
        n.type == "call_expression"
        and gosyntax.text(gosyntax.field(n, "function")) == f"{group}.Done"
        and n not in done_calls
        for n in gosyntax.walk(body, skip_functions=False)
    ):
        # A `Done` in a deferred literal (`defer func() { conn.Close(); wg.Done() }()`)
        # registered past an early return: a second `defer` would count out twice on
        # the other ways out, and `Wait` panics on a negative counter.
        return None
    removals = [layout.delete_statement(file, s) for s in stmts if s is not None]
    if any(r is None for r in removals):
        return None
    at = layout.line_end(file, body.start_point[0])
    indent = layout.indent_of(file, body) + layout.TAB
    insert = TextEdit(at, at, f"\n{indent}defer {group}.Done()")
    fix = make_fix(
        f"Call `{group}.Done()` in a `defer` at the top of the goroutine",
        [insert, *removals],
        Applicability.SAFE,
        file=file,
    )
    # Safe in another file too: the edit is confined to the goroutine function, which
    # then calls `Done` once on every way out instead of on some; whoever else runs it
    # was already counting on that one `Done`.
    return for_file(ctx, file, fix, safe_in_another_file=True)


def _lone_conditional_assignment(stmt: Node) -> Node | None:
    """The `if cond { stmt }` (no else, a condition without calls) whose only statement
    is `stmt`, or None."""
    block = layout.enclosing_block(stmt)
    if_stmt = block.parent if block is not None else None
    if (
        if_stmt is None
        or if_stmt.type != "if_statement"
        or if_stmt.child_by_field_name("alternative") is not None
    ):
        return None
    if if_stmt.child_by_field_name("initializer") is not None or [
        s for s in gosyntax.statements(block) if s.type != "comment"
    ] != [stmt]:
        return None
    cond = if_stmt.child_by_field_name("condition")
    if cond is None or any(
        n.type in ("call_expression", "unary_expression") for n in [cond, *gosyntax.walk(cond)]
    ):
        return None
    return if_stmt if layout.is_statement(if_stmt) else None


@guarded
def make_on_every_path(ctx: Context, var_spec: Node | None, made: Node | None) -> Fix | None:
    """`var ch chan T` + `if c { ch = make(chan T, n) }` -> `var ch = make(chan T, n)`: the
    channel a goroutine uses is made on every path, and its buffer takes the value no
    one receives on the paths that did not make it.

    Only for a buffered `make` (an unbuffered one would leave the send blocked).
    Unsafe: on those paths the goroutine now runs to its end."""
    if made is not None and made.type == "assignment_statement":
        right = gosyntax.field(made, "right").named_children
        made = gosyntax.unparen(right[0]) if len(right) == 1 else None
    if (
        var_spec is None
        or made is None
        or var_spec.type != "var_spec"
        or not editable(ctx, var_spec, made)
    ):
        return None
    if made.type != "call_expression" or gosyntax.callee_text(made) != "make":
        return None
    args = gosyntax.call_arguments(made)
    if len(args) != 2 or gosyntax.text(args[1]).strip() in ("0", "") or "\n" in ctx.file.text(made):
        return None
    declared = _lone_channel_var(var_spec)
    if declared is None:
        return None
    ident, typ = declared
    name = gosyntax.text(ident)
    edits: list[TextEdit | None] = [
        TextEdit(ident.end_byte, typ.end_byte, f" = {ctx.file.text(made)}")
    ]
    assignment = made.parent.parent if made.parent is not None else None
    if (
        assignment is not None
        and assignment.type == "assignment_statement"
        and gosyntax.text(gosyntax.field(assignment, "left")).replace(" ", "") == name
    ):
        lone = _lone_conditional_assignment(assignment)
        if lone is not None:
            edits.append(layout.delete_statement(ctx.file, lone))
    if any(e is None for e in edits):
        return None
    return make_fix(
        f"Make `{name}` on every path: `var {name} = {ctx.file.text(made)}`",
        edits,
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def skip_when_nil(ctx: Context, op_node: Node | None) -> Fix | None:
    """`opts.Events <- ev` on an optional channel the caller may leave nil ->
    `if opts.Events != nil { opts.Events <- ev }` (a receive statement or a `range` over
    it likewise): on a nil channel the operation could only block forever.

    Safe: with the channel set, it runs as before."""
    if op_node is None or not editable(ctx, op_node):
        return None
    stmt: Node | None
    if op_node.type == "send_statement":
        stmt, operand = op_node, op_node.child_by_field_name("channel")
    elif op_node.type == "unary_expression":
        stmt, operand = op_node.parent, op_node.child_by_field_name("operand")
        if stmt is None or stmt.type != "expression_statement":
            return None  # `v := <-ch`: the value is used after the statement
    elif op_node.type == "for_statement":
        stmt = op_node
        clause = next((c for c in op_node.named_children if c.type == "range_clause"), None)
        operand = clause.child_by_field_name("right") if clause is not None else None
    else:
        return None
    if (
        operand is None
        or stmt is None
        or not layout.is_statement(stmt)
        or not layout.alone_on_lines(ctx.file, stmt)
    ):
        return None
    lines = layout.relative_lines(ctx.file, stmt)
    if lines is None:
        return None  # re-indenting would change a raw string
    name = ctx.file.text(operand)
    body = [("\t" + ln) if ln else ln for ln in lines]  # a blank line stays blank
    # A comment trailing the statement stays with it, on its last line inside the `if`.
    edit = layout.replace_statement(ctx.file, stmt, [f"if {name} != nil {{", *body, "}"], len(body))
    if edit is None:
        return None
    return make_fix(
        f"Skip it when `{name}` is nil: `if {name} != nil {{ ... }}`",
        [edit],
        Applicability.SAFE,
        file=ctx.file,
    )


@guarded
def defer_stop_method(ctx: Context, decl: Node | None, var_name: str, method: str) -> Fix | None:
    """`defer x.Close()` right after `x := NewT(...)`, so the goroutine `NewT` starts is
    stopped when the function returns.

    Unsafe: the object is now stopped at the end of the function, which may be earlier
    than code that still holds it expects."""
    if (
        decl is None
        or decl.type != "short_var_declaration"
        or not editable(ctx, decl)
        or not layout.is_statement(decl)
    ):
        return None
    left = gosyntax.field(decl, "left").named_children
    if len(left) != 1:
        return None  # `x, err := NewT()`: the error is checked first, and we do not guess where
    edit = layout.insert_after_statement(ctx.file, decl, [f"defer {var_name}.{method}()"])
    if edit is None:
        return None
    return make_fix(
        f"`defer {var_name}.{method}()` so its goroutine stops when this function returns",
        [edit],
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def defer_call_first(ctx: Context, func: Node | None, call: str) -> Fix | None:
    """`defer s.queue.close()` among the first statements of the function (after the
    defers it opens with), so it runs on every way out: a consumer that gives up closes
    the queue its producers wait on.

    Unsafe: later pushes on the queue now fail; the producers must handle that."""
    body = func.child_by_field_name("body") if func is not None else None
    statements = gosyntax.statements(body)
    if body is None or not statements or not editable(ctx, body):
        return None
    leading = [s for s in statements if s.type == "defer_statement"]
    edit = (
        layout.insert_after_statement(ctx.file, statements[len(leading) - 1], [f"defer {call}"])
        if leading and statements[: len(leading)] == leading
        else layout.insert_before_statement(ctx.file, statements[0], [f"defer {call}"])
    )
    if edit is None:
        return None
    return make_fix(
        f"`defer {call}` in `{gosyntax.function_name(func) if func is not None else ''}`, so the "
        "queue is closed on every way out",
        [edit],
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def defer_the_stop_made_by_hand(
    ctx: Context, decl: Node | None, var_name: str, method: str
) -> Fix | None:
    """`x := newT(...)` ... `x.close()` on the success path -> `defer x.close()` right
    after the declaration, and the call by hand removed: every way out stops it, once.

    Unsafe: the stop now runs when the function returns, after whatever followed the
    call by hand (and on the failing paths, where it did not run before)."""
    func = gosyntax.enclosing_function(decl) if decl is not None else None
    body = func.child_by_field_name("body") if func is not None else None
    if decl is None or body is None or decl.type != "short_var_declaration":
        return None
    if not editable(ctx, decl) or not layout.is_statement(decl):
        return None
    left = gosyntax.field(decl, "left").named_children
    if len(left) != 1 or gosyntax.text(left[0]) != var_name:
        return None
    by_hand = [
        n
        for n in gosyntax.walk(body)
        if n.type == "call_expression"
        and gosyntax.called_expression_text(n) == f"{var_name}.{method}"
    ]
    if not by_hand:
        return None
    edits: list[TextEdit] = []
    for call in by_hand:
        statement = call.parent
        if statement is None or statement.type != "expression_statement":
            return None  # its result is used: not a call to move
        removal = layout.delete_statement(ctx.file, statement)
        if removal is None:
            return None
        edits.append(removal)
    insert = layout.insert_after_statement(ctx.file, decl, [f"defer {var_name}.{method}()"])
    if insert is None:
        return None
    return make_fix(
        f"Move `{var_name}.{method}()` into a `defer` right after `{var_name}` is made, so "
        "every way out stops it",
        _in_order([insert, *edits]),
        Applicability.UNSAFE,
        file=ctx.file,
    )


# The statements a release can be put before: a `return`, or the `continue`/`break` that
# ends the iteration whose channel (or object) is then dropped.
_WAYS_ON = ("return_statement", "continue_statement", "break_statement")


def _named(way: Node) -> str:
    return "`" + way.type.removesuffix("_statement") + "`"


@guarded
def close_when_deleting(
    ctx: Context, delete: Node | None, field: str, member: str | None = None
) -> Fix | None:
    """`delete(clients, c)` -> `if _, ok := clients[c]; ok { delete(clients, c);
    close(c.send) }`: the member is released where it is dropped, as the package does
    where it drops one elsewhere, and only if it is still there (a member dropped and
    closed on another path is not closed twice).

    Unsafe: the member's channel must not be sent on after this, as the package's own
    release already assumes."""
    statement = gosyntax.innermost_statement(delete) if delete is not None else None
    args = gosyntax.call_arguments(delete) if delete is not None else []
    if statement is None or len(args) != 2 or not editable(ctx, statement):
        return None
    members, key = gosyntax.text(args[0]), gosyntax.text(args[1])
    member = member or key  # a set keyed by the member itself, or `m[s.id]` holding `s`
    edit = layout.replace_statement(
        ctx.file,
        statement,
        [
            f"if _, ok := {members}[{key}]; ok {{",
            f"\tdelete({members}, {key})",
            f"\tclose({member}.{field})",
            "}",
        ],
    )
    if edit is None:
        return None
    return make_fix(
        f"Close `{member}.{field}` where `{member}` is deleted from `{members}`",
        [edit],
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def close_entry_when_deleting(ctx: Context, delete: Node | None, field: str) -> Fix | None:
    """`delete(l.subs, id)` -> `if s, ok := l.subs[id]; ok { delete(l.subs, id);
    close(s.ch) }`: the entry is looked up and its channel closed where it is dropped, as
    the package does where it drops one elsewhere, and only if it is still there.

    Unsafe: the entry's channel must not be sent on after this, as the package's own
    release already assumes."""
    statement = gosyntax.innermost_statement(delete) if delete is not None else None
    args = gosyntax.call_arguments(delete) if delete is not None else []
    func = gosyntax.enclosing_function(delete) if delete is not None else None
    if statement is None or func is None or len(args) != 2 or not editable(ctx, statement):
        return None
    members, key = gosyntax.text(args[0]), gosyntax.text(args[1])
    entry = scope.fresh_name(func, statement, ("entry", "dropped", "old"))
    edit = layout.replace_statement(
        ctx.file,
        statement,
        [
            f"if {entry}, ok := {members}[{key}]; ok {{",
            f"\tdelete({members}, {key})",
            f"\tclose({entry}.{field})",
            "}",
        ],
    )
    if edit is None:
        return None
    return make_fix(
        f"Close the `{field}` of the entry deleted from `{members}`",
        [edit],
        Applicability.UNSAFE,
        file=ctx.file,
    )


def close_after_removal(ctx: Context, call: Node | None, member: str, field: str) -> Fix | None:
    """`if !h.removeLocked(c) { return }` -> the same, then `close(c.send)`: after the
    `if`, where the removal has succeeded, the member is released where the package's
    helper takes it out, as its other removal does. (A removal whose success is not
    tested gets no fix: the member may be gone, and its channel closed, already.)

    Unsafe: the member's channel must not be sent on after this, as the package's own
    release already assumes."""
    statement = gosyntax.innermost_statement(call) if call is not None else None
    if statement is None or call is None or not field or not editable(ctx, statement):
        return None
    # Only where the removal's success is tested: a member already removed (and its
    # channel closed) would be closed again, which panics.
    condition = statement.child_by_field_name("condition")
    consequence = statement.child_by_field_name("consequence")
    if (
        statement.type != "if_statement"
        or condition is None
        or not gosyntax.is_within(call, condition)
        or consequence is None
        or statement.child_by_field_name("alternative") is not None
        or not paths.always_leaves(consequence)
    ):
        return None
    close = f"close({member}.{field})"
    edit = layout.insert_after_statement(ctx.file, statement, [close])
    if edit is None:
        return None
    return make_fix(
        f"Close `{member}.{field}` once `{member}` is removed: `{close}`",
        [edit],
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def defer_on_the_last_value(
    ctx: Context, deferred: Node | None, var_name: str, method: str
) -> Fix | None:
    """`defer sub.Close()` -> `defer func() { sub.Close() }()`: the deferred call reads
    `sub` when the function returns, so it stops the object the variable holds last,
    not the one it held when the `defer` ran.

    Unsafe: the object the variable held first is no longer stopped by the defer; the
    function must stop it itself before giving the variable a new one (as it must for
    any but the last)."""
    if deferred is None or deferred.type != "defer_statement" or not editable(ctx, deferred):
        return None
    edit = layout.replace_statement(
        ctx.file, deferred, [f"defer func() {{ {var_name}.{method}() }}()"]
    )
    if edit is None:
        return None
    return make_fix(
        f"Defer a closure that calls `{var_name}.{method}()`, so it stops the last `{var_name}`",
        [edit],
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def defer_earlier(
    ctx: Context, deferred: Node | None, after: Node | None, reorders: bool
) -> Fix | None:
    """`p := NewPoller(...)`, `if ... { return }`, `defer p.Close()` -> the `defer` right
    after the binding (or its error check): the way out between them stops the object
    too.

    Safe when no other `defer` runs between the two places (`reorders`: moving it past
    one would change which deferred call runs first); unsafe otherwise."""
    if deferred is None or after is None or deferred.type != "defer_statement":
        return None
    if not editable(ctx, deferred) or not editable(ctx, after):
        return None
    indent = layout.indent_of(ctx.file, deferred)
    text = ctx.file.text(deferred).split("\n")
    if any(line and not line.startswith(indent) for line in text[1:]):
        return None
    lines = [text[0], *(line[len(indent) :] for line in text[1:])]
    insert = layout.insert_after_statement(ctx.file, after, lines)
    removal = layout.delete_statement(ctx.file, deferred)
    if insert is None or removal is None:
        return None
    return make_fix(
        f"Move the `defer` up to right after line {after.end_point[0] + 1}, before any "
        "way out can skip it",
        [insert, removal],
        Applicability.UNSAFE if reorders else Applicability.SAFE,
        file=ctx.file,
    )


def _lines_before(
    ctx: Context, way: Node, lines: list[str], title: str, applicability: Applicability
) -> Fix | None:
    """`lines` as statements right before the way out `way`, as one fix."""
    edit = layout.insert_before_statement(ctx.file, way, lines)
    if edit is None:
        return None
    return make_fix(title, [edit], applicability, file=ctx.file)


@guarded
def stop_replaced_entry(
    ctx: Context,
    store: Node | None,
    map_text: str,
    key: str,
    stop_call: Callable[[str], str],
    deleting: bool = False,
) -> Fix | None:
    """`q.limiters[d] = newLimiter(...)` -> `if replaced, ok := q.limiters[d]; ok {
    replaced.close() }` first: the entry about to be overwritten is stopped while the
    map still holds it. `stop_call` spells the stop of a holder (`x.close()`,
    `close(x.stop)`); `deleting` when `store` is a `delete(...)` of the entry.

    Unsafe: whoever still uses the old object (a call waiting on it) sees it stopped."""
    func = gosyntax.enclosing_function(store) if store is not None else None
    if store is None or func is None or not key or not editable(ctx, store):
        return None
    names = ("dropped", "old", "previous") if deleting else ("replaced", "old", "previous")
    old = scope.fresh_name(func, store, names)
    call = stop_call(old)
    title = (
        f"Stop the entry this delete drops: `{call}` before deleting `{map_text}[{key}]`"
        if deleting
        else f"Stop the entry this store replaces: `{call}` before overwriting `{map_text}[{key}]`"
    )
    return _lines_before(
        ctx,
        store,
        [f"if {old}, ok := {map_text}[{key}]; ok {{", f"\t{call}", "}"],
        title,
        Applicability.UNSAFE,
    )


@guarded
def stop_replaced_holder(
    ctx: Context,
    store: Node | None,
    holder: str,
    stop_call: Callable[[str], str],
    pointer: bool,
) -> Fix | None:
    """`t.reader = startFollower(...)` -> `if t.reader != nil { t.reader.stop() }` first:
    the object about to be overwritten is stopped while the field still holds it (the
    test only when the constructor returns a pointer, which may not be there yet).
    `stop_call` spells the stop of a holder (`x.stop()`, `close(x.jobs)`).

    Unsafe: whoever still uses the old object (a call waiting on it) sees it stopped."""
    if store is None or not holder or not editable(ctx, store):
        return None
    call = stop_call(holder)
    lines = [f"if {holder} != nil {{", f"\t{call}", "}"] if pointer else [call]
    return _lines_before(
        ctx,
        store,
        lines,
        f"Stop the object this store replaces: `{call}` before overwriting `{holder}`",
        Applicability.UNSAFE,
    )


@guarded
def stop_before_dropping(
    ctx: Context, ret: Node | None, holder: str, method: str, argument: str = ""
) -> Fix | None:
    """`return nil, err` -> `a.Stop()` + `return nil, err`, where the function made `a`,
    started its goroutine and drops it on this path: the one method that would stop the
    goroutine is called while something still can (with `argument`, the error the path
    returns, for a stop that takes one: `h.Discard(errTooBig)`).

    Unsafe: the method may do more than close (flush, wait for the goroutine), now on
    this path too."""
    if ret is None or ret.type not in _WAYS_ON or not editable(ctx, ret):
        return None
    call = f"{holder}.{method}({argument})"
    return _lines_before(
        ctx,
        ret,
        [call],
        f"Call `{call}` before the {_named(ret)} at line {gosyntax.line_of(ret)}, which drops `{holder}`",
        Applicability.UNSAFE,
    )


@guarded
def repeat_stop_before(
    ctx: Context, ret: Node | None, stop: Node | None, collection: str
) -> Fix | None:
    """`return errGivingUp` -> `stopDrivers(drivers)` (or the walk `for _, d := range
    drivers { d.close() }`) + `return errGivingUp`: the statement that stops a
    collection's entries on the function's other ways out, repeated on this one.

    Unsafe: the statement may do more than stop them (wait for them, log), now on this
    path too."""
    if ret is None or stop is None or ret.type not in _WAYS_ON or not editable(ctx, ret):
        return None
    lines = layout.relative_lines(ctx.file, stop)
    if lines is None:
        return None
    where = f"before the {_named(ret)} at line {gosyntax.line_of(ret)}, as the other ways out do"
    title = (
        f"Call `{lines[0]}` {where}"
        if len(lines) == 1
        else f"Stop the entries of `{collection}` {where}"
    )
    return _lines_before(ctx, ret, lines, title, Applicability.UNSAFE)


@guarded
def close_before_return(ctx: Context, ret: Node | None, channel: str) -> Fix | None:
    """`return err` -> `close(a.stop)` + `return err` in a starter that returns after its
    `go` without the state its stopping method needs: the goroutine is stopped on the
    way out that leaves it unstoppable.

    Unsafe: the channel must not be closed again later (the stopping method skips it
    while the state is unset, which is why the goroutine was stranded)."""
    if ret is None or ret.type not in _WAYS_ON or not editable(ctx, ret):
        return None
    return _lines_before(
        ctx,
        ret,
        [f"close({channel})"],
        f"Close `{channel}` before the {_named(ret)} at line {gosyntax.line_of(ret)}",
        Applicability.UNSAFE,
    )


@guarded
def stop_call_before_return(ctx: Context, ret: Node | None, call: str) -> Fix | None:
    """`return err` -> `m.stop()` + `return err`, in a stopping method that calls the kept
    cancel function (or closes the resource, `p.tr.Close()`) only on its other paths: the
    goroutine waiting on it ends on this path too.

    Unsafe: the goroutine now stops although the method reports a failure; a caller that
    retries the method finds it already stopped."""
    if ret is None or ret.type not in _WAYS_ON or not editable(ctx, ret):
        return None
    return _lines_before(
        ctx,
        ret,
        [call],
        f"Call `{call}` before the {_named(ret)} at line {gosyntax.line_of(ret)}, so the goroutine waiting on it ends on this path too",
        Applicability.UNSAFE,
    )


@guarded
def wake_before_return(ctx: Context, ret: Node | None, setter: Node) -> Fix | None:
    """`return err` -> the stopping method's own `s.mu.Lock()`, `s.stopping = true`,
    `s.cond.Broadcast()`, `s.mu.Unlock()` + `return err`: the statements around the
    flag's `setter` that set it and wake the sleepers (the lock taken right before, the
    wakes and the unlock right after), copied before a way out that skipped them.

    Unsafe: the goroutine now stops although the method reports a failure; a caller that
    retries the method finds it already stopped."""
    if ret is None or ret.type not in _WAYS_ON or not editable(ctx, ret):
        return None
    run = [setter]
    before = gosyntax.previous_statement(setter)
    if before is not None and gosyntax.text(before).endswith(".Lock()"):
        run.insert(0, before)
    after = gosyntax.next_statement(setter)
    while after is not None and after.type == "expression_statement":
        said = gosyntax.text(after)
        if not said.endswith((".Broadcast()", ".Signal()", ".Unlock()")):
            break
        run.append(after)
        if said.endswith(".Unlock()"):
            break
        after = gosyntax.next_statement(after)
    if not any(gosyntax.text(n).endswith((".Broadcast()", ".Signal()")) for n in run):
        return None
    locked = run[0] is not setter
    if locked != gosyntax.text(run[-1]).endswith(".Unlock()"):
        return None  # a lock taken or released beyond the run: copying half would deadlock
    return _lines_before(
        ctx,
        ret,
        [gosyntax.text(n) for n in run],
        f"Set `{gosyntax.text(setter.named_children[0]) if setter.named_children else 'the flag'}` "
        f"and wake the sleepers before the {_named(ret)} at line {gosyntax.line_of(ret)}",
        Applicability.UNSAFE,
    )


def _returned_error(ctx: Context, ret: Node | None) -> Node | None:
    """The variable an editable `return ..., err` hands back last (not `nil`): the
    failure to pass on to those waiting."""
    if ret is None or ret.type != "return_statement" or not editable(ctx, ret):
        return None
    values = ret.named_children[0].named_children if ret.named_children else []
    last = values[-1] if values else None
    if last is None or last.type != "identifier" or gosyntax.text(last) == "nil":
        return None
    return last


@guarded
def fail_gate_before_return(
    ctx: Context, ret: Node | None, gate: str, err_field: str, release: str | None = None
) -> Fix | None:
    """`return nil, err` -> `c.err = err` + `close(c.done)` + `return nil, err`, in a
    leader that published the flight `c` and leaves here: its followers wake with the
    leader's error. A flight counted on a WaitGroup is released by `release`
    (`c.wg.Done()`) instead of the close.

    Unsafe: the followers get that error instead of waiting."""
    last = _returned_error(ctx, ret)
    if ret is None or last is None:
        return None
    holder = gate.rsplit(".", 1)[0]
    wake = release or f"close({gate})"
    return _lines_before(
        ctx,
        ret,
        [f"{holder}.{err_field} = {gosyntax.text(last)}", wake],
        f"Wake the waiting callers with the error: set `{holder}.{err_field}` and "
        + (f"call `{release}`" if release else f"close `{gate}`")
        + f" before the return at line {gosyntax.line_of(ret)}",
        Applicability.UNSAFE,
    )


@guarded
def buffer_one(ctx: Context, make: Node | None) -> Fix | None:
    """`make(chan error)` -> `make(chan error, 1)`: the one value a goroutine sends before
    it leaves waits in the buffer for the next poll, and the goroutine goes.

    Safe: the goroutine sends once and returns; a poll that comes later takes the value
    as before, and one that never comes leaves only the value behind."""
    args = gosyntax.call_arguments(make) if make is not None else []
    if make is None or len(args) != 1 or not editable(ctx, make):
        return None
    at = args[0].end_byte
    return make_fix(
        f"Give `{gosyntax.text(make)}` a buffer of 1, so the one send never waits",
        [TextEdit(at, at, ", 1")],
        Applicability.SAFE,
        file=ctx.file,
    )


@guarded
def stop_before_delete(ctx: Context, delete: Node | None, call: str) -> Fix | None:
    """`delete(p.backends, addr)` -> `b.shutdownLocked()` + `delete(p.backends, addr)`:
    the entry's goroutine is stopped before the map lets go of it.

    Unsafe: whoever still uses the object (a call in flight on it) sees it stopped."""
    if delete is None or not editable(ctx, delete):
        return None
    # Before the block's own handling of the entry (`b.retired = true` would make a
    # stop that checks the flag do nothing): the stop comes first, the rest after it.
    holder = call.split(".", 1)[0]
    anchor = delete
    block = delete.parent
    for stmt in gosyntax.statements(block) if block is not None else ():
        if stmt.start_byte >= delete.start_byte:
            break
        if any(n.type == "identifier" and gosyntax.text(n) == holder for n in gosyntax.walk(stmt)):
            anchor = stmt
            break
    return _lines_before(
        ctx,
        anchor,
        [call],
        f"Stop the entry before dropping it: `{call}` before `{gosyntax.text(delete)}`",
        Applicability.UNSAFE,
    )


@guarded
def count_out_on_recover(
    ctx: Context, deferred: Node | None, release: str, done: Node | None
) -> Fix | None:
    """`if r := recover(); r != nil { c.err = ... }` -> `... ; c.wg.Done() }`: the way a
    recovered panic takes out of the function counts the flight out too.

    Safe when the function's own `Done` (`done`) is the last statement of its body: a
    panic it recovers from came before it, so the flight is counted out once. Unsafe
    otherwise: a panic after that `Done` would count it out twice."""
    literal = (
        deferred.named_children[0] if deferred is not None and deferred.named_children else None
    )
    fn = gosyntax.unparen(literal.child_by_field_name("function")) if literal is not None else None
    if fn is None or fn.type != "func_literal":
        return None
    branch = None
    for n in gosyntax.walk(fn):
        if n.type != "if_statement":
            continue
        cond = gosyntax.text(gosyntax.field(n, "condition")).replace(" ", "")
        initializer = n.child_by_field_name("initializer")
        init = gosyntax.text(initializer) if initializer is not None else ""
        if cond.endswith("!=nil") and "recover()" in init + cond:
            branch = n.child_by_field_name("consequence")
            break
    stmts = list(gosyntax.statements(branch)) if branch is not None else []
    if not stmts or not editable(ctx, stmts[-1]):
        return None
    last = stmts[-1]
    if gosyntax.text(last).startswith("panic("):
        return None  # the panic goes on: the flight's callers see it, not a result
    if last.type == "return_statement":
        edit = layout.insert_before_statement(ctx.file, last, [release])
    else:
        edit = layout.insert_after_statement(ctx.file, last, [release])
    if edit is None:
        return None
    func = gosyntax.enclosing_function(deferred) if deferred is not None else None
    body = func.child_by_field_name("body") if func is not None else None
    body_stmts = list(gosyntax.statements(body)) if body is not None else []
    done_stmt = gosyntax.innermost_statement(done) if done is not None else None
    safe = bool(body_stmts) and done_stmt is not None and body_stmts[-1] == done_stmt
    return make_fix(
        f"Count the flight out when a panic is recovered: `{release}` in the `recover` branch",
        [edit],
        Applicability.SAFE if safe else Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def finish_flight_before_return(
    ctx: Context, ret: Node | None, take: Node, finish: Node, finisher: Node, flight: str
) -> Fix | None:
    """`return "", err` -> `r.group.end(host, c, "", err)` + `return "", err`, in a leader
    that took the flight `c` from a registry and leaves here without finishing it: the
    call that finishes it on the other way out, with the error returned here for its
    `error` parameter, the values the leader had before the take kept, and zero values
    for what it computed since.

    Unsafe: the followers get that error (and zero values) instead of waiting."""
    last = _returned_error(ctx, ret)
    if ret is None or last is None:
        return None
    leader = gosyntax.enclosing_function(take)
    params = gosyntax.parameters(finisher)
    args = gosyntax.call_arguments(finish)
    if leader is None or len(params) != len(args) or not params:
        return None
    package = ctx.package
    new_args: list[str] = []
    for (_name, typ), arg in zip(params, args):
        if typ is None:
            return None
        if gosyntax.text(typ) == "error":
            new_args.append(gosyntax.text(last))
        elif _known_before(arg, leader, take, flight):
            new_args.append(gosyntax.text(arg))
        else:
            new_args.append(gotypes.zero_value(typ, package, None))
    if gosyntax.text(last) not in new_args:
        return None  # no `error` parameter: the followers could not tell the failure
    callee = gosyntax.text(gosyntax.field(finish, "function"))
    line = f"{callee}({', '.join(new_args)})"
    return _lines_before(
        ctx,
        ret,
        [line],
        f"Finish the flight with the error before the return at line "
        f"{gosyntax.line_of(ret)}: `{line}`",
        Applicability.UNSAFE,
    )


def _known_before(arg: Node, leader: Node, take: Node, flight: str) -> bool:
    """Is every name `arg` reads the flight, a parameter or receiver of the leader, or
    declared before the take (so that it holds what it held then)?"""
    names = [arg] if arg.type == "identifier" else []
    names += [n for n in gosyntax.walk(arg) if n.type == "identifier" and n != arg]
    if not names and arg.type not in ("nil", "true", "false"):
        return arg.type.endswith("_literal")
    params = {name for name, _t in gosyntax.parameters(leader)}
    receiver = gosyntax.receiver_text(leader)
    body = leader.child_by_field_name("body")
    for n in names:
        name = gosyntax.text(n)
        if name in (flight, receiver) or name in params:
            continue
        declared = (
            next(
                (d for d in gosyntax.walk(body) if name in _declared_names(d)),
                None,
            )
            if body is not None
            else None
        )
        if declared is None or declared.start_byte >= take.start_byte:
            return False
    return True


def _declared_names(stmt: Node) -> set[str]:
    """The names `x := ...` or `var x T` declares."""
    if stmt.type == "short_var_declaration":
        return {gosyntax.text(x) for x in gosyntax.field(stmt, "left").named_children}
    if stmt.type == "var_spec":
        return {gosyntax.text(x) for x in stmt.children_by_field_name("name")}
    return set()


@guarded
def leave_on_stop_flag(
    ctx: Context,
    condition: Node | None,
    waiter_file: SourceFile,
    flag: str,
    setter: Node | None,
    setter_file: SourceFile,
    broadcast: str,
) -> Fix | None:
    """`for !c.ready {` -> `for !c.ready && !c.closed {`, and `c.cond.Broadcast()` after
    `c.closed = true` in the stopping method: the waiter wakes when the object stops and
    leaves its loop.

    Unsafe: the waiter now goes on past its loop once the object is stopped, with the
    condition it waited for still false."""
    if condition is None or setter is None:
        return None
    text = gosyntax.text(condition)
    guarded_text = f"({text})" if "||" in text else text
    test = TextEdit(condition.start_byte, condition.end_byte, f"{guarded_text} && !{flag}")
    wake = layout.insert_after_statement(setter_file, setter, [broadcast])
    if wake is None:
        return None
    title = f"Leave the wait once `{flag}` is set: test it in the loop, and `{broadcast}` where it is set"
    if waiter_file.path == setter_file.path:
        return for_file(
            ctx,
            waiter_file,
            make_fix(title, [test, wake], Applicability.UNSAFE, file=waiter_file),
        )
    return join_fixes(
        title,
        for_file(ctx, waiter_file, make_fix(title, [test], Applicability.UNSAFE, file=waiter_file)),
        for_file(ctx, setter_file, make_fix(title, [wake], Applicability.UNSAFE, file=setter_file)),
    )


@guarded
def release_abandoned_waiter(
    ctx: Context,
    struct: Node | None,
    condition: Node | None,
    gives_up: Node | None,
    holder: str,
    locker: str,
    cond: str,
) -> Fix | None:
    """A condition waiter its starter abandons (`case <-ctx.Done(): return ctx.Err()`)
    gets a flag of its own: a `gaveUp bool` field at the end of the holder's struct,
    tested by the wait loop (`for r.missing > 0 && !r.gaveUp {`), and set under the
    condition's lock, with a `Broadcast`, right before the give-up's `return`. All in
    the file being fixed.

    Unsafe: the goroutine now goes on past its loop with its condition unmet (in the
    adapter shape it only signals a channel nobody reads any more)."""
    flagged = _flag_for_waiters(
        ctx,
        struct,
        condition,
        holder,
        ("gaveUp", "abandoned", "waiterGaveUp"),
        "set when the waiter gives up, to let its goroutine go",
    )
    if flagged is None or gives_up is None:
        return None
    flag, edits = flagged
    wake = layout.insert_before_statement(
        ctx.file,
        gives_up,
        [
            f"{locker}.Lock()",
            f"{holder}.{flag} = true",
            f"{locker}.Unlock()",
            f"{cond}.Broadcast()",
        ],
    )
    if wake is None:
        return None
    return make_fix(
        f"Let the waiter go when its caller gives up: set `{holder}.{flag}` and "
        f"`{cond}.Broadcast()` there, and test it in the wait loop",
        _in_order([*edits, wake]),
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def wake_waiters_on_stop(
    ctx: Context,
    struct: Node | None,
    condition: Node | None,
    holder: str,
    stopped_at: Node | None,
    stopper_recv: str,
    locker_field: str,
    cond_field: str,
) -> Fix | None:
    """The stopping method ends the only goroutine that wakes a condition's waiters: the
    type gets a `stopped bool` field, set under the condition's lock and followed by a
    `Broadcast` right after the stop's `close`, and the wait loop tests it (`for
    t.tokens < n && !t.stopped {`). All in the file being fixed.

    Unsafe: the waiter now goes on past its loop with its condition unmet; the code
    after the loop must check the flag (and, say, return an error)."""
    flagged = _flag_for_waiters(
        ctx,
        struct,
        condition,
        holder,
        ("stopped", "halted", "closedForWaiters"),
        "set by the stop, to release waiters",
    )
    if flagged is None or stopped_at is None:
        return None
    flag, edits = flagged
    r = stopper_recv
    wake = layout.insert_after_statement(
        ctx.file,
        stopped_at,
        [
            f"{r}.{locker_field}.Lock()",
            f"{r}.{flag} = true",
            f"{r}.{locker_field}.Unlock()",
            f"{r}.{cond_field}.Broadcast()",
        ],
    )
    if wake is None:
        return None
    return make_fix(
        f"Wake the waiters when stopping: set `{r}.{flag}` and `{r}.{cond_field}.Broadcast()` "
        "after the stop, and test it in the wait loop",
        _in_order([*edits, wake]),
        Applicability.UNSAFE,
        file=ctx.file,
    )


def wake_waiters_after_stop(
    ctx: Context, stopped_at: Node, stopper_recv: str, locker_field: str, cond_field: str
) -> Fix | None:
    """The stopping method ends the only goroutine that wakes a condition's waiters, whose
    `for {` loop leaves when its context has ended: a `Broadcast` under the condition's
    lock right after the statement that stops it.

    Unsafe: a woken waiter leaves only if what it tests has changed (its context ended,
    which the stop usually brings); otherwise it sleeps again."""
    r = stopper_recv
    wake = layout.insert_after_statement(
        ctx.file,
        stopped_at,
        [
            f"{r}.{locker_field}.Lock()",
            f"{r}.{cond_field}.Broadcast()",
            f"{r}.{locker_field}.Unlock()",
        ],
    )
    if wake is None:
        return None
    return make_fix(
        f"Wake the waiters when stopping: `{r}.{cond_field}.Broadcast()` after the stop",
        [wake],
        Applicability.UNSAFE,
        file=ctx.file,
    )


def _in_order(edits: list[TextEdit]) -> list[TextEdit]:
    return sorted(edits, key=lambda e: e.start_byte)


def _flag_for_waiters(
    ctx: Context,
    struct: Node | None,
    condition: Node | None,
    holder: str,
    names: tuple[str, ...],
    note: str,
) -> tuple[str, list[TextEdit]] | None:
    """A new `bool` field at the end of the struct (the first of `names` it lacks) and
    the wait loop's condition extended to leave once it is set: (the flag, the edits)."""
    fields = None
    if struct is not None:
        fields = next(
            (c for c in struct.named_children if c.type == "field_declaration_list"), None
        )
    if fields is None or condition is None or not fields.children:
        return None
    closing = fields.children[-1]
    if closing.type != "}" or closing.start_point[0] == fields.start_point[0]:
        return None
    taken = {
        gosyntax.text(n)
        for d in fields.named_children
        if d.type == "field_declaration"
        for n in d.children_by_field_name("name")
    }
    flag = next((n for n in names if n not in taken), None)
    if flag is None:
        return None
    at = ctx.file.line_starts[closing.start_point[0]]
    field = TextEdit(at, at, f"\n\t{flag} bool // {note}\n")
    text = gosyntax.text(condition)
    guarded_text = f"({text})" if "||" in text else text
    test = TextEdit(condition.start_byte, condition.end_byte, f"{guarded_text} && !{holder}.{flag}")
    return flag, [field, test]


@guarded
def heed_flag_in_wait_loop(
    ctx: Context,
    loop: Node | None,
    flag: str,
    heeded_after: bool,
    wake_after: Node | None = None,
    broadcast: str = "",
) -> Fix | None:
    """`for len(e.queue) == 0 {` -> `for len(e.queue) == 0 && !e.closed {`: the loop
    leaves once the stopping method has set the flag and woken it.

    Safe when the waiting method reads the flag after the loop (it already handles the
    stopped case: `if e.closed && len(e.queue) == 0 { return }`); unsafe otherwise, since
    the code after the loop now runs with its own condition unmet. With `wake_after` (the
    flag's assignment, when a path of the stopping method leaves without waking the
    waiters) the fix also wakes them right after it, in the same file only."""
    # `for cond {`: the condition is the loop's first named child, under no field name.
    cond = (
        next((c for c in loop.named_children if c.type not in ("block", "comment")), None)
        if loop is not None
        else None
    )
    if loop is None or cond is None or cond.type in ("for_clause", "range_clause"):
        return None
    if not editable(ctx, cond):
        return None
    text = ctx.file.text(cond)
    if (gosyntax.unparen(cond) or cond).type == "binary_expression" and "||" in text:
        text = f"({text})"
    edits = [TextEdit(cond.start_byte, cond.end_byte, f"{text} && !{flag}")]
    title = f"Leave the wait loop once `{flag}` is set: `&& !{flag}`"
    if wake_after is not None:
        if not editable(ctx, wake_after):
            return None
        wake = layout.insert_after_statement(ctx.file, wake_after, [broadcast])
        if wake is None:
            return None
        edits.append(wake)
        title += f", and `{broadcast}` after `{gosyntax.text(wake_after)}`"
    return make_fix(
        title,
        edits,
        Applicability.SAFE if heeded_after else Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def broadcast_after(ctx: Context, stmt: Node | None, call: str) -> Fix | None:
    """`q.closed = true` -> `q.closed = true` + `q.ready.Broadcast()`: the goroutines waiting
    for the flag wake and re-check it.

    Safe: a waiter in a loop that re-checks its condition goes back to sleep if the
    condition still holds; waking it costs a check."""
    if stmt is None or not editable(ctx, stmt):
        return None
    # A loop over the entries of a field (ENTRY_CONDITION) comes as several lines.
    edit = layout.insert_after_statement(ctx.file, stmt, call.split("\n"))
    if edit is None:
        return None
    one_line = " ".join(ln.strip() for ln in call.split("\n"))
    return make_fix(
        f"Wake the waiters: `{one_line}` after `{gosyntax.text(stmt)}`",
        [edit],
        Applicability.SAFE,
        file=ctx.file,
    )


def wake_loop_after(ctx: Context, stmt: Node | None, loop: Node | None) -> Fix | None:
    """`s.closed = true` -> `s.closed = true` + `for _, l := range s.lines {
    l.cond.Broadcast() }`: the loop that wakes every entry's condition on the method's
    other path, written again right after the change, so no path misses it.

    Safe: each waiter re-checks its loop's condition and goes back to sleep if it still
    holds; waking it twice costs a check."""
    lines = layout.relative_lines(ctx.file, loop) if loop is not None else None
    return broadcast_after(ctx, stmt, "\n".join(lines)) if lines is not None else None


def done_before_return(ctx: Context, ret: Node | None, call: str) -> Fix | None:
    """`return ErrClosed` -> `p.pending.Done()` + `return ErrClosed`, in a method that
    counted the work in and refuses it here: the count it took comes back down. The same
    before the `continue` of a consumer loop that lets a counted item go.

    Safe: on this path the work was neither handed on nor done, so nothing else will
    call `Done` for it."""
    if ret is None or not editable(ctx, ret):
        return None
    what = "skipped item" if ret.type == "continue_statement" else "refused work"
    return _lines_before(
        ctx,
        ret,
        [call],
        f"Count the {what} out: `{call}` before `{gosyntax.text(ret)}`",
        Applicability.SAFE,
    )


@guarded
def open_gate_before_return(
    ctx: Context, ret: Node | None, make_store: Node | None, closed: str
) -> Fix | None:
    """`return err` -> `close(s.ready)` + `return err` in the method that made the gate
    anew: its waiters are let through on this path too. When the make sits under `if
    cond` (re-arming only a gate already used), the close goes under the same `if`, so
    a gate that was not made anew here is not closed twice.

    Unsafe: the waiters now go on with the state as the failed call left it (the
    previous value), which they must be able to use."""
    if ret is None or make_store is None or ret.type != "return_statement":
        return None
    if not editable(ctx, ret, make_store):
        return None
    func = gosyntax.enclosing_function(make_store)
    ifs = [a for a in gosyntax.ancestors(make_store, func) if a.type == "if_statement"]
    lines = [f"close({closed})"]
    if ifs:
        branch = ifs[0].child_by_field_name("consequence")
        cond = ifs[0].child_by_field_name("condition")
        if (
            len(ifs) > 1
            or cond is None
            or ifs[0].child_by_field_name("initializer") is not None
            or branch is None
            or not (branch.start_byte <= make_store.start_byte < branch.end_byte)
        ):
            return None
        lines = [f"if {gosyntax.text(cond)} {{", f"\tclose({closed})", "}"]
    return _lines_before(
        ctx,
        ret,
        lines,
        f"Close `{closed}` before this `return`, as the other paths do",
        Applicability.UNSAFE,
    )


@guarded
def pass_turn_before_return(
    ctx: Context, ret: Node | None, obj: str, example: Node | None
) -> Fix | None:
    """`return fmt.Errorf(...)` -> `failure := fmt.Errorf(...)`, `f.abort(failure)`,
    `return failure`: the waking call a sibling failure of the participant makes
    (`f.abort(err)`) made on this failure too, handed its error (TURN_NEVER_PASSED).

    Unsafe: the waiters now wake and see the failure; what they do then is theirs."""
    if ret is None or example is None or not editable(ctx, ret) or not layout.is_statement(ret):
        return None
    fn = example.child_by_field_name("function")
    method = gosyntax.text(gosyntax.field(fn, "field")) if fn is not None else ""
    args = gosyntax.call_arguments(example)
    values = gosyntax.returned_values(ret)
    if not method or len(args) > 1 or not values:
        return None
    failure = values[-1]
    if not args or failure.type == "identifier":
        call = f"{obj}.{method}({gosyntax.text(failure) if args else ''})"
        return statement_before_return(ctx, ret, call, f"Call `{call}` before the `return`")
    name = scope.fresh_name(gosyntax.enclosing_function(ret), ret, ("failure",))
    insert = layout.insert_before_statement(
        ctx.file, ret, [f"{name} := {gosyntax.text(failure)}", f"{obj}.{method}({name})"]
    )
    if insert is None or "\n" in gosyntax.text(failure):
        return None
    edits = [insert, TextEdit(failure.start_byte, failure.end_byte, name)]
    return make_fix(
        f"Call `{obj}.{method}(...)` with the failure before the `return` at line "
        f"{gosyntax.line_of(ret)}",
        edits,
        Applicability.UNSAFE,
        file=ctx.file,
    )
