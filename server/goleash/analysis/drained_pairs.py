"""A helper's pair of channels (results and errors) read by a loop that ends only once
the producer is done.

```go
func (g *lister) objects(ctx context.Context) (chan Obj, chan error) {
        ch, errc := make(chan Obj, 100), make(chan error, 1)
        go func() {
                defer close(ch)
                if err := g.list(ctx, ch); err != nil { // sends on ch, ignoring ctx
                        errc <- err // its last act
                }
        }()
        return ch, errc
}

        objs, errc := g.objects(ctx)
        for {
                select {
                case o, ok := <-objs:
                        if !ok {
                                return nil // closed: the producer returned
                        }
                        use(o)
                case err := <-errc:
                        return err // sent after the last send on ch
                }
        }
```

The send on `ch` ignores `ctx`, but nobody ever stops reading before the producer has
made its last send: the loop leaves only when `ch` is closed (deferred, so at the
producer's end) or when the error arrives (sent as the producer's last act). The
producer never blocks for want of a reader (trufflehog's GCS lister, audit 22).

Heuristic PAIR_DRAINED, a trade-off: the helper is unexported (its callers are all in
the package) and returns the same names on every `return`; each call assigns them
(`a, b := h(...)`) and reads them in a `for` with no condition of its own, whose every
way out (a `return`, or a `break` leaving it) is under `if !ok` of a receive from a
channel the producer closes at its end (`defer close(x)`, or `close(x)` as its last
act), or in a case receiving from a channel the producer sends on only as its last act.
A consumer that hands the channels on, or leaves its loop any other way, keeps the
finding.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.gated_exits import taken_when_closed

if TYPE_CHECKING:
    from goleash.analysis.package import Package


def drained_until_the_end(package: Package, owner: Node, producer_body: Node) -> bool:
    """PAIR_DRAINED (above): every caller of `owner` reads its returned channels until the
    goroutine running `producer_body` has made its last send."""
    name = gosyntax.function_name(owner)
    returned = _returned_names(owner)
    if not name or name[:1].isupper() or len(returned) < 2:
        return False
    closed_at_end, sent_at_end = _end_signals(producer_body)
    calls = re.compile(rb"\b" + re.escape(name.encode()) + rb"\(")
    seen = False
    for f in package.files:
        for m in calls.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.end() - 1)
            if node is None or node.parent == owner:
                continue  # the declaration's own name
            call = gosyntax.call_naming(node)
            if call is None:
                return False
            names = _assigned_names(call)
            if len(names) != len(returned):
                return False
            by_caller = dict(zip(names, returned))
            closes = {c for c, p in by_caller.items() if p in closed_at_end}
            sends = {c for c, p in by_caller.items() if p in sent_at_end}
            if not _read_until_the_end(call, set(names), closes, sends):
                return False
            seen = True
    return seen


def _returned_names(owner: Node) -> list[str]:
    """The identifiers every `return` of `owner` hands back, in order ([] if they differ)."""
    body = owner.child_by_field_name("body")
    found: list[list[str]] = []
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type != "return_statement":
            continue
        values = n.named_children[0].named_children if n.named_children else []
        if not values or any(v.type != "identifier" for v in values):
            return []
        found.append([gosyntax.text(v) for v in values])
    return found[0] if found and all(r == found[0] for r in found) else []


def _end_signals(body: Node) -> tuple[set[str], set[str]]:
    """(channels the producer closes at its end, channels it sends on only as its last
    act): `defer close(x)` among its own statements, or `close(x)` / `x <- v` in tail
    position wherever they appear."""
    closed: set[str] = set()
    for stmt in gosyntax.statements(body):
        call = stmt.named_children[0] if stmt.type == "defer_statement" else None
        if (
            call is not None
            and call.type == "call_expression"
            and gosyntax.callee_text(call) == "close"
        ):
            closed.update(gosyntax.text(a) for a in gosyntax.call_arguments(call))
    sends: dict[str, bool] = {}
    for n in gosyntax.walk(body):
        if n.type == "send_statement":
            ch = gosyntax.text(gosyntax.field(n, "channel"))
            sends[ch] = sends.get(ch, True) and gosyntax.in_tail_position(n, body)
        elif n.type == "call_expression" and gosyntax.callee_text(n) == "close":
            holder = n.parent
            if holder is not None and holder.type == "expression_statement":
                if gosyntax.in_tail_position(holder, body):
                    closed.update(gosyntax.text(a) for a in gosyntax.call_arguments(n))
    return closed, {ch for ch, last in sends.items() if last}


def _assigned_names(call: Node) -> list[str]:
    """`a, b` of `a, b := call` (or `=`); [] for any other use of the call."""
    parent, _child = gosyntax.parent_skipping_parens(call)
    if parent is None or parent.type != "expression_list" or parent.parent is None:
        return []
    stmt = parent.parent
    if stmt.type not in ("short_var_declaration", "assignment_statement"):
        return []
    if stmt.child_by_field_name("right") != parent or len(parent.named_children) != 1:
        return []
    left = gosyntax.field(stmt, "left").named_children
    if any(n.type != "identifier" for n in left):
        return []
    return [gosyntax.text(n) for n in left]


def _read_until_the_end(call: Node, names: set[str], closes: set[str], sends: set[str]) -> bool:
    """Is the call followed, in its block, by a `for { select {...} }` reading `names`
    whose every way out waits for the producer's end?"""
    stmt = call
    while stmt.parent is not None and stmt.parent.type not in ("block", "statement_list"):
        stmt = stmt.parent
    block = stmt.parent
    if block is None:
        return False
    after = [s for s in gosyntax.statements(block) if s.start_byte >= stmt.end_byte]
    loop = next((s for s in after if s.type == "for_statement"), None)
    if loop is None or any(
        c.type == "for_clause" or c.type == "range_clause" for c in loop.named_children
    ):
        return False
    if any(c.type not in ("block", "comment") for c in loop.named_children):
        return False  # `for cond {`: the condition is another way out
    body = loop.child_by_field_name("body")
    if body is None:
        return False
    reads = False
    for n in gosyntax.walk(body):
        if n.type == "communication_case":
            op = gosyntax.unparen(gosyntax.received_operand(n))
            reads = reads or (op is not None and gosyntax.text(op) in names)
        if n.type == "goto_statement":
            return False
        if n.type == "return_statement" or (n.type == "break_statement" and _leaves(n, loop)):
            if not _after_the_end(n, closes, sends):
                return False
    return reads


def _leaves(brk: Node, loop: Node) -> bool:
    """Does this `break` leave `loop` (a label naming it, or no `select`/`switch`/`for`
    between them)?"""
    label = brk.named_children[0] if brk.named_children else None
    if label is not None:
        parent = loop.parent
        return (
            parent is not None
            and parent.type == "labeled_statement"
            and gosyntax.text(parent.named_children[0]) == gosyntax.text(label)
        )
    for a in gosyntax.ancestors(brk, loop):
        if a.type in (
            "select_statement",
            "expression_switch_statement",
            "type_switch_statement",
            "for_statement",
        ):
            return False
    return True


def _after_the_end(exit_stmt: Node, closes: set[str], sends: set[str]) -> bool:
    """Is the way out in a case receiving a last-act send, or under `if !ok` of a case
    receiving from a channel closed at the producer's end?"""
    for a in gosyntax.ancestors(exit_stmt):
        if a.type == "communication_case":
            op = gosyntax.unparen(gosyntax.received_operand(a))
            name = gosyntax.text(op) if op is not None else ""
            if name in sends:
                return True
            if name in closes:
                return taken_when_closed(exit_stmt, a)
            return False
        if a.type in gosyntax.FUNCTION_TYPES:
            return False
    return False
