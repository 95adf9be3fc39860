"""Tell the senders when the reader cancels: a `gone` channel the cancelling method
closes, which each delivery waits on beside its send.

    type Watcher struct {
            events chan string
            gone   chan struct{}          // added
    }

    w := &Watcher{events: make(chan string), gone: make(chan struct{})}

    func (w *Watcher) Unsubscribe() {
            close(w.gone)                 // added
            ...
    }

    select {                              // was: w.events <- event
    case w.events <- event:
    case <-w.gone:
            return
    }

Offered only when the struct, the one place that makes the field, the cancelling method
and the send are all in the file being fixed, and the make is a key of a one-line
composite literal or a statement of its own.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.fixes import gotypes, layout, scope
from goleash.fixes.common import editable, guarded, make_fix
from goleash.fixes.loop_fixes import channel_field_edits
from goleash.fixes.select_fixes import select_edit
from goleash.model import Applicability, Fix, TextEdit

if TYPE_CHECKING:
    from goleash.rules.base import Context

_NAMES = ("gone", "done", "cancelled", "stopped")


@guarded
def close_on_cancel(
    ctx: Context, send: Node | None, type_name: str, field: str, canceller: Node | None
) -> Fix | None:
    """Unsafe: a second call of the cancelling method now panics on closing a closed
    channel, and a value made elsewhere than the one make site has a nil `gone`, on which
    the new case never fires."""
    if send is None or canceller is None:
        return None
    struct = gotypes.type_declaration(getattr(ctx, "package", None), type_name)
    if struct is None or struct.type != "struct_type" or not editable(ctx, struct, send, canceller):
        return None
    recv = gotypes.receiver(gosyntax.enclosing_function(send))
    cancel_recv = gotypes.receiver(canceller)
    body = canceller.child_by_field_name("body")
    if recv is None or cancel_recv is None or "_" in (recv[0], cancel_recv[0]) or body is None:
        return None
    if body.start_point[0] == body.end_point[0]:
        return None
    taken = set(re.findall(r"\b\w+\b", gosyntax.text(struct)))
    name = next((n for n in _NAMES if n not in taken), None)
    if name is None:
        return None
    make = _make_edit(ctx, field, name)
    fields = channel_field_edits(ctx, struct, name)
    built = select_edit(ctx, send, scope.WayOut(f"{recv[0]}.{name}"))
    if make is None or not fields or built is None:
        return None
    at = layout.line_end(ctx.file, body.start_point[0])
    close = TextEdit(
        at, at, f"\n{layout.indent_of(ctx.file, body)}{layout.TAB}close({cancel_recv[0]}.{name})"
    )
    edits = [*fields, make, close, built[0]]
    spans = sorted((e.start_byte, e.end_byte) for e in edits)
    if any(b[0] < a[1] for a, b in itertools.pairwise(spans)):
        return None
    method = gosyntax.function_name(canceller)
    return make_fix(
        f"Add a `{name}` channel closed by `{method}`, and wait on it beside the send",
        edits,
        Applicability.UNSAFE,
        file=ctx.file,
    )


def _make_edit(ctx: Context, field: str, name: str) -> TextEdit | None:
    """The new channel made beside the one make of `field` in this file: a key of the same
    one-line composite literal, or a statement `x.name = make(chan struct{})` before
    `x.field = make(...)`."""
    sites = [
        n
        for n in gosyntax.walk(ctx.file.root, skip_functions=False)
        if (n.type == "keyed_element" and _keyed_make(n, field))
        or (n.type == "assignment_statement" and _assigned_make(n, field))
    ]
    if len(sites) != 1 or _made_elsewhere(ctx, field):
        return None
    site = sites[0]
    if site.type == "keyed_element":
        literal = site.parent
        if literal is None or literal.start_point[0] != literal.end_point[0]:
            return None  # gofmt aligns the keys of a literal spread over lines
        return TextEdit(site.end_byte, site.end_byte, f", {name}: make(chan struct{{}})")
    left = gosyntax.text(gosyntax.field(site, "left"))
    owner = left.rsplit(".", 1)[0]
    return layout.insert_before_statement(
        ctx.file, site, [f"{owner}.{name} = make(chan struct{{}})"]
    )


def _keyed_make(element: Node, field: str) -> bool:
    kids = element.named_children
    return (
        len(kids) == 2
        and gosyntax.text(kids[0]) == field
        and gosyntax.text(kids[1]).replace(" ", "").startswith("make(chan")
    )


def _assigned_make(stmt: Node, field: str) -> bool:
    left = gosyntax.text(gosyntax.field(stmt, "left"))
    right = gosyntax.text(gosyntax.field(stmt, "right")).replace(" ", "")
    return bool(re.fullmatch(r"\w+(\.\w+)*\." + re.escape(field), left)) and right.startswith(
        "make(chan"
    )


def _made_elsewhere(ctx: Context, field: str) -> bool:
    """Does another file of the package make the field too (a second make site)?"""
    made = re.compile(rb"\b" + re.escape(field.encode()) + rb"\s*(:|=)\s*make\(")
    package = getattr(ctx, "package", None)
    files = gotypes.package_files(package) if package is not None else []
    return any(made.search(f.data) for f in files if f.path != ctx.file.path)
