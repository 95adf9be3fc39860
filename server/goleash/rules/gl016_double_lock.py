"""
# lock-held-twice (GL016)

## What it does
Finds a goroutine that locks a mutex it already holds: `mu.Lock()` again (directly, or
inside a method of the same value it calls) before any `mu.Unlock()`.

## Why is this bad?
Go's mutexes are not reentrant. The second `Lock` waits for the first to be released,
which only the same goroutine could do: it blocks forever, and every goroutine that
needs the mutex afterwards blocks behind it. (`RLock` twice can deadlock too, as soon
as a writer is waiting between the two.)

## Example
```go
func (c *Cache) Refresh() {
        c.mu.Lock()
        defer c.mu.Unlock()
        c.load()
}

func (c *Cache) load() {
        c.mu.Lock() // already held by Refresh: blocks forever
        defer c.mu.Unlock()
        ...
}
```

## Use instead
Lock in one place only: keep an unexported `loadLocked` that assumes the lock is held,
and call it from both.

## Fix safety
When the caller's method calls another that locks the same mutex first thing
(`Lock` then `defer Unlock`), that method gets a `...Locked` twin holding the rest of
its body, for callers that already hold the lock; the method itself calls the twin
under its lock, as before, and the caller calls the twin. A second `Lock` in the same
function gets an `Unlock` right before it. Both are unsafe: the first adds a method,
the second splits one critical section in two. Which function should own the lock
remains the author's decision.

How it was measured (`goleash check --select GL016`, every finding read;
`docs/evaluation.md`, Locks): on Go 1.19's `src` and Debian's packaged Go sources
(10.8M lines, 2026-12-01), 2 findings, both real (testify's `Suite.Require` and
`Suite.Assert`). On code it was not tuned on, Go 1.27's standard library with its
vendored modules, Debian's Go examples and ten projects (go-ethereum, tailscale,
minio, nats-server, pebble, syncthing, caddy, badger, nsq, raft: 5.2M lines): 37
findings, 2 real (a nats-server test re-entering `RLock` through `lookupRaftNode`);
34 of the 35 false ones were one idiom, a helper that locks unless a bool parameter
says its caller holds the lock (now LOCKED_PARAMETER), the last a receiver reassigned
before its lock (REASSIGNED_RECEIVER). Then on prometheus, containerd, temporal and
rclone (2.0M lines): 2, both false (an unlock and relock under one flag, now
CORRELATED_BRANCHES). 2 of 39 on unseen code: this rule was on by default before
the 90% bar existed, and does not meet it on this evidence, so it is now in preview
(`--preview`, or `preview = true` in `goleash.toml` or the editor settings) until an
audit on fresh code shows the guards hold.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from goleash import fixes, gosyntax
from goleash.analysis.lock_order import Relock
from goleash.analysis.package import Declaration, variable_type
from goleash.model import Finding, Severity
from goleash.rules.base import Context, Rule, rule_doc

_LOCKS = (b"Lock", b"RLock")
_UNLOCKS = {b"Lock": b"Unlock", b"RLock": b"RUnlock"}


def check(ctx: Context) -> Iterator[Finding]:
    reported: set[int] = set()
    for stmt in ctx.candidates.get("lock_stmt", []):
        call = stmt.named_children[0]
        target, method = _selector_call(call)
        # Exclusive locks on a struct's mutex: a read lock taken twice is legal while no
        # writer waits (tests do it on purpose), and a local `Locker` may be a read locker.
        if target is None or method != b"Lock" or b"." not in target:
            continue
        func = gosyntax.enclosing_function(stmt)
        if func is None or stmt.parent is None:
            continue
        # Walk the statements after the Lock in the same list: straight-line code only.
        for later in gosyntax.statements(stmt.parent):
            if later.start_byte <= stmt.start_byte:
                continue
            if later.type == "defer_statement":
                continue  # `defer mu.Unlock()` releases it only when the function returns
            if _unlocks(later, target):
                break
            if later.type in ("return_statement", "go_statement"):
                break
            if later.type not in (
                "expression_statement",
                "short_var_declaration",
                "assignment_statement",
            ):
                break  # a branch or loop: the lock may be released inside
            for n in _calls(later):
                t, m = _selector_call(n)
                if t == target and m == b"Lock":
                    yield _finding(ctx, n, stmt, target, None)
                    reported.add(n.start_byte)
                    break
                inner = _method_lock(ctx, n, target)
                if inner is not None:
                    yield _finding(ctx, n, stmt, target, inner)
                    reported.add(n.start_byte)
    # The same question on the control-flow graph: a lock still held on every path to
    # a second Lock (through branches, loops and calls the walk above does not follow).
    for r in ctx.relocks:
        at = r.via if r.via is not None else r.second
        if at.start_byte in reported or not _owned(ctx, at):
            continue
        if r.first_read and r.second_read and not _writer_elsewhere(ctx, r):
            continue  # two read locks block only if a writer waits between them
        reported.add(at.start_byte)
        yield _relock_finding(ctx, r, at)


def _owned(ctx: Context, node: Node) -> bool:
    from goleash.fixes.common import owns

    return owns(ctx.file, node)


def _writer_elsewhere(ctx: Context, r: Relock) -> bool:
    """Does anything in the package take the write lock of this mutex?"""
    import re

    field = r.key[-1].encode() if r.key[0] == "field" else r.key[1].encode()
    pattern = re.compile(rb"\b" + re.escape(field) + rb"\.Lock\(\)")
    return any(pattern.search(f.data) for f in ctx.package.files)


def _relock_finding(ctx: Context, r: Relock, at: Node) -> Finding:
    name = r.name
    first, second = r.first, r.second
    kind = "RLock" if r.second_read else "Lock"
    if r.first_read and r.second_read:
        why = (
            "while this goroutine holds a read lock since line {line}: a writer waiting in `Lock` in between "
            "makes both wait for each other forever"
        )
    else:
        why = "while this goroutine already holds it since line {line}: it blocks forever"
    why = why.format(line=gosyntax.line_of(first))
    if r.via is not None:
        via = r.via
        callee = gosyntax.callee_text(via)
        message = f"`{callee}` takes `{name}` again ({kind}) {why}"
        related = [
            ctx.related(first, f"`{name}` is locked here and not yet unlocked"),
            ctx.related(second, f"`{callee}` locks it again here", r.second_file),
        ]
        method = gosyntax.enclosing_function(second)
        fix = (
            ctx.fix(fixes.locked_variant, via, method, second.parent)
            if method is not None
            else None
        )
    else:
        message = f"`{name}` is locked again ({kind}) {why}"
        related = [ctx.related(first, f"`{name}` is locked here and not yet unlocked")]
        fix = ctx.fix(fixes.unlock_before_relock, second, name) if not r.first_read else None
    return ctx.finding(RULE, at, message, related, fixes=(fix,) if fix else ())


def _finding(
    ctx: Context, at: Node, first: Node, target: bytes, inner: tuple[Declaration, Node] | None
) -> Finding:
    name = target.decode()
    if inner is None:
        message = f"`{name}` is locked again while already held since line {gosyntax.line_of(first)}: this goroutine blocks forever"
        related = [ctx.related(first, f"`{name}` is locked here and not yet unlocked")]
        fix = ctx.fix(fixes.unlock_before_relock, at, name)
        return ctx.finding(RULE, at, message, related, fixes=(fix,) if fix else ())
    decl, lock = inner
    callee = gosyntax.function_name(decl.node)
    message = (
        f"`{callee}` locks `{name}` again while the caller holds it since line {gosyntax.line_of(first)}: "
        f"this goroutine blocks forever"
    )
    related = [
        ctx.related(first, f"`{name}` is locked here and not yet unlocked"),
        ctx.related(lock, f"`{callee}` locks it again here", decl.file),
    ]
    fix = ctx.fix(fixes.locked_variant, at, decl.node, lock)
    return ctx.finding(RULE, at, message, related, fixes=(fix,) if fix else ())


def _selector_call(call: Node) -> tuple[bytes | None, bytes | None]:
    if call.type != "call_expression" or gosyntax.call_arguments(call):
        return None, None
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return None, None
    return gosyntax.field(fn, "operand").text, gosyntax.field(fn, "field").text


def _calls(stmt: Node) -> list[Node]:
    return [n for n in [stmt, *gosyntax.walk(stmt)] if n.type == "call_expression"]


def _unlocks(stmt: Node, target: bytes) -> bool:
    for n in _calls(stmt):
        t, m = _selector_call(n)
        if t == target and m in (b"Unlock", b"RUnlock"):
            return True
    return False


def _method_lock(ctx: Context, call: Node, target: bytes) -> tuple[Declaration, Node] | None:
    """For `recv.m()` where the caller holds `recv.mu`: m's own unconditional `recv'.mu.Lock()`."""
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return None
    operand = fn.child_by_field_name("operand")
    if (
        operand is None
        or operand.type != "identifier"
        or not target.startswith(gosyntax.text(operand).encode() + b".")
    ):
        return None
    rtype = variable_type(call, gosyntax.text(operand))
    if rtype is None:
        return None
    decl = ctx.package.method(gosyntax.text(gosyntax.field(fn, "field")), rtype)
    if decl is None or decl.body is None:
        return None
    recv = gosyntax.receiver_text(decl.node)
    if not recv:
        return None
    inner_target = recv.encode() + target[len(operand.text or b"") :]
    for s in gosyntax.statements(decl.body):
        if _unlocks(s, inner_target):
            return None
        if s.type != "expression_statement":
            continue  # only the method's own top-level, unconditional statements
        t, m = _selector_call(s.named_children[0]) if s.named_children else (None, None)
        if t == inner_target and m in _LOCKS:
            return decl, s  # Lock, or RLock, under an exclusive lock: both block
    return None


RULE = Rule(
    code="GL016",
    name="lock-held-twice",
    summary="A mutex locked again by the goroutine that already holds it",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
    preview=True,
    reads_locks=True,
)
