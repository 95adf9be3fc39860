"""
# lost-cancel (GL012)

## What it does
Finds a `context.WithCancel` (or `WithCancelCause`) whose cancel function is thrown
away (`_`) or is not called on some way out of the function.

## Why is this bad?
Until it is cancelled, a derived context stays registered with its parent until the
parent is cancelled, which for `context.Background()` is never. Goroutines waiting
on `ctx.Done()` leak with it.

A discarded cancel of a context derived from `context.Background()` or
`context.TODO()` is not reported either (ROOT_PARENT_HOLDS_NOTHING): such a context
registers with no parent and starts no goroutine, so dropping it frees it, unless the
function itself waits on its `Done()`, which then never closes.

A `WithTimeout` or `WithDeadline` context is not reported (TIMER_RELEASES): its own
timer cancels it at the deadline, which releases it and every goroutine waiting on
it. Its cancel should still be called to free it early, and `go vet`'s `lostcancel`
check says so; a very long deadline holds what it holds until then.

A way out inside `case <-ctx.Done():` of the derived context itself is not counted
(DONE_ALREADY): the context has ended there, and holds nothing more.

## Example
```go
func call(parent context.Context) error {
        ctx, cancel := context.WithCancel(parent)
        if err := prepare(); err != nil {
                return err // cancel is never called
        }
        defer cancel()
        return do(ctx)
}
```

## Use instead
```go
        ctx, cancel := context.WithCancel(parent)
        defer cancel()
```

## Fix safety
`defer cancel()` right after the call releases the context when the function returns,
which is what every path must do anyway: safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from goleash import fixes, gosyntax
from goleash.analysis import paths
from goleash.model import Finding, Severity
from goleash.rules.base import Context, Rule, rule_doc

# TIMER_RELEASES: only contexts nothing but their cancel ends; a timeout or deadline
# context is ended by its own timer (see the rule's documentation).
_CANCELLERS = re.compile(r"^WithCancel(Cause)?$")


def check(ctx: Context) -> Iterator[Finding]:
    caps_list = _matches(ctx)
    for decl, cancel, fn in caps_list:
        name = gosyntax.text(cancel)
        func = gosyntax.enclosing_function(decl)
        if func is None:
            continue
        call = f"context.{fn}"
        if name == "_":
            if _derives_from_root(decl):
                if not _done_read(func, decl):
                    continue  # ROOT_PARENT_HOLDS_NOTHING
                message = (
                    f"the cancel function of `{call}` is discarded: nothing can ever close "
                    f"the context's `Done()`, which this function waits on"
                )
            else:
                message = (
                    f"the cancel function of `{call}` is discarded: the context stays alive "
                    f"until the parent is cancelled"
                )
            fix = ctx.fix(fixes.defer_cancel, decl, name)
            yield ctx.finding(RULE, cancel, message, fixes=(fix,) if fix else ())
            continue
        if decl.type == "assignment_statement":
            # `ctx, cancel = ...` assigns a variable declared elsewhere: a named
            # result (handed to the caller by a bare return), an outer variable.
            continue
        # Called in a closure, returned, stored or reassigned: someone else may call it.
        calls, deferred, escapes = gosyntax.calls_of_local(func, decl, name)
        if escapes or gosyntax.runs_for_process_lifetime(
            func, ctx.file.package_name, ctx.file.path
        ):
            continue
        exits = [
            e
            for e in paths.abandoning_exits(func, decl, calls, deferred)
            if not _after_its_done(e.node, decl)
        ]
        if not exits:
            continue
        first = exits[0]
        where = (
            "the end of the function"
            if first.kind == "end"
            else f"the return at line {gosyntax.line_of(first.node)}"
        )
        message = (
            f"`{name}` from `{call}` is not called on every path: {where} leaves the context alive"
        )
        related = [
            ctx.related(e.node, f"`{name}` has not been called when the function leaves here")
            for e in exits
        ]
        fix = ctx.fix(fixes.defer_cancel, decl, name)
        yield ctx.finding(RULE, cancel, message, related, fixes=(fix,) if fix else ())


def _after_its_done(exit_node: Node | None, decl: Node) -> bool:
    """DONE_ALREADY: a way out inside a select case receiving from the new context's own
    `Done()` (`case <-ctx.Done(): return ctx.Err()`) leaves a context that has ended:
    nothing is held. Trade-off: vet's lostcancel still asks for the call there."""
    left = gosyntax.field(decl, "left").named_children
    name = gosyntax.text(left[0]) if left else ""
    for a in gosyntax.ancestors(exit_node) if exit_node is not None else ():
        if a.type in gosyntax.FUNCTION_TYPES:
            return False
        if a.type != "communication_case":
            continue
        operand = gosyntax.received_operand(a)
        if operand is not None and gosyntax.text(operand).replace(" ", "") == f"{name}.Done()":
            return True
    return False


def _derives_from_root(decl: Node) -> bool:
    """ROOT_PARENT_HOLDS_NOTHING: `context.WithCancel(context.Background())` (or `TODO`).
    Trade-off: a child of a root context is freed with its last reference, so a dropped
    cancel holds nothing; a callee that waits on its `Done()` alone is not seen."""
    call = gosyntax.field(decl, "right").named_children[0]
    args = gosyntax.call_arguments(call)
    parent = gosyntax.unparen(args[0]) if args else None
    return gosyntax.is_root_context(parent)


def _done_read(func: Node, decl: Node) -> bool:
    """Does the function (its literals included) wait on the new context's `Done()`?"""
    left = gosyntax.field(decl, "left").named_children
    name = gosyntax.text(left[0]) if left else ""
    done = re.compile(rb"\b" + re.escape(name.encode()) + rb"\.Done\(\)")
    return bool(done.search(func.text or b""))


def _matches(ctx: Context) -> list[tuple[Node, Node, str]]:
    """(declaration, cancel identifier, function name) for `x, cancel := context.WithX(...)`."""
    out = []
    for decl in ctx.candidates.get("cancel_decl", []):
        # The query matched `right` holding one call of a selector, and a `left`.
        call = gosyntax.field(decl, "right").named_children[0]
        fn = gosyntax.field(call, "function")
        operand, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
        if operand is None or field is None or operand.text != b"context":
            continue
        name = gosyntax.text(field)
        left = gosyntax.field(decl, "left").named_children
        if not _CANCELLERS.match(name) or len(left) != 2 or left[1].type != "identifier":
            continue
        out.append((decl, left[1], name))
    return out


RULE = Rule(
    code="GL012",
    name="lost-cancel",
    summary="The cancel function of a derived context is discarded or not called on every path",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
