"""
# orphaned-goroutine (GL003)

## What it does
Finds a goroutine that blocks on a channel nobody will ever serve: it receives
from a channel that nothing sends on or closes, sends on one that nothing receives
from, or it waits for a send or `close` that the function starting it skips on some
way out (an early `return`, a `t.Fatal`).

## Why is this bad?
A goroutine blocked on a channel operation that can never complete stays blocked
forever. Its stack and everything it references are never freed; in a server the
leaked goroutines pile up with every request until memory runs out. This is the
classic leak:

## Example
```go
func leaky(ch chan int) {
	<-ch // blocks forever: nothing sends on ch
}

func run() {
	ch := make(chan int)
	for i := 0; i < 3; i++ {
		go leaky(ch)
	}
}
```

## Use instead
```go
func run() {
	ch := make(chan int)
	defer close(ch) // every receiver is released when run returns
	for i := 0; i < 3; i++ {
		go leaky(ch)
	}
}
```
Or give the goroutine a way out with `select { case <-ch: case <-ctx.Done(): }`.

## Fix safety
`defer close(ch)` right after the `make` is safe when nothing else closes or sends
on `ch` after the function returns: closing releases every receiver at once. The
`select` with `ctx.Done()` keeps behaviour while the context lives, so it is safe
too.
"""

from __future__ import annotations

from goleash import fixes
from goleash.analysis.channels import ActorKind, OpKind
from goleash.analysis.leaks import abandoning_exits, blocking_goroutine_ops, only_owner, others, sends_once, verb
from goleash.model import Severity
from goleash.rules import _report
from goleash.rules.base import Rule, rule_doc


def check(ctx):
    for ch in ctx.trusted_channels:
        for op in blocking_goroutine_ops(ch):
            if op.kind is OpKind.RANGE:
                # With sends but no close, GL008 speaks; here only "nothing at all".
                if others(ch, op, (OpKind.SEND, OpKind.CLOSE)):
                    continue
                yield _never(ctx, ch, op, f"nothing ever sends on or closes `{ch.name}`")
                continue
            if op.kind is OpKind.RECV:
                wanted = (OpKind.CLOSE,) if op.in_loop else (OpKind.SEND, OpKind.CLOSE)
                releases = others(ch, op, wanted)
                if not others(ch, op, (OpKind.SEND, OpKind.CLOSE)):
                    yield _never(ctx, ch, op, f"nothing ever sends on or closes `{ch.name}`")
                    continue
                if ch.owner_is_process_lifetime or not releases or not only_owner(releases):
                    continue
                if not only_owner(others(ch, op, (OpKind.SEND, OpKind.CLOSE))):
                    continue
                exits = abandoning_exits(ch, op.actor, releases)
                if exits:
                    yield _skipped(ctx, ch, op, exits)
                continue
            # A send on a buffered channel may complete without any receiver.
            if op.kind is OpKind.SEND and ch.capacity == 0 and not others(ch, op, (OpKind.RECV, OpKind.RANGE)):
                yield _never(ctx, ch, op, f"nothing ever receives from `{ch.name}`")


def _never(ctx, ch, op, why):
    message = f"{_report.who(op.actor)} blocks forever {verb(op, ch)}: {why}"
    return ctx.finding(RULE, _report.primary(ctx, op), message, _report.parties(ctx, ch, op), fixes=_fixes(ctx, ch, op))


def _fixes(ctx, ch, op):
    """Release the receivers with a deferred close; else give the goroutine a way out."""
    out = []
    # A close after the owner's last send is safe; one racing another goroutine's send panics.
    if op.kind is not OpKind.SEND and all(o.actor.kind is ActorKind.OWNER for o in ch.of(OpKind.SEND)):
        out.append(ctx.fix(fixes.defer_close, ch))
    if op.file.path == ctx.file.path and op.actor.func is not None:
        out.append(ctx.fix(fixes.wrap_in_select, op.node, op.actor.func))
    # A lone send that nobody receives completes into a buffer of one.
    if op.kind is OpKind.SEND and not op.actor.repeated and sends_once(op.actor, ch.of(OpKind.SEND)):
        out.append(ctx.fix(fixes.buffer_channel, ch, "1"))
    return tuple(f for f in out if f is not None)


def _skipped(ctx, ch, op, exits):
    first = exits[0]
    what = "closing" if op.in_loop else "sending on or closing"
    message = (
        f"{_report.who(op.actor)} blocks forever {verb(op, ch)} when "
        f"{_report.exit_phrase(ch, first)} without {what} `{ch.name}`"
    )
    extra = [ctx.related(e.node, _report.exit_note(ch, e, f"without {what} `{ch.name}`")) for e in exits]
    return ctx.finding(RULE, _report.primary(ctx, op), message, _report.parties(ctx, ch, op, *extra), fixes=_fixes(ctx, ch, op))


RULE = Rule(
    code="GL003",
    name="orphaned-goroutine",
    summary="A goroutine blocks on a channel that nothing will ever send on, receive from or close",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
