"""One reading of "which statement does this `break` leave", shared by the control-flow
graph, the loop questions of the leak model and the loop fixes."""

from __future__ import annotations

from tree_sitter import Node

from goleash import gosyntax
from goleash.source import SourceFile

SOURCE = b"""package p

func f(ch chan int, done chan struct{}) {
outer:
	for {
		select {
		case <-ch:
			break
		case <-done:
			break outer
		}
		func() {
			for {
				break
			}
		}()
		switch {
		default:
			break
		}
	}
}
"""


def _nodes() -> tuple[dict[str, Node], list[Node]]:
    file = SourceFile("p.go", SOURCE)
    everything = list(gosyntax.walk(file.root, skip_functions=False))
    first: dict[str, Node] = {}
    for n in everything:
        first.setdefault(n.type, n)
    breaks = [n for n in everything if n.type == "break_statement"]
    return first, breaks


def test_each_break_leaves_its_own_statement() -> None:
    first, breaks = _nodes()
    loop, select = first["for_statement"], first["select_statement"]
    in_select, labelled, in_literal, in_switch = breaks
    assert gosyntax.innermost_breakable(in_select) == select
    assert not gosyntax.break_leaves(in_select, loop)  # ends the select, not the loop
    assert gosyntax.break_leaves(labelled, loop)  # `break outer` names the loop
    assert not gosyntax.break_leaves(labelled, select)
    inner_loop = gosyntax.innermost_breakable(in_literal)
    assert inner_loop is not None and inner_loop != loop  # the literal's own loop
    assert gosyntax.innermost_breakable(in_switch) == first["expression_switch_statement"]
    assert not gosyntax.break_leaves(in_switch, loop)
