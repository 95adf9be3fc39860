"""
# sends-exceed-buffer (GL023)

## What it does
Finds goroutines that send more values on a channel than anyone receives plus what
its buffer holds: a buffer sized by a constant smaller than the number of senders, a
goroutine that sends once more after its loop, a fixed number of receives against
more sends. The surplus senders block forever. Also a semaphore slot kept: a function
that takes a slot of a buffered channel field (`c.sem <- struct{}{}`), gives it back on
its happy path and returns without it on another; once the kept slots fill the
buffer, every later call blocks on its send (analysis/kept_slots.py).

## Why is this bad?
A buffered channel lets a sender finish without a receiver only while there is room.
Once the buffer is full, every further sender waits for a receive that never comes;
each one is a leaked goroutine, with everything it holds.

## Example
```go
const maxWorkers = 3

func check(hosts []string) error {
        errs := make(chan error, maxWorkers)
        for i := 0; i < 4; i++ { // four senders, room for three
                go func(i int) { errs <- ping(hosts[i]) }(i)
        }
        return nil
}
```

## Use instead
```go
        errs := make(chan error, 4) // room for every sender
```
or receive every value that is sent.

## Fix safety
Growing the buffer to the number of senders lets each one finish: it changes when
senders proceed, so it is unsafe (offered one by one, never in fix-all), and only
offered when that number is plain in the code: the goroutines started by a loop over
`xs` (`len(xs)`), each send counted once per run of the loops around it (`len(chunks)+1`
for a loop of sends and a final one, `resolvers*3` for three sends in each of
`resolvers` goroutines). When no count is plain but the goroutine is only
abandoned on an early `return` right after its `go` (`if dryRun { return ... }`), the
`go` moves after that `if`: unsafe, since on that path the goroutine no longer runs.
A kept semaphore slot is given back in a `defer` right after the send that takes it,
and the function's own `<-c.sem` statements go: unsafe, the slot is now held until the
function returns.
"""

from __future__ import annotations

from collections.abc import Iterator

from goleash import fixes, gosyntax
from goleash.analysis.classify import Leak
from goleash.model import Finding, Severity
from goleash.rules import _leakreport as say
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    for leak in ctx.leaks:
        if leak.code != "GL023":
            continue
        if leak.verdict.kind == "slot-kept":
            yield _kept_slot(ctx, leak)
            continue
        name = say.display_name(leak)
        ident = leak.ident
        cap = ident.capacity
        room = (
            ""
            if cap.is_zero()
            else (
                f" and its buffer of {cap.const[0]} holds"
                if not cap.symbols() and cap.const[0] == cap.const[1]
                else " and its buffer holds"
            )
        )
        message = (
            f"{say.who(leak)} blocks forever {say.verb(leak)}: more values are sent on `{name}` than "
            f"{say.owner(leak)} receives{room}, so the sends past those wait forever"
        )
        if ident.element_buffer:
            message = (
                f"{say.who(leak)} blocks forever {say.verb(leak)}: {say.owner(leak)} leaves some "
                f"of `{name}` unread, and on this path the goroutine sends more values than "
                f"each one's buffer of {ident.element_buffer} holds"
            )
        received = leak.verdict.detail.get("root_received", True)
        extra = say.exit_related(
            ctx,
            leak,
            f"after receiving fewer values than were sent on `{name}`"
            if received
            else f"without receiving from `{name}`",
        )
        out = []
        count = say.sender_count(ctx, leak) if say.sends_once(leak) and not leak.receives else None
        count = count or say.total_sends(ctx, leak)
        partner = leak.verdict.partner
        if ident.element_buffer and partner is not None:
            # Room for every value one goroutine sends on its longest path.
            most = partner.summary.bal.max()
            count = str(int(most)) if most != float("inf") else None
        if count:
            out.append(ctx.fix(fixes.buffer_channel, say.buffer_target(leak, ctx.file), count))
        if leak.verdict.partner is not None and not any(out):
            # The goroutine is only abandoned on an early return: start it after that.
            out.append(
                ctx.fix(fixes.start_after_early_return, leak.verdict.partner.event.node, leak.exit)
            )
        yield say.finding(ctx, RULE, leak, message, *extra, fixes=out)


def _kept_slot(ctx: Context, leak: Leak) -> Finding:
    """A semaphore slot taken and kept by a path of the function (analysis/kept_slots.py)."""
    v = leak.verdict
    name = say.display_name(leak)
    owner = say.owner(leak)
    ex = v.exit.ast if v.exit is not None else None
    where = (
        f"the return at line {gosyntax.line_of(ex)}"
        if ex is not None and ex.type == "return_statement"
        else "the end of the function"
    )
    message = (
        f"{owner} blocks forever {say.verb(leak)} once every slot is taken: {where} keeps the "
        f"slot this send took (no `<-{name}` on that path), and after as many such calls as "
        f"`{name}` has room for, no call gets past this send"
    )
    related = []
    if ex is not None:
        related.append(ctx.related(ex, f"leaves here still holding its slot of `{name}`"))
    fix = ctx.fix(fixes.release_slot_in_defer, v.event.node, v.detail["releases"])
    return ctx.finding(RULE, say.anchor(v.event), message, related, fixes=(fix,) if fix else ())


RULE = Rule(
    code="GL023",
    name="sends-exceed-buffer",
    summary="More values are sent on a channel than are received plus what its buffer holds",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
    preview_in_tests=True,
)
