"""A server goroutine whose error send the stop makes impossible.

```go
go func() {
        if err := srv.Serve(lis); err != nil {   // gRPC: nil after GracefulStop
                errc <- err
        }
}()
select {
case <-stop:
        srv.GracefulStop()                      // Serve returns nil: nothing is sent
        return nil
case err := <-errc:
        return err
}
```

The case that gives up stops the server itself, and the send only runs when `Serve`
returns an error, which the stop does not cause: the goroutine leaves without sending.

Heuristic SERVE_ENDS_CLEAN, each half a documented behaviour of a server library:
- gRPC's `Serve` returns nil once `Stop` or `GracefulStop` is called: the server is a
  gRPC one when the package makes it with `grpc.NewServer(` into that name (a local, or
  a field of that name) or declares a field of that name as `*grpc.Server`;
- `net/http`'s `Serve`, `ServeTLS`, `ListenAndServe` and `ListenAndServeTLS` return
  `http.ErrServerClosed` after `Shutdown` or `Close`: the send must sit under a test that
  excludes it (`err != http.ErrServerClosed`, `!errors.Is(err, http.ErrServerClosed)`).

CHECKED_CONTEXT (`_context_checked`): the same holds for a send under `if ctx.Err() ==
nil` when the case that gives up waits on that context's `Done()`.

The send must be inside `if err := X.Serve(...); err != nil` (or the `if` right after
`err := X.Serve(...)`), and the giving-up case must call the stop on the same `X`
(the same text). Trade-off: `Serve` failing on its own just before the stop wins the
select (a listener error racing the shutdown) still strands the sender; that race is
not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax

if TYPE_CHECKING:
    from goleash.analysis.package import Package

_SERVES = frozenset({"Serve", "ServeTLS", "ListenAndServe", "ListenAndServeTLS"})
_GRPC_STOPS = frozenset({"Stop", "GracefulStop"})
_HTTP_STOPS = frozenset({"Shutdown", "Close"})


def stop_makes_send_impossible(
    send: tree_sitter.Node, case: tree_sitter.Node, package: Package
) -> bool:
    """SERVE_ENDS_CLEAN: is `send` an error send from `X.Serve` that the stop of `X` in
    the giving-up `case` never lets happen? Or CHECKED_CONTEXT: does the send sit
    under `if ctx.Err() == nil` while the giving-up case is `<-ctx.Done()`?"""
    if _context_checked(send, case):
        return True
    served = _served_server(send)
    if served is None:
        return False
    server, closed_excluded = served
    for n in gosyntax.walk(case):
        if n.type != "call_expression":
            continue
        fn = gosyntax.unparen(n.child_by_field_name("function"))
        if fn is None or fn.type != "selector_expression":
            continue
        operand = fn.child_by_field_name("operand")
        if operand is None or gosyntax.text(operand) != server:
            continue
        stop = gosyntax.text(gosyntax.field(fn, "field"))
        if stop in _GRPC_STOPS and _is_grpc_server(server, package):
            return True
        if stop in _HTTP_STOPS and closed_excluded:
            return True
    return False


def _served_server(send: tree_sitter.Node) -> tuple[str, bool] | None:
    """(the text of `X`, whether a test on the way excludes `http.ErrServerClosed`) for a
    send inside `if err := X.Serve(...); err != nil { ... }`."""
    excluded = False
    for a in _ifs_around(send):
        cond = a.child_by_field_name("condition")
        if cond is not None and b"ErrServerClosed" in (cond.text or b""):
            excluded = True
        assignment = a.child_by_field_name("initializer") or _statement_before(a)
        server = _serve_call_operand(assignment)
        if server is not None:
            return server, excluded
    return None


def _ifs_around(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    """The `if` statements whose body (not their `else`) holds `node`, innermost first,
    in the function around it."""
    for a in gosyntax.ancestors(node):
        if a.type in gosyntax.FUNCTION_TYPES:
            return
        consequence = a.child_by_field_name("consequence") if a.type == "if_statement" else None
        if consequence is not None and gosyntax.is_within(node, consequence):
            yield a


def _statement_before(stmt: tree_sitter.Node) -> tree_sitter.Node | None:
    return gosyntax.previous_statement(stmt)


def _serve_call_operand(stmt: tree_sitter.Node | None) -> str | None:
    """`X` of `err := X.Serve(lis)` / `err = X.ListenAndServe()`."""
    if stmt is None or stmt.type not in ("short_var_declaration", "assignment_statement"):
        return None
    right = gosyntax.field(stmt, "right").named_children
    call = gosyntax.unparen(right[0]) if len(right) == 1 else None
    fn = gosyntax.unparen(call.child_by_field_name("function")) if call is not None else None
    if call is None or call.type != "call_expression" or fn is None:
        return None
    if (
        fn.type != "selector_expression"
        or gosyntax.text(gosyntax.field(fn, "field")) not in _SERVES
    ):
        return None
    operand = fn.child_by_field_name("operand")
    return gosyntax.text(operand) if operand is not None else None


def _is_grpc_server(server: str, package: Package) -> bool:
    """Does the package make `server` (its last name) with `grpc.NewServer(`, or declare
    a field of that name as `*grpc.Server`?"""
    name = re.escape(server.rsplit(".", 1)[-1])
    made = re.compile(rb"\b" + name.encode() + rb"\s*(?::=|=|:)\s*grpc\.NewServer\(")
    typed = re.compile(rb"\b" + name.encode() + rb"\s+\*grpc\.Server\b")
    return any(made.search(f.data) or typed.search(f.data) for f in package.files)


def _context_checked(send: tree_sitter.Node, case: tree_sitter.Node) -> bool:
    """CHECKED_CONTEXT: `if ctx.Err() == nil { errc <- err }` (a conjunct of the test
    will do) in a goroutine whose starter gives up on `case <-ctx.Done():`, the same
    text for `ctx`: once the case has won, the context is done and the goroutine, when
    it gets to the test, does not send. Trade-off: a test made just before the cancel
    and a send just after it still strand the sender; that race is not reported."""
    operand = gosyntax.received_operand(case)
    if operand is None or operand.type != "call_expression" or gosyntax.call_arguments(operand):
        return False
    fn = gosyntax.unparen(operand.child_by_field_name("function"))
    if (
        fn is None
        or fn.type != "selector_expression"
        or gosyntax.text(gosyntax.field(fn, "field")) != "Done"
    ):
        return False
    context = fn.child_by_field_name("operand")
    if context is None:
        return False
    wanted = f"{gosyntax.text(context)}.Err()==nil".replace(" ", "")
    return any(
        gosyntax.text(term).replace(" ", "") == wanted
        for a in _ifs_around(send)
        for term in gosyntax.conjuncts(a.child_by_field_name("condition"))
    )
