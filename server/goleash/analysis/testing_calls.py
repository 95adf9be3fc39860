"""Calls that stop or fail a Go test: `t.Fatal(...)`, `s.tb.Errorf(...)`.

One reading for every analysis that asks "does this path end in a test that stopped or
already failed?" (the control-flow graph's TESTFAIL ends, the held-lock paths): what
follows such a call is not a way the code really runs, only a failing run's.

Heuristic TEST_HELPER_TYPE: the receiver is a test when its type, as far as the
resolver can tell (a variable, a parameter, a struct field), is `testing.T`, `.B`,
`.TB` or `.F`, or a `T`/`B`/`TB`/`F` of a package whose name says test (`testenv.TB`,
the wrappers of `testing.TB` test helper packages define). Trade-off: a helper package
named otherwise is missed; a non-test `T` in a package named like one is taken for a test.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.package import struct_fields

if TYPE_CHECKING:
    from goleash.analysis.values import Resolver

TEST_STOPS = gosyntax.TEST_STOP_METHODS
TEST_FAILURES = gosyntax.TEST_FAILURE_METHODS
TEST_TYPES = frozenset({"testing.T", "testing.B", "testing.TB", "testing.F"})
_TEST_HELPER_TYPE = re.compile(r"\w*test\w*\.(T|B|TB|F)")


def is_test_type(type_name: str | None) -> bool:
    """A test's type: testing's own, or a test helper package's (TEST_HELPER_TYPE)."""
    if type_name is None:
        return False
    return type_name in TEST_TYPES or _TEST_HELPER_TYPE.fullmatch(type_name) is not None


def test_method(call: Node | None, resolver: Resolver) -> str | None:
    """For `x.M(...)` where `x` is a test (`t`, a parameter, `s.tb`), the method's name M;
    None for any other expression."""
    if call is None or call.type != "call_expression":
        return None
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression":
        return None
    method = fn.child_by_field_name("field")
    if method is None:
        return None
    name = gosyntax.text(method)
    if name not in TEST_STOPS and name not in TEST_FAILURES:
        return None  # cheap test first: resolving the receiver's type is not
    type_name = resolver.expr_type(fn.child_by_field_name("operand"))
    return name if is_test_type(type_name) or _embeds_a_test(type_name, resolver) else None


def _embeds_a_test(type_name: str | None, resolver: Resolver) -> bool:
    """TEST_WRAPPER: a struct of the package, or one declared in the function at hand,
    that embeds a test (`type testCtx struct { *testing.T; ... }`): its `Fatal` is the
    test's. Trade-off: a struct whose own `Fatal` method hides the embedded one is taken
    for the test too."""
    if type_name is None or "." in type_name:
        return False
    found = resolver.package.fields_of(type_name) if resolver.package is not None else None
    if found is None:
        local = next(
            (
                spec
                for spec in gosyntax.walk(resolver.decl, skip_functions=False)
                if spec.type == "type_spec"
                and gosyntax.text(gosyntax.field(spec, "name")) == type_name
            ),
            None,
        )
        if local is None:
            return False
        found = struct_fields(local.child_by_field_name("type"))
    return any(is_test_type(embedded) for embedded in found[1])


def statement_call(stmt: Node | None) -> Node | None:
    """The call of an expression statement (`t.Fatal(...)` on its own line); else None."""
    if stmt is None or stmt.type != "expression_statement" or not stmt.named_children:
        return None
    call = stmt.named_children[0]
    return call if call.type == "call_expression" else None
