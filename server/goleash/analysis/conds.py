"""Condition variables a waiter can wait on forever.

`c.Wait()` on a `sync.Cond` returns only after a `Signal` or `Broadcast` on the same
condition. Two ways it never does:

- nothing in the package ever signals that condition: no `Signal()` or `Broadcast()`
  on the field (any object of the type), on the package-level variable, or on the
  local one in the function that made it with `sync.NewCond`;
- the `Wait` is not in a loop that re-checks what it waits for: a `Signal` sent
  before the waiter got there is not remembered, so the waiter sleeps through the
  one wake-up it was owed.

A `Wait` outside a loop is also not reported when a `goto` after it jumps back to a
label before it (GOTO_LOOP), or when the waiter tests a condition holding a lock it
keeps until `Wait` and every signal of the condition is sent holding a lock
(CHECKED_UNDER_LOCK): no wake-up falls between the test and the `Wait`.

A `Wait` outside a loop is not reported when its function locks the condition's
mutex before starting the goroutine that signals under that same mutex, and keeps
it until `Wait` (SIGNALLER_WAITS_FOR_LOCK): that signal cannot be lost. Nor when:
- CALLER_LOOPS: every call of its function in the package sits in a `for` loop of
  the caller (`for n == 0 { n = p.readOrBlock(b) }`): the function waits once and
  returns, and the loop that re-checks is the caller's. A caller outside the
  package is not seen.
- WAIT_WRAPPER: its function does nothing else (`func (c *flusherCond) Wait() {
  c.cond.Wait() }`): a wrapper is judged where it is called, not here.
- SYNCTEST_BUBBLE: it runs inside `synctest.Test`/`synctest.Run`, and the goroutine
  that signals sleeps (`time.Sleep`) before it signals: in the bubble time moves only
  once every goroutine is blocked, so the waiter is already in `Wait`. Real time
  outside a bubble makes no such promise, and is judged as usual.

A field's condition counts as signalled when a variable stored into that field
(`&paced{wait: wait}`, `p.wait = wait`) is signalled (STORED_COND); and one that the
package never sets at all is nil, so a `Wait` on it panics rather than sleeps
(NEVER_SET): neither is reported as never woken. A store through a function the
package calls is not followed.

Trade-off: a condition handed to code outside the package (an exported field, a
parameter, returned) may be signalled there: only unexported fields, package-level
variables and locals are judged for the first; the second is judged for every
`Wait`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.functions import Function, Functions

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.analysis.scopes import Var
    from goleash.source import SourceFile


@dataclass(frozen=True)
class CondWait:
    wait: Node  # the Wait call
    name: str  # the condition as written: `q.ready`
    never_signalled: bool  # nothing in the package signals it (else: the Wait is outside a loop)


def cond_waits(file: SourceFile, package: Package, wait_calls: Iterable[Node]) -> list[CondWait]:
    functions = Functions(package)
    out: list[CondWait] = []
    for call in wait_calls:
        fn = call.child_by_field_name("function")
        operand = fn.child_by_field_name("operand") if fn is not None else None
        func = functions.enclosing(call, file)
        if operand is None or func is None or not _is_cond(operand, func):
            continue
        never = _never_signalled(operand, func, package)
        outside = (
            not any(a.type == "for_statement" for a in gosyntax.ancestors(call, func.node))
            and not _signaller_waits_for_lock(call, func)
            and not _waits_for_its_caller(call, func, package)
            and not _in_synctest_bubble(call, func)
            and not _goto_loop(call, func)
            and not _checked_and_signalled_under_lock(call, operand, func, package)
        )
        if never or outside:
            out.append(CondWait(call, gosyntax.text(operand), never))
    return out


def _goto_loop(wait_call: Node, func: Function) -> bool:
    """GOTO_LOOP: a `goto L` after the `Wait`, with `L:` labelling a statement before it
    (`entry: if q.closed {...}; if q.isEmpty() { q.cond.Wait(); goto entry }`): a loop
    that re-checks, written with a jump."""
    labels: dict[str, int] = {}
    gotos: list[tuple[str, int]] = []
    for node in gosyntax.walk(func.node):
        if node.type == "labeled_statement":
            label = node.child_by_field_name("label")
            if label is not None:
                labels[gosyntax.text(label)] = node.start_byte
        elif node.type == "goto_statement" and node.named_children:
            gotos.append((gosyntax.text(node.named_children[0]), node.start_byte))
    return any(
        at > wait_call.start_byte and labels.get(name, wait_call.start_byte) < wait_call.start_byte
        for name, at in gotos
    )


def _held_at(text: bytes, at: int) -> bool:
    """Is a mutex locked before byte `at` of `text` and not unlocked in between (a
    deferred unlock keeps it held)?"""
    locks = [m.end() for m in re.finditer(rb"\.(?:R)?Lock\(\)", text[:at])]
    if not locks:
        return False
    tail = re.sub(rb"defer\s+[\w.()]*\.(?:R)?Unlock\(\)", b"", text[locks[-1] : at])
    return not re.search(rb"\.(?:R)?Unlock\(\)", tail)


def _checked_and_signalled_under_lock(
    wait_call: Node, operand: Node, func: Function, package: Package
) -> bool:
    """CHECKED_UNDER_LOCK: the waiter tests a condition (an `if` around the `Wait`, or an
    `if` before it in the function) while holding a lock it keeps until `Wait`, and every
    `Signal`/`Broadcast` of that condition in the package is sent with a lock held: no
    wake-up can fall between the test and the `Wait`, so none is lost (goreman,
    swarmkit, stargz-snapshotter: audits 24-25). Trade-off: which mutex is held is not
    checked (any `Lock` counts), nor is it checked that the signaller changes the tested
    state under it."""
    body = func.node.child_by_field_name("body")
    if body is None or body.text is None:
        return False
    at = wait_call.start_byte - body.start_byte
    checks = [
        n
        for n in gosyntax.walk(body)
        if n.type == "if_statement" and n.start_byte < wait_call.start_byte
    ]
    if not checks:
        return False
    check = checks[-1].start_byte - body.start_byte  # the test nearest the Wait
    between = re.sub(rb"defer\s+[\w.()]*\.(?:R)?Unlock\(\)", b"", body.text[check:at])
    if not _held_at(body.text, check) or re.search(rb"\.(?:R)?Unlock\(\)", between):
        return False
    name = gosyntax.text(operand).rsplit(".", 1)[-1]
    wake = re.compile(rb"\b" + re.escape(name.encode()) + rb"\.(?:Signal|Broadcast)\(\)")
    seen = False
    for f in package.files:
        for m in wake.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.start() + 1)
            top = gosyntax.enclosing_function(node) if node is not None else None
            top_body = top.child_by_field_name("body") if top is not None else None
            if top_body is None or top_body.text is None:
                return False
            if not _held_at(top_body.text, m.start() - top_body.start_byte):
                return False
            seen = True
    return seen


def _signaller_waits_for_lock(wait_call: Node, func: Function) -> bool:
    """Heuristic SIGNALLER_WAITS_FOR_LOCK: the waiting function locks a mutex, then starts
    the goroutine that signals, which locks the same mutex before it signals, and does
    not unlock it before `Wait`: the signal cannot come before `Wait` releases the lock.
    Trade-off: a second signaller elsewhere that does not take the lock is not seen."""
    body = func.node.child_by_field_name("body")
    if body is None:
        return False
    text = body.text
    assert text is not None  # parsed from bytes: nodes keep their text
    wait_at = wait_call.start_byte - body.start_byte
    for go in gosyntax.walk(body):
        if go.type != "go_statement" or go.start_byte > wait_call.start_byte:
            continue
        lit = go.named_children[0].child_by_field_name("function") if go.named_children else None
        if lit is None or lit.type != "func_literal":
            continue
        inner = lit.text
        assert inner is not None  # parsed from bytes: nodes keep their text
        if not re.search(rb"\.(Signal|Broadcast)\(\)", inner):
            continue
        go_at = go.start_byte - body.start_byte
        for m in re.finditer(rb"([\w.]+)\.Lock\(\)", text[:go_at]):
            mutex = re.escape(m.group(1))
            if re.search(mutex + rb"\.Lock\(\)", inner) and not re.search(
                mutex + rb"\.Unlock\(\)", text[m.end() : wait_at].replace(inner, b"")
            ):
                return True
    return False


def _waits_for_its_caller(wait_call: Node, func: Function, package: Package) -> bool:
    """WAIT_WRAPPER or CALLER_LOOPS: the function only passes the Wait on, or every call
    of it in the package is inside a `for` loop of its caller."""
    top = gosyntax.top_level(func.node)
    if top.type not in ("function_declaration", "method_declaration") or not func.name:
        return False
    if top == func.node:
        statements = [
            c for c in gosyntax.statements(top.child_by_field_name("body")) if c.type != "comment"
        ]
        if len(statements) == 1 and gosyntax.is_within(wait_call, statements[0]):
            return True  # WAIT_WRAPPER
    name = gosyntax.field(top, "name").text
    assert name is not None  # parsed from bytes: nodes keep their text
    call = re.compile(rb"(?<![\w])" + re.escape(name) + rb"\(")
    calls = 0
    for f in package.files:
        for m in call.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.start() + 1)
            if (
                node is None
                or node.parent is None
                or node.parent.type in ("function_declaration", "method_declaration")
            ):
                continue  # the declaration itself
            caller = gosyntax.enclosing_function(node)
            if caller is None:
                return False  # a call outside any function (a package-level value)
            if not any(a.type == "for_statement" for a in gosyntax.ancestors(node, caller)):
                return False
            calls += 1
    return calls > 0


_BUBBLES = ("synctest.Test", "synctest.Run")


def _in_synctest_bubble(wait_call: Node, func: Function) -> bool:
    """SYNCTEST_BUBBLE: the Wait runs in a function literal given to synctest.Test or
    synctest.Run, in which a goroutine sleeps before it signals."""
    for above in gosyntax.ancestors(wait_call):
        if above.type != "func_literal":
            continue
        args = above.parent
        call = args.parent if args is not None and args.type == "argument_list" else None
        if (
            call is None
            or call.type != "call_expression"
            or gosyntax.callee_text(call) not in _BUBBLES
        ):
            continue
        for go in gosyntax.walk(above):
            if go.type != "go_statement":
                continue
            text = go.text
            assert text is not None  # parsed from bytes: nodes keep their text
            wake = re.search(rb"\.(Signal|Broadcast)\(\)", text)
            sleep = text.find(b"time.Sleep(")
            if wake is not None and 0 <= sleep < wake.start():
                return True
        return False
    return False


def _is_cond(operand: Node, func: Function) -> bool:
    if func.resolver.expr_type(operand) == "sync.Cond":
        return True
    if operand.type == "identifier":
        var = func.resolver.scopes.lookup(operand)
        if var is not None and len(var.assignments) == 1:
            value = var.assignments[0][1]
            inner = gosyntax.unparen(value)
            return inner is not None and gosyntax.callee_text(inner) == "sync.NewCond"
    return False


def _never_signalled(operand: Node, func: Function, package: Package) -> bool:
    wake = rb"\.(Signal|Broadcast)\(\)"
    if operand.type == "selector_expression":
        field = gosyntax.field(operand, "field").text
        assert field is not None  # parsed from bytes: nodes keep their text
        if field[:1].isupper():
            return False  # exported: code outside the package may signal it
        pattern = re.compile(rb"\." + re.escape(field) + wake)
        if any(pattern.search(f.data) for f in package.files):
            return False
        if _woken_through_a_local(field, package, wake):
            return False
        return not _stored_or_unset(field, package, wake)
    if operand.type == "identifier":
        assert operand.text is not None  # parsed from bytes: nodes keep their text
        name = re.escape(operand.text)
        var = func.resolver.scopes.lookup(operand)
        if var is None:
            if operand.text[:1].isupper():
                return False
            pattern = re.compile(rb"\b" + name + wake)
            return not any(pattern.search(f.data) for f in package.files)
        if var.kind != "local":
            return False  # a parameter: the caller may signal it
        if len(var.assignments) == 1:
            value = gosyntax.unparen(var.assignments[0][1])
            if value is not None and value.type == "selector_expression":
                # `if cond := c.runCond; cond != nil { cond.Wait() }`: the field's own
                # condition, signalled wherever the field is (TAKEN_FROM_A_FIELD).
                return _never_signalled(value, func, package)
        top = gosyntax.top_level(func.node)
        assert top.text is not None  # parsed from bytes: nodes keep their text
        return not re.search(rb"\b" + name + wake, top.text) and not _escapes(var, top)
    return False


def _woken_through_a_local(field: bytes, package: Package, wake: bytes) -> bool:
    """WOKEN_THROUGH_A_LOCAL (`woken_through_a_local`) anywhere in the package."""
    return any(woken_through_a_local(field, f.data, wake) for f in package.files)


def woken_through_a_local(field: bytes, text: bytes, wake: bytes) -> bool:
    """WOKEN_THROUGH_A_LOCAL: `cond := c.runCond; c.runCond = nil; cond.Broadcast()`:
    `text` wakes (`wake`, a pattern such as `\\.(Signal|Broadcast)\\(`) a local it took
    from the field (audit 42: terraform's `releaseRun`)."""
    taken = re.compile(rb"\b(\w+)\s*:?=\s*\w+\." + re.escape(field) + rb"\b(?!\.)")
    return any(re.search(rb"\b" + re.escape(m.group(1)) + wake, text) for m in taken.finditer(text))


def _stored_or_unset(field: bytes, package: Package, wake: bytes) -> bool:
    """STORED_COND: a variable stored into the field is signalled; NEVER_SET: nothing in
    the package stores into the field (nor sets its `L`)."""
    f_ = re.escape(field)
    stores = re.compile(rb"(?:[{,\s]" + f_ + rb":\s*&?|\." + f_ + rb"\s*=\s*&?)([A-Za-z_]\w*)")
    sets = re.compile(rb"[{,\s]" + f_ + rb":|\." + f_ + rb"(?:\.L)?\s*=[^=]")
    names: set[bytes] = set()
    ever_set = False
    for f in package.files:
        names.update(m.group(1) for m in stores.finditer(f.data))
        ever_set = ever_set or sets.search(f.data) is not None
    if not ever_set:
        return True
    return any(
        re.search(rb"\b" + re.escape(n) + wake, f.data) for n in names for f in package.files
    )


def _escapes(var: Var, top: Node) -> bool:
    """The local condition is passed, stored or returned: someone else may signal it."""
    for n in var.occurrences:
        parent = n.parent
        if parent is None:
            continue
        if parent.type in (
            "argument_list",
            "return_statement",
            "expression_list",
            "keyed_element",
            "literal_element",
        ):
            if gosyntax.on_side_of(n, "short_var_declaration", "left"):
                continue  # its own declaration
            return True
    return False
