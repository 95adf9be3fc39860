"""Just enough of Go's types to write correct code: zero values and channel element types.

Without a type checker we read declarations: the function's result list, the
package's `type` declarations, a channel's `make`, parameter or field. When a
named type cannot be resolved, `*new(T)` is its zero value: valid Go for any type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax, parsing
from goleash.source import SourceFile

if TYPE_CHECKING:
    from goleash.analysis.package import Package

_NUMERIC = frozenset(
    "int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 uintptr "
    "float32 float64 complex64 complex128 byte rune".split()
)
_NIL_TYPES = frozenset(
    {"pointer_type", "slice_type", "map_type", "channel_type", "function_type", "interface_type"}
)
_KNOWN_QUALIFIED = {"time.Duration": "0", "time.Time": "time.Time{}"}

_TYPE_SPECS = "(type_spec name: (type_identifier) @name type: (_) @type) @spec"


def package_files(package: Package) -> list[SourceFile]:
    """The file under analysis first, then its siblings (loaded only when asked)."""
    files = [package.main]
    source = getattr(package, "_siblings_source", ())
    try:
        more = source() if callable(source) else source
        files.extend(f for f in more if f.path != package.main.path)
    except Exception:  # a sibling that cannot be read must not cost the fix
        pass
    return files


def type_declaration(package: Package | None, name: str) -> Node | None:
    """The type node of `type name ...` in the package, or None."""
    if package is None:
        return None
    for f in package_files(package):
        for spec in parsing.captures(_TYPE_SPECS, f.root).get("spec", []):
            n = spec.child_by_field_name("name")
            if n is not None and gosyntax.text(n) == name:
                found: Node | None = spec.child_by_field_name("type")
                return found
    return None


def _type_params(func: Node) -> set[str]:
    names: set[str] = set()
    f: Node | None = func
    while f is not None:
        tps = f.child_by_field_name("type_parameters")
        if tps is not None:
            for d in tps.named_children:
                for c in d.named_children:
                    if c.type == "identifier":
                        names.add(gosyntax.text(c))
        f = gosyntax.enclosing_function(f)
    return names


def zero_value(
    type_node: Node, package: Package | None = None, func: Node | None = None, _depth: int = 0
) -> str:
    """Go source for the zero value of the type written at `type_node`."""
    t = type_node.type
    text = gosyntax.text(type_node)
    if t == "parenthesized_type" and type_node.named_children:
        return zero_value(type_node.named_children[0], package, func, _depth)
    if t in _NIL_TYPES:
        return "nil"
    if t in ("array_type", "struct_type"):
        return text + "{}"
    if t == "qualified_type":
        return _KNOWN_QUALIFIED.get(text, f"*new({text})")
    if t == "type_identifier":
        if text in _NUMERIC:
            return "0"
        if text == "string":
            return '""'
        if text == "bool":
            return "false"
        if text in ("error", "any"):
            return "nil"
        if func is not None and text in _type_params(func):
            return f"*new({text})"
        if _depth < 4:
            decl = type_declaration(package, text)
            if decl is not None:
                if decl.type == "struct_type":
                    return text + "{}"
                inner = zero_value(decl, package, None, _depth + 1)
                # `0`, `""`, `false` and `nil` convert to the named type implicitly.
                if inner in ("0", '""', "false", "nil"):
                    return inner
        return f"*new({text})"
    if t == "generic_type":
        base = type_node.child_by_field_name("type")
        decl = (
            type_declaration(package, gosyntax.text(base))
            if base is not None and package is not None
            else None
        )
        if decl is not None and decl.type == "struct_type":
            return text + "{}"
        return f"*new({text})"
    return f"*new({text})"


def results(func: Node) -> list[Node | None]:
    """The type nodes of `func`'s results, one per value."""
    return gosyntax.result_types(func)


def returns_error_last(func: Node) -> bool:
    res = results(func)
    last = res[-1] if res else None
    return last is not None and last.type == "type_identifier" and gosyntax.text(last) == "error"


def return_statement(func: Node, package: Package | None = None, err: str | None = None) -> str:
    """`return` with the zero value of each result; the last `error` result gets `err` when given."""
    res = results(func)
    if not res:
        return "return"
    if any(t is None for t in res):
        raise ValueError("a result without a type")  # only in code that does not parse
    values = [zero_value(t, package, func) for t in res if t is not None]
    if err and returns_error_last(func):
        values[-1] = err
    return "return " + ", ".join(values)


# -- channel element types ---------------------------------------------------


def element_type(chan_type: Node | None) -> str | None:
    """`T` for a channel_type node `chan T` / `<-chan T` / `chan<- T`."""
    if chan_type is None or chan_type.type != "channel_type":
        return None
    value = chan_type.child_by_field_name("value")
    return gosyntax.text(value) if value is not None else None


def direction(chan_type: Node) -> str:
    """ "both", "recv" (<-chan) or "send" (chan<-)."""
    text = gosyntax.text(chan_type).replace(" ", "")
    if text.startswith("<-"):
        return "recv"
    if text.startswith("chan<-"):
        return "send"
    return "both"


def _make_type(value: Node) -> Node | None:
    """The channel_type inside `make(chan T, n)`, if value is such a call."""
    expr = gosyntax.unparen(value)
    if expr is None or expr.type != "call_expression" or gosyntax.callee_text(expr) != "make":
        return None
    args = gosyntax.call_arguments(expr)
    return args[0] if args and args[0].type == "channel_type" else None


def declared_type(name: str, at: Node) -> Node | None:
    """The declared channel_type of local `name` visible at node `at` (param, :=, var)."""
    func = gosyntax.enclosing_function(at)
    while func is not None:
        for pname, ptype in gosyntax.parameters(func):
            if pname == name and ptype is not None and ptype.type == "channel_type":
                return ptype
        body = func.child_by_field_name("body")
        if body is not None:
            for n in gosyntax.walk(body):
                if n.start_byte >= at.start_byte:
                    break
                found = _declares(n, name)
                if found is not None:
                    return found
        func = gosyntax.enclosing_function(func) if func.type == "func_literal" else None
    return None


def _declares(n: Node, name: str) -> Node | None:
    if n.type == "short_var_declaration":
        left = gosyntax.field(n, "left").named_children
        right = gosyntax.field(n, "right").named_children
        for i, target in enumerate(left):
            if gosyntax.text(target) == name and i < len(right) and len(left) == len(right):
                return _make_type(right[i])
    elif n.type == "var_spec":
        names = [gosyntax.text(c) for c in n.children_by_field_name("name")]
        if name in names:
            typ = n.child_by_field_name("type")
            if typ is not None and typ.type == "channel_type":
                return typ
            value = n.child_by_field_name("value")
            if value is not None:
                vals = value.named_children
                i = names.index(name)
                if i < len(vals):
                    return _make_type(vals[i])
    return None


def struct_field_type(package: Package | None, type_name: str, field: str) -> Node | None:
    decl = type_declaration(package, type_name)
    if decl is None or decl.type != "struct_type":
        return None
    for fl in decl.named_children:
        for fd in fl.named_children if fl.type == "field_declaration_list" else ():
            if fd.type != "field_declaration":
                continue
            names = [gosyntax.text(c) for c in fd.children_by_field_name("name")]
            if field in names:
                found: Node | None = fd.child_by_field_name("type")
                return found
    return None


def receiver(func: Node | None) -> tuple[str, str] | None:
    """(receiver name, receiver base type name) of the method enclosing `func`, or None."""
    f = func
    while f is not None and f.type == "func_literal":
        f = gosyntax.enclosing_function(f)
    if f is None or f.type != "method_declaration":
        return None
    recv = f.child_by_field_name("receiver")
    for p in recv.named_children if recv is not None else ():
        name = p.child_by_field_name("name")
        t = p.child_by_field_name("type")
        while t is not None and t.type in ("pointer_type", "generic_type"):
            t = t.named_children[0] if t.named_children else None
        if name is not None and t is not None:
            return gosyntax.text(name), gosyntax.text(t)
    return None


def channel_expression_type(channel: Node | None, package: Package | None = None) -> Node | None:
    """The channel_type of a channel expression: a local name or a receiver field `s.ch`."""
    expr = gosyntax.unparen(channel)
    if expr is None:
        return None
    if expr.type == "identifier":
        return declared_type(gosyntax.text(expr), expr)
    if expr.type == "selector_expression":
        operand = gosyntax.unparen(expr.child_by_field_name("operand"))
        field = expr.child_by_field_name("field")
        recv = receiver(gosyntax.enclosing_function(expr))
        if operand is not None and field is not None and recv and gosyntax.text(operand) == recv[0]:
            t = struct_field_type(package, recv[1], gosyntax.text(field))
            return t if t is not None and t.type == "channel_type" else None
    return None
