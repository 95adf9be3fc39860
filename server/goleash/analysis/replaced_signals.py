"""A signal channel in a struct field, replaced without closing the one it replaces.

A struct keeps a channel that the package only ever closes: a stop signal, or a
"changed" broadcast that waiters pick up and that is closed and made anew on every
change. A goroutine blocks on the channel the field held when it started waiting.
A method that puts a fresh channel in the field without closing the old one leaves
that goroutine waiting on a channel nothing will ever close again:

    func (s *Session) connect() {
        ...
        s.stopPing = make(chan struct{})   // the previous link's heartbeat waits on the old one
        go s.heartbeat(conn, s.stopPing)
    }

    func (s *Set) Reset() {
        s.eps = nil
        s.changed = make(chan struct{})    // followers blocked in `<-changed` stay blocked
    }

The fix closes the old channel before replacing it.

Guards, each a trade-off:
- SIGNAL_BY_CLOSE: nothing in the package sends on the field, and something closes
  it: a channel used to pass values is not a signal whose replacement strands anyone.
- ENDS_ONLY_ON_SIGNAL: the waiting goroutine has no way out but through its receives
  from the channel: one that can also leave another way is not stranded for good.
- WAITS_ON_THE_FIELD: the goroutine receives from the field itself, from a parameter
  bound to the field where it is started, or from what a method returning the field
  gives it; the channel is not seen through any other alias.
- LIVE_AT_REPLACEMENT: the old channel may have a waiter when it is replaced. Either
  the type's constructor makes the channel (a composite literal or an assignment in a
  function that is not a method) and the replacing method does not start the waiter
  itself, or the replacing method is called both from a constructor and from another
  method of the type (it runs again on an object already started: a reconnect).
  `Start` after `Stop`, or a `Start` that a constructor never calls, is not flagged.
  A replacing method that starts the same goroutine function itself is how such a
  waiter starts (STARTED_BY_THE_REPLACER): a waiter started elsewhere on a hand-built
  object is not taken to be replaced by it.
- CLOSED_FIRST: a path to the replacement through a `close` of the field, through a
  call of a method of the type that closes it, or through a condition that reads the
  field (`if s.stop != nil`), is not a replacement of a live channel. The caller that
  runs the method again must not close the field first either, and a method whose
  every caller in the package closes the field first is not a replacement of a live
  one (CLOSED_BY_CALLER). Paths follow the decisions of `if c` and `if !c` consistently
  (CORRELATED_BRANCHES).
- RE_READ_EACH_ROUND: a wait on the field itself inside a loop (`case <-s.stop:`)
  reads the field again on the next round and so waits on the new channel, which
  the type's stop closes: only a wait on a copy (a parameter, a variable) or a
  one-time wait on the field is stranded.
- SAVED_BEFORE_REPLACE: a method that reads the field before replacing it (`old :=
  s.stop`) may close the old channel through that copy: not flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.field_closers import closing_methods
from goleash.analysis.functions import param_var, started_goroutines
from goleash.analysis.identities import field_makes
from goleash.analysis.index import receiver_type_name
from goleash.analysis.liveness import Identity, Partner, Summary, Verdict
from goleash.analysis.stop_signals import ends_only_through
from goleash.analysis.values import FieldRef, VarRef

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.functions import Function, Start
    from goleash.analysis.liveness import Liveness
    from goleash.analysis.package import Declaration
    from goleash.source import SourceFile


# RUN_AGAIN_OFF_LIFECYCLE: a method named for a lifecycle step that runs the replacing
# method again (`Resume` calling `start`) is taken to follow the step that closed the
# old channel (`Pause` calling `stop`): the caller's contract, which we cannot see. A
# reconnect from an ordinary method (`Send` redialling a broken link) is not.
LIFECYCLE_NAMES = frozenset(
    {
        "start",
        "restart",
        "resume",
        "run",
        "serve",
        "open",
        "reopen",
        "init",
        "reset",
        "enable",
        "activate",
        "begin",
    }
)


@dataclass(frozen=True)
class Replacement:
    assignment: tree_sitter.Node  # `s.f = make(chan ...)`
    method: Function  # the method holding it
    # When the evidence of a live old channel is that the method runs twice: (the call
    # that runs it again, or the constructor's first call of an exported method; which
    # of the two: "method" or "exported"; the file of the call).
    again: tuple[tree_sitter.Node, str, SourceFile] | None


def replaced_signal_verdicts(
    liveness: Liveness, go_statements: Iterable[tree_sitter.Node]
) -> list[Verdict]:
    """Verdicts "signal-replaced": a goroutine waiting on a signal channel that a method
    replaces without closing."""
    out: list[Verdict] = []
    for start in started_goroutines(liveness.functions, liveness.file, go_statements):
        goroutine = start.goroutine
        for field, waits in _waits_by_field(liveness, start).items():
            if not ends_only_through(goroutine, [n for n, _ev in waits]):
                continue  # ENDS_ONLY_ON_SIGNAL
            if not _signal_by_close(liveness, field):
                continue
            found = _replacement(liveness, field, start)
            if found is None:
                continue
            _node, wait = waits[0]
            operand = _operand(wait)
            shown = gosyntax.text(operand) if operand is not None else field.field
            ident = Identity.of_field(goroutine, shown, field.field)
            ident.lost_key = ("replaced", found.assignment, found.method, found.again)
            out.append(
                Verdict(
                    "signal-replaced",
                    ident,
                    wait,
                    goroutine,
                    Partner(start.spawn, goroutine, Summary.uncounted(), "goroutine"),
                    detail={"field": field},
                )
            )
    return out


def _operand(ev: Event) -> tree_sitter.Node | None:
    return ev.node.child_by_field_name("operand")


def _waits_by_field(
    liveness: Liveness, start: Start
) -> dict[FieldRef, list[tuple[CfgNode, Event]]]:
    """WAITS_ON_THE_FIELD: the goroutine's blocking receives, by the channel field they
    receive from."""
    goroutine = start.goroutine
    cfg = goroutine.cfg
    assert cfg is not None  # started_goroutines yields only goroutines with a graph
    out: dict[FieldRef, list[tuple[CfgNode, Event]]] = {}
    for node in cfg.nodes:
        for ev in node.events:
            if ev.kind != "recv" or not ev.blocking:
                continue
            if isinstance(ev.ref, FieldRef) and node.loop is not None:
                continue  # RE_READ_EACH_ROUND: the next round waits on the new channel
            field = _field_of(liveness, ev.ref, start)
            if field is not None:
                out.setdefault(field, []).append((node, ev))
    return out


def _field_of(liveness: Liveness, ref: object, start: Start) -> FieldRef | None:
    if isinstance(ref, FieldRef):
        return None if ref.exported else ref
    if not isinstance(ref, VarRef):
        return None
    var = ref.var
    goroutine, starter = start.goroutine, start.starter
    captured = goroutine.node.type == "func_literal" and var.func == starter.node
    if var.func != goroutine.node and not (captured and var.kind == "local"):
        return None
    found: set[FieldRef] = set()
    if var.kind == "param":
        call = start.stmt.named_children[0]
        args = gosyntax.call_arguments(call)
        if var.index < 0 or var.index >= len(args) or param_var(goroutine, var.index) is not var:
            return None
        bound = _field_value(liveness, starter, args[var.index])
        if bound is None:
            return None
        found.add(bound)
    elif var.kind != "local":
        return None
    for stmt, value, pos in var.assignments:
        if value is None:
            if var.kind == "param" and stmt.type != "assignment_statement":
                continue  # the parameter's own declaration
            value = _single_call(stmt)
            if value is None:
                return None
        field = _returned_field(liveness, goroutine if not captured else starter, value, pos)
        if field is None:
            return None
        found.add(field)
    if len(found) != 1:
        return None
    field = next(iter(found))
    return None if field.exported else field


def _single_call(stmt: tree_sitter.Node) -> tree_sitter.Node | None:
    """The call of `a, b = f()`, whose results the statement spreads over its names."""
    right = stmt.child_by_field_name("right")
    values = right.named_children if right is not None else []
    return values[0] if len(values) == 1 and values[0].type == "call_expression" else None


def _field_value(liveness: Liveness, func: Function, expr: tree_sitter.Node) -> FieldRef | None:
    """The field an expression of `func` holds: `s.f`, or a local assigned only from a
    method that returns `s.f`."""
    ref = func.resolver.ref(expr)
    if isinstance(ref, FieldRef):
        return ref
    if not isinstance(ref, VarRef) or ref.var.kind != "local":
        return None
    found = {
        _returned_field(liveness, func, value, pos) if value is not None else None
        for _stmt, value, pos in ref.var.assignments
    }
    if len(found) != 1:
        return None
    return next(iter(found))


def _returned_field(
    liveness: Liveness, func: Function, expr: tree_sitter.Node, pos: int
) -> FieldRef | None:
    """`x.Snapshot()` whose `pos`-th result is, on every return, a field of its receiver."""
    value = gosyntax.unparen(expr)
    if value is None or value.type != "call_expression":
        return None
    decl = func.resolver.callee(value)
    if decl is None or decl.body is None:
        return None
    callee = liveness.functions.get(decl.node, decl.file)
    found: set[FieldRef] = set()
    for n in gosyntax.walk(decl.body):
        if n.type != "return_statement":
            continue
        results = n.named_children[0].named_children if n.named_children else []
        if pos >= len(results):
            return None
        ref = callee.resolver.ref(results[pos])
        if not isinstance(ref, FieldRef):
            return None
        found.add(ref)
    return next(iter(found)) if len(found) == 1 else None


def _signal_by_close(liveness: Liveness, field: FieldRef) -> bool:
    """SIGNAL_BY_CLOSE: the package closes the field and never sends on it."""
    name = re.escape(field.field.encode())
    sends = re.compile(rb"\." + name + rb"\s*<-")
    closes = re.compile(rb"\bclose\(\s*[\w.]*\." + name + rb"\s*\)")
    closed = False
    for f in liveness.package.files:
        if sends.search(f.data):
            return False
        closed = closed or closes.search(f.data) is not None
    return closed


def _replacement(liveness: Liveness, field: FieldRef, start: Start) -> Replacement | None:
    """A method of the field's type that makes the field anew while an old channel may
    still have a waiter (LIVE_AT_REPLACEMENT), on a path that does not close it first
    (CLOSED_FIRST)."""
    made_by_constructor = False
    methods: list[tuple[Function, tree_sitter.Node]] = []
    for make, f in field_makes(liveness, field.field):
        keyed = gosyntax.keyed_in_literal(make)
        if keyed is not None:
            typ = keyed[1].child_by_field_name("type")
            made_by_constructor |= typ is not None and gosyntax.text(typ) == field.type_name
            continue
        parent = make.parent
        assignment = parent.parent if parent is not None else None
        if assignment is None or assignment.type != "assignment_statement":
            continue
        func_node = gosyntax.enclosing_function(assignment)
        if func_node is None:
            continue
        func = liveness.functions.get(func_node, f)
        left = assignment.child_by_field_name("left")
        target = left.named_children[0] if left is not None and left.named_children else None
        if func.resolver.ref(target) != field:
            continue
        if func_node.type == "method_declaration":
            methods.append((func, assignment))
        else:
            made_by_constructor = True
    for method, assignment in methods:
        if method.cfg is None or not _replaces_unclosed(liveness, method, assignment, field):
            continue
        starts_waiter = start.starter is method or _starts_it_too(liveness, method, start)
        if made_by_constructor and not starts_waiter:
            if _closed_by_every_caller(liveness, method, field):
                continue
            return Replacement(assignment, method, None)
        again = _run_again(liveness, method, field)
        if again is not None:
            return Replacement(assignment, method, again)
    return None


def _starts_it_too(liveness: Liveness, method: Function, start: Start) -> bool:
    """STARTED_BY_THE_REPLACER: the replacing method starts the same goroutine function
    itself (`Connect` makes the field and runs `go o.sweep(o.stop)`): it is how such a
    waiter is started, and the waiter started elsewhere on a constructor's channel (a
    test building the object by hand) is another object's. Run again on a started
    object, it is still reported (`_run_again`)."""
    body = method.node.child_by_field_name("body")
    if body is None or b"go " not in gosyntax.text(body).encode():
        return False
    go_statements = [n for n in gosyntax.walk(body) if n.type == "go_statement"]
    return any(
        other.goroutine is start.goroutine
        for other in started_goroutines(liveness.functions, method.file, go_statements)
    )


def _replaces_unclosed(
    liveness: Liveness, func: Function, target: tree_sitter.Node, field: FieldRef
) -> bool:
    """CLOSED_FIRST and SAVED_BEFORE_REPLACE: is there a path from the function's entry
    to `target` (a statement or call of it) that neither closes the field, nor calls a
    method closing it, nor reads it in a condition, and was the field not read into a
    variable before?"""
    cfg = func.cfg
    assert cfg is not None  # callers checked
    goal = cfg.node_of(target)
    if goal is None:
        return False
    body = func.node.child_by_field_name("body")
    pattern = re.compile(r"\." + re.escape(field.field) + r"\b")
    for sel in gosyntax.walk(body) if body is not None else ():
        if sel.start_byte >= target.start_byte:
            break
        if sel.type == "short_var_declaration" or sel.type == "assignment_statement":
            right = sel.child_by_field_name("right")
            if right is not None and pattern.search(gosyntax.text(right)):
                return False  # SAVED_BEFORE_REPLACE
    closers = set(_closing_names(liveness, field))
    Facts = frozenset[tuple[str, bool]]
    start: tuple[CfgNode, Facts] = (cfg.entry, frozenset())
    stack, seen = [start], {(cfg.entry.id, start[1])}
    while stack:
        n, facts = stack.pop()
        if n is goal:
            return True
        if n is not cfg.entry and _stops_here(n, field, closers, pattern):
            continue
        for s in n.succ:
            after = decided_facts(s, facts)
            if after is not None and (s.id, after) not in seen:
                seen.add((s.id, after))
                stack.append((s, after))
    return False


def decided_facts(
    node: CfgNode, facts: frozenset[tuple[str, bool]]
) -> frozenset[tuple[str, bool]] | None:
    """CORRELATED_BRANCHES: entering an arm of `if c` records which way `c` went; an arm
    of a later `if c` or `if !c` that contradicts it is never taken (None). Trade-off: a
    condition whose operands change in between is taken to decide the same way."""
    if node.arm is None:
        return facts
    cond_node, taken = node.arm
    cond = cond_node.ast.child_by_field_name("condition") if cond_node.ast is not None else None
    if cond is None or cond_node.ast is None or cond_node.ast.child_by_field_name("initializer"):
        return facts
    text = gosyntax.text(cond).replace(" ", "")
    value = taken
    while text.startswith("!"):
        text, value = text[1:], not value
    if (text, not value) in facts:
        return None
    return facts | {(text, value)}


def _closed_by_every_caller(liveness: Liveness, method: Function, field: FieldRef) -> bool:
    """CLOSED_BY_CALLER: a replacing method every call of which, in the package, comes
    after its caller closed the field on every path to the call (`close(b.stopCh)` in
    `SetEnabled(false)` before `b.Flush()`). Trade-off: an exported method may also be
    called from outside the package while the old channel still has waiters; the
    package's own calls are taken to show how it is meant to be used."""
    seen = False
    for call, caller, callee, _f in _method_calls(liveness, method):
        if call is None or caller is None:
            return False
        if callee is not None and callee.node != method.node:
            continue  # another type's method of that name
        if caller.cfg is None or _replaces_unclosed(liveness, caller, call, field):
            return False
        seen = True
    return seen


def _method_calls(
    liveness: Liveness, method: Function
) -> Iterator[tuple[tree_sitter.Node | None, Function | None, Declaration | None, SourceFile]]:
    """(call, its function, the method it resolves to, file) for each `.name(` of the
    package naming `method`; None where the text is not a call inside a function."""
    name = gosyntax.function_name(method.node)
    if not name:
        return
    calls = re.compile(rb"\.\s*" + re.escape(name.encode()) + rb"\(")
    for f in liveness.package.files:
        for m in calls.finditer(f.data):
            call = f.root.descendant_for_byte_range(m.start() + 1, m.end() - 2)
            while call is not None and call.type != "call_expression":
                call = call.parent
            caller_node = gosyntax.enclosing_function(call) if call is not None else None
            if call is None or caller_node is None:
                yield None, None, None, f
                continue
            caller = liveness.functions.get(caller_node, f)
            yield call, caller, caller.resolver.callee(call), f


def _closing_names(liveness: Liveness, field: FieldRef) -> tuple[str, ...]:
    found = closing_methods(liveness, field.type_name, field.field)
    return found[0] if found is not None else ()


def _stops_here(n: CfgNode, field: FieldRef, closers: set[str], pattern: re.Pattern[str]) -> bool:
    for ev in n.events:
        if ev.kind == "close" and ev.ref == field:
            return True
        if ev.kind == "call" and ev.call is not None:
            fn = gosyntax.unparen(ev.call.child_by_field_name("function"))
            if fn is not None and fn.type == "selector_expression":
                name = gosyntax.text(gosyntax.field(fn, "field"))
                operand = gosyntax.unparen(fn.child_by_field_name("operand"))
                # CLOSER_ON_A_VARIABLE: `c.Close()` may be the type's closing method;
                # `c.current().Close()` or `c.conn.Close()` closes something the object
                # holds, not it. Trade-off: a field holding another object of the same
                # type, closed that way, is not seen to close this one's field.
                if name in closers and operand is not None and operand.type == "identifier":
                    return True
    if n.kind == "cond" and n.ast is not None:
        cond = n.ast.child_by_field_name("condition") or n.ast.child_by_field_name("value")
        if cond is not None and pattern.search(gosyntax.text(cond)):
            return True
    return False


def _run_again(
    liveness: Liveness, method: Function, field: FieldRef
) -> tuple[tree_sitter.Node, str, SourceFile] | None:
    """How `method` runs again on an object a constructor (a function that is not a
    method) already ran it on: (the call in another method of the type that does not
    close the field before it, "method"), or, for an exported method, (the
    constructor's call, "exported"): its callers run it again on a started object."""
    name = gosyntax.function_name(method.node)
    if not name:
        return None
    from_constructor = False
    again: tuple[tree_sitter.Node, str, SourceFile] | None = None
    first: tuple[tree_sitter.Node, str, SourceFile] | None = None
    for call, caller, callee, f in _method_calls(liveness, method):
        if call is None or caller is None or caller.node == method.node:
            continue
        if callee is None or callee.node != method.node:
            continue
        caller_node = caller.node
        if caller_node.type == "function_declaration":
            from_constructor = True
            first = first or (call, "exported", f)
        elif (
            caller_node.type == "method_declaration"
            and again is None
            and receiver_type_name(caller_node) == field.type_name
            and (gosyntax.function_name(caller_node) or "").lower() not in LIFECYCLE_NAMES
            and caller.cfg is not None
            and _replaces_unclosed(liveness, caller, call, field)
        ):
            again = (call, "method", f)
    if not from_constructor:
        return None
    if again is not None:
        return again
    if name[:1].isupper() and name.lower() not in LIFECYCLE_NAMES:
        return first  # callers outside run it again on a started object
    return None
