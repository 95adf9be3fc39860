"""Wording and related locations for the rules that report the general model's leaks,
so they all speak alike: who blocks, on what, where it was started and made, and
which way out leaves it behind."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import fixes, gosyntax
from goleash.analysis.caller_contexts import branch_deriving_context, caller_context_case
from goleash.analysis.cfg import Event
from goleash.analysis.classify import Leak
from goleash.analysis.functions import Function
from goleash.model import Finding, Fix, Related
from goleash.source import SourceFile

if TYPE_CHECKING:
    from goleash.analysis.channels import Channel
    from goleash.analysis.kept_contexts import KeptContext
    from goleash.rules.base import Context, Rule


def display_name(leak: Leak) -> str:
    ident = leak.ident
    if ident.var is None:
        return ident.name  # a helper's result used on the spot: `lines(r)`
    if ident.field is not None:
        return f"{ident.var.name}.{ident.field}"
    return ident.name


def function_name(func: Function | None) -> str | None:
    return gosyntax.function_name(func.node) if func is not None else None


def declaring_name(func: Function) -> str | None:
    """The function's name, or for a literal the name of the declaration it is written
    in (`Cancel` for the literal its `s.once.Do` runs)."""
    return gosyntax.function_name(func.node) or gosyntax.function_name(
        gosyntax.top_level(func.node)
    )


def who(leak: Leak) -> str:
    v = leak.verdict
    func = v.partner.func if v.partner is not None else v.func
    name = function_name(func)
    return f"goroutine `{name}`" if name else "goroutine"


def owner(leak: Leak) -> str:
    name = function_name(leak.ident.root)
    return f"`{name}`" if name else "the function"


def _operand(ev: Event) -> Node | None:
    n = ev.node
    if ev.kind == "send":
        return n.child_by_field_name("channel")
    if ev.kind == "recv" or n.type == "unary_expression":  # (a receive until closed)
        return n.child_by_field_name("operand")
    if ev.kind == "range":
        for c in n.named_children:
            if c.type == "range_clause":
                return c.child_by_field_name("right")
    if ev.kind in ("wait", "add", "done"):
        fn = n.child_by_field_name("function")
        return fn.child_by_field_name("operand") if fn is not None else None
    return None


def operand_text(ev: Event) -> str | None:
    op = _operand(ev)
    return gosyntax.text(op) if op is not None else None


def verb(leak: Leak, ev: Event | None = None) -> str:
    ev = ev or leak.verdict.event
    text = operand_text(ev)
    name = display_name(leak)
    shown = f"`{text}`" if text else "the channel"
    if text and text != name:
        shown += f" (`{name}`)"  # the parameter's name inside a named goroutine
    if ev.kind == "range" and ev.node.type != "for_statement":
        return f"receiving from {shown}"  # `v, ok := <-ch` in a loop left only when `!ok`
    return {
        "send": f"sending on {shown}",
        "recv": f"receiving from {shown}",
        "range": f"ranging over {shown}",
    }.get(ev.kind, "using the channel")


def anchor(ev: Event) -> Node:
    """The node to point at: a range's clause rather than the whole loop, the `select`
    a goroutine waits in rather than one of its cases."""
    if ev.case is not None:
        return ev.case.select
    if ev.kind == "range":
        for c in ev.node.named_children:
            if c.type == "range_clause":
                return c
    return ev.node


def primary(ctx: Context, leak: Leak) -> Node:
    """The blocked operation when it is in this file; else where this file starts its goroutine."""
    v = leak.verdict
    if v.func.file.path == ctx.file.path:
        return anchor(v.event)
    if v.partner is not None and v.partner.func is not None:
        start = v.partner.event.node
        if in_file(ctx, start):
            return start
    return leak.ident.birth


def in_file(ctx: Context, node: Node) -> bool:
    from goleash.fixes.common import owns

    return owns(ctx.file, node)


def related_here(ctx: Context, node: Node, note: str) -> list[Related]:
    """`node` as a related location with `note`, when it is in this file; else none."""
    return [ctx.related(node, note)] if in_file(ctx, node) else []


def stopped_by_a_method(ctx: Context, leak: Leak) -> bool:
    """Is this leak's channel made by a constructor whose goroutine runs until a method
    of the object stops it, a method this function never calls? GL010 reports that
    with the method named; the channel's own rule would say "never closed", which is
    not so (it is closed, just not here)."""
    birth = leak.ident.birth
    if leak.ident.helper is None or birth is None or not in_file(ctx, birth):
        return False
    if any(u.call.start_byte == birth.start_byte for u in ctx.unstopped):
        return True
    # LATE_STOP_IS_GL010S: the function defers a method of the object (`defer p.Close()`)
    # after the way out the leak names: a way out before that `defer` is GL010's to
    # report (late_stops), with the method named. Trade-off: a late defer GL010 stays
    # silent on is not reported here either.
    var, exit_node = leak.ident.var, leak.exit
    func = gosyntax.enclosing_function(birth)
    if var is None or func is None or exit_node is None:
        return False
    deferred = re.compile(rb"\bdefer\s+" + re.escape(var.name.encode()) + rb"\.\w+\(")
    found = deferred.search(func.text or b"")
    return found is not None and exit_node.start_byte < func.start_byte + found.start()


def release_of(leak: Leak) -> str:
    """What releases a receiver of the identity: calling the cancel function of a
    context's `Done()`, else a send."""
    cancel = leak.ident.cancel_var
    if cancel is not None:
        return f"calling `{cancel.name}`"
    return f"sending on `{display_name(leak)}`"


def make_note(leak: Leak) -> str:
    ident = leak.ident
    name = display_name(leak)
    if ident.helper is not None:
        helper = function_name(ident.helper)
        if ident.element_buffer:
            return f"`{name}` is returned here by `{helper}`, each with a buffer of {ident.element_buffer}"
        return f"`{name}` is returned here by `{helper}`" + (
            ", unbuffered" if ident.capacity.is_zero() else ""
        )
    if ident.kind == "wg":
        return f"`{name}` is declared here"
    if ident.cancel_var is not None:
        return f"the context is made here; `{ident.cancel_var.name}` closes `{name}`"
    if not ident.capacity_known:
        return f"`{name}` is made here"
    if ident.capacity.is_zero():
        return f"`{name}` is made here, unbuffered"
    cap = ident.capacity
    if not cap.symbols() and cap.const[0] == cap.const[1]:
        return f"`{name}` is made here with a buffer of {cap.const[0]}"
    grown = sorted(str(sym[1]) for sym in cap.symbols() if sym[0] == "range")
    if grown and cap.const[0] < 0 and ident.birth is not None:
        # GROWN_COPY: sized by the slice the goroutines' loop copies and appends to.
        size = gosyntax.call_arguments(ident.birth)[1:]
        sized = f" `{gosyntax.text(size[0])}`" if size else ""
        return (
            f"`{name}` is made here with a buffer of{sized}, before `{grown[0]}` may grow past it"
        )
    make = ident.element_make or ident.birth
    size = gosyntax.call_arguments(make)[1:] if make.type == "call_expression" else []
    if size:
        return f"`{name}` is made here with a buffer of `{gosyntax.text(size[0])}`"
    return f"`{name}` is made here"


def caller_context(leak: Leak) -> Node | None:
    """The `ctx` of the caller's `case <-ctx.Done():` beside the blocked operation, when
    the leak was judged with that case never winning (CALLER_CONTEXT_ONLY)."""
    if not leak.ident.caller_context or leak.verdict.detail.get("left_open") is not None:
        return None  # a context the owner derived and left open is named instead
    case = leak.verdict.event.case
    if case is None:
        return None
    for c in gosyntax.select_cases(case.select):
        if c != case.node and c.type == "communication_case" and caller_context_case(c):
            return gosyntax.done_holder(gosyntax.received_operand(c))
    return None


def caller_context_clause(leak: Leak, holder: Node) -> str:
    """Why the caller's context is no way out: nothing in the owner ends it."""
    name = gosyntax.text(holder)
    guard = branch_deriving_context(leak.ident.root.node)
    if guard is not None:
        return (
            f"it also waits on `{name}.Done()`, but {owner(leak)} derives a context it "
            f"cancels only when the `if` at line {gosyntax.line_of(guard)} holds; otherwise "
            f"`{name}` is the caller's context, and only its end releases it (never, for a "
            f"long-lived one)"
        )
    return (
        f"it also waits on `{name}.Done()`, but `{name}` is the caller's context, which "
        f"{owner(leak)} does not cancel on its way out: only the end of the caller's context "
        f"releases it (never, for a long-lived one)"
    )


def finding(
    ctx: Context,
    rule: Rule,
    leak: Leak,
    message: str,
    *extra: Related,
    fixes: tuple[Fix | None, ...] | list[Fix | None] = (),
) -> Finding:
    """The usual report of a leak: at its blocked operation (or where this file starts
    the goroutine), with the usual cast and `extra` as related, and the fixes that could
    be built. A leak judged with the caller's context as no way out says so, unless the
    rule's message already did (CALLER_CONTEXT_ONLY)."""
    holder = caller_context(leak)
    if holder is not None and "caller's context" not in message:
        message = f"{message}; {caller_context_clause(leak, holder)}"
    return ctx.finding(
        rule,
        primary(ctx, leak),
        message,
        parties(ctx, leak, *extra),
        fixes=tuple(f for f in fixes if f is not None),
        origin=_origin(ctx, leak),
    )


def _origin(ctx: Context, leak: Leak) -> str:
    """Which part of the leak model found it, when the finding stands at the blocked
    operation itself (elsewhere two findings at one place may be about two operations)."""
    if leak.verdict.func.file.path != ctx.file.path:
        return ""
    return "supplementary" if leak.supplementary else "judged"


def parties(ctx: Context, leak: Leak, *extra: Related) -> list[Related]:
    """The usual cast: the blocked operation (when reported elsewhere), the `go`, the `make`, then extras."""
    v = leak.verdict
    out: list[Related] = []
    if v.func.file.path != ctx.file.path:
        out.append(
            ctx.related(anchor(v.event), f"the goroutine blocks here, {verb(leak)}", v.func.file)
        )
    p = v.partner
    if p is not None and p.kind == "goroutine" and in_file(ctx, p.event.node):
        note = "the goroutine is started here" + (f" ({started_how(leak)})" if p.repeated else "")
        out.append(ctx.related(p.event.node, note))
    birth = leak.ident.element_make or leak.ident.birth
    if in_file(ctx, birth) and birth.type in (
        "call_expression",
        "var_spec",
        "composite_literal",
        "unary_expression",
    ):
        out.append(ctx.related(birth, make_note(leak)))
    holder = caller_context(leak)
    if holder is not None and in_file(ctx, holder):
        out.append(
            ctx.related(
                holder,
                f"`{gosyntax.text(holder)}` is the caller's context: {owner(leak)} never cancels it",
            )
        )
    out.extend(extra)
    return out


def started_how(leak: Leak) -> str:
    """How often the repeated goroutine of a leak is started: in a loop of the root, or
    once per call of the method that counts it (COUNTED_BY_A_FIELD)."""
    p = leak.verdict.partner
    if p is None:
        return "once per loop iteration"
    starter = gosyntax.enclosing_function(p.event.node)
    if p.times is None:
        helper = leak.ident.helper
        if helper is not None and starter is not None and starter == helper.node:
            # HELPER_ELEMENTS: a future's goroutine, one per call made in the loop.
            return f"once per call of `{gosyntax.function_name(starter)}` in a loop"
        return "once per loop iteration"
    name = gosyntax.function_name(starter) if starter is not None else None
    return f"once per call of `{name}`" if name else "once per call"


def place(ctx: Context, node: Node, file: SourceFile) -> str:
    """`line N` of the file being checked, or `other.go:N` in another file of the package."""
    import os

    line = gosyntax.line_of(node)
    return f"line {line}" if file.path == ctx.file.path else f"{os.path.basename(file.path)}:{line}"


def _exit_file(ctx: Context | None, leak: Leak) -> SourceFile | None:
    """The file of the package the way out is in, when it is not the file being analysed."""
    if ctx is None or leak.exit is None or in_file(ctx, leak.exit):
        return None
    from goleash.fixes.common import owns

    return next(
        (f for f in ctx.package.files if f.path != ctx.file.path and owns(f, leak.exit)), None
    )


def exit_phrase(leak: Leak, ctx: Context | None = None, quitter: str | None = None) -> str:
    """How the owner gives up, with where: `line N` of this file, or `other.go:N` when the
    method that gives up is declared in another file of the package (with `ctx`).
    `quitter` names who gives up when it is not the owner (the goroutine a function
    waits on)."""
    ex, kind = leak.exit, leak.exit_kind
    where = f"line {gosyntax.line_of(ex)}" if ex is not None else "a line"
    elsewhere = _exit_file(ctx, leak)
    if elsewhere is not None:
        assert ex is not None  # _exit_file finds another file only for an exit
        import os

        where = f"{os.path.basename(elsewhere.path)}:{gosyntax.line_of(ex)}"
    name = function_name(leak.ident.root)
    if kind == "end" and quitter:
        return f"{quitter} ends ({where})"
    if kind == "end":
        return f"`{name}` ends ({where})" if name else f"the function ends ({where})"
    if kind == "continue":
        return f"the loop moves on at {where}"
    if kind == "next-iteration":
        return "the loop starts its next iteration"
    who = quitter or owner(leak)
    if kind == "break":
        return f"{who} leaves the loop at {where}"
    if ex is not None and ex.type == "defer_statement":
        # RECOVER_MEANS_PANICS: the way out is a panic the deferred recover stops.
        return f"{who} panics and returns through the recover deferred at {where}"
    return f"{who} returns at {where}"


def exit_note(leak: Leak, why: str) -> str:
    """Related-location text for the way out that abandons the goroutine."""
    kind = leak.exit_kind
    if kind == "end":
        return f"{owner(leak)} ends here {why}; the goroutine is still waiting"
    if kind == "break":
        return f"{owner(leak)} leaves the loop here {why}; the goroutine is still waiting"
    if kind in ("continue", "next-iteration"):
        return f"the loop goes on here {why}; the goroutine is still waiting"
    if leak.exit is not None and leak.exit.type == "defer_statement":
        return f"{owner(leak)} returns here after a panic {why}; the goroutine is still waiting"
    return f"{owner(leak)} returns here {why}; the goroutine is still waiting"


def exit_related(ctx: Context, leak: Leak, why: str) -> list[Related]:
    if leak.exit is None:
        return []
    if in_file(ctx, leak.exit):
        return [ctx.related(leak.exit, exit_note(leak, why))]
    elsewhere = _exit_file(ctx, leak)  # the method that gives up, declared in another file
    return (
        [ctx.related(leak.exit, exit_note(leak, why), elsewhere)] if elsewhere is not None else []
    )


def old_channel(ctx: Context, leak: Leak) -> Channel | None:
    """The channel as the fix builders know it (their input, built from the same make)."""
    from goleash.analysis import channels

    ident = leak.ident
    if not ctx.with_fixes:
        return None  # only fixes read it, and the editor builds them when asked
    if ident.kind != "chan" or ident.helper is not None or ident.birth.type != "call_expression":
        return None
    if not in_file(ctx, ident.birth):
        return None
    found = channels.collect_channels(ctx.file, ctx.package, [ident.birth])
    return found[0] if found else None


def in_loop(node: Node) -> bool:
    """Is `node` inside a loop of its own function?"""
    for a in gosyntax.ancestors(node):
        if a.type in gosyntax.FUNCTION_TYPES:
            return False
        if a.type == "for_statement":
            body = a.child_by_field_name("body")
            if body is not None and gosyntax.is_within(node, body):
                return True
    return False


def only_root_sends(ch: Channel) -> bool:
    """Every send on the channel is the owner's own (a deferred close cannot race one)."""
    from goleash.analysis.channels import ActorKind, OpKind

    return all(o.actor.kind is ActorKind.OWNER for o in ch.of(OpKind.SEND))


def sends_once(leak: Leak) -> bool:
    p = leak.verdict.partner
    if p is None:
        return False
    bal = p.summary.bal
    return not bal.symbols() and bal.max() == 1


class BufferTarget:
    """What the buffer fix needs: the `make` to give a capacity, and the channel's name."""

    def __init__(self, make: Node | None, name: str) -> None:
        self.make = make
        self.name = name


def _field_make(root: Node, field: str) -> Node | None:
    """The one `make(chan ...)` a file stores in a struct field `field`: a keyed element
    `field: make(...)` of a composite literal, or an assignment `x.field = make(...)`."""
    found = []
    for n in gosyntax.walk(root, skip_functions=False):
        value = None
        if n.type == "keyed_element" and len(n.named_children) == 2:
            key, value = n.named_children
            key = (
                key.named_children[0]
                if key.type == "literal_element" and key.named_children
                else key
            )
            if gosyntax.text(key) != field:
                continue
            value = (
                value.named_children[0]
                if value.type == "literal_element" and value.named_children
                else value
            )
        elif n.type == "assignment_statement":
            left, right = (
                gosyntax.field(n, "left").named_children,
                gosyntax.field(n, "right").named_children,
            )
            if (
                len(left) != 1
                or len(right) != 1
                or left[0].type != "selector_expression"
                or gosyntax.text(gosyntax.field(left[0], "field")) != field
            ):
                continue
            value = right[0]
        else:
            continue
        value = gosyntax.unparen(value)
        if (
            value is not None
            and value.type == "call_expression"
            and gosyntax.callee_text(value) == "make"
        ):
            args = gosyntax.call_arguments(value)
            if args and args[0].type == "channel_type":
                found.append(value)
    return found[0] if len(found) == 1 else None


def buffer_target(leak: Leak, file: SourceFile | None = None) -> BufferTarget | None:
    ident = leak.ident
    if ident.kind != "chan":
        return None
    if (
        ident.field is not None
        and (
            ident.birth is None
            or ident.birth.type != "call_expression"
            or gosyntax.callee_text(ident.birth) != "make"
        )
        and file is not None
    ):
        # A struct field: its `make` in the constructor's literal (or an assignment).
        make = _field_make(file.root, ident.field)
        return BufferTarget(make, display_name(leak)) if make is not None else None
    if ident.helper is not None:
        var = ident.helper_var
        if var is None or not var.assignments:
            return None
        value = var.assignments[0][1]
        return BufferTarget(gosyntax.unparen(value), var.name) if value is not None else None
    if ident.elements and ident.element_make is not None:
        return BufferTarget(ident.element_make, display_name(leak))  # one buffer per element
    if ident.birth.type != "call_expression":
        return None
    return BufferTarget(ident.birth, display_name(leak))


def sender_count(ctx: Context, leak: Leak) -> str | None:
    """`len(xs)` when the goroutines are started by `for ... range xs` (or the loop's bound).
    ONE_STARTING_SITE: None when the root has another `go` statement sending on the channel
    (a second loop of senders, `serveChan` fed by both the HTTP and the HTTPS accept
    loops): one loop's count would be too small a buffer (audit 38: bfe)."""
    p = leak.verdict.partner
    if p is None:
        return None
    name = display_name(leak)
    mention = re.compile(rb"(?<![\w.])" + re.escape(name.encode()) + rb"\s*<-")
    for go in gosyntax.descendants(leak.ident.root.node, "go_statement"):
        if go != p.event.node and mention.search(go.text or b""):
            return None
    loop = None
    for a in gosyntax.ancestors(p.event.node):
        if a.type in gosyntax.FUNCTION_TYPES:
            break
        if a.type == "for_statement":
            loop = a
            break
    if loop is None:
        return None
    for c in loop.named_children:
        if c.type == "range_clause":
            right = c.child_by_field_name("right")
            if right is not None and right.type in ("identifier", "selector_expression"):
                return f"len({gosyntax.text(right)})"
            if right is not None and right.type == "int_literal":
                return gosyntax.text(right)
        if c.type == "for_clause":
            cond = c.child_by_field_name("condition")
            # `i < a && i < b`: either bound is enough room for every goroutine started.
            while (
                cond is not None
                and cond.type == "binary_expression"
                and gosyntax.field(cond, "operator").type == "&&"
            ):
                cond = cond.child_by_field_name("left")
            if (
                cond is not None
                and cond.type == "binary_expression"
                and gosyntax.field(cond, "operator").type == "<"
            ):
                bound = cond.child_by_field_name("right")
                if bound is not None and bound.type in (
                    "int_literal",
                    "identifier",
                    "call_expression",
                    "selector_expression",
                ):
                    return gosyntax.text(bound)
    return None


def collected_count(leak: Leak) -> str | None:
    """How many values the collecting loop means to receive (`len(names)`), as Go source
    valid at the channel's `make`: the buffer that lets every sender finish when the
    senders send once per item (BALANCED_HAPPY_PATH)."""
    if leak.loop is None:
        return None
    count = _loop_count(leak.loop)
    if count is None:
        return None
    target = buffer_target(leak)
    text = str(count)
    if (
        target is None
        or target.make is None
        or not _visible_at(text, gosyntax.enclosing_function(target.make), target.make)
    ):
        return None
    return text


def last_send(leak: Leak) -> tuple[Event, Function] | None:
    """(event, function) of the last send on the identity, for "close it after this"."""
    v = leak.verdict
    sends: list[tuple[Event, Function]] = []
    for p in v.detail.get("partners", ()):
        sends.extend((ev, f) for ev, f in p.summary.ops if ev.kind == "send")
    return sends[-1] if sends else None


def _loop_count(loop: Node) -> str | int | None:
    """How many times a `for` runs, as Go source (or an int), when the header says it plainly."""
    for c in loop.named_children:
        if c.type == "range_clause":
            right = gosyntax.unparen(c.child_by_field_name("right"))
            if right is None:
                return None
            if right.type in ("identifier", "selector_expression"):
                return f"len({gosyntax.text(right)})"
            if right.type == "int_literal":
                return int(gosyntax.text(right), 0)
            if right.type == "composite_literal":
                elems = gosyntax.literal_elements(right)
                if all(e.type in ("literal_element", "keyed_element") for e in elems):
                    return len(elems)
            return None
        if c.type == "for_clause":
            init, cond = c.child_by_field_name("initializer"), c.child_by_field_name("condition")
            if init is None or cond is None or init.type != "short_var_declaration":
                return None
            if gosyntax.text(gosyntax.field(init, "right")).replace(" ", "") != "0":
                return None
            if cond.type != "binary_expression" or gosyntax.field(cond, "operator").type != "<":
                return None
            bound = gosyntax.field(cond, "right")
            if bound.type == "int_literal":
                return int(gosyntax.text(bound), 0)
            if bound.type in ("identifier", "selector_expression") or (
                bound.type == "call_expression" and gosyntax.callee_text(bound) == "len"
            ):
                return gosyntax.text(bound)
            return None
    return None


def _product(factors: list[str | int]) -> str | int:
    ints = [f for f in factors if isinstance(f, int)]
    const = 1
    for i in ints:
        const *= i
    rest = [
        f if " " not in f and "+" not in f else f"({f})" for f in factors if not isinstance(f, int)
    ]
    if not rest:
        return const
    return "*".join(rest + ([str(const)] if const != 1 else []))


def _visible_at(expr_text: str, root: Node | None, make: Node) -> bool:
    """Every name in `expr_text` is a package-level name, a parameter of `root`, or a
    local of `root` declared before `make`: the count can be written at the `make`."""
    import re

    params = {n for n, _ in gosyntax.parameters(root)} if root is not None else set()
    body = root.child_by_field_name("body") if root is not None else None
    for name in set(re.findall(r"\b[A-Za-z_]\w*\b", expr_text)) - {"len", "cap"}:
        if name in params:
            continue
        declared = (
            [
                n
                for n in gosyntax.walk(body, skip_functions=False)
                if n.type == "identifier"
                and gosyntax.text(n) == name
                and n.parent is not None
                and n.parent.type
                in ("expression_list", "var_spec", "parameter_declaration", "range_clause")
                and _declares_name(n)
            ]
            if body is not None
            else []
        )
        if any(d.start_byte > make.start_byte or not _encloses_make(d, make) for d in declared):
            return False
    return True


def _declares_name(ident: Node) -> bool:
    p = ident.parent
    if p is None:
        return False
    if p.type == "expression_list":
        stmt = p.parent
        return (
            stmt is not None
            and stmt.type in ("short_var_declaration", "range_clause")
            and stmt.child_by_field_name("left") == p
        )
    return p.type in ("var_spec", "parameter_declaration") and ident in p.children_by_field_name(
        "name"
    )


def _encloses_make(decl: Node, make: Node) -> bool:
    """Is a declaration in the same function as the `make`, in a block around it?"""
    if gosyntax.enclosing_function(decl) != gosyntax.enclosing_function(make):
        return False
    stmt = gosyntax.innermost_statement(decl)
    block = stmt.parent if stmt is not None else None
    return block is not None and gosyntax.is_within(make, block)


def total_sends(ctx: Context, leak: Leak) -> str | None:
    """How many values the goroutines send in all, as Go source valid at the channel's
    `make`: each send counted once per run of the loops around it in its goroutine, times
    the goroutines started by a loop. None when some count is not plain in the code."""
    p = leak.verdict.partner
    target = buffer_target(leak, ctx.file)
    if p is None or p.func is None or target is None or target.make is None:
        return None
    sends = [ev.node for ev, f in p.summary.ops if ev.kind == "send"]
    if not sends or any(gosyntax.enclosing_function(s) != p.func.node for s in sends):
        return None
    body = p.func.node.child_by_field_name("body")
    terms = []
    for s in sends:
        factors = []
        for loop in gosyntax.loops_between(s, body):
            count = _loop_count(loop)
            if count is None:
                return None
            factors.append(count)
        terms.append(_product(factors))
    per_goroutine = sum(t for t in terms if isinstance(t, int))
    symbolic = [t for t in terms if not isinstance(t, int)]
    starts: int | str = 1
    if p.repeated:
        count = sender_count(ctx, leak)
        if count is None:
            return None
        starts = int(count) if count.isdigit() else count
    expr = "+".join(symbolic + ([str(per_goroutine)] if per_goroutine or not symbolic else []))
    if not symbolic:
        total = _product([per_goroutine, starts])
    elif starts == 1:
        total = expr
    else:
        total = _product([expr if len(terms) == 1 else f"({expr})", starts])
    text = str(total)
    home = gosyntax.enclosing_function(target.make)
    partner = p.func.node
    if partner.type != "func_literal" or home is None or not gosyntax.is_within(partner, home):
        # A named goroutine function: its own parameters and locals mean nothing at the `make`.
        inner = {n for n, _ in gosyntax.parameters(partner)} | {
            gosyntax.text(n)
            for n in gosyntax.walk(gosyntax.field(partner, "body"), skip_functions=False)
            if n.type == "identifier" and _declares_name(n)
        }
        import re

        if set(re.findall(r"\b[A-Za-z_]\w*\b", text)) & inner:
            return None
    if not _visible_at(text, home, target.make):
        return None
    return text


def kept_context_notes(ctx: Context, kept: KeptContext) -> tuple[list[Related], tuple[Fix, ...]]:
    """The related locations and the fix of a kept context's finding (GL003, GL009): the
    `go`, the context's making, the cancel kept and never called; calling it in the
    owner's stopping method."""
    related = [
        ctx.related(kept.start, "the goroutine is started here", kept.start_file),
        ctx.related(kept.made, "the context is made here", kept.made_file),
        ctx.related(
            kept.cancel_store,
            "the cancel function is kept here, and nothing ever calls it",
            kept.made_file,
        ),
    ]
    fix = ctx.fix(fixes.call_cancel_kept_in, kept.owner) if kept.owner else None
    return related, (fix,) if fix else ()
