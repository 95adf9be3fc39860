"""
# waitgroup-waits-for-itself (GL028)

## What it does
Finds a goroutine counted by a `sync.WaitGroup` (it defers `wg.Done()`, or calls it
later) that calls `Wait` on the same group before its `Done`: directly, or through a
chain of calls on the same object, typically a worker that calls its pool's `Close`
when it meets a fatal error. The finding is on the `Wait`, with the owed `Done`, the
`go` statement and each call on the way as related locations.

## Why is this bad?
`Wait` returns when every counted goroutine has called `Done`. This goroutine is one of
them, and it will call `Done` only after `Wait` returns: the counter never reaches
zero, so it waits for itself forever, and every other caller of `Wait` on the group
(the real `Close`) blocks with it.

## Example
```go
func (p *Pool) worker() {
        defer p.wg.Done()
        for b := range p.jobs {
                if err := p.write(b); errors.Is(err, ErrDiskFull) {
                        p.Close() // Close calls p.wg.Wait(): waits for this worker's Done
                }
        }
}

func (p *Pool) Close() error {
        p.stop()
        p.wg.Wait()
        return p.err
}
```

## Use instead
From inside a counted goroutine, only signal the stop (`p.stop()`: close the quit
channel, cancel the context) and return; leave `Wait` to the code outside the group.
If the worker must start the full shutdown, start it on its own goroutine
(`go p.Close()`), which waits once the worker has returned.

## Fix safety
No fix is offered: whether the worker should only signal the stop or hand `Close` to
another goroutine is the author's decision.

This rule is in preview (`--preview`, or `preview = true` in `goleash.toml` or the
editor settings). How it was measured (`docs/evaluation.md`, Sync primitives that
wait for themselves): on Go 1.19's `src`, Debian's Go sources and audits 7 and 8
(18M lines) its first version gave one finding, false (a `Done` deferred after
the `Close` it pays before, now read by DONE_STILL_OWED); on audit 9 (12.6M lines it was
never run on), none. No true finding on real code yet: it stays in preview.
"""

from __future__ import annotations

from collections.abc import Iterator

from goleash import gosyntax
from goleash.model import Finding, Severity
from goleash.rules._report import call_chain
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    for w in ctx.self_waits:
        name = gosyntax.function_name(w.owner.node)
        owner = f"`{name}`" if name else "the goroutine's function literal"
        through, steps = call_chain(ctx, w.chain)
        message = (
            f"`{w.name}.Wait()` is reached from {owner}{through}, which is counted by `{w.name}` and "
            f"calls `Done` only after it returns: it waits for its own `Done`, so it blocks forever"
        )
        related = [ctx.related(w.done, f"{owner} owes `{w.name}` this `Done`", w.owner.file)]
        related += [ctx.related(stmt, f"{owner} is started here", f) for stmt, f in w.starts[:1]]
        yield ctx.finding(RULE, w.wait, message, [*related, *steps])


RULE = Rule(
    code="GL028",
    name="waitgroup-waits-for-itself",
    summary="A goroutine counted by a WaitGroup that waits on that group before its Done",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    preview=True,
)
