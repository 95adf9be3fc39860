"""A select case waiting on the caller's context: `case <-ctx.Done():` where `ctx` is a
plain name in a declaration that derives no context of its own (no `context.With...`).

Such a case ends only when whoever called in cancels; code in this package that neither
derives nor cancels a context cannot make it win (CALLER_CONTEXT_ONLY in liveness.py).
A context kept in a field (`s.ctx`) is left out: the type's own stop may cancel it.
"""

from __future__ import annotations

from tree_sitter import Node

from goleash import gosyntax


def caller_context_case(case: Node) -> bool:
    """Is this select case a receive from the `Done()` of a context named by a plain
    identifier, in a top-level declaration that derives no context?"""
    holder = gosyntax.done_holder(gosyntax.received_operand(case))
    if holder is None or holder.type != "identifier":
        return False
    return b"context.With" not in (gosyntax.top_level(case).text or b"")
