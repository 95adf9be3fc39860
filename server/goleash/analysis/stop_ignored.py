"""A goroutine that listens for its stop signal, except while it sends.

A struct's goroutine runs a loop that a method can stop (`case <-c.done: return`),
and inside that loop sends on an unbuffered channel field the package itself never
reads (whoever reads it is outside: an accessor hands it out, or nobody does):

    for {
        select {
        case <-c.done:
            return
        case <-ticker.C:
            ...
            c.updates <- v   // Close cannot interrupt this send
        }
    }

Once the outside reader stops reading (or never started), the send blocks, and the
stop signal the loop was written to obey never reaches it: `Close` returns and the
goroutine stays. The fix puts the send in a `select` with the stop case.

Guards, each a trade-off:
- STOP_CLOSED_BY_A_METHOD: the loop's stop is a receive from a channel field of
  the goroutine's type that a method of the type closes: that method is the stop
  the send ignores. A context's `Done()` is left to the pipeline rule's other shape.
- READ_OUTSIDE_ONLY: nothing in the package receives from the sent-on field: a
  reader of the package itself may read until the stop (and is judged elsewhere).
- UNBUFFERED_KNOWN: the field is made unbuffered where the package makes it; a
  buffer may hold every value the loop sends before anyone reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.counts import Lin
from goleash.analysis.identities import field_capacity
from goleash.analysis.functions import started_goroutines
from goleash.analysis.liveness import Identity, Liveness, Partner, Summary, Verdict
from goleash.analysis.values import FieldRef

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event, Loop
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.functions import Function
    from goleash.analysis.package import Declaration
    from goleash.source import SourceFile


def ignored_stop_verdicts(liveness: Liveness, go_statements: Iterable[tree_sitter.Node]) -> list[Verdict]:
    out: list[Verdict] = []
    functions = liveness.functions
    for start in started_goroutines(functions, liveness.file, go_statements, once_per_goroutine=True):
        goroutine, spawn = start.goroutine, start.spawn
        for loop, stop_case, stop_ref, closer in _stoppable_loops(liveness, goroutine):
            for send in _plain_field_sends(goroutine, loop, stop_ref.field):
                assert isinstance(send.ref, FieldRef) and goroutine.cfg is not None  # a send on a field; a started goroutine
                field = send.ref.field
                cap, known = field_capacity(liveness, field)
                if not known or not cap.is_zero() or _read_in_package(liveness, field):
                    continue
                shown = gosyntax.text(gosyntax.field(send.node, "channel")) or f"{send.ref.type_name}.{field}"
                ident = Identity("chan", shown, None, goroutine, goroutine.node,
                                 goroutine.cfg.entry, field=field)
                empty = Summary(Lin(), False, False, False, False, (), ())
                out.append(Verdict("stop-ignored", ident, send, goroutine,
                                   Partner(spawn, goroutine, empty, "goroutine"),
                                   detail={"stop_case": stop_case, "stop_ref": stop_ref, "closer": closer}))
    return out


def _stoppable_loops(liveness: Liveness, goroutine: Function
                     ) -> Iterator[tuple[Loop, tree_sitter.Node, FieldRef, tuple[str, tree_sitter.Node, SourceFile]]]:
    """(loop, its stop case, the stop field, (closing method name, its close, file)) for
    each loop of the goroutine holding `case <-x.stop: return` (STOP_CLOSED_BY_A_METHOD)."""
    cfg = goroutine.cfg
    assert cfg is not None  # started_goroutines yields only those with one
    for loop in cfg.loops:
        for node in cfg.nodes:
            if node.kind != "case" or not loop.holds(node) or node.ast is None:
                continue
            recv = next((ev for ev in node.events if ev.kind == "recv" and isinstance(ev.ref, FieldRef)), None)
            if recv is None or not isinstance(recv.ref, FieldRef) or recv.ref.exported or not _returns(node.ast):
                continue
            closer = _closer(liveness, recv.ref.type_name, recv.ref.field, goroutine.node)
            if closer is not None:
                yield loop, node.ast, recv.ref, closer
                break


def _returns(case: tree_sitter.Node) -> bool:
    """Does the case's body leave the goroutine (a `return` among its statements)?"""
    for child in case.named_children:
        if child.type == "return_statement":
            return True
        if child.type == "statement_list" and any(s.type == "return_statement" for s in child.named_children):
            return True
    return False


def _closer(liveness: Liveness, type_name: str, field: str, besides: tree_sitter.Node
            ) -> tuple[str, tree_sitter.Node, SourceFile] | None:
    for method_file, method_node in liveness.package.methods_of_type(type_name):
        if method_node == besides:
            continue
        method = liveness.functions.get(method_node, method_file)
        for node in method.cfg.nodes if method.cfg is not None else ():
            for ev in node.events:
                if ev.kind == "close" and isinstance(ev.ref, FieldRef) and ev.ref.field == field:
                    return gosyntax.function_name(method_node) or "", ev.node, method_file
        # `c.once.Do(func() { close(c.done) })`: a close in a literal the method runs.
        pattern = re.compile(rb"close\(\s*\w+\." + re.escape(field.encode()) + rb"\s*\)")
        m = pattern.search(method_file.data, method_node.start_byte, method_node.end_byte)
        if m is not None:
            node = method_file.root.descendant_for_byte_range(m.start(), m.end())
            while node is not None and node.type != "call_expression":
                node = node.parent
            if node is not None:
                return gosyntax.function_name(method_node) or "", node, method_file
    return None


def _plain_field_sends(goroutine: Function, loop: Loop, stop_field: str) -> Iterator[Event]:
    assert goroutine.cfg is not None  # started_goroutines yields only those with one
    for node in goroutine.cfg.nodes:
        if not loop.holds(node):
            continue
        for ev in node.events:
            if ev.kind == "send" and ev.case is None and isinstance(ev.ref, FieldRef) and \
                    not ev.ref.exported and ev.ref.field != stop_field:
                yield ev


def _read_in_package(liveness: Liveness, field: str) -> bool:
    """READ_OUTSIDE_ONLY: does any code of the package receive from (or range over) the field?"""
    name = re.escape(field.encode())
    reads = re.compile(rb"<-\s*[\w.()\[\]]*\." + name + rb"\b|range\s+[\w.()\[\]]*\." + name + rb"\b")
    return any(reads.search(f.data) for f in liveness.package.files)
