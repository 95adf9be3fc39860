"""What an expression stands for: a variable, a struct field of a package type, a
context's Done channel, a timer, a call's fresh result. Just enough typing to get
there: receivers, parameters, composite literals, `new(T)`, `x := NewT(...)` through
declared result types, struct fields (with embedded promotion), type assertions.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.scopes import Scopes, Var

if TYPE_CHECKING:
    from goleash.analysis.package import Declaration, Package
    from goleash.source import SourceFile


@dataclass(frozen=True)
class VarRef:
    var: Var

    def describe(self) -> str:
        return self.var.name


@dataclass(frozen=True)
class FieldRef:
    type_name: str
    field: str
    base: Ref | None = dataclasses.field(
        default=None, compare=False, hash=False
    )  # the operand's Ref

    def describe(self) -> str:
        return f"{self.type_name}.{self.field}"

    @property
    def exported(self) -> bool:
        return self.field[:1].isupper()


@dataclass(frozen=True)
class GlobalRef:
    name: str

    def describe(self) -> str:
        return self.name


@dataclass(frozen=True)
class DoneRef:
    """`ctx.Done()`: closed when the context is cancelled."""

    base: Ref | None  # the context's Ref (None when unknown)

    def describe(self) -> str:
        return "ctx.Done()"


@dataclass(frozen=True)
class TimerRef:
    """`time.After(d)`, `t.C`: fires on its own."""

    def describe(self) -> str:
        return "timer"


@dataclass(frozen=True)
class CallRef:
    call: Node  # call_expression node: its (first) result

    def describe(self) -> str:
        return "call"


@dataclass(frozen=True)
class ElemRef:
    """`chans[i]`: an element of a local slice of channels (CHANNEL_SLICE)."""

    base: VarRef

    def describe(self) -> str:
        return f"{self.base.var.name}[...]"


# What an expression stands for.
Ref: TypeAlias = "VarRef | FieldRef | GlobalRef | DoneRef | TimerRef | CallRef | ElemRef"

TIMER_CALLS = frozenset({"time.After", "time.Tick"})
TIMER_TYPES = frozenset({"time.Ticker", "time.Timer"})
# What the time package's constructors return, so that `t := time.NewTicker(d)` types `t`.
_TIMER_CONSTRUCTORS = {"time.NewTicker": "time.Ticker", "time.NewTimer": "time.Timer"}


def base_type_name(typ: Node | None) -> str | None:
    """`*T`, `T`, `T[int]`, `pkg.T` -> "T" / "pkg.T"; None for unnamed types."""
    while typ is not None and typ.type in ("pointer_type", "parenthesized_type"):
        typ = typ.named_children[0] if typ.named_children else None
    if typ is None:
        return None
    if typ.type == "generic_type":
        typ = typ.child_by_field_name("type")
    if typ is None:
        return None
    if typ.type == "type_identifier":
        return gosyntax.text(typ)
    if typ.type == "qualified_type":
        return gosyntax.text(typ).replace(" ", "")
    return None


def collection_element_type(collection: Node | None, which: str) -> Node | None:
    """The element type (`which` = "value") or key type ("key") of a slice, array or map
    type node; a slice's or array's key is an int, not named."""
    while collection is not None and collection.type == "parenthesized_type":
        collection = collection.named_children[0] if collection.named_children else None
    if collection is None:
        return None
    if collection.type in ("slice_type", "array_type"):
        return collection.child_by_field_name("element") if which == "value" else None
    if collection.type == "map_type":
        return collection.child_by_field_name(which)
    return None


def _appends_to_itself(value: Node | None, name: str) -> bool:
    """`xs = append(xs, ...)`: a value that keeps the type `xs` already has."""
    value = gosyntax.unparen(value)
    if value is None or value.type != "call_expression" or gosyntax.callee_text(value) != "append":
        return False
    args = gosyntax.call_arguments(value)
    return bool(args) and gosyntax.text(args[0]) == name


def _scopes_of(decl: Node, file: SourceFile) -> Scopes:
    """The scopes of a top-level declaration, built once per file and kept on it: they
    depend on its syntax alone, and every file of a package the CLI analyses builds the
    summaries of its callees in the others (a standard-library check built 1,938 scopes
    for 1,198 declarations)."""
    by_decl: dict[tuple[int, int], Scopes] = file.__dict__.setdefault("_goleash_scopes", {})
    key = (decl.start_byte, decl.end_byte)
    found = by_decl.get(key)
    if found is None or found.decl.id != decl.id:
        found = by_decl[key] = Scopes(decl)
    return found


class Resolver:
    """Expression -> Ref and type names, inside one top-level declaration."""

    def __init__(self, decl: Node, package: Package, file: SourceFile) -> None:
        self.decl = decl
        self.package = package
        self.file = file
        self.scopes = _scopes_of(decl, file)
        self._var_types: dict[int, str | None] = {}

    # -- types -------------------------------------------------------------

    def var_type(self, var: Var) -> str | None:
        key = id(var)
        if key in self._var_types:
            return self._var_types[key]
        self._var_types[key] = None  # cycle guard
        t = base_type_name(var.type_node) if var.type_node is not None else None
        if t is None:
            for stmt, value, pos in var.assignments:
                if value is not None:
                    t = self.expr_type(value, pos if value.type == "call_expression" else 0)
                elif stmt is not None and stmt.type == "range_clause":
                    # `for _, u := range r.ups`: the element type of what it ranges over.
                    ranged = self.type_node(stmt.child_by_field_name("right"))
                    t = base_type_name(
                        collection_element_type(ranged, "value" if pos == 1 else "key")
                    )
                if t is not None:
                    break
        self._var_types[key] = t
        return t

    def expr_type(self, expr: Node | None, result_index: int = 0) -> str | None:
        expr = gosyntax.unparen(expr)
        if expr is None:
            return None
        t = expr.type
        if t == "unary_expression" and gosyntax.field(expr, "operator").type == "&":
            return self.expr_type(expr.child_by_field_name("operand"))
        if t == "composite_literal":
            return base_type_name(expr.child_by_field_name("type"))
        if t == "identifier":
            var = self.scopes.lookup(expr)
            return self.var_type(var) if var is not None else self._global_type(gosyntax.text(expr))
        if t == "type_assertion_expression":
            return base_type_name(expr.child_by_field_name("type"))
        if t == "index_expression":
            # `r.ups[i]`, `s.byName[name]`: an element of a slice, array or map.
            collection = self.type_node(expr.child_by_field_name("operand"))
            return base_type_name(collection_element_type(collection, "value"))
        if t == "selector_expression":
            owner = self.expr_type(expr.child_by_field_name("operand"))
            fld = expr.child_by_field_name("field")
            if owner is None or fld is None:
                return None
            found = self.package.field_type(owner, gosyntax.text(fld))
            return base_type_name(found[1]) if found is not None else None
        if t == "call_expression":
            callee = gosyntax.callee_text(expr)
            if callee == "new":
                args = gosyntax.call_arguments(expr)
                return base_type_name(args[0]) if args else None
            made = _TIMER_CONSTRUCTORS.get(callee or "")
            if made is not None and not self._shadows_time(expr):
                return made
            decl = self.callee(expr)
            if decl is not None:
                results = gosyntax.result_types(decl.node)
                if result_index < len(results):
                    return base_type_name(results[result_index])
        return None

    def type_node(self, expr: Node | None) -> Node | None:
        """The type, as written, of a variable or a field: `[]*U` for `r.ups`, for `ups`
        declared `ups []*U`, or for a local whose one value is written with it (`ups :=
        make([]*U, n)`); None when it cannot be read off the code."""
        expr = gosyntax.unparen(expr)
        if expr is None:
            return None
        if expr.type == "identifier":
            var = self.scopes.lookup(expr)
            if var is None:
                return None
            if var.type_node is not None:
                return var.type_node
            # `subs := make([]*Sub, 0, n)`, `xs := []*T{...}`, `all := f()`: the type
            # its one value is written with; `subs = append(subs, s)` keeps that type.
            values = [
                value
                for _stmt, value, _pos in var.assignments
                if not _appends_to_itself(value, gosyntax.text(expr))
            ]
            if len(values) != 1:
                return None
            return self._value_type_node(values[0]) if values[0] is not None else None
        if expr.type == "call_expression":
            return self._value_type_node(expr)
        if expr.type == "slice_expression":
            # `xs[:i]` has the elements of `xs` (an array's slice, its array's elements).
            return self.type_node(expr.child_by_field_name("operand"))
        if expr.type == "selector_expression":
            owner = self.expr_type(expr.child_by_field_name("operand"))
            fld = expr.child_by_field_name("field")
            if owner is None or fld is None:
                return None
            found = self.package.field_type(owner, gosyntax.text(fld))
            return found[1] if found is not None else None
        return None

    def _value_type_node(self, value: Node) -> Node | None:
        """The type node a value is written with: `make(T, ...)`'s T, a composite
        literal's type, `append(xs, ...)`'s xs, a package function's (first) result."""
        value = gosyntax.unparen(value) or value
        if value.type == "composite_literal":
            return value.child_by_field_name("type")
        if value.type != "call_expression":
            return None
        callee = gosyntax.callee_text(value)
        args = gosyntax.call_arguments(value)
        if callee == "make" and args:
            return args[0]
        if callee == "append" and args:
            return self.type_node(args[0])
        decl = self.callee(value)
        results = gosyntax.result_types(decl.node) if decl is not None else []
        return results[0] if results else None

    def _shadows_time(self, call: Node) -> bool:
        """`time` in `time.NewTicker(d)` names a variable, not the package."""
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        operand = fn.child_by_field_name("operand") if fn is not None else None
        return operand is not None and self.scopes.lookup(operand) is not None

    def _global_type(self, name: str) -> str | None:
        found = self.package.global_var(name)
        if found is None:
            return None
        typ, value = found
        if typ is not None:
            return base_type_name(typ)
        if value is not None and value.type in ("composite_literal", "unary_expression"):
            inner = (
                value.child_by_field_name("operand") if value.type == "unary_expression" else value
            )
            if inner is not None and inner.type == "composite_literal":
                return base_type_name(inner.child_by_field_name("type"))
        return None

    def _ranged_slice(self, var: Var) -> VarRef | None:
        """For `for _, ch := range chans` over a slice of channels: `chans`, whose
        element `ch` is (CHANNEL_SLICE)."""
        if len(var.assignments) != 1:
            return None
        stmt, _value, pos = var.assignments[0]
        if stmt.type != "range_clause" or pos != 1:
            return None
        right = gosyntax.unparen(stmt.child_by_field_name("right"))
        if right is None or right.type != "identifier":
            return None
        base = self.scopes.lookup(right)
        return VarRef(base) if base is not None and holds_channels(base) else None

    # -- calls -------------------------------------------------------------

    def callee(self, call: Node) -> Declaration | None:
        """The package declaration a call runs, when the code says it plainly."""
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if fn is None:
            return None
        if fn.type == "identifier":
            if self.scopes.lookup(fn) is not None:
                return None  # a local function value
            return self.package.unique_function(gosyntax.text(fn))
        if fn.type == "selector_expression":
            operand = gosyntax.unparen(fn.child_by_field_name("operand"))
            fld = fn.child_by_field_name("field")
            if operand is None or fld is None:
                return None
            owner = self.expr_type(operand)
            if owner is None:
                return None
            return self.package.method_of(owner, gosyntax.text(fld))
        return None

    # -- references ----------------------------------------------------------

    def ref(self, expr: Node | None) -> Ref | None:
        expr = gosyntax.unparen(expr)
        if expr is None:
            return None
        t = expr.type
        if t == "identifier":
            var = self.scopes.lookup(expr)
            if var is not None:
                ranged = self._ranged_slice(var)
                return ElemRef(ranged) if ranged is not None else VarRef(var)
            name = gosyntax.text(expr)
            if self.package.global_var(name) is not None:
                return GlobalRef(name)
            return None
        if t == "selector_expression":
            operand = gosyntax.unparen(expr.child_by_field_name("operand"))
            fld = expr.child_by_field_name("field")
            if operand is None or fld is None:
                return None
            name = gosyntax.text(fld)
            if name == "C":
                owner = self.expr_type(operand)
                if owner in TIMER_TYPES:
                    return TimerRef()
            owner = self.expr_type(operand)
            if owner is not None:
                found = self.package.field_type(owner, name)
                if found is not None:
                    return FieldRef(found[0], name, self.ref(operand))
            return None
        if t == "index_expression":
            base = self.ref(expr.child_by_field_name("operand"))
            if isinstance(base, VarRef) and holds_channels(base.var):
                return ElemRef(base)
            return None
        if t == "call_expression":
            callee = gosyntax.callee_text(expr)
            if callee in TIMER_CALLS:
                return TimerRef()
            fn = gosyntax.unparen(expr.child_by_field_name("function"))
            if (
                fn is not None
                and fn.type == "selector_expression"
                and not gosyntax.call_arguments(expr)
            ):
                fld = fn.child_by_field_name("field")
                if fld is not None and fld.text == b"Done":
                    return DoneRef(self.ref(fn.child_by_field_name("operand")))
                accessed = self._accessed_field(fn)
                if accessed is not None:
                    return accessed
            return CallRef(expr)
        return None

    def _accessed_field(self, fn: Node) -> FieldRef | None:
        """ACCESSOR: `sub.C()` where the package's method `C` of the operand's type only
        returns a channel field of its receiver (`func (s *Sub) C() <-chan T { return s.ch
        }`): the call stands for that field of the operand. Trade-off: an accessor that
        does anything else first (locks, checks) is a call like any other."""
        operand = gosyntax.unparen(fn.child_by_field_name("operand"))
        owner = self.expr_type(operand) if operand is not None else None
        selected = fn.child_by_field_name("field")
        decl = (
            self.package.method_of(owner, gosyntax.text(selected))
            if owner is not None and selected is not None
            else None
        )
        if decl is None or decl.body is None:
            return None
        statements = gosyntax.statements(decl.body)
        recv = gosyntax.receiver_text(decl.node)
        value = statements[0].named_children if len(statements) == 1 else []
        if (
            recv is None
            or len(statements) != 1
            or statements[0].type != "return_statement"
            or len(value) != 1
            or len(value[0].named_children) != 1
        ):
            return None
        returned = gosyntax.unparen(value[0].named_children[0])
        if returned is None or returned.type != "selector_expression":
            return None
        base = gosyntax.unparen(returned.child_by_field_name("operand"))
        returned_field = returned.child_by_field_name("field")
        if base is None or base.type != "identifier" or gosyntax.text(base) != recv:
            return None
        if returned_field is None or owner is None:
            return None
        field = gosyntax.text(returned_field)
        found = self.package.field_type(decl.receiver_type or owner, field)
        if found is None or found[1] is None or found[1].type != "channel_type":
            return None
        return FieldRef(found[0], field, self.ref(operand))


def channel_slice(var: Var) -> bool:
    """CHANNEL_SLICE: a local made once as a slice of channels (`make([]chan T, n)`);
    its elements are the channels, each indexed by the position of its item."""
    if var.kind != "local" or len(var.assignments) != 1:
        return False
    value = gosyntax.unparen(var.assignments[0][1])
    if value is None or value.type != "call_expression" or gosyntax.callee_text(value) != "make":
        return False
    args = gosyntax.call_arguments(value)
    return bool(args) and _slice_of_channels(args[0])


def _slice_of_channels(kind: Node | None) -> bool:
    """`[]chan T` (or `[]<-chan T`, `[]chan<- T`)."""
    if kind is None or kind.type != "slice_type":
        return False
    element = kind.child_by_field_name("element")
    return element is not None and element.type == "channel_type"


def holds_channels(var: Var) -> bool:
    """A local slice whose elements are channels it holds: made for them
    (CHANNEL_SLICE) or grown by appending them (APPENDED_ELEMENTS)."""
    return channel_slice(var) or appended_channel_slice(var)


def appended_channel_slice(var: Var) -> bool:
    """APPENDED_ELEMENTS: a local slice of channels declared empty (`var chans []chan T`,
    `chans := make([]chan T, 0, n)`, `chans := []chan T{}`) and then only grown in place,
    one channel at a time (`chans = append(chans, ch)`). Trade-off: any other store
    (a second slice appended, an element replaced, the slice re-made) leaves it alone."""
    if var.kind != "local" or len(var.assignments) < 2:
        return False
    stmt, value, _pos = var.assignments[0]
    if not _empty_channel_slice(stmt, value):
        return False
    return all(appended_value(s, v, var) is not None for s, v, _p in var.assignments[1:])


def _empty_channel_slice(stmt: Node, value: Node | None) -> bool:
    value = gosyntax.unparen(value)
    if value is None:
        if stmt.type != "var_spec":
            return False
        kind = stmt.child_by_field_name("type")
    elif value.type == "call_expression" and gosyntax.callee_text(value) == "make":
        args = gosyntax.call_arguments(value)
        if len(args) < 2 or not constant_zero(args[1]):
            return False
        kind = args[0]
    elif value.type == "composite_literal":
        body = value.child_by_field_name("body")
        if body is not None and body.named_child_count:
            return False
        kind = value.child_by_field_name("type")
    else:
        return False
    return _slice_of_channels(kind)


def constant_zero(expr: Node) -> bool:
    """`0` written as such (the length of a slice made to be appended to)."""
    inner = gosyntax.unparen(expr)
    return inner is not None and inner.type == "int_literal" and gosyntax.text(inner) == "0"


def appended_value(stmt: Node, value: Node | None, var: Var) -> Node | None:
    """The one value appended by `var = append(var, x)` (None for any other store)."""
    values = appended_values(stmt, value, var)
    return values[0] if values is not None and len(values) == 1 else None


def appended_values(
    stmt: Node, value: Node | None, var: Var, sliced: bool = False
) -> list[Node] | None:
    """The values `var = append(var, a, b)` appends, each listed (None for any other
    store, or for `append(var, more...)`, a slice of them). With `sliced`, the base may
    be a slice of `var` (`append(var[:n:n], a)`, which copies before growing)."""
    value = gosyntax.unparen(value)
    if (
        stmt.type != "assignment_statement"
        or value is None
        or value.type != "call_expression"
        or gosyntax.callee_text(value) != "append"
    ):
        return None
    args = gosyntax.call_arguments(value)
    if len(args) < 2 or any(a.type == "variadic_argument" for a in args):
        return None
    base = gosyntax.unparen(args[0])
    while sliced and base is not None and base.type == "slice_expression":
        base = gosyntax.unparen(base.child_by_field_name("operand"))
    if base is None or gosyntax.text(base) != var.name:
        return None
    return [v for v in (gosyntax.unparen(a) for a in args[1:]) if v is not None]
