"""FAILURE_RETURN: a `return` that surely hands an error back.

A function whose last result is an `error` and whose `return` there gives a value that
cannot be nil: a sentinel (`ErrClosed`, `errFull`, `pkg.ErrNotFound`), an error made on
the spot (`errors.New(...)`, `fmt.Errorf(...)`, `newError(...)`, `&QuotaError{...}`), or
a variable the `if` around the `return`, or the case of a tagless `switch` holding it,
has just tested non-nil (`if err != nil { return nil, err }`, `case errors.Is(err,
ErrBusy): return r, err`: `errors.Is` and `errors.As` hold only of a non-nil error).

What it is for: a way out on a failure is the path a developer adds last and tests
least, where a lock left held or a stop left undone is a mistake, not a design; a way
out that returns success with a lock held is as often a hand-over to the caller or a
partner method (`AddPending` locks, `Commit` unlocks).

Trade-offs, each a miss rather than a false finding: a variable returned without the
test around it (`return v, err` at the end) is not known to be non-nil; a naked
`return` of named results is not read; a call that returns an error only sometimes
(`return nil, s.flush()`) is not a sure failure; a failure signalled by a `bool` or a
status code is not one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node

from goleash import gosyntax

# `ErrClosed`, `errFull`, `Err_Quota`: named like a sentinel error, not `err` or `errs`.
_SENTINEL = re.compile(r"^[Ee]rr[A-Z0-9_]")
# Calls that always make an error: `errors.New`, `fmt.Errorf`, `status.Error(f)`,
# `newError`, `NewQuotaError`, `makeErr`, `ErrTimeout(...)`. Not `ctx.Err()` or
# `rows.Err()` (nil when all went well), nor `ErrorOrNil`.
_MAKER = re.compile(r"(?:^|\.)(?:New|Errorf|Error|[Nn]ew\w*Err\w*|[Mm]ake\w*Err\w*|Err[A-Z]\w*)$")
# Calls that wrap their first argument, nil when it is nil (`errors.Wrap(nil, "x")`).
_WRAPPER = re.compile(r"(?:^|\.)(?:Wrapf?|WithStack|WithMessagef?|[Ww]rap\w*Err\w*)$")


def in_a_failing_function(node: Node) -> bool:
    """Is `node` in a function (declaration or literal) whose last result is an `error`?"""
    func = gosyntax.enclosing_function(node)
    return func is not None and _last_result_is_error(func)


def _last_result_is_error(func: Node) -> bool:
    results = gosyntax.result_types(func)
    return bool(results) and results[-1] is not None and gosyntax.text(results[-1]) == "error"


def returns_a_failure(ret: Node, func: Node) -> bool:
    """Is `ret`, a `return` of `func` (a declaration or a literal), one that surely hands
    back a non-nil error as the function's last result?"""
    if ret.type != "return_statement" or not _last_result_is_error(func):
        return False
    # a naked return hands back no expression: its named results are not read
    exprs = gosyntax.returned_values(ret)
    return bool(exprs) and _surely_an_error(exprs[-1], ret)


def _surely_an_error(expr: Node, ret: Node) -> bool:
    expr = gosyntax.unparen(expr) or expr
    if expr.type == "identifier":
        name = gosyntax.text(expr)
        return bool(_SENTINEL.match(name)) or _tested_non_nil(name, ret)
    if expr.type == "selector_expression":
        return bool(_SENTINEL.match(gosyntax.text(gosyntax.field(expr, "field"))))
    if expr.type == "call_expression":
        callee = gosyntax.callee_text(expr)
        if _MAKER.search(callee):
            return True
        if _WRAPPER.search(callee):
            args = gosyntax.call_arguments(expr)
            return bool(args) and _surely_an_error(args[0], ret)
        return False
    # `&QuotaError{...}`, `QuotaError{...}`: a value, never nil.
    return expr.type in ("unary_expression", "composite_literal") and (
        expr.type == "composite_literal" or gosyntax.text(gosyntax.field(expr, "operator")) == "&"
    )


def _tested_non_nil(name: str, ret: Node) -> bool:
    """Is `ret` in the body of an `if`, or of a tagless `switch`'s case, whose condition
    holds `name != nil`, `errors.Is(name, X)` or `errors.As(name, ...)`? (NON_NIL_TESTS:
    `errors.Is(err, nil)` also holds of a nil `err`; nobody writes it.)"""
    word = re.escape(name)
    tested = re.compile(rf"\b{word}\s*!=\s*nil\b|\berrors\.(?:Is|As)\(\s*{word}\s*,(?!\s*nil\s*\))")
    return any(tested.search(gosyntax.text(c)) for c in _conditions_holding(ret))


def _conditions_holding(ret: Node) -> Iterator[Node]:
    """The conditions true when `ret` runs: each `if` around it whose consequence holds
    it, and each case of a tagless `switch` around it (`switch { case err != nil: ...`)."""
    for _, cond in gosyntax.guarding_ifs(ret):
        yield cond
    for above in gosyntax.ancestors(ret):
        if above.type in gosyntax.FUNCTION_TYPES:
            return
        switch = above.parent
        if (
            above.type == "expression_case"
            and switch is not None
            and switch.type == "expression_switch_statement"
            and switch.child_by_field_name("value") is None
        ):
            values = above.child_by_field_name("value")
            if values is not None:
                yield values
