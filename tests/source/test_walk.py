"""gosyntax.walk: every named descendant in source order, nested functions skipped on request."""

from goleash import gosyntax, parsing

SOURCE = b"""package p

func outer() {
	x := 1
	go func() { y := x; _ = y }()
	if x > 0 {
		return
	}
}
"""


def _root():
    return parsing.parse(SOURCE).root_node


def test_named_children_is_a_fresh_list_each_time():
    # walk reverses these lists in place; a tree-sitter that cached them would be corrupted.
    func = _root().named_children[1]
    first = func.named_children
    assert first is not func.named_children
    first.reverse()
    assert next(c.type for c in func.named_children) == "identifier"


def test_walk_is_preorder_and_leaves_the_tree_intact():
    func = _root().named_children[1]
    body = func.child_by_field_name("body")
    expected = []

    def preorder(node):
        for c in node.named_children:
            expected.append(c)
            preorder(c)

    preorder(body)
    walked = list(gosyntax.walk(body, skip_functions=False))
    assert [(n.type, n.start_byte) for n in walked] == [(n.type, n.start_byte) for n in expected]
    assert list(gosyntax.walk(body, skip_functions=False)) == walked  # a second walk agrees


def test_walk_skips_nested_function_literals_by_default():
    func = _root().named_children[1]
    texts = [gosyntax.text(n) for n in gosyntax.walk(func.child_by_field_name("body"))]
    assert "func() { y := x; _ = y }" in texts
    assert "y" not in texts
    assert "x" in texts


def test_descendants_are_what_walk_meets_of_the_type():
    # gosyntax.descendants asks tree-sitter; it must list what filtering the walk lists,
    # in the same order, the node itself excluded and function literals entered.
    import glob
    import os

    root_dir = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    paths = sorted(glob.glob(os.path.join(root_dir, "tests/rules/testdata/GL00*/*.go")))[:40]
    checked = 0
    for path in paths:
        with open(path, "rb") as fh:
            root = parsing.parse(fh.read()).root_node
        tops = root.named_children
        literals = [lit for top in tops for lit in gosyntax.descendants(top, "func_literal")]
        for node in tops + literals:
            for node_type in ("func_literal", "identifier", "if_statement", "call_expression"):
                walked = [
                    n.id for n in gosyntax.walk(node, skip_functions=False) if n.type == node_type
                ]
                assert [n.id for n in gosyntax.descendants(node, node_type)] == walked
                checked += len(walked)
    assert checked > 1000
