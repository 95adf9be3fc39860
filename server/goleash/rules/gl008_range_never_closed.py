"""
# range-over-unclosed-channel (GL008)

## What it does
Finds a `for ... range ch` loop, in a goroutine, over a channel that is sent on but
never closed, or whose `close` the function that owns the channel skips on some way
out.

## Why is this bad?
`range` over a channel ends only when the channel is closed. When the producer
finishes without closing it, the ranging goroutine waits for the next value forever
and leaks, together with everything it holds.

## Example
```go
func process(items []int) {
	jobs := make(chan int)
	go func() {
		for j := range jobs { // never ends: nobody closes jobs
			handle(j)
		}
	}()
	for _, it := range items {
		jobs <- it
	}
}
```

## Use instead
```go
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
```
With several producers, close after they are all done:
`go func() { wg.Wait(); close(jobs) }()`.

## Fix safety
`defer close(jobs)` in the producing function is safe when that function is the only
sender and nothing sends after it returns; sending on a closed channel panics, so the
fix is not offered when other goroutines send too.
"""

from __future__ import annotations

from goleash import fixes
from goleash.analysis.channels import ActorKind, OpKind
from goleash.analysis.leaks import abandoning_exits, blocking_goroutine_ops, only_owner, others, verb
from goleash.model import Severity
from goleash.rules import _report
from goleash.rules.base import Rule, rule_doc


def check(ctx):
    for ch in ctx.trusted_channels:
        for op in blocking_goroutine_ops(ch, OpKind.RANGE):
            sends = others(ch, op, (OpKind.SEND,))
            if not sends:
                continue  # nothing at all: GL003
            closes = others(ch, op, (OpKind.CLOSE,))
            if not closes:
                message = (
                    f"{_report.who(op.actor)} never finishes {verb(op, ch)}: `{ch.name}` is sent on "
                    f"but never closed, so the loop waits for another value forever"
                )
                last = sends[-1]
                extra = [ctx.related(last.node, f"last send on `{ch.name}`; close it after this", last.file)]
                yield ctx.finding(RULE, _report.primary(ctx, op), message,
                                  _report.parties(ctx, ch, op, *extra), fixes=_fixes(ctx, ch, sends))
                continue
            if ch.owner_is_process_lifetime or not only_owner(closes):
                continue
            exits = abandoning_exits(ch, op.actor, closes)
            if exits:
                first = exits[0]
                message = (
                    f"{_report.who(op.actor)} never finishes {verb(op, ch)} when "
                    f"{_report.exit_phrase(ch, first)} without closing `{ch.name}`"
                )
                extra = [ctx.related(e.node, _report.exit_note(ch, e, f"without closing `{ch.name}`")) for e in exits]
                yield ctx.finding(RULE, _report.primary(ctx, op), message,
                                  _report.parties(ctx, ch, op, *extra), fixes=_fixes(ctx, ch, sends))


def _fixes(ctx, ch, sends):
    """Close where every send is done: a deferred close in the owner when it is the one
    sender, at the top of the one producer goroutine, or after a WaitGroup of several.
    (A close while another goroutine may still send would panic; the builders refuse.)"""
    if all(s.actor.kind is ActorKind.OWNER for s in sends):
        fix = ctx.fix(fixes.defer_close, ch)
    else:
        fix = ctx.fix(fixes.close_in_producer, ch) or ctx.fix(fixes.close_after_wait, ch)
    return (fix,) if fix else ()


RULE = Rule(
    code="GL008",
    name="range-over-unclosed-channel",
    summary="A goroutine ranges over a channel that is never closed (on some or all paths)",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
