"""A goroutine waiting on a context kept in a struct field, whose cancel function, kept
beside it, nothing ever calls.

```go
type Watcher struct {
        ctx    context.Context
        cancel context.CancelFunc
}

func NewWatcher(parent context.Context) *Watcher {
        w := &Watcher{}
        w.ctx, w.cancel = context.WithCancel(parent)
        go w.run()
        return w
}

func (w *Watcher) run() {
        <-w.ctx.Done()          // only `w.cancel()` (or the parent's end) releases this
        ...
}
```

Keeping the cancel function says the goroutine is meant to be stopped with it; if no
code of the package ever reads that field, it is never called (the field is
unexported to other packages too when it is lower-case, and nothing here hands it
out), so the goroutine waits until the parent context ends: forever, for a background
one or a long-lived caller's.

Heuristics, each a trade-off:
- KEPT_BESIDE: every store of the context field is `x.ctx, x.cancel =
  context.WithCancel(...)`, or a local `ctx` from `ctx, cancel :=
  context.WithCancel(...)` whose `cancel` is stored in a field and otherwise only
  called to clean up before giving up (CLEANUP_ON_FAILURE in identities.py). A context
  field also filled from elsewhere (a parameter) may be cancelled by its giver: left
  alone.
- CANCEL_NEVER_READ: no selector of the package reads the cancel field (a call, a
  `defer`, handing it on all read it). Fields are matched by name, not by type: a read
  of a same-named field of another type silences the finding (a miss, never a false
  report).
- STARTED_AS_A_GOROUTINE: the waiting method is run by `go x.method()` in the package.
- Only two waits are read: a bare receive `<-x.ctx.Done()`, and a `select` in an
  endless loop whose every way out of the method is in its `<-x.ctx.Done()` case (the
  goroutine then loops forever). A wait in a select with other ways out is left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis import paths
from goleash.analysis.identities import cleanup_before_giving_up
from goleash.analysis.index import receiver_name, receiver_type_name
from goleash.analysis.package import (
    field_read,
    field_selectors,
    holder_type,
    keyed_literal_values,
)

if TYPE_CHECKING:
    from goleash.analysis.functions import Function, Functions
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


@dataclass(frozen=True)
class KeptContext:
    wait: Node  # the bare receive, or the select of the endless loop
    receiver: str  # the method's receiver, as the wait names it
    owner: str | None  # its type
    loops: bool  # the select loops forever (else the receive blocks forever)
    method: Function  # the goroutine's method
    context_field: str
    cancel_field: str
    made: Node  # the `context.WithCancel(...)` call
    made_file: SourceFile
    cancel_store: Node  # where the cancel function is kept
    caller_parent: bool  # derived from a context the caller gave (not a root context)
    start: Node  # `go x.method()`
    start_file: SourceFile


def kept_contexts(functions: Functions, file: SourceFile) -> list[KeptContext]:
    out: list[KeptContext] = []
    if not may_keep_contexts(functions, file):
        return out
    package = functions.package
    for decl in file.root.named_children:
        if decl.type != "method_declaration":
            continue
        receiver = receiver_name(decl)
        body = decl.child_by_field_name("body")
        if receiver is None or body is None or b".Done()" not in (body.text or b""):
            continue
        owner = receiver_type_name(decl)
        for wait, field, loops in _field_context_waits(body, receiver):
            made = kept_beside(package, field, owner)
            if made is None:
                continue
            call, made_file, cancel_field, kept_at, caller_parent = made
            if field_read(package, cancel_field.encode()):
                continue  # CANCEL_NEVER_READ
            method = functions.get(decl, file)
            start = functions.goroutine_start(method)
            if start is None:
                continue
            out.append(
                KeptContext(
                    wait,
                    receiver,
                    owner,
                    loops,
                    method,
                    field,
                    cancel_field,
                    call,
                    made_file,
                    kept_at,
                    caller_parent,
                    start[0],
                    start[1],
                )
            )
            break
    return out


def may_keep_contexts(functions: Functions, file: SourceFile) -> bool:
    """A cheap first look: the file waits on some `Done()` and the package derives a
    cancellable context somewhere."""
    return b".Done()" in file.data and any(
        b"context.WithCancel" in f.data for f in functions.package.files
    )


def done_cases(root: Node) -> Iterator[tuple[Node, Node, Node]]:
    """(the `x` of `<-x.Done()`, its case, the select) for each select case of `root`
    (nested functions aside) that waits on a context's `Done()`."""
    for node in gosyntax.walk(root):
        holder = gosyntax.done_holder(gosyntax.receive_operand(node))
        if holder is None:
            continue
        case = case_of_receive(node)
        select = case.parent if case is not None else None
        if case is not None and select is not None and select.type == "select_statement":
            yield holder, case, select


def _done_of_field(expr: Node | None, receiver: str) -> str | None:
    """`F` of `<-r.F.Done()` (r the receiver), else None."""
    holder = gosyntax.done_holder(gosyntax.receive_operand(expr))
    if holder is None or holder.type != "selector_expression":
        return None
    base = gosyntax.unparen(holder.child_by_field_name("operand"))
    if base is None or base.type != "identifier" or gosyntax.text(base) != receiver:
        return None
    return gosyntax.text(gosyntax.field(holder, "field"))


def _field_context_waits(body: Node, receiver: str) -> list[tuple[Node, str, bool]]:
    """(wait, context field, loops) for the two waits this module reads."""
    out: list[tuple[Node, str, bool]] = []
    for node in gosyntax.walk(body):
        field = _done_of_field(node, receiver)
        if field is None:
            continue
        case = case_of_receive(node)
        if case is None:
            if gosyntax.enclosing_in_function(node, ("select_statement",)) is None:
                out.append((node, field, False))
            continue
        select = case.parent
        while select is not None and select.type != "select_statement":
            select = select.parent
        if select is not None and only_way_out(body, select, case):
            out.append((select, field, True))
    return out


def case_of_receive(receive: Node) -> Node | None:
    """The select case whose communication is this receive."""
    at = receive.parent
    while at is not None and at.type in (
        "expression_statement",
        "receive_statement",
        "expression_list",
        "parenthesized_expression",
    ):
        at = at.parent
    if at is not None and at.type == "communication_case":
        comm = gosyntax.case_communication(at)
        if comm is not None and comm.start_byte <= receive.start_byte < comm.end_byte:
            return at
    return None


def only_way_out(body: Node, select: Node, case: Node) -> bool:
    """The select sits in an endless loop no `break` leaves, and every `return` (or
    `goto`) of the method is inside `case`: the goroutine ends only through it."""
    loop = select.parent
    while loop is not None and loop.type != "for_statement":
        if loop.type in gosyntax.FUNCTION_TYPES:
            return False
        loop = loop.parent
    if loop is None or not gosyntax.is_infinite_loop(loop) or paths.breaks_out(loop):
        return False
    for node in gosyntax.walk(body):
        if node.type in ("return_statement", "goto_statement") and not (
            case.start_byte <= node.start_byte < case.end_byte
        ):
            return False
    # The loop must be the body's last statement: nothing after it could be reached.
    statements = [s for s in gosyntax.statements(body) if s.type != "comment"]
    return bool(statements) and statements[-1] == loop


def kept_beside(
    package: Package, field: str, owner: str | None
) -> tuple[Node, SourceFile, str, Node, bool] | None:
    """KEPT_BESIDE: (the WithCancel call, its file, the cancel field, where the cancel is
    kept, whether the parent is the caller's) when every store of `field` keeps such a
    context beside its cancel function. Stores into a value of another named type than
    `owner` are passed over; those whose holder's type is not known count."""
    found: tuple[Node, SourceFile, str, Node, bool] | None = None
    stores = 0
    for sel, file in field_selectors(package, field.encode()):
        if not gosyntax.on_side_of(sel, "assignment_statement", "left"):
            continue
        typ = holder_type(sel)
        if owner is not None and typ is not None and typ != owner:
            continue
        stores += 1
        kept = _kept_by_assignment(sel, file)
        if kept is None:
            return None
        found = found or kept
    for value, file, typ in keyed_literal_values(package, field):
        if owner is not None and typ is not None and typ != owner:
            continue
        stores += 1
        kept = kept_by_local(value, file)
        if kept is None:
            return None
        found = found or kept
    return found if stores else None


def _kept_by_assignment(
    sel: Node, file: SourceFile
) -> tuple[Node, SourceFile, str, Node, bool] | None:
    """`x.F, x.G = context.WithCancel(p)`, or `x.F = ctx` with ctx a local WithCancel."""
    left = sel.parent
    statement = left.parent if left is not None else None
    if left is None or statement is None:
        return None
    right = statement.child_by_field_name("right")
    values = right.named_children if right is not None else []
    targets = left.named_children
    if len(targets) == 2 and len(values) == 1 and targets[0] == sel:
        call = gosyntax.unparen(values[0])
        cancel = targets[1]
        if (
            call is not None
            and call.type == "call_expression"
            and gosyntax.callee_text(call) in gosyntax.CANCELLABLE_CONTEXTS
            and cancel.type == "selector_expression"
        ):
            return (
                call,
                file,
                gosyntax.text(gosyntax.field(cancel, "field")),
                cancel,
                _caller_parent(call),
            )
        return None
    if len(targets) == len(values):
        return kept_by_local(values[targets.index(sel)], file)
    return None


def kept_by_local(value: Node, file: SourceFile) -> tuple[Node, SourceFile, str, Node, bool] | None:
    """`ctx` from `ctx, cancel := context.WithCancel(p)` in the same function, its `cancel`
    kept in a field and otherwise only called before giving up."""
    local = gosyntax.unparen(value)
    if local is None or local.type != "identifier":
        return None
    func = gosyntax.enclosing_function(local)
    if func is None:
        return None
    name = gosyntax.text(local)
    for decl in gosyntax.walk(func):
        if decl.type != "short_var_declaration":
            continue
        left = gosyntax.field(decl, "left").named_children
        right = gosyntax.field(decl, "right").named_children
        if len(left) != 2 or len(right) != 1 or gosyntax.text(left[0]) != name:
            continue
        derived = gosyntax.derived_context(decl)
        if derived is None:
            return None
        _context, cancel_name, call = derived
        cancel = gosyntax.text(cancel_name)
        store = cancel_store(func, cancel, decl)
        if store is None:
            return None
        field, where = store
        return call, file, field, where, _caller_parent(call)
    return None


def cancel_store(func: Node, cancel: str, decl: Node) -> tuple[str, Node] | None:
    """(the field, the store) that keeps `cancel`, if every other use of it is a call
    before giving up."""
    found: tuple[str, Node] | None = None
    for ident in gosyntax.walk(func, skip_functions=False):
        if ident.type != "identifier" or gosyntax.text(ident) != cancel:
            continue
        if ident.start_byte < decl.end_byte or _is_literal_key(ident):
            continue  # the declaration, or a field named like it (`cancel: cancel`)
        key = gosyntax.literal_key(ident)
        if key is not None:
            found = found or (gosyntax.text(key), ident)
            continue
        if gosyntax.on_side_of(ident, "assignment_statement", "right"):
            statement = ident.parent.parent if ident.parent is not None else None
            left = statement.child_by_field_name("left") if statement is not None else None
            targets = left.named_children if left is not None else []
            if len(targets) == 1 and targets[0].type == "selector_expression":
                found = found or (gosyntax.text(gosyntax.field(targets[0], "field")), ident)
                continue
            return None
        if cleanup_before_giving_up(ident):
            continue
        return None
    return found


def _is_literal_key(ident: Node) -> bool:
    element = ident.parent
    keyed = element.parent if element is not None else None
    return (
        element is not None
        and element.type == "literal_element"
        and keyed is not None
        and keyed.type == "keyed_element"
        and keyed.child_by_field_name("key") == element
    )


def _caller_parent(call: Node) -> bool:
    args = gosyntax.call_arguments(call)
    parent = gosyntax.unparen(args[0]) if args else None
    return not gosyntax.is_root_context(parent)
