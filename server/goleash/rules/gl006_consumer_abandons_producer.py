"""
# consumer-abandons-producer (GL006)

## What it does
Finds a goroutine that sends many values on a channel (in a loop) while the function
consuming them can stop early — on a timeout, a cancelled context, an error — and
the producer has no way to learn that it should stop.

Also a fan-in: goroutines that each forward every value of their input to one output
(`for v := range in { out <- v }`), when the consumer stops ranging over the output
early; each forwarder sends once per value, a count set by its input, not by a
condition.

Also two stages of a pipeline that one function starts: a goroutine forwarding every
value of its input to a channel, and a sibling goroutine ranging over that channel
that can `return` out of its range (a rejected batch, a failed write): once it has,
nobody receives, and the forwarder blocks as soon as the buffer is full (SIBLING_QUITS
in docs/engine.md), whether the stages are function literals sharing a local channel or
methods of one object sharing a channel field (`go s.decode(in)`, `go s.flush()`:
analysis/quitting_consumers.py).

A consumer that ranges over an unbuffered stream its one producer closes at its end
(`defer close(items)`) and leaves the range before that end (`if match(it) { return it
}`, or a counter stopping short of the count the producer sends) abandons the
producer at its next send, however many values each side counted (STREAM_LEFT_EARLY,
COUNTED_SHORT); a buffered stream is judged by its counts, as its buffer is how many
trailing sends the author allowed for. The same holds for a consumer receiving once per
round of a loop (`for { ln := <-lines; ... }`) from a producer sending once per round of
its own, which returns from inside that loop: a way out under a test of a value it
received (`if ln.err != nil`, the producer's final marker) is where the producer said
it was done, and is spared (RECEIVE_LOOP_LEFT_EARLY). A helper's channel kept in a
field of a local object (`s := &session{lines: readLines(conn)}`) is followed as a
local is.

The consumer may be a helper the function calls with the channel (`rep, err :=
im.collect(results)`) that ranges over it and returns from inside the range (a limit
of errors reached, the first failure): for the caller it is its own range left early,
and the message names the helper and its `return` (COLLECTOR_CALL in docs/engine.md).

A producer that checks the consumer's context before each send (`select { case
<-ctx.Done(): return; default: out <- v }`) still blocks in a send it has begun on an
unbuffered channel, and is reported with that reason; on a buffered channel, with the
context cancelled by a `defer` in the consumer, it sees the cancel before its next send
and is left alone (CHECKED_BEFORE_BUFFERED_SEND: a producer that fills the buffer first
is missed).

A consumer that leaves from the `!ok` arm of its own receive (`v, ok := <-out; if !ok {
return }`) leaves once the producer has closed the channel: nothing is left to send
(LEFT_ONCE_CLOSED).

Also a stream object (an iterator, a subscription) made by a function or method of the
package that starts its producing goroutine, consumed in a loop (`for s.Next()`, `for v
:= range s.C`) that a `return` leaves without the `s.Close()` the function calls on its
other way out: the producer waits on its next send (analysis/unclosed_streams.py). The
fix calls `s.Close()` before that `return`.
And a fan-in whose producers, one per stream, each started in a loop with the
function's own `context.Context` parameter and an element of a local slice made in that
loop (`streams[i] = make(chan item, cfg.Buffer)`, or an object holding one), send in a
`select` beside that context's `Done()` alone, while the slice is handed to a merger of
the package that returns from inside its loop over it (`return nil, err` on a failed
stream): the function derives no context, so once the merger gives up the producers
wait until the caller cancels, which may be never (analysis/abandoned_fan_ins.py:
STREAM_PER_GOROUTINE, CALLERS_CONTEXT, MERGER_GIVES_UP, SEND_OR_DONE). The fix derives
the context with `context.WithCancel` and cancels it when the function returns
(unsafe: anything else handed the context after that point sees it cancelled then).
And a goroutine writing into an `io.Pipe` whose reader end the function keeps in the
object it returns (`&Stream{pr: pr}`), when that type's `Close` never closes it: a
caller that stops reading and calls `Close` leaves the write blocked for good
(analysis/kept_pipe_ends.py).
And the first stage of a pipeline that a helper starts (`chunks := split(body)`, its
goroutine sending each value with a plain send), when the function's workers ranging
over it stop with the function's context (`case <-ctx.Done(): return`, the context
cancelled by `defer cancel()`) and the function returns early while collecting their
results: nobody reads the helper's channel any more (analysis/quitting_stages.py).
The same when the producer is started in the function itself (`go p.enqueue(tiles,
jobs)`, one send per item of a slice) and its consumers, started in a loop, all quit
on the signal they share (`if ctx.Err() != nil { return }`, `case <-ctx.Done():
return`; QUIT_TOGETHER in analysis/liveness.py), also when they receive in `for {
select { ... case j, ok := <-jobs: ... } }` (DRAINING_SELECT); a buffer as long as the
input (`make(chan T, len(items))`) strands nothing. The fix for both keeps the
consumers receiving until the producer is done: `continue` instead of their `return`
on that signal, or in a draining `select` a `for range jobs {}` before each way out
but the closed one (unsafe: the remaining items are received and dropped, and a
consumer ends only when its producer closes the channel).
And a producer that does watch a context (`select { case out <- v: case <-ctx.Done():
return }`) when that context is the caller's: the consuming function only receives,
neither derives a context nor waits on one, so nothing it does ends that context, and
once it returns early the producer waits until the caller's context ends, for a
background or long-lived one never (CALLER_CONTEXT_ONLY in analysis/liveness.py). The
consuming function may be one that only hands the channel to workers it starts and
waits for (CONSUMED_BY_ITS_WORKERS); workers started in a loop that each quit on a
failure they hand back to it (`firstErr = err; return`) all quit when every item fails,
a service being down (ABORTS_THE_JOB); the fix derives the context and cancels it on
the way out. Workers that send their failure on (`results <- result{err: err}`) and
then quit on it (`if errors.Is(err, ErrSessionExpired) { return }`) all quit when every
item fails the same way, and a producer sending plainly is then stranded
(FAILURE_HANDED_ON); the fix wraps its send in a `select` with the function's context. A
helper returning the channel with other results (`lines, errc := records(ctx, r)`) is
followed through its first one; a way out right after the producer's last message on
another of its channels (`case err := <-errc: return`, sent after its last value, and
only there) strands nothing (FINAL_WORD_ELSEWHERE). A range left early is drained by a
deferred `for range ch {}` (DRAINED_ON_THE_WAY_OUT).

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
When the producer is the goroutine of a helper that returns its channel
(`func lines(r io.Reader) <-chan string`) and has no way out in scope, the way out is
threaded in: a `ctx context.Context` first parameter when every caller has a context,
else a `done <-chan struct{}` parameter that each caller makes and closes in a `defer`;
the send becomes a `select` on it. That changes the helper's signature, so it is
unsafe (offered one by one), and it is offered only when every call of the helper is
in the same file. A stop channel closed when the helper returns is never offered: it
would end the goroutine at once. When the producer is out of this file's reach (a
helper or goroutine function declared in another file) but closes its channel when it
is done, the consumer drains what is left where it gives up: a deferred
`for range ch {}` in the function ranging over the channel, or `go func() {
consume(ctx, ch); for range ch {} }()` for a consumer goroutine. Unsafe: the drain
waits for the producer to finish its work.
For a stream left early, the fix calls its `Close` (the stop the function calls on its
other way out) before the `return` that drops it. Unsafe: `Close` may do more than stop
the producer (flush, wait for it), now on that path too.
For a pipeline's first stage left sending, no fix is offered: the helper needs the
context (or a stop channel) handed in and a select around its send, a change of its
signature that is the author's to make.
For a producer left to the caller's context, the fix derives a context that the
function cancels on its way out (`ctx, cancel := context.WithCancel(ctx); defer
cancel()`, before the statement that starts the producer, when `ctx` is a parameter
not redeclared before it). Unsafe: whatever the function hands that context to and
that outlives the call now sees it cancelled when the function returns.
For a pipe reader kept and never closed, the fix calls `s.pr.Close()` first in the
type's `Close`, which releases the writing goroutine. Unsafe: reads after `Close` fail
(what `Close` means), and the method's other work now runs after it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from tree_sitter import Node

from goleash import fixes, gosyntax
from goleash.analysis.abandoned_fan_ins import AbandonedFanIn, abandoned_fan_ins
from goleash.analysis.classify import Leak
from goleash.analysis.closed_inputs import input_closed_in
from goleash.analysis.kept_pipe_ends import KeptPipeEnd, kept_pipe_ends
from goleash.analysis.quitting_consumers import QuittingConsumer
from goleash.analysis.quitting_stages import QuittingStage, quitting_stages
from goleash.analysis.unclosed_streams import UnclosedStream, unclosed_streams
from goleash.model import Finding, Fix, Severity
from goleash.rules import _leakreport as say
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    decls = [
        *ctx.candidates.get("cancel_decl", []),
        *(
            call.parent.parent
            for call in ctx.candidates.get("bound_call", [])
            if call.parent is not None and call.parent.parent is not None
        ),
    ]
    for stream in unclosed_streams(ctx.liveness.functions, ctx.file, decls):
        yield _unclosed_stream(ctx, stream)
    # A quitting stage names the caller's early return; the general verdict on the same
    # send (SIBLING_QUITS) says less, and gives way to it.
    staged: set[tuple[str, int]] = set()
    for stage in quitting_stages(ctx.liveness.functions, ctx.file, decls):
        staged.add((stage.send_file.path, stage.send.start_byte))
        yield _quitting_stage(ctx, stage)
    for kept in kept_pipe_ends(
        ctx.liveness.functions, ctx.file, ctx.candidates.get("cancel_decl", [])
    ):
        yield _kept_pipe_end(ctx, kept)
    for fan_in in abandoned_fan_ins(ctx.liveness.functions, ctx.file, ctx.candidates.get("go", [])):
        staged.add((fan_in.select_file.path, fan_in.select.start_byte))
        yield _abandoned_fan_in(ctx, fan_in)
    for leak in ctx.leaks:
        if leak.code != "GL006":
            continue
        v = leak.verdict
        if (v.func.file.path, v.event.node.start_byte) in staged:
            continue
        name = say.display_name(leak)
        leave = leak.case if leak.case is not None else leak.exit
        assert leave is not None  # classify makes a GL006 leak only where the consumer stops
        consumer = (
            f"the goroutine started at line {gosyntax.line_of(leak.case_owner.event.node)}"
            if leak.case_owner is not None
            else say.owner(leak)
        )
        collector = gosyntax.enclosing_function(leave)
        if (
            leak.case_owner is None
            and collector is not None
            and not gosyntax.is_within(leave, leak.ident.root.node)
        ):
            # COLLECTOR_CALL: the root's helper stops consuming for it.
            helper = gosyntax.function_name(collector) or "the collecting function"
            consumer = f"`{helper}`, called by {say.owner(leak)},"
        checked = gosyntax.stop_checked_before_send(v.event.node)
        closed = _closed_input(leak)
        caller_context = say.caller_context(leak)
        if caller_context is not None:
            why = say.caller_context_clause(leak, caller_context)
        elif checked is not None:
            why = (
                f"the producer checks `{gosyntax.text(checked)}.Done()` before each send, but "
                f"not while blocked in one"
            )
        elif closed is not None:
            why = (
                f"closing `{closed[0]}` ends the producer's range only after the sends under "
                f"way, which nobody receives any more"
            )
        else:
            why = "the producer has no way to learn it should stop"
        message = (
            f"{say.who(leak)} blocks forever {say.verb(leak)} once {consumer} stops consuming "
            f"at line {gosyntax.line_of(leave)}: {why}"
        )
        extra = []
        if say.in_file(ctx, leave):
            extra.append(ctx.related(leave, f"the consumer stops receiving from `{name}` here"))
        # Once nobody receives, whichever send the producer reaches next blocks.
        if v.partner is not None:
            extra += [
                ctx.related(ev.node, "it may block here too, sending", f.file)
                for ev, f in v.partner.summary.ops
                if ev.kind == "send" and ev.blocking and ev.node != v.event.node
            ]
        fix = None
        if caller_context is not None:
            fix = ctx.fix(
                fixes.cancel_on_the_way_out,
                leak.ident.root.node,
                leak.ident.birth,
                gosyntax.text(caller_context),
            )
        if fix is None and v.func.file.path == ctx.file.path:
            # The context in scope if there is one; else a stop channel the consumer closes.
            fix = (
                ctx.fix(fixes.wrap_in_select, v.event.node, v.func.node)
                or ctx.fix(
                    fixes.thread_way_out, gosyntax.enclosing_function(v.func.node), v.event.node
                )
                or ctx.fix(fixes.stop_channel, v.event.node, v.func.node)
            )
        if (
            fix is None
            and closed is not None
            and v.partner is not None
            and v.partner.summary.closes
        ):
            fix = ctx.fix(fixes.drain_after_close, closed[1], name)
        if fix is None:
            fix = _drain(ctx, leak, name)
        if fix is None and "quit_at" in v.detail:
            # SIBLING_QUITS: the consumer goes on receiving instead of quitting.
            quit_at = v.detail["quit_at"]
            fix = ctx.fix(fixes.build_in_file, quit_at, fixes.keep_draining, quit_at)
        yield say.finding(ctx, RULE, leak, message, *extra, fixes=(fix,))
    for found in ctx.quitting_consumers:
        yield _quitting_consumer(ctx, found)


def _quitting_consumer(ctx: Context, found: QuittingConsumer) -> Finding:
    """A producer method left sending on a field after its consumer method returned
    (quitting_consumers.py)."""
    producer = gosyntax.function_name(found.producer.node) or "the producer"
    consumer = gosyntax.function_name(found.consumer.node) or "the consumer"
    channel = gosyntax.text(gosyntax.field(found.send, "channel"))
    message = (
        f"goroutine `{producer}` blocks forever sending on `{channel}` once goroutine "
        f"`{consumer}` stops consuming at line {gosyntax.line_of(found.quit_at)}: the producer "
        f"has no way to learn it should stop"
    )
    related = [
        ctx.related(found.producer_start, "the producer is started here", found.start_file),
        ctx.related(found.consumer_start, "the consumer is started here", found.start_file),
        ctx.related(
            found.quit_at,
            f"`{consumer}` stops receiving from `{found.field}` here",
            found.consumer.file,
        ),
    ]
    return ctx.finding(RULE, found.send, message, related)


def _closed_input(leak: Leak) -> tuple[str, Node] | None:
    """(the producer's range input, its `close` call) when the consumer closes it where it
    gives up: the producer does learn of the stop, too late for the send it is in."""
    v, p = leak.verdict, leak.verdict.partner
    if leak.case is None or leak.case_owner is not None or p is None or p.kind != "goroutine":
        return None
    closed = input_closed_in(p.func, v.event, p.event, v.identity.root, leak.case)
    return (closed[0].name, closed[2]) if closed is not None else None


def _drain(ctx: Context, leak: Leak, name: str) -> Fix | None:
    """The producer is out of this file's reach but closes its channel when done: drain
    the rest where the consumer gives up."""
    p = leak.verdict.partner
    if p is None or not p.summary.closes:
        return None
    if leak.case_owner is not None:
        return ctx.fix(fixes.drain_after_consumer, leak.case_owner.event.node, name)
    return ctx.fix(fixes.drain_after_range, leak.ident.birth)


def _unclosed_stream(ctx: Context, u: UnclosedStream) -> Finding:
    """A consuming loop left early without the stop the function makes elsewhere
    (unclosed_streams.py)."""
    holder = gosyntax.enclosing_function(u.way_out)
    func = (gosyntax.function_name(holder) if holder is not None else None) or "the function"
    constructor = gosyntax.function_name(u.constructor.node) or "the constructor"
    how = "returns" if u.way_out.type == "return_statement" else "leaves the loop"
    message = (
        f"the goroutine that `{constructor}` starts blocks forever on its next send once `{func}` "
        f"{how} at line {gosyntax.line_of(u.way_out)}: it stops consuming `{u.var_name}` "
        f"without `{u.var_name}.{u.stopper}()`, which it calls at line "
        f"{gosyntax.line_of(u.stop_call)} on its other way out"
    )
    related = [
        ctx.related(u.start, f"`{constructor}` starts the goroutine here", u.constructor.file),
        ctx.related(u.way_out, f"`{func}` {how} here without `{u.var_name}.{u.stopper}()`"),
        ctx.related(u.stop_call, f"`{u.var_name}` is stopped here on the other way out"),
    ]
    same_file = u.constructor.file.path == ctx.file.path
    if u.send is not None and not same_file:
        related.insert(
            0, ctx.related(u.send, "the goroutine blocks here, sending", u.constructor.file)
        )
    primary = u.made
    if u.send is not None and same_file:
        case = u.send.parent
        # A send that is a select's case is reported at its `select`, as the model's are.
        primary = (
            case.parent.children[0]
            if case is not None and case.type == "communication_case" and case.parent is not None
            else u.send
        )
    fix = ctx.fix(fixes.stop_before_dropping, u.way_out, u.var_name, u.stopper)
    return ctx.finding(RULE, primary, message, related, fixes=(fix,) if fix else ())


def _quitting_stage(ctx: Context, q: QuittingStage) -> Finding:
    """A helper's unstoppable producer whose only readers quit with the function
    (quitting_stages.py)."""
    holder = gosyntax.enclosing_function(q.exit)
    func = (gosyntax.function_name(holder) if holder is not None else None) or "the function"
    helper = f"`{q.helper}`" if q.helper else "the helper"
    message = (
        f"the goroutine that {helper} starts blocks forever on its next send once `{func}` returns "
        f"at line {gosyntax.line_of(q.exit)}: the workers reading `{q.channel}` stop with "
        f"`{func}`'s context, and the goroutine sending on it has no way to learn it should stop"
    )
    related = [
        ctx.related(q.worker, f"the workers reading `{q.channel}` are started here"),
        ctx.related(q.quit, "a worker stops here once the context is cancelled"),
        ctx.related(q.exit, f"`{func}` returns here while values are still in flight"),
    ]
    if q.send_file.path == ctx.file.path:
        primary = q.send
        related.insert(0, ctx.related(q.made, f"`{q.channel}` comes from {helper} here"))
    else:
        primary = q.made
        related.insert(0, ctx.related(q.send, "the goroutine blocks here, sending", q.send_file))
    fix = ctx.fix(fixes.keep_draining, q.quit)
    return ctx.finding(RULE, primary, message, related, fixes=(fix,) if fix else ())


def _abandoned_fan_in(ctx: Context, a: AbandonedFanIn) -> Finding:
    """A merger that gives up early leaves its producers with the caller's context
    (abandoned_fan_ins.py)."""
    func = gosyntax.function_name(a.root) or "the function"
    merger = gosyntax.callee_text(a.merge).rsplit(".", 1)[-1] or "the merger"
    where = (
        f"line {gosyntax.line_of(a.give_up)}"
        if a.give_up_file.path == ctx.file.path
        else f"{os.path.basename(a.give_up_file.path)}:{gosyntax.line_of(a.give_up)}"
    )
    message = (
        f"a producer `{func}` starts blocks forever on its next send once `{merger}` gives up "
        f"at {where}: each stream of `{a.streams}` is fed until `{a.context}` is done, and "
        f"`{a.context}` is the caller's, which `{func}` never cancels"
    )
    related = [
        ctx.related(a.go, "the producers are started here, each with its own stream"),
        ctx.related(a.merge, f"`{merger}` reads the streams here, and may stop early"),
        ctx.related(a.give_up, f"`{merger}` gives up here", a.give_up_file),
    ]
    if a.select_file.path == ctx.file.path:
        primary = a.select
    else:
        primary = a.go
        related[0] = ctx.related(a.select, "the goroutine blocks here, sending", a.select_file)
    fix = ctx.fix(fixes.cancel_on_the_way_out, a.root, a.go, a.context)
    return ctx.finding(RULE, primary, message, related, fixes=(fix,) if fix else ())


def _kept_pipe_end(ctx: Context, k: KeptPipeEnd) -> Finding:
    """A returned object keeps a pipe's reader end that its stopping method never closes
    (kept_pipe_ends.py)."""
    closer = gosyntax.function_name(k.closer) or "Close"
    who = f"goroutine `{k.writer_name}`" if k.writer_name else "the goroutine"
    recv = gosyntax.receiver_text(k.closer)
    held = f"{recv}.{k.field}" if recv else k.field
    message = (
        f"{who} blocks forever writing into the pipe once the caller stops reading and calls "
        f"`{k.holder}.{closer}`: `{closer}` never closes `{held}`, the pipe's reader end, "
        f"so nothing ends the write"
    )
    related = [
        ctx.related(k.kept, f"the reader end is kept in `{k.holder}.{k.field}` here"),
        ctx.related(k.closer, f"`{closer}` does not close `{held}`", k.closer_file),
    ]
    if k.write_file.path == ctx.file.path:
        primary = k.write
        related.insert(0, ctx.related(k.start, "the goroutine is started here"))
    else:
        primary = k.start
        related.insert(0, ctx.related(k.write, "the goroutine blocks here, writing", k.write_file))
    fix = (
        ctx.fix(
            fixes.build_in_file,
            k.closer,
            fixes.call_first_in,
            k.closer,
            f"{recv}.{k.field}.Close()",
        )
        if recv
        else None
    )
    return ctx.finding(RULE, primary, message, related, fixes=(fix,) if fix else ())


RULE = Rule(
    code="GL006",
    name="consumer-abandons-producer",
    summary="A producer goroutine keeps sending after its consumer gave up, with no way to stop",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
