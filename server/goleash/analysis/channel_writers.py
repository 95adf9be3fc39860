"""Who writes to a channel: its sends and its `close`s, matched by text (a variable) or
by field name and receiver type (a field), across a function or the package.

SOLE_WRITER: a goroutine is a channel's only writer when no other function of the
package, nor another function literal of its declaration, sends on or closes it. A
field is matched by its name; a write through the receiver of a method of another
type (`r.closed` in a method of `Runc` against `d.closed` in one of `Docker`) is a
different field. Trade-off: a write through any other expression (a parameter, a
local copy of the struct) counts as a write of the same field, which keeps findings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.cfg import reaches
from goleash.analysis.index import receiver_type_name

if TYPE_CHECKING:
    from goleash.analysis.functions import Function


def only_written_past(func: Function, channel: tree_sitter.Node, op: tree_sitter.Node) -> bool:
    """Does `func` write `channel` (a send or a close, in its own body), as its only
    writer (SOLE_WRITER), and only where it can no longer get to `op` (or on its way
    out)? Then a receive that sees that write comes after `func` is past `op` for good."""
    body = func.node.child_by_field_name("body")
    writes = [n for n in gosyntax.walk(body) if writes_to(n, channel)] if body is not None else []
    return (
        bool(writes) and sole_writer(func, channel, writes) and past_the_operation(func, writes, op)
    )


def writes_to(n: tree_sitter.Node, channel: tree_sitter.Node) -> bool:
    """Is `n` a send on `channel` or a `close(channel)` (the same text)?"""
    target = written(n)
    return target is not None and target.text == channel.text


def sole_writer(func: Function, channel: tree_sitter.Node, mine: list[tree_sitter.Node]) -> bool:
    """SOLE_WRITER: no send on or close of `channel` (as named in `func`'s declaration)
    but `mine`."""
    own = {(n.start_byte, n.end_byte) for n in mine}
    top = gosyntax.top_level(func.node)
    if channel.type == "selector_expression":
        name = gosyntax.text(gosyntax.field(channel, "field"))
        mine_type = receiver_type_of(channel, top)
        for f in func.resolver.package.files:
            if name.encode() not in f.data:
                continue
            for n in gosyntax.walk(f.root, skip_functions=False):
                if not writes_to_field(n, name) or (
                    f.path == func.file.path and (n.start_byte, n.end_byte) in own
                ):
                    continue
                theirs = receiver_type_of(written(n), gosyntax.top_level(n))
                if mine_type is None or theirs is None or theirs == mine_type:
                    return False  # another writer of the same field (or one we cannot tell)
        return True
    return not any(
        writes_to(n, channel) and (n.start_byte, n.end_byte) not in own
        for n in gosyntax.walk(top, skip_functions=False)
    )


def written(n: tree_sitter.Node) -> tree_sitter.Node | None:
    """The channel a send statement or a `close(...)` call writes to."""
    if n.type == "send_statement":
        return gosyntax.unparen(gosyntax.field(n, "channel"))
    if n.type == "call_expression" and gosyntax.callee_text(n) == "close":
        args = gosyntax.call_arguments(n)
        return gosyntax.unparen(args[0]) if len(args) == 1 else None
    return None


def receiver_type_of(selector: tree_sitter.Node | None, top: tree_sitter.Node | None) -> str | None:
    """The type of `x` in `x.f`, when `x` is the receiver of the method `top`."""
    operand = selector.child_by_field_name("operand") if selector is not None else None
    if operand is None or top is None or top.type != "method_declaration":
        return None
    if gosyntax.text(operand) != gosyntax.receiver_text(top):
        return None
    return receiver_type_name(top)


def writes_to_field(n: tree_sitter.Node, name: str) -> bool:
    """A send on, or a close of, any `x.name`."""
    target = written(n)
    return (
        target is not None
        and target.type == "selector_expression"
        and gosyntax.text(gosyntax.field(target, "field")) == name
    )


def past_the_operation(
    func: Function, writes: list[tree_sitter.Node], op: tree_sitter.Node
) -> bool:
    """Is every write (in `func`) made once `func` can no longer get to `op`: deferred
    (made as it leaves), or at a point from which no path leads back to `op`?"""
    cfg = func.cfg
    at = cfg.node_of(op) if cfg is not None else None
    if cfg is None or at is None:
        return False
    for w in writes:
        if any(a.type == "defer_statement" for a in gosyntax.ancestors(w)):
            continue
        node = cfg.node_of(w)
        if node is None or node is at or reaches(node, at):
            return False
    return True
