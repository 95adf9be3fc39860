"""
# goroutine-never-stopped (GL010)

## What it does
Finds an object made by a constructor of the package that starts a goroutine
running until a method of the object stops it (`Close`, `Stop`: it closes the
goroutine's only way out), when the function that made the object keeps it to
itself and never calls that method. The goroutine's way out is either a stop
channel it waits on (`case <-w.quit: return`) that nothing sends on, or the queue
it ranges over (`for job := range p.jobs`), closed by `Shutdown`.

## Why is this bad?
The goroutine runs forever. Each call of the function starts one more, with its
channels, timers and everything the object holds: in a server they pile up; in a
test, goleak fails the run.

## Example
```go
func countEvents(src <-chan Event) int {
        w := NewWatcher() // starts w.loop, which runs until w.Close()
        return w.Count(src)
}
```

## Use instead
```go
        w := NewWatcher()
        defer w.Close()
```

## Fix safety
The fix adds `defer w.Close()` right after the line that makes the object (only
when the constructor returns the object alone). It is unsafe: the object is now
stopped when the function returns, which is right when nothing else holds it, as
the rule checks (the variable is never passed, returned, stored or captured).
Goroutines started from `main` or `init` are not reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from goleash import fixes, gosyntax
from goleash.model import Finding, Severity
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    for u in ctx.unstopped:
        if u.never_started:
            continue  # the call's options leave the goroutine unstarted
        constructor = gosyntax.function_name(u.constructor.node) or "the constructor"
        stop = u.stop_methods[0]
        others = (
            ""
            if len(u.stop_methods) == 1
            else " (or " + ", ".join(f"`{m}`" for m in u.stop_methods[1:]) + ")"
        )
        who = f"goroutine `{u.goroutine_name}`" if u.goroutine_name else "a goroutine"
        message = (
            f"`{constructor}` starts {who}, which runs until `{stop}`{others} stops it; "
            f"nothing calls `{u.var_name}.{stop}()` here, so it never stops"
        )
        related = [
            ctx.related(
                u.goroutine_start, f"`{constructor}` starts the goroutine here", u.constructor.file
            ),
            ctx.related(u.closer, f"`{stop}` stops it here", u.closer_file),
        ]
        fix = ctx.fix(fixes.defer_stop_method, u.decl, u.var_name, stop)
        yield ctx.finding(RULE, u.call, message, related, fixes=(fix,) if fix else ())


RULE = Rule(
    code="GL010",
    name="goroutine-never-stopped",
    summary="An object's goroutine is started and the method that stops it is never called",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
