"""
# consumer-abandons-producer (GL006)

## What it does
Finds a goroutine that sends many values on a channel (in a loop) while the function
consuming them can stop early — on a timeout, a cancelled context, an error — and
the producer has no way to learn that it should stop.

## Why is this bad?
Once the consumer leaves, the producer's next send blocks forever. A buffer does not
help: it only delays the block by a few values.

## Example
```go
func firstMatch(ctx context.Context, items []Item) (Item, bool) {
	out := make(chan Item)
	go func() {
		for _, it := range items {
			out <- it // blocks forever once the consumer returns
		}
		close(out)
	}()
	for {
		select {
		case it, ok := <-out:
			if !ok {
				return Item{}, false
			}
			if it.Match() {
				return it, true
			}
		case <-ctx.Done():
			return Item{}, false
		}
	}
}
```

## Use instead
```go
		for _, it := range items {
			select {
			case out <- it:
			case <-ctx.Done():
				return
			}
		}
```

## Fix safety
Wrapping the send in a `select` with `ctx.Done()` (or a stop channel closed by the
consumer) keeps the producer's behaviour while the consumer is listening: safe.
"""

from __future__ import annotations

from goleash import fixes, gosyntax
from goleash.analysis.leaks import abandoned_senders, case_leaves, enclosing_loop, giving_up_cases, verb
from goleash.model import Severity
from goleash.rules import _report
from goleash.rules.base import Rule, rule_doc
from goleash.rules.gl005_collector_returns_early import collector_exit


def check(ctx):
    for ch in ctx.trusted_channels:
        if ch.capacity is None:
            continue
        reported = set()
        for op, receives in abandoned_senders(ch):
            if op.actor.repeated or not op.in_loop or op.actor in reported:
                continue
            leave = _consumer_leaves(ch, receives)
            if leave is None:
                continue
            reported.add(op.actor)
            message = (
                f"{_report.who(op.actor)} blocks forever {verb(op, ch)} once `{ch.owner_name}` stops consuming "
                f"at line {gosyntax.line_of(leave)}: the producer has no way to learn it should stop"
            )
            extra = [ctx.related(leave, f"the consumer stops receiving from `{ch.name}` here")]
            fix = None
            if op.file.path == ctx.file.path:
                # The context in scope if there is one; else a stop channel the consumer closes.
                fix = ctx.fix(fixes.wrap_in_select, op.node, op.actor.func) or ctx.fix(
                    fixes.stop_channel, op.node, op.actor.func)
            yield ctx.finding(RULE, _report.primary(ctx, op), message,
                              _report.parties(ctx, ch, op, *extra), fixes=(fix,) if fix else ())


def _consumer_leaves(ch, receives):
    for r in receives:
        if r.select is not None:
            loop = enclosing_loop(r.select, ch.owner_body)
            if loop is None:
                continue
            for case in giving_up_cases(r.select, receives):
                if case_leaves(case, loop):
                    return case
    found = collector_exit(ch, [r for r in receives if r.select is None])
    return found[1] if found else None


RULE = Rule(
    code="GL006",
    name="consumer-abandons-producer",
    summary="A producer goroutine keeps sending after its consumer gave up, with no way to stop",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
