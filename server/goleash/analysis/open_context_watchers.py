"""A goroutine that waits only for a context its starter derived, when a way out of the
starter leaves that context uncancelled.

```go
g, gctx := newTaskGroup(ctx)         // keeps the cancel; calls it only when a task fails
for _, sw := range swaps {
        space := newWallSpace(sw.gallery)
        go space.abortOn(gctx)       // <-ctx.Done(), then wakes the waiters
        ...
}
return g.Wait()                      // a clean run cancels nothing
```

The watcher is there to react when the work is abandoned; when the work ends normally
and nothing cancels the context, it waits on until the caller's context ends, which for
a background one is never: one goroutine left per call.

Heuristic OPEN_CONTEXT_WATCHER, each condition a trade-off:
- the goroutine's first statement waits only on the context (`<-ctx.Done()`, or a select
  whose every case receives from its `Done()`): a literal closing over it, or a function
  of the package handed it as an argument (`go space.abortOn(gctx)`);
- the starter derives that context with `context.WithCancel`, or gets it from a group of
  the package that keeps the cancel (GROUP_KEEPS_THE_CANCEL in uncancelled_contexts.py),
  and some way out after the `go`, reached without calling or deferring the cancel (or a
  group method that calls it), leaves it open (UNCANCELLED_ON_THE_WAY_OUT);
- not in tests, where the test's end releases what it made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis import paths
from goleash.analysis.lingering_watchers import waited_context
from goleash.analysis.uncancelled_contexts import OpenContext, contexts_left_open

if TYPE_CHECKING:
    from goleash.analysis.functions import Function, Functions
    from goleash.source import SourceFile


@dataclass(frozen=True)
class OpenContextWatcher:
    wait: Node  # the waiting statement
    wait_file: SourceFile
    start: Node  # the `go` statement
    starter: Node  # the function starting it
    context: OpenContext  # the context, as the starter names it
    exit: Node  # the way out that leaves it open


def open_context_watchers(
    functions: Functions, file: SourceFile, go_statements: Iterable[Node]
) -> list[OpenContextWatcher]:
    if file.path.endswith("_test.go"):
        return []
    out: list[OpenContextWatcher] = []
    for go in go_statements:
        starter = functions.enclosing(go, file)
        if starter is None or starter.node.type == "func_literal":
            continue
        waited = _waited_by(go, starter, functions)
        if waited is None:
            continue
        name, wait, wait_file = waited
        for ex in paths.exits(starter.node):
            if ex.kind not in ("return", "end") or not paths.reachable_after(ex.node, go):
                continue
            open_here = contexts_left_open(starter.node, ex.node, functions.package)
            context = open_here.locals.get(name)
            if context is not None and context.decl.end_byte <= go.start_byte:
                out.append(OpenContextWatcher(wait, wait_file, go, starter.node, context, ex.node))
                break
    return out


def _waited_by(
    go: Node, starter: Function, functions: Functions
) -> tuple[str, Node, SourceFile] | None:
    """(the context as the starter names it, the waiting statement, its file) when the
    goroutine's first statement waits only on a context's `Done()`."""
    literal = gosyntax.started_literal(go)
    if literal is not None:
        first = _first_statement(literal)
        name = waited_context(first) if first is not None else None
        return (name, first, starter.file) if name is not None and first is not None else None
    call = go.named_children[0] if go.named_children else None
    if call is None or call.type != "call_expression":
        return None
    callee = functions.callee(call, starter)
    if callee is None or callee.node.type == "func_literal":
        return None
    first = _first_statement(callee.node)
    param = waited_context(first) if first is not None else None
    if param is None or first is None:
        return None
    names = [n for n, _t in gosyntax.parameters(callee.node)]
    args = gosyntax.call_arguments(call)
    if param not in names or names.index(param) >= len(args):
        return None
    arg = gosyntax.unparen(args[names.index(param)])
    if arg is None or arg.type != "identifier":
        return None
    return gosyntax.text(arg), first, callee.file


def _first_statement(func: Node) -> Node | None:
    body = func.child_by_field_name("body")
    statements = [s for s in gosyntax.statements(body) if s.type != "comment"] if body else []
    return statements[0] if statements else None
