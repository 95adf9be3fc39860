"""An object with a goroutine of its own, kept in a map field, replaced under its key
without being stopped, while the package stops only the entries still in the map.

```go
func (q *Queue) slowDown(domain string) {
        every := q.every
        if old, ok := q.limiters[domain]; ok {
                every = 2 * old.every
        }
        q.limiters[domain] = newLimiter(every, 1) // the old limiter's refill runs on
}

func (q *Queue) Close() {
        for _, l := range q.limiters {
                l.close() // stops the entries in the map: the replaced one is gone
        }
}
```

A constructor of the package that starts a goroutine stopped by a method of its type
(`stop_signals.stoppers`) hands its caller the duty to stop it. A registry that keeps
such objects in a map and stops them by walking the map loses the one it overwrites:
nothing holds it any more, and its goroutine runs for good.

Guards, each a trade-off:
- STOPPED_BY_WALKING_THE_MAP: some function of the package ranges over the same map
  field and calls a stopping method on each value: the package shows its entries
  need stopping, and where it does so.
- MAY_HOLD_ONE: the store is not under a test of the key's presence (an `if` whose
  condition reads a variable bound from a lookup of the map, or reads the map itself:
  `if !ok { m[k] = newT() }`), nor after such a test that leaves (`if _, ok := m[k]; ok
  { return }`): a store made only when the key is free replaces nothing, unless its key
  is a local derived after the test (DERIVED_KEY: the test was of another key). A leaving test
  counts only when presence alone makes it leave (PRESENCE_ALONE): after `if cur, ok :=
  m[k]; ok && cur.interval == d { return }`, a present entry with another interval is
  replaced.
- QUEUE_STARTED_BESIDE: the entry may be the queue itself (`c.feeds[id] = ch` beside
  `go c.consume(ch)`, whose only way out is the end of its range over it), closed by a
  walk over the map; its stop is `close(old)`.
- ABSENCE_LEAVES: a test that leaves when the key is absent (`if !ok { return }`, `if
  cur == nil { return }`) makes what follows a sure replacement, not a guard.
- NOT_STOPPED_HERE: the storing function calls no stopping method of the type (on
  the old value or any other) and deletes nothing from the map: a function that does
  may stop the old entry first. Trade-off: a helper that stops the old entry under
  another name is missed, and the store is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis import paths
from goleash.analysis.package import reassigned_type, variable_type
from goleash.analysis.stop_signals import (
    Stoppable,
    constructed,
    queue_kept_in_a_field,
    ranged_queue,
    stoppers,
)
from goleash.analysis.values import base_type_name

if TYPE_CHECKING:
    from goleash.analysis.functions import Function
    from goleash.analysis.liveness import Liveness
    from goleash.source import SourceFile


@dataclass(frozen=True)
class ReplacedEntry:
    store: tree_sitter.Node  # `q.limiters[domain] = newLimiter(every, 1)`
    map_text: str  # `q.limiters`
    key: str  # `domain`
    constructor: Function
    stop: Stoppable  # the constructor's goroutine and the methods that stop it
    cleanup: tree_sitter.Node  # `l.close()` in the walk over the map
    cleanup_file: SourceFile
    value: str = ""  # the stored local, when its goroutine is started beside the store
    # STOPS_ONLY_WHILE_REGISTERED: the old holder's early return that skips the stop once
    # its value was replaced, that return's file and method name.
    let_go: tuple[tree_sitter.Node, SourceFile, str] | None = None
    # GUARDED_BY_EVERY_CALLER's miss: the sole call of the storing helper that is not
    # guarded (the call, its file, the calling function's name).
    unguarded_call: tuple[tree_sitter.Node, SourceFile, str] | None = None


def replaced_entries(liveness: Liveness, stores: Iterable[tree_sitter.Node]) -> list[ReplacedEntry]:
    """Among `stores` (the file's `x.m[k] = ...` being checked), those that overwrite a
    stoppable entry the package stops only by walking the map."""
    out: list[ReplacedEntry] = []
    for store in stores:
        left = gosyntax.field(store, "left").named_children
        right = gosyntax.field(store, "right").named_children
        if len(right) != 1 or right[0].type not in ("call_expression", "identifier"):
            continue
        if len(left) != 1 and right[0].type != "call_expression":
            continue
        # The entry stored: the one target, or (QUEUE_MADE_BY_A_HELPER) the target of a
        # tuple store that takes the queue among a helper's results.
        position, map_field, made = 0, None, None
        let_go: list[tuple[tree_sitter.Node, SourceFile, str]] = []
        for position, entry in enumerate(left):
            map_field = gosyntax.indexed_field(entry)
            if map_field is None:
                continue
            if len(left) == 1 and right[0].type == "identifier":
                made = (
                    _started_beside(liveness, store, right[0], closed_inline=True, let_go=let_go)
                    or _queue_started_beside(liveness, store, right[0], map_field)
                    or _constructed_just_before(liveness, store, right[0])
                )
            else:
                made = (
                    constructed(liveness, right[0], closed_inline=True) if len(left) == 1 else None
                ) or _queue_made_by_a_helper(liveness, store, right[0], position)
            if made is not None:
                break
        if made is None or map_field is None:
            continue
        constructor, stop = made
        func = gosyntax.enclosing_function(store)
        if (
            func is None
            or presence_guarded(store, func, map_field)
            or _stops_or_deletes(liveness, func, stop, map_field, store)
            or _fresh_map_distinct_keys(store, func, map_field)
            or _counter_key(store, func)
        ):
            continue
        unguarded = _unguarded_calls(liveness, store, func, map_field, stop)
        if unguarded == []:
            continue  # GUARDED_BY_EVERY_CALLER
        cleanup = _walk_stopping(liveness, map_field, stop, func)
        if cleanup is None:
            continue
        target = gosyntax.unparen(left[position])
        assert target is not None  # indexed_field found it
        operand = target.child_by_field_name("operand")
        index = target.child_by_field_name("index")
        out.append(
            ReplacedEntry(
                store,
                gosyntax.text(operand) if operand is not None else map_field,
                gosyntax.text(index) if index is not None else "",
                constructor,
                stop,
                cleanup[0],
                cleanup[1],
                gosyntax.text(right[0]) if right[0].type == "identifier" else "",
                let_go[0] if let_go else None,
                # a sole unguarded call is where the old entry is forgotten
                unguarded[0] if unguarded and len(unguarded) == 1 else None,
            )
        )
    return out


def _unguarded_calls(
    liveness: Liveness,
    store: tree_sitter.Node,
    func: tree_sitter.Node,
    map_field: str,
    stop: Stoppable | None = None,
) -> list[tuple[tree_sitter.Node, SourceFile, str]] | None:
    """GUARDED_BY_EVERY_CALLER: the store's key is a parameter of a helper (`func (m
    *Monitor) startSection(id string) { ...; m.sections[id] = s; go m.run(s) }`), and
    every call of the helper in the package passes a key that cannot be held: under a test
    of its presence in the same map (`if _, ok := m.sections[id]; !ok {
    m.startSection(id) }`) or from a constructor's loop over distinct keys into a map it
    made (FRESH_MAP_DISTINCT_KEYS). Trade-off: a helper with no call in the package, or
    one call left unguarded, keeps the finding (blind dev p413's fixed twin). The key may
    be a field of a parameter (`m.ID`); a caller that stops an entry of the map itself
    around the call (`old := c.feeds[id]; c.startMat(m); close(old)`) guards it too
    (STOPPED_BY_THE_CALLER, given `stop`).

    The calls of the storing helper this does not clear, each with its file and its
    caller's name: empty when every call is cleared (the store replaces nothing); None
    when it does not apply (the key is no parameter, or the helper has no call)."""
    target = gosyntax.unparen(gosyntax.field(store, "left").named_children[0])
    index = target.child_by_field_name("index") if target is not None else None
    if index is not None and index.type == "selector_expression":
        index = gosyntax.unparen(index.child_by_field_name("operand"))
    if index is None or index.type != "identifier" or func.type == "func_literal":
        return None
    params = [name for name, _type in gosyntax.parameters(func)]
    key = gosyntax.text(index)
    if key not in params:
        return None
    position = params.index(key)
    helper = liveness.functions.enclosing(store, liveness.file)
    if helper is None:
        return None
    calls = list(liveness.functions.call_sites(helper))
    if not calls:
        return None
    unguarded = []
    for call, caller in calls:
        args = gosyntax.call_arguments(call)
        arg = gosyntax.unparen(args[position]) if position < len(args) else None
        # a key read from a value (`h.startLane(old.enclosure, f)`) may still be guarded
        # by a presence test or a stop of the old entry; only a plain name can be a
        # constructor loop's distinct key
        guarded = arg is not None and (
            presence_guarded(call, caller.node, map_field)
            or (
                arg.type == "identifier"
                and _fresh_map_distinct_key(gosyntax.text(arg), call, caller.node, map_field)
            )
            or (stop is not None and _stops_the_old_entry(caller.node, call, stop, map_field))
        )
        if not guarded:
            name = gosyntax.function_name(caller.node) or "a function literal"
            unguarded.append((call, caller.file, name))
    return unguarded


def _stops_the_old_entry(
    caller: tree_sitter.Node, call: tree_sitter.Node, stop: Stoppable, map_field: str
) -> bool:
    """STOPPED_BY_THE_CALLER: the caller takes the entry out of the map before the call
    (`old, ok := c.feeds[id]`) and stops what it took (`close(old)`, `old.stop()`)."""
    taken: set[str] = set()
    for n in gosyntax.walk(caller):
        if n.type not in ("short_var_declaration", "assignment_statement"):
            continue
        if n.start_byte > call.start_byte:
            continue
        values = gosyntax.field(n, "right").named_children
        lefts = gosyntax.field(n, "left").named_children
        if len(values) == 1 and lefts and gosyntax.indexed_field(values[0]) == map_field:
            taken.add(gosyntax.text(lefts[0]))
    taken.discard("_")
    return bool(taken) and any(
        n.type == "call_expression" and _stops(n, stop) in taken for n in gosyntax.walk(caller)
    )


def _fresh_map_distinct_keys(
    store: tree_sitter.Node, func: tree_sitter.Node, map_field: str
) -> bool:
    """FRESH_MAP_DISTINCT_KEYS: a constructor that makes the map itself (`zones:
    make(...)`, `p.zones = make(...)`) and fills it in a `range` under the range's key
    (`for id, zc := range want { p.zones[id] = ... }`), which is distinct in each round,
    replaces nothing; nor, taken as distinct, under the values of a configured list
    (`for _, id := range cfg.Cars { c.active[id] = ... }`: blind dev p250's fixed twin,
    whose configuration names each car once), nor under a field or a plain method of such
    a value (`b.queues[a.Name()] = q` in `for _, a := range analyzers`: blind dev p427's
    fixed twin, IDENTIFIED_BY_ITS_ITEM). Trade-off: a fill from two loops over
    overlapping keys is missed, and so is a list that names one key twice."""
    target = gosyntax.unparen(gosyntax.field(store, "left").named_children[0])
    index = target.child_by_field_name("index") if target is not None else None
    if index is not None and index.type == "call_expression" and not gosyntax.call_arguments(index):
        index = gosyntax.unparen(index.child_by_field_name("function"))
    if index is not None and index.type == "selector_expression":
        index = gosyntax.unparen(index.child_by_field_name("operand"))
    if index is None or index.type != "identifier":
        return False
    return _fresh_map_distinct_key(gosyntax.text(index), store, func, map_field)


def _fresh_map_distinct_key(
    key: str, store: tree_sitter.Node, func: tree_sitter.Node, map_field: str
) -> bool:
    """FRESH_MAP_DISTINCT_KEYS for a key named `key` used at `store` (a store, or the
    call of a helper that stores under it)."""
    loop = next(
        (a for a in gosyntax.ancestors(store, func) if gosyntax.range_clause(a) is not None),
        None,
    )
    clause = gosyntax.range_clause(loop)
    left = clause.child_by_field_name("left") if clause is not None else None
    names = left.named_children if left is not None else []
    if key not in [gosyntax.text(n) for n in names[:2]] or loop is None:
        return False
    made = re.compile(rb"\b" + re.escape(map_field.encode()) + rb"\s*(?::|=)\s*(?:make\(|map\[)")
    before = (func.text or b"")[: loop.start_byte - func.start_byte]
    return made.search(before) is not None


def _counter_key(store: tree_sitter.Node, func: tree_sitter.Node) -> bool:
    """COUNTER_KEY: the key is a counter the function steps (`s.lastID++; e.id =
    s.lastID; s.entries[e.id] = e`, `id := s.seq.Add(1)`): a new key each time, under
    which nothing is held yet. Trade-off: a counter that wraps, or is reset elsewhere, is
    taken for fresh all the same."""
    target = gosyntax.unparen(gosyntax.field(store, "left").named_children[0])
    index = target.child_by_field_name("index") if target is not None else None
    if index is None:
        return False
    key = gosyntax.text(index).replace(" ", "")
    stepped: set[str] = set()
    for n in gosyntax.walk(func):
        if n.type == "inc_statement" and n.named_children:
            stepped.add(gosyntax.text(n.named_children[0]).replace(" ", ""))
    if key in stepped:
        return True
    for n in gosyntax.walk(func):
        if n.type not in ("assignment_statement", "short_var_declaration"):
            continue
        left = gosyntax.field(n, "left").named_children
        right = gosyntax.field(n, "right").named_children
        if len(left) != 1 or len(right) != 1 or gosyntax.text(left[0]).replace(" ", "") != key:
            continue
        value = gosyntax.unparen(right[0]) or right[0]
        if gosyntax.text(value).replace(" ", "") in stepped:
            return True
        if value.type == "call_expression" and gosyntax.called_expression_text(value).rsplit(
            ".", 1
        )[-1] in ("Add", "AddInt64", "AddUint64", "AddInt32", "AddUint32"):
            args = gosyntax.call_arguments(value)
            if args and gosyntax.text(args[-1]) == "1":
                return True
    return False


def _constructed_just_before(
    liveness: Liveness, store: tree_sitter.Node, value: tree_sitter.Node
) -> tuple[Function, Stoppable] | None:
    """CONSTRUCTED_JUST_BEFORE: `d = r.startDrum(name); r.drums[name] = d`, the stored
    local assigned by the statement right before the store from a constructor of the
    package (`stop_signals.constructed`), as if the call were stored itself; unless the
    function also hands the local out to a holder who may stop it (HELD_ELSEWHERE, with
    callers that only borrow it not counted: RETURNED_TO_BORROWERS)."""
    before = store.prev_named_sibling
    while before is not None and before.type == "comment":
        before = before.prev_named_sibling
    if before is None or before.type not in ("assignment_statement", "short_var_declaration"):
        return None
    left = before.child_by_field_name("left")
    right = before.child_by_field_name("right")
    if left is None or right is None or len(left.named_children) != 1:
        return None
    if gosyntax.text(left.named_children[0]) != gosyntax.text(value):
        return None
    call = right.named_children[0] if len(right.named_children) == 1 else None
    if call is None or call.type != "call_expression":
        return None
    func = gosyntax.enclosing_function(store)
    if func is None or _held_elsewhere(
        func,
        gosyntax.text(value),
        store,
        lambda _type, _field: False,
        lambda: _returned_to_borrowers(liveness, func),
    ):
        return None  # HELD_ELSEWHERE, as for a value started beside the store
    return constructed(liveness, call, closed_inline=True)


def _started_beside(
    liveness: Liveness,
    store: tree_sitter.Node,
    value: tree_sitter.Node,
    closed_inline: bool = False,
    let_go: list[tuple[tree_sitter.Node, SourceFile, str]] | None = None,
) -> tuple[Function, Stoppable] | None:
    """STARTED_BESIDE: `g.sessions[id] = s` where the storing function made `s` itself
    (`s := newSession(...)`, `&session{...}`) and starts the goroutine that waits on it
    (`go g.writeLoop(s)`, or through a method of `s` that does, STARTED_BY_ITS_METHOD):
    (the function starting it, that goroutine) when a method of `s`'s type stops it."""
    func = gosyntax.enclosing_function(store)
    if func is None or func.type == "func_literal":
        return None
    name = gosyntax.text(value)
    # Cheap first: some `go` statement of the function names the stored value.
    started_here = b"go " in (func.text or b"") and any(
        re.search(rb"\b" + re.escape(name.encode()) + rb"\b", go.text or b"")
        for go in gosyntax.descendants(func, "go_statement")
    )
    starting = None if started_here else _starting_method_called(liveness, func, name)
    if not started_here and starting is None:
        return None
    type_name = (
        variable_type(store, name)
        or reassigned_type(store, name)
        or _made_by_a_constructor(liveness, func, name)
    )
    if not type_name:
        return None
    starter = starting or liveness.functions.get(func, liveness.file)
    stop = stoppers(liveness, starter, type_name, closed_inline)
    if stop is None:
        return None
    map_field = gosyntax.indexed_field(gosyntax.field(store, "left").named_children[0])

    def lets_go_when_replaced(holder_type: str, holder_field: str) -> bool:
        early = (
            _stops_only_while_registered(liveness, holder_type, holder_field, map_field, stop)
            if map_field is not None
            else None
        )
        if early is not None and let_go is not None:
            let_go.append(early)
        return early is not None

    def only_borrowed() -> bool:
        return _returned_to_borrowers(liveness, func)

    if _held_elsewhere(func, name, store, lets_go_when_replaced, only_borrowed):
        return None
    return starter, stop


def _returned_to_borrowers(liveness: Liveness, func: tree_sitter.Node) -> bool:
    """RETURNED_TO_BORROWERS: the storing function returns the object (a get-or-create,
    `w, err := m.workerFor(ctx, zone)`), and every caller in the package binds it to a
    name it only reads fields and calls methods through (`w.in <- req`): the map stays its
    one holder. Trade-off: a caller that stops it through a method is taken as a
    borrower too; one that stores, returns or passes it keeps the finding away."""
    target = liveness.functions.get(func, liveness.file)
    seen = False
    for call, caller in liveness.functions.call_sites(target):
        decl = call.parent.parent if call.parent is not None else None
        if decl is None or decl.type not in ("short_var_declaration", "assignment_statement"):
            return False
        lefts = gosyntax.field(decl, "left").named_children
        if not lefts or lefts[0].type != "identifier":
            return False
        var = caller.resolver.scopes.lookup(lefts[0])
        if var is None or var.kind != "local":
            return False
        for use in var.occurrences:
            up = use.parent
            if use == var.ident or (up is not None and gosyntax.on_side_of(use, up.type, "left")):
                continue
            if (
                up is not None
                and up.type == "selector_expression"
                and up.child_by_field_name("operand") == use
            ):
                continue
            if up is not None and up.type == "binary_expression":
                continue
            return False
        seen = True
    return seen


def _queue_started_beside(
    liveness: Liveness, store: tree_sitter.Node, value: tree_sitter.Node, map_field: str
) -> tuple[Function, Stoppable] | None:
    """QUEUE_STARTED_BESIDE: `c.feeds[id] = ch` where the storing function made `ch :=
    make(chan ...)` and starts a goroutine whose only way out is the end of its range
    over it (`go c.consume(m, ch, done)`, stop_signals.queue_kept_in_a_field): the entry
    is the queue itself, stopped by closing it. Only when the package closes the map's
    values by walking it (STOPPED_BY_WALKING_THE_MAP, asked by the caller)."""
    func_node = gosyntax.enclosing_function(store)
    if (
        func_node is None
        or func_node.type == "func_literal"
        or b"go " not in (func_node.text or b"")
    ):
        return None
    func = liveness.functions.get(func_node, liveness.file)
    var = func.resolver.scopes.lookup(value)
    made = var.assignments[0][1] if var is not None and len(var.assignments) == 1 else None
    if var is None or var.kind != "local" or made is None or not _makes_a_channel(made):
        return None
    name = re.compile(rb"\b" + re.escape(var.name.encode()) + rb"\b")
    for go in gosyntax.descendants(func_node, "go_statement"):
        call = go.named_children[0] if go.named_children else None
        if call is None or call.type != "call_expression" or not name.search(go.text or b""):
            continue
        goroutine = liveness.functions.callee(call, func)  # a literal, or the function named
        if goroutine is None or goroutine.cfg is None:
            continue
        kept = queue_kept_in_a_field(liveness, func, call, goroutine)
        if kept is None or kept[0] != map_field or kept[1].ast is None:
            continue
        return func, _closed_itself(go, liveness.file, goroutine, kept[1].ast)
    return None


def _queue_made_by_a_helper(
    liveness: Liveness, store: tree_sitter.Node, call: tree_sitter.Node, position: int
) -> tuple[Function, Stoppable] | None:
    """QUEUE_MADE_BY_A_HELPER: `m.feeds[id], m.done[id] = m.watch(t)` where the helper
    makes the channel it returns in that position (`feed := make(chan Reading, n)`) and
    starts a goroutine whose only way out is the end of its range over it: the entry is
    the queue itself, stopped by closing it, as with QUEUE_STARTED_BESIDE. Trade-off: a
    helper with several `return`s must give back the same local in that position on each."""
    func_node = gosyntax.enclosing_function(store)
    if func_node is None or func_node.type == "func_literal":
        return None
    caller = liveness.functions.get(func_node, liveness.file)
    helper = liveness.functions.callee(call, caller)
    body = helper.node.child_by_field_name("body") if helper is not None else None
    if helper is None or body is None or b"go " not in (body.text or b""):
        return None
    returned: set[str] = set()
    for ret in gosyntax.walk(body):
        if ret.type != "return_statement":
            continue
        exprs = gosyntax.returned_values(ret)
        value = gosyntax.unparen(exprs[position]) if position < len(exprs) else None
        if value is None or value.type != "identifier":
            return None
        returned.add(gosyntax.text(value))
    if len(returned) != 1:
        return None
    for go in gosyntax.descendants(body, "go_statement"):
        started = go.named_children[0] if go.named_children else None
        if started is None or started.type != "call_expression":
            continue
        goroutine = liveness.functions.callee(started, helper)
        if goroutine is None or goroutine.cfg is None:
            continue
        ranged = ranged_queue(helper, started, goroutine)
        if ranged is None or ranged[0].name not in returned or ranged[1].ast is None:
            continue
        made = ranged[0].assignments[0][1] if len(ranged[0].assignments) == 1 else None
        if made is None or not _makes_a_channel(made):
            continue
        return helper, _closed_itself(go, helper.file, goroutine, ranged[1].ast)
    return None


def _closed_itself(
    go: tree_sitter.Node, go_file: SourceFile, goroutine: Function, wait: tree_sitter.Node
) -> Stoppable:
    """The goroutine `go` starts, stopped by closing the queue it ranges over at `wait`
    (QUEUE_STARTED_BESIDE, QUEUE_MADE_BY_A_HELPER): no method stops it."""
    return Stoppable(
        go,
        gosyntax.function_name(goroutine.node) or "",
        (),
        go,
        go_file,
        wait,
        goroutine.file,
        closed_itself=True,
    )


def _makes_a_channel(expr: tree_sitter.Node) -> bool:
    call = gosyntax.unparen(expr)
    args = (
        call.child_by_field_name("arguments")
        if call is not None and call.type == "call_expression"
        else None
    )
    first = args.named_children[0] if args is not None and args.named_children else None
    return (
        call is not None
        and gosyntax.callee_text(call) == "make"
        and first is not None
        and first.type == "channel_type"
    )


def _held_elsewhere(
    func: tree_sitter.Node,
    name: str,
    store: tree_sitter.Node,
    lets_go_when_replaced: Callable[[str, str], bool],
    only_borrowed: Callable[[], bool] | None = None,
) -> bool:
    """HELD_ELSEWHERE: the stored value is also handed out by the storing function
    (returned, put in another struct, `&Session{peer: p}`, passed to a call other than
    the `go` that starts its goroutine): whoever gets it may stop it (blind dev p301's
    fixed twin, whose session stops its replaced peer). Its own fields and methods
    (`p.start()`), and the store itself, are fine; so is a field of a package struct
    whose holder lets it go once replaced (`lets_go_when_replaced(type, field)`,
    STOPS_ONLY_WHILE_REGISTERED)."""
    # The uses of this binding only: from its declaration before the store to the end
    # of the block declaring it (a name reused by another loop of the function is
    # another variable).
    decl = None
    for d in gosyntax.descendants(func, "short_var_declaration"):
        left = gosyntax.field(d, "left").named_children
        if d.start_byte < store.start_byte and any(gosyntax.text(x) == name for x in left):
            decl = d
    scope = decl.parent if decl is not None else None
    if decl is None or scope is None:
        return True  # not bound here as we can follow: take it as held elsewhere
    for n in gosyntax.walk(scope):
        if n.start_byte < decl.start_byte:
            continue
        if n.type != "identifier" or gosyntax.text(n) != name or gosyntax.is_within(n, store):
            continue
        up = n.parent
        if up is None:
            continue
        if up.type == "selector_expression" and up.child_by_field_name("operand") == n:
            continue
        if (
            up.type == "expression_list"
            and up.parent is not None
            and (
                up.parent.type in ("short_var_declaration", "assignment_statement")
                and gosyntax.on_side_of(n, up.parent.type, "left")
            )
        ):
            continue  # where it is bound
        if any(a.type == "go_statement" for a in gosyntax.ancestors(n, func)):
            continue
        if up.type == "binary_expression":
            continue  # compared
        returned = up.parent if up.type == "expression_list" else up
        if returned is not None and returned.type == "return_statement" and only_borrowed:
            if only_borrowed():
                continue  # RETURNED_TO_BORROWERS
        keyed = gosyntax.keyed_in_literal(n)
        holder_type = (
            base_type_name(keyed[1].child_by_field_name("type")) if keyed is not None else None
        )
        if (
            keyed is not None
            and holder_type
            and lets_go_when_replaced(holder_type, gosyntax.text(keyed[0]))
        ):
            continue
        return True
    return False


def _stops_only_while_registered(
    liveness: Liveness, holder_type: str, holder_field: str, map_field: str, stop: Stoppable
) -> tuple[tree_sitter.Node, SourceFile, str] | None:
    """STOPS_ONLY_WHILE_REGISTERED: every method of `holder_type` that stops its
    `holder_field` leaves first, without stopping it, when that value is no longer the
    map's entry (`if r.peers[id] != s.peer { return }`): exactly when it was replaced
    (blind dev p301, whose old session's `Leave` does nothing once a reconnect took its
    place). Trade-off: a holder that stops it through a helper under another name is
    taken as letting it go, when that helper is called only on the early path. Gives
    the first such early return, its file and its method's name."""
    if not stop.methods and not stop.closed_field:
        return None
    found = None
    for file, method in liveness.package.methods_of_type(holder_type):
        recv = gosyntax.receiver_text(method)
        body = method.child_by_field_name("body")
        if not recv or body is None:
            continue
        held = f"{recv}.{holder_field}"
        stop_text = stop.stop_call(held).encode()
        if stop_text not in (body.text or b""):
            continue
        stopped_at = (body.text or b"").index(stop_text) + body.start_byte
        early = next(
            (
                gosyntax.statements(branch.child_by_field_name("consequence"))[-1]
                for branch in gosyntax.descendants(body, "if_statement")
                if branch.start_byte < stopped_at
                and _leaves_when_replaced(branch, held, map_field, stop_text)
            ),
            None,
        )
        if early is None:
            return None
        found = found or (early, file, gosyntax.function_name(method) or "its method")
    return found


def _leaves_when_replaced(
    branch: tree_sitter.Node, held: str, map_field: str, stop_text: bytes
) -> bool:
    """`if ... m[k] != held ... { return }` whose body returns without the stop."""
    consequence = branch.child_by_field_name("consequence")
    statements = gosyntax.statements(consequence)
    if not statements or statements[-1].type != "return_statement":
        return False
    if stop_text in (consequence.text or b"") if consequence is not None else True:
        return False
    for term in gosyntax.disjuncts(branch.child_by_field_name("condition")):
        cond = gosyntax.unparen(term)
        if cond is None or cond.type != "binary_expression":
            continue
        if gosyntax.text(gosyntax.field(cond, "operator")) != "!=":
            continue
        sides = [gosyntax.field(cond, "left"), gosyntax.field(cond, "right")]
        texts = [gosyntax.text(x) for x in sides]
        if held in texts and any(gosyntax.indexed_field(x) == map_field for x in sides):
            return True
    return False


def _starting_method_called(
    liveness: Liveness, func: tree_sitter.Node, name: str
) -> Function | None:
    """STARTED_BY_ITS_METHOD: `p.start()` in the storing function, `start` the package's
    one method of that name, whose body has a `go` statement (`go p.writeLoop()`): the
    stored value's goroutine is started beside the store all the same."""
    call_text = re.compile(rb"\b" + re.escape(name.encode()) + rb"\.(\w+)\(")
    for m in call_text.finditer(func.text or b""):
        found = liveness.package.methods_named(m.group(1).decode())
        if len(found) != 1:
            continue
        file, _type, method = found[0]
        if b"go " in (method.text or b"") and gosyntax.descendants(method, "go_statement"):
            return liveness.functions.get(method, file)
    return None


def _made_by_a_constructor(liveness: Liveness, func: tree_sitter.Node, name: str) -> str | None:
    """`T` of `name := newT(...)` (or `name = newT(...)`, filling a local a lookup left
    empty), the result type of the package's function."""
    for decl in gosyntax.walk(func):
        if decl.type not in ("short_var_declaration", "assignment_statement"):
            continue
        left = gosyntax.field(decl, "left").named_children
        right = gosyntax.field(decl, "right").named_children
        if len(left) != 1 or len(right) != 1 or gosyntax.text(left[0]) != name:
            continue
        if right[0].type != "call_expression":
            return None
        fn = gosyntax.unparen(right[0].child_by_field_name("function"))
        node: tree_sitter.Node | None = None
        if fn is not None and fn.type == "selector_expression":
            # CONSTRUCTING_METHOD: `c.newProber(ep)`, the package's one method of that name.
            found = liveness.package.methods_named(gosyntax.text(gosyntax.field(fn, "field")))
            node = found[0][2] if len(found) == 1 else None
        else:
            declared = liveness.package.unique_function(gosyntax.callee_text(right[0]))
            node = declared.node if declared is not None else None
        results = gosyntax.result_types(node) if node is not None else []
        return base_type_name(results[0]) if results and results[0] is not None else None
    return None


def presence_guarded(store: tree_sitter.Node, func: tree_sitter.Node, map_field: str) -> bool:
    """MAY_HOLD_ONE's converse: the store sits under a test of the key's presence.
    STALE_CHECK: a lookup made before the function lets its lock go and takes it again
    (`RLock`, look up, `RUnlock`, ..., `Lock`, store) guards nothing: another caller may
    have stored under the key in between."""
    looked_up: set[str] = set()
    for n in gosyntax.walk(func):
        if n.type not in ("short_var_declaration", "assignment_statement"):
            continue
        values = gosyntax.field(n, "right").named_children
        if len(values) == 1 and gosyntax.indexed_field(values[0]) == map_field:
            if _relocked_between(func, n, store):
                continue
            looked_up |= {gosyntax.text(v) for v in gosyntax.field(n, "left").named_children} - {
                "_"
            }

    def tests_presence(branch: tree_sitter.Node) -> bool:
        tested = [branch.child_by_field_name(f) for f in ("condition", "value", "initializer")]
        for t in tested:
            if t is None:
                continue
            names = {gosyntax.text(x) for x in [t, *gosyntax.walk(t)] if x.type == "identifier"}
            if names & looked_up or any(
                gosyntax.indexed_field(x) == map_field for x in [t, *gosyntax.walk(t)]
            ):
                return True
        return False

    derived = _key_derived_inside(store, func, map_field)
    for a in gosyntax.ancestors(store, func):
        if a.type in ("if_statement", "expression_switch_statement") and tests_presence(a):
            if derived is not None and gosyntax.is_within(derived, a):
                continue  # DERIVED_KEY: the test was of another key
            return True

    def leaves_on_presence_alone(cond: tree_sitter.Node | None) -> bool:
        """PRESENCE_ALONE: the key's presence by itself makes the test true: the test,
        or one side of an `||`. `ok && cur.interval == d` leaves only for some of the
        present entries, and the others are replaced."""
        cond = gosyntax.unparen(cond)
        if cond is None:
            return False
        if cond.type == "binary_expression":
            operator = gosyntax.text(gosyntax.field(cond, "operator"))
            sides = [cond.child_by_field_name("left"), cond.child_by_field_name("right")]
            if operator == "||":
                return any(leaves_on_presence_alone(side) for side in sides)
            if operator == "&&":
                return False
            right = sides[1]
            if operator == "==" and right is not None and gosyntax.text(right) == "nil":
                return False  # ABSENCE_LEAVES: `if cur == nil { return }` stores over one
        if (
            cond.type == "unary_expression"
            and gosyntax.text(gosyntax.field(cond, "operator")) == "!"
        ):
            return False  # ABSENCE_LEAVES: `if !ok { return }`: what is stored replaces one
        names = {gosyntax.text(x) for x in [cond, *gosyntax.walk(cond)] if x.type == "identifier"}
        return bool(names & looked_up) or any(
            gosyntax.indexed_field(x) == map_field for x in [cond, *gosyntax.walk(cond)]
        )

    # `if _, ok := m[k]; ok { return }` before it: the store is reached only when free.
    for branch in gosyntax.walk(func):
        if (
            branch.type == "if_statement"
            and branch.end_byte <= store.start_byte
            and leaves_on_presence_alone(branch.child_by_field_name("condition"))
            and (consequence := branch.child_by_field_name("consequence")) is not None
            and paths.always_leaves(consequence)
        ):
            return True
    return False


def _key_derived_inside(
    store: tree_sitter.Node, func: tree_sitter.Node, map_field: str
) -> tree_sitter.Node | None:
    """DERIVED_KEY: the declaration, between a presence test and the store, of the local
    the store's key is (`name, known := canonicalProcess(process)` inside `if !ok`, then
    `r.drums[name] = d`): the test looked up another key (`r.drums[process]`), so an
    entry may already sit under this one (blind dev p553: an alias of a process name
    replaced the drum kept under its canonical name). Trade-off: a key computed anew
    that always equals the tested one is taken as another."""
    left = store.child_by_field_name("left")
    entry = next(
        (
            e
            for e in (left.named_children if left is not None else [])
            if gosyntax.indexed_field(e) == map_field
        ),
        None,
    )
    key = gosyntax.unparen(entry.child_by_field_name("index")) if entry is not None else None
    if key is None or key.type != "identifier":
        return None
    name = gosyntax.text(key)
    for decl in gosyntax.descendants(func, "short_var_declaration"):
        if decl.end_byte > store.start_byte:
            continue
        declared = decl.child_by_field_name("left")
        if declared is None or name not in {gosyntax.text(n) for n in declared.named_children}:
            continue
        value = decl.child_by_field_name("right")
        looked_up = value is not None and any(
            gosyntax.indexed_field(v) == map_field for v in value.named_children
        )
        if not looked_up and gosyntax.enclosing_function(decl) == func:
            return decl
    return None


_UNLOCK = re.compile(rb"\.R?Unlock\(\)")
_LOCK = re.compile(rb"\.R?Lock\(\)")


def _relocked_between(
    func: tree_sitter.Node, lookup: tree_sitter.Node, store: tree_sitter.Node
) -> bool:
    """STALE_CHECK: between the lookup and the store, the function lets a lock go
    (`m.mu.RUnlock()`) and then takes one again (`m.mu.Lock()`). Read by text."""
    if lookup.end_byte > store.start_byte:
        return False
    text = func.text or b""
    between = text[lookup.end_byte - func.start_byte : store.start_byte - func.start_byte]
    unlock = _UNLOCK.search(between)
    return unlock is not None and _LOCK.search(between, unlock.end()) is not None


def map_alias(ranged: tree_sitter.Node | None, map_field: str) -> bool:
    """MAP_ALIAS: `sessions` of `for _, s := range sessions` after `sessions :=
    g.sessions` in the same function (a `Close` that swaps the map out under its lock and
    stops what it held)."""
    ranged = gosyntax.unparen(ranged)
    func = gosyntax.enclosing_function(ranged) if ranged is not None else None
    if ranged is None or ranged.type != "identifier" or func is None:
        return False
    for decl in gosyntax.descendants(func, "short_var_declaration"):
        left = gosyntax.field(decl, "left").named_children
        right = gosyntax.field(decl, "right").named_children
        if (
            len(left) == 1
            and len(right) == 1
            and gosyntax.text(left[0]) == gosyntax.text(ranged)
            and gosyntax.selects_field(right[0], map_field)
        ):
            return True
    return _copied_from(func, gosyntax.text(ranged), map_field)


def _copied_from(func: tree_sitter.Node, name: str, map_field: str) -> bool:
    """COPIED_WALK: `zones` filled in the same function by `for _, z := range p.zones {
    zones = append(zones, z) }` (a `Close` that copies the entries under its lock and
    stops them after it)."""
    return _gathered_from_map(func, name, map_field, 1)


def _gathered_from_map(func: tree_sitter.Node, name: str, map_field: str, part: int) -> bool:
    """Does `func` fill `name` with the keys (`part` 0) or the values (1) of `x.map_field`
    (`for k, v := range p.zones { name = append(name, v) }`)?"""
    for clause in gosyntax.descendants(func, "range_clause"):
        if not gosyntax.selects_field(clause.child_by_field_name("right"), map_field):
            continue
        names = gosyntax.side_of(clause, "left")
        loop = clause.parent
        body = loop.child_by_field_name("body") if loop is not None else None
        if len(names) <= part or body is None:
            continue
        gathered = gosyntax.text(names[part])
        for stmt in gosyntax.statements(body):
            pair = gosyntax.sole_assignment(stmt)
            if pair is None or gosyntax.text(pair[0]) != name:
                continue
            grown = pair[1]
            if grown.type == "call_expression" and gosyntax.callee_text(grown) == "append":
                if [gosyntax.text(a) for a in gosyntax.call_arguments(grown)] == [name, gathered]:
                    return True
    return False


def _stops_or_deletes(
    liveness: Liveness,
    func: tree_sitter.Node,
    stop: Stoppable,
    map_field: str,
    store: tree_sitter.Node,
) -> bool:
    """NOT_STOPPED_HERE's converse: the function stops an object of the type (itself or
    through a helper, STOPPED_THROUGH_A_HELPER) or deletes from the map, other than in a
    sweep before the store (SWEPT_BEFORE)."""
    sweeps = _sweeps_before(func, map_field, store, stop)
    for n in gosyntax.walk(func):
        if n.type != "call_expression" or any(gosyntax.is_within(n, s) for s in sweeps):
            continue
        if stop.closed_itself and n.parent is not None and n.parent.type == "go_statement":
            continue  # the queue's own goroutine, started here, stops nothing of the map's
        if _stops(n, stop) is not None:
            return True
        fn = gosyntax.unparen(n.child_by_field_name("function"))
        args = gosyntax.call_arguments(n)
        if any(
            a.type == "identifier" and _stops_through_a_helper(liveness, n, gosyntax.text(a), stop)
            for a in args
        ):
            return True
        if (
            fn is not None
            and gosyntax.text(fn) == "delete"
            and args
            and gosyntax.selects_field(args[0], map_field)
        ):
            return True
    return False


def _stops(call: tree_sitter.Node, stop: Stoppable) -> str | None:
    """The holder `call` stops (`x` of `x.close()`, of `close(x.stop)`), or None."""
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is None:
        return None
    if fn.type == "selector_expression" and gosyntax.text(gosyntax.field(fn, "field")) in (
        stop.methods
    ):
        return gosyntax.text(gosyntax.field(fn, "operand"))
    if stop.part and fn.type == "selector_expression":
        # `s.outbox.close()`: the holder of the part (STOPPED_THROUGH_A_PART).
        part = gosyntax.field(fn, "operand")
        if (
            gosyntax.text(gosyntax.field(fn, "field")) in stop.part_methods
            and part.type == "selector_expression"
            and gosyntax.text(gosyntax.field(part, "field")) == stop.part
        ):
            return gosyntax.text(gosyntax.field(part, "operand"))
    if stop.closed_itself and gosyntax.text(fn) == "close":
        args = gosyntax.call_arguments(call)
        closed = gosyntax.unparen(args[0]) if len(args) == 1 else None
        return gosyntax.text(closed) if closed is not None else None
    if stop.closed_field and gosyntax.text(fn) == "close":
        args = gosyntax.call_arguments(call)
        closed = gosyntax.unparen(args[0]) if args else None
        if (
            closed is not None
            and closed.type == "selector_expression"
            and gosyntax.text(gosyntax.field(closed, "field")) == stop.closed_field
        ):
            return gosyntax.text(gosyntax.field(closed, "operand"))
    return None


def _sweeps_before(
    func: tree_sitter.Node, map_field: str, store: tree_sitter.Node, stop: Stoppable
) -> list[tree_sitter.Node]:
    """SWEPT_BEFORE: the loops of `func` that end before the store, range over the map
    field, and stop each entry only together with its delete (`close(p.stop);
    delete(c.probers, name)` in one block): an entry still in the map after such a sweep
    was not stopped by it, so the sweep does not stop what the store replaces.
    Trade-off: a sweep that stops an entry and deletes it in a nested block is not one,
    and the store stays unreported."""
    out: list[tree_sitter.Node] = []
    for clause in gosyntax.descendants(func, "range_clause"):
        loop = clause.parent
        left = clause.child_by_field_name("left")
        keys = left.named_children if left is not None else []
        if (
            loop is None
            or loop.end_byte > store.start_byte
            or not keys
            or not gosyntax.selects_field(clause.child_by_field_name("right"), map_field)
        ):
            continue
        key = gosyntax.text(keys[0])
        body = loop.child_by_field_name("body")
        if body is None:
            continue
        stops = [n for n in gosyntax.walk(body) if n.type == "call_expression" and _stops(n, stop)]
        if stops and all(_deleted_beside(s, map_field, key) for s in stops):
            out.append(loop)
    return out


def _deleted_beside(stop_call: tree_sitter.Node, map_field: str, key: str) -> bool:
    """Is `delete(x.map_field, key)` a statement of the block the stop is in?"""
    statement = gosyntax.innermost_statement(stop_call)
    block = statement.parent if statement is not None else None
    for s in gosyntax.statements(block) if block is not None else []:
        call = (
            s.named_children[0] if s.type == "expression_statement" and s.named_children else None
        )
        args = (
            gosyntax.call_arguments(call)
            if call is not None and call.type == "call_expression"
            else []
        )
        if (
            call is not None
            and gosyntax.callee_text(call) == "delete"
            and len(args) == 2
            and gosyntax.selects_field(args[0], map_field)
            and gosyntax.text(args[1]) == key
        ):
            return True
    return False


def _walk_stopping(
    liveness: Liveness, map_field: str, stop: Stoppable, func: tree_sitter.Node | None = None
) -> tuple[tree_sitter.Node, SourceFile] | None:
    """STOPPED_BY_WALKING_THE_MAP: (the stopping call, its file) in a `for _, v := range
    x.map_field` that calls a stopping method on `v` (or closes its stop field); one
    outside `func` (the storing function) first, as the place to show."""
    walks = list(_stopping_walks(liveness, map_field, stop))

    def plainest(walk: tuple[tree_sitter.Node, SourceFile]) -> tuple[bool, bool]:
        # Outside the storing function first, then a stop of every entry (not one under
        # an `if` of the walk, such as an idle kick).
        call = walk[0]
        loop = next((a for a in gosyntax.ancestors(call) if a.type == "for_statement"), None)
        guarded = loop is not None and any(
            a.type == "if_statement" for a in gosyntax.ancestors(call, loop)
        )
        return gosyntax.enclosing_function(call) == func, guarded

    return min(walks, key=plainest, default=None)


def _stopping_walks(
    liveness: Liveness, map_field: str, stop: Stoppable
) -> Iterator[tuple[tree_sitter.Node, SourceFile]]:
    needle = b"." + map_field.encode()
    for f in liveness.package.files:
        if needle not in f.data or b"range" not in f.data:
            continue
        for clause in gosyntax.descendants(f.root, "range_clause"):
            ranged = clause.child_by_field_name("right")
            values = [gosyntax.text(v) for v in gosyntax.side_of(clause, "left")]
            value: str | None = None
            key: str | None = None
            if gosyntax.selects_field(ranged, map_field) or map_alias(ranged, map_field):
                key = values[0] if values else None
                value = values[1] if len(values) >= 2 else None
            elif _keys_copied(ranged, map_field):
                key = values[1] if len(values) >= 2 else None
            if value is None and key is None:
                continue
            loop = clause.parent
            body = loop.child_by_field_name("body") if loop is not None else None
            for n in gosyntax.walk(body) if body is not None else ():
                if n.type != "call_expression":
                    continue
                if value is not None and (
                    _stops(n, stop) == value or _stops_through_a_helper(liveness, n, value, stop)
                ):
                    yield n, f
                    break
                if key is not None and _stops_through_a_helper(
                    liveness, n, key, stop, looked_up_in=map_field
                ):
                    yield n, f
                    break


def _keys_copied(ranged: tree_sitter.Node | None, map_field: str) -> bool:
    """KEYS_COPIED_WALK: `presses` of `for _, p := range presses`, filled in the same
    function by `for p := range h.runs { presses = append(presses, p) }` (a `Close` that
    collects the keys under its lock and ends each entry by its key after it)."""
    ranged = gosyntax.unparen(ranged)
    func = gosyntax.enclosing_function(ranged) if ranged is not None else None
    if ranged is None or ranged.type != "identifier" or func is None:
        return False
    return _gathered_from_map(func, gosyntax.text(ranged), map_field, 0)


def _stops_through_a_helper(
    liveness: Liveness,
    call: tree_sitter.Node,
    value: str,
    stop: Stoppable,
    looked_up_in: str | None = None,
) -> bool:
    """STOPPED_THROUGH_A_HELPER: `s.removeLocked(p)`, a call of the package's one function
    or method of that name handed `value`, whose body stops the parameter it binds
    (`p.close()`; blind dev p318's shutdown). With `looked_up_in` (the map's field),
    `value` is a key: the helper stops the entry it looks up by that parameter
    (`run, ok := h.runs[press]; ...; close(run.readings)`, STOPPED_BY_ITS_KEY). One call
    deep: a helper of a helper is not read, and the walk is then not seen as stopping."""
    args = gosyntax.call_arguments(call)
    at = next((i for i, a in enumerate(args) if gosyntax.text(a) == value), None)
    if at is None:
        return False
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is None:
        return False
    if fn.type == "selector_expression":
        found = liveness.package.methods_named(gosyntax.text(gosyntax.field(fn, "field")))
        helper = found[0][2] if len(found) == 1 else None
    elif fn.type == "identifier":
        declared = liveness.package.unique_function(gosyntax.text(fn))
        helper = declared.node if declared is not None else None
    else:
        helper = None
    params = gosyntax.parameters(helper) if helper is not None else []
    body = helper.child_by_field_name("body") if helper is not None else None
    if body is None or at >= len(params) or not params[at][0]:
        return False
    name = params[at][0]
    stopped = {name}
    if looked_up_in is not None:
        stopped = _entries_looked_up(body, looked_up_in, name)
    return any(_stops(n, stop) in stopped for n in gosyntax.descendants(body, "call_expression"))


def _entries_looked_up(body: tree_sitter.Node, map_field: str, key: str) -> set[str]:
    """The names a body gives the entry it looks up by `key` (`run` of `run, ok :=
    h.runs[press]`)."""
    names: set[str] = set()
    for decl in gosyntax.descendants(body, "short_var_declaration"):
        left = gosyntax.side_of(decl, "left")
        right = gosyntax.side_of(decl, "right")
        if len(right) != 1 or not left or gosyntax.indexed_field(right[0]) != map_field:
            continue
        index = gosyntax.unparen(right[0])
        index = index.child_by_field_name("index") if index is not None else None
        if index is not None and gosyntax.text(index) == key:
            names.add(gosyntax.text(left[0]))
    return names


@dataclass(frozen=True)
class DeletedEntry:
    delete: tree_sitter.Node  # `delete(p.backends, addr)` (its statement)
    map_text: str  # `p.backends`
    key: str  # `addr`
    holder: str  # the entry's value bound in the function (`b`), or ""
    constructor: Function
    stop: Stoppable
    cleanup: tree_sitter.Node
    cleanup_file: SourceFile


def deleted_entries(liveness: Liveness, deletes: Iterable[tree_sitter.Node]) -> list[DeletedEntry]:
    """Among `deletes` (the file's `delete(x.m, k)` statements being checked), those that
    drop a stoppable entry without stopping it while the package stops only the entries
    still in the map (DELETED_UNSTOPPED, the replaced entry's twin):

        for addr, b := range p.backends {
                if !keep[addr] {
                        b.closeIdleLocked()
                        delete(p.backends, addr)   // b's warmLoop is never stopped
                }
        }

    Guards: STOPPED_BY_WALKING_THE_MAP and NOT_STOPPED_HERE as for a store (the deleting
    function calls no stopping method of the type); STOPPED_BY_THE_CALLER: no caller of
    the deleting function calls one either (a `remove(k)` helper that `Close` calls
    after stopping); HELD_ONLY_HERE: the entry's value, when the function takes it,
    goes nowhere (no argument, send, store or return of it; its own non-stopping
    methods and fields are fine): a value handed on may be stopped by its new owner."""
    out: list[DeletedEntry] = []
    for stmt in deletes:
        call = stmt.named_children[0] if stmt.named_children else None
        args = gosyntax.call_arguments(call) if call is not None else []
        if len(args) != 2:
            continue
        target = gosyntax.unparen(args[0])
        if target is None or target.type != "selector_expression":
            continue
        map_field = gosyntax.text(gosyntax.field(target, "field"))
        made = _stoppable_entries(liveness, map_field)
        if made is None:
            continue
        constructor, stop = made
        func = gosyntax.enclosing_function(stmt)
        if func is None or func.type == "func_literal":
            continue
        if _calls_a_stopper(func, stop.methods) or _a_caller_stops(liveness, func, stop.methods):
            continue
        holder = _entry_value(func, stmt, map_field, args[1])
        if holder is None:
            continue  # HELD_ONLY_HERE: the value is handed on
        cleanup = _walk_stopping(liveness, map_field, stop)
        if cleanup is None or gosyntax.enclosing_function(cleanup[0]) == func:
            continue
        out.append(
            DeletedEntry(
                stmt,
                gosyntax.text(target),
                gosyntax.text(args[1]),
                holder,
                constructor,
                stop,
                cleanup[0],
                cleanup[1],
            )
        )
    return out


def map_stores(
    files: Iterable[SourceFile], map_field: str | None = None
) -> Iterator[tuple[SourceFile, tree_sitter.Node]]:
    """(file, assignment) for each `x.map_field[k] = ...` of the files (any map field when
    `map_field` is None), found by text first."""
    name = re.escape(map_field.encode()) if map_field is not None else rb"\w+"
    store_text = re.compile(rb"\." + name + rb"\[[^\]\n]*\]\s*=[^=]")
    for f in files:
        for m in store_text.finditer(f.data):
            stmt = f.root.descendant_for_byte_range(m.start() + 1, m.start() + 2)
            while stmt is not None and stmt.type != "assignment_statement":
                stmt = stmt.parent
            if stmt is not None:
                yield f, stmt


def _stoppable_entries(liveness: Liveness, map_field: str) -> tuple[Function, Stoppable] | None:
    """(constructor, goroutine) of the stoppable objects the package stores in
    `x.map_field[k]`: the first store of a constructed one, or of one started beside."""
    for f, stmt in map_stores(liveness.package.files, map_field):
        right = gosyntax.field(stmt, "right").named_children
        if len(right) != 1:
            continue
        value = right[0]
        if value.type == "call_expression":
            made = constructed(liveness, value)
        elif value.type == "identifier" and f.path == liveness.file.path:
            made = _started_beside(liveness, stmt, value)
        else:
            made = None
        if made is not None:
            return made
    return None


def _calls_a_stopper(func: tree_sitter.Node, methods: Iterable[str]) -> bool:
    names = set(methods)
    for n in gosyntax.walk(func):
        if n.type != "call_expression":
            continue
        fn = gosyntax.unparen(n.child_by_field_name("function"))
        if fn is not None and fn.type == "selector_expression":
            if gosyntax.text(gosyntax.field(fn, "field")) in names:
                return True
    return False


def _a_caller_stops(liveness: Liveness, func: tree_sitter.Node, methods: Iterable[str]) -> bool:
    """STOPPED_BY_THE_CALLER: some function calling the deleting one calls a stopping
    method too."""
    target = liveness.functions.get(func, liveness.file)
    return any(
        _calls_a_stopper(caller.node, methods)
        for _call, caller in liveness.functions.call_sites(target)
    )


def _entry_value(
    func: tree_sitter.Node, delete: tree_sitter.Node, map_field: str, key: tree_sitter.Node
) -> str | None:
    """HELD_ONLY_HERE: the name the function holds the deleted entry's value under (the
    value of `for k, v := range x.m`, or of `v, ok := x.m[k]`), "" when it holds none;
    None when that value is handed on."""
    holder = ""
    for clause in gosyntax.descendants(func, "range_clause"):
        left = clause.child_by_field_name("left")
        names = left.named_children if left is not None else []
        loop = clause.parent
        if (
            len(names) == 2
            and gosyntax.selects_field(clause.child_by_field_name("right"), map_field)
            and gosyntax.text(names[0]) == gosyntax.text(key)
            and loop is not None
            and gosyntax.is_within(delete, loop)
        ):
            holder = gosyntax.text(names[1])
    for decl in gosyntax.descendants(func, "short_var_declaration"):
        bound = gosyntax.field(decl, "left").named_children
        values = gosyntax.field(decl, "right").named_children
        if len(values) == 1 and bound and gosyntax.indexed_field(values[0]) == map_field:
            holder = holder or gosyntax.text(bound[0])
    if not holder or holder == "_":
        return ""
    for n in gosyntax.walk(func, skip_functions=False):
        if n.type != "identifier" or gosyntax.text(n) != holder:
            continue
        parent = n.parent
        if parent is None:
            continue
        if parent.type == "selector_expression" and parent.child_by_field_name("operand") == n:
            continue  # `b.retired = true`, `b.closeIdleLocked()`
        if (
            parent.type in ("expression_list", "range_clause")
            and parent.parent is not None
            and (
                parent.parent.type in ("range_clause", "short_var_declaration", "for_statement")
                or parent.type == "range_clause"
            )
        ):
            continue  # where it is bound
        return None  # an argument, a send, a store, a return: handed on
    return holder
