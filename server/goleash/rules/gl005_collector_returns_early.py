"""
# collector-returns-early (GL005)

## What it does
Finds goroutines started in a loop that each send one result on an unbuffered
channel, collected by a loop that can `return` (or `break`) before it has received
every result.

## Why is this bad?
The collector stops on the first error, but the senders that have not been received
yet stay blocked on their sends forever. Every early exit leaks the rest of the
workers.

## Example
```go
func fetchAll(urls []string) error {
	errc := make(chan error)
	for _, u := range urls {
		go func(u string) { errc <- fetch(u) }(u)
	}
	for range urls {
		if err := <-errc; err != nil {
			return err // the remaining senders block forever
		}
	}
	return nil
}
```

## Use instead
```go
	errc := make(chan error, len(urls))
```
or use `golang.org/x/sync/errgroup` with a context that the workers watch.

## Fix safety
A buffer of `len(urls)` lets every send complete whatever the collector does; it
changes behaviour (unsafe) and is offered one by one.
"""

from __future__ import annotations

from goleash import fixes, gosyntax
from goleash.analysis.channels import OpKind
from goleash.analysis.leaks import abandoned_senders, enclosing_loop, loop_exits, sends_once, verb
from goleash.model import Severity
from goleash.rules import _report
from goleash.rules.base import Rule, rule_doc
from goleash.rules.gl004_single_receive_many_senders import _sender_count


def check(ctx):
    for ch in ctx.trusted_channels:
        if ch.capacity != 0:
            continue
        for op, receives in abandoned_senders(ch):
            if not op.actor.repeated or not sends_once(op.actor, ch.of(OpKind.SEND)):
                continue
            if any(r.select is not None for r in receives):
                continue
            found = collector_exit(ch, receives)
            if found is None:
                continue
            loop, leave = found
            message = (
                f"{_report.who(op.actor)} is started once per loop iteration and blocks {verb(op, ch)} once "
                f"the collecting loop at line {gosyntax.line_of(loop)} "
                f"{'returns' if leave.type == 'return_statement' else 'stops'} early at line {gosyntax.line_of(leave)}: "
                f"the senders not yet received block forever"
            )
            extra = [ctx.related(leave, "the collecting loop stops here; the remaining senders are never received")]
            count = _sender_count(ctx, op)
            fix = ctx.fix(fixes.buffer_channel, ch, count) if count else None
            yield ctx.finding(RULE, _report.primary(ctx, op), message,
                              _report.parties(ctx, ch, op, *extra), fixes=(fix,) if fix else ())


def collector_exit(ch, receives):
    """(loop, exit) when a loop receiving from `ch` can leave before draining it."""
    for r in receives:
        loop = r.node if r.kind is OpKind.RANGE else enclosing_loop(r.node, ch.owner_body)
        if loop is None:
            continue
        exits = [e for e in loop_exits(loop, ch.owner) if e.start_byte > r.node.start_byte or r.kind is OpKind.RANGE]
        if exits:
            return loop, exits[0]
    return None


RULE = Rule(
    code="GL005",
    name="collector-returns-early",
    summary="A loop collecting one result per goroutine returns before receiving them all",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
