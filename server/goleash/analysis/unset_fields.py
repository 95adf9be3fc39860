"""Fields nothing ever sets: conditions on them are decided.

```go
type server struct {
        workers int // must stay 0: nothing sets it
}

func (s *server) start() {
        n := s.workers
        if n <= 0 {
                return // always taken
        }
        jobs := make(chan job)
        for i := 0; i < n; i++ {
                go func() { for j := range jobs { run(j) } }() // never started
        }
}
```

Heuristic NEVER_SET, a trade-off: an unexported field of a basic type (a number, a
`bool`, a `string`) that no file of the package assigns (`x.f = v`, `x.f += v`,
`x.f++`, `x.f, y = ...`), takes the address of (`&x.f`), names in a keyed literal
(`f: v`), or may fill in a positional literal of its struct (`T{a, b}`) always holds
its zero value, so an `if` comparing it (or a local copied from it once) with a
constant takes one arm only. Only unexported fields: another package may set an
exported one. A package importing `unsafe` or `reflect` may write fields the text
does not show: nothing is decided there. What it costs: a write the text cannot show
(through a pointer to the whole struct filled by a decoder of this package, say) is
missed, and the arm it opens is then taken for dead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.decided_flags import unchanging
from goleash.analysis.values import FieldRef, VarRef

if TYPE_CHECKING:
    from goleash.analysis.functions import Function
    from goleash.analysis.package import Package

# The zero value of each basic type, as the constant it compares with.
_INTEGERS = frozenset(
    "int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 uintptr byte rune".split()
)
_ZERO_BY_TYPE: dict[str, int | bool | str] = {
    **dict.fromkeys(_INTEGERS, 0),
    "bool": False,
    "string": "",
}
_COMPARISONS = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
_MIRRORED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def decided_arm(if_stmt: tree_sitter.Node, func: Function, package: Package) -> bool | None:
    """The value the `if`'s condition always has (so the arm it takes), or None."""
    if if_stmt.child_by_field_name("initializer") is not None:
        return None
    cond = gosyntax.unparen(if_stmt.child_by_field_name("condition"))
    return _value(cond, func, package) if cond is not None else None


def _value(cond: tree_sitter.Node, func: Function, package: Package) -> bool | None:
    if cond.type == "unary_expression":
        operator = cond.child_by_field_name("operator")
        operand = gosyntax.unparen(cond.child_by_field_name("operand"))
        if operator is None or operator.type != "!" or operand is None:
            return None
        inner = _value(operand, func, package)
        return None if inner is None else not inner
    if cond.type in ("identifier", "selector_expression"):
        zero = _zero_of(cond, func, package)
        return zero if isinstance(zero, bool) else None
    if cond.type != "binary_expression":
        return None
    op = gosyntax.field(cond, "operator").type
    if op not in _COMPARISONS:
        return None
    left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
    sides = ((left, right, op), (right, left, _MIRRORED[op]))
    for field_side, constant_side, relation in sides:
        zero = _zero_of(gosyntax.unparen(field_side), func, package)
        if zero is None:
            continue
        constant = _constant(gosyntax.unparen(constant_side), package)
        if constant is None or type(constant) is not type(zero):
            return None
        return bool(_COMPARISONS[relation](zero, constant))
    return None


def _constant(expr: tree_sitter.Node | None, package: Package) -> int | bool | str | None:
    from goleash.analysis.package import constant_int

    if expr is None:
        return None
    if expr.type in ("true", "false"):
        return expr.type == "true"
    if expr.type == "interpreted_string_literal" and gosyntax.text(expr) == '""':
        return ""
    return constant_int(expr, package)


def _zero_of(
    expr: tree_sitter.Node | None, func: Function, package: Package
) -> int | bool | str | None:
    """The zero value `expr` always holds: a never-set field, or a local copied from
    one once and never assigned again."""
    if expr is None:
        return None
    ref = func.resolver.ref(expr)
    if isinstance(ref, VarRef):
        var = ref.var
        if var.kind != "local" or not var.assignments or not unchanging(var):
            return None
        value = gosyntax.unparen(var.assignments[0][1])
        if value is None or value.type != "selector_expression":
            return None
        ref = func.resolver.ref(value)
    if not isinstance(ref, FieldRef) or ref.exported:
        return None
    found = package.field_type(ref.type_name, ref.field)
    if found is None or found[1] is None:
        return None
    zero = _ZERO_BY_TYPE.get(gosyntax.text(found[1]))
    if zero is None or not never_set(package, found[0], ref.field):
        return None
    return zero


def never_set(package: Package, type_name: str, field: str) -> bool:
    """NEVER_SET: no file of the package can set the unexported field `type_name.field`."""
    cache: dict[tuple[str, str], bool] = package.__dict__.setdefault("_never_set", {})
    key = (type_name, field)
    if key not in cache:
        cache[key] = _never_set(package, type_name, field)
    return cache[key]


_WRITES_ANYTHING = re.compile(rb'^\s*(?:import\s+)?(?:\w+\s+)?"(?:unsafe|reflect)"', re.MULTILINE)


def _never_set(package: Package, type_name: str, field: str) -> bool:
    name = re.escape(field.encode())
    written = re.compile(
        rb"\." + name + rb"\s*(?:(?:[-+*/%&|^]|<<|>>|&\^)?=(?!=)|\+\+|--)"  # x.f = v, x.f++
        rb"|\." + name + rb"\s*,[^\n]*[^=!<>:]=(?!=)"  # x.f, y = ...
        rb"|&[\w.\[\]()*]*\." + name + rb"\b"  # &x.f
        rb"|\b" + name + rb"\s*:(?!=)"  # f: v
    )
    typ = re.escape(type_name.encode())
    # `T{a, b}` (gofmt writes no space before a literal's brace, as it does before a
    # function body's), or any non-empty literal of a slice or map of T, whose
    # elements may be positional with the type left out (`[]T{{a, b}}`).
    positional = re.compile(rb"\b" + typ + rb"\{(?!\s*\}|\s*\w+\s*:)|\]\*?" + typ + rb"\{(?!\s*\})")
    for f in package.files:
        if _WRITES_ANYTHING.search(f.data) or written.search(f.data) or positional.search(f.data):
            return False
    return True
