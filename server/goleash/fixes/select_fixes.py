"""Giving a blocked goroutine a way out: a `ctx.Done()` (or stop channel) case in a select."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.fixes import gotypes, layout, scope
from goleash.fixes.common import editable, guarded, make_fix
from goleash.model import Applicability, Fix, TextEdit
from goleash.source import SourceFile

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.rules.base import Context


def _package(ctx: Context) -> Package | None:
    return getattr(ctx, "package", None)


def _case_receiving_from(select: Node, receive: str) -> Node | None:
    want = f"<-{receive}".replace(" ", "")
    for case in gosyntax.select_cases(select):
        comm = gosyntax.case_communication(case)
        if comm is not None and gosyntax.text(comm).replace(" ", "").endswith(want):
            return case
    return None


def _receives_from(select: Node, receive: str) -> bool:
    return _case_receiving_from(select, receive) is not None


def _case_returns(case: Node) -> bool:
    return any(
        n.type in ("return_statement", "goto_statement")
        for s in gosyntax.statements(case)
        for n in [s, *gosyntax.walk(s)]
    )


def return_in_case_edit(
    ctx: Context, select: Node, way: scope.WayOut
) -> tuple[TextEdit, str] | None:
    """The select already waits on the way out but carries on: end that case with a return."""
    case = _case_receiving_from(select, way.receive)
    if case is None or _case_returns(case):
        return None
    func = gosyntax.enclosing_function(select)
    if func is None:
        return None
    ret = gotypes.return_statement(func, _package(ctx), way.err)
    stmts = [n for n in gosyntax.statements(case) if n.type != "comment"]
    last = stmts[-1] if stmts else case.child_by_field_name("communication")
    if last is None:
        return None
    # After the last statement's line (and its trailing comment), one level inside the case.
    if stmts and not layout.alone_on_lines(ctx.file, last):
        return None
    at = layout.line_end(ctx.file, last.end_point[0])
    indent = layout.indent_of(ctx.file, case) + layout.TAB
    return TextEdit(at, at, "\n" + indent + ret), ret


def _operand_text(op_node: Node) -> str:
    if op_node.type == "send_statement":
        ch = op_node.child_by_field_name("channel")
    elif op_node.type == "unary_expression":
        ch = op_node.child_by_field_name("operand")
    else:
        return ""
    return gosyntax.text(ch) if ch is not None else ""


def _title(way: scope.WayOut, ret: str, what: str) -> str:
    return f"{what} `case <-{way.receive}: {ret}` to the select"


def _case_lines(way: scope.WayOut, ret: str) -> list[str]:
    return [way.case, "\t" + ret]


def done_case_edit(ctx: Context, select: Node, way: scope.WayOut) -> tuple[TextEdit, str] | None:
    """The edit adding `case <-way: return ...` before the select's closing brace."""
    if gosyntax.select_has_default(select) or _receives_from(select, way.receive):
        return None
    close = select.children[-1] if select.children else None
    if close is None or close.type != "}" or not layout.starts_line(ctx.file, close):
        return None
    func = gosyntax.enclosing_function(select)
    if func is None:
        return None
    ret = gotypes.return_statement(func, _package(ctx), way.err)
    indent = layout.indent_of(ctx.file, select)
    at = ctx.file.line_starts[close.start_point[0]]
    return TextEdit(at, at, layout.reindent(_case_lines(way, ret), indent) + "\n"), ret


@guarded
def add_done_case(
    ctx: Context, select: Node | None, func: Node | None = None, way: scope.WayOut | None = None
) -> Fix | None:
    """Add `case <-ctx.Done(): return ...` (or the done/stop/quit channel in scope) to `select`.

    None when the select cannot block (it has a `default`), already waits on that way
    out, or nothing suitable is in scope (the rule may then offer a stop channel).
    """
    if select is None or not editable(ctx, select):
        return None
    if way is None:
        way = scope.find_way_out(func, select, _package(ctx))
    if way is None:
        return None
    built = done_case_edit(ctx, select, way)
    if built is not None:
        edit, ret = built
        return make_fix(_title(way, ret, "Add"), [edit], Applicability.SAFE, file=ctx.file)
    built = return_in_case_edit(ctx, select, way)
    if built is not None:
        edit, ret = built
        return make_fix(
            f"Add `{ret}` to the `case <-{way.receive}:`", [edit], Applicability.SAFE, file=ctx.file
        )
    return None


def _statement_of(op_node: Node) -> tuple[Node | None, str]:
    """The statement holding a send or receive, and how the receive's value is used."""
    if op_node.type == "send_statement":
        return (op_node, "send") if layout.is_statement(op_node) else (None, "")
    if op_node.type != "unary_expression":
        return None, ""
    parent, _ = gosyntax.parent_skipping_parens(op_node)
    if parent is None:
        return None, ""
    if parent.type == "expression_statement":
        return (parent, "discard") if layout.is_statement(parent) else (None, "")
    if parent.type == "expression_list" and parent.named_child_count == 1:
        stmt = parent.parent
        if stmt is None or not layout.is_statement(stmt):
            return None, ""
        if stmt.type == "short_var_declaration" and stmt.child_by_field_name("right") == parent:
            return stmt, "define"
        if stmt.type == "assignment_statement" and stmt.child_by_field_name("right") == parent:
            operator = stmt.child_by_field_name("operator")
            if operator is not None and operator.type == "=":
                return stmt, "assign"
        if stmt.type == "return_statement":
            return stmt, "return"
    return None, ""


def _indented_text(file: SourceFile, node: Node, base_indent: str) -> list[str]:
    """`node`'s text as lines relative to `base_indent` (continuation lines keep their depth)."""
    lines = file.text(node).split("\n")
    out = [lines[0]]
    for ln in lines[1:]:
        out.append(ln[len(base_indent) :] if ln.startswith(base_indent) else ln)
    return out


def _declared_earlier(stmt: Node, name: str) -> bool:
    """Is `name` already declared in `stmt`'s own block (or as a parameter of its function)?"""
    block = stmt.parent
    for s in block.named_children if block is not None else ():
        if s.start_byte >= stmt.start_byte:
            break
        if s.type == "short_var_declaration":
            if any(gosyntax.text(c) == name for c in gosyntax.field(s, "left").named_children):
                return True
        if s.type == "var_declaration":
            for spec in s.named_children:
                if any(gosyntax.text(c) == name for c in spec.children_by_field_name("name")):
                    return True
    body = layout.enclosing_block(stmt)
    func = gosyntax.enclosing_function(stmt)
    if func is not None and body is not None and func.child_by_field_name("body") == body:
        return any(n == name for n, _ in gosyntax.parameters(func))
    return False


def _select_lines(
    ctx: Context, stmt: Node, kind: str, op_node: Node, way: scope.WayOut, ret: str, func: Node
) -> list[str] | None:
    file = ctx.file
    indent = layout.indent_of(file, stmt)
    if kind == "send":
        comm = _indented_text(file, stmt, indent)
        comm[0] = "case " + comm[0]
        comm[-1] += ":"
        return ["select {", *comm, *_case_lines(way, ret), "}"]
    op_text = file.text(op_node)
    if "\n" in op_text:
        return None
    if kind == "discard":
        return ["select {", f"case {op_text}:", *_case_lines(way, ret), "}"]
    if kind == "assign":
        left = gosyntax.text(gosyntax.field(stmt, "left"))
        return ["select {", f"case {left} = {op_text}:", *_case_lines(way, ret), "}"]
    if kind == "return":
        value = scope.fresh_name(func, stmt, ("v", "value", "result"))
        around = gosyntax.enclosing_function(stmt)
        results = gotypes.results(around) if around is not None else []
        if len(results) != 1:
            return None
        return [
            "select {",
            f"case {value} := {op_text}:",
            f"\treturn {value}",
            *_case_lines(way, ret),
            "}",
        ]
    if kind == "define":
        names = [gosyntax.text(c) for c in gosyntax.field(stmt, "left").named_children]
        if len(names) > 2:
            return None
        chan_type = gotypes.channel_expression_type(
            op_node.child_by_field_name("operand"), _package(ctx)
        )
        elem = gotypes.element_type(chan_type)
        types = [elem, "bool"][: len(names)]
        decls = []
        for name, typ in zip(names, types):
            if name == "_" or _declared_earlier(stmt, name):
                continue
            if typ is None:
                return None
            decls.append(f"var {name} {typ}")
        if all(n == "_" for n in names):
            return ["select {", f"case {op_text}:", *_case_lines(way, ret), "}"]
        return [
            *decls,
            "select {",
            f"case {', '.join(names)} = {op_text}:",
            *_case_lines(way, ret),
            "}",
        ]
    return None


def select_edit(
    ctx: Context, op_node: Node, way: scope.WayOut, func: Node | None = None
) -> tuple[TextEdit, str] | None:
    """The edit wrapping the statement of `op_node` in a select with `way`'s case."""
    stmt, kind = _statement_of(op_node)
    if stmt is None:
        return None
    inner = gosyntax.enclosing_function(stmt)
    if inner is None:
        return None
    ret = gotypes.return_statement(inner, _package(ctx), way.err)
    lines = _select_lines(ctx, stmt, kind, op_node, way, ret, func or inner)
    if lines is None:
        return None
    # The statement's own comment goes with its operation: the last line of the first case.
    first_case_end = next(i for i, ln in enumerate(lines) if ln.startswith("case "))
    while not lines[first_case_end].endswith(":"):
        first_case_end += 1
    edit = layout.replace_statement(ctx.file, stmt, lines, first_case_end)
    return (edit, ret) if edit is not None else None


@guarded
def wrap_in_select(
    ctx: Context, op_node: Node | None, func: Node | None = None, way: scope.WayOut | None = None
) -> Fix | None:
    """`ch <- v` / `v := <-ch` / `<-ch` / `x = <-ch` / `return <-ch` -> a select that also
    waits on `ctx.Done()` (or the done/stop/quit channel in scope) and returns.

    Assignments keep their meaning (`v := <-ch` becomes `var v T` + `case v = <-ch:`); the
    return carries the function's zero values, and `ctx.Err()` where it returns an error.
    """
    if op_node is None or not editable(ctx, op_node):
        return None
    if way is None:
        way = scope.find_way_out(func, op_node, _package(ctx), frozenset({_operand_text(op_node)}))
    if way is None or _operand_text(op_node).replace(" ", "") == way.receive.replace(" ", ""):
        return None  # already waiting on that way out: a select on it twice would change nothing
    built = select_edit(ctx, op_node, way, func)
    if built is None:
        return None
    edit, ret = built
    what = "send" if op_node.type == "send_statement" else "receive"
    return make_fix(
        f"Wrap the {what} in a `select` with `case <-{way.receive}: {ret}`",
        [edit],
        Applicability.SAFE,
        file=ctx.file,
    )


@guarded
def stop_channel(
    ctx: Context, op_node: Node | None, goroutine: Node | None, select: Node | None = None
) -> Fix | None:
    """No context in scope: `stop := make(chan struct{})` + `defer close(stop)` in the
    function that starts `goroutine` (a `go func() {...}()` literal), and `case <-stop:
    return` in the goroutine, around `op_node` or added to `select`.

    Unsafe: the goroutine now stops when its starter returns, which is the point, but it
    changes behaviour when the goroutine was meant to outlive it.
    """
    if (
        goroutine is None
        or goroutine.type != "func_literal"
        or not editable(ctx, goroutine, op_node, select)
    ):
        return None
    parent = gosyntax.enclosing_function(goroutine)
    if parent is None or parent.child_by_field_name("body") is None:
        return None
    if any(t is not None and t.type == "channel_type" for t in gotypes.results(parent)):
        return None  # a helper returning the channel: closing `stop` on return would end the goroutine at once
    anchor = op_node if op_node is not None else select
    if anchor is None or not gosyntax.is_within(anchor, goroutine):
        return None
    name = scope.fresh_name(parent, anchor, ("stop", "stopCh", "quit"))
    way = scope.WayOut(name)
    if select is not None:
        built = done_case_edit(ctx, select, way)
    elif op_node is not None:
        built = select_edit(ctx, op_node, way, goroutine)
    else:
        return None
    if built is None:
        return None
    child_edit, ret = built
    top = _statement_in_body(goroutine, parent.child_by_field_name("body"))
    if top is None:
        return None
    parent_edit = layout.insert_before_statement(
        ctx.file, top, [f"{name} := make(chan struct{{}})", f"defer close({name})"]
    )
    if parent_edit is None:
        return None
    if (
        parent_edit.end_byte > child_edit.start_byte
        and parent_edit.start_byte < child_edit.end_byte
    ):
        return None
    return make_fix(
        f"Add a `{name}` channel: `defer close({name})` here, `case <-{name}: {ret}` in the goroutine",
        [parent_edit, child_edit],
        Applicability.UNSAFE,
        file=ctx.file,
    )


def _statement_in_body(node: Node, body: Node | None) -> Node | None:
    stmt = gosyntax.innermost_statement(node)
    while stmt is not None:
        if layout.enclosing_block(stmt) == body:
            return stmt
        stmt = gosyntax.innermost_statement(stmt.parent)
    return None


@guarded
def wait_instead_of_empty_select(
    ctx: Context, select: Node | None, goroutine: Node | None
) -> Fix | None:
    """`select {}` parks the goroutine for good: wait on `ctx.Done()` (or the done/stop
    channel in scope) instead, safe since it still waits until told to stop; with nothing
    in scope and a literal goroutine, on a `stop` channel its starter closes when it
    returns (unsafe: the goroutine now ends with its starter)."""
    if (
        select is None
        or goroutine is None
        or not editable(ctx, select)
        or not layout.is_statement(select)
    ):
        return None
    way = scope.find_way_out(goroutine, select, _package(ctx))
    if way is not None:
        edit = layout.replace_statement(ctx.file, select, [f"<-{way.receive}"])
        if edit is None:
            return None
        return make_fix(
            f"Wait on `<-{way.receive}` instead of `select {{}}`",
            [edit],
            Applicability.SAFE,
            file=ctx.file,
        )
    if goroutine.type != "func_literal":
        return None
    parent = gosyntax.enclosing_function(goroutine)
    if parent is None or parent.child_by_field_name("body") is None:
        return None
    if any(t is not None and t.type == "channel_type" for t in gotypes.results(parent)):
        return None
    name = scope.fresh_name(parent, select, ("stop", "stopCh", "quit"))
    top = _statement_in_body(goroutine, parent.child_by_field_name("body"))
    if top is None:
        return None
    edits = [
        layout.insert_before_statement(
            ctx.file, top, [f"{name} := make(chan struct{{}})", f"defer close({name})"]
        ),
        layout.replace_statement(ctx.file, select, [f"<-{name}"]),
    ]
    before, replaced = edits
    if before is None or replaced is None or before.end_byte > replaced.start_byte:
        return None
    return make_fix(
        f"Wait on a `{name}` channel closed when the starter returns, instead of `select {{}}`",
        edits,
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def wait_on_child_context(ctx: Context, case: Node | None, parent: str, child: str) -> Fix | None:
    """`case <-ctx.Done():` -> `case <-qctx.Done():` in a goroutine whose starter derives
    `qctx` from `ctx` and cancels it on every way out: the goroutine is released when its
    starter leaves, not only when the caller's context ends.

    Unsafe: the goroutine now also gives up when the child's deadline passes, while a
    receiver that waits only on the parent may still expect its value."""
    holder = gosyntax.done_holder(gosyntax.received_operand(case)) if case is not None else None
    if holder is None or gosyntax.text(holder) != parent or not editable(ctx, holder):
        return None
    return make_fix(
        f"Wait on `{child}.Done()` instead of `{parent}.Done()`: the starter cancels `{child}` on its way out",
        [TextEdit(holder.start_byte, holder.end_byte, child)],
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def wait_for_signal_or_done(
    ctx: Context, receive: Node | None, context: str, channel: str, element: str
) -> Fix | None:
    """`sig := <-sigs` -> `var sig os.Signal` + `select { case sig = <-sigs: case
    <-ctx.Done(): return }`: a goroutine waiting for an OS signal to cancel `ctx` gives up
    once the context ends some other way. Safe: with a signal it goes on as before; without
    one, the run's own cancel ends the wait it could never leave."""
    if receive is None or not layout.is_statement(receive) or not editable(ctx, receive):
        return None
    if receive.type == "expression_statement":
        head: list[str] = []
        case = f"case <-{channel}:"
    else:
        left = gosyntax.field(receive, "left").named_children
        if len(left) != 1 or left[0].type != "identifier":
            return None
        name = gosyntax.text(left[0])
        if receive.type == "short_var_declaration" and name != "_":
            head = [f"var {name} {element}"]
        else:
            head = []
        case = f"case {name} = <-{channel}:" if name != "_" else f"case <-{channel}:"
    lines = [*head, "select {", case, f"case <-{context}.Done():", "\treturn", "}"]
    edit = layout.replace_statement(ctx.file, receive, lines)
    if edit is None:
        return None
    return make_fix(
        f"Stop waiting for a signal once `{context}` is done",
        [edit],
        Applicability.SAFE,
        file=ctx.file,
    )
