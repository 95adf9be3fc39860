"""The functions of a package as the model sees them: resolver and CFG per function,
built once on first use, and which function values a call runs."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.cfg import CFG, Event, TooComplex
from goleash.analysis.literal_nesting import enclosing_function
from goleash.analysis.values import ElemRef, FieldRef, Resolver, VarRef

if TYPE_CHECKING:
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.package import Package
    from goleash.analysis.scopes import Var
    from goleash.source import SourceFile


@dataclass(eq=False)
class Function:
    """A function declaration, method or literal, with its file."""

    node: Node
    file: SourceFile = field(repr=False)
    # Built on first use: many functions are looked at only by name or text (a
    # constructor with no `go`), and a resolver walks the whole top-level declaration.
    _make_resolver: Callable[[], Resolver] = field(repr=False)
    _resolver: Resolver | None = field(default=None, repr=False)
    _cfg: CFG | None = field(default=None, repr=False)
    _failed: bool = field(default=False, repr=False)
    # What spawned_param found, once it has looked.
    _spawned_param: int | Literal["unset"] | None = field(default="unset", repr=False)

    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            self._resolver = self._make_resolver()
        return self._resolver

    @property
    def cfg(self) -> CFG | None:
        if self._cfg is None and not self._failed:
            try:
                self._cfg = CFG(self.node, self.resolver)
            except TooComplex:
                self._failed = True
        return self._cfg

    @property
    def failed(self) -> bool:
        """The control-flow graph was not built: the function nests deeper than we follow."""
        return self._failed

    @property
    def name(self) -> str | None:
        return gosyntax.function_name(self.node)

    @property
    def is_process_lifetime(self) -> bool:
        """main.main or an init: when it returns the process ends (or is about to)."""
        return gosyntax.runs_for_process_lifetime(self.node, self.file.package_name, self.file.path)


class Functions:
    """Function nodes -> Function, across the package, built lazily."""

    def __init__(self, package: Package) -> None:
        self.package = package
        # Keyed by (file path, start byte, end byte) of the node.
        self._resolvers: dict[tuple[str, int, int], Resolver] = {}
        self._functions: dict[tuple[str, int, int], Function] = {}

    def all(self) -> list[Function]:
        """Every function built so far."""
        return list(self._functions.values())

    def resolver(self, node: Node, file: SourceFile) -> Resolver:
        # From the root down, not from the node up: each step up costs tree-sitter a walk
        # from the root, so in deeply nested code (hundreds of `go func() {` literals)
        # climbing cost the square of the depth for every function.
        top = file.root.child_with_descendant(node) or node
        key = (file.path, top.start_byte, top.end_byte)
        r = self._resolvers.get(key)
        if r is None:
            r = self._resolvers[key] = Resolver(top, self.package, file)
        return r

    def get(self, node: Node, file: SourceFile) -> Function:
        key = (file.path, node.start_byte, node.end_byte)
        f = self._functions.get(key)
        if f is None:
            f = self._functions[key] = Function(node, file, lambda: self.resolver(node, file))
        return f

    def enclosing(self, node: Node, file: SourceFile) -> Function | None:
        func = enclosing_function(node, file)
        return self.get(func, file) if func is not None else None

    def target(self, fn_expr: Node | None, at: Function) -> Function | None:
        """The function a function-valued expression runs: a literal, a package function
        or method, or a local variable assigned exactly one literal."""
        fn_expr = gosyntax.unparen(fn_expr)
        if fn_expr is None:
            return None
        if fn_expr.type == "func_literal":
            return self.get(fn_expr, at.file)
        if fn_expr.type == "identifier":
            var = at.resolver.scopes.lookup(fn_expr)
            if var is not None:
                values = [v for _s, v, _p in var.assignments]
                literal = gosyntax.unparen(values[0]) if len(values) == 1 else None
                if literal is not None and literal.type == "func_literal":
                    return self.get(literal, at.file)
                return None
            decl = self.package.unique_function(gosyntax.text(fn_expr))
            return self.get(decl.node, decl.file) if decl is not None else None
        if fn_expr.type == "selector_expression":
            operand = fn_expr.child_by_field_name("operand")
            fld = fn_expr.child_by_field_name("field")
            owner = at.resolver.expr_type(operand) if operand is not None else None
            if owner is None or fld is None:
                return None
            decl = self.package.method_of(owner, gosyntax.text(fld))
            return self.get(decl.node, decl.file) if decl is not None else None
        return None

    def callee(self, call: Node, at: Function) -> Function | None:
        return self.target(call.child_by_field_name("function"), at)

    def call_sites(self, func: Function) -> Iterator[tuple[Node, Function]]:
        """Each call in the package whose callee resolves to `func`, with the function
        holding it. The name is looked for as text first (`name(`): a file that does not
        mention it costs one scan, no tree walk."""
        name = gosyntax.function_name(func.node)
        if not name:
            return
        mention = re.compile(rb"\b" + re.escape(name.encode()) + rb"\s*\(")
        for f in self.package.files:
            for m in mention.finditer(f.data):
                ident = f.root.descendant_for_byte_range(m.start(), m.start() + len(name))
                call = gosyntax.call_naming(ident)
                if call is None:
                    continue
                at = self.enclosing(call, f)
                if at is None:
                    continue
                callee = self.callee(call, at)
                if (
                    callee is not None
                    and callee.file.path == func.file.path
                    and callee.node.start_byte == func.node.start_byte
                ):
                    yield call, at

    def goroutine_start(self, func: Function) -> tuple[Node, SourceFile] | None:
        """The `go` statement that runs `func` as a goroutine's body (`go func() {...}()`,
        `go x.method()`, `go run()`), with its file; the first one when there are several."""
        node = func.node
        if node.type == "func_literal":
            call = node.parent
            go = call.parent if call is not None and call.type == "call_expression" else None
            return (go, func.file) if go is not None and go.type == "go_statement" else None
        for call, at in self.call_sites(func):
            if call.parent is not None and call.parent.type == "go_statement":
                return call.parent, at.file
        return None

    def spawned_param(self, func: Function) -> int | None:
        """For a spawn wrapper (a function that runs one of its function parameters in a
        goroutine: `func goSafe(f func()) { go func() { defer recover(); f() }() }`), that
        parameter's index."""
        cached = func._spawned_param
        if cached != "unset":
            return cached
        func._spawned_param = None
        body = func.node.child_by_field_name("body")
        if body is None or not gosyntax.may_start_goroutine(body):
            return None  # before the parameters: those need the function's resolver
        params = {
            v: v.index
            for v in func.resolver.scopes.vars
            if v.kind == "param" and v.func == func.node
        }
        if not params:
            return None
        for n in gosyntax.walk(body, skip_functions=False):
            if n.type != "go_statement" or not n.named_children:
                continue
            call = n.named_children[0]
            if call.type != "call_expression":
                continue
            fn = gosyntax.unparen(call.child_by_field_name("function"))
            candidates: list[Node | None] = (
                [fn] if fn is not None and fn.type == "identifier" else []
            )
            if fn is not None and fn.type == "func_literal":
                lit_body = fn.child_by_field_name("body")
                # Run once, not in a loop: a parameter called again and again in the
                # goroutine is a callback (`next := timeAfter(d)`), not its work.
                candidates = (
                    [
                        gosyntax.unparen(c.child_by_field_name("function"))
                        for c in gosyntax.walk(lit_body)
                        if c.type == "call_expression" and not _in_loop_below(c, fn)
                    ]
                    if lit_body is not None
                    else []
                )
            for c in candidates:
                if c is None or c.type != "identifier":
                    continue
                var = func.resolver.scopes.lookup(c)
                if var in params:
                    func._spawned_param = params[var]
                    return params[var]
        return None

    def spawn_target(self, event: Event, at: Function) -> Function | None:
        """The goroutine body a spawn event starts."""
        call = event.call
        if event.target is not None:
            return self.get(event.target, at.file)
        if call is None:
            return None
        if event.node.type == "go_statement":
            return self.callee(call, at)
        args = gosyntax.call_arguments(call)
        if gosyntax.callee_text(call) == "time.AfterFunc" and len(args) == 2:
            return self.target(args[1], at)  # the timer's callback
        return self.target(args[0], at) if len(args) == 1 else None


@dataclass(frozen=True)
class Start:
    """A `go` statement of the file, with what it starts."""

    stmt: Node  # the go_statement
    starter: Function  # the function holding it
    goroutine: Function  # the function it runs
    spawn: Event  # its spawn event in the starter's control-flow graph


def started_goroutines(
    functions: Functions,
    file: SourceFile,
    go_statements: Iterable[Node],
    skip_process_lifetime: bool = False,
    once_per_goroutine: bool = False,
) -> Iterator[Start]:
    """The goroutines the file's `go` statements start, when both the starter and the
    started function have a control-flow graph; with `once_per_goroutine`, a function
    started from several places is yielded for its first start only."""
    seen: set[int] = set()
    for stmt in go_statements:
        call = stmt.named_children[0] if stmt.named_children else None
        if call is None or call.type != "call_expression":
            continue
        starter = functions.enclosing(stmt, file)
        if (
            starter is None
            or starter.cfg is None
            or (skip_process_lifetime and starter.is_process_lifetime)
        ):
            continue
        goroutine = functions.callee(call, starter)
        if goroutine is None or goroutine.cfg is None:
            continue
        if once_per_goroutine:
            if id(goroutine) in seen:
                continue
            seen.add(id(goroutine))
        spawn = _spawn_events(starter).get(stmt)
        if spawn is not None:
            yield Start(stmt, starter, goroutine, spawn)


def _spawn_events(starter: Function) -> dict[Node, Event]:
    """The starter's spawn events by their `go` statement, kept with the function: a
    function with N `go` statements would otherwise scan its events N times."""
    cached: dict[Node, Event] | None = starter.__dict__.get("_spawn_events")
    if cached is None:
        cfg = starter.cfg
        cached = {}
        for e in cfg.nodes_events() if cfg is not None else ():
            if e.kind == "spawn":
                cached.setdefault(e.node, e)  # its first, as a scan in order finds it
        starter.__dict__["_spawn_events"] = cached
    return cached


def enclosing_each(functions: Functions, nodes: Iterable[Node], file: SourceFile) -> list[Function]:
    """The functions of the file holding `nodes` (a file's `Lock` statements), each once,
    in the order first met."""
    out: dict[tuple[int, int], Function] = {}
    for node in nodes:
        func = functions.enclosing(node, file)
        if func is not None:
            out.setdefault((func.node.start_byte, func.node.end_byte), func)
    return list(out.values())


def event_of(func: Function, node: Node, kind: str) -> tuple[CfgNode, Event] | None:
    """(its CFG node, the event) of the `kind` event `node` is in `func`'s graph."""
    cfg = func.cfg
    at = cfg.node_of(node) if cfg is not None else None
    event = next((e for e in at.events if e.kind == kind and e.node == node), None) if at else None
    return (at, event) if at is not None and event is not None else None


def param_var(func: Function, index: int) -> Var | None:
    for v in func.resolver.scopes.vars:
        if v.kind == "param" and v.func == func.node and v.index == index:
            return v
    return None


def local_source(cond: Node, func: Function) -> Node:
    """LOCAL_STATE: `already` in `already := s.closing.Swap(true); if already {` (or `!ok`)
    stands for the expression the local was set from, when it is set once in the
    function; any other condition stands for itself. Trade-off: the state may have
    changed between the assignment and the test; a flag read once is taken as current."""
    inner = gosyntax.negated_identifier(cond) or gosyntax.unparen(cond)
    if inner is None or inner.type != "identifier":
        return cond
    var = func.resolver.scopes.lookup(inner)
    if var is None or len(var.assignments) != 1 or var.assignments[0][1] is None:
        return cond
    value = var.assignments[0][1]
    assert isinstance(value, Node)
    return value


def receiver_var(func: Function) -> Var | None:
    for v in func.resolver.scopes.vars:
        if v.kind == "receiver" and v.func == func.node:
            return v
    return None


def argument_texts(call: Node | None, target: Function) -> dict[str, str]:
    """LOOPS_OVER_AN_ARGUMENT: the callee's parameters (and receiver) as the call spells
    them, so that a loop over `gates` in `pollGates(ctx, lift.Gates)` counts as many
    turns as the caller's `for range lift.Gates`. A variadic parameter is left alone
    (its argument is one element, not the slice)."""
    if call is None or target.node.type == "func_literal":
        return {}
    names: dict[str, str] = {}
    for i, arg in enumerate(gosyntax.call_arguments(call)):
        var = param_var(target, i)
        if var is None or var.name == "_":
            continue
        decl = var.ident.parent
        if decl is not None and decl.type == "variadic_parameter_declaration":
            continue
        names[var.name] = gosyntax.text(arg).replace(" ", "")
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    recv = receiver_var(target)
    if recv is not None and fn is not None and fn.type == "selector_expression":
        operand = fn.child_by_field_name("operand")
        if operand is not None:
            names[recv.name] = gosyntax.text(operand).replace(" ", "")
    return {k: v for k, v in names.items() if k != v}


def bound_params(
    call: Node, callee: Function, caller: Function, aliases: Collection[Var]
) -> set[Var]:
    """The callee's parameters that receive one of `aliases` at this call."""
    out: set[Var] = set()
    for i, expr in enumerate(gosyntax.call_arguments(call)):
        arg = gosyntax.unparen(expr)
        if (
            arg is not None
            and arg.type == "unary_expression"
            and gosyntax.field(arg, "operator").type == "&"
        ):
            arg = arg.child_by_field_name("operand")  # `&wg`
        ref = caller.resolver.ref(arg)
        if isinstance(ref, ElemRef) and ref.base.var in aliases:
            ref = ref.base  # an element of a slice of channels: the parameter is that channel
        if isinstance(ref, VarRef) and ref.var in aliases:
            v = param_var(callee, i)
            if v is not None and not copied_by_value(v):
                out.add(v)
    return out


# Types whose value copy shares nothing with the original: a parameter of such a type
# (not a pointer) holds a copy (COPIED_BY_VALUE), so `wg.Done()` on it never reaches
# the caller's WaitGroup. `go vet` warns of the copy; here it is what the leak is.
_COPIED_TYPES = frozenset(
    {"sync.WaitGroup", "sync.Mutex", "sync.RWMutex", "sync.Cond", "sync.Once"}
)


def copied_by_value(param: Var) -> bool:
    """Is this parameter a value copy of a sync type (COPIED_BY_VALUE)?"""
    typ = param.type_node
    return typ is not None and gosyntax.text(typ).replace(" ", "") in _COPIED_TYPES


@dataclass(frozen=True)
class CopiedArgument:
    """`go worker(i, wg)` where `worker(id int, wg sync.WaitGroup)`: a copy handed over."""

    call: Node  # the call (or the call of the `go` statement)
    argument: Node  # `wg` at the call
    callee: Function
    param: Var  # the callee's parameter holding the copy


def copied_arguments(
    functions: Functions, func: Function, aliases: Collection[Var]
) -> list[CopiedArgument]:
    """The calls of `func` that hand one of `aliases` by value to a parameter of a sync
    type (COPIED_BY_VALUE): whatever the callee does with it, it does to a copy."""
    out: list[CopiedArgument] = []
    for node in func.cfg.nodes if func.cfg is not None else ():
        for ev in node.events:
            if ev.kind not in ("spawn", "call", "defer") or ev.call is None:
                continue
            callee = functions.callee(ev.call, func)
            if callee is None:
                continue
            for i, expr in enumerate(gosyntax.call_arguments(ev.call)):
                arg = gosyntax.unparen(expr)
                ref = func.resolver.ref(arg)
                if arg is None or not isinstance(ref, VarRef) or ref.var not in aliases:
                    continue
                param = param_var(callee, i)
                if param is not None and copied_by_value(param):
                    out.append(CopiedArgument(ev.call, arg, callee, param))
    return out


def _in_loop_below(node: Node, top: Node) -> bool:
    for a in gosyntax.ancestors(node):
        if a == top:
            return False
        if a.type == "for_statement":
            return True
    return False


def field_copies(func: Function, field: str) -> tuple[tuple[Var, Var], ...]:
    """FIELD_COPY: (local, holder) for each local of `func` set once, at its declaration,
    to `holder.field` (`ch := g.closedCh`, or `stop, done := a.stop, a.done` under a
    lock, then `close(stop)` after it is let go), and never set again: the same channel
    under another name. Listed once per function and field, kept with the function:
    every partner and callee judged for every identity asks."""
    copies: dict[str, tuple[tuple[Var, Var], ...]] = func.__dict__.setdefault("_field_copies", {})
    if field not in copies:
        copies[field] = _copies_of(func, field)
    return copies[field]


def _copies_of(func: Function, field: str) -> tuple[tuple[Var, Var], ...]:
    if field.encode() not in (func.node.text or b""):
        return ()
    found: list[tuple[Var, Var]] = []
    for var in func.resolver.scopes.vars:
        if var.kind != "local" or var.func != func.node or len(var.assignments) != 1:
            continue
        value = var.assignments[0][1]
        if value is None or value.type != "selector_expression":
            continue
        ref = func.resolver.ref(value)
        if isinstance(ref, FieldRef) and ref.field == field and isinstance(ref.base, VarRef):
            found.append((var, ref.base.var))
    return tuple(found)
