"""A goroutine's stop signal that the stopping method can skip.

A goroutine started on a struct (`go l.refill()`) whose loop has one way out, a
receive from a channel field (`case <-l.done: return`), runs until some method of
the type closes that field. When that method (`Close`, `Stop`) has an explicit
`return` that skips the close, every object whose `Close` took that return keeps
its goroutine looping, and blocked for good once its other channels stop moving
(`l.tokens` full with nobody left to take a token):

    func (l *Limiter) Close() error {
        if l.borrowed > 0 {
            return errInUse   // l.done stays open: refill never ends
        }
        close(l.done)
        return nil
    }

Guards, each a trade-off:
- STATE_GUARD: an early return under a condition on the object's lifecycle state
  (a field compared with nil, a bool field, `==`/`!=` on a field, a method call
  asking about the object, a select case) is the already-stopped or never-started
  path, where no goroutine is left running. A refusal decided by such a state is
  missed.
- SAME_TEST_AS_THE_START, NEGATED_START_TEST: an early return on the arm where the test
  the goroutine was started under fails (`if s.cfg.Every > 0 { close(s.halt) }`, `if
  c.freq <= 0 { return }` against `if freq > 0 { go c.loop(ctx) }`) skips nothing
  running. Read by text, through the receiver's copy of the option.
- A method that also makes the field again (`s.done = make(...)`) restarts rather
  than stops; one that closes it inside a closure (`once.Do`) or in a `defer` is
  trusted to close it on every path.
- Unexported fields only, and only when nothing sends on the field: a stop signal
  that is also a message channel follows another protocol.
- KEPT_CANCEL_STOP: the stop may also be a context's `Done()` whose cancel function is
  kept in a field of the type (`ctx, cancel := context.WithCancel(context.Background());
  m.stop = cancel; go m.keepalive(ctx)`), and the stopping method calls `m.stop()`. A
  context derived from the caller's is left alone: its end may come from there.
- CLOSED_WITH_ITS_RESOURCE: or the goroutine ranges over a channel a field hands out
  (`for ack := range p.tr.Acks()`), and the stopping method closes that field
  (`p.tr.Close()`): the channel is taken to close with its resource.
- POLLING_FAILURE_EXIT: a loop that waits only for its stop and a timer (a poller) may
  also leave when a call it polls fails (a return under a condition on an error): while
  its calls succeed it runs on. Trade-off: a poller whose calls are sure to fail once the
  object is closed (a closed connection) is reported although the failure ends it.
- SKIPPED_WAKE: or the goroutine sleeps on a condition until a method sets a stop flag
  and wakes it (cond_stops), and that method returns first on an error; a method that
  sets the flag back to false restarts rather than stops.
- SKIPPED_PART_STOP: or the goroutine sleeps inside a method of a part of its object
  until the part's flag is set (cond_stops.part_waits: `t.picker.Next(id)`), and a
  method of the type calls the part's setter (`t.picker.Close()`) on one path and
  returns first on another (blind dev p362: `Stop` returning on a peer's failed
  close). Trade-off: the part's other wake-ups are taken to have stopped with the
  object; a part its users keep driving after the stop would wake it.
- PARAM_CLOSER: a function of the package that is not a method of the type but closes
  the stop field of a parameter holding the object (`func (m *Manager) teardown(t
  *tunnel)`, `close(t.stop)`) is a stopping method too; its state guards read that
  parameter's state. SERVED_STATE: a test on a state the goroutine does work in (`if
  t.state == StateDown { return nil }` while its loop's `m.tick(t)` redials in `case
  StateDown:`) is no sign that the goroutine is gone (blind dev p368). Judged for
  these closers only.
- QUEUE_KEPT_IN_A_FIELD (for `stoppers`): a goroutine ranging over a queue handed to
  it (a parameter, or the constructor's local it captures) that the object also keeps
  among the values of a field (`b.queues[name] = q`, `b.lanes = append(b.lanes, q)`),
  when a method closes every value of that field by walking it (`for _, q := range
  b.queues { close(q) }`): that method stops it.
- KEPT_CANCEL_STOPPABLE (for `stoppers`, the constructors' objects): a goroutine ended
  only by `<-l.ctx.Done()`, the context kept in a field beside its cancel function
  (from a root context), which methods of the type call, is an object those methods
  stop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.cfg import Event, is_channel_type
from goleash.analysis.cond_stops import CondStop, cond_stop, flag_sets, part_stop, part_waits
from goleash.analysis.field_closers import closing_methods, walk_closing_methods
from goleash.analysis.functions import local_source, receiver_var, started_goroutines
from goleash.analysis.index import receiver_type_name
from goleash.analysis.kept_contexts import kept_beside, kept_by_local
from goleash.analysis.liveness import Identity, Liveness, Partner, Summary, Verdict
from goleash.analysis.pipe_stops import pipe_stop
from goleash.analysis.values import DoneRef, FieldRef, VarRef, base_type_name

if TYPE_CHECKING:
    from goleash.analysis.cfg import CFG, Loop
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.functions import Function, Start
    from goleash.analysis.package import Package
    from goleash.analysis.scopes import Var
    from goleash.source import SourceFile

EXITS = ("return", "end", "abort", "testfail")

# Heuristic IGNORED_STOPPER's names: a type with one of these methods promises its
# goroutines an end (a poller or a queue worker without one may live with the process).
STOPPING_METHODS = ("Close", "Stop", "Shutdown")


def stopping_method(
    package: Package, type_name: str
) -> tuple[str, tree_sitter.Node, SourceFile] | None:
    """(name, declaration, file) of the type's stopping method, or None."""
    found = {gosyntax.function_name(m): (m, f) for f, m in package.methods_of_type(type_name)}
    for name in STOPPING_METHODS:
        if name in found:
            node, file = found[name]
            return name, node, file
    return None


def skipped_stop_verdicts(
    liveness: Liveness, go_statements: Iterable[tree_sitter.Node]
) -> list[Verdict]:
    """Verdicts "stop-skipped": the goroutine's only way out is a receive on a field that
    a method of its type closes on some paths and skips with an explicit `return`."""
    out: list[Verdict] = []
    functions = liveness.functions
    package = liveness.package
    for start in started_goroutines(
        functions, liveness.file, go_statements, skip_process_lifetime=True, once_per_goroutine=True
    ):
        starter, goroutine, spawn = start.starter, start.goroutine, start.spawn
        start_tests = _start_tests(start)
        stops = [
            (field, type_name, nodes, ev, "close")
            for field, (type_name, nodes, ev) in _stop_receives(goroutine).items()
        ]
        stops.extend(_kept_cancel_stops(liveness, start))
        stops.extend(_ranged_resources(liveness, start))
        # RANGED_QUEUE: `for ev := range c.events`, a field some method closes on one way
        # out and skips on another (a producer goroutine giving up on one error).
        stops.extend(
            (field, type_name, [header], Event("range", header.ast), "queue")
            for field, (type_name, header) in ranged_fields(goroutine).items()
            if header.ast is not None
        )
        flagged = (
            cond_stop(package, receiver_type_name(goroutine.node) or "", goroutine)
            if goroutine.node.type == "method_declaration"
            else None
        )
        if flagged is not None:
            # SKIPPED_WAKE: a goroutine sleeping on a condition until a method sets its stop
            # flag and wakes it (cond_stops), when that method can return first.
            verdict = _skipped_wake(liveness, start, flagged, start_tests)
            if verdict is not None:
                out.append(verdict)
        # SKIPPED_PART_STOP: a goroutine sleeping inside a part's method until the part's
        # flag is set (`t.picker.Next`), which a method of its type sets through the part's
        # setter (`t.picker.Close()`) on one path and returns first on another.
        out.extend(_skipped_part_wakes(liveness, start, start_tests))
        for field, type_name, nodes, ev, how in stops:
            loop = (
                ev.node
                if how in ("resource", "queue")
                and ends_only_through(goroutine, nodes, polling_exits=True)
                else loop_ended_only_by(goroutine, nodes, polling_exits=True)
            )
            if loop is None or (how == "close" and not _stop_field(liveness, type_name, field)):
                continue
            if how == "queue":
                how = "close"  # a queue is sent on: only its close is judged
            closers: list[tuple[SourceFile, tree_sitter.Node, str | None]] = [
                (f, m, None) for f, m in package.methods_of_type(type_name)
            ]
            if how == "close":
                closers.extend(_param_closers(package, type_name, field))
            served: frozenset[tuple[str, str]] | None = None
            for method_file, method_node, holder in closers:
                if method_node in (goroutine.node, starter.node):
                    continue
                method = functions.get(method_node, method_file)
                if holder is not None and served is None:
                    served = served_states(liveness, goroutine)
                found = _skipping_return(
                    method,
                    field,
                    type_name,
                    start_tests,
                    how,
                    holder,
                    served if holder is not None and served is not None else frozenset(),
                )
                if found is None:
                    continue
                exit_node, close = found
                ident = Identity.of_field(goroutine, f"{type_name}.{field}", field)
                ident.capacity_known = False
                empty = Summary.uncounted()
                out.append(
                    Verdict(
                        "stop-skipped",
                        ident,
                        ev,
                        goroutine,
                        Partner(spawn, goroutine, empty, "goroutine"),
                        exit=exit_node,
                        detail={
                            "loop": loop,
                            "closer": method,
                            "field": field,
                            "type": type_name,
                            "close": close,
                            "how": how,
                        },
                    )
                )
                break
    return out


def _stop_receives(goroutine: Function) -> dict[str, tuple[str, list[CfgNode], Event]]:
    """field -> (type name, CFG nodes receiving from it, first receive event) for the
    goroutine's receives from channel fields."""
    found: dict[str, tuple[str, list[CfgNode], Event]] = {}
    assert goroutine.cfg is not None  # callers ask only of goroutines with a graph
    for node in goroutine.cfg.nodes:
        for ev in node.events:
            if ev.kind == "recv" and isinstance(ev.ref, FieldRef) and not ev.ref.exported:
                entry = found.setdefault(ev.ref.field, (ev.ref.type_name, [], ev))
                entry[1].append(node)
    return found


def _argument_stop_receives(
    goroutine: Function, call: tree_sitter.Node, type_name: str
) -> dict[str, tuple[str, list[CfgNode], Event]]:
    """FIELD_HANDED_AS_ARGUMENT: like `_stop_receives`, for receives from a parameter the
    `go` statement binds to a field of the object (`go m.runZone(info, w.in, w.quit)`,
    `case <-quit: return`): taken as receives from `type_name`'s field. Trade-off: the
    argument's operand is not typed; the field's closers, asked next, confirm it."""
    if goroutine.node.type == "func_literal":
        return {}
    args = gosyntax.call_arguments(call)
    found: dict[str, tuple[str, list[CfgNode], Event]] = {}
    assert goroutine.cfg is not None  # callers ask only of goroutines with a graph
    for node in goroutine.cfg.nodes:
        for ev in node.events:
            if ev.kind != "recv" or not isinstance(ev.ref, VarRef) or ev.ref.var.kind != "param":
                continue
            index = ev.ref.var.index
            arg = gosyntax.unparen(args[index]) if 0 <= index < len(args) else None
            if arg is None or arg.type != "selector_expression":
                continue
            field = gosyntax.text(gosyntax.field(arg, "field"))
            if field[:1].isupper() or gosyntax.field(arg, "operand").type != "identifier":
                continue
            entry = found.setdefault(field, (type_name, [], ev))
            entry[1].append(node)
    return found


def _kept_cancel_stops(
    liveness: Liveness, start: Start
) -> Iterator[tuple[str, str, list[CfgNode], Event, str]]:
    """KEPT_CANCEL_STOP: (cancel field, its type, CFG nodes receiving from the context's
    `Done()`, the first such receive, "cancel") for each context the goroutine waits on whose
    cancel function the package keeps in a field of the starter's receiver type."""
    starter, goroutine = start.starter, start.goroutine
    # The type whose methods stop it: the goroutine's own (`go s.heartbeat(ctx)`), else
    # the starter's (`go func() { ... }()` in a method).
    owner = next(
        (
            receiver_type_name(f.node)
            for f in (goroutine, starter)
            if f.node.type == "method_declaration"
        ),
        None,
    )
    if owner is None or b"Done()" not in (goroutine.node.text or b""):
        return
    assert goroutine.cfg is not None  # started goroutines judged here have one
    call = start.stmt.named_children[0]
    args = gosyntax.call_arguments(call)
    found: dict[str, tuple[list[CfgNode], Event]] = {}
    for node in goroutine.cfg.nodes:
        for ev in node.events:
            if ev.kind != "recv" or not isinstance(ev.ref, DoneRef):
                continue
            field = _cancel_field(liveness, ev.ref, owner, args, starter)
            if field is not None:
                entry = found.setdefault(field, ([], ev))
                entry[0].append(node)
    for field, (nodes, ev) in found.items():
        yield field, owner, nodes, ev, "cancel"


def _ranged_resources(
    liveness: Liveness, start: Start
) -> Iterator[tuple[str, str, list[CfgNode], Event, str]]:
    """CLOSED_WITH_ITS_RESOURCE: (field, its type, [the loop's header], a range event,
    "resource") for each `for x := range r.F.M()` of a goroutine method of the type,
    `F` a field: the channel comes from the resource, and only closing it ends the range."""
    goroutine = start.goroutine
    if goroutine.node.type != "method_declaration" or goroutine.cfg is None:
        return
    owner = receiver_type_name(goroutine.node)
    recv = receiver_var(goroutine)
    body = goroutine.node.child_by_field_name("body")
    if owner is None or recv is None or body is None:
        return
    for loop in gosyntax.walk(body):
        if loop.type != "for_statement":
            continue
        clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
        ranged = gosyntax.unparen(clause.child_by_field_name("right")) if clause else None
        if ranged is None or ranged.type != "call_expression" or gosyntax.call_arguments(ranged):
            continue
        parts = gosyntax.text(gosyntax.field(ranged, "function")).split(".")
        if len(parts) != 3 or parts[0] != recv.name:
            continue
        typed = liveness.package.field_type(owner, parts[1])
        header = goroutine.cfg.node_of(loop)
        if typed is None or typed[0] != owner or header is None:
            continue
        yield parts[1], owner, [header], Event("range", loop), "resource"


def _cancel_field(
    liveness: Liveness, done: DoneRef, owner: str, args: list[tree_sitter.Node], starter: Function
) -> str | None:
    """The field of `owner` keeping the cancel function of the context `done` belongs to:
    a parameter bound at the `go` statement, a local of the starter the goroutine shares,
    or a context field of the type; None when the context has no such kept cancel or
    derives from the caller's."""
    base = done.base
    kept = None
    if isinstance(base, VarRef) and base.var.kind == "param" and base.var.index < len(args):
        arg = gosyntax.unparen(args[base.var.index])
        if arg is not None and arg.type == "identifier":
            kept = kept_by_local(arg, starter.file)
    elif isinstance(base, VarRef) and base.var.kind == "local" and base.var.func == starter.node:
        kept = kept_by_local(base.var.ident, starter.file)
    elif isinstance(base, FieldRef) and base.type_name == owner:
        kept = kept_beside(liveness.package, base.field, owner)
    if kept is None:
        return None
    _call, _file, cancel_field, _where, caller_parent = kept
    if caller_parent:
        return None
    typed = liveness.package.field_type(owner, cancel_field)
    return cancel_field if typed is not None and typed[0] == owner else None


def ranged_fields(goroutine: Function) -> dict[str, tuple[str, CfgNode]]:
    """field -> (type name, loop header) for the goroutine's ranges over unexported
    channel fields."""
    found: dict[str, tuple[str, CfgNode]] = {}
    assert goroutine.cfg is not None  # callers ask only of goroutines with a graph
    for node in goroutine.cfg.nodes:
        for ev in node.events:
            if ev.kind == "range" and isinstance(ev.ref, FieldRef) and not ev.ref.exported:
                found.setdefault(ev.ref.field, (ev.ref.type_name, node))
    return found


def plain_field_sends(goroutine: Function, loop: Loop, other_than: str) -> Iterator[Event]:
    """The goroutine's sends inside `loop` on an unexported channel field other than
    `other_than`, each a plain statement (not a select case): the sends nothing but a
    reader can end."""
    assert goroutine.cfg is not None  # callers ask only of goroutines with a graph
    for node in goroutine.cfg.nodes:
        if not loop.holds(node):
            continue
        for ev in node.events:
            if (
                ev.kind == "send"
                and ev.case is None
                and isinstance(ev.ref, FieldRef)
                and not ev.ref.exported
                and ev.ref.field != other_than
            ):
                yield ev


def field_receives(liveness: Liveness, field: str) -> Iterator[tuple[SourceFile, int]]:
    """(file, byte) of each receive from (or range over) `x.field` anywhere in the package,
    read from the text whatever the receiver's name."""
    name = re.escape(field.encode())
    reads = re.compile(
        rb"<-\s*[\w.()\[\]]*\." + name + rb"\b|range\s+[\w.()\[\]]*\." + name + rb"\b"
    )
    for f in liveness.package.files:
        for m in reads.finditer(f.data):
            yield f, m.start()


def stoppable_loops(
    liveness: Liveness, goroutine: Function
) -> Iterator[tuple[Loop, tree_sitter.Node, FieldRef, tuple[str, tree_sitter.Node, SourceFile]]]:
    """(loop, its stop case, the stop field, (closing method name, its close, file)) for
    each loop of the goroutine holding `case <-x.stop: return` (heuristic
    STOP_CLOSED_BY_A_METHOD: the stop is a receive from an unexported channel field of
    the goroutine's type that another method of the type closes)."""
    cfg = goroutine.cfg
    assert cfg is not None  # started goroutines and methods judged here have one
    for loop in cfg.loops:
        for node in cfg.nodes:
            if node.kind != "case" or not loop.holds(node) or node.ast is None:
                continue
            recv = next(
                (ev for ev in node.events if ev.kind == "recv" and isinstance(ev.ref, FieldRef)),
                None,
            )
            if (
                recv is None
                or not isinstance(recv.ref, FieldRef)
                or recv.ref.exported
                or not _returns(node.ast)
            ):
                continue
            found = closing_methods(liveness, recv.ref.type_name, recv.ref.field, (goroutine.node,))
            if found is not None:
                names, close, close_file = found
                yield loop, node.ast, recv.ref, (names[0], close, close_file)
                break


def _returns(case: tree_sitter.Node) -> bool:
    """Does the case's body leave the goroutine (a `return` among its statements)?"""
    for child in case.named_children:
        if child.type == "return_statement":
            return True
        if child.type == "statement_list" and any(
            s.type == "return_statement" for s in child.named_children
        ):
            return True
    return False


def ends_only_through(
    goroutine: Function,
    nodes: list[CfgNode],
    polling_exits: bool = False,
    package: Package | None = None,
) -> bool:
    """Does every path of the goroutine to its end pass through one of these nodes? With
    `polling_exits`, a failure exit of a poller (POLLING_FAILURE_EXIT) does not count;
    with `package` too, a poller may be woken by a nudge (NUDGE_CASE)."""
    if not nodes:
        return False
    cfg = goroutine.cfg
    assert cfg is not None  # callers ask only of goroutines with a graph
    failures_allowed = polling_exits and _polls(nodes, package)
    blocked = {id(n) for n in nodes}
    seen = {id(cfg.entry)}
    stack = [cfg.entry]
    while stack:
        n = stack.pop()
        if n.kind in EXITS:
            if failures_allowed and _failure_exit(n, goroutine):
                continue
            return False  # another way out
        for s in n.succ:
            if id(s) not in seen and id(s) not in blocked:
                seen.add(id(s))
                stack.append(s)
    return True


def _polls(nodes: list[CfgNode], package: Package | None = None) -> bool:
    """POLLING_FAILURE_EXIT: every stop receive is a case of a select whose only other
    cases wait on timers.

    NUDGE_CASE (with `package`): or on a nudge, a channel field the package only ever
    sends on without waiting (`select { case r.wake <- struct{}{}: default: }`), which
    wakes the loop like a timer and never ends it; a stop select may then also deliver
    (`case out <- line:`), as long as one of them waits to be woken. Trade-off: a loop
    whose nudge comes only from code outside the package is judged as if nudged.
    """
    woken = False
    for node in nodes:
        case = next((ev.case for ev in node.events if ev.case is not None), None)
        if case is None:
            return False
        others = [c for c in gosyntax.select_cases(case.select) if c != case.node]
        if not others or any(c.type != "communication_case" for c in others):
            return False
        for other in others:
            operand = gosyntax.received_operand(other)
            if (operand is not None and _is_timer(operand)) or (
                package is not None and operand is not None and _is_nudge(package, operand)
            ):
                woken = True
            elif package is None or operand is not None or not _is_send_case(other):
                return False
    return woken


def _is_send_case(case: tree_sitter.Node) -> bool:
    communication = case.child_by_field_name("communication")
    return communication is not None and communication.type == "send_statement"


def _is_nudge(package: Package, operand: tree_sitter.Node) -> bool:
    """NUDGE_CASE: `r.wake`, an unexported channel field every send of the package on
    which is a case of a select with a `default`."""
    operand = gosyntax.unparen(operand) or operand
    if operand.type != "selector_expression":
        return False
    field = gosyntax.text(gosyntax.field(operand, "field"))
    if not field or field[0].isupper():
        return False
    # Kept per package: every loop of every constructor asks about the same fields.
    cache: dict[str, bool] = package.__dict__.setdefault("_nudges", {})
    if field not in cache:
        cache[field] = _only_nudged(package, field)
    return cache[field]


def _only_nudged(package: Package, field: str) -> bool:
    needle = re.compile(rb"\." + re.escape(field.encode()) + rb"\s*<-")
    sends = 0
    for f in package.files:
        if not needle.search(f.data):
            continue
        for send in gosyntax.descendants(f.root, "send_statement"):
            channel = gosyntax.unparen(send.child_by_field_name("channel"))
            if channel is None or channel.type != "selector_expression":
                continue
            if gosyntax.text(gosyntax.field(channel, "field")) != field:
                continue
            case = send.parent
            if (
                case is None
                or case.type != "communication_case"
                or case.parent is None
                or not any(c.type == "default_case" for c in case.parent.named_children)
            ):
                return False
            sends += 1
    return sends > 0


def _is_timer(operand: tree_sitter.Node) -> bool:
    """`t.C`, `ticker.C`, `time.After(d)`, `clock.After(d)`: a channel that fires on its own."""
    operand = gosyntax.unparen(operand) or operand
    if operand.type == "selector_expression":
        return gosyntax.text(gosyntax.field(operand, "field")) == "C"
    if operand.type == "call_expression":
        return gosyntax.callee_text(operand).rsplit(".", 1)[-1] in ("After", "Tick")
    return False


def _failure_exit(exit_node: CfgNode, goroutine: Function) -> bool:
    """POLLING_FAILURE_EXIT: a `return` under an `if` or `case` that tests an error."""
    if exit_node.kind != "return" or exit_node.ast is None:
        return False
    for a in gosyntax.ancestors(exit_node.ast, goroutine.node):
        test = None
        if a.type == "if_statement":
            test = a.child_by_field_name("condition")
        elif a.type == "expression_case":
            test = a.child_by_field_name("value")
        if test is not None and _ERROR_NAME.search(gosyntax.text(test)):
            return True
    return False


# An identifier that names an error: `err`, `rerr`, `errRenew`, `lastErr`.
_ERROR_NAME = re.compile(r"\b(?:\w*err|err\w*|\w*Err)\b")


def loop_ended_only_by(
    goroutine: Function,
    nodes: list[CfgNode],
    polling_exits: bool = False,
    package: Package | None = None,
) -> tree_sitter.Node | None:
    """The `for` holding these receives when no path of the goroutine ends without one
    (with nil channels, or a stop that never comes, the goroutine never ends), and one
    of them does lead out (a case that only notes the stop and goes round again is no
    way out: pitaya's agent test, audit 24)."""
    if not ends_only_through(goroutine, nodes, polling_exits, package) or not _leads_out(nodes):
        return None
    first = nodes[0].ast
    assert first is not None  # a receive's node is its statement
    return next(
        (a for a in gosyntax.ancestors(first, goroutine.node) if a.type == "for_statement"), None
    )


def _leads_out(nodes: list[CfgNode]) -> bool:
    """Is a way out of the goroutine reached from one of these nodes?"""
    stack, seen = list(nodes), {id(n) for n in nodes}
    while stack:
        n = stack.pop()
        if n.kind in EXITS:
            return True
        for s in n.succ:
            if id(s) not in seen:
                seen.add(id(s))
                stack.append(s)
    return False


def _stop_field(
    liveness: Liveness, type_name: str, field: str, sends_allowed: bool = False
) -> bool:
    """An unexported channel field of the type that nothing in the package sends on.
    With `sends_allowed`, one the package sends on too (DATA_CLOSED_TO_STOP, `case
    s.beats <- struct{}{}:`), for a goroutine whose loop ends only when it is closed:
    asked only by a caller that stops such an object by closing the field
    (CLOSED_INLINE: a map's entries closed by a walk, blind dev p432), since an entry
    replaced under its key gets no more sends and only the close could end it."""
    found = liveness.package.field_type(type_name, field)
    if found is None or found[0] != type_name or not is_channel_type(found[1]):
        return False
    if sends_allowed:
        return True
    send = re.compile(rb"\." + re.escape(field.encode()) + rb"\s*<-")
    return not any(send.search(f.data) for f in liveness.package.files)


def _skipped_wake(
    liveness: Liveness, start: Start, flagged: CondStop, start_tests: frozenset[str]
) -> Verdict | None:
    """Verdict "stop-skipped" (how "flag") for a goroutine sleeping on a condition until
    a stopping method sets `flagged.flag` and wakes it, at that method's `return` reached
    without the flag set (blind dev p314: `Close` returning on a failed final flush)."""
    starter, goroutine = start.starter, start.goroutine
    type_name = receiver_type_name(goroutine.node)
    loop = next((a for a in gosyntax.ancestors(flagged.wait) if a.type == "for_statement"), None)
    if type_name is None or loop is None:
        return None
    for method_file, method_node in liveness.package.methods_of_type(type_name):
        if method_node in (goroutine.node, starter.node):
            continue
        if gosyntax.function_name(method_node) not in flagged.methods:
            continue
        method = liveness.functions.get(method_node, method_file)
        found = _skipping_return(method, flagged.flag, type_name, start_tests, "flag")
        if found is None:
            continue
        exit_node, setter = found
        return _wait_skipped(
            start,
            type_name,
            flagged.flag,
            flagged.wait,
            exit_node,
            {"loop": loop, "closer": method, "close": setter, "how": "flag"},
        )
    return None


def _wait_skipped(
    start: Start,
    type_name: str,
    field: str,
    wait: tree_sitter.Node,
    exit_node: CfgNode,
    detail: dict[str, object],
) -> Verdict:
    """Verdict "stop-skipped" for a goroutine waiting at `wait` (not a channel operation
    of its own: a condition's `Wait`) that a stopping method's `exit_node` leaves asleep."""
    ident = Identity.of_field(start.goroutine, f"{type_name}.{field}", field)
    ident.capacity_known = False
    return Verdict(
        "stop-skipped",
        ident,
        Event("wait", wait),
        start.goroutine,
        Partner(start.spawn, start.goroutine, Summary.uncounted(), "goroutine"),
        exit=exit_node,
        detail={"field": field, "type": type_name, **detail},
    )


def _param_closers(
    package: Package, type_name: str, field: str
) -> Iterator[tuple[SourceFile, tree_sitter.Node, str]]:
    """PARAM_CLOSER: (file, function, parameter) for each function of the package, not a
    method of `type_name`, that closes `p.<field>` of a parameter `p *T` (`func (m
    *Manager) teardown(t *tunnel)`): it stops the object as its own methods would."""
    pattern = re.compile(rb"\bclose\(\s*(\w+)\." + re.escape(field.encode()) + rb"\s*\)")
    seen: set[tuple[str, int]] = set()
    for f in package.files:
        for found in pattern.finditer(f.data):
            node = f.root.descendant_for_byte_range(found.start(), found.start() + 1)
            if node is None:
                continue
            func = next(
                (
                    a
                    for a in gosyntax.ancestors(node)
                    if a.type in ("function_declaration", "method_declaration")
                ),
                None,
            )
            if func is None or (f.path, func.start_byte) in seen:
                continue
            seen.add((f.path, func.start_byte))
            if func.type == "method_declaration" and receiver_type_name(func) == type_name:
                continue
            name = found.group(1).decode()
            if _param_type(func, name) == type_name:
                yield f, func, name


def _param_type(func: tree_sitter.Node, name: str) -> str | None:
    """`T` for a parameter `name *T` (or `name T`) of the function."""
    return next((base_type_name(t) for n, t in gosyntax.parameters(func) if n == name), None)


def _skipped_part_wakes(
    liveness: Liveness, start: Start, start_tests: frozenset[str]
) -> Iterator[Verdict]:
    """Verdicts "stop-skipped" (how "part", SKIPPED_PART_STOP in the module doc), at the
    stopping method's `return` reached without the part's setter."""
    starter, goroutine = start.starter, start.goroutine
    type_name = receiver_type_name(goroutine.node)
    if type_name is None:
        return
    for pw in part_waits(liveness.package, type_name, goroutine):
        for method_file, method_node in liveness.package.methods_of_type(type_name):
            if method_node in (goroutine.node, starter.node):
                continue
            if gosyntax.function_name(method_node) not in STOPPING_METHODS:
                continue
            method = liveness.functions.get(method_node, method_file)
            found = None
            for setter in pw.setters:
                found = _skipping_return(
                    method, f"{pw.part}.{setter}", type_name, start_tests, "cancel"
                )
                if found is not None:
                    break
            if found is None:
                continue
            exit_node, call = found
            yield _wait_skipped(
                start,
                type_name,
                pw.part,
                pw.wait,
                exit_node,
                {
                    "loop": pw.loop,
                    "closer": method,
                    "close": call,
                    "how": "part",
                    "part_call": pw.call,
                    "flag": pw.flag,
                    "test": pw.test,
                    "wait_file": pw.wait_file,
                },
            )
            return


def _start_tests(start: Start) -> frozenset[str]:
    """The tests the `go` statement sits under in its starter (`if config.Every > 0 {
    go s.run() }`), spaces removed."""
    return frozenset(
        _spaceless(gosyntax.text(cond))
        for _if, cond in gosyntax.guarding_ifs(start.stmt, start.starter.node)
    )


def _spaceless(text: str) -> str:
    return "".join(text.split())


def _skipping_return(
    method: Function,
    field: str,
    type_name: str | None = None,
    start_tests: frozenset[str] = frozenset(),
    how: str = "close",
    holder: str | None = None,
    served: frozenset[tuple[str, str]] = frozenset(),
) -> tuple[CfgNode, tree_sitter.Node] | None:
    """(the CFG node of an explicit `return` of `method` reached without the stop, the
    method's first stop), in a method that stops directly on its other paths. The stop
    is, by `how`: "close", `close(r.field)`; "cancel", `r.field()`; "resource",
    `r.field.Close()`."""
    cfg = method.cfg
    if cfg is None:
        return None
    if how == "close":
        acts = _field_closes(cfg, field, type_name)
    elif how == "flag":
        acts = _flag_sets(method, field)
    else:
        acts = _receiver_calls(method, field if how == "cancel" else f"{field}.Close")
    if not acts:
        return None
    closes = [n for n, _ in acts]
    body_text = method.node.text
    assert body_text is not None  # parsed from bytes: nodes keep their text
    name = re.escape(field.encode())
    # Setting a kept cancel (or resource) to nil after the stop is no restart; any other
    # store is.
    restart = (
        rb"\."
        + name
        + (
            rb"\s*=[^=]"
            if how == "close"
            else rb"\s*=\s*false\b"
            if how == "flag"
            else rb"\s*=\s*(?!nil\b)[^=\s]"
        )
    )
    if re.search(rb"\bdefer\b[^\n]*\." + name + rb"\b", body_text) or re.search(restart, body_text):
        return None  # closed by a deferred call, or made again: a restart
    blocked = {id(n) for n in closes}
    close_nodes = [call for _, call in acts]
    seen = {id(cfg.entry)}
    stack = [cfg.entry]
    while stack:
        n = stack.pop()
        if (
            n.kind == "return"
            and n.ast is not None
            and not state_guarded(n.ast, method, holder, served)
        ):
            first = min(close_nodes, key=lambda x: x.start_byte)
            return n, first
        for s in n.succ:
            if (
                id(s) not in seen
                and id(s) not in blocked
                and not _already_closed_arm(s, close_nodes, method)
                and not _never_started_arm(s, close_nodes, method, start_tests)
            ):
                seen.add(id(s))
                stack.append(s)
    return None


def _field_closes(
    cfg: CFG, field: str, type_name: str | None
) -> list[tuple[CfgNode, tree_sitter.Node]]:
    """(node, `close` call) for each close of the field in the graph."""
    return [
        (n, ev.node)
        for n in cfg.nodes
        for ev in n.events
        if ev.kind == "close"
        and isinstance(ev.ref, FieldRef)
        and ev.ref.field == field
        # `close(c.quit)` of another type's field of that name is not this one's close
        and (type_name is None or ev.ref.type_name == type_name)
    ]


def _flag_sets(method: Function, flag: str) -> list[tuple[CfgNode, tree_sitter.Node]]:
    """(node, statement) for each `r.<flag> = true` of the method, r its receiver."""
    cfg = method.cfg
    if cfg is None:
        return []
    return [
        (node, stmt)
        for stmt in flag_sets(method.node, flag)
        if (node := cfg.node_of(stmt)) is not None
    ]


def _receiver_calls(method: Function, callee: str) -> list[tuple[CfgNode, tree_sitter.Node]]:
    """(node, call) for each `r.<callee>()` of the method, r its receiver."""
    recv = receiver_var(method)
    cfg = method.cfg
    if recv is None or cfg is None:
        return []
    wanted = f"{recv.name}.{callee}"
    return [
        (n, ev.node)
        for n in cfg.nodes
        for ev in n.events
        if ev.kind == "call"
        and ev.node.type == "call_expression"
        and gosyntax.text(gosyntax.field(ev.node, "function")) == wanted
        and not gosyntax.call_arguments(ev.node)
    ]


def _already_closed_arm(arm: CfgNode, closes: list[tree_sitter.Node], method: Function) -> bool:
    """STATE_GUARD on the way: the arm of `if !s.closed { close(s.done); s.closed = true }`
    that skips the close is taken on a later call, once the first one closed it; so is
    the case of `select { case <-s.done: default: close(s.done) }` that finds it closed
    (CLOSE_ONCE_SELECT)."""
    if arm.kind == "case" and arm.ast is not None and arm.ast.type == "communication_case":
        return _finds_it_closed(arm.ast, closes)
    if arm.arm is None:
        return False
    cond_node, taken = arm.arm
    stmt = cond_node.ast
    cond = stmt.child_by_field_name("condition") if stmt is not None else None
    if stmt is None or cond is None:
        return False
    recv = receiver_var(method)
    if not _on_receiver_state(local_source(cond, method), recv.name.encode() if recv else None):
        return False
    other = stmt.child_by_field_name("alternative" if taken else "consequence")
    return other is not None and any(gosyntax.is_within(c, other) for c in closes)


def _never_started_arm(
    arm: CfgNode, closes: list[tree_sitter.Node], method: Function, start_tests: frozenset[str]
) -> bool:
    """SAME_TEST_AS_THE_START: the arm that skips the close is the `else` of the very
    test the goroutine was started under, read through the receiver's copy of the
    option (`if s.config.Every > 0 { close(s.halt) }` against `if config.Every > 0 {
    go s.run() }` in the constructor that stores `config`): on that arm no goroutine
    ever ran. Trade-off: an option changed after the start is not looked for."""
    if not start_tests or arm.arm is None:
        return False
    stmt = arm.arm[0].ast
    cond = stmt.child_by_field_name("condition") if stmt is not None else None
    consequence = stmt.child_by_field_name("consequence") if stmt is not None else None
    recv = receiver_var(method)
    if cond is None or consequence is None or recv is None:
        return False
    text = _spaceless(gosyntax.text(cond))
    prefix = recv.name + "."
    if not text.startswith(prefix):
        return False
    if arm.arm[1]:
        # NEGATED_START_TEST: `if c.commitFreq <= 0 { return }` against `if commitFreq > 0
        # { go c.loop(ctx) }`: the arm taken when the goroutine was never started.
        return _negated(text[len(prefix) :]) in start_tests
    if text[len(prefix) :] not in start_tests:
        return False
    return any(gosyntax.is_within(c, consequence) for c in closes)


_NEGATED_OPERATORS = {"<=": ">", ">=": "<", "<": ">=", ">": "<=", "==": "!=", "!=": "=="}


def _negated(test: str) -> str:
    """The spaceless negation of a spaceless comparison (`x<=0` -> `x>0`) or of `!x`."""
    if test.startswith("!") and "(" not in test:
        return test[1:]
    m = re.fullmatch(r"([\w.]+)(<=|>=|==|!=|<|>)(.+)", test)
    if m is None:
        return "!" + test
    return m.group(1) + _NEGATED_OPERATORS[m.group(2)] + m.group(3)


def _finds_it_closed(case: tree_sitter.Node, closes: list[tree_sitter.Node]) -> bool:
    """Is `case` a receive from the channel another case of its select closes, or
    closes along with one of `closes` (`select { case <-s.die: default: close(s.stop);
    close(s.die) }`: finding `die` closed means an earlier call closed `stop` too)?"""
    operand = gosyntax.received_operand(case)
    select = case.parent
    if operand is None or select is None:
        return False
    for close in closes:
        if not gosyntax.is_within(close, select) or gosyntax.is_within(close, case):
            continue
        branch = next(
            (c for c in gosyntax.select_cases(select) if gosyntax.is_within(close, c)), None
        )
        for other in gosyntax.walk(branch) if branch is not None else ():
            if other.type != "call_expression" or gosyntax.callee_text(other) != "close":
                continue
            args = gosyntax.call_arguments(other)
            if args and args[0].text == operand.text:
                return True
    return False


def state_guarded(
    return_node: tree_sitter.Node,
    method: Function,
    holder: str | None = None,
    served: frozenset[tuple[str, str]] = frozenset(),
) -> bool:
    """Heuristic STATE_GUARD (see the module doc): is this early return taken because of
    the object's lifecycle state rather than a refusal or a failure? The object is the
    receiver, or `holder`, a parameter holding it. A test on a state the goroutine
    itself works in (`served`, SERVED_STATE) is no sign that it is gone."""
    recv = receiver_var(method)
    recv_name = recv.name.encode() if recv is not None else None
    # A closer handed the object reads its state on the parameter, or on its own
    # receiver's registry (`if !b.detachLocked(s) { return }`: already gone).
    holder_name = holder.encode() if holder is not None else None
    for a in gosyntax.ancestors(return_node, method.node):
        if a.type in ("communication_case", "default_case"):
            return True  # `case <-s.done: return`: already stopped
        if a.type == "expression_case":
            return True  # a switch on the state
        if a.type != "if_statement":
            continue
        cond = a.child_by_field_name("condition")
        if cond is None:
            continue
        if served and _tests_a_served_state(cond, served):
            continue
        if _on_receiver_state(local_source(cond, method), recv_name):
            return True
        if holder_name is not None and _on_receiver_state(local_source(cond, method), holder_name):
            return True
        if holder_name is not None and _membership_test(a, cond, method):
            return True
        if _error_of_a_closed_check(a, method, recv_name):
            return True
    return False


def _error_of_a_closed_check(
    if_stmt: tree_sitter.Node, method: Function, recv_name: bytes | None
) -> bool:
    """ERROR_MEANS_CLOSED: `if err := a.ok(); err != nil { return err }`, where `ok`, a
    method of the same file on the same receiver, returns a non-nil error only inside a
    select case receiving from a field of its receiver (`select { case <-a.done: return
    errClosed; default: }; return nil`): the error says the object is already stopped.
    pion/ice's `Close` was read as a false finding. Trade-off: such a method declared in
    another file is not read; an error it could return for another reason would be
    missed as a refusal."""
    init = if_stmt.child_by_field_name("initializer")
    cond = gosyntax.unparen(if_stmt.child_by_field_name("condition"))
    if init is None or init.type != "short_var_declaration" or cond is None:
        return False
    if cond.type != "binary_expression" or gosyntax.field(cond, "operator").type != "!=":
        return False
    left = init.child_by_field_name("left")
    right = init.child_by_field_name("right")
    names = left.named_children if left is not None else []
    values = right.named_children if right is not None else []
    if len(names) != 1 or len(values) != 1 or values[0].type != "call_expression":
        return False
    sides = {
        gosyntax.text(gosyntax.field(cond, "left")),
        gosyntax.text(gosyntax.field(cond, "right")),
    }
    if sides != {gosyntax.text(names[0]), "nil"}:
        return False
    fn = gosyntax.unparen(values[0].child_by_field_name("function"))
    operand = (
        fn.child_by_field_name("operand")
        if fn is not None and fn.type == "selector_expression"
        else None
    )
    if operand is None or operand.type != "identifier" or operand.text != recv_name or fn is None:
        return False
    name = gosyntax.text(gosyntax.field(fn, "field"))
    checker = next(
        (
            m
            for m in gosyntax.descendants(method.file.root, "method_declaration")
            if gosyntax.function_name(m) == name
            and receiver_type_name(m) == receiver_type_name(method.node)
        ),
        None,
    )
    return checker is not None and _errs_only_once_closed(checker)


def _errs_only_once_closed(checker: tree_sitter.Node) -> bool:
    """Every `return` of `checker` returning something other than nil sits in a select
    case receiving from a field of the receiver; and there is one."""
    body = checker.child_by_field_name("body")
    returns = [
        r
        for r in (gosyntax.descendants(body, "return_statement") if body is not None else [])
        if gosyntax.enclosing_function(r) == checker
    ]
    erring = [
        r for r in returns if r.named_children and gosyntax.text(r.named_children[0]) != "nil"
    ]
    if not erring:
        return False
    for r in erring:
        case = next(
            (a for a in gosyntax.ancestors(r, checker) if a.type == "communication_case"), None
        )
        comm = gosyntax.case_communication(case) if case is not None else None
        receives = comm is not None and (
            comm.type == "receive_statement" or gosyntax.text(comm).startswith("<-")
        )
        if not receives:
            return False
    return True


def _membership_test(if_stmt: tree_sitter.Node, cond: tree_sitter.Node, method: Function) -> bool:
    """REGISTRY_MEMBERSHIP (for a closer handed the object): `if _, ok := m[s.id]; !ok {
    return }` leaves because the object is no longer registered, so already stopped
    (blind dev p60: `Unsubscribe` of a subscription already gone)."""
    text = gosyntax.text(cond).replace(" ", "")
    flag = text[1:] if text.startswith("!") else text[:-7] if text.endswith("==false") else ""
    if not flag.isidentifier():
        return False
    lookup = re.compile(
        r",\s*" + re.escape(flag) + r"\s*:?=\s*[\w.]+(?:\[[^\]]*\])*\[[^\]]+\]\s*(?:;|$)", re.M
    )
    init = if_stmt.child_by_field_name("initializer")
    if init is not None and lookup.search(gosyntax.text(init)):
        return True
    return any(
        lookup.search(gosyntax.text(stmt))
        for stmt in gosyntax.statements_before(if_stmt, method.node)
        if stmt.type in ("short_var_declaration", "assignment_statement")
    )


def _state_tests(node: tree_sitter.Node) -> Iterator[tuple[str, str]]:
    """(field, constant) for each `x.field == Constant` (or `!=`) under the node."""
    for n in [node, *gosyntax.walk(node)]:
        if n.type != "binary_expression":
            continue
        op = n.child_by_field_name("operator")
        if op is None or op.type not in ("==", "!="):
            continue
        sides = [n.child_by_field_name("left"), n.child_by_field_name("right")]
        fields = [x for x in sides if x is not None and x.type == "selector_expression"]
        names = [x for x in sides if x is not None and x.type == "identifier"]
        if len(fields) == 1 and len(names) == 1:
            yield gosyntax.text(gosyntax.field(fields[0], "field")), gosyntax.text(names[0])


def _worked_states(node: tree_sitter.Node) -> Iterator[tuple[str, str]]:
    """(field, constant) for each `case Constant:` of a `switch x.field` under the node
    whose body does not simply return: a state the code does work in."""
    for n in gosyntax.descendants(node, "expression_switch_statement"):
        value = n.child_by_field_name("value")
        if value is None or value.type != "selector_expression":
            continue
        field = gosyntax.text(gosyntax.field(value, "field"))
        for case in n.named_children:
            if case.type != "expression_case":
                continue
            body = [c for c in case.named_children if c != case.child_by_field_name("value")]
            flat = [
                x for c in body for x in ([c] if c.type != "statement_list" else c.named_children)
            ]
            if not flat or any(x.type == "return_statement" for x in flat):
                continue
            listed = case.child_by_field_name("value")
            for c in listed.named_children if listed is not None else []:
                if c.type == "identifier":
                    yield field, gosyntax.text(c)


def served_states(liveness: Liveness, goroutine: Function) -> frozenset[tuple[str, str]]:
    """SERVED_STATE: the states the goroutine works in, read from its body and the
    package functions it calls (one level): `case StateDown:` of `switch t.state` in
    the `m.tick(t)` it runs each round, a case that does work rather than return.
    Trade-off: a state only switched on, not tested by `==`, is not seen."""
    out: set[tuple[str, str]] = set(_worked_states(goroutine.node))
    for call in gosyntax.descendants(goroutine.node, "call_expression"):
        callee = liveness.functions.callee(call, goroutine)
        if callee is not None and callee.node != goroutine.node:
            out.update(_worked_states(callee.node))
    return frozenset(out)


def _tests_a_served_state(cond: tree_sitter.Node, served: frozenset[tuple[str, str]]) -> bool:
    return any(test in served for test in _state_tests(cond))


def _on_receiver_state(cond: tree_sitter.Node, recv_name: bytes | None) -> bool:
    for n in [cond, *gosyntax.walk(cond)]:
        if n.type == "binary_expression":
            op = n.child_by_field_name("operator")
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            if op is None or op.type not in ("==", "!=", "||", "&&"):
                continue
            sides = (left, right)
            if any(s is not None and s.type == "nil" for s in sides) and any(
                _rooted_at(s, recv_name) for s in sides
            ):
                return True  # `s.conn == nil`, `s == nil`
            if any(
                s is not None and s.type == "selector_expression" and _rooted_at(s, recv_name)
                for s in sides
            ):
                return True  # `s.state != running`; `term <= l.term || l.stopped`
        elif n.type == "unary_expression" and gosyntax.field(n, "operator").type == "!":
            if _rooted_at(n.child_by_field_name("operand"), recv_name):
                return True  # `!s.started`, `!s.isRunning()`
        elif n.type == "call_expression":
            fn = n.child_by_field_name("function")
            if fn is not None and fn.type == "selector_expression" and _rooted_at(fn, recv_name):
                return True  # `s.closed.Load()`, `s.isStopped()`
            if _rooted_at(gosyntax.atomic_pointee(n), recv_name):
                return True  # `atomic.CompareAndSwapInt32(&s.state, 1, 0)`
    return cond.type == "selector_expression" and _rooted_at(cond, recv_name)  # `if s.closed {`


def _rooted_at(expr: tree_sitter.Node | None, recv_name: bytes | None) -> bool:
    if expr is None or recv_name is None:
        return False
    while expr.type in (
        "selector_expression",
        "call_expression",
        "parenthesized_expression",
        "index_expression",
    ):
        inner = expr.child_by_field_name("operand") or expr.child_by_field_name("function")
        if inner is None:
            inner = expr.named_children[0] if expr.named_children else None
        if inner is None:
            return False
        expr = inner
    return expr.type == "identifier" and expr.text == recv_name


@dataclass(frozen=True)
class Stoppable:
    """A constructor's goroutine that runs until a method of the returned type stops it."""

    start: tree_sitter.Node  # the `go` statement in the constructor
    goroutine_name: str  # "" for a function literal
    methods: tuple[str, ...]  # names of the methods that close its stop field
    close: tree_sitter.Node  # the first such method's close call
    close_file: SourceFile
    # Where the goroutine waits for the stop (its select, or its range), and that file.
    wait: tree_sitter.Node | None = None
    wait_file: SourceFile | None = None
    # CLOSED_INLINE: no method stops it; the package closes this field of the object
    # itself (`close(p.stop)` in a walk over its registry). `methods` is then empty.
    closed_field: str = ""
    # STOPPED_THROUGH_A_PART: no method stops it; a method of the object one of its fields
    # holds does (`s.outbox.close()`): that field and those methods. `methods` is empty.
    part: str = ""
    part_methods: tuple[str, ...] = ()
    # QUEUE_KEPT_IN_A_FIELD: the goroutine ranges over a queue handed to it, which the
    # object also keeps among the values of this field; the methods close them all by
    # walking it.
    walked_field: str = ""
    # QUEUE_STARTED_BESIDE: the entry is the queue itself, a channel the goroutine ranges
    # over; closing it stops the goroutine. `methods` is then empty.
    closed_itself: bool = False

    def stop_call(self, holder: str) -> str:
        """The statement that stops the object held in `holder`."""
        if self.closed_itself:
            return f"close({holder})"
        if self.closed_field:
            return f"close({holder}.{self.closed_field})"
        if self.part:
            return f"{holder}.{self.part}.{self.part_methods[0]}()"
        return f"{holder}.{self.methods[0]}()"

    def stopping(self) -> str:
        """The stop as a message names it: calling `close`, closing its `stop`."""
        if self.closed_itself:
            return "closing it"
        if self.closed_field:
            return f"closing its `{self.closed_field}` channel"
        if self.part:
            return f"calling `{self.part}.{self.part_methods[0]}`"
        return f"calling `{self.methods[0]}`"


def constructed(
    liveness: Liveness, call: tree_sitter.Node, closed_inline: bool = False
) -> tuple[Function, Stoppable] | None:
    """(the constructor, its goroutine) for `newT(...)`, a call of the package's one
    function of that name that starts a goroutine a method of its result stops (or, with
    `closed_inline`, that the package stops by closing a field of it, CLOSED_INLINE)."""
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is None:
        return None
    if fn.type == "identifier":
        declared = liveness.package.unique_function(gosyntax.text(fn))
        if declared is None:
            return None
        node, file = declared.node, declared.file
    elif fn.type == "selector_expression":
        # CONSTRUCTING_METHOD: `p.newBackend(addr)`, the package's one method of that name.
        found = liveness.package.methods_named(gosyntax.text(gosyntax.field(fn, "field")))
        if len(found) != 1:
            return None
        file, _type, node = found[0]
    else:
        return None
    if b"go " not in (node.text or b""):
        return None
    constructor = liveness.functions.get(node, file)
    stop = stoppers(liveness, constructor, closed_inline=closed_inline)
    return (constructor, stop) if stop is not None else None


def stoppers(
    liveness: Liveness,
    constructor: Function,
    type_name: str | None = None,
    closed_inline: bool = False,
) -> Stoppable | None:
    """For a constructor of the package returning `T` or `*T` (or a method of `T` that
    starts it, with `type_name`): the goroutine it starts whose only way out is a stop
    field of `T`, and the methods of `T` that close it. With `closed_inline`, also a stop
    field no method closes but the package closes directly (CLOSED_INLINE): only for a
    caller that knows how to stop such an object (`Stoppable.stop_call`)."""
    cache: dict[tuple[str, int, int, str | None, bool], Stoppable | None] = (
        liveness.package.__dict__.setdefault("_stoppers_cache", {})
    )
    key = (
        constructor.file.path,
        constructor.node.start_byte,
        constructor.node.end_byte,
        type_name,
        closed_inline,
    )
    if key not in cache:
        cache[key] = _find_stoppable(liveness, constructor, type_name, closed_inline)
    return cache[key]


def _closed_in_the_package(
    liveness: Liveness, field: str, besides: tuple[tree_sitter.Node, ...]
) -> tuple[tree_sitter.Node, SourceFile] | None:
    """CLOSED_INLINE: the first `close(x.field)` of the package outside `besides` (the
    goroutine, its starter). Fields are matched by name: a same-named field of another
    type counts (the stop found may be another object's; the guards that use it look
    for it in a walk over the registry itself)."""
    pattern = re.compile(rb"(?<![\w.])close\(\s*\w+\." + re.escape(field.encode()) + rb"\s*\)")
    for f in liveness.package.files:
        for m in pattern.finditer(f.data):
            call: tree_sitter.Node | None = f.root.descendant_for_byte_range(m.start(), m.end())
            while call is not None and call.type != "call_expression":
                call = call.parent
            if call is None or any(gosyntax.is_within(call, b) for b in besides):
                continue
            return call, f
    return None


def _find_stoppable(
    liveness: Liveness, constructor: Function, type_name: str | None, closed_inline: bool = False
) -> Stoppable | None:
    if type_name is None:
        results = gosyntax.result_types(constructor.node)
        type_name = base_type_name(results[0]) if results else None
    if not type_name:
        return None
    functions = liveness.functions
    body = constructor.node.child_by_field_name("body")
    if body is None or not gosyntax.may_start_goroutine(body):
        return None
    for stmt in gosyntax.walk(body):
        if stmt.type != "go_statement" or not stmt.named_children:
            continue
        call = stmt.named_children[0]
        if call.type != "call_expression":
            continue
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        goroutine = (
            functions.get(fn, constructor.file)
            if fn is not None and fn.type == "func_literal"
            else functions.callee(call, constructor)
        )
        if goroutine is None or goroutine.cfg is None:
            continue
        receives = _stop_receives(goroutine)
        for field, found_by_arg in _argument_stop_receives(goroutine, call, type_name).items():
            receives.setdefault(field, found_by_arg)
        for field, (owner, nodes, ev) in receives.items():
            if (
                owner != type_name
                or (
                    loop_ended_only_by(goroutine, nodes) is None
                    and loop_ended_only_by(goroutine, nodes, True, liveness.package) is None
                )
                or not _stop_field(liveness, type_name, field, sends_allowed=closed_inline)
            ):
                continue
            found = closing_methods(liveness, type_name, field, (goroutine.node, constructor.node))
            if found is not None and not _started_alongside(found[0], body):
                ev = _idle_wait(nodes, field) or ev
                wait = ev.case.select if ev.case is not None else ev.node
                return Stoppable(
                    stmt, gosyntax.function_name(goroutine.node) or "", *found, wait, goroutine.file
                )
            inline = (
                _closed_in_the_package(liveness, field, (goroutine.node,))
                if closed_inline and found is None
                else None
            )
            if inline is not None:
                ev = _idle_wait(nodes, field) or ev
                wait = ev.case.select if ev.case is not None else ev.node
                return Stoppable(
                    stmt,
                    gosyntax.function_name(goroutine.node) or "",
                    (),
                    *inline,
                    wait,
                    goroutine.file,
                    field,
                )
        cancelled = _cancelled_context(liveness, goroutine, type_name, constructor.node)
        if cancelled is not None and not _started_alongside(cancelled[0], body):
            methods, cancel, cancel_file, wait = cancelled
            return Stoppable(
                stmt,
                gosyntax.function_name(goroutine.node) or "",
                methods,
                cancel,
                cancel_file,
                wait,
                goroutine.file,
            )
        for field, (owner, header) in ranged_fields(goroutine).items():
            # `for job := range p.jobs`: a worker that runs until a method closes its
            # queue, however many sends come before.
            if owner != type_name or not ends_only_through(goroutine, [header]):
                continue
            found = closing_methods(liveness, type_name, field, (goroutine.node, constructor.node))
            if found is not None and not _started_alongside(found[0], body):
                return Stoppable(
                    stmt,
                    gosyntax.function_name(goroutine.node) or "",
                    *found,
                    header.ast,
                    goroutine.file,
                )
            # CLOSED_INLINE for a ranged queue: `close(q.in)` in the registry's walk.
            inline = (
                _closed_in_the_package(liveness, field, (goroutine.node,))
                if closed_inline and found is None and header.ast is not None
                else None
            )
            if inline is not None and header.ast is not None:
                return Stoppable(
                    stmt,
                    gosyntax.function_name(goroutine.node) or "",
                    (),
                    *inline,
                    header.ast,
                    goroutine.file,
                    field,
                )
        kept = queue_kept_in_a_field(liveness, constructor, call, goroutine)
        if kept is not None:
            field, header = kept
            walked = walk_closing_methods(
                liveness, type_name, field, (goroutine.node, constructor.node)
            )
            if walked is not None and not _started_alongside(walked[0], body):
                return Stoppable(
                    stmt,
                    gosyntax.function_name(goroutine.node) or "",
                    *walked,
                    header.ast,
                    goroutine.file,
                    walked_field=field,
                )
        # A goroutine sleeping on a condition until a method sets a stop flag (cond_stops).
        flagged = cond_stop(liveness.package, type_name, goroutine)
        if flagged is not None and not _started_alongside(flagged.methods, body):
            return Stoppable(
                stmt,
                gosyntax.function_name(goroutine.node) or "",
                flagged.methods,
                flagged.setter,
                flagged.setter_file,
                flagged.wait,
                goroutine.file,
            )
        parted = part_stop(liveness.package, type_name, goroutine) if closed_inline else None
        if parted is not None:
            return Stoppable(
                stmt,
                gosyntax.function_name(goroutine.node) or "",
                (),
                parted.setter,
                parted.setter_file,
                parted.wait,
                parted.wait_file,
                part=parted.part,
                part_methods=parted.methods,
            )
        # A goroutine reading a pipe whose writer end the object keeps (pipe_stops).
        piped = pipe_stop(liveness, constructor, type_name, stmt, goroutine)
        if piped is not None and not _started_alongside(piped[1], body):
            _field, methods, close, close_file, wait = piped
            return Stoppable(
                stmt,
                gosyntax.function_name(goroutine.node) or "",
                methods,
                close,
                close_file,
                wait,
                goroutine.file,
            )
    return None


def _cancelled_context(
    liveness: Liveness, goroutine: Function, type_name: str, constructor: tree_sitter.Node
) -> tuple[tuple[str, ...], tree_sitter.Node, SourceFile, tree_sitter.Node] | None:
    """KEPT_CANCEL_STOPPABLE: (the methods that stop it, the first cancel call, its file,
    where the goroutine waits) for a goroutine whose loop ends only on `<-l.ctx.Done()`,
    `ctx` a field of `type_name` kept beside its cancel function in another field
    (`ctx, cancel := context.WithCancel(context.Background())` stored as `&loop{ctx: ctx,
    cancel: cancel}`), which methods of the type call (`l.cancel()`; blind dev p313's
    scrape loop). A context derived from the caller's may end with it: not such a stop."""
    assert goroutine.cfg is not None  # callers ask only of goroutines with a graph
    by_field: dict[str, list[CfgNode]] = {}
    waits: dict[str, Event] = {}
    for node in goroutine.cfg.nodes:
        for ev in node.events:
            base = ev.ref.base if ev.kind == "recv" and isinstance(ev.ref, DoneRef) else None
            if isinstance(base, FieldRef) and base.type_name == type_name:
                by_field.setdefault(base.field, []).append(node)
                waits.setdefault(base.field, ev)
    for ctx_field, nodes in by_field.items():
        if loop_ended_only_by(goroutine, nodes) is None:
            continue
        kept = kept_beside(liveness.package, ctx_field, type_name)
        if kept is None or kept[4]:
            continue
        cancel_field = kept[2]
        methods: list[str] = []
        first: tuple[tree_sitter.Node, SourceFile] | None = None
        for method_file, method in liveness.package.methods_of_type(type_name):
            recv = gosyntax.receiver_text(method)
            if method in (goroutine.node, constructor) or not recv:
                continue
            for call in gosyntax.descendants(method, "call_expression"):
                if gosyntax.text(
                    gosyntax.field(call, "function")
                ) == f"{recv}.{cancel_field}" and not gosyntax.call_arguments(call):
                    methods.append(gosyntax.function_name(method) or "")
                    first = first or (call, method_file)
                    break
        if first is None:
            continue
        ev = waits[ctx_field]
        wait = ev.case.select if ev.case is not None else ev.node
        return tuple(methods), first[0], first[1], wait
    return None


def _idle_wait(nodes: list[CfgNode], field: str) -> Event | None:
    """The receive of the stop field where the goroutine idles: in a select without a send
    case (where it waits to be woken or stopped, not to deliver), if there is one."""
    for node in nodes:
        for ev in node.events:
            if ev.kind != "recv" or not isinstance(ev.ref, FieldRef) or ev.ref.field != field:
                continue
            if ev.case is not None and not any(
                _is_send_case(c) for c in gosyntax.select_cases(ev.case.select)
            ):
                return ev
    return None


def queue_kept_in_a_field(
    liveness: Liveness, constructor: Function, call: tree_sitter.Node, goroutine: Function
) -> tuple[str, CfgNode] | None:
    """QUEUE_KEPT_IN_A_FIELD: (field, loop header) when the goroutine's only way out is
    the end of its range over a parameter (`for s := range q`) or a captured local, and
    the constructor hands it a local queue it also stores in a field of a local object (`b.queues[name] = q`,
    or `b.queue = q`). Trade-off: the object is taken to be the one the constructor
    returns; a queue kept in some other local's field is matched all the same."""
    ranged = ranged_queue(constructor, call, goroutine)
    if ranged is None:
        return None
    var, node = ranged
    for use in var.occurrences:
        field = _stored_in_a_field(constructor, use)
        if field is not None:
            return field, node
    return None


def ranged_queue(
    starter: Function, call: tree_sitter.Node, goroutine: Function
) -> tuple[Var, CfgNode] | None:
    """(the starter's local, the loop header) when the goroutine started by `call` has
    for only way out the end of its range over that local: handed to it as an argument
    (`go c.consume(q)`, `for s := range q`) or captured by a function literal."""
    assert goroutine.cfg is not None  # callers ask only of goroutines with a graph
    args = gosyntax.call_arguments(call)
    for node in goroutine.cfg.nodes:
        for ev in node.events:
            if ev.kind != "range" or not isinstance(ev.ref, VarRef):
                continue
            if not ends_only_through(goroutine, [node]):
                return None
            var: Var | None = ev.ref.var
            if var is not None and var.kind == "param":
                arg = gosyntax.unparen(args[var.index]) if 0 <= var.index < len(args) else None
                if arg is None or arg.type != "identifier":
                    return None
                var = starter.resolver.scopes.lookup(arg)
            # else a function literal's range over the starter's own local, captured
            if var is None or var.kind != "local" or var.func != starter.node:
                return None
            return var, node
    return None


def _stored_in_a_field(constructor: Function, use: tree_sitter.Node) -> str | None:
    """The field of `b.queues[k] = q`, `b.queue = q` or `b.lanes = append(b.lanes, q)`
    (b a local or the receiver) when `use` is its `q`."""
    values = use.parent
    if values is not None and values.type == "argument_list":
        appended = values.parent
        if (
            appended is None
            or gosyntax.callee_text(appended) != "append"
            or values.named_children[0] == use
        ):
            return None
        use, values = appended, appended.parent
    stmt = values.parent if values is not None else None
    if (
        values is None
        or stmt is None
        or stmt.type != "assignment_statement"
        or values != stmt.child_by_field_name("right")
        or len(values.named_children) != 1
    ):
        return None
    lefts = gosyntax.field(stmt, "left").named_children
    target = lefts[0] if len(lefts) == 1 else None
    if target is not None and target.type == "index_expression":
        target = gosyntax.unparen(target.child_by_field_name("operand"))
    if target is None or target.type != "selector_expression":
        return None
    holder = gosyntax.unparen(target.child_by_field_name("operand"))
    if holder is None or holder.type != "identifier":
        return None
    kept = constructor.resolver.scopes.lookup(holder)
    if kept is None or kept.kind not in ("local", "receiver"):
        return None
    return gosyntax.text(gosyntax.field(target, "field"))


def _started_alongside(methods: tuple[str, ...], body: tree_sitter.Node) -> bool:
    """STOPPED_BY_A_SIBLING: the constructor itself runs one of the stopping methods in
    a goroutine (`go t.readLoop()` beside `go t.kexLoop()`, readLoop closing what
    kexLoop waits on): the stop comes from inside the object, when that goroutine ends,
    not from a call its user must make. Trade-off: a sibling that never ends leaves the
    goroutine running unreported (a goroutine of its own)."""
    for stmt in gosyntax.walk(body):
        if stmt.type != "go_statement" or not stmt.named_children:
            continue
        call = stmt.named_children[0]
        fn = (
            gosyntax.unparen(call.child_by_field_name("function"))
            if call.type == "call_expression"
            else None
        )
        field = (
            fn.child_by_field_name("field")
            if fn is not None and fn.type == "selector_expression"
            else None
        )
        if field is not None and gosyntax.text(field) in methods:
            return True
    return False
