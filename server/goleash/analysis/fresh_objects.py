"""Fields an object made on the spot never has set.

```go
func TestCrudTask(t *testing.T) {
        m := newTaskManager()          // return &taskManager{started: false, ...}
        m.AddTask("a", task)           // if m.started { go func() { m.changed <- true }() }
}
```

A function that makes a struct itself (a composite literal, or a package constructor
that returns one) and never sets one of its fields, nor calls a method that does, holds
that field at its zero value for the object's whole life: a method that tests it
(`if m.started`, `if !d.started.Load() { return }`) takes one arm only. Tests build
such objects all the time and leave them unstarted.

Heuristic FRESH_OBJECT_FLAGS, each condition a trade-off:
- the variable is assigned once, from `&T{...}`/`T{...}` with keyed fields, or from a
  call of a package function whose only `return` gives such a literal; a field keyed to
  `false`, `0`, `nil` or `""` counts as unset, and one keyed to `true` and never set
  again is true for good (docker's awslogs stream made `logNonBlocking: true` never
  takes the blocking send of its `Log`);
- every use of the variable is a field or a method of it: passed, copied, returned or
  stored whole, someone else may set the field (then nothing is claimed);
- no use writes the field (an assignment, `++`, `&x.f`, or an atomic `Store`, `Swap`,
  `CompareAndSwap`, `Add`, `Or`, `And` on it), and no method called on it writes it,
  nor any method those call on their receiver (by name, on the literal's type).
Trade-off: a method reached another way (a method value, an interface) is not read;
a write through such a path is missed and the arm taken for impossible.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.index import receiver_type_name

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.analysis.scopes import Var

_ATOMIC_WRITES = frozenset({"Store", "Swap", "CompareAndSwap", "Add", "Or", "And"})
_ZERO_VALUES = frozenset({b"false", b"0", b"nil", b'""'})


def fixed_fields(var: Var, package: Package) -> dict[str, bool]:
    """The fields of the object in `var` that keep one value for its whole life
    (FRESH_OBJECT_FLAGS): False for those nothing ever sets (a zero value), True for
    those its literal keys to `true` and nothing sets again."""
    if len(var.assignments) != 1:
        return {}
    value = var.assignments[0][1]
    made = _made_literal(value, package) if value is not None else None
    if made is None:
        return {}
    literal, type_name = made
    found = package.fields_of(type_name)
    if found is None:
        return {}
    fields, _embedded = found
    keyed = _keyed_non_zero(literal)
    if keyed is None:
        return {}
    unset = (set(fields) - set(keyed)) | {f for f, v in keyed.items() if v == b"true"}
    methods: set[str] = set()
    for occ in var.occurrences:
        if occ == var.ident:
            continue
        use = _use_of(occ)
        if use is None:
            return {}  # handed on whole: someone else may set it
        how, name = use
        if how == "call":
            methods.add(name)
        elif how == "write":
            unset.discard(name)
    if not unset:
        return {}
    seen: set[str] = set()
    while methods:
        name = methods.pop()
        if name in seen:
            continue
        seen.add(name)
        decl = package.method(name, type_name)
        if decl is None or receiver_type_name(decl.node) != type_name:
            continue  # a field holding a function, or a method of an embedded type
        written = receiver_writes(decl.node)
        if written is None:
            return {}
        unset -= written[0]
        methods |= written[1]
    return {f: keyed.get(f) == b"true" for f in unset}


def _made_literal(value: tree_sitter.Node, package: Package) -> tuple[tree_sitter.Node, str] | None:
    """(the composite literal, its type's name) `value` makes, directly or through a
    package constructor whose only `return` gives it."""
    lit = _literal(value)
    if lit is not None:
        return lit
    call = gosyntax.unparen(value)
    if call is None or call.type != "call_expression":
        return None
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "identifier":
        return None
    decl = package.unique_function(gosyntax.text(fn))
    body = decl.node.child_by_field_name("body") if decl is not None else None
    if body is None:
        return None
    returns = [n for n in gosyntax.walk(body) if n.type == "return_statement"]
    if len(returns) != 1 or len(returns[0].named_children) != 1:
        return None
    results = returns[0].named_children[0]
    if results.type == "expression_list":
        if len(results.named_children) != 1:
            return None
        results = results.named_children[0]
    return _literal(results)


def _literal(value: tree_sitter.Node | None) -> tuple[tree_sitter.Node, str] | None:
    value = gosyntax.address_taken_operand(value)
    if value is None or value.type != "composite_literal":
        return None
    typ = value.child_by_field_name("type")
    if typ is None or typ.type != "type_identifier":
        return None
    return value, gosyntax.text(typ)


def _keyed_non_zero(literal: tree_sitter.Node) -> dict[str, bytes] | None:
    """The fields a keyed literal sets to something other than a zero value, with the
    text of that value (None for a positional literal: which field gets what is not
    read here)."""
    body = literal.child_by_field_name("body")
    out: dict[str, bytes] = {}
    for element in body.named_children if body is not None else ():
        if element.type == "comment":
            continue
        if element.type != "keyed_element":
            return None
        parts = [c for c in element.named_children if c.type != "comment"]
        if len(parts) != 2:
            return None
        key = gosyntax.text(parts[0])
        value = (gosyntax.unparen(parts[1]) or parts[1]).text or b""
        if value not in _ZERO_VALUES:
            out[key] = value
    return out


def _written(sel: tree_sitter.Node) -> bool:
    """Is `x.f` (the selector) written here: assigned, stepped, its address taken, or an
    atomic write called on it?"""
    up, child = gosyntax.parent_skipping_parens(sel)
    if up is None:
        return False
    if up.type == "selector_expression" and up.child_by_field_name("operand") == child:
        call, below = gosyntax.parent_skipping_parens(up)
        if (
            call is not None
            and call.type == "call_expression"
            and call.child_by_field_name("function") == below
        ):
            return gosyntax.text(gosyntax.field(up, "field")) in _ATOMIC_WRITES
        return _written(up)  # `x.f.g = ...` writes part of f
    if up.type in ("inc_statement", "dec_statement"):
        return True
    if up.type == "unary_expression" and gosyntax.field(up, "operator").type == "&":
        return True
    if up.type == "index_expression" and up.child_by_field_name("operand") == child:
        return _written(up)
    return up.type == "expression_list" and gosyntax.on_side_of(
        child, "assignment_statement", "left"
    )


def receiver_writes(method: tree_sitter.Node) -> tuple[set[str], set[str]] | None:
    """(the receiver's fields the method writes, the methods it calls on its receiver);
    None when it hands its receiver on whole."""
    recv = gosyntax.receiver_text(method)
    body = method.child_by_field_name("body")
    if recv is None or body is None:
        return set(), set()
    written: set[str] = set()
    calls: set[str] = set()
    for n in gosyntax.walk(body, skip_functions=False):
        if n.type != "identifier" or gosyntax.text(n) != recv:
            continue
        use = _use_of(n)
        if use is None:
            return None
        how, name = use
        if how == "call":
            calls.add(name)
        elif how == "write":
            written.add(name)
    return written, calls


def _use_of(ident: tree_sitter.Node) -> tuple[str, str] | None:
    """("call", m) for `x.m(...)`, ("write", f) for a write of `x.f`, ("read", f) for any
    other use of a field; None when `x` is used whole (handed on, copied)."""
    sel, child = gosyntax.parent_skipping_parens(ident)
    if (
        sel is None
        or sel.type != "selector_expression"
        or sel.child_by_field_name("operand") != child
    ):
        return None
    name = gosyntax.text(gosyntax.field(sel, "field"))
    up, below = gosyntax.parent_skipping_parens(sel)
    if (
        up is not None
        and up.type == "call_expression"
        and up.child_by_field_name("function") == below
    ):
        return "call", name
    return ("write" if _written(sel) else "read"), name


def tested_field(
    if_stmt: tree_sitter.Node, lookup: Callable[[tree_sitter.Node], Var | None]
) -> tuple[tree_sitter.Node, bool] | None:
    """(`x.f`, negated?) for `if x.f`, `if !x.f`, `if x.f.Load()`, `if !x.f.Load()`, or a
    local that mirrors one of them (MIRRORED_LOCAL); None for any other test. `lookup`
    resolves a name to its variable."""
    cond = gosyntax.unparen(if_stmt.child_by_field_name("condition"))
    negated = False
    if (
        cond is not None
        and cond.type == "unary_expression"
        and gosyntax.field(cond, "operator").type == "!"
    ):
        negated, cond = True, gosyntax.unparen(cond.child_by_field_name("operand"))
    if cond is not None and cond.type == "identifier":
        cond = _mirrored_test(lookup(cond))
    if cond is not None and cond.type == "call_expression" and not gosyntax.call_arguments(cond):
        fn = gosyntax.unparen(cond.child_by_field_name("function"))
        if (
            fn is not None
            and fn.type == "selector_expression"
            and gosyntax.text(gosyntax.field(fn, "field")) == "Load"
        ):
            cond = gosyntax.unparen(fn.child_by_field_name("operand"))
    if cond is None or cond.type != "selector_expression":
        return None
    return cond, negated


def _mirrored_test(var: Var | None) -> tree_sitter.Node | None:
    """MIRRORED_LOCAL: `changed := false; if m.started { changed = true }; ...; if changed`:
    a local bool set false where declared and true only in the body of one `if` (not in
    a loop the declaration is outside of) has that `if`'s condition as its value when
    tested later. The condition, or None. Trade-off: what the condition reads may change
    between the `if` and the test; it is taken as unchanged."""
    if var is None or var.kind != "local" or len(var.assignments) != 2:
        return None
    (first, first_value, _), (second, second_value, _) = var.assignments
    if first_value is None or first_value.text != b"false":
        return None
    if second_value is None or second_value.text != b"true":
        return None
    holder = second.parent
    while holder is not None and holder.type in ("block", "statement_list"):
        holder = holder.parent
    if holder is None or holder.type != "if_statement":
        return None
    body = holder.child_by_field_name("consequence")
    if body is None or not gosyntax.is_within(second, body):
        return None
    if gosyntax.loops_between(second, first.parent):
        return None
    return gosyntax.unparen(holder.child_by_field_name("condition"))
