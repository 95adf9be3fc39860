"""Flags decided once, read by both the starting function and its goroutine.

```go
func runWrites(t *testing.T, smallWrites bool) {
        errs := make(chan error, 2)
        go func() {
                if smallWrites {
                        errs <- write(a)
                        errs <- write(b)
                        return
                }
                errs <- write(ab)
        }()
        <-errs
        if smallWrites {
                <-errs                 // served: the goroutine took the same branch
        }
}
```

Counted over joined paths, the goroutine "sends once or twice" and the function
"receives once or twice", so some path pairs one send with two receives. But both
sides branch on the same flag, which nothing changes once set: the function is judged
once per value of the flag, each side taking only the arms that value allows.

Heuristic SHARED_FLAG, a trade-off: a flag is a parameter or local of the starting
function, tested bare or negated (`if f`, `if !f`) both by that function and inside a
goroutine literal it starts (or twice by the function, once around a `go`: `if verify
{ wg.Add(1) }; ...; if verify { go task(&wg) }`), and never assigned after its
declaration nor has its address taken. A flag read through a field or a method, or a condition built from it
(`if f && x`), is not split: the paths stay joined and a finding may remain. At most
MAX_FLAGS flags are split (each doubles the work of judging the identity).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax

if TYPE_CHECKING:
    from goleash.analysis.functions import Function
    from goleash.analysis.scopes import Var

MAX_FLAGS = 2

# REPEATED_TEST's prefilter: tests alike but for negation, the comparison and spacing
# share a text once these are dropped (a collision only costs a closer look).
_PREFILTER = re.compile(rb"[!()=<>\s]")
_ERR = re.compile(rb"\berr\b")
# `if <test> {` with no initialiser, as written (a prefilter: the tree decides).
_IF_TEST = re.compile(rb"\bif\s+([^{};\n]+)\{")

# The comparisons a repeated test may be (`len(xs) > 0` as well as `d.out != nil`), and
# those read as the negation of another: `a == b` is `!(a != b)`, `a <= b` is `!(a > b)`.
_COMPARISONS = frozenset({"==", "!=", "<", ">", "<=", ">="})
_NEGATED_FORM = {"==": "!=", "<=": ">", ">=": "<"}

# A value of each split flag (a variable, or the text of a repeated test): the world
# one judgement assumes.
Assumed = tuple[tuple["Var | str", bool], ...]


def shared_flags(root: Function) -> tuple[Var | str, ...]:
    """SHARED_FLAG: the root's unchanging flags tested both by it and by a goroutine
    literal it starts; then REPEATED_TEST: conditions the root itself tests twice, one
    of them around a `go` (at most MAX_FLAGS in all, in source order). Kept with the
    function: every identity of the function asks, and N channel/goroutine pairs in one
    function would walk its whole body N times."""
    cached: tuple[Var | str, ...] | None = root.__dict__.get("_shared_flags")
    if cached is None:
        flags: list[Var | str] = [*_find_shared_flags(root), *_repeated_tests(root)]
        cached = root.__dict__["_shared_flags"] = tuple(flags[:MAX_FLAGS])
    return cached


def _repeated_tests(root: Function) -> list[str]:
    """REPEATED_TEST: `if d.out != nil { n++ }; ...; wg.Add(n); if d.out != nil { go ... }`.
    The same side-effect-free test (a comparison with no calls but `len`, no receive;
    `==` read as the negation of `!=`, `<=` of `>`, `>=` of `<`) in two `if`s of the root, outside function literals, one of them
    starting a goroutine, on names the root never changes (an unchanging variable, or a
    field of one that no assignment, `++`/`--` or `&` of the root touches): both take
    the same arm. Trade-off: another goroutine may change the field between the two
    tests; it is taken as unchanged."""
    body = root.node.child_by_field_name("body")
    if body is None or b"go " not in (body.text or b""):
        return []
    # Cheapest first: any `if` condition written twice at all, read off the text.
    # (`err` is set anew by almost every call: a test of it never qualifies.)
    written = [
        _PREFILTER.sub(b"", m.group(1))
        for m in _IF_TEST.finditer(body.text or b"")
        if not _ERR.search(m.group(1))
    ]
    if len(set(written)) == len(written):
        return []
    # Then the conditions' texts in the tree; only those seen twice are read closely.
    by_text: dict[bytes, list[tree_sitter.Node]] = {}
    for node in gosyntax.walk(body):
        if node.type != "if_statement" or node.child_by_field_name("initializer") is not None:
            continue
        cond = node.child_by_field_name("condition")
        if cond is not None and cond.type in (
            "binary_expression",
            "unary_expression",
            "selector_expression",
        ):
            by_text.setdefault(_PREFILTER.sub(b"", cond.text or b""), []).append(node)
    candidates = [ifs for ifs in by_text.values() if len(ifs) > 1]
    if not candidates:
        return []
    touched = _touched_fields(body)
    seen: dict[str, bool] = {}
    order: list[str] = []
    for ifs in candidates:
        for node in ifs:
            key = test_key(node.child_by_field_name("condition"), root, touched)
            if key is None:
                continue
            starts = b"go " in (node.text or b"") and any(
                n.type == "go_statement" for n in gosyntax.walk(node)
            )
            if key[0] in seen:
                seen[key[0]] = seen[key[0]] or starts
                if key[0] not in order:
                    order.append(key[0])
            else:
                seen[key[0]] = starts
    return [t for t in order if seen[t]]


def test_key(
    cond: tree_sitter.Node | None,
    root: Function,
    touched: frozenset[str] | None = None,
    unwritten_within: tuple[int, int] | None = None,
) -> tuple[str, bool] | None:
    """(the normalised text of a test, whether it is negated) for a side-effect-free
    comparison on names the root never changes; None for anything else (a bare
    variable is SHARED_FLAG's)."""
    cond = gosyntax.unparen(cond)
    negated = False
    if cond is not None and cond.type == "unary_expression":
        operator = cond.child_by_field_name("operator")
        if operator is None or operator.type != "!":
            return None
        negated, cond = True, gosyntax.unparen(cond.child_by_field_name("operand"))
    if cond is None or cond.type not in ("binary_expression", "selector_expression"):
        return None
    if cond.type == "binary_expression":
        op = gosyntax.field(cond, "operator").type
        if op not in _COMPARISONS:
            return None
        if op in _NEGATED_FORM:
            negated = not negated
    if touched is None:
        body = root.node.child_by_field_name("body")
        touched = _touched_fields(body) if body is not None else frozenset()
    for n in (cond, *gosyntax.walk(cond)):
        if n.type == "call_expression" and gosyntax.callee_text(n) != "len":
            return None
        if n.type == "unary_expression" and gosyntax.field(n, "operator").type == "<-":
            return None
        if n.type == "identifier":
            var = root.resolver.scopes.lookup(n)
            receiver = var is not None and var.kind == "receiver" and not var.assignments
            if var is not None and not (
                receiver
                or unchanging(var)
                or (unwritten_within is not None and _unwritten_within(var, *unwritten_within))
            ):
                return None
        if n.type == "selector_expression" and gosyntax.text(n).replace(" ", "") in touched:
            return None
    text = gosyntax.text(cond).replace(" ", "")
    if cond.type == "binary_expression" and (op := gosyntax.field(cond, "operator").type) in (
        _NEGATED_FORM
    ):
        left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
        if left is None or right is None:
            return None
        text = f"{gosyntax.text(left)}{_NEGATED_FORM[op]}{gosyntax.text(right)}".replace(" ", "")
    return text, negated


def _unwritten_within(var: Var, start: int, end: int) -> bool:
    """No assignment, `++`/`--` or `&` of a local or parameter between two bytes of its
    function (the span from one test to the other)."""
    if var.kind not in ("param", "local"):
        return False
    for occurrence in var.occurrences:
        if not start <= occurrence.start_byte < end:
            continue
        parent = occurrence.parent
        if parent is None:
            continue
        if parent.type in ("inc_statement", "dec_statement"):
            return False
        if parent.type == "unary_expression" and gosyntax.field(parent, "operator").type == "&":
            return False
        holder = parent.parent if parent.type == "expression_list" else None
        if (
            holder is not None
            and holder.type in ("assignment_statement", "short_var_declaration")
            and holder.child_by_field_name("left") == parent
        ):
            return False
    return True


def _touched_fields(body: tree_sitter.Node) -> frozenset[str]:
    """The selectors (`x.f`, spaces dropped) the root assigns, steps or takes the
    address of anywhere, function literals included."""
    return frozenset(
        gosyntax.text(t).replace(" ", "")
        for n in gosyntax.walk(body, skip_functions=False)
        for t in gosyntax.written_targets(n)
        if t.type == "selector_expression"
    )


def _find_shared_flags(root: Function) -> tuple[Var, ...]:
    body = root.node.child_by_field_name("body")
    if body is None or b"go " not in (body.text or b""):
        return ()
    scopes = root.resolver.scopes
    outside: dict[int, Var] = {}
    inside: dict[int, Var] = {}
    tests: dict[int, int] = {}  # the root's own tests of each flag
    starting: set[int] = set()  # flags of which one such test holds a `go`
    first_test: dict[int, int] = {}  # where each flag is first tested
    for node in gosyntax.descendants(body, "if_statement"):
        flag = _flag_of(node)
        var = scopes.lookup(flag) if flag is not None else None
        if var is None or var.func != root.node:
            continue
        first_test.setdefault(var.start_byte, node.start_byte)
        if _in_goroutine_literal(node, root.node):
            inside[var.start_byte] = var
            continue
        outside[var.start_byte] = var
        tests[var.start_byte] = tests.get(var.start_byte, 0) + 1
        if any(n.type == "go_statement" for n in gosyntax.walk(node)):
            starting.add(var.start_byte)
    # Shared with a goroutine, or (REPEATED_TEST's bare form) tested twice by the root,
    # once around a `go`: `if verify { wg.Add(1) }; ...; if verify { go task(&wg) }`.
    shared = [
        v
        for k, v in sorted(outside.items())
        if (k in inside or (k in starting and tests[k] > 1))
        and (unchanging(v) or _set_before_its_tests(v, first_test[k], body))
    ]
    return tuple(shared[:MAX_FLAGS])


def _set_before_its_tests(var: Var, first_test: int, body: tree_sitter.Node) -> bool:
    """SET_BEFORE_ITS_TESTS: a local or parameter given its value (`async =
    state.asyncCommit`) only before the first `if` that tests it, outside any loop, and
    never through a pointer: every test sees that one value. Trade-off: a `goto` back
    above the assignment is not looked for."""
    if var.kind not in ("param", "local"):
        return False
    for stmt, _value, _i in var.assignments:
        if stmt.end_byte > first_test or gosyntax.loops_between(stmt, body):
            return False
    return not any(
        parent is not None
        and (
            parent.type in ("inc_statement", "dec_statement")
            or (
                parent.type == "unary_expression" and gosyntax.field(parent, "operator").type == "&"
            )
        )
        for parent in (o.parent for o in var.occurrences)
    )


def contradicts(cond_if: tree_sitter.Node, taken: bool, func: Function, assumed: Assumed) -> bool:
    """The arm (`taken` or not) of `if f` / `if !f` that the assumed value of `f` rules out."""
    if not assumed:
        return False
    if any(isinstance(flag, str) for flag, _value in assumed):
        key = test_key(cond_if.child_by_field_name("condition"), func)
        if key is not None:
            for flag, value in assumed:
                if flag == key[0]:
                    return (value != key[1]) != taken
    cond = gosyntax.unparen(cond_if.child_by_field_name("condition"))
    negated = False
    if cond is not None and cond.type == "unary_expression":
        operator = cond.child_by_field_name("operator")
        if operator is None or operator.type != "!":
            return False
        negated = True
        cond = gosyntax.unparen(cond.child_by_field_name("operand"))
    if cond is None or cond.type != "identifier":
        return False
    var = func.resolver.scopes.lookup(cond)
    for flag, value in assumed:
        if var is flag:
            return (value != negated) != taken
    return False


def _flag_of(if_stmt: tree_sitter.Node) -> tree_sitter.Node | None:
    """`f` of `if f {` or `if !f {` (no initialiser: it could shadow the flag)."""
    if if_stmt.child_by_field_name("initializer") is not None:
        return None
    cond = gosyntax.unparen(if_stmt.child_by_field_name("condition"))
    if cond is not None and cond.type == "unary_expression":
        operator = cond.child_by_field_name("operator")
        if operator is None or operator.type != "!":
            return None
        cond = gosyntax.unparen(cond.child_by_field_name("operand"))
    return cond if cond is not None and cond.type == "identifier" else None


def _in_goroutine_literal(node: tree_sitter.Node, root: tree_sitter.Node) -> bool:
    """Inside a function literal that a `go` statement of the root runs."""
    at = node.parent
    while at is not None and at != root:
        if at.type == "func_literal":
            call = at.parent
            go = call.parent if call is not None and call.type == "call_expression" else None
            return go is not None and go.type == "go_statement"
        at = at.parent
    return False


def unchanging(var: Var) -> bool:
    """Set once (a parameter, or a local at its declaration) and never through a pointer
    or by `++`/`--`."""
    if var.kind not in ("param", "local"):
        return False
    if len(var.assignments) > (1 if var.kind == "local" else 0):
        return False
    for occurrence in var.occurrences:
        parent = occurrence.parent
        if parent is not None and parent.type == "unary_expression":
            operator = parent.child_by_field_name("operator")
            if operator is not None and operator.type == "&":
                return False
        if parent is not None and parent.type in ("inc_statement", "dec_statement"):
            return False
    return True


def constant_flags(call: tree_sitter.Node | None, target: Function) -> Assumed:
    """CONSTANT_ARGUMENT: the boolean parameters of `target` that this call passes a
    literal (`go e.mainLoop(false, done)`) and the function never changes: an arm of
    `if handshake` that the literal rules out is not a path of this call. netstack's
    accepted-connection loop was read as a false finding: the early return it was
    blamed for sits under `if handshake`, and that start passes `false`. What it costs:
    only bare and negated tests of the parameter are decided (`if handshake && x` stays
    joined); a named constant argument is not read."""
    from goleash.analysis.functions import param_var

    if call is None or target.node.type == "func_literal":
        return ()
    found: list[tuple[Var | str, bool]] = []
    for i, arg in enumerate(gosyntax.call_arguments(call)):
        if arg.type not in ("true", "false"):
            continue
        var = param_var(target, i)
        if var is not None and unchanging(var):
            found.append((var, arg.type == "true"))
    return tuple(found)
