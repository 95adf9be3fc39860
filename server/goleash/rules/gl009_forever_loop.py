"""
# unstoppable-goroutine-loop (GL009)

## What it does
Finds a goroutine whose body is an endless `for` loop waiting on channels (a
`select` or a receive) with no `return`, no `break` out of the loop and no other way
to end.

## Why is this bad?
Nothing can ever tell the goroutine to stop. Each time the code that starts it runs
(a constructor, a request handler, a test), one more goroutine loops until the process
exits, holding its channels, tickers and captured state.

## Example
```go
func (c *Cache) start() {
	go func() {
		for {
			select {
			case k := <-c.evict:
				c.remove(k)
			case <-c.ticker.C:
				c.sweep()
			}
		}
	}()
}
```

## Use instead
```go
			select {
			case <-ctx.Done():
				return
			case k := <-c.evict:
				c.remove(k)
			case <-c.ticker.C:
				c.sweep()
			}
```

## Fix safety
Adding a `case <-ctx.Done(): return` (or the done/stop/quit channel in scope) keeps
the loop's behaviour until that context is cancelled: safe. Goroutines started from
`main` or `init`, meant to run as long as the process, are not reported.
"""

from __future__ import annotations

import os

from goleash import fixes, gosyntax
from goleash.analysis import paths
from goleash.model import Severity
from goleash.rules.base import Rule, rule_doc


def check(ctx):
    seen: set[tuple[str, int]] = set()
    for g in ctx.goroutines:
        if g.func is None or g.body is None or g.started_for_process_lifetime:
            continue
        for loop in gosyntax.walk(g.body):
            if loop.type != "for_statement" or not gosyntax.is_infinite_loop(loop):
                continue
            key = (g.file.path, loop.start_byte)
            if key in seen or not _waits(loop) or _can_end(loop):
                continue
            seen.add(key)
            yield _report(ctx, g, loop)


def _waits(loop) -> bool:
    for n in gosyntax.walk(loop.child_by_field_name("body")):
        if n.type == "select_statement" and gosyntax.select_cases(n):
            return True
        if n.type == "unary_expression" and n.child_by_field_name("operator").type == "<-":
            return True
    return False


def _can_end(loop) -> bool:
    if paths._breaks_out(loop):
        return True
    for n in gosyntax.walk(loop.child_by_field_name("body")):
        if n.type in ("return_statement", "goto_statement"):
            return True
        if n.type == "call_expression" and gosyntax.is_terminating_call(n):
            return True
    return False


def _report(ctx, g, loop):
    keyword = loop.children[0]
    where_loop = f"line {gosyntax.line_of(loop)}"
    if g.file.path != ctx.file.path:
        where_loop = f"{os.path.basename(g.file.path)}:{gosyntax.line_of(loop)}"
    message = (
        f"{g.name} loops forever: the `for` at {where_loop} has no return or break, "
        f"so nothing can ever stop it"
    )
    related = []
    if g.file.path != ctx.file.path:
        related.append(ctx.related(keyword, "the endless loop", g.file))
        primary, pfile = g.start, None
    else:
        primary, pfile = keyword, None
    related.append(ctx.related(g.start, "the goroutine is started here"))
    out = []
    if g.file.path == ctx.file.path:
        select = next((n for n in gosyntax.walk(loop.child_by_field_name("body")) if n.type == "select_statement"), None)
        if select is not None:
            out.append(ctx.fix(fixes.add_done_case, select, g.func) or ctx.fix(fixes.stop_channel, None, g.func, select))
    return ctx.finding(RULE, primary, message, related, fixes=tuple(f for f in out if f), file=pfile)


RULE = Rule(
    code="GL009",
    name="unstoppable-goroutine-loop",
    summary="A goroutine loops forever on channels with no return or break",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
