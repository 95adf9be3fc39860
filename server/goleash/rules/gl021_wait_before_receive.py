"""
# wait-before-receive (GL021)

## What it does
Finds goroutines that send on an unbuffered channel before calling `wg.Done()`, while
the function that started them calls `wg.Wait()` before it receives from that channel.

## Why is this bad?
Each sender waits for a receiver; the receiver waits in `wg.Wait()` for the senders to
finish. Neither can move: the senders leak and the starting function hangs (in
`main`, the runtime reports "all goroutines are asleep").

## Example
```go
func squares(xs []int) []int {
        out := make(chan int)
        var wg sync.WaitGroup
        for _, x := range xs {
                wg.Add(1)
                go func(x int) {
                        defer wg.Done()
                        out <- x * x // blocks: nobody receives until Wait returns
                }(x)
        }
        wg.Wait()
        var res []int
        for v := range out {
                res = append(res, v)
        }
        return res
}
```

## Use instead
```go
        go func() {
                wg.Wait()
                close(out)
        }()
        for v := range out {
                res = append(res, v)
        }
```

## Fix safety
Waiting in a goroutine that then closes the channel lets the owner receive while the
senders run, and ends its `range` once they are done. The owner no longer waits at
that point, which later code might rely on, so the fix is unsafe.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from goleash import fixes, gosyntax
from goleash.analysis import paths
from goleash.analysis.channels import ActorKind, Channel, Op, OpKind
from goleash.analysis.leaks import blocking_goroutine_ops, verb
from goleash.model import Finding, Severity
from goleash.rules import _report
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterator[Finding]:
    for ch in ctx.trusted_channels:
        if ch.capacity != 0:
            continue
        receives = [o for o in ch.of(OpKind.RECV, OpKind.RANGE)]
        if not receives or any(o.actor.kind is not ActorKind.OWNER for o in receives):
            continue
        first_receive = min(o.site.start_byte for o in receives)
        reported = set()
        for op in blocking_goroutine_ops(ch, OpKind.SEND):
            if op.actor in reported or op.actor.body is None or op.file.path != ctx.file.path:
                continue
            group = _done_group(op)
            spawned_by = _group_of_spawn(op)
            if group is None:
                group = spawned_by
            if group is None:
                continue
            site = op.actor.site
            wait = _wait_before(ch, group, site if site is not None else None, first_receive)
            if wait is None:
                continue
            reported.add(op.actor)
            until = (
                f"the send comes before `{group}.Done()`"
                if group != spawned_by
                else f"`{group}.Wait()` returns only once the function it runs has returned"
            )
            message = (
                f"{_report.who(op.actor)} blocks forever {verb(op, ch)}: `{ch.owner_name}` waits for it "
                f"with `{group}.Wait()` at line {gosyntax.line_of(wait)} before receiving from `{ch.name}`, "
                f"and {until}"
            )
            first = min(receives, key=lambda o: o.site.start_byte)
            extra = [
                ctx.related(wait, f"`{group}.Wait()` waits for senders that wait for a receiver"),
                ctx.related(
                    first.anchor,
                    f"the first receive from `{ch.name}`, reached only after `Wait` returns",
                ),
            ]
            fix = ctx.fix(fixes.wait_in_goroutine, ch, wait, group)
            yield _report.finding(ctx, RULE, ch, op, message, *extra, fixes=(fix,))


def _done_group(op: Op) -> str | None:
    """The WaitGroup the sending goroutine marks done after (or deferred around) the send."""
    if op.actor.body is None:
        return None
    for n in gosyntax.walk(op.actor.body):
        if n.type != "call_expression" or gosyntax.call_arguments(n):
            continue
        fn = n.child_by_field_name("function")
        field = fn.child_by_field_name("field") if fn is not None else None
        if fn is None or fn.type != "selector_expression" or field is None or field.text != b"Done":
            continue
        deferred = n.parent is not None and n.parent.type == "defer_statement"
        if deferred or (n.start_byte > op.node.end_byte and paths.reached_after(op.node, n)):
            return gosyntax.text(gosyntax.field(fn, "operand"))
    return None


def _group_of_spawn(op: Op) -> str | None:
    """`g` when the goroutine is the function literal of `g.Go(func() error {...})`
    (errgroup.Group, sync.WaitGroup.Go): `g.Wait()` waits for it to return."""
    start = op.actor.start
    if start is None or start.type != "call_expression":
        return None
    fn = gosyntax.unparen(start.child_by_field_name("function"))
    field = fn.child_by_field_name("field") if fn is not None else None
    if fn is None or fn.type != "selector_expression" or field is None or field.text != b"Go":
        return None
    return gosyntax.text(gosyntax.field(fn, "operand"))


def _wait_before(ch: Channel, group: str, start: Node | None, first_receive: int) -> Node | None:
    """`group.Wait()` as a plain statement of the owner, after the goroutines start and
    before any receive, at a level every path to the receives passes."""
    if start is None:
        return None
    for stmt in gosyntax.statements(ch.owner_body):
        if stmt.start_byte < start.end_byte and not gosyntax.is_within(start, stmt):
            continue
        if stmt.start_byte >= first_receive:
            return None
        call = _waited(stmt)
        if call is not None and gosyntax.callee_text(call) == f"{group}.Wait":
            return call
    return None


def _waited(stmt: Node) -> Node | None:
    """The call a statement makes first and for certain: `g.Wait()`, `err := g.Wait()`,
    `if err := g.Wait(); err != nil {`, `if g.Wait() != nil {`."""
    if stmt.type == "if_statement":
        head = stmt.child_by_field_name("initializer") or stmt.child_by_field_name("condition")
        return _waited(head) if head is not None else None
    if stmt.type in ("short_var_declaration", "assignment_statement"):
        right = stmt.child_by_field_name("right")
        values = right.named_children if right is not None else []
        return _waited(values[0]) if len(values) == 1 else None
    if stmt.type == "binary_expression":
        left = stmt.child_by_field_name("left")
        return _waited(left) if left is not None else None
    if stmt.type == "expression_statement" and stmt.named_children:
        stmt = stmt.named_children[0]
    return stmt if stmt.type == "call_expression" else None


RULE = Rule(
    code="GL021",
    name="wait-before-receive",
    summary="wg.Wait() before receiving from a channel the waited-for goroutines send on",
    severity=Severity.WARNING,
    doc=rule_doc(__doc__),
    check=check,
    fixable=True,
)
