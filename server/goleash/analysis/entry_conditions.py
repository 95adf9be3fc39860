"""Condition variables kept one per entry of a map or slice field.

```go
func (s *Studio) await(w *waiter) {
        s.mu.Lock()
        l := s.lines[w.Artist]
        for !s.closed && !l.nextInLine(w) {
                l.cond.Wait()            // this entry's condition
        }
        ...
}

func (s *Studio) Close(ctx context.Context) error {
        s.mu.Lock()
        s.closed = true
        s.mu.Unlock()
        if err := s.save(ctx); err != nil {
                return err               // the waiters are never woken
        }
        for _, l := range s.lines {
                l.cond.Broadcast()       // every entry's condition
        }
        ...
}
```

Heuristic ENTRY_CONDITION, a trade-off: a `Wait` on `x.cond` where `x` is a local the
waiting method takes from an entry of a field of its receiver (`l := s.lines[k]`,
assigned nowhere else) waits on the condition of that field's entries; a `Signal` or
`Broadcast` on `y.cond` wakes it when `y` is an entry of the same field in the waking
method: a value ranged over (`for _, l := range s.lines`), a local taken the same way,
or the entry itself (`s.lines[k].cond`). Which entry is not asked: a wake-up on one
entry counts for all, so a finding can only be missed, never made up, by a wake-up of
the wrong entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.index import receiver_type_name


@dataclass(frozen=True)
class EntryWait:
    call: Node  # the `l.cond.Wait()`
    cond: str  # `l.cond`, as the waiter names it
    cond_field: str  # `cond`
    holder: str  # `lines`: the receiver's field whose entries hold the condition
    method: Node  # the waiting method
    recv: str  # its receiver
    type_name: str  # its receiver's type
    loop: Node  # the `for` whose condition the `Wait` re-checks


def entry_waits(waits: Iterable[Node]) -> Iterator[EntryWait]:
    """The ENTRY_CONDITION waits among `waits`, each in a loop of a method."""
    for call in waits:
        fn = call.child_by_field_name("function")
        cond = fn.child_by_field_name("operand") if fn is not None else None
        base = cond.child_by_field_name("operand") if cond is not None else None
        method = gosyntax.enclosing_function(call)
        if cond is None or base is None or base.type != "identifier" or method is None:
            continue
        if method.type != "method_declaration" or cond.type != "selector_expression":
            continue
        recv = gosyntax.receiver_text(method)
        type_name = receiver_type_name(method)
        if recv is None or type_name is None or gosyntax.text(base) == recv:
            continue
        holder = taken_from_an_entry(gosyntax.text(base), method, recv)
        loop = next(
            (a for a in gosyntax.ancestors(call, method) if a.type == "for_statement"), None
        )
        if holder is None or loop is None:
            continue
        cond_field = gosyntax.text(gosyntax.field(cond, "field"))
        yield EntryWait(
            call, gosyntax.text(cond), cond_field, holder, method, recv, type_name, loop
        )


def wakes_an_entry(call: Node, method: Node, holder: str, cond_field: str) -> bool:
    """Is `call` a `Signal`/`Broadcast` on the condition of an entry of the receiver's
    `holder` field, in `method`?"""
    recv = gosyntax.receiver_text(method)
    fn = call.child_by_field_name("function")
    if recv is None or fn is None or fn.type != "selector_expression":
        return False
    if gosyntax.text(gosyntax.field(fn, "field")) not in ("Signal", "Broadcast"):
        return False
    cond = fn.child_by_field_name("operand")
    if cond is None or cond.type != "selector_expression":
        return False
    if gosyntax.text(gosyntax.field(cond, "field")) != cond_field:
        return False
    return is_an_entry(cond.child_by_field_name("operand"), call, method, holder)


def is_an_entry(expr: Node | None, at: Node, method: Node, holder: str) -> bool:
    """Does `expr`, at `at` in `method`, stand for an entry of the receiver's `holder`
    field: the entry itself (`s.lines[k]`), the value of a walk over the field around
    `at` (`for _, l := range s.lines`), or a local taken from an entry (`l :=
    s.lines[k]`)?"""
    recv = gosyntax.receiver_text(method)
    entry = gosyntax.unparen(expr)
    if recv is None or entry is None:
        return False
    if entry.type == "index_expression":
        return gosyntax.text(gosyntax.field(entry, "operand")) == f"{recv}.{holder}"
    if entry.type != "identifier":
        return False
    name = gosyntax.text(entry)
    return _ranged_over(at, method, name, f"{recv}.{holder}") is not None or (
        taken_from_an_entry(name, method, recv) == holder
    )


def wakes_every_entry(loop: Node, method: Node, holder: str, cond_field: str) -> Node | None:
    """The wake-up in `loop` when it is a `for _, l := range s.lines` over the receiver's
    `holder` field that wakes the entry's condition: a path that does not go round it
    found no entry, so no waiter to wake (EVERY_ENTRY_WOKEN)."""
    recv = gosyntax.receiver_text(method)
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    right = clause.child_by_field_name("right") if clause is not None else None
    if recv is None or right is None or gosyntax.text(right) != f"{recv}.{holder}":
        return None
    return next(
        (
            call
            for call in gosyntax.descendants(loop, "call_expression")
            if wakes_an_entry(call, method, holder, cond_field)
        ),
        None,
    )


def waking_loop(call: Node, method: Node, holder: str) -> Node | None:
    """The `for _, l := range s.lines { l.cond.Broadcast() }` that wakes every entry,
    when `call` is that loop's one statement (to be written again elsewhere by a fix);
    None for a wake-up of one entry."""
    recv = gosyntax.receiver_text(method)
    fn = call.child_by_field_name("function")
    cond = fn.child_by_field_name("operand") if fn is not None else None
    entry = cond.child_by_field_name("operand") if cond is not None else None
    if recv is None or entry is None or entry.type != "identifier":
        return None
    loop = _ranged_over(call, method, gosyntax.text(entry), f"{recv}.{holder}")
    body = loop.child_by_field_name("body") if loop is not None else None
    statements = gosyntax.statements(body) if body is not None else []
    if loop is None or len(statements) != 1 or call.parent != statements[0]:
        return None
    return loop


def _ranged_over(call: Node, method: Node, name: str, field: str) -> Node | None:
    """The `for _, name := range field` around `call`."""
    for a in gosyntax.ancestors(call, method):
        if a.type != "for_statement":
            continue
        clause = next((c for c in a.named_children if c.type == "range_clause"), None)
        left = clause.child_by_field_name("left") if clause is not None else None
        right = clause.child_by_field_name("right") if clause is not None else None
        names = [gosyntax.text(c) for c in left.named_children] if left is not None else []
        if right is not None and gosyntax.text(right) == field and names[-1:] == [name]:
            return a
    return None


def taken_from_an_entry(name: str, method: Node, recv: str) -> str | None:
    """The receiver's field `name` is taken from an entry of (`l := s.lines[k]`, `l, ok
    := s.lines[k]`), when that is its one assignment in the method."""
    body = method.child_by_field_name("body")
    holder: str | None = None
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type not in ("short_var_declaration", "assignment_statement", "var_spec"):
            continue
        left = n.child_by_field_name("left") or n
        names = [c for c in left.named_children if c.type == "identifier"]
        if not any(gosyntax.text(c) == name for c in names):
            continue
        if holder is not None or gosyntax.text(names[0]) != name:
            return None
        right = n.child_by_field_name("right") or n.child_by_field_name("value")
        values = right.named_children if right is not None else []
        value = gosyntax.unparen(values[0]) if len(values) == 1 else None
        operand = value.child_by_field_name("operand") if value is not None else None
        if value is None or value.type != "index_expression" or operand is None:
            return None
        if operand.type != "selector_expression":
            return None
        if gosyntax.text(gosyntax.field(operand, "operand")) != recv:
            return None
        holder = gosyntax.text(gosyntax.field(operand, "field"))
    return holder
