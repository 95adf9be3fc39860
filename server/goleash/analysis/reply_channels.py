"""A reply channel sent with a request, whose requester can stop waiting for it.

The request-reply idiom of Go servers: a goroutine owns some state and serves
requests from a channel field; each request carries the channel to answer on.

    func (c *Cache) Get(ctx context.Context, key string) (string, error) {
        reply := make(chan string)
        c.gets <- request{key: key, reply: reply}
        select {
        case v := <-reply:
            return v, nil
        case <-ctx.Done():
            return "", ctx.Err()   // the server's `req.reply <- v` now blocks for good
        }
    }

The server answers with a plain send on the reply channel; once the requester has
given up, nobody will ever receive it, and the server, with every request queued
behind it, is stuck. The fix is a buffer of one on the reply channel, so the answer
always has somewhere to go.

Guards, each a trade-off:
- REPLY_HANDED_ONCE: the reply channel is unbuffered, made in the requester, and
  used there only to be sent with the request and received from: a reply channel
  also handed to a closure or a helper may be drained there.
- REPLY_FIELD_KEYED: a reply carried in a request struct is matched by the field
  name of a keyed literal (`request{key: k, reply: reply}`); positional literals,
  whose field order we do not resolve, are skipped.
- SERVED_BY_A_GOROUTINE: the request field is received in the package only by
  functions started with `go` that answer with a plain send (no `select`) on the
  request's reply: a server that selects on its send, or code we cannot see
  running, may not block.
- SUBMITTED_THROUGH_A_HELPER: the request may go out through a function of the
  package that sends its parameter on the request field as it is (`r.submit(request{
  answer: answer})` with `select { case r.inbox <- req: ... }`), followed one call deep.
- HANDLED_BY_A_CALLEE: the server may hand the request it received to a function of
  the package (`s.handle(req)`) that answers on the reply, or keeps the reply in a map
  field of pending replies (`s.pending[id] = req.answer`) that it, or the server, later
  takes out and sends on; any other function reading that map leaves it unjudged.
  Followed one call deep.
- GIVE_UP_CASE: only a path on which the requester leaves through another case of
  a `select` (a context, a timer) after its request went out is reported: an
  explicit choice to stop waiting, not an error path we may misread.
- SERVER_STOPPED: a give-up case receiving from a struct field (`case <-s.done:`)
  is the server's own stop signal: the server has stopped and will not answer.

The server may also park the request in a slice field and answer it later, from a
function it calls (PENDING_SLICE, see `_answered_from_a_waiting_list`).

The same reply may travel through a map of pending calls instead of a request
channel (PENDING_MAP): the requester stores it, `c.pending[id] = reply`, and a
goroutine reading responses takes it out again, `ch, ok := c.pending[id]`, and sends
the answer on it. A requester that gives up leaves that send blocked, and with it
every later response: removing the entry on the way out does not help, since the
reader may already hold it. The guards above hold for the map's readers as they do
for a request channel's receivers (an answer in a `select` can give up too; the
reader is a goroutine), and a requester that takes its entry out of the map when it
gives up is not judged (REMOVED_ON_GIVE_UP).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

import tree_sitter

from goleash import gosyntax
from goleash.analysis.functions import bound_params, param_var, started_goroutines
from goleash.analysis.liveness import Identity, Liveness, Partner, Summary, Verdict
from goleash.analysis.package import statements_spelled
from goleash.analysis.values import FieldRef

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.functions import Function, Functions, Start
    from goleash.analysis.scopes import Var
    from goleash.analysis.values import Resolver
    from goleash.source import SourceFile


# (the function holding the blocking answer, that answer, the `go` starting the server,
# the server's goroutine function).
_Server: TypeAlias = "tuple[Function, Event, Event, Function]"


@dataclass(frozen=True)
class AbandonedReply:
    verdict: Verdict  # the server's send of the reply, blocked for good
    case: tree_sitter.Node  # the requester's select case that stops waiting
    exit: tree_sitter.Node | None  # the requester's `return` after it


def abandoned_reply_channels(
    liveness: Liveness, makes: Iterable[tree_sitter.Node]
) -> list[AbandonedReply]:
    out: list[AbandonedReply] = []
    sends: dict[int, RequestSends] = {}  # id(requester) -> its request sends
    for make in makes:
        args = gosyntax.call_arguments(make)
        if len(args) != 1 or args[0].type != "channel_type":
            continue  # REPLY_HANDED_ONCE: a buffered reply always has room for the answer
        found = reply_handle(liveness, make)
        if found is None:
            continue
        requester, var, reply_field = found
        if id(requester) not in sends:
            sends[id(requester)] = RequestSends(requester, liveness.functions)
        handovers: list[tuple[CfgNode, dict[str, object], _Server | None]] = [
            (
                send_node,
                {"request": send, "request_field": request.field},
                _server(liveness, request.field, served_field),
            )
            for send_node, send, request, served_field in sends[id(requester)].of(var, reply_field)
        ]
        handovers += [
            (node, {"stored": store, "map_field": field}, _map_server(liveness, field, reply_field))
            for node, store, field in _map_stores(requester, var)
        ]
        for handover_node, detail, server in handovers:
            if server is None:
                continue
            server_func, answer, spawn, goroutine = server
            path = _give_up_path(requester, handover_node, var, reply_field) or _give_up_in_thunk(
                liveness, requester, var, reply_field
            )
            if path is None:
                continue
            case, exit_node = path
            field = detail.get("map_field")
            if isinstance(field, str) and _removes_entry(liveness, requester, case, field):
                continue
            birth_node = requester.cfg.node_of(make) if requester.cfg is not None else None
            assert birth_node is not None  # reply_handle found it
            shown = f"{var.name}.{reply_field}" if reply_field else var.name
            ident = Identity("chan", shown, var, requester, make, birth_node, field=reply_field)
            empty = Summary.uncounted()
            verdict = Verdict(
                "reply-channel-abandoned",
                ident,
                answer,
                server_func,
                Partner(spawn, goroutine, empty, "goroutine"),
                exit=exit_node,
                detail=detail,
            )
            out.append(AbandonedReply(verdict, case, exit_node.ast))
            break
    return out


def _map_stores(requester: Function, var: Var) -> list[tuple[CfgNode, tree_sitter.Node, str]]:
    """PENDING_MAP: (CFG node, assignment, map field) of each `x.pending[key] = var` of
    the requester."""
    cfg = requester.cfg
    body = requester.node.child_by_field_name("body")
    if cfg is None or body is None:
        return []
    uses = requester.resolver.scopes.uses
    occurrences = [
        n
        for n in var.occurrences
        if body.start_byte <= n.start_byte < body.end_byte and uses.get(n.start_byte) is var
    ]
    # Learnt in one walk down: climbing from each use of a deep function costs the
    # square of its depth (an `else if` chain of a thousand, each arm using `var`).
    up = gosyntax.Parents()
    up.learn(body, occurrences)
    out: list[tuple[CfgNode, tree_sitter.Node, str]] = []
    for n in occurrences:
        right, _child = gosyntax.parent_skipping_parens(n, up)
        # APPENDED_TO_AN_ENTRY: `x.waiters[key] = append(pending, ch)`, a per-key list of
        # replies: the appended value goes into the map like a plain store.
        if right is not None and right.type == "argument_list":
            call = up(right)
            if call is not None and gosyntax.callee_text(call) == "append":
                right = up(call)
        stmt = up(right) if right is not None and right.type == "expression_list" else None
        if (
            right is None
            or stmt is None
            or stmt.type != "assignment_statement"
            or len(right.named_children) != 1
        ):
            continue
        if (
            gosyntax.field(stmt, "operator").type != "="
            or stmt.child_by_field_name("right") != right
        ):
            continue
        left = stmt.child_by_field_name("left")
        target = (
            left.named_children[0] if left is not None and len(left.named_children) == 1 else None
        )
        field = gosyntax.indexed_field(target)
        node = cfg.node_of(stmt)
        if field is not None and node is not None:
            out.append((node, stmt, field))
    return out


def _removes_entry(
    liveness: Liveness, requester: Function, case: tree_sitter.Node, map_field: str
) -> bool:
    """REMOVED_ON_GIVE_UP: the give-up case takes its entry out of the map (`delete(
    c.pending, id)`, itself or through a function of the package it calls). A requester
    that does so under the reader's lock can tell whether the reader already holds its
    reply and wait for it then. Trade-off: one that only deletes still races a reader
    that took the entry just before; that race is not reported."""
    for call in gosyntax.walk(case):
        if call.type != "call_expression":
            continue
        if _deletes_from(call, map_field):
            return True
        callee = liveness.functions.callee(call, requester)
        body = callee.node.child_by_field_name("body") if callee is not None else None
        if body is not None and any(
            n.type == "call_expression" and _deletes_from(n, map_field) for n in gosyntax.walk(body)
        ):
            return True
    return False


def _deletes_from(call: tree_sitter.Node, map_field: str) -> bool:
    args = gosyntax.call_arguments(call)
    return (
        gosyntax.callee_text(call) == "delete"
        and bool(args)
        and gosyntax.selects_field(args[0], map_field)
    )


def _map_server(liveness: Liveness, map_field: str, reply_field: str | None) -> _Server | None:
    """PENDING_MAP with SERVED_BY_A_GOROUTINE: (the reader, its blocking answer, the `go`
    starting it) when every function taking a value out of the map field answers with a
    plain send on it, and one of them is started with `go`."""
    found: _Server | None = None
    # Keyed by place, not by id(): each lookup makes a new Node object, and the id of one
    # already freed may come back for another function.
    seen: set[tuple[str, int]] = set()
    for func_node, f in _map_readers(liveness, map_field):
        if func_node is None or (f.path, func_node.start_byte) in seen:
            continue
        seen.add((f.path, func_node.start_byte))
        reader = liveness.functions.get(func_node, f)
        if reader.cfg is None:
            return None
        answers = _map_answers(reader, map_field, reply_field)
        if answers is None:
            return None  # answered in a select: it can give up too
        if not answers or found is not None:
            continue
        start = started_by_go(liveness, reader)
        if start is not None:
            found = (reader, answers[0], start.spawn, reader)
    return found


def _map_answers(reader: Function, map_field: str, reply_field: str | None) -> list[Event] | None:
    """The reader's plain sends on a value it took out of the map field (`ch, ok :=
    x.pending[id]`, `for _, ch := range x.pending`); None when one is in a `select`."""
    assert reader.cfg is not None  # _map_server checked it
    taken: list[Var] = []
    body = reader.node.child_by_field_name("body")
    for n in gosyntax.walk(body, skip_functions=False) if body is not None else ():
        name: tree_sitter.Node | None = None
        if n.type == "range_clause" and gosyntax.selects_field(
            n.child_by_field_name("right"), map_field
        ):
            left = n.child_by_field_name("left")
            names = left.named_children if left is not None else []
            name = names[1] if len(names) == 2 else None
        elif n.type in ("short_var_declaration", "assignment_statement"):
            right = n.child_by_field_name("right")
            values = right.named_children if right is not None else []
            if len(values) == 1 and gosyntax.indexed_field(values[0]) == map_field:
                left = n.child_by_field_name("left")
                name = left.named_children[0] if left is not None and left.named_children else None
        if name is not None and name.type == "index_expression":
            # `waiters[i] = l.waiters[k]`: the list lands in an element of a local.
            name = gosyntax.unparen(name.child_by_field_name("operand"))
        if name is not None and name.type == "identifier":
            var = reader.resolver.scopes.lookup(name)
            if var is not None:
                taken.append(var)
    taken += _ranged_elements(reader, body, taken)
    answers: list[Event] = []
    for var in taken:
        for ev in reader.cfg.nodes_events():
            if ev.kind != "send":
                continue
            if refers_to(ev.node.child_by_field_name("channel"), var, reply_field, reader.resolver):
                if ev.case is not None:
                    return None
                answers.append(ev)
    return answers


def _ranged_elements(
    reader: Function, body: tree_sitter.Node | None, lists: list[Var]
) -> list[Var]:
    """APPENDED_TO_AN_ENTRY, on the reader's side: the values of a `for _, ch := range
    list` (or `range lists[i]`) over a list taken out of the map, each a reply to answer."""
    out: list[Var] = []
    if body is None or not lists:
        return out
    for clause in gosyntax.descendants(body, "range_clause"):
        right = gosyntax.unparen(clause.child_by_field_name("right"))
        while right is not None and right.type == "index_expression":
            right = gosyntax.unparen(right.child_by_field_name("operand"))
        if right is None or right.type != "identifier":
            continue
        if reader.resolver.scopes.lookup(right) not in lists:
            continue
        left = clause.child_by_field_name("left")
        names = left.named_children if left is not None else []
        value = names[1] if len(names) == 2 else None
        var = reader.resolver.scopes.lookup(value) if value is not None else None
        if var is not None:
            out.append(var)
    return out


def reply_handle(
    liveness: Liveness, make: tree_sitter.Node
) -> tuple[Function, Var, str | None] | None:
    """(requester, variable, reply field or None): `reply := make(chan T)`, or
    `req := request{..., reply: make(chan T)}` (REPLY_FIELD_KEYED)."""
    func = liveness.functions.enclosing(make, liveness.file)
    if func is None or func.cfg is None or func.cfg.node_of(make) is None:
        return None
    parent, child = gosyntax.parent_skipping_parens(make)
    if parent is not None and parent.type == "expression_list":
        var = _declared_alone(func, make)
        return (func, var, None) if var is not None else None
    found = gosyntax.keyed_in_literal(child)
    if found is None:
        return None
    key_id, _literal, whole = found
    var = _declared_alone(func, whole)
    return (func, var, gosyntax.text(key_id)) if var is not None else None


def _declared_alone(func: Function, value: tree_sitter.Node) -> Var | None:
    """The variable `v := value` declares, when it is the statement's one name and a
    local of `func` assigned only there."""
    list_, _c = gosyntax.parent_skipping_parens(value)
    stmt = list_.parent if list_ is not None and list_.type == "expression_list" else None
    if stmt is None or stmt.type != "short_var_declaration":
        return None
    left = gosyntax.field(stmt, "left").named_children
    if len(left) != 1:
        return None
    var = func.resolver.scopes.lookup(left[0])
    return var if var is not None and _local_once(var, func) else None


def _local_once(var: Var | None, func: Function) -> bool:
    return (
        var is not None
        and var.kind == "local"
        and var.func == func.node
        and len(var.assignments) == 1
    )


def refers_to(
    expr: tree_sitter.Node | None, var: Var, reply_field: str | None, resolver: Resolver
) -> bool:
    """Is `expr` the reply channel: `reply`, or `req.reply`?"""
    expr = gosyntax.unparen(expr)
    if expr is None:
        return False
    if reply_field is None:
        return expr.type == "identifier" and resolver.scopes.lookup(expr) is var
    if expr.type != "selector_expression":
        return False
    base = gosyntax.unparen(expr.child_by_field_name("operand"))
    fld = expr.child_by_field_name("field")
    return (
        base is not None
        and base.type == "identifier"
        and fld is not None
        and gosyntax.text(fld) == reply_field
        and resolver.scopes.lookup(base) is var
    )


class RequestSends:
    """The sends of one requester on a channel field of the package, indexed by the
    variable each may carry, so that each reply channel of a function with many finds its
    own in one look-up instead of reading every event of the function again (quadratic
    in the channels of one function)."""

    def __init__(self, requester: Function, functions: Functions) -> None:
        # Kept, with its resolver's variables, so that the ids below stay theirs.
        self.requester = requester
        resolver = requester.resolver
        assert requester.cfg is not None  # reply_handle found the make in it
        # id(var) -> [(order, CFG node, send event, request field)]; a send whose value is
        # the variable itself carries no field
        self.direct: dict[int, list[tuple[int, CfgNode, Event, FieldRef]]] = {}
        # id(var) -> [(order, CFG node, send event, request field, carried field)]
        self.carried: dict[int, list[tuple[int, CfgNode, Event, FieldRef, str]]] = {}
        order = 0
        for node in requester.cfg.nodes:
            for ev in node.events:
                handed: list[tuple[tree_sitter.Node | None, FieldRef]] = (
                    list(_handed_to_a_sender(functions, requester, ev))
                    if ev.kind == "call" and ev.call is not None
                    else []
                )
                if ev.kind == "send" and isinstance(ev.ref, FieldRef) and not ev.ref.exported:
                    handed = [(ev.node.child_by_field_name("value"), ev.ref)]
                for value, ref in handed:
                    order += 1
                    inner = gosyntax.unparen(value)
                    if inner is not None and inner.type == "identifier":
                        var = resolver.scopes.lookup(inner)
                        if var is not None:
                            self.direct.setdefault(id(var), []).append((order, node, ev, ref))
                            continue  # the value is a variable, not a request literal
                    for var, carried in _carried_fields(value, resolver):
                        self.carried.setdefault(id(var), []).append((order, node, ev, ref, carried))

    def of(
        self, var: Var, reply_field: str | None
    ) -> Iterator[tuple[CfgNode, Event, FieldRef, str | None]]:
        """(CFG node, send event, request field ref, the server's view of the reply) for
        each send of the request, in the order of the function's control-flow graph."""
        direct = self.direct.get(id(var), [])
        if reply_field is not None:
            for _order, node, ev, ref in direct:
                yield node, ev, ref, reply_field
            return
        found: list[tuple[int, CfgNode, Event, FieldRef, str | None]] = [
            (order, node, ev, ref, None) for order, node, ev, ref in direct
        ]
        found += self.carried.get(id(var), [])
        found.sort(key=lambda f: f[0])
        for _order, node, ev, ref, carried in found:
            yield node, ev, ref, carried


def _handed_to_a_sender(
    functions: Functions, requester: Function, ev: Event
) -> list[tuple[tree_sitter.Node, FieldRef]]:
    """SUBMITTED_THROUGH_A_HELPER: (argument, request field) for each argument of the call
    that the called function of the package sends on an unexported channel field as it
    is (`func (r *room) submit(req request) error { select { case r.inbox <- req: ...`),
    so that `r.submit(request{answer: answer})` sends the request as `r.inbox <- ...`
    would. Followed one call deep."""
    assert ev.call is not None  # the caller checked it
    args = gosyntax.call_arguments(ev.call)
    if not args or not any(
        a.type in ("composite_literal", "unary_expression", "identifier") for a in args
    ):
        return []
    callee = functions.callee(ev.call, requester)
    if callee is None or callee.cfg is None or callee.node == requester.node:
        return []
    out: list[tuple[tree_sitter.Node, FieldRef]] = []
    for index, arg in enumerate(args):
        param = param_var(callee, index)
        if param is None:
            continue
        for send in callee.cfg.nodes_events():
            if send.kind != "send" or not isinstance(send.ref, FieldRef) or send.ref.exported:
                continue
            value = gosyntax.unparen(send.node.child_by_field_name("value"))
            if (
                value is not None
                and value.type == "identifier"
                and callee.resolver.scopes.lookup(value) is param
            ):
                out.append((arg, send.ref))
                break
    return out


def _carried_fields(value: tree_sitter.Node | None, resolver: Resolver) -> list[tuple[Var, str]]:
    """(variable, field) for each variable a keyed request literal (`request{reply:
    reply}`, `&request{...}`) carries, with the first field naming it: the name the
    server answers on."""
    value = gosyntax.unparen(value)
    if value is not None and value.type == "unary_expression":
        value = gosyntax.unparen(value.child_by_field_name("operand"))
    if value is None or value.type != "composite_literal":
        return []
    body = value.child_by_field_name("body")
    out: list[tuple[Var, str]] = []
    seen: set[int] = set()
    for element in body.named_children if body is not None else ():
        if element.type != "keyed_element":
            continue
        key, val = element.child_by_field_name("key"), element.child_by_field_name("value")
        inner = val.named_children[0] if val is not None and val.named_children else None
        key_id = key.named_children[0] if key is not None and key.named_children else None
        if key_id is None or inner is None or inner.type != "identifier":
            continue
        var = resolver.scopes.lookup(inner)
        if var is not None and id(var) not in seen:
            seen.add(id(var))
            out.append((var, gosyntax.text(key_id)))
    return out


def _server(liveness: Liveness, request_field: str, reply_field: str | None) -> _Server | None:
    """SERVED_BY_A_GOROUTINE: (the function holding the blocking answer, that answer, the
    `go` that starts the server, the server) when every receiver of the request field in
    the package is a goroutine answering with a plain send on the request's reply, itself
    or in a function it hands the request to (HANDLED_BY_A_CALLEE)."""
    servers: list[Function] = []
    for server in request_receivers(liveness, request_field):
        if server is None:
            return None
        if all(s.node != server.node for s in servers):
            servers.append(server)
    if len(servers) != 1 or servers[0].cfg is None:
        return None
    server = servers[0]
    assert server.cfg is not None  # checked above
    answers: list[Event] = []
    holder = server
    for var in request_vars(server, request_field):
        for node in server.cfg.nodes:
            for ev in node.events:
                if ev.kind != "send":
                    continue
                channel = ev.node.child_by_field_name("channel")
                if refers_to(channel, var, reply_field, server.resolver):
                    if ev.case is not None:
                        return None  # answered in a select: it can give up too
                    answers.append(ev)
        if not answers:
            handled = _answered_by_a_callee(liveness, server, var, reply_field)
            if handled is None:
                handled = _answered_from_a_waiting_list(liveness, server, var, reply_field)
            if handled is _GIVES_UP:
                return None
            if isinstance(handled, tuple):
                holder, answer = handled
                answers.append(answer)
    if not answers:
        return None
    start = started_by_go(liveness, server)
    if start is None:
        return None
    return holder, answers[0], start.spawn, server


# `_answered_by_a_callee`'s answer for a callee that answers in a `select`.
_GIVES_UP = object()


def _answered_by_a_callee(
    liveness: Liveness, server: Function, var: Var, reply_field: str | None
) -> tuple[Function, Event] | object | None:
    """HANDLED_BY_A_CALLEE: (the function, its plain send of the reply) when the server
    hands the request it received to a function of the package (`s.handle(req)`) that
    answers on the reply, or keeps the reply in a map field of pending replies
    (`s.pending[id] = req.answer`) whose taker sends on it; the taker must be that
    function or the server itself, so the answer comes from the server's goroutine.
    _GIVES_UP when one of them answers in a `select`. Followed one call deep."""
    assert server.cfg is not None  # _server checked it
    for ev in server.cfg.nodes_events():
        if ev.kind != "call" or ev.call is None:
            continue
        callee = liveness.functions.callee(ev.call, server)
        if callee is None or callee.cfg is None or callee.node == server.node:
            continue
        for param in bound_params(ev.call, callee, server, [var]):
            answers: list[tuple[Function, Event]] = []
            for send in callee.cfg.nodes_events():
                channel = send.node.child_by_field_name("channel")
                if send.kind == "send" and refers_to(channel, param, reply_field, callee.resolver):
                    if send.case is not None:
                        return _GIVES_UP
                    answers.append((callee, send))
            for map_field in _pending_maps(callee, param, reply_field):
                for taker in (callee, server):
                    taken = _map_answers(taker, map_field, None)
                    if taken is None:
                        return _GIVES_UP
                    answers += [(taker, a) for a in taken]
                if _taken_elsewhere(liveness, map_field, (callee, server)):
                    return None
            if answers:
                return answers[0]
    return None


# How deep the server's calls are followed for a waiting list's answer (PENDING_SLICE).
_WAITING_LIST_DEPTH = 2


def _answered_from_a_waiting_list(
    liveness: Liveness, server: Function, var: Var, reply_field: str | None
) -> tuple[Function, Event] | object | None:
    """PENDING_SLICE: the server parks the request it received in a slice field
    (`l.waiting = append(l.waiting, t)`), and a function it runs, itself or one it calls
    up to _WAITING_LIST_DEPTH deep, later answers each parked request with a plain send
    (`for _, t := range group { t.result <- m }`, `group` taken from `l.waiting`). The
    range is matched by text: over the field itself, a slice of it, or a local or
    parameter bound to one. _GIVES_UP when that answer is in a `select`; None when a
    function outside the server's calls reads the list (who answers is not followed).
    Trade-off: a requester answered before it gives up (a list served at once) is
    reported all the same when it can give up while parked."""
    if reply_field is None:
        return None
    lists = _waiting_lists(server, var)
    if not lists:
        return None
    reached = _called_from(liveness, server, _WAITING_LIST_DEPTH)
    field = lists[0]
    for func_node, _f in _list_readers(liveness, field):
        if func_node is None or all(f.node != func_node for f in reached):
            return None
    for func in reached:
        if func.cfg is None:
            continue
        for ev in func.cfg.nodes_events():
            if ev.kind != "send":
                continue
            channel = gosyntax.unparen(ev.node.child_by_field_name("channel"))
            if channel is None or channel.type != "selector_expression":
                continue
            if gosyntax.text(gosyntax.field(channel, "field")) != reply_field:
                continue
            holder = gosyntax.unparen(channel.child_by_field_name("operand"))
            if holder is None or holder.type != "identifier":
                continue
            if not _ranged_from_the_list(holder, func, field, reached):
                continue
            if ev.case is not None:
                return _GIVES_UP
            return func, ev
    return None


def _waiting_lists(server: Function, var: Var) -> list[str]:
    """The slice fields the server appends the request to: `x.field = append(x.field, r)`."""
    out: list[str] = []
    body = server.node.child_by_field_name("body")
    for stmt in gosyntax.walk(body) if body is not None else ():
        if stmt.type != "assignment_statement":
            continue
        left = gosyntax.field(stmt, "left").named_children
        right = gosyntax.field(stmt, "right").named_children
        if len(left) != 1 or len(right) != 1 or right[0].type != "call_expression":
            continue
        if gosyntax.callee_text(right[0]) != "append" or left[0].type != "selector_expression":
            continue
        field = gosyntax.text(gosyntax.field(left[0], "field"))
        args = gosyntax.call_arguments(right[0])
        if len(args) >= 2 and any(
            (a := gosyntax.unparen(x)) is not None
            and a.type == "identifier"
            and server.resolver.scopes.lookup(a) is var
            for x in args[1:]
        ):
            out.append(field)
    return out


def _called_from(liveness: Liveness, server: Function, depth: int) -> list[Function]:
    """The server and the functions of the package it calls, `depth` calls deep."""
    found = [server]
    frontier = [server]
    for _ in range(depth):
        nxt: list[Function] = []
        for func in frontier:
            if func.cfg is None:
                continue
            for ev in func.cfg.nodes_events():
                if ev.kind != "call" or ev.call is None:
                    continue
                callee = liveness.functions.callee(ev.call, func)
                if callee is not None and all(f.node != callee.node for f in found):
                    found.append(callee)
                    nxt.append(callee)
        frontier = nxt
    return found


def _list_readers(
    liveness: Liveness, field: str
) -> Iterator[tuple[tree_sitter.Node | None, SourceFile]]:
    """(the declaration around it, or None; its file) for each read of the slice field in
    the package: a range over it, an index or slice of it, a `len` aside. A function
    literal counts as part of its declaration (`sort.Slice(l.waiting, func(i, j int)
    bool { ... })` reads in place); one run by another goroutine is not told apart."""
    for node, f in _matches_in_package(liveness, _indexed_or_ranged(field)):
        top = gosyntax.top_level(node) if node is not None else None
        declared = top is not None and top.type in ("function_declaration", "method_declaration")
        yield (top if declared else None), f


def _matches_in_package(
    liveness: Liveness, pattern: re.Pattern[bytes]
) -> Iterator[tuple[tree_sitter.Node | None, SourceFile]]:
    """(the node where each match of `pattern` starts, its file) across the package."""
    for f in liveness.package.files:
        for m in pattern.finditer(f.data):
            yield f.root.descendant_for_byte_range(m.start(), m.start() + 1), f


def _ranged_from_the_list(
    holder: tree_sitter.Node, func: Function, field: str, reached: list[Function]
) -> bool:
    """Is `holder` the value of a range over the waiting list: over `x.field`, a slice of
    it, or a local or parameter bound to one (at a call from the server's functions)?"""
    var = func.resolver.scopes.lookup(holder)
    if var is None:
        return False
    clause = var.ident.parent.parent if var.ident.parent is not None else None
    if clause is None or clause.type != "range_clause":
        return False
    return _from_the_list(clause.child_by_field_name("right"), func, field, reached, 2)


def _from_the_list(
    expr: tree_sitter.Node | None, func: Function, field: str, reached: list[Function], hops: int
) -> bool:
    expr = gosyntax.unparen(expr)
    if expr is None:
        return False
    if any(
        n.type == "selector_expression" and gosyntax.text(gosyntax.field(n, "field")) == field
        for n in [expr, *gosyntax.walk(expr)]
    ):
        return True
    if expr.type != "identifier" or hops == 0:
        return False
    var = func.resolver.scopes.lookup(expr)
    if var is None:
        return False
    if var.kind == "param":
        index = next(
            (i for i, (name, _t) in enumerate(gosyntax.parameters(func.node)) if name == var.name),
            None,
        )
        name = gosyntax.function_name(func.node)
        if index is None or name is None:
            return False
        for caller in reached:
            for ev in caller.cfg.nodes_events() if caller.cfg is not None else ():
                if ev.kind != "call" or ev.call is None:
                    continue
                if gosyntax.called_expression_text(ev.call).rsplit(".", 1)[-1] != name:
                    continue
                args = gosyntax.call_arguments(ev.call)
                if index < len(args) and _from_the_list(
                    args[index], caller, field, reached, hops - 1
                ):
                    return True
        return False
    return any(
        value is not None and _from_the_list(value, func, field, reached, hops - 1)
        for _stmt, value, _index in var.assignments
    )


def _pending_maps(func: Function, param: Var, reply_field: str | None) -> list[str]:
    """The map fields `func` keeps the request's reply in: `x.pending[id] = req.answer`."""
    out: list[str] = []
    body = func.node.child_by_field_name("body")
    for stmt in gosyntax.walk(body) if body is not None else ():
        if stmt.type != "assignment_statement" or gosyntax.field(stmt, "operator").type != "=":
            continue
        left = gosyntax.field(stmt, "left").named_children
        right = gosyntax.field(stmt, "right").named_children
        if len(left) != 1 or len(right) != 1:
            continue
        field = gosyntax.indexed_field(left[0])
        if field is not None and refers_to(right[0], param, reply_field, func.resolver):
            out.append(field)
    return out


def _taken_elsewhere(liveness: Liveness, map_field: str, takers: tuple[Function, ...]) -> bool:
    """Does a function other than `takers` read the map field (`x.pending[id]`, a range
    over it)? Then who answers, and how, is not followed."""
    return any(
        func_node is None or all(t.node != func_node for t in takers)
        for func_node, _f in _map_readers(liveness, map_field)
    )


def _map_readers(
    liveness: Liveness, map_field: str
) -> Iterator[tuple[tree_sitter.Node | None, SourceFile]]:
    """(the function around it, or None; its file) for each read of the map field in
    the package: `x.pending[id]`, a range over `x.pending`."""
    for node, f in _matches_in_package(liveness, _indexed_or_ranged(map_field)):
        yield (gosyntax.enclosing_function(node) if node is not None else None), f


def _indexed_or_ranged(field: str) -> re.Pattern[bytes]:
    """`x.field[...]` or `range x.field`, by text."""
    name = re.escape(field.encode())
    return re.compile(rb"\." + name + rb"\s*\[|range\s+[\w.]*\." + name + rb"\b")


def request_receivers(liveness: Liveness, request_field: str) -> Iterator[Function | None]:
    """The function around each receive from the request field in the package (`<-x.reqs`,
    `range x.reqs`), in the order met; None for one outside any function."""
    receives = re.compile(
        rb"<-\s*[\w.]*\."
        + re.escape(request_field.encode())
        + rb"\b|range\s+[\w.]*\."
        + re.escape(request_field.encode())
        + rb"\b"
    )
    for node, f in _matches_in_package(liveness, receives):
        func_node = gosyntax.enclosing_function(node) if node is not None else None
        yield liveness.functions.get(func_node, f) if func_node is not None else None


def request_vars(server: Function, request_field: str) -> list[Var]:
    """The server's variables holding a request it took from the field."""
    out: list[Var] = []
    assert server.cfg is not None  # _server checked it
    for node in server.cfg.nodes:
        for ev in node.events:
            if (
                ev.kind not in ("recv", "range")
                or not isinstance(ev.ref, FieldRef)
                or ev.ref.field != request_field
            ):
                continue
            if ev.kind == "range":
                clause = next((c for c in ev.node.named_children if c.type == "range_clause"), None)
                left = clause.child_by_field_name("left") if clause is not None else None
                names = left.named_children if left is not None else []
            else:
                stmt = ev.node.parent
                while stmt is not None and stmt.type in (
                    "parenthesized_expression",
                    "expression_list",
                ):
                    stmt = stmt.parent
                if stmt is None or stmt.type not in (
                    "receive_statement",
                    "short_var_declaration",
                    "assignment_statement",
                    "var_spec",
                ):
                    continue
                left = stmt.child_by_field_name("left") or stmt.child_by_field_name("name")
                names = (
                    left.named_children
                    if left is not None and left.type == "expression_list"
                    else ([left] if left is not None else [])
                )
            if names and names[0].type == "identifier":
                var = server.resolver.scopes.lookup(names[0])
                if var is not None:
                    out.append(var)
    return out


def started_by_go(liveness: Liveness, server: Function) -> Start | None:
    """The `go` statement starting the server (with its starter and spawn event): its own
    literal's, or a `go x.name(...)` of the package."""
    node = server.node
    if node.type == "func_literal":
        call = node.parent
        stmt = call.parent if call is not None else None
        return (
            _start(liveness, stmt, server.file)
            if stmt is not None and stmt.type == "go_statement"
            else None
        )
    name = gosyntax.function_name(node)
    if not name:
        return None
    starts = re.compile(rb"\bgo\s+(?:[\w.]+\.)?" + re.escape(name.encode()) + rb"\(")
    for found, f in statements_spelled(liveness.package, starts, "go_statement"):
        start = _start(liveness, found, f)
        if start is not None:
            return start
    return None


def _start(liveness: Liveness, stmt: tree_sitter.Node, file: SourceFile) -> Start | None:
    return next(started_goroutines(liveness.functions, file, [stmt]), None)


def _give_up_in_thunk(
    liveness: Liveness, requester: Function, var: Var, reply_field: str | None
) -> tuple[tree_sitter.Node, CfgNode] | None:
    """THUNK: the requester hands back a function that waits for the reply (`return
    func(ctx context.Context) (V, error) { select { case r := <-ch: ... case
    <-ctx.Done(): return ... } }`): its give-up path, from its start, is the requester's.
    Trade-off: a thunk never called leaves the answer blocked too, and is not reported."""
    body = requester.node.child_by_field_name("body")
    for ret in gosyntax.descendants(body, "return_statement") if body is not None else ():
        values = ret.named_children[0].named_children if ret.named_children else []
        if len(values) != 1 or values[0].type != "func_literal":
            continue
        thunk = liveness.functions.get(values[0], requester.file)
        if thunk.cfg is None:
            continue
        path = _give_up_path(thunk, thunk.cfg.entry, var, reply_field, requester)
        if path is not None:
            return path
    return None


def _give_up_path(
    requester: Function,
    send_node: CfgNode,
    var: Var,
    reply_field: str | None,
    handed_in: Function | None = None,
) -> tuple[tree_sitter.Node, CfgNode] | None:
    """GIVE_UP_CASE: (the select case, the `return`) of a path from the request's send to
    a return of the requester that never receives the reply and leaves through
    another case of a select. `handed_in`: the function that made and handed the reply,
    when the wait is in a thunk it returns (REPLY_HANDED_ONCE is judged there)."""
    resolver = requester.resolver
    cfg = requester.cfg
    assert cfg is not None  # reply_handle found the make in it
    receiving: set[int] = set()
    received = 0
    for node in cfg.nodes:
        for ev in node.events:
            if ev.kind in ("recv", "range") and refers_to(_operand(ev), var, reply_field, resolver):
                receiving.add(id(node))
                received += 1
    if not received or not only_handed_and_received(
        handed_in or requester, var, reply_field, received
    ):
        return None
    before: dict[int, CfgNode | None] = {id(send_node): None}
    queue = [send_node]
    while queue:
        n = queue.pop(0)
        if n.kind == "return" and n is not send_node:
            case = _case_on_path(n, before, send_node)
            if case is not None:
                return case, n
            continue
        for s in n.succ:
            if id(s) not in before and id(s) not in receiving:
                before[id(s)] = n
                queue.append(s)
    return None


def _case_on_path(
    end: CfgNode, before: dict[int, CfgNode | None], start: CfgNode
) -> tree_sitter.Node | None:
    n: CfgNode | None = end
    while n is not None and n is not start:
        if n.kind == "case" and n.ast is not None and n.ast.type == "communication_case":
            if any(isinstance(ev.ref, FieldRef) for ev in n.events if ev.kind == "recv"):
                return (
                    None  # SERVER_STOPPED: `case <-s.done:`, the server is gone and sends nothing
                )
            return n.ast
        n = before.get(id(n))
    return None


def _operand(ev: Event) -> tree_sitter.Node | None:
    n = ev.node
    if ev.kind == "recv":
        return n.child_by_field_name("operand")
    for c in n.named_children:
        if c.type == "range_clause":
            return c.child_by_field_name("right")
    return None


def only_handed_and_received(
    requester: Function, var: Var, reply_field: str | None, received: int
) -> bool:
    """REPLY_HANDED_ONCE: every use of the variable in the requester is its declaration,
    the request send, or one of the `received` receives the control-flow graph holds (a
    use in a closure or a call may drain it elsewhere)."""
    body = requester.node.child_by_field_name("body")
    if body is None:
        return False
    uses = [n for n in var.occurrences if body.start_byte <= n.start_byte < body.end_byte]
    # declaration + one send + the receives; a request struct also reads `req.reply`
    return len(uses) <= 2 + received
