"""Which variable each identifier of a function means: Go's lexical scopes, without recursion.

Names are not identities: `ch` declared in a loop body is a new variable each
iteration, `err` is shadowed in every `if`, and a function literal sees (and
shares) the variables of the function around it. A `Scopes` maps every
identifier of a top-level declaration to its `Var` (or to nothing, for a
package-level name), walking the tree with an explicit stack so that deeply
nested code cannot exhaust Python's recursion limit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tree_sitter import Node

from goleash import gosyntax

# Nodes that open a scope of their own (Go spec: "Declarations and scope").
# Node kinds _build treats on their own; every other kind just has its children visited.
_SPECIAL_NODES = frozenset(
    {
        "func_literal",
        "function_declaration",
        "method_declaration",
        "for_statement",
        "short_var_declaration",
        "var_spec",
        "const_spec",
        "receive_statement",
        "type_switch_statement",
        "assignment_statement",
        "selector_expression",
        "keyed_element",
        "labeled_statement",
        "break_statement",
        "continue_statement",
        "goto_statement",
    }
)

_SCOPE_NODES = frozenset(
    {
        "block",
        "if_statement",
        "for_statement",
        "expression_switch_statement",
        "type_switch_statement",
        "select_statement",
        "communication_case",
        "expression_case",
        "type_case",
        "default_case",
        "func_literal",
        "function_declaration",
        "method_declaration",
    }
)


@dataclass(eq=False)
class Var:
    """One variable: a parameter, a receiver, a named result or a local."""

    name: str
    kind: str  # "param", "receiver", "result", "local"
    ident: Node  # the declaring identifier node
    func: Node  # the function (declaration or literal) that declares it
    type_node: Node | None = None
    index: int = -1  # position among the parameters, for "param"
    # (statement, value expression or None, position on the left) for every assignment,
    # the declaration included.
    assignments: list[tuple[Node, Node | None, int]] = field(default_factory=list)
    # Every identifier that means this variable, its declaration included: the analyses
    # that ask "where is it used?" read these instead of walking the function again.
    occurrences: list[Node] = field(default_factory=list)

    @property
    def start_byte(self) -> int:
        return self.ident.start_byte

    def __repr__(self) -> str:  # debugging aid
        return f"Var({self.name}@{self.ident.start_point[0] + 1})"


class _Stack:
    """The scopes open at a point: each name's innermost variable in one dictionary
    access. A lookup that tried the scopes innermost first cost the nesting depth (a
    chain of a thousand `else if`s made that the square of the function's size)."""

    def __init__(self) -> None:
        self._scopes: list[set[str]] = [set()]  # the names each open scope declares
        self._by_name: dict[str, list[Var]] = {}  # a name's variables, innermost last

    def push(self) -> None:
        self._scopes.append(set())

    def pop(self) -> None:
        for name in self._scopes.pop():
            shadowed = self._by_name[name]
            shadowed.pop()
            if not shadowed:
                del self._by_name[name]

    def declare(self, name: str, var: Var) -> None:
        scope = self._scopes[-1]
        if name in scope:
            self._by_name[name][-1] = var  # declared again in the same scope
        else:
            scope.add(name)
            self._by_name.setdefault(name, []).append(var)

    def in_innermost(self, name: str) -> Var | None:
        """The variable `name` declared in the innermost scope itself, if any."""
        return self._by_name[name][-1] if name in self._scopes[-1] else None

    def find(self, name: str) -> Var | None:
        found = self._by_name.get(name)
        return found[-1] if found else None


class Scopes:
    """Identifier -> Var for one top-level declaration (functions inside it included)."""

    def __init__(self, decl: Node) -> None:
        self.decl = decl
        self.uses: dict[int, Var] = {}  # identifier start byte -> Var
        self.vars: list[Var] = []
        self._build()

    def lookup(self, ident: Node | None) -> Var | None:
        if ident is None or ident.type != "identifier":
            return None
        return self.uses.get(ident.start_byte)

    # -- building ------------------------------------------------------------

    def _declare(
        self,
        stack: _Stack,
        ident: Node,
        kind: str,
        func: Node,
        type_node: Node | None = None,
        index: int = -1,
        stmt: Node | None = None,
        value: Node | None = None,
        position: int = 0,
    ) -> Var | None:
        name = gosyntax.text(ident)
        if name == "_":
            return None
        var = Var(name, kind, ident, func, type_node, index)
        if stmt is not None:
            var.assignments.append((stmt, value, position))
        stack.declare(name, var)
        self.uses[ident.start_byte] = var
        var.occurrences.append(ident)
        self.vars.append(var)
        return var

    def _build(self) -> None:
        # Work items: ("node", node, loop_depth) visits; ("pop",) closes a scope;
        # ("declare", callable) runs a deferred declaration (after a `:=` right side).
        stack = _Stack()
        # Tagged tuples of different shapes (above), told apart by their first element.
        work: list[tuple[Any, ...]] = [("node", self.decl, 0, self.decl)]
        while work:
            item = work.pop()
            tag = item[0]
            if tag == "pop":
                stack.pop()
                continue
            if tag == "declare":
                item[1](stack)
                continue
            _, node, loops, func = item
            t = node.type
            if t == "identifier":
                v = stack.find(gosyntax.text(node))
                if v is not None:
                    self.uses[node.start_byte] = v
                    v.occurrences.append(node)
                continue
            if node.named_child_count == 0:
                continue  # a literal, a field or type name, an empty block: nothing to bind
            opens = t in _SCOPE_NODES
            if opens:
                stack.push()
            if t not in _SPECIAL_NODES:
                later = node.named_children  # the common case, first
            elif t in gosyntax.FUNCTION_TYPES:
                func = node
                loops = 0
                self._declare_signature(stack, node)
                later = [c for c in (node.child_by_field_name("body"),) if c is not None]
            elif t == "for_statement":
                loops += 1
                later = self._for_children(node, stack, loops, func)
            elif t == "short_var_declaration" or (
                t == "receive_statement"  # `v, ok := <-ch`
                and node.child_by_field_name("left") is not None
                and _defines(node)
            ):
                self._short_var(node, stack, work, loops, func)
                later = []
            elif t == "var_spec" or t == "const_spec":
                self._var_spec(node, stack, work, loops, func)
                later = []
            elif t == "type_switch_statement":
                later = self._type_switch(node, stack, work, loops, func)
            elif t == "assignment_statement":
                self._record_assignment(node, stack)
                later = list(node.named_children)
            elif t in ("selector_expression",):
                # Only the operand names a variable; `x.f`'s field is not a use of `f`.
                operand = node.child_by_field_name("operand")
                later = [operand] if operand is not None else []
            elif t in ("keyed_element",):
                # `T{ch: v}`: the key is a field name unless the literal is a map's.
                later = (
                    list(node.named_children)[1:]
                    if _struct_key(node)
                    else list(node.named_children)
                )
            elif t in (
                "labeled_statement",
                "break_statement",
                "continue_statement",
                "goto_statement",
            ):
                later = [c for c in node.named_children if c.type != "label_name"]
            else:
                later = list(node.named_children)
            if opens:
                work.append(("pop",))
            work.extend([("node", c, loops, func) for c in reversed(later)])

    def _declare_signature(self, stack: _Stack, func: Node) -> None:
        if func.type == "method_declaration":
            recv = func.child_by_field_name("receiver")
            for p in recv.named_children if recv is not None else ():
                name = p.child_by_field_name("name")
                if name is not None:
                    self._declare(stack, name, "receiver", func, p.child_by_field_name("type"))
        params = func.child_by_field_name("parameters")
        index = 0
        for p in params.named_children if params is not None else ():
            if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
                continue
            names = [c for c in p.named_children if c.type == "identifier"]
            typ = p.child_by_field_name("type")
            if p.type == "variadic_parameter_declaration":
                # VARIADIC_UNBOUND: `chs ...chan T` is a slice of the arguments, not one of
                # them; it binds to no argument and is no channel itself. Trade-off: a
                # channel passed through `...` is seen as escaping, never as released.
                for n in names:
                    self._declare(stack, n, "param", func, p, -1)
                continue
            if not names:
                index += 1
            for n in names:
                self._declare(stack, n, "param", func, typ, index)
                index += 1
        result = func.child_by_field_name("result")
        if result is not None and result.type == "parameter_list":
            for p in result.named_children:
                if p.type != "parameter_declaration":
                    continue
                for n in (c for c in p.named_children if c.type == "identifier"):
                    self._declare(stack, n, "result", func, p.child_by_field_name("type"))

    def _for_children(self, node: Node, stack: _Stack, loops: int, func: Node) -> list[Node]:
        later: list[Node | tuple[str, Node, int, Node]] = []
        for c in node.named_children:
            if c.type == "range_clause" and _defines(c):
                left, right = c.child_by_field_name("left"), c.child_by_field_name("right")
                if right is not None:
                    later.append(right)  # evaluated once, outside the per-iteration variables
                for i, ident in enumerate(left.named_children if left is not None else ()):
                    if ident.type == "identifier":
                        later.append(("declare-now", ident, i, c))
                continue
            later.append(c)
        out: list[Node] = []
        for item in later:
            if isinstance(item, tuple):
                _, ident, i, clause = item
                # Declared before the body is visited: the work stack is LIFO, so declare now
                # (the range expression cannot mention them anyway).
                self._declare(
                    stack,
                    ident,
                    "local",
                    func,
                    None,
                    stmt=clause,
                    value=None,
                    position=i,
                )
            else:
                out.append(item)
        return out

    def _short_var(
        self, node: Node, stack: _Stack, work: list[tuple[Any, ...]], loops: int, func: Node
    ) -> None:
        """A `:=` (a short variable declaration, or a receive statement that defines):
        its left names, declared from its right."""
        self._define_list(
            node,
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
            stack,
            work,
            loops,
            func,
        )

    def _define_list(
        self,
        stmt: Node,
        left: Node | None,
        right: Node | None,
        stack: _Stack,
        work: list[tuple[Any, ...]],
        loops: int,
        func: Node,
    ) -> None:
        lefts = list(left.named_children) if left is not None else []
        if right is not None and right.type == "expression_list":
            rights = list(right.named_children)
        else:
            rights = [right] if right is not None else []

        def declare(stk: _Stack, lefts: list[Node] = lefts, rights: list[Node] = rights) -> None:
            for i, ident in enumerate(lefts):
                if ident.type != "identifier":
                    continue
                value = _paired_value(rights, i, len(lefts))
                existing = stk.in_innermost(gosyntax.text(ident))
                if existing is not None:
                    # `a, err := f()` with err already declared in this scope: an assignment.
                    existing.assignments.append((stmt, value, i))
                    self.uses[ident.start_byte] = existing
                    existing.occurrences.append(ident)
                    continue
                self._declare(
                    stk,
                    ident,
                    "local",
                    func,
                    None,
                    stmt=stmt,
                    value=value,
                    position=i,
                )

        _values_then_declare(work, rights, declare, loops, func)

    def _var_spec(
        self, node: Node, stack: _Stack, work: list[tuple[Any, ...]], loops: int, func: Node
    ) -> None:
        names = node.children_by_field_name("name")
        typ = node.child_by_field_name("type")
        value = node.child_by_field_name("value")
        values = list(value.named_children) if value is not None else []

        def declare(
            stk: _Stack,
            names: list[Node] = names,
            values: list[Node] = values,
            typ: Node | None = typ,
        ) -> None:
            for i, ident in enumerate(names):
                v = _paired_value(values, i, len(names))
                self._declare(
                    stk,
                    ident,
                    "local",
                    func,
                    typ,
                    stmt=node,
                    value=v,
                    position=i,
                )

        _values_then_declare(work, values, declare, loops, func)

    def _type_switch(
        self, node: Node, stack: _Stack, work: list[tuple[Any, ...]], loops: int, func: Node
    ) -> list[Node]:
        alias = node.child_by_field_name("alias")
        later = [c for c in node.named_children if c != alias]
        if alias is not None:
            for ident in alias.named_children:
                if ident.type == "identifier":
                    self._declare(
                        stack,
                        ident,
                        "local",
                        func,
                        None,
                        stmt=node,
                        value=node.child_by_field_name("value"),
                    )
        return later

    def _record_assignment(self, node: Node, stack: _Stack) -> None:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        rights = (
            list(right.named_children)
            if right is not None and right.type == "expression_list"
            else []
        )
        lefts = list(left.named_children) if left is not None else []
        for i, target in enumerate(lefts):
            if target.type != "identifier":
                continue
            v = stack.find(gosyntax.text(target))
            if v is None:
                continue
            value = rights[i] if len(rights) == len(lefts) else None
            op = node.child_by_field_name("operator")
            if op is not None and op.type != "=":
                value = None  # `x += 1`: not a fresh value
            v.assignments.append((node, value, i))


def _defines(node: Node) -> bool:
    """`:=` (rather than `=`) in a range clause or a select's receive statement."""
    for c in node.children:
        if c.type == ":=":
            return True
        if c.type == "=":
            return False
    return False


def _struct_key(keyed: Node) -> bool:
    key = keyed.child_by_field_name("key") or (
        keyed.named_children[0] if keyed.named_children else None
    )
    inner = (
        key.named_children[0]
        if key is not None and key.type == "literal_element" and key.named_children
        else key
    )
    if inner is None or inner.type not in ("identifier", "field_identifier"):
        return False
    literal = keyed.parent.parent if keyed.parent is not None else None
    typ = (
        literal.child_by_field_name("type")
        if literal is not None and literal.type == "composite_literal"
        else None
    )
    return typ is None or typ.type != "map_type"


def _values_then_declare(
    work: list[tuple[Any, ...]],
    values: list[Node],
    declare: Callable[[_Stack], None],
    loops: int,
    func: Node,
) -> None:
    """Queue the values, then the declaration: the right side is evaluated before the
    new names exist (`x := x + 1` reads the outer `x`). The queue is a stack."""
    work.append(("declare", declare))
    for v in reversed(values):
        work.append(("node", v, loops, func))


def _paired_value(values: list[Node], i: int, names: int) -> Node | None:
    """The expression the i-th of `names` declared names gets: its own (`a, b := x, y`),
    or the one multi-value call they share (`a, b := f()`, `var a, b = f()`; the
    assignment's position says which result)."""
    if len(values) == names:
        return values[i]
    return values[0] if values else None
