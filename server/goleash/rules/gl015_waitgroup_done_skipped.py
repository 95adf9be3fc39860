"""
# waitgroup-done-skipped (GL015)

## What it does
Finds a `wg.Wait()` that can never return: on some path, `wg.Add` counts more than the
`wg.Done()` calls that will ever come. A goroutine `return`s early without `Done`, or
the loop that adds to the group skips starting a goroutine (a `continue` after
`wg.Add`). Reported at the `Wait`, with the goroutine's way out as related. A
WaitGroup field added to in one method (`Submit`: `p.wg.Add(1); go p.work(j)`) and
waited on in another (`Drain`) is judged the same way, across the package's files.
So is a WaitGroup handed by value to the goroutine's function (`go worker(i, wg)` with
`func worker(i int, wg sync.WaitGroup)`): its `Done` counts down a copy (COPIED_BY_VALUE);
the fix passes it by pointer.
Also a `Wait` on a WaitGroup field that a caller of the package leaves counted up: a
function counts the caller in (`t.wg.Add(1)`) and returns the function that counts
it out (`return func() { t.wg.Done() }`), and a caller returns on some path without
calling it (analysis/skipped_releases.py).
And a `Wait` on a field that a method counts work in on (`p.pending.Add(1)`, first
thing) and then refuses with an error (`return ErrClosed`, or `return err` under `if err
!= nil`: TESTED_FAILURE), or with `return false` in
a method whose one `bool` result says whether it took the work (`TryGo`, FALSE_REFUSAL),
or in a method without results with a bare `return` on the group's cancellation (`case <-g.ctx.Done():
return`, CANCELLED_REFUSAL), without handing the work on
by a send or a `go`, or counting it out (analysis/refused_counts.py); the fix calls
`Done` before that return. The same when the method counts in through a helper's
success (`if err := g.enter(); err != nil { return err }`, `enter` adding one before
its `return nil`) and counts out itself on its other ways out (a deferred `Done`), but
not on a refusal (COUNTED_BY_A_HELPER). And when the count is taken through a local
holding the group's struct (`f := w.cur; f.pending.Add(1)`, one struct of the package
declaring a group of that name: HELD_IN_A_LOCAL).
And a `Wait` on a field counted per item: a method adds one and sends the item on a
channel field (`in.pending.Add(1); in.queue <- ev`), and the loop ranging over that
channel counts each item out (`in.pending.Done()`), except on a path of the iteration
that goes round (`continue`) or leaves without it (analysis/skipped_item_counts.py);
the fix counts the skipped item out before that `continue`. The same when the loop
hands each item to a method of the type that counts it out (`p.place(j)`, with
`defer p.inflight.Done()` after an early `return`: DONE_IN_A_CALLEE).
And a `Wait` of a caller that joined a flight another caller leads: the leader counts
a fresh flight in (`c.wg.Add(1)`), publishes it in a map for the callers asking for the
same key, and leaves it counted up on some way out: an error `return` before its
`c.wg.Done()`, or a panic that a deferred `recover` stops before it, in the leader or
in a helper it hands the flight to (analysis/counted_flights.py). The fix counts the
flight out in the `recover` branch, or sets the flight's `err` and calls `Done` before
that `return`.

## Why is this bad?
`wg.Wait()` returns only when every `Add` is matched by a `Done`. When a goroutine
leaves early without `Done`, the waiting function blocks forever, and with it every
goroutine waiting on what it would have done next.

## Example
```go
for _, u := range urls {
        wg.Add(1)
        go func(u string) {
                resp, err := fetch(u)
                if err != nil {
                        return // wg.Done() is skipped: wg.Wait() blocks forever
                }
                use(resp)
                wg.Done()
        }(u)
}
wg.Wait()
```

## Use instead
```go
        go func(u string) {
                defer wg.Done()
                ...
        }(u)
```

## Fix safety
`defer wg.Done()` as the goroutine's first statement (and no other `Done`) runs on
every way out, exactly once: safe. A goroutine function that gets the group as a
parameter (`go step(s, &wg)`) gets the `defer` under the parameter's name. When the
count is wrong rather than the `Done` (`wg.Add(2)` before an `if` that may skip one
`go`, `wg.Add(1)` before a `continue`, `wg.Add(len(xs))` for a loop that skips some),
the `Add` moves to the branch that really starts the goroutine: `wg.Add(1)` right
before each `go` whose goroutine calls `wg.Done()`. Also safe: every goroutine is
counted before it can call `Done`, as before.
A goroutine function declared in another file of the package (`go p.run(t)`, `run`
in run.go) gets its `defer p.pending.Done()` there. This is the one fix that edits
another file and is still safe: the edit stays inside the goroutine function, which
then calls `Done` once on every way out instead of on some, as every caller that
counted it with `Add` expects.
Counting a skipped item out (`in.pending.Done()` before the `continue` that lets it go)
is safe: that item was counted in and nothing else counts it out.
Counting a flight out in the `recover` branch is safe when the helper's own `Done` is
its last statement (the recovered panic came before it, so the flight is counted out
once); unsafe otherwise. Setting `err` and counting the flight out before an error
`return` is unsafe: the followers get that error instead of waiting.
A release handed out by an acquire and skipped is deferred right after the acquire
(after the `if` that checks its other results and leaves), and the caller's own calls
of it go: unsafe, the release now runs when the caller returns.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from goleash import fixes, gosyntax
from goleash.analysis.classify import Leak
from goleash.analysis.functions import copied_arguments
from goleash.model import Finding, Severity
from goleash.rules import _leakreport as say
from goleash.rules.base import Context, Rule, rule_doc
from goleash.source import SourceFile


def check(ctx: Context) -> Iterator[Finding]:
    for leak in ctx.leaks:
        if leak.code != "GL015":
            continue
        if leak.verdict.kind == "release-skipped":
            yield _release_skipped(ctx, leak)
            continue
        if leak.verdict.kind == "count-refused":
            yield _count_refused(ctx, leak)
            continue
        if leak.verdict.kind == "item-count-skipped":
            yield _item_skipped(ctx, leak)
            continue
        if leak.verdict.kind == "flight-unfinished":
            yield _flight_unfinished(ctx, leak)
            continue
        v = leak.verdict
        wait = v.event.node
        name = say.operand_text(v.event) or say.display_name(leak)
        p = v.partner
        exit_node = (
            v.exit.ast if v.exit is not None and getattr(v.exit, "ast", None) is not None else None
        )
        related = []
        fix = None
        if p is not None:
            start = _line(ctx, p.event.node, leak.ident.root.file)
            recovered = v.exit is not None and getattr(v.exit, "recovered", False)
            if recovered:
                why = (
                    f"the goroutine started at {start} skips `{name}.Done()` when a panic "
                    "it recovers from stops it first"
                )
            elif exit_node is not None and exit_node.type == "return_statement":
                why = (
                    f"the goroutine started at {start} returns at {_line(ctx, exit_node, p.func.file)} "
                    f"without calling `{name}.Done()`"
                )
            else:
                why = (
                    f"the goroutine started at {start} does not call `{name}.Done()` on every path"
                )
            if exit_node is not None:
                note = (
                    f"a panic recovered here returns without `{name}.Done()`"
                    if recovered
                    else f"returns here without `{name}.Done()`"
                )
                related.append(ctx.related(exit_node, note, p.func.file))
            related.append(
                ctx.related(p.event.node, "the goroutine is started here", leak.ident.root.file)
            )
            done_calls = _done_calls(p.func.node, name)
            if done_calls:
                related.append(
                    ctx.related(
                        done_calls[0], f"`{name}.Done()` is only called on this path", p.func.file
                    )
                )
            if p.func.node.type == "func_literal":
                fix = ctx.fix(fixes.defer_done, p.func.node, name, done_calls)
            else:
                # A named goroutine function: its own name for the group (a parameter).
                inner = _group_parameter(p.func.node) or name
                fix = ctx.fix(fixes.defer_done, p.func.node, inner, _done_calls(p.func.node, inner))
        else:
            copies = copied_arguments(
                ctx.liveness.functions, leak.ident.root, leak.ident.binding()[0]
            )
            if copies:
                c = copies[0]
                callee = gosyntax.function_name(c.callee.node) or "the function"
                why = (
                    f"`{callee}` gets a copy of `{name}` (its parameter `{c.param.name}` is a "
                    f"WaitGroup, not a pointer), so its `{c.param.name}.Done()` never reaches "
                    f"the WaitGroup waited on here"
                )
                related.append(
                    ctx.related(c.argument, f"`{name}` is copied here", leak.ident.root.file)
                )
                related.append(
                    ctx.related(c.param.ident, "the copy is counted down", c.callee.file)
                )
                if c.callee.file.path == ctx.file.path and c.param.type_node is not None:
                    fix = ctx.fix(fixes.share_by_pointer, c.param.type_node, callee, c.param.index)
            else:
                why = f"`{name}.Add` counts more goroutines than ever call `{name}.Done()` on some path"
                fix = ctx.fix(fixes.add_where_started, wait, name)
        message = f"`{name}.Wait()` blocks forever: {why}"
        yield ctx.finding(RULE, wait, message, related, fixes=(fix,) if fix else ())


def _group_parameter(func: Node) -> str | None:
    """The name of the function's one `*sync.WaitGroup` parameter."""
    names = [
        n
        for n, t in gosyntax.parameters(func)
        if t is not None and gosyntax.text(t).replace(" ", "") == "*sync.WaitGroup"
    ]
    return names[0] if len(names) == 1 else None


def _line(ctx: Context, node: Node, file: SourceFile | None = None) -> str:
    """ "line N" in this file, "other.go:N" in a sibling."""
    import os

    if file is None or file.path == ctx.file.path or say.in_file(ctx, node):
        return f"line {gosyntax.line_of(node)}"
    return f"{os.path.basename(file.path)}:{gosyntax.line_of(node)}"


def _done_calls(func: Node, group: str) -> list[Node]:
    """The plain (not deferred) `group.Done()` calls in the goroutine's own body."""
    body = func.child_by_field_name("body")
    out = []
    for n in gosyntax.walk(body) if body is not None else ():
        if (
            n.type == "call_expression"
            and gosyntax.call_arguments(n) == []
            and gosyntax.text(gosyntax.field(n, "function")) == f"{group}.Done"
        ):
            if n.parent is None or n.parent.type != "defer_statement":
                out.append(n)
    return out


def _release_skipped(ctx: Context, leak: Leak) -> Finding:
    """A caller of the package's acquire returns without calling the release it was
    handed (analysis/skipped_releases.py)."""
    v = leak.verdict
    skip = v.detail["skip"]
    name = say.operand_text(v.event) or say.display_name(leak)
    caller = say.function_name(skip.caller) or "a caller"
    ex = skip.exit.ast
    where = _line(ctx, ex, skip.caller.file) if ex is not None else "its end"
    message = (
        f"`{name}.Wait()` never returns: `{caller}` leaves at {where} without calling "
        f"`{skip.release.name}`, the release `{skip.acquirer}` handed it, so its `Add` is "
        f"never matched by a `Done`"
    )
    related = []
    if ex is not None:
        related.append(
            ctx.related(
                ex, f"leaves here without calling `{skip.release.name}()`", skip.caller.file
            )
        )
    related.append(
        ctx.related(
            skip.acquire,
            f"`{skip.acquirer}` counts the caller in here and hands back `{skip.release.name}`",
            skip.caller.file,
        )
    )
    fix = ctx.fix(
        fixes.build_in_file, skip.acquire, fixes.defer_release, skip.acquire, skip.release
    )
    return ctx.finding(RULE, say.anchor(v.event), message, related, fixes=(fix,) if fix else ())


def _count_refused(ctx: Context, leak: Leak) -> Finding:
    """A method counts work in on the field and refuses it without counting it out
    (analysis/refused_counts.py)."""
    v = leak.verdict
    refusal = v.detail["refusal"]
    name = say.operand_text(v.event) or say.display_name(leak)
    method = gosyntax.function_name(refusal.method) or "a method"
    recv = refusal.holder or gosyntax.receiver_text(refusal.method) or ""
    field = v.identity.field or name
    where = _line(ctx, refusal.exit, refusal.file)
    message = (
        f"`{name}.Wait()` never returns once `{method}` has refused work: it adds to "
        f"`{field}`, then returns at {where} without handing the work on or calling "
        f"`Done`, so the count never comes back to zero"
    )
    related = [
        ctx.related(refusal.exit, f"returns here without `{recv}.{field}.Done()`", refusal.file),
        ctx.related(refusal.add, f"`{method}` counts the work in here", refusal.file),
    ]
    if refusal.counted_at is not None and refusal.add_file is not None:
        # COUNTED_BY_A_HELPER: the method counts in through a helper's success.
        helper_node = gosyntax.enclosing_function(refusal.add)
        helper = (gosyntax.function_name(helper_node) if helper_node else None) or "a helper"
        message = (
            f"`{name}.Wait()` never returns once `{method}` has refused work: once `{helper}` "
            f"has added to `{field}`, it returns at {where} without calling `Done`, so the "
            "count never comes back to zero"
        )
        related[1:] = [
            ctx.related(
                refusal.counted_at,
                f"`{method}` counts the work in through `{helper}` here",
                refusal.file,
            ),
            ctx.related(refusal.add, f"`{helper}` adds here", refusal.add_file),
        ]
    fix = ctx.fix(
        fixes.build_in_file,
        refusal.exit,
        fixes.done_before_return,
        refusal.exit,
        f"{recv}.{field}.Done()",
    )
    return ctx.finding(RULE, say.anchor(v.event), message, related, fixes=(fix,) if fix else ())


def _flight_unfinished(ctx: Context, leak: Leak) -> Finding:
    """A flight counted on a WaitGroup and published in a map, left counted up by its
    leader on some way out (analysis/counted_flights.py)."""
    v = leak.verdict
    flight = v.detail["flight"]
    name = say.operand_text(v.event) or say.display_name(leak)
    field = v.identity.field or name
    leader = gosyntax.function_name(flight.leader.node) or "the leader"
    exit_func = gosyntax.function_name(flight.exit_func.node) or "the leader"
    exit_ast = flight.exit.ast if flight.exit.ast is not None else flight.exit_func.node
    where = _line(ctx, exit_ast, flight.exit_func.file)
    done = f"{flight.holder}.{field}.Done()"
    if flight.exit.recovered:
        how = f"`{exit_func}` stops a panic with its deferred `recover` at {where} and returns"
        note = f"a panic recovered here returns without `{done}`"
    elif flight.exit.kind == "end":
        how = f"`{exit_func}` ends at {where}"
        note = f"`{exit_func}` ends here without `{done}`"
    else:
        how = f"`{exit_func}` returns at {where}"
        note = f"returns here without `{done}`"
    via = f" (called by `{leader}`)" if flight.exit_func.node != flight.leader.node else ""
    message = (
        f"`{name}.Wait()` blocks forever once {how}{via} without `{done}`: "
        f"`{leader}` counted the flight in with `Add(1)` and published it at "
        f"{_line(ctx, flight.store, flight.leader.file)} for every caller that finds it to "
        f"wait on, so the count never comes back to zero"
    )
    related = [
        ctx.related(exit_ast, note, flight.exit_func.file),
        ctx.related(flight.store, "the flight is published here", flight.leader.file),
        ctx.related(flight.add, "and counted in here", flight.leader.file),
        ctx.related(flight.done, "it is counted out only on the other way", flight.exit_func.file),
    ]
    fix = None
    if flight.exit.recovered and exit_ast.type == "defer_statement":
        fix = ctx.fix(
            fixes.build_in_file,
            exit_ast,
            fixes.count_out_on_recover,
            exit_ast,
            done,
            flight.done,
        )
    elif exit_ast.type == "return_statement":
        err_field = _err_field(ctx, leak)
        if err_field is not None:
            fix = ctx.fix(
                fixes.build_in_file,
                exit_ast,
                fixes.fail_gate_before_return,
                exit_ast,
                f"{flight.holder}.{field}",
                err_field,
                done,
            )
    return ctx.finding(RULE, say.anchor(v.event), message, related, fixes=(fix,) if fix else ())


def _err_field(ctx: Context, leak: Leak) -> str | None:
    """The flight type's `err` field, through which the followers learn the leader failed."""
    ref = leak.verdict.event.ref
    owner = getattr(ref, "type_name", None)
    if owner is None or ctx.package.field_type(owner, "err") is None:
        return None
    return "err"


def _item_skipped(ctx: Context, leak: Leak) -> Finding:
    """A consumer loop counts each item out, and one path of an iteration goes without
    (analysis/skipped_item_counts.py)."""
    v = leak.verdict
    skipped = v.detail["skipped"]
    name = say.operand_text(v.event) or say.display_name(leak)
    consumer = gosyntax.enclosing_function(skipped.loop)
    consumer_name = gosyntax.function_name(consumer) if consumer is not None else None
    who = f"`{consumer_name}`" if consumer_name else "the consumer loop"
    done = gosyntax.text(skipped.done)
    way = "continue" if skipped.skip.type == "continue_statement" else "return"
    skip_file = skipped.skip_file or skipped.file
    where = _line(ctx, skipped.skip, skip_file)
    counted_out = (
        f"by `{done}` in `{skipped.through}`, which the loop over it hands each item to"
        if skipped.through
        else f"by `{done}` in the loop over it"
    )
    message = (
        f"`{name}.Wait()` never returns once {who} skips an item: each item sent is counted "
        f"in with `Add(1)` and out {counted_out}, but the `{way}` at {where} "
        f"goes without it, so the count never comes back to zero"
    )
    related = [
        ctx.related(skipped.skip, f"the `{way}` skips `{done}`", skip_file),
        ctx.related(skipped.done, "each item is counted out here", skip_file),
        ctx.related(skipped.add, "each item is counted in here", skipped.add_file),
    ]
    fix = ctx.fix(fixes.build_in_file, skipped.skip, fixes.done_before_return, skipped.skip, done)
    return ctx.finding(RULE, say.anchor(v.event), message, related, fixes=(fix,) if fix else ())


RULE = Rule(
    code="GL015",
    name="waitgroup-done-skipped",
    summary="wg.Wait() waits for a wg.Done() that a goroutine skips on some path",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
    preview_in_tests=True,
)
