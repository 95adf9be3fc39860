"""A request its server drops on some path, while the requester waits for the answer.

The request-reply idiom of Go servers, seen from the requester's side: a goroutine of
the package serves requests from a channel field, and each request carries the
channel to answer on. The requester sends its request and waits for the answer, with
no other way out. When the server (or the function it hands the request to) returns
or goes on to the next request without answering, the requester waits for good:

    func (l *Loader) Load(id string) (User, error) {
        req := request{id: id, reply: make(chan result, 1)}
        l.reqs <- req
        r := <-req.reply              // blocks for good when the batch is dropped
        return r.user, r.err
    }

    func (l *Loader) dispatch(batch []request) {
        found, err := l.fetch(ids(batch))
        if err != nil {
            return                    // nobody in the batch gets an answer
        }
        for _, r := range batch {
            r.reply <- result{user: found[r.id]}
        }
    }

The fix is on the server's side: answer on the path that forgot (with the error), or
close the reply channel so the requester wakes up.

Guards, each a trade-off:
- WAITS_WITHOUT_ESCAPE: the requester receives the answer in a plain receive (no
  `select`): a requester that can also leave on a context or a timer chose how long
  it waits.
- REPLY_HANDED_ONCE: the reply channel is used in the requester only to be sent with
  the request and received from (a use elsewhere may answer it).
- PRIVATE_QUEUE: the request goes out on an unexported channel field of the package,
  and a reply carried in a request struct sits in an unexported field: only the
  package's code serves it, and we read all of that code.
- SERVED_BY_A_GOROUTINE: every function that receives from the request field is
  started with `go`; the function dropping the request is one of them or a function
  one of them calls (or starts) with the request or a batch of requests.
- ANSWERS_ELSEWHERE: the dropping function answers the request (or each request of
  the batch, in a `range` over it) on another path: it is the request's server, and
  the path without an answer is a choice it made.
- HANDOFF_ENDS_THE_TRAIL: a request passed to a call, stored, sent, appended,
  returned or captured by a closure counts as answered from there on: code we do not
  follow may answer it. So does a `select` that tries to answer.
- DROP_JUDGES_REQUEST: a path through a condition that reads the request (`if
  req.ctx.Err() != nil`, `if len(batch) == 0`) is not followed: the server may know
  that the requester left, or that there is nobody to answer.
- NO_REQUEST_WHEN_CLOSED: the arm of `if !ok` (or `if ok`) on the `ok` received with
  the request (`req, ok := <-s.reqs`) where the channel was closed carries no request.
- ASSIGNED_IS_NOT_DECLARED: a request received into a variable declared elsewhere
  (`req = <-s.reqs`) is not followed: when it dies is not its scope's end.
- FLAG_CARRIED_ALONG_THE_PATH (`carried_flags`): a boolean local the server sets and
  tests (`resync = true; break` ... `if resync { answer }`) keeps its value along the
  path, so an arm the value rules out is not taken.
- A path that ends the process or a failing test is not a drop.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.carried_flags import CarriedFlags, FlagValues, carried_flags
from goleash.analysis.cfg import NORMAL_EXITS
from goleash.analysis.identities import capacity
from goleash.analysis.liveness import Identity, Partner, Summary, Verdict
from goleash.analysis.reply_channels import (
    RequestSends,
    only_handed_and_received,
    refers_to,
    reply_handle,
    request_receivers,
    request_vars,
    started_by_go,
)
from goleash.analysis.values import FieldRef, base_type_name

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.functions import Function
    from goleash.analysis.liveness import Liveness
    from goleash.analysis.scopes import Var
    from goleash.source import SourceFile

# What one use of a request variable does with the request.
ANSWER, HANDOFF, NEUTRAL, REBIND, RANGE = "answer", "handoff", "neutral", "rebind", "range"

# Calls that read a collection of requests without taking any of them.
_READS_ONLY = frozenset({"len", "cap"})


@dataclass(frozen=True)
class Drop:
    """A path of a server function that drops a request without answering it."""

    func: Function  # the function that drops it
    exit: CfgNode  # the `return`, the end of the function, or the jump to the next request
    kind: str  # "return", "end", "continue", "next-iteration"
    via: Event  # the `go` (or call) that runs `func` with the request
    via_file: SourceFile  # the file holding `via`
    request: Var  # the dropped request (or batch of requests) in `func`
    answer: tree_sitter.Node  # how `func` answers on another path: a send or a `close` call
    batch: bool  # `request` is a batch, answered element by element in a `range`


def unanswered_request_verdicts(
    liveness: Liveness, makes: Iterable[tree_sitter.Node]
) -> list[Verdict]:
    """Verdicts "request-dropped": the requester's wait for an answer its server can
    drop."""
    out: list[Verdict] = []
    sends: dict[int, RequestSends] = {}
    for make in makes:
        found = reply_handle(liveness, make)
        if found is None:
            continue
        requester, var, reply_field = found
        if reply_field is not None and not _private(reply_field):
            continue  # PRIVATE_QUEUE
        if id(requester) not in sends:
            sends[id(requester)] = RequestSends(requester, liveness.functions)
        for send_node, send, request, served in sends[id(requester)].of(var, reply_field):
            if served is not None and not _private(served):
                continue  # PRIVATE_QUEUE
            wait = _plain_wait(requester, send_node, var, reply_field)
            if wait is None:
                continue
            request_type = _request_type(requester, send, var, reply_field)
            drop = _dropping_server(liveness, request.field, served, request_type)
            if drop is None:
                continue
            birth_node = requester.cfg.node_of(make) if requester.cfg is not None else None
            assert birth_node is not None  # reply_handle found it
            shown = f"{var.name}.{reply_field}" if reply_field else var.name
            ident = Identity("chan", shown, var, requester, make, birth_node, field=reply_field)
            ident.capacity, ident.capacity_known = capacity(make, liveness, requester)
            out.append(
                Verdict(
                    "request-dropped",
                    ident,
                    wait,
                    requester,
                    Partner(drop.via, drop.func, Summary.uncounted(), "goroutine"),
                    exit=drop.exit,
                    detail={
                        "request": send,
                        "drop": drop.kind,
                        "via_file": drop.via_file,
                        "answer": _answer_facts(liveness, drop, served, request, request_type),
                    },
                )
            )
            break
    return out


def _private(name: str) -> bool:
    return not name[:1].isupper()


def _plain_wait(
    requester: Function, send_node: CfgNode, var: Var, reply_field: str | None
) -> Event | None:
    """WAITS_WITHOUT_ESCAPE and REPLY_HANDED_ONCE: the requester's one receive of the
    answer, outside any `select`, after the request went out."""
    from goleash.analysis.cfg import reaches

    cfg = requester.cfg
    assert cfg is not None  # reply_handle found the make in it
    waits: list[tuple[CfgNode, Event]] = []
    for node in cfg.nodes:
        for ev in node.events:
            if ev.kind in ("recv", "range") and refers_to(
                _operand(ev), var, reply_field, requester.resolver
            ):
                waits.append((node, ev))
    if len(waits) != 1:
        return None
    node, ev = waits[0]
    if ev.kind != "recv" or ev.case is not None or not reaches(send_node, node):
        return None
    if reply_field is None:
        return ev if only_handed_and_received(requester, var, reply_field, 1) else None
    return ev if _request_handed_once(requester, var, reply_field, ev) else None


def _request_handed_once(requester: Function, var: Var, reply_field: str, wait: Event) -> bool:
    """REPLY_HANDED_ONCE for a request struct that carries its reply: besides its
    declaration, its send and the wait, the requester only reads or sets the request's
    other fields (`l.city` once answered); it never hands the request or its reply
    channel anywhere else."""
    body = requester.node.child_by_field_name("body")
    if body is None:
        return False
    sends = 0
    for occ in var.occurrences:
        if occ == var.ident or not body.start_byte <= occ.start_byte < body.end_byte:
            continue
        if wait.node.start_byte <= occ.start_byte < wait.node.end_byte:
            continue
        parent, child = gosyntax.parent_skipping_parens(occ)
        if parent is not None and parent.type == "send_statement":
            sends += 1
            continue
        if (
            parent is not None
            and parent.type == "selector_expression"
            and parent.child_by_field_name("operand") == child
            and gosyntax.text(gosyntax.field(parent, "field")) != reply_field
        ):
            outer, _sel = gosyntax.parent_skipping_parens(parent)
            if outer is None or outer.type != "call_expression":
                continue  # reads or sets another field
        return False
    return sends == 1


def _operand(ev: Event) -> tree_sitter.Node | None:
    if ev.kind == "recv":
        return ev.node.child_by_field_name("operand")
    clause = next((c for c in ev.node.named_children if c.type == "range_clause"), None)
    return clause.child_by_field_name("right") if clause is not None else None


def _request_type(
    requester: Function, send: Event, var: Var, reply_field: str | None
) -> str | None:
    """The named type of the request: the variable's when it holds the request, else
    the literal's the send carries the reply in."""
    if reply_field is not None:
        return requester.resolver.var_type(var)
    value = gosyntax.unparen(send.node.child_by_field_name("value"))
    if value is not None and value.type == "unary_expression":
        value = gosyntax.unparen(value.child_by_field_name("operand"))
    if value is not None and value.type == "composite_literal":
        return base_type_name(value.child_by_field_name("type"))
    return None  # the reply channel is the request itself


def _dropping_server(
    liveness: Liveness, request_field: str, served: str | None, request_type: str | None
) -> Drop | None:
    """SERVED_BY_A_GOROUTINE: a path of a server of the request field, or of a
    function it runs with the request, that drops the request."""
    functions = liveness.functions
    for server in _receivers(liveness, request_field):
        if server.cfg is None:
            return None
        start = started_by_go(liveness, server)
        if start is None:
            return None  # a receiver we do not see started: the package's code is not all we read
        for var in request_vars(server, request_field):
            drop = _drop(server, var, served, _binding_node(server, var))
            if drop is not None:
                exit_node, kind, answer = drop
                via_file = start.starter.file
                return Drop(server, exit_node, kind, start.spawn, via_file, var, answer, False)
        if request_type is None:
            continue
        for node in server.cfg.nodes:
            for ev in node.events:
                if ev.kind not in ("call", "spawn") or ev.call is None:
                    continue
                callee = functions.callee(ev.call, server)
                if callee is None or callee.cfg is None:
                    continue
                for param in _request_params(callee, request_type):
                    drop = _drop(callee, param, served, callee.cfg.entry)
                    if drop is not None:
                        exit_node, kind, answer = drop
                        typ = param.type_node
                        batch = typ is not None and typ.type == "slice_type"
                        return Drop(callee, exit_node, kind, ev, server.file, param, answer, batch)
    return None


def _receivers(liveness: Liveness, request_field: str) -> Iterator[Function]:
    """Every function of the package that receives from the request field, once."""
    seen: set[tuple[str, int]] = set()
    for func in request_receivers(liveness, request_field):
        if func is None or (func.file.path, func.node.start_byte) in seen:
            continue
        seen.add((func.file.path, func.node.start_byte))
        yield func


def _request_params(func: Function, request_type: str) -> list[Var]:
    """The parameters holding a request or a batch of them (`T`, `*T`, `[]T`, `[]*T`)."""
    out = []
    for v in func.resolver.scopes.vars:
        if v.kind != "param" or v.func != func.node or v.type_node is None:
            continue
        typ: tree_sitter.Node | None = v.type_node
        if typ is not None and typ.type == "slice_type":
            typ = typ.child_by_field_name("element")
        if typ is not None and typ.type == "pointer_type":
            typ = typ.named_children[0] if typ.named_children else None
        if typ is not None and typ.type == "type_identifier" and typ.text == request_type.encode():
            out.append(v)
    return out


def _binding_node(server: Function, var: Var) -> CfgNode | None:
    """Where a received request is bound: the receive's statement or select case, or the
    header of a `range` over the request channel; None for a plain assignment
    (ASSIGNED_IS_NOT_DECLARED)."""
    cfg = server.cfg
    assert cfg is not None  # _dropping_server checked it
    if len(var.assignments) > 1:
        return None
    parent = var.ident.parent
    while parent is not None and parent.type == "expression_list":
        parent = parent.parent
    if parent is None or parent.type == "assignment_statement":
        return None
    if parent.type == "range_clause":
        loop = parent.parent
        return cfg.by_start.get((loop.start_byte, loop.type)) if loop is not None else None
    return cfg.node_of(var.ident)


def _drop(
    func: Function, var: Var, served: str | None, start: CfgNode | None
) -> tuple[CfgNode, str, tree_sitter.Node] | None:
    """(the node where the request dies unanswered, how, an answer the function gives
    on another path) on a path from `start`, when there is such an answer
    (ANSWERS_ELSEWHERE)."""
    cfg = func.cfg
    if cfg is None or start is None:
        return None
    found = _uses_by_node(func, var, served)
    if found is None or not found[1]:
        return None
    uses, answers = found
    for node_id in _closed_tests(func, var):
        uses.setdefault(node_id, set()).add(CLOSED_TEST)
    dropped = _dropping_path(start, uses, carried_flags(func))
    return (*dropped, answers[0]) if dropped is not None else None


# A condition on the comma-ok of the request's receive (`req, ok := <-s.reqs; if !ok`).
CLOSED_TEST = "closed-test"


def _closed_tests(func: Function, var: Var) -> list[int]:
    """NO_REQUEST_WHEN_CLOSED: the CFG arms of `if !ok` / `if ok` on the `ok` received
    with the request (`case req, ok := <-s.reqs:`) taken when the channel was closed:
    there is no request to answer there."""
    cfg = func.cfg
    left = var.ident.parent
    names = [c for c in left.named_children if c.type == "identifier"] if left is not None else []
    if cfg is None or left is None or left.type != "expression_list" or len(names) != 2:
        return []
    if names[0] != var.ident:
        return []
    ok = func.resolver.scopes.lookup(names[1])
    out: list[int] = []
    for occ in ok.occurrences if ok is not None else ():
        node = cfg.node_of(occ)
        if node is None or node.kind != "cond" or node.ast is None:
            continue
        cond = gosyntax.unparen(node.ast.child_by_field_name("condition"))
        closed_when = False  # `if ok`: the closed arm is the one not taken
        if gosyntax.negated_identifier(cond) == occ:
            closed_when = True  # `if !ok`
        elif cond != occ:
            continue  # a condition built from ok: not split here
        out.extend(s.id for s in node.succ if s.arm is not None and s.arm[1] == closed_when)
    return out


def _dropping_path(
    start: CfgNode, uses: dict[int, set[str]], flags: CarriedFlags
) -> tuple[CfgNode, str] | None:
    """The first node, on a path from `start`, where the request dies unanswered (on
    a path the carried flags allow: FLAG_CARRIED_ALONG_THE_PATH)."""
    # A received request dies when its loop goes round to the next one; a range over
    # the request channel binds it in its header.
    home = start.loop if start.kind != "entry" else None
    next_request = home.header if home is not None else None
    stack: list[tuple[CfgNode, CfgNode, FlagValues]] = [
        (s, start, flags.unknown())
        for s in start.succ
        if home is None or start is not home.header or s is not home.after
    ]
    seen: set[tuple[int, FlagValues]] = set()
    while stack:
        node, came_from, before = stack.pop()
        if node is next_request:
            jump = came_from if came_from.kind == "jump" else None
            return (jump, "continue") if jump is not None else (came_from, "next-iteration")
        values = flags.through(node, before)
        if values is None or (node.id, values) in seen:
            continue
        seen.add((node.id, values))
        kinds = uses.get(node.id, ())
        if ANSWER in kinds or HANDOFF in kinds or REBIND in kinds:
            continue  # HANDOFF_ENDS_THE_TRAIL
        if CLOSED_TEST in kinds:
            continue  # NO_REQUEST_WHEN_CLOSED: the arm where nothing was received
        if kinds and node.kind in ("cond", "case", "header"):
            continue  # DROP_JUDGES_REQUEST
        if node.terminal:
            if node.kind in NORMAL_EXITS:
                return node, node.kind
            continue
        stack.extend((s, node, values) for s in node.succ)
    return None


def _uses_by_node(
    func: Function, var: Var, served: str | None
) -> tuple[dict[int, set[str]], list[tree_sitter.Node]] | None:
    """What each CFG node does with the request ({node id: {kinds of its uses}}), and
    the statements that answer it (a send, or a `close` call)."""
    cfg = func.cfg
    assert cfg is not None  # _drop checked it
    out: dict[int, set[str]] = {}
    answers: list[tree_sitter.Node] = []
    for occ in var.occurrences:
        if occ == var.ident:
            continue
        kind = _use(occ, var, served, func)
        answering: tree_sitter.Node | None = occ
        if kind == RANGE:
            kind, answering = _range_use(occ, served, func)
        if kind == ANSWER and answering is not None:
            answers.append(_answer_of(answering))
        holder = occ
        if kind == ANSWER:
            # ANSWER_ATTEMPTED: a select that tries to answer counts as answering
            case = _enclosing(occ, "communication_case")
            comm = case.child_by_field_name("communication") if case is not None else None
            if (
                case is not None
                and case.parent is not None
                and comm is not None
                and comm.start_byte <= occ.start_byte < comm.end_byte
            ):
                holder = case.parent
        node = cfg.node_of(holder)
        if node is None:
            # In a nested function literal: the node of the statement holding it.
            outer = _outermost_literal(occ, func.node)
            node = cfg.node_of(outer) if outer is not None else None
            kind = HANDOFF
        if node is None:
            return None  # a use we cannot place: judge nothing
        out.setdefault(node.id, set()).add(kind)
    return out, answers


def _answer_of(occ: tree_sitter.Node) -> tree_sitter.Node:
    """The send statement or `close` call an answering occurrence stands in."""
    for a in gosyntax.ancestors(occ):
        if a.type == "send_statement" or (
            a.type == "call_expression" and gosyntax.callee_text(a) == "close"
        ):
            return a
    return occ


def _use(occ: tree_sitter.Node, var: Var, served: str | None, func: Function) -> str:
    """What one occurrence of the request variable does with it."""
    if gosyntax.enclosing_function(occ) != func.node:
        return HANDOFF  # captured by a closure
    parent, child = gosyntax.parent_skipping_parens(occ)
    if parent is None:
        return HANDOFF
    t = parent.type
    if t == "selector_expression" and parent.child_by_field_name("operand") == child:
        name = gosyntax.text(gosyntax.field(parent, "field"))
        outer, sel = gosyntax.parent_skipping_parens(parent)
        if served is not None and name == served:
            return ANSWER if _answers(outer, sel) else HANDOFF
        if outer is not None and outer.type == "call_expression":
            return HANDOFF  # a method of the request may answer it
        return NEUTRAL  # reads a field: `req.id`
    if served is None and _answers(parent, child):
        return ANSWER  # the request is the reply channel itself
    if t == "range_clause" and parent.child_by_field_name("right") == child:
        return RANGE
    if t == "argument_list" and parent.parent is not None:
        callee = gosyntax.callee_text(parent.parent)
        if callee in _READS_ONLY:
            return NEUTRAL
        if callee == "append" and parent.named_children[:1] == [child]:
            return NEUTRAL  # `batch = append(batch, req)` keeps the batch where it was
        return HANDOFF
    if t == "binary_expression" and gosyntax.text(gosyntax.field(parent, "operator")) in (
        "==",
        "!=",
    ):
        return NEUTRAL
    if t == "expression_list" and parent.parent is not None:
        stmt = parent.parent
        if stmt.type in ("assignment_statement", "short_var_declaration") and (
            stmt.child_by_field_name("left") == parent
        ):
            return REBIND
    return HANDOFF


def _answers(parent: tree_sitter.Node | None, channel: tree_sitter.Node) -> bool:
    """Is `channel` sent on (`ch <- v`) or closed (`close(ch)`) here?"""
    if parent is None:
        return False
    if parent.type == "send_statement":
        return parent.child_by_field_name("channel") == channel
    if parent.type == "argument_list" and parent.parent is not None:
        return gosyntax.callee_text(parent.parent) == "close"
    return False


def _range_use(
    occ: tree_sitter.Node, served: str | None, func: Function
) -> tuple[str, tree_sitter.Node | None]:
    """A `range` over a batch of requests: answers the batch when its body answers the
    element (with that answer), hands it off when the body hands the element off, else
    only reads it."""
    clause = occ.parent
    while clause is not None and clause.type != "range_clause":
        clause = clause.parent
    left = clause.child_by_field_name("left") if clause is not None else None
    names = left.named_children if left is not None else []
    if len(names) != 2 or names[1].type != "identifier":
        return HANDOFF, None  # `for i := range batch`: element uses by index, not followed
    elem = func.resolver.scopes.lookup(names[1])
    if elem is None:
        return HANDOFF, None
    kinds = {o: _use(o, elem, served, func) for o in elem.occurrences if o != elem.ident}
    answer = next((o for o, kind in kinds.items() if kind == ANSWER), None)
    if answer is not None:
        return ANSWER, answer
    if set(kinds.values()) - {NEUTRAL}:
        return HANDOFF, None
    return NEUTRAL, None


def _enclosing(node: tree_sitter.Node, kind: str) -> tree_sitter.Node | None:
    for a in gosyntax.ancestors(node):
        if a.type == kind:
            return a
        if a.type in gosyntax.FUNCTION_TYPES:
            return None
    return None


def _outermost_literal(node: tree_sitter.Node, func: tree_sitter.Node) -> tree_sitter.Node | None:
    found = None
    for a in gosyntax.ancestors(node):
        if a == func:
            return found
        if a.type == "func_literal":
            found = a
    return None


@dataclass(frozen=True)
class AnswerFacts:
    """What a fix needs to answer a dropped request the way its server answers others."""

    how: str  # "send" or "close"
    request: str  # the dropped request's (or batch's) name in the server
    served: str | None  # the reply's field in the request, None when the request is the reply
    batch: bool
    reply_type: tree_sitter.Node | None  # the reply channel's element type
    reply_error_field: str | None  # a field of type `error` in the reply's struct
    request_error_field: str | None  # a field of type `error` in the request's struct


def _answer_facts(
    liveness: Liveness,
    drop: Drop,
    served: str | None,
    request: FieldRef,
    request_type: str | None,
) -> AnswerFacts:
    package = liveness.package
    how = "send" if drop.answer.type == "send_statement" else "close"
    chan: tree_sitter.Node | None = None
    if served is not None and request_type is not None:
        found = package.field_type(request_type, served)
        chan = found[1] if found is not None else None
    elif served is None:
        found = package.field_type(request.type_name, request.field)
        outer = found[1] if found is not None else None
        if outer is not None and outer.type == "channel_type":
            chan = outer.child_by_field_name("value")
    reply_type = (
        chan.child_by_field_name("value")
        if chan is not None and chan.type == "channel_type"
        else None
    )
    return AnswerFacts(
        how,
        drop.request.name,
        served,
        drop.batch,
        reply_type,
        _error_field(liveness, base_type_name(reply_type) if reply_type is not None else None),
        _error_field(liveness, request_type) if served is not None else None,
    )


def _error_field(liveness: Liveness, type_name: str | None) -> str | None:
    """The first field of type `error` of a struct type of the package."""
    found = liveness.package.fields_of(type_name) if type_name is not None else None
    if found is None:
        return None
    fields, _embedded = found
    return next(
        (f for f, t in fields.items() if t is not None and gosyntax.text(t) == "error"), None
    )
