"""
# ticker-never-stopped (GL018)

## What it does
Finds a `time.NewTicker` whose `Stop` is never called, or is skipped on some way out
of the function, while the ticker does not leave the function.

## Why is this bad?
A ticker keeps its runtime timer firing until it is stopped. Before Go 1.23 an
unstopped ticker is never garbage collected, even after nothing refers to it: every
call of the function leaks one, and a goroutine ranging over its channel ticks on
forever. (From Go 1.23, per the `go` line of `go.mod`, an unreferenced ticker is
collected whether it was stopped or not, and a module that says so gets no GL018.)

A ticker handed to a goroutine the function starts is that goroutine's: it is
reported when the goroutine returns without stopping it, and left alone when the
goroutine ranges over its ticks for good (TICKER_HANDED_TO_ITS_GOROUTINE), where
stopping it at the starter's return would only leave the loop waiting forever; whether
that goroutine should stop is GL009's question.

In a test file only a ticker whose function never returns is reported
(TEST_TIMERS_DIE_WITH_BINARY): a test's timer that outlives its function keeps
ticking only until the test binary exits, harmlessly, and goleak does not see it; a
test goroutine that ticks for good is a goroutine leak and still reported.

## Example
```go
func poll(ctx context.Context, check func() bool) bool {
        t := time.NewTicker(100 * time.Millisecond)
        for {
                select {
                case <-ctx.Done():
                        return false
                case <-t.C:
                        if check() {
                                return true
                        }
                }
        }
}
```

## Use instead
```go
        t := time.NewTicker(100 * time.Millisecond)
        defer t.Stop()
```

## Fix safety
`defer t.Stop()` right after the ticker is made stops it when the function returns,
which is when nothing can read its channel any more: safe. For a ticker handed to a
goroutine, the `defer t.Stop()` goes first in that goroutine, which stops it when the
goroutine returns: safe as well. A goroutine that ranges
over the ticks (`for range t.C`) never returns, since `Stop` does not close `C`: there
the loop becomes a `select` on `t.C` with `case <-ctx.Done(): return` (or the
done/stop channel in scope) and the `defer t.Stop()`; safe as well, the loop ticks as
before until the context is done.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from goleash import fixes, gosyntax
from goleash.analysis import paths
from goleash.analysis.package import is_test_file
from goleash.analysis.run_once import declared_to_run_once
from goleash.fixes.scope import find_way_out
from goleash.model import Finding, Severity
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    for decl in ctx.candidates.get("cancel_decl", []):
        if decl.type != "short_var_declaration":
            continue
        # The query matched `right` holding one call of a selector, and a `left`.
        call = gosyntax.field(decl, "right").named_children[0]
        fn = gosyntax.field(call, "function")
        operand, field = fn.child_by_field_name("operand"), fn.child_by_field_name("field")
        if (
            operand is None
            or field is None
            or operand.text != b"time"
            or field.text != b"NewTicker"
        ):
            continue
        left = gosyntax.field(decl, "left").named_children
        if len(left) != 1 or left[0].type != "identifier" or left[0].text == b"_":
            continue
        name = gosyntax.text(left[0])
        func = gosyntax.enclosing_function(decl)
        if (
            func is None
            or gosyntax.runs_for_process_lifetime(func, ctx.file.package_name, ctx.file.path)
            or declared_to_run_once(func, ctx.file.package_name or "", ctx.package)
            or not paths.exits(func)
        ):
            continue  # a function that never returns uses its ticker forever
        if ctx.go_version is not None and ctx.go_version >= (1, 23):
            # Since Go 1.23 a ticker nothing refers to is collected, stopped or not; one
            # that does not leave the function is unreferenced once it returns, on every
            # path alike.
            continue
        stops, deferred, escapes = gosyntax.calls_of_local(
            func, decl, name, "Stop", _HARMLESS_FIELDS
        )
        if escapes:
            continue
        if _dies_with_test_binary(ctx, func, name):
            continue
        if not stops and not deferred:
            reader = _reading_goroutine(func, decl, name)
            if reader is not None:
                found = _reader_leaves(ctx, call, reader, name)
                if found is not None:
                    yield found
                continue
            message = f"ticker `{name}` is never stopped: its timer keeps running after the function returns"
            # Ranging over the ticks never ends (Stop does not close C): the loop needs a way out too.
            if (
                _only_ends_ranging_over_ticks(func, name)
                and _no_way_out(ctx, func)
                and not is_test_file(ctx.file.path)
            ):
                continue  # TICKS_NEVER_END with no way out in scope: the loop's own lifetime
            fix = ctx.fix(fixes.stop_ticker_range, decl, name)
            if fix is None and not _only_ends_ranging_over_ticks(func, name):
                # A `defer t.Stop()` in a function that never returns would never run.
                fix = ctx.fix(fixes.defer_stop, decl, name)
            yield ctx.finding(RULE, call, message, fixes=(fix,) if fix else ())
            continue
        exits = [
            e
            for e in paths.abandoning_exits(func, decl, stops, deferred)
            if not (e.kind == "end" and _ends_ranging_over_ticks(func, name))
        ]
        if exits:
            first = exits[0]
            where = (
                "the end of the function"
                if first.kind == "end"
                else f"the return at line {gosyntax.line_of(first.node)}"
            )
            message = f"ticker `{name}` is not stopped on every path: {where} leaves it running"
            related = [
                ctx.related(
                    e.node, f"`{name}.Stop()` has not been called when the function leaves here"
                )
                for e in exits
            ]
            fix = ctx.fix(fixes.defer_stop, decl, name)
            yield ctx.finding(RULE, call, message, related, fixes=(fix,) if fix else ())


def _reading_goroutine(func: Node, decl: Node, name: str) -> Node | None:
    """TICKER_HANDED_TO_ITS_GOROUTINE: the function literal of `go func() {...}()` that
    holds every use of the ticker but its declaration: the ticker lives as long as that
    goroutine, and stopping it when the starter returns would starve the goroutine."""
    body = func.child_by_field_name("body")
    reader: Node | None = None
    for n in gosyntax.walk(body, skip_functions=False) if body is not None else ():
        if n.type != "identifier" or n.text != name.encode() or gosyntax.is_within(n, decl):
            continue
        literal = next((a for a in gosyntax.ancestors(n, func) if a.type == "func_literal"), None)
        call = literal.parent if literal is not None else None
        if call is None or call.type != "call_expression" or call.parent is None:
            return None
        if call.parent.type != "go_statement" or (reader is not None and reader != literal):
            return None
        reader = literal
    return reader


def _reader_leaves(ctx: Context, call: Node, reader: Node, name: str) -> Finding | None:
    """The goroutine reading the ticker returns without stopping it: reported at the
    ticker, with the way out named. A goroutine that never returns (an endless loop, or
    a range over the ticks, TICKS_NEVER_END) uses its ticker for as long as it runs:
    whether it should stop is GL009's question, not this rule's."""
    ways_out = paths.exits(reader)
    if not ways_out or _only_ends_ranging_over_ticks(reader, name):
        return None
    first = ways_out[0]
    where = "at its end" if first.kind == "end" else f"at line {gosyntax.line_of(first.node)}"
    message = (
        f"ticker `{name}` is never stopped: the goroutine reading it returns {where} "
        f"and leaves its timer running"
    )
    related = [
        ctx.related(e.node, f"the goroutine returns here without `{name}.Stop()`") for e in ways_out
    ]
    fix = ctx.fix(fixes.stop_in_goroutine, reader, name)
    return ctx.finding(RULE, call, message, related, fixes=(fix,) if fix else ())


def _ends_ranging_over_ticks(func: Node, name: str) -> bool:
    """TICKS_NEVER_END: the function's last statement ranges over this ticker's channel
    (`for range t.C`) and no `break` leaves it. `Stop` does not close `C`, so the loop
    ends only by a `return` inside it: the end of the function is never reached, and
    is not a way out that leaves the ticker running."""
    body = func.child_by_field_name("body")
    stmts = gosyntax.statements(body) if body is not None else []
    last = stmts[-1] if stmts else None
    if last is None or last.type != "for_statement" or paths.breaks_out(last):
        return False
    clause = next((c for c in last.named_children if c.type == "range_clause"), None)
    right = gosyntax.unparen(clause.child_by_field_name("right")) if clause is not None else None
    return right is not None and gosyntax.text(right).replace(" ", "") == f"{name}.C"


def _only_ends_ranging_over_ticks(func: Node, name: str) -> bool:
    """The function has no `return` and ends in an endless range over the ticker
    (TICKS_NEVER_END): it never returns, and uses its ticker for as long as it runs. With
    no context or stop channel in scope to leave on, it is a loop meant to run as long as
    whatever started it (cubefs' metrics and eviction loops); the ticker is not what
    leaks. In a test file it is still reported: a test's goroutine that ticks for good
    outlives the test (mosn's idle checker test). Trade-off: a loop that should have
    had a way out and has none in scope is GL009's to report, not this rule's."""
    ways_out = [e.kind for e in paths.exits(func)]
    return ways_out == ["end"] and _ends_ranging_over_ticks(func, name)


def _dies_with_test_binary(ctx: Context, func: Node, name: str) -> bool:
    """TEST_TIMERS_DIE_WITH_BINARY: in a test file, a ticker left running by a function
    that returns ticks on only until the test binary exits: harmless, and invisible to
    goleak, which looks for goroutines. Eleven such findings on Debian's Go sources were
    all test leftovers (pion, syncthing, snapd). A test goroutine that ranges over the
    ticks for good (TICKS_NEVER_END) is a goroutine leak and is still reported. What it
    costs: a test helper called in a benchmark loop, leaking one ticker per call, is
    missed."""
    return is_test_file(ctx.file.path) and not _only_ends_ranging_over_ticks(func, name)


def _no_way_out(ctx: Context, func: Node) -> bool:
    """No context or stop channel in scope at the function's last statement."""
    body = func.child_by_field_name("body")
    stmts = gosyntax.statements(body) if body is not None else []
    return not stmts or find_way_out(func, stmts[-1], ctx.package, released_only=False) is None


# Reading the ticks and resetting the period neither stop the ticker nor hand it on.
_HARMLESS_FIELDS = frozenset({"C", "Reset"})


RULE = Rule(
    code="GL018",
    name="ticker-never-stopped",
    summary="A time.NewTicker that is never stopped, or not stopped on every path",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
