"""The one liveness question, asked of every channel and WaitGroup a function creates.

An *identity* is one abstract channel or WaitGroup: a local `make` (a new channel
per loop iteration when made inside a loop), the fresh channel a helper of the
package returns at each call, a WaitGroup declared in the function. Its *root* is the
function it is born in; its *partners* are the goroutines that function starts (with
`go`, `X.Go(func...)` or a spawn wrapper of the package), the functions it calls and
defers, each seen through the parameters the identity is bound to.

One forward path analysis of the root, from the birth to every way the identity's
life ends there (a `return`, the end of the function, the next iteration of the
loop that made it), counts what happens to it: the root's own sends and receives
on the path, and what each partner started on the path will do, taken from the
partner's own paths (at least and at most how many sends, receives, `Done`s; whether
it closes). Then:

- at a way out, more sends than receives plus the buffer leaves a sender blocked
  forever; more receives than sends, and no close, leaves a receiver blocked; a
  goroutine ranging over the channel needs a close;
- at the root's own receive (or `Wait`), nothing left to receive on some path means
  the root itself blocks forever.

An operation in a `select` with a `default` never blocks and never counts as a
release; one in a `select` with other cases may escape through them, so a partner's
such operation is never relied on. The partner set must be closed: an identity
that reaches code we cannot see (an unknown function, a store into a field or a
global, a return, a closure handed elsewhere) is not judged on any path through that
hand-over (ESCAPES_ON_ITS_PATH), and not at all when the hand-over is inside a
function literal or a goroutine of its own.
"""

from __future__ import annotations

import itertools
import re
import weakref
from collections.abc import Callable, Collection, Hashable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

import tree_sitter

from goleash import gosyntax
from goleash.analysis import paths, unset_fields
from goleash.analysis.caller_contexts import caller_context_case, derived_on_one_branch_only
from goleash.analysis.cfg import (
    ABORT,
    NORMAL_EXITS,
    TESTFAIL,
    Case,
    Event,
    Loop,
    calls_recover,
    dropped_after_func,
    is_channel_type,
    reaches,
)
from goleash.analysis.cfg import Node as CfgNode
from goleash.analysis.closed_flags import exit_after_flagged_close, exit_needs_closed
from goleash.analysis.closed_inputs import drained_after_closing_input
from goleash.analysis.counted_lanes import counted_lanes
from goleash.analysis.counted_selects import drains_each_once
from goleash.analysis.counts import INF, Interval, Lin, Symbol, Term
from goleash.analysis.decided_flags import Assumed, constant_flags, contradicts, shared_flags
from goleash.analysis.exhaustive_chains import implicit_else_ruled_out
from goleash.analysis.failure_reports import read_only_to_fail
from goleash.analysis.field_closers import closing_methods
from goleash.analysis.first_of_many import (
    closed_by,
    returns_received_value,
    returns_what_it_received,
)
from goleash.analysis.fresh_objects import fixed_fields, receiver_writes, tested_field
from goleash.analysis.functions import (
    Function,
    Functions,
    argument_texts,
    bound_params,
    copied_by_value,
    field_copies,
    local_source,
    param_var,
    receiver_var,
)
from goleash.analysis.gated_exits import gated_by_a_later_close
from goleash.analysis.gated_replies import reply_needs_a_skipped_request
from goleash.analysis.index import receiver_name, receiver_type_name
from goleash.analysis.inert_runs import runs
from goleash.analysis.joining_wrappers import joins_its_goroutines
from goleash.analysis.literal_nesting import Nesting, nesting
from goleash.analysis.map_keys import lost_on_overwrite, lost_under_key
from goleash.analysis.mirrored_errors import quit_on_the_reported_error
from goleash.analysis.nil_results import received_before_nil_check
from goleash.analysis.once_flags import runs_once_by_flag
from goleash.analysis.outlived_parents import outlived_parent_case, waits_on_outlived_parent
from goleash.analysis.package import field_read, field_selectors
from goleash.analysis.regions import Outcome, Solver, Unanalysable
from goleash.analysis.replaced_cancels import replaced_field_cancel
from goleash.analysis.run_once import runs_once_by_main
from goleash.analysis.scopes import Var
from goleash.analysis.start_guards import skipped_like_the_start
from goleash.analysis.uncancelled_contexts import (
    OpenContext,
    OpenContexts,
    contexts_left_open,
    open_context_beside,
    waits_only_on,
)
from goleash.analysis.values import CallRef, DoneRef, ElemRef, FieldRef, VarRef, appended_value
from goleash.analysis.waited_signals import won_after_return, won_after_wait

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.analysis.values import Ref, Resolver
    from goleash.source import SourceFile

MAX_DEPTH = 4  # how deep partners and callees are followed

_T = TypeVar("_T")
# (variables standing for the identity, variables whose field is it) in one function.
Binding: TypeAlias = "tuple[frozenset[Var], frozenset[Var]]"
# A node worth naming on a path: a CFG node (a jump, a way out) or a select case.
TrailItem: TypeAlias = "CfgNode | tree_sitter.Node"
Trail: TypeAlias = "tuple[TrailItem, ...]"
# An operation on the identity, and the function doing it.
Op: TypeAlias = "tuple[Event, Function]"


class Escaped(Exception):
    """The identity reaches code we cannot see."""


@dataclass(eq=False)
class Identity:
    kind: str  # "chan" or "wg"
    name: str
    var: Var | None  # the root's variable
    root: Function
    birth: tree_sitter.Node  # the make call / declaring spec / the helper call
    birth_node: CfgNode  # the CFG node of the birth
    capacity: Lin = field(default_factory=Lin)
    capacity_known: bool = True
    helper: Function | None = None  # for a helper's fresh channel: the helper
    helper_var: Var | None = None
    field: str | None = None  # a struct field reached through `var` (`p.jobs`, `b.wg`)
    helper_base: Var | None = None  # a constructor's own variable for the struct it returns
    # Goroutines already running when the root starts (a method's view of a struct whose
    # goroutine its constructor started): their summaries open the path.
    running: tuple[Partner, ...] = ()
    protocol: bool = False  # a method seen serving a field its struct's goroutine blocks on
    cancel_var: Var | None = (
        None  # for a context's Done channel: the cancel function that closes it
    )
    # For a WaitGroup field counted up in one method (`Submit`: Add, then go) and waited
    # on in another (`Drain`): (the wait event, its function).
    waiter: tuple[Event, Function] | None = None
    # The other channels of a select whose cases all receive from channels of the root
    # (`case v := <-values: ... case err := <-failures:`): counted as one, a path of the
    # goroutine that sends on none of them leaves the select waiting.
    group: tuple[Var, ...] = ()
    # For a context whose cancel is kept in a map and lost there: ("key", the store's index
    # expression, a lookup under another key, its file) when the package never looks it up
    # by the key it was stored under; ("overwrite", the store, the holder's field) when an
    # upsert replaces the entry without cancelling it.
    # Any: rules/gl003 reads the tuple's shape by its tag, in code that has checked it is not
    # None elsewhere; a union of tagged tuples there needs that rule narrowed first.
    lost_key: Any = None
    # WATCHDOG_SIGNAL: a channel the root only ever closes, to release a goroutine that
    # also waits on a context the root neither makes nor cancels (see _watchdog_signal).
    watchdog: bool = False
    # CALLER_CONTEXT_ONLY: a channel the root only receives from, fed by a goroutine whose
    # send waits beside the caller's `ctx.Done()` alone (see _consumer_of_caller_context).
    caller_context: bool = False
    # KEPT_TO_CANCEL_LATER: a context derived from the caller's (not a root context) whose
    # cancel is kept in a field: its Done channel closes when that cancel is called or the
    # caller's context ends, whichever comes first.
    caller_parent: bool = False
    # CHANNEL_SLICE: the identity is every element of a slice of channels (`chans[i]`),
    # counted as one channel; the slice itself is only their holder.
    elements: bool = False
    element_make: tree_sitter.Node | None = (
        None  # `chans[i] = make(chan T)`, for its note and buffer
    )
    # APPENDED_ELEMENTS: the local each element is made into before `chans = append(chans,
    # ch)`; in its iteration (and in the goroutine it is handed to) it is the element.
    element_vars: tuple[Var, ...] = ()
    # BUFFER_PER_ELEMENT: the constant buffer of each element a helper makes
    # (HELPER_ELEMENTS); every element made adds its room to the whole's.
    element_buffer: int = 0
    # SHARED_FLAG: the value of each flag the root and its goroutine both test, assumed by
    # this judgement (decided_flags.py); empty when the paths are joined.
    assumed: Assumed = ()

    @classmethod
    def of_field(cls, func: Function, shown: str, field: str) -> Identity:
        """A struct's channel field as `func` (the goroutine that blocks on it) sees it:
        no variable of its own, there from `func`'s entry."""
        assert func.cfg is not None  # the callers judge only functions with a graph
        return cls("chan", shown, None, func, func.node, func.cfg.entry, field=field)

    def binding(self) -> Binding:
        """(variables standing for the identity, variables whose `field` is it) in the root."""
        if self.var is None:
            return frozenset(), frozenset()  # a helper's result used on the spot: the call itself
        if self.field is not None:
            return frozenset(), frozenset({self.var})
        return frozenset({self.var, *self.group, *self.element_vars}), frozenset()


@dataclass(frozen=True)
class Partner:
    """A goroutine (or deferred/called function) acting on the identity."""

    event: Event  # the spawn/call/defer event
    func: Function
    summary: Summary
    kind: str  # "goroutine", "call", "defer"
    repeated: bool = False  # started inside a loop of the root
    # For a running partner standing for several goroutines (COUNTED_BY_A_FIELD): how
    # many, as the root's loop that counts them.
    times: Symbol | None = None


@dataclass(frozen=True)
class Summary:
    bal: Lin  # mandatory sends minus receives (or Adds minus Dones), over the partner's paths
    closes: bool  # closes on every path
    closes_some: bool
    escapable: bool  # has an operation that may escape through another select case
    absorbs: bool  # drains until closed (ranges to the end)
    ranges: tuple[Op, ...]  # range events over the identity
    ops: tuple[Op, ...]  # (event, Function) of its blocking operations on the identity
    min_exit: CfgNode | None = None  # where the path with the fewest sends/Dones ends
    max_exit: CfgNode | None = None
    partners: tuple[Partner, ...] = ()
    empty: bool = False  # never touches the identity
    trail_lo: Trail = ()  # the path with the least (sends - receives): the most receives or fewest sends
    trail_hi: Trail = ()
    open_exit: CfgNode | None = None  # where a path that does not close the identity ends
    stops: bool = True  # has a way out (else it only ever loops)
    # SENDS_OR_CLOSES: every way out has sent at least once or closed (`if err != nil {
    # started <- err; return }; close(started)`): a single receive is always served.
    sends_or_closes: bool = False

    @staticmethod
    def uncounted() -> Summary:
        """The summary of a partner the shape analyses name but do not count (the struct
        goroutine of a stop, reply or queue verdict): no balance, no close, no operation."""
        return Summary(Lin(), False, False, False, False, (), ())


@dataclass(frozen=True)
class Flow:
    bal: Lin = field(default_factory=Lin)
    closed: bool = False  # on every path so far
    closed_some: bool = False
    escapable: bool = False
    absorbs: bool = False
    ranges: tuple[Op, ...] = ()
    deferred: Lin = field(default_factory=Lin)
    deferred_close: bool = False
    partners: tuple[Partner, ...] = ()
    trail_hi: Trail = ()  # notable nodes on the path with the most pending sends
    trail_lo: Trail = ()
    ops: tuple[Op, ...] = ()
    trail_open: Trail = ()  # a path on which the identity is not closed
    # What the deferred calls do when the function panics, once a deferred `recover()`
    # function is registered (`if r := recover(); r != nil { res <- errResult }`): its
    # panicking summary in place of its normal one, applied at the ways out a panic takes
    # (RECOVER_MEANS_PANICS in cfg.py). None: the same as `deferred`. Kept whole rather
    # than as a difference from `deferred`: intervals do not cancel (`[1,1] - [0,1]` is
    # `[0,1]`, and added back to `[0,1]` would count two sends where there is one).
    panic_deferred: Lin | None = None
    panic_close: bool = False
    # ESCAPES_ON_ITS_PATH: the identity has reached code we cannot see on some path so far
    # (the root's only); a way out or an operation it reaches is not judged.
    escaped: bool = False


def _noted(st: Flow, item: TrailItem) -> Flow:
    """Remember a node worth naming (a case taken, a jump, a way out) on every trail."""
    return replace(
        st,
        trail_hi=st.trail_hi + (item,),
        trail_lo=st.trail_lo + (item,),
        trail_open=st.trail_open + (item,),
    )


# DEFERRED_TILL_THE_END's loops: trip counts known before the loop starts.
BOUNDED_TRIPS = frozenset({"const", "upto", "range", "count"})


def _exited(st: Flow, node: CfgNode | None = None) -> Flow:
    """The state once the function's deferred calls have run (at `node`, a way out a
    recovered panic may take, with what the recovering function does then)."""
    deferred, close = st.deferred, st.deferred_close
    if node is not None and getattr(node, "recovered", False):
        if st.panic_deferred is not None:
            deferred = st.panic_deferred
        close = close or st.panic_close
    if deferred.is_zero() and not close:
        return st
    return replace(
        st, bal=st.bal + deferred, closed=st.closed or close, closed_some=st.closed_some or close
    )


def _panic_join(a: Flow, b: Flow) -> Lin | None:
    if a.panic_deferred is None and b.panic_deferred is None:
        return None
    pa = a.panic_deferred if a.panic_deferred is not None else a.deferred
    pb = b.panic_deferred if b.panic_deferred is not None else b.deferred
    return pa.join(pb)


def _panic_compose(before: Flow, rel: Flow) -> Lin | None:
    if before.panic_deferred is None and rel.panic_deferred is None:
        return None
    pa = before.panic_deferred if before.panic_deferred is not None else before.deferred
    pb = rel.panic_deferred if rel.panic_deferred is not None else rel.deferred
    return pa + pb


def _union(a: tuple[_T, ...], b: tuple[_T, ...]) -> tuple[_T, ...]:
    if not b:
        return a
    if not a:
        return b
    return a + tuple(x for x in b if x not in a)


class _OpUnions:
    """`_union` of operation tuples, with a set of the members of each long tuple.

    UNION_BY_SET: a join of the paths of an `if` with thousands of `else if` arms (each
    receiving) unions an operation into a tuple of thousands, once per arm; scanning the
    tuple for it made such a chain quadratic. A long tuple's members are kept in a set,
    handed on to the tuple the union makes (a tuple joined once, as along a chain, never
    needs its own again) and rebuilt when an older tuple is joined again. Operations are
    (event, function) pairs, hashed by identity. Trade-off: a few long tuples' sets are
    held (at most LIMIT) for as long as the file's analysis."""

    LONG = 64
    LIMIT = 64

    def __init__(self) -> None:
        self._sets: dict[int, tuple[tuple[Op, ...], set[Op]]] = {}

    def __call__(self, a: tuple[Op, ...], b: tuple[Op, ...]) -> tuple[Op, ...]:
        if not b:
            return a
        if not a:
            return b
        if len(a) < self.LONG:
            return _union(a, b)
        held = self._sets.pop(id(a), None)
        members = held[1] if held is not None and held[0] is a else set(a)
        extra = tuple(x for x in b if x not in members)
        if not extra:
            self._keep(a, members)
            return a
        members.update(extra)
        out = a + extra
        self._keep(out, members)
        return out

    def _keep(self, ops: tuple[Op, ...], members: set[Op]) -> None:
        self._sets[id(ops)] = (ops, members)
        if len(self._sets) > self.LIMIT:
            del self._sets[next(iter(self._sets))]


@dataclass
class Verdict:
    """One blocked operation and why."""

    kind: str  # stuck-send, stuck-recv, stuck-range, root-recv, root-send, root-range, root-wait
    identity: Identity
    event: Event  # the blocked operation's event
    func: Function  # the function holding it
    partner: (
        Partner | None
    )  # the goroutine blocked (stuck-*) or the one that fails the root (root-*)
    exit: CfgNode | None = None  # the root's way out that abandons it (CFG node)
    trail: Trail = ()
    # Facts of several kinds, by key, each read by the rule of the verdict's kind.
    detail: dict[str, Any] = field(default_factory=dict)


# A summary's cache key: the identity, the function (start byte, file), binding, mode,
# and the flags the call passes as literals (CONSTANT_ARGUMENT).
_SummaryKey: TypeAlias = "tuple[int, int, str, Binding, str, Assumed]"
# BALANCED_HAPPY_PATH's assumption: (the unnamed term, its coefficient, the counted symbol).
_Assumed: TypeAlias = "tuple[Term, Interval, Symbol]"


class _Analysis:
    """Counting for one identity inside one function (root, partner or callee)."""

    def __init__(
        self,
        model: Liveness,
        ident: Identity,
        func: Function,
        binding: Binding,
        mode: str,
        depth: int,
        constants: Assumed = (),
    ) -> None:
        self.model = model
        self.ident = ident
        self.func = func
        self.aliases, self.bases = binding
        # CONSTANT_ARGUMENT: the flags this call of the function was passed as literals.
        self.constants = constants
        if self.bases and ident.field is not None:
            self.aliases = self.aliases | _field_copies(func, self.bases, ident.field)
        self._names: frozenset[bytes] | None = None  # of aliases and bases (_passes_by)
        self.mode = mode  # "root" | "partner" | "own"
        self.depth = depth
        # ESCAPES_ON_ITS_PATH, for a root only: the CFG nodes (by id) where an alias
        # reaches code we cannot see. None: any escape stops the judgement (Escaped).
        self.escapes_at: frozenset[int] | None = None
        self.escape_nodes: tuple[CfgNode, ...] = ()  # the nodes escapes_at names

    # -- the domain --------------------------------------------------------

    def zero(self) -> Flow:
        return Flow()

    def join(self, a: Flow, b: Flow) -> Flow:
        hi_a, hi_b = a.bal.max(), b.bal.max()
        lo_a, lo_b = a.bal.min(), b.bal.min()
        return Flow(
            a.bal.join(b.bal),
            a.closed and b.closed,
            a.closed_some or b.closed_some,
            a.escapable or b.escapable,
            a.absorbs and b.absorbs,
            self.model.unions(a.ranges, b.ranges),
            a.deferred.join(b.deferred),
            a.deferred_close and b.deferred_close,
            _union(a.partners, b.partners),
            a.trail_hi if hi_a >= hi_b else b.trail_hi,
            a.trail_lo if lo_a <= lo_b else b.trail_lo,
            self.model.unions(a.ops, b.ops),
            a.trail_open if not a.closed or b.closed else b.trail_open,
            _panic_join(a, b),
            a.panic_close and b.panic_close,
            a.escaped or b.escaped,
        )

    def compose(self, before: Flow, rel: Flow) -> Flow:
        return Flow(
            before.bal + rel.bal,
            before.closed or rel.closed,
            before.closed_some or rel.closed_some,
            before.escapable or rel.escapable,
            before.absorbs or rel.absorbs,
            self.model.unions(before.ranges, rel.ranges),
            before.deferred + rel.deferred,
            before.deferred_close or rel.deferred_close,
            _union(before.partners, rel.partners),
            before.trail_hi + rel.trail_hi,
            before.trail_lo + rel.trail_lo,
            self.model.unions(before.ops, rel.ops),
            before.trail_open + rel.trail_open,
            _panic_compose(before, rel),
            before.panic_close or rel.panic_close,
            before.escaped or rel.escaped,
        )

    def iterate(self, before: Flow, loop: Loop, iteration: Flow, partial: bool) -> Flow:
        rel = replace(
            iteration,
            bal=iteration.bal.scaled(loop.symbol, partial),
            deferred=iteration.deferred.scaled(loop.symbol, partial),
            panic_deferred=(
                iteration.panic_deferred.scaled(loop.symbol, partial)
                if iteration.panic_deferred is not None
                else None
            ),
            closed=False,  # a close inside the loop may not have run (zero iterations)
            partners=tuple(replace(p, repeated=True) for p in iteration.partners),
            trail_hi=(),
            trail_lo=(),
            trail_open=(),
        )
        return self.compose(before, rel)

    def loop_done(self, loop: Loop, state: Flow) -> Flow:
        if loop.drain_ref is not None and self.mode != "root" and self._matches(loop.drain_ref):
            # `v, ok := <-ch; if !ok { return }` in a loop: it drains until closed, as a range does.
            if loop.drain_event is not None:  # and it has no other way out (UNTIL_CLOSED)
                ranges = state.ranges + ((loop.drain_event, self.func),)
                return replace(state, absorbs=True, ranges=ranges)
            return replace(state, absorbs=True)
        ref = loop.range_ref
        if ref is not None and self._matches(ref):
            # A range over the identity ends only once it is closed and drained.
            if self.mode in ("partner", "own"):
                # A function called with the channel (`writeCSV(rows)` in a goroutine)
                # drains it like a partner's own range; that it is closed afterwards is
                # someone else's close, not one this callee makes for its caller.
                return replace(state, absorbs=True)
            # (Only a close ends it; whether anyone closes is the question, not a fact.)
            return replace(state, bal=Lin(), closed=True)
        return state

    def _ends_with_the_context(self, arm: CfgNode) -> bool:
        """CONTEXT_BOUND_STREAM, for the first node of a case."""
        recvs = [e for e in arm.events if e.kind == "recv"]
        return (
            len(recvs) == 1
            and recvs[0].case is not None
            and _stream_of_the_context(recvs[0].case.node, self.func, self.ident, self.model)
        )

    def _outside_context_case(self, arm: CfgNode) -> bool:
        """`case <-ctx.Done():` beside a receive from the identity, in the same select."""
        recvs = [e for e in arm.events if e.kind in ("send", "recv")]
        if len(recvs) != 1 or recvs[0].kind != "recv" or not isinstance(recvs[0].ref, DoneRef):
            return False
        case = recvs[0].case
        if case is None:
            return False
        for c in gosyntax.select_cases(case.select):
            if c.type == "communication_case" and c != case.node:
                operand = gosyntax.received_operand(c)
                if operand is not None and self._matches(self.func.resolver.ref(operand)):
                    return True
        return False

    def _caller_context_beside_a_send(self, arm: CfgNode) -> bool:
        """`case <-ctx.Done():` of the caller's context beside a send on the identity, in
        the same select (CALLER_CONTEXT_ONLY)."""
        recvs = [e for e in arm.events if e.kind in ("send", "recv")]
        if len(recvs) != 1 or recvs[0].kind != "recv" or not isinstance(recvs[0].ref, DoneRef):
            return False
        case = recvs[0].case
        if case is None or not caller_context_case(case.node):
            return False
        for c in gosyntax.select_cases(case.select):
            comm = gosyntax.case_communication(c) if c != case.node else None
            if comm is not None and comm.type == "send_statement":
                channel = comm.child_by_field_name("channel")
                if channel is not None and self._matches(self.func.resolver.ref(channel)):
                    return True
        return False

    def feasible(self, arm: CfgNode, state: Flow) -> bool:
        """`if ch != nil` / `if ch == nil` on the identity: it is made, so one arm never runs.
        A select case on a channel of this function that nothing ever serves never wins."""
        if arm.kind == "case":
            if self.ident.watchdog and self.mode == "partner" and self._outside_context_case(arm):
                return False  # the caller's context: nothing here ever ends it
            if (
                self.ident.caller_context
                and self.mode == "partner"
                and self._caller_context_beside_a_send(arm)
            ):
                return False  # CALLER_CONTEXT_ONLY: nothing here ever ends it
            if self.mode == "partner" and arm.ast is not None and outlived_parent_case(arm.ast):
                return False  # PARENT_BESIDE_CHILD: the root's way out cancels the child only
            if self._won_after_the_waiters_finish(arm):
                return False  # WON_AFTER_WAIT: leaving through it abandons nobody
            if self.mode == "partner" and self._ends_with_the_context(arm):
                return False  # CONTEXT_BOUND_STREAM: it ends only when the context does
            return not any(_dead(self.func, e) for e in arm.events if e.kind in ("send", "recv"))
        assert arm.arm is not None  # the solver asks only of arms and cases
        cond_node, taken = arm.arm
        assert cond_node.ast is not None  # the if statement
        if contradicts(cond_node.ast, taken, self.func, self.ident.assumed):
            return False  # SHARED_FLAG: this judgement assumes the flag's other value
        if contradicts(cond_node.ast, taken, self.func, self.constants):
            return False  # CONSTANT_ARGUMENT: the caller passed the flag's other value
        decided = self.model.decided_arm(cond_node.ast, self.func)
        if decided is not None and decided != taken:
            return False  # NEVER_SET: the condition reads a field nothing sets
        if taken and self.mode != "panic" and _fallback_arm(cond_node.ast):
            return False
        if not taken and self._closed_by_the_first_call(cond_node.ast):
            return False  # FIRST_CALL_WINS
        if not taken and implicit_else_ruled_out(cond_node.ast, self.func.node):
            return False  # EXHAUSTIVE_ELSE_IF
        if taken and self._lost_the_swap_before_close(cond_node.ast):
            return False  # FIRST_CALL_WINS, written `if !swapped() { return }; close(ch)`
        fresh = self._fresh_flag_value(cond_node.ast)
        if fresh is not None and fresh != taken:
            return False  # FRESH_OBJECT_FLAGS: a field the root's object never has set
        if self.mode == "panic" and _skips_the_recover(self.func.node, cond_node.ast, taken):
            return False  # PANIC_GOES_ON
        cond = gosyntax.unparen(cond_node.ast.child_by_field_name("condition"))
        if cond is None or cond.type != "binary_expression":
            return True
        op = gosyntax.field(cond, "operator").type
        if op not in ("==", "!="):
            return True
        left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
        if right is not None and right.type == "nil":
            other = left
        elif left is not None and left.type == "nil":
            other = right
        else:
            return True
        is_nil_arm = taken if op == "==" else not taken
        if self.mode == "panic" and _recovered_value(self.func, gosyntax.unparen(other)):
            return not is_nil_arm  # the deferred function of a function that panicked
        ref = self.func.resolver.ref(other)
        if self.ident.kind in ("chan", "wg") and self._matches(ref):
            # The identity is a made channel, or a WaitGroup handed by its address
            # (`if wg != nil { defer wg.Done() }` in a worker given `&wg`).
            return not is_nil_arm
        if isinstance(ref, VarRef) and ref.var in self.bases:
            return (
                not is_nil_arm
            )  # `if s == nil { return }`: a nil struct has no goroutine to abandon
        return is_nil_arm or not _never_non_nil(
            self.func, gosyntax.unparen(other), self.model.functions
        )

    def _won_after_the_waiters_finish(self, arm: CfgNode) -> bool:
        """A case receiving from a local channel closed only after a `wg.Wait()` that
        counts every goroutine of the function waiting on the identity (waited_signals)."""
        var = self.ident.var
        if self.ident.kind != "chan" or var is None or var.func != self.func.node:
            return False
        recvs = [e for e in arm.events if e.kind == "recv"]
        if len(recvs) != 1 or not isinstance(recvs[0].ref, VarRef):
            return False
        finish = recvs[0].ref.var
        if finish.func != self.func.node or finish is var:
            return False
        return won_after_wait(self.func.node, finish.name, var.name) or won_after_return(
            self.func.node, finish.name, var.name
        )

    def _fresh_flag_value(self, if_stmt: tree_sitter.Node) -> bool | None:
        """The value of `if x.f` (`!x.f`, `x.f.Load()`, a local mirroring them) when `x`
        holds the root's object and `f` is a field that keeps one value
        (fresh_objects.py): false when never set, true when its literal set it so and
        nothing sets it again. None: anything else."""
        ident = self.ident
        if ident.field is None or ident.var is None or not self.bases:
            return None
        tested = tested_field(if_stmt, self.func.resolver.scopes.lookup)
        if tested is None:
            return None
        selector, negated = tested
        ref = self.func.resolver.ref(selector.child_by_field_name("operand"))
        if not isinstance(ref, VarRef) or ref.var not in self.bases:
            return None
        value = self.model.fixed_fields(ident.var).get(
            gosyntax.text(gosyntax.field(selector, "field"))
        )
        if value is None:
            return None
        return value != negated

    def _closed_by_the_first_call(self, if_stmt: tree_sitter.Node) -> bool:
        """FIRST_CALL_WINS: `if c.closed.CompareAndSwap(false, true) { ...; close(ch) }`.
        Whichever call wins the swap closes the channel; one that loses finds it closed
        (or being closed) by the winner, so after any call it counts as closed: the arm
        where the swap fails is not a way to leave it open. Only for a close of the
        identity itself in the `if`'s own block. Trade-off: a winner that panics or
        returns before its close is taken to close all the same."""
        if not self._wins_a_swap(if_stmt.child_by_field_name("condition")):
            return False
        body = if_stmt.child_by_field_name("consequence")
        for n in gosyntax.walk(body) if body is not None else ():
            if n.type == "call_expression" and gosyntax.callee_text(n) == "close":
                args = gosyntax.call_arguments(n)
                if len(args) == 1 and self._matches(self.func.resolver.ref(args[0])):
                    return True
        return False

    def _lost_the_swap_before_close(self, if_stmt: tree_sitter.Node) -> bool:
        """`if !db.setClosed() { return nil }` followed, in the same block, by a plain
        `close(db.closeC)`: the call that loses the swap finds the channel closed (or
        being closed) by the one that won, as FIRST_CALL_WINS reads the positive form."""
        cond = gosyntax.unparen(if_stmt.child_by_field_name("condition"))
        if cond is None or cond.type != "unary_expression":
            return False
        if gosyntax.field(cond, "operator").type != "!":
            return False
        if not self._wins_a_swap(cond.child_by_field_name("operand")):
            return False
        after = if_stmt.next_named_sibling
        while after is not None:
            if after.type in ("return_statement", "if_statement", "for_statement"):
                return False  # the close may be skipped on the way
            call = after.named_children[0] if after.type == "expression_statement" else None
            if call is not None and call.type == "call_expression":
                args = gosyntax.call_arguments(call)
                if (
                    gosyntax.callee_text(call) == "close"
                    and len(args) == 1
                    and self._matches(self.func.resolver.ref(args[0]))
                ):
                    return True
            after = after.next_named_sibling
        return False

    def _wins_a_swap(self, cond: tree_sitter.Node | None) -> bool:
        """gosyntax.wins_a_swap, or a call of a method of the package whose whole body
        returns such a swap (`func (db *DB) setClosed() bool { return
        atomic.CompareAndSwapUint32(&db.closed, 0, 1) }`: WRAPPED_SWAP)."""
        if gosyntax.wins_a_swap(cond):
            return True
        call = gosyntax.unparen(cond)
        if call is None or call.type != "call_expression" or gosyntax.call_arguments(call):
            return False
        callee = self.model.functions.callee(call, self.func)
        body = callee.node.child_by_field_name("body") if callee is not None else None
        statements = gosyntax.statements(body) if body is not None else []
        if len(statements) != 1 or statements[0].type != "return_statement":
            return False
        values = statements[0].named_children
        if len(values) == 1 and values[0].type == "expression_list":
            values = values[0].named_children
        return len(values) == 1 and gosyntax.wins_a_swap(values[0])

    # -- transfer ----------------------------------------------------------

    def _matches(self, ref: Ref | None) -> bool:
        if self.ident.cancel_var is not None:
            # A context's Done channel, reached through the context (or a parameter bound to it).
            return (
                isinstance(ref, DoneRef)
                and isinstance(ref.base, VarRef)
                and ref.base.var in self.aliases
            )
        if self.ident.elements:
            if isinstance(ref, ElemRef):
                return ref.base.var in self.aliases
            # A parameter bound to an element (`go fetch(chans[i])`) is that channel, and
            # so is the helper's own channel that each element is (HELPER_ELEMENTS).
            return (
                isinstance(ref, VarRef)
                and ref.var in self.aliases
                and (
                    is_channel_type(ref.var.type_node)
                    or ref.var in self.ident.element_vars
                    or ref.var is self.ident.helper_var
                )
            )
        if isinstance(ref, VarRef):
            return ref.var in self.aliases
        if isinstance(ref, CallRef):
            return self.ident.var is None and ref.call == self.ident.birth
        if self.bases and isinstance(ref, FieldRef) and ref.field == self.ident.field:
            return isinstance(ref.base, VarRef) and ref.base.var in self.bases
        return False

    def _bound(self, ref: Ref | None) -> bool:
        """Does this value carry the identity (itself, or the struct holding it)?"""
        return self._matches(ref) or (isinstance(ref, VarRef) and ref.var in self.bases)

    def apart(self, state: Flow) -> Hashable:
        """LEFT_EARLY_APART (KEPT_APART in regions.py): in the starting function, while
        senders of no count we can name are about (workers draining a job channel), a
        path that left a counting loop of receives early (`break` at a quota) is not
        joined with the path that ran it to its end. BALANCED_HAPPY_PATH reads the
        second as the senders' count and judges the first against it; joined, the two
        blur into one interval that says nothing (blind dev p522). Trade-off: such
        functions carry two states past their loop instead of one."""
        if self.mode != "root" or self.ident.kind != "chan":
            return None
        terms = state.bal.terms.items()
        if not any(sym[0] in ("unique", "drain") and v != (0, 0) for (sym, _p), v in terms):
            return None
        return any(partial and v[0] < 0 for (_sym, partial), v in terms)

    def skip_to(self, node: CfgNode) -> CfgNode | None:
        """INERT_RUN: the next node of `node`'s straight run that may touch the identity,
        when `node` cannot (inert_runs.py): every node before it passes the state on
        unchanged. None: `node` is to be looked at. Only for an identity kept in a
        variable and not made by a helper the root calls (the call that makes it is
        then an event of its own, found by node rather than by name)."""
        if self.ident.var is None or self.ident.helper is not None:
            return None
        cfg = self.func.cfg
        entry = runs(cfg).get(node.id) if cfg is not None else None
        if entry is None:
            return None
        run, position = entry
        names = self._names_touching()
        stop = run.next_touching(position, names, self._mentions)
        for escape in self.escape_nodes:  # ESCAPES_ON_ITS_PATH marks the paths there
            at = runs(cfg).get(escape.id) if cfg is not None else None
            if at is not None and at[0] is run and at[1] >= position:
                stop = at[1] if stop is None else min(stop, at[1])
        if stop is None:
            stop = len(run.nodes) - 1  # the run's last node passes the state on itself
        return run.nodes[stop] if stop > position else None

    def _names_touching(self) -> frozenset[bytes]:
        """The names through which an event can reach the identity: its aliases, the
        structs holding it, and its cancel function."""
        names = self._names
        if names is None:
            names = self._names = frozenset(v.name.encode() for v in self.aliases | self.bases)
        cancel = self.ident.cancel_var
        return names | {cancel.name.encode()} if cancel is not None else names

    def _mentions(self, node: CfgNode) -> frozenset[bytes] | None:
        """The names of the variables `node`'s events may act on, as `transfer` reads
        them (a communication through its variable, a call through every name it
        spells, _passes_by); None when it must be looked at whatever they are (a case,
        a jump, a way out, a call running a function kept in a variable, a reference
        reached otherwise than through a variable)."""
        if node.terminal or node.kind in ("case", "jump") or node.kind in NORMAL_EXITS:
            return None
        found: set[bytes] = set()
        for ev in node.events:
            if ev.kind in ("send", "recv", "range", "close", "add", "done", "wait"):
                ref = ev.ref
                if ref is None:
                    continue  # _matches(None) is false for every identity
                if isinstance(ref, (FieldRef, DoneRef, ElemRef)):
                    ref = ref.base
                if not isinstance(ref, VarRef):
                    return None
                found.add(ref.var.name.encode())
            elif ev.kind in ("spawn", "call", "defer"):
                if ev.call is None or self.model.runs_local_value(ev.call, self.func):
                    return None
                found |= self.model.names_in(ev.call)
            elif ev.kind == "callvar" and ev.call is not None:
                return None
        return frozenset(found)

    def transfer(self, node: CfgNode, state: Flow, records: list[tuple[Event, Flow]]) -> Flow:
        if self.escapes_at is not None and id(node) in self.escapes_at:
            state = replace(state, escaped=True)
        for ev in node.events:
            state = self._event(node, ev, state, records)
        if node.kind == "case":
            assert node.ast is not None  # a case node stands for its case
            comm = (
                node.ast.child_by_field_name("communication")
                if node.ast.type == "communication_case"
                else None
            )
            if comm is None or not any(self._matches(e.ref) for e in node.events):
                # A case other than the identity's own: the path that gives up on it.
                state = _noted(state, node.ast)
        if node.kind == "jump":
            state = _noted(state, node)
        if node.kind in NORMAL_EXITS:
            # The deferred calls run here; they are applied to the whole path's state by
            # `_exited` (a return inside a loop sees defers registered before the loop).
            state = _noted(state, node)
        return state

    def _event(
        self, node: CfgNode, ev: Event, state: Flow, records: list[tuple[Event, Flow]]
    ) -> Flow:
        k = ev.kind
        if k in ("send", "recv", "range", "close", "add", "done", "wait"):
            if not self._matches(ev.ref):
                return state
            if ev.case is not None and not ev.case.blocking:
                if ev.case.default_fails and k in ("send", "recv"):
                    # POLL_OR_FAIL: a passing run took this case (or another of the
                    # select's): counted where it is, never a wait of its own.
                    return replace(state, bal=state.bal + Lin.of(1 if k == "send" else -1))
                # Non-blocking: never blocks, never relied on as a release; but it may happen
                # (a poll loop sending to a receiver that waits), so nothing is certain.
                if k in ("send", "recv") and self.mode == "root":
                    # TAKEN_CASE_HAPPENED: on the branch of the case itself, the root's
                    # receive (or send) took place: `case err := <-done: return err` in a
                    # poll loop leaves nothing pending. The default's branch has none.
                    step = 1 if k == "send" else -1
                    return replace(state, bal=state.bal + Lin.of(step), escapable=True)
                return replace(state, escapable=True) if k != "close" else state
            escapable = ev.case is not None and _other_cases(
                ev.case, ev, self.ident.group and self.aliases
            )
            if k == "close":
                return replace(state, closed=True, closed_some=True)
            if k in ("send", "recv", "range", "wait"):
                state = replace(state, ops=state.ops + ((ev, self.func),))
                if self.mode == "root" and not escapable:
                    records.append((ev, state))
            if k == "range":
                return replace(
                    state, bal=state.bal - Lin.of(1), ranges=state.ranges + ((ev, self.func),)
                )
            if k == "wait":
                return state
            delta = {"send": 1, "recv": -1, "add": None, "done": -1}[k]
            if k == "add":
                return replace(state, bal=state.bal + self.model.amount(ev.arg, self.func))
            assert delta is not None  # only "add" has none, and it returned above
            if (
                escapable
                and self.mode == "partner"
                and ev.case is not None
                and _gives_up(ev.case)
                and not _bound_to_the_context(ev.case, self.func, self.ident, self.model)
                and not (self.ident.caller_context and _only_caller_context_beside(ev.case))
            ):
                # It happens on its own branch (the other leaves): counted there, but never
                # the operation a goroutine is stuck on, and never relied upon.
                return replace(state, bal=state.bal + Lin.of(delta), escapable=True)
            return replace(state, bal=state.bal + Lin.of(delta))
        if k in ("spawn", "call", "defer"):
            try:
                return self._invoke(node, ev, state)
            except Escaped:
                return self._escaped_here(state)
        if k == "callvar" and ev.call is not None:
            if (
                self.ident.cancel_var is not None
                and isinstance(ev.ref, VarRef)
                and ev.ref.var is self.ident.cancel_var
            ):
                return replace(state, closed=True, closed_some=True)  # cancel(): Done is closed
            try:
                self._check_args(ev.call, None)
            except Escaped:
                return self._escaped_here(state)
        return state

    def _escaped_here(self, state: Flow) -> Flow:
        """ESCAPES_ON_ITS_PATH: in a root judged path by path, an escape marks the paths
        through this node; anywhere else it stops the judgement."""
        if self.escapes_at is None:
            raise Escaped
        return replace(state, escaped=True)

    def _invoke(self, node: CfgNode, ev: Event, state: Flow) -> Flow:
        model = self.model
        ident = self.ident
        if (
            ident.helper is not None
            and ev.kind == "call"
            and ev.call is not None
            and ev.call in (ident.birth, ident.element_make)
            and self.mode == "root"
        ):
            binding: Binding = (
                frozenset({ident.helper_var}) if ident.helper_var is not None else frozenset(),
                frozenset({ident.helper_base}) if ident.helper_base is not None else frozenset(),
            )
            if not binding[0] and not binding[1]:
                return state  # a constructor that only builds the struct: nothing runs yet
            summary = model.summary(ident, ident.helper, binding, "own", self.depth + 1)
            summary = _in_the_callers_words(summary, ev.call, ident.helper)
            state = self._add(state, Partner(ev, ident.helper, summary, "call"), summary)
            if ident.element_buffer and ev.call == ident.element_make:
                state = replace(state, bal=state.bal - Lin.of(ident.element_buffer))
            return state
        if self._passes_by(ev.call):
            return state
        target: Function | None = None
        spawn = ev.kind == "spawn"
        call = bind_call = ev.call
        method_value: tree_sitter.Node | None = (
            None  # `spawn(ix.consume)`: a method value run by a spawn wrapper
        )
        if spawn:
            target = model.functions.spawn_target(ev, self.func)
        elif ev.kind == "defer":
            fn = (
                gosyntax.unparen(call.child_by_field_name("function")) if call is not None else None
            )
            if (
                ident.cancel_var is not None
                and fn is not None
                and fn.type == "identifier"
                and self.func.resolver.scopes.lookup(fn) is ident.cancel_var
            ):
                return replace(state, deferred_close=True)  # defer cancel()
            if call is not None and gosyntax.callee_text(call) == "close":
                args = gosyntax.call_arguments(call)
                if args and self._matches(self.func.resolver.ref(args[0])):
                    return replace(state, deferred_close=True)
                return state
            target = (
                model.functions.target(call.child_by_field_name("function"), self.func)
                if call is not None
                else None
            )
            if target is not None and call is not None and _is_done_call(call) is not None:
                target = None
            if target is None and call is not None:
                done = _is_done_call(call)
                if done is not None and self._matches(self.func.resolver.ref(done)):
                    return replace(
                        state,
                        deferred=state.deferred - Lin.of(1),
                        panic_deferred=(
                            state.panic_deferred - Lin.of(1)
                            if state.panic_deferred is not None
                            else None
                        ),
                    )
        else:
            if ev.target is not None:
                # `once.Do(func() { close(ch) })`: the literal the call runs (cfg.py names it).
                target = model.functions.get(ev.target, self.func.file)
            else:
                target = model.functions.callee(call, self.func) if call is not None else None
            if target is not None and not spawn and not self._wrapper_bound(target, call):
                assert call is not None  # target is the function it calls
                wrapped = model.functions.spawned_param(target)
                args = gosyntax.call_arguments(call)
                if wrapped is not None and wrapped < len(args):
                    inner = model.functions.target(args[wrapped], self.func)
                    if inner is not None:
                        self._check_wrapper_arguments(args, wrapped)
                        spawn = True
                        target = inner
                        # The wrapper calls it with arguments of its own: only what the
                        # function captures is bound here, not this call's arguments.
                        bind_call = None
                        method_value = gosyntax.unparen(args[wrapped])
        if target is None:
            self._check_args(call, None)
            self._check_receiver(call)
            return state
        binding = self._binding_in(target, bind_call)
        if method_value is not None and method_value.type == "selector_expression":
            binding = (binding[0], binding[1] | self._receiver_binding(method_value, target))
        if not binding[0] and not binding[1] and not self._calls_cancel(target):
            self._check_args(call, target)
            return state
        if self.depth >= MAX_DEPTH:
            raise Escaped
        mode = "partner" if spawn else "own"
        constants = constant_flags(bind_call, target)
        summary = model.summary(ident, target, binding, mode, self.depth + 1, constants)
        summary = _in_the_callers_words(summary, bind_call, target)
        on_panic = summary.bal  # what this deferred call does on a panicking way out
        if ev.kind == "defer" and calls_recover(target.node):
            # What it does when the function panicked (its `recover()` is not nil then).
            panicking = model.summary(ident, target, binding, "panic", self.depth + 1, constants)
            if (
                panicking.stops
            ):  # else it fails the test or ends the process: not a way out we judge
                on_panic = panicking.bal
                state = replace(
                    state,
                    panic_deferred=(
                        state.panic_deferred if state.panic_deferred is not None else state.deferred
                    ),
                    panic_close=state.panic_close or panicking.closes,
                )
        if ev.kind == "defer" and state.panic_deferred is not None:
            state = replace(state, panic_deferred=state.panic_deferred + on_panic)
        if summary.empty:
            return state
        if (
            not spawn
            and summary.closes_some
            and not summary.closes
            and ident.field is not None
            and _closes_on_its_first_call(target, ident.field)
        ):
            summary = replace(summary, closes=True)  # ALREADY_CLOSED_RETURN
        kind = "goroutine" if spawn else ("defer" if ev.kind == "defer" else "call")
        partner = Partner(ev, target, summary, kind)
        if ev.kind == "defer":
            # CLEANUP_UNDER_TEST: a deferred literal that closes on some of its paths
            # (`defer func() { if err != nil { t.Shutdown() } }()`, `if !ok`) is a
            # cleanup for the failing ways out, the ones a finding would name; a
            # deferred helper that closes only what is not closed yet (`defer
            # closeIfOpen(ch)`) closes it for good. Either is taken to close on every
            # way out after it. Trade-off: a way out on which the literal's test is
            # false, and which abandons the goroutine, is not reported. A named
            # method closing under a test of its own state (`if q.idle() { close(q.stop)
            # }`) is not a cleanup of this kind.
            cleanup = summary.closes_some and (
                target.node.type == "func_literal" or _closes_unless_closed(target.node)
            )
            return replace(
                state,
                deferred=state.deferred + summary.bal,
                deferred_close=state.deferred_close or summary.closes or cleanup,
                partners=state.partners + (partner,),
                ops=self.model.unions(state.ops, summary.ops),
            )
        return self._add(state, partner, summary)

    def _check_wrapper_arguments(self, args: list[tree_sitter.Node], wrapped: int) -> None:
        """WRAPPER_OTHER_ARGUMENTS: a spawn wrapper handed, besides the function it runs
        in `go`, a literal that reaches the identity (`testMockServer(t, serve, send,
        func() { <-done })`) may call that one itself: what it does to the identity is
        not followed, so the identity reaches code we cannot order (audit 38: bfe)."""
        for i, arg in enumerate(args):
            if i == wrapped or gosyntax.unparen(arg) is None:
                continue
            literal = gosyntax.unparen(arg)
            if literal is None or literal.type != "func_literal":
                continue
            fn = self.model.functions.get(literal, self.func.file)
            used = _uses_in(fn) if fn is not None else set()
            if used & (self.aliases | self.bases):
                raise Escaped

    def _wrapper_bound(self, target: Function, call: tree_sitter.Node | None) -> bool:
        """WRAPPER_OWN_CHANNEL: a spawn wrapper that itself reaches the identity (`g.Go(f)`
        whose goroutine sends f's result on `g.errc`) is followed as the call it is, into
        its own goroutine, rather than straight to the function it runs: what that
        function does to the identity through its captures is then not counted."""
        aliases, bases = self._binding_in(target, call)
        return bool(aliases or bases)

    def _add(self, state: Flow, partner: Partner, s: Summary) -> Flow:
        spawned = partner.kind == "goroutine"
        bal = s.bal
        if partner.kind == "call" and self.mode == "root" and s.ranges and not s.absorbs:
            bal = _collector_left_early(s)
        return replace(
            state,
            bal=state.bal + bal,
            closed=state.closed or s.closes,
            closed_some=state.closed_some or s.closes_some,
            escapable=state.escapable or s.escapable,
            absorbs=state.absorbs or s.absorbs,
            ranges=self.model.unions(state.ranges, s.ranges),
            partners=state.partners + (partner,) + (s.partners if not spawned else ()),
            ops=state.ops if spawned else self.model.unions(state.ops, s.ops),
        )

    def _passes_by(self, call: tree_sitter.Node | None) -> bool:
        """The call names none of the identity's variables (nor its cancel function) and
        runs no function literal kept in a variable of this function: nothing in it can
        bind, close, cancel or hand on the identity (every binding, `_binding_in`, and
        escape, `_check_args`, goes through such a name, or through a literal inside the
        call, whose names are the call's). Asked before the target is looked up: N
        channel/goroutine pairs in one function make N identities, each meeting all N
        goroutines."""
        if call is None or self.ident.var is None:
            return False
        names = self._names
        if names is None:
            names = self._names = frozenset(v.name.encode() for v in self.aliases | self.bases)
        cancel = self.ident.cancel_var
        mentioned = self.model.names_in(call)
        if not names.isdisjoint(mentioned) or (
            cancel is not None and cancel.name.encode() in mentioned
        ):
            return False
        return not self.model.runs_local_value(call, self.func)

    def _binding_in(self, target: Function, call: tree_sitter.Node | None) -> Binding:
        """(aliases, bases) of the identity inside `target`."""
        aliases: set[Var] = set()
        bases: set[Var] = set()
        if call is not None:
            aliases |= bound_params(call, target, self.func, self.aliases)
            bases |= bound_params(call, target, self.func, self.bases)
            if (
                self.ident.kind == "chan"
                and self.ident.cancel_var is None  # a context is handed as a context
                and any(_foreign_typed(v) for v in aliases)
            ):
                raise Escaped
            if self.bases:
                for i, arg in enumerate(gosyntax.call_arguments(call)):
                    if self._matches(self.func.resolver.ref(arg)):
                        v = param_var(target, i)  # `go consume(p.jobs)`
                        if v is not None:
                            aliases.add(v)
                fn = gosyntax.unparen(call.child_by_field_name("function"))
                if (
                    fn is not None
                    and fn.type == "selector_expression"
                    and target.node.type == "method_declaration"
                ):
                    ref = self.func.resolver.ref(fn.child_by_field_name("operand"))
                    if isinstance(ref, VarRef) and ref.var in self.bases:
                        recv = receiver_var(target)  # `go p.work()`: the receiver is the struct
                        if recv is not None:
                            bases.add(recv)
        if target.node.type == "func_literal" and target.resolver is self.func.resolver:
            # A literal shares the variables of the function around it.
            used = _uses_in(target)
            aliases |= self.aliases & used
            bases |= self.bases & used
        return frozenset(aliases), frozenset(bases)

    def _calls_cancel(self, target: Function) -> bool:
        """A literal of this function using the identity's cancel function (`go func() {
        drain(src); cancel() }()`): followed, since calling it closes the identity."""
        cancel = self.ident.cancel_var
        return (
            cancel is not None
            and target.node.type == "func_literal"
            and target.resolver is self.func.resolver
            and cancel in _uses_in(target)
        )

    def _receiver_binding(self, selector: tree_sitter.Node, target: Function) -> frozenset[Var]:
        """`x.m` with `x` the struct holding the identity: m's receiver holds it too."""
        if target.node.type != "method_declaration":
            return frozenset()
        ref = self.func.resolver.ref(selector.child_by_field_name("operand"))
        if isinstance(ref, VarRef) and ref.var in self.bases:
            recv = receiver_var(target)
            return frozenset({recv}) if recv is not None else frozenset()
        return frozenset()

    def _check_receiver(self, call: tree_sitter.Node | None) -> None:
        """A method we cannot resolve, called on the struct holding the identity, may use it."""
        if call is None or not self.bases:
            return
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if fn is not None and fn.type == "selector_expression":
            ref = self.func.resolver.ref(fn.child_by_field_name("operand"))
            if (
                isinstance(ref, VarRef)
                and ref.var in self.bases
                and not _cancel_field(fn, ref.var, self.func.resolver)
                and not self._callback_field(fn, ref.var)
            ):
                raise Escaped

    def _callback_field(self, selector: tree_sitter.Node, holder: Var) -> bool:
        """CALLBACK_FIELD: `r.fn(ev)` where `fn` is a function-typed field of the holder's
        type, not a method: the function is not handed the holder, and reaches the
        identity only if it captured it. Taken as not reaching it when every value the
        package stores into that field (`fn: fn`, `r.fn = ...`) is a parameter of the
        storing function (a callback its caller hands in) or a function literal that
        does not spell the identity's field. A local, a method value or a function of
        the package may serve the channel: the call stays a use (a `cancel` field filled
        from a variable). Trade-off: a callback built in another package that captured
        the struct is not seen (its channel fields are unexported)."""
        type_name = self.func.resolver.var_type(holder)
        name = gosyntax.text(gosyntax.field(selector, "field"))
        package = self.model.package
        found = package.field_type(type_name, name) if type_name else None
        if found is None or not package.is_function_type(found[1]):
            return False
        field = (self.ident.field or "").encode()
        cache: dict[tuple[str, str, bytes], bool] = package.__dict__.setdefault(
            "_callback_fields", {}
        )
        key = (type_name or "", name, field)
        if key not in cache:
            cache[key] = _only_callbacks_stored(package, name, field)
        return cache[key]

    def _check_args(self, call: tree_sitter.Node | None, target: Function | None) -> None:
        """An alias handed to code we do not follow escapes."""
        if call is None:
            return
        for i, expr in enumerate(gosyntax.call_arguments(call)):
            arg = gosyntax.unparen(expr)
            by_address = (
                arg is not None
                and arg.type == "unary_expression"
                and gosyntax.field(arg, "operator").type == "&"
            )
            if by_address:
                arg = arg.child_by_field_name("operand") if arg is not None else None
            if self._bound(self.func.resolver.ref(arg)):
                name = gosyntax.callee_text(call)
                if name in ("len", "cap", "close"):
                    continue
                param = param_var(target, i) if target is not None and not by_address else None
                if param is not None and copied_by_value(param):
                    continue  # COPIED_BY_VALUE: the callee works on a copy, never on this one
                raise Escaped


def _only_callbacks_stored(package: Package, name: str, field: bytes) -> bool:
    """CALLBACK_FIELD's reading of the package: every store into a field `name` is a
    parameter of the storing function or a literal not spelling `field`."""
    store = re.compile(
        rb"(?<![\w.])"
        + re.escape(name.encode())
        + rb"\s*:\s*(?!=)|\."
        + re.escape(name.encode())
        + rb"\s*=(?!=)"
    )
    for f in package.files:
        for m in store.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.start() + 1)
            value = _stored_value(node)
            if value is None:
                continue  # not a store after all (a label, a map key)
            if value.type == "func_literal":
                if not field or field in (value.text or b""):
                    return False
                continue
            func = gosyntax.enclosing_function(value)
            params = {n for n, _t in gosyntax.parameters(func)} if func is not None else set()
            if value.type != "identifier" or gosyntax.text(value) not in params:
                return False
    return True


def _stored_value(node: tree_sitter.Node | None) -> tree_sitter.Node | None:
    """The value stored by the keyed element (`fn: v`) or assignment (`r.fn = v`) that
    `node` starts, or None."""
    while node is not None and node.type not in (
        "keyed_element",
        "assignment_statement",
        "source_file",
        "block",
    ):
        node = node.parent
    if node is None:
        return None
    if node.type == "keyed_element":
        value = node.child_by_field_name("value")
        if value is not None and value.type == "literal_element" and value.named_children:
            value = value.named_children[0]
        return gosyntax.unparen(value)
    if node.type == "assignment_statement":
        right = gosyntax.field(node, "right").named_children
        left = gosyntax.field(node, "left").named_children
        return gosyntax.unparen(right[0]) if len(right) == 1 and len(left) == 1 else None
    return None


def _is_done_call(call: tree_sitter.Node) -> tree_sitter.Node | None:
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is not None and fn.type == "selector_expression" and not gosyntax.call_arguments(call):
        fld = fn.child_by_field_name("field")
        if fld is not None and fld.text == b"Done":
            return fn.child_by_field_name("operand")
    return None


def _other_cases(case: Case, ev: Event, group: Collection[Var] | None = None) -> bool:
    """Does the select offer a way on other than this operation (or, for a group of
    channels counted as one, other than a receive from one of them)?"""
    # (Whether a case that loops back really retries depends on what the loop does next:
    # another iteration may be another channel. Any other case counts as a way out.)
    return any(
        c.type == "communication_case"
        and c != case.node
        and not (group and _receives_from(c, group))
        for c in gosyntax.select_cases(case.select)
    )


def _receives_from(case_node: tree_sitter.Node, group: Collection[Var]) -> bool:
    """Is this case a receive from one of the group's variables?"""
    operand = gosyntax.received_operand(case_node)
    return (
        operand is not None
        and operand.type == "identifier"
        and any(o == operand for v in group for o in v.occurrences)
    )


def _test_awaits_provoked_error(ident: Identity, st: Flow) -> bool:
    """Heuristic PROVOKED_ERROR: a test waiting on a channel its goroutines send on only
    under `if err != nil` provokes that error on purpose (a cancelled request, a closed
    connection) and waits for it. Trade-off: a test that hangs because the error does not
    come is missed; it shows itself by timing out."""
    root = ident.root
    name = gosyntax.function_name(root.node) or ""
    if not (root.file.path.endswith("_test.go") and name.startswith("Test")):
        return False
    sends = [
        ev
        for p in st.partners
        if p.kind == "goroutine"
        for ev, _f in p.summary.ops
        if ev.kind == "send"
    ]
    return bool(sends) and all(_under_error_check(ev.node) for ev in sends)


def _under_error_check(node: tree_sitter.Node) -> bool:
    for a in gosyntax.ancestors(node):
        if a.type in gosyntax.FUNCTION_TYPES:
            return False
        if a.type == "if_statement":
            cond = a.child_by_field_name("condition")
            return (
                cond is not None
                and cond.type == "binary_expression"
                and gosyntax.field(cond, "operator").type == "!="
                and gosyntax.field(cond, "right").type == "nil"
            )
    return False


def _skips_the_recover(func: tree_sitter.Node, if_stmt: tree_sitter.Node, taken: bool) -> bool:
    """Heuristic PANIC_GOES_ON: in a deferred function run by a panic, the arm of an `if`
    that skips the function's only `recover()` (`if !cfg.NoRecover { if r := recover();
    ... } }`) lets the panic go on: it ends the process, it is no way out of the
    function. Trade-off: a `recover()` reached through a call is not seen, so that arm
    is taken as ending the process."""
    body = func.child_by_field_name("body")
    recovers = [
        n
        for n in (gosyntax.walk(body) if body is not None else ())
        if n.type == "call_expression" and gosyntax.callee_text(n) == "recover"
    ]
    if len(recovers) != 1:
        return False
    skipped = if_stmt.child_by_field_name("consequence" if not taken else "alternative")
    return skipped is not None and gosyntax.is_within(recovers[0], skipped)


_SELECT_CASES = frozenset({"communication_case", "default_case"})


def _closes_unless_closed(func: tree_sitter.Node) -> bool:
    """Every `close(x)` of the function sits in the `default` of a `select` whose other
    cases receive from `x` (`select { case <-x: default: close(x) }`), at most under
    `if x != nil`, or under a guard its own branch turns off (CLOSED_ONCE_GUARD): it
    closes `x` unless it is closed already (CLEANUP_UNDER_TEST)."""
    body = func.child_by_field_name("body")
    closes = [
        n
        for n in (gosyntax.walk(body) if body is not None else ())
        if n.type == "call_expression" and gosyntax.callee_text(n) == "close"
    ]
    for call in closes:
        args = gosyntax.call_arguments(call)
        if len(args) != 1:
            return False
        if _under_a_once_guard(call, func):
            continue
        closed = gosyntax.text(args[0])
        case = next(
            (a for a in gosyntax.ancestors(call, func) if a.type in _SELECT_CASES),
            None,
        )
        select = case.parent if case is not None else None
        if case is None or case.type != "default_case" or select is None:
            return False
        others = [c for c in gosyntax.select_cases(select) if c != case]
        if not others or not all(
            (received := gosyntax.case_received(gosyntax.case_communication(c))) is not None
            and gosyntax.text(received) == closed
            for c in others
        ):
            return False
    return bool(closes)


def _under_a_once_guard(call: tree_sitter.Node, func: tree_sitter.Node) -> bool:
    """CLOSED_ONCE_GUARD: the close is in the branch of an `if` whose test its own branch
    turns off, so that only a second call skips it: `if w.points != nil { close(w.stop);
    w.points = nil }`, `if !s.closed { s.closed = true; close(s.done) }`, `if
    s.done.CompareAndSwap(false, true) { close(s.stop) }`. Trade-off: a guard someone
    else turns off first (another method clearing the field) is not looked for."""
    branch = next(
        (a for a in gosyntax.ancestors(call, func) if a.type == "block"),
        None,
    )
    test = branch.parent if branch is not None else None
    if test is None or test.type != "if_statement":
        return False
    if test.child_by_field_name("consequence") != branch:
        return False
    cond = gosyntax.unparen(test.child_by_field_name("condition"))
    if cond is None:
        return False
    if gosyntax.wins_a_swap(cond):
        return True
    if cond.type == "binary_expression" and gosyntax.text(gosyntax.field(cond, "right")) == "nil":
        if gosyntax.field(cond, "operator").type != "!=":
            return False
        guard, off = gosyntax.text(gosyntax.field(cond, "left")), "nil"
    elif cond.type == "unary_expression" and gosyntax.field(cond, "operator").type == "!":
        guard, off = gosyntax.text(gosyntax.field(cond, "operand")), "true"
    else:
        return False
    assert branch is not None  # its parent is the `if` read above
    for stmt in branch.named_children:
        if stmt.type == "statement_list":
            return any(_assigns(s, guard, off) for s in stmt.named_children)
        if _assigns(stmt, guard, off):
            return True
    return False


def _assigns(stmt: tree_sitter.Node, target: str, value: str) -> bool:
    """`target = value`, as the text spells both."""
    if stmt.type != "assignment_statement":
        return False
    left = stmt.child_by_field_name("left")
    right = stmt.child_by_field_name("right")
    return (
        left is not None
        and right is not None
        and gosyntax.text(left) == target
        and gosyntax.text(right) == value
    )


def _recovered_value(func: Function, expr: tree_sitter.Node | None) -> bool:
    """`r` of `r := recover()`, or of `err := asError(recover())` (RECOVERED_THROUGH_A_CALL:
    a call whose only argument is the recovered value is taken to be nil exactly when it
    is, as converters to `error` are; trade-off: one that drops some panics as nil makes
    that arm look impossible)."""
    if expr is None or expr.type != "identifier":
        return False
    var = func.resolver.scopes.lookup(expr)
    if var is None or len(var.assignments) != 1 or var.assignments[0][1] is None:
        return False
    value = gosyntax.unparen(var.assignments[0][1])
    if value is not None and value.type == "call_expression":
        args = gosyntax.call_arguments(value)
        if gosyntax.callee_text(value) != "recover" and len(args) == 1:
            value = gosyntax.unparen(args[0])
    return (
        value is not None
        and value.type == "call_expression"
        and gosyntax.callee_text(value) == "recover"
    )


def _never_non_nil(func: Function, expr: tree_sitter.Node | None, functions: Functions) -> bool:
    """A value that is nil on every path we analyse: `recover()` (panics are not modelled),
    or the error of a package function whose every return gives a literal nil there."""
    if expr is None or expr.type != "identifier":
        return False
    var = func.resolver.scopes.lookup(expr)
    if var is None or len(var.assignments) != 1:
        return False
    _stmt, value, pos = var.assignments[0]
    value = gosyntax.unparen(value) if value is not None else None
    if value is None or value.type != "call_expression":
        return False
    if gosyntax.callee_text(value) == "recover":
        return True
    if _never_fails(value, pos, func):
        return True
    callee = functions.callee(value, func)
    if callee is None or callee.node.type == "func_literal":
        return False
    results = gosyntax.result_types(callee.node)
    res_list = callee.node.child_by_field_name("result")
    if (
        len(results) < 2
        or pos >= len(results)
        or res_list is None
        or any(
            c.type == "parameter_declaration" and c.child_by_field_name("name")
            for c in res_list.named_children
        )
    ):
        return False  # named results: a bare return hands back whatever they hold
    body = callee.node.child_by_field_name("body")
    returns = (
        [n for n in gosyntax.walk(body) if n.type == "return_statement"] if body is not None else []
    )
    if not returns:
        return False
    for r in returns:
        values = (
            r.named_children[0].named_children
            if r.named_children and r.named_children[0].type == "expression_list"
            else []
        )
        if len(values) != len(results) or values[pos].type != "nil":
            return False
    return True


# NEVER_FAILS: standard-library methods documented to return a nil error always, by the
# type of their receiver and the error's position among the results. An early return
# on their error (`if err := pw.Close(); err != nil { return err }`) is no way out.
# Trade-off: only receivers typed in the function (a declared type, `new(T)`, `&T{}`,
# `T{}`, the results of `io.Pipe()`); one reached another way keeps its error arm.
_NEVER_FAILING = {
    "bytes.Buffer": {"Write": 1, "WriteString": 1, "WriteRune": 1, "WriteByte": 0},
    "strings.Builder": {"Write": 1, "WriteString": 1, "WriteRune": 1, "WriteByte": 0},
}
_PIPE_ENDS = {"Close": 0, "CloseWithError": 0}  # io.Pipe's PipeReader and PipeWriter alike


def _never_fails(call: tree_sitter.Node, error_at: int, func: Function) -> bool:
    """NEVER_FAILS: the `error_at`-th result of `call` is one _NEVER_FAILING names."""
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression":
        return False
    receiver = gosyntax.unparen(fn.child_by_field_name("operand"))
    var = func.resolver.scopes.lookup(receiver)
    if var is None:
        return False
    method = gosyntax.text(gosyntax.field(fn, "field"))
    if len(var.assignments) == 1 and _made_by(var.assignments[0][1], "io.Pipe"):
        methods: dict[str, int] | None = _PIPE_ENDS
    else:
        methods = _NEVER_FAILING.get(func.resolver.var_type(var) or "")
    return methods is not None and methods.get(method) == error_at


def _made_by(value: tree_sitter.Node | None, callee: str) -> bool:
    value = gosyntax.unparen(value) if value is not None else None
    return (
        value is not None
        and value.type == "call_expression"
        and (gosyntax.callee_text(value) == callee)
    )


def _gives_up(case: Case) -> bool:
    """Can a goroutine's select leave without this operation for good: another case that
    returns or breaks out of its loop, or any other case when nothing retries the select?
    (A case that goes round the loop again only postpones the operation.)"""
    others = [
        c
        for c in gosyntax.select_cases(case.select)
        if c.type == "communication_case" and c != case.node
    ]
    if not others:
        return False
    if not gosyntax.in_loop(case.select) or _returns_after(case.select):
        return True
    if any(_leaves(c) for c in others):
        return True
    return any(_comes_by_itself(c) for c in others) and _loop_leaves_elsewhere(case.select)


# The calls whose channel a timer fills (`time.After(d)`, a fake clock's `After`).
_TIMER_CALLS = frozenset({"After", "Tick"})


def _comes_by_itself(case: tree_sitter.Node) -> bool:
    """Heuristic TIMER_CASE_COMES: a case receiving from a timer's or ticker's channel
    (`<-time.After(d)`, `<-time.Tick(d)`, `<-clock.After(d)`, `<-t.C`) is ready sooner or
    later, whoever else serves the select. Read by the text: a struct's own channel field
    named `C` reads as a timer's. Trade-off: a stopped ticker's `C` never fires again."""
    operand = gosyntax.received_operand(case)
    if operand is None:
        return False
    if operand.type == "call_expression":
        fn = gosyntax.unparen(operand.child_by_field_name("function"))
        name = (
            fn.child_by_field_name("field")
            if fn is not None and fn.type == "selector_expression"
            else None
        )
        return name is not None and gosyntax.text(name) in _TIMER_CALLS
    if operand.type == "selector_expression":
        return gosyntax.text(gosyntax.field(operand, "field")) == "C"
    return False


def _loop_leaves_elsewhere(select: tree_sitter.Node) -> bool:
    """LOOP_LEAVES_ELSEWHERE: the loop around the select can end outside it (its own
    condition, or a `return`, `goto`, terminating call or `break` of it elsewhere in its
    body): a case that goes round again then leads there, not back to the same wait."""
    loop = next((a for a in gosyntax.ancestors(select) if a.type == "for_statement"), None)
    if loop is None:
        return False
    if not gosyntax.is_infinite_loop(loop):
        return True
    for n in gosyntax.walk(gosyntax.field(loop, "body")):
        if gosyntax.is_within(n, select):
            continue
        if n.type in ("return_statement", "goto_statement"):
            return True
        if n.type == "break_statement" and gosyntax.break_leaves(n, loop):
            return True
        if n.type == "call_expression" and gosyntax.is_terminating_call(n):
            return True
    return False


def _returns_after(select: tree_sitter.Node) -> bool:
    """Is the select followed, in its block, by a `return` (`select { case errc <- err: case
    <-ctx.Done(): }; return`)? Then every case that ends leaves, loop or not."""
    nxt = gosyntax.next_statement(select)
    return nxt is not None and nxt.type == "return_statement"


def _leaves(case: tree_sitter.Node) -> bool:
    for n in gosyntax.walk(case):
        if n.type in ("return_statement", "goto_statement"):
            return True
        if n.type == "break_statement" and n.named_children:
            return True  # a labelled break leaves the loop (a plain one only the select)
        if (
            n.type == "expression_statement"
            and n.named_children
            and n.named_children[0].type == "call_expression"
            and gosyntax.is_terminating_call(n.named_children[0])
        ):
            return True
    return False


def _stream_of_the_context(
    case: tree_sitter.Node, func: Function, ident: Identity, model: Liveness
) -> bool:
    """CONTEXT_BOUND_STREAM: judging a context the root derived, a case of the goroutine
    `func` receiving from a parameter bound to a stream the root got from a call handed
    that same context (`stream, err := src.Stream(ctx, ...)`; `go f.forward(ctx,
    stream)`), whose body leaves only when the stream is closed (`if !ok { return }`):
    such a stream ends when its context does, so the case is no way out of its own.
    Trade-off: a stream that ends by itself (a finite query) while the context lives is
    taken to run on."""
    if ident.cancel_var is None or ident.var is None:
        return False
    operand = gosyntax.unparen(gosyntax.received_operand(case))
    if operand is None or operand.type != "identifier":
        return False
    param = func.resolver.scopes.lookup(operand)
    if param is None or param.kind != "param" or param.func != func.node:
        return False
    if not _leaves_only_when_closed(case):
        return False
    params = [name for name, _typ in gosyntax.parameters(func.node)]
    if param.name not in params:
        return False
    index = params.index(param.name)
    root = ident.root
    body = root.node.child_by_field_name("body")
    for go in gosyntax.descendants(body, "go_statement") if body is not None else ():
        call = go.named_children[0] if go.named_children else None
        if call is None or call.type != "call_expression":
            continue
        started = model.functions.callee(call, root)
        if started is None or started.node != func.node:
            continue
        args = gosyntax.call_arguments(call)
        if index >= len(args):
            return False
        stream = root.resolver.scopes.lookup(gosyntax.unparen(args[index]) or args[index])
        if stream is None or len(stream.assignments) != 1:
            return False
        value = gosyntax.unparen(stream.assignments[0][1])
        if value is None or value.type != "call_expression":
            return False
        context = ident.var.ident.start_byte  # resolvers differ: by declaration
        return any(
            (v := root.resolver.scopes.lookup(a)) is not None and v.ident.start_byte == context
            for a in gosyntax.call_arguments(value)
            if a.type == "identifier"
        )
    return False


def _bound_to_the_context(case: Case, func: Function, ident: Identity, model: Liveness) -> bool:
    """CONTEXT_BOUND_STREAM for a whole select: every other case of `case`'s select
    receives from a stream that ends with the judged context, so none of them is a way
    out of its own."""
    if ident.cancel_var is None:
        return False
    others = [
        c
        for c in gosyntax.select_cases(case.select)
        if c.type == "communication_case" and c != case.node
    ]
    return bool(others) and all(_stream_of_the_context(c, func, ident, model) for c in others)


def _stopped_only_after_the_wait(failing: Partner, where: CfgNode | None, root: Function) -> bool:
    """STOP_AFTER_THE_WAIT: the goroutine's way out without the send is a `return` in a
    case receiving from a stop channel the root made and closes only in a `defer`, or
    right before a `return` (`stop := make(...); defer close(stop); go worker(stop,
    done); ...; return <-done`): while the root waits in its receive, no close has run,
    so that case cannot win. Trade-off: judged on the path that sends the least only; a goroutine
    with a second way out without the send, elsewhere, is missed."""
    exit_ast = where.ast if where is not None else None
    if exit_ast is None or exit_ast.type != "return_statement" or failing.event.call is None:
        return False
    case = next(
        (
            a
            for a in gosyntax.ancestors(exit_ast, failing.func.node)
            if a.type == "communication_case"
        ),
        None,
    )
    operand = gosyntax.received_operand(case) if case is not None else None
    ref = failing.func.resolver.ref(operand) if operand is not None else None
    if not isinstance(ref, VarRef):
        return False
    stop = ref.var
    if stop.kind == "param":
        args = gosyntax.call_arguments(failing.event.call)
        arg = gosyntax.unparen(args[stop.index]) if stop.index < len(args) else None
        if arg is None or arg.type != "identifier":
            return False
        found = root.resolver.scopes.lookup(arg)
        if found is None:
            return False
        stop = found
    if stop.func != root.node or stop.kind != "local" or len(stop.assignments) != 1:
        return False
    made = stop.assignments[0][1]
    if made is None or gosyntax.callee_text(gosyntax.unparen(made) or made) != "make":
        return False
    closed_after_the_wait = False
    for n in stop.occurrences:
        if n.start_byte == stop.ident.start_byte:
            continue
        if gosyntax.is_within(n, failing.event.call) or (
            failing.func.node.type == "func_literal" and gosyntax.is_within(n, failing.func.node)
        ):
            continue  # handed to the goroutine, or read by it
        statement = gosyntax.innermost_statement(n)
        said = gosyntax.text(statement).replace(" ", "") if statement is not None else ""
        if said == f"deferclose({stop.name})":
            closed_after_the_wait = True
            continue
        after = gosyntax.next_statement(statement) if statement is not None else None
        if (
            said == f"close({stop.name})"
            and after is not None
            and after.type == "return_statement"
            and not gosyntax.may_receive(after)
        ):
            closed_after_the_wait = True  # closed on a way out that returns at once, not waiting
            continue
        return False  # sent on, closed or handed elsewhere: it may end the wait sooner
    return closed_after_the_wait


def _leaves_only_when_closed(case: tree_sitter.Node) -> bool:
    """Does every way out of the loop in a receive case (`case v, ok := <-ch:`) sit under
    `if !ok`?"""
    comm = case.child_by_field_name("communication")
    left = comm.child_by_field_name("left") if comm is not None else None
    names = left.named_children if left is not None else []
    ok = gosyntax.text(names[1]) if len(names) == 2 else None
    for n in gosyntax.walk(case):
        if n.type not in ("return_statement", "break_statement", "goto_statement"):
            continue
        guard = next((a for a in gosyntax.ancestors(n, case) if a.type == "if_statement"), None)
        cond = gosyntax.unparen(guard.child_by_field_name("condition")) if guard else None
        if ok is None or cond is None or gosyntax.text(cond).replace(" ", "") != f"!{ok}":
            return False
    return True


def _dead(func: Function, ev: Event) -> bool:
    """A communication that can never happen: on a channel made in this function and
    only ever received from (for a receive) or only ever sent on (for a send)."""
    if not isinstance(ev.ref, VarRef):
        return False
    var = ev.ref.var
    if var.kind != "local" or len(var.assignments) != 1:
        return False
    value = gosyntax.unparen(var.assignments[0][1]) if var.assignments[0][1] is not None else None
    if value is None or value.type != "call_expression" or gosyntax.callee_text(value) != "make":
        return False
    cache: dict[tuple[int, str], bool] = func.resolver.__dict__.setdefault("_dead_cache", {})
    key = (id(var), ev.kind)
    if key not in cache:
        want = ev.kind
        dead = True
        for ident in var.occurrences:
            if ident.start_byte == var.ident.start_byte:
                continue
            parent, child = gosyntax.parent_skipping_parens(ident)
            pt = parent.type if parent is not None else ""
            is_recv = (
                pt == "unary_expression"
                and parent is not None
                and gosyntax.field(parent, "operator").type == "<-"
            )
            is_send = (
                pt == "send_statement"
                and parent is not None
                and parent.child_by_field_name("channel") == child
            )
            if (want == "recv" and not is_recv) or (want == "send" and not is_send):
                dead = False
                break
        cache[key] = dead
    return cache[key]


def _may_hold_function(var: Var) -> bool:
    """A variable assigned a function literal: the only function value of a variable
    that `Functions.target` follows (a parameter's never is)."""
    for _stmt, value, _position in var.assignments:
        value = gosyntax.unparen(value)
        if value is not None and value.type == "func_literal":
            return True
    return False


def _uses_in(func: Function) -> frozenset[Var]:
    """The variables a function's body uses, kept with the function: every identity
    judged in the starting function asks it again at each `go` (N channel/goroutine
    pairs in one function would walk each goroutine N times)."""
    cached: frozenset[Var] | None = func.__dict__.get("_uses_in")
    if cached is not None:
        return cached
    body = func.node.child_by_field_name("body")
    uses = func.resolver.scopes.uses
    out: set[Var] = set()
    for n in gosyntax.walk(body, skip_functions=False) if body is not None else ():
        if n.type == "identifier":
            v = uses.get(n.start_byte)
            if v is not None:
                out.add(v)
    func.__dict__["_uses_in"] = found = frozenset(out)
    return found


class Liveness:
    """The liveness question for the identities born in one file."""

    def __init__(self, file: SourceFile, package: Package) -> None:
        self.file = file
        self.package = package
        self._decided_arms: dict[tuple[str, int], bool | None] = {}
        self.functions = Functions(package)
        self._summaries: dict[_SummaryKey, Summary] = {}
        self._names_in: dict[tree_sitter.Node, frozenset[bytes]] = {}
        self._local_values: dict[tree_sitter.Node, bool] = {}
        self._active: set[_SummaryKey] = set()
        # Summaries are cached by the identity's id: every identity summarized is kept
        # as long as the cache, or a short-lived one (a probe) could free its id for a
        # later identity, which would then read the probe's summaries.
        self._summarized: dict[int, Identity] = {}
        # By the variable's id, the variable kept beside its answer for the same reason.
        self._fixed_fields: dict[int, tuple[Var, dict[str, bool]]] = {}
        self.unions = _OpUnions()

    def amount(self, expr: tree_sitter.Node | None, func: Function) -> Lin:
        """A WaitGroup.Add argument as a count."""
        from goleash.analysis.package import constant_int

        if expr is None:
            return Lin.of(1)
        n = constant_int(expr, self.package)
        if n is not None:
            return Lin.of(n)
        e = gosyntax.unparen(expr)
        assert e is not None  # not empty parentheses: constant_int read it
        if e.type == "call_expression" and gosyntax.callee_text(e) == "len":
            args = gosyntax.call_arguments(e)
            if args:
                sym = func.cfg.length_symbol(args[0], e) if func.cfg is not None else None
                if sym is not None:
                    return Lin.symbol(sym)
                return Lin.symbol(("range", gosyntax.text(args[0]).replace(" ", "")))
        if e.type == "binary_expression" and gosyntax.field(e, "operator").type == "*":
            # `len(topics) * perTopic`: a count times a constant, as nested loops count.
            left, right = e.child_by_field_name("left"), e.child_by_field_name("right")
            for count, factor in ((left, right), (right, left)):
                k = constant_int(factor, self.package)
                if k is not None and count is not None:
                    return self.amount(count, func).times(k)
        return Lin.symbol(("range", gosyntax.text(e).replace(" ", "")))

    def fixed_fields(self, var: Var) -> dict[str, bool]:
        """FRESH_OBJECT_FLAGS (fresh_objects.py): the fields of the object `var` holds
        that keep one value (False: never set; True: keyed `true` and never set again),
        computed once per variable."""
        cached = self._fixed_fields.get(id(var))
        if cached is None:
            cached = self._fixed_fields[id(var)] = (var, fixed_fields(var, self.package))
        return cached[1]

    def decided_arm(self, if_stmt: tree_sitter.Node, func: Function) -> bool | None:
        """The arm an `if` always takes (NEVER_SET, unset_fields.py), once per `if`."""
        key = (func.file.path, if_stmt.start_byte)
        cache = self._decided_arms
        if key not in cache:
            cache[key] = unset_fields.decided_arm(if_stmt, func, self.package)
        return cache[key]

    def dead_nodes(self, func: Function) -> frozenset[int]:
        """The CFG nodes (by id) of `func` no path reaches, once the arms of the `if`s
        a never-set field decides are left out (NEVER_SET)."""
        found: frozenset[int] | None = func.__dict__.get("_dead_nodes")
        if found is not None:
            return found
        cfg = func.cfg
        closed: set[int] = set()
        if cfg is not None:
            for node in cfg.nodes:
                if node.arm is None or node.arm[0].ast is None:
                    continue
                decided = self.decided_arm(node.arm[0].ast, func)
                if decided is not None and decided != node.arm[1]:
                    closed.add(node.id)
        dead = frozenset(cfg.unreached(closed)) if closed and cfg is not None else frozenset()
        func.__dict__["_dead_nodes"] = dead
        return dead

    def solver(
        self,
        func: Function,
        ident: Identity,
        binding: Binding,
        mode: str,
        depth: int,
        constants: Assumed = (),
    ) -> tuple[Solver, _Analysis]:
        cfg = func.cfg
        if cfg is None:
            raise Escaped
        analysis = _Analysis(self, ident, func, binding, mode, depth, constants)
        try:
            return Solver(cfg, analysis), analysis
        except Unanalysable:
            raise Escaped from None

    def runs_local_value(self, call: tree_sitter.Node, func: Function) -> bool:
        """Does the call name a variable of the function holding a function literal
        (`go f()`, `spawn(f)` with `f := func() {...}`), whose body is not the call's?"""
        found = self._local_values.get(call)
        if found is None:
            uses = func.resolver.scopes.uses
            found = self._local_values[call] = any(
                uses.get(n.start_byte) is not None and _may_hold_function(uses[n.start_byte])
                for n in gosyntax.descendants(call, "identifier")
            )
        return found

    def names_in(self, call: tree_sitter.Node) -> frozenset[bytes]:
        """Every identifier spelled in a call (its function literals included), once per
        call for all the identities that meet it."""
        found = self._names_in.get(call)
        if found is None:
            found = self._names_in[call] = frozenset(
                n.text or b"" for n in gosyntax.descendants(call, "identifier")
            )
        return found

    def summary(
        self,
        ident: Identity,
        func: Function,
        binding: Binding,
        mode: str,
        depth: int,
        constants: Assumed = (),
    ) -> Summary:
        self._summarized[id(ident)] = ident
        key: _SummaryKey = (
            id(ident),
            func.node.start_byte,
            func.file.path,
            binding,
            mode,
            constants,
        )
        cached = self._summaries.get(key)
        if cached is not None:
            return cached
        if key in self._active:
            raise Escaped  # recursion: what the call does depends on itself; not judged
        self._active.add(key)
        try:
            return self._summary(key, ident, func, binding, mode, depth, constants)
        finally:
            self._active.discard(key)

    def _summary(
        self,
        key: _SummaryKey,
        ident: Identity,
        func: Function,
        binding: Binding,
        mode: str,
        depth: int,
        constants: Assumed,
    ) -> Summary:
        _check_escapes(
            func, binding, self.functions, returns_ok=func is ident.helper, field=ident.field
        )
        solver, _ = self.solver(func, ident, binding, mode, depth, constants)
        assert func.cfg is not None  # else self.solver raised Escaped
        try:
            outcomes, _records = solver.run(func.cfg.entry)
        except Unanalysable:
            raise Escaped from None
        # A goroutine that can leave is judged by its ways out; looping forever counts only
        # for one that never leaves (a loop waiting for a timer is not an abandoning path).
        # `if s.closed { return }` in a method that sets s.closed is its second call, after
        # the first did the work: not a path of its own.
        finals = [
            _exited(o.state, o.node)
            for o in outcomes
            if o.kind == "term"
            and o.node.kind in NORMAL_EXITS
            and not (
                func.node.type == "method_declaration"
                and o.node.ast is not None
                and _flag_guarded(o.node.ast, func, only_flags=True)
            )
        ]
        stops = bool(finals)
        if not finals:
            finals = [o.state for o in outcomes if o.kind == "diverge"]
        if not finals:
            # Every path ends the process (os.Exit) or the test: what it did before still
            # happened. EXIT_BEFORE_ANYTHING: a path that ends it before doing anything
            # leaves nobody waiting (a server helper that panics when it cannot listen,
            # and otherwise sends its address and serves until it panics too). Trade-off:
            # a t.Fatal path of a helper goroutine is then not its abandoning path either,
            # as everywhere else a failing test is not.
            ended = [
                _exited(o.state, o.node) if _unwinds(o.node) else o.state
                for o in outcomes
                if o.kind == "term"
            ]
            finals = [st for st in ended if _did_something(st)] or ended
        if not finals:
            result = Summary(Lin(), False, False, False, False, (), (), empty=False)
        else:
            st = finals[0]
            for o in finals[1:]:
                st = solver.analysis.join(st, o)
            touched = _did_something(st)
            result = Summary(
                st.bal,
                st.closed,
                st.closed_some,
                st.escapable,
                st.absorbs,
                st.ranges,
                st.ops,
                _exit_of(st.trail_lo),
                _exit_of(st.trail_hi),
                st.partners,
                empty=not touched,
                trail_lo=st.trail_lo,
                trail_hi=st.trail_hi,
                open_exit=_exit_of(st.trail_open),
                stops=stops,
                sends_or_closes=stops and all(f.closed or f.bal.min_sure() >= 1 for f in finals),
            )
        self._summaries[key] = result
        return result

    # -- judging one identity ----------------------------------------------

    def judge(self, ident: Identity) -> list[Verdict]:
        """The identity's blocked operations: judged once per value of the flags its root
        and goroutine both branch on (SHARED_FLAG), else once over joined paths."""
        flags = shared_flags(ident.root) if not ident.assumed else ()
        if not flags:
            return self._judge(ident)
        verdicts: list[Verdict] = []
        for values in itertools.product((True, False), repeat=len(flags)):
            world = replace(ident, assumed=tuple(zip(flags, values)))
            # Each verdict keeps its world as its identity: what the judgement learnt
            # about it (a lost key, a watchdog) is recorded there.
            verdicts.extend(self._judge(world))
        return _dedupe(verdicts)

    def _judge(self, ident: Identity) -> list[Verdict]:
        root = ident.root
        if ident.birth_node.id in self.dead_nodes(root):
            return []  # NEVER_SET: made only past an arm that is never taken
        if ident.assumed and any(
            contradicts(if_stmt, True, root, ident.assumed)
            for if_stmt, _cond in gosyntax.guarding_ifs(ident.birth, root.node)
        ):
            return []  # NEVER_BORN: this judgement assumes the flag that skips the birth
        if (
            ident.kind == "chan"
            and ident.var is not None
            and ident.field is None
            and ident.birth.type == "call_expression"
            and counted_lanes(root, ident.var, ident.birth)
        ):
            return []  # COUNTED_LANES: a buffer and a receive per goroutine the tests start
        binding = ident.binding()
        handed_out = _handing_returns(root, binding, ident)
        ident.watchdog = _watchdog_signal(root, ident)
        ident.caller_context = _consumer_of_caller_context(root, ident)
        try:
            solver, analysis = self.solver(root, ident, binding, "root", 0)
            escapes: dict[int, CfgNode] = {}
            _check_escapes(
                root,
                binding,
                self.functions,
                ident,
                returns_ok=handed_out is not None,
                at=escapes,
            )
            analysis.escapes_at = frozenset(escapes)
            analysis.escape_nodes = tuple(escapes.values())
            region = ident.birth_node.loop
            initial: Flow | None = None
            for p in ident.running:
                s = p.summary
                if p.times is not None:
                    s = replace(s, bal=s.bal.scaled(p.times, False))
                initial = analysis._add(initial or analysis.zero(), p, s)
            outcomes, records = solver.run(ident.birth_node, region, initial)
        except (Escaped, Unanalysable, RecursionError):
            return []
        closers = None
        if handed_out and not _releases_itself(root, analysis):
            closers = self._closing_methods(ident, root)
            if closers is None:
                return []  # handed out, releasing it left to whoever gets it: out of sight
        verdicts: list[Verdict] = []
        if _two_way(outcomes, records, ident):
            return []  # a handshake or a pool (one side both sends and receives): counts tell nothing
        ends = [
            o
            for o in outcomes
            if o.kind in ("back", "leave") or (o.kind == "term" and o.node.kind in NORMAL_EXITS)
        ]
        # DEFERRED_TILL_THE_END: an identity born in each round of a loop with a known
        # trip count (`for i := 0; i < 5; i++`, a range over a slice) whose round defers
        # its release (`defer cancel()`) is released when the function returns, a few
        # rounds later, not never. Trade-off: the rounds' goroutines pile up until then;
        # an endless or channel-driven loop, where they pile up for good, is still judged.
        bounded = region is not None and not region.infinite and region.symbol[0] in BOUNDED_TRIPS
        ends = [
            replace(o, state=_exited(o.state, o.node))
            if o.kind == "term" or (bounded and o.kind in ("back", "leave"))
            else o
            for o in ends
        ]
        ends = [o for o in ends if not o.state.escaped]  # ESCAPES_ON_ITS_PATH
        # One verdict per operation is kept (_dedupe): the first way out judged names it.
        # A way out on which the root did nothing with the identity abandons it for sure
        # (`return err` before any receive); one after a receive that might have been
        # the partner's may not. Those come first (PLAINEST_EXIT).
        ends.sort(key=lambda o: bool(o.state.ops))
        records = [(ev, st) for ev, st in records if not st.escaped]
        facts = _facts(outcomes, records)
        for ev, st in records:
            v = self._root_blocked(ident, ev, st)
            if v is not None:
                verdicts.append(v)
        assumed = _balanced_happy_path(ends) if ident.kind == "chan" else None
        for o in ends:
            if handed_out and o.kind == "term" and o.node.ast in handed_out:
                continue  # handed to the caller on this path: who serves it is out of sight
            verdicts.extend(self._at_end(ident, o, assumed))
        if closers is not None:
            # Only what a close releases is left stranded by the struct's loss.
            verdicts = [v for v in verdicts if v.kind in ("stuck-recv", "stuck-range")]
        if closers is None and ident.helper is not None and verdicts:
            # A constructor's object (`w := newWatcher()`): the fixes may call the method
            # that closes the field before the way out drops the object.
            held = self._closing_methods(ident, root)
            if held is not None:
                for v in verdicts:
                    v.detail["object_type"], v.detail["object_closers"] = held
        for v in verdicts:
            v.detail.update(facts)
            if closers is not None:
                v.detail["holder_type"], v.detail["holder_closers"] = closers
        # main.main and init end with the process: only what nothing could ever release
        # counts (asked only when there is something to keep or drop).
        if verdicts and (
            root.is_process_lifetime or runs_once_by_main(root, self.functions.package)
        ):
            verdicts = [
                v
                for v in verdicts
                if _never(v) and not _parked(ident, v) and not _consumes_for_the_process(v)
            ]
        if ident.protocol:
            verdicts = [
                v for v in verdicts if _abandons_running(ident, v, root, self.functions.package)
            ]
        verdicts = [v for v in verdicts if not _falls_off_past_release(v)]
        verdicts = [v for v in verdicts if not _gated_after_the_wait(v)]
        verdicts = [v for v in verdicts if not _partner_said_done(v)]
        verdicts = [v for v in verdicts if not _waited_then_done(v)]
        verdicts = [v for v in verdicts if not self._joined_by_the_wrapper(v)]
        verdicts = [v for v in verdicts if not self._received_if_nil(v)]
        verdicts = [v for v in verdicts if not _seen_closed(v)]
        verdicts = [v for v in verdicts if not _closed_input_drained(v)]
        verdicts = [v for v in verdicts if not _quit_on_reported_error(v)]
        if (
            ident.kind == "chan"
            and ident.var is not None
            and ident.field is None
            and any(v.kind == "stuck-send" for v in verdicts)
            and read_only_to_fail(ident.var.name, root)
        ):
            # FAILURE_REPORTS: a blocked report of a failure is a failing test's path.
            verdicts = [v for v in verdicts if v.kind != "stuck-send"]
        if (
            ident.kind == "wg"
            and ident.field is not None
            and verdicts
            and _done_elsewhere(ident, outcomes, records, self)
        ):
            return []  # the group's Done calls are also made by code this function does not start
        if ident.group:
            # Only the select's own wait is the group's question; each channel alone has
            # its own identity for the rest.
            verdicts = [v for v in verdicts if v.kind == "root-recv" and v.event.case is not None][
                :1
            ]
        return _dedupe(verdicts)

    def _closing_methods(
        self, ident: Identity, root: Function
    ) -> tuple[str, tuple[str, ...]] | None:
        """STOPPED_BY_ITS_METHODS: a channel field of the struct the root makes (`a :=
        &Agent{stop: make(...)}`) that a method of the struct's type closes (`Stop`) is
        released through the struct: on a path that returns it the caller holds it and
        may call `Stop`, but on a path that drops it (`return nil, err`) nobody ever can.
        Trade-off: a struct the root hands over some other way (a callback, a registry)
        is an escape, and paths through that hand-over are not judged. (The struct's type,
        the names of its closing methods), or None."""
        if ident.kind != "chan" or ident.field is None or ident.var is None:
            return None
        type_name = root.resolver.var_type(ident.var)
        if type_name is None:
            return None
        found = closing_methods(self, type_name, ident.field, (root.node,))
        return (type_name, found[0]) if found is not None else None

    def _root_blocked(self, ident: Identity, ev: Event, st: Flow) -> Verdict | None:
        if ev.kind == "recv" and ident.kind == "chan":
            if st.closed or st.escapable or st.bal.min_sure() > 0:
                return None
            first_receive = not any(
                e.kind in ("recv", "range") and f is self._func_of(ev, ident)
                for e, f in st.ops[:-1]
            )
            failing = _partner_with(
                st,
                lambda s: (
                    not s.closes
                    and not (s.sends_or_closes and first_receive)
                    and (s.bal.min() < s.bal.max() or s.bal.max() <= 0)
                ),
            )
            if not st.partners and not st.ops[:-1]:
                return Verdict(
                    "root-recv", ident, ev, self._func_of(ev, ident), None, detail={"never": True}
                )
            if failing is None:
                return self._sends_used_up(ident, ev, st)
            if failing.summary.closes_some and _closes_in_loop(failing.func):
                return (
                    None  # closed once a loop has seen enough (`if accepted == max { close(c) }`)
                )
            if failing.repeated and not _collecting(ev.node, failing.event.node):
                # Many goroutines that each may send, one receive: the code counts on some of
                # them sending (the last to finish, the first to find), not on each.
                return None
            if _test_awaits_provoked_error(ident, st) or _signal_can_serve(st):
                return None
            where = (
                failing.summary.open_exit
                if failing.summary.closes_some
                else failing.summary.min_exit
            )
            if _stopped_only_after_the_wait(failing, where, self._func_of(ev, ident)):
                return None
            return Verdict("root-recv", ident, ev, self._func_of(ev, ident), failing, exit=where)
        if ev.kind == "wait" and ident.kind == "wg":
            if st.bal.max_sure() <= 0 or st.escapable:
                return None
            failing = _partner_with(st, lambda s: s.bal.max() > s.bal.min() or s.bal.max() >= 0)
            if (
                failing is not None
                and failing.repeated
                and failing.summary.bal.max() > failing.summary.bal.min()
                and st.bal.min() < 0
            ):
                return (
                    None  # `if i == unlocker { wgOne.Done() }` in many goroutines: one of them will
                )
            return Verdict(
                "root-wait",
                ident,
                ev,
                self._func_of(ev, ident),
                failing,
                exit=failing.summary.max_exit if failing is not None else None,
                detail={"bal": st.bal},
            )
        if ev.kind == "range" and ident.kind == "chan":
            if st.closed or paths.left_early(ev.node):
                return (
                    None  # closed on every path, or the loop has its own way out (a final marker)
                )
            failing = None
            if st.closed_some:
                # Closed on some paths only: by a goroutine that can return without closing.
                failing = _partner_with(st, lambda s: s.closes_some and not s.closes)
                if failing is None:
                    return None
                if failing.repeated:
                    # ONE_OF_MANY_CLOSES: a goroutine started many times (one per item
                    # received) that closes on some paths: closing twice panics, so one
                    # instance taking the closing path is the design, not each. Trade-off:
                    # a closing path no instance takes is not seen.
                    return None
            return Verdict(
                "root-range",
                ident,
                ev,
                self._func_of(ev, ident),
                failing,
                exit=failing.summary.open_exit if failing is not None else None,
            )
        return None

    def _sends_used_up(self, ident: Identity, ev: Event, st: Flow) -> Verdict | None:
        """SENDS_USED_UP: goroutines that each send a fixed number of values, every one of
        them received before this receive on every path (at most nothing is left, and
        nothing closes): it waits forever. Told apart from a goroutine that sends on some
        paths only, which names the path that skips the send."""
        most = st.bal.max_sure()
        if most == -INF or most > 0 or st.closed_some or not st.partners:
            return None
        senders = [p for p in st.partners if p.kind == "goroutine" and p.summary.bal.min() > 0]
        if not senders or any(p.repeated or p.summary.escapable for p in st.partners):
            return None
        return Verdict(
            "root-recv",
            ident,
            ev,
            self._func_of(ev, ident),
            senders[0],
            detail={
                "used_up": int(sum(p.summary.bal.min() for p in senders)),
                "senders": len(senders),
            },
        )

    def _func_of(self, ev: Event, ident: Identity) -> Function:
        """The function of one of the root's own events: in the root's file, which is
        not the analysed file's when a field's identity is rooted in a method elsewhere
        in the package."""
        func = self.functions.enclosing(ev.node, ident.root.file)
        assert func is not None  # an event is in the function whose graph holds it
        return func

    def _joined_by_the_wrapper(self, v: Verdict) -> bool:
        """JOINED_BY_THE_WRAPPER: the blocked goroutine is a function literal the root
        hands to a package function that waits for every goroutine it starts
        (joining_wrappers.JOINS_ITS_GOROUTINES), and the root left through a case
        receiving from a channel (`cancel`) it sends on or closes only in statements after
        that call (`visitAll(items, func(i int) { errs <- ... }); cancel <- struct{}{}`):
        when that case can win, the literal has returned in every goroutine. Trade-off:
        `cancel` must be used in the root only to be made, readied and received from, or
        nothing is dropped."""
        if v.kind not in ("stuck-send", "stuck-recv", "stuck-range"):
            return False
        literal = gosyntax.enclosing_function(v.event.node)
        arguments = literal.parent if literal is not None else None
        call = arguments.parent if arguments is not None else None
        if (
            literal is None
            or literal.type != "func_literal"
            or arguments is None
            or arguments.type != "argument_list"
            or call is None
            or call.type != "call_expression"
        ):
            return False
        root = v.identity.root
        statement = next(
            (
                a
                for a in gosyntax.ancestors(call)
                if a.parent is not None and a.parent.type in ("block", "statement_list")
            ),
            None,
        )
        if statement is None or gosyntax.enclosing_function(statement) != root.node:
            return False
        wrapper = self.functions.callee(call, root)
        if wrapper is None or not joins_its_goroutines(wrapper.node):
            return False
        # The case that gave up is the root's, or a receiving goroutine's.
        trails = [v.trail] + [
            p.summary.trail_hi for p in v.detail.get("partners", ()) if p is not v.partner
        ]
        for trail in trails:
            for item in trail:
                if isinstance(item, tree_sitter.Node) and item.type == "communication_case":
                    operand = gosyntax.unparen(gosyntax.received_operand(item))
                    if operand is not None and operand.type == "identifier":
                        done = gosyntax.text(operand)
                        if _readied_after(root.node, done, _after_statement(statement), item):
                            return True
        return False

    def _received_if_nil(self, v: Verdict) -> bool:
        """A way out past the error check of a callee that returns nil only once it has
        received from the channel does not skip that receive (nil_results.
        NIL_MEANS_RECEIVED): another way out, if any, is named."""
        exit_ast = v.exit.ast if v.exit is not None else None
        if v.kind != "stuck-send" or exit_ast is None or v.identity.var is None:
            return False
        return received_before_nil_check(exit_ast, v.identity.name, self.functions.package)

    def _at_end(
        self, ident: Identity, o: Outcome, assumed: _Assumed | None = None
    ) -> list[Verdict]:
        st: Flow = o.state
        out: list[Verdict] = []
        early = _early_pending(ident, o, assumed) if assumed is not None else None
        if ident.kind == "wg":
            # A goroutine waiting on the group (`go func() { wg.Wait(); close(ch) }()`).
            if st.bal.max_sure() > 0 and not st.escapable:
                waiter: tuple[Partner | None, Event, Function] | None = next(
                    (
                        (p, ev, f)
                        for p in st.partners
                        if p.kind == "goroutine"
                        for ev, f in p.summary.ops
                        if ev.kind == "wait"
                    ),
                    None,
                )
                if (
                    waiter is None
                    and ident.waiter is not None
                    # DEFERRED_LITERAL_IS_A_DEFER: a `defer func() { wg.Done() }()` counts
                    # out as `defer wg.Done()` does, which adds no partner (audit 38: lindb).
                    and any(p.kind != "defer" for p in st.partners)
                ):
                    waiter = (None, *ident.waiter)
                if waiter is not None:
                    failing = _partner_with(st, lambda s: s.bal.max() > s.bal.min())
                    if _waits_itself(waiter[0], failing, waiter[1]):
                        return out
                    out.append(
                        Verdict(
                            "root-wait",
                            ident,
                            waiter[1],
                            waiter[2],
                            failing,
                            exit=failing.summary.max_exit if failing is not None else None,
                            detail={"outcome": o.kind, "waiter": waiter[0]},
                        )
                    )
            return out
        if ident.kind != "chan":
            return out
        goroutines = [p for p in st.partners if p.kind == "goroutine"]
        if not goroutines:
            return out
        pending = st.bal - ident.capacity
        if (
            not st.absorbs
            # SEND_ON_CLOSED_PANICS: the root's deferred close makes a sender it left
            # blocked panic, not wait (a crash, not a leak). A close by the sender itself
            # comes after its send and releases nothing.
            and not st.deferred_close
            and ident.capacity_known
            and (
                pending.max_sure() > 0
                or early is not None
                or _left_a_stream(ident, st)
                or _left_a_receiving_loop(ident, o, st)
            )
            and (ident.capacity.const[0] >= 0 or _left_a_loop_early(st.bal))
        ):
            sender = _partner_with(st, lambda s: s.bal.max() > 0)
            open_contexts = (
                contexts_left_open(ident.root.node, o.node.ast, self.functions.package)
                if o.kind == "term"
                else None
            )
            if (
                early is None
                and not _sends_beside_an_open_context(sender, open_contexts)
                and sender is not None
                and sender.repeated
                and sender.summary.bal.min() < sender.summary.bal.max()
                and pending.min() <= 0
                and not (sends_every_iteration(sender.summary.bal) and _gave_up_a_range(st.bal))
                and not _first_of_many(ident, o, st, sender)
                and not _past_its_room(ident, st, sender)
                and not (
                    sender.summary.bal.max() <= 1
                    and gave_up_on_a_signal(st.trail_hi, sender.func.node)
                )
            ):
                sender = None  # goroutines that send only on some paths: how many do is the code's business
            if early is not None:
                pending = early
            if sender is not None and _sends_once_into_buffer(sender.summary, ident):
                sender = None
            if sender is not None and _roomy_for_its_senders(ident, pending, sender):
                sender = None
            if sender is not None and _drained_by_a_counted_select(ident, st):
                sender = None
            senders = [sender] if sender is not None else []
            if sender is not None and not sender.repeated:
                senders += _other_arm_senders(st, sender)
            if o.kind == "term" and o.node.ast is not None:
                exit_ast = o.node.ast
                senders = [s for s in senders if not _final_word_elsewhere(exit_ast, s, ident)]
            for sender in senders:
                op = _last_op(sender.summary, ("send",), ident.caller_context, open_contexts)
                if op is not None:
                    out.append(
                        Verdict(
                            "stuck-send",
                            ident,
                            op[0],
                            op[1],
                            sender,
                            o.node,
                            st.trail_hi,
                            detail={
                                "pending": pending,
                                "outcome": o.kind,
                                "balanced_happy_path": early is not None,
                                "root_received": any(
                                    ev.kind in ("recv", "range") for ev, _f in st.ops
                                ),
                                "path_goroutines": tuple(goroutines),
                                # UNCANCELLED_ON_THE_WAY_OUT: the derivation of the context
                                # whose Done the blocked select waited on in vain.
                                "left_open": _left_open_beside(op[0], open_contexts),
                            },
                        )
                    )
        if not any(v.kind == "stuck-send" for v in out):
            quit_verdict = self._sibling_quits(ident, o, st, goroutines)
            if quit_verdict is not None:
                out.append(quit_verdict)
        if not st.closed and st.bal.min_sure() < 0 and not _zero_turns_only(st):
            receiver = _partner_with(st, lambda s: s.bal.min() < 0 and not s.ranges)
            if receiver is not None:
                op = _first_op(
                    receiver.summary,
                    ("recv",),
                    ident.watchdog,
                    lambda ev, f: (
                        ev.case is not None and _bound_to_the_context(ev.case, f, ident, self)
                    ),
                )
                if (
                    op is not None
                    and not _sends_split_across_cases(op[0], st.partners)
                    and not _slot_taken_before_start(ident, receiver)
                ):
                    out.append(
                        Verdict(
                            "stuck-recv",
                            ident,
                            op[0],
                            op[1],
                            receiver,
                            o.node,
                            st.trail_lo,
                            detail={
                                "outcome": o.kind,
                                "short_sender": _short_sender(st, receiver),
                            },
                        )
                    )
        if not st.closed and st.ranges:
            for ev, func in st.ranges:
                ranger = next((p for p in goroutines if (ev, func) in p.summary.ranges), None)
                if ranger is None:
                    continue
                if (
                    ev.node.type == "for_statement"
                    and paths.left_early(ev.node)
                    and (paths.left_early_on_data(ev.node) or not _left_before_its_closes(ident, o))
                ):
                    continue  # a range with its own way out (a final marker) does not wait for a close
                out.append(
                    Verdict(
                        "stuck-range",
                        ident,
                        ev,
                        func,
                        ranger,
                        o.node,
                        st.trail_lo,
                        detail={"outcome": o.kind, "closed_some": st.closed_some},
                    )
                )
        return out

    def _sibling_quits(
        self, ident: Identity, o: Outcome, st: Flow, goroutines: list[Partner]
    ) -> Verdict | None:
        """SIBLING_QUITS: two goroutines of the root, one forwarding every value of its
        input (`for v := range in { ch <- v }`, a bare send), the other ranging over the
        channel with a `return` out of the range: once it returns, nobody receives, and the
        producer's next send past the buffer waits forever. Only when those two are all
        that touch the channel (the root neither receives nor closes it, no other
        goroutine receives, nothing escapes). Trade-off: an input that has ended by the
        time the consumer gives up strands nothing; such a pipeline is reported too."""
        if st.escapable or st.deferred_close or st.ops or not ident.capacity_known:
            return None  # the root acts on it, or a select may give the send a way out
        senders = [p for p in goroutines if p.summary.bal.min() >= 0 and p.summary.bal.max() > 0]
        rangers = [p for p in goroutines if p.summary.ranges or _drain_loop(p.summary)]
        if len(senders) != 1 or len(rangers) != 1 or len(goroutines) != 2:
            return None
        producer, consumer = senders[0], rangers[0]
        if producer is consumer or producer.repeated:
            return None
        per_item = _sends_per_item if consumer.repeated else sends_every_iteration
        if not per_item(producer.summary.bal) or producer.summary.escapable:
            return None
        if (producer.summary.bal - ident.capacity).max() <= 0:
            return None  # a buffer as long as the input (`make(chan T, len(items))`) holds it all
        if any(ev.kind != "send" for ev, _f in producer.summary.ops):
            return None
        drained = _drain_loop(consumer.summary) if not consumer.summary.ranges else None
        if drained is not None:
            body = drained.child_by_field_name("body")
        elif len(consumer.summary.ranges) == 1:
            ((range_ev, _func),) = consumer.summary.ranges
            body = range_ev.node.child_by_field_name("body")
        else:
            return None
        returns = [n for n in gosyntax.walk(body) if n.type == "return_statement"] if body else []
        if consumer.repeated or drained is not None:
            # QUIT_TOGETHER: consumers started in a loop all quit when the signal they
            # share comes; one quitting on its own item leaves the others consuming.
            # ABORTS_THE_JOB: or each quits on a failure it hands to the root (`firstErr =
            # err` on a captured variable): a failure that hits every item (a service
            # down) stops them all.
            bare = all(ev.case is None for ev, _f in producer.summary.ops)
            returns = [
                r
                for r in returns
                if _quits_on_a_shared_signal(r, body)
                or (ident.caller_context and _aborts_the_job(r, body, consumer.func.node))
                or (bare and _hands_its_failure_on(r, body))
            ]
        quit_at = returns[0] if returns else None
        if quit_at is None:
            return None
        op = _last_op(producer.summary, ("send",), caller_context=ident.caller_context)
        if op is None:
            return None
        return Verdict(
            "stuck-send",
            ident,
            op[0],
            op[1],
            producer,
            o.node,
            st.trail_hi,
            detail={"outcome": o.kind, "quitter": consumer, "quit_at": quit_at},
        )


def _drain_loop(summary: Summary) -> tree_sitter.Node | None:
    """DRAINING_SELECT: the `for { select { ... case v, ok := <-ch: if !ok { return } ...
    } }` a consumer receives in, read as its range for SIBLING_QUITS (its other ways
    out are then judged as QUIT_TOGETHER's): the endless loop around its one blocking
    receive, when that receive binds an `ok` it tests."""
    receives = [ev for ev, _f in summary.ops if ev.kind == "recv"]
    if len(receives) != 1 or receives[0].case is None:
        return None
    case = receives[0].case.node
    comm = case.child_by_field_name("communication")
    left = comm.child_by_field_name("left") if comm is not None else None
    names = (
        left.named_children
        if comm is not None and left is not None and comm.type == "receive_statement"
        else []
    )
    if len(names) != 2:
        return None
    ok = gosyntax.text(names[1])
    if not any(
        n.type == "if_statement" and _spaceless_text(n.child_by_field_name("condition")) == f"!{ok}"
        for n in gosyntax.walk(case)
    ):
        return None
    loop = next(
        (
            a
            for a in gosyntax.ancestors(case)
            if a.type in ("for_statement", *gosyntax.FUNCTION_TYPES)
        ),
        None,
    )
    if (
        loop is None
        or loop.type != "for_statement"
        or any(c.type != "block" for c in loop.named_children)
    ):
        return None
    return loop


def _spaceless_text(node: tree_sitter.Node | None) -> str:
    return "".join(gosyntax.text(node).split()) if node is not None else ""


def _aborts_the_job(
    ret: tree_sitter.Node, body: tree_sitter.Node | None, consumer: tree_sitter.Node
) -> bool:
    """Heuristic ABORTS_THE_JOB: a `return` out of a consumer's range right after it stores
    a failure in a variable of its starter (`firstErr = fmt.Errorf("warm %v: %w", pt,
    err)`, in the statements before the return in its block, the consumer a function
    literal): the root means one worker's failure to end the job. Trade-off: only when
    every copy fails do they all quit (a service down does that); with the producer
    waiting on the caller's context alone (CALLER_CONTEXT_ONLY), it is then left behind."""
    if consumer.type != "func_literal" or body is None:
        return False
    block = ret.parent
    if block is None:
        return False
    local = {
        gosyntax.text(n)
        for d in gosyntax.walk(consumer, skip_functions=False)
        if d.type in ("short_var_declaration", "var_spec", "parameter_declaration", "range_clause")
        for n in gosyntax.walk(d.child_by_field_name("left") or d.child_by_field_name("name") or d)
        if n.type == "identifier"
    }
    for stmt in gosyntax.statements(block):
        if stmt.start_byte >= ret.start_byte:
            break
        for n in [stmt, *gosyntax.walk(stmt)]:
            if n.type != "assignment_statement":
                continue
            targets = gosyntax.field(n, "left").named_children
            value = gosyntax.text(gosyntax.field(n, "right"))
            if any(
                t.type == "identifier" and gosyntax.text(t) not in local | {"_"} for t in targets
            ) and re.search(r"\berr\b", value):
                return True
    return False


def _hands_its_failure_on(ret: tree_sitter.Node, body: tree_sitter.Node | None) -> bool:
    """Heuristic FAILURE_HANDED_ON, ABORTS_THE_JOB's form for a producer whose sends are
    bare: a consumer's `return` out of its range taken on an error (`if errors.Is(err,
    ErrSessionExpired) { return }`, `if err != nil { return }`) after it sent that error
    on (`results <- result{err: err}`, `errs <- err`) to whoever aborts the job. A
    failure that hits every item (an expired session, a service down) makes every copy
    quit, and the producer's next send then waits forever. Trade-off: when only some
    items fail, the other copies go on consuming and the producer finishes; that
    pipeline is reported too (blind dev p416)."""
    if body is None:
        return False
    failed_at = None
    current = ret
    for a in [*gosyntax.ancestors(ret, body), body]:
        if a.type == "if_statement" and re.search(
            r"\berr\b", gosyntax.text(gosyntax.field(a, "condition"))
        ):
            failed_at = a
        if a.type in ("block", "statement_list") and failed_at is not None:
            for stmt in gosyntax.statements(a):
                if stmt.start_byte >= current.start_byte:
                    break
                if stmt.type == "send_statement" and re.search(
                    r"\berr\b", gosyntax.text(gosyntax.field(stmt, "value"))
                ):
                    return True
        current = a
    return False


def _quits_on_a_shared_signal(ret: tree_sitter.Node, body: tree_sitter.Node | None) -> bool:
    """Heuristic QUIT_TOGETHER: a `return` out of a consumer's range taken on a context's
    end or a stop channel (`case <-ctx.Done(): return`, `if ctx.Err() != nil { return }`,
    `case <-stop: return`): every copy of a consumer started in a loop sees the same
    signal and quits with the others. Trade-off: a context made per copy inside the
    loop would end one copy alone; the signal's origin is not checked."""
    for a in gosyntax.ancestors(ret, body):
        if a.type == "communication_case":
            comm = a.child_by_field_name("communication")
            operand = gosyntax.received_operand(a)
            if comm is not None and comm.type != "send_statement" and operand is not None:
                if operand.type == "call_expression":
                    return gosyntax.text(gosyntax.field(operand, "function")).endswith(".Done")
                return operand.type in ("identifier", "selector_expression")
        if a.type == "if_statement":
            cond = gosyntax.text(gosyntax.field(a, "condition")).replace(" ", "")
            if re.fullmatch(r"[\w.]+\.Err\(\)!=nil", cond):
                return True
    return False


def _first_of_many(ident: Identity, o: Outcome, st: Flow, sender: Partner) -> bool:
    """FIRST_OF_MANY (first_of_many.py): goroutines started in a loop each send at most
    once, the starter received a fixed number of times on this path (itself, or through
    a method of the package that returns what it received: `fanout.Wait`) and returns a
    value it received: every sender past those blocks, two failures are enough."""
    if sender.summary.bal.terms or sender.summary.bal.const != (0, 1) or sender.summary.escapable:
        return False
    received = st.bal.const
    if received[0] != received[1] or received[1] >= 0 or not st.bal.terms:
        return False  # the starter's own receives are a fixed number, at least one
    if any(partial or coef != (0, 1) for (_sym, partial), coef in st.bal.terms.items()):
        return False  # one send at most per goroutine of one loop, nothing else counted
    if o.kind != "term" or o.node.ast is None:
        return False
    if ident.var is not None and ident.field is None and closed_by(ident.root.node, ident.var):
        return False  # the starter closes it: every sender has finished by then (else a panic)
    receives = [ev.node for ev, _f in st.ops if ev.kind in ("recv", "range")]
    for p in st.partners:
        if p is sender:
            continue
        bal = p.summary.bal
        if bal.is_zero():
            if any(ev.kind != "close" for ev, _f in p.summary.ops):
                return False  # another goroutine acts on it (a collector): not the starter alone
        elif p.repeated and not bal.terms and bal.const == (0, 1):
            continue  # the sender's goroutine, as seen inside the method that starts it
        elif p.kind == "call" and not p.repeated and not bal.terms and bal.const[1] < 0:
            own = [ev.node for ev, _f in p.summary.ops if ev.kind in ("recv", "range")]
            if p.event.call is not None and returns_received_value(p.func.node, own):
                receives.append(p.event.call)
        else:
            return False
    return returns_what_it_received(o.node.ast, receives)


def sends_every_iteration(bal: Lin) -> bool:
    """A forwarder (`for h := range c { out <- h }`): one send on every iteration of loops
    that run until their input ends, and none otherwise. Its count varies with its input,
    not with a condition."""
    if bal.const != (0, 0) or not bal.terms:
        return False
    return all(
        sym[0] in ("unique", "drain") and v[0] == v[1] >= 1
        for (sym, _partial), v in bal.terms.items()
        if v != (0, 0)
    )


def _sends_per_item(bal: Lin) -> bool:
    """A producer sending one value per item of its input, as SIBLING_QUITS reads it for
    consumers started in a loop: a forwarder (sends_every_iteration), or a loop over a
    slice or a count (`for _, t := range tiles { jobs <- t }`). Its count is the
    input's, which nothing bounds by the number of consumers."""
    if sends_every_iteration(bal):
        return True
    if bal.const != (0, 0) or not bal.terms:
        return False
    return all(
        sym[0] in ("range", "count") and v[0] == v[1] == 1
        for (sym, _partial), v in bal.terms.items()
        if v != (0, 0)
    )


def gave_up_on_a_signal(trail: Trail, sender: tree_sitter.Node | None = None) -> bool:
    """GAVE_UP_ON_A_SIGNAL: the path leaves through a select case that waits on a context
    or a timer (`case <-ctx.Done(): return`, `case <-time.After(d):`), as GL001's
    abandoning case does for one goroutine. The root stops receiving on an event of its
    own, not because it counted what the goroutines would send: one of them that sends
    once, only on some paths (`if err != nil { return }; ch <- v`), and has not sent yet
    is stranded when it does, however many take the other path. (The caller asks only
    for goroutines sending at most once: a relay sending a value per input is GL007's.)
    A case receiving the failure that `sender`, a function literal run as these
    goroutines, reports on another channel (`case err := <-errs: return nil, err`) gives
    up the same way (SIBLING_FAILED): the goroutines that have not failed yet still
    send. Trade-off: when the failing goroutine is the last to finish, nobody is left."""
    for item in reversed(trail):
        if isinstance(item, tree_sitter.Node) and item.type == "communication_case":
            comm = item.child_by_field_name("communication")
            return comm is not None and (
                _waits_on_a_signal(comm) or _receives_what_it_reports(comm, sender)
            )
    return False


def _receives_what_it_reports(comm: tree_sitter.Node, sender: tree_sitter.Node | None) -> bool:
    """SIBLING_FAILED: the case receives from a local channel the goroutine literal
    `sender` sends its failure on (`errs <- err` on a path without the other send)."""
    if sender is None or sender.type != "func_literal":
        return False
    channel = _received_from(comm)
    if channel is None or channel.type != "identifier":
        return False
    body = sender.child_by_field_name("body")
    return body is not None and any(
        n.type == "send_statement"
        and gosyntax.text(gosyntax.field(n, "channel")) == gosyntax.text(channel)
        for n in gosyntax.walk(body)
    )


def _received_from(comm: tree_sitter.Node) -> tree_sitter.Node | None:
    """The channel a case's communication receives from (`ch` of `v := <-ch`)."""
    received: tree_sitter.Node | None = comm
    if comm.type == "receive_statement":
        received = comm.child_by_field_name("right")
    if received is None or received.type != "unary_expression":
        return None
    return gosyntax.unparen(received.child_by_field_name("operand"))


def _waits_on_a_signal(comm: tree_sitter.Node) -> bool:
    """A case's receive from `x.Done()` or from a timer (`time.After(d)`, `t.C`)."""
    operand = _received_from(comm)
    if operand is None:
        return False
    if operand.type == "call_expression":
        callee = gosyntax.callee_text(operand)
        return callee == "time.After" or callee.endswith(".Done")
    field = operand.child_by_field_name("field") if operand.type == "selector_expression" else None
    return field is not None and field.text == b"C"


def _collector_left_early(s: Summary) -> Lin:
    """COLLECTOR_CALL: a function the root calls with the channel (`rep, err :=
    collect(results)`) that ranges over it and may return from inside the range (on the
    first error, past a limit) is, for the root, a range of its own left early: the
    path that runs the range to its end has taken everything until the close, as the
    root's own range would (its per-round receives are dropped, the count of rounds being
    the senders' business), and the early way out keeps its partial count (a kappa term),
    which strands senders that go on. Trade-off: the two paths of the callee stay joined,
    so a call that ranges to the end on every path but one is judged as a root loop that
    may be left early, which it is."""
    loops = {
        a.start_byte
        for ev, _f in s.ranges
        for a in [ev.node, *gosyntax.ancestors(ev.node)]
        if a.type == "for_statement"
    }
    terms = {
        (sym, partial): v
        for (sym, partial), v in s.bal.terms.items()
        if partial or not (sym[0] == "drain" and sym[1] in loops)
    }
    return Lin(s.bal.const, terms)


def _left_a_loop_early(bal: Lin) -> bool:
    """SHORT_ONLY_WHEN_LEFT_EARLY: the path leaves a receiving loop before its end (a
    kappa term receives). A buffer sized below its symbol by up to a constant (GROWN_COPY,
    identities.py) holds every value a loop run to its end does not receive, since that
    loop receives one per element; only a loop left early can leave it short."""
    return any(partial and v[0] < 0 for (_sym, partial), v in bal.terms.items())


def _past_its_room(ident: Identity, st: Flow, sender: Partner) -> bool:
    """SURPLUS_PAST_ITS_ROOM: futures with a buffer each (BUFFER_PER_ELEMENT), read by a
    loop the root leaves early: some element is never read, and its goroutine, on its
    path with the most sends, sends more than its buffer holds. Each goroutine has a
    channel of its own, so how many of them take that path does not matter: one that
    does is stuck. (A goroutine sharing one channel with others may leave its surplus
    to a sibling's shortfall, which is why the paths of repeated senders are otherwise
    left alone.)"""
    return (
        ident.elements
        and ident.element_buffer > 0
        and sender.summary.bal.max() > ident.element_buffer
        and _left_a_loop_early(st.bal)
    )


def _left_a_stream(ident: Identity, st: Flow) -> bool:
    """STREAM_LEFT_EARLY: the root ranged over the identity and left the range before it
    ended (`for it := range items { if match(it) { return it } }`), and its one producer,
    a goroutine of its own, sends in a loop and closes the channel when its input ends:
    how many values each side counted cannot be told (both loops run as long as their
    input lasts), but a stream left before its close strands the producer at its next
    send, unless the buffer holds the rest (see _no_room_for_the_rest). Trade-off: a
    consumer that leaves only after the last value (a final marker its producer sends
    just before closing) is reported too."""
    if not _gave_up_a_range(st.bal):
        return False
    if _drained_on_the_way_out(st):
        return False
    senders = [p for p in st.partners if p.kind == "goroutine" and p.summary.bal.max() > 0]
    if len(senders) != 1:
        return False
    sender = senders[0]
    return (
        not sender.repeated
        and sender.summary.closes
        and not sender.summary.escapable
        and any(coef[1] >= 1 for _term, coef in sender.summary.bal.terms.items())
        and _no_room_for_the_rest(ident, sender)
    )


def _no_room_for_the_rest(ident: Identity, sender: Partner) -> bool:
    """Can a consumer leaving early strand the producer of a stream at its next send?
    Unbuffered, always. BUFFER_SHORT_OF_THE_STREAM: a buffer of a fixed size (a constant,
    or a setting read from a field, `make(chan item, r.cfg.StreamBuffer)`) against a
    producer sending once per round of a loop whose count the buffer does not name:
    the buffer smooths the stream, it does not hold it, and once the rounds outnumber it
    the producer waits for a reader that has left. A buffer sized by a length (`len(xs)`,
    a local) or by the very count the loop runs to is how many sends the author allowed
    for: the counts decide as elsewhere. Trade-off: a producer whose input is in fact
    shorter than the buffer (a loop over a short list) is reported too."""
    cap = ident.capacity
    if cap.is_zero():
        return True
    make = ident.element_make or ident.birth
    args = gosyntax.call_arguments(make) if make.type == "call_expression" else []
    size = gosyntax.unparen(args[1]) if len(args) == 2 else None
    if size is None:
        return False
    if cap.symbols():
        if size.type != "selector_expression" or b"(" in gosyntax.text(size).encode():
            return False  # a local or a length: perhaps the count itself under another name
    elif cap.const[0] < 1:
        return False
    unbounded = {
        sym
        for (sym, _partial), coef in sender.summary.bal.terms.items()
        if coef[1] >= 1 and sym[0] in ("range", "unique")
    }
    return bool(unbounded) and not (unbounded & cap.symbols())


def _drained_on_the_way_out(st: Flow) -> bool:
    """DRAINED_ON_THE_WAY_OUT: a range over the identity in a deferred function (`defer
    func() { for range rows {} }()`) takes what the producer still sends until it closes:
    leaving the consuming loop early strands nobody. Trade-off: a producer that never
    closes keeps the drain waiting instead, which is that range's own judgement."""
    return any(p.kind == "defer" and p.summary.ranges for p in st.partners)


def _left_a_receiving_loop(ident: Identity, o: Outcome, st: Flow) -> bool:
    """RECEIVE_LOOP_LEFT_EARLY: the root receives from the identity once per round of a
    loop (`for { ln := <-lines; ... }`) and leaves that loop by a `return` from inside it,
    while its one producer, a goroutine of its own, sends once per round of a loop of
    its own: neither count is known, but a consumer that stops reading strands the
    producer at its next send. A way out under a test of a value it received (`if
    ln.err != nil`, `if !ok`) is where the producer said it was done (a final marker,
    a close): that one leaves nothing behind. The buffer, as for a stream. Trade-off:
    a producer whose input has run out by the time the consumer leaves is not stuck,
    and is reported all the same."""
    if not _left_a_loop_early(st.bal):
        return False
    if not any(sym[0] == "unique" and v[0] < 0 for (sym, partial), v in st.bal.terms.items()):
        return False
    # DRAINED_ON_THE_WAY_OUT: a range over it on this path (`for range decodeChan {}`
    # before the `return`, or in a deferred function) takes what the producer still
    # sends until it closes: the stream's own judgement applies.
    if (
        any(ev.kind == "range" for ev, _f in st.ops)
        or any(sym[0] == "drain" for (sym, _partial) in st.bal.terms)
        or _drained_on_the_way_out(st)
    ):
        return False
    senders = {
        id(p.func.node): p for p in st.partners if p.kind == "goroutine" and p.summary.bal.max() > 0
    }
    if len(senders) != 1:
        return False
    sender = next(iter(senders.values()))
    if sender.repeated or sender.summary.escapable:
        return False
    if not any(
        sym[0] == "unique" and coef[0] >= 1 for (sym, _p), coef in sender.summary.bal.terms.items()
    ):
        return False
    if not _no_room_for_the_rest(ident, sender):
        return False
    exit_node = o.node.ast if o.kind == "term" else None
    if exit_node is None or exit_node.type != "return_statement":
        return False
    if _closes_the_producers_input(ident.root.node, sender.func.node):
        return False
    if _final_word_elsewhere(exit_node, sender, ident):
        return False
    return not gosyntax.under_a_test_of(exit_node, _received_names(st))


def _foreign_typed(var: Var) -> bool:
    """FOREIGN_CHANNEL_TYPE: a parameter declared with a named type of another package
    (`eventChan state.WatchEventChan`) receives the channel through a type we cannot
    read, so the function's loops and receives over it are not seen as such: the
    channel is taken to reach unknown code. Trade-off: what such a callee does to it
    goes uncounted, and the leak it would show is not reported."""
    return (
        var.kind == "param" and var.type_node is not None and var.type_node.type == "qualified_type"
    )


def _slot_taken_before_start(ident: Identity, receiver: Partner) -> bool:
    """SLOT_TAKEN_BEFORE_START: a semaphore whose slot the root takes in each round of
    its loop before it starts the goroutine that gives the slot back (`select { case sem
    <- struct{}{}: case <-ctx.Done(): failed = err }; if failed != nil { break }; go
    func() { defer func() { <-sem }() ... }()`): the goroutine only runs once its slot is
    taken, so its receive finds the value it is owed. The count cannot tell, as it does
    not follow the flag the other case sets. Only a buffered channel, a goroutine started
    in a loop, and a send of the root in that loop's body before the `go`. Trade-off: a
    loop that starts the goroutine after a failed take as well is not reported."""
    if ident.capacity.is_zero() or ident.var is None or not receiver.repeated:
        return False
    spawn = receiver.event.node
    loops = gosyntax.loops_between(spawn, ident.root.node)
    body = loops[0].child_by_field_name("body") if loops else None
    if body is None:
        return False
    names = {v.name for v in ident.binding()[0]}
    for n in gosyntax.walk(body):
        if n.start_byte >= spawn.start_byte:
            break
        if n.type == "send_statement":
            channel = gosyntax.unparen(n.child_by_field_name("channel"))
            if channel is not None and gosyntax.text(channel) in names:
                return True
    return False


def _final_word_elsewhere(exit_node: tree_sitter.Node, sender: Partner, ident: Identity) -> bool:
    """FINAL_WORD_ELSEWHERE: the way out is in a select case receiving from another
    channel (`case err := <-errc: return out, err`), and the producer sends on channels
    other than the identity only after its last send on it (`if err := l.list(ctx, ch);
    err != nil { errc <- err }`, its last act): a value there means the producer is done.
    The other channel is told apart by not being one of the producer's operations on the
    identity; only the producer may send on it (ONLY_THE_PRODUCER_SPEAKS: every send on
    that name in the root, or in the helper whose result it is, lies in the producer).
    Trade-off: a producer that reports progress on that channel before it is done is
    taken to be done."""
    case = next(
        (
            a
            for a in gosyntax.ancestors(exit_node)
            if a.type == "communication_case" or a.type in gosyntax.FUNCTION_TYPES
        ),
        None,
    )
    if case is None or case.type != "communication_case":
        return False
    operand = gosyntax.unparen(gosyntax.received_operand(case))
    if operand is None or operand.type != "identifier":
        return False
    if sender.kind == "call":
        # A helper's goroutine (`objs, errc := l.objects(ctx)`): its producer decides.
        producers = [p for p in sender.summary.partners if p.kind == "goroutine"]
        return len(producers) == 1 and _final_word_elsewhere(exit_node, producers[0], ident)
    literal = sender.func.node
    if not _only_the_producer_speaks(gosyntax.text(operand), literal, ident):
        return False
    own = [ev.node for ev, f in sender.summary.ops if f is sender.func]
    own += [
        p.event.node
        for p in sender.summary.partners
        if p.event.node is not None and gosyntax.is_within(p.event.node, literal)
    ]
    if not own:
        return False
    last = max(n.end_byte for n in own)
    own_ids = {n.id for n in own}
    others = [
        n for n in gosyntax.walk(literal) if n.type == "send_statement" and n.id not in own_ids
    ]
    if not others or any(n.start_byte < last for n in others):
        return False
    return not any(
        loop.type == "for_statement" and any(gosyntax.is_within(n, loop) for n in own)
        for n in others
        for loop in gosyntax.ancestors(n, literal)
    )


def _only_the_producer_speaks(name: str, literal: tree_sitter.Node, ident: Identity) -> bool:
    """ONLY_THE_PRODUCER_SPEAKS: every send on `name` lies in the producer's literal:
    the root's local (`done`), or, for a sibling result of the helper call the identity
    comes from (`objs, errc := l.objects(ctx)`), the helper's variable returned in its
    place."""
    scope, shown = ident.root.node, name
    helper = ident.helper
    if helper is not None:
        stmt = ident.birth.parent.parent if ident.birth.parent is not None else None
        left = (
            gosyntax.field(stmt, "left").named_children
            if stmt is not None and stmt.type in ("short_var_declaration", "assignment_statement")
            else []
        )
        index = next((i for i, n in enumerate(left) if gosyntax.text(n) == name), None)
        returned = [
            r.named_children[0].named_children
            for r in gosyntax.walk(helper.node)
            if r.type == "return_statement"
            and r.named_children
            and r.named_children[0].type == "expression_list"
        ]
        if index is None or not returned or any(len(vals) <= index for vals in returned):
            return False
        names = {gosyntax.text(vals[index]) for vals in returned}
        if len(names) != 1:
            return False
        scope, shown = helper.node, names.pop()
    sends = [
        n
        for n in gosyntax.walk(scope, skip_functions=False)
        if n.type == "send_statement" and gosyntax.text(gosyntax.field(n, "channel")) == shown
    ]
    return bool(sends) and all(gosyntax.is_within(n, literal) for n in sends)


def _closes_the_producers_input(root: tree_sitter.Node, producer: tree_sitter.Node) -> bool:
    """INPUT_CLOSED_ON_LEAVING: the root closes something the producer calls methods of
    in its loop (`defer ln.Close()` against `ln.Accept()`): the producer learns to stop
    from its input, and only a value already in flight when the consumer leaves is
    stranded, a race this check does not report. Trade-off: that race is missed."""
    closed = {
        gosyntax.text(operand)
        for call in gosyntax.walk(root, skip_functions=False)
        if call.type == "call_expression"
        and (gosyntax.callee_text(call) or "").endswith(".Close")
        and (fn := call.child_by_field_name("function")) is not None
        and (operand := fn.child_by_field_name("operand")) is not None
        and operand.type == "identifier"
    }
    if not closed:
        return False
    return any(
        n.type == "selector_expression"
        and (operand := n.child_by_field_name("operand")) is not None
        and operand.type == "identifier"
        and gosyntax.text(operand) in closed
        for n in gosyntax.walk(producer, skip_functions=False)
    )


def _received_names(st: Flow) -> set[str]:
    """The names the root's receives from the identity assign (`ln`, `v, ok`)."""
    names: set[str] = set()
    for ev, _func in st.ops:
        if ev.kind != "recv":
            continue
        stmt = ev.node.parent
        while stmt is not None and stmt.type in ("parenthesized_expression", "expression_list"):
            stmt = stmt.parent
        if stmt is None or stmt.type not in (
            "receive_statement",
            "short_var_declaration",
            "assignment_statement",
        ):
            continue
        left = stmt.child_by_field_name("left")
        for n in (
            left.named_children
            if left is not None and left.type == "expression_list"
            else ([left] if left is not None else [])
        ):
            if n.type == "identifier":
                names.add(gosyntax.text(n))
    return names


def _gave_up_a_range(bal: Lin) -> bool:
    """Did the root leave a `range` over the identity before it ended (a kappa term of a
    loop that runs until the channel is closed)?"""
    return any(
        partial and sym[0] == "drain" and v[0] < 0 for (sym, partial), v in bal.terms.items()
    )


def _balanced_happy_path(ends: list[Outcome]) -> _Assumed | None:
    """Heuristic BALANCED_HAPPY_PATH: when the one normal way out (the collecting loop run
    to its end) balances a count we cannot name (workers draining a job channel send once
    per job) against a counted loop of receives (`for range images { <-errs }`), assume the
    code is right on that path: the unnamed count equals the counted one. Returns (the
    unnamed term's key, its coefficient, the counted symbol), or None.

    Trade-off: a pool whose workers send fewer values than the collector counts would
    hang on its normal path already; we take such code to be correct there and judge
    only its early returns."""
    normal = [
        o
        for o in ends
        if o.kind == "term"
        and not any(partial and v != (0, 0) for (_sym, partial), v in o.state.bal.terms.items())
    ]
    const_normal = [
        o
        for o in ends
        if o.kind == "term" and not (o.node.kind == "return" and o.node.loop is not None)
    ]
    if len(const_normal) == 1:
        bal = const_normal[0].state.bal
        unnamed, counted = _unnamed_and_counted(bal)
        if len(unnamed) == 1 and not counted and bal.const[0] == bal.const[1] <= -1:
            # A collecting loop of a constant count (`for range 40 { <-results }`), left
            # only through returns inside it: the same assumption, against that number.
            ukey, ucoef = unnamed[0]
            if not ukey[1] and ucoef[0] == ucoef[1] >= 1:
                return ukey, ucoef, ("const", int(-bal.const[0]))
            return None
    if not normal or any(not _same_balance(o.state.bal, normal[0].state.bal) for o in normal):
        # Several normal ways out are one when they balance alike: `if err := g.Wait();
        # err != nil { return err }` after the collecting loop ran to its end (blind dev p556).
        return None
    bal = normal[0].state.bal
    if bal.const != (0, 0):
        return None
    unnamed, counted = _unnamed_and_counted(bal)
    if len(unnamed) != 1 or len(counted) != 1:
        return None
    (ukey, ucoef), (ckey, ccoef) = unnamed[0], counted[0]
    if ukey[1] or ckey[1] or ucoef[1] != 1 or ucoef[0] < 0 or ccoef != (-1, -1):
        return None  # senders counted by the unnamed loop, receives by the counted one, once each
    return ukey, ucoef, ckey[0]


def _same_balance(a: Lin, b: Lin) -> bool:
    """Do two balances count the same (terms of zero dropped)?"""

    def nonzero(bal: Lin) -> dict[Term, Interval]:
        return {k: v for k, v in bal.terms.items() if v != (0, 0)}

    return a.const == b.const and nonzero(a) == nonzero(b)


def _unnamed_and_counted(
    bal: Lin,
) -> tuple[list[tuple[Term, Interval]], list[tuple[Term, Interval]]]:
    """The balance's terms of loops with no count we can name (run until something
    happens), and those of counted loops."""
    unnamed: list[tuple[Term, Interval]] = []
    counted: list[tuple[Term, Interval]] = []
    for k, v in bal.terms.items():
        if v != (0, 0):
            (unnamed if k[0][0] in ("unique", "drain") else counted).append((k, v))
    return unnamed, counted


def _early_pending(ident: Identity, o: Outcome, assumed: _Assumed) -> Lin | None:
    """With BALANCED_HAPPY_PATH: the pending sends at an explicit `return` that leaves the
    collecting loop early, the unnamed count replaced by the counted one (None when it
    does not apply or nothing is left pending)."""
    if o.kind != "term" or o.node.kind != "return":
        return None
    ukey, ucoef, symbol = assumed
    bal = o.state.bal
    if symbol[0] == "const":
        if bal.terms.get(ukey) != ucoef or not _inside_loop_of(o.node, symbol):
            return None  # not the same senders, or not a return from inside the collecting loop
    elif bal.terms.get(ukey) != ucoef or bal.terms.get((symbol, True), (0, 0)) == (0, 0):
        return None  # not the same senders, or not a return from inside the collecting loop
    terms = {k: v for k, v in bal.terms.items() if k != ukey}
    replaced = Lin(bal.const, terms) + Lin.symbol(symbol)
    pending = replaced - ident.capacity
    return pending if pending.max_sure() > 0 else None


def _inside_loop_of(node: CfgNode, symbol: Symbol) -> bool:
    """Is the CFG node inside a loop whose trip count is `symbol`?"""
    loop = node.loop
    while loop is not None:
        if loop.symbol == symbol:
            return True
        loop = loop.parent
    return False


def _all_ops(partners: Iterable[Partner]) -> list[Op]:
    out: list[Op] = []
    for p in partners:
        out.extend(p.summary.ops)
        out.extend(_all_ops(p.summary.partners))
    return out


def _facts(outcomes: list[Outcome], records: list[tuple[Event, Flow]]) -> dict[str, Any]:
    """What happens to the identity anywhere: does anyone send, receive, close it?"""
    states = [o.state for o in outcomes] + [st for _ev, st in records]
    ops: list[Op] = []
    partners: list[Partner] = []
    closes = False
    for st in states:
        ops.extend(st.ops)
        partners.extend(st.partners)
        closes = closes or st.closed_some or st.deferred_close
    ops.extend(_all_ops(partners))
    closes = closes or any(p.summary.closes_some for p in partners)
    kinds = {ev.kind for ev, _f in ops}
    # UNSEEN_IS_NOT_NEVER: a path on which the identity reached code we cannot see may
    # serve it there; "nothing ever sends" (or receives) is then not ours to say.
    escapable = any(st.escapable or st.escaped for st in states) or any(
        p.summary.escapable for p in partners
    )
    return {
        "sends": "send" in kinds or any(p.summary.bal.max() > 0 for p in partners) or escapable,
        "receives": bool(kinds & {"recv", "range"})
        or any(p.summary.bal.min() < 0 for p in partners)
        or escapable,
        # ...nor "nothing ever closes it": `xioutil.SafeClose(walkCh)` may (minio, audit 43).
        "closes": closes or escapable,
        "root_receives": _root_receives(outcomes, records),
        "root_closes": any(st.closed_some or st.deferred_close for st in states),
        "root_sends": any(ev.kind == "send" for st in states for ev, _f in st.ops),
        "partners": list({id(p): p for p in partners}.values()),
    }


def _root_receives(outcomes: list[Outcome], records: list[tuple[Event, Flow]]) -> list[Event]:
    """The root's own receives (select cases included), in source order."""
    seen: dict[tuple[int, str], Event] = {}
    for st in [o.state for o in outcomes] + [st for _ev, st in records]:
        for ev, _f in st.ops:
            if ev.kind in ("recv", "range"):
                seen[(ev.node.start_byte, ev.kind)] = ev
    for ev, _st in records:
        if ev.kind in ("recv", "range"):
            seen[(ev.node.start_byte, ev.kind)] = ev
    return [seen[k] for k in sorted(seen)]


def _serves(v: Verdict) -> bool:
    """Does the root itself do, on some path, what the blocked operation needs?"""
    d = v.detail
    return bool(
        {
            "stuck-range": d.get("root_closes"),
            "stuck-recv": d.get("root_closes") or d.get("root_sends"),
            "stuck-send": bool(d.get("root_receives")),
        }.get(v.kind, False)
    )


def _falls_off_past_release(v: Verdict) -> bool:
    """Falling off the end (or into the next iteration) past a release the root makes only
    on some paths (`if seen == Ready { close(ready) }` in a loop) is a path the author rarely
    leaves open; an explicit early `return` (or a select case giving up) is the shape that
    really strands goroutines."""
    if not v.kind.startswith("stuck-") or not _serves(v):
        return False
    if any(
        isinstance(t, tree_sitter.Node)
        and t.type in ("communication_case", "default_case")
        and _leaves(t)
        for t in v.trail
    ):
        return False  # a select case that gives up and leaves
    if _jumps_out_of_its_iteration(v):
        return False
    exit_kind = getattr(v.exit, "kind", None)
    return v.detail.get("outcome") in ("back", "leave") or exit_kind == "end"


def _jumps_out_of_its_iteration(v: Verdict) -> bool:
    """EXPLICIT_CONTINUE: a `continue` or `break` of the loop a channel is made in ends
    that channel's life as plainly as a `return` ends a function's: the next iteration
    makes another one, and nothing can reach the old one again. Trade-off: a `break` or
    `continue` of an inner loop, a `select` or a `switch` is no such end, and the path
    is judged as falling off (discounted)."""
    loop = v.identity.birth_node.loop
    if loop is None or v.detail.get("outcome") not in ("back", "leave"):
        return False
    return any(
        isinstance(t, CfgNode)
        and t.kind == "jump"
        and t.ast is not None
        and (
            gosyntax.break_leaves(t.ast, loop.stmt)
            if t.ast.type == "break_statement"
            else gosyntax.continues(t.ast, loop.stmt)
        )
        for t in v.trail
    )


def _abandons_running(ident: Identity, v: Verdict, method: Function, package: Package) -> bool:
    """For a method serving its struct's running goroutine: this method is where the
    goroutine's operation is served (it closes, sends or receives as the goroutine needs),
    and an explicit `return` of it skips that, not behind a flag the method itself sets
    (`if s.closed { return }` is the second call, after the first served it)."""
    if v.partner not in ident.running or v.exit is None or v.exit.kind != "return":
        return False
    assert (
        v.partner is not None and v.exit.ast is not None
    )  # one of ident.running; a return statement
    bal = v.partner.summary.bal
    if v.kind != "stuck-range" and (bal.symbols() or bal.max() > 1 or bal.min() < -1):
        # A stream of values is served by a method called again and again (an iterator's
        # Next): one call that serves none proves nothing. Only a one-shot wait (a final
        # report, a stop signal) is this method's to serve.
        return False
    d = v.detail
    serves = {
        "stuck-range": d.get("root_closes"),
        "stuck-recv": d.get("root_closes") or d.get("root_sends"),
        "stuck-send": bool(d.get("root_receives")),
    }.get(v.kind, False)
    if (
        not serves
        or _flag_guarded(v.exit.ast, method, field=ident.field)
        or (
            v.kind in ("stuck-range", "stuck-recv")
            and ident.field is not None
            and exit_after_flagged_close(v.exit.ast, method.node, ident.field, package)
        )
        or _started_with(v.exit.ast, v.partner)
        or skipped_like_the_start(v.exit.ast, v.partner.event.node)
        or (v.kind == "stuck-send" and reply_needs_a_skipped_request(v.event.node, v.exit.ast))
    ):
        return False
    # The method serves the field as its main business (a top-level statement after the
    # early return), not on one error branch of a method with another job (Write).
    body = method.node.child_by_field_name("body")
    needle = ("." + (ident.field or "")).encode()
    for stmt in gosyntax.statements(body):
        if (
            stmt.start_byte > v.exit.ast.start_byte
            and stmt.type
            in (
                "expression_statement",
                "send_statement",
                "short_var_declaration",
                "assignment_statement",
                "defer_statement",
            )
            and needle in (stmt.text or b"")
        ):
            return True
        if stmt.type == "defer_statement" and needle in (stmt.text or b""):
            return True
    return False


def _gated_after_the_wait(v: Verdict) -> bool:
    """The root's wait is failed only by a goroutine exit that the wait's own end opens
    (gated_exits.GATED_BY_A_LATER_CLOSE)."""
    if v.kind not in ("root-recv", "root-wait") or v.partner is None or v.exit is None:
        return False
    if v.event.case is not None or v.partner.func.node.type != "func_literal":
        return False
    return gated_by_a_later_close(v.identity.root, v.event.node, v.partner.func.node)


def _partner_said_done(v: Verdict) -> bool:
    """DONE_MEANS_GONE: the root left through a case receiving from a channel that the
    blocked goroutine closes only as its last act (`close(done); return`), or sends on
    only as its last act (SENT_AS_LAST_ACT): on that path the goroutine has already
    returned, whatever it waits on elsewhere. Trade-off: a goroutine that closes `done`
    and then goes on to wait would be missed."""
    if v.kind not in ("stuck-send", "stuck-recv", "stuck-range") or v.partner is None:
        return False
    body = v.partner.func.node.child_by_field_name("body")
    if body is None:
        return False
    for item in v.trail:
        if not isinstance(item, tree_sitter.Node) or item.type != "communication_case":
            continue
        operand = gosyntax.unparen(gosyntax.received_operand(item))
        if operand is None or operand.type != "identifier":
            continue
        closes = [
            n
            for n in gosyntax.walk(body)
            if n.type == "call_expression"
            and gosyntax.callee_text(n) == "close"
            and [gosyntax.text(a) for a in gosyntax.call_arguments(n)] == [gosyntax.text(operand)]
        ]
        if closes and all(_in_tail(c, body) for c in closes):
            return True
        if not v.partner.repeated and _sends_only_as_last_act(
            gosyntax.text(operand), body, v.identity.root.node
        ):
            return True
    return False


def _quit_on_reported_error(v: Verdict) -> bool:
    """MIRRORED_ERROR (mirrored_errors.py): the root leaves because the error it received
    is not nil, the one the goroutine sent and then returned on before its wait."""
    if v.kind not in ("stuck-send", "stuck-recv", "stuck-range") or v.partner is None:
        return False
    exit_node = v.exit.ast if v.exit is not None else None
    if exit_node is None:
        return False
    return quit_on_the_reported_error(
        exit_node, v.identity.root.node, v.partner.func.node, v.event.node
    )


def _sends_only_as_last_act(channel: str, body: tree_sitter.Node, root: tree_sitter.Node) -> bool:
    """SENT_AS_LAST_ACT: every send on `channel` in the root is the goroutine's, each
    its last act (`resultErr <- err; return`): a value received from it means the
    goroutine has returned. Trade-off: matched by name, so a send through another
    variable holding the same channel would make the receive prove nothing, and is not
    seen."""
    sends = [
        n
        for n in gosyntax.descendants(root, "send_statement")
        if gosyntax.text(gosyntax.field(n, "channel")) == channel
    ]
    return bool(sends) and all(
        gosyntax.is_within(n, body) and gosyntax.in_tail_position(n, body) for n in sends
    )


def _seen_closed(v: Verdict) -> bool:
    """A way out that only a flag saying the channel was seen closed lets through does
    not strand its senders (closed_flags.CLOSED_FLAGS)."""
    exit_ast = v.exit.ast if v.exit is not None else None
    if v.kind != "stuck-send" or exit_ast is None or v.identity.var is None:
        return False
    return exit_needs_closed(exit_ast, v.identity.name, v.identity.root.node)


def _closed_input_drained(v: Verdict) -> bool:
    """The way out closes the input the blocked producer ranges over, then receives what
    it still sends (closed_inputs.INPUT_CLOSED_THEN_DRAINED)."""
    ident, p = v.identity, v.partner
    if (
        v.kind != "stuck-send"
        or p is None
        or p.kind != "goroutine"
        or v.exit is None
        or ident.var is None
        or ident.field is not None
    ):
        return False
    case = next(
        (
            t
            for t in reversed(v.trail)
            if isinstance(t, tree_sitter.Node)
            and t.type == "communication_case"
            and gosyntax.is_within(t, ident.root.node)
        ),
        None,
    )
    return case is not None and drained_after_closing_input(
        p.func, v.event, p.event, ident.root, ident.var, v.exit, case
    )


def _signal_can_serve(st: Flow) -> bool:
    """SIGNAL_SERVES: a goroutine that may send the value waited for listens for the
    process's signals (`signal.Notify`): the wait ends when the process is told to stop,
    the way a daemon's `err := <-errc` beside `go handleSignals(ctx, errc)` is meant to.
    Trade-off: a wait no signal will ever end in practice (nobody sends SIGTERM to a
    test) is not reported through that goroutine's other paths."""
    return any(
        p.kind == "goroutine"
        and p.summary.bal.max() > 0
        and b"signal.Notify(" in (p.func.node.text or b"")
        for p in st.partners
    )


def _waited_then_done(v: Verdict) -> bool:
    """WAITED_THEN_DONE: the root left through a case receiving from a channel (`done`)
    that is closed or sent on only right after `wg.Wait()`, and the blocked goroutine is
    a function literal that defers `wg.Done()` before it blocks: when `done` is ready,
    every goroutine `wg` counts has returned, this one too (`go func() { wg.Wait();
    close(done) }()` beside `select { case v := <-results: ... case <-done: return }`).
    Trade-off: `wg` is matched by its text in the root, so a group of the same name
    counting other goroutines would be taken for this one; `done` must be used only to
    be made, closed, sent on and received from in the root, or nothing is dropped."""
    if v.kind not in ("stuck-send", "stuck-recv", "stuck-range"):
        return False
    goroutine = gosyntax.enclosing_function(v.event.node)
    if goroutine is None or goroutine.type != "func_literal":
        return False
    groups = _deferred_dones_before(goroutine, v.event.node)
    if not groups:
        return False
    root = v.identity.root.node
    for item in v.trail:
        if not isinstance(item, tree_sitter.Node) or item.type != "communication_case":
            continue
        operand = gosyntax.unparen(gosyntax.received_operand(item))
        if operand is not None and operand.type == "identifier":
            if _readied_after(root, gosyntax.text(operand), _after_waiting_on(groups)):
                return True
    return False


def _after_waiting_on(groups: set[str]) -> Callable[[tree_sitter.Node], bool]:
    return lambda stmt: gosyntax.waited_on_just_before(stmt) in groups


def _after_statement(earlier: tree_sitter.Node) -> Callable[[tree_sitter.Node], bool]:
    """A statement later in the same block as `earlier`."""
    return lambda stmt: stmt.parent == earlier.parent and stmt.start_byte > earlier.end_byte


def _deferred_dones_before(goroutine: tree_sitter.Node, op: tree_sitter.Node) -> set[str]:
    """The groups (`wg`) whose `Done` the goroutine defers in its body's own statements
    before `op`, and calls nowhere else."""
    body = goroutine.child_by_field_name("body")
    if body is None:
        return set()
    deferred: set[str] = set()
    for stmt in gosyntax.statements(body):
        if stmt.start_byte >= op.start_byte:
            break
        call = stmt.named_children[0] if stmt.type == "defer_statement" else None
        if call is not None and call.type == "call_expression":
            name = gosyntax.callee_text(call)
            if name.endswith(".Done") and not gosyntax.call_arguments(call):
                deferred.add(name[: -len(".Done")])
    dones = [
        gosyntax.callee_text(n)
        for n in gosyntax.walk(body)
        if n.type == "call_expression" and gosyntax.callee_text(n).endswith(".Done")
    ]
    return {g for g in deferred if dones.count(f"{g}.Done") == 1}


def _readied_after(
    root: tree_sitter.Node,
    done: str,
    ready: Callable[[tree_sitter.Node], bool],
    won: tree_sitter.Node | None = None,
) -> bool:
    """Is every close of, and send on, `done` in the root a statement `ready` accepts
    (right after `g.Wait()`, after a call), with `done` otherwise only made and received
    from? What the case `won` does once it has won (`case <-cancel: close(cancel)`, an
    answer to the canceller) is not what readied it."""
    readied = 0
    for n in gosyntax.walk(root, skip_functions=False):
        if n.type != "identifier" or gosyntax.text(n) != done:
            continue
        if won is not None and won.start_byte <= n.start_byte < won.end_byte:
            continue
        use = n.parent
        if use is None:
            return False
        if use.type == "expression_list" and use.parent is not None:
            if use.parent.type == "short_var_declaration" and use == use.parent.child_by_field_name(
                "left"
            ):
                continue  # `done := make(chan struct{})`
            use = use.parent
        if use.type == "var_spec" or (
            use.type == "unary_expression" and n == use.child_by_field_name("operand")
        ):
            continue  # declared, or received from
        stmt: tree_sitter.Node | None
        if use.type == "send_statement" and n == use.child_by_field_name("channel"):
            stmt = use
        elif (
            use.type == "argument_list"
            and use.parent is not None
            and gosyntax.callee_text(use.parent) == "close"
        ):
            stmt = use.parent.parent
        else:
            return False
        if stmt is None or not ready(stmt):
            return False
        readied += 1
    return readied > 0


def _in_tail(call: tree_sitter.Node, body: tree_sitter.Node) -> bool:
    """Is the statement holding `call` the goroutine's last act (gosyntax.in_tail_position)?"""
    stmt = call.parent
    return (
        stmt is not None
        and stmt.type == "expression_statement"
        and gosyntax.in_tail_position(stmt, body)
    )


def _flag_guarded(
    exit_node: tree_sitter.Node,
    method: Function,
    only_flags: bool = False,
    field: str | None = None,
) -> bool:
    fields_set, calls_do = _assigned_fields(method)
    if calls_do and not only_flags:
        return True  # sync.Once: the release runs once, later calls skip it by design
    for a in gosyntax.ancestors(exit_node, method.node):
        if a.type == "if_statement":
            cond = a.child_by_field_name("condition")
            cond = local_source(cond, method) if cond is not None else None
            for n in [cond, *gosyntax.walk(cond)] if cond is not None else ():
                if (
                    n.type == "selector_expression"
                    and gosyntax.field(n, "field").text in fields_set
                ):
                    return True
                if n.type == "call_expression" and _sets_the_flag_it_tests(n, method):
                    return True
                if (
                    field is not None
                    and not only_flags
                    and n.type == "call_expression"
                    and _asks_if_closed(n, method, field, fields_set)
                ):
                    return True
        if a.type == "communication_case" and not only_flags:
            return True  # `case <-s.quit: return`: already closed
    return False


def _sets_the_flag_it_tests(call: tree_sitter.Node, method: Function) -> bool:
    """SELF_SETTING_TEST: `!c.closed.TrySet()`, `c.done.Swap(true)`: a call on a field of
    the receiver that writes it, so only the first call finds it unset (a method of the
    flag's type in the package that writes its receiver, or an atomic `Swap` or
    `CompareAndSwap`). Trade-off: a method of another package is not read, and counts
    only by those two names."""
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression":
        return False
    flag = gosyntax.unparen(fn.child_by_field_name("operand"))
    recv = receiver_var(method)
    if flag is None or flag.type != "selector_expression" or recv is None:
        return False
    if (
        method.resolver.scopes.lookup(gosyntax.unparen(flag.child_by_field_name("operand")))
        is not recv
    ):
        return False
    name = gosyntax.text(gosyntax.field(fn, "field"))
    if name == "Swap" or name.startswith("CompareAndSwap"):
        return True
    decl = method.resolver.callee(call)
    writes = receiver_writes(decl.node) if decl is not None else None
    return writes is not None and bool(writes[0])


def _closes_on_its_first_call(method: Function, field: str) -> bool:
    """ALREADY_CLOSED_RETURN: a method that closes its receiver's `field` (`close(c.closech)`
    as a statement of its body) after early returns that only a second call takes (a
    flag it sets, or tests by setting: _flag_guarded), and no other way out before the
    close: called once on an object, it leaves the field closed (`mc.cleanup()` with `if
    !mc.closed.TrySet(true) { return }` first). A refusal (`if l.conn == nil { return
    errNotOpen }`, `if l.borrowed > 0`) is not such a return. Trade-off: a flag some
    other method sets first (a `Pause`) is taken for the same. A function literal a
    method runs on the spot (`if wait := func() bool { if s.closed() { return false };
    close(s.done); return true }(); !wait {`) is read the same way, on the method's
    receiver."""
    node = method.node
    decl: tree_sitter.Node | None = node
    while decl is not None and decl.type == "func_literal":
        decl = gosyntax.enclosing_function(decl.parent) if decl.parent is not None else None
    recv = gosyntax.receiver_text(decl) if decl is not None else None
    body = node.child_by_field_name("body")
    if decl is None or decl.type != "method_declaration" or not recv or body is None:
        return False
    closing = f"close({recv}.{field})"
    for stmt in gosyntax.statements(body):
        if stmt.type == "expression_statement" and gosyntax.text(stmt).replace(" ", "") == closing:
            return True
        returns = [n for n in gosyntax.walk(stmt) if n.type == "return_statement"]
        if stmt.type != "if_statement" and returns:
            return False
        if any(not _flag_guarded(r, method, only_flags=False, field=field) for r in returns):
            return False
    return False


def _fallback_arm(if_stmt: tree_sitter.Node) -> bool:
    """FALLBACK_SEND: `defer func() { if !sent { ch <- errQuit } }()` in a goroutine whose
    body goes on `ch <- work(); sent = true` with no way out before: on every normal
    exit `sent` is true, so the deferred fallback runs only when the body never got
    there (a panic, `runtime.Goexit`). Trade-off: a flag set true again elsewhere is not
    looked for; the arm is taken as dead on normal exits."""
    flag = gosyntax.negated_identifier(if_stmt.child_by_field_name("condition"))
    if flag is None:
        return False
    literal = gosyntax.enclosing_function(if_stmt)
    call = literal.parent if literal is not None else None
    defer = call.parent if call is not None and call.type == "call_expression" else None
    outer = gosyntax.enclosing_function(defer) if defer is not None else None
    if defer is None or defer.type != "defer_statement" or outer is None:
        return False
    for stmt in gosyntax.statements(outer.child_by_field_name("body")):
        if stmt.type == "return_statement" or (
            stmt.start_byte > defer.start_byte
            and any(n.type == "return_statement" for n in gosyntax.walk(stmt))
            and gosyntax.assigned_true(stmt) != flag.text
        ):
            return False
        if gosyntax.assigned_true(stmt) == flag.text:
            prev = stmt.prev_named_sibling
            return prev is not None and prev.type == "send_statement"
    return False


def _asks_if_closed(
    call: tree_sitter.Node, method: Function, field: str, fields_set: Collection[bytes | None]
) -> bool:
    """CLOSED_CHECK: `if s.isGone() { return }`, where the method of the package asks
    whether the stop field is closed with a receive from it in a select with a default,
    or reads a flag the stopping method sets (`return n.closed.Load() == 1`): the early
    return is taken once it is closed."""
    decl = method.resolver.callee(call)
    body = decl.node.child_by_field_name("body") if decl is not None else None
    if body is None:
        return False
    for n in gosyntax.walk(body):
        if n.type == "selector_expression" and gosyntax.field(n, "field").text in fields_set:
            return True
        if n.type == "select_statement" and gosyntax.select_has_default(n):
            for case in gosyntax.select_cases(n):
                if gosyntax.selects_field(gosyntax.received_operand(case), field):
                    return True
    return False


def _started_with(exit_node: tree_sitter.Node, partner: Partner) -> bool:
    """STARTED_WITH: the early return is taken when a field is nil (`if m.writer == nil {
    return }`) that the starter sets in the very block that starts the goroutine (`m.writer
    = db.NewWriteBatch(); go m.dbWriter()`): nil means the goroutine never started.
    Trade-off: a value set there that may itself be nil is taken as set."""
    # The blocks around the `go` below the function's body: the branch that starts it.
    blocks = []
    for a in gosyntax.ancestors(partner.event.node):
        if a.type in gosyntax.FUNCTION_TYPES:
            break
        if a.type in ("block", "statement_list") and a.parent is not None:
            if a.parent.type in gosyntax.FUNCTION_TYPES or (
                a.parent.type == "block"
                and a.parent.parent is not None
                and a.parent.parent.type in gosyntax.FUNCTION_TYPES
            ):
                break  # the body itself: what it sets, it sets whether or not the goroutine starts
            blocks.append(a)
    assigned = {
        gosyntax.field(t, "field").text
        for block in blocks
        for stmt in block.named_children
        if stmt.type == "assignment_statement"
        for t in gosyntax.field(stmt, "left").named_children
        if t.type == "selector_expression"
    }
    for a in gosyntax.ancestors(exit_node):
        if a.type in gosyntax.FUNCTION_TYPES:
            return False
        cond = a.child_by_field_name("condition") if a.type == "if_statement" else None
        if (
            cond is not None
            and cond.type == "binary_expression"
            and gosyntax.field(cond, "operator").type == "=="
            and gosyntax.field(cond, "right").type == "nil"
            and gosyntax.field(cond, "left").type == "selector_expression"
            and gosyntax.field(gosyntax.field(cond, "left"), "field").text in assigned
        ):
            return True
    return False


# The methods of sync/atomic's types that set a value (`atomic.Bool.Swap`).
_ATOMIC_SETS = frozenset({b"Swap", b"Store", b"CompareAndSwap"})

_ASSIGNED_FIELDS: weakref.WeakKeyDictionary[Function, tuple[frozenset[bytes | None], bool]] = (
    weakref.WeakKeyDictionary()
)


def _rooted_at(target: tree_sitter.Node, name: str) -> bool:
    """Is the selector chain (`s.state.closed`, `s.conns[k].done`) rooted at `name`?"""
    root = gosyntax.chain_root(target)
    return root is not None and gosyntax.text(root) == name


def _assigned_fields(method: Function) -> tuple[frozenset[bytes | None], bool]:
    """The fields `method` assigns (`s.closed = true`) and whether it calls a `Do`
    (`once.Do`): one walk of its body, however many exits ask."""
    found = _ASSIGNED_FIELDS.get(method)
    if found is not None:
        return found
    fields_set: set[bytes | None] = set()
    calls_do = False
    body = method.node.child_by_field_name("body")
    # RECEIVER_FLAGS: only what the method sets on its receiver is a flag of the object
    # (`s.closed = true`); `rep.Errors = append(...)` on a report it builds is its data.
    # Trade-off: a flag set through a copy of the receiver's pointer is not seen.
    own = gosyntax.receiver_text(method.node) if method.node.type == "method_declaration" else None
    for n in gosyntax.walk(body, skip_functions=False) if body is not None else ():
        if n.type == "assignment_statement":
            for t in gosyntax.field(n, "left").named_children:
                if t.type == "selector_expression" and (own is None or _rooted_at(t, own)):
                    fields_set.add(gosyntax.field(t, "field").text)
        elif n.type == "call_expression":
            fn = n.child_by_field_name("function")
            called = (
                gosyntax.field(fn, "field").text
                if fn is not None and fn.type == "selector_expression"
                else None
            )
            calls_do = calls_do or called == b"Do"
            target = (
                fn.child_by_field_name("operand")
                if fn is not None and called in _ATOMIC_SETS
                else None
            )
            if target is not None and target.type == "selector_expression":
                # `s.running.Swap(false)`: an atomic flag set, as `s.running = false` is.
                fields_set.add(gosyntax.field(target, "field").text)
            pointed = gosyntax.atomic_pointee(n)
            if pointed is not None and pointed.type == "selector_expression":
                # `atomic.CompareAndSwapInt32(&s.state, 1, 2)`: the package's functions.
                fields_set.add(gosyntax.field(pointed, "field").text)
    found = _ASSIGNED_FIELDS[method] = (frozenset(fields_set), calls_do)
    return found


def _group_copied(package: Package, field: str) -> bool:
    """GROUP_COPIED: the package puts the group's field (a pointer) into another value:
    a composite literal (`&job{wg: a.jobWait}`), a send, an assignment to something else.
    Its `Done` may then be called through that copy (`j.wg.Done()`), out of this count's
    sight. Trade-off: a copy that is never counted down hides a finding."""
    for sel, _f in field_selectors(package, field.encode()):
        use = sel.parent
        if use is not None and use.type == "unary_expression":
            use = use.parent  # `&s.wg`
        if use is None:
            continue
        if use.type in ("literal_element", "keyed_element", "literal_value", "send_statement"):
            return True
        if use.type == "expression_list" and use.parent is not None:
            statement = use.parent
            if (
                statement.type in ("assignment_statement", "short_var_declaration")
                and statement.child_by_field_name("right") == use
            ):
                return True
    return False


def _done_elsewhere(
    ident: Identity, outcomes: list[Outcome], records: list[tuple[Event, Flow]], liveness: Liveness
) -> bool:
    """A WaitGroup in a struct field is Done by code anywhere in the package: is any Done
    call outside the goroutines this function starts (and what they call)?"""
    import re

    assert ident.field is not None  # judge asks only of a field's group
    if _group_copied(liveness.package, ident.field):
        return True
    pattern = re.compile(rb"\." + re.escape(ident.field.encode()) + rb"\.Done\(\)")
    total = sum(len(pattern.findall(f.data)) for f in liveness.package.files)
    partners: list[Partner] = []
    for st in [o.state for o in outcomes] + [st for _ev, st in records]:
        partners.extend(st.partners)
    seen: dict[tuple[str, int], Partner] = {}
    while partners:
        p = partners.pop()
        key = (p.func.file.path, p.func.node.start_byte)
        if key in seen:
            continue
        seen[key] = p
        partners.extend(p.summary.partners)
    mine = 0
    for p in seen.values():
        node = p.func.node
        if any(
            q is not p
            and q.func.file.path == p.func.file.path
            and q.func.node.start_byte <= node.start_byte
            and node.end_byte <= q.func.node.end_byte
            and q.func.node != node
            for q in seen.values()
        ):
            continue  # nested in another partner: counted there
        mine += len(pattern.findall(p.func.file.data[node.start_byte : node.end_byte]))
    root = ident.root.node
    mine += (
        len(pattern.findall(ident.root.file.data[root.start_byte : root.end_byte]))
        if not seen
        else 0
    )
    return total > mine


def _two_way(
    outcomes: list[Outcome], records: list[tuple[Event, Flow]], ident: Identity | None = None
) -> bool:
    """Does some partner both send on and receive from the identity? Or the root, on a
    buffered channel (a pool of buffers or tokens it fills and takes back)?"""
    partners: list[Partner] = []
    root_kinds: set[str] = set()
    for st in [o.state for o in outcomes] + [st for _ev, st in records]:
        partners.extend(st.partners)
        root_kinds |= {ev.kind for ev, _f in st.ops}
    if (
        ident is not None
        and not ident.capacity.is_zero()
        and "send" in root_kinds
        and root_kinds & {"recv", "range"}
    ):
        return True
    seen: set[int] = set()
    while partners:
        p = partners.pop()
        if id(p) in seen:
            continue
        seen.add(id(p))
        kinds = {ev.kind for ev, _f in p.summary.ops}
        if "send" in kinds and kinds & {"recv", "range"}:
            return True
        partners.extend(p.summary.partners)
    return False


def _unwinds(node: CfgNode) -> bool:
    """Does this way out run the deferred calls: a `panic` (they run while it unwinds) or
    a stopped test (`t.Fatal` ends its goroutine with `runtime.Goexit`)? `os.Exit` and
    `log.Fatal` do not run them."""
    if node.kind == TESTFAIL:
        return True
    stmt = node.ast
    call = stmt.named_children[0] if stmt is not None and stmt.named_children else None
    return (
        node.kind == ABORT
        and call is not None
        and call.type == "call_expression"
        and gosyntax.callee_text(call) == "panic"
    )


def _did_something(st: Flow) -> bool:
    """Did the path touch the identity at all (an operation, a partner, an escape...)?"""
    return bool(
        st.ops
        or st.ranges
        or st.partners
        or not st.bal.is_zero()
        or st.closed_some
        or st.escapable
        or not st.deferred.is_zero()
    )


def _parked(ident: Identity, v: Verdict) -> bool:
    """Heuristic PARKED_ON_PURPOSE: `main` or `init` receiving from a channel it made and
    mentions nowhere else (`ch := make(chan struct{}); ...; <-ch`) blocks for good on
    purpose, the way `select {}` does: it keeps the process alive for its goroutines.
    Trade-off: a channel the author forgot to hand to the goroutine meant to close it
    reads the same and is not reported (one handed on, captured or stored still is)."""
    var = ident.var
    if v.kind != "root-recv" or var is None or ident.field is not None:
        return False
    return len(var.occurrences) == 2  # its declaration and the receive


def _consumes_for_the_process(v: Verdict) -> bool:
    """PROCESS_LONG_CONSUMER: a goroutine `main` (or a function only `main` runs) starts
    to range over a channel that is sent on and never closed (`go printErr(errCh)`)
    consumes for as long as the process runs; that is what it is for. One channel
    nothing ever sends on is still reported: its consumer can never have anything to do.
    Trade-off: a consumer `main` meant to finish (to flush its output before exit) and
    never told to is missed."""
    return v.kind == "stuck-range" and bool(v.detail.get("sends"))


def _field_copies(func: Function, bases: frozenset[Var], field: str) -> frozenset[Var]:
    """FIELD_COPY (functions.field_copies) of the identity's field, from its holders."""
    return frozenset(copy for copy, holder in field_copies(func, field) if holder in bases)


def _zero_turns_only(st: Flow) -> bool:
    """ZERO_TURNS: the receives outnumber the sends only if a loop of the root over a
    collection, which starts the senders, runs no turn at all (`for _, addr := range
    p.addrs { go p.serve(errc, ln) }; go p.awaitFirstError(errc)` with no address). A
    function handed an empty collection is seldom the path a finding should name, and
    "returns without sending" would blame the wrong thing. Trade-off: a receiver left
    waiting by an empty collection is not reported."""
    return st.bal.min_once_each() >= 0


def _short_sender(st: Flow, receiver: Partner) -> Partner | None:
    """SHORT_SENDER: the goroutine of the root, other than the blocked receiver, that
    sends on some of its paths and not on others, when the root itself never touched
    the identity on this path: its way out without the send, not the root's, is what
    leaves the receiver waiting, and the finding names it."""
    if st.ops:
        return None
    senders = [
        p
        for p in st.partners
        if p.kind == "goroutine"
        and p is not receiver
        and not p.summary.closes_some
        and p.summary.bal.min() <= 0 < p.summary.bal.max()
        and p.summary.min_exit is not None
    ]
    return senders[0] if len(senders) == 1 else None


def _never(v: Verdict) -> bool:
    """Nothing anywhere could release this operation."""
    d = v.detail
    if v.kind in ("stuck-recv", "root-recv"):
        return not d.get("sends") and not d.get("closes")
    if v.kind in ("stuck-range", "root-range"):
        return not d.get("closes")
    if v.kind == "stuck-send":
        return not d.get("receives")
    return False


def _closes_in_loop(func: Function) -> bool:
    body = func.node.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        if (
            n.type == "call_expression"
            and gosyntax.callee_text(n) == "close"
            and gosyntax.in_loop(n)
        ):
            return True
    return False


def _collecting(receive: tree_sitter.Node, spawn: tree_sitter.Node) -> bool:
    """Is the receive in a loop of its own, apart from the loop that starts the goroutines?"""
    for a in gosyntax.ancestors(receive):
        if a.type in gosyntax.FUNCTION_TYPES:
            return False
        if a.type == "for_statement" and not gosyntax.is_within(spawn, a):
            return True
    return False


def _exit_of(trail: Trail) -> CfgNode | None:
    for item in reversed(trail):
        if isinstance(item, CfgNode) and item.terminal:
            return item
    return None


def _stuck_candidate(
    ev: Event,
    watchdog: bool = False,
    bound: bool = False,
    caller_context: bool = False,
    open_contexts: OpenContexts | None = None,
) -> bool:
    """Can the goroutine stay blocked at this operation? Not when its select has a way out,
    nor when the select also sends elsewhere (it may be feeding someone still there). For
    a watchdog signal (WATCHDOG_SIGNAL), the caller's `ctx.Done()` is no way out; when
    `bound`, the select's other cases end with the judged context (CONTEXT_BOUND_STREAM)."""
    if ev.case is None:
        return True
    if gosyntax.select_has_default(ev.case.select):
        # NEVER_PARKS_WITH_DEFAULT: a select with a `default` never waits, so nobody is
        # left blocked at its cases (influxdb's UDP reader polls `case <-s.done: return;
        # default: read()`). What it costs: a polling loop whose stop never comes spins
        # instead of blocking, and is not reported here.
        return False
    if watchdog and _only_context_beside(ev.case):
        return True
    if (
        caller_context
        and _only_caller_context_beside(ev.case)
        and not _beside_a_groups_context(ev.case, open_contexts)
    ):
        return True  # CALLER_CONTEXT_ONLY
    if waits_only_on(ev.case.select, ev.case.node, open_contexts):
        return True  # UNCANCELLED_ON_THE_WAY_OUT
    if waits_on_outlived_parent(ev.case.select, ev.case.node):
        return True  # PARENT_BESIDE_CHILD: the starter cancels the child, not this parent
    if bound:
        return True
    if _gives_up(ev.case):
        return False
    return not any(
        c.type == "communication_case"
        and c != ev.case.node
        and ((comm := gosyntax.case_communication(c)) is not None and comm.type == "send_statement")
        for c in gosyntax.select_cases(ev.case.select)
    )


def _beside_a_groups_context(case: Case, open_contexts: OpenContexts | None) -> bool:
    """GROUP_KEEPS_THE_CANCEL (uncancelled_contexts.py): the `ctx` beside the operation is
    the context of a group the root made, which the group cancels: not the caller's."""
    if not open_contexts:
        return False
    return any(
        open_contexts.a_groups_context(gosyntax.done_holder(gosyntax.received_operand(c)))
        for c in gosyntax.select_cases(case.select)
        if c != case.node and c.type == "communication_case"
    )


def _sends_beside_an_open_context(
    sender: Partner | None, open_contexts: OpenContexts | None
) -> bool:
    """UNCANCELLED_ON_THE_WAY_OUT (uncancelled_contexts.py): the partner's send sits in a
    select whose other cases wait only on contexts the root leaves open on this way out:
    the send is no optional one there, it is the only way on."""
    if sender is None or not open_contexts:
        return False
    return any(
        ev.kind == "send"
        and ev.case is not None
        and waits_only_on(ev.case.select, ev.case.node, open_contexts)
        for ev, _f in sender.summary.ops
    )


def _left_open_beside(ev: Event, open_contexts: OpenContexts | None) -> OpenContext | None:
    """The open context whose `Done()` the event's select waits on, if any."""
    if ev.case is None:
        return None
    return open_context_beside(ev.case.select, ev.case.node, open_contexts)


def _drained_by_a_counted_select(ident: Identity, st: Flow) -> bool:
    """COUNTED_SELECT_DRAINS_EACH (counted_selects.py): the root receives from the
    identity only in one select, turned once per case by a counted loop over channels
    each sent on at most once: every value is taken, whatever the counts say."""
    selects = {ev.case.select for ev, _f in st.ops if ev.case is not None}
    if len(selects) != 1 or any(ev.kind != "recv" or ev.case is None for ev, _f in st.ops):
        return False
    return drains_each_once(ident.root.node, selects.pop())


def _sends_once_into_buffer(summary: Summary, ident: Identity) -> bool:
    """ONCE_BY_FLAG (`once_flags.py`): the partner's only send on a buffered identity
    runs at most once, however its loop turns (`if !got { got = true; first <- v }`):
    the buffer takes it."""
    sends = {ev.node.start_byte: ev for ev, _f in summary.ops if ev.kind == "send"}
    return (
        ident.capacity.min() >= 1
        and len(sends) == 1
        and not summary.partners
        and all(runs_once_by_flag(ev.node) for ev in sends.values())
    )


# ROOMY_BUFFER: the smallest constant buffer taken as sized by its writer for an
# uncounted number of one-shot senders.
ROOMY_BUFFER = 100


def _roomy_for_its_senders(ident: Identity, pending: Lin, sender: Partner) -> bool:
    """ROOMY_BUFFER: goroutines started once per item of a count the code does not
    name (`for _, a := range args`), each sending at most once, into a buffer of a
    large constant (`make(chan error, 1000)`): its writer sized the buffer for the
    senders, and every send completes however early the collector leaves (audit 7:
    linkerd's endpoints command). Trade-off: more items than the buffer holds leak
    unreported."""
    cap = ident.capacity
    return (
        ident.capacity_known
        and not cap.symbols()
        and cap.const[0] >= ROOMY_BUFFER
        and bool(pending.symbols())
        and sender.repeated
        and sender.summary.bal.max() <= 1
    )


def _waits_itself(waiter: Partner | None, failing: Partner | None, wait: Event) -> bool:
    """WAITS_ITSELF: the goroutine that leaves without its `Done` is the one that waits
    (`inner.Add(1); if err != nil { return }; go ...; inner.Wait()` inside a goroutine):
    its early `return`, before the `Wait`, skips the `Wait` too, and nobody else waits.
    Trade-off: a `Wait` reached again in a later iteration of a loop around both is
    not followed."""
    if waiter is None or failing is not waiter:
        return False
    exit_node = failing.summary.max_exit
    ast = exit_node.ast if exit_node is not None else None
    return (
        ast is not None and ast.type == "return_statement" and ast.start_byte < wait.node.start_byte
    )


def _sends_split_across_cases(stuck: Event, partners: Iterable[Partner]) -> bool:
    """SENDS_SPLIT_ACROSS_CASES: a receive waiting in `select { case <-a: case <-b: }`
    is not starved of `a` when a partner's send on `a` sits in a select that may send
    on `b` instead (`select { case a <- v: case b <- v: }`): the value went to `b`, and
    the same select takes it there. Channels are matched by the text of their operands.
    Trade-off: a receiver whose `b` case is never reached again (it returned after one
    value) is not followed."""
    if stuck.case is None:
        return False
    beside = {
        operand.text
        for c in gosyntax.select_cases(stuck.case.select)
        if c.type == "communication_case"
        and c != stuck.case.node
        and (operand := gosyntax.received_operand(c)) is not None
    }
    if not beside:
        return False
    for p in partners:
        for ev, _f in p.summary.ops:
            if ev.kind != "send" or ev.case is None:
                continue
            for c in gosyntax.select_cases(ev.case.select):
                comm = gosyntax.case_communication(c) if c != ev.case.node else None
                channel = comm.child_by_field_name("channel") if comm is not None else None
                if comm is not None and comm.type == "send_statement" and channel is not None:
                    if channel.text in beside:
                        return True
        if _sends_split_across_cases(stuck, p.summary.partners):
            return True
    return False


def _only_caller_context_beside(case: Case) -> bool:
    """Are the select's other cases all receives from the caller's `ctx.Done()`
    (CALLER_CONTEXT_ONLY)?"""
    others = [
        c
        for c in gosyntax.select_cases(case.select)
        if c.type == "communication_case" and c != case.node
    ]
    return bool(others) and all(caller_context_case(c) for c in others)


def _only_context_beside(case: Case) -> bool:
    """Are the select's other cases all receives from a context's `Done()`?"""
    return gosyntax.only_context_beside(case.select, case.node)


def _first_op(
    summary: Summary,
    kinds: tuple[str, ...],
    watchdog: bool = False,
    bound: Callable[[Event, Function], bool] | None = None,
) -> Op | None:
    """The partner's first operation of `kinds` that can block for good (not one with a way
    out); `bound` says which operations' selects end with the judged context."""
    for ev, func in summary.ops:
        if ev.kind in kinds and _stuck_candidate(
            ev, watchdog, bound is not None and bound(ev, func)
        ):
            return ev, func
    for p in summary.partners:
        hit = _first_op(p.summary, kinds, watchdog, bound)
        if hit is not None:
            return hit
    return None


def _last_op(
    summary: Summary,
    kinds: tuple[str, ...],
    caller_context: bool = False,
    open_contexts: OpenContexts | None = None,
) -> Op | None:
    """The surplus send is the last one the partner makes (its sends come in order) on
    its path with the most (MOST_SENDS_PATH): of `if big { out <- a; out <- b; return };
    out <- c`, the one at `b`, not the later line `c` of the other branch."""
    mine = [
        (ev, f)
        for ev, f in summary.ops
        if ev.kind in kinds
        and _stuck_candidate(ev, caller_context=caller_context, open_contexts=open_contexts)
    ]
    if not mine:
        return _first_op(summary, kinds)
    end = summary.max_exit
    on_path = [op for op in mine if _leads_to(op, end)] if end is not None else []
    return max(on_path or mine, key=lambda o: o[0].node.start_byte)


def _leads_to(op: Op, end: CfgNode) -> bool:
    """Does the operation's node reach `end` in its own function's graph?"""
    ev, func = op
    node = func.cfg.node_of(ev.node) if func.cfg is not None else None
    return node is not None and reaches(node, end)


def _other_arm_senders(st: Flow, sender: Partner) -> list[Partner]:
    """OTHER_ARM_SENDERS: goroutines that send like `sender` (the same balance, started
    once) but are started in another arm of the same `if` (`if tls == nil { go func() {
    done <- s.ListenAndServe() }() } else { ...; go func() { done <- s.ListenAndServeTLS()
    }() }`). The paths of both arms meet before the way out, and each goroutine is left
    on its own arm's path: both are reported, not only the first met."""
    out: list[Partner] = []
    start = sender.event.node
    for p in st.partners:
        if p is sender or p.kind != "goroutine" or p.repeated or p.event.node is None:
            continue
        if (p.summary.bal.min(), p.summary.bal.max()) != (
            sender.summary.bal.min(),
            sender.summary.bal.max(),
        ):
            continue
        if _in_other_arms(start, p.event.node):
            out.append(p)
    return out


def _in_other_arms(a: tree_sitter.Node, b: tree_sitter.Node) -> bool:
    """Do `a` and `b` sit in the consequence and the alternative of one `if`?"""
    for anc in gosyntax.ancestors(a):
        if anc.type in gosyntax.FUNCTION_TYPES:
            return False
        if anc.type != "if_statement" or not gosyntax.is_within(b, anc):
            continue
        cons = anc.child_by_field_name("consequence")
        alt = anc.child_by_field_name("alternative")
        if cons is None or alt is None:
            return False
        return (gosyntax.is_within(a, cons) and gosyntax.is_within(b, alt)) or (
            gosyntax.is_within(a, alt) and gosyntax.is_within(b, cons)
        )
    return False


def _partner_with(st: Flow, pred: Callable[[Summary], bool]) -> Partner | None:
    for p in st.partners:
        if p.kind == "goroutine" and pred(p.summary):
            return p
    return None


def _dedupe(verdicts: list[Verdict]) -> list[Verdict]:
    seen: dict[tuple[str, int, str], Verdict] = {}
    for v in verdicts:
        key = (v.kind, v.event.node.start_byte, v.func.file.path)
        if key not in seen:
            seen[key] = v
    return list(seen.values())


# -- escapes ---------------------------------------------------------------------

_SPAWN_OR_CALL_PARENTS = ("go_statement", "defer_statement")


def _check_escapes(
    func: Function,
    binding: Binding,
    functions: Functions,
    ident: Identity | None = None,
    returns_ok: bool = False,
    at: dict[int, CfgNode] | None = None,
    field: str | None = None,
) -> None:
    """Raise Escaped when an alias is used where code we do not follow may see it; with
    `at`, a use in a statement of the function's own graph is recorded there by its node
    instead (ESCAPES_ON_ITS_PATH), and only a use we cannot place raises."""
    body = func.node.child_by_field_name("body")
    if body is None:
        return
    if ident is not None and ident.cancel_var is not None:
        # A context handed anywhere can be waited on, not cancelled: only its cancel function
        # matters. Called, deferred or captured, it is followed; stored in a field that the
        # package never reads back (only deletes), it is lost; anywhere else, it may run.
        _check_cancel_escapes(func, ident.cancel_var, functions, ident)
        return
    uses = _uses_in_body(body, func, binding)
    up = _parents_of(body, uses)
    for v, n in uses:
        if ident is not None and _sets_the_birth(n, ident):
            continue  # DECLARED_THEN_SET: `w = newWatcher()` gives the variable its one value
        if (
            ident is not None
            and ident.field is not None
            and v in binding[1]
            and _inert_method_value(n, v, ident.field, func.resolver, up)
        ):
            continue  # INERT_METHOD_VALUE: `opts.OnFile(rep.Add)`, and Add cannot release it
        if (
            field is not None
            and v in binding[0]
            and _stored_in_its_holder(n, field, binding[1], func, returns_ok, up)
        ):
            continue
        if not _literals_followed(n, func, functions, up):
            _escapes_at(n, func, at)
            continue
        if ident is not None and ident.elements and _appended_in_place(n, ident, up):
            continue  # APPENDED_ELEMENTS: `chans = append(chans, ch)` only holds the element
        if ident is not None and ident.elements and v is ident.var and _slice_handed_on(n, up):
            _escapes_at(n, func, at)  # HANDED_SLICE
            continue
        if v in binding[1] and _run_by_wrapper(n, func, functions, up):
            continue  # `spawn(ix.consume)`: followed into the method, as `go ix.consume()` is
        if (
            v in binding[1]
            and field is not None
            and not returns_ok
            and _returns_the_field(n, field, up)
        ):
            # RETURNED_THROUGH_ITS_HOLDER: `return t.C` in an accessor hands the channel
            # itself to the caller, where we do not follow it.
            _escapes_at(n, func, at)
            continue
        if not _plain_use(n, v, v in binding[1], func.resolver, up) and not (
            returns_ok and _returned(n, up)
        ):
            _escapes_at(n, func, at)


def _in_the_callers_words(
    summary: Summary, call: tree_sitter.Node | None, target: Function
) -> Summary:
    """LOOPS_OVER_AN_ARGUMENT: the callee's loops over its parameters counted as loops
    over the call's arguments (`argument_texts`)."""
    renames = argument_texts(call, target)
    return replace(summary, bal=summary.bal.renamed(renames)) if renames else summary


def _stored_in_its_holder(
    use: tree_sitter.Node,
    field: str,
    bases: frozenset[Var],
    func: Function,
    returns_ok: bool,
    up: gosyntax.ParentOf,
) -> bool:
    """STORED_IN_ITS_HOLDER: `f := &feed{C: out}` (or `return &feed{C: out}` from the
    helper whose result is judged) puts the channel in the very field of the very object
    the identity is reached through: the same channel under its other name, not a hand-off."""
    element = up(use)
    if element is not None and element.type == "literal_element":
        element = up(element)
    if element is None or element.type != "keyed_element":
        return False
    key = element.child_by_field_name("key")
    if key is None or gosyntax.text(key) != field:
        return False
    body = up(element)
    literal = up(body) if body is not None else None
    if literal is None or literal.type != "composite_literal":
        return False
    holder = up(literal)
    if holder is not None and holder.type == "unary_expression":
        holder = up(holder)
    if holder is not None and holder.type == "expression_list":
        holder = up(holder)
    if holder is None:
        return False
    if holder.type == "return_statement":
        return returns_ok
    if holder.type not in ("short_var_declaration", "assignment_statement"):
        return False
    left = holder.child_by_field_name("left")
    names = left.named_children if left is not None else []
    return len(names) == 1 and func.resolver.scopes.lookup(names[0]) in bases


def _sets_the_birth(use: tree_sitter.Node, ident: Identity) -> bool:
    """Is `use` the variable on the left of `x = <the identity's birth>`?"""
    values = ident.birth.parent
    statement = values.parent if values is not None else None
    return (
        statement is not None
        and statement.type == "assignment_statement"
        and values is not None
        and values.type == "expression_list"
        and gosyntax.on_side_of(use, "assignment_statement", "left")
        and gosyntax.is_within(use, statement)
    )


def _uses_in_body(
    body: tree_sitter.Node, func: Function, binding: Binding
) -> list[tuple[Var, tree_sitter.Node]]:
    """(variable, occurrence) of each use of the binding's variables in `body`: inside
    it, and this declaration's variable (a bound variable of another file may sit at
    the same bytes)."""
    start, end = body.start_byte, body.end_byte
    uses = func.resolver.scopes.uses
    return [
        (v, n)
        for v in (*binding[0], *binding[1])
        for n in v.occurrences
        if start <= n.start_byte < end and uses.get(n.start_byte) is v
    ]


def _parents_of(
    body: tree_sitter.Node, uses: list[tuple[Var, tree_sitter.Node]]
) -> gosyntax.Parents:
    """The parents above each use, learnt in one walk down from the body: each use is
    judged by the few statements around it, and climbing to them from every use of a
    deep function costs the square of its depth (an `else if` chain of a thousand)."""
    parents = gosyntax.Parents()
    parents.learn(body, [n for _v, n in uses])
    return parents


def _slice_handed_on(use: tree_sitter.Node, up: gosyntax.ParentOf) -> bool:
    """HANDED_SLICE: a slice of channels handed to a call (`drain(chans)`, `go
    collect(chans)`) lets the callee send on, receive from or close any element; its
    parameter is not a slice the counting follows. `len` and `cap` only measure it."""
    parent, _child = gosyntax.parent_skipping_parens(use, up)
    if parent is None or parent.type != "argument_list":
        return False
    call = up(parent)
    return call is not None and gosyntax.callee_text(call) not in ("len", "cap")


def _appended_in_place(use: tree_sitter.Node, ident: Identity, up: gosyntax.ParentOf) -> bool:
    """The use is part of `chans = append(chans, ch)` growing the identity's slice."""
    stmt = up(use)
    for _ in range(3):
        if stmt is None or stmt.type == "assignment_statement":
            break
        stmt = up(stmt)
    if stmt is None or stmt.type != "assignment_statement" or ident.var is None:
        return False
    right = stmt.child_by_field_name("right")
    values = right.named_children if right is not None else []
    return len(values) == 1 and appended_value(stmt, values[0], ident.var) is not None


def _escapes_at(use: tree_sitter.Node, func: Function, at: dict[int, CfgNode] | None) -> None:
    """ESCAPES_ON_ITS_PATH: record the statement where `use` hands the identity to code we
    cannot see; raise Escaped when there is no record to keep or no statement of the
    function's own graph holds it (a use inside a function literal runs who knows when)."""
    node = func.cfg.node_of(use) if at is not None and func.cfg is not None else None
    if node is None or at is None:
        raise Escaped
    at[id(node)] = node


def _run_by_wrapper(
    ident: tree_sitter.Node, func: Function, functions: Functions, up: gosyntax.ParentOf
) -> bool:
    """`ident.m` handed to a spawn wrapper of the package as the function it runs."""
    sel = gosyntax.selector_of(ident, up)
    if sel is None:
        return False
    args, _ = gosyntax.parent_skipping_parens(sel, up)
    call = up(args) if args is not None and args.type == "argument_list" else None
    if call is None:
        return False
    wrapper = functions.callee(call, func)
    if wrapper is None:
        return False
    index = functions.spawned_param(wrapper)
    values = gosyntax.call_arguments(call)
    return index is not None and index < len(values) and gosyntax.unparen(values[index]) == sel


def _check_cancel_escapes(
    func: Function, cancel: Var, functions: Functions, ident: Identity | None = None
) -> None:
    body = func.node.child_by_field_name("body")
    assert body is not None  # _check_escapes returned before calling this otherwise
    uses = func.resolver.scopes.uses
    for n in cancel.occurrences:
        if (
            not body.start_byte <= n.start_byte < body.end_byte
            or uses.get(n.start_byte) is not cancel
        ):
            continue
        parent, child = gosyntax.parent_skipping_parens(n)
        if parent is None or _in_handed_literal(n, func.node):
            raise Escaped  # (a literal handed elsewhere, `c.OnShutdown(func() { cancel() })`, may run)
        if parent.type == "call_expression" and parent.child_by_field_name("function") == child:
            continue  # cancel()
        if (
            parent.type == "expression_list"
            and parent.parent is not None
            and parent.parent.type == "short_var_declaration"
        ):
            continue  # the declaration
        field = stored_in_field(n)
        if field is not None and not field_read(functions.package, field):
            continue  # kept, and never taken out again: nobody will call it
        if field is not None and _stored_on_receiver_copy(func, n, field, functions.package):
            if ident is not None:
                ident.lost_key = ("copy", n, func)
            continue  # `c.cancel = cancel` in `func (c Client)`: the copy is dropped on return
        lost = lost_under_key(functions.package, n) if field is not None else None
        if lost is not None:
            if ident is not None:
                ident.lost_key = ("key", *lost)  # kept under a key nothing looks it up by
            continue
        replaced = lost_on_overwrite(func.node, n) if field is not None else None
        if replaced is not None:
            if ident is not None:
                ident.lost_key = ("overwrite", *replaced)  # dropped when the key comes again
            continue
        again = replaced_field_cancel(func, n, functions.package) if field is not None else None
        if again is not None:
            if ident is not None:
                ident.lost_key = ("replaced-cancel", *again)  # dropped by the next call
            continue
        raise Escaped


def _in_handed_literal(node: tree_sitter.Node, func_node: tree_sitter.Node) -> bool:
    """Is `node` inside a function literal of `func_node` that is not run right there (called,
    deferred or started with `go`), but handed to a call, stored or assigned?"""
    for a in gosyntax.ancestors(node, func_node):
        if a.type != "func_literal":
            continue
        parent, child = gosyntax.parent_skipping_parens(a)
        if parent is None:
            return True
        if parent.type == "call_expression" and parent.child_by_field_name("function") == child:
            continue  # `func() { ... }()`, also under `go` and `defer`
        return True
    return False


def _stored_on_receiver_copy(
    func: Function, value: tree_sitter.Node, field: bytes, package: Package
) -> bool:
    """Heuristic RECEIVER_COPY: `c.f = v` in a method with a value receiver stores into the
    method's own copy of the object, lost when it returns, unless the copy is handed on:
    after the store, every use of `c` must be a selector of another field, or of a
    method whose body does not read `.f`. A copy returned, passed, assigned or addressed
    may carry the value on, and is trusted to."""
    from goleash.analysis.functions import receiver_var

    node = func.node
    recv = node.child_by_field_name("receiver") if node.type == "method_declaration" else None
    if recv is None or b"*" in (recv.text or b""):
        return False
    var = receiver_var(func)
    stmt = value.parent.parent if value.parent is not None else None
    left = (
        gosyntax.field(stmt, "left").named_children
        if stmt is not None and stmt.type == "assignment_statement"
        else []
    )
    target = left[0] if len(left) == 1 else None
    base = (
        target.child_by_field_name("operand")
        if target is not None and target.type == "selector_expression"
        else None
    )
    uses = func.resolver.scopes.uses
    if (
        var is None
        or base is None
        or base.type != "identifier"
        or uses.get(base.start_byte) is not var
    ):
        return False
    assert stmt is not None  # the store's statement: base was found in it
    type_name = receiver_type_name(node)
    needle = b"." + field
    for n in var.occurrences:
        if n.start_byte <= stmt.start_byte or uses.get(n.start_byte) is not var:
            continue
        sel = n.parent
        if (
            sel is None
            or sel.type != "selector_expression"
            or sel.child_by_field_name("operand") != n
        ):
            return False  # the copy itself is handed on
        name = gosyntax.field(sel, "field").text
        assert name is not None  # parsed from bytes: nodes keep their text
        if name == field:
            return False  # read back in this method
        method = (
            package.method_of(type_name, name.decode("utf-8", "replace")) if type_name else None
        )
        if (
            method is not None
            and needle in (method.node.text or b"")
            and any(
                m.type == "selector_expression" and gosyntax.field(m, "field").text == field
                for m in gosyntax.walk(method.node)
            )
        ):
            return False  # a method of the copy that may use the field
    return True


def stored_in_field(ident: tree_sitter.Node) -> bytes | None:
    """`x.f = cancel`, `x.f[k] = cancel`, `T{f: cancel}`: the field's name."""
    parent, child = gosyntax.parent_skipping_parens(ident)
    if (
        parent is not None
        and parent.type == "expression_list"
        and parent.parent is not None
        and parent.parent.type == "assignment_statement"
        and parent.parent.child_by_field_name("right") == parent
    ):
        left = gosyntax.field(parent.parent, "left").named_children
        target = left[0] if len(left) == 1 else None
        if target is not None and target.type == "index_expression":
            target = target.child_by_field_name("operand")
        if target is not None and target.type == "selector_expression":
            return gosyntax.field(target, "field").text
        return None
    key_id = gosyntax.literal_key(child)
    return key_id.text if key_id is not None else None


def _handing_returns(
    root: Function, binding: Binding, ident: Identity
) -> set[tree_sitter.Node] | None:
    """HANDED_OUT_ON_SOME_PATHS: the `return` statements of the root that hand a channel
    (or the struct holding it) to the caller, when those are the only way it leaves.

    `c := &T{ready: make(chan struct{})}; go c.follow(); if err != nil { return nil, err };
    return c, nil`: the caller may serve `c` once it has it, but on the error path nobody
    ever will. So a hand-out ends only the paths through it; every other way out is judged.
    None (every use must stay in sight, as before) for a named result, which a bare
    `return` hands out unseen, and for anything but a channel.
    Only judged when the root releases it itself on some path (_releases_itself).
    Trade-off: a caller that gets the value some other way (a callback, a global set
    before the error) is not seen; those are escapes and still stop the judgement.
    """
    if ident.kind != "chan" or ident.cancel_var is not None:
        return None
    body = root.node.child_by_field_name("body")
    if body is None:
        return None
    if any(v.kind == "result" for v in (*binding[0], *binding[1])):
        return None
    uses = _uses_in_body(body, root, binding)
    up = _parents_of(body, uses)
    found: set[tree_sitter.Node] = set()
    for _v, n in uses:
        stmt = _return_statement(n, up)
        if stmt is not None:
            found.add(stmt)
    return found or None


def _watchdog_signal(root: Function, ident: Identity) -> bool:
    """WATCHDOG_SIGNAL: `finished := make(chan struct{}); go c.interruptOn(ctx, finished)`,
    closed by the root when its work is done, while the goroutine also waits on
    `ctx.Done()`. When the root makes no derived context (so cancels none), that context
    is the caller's, and the close is the goroutine's only release the root controls: a
    way out that skips it leaves the goroutine until the caller's context ends, which for
    a background or long-lived context is never. Trade-off: a request-scoped context ends
    with its request, so such a goroutine lingers rather than leaks for good; the finding
    says so, and the close the root makes on its other paths shows it meant to release it.
    """
    if ident.kind != "chan" or ident.cancel_var is not None or ident.var is None:
        return False
    text = root.node.text or b""
    if b"context.With" in text or b".Done()" in text:
        return False  # the root makes (or waits on) a context itself
    var = ident.var
    kinds = _own_event_kinds(
        root,
        lambda ref: isinstance(ref, VarRef) and ref.var is var,
        frozenset({var}),
        unnamed=False,  # a VarRef's events are kept under its variable
    )
    return "close" in kinds and "send" not in kinds


def _consumer_of_caller_context(root: Function, ident: Identity) -> bool:
    """CALLER_CONTEXT_ONLY: `readings, errc := decode(ctx, r); for rd := range readings {
    if bad(rd) { return err } }`, the producer sending in `select { case out <- rd: case
    <-ctx.Done(): return }`. The root only receives from the channel and neither derives a
    context nor waits on one: the context its producer watches is the caller's, which
    nothing here ends. A way out that leaves the stream leaves the producer until the
    caller's context ends, for a background or long-lived one never. Trade-off: with a
    request-scoped context the producer lingers until the request ends rather than for
    good; the finding says so, and the fix (a context derived and cancelled on the way out)
    is what errgroup.WithContext and the pipelines in Go's blog do."""
    if ident.kind != "chan" or ident.cancel_var is not None or ident.field is not None:
        return False
    if ident.var is None and (ident.helper is None or not _used_on_the_spot(ident.birth)):
        return False
    text = root.node.text or b""
    if b"context.With" in text and not derived_on_one_branch_only(root.node, ident.birth):
        return False  # the root derives a context (it may cancel what its producer watches)
    body = root.node.child_by_field_name("body")
    if body is None or (
        b".Done()" in text
        and any(
            n.type == "call_expression" and gosyntax.callee_text(n).endswith(".Done")
            for n in gosyntax.walk(body)
        )
    ):
        return False  # the root waits on a context itself (its goroutines' waits aside)
    var = ident.var
    if var is None:
        return True  # a helper's channel ranged over or received from where it is made
    kinds = _own_event_kinds(
        root,
        lambda ref: isinstance(ref, VarRef) and ref.var is var,
        frozenset({var}),
        unnamed=False,
    )
    if not kinds:
        # CONSUMED_BY_ITS_WORKERS: the root touches the channel only by handing it to the
        # goroutines it starts, and waits for them (`wg.Wait()`): its workers are the
        # consumers, and nothing the root does ends the producer's context either.
        return _waits_for_its_workers(root)
    return kinds <= {"recv", "range"}


def _waits_for_its_workers(root: Function) -> bool:
    """The root's own `x.Wait()` on a WaitGroup, outside its goroutines."""
    return any(e.kind == "wait" for e in root.cfg.nodes_events()) if root.cfg is not None else False


def _used_on_the_spot(call: tree_sitter.Node) -> bool:
    """`for r := range f.src.Stream(ctx)`, `<-fetch(ctx)`: the helper's channel is only
    received from, where the call is."""
    parent, _child = gosyntax.parent_skipping_parens(call)
    if parent is None:
        return False
    if parent.type == "range_clause":
        return True
    return parent.type == "unary_expression" and gosyntax.field(parent, "operator").type == "<-"


def _releases_itself(root: Function, analysis: _Analysis) -> bool:
    """Does the root's own code send on or close the identity somewhere? Then releasing it
    is the root's job (`close(t.loaded)` before `return t, nil`), and a way out that skips
    it is the root's omission; a channel only the returned object's methods release
    (`Close` closing `t.quit`) is the caller's to release, even on a path that drops it."""
    kinds = _own_event_kinds(root, analysis._matches, analysis.aliases | analysis.bases)
    return not kinds.isdisjoint(("send", "close"))


def _own_event_kinds(
    root: Function,
    matches: Callable[[Ref | None], bool],
    through: frozenset[Var],
    unnamed: bool = True,
) -> set[str]:
    """The kinds of the root's own events (not its goroutines') on what `matches`, which
    reaches the identity only through the variables `through` (or, when `unnamed`, a
    call's result: those events, every `go` among them, are read for each identity)."""
    by_var = _events_by_variable(root)
    keys = (*through, None) if unnamed else tuple(through)
    return {ev.kind for var in keys for ev in by_var.get(var, ()) if matches(ev.ref)}


def _events_by_variable(root: Function) -> dict[Var | None, list[Event]]:
    """The root's own events by the variable their operand goes through (`ch`, `s` of
    `s.ch`, `ctx` of `ctx.Done()`; None for any other), kept with the function: each
    identity of a function with many asks, and reads only its own variables' events."""
    cached: dict[Var | None, list[Event]] | None = root.__dict__.get("_events_by_variable")
    if cached is not None:
        return cached
    found: dict[Var | None, list[Event]] = {}
    cfg = root.cfg
    for node in cfg.nodes if cfg is not None else ():
        for ev in node.events:
            ref = ev.ref
            if isinstance(ref, (FieldRef, DoneRef)):
                ref = ref.base
            found.setdefault(ref.var if isinstance(ref, VarRef) else None, []).append(ev)
    root.__dict__["_events_by_variable"] = found
    return found


def _return_statement(ident: tree_sitter.Node, up: gosyntax.ParentOf) -> tree_sitter.Node | None:
    """The `return` that hands `ident` to the caller, when it is one of the returned values."""
    parent, _ = gosyntax.parent_skipping_parens(ident, up)
    if parent is not None and parent.type == "expression_list":
        parent = up(parent)
    return parent if parent is not None and parent.type == "return_statement" else None


def _returned(ident: tree_sitter.Node, up: gosyntax.ParentOf) -> bool:
    return _return_statement(ident, up) is not None


def _literals_followed(
    ident: tree_sitter.Node, func: Function, functions: Functions, up: gosyntax.ParentOf
) -> bool:
    """Every function literal between the use and `func` is run where we can follow it."""
    for node in _literals_between(ident, func):
        parent, child = gosyntax.parent_skipping_parens(node, up)
        if parent is None:
            return False
        if parent.type == "call_expression" and parent.child_by_field_name("function") == child:
            # go func(){...}(), defer func(){...}(), func(){...}()
            pass
        elif parent.type == "argument_list":
            call = up(parent)
            assert call is not None  # an argument list is a call's
            fn = gosyntax.unparen(call.child_by_field_name("function"))
            field = (
                fn.child_by_field_name("field")
                if fn is not None and fn.type == "selector_expression"
                else None
            )
            at = functions.enclosing(call, func.file)
            once = (
                fn is not None
                and field is not None
                and field.text == b"Do"
                and at is not None
                and at.resolver.expr_type(fn.child_by_field_name("operand")) == "sync.Once"
            )
            timer = at is not None and dropped_after_func(call, at.resolver)
            # errgroup's and WaitGroup's `Go(f)`; a `Go` of the package is judged by its body.
            go_like = (
                field is not None
                and field.text == b"Go"
                and len(gosyntax.call_arguments(call)) == 1
                and (at is None or at.resolver.callee(call) is None)
            )
            if go_like or once or timer:
                pass  # X.Go(func...) and a dropped time.AfterFunc start it; once.Do runs it here
            else:
                at = functions.enclosing(call, func.file)
                target = functions.callee(call, at) if at is not None else None
                if target is None or functions.spawned_param(target) is None:
                    return False
        else:
            return False
    return True


def _literals_between(node: tree_sitter.Node, func: Function) -> list[tree_sitter.Node]:
    """The function literals enclosing `node` inside `func`, innermost first, read from
    the literals of `func`, indexed once and kept with the function (literal_nesting)."""
    cached: Nesting | None = func.__dict__.get("_literal_nesting")
    if cached is None:
        cached = func.__dict__["_literal_nesting"] = nesting(func.node.child_by_field_name("body"))
    return cached.around(node)


def _inert_method_value(
    use: tree_sitter.Node, var: Var, field: str, resolver: Resolver, parent_of: gosyntax.ParentOf
) -> bool:
    """INERT_METHOD_VALUE: `x.M` handed on as a value (a callback), where M is a method of
    the package that calls no other method of its receiver and touches the field only
    to receive from it in a `select` case (giving up when it is closed): whenever M runs,
    it cannot send on the channel, close it or take what another waits for. Trade-off:
    M is read alone; what it hands its receiver to is not followed (it calls nothing on
    the receiver, so it hands nothing the field's owner)."""
    selector, _child = gosyntax.parent_skipping_parens(use, parent_of)
    if selector is None or selector.type != "selector_expression":
        return False
    up, _ = gosyntax.parent_skipping_parens(selector, parent_of)
    if up is None or up.type != "argument_list" or not _method_value(selector, var, resolver):
        return False
    owner = resolver.var_type(var)
    name = gosyntax.text(gosyntax.field(selector, "field"))
    method = resolver.package.method_of(owner, name) if owner is not None else None
    if owner is None or method is None:
        return False
    receiver = receiver_name(method.node)
    body = method.node.child_by_field_name("body")
    if receiver is None or body is None:
        return False
    for n in gosyntax.walk(body, skip_functions=False):
        if n.type != "selector_expression":
            continue
        operand = n.child_by_field_name("operand")
        if operand is None or gosyntax.text(operand) != receiver:
            continue
        member = gosyntax.text(gosyntax.field(n, "field"))
        if resolver.package.field_type(owner, member) is None:
            return False  # another method of the receiver
        if member == field and not _given_up_on(n):
            return False
    return True


def _given_up_on(selector: tree_sitter.Node) -> bool:
    """`case <-x.f:` (with or without a value bound): a receive a select gives up on."""
    recv = selector.parent
    if recv is None or recv.type != "unary_expression" or gosyntax.receive_operand(recv) is None:
        return False
    holder = recv.parent
    if holder is not None and holder.type == "receive_statement":
        holder = holder.parent
    return holder is not None and holder.type == "communication_case"


def _method_value(selector: tree_sitter.Node, var: Var, resolver: Resolver | None) -> bool:
    """`p.onEvent` naming a method of p's type (not one of its fields)."""
    if resolver is None:
        return True
    owner = resolver.var_type(var)
    name = gosyntax.text(gosyntax.field(selector, "field"))
    return owner is None or resolver.package.field_type(owner, name) is None


def _cancel_field(selector: tree_sitter.Node, var: Var, resolver: Resolver) -> bool:
    """CANCEL_FIELD_CALL: `g.cancel()` calls a field declared `context.CancelFunc`, which
    cancels a context and can reach no channel of the struct. Trade-off: a cancel func
    wrapped by the package (`s.cancel = func() { close(s.done); cancel() }`) is taken
    for the library's own."""
    owner = resolver.var_type(var)
    if owner is None:
        return False
    found = resolver.package.field_type(owner, gosyntax.text(gosyntax.field(selector, "field")))
    return (
        found is not None
        and found[1] is not None
        and gosyntax.text(found[1])
        in (
            "context.CancelFunc",
            "context.CancelCauseFunc",
        )
    )


def _plain_element_use(element: tree_sitter.Node, parent_of: gosyntax.ParentOf) -> bool:
    """`chans[i]` of a slice of channels used as the channel it is: sent on, received
    from, ranged over, closed, or made (`chans[i] = make(chan T)`)."""
    if gosyntax.communicates_through(element, parent_of):
        return True
    up, _child = gosyntax.parent_skipping_parens(element, parent_of)
    if up is None or up.type in ("send_statement", "unary_expression", "range_clause"):
        return False
    call = parent_of(up) if up.type == "argument_list" else None
    if call is not None:
        # `close(chans[i])`, or handed to a call the analysis follows when it meets it
        return gosyntax.callee_text(call) not in (
            "append",
            "copy",
            "print",
            "println",
            "panic",
        )
    stmt = parent_of(up) if up.type == "expression_list" else None
    return (
        stmt is not None
        and stmt.type == "assignment_statement"
        and stmt.child_by_field_name("left") == up
    )


def _returns_the_field(ident: tree_sitter.Node, field: str, parent_of: gosyntax.ParentOf) -> bool:
    """Is `ident` the holder in a `return x.field` (the field itself returned)?"""
    sel, child = gosyntax.parent_skipping_parens(ident, parent_of)
    if (
        sel is None
        or sel.type != "selector_expression"
        or sel.child_by_field_name("operand") != child
    ):
        return False
    if gosyntax.text(gosyntax.field(sel, "field")) != field:
        return False
    up, _ = gosyntax.parent_skipping_parens(sel, parent_of)
    if up is not None and up.type == "expression_list":
        up = parent_of(up)
    return up is not None and up.type == "return_statement"


def _plain_use(
    ident: tree_sitter.Node,
    var: Var,
    is_base: bool,
    resolver: Resolver | None,
    parent_of: gosyntax.ParentOf,
) -> bool:
    """A use that does not let the identity reach unknown code (`parent_of` knows the
    parents above it)."""
    parent, child = gosyntax.parent_skipping_parens(ident, parent_of)
    if parent is None:
        return False
    pt = parent.type
    if pt == "send_statement":
        return parent.child_by_field_name("channel") == child
    if pt == "unary_expression":
        op = gosyntax.field(parent, "operator").type
        if op == "&":
            # `go worker(&wg)`: bound like the value itself; anywhere else it escapes.
            up, _ = gosyntax.parent_skipping_parens(parent, parent_of)
            return up is not None and up.type == "argument_list"
        return op == "<-"
    if pt == "range_clause":
        return parent.child_by_field_name("right") == child
    if pt == "index_expression" and parent.child_by_field_name("operand") == child:
        return _plain_element_use(parent, parent_of)
    if pt == "argument_list":
        call = parent_of(parent)
        callee = gosyntax.callee_text(call) if call is not None else ""
        if callee in ("len", "cap", "close"):
            return True
        # `append(chans, ch)`, `copy(...)`: stored where we do not follow it. Other calls are
        # checked when the analysis meets them (bound to a parameter, or escaped).
        return callee not in ("append", "copy", "print", "println", "panic")
    if pt == "binary_expression":
        return True  # ch == nil
    if pt == "selector_expression":
        if parent.child_by_field_name("operand") != child:
            return False
        if is_base:
            # `p.jobs`, `p.size`, `p.run()`: the struct's fields and methods. A method value
            # handed on (`register(p.onEvent)`) runs where we cannot see.
            up, upchild = gosyntax.parent_skipping_parens(parent, parent_of)
            called = (
                up is not None
                and up.type == "call_expression"
                and up.child_by_field_name("function") == upchild
            )
            if (
                called
                or up is None
                or up.type
                not in (
                    "argument_list",
                    "expression_list",
                    "keyed_element",
                    "literal_element",
                    "return_statement",
                )
            ):
                return True
            return not _method_value(parent, var, resolver)
        # wg.Add(1) / wg.Wait(): a call; `wg.Done` as a value runs where we cannot see.
        up, upchild = gosyntax.parent_skipping_parens(parent, parent_of)
        return (
            up is not None
            and up.type == "call_expression"
            and up.child_by_field_name("function") == upchild
        )
    if pt == "expression_list":
        stmt = parent_of(parent)
        if (
            stmt is not None
            and stmt.type in ("short_var_declaration", "assignment_statement")
            and stmt.child_by_field_name("left") == parent
        ):
            return any(s == stmt for s, _v, _p in var.assignments[:1])
        return bool(stmt is not None and stmt.type == "var_spec")
    if pt == "var_spec":
        return True
    return pt in ("inc_statement", "dec_statement", "parameter_declaration")


def _left_before_its_closes(ident: Identity, o: Outcome) -> bool:
    """FAILURE_EXIT_IS_NO_MARKER's limit: a worker that quits on a failure is still taken
    to wait for a close only when the root leaves by a `return` that comes before every
    `close` of the channel in its text (an early return from the feeding loop). A
    `return` after a close the root skipped on a condition (`if len(refSeries) == 0 {
    close(ch) }`) may follow a path where the condition holds by the data, and a panic
    caught by a deferred recover is no plain way out: both stay as before."""
    exit_node = o.node.ast if o.node is not None else None
    if exit_node is None or exit_node.type != "return_statement":
        return False
    for call in gosyntax.descendants(ident.root.node, "call_expression"):
        if call.start_byte >= exit_node.start_byte or gosyntax.callee_text(call) != "close":
            continue
        args = gosyntax.call_arguments(call)
        if len(args) == 1 and gosyntax.text(args[0]).replace(" ", "") == ident.name:
            return False
    return True
