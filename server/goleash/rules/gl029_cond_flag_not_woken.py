"""
# cond-flag-not-woken (GL029)

## What it does
Finds a `sync.Cond` `Wait` in a loop whose condition reads a flag of the object (`for
len(q.items) == 0 && !q.closed`, or an error field, `p.err == nil`), when a method sets
that flag to the value that ends the wait (`q.closed = true`, `p.err = ErrClosed`) without calling `Signal` or `Broadcast` on the condition,
itself or through a method of the type that does (FLAG_SET in
`analysis/cond_wakeups.py`). A `for {` loop whose first statements leave it on the
flag (`if inv.closed { return ErrClosed }` before the `Wait`) waits on it the same way
(LEAVING_FLAGS), and so does a loop testing the state of an entry of a map field
(`e := r.runners[cloth]; for e.status == Running { r.cond.Wait() }`), against a method
that stores another state in such an entry (`e.status = PulledUp`) and wakes no one
(ENTRY_FLAG, ENTRY_STATE). A setter that returns before the set when a field the
loop reads before its `Wait` says some are in use (`if len(cc.streams) > 0 { return }`)
sets the flag only when no one can wait (SET_ONLY_WHEN_NONE_WAIT). And such a method that wakes them with a single
`Signal()` while the package starts several goroutines waiting in that loop on the
same object (`for i := 0; i < n; i++ { go f.worker() }`, or an exported method that
starts one on its receiver each time it is called, `go c.holdAtGate(gate)` in
`HandleArrival`), or workers that each wait on an entry of a map or slice of such
objects picked by the work they receive (`silo := l.silos[b.Kind]; silo.Draw(kg)`): one
wakes, the others sleep on (TERMINAL_FLAG, SIGNAL_PER_WAITER, RELAYED, SEVERAL_WAITERS,
PER_CALL_WAITER, WAITER_IN_AN_ENTRY). And a method that
changes a field the loop's condition reads (`w.pending--`) and wakes the waiters
afterwards on one path but, on another, lets the lock go without waking them (a
`return` or `continue` on an error): WOKEN_ON_ONE_PATH, with DATA_BRANCH sparing a
method that chooses on the object's own state (`if w.pending == 0 { ... }`), but not
one that sets a flag ending every wait on its own (`a.closed = true`, a conjunct `!a.closed`
of the loop's condition) and wakes only `if len(pending) > 0` (TERMINAL_FLAG). The same
when the method records an outcome in a map the waiters read on each path (`if err !=
nil { r.failed[id] = err; return }` ... `r.values[id] = v; r.cond.Broadcast()`) and
wakes them after one only (OUTCOME_ON_EACH_BRANCH); a loop testing a local (`for !ok`)
is judged on the fields behind it, `ok, bad := r.settled(e)` reading the fields
`settled` reads (CONDITION_IN_A_LOCAL). A condition kept in each entry of a map field
(`l := s.lines[k]; l.cond.Wait()`) is woken by a wake-up on the field's entries (`for _,
l := range s.lines { l.cond.Broadcast() }`), and a stopping method that returns on an
error before that loop skips it (ENTRY_CONDITION in `analysis/entry_conditions.py`). A `for {` loop that
leaves once its entry is gone (`if _, ok := s.holds[h]; !ok { return }` before the
`Wait`) is woken by a method that deletes that entry (`delete(s.holds, h)`) on a branch
that returns without waking, while it wakes on another path (ENTRY_DELETED_UNWOKEN,
EXIT_TEST_IN_THE_BODY). A loop that reads the stop flag only beside a disjunct that
keeps it waiting on its own (`for l.paused || (len(l.pending) == 0 && !l.closed)`) does
not heed the stop while that disjunct holds (OVERRULED_BY_A_DISJUNCT). And a method that makes by hand, on a branch that returns (`if err != nil {
r.inflight--; return err }`), the very change a waking method of the type makes
before its wake-up, while it calls that method on its other path (`r.release()`):
CHANGED_BY_HAND; the other path is read on from the `if` through the blocks around it
(WAY_ON), and a condition on a field no method changes (`failures >= p.maxFailure`) is
no choice on the object's state (CONFIGURATION_IS_NO_DATA). And the converse: a stopping method (`Close`,
`Stop`, `Shutdown`) that sets a flag and broadcasts, while a wait loop on that
condition does not test the flag (`for len(e.queue) == 0 { e.cond.Wait() }`) and every
other method that wakes it refuses once the flag is set: woken, the waiter finds its
condition unchanged and sleeps for good (UNHEEDED_STOP; a loop whose body leaves on
the flag right after the `Wait`, `if q.closed { panic(ErrClosed) }`, heeds it:
HEEDED_IN_THE_BODY). Another wait loop of the same goroutine on the same condition
that tests the flag (`for len(p.queue) == 0 && !p.closed`) says the flag is to end
this wait too, whatever the other waking methods do after it (SIBLING_LOOP_HEEDS).
The same for a flag of an entry the waiter looks up in a map
field (`st, ok := r.orders[id]; for st.pending > 0 { r.cond.Wait() }`), marked and
woken by a method that leaves what the loop tests unchanged (`st.voided = true;
r.cond.Broadcast()`) while every other change of it refuses once marked (`if
st.voided { return ErrVoided }`): `analysis/unheeded_entry_flags.py` (ENTRY_TESTED,
MARKED_AND_WOKEN, REFUSED_ONCE_MARKED). And a loop waiting while
`!p.needsFillLocked()`, a method that answers false whenever the stop flag is set
(`if p.closed || ... { return false }`): woken by the stop, it can never leave
(SAYS_WAIT_ONCE_SET). The same when the stopper
changes what the loop waits for and wakes the waiters on one branch only (`if
s.cur.leading { s.cur.seq++; s.cond.Broadcast() }`): on the other the waiter sleeps
for good (UNCHANGED_ON_A_PATH); a lower-case `close` of an unexported type is a stopper
too, and fields are followed as paths (`s.cur.closed` is not `s.cur.seq`). A path that
skips the wake-up on an error (`if err := s.sink.Write(...); err != nil { return err }`)
is a failure path, not a choice on the object's state (ERROR_TEST_IS_NO_DATA). And a
flight that a registry publishes for concurrent callers (`c, leader :=
g.begin(key)`), waited on in `for !c.done { g.cond.Wait() }`, that its leader leaves
unfinished on some way out (a `return` on an error that drops the entry instead of
calling the function that sets `c.done` and wakes them):
`analysis/abandoned_flights.py`. And a wait loop whose only wakers (the methods that
change what it tests or wake it: a `topUp` that refills and broadcasts) run in one
goroutine of the type, a `for { select }` loop that a stopping method (`Close`, `stop`)
ends by closing its stop field without waking the waiters: after the stop a waiter
sleeps for good (`analysis/stopped_wakers.py`); the goroutine may be a method of the
type (`go b.refresh()`) that broadcasts itself, and a `for {` wait loop is judged on
the fields its body reads (GOROUTINE_METHOD, BODY_TESTS). The goroutine's loop may
end on its context instead (`case <-ctx.Done(): return`), whose cancel the method
starting it keeps in a field (`ctx, m.cancel = context.WithCancel(ctx)`) and the
stopping method calls (STOP_BY_A_KEPT_CANCEL); the waiter may be a literal of a method,
on the receiver it captures (CAPTURED_RECEIVER); a stop case that calls a waking method
before it returns (`m.halt(nil)`) wakes them (STOP_CASE_WAKES). The fix gives the type a `stopped` flag,
set under the condition's lock and followed by a `Broadcast` right after the stop's
`close`, and tested by the wait loop (unsafe: the waiter goes on past its loop with its
condition unmet, and must check the flag); for a `for {` loop that asks its context
whether it has ended, the fix broadcasts after the stop, under the condition's lock
(unsafe: a woken waiter leaves only once its context has ended). And a bounded queue
built on a condition (`push` waits for room while `!q.closed`, `pop` makes room and
wakes it, `close` sets the flag and wakes everyone) whose only consumer, a goroutine,
returns with the queue open on a path its take's result does not decide (`return` on
a rejected send): a producer waiting for room sleeps for good
(`analysis/abandoned_queues.py`: ROOM_WAIT, ONLY_CONSUMER, QUITS_OPEN). The fix adds
`defer s.queue.close()` to the consumer (unsafe: later pushes fail, and the producer
must handle it). And a state the package moves to through a
waking setter (`settle(state)`: `c.state = state`, abandon the legs still ringing,
`c.cond.Broadcast()`), set by hand elsewhere (`c.state = stateCancelled`, a value the
setter is called with somewhere) by a function that neither calls the setter nor wakes
the condition: the waiters, whose loop reads what the setter changes, sleep for good
(`analysis/bypassed_setters.py`: WAKING_SETTER, SAME_VALUE_BY_HAND, NO_WAKE_BESIDE). The
fix moves the state through the setter (unsafe: the setter does more than the store,
and expects the lock its other callers hold). And a goroutine handed one object of
many (`go p.await(st)`, a per-order state kept in a map) that waits on the object's
condition through its parameter, while a function of the package sets the flag its
loop waits on through a local of its own (`st := p.orders[id]; st.cancelled = true`)
and wakes nobody: `analysis/handed_waiters.py` (HANDED_WAITER, FLAG_SET_ON_A_LOCAL,
NO_WAKE_IN_THE_SETTER). The fix broadcasts after the store.


Goroutines that take turns on a condition (one per item, each waiting in
`f.waitTurn(seq)` until `f.next == seq`), one of which gives up on a failure without
calling the methods that pass the turn on (`f.advance`, `f.abort`), while its other
failures do call them: the turns after it never come (TURN_NEVER_PASSED,
analysis/skipped_turns.py). The fix calls the waking method a sibling failure calls
(`f.abort(failure)`) before that `return`.

And a method that gives back what waiters wait for, each its own amount (`for r.free <
units`), but wakes them only on a crossing it measured before the change (`wasFull :=
r.free == 0; r.free += n; ...; if wasFull { r.cond.Broadcast() }`): a waiter whose
amount is met by a later change that is no such crossing sleeps on (STALE_SNAPSHOT,
VARIABLE_DEMAND). A crossing every waiter shares (all wait for one, `for r.free == 0`)
is left alone.

And a stop a wait loop does not heed when the code says it should: the waiter's helper
hands the flag to its caller right after the wait (`for b.free < n { b.cond.Wait() };
return !b.closed`, REPORTED_RIGHT_AFTER), or the stopper sets the flag and wakes the
condition in one block while no wait on that condition tests the flag anywhere, a
goroutine's function literal included (NO_WAITER_HEEDS). A wake-up skipped after a
change that only shrinks what the waiters wait to see grow (`q.items = q.items[1:]`
against `for len(q.items) == 0`) is owed to nobody (SHRINK_RELEASES_NO_EMPTY_WAIT), nor
one skipped under a count stepped beside the change (`queued++` ... `if queued > 0`,
COUNTED_WITH_THE_CHANGE).
## Why is this bad?
A condition variable remembers nothing: `Wait` returns only after a `Signal` or
`Broadcast` that comes while it waits. The loop says the flag is what the goroutine
waits for; setting it without a wake-up leaves every goroutine already waiting asleep
until some other change happens to wake it, which after a `Close` never comes.

## Example
```go
func (q *Queue) Pop() (Job, bool) {
        q.mu.Lock()
        defer q.mu.Unlock()
        for len(q.jobs) == 0 && !q.closed {
                q.ready.Wait() // a worker already here sleeps forever after Close
        }
        ...
}

func (q *Queue) Close() {
        q.mu.Lock()
        q.closed = true
        q.mu.Unlock()
}
```

## Use instead
```go
        q.closed = true
        q.ready.Broadcast()
```

For a stop the loop does not heed, the fix adds `&& !e.closed` to the loop's
condition: safe when the waiting method reads the flag after the loop (it handles the
stopped case already), unsafe otherwise. When the stopper wakes the waiters on one
branch only, the fix also adds `e.cond.Broadcast()` right after the flag is set.

For a wake-up skipped on one path, wake right after the change:
```go
        w.pending--
        w.drained.Broadcast()
        if err != nil {
                w.lastErr = err
                return
        }
```

## Fix safety
For a queue whose only consumer quits with it open, the fix adds a deferred close of
the queue to the consumer (`defer u.queue.close()`), so it is closed on every way out:
unsafe, since later pushes fail and the producer must handle that. For a stop that
ends the only waking goroutine of a `for {` loop testing its context, the fix wakes
the waiters when stopping, with a `Broadcast()` after the stop: unsafe, since a woken
waiter leaves only once its context has ended. For an abandoned flight, the fix calls the finishing function before the leader's
`return`, as it is called on the other way out, with the returned error for its
`error` parameter and zero values for what the leader computed since the take:
unsafe, since the followers now get that error. For a flag set without a wake-up, or a change woken on one path only, the fix adds
`q.ready.Broadcast()` right after the assignment: safe, since a waiter in a loop
re-checks its condition and sleeps again if it still holds. For a single `Signal()` where every waiter must wake, the fix
turns it into `Broadcast()`: safe when every `Wait` on the condition is in such a
loop, unsafe otherwise. For a state set by hand where the package otherwise moves it
through a waking setter, the fix moves it through that setter (`c.settle(stateCancelled)`
for `c.state = stateCancelled`): unsafe, since the setter does more than the store, and
expects whatever lock its other callers hold.

These two shapes were part of GL025 (in preview) until 2026-12-05. On 31M lines of
real Go (Go's and Debian's sources and the audits in `docs/evaluation.md`) they report
nothing, so they cannot be noisy, while 6 of the 37 blind programs whose leak is a
condition variable are found by them alone: they run by default under this code.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from tree_sitter import Node

from goleash import fixes, gosyntax
from goleash.analysis.abandoned_queues import AbandonedQueue, abandoned_queues
from goleash.analysis.bypassed_setters import BypassedSetter, bypassed_setters
from goleash.analysis.index import receiver_type_name
from goleash.analysis.stopped_wakers import StoppedWaker, stopped_wakers
from goleash.model import Finding, Severity
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    for m in ctx.missed_wakeups:
        setter = gosyntax.function_name(m.setter_method) or "a method"
        message = (
            f"`{m.cond}.Wait()` may never return: `{setter}` sets `{m.flag}`, which this loop waits on, "
            f"without `Signal` or `Broadcast`, so the goroutines already waiting are never woken"
        )
        related = [
            ctx.related(
                m.setter, f"`{m.flag}` is set here; nobody wakes the waiters", m.setter_file
            )
        ]
        fix = None
        if m.setter_file.path == ctx.file.path:
            fix = ctx.fix(fixes.broadcast_after, m.setter, m.broadcast)
        yield ctx.finding(RULE, m.wait, message, related, fixes=(fix,) if fix else ())
    for lone in ctx.lone_signals:
        setter = gosyntax.function_name(lone.setter_method) or "a method"
        message = (
            f"`{lone.cond}.Wait()` may never return: `{setter}` sets `{lone.flag}`, which this loop "
            f"waits on, but wakes one waiter with `Signal()`, and several goroutines wait here: "
            f"the others are never woken"
        )
        related = [
            ctx.related(
                lone.signal,
                "wakes a single waiter; `Broadcast()` wakes them all",
                lone.setter_file,
            ),
            ctx.related(lone.start, "the waiting goroutines are started here", lone.start_file),
        ]
        fix = ctx.fix(fixes.signal_to_broadcast, lone.signal, lone.every_wait_loops)
        yield ctx.finding(RULE, lone.wait, message, related, fixes=(fix,) if fix else ())
    for s in ctx.skipped_wakeups:
        changer = gosyntax.function_name(s.method) or "a method"
        condition = s.branch.child_by_field_name("condition")
        when = "on another path"
        if condition is not None and s.skipped_when is not None:
            word = "when" if s.skipped_when else "unless"
            when = f"{word} `{gosyntax.text(condition)}`"
        message = (
            f"`{s.cond}.Wait()` may never return: `{changer}` changes `{s.field}`, which this loop "
            f"waits on, and wakes the waiters afterwards, but {when} it goes on without "
            f"waking them"
        )
        related = [
            ctx.related(s.change, f"`{s.field}` changes here", s.file),
            ctx.related(s.skip, "this path goes on without waking the waiters", s.file),
            ctx.related(s.wake, "the waiters are woken only on this path", s.file),
        ]
        if s.by_hand:
            waker = gosyntax.called_expression_text(s.wake)
            message = (
                f"`{s.cond}.Wait()` may never return: `{changer}` changes `{s.field}`, which "
                f"this loop waits on, by hand {when} and returns without waking the waiters; "
                f"on its other path it calls `{waker}()`, which makes the same change and "
                "wakes them"
            )
            related[2] = ctx.related(
                s.wake, f"`{waker}()` makes the same change and wakes the waiters", s.file
            )
        if s.stale_snapshot:
            # STALE_SNAPSHOT: say why the crossing misses a waiter.
            message += (
                f": the test was taken before the change, and each waiter waits for its "
                f"own amount of `{s.field}`, so a change that meets a waiter's amount "
                "without that crossing leaves it asleep"
            )
        if s.deleted_entry:
            message = (
                f"`{s.cond}.Wait()` may never return: `{changer}` deletes from `{s.field}` the "
                f"entry whose absence ends this loop's wait {when}, and returns without waking "
                f"the waiters; it wakes them only on its other path"
            )
            related[0] = ctx.related(s.change, f"the entry of `{s.field}` is deleted here", s.file)
        if s.woken_change is not None:
            other = _stored_field(s.woken_change)
            message = (
                f"`{s.cond}.Wait()` may never return: `{changer}` changes `{s.field}`, which "
                f"this loop waits on, {when}, and "
                "returns without waking the waiters; it wakes them only after changing "
                f"`{other}` on its other path"
            )
            related.insert(
                2, ctx.related(s.woken_change, f"`{other}` changes here instead", s.file)
            )
        # The change may sit in another file of the package than the wait: built there.
        fix = None
        if s.waking_loop is not None:
            fix = ctx.fix(
                fixes.build_in_file, s.change, fixes.wake_loop_after, s.change, s.waking_loop
            )
        elif s.broadcast:  # ENTRY_CONDITION woken one entry at a time: no one statement wakes all
            fix = ctx.fix(
                fixes.build_in_file, s.change, fixes.broadcast_after, s.change, s.broadcast
            )
        yield ctx.finding(RULE, s.wait, message, related, fixes=(fix,) if fix else ())
    for turn in ctx.skipped_turns:
        participant = gosyntax.function_name(turn.participant) or "a participant"
        wakers = " or ".join(f"`{w}`" for w in turn.wakers)
        message = (
            f"`{turn.cond}.Wait()` may never return: `{participant}`, run in a goroutine per "
            f"item, takes its turn through `{turn.waiting_method}`, but on the failure at line "
            f"{gosyntax.line_of(turn.exit)} it returns without calling {wakers} on "
            f"`{turn.obj}`, as its other failures do, so the goroutines waiting for the turns "
            "after it are never woken"
        )
        related = [
            ctx.related(
                turn.exit,
                f"returns without passing the turn on (no {wakers})",
                turn.participant_file,
            ),
            ctx.related(
                turn.woken_call,
                "another failure passes the turn on here",
                turn.participant_file,
            ),
        ]
        if turn.start is not None:
            related.append(
                ctx.related(turn.start, "the participants are started here", turn.start_file)
            )
        fix = ctx.fix(
            fixes.build_in_file,
            turn.exit,
            fixes.pass_turn_before_return,
            turn.exit,
            turn.obj,
            turn.woken_call,
        )
        yield ctx.finding(RULE, turn.wait, message, related, fixes=(fix,) if fix else ())
    for u in ctx.unheeded_stops:
        stopper = gosyntax.function_name(u.stopper) or "the stopping method"
        # OVERRULED_BY_A_DISJUNCT: the loop reads the flag, but only beside a disjunct
        # that keeps it waiting on its own.
        untested = (
            f"this loop keeps waiting while `{gosyntax.text(u.overruled_by)}` holds, whatever "
            f"`{u.flag}` says"
            if u.overruled_by is not None
            else f"this loop does not test `{u.flag}`"
        )
        refusers = ", ".join(f"`{r}`" for r in u.refusers)
        message = (
            f"`{u.cond}.Wait()` may never return once `{stopper}` has run: it sets `{u.flag}` "
            f"and wakes the waiters, but {untested}, and once it is set "
            f"{refusers} refuse{'s' if len(u.refusers) == 1 else ''} to change what the loop "
            "waits for: the waiter goes back to sleep for good"
        )
        related = [
            ctx.related(u.setter, f"`{stopper}` sets the flag here", u.stopper_file),
            ctx.related(u.broadcast, "and wakes the waiters here", u.stopper_file),
        ]
        if u.heeded_by_none:
            message = (
                f"`{u.cond}.Wait()` may never return once `{stopper}` has run: it sets "
                f"`{u.flag}` and wakes the waiters, but {untested}, nor does any other wait "
                f"on `{u.cond}`: the waiter goes back to sleep until something else changes "
                "what it waits for, for good once nothing does"
            )
        if u.heeding_sibling is not None:
            message = (
                f"`{u.cond}.Wait()` may never return once `{stopper}` has run: it sets "
                f"`{u.flag}` and wakes the waiters, but {untested}, "
                f"unlike the goroutine's other wait loop at line "
                f"{gosyntax.line_of(u.heeding_sibling)}: the waiter goes back to sleep until "
                "something else changes what it waits for, for good once nothing does"
            )
            related.append(ctx.related(u.heeding_sibling, f"this wait loop tests `{u.flag}`"))
        if u.tested_after is not None:
            message = (
                f"`{u.cond}.Wait()` may never return once `{stopper}` has run: it sets "
                f"`{u.flag}` and wakes the waiters, but {untested}, "
                f"though the code right after it does, at line "
                f"{gosyntax.line_of(u.tested_after)}: the waiter goes back to sleep until "
                "something else changes what it waits for, for good once nothing does"
            )
            if u.overruled_by is not None:
                message = (
                    f"`{u.cond}.Wait()` may never return once `{stopper}` has run: it sets "
                    f"`{u.flag}` and wakes the waiters, but {untested} (the code right after "
                    f"the loop, at line {gosyntax.line_of(u.tested_after)}, expects the flag to "
                    "end the wait): the waiter goes back to sleep until something else changes "
                    "what it waits for, for good once nothing does"
                )
            related.append(ctx.related(u.tested_after, f"`{u.flag}` is tested only after the loop"))
        wake_after = None
        if u.says_wait is not None:
            helper = gosyntax.function_name(u.says_wait) or "its helper"
            message = (
                f"`{u.cond}.Wait()` never returns once `{stopper}` has run: it sets "
                f"`{u.flag}` and wakes the waiters, but the loop waits while `{helper}()` "
                f"says no, and `{helper}` says no whenever `{u.flag}` is set: the waiter "
                "goes back to sleep for good"
            )
            # Where it answers: its first `if`, testing the flag.
            answer = gosyntax.statements(u.says_wait.child_by_field_name("body"))[:1]
            related.append(
                ctx.related(
                    answer[0] if answer else u.says_wait,
                    f"`{helper}` answers no once the flag is set",
                    u.says_wait_file,
                )
            )
        if u.changed_on_one_branch is not None:
            branch = u.changed_on_one_branch.child_by_field_name("condition")
            at = f"`if {gosyntax.text(branch)}`" if branch is not None else "a branch"
            message = (
                f"`{u.cond}.Wait()` may never return once `{stopper}` has run: it sets "
                f"`{u.flag}`, which this loop does not test, and changes what the loop waits "
                f"for and wakes the waiters on one side of {at} only; on the other it "
                f"leaves them asleep, and once the flag is set {refusers} "
                f"refuse{'s' if len(u.refusers) == 1 else ''} to change it: the waiter "
                "sleeps for good"
            )
            related[1] = ctx.related(
                u.changed_on_one_branch,
                "the waiters are woken on one branch of this `if` only",
                u.stopper_file,
            )
            if u.stopper_file.path != ctx.file.path:
                yield ctx.finding(RULE, u.wait, message, related)
                continue
            wake_after = u.setter
        fix = ctx.fix(
            fixes.heed_flag_in_wait_loop,
            u.loop,
            u.flag,
            u.heeded_after,
            wake_after,
            u.broadcast_call,
        )
        yield ctx.finding(RULE, u.wait, message, related, fixes=(fix,) if fix else ())
    for w in stopped_wakers(ctx.package, ctx.candidates.get("wait_call", [])):
        yield _stopped_waker(ctx, w)
    for b in bypassed_setters(ctx.package, ctx.file, ctx.candidates.get("wait_call", [])):
        yield _bypassed_setter(ctx, b)
    for q in abandoned_queues(ctx.package, ctx.candidates.get("wait_call", [])):
        yield _abandoned_queue(ctx, q)
    for a in ctx.abandoned_flights:
        leader = gosyntax.function_name(a.leader) or "the function"
        finisher = gosyntax.callee_text(a.finish) or "the finishing call"
        message = (
            f"`Wait()` may never return: this loop waits for `{a.flag}`, which only "
            f"`{finisher.rsplit('.', 1)[-1]}` sets, and `{leader}` returns at line "
            f"{gosyntax.line_of(a.exit)} without calling it on the flight `{a.publisher}` "
            f"handed it, so every caller that joined that flight sleeps forever"
        )
        related = [
            ctx.related(a.take, f"`{leader}` takes the flight here", a.take_file),
            ctx.related(a.exit, f"`{leader}` returns here without finishing it", a.take_file),
            ctx.related(a.finish, "the flight is finished here on another way out", a.take_file),
        ]
        fix = (
            ctx.fix(
                fixes.build_in_file,
                a.exit,
                fixes.finish_flight_before_return,
                a.exit,
                a.take,
                a.finish,
                a.finisher,
                a.flight,
            )
            if a.finisher is not None
            else None
        )
        yield ctx.finding(RULE, a.wait, message, related, fixes=(fix,) if fix else ())


def _bypassed_setter(ctx: Context, b: BypassedSetter) -> Finding:
    """A state the package moves to through a waking setter, set by hand without the
    wake-up (bypassed_setters.py)."""
    setter = gosyntax.function_name(b.setter) or "the setter"
    storer = gosyntax.function_name(b.store_func) or "a function"
    target = gosyntax.text(gosyntax.field(b.store, "left").named_children[0])
    message = (
        f"`{b.cond}.Wait()` may never return: `{storer}` sets `{target}` to `{b.value}` by "
        f"hand at line {gosyntax.line_of(b.store)}, where the package otherwise moves it "
        f"through `{setter}`, which also does what this loop waits for and wakes the "
        f"waiters; nothing wakes the goroutines waiting here"
    )
    related = [
        ctx.related(b.store, f"`{storer}` sets `{target}` by hand here", b.store_file),
        ctx.related(b.wake, f"`{setter}` wakes the waiters here", b.setter_file),
        ctx.related(
            b.setter_call, f"`{b.value}` is set through `{setter}` here", b.setter_call_file
        ),
    ]
    fix = ctx.fix(fixes.call_the_setter, b.store, setter, b.value)
    return ctx.finding(RULE, b.wait, message, related, fixes=(fix,) if fix else ())


def _abandoned_queue(ctx: Context, q: AbandonedQueue) -> Finding:
    """The queue's only consumer returns with the queue open (abandoned_queues.py)."""
    consumer = gosyntax.function_name(q.consumer) or "the consumer"
    where = (
        f"line {gosyntax.line_of(q.exit)}"
        if q.consumer_file.path == ctx.file.path
        else f"{os.path.basename(q.consumer_file.path)}:{gosyntax.line_of(q.exit)}"
    )
    message = (
        f"`{q.cond}.Wait()` may never return: `{consumer}`, the only goroutine taking from "
        f"this queue (`{q.taker}`), returns at {where} without calling `{q.closer}`, so a "
        "producer waiting here for room sleeps for good"
    )
    related = [
        ctx.related(q.exit, f"`{consumer}` returns here, leaving the queue open", q.consumer_file),
        ctx.related(q.go, f"`{consumer}` is started here", q.go_file),
        ctx.related(q.flag_set, f"`{q.closer}` would wake the waiters", q.flag_file),
    ]
    operand = gosyntax.field(q.take, "function")
    holder = (
        gosyntax.text(gosyntax.field(operand, "operand"))
        if operand.type == "selector_expression"
        else ""
    )
    fix = (
        ctx.fix(
            fixes.build_in_file,
            q.exit,
            fixes.defer_call_first,
            q.consumer,
            f"{holder}.{q.closer}()",
        )
        if holder
        else None
    )
    return ctx.finding(RULE, q.wait, message, related, fixes=(fix,) if fix else ())


def _stored_field(store: Node) -> str:
    """`r.values` for `r.values[id] = v`."""
    target = gosyntax.field(store, "left").named_children[0]
    while target.type == "index_expression":
        target = gosyntax.field(target, "operand")
    return gosyntax.text(target)


def _stopped_waker(ctx: Context, w: StoppedWaker) -> Finding:
    """The only waker runs in a goroutine the stopping method ends without waking the
    waiters (stopped_wakers.py)."""
    stopper = gosyntax.function_name(w.stopper) or "the stopping method"
    wakers = " and ".join(f"`{n}`" for n in w.wakers)
    tested = ", ".join(f"`{f}`" for f in w.fields)
    # A `for {` loop tests what its body reads: naming every field it touches would
    # say more than the code does, so only the wake-up is named.
    does = (
        f"change {tested} or wake the waiters"
        if w.condition is not None
        else ("wakes the waiters" if len(w.wakers) == 1 else "wake the waiters")
    )
    message = (
        f"`{w.cond}.Wait()` may never return once `{stopper}` has run: only {wakers}, run "
        f"by the goroutine started at line {gosyntax.line_of(w.goroutine)}, {does}, and "
        f"`{stopper}` ends that goroutine without waking them"
    )
    related = [
        ctx.related(w.goroutine, "the goroutine that wakes the waiters", w.goroutine_file),
        ctx.related(w.close, f"`{stopper}` ends it here, waking nobody", w.stopper_file),
    ]
    fix = None
    owner = receiver_type_name(w.stopper)
    declared = ctx.package.type_decl(owner) if owner else None
    locker = _cond_locker(ctx, w.cond.split(".", 1)[1])
    statement = w.close.parent
    if w.condition is None:
        top = _statement_of_method(w.close, w.stopper)
        if (
            w.stopper_file.path == ctx.file.path
            and locker is not None
            and top is not None
            and _tests_a_context(w.loop)
        ):
            fix = ctx.fix(
                fixes.wake_waiters_after_stop,
                top,
                gosyntax.receiver_text(w.stopper) or "",
                locker,
                w.cond.split(".", 1)[1],
            )
    elif (
        declared is not None
        and declared[0].path == ctx.file.path
        and w.stopper_file.path == ctx.file.path
        and locker is not None
        and statement is not None
        and statement.type == "expression_statement"
    ):
        fix = ctx.fix(
            fixes.wake_waiters_on_stop,
            declared[1],
            w.condition,
            w.cond.split(".", 1)[0],
            statement,
            gosyntax.receiver_text(w.stopper) or "",
            locker,
            w.cond.split(".", 1)[1],
        )
    return ctx.finding(RULE, w.wait, message, related, fixes=(fix,) if fix else ())


def _statement_of_method(node: Node, method: Node) -> Node | None:
    """The statement of `method`'s own body holding `node` (the `once.Do(...)` around a
    `close`)."""
    own = gosyntax.statements(method.child_by_field_name("body"))
    return next((a for a in gosyntax.ancestors(node) if a in own), None)


def _tests_a_context(loop: Node) -> bool:
    """CONTEXT_EXIT: the loop's body asks a context whether it has ended (`ctx.Err()`,
    `<-ctx.Done()`), so a waiter woken after a stop that cancels it can leave. A loop
    that only tests the object's state would sleep again, and gets no such fix."""
    return any(
        n.type == "call_expression"
        and (gosyntax.callee_text(n).endswith(".Err") or gosyntax.callee_text(n).endswith(".Done"))
        for n in gosyntax.walk(loop)
    )


def _cond_locker(ctx: Context, cond_field: str) -> str | None:
    """`mu` of `t.cond = sync.NewCond(&t.mu)` (or `cond: sync.NewCond(&t.mu)`)."""
    pattern = re.compile(
        rb"\b"
        + re.escape(cond_field.encode())
        + rb"\s*(?::|=)\s*sync\.NewCond\(\s*&\s*\w+\.(\w+)\s*\)"
    )
    for f in ctx.package.files:
        m = pattern.search(f.data)
        if m is not None:
            return m.group(1).decode()
    return None


RULE = Rule(
    code="GL029",
    name="cond-flag-not-woken",
    summary="A sync.Cond Wait loop on state that a method changes without waking the waiters",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
