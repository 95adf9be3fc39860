"""FIRST_OF_MANY: the starter of many senders takes the first value and leaves.

Goroutines started in a loop each send at most once on one channel (`if err := f(x);
err != nil { errc <- err }`), and the function that started them receives a fixed
number of times (most often once: `if err, ok := <-errc; ok { return err }`, or `for err
:= range errc { return err }`) and returns with what it got. Every goroutine that sends
after that first value blocks forever on an unbuffered (or too small) channel: two
failures are enough. How many goroutines send is the input's business, which is why
counts alone stay silent on conditional senders (see `liveness._at_end`); the leak shown
here is the way out that returns a received value, a path the code plainly has.

Heuristic RETURNS_WHAT_IT_RECEIVED: only a `return` that mentions the value bound by the
receive (or holds the receive itself) counts as "took the first and left". A return
reached when the receive reported the channel closed (`return nil` after `ok` is false,
or after the range ended) is the path on which every sender has finished, and stays
silent. Trade-off: a function that copies the value to another name before returning
(`first = err; break` ... `return first`) is not recognised.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax

if TYPE_CHECKING:
    from goleash.analysis.scopes import Var

_BINDINGS = ("short_var_declaration", "assignment_statement", "var_spec", "receive_statement")


def returns_what_it_received(
    exit_node: tree_sitter.Node, receives: Iterable[tree_sitter.Node]
) -> bool:
    """Is `exit_node` a `return` handing back a value one of `receives` (the starter's
    receive expressions `<-ch` and `for v := range ch` statements on this path) gave?"""
    if exit_node.type != "return_statement":
        return False
    names = set()
    for recv in receives:
        if recv.type == "for_statement":
            name = _range_value(recv)
            body = recv.child_by_field_name("body")
            if name is not None and body is not None and gosyntax.is_within(exit_node, body):
                names.add(name)
            continue
        if gosyntax.is_within(recv, exit_node):
            return True  # `return <-errc`
        name = _bound_value(recv)
        if name is not None:
            names.add(name)
    if not names:
        return False
    return any(n.type == "identifier" and n.text in names for n in gosyntax.walk(exit_node))


def closed_by(func: tree_sitter.Node, var: Var) -> bool:
    """STARTER_CLOSES: does `func` itself (not a function literal in it) `close` the
    channel? Its senders must all have finished by then (a send on a closed channel
    panics), so a receive after that close strands nobody."""
    for ident in var.occurrences:
        args, _ = gosyntax.parent_skipping_parens(ident)
        call = args.parent if args is not None and args.type == "argument_list" else None
        if (
            call is not None
            and gosyntax.callee_text(call) == "close"
            and gosyntax.enclosing_function(call) == func
        ):
            return True
    return False


def returns_received_value(func: tree_sitter.Node, receives: list[tree_sitter.Node]) -> bool:
    """Does a `return` of `func` (not of a function literal in it) hand back a value one
    of its `receives` gave (`fanout.Wait`: `if err, ok := <-f.errc; ok { return err }`)?"""
    body = func.child_by_field_name("body")
    if body is None or not receives:
        return False
    return any(
        n.type == "return_statement" and returns_what_it_received(n, receives)
        for n in gosyntax.walk(body)
    )


def _bound_value(recv: tree_sitter.Node) -> bytes | None:
    """The name the receive's value is bound to (`err` of `err, ok := <-errc`, or of a
    select's `case err := <-errc:`)."""
    values, _ = gosyntax.parent_skipping_parens(recv)
    if values is not None and values.type == "receive_statement":
        statement: tree_sitter.Node | None = values  # a select case binds it itself
    elif values is None or values.type != "expression_list" or values.named_child_count != 1:
        return None
    else:
        statement = values.parent
    if statement is None or statement.type not in _BINDINGS:
        return None
    left = statement.child_by_field_name("left") or statement.child_by_field_name("name")
    if left is None:
        return None
    first = left.named_children[0] if left.type == "expression_list" else left
    return first.text if first.type == "identifier" and first.text != b"_" else None


def _range_value(loop: tree_sitter.Node) -> bytes | None:
    """`v` of `for v := range ch`."""
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    left = clause.child_by_field_name("left") if clause is not None else None
    if left is None:
        return None
    first = left.named_children[0] if left.type == "expression_list" else left
    return first.text if first.type == "identifier" and first.text != b"_" else None
