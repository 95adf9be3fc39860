"""An object with a goroutine of its own, kept in a local variable across the rounds of
a loop, replaced by a new one without being stopped.

```go
func (m *managed) supervise(inst *instance) {
        for {
                select {
                case <-inst.exited:
                case <-m.quit:
                        inst.shutdown()       // the function knows it must stop it ...
                        return
                }
                inst.cancel()                 // ... but on a restart only cancels it
                next, err := m.launch(ctx)    // starts next's dispatch goroutine
                if err != nil {
                        return
                }
                inst = next                   // the old dispatch ranges over resps for good
        }
}
```

A constructor of the package that starts a goroutine stopped by a method of its type
(`stop_signals.stoppers`: a function, or a method such as `m.launch`) hands its caller
the duty to stop it. A loop that keeps the object in a variable and, a round later,
overwrites it with a new one has lost the old one unless it stopped it first.
replaced_holders.py's leak with a local variable instead of a struct field.

Guards, each a trade-off:
- STOPPED_ON_ANOTHER_PATH: the function calls a stopping method on the variable
  somewhere (`inst.shutdown()` on the way out): it shows the object needs stopping and
  that it holds the only reference. A variable never stopped here is left to the
  rules on unstopped objects.
- STOPPED_BEFORE_THE_STORE: a statement of the loop before the store, on the store's
  own way (a sibling of the store or of a block around it), that stops it, and does not
  leave the loop itself (a `case` that stops and `return`s does not count), spares it.
  Trade-off: a stop reached only through a helper the variable is passed to is not seen,
  and the next guard gives up instead.
- KEPT_ON_THE_WAY: before the store, on its way, the variable is passed, sent, stored
  or returned (anything but its own methods and fields): someone else may stop it.
- GOES_ROUND: the loop runs again after the store (no `return` or `break` follows it):
  the next store overwrites a value of the constructor's. RETRIED_ON_FAILURE: a store
  with its error (`s2, err = Create(cfg)`) followed by a test of that error that leaves
  the loop (`if err == nil { break }`) goes round only when the constructor failed, and
  what it overwrites then is nothing running (serf's test of a restarted node).
- TEXT_SIEVE (`worth_a_look`): only a store in a loop, of a value a function of the
  package that starts a goroutine makes, is judged; the file's liveness model is not
  built for the others. Trade-off: a constructor reached through a variable is missed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.index import goroutine_starters
from goleash.analysis.replaced_holders import going_round
from goleash.analysis.stop_signals import Stoppable, constructed

if TYPE_CHECKING:
    from goleash.analysis.functions import Function
    from goleash.analysis.liveness import Liveness
    from goleash.analysis.package import Package


@dataclass(frozen=True)
class ReplacedLocal:
    store: tree_sitter.Node  # `inst = next`
    holder: str  # `inst`
    constructor: Function
    stop: Stoppable  # the constructor's goroutine and the methods that stop it
    stopped_at: tree_sitter.Node  # `inst.shutdown()`, where the function does stop it
    loop: tree_sitter.Node  # the `for` whose rounds keep it


_LEAVING = ("return_statement", "break_statement", "goto_statement", "continue_statement")
_BLOCKS = ("statement_list", "communication_case", "expression_case", "default_case")


def replaced_locals(liveness: Liveness, stores: Iterable[tree_sitter.Node]) -> list[ReplacedLocal]:
    """Among `stores` (the file's `v = ctor(...)`, `v, err = ctor(...)` and `v = w`
    assignments), those that overwrite, in a loop, a stoppable object the function
    stops only on another path."""
    out: list[ReplacedLocal] = []
    for store in stores:
        if gosyntax.field(store, "operator").type != "=":
            continue
        left = gosyntax.field(store, "left").named_children
        right = gosyntax.field(store, "right").named_children
        if len(right) != 1 or not left or left[0].type != "identifier":
            continue
        holder = gosyntax.text(left[0])
        func = gosyntax.enclosing_function(store)
        if func is None or holder == "_":
            continue
        call = _made_by(right[0], func, store)
        if call is None:
            continue
        loop = going_round(store, func)
        if loop is None or _retried_on_failure(store, left):
            continue  # GOES_ROUND
        made = constructed(liveness, call)
        if made is None:
            continue
        constructor, stop = made
        stopped_at = _stop_call(func, holder, stop.methods)
        if stopped_at is None:
            continue  # STOPPED_ON_ANOTHER_PATH
        if _stopped_or_kept_before(store, loop, holder, stop.methods):
            continue
        out.append(ReplacedLocal(store, holder, constructor, stop, stopped_at, loop))
    return out


def worth_a_look(package: Package, store: tree_sitter.Node) -> bool:
    """A cheap first sieve, read from the text and the package's declarations alone (the
    file's liveness model is built only for what passes): `v = ...` in a loop that goes
    round, whose value comes from a call of a function of the package that starts a
    goroutine (`go ` in its body)."""
    if gosyntax.field(store, "operator").type != "=":
        return False
    # The package's declarations that hold a `go` statement, read from the text once per
    # package: in a package that starts no goroutine nothing is worth a look (the
    # assembler back ends' thousands of `p = ...` in loops were read one by one).
    functions, methods = package.derived("goroutine-starters", goroutine_starters)
    if not functions and not methods:
        return False
    left = gosyntax.field(store, "left").named_children
    right = gosyntax.field(store, "right").named_children
    func = gosyntax.enclosing_function(store)
    if len(right) != 1 or not left or left[0].type != "identifier" or func is None:
        return False
    if going_round(store, func) is None:
        return False
    call = _made_by(right[0], func, store)
    fn = gosyntax.unparen(call.child_by_field_name("function")) if call is not None else None
    if fn is None:
        return False
    if fn.type == "identifier":
        name = gosyntax.text(fn)
        if name.encode() not in functions:
            return False
        declared = package.unique_function(name)
        return declared is not None and b"go " in (declared.node.text or b"")
    if fn.type == "selector_expression":
        name = gosyntax.text(gosyntax.field(fn, "field"))
        if name.encode() not in methods:
            return False
        found = package.methods_named(name)
        return len(found) == 1 and b"go " in (found[0][2].text or b"")
    return False


def _made_by(
    value: tree_sitter.Node, func: tree_sitter.Node, store: tree_sitter.Node
) -> tree_sitter.Node | None:
    """The call that made the stored value: the value itself, or the call a local it
    names was declared from just before (`next, err := m.launch(ctx)` ... `inst = next`)."""
    value = gosyntax.unparen(value) or value
    if value.type == "call_expression":
        return value
    if value.type != "identifier":
        return None
    name = gosyntax.text(value)
    found = None
    for decl in gosyntax.descendants(func, "short_var_declaration"):
        if decl.start_byte >= store.start_byte:
            break
        names = [gosyntax.text(n) for n in gosyntax.field(decl, "left").named_children]
        values = gosyntax.field(decl, "right").named_children
        if names and names[0] == name and len(values) == 1:
            v = gosyntax.unparen(values[0])
            found = v if v is not None and v.type == "call_expression" else None
    return found


def _retried_on_failure(store: tree_sitter.Node, left: list[tree_sitter.Node]) -> bool:
    """RETRIED_ON_FAILURE: `v, err = ctor()` followed, in its block, by `if err == nil {
    ... break }` (or `if err != nil { ... } else { ... break }`): the loop leaves on
    success and goes round only after a failure."""
    if len(left) != 2 or left[1].type != "identifier":
        return False
    err = gosyntax.text(left[1])
    block = store.parent
    for s in gosyntax.statements(block) if block is not None else ():
        if s.start_byte <= store.start_byte or s.type != "if_statement":
            continue
        cond = gosyntax.unparen(s.child_by_field_name("condition"))
        text = gosyntax.text(cond).replace(" ", "") if cond is not None else ""
        if text == f"{err}==nil":
            arm = s.child_by_field_name("consequence")
        elif text == f"{err}!=nil":
            arm = s.child_by_field_name("alternative")
        else:
            continue
        if arm is not None and any(
            n.type in ("break_statement", "return_statement") for n in gosyntax.walk(arm)
        ):
            return True
    return False


def _stop_call(
    func: tree_sitter.Node, holder: str, methods: tuple[str, ...]
) -> tree_sitter.Node | None:
    """The first `holder.stop()` call of the function, for one of the stopping methods."""
    for call in gosyntax.descendants(func, "call_expression"):
        if gosyntax.called_expression_text(call) in {f"{holder}.{m}" for m in methods}:
            return call
    return None


def _stopped_or_kept_before(
    store: tree_sitter.Node, loop: tree_sitter.Node, holder: str, methods: tuple[str, ...]
) -> bool:
    """STOPPED_BEFORE_THE_STORE and KEPT_ON_THE_WAY: does a statement before the store,
    on its way through the loop's body, stop the variable or hand it on?"""
    stops = {f"{holder}.{m}" for m in methods}
    current = store
    for a in gosyntax.ancestors(store, loop):
        if a.type in _BLOCKS:
            for s in gosyntax.statements(a):
                if s.start_byte >= current.start_byte:
                    break
                if _on_the_way(s, stops, holder):
                    return True
        if a == loop:
            break
        current = a
    return False


def _on_the_way(stmt: tree_sitter.Node, stops: set[str], holder: str) -> bool:
    """Does the statement, on a way that goes on past it, stop the variable or hand it
    on? Uses inside an arm that leaves (`case <-quit: inst.shutdown(); return`) are off
    the store's way."""
    for n in [stmt, *gosyntax.walk(stmt)]:
        if n.type != "identifier" or gosyntax.text(n) != holder:
            continue
        if _in_a_leaving_arm(n, stmt):
            continue
        parent = n.parent
        if parent is None:
            continue
        if parent.type == "selector_expression" and parent.child_by_field_name("operand") == n:
            call = parent.parent
            if (
                call is not None
                and call.type == "call_expression"
                and gosyntax.called_expression_text(call) in stops
            ):
                return True
            continue  # its own fields and methods
        return True  # passed, sent, stored or returned: someone else may stop it
    return False


def _in_a_leaving_arm(node: tree_sitter.Node, top: tree_sitter.Node) -> bool:
    """Is `node` in a block (below `top`) whose last statement leaves?"""
    for a in gosyntax.ancestors(node, top):
        if a.type in _BLOCKS or a.type == "block":
            stmts = gosyntax.statements(a)
            if stmts and stmts[-1].type in _LEAVING:
                return True
        if a == top:
            break
    return False
