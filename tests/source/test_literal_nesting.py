"""literal_nesting.enclosing_function answers as gosyntax.enclosing_function does (the
climb through `.parent` it replaces), for every node of every rule fixture and of
shapes built to confuse a lookup by byte ranges."""

from pathlib import Path

import pytest

from goleash import gosyntax
from goleash.analysis.literal_nesting import enclosing_function
from goleash.source import SourceFile

FIXTURES = sorted((Path(__file__).parents[1] / "rules" / "testdata").rglob("*.go"))

TRICKY = b"""package p

var handler = func() { go func() {}() }

var (
	a, b = func() {}, func() { _ = func() {} }
)

func (s *T) m() {
	f := func() {}
	go f()
	defer func() { recover() }()
	func() { go func() { <-s.ch }() }()
	g := (func(x int) int { return x })
	_ = g
}

func broken() {
	go func() {
"""


def _every_node(root):
    yield root
    yield from gosyntax.walk(root, skip_functions=False)
    # Anonymous nodes too: keywords, braces, the parser's zero-width fill-ins.
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node.children:
            if not child.is_named:
                yield child
            stack.append(child)


def _check(path: str, data: bytes) -> int:
    file = SourceFile(path, data)
    count = 0
    for node in _every_node(file.root):
        assert enclosing_function(node, file) == gosyntax.enclosing_function(node), (
            path,
            node,
        )
        count += 1
    return count


# Half-typed code: the parser fills in zero-width nodes at the edge of a literal.
HALF_TYPED = [
    b"package p\nfunc f() { go func() { x := 1 }\n",
    b"package p\nfunc f() { x := func( { }\n}\n",
]


def test_shapes_a_byte_range_lookup_could_get_wrong():
    assert _check("tricky.go", TRICKY) > 100
    for data in HALF_TYPED:
        _check("half.go", data)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_node_of_the_rule_fixtures(path: Path):
    _check(str(path), path.read_bytes())
