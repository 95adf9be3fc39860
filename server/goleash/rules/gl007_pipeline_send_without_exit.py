"""
# pipeline-send-without-exit (GL007)

## What it does
Finds a pipeline stage: a function that returns a channel fed by a goroutine sending
in a loop, where the function receives a `context.Context` (or a done/stop/quit
channel) but the goroutine's send ignores it. The goroutine may be one per source,
started in a loop (a fan-in whose relays watch the context only while they wait for a
value).

Also finds the same send in a struct's goroutine: a loop that a method stops
(`case <-c.done: return`, with `Close` closing `c.done`) but that sends, outside any
`select`, on an unbuffered channel field only outside code reads (an accessor hands
it out). Once that reader stops reading, `Close` can no longer stop the goroutine.
And such a goroutine that sends on a channel in a `select` beside its stop case, but
on the same channel plainly in another loop (a backlog replayed before the live loop):
its own guarded send says the reader may be gone (analysis/stop_ignored.py).

And a send that outlives its receiver: a method sends, outside any `select`, on an
unbuffered channel field whose only receiver is a struct goroutine's loop that returns
when a method (`Stop`, `Close`) closes its stop channel, so every send after that method
ran blocks for good (a goroutine of the package sends, or a caller defers the send past
a range over a channel the stop closes: `defer h.Unsubscribe(s); for ev := range s.C`);
or a goroutine started per value (`go w.push(ev)`) sends on a field
only outside code reads (an accessor hands it out) while the type has a method that ends
the reading (`Cancel`, `Unsubscribe`, `Close`, `Stop`, `Shutdown`) without closing the
field or telling the senders. The guards are listed in `analysis/outlived_receivers.py`.

## Why is this bad?
When the consumer stops reading — it returned early, it was cancelled — the stage's
next send blocks forever. The stage had a way to learn that the consumer is gone but
does not listen to it, so cancelling the context does not stop it.

## Example
```go
func gen(ctx context.Context, nums []int) <-chan int {
        out := make(chan int)
        go func() {
                defer close(out)
                for _, n := range nums {
                        out <- n // ignores ctx: blocks forever once the consumer leaves
                }
        }()
        return out
}
```

## Use instead
```go
                for _, n := range nums {
                        select {
                        case out <- n:
                        case <-ctx.Done():
                                return
                        }
                }
```

For a struct's goroutine, the `select` waits on its own stop case (`case <-c.done:
return`); a method whose receiver has stopped waits on the receiver's stop channel:

```go
func (m *Meter) Observe(v float64) {
        select {
        case m.samples <- v:
        case <-m.stop: // Stop closed it: nobody receives any more
                return
        }
}
```

A delivery goroutine waits on a channel its `Cancel` closes (`case <-w.gone:`): the fix
adds that field, makes it beside the sent-on channel and closes it first thing in the
cancelling method (unsafe: a second cancel would panic on the closed channel).

## Fix safety
Wrapping the send in a `select` with `ctx.Done()` (or the stop channel) keeps the stage's behaviour while
the context is live, and lets it stop once it is cancelled: safe.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from goleash import fixes, gosyntax
from goleash.analysis.channels import OpKind, returned_only
from goleash.analysis.drained_pairs import drained_until_the_end
from goleash.analysis.leaks import (
    blocking_goroutine_ops,
    drained_by_every_caller,
    ended_by_its_producer,
    fails_on_cancel,
    final_sends_fit,
    sized_to_its_range,
    verb,
)
from goleash.fixes.scope import WayOut
from goleash.model import Finding, Severity
from goleash.rules import _leakreport as say
from goleash.rules import _report
from goleash.rules.base import Context, Rule, rule_doc

STOP_NAMES = ("done", "stop", "quit", "cancel", "closing", "shutdown")


def way_out(func: Node) -> str | None:
    """A context or stop channel the function receives as a parameter."""
    for name, typ in gosyntax.parameters(func):
        if typ is None or not name or name == "_":
            continue  # a blank context: the signature is imposed, the stage ignores it by design
        t = gosyntax.text(typ)
        if t in ("context.Context",):
            return name
        if "chan" in t and name.lower() in STOP_NAMES:
            return name
    return None


def check(ctx: Context) -> Iterator[Finding]:
    yield from _stops_ignored(ctx)
    yield from _receivers_outlived(ctx)
    for ch in ctx.channels:
        if not returned_only(ch):
            continue
        exit_name = way_out(ch.owner)
        if exit_name is None or drained_by_every_caller(ctx.package, ch.owner):
            continue
        reported = set()
        ops = blocking_goroutine_ops(ch, OpKind.SEND)
        # Of a goroutine's sends, the one a cancelled stage reaches is named first.
        ops.sort(key=lambda op: not fails_on_cancel(op.node, exit_name))
        for op in ops:
            if not op.in_loop or op.actor in reported:
                continue
            if final_sends_fit(ch, op.actor) or sized_to_its_range(ch, op.actor):
                continue
            if ended_by_its_producer(ctx.package, ch.owner, op.actor.func):
                continue  # its readers stop only on what it closes after its last send
            body = op.actor.body
            if body is not None and drained_until_the_end(ctx.package, ch.owner, body):
                continue  # PAIR_DRAINED: read until the producer's last send
            reported.add(op.actor)
            message = (
                f"{_report.who(op.actor)} blocks forever {verb(op, ch)} once the consumer stops reading: "
                f"the send ignores `{exit_name}`, so cancelling it does not stop this stage"
            )
            returns = [
                ctx.related(e.node, f"`{ch.name}` is handed to the consumer here", e.file)
                for e in ch.escapes
            ]
            fix = (
                ctx.fix(fixes.wrap_in_select, op.node, op.actor.func)
                if op.file.path == ctx.file.path
                else None
            )
            yield _report.finding(ctx, RULE, ch, op, message, *returns, fixes=(fix,))


def _stops_ignored(ctx: Context) -> Iterator[Finding]:
    """A struct's goroutine whose loop obeys a stop channel, except while it sends on a
    field only outside code reads."""
    for leak in ctx.leaks:
        if leak.code != "GL007" or leak.verdict.kind != "stop-ignored":
            continue
        v = leak.verdict
        stop_case = v.detail["stop_case"]
        method, close, close_file = v.detail["closer"]
        comm = gosyntax.case_communication(stop_case)
        stop = gosyntax.text(comm) if comm is not None else "the stop case"
        sibling = v.detail.get("sibling")
        also = (
            f", which its send at line {gosyntax.line_of(sibling)} waits on beside it"
            if sibling is not None
            else ""
        )
        message = (
            f"{say.who(leak)} blocks forever {say.verb(leak)} once nobody reads it: the send ignores "
            f"`{stop}`{also}, so `{method}` cannot stop the goroutine"
        )
        extra = (
            say.related_here(
                ctx, sibling, "here the same channel is sent on with the stop case beside it"
            )
            if sibling is not None
            else say.related_here(
                ctx, stop_case, "the loop stops here, but only while it is not sending"
            )
        )
        extra.append(ctx.related(close, f"`{method}` stops the goroutine here", close_file))
        fix = None
        if v.func.file.path == ctx.file.path and comm is not None:
            operand = gosyntax.received_operand(stop_case)
            if operand is not None:
                fix = ctx.fix(
                    fixes.wrap_in_select, v.event.node, v.func.node, WayOut(gosyntax.text(operand))
                )
        yield say.finding(ctx, RULE, leak, message, *extra, fixes=(fix,))


def _receivers_outlived(ctx: Context) -> Iterator[Finding]:
    """A method's plain send on a field whose receiver a method of the type stops."""
    for leak in ctx.leaks:
        if leak.code != "GL007" or leak.verdict.kind not in (
            "receiver-stopped",
            "reader-cancelled",
        ):
            continue
        v, d = leak.verdict, leak.verdict.detail
        shown = f"`{leak.ident.name}`"
        fix = None
        if v.kind == "receiver-stopped":
            closer, close, close_file = d["closer"]
            stop = f"{d['receiver']}.{d['stop_field']}" if d["receiver"] else None
            message = (
                f"`{d['method']}` blocks forever sending on {shown} once `{closer}` has run: the only "
                f"receiver, `{d['loop_method']}`'s loop, returns when `{closer}` closes "
                f"`{stop or d['stop_field']}`, and the send ignores it"
            )
            extra = [
                ctx.related(
                    d["stop_case"], f"`{d['loop_method']}` stops receiving here", d["loop_file"]
                ),
                ctx.related(close, f"`{closer}` stops the receiver here", close_file),
            ]
            call, call_file = d["feeder"][:2]
            note = (
                f"a goroutine calls `{d['method']}` here, also after `{closer}`"
                if d["ended_by"] is None
                else f"`{d['method']}` is deferred here, past a range over `{d['ended_by']}`, "
                f"which `{closer}` ends by closing it"
            )
            extra.append(ctx.related(call, note, call_file))
            if stop is not None:
                fix = ctx.fix(fixes.wrap_in_select, v.event.node, v.func.node, WayOut(stop))
        else:
            accessor, handed, handed_file = d["accessor"]
            canceller = d["canceller"]
            message = (
                f"goroutine `{d['method']}` blocks forever sending on {shown} once the reader has "
                f"called `{canceller}`: nothing in the package receives from it (`{accessor}` hands it "
                f"out), and `{canceller}` neither closes it nor tells the senders to stop"
            )
            extra = [
                ctx.related(
                    handed, f"`{accessor}` hands the channel to the reader here", handed_file
                ),
                ctx.related(
                    d["cancel_node"].child_by_field_name("name") or d["cancel_node"],
                    f"`{canceller}` ends the reading without a word to the senders",
                    d["cancel_file"],
                ),
            ]
            if v.func.file.path == ctx.file.path and d["cancel_file"].path == ctx.file.path:
                fix = ctx.fix(
                    fixes.close_on_cancel, v.event.node, d["type"], d["field"], d["cancel_node"]
                )
        yield say.finding(ctx, RULE, leak, message, *extra, fixes=(fix,))


RULE = Rule(
    code="GL007",
    name="pipeline-send-without-exit",
    summary="A pipeline stage sends with no way out although a context or stop channel is in scope",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
