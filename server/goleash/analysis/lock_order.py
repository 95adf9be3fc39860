"""Two mutexes taken in opposite orders (the package's lock-order graph), and one taken
again by the goroutine holding it.

For every function of the package that locks, one forward pass over its
control-flow graph keeps the locks held on every path (a lock taken on one branch
only is not held after the join). Taking lock B while A is held, directly or by
calling a function of the package that locks B, is an edge A -> B. An edge A -> B
and an edge B -> A are a cycle: two goroutines running the two sites can each hold
one lock and wait for the other forever.

A lock is named by what it locks: a struct field (`(Account, mu)` whatever the
variable) or a package-level mutex. Guards, each a trade-off:
- Two acquisitions of the same field (`a.mu` then `b.mu` of one type) are not an
  edge: ordered by some rule of the code (ids, tree depth) we cannot see.
- GATE_LOCK: when a third lock is held at both sites, the two cannot run at once.
- A callee is followed one level deep, for the locks it takes before any unlock of
  them: an edge through a call names the callee's lock.
- A lock taken again counts only on the same object, as written: `c.mu` then `c.mu`,
  or a method of `c` locking its receiver's `mu` (`p.mu` then `c.mu` of a parent and
  a child is no relock), and not when the mutex is handed to a call in the function
  (`unlock := unlockOnce(&srv.lock)`).
- REASSIGNED_RECEIVER: a method that assigns its receiver (`c = c.parent`) before
  locking `c.mu` locks another object's mutex: no relock through the call.
- LOCKED_PARAMETER: a callee's lock under `if !locked` (or `if needLock`, `== false`)
  on a bool parameter is not taken by a call passing `true` (`false`): the caller says
  it holds the lock (`r.readErr(true)`).
- CORRELATED_BRANCHES: a callee's lock under `if release` after an unlock of the same
  mutex under an `if` of the same condition text (`if release { mu.Unlock() } ...
  if release { mu.Lock() }`) is a relock of what it let go, not a first lock.
- RELEASED_IN_CALLEE: a callee that unlocks the caller's lock A on every path before it
  takes B (`d.mu.Unlock(); d.commit.mu.Lock(); d.mu.Lock()`) adds no edge A -> B: that is
  how code keeps its documented order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.call_chains import reassigned
from goleash.analysis.cfg import Event, reaches
from goleash.analysis.cfg import Node as FlowNode
from goleash.analysis.functions import Function, Functions
from goleash.analysis.scopes import Var
from goleash.analysis.values import FieldRef, GlobalRef
from goleash.source import SourceFile

if TYPE_CHECKING:
    from goleash.analysis.package import Package

# What a lock is named by: ("field", struct type, field) or ("global", name).
LockKey = tuple[str, ...]
# The locks held at a point: key -> (the mutex as written, its Lock call).
Held = dict[LockKey, tuple[str, Node]]

_ACQUIRE = frozenset({"lock", "rlock"})
_RELEASE = {"unlock": "lock", "runlock": "rlock"}


@dataclass(frozen=True)
class Edge:
    held: LockKey  # key of the lock already held
    taken: LockKey  # key of the lock taken
    held_name: str  # as written at the site: `a.mu`
    taken_name: str
    first: Node  # the Lock call of the held lock
    second: Node  # the Lock call taking the other (in the callee, for a call)
    via: Node | None  # the call through which it is taken (None: directly)
    func: Function
    others: frozenset[LockKey]  # keys of the other locks held at the site
    second_file: SourceFile | None = None  # the file of `second` (the callee's, through a call)


@dataclass(frozen=True)
class Relock:
    """A lock taken again by the goroutine that holds it."""

    first: Node  # the Lock call that holds it
    second: Node  # the Lock call taking it again (in the callee, for a call)
    via: Node | None  # the call through which it is taken again (None: directly)
    name: str  # the mutex as written at the first lock
    first_read: bool
    second_read: bool
    key: LockKey
    second_file: SourceFile | None = None


@dataclass(frozen=True)
class Inversion:
    edge: Edge  # the site reported
    reverse: Edge  # the site taking the two in the other order


def key_of(ref: object) -> LockKey | None:
    if isinstance(ref, FieldRef):
        return ("field", ref.type_name, ref.field)
    if isinstance(ref, GlobalRef):
        return ("global", ref.name)
    return None


def inversions(package: Package) -> list[Inversion]:
    """Every cycle of two in the package's lock-order graph, once per pair of sites."""
    found = package.derived("lock_inversions", _inversions)
    assert isinstance(found, _Inversions)
    return found


# Where each inversion is: (reported file, its second lock's byte, the reverse's file and byte).
_Site = tuple[str, int, str, int]


class _Inversions(list[Inversion]):
    """The package's inversions, as a fact the package records about its files. It goes
    with the file's report to the CLI's parent process, where syntax nodes cannot go:
    there it travels as where each inversion is, which is also what tells two builds'
    facts apart."""

    _sites: tuple[_Site, ...] = ()

    def sites(self) -> tuple[_Site, ...]:
        return self._sites or tuple(
            (
                _file(i.edge.func).path,
                i.edge.second.start_byte,
                _file(i.reverse.func).path,
                i.reverse.second.start_byte,
            )
            for i in self
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Inversions) and self.sites() == other.sites()

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # a list: unhashable, as lists are

    def __reduce__(
        self,
    ) -> tuple[Callable[[tuple[_Site, ...]], _Inversions], tuple[tuple[_Site, ...]]]:
        return (_sites_only, (self.sites(),))


def _sites_only(sites: tuple[_Site, ...]) -> _Inversions:
    out = _Inversions()
    out._sites = sites
    return out


def _inversions(files: list[SourceFile]) -> _Inversions:
    return _Inversions(_find_inversions(files))


def _find_inversions(files: list[SourceFile]) -> list[Inversion]:
    from goleash.analysis.package import Package

    if not any(b"Lock()" in f.data for f in files):
        return []
    package = Package(files[0], list(files[1:]))
    functions = Functions(package)
    locking = _locking_functions_of(package)
    edges: list[Edge] = []
    for f in files:
        for node in _functions_saying(f, b"Lock()"):
            if not _may_nest_locks(node, locking):
                continue
            func = functions.get(node, f)
            edges.extend(_edges(func, functions))
    by_pair: dict[tuple[LockKey, LockKey], list[Edge]] = {}
    for e in edges:
        by_pair.setdefault((e.held, e.taken), []).append(e)
    out = []
    for (a, b), forward in by_pair.items():
        if a >= b:
            continue
        backward = by_pair.get((b, a))
        if not backward:
            continue
        for e in forward:
            r = next((r for r in backward if not (e.others & r.others)), None)
            if r is not None:
                out.append(Inversion(e, r))
                out.append(Inversion(r, e))
                break
    return out


_WORDS = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")


def _may_nest_locks(func: Node, locking: frozenset[bytes]) -> bool:
    """Can the function take a lock while it holds another? Only with a second `Lock()`
    or `RLock()` in its text, or a call of a function of the package that locks (by
    name). Most functions lock once (`mu.Lock(); defer mu.Unlock()`) and call nothing
    that locks: their lock states are never computed for the order graph. Trade-off:
    `locking` knows the functions declared at the start of a line (as gofmt writes
    them); a call of one declared otherwise is not seen here."""
    text = func.text or b""
    if text.count(b"Lock()") >= 2:
        return True
    return bool(locking) and not locking.isdisjoint(_WORDS.findall(text))


def _functions_saying(file: SourceFile, word: bytes) -> list[Node]:
    """The functions and function literals of `file` whose text holds `word`, in the order
    of a walk of the tree (an outer function before the literals in it). Found from where
    the word occurs, not by walking every node of every file of the package: a package
    of large files is asked again after each edit of one of them."""
    data = file.data
    found: dict[int, Node] = {}
    at = data.find(word)
    while at >= 0:
        spot = file.root.descendant_for_byte_range(at, at + len(word))
        node: Node | None = file.root
        while spot is not None and node is not None and node != spot:
            node = node.child_with_descendant(spot)  # down from the root: one child per level
            if node is not None and node.type in gosyntax.FUNCTION_TYPES:
                found[node.id] = node
        at = data.find(word, at + 1)
    return sorted(found.values(), key=lambda n: (n.start_byte, -n.end_byte))


def relocks(
    file: SourceFile,
    package: Package,
    lock_statements: list[Node],
    functions: Functions | None = None,
) -> list[Relock]:
    """Locks taken again, on some path, by the function holding them (directly or in a
    function of the package it calls, which locks it before any unlock)."""
    functions = functions or Functions(package)
    seen: dict[tuple[int, int], Function] = {}
    lockers: frozenset[bytes] | None = None
    skipped: set[tuple[int, int]] = set()
    for stmt in lock_statements:
        node = gosyntax.enclosing_function(stmt)
        if node is None:
            continue
        where = (node.start_byte, node.end_byte)
        if where in seen or where in skipped:
            continue
        # Cheap test first, before resolving anything: the same mutex locked twice as
        # written, or a method of a locked mutex's owner that locks; most functions are
        # neither.
        text = node.text or b""
        operands = _LOCKED_OPERAND.findall(text)
        if len(set(operands)) == len(operands):
            if lockers is None:
                lockers = _locking_functions_of(package)
            owners = {o.split(b".", 1)[0] for o in operands}
            if not any(
                m.group(2) in lockers and m.group(1) in owners for m in _METHOD_CALL.finditer(text)
            ):
                skipped.add(where)
                continue
        seen[where] = functions.get(node, file)
    out: list[Relock] = []
    for func in seen.values():
        sink: list[Relock] = []
        _edges(func, functions, sink)
        out.extend(sink)
    return out


def held_states(func: Function, functions: Functions) -> dict[int, Held | None] | None:
    """The locks held on every path into each node of the function: node id -> {key:
    (the mutex as written, its Lock call)}; None when the function is not analysed."""
    cfg = func.cfg
    if cfg is None or cfg.irreducible:
        return None
    # None = not reached yet; a join keeps what every way in holds.
    state: dict[int, Held | None] = {n.id: None for n in cfg.nodes}
    state[cfg.entry.id] = {}
    order = _reverse_postorder(cfg.entry)
    changed = True
    rounds = 0
    while changed and rounds < 20:
        changed = False
        rounds += 1
        for n in order:
            held = state[n.id]
            if held is None:
                continue
            held = dict(held)
            for ev in n.events:
                held = _step(ev, held, func, functions, {}, None)
            for s in n.succ:
                old = state[s.id]
                new = held if old is None else {k: v for k, v in old.items() if k in held}
                if old is None or new.keys() != old.keys():
                    state[s.id] = new
                    changed = True
    if changed:
        return None  # no fixed point within the rounds: say nothing rather than guess
    return state


def held_before(
    ev: Event, node: FlowNode, state: dict[int, Held | None], func: Function, functions: Functions
) -> Held:
    """The locks held right before event `ev` of `node`."""
    held = dict(state.get(node.id) or {})
    for e in node.events:
        if e is ev:
            break
        held = _step(e, held, func, functions, {}, None)
    return held


def _edges(
    func: Function, functions: Functions, relocked: list[Relock] | None = None
) -> list[Edge]:
    state = held_states(func, functions)
    if state is None:
        return []
    # One pass over the settled states, recording what each step sees.
    out: dict[_EdgeAt, Edge] = {}
    assert func.cfg is not None  # held_states gives states only for a function with a graph
    for n in _reverse_postorder(func.cfg.entry):
        held = state[n.id]
        if held is None:
            continue
        held = dict(held)
        for ev in n.events:
            held = _step(ev, held, func, functions, out, relocked)
    return list(out.values())


def _step(
    ev: Event,
    held: Held,
    func: Function,
    functions: Functions,
    out: dict[_EdgeAt, Edge],
    relocked: list[Relock] | None = None,
) -> Held:
    if ev.kind in _ACQUIRE:
        key = key_of(ev.ref)
        if key is None:
            return held
        lock_call = _node(ev.node)
        name = operand_text(lock_call) or "?"
        if (
            key in held
            and relocked is not None
            and held[key][0] == name
            and not mutex_passed(func, name)
        ):
            hname, hnode = held[key]
            _relock(
                relocked,
                Relock(
                    hnode,
                    lock_call,
                    None,
                    hname,
                    _is_read(hnode),
                    ev.kind == "rlock",
                    key,
                    _file(func),
                ),
            )
        for k, (hname, hnode) in held.items():
            if k != key:
                _record(
                    out,
                    Edge(
                        k,
                        key,
                        hname,
                        name,
                        hnode,
                        lock_call,
                        None,
                        func,
                        frozenset(held) - {k},
                        _file(func),
                    ),
                )
        held[key] = (name, lock_call)
        return held
    if ev.kind in _RELEASE:
        released = key_of(ev.ref)
        if released is not None:
            held.pop(released, None)
        return held
    if ev.kind == "spawn" and held and ev.target is not None:
        for key in _released_by_goroutine(_node(ev.target), held, func, functions):
            held.pop(key, None)
        return held
    if ev.kind == "call" and held and ev.call is not None:
        call = _node(ev.call)
        callee = functions.callee(call, func)
        if (
            callee is None
            or b"Lock()" not in (_node(callee.node).text or b"")
            or callee.cfg is None
            or callee.node == func.node
        ):
            return held
        for cev, cnode in _first_locks(callee):
            key = key_of(cev.ref)
            second = _node(cev.node)
            if key is None or _skipped_by_argument(callee, second, call):
                continue
            if key in held:
                hname, hnode = held[key]
                # The same object, seen through the call: the callee's receiver stands for the
                # call's operand (`suite.T()` locking `suite.mu` is the caller's `suite.mu`).
                if (
                    relocked is not None
                    and _as_caller_sees(callee, second, call) == hname
                    and not mutex_passed(func, hname)
                ):
                    _relock(
                        relocked,
                        Relock(
                            hnode,
                            second,
                            call,
                            hname,
                            _is_read(hnode),
                            cev.kind == "rlock",
                            key,
                            _file(callee),
                        ),
                    )
                continue
            for k, (hname, hnode) in held.items():
                if _released_before(callee, cnode, k):
                    continue
                _record(
                    out,
                    Edge(
                        k,
                        key,
                        hname,
                        operand_text(second) or "?",
                        hnode,
                        second,
                        call,
                        func,
                        frozenset(held) - {k},
                        _file(callee),
                    ),
                )
    return held


def _released_by_goroutine(
    literal: Node, held: Held, func: Function, functions: Functions
) -> set[LockKey]:
    """HANDED_TO_A_GOROUTINE: `mu.Lock(); go func() { ...; mu.Unlock() }()` gives the held
    mutex to the goroutine, which unlocks it; the starter holds it no more, even when it
    waits for that goroutine and locks the mutex again. Trade-off: an unlock on only some
    of the goroutine's paths counts as handing it over."""
    if b"Unlock()" not in (literal.text or b""):
        return set()
    body = functions.get(literal, _file(func))
    if body.cfg is None:
        return set()
    return {
        key
        for e in body.cfg.nodes_events()
        if e.kind in _RELEASE and (key := key_of(e.ref)) is not None and key in held
    }


def _node(value: object) -> Node:
    """A syntax node the control-flow graph holds (typed `object` there)."""
    assert isinstance(value, Node)
    return value


def _file(func: Function) -> SourceFile:
    assert isinstance(func.file, SourceFile)
    return func.file


def _relock(sink: list[Relock], r: Relock) -> None:
    if not any(x.second == r.second and x.via == r.via for x in sink):
        sink.append(r)


def _as_caller_sees(callee: Function, lock_call: Node, call: Node) -> str | None:
    """The callee's locked operand (`s.mu`) written in the caller's terms (`c.store.mu` for
    a call `c.store.m()`), when it hangs off the callee's receiver; else None."""
    from goleash.analysis.functions import receiver_var

    recv: Var | None = receiver_var(callee)
    fn = call.child_by_field_name("function")
    operand = (
        fn.child_by_field_name("operand")
        if fn is not None and fn.type == "selector_expression"
        else None
    )
    locked = operand_text(lock_call) or "?"
    if recv is None or operand is None or reassigned(recv):
        return None
    if locked == recv.name:
        return gosyntax.text(operand)  # an embedded mutex: `c.Lock()`
    prefix = recv.name + "."
    if not locked.startswith(prefix):
        return None
    return gosyntax.text(operand) + "." + locked[len(prefix) :]


_NEGATED = {"==": False, "!=": True}


def _skipped_by_argument(callee: Function, lock_call: Node, call: Node) -> bool:
    """LOCKED_PARAMETER: the callee's lock sits under an `if` on one of its bool
    parameters that this call's literal `true`/`false` argument makes false."""
    args = gosyntax.call_arguments(call)
    node = lock_call
    for above in gosyntax.ancestors(lock_call, _node(callee.node)):
        if above.type == "if_statement":
            cond = above.child_by_field_name("condition")
            consequence = above.child_by_field_name("consequence")
            wanted = _wanted_value(cond, callee)
            if wanted is not None and consequence is not None:
                index, value = wanted
                in_consequence = gosyntax.is_within(node, consequence)
                arg = args[index].text if index < len(args) else None
                if arg in (b"true", b"false") and ((arg == b"true") == value) != in_consequence:
                    return True
            if (
                consequence is not None
                and gosyntax.is_within(node, consequence)
                and _option_says_held(cond, args)
            ):
                return True
        node = above
    return False


def _option_says_held(cond: Node | None, args: list[Node]) -> bool:
    """LOCKED_OPTION: the lock sits under `if !opts.withAlreadyLocked`, a field of the
    callee's options, and this call passes the option that sets it,
    `withAlreadyLocked(true)` (audit 42: boundary's `UnwrapBsrKey`). Trade-off: the
    option is matched by name only (its setter is not read); a field whose name does
    not speak of a lock is left out, so an unrelated option cannot pass for one."""
    cond = gosyntax.unparen(cond)
    operator = cond.child_by_field_name("operator") if cond is not None else None
    if cond is None or cond.type != "unary_expression" or operator is None or operator.type != "!":
        return False
    operand = gosyntax.unparen(cond.child_by_field_name("operand"))
    if operand is None or operand.type != "selector_expression":
        return False
    option = gosyntax.text(gosyntax.field(operand, "field")).lower()
    if "lock" not in option:
        return False
    for each in args:
        arg = gosyntax.unparen(each)
        if arg is None or arg.type != "call_expression":
            continue
        name = gosyntax.callee_text(arg).rsplit(".", 1)[-1].lower()
        values = [gosyntax.text(a) for a in gosyntax.call_arguments(arg)]
        if name in (option, f"with{option}") and values in ([], ["true"]):
            return True
    return False


def _wanted_value(cond: Node | None, callee: Function) -> tuple[int, bool] | None:
    """(parameter index, the value that makes the condition true) for `p`, `!p`,
    `p == true`, `p != false` ... on a parameter `p` of the callee; else None."""
    cond = gosyntax.unparen(cond)
    if cond is None:
        return None
    truth = True
    operator = cond.child_by_field_name("operator")
    if cond.type == "unary_expression" and operator is not None and operator.type == "!":
        cond, truth = gosyntax.unparen(cond.child_by_field_name("operand")), False
    elif cond.type == "binary_expression" and operator is not None:
        op = operator.type
        left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
        if op not in _NEGATED or right is None or right.text not in (b"true", b"false"):
            return None
        truth = (right.text == b"true") != _NEGATED[op]
        cond = gosyntax.unparen(left)
    if cond is None or cond.type != "identifier":
        return None
    var: Var | None = callee.resolver.scopes.lookup(cond)
    if var is None or var.kind != "param" or var.index < 0 or reassigned(var):
        return None
    return var.index, truth


def _released_before(callee: Function, lock_node: FlowNode, held_key: LockKey) -> bool:
    """RELEASED_IN_CALLEE: every path of the callee to this lock unlocks `held_key` first."""
    assert callee.cfg is not None  # a callee with a lock node has a graph
    if not any(e.kind in _RELEASE and key_of(e.ref) == held_key for e in callee.cfg.nodes_events()):
        return False
    return not reaches(
        callee.cfg.entry,
        lock_node,
        lambda e: bool(e.kind in _RELEASE and key_of(e.ref) == held_key),
    )


def mutex_passed(func: Function, name: str) -> bool:
    """The mutex is passed to a call in this function (`unlockOnce(&srv.lock)`): a
    function value may unlock it where we cannot see."""
    body = _node(func.node).child_by_field_name("body")
    text = name.encode()
    if body is None or text not in (body.text or b""):
        return False  # an argument spelling the name spells it in the body's text
    for n in gosyntax.walk(body, skip_functions=False):
        if n.type == "argument_list":
            for arg in n.named_children:
                a = arg.child_by_field_name("operand") if arg.type == "unary_expression" else arg
                if a is not None and a.text == text:
                    return True
    return False


def _is_read(lock_call: Node) -> bool:
    fn = lock_call.child_by_field_name("function")
    field = fn.child_by_field_name("field") if fn is not None else None
    return field is not None and field.text == b"RLock"


_LOCK_CALL = re.compile(rb"\.R?Lock\(\)")
_LOCKED_OPERAND = re.compile(rb"([\w.]+)\.R?Lock\(\)")
_METHOD_CALL = re.compile(rb"\b([A-Za-z_]\w*)\.(?:[\w.]*\.)?([A-Za-z_]\w*)\(")
_DECLARED = re.compile(rb"(?m)^func\s*(?:\([^)]*\)\s*)?([A-Za-z_]\w*)")


def _locking_functions_of(package: Package) -> frozenset[bytes]:
    found = package.derived("locking_functions", _locking_functions)
    assert isinstance(found, frozenset)
    return found


def _locking_functions(files: list[SourceFile]) -> frozenset[bytes]:
    """Names of the package's functions and methods whose body takes a lock."""
    out: set[bytes] = set()
    for f in files:
        if b"Lock()" not in f.data:
            continue
        starts = [(m.start(), m.group(1)) for m in _DECLARED.finditer(f.data)]
        for i, (at, name) in enumerate(starts):
            end = starts[i + 1][0] if i + 1 < len(starts) else len(f.data)
            if _LOCK_CALL.search(f.data, at, end):
                out.add(name)
    return frozenset(out)


def _first_locks(callee: Function) -> list[tuple[Event, FlowNode]]:
    """The callee's lock events, with their nodes, reached from its entry before any
    unlock of the same mutex (one that unlocks first is meant to be called with the lock
    held)."""
    cached: list[tuple[Event, FlowNode]] | None = callee.__dict__.get("_first_locks")
    if cached is not None:
        return cached
    callee.__dict__["_first_locks"] = out = _compute_first_locks(callee)  # kept with the function
    return out


def _compute_first_locks(callee: Function) -> list[tuple[Event, FlowNode]]:
    cfg = callee.cfg
    out: list[tuple[Event, FlowNode]] = []
    if cfg is None:
        return out
    for node in cfg.nodes:
        for ev in node.events:
            if ev.kind not in _ACQUIRE:
                continue
            key = key_of(ev.ref)
            if key is None:
                continue

            def releases(e: Event, key: LockKey = key) -> bool:
                return e.kind in _RELEASE and key_of(e.ref) == key

            if reaches(cfg.entry, node, releases) and not _relock_of_released(
                _node(ev.node), callee, key
            ):
                out.append((ev, node))
    return out


def _relock_of_released(lock_call: Node, func: Function, key: LockKey) -> bool:
    """CORRELATED_BRANCHES: the lock sits under `if cond`, and an unlock of the same mutex
    before it under an `if` with the same condition text."""
    conds = {_condition_text(a) for a in gosyntax.ancestors(lock_call, _node(func.node))} - {None}
    if not conds or func.cfg is None:
        return False
    for node in func.cfg.nodes:
        for ev in node.events:
            unlock = _node(ev.node)
            if (
                ev.kind not in _RELEASE
                or key_of(ev.ref) != key
                or unlock.start_byte > lock_call.start_byte
            ):
                continue
            if any(
                _condition_text(a) in conds for a in gosyntax.ancestors(unlock, _node(func.node))
            ):
                return True
    return False


def _condition_text(node: Node) -> bytes | None:
    """The condition of an `if` statement, as written; None for any other node."""
    cond = node.child_by_field_name("condition") if node.type == "if_statement" else None
    return cond.text if cond is not None else None


# Where an edge is seen: (held, taken, second lock's byte, first lock's byte).
_EdgeAt = tuple[LockKey, LockKey, int, int]


def _record(out: dict[_EdgeAt, Edge], edge: Edge) -> None:
    out.setdefault((edge.held, edge.taken, edge.second.start_byte, edge.first.start_byte), edge)


def operand_text(call: Node) -> str | None:
    """The mutex a `x.Lock()` call locks, as written (`x`)."""
    fn = call.child_by_field_name("function")
    operand = (
        fn.child_by_field_name("operand")
        if fn is not None and fn.type == "selector_expression"
        else None
    )
    return gosyntax.text(operand) if operand is not None else None


def _reverse_postorder(entry: FlowNode) -> list[FlowNode]:
    seen: set[int] = set()
    post: list[FlowNode] = []
    stack = [(entry, iter(entry.succ))]
    seen.add(entry.id)
    while stack:
        node, it = stack[-1]
        nxt = next(it, None)
        if nxt is None:
            stack.pop()
            post.append(node)
        elif nxt.id not in seen:
            seen.add(nxt.id)
            stack.append((nxt, iter(nxt.succ)))
    return list(reversed(post))
