"""
# single-receive-many-senders (GL004)

## What it does
Finds goroutines started in a loop that each send once on an unbuffered channel,
while the starting function receives only once ("first result wins").

The same holds when each goroutine sends only on failure and the starter returns the
first error it receives (`if err, ok := <-errc; ok { return err }`, also through a
method of the package such as a hand-written errgroup's `Wait`), even when a waiter
closes the channel once all are done: two failures are enough to strand one.

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

For a first error, either buffer as above or let the senders give up once the starter
has returned (`select { case errc <- err: case <-ctx.Done(): }` with a `defer cancel()`).

## Fix safety
A buffer as large as the number of senders lets every send complete; it changes when
senders finish, so it is unsafe and offered one by one.
"""

from __future__ import annotations

from collections.abc import Iterator

from goleash import fixes
from goleash.model import Finding, Severity
from goleash.rules import _leakreport as say
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    for leak in ctx.leaks:
        if leak.code != "GL004":
            continue
        n = len(leak.receives)
        root = say.function_name(leak.ident.root) or "the function"
        message = (
            f"{say.who(leak)} is started once per loop iteration and each blocks {say.verb(leak)}, "
            f"but `{root}` receives only {'once' if n == 1 else f'{n} times'}: the other senders block forever"
        )
        name = say.display_name(leak)
        extra = [
            ctx.related(
                r.node, f"the only receive from `{name}`" if n == 1 else f"one of {n} receives"
            )
            for r in leak.receives
            if say.in_file(ctx, r.node)
        ]
        out = []
        count = say.sender_count(ctx, leak)
        if count:
            out.append(ctx.fix(fixes.buffer_channel, say.buffer_target(leak, ctx.file), count))
        yield say.finding(ctx, RULE, leak, message, *extra, fixes=out)


RULE = Rule(
    code="GL004",
    name="single-receive-many-senders",
    summary="Goroutines started in a loop each send once, but only one result is received",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
