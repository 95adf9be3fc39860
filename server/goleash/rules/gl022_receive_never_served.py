"""
# receive-never-served (GL022)

## What it does
Finds a function that blocks forever receiving from a channel it made: the
goroutines it started to send on it do not send on every path (one returns early on
an error, one skips the send on a branch), or fewer of them send than the function
receives. Also a function that sends a request, carrying the channel to answer on, to
a serving goroutine of the package and waits for the answer, when the server (or the
function it hands the request or a batch of requests to) drops the request on some
path: it returns, or goes on to the next request, without answering
(analysis/unanswered_requests.py). And a wait on a gate channel kept in a struct field
(`<-s.ready`) when the one method that closes the gate also makes it anew and, on some
path, returns without closing the fresh one (a failed reload): whoever waits on it then
waits forever; or when the one method that closes the gate runs once, under a
`sync.Once`, and ends on some path (every dial failed) without closing it
(analysis/shut_gates.py). Or when each holder gets a gate of its own (`&call{done:
make(chan struct{})}`) and the one function closing it, handed the holder, returns on
some path without closing it (a flight leader's error return, HANDED_A_FRESH_GATE):
an unguarded close runs once per holder, so that holder's waiters wait for good. And
a reply awaited by key: the requester waits on a
channel a registry of the package keeps under the request's id (`ch :=
n.waits.register(id)`), and the function the request is handed to returns on some path
without delivering that id (`n.waits.trigger(p.id, r)`) or handing the request on
(analysis/keyed_replies.py).

A goroutine whose only way out without the send is a case on a stop channel the
function closes in a `defer`, or right before a `return` that does not wait
(`defer close(stop)` ... `return <-done`), is not taken to skip it: while the function
waits, that case cannot win (STOP_AFTER_THE_WAIT).

## Why is this bad?
The function waits for a value that never comes. It never returns: its caller,
the request it serves and every goroutine waiting on it are stuck with it. In
`main` or a test the runtime may notice ("all goroutines are asleep"); in a server
it just hangs, one request at a time.

## Example
```go
func squares(xs []int) []int {
        out := make(chan int)
        for _, x := range xs {
                go func(x int) {
                        if x < 0 {
                                return // no send: squares waits for it forever
                        }
                        out <- x * x
                }(x)
        }
        var res []int
        for range xs {
                res = append(res, <-out)
        }
        return res
}
```

## Use instead
```go
                go func(x int) {
                        if x < 0 {
                                out <- 0 // every goroutine sends exactly once
                                return
                        }
                        out <- x * x
                }(x)
```
or count the results that are really coming (`results := 0; ... results++`) and
receive that many.

## Fix safety
A goroutine that signals by closing (`close(done)` on its good path) gets the close
moved into a `defer` at its top, so its early returns close too: safe when nothing
but a `return` followed the close. A goroutine that sends a value gets a send of the
element type's zero value before the early `return` (`out <- 0`): unsafe, since the
receiver now gets a value it must tell from a real one (or count the results that
are really coming instead). A select waiting on several channels gets the zero value
on the first channel the goroutine sends on elsewhere in that function. A goroutine
whose recovered panic ends it before its send, and which is the channel's one sender,
gets `defer close(ch)` as its first statement (it runs after the recovering `defer`):
unsafe as well, the receiver gets a zero value on that path. A dropped request is
answered before the `return` or `continue` that drops it, the way the server answers
the others (`req.reply <- result{err: err}` inside `if err != nil`, `close(req.done)`,
or the same for each request of a dropped batch), in whichever file the server is:
unsafe, since the requester now gets an error or a zero value it must handle.

A gate left shut by the method that makes it anew gets `close(s.ready)` before the
`return` that leaves it shut, under the make's own condition when the make sits under
one (`if s.cfg != nil { close(s.ready) }`): unsafe, since the waiters now go on with the
state the failed call left (the previous value). A gate whose opener runs once, or whose one closer is
handed the holder, gets its close moved into a `defer` at the top of that function:
unsafe too, the waiters go on after a failure and must look at the error it recorded.

A reply awaited by key gets the registry's delivery of the request's key before the
`return` that drops it (`n.waits.trigger(p.id, Result{})`, with `err` for an `error`
parameter inside `if err != nil`): unsafe, the requester now gets a zero value it must
tell from a real one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from tree_sitter import Node

from goleash import fixes, gosyntax
from goleash.analysis.classify import Leak
from goleash.analysis.keyed_replies import DroppedKey, dropped_keys
from goleash.analysis.liveness import Partner
from goleash.analysis.scopes import Var
from goleash.analysis.shut_gates import HANDED, RE_ARMED, ShutGate, shut_gates
from goleash.model import Finding, Fix, Severity
from goleash.rules import _leakreport as say
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    for gate in shut_gates(ctx.liveness.functions, ctx.file):
        yield _shut_gate(ctx, gate)
    receives = ctx.candidates.get("receive_expr", [])
    for dropped in dropped_keys(ctx.liveness.functions, ctx.file, receives):
        yield _dropped_key(ctx, dropped)
    for leak in ctx.leaks:
        if leak.code != "GL022":
            continue
        v = leak.verdict
        if leak.ident.group:
            yield _select_group_finding(ctx, leak)
            continue
        if v.kind == "request-dropped":
            yield _dropped_request_finding(ctx, leak)
            continue
        name = say.display_name(leak)
        subject = (
            say.owner(leak)
            if v.func is leak.ident.root or v.func.node == leak.ident.root.node
            else "the function"
        )
        related = []
        p = v.partner
        if leak.never or p is None:
            why = f"nothing ever sends on or closes `{name}`"
        elif "used_up" in v.detail:
            sent = v.detail["used_up"]
            values = "one value" if sent == 1 else f"{sent} values"
            who = (
                f"the goroutine started at line {gosyntax.line_of(p.event.node)} sends"
                if v.detail["senders"] == 1
                else "the goroutines started before it send"
            )
            why = (
                f"{who} {values} on `{name}` in all, already received before this receive, "
                f"and nothing closes it"
            )
            if say.in_file(ctx, p.event.node):
                related.append(ctx.related(p.event.node, "the goroutine is started here"))
        else:
            start = gosyntax.line_of(p.event.node)
            ex = v.exit.ast if v.exit is not None else None
            if ex is not None and ex.type == "return_statement":
                release = say.release_of(leak)
                why = f"the goroutine started at line {start} returns at line {gosyntax.line_of(ex)} without {release}"
                if say.in_file(ctx, ex):
                    related.append(ctx.related(ex, f"returns here without {release}"))
            elif ex is not None and ex.type == "defer_statement":
                why = (
                    f"the goroutine started at line {start} recovers from panics (line {gosyntax.line_of(ex)}), "
                    f"and a panic before its send on `{name}` ends it without sending"
                )
                related.append(
                    ctx.related(
                        ex, "a panic is recovered here, and the goroutine returns", p.func.file
                    )
                )
            else:
                why = (
                    f"the goroutine started at line {start} does not send on `{name}` on every path"
                )
            if say.in_file(ctx, p.event.node):
                related.append(
                    ctx.related(
                        p.event.node,
                        "the goroutine is started here"
                        + (" (once per loop iteration)" if p.repeated else ""),
                    )
                )
        birth = leak.ident.birth
        if say.in_file(ctx, birth):
            related.append(ctx.related(birth, say.make_note(leak)))
        message = f"{subject} blocks forever {say.verb(leak)}: {why}"
        yield ctx.finding(RULE, say.anchor(v.event), message, related, fixes=_fixes(ctx, leak))


def _dropped_request_finding(ctx: Context, leak: Leak) -> Finding:
    """The requester waits for an answer that a server of its request can drop
    (analysis/unanswered_requests.py). The fix answers on the dropping path, the way
    the server answers on its others."""
    v = leak.verdict
    p = v.partner
    assert p is not None and v.exit is not None  # the verdict names the dropping path
    name = say.display_name(leak)
    server = say.function_name(p.func) or "the server"
    where = v.exit.ast
    assert where is not None  # a return, a jump or the function's closing brace
    at = f"line {gosyntax.line_of(where)}"
    if p.func.file.path != leak.ident.root.file.path:
        at += f" of {os.path.basename(p.func.file.path)}"
    how = {
        "return": f"returns at {at} without answering it",
        "end": f"reaches its end at {at} without answering it",
        "continue": f"goes on to the next request at {at} without answering it",
    }.get(v.detail.get("drop", ""), f"goes on to the next request after {at} without answering it")
    request = v.detail["request"].node
    why = f"the request sent at line {gosyntax.line_of(request)} can be dropped: `{server}` {how}"
    related = [ctx.related(request, f"the request carrying `{name}` is sent here")]
    related.append(ctx.related(where, "the request is dropped here, unanswered", p.func.file))
    related.append(
        ctx.related(
            p.event.node,
            f"`{server}` is started here"
            if p.event.kind == "spawn"
            else f"`{server}` is called here",
            v.detail["via_file"],
        )
    )
    birth = leak.ident.birth
    if say.in_file(ctx, birth):
        related.append(ctx.related(birth, say.make_note(leak)))
    message = f"{say.owner(leak)} blocks forever {say.verb(leak)}: {why}"
    fix = None
    if v.detail["drop"] in ("return", "continue"):
        fix = ctx.fix(
            fixes.build_in_file, where, fixes.answer_dropped_request, where, v.detail["answer"]
        )
    return ctx.finding(RULE, say.anchor(v.event), message, related, fixes=(fix,) if fix else ())


def _fixes(ctx: Context, leak: Leak) -> tuple[Fix, ...]:
    """Serve the receiver on the goroutine's path that forgot it: a goroutine that signals
    by closing closes on every path (a deferred close); one that sends a value sends the
    zero value before its early return."""
    v = leak.verdict
    p = v.partner
    if leak.never or p is None or p.func is None:
        return ()
    out = []
    ex = v.exit.ast if v.exit is not None else None
    if ex is not None and ex.type == "return_statement":
        out.append(_send_before_return(ctx, p, ex))
    if not sends_on(p) and p.func.node.type == "func_literal":
        out.append(ctx.fix(fixes.close_at_goroutine_exit, p.func.node, say.display_name(leak)))
    if ex is not None and ex.type == "defer_statement" and _sole_sender(leak, p):
        # A recovered panic ends the goroutine before its send: close when it ends.
        operand = next(
            (
                ev.node.child_by_field_name("channel")
                for ev, _f in p.summary.ops
                if ev.kind == "send"
            ),
            None,
        )
        if operand is not None:
            out.append(
                ctx.fix(fixes.close_when_goroutine_ends, p.func.node, gosyntax.text(operand))
            )
    return tuple(f for f in out if f is not None)


def _sole_sender(leak: Leak, p: Partner) -> bool:
    """The partner, a literal started once, is the only one that sends on the channel."""
    v = leak.verdict
    others = [q for q in v.detail.get("partners", ()) if q is not p]
    return (
        p.func.node.type == "func_literal"
        and not p.repeated
        and not v.detail.get("root_sends")
        and not any(ev.kind == "send" for q in others for ev, _f in q.summary.ops)
    )


def sends_on(partner: Partner) -> bool:
    return any(ev.kind == "send" for ev, _f in partner.summary.ops)


def _made_at(var: Var) -> Node:
    """The `make` of a channel in a select group."""
    made = var.assignments[0][1]
    assert made is not None  # select_groups groups only channels assigned once, from a `make`
    return made


def _select_group_finding(ctx: Context, leak: Leak) -> Finding:
    """A select waiting on several channels of the function, none of which a goroutine
    path sends on."""
    v = leak.verdict
    ident = leak.ident
    assert ident.var is not None  # a select group's identity is one of its channels
    chans = sorted((ident.var, *ident.group), key=lambda var: _made_at(var).start_byte)
    names = [var.name for var in chans]
    listed = ", ".join(f"`{n}`" for n in names[:-1]) + f" and `{names[-1]}`"
    select = v.event.case.select if v.event.case is not None else v.event.node
    subject = say.owner(leak)
    related = []
    p = v.partner
    ex = v.exit.ast if v.exit is not None else None
    if p is None:
        why = f"nothing ever sends on {listed}"
    elif ex is not None and ex.type == "return_statement":
        why = (
            f"the goroutine started at line {gosyntax.line_of(p.event.node)} returns at line "
            f"{gosyntax.line_of(ex)} without sending on any of them"
        )
        related.append(ctx.related(ex, "returns here without sending on any of them", p.func.file))
    else:
        why = f"the goroutine started at line {gosyntax.line_of(p.event.node)} does not send on one of them on every path"
    if p is not None:
        related.append(ctx.related(p.event.node, "the goroutine is started here", ident.root.file))
    for var in chans:
        made = _made_at(var)
        related.append(ctx.related(made, f"`{var.name}` is made here", ident.root.file))
    message = f"{subject} blocks forever in a select receiving from {listed}: {why}"
    fix = None
    if p is not None and ex is not None and ex.type == "return_statement":
        # Serve the select on the path that forgot it.
        fix = _send_before_return(ctx, p, ex)
    return ctx.finding(RULE, select, message, related, fixes=(fix,) if fix else ())


def _send_before_return(ctx: Context, p: Partner, ret: Node) -> Fix | None:
    """The zero value sent, before the goroutine's early `return`, on the first channel
    it sends on in the function that returns."""
    home = gosyntax.enclosing_function(ret)
    sends = [
        ev.node
        for ev, _f in p.summary.ops
        if ev.kind == "send" and gosyntax.enclosing_function(ev.node) == home
    ]
    return ctx.fix(fixes.send_before_return, ret, sends[0]) if sends else None


def _dropped_key(ctx: Context, d: DroppedKey) -> Finding:
    """The requester waits on a channel registered under a key that the request's handler
    does not deliver on some path (keyed_replies)."""
    waiter = gosyntax.enclosing_function(d.wait)
    if waiter is None or waiter.type == "func_literal":
        who = "goroutine"
    else:
        who = f"`{gosyntax.function_name(waiter) or 'this function'}`"
    handler = gosyntax.function_name(d.handler.node) or "the handler"
    exit_ast = d.exit.ast
    returned = exit_ast if exit_ast is not None and exit_ast.type == "return_statement" else None
    where = f"returns at line {gosyntax.line_of(returned)}" if returned else "reaches its end"
    if d.handler.file.path != ctx.file.path:
        where += f" of {os.path.basename(d.handler.file.path)}"
    delivered = gosyntax.text(gosyntax.field(d.deliver, "function"))
    message = (
        f"{who} blocks forever receiving from `{d.waited}`: it waits until `{delivered}` is called "
        f"with the key of the request sent at line {gosyntax.line_of(d.request)}, and "
        f"`{handler}` {where} without calling it"
    )
    related = [
        ctx.related(d.register, f"`{d.waited}` is registered under the key here"),
        ctx.related(d.request, "the request carrying the key is sent here"),
        ctx.related(d.via, f"the request is handed to `{handler}` here", d.via_file),
    ]
    if returned is not None:
        related.append(
            ctx.related(returned, "the request is dropped here, undelivered", d.handler.file)
        )
    related.append(ctx.related(d.deliver, "it is delivered only on other paths", d.handler.file))
    fix = ctx.fix(
        fixes.build_in_file,
        returned,
        fixes.deliver_dropped_key,
        returned,
        d.deliver,
        d.deliverer,
        d.key_index,
    )
    return ctx.finding(RULE, d.wait, message, related, fixes=(fix,) if fix else ())


def _shut_gate(ctx: Context, g: ShutGate) -> Finding:
    """The gate's maker re-arms it, or its one opener runs once, and leaves on some path
    without opening it (shut_gates)."""
    maker = gosyntax.function_name(g.maker.node) or "the function that makes it"
    waiter = gosyntax.enclosing_function(g.wait)
    who = (
        f"`{gosyntax.function_name(waiter)}`"
        if waiter is not None and gosyntax.function_name(waiter)
        else "this function"
    )
    exit_ast = g.exit.ast
    where = (
        f"line {gosyntax.line_of(exit_ast)}"
        if exit_ast is not None and exit_ast.type == "return_statement"
        else "its end"
    )
    where_file = (
        "" if g.maker.file.path == ctx.file.path else f" of {os.path.basename(g.maker.file.path)}"
    )
    copied = "" if "." in g.waited else f" (copied from the `{g.field}` field)"
    closed = gosyntax.text(gosyntax.call_arguments(g.close)[0])
    if g.how == HANDED:
        message = (
            f"{who} can wait forever on `{g.waited}`{copied}: each holder gets its own "
            f"`{g.field}` channel, and `{maker}`, the one function that closes it, leaves at "
            f"{where}{where_file} without closing it; nothing else ever closes it"
        )
        related = (
            [ctx.related(g.make, f"each holder's `{g.field}` is made here", g.make_file)]
            if g.make is not None
            else []
        )
    elif g.how == RE_ARMED:
        message = (
            f"{who} can wait forever on `{g.waited}`{copied}: `{maker}` makes the `{g.field}` "
            f"channel anew and leaves at {where}{where_file} without closing it, though it "
            f"closes it on its other paths, and nothing else ever closes it"
        )
        related = (
            [ctx.related(g.make, f"`{maker}` makes a fresh `{g.field}` here", g.maker.file)]
            if g.make is not None
            else []
        )
    else:
        message = (
            f"{who} can wait forever on `{g.waited}`{copied}: `{maker}`, run once under a "
            f"`sync.Once`, closes the `{g.field}` channel on some paths only and leaves at "
            f"{where}{where_file} without closing it, and nothing else ever closes it"
        )
        related = []
    if exit_ast is not None and exit_ast.type == "return_statement":
        related.append(ctx.related(exit_ast, "and leaves here with it still shut", g.maker.file))
    related.append(ctx.related(g.close, "it is closed only here", g.maker.file))
    if g.how == RE_ARMED and g.make is not None:
        fix = (
            ctx.fix(
                fixes.build_in_file,
                exit_ast,
                fixes.open_gate_before_return,
                exit_ast,
                g.make,
                closed,
            )
            if exit_ast is not None and closed
            else None
        )
    else:
        fix = ctx.fix(
            fixes.build_in_file, g.maker.node, fixes.close_at_goroutine_exit, g.maker.node, closed
        )
    return ctx.finding(RULE, g.wait, message, related, fixes=(fix,) if fix else ())


RULE = Rule(
    code="GL022",
    name="receive-never-served",
    summary="A function waits for a value its goroutines do not send on every path",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
    preview_in_tests=True,
)
