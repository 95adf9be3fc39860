"""
# unstoppable-goroutine-loop (GL009)

## What it does
Finds a goroutine whose body is an endless `for` loop waiting on channels (a
`select` or a receive) with no `return`, no `break` out of the loop and no other way
to end; or polling with `time.Sleep` in such a loop, when it runs for a type that
has a `Close`, `Stop` or `Shutdown` method, which cannot reach it (IGNORED_STOPPER: a
bare poller with no stopping method may be meant to run as long as the process; a
loop that calls that method itself each round, or through a method of the object it
calls, uses it as cleanup, not as its stop: STOPPER_USED_BY_THE_LOOP). Also a goroutine on a struct whose loop's only way out is a receive from a
stop channel field (`case <-p.quit: return`) that the stopping method (`Stop`,
`Close`) closes on some paths but skips with an early `return`; the same when the way
out is a context's `Done()` whose cancel function the type keeps in a field (`m.stop =
cancel`) and the stopping method calls it only past an early `return`
(KEPT_CANCEL_STOP in `analysis/stop_signals.py`), or when it sleeps on a condition
until the stopping method sets a flag and wakes it (`s.stopping = true;
s.cond.Broadcast()`) past an early `return` (SKIPPED_WAKE; the fix sets the flag and
wakes it before that return, under the same lock), or when it sleeps inside a method of
a part it holds (`t.picker.Next(id)`) until the part's flag is set by the part's setter
(`t.picker.Close()`), which the stopping method calls past an early `return`
(SKIPPED_PART_STOP). The stopping function may also be one handed the object, not one
of its methods (`func (m *Manager) teardown(t *tunnel)` closing `t.stop`: PARAM_CLOSER);
its early return on the object's state counts as the already-stopped path, unless the
goroutine does work in that very state (`case StateDown:` of its `switch t.state`:
SERVED_STATE), and a return for an object no longer registered (`if _, ok :=
m[s.id]; !ok`) is one (REGISTRY_MEMBERSHIP). A poller waiting only for its stop
and a ticker may also leave when a call it polls fails (POLLING_FAILURE_EXIT): while
its calls succeed it runs on, so that way out does not save it.
And a polling loop that waits on `ctx.Done()` on one branch but, on its idle branch,
sleeps and goes round again (`time.Sleep(d); continue`) without looking at `ctx`
(IDLE_BRANCH_IGNORES_STOP in `analysis/idle_polls.py`): once the caller is gone and the
loop is idle, it polls forever. And a goroutine ranging over a ticker's or timer's
channel (`for range t.C`, `for range time.Tick(d)`) with no way out of its body: the
channel is never closed, `Stop` included (TICKS_NEVER_END), so the range never ends and,
once the ticker is stopped, the goroutine blocks in it for good: reported where a stop
was promised, which includes a ticker kept in a field that another function stops
(`l.ticker.Stop()` in a lower-case `stop`: TICKER_STOP_PROMISED, its author took that
stop for the end of the loop). Its fix adds a `done chan struct{}` field, made before
the `go`, closed right after that `Stop()`, and turns the range into a loop waiting for
a tick or `done` (`case <-b.done: return`): unsafe, since a second call of the
stopping function then panics on the closed channel.
And a goroutine written to stop with its context (its body reads `ctx.Done()` or
`ctx.Err()`) that hands the context to a function whose endless loop never reads it
(`analysis/ignored_contexts.py`): once the context is cancelled, that loop goes on until
one of its other ways out happens, which nothing promises. And a goroutine whose
endless loop leaves only when a context kept in a struct field is cancelled, whose
cancel function, kept beside it, no code of the package ever calls
(`analysis/kept_contexts.py`); or whose starter derives a context (`sctx, cancel :=
context.WithCancel(ctx)`), keeps its cancel as the object's way to stop (`Close` calls
it), and hands the goroutine the parent `ctx` instead (`analysis/bypassed_cancels.py`):
the cancel never reaches the loop. And a goroutine of a type with a stopping method whose
loop ends only when a context kept in a field is done, when the package's default for
that context is `context.Background()` (an option may replace it): made with the
defaults, the object's loop outlives its `Close` (`analysis/defaulted_contexts.py`).
And a goroutine of a type whose loop ends only when its caller's context is done, while
the type's stopping method closes a stop channel its other methods wait on: `Close`
never reaches that loop (`analysis/unwatched_stops.py`).
When the loop holds a `break` that leaves only a `select` or `switch` directly inside
it (a common slip: it was meant to leave the loop), the message says so and points at
the `break`.

An endless loop that nothing was ever meant to stop is the process's own, and is left
alone, unless the package starts it over and over: its starter called on each turn of
a loop or from an HTTP handler (REPEATED_START,
`analysis/repeated_starts.py`). In a test file, only a loop waking on a timer the test
does not stop is reported (TEST_LOOPS_PARK): one parked on a channel the test no
longer feeds costs nothing until the test binary exits.

## Why is this bad?
Nothing can ever tell the goroutine to stop. Each time the code that starts it runs
(a constructor, a request handler, a test), one more goroutine loops until the process
exits, holding its channels, tickers and captured state.

## Example
```go
func (c *Cache) start() {
        go func() {
                for {
                        select {
                        case k := <-c.evict:
                                c.remove(k)
                        case <-c.ticker.C:
                                c.sweep()
                        }
                }
        }()
}
```

## Use instead
```go
                        select {
                        case <-ctx.Done():
                                return
                        case k := <-c.evict:
                                c.remove(k)
                        case <-c.ticker.C:
                                c.sweep()
                        }
```

## Fix safety
For a range over a ticker kept in a field that another function stops, the fix adds a
`done` field closed after that `Stop()` and leaves the loop on it: unsafe, since a
second call of the stopping function panics on the closed channel.
Where the loop waits (its `select`, a bare receive such as `<-t.C`, which is
wrapped in a `select`, or `time.Sleep(d)`, which becomes a `select` on the way out
and `time.After(d)`), the fix adds `case <-ctx.Done(): return` when a context
reaches the goroutine, or the done/stop/quit channel in scope: the loop behaves as
before until it is told to stop, so this is safe. A ticker the goroutine made and
never stops gets `defer t.Stop()` in the same fix.

With nothing in scope, a goroutine that is a method of a type with a `Close`, `Stop`
or `Shutdown` method (or a literal started in one of its methods) gets a
`stop chan struct{}` field, made where the goroutine starts and closed first thing in
that method; a literal goroutine of a plain function gets a `stop` channel closed
when its starter returns. Both are unsafe: calling `Close` twice now panics, and the
literal now ends with its starter, which may not be what was meant. Goroutines
started from `main` or `init`, meant to run as long as the process, are not reported;
nor is a loop answering the process's signals, received on a channel handed to
`signal.Notify` and never to `signal.Stop` (SIGNAL_HANDLERS_LIVE_WITH_PROCESS).

When the stopping method skips its `close(p.quit)` with an early `return`, the fix
moves that close into a `defer` placed first in the method, so every way out
closes it: safe when nothing but a `return` followed the close; when the method waits
for the goroutine after its close (`<-t.done`), which a deferred close would only
reach after that wait, the fix closes before the early return instead (unsafe: the
object is stopped on a path that reported otherwise). When it skips the call
of a kept cancel function, the fix calls it before that return (`m.stop()`): unsafe,
since the goroutine now stops although the method reports a failure.

A goroutine handed the parent of the context its owner derived and keeps the cancel of
is handed the derived context instead (`go s.pump(sctx)`; in a literal that captured the
parent, its `<-ctx.Done()` becomes `<-sctx.Done()`): safe, since the derived context is
done whenever its parent is, so the goroutine still stops wherever it stopped before.
A loop whose only way out is a context that defaults to `context.Background()` gets the
`stop` field above, closed by the type's stopping method (unsafe, as above).

A loop declared in another file than the `go` that starts it gets its `ctx.Done()` /
stop case (or the `return` its quit case lacks) in that file; such a fix is offered
one by one (unsafe), as any fix that edits a file the user is not looking at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator

from tree_sitter import Node

from goleash import fixes, gosyntax
from goleash.analysis import paths
from goleash.analysis.bypassed_cancels import BypassedCancel, bypassed_cancels
from goleash.analysis.cfg import ranges_over_ticks, timer_variable, waited_timer
from goleash.analysis.defaulted_contexts import DefaultedContext, defaulted_context
from goleash.analysis.goroutines import Goroutine
from goleash.analysis.idle_polls import IdleSleep, idle_sleeps
from goleash.analysis.ignored_contexts import IgnoredContext, ignored_contexts
from goleash.analysis.kept_contexts import KeptContext
from goleash.analysis.liveness import Verdict
from goleash.analysis.package import is_test_file
from goleash.analysis.repeated_starts import repeated_call
from goleash.analysis.scopes import Var
from goleash.analysis.signal_handlers import handles_signals
from goleash.analysis.stop_signals import stopping_method
from goleash.analysis.unwatched_stops import UnwatchedStop, unwatched_stop
from goleash.fixes.scope import find_way_out
from goleash.model import Finding, Fix, Related, Severity
from goleash.rules import _leakreport as say
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    seen: set[tuple[str, int]] = set()
    for g in ctx.goroutines:
        if g.func is None or g.body is None or g.started_for_process_lifetime:
            continue
        for loop in gosyntax.walk(g.body):
            if loop.type != "for_statement":
                continue
            ticks = _ticks(ctx, g, loop)
            if not ticks and not gosyntax.is_infinite_loop(loop):
                continue
            key = (g.file.path, loop.start_byte)
            # A loop started from several places is found once per start: the findings
            # merge into one listing every start, as a check of each starter alone
            # (the editor's, one declaration at a time) gives them.
            if _handles_signals(ctx, g, loop):
                continue
            if _can_end(loop):
                defaulted = None if ticks else _defaulted(ctx, g, loop)
                if defaulted is not None:
                    seen.add(key)
                    yield _defaulted_context(ctx, g, loop, *defaulted)
                    continue
                unwatched = None if ticks else unwatched_stop(ctx.package, g.func)
                if unwatched is not None and gosyntax.is_within(unwatched.select, loop):
                    seen.add(key)
                    yield _unwatched_stop(ctx, g, unwatched)
                continue
            stopper = None
            if ticks:
                ticker_stop = _ticker_stop_elsewhere(ctx, g, ticks)
                if _own_ticker(ctx, g, loop) or not (
                    _stop_promised(ctx, g, loop) or ticker_stop is not None
                ):
                    continue
                seen.add(key)
                yield _finding(ctx, g, loop, ticks=ticks, ticker_stop=ticker_stop)
                continue
            if not _waits(loop):
                stopper = _sleeps(loop) and _ignored_stopper(ctx, g)
                if not stopper or _stopper_runs_each_round(ctx, loop, stopper):
                    continue
            elif not _stop_promised(ctx, g, loop):
                continue
            seen.add(key)
            yield _finding(ctx, g, loop, stopper or None)
        for loop in gosyntax.walk(g.body):
            if loop.type == "for_statement":
                for idle in idle_sleeps(loop):
                    yield _idle_sleep(ctx, g, idle)
    for leak in ctx.leaks:
        if leak.code == "GL009" and leak.verdict.kind == "stop-skipped":
            yield _skipped_stop(ctx, leak.verdict)
    for ignored in ignored_contexts(ctx.liveness.functions, ctx.file):
        if (ctx.file.path, ignored.loop.start_byte) not in seen:
            yield _ignored_context(ctx, ignored)
    for kept in ctx.kept_contexts:
        if kept.loops:
            yield _kept_context_loop(ctx, kept)
    for bypassed in bypassed_cancels(ctx.liveness.functions, ctx.file):
        yield _bypassed_cancel(ctx, bypassed)


def _defaulted(ctx: Context, g: Goroutine, loop: Node) -> tuple[DefaultedContext, str] | None:
    """STOP_PROMISED and defaulted_contexts.py: the loop of a type with a stopping method
    ends only on a context whose default is a root one."""
    if g.body is None or not gosyntax.is_infinite_loop(loop):
        return None
    stopper = _ignored_stopper(ctx, g)
    if stopper is None:
        return None
    found = defaulted_context(ctx.package, g.body, loop)
    return (found, stopper) if found is not None else None


def _defaulted_context(
    ctx: Context, g: Goroutine, loop: Node, d: DefaultedContext, stopper: str
) -> Finding:
    context = gosyntax.text(d.context)
    default = gosyntax.text(d.root)
    message = (
        f"{g.name} never stops"
        + (" when made with the defaults" if d.optional else "")
        + ": its loop ends only when "
        f"`{context}` is done, which is `{default}`"
        + (" unless the caller passes a context of its own" if d.optional else " and never ends")
        + f", and `{stopper}` does not reach it"
    )
    related = [
        ctx.related(
            d.root,
            f"the context {'defaults to' if d.optional else 'is'} `{default}` here",
            d.root_file,
        ),
        ctx.related(g.start, "the goroutine is started here", g.start_file),
    ]
    primary, fix = _at_the_loop(
        ctx, g, d.select, related, lambda: _stop_without_context(ctx, g, loop)
    )
    return ctx.finding(RULE, primary, message, related, fixes=(fix,) if fix else ())


def _unwatched_stop(ctx: Context, g: Goroutine, u: UnwatchedStop) -> Finding:
    """The loop ends only on its context, while the type's stopping method closes a stop
    field its other methods watch (unwatched_stops.py)."""
    stop = f"{u.receiver}.{u.field}"
    message = (
        f"{g.name} never stops on `{u.stopper}`: its loop ends only when `{u.context}` is "
        f"done, while `{u.stopper}` closes `{stop}`, which `{u.watcher}` waits on and this "
        f"loop never does; with a context nobody cancels it runs on after `{u.stopper}`"
    )
    related = [
        ctx.related(u.close, f"`{u.stopper}` closes `{stop}` here", u.close_file),
        ctx.related(g.start, "the goroutine is started here", g.start_file),
    ]
    primary, fix = _at_the_loop(
        ctx, g, u.select, related, lambda: ctx.fix(fixes.watch_stop_case, u.select, stop)
    )
    return ctx.finding(RULE, primary, message, related, fixes=(fix,) if fix else ())


def _at_the_loop(
    ctx: Context,
    g: Goroutine,
    select: Node,
    related: list[Related],
    fix_here: Callable[[], Fix | None],
) -> tuple[Node, Fix | None]:
    """(the primary location, the fix) of a finding about the loop's `select`: the select
    and the fix when the loop is in this file; else the `go` statement, with the loop as a
    related location and no fix (the edit would be in a file the user is not looking at)."""
    if g.file.path == ctx.file.path:
        return select.children[0], fix_here()
    related.insert(0, ctx.related(select.children[0], "the loop waits here", g.file))
    return g.start, None


def _bypassed_cancel(ctx: Context, b: BypassedCancel) -> Finding:
    """The loop waits on the parent of the context whose kept cancel stops the object
    (bypassed_cancels.py)."""
    name = gosyntax.function_name(b.loop_func.node)
    who = f"goroutine `{name}`" if name else "the goroutine"
    message = (
        f"{who} never stops: its loop ends only when `{b.waited}` is done, and it was handed "
        f"`{b.handed_name}`, the parent of `{b.derived}`; the cancel kept in "
        f"`.{b.cancel_field}` to stop it ends `{b.derived}` only, so the loop runs until "
        f"the caller's context ends"
    )
    related = [
        ctx.related(
            b.handed,
            f"the goroutine is handed `{b.handed_name}` here, not `{b.derived}`",
            b.start_file,
        ),
        ctx.related(b.made, f"`{b.derived}` is derived from `{b.handed_name}` here", b.start_file),
        ctx.related(b.kept, "its cancel function is kept here", b.start_file),
    ]
    if b.cancel_call is not None and b.cancel_file is not None:
        related.append(
            ctx.related(
                b.cancel_call,
                f"`{b.derived}` is cancelled here, which the goroutine never sees",
                b.cancel_file,
            )
        )
    fix = ctx.fix(fixes.hand_derived_context, b.handed, b.derived, b.start_file)
    return ctx.finding(RULE, b.wait.children[0], message, related, fixes=(fix,) if fix else ())


def _kept_context_loop(ctx: Context, kept: KeptContext) -> Finding:
    """The loop's only way out is a context whose kept cancel nothing calls
    (kept_contexts.py)."""
    name = gosyntax.function_name(kept.method.node) or "the goroutine"
    context = f"{kept.receiver}.{kept.context_field}"
    message = (
        f"goroutine `{name}` loops forever: its only way out is `{context}` being cancelled, "
        f"and the cancel function kept in `{kept.receiver}.{kept.cancel_field}` is never called"
        + (" (only the end of the caller's context would stop it)" if kept.caller_parent else "")
    )
    related, fix_list = say.kept_context_notes(ctx, kept)
    return ctx.finding(RULE, kept.wait.children[0], message, related, fixes=fix_list)


def _ignored_context(ctx: Context, ig: IgnoredContext) -> Finding:
    """The goroutine stops on its context everywhere but in this loop (ignored_contexts)."""
    name = gosyntax.function_name(ig.func.node) or "this function"
    caller = gosyntax.function_name(ig.caller.node)
    who = f"goroutine `{caller}`" if caller else "the goroutine"
    message = (
        f"{who} keeps looping after `{ig.param}` is cancelled: `{name}` takes `{ig.param}` but "
        f"never reads it, so this loop ends only by one of its other ways out, while the rest "
        f"of the goroutine stops on `{ig.param}`"
    )
    point = fixes.waiting_point(ig.loop)
    primary = point[1] if point is not None else ig.loop.children[0]
    related = [
        ctx.related(ig.call, f"`{ig.param}` is handed to `{name}` here", ig.caller.file),
        ctx.related(ig.stop_read, f"the goroutine stops on `{ig.param}` here", ig.caller.file),
        ctx.related(ig.start, "the goroutine is started here", ig.start_file),
    ]
    fix = ctx.fix(fixes.stop_loop, ig.loop, ig.func.node)
    return ctx.finding(RULE, primary, message, related, fixes=(fix,) if fix else ())


def _idle_sleep(ctx: Context, g: Goroutine, idle: IdleSleep) -> Finding:
    """The loop obeys `ctx` on one branch and sleeps past it on another (idle_polls)."""
    message = (
        f"{g.name} polls forever once `{idle.context}` is done while it is idle: this branch "
        f"sleeps and goes round again without looking at `{idle.context}`, which the loop "
        f"checks only elsewhere"
    )
    check = ctx.related(
        idle.check, f"the loop looks at `{gosyntax.text(idle.check)}` only here", g.file
    )
    if g.file.path == ctx.file.path:
        related = [check, ctx.related(g.start, "the goroutine is started here")]
        fix = ctx.fix(fixes.sleep_until_stopped, idle.sleep, g.func)
        return ctx.finding(RULE, idle.sleep, message, related, fixes=(fix,) if fix else ())
    # The loop is declared in another file of the package: the finding sits on the `go`.
    sleeps = ctx.related(idle.sleep, "the idle branch sleeps here and goes round again", g.file)
    fix = ctx.fix(fixes.build_in_file, idle.sleep, fixes.sleep_until_stopped, idle.sleep, g.func)
    return ctx.finding(RULE, g.start, message, [sleeps, check], fixes=(fix,) if fix else ())


def _waits(loop: Node) -> bool:
    for n in gosyntax.walk(gosyntax.field(loop, "body")):
        if n.type == "select_statement" and gosyntax.select_cases(n):
            return True
        operator = n.child_by_field_name("operator")
        if n.type == "unary_expression" and operator is not None and operator.type == "<-":
            return True
    return False


def _sleeps(loop: Node) -> bool:
    """A polling loop: it waits by `time.Sleep` rather than on a channel."""
    return any(
        n.type == "call_expression" and gosyntax.callee_text(n) == "time.Sleep"
        for n in gosyntax.walk(gosyntax.field(loop, "body"))
    )


# Heuristic IGNORED_STOPPER (stop_signals.STOPPING_METHODS): a polling loop (`for {
# ...; time.Sleep(d) }`) is reported only in a goroutine of a type that has a stopping
# method, which the loop ignores. A bare poller with no such method may be meant to run
# for the whole process (a metrics flusher started once); one whose type offers `Stop`
# promises to end and cannot.


def _handles_signals(ctx: Context, g: Goroutine, loop: Node) -> bool:
    """SIGNAL_HANDLERS_LIVE_WITH_PROCESS (analysis/signal_handlers.py)."""
    if b"signal.Notify" not in g.file.data and b"signal.Notify" not in g.start_file.data:
        return False  # the common case, decided without reading the functions' trees
    scopes = [f for f in (g.func, g.starter) if f is not None]
    return handles_signals(loop, scopes, ctx.package)


def _stop_promised(ctx: Context, g: Goroutine, loop: Node) -> bool:
    """NO_STOP_PROMISED: an endless loop is reported only where a stop was promised and
    cannot reach it: its type has a stopping method (IGNORED_STOPPER), or a context or a
    stop channel is in scope at the loop (the way out the fix would take), or a `break`
    in it meant to leave it leaves only a `select` (the author meant it to end), or it
    runs in a test, which ends, and wakes on a timer (TEST_LOOPS_PARK). A loop that
    nothing was ever meant to stop (a cache's refresher started by its constructor, a
    daemon's signal watcher) is the process's own: twelve audits found 32 of them in
    their latest three, each started once per process through code in other packages we
    do not follow, and none a bug. What it costs: a constructor called once per request
    with no stop of any kind is missed."""
    if _inner_break(loop) is not None:
        return True
    if is_test_file(g.start_file.path) or is_test_file(g.file.path):
        if _wakes_on_a_timer(ctx, g, loop):
            return True
    if _ignored_stopper(ctx, g) is not None:
        return True
    if find_way_out(g.func, loop, ctx.package, released_only=False) is not None:
        return True
    return _repeated_start(ctx, g) is not None


def _ticker_stop_elsewhere(ctx: Context, g: Goroutine, ticks: str) -> tuple[Node, str] | None:
    """TICKER_STOP_PROMISED: the loop ranges over a ticker kept in a field (`range
    l.ticker.C`) that another function of the package stops (`l.ticker.Stop()` in a
    lower-case `stop`): its author took stopping the ticker for the end of the loop,
    which it is not, since `Stop` never closes `C` (blind dev p396)."""
    parts = ticks.split(".")
    if len(parts) != 3 or parts[2] != "C" or g.body is None:
        return None
    stop = re.compile(rb"\." + re.escape(parts[1].encode()) + rb"\.Stop\(\s*\)")
    for f in ctx.package.files:
        for found in stop.finditer(f.data):
            node = f.root.descendant_for_byte_range(found.start() + 1, found.end() - 1)
            if node is not None and not (
                f.path == g.file.path and gosyntax.is_within(node, g.body)
            ):
                call = next(
                    (a for a in [node, *gosyntax.ancestors(node)] if a.type == "call_expression"),
                    None,
                )
                return (call, f.path) if call is not None else None
    return None


def _done_field_for_ticks(ctx: Context, g: Goroutine, loop: Node, ticker_stop: Node) -> Fix | None:
    """TICKER_STOP_PROMISED's fix: a `done` field closed after the ticker's `Stop()`."""
    from goleash.analysis.index import receiver_type_name

    if g.func is None or g.func.type != "method_declaration":
        return None
    type_name = receiver_type_name(g.func)
    go = next(
        (a for a in [g.start, *gosyntax.ancestors(g.start)] if a.type == "go_statement"), None
    )
    if type_name is None or go is None:
        return None
    return ctx.fix(fixes.done_field_for_ticks, loop, go, type_name, ticker_stop)


def _repeated_start(ctx: Context, g: Goroutine) -> tuple[Node, str] | None:
    """REPEATED_START (analysis/repeated_starts.py): a call of the goroutine's starter
    that the package makes once per request or loop iteration, each starting one more."""
    starter = g.starter
    if starter is None:
        return None
    return repeated_call(ctx.liveness.functions, starter, g.start_file)


def _own_ticker(ctx: Context, g: Goroutine, loop: Node) -> bool:
    """The goroutine ranges over the ticks of a ticker it made itself and never stops:
    GL018 reports that ticker, with the way out for the loop in the same fix. One it
    stops (`defer t.Stop()`, which the endless range never reaches) is this rule's."""
    timer = _timer_waited_on(ctx, g, loop)
    var = timer[1] if timer is not None else None
    return (
        var is not None
        and var.func == g.func
        and not any(_stops(occurrence) for occurrence in var.occurrences)
    )


def _timer_waited_on(ctx: Context, g: Goroutine, loop: Node) -> tuple[Node, Var | None] | None:
    """The timer channel the loop waits on, and the local holding that timer if any."""
    if g.func is None:
        return None
    resolver = ctx.liveness.functions.resolver(g.func, g.file)
    timer = waited_timer(resolver, loop)
    return (timer, timer_variable(resolver, timer)) if timer is not None else None


def _wakes_on_a_timer(ctx: Context, g: Goroutine, loop: Node) -> bool:
    """TEST_LOOPS_PARK: a test's endless loop is reported when it waits on a running
    timer (`range t.C`, `<-ticker.C`, `<-time.Tick(d)`) that nothing outside the
    goroutine stops: once the test is over it goes on waking up and running its body
    against the torn-down test until the binary exits (readline's race test calling
    `SetPrompt` every millisecond after `Close`). A loop that waits only on channels
    the test feeds, or on a ticker the test stops, parks for good once the test is over
    and costs nothing until the binary exits: of the thirteen such loops in Go's and
    Debian's sources, the eleven read (tick counters on mock clocks, a fake server's
    request loop, a rate check on a ticker stopped after the test) were all left there
    on purpose. What it costs: a test loop parked on a channel that a later test of the
    same binary feeds again is missed (goleak, run after the test, still sees it)."""
    timer = _timer_waited_on(ctx, g, loop)
    body = g.body
    if timer is None or body is None:
        return False
    var = timer[1]
    return var is None or not any(
        _stops(occurrence) and not gosyntax.is_within(occurrence, body)
        for occurrence in var.occurrences
    )


def _stops(occurrence: Node) -> bool:
    """`occurrence` is `t` in a call `t.Stop()`."""
    selector = occurrence.parent
    field = selector.child_by_field_name("field") if selector is not None else None
    call = selector.parent if selector is not None else None
    return (
        field is not None
        and field.text == b"Stop"
        and call is not None
        and call.type == "call_expression"
    )


def _ignored_stopper(ctx: Context, g: Goroutine) -> str | None:
    """The name of the stopping method of the type whose method runs (or starts) the goroutine."""
    from goleash.analysis.index import receiver_type_name

    holder = g.func if g.func is not None and g.func.type == "method_declaration" else None
    if holder is None:
        holder = next(
            (
                a
                for a in gosyntax.ancestors(g.start)
                if a.type in gosyntax.FUNCTION_TYPES and a.type != "func_literal"
            ),
            None,
        )
    if holder is None:
        return None
    type_name = receiver_type_name(holder) if holder.type == "method_declaration" else None
    if type_name is None and holder.type == "function_declaration":
        results = gosyntax.result_types(holder)  # a constructor: `func New() *Monitor`
        first = results[0] if results else None
        while first is not None and first.type == "pointer_type":
            first = first.named_children[0] if first.named_children else None
        type_name = (
            gosyntax.text(first) if first is not None and first.type == "type_identifier" else None
        )
    if type_name is None:
        return None
    found = stopping_method(ctx.package, type_name)
    return found[0] if found is not None else None


def _stopper_runs_each_round(ctx: Context, loop: Node, stopper: str) -> bool:
    """STOPPER_USED_BY_THE_LOOP: the loop itself calls the type's `Close` (or a method it
    calls does, `defer inst.Close()` in the `inst.sync()` each attempt runs): that
    method cleans up after one round, it is no stop of the loop, and a retry loop meant
    to run for the process's life is not told apart from one that ignores its stopper
    (audit 39: overlord's `Instance.Sync`)."""
    # (object, method) of each `obj.method()` the loop makes on a plain name
    called = {
        (gosyntax.text(operand), gosyntax.text(gosyntax.field(fn, "field")))
        for n in gosyntax.walk(loop)
        if n.type == "call_expression"
        and (fn := gosyntax.unparen(n.child_by_field_name("function"))) is not None
        and fn.type == "selector_expression"
        and (operand := fn.child_by_field_name("operand")) is not None
        and operand.type == "identifier"
    }
    method = next((a for a in gosyntax.ancestors(loop) if a.type == "method_declaration"), None)
    own = gosyntax.receiver_text(method) if method is not None else None
    if own is None:
        return False
    if (own, stopper) in called:
        return True
    for obj, name in called:
        if obj != own:
            continue
        for _f, _type, node in ctx.package.methods_named(name):
            recv = gosyntax.receiver_text(node)
            own_call = rb"(?<![\w.])" + re.escape(f"{recv}.{stopper}(".encode())
            if recv and re.search(own_call, node.text or b"") is not None:
                return True
    return False


def _ticks(ctx: Context, g: Goroutine, loop: Node) -> str | None:
    """TICKS_NEVER_END: the text of `t.C` (or `time.Tick(d)`) when the loop ranges over a
    ticker's or timer's channel, which is never closed: `Stop` stops the ticks, it does
    not close the channel, so such a range ends only by a jump out of its body."""
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    right = clause.child_by_field_name("right") if clause is not None else None
    if right is None or g.func is None:
        return None
    resolver = ctx.liveness.functions.resolver(g.func, g.file)
    return gosyntax.text(right) if ranges_over_ticks(resolver, right) else None


def _can_end(loop: Node) -> bool:
    if paths.breaks_out(loop):
        return True
    for n in gosyntax.walk(gosyntax.field(loop, "body")):
        if n.type in ("return_statement", "goto_statement"):
            return True
        if n.type == "call_expression" and gosyntax.is_terminating_call(n):
            return True
    return False


def _inner_break(loop: Node) -> tuple[Node, str] | None:
    """The first unlabeled `break` of the loop's body that leaves a `select` or `switch`
    directly inside this loop (not a nested loop's), where it may have been meant to
    leave the loop, and the word for what it leaves."""
    body = loop.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type != "break_statement" or n.named_children:
            continue
        left = gosyntax.innermost_breakable(n)
        if left is None or left.type == "for_statement":
            continue
        if gosyntax.innermost_breakable(left) == loop:
            return n, "select" if left.type == "select_statement" else "switch"
    return None


def _finding(
    ctx: Context,
    g: Goroutine,
    loop: Node,
    stopper: str | None = None,
    ticks: str | None = None,
    ticker_stop: tuple[Node, str] | None = None,
) -> Finding:
    keyword = loop.children[0]
    where_loop = f"line {gosyntax.line_of(loop)}"
    if g.file.path != ctx.file.path:
        where_loop = f"{os.path.basename(g.file.path)}:{gosyntax.line_of(loop)}"
    trap = None if ticks else _inner_break(loop)
    if ticks:
        message = (
            f"{g.name} loops forever: the `for` at {where_loop} ranges over `{ticks}`, which is "
            f"never closed (stopping a ticker does not close its channel), and it has no return "
            f"or break"
        )
    else:
        if trap is not None:
            # SA4011's gotcha: the author meant to leave the loop.
            reason = (
                f"has no return, and the `break` at line {gosyntax.line_of(trap[0])} leaves "
                f"only the `{trap[1]}`, not the loop"
            )
        else:
            reason = "has no return or break"
        # A poller loops; a loop waiting on channels may be parked for good rather than
        # looping (a ticker that no longer fires): either way it never returns.
        verb = "loops forever" if stopper else "never returns"
        message = (
            f"{g.name} {verb}: the `for` at {where_loop} {reason}, "
            f"so nothing can ever stop it"
            + (f" (`{stopper}` does not reach it)" if stopper else "")
        )
    related = []
    if trap is not None:
        related.append(
            ctx.related(trap[0], f"this `break` ends the `{trap[1]}`, not the `for`", g.file)
        )
    if g.file.path != ctx.file.path:
        related.append(ctx.related(keyword, "the endless loop", g.file))
        primary, pfile = g.start, None
    else:
        primary, pfile = keyword, None
    related.append(ctx.related(g.start, "the goroutine is started here"))
    repeated = _repeated_start(ctx, g)
    if repeated is not None and g.starter is not None:
        starter = gosyntax.function_name(g.starter)
        message += f"; each call of `{starter}` starts one more"
        call, how_often = repeated
        related.append(ctx.related(call, f"`{starter}` is called here, {how_often}", g.start_file))
    out = []
    if ticker_stop is not None and g.file.path == ctx.file.path == ticker_stop[1]:
        out.append(_done_field_for_ticks(ctx, g, loop, ticker_stop[0]))
    elif g.file.path == ctx.file.path:
        out.append(ctx.fix(fixes.stop_loop, loop, g.func) or _stop_without_context(ctx, g, loop))
    else:
        # The loop is declared in another file of the package: the way out goes there.
        out.append(ctx.fix(fixes.build_in_file, loop, fixes.stop_loop, loop, g.func))
    return ctx.finding(
        RULE, primary, message, related, fixes=tuple(f for f in out if f), file=pfile
    )


def _skipped_stop(ctx: Context, v: Verdict) -> Finding:
    """The loop's only way out waits for a close that the stopping method can skip."""
    closer = v.detail["closer"]
    closer_name = gosyntax.function_name(closer.node) or "the stopping method"
    name = gosyntax.function_name(v.func.node)
    who = f"goroutine `{name}`" if name else "the goroutine"
    field = f"`{v.detail['type']}.{v.detail['field']}`"
    # stop_signals makes this verdict at the stopping method's `return`, for the goroutine it starts
    assert v.exit is not None and v.exit.ast is not None and v.partner is not None
    ret = v.exit.ast
    partner = v.partner
    if closer.file.path == ctx.file.path:
        where_return = f"line {gosyntax.line_of(ret)}"
    else:
        where_return = f"{os.path.basename(closer.file.path)}:{gosyntax.line_of(ret)}"
    how = v.detail.get("how", "close")
    call = gosyntax.text(v.detail["close"])
    if how == "resource":
        message = (
            f"{who} never stops when `{closer_name}` returns at {where_return}: its loop ranges "
            f"over a channel that ends only when `{call}` closes it, and that return skips the "
            f"call; the goroutine waits here for good"
        )
        way_out = f"the only way out: the range ends when `{call}` closes {field}"
        skipped = f"`{closer_name}` returns here without calling `{call}`"
    elif how == "cancel":
        message = (
            f"{who} never stops when `{closer_name}` returns at {where_return}: the only way out of its "
            f"loop is its context's `Done()`, which only `{call}` (the kept cancel function {field}) "
            f"ends, and that return skips the call; the loop runs on for good"
        )
        way_out = f"the only way out: the context {field} cancels"
        skipped = f"`{closer_name}` returns here without calling `{call}`"
    elif how == "part":
        part_call = gosyntax.text(gosyntax.field(v.detail["part_call"], "function"))
        message = (
            f"{who} never stops when `{closer_name}` returns at {where_return}: it sleeps in "
            f"`{part_call}` until `{call}` sets its `{v.detail['flag']}` flag and wakes it, "
            f"and that return skips the call; it waits there for good"
        )
        way_out = f"the only way out: `{v.detail['flag']}` set by `{call}`"
        skipped = f"`{closer_name}` returns here without calling `{call}`"
    elif how == "flag":
        message = (
            f"{who} never stops when `{closer_name}` returns at {where_return}: it sleeps on a "
            f"condition until {field} is set (`{call}`) and it is woken, and that return skips "
            f"both; it waits here for good"
        )
        way_out = f"the only way out: {field} set, and the sleepers woken"
        skipped = f"`{closer_name}` returns here without setting {field}"
    elif v.event.kind == "range":
        message = (
            f"{who} never stops when `{closer_name}` returns at {where_return}: it ranges over "
            f"{field} until it is closed, and that return skips the close; once nothing more is "
            f"sent, it waits here for good"
        )
        way_out = f"the only way out: the close of {field}"
        skipped = f"`{closer_name}` returns here without closing {field}"
    else:
        message = (
            f"{who} never stops when `{closer_name}` returns at {where_return}: the only way out of its loop "
            f"is a receive from {field}, and that return skips the close; the loop goes on, and blocks here "
            f"for good once nothing else moves"
        )
        way_out = f"the only way out: a receive from {field}"
        skipped = f"`{closer_name}` returns here without closing {field}"
    ev = v.event
    waiting = ev.case.select if ev.case is not None else ev.node
    related = []
    if how == "part":
        # It sleeps in the part's method, maybe in another file: the goroutine's call
        # into the part is where it stops here, and the part's wait is shown beside it.
        part_call = v.detail["part_call"]
        primary = part_call if v.func.file.path == ctx.file.path else partner.event.node
        related.append(ctx.related(waiting, "the goroutine sleeps here", v.detail["wait_file"]))
        related.append(ctx.related(v.detail["test"], way_out, v.detail["wait_file"]))
    elif v.func.file.path == ctx.file.path:
        primary = waiting
    else:
        primary = partner.event.node
        related.append(ctx.related(waiting, "the goroutine waits here", v.func.file))
    way_node = ev.node
    if how == "part":
        pass  # the way out is the part's flag test, shown above
    elif how == "resource":
        # The loop is where it waits; the way out is the channel it ranges over.
        clause = next((c for c in ev.node.named_children if c.type == "range_clause"), None)
        way_node = (clause.child_by_field_name("right") if clause else None) or ev.node
    if how == "flag":
        # The loop sleeping until the flag is set: its condition is the way out.
        header = v.detail["loop"]
        condition = next(
            (c for c in header.named_children if c.type not in ("block", "for_clause")), None
        )
        way_node = condition or header
    if how != "part":
        related.append(ctx.related(way_node, way_out, v.func.file))
    if partner.event.node != primary:
        related.append(ctx.related(partner.event.node, "the goroutine is started here"))
    related.append(ctx.related(ret, skipped, closer.file))
    fix = None
    args = gosyntax.call_arguments(v.detail["close"])
    # The stopping method may be in another file of the package: the fix edits it there.
    if how == "flag":
        setter = v.detail["close"]
        fix = ctx.fix(fixes.build_in_file, ret, fixes.wake_before_return, ret, setter)
    elif how != "close":
        fix = ctx.fix(fixes.build_in_file, ret, fixes.stop_call_before_return, ret, call)
    elif len(args) == 1 and _waits_after(v.detail["close"], closer.node):
        # WAITS_FOR_THE_GOROUTINE: the stopper waits (`<-t.done`) after its close, which a
        # deferred close would only run after that wait: close before the return instead.
        fix = ctx.fix(fixes.build_in_file, ret, fixes.stop_call_before_return, ret, call)
    elif len(args) == 1:
        channel = gosyntax.text(args[0])
        fix = ctx.fix(fixes.build_in_file, ret, fixes.close_on_every_way_out, ret, channel)
    return ctx.finding(RULE, primary, message, related, fixes=(fix,) if fix else ())


def _waits_after(close: Node, closer: Node) -> bool:
    """Does the stopping function receive or `Wait()` after its close (`<-t.done`)?"""
    rest = (closer.text or b"")[close.end_byte - closer.start_byte :]
    return b"<-" in rest or b".Wait()" in rest


def _stop_without_context(ctx: Context, g: Goroutine, loop: Node) -> Fix | None:
    """No context or stop channel in scope: a `stop` field closed by the type's Close/Stop,
    else (a literal goroutine) a stop channel closed when its starter returns."""
    fix = ctx.fix(fixes.stop_field, loop, g.func, g.start)
    if fix is not None:
        return fix
    point = fixes.waiting_point(loop)
    if point is None:
        return None
    kind, node = point
    if kind == "select":
        return ctx.fix(fixes.stop_channel, None, g.func, node)
    return ctx.fix(fixes.stop_channel, node, g.func)


RULE = Rule(
    code="GL009",
    name="unstoppable-goroutine-loop",
    summary="A goroutine loops forever on channels with no return or break",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
