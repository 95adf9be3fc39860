"""A condition's waiters, and a method that changes what they wait for without waking them.

    for len(q.items) == 0 && !q.closed {
        q.ready.Wait()
    }
    ...
    func (q *Queue) Close() {
        q.mu.Lock()
        q.closed = true      // no q.ready.Broadcast(): the waiters sleep on
        q.mu.Unlock()
    }

A `Wait` in a loop re-checks its condition only when something wakes it. A method
that sets a flag the loop's condition reads, and neither signals nor broadcasts the
condition, leaves every goroutine already waiting asleep for good: the change they
wait for happened, and nobody told them.

Guards, each a trade-off:
- FLAG_SET: only an assignment to a flag of the receiver that the waiting loop's
  condition reads, of the value that ends the wait (`q.closed = true` for a loop on
  `!q.closed`): a flag set to end a wait. Setting it the other way, or other writes
  (`q.items = q.items[1:]`), only make the wait longer, which needs no wake-up.
  NIL_FLAG: a field compared with `nil` is a flag too: `for ... && p.err == nil` ends
  when any value but `nil` is stored (`p.err = ErrClosed`), `p.next != nil` when `nil`
  is. RECORDED_ERROR: `if err != nil { c.err = err }` keeps the outcome of the
  method's own call, not a stop meant for the waiters, and is not judged.
- SIGNALLED_ANYWHERE_IN_METHOD: a method that calls `Signal` or `Broadcast` on the
  condition anywhere, or calls another method of the type that does, is trusted.
- The condition is a field of the receiver's type (`q.ready`), so its signals can be
  looked for by name in the package.

A method that sets such a flag and wakes the waiters with one `Signal` wakes one of
them: when the package starts several goroutines that wait in that loop on the same
object (`for i := 0; i < n; i++ { go f.worker() }`), the others sleep on (`lone_signals`).
Guards, each a trade-off:
- FLAG_SET, as above, and TERMINAL_FLAG: nothing in the package sets the flag back
  (`q.closed = false`): once set, no later change will come to wake the rest. A flag
  that goes back and forth (`paused`) is left alone, though a lost wake-up there is a
  bug too.
- SIGNAL_PER_WAITER: a `Signal` inside a loop (one per waiter) wakes them all.
- RELAYED: a waiter that passes the wake-up on (the waiting method, or a function on
  the way from the goroutine's start to it, signals or broadcasts the condition itself)
  wakes the next one. Any such call counts, whatever its reason.
- SEVERAL_WAITERS: the package starts goroutines that reach the waiting method on one
  object (`call_chains`: SAME_GOROUTINE, SAME_OBJECT): a `go` in a loop, the object
  declared outside it (`go f.worker()` with `f` made before the loop; not `for _, f :=
  range farms`), or two `go` statements on the same variable; or PER_CALL_WAITER, an
  exported method starting it on its own receiver (`go c.holdAtGate(gate)` in
  `HandleArrival`), once per call, unless named like a lifecycle step (`Start`,
  `Run`) that runs once. Waiters that callers outside the package start (an exported
  `Pop`) are not counted. WAITER_IN_AN_ENTRY: the goroutines reach the waiting method
  on an entry of a map or slice field of the object (`silo := l.silos[b.Kind];
  silo.Draw(kg)`): several of them may pick the same entry, unless the key is what
  each `go` statement handed its goroutine (`go s.tend(i)`, then `s.kilns[i]`).

A method that changes what the loop tests (`q.inFlight--`), then wakes the waiters on
one path and lets the lock go without waking them on another (an error's `continue`),
loses the wake-up on that path (`skipped_wakeups`: WOKEN_ON_ONE_PATH, DATA_BRANCH).
So does one that records an outcome in a map the waiters read on each of two paths and
wakes them after one only (OUTCOME_ON_EACH_BRANCH); a loop whose condition is a local is
judged on the fields behind that local (CONDITION_IN_A_LOCAL). A condition kept in each
entry of a field (`l := s.lines[k]; l.cond.Wait()`) is judged the same way against the
wake-ups of the field's entries (ENTRY_CONDITION, `entry_conditions`).

A stopping method that sets a flag and broadcasts, while a wait loop on the condition
does not test that flag, wakes the waiter for nothing (`unheeded_stops`: UNHEEDED_STOP,
REFUSED_AFTER_STOP). So does one whose loop waits while `!x.helper()`, a method that
answers false whenever the flag is set and is never cleared (SAYS_WAIT_ONCE_SET): then
nothing else need refuse, the loop can never end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.call_chains import (
    Handle,
    Reached,
    carried,
    denotes,
    handle_of,
    method_call_on,
    own_calls,
    reached_calls,
    reassigned,
)
from goleash.analysis.cfg import END, RETURN
from goleash.analysis.conds import woken_through_a_local
from goleash.analysis.entry_conditions import (
    EntryWait,
    entry_waits,
    is_an_entry,
    taken_from_an_entry,
    wakes_an_entry,
    wakes_every_entry,
    waking_loop,
)
from goleash.analysis.functions import Function, Functions
from goleash.analysis.index import receiver_type_name
from goleash.analysis.values import VarRef, base_type_name, collection_element_type

if TYPE_CHECKING:
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.package import Declaration, Package
    from goleash.analysis.scopes import Var
    from goleash.source import SourceFile


@dataclass(frozen=True)
class MissedWakeup:
    wait: Node  # the `q.ready.Wait()` call
    cond: str  # `q.ready`, as the waiter names it
    broadcast: str  # `q.ready.Broadcast()`, as the setting method names it
    flag: str  # `q.closed`
    setter: Node  # the assignment statement that sets the flag
    setter_method: Node  # its method declaration
    setter_file: SourceFile


def missed_wakeups(file: SourceFile, package: Package, waits: Iterable[Node]) -> list[MissedWakeup]:
    out: list[MissedWakeup] = []
    waits = list(waits)
    for call, cond_field, method, recv, type_name, flags in _flag_waits(waits):
        for f, m in _unwaking_methods(package, type_name, method, cond_field, "Signal|Broadcast"):
            setter = _flag_set(m, flags)
            if setter is not None and _set_only_when_none_wait(m, setter[0], call, method, flags):
                continue
            if setter is not None:
                stmt, flag = setter
                broadcast = f"{gosyntax.receiver_text(m)}.{cond_field}.Broadcast()"
                out.append(MissedWakeup(call, f"{recv}.{cond_field}", broadcast, flag, stmt, m, f))
                break
    out.extend(_missed_entry_wakeups(package, waits))
    out.extend(_missed_entry_flag_wakeups(package, waits))
    return out


def _missed_entry_flag_wakeups(package: Package, waits: Iterable[Node]) -> list[MissedWakeup]:
    """ENTRY_FLAG: FLAG_SET for a flag kept in an entry of a field of the receiver, the
    condition on the receiver: `e, ok := r.runners[cloth]` then `for e.status == Running
    { r.cond.Wait() }`, and a method that sets `e.status = PulledUp` on an entry of the
    same field (taken the same way, walked, or indexed) with no wake-up (nor a call of a
    method that makes one). A state compared with a name (ENTRY_STATE: `e.status ==
    Running` waits until any other value is stored; `!= Done` until `Done` is) counts
    as a flag, when the comparison is a conjunct of the loop's condition. Trade-off: a
    method that moves an entry to another state while no one can wait on it (a reset
    before the start) is reported too."""
    out: list[MissedWakeup] = []
    for call, cond_field, method, recv, type_name, condition in wait_loops(waits):
        if condition is None:
            continue
        for local, holder in _entry_locals(condition, method, recv):
            flags = flags_read(condition, local) | _state_tests(condition, local)
            if not flags:
                continue
            found = next(
                (
                    (f, m, setter)
                    for f, m in _unwaking_methods(
                        package, type_name, method, cond_field, "Signal|Broadcast"
                    )
                    for setter in [_entry_flag_set(m, holder, flags)]
                    if setter is not None
                ),
                None,
            )
            if found is not None:
                f, m, (stmt, flag) = found
                broadcast = f"{gosyntax.receiver_text(m)}.{cond_field}.Broadcast()"
                out.append(MissedWakeup(call, f"{recv}.{cond_field}", broadcast, flag, stmt, m, f))
                break
    return out


def _entry_locals(condition: Node, method: Node, recv: str) -> Iterator[tuple[str, str]]:
    """(the local, the receiver's field) for each local the condition reads a field of
    that the method takes from an entry of a field of its receiver (`e := r.runners[k]`)."""
    seen: set[str] = set()
    for n in [condition, *gosyntax.walk(condition)]:
        operand = n.child_by_field_name("operand") if n.type == "selector_expression" else None
        if operand is None or operand.type != "identifier":
            continue
        name = gosyntax.text(operand)
        if name == recv or name in seen:
            continue
        seen.add(name)
        holder = taken_from_an_entry(name, method, recv)
        if holder is not None:
            yield name, holder


# ENTRY_STATE: the value that ends a wait on `e.status == Running` is any other one
# (`!=Running`); on `e.status != Done`, `Done` itself (`==Done`).
_OTHER_THAN, _EQUAL_TO = "!=", "=="


def _state_tests(condition: Node, name: str) -> dict[str, str]:
    """ENTRY_STATE: the fields of `name` the condition compares with a name (`e.status ==
    Running`) as a conjunct, with the value that ends the wait."""
    out: dict[str, str] = {}
    terms = gosyntax.conjuncts(condition)
    for n, field in _receiver_fields(condition, name):
        parent, _child = gosyntax.parent_skipping_parens(n)
        if parent is None or parent.type != "binary_expression":
            continue
        op = gosyntax.text(gosyntax.field(parent, "operator"))
        left, right = parent.child_by_field_name("left"), parent.child_by_field_name("right")
        other = gosyntax.unparen(right if left == n else left)
        if op not in ("==", "!=") or other is None:
            continue
        if other.type not in ("identifier", "selector_expression") or parent not in terms:
            continue
        out[field] = (_OTHER_THAN if op == "==" else _EQUAL_TO) + gosyntax.text(other)
    return out


def _entry_flag_set(method: Node, holder: str, flags: dict[str, str]) -> tuple[Node, str] | None:
    """ENTRY_FLAG: (the statement, `e.status`) of the method's first assignment to a flag
    of an entry of the receiver's `holder` field with a value that ends the wait."""
    body = method.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        pair = gosyntax.sole_assignment(n) if n.type == "assignment_statement" else None
        target = gosyntax.unparen(pair[0]) if pair is not None else None
        if pair is None or target is None or target.type != "selector_expression":
            continue
        field = gosyntax.text(gosyntax.field(target, "field"))
        if not ends_the_wait(flags.get(field), gosyntax.unparen(pair[1]) or pair[1]):
            continue
        if is_an_entry(target.child_by_field_name("operand"), n, method, holder):
            return n, gosyntax.text(target)
    return None


def _set_only_when_none_wait(
    setter_method: Node, setter: Node, wait: Node, waiter: Node, flags: dict[str, str]
) -> bool:
    """SET_ONLY_WHEN_NONE_WAIT: the setting method returns before the set when a field
    that the waiting loop reads before its `Wait` says some are in use (`if
    len(cc.streams) > 0 { return }` ahead of `cc.closed = true`, while the waiter waits
    only once `len(cc.streams)` reaches its limit): the flag is set only when no one can
    be waiting (x/net's `closeIfIdle`). Trade-off: a test of such a field that does not
    in fact rule the waiters out spares the method too."""
    loop = _waiting_loop(wait, waiter)
    recv = gosyntax.receiver_text(waiter)
    setter_recv = gosyntax.receiver_text(setter_method)
    body = setter_method.child_by_field_name("body")
    if loop is None or recv is None or setter_recv is None or body is None:
        return False
    waited_on = {
        field
        for n in gosyntax.walk(loop)
        if n.start_byte < wait.start_byte and n.type in ("if_statement", "for_statement")
        for field in (f for _sel, f in _receiver_fields(n.child_by_field_name("condition"), recv))
    } | {f for _sel, f in _receiver_fields(loop_condition(loop), recv)}
    waited_on -= set(flags)
    for stmt in gosyntax.statements(body):
        if stmt.start_byte >= setter.start_byte:
            break
        consequence = (
            stmt.child_by_field_name("consequence") if stmt.type == "if_statement" else None
        )
        leaves = gosyntax.statements(consequence) if consequence is not None else []
        if not leaves or leaves[-1].type != "return_statement":
            continue
        tested = {
            f for _sel, f in _receiver_fields(stmt.child_by_field_name("condition"), setter_recv)
        }
        if tested & waited_on:
            return True
    return False


def _missed_entry_wakeups(package: Package, waits: Iterable[Node]) -> list[MissedWakeup]:
    """FLAG_SET for a condition kept in each entry of a field (ENTRY_CONDITION,
    `entry_conditions`): `l.cond.Wait()` on `l := s.lines[k]` in a loop on `!s.closed`,
    and a method that sets `s.closed = true` with no wake-up of any entry's condition
    (nor a call of a method of the type that makes one). The wake-up offered is a loop
    over the field's entries."""
    out: list[MissedWakeup] = []
    for wait in entry_waits(waits):
        flags = flags_read(loop_condition(wait.loop), wait.recv)
        if not flags:
            continue
        wakers = waking_methods(package, wait.type_name, wait.cond_field)
        for f, m in package.methods_of_type(wait.type_name):
            if m == wait.method or gosyntax.function_name(m) in wakers or _calls_any(m, wakers):
                continue
            setter = _flag_set(m, flags)
            if setter is None:
                continue
            stmt, flag = setter
            r = gosyntax.receiver_text(m)
            broadcast = (
                f"for _, entry := range {r}.{wait.holder} {{\n"
                f"\tentry.{wait.cond_field}.Broadcast()\n}}"
            )
            out.append(MissedWakeup(wait.call, wait.cond, broadcast, flag, stmt, m, f))
            break
    return out


def _flag_waits(
    waits: Iterable[Node],
) -> Iterator[tuple[Node, str, Node, str, str, dict[str, str]]]:
    """(the `Wait`, the condition's field, the waiting method, its receiver, its type, the
    receiver's flags the waiting loop's condition reads with the value that ends the
    wait) for each `recv.cond.Wait()` of a method that re-checks such flags in a loop."""
    for call, cond_field, method, recv, type_name, condition in wait_loops(waits):
        loop = _waiting_loop(call, method) if condition is None else None
        flags = leaving_flags(loop, recv) if loop is not None else flags_read(condition, recv)
        if flags:
            yield call, cond_field, method, recv, type_name, flags


def wait_loops(
    waits: Iterable[Node], in_literals: bool = False
) -> Iterator[tuple[Node, str, Node, str, str, Node | None]]:
    """(the `Wait`, the condition's field, the waiting method, its receiver, its type, the
    condition its loop re-checks) for each `recv.cond.Wait()` in a loop of a method. With
    `in_literals`, also one in a function literal of the method on the receiver it
    captures (CAPTURED_RECEIVER: `go func() { for ... { m.cond.Wait() } }()` in `Watch`)."""
    for call in waits:
        found = _waiting_method(call, in_literals)
        if found is None:
            continue
        cond_field, method, recv, type_name = found
        loop = _waiting_loop(call, method)
        if loop is not None:
            condition = loop_condition(loop)
            yield call, cond_field, method, recv, type_name, condition


def _unwaking_methods(
    package: Package, type_name: str, waiter: Node, cond_field: str, wakes: str
) -> Iterator[tuple[SourceFile, Node]]:
    """The methods of the type but the waiting one that neither call `wakes` (`Signal|Broadcast`,
    or `Broadcast`) on the condition nor call a method that does
    (SIGNALLED_ANYWHERE_IN_METHOD)."""
    wakers = waking_methods(package, type_name, cond_field, wakes)
    for f, m in package.methods_of_type(type_name):
        if m != waiter and gosyntax.function_name(m) not in wakers and not _calls_any(m, wakers):
            yield f, m


def _waiting_loop(call: Node, method: Node) -> Node | None:
    """The `for` whose condition the `Wait` re-checks: the nearest loop around it."""
    for a in gosyntax.ancestors(call, method):
        if a.type in gosyntax.FUNCTION_TYPES:
            return None
        if a.type == "for_statement":
            return a
    return None


def _exit_test(wait: Node, method: Node) -> Node | None:
    """EXIT_TEST_IN_THE_BODY: for a `for {` loop around the `Wait`, the first `if` of its
    body, before the `Wait`, whose branch leaves the loop (`if _, ok := s.holds[h]; !ok {
    return }`): what the loop re-checks on each wake-up (blind dev p554). Trade-off:
    later tests that also leave are not read."""
    loop = _waiting_loop(wait, method)
    if loop is None or loop_condition(loop) is not None:
        return None
    body = loop.child_by_field_name("body")
    if body is None:
        return None
    for stmt in gosyntax.statements(body):
        if stmt.start_byte >= wait.start_byte:
            return None
        if stmt.type != "if_statement":
            continue
        branch = gosyntax.statements(stmt.child_by_field_name("consequence"))
        if branch and branch[-1].type in ("return_statement", "break_statement"):
            return stmt
    return None


def leaving_flags(loop: Node, name: str) -> dict[str, str]:
    """LEAVING_FLAGS: for a `for {` loop, the flags of `name` whose value makes one of the
    first `if`s of its body leave the loop (`if ... || st.cancelled { break }` leaves
    once `cancelled` is true): the opposite of what a loop condition reading them waits
    on. Trade-off: the `if`s after the first statement that is neither an `if`, an
    expression nor an assignment are not read, nor an exit test that needs another
    conjunct too (`if q.closed && len(q.items) == 0`)."""
    body = loop.child_by_field_name("body")
    out: dict[str, str] = {}
    for stmt in gosyntax.statements(body) if body is not None else ():
        if stmt.type != "if_statement":
            if stmt.type in (
                "expression_statement",
                "short_var_declaration",
                "assignment_statement",
            ):
                continue
            break
        consequence = stmt.child_by_field_name("consequence")
        leaves = (
            [
                s
                for s in gosyntax.statements(consequence)
                if s.type in ("break_statement", "return_statement")
            ]
            if consequence is not None
            else []
        )
        condition = stmt.child_by_field_name("condition")
        if not leaves or condition is None or b"&&" in (condition.text or b""):
            continue
        for flag, ends in flags_read(condition, name).items():
            if ends in ("true", "false"):
                out[flag] = "false" if ends == "true" else "true"
    return out


def loop_condition(loop: Node) -> Node | None:
    """The condition a `for` re-checks (`for cond {`, or a clause's), None for `for {`
    and a range."""
    found = loop.child_by_field_name("condition")
    if found is not None:
        return found
    for c in loop.named_children:
        if c.type == "for_clause":
            return c.child_by_field_name("condition")
        if c.type not in ("block", "comment", "range_clause"):
            return c  # `for cond {`: the condition is the loop's first child
    return None


# NIL_FLAG: the value that ends a wait on `x.f == nil`: anything but `nil`.
NON_NIL = "non-nil"


def ends_the_wait(ends: str | None, value: Node) -> bool:
    """Does assigning `value` to a flag whose wait `ends` (FLAG_SET) end the wait?"""
    if ends == NON_NIL:
        return value.type not in ("nil", "true", "false") and not _recorded_error(value)
    if ends is not None and ends.startswith(_OTHER_THAN):
        return gosyntax.text(value) != ends[2:]
    if ends is not None and ends.startswith(_EQUAL_TO):
        return gosyntax.text(value) == ends[2:]
    return ends is not None and value.type == ends


def _recorded_error(value: Node) -> bool:
    """RECORDED_ERROR: `if err != nil { c.err = err }` keeps the outcome of the method's
    own call (a failed `Wait` after the reader is gone, a failed cleanup), not a stop
    meant for the waiters: the value is a variable the enclosing `if` tests. Trade-off: a
    lost wake-up in such a method is missed; a field set from a parameter (`Fail(err)`)
    or a sentinel (`p.err = ErrClosed`) is still judged."""
    if value.type != "identifier":
        return False
    name = gosyntax.text(value)
    for a in gosyntax.ancestors(value):
        if a.type in gosyntax.FUNCTION_TYPES:
            return False
        if a.type == "if_statement":
            condition = a.child_by_field_name("condition")
            if condition is not None and any(
                n.type == "identifier" and gosyntax.text(n) == name
                for n in [condition, *gosyntax.walk(condition)]
            ):
                return True
    return False


def flags_read(cond: Node | None, recv: str) -> dict[str, str]:
    """Flags of the receiver the loop's condition reads, with the value that ends the wait:
    `!q.closed` waits while it is false, so setting it to "true" must wake the waiters;
    a bare `q.running` waits while it is true ("false" ends it)."""
    out: dict[str, str] = {}
    for n, field in _receiver_fields(cond, recv):
        parent = n.parent
        while parent is not None and parent.type == "parenthesized_expression":
            parent = parent.parent
        if parent is not None and parent.type == "argument_list":
            continue  # `len(q.items)`: a value handed to a call, not a flag
        ends = "false"
        if (
            parent is not None
            and parent.type == "unary_expression"
            and gosyntax.text(gosyntax.field(parent, "operator")) == "!"
        ):
            ends = "true"
        elif parent is not None and parent.type == "binary_expression":
            op = gosyntax.text(gosyntax.field(parent, "operator"))
            other = (
                parent.child_by_field_name("right")
                if parent.child_by_field_name("left") == n
                else parent.child_by_field_name("left")
            )
            literal = other.type if other is not None else ""
            if op in ("==", "!=") and literal in ("true", "false"):
                waits_while = literal if op == "==" else ("false" if literal == "true" else "true")
                ends = "false" if waits_while == "true" else "true"
            elif op in ("==", "!=") and literal == "nil":
                # NIL_FLAG: `p.err == nil` waits until an error is stored; `p.next != nil`
                # until it is cleared.
                ends = NON_NIL if op == "==" else "nil"
            elif op not in ("&&", "||"):
                continue  # a number or a comparison with something else: not a flag
        if parent is not None and parent.type == "unary_expression":
            parent = parent.parent
        elif parent is not None and parent.type == "binary_expression":
            operator = parent.child_by_field_name("operator")
            if operator is not None and gosyntax.text(operator) in ("==", "!="):
                parent = parent.parent
        assert cond is not None  # the walk is over it
        out[field] = _negated(ends, parent, cond)
    return out


def _negated(ends: str, above: Node | None, cond: Node) -> str:
    """NEGATED_GROUP: the value that ends the wait, turned by each `!` between the flag's
    test and the whole condition (`!(q.closed && len(q.items) == 0)` waits until
    `closed` is true)."""
    flip = {"true": "false", "false": "true", NON_NIL: "nil", "nil": NON_NIL}
    while (
        above is not None
        and cond.start_byte <= above.start_byte
        and above.end_byte <= cond.end_byte
    ):
        if (
            above.type == "unary_expression"
            and gosyntax.text(gosyntax.field(above, "operator")) == "!"
        ):
            ends = flip.get(ends, ends)
        if above == cond:
            break
        above = above.parent
    return ends


def _calls_any(method: Node, names: set[str | None]) -> bool:
    recv = gosyntax.receiver_text(method)
    if not recv or not names:
        return False
    pattern = re.compile(
        rb"\b"
        + re.escape(recv.encode())
        + rb"\.("
        + b"|".join(re.escape(n.encode()) for n in names if n)
        + rb")\("
    )
    return bool(pattern.search(method.text or b""))


def _flag_set(method: Node, flags: dict[str, str]) -> tuple[Node, str] | None:
    """FLAG_SET: (the statement, `q.closed`) of the method's first assignment to a flag of
    the value that ends the wait."""
    recv = gosyntax.receiver_text(method)
    body = method.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None and recv else ():
        if n.type != "assignment_statement":
            continue
        left = gosyntax.field(n, "left").named_children
        right = gosyntax.field(n, "right").named_children
        if len(left) != 1 or len(right) != 1:
            continue
        target = left[0]
        if target.type != "selector_expression":
            continue
        operand = target.child_by_field_name("operand")
        field = gosyntax.text(gosyntax.field(target, "field"))
        if (
            operand is not None
            and gosyntax.text(operand) == recv
            and ends_the_wait(flags.get(field), right[0])
        ):
            return n, f"{recv}.{field}"
    return None


@dataclass(frozen=True)
class LoneSignal:
    wait: Node  # the `f.cond.Wait()` call
    cond: str  # `f.cond`, as the waiter names it
    flag: str  # `f.closed`, as the setting method names it
    setter: Node  # the flag's assignment
    setter_method: Node  # its method declaration
    signal: Node  # the setter's `Signal()` call
    setter_file: SourceFile
    start: Node  # a `go` statement starting one of the waiters
    start_file: SourceFile
    every_wait_loops: bool  # every `Wait` on the condition re-checks in a loop


def lone_signals(file: SourceFile, functions: Functions, waits: Iterable[Node]) -> list[LoneSignal]:
    """Flag-ending waits that one `Signal` ends for a single waiter of several."""
    package = functions.package
    out: list[LoneSignal] = []
    for call, cond_field, method, recv, type_name, flags in _flag_waits(waits):
        wakes = re.compile(rb"\." + re.escape(cond_field.encode()) + rb"\.(Signal|Broadcast)\(")
        if _relays_on_the_way_out(method, call, wakes):
            continue  # RELAYED: the waiter itself passes the wake-up on
        for f, m in _unwaking_methods(package, type_name, method, cond_field, "Broadcast"):
            signal = _lone_signal(m, cond_field)
            setter = _flag_set(m, flags) if signal is not None else None
            if signal is None or setter is None or not _terminal(setter[1], flags, package.files):
                continue
            start = _several_waiters(functions, method, cond_field, wakes)
            if start is None:
                break
            out.append(
                LoneSignal(
                    call,
                    f"{recv}.{cond_field}",
                    setter[1],
                    setter[0],
                    m,
                    signal,
                    f,
                    start[0],
                    start[1],
                    _every_wait_loops(cond_field, package.files),
                )
            )
            break
    return out


def _relays_on_the_way_out(method: Node, wait: Node, wakes: re.Pattern[bytes]) -> bool:
    """RELAYED, in the waiting method: does it pass the wake-up on when the flag ends its
    wait? RELAYED_ON_THE_WAY_OUT: a wake-up counts when it is deferred, or when it comes
    ahead of each way out of the wait: a `return` inside the waiting loop, and the first
    `return` after it. A wake-up only on the path that goes on working (`if len(s.queue)
    > 0 { s.work.Signal() }` after a task) passes nothing to the waiters a close leaves
    asleep. Trade-off: read from the statements, not the paths: a way out that is no
    `return` (the end of the method, a `break` of an outer loop) is not looked for, and
    then any wake-up in the method counts, as before."""
    if not wakes.search(method.text or b""):
        return False
    body = method.child_by_field_name("body")
    loop = _waiting_loop(wait, method)
    if body is None or loop is None:
        return True
    returns = [n for n in gosyntax.walk(body) if n.type == "return_statement"]
    exits = [r for r in returns if gosyntax.is_within(r, loop)]
    after = [r for r in returns if r.start_byte >= loop.end_byte]
    exits += after[:1]
    if not exits or any(
        n.type == "defer_statement" and wakes.search(n.text or b"") for n in gosyntax.walk(body)
    ):
        return True
    return all(_woken_ahead_of(r, loop, method, wakes) for r in exits)


def _woken_ahead_of(ret: Node, loop: Node, method: Node, wakes: re.Pattern[bytes]) -> bool:
    """Is a wake-up among the statements on the way to `ret`: inside the waiting loop for a
    `return` in it, after the loop for one that follows it?"""
    inside = gosyntax.is_within(ret, loop)
    return any(
        (inside or stmt.start_byte >= loop.end_byte) and wakes.search(stmt.text or b"")
        for stmt in gosyntax.statements_before(ret, loop if inside else method)
    )


def _waiting_method(call: Node, in_literals: bool = False) -> tuple[str, Node, str, str] | None:
    """(the condition's field, the method, its receiver, its type) for `recv.cond.Wait()`
    in a method of the receiver's type (or, `in_literals`, in a literal of such a method)."""
    fn = call.child_by_field_name("function")
    cond = fn.child_by_field_name("operand") if fn is not None else None
    if cond is None or cond.type != "selector_expression":
        return None
    base = cond.child_by_field_name("operand")
    method = gosyntax.enclosing_function(call)
    while in_literals and method is not None and method.type == "func_literal":
        method = gosyntax.enclosing_function(method)
    if (
        base is None
        or base.type != "identifier"
        or method is None
        or method.type != "method_declaration"
    ):
        return None
    recv = gosyntax.receiver_text(method)
    type_name = receiver_type_name(method)
    if recv != gosyntax.text(base) or recv is None or type_name is None:
        return None
    return gosyntax.text(gosyntax.field(cond, "field")), method, recv, type_name


def _lone_signal(method: Node, cond_field: str) -> Node | None:
    """The method's `recv.cond.Signal()`, when it has one and it is not in a loop
    (SIGNAL_PER_WAITER)."""
    recv = gosyntax.receiver_text(method)
    found = None
    for call in own_calls(method):
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "selector_expression" or gosyntax.call_arguments(call):
            continue
        operand = fn.child_by_field_name("operand")
        if (
            gosyntax.text(gosyntax.field(fn, "field")) != "Signal"
            or operand is None
            or gosyntax.text(operand) != f"{recv}.{cond_field}"
        ):
            continue
        if gosyntax.loops_between(call, method):
            return None
        found = found or call
    return found


def _terminal(flag: str, flags: dict[str, str], files: list[SourceFile]) -> bool:
    """TERMINAL_FLAG: nothing in the package sets the flag back to the value that waits."""
    field = flag.split(".")[-1]
    ends = flags.get(field)
    if ends == "nil":
        return False  # set back to any value: not told apart by its text
    back = {"true": "false", NON_NIL: "nil"}.get(ends or "", "true")
    reset = re.compile(rb"\." + re.escape(field.encode()) + rb"\s*=\s*" + back.encode() + rb"\b")
    return not any(reset.search(f.data) for f in files)


def _every_wait_loops(cond_field: str, files: list[SourceFile]) -> bool:
    """Does every `Wait` on a condition of that field name sit in a `for` of its function?"""
    pattern = re.compile(rb"\." + re.escape(cond_field.encode()) + rb"\.Wait\(\)")
    for f in files:
        for m in pattern.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start() + 1, m.start() + 2)
            func = gosyntax.enclosing_function(node) if node is not None else None
            if node is None or func is None or not gosyntax.loops_between(node, func):
                return False
    return True


def _several_waiters(
    functions: Functions, method: Node, cond_field: str, wakes: re.Pattern[bytes]
) -> tuple[Node, SourceFile] | None:
    """SEVERAL_WAITERS: a `go` statement of the package (in a loop, on an object declared
    outside it; or one of two on the same variable) whose goroutine reaches the waiting
    method on that object without signalling the condition on the way (RELAYED)."""
    per_variable: dict[tuple[str, int, int], list[Node]] = {}
    for f in functions.package.files:
        if b"go " not in f.data:
            continue
        for stmt in gosyntax.walk(f.root, skip_functions=False):
            if stmt.type != "go_statement" or not stmt.named_children:
                continue
            call = stmt.named_children[0]
            starter = functions.enclosing(stmt, f)
            started = functions.callee(call, starter) if starter is not None else None
            if call.type != "call_expression" or starter is None or started is None:
                continue
            for var in _objects_of(call, starter, started):
                if not any(
                    h is not None and _reaches_waiter(functions, started, h, method, wakes, entries)
                    for h, entries in (
                        (carried(handle, call, starter, started), entries)
                        for handle, entries in _handles(
                            functions.package, var, cond_field, method, starter
                        )
                    )
                ):
                    continue
                loops = gosyntax.loops_between(stmt, starter.node)
                # the innermost loop around the `go` runs it more than once per object
                # declared outside it (`for _, l := range lehrs { for n := range k { go
                # l.run(n) } }`: several per `l`)
                if loops and not gosyntax.is_within(var.ident, loops[0]):
                    return stmt, f
                if _started_per_call(starter, var):
                    return stmt, f
                key = (f.path, starter.node.start_byte, var.ident.start_byte)
                per_variable.setdefault(key, []).append(stmt)
                if len(per_variable[key]) > 1:
                    return stmt, f
    return None


# Methods a caller runs once in an object's life: a goroutine each starts is one.
_LIFECYCLE = re.compile(r"^(?:Start|Run|Serve|Open|Init|Listen|Launch|Begin|Connect|Boot)\w*$")


def _started_per_call(starter: Function, var: Var) -> bool:
    """PER_CALL_WAITER: an exported method of the type starts the waiter on its own
    receiver (`go c.holdAtGate(gate)` in `HandleArrival`): each call its callers make
    on the object starts one more. A lifecycle method (`Start`, `Run`, ...) is taken to
    run once, and is not counted."""
    name = gosyntax.function_name(starter.node) or ""
    return (
        starter.node.type == "method_declaration"
        and var.kind == "receiver"
        and name[:1].isupper()
        and _LIFECYCLE.match(name) is None
    )


def _objects_of(call: Node, starter: Function, started: Function) -> list[Var]:
    """The variables of the starter a `go` statement's call may hand its goroutine: the
    method's operand and the arguments, or, for a literal, what it calls methods on."""
    exprs: list[Node | None] = []
    if started.node.type == "func_literal":
        for inner in own_calls(started.node):
            fn = inner.child_by_field_name("function")
            if fn is not None and fn.type == "selector_expression":
                exprs.append(fn.child_by_field_name("operand"))
    else:
        fn = call.child_by_field_name("function")
        if fn is not None and fn.type == "selector_expression":
            exprs.append(fn.child_by_field_name("operand"))
        exprs.extend(gosyntax.call_arguments(call))
    out: list[Var] = []
    for e in exprs:
        ref = starter.resolver.ref(e)
        if isinstance(ref, VarRef) and ref.var not in out:
            out.append(ref.var)
    return out


def _handles(
    package: Package, var: Var, cond_field: str, method: Node, starter: Function | None = None
) -> Iterator[tuple[Handle, bool]]:
    """The handles a goroutine may reach the waiting method through, each with whether
    the waiter is an entry of it: the object itself (`go f.worker()`), a field of it
    holding the waiting type (`go c.runWorker()` then `c.queue.get()`: HELD_IN_A_FIELD,
    the field a pointer, so every copy shares it), or a map or slice field whose entries
    are (WAITER_IN_AN_ENTRY). The holder's type is its declared one, or what the starter
    made it from (`p := &Pressroom{...}`)."""
    yield Handle(var, cond_field), False
    waiting_type = receiver_type_name(method)
    holder = base_type_name(var.type_node) or (
        starter.resolver.var_type(var) if starter is not None else None
    )
    found = package.fields_of(holder) if holder is not None else None
    for name, typ in (found[0] if found is not None else {}).items():
        if typ is not None and typ.type == "pointer_type" and base_type_name(typ) == waiting_type:
            yield Handle(var, name, shared=True), False
        entry = collection_element_type(typ, "value")
        if entry is not None and entry.type == "pointer_type":
            if base_type_name(entry) == waiting_type:
                yield Handle(var, name, shared=True), True


def _reaches_waiter(
    functions: Functions,
    started: Function,
    h: Handle,
    method: Node,
    wakes: re.Pattern[bytes],
    entries: bool = False,
) -> bool:
    """Does the goroutine run the waiting method on the object (or, with `entries`, on an
    entry of the handle's field that the goroutine does not pick by what its `go`
    statement hands it: WAITER_IN_AN_ENTRY), with no function on the way signalling the
    condition (RELAYED)?"""
    if started.node == method and not entries:
        return True
    for r in reached_calls(functions, started, h):
        fn = r.call.child_by_field_name("function")
        operand = fn.child_by_field_name("operand") if fn is not None else None
        if entries:
            key = _entry_key(operand, r.handle, r.func)
            if key is None or _picked_by_its_start(key, r):
                continue
        elif not method_call_on(r.call, r.handle, r.func) and not (
            r.handle.field is not None and r.handle.shared and denotes(operand, r.handle, r.func)
        ):
            continue
        callee = functions.callee(r.call, r.func)
        if callee is None or callee.node != method:
            continue
        on_the_way = [s.caller for s in r.chain] + [r.func]
        return not any(wakes.search(fn.node.text or b"") for fn in on_the_way)
    return False


def _entry_key(operand: Node | None, h: Handle, func: Function) -> Node | None:
    """WAITER_IN_AN_ENTRY: the key when `operand` is an entry of the handle's field: the
    entry itself (`l.silos[k].Draw()`) or a local set from it once (`silo := l.silos[k]`,
    `silo, ok := l.silos[k]`)."""
    operand = gosyntax.unparen(operand)
    if operand is not None and operand.type == "identifier":
        ref = func.resolver.ref(operand)
        if not isinstance(ref, VarRef) or len(ref.var.assignments) != 1:
            return None
        operand = gosyntax.unparen(ref.var.assignments[0][1])
    if operand is None or operand.type != "index_expression":
        return None
    collection = operand.child_by_field_name("operand")
    found = handle_of(collection, func)
    if found is None or (found.var, found.field) != (h.var, h.field):
        return None
    return operand.child_by_field_name("index")


def _picked_by_its_start(key: Node, r: Reached) -> bool:
    """WAITER_IN_AN_ENTRY's limit: the key is what the `go` statement handed the goroutine
    (`go l.run(i)`, then `l.silos[i]`), passed down the calls as a parameter: each
    goroutine waits on an entry of its own, and one wake-up per entry is enough.
    Trade-off: a key computed from such a parameter (`l.silos[i%2]`) is taken as
    shared."""
    named = gosyntax.unparen(key)
    ref = r.func.resolver.ref(named) if named is not None and named.type == "identifier" else None
    var = ref.var if isinstance(ref, VarRef) else None
    for step in reversed(r.chain):
        if var is None or var.kind != "param" or reassigned(var):
            return False
        args = gosyntax.call_arguments(step.call)
        arg = gosyntax.unparen(args[var.index]) if var.index < len(args) else None
        ref = (
            step.caller.resolver.ref(arg) if arg is not None and arg.type == "identifier" else None
        )
        var = ref.var if isinstance(ref, VarRef) else None
    return var is not None and var.kind == "param" and not reassigned(var)


@dataclass(frozen=True)
class SkippedWakeup:
    wait: Node  # the `q.idle.Wait()` call
    cond: str  # `q.idle`, as the waiter names it
    field: str  # `q.inFlight`, as the changing method names it
    change: Node  # the statement that changes it
    wake: Node  # the wake-up the method makes on the other path
    skip: Node  # where the unwaking path leaves (`continue`, `return`, the `Unlock`)
    branch: Node  # the `if` whose condition sends it that way (`err != nil`)
    skipped_when: bool | None  # which way the condition goes on the unwaking path (None: a switch)
    method: Node  # the changing method's declaration
    file: SourceFile
    broadcast: str  # `q.idle.Broadcast()`, as the changing method names it
    # OUTCOME_ON_EACH_BRANCH: the change the wake-up follows on the other path, when the
    # unwaking path changes another field (`r.failed[id] = err` / `r.values[id] = v`).
    woken_change: Node | None = None
    # CHANGED_BY_HAND: the wake-up is a call of a method that makes the same change and
    # wakes (`r.release()`), which the unwaking path does by hand instead.
    by_hand: bool = False
    # ENTRY_CONDITION: the loop that wakes every entry's condition (`for _, l := range
    # s.lines { l.cond.Broadcast() }`), for the fix to write after the change.
    waking_loop: Node | None = None
    # ENTRY_DELETED_UNWOKEN: the change deletes the entry whose absence ends the wait.
    deleted_entry: bool = False
    # STALE_SNAPSHOT: the parting test was taken before the change, while each waiter
    # waits for its own amount.
    stale_snapshot: bool = False


def skipped_wakeups(
    file: SourceFile, functions: Functions, waits: Iterable[Node]
) -> list[SkippedWakeup]:
    """Wait loops whose fields a method changes and wakes on one path but not another.

    WOKEN_ON_ONE_PATH: after the change, some path reaches a `Signal`/`Broadcast` of the
    condition, and another goes to sleep, returns or locks again first (a `Wait`, a
    return, the next item's `Lock`): the method itself shows the change needs a
    wake-up, and skips it on one path. A change no path wakes is left alone (it may
    only make the wait longer).
    DATA_BRANCH: when the paths part at a condition that reads the object, or a local
    computed from it (`if q.pending == 0 { q.idle.Broadcast() }`), the wake-up is
    deliberate: it wakes only when the waiters' condition may have come true."""
    package = functions.package
    out: list[SkippedWakeup] = []
    seen: set[tuple[int, int]] = set()
    for call, cond_field, waiter, recv, type_name, condition in wait_loops(waits, True):
        if condition is None:
            condition = _exit_test(call, waiter)
        fields = _fields_read(condition, recv) | _fields_behind_locals(
            condition, recv, waiter, package, type_name
        )
        if not fields:
            continue
        wakers = waking_methods(package, type_name, cond_field)
        for f, m in package.methods_of_type(type_name):
            if gosyntax.function_name(m) not in wakers and not _calls_any(m, wakers):
                continue
            method = functions.get(m, f)
            woken_change = None
            skipped = _skipped_in(
                method,
                fields,
                cond_field,
                wakers,
                _conjunct_flags(condition, recv),
                _waiter_counts(condition, recv),
                demands=_per_waiter_demands(condition, recv, waiter),
                waited_to_grow=_waited_to_grow(condition, recv),
            )
            if skipped is None:
                apart = _outcome_apart(method, fields, cond_field, wakers)
                if apart is not None:
                    skipped, woken_change = apart
            by_hand = False
            if skipped is None:
                skipped = _changed_by_hand(method, fields, cond_field, wakers, package, type_name)
                by_hand = skipped is not None
            deleted_entry = False
            if skipped is None:
                skipped = _waiters_entry_deleted(method, call, waiter, cond_field, wakers)
                deleted_entry = skipped is not None
            if skipped is None or (call.start_byte, skipped[0].start_byte) in seen:
                continue
            seen.add((call.start_byte, skipped[0].start_byte))
            change, name, wake, skip, branch, when = skipped
            r = gosyntax.receiver_text(m)
            stale = (
                r is not None
                and name.split(".")[0] in _per_waiter_demands(condition, recv, waiter)
                and _snapshot_taken_before(branch, change, m, r)
            )
            out.append(
                SkippedWakeup(
                    call,
                    f"{recv}.{cond_field}",
                    f"{r}.{name}",
                    change,
                    wake,
                    skip,
                    branch,
                    when,
                    m,
                    f,
                    f"{r}.{cond_field}.Broadcast()",
                    woken_change,
                    by_hand,
                    deleted_entry=deleted_entry,
                    stale_snapshot=stale,
                )
            )
            break
    out.extend(_skipped_entry_wakeups(functions, waits))
    return out


def _skipped_entry_wakeups(functions: Functions, waits: Iterable[Node]) -> list[SkippedWakeup]:
    """WOKEN_ON_ONE_PATH for a condition kept in each entry of a field (ENTRY_CONDITION,
    `entry_conditions`): `l.cond.Wait()` on `l := s.lines[k]`, woken by `for _, l :=
    range s.lines { l.cond.Broadcast() }` on one path of a method that changes what the
    loop tests."""
    package = functions.package
    out: list[SkippedWakeup] = []
    for wait in entry_waits(waits):
        condition = loop_condition(wait.loop)
        fields = _fields_read(condition, wait.recv)
        if not fields:
            continue
        wakers = waking_methods(package, wait.type_name, wait.cond_field)
        for f, m in package.methods_of_type(wait.type_name):
            if m == wait.method or gosyntax.function_name(m) not in wakers:
                continue

            def wakes(node: CfgNode, m: Node = m, wait: EntryWait = wait) -> Node | None:
                if node.kind == "header" and node.ast is not None:
                    return wakes_every_entry(node.ast, m, wait.holder, wait.cond_field)
                return _wakes(
                    node, lambda call: wakes_an_entry(call, m, wait.holder, wait.cond_field)
                )

            skipped = _skipped_in(
                functions.get(m, f),
                fields,
                wait.cond_field,
                set(),
                _conjunct_flags(condition, wait.recv),
                _waiter_counts(condition, wait.recv),
                wakes,
            )
            if skipped is None:
                continue
            change, name, wake, skip, branch, when = skipped
            out.append(
                SkippedWakeup(
                    wait.call,
                    wait.cond,
                    f"{gosyntax.receiver_text(m)}.{name}",
                    change,
                    wake,
                    skip,
                    branch,
                    when,
                    m,
                    f,
                    "",
                    waking_loop=waking_loop(wake, m, wait.holder),
                )
            )
            break
    return out


@dataclass(frozen=True)
class UnheededStop:
    wait: Node  # the `e.cond.Wait()` call
    cond: str  # `e.cond`, as the waiter names it
    loop: Node  # the waiting `for`
    flag: str  # `e.closed`, as the waiter would name it
    stopper: Node  # the stopping method's declaration
    setter: Node  # its `e.closed = true`
    broadcast: Node  # its `e.cond.Broadcast()`
    refusers: tuple[str, ...]  # the other waking methods, which refuse once it is set
    stopper_file: SourceFile
    heeded_after: bool  # the waiting method reads the flag after the loop
    # UNCHANGED_ON_A_PATH: the `if` on whose other branch the stopper changes what the
    # loop tests (None when it never does)
    changed_on_one_branch: Node | None = None
    broadcast_call: str = ""  # `e.cond.Broadcast()`, as the stopping method names it
    # SAYS_WAIT_ONCE_SET: the method the loop's condition calls (`needsFillLocked`), which
    # answers so as to keep the loop waiting whenever the flag is set, and its answer
    says_wait: Node | None = None
    says_wait_file: SourceFile | None = None
    # SIBLING_LOOP_HEEDS: the goroutine's other wait loop that tests the flag, when that
    # is what says the stop is to end this wait (the other wakers may still come)
    heeding_sibling: Node | None = None
    # TESTED_RIGHT_AFTER: the `if` right after the loop that tests the flag, when that is
    # what says the stop is to end this wait (the other wakers may still come)
    tested_after: Node | None = None
    # OVERRULED_BY_A_DISJUNCT: the disjunct of the loop's condition that keeps it waiting
    # whatever the flag says (`l.paused`)
    overruled_by: Node | None = None
    # NO_WAITER_HEEDS: no wait loop on the condition tests the flag anywhere, so the
    # stopper's wake-up can only be meant for this one (the other wakers may still come)
    heeded_by_none: bool = False


def _a_sibling_loop_heeds(
    waiter: Node, call: Node, recv: str, cond_field: str, flag: str
) -> Node | None:
    """SIBLING_LOOP_HEEDS: another wait loop of the same goroutine on the same condition
    variable tests the flag (`for len(p.queue) == 0 && !p.closed { p.cond.Wait() }`)
    while this one does not (`for len(p.ready) >= p.depth { p.cond.Wait() }`): the code
    says the flag is to end the waits, and this wait forgot it. Then a method that may
    still change what this loop tests after the stop (REFUSED_AFTER_STOP) is not taken
    to come: the stop is how the goroutine is meant to end (blind dev p430)."""
    wait = f"{recv}.{cond_field}.Wait"
    heeding = f"!{recv}.{flag}"
    for other in gosyntax.descendants(waiter, "call_expression"):
        if other.id == call.id or gosyntax.called_expression_text(other) != wait:
            continue
        loop = next(
            (a for a in gosyntax.ancestors(other, waiter) if a.type == "for_statement"), None
        )
        condition = loop_condition(loop) if loop is not None else None
        if condition is not None and heeding in gosyntax.text(condition).replace(" ", ""):
            return loop
    return None


def _heeded_in_the_body(loop: Node | None, recv: str, flag: str) -> bool:
    """HEEDED_IN_THE_BODY: the loop's body tests the flag and leaves on it (`if q.closed {
    panic(ErrClosed) }` right after the `Wait`, or a `return`/`break` under it), as a
    condition testing it would (audit 39: go-libp2p-pubsub's `rpcQueue.push`)."""
    body = loop.child_by_field_name("body") if loop is not None else None
    if body is None:
        return False
    flag_text = f"{recv}.{flag}"
    for n in gosyntax.walk(body):
        if n.type != "if_statement":
            continue
        cond = n.child_by_field_name("condition")
        taken = n.child_by_field_name("consequence")
        if cond is None or taken is None or flag_text not in gosyntax.text(cond).replace(" ", ""):
            continue
        if f"!{flag_text}" in gosyntax.text(cond).replace(" ", ""):
            continue
        if any(
            s.type in ("return_statement", "break_statement", "goto_statement")
            or (s.type == "expression_statement" and gosyntax.text(s).startswith("panic("))
            for s in gosyntax.statements(taken)
        ):
            return True
    return False


def unheeded_stops(
    file: SourceFile, functions: Functions, waits: Iterable[Node]
) -> list[UnheededStop]:
    """UNHEEDED_STOP: the type's stopping method (`Shutdown`, `Close`, `Stop`) sets a flag
    and wakes the condition's waiters, but a wait loop on that condition does not test the
    flag (`for len(e.queue) == 0 { e.cond.Wait() }`): woken, it finds its own condition
    unchanged and goes back to sleep. Reported only when every other method that wakes
    the condition first refuses once the flag is set (`if e.closed { return ErrClosed }`,
    REFUSED_AFTER_STOP): after the stop nothing will ever change what the loop tests.
    Trade-off: a loop whose condition some other goroutine of the package still changes
    after the stop, through a method that does not test the flag, is left alone.
    UNCHANGED_ON_A_PATH: a stopper that changes what the loop tests (`s.cur.seq++`) on
    every way out after the flag is left alone; one that changes it on one branch only
    (`if s.cur.leading { s.cur.seq++; s.cond.Broadcast() }`) leaves the waiter asleep
    on the other. Fields are followed as paths (`s.cur.closed` is not `s.cur.seq`)."""
    from goleash.analysis.stop_signals import STOPPING_METHODS

    package = functions.package
    out: list[UnheededStop] = []
    for call, cond_field, waiter, recv, type_name, condition in wait_loops(waits, True):
        if condition is None:
            continue
        read = _field_paths_read(condition, recv) | _fields_behind_locals(
            condition, recv, waiter, package, type_name
        )
        methods = list(package.methods_of_type(type_name))
        wakers = waking_methods(package, type_name, cond_field)
        for f, m in methods:
            name = gosyntax.function_name(m)
            if not _stopping_name(name, STOPPING_METHODS) or name not in wakers:
                continue
            own = gosyntax.receiver_text(m)
            body = m.child_by_field_name("body")
            if not own or body is None:
                continue
            set_true = [
                (n, path)
                for n in gosyntax.walk(body)
                if (pair := gosyntax.sole_assignment(n)) is not None
                and pair[1].type == "true"
                and (path := _field_path(pair[0], own)) is not None
            ]
            broadcast = next(
                (
                    n
                    for n in gosyntax.walk(body)
                    if n.type == "call_expression"
                    and gosyntax.called_expression_text(n) == f"{own}.{cond_field}.Broadcast"
                ),
                None,
            )
            if not set_true or broadcast is None:
                continue
            setter, flag = set_true[0]
            overruled_by: Node | None = None
            says_wait = _says_wait_once_set(condition, recv, flag, package, type_name)
            others = [
                (g, mm)
                for g, mm in methods
                if mm != m and mm != waiter and gosyntax.function_name(mm) in wakers
            ]
            unchanged: Node | None = setter
            heeding: Node | None = None
            tested_after: Node | None = None
            heeded_by_none = False
            if says_wait is None:
                if any(_overlaps(flag, r) for r in read):
                    overruling = _disjunct_without(condition, recv, flag)
                    if overruling is None:
                        continue  # the loop tests it: woken, it leaves
                    # OVERRULED_BY_A_DISJUNCT: `for l.paused || (... && !l.closed)` keeps
                    # waiting while `l.paused` holds, whatever the flag: only a change of
                    # what that disjunct reads ends the wait (blind dev p558).
                    read = _field_paths_read(overruling, recv)
                    overruled_by = overruling
                if _heeded_in_the_body(_waiting_loop(call, waiter), recv, flag):
                    continue  # HEEDED_IN_THE_BODY: woken, it leaves from inside
                unchanged = _unchanged_way_out(functions.get(m, f), setter, own, read)
                if unchanged is None:
                    continue  # UNCHANGED_ON_A_PATH: every way out changes what the loop tests
                refused = bool(others) and all(_refuses_once_set(mm, flag) for _g, mm in others)
                if not refused:
                    heeding = _a_sibling_loop_heeds(waiter, call, recv, cond_field, flag)
                    if heeding is None and not _ever_cleared(package, flag):
                        tested_after = _tested_right_after(
                            _waiting_loop(call, waiter), f"{recv}.{flag}"
                        )
                    if heeding is None and tested_after is None:
                        heeded_by_none = _no_waiter_heeds(
                            package, type_name, cond_field, flag, setter, broadcast
                        )
                        if not heeded_by_none:
                            continue  # REFUSED_AFTER_STOP
            loop = _waiting_loop(call, waiter)
            if loop is None:
                continue
            out.append(
                UnheededStop(
                    call,
                    f"{recv}.{cond_field}",
                    loop,
                    f"{recv}.{flag}",
                    m,
                    setter,
                    broadcast,
                    ()
                    if heeding is not None or tested_after is not None or heeded_by_none
                    else tuple(gosyntax.function_name(mm) or "" for _g, mm in others),
                    f,
                    read_after(waiter, loop, f"{recv}.{flag}"),
                    unchanged if unchanged is not setter else None,
                    f"{own}.{cond_field}.Broadcast()",
                    says_wait.node if says_wait is not None else None,
                    says_wait.file if says_wait is not None else None,
                    heeding,
                    tested_after,
                    overruled_by,
                    heeded_by_none,
                )
            )
            break
    return out


def _no_waiter_heeds(
    package: Package, type_name: str, cond_field: str, flag: str, setter: Node, broadcast: Node
) -> bool:
    """NO_WAITER_HEEDS: the stopper sets the flag and wakes the condition's waiters in
    the same block, one right after the other (`c.closed = true; c.cond.Broadcast()`),
    yet no wait on that condition in the type's methods (or their literals) tests the
    flag, in its loop, that loop's body or the few statements after it: the wake-up says
    the stop is to end the waits, and every waiter forgot it. Then a method that may
    still change what the loops test after the stop (REFUSED_AFTER_STOP) is not taken to
    come (blind dev p605). Trade-off: a type whose stop only nudges waiters that some
    later change will release is reported too; the flag must then never be cleared."""
    if setter.parent is None or setter.parent != _statement_of(broadcast).parent:
        return False
    if _ever_cleared(package, flag):
        return False

    methods = list(package.methods_of_type(type_name))
    answering = {
        gosyntax.function_name(m)
        for _f, m in methods
        if any(
            n.type == "selector_expression" and gosyntax.text(n).endswith(f".{flag}")
            for n in gosyntax.walk(m)
        )
    }

    def reads_flag(node: Node) -> bool:
        # by its selectors, not its text (a trailing comment may name the flag), or
        # through a method of the type that reads it (`for !w.shouldFillLocked()`)
        for n in [node, *gosyntax.walk(node)]:
            if n.type == "selector_expression" and gosyntax.text(n).endswith(f".{flag}"):
                return True
            if n.type == "call_expression":
                called = gosyntax.called_expression_text(n) or ""
                if called.rsplit(".", 1)[-1] in answering and "." in called:
                    return True
        return False

    waits = 0
    for _f, m in methods:
        recv = gosyntax.receiver_text(m)
        if recv is None:
            continue
        wait_text = f"{recv}.{cond_field}.Wait"
        for call in gosyntax.descendants(m, "call_expression"):
            if gosyntax.called_expression_text(call) != wait_text:
                continue
            waits += 1
            loop = next((a for a in gosyntax.ancestors(call, m) if a.type == "for_statement"), None)
            if loop is None or reads_flag(loop):
                return False
            after: Node | None = loop
            for _ in range(3):
                after = gosyntax.next_statement(after) if after is not None else None
                if after is not None and reads_flag(after):
                    return False
    return waits > 0


def _statement_of(node: Node) -> Node:
    """The statement holding an expression (`c.cond.Broadcast()`'s expression statement)."""
    while node.parent is not None and node.parent.type not in ("statement_list", "block"):
        node = node.parent
    return node


def _disjunct_without(condition: Node, recv: str, flag: str) -> Node | None:
    """A top-level disjunct of the wait loop's condition (`l.paused` in `l.paused ||
    (len(l.pending) == 0 && !l.closed)`) that does not read the flag: while it holds,
    setting the flag leaves the loop waiting. None when every disjunct reads it."""
    disjuncts = gosyntax.disjuncts(condition)
    if len(disjuncts) < 2:
        return None
    return next(
        (d for d in disjuncts if not any(_overlaps(flag, r) for r in _field_paths_read(d, recv))),
        None,
    )


def _tested_right_after(loop: Node | None, flag: str) -> Node | None:
    """TESTED_RIGHT_AFTER: the waiter tests the flag as soon as its wait loop ends (`for
    !il.free(r) { il.cond.Wait() }; il.waiting--; if il.closed { ...; return }`, an `if`
    among the few statements after the loop, before it lets the lock go): it expects to
    wake there once the stop has come, and the loop that does not test it forgot to
    (blind dev p492). Then another method that may still change what the loop tests
    after the stop (REFUSED_AFTER_STOP) is not taken to come, unless the package sets the
    flag back to false somewhere (a pause that a resume undoes). Trade-off: a waiter
    that after a stop is meant to wait on for what it waits for, and only then learn of
    the stop, is reported too."""
    if loop is None:
        return None
    stmt: Node | None = loop
    for _ in range(3):
        stmt = gosyntax.next_statement(stmt) if stmt is not None else None
        if stmt is None:
            return None
        if stmt.type == "if_statement":
            cond = stmt.child_by_field_name("condition")
            tested = gosyntax.text(cond).replace(" ", "") if cond is not None else ""
            if flag in tested and f"!{flag}" not in tested:
                return stmt
        if stmt.type == "return_statement":
            # REPORTED_RIGHT_AFTER: `return !b.closed` hands the stop to the caller as
            # soon as the wait ends (a helper that "reports false if closed meanwhile")
            returned = "".join(gosyntax.text(v) for v in gosyntax.returned_values(stmt))
            return stmt if re.search(rf"{re.escape(flag)}\b", returned) else None
        if b"Unlock()" in (stmt.text or b"") or b".Wait()" in (stmt.text or b""):
            return None  # the lock let go, or another wait first: the test is not this one's
    return None


def _says_wait_once_set(
    condition: Node, recv: str, flag: str, package: Package, type_name: str
) -> Declaration | None:
    """SAYS_WAIT_ONCE_SET: the loop waits while `!recv.helper()` (alone, or in a chain of
    `||`), and the type's method `helper` first returns false when the flag is set (`if
    p.closed || p.cfg.MinIdle <= 0 { return false }`), a flag the package never sets
    back to false: once set, nothing can end the wait (blind dev p317, a pool's
    maintainer that Close's broadcast wakes for nothing). Gives the helper."""
    terms = gosyntax.disjuncts(gosyntax.unparen(condition))
    for each in terms:
        term = gosyntax.unparen(each)
        if term is None or term.type != "unary_expression":
            continue
        if gosyntax.text(gosyntax.field(term, "operator")) != "!":
            continue
        call = gosyntax.unparen(term.child_by_field_name("operand"))
        if call is None or call.type != "call_expression" or gosyntax.call_arguments(call):
            continue
        fn = gosyntax.called_expression_text(call)
        if not fn.startswith(f"{recv}.") or fn.count(".") != 1:
            continue
        helper = package.method_of(type_name, fn.split(".", 1)[1])
        if helper is None:
            continue
        own = gosyntax.receiver_text(helper.node)
        body = helper.node.child_by_field_name("body")
        first = gosyntax.statements(body)[:1] if body is not None else []
        if not own or not first or first[0].type != "if_statement":
            continue
        tested = gosyntax.disjuncts(first[0].child_by_field_name("condition"))
        answer = gosyntax.statements(first[0].child_by_field_name("consequence"))
        if (
            any(gosyntax.text(t) == f"{own}.{flag}" for t in tested)
            and len(answer) == 1
            and gosyntax.text(answer[0]).replace(" ", "") == "returnfalse"
            and not _ever_cleared(package, flag)
        ):
            return helper
    return None


def _ever_cleared(package: Package, flag: str) -> bool:
    """Some statement of the package sets `x.flag = false`: the flag may come back."""
    cleared = re.compile(rb"\." + re.escape(flag.encode()) + rb"\s*=\s*false\b")
    return any(cleared.search(f.data) for f in package.files)


def _stopping_name(name: str | None, stopping: tuple[str, ...]) -> bool:
    """PRIVATE_STOPPER: `close` on an unexported type stops it as `Close` would. Trade-off:
    a lower-case `close` helper that does not stop the object would be read as one; it
    still must set a flag and wake the waiters to count."""
    return name is not None and (name in stopping or name[:1].upper() + name[1:] in stopping)


def _field_path(expr: Node, recv: str) -> str | None:
    """`cur.closed` for `s.cur.closed` with `recv` = `s`; None unless a chain of field
    selections starts at the receiver."""
    parts: list[str] = []
    while expr.type == "selector_expression":
        parts.append(gosyntax.text(gosyntax.field(expr, "field")))
        expr = gosyntax.field(expr, "operand")
    if not parts or expr.type != "identifier" or gosyntax.text(expr) != recv:
        return None
    return ".".join(reversed(parts))


def _overlaps(a: str, b: str) -> bool:
    """Do two field paths share storage: equal, or one a prefix of the other (`cur` and
    `cur.seq`)?"""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def _field_paths_read(cond: Node | None, recv: str) -> set[str]:
    """The receiver's field paths a wait loop's condition reads, as long as they go
    (`cur.seq` for `s.cur.seq == seq`, `items` for `len(q.items) > 0`)."""
    out: set[str] = set()
    for n in [cond, *gosyntax.walk(cond)] if cond is not None else ():
        if n.type != "selector_expression":
            continue
        parent = n.parent
        if (
            parent is not None
            and parent.type == "selector_expression"
            and (parent.child_by_field_name("operand") == n)
        ):
            continue  # the longer chain above names it
        path = _field_path(n, recv)
        if path is not None:
            out.add(path)
    return out


def _written(stmt: Node) -> list[Node]:
    """The targets a statement assigns, increments or decrements."""
    if stmt.type in ("inc_statement", "dec_statement"):
        return stmt.named_children[:1]
    if stmt.type == "assignment_statement":
        return gosyntax.field(stmt, "left").named_children
    return []


def _changes_a_path(stmt: Node, own: str, paths: set[str]) -> bool:
    """Does the statement assign, increment or decrement a field path overlapping one of
    `paths` (`s.cur.seq++`, `s.cur = snapshot{}`, `q.items = append(q.items, x)`)?"""
    for t in _written(stmt):
        while t.type == "index_expression":
            t = gosyntax.field(t, "operand")
        path = _field_path(t, own)
        if path is not None and any(_overlaps(path, p) for p in paths):
            return True
    return False


def _unchanged_way_out(method: Function, setter: Node, own: str, read: set[str]) -> Node | None:
    """UNCHANGED_ON_A_PATH: where a path from the flag's assignment leaves the stopping
    method without changing any field the wait loop tests: the `if` it parts at when the
    change is on a branch, the assignment itself when no path changes one, None when
    every path does. CALL_MAY_CHANGE: a call of one of the object's own methods on the
    way counts as a change (it may make one); trade-off: a method that changes nothing the
    loop tests hides the path. A function kept in a field (`c.cancel()`) is no method."""
    cfg = method.cfg
    if cfg is None:
        return None
    start = next((n for n in cfg.nodes if n.ast is not None and n.ast == setter), None)
    if start is None:
        return None
    type_name = receiver_type_name(method.node)
    package = method.resolver.package

    def a_field(name: str) -> bool:
        return type_name is not None and package.field_type(type_name, name) is not None

    changing = {
        n.id
        for n in cfg.nodes
        if n.ast is not None
        and n.kind == "stmt"
        and (
            _changes_a_path(n.ast, own, read)
            or any(
                e.kind == "call"
                and e.call is not None
                and _own_method_call(gosyntax.called_expression_text(e.call), own, a_field)
                for e in n.events
            )
        )
    }
    if not changing:
        return setter
    seen: set[int] = set()
    stack: list[tuple[CfgNode, Node | None]] = [(start, None)]
    while stack:
        n, parting = stack.pop()
        if n.id in seen:
            continue
        seen.add(n.id)
        if n.id in changing:
            continue
        if n.kind in (RETURN, END):
            return parting if parting is not None else setter
        for s in n.succ:
            at = parting
            if at is None and n.kind == "cond" and n.ast is not None:
                at = n.ast
            stack.append((s, at))
    return None


def _own_method_call(called: str, own: str, a_field: Callable[[str], bool]) -> bool:
    """`c.flush()`, a method of the object (CALL_MAY_CHANGE); not `c.cancel()`, a function
    kept in a field of its type, which was not handed the object's fields."""
    name = called[len(own) + 1 :] if called.startswith(f"{own}.") else ""
    return bool(name) and "." not in name and not a_field(name)


def _refuses_once_set(method: Node, flag: str) -> bool:
    """Does the method return early under a test of the flag, before anything else it
    does under the lock (`if e.closed { return ErrClosed }`, `if e.closed || e.v == v {
    return }`)?"""
    own = gosyntax.receiver_text(method)
    body = method.child_by_field_name("body")
    if not own or body is None:
        return False
    for n in gosyntax.walk(body):
        if n.type != "if_statement":
            continue
        cond = gosyntax.unparen(n.child_by_field_name("condition"))
        terms = {gosyntax.text(t).replace(" ", "") for t in gosyntax.disjuncts(cond)}
        if f"{own}.{flag}" not in terms:
            continue
        arm = gosyntax.statements(n.child_by_field_name("consequence"))
        if arm and arm[-1].type == "return_statement":
            return True
    return False


def read_after(waiter: Node, loop: Node, flag: str) -> bool:
    """Does the waiting method read the flag (`q.closed`, `st.voided`) after the loop?"""
    body = waiter.child_by_field_name("body")
    return any(
        n.type == "selector_expression"
        and n.start_byte >= loop.end_byte
        and gosyntax.text(n) == flag
        for n in (gosyntax.walk(body) if body is not None else ())
    )


def _fields_behind_locals(
    cond: Node | None, recv: str, waiter: Node, package: Package, type_name: str
) -> set[str]:
    """CONDITION_IN_A_LOCAL: the receiver's fields behind the locals a wait loop's
    condition tests (`for !ok`, with `ok, bad := r.settled(e)` in the waiting method):
    those the locals' values read (`ok := len(q.items) > 0`), and those a method of the
    type they call on the receiver reads on its own receiver. Only a local the loop sets
    again counts (SET_IN_THE_LOOP): one set before it (`v := c.queue[0]`, then `for
    !c.hasRoom(v.Class)`) keeps its value however the fields change while it waits.
    Trade-off: a field read through a further call, or a local set from something else
    too, is not followed beyond that one step."""
    names = {
        gosyntax.text(n)
        for n in ([cond, *gosyntax.walk(cond)] if cond is not None else ())
        if n.type == "identifier" and gosyntax.text(n) != recv
    }
    loop = (
        next((a for a in gosyntax.ancestors(cond) if a.type == "for_statement"), None)
        if cond is not None
        else None
    )
    if loop is not None:
        names &= {
            gosyntax.text(x)
            for n in gosyntax.walk(loop)
            if n.type in ("short_var_declaration", "assignment_statement")
            for x in gosyntax.field(n, "left").named_children
        }
    body = waiter.child_by_field_name("body")
    if not names or body is None:
        return set()
    methods = {gosyntax.function_name(m): m for _f, m in package.methods_of_type(type_name)}
    out: set[str] = set()
    for n in gosyntax.walk(body):
        if n.type not in ("short_var_declaration", "assignment_statement"):
            continue
        left = {gosyntax.text(x) for x in gosyntax.field(n, "left").named_children}
        if not left & names:
            continue
        right = gosyntax.field(n, "right")
        out |= _fields_read(right, recv)
        for call in [right, *gosyntax.walk(right)]:
            if call.type != "call_expression":
                continue
            called = gosyntax.called_expression_text(call)
            if not called.startswith(f"{recv}."):
                continue
            method = methods.get(called[len(recv) + 1 :])
            own = gosyntax.receiver_text(method) if method is not None else None
            if method is not None and own:
                out |= _fields_read(method.child_by_field_name("body"), own)
    return out


def _outcome_apart(
    method: Function, fields: set[str], cond_field: str, wakers: set[str | None]
) -> tuple[tuple[Node, str, Node, Node, Node, bool | None], Node] | None:
    """OUTCOME_ON_EACH_BRANCH: ((the unwoken change, its field, the wake-up, the `return`
    that skips it, the parting `if`, True), the woken change) when the method records an
    outcome in a map the waiters read on each of two paths (`if err != nil {
    r.failed[id] = err; return }` ... `r.values[id] = v; r.cond.Broadcast()`) and wakes
    the waiters after one only. Both changes store into a map field (the same kind of
    change: if one can end the wait, so can the other); the parting condition must not
    read the object (DATA_BRANCH). Trade-off: an outcome the waiters ignore (a failure
    they never look up) is reported all the same when its map is one they read."""
    recv = gosyntax.receiver_text(method.node)
    body = method.node.child_by_field_name("body")
    if recv is None or body is None:
        return None
    for stmt in gosyntax.walk(body):
        name = _map_store(stmt, recv, fields)
        if name is None:
            continue
        unwoken = _unwoken_return(stmt, body, recv, cond_field, wakers)
        if unwoken is None:
            continue
        branch, returned = unwoken
        later = []
        after = gosyntax.next_statement(branch)
        while after is not None:
            later.append(after)
            after = gosyntax.next_statement(after)
        woken = next((n for n in later if _map_store(n, recv, fields) is not None), None)
        wake = next(
            (
                c
                for n in later
                if woken is not None and n.start_byte > woken.start_byte
                for c in [n, *gosyntax.walk(n)]
                if _wake_call(c, recv, cond_field, wakers)
            ),
            None,
        )
        if woken is None or wake is None:
            continue
        return (stmt, name, wake, returned, branch, True), woken
    return None


def _waiters_entry_deleted(
    method: Function, wait: Node, waiter: Node, cond_field: str, wakers: set[str | None]
) -> tuple[Node, str, Node, Node, Node, bool | None] | None:
    """ENTRY_DELETED_UNWOKEN: (the `delete`, its field, the method's wake-up, the `return`
    after the `delete`, the `if` around it, True) when the wait loop leaves once its
    entry is gone (`if _, ok := s.holds[h]; !ok { return }`, EXIT_TEST_IN_THE_BODY) and
    the method deletes from that map on a branch that returns without waking anyone,
    while it wakes the waiters on another path (blind dev p554: a withdrawn hold). A
    deleted entry ends its waiter's wait whatever the branch tested, so the branch's
    reading the object is no DATA_BRANCH here. Trade-off: a deletion of an entry no
    goroutine waits on is reported all the same."""
    recv = gosyntax.receiver_text(method.node)
    body = method.node.child_by_field_name("body")
    maps = _left_when_absent(wait, waiter)
    if recv is None or body is None or not maps:
        return None
    wake = next((n for n in gosyntax.walk(body) if _wake_call(n, recv, cond_field, wakers)), None)
    if wake is None:
        return None
    for call in gosyntax.descendants(body, "call_expression"):
        if gosyntax.callee_text(call) != "delete":
            continue
        args = gosyntax.call_arguments(call)
        target = gosyntax.unparen(args[0]) if args else None
        if target is None or target.type != "selector_expression":
            continue
        owner = gosyntax.text(gosyntax.field(target, "operand"))
        name = gosyntax.text(gosyntax.field(target, "field"))
        if owner != recv or name not in maps:
            continue
        stmt = call.parent
        branch = next((a for a in gosyntax.ancestors(call, body) if a.type == "if_statement"), None)
        arm = branch.child_by_field_name("consequence") if branch is not None else None
        if stmt is None or branch is None or arm is None or not gosyntax.is_within(call, arm):
            continue
        own = gosyntax.statements(arm)
        if not own or own[-1].type != "return_statement":
            continue
        if any(_wake_call(n, recv, cond_field, wakers) for n in gosyntax.walk(arm)):
            continue
        return stmt, name, wake, own[-1], branch, True
    return None


def _left_when_absent(wait: Node, waiter: Node) -> set[str]:
    """The map fields whose missing entry the wait loop leaves on: `holds` for `if _, ok
    := s.holds[h]; !ok { return }` before the `Wait` in a `for {` loop."""
    test = _exit_test(wait, waiter)
    if test is None:
        return set()
    init = test.child_by_field_name("initializer")
    cond = gosyntax.unparen(test.child_by_field_name("condition"))
    if init is None or init.type != "short_var_declaration" or cond is None:
        return set()
    left = init.child_by_field_name("left")
    right = init.child_by_field_name("right")
    names = left.named_children if left is not None else []
    values = right.named_children if right is not None else []
    if len(names) != 2 or len(values) != 1:
        return set()
    value = gosyntax.unparen(values[0])
    operand = gosyntax.unparen(value.child_by_field_name("operand")) if value is not None else None
    if value is None or value.type != "index_expression" or operand is None:
        return set()
    if operand.type != "selector_expression":
        return set()
    negated = (
        cond.type == "unary_expression"
        and gosyntax.text(gosyntax.field(cond, "operator")) == "!"
        and gosyntax.text(gosyntax.field(cond, "operand")) == gosyntax.text(names[1])
    )
    return {gosyntax.text(gosyntax.field(operand, "field"))} if negated else set()


def _changed_by_hand(
    method: Function,
    fields: set[str],
    cond_field: str,
    wakers: set[str | None],
    package: Package,
    type_name: str,
) -> tuple[Node, str, Node, Node, Node, bool | None] | None:
    """CHANGED_BY_HAND: (the change, its field, the waking call, the `return` after the
    change, the parting `if`, True) when a method makes by hand, on a branch that then
    returns (`if err != nil { r.inflight--; return err }`), the very change a waking method
    of the type makes before its wake-up, and calls that method on its other path
    (`r.release()`, which does `r.inflight--; r.cond.Signal()`): the author knows the
    change needs the wake-up and skips it on that branch. The changes are compared as
    text, each under its own receiver's name; the parting condition must not read the
    object (DATA_BRANCH). Trade-off: a hand-made change that cannot end the wait (the
    waiters test it the other way) is reported all the same."""
    recv = gosyntax.receiver_text(method.node)
    body = method.node.child_by_field_name("body")
    if recv is None or body is None:
        return None
    waking_changes = _waking_changes(package, type_name, fields, cond_field, wakers)
    if not waking_changes:
        return None
    for stmt in gosyntax.walk(body):
        name = _changed_field(stmt, recv, fields)
        if name is None:
            continue
        unwoken = _unwoken_return(
            stmt, body, recv, cond_field, wakers, lambda f: _set_by_no_method(package, type_name, f)
        )
        if unwoken is None:
            continue
        branch, returned = unwoken
        change = _as_receiver(stmt, recv)
        # The way on from the `if`, up through the blocks around it (WAY_ON): the rest of
        # a switch's case, then what follows the switch.
        for after in gosyntax.statements_after(branch, body):
            for c in [after, *gosyntax.walk(after)]:
                if c.type != "call_expression" or not _wake_call(c, recv, cond_field, wakers):
                    continue
                called = gosyntax.called_expression_text(c)[len(recv) + 1 :]
                if change in waking_changes.get(called, ()):
                    return stmt, name, c, returned, branch, True
    return None


def _set_by_no_method(package: Package, type_name: str, field: str) -> bool:
    """CONFIGURATION_IS_NO_DATA: no method of the type assigns the field (`m.maxFailures`,
    set by the constructor or its options): a condition reading it parts on how the
    object was configured, not on a state the waiters wait for."""
    store = re.compile(rb"\." + re.escape(field.encode()) + rb"\s*(?:[-+*/|&]?=(?!=)|\+\+|--)")
    return not any(store.search(m.text or b"") for _f, m in package.methods_of_type(type_name))


def _waking_changes(
    package: Package, type_name: str, fields: set[str], cond_field: str, wakers: set[str | None]
) -> dict[str, set[str]]:
    """For each waking method of the type, the changes of the waited-on fields it makes
    before a wake-up of its own, as text under a neutral receiver name."""
    out: dict[str, set[str]] = {}
    for _f, m in package.methods_of_type(type_name):
        name = gosyntax.function_name(m)
        recv = gosyntax.receiver_text(m)
        body = m.child_by_field_name("body")
        if name not in wakers or name is None or recv is None or body is None:
            continue
        wakes = [
            n.start_byte
            for n in gosyntax.walk(body)
            if n.type == "call_expression" and _wake_call(n, recv, cond_field, set())
        ]
        out[name] = {
            _as_receiver(n, recv)
            for n in gosyntax.walk(body)
            if _changed_field(n, recv, fields) is not None and any(w > n.end_byte for w in wakes)
        }
    return out


def _as_receiver(stmt: Node, recv: str) -> str:
    """The statement's text with the receiver's name made neutral (`r.inflight--` and
    `q.inflight--` read alike)."""
    return re.sub(rf"\b{re.escape(recv)}\.", "$.", gosyntax.text(stmt)).replace(" ", "")


def _unwoken_return(
    stmt: Node,
    body: Node,
    recv: str,
    cond_field: str,
    wakers: set[str | None],
    configuration: Callable[[str], bool] = lambda _field: False,
) -> tuple[Node, Node] | None:
    """(the `if`, its `return`) when `stmt` sits in the consequence of an `if` without an
    `else` that ends in a `return` and wakes nobody, the condition not reading the object
    (DATA_BRANCH): `if err != nil { r.failed[id] = err; return }`. A field that
    `configuration` says no method changes is not read as the object's state."""
    branch = next((a for a in gosyntax.ancestors(stmt, body) if a.type == "if_statement"), None)
    arm = branch.child_by_field_name("consequence") if branch is not None else None
    if branch is None or arm is None or not gosyntax.is_within(stmt, arm):
        return None
    own = gosyntax.statements(arm)
    if not own or own[-1].type != "return_statement":
        return None
    if any(_wake_call(n, recv, cond_field, wakers) for n in gosyntax.walk(arm)):
        return None
    if branch.child_by_field_name("alternative") is not None or _reads_a_field(
        gosyntax.field(branch, "condition"), recv, configuration
    ):
        return None  # DATA_BRANCH
    return branch, own[-1]


def _map_store(stmt: Node, recv: str, fields: set[str]) -> str | None:
    """`failed` for `r.failed[id] = err`, a store into a map field the wait reads."""
    if (
        stmt.type != "assignment_statement"
        or gosyntax.text(gosyntax.field(stmt, "operator")) != "="
    ):
        return None
    targets = gosyntax.field(stmt, "left").named_children
    if len(targets) != 1 or targets[0].type != "index_expression":
        return None
    return _changed_field(stmt, recv, fields)


def _wake_call(node: Node, recv: str, cond_field: str, wakers: set[str | None]) -> bool:
    """Is the node a `recv.cond.Broadcast()`/`Signal()`, or a call of a method that wakes?"""
    if node.type != "call_expression":
        return False
    called = gosyntax.called_expression_text(node)
    if called in (f"{recv}.{cond_field}.Broadcast", f"{recv}.{cond_field}.Signal"):
        return True
    return called.startswith(f"{recv}.") and called[len(recv) + 1 :] in wakers


def _fields_read(cond: Node | None, recv: str) -> set[str]:
    """The receiver's fields a wait loop's condition reads (`len(q.items) > 0 ||
    q.inFlight > 0`)."""
    return {name for _n, name in _receiver_fields(cond, recv)}


def _receiver_fields(cond: Node | None, recv: str) -> Iterator[tuple[Node, str]]:
    """(the selector, the field's name) for each `recv.field` the expression reads."""
    for n in [cond, *gosyntax.walk(cond)] if cond is not None else ():
        if n.type != "selector_expression":
            continue
        operand = n.child_by_field_name("operand")
        if operand is not None and operand.type == "identifier" and gosyntax.text(operand) == recv:
            yield n, gosyntax.text(gosyntax.field(n, "field"))


def waking_methods(
    package: Package, type_name: str, cond_field: str, wakes: str = "Signal|Broadcast"
) -> set[str | None]:
    """The methods of the type that call `wakes` on the condition themselves, directly or
    through a local they take it into first (`cond := c.runCond; c.runCond = nil;
    cond.Broadcast()`: WOKEN_THROUGH_A_LOCAL, audit 42: terraform's `releaseRun`)."""
    pattern = re.compile(
        rb"\." + re.escape(cond_field.encode()) + rb"\.(" + wakes.encode() + rb")\("
    )
    through_local = rb"\.(" + wakes.encode() + rb")\("
    out: set[str | None] = set()
    for _f, m in package.methods_of_type(type_name):
        text = m.text or b""
        if pattern.search(text) or woken_through_a_local(cond_field.encode(), text, through_local):
            out.add(gosyntax.function_name(m))
    return out


def _skipped_in(
    method: Function,
    fields: set[str],
    cond_field: str,
    wakers: set[str | None],
    terminal: dict[str, str] | None = None,
    waiter_counts: frozenset[str] = frozenset(),
    wakes_at: Callable[[CfgNode], Node | None] | None = None,
    demands: frozenset[str] = frozenset(),
    waited_to_grow: frozenset[str] = frozenset(),
) -> tuple[Node, str, Node, Node, Node, bool | None] | None:
    """(the change, the field, the wake-up, where the other path leaves, the parting
    `if`, which way it goes to leave) for the method's first change of a field that is
    woken on one path only. TERMINAL_FLAG: a change that sets a flag of `terminal` (a
    conjunct of the wait loop's condition, with the value that ends the wait) to that
    value ends every waiter's wait, so a branch on the object's state (DATA_BRANCH) is
    no reason to skip the wake-up: `a.closed = true` woken only `if len(pending) > 0`
    (blind dev p462); unless the branch reads a count the waiters keep of themselves
    (`if s.waiting > 0`, WAITER_COUNT): waking nobody is no loss. A change that only
    shrinks a collection the waiters wait to see grow (`waited_to_grow`) ends no wait
    (SHRINK_RELEASES_NO_EMPTY_WAIT)."""
    cfg = method.cfg
    recv = gosyntax.receiver_text(method.node)
    if cfg is None or recv is None:
        return None
    wakes = wakes_at or (
        lambda n: _wakes(n, lambda call: _wake_call(call, recv, cond_field, wakers))
    )
    for node in cfg.nodes:
        if node.kind != "stmt" or node.ast is None:
            continue
        name = _changed_field(node.ast, recv, fields)
        if name is None or (name in waited_to_grow and _only_shrinks(node.ast, recv, name)):
            continue
        found = _parting(node, wakes, lambda n: _lets_go(n, recv))
        if found is not None and (
            (
                _sets_terminal_flag(node.ast, recv, terminal or {})
                and not _reads_fields(found[2], recv, waiter_counts)
            )
            or not _reads_object(found[2], recv, method.node, node.ast)
            or (name in demands and _snapshot_taken_before(found[2], node.ast, method.node, recv))
        ):
            wake, skip, branch, when = found
            return node.ast, name, wake, skip, branch, when
    return None


def _waited_to_grow(condition: Node | None, recv: str) -> frozenset[str]:
    """SHRINK_RELEASES_NO_EMPTY_WAIT: the receiver's fields the wait loop reads only as
    too few (`len(q.items) == 0`, `len(q.items) < n`, `n > len(q.items)`): the loop
    goes on waiting while the collection is that small, so only growth can end it.
    Trade-off: a field read any other way anywhere in the condition is left out."""
    verdict: dict[str, bool] = {}
    for n, name in _receiver_fields(condition, recv):
        verdict[name] = verdict.get(name, True) and _read_as_too_few(n)
    return frozenset(name for name, too_few in verdict.items() if too_few)


# `len(x) == 0`, `len(x) < n`, `len(x) <= n` with `len(x)` on the left; mirrored on the right.
_TOO_FEW_LEFT = frozenset({"==", "<", "<="})
_TOO_FEW_RIGHT = frozenset({"==", ">", ">="})


def _read_as_too_few(selector: Node) -> bool:
    args = selector.parent
    call = args.parent if args is not None else None
    if (
        args is None
        or call is None
        or args.type != "argument_list"
        or call.type != "call_expression"
        or gosyntax.callee_text(call) != "len"
        or len(args.named_children) != 1
    ):
        return False
    test = call.parent
    while test is not None and test.type == "parenthesized_expression":
        call, test = test, test.parent
    if test is None or test.type != "binary_expression":
        return False
    operator = gosyntax.text(gosyntax.field(test, "operator"))
    left, right = test.child_by_field_name("left"), test.child_by_field_name("right")
    if left == call:
        other, ok = right, operator in _TOO_FEW_LEFT
    else:
        other, ok = left, operator in _TOO_FEW_RIGHT
    if not ok or other is None:
        return False
    return operator not in ("==",) or gosyntax.text(other) == "0"


def _only_shrinks(stmt: Node, recv: str, name: str) -> bool:
    """Is the statement `recv.name = recv.name[i:]` (any bounds) or `recv.name = nil`?"""
    if (
        stmt.type != "assignment_statement"
        or gosyntax.text(gosyntax.field(stmt, "operator")) != "="
    ):
        return False
    left = gosyntax.field(stmt, "left").named_children
    right = gosyntax.field(stmt, "right").named_children
    target = f"{recv}.{name}"
    if len(left) != 1 or len(right) != 1 or gosyntax.text(left[0]) != target:
        return False
    value = gosyntax.unparen(right[0]) or right[0]
    if value.type == "nil":
        return True
    return (
        value.type == "slice_expression"
        and gosyntax.text(gosyntax.field(value, "operand")) == target
    )


def _per_waiter_demands(condition: Node | None, recv: str, waiter: Node) -> frozenset[str]:
    """VARIABLE_DEMAND: the receiver's fields the wait loop compares with a parameter of
    the waiting method (`for r.free < units`): each waiter waits for its own amount."""
    params = {name for name, _ in gosyntax.parameters(waiter) if name}
    out: set[str] = set()
    stack = [condition] if condition is not None else []
    while stack:
        n = gosyntax.unparen(stack.pop())
        if n is None or n.type != "binary_expression":
            continue
        op = gosyntax.text(gosyntax.field(n, "operator"))
        left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        if op in ("&&", "||"):
            stack.extend(x for x in (left, right) if x is not None)
            continue
        if op not in ("<", "<=", ">", ">=") or left is None or right is None:
            continue
        for side, other in ((left, right), (right, left)):
            field = _field_path(side, recv)
            if field is not None and gosyntax.mentions(other, params):
                out.add(field.split(".")[0])
    return frozenset(out)


def _snapshot_taken_before(branch: Node, change: Node, method: Node, recv: str) -> bool:
    """STALE_SNAPSHOT: the parting condition reads only locals the method took from the
    object before the change (`wasFull := r.free == 0`, then `r.free += units`, then `if
    wasFull { Broadcast }`): it wakes on a crossing of one threshold, while each waiter
    waits for its own amount (VARIABLE_DEMAND), so a change that meets a waiter's amount
    without that crossing leaves it asleep (blind dev p585). Trade-off: a wake on the
    crossing that every waiter's amount shares (all ask for one) is reported too."""
    expr = branch.child_by_field_name("condition")
    if expr is None:
        return False
    names = {gosyntax.text(n) for n in [expr, *gosyntax.walk(expr)] if n.type == "identifier"}
    if not names or recv in names:
        return False
    body = method.child_by_field_name("body")
    taken: set[str] = set()
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type != "short_var_declaration":
            continue
        left = {gosyntax.text(x) for x in gosyntax.field(n, "left").named_children}
        if left & names:
            if n.start_byte >= change.start_byte or not _reads_a_field(
                gosyntax.field(n, "right"), recv
            ):
                return False
            taken |= left & names
    return taken == names


def _conjunct_flags(condition: Node | None, recv: str) -> dict[str, str]:
    """The receiver's flags that are conjuncts of the wait loop's condition (`!q.closed`
    in `len(q.items) == 0 && !q.closed`), each with the value that ends the wait on its
    own ("true" for `!q.closed`, "false" for a bare `q.running`)."""
    out: dict[str, str] = {}
    stack = [condition] if condition is not None else []
    while stack:
        n = gosyntax.unparen(stack.pop())
        if n is None:
            continue
        if n.type == "binary_expression" and gosyntax.text(gosyntax.field(n, "operator")) == "&&":
            stack.extend(
                side
                for side in (n.child_by_field_name("left"), n.child_by_field_name("right"))
                if side is not None
            )
            continue
        ends = "false"
        if n.type == "unary_expression" and gosyntax.text(gosyntax.field(n, "operator")) == "!":
            n, ends = gosyntax.unparen(n.child_by_field_name("operand")), "true"
        if (
            n is not None
            and n.type == "selector_expression"
            and gosyntax.text(gosyntax.field(n, "operand")) == recv
        ):
            out[gosyntax.text(gosyntax.field(n, "field"))] = ends
    return out


def _waiter_counts(condition: Node | None, recv: str) -> frozenset[str]:
    """WAITER_COUNT: the receiver's fields the wait loop steps around its `Wait`
    (`s.waiting++` ... `s.waiting--`): a count of the goroutines asleep."""
    loop = condition.parent if condition is not None else None
    body = loop.child_by_field_name("body") if loop is not None else None
    found: set[str] = set()
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type not in ("inc_statement", "dec_statement"):
            continue
        target = gosyntax.unparen(n.named_children[0]) if n.named_children else None
        if (
            target is not None
            and target.type == "selector_expression"
            and gosyntax.text(gosyntax.field(target, "operand")) == recv
        ):
            found.add(gosyntax.text(gosyntax.field(target, "field")))
    return frozenset(found)


def _reads_fields(branch: Node, recv: str, fields: frozenset[str]) -> bool:
    """Does the parting condition read one of the receiver's `fields`?"""
    expr = branch.child_by_field_name("condition") or branch.child_by_field_name("value")
    return expr is not None and any(
        n.type == "selector_expression"
        and gosyntax.text(gosyntax.field(n, "field")) in fields
        and gosyntax.text(gosyntax.field(n, "operand")) == recv
        for n in [expr, *gosyntax.walk(expr)]
    )


def _sets_terminal_flag(stmt: Node, recv: str, terminal: dict[str, str]) -> bool:
    """Does the statement set a terminal flag to the value that ends the wait (`a.closed
    = true`)? The method's receiver may be named apart from the waiter's: read by field."""
    if stmt.type != "assignment_statement" or not terminal:
        return False
    left = gosyntax.field(stmt, "left").named_children
    right = gosyntax.field(stmt, "right").named_children
    if len(left) != 1 or len(right) != 1 or left[0].type != "selector_expression":
        return False
    if gosyntax.text(gosyntax.field(left[0], "operand")) != recv:
        return False
    return terminal.get(gosyntax.text(gosyntax.field(left[0], "field"))) == right[0].type


def _changed_field(stmt: Node, recv: str, fields: set[str]) -> str | None:
    """`inFlight` for `q.inFlight--`, `q.inFlight = n`, `q.items = append(q.items, it)`."""
    for t in _written(stmt):
        while t.type == "index_expression":
            t = gosyntax.field(t, "operand")
        if t.type != "selector_expression":
            continue
        operand = t.child_by_field_name("operand")
        name = gosyntax.text(gosyntax.field(t, "field"))
        if operand is not None and gosyntax.text(operand) == recv and name in fields:
            return name
    return None


def _wakes(node: CfgNode, is_wake: Callable[[Node], bool]) -> Node | None:
    """The node's `recv.cond.Signal()`/`Broadcast()`, or its call of a method that makes one."""
    for e in node.events:
        if e.kind == "call" and e.call is not None and is_wake(e.call):
            return e.call
    return None


def _lets_go(node: CfgNode, recv: str) -> bool:
    """Has the path let the lock go for good here: a `Wait` on a condition of the object
    (which sleeps), a way out of the method, or a `Lock` that starts another critical
    section? An `Unlock` is not enough: `mu.Unlock(); cond.Broadcast()` still wakes."""
    if node.kind in (RETURN, END):
        return True
    for e in node.events:
        if e.kind in ("lock", "rlock"):
            return True
        if e.call is None:
            continue
        fn = e.call.child_by_field_name("function")
        if (
            fn is not None
            and fn.type == "selector_expression"
            and gosyntax.text(gosyntax.field(fn, "field")) == "Wait"
            and gosyntax.text(gosyntax.field(fn, "operand")).startswith(f"{recv}.")
        ):
            return True
    return False


def _parting(
    change: CfgNode,
    wakes: Callable[[CfgNode], Node | None],
    lets_go: Callable[[CfgNode], bool],
) -> tuple[Node, Node, Node, bool | None] | None:
    """WOKEN_ON_ONE_PATH: (a wake-up, where an unwaking path lets go, the condition where
    they part, which way it goes on the unwaking path) when, from `change`, one path
    reaches a wake-up before the lock is let go and another lets it go first, and they
    part at an `if` or a `switch` (whether its condition reads the object, DATA_BRANCH,
    is the caller's question)."""
    region: list[CfgNode] = []
    seen: set[int] = set()
    stack = list(change.succ)
    woken: dict[int, Node] = {}
    left: set[int] = set()
    while stack:
        n = stack.pop()
        if n.id in seen:
            continue
        seen.add(n.id)
        region.append(n)
        wake = wakes(n)
        if wake is not None:
            woken[n.id] = wake
            continue
        if lets_go(n):
            left.add(n.id)
            continue
        if n.terminal:
            continue
        stack.extend(n.succ)
    if not woken or not left:
        return None
    can_wake = _backwards(region, set(woken), left)
    can_leave = _backwards(region, left, set(woken))
    for n in region:
        if n.kind != "cond" or n.ast is None or n.id in woken or n.id in left:
            continue
        ways = n.succ
        if any(s.id in can_wake for s in ways) and any(
            s.id in can_leave and s.id not in can_wake for s in ways
        ):
            skip_from = next(s for s in ways if s.id in can_leave and s.id not in can_wake)
            return (
                next(iter(woken.values())),
                _leaving_statement(skip_from, left, woken),
                n.ast,
                skip_from.arm[1] if skip_from.arm is not None else None,
            )
    return None


def _backwards(region: list[CfgNode], targets: set[int], blocked: set[int]) -> set[int]:
    """The region's nodes (by id) from which a target is reached without passing a
    blocked node."""
    preds: dict[int, list[CfgNode]] = {}
    ids = {n.id for n in region}
    for n in region:
        for s in n.succ:
            if s.id in ids:
                preds.setdefault(s.id, []).append(n)
    out = set(targets)
    stack = list(targets)
    while stack:
        for p in preds.get(stack.pop(), ()):
            if p.id not in out and p.id not in blocked:
                out.add(p.id)
                stack.append(p.id)
    return out


_JUMPS = frozenset({"continue_statement", "return_statement", "break_statement", "goto_statement"})


def _leaving_statement(start: CfgNode, left: set[int], woken: dict[int, Node]) -> Node:
    """The first jump (`continue`, `return`) or letting go on the unwaking path from `start`."""
    queue, seen = [start], set[int]()
    while queue:
        n = queue.pop(0)
        if n.id in seen or n.id in woken:
            continue
        seen.add(n.id)
        if n.ast is not None and (n.ast.type in _JUMPS or n.id in left):
            return n.ast
        queue.extend(n.succ)
    return start.ast if start.ast is not None else start.succ[0].ast  # type: ignore[return-value]


def _reads_object(branch: Node, recv: str, method: Node, change: Node) -> bool:
    """DATA_BRANCH: does the parting condition read the object, directly or through a
    local assigned from an expression that does (`last := q.pending == 0`), or a value
    the change stores (`t.err = err` ... `if err != nil`: the path that does not wake
    stored nil, which ends no wait)?"""
    expr = branch.child_by_field_name("condition") or branch.child_by_field_name("value")
    if expr is None:
        return True  # a `switch { case ...: }`: its cases are the conditions; trust it
    names = {gosyntax.text(n) for n in [expr, *gosyntax.walk(expr)] if n.type == "identifier"}
    stored = change.child_by_field_name("right")
    if recv in names or (
        stored is not None
        and names & {gosyntax.text(n) for n in gosyntax.walk(stored) if n.type == "identifier"}
    ):
        return True
    if _error_test(expr):
        return False  # ERROR_TEST_IS_NO_DATA
    if _counted_beside(change, names):
        return True
    body = method.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type not in ("short_var_declaration", "assignment_statement"):
            continue
        left = {gosyntax.text(x) for x in gosyntax.field(n, "left").named_children}
        if left & names and _reads_a_field(gosyntax.field(n, "right"), recv):
            return True
    return False


def _counted_beside(change: Node, names: set[str]) -> bool:
    """COUNTED_WITH_THE_CHANGE: a local of the parting condition that a statement of the
    change's own block steps or sets (`w.queue = append(w.queue, c); queued++` ... `if
    queued > 0 { w.cond.Broadcast() }`, `changed = true`): the path that does not wake
    made no change. Trade-off: a counter stepped beside the change but also elsewhere
    for another reason is trusted the same."""
    block = change.parent
    for stmt in block.named_children if block is not None else ():
        if stmt == change:
            continue
        if stmt.type in ("inc_statement", "dec_statement", "assignment_statement"):
            targets = _written(stmt)
            if any(t.type == "identifier" and gosyntax.text(t) in names for t in targets):
                return True
    return False


# ERROR_TEST_IS_NO_DATA: `if err != nil` after `err := q.sink.Write(...)` parts on a failure,
# not on the object's state, even when the failing call goes through a field: the path
# that leaves without waking is an error path the method forgot. Trade-off: an error
# variable that a method of the object computes from its own state (`err :=
# q.validate()`) is read as a failure too.
ERROR_NAME = re.compile(r"^(err|[A-Za-z]+Err)$")


def _error_test(expr: Node) -> bool:
    """Is the condition `err != nil` or `err == nil` on an error-named variable?"""
    name = gosyntax.non_nil_tested(expr) or gosyntax.nil_tested(expr)
    return name is not None and ERROR_NAME.match(name) is not None


def _reads_a_field(
    expr: Node, recv: str, configuration: Callable[[str], bool] = lambda _field: False
) -> bool:
    """Does the expression read a field of the receiver (`q.pending`), not only call
    through it (`q.upload(it)`: the call's result is not the object's state), nor read a
    field `configuration` says is set once (CONFIGURATION_IS_NO_DATA)?"""
    for n in [expr, *gosyntax.walk(expr)]:
        if n.type != "selector_expression" or gosyntax.text(gosyntax.field(n, "operand")) != recv:
            continue
        name = gosyntax.field(n, "field")
        if gosyntax.call_naming(name) is None and not configuration(gosyntax.text(name)):
            return True
    return False
