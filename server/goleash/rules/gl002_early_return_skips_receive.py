"""
# early-return-skips-receive (GL002)

## What it does
Finds a goroutine that sends once on an unbuffered channel whose only receive, in
the function that started it, comes after an early `return` (or `t.Fatal`) that can
skip it.

## Why is this bad?
On the early path nobody ever receives, so the goroutine's send blocks forever. The
typical shape is an error channel read at the end of a function that also returns
early on another error: every early return leaks one goroutine.

## Example
```go
func load(path string) error {
	errc := make(chan error)
	go func() { errc <- prefetch() }()
	if err := check(path); err != nil {
		return err // the goroutine is stuck sending on errc
	}
	return <-errc
}
```

## Use instead
```go
	errc := make(chan error, 1) // the send always completes
```

## Fix safety
Giving the channel a buffer of one is safe for the sender (its only send completes
at once) but changes when the sender can finish, so it is marked unsafe and offered
one by one, never in fix-all.
"""

from __future__ import annotations

from goleash import fixes
from goleash.analysis.channels import OpKind
from goleash.analysis.leaks import abandoned_senders, abandoning_exits, sends_once, verb
from goleash.model import Severity
from goleash.rules import _report
from goleash.rules.base import Rule, rule_doc


def check(ctx):
    for ch in ctx.trusted_channels:
        if ch.capacity != 0:
            continue
        for op, receives in abandoned_senders(ch):
            if op.actor.repeated or not sends_once(op.actor, ch.of(OpKind.SEND)):
                continue
            if any(r.select is not None for r in receives):
                continue  # GL001's shape
            if any(r.in_loop or r.kind is OpKind.RANGE for r in receives):
                continue  # a collector loop receives everything (GL005 / GL006 judge its exits)
            exits = abandoning_exits(ch, op.actor, receives)
            if not exits:
                continue
            first = exits[0]
            message = (
                f"{_report.who(op.actor)} blocks forever {verb(op, ch)} when "
                f"{_report.exit_phrase(ch, first)} before receiving from `{ch.name}`"
            )
            extra = [ctx.related(e.node, _report.exit_note(ch, e, f"without receiving from `{ch.name}`")) for e in exits]
            extra.append(ctx.related(receives[0].node, f"the only receive from `{ch.name}`, skipped on that path"))
            fix = ctx.fix(fixes.buffer_channel, ch, "1")
            yield ctx.finding(RULE, _report.primary(ctx, op), message,
                              _report.parties(ctx, ch, op, *extra), fixes=(fix,) if fix else ())


RULE = Rule(
    code="GL002",
    name="early-return-skips-receive",
    summary="An early return skips the only receive a one-shot sender goroutine waits for",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
