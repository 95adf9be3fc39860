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

from goleash import gosyntax


def lost_under_key(package, stored) -> tuple | None:
    """For `stored`, the value of `x.field[key(...)] = value`: (the stored index
    expression, the first lookup under another key, the lookup's file) when no lookup of `.field` in the
    package can be under that key; else None."""
    parent, _child = gosyntax.parent_skipping_parens(stored)
    if parent is None or parent.type != "expression_list" or parent.parent is None or \
            parent.parent.type != "assignment_statement":
        return None
    left = parent.parent.child_by_field_name("left").named_children
    target = left[0] if len(left) == 1 else None
    if target is None or target.type != "index_expression":
        return None
    key = gosyntax.unparen(target.child_by_field_name("index"))
    operand = target.child_by_field_name("operand")
    maker = _key_maker(key)
    if maker is None or operand is None or operand.type != "selector_expression":
        return None
    field = operand.child_by_field_name("field").text
    pattern = re.compile(rb"\." + re.escape(field) + rb"\b")
    first_other = None
    for f in package.files:
        for m in pattern.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start() + 1, m.end())
            sel = node.parent if node is not None else None
            if sel is None or sel.type != "selector_expression":
                continue
            up = sel.parent
            if up is not None and up.type == "argument_list" and gosyntax.callee_text(up.parent) == "delete":
                continue  # dropping an entry takes nothing out
            if up is None or up.type != "index_expression" or up.child_by_field_name("operand") != sel:
                if _initialised(sel):
                    continue
                return None  # ranged over, copied, passed: any entry may be taken out
            if _stored_into(up):
                continue
            if _key_maker(gosyntax.unparen(up.child_by_field_name("index")), up) == maker:
                return None  # looked up under a key built the same way
            if first_other is None:
                first_other = (up, f)
    if first_other is None:
        return None  # never looked up at all: another question (the value is lost anyway)
    return (target, *first_other)


def _key_maker(key, where=None) -> bytes | None:
    """The function whose call built `key`: directly, or through a variable assigned from
    such a call in the same function."""
    if key is None:
        return None
    if key.type == "call_expression":
        fn = key.child_by_field_name("function")
        return fn.text if fn is not None and fn.type in ("identifier", "selector_expression") else None
    if key.type == "identifier" and where is not None:
        func = gosyntax.enclosing_function(where)
        if func is None:
            return None
        m = re.search(rb"\b" + re.escape(key.text) + rb"\s*:?=\s*([\w.]+)\(", func.text)
        return m.group(1) if m else None
    return None


def _stored_into(index_expr) -> bool:
    up = index_expr.parent
    return up is not None and up.type == "expression_list" and up.parent is not None and \
        up.parent.type == "assignment_statement" and up.parent.child_by_field_name("left") == up


def _initialised(sel) -> bool:
    """`r.cancels = map[...]...{}` / `make(...)`: the map itself set, no entry read."""
    up = sel.parent
    if up is None or up.type != "expression_list" or up.parent is None or up.parent.type != "assignment_statement":
        return False
    return up.parent.child_by_field_name("left") == up
