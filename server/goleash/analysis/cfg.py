"""A control-flow graph per function, with the concurrency events on its nodes.

Built from tree-sitter statements for functions that touch a concurrency primitive:
`if`/`else`, `switch` and type switches, `select` (one edge per case; `default`
makes the select non-blocking), `for` and `range` with back edges, labelled
`break`/`continue`, `goto`, and the ways out: `return`, falling off the end,
`panic`/`os.Exit`/`log.Fatal` (the process ends), `t.Fatal`/`t.FailNow`/`t.Skip`
(a test that stops) and `runtime.Goexit`.

Events on nodes, in evaluation order: channel send/receive/close and the receive
of a `range` over a channel (each with the select case it belongs to), spawns (`go`,
`X.Go(func...)`), calls, defers, WaitGroup `Add`/`Done`/`Wait`, `Lock`/`Unlock`
(read locks distinguished) and calls of local function values (a context's cancel).

Each `for` is a `Loop`: its header node, the nodes of its body, and a *symbol* for
its trip count (the slice it ranges over, the bound it counts to, or a constant),
which lets the counting analysis match a loop of sends with a loop of receives over
the same collection.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis import paths, testing_calls
from goleash.analysis.counts import Symbol
from goleash.analysis.sealed_switches import (
    covers_every_implementation,
    lists_every_allowed_value,
)

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.analysis.scopes import Var
    from goleash.analysis.values import Ref, Resolver

# Terminal node kinds: where a path through the function ends.
RETURN, END, ABORT, TESTFAIL, FOREVER = "return", "end", "abort", "testfail", "forever"
TERMINALS = frozenset({RETURN, END, ABORT, TESTFAIL, FOREVER})
# Ends of a path that leave the function normally (its deferred calls run, its caller goes on).
NORMAL_EXITS = frozenset({RETURN, END})

MAX_NESTING = 150  # deeper code is skipped rather than risk Python's recursion limit


# The expressions that are events themselves (a receive is a unary `<-`).
_EVENT_NODES = frozenset({"unary_expression", "send_statement", "call_expression"})


class TooComplex(Exception):
    """The function nests deeper than we analyse."""


@dataclass(eq=False)
class Case:
    select: tree_sitter.Node  # select_statement node
    node: tree_sitter.Node  # communication_case / default_case node
    blocking: bool  # False when the select has a default case
    # POLL_OR_FAIL: the select's default case fails the test (`default: t.Fatal(...)`):
    # on every passing run, one of the other cases happened.
    default_fails: bool = False


@dataclass(eq=False)
class Event:
    kind: str  # send recv close range spawn call defer add done wait lock unlock rlock runlock callvar
    node: tree_sitter.Node  # the AST node to point at
    ref: Ref | None = None  # what it acts on (values.Ref), when known
    case: Case | None = None  # the select case, for a communication
    call: tree_sitter.Node | None = None  # call_expression for spawn/call/defer/callvar
    target: tree_sitter.Node | None = None  # for spawn/call/defer: the func_literal, when it is one
    arg: tree_sitter.Node | None = None  # for add: the count expression

    @property
    def blocking(self) -> bool:
        return self.case is None or self.case.blocking


@dataclass(eq=False)
class Node:
    id: int
    kind: (
        str  # entry, stmt, cond, select, case, header, return, end, abort, testfail, forever, join
    )
    ast: tree_sitter.Node | None  # None only for the fork before a call that may panic (_may_panic)
    events: list[Event] = field(default_factory=list)
    succ: list[Node] = field(default_factory=list)
    loop: Loop | None = None  # innermost loop holding this node (a header holds itself)
    recovered: bool = False  # a way out a panic takes through the function's deferred recover()
    arm: tuple[Node, bool] | None = (
        None  # for the first node of an if's arm: (the condition node, True/False)
    )

    @property
    def terminal(self) -> bool:
        return self.kind in TERMINALS

    def __repr__(self) -> str:
        line = self.ast.start_point[0] + 1 if self.ast is not None else 0
        return f"<{self.kind}#{self.id}@{line}>"


@dataclass(eq=False)
class Loop:
    stmt: tree_sitter.Node  # for_statement
    header: Node
    parent: Loop | None
    symbol: Symbol  # ("range", text) / ("count", text) / ("const", n) / ("unique", id)
    infinite: bool  # `for { }`: no normal exit
    range_ref: Ref | None = None  # the channel a `for range ch` receives from
    # The channel a `for { v, ok := <-ch; if !ok { return } ... }` loop drains: like a
    # range, it receives until the channel is closed.
    drain_ref: Ref | None = None
    drain_exits: frozenset[int] = frozenset()  # start bytes of the returns/breaks taken when `!ok`
    # UNTIL_CLOSED: the drain's receive, as a range over `drain_ref` at the statement that
    # waits (the `select`, or the receive), when the loop has no way out but `!ok`: like a
    # `for range`, it waits until someone closes the channel. Kept off the nodes' events.
    drain_event: Event | None = None
    nodes: set[int] = field(
        default_factory=set
    )  # ids of the nodes it holds, nested loops' included
    after: Node | None = None  # where the normal exit and plain breaks go

    def holds(self, node: Node) -> bool:
        return node.id in self.nodes


def reaches(start: Node, target: Node, blocked: Callable[[Event], bool] | None = None) -> bool:
    """Is there a path from `start` to `target` that passes no node (other than `start`)
    holding an event for which `blocked(event)` is true?"""
    stack, seen = [start], set[int]()
    while stack:
        n = stack.pop()
        if n.id in seen:
            continue
        seen.add(n.id)
        if n is target:
            return True
        if blocked is not None and n is not start and any(blocked(e) for e in n.events):
            continue
        stack.extend(n.succ)
    return False


def first_normal_exit(
    starts: Iterable[Node], step: Callable[[Node], Iterable[Node] | None]
) -> Node | None:
    """The first `return` or end of the function reached from `starts`, where `step(n)`
    says where to go on from `n`: None for all its successors, else the nodes given
    (none: the path stops there). A path that ends the process or a test stops."""
    stack = list(starts)
    seen: set[int] = set()
    while stack:
        n = stack.pop()
        if n.id in seen:
            continue
        seen.add(n.id)
        onward = step(n)
        if onward is not None:
            stack.extend(onward)
            continue
        if n.terminal:
            if n.kind in NORMAL_EXITS:
                return n
            continue
        stack.extend(n.succ)
    return None


class CFG:
    def __init__(self, func: tree_sitter.Node, resolver: Resolver) -> None:
        self.func = func
        self.resolver = resolver
        self.nodes: list[Node] = []
        self.loops: list[Loop] = []
        self.irreducible = False  # a backward goto: counting gives up
        self.by_start: dict[
            tuple[int, str], Node
        ] = {}  # (start byte, node type) of a statement -> its node
        self.entry = self._new("entry", func)
        self._labels: dict[str, Node] = {}
        self._gotos: list[tuple[Node, str]] = []
        self._depth = 0
        body = func.child_by_field_name("body")
        # COUNTED_ADD: the steps of a counter later handed to `wg.Add(n)`, as Adds.
        self._counter_adds: dict[int, Event] = {}
        self._folded_adds: set[int] = set()
        if body is not None and _ADD_OF_A_NAME.search(body.text or b""):
            self._find_counted_adds(func, body)
        ends = self._block(body, [self.entry], _Targets()) if body is not None else [self.entry]
        closing = body.children[-1] if body is not None and body.children else func
        self.end = self._new(END, closing)
        self._link(ends, self.end)
        for src, label in self._gotos:
            dst = self._labels.get(label)
            if dst is None:
                continue
            src.succ.append(dst)
            if dst.id <= src.id:
                self.irreducible = True

    def nodes_events(self) -> Iterator[Event]:
        for n in self.nodes:
            yield from n.events

    def unreached(self, avoiding: Collection[int]) -> set[int]:
        """The nodes (by id) no path from the entry reaches without passing one of the
        nodes (by id) in `avoiding`; those count as unreached themselves."""
        reached = {self.entry.id}
        stack = [self.entry]
        while stack:
            for succ in stack.pop().succ:
                if succ.id not in reached and succ.id not in avoiding:
                    reached.add(succ.id)
                    stack.append(succ)
        return {n.id for n in self.nodes if n.id not in reached}

    def node_of(self, ast: tree_sitter.Node | None) -> Node | None:
        """The node of the statement holding `ast` (None when it is not in this function's body)."""
        stmt = ast
        while stmt is not None:
            hit = self.by_start.get((stmt.start_byte, stmt.type))
            if hit is not None and hit.ast == stmt:
                return hit
            if stmt.type in gosyntax.FUNCTION_TYPES:
                return None
            stmt = stmt.parent
        return None

    # -- helpers -----------------------------------------------------------

    def _new(self, kind: str, ast: tree_sitter.Node | None, loop: Loop | None = None) -> Node:
        n = Node(len(self.nodes), kind, ast, loop=loop if loop is not None else self._loop)
        self.nodes.append(n)
        if ast is not None:
            self.by_start.setdefault((ast.start_byte, ast.type), n)
        if n.loop is not None:
            lp: Loop | None = n.loop
            while lp is not None:
                lp.nodes.add(n.id)
                lp = lp.parent
        return n

    _loop: Loop | None = None

    @staticmethod
    def _link(preds: list[Node], node: Node) -> None:
        for p in preds:
            if node not in p.succ:
                p.succ.append(node)

    # The `defer func() { ... recover() ... }()` (or a deferred function of the package
    # that recovers) seen so far in this function's body.
    _recovers: tree_sitter.Node | None = None
    # RECOVERED_TEST_FAILS: a test whose deferred recover reports the panic (`t.Errorf(
    # "panic: %v", r)`) fails on every panicking path: those paths are failing-test ends.
    _recovery_fails_test: bool = False

    def _seq(
        self, preds: list[Node], kind: str, ast: tree_sitter.Node, events: list[Event]
    ) -> list[Node]:
        if (
            self._recovers is not None
            and kind == "stmt"
            and any(
                e.kind in ("call", "callvar")
                and not (e.call is not None and gosyntax.callee_text(e.call) in _CANNOT_PANIC)
                and not (e.call is not None and self._calm_package_call(e.call))
                for e in events
            )
        ):
            preds = self._may_panic(preds)
        n = self._new(kind, ast)
        n.events = events
        self._link(preds, n)
        return [n]

    def _defers_recover(self, call: tree_sitter.Node) -> bool:
        """`defer p.recoverPlugin(r)`: a function or method of the package, deferred
        directly, that calls `recover()` (which then stops the panic, as in a literal)."""
        decl = self.resolver.callee(call)
        return decl is not None and calls_recover(decl.node)

    def _calm_package_call(self, call: tree_sitter.Node) -> bool:
        """Heuristic CALM_PACKAGE_CALLS: a function or method of the package whose own
        body never calls `panic` is not where the recovered panic is expected (ristretto's
        `p.Add(1, 1)` before the `p.Close()` its test's recover is about). Trade-off: a
        runtime panic in it (a nil map, an index), or one raised by what it calls, is
        not a way out here."""
        decl = self.resolver.callee(call)
        if decl is None:
            return False
        body = decl.node.child_by_field_name("body")
        return (
            body is not None
            and b"panic(" not in (body.text or b"")
            and not _runs_handed_code(decl.node, self.resolver.package)
        )

    def _may_panic(self, preds: list[Node]) -> list[Node]:
        """Heuristic RECOVER_MEANS_PANICS: a function that recovers from panics expects
        the calls it makes to panic. Before each statement that calls something, a way
        out: the deferred recover returns the function without the rest of the path.
        Trade-off: a send after a call that cannot really panic is judged skippable in
        such functions."""
        fork = self._new("stmt", None)
        self._link(preds, fork)
        out = self._new(TESTFAIL if self._recovery_fails_test else RETURN, self._recovers)
        out.recovered = True
        self._link([fork], out)
        return [fork]

    # -- statements --------------------------------------------------------

    def _block(
        self, block: tree_sitter.Node | None, preds: list[Node], targets: _Targets
    ) -> list[Node]:
        for s in gosyntax.statements(block):
            preds = self._stmt(s, preds, targets)
        return preds

    def _stmt(
        self, s: tree_sitter.Node, preds: list[Node], targets: _Targets, label: str | None = None
    ) -> list[Node]:
        self._depth += 1
        if self._depth > MAX_NESTING:
            raise TooComplex
        try:
            return self._stmt_inner(s, preds, targets, label)
        finally:
            self._depth -= 1

    def _stmt_inner(
        self, s: tree_sitter.Node, preds: list[Node], targets: _Targets, label: str | None
    ) -> list[Node]:
        t = s.type
        if t == "comment" or t == "empty_statement":
            return preds
        if not preds:
            # Unreachable code (after a return); still graphed so its events exist, unreached.
            preds = []
        if t == "block":
            return self._block(s, preds, targets)
        if t == "labeled_statement":
            name = s.child_by_field_name("label")
            inner = gosyntax.labeled_statement_body(s)
            mark = self._new("join", s)
            self._link(preds, mark)
            if name is not None:
                self._labels[gosyntax.text(name)] = mark
            if inner is None:
                return [mark]
            return self._stmt(
                inner, [mark], targets, gosyntax.text(name) if name is not None else None
            )
        if t == "if_statement":
            return self._if(s, preds, targets)
        if t == "for_statement":
            return self._for(s, preds, targets, label)
        if t in ("expression_switch_statement", "type_switch_statement"):
            return self._switch(s, preds, targets, label)
        if t == "select_statement":
            return self._select(s, preds, targets, label)
        if t == "return_statement":
            # `t.Errorf(...); return`: a way out that exists only in a test that already failed.
            n = self._new(TESTFAIL if self._after_test_failure(s) else RETURN, s)
            n.events = self._events(s)
            self._link(preds, n)
            return []
        if t in ("break_statement", "continue_statement"):
            # A node of its own: the way a loop is left early is worth naming in a message.
            preds = self._seq(preds, "jump", s, [])
            label = _label_of(s)
            dst = (
                targets.break_target(label)
                if t == "break_statement"
                else targets.continue_target(label)
            )
            if dst is not None:
                dst.extend(preds)
            return []
        if t == "goto_statement":
            n = self._new("stmt", s)
            self._link(preds, n)
            lbl = _label_of(s)
            if lbl is not None:
                self._gotos.append((n, lbl))
            return []
        if t == "fallthrough_statement":
            targets.fallthrough.extend(preds)
            return []
        if t == "go_statement":
            return self._seq(preds, "stmt", s, self._go_events(s))
        if t == "defer_statement":
            call = s.named_children[0] if s.named_children else None
            events: list[Event] = []
            if call is not None and call.type == "call_expression":
                events = (
                    self._events(call.child_by_field_name("arguments"))
                    if call.child_by_field_name("arguments") is not None
                    else []
                )
                fn = gosyntax.unparen(call.child_by_field_name("function"))
                if fn is not None and fn.type == "call_expression":
                    # DEFERRED_RESULT_ONLY: `defer q.Start(n)()` runs Start now (its
                    # goroutines start here) and defers only the function it returns.
                    events = self._events(fn) + events
                events.append(
                    Event(
                        "defer",
                        s,
                        call=call,
                        target=fn if fn is not None and fn.type == "func_literal" else None,
                    )
                )
                if fn is not None and (
                    calls_recover(fn) if fn.type == "func_literal" else self._defers_recover(call)
                ):
                    out = self._seq(preds, "stmt", s, events)
                    self._recovers = s
                    self._recovery_fails_test = fn.type == "func_literal" and any(
                        n.type == "call_expression"
                        and testing_calls.test_method(n, self.resolver) in _FAILING_TEST
                        for n in gosyntax.walk(fn)
                    )
                    return out
            return self._seq(preds, "stmt", s, events)
        if t == "expression_statement":
            inner = s.named_children[0] if s.named_children else None
            events = self._events(s)
            stop = self._stopping_call(inner)
            if stop is not None:
                assert inner is not None  # the stopping call
                n = self._new(stop, s)
                n.events = events
                n.recovered = (
                    stop == RETURN
                    and self._recovers is not None
                    and gosyntax.callee_text(inner) == "panic"
                )
                self._link(preds, n)
                return []
            return self._seq(preds, "stmt", s, events)
        # send_statement, assignments, declarations, inc/dec ...
        return self._seq(preds, "stmt", s, self._events(s))

    def _head(
        self, s: tree_sitter.Node, expr_field: str, preds: list[Node], targets: _Targets
    ) -> Node:
        """The node that evaluates an `if`'s condition or a `switch`'s value (`expr_field`),
        after the statement's initializer (`if v, ok := m[k]; ok`)."""
        init = s.child_by_field_name("initializer")
        if init is not None:
            preds = self._stmt(init, preds, targets)
        expr = s.child_by_field_name(expr_field)
        head = self._new("cond", s)
        head.events = self._events(expr) if expr is not None else []
        self._link(preds, head)
        return head

    def _if(self, s: tree_sitter.Node, preds: list[Node], targets: _Targets) -> list[Node]:
        # An `else if` chain is followed in a loop, not by recursion: a chain of a
        # thousand arms is flat code, not deep nesting (MAX_NESTING does not count it).
        out: list[Node] = []
        while True:
            c = self._head(s, "condition", preds, targets)
            # One node per arm, so an analysis can tell which way the condition went.
            yes = self._new("arm", s.child_by_field_name("consequence") or s)
            no = self._new("arm", s.child_by_field_name("alternative") or s)
            yes.arm, no.arm = (c, True), (c, False)
            if not self._never_false_ok(s.child_by_field_name("condition")):
                self._link([c], yes)
            self._link([c], no)
            out += self._block(s.child_by_field_name("consequence"), [yes], targets)
            alt = s.child_by_field_name("alternative")
            if alt is None:
                return out + [no]
            if alt.type != "if_statement":
                return out + self._block(alt, [no], targets)
            s, preds = alt, [no]

    def _for(
        self, s: tree_sitter.Node, preds: list[Node], targets: _Targets, label: str | None
    ) -> list[Node]:
        clause, cond_expr = _loop_header(s)
        range_ref = None
        infinite = False
        if clause is None:
            infinite = cond_expr is None or cond_expr.type == "true"
        elif clause.type == "for_clause":
            init = clause.child_by_field_name("initializer")
            if init is not None:
                preds = self._stmt(init, preds, targets)
            infinite = cond_expr is None
        else:
            right = clause.child_by_field_name("right")
            preds = self._seq(
                preds, "stmt", clause, self._events(right) if right is not None else []
            )
            range_ref = self._channel_range(right)
            # TICKS_NEVER_END: a ticker's or timer's channel is never closed (`Stop` does
            # not close it), so a range over it only ends by a jump out of its body.
            infinite = ranges_over_ticks(self.resolver, right)
        outer = self._loop
        header = Node(len(self.nodes), "header", s)
        self.nodes.append(header)
        # A range over a channel runs until the channel is closed: no count to match.
        symbol: Symbol = (
            ("drain", s.start_byte) if range_ref is not None else self._symbol(s, clause, cond_expr)
        )
        skip = _leading_filter(s, clause, label) if symbol[0] == "range" else None
        if skip is not None and not _filtered_everywhere(s, str(symbol[1]), skip[1]):
            skip = None
        if skip is not None:
            # FILTERED_RANGE: the trip count is that of the items the filter lets through.
            symbol = ("range", f"{symbol[1]}|{skip[1]}")
        drain = self._comma_ok_drain(s) if range_ref is None else None
        loop = Loop(
            s,
            header,
            outer,
            symbol,
            infinite,
            range_ref,
            drain_ref=drain[0] if drain else None,
            drain_exits=drain[1] if drain else frozenset(),
            drain_event=drain[2] if drain else None,
        )
        self.loops.append(loop)
        self.by_start.setdefault((s.start_byte, s.type), header)
        header.loop = loop
        lp: Loop | None = loop
        while lp is not None:
            lp.nodes.add(header.id)
            lp = lp.parent
        if range_ref is not None:
            header.events = [Event("range", s, ref=range_ref)]
        elif (
            cond_expr is not None and clause is not None and clause.type == "for_clause"
        ) or cond_expr is not None:
            header.events = self._events(cond_expr)
        self._link(preds, header)
        breaks: list[Node] = []
        continues: list[Node] = []
        self._loop = loop
        try:
            inner = targets.nested(label, breaks, continues)
            ends = [header]
            for stmt in gosyntax.statements(s.child_by_field_name("body")):
                if skip is None or stmt != skip[0]:
                    ends = self._stmt(stmt, ends, inner)
            ends = ends + continues
            update = (
                clause.child_by_field_name("update")
                if clause is not None and clause.type == "for_clause"
                else None
            )
            if update is not None:
                ends = self._seq(ends, "stmt", update, self._events(update))
            self._link(ends, header)
        finally:
            self._loop = outer
        after = self._new("join", s)
        loop.after = after
        if not infinite:
            header.succ.append(after)
        self._link(breaks, after)
        return [after]

    def _switch(
        self, s: tree_sitter.Node, preds: list[Node], targets: _Targets, label: str | None
    ) -> list[Node]:
        head = self._head(s, "value", preds, targets)
        breaks: list[Node] = []
        out: list[Node] = []
        cases = [
            c
            for c in s.named_children
            if c.type in ("expression_case", "type_case", "default_case")
        ]
        has_default = any(c.type == "default_case" for c in cases)
        fall: list[Node] = []
        for case in cases:
            entry = self._new("case", case)
            if case.type == "expression_case":
                v = case.child_by_field_name("value")
                entry.events = self._events(v) if v is not None else []
            self._link([head], entry)
            self._link(fall, entry)
            inner = targets.nested_switch(label, breaks)
            ends = self._block(case, [entry], inner)
            fall = inner.fallthrough
            out.extend(ends)
        if (
            not has_default
            and not (
                s.type == "type_switch_statement" and covers_every_implementation(s, self.resolver)
            )
            and not (
                s.type == "expression_switch_statement"
                and lists_every_allowed_value(s, self.resolver)
            )
        ):
            out.append(head)  # no case matches
        return out + breaks

    def _select(
        self, s: tree_sitter.Node, preds: list[Node], targets: _Targets, label: str | None
    ) -> list[Node]:
        cases = [c for c in s.named_children if c.type in ("communication_case", "default_case")]
        head = self._new("select", s)
        self._link(preds, head)
        if not cases:
            forever = self._new(FOREVER, s)
            self._link([head], forever)
            return []
        default = next((c for c in cases if c.type == "default_case"), None)
        blocking = default is None or _polls_until_a_case(s)
        fails = default is not None and self._fails_test(default)
        breaks: list[Node] = []
        out: list[Node] = []
        for case in cases:
            entry = self._new("case", case)
            info = Case(s, case, blocking, fails)
            comm = case.child_by_field_name("communication")
            if comm is not None:
                entry.events = self._comm_events(comm, info)
            self._link([head], entry)
            inner = targets.nested_switch(label, breaks)
            out.extend(self._block(case, [entry], inner))
        return out + breaks

    # -- loops' trip counts --------------------------------------------------

    def _symbol(
        self, s: tree_sitter.Node, clause: tree_sitter.Node | None, cond: tree_sitter.Node | None
    ) -> Symbol:
        from goleash.analysis.package import constant_int

        package = self.resolver.package
        if clause is not None and clause.type == "range_clause":
            right = gosyntax.unparen(clause.child_by_field_name("right"))
            if right is not None:
                n = constant_int(right, package)
                if n is not None:
                    return ("const", max(0, n))
                if right.type == "composite_literal":
                    # range over []string{"a", "b"}
                    return ("const", len(gosyntax.literal_elements(right)))
                if right.type == "call_expression" and gosyntax.callee_text(right) == "len":
                    args = gosyntax.call_arguments(right)
                    if args:
                        return ("range", _norm(args[0]))
                fixed = self._array_length(right)
                if fixed is not None:
                    return ("const", fixed)
                sized = self._made_length(right) or _sliced_length(right)
                if sized is not None:
                    return self._sized_symbol(sized)
                filler = self._filling_loop(right, s)
                if filler is not None:
                    return self._loop_symbol(filler)
                return ("range", _norm(right))
        if (
            clause is not None
            and clause.type == "for_clause"
            and cond is not None
            and cond.type == "binary_expression"
            and gosyntax.field(cond, "operator").type == "&&"
        ):
            # `i < K && more`: at most K iterations.
            for part in (cond.child_by_field_name("left"), cond.child_by_field_name("right")):
                sym = self._symbol(s, clause, gosyntax.unparen(part))
                if sym[0] == "const":
                    assert isinstance(sym[1], int)
                    return ("upto", sym[1])
            return ("cond", _norm(cond))
        if (
            clause is not None
            and clause.type == "for_clause"
            and cond is not None
            and cond.type == "binary_expression"
        ):
            op = gosyntax.field(cond, "operator").type
            left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
            init = clause.child_by_field_name("initializer")
            start: int | None = 0
            if init is not None and init.type == "short_var_declaration":
                vals = gosyntax.field(init, "right").named_children
                start = constant_int(vals[0], package) if vals else None
            if (
                op in ("<", "<=")
                and left is not None
                and left.type == "identifier"
                and right is not None
            ):
                hi = constant_int(right, package)
                if hi is not None and start is not None:
                    return ("const", max(0, hi - start + (1 if op == "<=" else 0)))
                if start == 0 and op == "<":
                    r = gosyntax.unparen(right)
                    assert (
                        r is not None
                    )  # `right` is not None, nor are the parentheses around it empty
                    if r.type == "call_expression" and gosyntax.callee_text(r) == "len":
                        args = gosyntax.call_arguments(r)
                        if args:
                            return ("range", _norm(args[0]))
                    return ("range", _norm(r))
        return ("unique", s.start_byte)

    def _array_length(self, xs: tree_sitter.Node) -> int | None:
        """FIXED_ARRAY: the length of a local array (`var es [2]error`, `[...]T{a, b}`):
        `len(es)` and a range over it are that constant. Only a local whose type is an
        array: a slice of the same name is sized at run time."""
        from goleash.analysis.package import constant_int

        if xs.type != "identifier":
            return None
        var = self.resolver.scopes.lookup(xs)
        if var is None or var.kind != "local":
            return None
        typ = var.type_node
        if typ is None and len(var.assignments) == 1:
            value = gosyntax.unparen(var.assignments[0][1])
            if value is not None and value.type == "composite_literal":
                typ = value.child_by_field_name("type")
                if typ is not None and typ.type == "implicit_length_array_type":
                    body = value.child_by_field_name("body")
                    return len(gosyntax.literal_elements(value)) if body is not None else None
        if typ is None or typ.type != "array_type":
            return None
        length = typ.child_by_field_name("length")
        n = constant_int(length, self.resolver.package) if length is not None else None
        return max(0, n) if n is not None else None

    def _made_length(self, right: tree_sitter.Node) -> tree_sitter.Node | None:
        """SIZED_BY_ITS_MAKE: for a range over a local slice made once with a length
        (`chans := make([]chan T, len(paths))`), the expression of that length: the
        loop runs as many times as a loop over `paths`."""
        if right.type != "identifier":
            return None
        var = self.resolver.scopes.lookup(right)
        if var is None or var.kind != "local" or len(var.assignments) != 1:
            return None
        value = gosyntax.unparen(var.assignments[0][1])
        if (
            value is None
            or value.type != "call_expression"
            or gosyntax.callee_text(value) != "make"
        ):
            return None
        args = gosyntax.call_arguments(value)
        if len(args) < 2 or args[0].type != "slice_type":
            return None
        length = gosyntax.unparen(args[1])
        if length is None or gosyntax.text(length) == "0":
            return None  # made empty, to be appended to: its appends count it
        if length.type == "call_expression" and gosyntax.callee_text(length) == "len":
            inner = gosyntax.call_arguments(length)
            return inner[0] if inner else None
        return (
            length if length.type in ("identifier", "selector_expression", "int_literal") else None
        )

    def _sized_symbol(self, length: tree_sitter.Node) -> Symbol:
        """The trip count of a range over a slice made `length` long: a number when the
        length is a constant (of the package or of the function, LOCAL_CONSTANTS), as
        `wg.Add` of the same constant reads it."""
        from goleash.analysis.package import constant_int

        n = constant_int(length, self.resolver.package)
        return ("const", max(0, n)) if n is not None else ("range", _norm(length))

    def length_symbol(self, xs: tree_sitter.Node, at: tree_sitter.Node) -> Symbol | None:
        """The trip count a loop over `xs` would have, for `len(xs)` read at `at` (a
        `wg.Add(len(xs))`): the same answer the loop's own count gets, so that the two
        sides of a comparison agree (SIZED_BY_ITS_MAKE, APPENDED_PER_ITERATION)."""
        xs = gosyntax.unparen(xs) or xs
        fixed = self._array_length(xs)
        if fixed is not None:
            return ("const", fixed)
        sized = self._made_length(xs)
        if sized is not None:
            return self._sized_symbol(sized)
        filler = self._filling_loop(xs, at)
        return self._loop_symbol(filler) if filler is not None else None

    def _never_false_ok(self, cond: tree_sitter.Node | None) -> bool:
        """NEVER_CLOSED: `if !ok` after `v, ok := <-ch`, where `ch` is a local channel of
        the function that nothing closes (every mention of it sends, receives, ranges
        or declares it): `ok` is always true and the arm never runs. Trade-off: a close
        through an alias the mentions do not show would make the arm possible; it is
        then missed, never reported."""
        cond = gosyntax.unparen(cond)
        if cond is None or cond.type != "unary_expression":
            return False
        if gosyntax.field(cond, "operator").type != "!":
            return False
        ok = self.resolver.scopes.lookup(gosyntax.unparen(cond.child_by_field_name("operand")))
        if ok is None or len(ok.assignments) != 1:
            return False
        stmt = ok.assignments[0][0]
        right = gosyntax.unparen(stmt.child_by_field_name("right"))
        if right is not None and right.type == "expression_list" and right.named_child_count == 1:
            right = gosyntax.unparen(right.named_children[0])
        if right is None or right.type != "unary_expression":
            return False
        if gosyntax.field(right, "operator").type != "<-":
            return False
        ch = self.resolver.scopes.lookup(gosyntax.unparen(right.child_by_field_name("operand")))
        return (
            ch is not None
            and ch.kind == "local"
            and all(_only_communicates(n) for n in ch.occurrences)
        )

    def _filling_loop(
        self, right: tree_sitter.Node, ranging: tree_sitter.Node
    ) -> tree_sitter.Node | None:
        """APPENDED_PER_ITERATION: for a range over a local slice that starts empty and
        grows only by one `xs = append(xs, x)` run on every iteration of one earlier loop
        (`for i := 0; i < n; i++ { stops = append(stops, ch); wg.Add(1) }`), that loop:
        the range runs as many times as it did. Trade-off: a `continue` before the
        append is not followed (its iteration appends nothing)."""
        if right.type != "identifier":
            return None
        var = self.resolver.scopes.lookup(right)
        if var is None or var.kind != "local" or var.func != gosyntax.enclosing_function(ranging):
            return None
        found: tree_sitter.Node | None = None
        for stmt, value, _pos in var.assignments:
            value = gosyntax.unparen(value) if value is not None else None
            if value is None or value.type in ("nil", "composite_literal"):
                if value is not None and gosyntax.literal_elements(value):
                    return None
                continue  # `var xs []T`, `xs := []T{}`
            if _made_empty(value):
                continue  # `xs := make([]T, 0, n)`
            if not (
                value.type == "call_expression"
                and gosyntax.callee_text(value) == "append"
                and len(gosyntax.call_arguments(value)) == 2
                and gosyntax.call_arguments(value)[0].text == right.text
                and stmt.type == "assignment_statement"
                and stmt.start_byte < ranging.start_byte
            ):
                return None
            enclosing = gosyntax.loops_between(stmt, None)
            if len(enclosing) != 1 or not _every_iteration(stmt, enclosing[0]):
                return None
            if found is not None and found != enclosing[0]:
                return None  # appended to in two loops
            found = enclosing[0]
        return found

    def _loop_symbol(self, loop: tree_sitter.Node) -> Symbol:
        """The trip count `_for` gives the loop."""
        return self._symbol(loop, *_loop_header(loop))

    def _comma_ok_drain(
        self, loop: tree_sitter.Node
    ) -> tuple[Ref | None, frozenset[int], Event | None] | None:
        """The channel X of `v, ok := <-X` (a statement or a select case) in this loop's
        own body when `if !ok` then leaves the loop (return, or a break of this loop), the
        ways out it takes, and its UNTIL_CLOSED event."""
        body = loop.child_by_field_name("body")
        if body is None or not gosyntax.may_receive(body):
            return None
        for n in gosyntax.walk(body):
            if n.type not in ("short_var_declaration", "receive_statement", "assignment_statement"):
                continue
            left = n.child_by_field_name("left")
            right = gosyntax.unparen(n.child_by_field_name("right"))
            if (
                right is not None
                and right.type == "expression_list"
                and len(right.named_children) == 1
            ):
                right = gosyntax.unparen(right.named_children[0])
            names = left.named_children if left is not None else []
            if (
                len(names) != 2
                or names[1].type != "identifier"
                or right is None
                or right.type != "unary_expression"
                or gosyntax.field(right, "operator").type != "<-"
            ):
                continue
            if _innermost_loop(n) is not loop and _innermost_loop(n) != loop:
                continue
            ok = self.resolver.scopes.lookup(names[1])
            exits = _leaves_on_not(ok, loop) if ok is not None else None
            if exits:
                value = self.resolver.scopes.lookup(names[0])
                markers = _leaves_on_value(value, loop) if value is not None else frozenset()
                ref = self.resolver.ref(right.child_by_field_name("operand"))
                until_closed = None
                if ref is not None and _left_only_by(loop, exits):
                    # In a select (with no default: one that polls never parks) the
                    # goroutine waits in the select, as for its other cases.
                    comm = n.parent if n.type == "receive_statement" else None
                    select = comm.parent if comm is not None else None
                    if comm is None or comm.type != "communication_case" or select is None:
                        until_closed = Event("range", right, ref=ref)
                    elif not any(c.type == "default_case" for c in select.named_children):
                        until_closed = Event("range", right, ref=ref, case=Case(select, comm, True))
                return ref, exits | markers, until_closed
        return None

    def _channel_range(self, right: tree_sitter.Node | None) -> Ref | None:
        """The channel a range clause receives from, when it is one."""
        if right is None:
            return None
        ref = self.resolver.ref(right)
        from goleash.analysis.values import CallRef, DoneRef, ElemRef, FieldRef, VarRef

        if isinstance(ref, ElemRef):
            return ref  # an element of a slice of channels is a channel
        if isinstance(ref, (FieldRef, DoneRef)):
            return ref if _is_chan_field(self.resolver, right) else None
        if isinstance(ref, VarRef):
            return ref if _maybe_channel_var(self.resolver, ref.var) else None
        if isinstance(ref, CallRef):
            return ref if _returns_channel(self.resolver, right) else None
        return None

    # -- events ------------------------------------------------------------

    def _stopping_call(self, expr: tree_sitter.Node | None) -> str | None:
        if expr is None or expr.type != "call_expression":
            return None
        name = gosyntax.callee_text(expr)
        if name == "panic" and self._recovers is not None:
            # Recovered by the deferred function: the function returns (a test whose
            # handler reports the panic has failed).
            return TESTFAIL if self._recovery_fails_test else RETURN
        if name in gosyntax.PROCESS_EXIT_CALLS:
            return ABORT
        if name == "runtime.Goexit":
            return RETURN
        if (
            testing_calls.test_method(expr, self.resolver) is not None
            or name in gosyntax.TESTIFY_STOPS
        ):
            # A test that stopped or already failed: what follows on this path is not a
            # way the code really runs (a leak there exists only in a failing run).
            return TESTFAIL
        fn = gosyntax.unparen(expr.child_by_field_name("function"))
        if fn is not None and fn.type == "selector_expression":
            fld = fn.child_by_field_name("field")
            method = gosyntax.text(fld) if fld is not None else ""
            if method.startswith("Fatal") and name.split(".")[0] in gosyntax.FATAL_LOGGERS:
                return ABORT
        return None

    def _fails_test(self, case: tree_sitter.Node) -> bool:
        """Does a statement of this case stop the test (`t.Fatal`, `require.Fail`)?"""
        for stmt in gosyntax.statements(case):
            call = testing_calls.statement_call(stmt)
            if call is not None and self._stopping_call(call) == TESTFAIL:
                return True
        return False

    def _after_test_failure(self, stmt: tree_sitter.Node) -> bool:
        prev = gosyntax.previous_statement(stmt)
        if prev is None and _first_in_failed_assert_arm(stmt):
            return True
        method = testing_calls.test_method(testing_calls.statement_call(prev), self.resolver)
        return method in testing_calls.TEST_FAILURES

    def _go_events(self, s: tree_sitter.Node) -> list[Event]:
        call = s.named_children[0] if s.named_children else None
        if call is None or call.type != "call_expression":
            return []
        args = call.child_by_field_name("arguments")
        events = self._events(args) if args is not None else []
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if fn is not None and fn.type == "selector_expression":
            events.extend(self._events(fn.child_by_field_name("operand")))
        events.append(
            Event(
                "spawn",
                s,
                call=call,
                target=fn if fn is not None and fn.type == "func_literal" else None,
            )
        )
        return events

    def _comm_events(self, comm: tree_sitter.Node, case: Case) -> list[Event]:
        if comm.type == "send_statement":
            events = self._events(comm.child_by_field_name("value"))
            ch = comm.child_by_field_name("channel")
            events.extend(self._events(ch))
            events.append(Event("send", comm, ref=self.resolver.ref(ch), case=case))
            return events
        # receive_statement: `v := <-ch`, `<-ch`
        right = comm.child_by_field_name("right") if comm.type == "receive_statement" else comm
        if right is None:
            right = comm
        recv = gosyntax.unparen(right)
        if recv is not None and recv.type == "unary_expression":
            operand = recv.child_by_field_name("operand")
            events = self._events(operand)
            events.append(Event("recv", recv, ref=self.resolver.ref(operand), case=case))
            return events
        return self._events(comm)

    def _find_counted_adds(self, func: tree_sitter.Node, body: tree_sitter.Node) -> None:
        """COUNTED_ADD: `n := 0; if a { n++ }; if b { n++ }; wg.Add(n)`. A local counter
        declared zero, changed only by `n++` or `n += k` (a constant) before the `Add` in
        the same function (no function literal), and passed to a single `wg.Add` outside
        any loop: each step is taken as an `Add` of its own where it happens, and the
        `Add(n)` itself as none, so the count follows the branches that stepped it.
        Trade-off: a `Wait` between a step and the `Add` is read as after the `Add`."""
        from goleash.analysis.package import constant_int

        resolver = self.resolver
        for call in gosyntax.walk(body):
            if call.type != "call_expression":
                continue
            fn = gosyntax.unparen(call.child_by_field_name("function"))
            args = gosyntax.call_arguments(call)
            if (
                fn is None
                or fn.type != "selector_expression"
                or gosyntax.text(gosyntax.field(fn, "field")) != "Add"
                or len(args) != 1
                or args[0].type != "identifier"
                or gosyntax.loops_between(call, func)
            ):
                continue
            operand = fn.child_by_field_name("operand")
            if not self._is_waitgroup(operand, "Add", call):
                continue
            var = resolver.scopes.lookup(args[0])
            if var is None or var.kind != "local" or var.func != func:
                continue
            decl_value = var.assignments[0][1] if var.assignments else None
            if decl_value is None or decl_value.text != b"0":
                continue
            steps: dict[int, Event] = {}
            for occ in var.occurrences:
                if occ == var.ident or occ == args[0]:
                    continue
                stmt = occ.parent
                if occ.start_byte > call.start_byte or stmt is None:
                    break
                if stmt.type == "inc_statement":
                    steps[stmt.start_byte] = Event("add", stmt, ref=resolver.ref(operand))
                    continue
                if stmt.type == "expression_list" and stmt.parent is not None:
                    stmt = stmt.parent
                right = (
                    gosyntax.field(stmt, "right").named_children
                    if stmt.type == "assignment_statement"
                    else []
                )
                op = (
                    stmt.child_by_field_name("operator")
                    if stmt.type == "assignment_statement"
                    else None
                )
                if (
                    op is not None
                    and op.type == "+="
                    and len(right) == 1
                    and constant_int(right[0], resolver.package) is not None
                ):
                    steps[stmt.start_byte] = Event(
                        "add", stmt, ref=resolver.ref(operand), arg=right[0]
                    )
                    continue
                break
            else:
                if steps:
                    self._counter_adds.update(steps)
                    self._folded_adds.add(call.start_byte)

    def _events(self, node: tree_sitter.Node | None) -> list[Event]:
        """Events of evaluating `node` (not entering function literals), innermost first."""
        if node is None:
            return []
        if self._counter_adds and node.start_byte in self._counter_adds:
            step = self._counter_adds[node.start_byte]
            if step.node == node:
                return [step]
        text = node.text or b""
        if b"(" not in text and b"<-" not in text:
            return []  # NO_EVENT_TEXT: every call spells `(`, every send and receive `<-`
        out: list[Event] = []
        # Post-order without recursion: (node, expanded?)
        stack = [(node, False)]
        resolver = self.resolver
        while stack:
            n, expanded = stack.pop()
            t = n.type
            if not expanded:
                if t == "func_literal" or n.named_child_count == 0:
                    continue  # a leaf (a name, a literal) is never an event
                if t in _EVENT_NODES:
                    stack.append((n, True))  # its own event comes after its operands'
                if t == "send_statement":
                    # the value, then the channel expression, then the send
                    for c in (n.child_by_field_name("channel"), n.child_by_field_name("value")):
                        if c is not None:
                            stack.append((c, False))
                    continue
                stack.extend([(c, False) for c in reversed(n.named_children)])
                continue
            if t == "unary_expression":
                op = n.child_by_field_name("operator")
                if op is not None and op.type == "<-":
                    out.append(Event("recv", n, ref=resolver.ref(n.child_by_field_name("operand"))))
            elif t == "send_statement":
                out.append(Event("send", n, ref=resolver.ref(n.child_by_field_name("channel"))))
            elif t == "call_expression":
                out.extend(self._call_events(n))
        return out

    def _call_events(self, call: tree_sitter.Node) -> list[Event]:
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if fn is None:
            return []
        args = gosyntax.call_arguments(call)
        resolver = self.resolver
        if fn.type == "identifier":
            name = gosyntax.text(fn)
            var = resolver.scopes.lookup(fn)
            if var is None and name == "close" and args:
                return [Event("close", call, ref=resolver.ref(args[0]))]
            if var is None and name in _PURE_BUILTINS:
                return []
            if var is not None:
                return [Event("callvar", call, ref=resolver.ref(fn), call=call)]
            return [Event("call", call, call=call)]
        if fn.type == "func_literal":
            return [Event("call", call, call=call, target=fn)]
        if fn.type != "selector_expression":
            return [Event("call", call, call=call)]
        fld = fn.child_by_field_name("field")
        method = gosyntax.text(fld) if fld is not None else ""
        operand = fn.child_by_field_name("operand")
        if method == "AfterFunc" and dropped_after_func(call, resolver):
            return [_spawn(call, args[1])]
        if method == "Go" and len(args) == 1 and resolver.callee(call) is None:
            # errgroup.Group.Go, sync.WaitGroup.Go and the like; a `Go` method of the
            # package is followed as the call it is (it may be a spawn wrapper).
            return [_spawn(call, args[0], resolver.ref(operand))]
        if method in ("Lock", "Unlock", "RLock", "RUnlock") and not args:
            return [Event(method.lower(), call, ref=resolver.ref(operand))]
        if method == "Add" and call.start_byte in self._folded_adds:
            return []  # COUNTED_ADD: its steps were counted where they were taken
        if method in ("Add", "Done", "Wait") and self._is_waitgroup(operand, method, call):
            return [
                Event(
                    method.lower(), call, ref=resolver.ref(operand), arg=args[0] if args else None
                )
            ]
        if method == "Do" and len(args) == 1 and resolver.expr_type(operand) == "sync.Once":
            lit = gosyntax.unparen(args[0])
            return [
                Event(
                    "call",
                    call,
                    call=call,
                    target=lit if lit is not None and lit.type == "func_literal" else None,
                )
            ]
        return [Event("call", call, call=call)]

    def _is_waitgroup(
        self, operand: tree_sitter.Node | None, method: str, call: tree_sitter.Node
    ) -> bool:
        t = self.resolver.expr_type(operand)
        if t is not None:
            return t == "sync.WaitGroup"
        if method == "Done":
            # `<-ctx.Done()` and `case <-x.Done()` are channel reads, not WaitGroup calls.
            parent = call.parent
            return parent is not None and parent.type in ("expression_statement", "defer_statement")
        return False


# Builtins that neither block nor run code of the package.
_PURE_BUILTINS = frozenset(
    {
        "make",
        "len",
        "cap",
        "append",
        "new",
        "copy",
        "delete",
        "print",
        "println",
        "recover",
        "min",
        "max",
        "complex",
        "real",
        "imag",
        "clear",
    }
)


class _Targets:
    """Where break/continue/fallthrough go from the current position."""

    def __init__(
        self,
        breaks: list[Node] | None = None,
        continues: list[Node] | None = None,
        labels: dict[str, tuple[list[Node], list[Node] | None]] | None = None,
        fallthrough: list[Node] | None = None,
    ) -> None:
        self.breaks = breaks  # list collecting preds of the innermost breakable
        self.continues = continues
        self.labels = labels or {}  # label -> (breaks list, continues list or None)
        self.fallthrough = fallthrough if fallthrough is not None else []

    def nested(self, label: str | None, breaks: list[Node], continues: list[Node]) -> _Targets:
        labels = dict(self.labels)
        if label is not None:
            labels[label] = (breaks, continues)
        return _Targets(breaks, continues, labels)

    def nested_switch(self, label: str | None, breaks: list[Node]) -> _Targets:
        labels = dict(self.labels)
        if label is not None:
            labels[label] = (breaks, None)
        return _Targets(breaks, self.continues, labels, [])

    def break_target(self, label: str | None) -> list[Node] | None:
        if label is not None:
            hit = self.labels.get(label)
            return hit[0] if hit else None
        return self.breaks

    def continue_target(self, label: str | None) -> list[Node] | None:
        if label is not None:
            hit = self.labels.get(label)
            return hit[1] if hit else None
        return self.continues


def _label_of(stmt: tree_sitter.Node) -> str | None:
    for c in stmt.named_children:
        if c.type == "label_name":
            return gosyntax.text(c)
    return None


def _sliced_length(right: tree_sitter.Node) -> tree_sitter.Node | None:
    """SLICED_TO_ITS_COUNT: a range over `xs[:n]` (or `xs[0:n]`) runs exactly `n` times,
    or panics when `n` is past the capacity: the count `wg.Add(n)` names."""
    if right.type != "slice_expression" or right.child_by_field_name("capacity") is not None:
        return None
    start = right.child_by_field_name("start")
    if start is not None and gosyntax.text(start) != "0":
        return None
    end = gosyntax.unparen(right.child_by_field_name("end"))
    if end is None:
        return None
    if end.type == "call_expression" and gosyntax.callee_text(end) == "len":
        inner = gosyntax.call_arguments(end)
        return inner[0] if inner else None
    return end if end.type in ("identifier", "selector_expression", "int_literal") else None


def _norm(expr: tree_sitter.Node) -> str:
    return gosyntax.text(expr).replace(" ", "")


def _is_chan_field(resolver: Resolver, expr: tree_sitter.Node | None) -> bool:
    expr = gosyntax.unparen(expr)
    assert expr is not None  # a range clause's right side
    if expr.type == "call_expression":
        return True  # x.Done()
    operand = expr.child_by_field_name("operand")
    fld = expr.child_by_field_name("field")
    owner = resolver.expr_type(operand) if operand is not None else None
    found = (
        resolver.package.field_type(owner, gosyntax.text(fld))
        if owner and fld is not None
        else None
    )
    return found is not None and found[1] is not None and found[1].type == "channel_type"


# Calls RECOVER_MEANS_PANICS does not fork before: they cannot panic (reading the
# clock, a length). A short list by name: anything else a recovering function calls
# may be what it recovers from.
_CANNOT_PANIC = frozenset({"time.Now", "time.Since", "time.Until", "len", "cap"})

# The test methods that fail the test (a `Skip` does not).
_FAILING_TEST = frozenset({"Error", "Errorf", "Fail", "Fatal", "Fatalf", "FailNow"})


def _first_in_failed_assert_arm(stmt: tree_sitter.Node) -> bool:
    """Heuristic ASSERT_FAILED_ARM: `stmt` opens the body of `if !assert.NoError(t, err)
    {` (any of testify's `assert` functions, which report the failure to `t` and return
    false): that body runs only in a test that has already failed. Trade-off: a package
    imported as `assert` whose functions do not fail the test is read as testify's."""
    if_stmt = gosyntax.if_of_body(stmt)
    if if_stmt is None:
        return False
    call = gosyntax.negated(if_stmt.child_by_field_name("condition"))
    return (
        call is not None
        and call.type == "call_expression"
        and gosyntax.callee_text(call).startswith("assert.")
        and len(gosyntax.call_arguments(call)) >= 1
    )


def calls_recover(literal: tree_sitter.Node) -> bool:
    """Does this function (a literal or a declaration) call `recover()` itself (a
    deferred panic handler)?"""
    body = literal.child_by_field_name("body")
    return (
        any(
            n.type == "call_expression"
            and gosyntax.callee_text(n) == "recover"
            and not gosyntax.call_arguments(n)
            for n in gosyntax.walk(body)
        )
        if body is not None
        else False
    )


def _innermost_loop(node: tree_sitter.Node) -> tree_sitter.Node | None:
    return next(
        (a for a in gosyntax.ancestors(node) if a.type in ("for_statement", "func_literal")), None
    )


def _leaves_on_not(ok: Var, loop: tree_sitter.Node) -> frozenset[int]:
    """The returns, and breaks of `loop`, that `if !ok { ... }` takes (start bytes)."""
    out: set[int] = set()
    for ident in ok.occurrences:
        parent, _child = gosyntax.parent_skipping_parens(ident)
        if (
            parent is None
            or parent.type != "unary_expression"
            or gosyntax.field(parent, "operator").type != "!"
        ):
            continue
        cond, _c = gosyntax.parent_skipping_parens(parent)
        if (
            cond is None
            or cond.type != "if_statement"
            or cond.child_by_field_name("condition") != parent
        ):
            continue
        out.update(_ways_out_under(cond, loop))
    return frozenset(out)


def _left_only_by(loop: tree_sitter.Node, exits: frozenset[int]) -> bool:
    """Are these (start bytes) the loop's only ways out: no other `return`, `break` of it,
    `goto` or labelled `continue` of an outer loop, and no call that ends the goroutine
    or the process, outside the function literals of its body?"""
    if any(n.start_byte not in exits for n in paths.ways_out(loop)):
        return False
    body = loop.child_by_field_name("body")
    return not any(
        n.type == "call_expression" and gosyntax.is_terminating_call(n)
        for n in (gosyntax.walk(body) if body is not None else ())
    )


def _leaves_on_value(value: Var, loop: tree_sitter.Node) -> frozenset[int]:
    """Heuristic FINAL_MARKER: the returns and breaks of `loop` under an `if` that tests the
    received value (`if m.Kind == "end" { return }`). The sender decides when the drain
    stops by what it sends, as it does by closing. Trade-off: a sender that goes on
    sending after its own marker is missed."""
    out: set[int] = set()
    for ident in value.occurrences:
        cond = next(
            (
                a
                for a in gosyntax.ancestors(ident)
                if a.type in ("if_statement", "block", "for_statement")
            ),
            None,
        )
        if cond is None or cond.type != "if_statement":
            continue
        test = cond.child_by_field_name("condition")
        if test is None or not (test.start_byte <= ident.start_byte < test.end_byte):
            continue
        out.update(_ways_out_under(cond, loop))
    return frozenset(out)


def _ways_out_under(if_stmt: tree_sitter.Node, loop: tree_sitter.Node) -> Iterator[int]:
    """The start bytes of the `return`s and the `break`s of `loop` among the statements of
    the `if`'s own block."""
    block = if_stmt.child_by_field_name("consequence")
    for st in gosyntax.statements(block) if block is not None else ():
        if st.type == "return_statement" or (
            st.type == "break_statement" and gosyntax.break_leaves(st, loop)
        ):
            yield st.start_byte


def is_channel_type(node: tree_sitter.Node | None) -> bool:
    while node is not None and node.type == "parenthesized_type":
        node = node.named_children[0] if node.named_children else None
    return node is not None and node.type == "channel_type"


def _loop_header(
    loop: tree_sitter.Node,
) -> tuple[tree_sitter.Node | None, tree_sitter.Node | None]:
    """(the for or range clause, the condition): `for i := 0; i < n; i++` gives the
    clause and `i < n`, `for ok {` no clause and `ok`, `for range xs` the clause only."""
    clause = next(
        (c for c in loop.named_children if c.type in ("for_clause", "range_clause")), None
    )
    if clause is None:
        cond = next((c for c in loop.named_children if c.type not in ("block", "comment")), None)
        return None, cond
    if clause.type == "for_clause":
        return clause, clause.child_by_field_name("condition")
    return clause, None


def _only_communicates(ident: tree_sitter.Node) -> bool:
    """Is this mention of a channel variable its declaration, a send on it, a receive
    from it or a range over it (not a close, an argument, an assignment elsewhere)?"""
    if gosyntax.communicates_through(ident):
        return True
    parent = ident.parent
    if parent is not None and parent.type == "expression_list" and parent.parent is not None:
        return parent.parent.type == "short_var_declaration" and gosyntax.on_side_of(
            ident, "short_var_declaration", "left"
        )
    return False


def _made_empty(value: tree_sitter.Node) -> bool:
    """`make([]T, 0)` or `make([]T, 0, n)`: a slice that starts empty."""
    if value.type != "call_expression" or gosyntax.callee_text(value) != "make":
        return False
    args = gosyntax.call_arguments(value)
    return len(args) >= 2 and args[0].type == "slice_type" and gosyntax.text(args[1]) == "0"


def _every_iteration(stmt: tree_sitter.Node, loop: tree_sitter.Node) -> bool:
    """Is `stmt` one of the loop body's own statements (not under an `if`), with no
    `continue` or `break` before it?"""
    body = loop.child_by_field_name("body")
    if body is None or stmt not in gosyntax.statements(body):
        return False
    for before in gosyntax.statements(body):
        if before == stmt:
            return True
        if any(
            n.type
            in ("continue_statement", "break_statement", "return_statement", "goto_statement")
            for n in [before, *gosyntax.walk(before)]
        ):
            return False
    return False


def names_channel_type(node: tree_sitter.Node | None, package: Package) -> bool:
    """`chan T`, or a type of the package declared as one (`type Batch chan []byte`)."""
    for _ in range(4):  # `type A B; type B chan T`: a short chain of names
        if node is None or node.type != "type_identifier":
            break
        found = package.type_decl(gosyntax.text(node))
        node = found[1] if found is not None else None
    return is_channel_type(node)


def _maybe_channel_var(resolver: Resolver, var: Var) -> bool:
    if var.type_node is not None:
        return names_channel_type(var.type_node, resolver.package)
    for _stmt, value, _pos in var.assignments:
        v = gosyntax.unparen(value) if value is not None else None
        if v is None:
            continue
        if v.type == "call_expression":
            if gosyntax.callee_text(v) == "make":
                args = gosyntax.call_arguments(v)
                return bool(args) and names_channel_type(args[0], resolver.package)
            if _returns_channel(resolver, v):
                return True
    return False


def _returns_channel(resolver: Resolver, call: tree_sitter.Node) -> bool:
    decl = resolver.callee(call)
    if decl is None:
        return False
    results = gosyntax.result_types(decl.node)
    return bool(results) and is_channel_type(results[0])


def ranges_over_ticks(resolver: Resolver, right: tree_sitter.Node | None) -> bool:
    """`range t.C` over a `time.Ticker` or `time.Timer`, or `range time.Tick(d)`."""
    from goleash.analysis.values import TimerRef

    return right is not None and isinstance(resolver.ref(right), TimerRef)


def waited_timer(resolver: Resolver, loop: tree_sitter.Node) -> tree_sitter.Node | None:
    """The timer channel the loop waits on: what it ranges over (`range t.C`, `range
    time.Tick(d)`), or the first receive in its body from a `time.Ticker`'s or
    `time.Timer`'s channel, `time.Tick(d)` or `time.After(d)`, directly or through a
    local assigned once."""
    from goleash.analysis.values import VarRef

    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    right = clause.child_by_field_name("right") if clause is not None else None
    if ranges_over_ticks(resolver, right):
        return right
    body = loop.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        operator = n.child_by_field_name("operator")
        if n.type != "unary_expression" or operator is None or operator.type != "<-":
            continue
        operand = n.child_by_field_name("operand")
        ref = resolver.ref(operand)
        if isinstance(ref, VarRef) and len(ref.var.assignments) == 1:
            ref = resolver.ref(ref.var.assignments[0][1])
        if ranges_over_ticks(resolver, operand) or _is_timer(ref):
            return operand
    return None


def timer_variable(resolver: Resolver, timer: tree_sitter.Node) -> Var | None:
    """The local holding the timer behind `t.C`, or the channel local `tick` itself."""
    expr = gosyntax.unparen(timer)
    if expr is not None and expr.type == "selector_expression":
        expr = gosyntax.unparen(expr.child_by_field_name("operand"))
    if expr is None or expr.type != "identifier":
        return None
    return resolver.scopes.lookup(expr)


def _is_timer(ref: object) -> bool:
    from goleash.analysis.values import TimerRef

    return isinstance(ref, TimerRef)


def dropped_after_func(call: tree_sitter.Node, resolver: Resolver) -> bool:
    """AFTERFUNC_UNSTOPPABLE: `time.AfterFunc(d, f)` whose timer is dropped (a statement
    of its own) runs `f` in a goroutine of its own once `d` has passed, whatever happens
    meanwhile: a spawn. A kept timer may be stopped first, and `f` then never runs."""
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    operand = fn.child_by_field_name("operand") if fn is not None else None
    field = fn.child_by_field_name("field") if fn is not None else None
    return (
        field is not None
        and field.text == b"AfterFunc"
        and len(gosyntax.call_arguments(call)) == 2
        and operand is not None
        and operand.type == "identifier"
        and operand.text == b"time"
        and resolver.scopes.lookup(operand) is None
        and call.parent is not None
        and call.parent.type == "expression_statement"
    )


def _spawn(call: tree_sitter.Node, body: tree_sitter.Node, ref: Ref | None = None) -> Event:
    """A call that runs `body` in a goroutine of its own (`g.Go(f)`, `time.AfterFunc`)."""
    lit = gosyntax.unparen(body)
    target = lit if lit is not None and lit.type == "func_literal" else None
    return Event("spawn", call, call=call, target=target, ref=ref)


# `.Add(n)` with a name for its argument: the only calls COUNTED_ADD looks at.
_ADD_OF_A_NAME = re.compile(rb"\.Add\(\s*[A-Za-z_]\w*\s*\)")

# Statements that may leave an endless loop without passing through one of its select's cases.
_LOOP_EXITS = frozenset({"return_statement", "break_statement", "goto_statement"})


def _polls_until_a_case(select: tree_sitter.Node) -> bool:
    """POLL_UNTIL_A_CASE: `for { select { case v := <-ch: ...; return; default: poll() } }`
    waits for one of its cases as a blocking select would: the `default` only goes round
    again. Holds for a select that is a statement of an endless `for` (no condition, no
    clause) whose only ways out (a `return`, `break`, labelled `continue` or `goto`,
    outside function literals) lie inside the select's communication cases. Trade-off: a
    loop left by a panic or a process exit in the `default` (or by a callee that never
    returns) is taken as still polling."""
    block = select.parent
    if block is not None and block.type == "statement_list":
        block = block.parent
    loop = block.parent if block is not None and block.type == "block" else None
    if block is None or loop is None or loop.type != "for_statement":
        return False
    if any(c != block for c in loop.named_children):
        return False  # a condition or a clause: the loop can end on its own
    cases = [c for c in select.named_children if c.type == "communication_case"]
    if not cases:
        return False
    for n in gosyntax.walk(block):
        leaves = n.type in _LOOP_EXITS or (
            n.type == "continue_statement" and n.named_child_count > 0
        )
        if leaves and not any(gosyntax.is_within(n, c) for c in cases):
            return False
    return True


def _leading_filter(
    loop: tree_sitter.Node, clause: tree_sitter.Node | None, label: str | None
) -> tuple[tree_sitter.Node, str] | None:
    """FILTERED_RANGE: `for _, n := range nodes { if n.Dir == "" { continue }; ... }`.
    A range loop whose body opens with an `if` that only skips the item, on a condition
    without calls (but `len`), receives or state the loop changes, runs its body once
    per item that passes the filter: two loops over the same collection with the same
    filter (up to the names of their loop variables) run their bodies equally often, so
    a loop of sends and a loop of receives so filtered balance. Gives (the `if`, the
    filter's text with the loop variables numbered). Trade-off: the collection or what
    the filter reads may change between the two loops (outside them); taken as
    unchanged, as for an unfiltered range."""
    if clause is None or clause.type != "range_clause":
        return None
    body = loop.child_by_field_name("body")
    first = next((st for st in gosyntax.statements(body) if st.type != "comment"), None)
    if first is None or first.type != "if_statement" or first.child_by_field_name("initializer"):
        return None
    if first.child_by_field_name("alternative") is not None:
        return None
    jumps = gosyntax.statements(first.child_by_field_name("consequence"))
    if len(jumps) != 1 or jumps[0].type != "continue_statement":
        return None
    target = jumps[0].named_children[0] if jumps[0].named_children else None
    if target is not None and gosyntax.text(target) != label:
        return None
    cond = first.child_by_field_name("condition")
    left = clause.child_by_field_name("left")
    names = [gosyntax.text(n) for n in left.named_children] if left is not None else []
    if cond is None or body is None or not names:
        return None
    changed = _assigned_names(body)
    parts: list[str] = []
    at = cond.start_byte
    data = cond.text or b""
    for n in (cond, *gosyntax.walk(cond)):
        if n.type == "call_expression" and gosyntax.callee_text(n) != "len":
            return None
        if n.type == "unary_expression" and gosyntax.field(n, "operator").type == "<-":
            return None
        if n.type != "identifier":
            continue
        name = gosyntax.text(n)
        if name in names:
            parts.append(
                data[at - cond.start_byte : n.start_byte - cond.start_byte].decode(errors="replace")
            )
            parts.append(f"${names.index(name)}")
            at = n.end_byte
        elif name in changed:
            return None
    parts.append(data[at - cond.start_byte :].decode(errors="replace"))
    return first, "".join(parts).replace(" ", "")


def _filtered_everywhere(loop: tree_sitter.Node, collection: str, key: str) -> bool:
    """FILTERED_RANGE holds only where the declaration around the loop never counts
    the collection unfiltered (`len(xs)`, or a range over it without the same filter):
    a filtered count is at most the whole, a relation the counts cannot express, so
    mixing the two keeps the plain count (a `wg.Add(len(xs))` against `Done`s in a
    filtered loop stays judged)."""
    for n in gosyntax.walk(gosyntax.top_level(loop), skip_functions=False):
        if n.type == "range_clause" and n.parent is not None and n.parent != loop:
            right = gosyntax.unparen(n.child_by_field_name("right"))
            if right is None or _norm(right) != collection:
                continue
            other = _leading_filter(n.parent, n, _loop_label(n.parent))
            if other is None or other[1] != key:
                return False
        elif n.type == "call_expression" and gosyntax.callee_text(n) == "len":
            args = gosyntax.call_arguments(n)
            if args and _norm(args[0]) == collection:
                return False
    return True


def _loop_label(loop: tree_sitter.Node) -> str | None:
    parent = loop.parent
    return _label_of(parent) if parent is not None and parent.type == "labeled_statement" else None


def _assigned_names(body: tree_sitter.Node) -> frozenset[str]:
    """Names a loop body assigns to, steps or takes the address of (`x = ...`, `x.f++`,
    `&x`): the variable at the root of each target."""
    out: set[str] = set()
    for n in gosyntax.walk(body, skip_functions=False):
        for target in gosyntax.written_targets(n):
            root = gosyntax.unparen(target)
            while root is not None and root.type in ("selector_expression", "index_expression"):
                root = gosyntax.unparen(root.child_by_field_name("operand"))
            if root is not None and root.type == "identifier":
                out.add(gosyntax.text(root))
    return frozenset(out)


def _runs_handed_code(func: tree_sitter.Node, package: Package) -> bool:
    """HANDED_CODE, the exception to CALM_PACKAGE_CALLS: the function calls code its
    caller hands it, a parameter of function type (`fn()`) or a function-typed field
    of a parameter or the receiver (`s.Do(ctx)` of a `Step` whose `Do` is an `Action`,
    `type Action func(...)`): that code may panic (a saga runner's recovered step).
    Trade-off: interface methods of parameters are not counted, nor code two calls
    down."""
    from goleash.analysis.values import base_type_name  # values builds on this module

    handed: dict[str, tree_sitter.Node | None] = dict(gosyntax.parameters(func))
    recv = func.child_by_field_name("receiver")
    for p in recv.named_children if recv is not None else ():
        for n in p.named_children:
            if n.type == "identifier":
                handed[gosyntax.text(n)] = p.child_by_field_name("type")
    if not handed:
        return False
    body = func.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        if n.type != "call_expression":
            continue
        fn = gosyntax.unparen(n.child_by_field_name("function"))
        if fn is None:
            continue
        if fn.type == "identifier" and gosyntax.text(fn) in handed:
            return True
        if fn.type != "selector_expression":
            continue
        operand = fn.child_by_field_name("operand")
        name = gosyntax.text(operand) if operand is not None else ""
        if operand is None or operand.type != "identifier" or name not in handed:
            continue
        owner = base_type_name(handed[name])
        found = (
            package.field_type(owner, gosyntax.text(gosyntax.field(fn, "field"))) if owner else None
        )
        if found is not None and package.is_function_type(found[1]):
            return True
    return False
