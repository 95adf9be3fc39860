"""
# collector-returns-early (GL005)

## What it does
Finds goroutines started in a loop that each send one result on an unbuffered
channel, collected by a loop that can `return` (or `break`) before it has received
every result. Also a fixed pool of workers draining a job channel and sending one
result per job, collected by a loop over the jobs' items: the pool's count of sends
cannot be named, so it is taken to match the collecting loop, as it does when that
loop runs to its end (BALANCED_HAPPY_PATH); the buffer offered is then the item
count (`len(names)`), not the number of workers; a `break` at a quota counts as an
early way out (LEFT_EARLY_APART), and a running total of the values received (`total +=
b.kg; if total >= quota`) is no count of the receipts (SUM_IS_NO_COUNT). And futures kept in a slice: a
helper of the package that returns a fresh unbuffered channel its goroutine sends
one result on, called once per item (`pending[i] = probeAsync(m)`, or appended),
read back in order by a loop that returns on the first error (HELPER_ELEMENTS, see
docs/engine.md). A sender's `case <-gctx.Done():` is no way out when the collector
derived `gctx` with `context.WithCancel` and returns without calling its cancel
(UNCANCELLED_ON_THE_WAY_OUT, analysis/uncancelled_contexts.py); so is the context of a
group of the package (`g := newGroup(ctx)`, its cancel kept in a field and called by
`Wait`) when the collector returns without calling `Wait` (GROUP_KEEPS_THE_CANCEL).

## Why is this bad?
The collector stops on the first error, but the senders that have not been received
yet stay blocked on their sends forever. Every early exit leaks the rest of the
workers.

## Example
```go
func fetchAll(urls []string) error {
        errc := make(chan error)
        for _, u := range urls {
                go func(u string) { errc <- fetch(u) }(u)
        }
        for range urls {
                if err := <-errc; err != nil {
                        return err // the remaining senders block forever
                }
        }
        return nil
}
```

## Use instead
```go
        errc := make(chan error, len(urls))
```
or use `golang.org/x/sync/errgroup` with a context that the workers watch.

## Fix safety
When the senders also wait on a context the function derived and left uncancelled on
that way out (`case <-gctx.Done():`), the fix is `defer cancel()` after the derivation
(safe, as for GL012). Otherwise a buffer of `len(urls)` lets every send complete whatever the collector does; it
changes behaviour (unsafe) and is offered one by one. The size is the number of
goroutines the loop starts when its header says it plainly: `len(xs)` for a `range`,
the bound of `i < n` (the first bound of `i < n && i < len(xs)`, room enough either
way).
"""

from __future__ import annotations

from collections.abc import Iterator

from goleash import fixes, gosyntax
from goleash.model import Finding, Severity
from goleash.rules import _leakreport as say
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    for leak in ctx.leaks:
        if leak.code != "GL005":
            continue
        leave = leak.exit
        # classify makes a GL005 leak for the collecting loop and its early exit
        assert leave is not None and leak.loop is not None
        stops = "returns" if leave.type == "return_statement" else "stops"
        left_open = leak.verdict.detail.get("left_open")
        message = (
            f"{say.who(leak)} is started {say.started_how(leak)} and blocks {say.verb(leak)} once "
            f"the collecting loop at line {gosyntax.line_of(leak.loop)} {stops} early at line "
            f"{gosyntax.line_of(leave)}: the senders not yet received block forever"
        )
        if left_open is not None:
            message += f", and nothing cancels `{left_open.name}`, the context they also wait on"
        extra = []
        if say.in_file(ctx, leave):
            extra.append(
                ctx.related(
                    leave,
                    "the collecting loop stops here; the remaining senders are never received",
                )
            )
        count: str | None
        if leak.ident.elements:
            count = "1"  # one channel per item, one value on each
        elif leak.verdict.detail.get("balanced_happy_path"):
            count = say.collected_count(leak)  # a pool: one value per item, not per goroutine
        else:
            count = say.sender_count(ctx, leak)
            p = leak.verdict.partner
            if count is None and p is not None and p.repeated:
                # Started per item through a helper (`m.probe(wins, fails)` in the loop):
                # the collecting loop's count is the number of senders.
                count = say.collected_count(leak)
        fix = (
            ctx.fix(fixes.buffer_channel, say.buffer_target(leak, ctx.file), count)
            if count
            else None
        )
        if left_open is not None:
            # UNCANCELLED_ON_THE_WAY_OUT: cancelling the context the senders wait on
            # releases them on every way out; a buffer would leave the context open.
            fix = ctx.fix(fixes.defer_cancel, left_open.decl, left_open.release)
        yield say.finding(ctx, RULE, leak, message, *extra, fixes=(fix,))


RULE = Rule(
    code="GL005",
    name="collector-returns-early",
    summary="A loop collecting one result per goroutine returns before receiving them all",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
