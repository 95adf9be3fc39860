"""A select case waiting on a context the starting function derived and then left
without cancelling, on the way out that abandons the goroutine.

```go
gctx, cancel := context.WithCancel(ctx)
for _, id := range ids {
        go func(id int) {
                select {
                case results <- work(gctx, id):
                case <-gctx.Done():         // no way out once All returned early
                }
        }(id)
}
for range ids {
        if v := <-results; v < 0 {
                return errNegative          // cancel is not called: gctx stays open
        }
}
cancel()
```

The `<-gctx.Done()` case looks like the goroutine's way out, and on the paths that
call `cancel` it is. On the early `return` nothing cancels `gctx`; it ends only when
the caller's context does, which for a background context is never.

Heuristic UNCANCELLED_ON_THE_WAY_OUT, each condition a trade-off:
- the context is bound, beside its cancel, by a short declaration of the starting
  function from `context.WithCancel` or `WithCancelCause` (a timeout or deadline ends on
  its own: TIMER_RELEASES, as in GL012);
- the cancel function is only called, or deferred, by that function itself: one handed
  to a closure, stored or returned may be called by someone else, and the case is then
  taken as a way out;
- the way out is one that no call or deferred call of the cancel covers
  (`paths.abandoning_exits`, the question GL012 asks).
A goroutine that names the context under another name (a parameter it was handed) is
matched by the name at the `go` statement only when it is the same identifier.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis import paths

_CANCELLERS = re.compile(r"^context\.WithCancel(Cause)?$")


def contexts_left_open(root: Node, exit_node: Node | None) -> frozenset[str]:
    """The names of the contexts `root` derives with a cancel it does not call on the
    way out at `exit_node` (UNCANCELLED_ON_THE_WAY_OUT)."""
    if exit_node is None:
        return frozenset()
    open_here: set[str] = set()
    for decl in gosyntax.descendants(root, "short_var_declaration"):
        if gosyntax.enclosing_function(decl) != root:
            continue
        left = gosyntax.field(decl, "left").named_children
        right = gosyntax.field(decl, "right").named_children
        if len(left) != 2 or len(right) != 1 or right[0].type != "call_expression":
            continue
        if not _CANCELLERS.match(gosyntax.callee_text(right[0]) or ""):
            continue
        context_name, cancel_name = (gosyntax.text(n) for n in left)
        if cancel_name == "_":
            continue
        calls, deferred, escapes = gosyntax.calls_of_local(root, decl, cancel_name)
        if escapes:
            continue
        exits = paths.abandoning_exits(root, decl, calls, deferred)
        if any(e.node == exit_node for e in exits):
            open_here.add(context_name)
    return frozenset(open_here)


def waits_only_on(select: Node, case: Node, names: frozenset[str]) -> bool:
    """Are the select's cases other than `case` all receives from the `Done()` of one of
    the contexts `names`?"""
    others = [
        c for c in gosyntax.select_cases(select) if c.type == "communication_case" and c != case
    ]
    if not others or not names:
        return False
    for c in others:
        holder = gosyntax.done_holder(gosyntax.received_operand(c))
        if holder is None or holder.type != "identifier" or gosyntax.text(holder) not in names:
            return False
    return True
