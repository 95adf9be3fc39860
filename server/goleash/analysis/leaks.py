"""Questions the channel rules share: who blocks, who could release them, who gave up."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis import paths
from goleash.analysis.channels import Actor, ActorKind, Channel, Op, OpKind
from goleash.analysis.send_counts import most_sends_per_path

if TYPE_CHECKING:
    from goleash.analysis.package import Package

RELEASES = {
    OpKind.SEND: (OpKind.RECV, OpKind.RANGE),
    OpKind.RECV: (OpKind.SEND, OpKind.CLOSE),
    OpKind.RANGE: (OpKind.CLOSE,),
}


def verb(op: Op, ch: Channel | None = None) -> str:
    operand = _channel_operand(op)
    text = op.file.text(operand) if operand is not None else None
    name = f"`{text}`" if text else "the channel"
    if ch is not None and text and text != ch.name:
        name += f" (`{ch.name}`)"  # the parameter's name inside a named goroutine
    return {
        OpKind.SEND: f"sending on {name}",
        OpKind.RECV: f"receiving from {name}",
        OpKind.RANGE: f"ranging over {name}",
        OpKind.CLOSE: f"closing {name}",
    }.get(op.kind, "using the channel")


def _channel_operand(op: Op) -> tree_sitter.Node | None:
    n = op.node
    if op.kind is OpKind.SEND:
        return n.child_by_field_name("channel")
    if op.kind is OpKind.RECV:
        return n.child_by_field_name("operand")
    if op.kind is OpKind.RANGE:
        for c in n.named_children:
            if c.type == "range_clause":
                return c.child_by_field_name("right")
    return None


def others(ch: Channel, op: Op, kinds: Collection[OpKind]) -> list[Op]:
    """Ops of `kinds` that someone other than op's goroutine could perform."""
    return [
        o
        for o in ch.ops
        if o.kind in kinds and (o.actor is not op.actor or op.actor.repeated) and o is not op
    ]


def blocking_goroutine_ops(ch: Channel, *kinds: OpKind) -> list[Op]:
    return [
        o
        for o in ch.ops
        if o.actor.kind is ActorKind.GOROUTINE and o.blocking and (not kinds or o.kind in kinds)
    ]


def abandoning_exits(ch: Channel, goroutine: Actor, releases: list[Op]) -> list[paths.Exit]:
    """The owner's exits, after the goroutine starts, that skip every release."""
    start = goroutine.site
    if start is None:
        return []
    if any(o.select is not None or _in_select_case(o.site) for o in releases):
        return []  # released from a select case: it depends on which case wins; we cannot tell
    if ch.capacity != 0 and any(o.site.start_byte < start.start_byte for o in releases):
        return []  # a buffered channel filled before the goroutine starts (a work queue, a semaphore)
    plain = [o.site for o in releases if o.actor.kind is ActorKind.OWNER]
    deferred = [o.site for o in releases if o.actor.kind is ActorKind.DEFERRED]
    if any(paths.runs_before(r, start) for r in plain):
        return []  # served before it started: `sem <- token; go func() { defer func() { <-sem }() }()`
    exits = paths.abandoning_exits(ch.owner, start, plain, deferred)
    if any(r.start_byte > start.end_byte for r in plain):
        # Falling off the end past a release that only runs conditionally (`if i ==
        # 222 { start <- true }` in a loop) is a path the author rarely leaves open;
        # an explicit early `return` is the shape that really strands goroutines.
        exits = [e for e in exits if e.kind != "end"]
    return exits


def sends_once(goroutine: Actor, sends: list[Op]) -> bool:
    """The goroutine sends exactly once on this channel, not in a loop."""
    mine = [o for o in sends if o.actor is goroutine]
    return len(mine) == 1 and not mine[0].in_loop


def final_sends_fit(ch: Channel, goroutine: Actor) -> bool:
    """FINAL_SEND_FITS_BUFFER: every send of the goroutine on the buffered channel is
    its last act (`errc <- err; return`): however many loops surround them, it sends
    once, and the buffer takes it. Goroutines started in a loop are not covered (each
    sends once, all of them may exceed the buffer); they are judged elsewhere."""
    if not ch.capacity or goroutine.repeated:
        return False
    mine = [o for o in ch.ops if o.actor is goroutine and o.kind is OpKind.SEND]
    return bool(mine) and all(_then_leaves(o.node) for o in mine)


def sized_to_its_range(ch: Channel, goroutine: Actor) -> bool:
    """SIZED_TO_ITS_RANGE: `out := make(chan T, len(xs))` fed by one goroutine whose sends
    all sit in one loop over `xs` (`for _, x := range xs`, or `for i := 0; i < len(xs);
    i++`), at most one per turn on any path (`if err != nil { out <- e; continue }; out
    <- v`: send_counts.py); or `make(chan T, n)` with a loop counted by that same `n`
    (`for range n`, `for i := 0; i < n; i++`): the buffer takes every send, so the
    goroutine ends even when nobody reads. Trade-off: `xs` (or `n`) is trusted not to
    change between the make and the loop (an `append` to it in between would hide a
    leak); a second sender, a send nested in a second loop or a loop over anything else
    is not covered."""
    if ch.make is None or goroutine.repeated:
        return False
    args = gosyntax.call_arguments(ch.make)
    if len(args) < 2:
        return False
    size = gosyntax.unparen(args[1])
    length_of = _length_operand(args[1])
    count = (
        size.text
        if size is not None and size.type in ("identifier", "selector_expression")
        else None
    )
    if length_of is None and count is None:
        return False
    sends = ch.of(OpKind.SEND)
    if not sends or any(s.actor is not goroutine for s in sends):
        return False
    loops = gosyntax.loops_between(sends[0].node, goroutine.func)
    if len(loops) != 1 or any(
        gosyntax.loops_between(s.node, goroutine.func) != loops for s in sends[1:]
    ):
        return False  # every send in the one loop, none nested deeper
    loop = loops[0]
    body = loop.child_by_field_name("body")
    operand = gosyntax.unparen(sends[0].node.child_by_field_name("channel"))
    if body is None or operand is None or operand.text is None:
        return False
    if most_sends_per_path(body, operand.text) > 1:
        return False
    if length_of is not None:
        return _iterates_over(loop, length_of) or _relays_a_source_of(
            loop, length_of, [s.node for s in sends], goroutine.func
        )
    return _counts_to(loop, count)


def _relays_a_source_of(
    loop: tree_sitter.Node, xs: bytes, sends: list[tree_sitter.Node], func: tree_sitter.Node | None
) -> bool:
    """SIZED_TO_ITS_SOURCE: `out := make(chan T, len(xs))` fed by a loop that forwards
    what it receives from `src := batch(xs...)` (`for v := range src`, or a `select` case
    `v := <-src` around each send): a producer handed `xs` yields one value per element,
    so the buffer takes every send. Trade-off: a producer that yields several values per
    element, or one that keeps yielding past the input, is trusted not to; that hides a
    leak only where the author sized the buffer for one value per input on purpose."""
    sources: dict[bytes | None, tree_sitter.Node] = {}
    for send in sends:
        source = _source_received_before(send, loop)
        if source is None:
            return False
        sources[source.text] = source
    return func is not None and all(_made_from(func, source, xs) for source in sources.values())


def _source_received_before(
    send: tree_sitter.Node, loop: tree_sitter.Node
) -> tree_sitter.Node | None:
    """The channel expression whose received value this turn of `loop` forwards: the
    loop's `range src`, or the `select` case (`case v := <-src:`) that holds the send."""
    for a in gosyntax.ancestors(send, loop):
        if a.type == "communication_case":
            return gosyntax.received_operand(a)
    for c in loop.named_children:
        if c.type == "range_clause":
            return gosyntax.unparen(c.child_by_field_name("right"))
    return None


def _handed(call: tree_sitter.Node, xs: bytes) -> bool:
    """Is `xs` among the call's arguments (`f(n, xs...)`)?"""
    return any(
        a.text and a.text.replace(b" ", b"").removesuffix(b"...") == xs
        for a in gosyntax.call_arguments(call)
    )


def _made_from(func: tree_sitter.Node, source: tree_sitter.Node, xs: bytes) -> bool:
    """Does `source` come only from calls handed `xs`: `range f(xs...)` itself, or a
    name `func` assigns only from such calls (`src := f(n, xs...)`)?"""
    if source.type == "call_expression":
        return _handed(source, xs)
    if source.type != "identifier":
        return False
    made = False
    for stmt in gosyntax.walk(func):
        if stmt.type not in ("short_var_declaration", "assignment_statement"):
            continue
        left = stmt.child_by_field_name("left")
        if left is None:
            continue
        targets = [t.text for t in left.named_children]
        if source.text not in targets:
            continue
        value = gosyntax.unparen(
            gosyntax.assigned_value(left.named_children[targets.index(source.text)])
        )
        if value is None or value.type != "call_expression" or not _handed(value, xs):
            return False
        made = True
    return made


def _counts_to(loop: tree_sitter.Node, n: bytes | None) -> bool:
    """Does the loop run at most `n` times (`for range n`, `for i := 0; i < n; i++`)?"""
    for c in loop.named_children:
        if c.type == "range_clause":
            right = gosyntax.unparen(c.child_by_field_name("right"))
            return right is not None and right.text == n
        if c.type == "for_clause":
            cond = gosyntax.unparen(c.child_by_field_name("condition"))
            init = c.child_by_field_name("initializer")
            if cond is None or cond.type != "binary_expression" or init is None:
                return False
            values = (
                gosyntax.field(init, "right").named_children
                if init.type == "short_var_declaration"
                else []
            )
            op = cond.child_by_field_name("operator")
            bound = gosyntax.unparen(cond.child_by_field_name("right"))
            return (
                len(values) == 1
                and values[0].text == b"0"
                and op is not None
                and op.type == "<"
                and bound is not None
                and bound.text == n
            )
    return False


def _length_operand(expr: tree_sitter.Node) -> bytes | None:
    """`xs` in `len(xs)`."""
    call = gosyntax.unparen(expr)
    if call is None or call.type != "call_expression" or gosyntax.callee_text(call) != "len":
        return None
    args = gosyntax.call_arguments(call)
    return args[0].text if len(args) == 1 else None


def _iterates_over(loop: tree_sitter.Node, xs: bytes | None) -> bool:
    """Does the loop run at most once per element of `xs`?"""
    for c in loop.named_children:
        if c.type == "range_clause":
            right = c.child_by_field_name("right")
            return right is not None and right.text == xs
        if c.type == "for_clause":
            cond = gosyntax.unparen(c.child_by_field_name("condition"))
            if cond is None or cond.type != "binary_expression":
                return False
            op = cond.child_by_field_name("operator")
            bound = cond.child_by_field_name("right")
            return (
                op is not None
                and op.type == "<"
                and bound is not None
                and _length_operand(bound) == xs
            )
    return False


# The nodes whose children are a list of statements (a case's body has no block).
_STATEMENT_LISTS = frozenset(
    {
        "block",
        "statement_list",
        "communication_case",
        "expression_case",
        "type_case",
        "default_case",
    }
)


# Statements that may stand between a final send and its `return` (`errc <- err;
# close(frames); return`): they neither loop back nor jump, and, when they do not name
# the channel, do not send on it again.
_STRAIGHT_STATEMENTS = frozenset(
    {
        "expression_statement",
        "assignment_statement",
        "short_var_declaration",
        "inc_statement",
        "dec_statement",
        "comment",
    }
)


def _then_leaves(send: tree_sitter.Node) -> bool:
    """Is the send statement followed, in its block, by a `return`, with only straight
    statements that do not name the channel in between?"""
    stmt = send
    while stmt.parent is not None and stmt.parent.type not in _STATEMENT_LISTS:
        if stmt.parent.type in gosyntax.FUNCTION_TYPES:
            return False
        stmt = stmt.parent
    channel = send.child_by_field_name("channel")
    name = channel.text if channel is not None else None
    while True:
        nxt = stmt.next_named_sibling
        while nxt is not None and nxt.type in _STRAIGHT_STATEMENTS:
            if nxt.type != "comment" and _may_send_again(nxt, name):
                return False
            nxt = nxt.next_named_sibling
        if nxt is not None:
            return nxt.type == "return_statement"
        if _function_body(stmt.parent):
            return True  # the last statement of the function: it falls off the end
        # The end of an `if` or `else` block: what runs next follows the whole `if`.
        owner = _if_owning(stmt.parent)
        if owner is None:
            return False
        stmt = owner


def _may_send_again(stmt: tree_sitter.Node, channel: bytes | None) -> bool:
    """Does a statement between a send and its `return` name the channel (it may send on
    it again), other than to close it?"""
    text = stmt.text or b""
    if not channel:
        return True
    squeezed = channel.replace(b" ", b"")
    return channel in text and text.replace(b" ", b"") != b"close(" + squeezed + b")"


def _function_body(block: tree_sitter.Node | None) -> bool:
    """Is `block` (or the statement list in it) a function's body?"""
    if block is not None and block.type == "statement_list":
        block = block.parent
    return (
        block is not None
        and block.type == "block"
        and block.parent is not None
        and block.parent.type in gosyntax.FUNCTION_TYPES
    )


def _if_owning(block: tree_sitter.Node | None) -> tree_sitter.Node | None:
    """The outermost `if` statement whose branch `block` is (climbing `else if` chains)."""
    if block is not None and block.type == "statement_list":
        block = block.parent
    if block is None or block.type != "block" or block.parent is None:
        return None
    owner = block.parent
    if owner.type != "if_statement":
        return None
    while owner.parent is not None and owner.parent.type == "if_statement":
        owner = owner.parent  # `else if`: the chain ends where the outermost one does
    return owner


def _in_select_case(node: tree_sitter.Node) -> bool:
    case = gosyntax.innermost_case(node)
    return case is not None and case.parent is not None and case.parent.type == "select_statement"


def drained_by_every_caller(package: Package, owner: tree_sitter.Node) -> bool:
    """CONSUMERS_DRAIN: an unexported function returning a channel whose every call in the
    package is ranged over to the end (`for v := range list(ctx) { ... }`, with no way out
    of the loop but its end): no consumer ever stops reading, so a send that ignores the
    context is never abandoned. Trade-off: a consumer that panics out of the loop is not
    a way out we judge."""
    import re

    name = gosyntax.function_name(owner)
    if not name or name[:1].isupper():
        return False  # callers outside the package
    calls = re.compile(rb"\b" + re.escape(name.encode()) + rb"\(")
    seen = False
    for f in package.files:
        for m in calls.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.start() + 1)
            call = node
            while call is not None and call.type != "call_expression":
                if call.type in ("function_declaration", "method_declaration"):
                    break
                call = call.parent
            if call is None or call.type != "call_expression":
                if node is not None and node.parent is not None and node.parent == owner:
                    continue  # the declaration's own name
                if node is not None and any(
                    a.type in ("method_elem", "method_spec") for a in gosyntax.ancestors(node)
                ):
                    continue  # an interface's method the function implements
                return False
            loop = _ranged_over(call)
            if loop is None or paths.left_early(loop):
                return False  # kept, passed or received from: someone may stop reading
            seen = True
    return seen


def ended_by_its_producer(
    package: Package, owner: tree_sitter.Node, goroutine: tree_sitter.Node | None
) -> bool:
    """ENDED_BY_ITS_PRODUCER: an unexported function returns a channel its goroutine
    feeds, and that goroutine closes a channel (`close(s.shutdown)`) only right before it
    returns, after its last send; every caller keeps the returned channel
    (`p.refresh = s.newTicker(done)`) and reads it in loops whose only ways out are a
    `select` case receiving that same channel (`case <-s.shutdown: return`). The reader
    stops only once the producer has stopped sending, so no send is abandoned. The
    channels are matched by their last name (`shutdown`), whatever holds them; a
    reader that panics out of its loop is not a way out we judge."""
    import re

    name = gosyntax.function_name(owner)
    signal = _closed_before_returning(goroutine) if goroutine is not None else None
    if not name or name[:1].isupper() or signal is None:
        return False
    calls = re.compile(rb"\b" + re.escape(name.encode()) + rb"\s*\(")
    seen = False
    for f in package.files:
        for m in calls.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.start() + len(name))
            call = gosyntax.call_naming(node) if node is not None else None
            if call is None:
                if node is not None and node.parent is not None and node.parent == owner:
                    continue  # the declaration's own name
                return False
            kept = _kept_as(call)
            reader = gosyntax.enclosing_function(call)
            if kept is None or reader is None or not _read_until(reader, kept, signal):
                return False
            seen = True
    return seen


def _closed_before_returning(goroutine: tree_sitter.Node) -> bytes | None:
    """The last name of the one channel the goroutine closes, in a `close(x)` followed
    by `return`."""
    body = goroutine.child_by_field_name("body")
    closes = [
        n
        for n in (gosyntax.walk(body) if body is not None else ())
        if n.type == "call_expression" and gosyntax.callee_text(n) == "close"
    ]
    if len(closes) != 1 or closes[0].parent is None:
        return None
    after = closes[0].parent.next_named_sibling
    args = gosyntax.call_arguments(closes[0])
    if after is None or after.type != "return_statement" or len(args) != 1:
        return None
    return _last_name(args[0])


def _last_name(expr: tree_sitter.Node | None) -> bytes | None:
    """`x` of `x`, `shutdown` of `s.shutdown`."""
    expr = gosyntax.unparen(expr)
    if expr is not None and expr.type == "selector_expression":
        expr = expr.child_by_field_name("field")
    if expr is None or expr.type not in ("identifier", "field_identifier"):
        return None
    return expr.text


def _kept_as(call: tree_sitter.Node) -> bytes | None:
    """The text of the one name or field the call's result is assigned to."""
    values = call.parent
    statement = values.parent if values is not None else None
    if (
        values is None
        or statement is None
        or values.type != "expression_list"
        or len(values.named_children) != 1
        or statement.type not in ("short_var_declaration", "assignment_statement")
        or statement.child_by_field_name("right") != values
    ):
        return None
    left = statement.child_by_field_name("left")
    targets = left.named_children if left is not None else []
    return targets[0].text if len(targets) == 1 else None


def _receives_from(expr: tree_sitter.Node, channel: bytes) -> bool:
    """Is `expr` a receive `<-channel` (by the channel's text)?"""
    operand = gosyntax.receive_operand(expr)
    return operand is not None and operand.text == channel


def _read_until(reader: tree_sitter.Node, kept: bytes, signal: bytes) -> bool:
    """Is every receive from `kept` in `reader` a `select` case of a loop whose every way
    out is inside a case receiving from a channel named `signal`?"""
    receives = [
        n for n in gosyntax.descendants(reader, "unary_expression") if _receives_from(n, kept)
    ]
    if not receives:
        return False
    for r in receives:
        loops = gosyntax.loops_between(r, reader)
        if not loops or not any(a.type == "communication_case" for a in gosyntax.ancestors(r)):
            return False
        for out in paths.ways_out(loops[-1]):
            case = next(
                (a for a in gosyntax.ancestors(out, loops[-1]) if a.type == "communication_case"),
                None,
            )
            if case is None or _last_name(gosyntax.received_operand(case)) != signal:
                return False
    return True


def _ranged_over(call: tree_sitter.Node) -> tree_sitter.Node | None:
    """The `for` that ranges over the call's channel: `for v := range f()`, or `ch, err :=
    f()` followed by `for v := range ch` with `ch` used nowhere else."""
    clause, _child = gosyntax.parent_skipping_parens(call)
    if clause is not None and clause.type == "range_clause":
        return clause.parent
    if clause is None or clause.type != "expression_list" or clause.parent is None:
        return None
    decl = clause.parent
    if decl.type != "short_var_declaration" or gosyntax.field(decl, "right") != clause:
        return None
    names = gosyntax.field(decl, "left").named_children
    func = gosyntax.enclosing_function(decl)
    body = func.child_by_field_name("body") if func is not None else None
    if not names or names[0].type != "identifier" or body is None:
        return None
    name = names[0].text or b""
    uses = [n for n in gosyntax.walk(body) if n.type == "identifier" and n.text == name]
    ranges = [
        u.parent.parent
        for u in uses
        if u.parent is not None
        and u.parent.type == "range_clause"
        and u.parent.child_by_field_name("right") == u
        and u.parent.parent is not None
    ]
    return ranges[0] if len(uses) == 2 and len(ranges) == 1 else None


def fails_on_cancel(send: tree_sitter.Node, way_out: str) -> bool:
    """LIKELIEST_AFTER_CANCEL: is the send in the `if err != nil` branch of a call handed
    the context (`resp, err := get(ctx, url)` just before, or in the `if` itself)? Once
    the context is cancelled that call fails, so this is the send a cancelled stage
    reaches; the one a finding names, rather than a send after a step that cannot fail
    that way (`json.Marshal`). Trade-off: read from the text, the context by its name."""
    for a, cond in gosyntax.guarding_ifs(send):
        if (
            cond.type != "binary_expression"
            or gosyntax.text(gosyntax.field(cond, "operator")) != "!="
            or gosyntax.field(cond, "right").type != "nil"
        ):
            continue
        before = gosyntax.previous_statement(a)
        for source in (a.child_by_field_name("initializer"), before):
            if source is None:
                continue
            for n in [source, *gosyntax.walk(source)]:
                if n.type == "call_expression" and any(
                    gosyntax.text(arg) == way_out for arg in gosyntax.call_arguments(n)
                ):
                    return True
        return False
    return False
