"""
# cond-wait-never-woken (GL025)

## What it does
Finds a `sync.Cond` `Wait` that may never return: nothing in the package calls
`Signal` or `Broadcast` on that condition, or the `Wait` is not inside a `for` loop
that re-checks what it waits for.

Also a `Wait` in a loop whose condition reads a flag of the object (`for ... &&
!q.closed`), when a method sets that flag (`q.closed = true`) without calling
`Signal` or `Broadcast` on the condition: the goroutines already waiting are never
told (FLAG_SET, see docs/engine.md). And such a method that wakes them with a single
`Signal()` while the package starts several goroutines waiting in that loop on the
same object (`for i := 0; i < n; i++ { go f.worker() }`): one wakes, the others sleep
on (TERMINAL_FLAG, SIGNAL_PER_WAITER, RELAYED, SEVERAL_WAITERS).

## Why is this bad?
`Wait` returns only after a `Signal` or `Broadcast` that comes while it waits. With
no signal anywhere, the goroutine sleeps forever. Outside a loop, a signal sent just
before the goroutine reached `Wait` is lost (a condition variable remembers
nothing), so the goroutine sleeps through the one wake-up it was owed; and a
`Broadcast` meant for another waiter wakes it with its condition still false.

## Example
```go
func (q *Queue) Pop() int {
        q.mu.Lock()
        defer q.mu.Unlock()
        if len(q.items) == 0 {
                q.ready.Wait() // a Push that signalled a moment ago is missed
        }
        ...
}
```

## Use instead
```go
        for len(q.items) == 0 {
                q.ready.Wait()
        }
```

## Fix safety
For a flag set without a wake-up, the fix adds `q.ready.Broadcast()` right after the
assignment: safe, since a waiter in a loop re-checks its condition and sleeps again
if it still holds. For a single `Signal()` where every waiter must wake, the fix
turns it into `Broadcast()`: safe when every `Wait` on the condition is in such a
loop, unsafe otherwise. Otherwise no fix is offered: the condition to re-check, and which
code should signal, are the author's. An exported condition field, or one passed in as a parameter, may be
signalled by code outside the package and is judged only for the loop.

This rule is in preview (`--preview`, or `preview = true` in `goleash.toml` or the
editor settings). How it was measured (`goleash check --preview --select GL025`,
every finding read; `docs/evaluation.md`, Locks): on
Go 1.19's `src` and Debian's packaged Go sources (10.8M lines, 2026-12-01), 2
findings, one real (a test parking a goroutine on purpose) and one arguable; a
third, false, became SIGNALLER_WAITS_FOR_LOCK. On code it was not tuned on,
Go 1.27's standard library with its vendored modules, Debian's Go examples and ten
projects (go-ethereum, tailscale, minio, nats-server, pebble, syncthing, caddy, badger,
nsq, raft): 5.2M lines: 9 findings, none real, one arguable (go-ethereum's `ResolveFull`, which
its authors say may block forever, though not through a lost signal); the 8 false
ones became CALLER_LOOPS, WAIT_WRAPPER and SYNCTEST_BUBBLE. Then on prometheus, containerd, temporal and rclone (2.0M lines): 2,
both false (STORED_COND, NEVER_SET). 0 of 11 on unseen code: it stays in preview.
The single-`Signal` case (2026-12-03): no finding on Go's and Debian's sources,
audits 7 and 8, nor audit 9 (12.6M lines it was never run on); with TERMINAL_FLAG
and SEVERAL_WAITERS off, two candidates there, both rightly dropped.
"""

from __future__ import annotations

from collections.abc import Iterator

from goleash import fixes, gosyntax
from goleash.model import Finding, Severity
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    for w in ctx.cond_waits:
        if w.never_signalled:
            message = (
                f"`{w.name}.Wait()` never returns: nothing in the package calls `{w.name}.Signal()` or "
                f"`Broadcast()` on this condition"
            )
        else:
            message = (
                f"`{w.name}.Wait()` is not in a loop that re-checks its condition: a `Signal` sent before "
                f"the goroutine gets here is lost, and it waits forever"
            )
        yield ctx.finding(RULE, w.wait, message)
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


RULE = Rule(
    code="GL025",
    name="cond-wait-never-woken",
    summary="A sync.Cond Wait that nothing signals, or that is not in a loop re-checking its condition",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
    preview=True,
)
