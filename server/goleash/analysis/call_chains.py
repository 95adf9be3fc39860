"""What a function runs on its own goroutine before it returns, through the calls of the
package it makes, with the object it works on followed from call to call.

Three questions share this walk: does the function a `sync.Once` runs call `Do` on that
same Once (it waits for itself), does a goroutine a `sync.WaitGroup` counts call `Wait`
on that group (it waits for its own `Done`), and which goroutines end up in a
condition's `Wait`. Each names a value (a Once, a WaitGroup, an object holding a
condition) as the starting function sees it, a `Handle`, and asks for the calls reached
with that value as each function on the way names it.

Heuristics, each a trade-off:
- SAME_GOROUTINE: the call of a `go` statement and a function literal not called where
  it is written (handed to another function, stored, returned) are not followed: they
  run on another goroutine, later, or never. A literal called on the spot or deferred
  (`defer func() { ... }()`), or bound once to a local and called (`f := func() {...};
  f()`), is followed. A literal handed to a function that runs it at once
  (`sort.Slice(xs, less)`) is missed.
- SAME_OBJECT: the value is followed into a method called on it (`c.get()` runs `get`
  with `c` as its receiver) and into a parameter it is passed to (`refresh(c)`,
  `finish(&wg)`). A receiver or parameter that holds a copy of the struct (not a
  pointer) is followed only when the field itself is a pointer (`*sync.Once`): a copy
  of a `sync.Once` is another Once. A receiver or parameter assigned in its function
  (`c = c.parent`) may be another object there: not followed. Another variable holding
  the same pointer (`cc := c`) is not seen.
- CHAIN_DEPTH: at most this many calls deep. A longer chain is missed.

Questions about the object a method works on (is a send on its inbox reached, a bare
operation on an optional field) follow it with `receiver_calls_only`
(CALLS_ON_THE_RECEIVER): only the object's methods called on the receiver straight from
each method's body (`l.handle(c)`), not deferred, not in a function literal, not the
functions it is handed to: what the object does while one method runs, in the order its
methods call each other. A channel field is the same channel in a copy of the struct, so
a value receiver is followed too (`shared`).

Two guards the questions apply to what the walk reached (`state_checked`,
`argument_checked`):
- STATE_SET_FIRST: a call on the way, or the call found, that a test of some state
  keeps off the path (it sits under an `if`, or after an `if` that returns) where the
  state is a field of the object or a package-level variable that the starting
  function assigns (`dEnv.doltDB = ddb` in the function a Once runs, then `if
  dEnv.doltDB == nil { LoadDoltDB(...) }` on the way): the state the start set may
  rule the path out. A test that does not rule it out is taken to, and the path missed.
- DECIDED_BY_ARGUMENTS: the call found sits under an `if` whose condition reads a
  parameter or the receiver of its function itself (`if l == &localLoc`, `if wait`):
  the function decides from what it is given, and what the chain gives it is not
  followed. Tests on the way (`if errors.Is(err, ErrDiskFull) { p.Close() }`) are
  taken to pass: such an error path is the one that deadlocks.
"""

from __future__ import annotations

import functools
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.functions import Function, Functions, param_var, receiver_var
from goleash.analysis.values import FieldRef, GlobalRef, VarRef

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.analysis.scopes import Var
    from goleash.source import SourceFile

# How many calls deep the walk follows (CHAIN_DEPTH).
CHAIN_DEPTH = 6


@dataclass(frozen=True)
class Handle:
    """A value as one function names it: `c.once` (the field `once` of the struct `c`
    points to), `wg` (a variable holding the value itself, or a pointer to it), or a
    package-level variable."""

    var: Var | None  # the variable; None for a package-level one
    field: str | None  # the struct's field, for `c.once`
    global_name: str | None = None  # the package-level variable (`initOnce`)
    shared: bool = False  # the field is a pointer (or a channel): a copy of the struct shares it


def handle_of(expr: Node | None, func: Function) -> Handle | None:
    """The value `expr` stands for in `func`: a field of a variable, a variable, or a
    package-level variable (or a field of one)."""
    ref = func.resolver.ref(expr)
    if isinstance(ref, VarRef):
        return Handle(ref.var, None)
    if isinstance(ref, GlobalRef):
        return Handle(None, None, ref.name)
    if isinstance(ref, FieldRef):
        found = func.resolver.package.field_type(ref.type_name, ref.field)
        shared = found is not None and found[1] is not None and found[1].type == "pointer_type"
        if isinstance(ref.base, VarRef):
            return Handle(ref.base.var, ref.field, shared=shared)
        if isinstance(ref.base, GlobalRef):
            return Handle(None, ref.field, ref.base.name, shared)
    return None


def denotes(expr: Node | None, handle: Handle, func: Function) -> bool:
    """Does `expr` name `handle` in `func`?"""
    return handle_of(expr, func) == handle


def method_call_on(call: Node, handle: Handle, func: Function) -> bool:
    """Is `call` a method call on the variable holding the handle's struct (`c.m()`)?"""
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression" or handle.var is None:
        return False
    ref = func.resolver.ref(fn.child_by_field_name("operand"))
    return isinstance(ref, VarRef) and ref.var is handle.var


@dataclass(frozen=True)
class Step:
    """One call on the way: `call`, in `caller`, runs `callee`."""

    call: Node
    caller: Function
    callee: Function
    handle: Handle  # the value as `caller` names it


@dataclass(frozen=True)
class Reached:
    """A call the starting function runs on its goroutine, `chain` being the calls that
    lead to the function holding it (empty: the starting function itself)."""

    call: Node
    func: Function
    handle: Handle  # the value as `func` names it
    chain: tuple[Step, ...]


@dataclass(frozen=True)
class ReachedFunction:
    """A function the starting function runs on its goroutine, through the calls of
    `chain` (empty: the starting function itself)."""

    func: Function
    handle: Handle  # the value as `func` names it
    chain: tuple[Step, ...]


def reached_calls(functions: Functions, start: Function, handle: Handle) -> Iterator[Reached]:
    """Every call `start` makes on its own goroutine, directly or through the functions
    of the package it calls with the value (SAME_GOROUTINE, SAME_OBJECT, CHAIN_DEPTH),
    each function once, nearest first."""
    for reached in reached_functions(functions, start, handle):
        for call in _own_calls_of(reached.func):
            yield Reached(call, reached.func, reached.handle, reached.chain)


def reached_functions(
    functions: Functions,
    start: Function,
    handle: Handle,
    *,
    max_depth: int = CHAIN_DEPTH,
    receiver_calls_only: bool = False,
) -> Iterator[ReachedFunction]:
    """`start`, then every function of the package it runs on its own goroutine with the
    value, at most `max_depth` calls deep (SAME_GOROUTINE, SAME_OBJECT, CHAIN_DEPTH; with
    `receiver_calls_only`, CALLS_ON_THE_RECEIVER), each function once, nearest first."""
    queue: deque[tuple[Function, Handle, tuple[Step, ...]]] = deque([(start, handle, ())])
    seen: set[tuple[str, int, int]] = set()
    while queue:
        func, h, chain = queue.popleft()
        key = (func.file.path, func.node.start_byte, id(h.var))
        if key in seen:
            continue
        seen.add(key)
        yield ReachedFunction(func, h, chain)
        if len(chain) >= max_depth:
            continue
        for call in _own_calls_of(func):
            if receiver_calls_only and not _straight_call_on(call, h, func):
                continue  # (asked first: finding the callee may read another file)
            callee = functions.callee(call, func)
            if callee is None:
                continue
            if receiver_calls_only:
                inner = receiver_handle(h, call, func, callee)
            else:
                inner = carried(h, call, func, callee)
            if inner is not None:
                queue.append((callee, inner, (*chain, Step(call, func, callee, h))))


def _straight_call_on(call: Node, h: Handle, func: Function) -> bool:
    """CALLS_ON_THE_RECEIVER: is `call` a method call on the object (`c.m()`) that
    `func`'s own body makes as it runs, neither deferred nor in a function literal?"""
    parent = call.parent
    if h.var is None or (parent is not None and parent.type == "defer_statement"):
        return False
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    operand = gosyntax.unparen(fn.child_by_field_name("operand")) if fn is not None else None
    if operand is None or operand.type != "identifier" or gosyntax.text(operand) != h.var.name:
        return False  # (by name first: resolving another name may read the package's files)
    return gosyntax.enclosing_function(call) == func.node and method_call_on(call, h, func)


def own_calls(func: Node) -> Iterator[Node]:
    """The calls in a function's body that run on its goroutine before it returns
    (SAME_GOROUTINE): not under a `go` statement, nor in a literal not called on the spot."""
    body = func.child_by_field_name("body")
    stack = body.named_children if body is not None else []
    while stack:
        n = stack.pop()
        if n.type == "go_statement":
            continue
        if n.type == "func_literal" and not _called_on_the_spot(n):
            continue
        if n.type == "call_expression":
            yield n
        stack.extend(n.named_children)


def _own_calls_of(func: Function) -> list[Node]:
    """`own_calls`, kept with the function: every walk through it asks again."""
    cached: list[Node] | None = func.__dict__.get("_own_calls")
    if cached is None:
        cached = func.__dict__["_own_calls"] = list(own_calls(func.node))
    return cached


def _called_on_the_spot(literal: Node) -> bool:
    parent = literal.parent
    while parent is not None and parent.type == "parenthesized_expression":
        parent = parent.parent
    return (
        parent is not None
        and parent.type == "call_expression"
        and gosyntax.unparen(parent.child_by_field_name("function")) == literal
    )


def carried(h: Handle, call: Node, caller: Function, callee: Function) -> Handle | None:
    """The handle as `callee` names it when `caller` runs it with `call`; None when the
    callee is not given the value (SAME_OBJECT)."""
    through = value_handle(h, call.child_by_field_name("function"), caller, callee)
    if through is not None:
        return through
    for i, expr in enumerate(gosyntax.call_arguments(call)):
        arg = gosyntax.unparen(expr)
        pointer = False
        if (
            arg is not None
            and arg.type == "unary_expression"
            and gosyntax.field(arg, "operator").type == "&"
        ):
            arg, pointer = gosyntax.unparen(arg.child_by_field_name("operand")), True
        ref = caller.resolver.ref(arg)
        if not isinstance(ref, VarRef) or ref.var is not h.var:
            continue
        param = param_var(callee, i)
        if param is None or reassigned(param):
            continue
        if h.field is None and (pointer or _is_pointer(param)):
            return Handle(param, None)  # `finish(&wg)`
        if h.field is not None and _holds_the_object(param, h):
            return Handle(param, h.field, shared=h.shared)
    return None


def value_handle(
    h: Handle, fn_expr: Node | None, caller: Function, callee: Function
) -> Handle | None:
    """The handle as `callee` names it when `caller` runs the function value `fn_expr`
    (a method value `c.login`, a closure, a package function): None when the function
    value alone does not give it the value (its arguments may; see `carried`)."""
    if h.var is None:
        return h  # a package-level variable: the same everywhere
    if callee.node.type == "func_literal":
        # A closure of the same declaration sees the caller's variables themselves.
        same = callee.file.path == caller.file.path and gosyntax.top_level(
            callee.node
        ) == gosyntax.top_level(caller.node)
        return h if same else None
    fn = gosyntax.unparen(fn_expr)
    if h.field is None or fn is None or fn.type != "selector_expression":
        return None
    return _as_receiver(h, fn, caller, callee)


def receiver_handle(h: Handle, call: Node, caller: Function, callee: Function) -> Handle | None:
    """The handle as `callee`'s receiver names it when `call` is a method call on the
    variable holding the object (`c.handle()`); None otherwise (CALLS_ON_THE_RECEIVER)."""
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if h.var is None or fn is None or fn.type != "selector_expression":
        return None
    return _as_receiver(h, fn, caller, callee)


def _as_receiver(h: Handle, method: Node, caller: Function, callee: Function) -> Handle | None:
    """The handle as `callee`'s receiver names it when the selector `method` calls it on
    the variable holding the object (SAME_OBJECT)."""
    ref = caller.resolver.ref(method.child_by_field_name("operand"))
    recv = receiver_var(callee)
    if isinstance(ref, VarRef) and ref.var is h.var and recv is not None:
        if _holds_the_object(recv, h):
            return Handle(recv, h.field, shared=h.shared)
    return None


def _holds_the_object(var: Var, h: Handle) -> bool:
    """SAME_OBJECT: a pointer to the struct, or a copy of it when the field is a pointer."""
    return not reassigned(var) and (_is_pointer(var) or h.shared)


def _is_pointer(var: Var) -> bool:
    return var.type_node is not None and var.type_node.type == "pointer_type"


def reassigned(var: Var) -> bool:
    """Is the variable assigned in its function (`c = c.parent`)? A receiver or parameter
    so assigned may name another object from there on."""
    return any(
        stmt is not None and stmt.type in ("assignment_statement", "short_var_declaration")
        for stmt, _value, _pos in var.assignments
    )


def same_value_calls(
    functions: Functions, handle: Handle, operand: Node, func: Function, method: str
) -> Iterator[tuple[Node, Function]]:
    """Every call of `method` in the package that may be on the value `operand` names in
    `func`: on the same field of the type, whatever the object (`c.once` -> every
    `x.once.Do(...)`: the walk tells objects apart); on the same package-level variable;
    a local value among its own mentions; and a value the function is handed (a
    parameter `wg *sync.WaitGroup`) on any value of its type."""
    if handle.var is not None and handle.field is None and handle.var.kind == "local":
        for n in handle.var.occurrences:
            call = method_call_of(n, method)
            if call is not None:
                yield call, func
        return
    if handle.var is not None and handle.field is None:
        # Handed in (a parameter `wg *sync.WaitGroup`): a value of its type anywhere.
        of_type = func.resolver.expr_type(operand)
        for f, at in _matches(functions.package, rb"\." + method.encode() + rb"\("):
            name = f.root.descendant_for_byte_range(at + 1, at + 2)
            selector = name.parent if name is not None else None
            call = selector.parent if selector is not None else None
            if call is None or call.type != "call_expression" or selector is None:
                continue
            other = functions.enclosing(call, f)
            target = selector.child_by_field_name("operand")
            if other is not None and other.resolver.expr_type(target) == of_type:
                yield call, other
        return
    named = gosyntax.field(operand, "field") if operand.type == "selector_expression" else operand
    name = re.escape(gosyntax.text(named).encode())
    if operand.type == "selector_expression":
        pattern, offset = rb"\." + name + rb"\." + method.encode() + rb"\(", 1
    else:
        pattern, offset = rb"(?<![\w.])" + name + rb"\." + method.encode() + rb"\(", 0
    want = func.resolver.ref(operand)
    for f, start in _matches(functions.package, pattern):
        at = f.root.descendant_for_byte_range(start + offset, start + offset + 1)
        call = method_call_of(at, method) if at is not None else None
        other = functions.enclosing(call, f) if call is not None else None
        if call is None or other is None:
            continue
        ref = other.resolver.ref(gosyntax.field(call, "function").child_by_field_name("operand"))
        if ref is not None and ref == want:
            yield call, other


def _matches(package: Package, pattern: bytes) -> list[tuple[SourceFile, int]]:
    """Where the pattern matches in the package's files, searched once per package."""
    by_path = {f.path: f for f in package.files}
    # A fact of the package goes with the report to the CLI's parent process: what
    # computes it must pickle (a partial of a module-level function, not a closure).
    places = package.derived(
        "matches " + pattern.decode("utf-8", "replace"), functools.partial(_search, pattern)
    )
    return [(by_path[path], at) for path, at in places if path in by_path]


def _search(pattern: bytes, files: list[SourceFile]) -> tuple[tuple[str, int], ...]:
    found = re.compile(pattern)
    return tuple((f.path, m.start()) for f in files for m in found.finditer(f.data))


def mentioned(package: Package, text: bytes) -> bool:
    """Does any file of the package hold `text` (a type's name: `sync.Once`)? Asked once
    per package, so that a package that never names the type costs nothing more."""
    return package.derived(
        "mentions " + text.decode("utf-8", "replace"), functools.partial(_mentions, text)
    )


def _mentions(text: bytes, files: list[SourceFile]) -> bool:
    return any(text in f.data for f in files)


def method_call_of(node: Node, method: str) -> Node | None:
    """The `x.<method>(...)` call whose operand ends with `node` (`once` in `once.Do()`,
    or the field `once` in `c.once.Do()`)."""
    inner = node
    while inner.parent is not None and inner.parent.type == "selector_expression":
        selector = inner.parent
        if selector.child_by_field_name("field") == inner:
            inner = selector  # the field of `c.once`: the selector is the operand
            continue
        if gosyntax.text(gosyntax.field(selector, "field")) != method:
            return None
        call = selector.parent
        if call is None or call.type != "call_expression":
            return None
        return call if call.child_by_field_name("function") == selector else None
    return None


# A piece of state a test may read: ("field", name) of the object, or ("global", name).
State = tuple[str, str]


def state_checked(r: Reached, start: Function, handle: Handle) -> bool:
    """STATE_SET_FIRST: is a call on the way to `r`, or `r` itself, kept off the path by
    a test of state that `start` (naming the value `handle`) assigns?"""
    assigned = _assigned_state(start, handle)
    if not assigned:
        return False
    sites = [(s.call, s.caller, s.handle) for s in r.chain] + [(r.call, r.func, r.handle)]
    for call, func, h in sites:
        for cond in _tests_on_the_way(call, func.node):
            if _state_read(cond, func, h) & assigned:
                return True
    return False


def argument_checked(r: Reached) -> bool:
    """DECIDED_BY_ARGUMENTS: does `r` sit under an `if` reading a parameter or the
    receiver of its function itself (not a field of it)?"""
    for cond in _tests_on_the_way(r.call, r.func.node, early_returns=False):
        for n in [cond, *gosyntax.walk(cond)]:
            if n.type != "identifier":
                continue
            parent = n.parent
            if parent is not None and parent.type == "selector_expression":
                if parent.child_by_field_name("operand") == n:
                    continue  # `c.ready`: a field of it, the object's state
            var = r.func.resolver.scopes.lookup(n)
            if var is not None and var.kind in ("param", "receiver"):
                return True
    return False


def _assigned_state(start: Function, handle: Handle) -> set[State]:
    out: set[State] = set()
    body = start.node.child_by_field_name("body")
    for n in gosyntax.walk(body, skip_functions=False) if body is not None else ():
        if n.type not in ("assignment_statement", "inc_statement", "dec_statement"):
            continue
        left = n.child_by_field_name("left")
        targets = left.named_children if left is not None else n.named_children[:1]
        for t in targets:
            out |= _state_read(t, start, handle, roots_only=True)
    return out


def _state_read(expr: Node, func: Function, handle: Handle, roots_only: bool = False) -> set[State]:
    """The state `expr` reads: fields of the object `handle` names in `func`, and
    package-level variables (with `roots_only`, only the outermost: an assignment's target)."""
    out: set[State] = set()
    nodes = [expr] if roots_only else [expr, *gosyntax.walk(expr)]
    for n in nodes:
        while roots_only and n.type in ("selector_expression", "index_expression"):
            operand = gosyntax.unparen(n.child_by_field_name("operand"))
            if operand is None or operand.type == "identifier":
                break
            n = operand
        if n.type == "selector_expression":
            operand = gosyntax.unparen(n.child_by_field_name("operand"))
            ref = func.resolver.ref(operand) if operand is not None else None
            if handle.var is not None and isinstance(ref, VarRef) and ref.var is handle.var:
                out.add(("field", gosyntax.text(gosyntax.field(n, "field"))))
            elif isinstance(ref, GlobalRef):
                out.add(("global", ref.name))
        elif n.type == "identifier" and isinstance(func.resolver.ref(n), GlobalRef):
            out.add(("global", gosyntax.text(n)))
    return out


def _tests_on_the_way(call: Node, func: Node, early_returns: bool = True) -> Iterator[Node]:
    """The conditions of the `if`s whose branch holds `call`, and (with `early_returns`)
    of the `if`s before it, in the blocks around it, whose consequence returns."""
    inner = call
    for above in gosyntax.ancestors(call, func):
        if above.type in gosyntax.FUNCTION_TYPES and above != func:
            inner = above
            continue
        if above.type == "if_statement":
            cond = above.child_by_field_name("condition")
            init = above.child_by_field_name("initializer")
            if cond is not None and not gosyntax.is_within(inner, cond):
                if init is None or not gosyntax.is_within(inner, init):
                    yield cond
        if early_returns and above.type in ("block", "statement_list"):
            for stmt in above.named_children:
                if stmt.start_byte >= inner.start_byte:
                    break
                if stmt.type == "if_statement" and _returns(stmt):
                    cond = stmt.child_by_field_name("condition")
                    if cond is not None:
                        yield cond
        inner = above


def _returns(if_stmt: Node) -> bool:
    consequence = if_stmt.child_by_field_name("consequence")
    stmts = gosyntax.statements(consequence)
    return bool(stmts) and stmts[-1].type == "return_statement"
