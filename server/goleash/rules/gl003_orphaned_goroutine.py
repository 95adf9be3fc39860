"""
# orphaned-goroutine (GL003)

## What it does
Finds a goroutine that blocks on a channel nobody will ever serve: it receives
from a channel that nothing sends on or closes, sends on one that nothing receives
from, or it waits for a send or `close` that the function starting it skips on some
way out (an early `return`, a `t.Fatal`). Among these: a goroutine waiting on
`ctx.Done()` whose cancel function is kept in a map and lost there, stored under a
key no lookup uses or dropped when an upsert replaces its entry, or stored in a
field of a value receiver (`func (c Client) start() { c.cancel = cancel }`), a copy
dropped when the method returns (RECEIVER_COPY, see docs/engine.md). And a goroutine
waiting on a signal channel kept in a struct field (a stop channel, a "changed"
broadcast that the package only ever closes) when a method puts a fresh channel in
the field without closing the old one: a reconnect that makes a new stop channel for
its new heartbeat, a `Reset` that forgets to wake the watchers of the old one
(analysis/replaced_signals.py); the same with the channel in a local declared outside
a loop that makes a new one each round while the old one may still be open (`stop =
make(chan struct{}); go upload(stop)` on every "link up" event,
analysis/replaced_local_signals.py). And a goroutine started on a value receiver's copy
(`func (s Syncer) Start() { s.stop = make(...); go s.loop() }`), waiting on a channel
made on that copy, which the type's `Stop` never reaches (analysis/copied_receivers.py).
And a goroutine waiting on `ctx.Done()` whose cancel function a method keeps in a field
of its receiver over the one it held, without calling it (`w.cancel = cancel` in a
`Watch` that outside callers, or the package itself, may call again): the next call
drops this context's only cancel (analysis/replaced_cancels.py). And a goroutine
waiting on a context kept in a struct field (`<-w.ctx.Done()`) whose cancel function,
kept beside it (`w.ctx, w.cancel = context.WithCancel(...)`), no code of the package
ever calls (analysis/kept_contexts.py). And an actor goroutine, the only reader of its
unbuffered inbox field, that reaches a send on that inbox itself through calls on its
own object (`run` -> `handle` -> `Promote` -> `l.cmds <- c`): it waits for itself
(analysis/self_sends.py).
And a goroutine on one end of an `io.Pipe` (reading `pr` until EOF, or writing `pw`
until it is read) when a way out of the function that made the pipe neither closes the
other end nor hands it to what reads it (analysis/pipes.py). The same when a function
of the package makes the pipe, starts the writer and returns the reader (`func render()
io.ReadCloser`): its caller holds the reader, and a way out of the caller that neither
reads it to the end nor closes it leaves the writer blocked, reported at the call that
takes the reader (PIPE_SOURCE). A reading call whose failure falls through to what
follows (`if _, err := io.Copy(w, body); err != nil { log(err) }`) reads nothing on
that way (ERROR_GOES_ON), and a reading call whose result is returned as it is
(`return t.Send(ctx, pr)`) hands its failure, with the pipe unread, to the caller
(FAILURE_RETURNED). A read judged by its error that hands the reader on once it
succeeded (`m, err := mail.ReadMessage(bufio.NewReader(pr))`, then `&message{pr: pr}`)
leaves the writer blocked on its failure's way out (HANDED_ON_AFTER_ITS_READ); the fix
then closes the reader first thing in that `if err != nil`, since a deferred close
would cut the stream handed on. A writer through a buffering wrapper (`bufio.NewWriter`,
`csv.NewWriter`) is shown blocked at its `Flush`, where a short output first reaches
the pipe (BUFFERED_UNTIL_FLUSH). A reader taken into a variable declared earlier
(`body = gzipStream(src)`) is followed too (ASSIGNED_TAKE). A decoder around the reader
(`json.NewDecoder(pr)`, `csv.NewReader(pr)`) reads only what is decoded: a loop that
returns before the end leaves the writer blocked, while a way out under `io.EOF`, or
under the failure of the read itself, is the writer's end (AT_THE_END_OF_THE_PIPE,
READ_TO_EOF); so does a helper of the package handed the reader that returns from
inside its scanning loop (HELPER_QUITS_READING).
And a goroutine that waits only for an OS signal (`<-sigs`, the channel handed to
`signal.Notify`) to cancel a context that its function, or every caller handing it the
cancel, cancels on its own way out (`defer cancel()`): a run that ends without a signal
leaves it waiting for good (analysis/signal_waits.py). And a goroutine's plain send on
an unbuffered field that the package only ever polls (`select { case err = <-h.lost:
default: }`, outside any loop): the send is taken only if it is already waiting when
a poll runs, and once the polls stop it waits for good (analysis/polled_sends.py). The
fix, when the goroutine leaves right after that send, gives the channel a buffer of 1
(safe: the one value waits there for the next poll). Its fix, when that context is in
scope, waits on `ctx.Done()` beside the signal.
And a goroutine a one-call function starts to watch its caller's context (`go func() {
<-ctx.Done(); c.conn.Close() }()` in `Call`), with no second way out that the function
closes when it returns: after each call that finishes first, it waits until the
caller's context ends (analysis/lingering_watchers.py). And a goroutine that waits only on a context its
starter derived (`context.WithCancel`, or a group of the package that keeps the cancel:
`g, gctx := newTaskGroup(ctx)`) when a way out of the starter cancels nothing: a clean
run leaves it waiting (analysis/open_context_watchers.py).
And a "done" channel published in a map for other callers to wait on (`f :=
&flight{done: make(chan struct{})}; c.inflight[key] = f`), which the publishing call
closes on one way out and skips on another: every caller that found the entry waits
on it for good (analysis/published_gates.py). Also when the flight keeps its gate
behind methods: made by a constructor (`newCall()`), closed by `c.finish()`, waited on
by `c.wait()` (GATE_METHODS).
And a goroutine waiting on a channel field of a struct the function makes itself
(`c := &Cache{quit: make(...)}; go c.janitor()`), which only a method of the type
closes (`Close`), when a way out neither closes it nor returns the struct (`return
nil, err` after a failed check): nothing can ever call `Close` on the dropped struct
(STOPPED_BY_ITS_METHODS, see docs/engine.md).
And a goroutine whose loop ends only on a stop channel that the type's `Stop` closes
only once a flag is set (`if !a.running { return }`), when its starter returns after
the `go` without setting the flag (a failed registration before `a.running = true`):
`Stop` then does nothing (analysis/gated_stops.py).

Also a goroutine that waits on a timer's channel alone (`go func() { <-t.C; ... }()`)
for a timer the code stops (`defer t.Stop()`, or `Stop` on the field it is kept in):
`Stop` neither fires nor closes `C`, so once it wins the goroutine waits for good
(analysis/stopped_timers.py). `time.AfterFunc` does the same work without a goroutine
left waiting.

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
too. When the function that gives up already closes the channel on its other paths
(a struct field such as `s.quit`, closed at the end of `Stop` but skipped by its
early `return`), that `close` moves into a `defer` placed before any way out: safe
when nothing but a `return` followed it. A goroutine waiting on `ctx.Done()` of a
context whose cancel function is kept for later gets that cancel called where its
owner lets go of it: right before the `delete` that drops it from a map (safe:
calling a cancel function twice is harmless), or first thing in the type's
`Close`/`Stop`/`Release`... method for a struct field (unsafe: the call panics if
the field was never set), in whichever file of the package that method is declared.
A struct dropped by a way out gets its closing method called right before that
`return` (`c.Close()`), when the method takes no arguments: unsafe, since the method
may do more than close (flush, wait for the goroutine) on that path too.
A starter that returns with its stop's flag unset gets `close(a.stop)` before that
`return`: unsafe, the channel must not be closed again later (the stopping method
skips it while the flag is unset).
A goroutine's lone send that nobody receives completes into a buffer of one
(`make(chan T, 1)`): unsafe, since it changes when the sender can finish. A signal
channel replaced without being closed is closed first (`if s.stop != nil {
close(s.stop) }` before `s.stop = make(...)`), in whichever file the replacing method
is: unsafe, since a channel closed twice panics when another path already closed it.
A channel made on a value receiver's copy gets that method a pointer receiver: unsafe,
the method leaves the value type's method set.

A cancel function kept in a map under `key(a, b)` but looked up under `a` gets its
lookup (and `delete`) rewritten to `key(a, b)` when the looking-up function has `a`
and `b` as parameters; one dropped when an upsert (`Set`, `Put`, `Store`...)
replaces its map entry gets `if old, ok := m[k]; ok { old.cancel() }` before the
store. Both are unsafe: the lookup now finds entries it missed, and the replaced
entry's goroutine now ends.

A gate published in a map and left open, on a flight type with an `err` field, gets
`c.err = err` and `close(c.done)` before the `return` that skipped them, the error
being the one that `return` hands its own caller: unsafe, since the waiting callers
now get that error instead of waiting (a type without such a field gets no fix).
A watcher left behind by a one-call function gets a `stop` channel: `stop :=
make(chan struct{}); defer close(stop)` before the `go`, and its wait becomes `select {
case <-ctx.Done(): case <-stop: return }`. Unsafe: what the watcher did once the
context ended (closing the connection) no longer happens after the function returns,
which is the point, but changes behaviour if a caller relied on it.
A cancel function stored in a value receiver's copy gets the method a pointer
receiver (`func (c *Client) start()`): unsafe, since the method leaves the value
type's method set. One stored over the field's old cancel gets that one called
first (`if w.cancel != nil { w.cancel() }` before `w.cancel = cancel`): unsafe, the
replaced context's goroutines now end.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from tree_sitter import Node

from goleash import fixes, gosyntax
from goleash.analysis import paths
from goleash.analysis.cfg import END
from goleash.analysis.classify import Leak
from goleash.analysis.field_closers import closing_methods
from goleash.analysis.kept_contexts import KeptContext
from goleash.analysis.lingering_watchers import LingeringWatcher, lingering_watchers
from goleash.analysis.liveness import Partner
from goleash.analysis.open_connections import READ_TRIGGERS, OpenConnection, open_connections
from goleash.analysis.open_context_watchers import OpenContextWatcher, open_context_watchers
from goleash.analysis.pipes import OpenPipe, ReturnedPipe
from goleash.analysis.polled_sends import PolledSend
from goleash.analysis.published_gates import PublishedGate, published_gates
from goleash.analysis.self_sends import SelfSend
from goleash.analysis.signal_waits import SignalWait
from goleash.analysis.values import FieldRef
from goleash.model import Finding, Fix, Severity
from goleash.rules import _leakreport as say
from goleash.rules.base import Context, Rule, rule_doc


def _timer_stopped(ctx: Context, leak: Leak) -> Finding:
    """A goroutine waits on `<-t.C` alone and the code stops `t` (analysis/stopped_timers.py)."""
    found = leak.verdict.detail["timer_stop"]
    stop_line = gosyntax.line_of(found.stop)
    where = (
        f"line {stop_line}"
        if found.stop_file.path == ctx.file.path
        else f"{found.stop_file.path}:{stop_line}"
    )
    message = (
        f"goroutine blocks forever receiving from `{found.timer}.C` once the timer is stopped "
        f"(`{gosyntax.text(found.stop)}` at {where}): `Stop` neither fires nor closes `C`"
    )
    related = [
        ctx.related(found.start, "the goroutine is started here"),
        ctx.related(found.made, "the timer is made here"),
        ctx.related(found.stop, "the timer is stopped here", found.stop_file),
    ]
    return ctx.finding(RULE, leak.verdict.event.node, message, related)


def _gated_stop(ctx: Context, leak: Leak) -> Finding:
    """The starter returns after its `go` without setting the flag its stop needs
    (analysis/gated_stops.py)."""
    v = leak.verdict
    gate = v.detail["gate"]
    ret = v.detail["return"]
    starter = gosyntax.enclosing_function(ret)
    starter_name = (gosyntax.function_name(starter) if starter is not None else None) or "it"
    flag = f"{gosyntax.receiver_text(starter) if starter is not None else ''}.{gate.field}"
    name = leak.ident.name
    message = (
        f"{say.who(leak)} blocks forever {say.verb(leak)} when `{starter_name}` returns at "
        f"line {gosyntax.line_of(ret)} without setting `{flag}`: `{gate.closer}` closes "
        f"`{name}` only once `{flag}` is set, so nothing can stop it now"
    )
    fix = ctx.fix(fixes.close_before_return, ret, name)
    return say.finding(
        ctx,
        RULE,
        leak,
        message,
        ctx.related(ret, f"`{starter_name}` returns here with `{flag}` still unset"),
        ctx.related(gate.guard, f"`{gate.closer}` returns here while `{flag}` is unset", gate.file),
        fixes=(fix,),
    )


def _uncalled_closer(ctx: Context, leak: Leak) -> str | None:
    """The method of the field's type that closes the field the goroutine waits on,
    when the code judged never calls it: "nothing ever closes" would be untrue of the
    package (ristretto's `Close`, left uncalled by a test)."""
    ref = leak.verdict.event.ref
    if not isinstance(ref, FieldRef):
        return None
    found = closing_methods(ctx.liveness, ref.type_name, ref.field)
    return found[0][0] if found is not None else None


def check(ctx: Context) -> Iterator[Finding]:
    for leak in ctx.leaks:
        if leak.code == "GL003" and leak.verdict.kind == "timer-stopped":
            yield _timer_stopped(ctx, leak)
            continue
        if leak.code == "GL003" and leak.verdict.kind == "stop-gated":
            yield _gated_stop(ctx, leak)
            continue
        if leak.code != "GL003" or say.stopped_by_a_method(ctx, leak):
            continue
        v = leak.verdict
        name = say.display_name(leak)
        if leak.ident.lost_key is not None and (
            leak.never or leak.ident.lost_key[0] in ("replaced", "copied-signal", "replaced-cancel")
        ):
            yield _lost_under_key(ctx, leak)
            continue
        if leak.never and leak.ident.caller_parent and leak.ident.cancel_var is not None:
            yield _kept_cancel_never_called(ctx, leak)
            continue
        if leak.never:
            closer = _uncalled_closer(ctx, leak)
            if v.event.kind == "send":
                why = f"nothing ever receives from `{name}`"
            elif closer is not None:
                why = (
                    f"nothing here sends on or closes `{name}` (`{closer}` would close it, "
                    f"but nothing here calls it)"
                )
            else:
                why = f"nothing ever sends on or closes `{name}`"
            message = f"{say.who(leak)} blocks forever {say.verb(leak)}: {why}"
            yield say.finding(ctx, RULE, leak, message, fixes=_fixes(ctx, leak))
            continue
        short = v.detail.get("short_sender")
        if short is not None and v.event.kind == "recv":
            yield _sibling_gives_up(ctx, leak, short, name)
            continue
        what = "closing" if say.in_loop(v.event.node) else "sending on or closing"
        if (
            leak.ident.watchdog
            and v.event.case is not None
            and gosyntax.only_context_beside(v.event.case.select, v.event.case.node)
        ):
            # Its other case waits for the caller's context (WATCHDOG_SIGNAL in liveness).
            message = (
                f"{say.who(leak)} blocks {say.verb(leak)} until the caller's context ends "
                f"(forever, for a background context) when {say.exit_phrase(leak, ctx)} "
                f"without closing `{name}`"
            )
            what = "closing"
        else:
            message = (
                f"{say.who(leak)} blocks forever {say.verb(leak)} when "
                f"{say.exit_phrase(leak, ctx)} without {what} `{name}`"
            )
        closers = v.detail.get("holder_closers")
        if closers and leak.ident.var is not None:
            # STOPPED_BY_ITS_METHODS: the way out drops the struct its closing method needs.
            methods = " or ".join(f"`{m}`" for m in closers)
            holder = leak.ident.var.name
            if leak.exit_kind in ("continue", "break", "next-iteration"):
                message += (
                    f": only {methods} would close it, and nothing can call it on this "
                    f"iteration's `{holder}` after that"
                )
            else:
                message += (
                    f" or handing `{holder}` to its caller: only {methods} "
                    f"would close it, and nothing can call it on `{holder}` now"
                )
        extra = say.exit_related(ctx, leak, f"without {what} `{name}`")
        yield say.finding(ctx, RULE, leak, message, *extra, fixes=_fixes(ctx, leak))
    for kept in ctx.kept_contexts:
        if not kept.loops:
            yield _kept_context(ctx, kept)
    for found in ctx.self_sends:
        yield _self_send(ctx, found)
    for pipe in ctx.open_pipes:
        yield _open_pipe(ctx, pipe)
    for wait in ctx.signal_waits:
        yield _signal_wait(ctx, wait)
    for polled in ctx.polled_sends:
        yield _polled_send(ctx, polled)
    for returned in ctx.returned_pipes:
        yield _returned_pipe(ctx, returned)
    # The declarations storing into a map (those being checked, for an edit): a leader
    # publishing a gate is one.
    declarations = {
        top
        for store in ctx.candidates.get("index_store", [])
        if (top := ctx.file.root.child_with_descendant(store)) is not None
        and top.type in ("function_declaration", "method_declaration")
    }
    for gate in published_gates(
        ctx.package, ctx.file, sorted(declarations, key=lambda d: d.start_byte)
    ):
        yield _published_gate(ctx, gate)
    for watcher in lingering_watchers(
        ctx.liveness.functions, ctx.file, ctx.candidates.get("go", [])
    ):
        yield _lingering_watcher(ctx, watcher)
    for open_watcher in open_context_watchers(
        ctx.liveness.functions, ctx.file, ctx.candidates.get("go", [])
    ):
        yield _open_context_watcher(ctx, open_watcher)
    declared_methods = ctx.candidates.get("method_decl", [])
    for connection in open_connections(ctx.liveness.functions, ctx.file, declared_methods):
        yield _open_connection(ctx, connection)


def _published_gate(ctx: Context, g: PublishedGate) -> Finding:
    """A gate published in a map that its leader leaves open on one way out
    (published_gates.py)."""
    leader = gosyntax.function_name(g.leader) or "the function"
    where = gosyntax.line_of(g.exit)
    message = (
        f"a caller waiting here on `{g.gate}` blocks forever (or until its own context ends) "
        f"once `{leader}` returns at line {where} without closing it: the gate was published "
        f"at line {gosyntax.line_of(g.store)} for every caller that finds it to wait on"
    )
    related = [
        ctx.related(g.store, f"`{g.gate}` is published here"),
        ctx.related(g.exit, f"`{leader}` returns here without closing `{g.gate}`"),
        ctx.related(g.close, "it is closed here on the other way out"),
    ]
    if g.wait_file.path == ctx.file.path:
        primary = g.wait
    else:
        primary = g.store
        related.insert(0, ctx.related(g.wait, "a caller waits here", g.wait_file))
    # Closing the gate alone would hand the followers a zero value and a nil error: the
    # fix also sets the flight's error field, and is offered only when there is one.
    fix = (
        ctx.fix(fixes.fail_gate_before_return, g.exit, g.gate, g.err_field)
        if g.err_field is not None
        else None
    )
    return ctx.finding(RULE, primary, message, related, fixes=(fix,) if fix else ())


def _lingering_watcher(ctx: Context, w: LingeringWatcher) -> Finding:
    """A goroutine watching the caller's context for one call, with nothing telling it the
    call is over (lingering_watchers.py)."""
    name = gosyntax.function_name(w.starter) or "the function"
    message = (
        f"goroutine blocks on `{w.context}.Done()` until the caller's context ends (forever, "
        f"for a background context) once `{name}` has returned: nothing tells it the call "
        f"is over, so one is left behind per call"
    )
    related = [
        ctx.related(w.start, "the goroutine is started here"),
        ctx.related(
            w.starter.child_by_field_name("name") or w.starter,
            f"`{name}` returns without telling the goroutine",
        ),
    ]
    op = w.wait.named_children[0] if w.wait.type != "select_statement" else None
    select = w.wait if w.wait.type == "select_statement" else None
    literal = gosyntax.started_literal(w.start)
    fix = ctx.fix(fixes.stop_channel, op, literal, select)
    return ctx.finding(RULE, w.wait, message, related, fixes=(fix,) if fix else ())


def _open_context_watcher(ctx: Context, w: OpenContextWatcher) -> Finding:
    """A goroutine waiting on a context its starter leaves open on a way out
    (open_context_watchers.py)."""
    name = gosyntax.function_name(w.starter) or "the function"
    where = (
        f"returns at line {gosyntax.line_of(w.exit)}"
        if w.exit.type == "return_statement"
        else "ends"
    )
    message = (
        f"goroutine blocks on `{w.context.name}.Done()` forever once `{name}` {where}: nothing "
        f"cancels `{w.context.name}` on that way out (`{w.context.release}()` is not called), "
        f"so only the end of the caller's context releases it"
    )
    related = [
        ctx.related(w.start, "the goroutine is started here"),
        ctx.related(w.context.decl, f"`{w.context.name}` is derived here"),
        ctx.related(w.exit, f"`{name}` leaves here without cancelling `{w.context.name}`"),
    ]
    fix = ctx.fix(fixes.defer_cancel, w.context.decl, w.context.release)
    return ctx.finding(
        RULE, w.wait, message, related, fixes=(fix,) if fix else (), file=w.wait_file
    )


def _open_connection(ctx: Context, oc: OpenConnection) -> Finding:
    """An object's goroutine reading a connection that its stopping method leaves open
    (open_connections.py)."""
    reader = gosyntax.function_name(oc.reader.node) or "the goroutine"
    stopper = gosyntax.function_name(oc.stopper) or "the stopping method"
    through = f" through `{oc.through}`" if oc.through else ""
    message = (
        f"goroutine `{reader}` blocks forever reading `{oc.connection}`{through} once `{stopper}` "
        f"has run: `{stopper}` never closes `{oc.connection}`, and nothing else does, so the read "
        f"waits for data the other side may never send"
    )
    related = [
        ctx.related(oc.start, "the goroutine is started here", oc.start_file),
        ctx.related(oc.opened, "the connection is kept here", oc.opened_file),
        ctx.related(
            oc.stopper.child_by_field_name("name") or oc.stopper,
            f"`{stopper}` stops the object without closing the connection",
            oc.stopper_file,
        ),
    ]
    fix = None
    if oc.stopper_file.path == ctx.file.path:
        field = oc.connection.split(".", 1)[1]
        fix = ctx.fix(fixes.close_connection_in, oc.stopper, field)
    return ctx.finding(RULE, oc.read, message, related, fixes=(fix,) if fix else ())


def _open_pipe(ctx: Context, pipe: OpenPipe) -> Finding:
    """A goroutine on one end of an io.Pipe that a way out leaves open (pipes.py)."""
    name, where = _how_it_leaves(pipe.start, pipe.exits)
    if pipe.reads:
        doing, release = f"reading `{pipe.end}`", f"closing `{pipe.other}`"
    else:
        doing, release = f"writing `{pipe.end}`", f"reading or closing `{pipe.other}`"
    message = (
        f"goroutine blocks forever {doing} when `{name}` {where} without {release}: "
        f"a pipe's {'read' if pipe.reads else 'write'} waits for the other end"
    )
    related = [
        ctx.related(pipe.start, "the goroutine is started here"),
        ctx.related(pipe.made, "the pipe is made here"),
    ]
    related += [ctx.related(e.node, f"`{name}` leaves here without {release}") for e in pipe.exits]
    if pipe.quits is not None:
        related.append(ctx.related(pipe.quits, _QUITS.format(end=pipe.other)))
    primary = pipe.blocked
    if pipe.inside is not None:
        node, file = pipe.inside
        if pipe.blocked.type == "go_statement" and file.path == ctx.file.path:
            primary = node  # a named goroutine function of this file: where it blocks
        else:
            verb = "reading" if pipe.reads else "writing"
            related.insert(
                0, ctx.related(node, f"the goroutine blocks here, {verb} the pipe", file)
            )
    fix = (
        ctx.fix(fixes.close_pipe_on_failed_read, pipe.failed_read, pipe.other)
        if pipe.failed_read is not None
        else ctx.fix(fixes.close_pipe_end, pipe.made, pipe.other, pipe.reads)
    )
    return ctx.finding(RULE, primary, message, related, fixes=(fix,) if fix else ())


def _polled_send(ctx: Context, p: PolledSend) -> Finding:
    """A goroutine's plain send on an unbuffered field the package only polls
    (polled_sends.py)."""
    poller = gosyntax.enclosing_function(p.poll)
    name = (gosyntax.function_name(poller) if poller is not None else None) or "a poll"
    where = (
        f"line {gosyntax.line_of(p.poll)}"
        if p.poll_file.path == ctx.file.path
        else f"{os.path.basename(p.poll_file.path)}:{gosyntax.line_of(p.poll)}"
    )
    message = (
        f"goroutine blocks forever sending on `{p.channel}` once `{name}` stops polling it: "
        f"its only receive, the `select` with a `default` at {where}, takes a value only if "
        f"the send is already waiting when it runs, and `{p.channel}` has no buffer"
    )
    related = [
        ctx.related(p.poll, "the only receive: it never waits", p.poll_file),
        ctx.related(p.made, f"`{p.channel}` is made here, unbuffered", p.made_file),
        ctx.related(p.start, "the goroutine is started here"),
    ]
    fix = ctx.fix(fixes.build_in_file, p.made, fixes.buffer_one, p.made) if p.once else None
    return ctx.finding(RULE, p.send, message, related, fixes=(fix,) if fix else ())


def _signal_wait(ctx: Context, w: SignalWait) -> Finding:
    """A goroutine waiting only for an OS signal to cancel what its function cancels on
    its own way out (signal_waits.py)."""
    starter = gosyntax.enclosing_function(w.start)
    name = (gosyntax.function_name(starter) if starter is not None else None) or "the function"
    message = (
        f"goroutine blocks forever receiving from `{w.channel}` when no signal comes: only "
        f"`signal.Notify` sends on it, and its one job, `{w.cancel}()`, is done anyway by "
        f"the deferred `{w.cancel}()` once the run returns"
    )
    related = [
        ctx.related(w.start, f"`{name}` starts the goroutine here"),
        ctx.related(w.notify, f"only a signal sends on `{w.channel}`"),
        ctx.related(w.cancelled, f"`{w.cancel}` is called here anyway", w.cancelled_file),
    ]
    fix = (
        ctx.fix(fixes.wait_for_signal_or_done, w.receive, w.context, w.channel, w.element)
        if w.context is not None
        else None
    )
    return ctx.finding(RULE, w.receive, message, related, fixes=(fix,) if fix else ())


# QUITTING_READER (pipes.py): the related location of the reading goroutine's early exit.
_QUITS = "the goroutine reading `{end}` may stop here, before its end, and leave it open"


def _how_it_leaves(inside: Node, exits: tuple[paths.Exit, ...]) -> tuple[str, str]:
    """(the name of the function holding `inside`, "ends" or "returns at line N" for its
    first way out among `exits`)."""
    func = gosyntax.enclosing_function(inside)
    name = (gosyntax.function_name(func) if func is not None else None) or "the function"
    first = exits[0]
    where = "ends" if first.kind == "end" else f"returns at line {gosyntax.line_of(first.node)}"
    return name, where


def _returned_pipe(ctx: Context, pipe: ReturnedPipe) -> Finding:
    """A pipe reader a function of the package returns with a goroutine writing it, left
    unread and open by a way out of the caller (pipes.py, PIPE_SOURCE)."""
    name, where = _how_it_leaves(pipe.take, pipe.exits)
    source = gosyntax.function_name(pipe.source) or "the function"
    message = (
        f"`{source}` starts a goroutine writing the pipe whose reader it returns: it blocks "
        f"forever when `{name}` {where} without reading `{pipe.reader}` to the end or "
        f"closing it"
    )
    related = [
        ctx.related(pipe.blocked, "the goroutine blocks here, writing the pipe", pipe.blocked_file),
        ctx.related(pipe.start, "the goroutine is started here", pipe.source_file),
    ]
    related += [
        ctx.related(e.node, f"`{name}` leaves here without closing `{pipe.reader}`")
        for e in pipe.exits
    ]
    if pipe.quits is not None:
        related.append(ctx.related(pipe.quits, _QUITS.format(end=pipe.reader)))
    results = gosyntax.result_types(pipe.source)
    closable = any(
        r is not None and gosyntax.text(r).endswith(("ReadCloser", "PipeReader")) for r in results
    )
    fix = ctx.fix(fixes.close_returned_reader, pipe.take, pipe.reader, closable)
    return ctx.finding(RULE, pipe.take, message, related, fixes=(fix,) if fix else ())


def _self_send(ctx: Context, found: SelfSend) -> Finding:
    """An actor goroutine that reaches a send on its own unbuffered inbox (self_sends.py)."""
    name = gosyntax.function_name(found.goroutine.node) or "the goroutine"
    steps = " -> ".join(f"`{callee}`" for _call, _file, callee in found.chain)
    channel = gosyntax.text(gosyntax.field(found.send, "channel"))
    message = (
        f"goroutine `{name}` blocks forever sending on `{channel}`: it is the only goroutine "
        f"that receives from `{found.field}`, and it makes this send itself (through {steps}), "
        f"so no receiver can ever come"
    )
    related = [
        ctx.related(found.start, "the goroutine is started here", found.start_file),
        ctx.related(
            found.receive,
            f"`{name}` is the only receiver of `{found.field}`",
            found.goroutine.file,
        ),
    ]
    for call, call_file, callee in found.chain:
        related.append(ctx.related(call, f"the goroutine calls `{callee}` here", call_file))
    return ctx.finding(RULE, found.send, message, related)


def _sibling_gives_up(ctx: Context, leak: Leak, sender: Partner, name: str) -> Finding:
    """SHORT_SENDER (liveness): the only sender is another goroutine of the same
    function, and one of its ways out skips the send; that way out is named, not the
    starting function's end, which never was the partner."""
    exit_node = sender.summary.min_exit
    assert exit_node is not None  # _short_sender keeps only senders with one
    started = gosyntax.line_of(sender.event.node)
    where = exit_node.ast
    if exit_node.kind == END or where is None:
        body = sender.func.node.child_by_field_name("body")
        where = body.children[-1] if body is not None and body.children else sender.func.node
        how = f"ends (line {gosyntax.line_of(where)})"
    else:
        how = f"returns at line {gosyntax.line_of(where)}"
    message = (
        f"{say.who(leak)} blocks forever {say.verb(leak)} when the goroutine started at "
        f"line {started}, its only sender, {how} without sending on `{name}`"
    )
    extra = say.related_here(
        ctx, where, f"the goroutine that sends on `{name}` leaves here without sending"
    )
    return say.finding(ctx, RULE, leak, message, *extra, fixes=_fixes(ctx, leak))


def _kept_context(ctx: Context, kept: KeptContext) -> Finding:
    """A goroutine waiting on a context field whose cancel field nothing reads
    (kept_contexts.py)."""
    name = gosyntax.function_name(kept.method.node) or "the goroutine"
    until = (
        "until the caller's context ends (forever, for a long-lived one)"
        if kept.caller_parent
        else "forever"
    )
    message = (
        f"goroutine `{name}` blocks {until} receiving from "
        f"`{kept.receiver}.{kept.context_field}.Done()`: the cancel function kept in "
        f"`{kept.receiver}.{kept.cancel_field}` is never called"
    )
    related, fix_list = say.kept_context_notes(ctx, kept)
    return ctx.finding(RULE, kept.wait, message, related, fixes=fix_list)


def _kept_cancel_never_called(ctx: Context, leak: Leak) -> Finding:
    """A context derived from the caller's, whose cancel function is kept in a field
    that nothing calls (KEPT_TO_CANCEL_LATER): its goroutine waits for the caller's
    context, which may live as long as the process."""
    cancel = leak.ident.cancel_var
    assert cancel is not None  # checked by the caller
    stores = [n for n in cancel.occurrences if n != cancel.ident]
    store = stores[0] if stores else cancel.ident
    holder, type_name = _holder(store)
    message = (
        f"{say.who(leak)} blocks {say.verb(leak)} until the caller's context ends (forever, "
        f"for a long-lived one): the cancel function kept in `{holder}` is never called"
    )
    extra = [
        ctx.related(
            store,
            "the cancel function is kept here, and nothing ever calls it",
            leak.ident.root.file,
        )
    ]
    fix = ctx.fix(fixes.call_cancel_kept_in, type_name) if type_name else None
    return say.finding(ctx, RULE, leak, message, *extra, fixes=(fix,))


def _holder(store: Node) -> tuple[str, str | None]:
    """(how the code names where a cancel function is kept, the struct type keeping it):
    `Lock.cancel` for `&Lock{cancel: cancel}`, `s.cancel` for `s.cancel = cancel`."""
    element = store.parent
    while element is not None and element.type in ("literal_element", "literal_value"):
        element = element.parent
    if element is not None and element.type == "keyed_element":
        literal = element.parent
        while literal is not None and literal.type != "composite_literal":
            literal = literal.parent
        typ = literal.child_by_field_name("type") if literal is not None else None
        key = gosyntax.literal_key(store)
        name = gosyntax.text(typ) if typ is not None else None
        if key is not None and name is not None:
            return f"{name}.{gosyntax.text(key)}", name
    stmt = store.parent.parent if store.parent is not None else None
    left = stmt.child_by_field_name("left") if stmt is not None else None
    target = left.named_children[0] if left is not None and left.named_children else None
    if target is not None and target.type == "selector_expression":
        return gosyntax.text(target), None
    return store.text.decode(errors="replace") if store.text else "a field", None


def _lost_under_key(ctx: Context, leak: Leak) -> Finding:
    """The cancel function is kept in a map under a key that no lookup uses, or in an
    entry that the next upsert of the same key replaces."""
    root_file = leak.ident.root.file
    if leak.ident.lost_key[0] == "overwrite":
        return _lost_on_overwrite(ctx, leak)
    if leak.ident.lost_key[0] == "copy":
        return _lost_on_copy(ctx, leak)
    if leak.ident.lost_key[0] == "replaced":
        return _replaced_signal(ctx, leak)
    if leak.ident.lost_key[0] == "copied-signal":
        return _signal_on_copy(ctx, leak)
    if leak.ident.lost_key[0] == "replaced-cancel":
        return _replaced_cancel(ctx, leak)
    _kind, store, lookup, lookup_file = leak.ident.lost_key
    message = (
        f"{say.who(leak)} blocks forever {say.verb(leak)}: the cancel function is kept under "
        f"`{store.text.decode(errors='replace')}` (line {gosyntax.line_of(store)}), but the package looks "
        f"that map up only by keys built otherwise (`{lookup.text.decode(errors='replace')}`), so it is "
        f"never called"
    )
    extra = [
        ctx.related(store, "the cancel function is stored here", root_file),
        ctx.related(
            lookup,
            "looked up here under a key built another way; the stored one is never found",
            lookup_file,
        ),
    ]
    fix = (
        ctx.fix(fixes.look_up_under_stored_key, store, lookup)
        if lookup_file.path == ctx.file.path
        else None
    )
    return say.finding(ctx, RULE, leak, message, *extra, fixes=(fix,))


def _lost_on_copy(ctx: Context, leak: Leak) -> Finding:
    """The cancel function is stored in a field of a value receiver: the method's copy."""
    _kind, value, method = leak.ident.lost_key
    store = value.parent.parent if value.parent is not None else value
    name = say.function_name(method) or "the method"
    target = (
        gosyntax.text(store.child_by_field_name("left"))
        if store.type == "assignment_statement"
        else "the field"
    )
    message = (
        f"{say.who(leak)} blocks forever {say.verb(leak)}: `{name}` has a value receiver, so `{target}` "
        f"stores the cancel function in a copy that is dropped when it returns; nothing ever calls it"
    )
    extra = [ctx.related(store, "stored in the method's own copy of the receiver", method.file)]
    fix = (
        ctx.fix(fixes.pointer_receiver, method.node) if method.file.path == ctx.file.path else None
    )
    return say.finding(ctx, RULE, leak, message, *extra, fixes=(fix,))


def _lost_on_overwrite(ctx: Context, leak: Leak) -> Finding:
    _kind, store, via = leak.ident.lost_key
    method = say.function_name(leak.ident.root) or "the method"
    key = store.child_by_field_name("index").text.decode(errors="replace")
    held = "the entry holding its cancel function" if via else "its cancel function"
    message = (
        f"{say.who(leak)} blocks forever {say.verb(leak)} once `{method}` is called again with the same "
        f"`{key}`: {held} is replaced at line {gosyntax.line_of(store)} without being cancelled"
    )
    extra = [
        ctx.related(
            store, f"{held} is stored here, over whatever `{key}` held before", leak.ident.root.file
        )
    ]
    fix = ctx.fix(fixes.cancel_replaced_entry, store, via)
    return say.finding(ctx, RULE, leak, message, *extra, fixes=(fix,))


def _replaced_cancel(ctx: Context, leak: Leak) -> Finding:
    """The next call of the method stores a fresh cancel over this one, uncalled
    (analysis/replaced_cancels.py)."""
    _kind, store, again, again_file = leak.ident.lost_key
    method = say.function_name(leak.ident.root) or "the method"
    target = gosyntax.text(gosyntax.field(store, "left"))
    message = (
        f"{say.who(leak)} blocks forever {say.verb(leak)} once `{method}` runs again: it "
        f"stores a new cancel function in `{target}` (line {gosyntax.line_of(store)}) without "
        f"calling the one the field holds, so this context is never cancelled"
    )
    again_note = (
        f"`{method}` is declared here: exported, it may be called again"
        if again.type == "field_identifier"
        else f"`{method}` runs again here on the same object"
    )
    constructor = gosyntax.enclosing_function(again)
    if constructor is not None and constructor.type == "function_declaration":
        # AUTO_STARTED: the constructor runs it once already, under an option
        again_note = (
            f"`{gosyntax.function_name(constructor)}` already runs `{method}` here; a caller "
            f"that also calls the exported `{method}` runs it a second time"
        )
    extra = [
        ctx.related(
            store, "the new cancel function replaces the old one here", leak.ident.root.file
        ),
        ctx.related(again, again_note, again_file),
    ]
    fix = ctx.fix(fixes.cancel_before_replacing, store)
    return say.finding(ctx, RULE, leak, message, *extra, fixes=(fix,))


def _signal_on_copy(ctx: Context, leak: Leak) -> Finding:
    """The channel the goroutine waits on was made on a value receiver's copy
    (analysis/copied_receivers.py): the type's stopping method closes the original's."""
    _kind, made, starter, closer, type_name = leak.ident.lost_key
    name = say.function_name(starter) or "the method"
    target = gosyntax.text(made.child_by_field_name("left"))
    message = (
        f"{say.who(leak)} blocks forever {say.verb(leak)}: `{name}` has a value receiver, so "
        f"`{target}` is made on a copy of the `{type_name}`, and `{closer}` closes the "
        f"original's field, never this channel"
    )
    extra = [ctx.related(made, "made on the method's own copy of the receiver", starter.file)]
    fix = ctx.fix(fixes.build_in_file, starter.node, fixes.pointer_receiver, starter.node)
    return say.finding(ctx, RULE, leak, message, *extra, fixes=(fix,))


def _replaced_signal(ctx: Context, leak: Leak) -> Finding:
    """A method puts a fresh channel in the field the goroutine's signal came from,
    without closing the old one (analysis/replaced_signals.py)."""
    _kind, assignment, method, again = leak.ident.lost_key
    replacer = say.function_name(method) or "a method"
    field = gosyntax.text(assignment.child_by_field_name("left"))
    when = f"once `{replacer}` runs again" if again is not None else f"once `{replacer}` is called"
    if again is not None and again[1] == "loop":
        when = f"once `{replacer}` goes round its loop again"
    at = f"line {gosyntax.line_of(assignment)}"
    if method.file.path != ctx.file.path:
        at += f" of {os.path.basename(method.file.path)}"
    message = (
        f"{say.who(leak)} blocks forever {say.verb(leak)} {when}: it replaces `{field}` "
        f"at {at} without closing the old channel, "
        f"the only thing that would release this wait"
    )
    extra = [
        ctx.related(
            assignment,
            "a new channel replaces the old one here, which is never closed",
            method.file,
        )
    ]
    if again is not None and again[1] == "loop":
        extra.append(ctx.related(again[0], "this loop makes the next channel", again[2]))
    elif again is not None:
        call, how, call_file = again
        note = (
            f"`{replacer}` runs again here, on an object already started"
            if how == "method"
            else f"the constructor runs `{replacer}` here first; callers run it again"
        )
        extra.append(ctx.related(call, note, call_file))
    fix = ctx.fix(fixes.build_in_file, assignment, fixes.close_before_replacing, assignment)
    return say.finding(ctx, RULE, leak, message, *extra, fixes=(fix,))


def _fixes(ctx: Context, leak: Leak) -> tuple[Fix, ...]:
    """Release the receivers with a deferred close; else give the goroutine a way out."""
    v = leak.verdict
    out: list[Fix | None] = []
    if leak.ident.cancel_var is not None:
        # Waiting on a context whose cancel function is kept: call it where the owner lets go.
        out.append(ctx.fix(fixes.call_kept_cancel, v.func.node, leak.ident.root.node))
    stopper = _stopper_without_arguments(ctx, leak)
    if stopper is not None and leak.exit is not None and leak.ident.var is not None:
        # STOPPED_BY_ITS_METHODS: stop the dropped struct while something still can.
        out.append(ctx.fix(fixes.stop_before_dropping, leak.exit, leak.ident.var.name, stopper))
    ch = say.old_channel(ctx, leak)
    if v.event.kind != "send" and ch is not None and say.only_root_sends(ch):
        if leak.exit_kind in ("continue", "break"):
            # EXPLICIT_CONTINUE: a deferred close would wait for the function's end;
            # the iteration's channel is released where the iteration is left.
            out.append(ctx.fix(fixes.close_before_return, leak.exit, say.display_name(leak)))
        out.append(ctx.fix(fixes.defer_close, ch))
    if not any(out) and not leak.never and leak.exit is not None and v.event.kind != "send":
        # The function that gives up closes on its other paths: close on every one.
        starts = [v.partner.event.node] if v.partner is not None else []
        out.append(ctx.fix(fixes.close_on_every_way_out, leak.exit, say.display_name(leak), starts))
    if v.func.file.path == ctx.file.path:
        out.append(ctx.fix(fixes.wrap_in_select, v.event.node, v.func.node))
    # A lone send that nobody receives completes into a buffer of one.
    if (
        v.event.kind == "send"
        and v.partner is not None
        and not v.partner.repeated
        and say.sends_once(leak)
    ):
        out.append(ctx.fix(fixes.buffer_channel, say.buffer_target(leak, ctx.file), "1"))
    return tuple(f for f in out if f is not None)


def _stopper_without_arguments(ctx: Context, leak: Leak) -> str | None:
    """The first method that closes the field on the struct the way out drops, when it
    takes no arguments (a call the fix can write)."""
    detail = leak.verdict.detail
    # A struct the root makes itself (holder), or a constructor's object (object).
    type_name = detail.get("holder_type", detail.get("object_type"))
    if type_name is None:
        return None
    for name in detail.get("holder_closers", detail.get("object_closers", ())):
        decl = ctx.package.method_of(str(type_name), name)
        params = decl.node.child_by_field_name("parameters") if decl is not None else None
        if params is not None and not params.named_children:
            return str(name)
    return None


RULE = Rule(
    code="GL003",
    name="orphaned-goroutine",
    summary="A goroutine blocks on a channel that nothing will ever send on, receive from or close",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
    # An object's reading goroutine (open_connections.py) may sit in a file with no
    # channel or `go` of its own: the reads it starts from.
    triggers=READ_TRIGGERS,
)
