"""A select case waiting on a context the starting function derived and then left
without cancelling, on the way out that abandons the goroutine.

```go
gctx, cancel := context.WithCancel(ctx)
for _, id := range ids {
        go func(id int) {
                select {
                case results <- work(gctx, id):
                case <-gctx.Done():         // no way out once All returned early
                }
        }(id)
}
for range ids {
        if v := <-results; v < 0 {
                return errNegative          // cancel is not called: gctx stays open
        }
}
cancel()
```

The `<-gctx.Done()` case looks like the goroutine's way out, and on the paths that
call `cancel` it is. On the early `return` nothing cancels `gctx`; it ends only when
the caller's context does, which for a background context is never.

Heuristic UNCANCELLED_ON_THE_WAY_OUT, each condition a trade-off:
- the context is bound, beside its cancel, by a short declaration of the starting
  function from `context.WithCancel` or `WithCancelCause` (a timeout or deadline ends on
  its own: TIMER_RELEASES, as in GL012);
- the cancel function is only called, or deferred, by that function itself: one handed
  to a closure, stored or returned may be called by someone else, and the case is then
  taken as a way out;
- the way out is one that no call or deferred call of the cancel covers
  (`paths.abandoning_exits`, the question GL012 asks).
A goroutine that names the context under another name (a parameter it was handed) is
matched by the name at the `go` statement only when it is the same identifier.

The same for a context kept by a group object of the package, errgroup-like code of its
own (blind dev p556):

```go
func newGroup(parent context.Context) *group {
        ctx, cancel := context.WithCancel(parent)
        return &group{ctx: ctx, cancel: cancel}
}
func (g *group) Wait() error { g.wg.Wait(); g.cancel(); return g.err }
```

Heuristic GROUP_KEEPS_THE_CANCEL, each condition a trade-off:
- the constructor is a function of the package that derives the context as above and
  returns a literal of a struct storing both, by field name;
- a method of the struct cancels when a statement of its body (not nested) calls the
  cancel field, or defers it: `Wait` does; one cancelling only on a failure does not;
- the starter binds the group with `:=` and uses it only to call its methods; a way out
  that calls or defers none of the cancelling ones leaves the context open;
- the waiting case names the group's context as `g.ctx`, or as the context parameter of
  a function literal the starter hands to a method of the group (`g.Go(func(ctx
  context.Context) error {...})`), which is taken to run it with the group's context.
The fix then is `defer g.cancel()` after the group is made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis import paths
from goleash.analysis.index import receiver_type_name
from goleash.analysis.values import base_type_name

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.source import SourceFile

_CANCELLERS = re.compile(r"^context\.WithCancel(Cause)?$")


@dataclass(frozen=True)
class OpenContext:
    decl: Node  # the declaration binding the context (or the group holding it)
    release: str  # what cancels it: `cancel`, `g.cancel`
    name: str  # how a message names it: `gctx`, `g.ctx`


@dataclass
class OpenContexts:
    """The contexts a starter leaves open on one way out."""

    locals: dict[str, OpenContext] = field(default_factory=dict)
    groups: dict[str, tuple[str, OpenContext]] = field(default_factory=dict)  # g -> (ctx field, it)

    def __bool__(self) -> bool:
        return bool(self.locals or self.groups or self.made_groups)

    # Every group the starter makes, open here or not: group -> its context field.
    made_groups: dict[str, str] = field(default_factory=dict)

    def holding(self, holder: Node | None) -> OpenContext | None:
        """The open context `holder` (the `x` of `x.Done()`) is, if any."""
        holder = gosyntax.unparen(holder)
        if holder is not None and holder.type == "identifier":
            text = gosyntax.text(holder)
            if _declaring_literal(holder, text) is None:
                return self.locals.get(text)
        group = _group_of(holder, self.made_groups)
        return self.groups[group][1] if group is not None and group in self.groups else None

    def a_groups_context(self, holder: Node | None) -> bool:
        """Is `holder` the context of a group the starter made (open here or not)?
        Such a context is the group's to cancel, not the caller's (GROUP_KEEPS_THE_CANCEL)."""
        return _group_of(holder, self.made_groups) is not None


def _group_of(holder: Node | None, groups: dict[str, str]) -> str | None:
    """The group local whose context `holder` names: `g.ctx`, or the context parameter
    of a function literal handed to a method of `g` (`g.Go(func(ctx ...) {...})`)."""
    holder = gosyntax.unparen(holder)
    if holder is None or not groups:
        return None
    if holder.type == "selector_expression":
        operand = gosyntax.unparen(holder.child_by_field_name("operand"))
        name = holder.child_by_field_name("field")
        group = gosyntax.text(operand) if operand is not None else ""
        if name is not None and groups.get(group) == gosyntax.text(name):
            return group
        return None
    if holder.type != "identifier":
        return None
    literal = _declaring_literal(holder, gosyntax.text(holder))
    arguments = literal.parent if literal is not None else None
    call = arguments.parent if arguments is not None else None
    if (
        arguments is None
        or arguments.type != "argument_list"
        or call is None
        or call.type != "call_expression"
    ):
        return None
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    operand = (
        fn.child_by_field_name("operand")
        if fn is not None and fn.type == "selector_expression"
        else None
    )
    group = gosyntax.text(operand) if operand is not None else ""
    return group if group in groups else None


def contexts_left_open(root: Node, exit_node: Node | None, package: Package) -> OpenContexts:
    """The contexts `root` derives, itself or through a group of the package, with a
    cancel it does not call on the way out at `exit_node` (UNCANCELLED_ON_THE_WAY_OUT)."""
    found = OpenContexts()
    if exit_node is None:
        return found
    groups: dict[str, tuple[str, str, frozenset[str]]] | None = None
    for decl in gosyntax.descendants(root, "short_var_declaration"):
        if gosyntax.enclosing_function(decl) != root:
            continue
        left = gosyntax.side_of(decl, "left")
        right = gosyntax.side_of(decl, "right")
        if len(right) != 1 or right[0].type != "call_expression":
            continue
        callee = gosyntax.callee_text(right[0]) or ""
        if len(left) == 2 and _CANCELLERS.match(callee):
            context_name, cancel = (gosyntax.text(n) for n in left)
            if cancel == "_":
                continue
            called, deferring, escapes = gosyntax.calls_of_local(root, decl, cancel)
            if not escapes and _open_at(root, decl, called, deferring, exit_node):
                found.locals[context_name] = OpenContext(decl, cancel, context_name)
            continue
        if len(left) not in (1, 2) or "." in callee:
            continue
        if groups is None:
            groups = package.derived("context_groups", _context_groups)
        group = groups.get(callee)
        if group is None or (len(left) == 2) != (group[0] == ""):
            continue  # `g, gctx := newGroup(ctx)` for a group handing its context back
        context_field, cancel_field, cancelling = group
        name = gosyntax.text(left[0])
        uses = _group_uses(root, decl, name)
        if uses is None:
            continue  # handed on, stored or returned: someone else may cancel it
        handed_back = gosyntax.text(left[1]) if len(left) == 2 else None
        if handed_back is None:
            found.made_groups[name] = context_field
        calls: list[Node] = []
        deferred: list[Node] = []
        for c, method in uses:
            if method not in cancelling:
                continue
            parent = c.parent
            if parent is not None and parent.type == "defer_statement":
                deferred.append(parent)
            else:
                calls.append(c)
        if not _open_at(root, decl, calls, deferred, exit_node):
            continue
        if handed_back is not None:
            if handed_back != "_":
                found.locals[handed_back] = OpenContext(decl, f"{name}.{cancel_field}", handed_back)
            continue
        found.groups[name] = (
            context_field,
            OpenContext(decl, f"{name}.{cancel_field}", f"{name}.{context_field}"),
        )
    return found


def _open_at(
    root: Node, decl: Node, calls: list[Node], deferred: list[Node], exit_node: Node
) -> bool:
    return any(e.node == exit_node for e in paths.abandoning_exits(root, decl, calls, deferred))


def _declaring_literal(ident: Node, name: str) -> Node | None:
    """The nearest function literal around `ident` with a parameter called `name`; None
    when the nearest function declaring it is none (a local of the starter)."""
    for a in gosyntax.ancestors(ident):
        if a.type not in gosyntax.FUNCTION_TYPES:
            continue
        params = a.child_by_field_name("parameters")
        declared = {
            gosyntax.text(n)
            for p in (params.named_children if params is not None else ())
            for n in p.children_by_field_name("name")
        }
        if name in declared:
            return a if a.type == "func_literal" else None
    return None


def _group_uses(root: Node, decl: Node, name: str) -> list[tuple[Node, str]] | None:
    """Each `name.M(...)` call in `root` after `decl`, with `M`; None when `name` is
    used any other way (handed on, returned, stored)."""
    uses: list[tuple[Node, str]] = []
    for ident in gosyntax.descendants(root, "identifier"):
        if gosyntax.text(ident) != name or ident.start_byte < decl.end_byte:
            continue
        sel = ident.parent
        call = sel.parent if sel is not None else None
        if (
            sel is None
            or sel.type != "selector_expression"
            or call is None
            or call.type != "call_expression"
            or call.child_by_field_name("function") != sel
        ):
            return None
        uses.append((call, gosyntax.text(gosyntax.field(sel, "field"))))
    return uses


def _context_groups(files: list[SourceFile]) -> dict[str, tuple[str, str, frozenset[str]]]:
    """{constructor: (context field, cancel field, names of the methods that cancel)}
    for the package's group types (GROUP_KEEPS_THE_CANCEL)."""
    made: dict[str, tuple[str, str, str]] = {}  # constructor -> (type, ctx field, cancel field)
    for f in files:
        if b"context.WithCancel" not in f.data:
            continue  # read as text first: a file deriving no context is not parsed
        for decl in f.root.named_children:
            if decl.type != "function_declaration":
                continue
            kept = _keeps_a_cancel(decl)
            if kept is not None:
                made[gosyntax.function_name(decl) or ""] = kept
    if not made:
        return {}
    out: dict[str, tuple[str, str, frozenset[str]]] = {}
    for constructor, (type_name, context_field, cancel_field) in made.items():
        cancelling = frozenset(
            gosyntax.function_name(m) or ""
            for f in files
            if f".{cancel_field}()".encode() in f.data
            for m in f.root.named_children
            if m.type == "method_declaration"
            and receiver_type_name(m) == type_name
            and _cancels_at_top(m, cancel_field)
        )
        out[constructor] = (context_field, cancel_field, cancelling | {cancel_field})
    return out


def _keeps_a_cancel(decl: Node) -> tuple[str, str, str] | None:
    """(struct type, context field, cancel field) when `decl` derives a cancellable
    context and returns a literal of a struct keeping both, or keeping the cancel and
    handing the context back beside it (the context field is then "")."""
    body = decl.child_by_field_name("body")
    context_name = cancel = None
    for stmt in gosyntax.statements(body):
        if stmt.type == "short_var_declaration":
            left = gosyntax.side_of(stmt, "left")
            right = gosyntax.side_of(stmt, "right")
            if (
                len(left) == 2
                and len(right) == 1
                and right[0].type == "call_expression"
                and _CANCELLERS.match(gosyntax.callee_text(right[0]) or "")
            ):
                context_name, cancel = (gosyntax.text(n) for n in left)
        if stmt.type != "return_statement" or context_name is None:
            continue
        value = gosyntax.returned_values(stmt)
        # `return &group{ctx: ctx, cancel: cancel}`, or `return &group{cancel: cancel}, ctx`
        handed = [i for i, v in enumerate(value) if gosyntax.text(v) == context_name]
        if len(value) not in (1, 2) or (len(value) == 2 and handed != [1]):
            return None
        lit = gosyntax.unparen(value[0])
        if lit is not None and lit.type == "unary_expression":
            lit = gosyntax.unparen(lit.child_by_field_name("operand"))
        if lit is None or lit.type != "composite_literal":
            return None
        type_name = base_type_name(lit.child_by_field_name("type"))
        fields = _keyed_fields(lit)
        context_field = fields.get(context_name, "" if handed else None)
        cancel_field = fields.get(cancel) if cancel else None
        if type_name and context_field is not None and cancel_field:
            return type_name, context_field, cancel_field
        return None
    return None


def _keyed_fields(lit: Node) -> dict[str, str]:
    """{value identifier: field} of a keyed composite literal (`{ctx: c, cancel: f}`)."""
    out: dict[str, str] = {}
    body = lit.child_by_field_name("body")
    for elem in body.named_children if body is not None else ():
        if elem.type != "keyed_element" or len(elem.named_children) != 2:
            continue
        key, value = elem.named_children
        key_text = gosyntax.text(key)
        value_text = gosyntax.text(value)
        out[value_text] = key_text
    return out


def _cancels_at_top(method: Node, cancel_field: str) -> bool:
    """Does a statement of the method's body (not nested) call or defer `recv.cancel_field()`?"""
    receiver = gosyntax.receiver_text(method)
    wanted = f"{receiver}.{cancel_field}()"
    for stmt in gosyntax.statements(method.child_by_field_name("body")):
        if stmt.type in ("expression_statement", "defer_statement") and stmt.named_children:
            if gosyntax.text(stmt.named_children[0]).replace(" ", "") == wanted:
                return True
    return False


def waits_only_on(select: Node, case: Node, open_contexts: OpenContexts | None) -> bool:
    """Are the select's cases other than `case` all receives from the `Done()` of one of
    the open contexts?"""
    if not open_contexts:
        return False
    others = [
        c for c in gosyntax.select_cases(select) if c.type == "communication_case" and c != case
    ]
    if not others:
        return False
    return all(
        open_contexts.holding(gosyntax.done_holder(gosyntax.received_operand(c))) is not None
        for c in others
    )


def open_context_beside(
    select: Node, case: Node, open_contexts: OpenContexts | None
) -> OpenContext | None:
    """The open context whose `Done()` the select waits on beside `case`, when every
    other case waits on one."""
    if not waits_only_on(select, case, open_contexts):
        return None
    assert open_contexts is not None
    for c in gosyntax.select_cases(select):
        if c != case and c.type == "communication_case":
            return open_contexts.holding(gosyntax.done_holder(gosyntax.received_operand(c)))
    return None
