"""FAILURE_REPORTS: a channel a test reads only to fail on what it carries.

```go
errCh := make(chan error)
defer func() {
        select {
        case err := <-errCh:
                t.Error(err)
        default:
        }
}()
go serve(errCh) // sends only when serving fails
```

Every receive of `errCh` in the test is a select case whose body fails the test: a
value on it is a failure report, and a goroutine blocked sending one is on a failing
test's path, which does not count (the test already failed, or the report came after
the test looked and the goroutine is one of a run that reported nothing wrong only by
luck of timing). Trade-off: a report sent after the test's last look leaves the
goroutine blocked in a passing run, and is not reported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.testing_calls import statement_call, test_method

if TYPE_CHECKING:
    from goleash.analysis.functions import Function


def read_only_to_fail(channel: str, root: Function) -> bool:
    """Is every receive of `channel` in `root` (its function literals included) the
    communication of a select case whose body fails the test, and is there one?"""
    found = False
    for n in gosyntax.walk(root.node, skip_functions=False):
        if n.type == "range_clause":
            right = gosyntax.unparen(n.child_by_field_name("right"))
            if right is not None and gosyntax.text(right) == channel:
                return False  # ranged over: read as data
            continue
        if n.type != "unary_expression" or gosyntax.field(n, "operator").type != "<-":
            continue
        operand = gosyntax.unparen(n.child_by_field_name("operand"))
        if operand is None or gosyntax.text(operand) != channel:
            continue
        case = next(
            (a for a in gosyntax.ancestors(n, root.node) if a.type == "communication_case"),
            None,
        )
        if case is None or gosyntax.received_operand(case) != operand:
            return False  # a receive of its own, or one in a case's body
        if not _fails_the_test(case, root):
            return False
        found = True
    return found


def _fails_the_test(case: Node, root: Function) -> bool:
    """Does the case fail the test whatever it received: a statement of its own (not
    one under an `if err != nil`) calling `t.Error`, `t.Fatal` and the like?"""
    return any(
        test_method(statement_call(stmt), root.resolver) is not None
        for stmt in gosyntax.statements(case)
    )
