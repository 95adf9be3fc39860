"""A cancel function kept in a struct field, replaced by the next call without being called.

```go
func (w *Watcher) Watch(key string) {
        ctx, cancel := context.WithCancel(context.Background())
        w.cancel = cancel          // the previous watch's cancel is dropped uncalled
        go w.poll(ctx, key)        // waits on ctx.Done()
}

func (w *Watcher) Close() { if w.cancel != nil { w.cancel() } }
```

`Close` cancels the current context, but a second `Watch` puts a new cancel in the
field first: the goroutine of the first watch waits for a cancel that nothing can
call any more. The fix cancels what the field holds before storing the new one.

Heuristics, each a trade-off:
- KEPT_ON_THE_RECEIVER: the method stores the cancel function into a field of its own
  receiver (`w.cancel = cancel`, not a map entry: those are `map_keys`).
- NOT_LOOKED_AT_FIRST: the method never reads that field of its receiver (no call, no
  nil check, no copy of it): one that does may cancel the old context first.
- RUN_AGAIN: some function of the package calls the method twice on the same
  receiver expression, with no call in between of a method of the type that calls the
  field (`x.Close()`), so the old context is live when the field is replaced; or the
  method is exported and not named for a step taken once in an object's life
  (`Start`, `Run`, `Open`, `Connect`..., or a name that begins with one, such as
  `StartWorker`: SINGLE_STEP_NAMES), so outside callers may call it again (the
  package's own tests are another build, not read here). Trade-off: an exported
  method its callers do call once is reported all the same. AUTO_STARTED: a
  single-step method (`Start`) the type's constructor already calls under an option
  (`if cfg.autoStart { m.Start(...) }`) is run again by the caller its export invites.
- CANCELLED_BY_CALLER: a caller in the package that calls the field (`x.cancel()`)
  before calling the method, in the same function, shows that the callers manage the
  old context: not reported.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.index import receiver_type_name
from goleash.analysis.values import base_type_name

if TYPE_CHECKING:
    from goleash.analysis.functions import Function
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


def replaced_field_cancel(
    func: Function, value: Node, package: Package
) -> tuple[Node, Node, SourceFile] | None:
    """For `cancel` at `value` in `recv.F = cancel`: (the store, the call that runs the
    method again while the old context is live, that call's file), or None."""
    method = func.node
    if method.type != "method_declaration":
        return None
    store = _receiver_store(method, value)
    if store is None:
        return None
    stmt, field = store
    recv = gosyntax.receiver_text(method)
    if recv is None or _reads_field(method, recv, field, stmt):
        return None  # NOT_LOOKED_AT_FIRST
    name = gosyntax.function_name(method)
    type_name = receiver_type_name(method)
    if not name or type_name is None:
        return None
    if _cancelled_by_a_caller(package, name, field):
        return None  # CANCELLED_BY_CALLER
    stoppers = _methods_calling_field(package, type_name, field)
    again = _run_again(package, name, stoppers)
    if again is None and name[:1].isupper() and _first_word(name) not in SINGLE_STEP_NAMES:
        again = (gosyntax.field(method, "name"), func.file)
    if again is None and name[:1].isupper():
        again = _started_by_its_constructor(package, name, type_name)
    return (stmt, *again) if again is not None else None


def _started_by_its_constructor(
    package: Package, name: str, type_name: str
) -> tuple[Node, SourceFile] | None:
    """AUTO_STARTED: a constructor of the type (a function of the package returning it)
    calls the exported method on the object it makes under an `if` (an option such as
    `WithAutoStart`), so a caller that also calls it, as its exported name invites,
    runs it twice. Trade-off: a package whose documents forbid that second call is
    reported all the same."""
    pattern = re.compile(rb"\.\s*(" + re.escape(name.encode()) + rb")\s*\(")
    for f in package.files:
        for m in pattern.finditer(f.data):
            call = _call_at(f, m.start(1), m.end(1))
            holder = gosyntax.enclosing_function(call) if call is not None else None
            if call is None or holder is None or holder.type != "function_declaration":
                continue
            results = gosyntax.result_types(holder)
            if not results or results[0] is None or base_type_name(results[0]) != type_name:
                continue
            if gosyntax.enclosing_in_function(call, ("if_statement",)) is not None:
                return call, f
    return None


def _first_word(name: str) -> str:
    """`StartUpdateWorker` -> `start`."""
    m = re.match(r"[A-Z]?[a-z0-9]*", name)
    return (m.group(0) if m else name).lower()


def _cancelled_by_a_caller(package: Package, name: str, field: str) -> bool:
    """CANCELLED_BY_CALLER: some caller of the method calls the field (`x.cancel()`)
    before its call in the same function: the callers manage the old context."""
    call = re.compile(rb"\.\s*" + re.escape(name.encode()) + rb"\s*\(")
    cancel = re.compile(rb"\." + re.escape(field.encode()) + rb"\s*\(")
    for f in package.files:
        for m in call.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.end())
            holder = gosyntax.enclosing_function(node) if node is not None else None
            if holder is not None and cancel.search(f.data, holder.start_byte, m.start()):
                return True
    return False


# Methods named for a step an object takes once: a second call is not how they are used.
SINGLE_STEP_NAMES = frozenset(
    {
        "start",
        "run",
        "serve",
        "listen",
        "open",
        "init",
        "initialize",
        "begin",
        "connect",
        "dial",
        "launch",
        "spawn",
        "go",
        "new",
    }
)


def _receiver_store(method: Node, value: Node) -> tuple[Node, str] | None:
    """KEPT_ON_THE_RECEIVER: (the assignment, the field) for `recv.F = value`."""
    parent, child = gosyntax.parent_skipping_parens(value)
    stmt = parent.parent if parent is not None and parent.type == "expression_list" else None
    if stmt is None or stmt.type != "assignment_statement":
        return None
    left = gosyntax.field(stmt, "left").named_children
    right = gosyntax.field(stmt, "right").named_children
    if len(left) != 1 or len(right) != 1 or right[0] != child:
        return None
    target = left[0]
    if target.type != "selector_expression":
        return None
    operand = gosyntax.unparen(target.child_by_field_name("operand"))
    if operand is None or gosyntax.text(operand) != gosyntax.receiver_text(method):
        return None
    return stmt, gosyntax.text(gosyntax.field(target, "field"))


def _reads_field(method: Node, recv: str, field: str, store: Node) -> bool:
    body = method.child_by_field_name("body")
    for n in gosyntax.walk(body, skip_functions=False) if body is not None else ():
        if (
            n.type == "selector_expression"
            and not gosyntax.is_within(n, gosyntax.field(store, "left"))
            and gosyntax.text(gosyntax.field(n, "field")) == field
            and gosyntax.text(n.child_by_field_name("operand") or n) == recv
        ):
            return True
    return False


def _methods_calling_field(package: Package, type_name: str, field: str) -> set[str]:
    """The type's methods that call the field (`x.cancel()`): its stops."""
    call = re.compile(rb"\." + re.escape(field.encode()) + rb"\s*\(")
    out: set[str] = set()
    for _file, method in package.methods_of_type(type_name):
        name = gosyntax.function_name(method)
        if name and call.search(method.text or b""):
            out.add(name)
    return out


def _run_again(package: Package, name: str, stoppers: set[str]) -> tuple[Node, SourceFile] | None:
    """RUN_AGAIN: a second call of `.name(` on the receiver expression of an earlier one in
    the same function, with no stop of that receiver in between."""
    pattern = re.compile(rb"\.\s*(" + re.escape(name.encode()) + rb")\s*\(")
    for f in package.files:
        seen: dict[tuple[int, str], Node] = {}  # (function, receiver text) -> the first call
        for m in pattern.finditer(f.data):
            call = _call_at(f, m.start(1), m.end(1))
            holder = gosyntax.enclosing_function(call) if call is not None else None
            if call is None or holder is None:
                continue
            key = (holder.start_byte, _operand_text(call))
            first = seen.setdefault(key, call)
            if first is not call and not _stopped_between(first, call, holder, key[1], stoppers):
                return call, f
    return None


def _call_at(file: SourceFile, start: int, end: int) -> Node | None:
    """The call `x.name(...)` whose method name spans [start, end)."""
    name: Node | None = file.root.descendant_for_byte_range(start, end)
    sel = name.parent if name is not None and name.type == "field_identifier" else None
    call = sel.parent if sel is not None and sel.type == "selector_expression" else None
    if (
        call is None
        or call.type != "call_expression"
        or call.child_by_field_name("function") != sel
    ):
        return None
    return call


def _operand_text(call: Node) -> str:
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    operand = fn.child_by_field_name("operand") if fn is not None else None
    return gosyntax.text(operand) if operand is not None else ""


def _stopped_between(
    first: Node, second: Node, holder: Node, operand: str, stoppers: set[str]
) -> bool:
    """A stop of the same receiver (`x.Close()`) between the two calls."""
    body = holder.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        if (
            n.type == "call_expression"
            and first.end_byte <= n.start_byte < second.start_byte
            and _operand_text(n) == operand
            and _method_name(n) in stoppers
        ):
            return True
    return False


def _method_name(call: Node) -> str | None:
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression":
        return None
    return gosyntax.text(gosyntax.field(fn, "field"))
