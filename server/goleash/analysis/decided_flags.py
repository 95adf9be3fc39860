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
goroutine literal it starts, and never assigned after its declaration nor has its
address taken. A flag read through a field or a method, or a condition built from it
(`if f && x`), is not split: the paths stay joined and a finding may remain. At most
MAX_FLAGS flags are split (each doubles the work of judging the identity).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax

if TYPE_CHECKING:
    from goleash.analysis.functions import Function
    from goleash.analysis.scopes import Var

MAX_FLAGS = 2

# A value of each split flag: the world one judgement assumes.
Assumed = tuple[tuple["Var", bool], ...]


def shared_flags(root: Function) -> tuple[Var, ...]:
    """SHARED_FLAG: the root's unchanging flags tested both by it and by a goroutine
    literal it starts (at most MAX_FLAGS, in source order). Kept with the function:
    every identity of the function asks, and N channel/goroutine pairs in one function
    would walk its whole body N times."""
    cached: tuple[Var, ...] | None = root.__dict__.get("_shared_flags")
    if cached is None:
        cached = root.__dict__["_shared_flags"] = _find_shared_flags(root)
    return cached


def _find_shared_flags(root: Function) -> tuple[Var, ...]:
    body = root.node.child_by_field_name("body")
    if body is None or b"go " not in (body.text or b""):
        return ()
    scopes = root.resolver.scopes
    outside: dict[int, Var] = {}
    inside: dict[int, Var] = {}
    for node in gosyntax.walk(body, skip_functions=False):
        if node.type != "if_statement":
            continue
        flag = _flag_of(node)
        var = scopes.lookup(flag) if flag is not None else None
        if var is None or var.func != root.node:
            continue
        (inside if _in_goroutine_literal(node, root.node) else outside)[var.start_byte] = var
    shared = [v for k, v in sorted(outside.items()) if k in inside and unchanging(v)]
    return tuple(shared[:MAX_FLAGS])


def contradicts(cond_if: tree_sitter.Node, taken: bool, func: Function, assumed: Assumed) -> bool:
    """The arm (`taken` or not) of `if f` / `if !f` that the assumed value of `f` rules out."""
    if not assumed:
        return False
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
