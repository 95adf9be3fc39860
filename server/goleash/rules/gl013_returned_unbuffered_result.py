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

A helper whose every caller is in the package is judged at those calls by the leak
model, not here (CALLERS_IN_VIEW); for an exported one, the package's own calls show
the contract when each keeps the channel (CALLERS_SHOW_THE_CONTRACT).

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
from goleash.analysis.channels import Op, OpKind, returned_only
from goleash.analysis.leaks import blocking_goroutine_ops, sends_once, verb
from goleash.analysis.package import is_test_file
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
        if _every_caller_seen(ctx, ch.owner, _result_index(ch.escapes)):
            continue  # the leak model judges each call site: a caller that drops the result is reported there
        if _test_method_named_nowhere(ctx, ch.owner):
            continue
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


def _every_caller_seen(ctx: Context, owner: Node, result: int | None) -> bool:
    """Heuristic CALLERS_IN_VIEW: every mention of the helper's name (a function or a
    method) in the package, outside line comments, is a call, and there is one: the
    leak model judges each of those calls. Trade-off: a namesake in another scope counts
    as a mention (then the helper is still reported); a `//` inside a string on the line
    hides one. For an exported helper (CALLERS_SHOW_THE_CONTRACT) the package's own
    calls show how it is meant to be used: readline's `WaitForResume`, whose one caller
    always receives, and a test double's `GetBlobAt`, called through an interface of the
    package, were read as false findings. What it costs: a caller in another package
    that drops the result is not seen; an exported helper the package never calls is
    still reported."""
    import re

    name = (
        gosyntax.function_name(owner)
        if owner.type in ("function_declaration", "method_declaration")
        else None
    )
    if not name:
        return False
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
            if not name[:1].isupper():
                found_call = True
                continue
            ident = f.root.descendant_for_byte_range(m.start(), m.start() + len(name))
            if (
                ident is not None
                and ident.parent is not None
                and ident.parent.type == "method_elem"
            ):
                continue  # named by an interface: a declaration, not a call
            call = gosyntax.call_naming(ident)
            if call is None or _drops_the_result(call, result):
                return False  # not a call we can read, or one that throws a result away
            found_call = True
    return found_call


def _test_method_named_nowhere(ctx: Context, owner: Node) -> bool:
    """Heuristic TEST_METHODS_CALLED_UNSEEN: a method declared in a test file cannot be
    called from another package; when its own package never names it, it is called by
    reflection or through an interface by the code under test (graphql-go's resolvers,
    a fake's methods), whose way of receiving we do not read. Trade-off: a test method
    that code under test calls and then drops the result of is not reported."""
    if owner.type != "method_declaration" or not is_test_file(ctx.file.path):
        return False
    name = gosyntax.function_name(owner)
    if not name:
        return False
    import re

    word = re.compile(rb"\b" + re.escape(name.encode()) + rb"\b")
    declared = owner.child_by_field_name("name")
    for f in ctx.package.files:
        for m in word.finditer(f.data):
            if (
                declared is not None
                and f.path == ctx.file.path
                and m.start() == declared.start_byte
            ):
                continue
            at = f.root.descendant_for_byte_range(m.start(), m.end())
            if at is not None and (at.type == "comment" or "string" in at.type):
                continue  # a comment, or a name handed to reflection
            return False
    return True


def _result_index(escapes: list[Op]) -> int | None:
    """Which of the helper's results the channel is (`return ctx, h, done`: 1), when
    every `return` handing it out agrees."""
    found: set[int] = set()
    for e in escapes:
        expr = e.node
        while expr.parent is not None and expr.parent.type == "parenthesized_expression":
            expr = expr.parent
        listed = expr.parent
        if listed is None or listed.type != "expression_list":
            return None
        found.add([c.id for c in listed.named_children].index(expr.id))
    return found.pop() if len(found) == 1 else None


def _drops_the_result(call: Node, result: int | None) -> bool:
    """The call discards the channel: a bare statement, a `go` or `defer`, or `_` in its
    place among the names it assigns (`_, errC := c.ContainerWait(ctx, id, "")`; with
    the place unknown, any `_`)."""
    holder = call.parent
    if holder is not None and holder.type == "expression_list":
        holder = holder.parent
    if holder is None:
        return False
    if holder.type in ("expression_statement", "go_statement", "defer_statement"):
        return True
    if holder.type in ("short_var_declaration", "assignment_statement"):
        left = holder.child_by_field_name("left")
        names = left.named_children if left is not None else []
        if result is not None and result < len(names):
            return names[result].text == b"_"
        return any(n.text == b"_" for n in names)
    return False


RULE = Rule(
    code="GL013",
    name="returned-unbuffered-result",
    summary="A helper returns an unbuffered channel that its goroutine sends one result on",
    severity=Severity.INFO,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
