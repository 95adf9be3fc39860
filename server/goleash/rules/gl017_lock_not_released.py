"""
# lock-not-released (GL017)

## What it does
Finds a `Lock` (or `RLock`) of a struct's mutex, a receiver's embedded mutex or a
mutex a goroutine shares, from which some path reaches a `return` (or the end of
the function) without the matching `Unlock`: no `defer mu.Unlock()`, no unlock on
that branch, no call of a function of the package that unlocks it. The goroutines of
the package that lock the same mutex (a janitor, a flusher) are shown where they then
block for good.

## Why is this bad?
The mutex stays locked after the function returns. The next `Lock` of it, in any
goroutine, blocks forever, and every goroutine that needs it afterwards piles up
behind. The path is usually an early `return` added later, on an error.

## Example
```go
func (s *Store) Put(k string, v []byte) error {
        s.mu.Lock()
        if len(v) > maxSize {
                return errTooBig // s.mu stays locked
        }
        s.data[k] = v
        s.mu.Unlock()
        return nil
}
```

## Use instead
```go
        s.mu.Lock()
        defer s.mu.Unlock()
```

## Fix safety
When the `Lock` is a top-level statement and each of the function's unlocks is
followed only by a `return` of plain values (or of `fmt.Errorf`, `errors.New`,
`fmt.Sprintf` over them), the fix is `defer mu.Unlock()` right
after the `Lock` (the function's own unlocks removed): every way out releases it.
Otherwise it unlocks right before the `return` that leaves the mutex held. Both are
unsafe: the first moves the unlock after the return's expressions, the second
moves an expression of that `return` after the unlock, where it may read what the
lock protects. Functions meant to return with the lock held are not
reported: one that unlocks the mutex before locking it (entered with it held),
one whose name or doc says it locks (`lockShard`, "returns with mu held"), and one
whose caller unlocks the mutex after calling it.

The same for a mutex a helper of the package locks and hands back the release of
(`unlock := r.lockDoor(door)`, the helper returning `m.Unlock`): a way out of the
caller that neither calls nor defers `unlock()` leaves it held (UNLOCK_HANDED_BACK,
analysis/returned_unlocks.py). Reported at the helper's call, when the caller's file
holds anything a rule starts from (a lock, a channel, a goroutine).

A loop that locks each element of a slice in turn and, on a failure, releases what it
took as the prefix `xs[:i]` (a helper handed it, or a loop over it unlocking each) leaves
the element it has just locked held: the prefix stops short of it
(PREFIX_SHORT_OF_THE_CURRENT, analysis/prefix_releases.py). The fix widens the prefix to
`xs[:i+1]` (safe: the release then covers exactly what the loop holds); a prefix released
before the round's own lock is all the loop holds, and is not reported.

By default the rule reports a mutex left held on a `return` that surely hands back
an error (FAILURE_RETURN: a sentinel such as `errFull`, `errors.New(...)`,
`fmt.Errorf(...)`, or an `err` the `if` around the `return`, or the case of a tagless
`switch`, has just tested, `errors.Is(err, ErrX)` included): the way out added last and
tested least, where a held lock is a mistake. Also by default, a `return` in a branch
that leaves the mutex held while the function's own block unlocks it further on
(BRANCH_EXIT_OF_AN_UNLOCKING_PATH: `if full { s.refused++; return Full }` ... `s.mu.Unlock();
return Admitted`): the straight path shows the lock is not handed on. With preview on
(`--preview`, or `preview = true` in `goleash.toml` or the editor settings) it reports
every way out, the end of the function and a `return` of success values included;
those are as often a lock handed on by design (`Reserve` locks, `Commit` unlocks).

How it was measured (`goleash check --preview --select GL017`, every finding read;
`docs/evaluation.md`, Locks): on code it had not been tuned on, Go 1.27's
standard library with its vendored modules, Debian's Go examples and ten projects
(5.2M lines), 6 findings, 3 real; the 3 false became HELD_FLAG and TEST_HELPER_STOPS.
Then, after those guards: prometheus, containerd, temporal and rclone (2.0M lines),
none; thirty-three projects no audit had seen (2026-12-07, 7.1M lines: tikv's pd,
terraform, kitex, sarama, loki, istio, lnd, ...), 4 findings, all real; and Go 1.19's
`src` with all 1,929 of Debian's Go library packages, most of them added since the
rule was tuned, 25 findings: 19 real (Go 1.19's `crypto/tls` `ticketKeys` returning
with a read lock held, and its copies in qtls and utls; yamux's `readData`; quic-go's
`Handle0RTTRejection`; three in gVisor; ...), 2 arguable (a test helper and a
benchmark that end holding the lock) and 4 false, which became DEAD_BRANCH,
HANDED_BY_ADDRESS, COMPLEMENTARY_BRANCHES, EXHAUSTIVE_SWITCH and TEST_ENDS_HOLDING.
23 real of 29 (79%) in these last two runs, before the guards they gave. Two more
audits of projects never seen (2026-12-07, audit 43: 9.1M lines): 8 findings, 5 real
(nats.go's ordered consumer `Fetch` returning `ErrOrderedConsumerConcurrentRequests`
with its lock held, minio, dolt's `Stop`), 1 arguable (a `default:` no value reaches)
and 2 false (an unlock in a local closure), which became CALLED_THROUGH_A_LOCAL and
the empty default of EXHAUSTIVE_SWITCH. A fifth audit (2026-12-07, 27 projects never
seen, 4.8M lines: dapr, linkerd2, telegraf, tile38, ...): 4 findings, 1 real, 1
arguable, 2 false (dapr's `AddPendingComponentForCommit`, which returns success
holding a lock its `Commit` releases; tile38's `Send`, whose `default:` no value
reaches, now DEFAULT_NO_VALUE_REACHES). Of the 11 false and 4 arguable findings of all
these audits, one was on a failure return (tile38's); the other findings on failure
returns are real (21 on all the audited code with today's guards). So the rule runs
by default on failure returns, and in preview on the rest.
"""

from __future__ import annotations

from collections.abc import Iterator

from goleash import fixes, gosyntax
from goleash.analysis import failure_returns, locks, returned_unlocks
from goleash.model import Finding, Severity
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    for held in ctx.held_locks:
        exit_node = held.exit
        # a way out's CFG node keeps its statement (only a panic fork has none)
        assert exit_node.ast is not None
        if (
            not ctx.preview
            and not failure_returns.returns_a_failure(exit_node.ast, held.func.node)
            and not locks.branch_exit_of_an_unlocking_path(held)
        ):
            continue  # FAILURE_RETURN: other ways out are reported in preview only
        unlock = "RUnlock" if held.read else "Unlock"
        name = gosyntax.function_name(held.func.node)
        owner = f"`{name}`" if name else "the function"
        where = (
            f"returns at line {gosyntax.line_of(exit_node.ast)}"
            if exit_node.kind == "return"
            else f"ends (line {gosyntax.line_of(exit_node.ast)})"
        )
        message = (
            f"`{held.name}` stays locked when {owner} {where}: no `{held.name}.{unlock}()` on that path, "
            f"so the next lock of it blocks forever"
        )
        related = [
            ctx.related(exit_node.ast, f"{owner} leaves here with `{held.name}` still locked")
        ]
        if held.short_release is not None:
            # PREFIX_SHORT_OF_THE_CURRENT: the rollback's slice ends before this element.
            message = (
                f"`{held.name}` stays locked when {owner} {where}: "
                f"`{gosyntax.text(held.short_release)}` releases only the elements before the "
                f"one just locked, so the next lock of `{held.name}` blocks forever"
            )
            related.append(
                ctx.related(
                    held.short_release,
                    "this releases the elements before the current one, not the one just locked",
                )
            )
        # Where a goroutine of the package then blocks for good (the first two).
        for node, file, goroutine in locks.blocked_lockers(held, ctx.package)[:2]:
            who = f"`{goroutine}`" if goroutine != "a goroutine" else goroutine
            related.append(
                ctx.related(
                    node, f"{who} then blocks here for good, waiting for `{held.name}`", file
                )
            )
        preferred = (
            ctx.fix(fixes.widen_prefix, held.lock, held.short_release)
            if held.short_release is not None
            else ctx.fix(fixes.defer_unlock, held.lock, held.name, unlock)
        )
        fallback = (
            ctx.fix(fixes.unlock_before_return, exit_node.ast, held.name, unlock)
            if exit_node.kind == "return"
            else None
        )
        yield ctx.finding(
            RULE, held.lock, message, related, fixes=tuple(f for f in (preferred, fallback) if f)
        )
    yield from _handed_unlocks(ctx)


def _handed_unlocks(ctx: Context) -> Iterator[Finding]:
    """UNLOCK_HANDED_BACK: `unlock := r.lockDoor(door)`, a way out that never calls it."""
    for handed in returned_unlocks.unlocks_left_uncalled(
        ctx.file, ctx.package, ctx.liveness.functions
    ):
        exit_node = handed.exit.node
        if handed.exit.kind not in ("return", "end"):
            continue
        if not ctx.preview and not failure_returns.returns_a_failure(exit_node, handed.func):
            continue  # FAILURE_RETURN, as for a lock taken here
        name = gosyntax.function_name(handed.func)
        owner = f"`{name}`" if name else "the function"
        where = (
            f"returns at line {gosyntax.line_of(exit_node)}"
            if handed.exit.kind == "return"
            else "ends"
        )
        message = (
            f"the mutex `{handed.helper}` locks stays locked when {owner} {where}: "
            f"`{handed.name}()`, which `{handed.helper}` handed back to release it, is not "
            f"called on that path, so the next `{handed.helper}` of it blocks forever"
        )
        related = [ctx.related(exit_node, f"{owner} leaves here without calling `{handed.name}()`")]
        if handed.lock is not None:
            related.append(
                ctx.related(
                    handed.lock,
                    f"`{handed.helper}` locks the mutex here and returns its release",
                    handed.lock_file,
                )
            )
        fix = (
            ctx.fix(fixes.call_before_return, exit_node, handed.name)
            if handed.exit.kind == "return"
            else None
        )
        yield ctx.finding(RULE, handed.call, message, related, fixes=(fix,) if fix else ())


RULE = Rule(
    code="GL017",
    name="lock-not-released",
    summary="A path leaves a function with a mutex it locked still held",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
    reads_locks=True,
)
