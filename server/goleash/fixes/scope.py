"""Finding a way out for a blocked goroutine among the names already in scope.

Preferred: a `context.Context` (parameter, local variable, or a `ctx` field of the
method's receiver), whose `Done()` channel and `Err()` say why we stop. Else a
conventional stop channel: `done`, `stop`, `quit` (and `doneCh`, `stopc`...), as a
parameter, a local variable or a receiver field. A send-only channel cannot be
received from, and the channel the goroutine is blocked on is never its own way out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.fixes import gotypes

if TYPE_CHECKING:
    from goleash.analysis.package import Package

_STOP_NAME = re.compile(r"^(done|stop|quit|stopped|closing|shutdown)(ch|c|chan)?$", re.IGNORECASE)
_CONTEXT_MAKERS = re.compile(r"^context\.(Background|TODO|With\w+)$")


@dataclass(frozen=True)
class WayOut:
    receive: str  # what to receive from: "ctx.Done()", "done", "s.quit"
    err: str | None = (
        None  # "ctx.Err()" for a context: returned where the function returns an error
    )

    @property
    def case(self) -> str:
        return f"case <-{self.receive}:"


def _is_context_type(t: Node | None) -> bool:
    return (
        t is not None
        and t.type == "qualified_type"
        and gosyntax.text(t).replace(" ", "") == "context.Context"
    )


def _is_stop_channel_type(t: Node | None) -> bool:
    return t is not None and t.type == "channel_type" and gotypes.direction(t) != "send"


def _context_value(expr: Node | None) -> bool:
    expr = gosyntax.unparen(expr)
    if expr is None or expr.type != "call_expression":
        return False
    callee = gosyntax.callee_text(expr)
    # r.Context(), ctx.Context() and the context package's constructors.
    return bool(_CONTEXT_MAKERS.match(callee)) or callee.endswith(".Context")


def _scopes(func: Node | None) -> Iterator[Node]:
    """`func`, then the functions enclosing it while it is a function literal."""
    f = func
    while f is not None:
        yield f
        f = gosyntax.enclosing_function(f) if f.type == "func_literal" else None


@dataclass(frozen=True)
class _Declared:
    """A local name declared in a function's body (outside its nested literals)."""

    name: str
    type: Node | None
    value: Node | None
    node: Node  # the short_var_declaration or var_spec
    holder: Node  # the block (or statement) the name is visible in


@dataclass(frozen=True)
class _Candidates:
    """A function's local declarations that could serve as a way out, in walk order:
    a function with thousands of locals and thousands of blocked operations is not
    searched through all of its locals once per operation."""

    contexts: tuple[_Declared, ...]
    stop_channels: tuple[_Declared, ...]


def _declarations(func: Node) -> Iterator[_Declared]:
    """Every local declared in `func`'s body outside nested function literals, in walk order."""
    body = func.child_by_field_name("body")
    if body is None:
        return
    for n in gosyntax.walk(body):
        if n.type not in ("short_var_declaration", "var_spec"):
            continue
        holder = n.parent.parent if n.type == "var_spec" and n.parent is not None else n.parent
        if holder is None:
            continue
        if n.type == "short_var_declaration":
            left = gosyntax.field(n, "left").named_children
            right = gosyntax.field(n, "right").named_children
            for i, target in enumerate(left):
                value = (
                    right[i]
                    if len(left) == len(right)
                    else (right[0] if i == 0 and len(right) == 1 else None)
                )
                yield _Declared(gosyntax.text(target), None, value, n, holder)
        else:
            names = [gosyntax.text(c) for c in n.children_by_field_name("name")]
            typ = n.child_by_field_name("type")
            value = n.child_by_field_name("value")
            vals = value.named_children if value is not None else []
            for i, name in enumerate(names):
                yield _Declared(name, typ, (vals[i] if i < len(vals) else None), n, holder)


def _is_context(d: _Declared) -> bool:
    return d.name != "_" and (
        _is_context_type(d.type)
        or (
            d.type is None
            and d.value is not None
            and _context_value(d.value)
            and _first_of(d.value, d.name)
        )
    )


def _is_stop_channel(d: _Declared) -> bool:
    if not _STOP_NAME.match(d.name):
        return False
    typ = (
        d.type
        if d.type is not None
        else gotypes._make_type(d.value)
        if d.value is not None
        else None
    )
    return _is_stop_channel_type(typ)


def _candidates(func: Node, package: Package | None) -> _Candidates:
    # Kept for the analysis (the package object lives as long as it does): every fix of a
    # function asks again. The key holds the range, as a reused subtree may move.
    cache: dict[tuple[int, int, int], _Candidates] | None = (
        package.__dict__.setdefault("_goleash_way_out_candidates", {})
        if package is not None
        else None
    )
    key = (func.id, func.start_byte, func.end_byte)
    if cache is not None and key in cache:
        return cache[key]
    declared = list(_declarations(func))
    found = _Candidates(
        tuple(d for d in declared if _is_context(d)),
        tuple(d for d in declared if _is_stop_channel(d)),
    )
    if cache is not None:
        cache[key] = found
    return found


def _visible(declared: tuple[_Declared, ...], at: Node) -> Iterator[_Declared]:
    """The declarations (in walk order) made before `at` in blocks enclosing it."""
    for d in declared:
        if d.node.start_byte >= at.start_byte:
            break
        if gosyntax.is_within(at, d.holder) and d.node.end_byte <= at.start_byte:
            yield d


def _receiver_fields(package: Package | None, func: Node) -> Iterator[tuple[str, str, Node | None]]:
    recv = gotypes.receiver(func)
    if recv is None:
        return
    decl = gotypes.type_declaration(package, recv[1])
    if decl is None or decl.type != "struct_type":
        return
    for fd in gosyntax.field_declarations(decl):
        t = fd.child_by_field_name("type")
        for n in fd.children_by_field_name("name"):
            yield f"{recv[0]}.{gosyntax.text(n)}", gosyntax.text(n), t


def find_way_out(
    func: Node | None,
    at: Node,
    package: Package | None = None,
    avoid: frozenset[str] = frozenset(),
    released_only: bool = True,
) -> WayOut | None:
    """The way out for code at `at` inside `func`, or None when nothing suitable is in scope.
    `released_only` (for a fix): skip stop channels nothing releases (NEVER_RELEASED); a
    rule asking whether a stop was promised at all passes False."""
    func = gosyntax.enclosing_function(at) or func
    if func is None:
        return None
    # 1. a context
    for f in _scopes(func):
        for name, t in gosyntax.parameters(f):
            if name and name != "_" and _is_context_type(t):
                return WayOut(f"{name}.Done()", f"{name}.Err()")
        for d in _visible(_candidates(f, package).contexts, at):
            return WayOut(f"{d.name}.Done()", f"{d.name}.Err()")
    for expr, _field, t in _receiver_fields(package, func):
        if _is_context_type(t):
            return WayOut(f"{expr}.Done()", f"{expr}.Err()")
    # 2. a stop channel
    for f in _scopes(func):
        for name, t in gosyntax.parameters(f):
            if _STOP_NAME.match(name or "") and _is_stop_channel_type(t) and name not in avoid:
                return WayOut(name)
        for d in _visible(_candidates(f, package).stop_channels, at):
            if d.name not in avoid and (not released_only or ever_released(f.text or b"", d.name)):
                return WayOut(d.name)
    for expr, field, t in _receiver_fields(package, func):
        if _STOP_NAME.match(field) and _is_stop_channel_type(t) and expr not in avoid:
            texts = [f.data for f in package.files] if package is not None else [func.text or b""]
            if not released_only or any(
                ever_released(text, field, through_field=True) for text in texts
            ):
                return WayOut(expr)
    return None


def ever_released(text: bytes, name: str, through_field: bool = False) -> bool:
    """NEVER_RELEASED: a stop channel nothing closes or sends on (`done := make(chan
    bool)` parking a watcher for good, a `quit` field no method closes) would give the
    loop a case that never fires: such a channel is no way out (audit 38: jupiter).
    A local is looked for in its function, a field (`x.quit`) in the package."""
    at = rb"\w+\." if through_field else rb"(?<![\w.])"
    word = re.escape(name.encode())
    return (
        re.search(
            rb"(?<![\w.])close\(\s*" + (rb"\w+\." if through_field else b"") + word + rb"\s*\)",
            text,
        )
        is not None
        or re.search(at + word + rb"\s*<-", text) is not None
    )


def _first_of(value: Node, name: str) -> bool:
    """In `ctx, cancel := context.WithCancel(p)` only the first name is the context."""
    stmt = value.parent.parent if value.parent is not None else None
    if stmt is None or stmt.type != "short_var_declaration":
        return True
    left = gosyntax.field(stmt, "left").named_children
    right = gosyntax.field(stmt, "right").named_children
    if len(left) == len(right):
        return True
    return bool(left) and gosyntax.text(left[0]) == name


def names_in_scope(func: Node | None, at: Node) -> set[str]:
    """Every parameter and local name visible at `at` (to pick a fresh name)."""
    names: set[str] = set()
    for f in _scopes(gosyntax.enclosing_function(at) or func):
        names.update(n for n, _ in gosyntax.parameters(f) if n)
        body = f.child_by_field_name("body")
        if body is not None:
            for n in gosyntax.walk(body, skip_functions=False):
                if n.type == "identifier":
                    names.add(gosyntax.text(n))
    return names


def declared_only_later(at: Node, name: str) -> bool:
    """`name` is a local of the function around `at` that is declared only after `at`
    (using it at `at` would not compile), and no parameter or earlier local has it."""
    func = gosyntax.enclosing_function(at)
    later = False
    for f in _scopes(func):
        if any(n == name for n, _ in gosyntax.parameters(f)):
            return False
        body = f.child_by_field_name("body")
        for n in gosyntax.walk(body, skip_functions=False) if body is not None else ():
            if n.type != "identifier" or n.text != name.encode() or not declares(n):
                continue
            if n.start_byte < at.start_byte:
                return False
            later = True
    return later


def visible_at(at: Node, expression: str) -> bool:
    """Can `expression` (`d.bays[i].mu`) be written at `at`: is each local it starts from
    (`d`, `i`) declared in a scope that holds `at`? A name the function never declares
    (a parameter, a package name) is taken as visible."""
    func = gosyntax.enclosing_function(at)
    body = func.child_by_field_name("body") if func is not None else None
    if body is None:
        return True
    for name in set(re.findall(r"(?<![\w.])[A-Za-z_]\w*", expression)):
        scopes = [
            _declaring_scope(n)
            for n in gosyntax.walk(body, skip_functions=False)
            if n.type == "identifier" and n.text == name.encode() and declares(n)
        ]
        if scopes and not any(
            s is not None and gosyntax.is_within(at, s) and s.start_byte < at.start_byte
            for s in scopes
        ):
            return False
    return True


def _declaring_scope(ident: Node) -> Node | None:
    """The statement or block a declared name is visible in: its `for` for a loop's
    variables, its `if`/`switch` for one declared in their header, else its block."""
    for a in gosyntax.ancestors(ident):
        if a.type in (
            "for_statement",
            "if_statement",
            "expression_switch_statement",
            "type_switch_statement",
        ):
            header = a.child_by_field_name("body") or a.child_by_field_name("consequence")
            if header is None or not gosyntax.is_within(ident, header):
                return a
        if (
            a.type in ("block", "statement_list", "source_file")
            or a.type in gosyntax.FUNCTION_TYPES
        ):
            return a
    return None


def declares(ident: Node) -> bool:
    parent = ident.parent
    if parent is not None and parent.type == "expression_list":
        parent = parent.parent
        if parent is None or parent.type not in ("short_var_declaration", "range_clause"):
            return False
        left = parent.child_by_field_name("left")
        return left is not None and gosyntax.is_within(ident, left)
    return parent is not None and parent.type in ("var_spec", "const_spec")


def fresh_name(func: Node | None, at: Node, preferred: tuple[str, ...]) -> str:
    taken = names_in_scope(func, at)
    for name in preferred:
        if name not in taken:
            return name
    base = preferred[0]
    i = 2
    while f"{base}{i}" in taken:
        i += 1
    return f"{base}{i}"
