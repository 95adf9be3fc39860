"""A helper that returns a channel fed by its own goroutine (`lines(r) <-chan string`):
when the caller stops reading, the goroutine has no way to learn it. The way out is
threaded in through the helper's signature: the caller's context (`ctx
context.Context` as the first parameter), or, when the caller has none, a `done <-chan
struct{}` the caller closes when it returns. The goroutine's send becomes a select
on that way out.

A signature change is never safe, and it must reach every caller: the builders refuse
when the helper is called from another file of the package (or used as a value), since
a fix edits one file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.fixes import layout, scope
from goleash.fixes.common import editable, guarded, make_fix
from goleash.fixes.edits import replace_same_bytes
from goleash.fixes.imports import ensure_import
from goleash.fixes.select_fixes import select_edit
from goleash.model import Applicability, Fix, TextEdit

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.rules.base import Context


def _uses(root: Node, name: str) -> list[Node]:
    """Every identifier `name` in `root` (calls and other uses alike)."""
    return [
        n
        for n in gosyntax.walk(root, skip_functions=False)
        if n.type == "identifier" and gosyntax.text(n) == name
    ]


def _calls(ctx: Context, helper: Node, name: str) -> list[Node] | None:
    """The calls of the helper in this file; None when it is used otherwise or elsewhere."""
    calls = []
    for n in _uses(ctx.file.root, name):
        if gosyntax.is_within(n, helper) and n == helper.child_by_field_name("name"):
            continue
        parent = n.parent
        if (
            parent is None
            or parent.type != "call_expression"
            or parent.child_by_field_name("function") != n
        ):
            return None  # a value, a method value, a shadowing local...: not ours to rewrite
        calls.append(parent)
    package = getattr(ctx, "package", None)
    if package is not None:
        from goleash.fixes.gotypes import package_files

        for f in package_files(package)[1:]:
            if f.path != ctx.file.path and name.encode() in f.data and _uses(f.root, name):
                return None
    return calls


def _insert_parameter(ctx: Context, helper: Node, text: str) -> TextEdit | None:
    params = helper.child_by_field_name("parameters")
    if params is None:
        return None
    first = next((c for c in params.named_children if c.type != "comment"), None)
    if first is None:
        return TextEdit(params.start_byte + 1, params.start_byte + 1, text)
    return TextEdit(first.start_byte, first.start_byte, text + ", ")


def _insert_argument(call: Node, text: str) -> TextEdit:
    args = gosyntax.field(call, "arguments")
    first = next((c for c in args.named_children if c.type != "comment"), None)
    if first is None:
        return TextEdit(args.start_byte + 1, args.start_byte + 1, text)
    return TextEdit(first.start_byte, first.start_byte, text + ", ")


def _context_of(call: Node, package: Package | None) -> str | None:
    way = scope.find_way_out(gosyntax.enclosing_function(call), call, package)
    if way is None or not way.receive.endswith(".Done()"):
        return None
    return way.receive[: -len(".Done()")]


@guarded
def thread_way_out(ctx: Context, helper: Node | None, send: Node | None) -> Fix | None:
    """`func lines(r io.Reader) <-chan string` -> `func lines(ctx context.Context, r
    io.Reader)` (every caller has a context) or `func lines(done <-chan struct{}, r
    io.Reader)` (the caller makes `done` and closes it in a `defer`), and the
    goroutine's `out <- v` -> a select that returns on that way out. Unsafe: the
    signature changes, and the goroutine now stops when its caller is done."""
    if (
        helper is None
        or send is None
        or helper.type != "function_declaration"
        or not editable(ctx, helper, send)
    ):
        return None
    if send.type != "send_statement":
        return None
    name = gosyntax.function_name(helper)
    goroutine = gosyntax.enclosing_function(send)
    if (
        not name
        or goroutine is None
        or goroutine.type != "func_literal"
        or gosyntax.enclosing_function(goroutine) != helper
    ):
        return None
    calls = _calls(ctx, helper, name)
    if not calls or any(gosyntax.is_within(c, helper) for c in calls):
        return None
    package = getattr(ctx, "package", None)
    contexts = [_context_of(c, package) for c in calls]
    known = [expr for expr in contexts if expr]
    taken = scope.names_in_scope(helper, send)
    edits: list[TextEdit | None] = []
    if len(known) == len(contexts):
        param = scope.fresh_name(helper, send, ("ctx",)) if "ctx" in taken else "ctx"
        way = scope.WayOut(f"{param}.Done()", f"{param}.Err()")
        edits.append(_insert_parameter(ctx, helper, f"{param} context.Context"))
        edits += [_insert_argument(c, expr) for c, expr in zip(calls, known)]
        how = f"a `{param} context.Context` parameter from the caller"
    else:
        param = scope.fresh_name(helper, send, ("done", "stop", "quit"))
        way = scope.WayOut(param)
        edits.append(_insert_parameter(ctx, helper, f"{param} <-chan struct{{}}"))
        for c in calls:
            caller = gosyntax.enclosing_function(c)
            stmt = gosyntax.innermost_statement(c)
            body = caller.child_by_field_name("body") if caller is not None else None
            if (
                stmt is None
                or body is None
                or gosyntax.loops_between(stmt, body)
                or gosyntax.enclosing_function(stmt) != caller
            ):
                return None  # a defer per iteration would pile up
            local = scope.fresh_name(caller, c, (param, "done", "stop"))
            edits.append(
                layout.insert_before_statement(
                    ctx.file, stmt, [f"{local} := make(chan struct{{}})", f"defer close({local})"]
                )
            )
            edits.append(_insert_argument(c, local))
        how = f"a `{param}` channel its caller closes when it returns"
    built = select_edit(ctx, send, way, goroutine)
    ready = [e for e in edits if e is not None]
    if built is None or len(ready) < len(edits):
        return None
    ready.append(built[0])
    if way.err is not None:
        imported = ensure_import(ctx.file, "context")  # None: already imported
        if imported is not None:
            ready.append(imported)
    if replace_same_bytes(ready):
        return None
    return make_fix(
        f"Give `{name}` {how}, and `case <-{way.receive}: {built[1]}` in its goroutine",
        ready,
        Applicability.UNSAFE,
        file=ctx.file,
    )
