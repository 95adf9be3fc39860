"""A polling loop that obeys its context on one branch and sleeps past it on another.

```go
for {
        chunk, err := r.ReadString('\n')
        if err == io.EOF {
                time.Sleep(poll) // round again, without a look at ctx
                continue
        }
        ...
        select {
        case lines <- chunk:
        case <-ctx.Done():
                return
        }
}
```

The loop is meant to stop with `ctx`: it waits on `ctx.Done()` somewhere. But an
iteration that takes the idle branch (nothing new at the end of a file, a temporary
error) sleeps and starts again without passing that check or any other way out, so
once the caller is gone and the loop is idle, it polls for ever.

Heuristic IDLE_BRANCH_IGNORES_STOP: a `time.Sleep` statement followed by `continue` (of
the loop itself), in an endless `for` that reads `X.Done()` or `X.Err()` elsewhere,
where no statement of the iteration before it (nor the conditions of the `if`s around
it) looks at `X` or can leave the loop. Trade-off: an idle branch whose condition cannot
hold for ever (a retry counter kept in a field, a source that always grows) is
reported all the same; a loop that checks `ctx` through another name is not.

Heuristic HANDED_IS_NOT_LOOKED_AT: `X` given as an argument (`dial(ctx, addr)`) is not a
look at it: the callee may fail once `X` is done, but the failure is the idle branch
itself (`if err != nil { sleep; continue }`), so the loop goes round for ever. Trade-off:
a callee that panics or ends the process when `X` is done would stop the loop; such a
loop is reported all the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from goleash import gosyntax

_EXITS = frozenset({"return_statement", "goto_statement"})


@dataclass(frozen=True)
class IdleSleep:
    sleep: Node  # the `time.Sleep(...)` call
    loop: Node  # the endless `for`
    context: str  # the name whose `Done()` the loop waits on elsewhere
    check: Node  # that `X.Done()` call


def idle_sleeps(loop: Node) -> list[IdleSleep]:
    """The idle branches of an endless loop that sleep past its context."""
    body = loop.child_by_field_name("body")
    if body is None or not gosyntax.is_infinite_loop(loop):
        return []
    text = body.text or b""
    if b"time.Sleep" not in text or (b".Done()" not in text and b".Err()" not in text):
        return []
    checks = _done_checks(body)
    out = []
    for n in gosyntax.walk(body):
        if n.type != "call_expression" or gosyntax.callee_text(n) != "time.Sleep":
            continue
        stmt = n.parent
        if stmt is None or stmt.type != "expression_statement":
            continue
        if gosyntax.loops_between(stmt, body) or not _continues(stmt, loop):
            continue
        before = _iteration_before(stmt, body)
        if before is None:
            continue
        for name, check in checks.items():
            if not any(_mentions_or_leaves(b, name) for b in before):
                out.append(IdleSleep(n, loop, name, check))
                break
    return out


_STOP_READS = frozenset({"Done", "Err"})


def _done_checks(body: Node) -> dict[str, Node]:
    """name -> its first `name.Done()` (or `name.Err()`) call in the loop's own body."""
    found: dict[str, Node] = {}
    for n in gosyntax.walk(body):
        if n.type == "call_expression" and not gosyntax.call_arguments(n):
            fn = n.child_by_field_name("function")
            if fn is None or fn.type != "selector_expression":
                continue
            operand = fn.child_by_field_name("operand")
            field = fn.child_by_field_name("field")
            if (
                operand is not None
                and operand.type == "identifier"
                and field is not None
                and gosyntax.text(field) in _STOP_READS
            ):
                found.setdefault(gosyntax.text(operand), n)
    return found


def _continues(stmt: Node, loop: Node) -> bool:
    """Is the statement after `stmt` a `continue` of `loop`?"""
    nxt = gosyntax.next_statement(stmt)
    if nxt is None or nxt.type != "continue_statement":
        return False
    label = next((c for c in nxt.named_children if c.type == "label_name"), None)
    if label is None:
        return gosyntax.loops_between(nxt, loop.parent)[:1] == [loop]
    parent = loop.parent
    return (
        parent is not None
        and parent.type == "labeled_statement"
        and gosyntax.text(parent.named_children[0]) == gosyntax.text(label)
    )


def _iteration_before(stmt: Node, body: Node) -> list[Node] | None:
    """What an iteration runs before reaching `stmt`: the statements before it in each
    block around it (up to the loop's body), the conditions of the `if`s and the
    headers of the `switch`es it sits in. None inside a `select` or a type switch, too
    tangled to judge."""
    out: list[Node] = []
    node = stmt
    while node is not None and node != body:
        parent = node.parent
        if parent is None:
            break
        if parent.type in ("block", "statement_list", "expression_case", "default_case"):
            sib = node.prev_named_sibling
            while sib is not None:
                if sib.type != "comment":
                    out.append(sib)
                sib = sib.prev_named_sibling
        elif parent.type == "if_statement":
            for field in ("initializer", "condition"):
                part = parent.child_by_field_name(field)
                if part is not None:
                    out.append(part)
        elif parent.type in ("expression_switch_statement", "type_switch_statement"):
            for field in ("initializer", "value"):
                part = parent.child_by_field_name(field)
                if part is not None:
                    out.append(part)
        elif parent.type in ("select_statement", "communication_case", "type_case"):
            return None
        node = parent
    return out


def _mentions_or_leaves(node: Node, name: str) -> bool:
    """Does `node` look at `name` (not in a comment, nor only handing it to a call:
    HANDED_IS_NOT_LOOKED_AT), or hold a way out of the loop?"""
    return any(
        (
            n.type == "identifier"
            and gosyntax.text(n) == name
            and (n.parent is None or n.parent.type != "argument_list")
        )
        or n.type in _EXITS
        or n.type == "break_statement"
        or (n.type == "call_expression" and gosyntax.is_terminating_call(n))
        for n in (node, *gosyntax.walk(node, skip_functions=False))
    )
