"""A loop that waits for the process's signals is the process's own.

SIGNAL_HANDLERS_LIVE_WITH_PROCESS: a goroutine's endless loop that receives from a channel
its starter (or the goroutine itself) hands to `signal.Notify`, and nothing hands to
`signal.Stop`, is a signal handler: the signal stays registered, so the loop is meant to
answer it for as long as the process runs (a SIGHUP reloader, an interrupt eater). Three
such loops on Debian's Go sources (hashicorp/go-plugin, alertmanager, rclone) were each
started once per process or per long-lived object, none a bug. What it costs: a handler
registered anew by every call of a short-lived function (each one leaking a loop and a
registration) is missed.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.package import Package
from goleash.source import SourceFile


def handles_signals(loop: Node, scopes: list[Node], package: Package) -> bool:
    """Whether `loop` receives from a channel that one of `scopes` (the goroutine's
    function and the function that starts it) registers with `signal.Notify`, and that
    no code of the package (a `Close`, say) unregisters with `signal.Stop`."""
    registered = {
        _spelling(args[0])
        for scope in scopes
        for call in gosyntax.descendants(scope, "call_expression")
        if gosyntax.callee_text(call) == "signal.Notify"
        for args in [gosyntax.call_arguments(call)]
        if args
    }
    if not registered:
        return False
    handled = registered - package.derived("signal-stopped", _stopped)
    return any(_spelling(c) in handled for c in _received(loop))


_SIGNAL_STOP = re.compile(rb"signal\.Stop\(\s*([\w.]+)\s*\)")


def _stopped(files: list[SourceFile]) -> frozenset[str]:
    """What the package's files hand to `signal.Stop`, as spelled there."""
    return frozenset(
        m.group(1).decode()
        for f in files
        if b"signal.Stop" in f.data
        for m in _SIGNAL_STOP.finditer(f.data)
    )


def _received(loop: Node) -> list[Node]:
    """The channels the loop receives from: `<-c` anywhere in it, or `for range c`."""
    channels = [
        operand
        for expr in gosyntax.descendants(loop, "unary_expression")
        if expr.children and expr.children[0].type == "<-"
        for operand in [expr.child_by_field_name("operand")]
        if operand is not None
    ]
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    right = clause.child_by_field_name("right") if clause is not None else None
    if right is not None:
        channels.append(right)
    return channels


def _spelling(expr: Node) -> str:
    unwrapped = gosyntax.unparen(expr)
    return gosyntax.text(unwrapped if unwrapped is not None else expr).replace(" ", "")
