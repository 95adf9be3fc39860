"""
# blocks-forever-on-nil-channel (GL014)

## What it does
Finds a send, receive or `range` on a channel variable that is declared
(`var ch chan T`) but never made, or made only on some paths before the goroutine
starts, and an empty `select {}` inside a goroutine. Also a channel of
caller-provided options (an exported channel field of an `...Options`/`...Config`
struct, or one commented as optional) that the package never sets nor checks for
nil: a goroutine that sends on it, or whose loop only ends on a receive from it,
never finishes when the caller leaves the field out. And an unexported channel field
that only a functional option sets (`WithMissed(ch) Option`), which the package neither
applies itself nor checks for nil: a goroutine whose own code, or a method it calls on
its receiver, sends on or receives from it blocks forever when the caller does not pass
the option.

## Why is this bad?
Sending on or receiving from a nil channel blocks forever; so does `select {}`. In a
goroutine that is a guaranteed leak. (A nil channel in a `select` case is a common
idiom to disable that case and is not reported; neither is `select {}` at the end of
`main`, nor a goroutine parked on purpose, DELIBERATE_PARK in
`analysis/deliberate_parks.py`: `select {}` as all it does, or `var c chan int; c <- 0`
with `c` used nowhere else, as tracers' and leak detectors' tests write them.)

## Example
```go
func watch() {
        var events chan Event // never made
        go func() {
                for e := range events { // blocks forever
                        log.Println(e)
                }
        }()
}
```

## Use instead
```go
        events := make(chan Event)
```

## Fix safety
Making the channel changes a guaranteed block into a working channel; whoever is
meant to send on it must still do so. The fix is offered as unsafe. A channel made
on some paths only (`if verify { sums = make(chan uint32, 1) }`), used by a goroutine
started where it may still be nil, is made on every path instead:
`var sums = make(chan uint32, 1)`, the conditional `make` dropped when it was all its
`if` did. Only for a buffered `make`, whose buffer takes the value nobody receives on
the other paths; unsafe, since the goroutine now runs to its end there. An empty
`select {}` becomes a receive from `ctx.Done()` (or the done/stop channel in scope):
safe, the goroutine still waits until it is told to stop. With nothing in scope, a
literal goroutine waits on a `stop` channel its starter closes when it returns:
unsafe, it now ends with its starter.
A send, receive statement or `range` on an optional channel the caller may leave nil
(a field of caller-provided options) is skipped when it is nil:
`if cfg.Events != nil { cfg.Events <- ev }`, safe since with the channel set it runs
as before. A loop whose only way out is such an optional channel gets one of its
own, as for GL009: `case <-ctx.Done(): return` when a context reaches it, else a
`stop` field closed by the type's `Close`/`Stop` (unsafe); a type without either
gets no fix.
A channel field made only by a method that may not have run yet (`Open`, `Serve`)
is made with its value instead, in the one composite literal that builds the type
(`return &Conn{addr: addr, closed: make(chan struct{})}`), and the method makes it
only while it is still nil (`if c.closed == nil { ... }`): unsafe, since the channel
now exists from construction and a second call of the method keeps it. The literal
and the method are often in another file than the goroutine: the fix edits them there.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from goleash import fixes, gosyntax
from goleash.analysis.channels import declared_channel
from goleash.analysis.classify import Leak
from goleash.analysis.deliberate_parks import parks_goroutine, parks_on_fresh_channel
from goleash.analysis.leaks import verb
from goleash.analysis.liveness import Verdict
from goleash.model import Finding, Severity
from goleash.rules import _leakreport as say
from goleash.rules import _report
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    caps = ctx.candidates
    for spec in caps.get("nil_chan_spec", []):
        if spec.child_by_field_name("value") is not None:
            continue
        owner = gosyntax.enclosing_function(spec)
        if owner is None or spec.parent is None:
            continue  # a package-level variable: anyone may assign it
        for name_node in spec.children_by_field_name("name"):
            ch = declared_channel(
                gosyntax.text(name_node), owner, ctx.file, spec.parent, ctx.package
            )
            if not ch.trusted:
                continue
            for op in ch.ops:
                if not op.blocking or parks_on_fresh_channel(op.node):
                    continue  # DELIBERATE_PARK: `var c chan int; c <- 0`, blocked on purpose
                message = (
                    f"`{ch.name}` is nil (declared, never made): {verb(op, ch)} blocks forever"
                )
                fix = ctx.fix(fixes.make_nil_channel, spec)
                yield ctx.finding(
                    RULE,
                    _report.primary(ctx, op),
                    message,
                    _report.parties(ctx, ch, op),
                    fixes=(fix,) if fix else (),
                )
    for leak in ctx.leaks:
        if leak.code != "GL014":
            continue
        v = leak.verdict
        if "lazy" in v.detail:
            yield _lazy_field_finding(ctx, leak)
            continue
        if "optional" in v.detail:
            yield _optional_field_finding(ctx, leak)
            continue
        made = v.detail["made_at"]
        action = {"send": "sending on", "recv": "receiving from", "range": "ranging over"}.get(
            v.event.kind, "using"
        )
        message = (
            f"goroutine blocks forever {say.verb(leak)} when `{leak.ident.name}` is nil: it is made only on "
            f"some paths (line {gosyntax.line_of(made)}), and {action} a nil channel never completes"
        )
        related = [
            ctx.related(
                _started_at(v),
                "the goroutine is started here, where the channel may still be nil",
            ),
            ctx.related(made, f"`{leak.ident.name}` is made here, on some paths only"),
        ]
        fix = ctx.fix(fixes.make_on_every_path, leak.ident.birth, made)
        yield ctx.finding(
            RULE, say.primary(ctx, leak), message, related, fixes=(fix,) if fix else ()
        )
    started = {
        g.func.id: g for g in ctx.goroutines if g.func is not None and g.file.path == ctx.file.path
    }
    for select in caps.get("select", []):
        if gosyntax.select_cases(select):
            continue
        func = gosyntax.enclosing_function(select)
        g = started.get(func.id) if func is not None else None
        if g is None or g.started_for_process_lifetime or parks_goroutine(select, g.body):
            continue  # DELIBERATE_PARK: `go func() { select {} }()` blocks on purpose
        message = f"{g.name} blocks forever on an empty `select {{}}`"
        fix = ctx.fix(fixes.wait_instead_of_empty_select, select, func)
        yield ctx.finding(
            RULE,
            select,
            message,
            [ctx.related(g.start, "the goroutine is started here")],
            fixes=(fix,) if fix else (),
        )


def _optional_field_finding(ctx: Context, leak: Leak) -> Finding:
    """A channel of caller-provided options that the caller may leave nil."""
    v = leak.verdict
    type_name, field = v.detail["optional"]
    where = f"`{type_name}.{field}`"
    elsewhere = v.func.file.path != ctx.file.path  # the goroutine's body is in another file
    if v.kind == "nil-loop":
        primary = say.primary(ctx, leak) if elsewhere else v.detail["loop"]
        message = (
            f"goroutine loops forever when the caller leaves {where} unset: its only way out is a receive "
            f"from {where}, and a nil channel never delivers"
        )
        related = [
            ctx.related(v.event.node, f"the only way out: a receive from {where}", v.func.file)
        ]
    else:
        primary = say.primary(ctx, leak)
        action = {"send": "a send on", "recv": "a receive from", "range": "a range over"}[
            v.event.kind
        ]
        option = v.detail.get("option")
        if option is not None:
            message = (
                f"goroutine blocks forever when the caller does not pass `{option[0]}`: {where} "
                f"stays nil, {action} a nil channel never completes, and nothing in the package "
                f"checks {where} for nil"
            )
        else:
            message = (
                f"goroutine blocks forever when the caller leaves {where} unset: {action} a nil "
                f"channel never completes, and nothing in the package checks {where} for nil"
            )
        related = (
            [ctx.related(v.event.node, f"the goroutine blocks here, {action} {where}", v.func.file)]
            if elsewhere
            else []
        )
    related.append(ctx.related(_started_at(v), "the goroutine is started here"))
    if v.detail.get("option") is not None:
        name, store, store_file = v.detail["option"]
        related.append(ctx.related(store, f"only the option `{name}` sets {where}", store_file))
    elif v.detail.get("field_decl") is not None:
        decl = v.detail["field_decl"]
        related.append(
            ctx.related(
                decl, f"{where} is optional: the package never sets it", v.detail["field_file"]
            )
        )
    fix = None
    if v.func.file.path == ctx.file.path:
        if v.kind == "nil-loop":
            # The optional channel cannot be the loop's only way out: give it one of its own.
            fix = ctx.fix(fixes.stop_loop, primary, v.func.node) or ctx.fix(
                fixes.stop_field, primary, v.func.node, _started_at(v)
            )
        else:
            fix = ctx.fix(fixes.skip_when_nil, v.event.node)
    return ctx.finding(RULE, primary, message, related, fixes=(fix,) if fix else ())


def _started_at(v: Verdict) -> Node:
    """The `go` statement of the goroutine a nil-channel verdict is about."""
    assert (
        v.partner is not None
    )  # every nil-op and nil-loop verdict is made for a started goroutine
    return v.partner.event.node


def _lazy_field_finding(ctx: Context, leak: Leak) -> Finding:
    """A channel field made only by a method that may not have run yet."""
    v = leak.verdict
    type_name, field = v.detail["lazy"]
    maker = v.detail["maker"]
    maker_name = gosyntax.function_name(maker) or "a method"
    where = f"`{type_name}.{field}`"
    action = {"send": "a send on", "recv": "a receive from", "range": "a range over"}[v.event.kind]
    message = (
        f"goroutine blocks forever when {where} is still nil: it is made only by `{maker_name}`, "
        f"which may not have run, and {action} a nil channel never completes"
    )
    related = [
        ctx.related(_started_at(v), "the goroutine is started here"),
        ctx.related(maker, f"{where} is made only here", v.detail["maker_file"]),
    ]
    if v.func.file.path != ctx.file.path:  # the goroutine's body is in another file
        related.insert(
            0,
            ctx.related(v.event.node, f"the goroutine blocks here, {action} {where}", v.func.file),
        )
    fix = ctx.fix(fixes.make_with_value, type_name, field, maker, v.detail["maker_file"])
    return ctx.finding(RULE, say.primary(ctx, leak), message, related, fixes=(fix,) if fix else ())


RULE = Rule(
    code="GL014",
    name="blocks-forever-on-nil-channel",
    summary="A goroutine blocks forever on a nil channel or an empty select",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
