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

The same holds for a struct's goroutine that answers every request (`for m := range
w.in { ...; w.acks <- m.ID }`) on an unbuffered field: a method that sends a request
and can return without receiving the answer leaves the goroutine, and every request
queued behind it, blocked for good.

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
one by one, never in fix-all. For a struct field (`w.report`), the buffer goes on
its `make` in the constructor's literal (or the assignment that makes it), when the
file makes that field in one place only.

For a request whose reply the requester skips, the fix adds a receive of the reply
right before that early `return`, written as the requester's own receive: unsafe,
since the requester now waits for a reply it meant to skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from goleash import fixes, gosyntax
from goleash.analysis.classify import Leak
from goleash.model import Finding, Severity
from goleash.rules import _leakreport as say
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    for leak in ctx.leaks:
        if leak.code != "GL002":
            continue
        if leak.verdict.kind == "reply-abandoned":
            yield _reply_abandoned(ctx, leak)
            continue
        name = say.display_name(leak)
        message = (
            f"{say.who(leak)} blocks forever {say.verb(leak)} when "
            f"{say.exit_phrase(leak, ctx)} before receiving from `{name}`"
        )
        extra = say.exit_related(ctx, leak, f"without receiving from `{name}`")
        first = leak.receives[0] if leak.receives else None
        if first is not None and say.in_file(ctx, first.node):
            extra.append(
                ctx.related(first.node, f"the only receive from `{name}`, skipped on that path")
            )
        fix = ctx.fix(fixes.buffer_channel, say.buffer_target(leak, ctx.file), "1")
        yield say.finding(ctx, RULE, leak, message, *extra, fixes=(fix,))


def _reply_abandoned(ctx: Context, leak: Leak) -> Finding:
    """A requester that sends its request to the struct's goroutine and can return
    without taking the reply."""
    v = leak.verdict
    requester = v.detail["requester"]
    name = say.function_name(requester) or "the requester"
    reply = f"`{v.detail['reply_field']}`"
    assert v.exit is not None  # request_reply makes this verdict at the requester's return
    ret = v.exit.ast
    assert ret is not None  # a `return` statement's CFG node keeps its statement
    where = (
        f"line {gosyntax.line_of(ret)}"
        if requester.file.path == ctx.file.path
        else f"{os.path.basename(requester.file.path)}:{gosyntax.line_of(ret)}"
    )
    message = (
        f"{say.who(leak)} blocks forever sending its reply on {reply} when `{name}` returns at {where} "
        f"after sending a request on `{v.detail['request_field']}`: nobody else receives the reply, so "
        f"the goroutine and every request queued behind it wait for good"
    )
    extra = [
        ctx.related(v.detail["request"].node, f"`{name}` sends the request here", requester.file),
        ctx.related(ret, f"`{name}` returns here without receiving from {reply}", requester.file),
    ]
    fix = None
    if requester.file.path == ctx.file.path:
        fix = ctx.fix(fixes.receive_before_return, ret, v.detail["receive"])
    return say.finding(ctx, RULE, leak, message, *extra, fixes=(fix,))


RULE = Rule(
    code="GL002",
    name="early-return-skips-receive",
    summary="An early return skips the only receive a one-shot sender goroutine waits for",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
