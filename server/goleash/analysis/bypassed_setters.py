"""A state that a waking setter moves to, set by hand elsewhere without the wake-up.

```go
func (c *call) settle(state string) {
        c.state = state
        for _, l := range c.legs {
                if l.final == 0 {
                        l.abandoned = true
                }
        }
        c.cond.Broadcast()
}

func (r *Router) Cancel(id string) error {
        ...
        c.state = stateCancelled // by hand: no leg abandoned, nobody woken
        ...
}

        for l.final == 0 && !l.abandoned {
                c.cond.Wait() // a ringing leg sleeps for good after Cancel
        }
```

A method that stores its parameter into a field of its receiver and wakes a condition
of the receiver is how the package moves that field to a new state: it also does what
the waiters wait for, and wakes them. A function that stores into that field by hand a
value the package elsewhere hands to the setter (`c.settle(stateCancelled)`) makes the
same move without the rest: the goroutines waiting on the condition sleep for good.

Heuristics, each a trade-off:
- WAKING_SETTER: a method of `T` whose body assigns one of its parameters to a field of
  its receiver (`c.state = state`) and calls `Broadcast` or `Signal` on a field of its
  receiver (`c.cond`), and which also stores into a field that a wait loop on a
  condition of that name reads (`l.abandoned = true` for `for ... && !l.abandoned`).
  Fields are matched by name, as elsewhere for conditions.
- SAME_VALUE_BY_HAND: the value stored by hand is one the setter is called with
  somewhere in the package: the package moves the field to that very state through
  the setter elsewhere. A store of a value never handed to the setter (an initial
  state, a step the setter does not take) is left alone.
- NO_WAKE_BESIDE: the function storing by hand neither calls the setter nor calls
  `Broadcast` or `Signal` on a condition of that name, nor calls `close`: it may wake
  the waiters another way otherwise. Trade-off: a function that hands the object to
  another that settles it later is reported too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.cond_wakeups import loop_condition, wait_loops

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


@dataclass(frozen=True)
class BypassedSetter:
    wait: Node  # the `c.cond.Wait()` call
    cond: str  # `c.cond`, as the waiter names it
    field: str  # `state`
    value: str  # `stateCancelled`
    store: Node  # `c.state = stateCancelled`, the statement
    store_func: Node  # the function storing by hand
    store_file: SourceFile
    setter: Node  # the setter's method declaration
    setter_file: SourceFile
    wake: Node  # the setter's `Broadcast()` call
    setter_call: Node  # a call of the setter with the same value
    setter_call_file: SourceFile


@dataclass(frozen=True)
class _Setter:
    method: Node
    file: SourceFile
    name: str
    field: str  # the field it stores its parameter into
    cond_field: str  # the condition it wakes
    wake: Node
    writes: frozenset[str]  # every field name it stores into


def bypassed_setters(
    package: Package, file: SourceFile, wait_calls: Iterable[Node]
) -> list[BypassedSetter]:
    """The wait loops of `file` whose waking setter some function bypasses."""
    waits = [
        (call, cond_field, condition)
        for call, cond_field, _method, _recv, _type, condition in _wait_loops_anywhere(wait_calls)
    ]
    if not waits:
        return []
    setters = _waking_setters(package)
    out: list[BypassedSetter] = []
    for call, cond_field, condition in waits:
        read = _fields_read(condition)
        for setter in setters:
            if setter.cond_field != cond_field or not (setter.writes - {setter.field}) & read:
                continue
            found = _by_hand(package, setter)
            if found is None:
                continue
            store, func, store_file, value, setter_call, call_file = found
            operand = gosyntax.field(call, "function").child_by_field_name("operand")
            out.append(
                BypassedSetter(
                    call,
                    gosyntax.text(operand) if operand is not None else cond_field,
                    setter.field,
                    value,
                    store,
                    func,
                    store_file,
                    setter.method,
                    setter.file,
                    setter.wake,
                    setter_call,
                    call_file,
                )
            )
            break
    return out


def _wait_loops_anywhere(
    wait_calls: Iterable[Node],
) -> Iterator[tuple[Node, str, Node | None, str, str, Node | None]]:
    """`cond_wakeups.wait_loops` for waits on a condition reached through any variable
    (`c.cond.Wait()` in a function handed `c`), not only the method's receiver."""
    seen = set()
    for found in wait_loops(wait_calls):
        seen.add(found[0].id)
        yield found
    for call in wait_calls:
        if call.id in seen:
            continue
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        operand = fn.child_by_field_name("operand") if fn is not None else None
        if operand is None or operand.type != "selector_expression":
            continue
        cond_field = gosyntax.text(gosyntax.field(operand, "field"))
        loop = gosyntax.enclosing_in_function(call, ("for_statement",))
        if loop is None:
            continue
        condition = loop_condition(loop)
        if condition is None:
            continue
        yield call, cond_field, None, "", "", condition


def _fields_read(condition: Node | None) -> set[str]:
    return {
        gosyntax.text(gosyntax.field(n, "field"))
        for n in ([condition, *gosyntax.walk(condition)] if condition is not None else [])
        if n.type == "selector_expression"
    }


_WAKE = re.compile(rb"\.(\w+)\.(?:Broadcast|Signal)\(\)")


def _waking_setters(package: Package) -> list[_Setter]:
    """WAKING_SETTER: the methods storing a parameter into a field of the receiver and
    waking a condition field of the receiver."""
    out: list[_Setter] = []
    for f in package.files:
        if not _WAKE.search(f.data):
            continue
        for method in gosyntax.descendants(f.root, "method_declaration"):
            recv = gosyntax.receiver_text(method)
            params = {name for name, _t in gosyntax.parameters(method) if name}
            body = method.child_by_field_name("body")
            if not recv or not params or body is None:
                continue
            wake = _wake_of(body, recv)
            if wake is None:
                continue
            stored: str | None = None
            writes: set[str] = set()
            for n in gosyntax.walk(body):
                if n.type != "assignment_statement":
                    continue
                left = gosyntax.field(n, "left").named_children
                right = gosyntax.field(n, "right").named_children
                for target, value in zip(left, right):
                    if target.type != "selector_expression":
                        continue
                    field = gosyntax.text(gosyntax.field(target, "field"))
                    writes.add(field)
                    operand = target.child_by_field_name("operand")
                    if (
                        operand is not None
                        and gosyntax.text(operand) == recv
                        and gosyntax.text(value) in params
                    ):
                        stored = field
            name = gosyntax.function_name(method)
            if stored is not None and name:
                out.append(_Setter(method, f, name, stored, wake[1], wake[0], frozenset(writes)))
    return out


def _wake_of(body: Node, recv: str) -> tuple[Node, str] | None:
    """(the call, the condition's field) of the first `recv.<cond>.Broadcast()` or
    `Signal()` in the body."""
    for n in gosyntax.walk(body):
        if n.type != "call_expression":
            continue
        fn = gosyntax.unparen(n.child_by_field_name("function"))
        if fn is None or fn.type != "selector_expression":
            continue
        if gosyntax.text(gosyntax.field(fn, "field")) not in ("Broadcast", "Signal"):
            continue
        cond = fn.child_by_field_name("operand")
        if cond is None or cond.type != "selector_expression":
            continue
        holder = cond.child_by_field_name("operand")
        if holder is not None and gosyntax.text(holder) == recv:
            return n, gosyntax.text(gosyntax.field(cond, "field"))
    return None


def _by_hand(
    package: Package, setter: _Setter
) -> tuple[Node, Node, SourceFile, str, Node, SourceFile] | None:
    """SAME_VALUE_BY_HAND and NO_WAKE_BESIDE: (the store, its function, its file, the
    value, a call of the setter with that value, its file)."""
    calls = _setter_calls(package, setter.name)
    if not calls:
        return None
    values = {gosyntax.text(args[0]): (call, f) for call, args, f in calls if len(args) == 1}
    field = re.escape(setter.field.encode())
    store_pattern = re.compile(rb"\.\s*" + field + rb"\s*=[^=]")
    for f in package.files:
        if not store_pattern.search(f.data):
            continue
        for n in gosyntax.descendants(f.root, "assignment_statement"):
            left = gosyntax.field(n, "left").named_children
            right = gosyntax.field(n, "right").named_children
            if len(left) != 1 or len(right) != 1 or left[0].type != "selector_expression":
                continue
            if gosyntax.text(gosyntax.field(left[0], "field")) != setter.field:
                continue
            value = gosyntax.text(right[0])
            if value not in values:
                continue
            func = gosyntax.enclosing_function(n)
            if func is None or func == setter.method or _wakes_beside(func, setter):
                continue
            call, call_file = values[value]
            return n, func, f, value, call, call_file
    return None


def _setter_calls(package: Package, name: str) -> list[tuple[Node, list[Node], SourceFile]]:
    needle = ("." + name + "(").encode()
    out = []
    for f in package.files:
        if needle not in f.data:
            continue
        for call in gosyntax.descendants(f.root, "call_expression"):
            fn = gosyntax.unparen(call.child_by_field_name("function"))
            if (
                fn is not None
                and fn.type == "selector_expression"
                and gosyntax.text(gosyntax.field(fn, "field")) == name
            ):
                out.append((call, gosyntax.call_arguments(call), f))
    return out


def _wakes_beside(func: Node, setter: _Setter) -> bool:
    """NO_WAKE_BESIDE: does the function call the setter, wake a condition of that name,
    or close a channel?"""
    text = func.text or b""
    return (
        ("." + setter.name + "(").encode() in text
        or re.search(
            rb"\." + re.escape(setter.cond_field.encode()) + rb"\.(?:Broadcast|Signal)\(", text
        )
        is not None
        or re.search(rb"(?<![\w.])close\(", text) is not None
    )
