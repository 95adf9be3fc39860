"""A loop handed the goroutine's context, which it never looks at.

```go
func (e *Elector) run(ctx context.Context) {   // started with `go e.run(ctx)`
        for {
                if !e.campaign(ctx) {        // watches ctx.Done()
                        return
                }
                err := e.lead(ctx)
                ...
                if ctx.Err() != nil {
                        return
                }
        }
}

func (e *Elector) lead(ctx context.Context) error {
        for {
                select {                     // ctx is never read here
                case <-e.resign:
                        return nil
                case <-t.C:
                        ...
                }
        }
}
```

The goroutine is written to stop with its context: the function it runs reads
`ctx.Done()` or `ctx.Err()`. But it hands the context to a function whose endless
loop never reads it: once the context is cancelled, that loop goes on until one of
its other ways out happens, which nothing promises (a resignation nobody sends, a
renewal that keeps succeeding). The fix adds `case <-ctx.Done(): return` to the
loop's wait.

Heuristics, each a trade-off:
- CONTEXT_NEVER_READ: the function's context parameter is named and no identifier of
  its body (function literals included) spells that name. A context read through
  another name (stored in a field first) is not seen, so such a loop is missed.
- CONTEXT_IS_THE_STOP: the function that hands the context on reads `Done()` or
  `Err()` of it, so cancelling it is how that goroutine is meant to end. A loop handed
  a context its caller only passes along may have a stop of its own, and is left alone.
- RUNS_IN_A_GOROUTINE: that caller is the body a `go` statement of the package runs
  (a literal, or a function or method it names). A loop called in the caller's own
  goroutine blocks that caller, which is another question.
- Only a loop that waits (a `select` without `default`, or a receive) is read: a loop
  that only computes or sleeps may have an end we cannot see.
- ENDS_WITH_ITS_INPUT: a loop that asks whether a channel it receives from is closed
  (`v, ok := <-in`) ends when its producer closes it, which may well follow the
  cancel; it is left alone. A producer that stops on the context without closing is
  then missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax

if TYPE_CHECKING:
    from goleash.analysis.functions import Function, Functions
    from goleash.source import SourceFile

_CONTEXT_TYPES = frozenset({"context.Context"})
_STOP_READS = frozenset({"Done", "Err"})
# `for {`, `for true {`, and a clause without a condition (`for i := 0; ; i++ {`), as
# gosyntax.is_infinite_loop reads them: a prefilter, the tree decides.
_ENDLESS_FOR = re.compile(rb"\bfor\s*(?:true\s*)?\{|\bfor\b[^\n{]*;\s*;")


@dataclass(frozen=True)
class IgnoredContext:
    func: Function  # the function whose loop never reads its context
    loop: Node  # that endless `for`
    param: str  # the context parameter's name
    call: Node  # the caller's call handing it the context
    caller: Function  # the goroutine body that stops on the context
    stop_read: Node  # where the caller reads it: `ctx.Done()` or `ctx.Err()`
    start: Node  # the `go` statement that runs the caller
    start_file: SourceFile


def ignored_contexts(functions: Functions, file: SourceFile) -> list[IgnoredContext]:
    out: list[IgnoredContext] = []
    if b"context.Context" not in file.data:
        return out
    for decl in file.root.named_children:
        if decl.type not in ("function_declaration", "method_declaration"):
            continue
        body = decl.child_by_field_name("body")
        params = decl.child_by_field_name("parameters")
        if body is None or params is None or b"context.Context" not in (params.text or b""):
            continue
        # Plain text first (this runs over every declaration on every keystroke): an
        # endless loop is spelled so (_ENDLESS_FOR), and a waiting one receives.
        if not _ENDLESS_FOR.search(body.text or b"") or not gosyntax.may_receive(body):
            continue
        for index, name in _unread_contexts(decl, body):
            loop = next(_waiting_loops(body), None)
            if loop is None:
                continue
            found = _stopping_caller(functions, functions.get(decl, file), index)
            if found is not None:
                call, caller, stop_read, start, start_file = found
                func = functions.get(decl, file)
                out.append(
                    IgnoredContext(func, loop, name, call, caller, stop_read, start, start_file)
                )
                break
    return out


def _unread_contexts(decl: Node, body: Node) -> Iterator[tuple[int, str]]:
    """CONTEXT_NEVER_READ: (index, name) of each named context parameter the body never names."""
    params = gosyntax.parameters(decl)
    contexts = [
        (i, name)
        for i, (name, typ) in enumerate(params)
        if name not in ("", "_") and typ is not None and gosyntax.text(typ) in _CONTEXT_TYPES
    ]
    for i, name in contexts:
        if not _spelled(body, name):
            yield i, name


def _spelled(body: Node, name: str) -> bool:
    """An identifier of the body (function literals included) spells `name`. The text is
    searched first and only its matches are looked up in the tree (a mention in a comment
    or a string is not a read): walking every identifier of every function that takes a
    context cost a keystroke in a large file several milliseconds."""
    if "\ufffd" in name:
        return True  # not valid UTF-8: its bytes are not known here, so assume it is read
    text = body.text or b""
    for m in re.finditer(rb"\b" + re.escape(name.encode()) + rb"\b", text):
        start = body.start_byte + m.start()
        node = body.descendant_for_byte_range(start, start + len(name))
        if node is not None and node.type == "identifier":
            return True
    return False


def _waiting_loops(body: Node) -> Iterator[Node]:
    """The body's endless loops that wait on a channel (a select without default, a receive)."""
    for loop in gosyntax.walk(body):
        if loop.type != "for_statement" or not gosyntax.is_infinite_loop(loop):
            continue
        if _asks_if_closed(loop):
            continue  # ENDS_WITH_ITS_INPUT
        if _waits(gosyntax.field(loop, "body")):
            yield loop


def _waits(body: Node) -> bool:
    """A select without default, or a receive outside a select that has one. Iterative:
    nesting depth is the input's to choose."""
    stack = [body]
    while stack:
        node = stack.pop()
        if node.type in gosyntax.FUNCTION_TYPES:
            continue
        if node.type == "select_statement":
            if not gosyntax.select_has_default(node):
                return True
            # A case's own receive never waits there; what its body does may.
            for case in gosyntax.select_cases(node):
                comm = gosyntax.case_communication(case)
                stack.extend(c for c in case.named_children if c != comm)
            continue
        operator = node.child_by_field_name("operator")
        if node.type == "unary_expression" and operator is not None and operator.type == "<-":
            return True
        stack.extend(node.named_children)
    return False


def _asks_if_closed(loop: Node) -> bool:
    """`v, ok := <-in` (or `case v, ok := <-in:`) somewhere in the loop."""
    for n in gosyntax.walk(gosyntax.field(loop, "body")):
        if n.type not in ("short_var_declaration", "assignment_statement", "receive_statement"):
            continue
        left = n.child_by_field_name("left")
        right = gosyntax.unparen(n.child_by_field_name("right"))
        if right is not None and right.type == "expression_list" and right.named_child_count == 1:
            right = gosyntax.unparen(right.named_children[0])
        operator = right.child_by_field_name("operator") if right is not None else None
        if (
            left is not None
            and left.named_child_count == 2
            and right is not None
            and right.type == "unary_expression"
            and operator is not None
            and operator.type == "<-"
        ):
            return True
    return False


def _stopping_caller(
    functions: Functions, func: Function, index: int
) -> tuple[Node, Function, Node, Node, SourceFile] | None:
    """A call handing `func` its context from a goroutine body that stops on that context
    (CONTEXT_IS_THE_STOP, RUNS_IN_A_GOROUTINE): (call, caller, its stop read, go, go's file)."""
    for call, caller in functions.call_sites(func):
        args = gosyntax.call_arguments(call)
        arg = gosyntax.unparen(args[index]) if index < len(args) else None
        if arg is None or arg.type != "identifier":
            continue
        var = caller.resolver.scopes.lookup(arg)
        if var is None:
            continue
        stop_read = _stop_read(caller, var)
        if stop_read is None:
            continue
        start = functions.goroutine_start(caller)
        if start is not None:
            return call, caller, stop_read, start[0], start[1]
    return None


def _stop_read(caller: Function, var: object) -> Node | None:
    """`ctx.Done()` or `ctx.Err()` of the caller's variable, in the caller's own body."""
    body = caller.node.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type != "call_expression":
            continue
        fn = gosyntax.unparen(n.child_by_field_name("function"))
        if fn is None or fn.type != "selector_expression":
            continue
        operand = gosyntax.unparen(fn.child_by_field_name("operand"))
        if (
            operand is not None
            and operand.type == "identifier"
            and gosyntax.text(gosyntax.field(fn, "field")) in _STOP_READS
            and caller.resolver.scopes.lookup(operand) is var
        ):
            return n
    return None
