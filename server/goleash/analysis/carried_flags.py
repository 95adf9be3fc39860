"""Boolean locals whose value a path walk carries, so it skips arms they contradict.

```go
case req := <-s.request:
        var resync bool
        for {
                if retries >= 10 {
                        req.errc <- errGaveUp      // answered, resync stays false
                        break
                }
                ...
                resync = true
                break
        }
        if resync {
                req.errc <- s.sync(target)     // answered on every path that set resync
        }
```

A walk that ignores values goes from `resync = true` into the arm where `resync` is
false and finds a path that answers nothing, a path no run can take.

Heuristic FLAG_CARRIED_ALONG_THE_PATH, a trade-off: a boolean local whose every mention
is its declaration (`var done bool`, `done := false`), an assignment of `true` or
`false`, or the whole condition of an `if` (`if done`, `if !done`) has its value carried
along the walk, and an `if` arm its value contradicts is not taken. A flag mentioned any
other way (passed to a call, captured by a function literal, its address taken, given a
computed value, combined as in `if done && x`) is not carried: its arms stay open and a
finding may remain. At most MAX_CARRIED_FLAGS flags are carried, each of which can
double the states a walk visits at one node.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from goleash import gosyntax

if TYPE_CHECKING:
    import tree_sitter

    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.functions import Function
    from goleash.analysis.scopes import Var

MAX_CARRIED_FLAGS = 4

# The carried flags' values at a point of a path, by flag index: None while unknown
# (before the declaration on this path, or from a path that did not set it).
FlagValues = tuple[bool | None, ...]


@dataclass(frozen=True)
class CarriedFlags:
    """Where the carried flags are set and where an `if` arm needs a value of one."""

    count: int = 0
    sets: dict[int, tuple[tuple[int, bool], ...]] = field(default_factory=dict)  # node id ->
    needs: dict[int, tuple[int, bool]] = field(default_factory=dict)  # arm node id ->

    def unknown(self) -> FlagValues:
        return (None,) * self.count

    def through(self, node: CfgNode, values: FlagValues) -> FlagValues | None:
        """The values after `node`, or None when `node` is an arm they rule out."""
        need = self.needs.get(node.id)
        if need is not None and values[need[0]] not in (None, need[1]):
            return None
        written = self.sets.get(node.id)
        if not written:
            return values
        out = list(values)
        for index, value in written:
            out[index] = value
        return tuple(out)


NO_FLAGS = CarriedFlags()


def carried_flags(func: Function) -> CarriedFlags:
    """The FLAG_CARRIED_ALONG_THE_PATH flags of `func`'s own body."""
    cfg = func.cfg
    if cfg is None:
        return NO_FLAGS
    flags: list[Mentions] = []
    for var in func.resolver.scopes.vars:
        if len(flags) == MAX_CARRIED_FLAGS:
            break
        if var.kind != "local" or var.func != func.node:
            continue
        mentions = _mentions(var)
        if mentions is not None and mentions[1]:
            flags.append(mentions)
    if not flags:
        return NO_FLAGS
    sets: dict[int, list[tuple[int, bool]]] = {}
    needs: dict[int, tuple[int, bool]] = {}
    arms_by_if: dict[int, list[CfgNode]] = {}
    for node in cfg.nodes:
        if node.arm is not None and node.arm[0].ast is not None:
            arms_by_if.setdefault(node.arm[0].ast.start_byte, []).append(node)
    for index, (writes, tests) in enumerate(flags):
        for stmt, value in writes:
            setter = cfg.node_of(stmt)
            if setter is not None:
                sets.setdefault(setter.id, []).append((index, value))
        for if_stmt, when_true in tests:
            for arm in arms_by_if.get(if_stmt.start_byte, ()):
                assert arm.arm is not None
                needs[arm.id] = (index, arm.arm[1] == when_true)
    return CarriedFlags(len(flags), {k: tuple(v) for k, v in sets.items()}, needs)


# (statements setting a flag and the value set, `if` statements testing it and the
# value that takes the `if`'s consequence).
Mentions = tuple[list[tuple["tree_sitter.Node", bool]], list[tuple["tree_sitter.Node", bool]]]


def _mentions(var: Var) -> Mentions | None:
    """(statements setting `var` and the value, `if` statements testing it and the value
    that takes the arm), or None when some mention is of another kind."""
    writes: list[tuple[tree_sitter.Node, bool]] = []
    for stmt, value, _position in var.assignments:
        if stmt.type == "var_spec" and value is None:
            if var.type_node is None or gosyntax.text(var.type_node) != "bool":
                return None
            writes.append((stmt, False))
        elif value is not None and value.type in ("true", "false"):
            writes.append((stmt, value.type == "true"))
        else:
            return None
    tests: list[tuple[tree_sitter.Node, bool]] = []
    set_at = {stmt.start_byte for stmt, _ in writes}
    for occ in var.occurrences:
        if _enclosing_function(occ) != var.func:
            return None  # captured by a function literal
        if _assigned_at(occ, set_at):
            continue
        tested = _if_testing(occ)
        if tested is None:
            return None
        tests.append(tested)
    return writes, tests


def _assigned_at(occ: tree_sitter.Node, statements: set[int]) -> bool:
    """`occ` is a name on the left of one of the setting statements."""
    left = occ.parent
    if left is not None and left.type in ("expression_list", "var_spec"):
        stmt = left if left.type == "var_spec" else left.parent
        return (
            stmt is not None
            and stmt.start_byte in statements
            and (stmt.type == "var_spec" or stmt.child_by_field_name("left") == left)
        )
    return False


_WRAPPERS = ("parenthesized_expression", "unary_expression")


def _if_testing(occ: tree_sitter.Node) -> tuple[tree_sitter.Node, bool] | None:
    """(the `if`, the flag's value that takes its consequence) when `occ` is the whole
    condition of an `if`, bare or negated."""
    expr = occ
    when_true = True
    while expr.parent is not None and expr.parent.type in _WRAPPERS:
        if expr.parent.type == "unary_expression":
            if gosyntax.negated_identifier(expr.parent) != occ:
                return None
            when_true = not when_true
        expr = expr.parent
    stmt = expr.parent
    if stmt is None or stmt.type != "if_statement" or stmt.child_by_field_name("condition") != expr:
        return None
    return stmt, when_true


def _enclosing_function(node: tree_sitter.Node) -> tree_sitter.Node | None:
    up = node.parent
    while up is not None and up.type not in gosyntax.FUNCTION_TYPES:
        up = up.parent
    return up
