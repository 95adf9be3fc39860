"""A way out for a goroutine that loops forever: a `ctx.Done()` / stop case in its loop,
a `stop` field closed by the type's own `Close`/`Stop`, and its ticker stopped.

The loop waits in a `select` (the case goes in it), on a bare receive such as
`<-t.C` (the receive is wrapped in a `select`), or in `time.Sleep(d)` (which becomes a
`select` on the way out and `time.After(d)`). When the goroutine ends, a ticker it
made and never stops would go on firing, so `defer t.Stop()` comes with the fix.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.fixes import gotypes, layout, scope
from goleash.fixes.common import editable, guarded, make_fix
from goleash.fixes.edits import replace_same_bytes
from goleash.fixes.select_fixes import done_case_edit, return_in_case_edit, select_edit
from goleash.model import Applicability, Fix, TextEdit

if TYPE_CHECKING:
    from goleash.rules.base import Context

_CLOSERS = ("Close", "Stop", "Shutdown")


def waiting_point(loop: Node) -> tuple[str, Node] | None:
    """Where the loop waits: its `select` (a direct one first), else its first bare receive
    statement. (kind, node) with kind "select" or "receive", or None."""
    body = loop.child_by_field_name("body")
    if body is None:
        return None
    for n in gosyntax.walk(body):
        if (
            n.type == "select_statement"
            and gosyntax.select_cases(n)
            and not gosyntax.select_has_default(n)
        ):
            return "select", n
    for n in gosyntax.walk(body):
        if n.type == "unary_expression" and gosyntax.field(n, "operator").type == "<-":
            if gosyntax.innermost_case(n) is None and gosyntax.loops_between(n, body) == []:
                return "receive", n
    for n in gosyntax.walk(body):
        if (
            n.type == "call_expression"
            and gosyntax.callee_text(n) == "time.Sleep"
            and n.parent is not None
            and n.parent.type == "expression_statement"
            and gosyntax.loops_between(n, body) == []
            and not any(a.type == "func_literal" for a in gosyntax.ancestors(n, body))
        ):
            return "sleep", n
    return None


def _sleep_edit(
    ctx: Context, call: Node, way: scope.WayOut, func: Node
) -> tuple[TextEdit, str, str] | None:
    """`time.Sleep(d)` -> a `select` that also returns on `way`: the poller sleeps as before
    and wakes up to stop."""
    stmt = call.parent
    args = gosyntax.call_arguments(call)
    if stmt is None or len(args) != 1 or not layout.is_statement(stmt) or gotypes.results(func):
        return None  # only a goroutine with no results, whose way out is a bare `return`
    indent = layout.indent_of(ctx.file, stmt)
    text = (
        f"select {{\n{indent}case <-{way.receive}:\n{indent}{layout.TAB}return\n"
        f"{indent}case <-time.After({gosyntax.text(args[0])}):\n{indent}}}"
    )
    return (
        TextEdit(stmt.start_byte, stmt.end_byte, text),
        "return",
        f"Sleep in a `select` with `case <-{way.receive}: return`",
    )


def _ticker_stop_edit(ctx: Context, func: Node, loop: Node) -> tuple[TextEdit, str] | None:
    """`defer t.Stop()` after `t := time.NewTicker(...)` made in `func` before `loop`,
    when nothing stops `t` yet: the goroutine now ends, and its ticker must end with it."""
    body = func.child_by_field_name("body")
    if body is None:
        return None
    for stmt in gosyntax.statements(body):
        if stmt.start_byte >= loop.start_byte:
            break
        if stmt.type != "short_var_declaration":
            continue
        left = gosyntax.field(stmt, "left").named_children
        right = gosyntax.field(stmt, "right").named_children
        if len(left) != 1 or len(right) != 1 or right[0].type != "call_expression":
            continue
        if gosyntax.callee_text(right[0]) not in ("time.NewTicker", "time.NewTimer"):
            continue
        name = gosyntax.text(left[0])
        if f"{name}.Stop()" in gosyntax.text(body):
            return None
        edit = layout.insert_after_statement(ctx.file, stmt, [f"defer {name}.Stop()"])
        return (edit, name) if edit is not None else None
    return None


def _loop_edit(
    ctx: Context, kind: str, node: Node, way: scope.WayOut, func: Node
) -> tuple[TextEdit, str, str] | None:
    """(edit, return statement, title) giving the loop's waiting point `way` as a way out."""
    if kind == "sleep":
        return _sleep_edit(ctx, node, way, func)
    if kind == "select":
        built = done_case_edit(ctx, node, way)
        if built is not None:
            return built[0], built[1], f"Add `case <-{way.receive}: {built[1]}` to the select"
        built = return_in_case_edit(ctx, node, way)
        if built is not None:
            return built[0], built[1], f"Add `{built[1]}` to the `case <-{way.receive}:`"
        return None
    built = select_edit(ctx, node, way, func)
    if built is None:
        return None
    return (
        built[0],
        built[1],
        f"Wrap the receive in a `select` with `case <-{way.receive}: {built[1]}`",
    )


def _with_ticker(
    ctx: Context, func: Node, loop: Node, edits: list[TextEdit | None], title: str
) -> tuple[list[TextEdit | None], str]:
    ticker = _ticker_stop_edit(ctx, func, loop)
    if ticker is None:
        return edits, title
    edit, name = ticker
    return [*edits, edit], f"{title}, and `defer {name}.Stop()`"


def _disjoint(parts: Sequence[TextEdit | None]) -> bool:
    # Stricter than replace_same_bytes: these edits are built independently, so two
    # starting at one offset would depend on their order too.
    edits = [e for e in parts if e is not None]
    if len(edits) < len(parts):
        return False  # one could not be built
    return not replace_same_bytes(edits) and len({e.start_byte for e in edits}) == len(edits)


@guarded
def stop_loop(ctx: Context, loop: Node | None, func: Node | None) -> Fix | None:
    """`case <-ctx.Done(): return` (or the done/stop/quit channel in scope) where the loop
    waits; safe: the loop runs as before until that context is cancelled."""
    if loop is None or func is None or not editable(ctx, loop, func):
        return None
    point = waiting_point(loop)
    if point is None:
        return None
    kind, node = point
    way = scope.find_way_out(func, node, getattr(ctx, "package", None))
    if way is None:
        return None
    built = _loop_edit(ctx, kind, node, way, func)
    if built is None:
        return None
    edit, _ret, title = built
    edits, title = _with_ticker(ctx, func, loop, [edit], title)
    if not _disjoint(edits):
        return None
    return make_fix(title, edits, Applicability.SAFE, file=ctx.file)


@guarded
def watch_stop_case(ctx: Context, select: Node | None, stop: str) -> Fix | None:
    """`case <-c.stop: return` as the select's first case: the loop ends when the type's
    stopping method closes its stop channel, as its other goroutines do.

    Safe: the case is taken only once the channel is closed, which is the type's way of
    saying its goroutines are to end."""
    if select is None or select.type != "select_statement" or not editable(ctx, select):
        return None
    cases = gosyntax.select_cases(select)
    if not cases:
        return None
    edit = layout.insert_before_statement(ctx.file, cases[0], [f"case <-{stop}:", "\treturn"])
    if edit is None:
        return None
    return make_fix(
        f"Add `case <-{stop}: return`, so the loop ends when `{stop}` is closed",
        [edit],
        Applicability.SAFE,
        file=ctx.file,
    )


def sleep_until_stopped(ctx: Context, call: Node, func: Node | None) -> Fix | None:
    """`time.Sleep(d)` on a loop's idle branch -> a `select` that also returns on the
    loop's way out (its context in scope): safe, the branch sleeps as before until then."""
    if func is None or not editable(ctx, call, func):
        return None
    way = scope.find_way_out(func, call, getattr(ctx, "package", None))
    if way is None:
        return None
    built = _sleep_edit(ctx, call, way, func)
    if built is None:
        return None
    edit, _ret, title = built
    return make_fix(title, [edit], Applicability.SAFE, file=ctx.file)


# -- a stop field closed by the type's Close ------------------------------------------------


def _methods(root: Node, type_name: str) -> Iterator[Node]:
    for n in root.named_children:
        if n.type != "method_declaration":
            continue
        recv = gotypes.receiver(n)
        if recv is not None and recv[1] == type_name:
            yield n


def _field_names(struct: Node) -> set[str]:
    names: set[str] = set()
    for fl in struct.named_children:
        for fd in fl.named_children if fl.type == "field_declaration_list" else ():
            if fd.type == "field_declaration":
                names.update(gosyntax.text(c) for c in fd.children_by_field_name("name"))
                t = fd.child_by_field_name("type")
                if not fd.children_by_field_name("name") and t is not None:
                    names.add(gosyntax.text(t).lstrip("*").rsplit(".", 1)[-1])
    return names


def channel_field_edits(ctx: Context, struct: Node, name: str) -> list[TextEdit] | None:
    """The edits adding `name chan struct{}` as the struct's last field (in the file being
    fixed), aligned with the fields above it where gofmt would align them."""
    return _field_insert(ctx, struct, name) or _field_insert_own_run(ctx, struct, name)


def _field_insert(ctx: Context, struct: Node, name: str) -> list[TextEdit] | None:
    """`name chan struct{}` as the struct's last field, aligned as gofmt aligns a run of
    one-line fields (or in a run of its own after a blank line when that cannot be done)."""
    fl = next((c for c in struct.named_children if c.type == "field_declaration_list"), None)
    if fl is None or fl.start_point[0] == fl.end_point[0]:
        return None
    close = fl.children[-1]
    if close.type != "}" or not layout.starts_line(ctx.file, close):
        return None
    indent = layout.indent_of(ctx.file, close) + layout.TAB
    fields = [c for c in fl.named_children if c.type == "field_declaration"]
    run: list[Node] = []
    row = close.start_point[0] - 1
    for fd in reversed(fields):
        if (
            fd.end_point[0] != row
            or fd.start_point[0] != row
            or not fd.children_by_field_name("name")
            or fd.child_by_field_name("tag") is not None
        ):
            break
        run.insert(0, fd)
        row -= 1
    at = ctx.file.line_starts[close.start_point[0]]
    if not run or (fields and run[-1] != fields[-1]):
        lead = "\n" if fields else ""
        return [TextEdit(at, at, f"{lead}{indent}{name} chan struct{{}}\n")]
    cells = [
        ctx.file.data[fd.start_byte : gosyntax.field(fd, "type").start_byte].decode().rstrip()
        for fd in run
    ]
    width = max(len(c) for c in [*cells, name])
    if width == max(len(c) for c in cells):
        return [TextEdit(at, at, f"{indent}{name.ljust(width)} chan struct{{}}\n")]
    # The new name is the longest of the run: every type moves right to its column.
    edits = []
    for fd, cell in zip(run, cells):
        start = fd.start_byte + len(cell.encode())
        edits.append(
            TextEdit(start, gosyntax.field(fd, "type").start_byte, " " * (width - len(cell) + 1))
        )
    return [*edits, TextEdit(at, at, f"{indent}{name} chan struct{{}}\n")]


def _field_insert_own_run(ctx: Context, struct: Node, name: str) -> list[TextEdit] | None:
    fl = next((c for c in struct.named_children if c.type == "field_declaration_list"), None)
    close = fl.children[-1] if fl is not None else None
    if close is None or close.type != "}" or not layout.starts_line(ctx.file, close):
        return None
    indent = layout.indent_of(ctx.file, close) + layout.TAB
    at = ctx.file.line_starts[close.start_point[0]]
    return [TextEdit(at, at, f"\n{indent}{name} chan struct{{}}\n")]


def _go_statement(start: Node) -> Node | None:
    n: Node | None = start
    while n is not None and n.type != "go_statement":
        n = n.parent
    return n


def _owner_expression(func: Node, go: Node) -> str | None:
    """What the new field hangs off at the `go` statement: `s` in `go s.loop()`, the
    enclosing method's receiver for `go func() {...}()` written in that method."""
    call = go.named_children[0] if go.named_children else None
    callee = (
        call.child_by_field_name("function")
        if call is not None and call.type == "call_expression"
        else None
    )
    if callee is None:
        return None
    if callee.type == "func_literal" and callee == func:
        recv = gotypes.receiver(func)
        return recv[0] if recv is not None else None
    if callee.type == "selector_expression" and func.type == "method_declaration":
        operand = callee.child_by_field_name("operand")
        if operand is not None and operand.type in ("identifier", "selector_expression"):
            return gosyntax.text(operand)
    return None


@guarded
def stop_field(
    ctx: Context, loop: Node | None, func: Node | None, start: Node | None
) -> Fix | None:
    """The goroutine is a method (`go s.loop()`), or a literal started in a method, of a
    type with a `Close`, `Stop` or `Shutdown` method, and nothing to stop it is in scope:
    a `stop chan struct{}` field, made where the goroutine is started, closed first thing
    in that method, and `case <-s.stop: return` where the loop waits.

    Unsafe: a second call of that method, or one on a value whose loop was never
    started, now panics on the close of a closed or nil channel."""
    if loop is None or func is None or start is None:
        return None
    recv = gotypes.receiver(func)
    go = _go_statement(start)
    if recv is None or recv[0] == "_" or go is None or not layout.is_statement(go):
        return None
    owner = _owner_expression(func, go)
    if owner is None:
        return None
    if func.type == "method_declaration":
        inner = recv[0]
    else:
        inner = owner  # the literal sees the method's receiver under the same name
    struct = gotypes.type_declaration(getattr(ctx, "package", None), recv[1])
    if struct is None or struct.type != "struct_type" or not editable(ctx, struct, loop, go):
        return None
    closer = next(
        (
            m
            for m in _methods(ctx.file.root, recv[1])
            if gosyntax.function_name(m) in _CLOSERS and gotypes.receiver(m) is not None
        ),
        None,
    )
    if closer is None or gosyntax.is_within(go, closer):
        return None
    closer_receiver = gotypes.receiver(closer)
    if closer_receiver is None:
        return None
    closer_recv = closer_receiver[0]
    body = closer.child_by_field_name("body")
    if closer_recv == "_" or body is None or body.start_point[0] == body.end_point[0]:
        return None
    point = waiting_point(loop)
    if point is None:
        return None
    name = next(
        (n for n in ("stop", "done", "quit", "stopLoop") if n not in _field_names(struct)), None
    )
    if name is None:
        return None
    way = scope.WayOut(f"{inner}.{name}")
    built = _loop_edit(ctx, point[0], point[1], way, func)
    if built is None:
        return None
    loop_edit, ret, _title = built
    field_edit = channel_field_edits(ctx, struct, name)
    make_edit = layout.insert_before_statement(
        ctx.file, go, [f"{owner}.{name} = make(chan struct{{}})"]
    )
    at = layout.line_end(ctx.file, body.start_point[0])
    close_edit = TextEdit(
        at, at, f"\n{layout.indent_of(ctx.file, body)}{layout.TAB}close({closer_recv}.{name})"
    )
    if not field_edit:
        return None
    edits = [*field_edit, make_edit, close_edit, loop_edit]
    if any(e is None for e in edits):
        return None
    method = gosyntax.function_name(closer)
    edits, title = _with_ticker(
        ctx,
        func,
        loop,
        edits,
        f"Add a `{name}` field closed by `{method}`, and `case <-{way.receive}: {ret}` in the loop",
    )
    if not _disjoint(edits):
        return None
    return make_fix(title, edits, Applicability.UNSAFE, file=ctx.file)


@guarded
def done_field_for_ticks(
    ctx: Context, loop: Node | None, go: Node | None, type_name: str, ticker_stop: Node | None
) -> Fix | None:
    """A goroutine ranging over a ticker kept in a field (`for range b.ticker.C {`), which
    another function stops (`b.ticker.Stop()`), believing that ends the loop: a `done
    chan struct{}` field, made before the `go`, closed right after that `Stop()`, and the
    range turned into a loop that waits for a tick or `done` (`case <-b.done: return`).
    Only for a range binding no variable, all in the file being fixed.

    Unsafe: a second call of the stopping function now panics on the closed channel."""
    if loop is None or go is None or ticker_stop is None:
        return None
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    body = loop.child_by_field_name("body")
    right = clause.child_by_field_name("right") if clause is not None else None
    if clause is None or body is None or right is None or clause.child_by_field_name("left"):
        return None
    ticks = gosyntax.text(right).replace(" ", "")
    parts = ticks.split(".")
    if len(parts) != 3 or parts[2] != "C":
        return None
    inner = parts[0]
    stop_parts = gosyntax.text(gosyntax.field(ticker_stop, "function")).split(".")
    statement = ticker_stop.parent
    go_call = next((c for c in go.named_children if c.type == "call_expression"), None)
    go_fn = gosyntax.unparen(go_call.child_by_field_name("function")) if go_call else None
    if (
        len(stop_parts) != 3
        or statement is None
        or statement.type != "expression_statement"
        or go_fn is None
        or go_fn.type != "selector_expression"
        or not layout.is_statement(go)
    ):
        return None
    owner = gosyntax.text(gosyntax.field(go_fn, "operand"))
    struct = gotypes.type_declaration(getattr(ctx, "package", None), type_name)
    if (
        struct is None
        or struct.type != "struct_type"
        or not editable(ctx, struct, loop, go, statement)
    ):
        return None
    name = next((n for n in ("done", "stop", "quit") if n not in _field_names(struct)), None)
    if name is None:
        return None
    field_edit = channel_field_edits(ctx, struct, name)
    make_edit = layout.insert_before_statement(
        ctx.file, go, [f"{owner}.{name} = make(chan struct{{}})"]
    )
    close_edit = layout.insert_after_statement(
        ctx.file, statement, [f"close({stop_parts[0]}.{name})"]
    )
    indent = layout.indent_of(ctx.file, loop)
    header = (
        "for {\n"
        f"{indent}{layout.TAB}select {{\n"
        f"{indent}{layout.TAB}case <-{inner}.{name}:\n"
        f"{indent}{layout.TAB}{layout.TAB}return\n"
        f"{indent}{layout.TAB}case <-{ticks}:\n"
        f"{indent}{layout.TAB}}}"
    )
    loop_edit = TextEdit(loop.start_byte, body.start_byte + 1, header)
    if not field_edit or make_edit is None or close_edit is None:
        return None
    edits = sorted([*field_edit, make_edit, close_edit, loop_edit], key=lambda e: e.start_byte)
    if not _disjoint(edits):
        return None
    return make_fix(
        f"Add a `{name}` field closed after `{gosyntax.text(ticker_stop)}`, and leave the loop on it",
        edits,
        Applicability.UNSAFE,
        file=ctx.file,
    )


# -- a goroutine ranging over a ticker's channel --------------------------------------------


def _ticker_range(func: Node, name: str) -> Node | None:
    """The `for [v :=] range name.C { ... }` loop of `func`, or None."""
    body = func.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type != "for_statement":
            continue
        clause = next((c for c in n.named_children if c.type == "range_clause"), None)
        right = clause.child_by_field_name("right") if clause is not None else None
        if right is not None and gosyntax.text(right).replace(" ", "") == f"{name}.C":
            return n
    return None


def _breaks_loop(body: Node) -> bool:
    """An unlabeled `break` of the loop itself: inside a `select` case it would end the select."""
    for n in gosyntax.walk(body):
        if n.type == "break_statement" and not n.named_children:
            owner = gosyntax.innermost_breakable(n)
            if owner is not None and owner.child_by_field_name("body") == body:
                return True
    return False


def _range_rewrite(
    ctx: Context, loop: Node, name: str, way: scope.WayOut, ret: str
) -> TextEdit | None:
    body = loop.child_by_field_name("body")
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    if (
        body is None
        or clause is None
        or _breaks_loop(body)
        or not layout.alone_on_lines(ctx.file, loop)
    ):
        return None
    if layout.rest_of_line(ctx.file, loop).strip() or body.start_point[0] == body.end_point[0]:
        return None
    if ctx.file.line_text(body.start_point[0])[body.start_point[1] + 1 :].strip():
        return None  # a comment after the `{`
    if any(
        n.type == "raw_string_literal" and "\n" in gosyntax.text(n) for n in gosyntax.walk(body)
    ):
        return None  # re-indenting would change the string
    left = clause.child_by_field_name("left")
    names = [gosyntax.text(c) for c in left.named_children] if left is not None else []
    if len(names) > 1:
        return None
    recv = f"{names[0]} := <-{name}.C" if names and names[0] != "_" else f"<-{name}.C"
    inner_start = ctx.file.line_starts[body.start_point[0] + 1]
    inner_end = ctx.file.line_starts[body.end_point[0]]
    inner = ctx.file.data[inner_start:inner_end].decode().split("\n")
    moved = [("\t" + ln) if ln.strip() else "" for ln in inner[:-1]]
    indent = layout.indent_of(ctx.file, loop)
    head = ["for {", "\tselect {", f"\t{way.case}", f"\t\t{ret}", f"\tcase {recv}:"]
    text = (
        layout.reindent(head, indent)[len(indent) :]
        + "\n"
        + "\n".join(moved)
        + "\n"
        + layout.reindent(["\t}", "}"], indent)
    )
    return TextEdit(loop.start_byte, loop.end_byte, text)


@guarded
def stop_ticker_range(ctx: Context, decl: Node | None, name: str) -> Fix | None:
    """`for range t.C { ... }` never ends (Stop does not close C): the loop becomes a
    `select` on `t.C` and `ctx.Done()` (or the done/stop channel in scope) that returns,
    with `defer t.Stop()`. Safe: the loop ticks as before until that context is done."""
    func = gosyntax.enclosing_function(decl) if decl is not None else None
    if decl is None or func is None or not editable(ctx, decl, func):
        return None
    loop = _ticker_range(func, name)
    if loop is None:
        return None
    way = scope.find_way_out(func, loop, getattr(ctx, "package", None))
    if way is None:
        return None
    ret = gotypes.return_statement(func, getattr(ctx, "package", None), way.err)
    rewrite = _range_rewrite(ctx, loop, name, way, ret)
    if rewrite is None:
        return None
    edits = [rewrite]
    body = gosyntax.field(func, "body")
    if f"{name}.Stop()" not in gosyntax.text(body):
        stop = layout.insert_after_statement(ctx.file, decl, [f"defer {name}.Stop()"])
        if stop is None:
            return None
        edits.insert(0, stop)
    if not _disjoint(edits):
        return None
    return make_fix(
        f"Tick in a `select` that leaves on `case <-{way.receive}: {ret}`, and `defer {name}.Stop()`",
        edits,
        Applicability.SAFE,
        file=ctx.file,
    )


@guarded
def keep_draining(ctx: Context, quit_at: Node | None) -> Fix | None:
    """`case <-ctx.Done(): return` -> `continue`, and `if ctx.Err() != nil { return }`
    likewise, in a consumer's `for v := range jobs` loop whose producer cannot be told to
    stop: once the signal comes the consumer goes on receiving (skipping the work) until
    the producer has sent everything and closed the channel.

    Unsafe: the remaining items are received and dropped instead of left unsent, and the
    consumer ends only when its producer closes the channel."""
    if quit_at is None or quit_at.type != "return_statement" or quit_at.named_children:
        return None  # a return with values: the loop's function owes its caller a result
    loop = next(
        (
            a
            for a in gosyntax.ancestors(quit_at)
            if a.type in ("for_statement", *gosyntax.FUNCTION_TYPES)
        ),
        None,
    )
    if loop is None or loop.type != "for_statement":
        return None
    if not editable(ctx, quit_at):
        return None
    if not any(c.type == "range_clause" for c in loop.named_children):
        return _drain_before_leaving(ctx, quit_at, loop)
    edits: list[TextEdit] = [TextEdit(quit_at.start_byte, quit_at.end_byte, "continue")]
    # The loop's other quits on the same signal go the same way: one left as `return`
    # would stop the draining there.
    body = loop.child_by_field_name("body")
    for other in gosyntax.walk(body) if body is not None else ():
        if (
            other.type == "return_statement"
            and other != quit_at
            and not other.named_children
            and _quits_on_the_signal(other, loop)
        ):
            edits.append(TextEdit(other.start_byte, other.end_byte, "continue"))
    ordered = sorted(edits, key=lambda e: e.start_byte)
    return make_fix(
        "Keep receiving until the producer is done: `continue` instead of `return` once the "
        "context has ended",
        ordered,
        Applicability.UNSAFE,
        file=ctx.file,
    )


def _quits_on_the_signal(ret: Node, loop: Node) -> bool:
    """A bare `return` in `case <-x.Done():` or under `if x.Err() != nil`, in `loop`
    itself (not in an inner loop)."""
    for a in gosyntax.ancestors(ret, loop):
        if a.type == "for_statement":
            return False
        if a.type == "communication_case":
            operand = gosyntax.received_operand(a)
            return (
                operand is not None
                and operand.type == "call_expression"
                and gosyntax.text(gosyntax.field(operand, "function")).endswith(".Done")
            )
        if a.type == "if_statement":
            cond = gosyntax.text(gosyntax.field(a, "condition")).replace(" ", "")
            return cond.endswith(".Err()!=nil")
    return False


def _drain_before_leaving(ctx: Context, quit_at: Node, loop: Node) -> Fix | None:
    """`case <-ctx.Done(): return` in `for { select { ... case v, ok := <-jobs: ... } }`
    -> `for range jobs {}` before the `return`: the consumer takes what the producer
    still sends, until it closes the channel, then leaves. (A `continue` would spin on
    the context's closed `Done()`.)"""
    if any(c.type != "block" for c in loop.named_children):
        return None
    received = [
        gosyntax.received_operand(c)
        for c in gosyntax.walk(loop)
        if c.type == "communication_case"
        and (comm := c.child_by_field_name("communication")) is not None
        and comm.type == "receive_statement"
        and (left := comm.child_by_field_name("left")) is not None
        and len(left.named_children) == 2
    ]
    channels = {gosyntax.text(r) for r in received if r is not None}
    if len(channels) != 1:
        return None
    channel = channels.pop()
    body = loop.child_by_field_name("body")
    # Every way out of the loop but the one taken when the channel is closed (`if !ok`)
    # leaves the producer's remaining sends to nobody: each drains first.
    quits = [quit_at] + [
        r
        for r in (gosyntax.walk(body) if body is not None else ())
        if r.type == "return_statement"
        and r != quit_at
        and not r.named_children
        and not _under_not_ok(r, loop)
        and not any(a.type == "for_statement" for a in gosyntax.ancestors(r, loop))
    ]
    drains = [
        layout.insert_before_statement(ctx.file, q, [f"for range {channel} {{", "}"]) for q in quits
    ]
    edits = [e for e in drains if e is not None]
    if len(edits) != len(drains):
        return None
    ordered = sorted(edits, key=lambda e: e.start_byte)
    return make_fix(
        f"Keep receiving until the producer is done: drain `{channel}` before leaving",
        ordered,
        Applicability.UNSAFE,
        file=ctx.file,
    )


def _under_not_ok(ret: Node, loop: Node) -> bool:
    """A `return` under `if !ok`: the receive found the channel closed, nothing is left."""
    return any(
        a.type == "if_statement"
        and gosyntax.text(gosyntax.field(a, "condition")).replace(" ", "").startswith("!")
        for a in gosyntax.ancestors(ret, loop)
    )
