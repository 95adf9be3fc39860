"""
# cond-wait-never-woken (GL025)

## What it does
Finds a `sync.Cond` `Wait` that may never return: nothing in the package calls
`Signal` or `Broadcast` on that condition, or the `Wait` is not inside a `for` loop
that re-checks what it waits for.

A flag set without waking the goroutines that wait for it is GL029's, on by default.

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
No fix is offered: the condition to re-check, and which code should signal, are the
author's. An exported condition field, or one passed in as a parameter, may be
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
"""

from __future__ import annotations

from collections.abc import Iterator

from goleash.model import Finding, Severity
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    # A wait on a flag set without a wake-up is GL029's, which runs by default: said once.
    told = {m.wait for m in ctx.missed_wakeups}
    for w in ctx.cond_waits:
        if w.wait in told:
            continue
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


RULE = Rule(
    code="GL025",
    name="cond-wait-never-woken",
    summary="A sync.Cond Wait that nothing signals, or that is not in a loop re-checking its condition",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    preview=True,
)
