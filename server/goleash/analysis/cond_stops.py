"""A goroutine that sleeps on a `sync.Cond` of its object until a method sets a stop
flag and wakes it: the object's stopping methods, as `stop_signals` reads channels.

```go
func (l *listener) run() {
        for {
                l.mu.Lock()
                for len(l.pending) == 0 && !l.stopped {
                        l.cond.Wait()           // sleeps until work or the stop comes
                }
                ...
                if len(batch) == 0 {
                        return                  // stopped and drained
                }
        }
}

func (l *listener) stop() {
        l.mu.Lock()
        l.stopped = true
        l.cond.Broadcast()
        l.mu.Unlock()
}
```

Heuristics, each a trade-off:
- FLAG_WAIT_LOOP: the goroutine, a method of `T`, waits in `for ... { x.c.Wait() }`
  whose condition reads `!x.F` (`x` its receiver, `F` a field of `T`), inside a loop
  with no end of its own (`for { ... }`): it runs until the flag is set.
- SET_AND_WOKEN: the stopping methods of `T` are those setting `recv.F = true` and
  calling `Broadcast` or `Signal` in the same body. A flag set by a helper of another
  type, or woken through another method, is missed.
- STOPPED_THROUGH_A_PART (`part_stop`): the goroutine may sleep in a method of an object
  a field of `T` holds (`v, ok := s.outbox.pop()`, its only way out `if !ok { return
  }`), that object waiting in such a loop on a flag of its own: the part's setters stop
  it (`s.outbox.close()`).
- SLEEPS_IN_A_PART (`part_waits`): the goroutine, a method of `T`, calls a method of
  the object a field of `T` holds (`t.picker.Next(id)`), which sleeps in a wait loop
  that ends once a flag of that object is set (`for ... && !p.closed`, or `if p.closed
  { return ... }` before the `Wait` of a `for {`), and a method of it sets the flag and
  wakes the waiters (`Close`). Whoever stops `T` must call that method: the part's
  other wake-ups serve its other users, and after the stop none is left to make them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.index import receiver_type_name

if TYPE_CHECKING:
    from goleash.analysis.functions import Function
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


@dataclass(frozen=True)
class CondStop:
    flag: str  # `stopped`
    wait: tree_sitter.Node  # the goroutine's `l.cond.Wait()` statement
    methods: tuple[str, ...]  # the methods of the type that set the flag and wake it
    setter: tree_sitter.Node  # the first one's `l.stopped = true`
    setter_file: SourceFile


def cond_stop(package: Package, type_name: str, goroutine: Function) -> CondStop | None:
    """The flag a goroutine of `type_name` sleeps on, and the methods that set it."""
    node = goroutine.node
    if node.type != "method_declaration" or receiver_type_name(node) != type_name:
        return None
    recv = gosyntax.receiver_text(node)
    body = node.child_by_field_name("body")
    if not recv or body is None or b".Wait()" not in (body.text or b""):
        return None
    for loop in gosyntax.walk(body):
        if loop.type != "for_statement":
            continue
        cond = _condition(loop)
        flag = re.search(r"!\s*" + re.escape(recv) + r"\.(\w+)\b", cond or "")
        if flag is None or not _waits_on_cond(loop, recv) or not _inside_endless_loop(loop, body):
            continue
        setters = _setters(package, type_name, flag.group(1))
        if not setters:
            return None
        wait = next(
            s
            for s in gosyntax.walk(loop)
            if s.type == "expression_statement" and gosyntax.text(s).endswith(".Wait()")
        )
        methods = tuple(name for name, _node, _file in setters)
        _name, first, first_file = setters[0]
        return CondStop(flag.group(1), wait, methods, first, first_file)
    return None


@dataclass(frozen=True)
class PartStop:
    part: str  # `outbox`: the field of T whose object the goroutine pops from
    methods: tuple[str, ...]  # that object's methods that set its flag and wake it
    wait: tree_sitter.Node  # the part's `o.cond.Wait()` statement
    wait_file: SourceFile
    setter: tree_sitter.Node  # the first one's `o.closed = true`
    setter_file: SourceFile


def part_stop(package: Package, type_name: str, goroutine: Function) -> PartStop | None:
    """STOPPED_THROUGH_A_PART: a goroutine method of `type_name` looping on `v, ok :=
    s.part.pop()` whose only way out is `if !ok { return }`, `part` a field holding a
    struct of the package whose `pop` sleeps on its own condition until a flag of it is
    set (FLAG_WAIT_LOOP): the goroutine runs until a method of the part sets that flag
    and wakes it (`s.outbox.close()`; blind dev p333's device sessions). Trade-off: the
    `ok` is taken to be false only once that flag is set."""
    node = goroutine.node
    if node.type != "method_declaration" or receiver_type_name(node) != type_name:
        return None
    recv = gosyntax.receiver_text(node)
    body = node.child_by_field_name("body")
    if not recv or body is None:
        return None
    returns = gosyntax.descendants(body, "return_statement")
    for decl in gosyntax.descendants(body, "short_var_declaration"):
        left = gosyntax.field(decl, "left").named_children
        right = gosyntax.field(decl, "right").named_children
        if len(left) != 2 or len(right) != 1 or right[0].type != "call_expression":
            continue
        callee = gosyntax.text(gosyntax.field(right[0], "function")).split(".")
        if len(callee) != 3 or callee[0] != recv:
            continue
        ok = gosyntax.text(left[1])
        guard = gosyntax.next_statement(decl)
        test = guard.child_by_field_name("condition") if guard is not None else None
        if guard is None or test is None or gosyntax.text(test).replace(" ", "") != f"!{ok}":
            continue
        if any(not gosyntax.is_within(r, guard) for r in returns):
            continue  # another way out: not this part's stop alone
        part_type = _field_struct(package, type_name, callee[1])
        method = package.method_of(part_type, callee[2]) if part_type else None
        if method is None:
            continue
        found = _flag_wait(method.node)
        if found is None:
            continue
        flag, wait = found
        setters = _setters(package, part_type or "", flag)
        if not setters:
            continue
        _name, first, first_file = setters[0]
        return PartStop(
            callee[1],
            tuple(name for name, _n, _f in setters),
            wait,
            method.file,
            first,
            first_file,
        )
    return None


@dataclass(frozen=True)
class PartWait:
    part: str  # `picker`: the field of T whose object the goroutine calls into
    call: tree_sitter.Node  # the goroutine's `t.picker.Next(id)`
    flag: str  # `closed`: the part's flag that ends the wait
    loop: tree_sitter.Node  # the part's wait loop
    test: tree_sitter.Node  # what tests the flag there (the condition, or the `if`)
    wait: tree_sitter.Node  # the part's `p.cond.Wait()` statement
    wait_file: SourceFile
    setters: tuple[str, ...]  # the part's methods that set the flag and wake (`Close`)


def part_waits(package: Package, type_name: str, goroutine: Function) -> list[PartWait]:
    """SLEEPS_IN_A_PART (module doc): each call of the goroutine method into a part whose
    method sleeps until the part's flag is set."""
    node = goroutine.node
    if node.type != "method_declaration" or receiver_type_name(node) != type_name:
        return []
    recv = gosyntax.receiver_text(node)
    body = node.child_by_field_name("body")
    if not recv or body is None:
        return []
    out: list[PartWait] = []
    seen: set[tuple[str, str]] = set()
    for call in gosyntax.descendants(body, "call_expression"):
        callee = gosyntax.text(gosyntax.field(call, "function")).split(".")
        if len(callee) != 3 or callee[0] != recv or (callee[1], callee[2]) in seen:
            continue
        seen.add((callee[1], callee[2]))
        part_type = _field_struct(package, type_name, callee[1])
        method = package.method_of(part_type, callee[2]) if part_type else None
        if part_type is None or method is None:
            continue
        found = _flag_exit_wait(method.node)
        if found is None:
            continue
        flag, loop, test, wait = found
        setters = _setters(package, part_type, flag)
        if setters:
            out.append(
                PartWait(
                    callee[1],
                    call,
                    flag,
                    loop,
                    test,
                    wait,
                    method.file,
                    tuple(name for name, _n, _f in setters),
                )
            )
    return out


def _flag_exit_wait(
    method: tree_sitter.Node,
) -> tuple[str, tree_sitter.Node, tree_sitter.Node, tree_sitter.Node] | None:
    """(the flag, the loop, its test, the `Wait` statement) of a wait loop of the method
    that ends once `o.flag` is set: `for ... && !o.flag { o.c.Wait() }`, or a `for {`
    whose body returns under `if o.flag {` before its `o.c.Wait()`."""
    recv = gosyntax.receiver_text(method)
    body = method.child_by_field_name("body")
    if not recv or body is None:
        return None
    for loop in gosyntax.descendants(body, "for_statement"):
        if not _waits_on_cond(loop, recv):
            continue
        wait = next(
            s
            for s in gosyntax.statements(loop.child_by_field_name("body"))
            if s.type == "expression_statement" and gosyntax.text(s).endswith(".Wait()")
        )
        condition = next(
            (
                c
                for c in loop.named_children
                if c.type not in ("block", "for_clause", "range_clause")
            ),
            None,
        )
        flag = re.search(r"!\s*" + re.escape(recv) + r"\.(\w+)\b", _condition(loop) or "")
        if flag is not None and condition is not None:
            return flag.group(1), loop, condition, wait
        if condition is not None or any(c.type == "for_clause" for c in loop.named_children):
            continue
        for stmt in gosyntax.statements(loop.child_by_field_name("body")):
            if stmt == wait:
                break
            test = stmt.child_by_field_name("condition") if stmt.type == "if_statement" else None
            taken = stmt.child_by_field_name("consequence") if test is not None else None
            named = (
                re.fullmatch(re.escape(recv) + r"\.(\w+)", gosyntax.text(test)) if test else None
            )
            if (
                named is not None
                and taken is not None
                and any(s.type == "return_statement" for s in gosyntax.statements(taken))
            ):
                return named.group(1), loop, stmt, wait
    return None


def _field_struct(package: Package, type_name: str, field: str) -> str | None:
    """The package struct a field of `type_name` holds (`outbox *outbox`): its name."""
    typed = package.field_type(type_name, field)
    typ = typed[1] if typed is not None else None
    name = gosyntax.text(typ).lstrip("*") if typ is not None else ""
    return name if name.isidentifier() and package.type_decl(name) is not None else None


def _flag_wait(method: tree_sitter.Node) -> tuple[str, tree_sitter.Node] | None:
    """(the flag, the `Wait` statement) of a `for ... && !o.flag { o.c.Wait() }` in the
    method, `o` its receiver."""
    recv = gosyntax.receiver_text(method)
    body = method.child_by_field_name("body")
    if not recv or body is None:
        return None
    for loop in gosyntax.descendants(body, "for_statement"):
        flag = re.search(r"!\s*" + re.escape(recv) + r"\.(\w+)\b", _condition(loop) or "")
        if flag is None or not _waits_on_cond(loop, recv):
            continue
        wait = next(
            s
            for s in gosyntax.walk(loop)
            if s.type == "expression_statement" and gosyntax.text(s).endswith(".Wait()")
        )
        return flag.group(1), wait
    return None


def _condition(loop: tree_sitter.Node) -> str | None:
    for child in loop.named_children:
        if child.type not in ("block", "for_clause", "range_clause"):
            return gosyntax.text(child)
    return None


def _waits_on_cond(loop: tree_sitter.Node, recv: str) -> bool:
    body = loop.child_by_field_name("body")
    return body is not None and any(
        s.type == "expression_statement"
        and re.fullmatch(re.escape(recv) + r"\.\w+\.Wait\(\)", gosyntax.text(s)) is not None
        for s in gosyntax.statements(body)
    )


def _inside_endless_loop(loop: tree_sitter.Node, body: tree_sitter.Node) -> bool:
    for a in gosyntax.ancestors(loop, body):
        if a.type == "for_statement" and all(c.type == "block" for c in a.named_children):
            return True
    return False


def _setters(
    package: Package, type_name: str, flag: str
) -> list[tuple[str, tree_sitter.Node, SourceFile]]:
    out: list[tuple[str, tree_sitter.Node, SourceFile]] = []
    for file, method in package.methods_of_type(type_name):
        recv = gosyntax.receiver_text(method)
        name = gosyntax.function_name(method)
        body = method.child_by_field_name("body")
        if not recv or not name or body is None:
            continue
        text = body.text or b""
        if b".Broadcast()" not in text and b".Signal()" not in text:
            continue
        sets = flag_sets(method, flag)
        if sets:
            out.append((name, sets[0], file))
    return out


def flag_sets(method: tree_sitter.Node, flag: str) -> list[tree_sitter.Node]:
    """Each `r.<flag> = true` statement of the method, `r` its receiver."""
    recv = gosyntax.receiver_text(method)
    body = method.child_by_field_name("body")
    if not recv or body is None:
        return []
    return [
        stmt
        for stmt in gosyntax.walk(body)
        if (assigned := gosyntax.sole_assignment(stmt)) is not None
        and gosyntax.text(assigned[0]) == f"{recv}.{flag}"
        and gosyntax.text(assigned[1]) == "true"
    ]
