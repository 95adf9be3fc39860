"""
# once-do-reentered (GL027)

## What it does
Finds a `sync.Once` whose function calls `Do` on that same Once again, on the same
goroutine: directly, through a chain of methods of the same object, or through a
function literal. The finding is on the inner `Do`, with the outer `Do` and each call
on the way as related locations.

## Why is this bad?
`Do` returns only after the function it runs has returned, and every other call of
`Do` on that Once waits until then. The inner `Do` waits for the outer one, which waits
for the function that made the inner call: the goroutine waits for itself and never
wakes, and every later caller of `Do` blocks behind it. The sync package says so: "if
f calls Do, it will deadlock". It often hides on an error path (a failed login that
asks the server for its health through the same client), so it shows only when that
path runs.

## Example
```go
func (c *Client) ensure() error {
        c.once.Do(c.login)
        return c.loginErr
}

func (c *Client) login() {
        if err := c.authenticate(); err != nil {
                c.Get("sys/health") // Get calls c.ensure: c.once.Do again, inside login
        }
}
```

## Use instead
Keep the function a Once runs free of calls that go back through the Once: give it a
lower-level helper that assumes the initialisation is under way (`c.getRaw(...)` that
does not call `ensure`), or move the extra work after `Do` returns.

## Fix safety
No fix is offered: which call should stop going through the Once is the author's
decision.

This rule is in preview (`--preview`, or `preview = true` in `goleash.toml` or the
editor settings). How it was measured (`docs/evaluation.md`, Sync primitives that
wait for themselves): on Go 1.19's `src`, Debian's Go sources and audits 7 and 8
(18M lines) its first version gave two findings, both false (now
STATE_SET_FIRST and DECIDED_BY_ARGUMENTS); on audit 9 (12.6M lines it was
never run on), none. No true finding on real code yet: it stays in preview.
"""

from __future__ import annotations

from collections.abc import Iterator

from goleash import gosyntax
from goleash.model import Finding, Severity
from goleash.rules._report import call_chain
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    for r in ctx.once_reentries:
        runs = f"`{r.runs}`" if r.runs else "the function literal it runs"
        through, steps = call_chain(ctx, r.chain)
        if r.inner == r.outer:
            message = (
                f"`{r.name}.Do` is entered again from inside {runs}{through}, which this `Do` is "
                f"still running: it waits for its own first call to return, so the goroutine waits "
                f"for itself forever"
            )
        else:
            message = (
                f"`{r.name}.Do` is called from inside {runs}{through}, which `{r.name}.Do` at "
                f"line {gosyntax.line_of(r.outer)} is still running: this `Do` waits for that one to "
                f"return, so the goroutine waits for itself forever"
            )
        what = f"`{r.runs}`" if r.runs else "this function literal"
        related = [ctx.related(r.outer, f"`{r.name}.Do` runs {what} here", r.outer_file), *steps]
        yield ctx.finding(RULE, r.inner, message, related)


RULE = Rule(
    code="GL027",
    name="once-do-reentered",
    summary="A sync.Once whose function calls Do on the same Once: it waits for itself",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    preview=True,
    triggers=(b".Do(",),
)
