"""
# select-abandons-sender (GL001)

## What it does
Finds a goroutine that sends once on an unbuffered channel that the starting function
only receives from inside a `select`, next to a timeout, a `ctx.Done()` or another
case that gives up on the result. A send made only where `t.Stop()` returned true, against
a timeout case on `<-t.C`, is left alone: the stopped timer never fires
(TIMER_STOPPED_FIRST).

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
while the context lives; it is offered when a context is in scope. Without a context,
adding a `stop` channel (`defer close(stop)` in the function, `case <-stop: return` in
the goroutine) lets the goroutine leave once the function has returned: unsafe, as it
changes the goroutine's code and the function's way out.
"""

from __future__ import annotations

from collections.abc import Iterator

from goleash import fixes, gosyntax
from goleash.model import Finding, Severity
from goleash.rules import _leakreport as say
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    for leak in ctx.leaks:
        if leak.code != "GL001":
            continue
        v = leak.verdict
        name = say.display_name(leak)
        case = leak.case
        assert case is not None  # classify makes a GL001 leak only for a select case
        comm = gosyntax.case_communication(case)
        what = f"`{gosyntax.text(comm)}`" if comm is not None else "`default`"
        where = ""
        if leak.case_owner is not None:
            owner = {"defer": "the function deferred", "call": "the function called"}.get(
                leak.case_owner.kind, "the goroutine started"
            )
            where = f" in {owner} at line {gosyntax.line_of(leak.case_owner.event.node)}"
        message = (
            f"{say.who(leak)} blocks forever {say.verb(leak)} when {what} wins the select "
            f"at line {gosyntax.line_of(case)}{where}: nobody receives from `{name}` after that"
        )
        extra = say.related_here(
            ctx, case, f"when this case wins, nobody receives from `{name}` any more"
        )
        # One slot per goroutine the loop starts, or one for a lone goroutine.
        room = say.sender_count(ctx, leak) if v.partner is not None and v.partner.repeated else "1"
        out = (
            [ctx.fix(fixes.buffer_channel, say.buffer_target(leak, ctx.file), room)] if room else []
        )
        if v.func.file.path == ctx.file.path:
            out.append(
                ctx.fix(fixes.wrap_in_select, v.event.node, v.func.node)
                or ctx.fix(fixes.stop_channel, v.event.node, v.func.node)
            )
        yield say.finding(ctx, RULE, leak, message, *extra, fixes=out)


RULE = Rule(
    code="GL001",
    name="select-abandons-sender",
    summary="A timeout or cancellation case abandons a goroutine that still has to send its result",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
