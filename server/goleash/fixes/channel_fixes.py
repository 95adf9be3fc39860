"""Fixes on the channel itself: a buffer, a deferred close, a close after the WaitGroup."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.channels import ActorKind, Channel, OpKind
from goleash.fixes import gotypes, layout, scope
from goleash.fixes.common import editable, guarded, make_fix, statement_before_return
from goleash.model import Applicability, Fix, TextEdit

if TYPE_CHECKING:
    from goleash.rules.base import Context


@guarded
def buffer_channel(ctx: Context, ch: Channel, capacity: str) -> Fix | None:
    """`make(chan T)` -> `make(chan T, capacity)`.

    Unsafe: a buffer changes when senders proceed. The rule offers it only when each
    sender sends once, as its last blocking operation, and `capacity` covers them all.
    """
    make = ch.make if ch is not None else None
    if make is None or not editable(ctx, make):
        return None
    args = gosyntax.call_arguments(make)
    if not args or args[0].type != "channel_type":
        return None
    later = [n for n in _leading_names(capacity) if scope.declared_only_later(make, n)]
    if later:
        # `len(deps)` where `deps` is declared after the make: make it once `deps` is.
        return _made_once_sized(ctx, ch.name, make, capacity, later)
    if len(args) >= 2:
        edit = TextEdit(args[1].start_byte, args[1].end_byte, capacity)
    else:
        edit = TextEdit(args[0].end_byte, args[0].end_byte, f", {capacity}")
    return make_fix(
        f"Give `{ch.name}` a buffer of {capacity}", [edit], Applicability.UNSAFE, file=ctx.file
    )


def _made_once_sized(
    ctx: Context, name: str, make: Node, capacity: str, later: list[str]
) -> Fix | None:
    """`ch := make(chan T, len(xs))` moved down to right after the last statement of its
    block that declares or assigns one of `later` (the names its new capacity reads), so
    the buffer is sized by the slice as it will be ranged over (GROWN_COPY). Only when
    nothing between reads the channel."""
    stmt = make.parent
    while stmt is not None and stmt.type == "expression_list":
        stmt = stmt.parent
    if stmt is None or stmt.type != "short_var_declaration" or not layout.is_statement(stmt):
        return None
    left = gosyntax.field(stmt, "left").named_children
    block = stmt.parent
    if len(left) != 1 or gosyntax.text(left[0]) != name or block is None:
        return None
    siblings = [c for c in block.named_children if c.start_byte > stmt.end_byte]
    last = None
    for sibling in siblings:
        if any(
            n.type == "identifier" and gosyntax.text(n) == name
            for n in gosyntax.walk(sibling, skip_functions=False)
        ):
            break  # the channel is used here: it must exist by now
        if any(_sets(n, later) for n in gosyntax.walk(sibling, skip_functions=False)):
            last = sibling
    if last is None:
        return None
    args = gosyntax.call_arguments(make)
    kind = gosyntax.text(args[0])
    removed = layout.delete_statement(ctx.file, stmt)
    added = layout.insert_after_statement(ctx.file, last, [f"{name} := make({kind}, {capacity})"])
    if removed is None or added is None:
        return None
    return make_fix(
        f"Make `{name}` once `{later[0]}` is complete, with a buffer of {capacity}",
        [removed, added],
        Applicability.UNSAFE,
        file=ctx.file,
    )


def _sets(node: Node, names: list[str]) -> bool:
    """`node` declares or assigns one of `names` (`xs := ...`, `xs = append(xs, x)`)."""
    if node.type not in ("short_var_declaration", "assignment_statement"):
        return False
    left = node.child_by_field_name("left")
    return left is not None and any(gosyntax.text(t) in names for t in left.named_children)


def _leading_names(expr: str) -> set[str]:
    """The names an expression starts its operands with (`len(deps)` -> deps, len)."""
    return set(re.findall(r"(?<![\w.])([A-Za-z_]\w*)", expr))


def _closed_elsewhere(ch: Channel) -> bool:
    return bool(ch.of(OpKind.CLOSE))


def _sent_after_return(ch: Channel) -> bool:
    """A goroutine or closure that sends may still send once the owner has returned."""
    return any(o.actor.kind in (ActorKind.GOROUTINE, ActorKind.CLOSURE) for o in ch.of(OpKind.SEND))


def _movable_closes(ch: Channel) -> list[Node] | None:
    """The owner's own `close(ch)` statements, when those are the only closes; else None."""
    closes = ch.of(OpKind.CLOSE)
    stmts = []
    for o in closes:
        if o.actor.kind is not ActorKind.OWNER or o.in_loop:
            return None
        stmt = o.node.parent
        if stmt is None or stmt.type != "expression_statement" or not layout.is_statement(stmt):
            return None
        stmts.append(stmt)
    return stmts


def _only_returns_follow(stmt: Node) -> bool:
    """Nothing but a `return` runs between this statement and the function's end."""
    nxt = gosyntax.next_statement(stmt)
    if nxt is None:
        block = layout.enclosing_block(stmt)
        return (
            block is not None
            and block.parent is not None
            and block.parent.type in gosyntax.FUNCTION_TYPES
        )
    return nxt.type == "return_statement" and not any(
        n.type in ("call_expression", "unary_expression") for n in gosyntax.walk(nxt)
    )


@guarded
def defer_close(ctx: Context, ch: Channel) -> Fix | None:
    """`defer close(ch)` right after ch's `make`: every receiver is released when the owner returns.

    When the owner already closes `ch` on some paths, that `close` moves into the defer
    (so the paths that skipped it close too). Safe when nothing but a `return` followed
    those closes, unsafe otherwise (the close now happens later). None when someone
    other than the owner closes `ch` (a second close panics) or a goroutine may still
    send on it after the owner returns (a send on a closed channel panics).
    """
    if ch.make is None or ch.decl is None or not ch.trusted or not editable(ctx, ch.decl):
        return None
    if _sent_after_return(ch) or not layout.is_statement(ch.decl):
        return None  # not a statement: e.g. `if ch := make(...); ...`
    if gosyntax.loops_between(ch.decl, ch.owner_body):
        return None  # a defer per iteration would pile up until the function returns
    closes = _movable_closes(ch)
    if closes is None or not all(editable(ctx, c) for c in closes):
        return None
    insert = layout.insert_after_statement(ctx.file, ch.decl, [f"defer close({ch.name})"])
    removals = [layout.delete_statement(ctx.file, c) for c in closes]
    if insert is None or any(r is None for r in removals):
        return None
    if closes:
        safe = all(_only_returns_follow(c) for c in closes)
        return make_fix(
            f"Move `close({ch.name})` into a `defer` after the `make`",
            [insert, *removals],
            Applicability.SAFE if safe else Applicability.UNSAFE,
            file=ctx.file,
        )
    return make_fix(
        f"Add `defer close({ch.name})` after the `make`",
        [insert],
        Applicability.SAFE,
        file=ctx.file,
    )


@guarded
def close_unregistered(ctx: Context, ret: Node | None, queue: str) -> Fix | None:
    """`close(f.readings)` right before a `return` that leaves the object in no map, so
    the worker ranging over its channel ends (UNREGISTERED_ON_A_WAY_OUT).

    Unsafe: a method of the object called before the `return` may have handed it on,
    and whoever holds it then would send on a closed channel."""
    return statement_before_return(
        ctx, ret, f"close({queue})", f"Close `{queue}` before the `return`"
    )


@guarded
def append_key_to_list(ctx: Context, call: Node | None, key_list: str, key: str) -> Fix | None:
    """`b.order = append(b.order, name)` right before the statement that calls the
    starter (`return b.startLane(name)`), so the walk over the list that closes each
    entry's channel reaches the new one too (KEY_LIST_WALK).

    Unsafe: a starter that stores nothing on some path leaves a key with no entry, which
    the walk would index (a nil entry), and a key already listed would be closed twice."""
    fn = gosyntax.unparen(call.child_by_field_name("function")) if call is not None else None
    operand = (
        fn.child_by_field_name("operand")
        if fn is not None and fn.type == "selector_expression"
        else None
    )
    stmt = call
    while stmt is not None and not layout.is_statement(stmt):
        stmt = stmt.parent
    if call is None or operand is None or stmt is None or not editable(ctx, stmt):
        return None
    holder = f"{gosyntax.text(operand)}.{key_list}"
    edit = layout.insert_before_statement(ctx.file, stmt, [f"{holder} = append({holder}, {key})"])
    if edit is None:
        return None
    return make_fix(
        f"Add `{key}` to `{holder}` at line {gosyntax.line_of(stmt)}",
        [edit],
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def close_before_exit(ctx: Context, ch: Channel, exit_node: Node | None) -> Fix | None:
    """`return err` -> `close(ch)` + `return err`, at the way out that skips the owner's
    own `close(ch)`: for an owner that waits for its goroutine after closing (`close(ch);
    return <-done`), where a deferred close would run only after that wait.

    Safe when the owner is the one sender and its own closes the only ones, none in a
    loop and all after the `return` (none in a loop around it), and the `make` in no
    loop: that path closes once, and nothing sends after it."""
    if ch.make is None or ch.decl is None or not ch.trusted or exit_node is None:
        return None
    if exit_node.type != "return_statement" or not editable(ctx, exit_node):
        return None
    if _sent_after_return(ch) or gosyntax.loops_between(ch.decl, ch.owner_body):
        return None
    closes = _movable_closes(ch)
    owner = gosyntax.enclosing_function(ch.decl)
    if not closes or owner is None or gosyntax.enclosing_function(exit_node) != owner:
        return None
    if any(not _before_in_every_run(exit_node, close) for close in closes):
        return None  # a path through a close may reach this return: a second close panics
    edit = layout.insert_before_statement(ctx.file, exit_node, [f"close({ch.name})"])
    if edit is None:
        return None
    return make_fix(
        f"Close `{ch.name}` before the return at line {gosyntax.line_of(exit_node)}",
        [edit],
        Applicability.SAFE,
        file=ctx.file,
    )


def _before_in_every_run(first: Node, later: Node) -> bool:
    """Does `first` come before `later` in the text, with no loop around both (which
    would run `later` before `first` on its next turn)?"""
    if first.start_byte >= later.start_byte:
        return False
    return not any(gosyntax.is_within(later, loop) for loop in gosyntax.loops_between(first, None))


def _top_statement(node: Node, body: Node | None) -> Node | None:
    """The statement of `body` (a function body block) that holds `node`."""
    stmt = gosyntax.innermost_statement(node)
    while stmt is not None:
        block = layout.enclosing_block(stmt)
        if block is not None and block == body:
            return stmt
        stmt = gosyntax.innermost_statement(stmt.parent) if stmt.parent is not None else None
    return None


def _wait_group(ch: Channel) -> str | None:
    """The WaitGroup the owner declares (`var wg sync.WaitGroup`, `wg := &sync.WaitGroup{}`)."""
    body = ch.owner_body
    if body is None:
        return None
    for n in gosyntax.walk(body):
        if n.type == "var_spec":
            t = n.child_by_field_name("type")
            if t is not None and gosyntax.text(t).replace(" ", "") in (
                "sync.WaitGroup",
                "*sync.WaitGroup",
            ):
                names = n.children_by_field_name("name")
                if len(names) == 1:
                    return gosyntax.text(names[0])
        elif n.type == "short_var_declaration":
            left = gosyntax.field(n, "left").named_children
            right = gosyntax.field(n, "right").named_children
            if (
                len(left) == 1 == len(right)
                and "sync.WaitGroup" in gosyntax.text(right[0])
                and right[0].type in ("composite_literal", "unary_expression", "call_expression")
            ):
                return gosyntax.text(left[0])
    for name, t in gosyntax.parameters(ch.owner):
        if t is not None and gosyntax.text(t).replace(" ", "") == "*sync.WaitGroup":
            return name
    return None


@guarded
def close_after_wait(
    ctx: Context, ch: Channel, wg: str | None = None, after: Node | None = None
) -> Fix | None:
    """`go func() { wg.Wait(); close(ch) }()` after the producers start: the consumer's
    `range` ends once every producer is done.

    `wg` defaults to the WaitGroup the owner declares; `after` to the owner-body statement
    holding the last `go` that sends on `ch`. Safe only when every sender is a goroutine
    that calls `wg.Done()`, and nothing closes `ch` yet.
    """
    if not ch.trusted or _closed_elsewhere(ch) or not editable(ctx, ch.owner):
        return None
    wg = wg or _wait_group(ch)
    if not wg:
        return None
    senders = ch.of(OpKind.SEND)
    if not senders or any(
        o.actor.kind is not ActorKind.GOROUTINE or o.actor.func is None for o in senders
    ):
        return None
    for o in senders:
        body = o.actor.body
        if body is None or f"{wg}.Done()" not in gosyntax.text(body):
            return None
    if after is None:
        sites = [o.actor.site for o in senders if o.actor.site is not None]
        if not sites:
            return None
        last = max(sites, key=lambda n: n.end_byte)
        after = _top_statement(last, ch.owner_body)
        if after is None:
            return None
    edit = layout.insert_after_statement(
        ctx.file, after, ["go func() {", f"\t{wg}.Wait()", f"\tclose({ch.name})", "}()"]
    )
    return make_fix(
        f"Close `{ch.name}` once every producer is done: `go func() {{ {wg}.Wait(); close({ch.name}) }}()`",
        [edit],
        Applicability.SAFE,
        file=ctx.file,
    )


@guarded
def close_in_producer(ctx: Context, ch: Channel) -> Fix | None:
    """`defer close(ch)` as the first statement of the one goroutine that sends on `ch`:
    the consumer's `range` ends when the producer is done, on every path it takes.

    Safe when that goroutine (started once, not in a loop) does every send and nothing
    else closes `ch`.
    """
    if not ch.trusted or _closed_elsewhere(ch):
        return None
    sends = ch.of(OpKind.SEND)
    actors = {id(o.actor): o.actor for o in sends}
    if len(actors) != 1:
        return None
    producer = next(iter(actors.values()))
    if producer.kind is not ActorKind.GOROUTINE or producer.repeated or producer.func is None:
        return None
    if any(o.actor is not producer for o in ch.ops if o.kind is OpKind.SEND):
        return None
    body = producer.body
    if body is None or not editable(ctx, body):
        return None
    operand = sends[0].node.child_by_field_name("channel")
    name = ctx.file.text(operand) if operand is not None else ch.name
    if any(ctx.file.text(o.node.child_by_field_name("channel")) != name for o in sends):
        return None  # the producer reaches the channel under several names
    typ = gotypes.channel_expression_type(operand, getattr(ctx, "package", None))
    if typ is not None and gotypes.direction(typ) == "recv":
        return None  # closing a receive-only channel does not compile
    if body.start_point[0] == body.end_point[0]:
        return None  # a one-line body: the goroutine is rarely a producer loop
    # First thing in the body, right under the opening brace (above any comment).
    at = layout.line_end(ctx.file, body.start_point[0])
    indent = layout.indent_of(ctx.file, body) + layout.TAB
    edit = TextEdit(at, at, f"\n{indent}defer close({name})")
    return make_fix(
        f"Add `defer close({name})` at the top of the producer goroutine",
        [edit],
        Applicability.SAFE,
        file=ctx.file,
    )


@guarded
def wait_in_goroutine(ctx: Context, ch: Channel, wait_call: Node, wg: str) -> Fix | None:
    """`wg.Wait()` -> `go func() { wg.Wait(); close(ch) }()`: the owner receives while the
    senders finish, and the channel closes once they are all done.

    Unsafe: the owner no longer waits at that point, which code after it may rely on.
    None when something else closes `ch` (a second close panics)."""
    if not ch.trusted or not editable(ctx, wait_call):
        return None
    stmt = _statement_of(wait_call)
    if stmt is None or not layout.is_statement(stmt):
        return None
    closing = _close_right_after(stmt, ch)
    closes = ch.of(OpKind.CLOSE)
    if closes and (closing is None or len(closes) != 1):
        return None  # closed elsewhere too: a second close would panic
    if stmt.type == "if_statement":
        return _checked_wait_in_goroutine(ctx, ch, stmt, wait_call, wg, closing)
    if stmt.type != "expression_statement":
        return None
    edit = layout.replace_statement(
        ctx.file, stmt, ["go func() {", f"\t{wg}.Wait()", f"\tclose({ch.name})", "}()"]
    )
    if edit is None:
        return None
    edits = [edit]
    if closing is not None:
        removed = layout.delete_statement(ctx.file, closing)
        if removed is None:
            return None
        edits.append(removed)
    return make_fix(
        f"Wait in a goroutine that closes `{ch.name}`: `go func() {{ {wg}.Wait(); close({ch.name}) }}()`",
        edits,
        Applicability.UNSAFE,
        file=ctx.file,
    )


def _statement_of(call: Node) -> Node | None:
    """The statement that makes `call` first: `g.Wait()`, or the `if` whose initializer
    is `err := g.Wait()`."""
    parent = call.parent
    if parent is not None and parent.type == "expression_statement":
        return parent
    values = parent
    decl = values.parent if values is not None and values.type == "expression_list" else None
    head = decl.parent if decl is not None else None
    if (
        decl is not None
        and decl.type == "short_var_declaration"
        and head is not None
        and head.type == "if_statement"
        and head.child_by_field_name("initializer") == decl
    ):
        return head
    return None


def _close_right_after(stmt: Node, ch: Channel) -> Node | None:
    """`close(ch)` as the statement right after `stmt`, in the same block."""
    after = stmt.next_named_sibling
    call = after.named_children[0] if after is not None and after.named_children else None
    if (
        after is None
        or after.type != "expression_statement"
        or call is None
        or call.type != "call_expression"
        or gosyntax.callee_text(call) != "close"
    ):
        return None
    args = gosyntax.call_arguments(call)
    return after if len(args) == 1 and gosyntax.text(args[0]) == ch.name else None


def _range_over_after(stmt: Node, name: str) -> Node | None:
    """The first later statement of the block that ranges over `name`, when none
    between mentions it."""
    after = stmt.next_named_sibling
    while after is not None:
        clause = next((c for c in after.named_children if c.type == "range_clause"), None)
        right = clause.child_by_field_name("right") if clause is not None else None
        if after.type == "for_statement" and right is not None and gosyntax.text(right) == name:
            return after
        if any(
            n.type == "identifier" and gosyntax.text(n) == name
            for n in gosyntax.walk(after, skip_functions=False)
        ):
            return None
        after = after.next_named_sibling
    return None


def _checked_wait_in_goroutine(
    ctx: Context, ch: Channel, check: Node, wait_call: Node, wg: str, closing: Node | None
) -> Fix | None:
    """`if err := g.Wait(); err != nil { ... }` then `close(ch)` and a range over `ch`:
    the wait and the close go into a goroutine that keeps the error, and the check moves
    after the range, which ends once the channel is closed (so the error is written
    before it is read)."""
    ranged = _range_over_after(closing, ch.name) if closing is not None else None
    if closing is None or ranged is None:
        return None
    decl = check.child_by_field_name("initializer")
    left = gosyntax.field(decl, "left").named_children if decl is not None else []
    if decl is None or len(left) != 1:
        return None
    kept = scope.fresh_name(None, check, ("waitErr",))
    started = layout.replace_statement(
        ctx.file,
        check,
        [
            f"var {kept} error",
            "go func() {",
            f"\t{kept} = {wg}.Wait()",
            f"\tclose({ch.name})",
            "}()",
        ],
    )
    removed = layout.delete_statement(ctx.file, closing)
    head = gosyntax.text(check)
    moved = head.replace(gosyntax.text(decl), f"{gosyntax.text(left[0])} := {kept}", 1)
    lines = layout.relative_lines(ctx.file, check, moved)
    checked = layout.insert_after_statement(ctx.file, ranged, lines) if lines else None
    if started is None or removed is None or checked is None:
        return None
    return make_fix(
        f"Wait in a goroutine that closes `{ch.name}`, and check `{wg}.Wait()`'s error after the range",
        [started, removed, checked],
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def close_in_stopper(ctx: Context, method: Node | None, field: str) -> Fix | None:
    """`close(r.events)` first thing in the type's stopping method, ending the worker that
    ranges over the queue.

    Unsafe: a send on the queue after the method ran now panics, and so does a second
    call of the method; the senders must learn the object is stopped."""
    if method is None or method.type != "method_declaration" or not editable(ctx, method):
        return None
    recv = gotypes.receiver(method)
    body = method.child_by_field_name("body")
    if recv is None or recv[0] in ("", "_") or body is None:
        return None
    statement = f"close({recv[0]}.{field})"
    indent = layout.indent_of(ctx.file, method) + layout.TAB
    if body.start_point[0] == body.end_point[0]:
        # `func (r *R) Stop() {}` or a one-line body: gofmt puts each statement on its line.
        inner = (body.text or b"{}")[1:-1].decode("utf-8", "replace").strip()
        lines = [statement] + ([inner] if inner else [])
        text = (
            "{\n"
            + "".join(f"{indent}{line}\n" for line in lines)
            + layout.indent_of(ctx.file, method)
            + "}"
        )
        edit = TextEdit(body.start_byte, body.end_byte, text)
    else:
        at = layout.line_end(ctx.file, body.start_point[0])
        edit = TextEdit(at, at, f"\n{indent}{statement}")
    name = gosyntax.function_name(method)
    return make_fix(
        f"Close `{recv[0]}.{field}` in `{name}`", [edit], Applicability.UNSAFE, file=ctx.file
    )


@guarded
def release_slot_in_defer(ctx: Context, acquire: Node | None, releases: list[Node]) -> Fix | None:
    """`defer func() { <-sem }()` right after the send that takes a semaphore slot, and the
    function's own `<-sem` statements removed, so every way out gives the slot back once.

    Unsafe: the slot is now held until the function returns, past whatever followed the
    old release."""
    if acquire is None or acquire.type != "send_statement" or not layout.is_statement(acquire):
        return None
    channel = acquire.child_by_field_name("channel")
    if channel is None or not editable(ctx, acquire):
        return None
    name = gosyntax.text(channel)
    edits = []
    for stmt in releases:
        if stmt.type == "defer_statement":
            return None  # already deferred on some path: leave it to the author
        if stmt.type != "expression_statement" or gosyntax.text(stmt).replace(
            " ", ""
        ) != f"<-{name}".replace(" ", ""):
            return None  # a release that also reads the value, or sits in a select
        edit = layout.delete_statement(ctx.file, stmt)
        if edit is None:
            return None
        edits.append(edit)
    insert = layout.insert_after_statement(ctx.file, acquire, [f"defer func() {{ <-{name} }}()"])
    if insert is None:
        return None
    return make_fix(
        f"Give the slot of `{name}` back in a `defer` right after taking it",
        [insert, *edits],
        Applicability.UNSAFE,
        file=ctx.file,
    )


@guarded
def close_handed_back(ctx: Context, call: Node, index: int, preferred: str) -> Fix | None:
    """`_, err := l.detach(id)` -> `in, err := l.detach(id)` and `if in != nil {
    close(in) }` right after: the channel the helper took out of its map and handed back
    is closed, as the helper's other callers do (HANDED_BACK).

    Unsafe: a sender that looked the channel up before the helper deleted it and sends
    after the close now panics; the package's other callers close it the same way."""
    if not editable(ctx, call):
        return None
    parent, _child = gosyntax.parent_skipping_parens(call)
    stmt = parent.parent if parent is not None else None
    if stmt is None or stmt.type not in ("short_var_declaration", "assignment_statement"):
        return None
    left = gosyntax.field(stmt, "left").named_children
    if index >= len(left) or gosyntax.text(left[index]) != "_":
        return None
    func = gosyntax.enclosing_function(stmt)
    name = scope.fresh_name(func, stmt, (preferred, f"{preferred}Ch", "handed"))
    rename = TextEdit(left[index].start_byte, left[index].end_byte, name)
    if stmt.type == "assignment_statement":
        return None  # `_` in `=` would need the name declared first
    close = layout.insert_after_statement(
        ctx.file, stmt, [f"if {name} != nil {{", f"\tclose({name})", "}"]
    )
    if close is None:
        return None
    return make_fix(
        f"Close the channel `{gosyntax.callee_text(call)}` hands back: `close({name})`",
        [rename, close],
        Applicability.UNSAFE,
        file=ctx.file,
    )
