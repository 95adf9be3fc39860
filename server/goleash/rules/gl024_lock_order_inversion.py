"""
# lock-order-inversion (GL024)

## What it does
Finds two mutexes that the package takes in opposite orders: one function locks
`a.mu` and then `b.mu` (directly, or by calling a function of the package that
locks it) while another locks `b.mu` and then `a.mu`.

## Why is this bad?
Two goroutines running the two functions at once can each take their first lock
and then wait for the other's forever: both block for good, and so does every
goroutine that needs either lock afterwards. The deadlock shows only under load,
when the two really overlap.

## Example
```go
func (s *Server) Register(c *Client) {
        s.mu.Lock()
        defer s.mu.Unlock()
        c.mu.Lock() // Server, then Client
        ...
}

func (c *Client) Close() {
        c.mu.Lock()
        defer c.mu.Unlock()
        c.server.mu.Lock() // Client, then Server: the opposite order
        ...
}
```

## Use instead
Take the two locks in one order everywhere (document it beside the fields), or
release the first before taking the second.

## Fix safety
No fix is offered: which order is right, or whether one lock can be let go first,
is the author's decision. Acquisitions of the same field on two objects of one
type are not reported (the code may order them by id), nor two sites that both
hold a third lock (they cannot run at once).

This rule is in preview (`--preview`, or `preview = true` in `goleash.toml` or the
editor settings). How it was measured (`goleash check --preview --select GL024`,
every finding read; `docs/evaluation.md`, Locks): on
Go 1.19's `src` and Debian's packaged Go sources (10.8M lines, 2026-12-01), no
findings. On code it was not tuned on, Go 1.27's standard library with its vendored modules, Debian's Go examples and ten
projects (go-ethereum, tailscale, minio, nats-server, pebble, syncthing, caddy, badger,
nsq, raft): 5.2M lines: 6 findings (3 inversions, each
reported at both sites), one real (nats-server's MQTT delivery takes the session's
lock then the client's, a test the other way) and two false, where the callee lets
go of the first lock before it takes the second (the RELEASED_IN_CALLEE guard).
After that guard, on prometheus, containerd, temporal and rclone (2.0M lines): 4 findings, both inversions real (rclone's mega
backend: `findRoot` then `mkdir` against `purgeCheck` then `findRoot`; its VFS
cache: `DirtyItem` against an item's `open` on its error path). 6 of 10 (60%) over
both: it stays in preview until more inversions are read.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis import lock_order
from goleash.model import Finding, Severity
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    starts = {s.start_byte for s in ctx.candidates.get("lock_stmt", [])}
    if not starts:
        return
    for inv in lock_order.inversions(ctx.package):
        e, r = inv.edge, inv.reverse
        e_first = e.first
        if (
            e.func.file.path != ctx.file.path
            or e_first.parent is None
            or e_first.parent.start_byte not in starts
        ):
            continue
        e_second, r_first, r_second = (n for n in (e.second, r.first, r.second))
        e_via = e.via if e.via is not None else None
        func = _function_label(e.func.node)
        other = _function_label(r.func.node)
        # where the other function takes its second lock
        site = r.via if r.via is not None else r_second
        where = (
            f"line {gosyntax.line_of(site)}"
            if r.func.file.path == ctx.file.path
            else f"{os.path.basename(r.func.file.path)}:{gosyntax.line_of(site)}"
        )
        at = e_via if e_via is not None else e_second
        how = _through(e_via)
        message = (
            f"{func} locks `{e.taken_name}`{how} while holding `{e.held_name}`, but {other} takes them in "
            f"the opposite order ({where}): two goroutines running both can each hold one and wait forever "
            f"for the other"
        )
        related = [ctx.related(e_first, f"`{e.held_name}` is locked here first")]
        if e_via is not None:
            related.append(ctx.related(e_second, f"`{e.taken_name}` is locked here", e.second_file))
        related.append(
            ctx.related(r_first, f"{other} locks `{r.held_name}` first here", r.func.file)
        )
        related.append(ctx.related(r_second, f"then `{r.taken_name}` here", r.second_file))
        yield ctx.finding(RULE, at, message, related)


def _function_label(node: Node) -> str:
    """`Compact`, or, for a function literal, the named function it sits in."""
    name = gosyntax.function_name(node)
    if name:
        return f"`{name}`"
    outer = gosyntax.enclosing_function(node)
    while outer is not None and not gosyntax.function_name(outer):
        outer = gosyntax.enclosing_function(outer)
    return (
        f"a function literal in `{gosyntax.function_name(outer)}`"
        if outer is not None
        else "a function literal"
    )


def _through(via: Node | None) -> str:
    if via is None:
        return ""
    callee = gosyntax.callee_text(via)
    return f" (through `{callee}`)" if callee else " (through the function literal it calls)"


RULE = Rule(
    code="GL024",
    name="lock-order-inversion",
    summary="Two mutexes are taken in opposite orders by two functions",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    preview=True,
    reads_locks=True,
)
