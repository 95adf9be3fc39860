"""A goroutine's way out that only the end of the wait can open.

```go
ctx, cancel := context.WithCancel(context.Background())
finished := make(chan struct{})
go func() {
        for {
                select {
                case <-finished:       // the only return without cancel()...
                        return
                case <-ticker.C:
                        if ready() {
                                cancel()
                        }
                }
        }
}()
<-ctx.Done()                           // ...needs `finished` closed,
close(finished)                        // which happens only after this wait
```

The goroutine can leave without releasing the wait (here without `cancel()`; with a
WaitGroup, without `Done`), but only through a case receiving from a channel that the
waiting function closes after the wait, and nothing else closes or sends on: that way
out cannot be taken while the wait is still waiting, so it abandons nobody.

Heuristic GATED_BY_A_LATER_CLOSE, a trade-off: the channel must be a local variable of
the waiting function, used there only to be received from and closed, every close
after the wait in the same block or nested in a statement after it (so it is reached
only through the wait). A channel kept in a field, handed to a call or closed also on
another path is not followed, and the finding stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis import paths
from goleash.analysis.testing_calls import is_test_type

if TYPE_CHECKING:
    from goleash.analysis.functions import Function
    from goleash.analysis.scopes import Var

_BLOCKS = ("block", "statement_list")


def gated_by_a_later_close(
    root: Function, wait: tree_sitter.Node, goroutine: tree_sitter.Node
) -> bool:
    """GATED_BY_A_LATER_CLOSE: every way out of `goroutine` (a function literal of `root`)
    sits in a select case receiving from one channel that `root` closes only after
    `wait`, and its body never falls off its end."""
    body = goroutine.child_by_field_name("body")
    if body is None or not _never_falls_off(body):
        return False
    exits = [n for n in gosyntax.walk(body) if n.type in ("return_statement", "goto_statement")]
    if not exits or any(n.type == "goto_statement" for n in exits):
        return False
    scopes = root.resolver.scopes
    gates = set()
    contexts = set()
    on_close_only = True
    for exit_node in exits:
        case = gosyntax.enclosing_in_function(exit_node, ("communication_case",))
        received = _received_channel(case) if case is not None else None
        if received is None:
            return False
        channel, is_context = received
        var = scopes.lookup(channel)
        if var is None:
            return False
        gates.add(var)
        if is_context:
            contexts.add(var)
        assert case is not None  # _received_channel found its channel
        on_close_only = on_close_only and taken_when_closed(exit_node, case)
    if len(gates) != 1:
        return False
    wait_statement = _statement_of(wait)
    if wait_statement is None or _in_a_loop(wait_statement, root.node):
        return False  # a later iteration's wait would find the channel already closed
    gate = gates.pop()
    if gate in contexts:
        cancels = _cancels_only(root, gate)
        return cancels is not None and all(
            _deferred(c) or _reached_only_after(wait_statement, c) for c in cancels
        )
    closes = _closes_only(root, gate, sends_allowed=on_close_only)
    return bool(closes) and all(_reached_only_after(wait_statement, c) for c in closes)


def taken_when_closed(exit_node: tree_sitter.Node, case: tree_sitter.Node) -> bool:
    """CLOSED_ONLY_EXIT: the way out sits under `if !ok` where `ok` is the second value
    of the case's own receive (`case v, ok := <-ch:`): a value sent on the channel does
    not open it, only the close does, so sends beside the close are no other gate."""
    comm = gosyntax.case_communication(case)
    left = comm.child_by_field_name("left") if comm is not None else None
    names = left.named_children if left is not None and left.type == "expression_list" else []
    if len(names) != 2 or names[1].type != "identifier":
        return False
    ok = names[1].text
    at = exit_node.parent
    while at is not None and at != case:
        if at.type == "if_statement":
            cond = gosyntax.unparen(at.child_by_field_name("condition"))
            consequence = at.child_by_field_name("consequence")
            if (
                cond is not None
                and cond.type == "unary_expression"
                and gosyntax.field(cond, "operator").type == "!"
                and (operand := gosyntax.unparen(cond.child_by_field_name("operand"))) is not None
                and operand.type == "identifier"
                and operand.text == ok
                and consequence is not None
                and gosyntax.is_within(exit_node, consequence)
            ):
                return True
        at = at.parent
    return False


def _never_falls_off(body: tree_sitter.Node) -> bool:
    """The body ends in an endless `for` that no `break` leaves: it stops only by a
    `return` (or by ending the process or the test)."""
    statements = [c for c in gosyntax.statements(body) if c.type != "comment"]
    if not statements:
        return False
    last = statements[-1]
    return (
        last.type == "for_statement"
        and gosyntax.is_infinite_loop(last)
        and not paths.breaks_out(last)
    )


def _received_channel(case: tree_sitter.Node) -> tuple[tree_sitter.Node, bool] | None:
    """(`x`, False) for `case <-x:` or `case v := <-x:`, (`ctx`, True) for
    `case <-ctx.Done():` (identifiers), else None."""
    operand = gosyntax.case_received(gosyntax.case_communication(case))
    if operand is not None and operand.type == "identifier":
        return operand, False
    holder = gosyntax.done_holder(operand)
    if holder is not None and holder.type == "identifier":
        return holder, True
    return None


def _cancels_only(root: Function, ctx: Var) -> list[tree_sitter.Node] | None:
    """CANCELLED_AFTER_THE_WAIT: for `ctx, cancel := context.WithCancel(p)` in `root`, with
    `p` a root context or the test's own (`t.Context()`, ended only after the test
    returns), the uses of `cancel`, if each is a call or a hand-over in a statement (the
    caller checks where they sit); None when the context may end some other way (another
    parent, a reassigned `ctx`, a `cancel` kept or handed to a literal)."""
    if len(ctx.assignments) != 1:
        return None
    decl, value, _pos = ctx.assignments[0]
    call = gosyntax.unparen(value)
    if (
        decl is None
        or decl.type != "short_var_declaration"
        or call is None
        or call.type != "call_expression"
        or gosyntax.callee_text(call) not in gosyntax.CANCELLABLE_CONTEXTS
    ):
        return None
    args = gosyntax.call_arguments(call)
    parent = gosyntax.unparen(args[0]) if args else None
    if (
        parent is None
        or parent.type != "call_expression"
        or not _lives_through_the_wait(parent, root)
    ):
        return None
    left = gosyntax.field(decl, "left").named_children
    cancel = root.resolver.scopes.lookup(left[1]) if len(left) == 2 else None
    if cancel is None:
        return None
    uses = []
    for ident in cancel.occurrences:
        if ident == cancel.ident:
            continue
        if gosyntax.enclosing_function(ident) != root.node:
            return None  # called by a literal (a goroutine, a callback): any time
        statement = _statement_of(ident)
        if statement is None:
            return None
        uses.append(statement)
    return uses


def _lives_through_the_wait(parent: tree_sitter.Node, root: Function) -> bool:
    """The parent context cannot end while the root waits: `context.Background()`,
    `context.TODO()`, or the test's `t.Context()` (cancelled once the test returns)."""
    if gosyntax.is_root_context(parent):
        return True
    fn = gosyntax.unparen(parent.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression":
        return False
    if gosyntax.text(gosyntax.field(fn, "field")) != "Context" or gosyntax.call_arguments(parent):
        return False
    return is_test_type(root.resolver.expr_type(fn.child_by_field_name("operand")))


def _deferred(statement: tree_sitter.Node) -> bool:
    """`defer cancel(...)`: runs only when the root returns, after any wait it is in."""
    return statement.type == "defer_statement"


def _closes_only(root: Function, var: Var, sends_allowed: bool = False) -> list[tree_sitter.Node]:
    """The `close(x)` statements of the channel, if every other use of it in the
    declaration only receives from it, or with `sends_allowed` also sends on it (else
    nothing: it may be released elsewhere)."""
    scopes = root.resolver.scopes
    top = root.node
    while top.parent is not None and top.parent.type != "source_file":
        top = top.parent
    closes: list[tree_sitter.Node] = []
    for ident in gosyntax.walk(top, skip_functions=False):
        if ident.type != "identifier" or scopes.lookup(ident) is not var:
            continue
        use = ident.parent
        if use is None:
            return []
        if use.type == "parenthesized_expression":
            use = use.parent
        if use is not None and use.type == "unary_expression":
            continue  # a receive
        if (
            sends_allowed
            and use is not None
            and use.type == "send_statement"
            and use.child_by_field_name("channel") == ident
        ):
            continue  # a send: the way out waits for the close all the same
        if use is not None and use.type == "argument_list":
            call = use.parent
            if (
                call is not None
                and gosyntax.callee_text(call) == "close"
                and call.parent is not None
                and call.parent.type == "expression_statement"
            ):
                closes.append(call.parent)
                continue
            return []  # handed to a call
        if use is not None and use.type in ("short_var_declaration", "var_spec", "expression_list"):
            holder = use.parent if use.type == "expression_list" else use
            if holder is not None and holder.type in ("short_var_declaration", "var_spec"):
                left = holder.child_by_field_name("left") or holder.child_by_field_name("name")
                if left is not None and left.start_byte <= ident.start_byte < left.end_byte:
                    continue  # its declaration
            return []
        return []  # a send, a store, a return: released or handed elsewhere
    return closes


def _statement_of(node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The statement directly in a block that holds `node`."""
    at = node
    while at.parent is not None and at.parent.type not in _BLOCKS:
        if at.parent.type in gosyntax.FUNCTION_TYPES:
            return None
        at = at.parent
    return at if at.parent is not None else None


def _in_a_loop(node: tree_sitter.Node, func: tree_sitter.Node) -> bool:
    at = node.parent
    while at is not None and at != func:
        if at.type == "for_statement":
            return True
        at = at.parent
    return False


def _reached_only_after(wait_statement: tree_sitter.Node, close: tree_sitter.Node) -> bool:
    """`close` follows `wait_statement` in its block, or is nested in a statement after it
    (not inside a function literal, which may run at any time)."""
    block = wait_statement.parent
    at: tree_sitter.Node | None = close
    while at is not None and at.parent != block:
        if at.type in gosyntax.FUNCTION_TYPES:
            return False
        at = at.parent
    return at is not None and at.start_byte > wait_statement.start_byte
