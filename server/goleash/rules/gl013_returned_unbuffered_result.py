"""
# returned-unbuffered-result (GL013)

## What it does
Finds a helper that makes an unbuffered channel, starts a goroutine that sends one
result on it, and returns the channel to its caller ("a future").

## Why is this bad?
The goroutine finishes only if the caller receives. A caller that gives up (a
timeout, an error, a `select` on another channel) leaves it blocked forever, and the
helper's signature gives no hint of that obligation.

## Example
```go
func resolve(host string) <-chan string {
	ch := make(chan string)
	go func() { ch <- lookup(host) }()
	return ch
}
```

## Use instead
```go
	ch := make(chan string, 1) // the result can be dropped safely
```

## Fix safety
A buffer of one lets the single send complete whether or not anyone reads it. It
changes when the goroutine can finish, so it is unsafe and offered one by one.
"""

from __future__ import annotations

from goleash import fixes
from goleash.analysis.channels import ActorKind, OpKind
from goleash.analysis.leaks import blocking_goroutine_ops, sends_once, verb
from goleash.model import Severity
from goleash.rules import _report
from goleash.rules.base import Rule, rule_doc


def returned_only(ch) -> bool:
    """The channel's only escape is being returned by the function that made it."""
    esc = ch.escapes
    return (
        bool(esc)
        and not ch.reassigned
        and not ch.ambiguous
        and all(e.detail == "returned" and e.actor.kind is ActorKind.OWNER for e in esc)
    )


def check(ctx):
    for ch in ctx.channels:
        if ch.capacity != 0 or not returned_only(ch):
            continue
        if ch.of(OpKind.RECV, OpKind.RANGE):
            continue
        for op in blocking_goroutine_ops(ch, OpKind.SEND):
            if op.actor.repeated or not sends_once(op.actor, ch.of(OpKind.SEND)):
                continue
            message = (
                f"{_report.who(op.actor)} blocks forever {verb(op, ch)} if the caller of `{ch.owner_name}` "
                f"never receives the result: `{ch.name}` is returned unbuffered"
            )
            returns = [ctx.related(e.node, f"`{ch.name}` is handed to the caller here") for e in ch.escapes]
            fix = ctx.fix(fixes.buffer_channel, ch, "1")
            yield ctx.finding(RULE, _report.primary(ctx, op), message,
                              _report.parties(ctx, ch, op, *returns), fixes=(fix,) if fix else ())


RULE = Rule(
    code="GL013",
    name="returned-unbuffered-result",
    summary="A helper returns an unbuffered channel that its goroutine sends one result on",
    severity=Severity.INFO,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
