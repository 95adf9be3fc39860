"""Wording and related locations shared by the rules, so they all speak alike."""

from __future__ import annotations

from collections.abc import Sequence

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.call_chains import Step
from goleash.analysis.channels import Actor, Channel, Op
from goleash.analysis.leaks import verb
from goleash.analysis.paths import Exit
from goleash.model import Finding, Fix, Related
from goleash.rules.base import Context, Rule


def make_note(ch: Channel) -> str:
    if ch.make is None:
        return f"`{ch.name}` is declared here and never made (it is nil)"
    if ch.capacity == 0:
        return f"`{ch.name}` is made here, unbuffered"
    if ch.capacity is None:
        return f"`{ch.name}` is made here"
    return f"`{ch.name}` is made here with a buffer of {ch.capacity}"


def parties(ctx: Context, ch: Channel, op: Op, *extra: Related) -> list[Related]:
    """The usual cast: the blocking op (when reported elsewhere), the `go`, the `make`, then extras."""
    out: list[Related] = []
    start = op.actor.start
    if op.file.path != ctx.file.path:
        out.append(ctx.related(op.anchor, f"the goroutine blocks here, {verb(op, ch)}", op.file))
    if start is not None and op.actor.site is not None:
        site = op.actor.site
        note = "the goroutine is started here" + (
            " (once per loop iteration)" if op.actor.repeated else ""
        )
        out.append(ctx.related(site, note))
    if ch.make is not None:
        out.append(ctx.related(ch.make, make_note(ch)))
    elif ch.decl is not None:
        out.append(ctx.related(ch.decl, make_note(ch)))
    out.extend(extra)
    return out


def finding(
    ctx: Context,
    rule: Rule,
    ch: Channel,
    op: Op,
    message: str,
    *extra: Related,
    fixes: tuple[Fix | None, ...] = (),
) -> Finding:
    """The usual report of a blocked operation: at the operation (or where this file
    starts its goroutine), with the usual cast and `extra` as related, and the fixes that
    could be built."""
    return ctx.finding(
        rule,
        primary(ctx, op),
        message,
        parties(ctx, ch, op, *extra),
        fixes=tuple(f for f in fixes if f is not None),
    )


def primary(ctx: Context, op: Op) -> Node:
    """The blocking op when it is in this file; else the `go` statement that runs it."""
    if op.file.path == ctx.file.path:
        return op.anchor
    started = op.actor.site or op.actor.start
    assert started is not None  # an op of a goroutine in another file: its start is here
    return started


def who(actor: Actor) -> str:
    name = gosyntax.function_name(actor.func) if actor.func is not None else None
    if name:
        return f"goroutine `{name}`"
    return "goroutine"


def exit_phrase(ch: Channel, ex: Exit) -> str:
    line = gosyntax.line_of(ex.node)
    if ex.kind == "end":
        return (
            f"`{ch.owner_name}` ends (line {line})"
            if gosyntax.function_name(ch.owner)
            else f"the function ends (line {line})"
        )
    if ex.kind == "fatal":
        return f"`{gosyntax.callee_text(ex.node)}` at line {line} ends the test"
    owner = f"`{ch.owner_name}`" if gosyntax.function_name(ch.owner) else "the function"
    return f"{owner} returns at line {line}"


def exit_note(ch: Channel, ex: Exit, why: str) -> str:
    """Related-location text for an exit that abandons the goroutine."""
    owner = f"`{ch.owner_name}`" if gosyntax.function_name(ch.owner) else "the function"
    if ex.kind == "end":
        return f"{owner} ends here {why}; the goroutine is still waiting"
    if ex.kind == "fatal":
        return f"the test stops here {why}; the goroutine is still waiting"
    return f"{owner} returns here {why}; the goroutine is still waiting"


def call_chain(ctx: Context, chain: Sequence[Step]) -> tuple[str, list[Related]]:
    """The calls on the way from one function to another (`call_chains`): the phrase
    " (through `c.Get`, then `c.ensure`)" (empty for none), and a related location for
    each call."""
    if not chain:
        return "", []
    names = [f"`{gosyntax.callee_text(s.call) or gosyntax.text(s.call)}`" for s in chain]
    related = []
    for step, name in zip(chain, names, strict=True):
        caller = gosyntax.function_name(step.caller.node)
        who = f"`{caller}`" if caller else "the function literal"
        related.append(ctx.related(step.call, f"{who} calls {name} here", step.caller.file))
    return f" (through {', then '.join(names)})", related
