"""What a nil error from a callee says it did with the channel handed to it.

```go
func waitFor(errc chan error, d time.Duration) error {
        select {
        case err := <-errc:
                return err
        case <-time.After(d):
                return context.DeadlineExceeded
        }
}

        go func() { errc <- readLine(r) }()
        if err := waitFor(errc, timeout); err != nil {
                return err // the timeout: the goroutine is left sending
        }
        ...
        return finish() // errc was received from: nil comes only from that case
```

A callee that can return nil only on a path where it received from the channel tells
its caller, by a nil error, that the receive happened. A way out after the caller's
`if err != nil { return ... }` is not one that skips the receive; the one inside the
`if` is (devpod's injector, audit 21, was reported at its last `return` instead of
the timeout's).

Heuristic NIL_MEANS_RECEIVED, a trade-off: the callee is a function of the package
whose last result is `error`; each of its `return`s either returns a value that cannot
be nil (NON_NIL_VALUE) as its last result or is in a `select` case receiving from the
channel's parameter (or after a statement of its block that receives from it). A
callee that receives in a helper of its own, or returns a local error that is never
nil, is not read: the way out named stays the first one judged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax

if TYPE_CHECKING:
    from goleash.analysis.package import Package

# Calls that make an error (NON_NIL_VALUE).
_NEW_ERRORS = frozenset(
    {"errors.New", "fmt.Errorf", "errors.Errorf", "errors.Wrap", "errors.Wrapf"}
)


def received_before_nil_check(exit_stmt: Node, channel: str, package: Package) -> bool:
    """Is `exit_stmt` past an `if err != nil { return ... }` on the error of a call that
    hands `channel` to a callee returning nil only after receiving from it?"""
    child = exit_stmt
    for block in gosyntax.ancestors(exit_stmt):
        if block.type in gosyntax.FUNCTION_TYPES:
            return False
        if block.type not in ("block", "statement_list"):
            child = block
            continue
        earlier = [s for s in gosyntax.statements(block) if s.end_byte <= child.start_byte]
        for i, stmt in enumerate(earlier):
            call = _checked_call(stmt, earlier[i - 1] if i > 0 else None)
            if call is not None and _nil_only_after_receive(call, channel, package):
                return True
        child = block
    return False


def _checked_call(stmt: Node, before: Node | None) -> Node | None:
    """The call whose error `stmt` checks and leaves on: `if err := f(); err != nil {
    return ... }`, or `err := f()` / `err = f()` just before `if err != nil { return }`."""
    if stmt.type != "if_statement" or stmt.child_by_field_name("alternative") is not None:
        return None
    name = gosyntax.non_nil_tested(stmt.child_by_field_name("condition"))
    body = gosyntax.statements(stmt.child_by_field_name("consequence"))
    if name is None or not body or body[-1].type != "return_statement":
        return None
    init = stmt.child_by_field_name("initializer")
    for source in (init, before):
        call = _assigned_call(source, name) if source is not None else None
        if call is not None:
            return call
    return None


def _assigned_call(stmt: Node, name: str) -> Node | None:
    """The call of `name := f(...)` / `name = f(...)` (the call's only result)."""
    if stmt.type not in ("short_var_declaration", "assignment_statement"):
        return None
    left = gosyntax.field(stmt, "left").named_children
    right = gosyntax.field(stmt, "right").named_children
    if len(left) != 1 or len(right) != 1 or gosyntax.text(left[0]) != name:
        return None
    return right[0] if right[0].type == "call_expression" else None


def _nil_only_after_receive(call: Node, channel: str, package: Package) -> bool:
    callee = gosyntax.callee_text(call)
    if not callee or "." in callee:
        return False
    decl = package.unique_function(callee)
    body = decl.body if decl is not None else None
    if decl is None or body is None:
        return False
    args = [gosyntax.text(a) for a in gosyntax.call_arguments(call)]
    params = [name for name, _type in gosyntax.parameters(decl.node)]
    if channel not in args or len(args) != len(params):
        return False
    param = params[args.index(channel)]
    returns = [n for n in gosyntax.walk(body) if n.type == "return_statement"]
    return bool(returns) and all(
        surely_not_nil(_last_result(r), package) or _after_receive(r, param, body) for r in returns
    )


def _last_result(ret: Node) -> Node | None:
    values = gosyntax.returned_values(ret)
    return values[-1] if values else None


def _after_receive(ret: Node, param: str, body: Node) -> bool:
    """Is the `return` in a case receiving from `param`, or after a statement of an
    enclosing block that receives from it?"""
    child = ret
    for a in gosyntax.ancestors(ret):
        if a == body.parent:
            return False
        if a.type == "communication_case" and _receives_from(gosyntax.received_operand(a), param):
            return True
        if a.type in ("block", "statement_list"):
            for s in gosyntax.statements(a):
                if s.end_byte > child.start_byte:
                    break
                if any(
                    n.type == "unary_expression"
                    and gosyntax.text(gosyntax.field(n, "operator")) == "<-"
                    and _receives_from(n.child_by_field_name("operand"), param)
                    for n in [s, *gosyntax.walk(s)]
                ):
                    return True
        child = a
    return False


def _receives_from(operand: Node | None, param: str) -> bool:
    operand = gosyntax.unparen(operand)
    return operand is not None and operand.type == "identifier" and gosyntax.text(operand) == param


def surely_not_nil(value: Node | None, package: Package | None) -> bool:
    """NON_NIL_VALUE: a composite literal or its address, a call of a function that
    makes an error (`errors.New`, `fmt.Errorf`), `ctx.Err()` under `case <-ctx.Done():`,
    another package's exported variable
    (`context.DeadlineExceeded`, `io.EOF`), or a package-level variable of this package
    made by such a call."""
    value = gosyntax.unparen(value)
    if value is None:
        return False
    if value.type == "composite_literal":
        return True
    if value.type == "unary_expression":
        return gosyntax.text(gosyntax.field(value, "operator")) == "&"
    if value.type == "call_expression":
        return gosyntax.callee_text(value) in _NEW_ERRORS or _err_of_a_done_context(value)
    if value.type == "selector_expression":
        operand = value.child_by_field_name("operand")
        name = gosyntax.text(gosyntax.field(value, "field"))
        return (
            operand is not None
            and operand.type == "identifier"
            and name[:1].isupper()
            and gosyntax.text(operand) in gosyntax.imported_names(value)
        )
    if value.type == "identifier" and package is not None:
        found = package.global_var(gosyntax.text(value))
        made = found[1] if found is not None else None
        return made is not None and made.type != "identifier" and surely_not_nil(made, None)
    return False


def _err_of_a_done_context(call: Node) -> bool:
    """`ctx.Err()` in the `case <-ctx.Done():` of a select: once a context's Done channel
    is closed, its Err is not nil (the context package's promise)."""
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression" or gosyntax.call_arguments(call):
        return False
    if gosyntax.text(gosyntax.field(fn, "field")) != "Err":
        return False
    ctx = gosyntax.text(gosyntax.field(fn, "operand"))
    for a in gosyntax.ancestors(call):
        if a.type in gosyntax.FUNCTION_TYPES:
            return False
        if a.type == "communication_case":
            comm = a.child_by_field_name("communication")
            received = comm
            if comm is not None and comm.type in ("receive_statement", "expression_statement"):
                received = comm.child_by_field_name("right") or (
                    comm.named_children[0] if comm.named_children else None
                )
            return received is not None and "".join(gosyntax.text(received).split()) == (
                f"<-{ctx}.Done()"
            )
    return False
