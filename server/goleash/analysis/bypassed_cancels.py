"""A goroutine handed the parent of the context whose cancel is kept to stop it.

```go
func (c *Client) OpenStream(ctx context.Context) *Stream {
        sctx, cancel := context.WithCancel(ctx)
        s := &Stream{cancel: cancel}       // Close calls s.cancel()
        c.sink.Open(sctx)
        go s.pump(ctx)                     // the parent, not sctx
        return s
}

func (s *Stream) pump(ctx context.Context) {
        for {
                select {
                case <-ctx.Done():        // the loop's only way out
                        return
                case v := <-s.in:
                        ...
                }
        }
}
```

The starter derives a context, keeps its cancel function as the object's way to stop
(a struct field some code of the package reads, `Close` calling it), and starts a
goroutine whose endless loop leaves only when its context is done, but hands it the
parent instead of the derived one. The cancel then never reaches the loop: it runs until
the caller's context ends, for ever when that one is long-lived.

Heuristics, each a trade-off:
- DERIVED_BESIDE_THE_GO: `d, cancel := context.WithCancel(p)` declared in the starting
  function before the `go`, in a block around it, with `p` the very name handed to the
  goroutine (and not assigned again in between). A context derived elsewhere (a field
  filled by another method) is not followed: a miss, never a false report.
- CANCEL_KEPT_AND_CALLED: the cancel is stored in a struct field and otherwise only
  called to clean up before giving up, and some code of the package reads that field
  (the stopping method). A cancel deferred or called on the way out stops `d` only for
  the starter's own work: the goroutine on the parent is then meant to outlive it.
- NOT_HANDED_THE_DERIVED: neither the `go` statement nor the goroutine's literal body
  names `d`; a goroutine that reads it somewhere may be stopped through it.
- Only a `select` in an endless loop whose every way out of the goroutine's function is
  in its `<-p.Done()` case (the loop otherwise never ends) is read; a goroutine with
  another way out (a stop channel, a closed queue) is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.kept_contexts import (
    cancel_store,
    done_cases,
    may_keep_contexts,
    only_way_out,
)
from goleash.analysis.package import field_read, field_selectors

if TYPE_CHECKING:
    from goleash.analysis.functions import Function, Functions
    from goleash.source import SourceFile


@dataclass(frozen=True)
class BypassedCancel:
    wait: Node  # the select of the endless loop
    loop_func: Function  # the goroutine's function (a declaration or a literal)
    waited: str  # the context the loop waits on, as the loop names it
    handed: Node  # the parent as the `go` statement hands it (an argument, or the
    #               captured name's first `Done()` in the literal)
    handed_name: str
    derived: str  # the derived context's name
    made: Node  # `context.WithCancel(p)`
    cancel_field: str
    kept: Node  # where the cancel function is stored
    cancel_call: Node | None  # a read of the cancel field: where the owner stops
    cancel_file: SourceFile | None
    start: Node  # the `go` statement
    start_file: SourceFile


def bypassed_cancels(functions: Functions, file: SourceFile) -> list[BypassedCancel]:
    out: list[BypassedCancel] = []
    if not may_keep_contexts(functions, file):
        return out
    for node in _functions_waiting_on_done(file):
        body = node.child_by_field_name("body")
        if body is None:
            continue
        for select, waited in _context_loops(body):
            func = functions.get(node, file)
            for start, start_file, handed, handed_name in _starts(functions, func, waited):
                found = _derived_beside(functions, start, start_file, handed_name)
                if found is None:
                    continue
                derived, made, cancel_field, kept = found
                if _names(start, derived) or (
                    node.type == "func_literal" and _names(body, derived)
                ):
                    continue  # NOT_HANDED_THE_DERIVED
                call, call_file = _cancel_read(functions, cancel_field)
                out.append(
                    BypassedCancel(
                        select,
                        func,
                        waited,
                        handed,
                        handed_name,
                        derived,
                        made,
                        cancel_field,
                        kept,
                        call,
                        call_file,
                        start,
                        start_file,
                    )
                )
                break
    return out


def _functions_waiting_on_done(file: SourceFile) -> list[Node]:
    """The functions (literals included) holding a `<-x.Done()`, found from the text,
    each once, in the order of the file."""
    found: dict[int, Node] = {}
    for m in re.finditer(rb"<-\s*\w+\.Done\(\)", file.data):
        token = file.root.descendant_for_byte_range(m.start(), m.start() + 2)
        func = gosyntax.enclosing_function(token) if token is not None else None
        if func is not None:
            found.setdefault(func.start_byte, func)
    return [found[k] for k in sorted(found)]


def _context_loops(body: Node) -> list[tuple[Node, str]]:
    """(select, context name) for each select of an endless loop whose only way out of
    the function is its `<-name.Done()` case, `name` a plain identifier."""
    out: list[tuple[Node, str]] = []
    for holder, case, select in done_cases(body):
        if holder.type == "identifier" and only_way_out(body, select, case):
            out.append((select, gosyntax.text(holder)))
    return out


def _starts(
    functions: Functions, func: Function, waited: str
) -> list[tuple[Node, SourceFile, Node, str]]:
    """(go statement, its file, what it hands, the handed name) for each `go` running
    `func` whose waited context comes from the starter as a plain name."""
    params = [name for name, _typ in gosyntax.parameters(func.node)]
    out: list[tuple[Node, SourceFile, Node, str]] = []
    if func.node.type == "func_literal":
        start = functions.goroutine_start(func)
        if start is None:
            return out
        go, go_file = start
        if waited in params:
            arg = _argument(func.node.parent, params.index(waited))
            if arg is not None:
                out.append((go, go_file, arg, gosyntax.text(arg)))
            return out
        first = _first_done_of(func.node, waited)
        if first is not None:
            out.append((go, go_file, first, waited))
        return out
    if waited not in params:
        return out
    index = params.index(waited)
    for call, at in functions.call_sites(func):
        spawn = call.parent
        if spawn is None or spawn.type != "go_statement":
            continue
        arg = _argument(call, index)
        if arg is not None:
            out.append((spawn, at.file, arg, gosyntax.text(arg)))
    return out


def _argument(call: Node | None, index: int) -> Node | None:
    """The call's argument at `index` when it is a plain name."""
    if call is None or call.type != "call_expression":
        return None
    args = gosyntax.call_arguments(call)
    arg = gosyntax.unparen(args[index]) if index < len(args) else None
    return arg if arg is not None and arg.type == "identifier" else None


def _first_done_of(func: Node, name: str) -> Node | None:
    body = func.child_by_field_name("body")
    for node in gosyntax.walk(body) if body is not None else ():
        holder = gosyntax.done_holder(node)
        if holder is not None and holder.type == "identifier" and gosyntax.text(holder) == name:
            return holder
    return None


def _derived_beside(
    functions: Functions, go: Node, go_file: SourceFile, parent: str
) -> tuple[str, Node, str, Node] | None:
    """DERIVED_BESIDE_THE_GO and CANCEL_KEPT_AND_CALLED: (derived name, the WithCancel
    call, the cancel field, where the cancel is kept)."""
    starter = functions.enclosing(go, go_file)
    if starter is None or starter.is_process_lifetime:
        return None
    body = starter.node.child_by_field_name("body")
    if body is None:
        return None
    for decl in gosyntax.walk(body):
        if decl.start_byte >= go.start_byte:
            break
        found = gosyntax.derived_context(decl)
        if found is None:
            continue
        context, cancel, call = found
        arg = gosyntax.parent_context(call)
        derived = gosyntax.text(context)
        if arg is None or arg.type != "identifier" or gosyntax.text(arg) != parent:
            continue
        if derived == parent or decl.parent is None or not gosyntax.is_within(go, decl.parent):
            continue
        if _assigned_between(body, parent, decl, go):
            continue
        store = cancel_store(starter.node, gosyntax.text(cancel), decl)
        if store is None:
            continue
        field, kept = store
        if not field_read(functions.package, field.encode()):
            continue
        return derived, call, field, kept
    return None


def _assigned_between(body: Node, name: str, decl: Node, go: Node) -> bool:
    """Is `name` assigned again after `decl` and before `go` (`ctx = sctx`)?"""
    for node in gosyntax.walk(body):
        if not decl.end_byte <= node.start_byte < go.start_byte:
            continue
        if node.type not in ("assignment_statement", "short_var_declaration"):
            continue
        left = gosyntax.field(node, "left").named_children
        if any(t.type == "identifier" and gosyntax.text(t) == name for t in left):
            return True
    return False


def _names(node: Node, name: str) -> bool:
    """Does `node` mention the identifier `name` (nested literals included)?"""
    if name.encode() not in (node.text or b""):
        return False
    return any(
        n.type == "identifier" and gosyntax.text(n) == name
        for n in gosyntax.walk(node, skip_functions=False)
    )


def _cancel_read(functions: Functions, field: str) -> tuple[Node | None, SourceFile | None]:
    """The first read of the cancel field that calls it (`s.cancel()`), else any read."""
    fallback: tuple[Node | None, SourceFile | None] = (None, None)
    for sel, file in field_selectors(functions.package, field.encode()):
        if gosyntax.on_side_of(sel, "assignment_statement", "left"):
            continue
        call = sel.parent
        if call is not None and call.type == "call_expression":
            return call, file
        if fallback[0] is None:
            fallback = (sel, file)
    return fallback
