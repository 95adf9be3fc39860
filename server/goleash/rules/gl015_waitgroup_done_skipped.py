"""
# waitgroup-done-skipped (GL015)

## What it does
Finds a goroutine that calls `wg.Done()` on its normal path but `return`s earlier on
another path without it, while the function that started it waits with `wg.Wait()`.

## Why is this bad?
`wg.Wait()` returns only when every `Add` is matched by a `Done`. When a goroutine
leaves early without `Done`, the waiting function blocks forever, and with it every
goroutine waiting on what it would have done next.

## Example
```go
for _, u := range urls {
	wg.Add(1)
	go func(u string) {
		resp, err := fetch(u)
		if err != nil {
			return // wg.Done() is skipped: wg.Wait() blocks forever
		}
		use(resp)
		wg.Done()
	}(u)
}
wg.Wait()
```

## Use instead
```go
	go func(u string) {
		defer wg.Done()
		...
	}(u)
```

## Fix safety
`defer wg.Done()` as the goroutine's first statement (and no other `Done`) runs on
every way out, exactly once: safe.
"""

from __future__ import annotations

from goleash import fixes, gosyntax
from goleash.analysis import paths
from goleash.analysis.leaks import after_test_failure
from goleash.model import Severity
from goleash.rules.base import Rule, rule_doc


def check(ctx):
    for g in ctx.goroutines:
        if g.func is None or g.func.type != "func_literal" or g.body is None:
            continue
        starter = g.starter
        if starter is None:
            continue
        for group, done_calls, deferred in _done_calls(g.body):
            if deferred or not done_calls:
                continue
            wait = _call_in(starter, group, b"Wait", after=g.start)
            if wait is None or _call_in(starter, group, b"Add") is None:
                continue
            exits = [
                e for e in paths.exits(g.func)
                if e.kind == "return" and not paths.covered(e.node, done_calls) and not after_test_failure(e.node)
            ]
            if not exits:
                continue
            name = group.decode()
            first = exits[0]
            message = (
                f"goroutine returns at line {gosyntax.line_of(first.node)} without calling `{name}.Done()`: "
                f"`{name}.Wait()` at line {gosyntax.line_of(wait)} then blocks forever"
            )
            related = [ctx.related(e.node, f"returns here without `{name}.Done()`") for e in exits[1:]]
            related += [
                ctx.related(g.start, "the goroutine is started here"),
                ctx.related(wait, f"`{name}.Wait()` waits for a `Done` that never comes"),
                ctx.related(done_calls[0], f"`{name}.Done()` is only called on this path"),
            ]
            fix = ctx.fix(fixes.defer_done, g.func, name, done_calls)
            yield ctx.finding(RULE, first.node, message, related, fixes=(fix,) if fix else ())


def _done_calls(body):
    """(group text, plain `X.Done()` calls, deferred ones) for each X the body calls Done on."""
    found: dict[bytes, tuple[list, list]] = {}
    for n in gosyntax.walk(body):
        if n.type != "call_expression" or gosyntax.call_arguments(n):
            continue
        fn = n.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression" or fn.child_by_field_name("field").text != b"Done":
            continue
        group = fn.child_by_field_name("operand").text
        plain, deferred = found.setdefault(group, ([], []))
        (deferred if n.parent is not None and n.parent.type == "defer_statement" else plain).append(n)
    return [(k, v[0], v[1]) for k, v in found.items()]


def _call_in(func, group: bytes, method: bytes, after=None):
    """A `group.method(...)` call in `func`'s own body (after `after`, if given)."""
    for n in gosyntax.walk(func.child_by_field_name("body")):
        if n.type != "call_expression":
            continue
        fn = n.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression":
            continue
        if fn.child_by_field_name("field").text == method and fn.child_by_field_name("operand").text == group:
            if after is None or n.start_byte > after.end_byte:
                return n
    return None


RULE = Rule(
    code="GL015",
    name="waitgroup-done-skipped",
    summary="A goroutine returns early without wg.Done() while its starter waits with wg.Wait()",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
