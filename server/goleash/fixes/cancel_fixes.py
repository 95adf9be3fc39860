"""A cancel function kept for later (a struct field, a map of them) that the owner
forgets to call: the goroutine waiting on its context's `Done()` never ends. The call
goes where the owner lets go of it: first thing in the type's `Close`/`Stop`/...
method for a field, right before the `delete` that drops it from a map, in whichever
file of the package that method is declared."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.fixes import gotypes, imports, layout, scope
from goleash.fixes.common import editable, for_file, guarded, make_fix
from goleash.model import Applicability, Fix, TextEdit
from goleash.source import SourceFile

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.rules.base import Context

_RELEASERS = (
    "Close",
    "Stop",
    "Shutdown",
    "Release",
    "End",
    "Cancel",
    "Done",
    "Finish",
    "Unlock",
)


def _cancel_fields(struct: Node) -> Iterator[tuple[str, str]]:
    """(field name, "field" | "map") for the struct's fields holding cancel functions."""
    for fl in struct.named_children:
        for fd in fl.named_children if fl.type == "field_declaration_list" else ():
            t = fd.child_by_field_name("type") if fd.type == "field_declaration" else None
            if t is None:
                continue
            text = gosyntax.text(t).replace(" ", "")
            kind = (
                "field"
                if text == "context.CancelFunc"
                else "map"
                if t.type == "map_type" and text.endswith("]context.CancelFunc")
                else None
            )
            if kind:
                for n in fd.children_by_field_name("name"):
                    yield gosyntax.text(n), kind


def _methods(ctx: Context, type_name: str) -> list[tuple[SourceFile, Node, str]]:
    """(file, method, receiver name) of the type's methods across the package, the file
    being analysed first: the owner's `Close` may be declared in another file."""
    found = []
    package = getattr(ctx, "package", None)
    pairs = package.methods_of_type(type_name) if package is not None else []
    if not pairs:
        pairs = [
            (ctx.file, n) for n in ctx.file.root.named_children if n.type == "method_declaration"
        ]
    for file, n in pairs:
        recv = gotypes.receiver(n)
        if recv is not None and recv[1] == type_name and recv[0] != "_" and not file.is_generated:
            found.append((file, n, recv[0]))
    found.sort(key=lambda t: (t[0].path != ctx.file.path, t[0].path, t[1].start_byte))
    return found


def _field_edit(
    ctx: Context, type_name: str, field: str
) -> tuple[TextEdit, str, Applicability, SourceFile] | None:
    for file, m, recv in _methods(ctx, type_name):
        if gosyntax.function_name(m) not in _RELEASERS:
            continue
        body = m.child_by_field_name("body")
        if (
            body is None
            or f"{recv}.{field}(" in gosyntax.text(body)
            or body.start_point[0] == body.end_point[0]
        ):
            continue
        at = layout.line_end(file, body.start_point[0])
        edit = TextEdit(at, at, f"\n{layout.indent_of(file, body)}{layout.TAB}{recv}.{field}()")
        return (
            edit,
            f"Call `{recv}.{field}()` first thing in `{gosyntax.function_name(m)}`",
            Applicability.UNSAFE,
            file,
        )
    return None


def _map_edit(
    ctx: Context, type_name: str, field: str
) -> tuple[TextEdit, str, Applicability, SourceFile] | None:
    for file, m, recv in _methods(ctx, type_name):
        body = m.child_by_field_name("body")
        if body is None or f"{recv}.{field}[" in gosyntax.text(body):
            continue
        for n in gosyntax.walk(body):
            if n.type != "call_expression" or gosyntax.callee_text(n) != "delete":
                continue
            args = gosyntax.call_arguments(n)
            stmt = n.parent
            if (
                len(args) != 2
                or gosyntax.text(args[0]).replace(" ", "") != f"{recv}.{field}"
                or stmt is None
                or stmt.type != "expression_statement"
                or not layout.is_statement(stmt)
            ):
                continue
            key = gosyntax.text(args[1])
            name = scope.fresh_name(m, stmt, ("cancel", "stop"))
            edit = layout.insert_before_statement(
                file, stmt, [f"if {name}, ok := {recv}.{field}[{key}]; ok {{", f"\t{name}()", "}"]
            )
            if edit is not None:
                return (
                    edit,
                    f"Call the cancel function kept in `{recv}.{field}[{key}]` before deleting it",
                    Applicability.SAFE,
                    file,
                )
    return None


@guarded
def call_kept_cancel(ctx: Context, *funcs: Node) -> Fix | None:
    """Call the cancel function a struct keeps where its owner lets go of it.

    A map entry's cancel is called right before its `delete` (safe: calling a cancel
    function twice is harmless). A field's cancel is called first thing in the type's
    `Close`/`Stop`/`Release`... method: unsafe, since that call panics when the field
    was never set."""
    if not editable(ctx):
        return None  # a generated file
    package = getattr(ctx, "package", None)
    seen = set()
    for func in funcs:
        recv = gotypes.receiver(func) if func is not None else None
        if recv is None or recv[1] in seen:
            continue
        seen.add(recv[1])
        fix = _call_in_type(ctx, package, recv[1])
        if fix is not None:
            return fix
    return None


@guarded
def call_cancel_kept_in(ctx: Context, type_name: str) -> Fix | None:
    """`call_kept_cancel` for the struct type that keeps the cancel function, named
    directly (`&Lock{cancel: cancel}` made by another type's method)."""
    if not editable(ctx):
        return None  # a generated file
    return _call_in_type(ctx, getattr(ctx, "package", None), type_name)


def _call_in_type(ctx: Context, package: Package | None, type_name: str) -> Fix | None:
    struct = gotypes.type_declaration(package, type_name)
    if struct is None or struct.type != "struct_type":
        return None
    for field, kind in _cancel_fields(struct):
        built = (
            _field_edit(ctx, type_name, field)
            if kind == "field"
            else _map_edit(ctx, type_name, field)
        )
        if built is not None:
            edit, title, applicability, file = built
            # In another file (the owner's `Close` is declared there) the call is
            # offered one by one, as any edit of a file the user is not looking at.
            return for_file(ctx, file, make_fix(title, [edit], applicability, file=file))
    return None


@guarded
def hand_derived_context(ctx: Context, handed: Node, derived: str, file: SourceFile) -> Fix | None:
    """`go s.pump(ctx)` -> `go s.pump(sctx)` (or `<-ctx.Done()` -> `<-sctx.Done()` in a
    literal that captured the parent): the goroutine waits on the context its owner's
    cancel ends.

    Safe: the derived context is done whenever its parent is, so the goroutine still
    stops on every path it stopped on before, and now also when the owner cancels it."""
    if file.is_generated:
        return None
    fix = make_fix(
        f"Hand `{derived}` to the goroutine instead of `{gosyntax.text(handed)}`",
        [TextEdit(handed.start_byte, handed.end_byte, derived)],
        Applicability.SAFE,
        file=file,
    )
    return for_file(ctx, file, fix)


@guarded
def pointer_receiver(ctx: Context, method: Node | None) -> Fix | None:
    """`func (c Client) start()` -> `func (c *Client) start()`: the method's stores reach
    the caller's object instead of a copy.

    Unsafe: the method leaves the value type's method set, so a call on a value that is
    not addressable (or an interface satisfied by the value type) no longer compiles."""
    recv = method.child_by_field_name("receiver") if method is not None else None
    params = (
        [p for p in recv.named_children if p.type == "parameter_declaration"]
        if recv is not None
        else []
    )
    typ = params[0].child_by_field_name("type") if len(params) == 1 else None
    if (
        method is None
        or typ is None
        or typ.type not in ("type_identifier", "generic_type")
        or not editable(ctx, method)
    ):
        return None
    name = gosyntax.function_name(method)
    return make_fix(
        f"Give `{name}` a pointer receiver (`*{gosyntax.text(typ)}`)",
        [TextEdit(typ.start_byte, typ.start_byte, "*")],
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def cancel_on_the_way_out(ctx: Context, root: Node, birth: Node, context: str) -> Fix | None:
    """`ctx, cancel := context.WithCancel(ctx)` and `defer cancel()` right before the
    top-level statement of `root` that starts the producer (`birth`): the goroutine
    watching `ctx.Done()` is released when the function returns, not only when its
    caller's context ends (CALLER_CONTEXT_ONLY). Offered only when `context` is a
    `context.Context` parameter of `root` not redeclared before that statement, so the
    short declaration assigns the parameter itself (the parameters share the body's block)
    and every later use sees the derived context.

    Unsafe: whatever the function hands the context to after that point and that
    outlives the call (a goroutine, an object keeping it) now sees it cancelled when the
    function returns."""
    body = root.child_by_field_name("body")
    if body is None or not editable(ctx, birth) or not imports.imports(ctx.file, "context"):
        return None
    if not any(
        name == context
        and typ is not None
        and gosyntax.text(typ).replace(" ", "") == "context.Context"
        for name, typ in gosyntax.parameters(root)
    ):
        return None
    blocks = {body.id, *(c.id for c in body.named_children if c.type == "statement_list")}
    stmt = next(
        (a for a in gosyntax.ancestors(birth) if a.parent is not None and a.parent.id in blocks),
        None,
    )
    if stmt is None or not layout.is_statement(stmt):
        return None
    if any(
        n.type == "identifier"
        and gosyntax.text(n) == context
        and n.start_byte < stmt.start_byte
        and scope.declares(n)
        for n in gosyntax.walk(body, skip_functions=False)
    ):
        return None  # the name no longer means the parameter there
    cancel = scope.fresh_name(root, stmt, ("cancel", "cancelCtx"))
    edit = layout.insert_before_statement(
        ctx.file,
        stmt,
        [f"{context}, {cancel} := context.WithCancel({context})", f"defer {cancel}()"],
    )
    if edit is None:
        return None
    return make_fix(
        f"Derive `{context}` with `context.WithCancel` and cancel it when the function returns",
        [edit],
        Applicability.UNSAFE,
        file=ctx.file,
    )
