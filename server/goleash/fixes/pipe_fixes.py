"""Close what a blocked read waits on: the starting function's end of an `io.Pipe` on
every way out, or an object's connection in its stopping method.

    pr, pw := io.Pipe()
    defer pw.CloseWithError(io.ErrClosedPipe)   // added: the reading goroutine fails
    go func() { done <- upload(pr) }()

    pr, pw := io.Pipe()
    defer pr.Close()                            // added: the writing goroutine's Write fails
    go func() { defer pw.Close(); write(pw) }()

A pipe's first close wins: where the function already closes its end (`pw.Close()` after
the last write), the deferred close changes nothing; on a way out that forgot to, the
goroutine gets an error instead of waiting for ever. A reading goroutine is given
`io.ErrClosedPipe`, not a plain `Close`: that would read as a clean end of data, and an
upload cut short would pass for a whole one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.fixes import layout, scope
from goleash.fixes.common import editable, guarded, make_fix
from goleash.model import Applicability, Fix

if TYPE_CHECKING:
    from goleash.rules.base import Context


@guarded
def close_pipe_end(ctx: Context, made: Node, other: str, reads: bool) -> Fix | None:
    """`defer pr.Close()` (the goroutine writes) or `defer pw.CloseWithError(io.
    ErrClosedPipe)` (it reads) right after `pr, pw := io.Pipe()`. Safe: the function's
    own closes still come first; only a way out that left the goroutine blocked changes."""
    if made.type != "short_var_declaration" or not layout.is_statement(made):
        return None
    if not editable(ctx, made):
        return None
    values = gosyntax.field(made, "right").named_children
    callee = gosyntax.callee_text(values[0]) if len(values) == 1 else ""
    if not callee.endswith(".Pipe"):
        return None
    io = callee.removesuffix(".Pipe")  # the name `io` is imported under here
    close = f"{other}.CloseWithError({io}.ErrClosedPipe)" if reads else f"{other}.Close()"
    edit = layout.insert_after_statement(ctx.file, made, [f"defer {close}"])
    return make_fix(
        f"Close `{other}` on every way out: `defer {close}`",
        [edit],
        file=ctx.file,
    )


@guarded
def close_pipe_on_failed_read(ctx: Context, check: Node, other: str) -> Fix | None:
    """`pr.Close()` first in the `if err != nil` of the read that failed, when the
    function hands the reader on once the read succeeds (`&message{pr: pr}`): a deferred
    close would cut the stream its caller reads. Safe: on that way the function gives
    the reader up; the writing goroutine's Write fails instead of waiting."""
    consequence = check.child_by_field_name("consequence")
    first = gosyntax.statements(consequence)[:1] if consequence is not None else []
    if not first or not editable(ctx, first[0]):
        return None
    edit = layout.insert_before_statement(ctx.file, first[0], [f"{other}.Close()"])
    if edit is None:
        return None
    return make_fix(
        f"Close `{other}` when the read at line {gosyntax.line_of(check)} fails: `{other}.Close()`",
        [edit],
        file=ctx.file,
    )


def close_returned_reader(
    ctx: Context, take: Node, reader: str, closable: bool = True
) -> Fix | None:
    """`defer body.Close()` right after `body := render(...)`, or after the `if err !=
    nil` that checks the call's error (on that way the reader may be nil). Safe: reading
    the pipe to its end still works; closing it afterwards releases nothing more, and a
    way out that left the writer blocked now closes it.

    Taken into a variable declared earlier (`body = gzipStream(src)`, `body` an
    `io.Reader`), the reader is first bound to a name of its own, which is closed:
    `zr := gzipStream(src)`, `defer zr.Close()`, `body = zr`; only when the source's
    result has a `Close` (`closable`)."""
    if not layout.is_statement(take) or not editable(ctx, take):
        return None
    if take.type == "assignment_statement":
        return _close_assigned_reader(ctx, take, reader) if closable else None
    if take.type != "short_var_declaration":
        return None
    # `body, err := f()`: the error is checked first; a lone `body` has none to check.
    binds_error = len(gosyntax.field(take, "left").named_children) > 1
    check = gosyntax.bound_error_check(take) if binds_error else None
    after = check if check is not None else take
    if check is not None and check.child_by_field_name("initializer") == take:
        return None  # `if body, err := f(); err != nil`: the reader lives in the if only
    edit = layout.insert_after_statement(ctx.file, after, [f"defer {reader}.Close()"])
    if edit is None:
        return None
    return make_fix(
        f"Close `{reader}` on every way out: `defer {reader}.Close()`",
        [edit],
        file=ctx.file,
    )


def _close_assigned_reader(ctx: Context, take: Node, reader: str) -> Fix | None:
    left = gosyntax.field(take, "left").named_children
    right = gosyntax.field(take, "right").named_children
    func = gosyntax.enclosing_function(take)
    if len(left) != 1 or len(right) != 1 or func is None:
        return None
    own = scope.fresh_name(func, take, ("pr", "rc", "piped"))
    edit = layout.replace_statement(
        ctx.file,
        take,
        [f"{own} := {gosyntax.text(right[0])}", f"defer {own}.Close()", f"{reader} = {own}"],
    )
    if edit is None:
        return None
    return make_fix(
        f"Close the pipe put in `{reader}` on every way out: `defer {own}.Close()`",
        [edit],
        file=ctx.file,
    )


@guarded
def close_connection_in(ctx: Context, stopper: Node, field: str) -> Fix | None:
    """`return s.conn.Close()` for a stopping method's last `return nil` (its result an
    `error`), or `s.conn.Close()` as its last statement when it returns nothing. Unsafe:
    a second call now returns the closed connection's error, and whatever the other
    side was about to send is lost."""
    receiver = gosyntax.receiver_text(stopper)
    body = stopper.child_by_field_name("body")
    if not receiver or body is None or not editable(ctx, stopper):
        return None
    close = f"{receiver}.{field}.Close()"
    statements = gosyntax.statements(body)
    last = statements[-1] if statements else None
    result = stopper.child_by_field_name("result")
    result_text = gosyntax.text(result) if result is not None else ""
    if (
        last is not None
        and last.type == "return_statement"
        and result_text == "error"
        and gosyntax.text(last).replace(" ", "") == "returnnil"
    ):
        edit = layout.replace_statement(ctx.file, last, [f"return {close}"])
    elif result is None and last is not None and last.type != "return_statement":
        edit = layout.insert_after_statement(ctx.file, last, [close])
    else:
        return None
    return make_fix(
        f"Close `{receiver}.{field}` in `{gosyntax.function_name(stopper)}`",
        [edit],
        Applicability.UNSAFE,
        file=ctx.file,
    )
