"""A wait loop on an entry of a map that a method marks finished, wakes, and leaves
unchanged, while every other change of what the loop tests refuses once it is marked.

```go
func (r *Router) await(id string, ch chan<- Status) {
        r.mu.Lock()
        defer r.mu.Unlock()
        st, ok := r.orders[id]
        ...
        for st.pending > 0 {
                r.cond.Wait()           // after Void, pending never moves again
        }
        ch <- st.status()
}

func (r *Router) Void(id string) {
        st := r.orders[id]
        st.voided = true
        r.cond.Broadcast()              // wakes the waiter, which finds pending > 0
}

func (r *Router) Bump(id, item string) error {
        st := r.orders[id]
        if st.voided {
                return ErrVoided        // the only change of pending refuses now
        }
        st.pending--
        ...
}
```

UNHEEDED_STOP (cond_wakeups.py) for a flag of the object itself, read here for a flag of
an entry the waiter looks up in a map field of its object.

Heuristics, each a trade-off:
- ENTRY_TESTED: the loop's condition reads fields of a local the waiting method looked
  up in a map field of its receiver (`st, ok := r.orders[id]`), and not the flag.
- MARKED_AND_WOKEN: a method of the type looks an entry up in the same map, sets a
  field of it to `true` (`st.voided = true`), wakes the condition with `Broadcast`, and
  changes none of the fields the loop tests.
- REFUSED_ONCE_MARKED: every other method that changes a tested field of an entry it
  looked up in that map first returns under `if x.flag` (at least one does): once
  marked, nothing changes what the loop waits for. An entry made fresh (a constructor's
  `st.pending++`) is not looked up, and is not asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.cond_wakeups import UnheededStop, read_after, wait_loops

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


def unheeded_entry_flags(package: Package, waits: Iterable[Node]) -> list[UnheededStop]:
    out: list[UnheededStop] = []
    for call, cond_field, waiter, recv, type_name, condition in wait_loops(waits):
        if condition is None or condition.parent is None:
            continue
        entries: dict[str, tuple[str, set[str]]] = {}
        for n in [condition, *gosyntax.walk(condition)]:
            if n.type != "selector_expression":
                continue
            operand = n.child_by_field_name("operand")
            if operand is None or operand.type != "identifier" or gosyntax.text(operand) == recv:
                continue
            local = gosyntax.text(operand)
            map_field = _looked_up_in(waiter, local, recv)
            if map_field is not None:
                entries.setdefault(local, (map_field, set()))[1].add(
                    gosyntax.text(gosyntax.field(n, "field"))
                )
        for local, (map_field, tested) in entries.items():
            found = _judge(package, type_name, waiter, cond_field, map_field, tested)
            if found is None:
                continue
            stopper, stopper_file, flag, setter, broadcast, broadcast_call, refusers = found
            loop = condition.parent
            out.append(
                UnheededStop(
                    call,
                    f"{recv}.{cond_field}",
                    loop,
                    f"{local}.{flag}",
                    stopper,
                    setter,
                    broadcast,
                    refusers,
                    stopper_file,
                    read_after(waiter, loop, f"{local}.{flag}"),
                    broadcast_call=broadcast_call,
                )
            )
    return out


def _looked_up_in(func: Node, local: str, recv: str) -> str | None:
    """The map field of `recv` the function looks `local` up in (`st, ok := r.orders[id]`)."""
    for decl in gosyntax.descendants(func, "short_var_declaration"):
        left = gosyntax.field(decl, "left").named_children
        if left and gosyntax.text(left[0]) == local:
            return _lookup_map(decl, recv)
    return None


def _lookup_map(decl: Node, recv: str) -> str | None:
    """`orders` of `st, ok := r.orders[id]` (`r` being `recv`), else None."""
    right = gosyntax.field(decl, "right").named_children
    value = gosyntax.unparen(right[0]) if len(right) == 1 else None
    if value is None or value.type != "index_expression":
        return None
    operand = gosyntax.unparen(value.child_by_field_name("operand"))
    if (
        operand is not None
        and operand.type == "selector_expression"
        and gosyntax.text(gosyntax.field(operand, "operand")) == recv
    ):
        return gosyntax.text(gosyntax.field(operand, "field"))
    return None


def _entry_locals(method: Node, map_field: str) -> set[str]:
    """The locals the method looks an entry of `map_field` up into."""
    recv = gosyntax.receiver_text(method) or ""
    found: dict[str, str | None] = {}
    for decl in gosyntax.descendants(method, "short_var_declaration"):
        left = gosyntax.field(decl, "left").named_children
        if left:
            # the first declaration of a name decides, as _looked_up_in reads it
            found.setdefault(gosyntax.text(left[0]), _lookup_map(decl, recv))
    return {name for name, looked_up in found.items() if looked_up == map_field}


def _changes(text: str, local: str, fields: set[str]) -> re.Match[str] | None:
    return re.search(
        r"\b"
        + re.escape(local)
        + r"\.(?:"
        + "|".join(re.escape(f) for f in sorted(fields))
        + r")\s*(?:=[^=]|\+\+|--|\+=|-=)",
        text,
    )


def _judge(
    package: Package,
    type_name: str,
    waiter: Node,
    cond_field: str,
    map_field: str,
    tested: set[str],
) -> tuple[Node, SourceFile, str, Node, Node, str, tuple[str, ...]] | None:
    methods = [(f, m) for f, m in package.methods_of_type(type_name) if m != waiter]
    for f, m in methods:
        recv = gosyntax.receiver_text(m)
        if not recv:
            continue
        broadcast = next(
            (
                n
                for n in gosyntax.walk(m)
                if n.type == "call_expression"
                and gosyntax.called_expression_text(n) == f"{recv}.{cond_field}.Broadcast"
            ),
            None,
        )
        if broadcast is None:
            continue
        text = gosyntax.text(m)
        for local in _entry_locals(m, map_field):
            if _changes(text, local, tested):
                continue  # MARKED_AND_WOKEN: it changes what the loop tests
            setter = next(
                (
                    n
                    for n in gosyntax.walk(m)
                    if (pair := gosyntax.sole_assignment(n)) is not None
                    and pair[1].type == "true"
                    and gosyntax.text(pair[0]).startswith(f"{local}.")
                    and gosyntax.text(pair[0]).count(".") == 1
                ),
                None,
            )
            if setter is None:
                continue
            pair = gosyntax.sole_assignment(setter)
            assert pair is not None  # found as one above
            flag = gosyntax.text(pair[0]).split(".", 1)[1]
            if flag in tested:
                continue
            refusers = _refusers(methods, m, map_field, tested, flag)
            if refusers:
                return m, f, flag, setter, broadcast, f"{recv}.{cond_field}.Broadcast()", refusers
    return None


def _refusers(
    methods: list[tuple[SourceFile, Node]],
    setter: Node,
    map_field: str,
    tested: set[str],
    flag: str,
) -> tuple[str, ...]:
    """REFUSED_ONCE_MARKED: the names of the other methods changing a tested field of a
    looked-up entry, each returning first under `if x.flag`; () when one does not."""
    names: list[str] = []
    for _f, m in methods:
        if m == setter:
            continue
        text = gosyntax.text(m)
        for local in _entry_locals(m, map_field):
            change = _changes(text, local, tested)
            if change is None:
                continue
            refusal = re.search(
                r"if\s+"
                + re.escape(local)
                + r"\."
                + re.escape(flag)
                + r"\s*(?:\|\|[^{]*)?\{[^{}]*\breturn\b",
                text[: change.start()],
            )
            if refusal is None:
                return ()
            names.append(gosyntax.function_name(m) or "")
    return tuple(names)
