"""Naming the abandoning path: which rule code a verdict of the liveness question is.

Computed once per verdict, from the shape of the path that leaves the operation
blocked: nothing serves the channel at all (GL003), a select case gives up on a
one-shot sender (GL001), an early return skips the receive (GL002), senders started
in a loop outnumber the receives (GL004) or the collecting loop stops early (GL005),
a producer outlives its consumer (GL006), a range waits for a close that never comes
(GL008), a second send nobody receives (GL011), a `Wait` for a `Done` that never
comes (GL015), the starting function waits for a result a goroutine does not send
(GL022), more sends than receives and buffer in any other way (GL023).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import tree_sitter

from goleash import gosyntax
from goleash.analysis.cfg import Event
from goleash.analysis.cfg import Node as CfgNode
from goleash.analysis.channel_writers import only_written_past
from goleash.analysis.clean_stops import stop_makes_send_impossible
from goleash.analysis.counts import Lin
from goleash.analysis.deliberate_parks import parks_on_fresh_channel
from goleash.analysis.liveness import (
    Identity,
    Partner,
    Summary,
    Trail,
    Verdict,
    gave_up_on_a_signal,
    sends_every_iteration,
)
from goleash.analysis.values import VarRef


@dataclass
class Leak:
    code: str
    verdict: Verdict
    # Parts of the path the message names (tree-sitter nodes, or None).
    exit: tree_sitter.Node | None = (
        None  # the root's `return` / end of function / jump that abandons the operation
    )
    exit_kind: str = ""  # "return", "end", "break", "continue", "next-iteration"
    case: tree_sitter.Node | None = None  # the select case that gives up
    case_owner: Partner | None = None  # the partner whose select gives up (None: the root)
    loop: tree_sitter.Node | None = None  # the collecting loop left early
    sends: tuple[Event, ...] = ()  # for GL011: the partner's first and second send
    receives: list[Event] = field(default_factory=list)  # the root's receives on the identity
    never: bool = False  # nothing anywhere serves the operation
    # Found by a shape the counting model cannot count, only where it judged nothing.
    supplementary: bool = False

    @property
    def ident(self) -> Identity:
        return self.verdict.identity


def _buffer_takes_the_rest(v: Verdict, unreceived: float) -> bool:
    """BUFFER_TAKES_THE_REST: the sends the single receive leaves over fit in the
    channel's buffer, so the second send does not block on the path that receives;
    the path that blocks is one that receives nothing (a timeout case), and another
    reporter names it."""
    cap = v.identity.capacity
    return v.identity.capacity_known and not cap.symbols() and unreceived <= cap.const[0]


def _exit(v: Verdict) -> tuple[tree_sitter.Node | None, str]:
    """(node, kind) of the root's way out on the abandoning path."""
    trail = v.trail
    jump = next((t for t in reversed(trail) if isinstance(t, CfgNode) and t.kind == "jump"), None)
    node = v.exit
    kind = node.kind if node is not None else ""
    if v.detail.get("outcome") == "back":
        if jump is not None and jump.ast is not None and jump.ast.type == "continue_statement":
            return jump.ast, "continue"
        return None, "next-iteration"
    if (
        v.detail.get("outcome") == "leave"
        and jump is not None
        and jump.ast is not None
        and jump.ast.type == "break_statement"
    ):
        return jump.ast, "break"
    if kind == "return":
        assert node is not None
        return node.ast, "return"
    if kind == "end":
        assert node is not None
        return node.ast, "end"
    return (node.ast if node is not None else None), kind


def _give_up_case(trail: Trail) -> tree_sitter.Node | None:
    for t in reversed(trail):
        if isinstance(t, tree_sitter.Node) and t.type in ("communication_case", "default_case"):
            return t
    return None


def _symbolic(lin: Lin) -> bool:
    return bool(lin.symbols()) or lin.max() == float("inf")


def _loop_receiving(
    root_receives: Iterable[Event], node: tree_sitter.Node | None
) -> tree_sitter.Node | None:
    """The loop around `node` that holds one of the root's receives (a collecting loop)."""
    if node is None:
        return None
    for a in gosyntax.ancestors(node):
        if a.type in gosyntax.FUNCTION_TYPES:
            return None
        if a.type == "for_statement":
            for ev in root_receives:
                if gosyntax.is_within(ev.node, a):
                    return a
    return None


def _collector_quit(v: Verdict, root_receives: Iterable[Event]) -> tree_sitter.Node | None:
    """COLLECTOR_CALL (liveness.py): where a function the root calls to collect (`rep, err
    := collect(results)`) returns from inside its range over the channel, the way out
    that stops consuming; None when the root's receives are its own."""
    root = v.identity.root.node
    for ev in root_receives:
        if ev.kind != "range" or gosyntax.is_within(ev.node, root):
            continue
        body = ev.node.child_by_field_name("body")
        for n in gosyntax.walk(body) if body is not None else ():
            if n.type == "return_statement":
                return n
    return None


def _takes_one_known_value(range_node: tree_sitter.Node) -> bool:
    """ONE_KNOWN_VALUE: `if len(errs) > 0 { for err := range errs { t.Fatal(err) } }`: the
    channel holds a value, and the loop's body never goes round (its last statement
    leaves: a `return`, a `break`, a `panic` or a failing test's `Fatal`, with no
    `continue`), so the range takes that one value and never waits for a close.
    Trade-off: another receiver draining the channel in between is not looked for."""
    loop = next(
        (a for a in (range_node, *gosyntax.ancestors(range_node)) if a.type == "for_statement"),
        None,
    )
    clause = (
        next((c for c in loop.named_children if c.type == "range_clause"), None) if loop else None
    )
    channel = clause.child_by_field_name("right") if clause is not None else None
    body = loop.child_by_field_name("body") if loop is not None else None
    if loop is None or channel is None or body is None:
        return False
    statements = gosyntax.statements(body)
    last = statements[-1] if statements else None
    if last is None or any(n.type == "continue_statement" for n in gosyntax.walk(body)):
        return False
    call = (
        last.named_children[0]
        if last.type == "expression_statement" and last.named_children
        else None
    )
    leaves = last.type in ("return_statement", "break_statement") or (
        call is not None
        and call.type == "call_expression"
        and (
            gosyntax.callee_text(call) == "panic"
            or gosyntax.callee_text(call).rsplit(".", 1)[-1] in ("Fatal", "Fatalf", "FailNow")
        )
    )
    if not leaves:
        return False
    guard = f"len({gosyntax.text(channel)})>0"
    return any(
        a.type == "if_statement"
        and (cond := a.child_by_field_name("condition")) is not None
        and gosyntax.text(cond).replace(" ", "") == guard
        for a in gosyntax.ancestors(loop)
    )


def _received_unless_flagged(case: tree_sitter.Node, v: Verdict) -> bool:
    """RECEIPT_FLAG: the case that wins goes on to `if !stopped { <-stop }`, and another
    case of the same `select` receives from the channel and sets `stopped = true`: the
    receive is skipped only on a path that took the value already (toxiproxy's
    `link.go`, audit 43). Trade-off: a flag set true elsewhere too is not looked for."""
    var = v.identity.var
    select = case.parent
    if var is None or select is None or select.type != "select_statement":
        return False
    name = var.name
    for stmt in gosyntax.walk(case):
        if stmt.type != "if_statement":
            continue
        flag = gosyntax.negated_identifier(gosyntax.field(stmt, "condition"))
        consequence = stmt.child_by_field_name("consequence")
        if flag is None or consequence is None or not _receives_from(consequence, name):
            continue
        for other in select.named_children:
            if other == case or other.type != "communication_case":
                continue
            comm = other.child_by_field_name("communication")
            if comm is None or not _receives_from(comm, name):
                continue
            if any(
                (pair := gosyntax.sole_assignment(n)) is not None
                and gosyntax.text(pair[0]) == gosyntax.text(flag)
                and pair[1].type == "true"
                for n in gosyntax.walk(other)
            ):
                return True
    return False


def _receives_from(node: tree_sitter.Node, name: str) -> bool:
    return any(
        n.type == "unary_expression"
        and gosyntax.text(gosyntax.field(n, "operator")) == "<-"
        and gosyntax.text(gosyntax.field(n, "operand")) == name
        for n in [node, *gosyntax.walk(node)]
    )


def classify(v: Verdict) -> Leak | None:
    d = v.detail
    kind = v.kind
    never = _never_served(v)
    if never and parks_on_fresh_channel(v.event.node):
        return None  # DELIBERATE_PARK: blocked on purpose
    if kind == "root-wait":
        return Leak("GL015", v)
    if kind == "root-recv":
        return Leak("GL022", v, never=never)
    if kind in ("root-range", "stuck-range"):
        if _takes_one_known_value(v.event.node):
            return None
        if kind == "stuck-range" and never and not d.get("sends"):
            return Leak("GL003", v, never=True)
        ex, ek = _exit(v)
        return Leak("GL008", v, exit=ex, exit_kind=ek, never=not d.get("closes"))
    if kind == "stuck-recv":
        ex, ek = _exit(v)
        return Leak("GL003", v, exit=ex, exit_kind=ek, never=never)
    if kind != "stuck-send":
        return None
    if _left_once_closed(_exit(v)[0], v):
        return None
    if _group_waited_first(v):
        return None
    # A sender left blocked: what did the receiving side do?
    if "quitter" in d:  # SIBLING_QUITS: its consumer, another goroutine, returned
        quit_case = next(
            (a for a in gosyntax.ancestors(d["quit_at"]) if a.type == "communication_case"),
            None,
        )
        if quit_case is not None and _sent_instead(quit_case, v):
            return None  # it quits on what the producer closes after its last send
        if _checked_before_buffered_send(v):
            return None
        return Leak("GL006", v, exit=d["quit_at"], exit_kind="return", case_owner=d["quitter"])
    if never:
        if not v.identity.capacity.is_zero():
            return Leak("GL023", v, never=True)  # the buffer is too small for the senders
        return Leak("GL003", v, never=True)
    partner = v.partner
    assert partner is not None  # a stuck sender is a partner
    summary = partner.summary
    root_receives = d.get("root_receives", [])
    ex, ek = _exit(v)
    case = _give_up_case(v.trail)
    quit_in_callee = _collector_quit(v, root_receives)
    if quit_in_callee is not None:
        ex, ek, case = quit_in_callee, "return", None
    case_owner: Partner | None = None
    if not d.get("root_received", True) or not root_receives:
        # Another goroutine receives (the root does not, or not on this path): its path
        # that gives up is the abandoning one. When the root receives elsewhere, only a
        # goroutine running on this path may.
        receivers = _receivers(v)
        if root_receives:
            receivers = [p for p in receivers if p in d.get("path_goroutines", ())]
        for p in receivers:
            c = _give_up_case(p.summary.trail_hi)
            if c is not None:
                case, case_owner = c, p
                break
    if case is not None and _sent_instead(case, v) and not partner.repeated:
        # The case that wins receives what this same goroutine sent instead. Goroutines
        # of a loop are siblings: the one that failed is not the one still sending.
        return None
    if case is not None and _received_unless_flagged(case, v):
        return None
    if case is not None and _timer_stopped_first(case, v):
        return None  # the send happens only once the timer is stopped: it never fires
    if case is not None and stop_makes_send_impossible(v.event.node, case, v.func.resolver.package):
        return None  # SERVE_ENDS_CLEAN: the case stops the server, whose Serve then sends nothing
    sends_once = not _symbolic(summary.bal) and summary.bal.max() == 1
    repeated = partner.repeated
    if (
        not repeated
        and not sends_once
        and not _symbolic(summary.bal)
        and summary.bal.max() >= 2
        and len(root_receives) == 1
    ):
        pair = _double_send(summary)
        if (
            pair is not None
            and _conditional(pair[0].node)
            and not _buffer_takes_the_rest(v, summary.bal.max() - len(root_receives))
        ):
            return Leak("GL011", v, sends=pair, receives=root_receives)
    loop: tree_sitter.Node | None = None
    jump = next((t for t in reversed(v.trail) if isinstance(t, CfgNode) and t.kind == "jump"), None)
    if jump is not None and jump.ast is not None and jump.ast.type == "break_statement":
        loop = _loop_receiving(root_receives, jump.ast)
        if loop is not None:
            ex, ek = jump.ast, "break"  # the collecting loop is left early
    if loop is None:
        loop = _loop_receiving(root_receives, ex if ek in ("return", "continue") else None)
    if (
        loop is not None
        and ek in ("return", "break")
        and ex is not None
        and _counted_exit(ex, loop)
        and not _counted_short_of_a_closing_range(ex, loop, root_receives, summary)
    ):
        return None  # `n--; if n == 0 { return }`: the loop stops once it has received them all
    if (
        loop is not None
        and not d.get("closes")
        and summary.stops
        and _ranges_over(loop, root_receives)
    ):
        return None  # nobody closes it: leaving the range is how the protocol ends (a final marker)
    if loop is not None and d.get("balanced_happy_path"):
        # Workers sending once per job, counted against the collector's loop.
        return Leak("GL005", v, exit=ex, exit_kind=ek, loop=loop, receives=root_receives)
    if (not repeated or sends_every_iteration(summary.bal)) and _symbolic(summary.bal):
        # One producer, or forwarders each sending every value of their input (a fan-in).
        leave = case if case is not None else (ex if loop is not None else None)
        if leave is not None and _checked_before_buffered_send(v):
            return None
        if leave is not None:
            return Leak(
                "GL006",
                v,
                exit=ex,
                exit_kind=ek,
                case=case,
                case_owner=case_owner,
                loop=loop,
                receives=root_receives,
            )
    if (
        case is not None
        and sends_once
        and (
            not repeated
            # Goroutines of a loop, each sending once, abandoned by a context or timer case.
            or (v.identity.capacity.is_zero() and gave_up_on_a_signal((case,)))
        )
    ):
        return Leak(
            "GL001",
            v,
            exit=ex,
            exit_kind=ek,
            case=case,
            case_owner=case_owner,
            receives=root_receives,
        )
    if repeated and sends_once:
        if loop is not None:
            return Leak("GL005", v, exit=ex, exit_kind=ek, loop=loop, receives=root_receives)
        if (
            case is None
            and root_receives
            and not any(gosyntax.in_loop(ev.node) for ev in root_receives)
        ):
            return Leak("GL004", v, receives=root_receives)
    if (
        not repeated
        and sends_once
        and ek == "return"
        and root_receives
        and not _received_on_the_way(ex, root_receives)
    ):
        return Leak("GL002", v, exit=ex, exit_kind=ek, receives=root_receives)
    return Leak(
        "GL023", v, exit=ex, exit_kind=ek, case=case, case_owner=case_owner, receives=root_receives
    )


def _group_waited_first(v: Verdict) -> bool:
    """GROUP_WAITED_FIRST: the sender runs as `g.Go(func() error {...})` and the root
    calls `g.Wait()` after starting it and before its first receive of the channel: the
    root blocks in `Wait` until the sender returns, which it cannot do before its send is
    received. The root's paths past the `Wait` are not taken; the root's own block there
    is GL021's finding."""
    partner = v.partner
    call = partner.event.call if partner is not None else None
    fn = gosyntax.unparen(call.child_by_field_name("function")) if call is not None else None
    field = fn.child_by_field_name("field") if fn is not None else None
    if call is None or fn is None or fn.type != "selector_expression" or field is None:
        return False
    if field.text != b"Go":
        return False
    waited = f"{gosyntax.text(gosyntax.field(fn, 'operand'))}.Wait"
    receives = [ev.node.start_byte for ev in v.detail.get("root_receives", [])]
    before = min(receives) if receives else None
    root = v.identity.root.node
    for n in gosyntax.walk(root.child_by_field_name("body") or root):
        if n.type != "call_expression" or gosyntax.callee_text(n) != waited:
            continue
        after_start = n.start_byte > call.end_byte
        if after_start and (before is None or n.start_byte < before):
            return True
    return False


def _received_on_the_way(exit_node: tree_sitter.Node | None, receives: list[Event]) -> bool:
    """RECEIVED_ON_THE_WAY: every path to the `return` passes a receive of the root
    (`return <-errc`, or `err := <-errc` earlier in a block that holds the return): the
    function did receive, just fewer values than were sent; "returns before receiving"
    would name a path the code does not have. Read from the blocks, not the paths: a
    `goto` around the receive is not followed."""
    if exit_node is None:
        return False
    for ev in receives:
        if gosyntax.is_within(ev.node, exit_node):
            return True
        statement = gosyntax.innermost_statement(ev.node)
        if statement is not None and statement.type == "if_statement":
            head = [statement.child_by_field_name(f) for f in ("initializer", "condition")]
            if any(h is not None and gosyntax.is_within(ev.node, h) for h in head):
                if gosyntax.is_within(exit_node, statement):
                    return True  # `if err := <-errc; err != nil { return err }`
        block = statement.parent if statement is not None else None
        if (
            statement is not None
            and block is not None
            and gosyntax.is_within(exit_node, block)
            and statement.end_byte <= exit_node.start_byte
            and gosyntax.enclosing_function(statement) == gosyntax.enclosing_function(exit_node)
        ):
            return True
    return False


def _left_once_closed(exit_node: tree_sitter.Node | None, v: Verdict) -> bool:
    """LEFT_ONCE_CLOSED: the root leaves from the `!ok` arm of its own comma-ok receive
    from the channel (`v, ok := <-ch; if !ok { return }`, in a `select` case too): the
    channel is closed by then, so a send on it would panic, never wait. The counting
    cannot tell that arm from the others."""
    if exit_node is None:
        return False
    root = v.identity.root
    for _if, cond in gosyntax.guarding_ifs(exit_node, root.node):
        if cond.type != "unary_expression" or gosyntax.field(cond, "operator").type != "!":
            continue
        flag = gosyntax.unparen(cond.child_by_field_name("operand"))
        if flag is None or flag.type != "identifier":
            continue
        var = root.resolver.scopes.lookup(flag)
        if var is None or len(var.assignments) != 1:
            continue
        stmt, _value, position = var.assignments[0]
        if position != 1:
            continue
        right = stmt.child_by_field_name("right")
        received = gosyntax.unparen(right.named_children[0]) if right is not None else None
        if right is not None and right.type == "unary_expression":
            received = right  # `case v, ok := <-ch:`: the receive itself is the right side
        operand = gosyntax.receive_operand(received) if received is not None else None
        ref = root.resolver.ref(operand)
        if isinstance(ref, VarRef) and ref.var in v.identity.binding()[0]:
            return True
    return False


def _timer_stopped_first(case: tree_sitter.Node, v: Verdict) -> bool:
    """TIMER_STOPPED_FIRST: the case that gives up waits on a timer (`case <-t.C:`) and
    the blocked send is made only where `t.Stop()` returned true (`if t.Stop() { ch <- v
    }`): the timer was stopped before it fired, so that case can never win. Trade-off: a
    timer reset elsewhere in between is not looked for."""
    operand = gosyntax.unparen(gosyntax.received_operand(case))
    if operand is None or operand.type != "selector_expression":
        return False
    if gosyntax.text(gosyntax.field(operand, "field")) != "C":
        return False
    stop = gosyntax.text(gosyntax.field(operand, "operand")) + ".Stop()"
    return any(
        gosyntax.text(cond).replace(" ", "") == stop
        for _if, cond in gosyntax.guarding_ifs(v.event.node, v.func.node)
    )


def _sent_instead(case: tree_sitter.Node, v: Verdict) -> bool:
    """SENT_INSTEAD: the goroutine sends on (or closes) the channel the winning case
    receives from, on paths that never also reach the blocked send (`if err != nil {
    errc <- err; return }; values <- v` against a select on both, in the starter or in
    another goroutine; a producer that closes its `done` after its last send): once the
    case has won, the goroutine never gets to the blocked send. A send on it that the
    blocked send may follow (no `return` between, or a loop) keeps the finding: the
    goroutine may still get stuck (`errc <- err` with the `return` missing). The
    goroutine must be the channel's only writer (SOLE_WRITER): no other function of the
    package, nor another function literal of the declaration, sends on or closes it
    (a field by its name, a variable by its name)."""
    recv = gosyntax.received_operand(case)
    return recv is not None and only_written_past(v.func, recv, v.event.node)


def _checked_before_buffered_send(v: Verdict) -> bool:
    """CHECKED_BEFORE_BUFFERED_SEND: the producer's send is the `default` of a `select`
    on `ctx.Done()` (`select { case <-ctx.Done(): return; default: out <- w }`), `ctx`
    derived in the starter with its cancel deferred there, and the channel is buffered:
    once the consumer leaves, the producer sees the cancel before its next send, and the
    send in flight blocks only if the buffer is full at that moment. Trade-off: a producer
    that fills the buffer before the consumer leaves is missed (go-waku's history query:
    a buffer of 1000 against one item per ten topics). Unbuffered, the send in flight
    blocks for good: still reported."""
    if v.identity.capacity.is_zero():
        return False
    checked = gosyntax.stop_checked_before_send(v.event.node)
    return checked is not None and gosyntax.cancel_deferred(
        v.identity.root.node, gosyntax.text(checked)
    )


def _ranges_over(loop: tree_sitter.Node, receives: Iterable[Event]) -> bool:
    return any(ev.kind == "range" and ev.node == loop for ev in receives)


def _counted_short_of_a_closing_range(
    exit_node: tree_sitter.Node, loop: tree_sitter.Node, receives: Iterable[Event], summary: Summary
) -> bool:
    """COUNTED_SHORT: `for v := range Numbers(n) { i++; if i == k { break } }`: the loop
    ranges over a channel its producer closes after sending a count it names (`n`, the
    bound of its loop, or the collection it ranges over), and the counter stops at
    something else (`k`): the range would end by itself once every value came, so a
    counted way out is an early one. Trade-off: a bound equal to the count under
    another name (`k := n`) is taken as early."""
    if not summary.closes or not _ranges_over(loop, receives):
        return False
    counted = {
        str(sym[1])
        for (sym, _partial), coef in summary.bal.terms.items()
        if sym[0] in ("count", "range") and coef != (0, 0)
    }
    if not counted:
        return False
    cond = None
    for a in gosyntax.ancestors(exit_node, loop):
        if a.type == "if_statement":
            cond = a.child_by_field_name("condition")
            break
    text = gosyntax.text(cond) if cond is not None else ""
    return not any(name in text for name in counted)


def _counted_exit(exit_node: tree_sitter.Node, loop: tree_sitter.Node) -> bool:
    """Is the way out of the collecting loop guarded by a counter the loop itself steps?
    SUM_IS_NO_COUNT: a total of what was received (`total += bk.Kg`, the right side
    reading a variable the loop's body declares) is no count of the receipts: `if total
    >= quota { break }` may leave with values unreceived (blind dev p522). Trade-off: a
    count stepped by a per-item field (`left -= r.items`) reads as a sum too."""
    cond = None
    for a in gosyntax.ancestors(exit_node, loop):
        if a.type == "if_statement":
            cond = a.child_by_field_name("condition")
            break
    if cond is None:
        return False
    names = {n.text for n in [cond, *gosyntax.walk(cond)] if n.type == "identifier"}
    body = loop.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        if (
            n.type in ("inc_statement", "dec_statement")
            and n.named_children
            and n.named_children[0].text in names
        ):
            return True
        if n.type == "assignment_statement":
            op = n.child_by_field_name("operator")
            left = n.child_by_field_name("left")
            if (
                op is not None
                and op.type in ("+=", "-=")
                and left is not None
                and any(c.text in names for c in left.named_children)
                and not _reads_the_round(n.child_by_field_name("right"), body)
            ):
                return True
    return False


def _reads_the_round(expr: tree_sitter.Node | None, body: tree_sitter.Node | None) -> bool:
    """Does `expr` read the value received this round: a variable declared in the loop's
    body (`bk` of `bk := <-baskets`), or the receive itself (`total += <-sizes`)?"""
    if expr is None or body is None:
        return False
    declared = {
        c.text
        for n in gosyntax.walk(body)
        if n.type in ("short_var_declaration", "receive_statement")
        and n.child_by_field_name("left") is not None
        for c in gosyntax.field(n, "left").named_children
        if c.type == "identifier"
    }
    return any(
        (n.type == "identifier" and n.text in declared)
        or (n.type == "unary_expression" and gosyntax.field(n, "operator").type == "<-")
        for n in [expr, *gosyntax.walk(expr)]
    )


def _receivers(v: Verdict) -> list[Partner]:
    out: list[Partner] = []
    for p in v.detail.get("partners", ()):
        if p is v.partner:
            continue
        if (
            p.summary.bal.min() < 0
            or p.summary.escapable
            or any(ev.kind == "recv" for ev, _f in p.summary.ops)
        ):
            out.append(p)
    return out


def _conditional(node: tree_sitter.Node) -> bool:
    """Is the send inside an `if` or `case` of its function (an error path going on)?"""
    for a in gosyntax.ancestors(node):
        if a.type in gosyntax.FUNCTION_TYPES:
            return False
        if a.type in ("if_statement", "expression_case", "type_case"):
            return True
    return False


def _double_send(summary: Summary) -> tuple[Event, Event] | None:
    sends = sorted(
        (ev for ev, _f in summary.ops if ev.kind == "send" and ev.case is None),
        key=lambda e: e.node.start_byte,
    )
    if len(sends) < 2:
        return None
    return sends[0], sends[1]


def _never_served(v: Verdict) -> bool:
    d = v.detail
    if d.get("holder_closers"):
        return False  # a method closes it, on the struct this way out drops (liveness)
    if v.kind in ("stuck-recv", "root-recv"):
        return not d.get("sends") and not d.get("closes")
    if v.kind in ("stuck-range", "root-range"):
        return not d.get("sends") and not d.get("closes")
    if v.kind == "stuck-send":
        return not d.get("receives")
    return False
