"""A goroutine watching the caller's context for one call, with nothing telling it the
call is over.

```go
func (c *Client) Call(ctx context.Context, req, reply []byte) (int, error) {
        go func() {
                <-ctx.Done()            // still here after Call returns
                c.conn.Close()          // ... and then closes a connection a later call uses
        }()
        if _, err := c.conn.Write(req); err != nil {
                return 0, err
        }
        return c.conn.Read(reply)
}
```

The watcher is there to interrupt the call if the caller gives up. When the call
finishes first, it goes on waiting until the caller's context ends: forever for a
background or long-lived one, and one more goroutine for every call. The usual shape
gives it a second way out, a channel the function closes when it returns.

Heuristics, each a trade-off:
- BARE_WATCHER: the goroutine is a function literal whose first statement waits only on
  `ctx.Done()` (a bare receive, or a select whose every case receives from it), `ctx`
  being a parameter of the starting function, untouched there (not re-derived).
- PER_CALL_STARTER: the starting function does work for one call and then returns: its
  name is no lifecycle verb (LIFETIME_VERBS: `New`, `Start`, `Run`, `Serve`, `Watch`,
  ...), its results hold no channel, function or value of a named type of the package
  (an object the watcher may belong to), and its own code never waits on `ctx.Done()`
  (then the context is done when it returns). A per-call function named like a
  lifecycle verb is missed.
- ONLY_THE_WATCHER: the starting function starts no other goroutine: work it leaves
  running (pion's `Proxy` starts its relay loops) lives as long as the context, and the
  watcher with it.
- KEEPS_A_HANDED_OBJECT: the watcher, once the context ends, stores into a field of an
  object the caller handed in (a parameter, not the receiver, whose type is a named
  type of the package: `c.ctx = &ctxRemnant{...}` on trpc-go's detached context). It
  is that object's upkeep, meant to outlive the call and to end with the context.
  Trade-off: a per-call function that hands the watcher an unrelated object is missed.
- Not in tests, nor in `main`/`init`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.values import base_type_name

if TYPE_CHECKING:
    from goleash.analysis.functions import Functions
    from goleash.analysis.package import Package
    from goleash.source import SourceFile

# Names of functions whose goroutines are meant to live on after they return, for as
# long as the context they were given (PER_CALL_STARTER).
LIFETIME_VERBS = (
    "New",
    "Start",
    "Run",
    "Serve",
    "Listen",
    "Watch",
    "Open",
    "Dial",
    "Connect",
    "Subscribe",
    "Spawn",
    "Launch",
    "Go",
    "Init",
    "Setup",
    "Register",
    "Attach",
    "Monitor",
    "Keep",
    "Background",
    "Loop",
    "Track",
    "Bind",
    "Mount",
    "Accept",
    "Handle",
)

# `RunContext`, `runLoop`, `Register`: a verb at the start, either case, then a word break.
_LIFETIME = re.compile(
    r"^(?:" + "|".join(f"[{v[0]}{v[0].lower()}]{v[1:]}" for v in LIFETIME_VERBS) + r")(?![a-z])"
)


@dataclass(frozen=True)
class LingeringWatcher:
    wait: Node  # the receive (or select) waiting on the context
    start: Node  # the `go` statement
    starter: Node  # the function starting it
    context: str  # the context's name


def lingering_watchers(
    functions: Functions, file: SourceFile, go_statements: Iterable[Node]
) -> list[LingeringWatcher]:
    if file.path.endswith("_test.go"):
        return []
    out: list[LingeringWatcher] = []
    for go in go_statements:
        literal = gosyntax.started_literal(go)
        body = literal.child_by_field_name("body") if literal is not None else None
        statements = [s for s in gosyntax.statements(body) if s.type != "comment"] if body else []
        context = waited_context(statements[0]) if statements else None
        if context is None:
            continue  # the cheap test first: most goroutines are no bare watcher
        starter = functions.enclosing(go, file)
        if starter is None or starter.node.type == "func_literal":
            continue
        if _starts_more(starter.node, go):
            continue  # ONLY_THE_WATCHER
        if _keeps_a_handed_object(functions.package, starter.node, statements[1:]):
            continue
        if _watch(functions.package, starter.node, context, file):
            out.append(LingeringWatcher(statements[0], go, starter.node, context))
    return out


def _keeps_a_handed_object(package: Package, starter: Node, after: list[Node]) -> bool:
    """KEEPS_A_HANDED_OBJECT: a store into `p.f` after the wait, `p` a parameter of the
    starter typed with a named type of the package."""
    handed = {
        name
        for name, typ in gosyntax.parameters(starter)
        if name
        and (owner := base_type_name(typ)) is not None
        and package.type_decl(owner) is not None
    }
    if not handed:
        return False
    for stmt in after:
        for n in [stmt, *gosyntax.walk(stmt)]:
            if n.type != "assignment_statement":
                continue
            for target in gosyntax.field(n, "left").named_children:
                root = gosyntax.chain_root(target)
                if (
                    target.type == "selector_expression"
                    and root is not None
                    and (gosyntax.text(root) in handed)
                ):
                    return True
    return False


def _starts_more(starter: Node, go: Node) -> bool:
    body = starter.child_by_field_name("body")
    return any(
        n.type == "go_statement" and n != go
        for n in (gosyntax.walk(body, skip_functions=False) if body is not None else ())
    )


def _watch(package: Package, starter: Node, context: str, file: SourceFile) -> bool:
    if not _per_call(package, starter, context, file):
        return False
    params = [name for name, _type in gosyntax.parameters(starter)]
    return context in params and not _reassigned(starter, context)


def waited_context(stmt: Node) -> str | None:
    """BARE_WATCHER: `x` of `<-x.Done()`, or of a select whose every case receives from it."""
    if stmt.type == "expression_statement" and stmt.named_children:
        holder = gosyntax.done_holder(gosyntax.receive_operand(stmt.named_children[0]))
        return gosyntax.text(holder) if holder is not None and holder.type == "identifier" else None
    if stmt.type != "select_statement":
        return None
    names = set()
    for case in gosyntax.select_cases(stmt):
        holder = gosyntax.done_holder(gosyntax.received_operand(case))
        if case.type != "communication_case" or holder is None or holder.type != "identifier":
            return None
        names.add(gosyntax.text(holder))
    return names.pop() if len(names) == 1 else None


def _per_call(package: Package, starter: Node, context: str, file: SourceFile) -> bool:
    """PER_CALL_STARTER."""
    name = gosyntax.function_name(starter) or ""
    if (
        not name
        or _LIFETIME.match(name)
        or gosyntax.runs_for_process_lifetime(starter, file.package_name, file.path)
    ):
        return False
    for result in gosyntax.result_types(starter):
        if result is None:
            continue
        kinds = {n.type for n in [result, *gosyntax.walk(result)]}
        if kinds & {"channel_type", "function_type"}:
            return False
        if any(
            n.type == "type_identifier" and package.type_decl(gosyntax.text(n)) is not None
            for n in [result, *gosyntax.walk(result)]
        ):
            return False  # a type of the package: maybe the object the watcher belongs to
    body = starter.child_by_field_name("body")
    done = f"{context}.Done()".encode()
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type == "call_expression" and (n.text or b"").replace(b" ", b"") == done:
            return False  # the starter waits on it too
    return True


def _reassigned(starter: Node, context: str) -> bool:
    body = starter.child_by_field_name("body")
    for n in gosyntax.walk(body, skip_functions=False) if body is not None else ():
        if n.type in ("short_var_declaration", "assignment_statement"):
            left = n.child_by_field_name("left")
            if left is not None and any(gosyntax.text(t) == context for t in left.named_children):
                return True
    return False
