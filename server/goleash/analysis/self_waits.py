"""A goroutine a `sync.WaitGroup` counts that calls `Wait` on that group: it waits for
its own `Done`.

    func (p *Pool) worker() {
        defer p.wg.Done()
        ...
        p.fail(err)            // fail -> Close -> p.wg.Wait(): waits for this worker's Done
    }

`Wait` returns when the counter is zero. A function that owes the group a `Done` (it
defers `p.wg.Done()`, or calls it after) and reaches `Wait` on that group before paying
keeps the counter above zero while it waits: nothing else will pay its `Done`, so it
waits forever, and so does everyone who waits on the group after it.

The group is the same when `Wait` names it through the object the owing function works
on (`call_chains`: SAME_GOROUTINE, SAME_OBJECT, CHAIN_DEPTH): a `go p.Close()` is
another goroutine and is not followed. Heuristics, each a trade-off:
- WAITGROUP_TYPED: only `Wait()` on a value typed `sync.WaitGroup` (a struct field, a
  variable, a package-level variable); an embedded WaitGroup (`p.Wait()`) or another
  package's type is not read.
- DONE_STILL_OWED: the function owes the `Done` when it defers it (`defer p.wg.Done()`,
  or a `Done` in a deferred literal), or calls it only after the call that leads to
  `Wait` (every plain `Done` of the group in the function comes later in the text).
  A deferred call leading to `Wait` runs at the end: after the plain `Done`s, and
  after the `Done`s deferred later than it (`defer m.Close(); defer m.wg.Done()` pays
  first). A `Done` paid through a helper (`defer p.release()`) is not seen: missed.
- ANY_PATH: the `Wait` counts on any path of the functions on the way, an error path
  included: it deadlocks as soon as that path runs; but not behind a test of state the
  owing function sets, nor under a test of its own function's arguments (`if wait {
  p.wg.Wait() }`; `call_chains`: STATE_SET_FIRST, DECIDED_BY_ARGUMENTS).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.call_chains import (
    Handle,
    Step,
    argument_checked,
    denotes,
    handle_of,
    mentioned,
    reached_calls,
    same_value_calls,
    state_checked,
)
from goleash.analysis.functions import Function, Functions
from goleash.source import SourceFile

WAITGROUP = "sync.WaitGroup"


@dataclass(frozen=True)
class SelfWait:
    wait: Node  # the `Wait` (in the file analysed)
    name: str  # the group as `Wait` names it: `p.wg`
    owner: Function  # the function that owes the `Done`
    done: Node  # its `Done` (the defer statement, for a deferred one)
    chain: tuple[Step, ...]  # the calls from the owner to the `Wait`
    starts: tuple[tuple[Node, SourceFile], ...]  # the `go` statements starting the owner


def self_waits(
    file: SourceFile, functions: Functions, wait_calls: Collection[Node]
) -> list[SelfWait]:
    out: list[SelfWait] = []
    if not wait_calls or not mentioned(functions.package, WAITGROUP.encode()):
        return out  # no WaitGroup in the package
    for call in wait_calls:
        func = functions.enclosing(call, file)
        operand = _group_operand(call, func)
        if func is None or operand is None:
            continue
        handle = handle_of(operand, func)
        if handle is None:
            continue
        for owner in _owners(functions, handle, operand, func):
            chain = _reaches(functions, owner, call, file)
            if chain is not None:
                starts = tuple(_starts(functions, owner.func))
                shown = owner.deferred[0] if owner.deferred else owner.plain[0]
                out.append(SelfWait(call, gosyntax.text(operand), owner.func, shown, chain, starts))
                break
    return out


@dataclass
class _Owner:
    """A function that calls `Done` on the group: its deferred `Done`s (their defer
    statements) and its plain ones."""

    func: Function
    handle: Handle  # the group as it names it
    deferred: list[Node] = field(default_factory=list)
    plain: list[Node] = field(default_factory=list)

    def owes_at(self, entry: Node) -> bool:
        """DONE_STILL_OWED: has the function still not paid its `Done` when `entry` (a
        call of its own body) runs? A deferred call runs at the end, after the plain
        `Done`s and the `Done`s deferred after it (defers run last in, first out)."""
        deferred_entry = next(
            (a for a in gosyntax.ancestors(entry, self.func.node) if a.type == "defer_statement"),
            None,
        )
        if deferred_entry is None:
            if any(d.start_byte < entry.start_byte for d in self.plain):
                return False
            return bool(self.deferred) or bool(self.plain)
        if self.plain:
            return False
        return any(d.start_byte < deferred_entry.start_byte for d in self.deferred)


def _reaches(
    functions: Functions, owner: _Owner, wait: Node, file: SourceFile
) -> tuple[Step, ...] | None:
    """The chain of calls from the owner to `wait` while it owes its `Done`; None when
    `wait` is not so reached."""
    for r in reached_calls(functions, owner.func, owner.handle):
        if r.call != wait or r.func.file.path != file.path:
            continue
        operand = _group_operand(r.call, r.func)
        if operand is None or not denotes(operand, r.handle, r.func):
            continue
        if state_checked(r, owner.func, owner.handle) or argument_checked(r):
            continue
        if owner.owes_at(r.chain[0].call if r.chain else r.call):
            return r.chain
    return None


def _group_operand(call: Node, func: Function | None) -> Node | None:
    """`p.wg` in `p.wg.Wait()` (or `Done()`), when it is a sync.WaitGroup (WAITGROUP_TYPED)."""
    fn = call.child_by_field_name("function")
    if (
        func is None
        or fn is None
        or fn.type != "selector_expression"
        or gosyntax.call_arguments(call)
    ):
        return None
    operand = gosyntax.unparen(fn.child_by_field_name("operand"))
    if operand is None or func.resolver.expr_type(operand) != WAITGROUP:
        return None
    return operand


def _owners(functions: Functions, handle: Handle, operand: Node, func: Function) -> list[_Owner]:
    """The functions of the package that call `Done` on the group (for a field, on that
    field of any object of the type: the walk checks the object)."""
    owners: dict[tuple[str, int], _Owner] = {}
    for done, at in same_value_calls(functions, handle, operand, func, "Done"):
        deferred_in = _deferred_in(done)
        owner_node = deferred_in if deferred_in is not None else gosyntax.enclosing_function(done)
        if owner_node is None:
            continue
        owner_func = functions.get(owner_node, at.file)
        fn = done.child_by_field_name("function")
        h = handle_of(fn.child_by_field_name("operand") if fn is not None else None, owner_func)
        if h is None:
            continue
        owner = owners.setdefault((at.file.path, owner_node.start_byte), _Owner(owner_func, h))
        if deferred_in is None:
            owner.plain.append(done)
        else:
            stmt = next(
                (a for a in gosyntax.ancestors(done, owner_node) if a.type == "defer_statement"),
                done,
            )
            owner.deferred.append(stmt)
    return list(owners.values())


def _deferred_in(done: Node) -> Node | None:
    """The function that defers this `Done` (`defer p.wg.Done()`, or `defer func() { ...
    p.wg.Done() }()`), or None when it is called plainly."""
    func = gosyntax.enclosing_function(done)
    parent = done.parent
    if parent is not None and parent.type == "defer_statement":
        return func
    if func is None or func.type != "func_literal":
        return None
    call = func.parent
    stmt = call.parent if call is not None else None
    if (
        call is not None
        and call.type == "call_expression"
        and stmt is not None
        and stmt.type == "defer_statement"
    ):
        return gosyntax.enclosing_function(stmt)
    return None


def _starts(functions: Functions, owner: Function) -> Iterator[tuple[Node, SourceFile]]:
    """The `go` statements of the package that start the owner (for the report)."""
    if owner.node.type == "func_literal":
        parent = owner.node.parent
        stmt = parent.parent if parent is not None else None
        if stmt is not None and stmt.type == "go_statement":
            yield stmt, owner.file
        return
    name = gosyntax.function_name(owner.node)
    if not name:
        return
    pattern = re.compile(rb"\bgo\s+(?:[\w.]+\.)?" + re.escape(name.encode()) + rb"\(")
    for f in functions.package.files:
        for m in pattern.finditer(f.data):
            stmt = f.root.descendant_for_byte_range(m.start(), m.start() + 2)
            while stmt is not None and stmt.type != "go_statement":
                stmt = stmt.parent
            call = stmt.named_children[0] if stmt is not None and stmt.named_children else None
            starter = functions.enclosing(stmt, f) if stmt is not None else None
            if call is None or starter is None or call.type != "call_expression":
                continue
            target = functions.callee(call, starter)
            if target is not None and target.node == owner.node:
                yield stmt, f
