"""
# channel-op-under-lock (GL026)

## What it does
Finds a send or receive on an unbuffered channel made while holding a mutex, when
every goroutine of the package that could take the other side of it (the
receiver of the send, the sender for the receive) must lock that same mutex first.

## Why is this bad?
The operation waits for its partner; the partner waits for the mutex; the mutex is
released only after the operation. Neither can move: both goroutines block for
good, and so does everything that needs the mutex next.

## Example
```go
func (b *Bus) Publish(ev Event) {
        b.mu.Lock()
        defer b.mu.Unlock()
        b.events <- ev // the consumer locks b.mu before it receives
}

func (b *Bus) consume() {
        for {
                b.mu.Lock()
                n := len(b.subs)
                b.mu.Unlock()
                ev := <-b.events
                ...
        }
}
```

## Use instead
Release the mutex before the channel operation (copy what it protects first), or
give the channel a buffer that covers what is sent under the lock.

## Fix safety
No fix is offered: moving the operation out of the critical section changes what
the lock protects, which is the author's call. Buffered channels, operations in a
`select` with other cases, and channels with a partner that does not need the lock
are not reported.

This rule is in preview (`--preview`, or `preview = true` in `goleash.toml` or the
editor settings). How it was measured (`goleash check --preview --select GL026`;
`docs/evaluation.md`, Locks): no findings on Go
1.19's `src` and Debian's packaged Go sources (10.8M lines), nor on code it was not
tuned on (Go 1.27's standard library with its vendored modules, Debian's Go examples and ten
projects (go-ethereum, tailscale, minio, nats-server, pebble, syncthing, caddy, badger,
nsq, raft): 5.2M lines; then prometheus, containerd, temporal and rclone (2.0M lines)), 2026-12-01. Its precision is unmeasured, so it
stays in preview.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from goleash import gosyntax
from goleash.model import Finding, Severity
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    for op in ctx.locked_operations:
        partner = gosyntax.function_name(op.partner.node) or "the goroutine"
        where = (
            f"line {gosyntax.line_of(op.partner_lock)}"
            if op.partner.file.path == ctx.file.path
            else f"{os.path.basename(op.partner.file.path)}:{gosyntax.line_of(op.partner_lock)}"
        )
        verb = "sends on" if op.op.type == "send_statement" else "receives from"
        message = (
            f"this {verb.split()[0][:-1]} on `{op.channel}` waits while holding `{op.lock_name}`, but `{partner}` "
            f"locks `{op.lock_name}` ({where}) before it can take the other side: both block forever"
        )
        related = [
            ctx.related(op.lock, f"`{op.lock_name}` is locked here and held across the operation"),
            ctx.related(
                op.partner_lock, f"`{partner}` needs `{op.lock_name}` here first", op.partner.file
            ),
            ctx.related(op.partner_op, "the other side of the channel", op.partner.file),
        ]
        yield ctx.finding(RULE, op.op, message, related)


RULE = Rule(
    code="GL026",
    name="channel-op-under-lock",
    summary="A channel operation holding a lock its partner must take first",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    preview=True,
    reads_locks=True,
)
