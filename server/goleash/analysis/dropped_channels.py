"""A channel kept in a map field and ranged by its own goroutine, dropped from the map
without the close the package gives the map's channels elsewhere.

```go
func (b *bus) subscribe(h Handler) func() {
        ch := make(chan Alarm, b.buf)
        b.mu.Lock()
        b.subs[id] = ch
        b.mu.Unlock()
        go deliver(ch, h)               // for a := range ch { h(a) }
        return func() {
                b.mu.Lock()
                defer b.mu.Unlock()
                delete(b.subs, id)      // ch stays open: deliver waits for good
        }
}

func (b *bus) close() {
        for id, ch := range b.subs {    // closes only what is still in the map
                close(ch)
                delete(b.subs, id)
        }
}
```

The object-valued registries of `dropped_entries` (a worker ranging over a field of its
object), written with the channel itself as the map's value.

Heuristics, each a trade-off:
- RANGED_BY_ITS_GOROUTINE: a function makes a channel into a local, stores it in a map
  field (`b.subs[id] = ch`) and starts a goroutine ranging over it, either a literal or
  a function of the package handed it, whose range has no other way out. The local is
  used for nothing else (KEPT_ONLY_THERE), but a close before the store (a refusal on
  a closed bus) is allowed.
- RELEASED_ELSEWHERE: a function of the package closes the map's channels, by a walk
  over the map (`for _, c := range b.subs { close(c) }`) or by index (`close(b.subs[k])`):
  the package shows that dropping an entry means closing it.
- DROPPED_UNCLOSED: a function or function literal deletes from that map, closes
  nothing, calls no function of the package that closes anything, and never reads a
  value out of the map (a value in hand may be closed or handed on). Not the worker,
  nor a function it calls.
- HANDED_BACK: a helper takes the channel out of the map, deletes its entry and
  returns it (`in, ok := l.inbox[id]; delete(l.inbox, id); return in, nil`); one of its
  callers closes what it hands back (`in, err := l.detach(id); ...; close(in)`), which
  is the package's release, and another throws it away (`_, err := l.detach(id)`):
  that caller drops the channel unclosed (blind dev p494). Trade-off: a caller that
  binds it to a name and closes it only on some paths is not judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis import paths

if TYPE_CHECKING:
    from goleash.analysis.functions import Function, Functions
    from goleash.source import SourceFile


@dataclass(frozen=True)
class DroppedChannel:
    channel: str  # `ch`, the starter's local
    store: Node  # `b.subs[id] = ch`
    map_text: str  # `b.subs`
    go: Node  # the `go` statement starting the worker
    worker: str  # `deliver`, or "" for a literal
    loop: Node  # the worker's `for a := range ch`
    loop_file: SourceFile
    delete: Node  # the `delete(b.subs, id)` call that drops it (HANDED_BACK: the helper's call)
    key: str  # `id`
    drop_func: Node  # the function or literal holding the delete
    drop_file: SourceFile
    release: Node  # the package's own `close(c)` of the map's channels
    release_file: SourceFile
    # HANDED_BACK: the helper that takes the channel out and returns it (`detach`), and
    # the index of its result that is the channel
    helper: Node | None = None
    handed_index: int = 0
    # STARTED_BY_A_HELPER: the file of the store, when a caller of the starting helper
    # makes and stores the channel (`h.lines[id] = in; h.totals[id] = tally(b, in)`)
    store_file: SourceFile | None = None


def dropped_channels(
    functions: Functions, file: SourceFile, go_statements: Iterable[Node]
) -> list[DroppedChannel]:
    out: list[DroppedChannel] = []
    for go in go_statements:
        starter = functions.enclosing(go, file)
        if starter is None or starter.node.type == "func_literal":
            continue
        found = _judge(functions, starter, go)
        if found is not None:
            out.append(found)
    return out


def _judge(functions: Functions, starter: Function, go: Node) -> DroppedChannel | None:
    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    if call is None:
        return None
    ranged = _worker_range(functions, starter, call)
    if ranged is None:
        return None
    channel, worker, loop, loop_file = ranged
    store = _only_store(starter.node, channel)
    store_file: SourceFile | None = None
    if store is None:
        found = _stored_by_a_caller(functions, starter, channel)
        if found is None:
            return None
        store, store_file, channel = found
    target = gosyntax.field(store, "left").named_children[0]
    map_node = gosyntax.unparen(target.child_by_field_name("operand"))
    if map_node is None or map_node.type != "selector_expression":
        return None
    map_text = gosyntax.text(map_node)
    map_field = gosyntax.text(gosyntax.field(map_node, "field"))
    release = _release(functions, map_field)
    dropped = _unclosed_drop(functions, map_field, loop) if release is not None else None
    helper: Node | None = None
    index = 0
    if release is None or dropped is None:
        handed = _handed_back(functions, map_field, loop)
        if handed is None:
            return None
        helper, index, release, dropped = handed
    delete, key, drop_func, drop_file = dropped
    return DroppedChannel(
        channel,
        store,
        map_text,
        go,
        worker,
        loop,
        loop_file,
        delete,
        key,
        drop_func,
        drop_file,
        release[0],
        release[1],
        helper,
        index,
        store_file,
    )


def _stored_by_a_caller(
    functions: Functions, starter: Function, param: str
) -> tuple[Node, SourceFile, str] | None:
    """STARTED_BY_A_HELPER: the starter is a helper handed the channel as a parameter
    (`func tally(b Batch, in <-chan Reading) <-chan Totals { go func() { for r := range
    in {...} }() ... }`), and its one caller makes the channel into a local, stores it in
    a map field and hands it to the helper, using it for nothing else (KEPT_ONLY_THERE,
    the helper's call standing for the `go`): (the store, its file, the caller's name
    for the channel). Trade-off: a helper with several callers is not judged."""
    params = [name for name, _type in gosyntax.parameters(starter.node)]
    if starter.node.type == "func_literal" or param not in params:
        return None
    sites = list(functions.call_sites(starter))
    if len(sites) != 1:
        return None
    call, caller = sites[0]
    args = gosyntax.call_arguments(call)
    position = params.index(param)
    arg = gosyntax.unparen(args[position]) if position < len(args) else None
    if arg is None or arg.type != "identifier" or caller.node.type == "func_literal":
        return None
    store = _only_store(caller.node, gosyntax.text(arg), handed_to=call)
    return (store, caller.file, gosyntax.text(arg)) if store is not None else None


def _worker_range(
    functions: Functions, starter: Function, call: Node
) -> tuple[str, str, Node, SourceFile] | None:
    """(the channel local, the worker's name, its range, its file): a literal ranging over
    a captured local, or a package function ranging over the parameter it is handed."""
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is not None and fn.type == "func_literal":
        body = fn.child_by_field_name("body")
        loop = _sole_range(body, None)
        if loop is None:
            return None
        operand = _range_operand(loop)
        return (operand, "", loop, starter.file) if operand else None
    worker = functions.callee(call, starter)
    if worker is None or worker.node.type == "func_literal":
        return None
    args = gosyntax.call_arguments(call)
    params = [name for name, _t in gosyntax.parameters(worker.node)]
    for i, arg in enumerate(args):
        if arg.type != "identifier" or i >= len(params):
            continue
        loop = _sole_range(worker.node.child_by_field_name("body"), params[i])
        if loop is not None:
            return gosyntax.text(arg), gosyntax.function_name(worker.node) or "", loop, worker.file
    return None


def _sole_range(body: Node | None, over: str | None) -> Node | None:
    """The body's top-level `for v := range x` (over `over`, if given) with no way out of
    its own and nothing after it but a return."""
    statements = gosyntax.statements(body)
    loops = [s for s in statements if s.type == "for_statement" and _range_operand(s)]
    if len(loops) != 1:
        return None
    loop = loops[0]
    if over is not None and _range_operand(loop) != over:
        return None
    if paths.left_early(loop):
        return None
    return loop


def _range_operand(loop: Node) -> str:
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    right = clause.child_by_field_name("right") if clause is not None else None
    return gosyntax.text(right) if right is not None and right.type == "identifier" else ""


def _only_store(starter: Node, channel: str, handed_to: Node | None = None) -> Node | None:
    """KEPT_ONLY_THERE: the one `x.m[k] = ch` of the local, made by `make(chan ...)`,
    used otherwise only by the `go` (or the call `handed_to`, STARTED_BY_A_HELPER) and
    by closes."""
    made = store = None
    for n in gosyntax.walk(starter):
        if n.type != "identifier" or gosyntax.text(n) != channel:
            continue
        parent = n.parent
        if parent is None:
            return None
        if parent.type == "expression_list" and parent.parent is not None:
            stmt = parent.parent
            if stmt.type == "short_var_declaration" and gosyntax.field(stmt, "left") == parent:
                value = gosyntax.field(stmt, "right").named_children
                if len(value) == 1 and gosyntax.text(value[0]).startswith("make(chan"):
                    made = stmt
                    continue
                return None
            if stmt.type == "assignment_statement" and gosyntax.field(stmt, "right") == parent:
                left = gosyntax.field(stmt, "left").named_children
                if len(left) == 1 and left[0].type == "index_expression" and store is None:
                    store = stmt
                    continue
                return None
            return None
        if parent.type == "argument_list":
            callee = parent.parent
            if callee is not None and callee.type == "call_expression":
                if gosyntax.callee_text(callee) == "close":
                    continue
                if callee.parent is not None and callee.parent.type == "go_statement":
                    continue
                if handed_to is not None and callee == handed_to:
                    continue
            return None
        if parent.type == "range_clause":
            continue  # the literal worker's own range
        return None
    return store if made is not None else None


def _release(functions: Functions, map_field: str) -> tuple[Node, SourceFile] | None:
    """RELEASED_ELSEWHERE: a `close` of the map's channels, by a walk over the map or by
    index."""
    walked = re.compile(rb"range\s+[\w.]*\b" + re.escape(map_field.encode()) + rb"\s*\{")
    for f in functions.package.files:
        if b"close(" not in f.data or map_field.encode() not in f.data:
            continue
        for n in gosyntax.walk(f.root, skip_functions=False):
            if n.type == "call_expression" and gosyntax.callee_text(n) == "close":
                args = gosyntax.call_arguments(n)
                arg = gosyntax.text(args[0]) if args else ""
                if re.fullmatch(r"[\w.]*\b" + re.escape(map_field) + r"\[[^\]]+\]", arg):
                    return n, f
                loop = next((a for a in gosyntax.ancestors(n) if a.type == "for_statement"), None)
                clause = (
                    next((c for c in loop.named_children if c.type == "range_clause"), None)
                    if loop is not None
                    else None
                )
                if loop is None or clause is None:
                    continue
                if walked.search(gosyntax.text(loop).encode()) is None:
                    continue
                left = clause.child_by_field_name("left")
                names = [gosyntax.text(c) for c in left.named_children] if left is not None else []
                if len(names) == 2 and names[1] == arg:
                    return n, f
    return None


def _unclosed_drop(
    functions: Functions, map_field: str, loop: Node
) -> tuple[Node, str, Node, SourceFile] | None:
    """DROPPED_UNCLOSED: (the delete, its key, the function or literal holding it, its
    file)."""
    deleted = re.compile(rb"\bdelete\(\s*[\w.]*\b" + re.escape(map_field.encode()) + rb"\s*,")
    indexed = re.compile(rb"\b" + re.escape(map_field.encode()) + rb"\s*\[")
    closers = _closing_functions(functions)
    for f in functions.package.files:
        for found in deleted.finditer(f.data):
            node = f.root.descendant_for_byte_range(found.start(), found.start() + 1)
            call = (
                next((a for a in gosyntax.ancestors(node) if a.type == "call_expression"), None)
                if node is not None
                else None
            )
            holder = gosyntax.enclosing_function(call) if call is not None else None
            if call is None or holder is None or gosyntax.is_within(call, loop):
                continue
            text = holder.text or b""
            if b"close(" in text or (
                indexed.search(text) is not None and _holds_a_value(holder, map_field)
            ):
                continue  # closes something, or holds a value of the map
            called = {
                gosyntax.text(gosyntax.field(fn, "field"))
                if fn.type == "selector_expression"
                else gosyntax.text(fn)
                for c in gosyntax.walk(holder)
                if c.type == "call_expression"
                and (fn := gosyntax.unparen(c.child_by_field_name("function"))) is not None
                and fn.type in ("selector_expression", "identifier")
            }
            if called & closers:
                continue
            args = gosyntax.call_arguments(call)
            if len(args) != 2:
                continue
            return call, gosyntax.text(args[1]), holder, f
    return None


def _holds_a_value(holder: Node, map_field: str) -> bool:
    """Does the function read a value out of the map, other than to test a key's presence
    (`_, ok := h.lines[id]`, PRESENCE_ONLY)?"""
    for n in gosyntax.walk(holder):
        if n.type != "index_expression" or not gosyntax.selects_field(
            n.child_by_field_name("operand"), map_field
        ):
            continue
        values = n.parent
        stmt = values.parent if values is not None else None
        if (
            values is not None
            and stmt is not None
            and values.type == "expression_list"
            and stmt.type in ("short_var_declaration", "assignment_statement")
            and gosyntax.field(stmt, "right") == values
            and len(values.named_children) == 1
        ):
            left = gosyntax.field(stmt, "left").named_children
            if left and gosyntax.text(left[0]) == "_":
                continue
        return True
    return False


def _handed_back(
    functions: Functions, map_field: str, loop: Node
) -> tuple[Node, int, tuple[Node, SourceFile], tuple[Node, str, Node, SourceFile]] | None:
    """HANDED_BACK: (the helper, the index of its result that is the channel, the
    release: a caller's `close` of what it hands back, the drop: another caller's call
    throwing it away, with "" for a key, the function holding that call, its file)."""
    for helper, index in _handing_helpers(functions, map_field):
        name = gosyntax.function_name(helper) or ""
        calls = re.compile(rb"(?:\.|\b)" + re.escape(name.encode()) + rb"\(")
        release: tuple[Node, SourceFile] | None = None
        drop: tuple[Node, str, Node, SourceFile] | None = None
        for f in functions.package.files:
            for found in calls.finditer(f.data):
                node = f.root.descendant_for_byte_range(found.end() - 1, found.end())
                call = (
                    next((a for a in gosyntax.ancestors(node) if a.type == "call_expression"), None)
                    if node is not None
                    else None
                )
                holder = gosyntax.enclosing_function(call) if call is not None else None
                if call is None or holder is None or holder == helper:
                    continue
                if gosyntax.is_within(call, loop):
                    continue
                bound = _bound_result(call, index)
                if bound == "_":
                    drop = drop or (call, "", holder, f)
                elif bound:
                    closed = next(
                        (
                            c
                            for c in gosyntax.walk(holder)
                            if c.type == "call_expression"
                            and gosyntax.callee_text(c) == "close"
                            and [gosyntax.text(a) for a in gosyntax.call_arguments(c)] == [bound]
                        ),
                        None,
                    )
                    if closed is not None:
                        release = release or (closed, f)
        if release is not None and drop is not None:
            return helper, index, release, drop
    return None


def _handing_helpers(functions: Functions, map_field: str) -> list[tuple[Node, int]]:
    """Functions of the package that bind a value of the map (`in, ok := l.inbox[id]`),
    delete from it and return that value, with the result's index."""
    deleted = re.compile(rb"\bdelete\(\s*[\w.]*\b" + re.escape(map_field.encode()) + rb"\s*,")
    out: list[tuple[Node, int]] = []
    for f in functions.package.files:
        if deleted.search(f.data) is None:
            continue
        for top in f.root.named_children:
            if top.type not in ("function_declaration", "method_declaration"):
                continue
            if deleted.search(top.text or b"") is None:
                continue
            taken: set[str] = set()
            for n in gosyntax.walk(top):
                if n.type not in ("short_var_declaration", "assignment_statement"):
                    continue
                left = gosyntax.field(n, "left").named_children
                right = gosyntax.field(n, "right").named_children
                value = gosyntax.unparen(right[0]) if len(right) == 1 else None
                if value is None or value.type != "index_expression" or not left:
                    continue
                held = value.child_by_field_name("operand")
                if held is not None and gosyntax.text(held).rsplit(".", 1)[-1] == map_field:
                    taken.add(gosyntax.text(left[0]))
            if not taken:
                continue
            indexes = {
                i
                for r in gosyntax.walk(top)
                if r.type == "return_statement"
                for i, v in enumerate(
                    r.named_children[0].named_children if r.named_children else []
                )
                if gosyntax.text(v) in taken
            }
            if len(indexes) == 1:
                out.append((top, indexes.pop()))
    return out


def _bound_result(call: Node, index: int) -> str | None:
    """What a call's result `index` is bound to: a name, "_", or None when the call is
    not on the right of a declaration or assignment of several names."""
    parent, _child = gosyntax.parent_skipping_parens(call)
    if parent is None or parent.type != "expression_list":
        return None
    stmt = parent.parent
    if stmt is None or stmt.type not in ("short_var_declaration", "assignment_statement"):
        return None
    right = gosyntax.field(stmt, "right").named_children
    left = gosyntax.field(stmt, "left").named_children
    if len(right) != 1 or index >= len(left):
        return None
    return gosyntax.text(left[index])


def _closing_functions(functions: Functions) -> set[str]:
    """Names of the package's functions and methods whose bodies call `close`."""
    out: set[str] = set()
    for f in functions.package.files:
        if b"close(" not in f.data:
            continue
        for top in f.root.named_children:
            if top.type in ("function_declaration", "method_declaration") and b"close(" in (
                top.text or b""
            ):
                name = gosyntax.function_name(top)
                if name:
                    out.add(name)
    return out
