"""Which function literals hold a node, read from an index of the literals under a
declaration built once.

Climbing through `.parent` costs tree-sitter a walk down from the root for each step,
so asking it of many nodes deep in one function costs the square of the depth: a
thousand nested `go func() {` literals, each `go` statement asking which function
starts it; an `else if` chain of a thousand arms, each use asking which literals lie
between it and its function. The literals under a declaration, listed once in source
order with the one around each, answer with a bisection.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from tree_sitter import Node

from goleash import gosyntax
from goleash.source import SourceFile


@dataclass(frozen=True)
class Nesting:
    """The function literals under a node in source order: their start bytes, the nodes,
    and for each the index of the literal around it (-1: none)."""

    starts: list[int]
    literals: list[Node]
    enclosing: list[int]

    def around(self, node: Node) -> list[Node]:
        """The literals holding `node` (never `node` itself), innermost first."""
        i = self._innermost(node)
        found = []
        while i >= 0:
            found.append(self.literals[i])
            i = self.enclosing[i]
        return found

    def innermost(self, node: Node) -> Node | None:
        """The innermost literal holding `node` (never `node` itself)."""
        i = self._innermost(node)
        return self.literals[i] if i >= 0 else None

    def _innermost(self, node: Node) -> int:
        # The innermost literal holding `node` is the last one starting before it, or
        # one of the literals around that one. A literal spanning exactly what `node`
        # spans is `node` itself or lies inside it (`f := func() {...}`: the expression
        # list around the literal).
        i = bisect.bisect_right(self.starts, node.start_byte) - 1
        literals = self.literals
        while i >= 0 and (
            literals[i].end_byte < node.end_byte
            or (literals[i].start_byte == node.start_byte and literals[i].end_byte == node.end_byte)
        ):
            i = self.enclosing[i]
        return i


def nesting(under: Node | None) -> Nesting:
    """The function literals below `under` (not `under` itself)."""
    starts: list[int] = []
    literals: list[Node] = []
    enclosing: list[int] = []
    around: list[int] = []  # the literals around the walk's position, innermost last
    for n in _literals_below(under):
        while around and literals[around[-1]].end_byte <= n.start_byte:
            around.pop()
        starts.append(n.start_byte)
        literals.append(n)
        enclosing.append(around[-1] if around else -1)
        around.append(len(literals) - 1)
    return Nesting(starts, literals, enclosing)


def _literals_below(under: Node | None) -> list[Node]:
    """The function literals strictly below `under`, in source order.

    Most functions hold no literal, and walking every node of one in Python costs far
    more than asking tree-sitter: the text is searched for the keyword first
    (FUNC_KEYWORD_PREFILTER: `func`, past the keyword a function's own node starts
    with; a word like `funcs` costs a needless query, never a missed literal), then one
    C-side query lists them."""
    if under is None:
        return []
    own_keyword = 1 if under.type in gosyntax.FUNCTION_TYPES else 0
    if (under.text or b"").find(b"func", own_keyword) < 0:
        return []
    return gosyntax.descendants(under, "func_literal")


def enclosing_function(node: Node, file: SourceFile) -> Node | None:
    """gosyntax.enclosing_function (the innermost function, declaration or literal,
    holding `node`), read from the literals of its top-level declaration, indexed once
    and kept on the file."""
    if node.start_byte == node.end_byte:
        # A node of no width (one the parser supplied in broken code) is not placed by
        # its bytes: it may sit just outside a literal it touches.
        return gosyntax.enclosing_function(node)
    top = file.root.child_with_descendant(node)
    if top is None or top == node:
        return None  # the file itself, or a top-level declaration: in no function
    by_top: dict[int, Nesting] = file.__dict__.setdefault("_goleash_literal_nesting", {})
    nest = by_top.get(top.id)
    if nest is None:
        nest = by_top[top.id] = nesting(top)
    inner = nest.innermost(node)
    if inner is not None:
        return inner
    return top if top.type in gosyntax.FUNCTION_TYPES else None
