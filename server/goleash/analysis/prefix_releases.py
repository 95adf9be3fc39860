"""PREFIX_SHORT_OF_THE_CURRENT: a loop that locks each element of a slice in turn and,
on a failure, releases what it has taken so far as the prefix `xs[:i]` leaves the
element it has just locked held, for the prefix stops short of it:

    for i, s := range secs {
        s.mu.Lock()
        if err := s.available(id); err != nil {
            unlockSections(secs[:i]) // secs[i] stays locked
            return err
        }
    }

The release is a helper of the package handed the prefix, or a loop over the prefix
unlocking each element. NOT_YET_GATHERED is the same mistake with a list: the round
locks `b`, releases `held` on a failure, and appends `b` to `held` only after that
check (`held = append(held, b)` below it in the round). Trade-off: read from the syntax alone (the loop's index and
slice named the same in the prefix); a prefix built another way (`secs[0:i]` aside),
or the current element released beside it (`s.mu.Unlock()` first, or the helper also
handed `s`), is taken as a full release."""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from goleash import gosyntax


@dataclass(frozen=True)
class _ElementLoop:
    loop: Node
    element: str  # the name the lock's operand starts from (`s`, or `secs` of `secs[i]`)
    slice: str  # the slice the loop walks, as written
    index: str  # the loop's index, as written


def releases_short_of_the_current(lock_call: Node, release: Node) -> bool:
    """Does `release` (a call releasing what the loop has locked) stop short of the
    element `lock_call` has just locked, by releasing only the prefix before it, or a
    list the element joins only later in the round?"""
    if _not_yet_gathered(lock_call, release):
        return True
    walk = _element_loop(lock_call)
    if walk is None or not gosyntax.is_within(release, walk.loop):
        return False
    if release.start_byte < lock_call.end_byte:
        return False  # released before this round's lock: the prefix is all it holds
    if _unlock_of_a_prefix_element(release, walk):
        return True
    args = gosyntax.call_arguments(release)
    return any(_is_prefix(arg, walk) for arg in args) and not any(
        gosyntax.mentions(arg, {walk.element}) and not _is_prefix(arg, walk) for arg in args
    )


def inside_the_loop(lock_call: Node, node: Node) -> bool:
    """Is `node` inside the loop whose current element `lock_call` locks?"""
    walk = _element_loop(lock_call)
    loop = walk.loop if walk is not None else None
    if loop is None:  # NOT_YET_GATHERED: the round the lock is taken in
        loop = gosyntax.enclosing_in_function(lock_call, ("for_statement",))
    return loop is not None and gosyntax.is_within(node, loop)


def short_prefix_end(lock_call: Node, release: Node) -> Node | None:
    """The `i` of the prefix `secs[:i]` a short release is handed (to widen it to `i+1`),
    or None (a loop over the prefix, or no short release)."""
    walk = _element_loop(lock_call)
    if walk is None or not releases_short_of_the_current(lock_call, release):
        return None
    for arg in gosyntax.call_arguments(release):
        if _is_prefix(arg, walk):
            prefix = gosyntax.unparen(arg)
            return prefix.child_by_field_name("end") if prefix is not None else None
    return None


def _element_loop(lock_call: Node) -> _ElementLoop | None:
    """The loop whose current element `lock_call` locks (`s.mu.Lock()` in `for i, s :=
    range secs`, or `secs[i].mu.Lock()` in `for i := 0; i < len(secs); i++`)."""
    fn = lock_call.child_by_field_name("function")
    operand = fn.child_by_field_name("operand") if fn is not None else None
    root = gosyntax.chain_root(operand)
    if operand is None or root is None:
        return None
    indexed = _indexed_by(operand)
    for loop in gosyntax.ancestors(lock_call):
        if loop.type in gosyntax.FUNCTION_TYPES:
            return None
        if loop.type != "for_statement":
            continue
        clause = gosyntax.range_clause(loop)
        if clause is not None:
            names = gosyntax.side_of(clause, "left")
            right = clause.child_by_field_name("right")
            if len(names) != 2 or right is None:
                continue
            index, value = (gosyntax.text(n) for n in names)
            if value == gosyntax.text(root):
                return _ElementLoop(loop, value, gosyntax.text(right), index)
            if indexed == (gosyntax.text(right), index):
                return _ElementLoop(loop, indexed[0], indexed[0], index)
            continue
        counted = _counted_over(loop)
        if counted is not None and indexed == counted:
            return _ElementLoop(loop, counted[0], counted[0], counted[1])
    return None


def _indexed_by(operand: Node) -> tuple[str, str] | None:
    """(`secs`, `i`) for an operand reached through `secs[i]` (`secs[i].mu`)."""
    node = gosyntax.unparen(operand)
    while node is not None and node.type == "selector_expression":
        node = gosyntax.unparen(node.child_by_field_name("operand"))
    if node is None or node.type != "index_expression":
        return None
    base, index = node.child_by_field_name("operand"), node.child_by_field_name("index")
    if base is None or index is None or index.type != "identifier":
        return None
    return gosyntax.text(base), gosyntax.text(index)


def _counted_over(loop: Node) -> tuple[str, str] | None:
    """(`secs`, `i`) for `for i := 0; i < len(secs); i++`."""
    clause = next((c for c in loop.named_children if c.type == "for_clause"), None)
    cond = clause.child_by_field_name("condition") if clause is not None else None
    if cond is None or cond.type != "binary_expression":
        return None
    op = cond.child_by_field_name("operator")
    left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
    if op is None or op.type != "<" or left is None or left.type != "identifier":
        return None
    right = gosyntax.unparen(right)
    if right is None or right.type != "call_expression":
        return None
    if gosyntax.callee_text(right) != "len" or len(gosyntax.call_arguments(right)) != 1:
        return None
    return gosyntax.text(gosyntax.call_arguments(right)[0]), gosyntax.text(left)


def _is_prefix(expr: Node, walk: _ElementLoop) -> bool:
    """`secs[:i]` (or `secs[0:i]`) of the loop's slice and index."""
    expr = gosyntax.unparen(expr)  # type: ignore[assignment]
    if expr is None or expr.type != "slice_expression":
        return False
    base = expr.child_by_field_name("operand")
    start, end = expr.child_by_field_name("start"), expr.child_by_field_name("end")
    return (
        base is not None
        and gosyntax.text(base) == walk.slice
        and (start is None or gosyntax.text(start) == "0")
        and end is not None
        and gosyntax.text(end) == walk.index
        and expr.child_by_field_name("capacity") is None
    )


def _unlock_of_a_prefix_element(release: Node, walk: _ElementLoop) -> bool:
    """`y.mu.Unlock()` inside `for _, y := range secs[:i]` within the loop."""
    fn = release.child_by_field_name("function")
    operand = fn.child_by_field_name("operand") if fn is not None else None
    root = gosyntax.chain_root(operand)
    if root is None:
        return False
    for loop in gosyntax.ancestors(release, walk.loop):
        clause = gosyntax.range_clause(loop)
        if clause is None:
            continue
        names = gosyntax.side_of(clause, "left")
        right = clause.child_by_field_name("right")
        if names and right is not None and gosyntax.text(names[-1]) == gosyntax.text(root):
            return _is_prefix(right, walk)
    return False


def _not_yet_gathered(lock_call: Node, release: Node) -> bool:
    """NOT_YET_GATHERED: `unlockAll(held)` (or a loop unlocking each of `held`) after
    `b.mu.Lock()` in a round that appends `b` to `held` only after the release."""
    fn = lock_call.child_by_field_name("function")
    root = gosyntax.chain_root(fn.child_by_field_name("operand")) if fn is not None else None
    loop = gosyntax.enclosing_in_function(lock_call, ("for_statement",))
    if root is None or loop is None or not gosyntax.is_within(release, loop):
        return False
    if release.start_byte < lock_call.end_byte:
        return False
    element = gosyntax.text(root)
    lists = [gosyntax.text(a) for a in gosyntax.call_arguments(release) if a.type == "identifier"]
    if any(gosyntax.mentions(a, {element}) for a in gosyntax.call_arguments(release)):
        return False  # the element handed beside the list
    ranged = _ranged_list(release, loop)
    if ranged is not None:
        lists.append(ranged)
    return any(_gathered_after(loop, name, element, lock_call, release) for name in lists)


def _ranged_list(release: Node, loop: Node) -> str | None:
    """`held` of `for _, x := range held { x.mu.Unlock() }` around the release."""
    for inner in gosyntax.ancestors(release, loop):
        clause = gosyntax.range_clause(inner)
        right = clause.child_by_field_name("right") if clause is not None else None
        if right is not None and right.type == "identifier":
            return gosyntax.text(right)
    return None


def _gathered_after(loop: Node, name: str, element: str, lock: Node, release: Node) -> bool:
    """The round appends `element` to `name` after `release`, and not between the lock
    and it."""
    after = False
    for stmt in gosyntax.descendants(loop, "assignment_statement"):
        pair = gosyntax.sole_assignment(stmt)
        if pair is None or gosyntax.text(pair[0]) != name:
            continue
        grown = pair[1]
        if grown.type != "call_expression" or gosyntax.callee_text(grown) != "append":
            continue
        args = [gosyntax.text(a) for a in gosyntax.call_arguments(grown)]
        if args[:1] != [name] or element not in args[1:]:
            continue
        if lock.end_byte <= stmt.start_byte < release.start_byte:
            return False  # gathered before the release: it covers the element
        if stmt.start_byte >= release.end_byte:
            after = True
    return after
