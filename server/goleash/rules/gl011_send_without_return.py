"""
# send-without-return (GL011)

## What it does
Finds a goroutine that sends an error on a channel inside an `if` and then, missing a
`return`, goes on to send again on the same channel, while the receiver reads it only
once.

## Why is this bad?
On the error path the goroutine sends twice. The receiver takes the first value and
moves on; the second send blocks forever.

## Example
```go
go func() {
	res, err := work()
	if err != nil {
		errc <- err
		// missing return
	}
	errc <- res.Check()
}()
return <-errc
```

## Use instead
```go
	if err != nil {
		errc <- err
		return
	}
```

## Fix safety
Inserting the `return` makes the goroutine stop after reporting the error, which is
what the single receive expects: safe.
"""

from __future__ import annotations

from goleash import fixes, gosyntax
from goleash.analysis.channels import OpKind
from goleash.analysis.leaks import abandoned_senders, verb
from goleash.model import Severity
from goleash.rules import _report
from goleash.rules.base import Rule, rule_doc


def check(ctx):
    for ch in ctx.trusted_channels:
        if ch.capacity != 0:
            continue
        done = set()
        for op, receives in abandoned_senders(ch):
            if op.actor.repeated or op.actor in done:
                continue
            if len(receives) != 1 or receives[0].in_loop or receives[0].kind is OpKind.RANGE:
                continue
            mine = [o for o in ch.of(OpKind.SEND) if o.actor is op.actor]
            if len(mine) < 2 or any(o.in_loop or not o.blocking for o in mine):
                continue
            done.add(op.actor)
            for first in mine:
                later = _later_send(first, mine)
                if later is None:
                    continue
                message = (
                    f"{_report.who(op.actor)} goes on after {verb(first, ch)} here and sends again at line "
                    f"{gosyntax.line_of(later.node)}, but `{ch.owner_name}` receives only once: "
                    f"the second send blocks forever (missing `return`?)"
                )
                extra = [
                    ctx.related(later.node, "the second send, which nobody receives", later.file),
                    ctx.related(receives[0].node, f"the only receive from `{ch.name}`"),
                ]
                stmt = gosyntax.innermost_statement(first.node)
                fix = ctx.fix(fixes.insert_return_after, stmt, op.actor.func) if first.file.path == ctx.file.path else None
                yield ctx.finding(RULE, _report.primary(ctx, first), message,
                                  _report.parties(ctx, ch, first, *extra), fixes=(fix,) if fix else ())


def _later_send(first, sends):
    """A send that runs after `first` when `first`'s branch falls through."""
    branch = _conditional_block(first.node, first.actor.body)
    if branch is None or _ends_after(first.node, branch):
        return None
    chain = branch.parent
    while chain.parent is not None and chain.parent.type == "if_statement":
        chain = chain.parent  # else-if: the whole chain
    for s in sends:
        if s is not first and s.node.start_byte > chain.end_byte:
            return s
    return None


def _conditional_block(node, top):
    for a in gosyntax.ancestors(node, top):
        if a.type == "block" and a.parent is not None and a.parent.type == "if_statement":
            return a
        if a.type in gosyntax.FUNCTION_TYPES:
            return None
    return None


def _ends_after(node, block) -> bool:
    for n in gosyntax.walk(block):
        if n.start_byte < node.end_byte:
            continue
        if n.type in ("return_statement", "goto_statement", "continue_statement", "break_statement"):
            return True
        if n.type == "call_expression" and gosyntax.is_terminating_call(n):
            return True
    return False


RULE = Rule(
    code="GL011",
    name="send-without-return",
    summary="A goroutine sends an error and, missing a return, sends again to a receiver that reads once",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
