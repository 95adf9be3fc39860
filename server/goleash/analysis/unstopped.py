"""Objects whose goroutine is started and never stopped.

A constructor of the package (`NewLimiter`) that starts a goroutine whose loop ends
only when a method of the type closes a stop field (`Close` closes `l.done`, the
goroutine's only way out: see stop_signals.py) hands its caller the duty to call
that method. A function that makes such an object into a local variable, keeps it
to itself and never calls the stopping method leaves the goroutine running for
good: one more per call.

Guards, each a trade-off:
- The object must stay in the function: every use of the variable is a field or a
  method of it (`l.Acquire()`); passed, returned, stored, captured by a function
  literal or converted, someone else may stop it.
- Calling the stopping method anywhere in the function (on any path, or deferred, or
  as a method value) counts as stopping it: a path that skips it is GL009's question
  when the skip is inside the method, and not judged here otherwise.
- `main` and `init` run as long as the process.
- CONSTRUCTING_METHOD: the object may be made by a method (`d := s.openDispatch()`),
  the package's one method of that name; the call's operand is not typed, so a
  same-named method of another package would be taken for it (it must start a
  goroutine a method of its result stops, which makes that rare).
  KEPT_BY_ITS_MAKER: a method that stores what it returns in a field of its receiver (a
  get-or-create registry) lends the object; stopping it is not the caller's job.
- CLEANS_UP_ITSELF: a constructor that registers the stop with `t.Cleanup` stops its
  goroutine itself when the test ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.functions import Function, Functions
from goleash.analysis.index import function_words, method_words, receiver_name
from goleash.analysis.liveness import Liveness
from goleash.analysis.stop_signals import Stoppable, stoppers

if TYPE_CHECKING:
    from goleash.analysis.package import Declaration, Package
    from goleash.analysis.scopes import Var
    from goleash.source import SourceFile


@dataclass(frozen=True)
class Unstopped:
    call: tree_sitter.Node  # the constructor call
    decl: tree_sitter.Node  # the statement binding its result
    var_name: str
    constructor: Function
    goroutine_start: tree_sitter.Node  # the `go` statement in the constructor
    goroutine_name: str
    stop_methods: tuple[str, ...]  # names of the methods that stop it
    closer: tree_sitter.Node  # a close in the first stop method (for related locations)
    closer_file: SourceFile
    # OPTION_LEFT_UNSET: this call's options leave the goroutine unstarted; nothing to
    # report, and the channels it would have used are no leak of the caller's either.
    never_started: bool = False


def unstopped_objects(
    liveness: Liveness, bound_calls: Iterable[tree_sitter.Node]
) -> list[Unstopped]:
    functions = liveness.functions
    out: list[Unstopped] = []
    # Read once, and only for a file with a call to judge (the fact is recorded for the
    # incremental analysis to check again).
    starters: tuple[frozenset[bytes], frozenset[bytes]] | None = None
    # The methods called on each name in a block, read once per block: a file binds
    # thousands of calls, most in blocks binding several.
    calls_in: dict[int, dict[bytes, set[bytes]]] = {}
    for call in bound_calls:
        decl = call.parent.parent if call.parent is not None else None
        if decl is None or decl.type != "short_var_declaration":
            continue
        left = gosyntax.field(decl, "left").named_children
        if not left or left[0].type != "identifier" or left[0].text == b"_":
            continue
        # Cheap tests first, before resolving the calling function: a call of a function
        # of the package, by name.
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if fn is not None and fn.type == "selector_expression":
            found_by_method = _made_by_a_method(liveness, fn)
            if found_by_method is not None:
                out.extend(_judged(liveness, call, decl, left[0], *found_by_method))
            continue
        if fn is None or fn.type != "identifier":
            continue
        if starters is None:
            starters = liveness.package.derived(
                "maybe-goroutine-starters", maybe_goroutine_starters
            )
        functions_named, methods_named = starters
        if (fn.text or b"") not in functions_named and (
            not methods_named
            or methods_named.isdisjoint(
                _methods_by_receiver(decl.parent, calls_in).get(left[0].text or b"", ())
            )
        ):
            continue  # STARTER_BY_TEXT
        declared = liveness.package.unique_function(gosyntax.text(fn))
        if declared is None:
            continue
        constructor = functions.get(declared.node, declared.file)
        stop = stoppers(liveness, constructor) if b"go " in (declared.node.text or b"") else None
        starter = constructor
        turned_away = False
        if stop is None:
            # `w := NewWorker(); w.Start()`: a method of the returned type starts it.
            found = _started_by_method(liveness, functions, declared, left[0].text or b"", decl)
            if found is None:
                continue
            starter, stop, turned_away = found
        if _cleans_up_itself(declared.node, stop.methods, liveness.package):
            continue
        never_started = turned_away or (
            starter is constructor
            and _option_left_unset(stop.start, constructor.node, call, liveness.package)
        )
        out.extend(_judged(liveness, call, decl, left[0], starter, stop, never_started))
    return out


def _made_by_a_method(
    liveness: Liveness, fn: tree_sitter.Node
) -> tuple[Function, Stoppable] | None:
    """CONSTRUCTING_METHOD: (the method, its goroutine) for `t.startBatch(...)`, the
    package's one method of that name, when it starts a goroutine a method of its result
    stops. Trade-off: a method of another package spelled the same (the call's operand is
    not typed) is taken for it; the stoppable goroutine it must start makes that rare."""
    name = gosyntax.field(fn, "field").text or b""
    starters = liveness.package.derived("maybe-goroutine-starters", maybe_goroutine_starters)
    if name not in starters[1]:
        return None  # STARTER_BY_TEXT
    found = liveness.package.methods_named(name.decode())
    if len(found) != 1 or b"go " not in (found[0][2].text or b""):
        return None
    file, _type, node = found[0]
    if _kept_by_its_maker(node):
        return None
    constructor = liveness.functions.get(node, file)
    stop = stoppers(liveness, constructor)
    if stop is None or _cleans_up_itself(node, stop.methods):
        return None
    return constructor, stop


def _kept_by_its_maker(method: tree_sitter.Node) -> bool:
    """KEPT_BY_ITS_MAKER: a method that stores what it returns in a field of its receiver
    (`ix.batchers[name] = b` in a get-or-create) keeps the object in a registry; the
    caller borrows it, and stopping it is the registry's business. Read by text: any
    store into the receiver naming a returned variable counts."""
    recv = gosyntax.receiver_text(method)
    body = method.child_by_field_name("body")
    if not recv or body is None:
        return True
    returned = {
        gosyntax.text(first)
        for ret in gosyntax.descendants(body, "return_statement")
        if ret.named_children
        and (first := _first_value(ret.named_children[0])) is not None
        and first.type == "identifier"
    }
    for n in gosyntax.descendants(body, "assignment_statement"):
        left = gosyntax.text(gosyntax.field(n, "left"))
        right = gosyntax.field(n, "right")
        if not left.startswith(recv + "."):
            continue
        named = {gosyntax.text(i) for i in [right, *gosyntax.walk(right)] if i.type == "identifier"}
        if named & returned:
            return True
    return False


def _first_value(values: tree_sitter.Node) -> tree_sitter.Node | None:
    first = values.named_children[0] if values.type == "expression_list" else values
    return gosyntax.unparen(first)


def _judged(
    liveness: Liveness,
    call: tree_sitter.Node,
    decl: tree_sitter.Node,
    name: tree_sitter.Node,
    starter: Function,
    stop: Stoppable,
    never_started: bool = False,
) -> list[Unstopped]:
    """The object `name := call` makes, when the calling function keeps it and never
    stops it (`starter` starts its goroutine)."""
    func = liveness.functions.enclosing(call, liveness.file)
    if func is None or func.is_process_lifetime:
        return []
    var = func.resolver.scopes.lookup(name)
    if var is None or not _kept_and_never_stopped(
        var, func, stop.methods, _closed_field(stop.close)
    ):
        return []
    return [
        Unstopped(
            call,
            decl,
            var.name,
            starter,
            stop.start,
            stop.goroutine_name,
            stop.methods,
            stop.close,
            stop.close_file,
            never_started,
        )
    ]


def maybe_goroutine_starters(
    files: Iterable[SourceFile],
) -> tuple[frozenset[bytes], frozenset[bytes]]:
    """STARTER_BY_TEXT: (the names that may be functions, those that may be methods)
    declared in a file spelling `go`. A constructor starts a goroutine itself only with
    `go ` in its text, or the object it returns is started by one of its methods called
    on it next (_started_by_method); a call of any other function is passed over before
    the file declaring it is parsed. Trade-off: none, supersets of the names."""
    functions: set[bytes] = set()
    methods: set[bytes] = set()
    for f in files:
        if f.matches(_GO_STATEMENT):
            functions |= function_words(f)
            methods |= method_words(f)
    return frozenset(functions), frozenset(methods)


# `go` then a name, a `(` or `func`: a go statement, or words in a comment; not the
# `//go:build` line every build-specific file has (which would make the fact differ
# between builds for nothing, and the build analysed again).
_GO_STATEMENT = re.compile(rb"\bgo[ \t]+[A-Za-z_(]")


def _methods_by_receiver(
    block: tree_sitter.Node | None, cache: dict[int, dict[bytes, set[bytes]]]
) -> dict[bytes, set[bytes]]:
    """The methods the block calls on each name (`x.Start(` gives x: {Start}), by text."""
    if block is None:
        return {}
    found = cache.get(block.id)
    if found is None:
        found = {}
        for name, method in _CALL_ON_A_NAME.findall(block.text or b""):
            found.setdefault(name, set()).add(method)
        cache[block.id] = found
    return found


_CALL_ON_A_NAME = re.compile(rb"(?<!\w)(\w+)\.(\w+)\(")


def _methods_called_on(block: tree_sitter.Node | None, var_name: bytes) -> list[bytes]:
    """The methods the block calls on `x` (`x.Start(`), each once, in order."""
    found = _CALL_ON_A_NAME.findall(block.text or b"") if block is not None else []
    return list(dict.fromkeys(method for name, method in found if name == var_name))


def _cleans_up_itself(
    constructor: tree_sitter.Node,
    stop_methods: Iterable[str],
    package: Package | None = None,
    depth: int = 0,
) -> bool:
    """CLEANS_UP_ITSELF: a test constructor that registers the stop with the test
    (`t.Cleanup(w.Shutdown)`, `t.Cleanup(func() { w.Shutdown() })`) stops what it
    starts when the test ends. Read from the text of `.Cleanup(...)` calls in the
    constructor: any that names a stopping method counts; so does one in the function of
    the package whose result the constructor returns (`return newTestHeadWithOptions(t,
    ...)`, two levels at most: CLEANED_UP_BELOW). Trade-off: a cleanup that stops
    another object with a method of the same name counts too."""
    stop_methods = list(stop_methods)
    body = constructor.child_by_field_name("body")
    names = [re.compile(r"\." + re.escape(m) + r"\b") for m in stop_methods]
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type != "call_expression" or not gosyntax.callee_text(n).endswith("Cleanup"):
            continue
        args = n.child_by_field_name("arguments")
        text = gosyntax.text(args) if args is not None else ""
        if any(name.search(text) for name in names):
            return True
    if package is None or depth >= 2 or body is None:
        return False
    for ret in gosyntax.descendants(body, "return_statement"):
        first = _first_value(ret.named_children[0]) if ret.named_children else None
        fn = (
            first.child_by_field_name("function")
            if first is not None and first.type == "call_expression"
            else None
        )
        if fn is None or fn.type != "identifier":
            continue
        below = package.unique_function(gosyntax.text(fn))
        if below is not None and _cleans_up_itself(below.node, stop_methods, package, depth + 1):
            return True
    return False


def _option_left_unset(
    go_stmt: tree_sitter.Node,
    constructor: tree_sitter.Node,
    call: tree_sitter.Node,
    package: Package,
) -> bool:
    """OPTION_LEFT_UNSET: the constructor starts the goroutine only under a test of an
    option (`if o.RefreshEvery > 0 { go p.refresh() }`, `if opt.Cluster.Watch {`), and
    this call passes a literal that leaves the option at its zero value (`&Opts{}`, or a
    local declared with one and left alone: LITERAL_IN_A_LOCAL): the test is false, no
    goroutine starts. Trade-off: only literals are read; an option left unset by other
    code is still taken as set."""
    typed = gosyntax.parameters(constructor)
    params = [name for name, _t in typed]
    args = gosyntax.call_arguments(call)
    # (Only an `if` whose body holds the `go`: in the else branch, the test being false
    # starts it.)
    for a in gosyntax.ifs_guarding(go_stmt, constructor):
        for term in gosyntax.conjuncts(a.child_by_field_name("condition")):
            path = _option_test(term)
            if path is None or path[0] not in params:
                continue
            index = params.index(path[0])
            copied = _copied_type(typed[index][1])
            if _may_change(path, constructor, go_stmt, copied, package):
                continue  # defaults filled in, or handed where they may be
            if index >= len(args):
                continue
            behind = _literal_behind(args[index])
            if copied is not None and len(path) > 1:
                behind = _through_value_methods(behind, copied, path[1], package)
            if _zero_in_literal(behind, path[1:]):
                return True
    return False


def _literal_behind(arg: tree_sitter.Node) -> tree_sitter.Node:
    """LITERAL_IN_A_LOCAL: the literal a local was declared with (`c := Config{...};
    New(c)`), when nothing names the local between its declaration and this call (no
    field set, no method called, not handed elsewhere); else the argument itself.
    Trade-off: read by name in the calling function's own statements; a local changed
    through a pointer taken before its declaration is not seen (there is none: the name
    is new there)."""
    ident = gosyntax.unparen(arg)
    func = gosyntax.enclosing_function(arg)
    body = func.child_by_field_name("body") if func is not None else None
    if ident is None or ident.type != "identifier" or body is None:
        return arg
    declared: tree_sitter.Node | None = None
    for n in gosyntax.walk(body):
        if n.start_byte >= arg.start_byte:
            break
        if n.type != "identifier" or n.text != ident.text:
            continue
        value = _declared_with(n)
        if value is None:
            return arg  # named on the way: it may have changed
        declared = value
    return declared if declared is not None else arg


def _through_value_methods(
    expr: tree_sitter.Node, type_name: str, option: str, package: Package
) -> tree_sitter.Node:
    """`Config{...}.OnRemoveFilterSet(Deleted)` as `Config{...}` for the option: a
    method of the package with a value receiver returns a changed copy, and one whose
    body never assigns the option (`.CleanWindow =`) leaves it as the literal has it
    (COPY_UNCHANGED). Trade-off: an assignment through another name for the copy is
    not seen."""
    node = gosyntax.unparen(expr)
    while node is not None and node.type == "call_expression":
        fn = gosyntax.unparen(node.child_by_field_name("function"))
        if fn is None or fn.type != "selector_expression":
            break
        name = gosyntax.text(gosyntax.field(fn, "field"))
        method = package.method_of(type_name, name)
        body = method.node.child_by_field_name("body") if method is not None else None
        if (
            body is None
            or not _value_method(package, type_name, name)
            or _assigns_field(body, option)
        ):
            break
        node = gosyntax.unparen(fn.child_by_field_name("operand"))
    return node if node is not None else expr


def _assigns_field(body: tree_sitter.Node, name: str) -> bool:
    """Does `body` assign a field called `name` (`c.name = v`, `c.name++`)?"""
    pattern = rb"\.\s*" + re.escape(name.encode()) + rb"\s*(?:[-+*/|&]?=(?!=)|\+\+|--)"
    return re.search(pattern, body.text or b"") is not None


def _declared_with(name: tree_sitter.Node) -> tree_sitter.Node | None:
    """The value `name` is declared with, when it is the one name on the left of a `:=`
    or `var` with one value."""
    stmt = name.parent
    if stmt is not None and stmt.type == "expression_list":
        stmt = stmt.parent
    if stmt is None or stmt.type not in ("short_var_declaration", "var_spec"):
        return None
    left = stmt.child_by_field_name("left" if stmt.type == "short_var_declaration" else "name")
    right = stmt.child_by_field_name("right" if stmt.type == "short_var_declaration" else "value")
    names = left.named_children if left is not None and left.type == "expression_list" else [left]
    values = (
        right.named_children if right is not None and right.type == "expression_list" else [right]
    )
    if names != [name] or len(values) != 1 or values[0] is None:
        return None
    return values[0]


def _copied_type(param_type: tree_sitter.Node | None) -> str | None:
    """The named type of a parameter taken by value (not a pointer): the constructor has
    a copy."""
    if param_type is None or param_type.type != "type_identifier":
        return None
    return gosyntax.text(param_type)


def _may_change(
    path: list[str],
    constructor: tree_sitter.Node,
    before: tree_sitter.Node,
    copied: str | None,
    package: Package,
) -> bool:
    """Before the `go`, may the tested option have been given a value: the parameter, or
    the option's field or one holding it, assigned (`o.Every = time.Second`, `o =
    o.withDefaults()`), a method called on the parameter, or the parameter handed to a
    call (which may fill in defaults through the pointer)? Nested function literals are
    not read (their parameters may shadow the name). COPY_UNCHANGED: a parameter taken
    by value and handed on by value, or given a method with a value receiver, keeps its
    fields (bigcache's `Config`)."""
    name = path[0].encode()
    body = constructor.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        if n.start_byte >= before.start_byte:
            break
        if n.type != "identifier" or n.text != name:
            continue
        fields: list[str] = []
        up, child = gosyntax.parent_skipping_parens(n)
        while (
            up is not None
            and up.type == "selector_expression"
            and up.child_by_field_name("operand") == child
        ):
            fields.append(gosyntax.text(gosyntax.field(up, "field")))
            up, child = gosyntax.parent_skipping_parens(up)
        if up is None:
            continue
        if up.type == "call_expression" and up.child_by_field_name("function") == child:
            if len(fields) == 1 and not (copied and _value_method(package, copied, fields[0])):
                return True  # `o.setDefaults()`
            continue  # a function value held in an option
        if not fields and up.type == "argument_list":
            if copied:
                continue  # a copy handed on: the callee cannot change ours
            if len(path) > 1 and not _callee_fills(package, up.parent, path[1:]):
                continue  # HANDED_TO_A_READER
            return True  # handed on whole
        if not fields and up.type == "unary_expression":
            if gosyntax.field(up, "operator").type == "&":
                return True
        if up.type == "expression_list" and up.parent is not None:
            if (
                up.parent.type == "assignment_statement"
                and gosyntax.on_side_of(child, "assignment_statement", "left")
                and fields == path[1 : 1 + len(fields)]
            ):
                return True  # the option itself, or a struct holding it, assigned
    return False


def _callee_fills(package: Package, call: tree_sitter.Node | None, option: list[str]) -> bool:
    """HANDED_TO_A_READER's converse: may the call the options are handed to fill the
    option in? Not when the callee is a function of the package whose body never assigns
    a field of that name (gocbcore's `newStdLostTransactionCleaner(config)` only reads
    it): no field on the option's path (`Watch` or `Every` of `o.Watch.Every`) is
    assigned there. Trade-off: what the callee hands the options to in turn is not
    read."""
    if call is None or call.type != "call_expression":
        return True
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    node: tree_sitter.Node | None = None
    if fn is not None and fn.type == "identifier":
        declared = package.unique_function(gosyntax.text(fn))
        node = declared.node if declared is not None else None
    elif fn is not None and fn.type == "selector_expression":
        found = package.methods_named(gosyntax.text(gosyntax.field(fn, "field")))
        node = found[0][2] if len(found) == 1 else None
    body = node.child_by_field_name("body") if node is not None else None
    return body is None or any(_assigns_field(body, name) for name in option)


def _value_method(package: Package, type_name: str, name: str) -> bool:
    """`type_name.name` is a method of the package with a value receiver."""
    found = package.method_of(type_name, name)
    if found is None:
        return False
    receiver = found.node.child_by_field_name("receiver")
    return receiver is not None and b"*" not in (receiver.text or b"")


# Comparisons that are false when the option's left side is its zero value.
_FALSE_AT_ZERO = {">": {b"0"}, "!=": {b"0", b"nil", b'""', b"false"}}


def _option_test(term: tree_sitter.Node) -> list[str] | None:
    """[param, field, ...] of `param.field... > 0` (or `!= 0`, `!= nil`, `!= ""`, or a
    bare boolean `param.field...`): a test false when the field is zero."""
    side = term
    if term.type == "binary_expression":
        op = gosyntax.field(term, "operator").type
        right = term.child_by_field_name("right")
        if op not in _FALSE_AT_ZERO or right is None or right.text not in _FALSE_AT_ZERO[op]:
            return None
        side = gosyntax.field(term, "left")
    path: list[str] = []
    node = gosyntax.unparen(side)
    while node is not None and node.type == "selector_expression":
        path.insert(0, gosyntax.text(gosyntax.field(node, "field")))
        node = gosyntax.unparen(node.child_by_field_name("operand"))
    if node is None or node.type != "identifier" or not path:
        return None
    return [gosyntax.text(node), *path]


_ZERO_LITERALS = frozenset({b"0", b"nil", b'""', b"false"})


def _zero_in_literal(arg: tree_sitter.Node, fields: list[str]) -> bool:
    """Does the literal passed (`&Opts{...}`, `Opts{...}`) leave `fields` (a path
    through nested literals) at its zero value?"""
    node = gosyntax.unparen(arg)
    if node is not None and node.type == "unary_expression":
        if gosyntax.field(node, "operator").type != "&":
            return False
        node = gosyntax.unparen(node.child_by_field_name("operand"))
    if node is None or node.type != "composite_literal":
        return False
    if not fields:
        return False  # the option is the whole literal: set
    for element in gosyntax.literal_elements(node):
        if element.type != "keyed_element":
            return False  # positional: every field is set
        key = element.child_by_field_name("key")
        value = element.child_by_field_name("value")
        if key is None or value is None:
            return False
        if key.text == fields[0].encode():
            inner = value.named_children[0] if value.named_children else None
            if inner is not None and len(fields) == 1 and inner.text in _ZERO_LITERALS:
                return True  # `CleanWindow: 0`: written, but zero
            return inner is not None and _zero_in_literal(inner, fields[1:])
    return True  # not named: left at its zero value


def _started_by_method(
    liveness: Liveness,
    functions: Functions,
    declared: Declaration,
    var_name: bytes,
    decl: tree_sitter.Node,
) -> tuple[Function, Stoppable, bool] | None:
    """For `x := NewT(...)` followed by `x.Start()` in the same block: (the method, what
    stops the goroutine it starts, and whether the call is turned away before the start:
    FIELD_SET_BEFORE_START), when `Start` is a method of `T` that starts one."""
    from goleash.analysis.values import base_type_name

    results = gosyntax.result_types(declared.node)
    type_name = base_type_name(results[0]) if results else None
    block = decl.parent
    if not type_name or block is None:
        return None
    # A call turned away before its `go` (EXPECTED_TO_FAIL, FIELD_SET_BEFORE_START)
    # starts nothing: it is kept only when no other call starts the goroutine, and
    # then says so (its channels are no leak of the caller's either).
    turned_away: tuple[Function, Stoppable, bool] | None = None
    for name in (m.decode() for m in _methods_called_on(block, var_name)):
        method = liveness.package.method_of(type_name, name)
        if method is None or b"go " not in (method.node.text or b""):
            continue
        starter = functions.get(method.node, method.file)
        stop = stoppers(liveness, starter, type_name)
        if stop is None:
            continue
        if _fails_before_start(
            block, var_name, name, method.node
        ) or _turned_away_by_a_field_set_before(block, var_name, name, method.node):
            turned_away = turned_away or (starter, stop, True)
            continue
        return starter, stop, False
    return turned_away


def _fails_before_start(
    block: tree_sitter.Node, var_name: bytes, method_name: str, method: tree_sitter.Node
) -> bool:
    """EXPECTED_TO_FAIL: the test goes on only when the call returned an error (`err =
    e.Start(); if err == nil { t.Fatal(...) }`, or `require.Error(t, err)`), and the
    method returns an error only before its `go` statements: no goroutine was started.
    Trade-off: an error returned through a named result after the `go` is not seen."""
    call_text = var_name + b"." + method_name.encode() + b"("
    stmts = gosyntax.statements(block)
    for i, stmt in enumerate(stmts):
        if call_text not in (stmt.text or b""):
            continue
        if stmt.type == "if_statement" and stmt.child_by_field_name("initializer") is not None:
            check = stmt
            init = stmt.child_by_field_name("initializer")
            assert init is not None
            assigned = init
        elif stmt.type in ("short_var_declaration", "assignment_statement"):
            nxt = stmts[i + 1] if i + 1 < len(stmts) else None
            if nxt is None:
                return False
            check, assigned = nxt, stmt
        else:
            return False
        left = assigned.child_by_field_name("left")
        names = [n.text for n in left.named_children] if left is not None else []
        return (
            bool(names)
            and _fails_if_nil(check, names[-1])
            and (
                _errors_only_before_go(method)
                or _validates_constant_input(assigned, call_text, method)
            )
        )
    return False


# Arguments a test spells out in full: what input validation is written against.
_CONSTANT_ARGUMENTS = frozenset(
    {
        "interpreted_string_literal",
        "raw_string_literal",
        "int_literal",
        "float_literal",
        "nil",
        "true",
        "false",
    }
)


def _validates_constant_input(
    assigned: tree_sitter.Node, call_text: bytes, method: tree_sitter.Node
) -> bool:
    """CONSTANT_INPUT_FAILS_VALIDATION: the test expects the call to fail, passes only
    constants (`c.Connect(":6667")`), and the method returns errors before its first
    `go` (its checks of the input): such a test is of the validation, which turns the
    call away before anything starts. go-ircevent's nine tests of `Connect` with bad
    addresses were read as false findings. What it costs: a test expecting a constant
    but valid input to fail after the goroutine started (a dial to a closed port, when
    the dial follows the `go`) is missed."""
    call = next(
        (
            c
            for c in gosyntax.descendants(assigned, "call_expression")
            if (c.text or b"").startswith(call_text)
        ),
        None,
    )
    args = gosyntax.call_arguments(call) if call is not None else []
    if not args or any(a.type not in _CONSTANT_ARGUMENTS for a in args):
        return False
    body = method.child_by_field_name("body")
    if body is None:
        return False
    starts = [g.start_byte for g in gosyntax.descendants(body, "go_statement")]
    first_go = min(starts, default=body.end_byte)
    return any(
        r.start_byte < first_go and _returns_an_error(r)
        for r in gosyntax.descendants(body, "return_statement")
        if gosyntax.enclosing_function(r) == method
    )


def _returns_an_error(ret: tree_sitter.Node) -> bool:
    results = ret.named_children[0].named_children if ret.named_children else []
    return bool(results) and results[-1].type != "nil"


def _turned_away_by_a_field_set_before(
    block: tree_sitter.Node, var_name: bytes, method_name: str, method: tree_sitter.Node
) -> bool:
    """FIELD_SET_BEFORE_START: the caller sets a field of the object to a constant
    (`c.Log = nil`) in the block just before calling the method, and the method returns
    when the field holds it (`if c.Log == nil { return errors.New(...) }`) in a top-level
    statement before any `go`: the goroutine is never started. Trade-off: the field
    read in another goroutine meanwhile is not thought of."""
    call_text = var_name + b"." + method_name.encode() + b"("
    constants: dict[str, bytes] = {}
    for stmt in gosyntax.statements(block):
        if call_text in (stmt.text or b""):
            break
        assigned = _field_constant(stmt, var_name)
        if assigned is not None:
            constants[assigned[0]] = assigned[1]
        elif var_name + b"." in (stmt.text or b""):
            constants.clear()  # a method call or another use may change the fields: start over
    else:
        return False
    if not constants:
        return False
    receiver = (receiver_name(method) or "").encode()
    body = method.child_by_field_name("body")
    for stmt in gosyntax.statements(body) if body is not None and receiver else ():
        if stmt.type == "go_statement" or b"go " in (stmt.text or b""):
            return False
        if stmt.type != "if_statement" or stmt.child_by_field_name("alternative") is not None:
            continue
        cond = gosyntax.unparen(stmt.child_by_field_name("condition"))
        if cond is None or cond.type != "binary_expression":
            continue
        if gosyntax.field(cond, "operator").type != "==":
            continue
        left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
        left = gosyntax.unparen(left)
        if left is None or left.type != "selector_expression" or right is None:
            continue
        operand = gosyntax.unparen(left.child_by_field_name("operand"))
        if operand is None or operand.text != receiver:
            continue
        field = gosyntax.text(gosyntax.field(left, "field"))
        stmts = gosyntax.statements(stmt.child_by_field_name("consequence"))
        if (
            constants.get(field) == (right.text or b"").replace(b" ", b"")
            and stmts
            and stmts[-1].type == "return_statement"
        ):
            return True
    return False


def _field_constant(stmt: tree_sitter.Node, var_name: bytes) -> tuple[str, bytes] | None:
    """(field, value text) for `x.f = v` with `v` a literal or nil."""
    if stmt.type != "assignment_statement":
        return None
    left = gosyntax.field(stmt, "left").named_children
    right = gosyntax.field(stmt, "right").named_children
    if len(left) != 1 or len(right) != 1 or left[0].type != "selector_expression":
        return None
    operand = gosyntax.unparen(left[0].child_by_field_name("operand"))
    if operand is None or operand.type != "identifier" or operand.text != var_name:
        return None
    value = right[0]
    if value.type not in _CONSTANT_LITERALS:
        return None
    return gosyntax.text(gosyntax.field(left[0], "field")), (value.text or b"").replace(b" ", b"")


_CONSTANT_LITERALS = frozenset(
    {"nil", "true", "false", "int_literal", "interpreted_string_literal", "raw_string_literal"}
)


# testify's assertions that stop the test when the error they check is nil.
_REQUIRE_AN_ERROR = frozenset(
    {
        "require.Error",
        "require.ErrorIs",
        "require.ErrorAs",
        "require.ErrorContains",
        "require.EqualError",
        "require.NotNil",
    }
)


def _fails_if_nil(check: tree_sitter.Node, err: bytes | None) -> bool:
    """`if err == nil { t.Fatal(...) }`, or `require.Error(t, err)`: the test stops
    when the call succeeded."""
    if check.type == "expression_statement":
        call = check.named_children[0] if check.named_children else None
        args = gosyntax.call_arguments(call) if call is not None else []
        return (
            call is not None
            and call.type == "call_expression"
            and gosyntax.callee_text(call) in _REQUIRE_AN_ERROR
            and len(args) >= 2
            and args[1].text == err
        )
    if check.type != "if_statement":
        return False
    cond = gosyntax.unparen(check.child_by_field_name("condition"))
    if cond is None or cond.type != "binary_expression":
        return False
    if gosyntax.field(cond, "operator").type != "==":
        return False
    sides = {gosyntax.field(cond, "left").text, gosyntax.field(cond, "right").text}
    if sides != {err, b"nil"}:
        return False
    body = gosyntax.statements(check.child_by_field_name("consequence"))
    last = body[-1] if body else None
    call = last.named_children[0] if last is not None and last.named_children else None
    return (
        last is not None
        and last.type == "expression_statement"
        and call is not None
        and call.type == "call_expression"
        and gosyntax.is_terminating_call(call)
    )


def _errors_only_before_go(method: tree_sitter.Node) -> bool:
    """Does every `return` after the method's first `go` statement return a nil error?"""
    body = method.child_by_field_name("body")
    if body is None:
        return False
    nodes = list(gosyntax.walk(body))
    starts = [n.start_byte for n in nodes if n.type == "go_statement"]
    if not starts:
        return False
    for n in nodes:
        if n.type != "return_statement" or n.start_byte < min(starts):
            continue
        results = n.named_children[0].named_children if n.named_children else []
        if results and results[-1].type != "nil":
            return False
    return True


def _closed_field(close: tree_sitter.Node) -> bytes | None:
    """`stop` of the stopping method's `close(x.stop)`."""
    args = gosyntax.call_arguments(close) if close.type == "call_expression" else []
    arg = gosyntax.unparen(args[0]) if args else None
    if arg is None or arg.type != "selector_expression":
        return None
    return gosyntax.field(arg, "field").text


def _kept_and_never_stopped(
    var: Var, func: Function, methods: tuple[str, ...], stop_field: bytes | None = None
) -> bool:
    body = func.node.child_by_field_name("body")
    if body is None:
        return False
    uses = func.resolver.scopes.uses
    names = {m.encode() for m in methods}
    for n in var.occurrences:
        if not body.start_byte <= n.start_byte < body.end_byte or uses.get(n.start_byte) is not var:
            continue
        if gosyntax.on_side_of(n, "short_var_declaration", "left"):
            continue  # its declaration
        parent = n.parent
        if (
            parent is None
            or parent.type != "selector_expression"
            or parent.child_by_field_name("operand") != n
        ):
            return False  # handed somewhere: someone else may stop it
        if gosyntax.field(parent, "field").text in names:
            return False  # stopped (or handed on as a method value to whoever stops it)
        if stop_field is not None and gosyntax.field(parent, "field").text == stop_field:
            args, _c = gosyntax.parent_skipping_parens(parent)
            call = args.parent if args is not None and args.type == "argument_list" else None
            if call is not None and gosyntax.callee_text(call) == "close":
                return False  # `close(b.stop)`: stopped by hand, as the stopping method would
        if any(a.type == "func_literal" for a in gosyntax.ancestors(n, func.node)):
            return False  # used by a closure that may outlive this function
    return True
