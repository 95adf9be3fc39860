"""A channel operation made while holding a lock that its partner needs first.

`s.mu.Lock(); s.events <- ev; s.mu.Unlock()` blocks, on an unbuffered channel,
until some goroutine receives from `s.events`. When every function of the package
that receives from it takes `s.mu` before it gets to the receive (`s.mu.Lock()` in
the consumer's loop, or a call that locks it), the receiver waits for the lock the
sender holds while the sender waits for the receiver: both block forever.

The channel is named by its field (`(Server, events)`), the lock by its field; the
partner's lock must be reachable before its operation on its control-flow graph.
Guards, each a trade-off:
- Only unbuffered channels (a buffer may take the value without the partner), and
  only operations that block (not in a `select` with a `default` or another case).
- Every partner operation in the package must need the lock: one partner that can
  get there without it keeps the code alive.
- Unexported channel fields only: code outside the package may be a partner.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.cfg import reaches
from goleash.analysis.functions import Function, Functions, enclosing_each
from goleash.analysis.identities import field_capacity
from goleash.analysis.lock_order import held_before, held_states
from goleash.analysis.values import FieldRef

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.liveness import Liveness
    from goleash.source import SourceFile

# A lock's key (lock_order.key_of): ("field", type, field) or ("global", name).
_Key = tuple[str, ...]

_PARTNER = {"send": ("recv", "range"), "recv": ("send",), "range": ("send",)}


@dataclass(frozen=True)
class LockedOp:
    op: tree_sitter.Node  # the blocking channel operation
    func: Function
    lock: tree_sitter.Node  # the Lock call held across it
    lock_name: str
    channel: str  # the channel as written
    partner_op: tree_sitter.Node  # a partner's operation
    partner_lock: tree_sitter.Node  # the partner's Lock that comes before it
    partner: Function


def locked_operations(
    liveness: Liveness, lock_statements: Iterable[tree_sitter.Node]
) -> list[LockedOp]:
    """Blocking channel operations on unbuffered fields made under a lock that every
    partner operation in the package needs first."""
    functions = liveness.functions
    file = liveness.file
    out: list[LockedOp] = []
    for func in enclosing_each(functions, lock_statements, file):
        state = held_states(func, functions)
        if state is None:
            continue
        assert func.cfg is not None  # held_states needs it
        for node in func.cfg.nodes:
            for ev in node.events:
                if ev.kind not in _PARTNER or not ev.blocking or ev.case is not None:
                    continue
                if not isinstance(ev.ref, FieldRef) or ev.ref.exported:
                    continue
                # lock key -> (the mutex as written, its Lock call)
                held: dict[_Key, tuple[str, tree_sitter.Node]] = held_before(
                    ev, node, state, func, functions
                )
                held = {k: v for k, v in held.items() if k[0] == "field"}
                if not held:
                    continue
                cap, known = field_capacity(liveness, ev.ref.field)
                if not known or not cap.is_zero():
                    continue
                found = _partner_needing(liveness, functions, ev, held, func)
                if found is not None:
                    key, partner, partner_op, partner_lock = found
                    name, lock = held[key]
                    out.append(
                        LockedOp(
                            ev.node,
                            func,
                            lock,
                            name,
                            _channel_text(ev),
                            partner_op,
                            partner_lock,
                            partner,
                        )
                    )
    return out


def _channel_text(ev: Event) -> str:
    n = ev.node
    if ev.kind == "send":
        ch = n.child_by_field_name("channel")
    else:
        ch = n.child_by_field_name("operand") or n
    return gosyntax.text(ch) if ch is not None else "the channel"


def _partner_needing(
    liveness: Liveness,
    functions: Functions,
    ev: Event,
    held: dict[_Key, tuple[str, tree_sitter.Node]],
    func: Function,
) -> tuple[_Key, Function, tree_sitter.Node, tree_sitter.Node] | None:
    """(lock key, partner function, its operation, its Lock) when every partner operation
    on the channel field in the package comes after a lock of one held key."""
    assert isinstance(ev.ref, FieldRef)  # locked_operations asks only of field operations
    field = ev.ref.field
    type_name = ev.ref.type_name
    wanted = _PARTNER[ev.kind]
    partners: list[tuple[Function, CfgNode, Event]] = []
    for f in liveness.package.files:
        if ("." + field).encode() not in f.data:
            continue
        for _node, pfunc in _functions_mentioning(functions, f, field):
            if pfunc.cfg is None or pfunc.node == func.node:
                continue
            for node in pfunc.cfg.nodes:
                for pev in node.events:
                    if (
                        pev.kind in wanted
                        and isinstance(pev.ref, FieldRef)
                        and pev.ref.field == field
                        and pev.ref.type_name == type_name
                    ):
                        partners.append((pfunc, node, pev))
    if not partners:
        return None
    for key in held:
        locks: list[tree_sitter.Node] = []
        for pfunc, node, _pev in partners:
            lock = _lock_before(pfunc, node, key)
            if lock is None:
                break  # this partner gets to its operation without the lock
            locks.append(lock)
        else:
            pfunc, _start, pev = partners[0]
            return key, pfunc, pev.node, locks[0]
    return None


def _functions_mentioning(
    functions: Functions, file: SourceFile, field: str
) -> Iterator[tuple[tree_sitter.Node, Function]]:
    from goleash import gosyntax

    needle = ("." + field).encode()
    for node in gosyntax.walk(file.root, skip_functions=False):
        if node.type in gosyntax.FUNCTION_TYPES and needle in (node.text or b""):
            yield node, functions.get(node, file)


def _lock_before(func: Function, target: CfgNode, key: _Key) -> tree_sitter.Node | None:
    """A Lock of `key` in `func` from which `target` can be reached."""
    from goleash.analysis.lock_order import key_of

    assert func.cfg is not None  # _partner_needing checked it
    for node in func.cfg.nodes:
        for ev in node.events:
            if ev.kind in ("lock", "rlock") and key_of(ev.ref) == key and reaches(node, target):
                return ev.node
    return None
