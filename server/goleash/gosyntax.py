"""Small, reusable questions about tree-sitter-go nodes.

tree-sitter-go 0.25 wraps every block's statements in a `statement_list`, and
parenthesised expressions are their own node; the helpers here hide both.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Iterator

from tree_sitter import Node

from goleash import parsing

FUNCTION_TYPES = frozenset({"function_declaration", "method_declaration", "func_literal"})
LOOP_TYPES = frozenset({"for_statement"})
# Statements that `break` without a label leaves.
BREAKABLE_TYPES = frozenset(
    {"for_statement", "expression_switch_statement", "type_switch_statement", "select_statement"}
)

# The methods of testing.T, B, TB and F that stop the test: its goroutine exits
# (runtime.Goexit), and what it started and did not end is abandoned.
TEST_STOP_METHODS = frozenset({"Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow"})
# Those that mark the test failed and let it go on.
TEST_FAILURE_METHODS = frozenset({"Error", "Errorf", "Fail"})
# The receiver names Go's tests use by convention, for the checks made by text: without
# types that is what we can see; a *testing.T named otherwise is missed there
# (analysis/testing_calls reads the receiver's type instead).
TEST_RECEIVER_NAMES = ("t", "b", "tb")
# Calls after which the current goroutine never continues: when the goroutine is a
# test, the test's goroutine ends and its helpers are abandoned.
# testify's calls that always fail the test and stop it (`require.Fail` calls `FailNow`),
# by their usual import names.
TESTIFY_STOPS = frozenset(
    {"require.Fail", "require.Failf", "require.FailNow", "require.FailNowf"}
    | {"assert.FailNow", "assert.FailNowf"}
)
GOROUTINE_EXIT_CALLS = frozenset(
    {f"{v}.{m}" for v in TEST_RECEIVER_NAMES for m in TEST_STOP_METHODS}
    | {"runtime.Goexit"}
    | TESTIFY_STOPS
)
# Context constructors whose context only its cancel function (or its parent) ends,
# and the root contexts, which nothing ever ends.
CANCELLABLE_CONTEXTS = frozenset({"context.WithCancel", "context.WithCancelCause"})
ROOT_CONTEXTS = frozenset({"context.Background", "context.TODO"})
# Calls that end the whole process: nothing leaks after them. Recognised by their
# usual import names (klog, logrus): a renamed import is missed, a namesake mistaken.
# Heuristic FATAL_LOGGERS: `x.Fatal...(...)` on a logging package of these names (or a
# variable named like one) ends the process, whatever the rest of its name
# (`klog.FatalDepth`, `glog.Fatalln`). Trade-off: a logger of another name is not read
# as ending the process, and a local `log` whose `Fatal` returns is taken for the package's.
FATAL_LOGGERS = frozenset({"log", "klog", "logrus", "glog", "zap"})

PROCESS_EXIT_CALLS = frozenset(
    {
        "os.Exit",
        "log.Fatal",
        "log.Fatalf",
        "log.Fatalln",
        "log.Panic",
        "log.Panicf",
        "log.Panicln",
        "panic",
        "klog.Fatal",
        "klog.Fatalf",
        "logrus.Fatal",
        "logrus.Fatalf",
    }
)


def text(node: Node) -> str:
    """The node's source text. tree-sitter types `Node.text` as optional (a tree parsed from a
    callback keeps no text); ours are always parsed from bytes, so None reads as ''."""
    data = node.text
    return data.decode("utf-8", "replace") if data is not None else ""


def field(node: Node, name: str) -> Node:
    """A child the grammar always gives this node (or the query that found it matched):
    its absence is a bug here, said plainly rather than as an AttributeError later."""
    child = node.child_by_field_name(name)
    if child is None:
        raise ValueError(f"{node.type} at {node.start_point} has no `{name}`")
    return child


def literal_key(value: Node) -> Node | None:
    """The key of the keyed element `value` is the value of (`f` in `T{f: value}`, `"a"`
    in `map[string]T{"a": value}`); None when `value` is not such a value."""
    element = value.parent
    keyed = element.parent if element is not None and element.type == "literal_element" else None
    if (
        keyed is None
        or keyed.type != "keyed_element"
        or keyed.child_by_field_name("value") != element
    ):
        return None
    key = keyed.child_by_field_name("key")
    return key.named_children[0] if key is not None and key.named_children else None


def keyed_in_literal(value: Node) -> tuple[Node, Node, Node] | None:
    """For the value of a keyed element (`make(...)` in `T{f: make(...)}` or `&T{...}`):
    (the key's name node, the composite literal, the whole value: the literal or its
    `&` when the address is taken); None for anything else."""
    key_id = literal_key(value)
    if key_id is None or key_id.type not in ("identifier", "field_identifier"):
        return None
    keyed = key_id.parent.parent if key_id.parent is not None else None
    literal = keyed.parent.parent if keyed is not None and keyed.parent is not None else None
    if literal is None or literal.type != "composite_literal":
        return None
    whole = literal
    outer = literal.parent
    if (
        outer is not None
        and outer.type == "unary_expression"
        and field(outer, "operator").type == "&"
    ):
        whole = outer
    return key_id, literal, whole


def bound_name(
    value: Node,
    binders: frozenset[str] = frozenset({"short_var_declaration", "var_spec"}),
    first_of_several: bool = False,
) -> tuple[Node, Node] | None:
    """For a value bound to a name of its own (`x := v`, `var x = v`; `x = v` too when
    `binders` holds "assignment_statement"): (the name's identifier, the statement that
    binds it); None when the counts differ (`a, b := f()`) or the target is not a name.
    With `first_of_several`, a call filling several names alone binds its first result
    to the first name (`out, errc := decode(r)` -> `out`), unless that name is `_`."""
    parent, child = parent_skipping_parens(value)
    stmt = parent.parent if parent is not None and parent.type == "expression_list" else None
    if stmt is None or stmt.type not in binders:
        return None
    assert parent is not None  # stmt was found through it
    if stmt.type == "var_spec":
        left = stmt.children_by_field_name("name")
    elif stmt.child_by_field_name("right") == parent:
        left = field(stmt, "left").named_children
    else:
        return None
    values = parent.named_children
    index = next((i for i, c in enumerate(values) if c == child), None)
    if first_of_several and len(values) == 1 and len(left) > 1 and text(left[0]) != "_":
        return (left[0], stmt) if left[0].type == "identifier" else None
    if index is None or len(left) != len(values) or left[index].type != "identifier":
        return None
    return left[index], stmt


def literal_elements(composite: Node) -> list[Node]:
    """The elements of a composite literal (`"a"` and `"b"` in `[]string{"a", "b"}`)."""
    body = composite.child_by_field_name("body")
    return [c for c in body.named_children if c.type != "comment"] if body is not None else []


def keyed_values(composite: Node) -> dict[str, Node]:
    """{key: value} of a composite literal's keyed elements (`f` -> `v` in `T{f: v}`)."""
    out = {}
    for element in literal_elements(composite):
        if element.type != "keyed_element" or len(element.named_children) != 2:
            continue
        key, value = element.named_children
        out[text(key)] = value.named_children[0] if value.type == "literal_element" else value
    return out


def side_of(statement: Node, side: str) -> list[Node]:
    """The expressions on one side (`left`, `right`) of an assignment or declaration;
    none when a mid-edit cut it short."""
    part = statement.child_by_field_name(side)
    return part.named_children if part is not None else []


def returned_values(ret: Node) -> list[Node]:
    """The expressions a `return` statement hands back, in order; none for a naked return.
    The grammar wraps the values in an expression list, which a comment may precede
    (`return /* why */ x, nil`)."""
    values = [child for child in ret.named_children if child.type != "comment"]
    if values and values[0].type == "expression_list":
        return [child for child in values[0].named_children if child.type != "comment"]
    return values


def on_side_of(node: Node, statement_type: str, side: str) -> bool:
    """Is `node` one of the expressions listed on `side` ("left" or "right") of a statement
    of `statement_type` (`x` in `x, y = f()` for "assignment_statement", "left")?"""
    up = node.parent
    return (
        up is not None
        and up.type == "expression_list"
        and up.parent is not None
        and up.parent.type == statement_type
        and up.parent.child_by_field_name(side) == up
    )


def is_deleted(node: Node) -> bool:
    """Is `node` an argument of the builtin `delete` (`delete(m, k)`)?"""
    up = node.parent
    return (
        up is not None
        and up.type == "argument_list"
        and up.parent is not None
        and callee_text(up.parent) == "delete"
    )


def field_declarations(struct_type: Node) -> Iterator[Node]:
    """The field declarations of a `struct { ... }` type node (`a, b int`, an embedded `T`)."""
    for lst in struct_type.named_children:
        if lst.type == "field_declaration_list":
            yield from (d for d in lst.named_children if d.type == "field_declaration")


def unparen(node: Node | None) -> Node | None:
    while node is not None and node.type == "parenthesized_expression":
        inner = node.named_children
        node = inner[0] if inner else None
    return node


ParentOf = Callable[[Node], "Node | None"]


def parent_skipping_parens(
    node: Node, parent_of: ParentOf | None = None
) -> tuple[Node | None, Node]:
    """The first ancestor of `node` that is not a parenthesis, and its child on the way.
    `parent_of` answers for `.parent` when the caller already knows the parents (see
    Parents)."""
    up = parent_of or _parent
    parent = up(node)
    while parent is not None and parent.type == "parenthesized_expression":
        node, parent = parent, up(parent)
    return parent, node


def _parent(node: Node) -> Node | None:
    return node.parent


class Parents:
    """Parents learnt by walking down towards chosen nodes; called as `parents(node)`,
    it answers `node.parent`. Tree-sitter finds a parent by walking down from the root,
    so climbing from each of many uses deep in a function (a thousand nested selects,
    an `else if` chain) costs the square of the depth; one walk down to all of them
    costs the paths to them once. Nodes off those paths are asked of tree-sitter."""

    def __init__(self) -> None:
        self._known: dict[int, Node] = {}  # by node id

    def __call__(self, node: Node) -> Node | None:
        known = self._known.get(node.id)
        return known if known is not None else _parent(node)

    def note(self, parent: Node, children: list[Node]) -> None:
        for child in children:
            self._known[child.id] = parent

    def learn(self, top: Node, targets: list[Node]) -> None:
        """The parents on the way from `top` down to each of `targets` (inside `top`)."""
        spots = sorted(targets, key=lambda n: n.start_byte)
        starts = [n.start_byte for n in spots]
        stack = [top]
        while stack:
            node = stack.pop()
            children = children_towards(node, spots, starts)
            self.note(node, children)
            stack.extend(children)


def children_towards(node: Node, spots: list[Node], starts: list[int]) -> list[Node]:
    """The children of `node` that hold one of `spots` (nodes sorted by position,
    `starts` their start bytes), in order."""
    out = []
    i = bisect.bisect_left(starts, node.start_byte)
    end = node.end_byte
    while i < len(spots) and starts[i] < end:
        child = node.child_with_descendant(spots[i])
        if child is None:
            i += 1
            continue
        out.append(child)
        i = bisect.bisect_left(starts, max(child.end_byte, starts[i] + 1), i + 1)
    return out


def selector_of(operand: Node, parent_of: ParentOf | None = None) -> Node | None:
    """The selector `x.f` whose `x` is `operand` (through parentheses), or None when
    `operand` is used some other way. `parent_of` answers parents, as in
    `parent_skipping_parens`."""
    parent, child = parent_skipping_parens(operand, parent_of)
    if (
        parent is not None
        and parent.type == "selector_expression"
        and parent.child_by_field_name("operand") == child
    ):
        return parent
    return None


def communicates_through(expr: Node, parent_of: ParentOf | None = None) -> bool:
    """Is `expr` used as a channel: the channel of a send, the operand of a receive, or
    what a `range` ranges over?"""
    up, child = parent_skipping_parens(expr, parent_of)
    if up is None:
        return False
    if up.type == "send_statement":
        return up.child_by_field_name("channel") == child
    if up.type == "unary_expression":
        return field(up, "operator").type == "<-"
    if up.type == "range_clause":
        return up.child_by_field_name("right") == child
    return False


def conjuncts(cond: Node | None) -> list[Node]:
    """The terms of a chain of `&&` (the condition itself when it is no such chain)."""
    return _chained(cond, "&&")


def disjuncts(cond: Node | None) -> list[Node]:
    """The terms of a chain of `||` (the condition itself when it is no such chain)."""
    return _chained(cond, "||")


def _chained(cond: Node | None, operator: str) -> list[Node]:
    cond = unparen(cond)
    if cond is None:
        return []
    if cond.type == "binary_expression" and field(cond, "operator").type == operator:
        return _chained(cond.child_by_field_name("left"), operator) + _chained(
            cond.child_by_field_name("right"), operator
        )
    return [cond]


def chain_root(expr: Node | None) -> Node | None:
    """The name a chain of selections and indexes starts from (`s` of `s.conns[k].done`),
    or None when it starts from anything else (a call, a literal)."""
    node = unparen(expr)
    while node is not None and node.type in ("selector_expression", "index_expression"):
        node = unparen(node.child_by_field_name("operand"))
    return node if node is not None and node.type == "identifier" else None


def range_clause(loop: Node | None) -> Node | None:
    """The `range` clause of a `for` statement, or None (a plain or three-part loop)."""
    if loop is None or loop.type != "for_statement":
        return None
    return next((c for c in loop.named_children if c.type == "range_clause"), None)


def negated(expr: Node | None) -> Node | None:
    """`x` of `!x`, whatever `x` is (parentheses aside)."""
    expr = unparen(expr)
    if expr is None or expr.type != "unary_expression" or field(expr, "operator").type != "!":
        return None
    return unparen(expr.child_by_field_name("operand"))


def non_nil_tested(cond: Node | None) -> str | None:
    """ "x" for the test `x != nil` of a plain name (parentheses aside)."""
    return _compared_with_nil(cond, "!=")


def nil_tested(cond: Node | None) -> str | None:
    """ "x" for the test `x == nil` of a plain name (parentheses aside)."""
    return _compared_with_nil(cond, "==")


def _compared_with_nil(cond: Node | None, operator: str) -> str | None:
    cond = unparen(cond)
    if cond is None or cond.type != "binary_expression" or field(cond, "operator").type != operator:
        return None
    left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
    if left is None or right is None or right.type != "nil" or left.type != "identifier":
        return None
    return text(left)


def next_statement(node: Node) -> Node | None:
    """The named sibling after `node`, comments passed over."""
    after = node.next_named_sibling
    while after is not None and after.type == "comment":
        after = after.next_named_sibling
    return after


def previous_statement(node: Node) -> Node | None:
    """The named sibling before `node`, comments passed over."""
    before = node.prev_named_sibling
    while before is not None and before.type == "comment":
        before = before.prev_named_sibling
    return before


def imported_names(node: Node) -> set[str]:
    """The names the file of `node` imports packages under (`io`, an alias)."""
    root = node
    while root.parent is not None:
        root = root.parent
    names: set[str] = set()
    for decl in root.named_children:
        if decl.type != "import_declaration":
            continue
        for spec in walk(decl):
            if spec.type != "import_spec":
                continue
            alias = spec.child_by_field_name("name")
            path = text(field(spec, "path")).strip('"`')
            names.add(text(alias) if alias is not None else path.rsplit("/", 1)[-1])
    return names


def error_check(statement: Node, err: str) -> Node | None:
    """The `if err != nil` that tests the `err` the statement binds: the `if` whose
    initializer the statement is (`if err := f(); err != nil {`), else the statement
    right after it (comments aside).

    SUCCESS_STEP_BETWEEN: an `if err == nil { err = next() }` (no `else`) between them
    runs only on success, so the `if err != nil` after it still tests this failure."""
    check = statement.parent
    if (
        check is None
        or check.type != "if_statement"
        or check.child_by_field_name("initializer") != statement
    ):
        check = next_statement(statement)
        while (
            check is not None
            and check.type == "if_statement"
            and check.child_by_field_name("initializer") is None
            and check.child_by_field_name("alternative") is None
            and nil_tested(check.child_by_field_name("condition")) == err
        ):
            check = next_statement(check)
    if (
        check is None
        or check.type != "if_statement"
        or non_nil_tested(check.child_by_field_name("condition")) != err
    ):
        return None
    return check


def bound_error_check(statement: Node) -> Node | None:
    """`error_check` for the error a `:=` or `=` statement binds last (`body, err :=
    f()`, `if _, err := io.Copy(w, r); err != nil`); None when it binds none."""
    if statement.type not in ("short_var_declaration", "assignment_statement"):
        return None
    left = field(statement, "left").named_children
    last = left[-1] if left else None
    if last is None or last.type != "identifier" or text(last) == "_":
        return None
    return error_check(statement, text(last))


def negated_identifier(expr: Node | None) -> Node | None:
    """`x` of `!x` (parentheses aside)."""
    operand = negated(expr)
    return operand if operand is not None and operand.type == "identifier" else None


def if_of_body(stmt: Node) -> Node | None:
    """The `if` whose body (not its `else`) holds `stmt` as one of its own statements."""
    block = stmt.parent
    if block is not None and block.type == "statement_list":
        block = block.parent
    if_stmt = block.parent if block is not None and block.type == "block" else None
    if (
        if_stmt is None
        or if_stmt.type != "if_statement"
        or if_stmt.child_by_field_name("consequence") != block
    ):
        return None
    return if_stmt


def ifs_guarding(node: Node, stop: Node | None = None) -> Iterator[Node]:
    """The `if` statements around `node` (below `stop`) whose body, not their `else`,
    holds it: the tests that are true where `node` runs."""
    for a in ancestors(node, stop):
        if a.type != "if_statement":
            continue
        body = a.child_by_field_name("consequence")
        if body is not None and is_within(node, body):
            yield a


def assigned_true(stmt: Node) -> bytes | None:
    """The name `x` of a statement `x = true`."""
    if stmt.type != "assignment_statement":
        return None
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    targets = left.named_children if left is not None else []
    values = right.named_children if right is not None else []
    if len(targets) == 1 and len(values) == 1 and values[0].type == "true":
        if targets[0].type == "identifier":
            return targets[0].text
    return None


def atomic_pointee(call: Node) -> Node | None:
    """`s.state` in `atomic.CompareAndSwapInt32(&s.state, 1, 2)` (any function of the
    `atomic` package handed a pointer first)."""
    if not callee_text(call).startswith("atomic."):
        return None
    args = call_arguments(call)
    if not args or args[0].type != "unary_expression" or field(args[0], "operator").type != "&":
        return None
    return unparen(args[0].child_by_field_name("operand"))


def deferred_before(node: Node, body: Node) -> bool:
    """Is a `defer` registered among `body`'s own statements before `node`? It then runs
    on the way out at `node` too."""
    return any(
        s.type == "defer_statement" for s in statements(body) if s.start_byte < node.start_byte
    )


def mentions(node: Node, names: Collection[str]) -> bool:
    """Does `node` (itself, or anything under it, nested functions included) read one of
    `names` as an identifier?"""
    return any(
        n.type == "identifier" and text(n) in names
        for n in [node, *walk(node, skip_functions=False)]
    )


def under_a_test_of(node: Node, names: Collection[str], stop: Node | None = None) -> bool:
    """Is `node` inside an `if` (either arm) or a `switch` whose test reads one of
    `names`, within its function (or below `stop`)?"""
    for a in ancestors(node, stop):
        if a.type in FUNCTION_TYPES:
            return False
        test = None
        if a.type == "if_statement":
            test = a.child_by_field_name("condition")
        elif a.type in ("expression_case", "expression_switch_statement"):
            test = a.child_by_field_name("value")
        if test is not None and mentions(test, names):
            return True
    return False


def is_within(node: Node, ancestor: Node) -> bool:
    return ancestor.start_byte <= node.start_byte and node.end_byte <= ancestor.end_byte


def guarding_ifs(node: Node, stop: Node | None = None) -> Iterator[tuple[Node, Node]]:
    """(if statement, its condition unparenthesised) for each `if` above `node` (below
    `stop`) whose consequence holds it: the tests that were true when it runs."""
    for above in ancestors(node, stop):
        if above.type in FUNCTION_TYPES:
            return
        if above.type != "if_statement":
            continue
        cond = unparen(above.child_by_field_name("condition"))
        consequence = above.child_by_field_name("consequence")
        if cond is not None and consequence is not None and is_within(node, consequence):
            yield above, cond


def statements_before(node: Node, stop: Node | None = None) -> Iterator[Node]:
    """The statements that run before `node` on its way, nearest first: the earlier ones
    of its block (a case's own statements included), then of each block around it, up
    to `stop`. Neither an `if`'s other branch nor another case is on the way."""
    for child, parent in _climb(node, stop):
        if parent.type not in STATEMENT_CONTAINERS:
            continue
        before = child.prev_named_sibling
        while before is not None:
            yield before
            before = before.prev_named_sibling


def statements_after(node: Node, stop: Node | None = None) -> Iterator[Node]:
    """The statements that run after `node` on its way on, nearest first: the later ones
    of its block (a case's own statements included), then of each block around it, up
    to `stop`. Another case of a switch is not on the way; a loop's next round is not
    followed."""
    for child, parent in _climb(node, stop):
        if parent.type not in STATEMENT_CONTAINERS:
            continue
        after = next_statement(child)
        while after is not None:
            yield after
            after = next_statement(after)


def _climb(node: Node, stop: Node | None) -> Iterator[tuple[Node, Node]]:
    """(node, its parent) from `node` up to `stop` (not beyond)."""
    child = node
    parent = node.parent
    while parent is not None and child != stop:
        yield child, parent
        if parent == stop:
            return
        child, parent = parent, parent.parent


# Nodes whose named children are statements run in order.
STATEMENT_CONTAINERS = frozenset(
    {
        "block",
        "statement_list",
        "expression_case",
        "default_case",
        "communication_case",
        "type_case",
    }
)


def started_literal(go: Node) -> Node | None:
    """The function literal a `go` statement runs (`go func() {...}()`), or None."""
    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    fn = unparen(call.child_by_field_name("function")) if call is not None else None
    return fn if fn is not None and fn.type == "func_literal" else None


def ancestors(node: Node, stop: Node | None = None) -> Iterator[Node]:
    above = node.parent
    while above is not None and above != stop:
        yield above
        above = above.parent


def enclosing_function(node: Node) -> Node | None:
    for a in ancestors(node):
        if a.type in FUNCTION_TYPES:
            return a
    return None


def function_name(func: Node) -> str | None:
    if func.type in ("function_declaration", "method_declaration"):
        name = func.child_by_field_name("name")
        return text(name) if name is not None else None
    return None


def statements(block: Node | None) -> list[Node]:
    """The statements of a block (or of a statement_list, or a case body)."""
    if block is None:
        return []
    # Comments are extras the grammar puts among the statements: `{ return // why }`
    # still ends in its `return`.
    if block.type == "statement_list":
        return [c for c in block.named_children if c.type != "comment"]
    out: list[Node] = []
    for c in block.named_children:
        if c.type == "statement_list":
            out.extend(s for s in c.named_children if s.type != "comment")
    return out


def runs_for_process_lifetime(func: Node, package_name: str | None, path: str = "") -> bool:
    """`init`, or `main` of package main: the process ends when it returns, so what it
    starts or leaves open cannot outlive its use. And an example of a test file
    (EXAMPLES_ARE_DOCS: `func ExampleT_Method()`): documentation, run at most once
    by `go test` to compare its output, whose goroutines (a `for { <-ticker.C }` to
    show a ticker) nobody leaves running in a program. Trade-off: a real leak written
    in an example is not reported."""
    if func.type != "function_declaration":
        return False
    name = function_name(func) or ""
    if name == "init" or (name == "main" and package_name == "main"):
        return True
    return path.endswith("_test.go") and _EXAMPLE_NAME.fullmatch(name) is not None


# `Example`, `ExampleF`, `ExampleT_M`, `ExampleT_M_suffix` (go test's naming: what follows
# `Example` starts with an upper-case letter or an underscore).
_EXAMPLE_NAME = re.compile(r"Example(?:[A-Z_]\w*)?")


def calls_of_local(
    func: Node,
    decl: Node,
    name: str,
    method: str | None = None,
    harmless_fields: frozenset[str] = frozenset(),
) -> tuple[list[Node], list[Node], bool]:
    """How `func` uses the local `name` that `decl` declares: (its calls, as call
    expressions; the `defer` statements that call it; does it escape?).

    A call is `name()`, or `name.<method>()` when `method` is given; selecting one of
    `harmless_fields` (a ticker's `C`) neither calls nor leaks it. Any other use (in a
    closure or goroutine, reassigned, returned, stored, passed on) escapes: someone else
    may call it, so the caller should not judge its paths."""
    calls: list[Node] = []
    deferred: list[Node] = []
    body = func.child_by_field_name("body")
    for n in walk(body, skip_functions=False) if body is not None else ():
        if n.type != "identifier" or text(n) != name or is_within(n, decl):
            continue
        call = None
        if method is None:
            parent, child = parent_skipping_parens(n)
            if (
                parent is not None
                and parent.type == "call_expression"
                and parent.child_by_field_name("function") == child
            ):
                call = parent
        else:
            selector = n.parent
            field = selector.child_by_field_name("field") if selector is not None else None
            if (
                selector is None
                or selector.type != "selector_expression"
                or field is None
                or selector.child_by_field_name("operand") != n
            ):
                return calls, deferred, True
            if text(field) in harmless_fields:
                continue
            if (
                text(field) == method
                and selector.parent is not None
                and selector.parent.type == "call_expression"
            ):
                call = selector.parent
        if call is None or enclosing_function(n) != func:
            return calls, deferred, True
        if call.parent is not None and call.parent.type == "defer_statement":
            deferred.append(call.parent)
        else:
            calls.append(call)
    return calls, deferred, False


def callee_text(call: Node) -> str:
    """`close`, `ctx.Done`, `t.Fatal` ... for a call_expression; '' when not a plain name."""
    fn = unparen(call.child_by_field_name("function"))
    if fn is None:
        return ""
    if fn.type == "identifier":
        return text(fn)
    if fn.type == "selector_expression":
        operand = unparen(fn.child_by_field_name("operand"))
        field = fn.child_by_field_name("field")
        if operand is not None and field is not None and operand.type == "identifier":
            return text(operand) + "." + text(field)
        if field is not None:
            return "." + text(field)
    return ""


def called_expression_text(call: Node) -> str:
    """The called expression as written, spaces dropped: `s.wg.Wait` where `callee_text`
    gives `.Wait`."""
    fn = unparen(call.child_by_field_name("function"))
    return text(fn).replace(" ", "") if fn is not None else ""


def call_arguments(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    if args is None:
        return []
    return [a for a in args.named_children if a.type != "comment"]


def is_terminating_call(
    call: Node, names: frozenset[str] = PROCESS_EXIT_CALLS | GOROUTINE_EXIT_CALLS
) -> bool:
    return callee_text(call) in names


def innermost_breakable(node: Node) -> Node | None:
    """The statement an unlabeled `break` at `node` leaves: the innermost `for`, `switch`
    or `select` around it in its own function (None where there is none: not valid Go)."""
    for a in ancestors(node):
        if a.type in BREAKABLE_TYPES:
            return a
        if a.type in FUNCTION_TYPES:
            return None
    return None


def sole_assignment(stmt: Node) -> tuple[Node, Node] | None:
    """(target, value) of an assignment of one value to one target (`x.f = v`), else None."""
    if stmt.type != "assignment_statement":
        return None
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    targets = left.named_children if left is not None else []
    values = right.named_children if right is not None else []
    if len(targets) != 1 or len(values) != 1:
        return None
    return targets[0], values[0]


def assigned_value(target: Node) -> Node | None:
    """The value an assignment gives `target`, one of its left-hand expressions
    (`a, x.f = 1, v` gives `x.f` the `v`); None when the sides do not pair up."""
    left = target.parent
    statement = left.parent if left is not None else None
    right = statement.child_by_field_name("right") if statement is not None else None
    if left is None or right is None or len(left.named_children) != len(right.named_children):
        return None
    return right.named_children[left.named_children.index(target)]


def is_root_context(expr: Node | None) -> bool:
    """`context.Background()` or `context.TODO()` (parentheses dropped): a context
    nothing ever ends."""
    expr = unparen(expr)
    return (
        expr is not None and expr.type == "call_expression" and callee_text(expr) in ROOT_CONTEXTS
    )


def field_of(expr: Node | None, holder: str) -> str | None:
    """`F` of `holder.F` (parentheses dropped; `holder` a plain name), else None."""
    expr = unparen(expr)
    if expr is None or expr.type != "selector_expression":
        return None
    operand = unparen(expr.child_by_field_name("operand"))
    if operand is None or operand.type != "identifier" or text(operand) != holder:
        return None
    return text(field(expr, "field"))


def receive_operand(expr: Node | None) -> Node | None:
    """`x` of a receive expression `<-x` (parentheses dropped), else None."""
    expr = unparen(expr)
    if expr is None or expr.type != "unary_expression":
        return None
    operator = expr.child_by_field_name("operator")
    if operator is None or operator.type != "<-":
        return None
    return unparen(expr.child_by_field_name("operand"))


def case_received(comm: Node | None) -> Node | None:
    """`x` of a select case's communication `<-x` or `v := <-x`, else None."""
    if comm is not None and comm.type == "receive_statement":
        comm = comm.child_by_field_name("right")
    elif comm is not None and comm.type == "expression_statement" and comm.named_child_count == 1:
        comm = comm.named_children[0]
    return receive_operand(comm)


def done_holder(call: Node | None) -> Node | None:
    """`ctx` of `ctx.Done()` (any expression before `.Done()`, parentheses dropped)."""
    call = unparen(call)
    if call is None or call.type != "call_expression" or call_arguments(call):
        return None
    fn = unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression" or text(field(fn, "field")) != "Done":
        return None
    return unparen(fn.child_by_field_name("operand"))


def labeled_statement_body(labeled: Node) -> Node | None:
    """The statement a label names (`loop: for {...}`); comments between the label and
    it (`loop: // why`) are named children too and are passed over."""
    return next(
        (c for c in labeled.named_children if c.type not in ("label_name", "comment")), None
    )


def break_leaves(brk: Node, stmt: Node) -> bool:
    """Does the `break` statement `brk` leave `stmt`: its label is `stmt`'s, or, without a
    label, `stmt` is the innermost breakable statement around it?"""
    label = next((c for c in brk.named_children if c.type == "label_name"), None)
    if label is None:
        return innermost_breakable(brk) == stmt
    owner = stmt.parent
    return (
        owner is not None
        and owner.type == "labeled_statement"
        and field(owner, "label").text == label.text
    )


def continues(cont: Node, loop: Node) -> bool:
    """Does the `continue` statement `cont` go on with `loop`: its label is `loop`'s, or,
    without a label, `loop` is the innermost loop around it?"""
    label = next((c for c in cont.named_children if c.type == "label_name"), None)
    if label is None:
        return next((a for a in ancestors(cont) if a.type in LOOP_TYPES), None) == loop
    owner = loop.parent
    return (
        owner is not None
        and owner.type == "labeled_statement"
        and field(owner, "label").text == label.text
    )


def innermost_statement(node: Node | None) -> Node | None:
    """The statement that holds `node` directly inside a statement list."""
    while node is not None:
        parent = node.parent
        if parent is None:
            return None
        if parent.type == "statement_list" or (
            parent.type == "block" and node.type not in ("{", "}")
        ):
            return node
        node = parent
    return None


def loops_between(node: Node, top: Node | None) -> list[Node]:
    """for-statements enclosing `node`, stopping at `top` (exclusive), innermost first."""
    out = []
    for a in ancestors(node, top):
        if a.type in FUNCTION_TYPES:
            break
        if a.type in LOOP_TYPES:
            # The loop header runs once per iteration too, but a node in the
            # range expression itself runs only once.
            body = a.child_by_field_name("body")
            if body is not None and is_within(node, body):
                out.append(a)
    return out


def in_loop(node: Node) -> bool:
    """Is `node` inside a `for` of its own function (its header included)?"""
    for a in ancestors(node):
        if a.type in FUNCTION_TYPES:
            return False
        if a.type == "for_statement":
            return True
    return False


def is_infinite_loop(for_stmt: Node) -> bool:
    """`for { ... }`, `for true { ... }` or `for init; true; post { ... }` (no range, and
    no condition but `true`)."""
    for c in for_stmt.named_children:
        if c.type == "block" or c.type == "comment":
            continue
        if c.type == "true":
            continue
        if c.type == "for_clause":
            condition = c.child_by_field_name("condition")
            if condition is None or condition.type == "true":
                continue
            return False
        return False
    return True


_GO_KEYWORD = re.compile(rb"\bgo\b")


def may_start_goroutine(node: Node) -> bool:
    """Could `node` hold a `go` statement? A test of its text, far cheaper than a walk:
    a `go` statement needs the keyword as a word (a comment or string that has it only
    costs the walk this spares)."""
    return _GO_KEYWORD.search(node.text or b"") is not None


def may_receive(node: Node) -> bool:
    """Could `node` hold a receive (`<-x`)? The same kind of test of its text."""
    return b"<-" in (node.text or b"")


def walk(node: Node, skip_functions: bool = True) -> Iterator[Node]:
    """Every named descendant of node, not entering nested function literals."""
    # The hottest loop of the analysis: leaves (most nodes) are never asked for their
    # children, and each child list is reversed in place. That is safe because
    # tree-sitter builds `named_children` afresh on every call (unlike `children`, which
    # a node caches); tests/source/test_walk.py fails if that ever changes.
    stack = node.named_children
    stack.reverse()
    pop, push = stack.pop, stack.extend
    while stack:
        n = pop()
        yield n
        if n.named_child_count == 0 or (skip_functions and n.type in FUNCTION_TYPES):
            continue
        children = n.named_children
        children.reverse()
        push(children)


def descendants(node: Node, node_type: str) -> list[Node]:
    """Every descendant of `node` (not `node` itself) of the type, nested function
    literals included, in source order: what filtering `walk(node, skip_functions=False)`
    by type gives, found by one query in C instead of a Python step per node."""
    start, end = node.start_byte, node.end_byte
    found = parsing.captures(f"({node_type}) @n", node, (start, end)).get("n", [])
    inside = [n for n in found if n.id != node.id and start <= n.start_byte and n.end_byte <= end]
    # The query may list a node after one it holds when both start at the same byte
    # (`l.Addr().String()` after `l.Addr()`): the walk's order puts the holder first.
    inside.sort(key=lambda n: (n.start_byte, -n.end_byte))
    return inside


def select_cases(select_stmt: Node) -> list[Node]:
    return [
        c for c in select_stmt.named_children if c.type in ("communication_case", "default_case")
    ]


def select_has_default(select_stmt: Node) -> bool:
    return any(c.type == "default_case" for c in select_stmt.named_children)


def case_communication(case: Node) -> Node | None:
    return case.child_by_field_name("communication")


def received_operand(case: Node) -> Node | None:
    """The channel expression of a receive case (`case v := <-ch:`, `case <-ch:`), or None."""
    comm = case_communication(case)
    if comm is not None and comm.type == "receive_statement":
        comm = comm.child_by_field_name("right")
    comm = unparen(comm)
    operator = comm.child_by_field_name("operator") if comm is not None else None
    if comm is None or comm.type != "unary_expression" or operator is None or operator.type != "<-":
        return None
    return unparen(comm.child_by_field_name("operand"))


def receiver_text(func: Node) -> str | None:
    if func.type != "method_declaration":
        return None
    recv = func.child_by_field_name("receiver")
    for p in recv.named_children if recv is not None else ():
        name = p.child_by_field_name("name")
        if name is not None:
            return text(name)
    return None


def parameters(func: Node) -> list[tuple[str, Node | None]]:
    """(name, type node) for each named parameter, in order; '_' and unnamed count too."""
    params = func.child_by_field_name("parameters")
    out: list[tuple[str, Node | None]] = []
    if params is None:
        return out
    for decl in params.named_children:
        if decl.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        typ = decl.child_by_field_name("type")
        names = [c for c in decl.named_children if c.type == "identifier"]
        if not names:
            out.append(("", typ))
        for n in names:
            out.append((text(n), typ))
    return out


# The values a flag is swapped from and to by the call that wins it: `CompareAndSwap(false,
# true)`, `(0, 1)`, `atomic.CompareAndSwapInt32(&x, 0, 1)`.
_SWAP_PAIRS = frozenset({("false", "true"), ("0", "1")})


def wins_a_swap(cond: Node | None) -> bool:
    """Is `cond` true for the one call that swaps a flag from unset to set
    (`x.CompareAndSwap(false, true)`, `atomic.CompareAndSwapInt32(&x, 0, 1)`,
    `!x.Swap(true)`)?"""
    cond = unparen(cond)
    if cond is None:
        return False
    if cond.type == "unary_expression" and field(cond, "operator").type == "!":
        inner = unparen(cond.child_by_field_name("operand"))
        if inner is None or inner.type != "call_expression":
            return False
        fn = unparen(inner.child_by_field_name("function"))
        args = call_arguments(inner)
        return (
            fn is not None
            and fn.type == "selector_expression"
            and text(field(fn, "field")) == "Swap"
            and len(args) == 1
            and text(args[0]) in ("true", "1")
        )
    if cond.type != "call_expression":
        return False
    name = callee_text(cond).rsplit(".", 1)[-1]
    if not name.startswith("CompareAndSwap"):
        return False
    values = [text(a) for a in call_arguments(cond)]
    return len(values) >= 2 and (values[-2], values[-1]) in _SWAP_PAIRS


def written_targets(n: Node) -> list[Node]:
    """What the statement or expression `n` writes: the left side of an assignment or
    `:=`, the operand of `++`/`--`, or of `&` (its address taken); [] for anything else."""
    if n.type in ("assignment_statement", "short_var_declaration"):
        return list(field(n, "left").named_children)
    if n.type in ("inc_statement", "dec_statement"):
        return list(n.named_children[:1])
    if n.type == "unary_expression" and field(n, "operator").type == "&":
        operand = n.child_by_field_name("operand")
        return [operand] if operand is not None else []
    return []


def top_level(node: Node) -> Node:
    """The top-level declaration (a child of the file) that holds `node`."""
    top = node
    while top.parent is not None and top.parent.type != "source_file":
        top = top.parent
    return top


def address_taken_operand(expr: Node | None) -> Node | None:
    """`x` of `&x` (parentheses aside), else the expression itself, unparenthesised."""
    expr = unparen(expr)
    if expr is not None and expr.type == "unary_expression" and field(expr, "operator").type == "&":
        return unparen(expr.child_by_field_name("operand"))
    return expr


def variadic_parameter(func: Node) -> str | None:
    """The name of the function's `...T` parameter (the last one), if it has one."""
    params = func.child_by_field_name("parameters")
    last = params.named_children[-1] if params is not None and params.named_children else None
    if last is None or last.type != "variadic_parameter_declaration":
        return None
    name = last.child_by_field_name("name")
    return text(name) if name is not None else "_"


def result_names(func: Node) -> list[str]:
    """Names of the function's named results (none when they are unnamed)."""
    res = func.child_by_field_name("result")
    if res is None or res.type != "parameter_list":
        return []
    return [
        text(c)
        for decl in res.named_children
        if decl.type == "parameter_declaration"
        for c in decl.named_children
        if c.type == "identifier"
    ]


def result_types(func: Node) -> list[Node | None]:
    """Type nodes of the function's results (one per value)."""
    res = func.child_by_field_name("result")
    if res is None:
        return []
    if res.type != "parameter_list":
        return [res]
    out = []
    for decl in res.named_children:
        if decl.type != "parameter_declaration":
            continue
        typ = decl.child_by_field_name("type")
        names = [c for c in decl.named_children if c.type == "identifier"]
        out.extend([typ] * max(1, len(names)))
    return out


def line_of(node: Node) -> int:
    return node.start_point[0] + 1


def innermost_case(node: Node) -> Node | None:
    """The select/switch case clause holding `node`."""
    return enclosing_in_function(
        node, ("communication_case", "default_case", "expression_case", "type_case")
    )


def enclosing_in_function(node: Node, types: Collection[str]) -> Node | None:
    """The nearest ancestor of `node` of one of `types`, not looking past the function
    (or function literal) around it."""
    for a in ancestors(node):
        if a.type in types:
            return a
        if a.type in FUNCTION_TYPES:
            return None
    return None


def selects_field(expr: Node | None, name: str) -> bool:
    """Is `expr` a selector of the field `name` (`x.name`, `a.b.name`)?"""
    expr = unparen(expr)
    return (
        expr is not None
        and expr.type == "selector_expression"
        and text(field(expr, "field")) == name
    )


def indexed_field(expr: Node | None) -> str | None:
    """`f` of `x.f[key]`: the struct field a map or slice index expression reads."""
    expr = unparen(expr)
    if expr is None or expr.type != "index_expression":
        return None
    operand = unparen(expr.child_by_field_name("operand"))
    if operand is None or operand.type != "selector_expression":
        return None
    return text(field(operand, "field"))


def waited_on_just_before(stmt: Node) -> str | None:
    """The group `stmt` comes right after waiting on: `wg` for `wg.Wait(); close(done)`,
    `ix.workers` for `ix.workers.Wait(); close(ix.quit)`; None otherwise."""
    before = previous_statement(stmt)
    call = (
        before.named_children[0]
        if before is not None and before.type == "expression_statement" and before.named_children
        else None
    )
    fn = (
        call.child_by_field_name("function")
        if call is not None and call.type == "call_expression"
        else None
    )
    if fn is None or fn.type != "selector_expression" or text(field(fn, "field")) != "Wait":
        return None
    if (
        call is not None
        and call.child_by_field_name("arguments") is not None
        and call_arguments(call)
    ):
        return None
    return text(field(fn, "operand"))


def in_tail_position(stmt: Node, body: Node) -> bool:
    """Is `stmt` its function's last act: followed by nothing but a `return` in its block
    and in every block around it up to `body` (through `if` and `else` arms only, not a
    loop, a `select` or a `switch`)?"""
    node = stmt
    while True:
        nxt = next_statement(node)
        if nxt is not None:
            return nxt.type == "return_statement"
        block = node.parent
        if block is not None and block.type == "statement_list":
            block = block.parent
        if block is None or block.type != "block":
            return False
        if block == body:
            return True
        owner = block.parent
        while (
            owner is not None
            and owner.type == "if_statement"
            and owner.parent is not None
            and owner.parent.type == "if_statement"
        ):
            owner = owner.parent  # `else if`: the chain's first `if` stands in its block
        if owner is None or owner.type != "if_statement":
            return False
        node = owner


def call_naming(ident: Node | None) -> Node | None:
    """The call whose function is `ident` (`f(...)`) or ends in it (`x.f(...)`)."""
    if ident is None or ident.type not in ("identifier", "field_identifier"):
        return None
    fn = ident.parent if ident.type == "field_identifier" else ident
    if fn is None:
        return None
    call = fn.parent
    if call is None or call.type != "call_expression" or call.child_by_field_name("function") != fn:
        return None
    return call


DERIVED_CONTEXTS = CANCELLABLE_CONTEXTS | {"context.WithTimeout", "context.WithDeadline"}


def derived_context(
    decl: Node, kinds: frozenset[str] = CANCELLABLE_CONTEXTS
) -> tuple[Node, Node, Node] | None:
    """(the context's name, the cancel's name, the call) of `ctx, cancel :=
    context.WithCancel(parent)` (or another of `kinds`), else None."""
    if decl.type != "short_var_declaration":
        return None
    left = field(decl, "left").named_children
    right = field(decl, "right").named_children
    call = unparen(right[0]) if len(right) == 1 else None
    if len(left) != 2 or call is None or call.type != "call_expression":
        return None
    if callee_text(call) not in kinds:
        return None
    return left[0], left[1], call


def parent_context(call: Node) -> Node | None:
    """The parent context a `context.WithCancel(parent)` (or timeout, deadline) call
    derives from: its first argument, parentheses dropped."""
    args = call_arguments(call)
    return unparen(args[0]) if args else None


def cancel_deferred(func: Node, context_name: str) -> bool:
    """Does `func` derive `context_name` (`ctx, cancel := context.WithCancel(...)`, or a
    timeout or deadline) and defer that cancel (`defer cancel()`), so the context is done
    on every way out of `func`?"""
    body = func.child_by_field_name("body")
    if body is None:
        return False
    cancels: set[str] = set()
    deferred: set[str] = set()
    for node in walk(body):
        if node.type == "short_var_declaration":
            derived = derived_context(node, DERIVED_CONTEXTS)
            if derived is not None and text(derived[0]) == context_name:
                cancels.add(text(derived[1]))
        elif node.type == "defer_statement":
            call = node.named_children[0] if node.named_children else None
            callee = call.child_by_field_name("function") if call is not None else None
            if call is not None and callee is not None and not call_arguments(call):
                deferred.add(text(callee))
    return bool(cancels & deferred)


def stop_checked_before_send(send: Node) -> Node | None:
    """`ctx` when the send is the `default` of a select that checks `ctx.Done()` (`select
    { case <-ctx.Done(): return; default: out <- v }`): the producer looks for the stop
    before each send, but not while blocked in it."""
    case = next(
        (
            a
            for a in ancestors(send)
            if a.type in ("default_case", "communication_case") or a.type in FUNCTION_TYPES
        ),
        None,
    )
    select = case.parent if case is not None else None
    if case is None or case.type != "default_case" or select is None:
        return None
    for other in select_cases(select):
        holder = (
            done_holder(received_operand(other)) if other.type == "communication_case" else None
        )
        if holder is not None and holder.type == "identifier":
            return holder
    return None


def only_context_beside(select: Node, case: Node) -> bool:
    """Are the select's cases other than `case` all receives from a context's `Done()`
    (and is there at least one)?"""
    others = [c for c in select_cases(select) if c.type == "communication_case" and c != case]
    for c in others:
        operand = received_operand(c)
        if (
            operand is None
            or operand.type != "call_expression"
            or not callee_text(operand).endswith(".Done")
        ):
            return False
    return bool(others)
