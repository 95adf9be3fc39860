"""TURN_NEVER_PASSED: goroutines that take turns on a condition, one of which gives up
on a failure without passing its turn on.

    func (f *frame) waitTurn(seq int) error {
        for f.next != seq && f.failed == nil {
            f.cond.Wait() // the later turns wait here for good
        }
        ...
    }

    func (b *Binder) prepareAndSew(f *frame, sig Signature) error {   // one goroutine per item
        if err := b.inspect(sig); err != nil {
            return err // neither f.advance nor f.abort: the next turn never comes
        }
        if err := b.pierce(sig); err != nil {
            f.abort(err)
            return err
        }
        if err := f.waitTurn(sig.Seq); err != nil {
            return err
        }
        ...
        f.advance(sig.Seq)
    }

A participant is a function run in a goroutine started once per item (a `go` in a
loop) that calls the waiting method on an object (`f.waitTurn`) and, on that same
object, the methods of its type that wake the condition (`advance`, `abort`). A
failure return of it that passes no waking call on the object leaves the goroutines
that wait for its turn asleep for good.

Guards, each a trade-off:
- SIBLING_FAILURES_WAKE: only when another failure return of the same participant
  wakes the object first (`f.abort(err); return err`): the code shows that a failure
  must pass the turn on. A participant that never does so on any failure is left alone
  (its failures may be fatal to the whole run some other way).
- WAIT_FAILED: a return of the waiting method's own failure (`if err :=
  f.waitTurn(seq); err != nil { return err }`) comes when the turns are over already.
- WOKEN_BEFORE: a waking call before the return, in its block or a block around it
  (`f.advance(seq)` and then a failure), has passed the turn on.
Read from the syntax: the object is matched by name in the participant, the methods
by name on the waiting method's type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.cond_wakeups import wait_loops, waking_methods
from goleash.analysis.failure_returns import returns_a_failure

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


@dataclass(frozen=True)
class SkippedTurn:
    wait: Node  # `f.cond.Wait()`
    cond: str  # `f.cond`, as written in the waiting method
    waiting_method: str  # `waitTurn`
    participant: Node  # the function that gives up without passing its turn on
    participant_file: SourceFile
    obj: str  # the object in the participant (`f`)
    exit: Node  # the failure `return` that passes no waking call
    woken_call: Node  # a waking call a sibling failure makes first (`f.abort(err)`)
    wakers: tuple[str, ...]  # the waking methods, sorted
    start: Node | None  # the `go` statement that runs participants per item
    start_file: SourceFile | None


def skipped_turns(package: Package, waits: Iterable[Node]) -> list[SkippedTurn]:
    """The waits (among `waits`, a file's `x.cond.Wait()` calls) whose turn a
    participant skips on a failure."""
    out: list[SkippedTurn] = []
    for call, cond_field, method, recv, type_name, _condition in wait_loops(waits):
        waiting = gosyntax.function_name(method)
        wakers = {name for name in waking_methods(package, type_name, cond_field) if name} - {
            waiting
        }
        if not waiting or not wakers:
            continue
        for file, func in _participants(package, waiting, wakers):
            found = _skipped_exit(func, waiting, wakers)
            if found is None:
                continue
            obj, exit_node, woken = found
            start = _started_per_item(package, func)
            if start is None:
                continue
            out.append(
                SkippedTurn(
                    call,
                    f"{recv}.{cond_field}",
                    waiting,
                    func,
                    file,
                    obj,
                    exit_node,
                    woken,
                    tuple(sorted(wakers)),
                    start[0],
                    start[1],
                )
            )
            break  # one participant named per wait
    return out


def _participants(
    package: Package, waiting: str, wakers: set[str]
) -> Iterator[tuple[SourceFile, Node]]:
    """The functions of the package that call the waiting method and a waking one (by
    name, on any object)."""
    waits = re.compile(rb"\.\s*" + re.escape(waiting.encode()) + rb"\(")
    for f in package.files:
        if not waits.search(f.data):
            continue
        for decl in f.root.named_children:
            if decl.type not in ("function_declaration", "method_declaration"):
                continue
            text = decl.text or b""
            if waits.search(text) and any(f".{w}(".encode() in text for w in wakers):
                yield f, decl


def _method_calls(func: Node, names: set[str]) -> Iterator[tuple[Node, str, str]]:
    """(the call, its object's name, the method) for `x.m(...)` in `func` with `m` one
    of `names` and `x` a plain name."""
    for call in gosyntax.descendants(func, "call_expression"):
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if fn is None or fn.type != "selector_expression":
            continue
        operand = fn.child_by_field_name("operand")
        name = gosyntax.text(gosyntax.field(fn, "field"))
        if operand is not None and operand.type == "identifier" and name in names:
            yield call, gosyntax.text(operand), name


def _skipped_exit(func: Node, waiting: str, wakers: set[str]) -> tuple[str, Node, Node] | None:
    """(the object, a failure return that passes no waking call on it, a waking call a
    sibling failure makes first), or None."""
    waited = {obj: call for call, obj, _ in _method_calls(func, {waiting})}
    for obj, wait_call in waited.items():
        wake_calls = [call for call, o, _ in _method_calls(func, wakers) if o == obj]
        if not wake_calls:
            continue
        skipped: Node | None = None
        woken_example: Node | None = None
        for ret in gosyntax.descendants(func, "return_statement"):
            if gosyntax.enclosing_function(ret) != func or not returns_a_failure(ret, func):
                continue
            if _wait_failed(ret, wait_call):
                continue  # WAIT_FAILED
            woken = _woken_before(ret, wake_calls)
            if woken is not None:
                if woken_example is None and _in_the_failure_block(woken, ret):
                    woken_example = woken
                continue
            if skipped is None:
                skipped = ret
        if skipped is not None and woken_example is not None:  # SIBLING_FAILURES_WAKE
            return obj, skipped, woken_example
    return None


def _wait_failed(ret: Node, wait_call: Node) -> bool:
    """The return sits under an `if` that tests the waiting call's outcome."""
    for a in gosyntax.ancestors(ret):
        if a.type in gosyntax.FUNCTION_TYPES:
            return False
        if a.type == "if_statement" and gosyntax.is_within(wait_call, a):
            consequence = a.child_by_field_name("consequence")
            return consequence is not None and gosyntax.is_within(ret, consequence)
    return False


def _woken_before(ret: Node, wake_calls: list[Node]) -> Node | None:
    """WOKEN_BEFORE: a waking call ahead of `ret` in a block that holds `ret`."""
    for call in wake_calls:
        if call.end_byte > ret.start_byte:
            continue
        block = _statement_block(call)
        if block is not None and gosyntax.is_within(ret, block):
            return call
    return None


def _statement_block(node: Node) -> Node | None:
    """The block (statement list) the statement holding `node` is in."""
    for a in gosyntax.ancestors(node):
        if a.type in ("block", "statement_list"):
            return a
        if a.type in gosyntax.FUNCTION_TYPES:
            return None
    return None


def _in_the_failure_block(call: Node, ret: Node) -> bool:
    """The waking call is in the same block as the return (`f.abort(err); return err`)."""
    block = _statement_block(call)
    return block is not None and block == _statement_block(ret)


def _started_per_item(package: Package, func: Node) -> tuple[Node, SourceFile] | None:
    """The `go` statement, inside a loop, that runs `func` (`go b.prepare(...)`), or a
    literal that calls it (`go func(s Sig) { errs <- b.prepare(ctx, f, s) }(sig)`)."""
    name = gosyntax.function_name(func)
    if not name:
        return None
    called = re.compile(rb"(?<![\w])" + re.escape(name.encode()) + rb"\(")
    for f in package.files:
        if b"go " not in f.data or not called.search(f.data):
            continue
        for stmt in gosyntax.descendants(f.root, "go_statement"):
            if not gosyntax.in_loop(stmt):
                continue
            calls = [stmt, *gosyntax.descendants(stmt, "call_expression")]
            if any(
                c.type == "call_expression" and gosyntax.callee_text(c).rsplit(".", 1)[-1] == name
                for c in calls
            ):
                return stmt, f
    return None
