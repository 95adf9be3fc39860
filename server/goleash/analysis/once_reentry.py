"""A `sync.Once` whose function calls `Do` on that same Once: it waits for itself.

    func (c *Client) ensure() error {
        c.once.Do(c.login)        // login -> Get -> ensure -> c.once.Do: waits for itself
        return c.loginErr
    }

`Do` returns only once the function it runs has returned, and a second `Do` on the
same Once waits for the first to finish (sync's documentation: "if f calls Do, it will
deadlock"). A `Do` reached from the function the first `Do` runs, on the same
goroutine, waits forever, and with it every later caller of `Do`.

The Once is the same when the inner `Do` names it through the object the outer one
runs its function on: the method value's receiver (`c.once.Do(c.login)`), the
variables a function literal shares (`c.once.Do(func() { ... })`), the receivers and
parameters it is handed to on the way (`call_chains`: SAME_GOROUTINE, SAME_OBJECT,
CHAIN_DEPTH), or a package-level Once. Heuristics, each a trade-off:
- ONCE_TYPED: only a `Do` with one argument on a value typed `sync.Once` (a struct
  field, a variable, a package-level variable); an embedded Once (`c.Do(f)`) or a
  type of another package named `Once` is not read.
- FUNCTION_IN_VIEW: the function `Do` runs must be a literal, a method value on the
  Once's object or a function of the package (for a package-level Once); a function
  value from elsewhere is not followed.
- ANY_PATH: the inner `Do` counts on any path of the functions on the way, an error
  path included: a deadlock there is one as soon as that path runs; but not behind a
  test of state the Once's function sets, nor under a test of its own function's
  arguments (`call_chains`: STATE_SET_FIRST, DECIDED_BY_ARGUMENTS).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.call_chains import (
    Reached,
    Step,
    argument_checked,
    denotes,
    handle_of,
    mentioned,
    reached_calls,
    same_value_calls,
    state_checked,
)
from goleash.analysis.call_chains import value_handle as handle_in
from goleash.analysis.functions import Function, Functions
from goleash.source import SourceFile

ONCE = "sync.Once"


@dataclass(frozen=True)
class Reentry:
    inner: Node  # the `Do` that waits for itself (in the file analysed)
    outer: Node  # the `Do` still running when it is reached
    outer_file: SourceFile
    name: str  # the Once as the inner `Do` names it: `c.once`
    runs: str | None  # what the outer `Do` runs, as written (`c.login`); None for a literal
    chain: tuple[Step, ...]  # the calls from that function to the inner `Do`


def once_reentries(
    file: SourceFile, functions: Functions, do_calls: Collection[Node]
) -> list[Reentry]:
    """The `Do` calls of `file` reached from the function a `Do` on the same Once runs."""
    out: list[Reentry] = []
    if not do_calls or not mentioned(functions.package, ONCE.encode()):
        return out  # no Once in the package
    walked: dict[tuple[str, int], list[Reached]] = {}
    outers: dict[object, list[tuple[Node, Function]]] = {}
    for call in do_calls:
        func = functions.enclosing(call, file)
        operand = _once_operand(call, func)
        if func is None or operand is None:
            continue
        handle = handle_of(operand, func)
        if handle is None:
            continue
        # The candidates depend on the field (or variable), not on the object.
        once = func.resolver.ref(operand) if handle.field or handle.var is None else handle.var
        if once not in outers:
            outers[once] = list(same_value_calls(functions, handle, operand, func, "Do"))
        for outer, outer_func in outers[once]:
            if len(gosyntax.call_arguments(outer)) != 1:
                continue
            key = (outer_func.file.path, outer.start_byte)
            if key not in walked:
                walked[key] = list(_inner_calls(functions, outer, outer_func))
            hit = next(
                (r for r in walked[key] if r.call == call and r.func.file.path == file.path),
                None,
            )
            if hit is not None:
                arg = gosyntax.call_arguments(outer)[0]
                runs = gosyntax.text(arg) if arg.type != "func_literal" else None
                out.append(
                    Reentry(
                        call,
                        outer,
                        outer_func.file,
                        gosyntax.text(operand),
                        runs,
                        hit.chain,
                    )
                )
                break
    return out


def _inner_calls(functions: Functions, outer: Node, outer_func: Function) -> Iterator[Reached]:
    """The `Do` calls on the outer's Once reached from the function it runs."""
    operand = _once_operand(outer, outer_func)
    handle = handle_of(operand, outer_func) if operand is not None else None
    arg = gosyntax.call_arguments(outer)[0]
    start = functions.target(arg, outer_func)
    if handle is None or start is None:
        return
    h = handle_in(handle, arg, outer_func, start)  # FUNCTION_IN_VIEW
    if h is None:
        return
    for r in reached_calls(functions, start, h):
        inner_operand = _once_operand(r.call, r.func)
        if inner_operand is None or not denotes(inner_operand, r.handle, r.func):
            continue
        if not state_checked(r, start, h) and not argument_checked(r):
            yield r


def _once_operand(call: Node, func: Function | None) -> Node | None:
    """`c.once` in `c.once.Do(f)`, when it is a sync.Once (ONCE_TYPED)."""
    fn = call.child_by_field_name("function")
    if func is None or fn is None or fn.type != "selector_expression":
        return None
    if (
        gosyntax.text(gosyntax.field(fn, "field")) != "Do"
        or len(gosyntax.call_arguments(call)) != 1
    ):
        return None
    operand = gosyntax.unparen(fn.child_by_field_name("operand"))
    if operand is None or func.resolver.expr_type(operand) != ONCE:
        return None
    return operand
