"""A release function handed out by an acquire, skipped by a caller on some path.

A function of the package counts something in (`t.wg.Add(1)`) and returns the function
that counts it out again (`return func() { t.wg.Done() }`), for its caller to call when
it is done. A caller that returns on some path without calling it leaves the count
up for good, and whoever waits for it to reach zero (`t.wg.Wait()`) waits forever:

    func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
        done, ok := g.tracker.begin()
        if !ok {
            return
        }
        if err := g.auth(r); err != nil {
            return                          // never calls done
        }
        defer done()
        ...
    }

The fix defers the call right after the acquire (after its own failure check).

Guards, each a trade-off:
- RELEASE_RETURNED: every value the acquire returns in that position is a function
  literal calling `Done` on a WaitGroup field of the acquiring type (or nil).
- RELEASES_HERE: the caller calls or defers the release on some path: a caller that
  never does hands it to someone else.
- ACQUIRE_JUDGED: a path through a condition reading the acquire's other results or
  the release itself (`if !ok`, `if done == nil`) is not followed: the acquire may
  have failed and counted nothing.
- HANDED_ON: any other use of the release (passed, stored, captured) ends the trail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.cfg import first_normal_exit
from goleash.analysis.functions import event_of
from goleash.analysis.liveness import Identity, Verdict
from goleash.analysis.values import FieldRef

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.functions import Function
    from goleash.analysis.liveness import Liveness
    from goleash.analysis.scopes import Var
    from goleash.source import SourceFile


@dataclass(frozen=True)
class Skip:
    caller: Function
    exit: CfgNode  # the caller's way out that skips the release
    acquire: tree_sitter.Node  # the call handing out the release
    release: Var  # the caller's variable holding it
    acquirer: str  # the acquire's name


def skipped_release_verdicts(
    liveness: Liveness, field_waits: Iterable[tree_sitter.Node]
) -> list[Verdict]:
    """Verdicts "release-skipped": a `Wait` on a WaitGroup field that a caller of the
    package's acquire function leaves counted up."""
    out: list[Verdict] = []
    for func, wait, wg, ident in waits_on_fields(liveness, field_waits):
        skip = next(_skips(liveness, wg), None)
        if skip is None:
            continue
        out.append(
            Verdict(
                "release-skipped",
                ident,
                wait,
                func,
                None,
                exit=skip.exit,
                detail={"skip": skip},
            )
        )
    return out


def waits_on_fields(
    liveness: Liveness, field_waits: Iterable[tree_sitter.Node]
) -> Iterator[tuple[Function, Event, FieldRef, Identity]]:
    """(its function, the wait event, the field, the group's identity as the `Wait`
    names it) of each `x.f.Wait()` of the file on a WaitGroup field."""
    for call in field_waits:
        func = liveness.functions.enclosing(call, liveness.file)
        found = event_of(func, call, "wait") if func is not None else None
        if func is None or func.cfg is None or found is None:
            continue
        _node, wait = found
        if not isinstance(wait.ref, FieldRef):
            continue
        operand = gosyntax.field(call, "function").child_by_field_name("operand")
        shown = gosyntax.text(operand) if operand is not None else wait.ref.field
        ident = Identity("wg", shown, None, func, func.node, func.cfg.entry, field=wait.ref.field)
        yield func, wait, wait.ref, ident


def _skips(liveness: Liveness, wg: FieldRef) -> Iterator[Skip]:
    for acquirer, position in _acquirers(liveness, wg):
        name = gosyntax.function_name(acquirer.node)
        if not name:
            continue
        calls = re.compile(rb"\b" + re.escape(name.encode()) + rb"\(")
        for f in liveness.package.files:
            for m in calls.finditer(f.data):
                found = _bound_release(liveness, f, m.start(), acquirer, position)
                if found is None:
                    continue
                caller, call, release, others = found
                exit_node = _skipping_exit(caller, call, release, others)
                if exit_node is not None:
                    yield Skip(caller, exit_node, call, release, name)


def _acquirers(liveness: Liveness, wg: FieldRef) -> Iterator[tuple[Function, int]]:
    """RELEASE_RETURNED: (function, result position) of each function of the package
    whose every return puts there a literal calling `Done` on the WaitGroup field."""
    done = re.compile(rb"\." + re.escape(wg.field.encode()) + rb"\.Done\(\)")
    for f in liveness.package.files:
        seen: set[int] = set()
        for m in done.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.start() + 1)
            outer = None
            for a in gosyntax.ancestors(node) if node is not None else ():
                if a.type in ("function_declaration", "method_declaration"):
                    outer = a
                    break
            if outer is None or outer.start_byte in seen:
                continue
            seen.add(outer.start_byte)
            func = liveness.functions.get(outer, f)
            position = _release_position(func, wg)
            if position is not None:
                yield func, position


def _release_position(func: Function, wg: FieldRef) -> int | None:
    body = func.node.child_by_field_name("body")
    position: int | None = None
    found = False
    for ret in gosyntax.walk(body) if body is not None else ():
        if ret.type != "return_statement":
            continue
        values = ret.named_children[0].named_children if ret.named_children else []
        literal = next((i for i, v in enumerate(values) if v.type == "func_literal"), None)
        if literal is None:
            if any(v.type == "nil" for v in values):
                continue  # the acquire failed: nothing to release
            return None
        if position is not None and literal != position:
            return None
        if not _calls_done(func, values[literal], wg):
            return None
        position, found = literal, True
    return position if found else None


def _calls_done(func: Function, literal: tree_sitter.Node, wg: FieldRef) -> bool:
    for n in gosyntax.walk(literal, skip_functions=False):
        fn = n.child_by_field_name("function") if n.type == "call_expression" else None
        name = fn.child_by_field_name("field") if fn is not None else None
        if (
            fn is not None
            and name is not None
            and name.text == b"Done"
            and func.resolver.ref(fn.child_by_field_name("operand")) == wg
        ):
            return True
    return False


def _bound_release(
    liveness: Liveness, file: SourceFile, at: int, acquirer: Function, position: int
) -> tuple[Function, tree_sitter.Node, Var, list[Var]] | None:
    """(caller, the acquire call, the variable holding the release, the other results'
    variables) for `done, ok := x.begin()`."""
    node = file.root.descendant_for_byte_range(at, at + 1)
    call = node
    while call is not None and call.type != "call_expression":
        call = call.parent
    if call is None:
        return None
    list_ = call.parent
    stmt = list_.parent if list_ is not None and list_.type == "expression_list" else None
    if stmt is None or stmt.type != "short_var_declaration":
        return None
    caller_node = gosyntax.enclosing_function(stmt)
    if caller_node is None or caller_node == acquirer.node:
        return None
    caller = liveness.functions.get(caller_node, file)
    callee = caller.resolver.callee(call)
    if callee is None or callee.node != acquirer.node:
        return None
    names = gosyntax.field(stmt, "left").named_children
    if position >= len(names):
        return None
    release = caller.resolver.scopes.lookup(names[position])
    others = [caller.resolver.scopes.lookup(n) for i, n in enumerate(names) if i != position]
    if release is None:
        return None
    return caller, call, release, [v for v in others if v is not None]


def _skipping_exit(
    caller: Function, call: tree_sitter.Node, release: Var, others: list[Var]
) -> CfgNode | None:
    cfg = caller.cfg
    start = cfg.node_of(call) if cfg is not None else None
    if cfg is None or start is None:
        return None
    uses: dict[int, str] = {}
    for occ in release.occurrences:
        if occ == release.ident:
            continue
        node = cfg.node_of(occ)
        if node is None:
            return None  # in a closure: handed on
        parent, child = gosyntax.parent_skipping_parens(occ)
        called = (
            parent is not None
            and parent.type == "call_expression"
            and parent.child_by_field_name("function") == child
        )
        if not called:
            uses[node.id] = "judged" if node.kind == "cond" else "handed"
        else:
            uses[node.id] = "released"
    if "released" not in uses.values():
        return None  # RELEASES_HERE
    judged = {o.start_byte for v in others for o in v.occurrences}

    def step(n: CfgNode) -> list[CfgNode] | None:
        if n.id in uses:
            return []
        if n.kind == "cond" and n.ast is not None and _reads(n.ast, judged):
            return _succeeded_arms(n, release)  # ACQUIRE_JUDGED
        return None

    return first_normal_exit(start.succ, step)


def _succeeded_arms(cond: CfgNode, release: Var) -> list[CfgNode]:
    """The arms of a check of the acquire's results taken when it succeeded: the one
    that uses the release, else those that do not leave at once (`if !ok { return }`)."""
    arms = [s for s in cond.succ if s.kind == "arm" and s.ast is not None]
    if len(arms) != len(cond.succ):
        return []
    using = [
        a
        for a in arms
        if a.ast is not None
        and a.ast.type == "block"
        and any(a.ast.start_byte <= o.start_byte < a.ast.end_byte for o in release.occurrences)
    ]
    if len(using) == 1:
        return using
    return [a for a in arms if not _leaves_at_once(a.ast)]


def _leaves_at_once(block: tree_sitter.Node | None) -> bool:
    statements = (
        list(gosyntax.statements(block)) if block is not None and block.type == "block" else []
    )
    return bool(statements) and statements[-1].type == "return_statement"


def _reads(stmt: tree_sitter.Node, starts: set[int]) -> bool:
    cond = stmt.child_by_field_name("condition") or stmt.child_by_field_name("value")
    return cond is not None and any(
        n.type == "identifier" and n.start_byte in starts for n in (cond, *gosyntax.walk(cond))
    )
