"""
# lock-held-through-recover (GL030)

## What it does
Finds a `Lock` (or `RLock`) of a shared mutex, released by hand (`mu.Unlock()` on each
way out, not `defer mu.Unlock()`), in a function that stops panics with a deferred
`recover()` and then returns normally: a panic between the `Lock` and the `Unlock`
(a nil map, a division by zero, a callback, a call into code that panics) skips the
`Unlock`, the `recover` turns the panic into an ordinary return, and the mutex stays
locked. Reported at the `Lock`, with the deferred `recover` and the goroutines of the
package that then block on the same mutex.

The `recover` may also be a caller's (RECOVERED_BY_THE_CALLER): an HTTP middleware or a
worker loop that defers `recover` and then calls the function holding the lock. The
panic unwinds the function without its `Unlock` and stops in the caller, which goes
on. Only direct callers of the package are asked.

## Why is this bad?
The `recover` is there so that one bad input does not stop the goroutine (a feed, a
worker, a request handler): the goroutine goes on, and so does every other one, until
the next `Lock` of that mutex, which blocks forever. From then on each goroutine that
needs the mutex piles up behind it, although nothing crashed and nothing was logged
beyond one recovered error.

## Example
```go
func (a *Aggregator) apply(q Quote) (err error) {
        defer func() {
                if r := recover(); r != nil {
                        err = fmt.Errorf("bad quote: %v", r)
                }
        }()
        a.mu.Lock()
        if q.spread() > a.maxSpread {   // divides by q.Ask: panics on a zero quote
                a.mu.Unlock()
                return errWideSpread
        }
        a.book[q.Symbol] = q
        a.mu.Unlock()
        return nil
}
```

## Use instead
```go
        a.mu.Lock()
        defer a.mu.Unlock()
```

## Fix safety
When the `Lock` is a top-level statement and each of the function's unlocks is
followed only by a `return` of plain values (or of `fmt.Errorf`, `errors.New`,
`fmt.Sprintf` over them), the fix is `defer mu.Unlock()` right
after the `Lock`, the function's own unlocks removed: the deferred unlock runs on
every way out, the recovered panic's included. The fix is unsafe: the unlock now
comes after the return's expressions (and after any code after the last unlock), which
then run holding the lock.

## How it reads the code
A function recovers when it defers a function literal calling `recover()` that
neither panics again nor ends the process or the test (SWALLOWED_PANIC). Between the
`Lock` and an `Unlock`, a call is one a panic is to be expected from when it calls a
function value (a callback the caller supplied, `r.weigh(name)`), or a function of
the package whose body panics itself or divides by a value that is not a constant
(PANICKY_CALLS, in `analysis/locks.py`); so is a field read through a local taken
from a map of pointers by a plain lookup (`s := f.seats[num]; if s.taken`) that the
function never compares with nil: a missing key gives nil and the read panics
(UNCHECKED_ENTRY; a key ranged from the same map is always there). Calls into other
packages, and functions that could panic only further down, are taken as calm: a `recover` kept for a rare
panic in library code is not reported. The lock guards of GL017 apply: a mutex the
function never unlocks itself, one handed to a call or a goroutine, one the function
is entered with or returns with, is not judged.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from goleash import fixes, gosyntax
from goleash.analysis import locks
from goleash.model import Finding, Severity
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    statements = ctx.candidates.get("lock_stmt", [])
    if not statements:
        return
    held = locks.held_through_recover(ctx.file, ctx.package, statements, ctx.liveness.functions)
    for h in held:
        # held_through_recover names both the call that may panic and the recovering defer
        assert h.panics_at is not None and h.recovers_at is not None
        unlock = "RUnlock" if h.read else "Unlock"
        name = gosyntax.function_name(h.func.node)
        owner = f"`{name}`" if name else "the function"
        next_lock = f"the next `{h.name}.Lock()`" if h.read else f"the next lock of `{h.name}`"
        where = f"line {gosyntax.line_of(h.panics_at)}"
        if h.panics_at.type == "call_expression":
            call = gosyntax.text(gosyntax.field(h.panics_at, "function"))
            what = f"`{call}(...)` at {where} panics"
        else:  # UNCHECKED_ENTRY: a field read through a map entry that may be missing
            holder = gosyntax.text(gosyntax.field(h.panics_at, "operand"))
            what = (
                f"`{gosyntax.text(h.panics_at)}` at {where} panics (`{holder}` comes from a "
                f"map lookup and is nil for a missing key)"
            )
        if h.recovers_file is None:
            message = (
                f"`{h.name}` stays locked if {what}: the deferred "
                f"`recover` at line {gosyntax.line_of(h.recovers_at)} turns the panic into a "
                f"normal return of {owner} without `{h.name}.{unlock}()`, and {next_lock} "
                f"blocks forever"
            )
            note = f"the panic is recovered here and {owner} returns with `{h.name}` held"
        else:
            at = (
                f"line {gosyntax.line_of(h.recovers_at)}"
                if h.recovers_file.path == ctx.file.path
                else f"{os.path.basename(h.recovers_file.path)}:{gosyntax.line_of(h.recovers_at)}"
            )
            message = (
                f"`{h.name}` stays locked if {what}: {owner} does not "
                f"unlock it on the way out, the deferred `recover` of its caller at {at} stops "
                f"the panic and the program goes on, and {next_lock} blocks forever"
            )
            note = f"a caller of {owner} recovers the panic here, with `{h.name}` still held"
        related = [
            ctx.related(h.panics_at, f"a panic here skips `{h.name}.{unlock}()`"),
            ctx.related(h.recovers_at, note, h.recovers_file),
        ]
        for node, file, goroutine in locks.blocked_lockers(h, ctx.package)[:2]:
            who = f"`{goroutine}`" if goroutine != "a goroutine" else goroutine
            related.append(
                ctx.related(node, f"{who} then blocks here for good, waiting for `{h.name}`", file)
            )
        fix = ctx.fix(fixes.defer_unlock, h.lock, h.name, unlock)
        yield ctx.finding(RULE, h.lock, message, related, fixes=(fix,) if fix else ())


RULE = Rule(
    code="GL030",
    name="lock-held-through-recover",
    summary="A recovered panic returns from a function with a mutex it locked still held",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
    triggers=(b"recover()",),
)
