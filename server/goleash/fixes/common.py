"""What every fix builder needs: is this node ours to edit, and packaging a Fix (for
the file being analysed, or for another file of its package)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from tree_sitter import Node

from goleash import gosyntax
from goleash.fixes import layout
from goleash.model import Applicability, Fix, TextEdit
from goleash.source import SourceFile

if TYPE_CHECKING:
    from goleash.rules.base import Context

log = logging.getLogger("goleash.fixes")


_Args = ParamSpec("_Args")
_Built = TypeVar("_Built")


def guarded(builder: Callable[_Args, _Built]) -> Callable[_Args, _Built | None]:
    """A builder that fails offers no fix; it must never cost the finding it was asked for."""

    @functools.wraps(builder)
    def wrapper(*args: _Args.args, **kwargs: _Args.kwargs) -> _Built | None:
        try:
            return builder(*args, **kwargs)
        except Exception:  # a bug here must not silence the rule that called us
            log.exception("fix builder %s failed", builder.__name__)
            return None

    return wrapper


def owns(file: SourceFile, node: Node | None) -> bool:
    """Does `node` belong to `file`'s tree (and not to a sibling file of the package)?"""
    if node is None or node.end_byte > len(file.data):
        return False
    # The smallest node over that range, then up through its parents of the same extent or less.
    probe = file.root.descendant_for_byte_range(node.start_byte, node.end_byte)
    while (
        probe is not None
        and probe.start_byte >= node.start_byte
        and probe.end_byte <= node.end_byte
    ):
        if probe == node:
            return True
        probe = probe.parent
    return False


def editable(ctx: Context, *nodes: Node | None) -> bool:
    """Fixes are offered only in hand-written files, on nodes of the file being analysed."""
    file = ctx.file
    if file.is_generated:
        return False
    return all(owns(file, n) for n in nodes if n is not None)


def early_return_with(ctx: Context, ret: Node | None, op: Node | None) -> Node | None:
    """The function whose early `return` is `ret`, when `op` (the operation to add before
    it) is in that same function and both can be edited; else None."""
    if ret is None or op is None or ret.type != "return_statement" or not editable(ctx, ret, op):
        return None
    func = gosyntax.enclosing_function(ret)
    return func if func is not None and gosyntax.enclosing_function(op) == func else None


def package_file(ctx: Context, node: Node | None) -> SourceFile | None:
    """The hand-written file of the package that `node` belongs to: the file being
    analysed or one of its siblings, as the analysis read them (never the disk)."""
    if node is None:
        return None
    if owns(ctx.file, node):
        return None if ctx.file.is_generated else ctx.file
    for file in ctx.package.files:
        if file is not ctx.file and file.path != ctx.file.path and owns(file, node):
            return None if file.is_generated else file
    return None


def make_fix(
    title: str,
    parts: Sequence[TextEdit | None],
    applicability: Applicability = Applicability.SAFE,
    preferred: bool = False,
    file: SourceFile | None = None,
) -> Fix | None:
    """A Fix from the edits that could be built; with `file`, neighbouring trailing
    comments are re-aligned the way gofmt would. The edits are of one file, made on its
    bytes; a fix of another file of the package then goes through `for_file`, one of
    several files through `join_fixes`."""
    edits = [e for e in parts if e is not None]
    if not edits:
        return None
    if file is not None and _has_crlf(file):
        # Keep a Windows file's line endings: our text is written with "\n".
        edits = [
            TextEdit(
                e.start_byte, e.end_byte, e.new_text.replace("\r\n", "\n").replace("\n", "\r\n")
            )
            for e in edits
        ]
    if file is not None:
        from goleash.fixes.align import with_aligned_comments
        from goleash.fixes.edits import EditError

        try:
            edits = with_aligned_comments(file.data, edits, file.lines, file.tree)
        except EditError:
            return None
    return Fix(title, tuple(edits), applicability, preferred)


def _has_crlf(file: SourceFile) -> bool:
    """Does the file use Windows line endings? Asked once per file, not once per fix: a
    file with thousands of findings would be searched end to end for each."""
    known = file.__dict__.get("_goleash_crlf")
    if known is None:
        known = file.__dict__["_goleash_crlf"] = b"\r\n" in file.data
    return bool(known)


def cross_file(fix: Fix, path: str, safe_in_another_file: bool = False) -> Fix:
    """The fix with its edits moved to `path`, another file of the package.

    Such a fix changes code the user is not looking at, so it is offered one by one
    (UNSAFE) unless its builder argues that it keeps the program's meaning wherever
    it lands (`safe_in_another_file`)."""
    from dataclasses import replace

    edits = tuple(TextEdit(e.start_byte, e.end_byte, e.new_text, e.path or path) for e in fix.edits)
    applicability = fix.applicability
    if applicability is Applicability.SAFE and not safe_in_another_file:
        applicability = Applicability.UNSAFE
    return replace(fix, edits=edits, applicability=applicability)


def for_file(
    ctx: Context, file: SourceFile, fix: Fix | None, safe_in_another_file: bool = False
) -> Fix | None:
    """A fix built on `file`'s bytes, as the finding's fix: unchanged for the file being
    analysed, its edits named for `file` (and its safety judged, see `cross_file`) for
    another file of the package."""
    if fix is None or file is None or file.path == ctx.file.path:
        return fix
    return cross_file(fix, file.path, safe_in_another_file)


class _SeenFrom:
    """The analysis context as a builder sees it from another file of the package: that
    file is the one its edits are made on; everything else is the analysis's own."""

    def __init__(self, ctx: Context, file: SourceFile) -> None:
        self._ctx = ctx
        self.file = file

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ctx, name)


@guarded
def build_in_file(
    ctx: Context,
    node: Node,
    builder: Callable[..., Fix | None],
    *args: object,
    safe_in_another_file: bool = False,
) -> Fix | None:
    """`builder(ctx, *args)` run on the file of the package that holds `node` (the code to
    edit is declared there): the file being analysed, or a sibling, whose fix then names
    that file on its edits (see `for_file`)."""
    file = package_file(ctx, node)
    if file is None:
        return None
    if file.path == ctx.file.path:
        return builder(ctx, *args)
    return for_file(ctx, file, builder(_SeenFrom(ctx, file), *args), safe_in_another_file)


def join_fixes(
    title: str, *parts: Fix | None, applicability: Applicability | None = None
) -> Fix | None:
    """One fix made of the edits of several (each built on its own file); None when any is
    missing. Its safety is the least safe part's unless given."""
    built = [p for p in parts if p is not None]
    if not parts or len(built) < len(parts):
        return None
    order = [Applicability.SAFE, Applicability.UNSAFE, Applicability.DISPLAY_ONLY]
    least = max((p.applicability for p in built), key=order.index)
    return Fix(title, tuple(e for p in built for e in p.edits), applicability or least)


def statement_before_return(
    ctx: Context, ret: Node | None, statement: str, title: str
) -> Fix | None:
    """`statement` on a line of its own right before the `return` `ret` (`mu.Unlock()`,
    `close(ch)`), titled `title` and the return's line. Unsafe: the return's expressions
    now run after it."""
    if ret is None or ret.type != "return_statement" or not editable(ctx, ret):
        return None
    if not layout.is_statement(ret):
        return None
    edit = layout.insert_before_statement(ctx.file, ret, [statement])
    if edit is None:
        return None
    return make_fix(
        f"{title} at line {gosyntax.line_of(ret)}", [edit], Applicability.UNSAFE, file=ctx.file
    )
