"""gosyntax.Parents: parents learnt on a walk down agree with tree-sitter's `.parent`."""

from goleash import gosyntax, parsing

SOURCE = b"""package p

func f(ch chan int, ok bool) {
	select {
	case v := <-(ch):
		if ok {
			go func() { ch <- v }()
		} else if v > 1 {
			close((ch))
		}
	}
	_ = ch
}
"""


def _uses(root, name: bytes):
    return [
        n
        for n in gosyntax.walk(root, skip_functions=False)
        if n.type == "identifier" and n.text == name
    ]


def test_every_ancestor_of_the_targets_has_the_parent_tree_sitter_gives():
    root = parsing.parse(SOURCE).root_node
    targets = _uses(root, b"ch")
    assert len(targets) == 5
    parents = gosyntax.Parents()
    parents.learn(root.named_children[1], list(reversed(targets)))  # any order
    for target in targets:
        node = target
        while node.parent is not None:
            assert parents(node) == node.parent
            node = node.parent
        assert parents(node) is None
        assert gosyntax.parent_skipping_parens(target, parents) == (
            gosyntax.parent_skipping_parens(target)
        )


def test_a_node_off_the_paths_is_asked_of_the_tree():
    root = parsing.parse(SOURCE).root_node
    parents = gosyntax.Parents()
    parents.learn(root, _uses(root, b"ok")[:1])
    v = _uses(root, b"v")[0]
    assert parents(v) == v.parent
