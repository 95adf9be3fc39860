"""How many times one path through a piece of code can send on a channel named by text.

Read from the syntax, as gofmt lays code out: the sends of an `if` and its `else`
count once, a switch or select counts its busiest case, and a send anywhere in a loop
(or in a function literal, which may run any number of times) counts as unbounded.
Channels are matched by the text of their operands (`out`, `s.results`).
"""

from __future__ import annotations

import tree_sitter

from goleash import gosyntax

# Nesting past this is not followed: the count is taken as unbounded (the caller's
# finding stays) rather than reaching Python's recursion limit.
_DEPTH_BUDGET = 64
_ONE_OF_THEIR_CASES = ("expression_switch_statement", "type_switch_statement", "select_statement")


def most_sends_per_path(node: tree_sitter.Node, channel: bytes) -> float:
    """The most sends on `channel` one path through `node` makes (infinite when a send
    sits in a loop or a function literal of `node`). A path that leaves by `continue`,
    `break`, `return` or `goto` stops counting there (`if err != nil { out <- e;
    continue }; out <- v` sends once per path)."""
    through, jumped = _most(node, channel, 0)
    return max(through, jumped)


_NONE = float("-inf")  # no path of that kind
_JUMPS = ("return_statement", "continue_statement", "break_statement", "goto_statement")


def _most(node: tree_sitter.Node, channel: bytes, depth: int) -> tuple[float, float]:
    """(most sends on a path that goes on after `node`, most on one that jumps away)."""
    if depth > _DEPTH_BUDGET:
        return float("inf"), float("inf")
    t = node.type
    if t == "send_statement":
        return (1 if _sends_on(node, channel) else 0), _NONE
    if t in _JUMPS:
        return _NONE, 0
    if t in gosyntax.FUNCTION_TYPES or t == "for_statement":
        sends = any(_sends_on(n, channel) for n in gosyntax.walk(node))
        return (float("inf") if sends else 0), _NONE
    if t == "if_statement":
        before = 0.0
        for c in (node.child_by_field_name("initializer"), node.child_by_field_name("condition")):
            if c is not None:
                before += _most(c, channel, depth + 1)[0]
        arms = [
            _most(arm, channel, depth + 1) if arm is not None else (0.0, _NONE)
            for arm in (
                node.child_by_field_name("consequence"),
                node.child_by_field_name("alternative"),
            )
        ]  # a missing `else` goes on without sending
        return before + max(a[0] for a in arms), before + max(a[1] for a in arms)
    if t in _ONE_OF_THEIR_CASES:
        # A `break` in a case leaves the switch, not the loop around it: counted both ways.
        cases = [_most(c, channel, depth + 1) for c in node.named_children]
        through = max((max(c) for c in cases), default=0)
        return through, max((c[1] for c in cases), default=_NONE)
    through, jumped = 0.0, _NONE
    for c in node.named_children:
        c_through, c_jumped = _most(c, channel, depth + 1)
        jumped = max(jumped, through + c_jumped)
        through = through + c_through
    return through, jumped


def _sends_on(node: tree_sitter.Node, channel: bytes) -> bool:
    if node.type != "send_statement":
        return False
    operand = gosyntax.unparen(node.child_by_field_name("channel"))
    return operand is not None and operand.text == channel
