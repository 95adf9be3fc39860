"""Switches without a `default` that still leave no way through matching no case.

A type switch that lists every type a sealed interface of the package can hold:

```go
type chunkRepr interface{ isChunk() }   // sealed: only this package can implement it

func (*chunkReprJS) isChunk()  {}
func (*chunkReprCSS) isChunk() {}

wg.Add(len(chunks))
for i := range chunks {
        switch chunks[i].repr.(type) {  // no default, and none needed
        case *chunkReprJS:
                go genJS(i, &wg)
        case *chunkReprCSS:
                go genCSS(i, &wg)
        }
}
wg.Wait()
```

Read without types, the switch has a third way through, matching no case, on which no
goroutine starts and `Wait` waits for a `Done` that never comes. But an interface with
an unexported method can only hold types of its own package, and the switch lists all
of them.

Heuristic SEALED_TYPE_SWITCH, each condition a trade-off:
- the switched value's type is read from its declaration, or, for a field reached
  through an index (`c.chunks[i].repr`), from the fields of that name in the package's
  structs, which must all have the same type;
- that type is an interface of the package with an unexported method, and every type of
  the package declaring that method is among the cases (a pointer and a value receiver
  are the same type here);
- a nil interface value, which matches no case, is taken never to reach the switch.

And a switch over strings whose cases are exactly a list of choices the package spells
out elsewhere, as the values a setting is checked against:

```go
err := choice.CheckSlice(r.StatsInclude, []string{"server", "databases", "indexes"})
...
for _, stat := range r.StatsInclude {
        wg.Add(1)
        switch stat {   // no default: every value was checked against the list
        case "server": ...
        case "databases": ...
        case "indexes": ...
        }
}
```

Heuristic VALIDATED_CHOICES (audit 7: telegraf's ravendb input): every case of the
switch is a string literal, and a slice or array literal of the package lists those
same strings and no others. Trade-off: a list that only names the defaults, with the
values never checked, also closes the way through no case; a value outside it then
leaks unreported.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.values import base_type_name

if TYPE_CHECKING:
    from goleash.analysis.values import Resolver
    from goleash.source import SourceFile


def covers_every_implementation(switch: Node, resolver: Resolver) -> bool:
    """SEALED_TYPE_SWITCH: does the type switch list every type its value can hold?"""
    value = switch.child_by_field_name("value")
    listed = {
        base_type_name(t)
        for case in switch.named_children
        if case.type == "type_case"
        for t in case.children_by_field_name("type")
    }
    interface = _value_type(value, resolver) if value is not None else None
    if interface is None:
        return False
    sealing = _unexported_method(interface, resolver)
    if sealing is None:
        return False
    implementers = {receiver for _f, receiver, _m in resolver.package.methods_named(sealing)}
    return bool(implementers) and None not in implementers and implementers <= listed


def lists_every_allowed_value(switch: Node, resolver: Resolver) -> bool:
    """VALIDATED_CHOICES: are the switch's cases exactly a list of strings the package
    spells out in a slice or array literal?"""
    listed: set[str] = set()
    for case in switch.named_children:
        if case.type != "expression_case":
            continue
        values = case.child_by_field_name("value")
        for v in values.named_children if values is not None else ():
            if v.type not in ("interpreted_string_literal", "raw_string_literal"):
                return False
            listed.add(gosyntax.text(v)[1:-1])
    if len(listed) < 2:
        return False
    return frozenset(listed) in resolver.package.derived("string_lists", _string_lists)


# `[]string{"a", ...}` or `[3]string{"a", ...}`, as text.
_STRING_LIST = re.compile(rb"\]string\{\s*[\"`]")


def _string_lists(files: list[SourceFile]) -> set[frozenset[str]]:
    """The sets of strings the package's slice and array literals of strings list."""
    found: set[frozenset[str]] = set()
    for f in files:
        if _STRING_LIST.search(f.data) is None:
            continue  # read as text first: a file with no such literal is not parsed
        for lit in gosyntax.descendants(f.root, "composite_literal"):
            typ = lit.child_by_field_name("type")
            body = lit.child_by_field_name("body")
            if typ is None or body is None or typ.type not in ("slice_type", "array_type"):
                continue
            element = typ.child_by_field_name("element")
            if element is None or gosyntax.text(element) != "string":
                continue
            strings = [
                gosyntax.text(item)[1:-1]
                for elem in body.named_children
                if elem.type == "literal_element"
                for item in elem.named_children
                if item.type in ("interpreted_string_literal", "raw_string_literal")
            ]
            if strings and len(strings) == len(body.named_children):
                found.add(frozenset(strings))
    return found


def _value_type(value: Node, resolver: Resolver) -> str | None:
    declared = resolver.expr_type(value)
    if declared is not None:
        return declared
    value = gosyntax.unparen(value) or value
    field = value.child_by_field_name("field") if value.type == "selector_expression" else None
    if field is None:
        return None
    types = resolver.package.derived("field_types_by_name", _field_types_by_name).get(
        gosyntax.text(field), set()
    )
    return next(iter(types)) if len(types) == 1 else None


def _field_types_by_name(files: list[SourceFile]) -> dict[str, set[str | None]]:
    """{field name: the type names it has in the package's structs}."""
    found: dict[str, set[str | None]] = {}
    for f in files:
        for decl in gosyntax.descendants(f.root, "field_declaration"):
            typ = base_type_name(decl.child_by_field_name("type"))
            for name in decl.children_by_field_name("name"):
                found.setdefault(gosyntax.text(name), set()).add(typ)
    return found


def _unexported_method(interface: str, resolver: Resolver) -> str | None:
    """An unexported method of `interface`, an interface type of the package."""
    found = resolver.package.type_decl(interface)
    body = found[1] if found is not None else None
    if body is None or body.type != "interface_type":
        return None
    for elem in body.named_children:
        name = elem.child_by_field_name("name") if elem.type == "method_elem" else None
        if name is not None and gosyntax.text(name)[:1].islower():
            return gosyntax.text(name)
    return None
