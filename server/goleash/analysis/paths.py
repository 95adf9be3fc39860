"""Which ways out of a function abandon a goroutine.

A structural approximation of dominance, good enough for the shapes leaks take:
an exit (a `return`, a `t.Fatal`, or falling off the end) *abandons* a goroutine
when it is reachable after the `go` statement and no *release* (the receive, send
or close the goroutine waits for, or a deferred one) is certain to have run
before it. "Certain" means: the release is a statement of a block that encloses
the exit and comes before it, or it sits in the header of a statement whose body
holds the exit (`if err := <-errc; err != nil { return err }`), or in the exit
itself (`return <-errc`).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from tree_sitter import Node

from goleash import gosyntax


@dataclass(frozen=True)
class Exit:
    node: Node  # return_statement / call / the function body's closing brace
    kind: str  # "return", "fatal", "end"

    def describe(self) -> str:
        if self.kind == "end":
            return "the function ends"
        if self.kind == "fatal":
            return f"`{gosyntax.callee_text(self.node)}` ends the test"
        return "returns"


def exits(func: Node) -> list[Exit]:
    """Every way out of `func` that leaves its goroutines behind."""
    body = func.child_by_field_name("body")
    if body is None:
        return []
    found: list[Exit] = []
    for n in gosyntax.walk(body):
        if n.type == "return_statement":
            found.append(Exit(n, "return"))
    stmts = gosyntax.statements(body)
    if not stmts or not _terminates(stmts[-1]):
        closing = body.children[-1] if body.children else body
        found.append(Exit(closing, "end"))
    return found


def _terminates(stmt: Node) -> bool:
    t = stmt.type
    if t in ("return_statement", "goto_statement"):
        return True
    if t == "expression_statement":
        call = stmt.named_children[0] if stmt.named_children else None
        return (
            call is not None
            and call.type == "call_expression"
            and gosyntax.is_terminating_call(call)
        )
    if t == "for_statement":
        return gosyntax.is_infinite_loop(stmt) and not _reaches_past(stmt)
    if t == "select_statement":
        # Go's terminating select: every case ends in a terminating statement, and no
        # `break` leaves it.
        return all(_case_terminates(c) for c in gosyntax.select_cases(stmt)) and not _broken(stmt)
    if t in ("expression_switch_statement", "type_switch_statement"):
        cases = _switch_cases(stmt)
        return (
            any(c.type == "default_case" for c in cases)
            and all(_case_terminates(c) for c in cases)
            and not _broken(stmt)
        )
    if t == "if_statement":
        alt = stmt.child_by_field_name("alternative")
        cons = stmt.child_by_field_name("consequence")
        if alt is None:
            return False
        cstmts = gosyntax.statements(cons)
        if not cstmts or not _terminates(cstmts[-1]):
            return False
        if alt.type == "if_statement":
            return _terminates(alt)
        astmts = gosyntax.statements(alt)
        return bool(astmts) and _terminates(astmts[-1])
    if t == "block":
        s = gosyntax.statements(stmt)
        return bool(s) and _terminates(s[-1])
    return False


def always_leaves(block: Node) -> bool:
    """Does the block never fall through to the statement after it: it ends in a
    terminating statement, a `break`, `continue` or `goto`?"""
    body = gosyntax.statements(block)
    if not body:
        return False
    last = body[-1]
    return last.type in ("break_statement", "continue_statement") or _terminates(last)


def _case_terminates(case: Node) -> bool:
    body = gosyntax.statements(case)
    return bool(body) and _terminates(body[-1])


def _switch_cases(switch: Node) -> list[Node]:
    return [
        c
        for c in switch.named_children
        if c.type in ("expression_case", "type_case", "default_case")
    ]


def _breaks_of(stmt: Node) -> list[Node]:
    """The `break` statements inside `stmt` that leave it: its own, and labelled ones
    (`break outer`, `continue outer`) whose target encloses it."""
    return [n for n in gosyntax.walk(stmt) if _jumps_out_of(n, stmt)]


def _jumps_out_of(n: Node, stmt: Node) -> bool:
    if n.type == "break_statement" and gosyntax.break_leaves(n, stmt):
        return True
    if n.type not in ("break_statement", "continue_statement"):
        return False
    label = next((c for c in n.named_children if c.type == "label_name"), None)
    if label is None:
        return False
    return any(
        a.type == "labeled_statement" and gosyntax.field(a, "label").text == label.text
        for a in gosyntax.ancestors(stmt)
    )


def _broken(stmt: Node) -> bool:
    """Does a `break` inside `stmt` leave it?"""
    return bool(_breaks_of(stmt))


def breaks_out(loop: Node) -> bool:
    """Does the loop's body leave it by a `break` of this loop or a `goto`?"""
    body = loop.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type == "break_statement" and gosyntax.break_leaves(n, loop):
            return True
        if n.type == "goto_statement":
            return True
    return False


def _reaches_past(loop: Node) -> bool:
    """Can control leave the loop for the statement after it: a `break` of it, or a
    `goto` to a label that is not before the loop (GOTO_BACK: `retry:` above the loop,
    jumped to from inside it, starts over; it never falls through to what follows)."""
    body = loop.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type == "break_statement" and gosyntax.break_leaves(n, loop):
            return True
        if n.type == "goto_statement" and not _label_before(n, loop):
            return True
    return False


def _label_before(goto: Node, loop: Node) -> bool:
    """Is the `goto`'s label declared in its function before `loop` starts?"""
    label = next((c for c in goto.named_children if c.type == "label_name"), None)
    func = gosyntax.enclosing_function(loop)
    if label is None or func is None:
        return False
    for n in gosyntax.walk(func):
        if n.type == "labeled_statement" and gosyntax.field(n, "label").text == label.text:
            return n.start_byte < loop.start_byte and not gosyntax.is_within(loop, n)
    return False


def ways_out(loop: Node) -> list[Node]:
    """The statements of the loop's body that leave it: its returns, its gotos, and the
    breaks (and labelled continues) whose target encloses it."""
    body = loop.child_by_field_name("body")
    return [
        n
        for n in (gosyntax.walk(body) if body is not None else ())
        if n.type in ("return_statement", "goto_statement") or _jumps_out_of(n, loop)
    ]


def left_early(loop: Node) -> bool:
    """Does the loop have a way out of its own: a `return`, a `goto`, a `break` of it?"""
    body = loop.child_by_field_name("body")
    return breaks_out(loop) or any(
        n.type == "return_statement" for n in (gosyntax.walk(body) if body is not None else ())
    )


# `err`, `werr`, `sendErr`: the names a failure is kept under.
_ERROR_NAME = re.compile(r"^(?:err|[A-Za-z]*Err|[a-z]+err)$")


def left_early_on_data(loop: Node) -> bool:
    """left_early, not counting a way out taken only on a failure (`if err != nil {
    return err }` after handling a value): FAILURE_EXIT_IS_NO_MARKER. A range a
    producer ends with a final value tests that value; a worker that quits when its
    work fails still waits for a close on every value that goes well. Trade-off: a
    range whose producer sends a value meant to fail, to end it, is taken as waiting."""
    body = loop.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        leaves = (
            (n.type == "break_statement" and gosyntax.break_leaves(n, loop))
            or n.type == "goto_statement"
            or n.type == "return_statement"
        )
        if leaves and not _on_a_failure(n, loop):
            return True
    return False


def _on_a_failure(exit_node: Node, loop: Node) -> bool:
    """Is the way out under an `if` testing an error-named variable non-nil?"""
    for _if, cond in gosyntax.guarding_ifs(exit_node, loop):
        name = gosyntax.non_nil_tested(cond)
        if name is not None and _ERROR_NAME.match(name):
            return True
    return False


def _contains(container: Node, exit_node: Node) -> bool:
    """Is the exit inside `container`? A block's closing brace counts as the end of its statements."""
    if gosyntax.is_within(exit_node, container):
        return True
    return (
        exit_node.type == "}"
        and container.parent is not None
        and container.parent == exit_node.parent
    )


def reachable_after(exit_node: Node, start: Node) -> bool:
    """Can control reach `exit_node` after the statement `start` ran?"""
    stmt = gosyntax.innermost_statement(start)
    while stmt is not None:
        parent = stmt.parent
        if parent is None:
            return False
        if _contains(parent, exit_node) and exit_node.start_byte >= stmt.end_byte:
            return True
        # Inside a loop, everything in the loop body runs again after `start`.
        if stmt.type == "for_statement" and stmt != gosyntax.innermost_statement(start):
            body = stmt.child_by_field_name("body")
            if body is not None and gosyntax.is_within(exit_node, body):
                return True
        if parent.type in gosyntax.FUNCTION_TYPES:
            return False
        stmt = _enclosing_statement(parent)
    return False


def _enclosing_statement(node: Node | None) -> Node | None:
    while node is not None:
        if node.type in gosyntax.FUNCTION_TYPES:
            return None
        parent = node.parent
        if parent is not None and (parent.type == "statement_list" or parent.type == "block"):
            return node
        node = parent
    return None


def always_releases(stmt: Node, releases: Collection[Node]) -> bool:
    """Does running `stmt` always perform one of `releases` (both arms of an if/else count)?
    A release may be a whole statement (a loop that reads a pipe to its end)."""
    if any(r == stmt for r in releases):
        return True
    for r in releases:
        if (
            gosyntax.is_within(r, stmt)
            and gosyntax.innermost_statement(r) == stmt
            and _unconditional(r, stmt)
        ):
            return True
    if stmt.type == "if_statement":
        cons, alt = stmt.child_by_field_name("consequence"), stmt.child_by_field_name("alternative")
        if alt is None or cons is None:
            return False
        return always_releases(cons, releases) and always_releases(alt, releases)
    if stmt.type == "block":
        return any(always_releases(s, releases) for s in gosyntax.statements(stmt))
    if stmt.type == "select_statement":
        # Every case releases (a select without cases blocks: nothing after it runs).
        return all(
            _case_releases(c, releases) for c in gosyntax.select_cases(stmt)
        ) and not _broken_in_a_branch(stmt)
    if stmt.type in ("expression_switch_statement", "type_switch_statement"):
        cases = _switch_cases(stmt)
        return (
            any(c.type == "default_case" for c in cases)
            and all(_case_releases(c, releases) for c in cases)
            and not _broken_in_a_branch(stmt)
        )
    if stmt.type == "labeled_statement":
        inner = [c for c in stmt.named_children if c.type != "label_name"]
        return len(inner) == 1 and always_releases(inner[0], releases)
    if stmt.type == "for_statement":
        # A loop whose body always releases: as many releases as iterations, which is
        # how goroutines started in a loop are released (`for range n { ch <- v }`).
        return always_releases(gosyntax.field(stmt, "body"), releases) or _left_released(
            stmt, releases
        )
    return False


def _left_released(loop: Node, releases: Collection[Node]) -> bool:
    """RELEASED_ON_THE_WAY_OUT: an endless `for { ... if done { cancel(); break } }` is
    left only by its `break`s (a `return` leaves the function, not the loop), each with a
    release run before it: whoever gets past the loop has released. A `goto` out of the
    body may skip it: then no claim."""
    if any(c.type != "block" for c in loop.named_children):
        return False  # a condition or a clause: the loop can end on its own
    body = loop.child_by_field_name("body")
    breaks = []
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type == "goto_statement":
            return False
        if n.type == "break_statement" and gosyntax.break_leaves(n, loop):
            breaks.append(n)
    return bool(breaks) and all(covered(b, releases) for b in breaks)


def _case_releases(case: Node, releases: Collection[Node]) -> bool:
    """Does every run of the case's body perform a release: one of its statements
    always releases (a statement that leaves first ends the case before it)?"""
    for s in gosyntax.statements(case):
        if always_releases(s, releases):
            return True
        if s.type == "expression_statement" and _terminates(s):
            return True  # `t.Fatal(...)`, `os.Exit(1)`: the case never falls through, nor returns
        if s.type in ("return_statement", "goto_statement", "break_statement"):
            return False
    return False


def _broken_in_a_branch(stmt: Node) -> bool:
    """A `break` of `stmt` nested in a statement of one of its cases (`if x { break }`):
    the case's release may be skipped. A `break` among a case's own statements is
    seen, in order, by `_case_releases`."""
    return any(not _case_statement(n, stmt) for n in _breaks_of(stmt))


def _case_statement(node: Node, stmt: Node) -> bool:
    """Is `node` one of the statements of a case of `stmt` itself?"""
    parent = node.parent
    if parent is not None and parent.type == "statement_list":
        parent = parent.parent
    return parent is not None and parent.parent == stmt


def covered(exit_node: Node, releases: Collection[Node]) -> bool:
    """Has one of `releases` certainly run when control reaches `exit_node`?"""
    if any(runs_before(r, exit_node) for r in releases):
        return True
    node: Node | None = exit_node
    while node is not None and node.type not in gosyntax.FUNCTION_TYPES:
        parent = node.parent
        if parent is None:
            return False
        if parent.type == "statement_list" or (parent.type == "block" and node.type == "}"):
            for sib in gosyntax.statements(parent):
                if sib.end_byte <= exit_node.start_byte and always_releases(sib, releases):
                    return True
        node = parent
    return False


def runs_before(release: Node, exit_node: Node) -> bool:
    """Is `release` (a node in the same function) certain to run before `exit_node`?"""
    if gosyntax.is_within(release, exit_node):
        return True  # return <-errc
    stmt = gosyntax.innermost_statement(release)
    if stmt is None:
        return False
    if gosyntax.is_within(exit_node, stmt):
        # The release is in the header of a statement whose body holds the exit.
        return _in_header(release, stmt) and not _in_header(exit_node, stmt)
    parent = stmt.parent
    assert parent is not None  # a statement sits in a block
    return (
        _contains(parent, exit_node)
        and stmt.end_byte <= exit_node.start_byte
        and _unconditional(release, stmt)
    )


def _in_header(node: Node, stmt: Node) -> bool:
    for c in stmt.named_children:
        if c.type in ("block", "statement_list"):
            continue
        if c.type in ("if_statement",):  # else-if chain
            continue
        if gosyntax.is_within(node, c):
            if stmt.type != "for_statement":
                return True  # an if/switch header runs once, before any branch
            # A loop's range expression and init run first; its condition and
            # post statement run again on every iteration.
            return c.type == "range_clause" or (c.type == "for_clause" and _clause_init(node, c))
    return False


def _clause_init(node: Node, clause: Node) -> bool:
    init = clause.child_by_field_name("initializer")
    return init is not None and gosyntax.is_within(node, init)


def _unconditional(release: Node, stmt: Node) -> bool:
    """The release runs whenever `stmt` runs (it is not in a branch or loop body of it)."""
    for a in gosyntax.ancestors(release, stmt.parent):
        if a == stmt:
            break
        if (
            a.type
            in ("block", "communication_case", "expression_case", "default_case", "type_case")
            or a.type in gosyntax.FUNCTION_TYPES
        ):
            return False
    return stmt.type not in (
        "if_statement",
        "for_statement",
        "select_statement",
        "expression_switch_statement",
        "type_switch_statement",
    ) or _in_header(release, stmt)


def deferred_before(defer_stmt: Node, exit_node: Node) -> bool:
    """A `defer` registered on every path to `exit_node`."""
    stmt = gosyntax.innermost_statement(defer_stmt)
    if stmt is None:
        return False
    assert stmt.parent is not None  # a statement sits in a block
    return _contains(stmt.parent, exit_node) and stmt.end_byte <= exit_node.start_byte


def _dominating(start: Node, releases: Collection[Node]) -> list[Node]:
    """Statements after `start` that always release and that every path from `start`
    passes: later statements of each statement list enclosing it (leaving a loop or a
    branch falls through to what follows it)."""
    out: list[Node] = []
    stmt = gosyntax.innermost_statement(start)
    while stmt is not None and stmt.parent is not None:
        out.extend(
            s
            for s in gosyntax.statements(stmt.parent)
            if s.start_byte >= stmt.end_byte and always_releases(s, releases)
        )
        if out:
            return out
        stmt = _enclosing_statement(stmt.parent)
    return out


def abandoning_exits(
    func: Node, start: Node, releases: Collection[Node], deferred: Collection[Node]
) -> list[Exit]:
    """Exits of `func` reachable after `start` that no release or deferred release covers."""
    if any(runs_before(d, start) for d in deferred):
        return []  # deferred before `start` ran (in a loop's body too): every exit runs it
    out: list[Exit] = []
    dominating = _dominating(start, [*releases, *deferred])
    for ex in exits(func):
        node = ex.node
        if not reachable_after(node, start):
            continue
        if any(not (start.end_byte <= node.start_byte < d.start_byte) for d in dominating):
            continue  # every way from `start` to this exit passes the release first
        if any(deferred_before(d, node) for d in deferred):
            continue
        if covered(node, releases):
            continue
        if after_test_failure(node):
            continue
        out.append(ex)
    return out


def after_test_failure(exit_node: Node) -> bool:
    """`t.Errorf(...); return`: a way out that exists only in a test that failed (the
    receiver read by its name, gosyntax.TEST_RECEIVER_NAMES)."""
    if exit_node.type != "return_statement":
        return False
    prev = gosyntax.previous_statement(exit_node)
    return prev is not None and _fails(prev)


_TEST_FAILURES = frozenset(
    f"{v}.{m}" for v in gosyntax.TEST_RECEIVER_NAMES for m in gosyntax.TEST_FAILURE_METHODS
)


def _fails(stmt: Node) -> bool:
    """A statement that crashes, ends the test, or marks it failed."""
    if stmt.type != "expression_statement" or not stmt.named_children:
        return False
    call = stmt.named_children[0]
    if call.type != "call_expression":
        return False
    return gosyntax.is_terminating_call(call) or gosyntax.callee_text(call) in _TEST_FAILURES


def reached_after(first: Node, later: Node) -> bool:
    """Does straight-line code run `later` after `first` (textually before it), with no
    `return`, `goto` or terminating call on the way? Climbs from `first` through its
    enclosing statements: a way out in a statement following `first`'s, before the one
    holding `later`, ends the path (a `Done` in the other branch of an `if` is not
    reached from this one)."""
    stmt = first
    while stmt.parent is not None:
        parent = stmt.parent
        if parent.type in gosyntax.FUNCTION_TYPES:
            return False
        if parent.type in ("block", "statement_list"):
            for sib in parent.named_children:
                if sib.end_byte <= stmt.start_byte or sib == stmt:
                    continue
                if gosyntax.is_within(later, sib) or sib == later:
                    return True
                if sib.type in ("return_statement", "goto_statement") or (
                    sib.type == "expression_statement"
                    and sib.named_children
                    and sib.named_children[0].type == "call_expression"
                    and gosyntax.is_terminating_call(sib.named_children[0])
                ):
                    return False
        stmt = parent
    return False
