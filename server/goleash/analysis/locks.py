"""Locks left held: a path from a `Lock` to a way out of its function with no `Unlock`.

Built on each function's control-flow graph. A lock is named by what it locks: a
struct field (`c.mu` is `(Cache, mu)` whatever the variable), a package-level
mutex, or a receiver with an embedded mutex (`c.Lock()`). From each `Lock`
(`RLock`) the paths are followed until the matching `Unlock` (`RUnlock`), a
deferred one, or a call of a function of the package that releases it (its own
summary: an `Unlock` reachable before any `Lock` of the same mutex). A path that
reaches a `return` or the end of the function still holding it leaves the mutex
locked for good: the next `Lock` anywhere blocks forever. Paths that panic, exit
or fail a test do not count.

Guards, each a trade-off:
- ENTERED_LOCKED: a function that unlocks the mutex before locking it on some path
  is called with it held, and hands it back locked by design (`c.mu.Unlock();
  slow(); c.mu.Lock()`). Its locks are not judged.
- RETURNS_LOCKED: a function whose name or doc comment says it locks (`lockRoot`,
  `acquire`, "returns with c.mu held", a `Lock` method wrapping the mutex) hands the
  lock to its caller; so does one whose caller in the package unlocks the same
  mutex right after calling it.
- CORRELATED_BRANCHES: a `Lock` under `if cond` with an `Unlock` under an `if` of the
  same condition text elsewhere in the function is taken as the same decision twice
  (`if needLock { mu.Lock() } ... if needLock { mu.Unlock() }`). A path pairing the
  two decisions differently is never taken.
- HANDED_OFF: the mutex (or `&mu`) passed to any call, captured by a function literal
  that unlocks it, or unlocked by an unknown call on its owner: someone else unlocks.
- NEVER_UNLOCKED: a function that never unlocks the mutex itself (no `Unlock`, no
  deferred one) takes it for someone else, or holds it on purpose (a lock taken to
  block other writers while the process exits). Only a path that skips the unlock the
  function does on its other paths is reported. A lock wrapper is missed, as intended.
- HANDED_TO_RESULT: a `return` whose value holds the lock's owner (`return
  &txn{s: s}` after `s.mu.RLock()`), its mutex, or what a method of it builds, hands
  the lock to the value, whose method unlocks. A field of the owner only read (`s.path`
  in an error message) hands nothing on.
- HELD_FLAG: a function that sets a bool field of the lock's owner to `true` after
  the lock (`rs.closemuScanHold = true`) records that it keeps the lock, when some
  function of the package unlocks that mutex under `if <owner>.<flag>`: the hold is
  handed to the next call that looks at the flag. A flag set on another path than the
  leaking one is not told apart.
- TEST_HELPER_STOPS: a path through `x.Fatal(...)`, `x.FailNow()` or `x.Skip(...)`
  on a value typed as a test (`s.tb testing.TB`, a field as well as a parameter, or
  a test helper package's `TB` such as `testenv.TB`) ends there: the test goroutine exits, and only a failed run leaves the lock held.
- A way out that only a recovered panic takes is not a return.
- DEAD_BRANCH: a `return` under `if false {` never runs (a guard some code keeps so a
  linter does not call the critical section empty).
- HANDED_BY_ADDRESS: `&mu` taken anywhere in the function (`size, lock = n, &c.rlock`,
  a result that the caller unlocks) hands the mutex on, like HANDED_OFF's call.
- COMPLEMENTARY_BRANCHES: two `if`s that each unlock the mutex, whose conditions are
  each other's negation (`if f == nil || ok { mu.Unlock() }` ... `if f != nil && !ok {
  ...; mu.Unlock() }`): every path takes one of them. Only negations spelled out
  term by term (`==`/`!=`, `x`/`!x`, De Morgan over `||`/`&&`) are recognised.
- EXHAUSTIVE_SWITCH: the lock is followed by a `switch` with no `default` (or an empty
  one) on a value of a named type whose every constant the package declares is a case,
  each case body unlocking: the default never runs. Trade-off: a value outside the declared
  constants (a conversion from a wider int) is taken as impossible. DEFAULT_NO_VALUE_REACHES:
  likewise a `return` in the `default` of such a switch anywhere in the function.
- TEST_ENDS_HOLDING: a test, benchmark or helper of theirs (taking `*testing.T`,
  `*testing.B` or gocheck's `*check.C`) that reaches its end holding the lock: the objects it
  locks are made for it and die with it. Trade-off: one whose object keeps a goroutine
  that takes the lock leaks that goroutine for the rest of the test binary.
- Locals: a mutex that is a local variable no closure captures dies with the
  function; only fields, package-level mutexes and captured locals are judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeAlias

import tree_sitter

from goleash import gosyntax
from goleash.analysis import testing_calls
from goleash.analysis.cfg import NORMAL_EXITS, calls_recover, reaches
from goleash.analysis.failure_returns import returns_a_failure
from goleash.analysis.functions import Function, Functions, enclosing_each
from goleash.analysis.index import receiver_type_name
from goleash.analysis.lock_order import mutex_passed, operand_text
from goleash.analysis.prefix_releases import inside_the_loop, releases_short_of_the_current
from goleash.analysis.values import FieldRef, GlobalRef, VarRef

if TYPE_CHECKING:
    from goleash.analysis.cfg import Event
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.package import Package
    from goleash.analysis.values import Ref
    from goleash.source import SourceFile

# What a lock event locks: ("field", type, field), ("var", id of the variable), ("global", name).
_LockKey: TypeAlias = "tuple[str | int, ...]"

RELEASE = {"lock": "unlock", "rlock": "runlock"}
# Heuristic RETURNS_LOCKED, by name or doc. A name that unlocks (`Unlock`, `unlockAll`,
# `ReleaseLock`) says the opposite: its "lock" is not read as one (UNLOCKING_NAME).
# The word must be one of the name's own words (NAME_WORDS): first in the name, after an
# underscore, or capitalised in camel case (`lockState`, `mustLock`, `BeginTx`), not the
# inside of another word (`applyPartnerBlocks`, `readClock`, `recenter`: blind dev p411).
# "Hold" counts only as the name's first word (`holdLock`), a verb there: later in the
# name it is the domain's noun (`PlaceHold`, `ExtendHold`: blind dev p490). Trade-off: a
# `tryHold` that returns locked is missed.
_LOCKING_NAME = re.compile(
    r"(?:^|_)(?i:lock|acquire|enter|begin|grab|hold)|(?:Lock|Acquire|Enter|Begin|Grab)"
)
_UNLOCKING_NAME = re.compile(r"(?i)unlock|release\w*")
_LOCKED_DOC = re.compile(
    rb"(?i)(lock(ed)?\s+(is\s+)?held|with\s+\S+\s+(held|locked)|returns?\s+(with\s+)?\S*\s*locked|"
    rb"caller\s+(must|should)\s+(un)?lock|locks?\s+\S+\s+and\s+returns|must\s+be\s+unlocked)"
)


@dataclass(frozen=True)
class HeldLock:
    """A `Lock` some way out of its function leaves held."""

    lock: tree_sitter.Node  # the Lock call node
    func: Function
    exit: CfgNode  # the CFG node of the way out (a `return` or the end)
    name: str  # the mutex as written: `c.mu`
    read: bool  # RLock
    # HELD_THROUGH_RECOVER: the call that may panic while the lock is held, and the
    # deferred statement whose `recover()` then returns the function normally.
    panics_at: tree_sitter.Node | None = None
    recovers_at: tree_sitter.Node | None = None
    recovers_file: SourceFile | None = None  # when a caller recovers (in its own file)
    # PREFIX_SHORT_OF_THE_CURRENT: the release of the prefix `secs[:i]` on the way out,
    # which stops short of the element just locked.
    short_release: tree_sitter.Node | None = None


def held_locks(
    file: SourceFile,
    package: Package,
    lock_statements: Iterable[tree_sitter.Node],
    functions: Functions | None = None,
) -> list[HeldLock]:
    functions = functions or Functions(package)
    out: list[HeldLock] = []
    for func in enclosing_each(functions, lock_statements, file):
        out.extend(_judge(func, functions, package))
    return out


def held_through_recover(
    file: SourceFile,
    package: Package,
    lock_statements: Iterable[tree_sitter.Node],
    functions: Functions | None = None,
) -> list[HeldLock]:
    """Locks that a panic stopped by the function's own deferred `recover` leaves held:
    the function returns normally, its caller goes on, and the mutex stays locked
    (HELD_THROUGH_RECOVER). Each `exit` is the recovered way out (its `ast` the
    deferred statement that recovers)."""
    functions = functions or Functions(package)
    out: list[HeldLock] = []
    for func in enclosing_each(functions, lock_statements, file):
        recovering = _swallowing_defer(func)
        if recovering is not None:
            out.extend(
                replace(h, recovers_at=recovering)
                for h in _judge(func, functions, package, panics=True)
                if h.lock.start_byte > recovering.end_byte
            )
            continue
        held = _judge(func, functions, package, panics=True)
        caller = _recovering_caller(func, functions) if held else None
        if caller is not None:
            defer, caller_file = caller
            out.extend(replace(h, recovers_at=defer, recovers_file=caller_file) for h in held)
    return out


def _recovering_caller(
    func: Function, functions: Functions
) -> tuple[tree_sitter.Node, SourceFile] | None:
    """RECOVERED_BY_THE_CALLER: a function of the package (or a function literal, as an
    HTTP middleware is) that defers a swallowing `recover` and then calls `func`: a
    panic in `func` ends there, and the caller goes on. (the deferred statement, its
    file). Trade-off: only direct callers are asked; a recover two calls up, or in
    code outside the package (net/http's own), is not seen."""
    for call, caller in functions.call_sites(func):
        defer = _swallowing_defer(caller)
        if defer is not None and defer.end_byte <= call.start_byte:
            return defer, caller.file
    return None


def _swallowing_defer(func: Function) -> tree_sitter.Node | None:
    """SWALLOWED_PANIC: the function defers a literal that calls `recover()` and neither
    panics again nor ends the process or the test: a panic ends in a normal return.
    Trade-off: a handler that re-panics only for some values (`if r != errAbort {
    panic(r) }`) is taken as re-panicking always."""
    body = func.node.child_by_field_name("body")
    for stmt in gosyntax.statements(body):
        if stmt.type != "defer_statement" or not stmt.named_children:
            continue
        call = stmt.named_children[0]
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if fn is None or fn.type != "func_literal" or not calls_recover(fn):
            continue
        again = re.search(
            rb"\bpanic\(|\.Fatal|\bos\.Exit\(|\.FailNow\(|\b(?:t|tb|b)\.Error", fn.text or b""
        )
        return stmt if again is None else None
    return None


def _key(ref: Ref | None) -> _LockKey | None:
    """What a lock event locks, as a comparable key; None when it is not judged."""
    if isinstance(ref, FieldRef):
        return ("field", ref.type_name, ref.field)
    if isinstance(ref, VarRef):
        return ("var", id(ref.var))
    if isinstance(ref, GlobalRef):
        return ("global", ref.name)
    return None


def _judge(
    func: Function, functions: Functions, package: Package, panics: bool = False
) -> list[HeldLock]:
    cfg = func.cfg
    if cfg is None or cfg.irreducible or _returns_locked(func):
        return []
    locks = [(node, ev) for node in cfg.nodes for ev in node.events if ev.kind in RELEASE]
    if not locks:
        return []
    entered = _entered_locked(func, functions)
    out: list[HeldLock] = []
    seen_keys: set[tuple[_LockKey, int]] = set()
    for node, ev in locks:
        key = _key(ev.ref)
        if key is None or key in entered or not _shared(ev.ref, func):
            continue
        name = operand_text(ev.node)
        if name is None or _handed_off(func, name) or _correlated(ev.node, func, name):
            continue
        if not _releases_somewhere(func, functions, key, RELEASE[ev.kind]):
            continue  # never unlocked here at all: a lock handed on, or held on purpose (NEVER_UNLOCKED)
        if _deferred_before(func, functions, ev, key):
            continue  # `defer mu.Unlock()` earlier, then `mu.Unlock(); ...; mu.Lock()`: the defer releases it
        panics_at: tree_sitter.Node | None = None
        if panics:
            found = _panics_holding(func, functions, node, ev, key)
            exit_node, panics_at = found if found is not None else (None, None)
        else:
            exit_node = _path_out_holding(func, functions, node, ev, key)
        if exit_node is None or (key, exit_node.id) in seen_keys:
            continue
        if _guarded_exit(func, ev.node, exit_node, name):
            continue
        if _callers_unlock(func, package, name) or _flagged_hold(func, package, ev.node, name):
            continue
        seen_keys.add((key, exit_node.id))
        short = _short_release_before(func, ev, exit_node)
        out.append(
            HeldLock(
                ev.node, func, exit_node, name, ev.kind == "rlock", panics_at, short_release=short
            )
        )
    return out


def _guarded_exit(
    func: Function, lock_call: tree_sitter.Node, exit_node: CfgNode, name: str
) -> bool:
    """The guards on a way out found holding the lock: DEAD_BRANCH, HANDED_BY_ADDRESS,
    COMPLEMENTARY_BRANCHES, EXHAUSTIVE_SWITCH, TEST_ENDS_HOLDING."""
    ast = exit_node.ast
    body = func.node.child_by_field_name("body")
    if body is None:
        return False
    if ast is not None and exit_node.kind == "return":
        for above in gosyntax.ancestors(ast, func.node):
            cond = above.child_by_field_name("condition") if above.type == "if_statement" else None
            if cond is not None and gosyntax.text(cond) == "false":
                return True  # DEAD_BRANCH
    if re.search(rb"&\s*" + re.escape(name.encode()) + rb"\b(?!\.)", body.text or b""):
        return True  # HANDED_BY_ADDRESS
    unlocking_ifs = [
        n
        for n in gosyntax.walk(body)
        if n.type == "if_statement"
        and n.child_by_field_name("alternative") is None
        and _unlocks_in(n.child_by_field_name("consequence"), name)
    ]
    for i, a in enumerate(unlocking_ifs):
        for b in unlocking_ifs[i + 1 :]:
            if _complementary(
                a.child_by_field_name("condition"), b.child_by_field_name("condition")
            ):
                return True  # COMPLEMENTARY_BRANCHES
    if _exhaustive_switch_after(lock_call, name, func):
        return True
    if ast is not None and exit_node.kind == "return" and _default_no_value_reaches(ast, func):
        return True
    return exit_node.kind != "return" and _test_function(func.node)  # TEST_ENDS_HOLDING


def _default_no_value_reaches(ret: tree_sitter.Node, func: Function) -> bool:
    """DEFAULT_NO_VALUE_REACHES: the `return` is in the `default` of a `switch` whose
    cases name every constant the package declares of their type (`switch ep.Protocol {
    default: return errors.New("invalid protocol"); case HTTP: ...; case Kafka: ... }`,
    tile38's `Send`, audit 45): a value of that type comes from those constants, so the
    default is written for form. Trade-off: a value converted from outside (`Protocol(s)`
    of user input) can reach it, and a constant added later without its case makes the
    lock left held real; both are left to preview."""
    case = gosyntax.innermost_case(ret)
    switch = case.parent if case is not None and case.type == "default_case" else None
    if switch is None or switch.type != "expression_switch_statement":
        return False
    named: set[str] = set()
    for c in switch.named_children:
        if c.type == "expression_case":
            values = c.child_by_field_name("value")
            named |= {
                gosyntax.text(v) for v in (values.named_children if values is not None else [])
            }
    declared = _constants_of_the_type_of(sorted(named)[0], func) if named else None
    return declared is not None and bool(declared) and declared <= named


def _unlocks_in(node: tree_sitter.Node | None, name: str) -> bool:
    return (
        node is not None
        and re.search(re.escape(name.encode()) + rb"\.R?Unlock\(\)", node.text or b"") is not None
    )


def _terms(cond: tree_sitter.Node | None) -> tuple[str, frozenset[str]] | None:
    """A condition as ("or"|"and", its terms' texts), a lone term as an "or" of one."""
    cond = gosyntax.unparen(cond)
    if cond is None:
        return None
    ors = gosyntax.disjuncts(cond)
    if len(ors) > 1:
        return "or", frozenset(
            gosyntax.text(gosyntax.unparen(t) or t).replace(" ", "") for t in ors
        )
    ands = gosyntax.conjuncts(cond)
    kind = "and" if len(ands) > 1 else "or"
    return kind, frozenset(gosyntax.text(gosyntax.unparen(t) or t).replace(" ", "") for t in ands)


def _negated_term(term: str) -> str:
    if term.startswith("!") and "&&" not in term and "||" not in term:
        return term[1:].strip("()")
    for op, neg in (("==", "!="), ("!=", "=="), ("<=", ">"), (">=", "<"), ("<", ">="), (">", "<=")):
        if op in term and term.count(op) == 1 and "&&" not in term and "||" not in term:
            return term.replace(op, neg)
    return "!" + term


def _complementary(a: tree_sitter.Node | None, b: tree_sitter.Node | None) -> bool:
    """`A || B` and `!A && !B` (or `x == nil` and `x != nil`): b is a's negation, term
    by term (COMPLEMENTARY_BRANCHES)."""
    ta, tb = _terms(a), _terms(b)
    if ta is None or tb is None or len(ta[1]) != len(tb[1]):
        return False
    if len(ta[1]) > 1 and ta[0] == tb[0]:
        return False  # De Morgan turns an `||` into an `&&`
    return frozenset(_negated_term(t) for t in ta[1]) == tb[1]


def _exhaustive_switch_after(lock_call: tree_sitter.Node, name: str, func: Function) -> bool:
    """EXHAUSTIVE_SWITCH: the statement after the lock is a `switch x.f {` with no
    `default` (or an empty one, written for form), every case body unlocking, whose
    cases name every constant the package declares of the type the first case's
    constant has."""
    stmt = gosyntax.innermost_statement(lock_call)
    switch = gosyntax.next_statement(stmt) if stmt is not None else None
    if switch is None or switch.type != "expression_switch_statement":
        return False
    cases = [c for c in switch.named_children if c.type == "expression_case"]
    if not cases or any(
        c.type == "default_case" and _statements_in(c) for c in switch.named_children
    ):
        return False
    named: set[str] = set()
    for c in cases:
        values = c.child_by_field_name("value")
        named |= {gosyntax.text(v) for v in (values.named_children if values is not None else [])}
        falls = gosyntax.text(c).rstrip().endswith("fallthrough")
        if not falls and not _unlocks_in(c, name):
            return False
    declared = _constants_of_the_type_of(sorted(named)[0], func) if named else None
    return declared is not None and bool(declared) and declared <= named


def _statements_in(case: tree_sitter.Node) -> list[tree_sitter.Node]:
    return [c for c in case.named_children if c.type != "comment"]


def _constants_of_the_type_of(constant: str, func: Function) -> set[str] | None:
    """Every constant of the `const ( ... )` group that declares `constant` with a named
    type (`stateIdle runState = iota` and the lines after it), or whose constants are
    all conversions to one type (`HTTP = Protocol("http")`), else None."""
    root = func.node
    while root.parent is not None:
        root = root.parent
    for decl in gosyntax.walk(root):
        if decl.type != "const_declaration":
            continue
        specs = [c for c in decl.named_children if c.type == "const_spec"]
        names = [gosyntax.text(n) for sp in specs for n in sp.children_by_field_name("name")]
        typed = any(sp.child_by_field_name("type") is not None for sp in specs[:1])
        if constant in names and (typed or _converted_to_one_type(specs)):
            return set(names)
    return None


def _converted_to_one_type(specs: list[tree_sitter.Node]) -> bool:
    """Every spec of the group is `Name = T(literal)` with the same `T`."""
    types: set[str] = set()
    for sp in specs:
        value = sp.child_by_field_name("value")
        exprs = value.named_children if value is not None else []
        call = gosyntax.unparen(exprs[0]) if len(exprs) == 1 else None
        args = (
            gosyntax.call_arguments(call)
            if call is not None and call.type == "call_expression"
            else []
        )
        if (
            call is None
            or len(args) != 1
            or args[0].type
            not in (
                "interpreted_string_literal",
                "raw_string_literal",
                "int_literal",
            )
        ):
            return False
        types.add(gosyntax.callee_text(call))
    return len(types) == 1 and "" not in types


def _test_function(node: tree_sitter.Node) -> bool:
    """A test, benchmark or their helper: a function taking `*testing.T`, `*testing.B` or
    gocheck's `*check.C`."""
    types = {
        gosyntax.text(t).replace(" ", "") for _n, t in gosyntax.parameters(node) if t is not None
    }
    if types & {"*testing.T", "*testing.B", "*check.C"}:
        return True
    # gocheck dot-imported (`. "gopkg.in/check.v1"`): `func (s *S) TestX(c *C)`.
    return "*C" in types and (gosyntax.function_name(node) or "").startswith("Test")


def _deferred_before(func: Function, functions: Functions, lock_ev: Event, key: _LockKey) -> bool:
    release = RELEASE[lock_ev.kind]
    assert func.cfg is not None  # _judge checked it
    for node in func.cfg.nodes:
        for ev in node.events:
            if (
                ev.kind == "defer"
                and ev.node.start_byte < lock_ev.node.start_byte
                and _releases_here(ev, key, release, func, functions)
            ):
                return True
    return False


def _shared(ref: Ref | None, func: Function) -> bool:
    if isinstance(ref, (FieldRef, GlobalRef)):
        return True
    if isinstance(ref, VarRef):
        var = ref.var
        if var.kind in ("receiver", "param"):
            return True  # an embedded mutex of the receiver, a *sync.Mutex parameter
        # A local: judged only when a function literal of the function uses it.
        body = func.node.child_by_field_name("body")
        for n in gosyntax.walk(body, skip_functions=False) if body is not None else ():
            if n.type == "func_literal" and re.search(
                rb"\b" + re.escape(var.name.encode()) + rb"\b", n.text or b""
            ):
                return True
        return False
    return False


def _releases(ev: Event, key: _LockKey, release: str) -> bool:
    return ev.kind == release and _key(ev.ref) == key


def _held_nodes(
    func: Function, functions: Functions, start: CfgNode, lock_ev: Event, key: _LockKey
) -> Iterator[tuple[CfgNode, list[Event], bool]]:
    """(node, its events run holding the lock, whether the lock ends there) for the
    lock's own node (the events after the `Lock`) and each node reached from it while
    the lock is held: a release, or a second lock of it (a double lock, GL016's
    question), ends a path; so does a failing test's stop (TEST_HELPER_STOPS), and a
    way out of the function."""
    release = RELEASE[lock_ev.kind]

    def held(n: CfgNode, events: list[Event]) -> tuple[list[Event], bool]:
        out: list[Event] = []
        for ev in events:
            if (
                _releases_here(ev, key, release, func, functions)
                and not _short_of_the_current(lock_ev, ev)
            ) or (n is not start and ev.kind == lock_ev.kind and _key(ev.ref) == key):
                return out, True
            out.append(ev)
        return out, False

    after = start.events[start.events.index(lock_ev) + 1 :] if lock_ev in start.events else []
    events, ended = held(start, after)
    yield start, events, ended
    if ended:
        return
    stack = list(start.succ)
    seen = {start.id}
    while stack:
        n = stack.pop()
        if n.id in seen:
            continue
        seen.add(n.id)
        if _test_stops(n, func):
            continue
        events, ended = held(n, n.events)
        yield n, events, ended
        if not ended and n.kind not in NORMAL_EXITS:
            stack.extend(n.succ)


def _panics_holding(
    func: Function, functions: Functions, start: CfgNode, lock_ev: Event, key: _LockKey
) -> tuple[CfgNode, tree_sitter.Node] | None:
    """PANICS_WHILE_HELD: (its node, the call) of a call reached from the lock, before
    the release, that may panic (PANICKY_CALLS). Of several, a function value's call is
    named first, then the first in the text."""
    found: list[tuple[CfgNode, tree_sitter.Node, Event | None]] = []
    for n, events, ended in _held_nodes(func, functions, start, lock_ev, key):
        found.extend(
            (n, call, ev) for ev in events if (call := _may_panic(ev, func, functions)) is not None
        )
        read = None if ended or n is start else _unchecked_entry_read(n, func, functions)
        if read is not None:
            found.append((n, read, None))
    if not found:
        return None

    def rank(item: tuple[CfgNode, tree_sitter.Node, Event | None]) -> tuple[int, int]:
        _n, call, ev = item
        return (0 if ev is not None and ev.kind == "callvar" else 1), call.start_byte

    node, call, _ev = min(found, key=rank)
    return node, call


def _unchecked_entry_read(
    n: CfgNode, func: Function, functions: Functions
) -> tree_sitter.Node | None:
    """UNCHECKED_ENTRY: the field read (`s.state`) in what the node evaluates, through a
    local bound by a one-value lookup of a map of pointers (`s := f.seats[num]`) that the
    function never compares with nil (nor looks up with `, ok`): a key missing from the
    map gives nil, and the read panics. Asked only under a `recover` (the function's or a
    caller's), which shows the code expects panics. Guards: a key ranged from the same
    map (`for k := range m { v := m[k] ... }`) is always present; a method call on the
    local is not a read (a method may accept a nil receiver); a key gathered from ranging
    over the map, of a map the package never deletes from, is present too
    (GATHERED_KEYS). Trade-off: a key the code knows present by other means (checked by
    a caller) is taken as possibly missing."""
    part = _evaluated_part(n)
    if part is None or b"." not in (part.text or b""):
        return None
    for sel in [part, *gosyntax.walk(part)]:
        if sel.type != "selector_expression":
            continue
        parent = sel.parent
        if parent is not None and parent.type == "call_expression":
            continue  # `v.method()`
        operand = gosyntax.unparen(sel.child_by_field_name("operand"))
        if operand is None or operand.type != "identifier":
            continue
        var = func.resolver.scopes.lookup(operand)
        if var is None or var.kind != "local" or len(var.assignments) != 1:
            continue
        stmt, value, _pos = var.assignments[0]
        value = gosyntax.unparen(value)
        if stmt.type != "short_var_declaration" or value is None:
            continue
        if (
            value.type != "index_expression"
            or len(gosyntax.field(stmt, "left").named_children) != 1
        ):
            continue
        collection = value.child_by_field_name("operand")
        typ = func.resolver.type_node(collection)
        held = (
            typ.child_by_field_name("value") if typ is not None and typ.type == "map_type" else None
        )
        if held is None or held.type != "pointer_type":
            continue
        if _ranged_from(value, collection) or _compared_with_nil(var.occurrences):
            continue
        if (
            collection is not None
            and _gathered_from(value, collection, func)
            and not _deleted_from(collection, functions.package)
        ):
            continue
        return sel
    return None


def _evaluated_part(n: CfgNode) -> tree_sitter.Node | None:
    """What the node itself evaluates: a simple statement whole, a condition's expression."""
    ast = n.ast
    if ast is None:
        return None
    if n.kind == "cond":
        return ast.child_by_field_name("condition") or ast.child_by_field_name("value")
    if ast.type in (
        "expression_statement",
        "assignment_statement",
        "short_var_declaration",
        "inc_statement",
        "dec_statement",
        "send_statement",
        "return_statement",
    ):
        return ast
    return None


def _range_loops(node: tree_sitter.Node) -> Iterator[tuple[list[str], str]]:
    """(the names a range binds, the ranged expression's text) of each range loop around
    `node`, innermost first."""
    for a in gosyntax.ancestors(node):
        clause = gosyntax.range_clause(a)
        if clause is None:
            continue
        left = clause.child_by_field_name("left")
        right = clause.child_by_field_name("right")
        if right is not None:
            names = [gosyntax.text(x) for x in left.named_children] if left is not None else []
            yield names, gosyntax.text(right)


def _ranged_from(lookup: tree_sitter.Node, collection: tree_sitter.Node | None) -> bool:
    """`for k := range m { v := m[k] }`: the key comes from ranging over the map itself."""
    index = gosyntax.unparen(lookup.child_by_field_name("index"))
    if index is None or index.type != "identifier" or collection is None:
        return False
    for names, ranged in _range_loops(lookup):
        if names[:1] == [gosyntax.text(index)]:
            return ranged == gosyntax.text(collection)
    return False


def _gathered_from(
    lookup: tree_sitter.Node, collection: tree_sitter.Node | None, func: Function
) -> bool:
    """GATHERED_KEYS: `for seg := range t.segments { ...; pending = append(pending, seg)
    }` ... `for _, seg := range pending { st := t.segments[seg] }`: the key was collected
    from ranging over the same map earlier in the function (audit 42: redpanda's
    `FlushCompleted`). Present still, unless something deleted it since
    (`_deleted_from`)."""
    index = gosyntax.unparen(lookup.child_by_field_name("index"))
    if index is None or index.type != "identifier" or collection is None:
        return False
    innermost = next(_range_loops(lookup), None)
    if innermost is None or len(innermost[0]) != 2 or innermost[0][1] != gosyntax.text(index):
        return False
    gathered = innermost[1]
    map_text = gosyntax.text(collection)
    body = func.node.child_by_field_name("body")
    for n in gosyntax.walk(body) if body is not None else ():
        pair = gosyntax.sole_assignment(n)
        if pair is None or gosyntax.text(pair[0]) != gathered:
            continue
        value = gosyntax.unparen(pair[1])
        if value is None or value.type != "call_expression":
            continue
        args = gosyntax.call_arguments(value)
        if gosyntax.callee_text(value) != "append" or len(args) != 2:
            continue
        key = gosyntax.text(args[1])
        if any(names[:1] == [key] and ranged == map_text for names, ranged in _range_loops(n)):
            return True
    return False


def _deleted_from(collection: tree_sitter.Node, package: Package) -> bool:
    """Does the package `delete` from a map of that name (`delete(t.segments, k)`, the
    field matched by name on whatever holder), or store nil in one of its entries?"""
    name = gosyntax.text(collection).rsplit(".", 1)[-1]
    for f in package.files:
        if name.encode() not in f.data:
            continue
        for n in gosyntax.walk(f.tree.root_node, skip_functions=False):
            if n.type == "call_expression" and gosyntax.callee_text(n) == "delete":
                args = gosyntax.call_arguments(n)
                if args and gosyntax.text(args[0]).rsplit(".", 1)[-1] == name:
                    return True
            pair = gosyntax.sole_assignment(n)
            if pair is not None and pair[1].type == "nil" and pair[0].type == "index_expression":
                held = pair[0].child_by_field_name("operand")
                if held is not None and gosyntax.text(held).rsplit(".", 1)[-1] == name:
                    return True
    return False


def _compared_with_nil(occurrences: Iterable[tree_sitter.Node]) -> bool:
    for o in occurrences:
        parent = o.parent
        if parent is not None and parent.type == "binary_expression":
            if any(c.type == "nil" for c in parent.named_children):
                return True
    return False


def _a_cancel(call: tree_sitter.Node) -> bool:
    """CANCELS_DO_NOT_PANIC: `cancel()`, `ireq.cancel()`, `s.stopCancel()`: a function
    value named as a context's cancel function is one, and a cancel function never
    panics. Trade-off: read from the name, a callback named `cancel` that does panic is
    taken as calm."""
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is None:
        return False
    name = gosyntax.text(gosyntax.field(fn, "field") if fn.type == "selector_expression" else fn)
    return "cancel" in name.lower()


def _field_type(
    selector: tree_sitter.Node | None, func: Function, functions: Functions
) -> tree_sitter.Node | None:
    """The declared type of the struct field `x.f` names (a named type of the package
    followed to its definition), or None."""
    if selector is None or selector.type != "selector_expression":
        return None
    owner = func.resolver.expr_type(selector.child_by_field_name("operand"))
    if owner is None:
        return None
    found = functions.package.field_type(
        owner.lstrip("*"), gosyntax.text(gosyntax.field(selector, "field"))
    )
    typ = found[1] if found is not None else None
    if typ is not None and typ.type == "type_identifier":
        # `tenantOf TenantFunc`, with `type TenantFunc func(*http.Request) string`
        decl = functions.package.type_decl(gosyntax.text(typ))
        typ = decl[1] if decl is not None else None
    return typ


def _function_field(call: tree_sitter.Node, func: Function, functions: Functions) -> bool:
    """`r.weigh(name)`: a call of a struct field of function type (a callback)."""
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    typ = _field_type(fn, func, functions)
    return typ is not None and typ.type == "function_type"


def _plugged_interface(call: tree_sitter.Node, func: Function, functions: Functions) -> bool:
    """PLUGGED_INTERFACE: `m.cfg.Enforcer.Enforce(...)`, a method called on a struct field
    whose type is an interface the package declares: an implementation the caller plugs
    in, as foreign to the package as a callback. Trade-off: an interface the package
    implements itself only is taken as plugged in too."""
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression":
        return False
    operand = gosyntax.unparen(fn.child_by_field_name("operand"))
    typ = _field_type(operand, func, functions)
    if typ is None or typ.type != "interface_type":
        return False
    return not _own_calm_implementations(operand, fn, func, functions)


def _own_calm_implementations(
    selector: tree_sitter.Node | None,
    method: tree_sitter.Node,
    func: Function,
    functions: Functions,
) -> bool:
    """OWN_IMPLEMENTATIONS: an unexported field of an unexported interface type
    (`p.workers.insert(w)`, `workers workerQueue`) holds one of the package's own
    types, which no caller outside can name or plug in; the call is as calm as every
    method of that name the package declares (none panics or divides by a variable).
    Trade-off: an implementation from outside, passed through an exported
    constructor's parameter of that unexported type, is judged by the package's."""
    if selector is None or selector.type != "selector_expression":
        return False
    owner = func.resolver.expr_type(selector.child_by_field_name("operand"))
    field = gosyntax.text(gosyntax.field(selector, "field"))
    found = functions.package.field_type(owner.lstrip("*"), field) if owner else None
    declared = found[1] if found is not None else None
    if (
        declared is None
        or declared.type != "type_identifier"
        or not gosyntax.text(declared)[:1].islower()
        or not field[:1].islower()
    ):
        return False
    name = gosyntax.text(gosyntax.field(method, "field"))
    implementations = functions.package.methods_named(name)
    return bool(implementations) and not any(
        _body_may_panic(decl.child_by_field_name("body")) for _f, _r, decl in implementations
    )


def _may_panic(ev: Event, func: Function, functions: Functions) -> tree_sitter.Node | None:
    """PANICKY_CALLS: the call, when it is one a panic is to be expected from: a function
    value's (a callback the caller supplied, but not a context's cancel function:
    CANCELS_DO_NOT_PANIC), or a function of the package whose body panics itself or
    divides by a value that is not a constant (`x / mid`), or an implementation of an
    interface of the package plugged into a field (PLUGGED_INTERFACE). Trade-off:
    calls into other packages, and functions of the package that panic only further
    down (an index out of range, a nil map, a callee's panic), are taken as calm."""
    if ev.kind not in ("call", "callvar") or ev.call is None:
        return None
    if _a_cancel(ev.call):
        return None
    if ev.kind == "callvar":
        return ev.call
    callee = functions.callee(ev.call, func)
    if callee is None:
        plugged = _function_field(ev.call, func, functions) or _plugged_interface(
            ev.call, func, functions
        )
        return ev.call if plugged else None
    if callee.node.type == "func_literal":
        return None
    return ev.call if _body_may_panic(callee.node.child_by_field_name("body")) else None


def _body_may_panic(body: tree_sitter.Node | None) -> bool:
    """A function body that panics itself or divides by a value that is not a constant."""
    if body is None:
        return False
    if b"panic(" in (body.text or b""):
        return True
    for n in gosyntax.walk(body):
        if n.type != "binary_expression":
            continue
        operator = n.child_by_field_name("operator")
        right = gosyntax.unparen(n.child_by_field_name("right"))
        if (
            operator is not None
            and operator.type in ("/", "%")
            and right is not None
            and right.type not in ("int_literal", "float_literal", "imaginary_literal")
        ):
            return True
    return False


def _path_out_holding(
    func: Function, functions: Functions, start: CfgNode, lock_ev: Event, key: _LockKey
) -> CfgNode | None:
    """The way out reached from the lock without releasing it that says most: one that
    surely returns a failure (where a held lock is a mistake, FAILURE_RETURN) before one
    that does not, else the first found."""
    found: list[CfgNode] = []
    for n, _events, ended in _held_nodes(func, functions, start, lock_ev, key):
        if ended or n is start or n.kind not in NORMAL_EXITS:
            continue
        if getattr(n, "recovered", False):
            continue  # a panic's way out: not a path the function returns by
        if n.kind == "return" and n.ast is not None and _returns_owner(n.ast, lock_ev):
            continue  # the result carries the owner: its method unlocks later (HANDED_TO_RESULT)
        if n.ast is not None and returns_a_failure(n.ast, func.node):
            return n
        found.append(n)
    return found[0] if found else None


def _short_release_before(
    func: Function, lock_ev: Event, exit_node: CfgNode
) -> tree_sitter.Node | None:
    """The short release of a prefix (PREFIX_SHORT_OF_THE_CURRENT) in the statements
    the way out ends, if the lock's loop has one there."""
    exit_ast = exit_node.ast
    block = exit_ast.parent if exit_ast is not None else None
    if block is None or exit_ast is None or not inside_the_loop(lock_ev.node, exit_ast):
        return None  # a way out after the loop: what it holds is all the loop took
    for stmt in block.named_children:
        if stmt.start_byte >= exit_ast.start_byte:
            break
        for call in [stmt, *gosyntax.walk(stmt)]:
            if call.type == "call_expression" and releases_short_of_the_current(lock_ev.node, call):
                return call
    return None


def _short_of_the_current(lock_ev: Event, ev: Event) -> bool:
    """PREFIX_SHORT_OF_THE_CURRENT (analysis/prefix_releases.py): `unlockAll(secs[:i])`
    after `secs[i]` was locked releases the elements before it, not it."""
    call = ev.call if ev.kind == "call" else ev.node
    return (
        call is not None
        and call.type == "call_expression"
        and releases_short_of_the_current(lock_ev.node, call)
    )


def _releases_somewhere(func: Function, functions: Functions, key: _LockKey, release: str) -> bool:
    """Does the function unlock the mutex anywhere (or defer it), itself or through a
    helper of the package it calls (`unlockSections(secs)`)?"""
    assert func.cfg is not None  # _judge checked it
    for ev in func.cfg.nodes_events():
        if _releases(ev, key, release):
            return True
        if ev.kind == "call" and ev.call is not None:
            callee = functions.callee(ev.call, func)
            if (
                callee is not None
                and callee.cfg is not None
                and _callee_releases(callee, key, release)
            ):
                return True
        if (
            ev.kind == "defer"
            and ev.call is not None
            and _is_release_call(ev.call, key, release, func)
        ):
            return True
    return False


def _returns_owner(ret: tree_sitter.Node, lock_ev: Event) -> bool:
    """`return &txn{s, ...}` after `s.mu.RLock()`: the value returned holds the owner, or
    a method of it builds that value (`return s.newTxn()`), or the mutex itself goes
    (`&s.mu`). A field of the owner only read (`s.path` in an error message) hands
    nothing on."""
    fn = lock_ev.node.child_by_field_name("function")
    operand = fn.child_by_field_name("operand") if fn is not None else None
    root = operand
    while root is not None and root.type == "selector_expression":
        root = root.child_by_field_name("operand")
    if root is None or root.type != "identifier":
        return False
    mutex = operand.child_by_field_name("field") if operand is not None else None
    for value in ret.named_children:
        for n in [value, *gosyntax.walk(value, skip_functions=False)]:
            if n.type != "identifier" or n.text != root.text:
                continue
            sel = gosyntax.selector_of(n)
            if sel is None:
                return True  # the owner itself
            call, _c = gosyntax.parent_skipping_parens(sel)
            field = sel.child_by_field_name("field")
            if (call is not None and call.type == "call_expression") or (
                mutex is not None and field is not None and field.text == mutex.text
            ):
                return True  # a method of it, or its mutex
    return False


def blocked_lockers(
    held: HeldLock, package: Package, wanted: int = 2
) -> list[tuple[tree_sitter.Node, SourceFile, str]]:
    """Where the mutex left held blocks a goroutine for good: up to `wanted` `Lock`s of the
    same field (and `RLock`s after a held `Lock`) in a function of the package started
    with `go` (its literal, or a `go x.name(...)`), as (the lock call, its file, the
    goroutine's name or "a goroutine"). LOCKING_SITES_READ: at most that many sites are
    asked which goroutine runs them; a mutex locked in thousands of places (nats-server's
    `js.mu`, its tests included) kept a worker busy for minutes. Trade-off: a goroutine
    that locks it beyond them is not named (the finding stands without it)."""
    fn = held.lock.child_by_field_name("function")
    operand = fn.child_by_field_name("operand") if fn is not None else None
    field = (
        operand.child_by_field_name("field")
        if operand is not None and operand.type == "selector_expression"
        else None
    )
    if field is None or field.text is None:
        return []
    kinds = rb"Lock" if held.read else rb"R?Lock"
    sites = re.compile(rb"\." + re.escape(field.text) + rb"\.(?:" + kinds + rb")\(\)")
    held_type = _receiver_owner(operand) if operand is not None else None
    out: list[tuple[tree_sitter.Node, SourceFile, str]] = []
    names = _GoroutineNames(package)
    asked = 0
    for f in package.files:
        for m in sites.finditer(f.data):
            if len(out) >= wanted or asked >= LOCKING_SITES_READ:
                return out
            node = f.root.descendant_for_byte_range(m.start() + 1, m.start() + 2)
            while node is not None and node.type != "call_expression":
                node = node.parent
            func_node = gosyntax.enclosing_function(node) if node is not None else None
            if node is None or func_node is None or func_node == held.func.node:
                continue
            site_fn = node.child_by_field_name("function")
            site_operand = site_fn.child_by_field_name("operand") if site_fn is not None else None
            site_type = _receiver_owner(site_operand) if site_operand is not None else None
            if held_type and site_type and site_type != held_type:
                continue  # SAME_OWNER: another type's mutex of the same field name
            asked += 1
            name = names.name(func_node)
            if name is not None:
                out.append((node, f, name))
    return out


LOCKING_SITES_READ = 64


def _receiver_owner(selector: tree_sitter.Node) -> str | None:
    """The receiver type `T` when `selector` is `r.f` with `r` the receiver of the method
    it is in (`func (r *T) ...`, or a literal inside it); None for anything else."""
    root = gosyntax.chain_root(selector)
    if root is None:
        return None
    method = gosyntax.top_level(selector)
    if method.type != "method_declaration" or gosyntax.receiver_text(method) != gosyntax.text(root):
        return None
    return receiver_type_name(method)


class _GoroutineNames:
    """Which functions of a package a goroutine runs, asked for each locking site of one
    held mutex: the names started with `go` read once, each function's answer kept."""

    # CALLS_DOWN: a function the goroutine calls (`listen` -> `s.apply(inv)`, or one more
    # call down: `report` -> `g.roster.snapshot()`, blind dev p496) blocks the goroutine
    # just the same. Two levels, and at most this many distinct callers followed a level
    # down: each costs a search of the package's text, and a name called everywhere
    # (`Get`) would cost thousands. Trade-off: the goroutine behind the ninth caller of a
    # common helper is not named.
    DEPTH = 2
    CALLERS_FOLLOWED = 8

    def __init__(self, package: Package) -> None:
        self.package = package
        # TIMER_CALLBACK: `time.AfterFunc(d, r.expire)` runs `expire` in a goroutine too.
        started = re.compile(
            rb"\bgo\s+(?:[\w.]+\.)?(\w+)\(|\bAfterFunc\([^,()]+,\s*(?:[\w.]+\.)?(\w+)\)"
        )
        self.started = {
            (m.group(1) or m.group(2)).decode()
            for f in package.files
            for m in started.finditer(f.data)
        }
        self.known: dict[tuple[int, int], str | None] = {}
        # CALL_INDEX: where each name is called (`name(` or `.name(`), read from the
        # package's text in one pass on first need, instead of one search per name.
        self._calls: dict[bytes, list[tuple[SourceFile, int]]] | None = None

    def calls_of(self, name: str) -> list[tuple[SourceFile, int]]:
        if self._calls is None:
            self._calls = {}
            call = re.compile(rb"\b(\w+)\(")
            for f in self.package.files:
                for m in call.finditer(f.data):
                    self._calls.setdefault(m.group(1), []).append((f, m.start(1)))
        return self._calls.get(name.encode(), [])

    def name(self, func_node: tree_sitter.Node, depth: int = DEPTH) -> str | None:
        """`janitor` for a method started as `go r.janitor(...)` in the package, "a
        goroutine" for a literal started by `go func() {...}()`; None for anything else."""
        key = (func_node.id, depth)
        if key not in self.known:
            self.known[key] = None  # a call cycle asks again: no answer down that way
            self.known[key] = self._name(func_node, depth)
        return self.known[key]

    def _name(self, func_node: tree_sitter.Node, depth: int) -> str | None:
        if func_node.type == "func_literal":
            if _started_literal(func_node):
                return "a goroutine"
            # RUN_BY_ITS_HOST: a literal no `go` starts (`save := func() {...}`, a
            # `sort.Slice` less) runs in the goroutine of the function it is written in
            # (blind dev p559). Trade-off: a literal handed to code that starts it
            # elsewhere is named after its host.
            around = func_node.parent
            host = gosyntax.enclosing_function(around) if around is not None else None
            return self.name(host, depth) if host is not None else None
        name = gosyntax.function_name(func_node)
        if not name:
            return None
        if name in self.started:
            return name
        if depth == 0:
            return None
        followed: set[int] = set()
        for f, at in self.calls_of(name):
            node = f.root.descendant_for_byte_range(at, at + 1)
            caller = gosyntax.enclosing_function(node) if node is not None else None
            if caller is None or caller == func_node or caller.id in followed:
                continue
            if caller.type == "func_literal":
                hosted = self.name(caller, depth - 1)
                if hosted:
                    return hosted
                continue
            outer = gosyntax.function_name(caller)
            if outer and outer in self.started:
                return outer
            if depth > 1 and len(followed) < self.CALLERS_FOLLOWED:
                followed.add(caller.id)
                further = self.name(caller, depth - 1)
                if further:
                    return further
        return None


def _started_literal(literal: tree_sitter.Node) -> bool:
    """A literal run in a goroutine of its own: `go func() {...}()`, or the function
    `time.AfterFunc` calls when its timer fires (TIMER_CALLBACK)."""
    call = literal.parent
    stmt = call.parent if call is not None else None
    if stmt is not None and stmt.type == "go_statement":
        return True
    return (
        call is not None
        and call.type == "argument_list"
        and stmt is not None
        and stmt.type == "call_expression"
        and gosyntax.callee_text(stmt) == "time.AfterFunc"
    )


def _releases_here(
    ev: Event, key: _LockKey, release: str, func: Function, functions: Functions
) -> bool:
    if _releases(ev, key, release):
        return True
    if ev.kind == "defer":
        call = ev.call
        if ev.target is not None:
            return _literal_releases(ev.target, key, release, func, functions)
        if call is not None and _is_release_call(call, key, release, func):
            return True
        # `defer fs.renameMuUnlockAndCheckDrop(ctx, &ds)`: a helper of the package that unlocks it
        callee = functions.callee(call, func) if call is not None else None
        return (
            callee is not None and callee.cfg is not None and _callee_releases(callee, key, release)
        )
    if ev.kind in ("call", "callvar"):
        call = ev.call
        if call is None:
            return False
        if ev.kind == "callvar" and any(
            _literal_releases(lit, key, release, func, functions) for lit in _bound_literals(ev)
        ):
            return True
        callee = functions.callee(call, func) if ev.kind == "call" else None
        if callee is not None and callee.cfg is not None:
            return _callee_releases(callee, key, release)
        return _mentions_owner(call, key, func)
    return False


def _bound_literals(ev: Event) -> list[tree_sitter.Node]:
    """CALLED_THROUGH_A_LOCAL: the function literals a called variable is ever given
    (`doErr := func(err error) { ...; mu.Unlock() }`, then `doErr(err)`). Trade-off:
    a variable given several literals counts as releasing when any one does."""
    if not isinstance(ev.ref, VarRef):
        return []
    values = (gosyntax.unparen(value) for _, value, _ in ev.ref.var.assignments)
    return [v for v in values if v is not None and v.type == "func_literal"]


def _literal_releases(
    literal: tree_sitter.Node, key: _LockKey, release: str, func: Function, functions: Functions
) -> bool:
    body = functions.get(literal, func.file)
    return body.cfg is not None and any(_releases(e, key, release) for e in body.cfg.nodes_events())


def _is_release_call(call: tree_sitter.Node, key: _LockKey, release: str, func: Function) -> bool:
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "selector_expression":
        return False
    fld = fn.child_by_field_name("field")
    if fld is None or gosyntax.text(fld).lower() != release:
        return False
    return _key(func.resolver.ref(fn.child_by_field_name("operand"))) == key


def _callee_releases(callee: Function, key: _LockKey, release: str) -> bool:
    """The callee unlocks the mutex somewhere (an `unlockAndSignal` helper)."""
    assert callee.cfg is not None  # the caller checked it
    return any(_releases(e, key, release) for e in callee.cfg.nodes_events())


def _mentions_owner(call: tree_sitter.Node, key: _LockKey, func: Function) -> bool:
    """An unknown call handed the mutex or `&mutex` (HANDED_OFF)."""
    if key[0] != "field":
        return False
    assert isinstance(key[2], str)  # ("field", type, field)
    field = key[2].encode()
    for arg in gosyntax.call_arguments(call):
        text = arg.text or b""
        if re.search(rb"\." + re.escape(field) + rb"\b", text):
            return True
    return False


def _entered_locked(func: Function, functions: Functions) -> set[_LockKey]:
    """Keys unlocked on some path from the entry before any lock of them (ENTERED_LOCKED)."""
    cfg = func.cfg
    assert cfg is not None  # _judge checked it
    out: set[_LockKey] = set()
    # For each unlock: can it be reached from the entry without passing a lock of its key?
    unlocks = [
        (node, ev) for node in cfg.nodes for ev in node.events if ev.kind in ("unlock", "runlock")
    ]
    for node, ev in unlocks:
        key = _key(ev.ref)
        if key is None or key in out or _unlocks_each_element(ev.node):
            continue
        lock_kind = "lock" if ev.kind == "unlock" else "rlock"

        def relocks(e: Event, lock_kind: str = lock_kind, key: _LockKey = key) -> bool:
            return e.kind == lock_kind and _key(e.ref) == key

        if reaches(cfg.entry, node, relocks):
            out.add(key)
    return out


def _unlocks_each_element(call: tree_sitter.Node | None) -> bool:
    """EACH_ELEMENT: `b.mu.Unlock()` in `for _, b := range d.bays`: a walk releasing the
    elements of a collection, which runs no round when it is empty; its first round is
    no sign the function was entered holding an element's lock."""
    fn = call.child_by_field_name("function") if call is not None else None
    root = gosyntax.chain_root(fn.child_by_field_name("operand")) if fn is not None else None
    if call is None or root is None:
        return False
    for loop in gosyntax.ancestors(call):
        if loop.type in gosyntax.FUNCTION_TYPES:
            return False
        clause = gosyntax.range_clause(loop)
        names = gosyntax.side_of(clause, "left") if clause is not None else []
        if names and gosyntax.text(names[-1]) == gosyntax.text(root):
            return True
    return False


def _test_stops(node: CfgNode, func: Function) -> bool:
    """TEST_HELPER_STOPS: the statement is `x.Fatal(...)` (or FailNow, Skip...) on a
    value typed as a test, a struct field included."""
    call = testing_calls.statement_call(node.ast)
    return testing_calls.test_method(call, func.resolver) in testing_calls.TEST_STOPS


def _flagged_hold(func: Function, package: Package, lock_call: tree_sitter.Node, name: str) -> bool:
    """HELD_FLAG: after the lock the function sets `owner.flag = true`, and some function
    of the package unlocks the mutex inside `if ...owner.flag {`."""
    owner, _, field = name.rpartition(".")
    body = func.node.child_by_field_name("body")
    if not owner or body is None:
        return False
    after = func.file.data[lock_call.end_byte : body.end_byte]
    flags = set(re.findall(rb"\b" + re.escape(owner.encode()) + rb"\.(\w+)\s*=\s*true\b", after))
    if not flags:
        return False
    unlock = re.compile(rb"\." + re.escape(field.encode()) + rb"\.R?Unlock\(\)")
    for flag in flags:
        test = re.compile(rb"\bif\s+[\w.]*\." + re.escape(flag) + rb"\s*\{")
        for f in package.files:
            for m in test.finditer(f.data):
                block = f.data[m.end() : m.end() + 2000]
                close = re.search(rb"\n\s*\}", block)
                if unlock.search(block[: close.start() if close else len(block)]):
                    return True
    return False


def _returns_locked(func: Function) -> bool:
    """RETURNS_LOCKED by name or doc comment."""
    name = func.name or ""
    if (
        name
        and _LOCKING_NAME.search(_UNLOCKING_NAME.sub("", name))
        and not _unlocks_on_the_straight_path(func)
    ):
        return True
    doc = _doc_comment(func.node)
    return bool(doc and _LOCKED_DOC.search(doc))


def branch_exit_of_an_unlocking_path(held: HeldLock) -> bool:
    """BRANCH_EXIT_OF_AN_UNLOCKING_PATH: the way out is a `return` inside a branch, and a
    statement of the body's own block after it unlocks the same mutex (`if full {
    s.refused++; return ReasonFull, n }` ... `s.mu.Unlock(); return ReasonNone, n`): the
    function's straight path releases the lock, so a branch that leaves holding it is a
    slip, whatever it returns. A lock handed to the caller by design is held on the
    straight path (`AddPending` locks and returns; `Commit` unlocks). Trade-off: a
    function that hands the lock on only from one branch, by design, is reported."""
    exit_ast = held.exit.ast
    body = held.func.node.child_by_field_name("body")
    if held.exit.kind != "return" or exit_ast is None or body is None:
        return False
    top = gosyntax.statements(body)
    if exit_ast in top:
        return False
    unlock = f"{held.name}.{'RUnlock' if held.read else 'Unlock'}"
    return any(
        call.start_byte >= exit_ast.end_byte and gosyntax.called_expression_text(call) == unlock
        for call in _straight_path_unlock_calls(body)
    )


def _unlocks_on_the_straight_path(func: Function) -> bool:
    """UNLOCKED_ON_THE_STRAIGHT_PATH: a statement of the body's own block (not in a
    branch, not deferred) unlocks a mutex (`s.mu.Unlock()` before the last `return`):
    whatever its name says (`enter` a stand, `begin` a round), the function does not
    return locked by design. Trade-off: a locker that unlocks another mutex on its way
    is read as no locker either."""
    return straight_path_unlocks(func.node)


def straight_path_unlocks(func_node: tree_sitter.Node) -> bool:
    """Does a statement of the function's own block unlock a mutex (see
    UNLOCKED_ON_THE_STRAIGHT_PATH)? Cheap: read from the body's top-level statements."""
    body = func_node.child_by_field_name("body")
    return body is not None and any(True for _ in _straight_path_unlock_calls(body))


def _straight_path_unlock_calls(body: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    """The `x.Unlock()` / `x.RUnlock()` calls that are statements of the block itself."""
    for stmt in gosyntax.statements(body):
        call = stmt.named_children[0] if stmt.type == "expression_statement" else None
        if (
            call is not None
            and call.type == "call_expression"
            and gosyntax.callee_text(call).endswith((".Unlock", ".RUnlock"))
        ):
            yield call


def _doc_comment(node: tree_sitter.Node) -> bytes:
    parts: list[bytes] = []
    prev = node.prev_sibling
    while prev is not None and prev.type == "comment":
        parts.append(prev.text or b"")
        prev = prev.prev_sibling
    return b"\n".join(reversed(parts))


def _handed_off(func: Function, name: str) -> bool:
    """HANDED_OFF: `&c.mu` or `c.mu` passed to a call; a function literal unlocking it."""
    if mutex_passed(func, name):
        return True
    body = func.node.child_by_field_name("body")
    unlock = re.compile(re.escape(name.encode()) + rb"\.R?Unlock\(\)")
    if body is None or not unlock.search(body.text or b""):
        return False  # a literal's unlock is spelled in the body's text
    return any(unlock.search(n.text or b"") for n in gosyntax.descendants(body, "func_literal"))


def _correlated(lock_call: tree_sitter.Node, func: Function, name: str) -> bool:
    """CORRELATED_BRANCHES: the lock sits under `if cond`, and an unlock of the same mutex
    under an `if` with the same condition text."""
    conds = [
        gosyntax.field(a, "condition").text
        for a in gosyntax.ancestors(lock_call, func.node)
        if a.type == "if_statement" and a.child_by_field_name("condition") is not None
    ]
    if not conds:
        return False
    body = func.node.child_by_field_name("body")
    assert body is not None  # it holds the lock
    unlock = re.compile(re.escape(name.encode()) + rb"\.R?Unlock\(\)")
    for n in gosyntax.walk(body):
        if (
            n.type == "if_statement"
            and n.child_by_field_name("condition") is not None
            and gosyntax.field(n, "condition").text in conds
            and unlock.search(n.text or b"")
            and not gosyntax.is_within(lock_call, n)
        ):
            return True
    return False


def _callers_unlock(func: Function, package: Package, name: str) -> bool:
    """RETURNS_LOCKED through the callers: a function of the package calls this one and
    then unlocks the same field, without locking it again first (OWN_LOCK_FIRST)."""
    fname = func.name
    if not fname:
        return False
    field = name.rsplit(".", 1)[-1].encode()
    call = re.compile(rb"\b" + re.escape(fname.encode()) + rb"\(")
    unlock = re.compile(
        rb"\." + re.escape(field) + rb"\.R?Unlock\(\)"
        if b"." in name.encode()
        else rb"\bR?Unlock\(\)"
    )
    lock = re.compile(
        rb"\." + re.escape(field) + rb"\.R?Lock\(\)" if b"." in name.encode() else rb"\bR?Lock\(\)"
    )
    for f in package.files:
        for m in call.finditer(f.data):
            if f.data[max(0, m.start() - len(field) - 2) : m.start()] == b"." + field + b".":
                continue  # `m.mu.Unlock()`: the mutex's own method, not a call of this one
            node = f.root.descendant_for_byte_range(m.start(), m.start() + 1)
            caller = gosyntax.enclosing_function(node) if node is not None else None
            if caller is None or (
                f.path == func.file.path
                and caller.start_byte <= func.node.start_byte
                and func.node.end_byte <= caller.end_byte
            ):
                continue  # its own declaration, or a call from inside itself
            rest = f.data[m.end() : m.end() + 2000]
            end = rest.find(b"\n}")
            body = rest[: end if end >= 0 else len(rest)]
            unlocked = unlock.search(body)
            # OWN_LOCK_FIRST: `a.mu.Lock(); defer a.mu.Unlock()` after the call is the
            # caller's own critical section, not the release of one the call left held
            # (blind dev p426: Authorize locks after checkLimits returned).
            relocked = lock.search(body)
            if unlocked and not (relocked and relocked.start() < unlocked.start()):
                return True
    return False
