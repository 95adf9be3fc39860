"""The types `values.Resolver` reads off the code: a local appended to itself keeps the
type of its first value, and a slice expression has its operand's elements (what gives
a rollback over `seats[:i]` its lock identity, PREFIX_SHORT_OF_THE_CURRENT)."""

from __future__ import annotations

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.package import Package
from goleash.analysis.values import Resolver
from goleash.source import SourceFile

SOURCE = b"""package p

import "sync"

type seat struct{ mu sync.Mutex }

func use(ids []int, all []*seat) {
	seats := make([]*seat, 0, len(ids))
	for _, id := range ids {
		seats = append(seats, all[id])
	}
	other := make([]*seat, 0)
	other = nil
	other = append(seats, all[0])
	for _, s := range seats[:1] {
		s.mu.Unlock()
	}
	_ = other
}
"""


def _resolver_and(name: str) -> tuple[Resolver, Node]:
    file = SourceFile("p.go", SOURCE)
    package = Package(file)
    use = next(n for n in file.root.named_children if n.type == "function_declaration")
    ident = next(
        n
        for n in gosyntax.walk(use, skip_functions=False)
        if n.type == "identifier" and gosyntax.text(n) == name
    )
    return Resolver(use, package, file), ident


def test_a_local_appended_to_itself_keeps_its_first_type() -> None:
    resolver, seats = _resolver_and("seats")
    found = resolver.type_node(seats)
    assert found is not None and gosyntax.text(found) == "[]*seat"


def test_other_values_leave_the_type_unread() -> None:
    resolver, other = _resolver_and("other")
    assert resolver.type_node(other) is None


def test_a_prefix_has_the_elements_of_its_slice() -> None:
    resolver, _ = _resolver_and("seats")
    file = resolver.file
    prefix = next(
        n for n in gosyntax.walk(file.root, skip_functions=False) if n.type == "slice_expression"
    )
    found = resolver.type_node(prefix)
    assert found is not None and gosyntax.text(found) == "[]*seat"
