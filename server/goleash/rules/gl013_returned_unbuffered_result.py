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

A channel whose `return` sits in another function than the one that makes it (an
accessor, `func (w *Ticker) Ticks() chan T { return w.C }`, called by the maker) comes
back to the maker, and is not reported (RETURNED_BY_ITS_MAKER).

A function literal is not reported (LITERAL_CALLBACKS): a callback returning a
channel is called wherever it is handed, which is not followed, and one kept in a
local variable is judged at each of its call sites by the leak model.

## Fix safety
A buffer of one lets the single send complete whether or not anyone reads it. It
changes when the goroutine can finish, so it is unsafe and offered one by one.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from goleash import fixes, gosyntax
from goleash.analysis.channels import OpKind, returned_only
from goleash.analysis.leaks import blocking_goroutine_ops, sends_once, verb
from goleash.model import Finding, Severity
from goleash.rules import _report
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    for ch in ctx.channels:
        if ch.capacity != 0 or not returned_only(ch):
            continue
        if ch.of(OpKind.RECV, OpKind.RANGE):
            continue
        if ch.owner.type == "func_literal":
            # LITERAL_CALLBACKS: a literal returning a channel is a callback (a fake's
            # watch function, a hook) whose callers are where it is handed, which we do
            # not follow; one kept in a local is judged at each call site below.
            continue
        if any(
            e.file.path != ctx.file.path or not gosyntax.is_within(e.node, ch.owner)
            for e in ch.escapes
        ):
            # RETURNED_BY_ITS_MAKER: a `return c.C` in an accessor the maker calls hands the
            # channel back to the maker (`wct := wt.Ticker(); <-wct`), not to its caller.
            continue
        if _every_caller_seen(ctx, ch.owner):
            continue  # the leak model judges each call site: a caller that drops the result is reported there
        for op in blocking_goroutine_ops(ch, OpKind.SEND):
            if op.actor.repeated or not sends_once(op.actor, ch.of(OpKind.SEND)):
                continue
            message = (
                f"{_report.who(op.actor)} blocks forever {verb(op, ch)} if the caller of `{ch.owner_name}` "
                f"never receives the result: `{ch.name}` is returned unbuffered"
            )
            returns = [
                ctx.related(e.node, f"`{ch.name}` is handed to the caller here", e.file)
                for e in ch.escapes
            ]
            fix = ctx.fix(fixes.buffer_channel, ch, "1")
            yield _report.finding(ctx, RULE, ch, op, message, *returns, fixes=(fix,))


def _every_caller_seen(ctx: Context, owner: Node) -> bool:
    """Heuristic CALLERS_IN_VIEW: the helper (a function or a method) is unexported and
    every mention of its name in the package, outside line comments, is a call, so no
    caller is out of sight. Trade-off: a namesake in another scope counts as a mention
    (then the helper is still reported); a `//` inside a string on the line hides one."""
    import re

    name = (
        gosyntax.function_name(owner)
        if owner.type in ("function_declaration", "method_declaration")
        else None
    )
    if not name or name[:1].isupper():
        return False  # exported: callers outside the package
    mention = re.compile(rb"\b" + re.escape(name.encode()) + rb"\b(\s*\()?")
    declared = owner.child_by_field_name("name")
    found_call = False
    for f in ctx.package.files:
        text = f.data
        for m in mention.finditer(text):
            if text[max(0, m.start() - 5) : m.start()].endswith(b"func "):
                continue  # the declaration itself
            if (
                declared is not None
                and f.path == ctx.file.path
                and m.start() == declared.start_byte
            ):
                continue  # the method's declaration
            if b"//" in text[text.rfind(b"\n", 0, m.start()) + 1 : m.start()]:
                continue  # named in a line comment
            if m.group(1) is None:
                return False  # used as a value: called where we cannot see
            found_call = True
    return found_call


RULE = Rule(
    code="GL013",
    name="returned-unbuffered-result",
    summary="A helper returns an unbuffered channel that its goroutine sends one result on",
    severity=Severity.INFO,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
