"""Calls that end the goroutine, read by text: every stop method on every test receiver
name (the list was once written by hand and missed `tb.Skip`)."""

from __future__ import annotations

import pytest
from tree_sitter import Node

from goleash import gosyntax
from goleash.source import SourceFile


def _call(expr: str) -> Node:
    file = SourceFile("p.go", f"package p\n\nfunc f() {{\n\t{expr}\n}}\n".encode())
    return next(
        n for n in gosyntax.walk(file.root, skip_functions=False) if n.type == "call_expression"
    )


@pytest.mark.parametrize(
    "expr",
    ["t.Fatal(err)", "b.FailNow()", 'tb.Fatalf("x")', 'tb.Skip("slow")', "tb.SkipNow()"],
)
def test_a_test_stop_ends_the_goroutine(expr: str) -> None:
    assert gosyntax.is_terminating_call(_call(expr))


@pytest.mark.parametrize("expr", ['t.Errorf("x")', "tb.Log(1)", "s.Skip()"])
def test_a_failure_or_other_call_does_not(expr: str) -> None:
    assert not gosyntax.is_terminating_call(_call(expr))
