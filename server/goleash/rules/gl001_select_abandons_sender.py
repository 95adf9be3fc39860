"""
# select-abandons-sender (GL001)

## What it does
Finds a goroutine that sends once on an unbuffered channel that the starting function
only receives from inside a `select`, next to a timeout, a `ctx.Done()` or another
case that gives up on the result.

## Why is this bad?
When the other case wins (the timeout fires, the context is cancelled), nobody ever
receives the result: the goroutine blocks forever on its send. This is the most common
leak in real Go servers: every timed-out request leaves one goroutine behind.

## Example
```go
func fetch(ctx context.Context) (Result, error) {
	ch := make(chan Result)
	go func() { ch <- slowCall() }()
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return Result{}, ctx.Err() // the sender is stuck forever
	}
}
```

## Use instead
```go
	ch := make(chan Result, 1) // the send completes even if nobody reads it
```
or let the sender give up too:
`select { case ch <- slowCall(): case <-ctx.Done(): }`.

## Fix safety
The buffer is the smallest change but alters when the sender may finish: unsafe,
offered one by one. Wrapping the send in a `select` with `ctx.Done()` keeps behaviour
while the context lives; it is offered when a context is in scope.
"""

from __future__ import annotations

from goleash import fixes, gosyntax
from goleash.analysis.channels import OpKind
from goleash.analysis.leaks import abandoned_senders, case_leaves, enclosing_loop, giving_up_cases, sends_once, verb
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
            if not receives or any(r.select is None for r in receives):
                continue  # a plain receive somewhere: GL002's shape, or no leak
            giving_up = _giving_up_case(ch, receives)
            if giving_up is None:
                continue
            comm = gosyntax.case_communication(giving_up)
            what = f"`{ctx.file.text(comm)}`" if comm is not None else "`default`"
            message = (
                f"{_report.who(op.actor)} blocks forever {verb(op, ch)} when {what} wins the select "
                f"at line {gosyntax.line_of(giving_up)}: nobody receives from `{ch.name}` after that"
            )
            extra = [ctx.related(giving_up, f"when this case wins, nobody receives from `{ch.name}` any more")]
            out = [ctx.fix(fixes.buffer_channel, ch, "1")]
            if op.file.path == ctx.file.path:
                out.append(ctx.fix(fixes.wrap_in_select, op.node, op.actor.func)
                           or ctx.fix(fixes.stop_channel, op.node, op.actor.func))
            yield ctx.finding(RULE, _report.primary(ctx, op), message,
                              _report.parties(ctx, ch, op, *extra), fixes=tuple(f for f in out if f))


def _giving_up_case(ch, receives):
    """A case of a receiving select that, when chosen, leaves for good."""
    for r in receives:
        select = r.select
        loop = enclosing_loop(select, ch.owner_body)
        for case in giving_up_cases(select, receives):
            if case_leaves(case, loop):
                return case
    return None


RULE = Rule(
    code="GL001",
    name="select-abandons-sender",
    summary="A timeout or cancellation case abandons a goroutine that still has to send its result",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
