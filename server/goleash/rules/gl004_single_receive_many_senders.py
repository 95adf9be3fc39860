"""
# single-receive-many-senders (GL004)

## What it does
Finds goroutines started in a loop that each send once on an unbuffered channel,
while the starting function receives only once ("first result wins").

## Why is this bad?
The first sender is received; every other sender blocks forever on its send. With N
replicas queried, N-1 goroutines leak on every call.

## Example
```go
func first(replicas []string) string {
	ch := make(chan string)
	for _, r := range replicas {
		go func(r string) { ch <- query(r) }(r)
	}
	return <-ch // the other senders are stuck
}
```

## Use instead
```go
	ch := make(chan string, len(replicas)) // every send completes
```

## Fix safety
A buffer as large as the number of senders lets every send complete; it changes when
senders finish, so it is unsafe and offered one by one.
"""

from __future__ import annotations

from goleash import fixes
from goleash.analysis.channels import OpKind
from goleash.analysis.leaks import abandoned_senders, enclosing_loop, sends_once, verb
from goleash.model import Severity
from goleash.rules import _report
from goleash.rules.base import Rule, rule_doc


def check(ctx):
    for ch in ctx.trusted_channels:
        if ch.capacity != 0:
            continue
        for op, receives in abandoned_senders(ch):
            if not op.actor.repeated or not sends_once(op.actor, ch.of(OpKind.SEND)):
                continue
            if any(r.in_loop or r.kind is OpKind.RANGE for r in receives):
                continue  # a collector loop: GL005
            if any(r.select is not None for r in receives):
                continue
            n = len(receives)
            bound = _constant_count(op)
            if bound is not None and bound <= n:
                continue  # `for i := 0; i < 2; i++ { go ... }` with two receives
            message = (
                f"{_report.who(op.actor)} is started once per loop iteration and each blocks {verb(op, ch)}, "
                f"but `{ch.owner_name}` receives only {'once' if n == 1 else f'{n} times'}: the other senders block forever"
            )
            extra = [ctx.related(r.node, f"the only receive from `{ch.name}`" if n == 1 else f"one of {n} receives") for r in receives]
            out = []
            count = _sender_count(ctx, op)
            if count:
                out.append(ctx.fix(fixes.buffer_channel, ch, count))
            yield ctx.finding(RULE, _report.primary(ctx, op), message,
                              _report.parties(ctx, ch, op, *extra), fixes=tuple(f for f in out if f))


def _constant_count(op) -> int | None:
    """How many goroutines `for i := 0; i < K; i++ { go ... }` starts, when K is a literal."""
    site = op.actor.site
    loop = enclosing_loop(site, None) if site is not None else None
    if loop is None:
        return None
    clause = next((c for c in loop.named_children if c.type == "for_clause"), None)
    if clause is None:
        return None
    init, cond = clause.child_by_field_name("initializer"), clause.child_by_field_name("condition")
    if init is None or cond is None or cond.type != "binary_expression":
        return None
    start = init.child_by_field_name("right")
    bound = cond.child_by_field_name("right")
    op_text = cond.child_by_field_name("operator").type
    try:
        lo = int(start.text.decode()) if start is not None else None
        hi = int(bound.text.decode())
    except (ValueError, AttributeError):
        return None
    if lo is None:
        return None
    return max(0, hi - lo + (1 if op_text == "<=" else 0)) if op_text in ("<", "<=") else None


def _sender_count(ctx, op) -> str | None:
    """`len(xs)` when the goroutines are started by `for ... range xs`."""
    site = op.actor.site
    loop = enclosing_loop(site, None) if site is not None else None
    if loop is None:
        return None
    for c in loop.named_children:
        if c.type == "range_clause":
            right = c.child_by_field_name("right")
            if right is not None and right.type in ("identifier", "selector_expression"):
                return f"len({ctx.file.text(right)})"
        if c.type == "for_clause":
            cond = c.child_by_field_name("condition")
            if cond is not None and cond.type == "binary_expression" and cond.child_by_field_name("operator").type == "<":
                bound = cond.child_by_field_name("right")
                if bound is not None and bound.type in ("int_literal", "identifier", "call_expression", "selector_expression"):
                    return ctx.file.text(bound)
    return None


RULE = Rule(
    code="GL004",
    name="single-receive-many-senders",
    summary="Goroutines started in a loop each send once, but only one result is received",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
