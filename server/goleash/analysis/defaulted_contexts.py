"""A goroutine whose loop stops only on a context that defaults to `context.Background()`.

```go
func New(opts ...Option) *Client {
        o := options{ctx: context.Background()}   // WithContext(ctx) may replace it
        for _, fn := range opts {
                fn(&o)
        }
        c := &Client{opts: o}
        go c.refresh()
        return c
}

func (c *Client) refresh() {
        for {
                select {
                case <-c.opts.ctx.Done():          // the loop's only way out
                        return
                case <-t.C:
                }
                ...
        }
}

func (c *Client) Close() error { ... }          // does not reach refresh
```

A type that offers `Close` (`Stop`, `Shutdown`) promises that its goroutines end with
it. When the loop's only way out is a context that nobody but the caller can cancel,
and the package's default for it is a root context, the loop of an object made with the
defaults runs until the process exits, `Close` or not.

Heuristics, each a trade-off:
- ONLY_THE_CONTEXT: a `select` in an endless loop whose every way out of the goroutine's
  function is its `<-x.F.Done()` case (F a field).
- ROOT_BY_DEFAULT: the package stores `context.Background()` or `context.TODO()` into
  the field (a keyed literal or an assignment) outside tests, and every other store of
  it is a parameter of the storing function (the option that lets a caller pass its
  own). A store of anything else (a derived, cancellable context, a call we do not
  follow) may be cancellable by the package: left alone.
- HOLDER_TYPED: the field's holder type is read from the wait (`p.opts.ctx`: the
  receiver's type, then each field's declared type); a root store counts only into that
  type, while any other store whose holder type is not known counts against the
  finding. Without a known holder type nothing is reported: another type's field of
  the same name may be the one defaulted.
- STOP_PROMISED (the rule's IGNORED_STOPPER): the goroutine's type has a stopping
  method; a bare background loop with none may be meant to live as long as the process.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.kept_contexts import done_cases, only_way_out
from goleash.analysis.package import (
    base_type_name,
    field_selectors,
    holder_type,
    is_test_file,
    keyed_literal_values,
    variable_type,
)

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


@dataclass(frozen=True)
class DefaultedContext:
    select: Node  # the loop's select
    context: Node  # `c.opts.ctx` as the wait names it
    root: Node  # the `context.Background()` stored as the default
    root_file: SourceFile
    optional: bool  # a caller can pass its own (some store is a parameter)


def defaulted_context(package: Package, body: Node, loop: Node) -> DefaultedContext | None:
    """ONLY_THE_CONTEXT and ROOT_BY_DEFAULT for `loop` of the goroutine body `body`."""
    if b".Done()" not in (loop.text or b""):
        return None
    for holder, case, select in done_cases(loop):
        if holder.type != "selector_expression":
            continue
        if gosyntax.enclosing_in_function(select, ("for_statement",)) != loop or not only_way_out(
            body, select, case
        ):
            continue
        field = gosyntax.text(gosyntax.field(holder, "field"))
        owner = _holder_type(package, holder)
        root = _root_default(package, field, owner) if owner is not None else None
        if root is not None:
            return DefaultedContext(select, holder, *root)
    return None


def _holder_type(package: Package, holder: Node) -> str | None:
    """HOLDER_TYPED: the named type holding the last field of `x.a.F` (x the method's
    receiver, or a variable whose type the code states)."""
    chain: list[str] = []
    at: Node | None = holder
    while at is not None and at.type == "selector_expression":
        chain.append(gosyntax.text(gosyntax.field(at, "field")))
        at = gosyntax.unparen(at.child_by_field_name("operand"))
    if at is None or at.type != "identifier":
        return None
    typ = variable_type(at, gosyntax.text(at))
    for name in reversed(chain[1:]):
        found = package.field_type(typ, name) if typ is not None else None
        typ = base_type_name(found[1]) if found is not None else None
    return typ


def _root_default(package: Package, field: str, owner: str) -> tuple[Node, SourceFile, bool] | None:
    """ROOT_BY_DEFAULT: the root context stored into `owner.field`, when every other
    store of it is a parameter of the storing function."""
    values: list[tuple[Node, SourceFile, str | None]] = list(keyed_literal_values(package, field))
    for sel, file in field_selectors(package, field.encode()):
        if not gosyntax.on_side_of(sel, "assignment_statement", "left"):
            continue
        typ = holder_type(sel)
        if typ is not None and typ != owner:
            continue
        value = _assigned_value(sel)
        if value is None:
            return None  # `x.ctx, cancel = context.WithCancel(...)` and the like
        values.append((value, file, typ))
    root: tuple[Node, SourceFile] | None = None
    optional = False
    for value, file, typ in values:
        if typ is not None and typ != owner:
            continue
        if gosyntax.is_root_context(value):
            if root is None and typ == owner and not is_test_file(file.path):
                root = (value, file)
            continue
        if not _parameter(value):
            return None
        optional = True
    return (*root, optional) if root is not None else None


def _assigned_value(sel: Node) -> Node | None:
    """The value assigned to `sel` by a one-to-one assignment, else None."""
    left = sel.parent
    statement = left.parent if left is not None else None
    right = statement.child_by_field_name("right") if statement is not None else None
    if left is None or right is None:
        return None
    targets, values = left.named_children, right.named_children
    if len(targets) != len(values) or sel not in targets:
        return None
    return values[targets.index(sel)]


def _parameter(value: Node) -> bool:
    """Is `value` a parameter of the function it is in (the caller's own context)?"""
    plain = gosyntax.unparen(value)
    if plain is None or plain.type != "identifier":
        return False
    name = gosyntax.text(plain)
    # The innermost function declaring the name: an option's literal (`func(o *options)
    # { o.ctx = ctx }`) sees its maker's parameter.
    return any(
        p == name
        for a in gosyntax.ancestors(plain)
        if a.type in gosyntax.FUNCTION_TYPES
        for p, _typ in gosyntax.parameters(a)
    )
