"""Where identities are born in a file: local channels made with `make`, WaitGroups
declared in a function, and the fresh channel a helper of the package returns at each
call that keeps it in a variable."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.cfg import NORMAL_EXITS, is_channel_type, names_channel_type, reaches
from goleash.analysis.channel_writers import written
from goleash.analysis.counts import Lin
from goleash.analysis.functions import argument_texts
from goleash.analysis.index import file_index, function_words, method_words
from goleash.analysis.liveness import Identity, Liveness, stored_in_field
from goleash.analysis.package import constant_int
from goleash.analysis.values import (
    ElemRef,
    FieldRef,
    appended_channel_slice,
    appended_values,
    channel_slice,
)

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event, Loop
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.functions import Function, Functions
    from goleash.analysis.liveness import Summary, Verdict
    from goleash.analysis.scopes import Var
    from goleash.analysis.values import Resolver
    from goleash.source import SourceFile

WAITGROUP = "sync.WaitGroup"


_BINDERS = frozenset({"short_var_declaration", "var_spec", "assignment_statement"})


def _bound_var(value: tree_sitter.Node, resolver: Resolver) -> Var | None:
    """The variable a value is bound to by `x := v`, `var x = v` or `x = v`."""
    bound = gosyntax.bound_name(value, _BINDERS)
    return resolver.scopes.lookup(bound[0]) if bound is not None else None


def _first_result_var(call: tree_sitter.Node, resolver: Resolver) -> Var | None:
    """`out, errc := decode(ctx, r)`: the variable bound to a call's first result when
    the call alone fills a list of names (the helper's channel is its first result)."""
    bound = gosyntax.bound_name(call, first_of_several=True)
    return resolver.scopes.lookup(bound[0]) if bound is not None else None


def capacity(make: tree_sitter.Node, liveness: Liveness, func: Function | None) -> tuple[Lin, bool]:
    """(buffer size, known?) of a `make(chan T[, n])`."""
    args = gosyntax.call_arguments(make)
    if len(args) < 2:
        return Lin(), True
    n = constant_int(args[1], liveness.package)
    if n is not None:
        return Lin.of(n), True
    cap = gosyntax.unparen(args[1])
    assert cap is not None  # not empty parentheses: constant_int read it
    if cap.type == "call_expression" and gosyntax.callee_text(cap) == "len":
        inner = gosyntax.call_arguments(cap)
        if inner:
            sized = gosyntax.text(inner[0]).replace(" ", "")
            grown = _grown_copy(func, sized) if func is not None else None
            if grown is not None:
                copy, extra = grown
                return Lin.symbol(("range", copy)) - Lin.of(0, extra), True
            return Lin.symbol(("range", sized)), True
    if cap.type in ("identifier", "selector_expression"):
        return Lin.symbol(("range", gosyntax.text(cap).replace(" ", ""))), True
    return Lin(), False


def _grown_copy(func: Function, sized: str) -> tuple[str, int] | None:
    """GROWN_COPY: a buffer sized by `len(xs)` in a function that copies the slice and
    may append to the copy (`deps := c.deps; if c.db != nil { deps = append(deps,
    c.db) }`) before ranging over the copy: the copy's length is the original's plus at
    most the values appended, so the buffer is the copy's length less up to that many.
    The copy's name and the most it may grow by; None when the function ranges over no
    such copy. Only appends of listed values, each outside any loop (each runs once at
    most); any other assignment to the copy, and it is not read as one. The buffer can
    fall short only on a path that leaves the reading loop early: one that reads a value
    per element leaves it nothing to hold (see liveness.py, SHORT_ONLY_WHEN_LEFT_EARLY)."""
    body = func.node.child_by_field_name("body")
    if body is None:
        return None
    for decl in gosyntax.walk(body):
        if decl.type != "short_var_declaration":
            continue
        left = gosyntax.field(decl, "left").named_children
        right = gosyntax.field(decl, "right").named_children
        if len(left) != 1 or len(right) != 1 or gosyntax.text(right[0]).replace(" ", "") != sized:
            continue
        copy = func.resolver.scopes.lookup(left[0])
        if copy is None or not _ranged_over(body, copy):
            continue
        extra = 0
        for stmt, value, _pos in copy.assignments[1:]:
            appended = _appended_values(stmt, value, copy, func.node)
            if appended is None:
                extra = -1
                break
            extra += appended
        if extra > 0:
            return copy.name, extra
    return None


def _appended_values(
    stmt: tree_sitter.Node, value: tree_sitter.Node | None, copy: Var, func: tree_sitter.Node
) -> int | None:
    """How many values `copy = append(copy[...], a, b)` appends, outside any loop."""
    if any(a.type == "for_statement" for a in gosyntax.ancestors(stmt, func)):
        return None
    values = appended_values(stmt, value, copy, sliced=True)
    return len(values) if values is not None else None


def _ranged_over(body: tree_sitter.Node, copy: Var) -> bool:
    """Some loop of the function ranges over the copy."""
    for ident in copy.occurrences:
        clause = ident.parent
        if (
            clause is not None
            and clause.type == "range_clause"
            and clause.child_by_field_name("right") == ident
        ):
            return gosyntax.is_within(ident, body)
    return False


def _literal_field(make: tree_sitter.Node, resolver: Resolver) -> tuple[Var, str] | None:
    """(struct variable, field) for `v := &T{f: make(...)}` / `v := T{...}`."""
    found = gosyntax.keyed_in_literal(make)
    if found is None:
        return None
    key_id, _literal, whole = found
    var = _bound_var(whole, resolver)
    return (var, gosyntax.text(key_id)) if var is not None else None


def discover(
    liveness: Liveness,
    makes: Iterable[tree_sitter.Node],
    waitgroups: Iterable[tree_sitter.Node],
    calls: Iterable[tree_sitter.Node],
    field_waits: Iterable[tree_sitter.Node] = (),
) -> list[Identity]:
    """Identities from the candidate nodes a query found (make calls, var specs and
    short declarations of WaitGroups, calls whose result is kept, `x.f.Wait()` calls)."""
    out: list[Identity] = []
    functions = liveness.functions
    file = liveness.file
    for make in makes:
        args = gosyntax.call_arguments(make)
        if not args or not names_channel_type(args[0], liveness.package):
            continue
        func = functions.enclosing(make, file)
        if func is None:
            continue
        var = _bound_var(make, func.resolver)
        field: str | None = None
        holder = _appended_to(var, func) if var is not None else None
        if holder is not None:
            assert var is not None  # _appended_to needs it
            elements = _element_identity(liveness, holder, func, make, appended=var)
            if elements is not None and not any(i.var is holder for i in out):
                out.append(elements)
            continue
        if var is None:
            slice_var = _element_of(make, func.resolver)
            if slice_var is not None:
                elements = _element_identity(liveness, slice_var, func, make)
                if elements is not None and not any(i.var is slice_var for i in out):
                    out.append(elements)
                continue
            found = _literal_field(make, func.resolver)
            if found is None:
                continue
            var, field = found
        if var.func != func.node:
            continue
        ident = _identity("chan", var, func, make)
        if ident is not None:
            ident.field = field
            ident.capacity, ident.capacity_known = capacity(make, liveness, func)
            out.append(ident)
    for call in field_waits:
        func = functions.enclosing(call, file)
        fn = call.child_by_field_name("function")
        sel = fn.child_by_field_name("operand") if fn is not None else None
        if func is None or sel is None or func.resolver.expr_type(sel) != WAITGROUP:
            continue
        base = func.resolver.scopes.lookup(gosyntax.unparen(sel.child_by_field_name("operand")))
        fld = sel.child_by_field_name("field")
        if (
            base is not None
            and fld is not None
            and base.func != func.node
            and base.kind == "receiver"
            and func.node.type == "func_literal"
            and func.cfg is not None
            and gosyntax.is_within(func.node, base.func)
        ):
            # WAITED_IN_A_LITERAL: `go func() { c.wg.Wait(); close(done) }()` in `Wait`,
            # on the captured receiver: the adders are the type's other methods.
            owner = functions.get(base.func, file)
            out.extend(_adders_elsewhere(liveness, call, func, gosyntax.text(fld), owner))
            continue
        if base is None or fld is None or base.func != func.node or func.cfg is None:
            continue
        ident = Identity(
            "wg",
            f"{base.name}.{gosyntax.text(fld)}",
            base,
            func,
            func.node,
            func.cfg.entry,
            field=gosyntax.text(fld),
        )
        if not any(i.kind == "wg" and i.var is base and i.field == ident.field for i in out):
            out.append(ident)
            out.extend(_adders_elsewhere(liveness, call, func, ident.field))
    for node in waitgroups:
        if node.parent is not None and node.parent.type == "unary_expression":
            node = node.parent  # &sync.WaitGroup{}
        func = functions.enclosing(node, file)
        if func is None:
            continue
        if node.type == "var_spec":
            typ = node.child_by_field_name("type")
            if typ is None or gosyntax.text(typ).replace(" ", "") != WAITGROUP:
                continue
            for name in node.children_by_field_name("name"):
                var = func.resolver.scopes.lookup(name)
                if var is not None and var.func == func.node:
                    ident = _identity("wg", var, func, node)
                    if ident is not None:
                        out.append(ident)
            continue
        var = _bound_var(node, func.resolver)
        if var is None or var.func != func.node or func.resolver.expr_type(node) != WAITGROUP:
            continue
        ident = _identity("wg", var, func, node)
        if ident is not None:
            out.append(ident)
    for call in _maybe_helper_calls(liveness, calls):
        fresh = _fresh_channel_helper(liveness, call)
        if fresh is None:
            continue
        func, helper, made = fresh
        results = gosyntax.result_types(helper.node)
        if not results or not is_channel_type(results[0]):
            continue
        var = _bound_var(call, func.resolver) or _first_result_var(call, func.resolver)
        field = None
        if var is None:
            # `s := &session{lines: readLines(conn)}`: the helper's channel kept in a
            # field of a local object, as a channel made there would be.
            found = _literal_field(call, func.resolver)
            if found is not None:
                var, field = found
        if var is None or var.func != func.node:
            continue
        ident = _identity("chan", var, func, call)
        if ident is None:
            continue
        ident.field = field
        ident.helper, ident.helper_var = helper, made[0]
        ident.capacity, ident.capacity_known = _capacity_at(call, made[1], liveness, helper)
        out.append(ident)
    return out


def _adders_elsewhere(
    liveness: Liveness,
    wait_call: tree_sitter.Node,
    waiter: Function,
    field: str | None,
    owner: Function | None = None,
) -> list[Identity]:
    """`p.wg.Wait()` in a method that never adds to the group: each other method of the
    type that adds to it (`p.wg.Add(1); go p.work(j)`) is a root whose goroutines must
    bring the count back down, or the wait never returns."""
    from goleash.analysis.functions import receiver_var
    from goleash.analysis.index import receiver_type_name

    adds = f".{field}.Add(".encode()
    # the method whose type and receiver count: the waiter itself, or the method holding
    # the literal that waits (WAITED_IN_A_LITERAL)
    node = (owner or waiter).node
    text = waiter.file.data[node.start_byte : node.end_byte]
    if node.type != "method_declaration" or adds in text:
        return []
    if f".{field}.Done(".encode() in text:
        # LATCH_RELEASED_BY_THE_WAITER: the waiting method counts the group down itself
        # (ldap's Close: `if l.setClosing() { ...; l.wgClose.Done() }; l.wgClose.Wait()`):
        # the group is a latch its first caller opens, not a count of the goroutines
        # the adding method starts. Trade-off: a method that both releases its own share
        # and waits for goroutines counted elsewhere is passed over.
        return []
    assert waiter.cfg is not None  # discover asked for it
    wait_ev = next(
        (
            e
            for e in waiter.cfg.nodes_events()
            if e.kind == "wait"
            and e.node.start_byte <= wait_call.start_byte
            and wait_call.end_byte <= e.node.end_byte
        ),
        None,
    )
    type_name = receiver_type_name(node)
    if wait_ev is None or type_name is None:
        return []
    out: list[Identity] = []
    for f, method in liveness.package.methods_of_type(type_name):
        if method == node or adds not in f.data[method.start_byte : method.end_byte]:
            continue
        adder = liveness.functions.get(method, f)
        recv = receiver_var(adder)
        if recv is None or adder.cfg is None:
            continue
        ident = Identity(
            "wg",
            f"{recv.name}.{field}",
            recv,
            adder,
            method,
            adder.cfg.entry,
            field=field,
            waiter=(wait_ev, waiter),
        )
        out.append(ident)
    return out


def select_groups(liveness: Liveness, selects: Iterable[tree_sitter.Node]) -> list[Identity]:
    """`select { case v := <-values: ... case err := <-failures: ... }` with no default,
    every case a receive from a distinct channel the function makes: one identity for
    them all, so that a goroutine path sending on none of them is seen to leave the
    select waiting forever (each channel alone looks served by another case)."""
    out: list[Identity] = []
    functions = liveness.functions
    for select in selects:
        cases = gosyntax.select_cases(select)
        if len(cases) < 2 or any(c.type != "communication_case" for c in cases):
            continue
        func = functions.enclosing(select, liveness.file)
        if func is None or func.cfg is None:
            continue
        made: list[tuple[Var, tree_sitter.Node]] = []
        for case in cases:
            var = _received_var(case, func)
            value = (
                gosyntax.unparen(var.assignments[0][1])
                if var is not None
                and len(var.assignments) == 1
                and var.assignments[0][1] is not None
                else None
            )
            if (
                var is None
                or value is None
                or value.type != "call_expression"
                or gosyntax.callee_text(value) != "make"
                or var.func != func.node
                or var.kind != "local"
                or any(v is var for v, _m in made)
            ):
                made = []
                break
            made.append((var, value))
        if len(made) < 2:
            continue
        var, birth = max(made, key=lambda vm: vm[1].start_byte)  # counted from the last make
        if any(
            occ != v.ident and occ.start_byte < birth.end_byte
            for v, _m in made
            for occ in v.occurrences
        ):
            # UNTOUCHED_BEFORE_THE_LAST: the count starts at the last make; a channel used
            # before it (`signal.Notify(stop, ...)`, a goroutine started on it) would have
            # that use unseen.
            continue
        ident = _identity("chan", var, func, birth)
        if ident is None or gosyntax.in_loop(birth) != gosyntax.in_loop(select):
            continue
        ident.group = tuple(v for v, _m in made if v is not var)
        ident.name = " / ".join(v.name for v, _m in made)
        ident.capacity_known = False
        out.append(ident)
    return out


def _received_var(case: tree_sitter.Node, func: Function) -> Var | None:
    return func.resolver.scopes.lookup(gosyntax.received_operand(case))


def _capacity_at(
    call: tree_sitter.Node, make: tree_sitter.Node, liveness: Liveness, helper: Function
) -> tuple[Lin, bool]:
    """The helper's buffer as its caller spells it (`make(chan T, len(gates))` is
    `len(lift.Gates)` at `pollGates(ctx, lift.Gates)`), like its loops (LOOPS_OVER_AN_ARGUMENT)."""
    size, known = capacity(make, liveness, helper)
    return size.renamed(argument_texts(call, helper)), known


def helper_results(liveness: Liveness, calls: Iterable[tree_sitter.Node]) -> list[Identity]:
    """Identities for helper results used on the spot: `for v := range watch()`, `<-watch()`."""
    out: list[Identity] = []
    for call in _maybe_helper_calls(liveness, calls):
        found = _fresh_channel_helper(liveness, call)
        if found is None:
            continue
        func, helper, made = found
        assert func.cfg is not None  # _fresh_channel_helper asks for a graph
        node = func.cfg.node_of(call)
        if node is None:
            continue
        ident = Identity(
            "chan", gosyntax.text(call), None, func, call, node, helper=helper, helper_var=made[0]
        )
        ident.capacity, ident.capacity_known = _capacity_at(call, made[1], liveness, helper)
        out.append(ident)
    return out


def _fresh_channel_helper(
    liveness: Liveness, call: tree_sitter.Node
) -> tuple[Function, Function, tuple[Var, tree_sitter.Node]] | None:
    """(the calling function, the helper of the package it calls, (the helper's channel
    variable, its make)) when every return of the helper hands back one channel it made.
    Asked only of the calls _maybe_helper_calls lets through (the cheap test by name)."""
    functions = liveness.functions
    func = functions.enclosing(call, liveness.file)
    if func is None or func.cfg is None:
        return None
    helper = functions.callee(call, func)
    if helper is None or helper.node.type == "func_literal":
        return None
    made = _returned_channel(helper)
    return (func, helper, made) if made is not None else None


def helper_elements(liveness: Liveness, calls: Iterable[tree_sitter.Node]) -> list[Identity]:
    """HELPER_ELEMENTS: futures kept in a slice, `chans[i] = fetch(u)` or `chans =
    append(chans, fetch(u))`, each the fresh unbuffered channel a helper of the package
    returns with a goroutine sending on it: all the elements as one identity, as
    CHANNEL_SLICE counts channels made into the slice. A constant buffer per element
    counts once per element made (BUFFER_PER_ELEMENT), not as the whole's buffer:
    summed over the elements, more sends than receives plus room means some element's
    sender is stuck."""
    out: list[Identity] = []
    for call in _maybe_helper_calls(liveness, calls):
        found = _fresh_channel_helper(liveness, call)
        if found is None:
            continue
        func, helper, made = found
        cap, known = capacity(made[1], liveness, helper)
        room = cap.max() if known and not cap.terms else None
        if room is None or room != cap.min():
            continue  # BUFFER_PER_ELEMENT needs a constant buffer
        holder = _element_of(call, func.resolver) or _appended_directly(call, func.resolver)
        if holder is None or holder.func != func.node or _closes_or_drains(func):
            continue
        if any(i.var is holder for i in out):
            continue
        birth = holder.assignments[0][0]
        if birth.type == "var_spec" and birth.parent is not None:
            birth = birth.parent  # the `var` declaration: the statement the graph holds
        assert func.cfg is not None  # _fresh_channel_helper asks for a graph
        node = func.cfg.node_of(birth)
        if node is None:
            continue
        ident = Identity("chan", f"{holder.name}[i]", holder, func, birth, node)
        ident.elements = True
        ident.element_make = call
        ident.helper, ident.helper_var = helper, made[0]
        ident.element_buffer = int(room)
        out.append(ident)
    return out


def _appended_directly(call: tree_sitter.Node, resolver: Resolver) -> Var | None:
    """The slice of channels grown by `chans = append(chans, call)` (APPENDED_ELEMENTS)."""
    args, _child = gosyntax.parent_skipping_parens(call)
    append = args.parent if args is not None and args.type == "argument_list" else None
    if append is None or gosyntax.callee_text(append) != "append":
        return None
    values = gosyntax.call_arguments(append)
    if len(values) != 2 or gosyntax.unparen(values[1]) != call or values[0].type != "identifier":
        return None
    holder = resolver.scopes.lookup(values[0])
    return holder if holder is not None and appended_channel_slice(holder) else None


def _maybe_helper_calls(
    liveness: Liveness, calls: Iterable[tree_sitter.Node]
) -> Iterator[tree_sitter.Node]:
    """The calls that could be to a helper of the package returning a channel, by the
    callee's name alone: a prefilter over every call whose result is kept, the callee
    resolved later only for the names in one package-wide set (read once for all of
    them: a file keeps thousands of call results, and most packages have no such
    helper at all)."""
    names: frozenset[str] | None = None
    for call in calls:
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if fn is not None and fn.type == "selector_expression":
            fn = fn.child_by_field_name("field")
        elif fn is not None and fn.type != "identifier":
            continue
        if fn is None:
            continue
        if names is None:
            names = liveness.package.derived("channel-returning-names", _channel_returning_names)
            if not names:
                return
        if gosyntax.text(fn) in names:
            yield call


def _channel_returning_names(files: Iterable[SourceFile]) -> frozenset[str]:
    """Names of the package's functions and methods whose first result is a channel."""
    names: set[str] = set()
    for f in files:
        if not f.parsed and not f.matches(_CHANNEL_RESULT):
            continue  # see _first_result_is_channel: the result list names a channel
        idx = file_index(f)
        names.update(
            name
            for name, decls in idx.functions.items()
            if any(map(_first_result_is_channel, decls))
        )
        names.update(
            name
            for name, decls in idx.methods.items()
            if any(_first_result_is_channel(d) for _rt, d in decls)
        )
    return frozenset(names)


# A result list that starts with a channel, read from the text before the file is parsed
# for it: `) <-chan T`, `) (chan T, error)`, `) (out chan T)`, across lines too. A
# superset: a call `f(x) (chan ...` in an expression matches, and is then read apart.
_CHANNEL_RESULT = re.compile(rb"\)\s*\(?\s*(?:\w+\s+)?(?:<-\s*)?chan\b")


def _first_result_is_channel(decl: tree_sitter.Node) -> bool:
    result = decl.child_by_field_name("result")
    if result is None or b"chan" not in (result.text or b""):
        return False  # most functions: read the result list only when it names a channel
    results = gosyntax.result_types(decl)
    return bool(results) and is_channel_type(results[0])


def _element_of(make: tree_sitter.Node, resolver: Resolver) -> Var | None:
    """The slice of channels whose element `chans[i] = make(chan T)` makes (CHANNEL_SLICE)."""
    parent, _child = gosyntax.parent_skipping_parens(make)
    if parent is None or parent.type != "expression_list":
        return None
    stmt = parent.parent
    if (
        stmt is None
        or stmt.type != "assignment_statement"
        or stmt.child_by_field_name("right") != parent
    ):
        return None
    left = stmt.child_by_field_name("left")
    targets = left.named_children if left is not None else []
    if len(targets) != 1 or targets[0].type != "index_expression":
        return None
    base = gosyntax.unparen(targets[0].child_by_field_name("operand"))
    var = resolver.scopes.lookup(base) if base is not None and base.type == "identifier" else None
    return var if var is not None and channel_slice(var) else None


def _element_identity(
    liveness: Liveness,
    var: Var,
    func: Function,
    make: tree_sitter.Node,
    appended: Var | None = None,
) -> Identity | None:
    """All the channels of a slice as one identity, born with the slice: one element per
    item, each sent on and received from once at its index, count like one channel
    with as many values. Only unbuffered elements: a buffer per element is not a
    buffer of the whole. `appended`: the local each channel is made into before it is
    appended (APPENDED_ELEMENTS); it stands for the element in its iteration."""
    if var.func != func.node or _closes_or_drains(func):
        return None
    cap, known = capacity(make, liveness, func)
    if not known or not cap.is_zero():
        return None
    if appended is not None:
        birth = var.assignments[0][0]
        if birth.type == "var_spec" and birth.parent is not None:
            birth = birth.parent  # the `var` declaration: the statement the graph holds
        cfg = func.cfg
        node = cfg.node_of(birth) if cfg is not None else None
        if node is None:
            return None
        grown = Identity("chan", appended.name, var, func, birth, node)
        grown.elements = True
        grown.element_make = make
        grown.element_vars = (appended,)
        return grown
    made = gosyntax.unparen(var.assignments[0][1])
    assert made is not None  # channel_slice checked the make
    ident = _identity("chan", var, func, made)
    if ident is not None:
        ident.elements = True
        ident.element_make = make
        stmt = make.parent.parent if make.parent is not None else None
        left = stmt.child_by_field_name("left") if stmt is not None else None
        ident.name = gosyntax.text(left) if left is not None else f"{var.name}[i]"
    return ident


def _appended_to(var: Var, func: Function) -> Var | None:
    """APPENDED_ELEMENTS: the slice of the same function that a channel made into `var`
    is appended to, `chans = append(chans, var)`, when that is the only thing the
    slice is ever given and `var` is made once."""
    if var.kind != "local" or len(var.assignments) != 1 or var.func != func.node:
        return None
    data = func.file.data
    for n in var.occurrences:
        if not data[n.end_byte : n.end_byte + 8].lstrip().startswith(b")"):
            continue  # not a call's last argument: no parent asked (each costs its depth)
        parent, _child = gosyntax.parent_skipping_parens(n)
        if parent is None or parent.type != "argument_list":
            continue
        call = parent.parent
        if call is None or gosyntax.callee_text(call) != "append":
            continue
        args = gosyntax.call_arguments(call)
        if len(args) != 2 or gosyntax.unparen(args[1]) != n or args[0].type != "identifier":
            continue
        holder = func.resolver.scopes.lookup(args[0])
        if holder is not None and holder.func == func.node and appended_channel_slice(holder):
            return holder
    return None


def _closes_or_drains(func: Function) -> bool:
    """ONE_VALUE_PER_ELEMENT: a function (goroutines included) that closes a channel or
    ranges over one may close or drain elements one by one, which counting them as
    one channel cannot tell apart: such slices are left alone."""
    body = func.node.child_by_field_name("body")
    for n in gosyntax.walk(body, skip_functions=False) if body is not None else ():
        if n.type == "call_expression" and gosyntax.callee_text(n) == "close":
            return True
        if n.type == "range_clause":
            ref = func.resolver.ref(n.child_by_field_name("right"))
            if isinstance(ref, ElemRef):
                return True
    return False


def _identity(kind: str, var: Var, func: Function, birth: tree_sitter.Node) -> Identity | None:
    given = [
        (stmt, value) for stmt, value, _i in var.assignments if not _zero_declaration(stmt, value)
    ]
    if var.kind != "local" or len(given) > 1:
        return None  # reassigned: which value an operation sees depends on the path
    if given and len(given) < len(var.assignments):
        if given[0][1] != birth:
            return None  # DECLARED_THEN_SET only for the value set by the birth itself
        if any(
            not gosyntax.is_within(var.ident, loop)
            for loop in gosyntax.loops_between(given[0][0], func.node)
        ):
            return None  # set in a loop the variable outlives: one value per turn, kept
    cfg = func.cfg
    if cfg is None:
        return None
    node = cfg.node_of(birth)
    if node is None:
        return None
    return Identity(kind, var.name, var, func, birth, node)


def _zero_declaration(stmt: tree_sitter.Node, value: tree_sitter.Node | None) -> bool:
    """`var x *T`: declared with no value, given its one value later (DECLARED_THEN_SET:
    paths from that assignment on see only it; before it there is nothing to judge)."""
    return value is None and stmt.type in ("var_spec", "var_declaration")


def _returned_channel(helper: Function) -> tuple[Var, tree_sitter.Node] | None:
    """(variable, make call) when every return of the helper hands back one local channel it made."""
    body = helper.node.child_by_field_name("body")
    if body is None:
        return None
    found: Var | None = None
    for n in gosyntax.walk(body):
        if n.type != "return_statement":
            continue
        values = (
            n.named_children[0].named_children
            if n.named_children and n.named_children[0].type == "expression_list"
            else n.named_children
        )
        if not values:
            return None
        ref = helper.resolver.scopes.lookup(gosyntax.unparen(values[0]))
        if ref is None or (found is not None and ref is not found):
            return None
        found = ref
    if found is None or len(found.assignments) != 1:
        return None
    value = gosyntax.unparen(found.assignments[0][1])
    if value is None or value.type != "call_expression" or gosyntax.callee_text(value) != "make":
        return None
    return found, value


# -- structs: channels made by a constructor, and fields served across methods ------


def constructed(liveness: Liveness, calls: Iterable[tree_sitter.Node]) -> list[Identity]:
    """`p := newPoller()` where the constructor makes `&poller{updates: make(chan ...)}`:
    each channel field it makes is an identity of the caller, reached through `p`."""
    out: list[Identity] = []
    functions = liveness.functions
    maybe: frozenset[bytes] | None = None  # read only for a file with a call to judge
    for call in calls:
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if fn is None or fn.type not in ("identifier", "selector_expression"):
            continue
        name = fn if fn.type == "identifier" else fn.child_by_field_name("field")
        if name is None:
            continue
        if maybe is None:
            maybe = liveness.package.derived(
                "maybe-channel-constructors", _maybe_channel_constructors
            )
        if (name.text or b"") not in maybe:
            continue
        func = functions.enclosing(call, liveness.file)
        if func is None:
            continue
        if fn.type == "identifier":
            decl = liveness.package.unique_function(gosyntax.text(fn))
            helper = functions.get(decl.node, decl.file) if decl is not None else None
        elif any(
            b"make(chan" in (node.text or b"")
            for _f, _t, node in liveness.package.methods_named(gosyntax.text(name))
        ):
            helper = functions.callee(call, func)  # METHOD_CONSTRUCTOR: `f := m.stream(ctx)`
        else:
            continue  # no method of that name makes a channel: resolving the call is moot
        if helper is None or helper.node.type == "func_literal":
            continue
        results = gosyntax.result_types(helper.node)
        from goleash.analysis.values import base_type_name

        type_name = base_type_name(results[0]) if results else None
        if type_name is None or liveness.package.type_decl(type_name) is None:
            continue
        if b"chan" not in (helper.node.text or b""):
            continue  # cheap test first: most constructors make no channel
        made = _constructor_channels(helper, type_name)
        if not made:
            continue
        var = _bound_var(call, func.resolver)
        if var is None or var.func != func.node:
            continue
        base, fields = made
        if _nil_tested(func.node, var.name, helper):
            continue
        for field, make, local in fields:
            ident = _identity("chan", var, func, call)
            if ident is None:
                continue
            ident.field = field
            ident.name = f"{var.name}.{field}"
            ident.helper, ident.helper_base, ident.helper_var = helper, base, local
            ident.capacity, ident.capacity_known = _capacity_at(call, make, liveness, helper)
            out.append(ident)
    return out


def _nil_tested(func: tree_sitter.Node, name: str, constructor: Function) -> bool:
    """NIL_OR_FRESH's guard: a constructor that may return nil (`if fn == nil { return
    nil }`, a reporter nobody asked for) hands the caller its object only on the other
    paths. Judged as fresh only when the caller never tests the result against nil: a
    `return` under `if r == nil` leaves nothing running, and the graph would not know.
    Trade-off: a caller that tests it is passed over."""
    body = constructor.node.child_by_field_name("body")
    may_be_nil = any(
        r.named_children
        and r.named_children[0].type == "expression_list"
        and r.named_children[0].named_children
        and r.named_children[0].named_children[0].type == "nil"
        for r in (gosyntax.walk(body) if body is not None else ())
        if r.type == "return_statement"
    )
    if not may_be_nil:
        return False
    return (
        re.search(rb"\b" + re.escape(name.encode()) + rb"\s*[!=]=\s*nil\b", func.text or b"")
        is not None
    )


def _maybe_channel_constructors(files: Iterable[SourceFile]) -> frozenset[bytes]:
    """CONSTRUCTOR_BY_TEXT: the names that may be functions declared in a file spelling
    `chan`, read from the text. A constructor whose own text makes no channel is passed
    over anyway; this spares parsing the files that declare the package's other
    functions (every `x := f()` of an analysed file asked for `f`: 3.6 MB of the
    standard library parsed for nothing). Trade-off: none, a superset of the names."""
    words: set[bytes] = set()
    for f in files:
        if f.spells(b"chan"):
            words |= function_words(f) | method_words(f)
    return frozenset(words)


def _constructor_channels(
    helper: Function, type_name: str
) -> tuple[Var | None, list[tuple[str, tree_sitter.Node, Var | None]]] | None:
    """(the constructor's variable for the struct or None, [(field, make call, the local
    the channel is made in or None)]) when every return hands back the struct literal it
    builds (directly or through one variable). A field is set from a `make(chan ...)`
    written in the literal or from a local made once (`out := make(chan T); f :=
    &feed{C: out}`, CHANNEL_BY_LOCAL), which the constructor's goroutine may use."""
    body = helper.node.child_by_field_name("body")
    if body is None:
        return None
    returns = [n for n in gosyntax.walk(body) if n.type == "return_statement"]
    if not returns:
        return None
    literal: tree_sitter.Node | None = None
    base: Var | None = None
    for r in returns:
        values = (
            r.named_children[0].named_children
            if r.named_children and r.named_children[0].type == "expression_list"
            else []
        )
        if not values:
            return None
        v = gosyntax.unparen(values[0])
        if (
            v is not None
            and v.type == "unary_expression"
            and gosyntax.field(v, "operator").type == "&"
        ):
            v = gosyntax.unparen(v.child_by_field_name("operand"))
        if v is not None and v.type == "composite_literal":
            if literal is not None and literal != v:
                return None
            literal = v
            continue
        if v is not None and v.type == "nil":
            continue  # NIL_OR_FRESH: no object on that path (the caller's test is judged)
        var = helper.resolver.scopes.lookup(v)
        if var is None or len(var.assignments) != 1 or (base is not None and var is not base):
            return None
        value = gosyntax.unparen(var.assignments[0][1])
        if value is not None and value.type == "unary_expression":
            value = gosyntax.unparen(value.child_by_field_name("operand"))
        if value is None or value.type != "composite_literal":
            return None
        base, literal = var, value
    if literal is None:
        return None
    fields: list[tuple[str, tree_sitter.Node, Var | None]] = []
    lit_body = literal.child_by_field_name("body")
    for el in lit_body.named_children if lit_body is not None else ():
        if el.type != "keyed_element":
            continue
        key = el.child_by_field_name("key")
        val = el.child_by_field_name("value")
        key_id = key.named_children[0] if key is not None and key.named_children else None
        mk = (
            gosyntax.unparen(val.named_children[0])
            if val is not None and val.named_children
            else None
        )
        local: Var | None = None
        if mk is not None and mk.type == "identifier":
            local = helper.resolver.scopes.lookup(mk)
            if local is None or local.kind != "local" or len(local.assignments) != 1:
                continue
            mk = gosyntax.unparen(local.assignments[0][1])
        if (
            key_id is None
            or mk is None
            or mk.type != "call_expression"
            or gosyntax.callee_text(mk) != "make"
        ):
            continue
        args = gosyntax.call_arguments(mk)
        if args and args[0].type == "channel_type":
            fields.append((gosyntax.text(key_id), mk, local))
    return (base, fields) if fields else None


_CHAN_FIELD_MAKE = r"{field}\s*(?::|=)\s*make\(\s*chan\b"  # preceded by no word byte
_ASCII_WORD_BYTES = frozenset(
    bytes([b]) for b in b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
)


def field_protocols(
    liveness: Liveness, go_statements: Iterable[tree_sitter.Node]
) -> list[Identity]:
    """A goroutine started on a struct (`go w.run()`) that blocks on one of its channel
    fields, seen from each other method of the type that serves that field (a `Shutdown`
    that receives the final report, a `Stop` that closes `quit`): each such method is a
    root with the goroutine already running, and a way out of it that skips serving the
    field abandons the goroutine. Unexported fields only: nothing outside the package
    can serve them."""
    from goleash.analysis.liveness import Escaped, Partner
    from goleash.analysis.liveness import Identity as _Identity

    out: list[Identity] = []
    functions = liveness.functions
    package = liveness.package
    for stmt in go_statements:
        call = stmt.named_children[0] if stmt.named_children else None
        fn = (
            gosyntax.unparen(call.child_by_field_name("function"))
            if call is not None and call.type == "call_expression"
            else None
        )
        if fn is None or fn.type != "selector_expression":
            continue
        starter = functions.enclosing(stmt, liveness.file)
        if starter is None:
            continue
        assert call is not None  # fn is its function
        goroutine = functions.callee(call, starter)
        if goroutine is None or goroutine.node.type != "method_declaration":
            continue
        from goleash.analysis.functions import receiver_var
        from goleash.analysis.index import receiver_type_name

        type_name = receiver_type_name(goroutine.node)
        decl = package.type_decl(type_name) if type_name else None
        recv = receiver_var(goroutine)
        if type_name is None or decl is None or recv is None or goroutine.cfg is None:
            continue
        found = package.fields_of(type_name)
        assert found is not None  # the type is declared (decl)
        fields, _embedded = found
        chan_fields = [
            f
            for f, t in fields.items()
            if t is not None and is_channel_type(t) and not f[:1].isupper()
        ]
        for field in chan_fields:
            needle = ("." + field).encode()
            servers = [
                (f, node)
                for f, node in package.methods_of_type(type_name)
                if node != goroutine.node
                and node != starter.node
                and needle in f.data[node.start_byte : node.end_byte]
            ]
            if not servers:
                continue  # no other method touches the field: nothing to judge
            probe = _Identity(
                "chan", field, None, goroutine, goroutine.node, goroutine.cfg.entry, field=field
            )
            try:
                summary = liveness.summary(
                    probe, goroutine, (frozenset(), frozenset({recv})), "partner", 1
                )
            except Escaped:
                continue
            if summary.empty or not summary.ops:
                continue
            spawn = (
                next(
                    (e for e in starter.cfg.nodes_events() if e.kind == "spawn" and e.node == stmt),
                    None,
                )
                if starter.cfg is not None
                else None
            )
            if spawn is None:
                continue
            if _served_by_its_starter(starter, stmt, field):
                continue
            partner = Partner(spawn, goroutine, summary, "goroutine")
            cap, known = field_capacity(liveness, field)
            for f, node in servers:
                method = functions.get(node, f)
                mrecv = receiver_var(method)
                if mrecv is None or method.cfg is None:
                    continue
                if _starts_it_itself(functions, method, mrecv, starter):
                    continue
                ident = _Identity(
                    "chan",
                    f"{mrecv.name}.{field}",
                    mrecv,
                    method,
                    node,
                    method.cfg.entry,
                    field=field,
                    running=(partner,),
                )
                ident.capacity, ident.capacity_known = cap, known
                ident.protocol = True
                out.append(ident)
    return out


def _starts_it_itself(functions: Functions, method: Function, recv: Var, starter: Function) -> bool:
    """STARTED_ON_THE_WAY: the method reaches the `go` itself, through the calls it makes
    on its receiver (`ConnectTo` -> `handleHandshake` -> ... -> `go c.handlePackets()`):
    the goroutine is not running when it starts, and a `return` before that call leaves
    nothing waiting (pitaya's client, audit 24). Trade-off: a second connect of an object
    whose first goroutine still runs is judged as the first."""
    from goleash.analysis.call_chains import Handle, reached_functions

    the_object = Handle(recv, None, shared=True)
    return any(
        reached.func.node == starter.node
        for reached in reached_functions(
            functions, method, the_object, max_depth=4, receiver_calls_only=True
        )
    )


def _served_by_its_starter(starter: Function, stmt: tree_sitter.Node, field: str) -> bool:
    """SERVED_BY_ITS_STARTER: the method that starts the goroutine serves the field itself
    on every path (`go ck.watch(p); f, err := open(p); ck.done <- struct{}{}`): no way
    out of it is reached from the `go` without a blocking send on, or a close of,
    `recv.field` (a deferred one included), so it never returns with the goroutine
    still waiting and no other method finds it running. Trade-off: one send is taken
    to serve the one goroutine; a second goroutine started before it on the same path
    would have to be served too, and is judged by the counting model, not here."""
    from goleash.analysis.functions import receiver_var

    recv = receiver_var(starter) if starter.node.type == "method_declaration" else None
    cfg = starter.cfg
    start = cfg.node_of(stmt) if cfg is not None else None
    if recv is None or cfg is None or start is None:
        return False
    target = f"{recv.name}.{field}"

    def serves(ev: Event) -> bool:
        if ev.kind == "send":
            return ev.blocking and _names(written(ev.node), target)
        if ev.kind in ("close", "defer"):
            call = ev.call if ev.call is not None else ev.node
            return any(
                _names(written(n), target)
                for n in (call, *gosyntax.walk(call, skip_functions=False))
            )
        return False

    exits = [n for n in cfg.nodes if n.kind in NORMAL_EXITS]
    return bool(exits) and not any(reaches(start, e, blocked=serves) for e in exits)


def _names(channel: tree_sitter.Node | None, text: str) -> bool:
    return channel is not None and gosyntax.text(channel) == text


def field_capacity(liveness: Liveness, field: str) -> tuple[Lin, bool]:
    cache: dict[str, tuple[Lin, bool]] = liveness.package.__dict__.setdefault(
        "_field_capacity_cache", {}
    )
    if field not in cache:
        cache[field] = _find_field_capacity(liveness, field)
    return cache[field]


def field_makes(liveness: Liveness, field: str) -> Iterator[tuple[tree_sitter.Node, SourceFile]]:
    """Every `make(chan ...)` the package puts in a field of that name (`f: make(...)`,
    `x.f = make(...)`), with its file."""
    import re

    # The field's name first, its word boundary tested by hand: a pattern starting with
    # `\b` is tried at every byte of every file of the package, once per field.
    pattern = re.compile((_CHAN_FIELD_MAKE.format(field=re.escape(field))).encode())
    for f in liveness.package.files:
        data = f.data
        for m in pattern.finditer(data):
            if m.start() > 0 and data[m.start() - 1 : m.start()] in _ASCII_WORD_BYTES:
                continue
            node = f.root.descendant_for_byte_range(m.end() - 1, m.end())
            while node is not None and node.type != "call_expression":
                node = node.parent
            if node is not None:
                yield node, f


def _find_field_capacity(liveness: Liveness, field: str) -> tuple[Lin, bool]:
    found: tuple[Lin, bool] | None = None
    for node, _file in field_makes(liveness, field):
        cap = capacity(node, liveness, None)
        if found is not None and (found[0].const != cap[0].const or found[0].terms != cap[0].terms):
            return Lin(), False  # made with different buffers in different places
        found = cap
    return found if found is not None else (Lin(), False)


def contexts(liveness: Liveness, decls: Iterable[tree_sitter.Node]) -> list[Identity]:
    """`ctx, cancel := context.WithCancel(context.Background())`: ctx.Done() is closed by
    cancel and nothing else (a root context is never cancelled), wherever cancel is kept."""
    out: list[Identity] = []
    for decl in decls:
        derived = gosyntax.derived_context(decl)
        if derived is None:
            continue
        context, cancel, call = derived
        parent = gosyntax.parent_context(call)
        if parent is None:
            continue
        from_root = gosyntax.is_root_context(parent)
        func = liveness.functions.enclosing(decl, liveness.file)
        if func is None:
            continue
        ctx_var = func.resolver.scopes.lookup(context)
        cancel_var = func.resolver.scopes.lookup(cancel)
        if ctx_var is None or cancel_var is None:
            continue
        if not from_root and not _only_kept_in_fields(cancel_var, func):
            continue  # a parent context may be cancelled by whoever gave it
        ident = _identity("chan", ctx_var, func, decl)
        if ident is None or len(cancel_var.assignments) != 1:
            continue
        ident.name = f"{ctx_var.name}.Done()"
        ident.cancel_var = cancel_var
        ident.caller_parent = not from_root
        out.append(ident)
    return out


def _only_kept_in_fields(cancel: Var, func: Function) -> bool:
    """KEPT_TO_CANCEL_LATER: the function only stores the cancel function in struct fields
    (`&Lock{cancel: cancel}`, `s.cancel = cancel`): whoever keeps it means to stop the
    context's goroutines with it, whatever the parent. A cancel called, deferred or handed
    on here leaves a context derived from the caller's to the caller."""
    uses = [n for n in cancel.occurrences if n != cancel.ident]
    if not uses or any(gosyntax.enclosing_function(n) != func.node for n in uses):
        return False
    stores = [n for n in uses if stored_in_field(n) is not None]
    return bool(stores) and all(n in stores or cleanup_before_giving_up(n) for n in uses)


def cleanup_before_giving_up(use: tree_sitter.Node) -> bool:
    """CLEANUP_ON_FAILURE: `cancel()` as a statement of a block that then returns (`if err
    != nil { cancel(); return nil, err }`): the function gives up before keeping the
    context, so the call says nothing of the path that keeps it. Trade-off: a cancel
    called before an ordinary early return is read the same way."""
    call = gosyntax.call_naming(use)
    if call is None or use.parent != call:
        return False
    statement = call.parent
    block = statement.parent if statement is not None else None
    if statement is None or statement.type != "expression_statement" or block is None:
        return False
    if block.type not in ("block", "statement_list"):
        return False
    rest = [
        s
        for s in gosyntax.statements(block)
        if s.start_byte > statement.start_byte and s.type != "comment"
    ]
    return bool(rest) and rest[-1].type == "return_statement" and len(rest) <= 2


def maybe_nil(liveness: Liveness, specs: Iterable[tree_sitter.Node]) -> list[Verdict]:
    """`var ch chan T` made only on some paths (`if verify { ch = make(...) }`) and used by a
    goroutine started where it may still be nil: a send or receive on a nil channel blocks
    forever. (Verdicts of kind "nil-op"; no counting is needed, only whether a path from the
    declaration reaches the `go` without passing a `make`.)"""
    from goleash.analysis.counts import Lin as _Lin
    from goleash.analysis.liveness import Partner, Summary, Verdict

    out: list[Verdict] = []
    functions = liveness.functions
    for spec in specs:
        if spec.child_by_field_name("value") is not None:
            continue
        func = functions.enclosing(spec, liveness.file)
        if func is None or func.cfg is None or func.cfg.irreducible:
            continue
        for name in spec.children_by_field_name("name"):
            var = func.resolver.scopes.lookup(name)
            if var is None:
                continue
            makes = [stmt for stmt, value, _pos in var.assignments[1:]]
            values = [gosyntax.unparen(value) for _s, value, _p in var.assignments[1:]]
            if not makes or any(
                v is None or v.type != "call_expression" or gosyntax.callee_text(v) != "make"
                for v in values
            ):
                continue
            cfg = func.cfg
            start = cfg.node_of(spec)
            blockers = {id(n) for n in (cfg.node_of(m) for m in makes) if n is not None}
            if start is None or not blockers:
                continue
            reach = _reachable_avoiding(start, blockers)
            for node in cfg.nodes:
                if id(node) not in reach:
                    continue
                for ev in node.events:
                    if ev.kind != "spawn" or ev.target is None:
                        continue
                    op = _bare_op_on(functions.get(ev.target, liveness.file), var)
                    if op is None or _made_under_the_same_test(func, makes, ev.node):
                        continue
                    ident = Identity("chan", var.name, var, func, spec, start)
                    ident.capacity_known = False
                    goroutine = functions.get(ev.target, liveness.file)
                    empty = Summary(_Lin(), False, False, False, False, (), ())
                    v = Verdict(
                        "nil-op",
                        ident,
                        op,
                        goroutine,
                        Partner(ev, goroutine, empty, "goroutine"),
                        detail={"made_at": makes[0]},
                    )
                    out.append(v)
    return out


def _made_under_the_same_test(
    func: Function, makes: list[tree_sitter.Node], go: tree_sitter.Node
) -> bool:
    """MADE_UNDER_THE_SAME_TEST: every `make` sits in the body of an `if T` (no
    initialiser), and the `go` in the arm of a later `if` where the same test holds
    (`if timeout != 0 { ch = make(...) }; ...; if timeout == 0 { ... } else { go ... }`),
    on names nothing writes from the one test to the other (REPEATED_TEST's reading):
    the goroutine starts only where the channel was made. Trade-off: another goroutine
    writing those names in between is taken not to."""
    from goleash.analysis.decided_flags import test_key

    for make in makes:
        made_if = _if_around(make, func.node)
        if made_if is None:
            return False
        made_key = test_key(
            made_if.child_by_field_name("condition"),
            func,
            unwritten_within=(made_if.start_byte, go.start_byte),
        )
        if made_key is None or made_key[1]:
            return False  # only `if T { make }` with T read as itself
        if not any(
            _holds_at(a, go, made_key[0], func, made_if.start_byte)
            for a in gosyntax.ancestors(go, func.node)
            if a.type == "if_statement" and a.start_byte > made_if.end_byte
        ):
            return False
    return bool(makes)


def _if_around(node: tree_sitter.Node, func: tree_sitter.Node) -> tree_sitter.Node | None:
    """The nearest `if` (no initialiser) whose consequence holds `node`."""
    for a in gosyntax.ancestors(node, func):
        if a.type != "if_statement" or a.child_by_field_name("initializer") is not None:
            continue
        cons = a.child_by_field_name("consequence")
        if cons is not None and gosyntax.is_within(node, cons):
            return a
    return None


def _holds_at(
    if_stmt: tree_sitter.Node, node: tree_sitter.Node, text: str, func: Function, since: int
) -> bool:
    """Is `node` in the arm of `if_stmt` where the test read as `text` is true?"""
    from goleash.analysis.decided_flags import test_key

    if if_stmt.child_by_field_name("initializer") is not None:
        return False
    key = test_key(
        if_stmt.child_by_field_name("condition"), func, unwritten_within=(since, node.start_byte)
    )
    if key is None or key[0] != text:
        return False
    arm = if_stmt.child_by_field_name("alternative" if key[1] else "consequence")
    return arm is not None and gosyntax.is_within(node, arm)


def _reachable_avoiding(start: CfgNode, blockers: set[int]) -> set[int]:
    seen = {id(start)}
    stack = [start]
    while stack:
        n = stack.pop()
        for s in n.succ:
            if id(s) in seen or id(s) in blockers:
                continue
            seen.add(id(s))
            stack.append(s)
    return seen


def _bare_op_on(goroutine: Function, var: Var) -> Event | None:
    """The goroutine's first send or receive on `var` outside a select and outside `if var != nil`."""
    cfg = goroutine.cfg
    if cfg is None:
        return None
    for node in cfg.nodes:
        for ev in node.events:
            if (
                ev.kind in ("send", "recv", "range")
                and ev.case is None
                and getattr(ev.ref, "var", None) is var
                and not _nil_guarded(ev.node, var)
            ):
                return ev
    return None


def _nil_guarded(node: tree_sitter.Node, var: Var) -> bool:
    for a in gosyntax.ancestors(node):
        if a.type in gosyntax.FUNCTION_TYPES:
            return False
        if a.type == "if_statement":
            cond = a.child_by_field_name("condition")
            if (
                cond is not None
                and cond.text is not None
                and b"nil" in cond.text
                and var.name.encode() in cond.text
            ):
                return True
    return False


def counted_senders(
    liveness: Liveness, go_statements: Iterable[tree_sitter.Node]
) -> list[Identity]:
    """COUNTED_BY_A_FIELD: a method that counts the goroutines it starts in a field of its
    struct (`g.n++; go func() { g.errc <- f() }()`), each sending once on a channel field,
    and another method that collects them with a loop bounded by that count (`for i := 0;
    i < g.n; i++ { if err := <-g.errc; err != nil { return err } }`). The collector is a
    root with that many senders already running: a `return` from inside its loop leaves
    the senders not yet received blocked for good. A home-made errgroup.

    Trade-off: the count is taken to be the number of goroutines started (one per call,
    as the increment sits beside the `go` in the same method); a method incrementing it
    elsewhere too, or a sender that sends more or less than once, is not judged."""
    from goleash.analysis.functions import receiver_var
    from goleash.analysis.index import receiver_type_name
    from goleash.analysis.liveness import Partner

    out: list[Identity] = []
    functions = liveness.functions
    package = liveness.package
    for stmt in go_statements:
        starter = functions.enclosing(stmt, liveness.file)
        if starter is None or starter.node.type != "method_declaration" or starter.cfg is None:
            continue
        top = gosyntax.statements(starter.node.child_by_field_name("body"))
        if stmt not in top:
            continue  # started on some paths, or several times: the count is not the senders'
        type_name = receiver_type_name(starter.node)
        recv = receiver_var(starter)
        counter = _incremented_field(top, starter, recv) if recv is not None else None
        if type_name is None or recv is None or counter is None:
            continue
        spawn = next(
            (e for e in starter.cfg.nodes_events() if e.kind == "spawn" and e.node == stmt), None
        )
        goroutine = functions.spawn_target(spawn, starter) if spawn is not None else None
        if spawn is None or goroutine is None or goroutine.cfg is None:
            continue
        found = package.fields_of(type_name)
        fields = found[0] if found is not None else {}
        for field, typ in fields.items():
            if typ is None or not is_channel_type(typ) or field[:1].isupper():
                continue
            summary = _sends_once(liveness, goroutine, starter, recv, field)
            if summary is None:
                continue
            for f, node in package.methods_of_type(type_name):
                if node == starter.node:
                    continue
                collector = functions.get(node, f)
                crecv = receiver_var(collector)
                loop = _counting_loop(collector, crecv, counter, field) if crecv else None
                if loop is None or crecv is None or collector.cfg is None:
                    continue
                senders = Partner(spawn, goroutine, summary, "goroutine", True, loop.symbol)
                ident = Identity(
                    "chan",
                    f"{crecv.name}.{field}",
                    crecv,
                    collector,
                    node,
                    collector.cfg.entry,
                    field=field,
                    running=(senders,),
                )
                ident.capacity, ident.capacity_known = field_capacity(liveness, field)
                out.append(ident)
    return out


def _incremented_field(top: list[tree_sitter.Node], method: Function, recv: Var) -> str | None:
    """`f` of the method's one `recv.f++` (or `recv.f += 1`) among its top-level
    statements `top`, run on every path."""
    found: list[str] = []
    for n in top:
        if n.type == "inc_statement" or (
            n.type == "assignment_statement"
            and gosyntax.field(n, "operator").type == "+="
            and gosyntax.text(gosyntax.field(n, "right")) == "1"
        ):
            target = gosyntax.unparen(n.named_children[0] if n.named_children else None)
            if target is not None and target.type == "expression_list":
                target = gosyntax.unparen(target.named_children[0])
            if (
                target is not None
                and target.type == "selector_expression"
                and method.resolver.scopes.lookup(gosyntax.field(target, "operand")) is recv
            ):
                found.append(gosyntax.text(gosyntax.field(target, "field")))
    return found[0] if len(found) == 1 else None


def _sends_once(
    liveness: Liveness, goroutine: Function, starter: Function, recv: Var, field: str
) -> Summary | None:
    """The goroutine's summary on `recv.field` when it sends exactly once on every path
    and does nothing else to it."""
    from goleash.analysis.liveness import Escaped
    from goleash.analysis.liveness import Identity as _Identity

    assert goroutine.cfg is not None  # counted_senders checked it
    probe = _Identity(
        "chan", field, None, goroutine, goroutine.node, goroutine.cfg.entry, field=field
    )
    from goleash.analysis.functions import receiver_var

    # A literal shares the starter's receiver; a method has its own.
    base = recv if goroutine.node.type == "func_literal" else receiver_var(goroutine)
    if base is None:
        return None
    try:
        summary = liveness.summary(probe, goroutine, (frozenset(), frozenset({base})), "partner", 1)
    except Escaped:
        return None
    if summary.empty or summary.closes_some or summary.bal.symbols() or summary.bal.const != (1, 1):
        return None
    if any(ev.kind != "send" for ev, _f in summary.ops):
        return None
    return summary


def _counting_loop(collector: Function, recv: Var, counter: str, field: str) -> Loop | None:
    """The collector's loop bounded by `recv.counter` (`for i := 0; i < recv.counter; i++`)
    whose body receives from `recv.field`."""
    cfg = collector.cfg
    if cfg is None:
        return None
    for loop in cfg.loops:
        clause = next((c for c in loop.stmt.named_children if c.type == "for_clause"), None)
        cond = clause.child_by_field_name("condition") if clause is not None else None
        if cond is None or cond.type != "binary_expression":
            continue
        bound = gosyntax.unparen(cond.child_by_field_name("right"))
        if (
            bound is None
            or bound.type != "selector_expression"
            or gosyntax.text(gosyntax.field(bound, "field")) != counter
            or collector.resolver.scopes.lookup(gosyntax.field(bound, "operand")) is not recv
        ):
            continue
        for node in cfg.nodes:
            if not loop.holds(node):
                continue
            for ev in node.events:
                if ev.kind == "recv" and isinstance(ev.ref, FieldRef) and ev.ref.field == field:
                    return loop
    return None
