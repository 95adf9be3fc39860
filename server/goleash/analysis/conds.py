"""Condition variables a waiter can wait on forever.

`c.Wait()` on a `sync.Cond` returns only after a `Signal` or `Broadcast` on the same
condition. Two ways it never does:

- nothing in the package ever signals that condition: no `Signal()` or `Broadcast()`
  on the field (any object of the type), on the package-level variable, or on the
  local one in the function that made it with `sync.NewCond`;
- the `Wait` is not in a loop that re-checks what it waits for: a `Signal` sent
  before the waiter got there is not remembered, so the waiter sleeps through the
  one wake-up it was owed.

A `Wait` outside a loop is not reported when its function locks the condition's
mutex before starting the goroutine that signals under that same mutex, and keeps
it until `Wait` (SIGNALLER_WAITS_FOR_LOCK): that signal cannot be lost.

Trade-off: a condition handed to code outside the package (an exported field, a
parameter, returned) may be signalled there: only unexported fields, package-level
variables and locals are judged for the first; the second is judged for every
`Wait`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from goleash import gosyntax
from goleash.analysis.functions import Functions, top_level


@dataclass(frozen=True)
class CondWait:
    wait: object  # the Wait call
    name: str  # the condition as written: `q.ready`
    never_signalled: bool  # nothing in the package signals it (else: the Wait is outside a loop)


def cond_waits(file, package, wait_calls) -> list[CondWait]:
    functions = Functions(package)
    out = []
    for call in wait_calls:
        fn = call.child_by_field_name("function")
        operand = fn.child_by_field_name("operand") if fn is not None else None
        func = functions.enclosing(call, file)
        if operand is None or func is None or not _is_cond(operand, func):
            continue
        never = _never_signalled(operand, func, package)
        outside = not any(a.type == "for_statement" for a in gosyntax.ancestors(call, func.node)) \
            and not _signaller_waits_for_lock(call, func)
        if never or outside:
            out.append(CondWait(call, operand.text.decode("utf-8", "replace"), never))
    return out


def _signaller_waits_for_lock(wait_call, func) -> bool:
    """Heuristic SIGNALLER_WAITS_FOR_LOCK: the waiting function locks a mutex, then starts
    the goroutine that signals, which locks the same mutex before it signals, and does
    not unlock it before `Wait`: the signal cannot come before `Wait` releases the lock.
    Trade-off: a second signaller elsewhere that does not take the lock is not seen."""
    body = func.node.child_by_field_name("body")
    if body is None:
        return False
    text = body.text
    wait_at = wait_call.start_byte - body.start_byte
    for go in gosyntax.walk(body):
        if go.type != "go_statement" or go.start_byte > wait_call.start_byte:
            continue
        lit = go.named_children[0].child_by_field_name("function") if go.named_children else None
        if lit is None or lit.type != "func_literal":
            continue
        inner = lit.text
        if not re.search(rb"\.(Signal|Broadcast)\(\)", inner):
            continue
        go_at = go.start_byte - body.start_byte
        for m in re.finditer(rb"([\w.]+)\.Lock\(\)", text[:go_at]):
            mutex = re.escape(m.group(1))
            if re.search(mutex + rb"\.Lock\(\)", inner) and \
                    not re.search(mutex + rb"\.Unlock\(\)", text[m.end():wait_at].replace(inner, b"")):
                return True
    return False


def _is_cond(operand, func) -> bool:
    if func.resolver.expr_type(operand) == "sync.Cond":
        return True
    if operand.type == "identifier":
        var = func.resolver.scopes.lookup(operand)
        if var is not None and len(var.assignments) == 1:
            value = var.assignments[0][1]
            return value is not None and gosyntax.callee_text(gosyntax.unparen(value)) == "sync.NewCond"
    return False


def _never_signalled(operand, func, package) -> bool:
    wake = rb"\.(Signal|Broadcast)\(\)"
    if operand.type == "selector_expression":
        field = operand.child_by_field_name("field").text
        if field[:1].isupper():
            return False  # exported: code outside the package may signal it
        pattern = re.compile(rb"\." + re.escape(field) + wake)
        return not any(pattern.search(f.data) for f in package.files)
    if operand.type == "identifier":
        name = re.escape(operand.text)
        var = func.resolver.scopes.lookup(operand)
        if var is None:
            if operand.text[:1].isupper():
                return False
            pattern = re.compile(rb"\b" + name + wake)
            return not any(pattern.search(f.data) for f in package.files)
        if var.kind != "local":
            return False  # a parameter: the caller may signal it
        top = top_level(func.node)
        return not re.search(rb"\b" + name + wake, top.text) and not _escapes(var, top)
    return False


def _escapes(var, top) -> bool:
    """The local condition is passed, stored or returned: someone else may signal it."""
    for n in var.occurrences:
        parent = n.parent
        if parent is None:
            continue
        if parent.type in ("argument_list", "return_statement", "expression_list", "keyed_element",
                           "literal_element"):
            if parent.type == "expression_list" and parent.parent is not None and \
                    parent.parent.type == "short_var_declaration" and parent.parent.child_by_field_name("left") == parent:
                continue  # its own declaration
            return True
    return False
