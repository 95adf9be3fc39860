"""A flight a registry hands out for other callers to wait on, that its leader leaves
unfinished on some way out.

```go
func (f *flights) join(key string) (c *call, leader bool) {
        ...
        c = &call{}
        f.running[key] = c              // published: later callers get the same call
        return c, true
}

func (f *flights) wait(c *call) (Result, error) {
        for !c.done {
                f.cond.Wait()           // a follower sleeps until the leader finishes
        }
        ...
}

c, leader := d.flights.join(key)
if !leader {
        return d.flights.wait(c)
}
res, err := d.exec.Run(ctx, a)
if err != nil {
        d.flights.forget(key)
        return Result{}, err            // c is never finished: its followers sleep for good
}
d.flights.finish(key, c, res, nil)      // c.done = true; f.cond.Broadcast()
```

Request coalescing kept behind a registry's methods: the leader of a flight must end it
on every way out, since each follower that joined it waits in a condition loop for the
flag only the finishing function sets. Dropping the entry from the map only hides the
flight from callers still to come.

Heuristics, each a trade-off:
- FLAG_LOOP: the follower waits in `for !c.F { ... .Wait() }` on `c`, a parameter of
  type `*T` of its function, `T` a struct type of the package.
- FINISHER: a function of the package sets `p.F = true` on a parameter or receiver `p`
  of type `*T` (alone or in a multiple assignment); nothing else ends the wait.
- PUBLISHER: a function of the package stores a `T` it made (`c := &T{}`) in a map
  (`m[key] = c`) and returns it; what its callers take from it is a published flight.
- LEADER: a caller that takes the flight (`c, leader := x.join(key)`) and hands it to a
  finisher on some path. A `return` after the take whose way from the take neither
  mentions `c` nor passes a `defer` skips the finish. A `return` under an `if` testing
  another name the take bound (`if !leader`, `if err != nil`) is the follower's or the
  publisher's failure, not a leader's way out.
Read from the code's text and syntax; a finisher reached through another function, or
a flight kept under another name, is missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.values import base_type_name

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


@dataclass(frozen=True)
class AbandonedFlight:
    wait: Node  # the follower's `Wait()` call
    flag: str  # `c.done`
    take: Node  # the leader's `c, leader := d.flights.join(key)`
    take_file: SourceFile
    publisher: str  # `join`
    exit: Node  # the leader's `return` that skips the finish
    finish: Node  # the leader's call of the finisher on another way out
    leader: Node  # the leader function
    finisher: Node | None  # the finisher's declaration, when it is the package's only one
    flight: str  # the leader's name for the flight (`c`)


@dataclass(frozen=True)
class _Registry:
    """The package's PUBLISHER functions by the type they publish, and its FINISHER
    functions by the (type, flag field) they set: names only, so that the fact compares
    by value across builds."""

    publishers: dict[str, frozenset[str]]
    finishers: dict[tuple[str, str], frozenset[str]]


def abandoned_flights(
    package: Package, file: SourceFile, waits: Iterable[Node]
) -> list[AbandonedFlight]:
    """Among `waits` (the file's `Wait()` calls), the followers of a flight some leader
    leaves unfinished."""
    out: list[AbandonedFlight] = []
    for wait in waits:
        flag = _flag_loop(wait)
        if flag is None:
            continue
        var, field, typ = flag
        registry = package.derived("flight_registries", _registries)
        publishers = registry.publishers.get(typ, frozenset())
        finishers = registry.finishers.get((typ, field), frozenset())
        if not publishers or not finishers:
            continue
        for take_file, take, names, publisher in _takes(package.files, publishers):
            found = _skipped_finish(take, names, finishers)
            if found is None:
                continue
            exit_node, finish, leader = found
            name = (gosyntax.callee_text(finish) or "").rsplit(".", 1)[-1]
            declared = [
                d
                for f in package.files
                for d in f.root.named_children
                if d.type in ("function_declaration", "method_declaration")
                and gosyntax.function_name(d) == name
            ]
            out.append(
                AbandonedFlight(
                    wait,
                    f"{var}.{field}",
                    take,
                    take_file,
                    publisher,
                    exit_node,
                    finish,
                    leader,
                    declared[0] if len(declared) == 1 else None,
                    names[0],
                )
            )
            break
    return out


def _flag_loop(wait: Node) -> tuple[str, str, str] | None:
    """FLAG_LOOP: (`c`, `done`, `T`) for a `Wait()` in `for !c.done {`, `c *T` a
    parameter of the enclosing function."""
    if not (gosyntax.callee_text(wait) or "").endswith(".Wait") or gosyntax.call_arguments(wait):
        return None
    func = gosyntax.enclosing_function(wait)
    loop = next(
        (a for a in gosyntax.ancestors(wait, func) if a.type in ("for_statement", "func_literal")),
        None,
    )
    if func is None or loop is None or loop.type != "for_statement":
        return None
    condition = next(
        (c for c in loop.named_children if c.type not in ("block", "comment", "for_clause")),
        None,
    )
    if condition is None or condition.type != "unary_expression":
        return None
    if gosyntax.field(condition, "operator").type != "!":
        return None
    operand = gosyntax.unparen(condition.child_by_field_name("operand"))
    if operand is None or operand.type != "selector_expression":
        return None
    holder = gosyntax.unparen(operand.child_by_field_name("operand"))
    if holder is None or holder.type != "identifier":
        return None
    var, field = gosyntax.text(holder), gosyntax.text(gosyntax.field(operand, "field"))
    for name, type_node in gosyntax.parameters(func):
        if name == var and type_node is not None and type_node.type == "pointer_type":
            typ = base_type_name(type_node)
            return (var, field, typ) if typ else None
    return None


def _registries(files: list[SourceFile]) -> _Registry:
    publishers: dict[str, set[str]] = {}
    finishers: dict[tuple[str, str], set[str]] = {}
    for f in files:
        for decl in f.root.named_children:
            if decl.type not in ("function_declaration", "method_declaration"):
                continue
            name = gosyntax.function_name(decl)
            body = decl.child_by_field_name("body")
            if not name or body is None:
                continue
            typ = _published_type(decl) if b"] = " in (body.text or b"") else None
            if typ:
                publishers.setdefault(typ, set()).add(name)
            for key in _flags_set_true(decl, body):
                finishers.setdefault(key, set()).add(name)
    return _Registry(
        {t: frozenset(n) for t, n in publishers.items()},
        {k: frozenset(n) for k, n in finishers.items()},
    )


def _takes(
    files: list[SourceFile], publishers: frozenset[str]
) -> list[tuple[SourceFile, Node, tuple[str, ...], str]]:
    """(file, the statement, the names it binds, the publisher) of each call taking what
    a publisher returns: `c, leader := x.join(key)`."""
    called = re.compile(
        rb"\b(" + b"|".join(re.escape(n.encode()) for n in sorted(publishers)) + rb")\("
    )
    out: list[tuple[SourceFile, Node, tuple[str, ...], str]] = []
    for f in files:
        for m in called.finditer(f.data):
            take = _take_of(f.root.descendant_for_byte_range(m.start(), m.start() + 1))
            if take is not None:
                left = gosyntax.field(take, "left").named_children
                out.append((f, take, tuple(gosyntax.text(n) for n in left), m.group(1).decode()))
    return out


def _published_type(decl: Node) -> str | None:
    """PUBLISHER: `T` when the function makes `v := &T{...}` (or `v = &T{...}`), stores
    `v` in a map (`m[key] = v`) and returns it."""
    body = decl.child_by_field_name("body")
    if body is None:
        return None
    made: dict[str, str] = {}
    stored: set[str] = set()
    returned: set[str] = set()
    for n in gosyntax.walk(body):
        if n.type in ("short_var_declaration", "assignment_statement"):
            left = gosyntax.field(n, "left").named_children
            right = gosyntax.field(n, "right").named_children
            if len(left) != 1 or len(right) != 1:
                continue
            value = gosyntax.unparen(right[0])
            if (
                value is not None
                and value.type == "unary_expression"
                and gosyntax.field(value, "operator").type == "&"
            ):
                literal = gosyntax.unparen(value.child_by_field_name("operand"))
                typ = literal.child_by_field_name("type") if literal is not None else None
                if literal is not None and literal.type == "composite_literal" and typ is not None:
                    made[gosyntax.text(left[0])] = gosyntax.text(typ)
            elif left[0].type == "index_expression" and value is not None:
                stored.add(gosyntax.text(value))
        elif n.type == "return_statement":
            values = n.named_children[0].named_children if n.named_children else []
            if values:
                returned.add(gosyntax.text(values[0]))
    for var, made_type in made.items():
        if var in stored and var in returned:
            return made_type
    return None


def _take_of(node: Node | None) -> Node | None:
    """`c, leader := x.join(key)`: the declaration whose one value is the call at `node`."""
    call = node
    while call is not None and call.type != "call_expression":
        if call.type in ("block", "source_file"):
            return None
        call = call.parent
    values = call.parent if call is not None else None
    stmt = values.parent if values is not None else None
    if (
        call is None
        or values is None
        or values.type != "expression_list"
        or len(values.named_children) != 1
        or stmt is None
        or stmt.type != "short_var_declaration"
    ):
        return None
    return stmt


def _flags_set_true(decl: Node, body: Node) -> set[tuple[str, str]]:
    """FINISHER: (`T`, `F`) for each `p.F = true` of the function on a parameter or
    receiver `p *T`."""
    if b"true" not in (body.text or b""):
        return set()
    holders = {
        n: typ
        for n, t in _typed_names(decl)
        if t is not None and t.type == "pointer_type" and (typ := base_type_name(t))
    }
    out: set[tuple[str, str]] = set()
    for n in gosyntax.walk(body) if holders else ():
        if n.type != "assignment_statement" or gosyntax.field(n, "operator").type != "=":
            continue
        left = gosyntax.field(n, "left").named_children
        right = gosyntax.field(n, "right").named_children
        for target, value in zip(left, right):
            if target.type != "selector_expression" or value.type != "true":
                continue
            holder = gosyntax.text(gosyntax.field(target, "operand"))
            if holder in holders:
                out.add((holders[holder], gosyntax.text(gosyntax.field(target, "field"))))
    return out


def _typed_names(decl: Node) -> list[tuple[str, Node | None]]:
    names = list(gosyntax.parameters(decl))
    receiver = decl.child_by_field_name("receiver")
    for p in receiver.named_children if receiver is not None else ():
        if p.type == "parameter_declaration":
            t = p.child_by_field_name("type")
            names += [(gosyntax.text(n), t) for n in p.children_by_field_name("name")]
    return names


def _skipped_finish(
    take: Node, names: tuple[str, ...], finishers: frozenset[str]
) -> tuple[Node, Node, Node] | None:
    """LEADER: (the `return` skipping the finish, the finisher's call, the leader)."""
    if not names or names[0] in ("_", ""):
        return None
    flight = names[0]
    others = {n for n in names[1:] if n not in ("_", "")}
    leader = gosyntax.enclosing_function(take)
    body = leader.child_by_field_name("body") if leader is not None else None
    if leader is None or body is None:
        return None
    finish = next(
        (
            call
            for call in gosyntax.walk(body)
            if call.type == "call_expression"
            and call.start_byte > take.end_byte
            and (gosyntax.callee_text(call) or "").rsplit(".", 1)[-1] in finishers
            and gosyntax.mentions(call, {flight})
        ),
        None,
    )
    if finish is None:
        return None
    for ret in gosyntax.walk(body):
        if ret.type != "return_statement" or ret.start_byte < take.end_byte:
            continue
        if gosyntax.mentions(ret, {flight}) or gosyntax.under_a_test_of(ret, others, body):
            continue
        on_the_way = [
            s for s in gosyntax.statements_before(ret, body) if s.start_byte >= take.start_byte
        ]
        if take not in on_the_way:
            continue  # not after the take on any way
        if any(
            s.type == "defer_statement" or _passes_on(s, flight) for s in on_the_way if s != take
        ):
            continue
        if gosyntax.deferred_before(ret, body):
            continue
        return ret, finish, leader
    return None


def _passes_on(stmt: Node, name: str) -> bool:
    """Does `stmt`, run on the way to a later statement, mention `name` outside a `return`
    of its own (`if !leader { return wait(c) }` hands `c` on only on a way that leaves)?"""
    for n in gosyntax.walk(stmt):
        if n.type == "identifier" and gosyntax.text(n) == name:
            if not any(a.type == "return_statement" for a in gosyntax.ancestors(n, stmt)):
                return True
    return False
