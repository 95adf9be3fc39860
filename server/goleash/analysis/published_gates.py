"""A "done" channel published in a map for other callers to wait on, which the
publishing call closes on one way out and not on another.

```go
if f, ok := c.inflight[key]; ok {
        <-f.done                        // a follower waits for the leader's result
        return f.val, f.err
}
f := &flight{done: make(chan struct{})}
c.inflight[key] = f                     // published: followers find it from now on
val, err := c.fetch(ctx, key)
if err != nil && ctx.Err() != nil {
        delete(c.inflight, key)
        return nil, err                 // f.done stays open: the followers wait forever
}
f.val, f.err = val, err
close(f.done)
```

Request coalescing (a single flight per key) works only if the leader ends every
flight it publishes: the followers that found it in the map wait on its channel, and
deleting the entry only hides it from callers still to come.

Heuristics, each a trade-off:
- PUBLISHED: the function makes the gate in a composite literal (`&flight{done:
  make(chan struct{})}`), stores the value in a map (`m[key] = f`), and closes the gate
  on some way out (`close(f.done)`).
- SKIPPED_CLOSE: a `return` after the store meets, on its way from the top of the
  function, no close of the gate, no `defer`, and no call the value is handed to (a
  helper might close it).
- WAITED_ON: some function of the package receives from the same field of a value it
  took out of a map with the same field name (`c.inflight[key]`). A receive in a
  `select` with a `default` (NO_WAIT_WITH_DEFAULT) waits for nothing: it only takes a
  value if there is one.
- ONLY_CLOSED: nothing in the package sends on the gate field: a channel the package
  sends on carries messages (a subscriber's queue), and its reader ends by other means
  than the leader's close. Trade-off: a gate that is also sent a final value is missed.

The flight may keep its gate behind methods (GATE_METHODS): made by a constructor of
the package (`c := newCall()` returning `&call{done: make(chan struct{})}`), closed by
a method of its type that closes the field on its receiver (`c.finish()`), waited on by
a method that receives from it (`c.wait()`), which the function reading the map calls.
A method is recognised by its own body only; a method that closes the gate through
another is missed.
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
class PublishedGate:
    wait: Node  # a follower's receive (its select when it is a case)
    wait_file: SourceFile
    gate: str  # `f.done`
    store: Node  # `c.inflight[key] = f`
    exit: Node  # the leader's `return` skipping the close
    close: Node  # the leader's `close(f.done)` on its other way out
    leader: Node  # the function publishing it
    # The flight's error field (`err` of `call{done, val, err}`), through which the
    # followers can be told the leader failed; None when the type has none.
    err_field: str | None = None


def published_gates(
    package: Package, file: SourceFile, decls: Iterable[Node]
) -> list[PublishedGate]:
    """Among `decls` (function and method declarations of the file), the leaders that
    leave a published gate open on some way out."""
    out: list[PublishedGate] = []
    gates: _GateMethods | None = None  # read from every file only when a leader may need it
    for func in decls:
        body = func.child_by_field_name("body")
        text = body.text if body is not None else None
        if body is None or text is None or b"] = " not in text:
            continue
        if gates is None:
            gates = package.derived("gate_methods", _gate_methods)
        if not (b"close(" in text and b"make(chan" in text) and not any(
            b"." + name.encode() + b"(" in text for name in gates.closers
        ):
            continue
        out.extend(_judge(package, func, body, gates))
    return out


@dataclass(frozen=True)
class _GateMethods:
    """GATE_METHODS: the package's methods that close or receive from a channel field
    of their receiver, by name: {method: ((receiver type, field), ...)} (types of the
    package may each have a `finish`)."""

    closers: dict[str, tuple[tuple[str, str], ...]]
    waiters: dict[str, tuple[tuple[str, str], ...]]

    def named(
        self, table: dict[str, tuple[tuple[str, str], ...]], typ: str, field: str
    ) -> set[str]:
        """The methods of `typ` in `table` acting on its `field`."""
        return {m for m, owners in table.items() if (typ, field) in owners}


def _gate_methods(files: list[SourceFile]) -> _GateMethods:
    closers: dict[str, tuple[tuple[str, str], ...]] = {}
    waiters: dict[str, tuple[tuple[str, str], ...]] = {}
    for f in files:
        if b"close(" not in f.data and b"<-" not in f.data:
            continue
        file_closers, file_waiters = _file_gate_methods(f)
        for name, owner in file_closers:
            closers[name] = (*closers.get(name, ()), owner)
        for name, owner in file_waiters:
            waiters[name] = (*waiters.get(name, ()), owner)
    return _GateMethods(closers, waiters)


_Owned = list[tuple[str, tuple[str, str]]]


def _file_gate_methods(f: SourceFile) -> tuple[_Owned, _Owned]:
    """One file's (closers, waiters) as (method, (type, field)) pairs, kept on the file
    (SourceFile.memo)."""
    return f.memo("gate-methods", _read_gate_methods)


def _read_gate_methods(f: SourceFile) -> tuple[_Owned, _Owned]:
    """Read from the text: a method is its `func (recv T) name(` up to the next
    top-level `func`, so the file need not be parsed for it."""
    closers: _Owned = []
    waiters: _Owned = []
    for chunk in f.data.split(b"\nfunc ")[1:]:
        head = _METHOD_HEAD.match(chunk)
        if head is None:
            continue
        _recv, typ, name = (g.decode() for g in head.groups())
        text = chunk[head.end() :]
        closed = re.search(rb"\bclose\(\s*" + re.escape(head.group(1)) + rb"\.(\w+)\s*\)", text)
        if closed:
            closers.append((name, (typ, closed.group(1).decode())))
        received = re.search(rb"<-\s*" + re.escape(head.group(1)) + rb"\.(\w+)\b", text)
        if received:
            waiters.append((name, (typ, received.group(1).decode())))
    return closers, waiters


# `(s *Server) name(`, `(q Queue[T]) name[`: the receiver's name and type, the method's.
_METHOD_HEAD = re.compile(rb"\(\s*(\w+)\s+\*?\s*(\w+)\s*(?:\[[^\]]*\])?\s*\)\s*(\w+)\s*[\[(]")


def _closes(
    package: Package, body: Node, gates: _GateMethods
) -> Iterable[tuple[Node, str, str, str]]:
    """(the close, the holder, the gate field, the holder's type ("" unknown)) of each
    `close(f.done)` of a gate made in a literal of the body, and each `f.finish()`
    closing the gate of a flight made here (GATE_METHODS)."""
    for call in gosyntax.walk(body):
        if call.type != "call_expression":
            continue
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        args = gosyntax.call_arguments(call)
        if gosyntax.callee_text(call) == "close" and len(args) == 1:
            arg = gosyntax.unparen(args[0])
            if arg is None or arg.type != "selector_expression":
                continue
            holder = gosyntax.unparen(arg.child_by_field_name("operand"))
            if holder is None or holder.type != "identifier":
                continue
            var, field = gosyntax.text(holder), gosyntax.text(gosyntax.field(arg, "field"))
            made = _made_in_literal(body, var, field)
            if made is not None:
                yield call, var, field, made
        elif fn is not None and fn.type == "selector_expression" and not args:
            holder = gosyntax.unparen(fn.child_by_field_name("operand"))
            method = gosyntax.text(gosyntax.field(fn, "field"))
            if holder is None or holder.type != "identifier":
                continue
            for typ, field in gates.closers.get(method, ()):
                if _made_by_constructor(package, body, gosyntax.text(holder), typ, field):
                    yield call, gosyntax.text(holder), field, typ


def _made_by_constructor(package: Package, body: Node, var: str, typ: str, field: str) -> bool:
    """`var := newCall()` (or `&call{...}`), a constructor of the package whose body makes
    the gate field in a `call` literal."""
    for decl in gosyntax.walk(body):
        if decl.type != "short_var_declaration":
            continue
        left = gosyntax.field(decl, "left").named_children
        right = gosyntax.field(decl, "right").named_children
        if len(left) != 1 or len(right) != 1 or gosyntax.text(left[0]) != var:
            continue
        value = right[0]
        if value.type != "call_expression":
            return _made_in_literal(body, var, field) == typ
        found = package.unique_function(gosyntax.callee_text(value))
        ctor = found.node if found is not None else None
        ctor_body = ctor.child_by_field_name("body") if ctor is not None else None
        results = gosyntax.result_types(ctor) if ctor is not None else []
        return (
            ctor_body is not None
            and len(results) == 1
            and base_type_name(results[0]) == typ
            and re.search(
                rb"\b" + re.escape(field.encode()) + rb":\s*make\(chan", ctor_body.text or b""
            )
            is not None
        )
    return False


def _judge(
    package: Package, func: Node, body: Node, gates: _GateMethods
) -> Iterable[PublishedGate]:
    for close, var, gate_field, made in _closes(package, body, gates):
        err_field = "err" if made and package.field_type(made, "err") is not None else None
        store = _map_store(body, var)
        if store is None:
            continue
        store_stmt, map_field = store
        if _sent_on(package, gate_field):
            continue
        closer_names = gates.named(gates.closers, made, gate_field)
        exit_node = _skipping_return(body, store_stmt, var, gate_field, closer_names)
        if exit_node is None:
            continue
        waiting = gates.named(gates.waiters, made, gate_field)
        waited = _waiter(package, map_field, gate_field, func, waiting)
        if waited is None:
            continue
        wait, wait_file = waited
        yield PublishedGate(
            wait, wait_file, f"{var}.{gate_field}", store_stmt, exit_node, close, func, err_field
        )
        return


def _sent_on(package: Package, field: str) -> bool:
    """ONLY_CLOSED's converse: some code of the package sends on `x.field`."""
    send = re.compile(rb"\." + re.escape(field.encode()) + rb"\s*<-")
    return any(send.search(f.data) for f in package.files)


def _made_in_literal(body: Node, var: str, field: str) -> str | None:
    """PUBLISHED: `var := &T{field: make(chan ...)}`: `T` ("" when not a plain name),
    else None."""
    for decl in gosyntax.walk(body):
        if decl.type != "short_var_declaration":
            continue
        left = gosyntax.field(decl, "left").named_children
        right = gosyntax.field(decl, "right").named_children
        if len(left) != 1 or len(right) != 1 or gosyntax.text(left[0]) != var:
            continue
        for element in gosyntax.walk(right[0]):
            if element.type != "keyed_element" or len(element.named_children) != 2:
                continue
            key, value = element.named_children
            if gosyntax.text(key) == field and gosyntax.text(value).replace(" ", "").startswith(
                "make(chan"
            ):
                literal = element.parent.parent if element.parent is not None else None
                typ = literal.child_by_field_name("type") if literal is not None else None
                return (
                    gosyntax.text(typ) if typ is not None and typ.type == "type_identifier" else ""
                )
    return None


def _map_store(body: Node, var: str) -> tuple[Node, str] | None:
    """(`x.m[key] = var`, `m`)."""
    for stmt in gosyntax.walk(body):
        assigned = gosyntax.sole_assignment(stmt)
        if assigned is None or gosyntax.text(assigned[1]) != var:
            continue
        target = assigned[0]
        if target.type != "index_expression":
            continue
        operand = gosyntax.unparen(target.child_by_field_name("operand"))
        if operand is not None and operand.type == "selector_expression":
            return stmt, gosyntax.text(gosyntax.field(operand, "field"))
    return None


def _skipping_return(
    body: Node, store: Node, var: str, field: str, closers: set[str]
) -> Node | None:
    """SKIPPED_CLOSE: a `return` after the store with nothing on its way that closes the
    gate or may (`close(f.done)`, a method closing it: `f.finish()`)."""
    by_method = b"".join(
        b"|" + re.escape(var.encode() + b"." + m.encode()) + rb"\(" for m in sorted(closers)
    )
    closes = re.compile(
        rb"close\(\s*" + re.escape(var.encode()) + rb"\." + re.escape(field.encode()) + by_method
    )
    handed = re.compile(rb"\(\s*(?:[^()]*,\s*)?" + re.escape(var.encode()) + rb"\s*[,)]")
    for ret in gosyntax.walk(body):
        if ret.type != "return_statement" or ret.start_byte < store.end_byte:
            continue
        before = [
            s for s in gosyntax.statements_before(ret, body) if s.start_byte >= store.start_byte
        ]
        if any(
            s.type == "defer_statement"
            or closes.search(s.text or b"")
            or handed.search(s.text or b"")
            for s in before
        ):
            continue
        if gosyntax.deferred_before(ret, body):
            continue
        return ret
    return None


def _waiter(
    package: Package, map_field: str, gate_field: str, leader: Node, waiting: set[str]
) -> tuple[Node, SourceFile] | None:
    """WAITED_ON: a receive from `x.gate` in a function that reads `.map_field[`, or in a
    method of the flight (`waiting`) that such a function calls (`c.wait()`)."""
    lookup = re.compile(rb"\." + re.escape(map_field.encode()) + rb"\[")
    receive = re.compile(rb"<-\s*\w+\." + re.escape(gate_field.encode()) + rb"\b")
    calls_waiting = {
        name
        for name in waiting
        if any(
            lookup.search(f.data) and re.search(rb"\." + re.escape(name.encode()) + rb"\(", f.data)
            for f in package.files
        )
    }
    for f in package.files:
        for m in receive.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.start() + 2)
            if node is None or node.type == "comment":
                continue
            func = gosyntax.enclosing_function(node)
            if func is None:
                continue
            if not lookup.search(func.text or b"") and not (
                func.type == "method_declaration" and gosyntax.function_name(func) in calls_waiting
            ):
                continue
            unary = node.parent if node.type != "unary_expression" else node
            while unary is not None and unary.type != "unary_expression":
                unary = unary.parent
            if unary is None:
                continue
            case = unary.parent
            while case is not None and case.type not in (
                "communication_case",
                "block",
                "source_file",
            ):
                case = case.parent
            if case is not None and case.type == "communication_case" and case.parent is not None:
                if any(c.type == "default_case" for c in case.parent.named_children):
                    continue  # NO_WAIT_WITH_DEFAULT
                return case.parent, f
            return gosyntax.innermost_statement(unary) or unary, f
    return None
