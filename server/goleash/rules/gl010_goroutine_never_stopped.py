"""
# goroutine-never-stopped (GL010)

## What it does
Finds an object made by a constructor of the package that starts a goroutine
running until a method of the object stops it (`Close`, `Stop`: it closes the
goroutine's only way out), when the function that made the object keeps it to
itself and never calls that method. The goroutine's way out is either a stop
channel it waits on (`case <-w.quit: return`) that nothing sends on, or the queue
it ranges over (`for job := range p.jobs`), closed by `Shutdown`.

Also a `defer x.Close()` that stops the object `x` held when the `defer` ran, when the
function later gives `x` a new object of such a constructor (`sub, err =
b.Subscribe(...)` in a retry loop) and can return without stopping it: the deferred
call reads `x` once, at the `defer` (analysis/rebound_defers.py). The fix for that one
defers a closure, `defer func() { x.Close() }()`, which reads `x` when the function
returns.

And such an object kept in a map field and overwritten under its key (`q.limiters[d] =
newLimiter(...)` where the key may hold one) without stopping the old one, while the
package stops its objects by walking the map (`for _, l := range q.limiters {
l.close() }`): the replaced object is held by nobody, and its goroutine runs for good
(analysis/replaced_entries.py). An object no method stops, whose goroutine waits on
a field the package closes itself (`close(p.stop)` in the walk), counts the same
(CLOSED_INLINE), also when the package sends on that field too (`case s.beats <-
struct{}{}:`) and the goroutine's loop ends only on its close (DATA_CLOSED_TO_STOP), and a sweep that stops and deletes the entries no longer wanted
before the store does not stop what it replaces (SWEPT_BEFORE). An object also handed to
another holder (`&Session{peer: p}`) counts as held by nobody once that holder gives it
up when it is no longer the map's entry (`if r.peers[id] != s.peer { return }` before
its stop: STOPS_ONLY_WHILE_REGISTERED); that early return is a related location. An
object whose goroutine sleeps in a method of a part it holds (`s.outbox.pop()`) until
that part is closed counts too, stopped by `s.outbox.close()` (STOPPED_THROUGH_A_PART). The fix stops the old
entry before the store (`replaced.close()`, or `close(replaced.stop)`). The
same for such an object kept in a plain field (`t.reader = startFollower(...)` on each
rotation, or in a method while the constructor filled the field first) and stopped
through it (`t.reader.stop()` in `Close`): the fix stops the one the field holds
before the store (analysis/replaced_holders.py). And such an entry deleted from the
map without its stopping method (`delete(p.backends, addr)` on a configuration reload,
with `Close` stopping what the map still holds, also through a copy of its values
taken under the lock, COPIED_WALK): its goroutine runs for good
(`replaced_entries.deleted_entries`, DELETED_UNSTOPPED). A map the constructor makes and
fills under distinct keys (a `range` key, or a ranged list's values, FRESH_MAP_DISTINCT_KEYS) or a key taken from a
counter the function steps (`s.lastID++`, COUNTER_KEY) replaces nothing. And such an
object kept in a local variable across the rounds of a loop (a supervisor's `inst =
next` after a restart) and overwritten without its stop, while the function stops it on
another path (`inst.shutdown()` when it quits): analysis/replaced_locals.py; the fix
stops the old one before the store. The fix stops the entry before
the function's own handling of it (`b.shutdownLocked()` before `b.retired = true;
delete(...)`), or looks it up and stops it before the `delete`. The object's goroutine
may also sleep on a `sync.Cond` until a stop flag is set and broadcast
(analysis/cond_stops.py), and its constructor may be a method (`p.newBackend(addr)`).
The package's walk may stop the entries by key (`for _, p := range presses {
h.EndCycle(ctx, p) }` over the keys collected under the lock, `EndCycle` looking the
entry up and closing it: KEYS_COPIED_WALK, STOPPED_BY_ITS_KEY).

And a stop deferred too late: the function defers the stopping call (`defer
p.Close()`, or a deferred function that calls it) but can return between making the
object and that `defer`, on a path other than the constructor's own error
(analysis/late_stops.py). The fix moves the `defer` up, right after the object is
made (after its error check). And a stop made by hand on every way out but one
(`h.Discard(err)` before one `return`, `h.Sum()` on the way to the last, none before
a third): STOP_SKIPPED_ON_A_PATH, for the stops the liveness model does not follow
itself (a pipe's writer closed, a kept cancel called; a closed channel field is its
own, reported by GL003). The fix calls the stopping method before that `return` when
the function calls it as a statement on another way out, without arguments, or with
the error that `return` gives back when the method takes just an `error`. The same for
such objects kept in a local map or slice (`drivers[z.ID] = startZoneDriver(z.ID)`)
and stopped by a walk on the other ways out (`for _, d := range drivers { d.close()
}`, or a helper of the package doing so, `stopDrivers(drivers)`), when the
collection stays in the function's hands (analysis/walked_stops.py); the fix calls
that helper before the `return` too. The goroutine may range over a queue handed to it
that the object keeps among the values of a field, closed by a method walking that
field (`b.queues[name] = q; go b.work(q)`, `for _, q := range b.queues { close(q) }`:
QUEUE_KEPT_IN_A_FIELD); and when the other way out returns the stop (`return
b.finish(), nil`), the fix calls it before the skipping `return` all the same
(STOP_RETURNED). Such an object made by a method of the package (`d :=
s.openDispatch()`) and never stopped at all is reported too (CONSTRUCTING_METHOD in
analysis/unstopped.py). The entry a map field keeps may also be the queue itself
(`c.feeds[id] = ch; go c.consume(ch)`, the goroutine ranging over it), closed by a
walk over the map (`for _, ch := range c.feeds { close(ch) }`): a store under a key
that may hold one leaves the old queue's goroutine ranging for good
(QUEUE_STARTED_BESIDE in analysis/replaced_entries.py), also when the store sits in a
helper whose caller calls it after testing that the key is there (`if _, ok :=
c.feeds[id]; !ok { return }`, ABSENCE_LEAVES); a caller that closes the old queue
itself around the call stops it (STOPPED_BY_THE_CALLER). The fix closes the old queue
before the store. A presence test made before the function let its lock go and took it
again (`RLock`, look up, `RUnlock`, ..., `Lock`, store) guards nothing, since another
caller may have stored in between (STALE_CHECK), nor does a test of another key than
the one stored under (`r.drums[process]` tested, `r.drums[canonical(process)]`
stored: DERIVED_KEY); an object the storing function returns
to callers that only use it (`w := m.workerFor(zone); w.in <- req`) is still held by the
map alone (RETURNED_TO_BORROWERS); and the goroutine may wait on a field handed to it as
an argument (`go m.runZone(w.in, w.quit)`, FIELD_HANDED_AS_ARGUMENT). An object in a
plain field that the package stops by closing a field of it through a copy (`p :=
r.pool; close(p.tasks)`, COPIED_HOLDER) is replaced as much by `r.pool =
r.startPool(n)`, even when the replacing method reads the old one's fields first (`prev
:= r.pool; if prev.size == n`, COPY_ONLY_READ); the fix closes the old one's field.

The goroutine's way out may also be a pipe: the constructor keeps the writer end
(`&Recorder{pw: pw}`) and starts a goroutine reading the reader end until the read
fails, which `Close` brings by closing the writer (analysis/pipe_stops.py).

## Why is this bad?
The goroutine runs forever. Each call of the function starts one more, with its
channels, timers and everything the object holds: in a server they pile up; in a
test, goleak fails the run.

## Example
```go
func countEvents(src <-chan Event) int {
        w := NewWatcher() // starts w.loop, which runs until w.Close()
        return w.Count(src)
}
```

## Use instead
```go
        w := NewWatcher()
        defer w.Close()
```

## Fix safety
The fix adds `defer w.Close()` right after the line that makes the object (only
when the constructor returns the object alone). It is unsafe: the object is now
stopped when the function returns, which is right when nothing else holds it, as
the rule checks (the variable is never passed, returned, stored or captured).
Goroutines started from `main` or `init` are not reported. Moving a late `defer` up is
safe when no other `defer` is registered between the two places (the deferred calls
would run in another order), unsafe otherwise; the deferred call's arguments are
evaluated earlier too, so a `defer` whose arguments are declared in between is not moved. For an overwritten map
entry, the fix stops the old one first (`if replaced, ok := q.limiters[d]; ok {
replaced.close() }`): unsafe, since a caller still using the old object sees it
stopped. The same for an overwritten field (`if t.reader != nil { t.reader.stop() }`,
the test left out when the constructor returns a value). For a collection stopped on
the other ways out, the fix calls the same helper before the `return`, as the other
ways out do, or, for a walk written in place, stops the entries of the collection there
with a copy of it: unsafe, since the stopping code may do more than stop the entries
(wait for them, log) on this path too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import fixes, gosyntax
from goleash.analysis.late_stops import LateStop, SkippedStop, late_stops, skipped_stops
from goleash.analysis.rebound_defers import ReboundDefer, rebound_defers
from goleash.analysis.replaced_entries import (
    DeletedEntry,
    ReplacedEntry,
    deleted_entries,
    replaced_entries,
)
from goleash.analysis.replaced_holders import ReplacedHolder, replaced_holders
from goleash.analysis.replaced_locals import ReplacedLocal, replaced_locals, worth_a_look
from goleash.analysis.walked_stops import SkippedWalk, skipped_walks
from goleash.model import Finding, Fix, Related, Severity
from goleash.rules.base import Context, Rule, rule_doc

if TYPE_CHECKING:
    from goleash.analysis.functions import Function
    from goleash.analysis.stop_signals import Stoppable
    from goleash.source import SourceFile


def check(ctx: Context) -> Iterator[Finding]:
    for u in ctx.unstopped:
        if u.never_started:
            continue  # the call's options leave the goroutine unstarted
        constructor = gosyntax.function_name(u.constructor.node) or "the constructor"
        stop = u.stop_methods[0]
        others = (
            ""
            if len(u.stop_methods) == 1
            else " (or " + ", ".join(f"`{m}`" for m in u.stop_methods[1:]) + ")"
        )
        who = f"goroutine `{u.goroutine_name}`" if u.goroutine_name else "a goroutine"
        message = (
            f"`{constructor}` starts {who}, which runs until `{stop}`{others} stops it; "
            f"nothing calls `{u.var_name}.{stop}()` here, so it never stops"
        )
        related = [
            ctx.related(
                u.goroutine_start, f"`{constructor}` starts the goroutine here", u.constructor.file
            ),
            ctx.related(u.closer, f"`{stop}` stops it here", u.closer_file),
        ]
        fix = ctx.fix(fixes.defer_stop_method, u.decl, u.var_name, stop)
        yield ctx.finding(RULE, u.call, message, related, fixes=(fix,) if fix else ())
    for r in rebound_defers(ctx.liveness, ctx.candidates.get("defer_stmt", [])):
        yield _rebound_defer(ctx, r)
    deferred = [*ctx.candidates.get("defer_stmt", []), *ctx.candidates.get("defer_literal", [])]
    for late in late_stops(ctx.liveness, deferred):
        yield _late_stop(ctx, late)
    for skipped in skipped_stops(ctx.liveness, ctx.candidates.get("bound_call", [])):
        yield _skipped_stop(ctx, skipped)
    for e in replaced_entries(ctx.liveness, ctx.candidates.get("index_store", [])):
        yield _replaced_entry(ctx, e)
    for w in skipped_walks(ctx.liveness, ctx.candidates.get("index_store", [])):
        yield _skipped_walk(ctx, w)
    for d in deleted_entries(ctx.liveness, ctx.candidates.get("delete_stmt", [])):
        yield _deleted_entry(ctx, d)
    for h in replaced_holders(ctx.liveness, ctx.candidates.get("field_store", [])):
        yield _replaced_holder(ctx, h)
    stores = [
        s
        for s in (*ctx.candidates.get("call_assign", []), *ctx.candidates.get("local_copy", []))
        if worth_a_look(ctx.package, s)
    ]
    for kept in replaced_locals(ctx.liveness, stores) if stores else ():
        yield _replaced_local(ctx, kept)


def _replaced_local(ctx: Context, r: ReplacedLocal) -> Finding:
    """A stoppable object kept in a local across a loop's rounds, overwritten without
    being stopped while the function stops it on another path (replaced_locals.py)."""
    fix = ctx.fix(fixes.stop_replaced_holder, r.store, r.holder, r.stop.stop_call, False)
    made_by = gosyntax.function_name(r.constructor.node) or "the constructor"
    return _replaced(
        ctx,
        r.store,
        r.constructor,
        r.stop,
        (
            f"a new `{made_by}(...)` in `{r.holder}`, which holds one from the loop's last round,",
            f"`{r.holder}` only on another path",
        ),
        (r.stopped_at, ctx.file, f"`{r.holder}` is stopped only here"),
        fix,
    )


def _replaced_holder(ctx: Context, h: ReplacedHolder) -> Finding:
    """A stoppable object in a struct field overwritten without being stopped, while the
    package stops only the one the field holds (replaced_holders.py)."""
    held = "from the loop's last round" if h.in_loop else "since the object was made"
    fix = ctx.fix(fixes.stop_replaced_holder, h.store, h.holder, h.stop.stop_call, h.pointer)
    made_by = gosyntax.function_name(h.constructor.node) or "the constructor"
    return _replaced(
        ctx,
        h.store,
        h.constructor,
        h.stop,
        (
            f"a new `{made_by}(...)` in `{h.holder}`, which holds one {held},",
            "only the one the field holds",
        ),
        (h.cleanup, h.cleanup_file, "only the object the field holds is stopped here"),
        fix,
    )


def _replaced_entry(ctx: Context, e: ReplacedEntry) -> Finding:
    """A stoppable entry of a map field overwritten without being stopped, while the
    package stops the entries by walking the map (replaced_entries.py)."""
    fix = ctx.fix(fixes.stop_replaced_entry, e.store, e.map_text, e.key, e.stop.stop_call)
    made_by = gosyntax.function_name(e.constructor.node) or "the constructor"
    what = f"`{e.value}`, whose goroutine it starts," if e.value else f"a new `{made_by}(...)`"
    stopped = "only the entries still in the map"
    extra = []
    if e.let_go is not None:
        early, early_file, method = e.let_go
        stopped += f", while the old one's other holder gives it up in `{method}` once replaced"
        extra.append(
            ctx.related(
                early, f"`{method}` returns here without stopping a replaced one", early_file
            )
        )
    if e.unguarded_call is not None:
        call, call_file, caller = e.unguarded_call
        extra.append(
            ctx.related(
                call, f"`{caller}` calls it here without stopping the entry it replaces", call_file
            )
        )
    return _replaced(
        ctx,
        e.store,
        e.constructor,
        e.stop,
        (f"{what} under a key of `{e.map_text}` that may hold one,", stopped),
        (e.cleanup, e.cleanup_file, "the entries still in the map are stopped here"),
        fix,
        extra,
    )


def _deleted_entry(ctx: Context, d: DeletedEntry) -> Finding:
    """A stoppable entry of a map field deleted without being stopped, while the package
    stops the entries by walking the map (replaced_entries.deleted_entries)."""
    holder = gosyntax.enclosing_function(d.delete)
    func = (gosyntax.function_name(holder) if holder is not None else None) or "the function"
    stop = d.stop
    who = f"goroutine `{stop.goroutine_name}`" if stop.goroutine_name else "goroutine"
    message = (
        f"the entry this delete drops keeps its {who} running forever: `{func}` takes it "
        f"out of `{d.map_text}` without calling `{stop.methods[0]}`, and the package stops "
        f"only the entries still in the map"
    )
    related = _entry_related(
        ctx,
        d.constructor,
        stop,
        (d.cleanup, d.cleanup_file, "the entries still in the map are stopped here"),
        "the dropped object's goroutine waits here",
    )
    fix = (
        ctx.fix(fixes.stop_before_delete, d.delete, f"{d.holder}.{stop.methods[0]}()")
        if d.holder
        else ctx.fix(fixes.stop_replaced_entry, d.delete, d.map_text, d.key, stop.stop_call, True)
    )
    return ctx.finding(RULE, d.delete, message, related, fixes=(fix,) if fix else ())


def _replaced(
    ctx: Context,
    store: Node,
    constructor: Function,
    stop: Stoppable,
    where: tuple[str, str],
    cleanup: tuple[Node, SourceFile, str],
    fix: Fix | None,
    extra: Sequence[Related] = (),
) -> Finding:
    """A store that overwrites a stoppable object: `where` says where the store puts the
    new one and what the package stops; `cleanup` is that stop, its file and its note;
    `extra`, more related locations."""
    holder = gosyntax.enclosing_function(store)
    func = (gosyntax.function_name(holder) if holder is not None else None) or "the function"
    who = f"goroutine `{stop.goroutine_name}`" if stop.goroutine_name else "goroutine"
    placed, stopped = where
    if stop.closed_itself:
        message = (
            f"the channel this store replaces keeps the {who} ranging over it running "
            f"forever: `{func}` puts {placed} without closing the old one, and the package "
            f"closes {stopped.replace('entries', 'channels')}"
        )
        closed = (cleanup[0], cleanup[1], "the channels still in the map are closed here")
        related = _entry_related(
            ctx, constructor, stop, closed, "the replaced channel's goroutine waits here"
        )
        related.extend(extra)
        return ctx.finding(RULE, store, message, related, fixes=(fix,) if fix else ())
    if stop.closed_field:
        unstopped = f"without closing the old one's `{stop.closed_field}`"
    elif stop.part:
        unstopped = f"without calling `{stop.part}.{stop.part_methods[0]}` on the old one"
    else:
        unstopped = f"without calling `{stop.methods[0]}` on the old one"
    message = (
        f"the object this store replaces keeps its {who} running forever: `{func}` puts "
        f"{placed} {unstopped}, and the package stops {stopped}"
    )
    related = _entry_related(
        ctx, constructor, stop, cleanup, "the replaced object's goroutine waits here"
    )
    related.extend(extra)
    return ctx.finding(RULE, store, message, related, fixes=(fix,) if fix else ())


def _entry_related(
    ctx: Context,
    constructor: Function,
    stop: Stoppable,
    cleanup: tuple[Node, SourceFile, str],
    waits: str,
) -> list[Related]:
    """Where the lost object's goroutine waits (`waits`), where it is started, and where
    the package stops the objects it still holds."""
    made_by = gosyntax.function_name(constructor.node) or "the constructor"
    related = [
        ctx.related(stop.start, f"`{made_by}` starts the goroutine here", constructor.file),
        ctx.related(cleanup[0], cleanup[2], cleanup[1]),
    ]
    if stop.wait is not None and stop.wait_file is not None:
        related.insert(0, ctx.related(stop.wait, waits, stop.wait_file))
    return related


def _late_stop(ctx: Context, late: LateStop) -> Finding:
    """A stop deferred after a way out that leaves the object running (late_stops.py)."""
    starter = gosyntax.function_name(late.starter.node) or "the constructor"
    holder = gosyntax.enclosing_function(late.deferred)
    func = (gosyntax.function_name(holder) if holder is not None else None) or "the function"
    stop = late.stoppable
    who = f"goroutine `{stop.goroutine_name}`" if stop.goroutine_name else "a goroutine"
    message = (
        f"`{starter}` starts {who}, which runs until `{late.method}` stops it; `{func}` "
        f"returns at line {gosyntax.line_of(late.exit.node)} before the `defer` at line "
        f"{gosyntax.line_of(late.deferred)} that calls `{late.var_name}.{late.method}()`, so "
        "on that path nothing stops it"
    )
    related = [
        ctx.related(late.exit.node, f"`{func}` returns here with `{late.var_name}` running"),
        ctx.related(late.deferred, f"`{late.var_name}.{late.method}()` is deferred only here"),
        ctx.related(stop.start, f"`{starter}` starts the goroutine here", late.starter.file),
        ctx.related(stop.close, f"`{late.method}` stops it here", stop.close_file),
    ]
    if stop.wait is not None and stop.wait_file is not None:
        related.insert(
            2, ctx.related(stop.wait, "the goroutine waits here for good", stop.wait_file)
        )
    fix = ctx.fix(fixes.defer_earlier, late.deferred, late.after, late.reorders)
    return ctx.finding(RULE, late.call, message, related, fixes=(fix,) if fix else ())


def _stop_words(starter: Function, at: Node, stop: Stoppable) -> tuple[str, str, str, str]:
    """How a skipped stop's message names things: the constructor, the function that
    skips the stop (the one holding `at`), the goroutine and its stopping methods."""
    holder = gosyntax.enclosing_function(at)
    return (
        gosyntax.function_name(starter.node) or "the constructor",
        (gosyntax.function_name(holder) if holder is not None else None) or "the function",
        f"goroutine `{stop.goroutine_name}`" if stop.goroutine_name else "a goroutine",
        " or ".join(f"`{m}`" for m in stop.methods),
    )


def _skipped_stop(ctx: Context, skipped: SkippedStop) -> Finding:
    """A stop made by hand on every way out but one (late_stops.py,
    STOP_SKIPPED_ON_A_PATH)."""
    stop = skipped.stoppable
    starter, func, who, methods = _stop_words(skipped.starter, skipped.decl, stop)
    name = skipped.var_name
    message = (
        f"`{starter}` starts {who}, which runs until {methods} stops it; `{func}` returns at "
        f"line {gosyntax.line_of(skipped.exit.node)} without stopping `{name}`, as it does on "
        "its other ways out, so on that path nothing stops it"
    )
    related = [
        ctx.related(skipped.exit.node, f"`{func}` returns here with `{name}` running"),
        ctx.related(skipped.stops[0], f"`{name}` is stopped here on another way out"),
        ctx.related(stop.start, f"`{starter}` starts the goroutine here", skipped.starter.file),
    ]
    if stop.wait is not None and stop.wait_file is not None:
        related.insert(
            2, ctx.related(stop.wait, "the goroutine waits here for good", stop.wait_file)
        )
    remedy = skipped.remedy
    fix = (
        ctx.fix(fixes.stop_before_dropping, skipped.exit.node, name, remedy[0], remedy[1])
        if remedy is not None
        else None
    )
    return ctx.finding(RULE, skipped.call, message, related, fixes=(fix,) if fix else ())


def _skipped_walk(ctx: Context, w: SkippedWalk) -> Finding:
    """A local collection of stoppable objects stopped by a walk on every way out but
    one (walked_stops.py)."""
    stop = w.stoppable
    starter, func, who, methods = _stop_words(w.starter, w.store, stop)
    message = (
        f"`{starter}` starts {who} for each entry of `{w.collection}`, which runs until "
        f"{methods} stops it; `{func}` returns at line {gosyntax.line_of(w.exit.node)} "
        f"without stopping the entries, as it does on its other ways out, so on that path "
        f"nothing stops them"
    )
    related = [
        ctx.related(
            w.exit.node, f"`{func}` returns here with the entries of `{w.collection}` running"
        ),
        ctx.related(w.stop, f"the entries of `{w.collection}` are stopped here on another way out"),
        ctx.related(stop.start, f"`{starter}` starts the goroutine here", w.starter.file),
    ]
    if stop.wait is not None and stop.wait_file is not None:
        related.insert(
            2, ctx.related(stop.wait, "each entry's goroutine waits here for good", stop.wait_file)
        )
    fix = (
        ctx.fix(fixes.repeat_stop_before, w.exit.node, w.stop_statement, w.collection)
        if w.stop_statement is not None
        else None
    )
    return ctx.finding(RULE, w.call, message, related, fixes=(fix,) if fix else ())


def _rebound_defer(ctx: Context, r: ReboundDefer) -> Finding:
    """A deferred stop that stops the variable's first object, not the one it is given
    later (rebound_defers.py)."""
    starter = gosyntax.function_name(r.starter.node) or "the constructor"
    holder = gosyntax.enclosing_function(r.rebind)
    func = (gosyntax.function_name(holder) if holder is not None else None) or "the function"
    who = (
        f"goroutine `{r.stoppable.goroutine_name}`" if r.stoppable.goroutine_name else "a goroutine"
    )
    where = "ends" if r.exit.kind == "end" else f"returns at line {gosyntax.line_of(r.exit.node)}"
    message = (
        f"`{starter}` starts {who}, which runs until `{r.method}` stops it; the deferred "
        f"`{r.var_name}.{r.method}()` at line {gosyntax.line_of(r.deferred)} stops the "
        f"`{r.var_name}` it was given first, not this one, so when `{func}` {where} "
        f"nothing stops it"
    )
    related = [
        ctx.related(r.deferred, f"`{r.var_name}` is read here, when the `defer` runs"),
        ctx.related(r.stoppable.start, f"`{starter}` starts the goroutine here", r.starter.file),
        ctx.related(r.stoppable.close, f"`{r.method}` stops it here", r.stoppable.close_file),
        ctx.related(r.exit.node, f"`{func}` leaves here with this `{r.var_name}` running"),
    ]
    if r.stoppable.wait is not None and r.stoppable.wait_file is not None:
        related.insert(
            2,
            ctx.related(
                r.stoppable.wait, "the goroutine waits here for good", r.stoppable.wait_file
            ),
        )
    fix = ctx.fix(fixes.defer_on_the_last_value, r.deferred, r.var_name, r.method)
    return ctx.finding(RULE, r.call, message, related, fixes=(fix,) if fix else ())


RULE = Rule(
    code="GL010",
    name="goroutine-never-stopped",
    summary="An object's goroutine is started and the method that stops it is never called",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
