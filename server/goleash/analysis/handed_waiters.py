"""A condition waited on through a parameter, whose flag some function sets unwoken.

```go
func (p *Planner) await(st *orderState) {   // go p.await(st), one per order
        st.mu.Lock()
        for {
                if st.ready() || st.cancelled {
                        break
                }
                st.cond.Wait() // Cancel sets st.cancelled and wakes nobody
        }
        ...
}

func (p *Planner) Cancel(id string) {
        st := p.orders[id]
        delete(p.orders, id)
        st.mu.Lock()
        st.cancelled = true
        st.mu.Unlock()
}
```

`cond_wakeups.missed_wakeups` judges a wait on the waiting method's own receiver
against the methods of its type. A goroutine handed one object of many (a per-entry
state kept in a map) waits on that object's condition through a parameter, and the
functions that end its wait are any of the package's, reaching the object through a
local of theirs. One that sets the flag the loop waits on and wakes nobody leaves the
waiter asleep for good.

Heuristics, each a trade-off:
- HANDED_WAITER: the `Wait` is on a condition field of a parameter whose type is a
  struct of the package (`st *orderState`); its loop's condition, or the test of an `if`
  that leaves the loop first thing in a `for {` body (`if ... || st.cancelled { break
  }`), reads the flag. A wait through a local of the waiter is left to the other shapes.
- FLAG_SET_ON_A_LOCAL: another function of the package assigns the value that ends the
  wait to that flag of a variable of the same type (FLAG_SET's values: `true` for a
  wait on `!st.cancelled`, anything but `nil` for `st.err == nil`).
- NO_WAKE_IN_THE_SETTER: the setting function calls neither `Signal` nor `Broadcast` on
  that condition of the variable (or through a local taken from it), nor a method of
  the type that does, and hands the variable to no call (which could wake it). A flag
  set before any goroutine waits is reported too: the waiter tests it before it waits,
  which the shape does not see.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.cond_wakeups import (
    MissedWakeup,
    ends_the_wait,
    flags_read,
    leaving_flags,
    loop_condition,
    waking_methods,
)
from goleash.analysis.functions import Functions
from goleash.analysis.package import Package
from goleash.analysis.values import base_type_name
from goleash.source import SourceFile


def handed_waiter_wakeups(
    file: SourceFile, functions: Functions, waits: Iterable[Node]
) -> list[MissedWakeup]:
    package = functions.package
    out: list[MissedWakeup] = []
    for call in waits:
        found = _handed_wait(call, package)
        if found is None:
            continue
        holder, cond_field, type_name, flags, waiter = found
        for setter in _unwoken_setters(functions, type_name, cond_field, flags, waiter):
            stmt, var, flag, setter_func, setter_file = setter
            out.append(
                MissedWakeup(
                    call,
                    f"{holder}.{cond_field}",
                    f"{var}.{cond_field}.Broadcast()",
                    f"{var}.{flag}",
                    stmt,
                    setter_func,
                    setter_file,
                )
            )
            break
    return out


def _handed_wait(call: Node, package: Package) -> tuple[str, str, str, dict[str, str], Node] | None:
    """(the parameter, the condition's field, the parameter's type, the flags ending the
    wait with their values, the waiting function) for `st.cond.Wait()` on a parameter."""
    fn = call.child_by_field_name("function")
    if fn is None or not gosyntax.callee_text(call).endswith(".Wait"):
        return None
    cond = fn.child_by_field_name("operand")
    if cond is None or cond.type != "selector_expression":
        return None
    holder = cond.child_by_field_name("operand")
    if holder is None or holder.type != "identifier":
        return None
    name = gosyntax.text(holder)
    cond_field = gosyntax.text(gosyntax.field(cond, "field"))
    waiter = gosyntax.enclosing_function(call)
    if waiter is None or waiter.type == "func_literal":
        return None
    type_name = _parameter_type(waiter, name)
    if type_name is None or package.type_decl(type_name) is None:
        return None
    field = package.field_type(type_name, cond_field)
    if field is None or field[1] is None or b"Cond" not in (field[1].text or b""):
        return None
    loop = next((a for a in gosyntax.ancestors(call, waiter) if a.type == "for_statement"), None)
    if loop is None:
        return None
    condition = loop_condition(loop)
    flags = flags_read(condition, name) if condition is not None else leaving_flags(loop, name)
    return (name, cond_field, type_name, flags, waiter) if flags else None


def _parameter_type(func: Node, name: str) -> str | None:
    params = func.child_by_field_name("parameters")
    for decl in params.named_children if params is not None else ():
        if decl.type != "parameter_declaration":
            continue
        if any(gosyntax.text(n) == name for n in decl.children_by_field_name("name")):
            return base_type_name(decl.child_by_field_name("type"))
    return None


def _unwoken_setters(
    functions: Functions, type_name: str, cond_field: str, flags: dict[str, str], waiter: Node
) -> Iterator[tuple[Node, str, str, Node, SourceFile]]:
    """(the assignment, its variable, the flag, the function, its file) of each store
    ending the wait on a variable of the type, in a function that wakes nobody."""
    package = functions.package
    wakers = waking_methods(package, type_name, cond_field)
    spelled = re.compile(rb"\.(" + b"|".join(re.escape(f.encode()) for f in flags) + rb")\s*=[^=]")
    for file in package.files:
        for m in spelled.finditer(file.data):
            spot = file.root.descendant_for_byte_range(m.start(1), m.end(1))
            stmt = (
                next(
                    (a for a in gosyntax.ancestors(spot) if a.type == "assignment_statement"), None
                )
                if spot is not None
                else None
            )
            if stmt is None:
                continue
            pair = gosyntax.sole_assignment(stmt)
            if pair is None or pair[0].type != "selector_expression":
                continue
            target, value = pair
            var = target.child_by_field_name("operand")
            flag = gosyntax.text(gosyntax.field(target, "field"))
            if var is None or var.type != "identifier" or flag not in flags:
                continue
            if not ends_the_wait(flags[flag], value):
                continue
            func = gosyntax.enclosing_function(stmt)
            if func is None or func == waiter or func.type == "func_literal":
                continue
            at = functions.get(func, file)
            if at.resolver.expr_type(var) != type_name:
                continue
            name = gosyntax.text(var)
            if _wakes_or_hands_on(func, name, cond_field, wakers):
                continue
            yield stmt, f"{name}", flag, func, file


def _wakes_or_hands_on(func: Node, name: str, cond_field: str, wakers: set[str | None]) -> bool:
    text = func.text or b""
    var = re.escape(name.encode())
    if re.search(var + rb"\." + re.escape(cond_field.encode()) + rb"\b", text) and re.search(
        rb"\.(Signal|Broadcast)\(", text
    ):
        return True
    named = [re.escape(w.encode()) for w in wakers if w]
    if named and re.search(var + rb"\.(" + b"|".join(named) + rb")\(", text):
        return True
    for call in gosyntax.descendants(func, "call_expression"):
        args = call.child_by_field_name("arguments")
        for arg in args.named_children if args is not None else ():
            inner = gosyntax.unparen(arg)
            if inner is not None and inner.type in ("identifier", "unary_expression"):
                if re.fullmatch(rb"&?\s*" + var, inner.text or b""):
                    return True
    return False
