"""FIRST_CALL_WINS (Liveness._closed_by_the_first_call, gosyntax.wins_a_swap): the arm
where a swap of a closed flag fails is not a way to leave the channel open, since the
call that won the swap closes it (audit 13, tiflow's memory quota tests: 8 findings
on a deferred `Close`)."""

from __future__ import annotations

import pytest

from goleash import gosyntax
from goleash.source import SourceFile


def _condition(expr: str) -> object:
    src = SourceFile("p.go", f"package p\n\nfunc f() {{\n\tif {expr} {{\n\t}}\n}}\n".encode())
    (stmt,) = [n for n in gosyntax.walk(src.root, skip_functions=False) if n.type == "if_statement"]
    return stmt.child_by_field_name("condition")


@pytest.mark.parametrize(
    "expr",
    [
        "c.closed.CompareAndSwap(false, true)",
        "c.state.CompareAndSwap(0, 1)",
        "atomic.CompareAndSwapInt32(&c.closed, 0, 1)",
        "(c.closed.CompareAndSwap(false, true))",
        "!c.closed.Swap(true)",
    ],
)
def test_the_call_that_wins_a_swap(expr: str) -> None:
    assert gosyntax.wins_a_swap(_condition(expr))


@pytest.mark.parametrize(
    "expr",
    [
        "c.closed.CompareAndSwap(true, false)",
        "c.used.CompareAndSwap(used, used+n)",
        "c.closed.Swap(true)",
        "!c.closed.Load()",
        "c.closed.CompareAndSwap(false, true) && ready",
    ],
)
def test_not_a_swap_from_unset_to_set(expr: str) -> None:
    assert not gosyntax.wins_a_swap(_condition(expr))
