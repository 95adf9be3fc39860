"""Channel fields that may be nil when a goroutine uses them.

Two sources. Caller-provided options:

`Options{Interval: time.Second}` leaves `Options.Changes chan<- string` nil. A
goroutine that sends on it blocks forever; one whose loop only ends on `case
<-opts.Done:` loops forever, because a nil channel never fires. The package
cannot tell whether its callers set the field, so the question is whether the
package itself copes with a nil one.

An *optional field* is an exported channel field of an exported struct type that
looks like options (heuristic OPTIONS_TYPE below) which the package never assigns,
never sets in a literal, never compares with nil, and never closes (a close panics on
a nil channel: a package closing the field takes it as required, CLOSED_MEANS_REQUIRED;
a caller leaving it out then panics rather than leaks). Trade-off: a package that
documents the field as required is reported too (a caller leaving it out would
leak), and one that checks the field for nil anywhere is trusted to check it where
it matters.

A channel field set only by a *functional option* (`func WithMissed(ch chan<- Missed)
Option { return func(s *Scheduler) { s.missed = ch } }`) is nil unless the caller
passes that option. Heuristic OPTION_ONLY: every store of the field in the package is
in a function literal that a function returns, that function is never called in the
package (so no default applies it), and nothing compares the field with nil or closes
it. Trade-off: a package whose documentation makes the option mandatory is reported.
The goroutine's own bare operations are read, and those of the methods it calls on
its receiver (OPTION_OPS_IN_CALLEES, MAX_CALLEE_DEPTH deep): a scheduler loop's
`s.start(e)` that sends on the optional field blocks the loop.

A *lazily made field*: a channel field no literal of its struct sets, made by a
method that no constructor calls (`Serve` makes `s.done`), is nil until that method
runs. A goroutine that blocks on it (directly, or on a copy taken in the function
that starts it) without a nil check in either blocks forever when started first.
Trade-off: a method documented to be called only after the making one is reported.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any

import tree_sitter

from goleash import gosyntax
from goleash.analysis.call_chains import Handle, reached_functions
from goleash.analysis.cfg import is_channel_type
from goleash.analysis.functions import receiver_var, started_goroutines
from goleash.analysis.liveness import Identity, Liveness, Partner, Summary, Verdict
from goleash.analysis.package import field_selectors
from goleash.analysis.stop_signals import loop_ended_only_by
from goleash.analysis.values import FieldRef

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event
    from goleash.analysis.functions import Function
    from goleash.source import SourceFile

# Heuristic OPTIONS_TYPE: struct types whose values callers fill in, known by name
# (`Options`, `ServerConfig`, `DialOpts`, ...) or by a field comment saying the
# field is optional. Trade-off: an options struct named otherwise is missed.
OPTIONS_TYPE = re.compile(r"(Options|Opts|Config|Settings|Params)$")
OPTIONAL_COMMENT = re.compile(
    rb"(?i)\b(optional|when set|if set|may be nil|if non-nil|when the caller sets)\b"
)


def optional_field_verdicts(
    liveness: Liveness, go_statements: Collection[tree_sitter.Node]
) -> list[Verdict]:
    """Verdicts "nil-op" (a bare send, receive or range on an optional field) and
    "nil-loop" (a goroutine's loop whose only ways out are cases on optional fields)
    for the goroutines started in this file."""

    out: list[Verdict] = []
    if not go_statements or not liveness.package.derived(
        "may_be_nil_fields", _mentions_candidate_fields
    ):
        return out  # no options-like channel field, no channel field made after construction
    functions = liveness.functions
    for start in started_goroutines(
        functions, liveness.file, go_statements, once_per_goroutine=True
    ):
        starter, goroutine, spawn = start.starter, start.goroutine, start.spawn
        assert goroutine.cfg is not None  # started_goroutines yields only those with one
        ops = [
            (node, ev)
            for node in goroutine.cfg.nodes
            for ev in node.events
            if ev.kind in ("send", "recv", "range")
            and isinstance(ev.ref, FieldRef)
            and _optional(liveness, ev.ref)
        ]
        if not any(ev.case is None for _node, ev in ops):
            callee_op = _bare_op_in_callees(liveness, goroutine)
            if callee_op is not None:
                callee, ev = callee_op
                assert isinstance(ev.ref, FieldRef)  # _bare_op_in_callees keeps field ops
                partner = Partner(spawn, goroutine, Summary.uncounted(), "goroutine")
                out.append(
                    Verdict(
                        "nil-op",
                        _identity(ev.ref, goroutine),
                        ev,
                        callee,
                        partner,
                        detail=_detail(liveness, ev.ref),
                    )
                )
                continue
        if not ops:
            lazy = _lazy_op(liveness, starter, goroutine)
            if lazy is not None and (
                _made_before_start(liveness, starter, lazy[2][1], start.stmt)
                or _notified_before_start(starter, lazy[1].field, start.stmt)
            ):
                lazy = None
            if lazy is not None:
                ev, field_ref, (maker_file, maker) = lazy
                empty = Summary.uncounted()
                ident = _identity(field_ref, goroutine)
                out.append(
                    Verdict(
                        "nil-op",
                        ident,
                        ev,
                        goroutine,
                        Partner(spawn, goroutine, empty, "goroutine"),
                        detail={
                            "lazy": (field_ref.type_name, field_ref.field),
                            "maker": maker,
                            "maker_file": maker_file,
                        },
                    )
                )
            continue
        empty = Summary.uncounted()
        partner = Partner(spawn, goroutine, empty, "goroutine")
        for _node, ev in ops:
            if ev.case is None:
                assert isinstance(ev.ref, FieldRef)  # ops are operations on fields
                ident = _identity(ev.ref, goroutine)
                out.append(
                    Verdict(
                        "nil-op", ident, ev, goroutine, partner, detail=_detail(liveness, ev.ref)
                    )
                )
                break
        else:
            loop = loop_ended_only_by(
                goroutine, [node for node, ev in ops if ev.case is not None and ev.kind == "recv"]
            )
            if loop is not None:
                ev = next(ev for _n, ev in ops if ev.case is not None)
                assert isinstance(ev.ref, FieldRef)  # ops are operations on fields
                ident = _identity(ev.ref, goroutine)
                detail = _detail(liveness, ev.ref)
                detail["loop"] = loop
                out.append(Verdict("nil-loop", ident, ev, goroutine, partner, detail=detail))
    return out


def _identity(ref: FieldRef, goroutine: Function) -> Identity:
    ident = Identity.of_field(goroutine, f"{ref.type_name}.{ref.field}", ref.field)
    ident.capacity_known = False
    return ident


def _detail(liveness: Liveness, ref: FieldRef) -> dict[str, Any]:
    found = liveness.package.field_type(ref.type_name, ref.field)
    declared = liveness.package.type_decl(ref.type_name)
    return {
        "optional": (ref.type_name, ref.field),
        "field_decl": found[1].parent if found is not None and found[1] is not None else None,
        "field_file": declared[0] if declared is not None else liveness.file,
        "option": _option_store(liveness, ref.field),
    }


def _option_store(
    liveness: Liveness, field: str
) -> tuple[str, tree_sitter.Node, SourceFile] | None:
    """(the option, its store of the field, its file) for a field only an option sets."""
    for sel, file in field_selectors(liveness.package, field.encode()):
        if gosyntax.on_side_of(sel, "assignment_statement", "left"):
            option = _returning_option(sel)
            if option is not None:
                return option, sel.parent or sel, file
    return None


def _optional(liveness: Liveness, ref: FieldRef) -> bool:
    cache: dict[tuple[str, str], bool] = liveness.package.__dict__.setdefault("_optional_cache", {})
    key = (ref.type_name, ref.field)
    if key not in cache:
        cache[key] = _is_optional(liveness, ref.type_name, ref.field)
    return cache[key]


def _is_optional(liveness: Liveness, type_name: str, field: str) -> bool:
    if not (type_name[:1].isupper() and field[:1].isupper()):
        # Unexported: only the package fills it in, unless only an option does.
        return _set_only_by_an_option(liveness, type_name, field)
    package = liveness.package
    found = package.field_type(type_name, field)
    if found is None or found[0] != type_name or not is_channel_type(found[1]):
        return False
    assert found[1] is not None  # a channel type
    decl = found[1].parent
    if not OPTIONS_TYPE.search(type_name) and not (decl is not None and _commented_optional(decl)):
        return False
    name = re.escape(field.encode())
    # Set by the package (`o.F = ...`, `T{F: ...}`) or compared with nil: it copes.
    handled = re.compile(
        rb"\."
        + name
        + rb"\s*(=[^=]|==\s*nil|!=\s*nil)|\bnil\s*[!=]=\s*\w+(\.\w+)*\."
        + name
        + rb"\b|[{,\s]"
        + name
        + rb"\s*:[^=]"
    )
    # CLOSED_MEANS_REQUIRED: `close(opts.F)` panics on a nil channel, so a package that
    # closes the field takes it as required: its callers always set it.
    closed = re.compile(rb"\bclose\(\s*[\w.()\[\]]*\." + name + rb"\s*\)")
    return not any(handled.search(f.data) or closed.search(f.data) for f in package.files)


def _set_only_by_an_option(liveness: Liveness, type_name: str, field: str) -> bool:
    """OPTION_ONLY: the channel field's every store is in a function literal an option
    constructor returns, and no code of the package applies that option, checks the
    field for nil or closes it."""
    package = liveness.package
    found = package.field_type(type_name, field)
    if found is None or found[0] != type_name or not is_channel_type(found[1]):
        return False
    name = re.escape(field.encode())
    checked = re.compile(
        rb"\." + name + rb"\s*[!=]=\s*nil|\bnil\s*[!=]=\s*[\w.()\[\]]*\." + name + rb"\b"
        rb"|\bclose\(\s*[\w.()\[\]]*\." + name + rb"\s*\)|[{,\s]" + name + rb"\s*:[^=]"
    )
    if any(checked.search(f.data) for f in package.files):
        return False  # compared with nil, closed, or set in a literal
    options: set[str] = set()
    for sel, _file in field_selectors(package, field.encode()):
        if not gosyntax.on_side_of(sel, "assignment_statement", "left"):
            continue
        option = _returning_option(sel)
        if option is None:
            return False  # stored by the package's own code
        options.add(option)
    if not options:
        return False
    for option in options:
        call = re.compile(rb"\b" + re.escape(option.encode()) + rb"\s*\(")
        calls = sum(len(call.findall(f.data)) for f in package.files)
        if calls > 1:  # more than its own declaration: the package applies it
            return False
    return True


def _returning_option(store: tree_sitter.Node) -> str | None:
    """The exported function whose returned literal holds `store` (`func WithX(...) Option
    { return func(s *T) { s.f = ... } }`), else None."""
    literal = gosyntax.enclosing_function(store)
    if literal is None or literal.type != "func_literal":
        return None
    returned = literal.parent
    if returned is not None and returned.type == "expression_list":
        returned = returned.parent
    if returned is None or returned.type != "return_statement":
        return None
    option = gosyntax.enclosing_function(returned)
    name = gosyntax.function_name(option) if option is not None else None
    if option is None or option.type != "function_declaration" or not name:
        return None
    return name if name[:1].isupper() else None


# OPTION_OPS_IN_CALLEES: how deep the methods a goroutine calls on its receiver are read.
MAX_CALLEE_DEPTH = 2


def _bare_op_in_callees(liveness: Liveness, goroutine: Function) -> tuple[Function, Event] | None:
    """A bare send, receive or range on an option-only field in a method the goroutine
    calls on its own receiver (`call_chains`' CALLS_ON_THE_RECEIVER: straight calls, not
    `go`, not deferred, not in literals), the nearest first."""
    receiver = receiver_var(goroutine) if goroutine.node.type == "method_declaration" else None
    if receiver is None:
        return None
    # A copy of the struct (a value receiver) holds the same channels.
    the_object = Handle(receiver, None, shared=True)
    for reached in reached_functions(
        liveness.functions,
        goroutine,
        the_object,
        max_depth=MAX_CALLEE_DEPTH,
        receiver_calls_only=True,
    ):
        callee = reached.func
        if not reached.chain or callee.cfg is None:
            continue
        for node in callee.cfg.nodes:
            for ev in node.events:
                if (
                    ev.kind in ("send", "recv", "range")
                    and ev.case is None
                    and isinstance(ev.ref, FieldRef)
                    and not (ev.ref.type_name[:1].isupper() and ev.ref.field[:1].isupper())
                    and _optional(liveness, ev.ref)
                ):
                    return callee, ev
    return None


def _commented_optional(field_decl: tree_sitter.Node) -> bool:
    """A comment on the field's line or just above it says it is optional."""
    comments: list[bytes] = []
    sib = field_decl.prev_sibling
    if sib is not None and sib.type == "comment":
        comments.append(sib.text or b"")
    nxt = field_decl.next_sibling
    if nxt is not None and nxt.type == "comment" and nxt.start_point[0] == field_decl.end_point[0]:
        comments.append(nxt.text or b"")
    return any(OPTIONAL_COMMENT.search(c) for c in comments)


# -- lazily made fields -----------------------------------------------------------


def _lazy_op(
    liveness: Liveness, starter: Function, goroutine: Function
) -> tuple[Event, FieldRef, tuple[SourceFile, tree_sitter.Node]] | None:
    """(event, field ref, the method making the field) for the goroutine's first bare
    operation on a lazily made channel field, reached directly or through a copy the
    starter took (`done := s.done`)."""
    from goleash.analysis.values import VarRef

    assert goroutine.cfg is not None  # started_goroutines yields only those with one
    for node in goroutine.cfg.nodes:
        for ev in node.events:
            if ev.kind not in ("send", "recv", "range") or ev.case is not None:
                continue
            ref = ev.ref
            names: list[str] = []
            if (
                isinstance(ref, VarRef)
                and len(ref.var.assignments) == 1
                and ref.var.assignments[0][1] is not None
            ):
                names.append(ref.var.name)
                ref = (
                    starter.resolver.ref(ref.var.assignments[0][1])
                    if ref.var.func == starter.node
                    else None
                )
            if not isinstance(ref, FieldRef):
                continue
            maker = _lazily_made(liveness, ref.type_name, ref.field)
            if maker is None or _inside(starter, maker):
                continue  # started by the method that makes it, after the make
            if _made_by_its_helper(starter, ev, maker[1]):
                continue
            if _inside(goroutine, maker) and _made_first(goroutine, ref.field, ev):
                continue  # MADE_BY_ITSELF
            names.append(ref.field)
            partners, flags = _made_together(liveness, ref.type_name, ref.field, maker)
            names += partners
            if any(_nil_checked(f.node, names) for f in (starter, goroutine)):
                continue
            if flags and any(
                _flag_read(liveness, ref.type_name, f.node, flags) for f in (starter, goroutine)
            ):
                continue
            return ev, ref, maker
    return None


def _made_by_its_helper(starter: Function, ev: Event, maker: tree_sitter.Node) -> bool:
    """MADE_BY_ITS_HELPER: the object whose field the goroutine uses is a variable of the
    starter that a package function gave it (`c := setUp()`), and that function's body
    calls the making method among its own statements, unconditionally (`c.initialise()`
    before `return c`). Trade-off: the call is taken to be on the object it returns."""
    method = gosyntax.function_name(maker)
    channel = gosyntax.unparen(ev.node.child_by_field_name("channel") or ev.node)
    if channel is not None and channel.type == "unary_expression":
        channel = gosyntax.unparen(channel.child_by_field_name("operand"))
    holder = channel.child_by_field_name("operand") if channel is not None else None
    if not method or holder is None or holder.type != "identifier":
        return False
    var = starter.resolver.scopes.lookup(holder)
    if var is None or var.func != starter.node or len(var.assignments) != 1:
        return False
    _stmt, value, _pos = var.assignments[0]
    value = gosyntax.unparen(value)
    helper = starter.resolver.callee(value) if value is not None else None
    if value is None or value.type != "call_expression" or helper is None:
        return False
    return any(
        stmt.type == "expression_statement"
        and stmt.named_children[0].type == "call_expression"
        and gosyntax.callee_text(stmt.named_children[0]).endswith(f".{method}")
        and not gosyntax.call_arguments(stmt.named_children[0])
        for stmt in gosyntax.statements(helper.node.child_by_field_name("body"))
    )


def _made_first(goroutine: Function, field: str, ev: Event) -> bool:
    """MADE_BY_ITSELF: the goroutine is the making method, and one of its top-level
    statements before the operation's makes the field (`h.q = make(chan T, n)` then
    `for x := range h.q`): it never finds it nil. Trade-off: another goroutine setting
    the field to nil in between is not looked for."""
    makes = re.compile(rb"\." + re.escape(field.encode()) + rb"\s*=\s*make\(")
    body = goroutine.node.child_by_field_name("body")
    for stmt in gosyntax.statements(body):
        if stmt.end_byte > ev.node.start_byte:
            return False
        if makes.search(stmt.text or b""):
            return True
    return False


def _nil_checked(func_node: tree_sitter.Node, names: list[str]) -> bool:
    text = func_node.text
    assert text is not None  # parsed from bytes: nodes keep their text
    return any(
        re.search(rb"\b" + re.escape(n.encode()) + rb"\s*[!=]=\s*nil\b", text) for n in names
    )


def _made_together(
    liveness: Liveness, type_name: str, field: str, maker: tuple[SourceFile, tree_sitter.Node]
) -> tuple[list[str], list[str]]:
    """MADE_TOGETHER: (the other channel fields, the bool fields set to `true`) that the
    maker makes or sets in the same block as this field's make, and that nothing else
    makes or sets so: one found non-nil, or true, means this one is made too (`if
    e.drainDone != nil { ...; <-e.undrain }`, both made by `drain`; `if s.ldm { s.ldmCh
    <- true }`, set together under a lock). Read like the field's own nil test
    (`_nil_checked`): a test anywhere in the function counts. Trade-off: a partner set
    to nil, or a flag to true, again on its own elsewhere is not seen."""
    made = re.compile(rb"^\s*\w+\.(\w+)\s*=\s*make\(\s*chan\b")
    set_true = re.compile(rb"^\s*\w+\.(\w+)\s*=\s*true\s*$")
    _file, method = maker
    for node in gosyntax.descendants(method, "assignment_statement"):
        m = made.match(node.text or b"")
        if m is None or m.group(1).decode() != field or node.parent is None:
            continue
        partners: list[str] = []
        flags: list[str] = []
        for sibling in node.parent.named_children:
            if sibling == node:
                continue
            other = made.match(sibling.text or b"")
            if other is not None:
                name = other.group(1).decode()
                if name != field and _lazily_made(liveness, type_name, name) == maker:
                    partners.append(name)
                continue
            flag = set_true.match(sibling.text or b"")
            if flag is not None and _set_true_once(liveness, flag.group(1)):
                flags.append(flag.group(1).decode())
        return partners, flags
    return [], []


def _set_true_once(liveness: Liveness, flag: bytes) -> bool:
    """Is `x.flag = true` written once in the whole package?"""
    pattern = re.compile(rb"\." + re.escape(flag) + rb"\s*=\s*true\b")
    return sum(len(pattern.findall(f.data)) for f in liveness.package.files) == 1


def _flag_read(
    liveness: Liveness, type_name: str, func_node: tree_sitter.Node, flags: list[str]
) -> bool:
    """Does the function read one of the flags: `x.flag` not assigned, or a call of a
    method of the type that returns it (`s.isLameDuckMode()` returning `s.ldm`)?"""
    text = func_node.text or b""
    readers: list[bytes] = []
    for flag in flags:
        name = re.escape(flag.encode())
        if re.search(rb"\." + name + rb"\b(?!\s*=[^=])", text):
            return True
        returns = re.compile(rb"\breturn\s+\w+\." + name + rb"\s*(?:\n|;|})")
        for _file, method in liveness.package.methods_of_type(type_name):
            method_name = gosyntax.function_name(method)
            if method_name and returns.search(method.text or b""):
                readers.append(method_name.encode())
    return any(re.search(rb"\." + re.escape(r) + rb"\(\s*\)", text) for r in readers)


def _lazily_made(
    liveness: Liveness, type_name: str, field: str
) -> tuple[SourceFile, tree_sitter.Node] | None:
    cache: dict[tuple[str, str], tuple[SourceFile, tree_sitter.Node] | None] = (
        liveness.package.__dict__.setdefault("_lazy_cache", {})
    )
    key = (type_name, field)
    if key not in cache:
        cache[key] = _find_lazy_maker(liveness, type_name, field)
    return cache[key]


def _find_lazy_maker(
    liveness: Liveness, type_name: str, field: str
) -> tuple[SourceFile, tree_sitter.Node] | None:
    package = liveness.package
    found = package.field_type(type_name, field)
    if found is None or found[0] != type_name or not is_channel_type(found[1]):
        return None
    name = re.escape(field.encode())
    type_bytes = re.escape(type_name.encode())
    literal = re.compile(rb"\b" + type_bytes + rb"\s*\{")
    keyed = re.compile(rb"[{,\s]" + name + rb"\s*:[^=]")
    makes = re.compile(rb"\." + name + rb"\s*=\s*make\(")
    makers: list[tuple[SourceFile, tree_sitter.Node]] = []
    constructors: list[tree_sitter.Node] = []
    for f in package.files:
        for m in literal.finditer(f.data):
            lit = f.root.descendant_for_byte_range(m.start(), m.end() - 1)
            while lit is not None and lit.type != "composite_literal":
                lit = lit.parent
            if lit is None:
                continue
            if keyed.search(lit.text or b""):
                return None  # a literal sets it
            func = gosyntax.enclosing_function(lit)
            if func is not None:
                constructors.append(func)
    for f, method in package.methods_of_type(type_name):
        if makes.search(method.text or b""):
            makers.append((f, method))
    if len(makers) != 1 or not constructors:
        return None
    maker_file, maker = makers[0]
    maker_name = gosyntax.function_name(maker) or ""
    call = re.compile(rb"\." + re.escape(maker_name.encode()) + rb"\(")
    if any(call.search(c.text or b"") for c in constructors):
        return None  # made while constructing
    return maker_file, maker


_FIELD_MADE = re.compile(rb"\.\w+\s*=\s*make\(\s*chan\b")
_EXPORTED_CHAN_FIELD = re.compile(rb"\n\t+[A-Z]\w*[ \t]+(?:<-[ \t]*)?chan\b")


# A functional option's literal storing into a field: `return func(s *T) { s.f = v }`.
_OPTION_STORE = re.compile(rb"return\s+func\(\s*\w+\s+\*?\w+\s*\)\s*\{\s*\w+\.\w+\s*=[^=]")


def _mentions_candidate_fields(files: Iterable[SourceFile]) -> bool:
    """Cheap test first: does any file make a channel field by assignment, declare an
    exported channel field (options a caller fills in), or set a field in an option?"""
    return any(
        _FIELD_MADE.search(f.data)
        or _EXPORTED_CHAN_FIELD.search(f.data)
        or _OPTION_STORE.search(f.data)
        for f in files
    )


def _made_before_start(
    liveness: Liveness, starter: Function, maker: tree_sitter.Node, go_stmt: tree_sitter.Node
) -> bool:
    """MADE_BEFORE_START: the goroutine cannot be started before the making method ran.
    Either the starting method calls it in a top-level statement before the one holding
    the `go` (`if err := r.initialize(); err != nil { return err }; go r.check()`, or
    `r.once.Do(r.initialize)`), or
    the starter is unexported and every call of it in the package comes after the make
    in the making method, from itself, or after a call of the making method in the
    calling function. Trade-off: a call before the `go` that may fail to make the field
    (the make on one branch of the maker) is still taken to have made it."""
    maker_name = gosyntax.function_name(maker)
    starter_name = gosyntax.function_name(starter.node)
    if not maker_name:
        return False
    name = re.escape(maker_name.encode())
    # A call, or the method handed to a `sync.Once` (`p.once.Do(p.prepare)`), which runs
    # it before `Do` returns.
    calls_maker = re.compile(rb"\b" + name + rb"\(|\.Do\(\s*[\w.]*\b" + name + rb"\s*\)")
    body = starter.node.child_by_field_name("body")
    for stmt in gosyntax.statements(body):
        if stmt.start_byte <= go_stmt.start_byte < stmt.end_byte:
            break
        if calls_maker.search(stmt.text or b""):
            return True
    if not starter_name:
        return False
    return _called_after_make(liveness, starter_name, maker, calls_maker, {starter_name})


def _notified_before_start(starter: Function, field: str, go_stmt: tree_sitter.Node) -> bool:
    """NOTIFY_PANICS_ON_NIL: `signal.Notify(s.ch, ...)` in a statement that runs before the
    `go` on its way (an earlier statement of its block, or of a block around it, a case
    body included): Notify panics on a nil channel, so past it the field is made.
    Trade-off: the field set to nil again in between is not seen."""
    notify = re.compile(rb"\bsignal\.Notify\(\s*\w+\." + re.escape(field.encode()) + rb"\s*[,)]")
    return any(
        notify.search(before.text or b"")
        for before in gosyntax.statements_before(go_stmt, starter.node)
    )


def _called_after_make(
    liveness: Liveness,
    name: str,
    maker: tree_sitter.Node,
    calls_maker: re.Pattern[bytes],
    inside: set[str],
) -> bool:
    """Is every call of the unexported function `name` in the package made after the
    field is made: in the making method after its make, after a call of the making
    method in the calling function, or from a function (`inside`) itself only called so
    (a recursion through a goroutine)?"""
    if name[:1].isupper() or len(inside) > 4:
        return False  # callers outside the package, or too long a chain to follow
    calls = re.compile(rb"\b" + re.escape(name.encode()) + rb"\(")
    seen = False
    for f in liveness.package.files:
        for m in calls.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.start() + 1)
            caller = gosyntax.enclosing_function(node) if node is not None else None
            while caller is not None and caller.type == "func_literal":
                caller = gosyntax.enclosing_function(caller)
            if caller is None:
                return False
            caller_name = gosyntax.function_name(caller) or ""
            if caller_name in inside:
                seen = seen or caller_name != name  # a call from the chain already judged
                continue  # (or its own declaration)
            before = f.data[caller.start_byte : m.start()]
            if calls_maker.search(before) or (_same(caller, maker) and b"make(" in before):
                seen = True
                continue
            if not caller_name or not _called_after_make(
                liveness, caller_name, maker, calls_maker, inside | {caller_name}
            ):
                return False
            seen = True
    return seen


def _same(a: tree_sitter.Node, b: tree_sitter.Node) -> bool:
    return a.start_byte == b.start_byte and a.end_byte == b.end_byte and a.type == b.type


def _inside(func: Function, maker: tuple[SourceFile, tree_sitter.Node]) -> bool:
    """Is the function (or literal) `func` the making method or inside it?"""
    file, method = maker
    node = func.node
    return (
        func.file.path == file.path
        and method.start_byte <= node.start_byte
        and node.end_byte <= method.end_byte
    )
