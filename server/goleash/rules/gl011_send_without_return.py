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

from collections.abc import Iterator

from goleash import fixes, gosyntax
from goleash.model import Finding, Severity
from goleash.rules import _leakreport as say
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    for leak in ctx.leaks:
        if leak.code != "GL011":
            continue
        v = leak.verdict
        first, later = leak.sends
        root = say.function_name(leak.ident.root) or "the function"
        name = say.display_name(leak)
        message = (
            f"{say.who(leak)} goes on after {say.verb(leak, first)} here and sends again at line "
            f"{gosyntax.line_of(later.node)}, but `{root}` receives only once: "
            f"the second send blocks forever (missing `return`?)"
        )
        extra = [ctx.related(later.node, "the second send, which nobody receives", v.func.file)]
        if leak.receives and say.in_file(ctx, leak.receives[0].node):
            extra.append(ctx.related(leak.receives[0].node, f"the only receive from `{name}`"))
        stmt = gosyntax.innermost_statement(first.node)
        fix = (
            ctx.fix(fixes.insert_return_after, stmt, v.func.node)
            if v.func.file.path == ctx.file.path
            else None
        )
        at = first.node if v.func.file.path == ctx.file.path else say.primary(ctx, leak)
        yield ctx.finding(
            RULE, at, message, say.parties(ctx, leak, *extra), fixes=(fix,) if fix else ()
        )


RULE = Rule(
    code="GL011",
    name="send-without-return",
    summary="A goroutine sends an error and, missing a return, sends again to a receiver that reads once",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
