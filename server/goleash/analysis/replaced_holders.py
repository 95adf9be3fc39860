"""An object with a goroutine of its own, kept in a struct field, replaced by a new one
without being stopped, while the package stops only the one the field holds.

```go
func (t *Tailer) watch() {
        for {
                ...
                t.reader = startFollower(f, t.lines) // the old follower's run waits on
        }
}

func (t *Tailer) Close() error {
        t.reader.stop() // stops the follower the field holds: the replaced one is gone
        ...
}
```

A constructor of the package that starts a goroutine stopped by a method of its type
(`stop_signals.stoppers`) hands its caller the duty to stop it. A holder that keeps
such an object in a field and stops it through that field loses the one it
overwrites: nothing holds it any more, and its goroutine runs for good. This is
replaced_entries.py's leak with a plain field instead of a map entry.

Guards, each a trade-off:
- STOPPED_THROUGH_THE_FIELD: some function of the package calls a stopping method on
  the field itself (`t.reader.stop()`): the package shows the object needs stopping,
  and that it reaches it through the field alone.
- MAY_HOLD_ONE: the field already holds an object when the store runs. Either the
  store is made in a loop that goes round again after it (a retry loop that stores and
  leaves replaces nothing), or it is made on a method's own receiver while another
  function of the package also fills the field of that type (another method, the
  constructor, a composite literal). A store under a test of the field (`if t.reader ==
  nil`, or after `if t.reader != nil { return }`), or in a method its callers call only
  under such a test (CALLER_TESTS_THE_FIELD), replaces nothing. Trade-off: a `Start`
  that only its own misuse runs twice is not reported.
- COPIED_HOLDER: for an object the package stops by closing a field of it (CLOSED_INLINE),
  the close may go through a copy of the holder (`p := r.pool; close(p.tasks)`). A
  stopping method called through a copy (`c := s.crew; c.dismiss()`) is not read as
  one through the field: together with workers handed the field as an argument it
  flagged the fixed twin of an unseen program (pass 47).
- NOT_STOPPED_HERE: the storing function calls no stopping method of the type and reads
  the field only to call its methods (`old := t.reader` hands the old object on, to be
  stopped later); nor does a function of the package that calls it stop one first.
  Trade-off: a helper that stops the old object under another name is missed, and the
  store is reported. NEW_ONE_AFTER: past a store no loop goes round to, the field read
  in the statements after it in its block is the new object (`s.crew.gen` in a log
  line), not the old one handed on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis import paths
from goleash.analysis.index import receiver_type_name
from goleash.analysis.stop_signals import Stoppable, constructed

if TYPE_CHECKING:
    from goleash.analysis.functions import Function
    from goleash.analysis.liveness import Liveness
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


@dataclass(frozen=True)
class ReplacedHolder:
    store: tree_sitter.Node  # `t.reader = startFollower(f, t.lines)`
    holder: str  # `t.reader`
    constructor: Function
    stop: Stoppable  # the constructor's goroutine and the methods that stop it
    cleanup: tree_sitter.Node  # `t.reader.stop()`, where the package stops the held one
    cleanup_file: SourceFile
    in_loop: bool  # MAY_HOLD_ONE by a loop (else by a fill elsewhere)
    pointer: bool  # the constructor returns a pointer: the old one may be nil


def replaced_holders(
    liveness: Liveness, stores: Iterable[tree_sitter.Node]
) -> list[ReplacedHolder]:
    """Among `stores` (the file's `x.f = ctor(...)` and `x.f, err = ctor(...)` being
    checked), those that overwrite a stoppable object the package stops only through
    the field."""
    out: list[ReplacedHolder] = []
    package = liveness.package
    for store in stores:
        left = gosyntax.field(store, "left").named_children
        right = gosyntax.field(store, "right").named_children
        if len(right) != 1 or right[0].type != "call_expression":
            continue
        # `t.reader = start(f)`, or `t.reader, err = start(f)` with its error beside it.
        if len(left) not in (1, 2) or (len(left) == 2 and left[1].type != "identifier"):
            continue
        target = gosyntax.unparen(left[0])
        if target is None or target.type != "selector_expression":
            continue
        # The constructor first: a name looked up, its goroutine judged once per package.
        made = constructed(liveness, right[0], closed_inline=True)
        field = gosyntax.text(gosyntax.field(target, "field"))
        if made is None or not field:
            continue
        constructor, stop = made
        found = (
            _stopped_through_the_field(package, field, stop.methods)
            if not stop.closed_field
            else _closed_through_the_field(package, field, stop.closed_field)
        )
        func = gosyntax.enclosing_function(store) if found is not None else None
        if found is None or func is None:
            continue
        holder = gosyntax.text(target).replace(" ", "")
        loop = going_round(store, func)  # MAY_HOLD_ONE by a loop that goes round again
        in_loop = loop is not None and not _a_new_element_each_round(loop, target)
        if not in_loop and not _fills_a_held_field(liveness.file, package, func, target, field):
            continue
        if _tests_the_field(store, func, holder) or _stops_or_hands_on(
            package, func, store, holder, stop.methods, stop.closed_field
        ):
            continue
        results = gosyntax.result_types(constructor.node)
        pointer = bool(results) and results[0] is not None and results[0].type == "pointer_type"
        out.append(
            ReplacedHolder(store, holder, constructor, stop, found[0], found[1], in_loop, pointer)
        )
    return out


def _a_new_element_each_round(loop: tree_sitter.Node, target: tree_sitter.Node) -> bool:
    """PER_ELEMENT: `for _, shape := range shapes { shape.Bucket = NewBucket() }` stores in
    the field of each element in turn, not again in the one it filled last round: the
    target's root is a variable the loop's range clause declares. Trade-off: two elements
    that are the same pointer are taken as different objects."""
    clauses = loop.named_children
    clause = next((c for c in clauses if c.type == "range_clause"), None)
    left = clause.child_by_field_name("left") if clause is not None else None
    if left is None:
        return False
    root = target
    while root.type in ("selector_expression", "index_expression", "parenthesized_expression"):
        inner = root.child_by_field_name("operand") or (
            root.named_children[0] if root.named_children else None
        )
        if inner is None:
            return False
        root = inner
    declared = {gosyntax.text(n) for n in left.named_children if n.type == "identifier"}
    return root.type == "identifier" and gosyntax.text(root) in declared


def going_round(store: tree_sitter.Node, func: tree_sitter.Node) -> tree_sitter.Node | None:
    """The `for` of its function the store sits in, when the loop goes round again after
    it (no `return`, `break` or `goto` follows it in its blocks up to the loop)."""
    current = store
    for a in gosyntax.ancestors(store, func):
        if a.type in ("statement_list", "communication_case", "expression_case", "default_case"):
            after = [s for s in gosyntax.statements(a) if s.start_byte >= current.end_byte]
            if any(s.type in _LEAVING for s in after):
                return None
        if a.type == "for_statement":
            return a
        if a.type in gosyntax.FUNCTION_TYPES:
            return None
        current = a
    return None


_LEAVING = ("return_statement", "break_statement", "goto_statement")


def _fills_a_held_field(
    file: SourceFile,
    package: Package,
    func: tree_sitter.Node,
    target: tree_sitter.Node,
    field: str,
) -> bool:
    """MAY_HOLD_ONE by a fill elsewhere: the store is on the method's own receiver and
    another function of the package fills the same field of the same type: another of
    its methods, a constructor returning it (`t.reader = ...`), or a composite literal of
    the type (`&Tailer{reader: ...}`). A field of that name in another type is no fill."""
    receiver = gosyntax.receiver_text(func)
    type_name = receiver_type_name(func)
    operand = gosyntax.unparen(target.child_by_field_name("operand"))
    if receiver is None or type_name is None or operand is None:
        return False
    if gosyntax.text(operand) != receiver:
        return False
    assigned = re.compile(
        rb"\." + re.escape(field.encode()) + rb"\s*(?:,[\w\s,.]*)?=(?!=)\s*(?!nil\b)"
    )
    keyed = re.compile(rb"[{,\s]" + re.escape(field.encode()) + rb"\s*:[^=]")
    for f in package.files:
        for m in assigned.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start() + 1, m.start() + 2)
            top = gosyntax.enclosing_function(node) if node is not None else None
            while top is not None and top.type == "func_literal":
                top = gosyntax.enclosing_function(top.parent) if top.parent else None
            if top is None or (f is file and top == func):
                continue
            if receiver_type_name(top) == type_name or _returns_type(top, type_name):
                return True
        for m in keyed.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start() + 1, m.start() + 2)
            literal = node
            while literal is not None and literal.type != "composite_literal":
                literal = literal.parent
            typ = literal.child_by_field_name("type") if literal is not None else None
            if typ is not None and gosyntax.text(typ) == type_name:
                return True
    return False


def _returns_type(func: tree_sitter.Node, type_name: str) -> bool:
    """Does `func` return `type_name` or a pointer to it (a constructor of the type)?"""
    return any(
        r is not None and gosyntax.text(r).lstrip("*") == type_name
        for r in gosyntax.result_types(func)
    )


def _tests_the_field(store: tree_sitter.Node, func: tree_sitter.Node, holder: str) -> bool:
    """MAY_HOLD_ONE's converse: the store is under a test of the field, or after one that
    leaves (`if t.reader != nil { return }`)."""
    for _if, guard in gosyntax.guarding_ifs(store, func):
        if holder in gosyntax.text(guard).replace(" ", ""):
            return True
    if _callers_test_the_field(func, holder):
        return True
    for branch in gosyntax.descendants(func, "if_statement"):
        if branch.end_byte > store.start_byte:
            continue
        cond = branch.child_by_field_name("condition")
        consequence = branch.child_by_field_name("consequence")
        if (
            cond is not None
            and consequence is not None
            and holder in gosyntax.text(cond).replace(" ", "")
            and paths.always_leaves(consequence)
        ):
            return True
    return False


def _callers_test_the_field(func: tree_sitter.Node, holder: str) -> bool:
    """CALLER_TESTS_THE_FIELD: a call of the storing method in its file sits under a test of
    the field (`if bw.stream == nil { err := bw.connectNext() }`): the store is made
    only when the field is empty. Field names compared, whatever the receiver is called.
    Trade-off: one guarded caller spares a store that another caller reaches unguarded."""
    name = gosyntax.function_name(func)
    root = func
    while root.parent is not None:
        root = root.parent
    field = holder.rsplit(".", 1)[-1]
    if not name or b"." + name.encode() + b"(" not in (root.text or b""):
        return False
    for call in gosyntax.descendants(root, "call_expression"):
        if gosyntax.callee_text(call).rsplit(".", 1)[-1] != name:
            continue
        for _if, guard in gosyntax.guarding_ifs(call):
            if re.search(r"\." + re.escape(field) + r"\b", gosyntax.text(guard)):
                return True
    return False


def _stops_or_hands_on(
    package: Package,
    func: tree_sitter.Node,
    store: tree_sitter.Node,
    holder: str,
    methods: Iterable[str],
    closed_field: str = "",
) -> bool:
    """NOT_STOPPED_HERE's converse: the function (or a caller of it in the package) calls
    a stopping method (or, for an object the package stops by closing its field, closes
    a field of that name), or the function reads the field other than to call a method.
    COPY_ONLY_READ: a copy of the field (`prev := g.crew`) used only to read its fields
    and to compare it hands nothing on."""
    names = set(methods)
    if _calls_a_stop(func, names) or (closed_field and _closes_a_field(func, closed_field)):
        return True
    # NEW_ONE_AFTER: past a store no loop goes round to again, in the statements that
    # follow it in its block, the field holds the new object: `s.crew.gen` there reads
    # the new crew, and hands on nothing of the old.
    block = store.parent if going_round(store, func) is None else None
    for sel in gosyntax.descendants(func, "selector_expression"):
        if gosyntax.text(sel).replace(" ", "") != holder or _within(sel, store):
            continue
        if block is not None and sel.start_byte >= store.end_byte and _within(sel, block):
            continue
        parent = sel.parent
        if parent is not None and _copy_only_read(func, sel):
            continue
        if parent is None or parent.type != "selector_expression":
            return True  # `old := t.reader`, `go t.reader.run()` aside: handed on
        call = parent.parent
        if call is None or call.type != "call_expression":
            return True
    name = gosyntax.function_name(func)
    if not name:
        return False
    call_site = re.compile(rb"\b" + re.escape(name.encode()) + rb"\(")
    for f in package.files:
        if not call_site.search(f.data):
            continue
        for call in gosyntax.descendants(f.root, "call_expression"):
            if gosyntax.callee_text(call).rsplit(".", 1)[-1] != name:
                continue
            caller = gosyntax.enclosing_function(call)
            if caller is not None and caller != func and _calls_a_stop(caller, names):
                return True
    return False


def _copy_only_read(func: tree_sitter.Node, sel: tree_sitter.Node) -> bool:
    """COPY_ONLY_READ: `sel` is the one value of `prev := g.crew`, and every later use of
    `prev` in the function reads a field through it (`prev.rules.Version`, not a method
    call) or compares it."""
    values = sel.parent
    decl = values.parent if values is not None else None
    if (
        values is None
        or decl is None
        or decl.type != "short_var_declaration"
        or len(values.named_children) != 1
        or values != decl.child_by_field_name("right")
    ):
        return False
    lefts = gosyntax.field(decl, "left").named_children
    if len(lefts) != 1 or lefts[0].type != "identifier":
        return False
    name = gosyntax.text(lefts[0])
    for n in gosyntax.descendants(func, "identifier"):
        if gosyntax.text(n) != name or n.start_byte <= lefts[0].start_byte:
            continue
        up = n.parent
        if up is not None and up.type == "binary_expression":
            continue
        if (
            up is not None
            and up.type == "selector_expression"
            and up.child_by_field_name("operand") == n
            and (up.parent is None or up.parent.type != "call_expression")
        ):
            continue
        return False
    return True


def _closes_a_field(func: tree_sitter.Node, field: str) -> bool:
    """`close(x.field)` anywhere in the function (any `x`)."""
    pattern = re.compile(rb"(?<![\w.])close\(\s*[\w.]+\." + re.escape(field.encode()) + rb"\s*\)")
    return pattern.search(func.text or b"") is not None


def _closed_through_the_field(
    package: Package, field: str, closed_field: str
) -> tuple[tree_sitter.Node, SourceFile] | None:
    """STOPPED_THROUGH_THE_FIELD for an object the package stops by closing its field
    (CLOSED_INLINE): `close(g.crew.jobs)`, or `close(c.jobs)` after `c := g.crew` in the
    same function (COPIED_HOLDER)."""
    close = re.compile(
        rb"(?<![\w.])close\(\s*([\w.]+)\." + re.escape(closed_field.encode()) + rb"\s*\)"
    )
    for f in package.files:
        for m in close.finditer(f.data):
            operand = m.group(1).decode()
            node = f.root.descendant_for_byte_range(m.start(), m.end())
            while node is not None and node.type != "call_expression":
                node = node.parent
            func = gosyntax.enclosing_function(node) if node is not None else None
            if node is None or func is None:
                continue
            if operand.endswith("." + field):
                return node, f
            copied = re.compile(
                rb"\b"
                + re.escape(operand.encode())
                + rb"\s*:?=\s*\w+\."
                + re.escape(field.encode())
                + rb"\b"
            )
            if "." not in operand and copied.search(func.text or b""):
                return node, f
    return None


def _within(node: tree_sitter.Node, outer: tree_sitter.Node) -> bool:
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def _calls_a_stop(func: tree_sitter.Node, names: set[str]) -> bool:
    for call in gosyntax.descendants(func, "call_expression"):
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if (
            fn is not None
            and fn.type == "selector_expression"
            and gosyntax.text(gosyntax.field(fn, "field")) in names
        ):
            return True
    return False


def _stopped_through_the_field(
    package: Package, field: str, methods: Iterable[str]
) -> tuple[tree_sitter.Node, SourceFile] | None:
    """STOPPED_THROUGH_THE_FIELD: (the call, its file) of `x.field.stop()` for one of
    `methods`. Kept per package: every store of the field asks the same."""
    cache: dict[tuple[str, tuple[str, ...]], tuple[tree_sitter.Node, SourceFile] | None] = (
        package.__dict__.setdefault("_stopped_through_the_field", {})
    )
    key = (field, tuple(sorted(methods)))
    if key not in cache:
        cache[key] = _find_stop_through(package, field, methods)
    return cache[key]


def _find_stop_through(
    package: Package, field: str, methods: Iterable[str]
) -> tuple[tree_sitter.Node, SourceFile] | None:
    names = set(methods)
    needle = re.compile(rb"\." + re.escape(field.encode()) + rb"\s*\.\s*\w+\(")
    for f in package.files:
        if not needle.search(f.data):
            continue
        for call in gosyntax.descendants(f.root, "call_expression"):
            fn = gosyntax.unparen(call.child_by_field_name("function"))
            if fn is None or fn.type != "selector_expression":
                continue
            if gosyntax.text(gosyntax.field(fn, "field")) not in names:
                continue
            if gosyntax.selects_field(fn.child_by_field_name("operand"), field):
                return call, f
    return None
