"""
# select-abandons-sender (GL001)

## What it does
Finds a goroutine that sends once on an unbuffered channel that the starting function
only receives from inside a `select`, next to a timeout, a `ctx.Done()` or another
case that gives up on the result. A send made only where `t.Stop()` returned true, against
a timeout case on `<-t.C`, is left alone: the stopped timer never fires
(TIMER_STOPPED_FIRST). A sender whose select also waits on a context is found too when
that context is the parent of the one the starting function derives and cancels on
its way out (`qctx, cancel := context.WithTimeout(ctx, d); defer cancel()`), while the
goroutine uses `qctx` yet waits on `ctx.Done()` (PARENT_BESIDE_CHILD in
`analysis/outlived_parents.py`): it is released only when the caller's context ends.
And a goroutine that turns a `sync.Cond` wait into a channel (`for !c.ready {
c.cond.Wait() }; close(ok)`), abandoned when the timeout case wins, on a type whose
stopping method neither changes what the loop waits for nor wakes the waiters
(`analysis/abandoned_cond_waiters.py`): after `Close` it waits forever. The same for a
type without a stopping method whose waking methods (`t.ack(pop)`) are called only on
the object as found in a registry map of the package (`t, ok := p.inflight[id]`), or
by a helper that joins its goroutines before the wait, when every caller drops the
object from that map on its way out (`defer p.unregister(t.id)`,
DROPPED_FROM_THE_REGISTRY): once the caller gives up, nothing can find it to wake it.
The fix gives the object a `gaveUp` flag that the giving-up case sets, with a
`Broadcast`, and the wait loop tests (unsafe: the goroutine goes on past its loop).
A reply channel sent with a request to a serving goroutine that parks the request in a
slice field (`l.waiting = append(l.waiting, t)`) and answers it later from a function
it calls (`for _, t := range group { t.result <- m }`, the group taken from that list):
PENDING_SLICE in `analysis/reply_channels.py`; a requester that gave up leaves the
server blocked on that send.
A sender whose select also waits on the caller's `ctx.Done()` is reported when the
starting function neither derives a context nor waits on one itself: after the
timeout it waits until the caller's context ends, for a background or long-lived one
never (CALLER_CONTEXT_ONLY); the message says so.

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
changes the goroutine's code and the function's way out. A sender waiting on the parent
context is made to wait on the derived one instead (`case <-qctx.Done():`), which the
function cancels when it returns: unsafe, since the sender now also gives up at the
derived context's deadline, which a receiver waiting only on the parent may not expect.
An abandoned condition waiter, on a type whose stopping method sets a flag (`c.closed =
true`), gets that flag tested in the wait loop (`for !c.ready && !c.closed`) and a
`Broadcast()` after it is set: unsafe, since the waiter now goes on past its loop with
the condition it waited for still false. Without such a flag no fix is offered.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from goleash import fixes, gosyntax
from goleash.analysis.abandoned_cond_waiters import AbandonedCondWaiter, abandoned_cond_waiters
from goleash.analysis.index import receiver_type_name
from goleash.analysis.liveness import Verdict
from goleash.analysis.outlived_parents import child_instead
from goleash.model import Finding, Fix, Severity
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
        parent_case = _outlived_parent_case(v)
        blocks = f"blocks forever {say.verb(leak)}"
        tail = ""
        if parent_case is not None:
            parent, child = parent_case[1]
            blocks = (
                f"blocks {say.verb(leak)} until `{parent}` ends (forever, for a background context)"
            )
            tail = (
                f"; its other case waits on `{parent}.Done()`, but the way out cancels only "
                f"`{child}`"
            )
        message = (
            f"{say.who(leak)} {blocks} when {what} wins the select "
            f"at line {gosyntax.line_of(case)}{where}: nobody receives from `{name}` after that"
            f"{tail}"
        )
        extra = say.related_here(
            ctx, case, f"when this case wins, nobody receives from `{name}` any more"
        )
        if parent_case is not None:
            extra = [
                *extra,
                ctx.related(
                    parent_case[0],
                    f"waits on `{parent_case[1][0]}`, not on `{parent_case[1][1]}`",
                    v.func.file,
                ),
            ]
        # One slot per goroutine the loop starts, or one for a lone goroutine.
        room = say.sender_count(ctx, leak) if v.partner is not None and v.partner.repeated else "1"
        out = (
            [ctx.fix(fixes.buffer_channel, say.buffer_target(leak, ctx.file), room)] if room else []
        )
        if parent_case is not None and v.func.file.path == ctx.file.path:
            out.insert(0, ctx.fix(fixes.wait_on_child_context, parent_case[0], *parent_case[1]))
        elif v.func.file.path == ctx.file.path:
            out.append(
                ctx.fix(fixes.wrap_in_select, v.event.node, v.func.node)
                or ctx.fix(fixes.stop_channel, v.event.node, v.func.node)
            )
        yield say.finding(ctx, RULE, leak, message, *extra, fixes=out)
    for waiter in abandoned_cond_waiters(ctx.package, ctx.file, ctx.candidates.get("go", [])):
        yield _abandoned_cond_waiter(ctx, waiter)


def _abandoned_cond_waiter(ctx: Context, w: AbandonedCondWaiter) -> Finding:
    """A goroutine turning a condition's wait into a channel, abandoned by the timeout case,
    that the type's stopping method cannot wake (abandoned_cond_waiters.py)."""
    starter = gosyntax.function_name(w.starter) or "the method"
    stopper = gosyntax.function_name(w.stopper) or "the stopping method"
    fields = ", ".join(f"`{f}`" for f in w.fields)
    if w.registry:
        return _dropped_cond_waiter(ctx, w, starter, stopper, fields)
    message = (
        f"goroutine blocks in `{w.cond}.Wait()` once `{starter}` gives up at line "
        f"{gosyntax.line_of(w.gives_up)}: it waits for {fields} to change, and `{stopper}` "
        f"neither changes {'it' if len(w.fields) == 1 else 'them'} nor wakes the waiters, so "
        f"after `{stopper}` it waits forever"
    )
    related = [
        ctx.related(w.start, "the goroutine is started here"),
        ctx.related(w.gives_up, f"`{starter}` gives up here and leaves it waiting"),
        ctx.related(
            w.stopper.child_by_field_name("name") or w.stopper,
            f"`{stopper}` does not wake `{w.cond}`",
            w.stopper_file,
        ),
    ]
    fix = None
    if w.stop_flag is not None:
        setter, flag = w.stop_flag
        recv = w.cond.split(".", 1)[0]
        fix = ctx.fix(
            fixes.leave_on_stop_flag,
            w.condition,
            w.waiter_file,
            f"{recv}.{flag}",
            setter,
            w.stopper_file,
            f"{gosyntax.receiver_text(w.stopper)}.{w.cond.split('.', 1)[1]}.Broadcast()",
        )
    return ctx.finding(RULE, w.wait, message, related, fixes=(fix,) if fix else ())


def _dropped_cond_waiter(
    ctx: Context, w: AbandonedCondWaiter, starter: str, caller: str, fields: str
) -> Finding:
    """The abandoned waiter's object has no stopping method: only methods called on it
    as found in a registry map wake it, and the caller drops it from there
    (abandoned_cond_waiters.DROPPED_FROM_THE_REGISTRY). No fix: the natural one, a flag
    the give-up sets and the loop tests, adds a field."""
    wakers = " and ".join(f"`{n}`" for n in w.wakers)
    message = (
        f"goroutine blocks in `{w.cond}.Wait()` once `{starter}` gives up at line "
        f"{gosyntax.line_of(w.gives_up)}: it waits for {fields} to change, which only "
        f"{wakers} can bring, called on the object as found in `{w.registry}`, and "
        f"`{caller}` removes it from `{w.registry}` when it returns, so nothing ever wakes it"
    )
    related = [
        ctx.related(w.start, "the goroutine is started here"),
        ctx.related(w.gives_up, f"`{starter}` gives up here and leaves it waiting"),
    ]
    if w.stopper_removal is not None:
        related.append(
            ctx.related(
                w.stopper_removal,
                f"`{caller}` removes the object from `{w.registry}` here",
                w.stopper_file,
            )
        )
    fix = _release_fix(ctx, w)
    return ctx.finding(RULE, w.wait, message, related, fixes=(fix,) if fix else ())


def _release_fix(ctx: Context, w: AbandonedCondWaiter) -> Fix | None:
    """The flag-and-broadcast fix, when the holder's struct, the waiter and the give-up
    are in this file and the goroutine takes the condition's lock right before its loop
    (`r.mu.Lock()`)."""
    owner = receiver_type_name(w.starter)
    declared = ctx.package.type_decl(owner) if owner else None
    loop = w.condition.parent
    before = gosyntax.previous_statement(loop) if loop is not None else None
    call = before.named_children[0] if before is not None and before.named_children else None
    callee = (
        gosyntax.called_expression_text(call)
        if call is not None and call.type == "call_expression"
        else ""
    )
    if (
        declared is None
        or declared[0].path != ctx.file.path
        or w.waiter_file.path != ctx.file.path
        or not callee.endswith(".Lock")
    ):
        return None
    holder = w.cond.split(".", 1)[0]
    return ctx.fix(
        fixes.release_abandoned_waiter,
        declared[1],
        w.condition,
        w.gives_up,
        holder,
        callee.removesuffix(".Lock"),
        w.cond,
    )


def _outlived_parent_case(v: Verdict) -> tuple[Node, tuple[str, str]] | None:
    """(the sender's case on its starter's parent context, (parent, child)) when the send's
    select waits on a context the starter outlives by a child (PARENT_BESIDE_CHILD)."""
    if v.event.case is None:
        return None
    for c in gosyntax.select_cases(v.event.case.select):
        if c == v.event.case.node or c.type != "communication_case":
            continue
        found = child_instead(c)
        if found is not None:
            return c, found
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
