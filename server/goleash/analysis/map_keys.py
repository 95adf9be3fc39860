"""A value kept in a map under a key the package never looks it up by.

`r.cancels[subKey(topic, id)] = cancel` keeps a cancel function under a key made by
`subKey`; when every lookup of `r.cancels` elsewhere in the package indexes it with
something `subKey` did not make (`r.cancels[topic]`), the stored value is never
taken out again: the context it cancels is never cancelled.

Heuristic MAP_KEY_SHAPE: keys are compared by how they are built, not by value. A
stored key is judged only when it is a call of a function (`subKey(...)`); a lookup
matches it when its key is a call of the same function or a variable assigned from
one in the looking-up function. A `range` over the map, or the map used any other
way (copied, passed, returned), counts as a lookup under every key. Trade-off: a key
built once by the function and again by hand (`topic + "#" + id`) is taken for a
different key, and reported.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.package import Package, field_selectors

if TYPE_CHECKING:
    from goleash.source import SourceFile


def lost_under_key(package: Package, stored: Node) -> tuple[Node, Node, SourceFile] | None:
    """For `stored`, the value of `x.field[key(...)] = value`: (the stored index
    expression, the first lookup under another key, the lookup's file) when no lookup of `.field` in the
    package can be under that key; else None."""
    parent, _child = gosyntax.parent_skipping_parens(stored)
    if (
        parent is None
        or parent.type != "expression_list"
        or parent.parent is None
        or parent.parent.type != "assignment_statement"
    ):
        return None
    left = gosyntax.field(parent.parent, "left").named_children
    target = left[0] if len(left) == 1 else None
    if target is None or target.type != "index_expression":
        return None
    key = gosyntax.unparen(target.child_by_field_name("index"))
    operand = target.child_by_field_name("operand")
    maker = _key_maker(key)
    if maker is None or operand is None or operand.type != "selector_expression":
        return None
    field = gosyntax.field(operand, "field").text
    assert field is not None  # parsed from bytes: nodes keep their text
    first_other: tuple[Node, SourceFile] | None = None
    for sel, f in field_selectors(package, field):
        if gosyntax.is_deleted(sel):
            continue  # dropping an entry takes nothing out
        up = sel.parent
        if up is None or up.type != "index_expression" or up.child_by_field_name("operand") != sel:
            if gosyntax.on_side_of(sel, "assignment_statement", "left"):
                continue  # `r.cancels = make(...)`: the map itself set, no entry read
            return None  # ranged over, copied, passed: any entry may be taken out
        if gosyntax.on_side_of(up, "assignment_statement", "left"):
            continue  # a store
        if _key_maker(gosyntax.unparen(up.child_by_field_name("index")), up) == maker:
            return None  # looked up under a key built the same way
        if first_other is None:
            first_other = (up, f)
    if first_other is None:
        return None  # never looked up at all: another question (the value is lost anyway)
    return (target, *first_other)


def _key_maker(key: Node | None, where: Node | None = None) -> bytes | None:
    """The function whose call built `key`: directly, or through a variable assigned from
    such a call in the same function."""
    if key is None:
        return None
    if key.type == "call_expression":
        fn = key.child_by_field_name("function")
        return (
            fn.text if fn is not None and fn.type in ("identifier", "selector_expression") else None
        )
    if key.type == "identifier" and where is not None:
        func = gosyntax.enclosing_function(where)
        if func is None:
            return None
        assert (
            key.text is not None and func.text is not None
        )  # parsed from bytes: nodes keep their text
        m = re.search(rb"\b" + re.escape(key.text) + rb"\s*:?=\s*([\w.]+)\(", func.text)
        return m.group(1) if m else None
    return None


# Heuristic SET_OVERWRITES: a method named like a map's upsert (`Set`, `Put`, `Store`,
# `Update`, `Replace`, `Upsert`) is called again with a key it has seen before as a
# matter of course. When such a method keeps a new cancel function in the map under
# the caller's key without looking at the entry already there, the old entry's cancel
# is dropped uncalled. Trade-off: an upsert whose callers never repeat a key is
# reported; a method named otherwise (`Register`, `Add`) that overwrites is missed.
UPSERT_NAMES = re.compile(r"^(Set|Put|Store|Update|Replace|Upsert)([A-Z_]|$)")


def lost_on_overwrite(func_node: Node, stored: Node) -> tuple[Node, str | None] | None:
    """For `stored`, a cancel function kept in a map directly (`c.m[key] = cancel`) or in
    a struct literal bound to a variable that is (`e := &entry{cancel: cancel}`, then
    `c.m[key] = e`), in an upsert method, under one of its parameters, with no look at
    the entry already there: (the store's index expression, the holder's field that
    holds the cancel function, or None when it is kept directly)."""
    name = gosyntax.function_name(func_node) or ""
    if not UPSERT_NAMES.match(name):
        return None
    holder, via = _holder(stored)
    if holder is None:
        return None
    params = func_node.child_by_field_name("parameters")
    param_names = (
        {n.text for n in gosyntax.walk(params) if n.type == "identifier"}
        if params is not None
        else set()
    )
    body = func_node.child_by_field_name("body")
    store: Node | None = None
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type != "assignment_statement" or gosyntax.field(n, "operator").type != "=":
            continue
        left = gosyntax.field(n, "left").named_children
        right = gosyntax.field(n, "right").named_children
        if (
            len(left) == 1
            and len(right) == 1
            and left[0].type == "index_expression"
            and right[0].text == holder
        ):
            key = left[0].child_by_field_name("index")
            if key is not None and key.type == "identifier" and key.text in param_names:
                store = left[0]
    if store is None:
        return None
    assert body is not None  # the store was found in it
    operand = gosyntax.field(store, "operand").text
    stored_key = gosyntax.field(store, "index").text
    for n in gosyntax.walk(body):
        if (
            n.type == "index_expression"
            and n != store
            and gosyntax.field(n, "operand").text == operand
        ):
            return None  # the method looks at the map's entries: it may handle the old one
        if n.type == "call_expression" and gosyntax.callee_text(n) == "delete":
            args = gosyntax.call_arguments(n)
            if args and args[0].text == operand:
                return None
    del stored_key
    return store, via


def _holder(stored: Node) -> tuple[bytes | None, str | None]:
    """(the name the cancel function is kept under in the function, the field of the
    holder that holds it)."""
    _parent, child = gosyntax.parent_skipping_parens(stored)
    key_id = gosyntax.literal_key(child)
    keyed = key_id.parent.parent if key_id is not None and key_id.parent is not None else None
    if keyed is not None:
        lit = keyed.parent
        lit = lit.parent if lit is not None and lit.type == "literal_value" else lit
        up = lit.parent if lit is not None else None
        if up is not None and up.type == "unary_expression":
            up = up.parent
        if (
            key_id is None
            or up is None
            or up.type != "expression_list"
            or up.parent is None
            or up.parent.type != "short_var_declaration"
        ):
            return None, None
        names = gosyntax.field(up.parent, "left").named_children
        values = up.named_children
        if len(names) != len(values):
            return None, None
        for name, value in zip(names, values):
            if value.start_byte <= stored.start_byte < value.end_byte:
                return name.text, gosyntax.text(key_id)
        return None, None
    return stored.text, None
