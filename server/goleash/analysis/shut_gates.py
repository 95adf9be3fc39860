"""A gate channel made anew and left shut: the method that re-arms it returns on some
path without closing it.

```go
func (s *Store) Reload() error {
        s.mu.Lock()
        if s.cfg != nil {
                s.ready = make(chan struct{})   // re-armed: readers wait for the new config
        }
        s.mu.Unlock()
        cfg, err := s.read()
        if err != nil {
                return err                      // ...and never opened again
        }
        ...
        close(s.ready)
        return nil
}

func (s *Store) Get() *Config {
        s.mu.Lock()
        ready := s.ready
        s.mu.Unlock()
        <-ready                                 // waits forever after a failed reload
        ...
}
```

A struct field holds a channel used as a gate: waiters block on it until it is closed.
The method that makes it anew is the only code that closes it, and it does so on some
paths only: on the others the fresh channel stays open for good. Whoever picks it up
waits forever; the next re-arming replaces it and strands them for good.

Heuristics, each a trade-off:
- GATE_FIELD: an unexported field every use of which in the package is a store of
  `make(chan ...)`, a `close`, a receive, a copy into a local, a comparison, or a return
  from a function whose result is receive-only. A send, or any other use (handed to a
  call, stored elsewhere), may open it another way: left alone.
- CLOSED_ONLY_BY_THE_MAKER: every `close` of the field is in the body (not a nested
  function, not a `defer`) of a function that also stores a fresh channel into it, and
  that function reaches one of its closes from the store on some path (a broadcast that
  closes the old channel and then makes the next one, `close(c.changed); c.changed =
  make(...)`, leaves the fresh one to its next call) and a `return` (or its end) on a
  path through no close of the field. A make under a condition reading the field (`if s.ready == nil`)
  re-arms only a gate that is already open: left alone.
- BARE_WAIT: the waiter is a plain receive from the field, or from a local copied once
  from it, not a `select` case: a select with another way out is not stuck for good.
Fields are matched by name across the package's types: a close of a same-named field
of another type counts as a close (a miss, never a false report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.cfg import NORMAL_EXITS, reaches
from goleash.analysis.kept_contexts import case_of_receive
from goleash.analysis.literal_nesting import enclosing_function
from goleash.analysis.package import field_selectors
from goleash.analysis.replaced_signals import decided_facts
from goleash.source import word_starts

if TYPE_CHECKING:
    from goleash.analysis.cfg import Node as CfgNode
    from goleash.analysis.functions import Function, Functions
    from goleash.source import SourceFile


@dataclass(frozen=True)
class ShutGate:
    wait: Node  # the receive that never returns
    field: str
    waited: str  # the channel as the wait names it
    maker: Function  # the function that re-arms the gate (or opens it, once)
    make: Node | None  # the store of the fresh channel (None: opened once)
    exit: CfgNode  # the function's way out that leaves it shut
    close: Node  # its `close(x.f)`, on its other paths
    how: str  # RE_ARMED, OPENED_ONCE or HANDED: how the maker comes to leave it shut
    make_file: SourceFile | None = None  # the make's file, when not the maker's


# What `_left_shut` finds: ShutGate's fields after `field` and `waited`.
Verdict = tuple["Function", "Node | None", "CfgNode", Node, str, "SourceFile | None"]


RE_ARMED = "re-armed"
OPENED_ONCE = "opened-once"
HANDED = "handed"


def shut_gates(functions: Functions, file: SourceFile) -> list[ShutGate]:
    out: list[ShutGate] = []
    if b"<-" not in file.data:
        return out
    verdicts: dict[str, Verdict | None] = {}
    assigned: dict[int, dict[str, list[Node]]] = {}
    copied: dict[bytes, bool] = {}
    # The `<-` tokens of the text, not a walk of the tree: most files have few.
    for m in _RECEIVE.finditer(file.data):
        operand = m.group(1)
        if b"." not in operand:
            if operand not in copied:
                copied[operand] = _maybe_copied_from_field(file.data, operand)
            if not copied[operand]:
                continue  # COPIED_FROM_A_FIELD: the cheap check, before any tree walk
        token = file.root.descendant_for_byte_range(m.start(), m.start() + 2)
        node = token.parent if token is not None else None
        if node is None or node.type != "unary_expression":
            continue
        if gosyntax.receive_operand(node) is None:
            continue
        if case_of_receive(node) is not None:
            continue  # BARE_WAIT
        found = _waited_field(node, file, assigned)
        if found is None:
            continue
        field, waited = found
        if field not in verdicts:
            verdicts[field] = _left_shut(functions, field)
        verdict = verdicts[field]
        if verdict is not None:
            out.append(ShutGate(node, field, waited, *verdict))
    return out


# A receive's operand as the text spells it: `x.f`, `x.y.f` or a plain name.
_RECEIVE = re.compile(rb"<-[ \t]*\(?[ \t]*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)")


def _maybe_copied_from_field(data: bytes, name: bytes) -> bool:
    """COPIED_FROM_A_FIELD, read from the text: a line assigning `name` with a `.` after
    its `=`. A local never so assigned cannot be a copy of a field, and is dismissed
    before the tree is asked anything (each tree-sitter parent costs the node's depth:
    a chain of N `else if`s receiving from a local was N² steps). An assignment split
    over lines after its `=` is missed: a miss, never a false report."""
    # Found by a substring search per use, not a regular expression starting with `\b`,
    # which Python's engine tries at every byte of the file.
    for i in word_starts(data, name):
        line_end = data.find(b"\n", i)
        if line_end < 0:
            line_end = len(data)
        equals = data.find(b"=", i + len(name), line_end)
        if equals >= 0 and data.find(b".", equals + 1, line_end) >= 0:
            return True
    return False


def _waited_field(
    receive: Node, file: SourceFile, assigned: dict[int, dict[str, list[Node]]]
) -> tuple[str, str] | None:
    """(field, the operand's text) when the receive is from `x.f`, or from a local
    assigned once, from `x.f`, in the same function. `assigned` keeps each function's
    assignments by name, so that a function's body is walked once, not once per
    receive (a chain of N `else if`s receiving each was N walks of N arms)."""
    operand = gosyntax.unparen(gosyntax.receive_operand(receive))
    if operand is None:
        return None
    if operand.type == "selector_expression":
        return gosyntax.text(gosyntax.field(operand, "field")), gosyntax.text(operand)
    if operand.type != "identifier":
        return None
    name = gosyntax.text(operand)
    func = enclosing_function(operand, file)
    if func is None:
        return None
    by_name = assigned.get(func.id)
    if by_name is None:
        by_name = assigned[func.id] = _assignments(func)
    sources = by_name.get(name, ())
    if len(sources) != 1:
        return None
    source = gosyntax.unparen(sources[0])
    if source is None or source.type != "selector_expression":
        return None
    return gosyntax.text(gosyntax.field(source, "field")), name


def _assignments(func: Node) -> dict[str, list[Node]]:
    """Each name's assigned values in the function's body (the whole statement where
    the two sides do not pair up)."""
    by_name: dict[str, list[Node]] = {}
    body = func.child_by_field_name("body")
    if body is None:
        return by_name
    for node in gosyntax.walk(body):
        if node.type not in ("short_var_declaration", "assignment_statement"):
            continue
        left = gosyntax.field(node, "left").named_children
        right = gosyntax.field(node, "right").named_children
        for i, target in enumerate(left):
            if target.type == "identifier":
                source = right[i] if len(right) == len(left) else node
                by_name.setdefault(gosyntax.text(target), []).append(source)
    return by_name


def _left_shut(functions: Functions, field: str) -> Verdict | None:
    """GATE_FIELD, then CLOSED_ONLY_BY_THE_MAKER or OPENED_ONCE: (the function that
    leaves the gate shut, its store of the fresh channel or None, the exit leaving it
    shut, its close)."""
    if not field[:1].islower():
        return None
    makes: list[tuple[Node, SourceFile]] = []
    closes: list[tuple[Node, SourceFile]] = []
    for sel, file in field_selectors(functions.package, field.encode()):
        use = _gate_use(sel)
        if use is None:
            return None
        if use == "make":
            makes.append((sel, file))
        elif use == "close":
            closes.append((sel, file))
    closers: dict[tuple[str, int], tuple[Node, SourceFile]] = {}
    for sel, file in closes:
        func = gosyntax.enclosing_function(sel)
        if func is None or func.type == "func_literal":
            return None
        if any(a.type == "defer_statement" for a in gosyntax.ancestors(sel, func)):
            return None
        closers[(file.path, func.start_byte)] = (func, file)
    if not closers:
        return None
    makers = {
        (file.path, func.start_byte)
        for sel, file in makes
        if (func := gosyntax.enclosing_function(sel)) is not None
    }
    if set(closers) <= makers:
        return _re_armed_left_shut(functions, field, makes, closes)
    if len(closers) == 1 and not makers & set(closers):
        func, file = next(iter(closers.values()))
        return _opened_once_left_shut(functions, func, file, closes) or _handed_left_shut(
            functions, field, func, file, closes, makes
        )
    return None


def _re_armed_left_shut(
    functions: Functions,
    field: str,
    makes: list[tuple[Node, SourceFile]],
    closes: list[tuple[Node, SourceFile]],
) -> Verdict | None:
    """CLOSED_ONLY_BY_THE_MAKER: a maker that closes the fresh channel on some path and
    leaves on another without closing it."""
    for sel, file in makes:
        func = gosyntax.enclosing_function(sel)
        if func is None or func.type == "func_literal":
            continue
        own_closes = [
            c for c, f in closes if f.path == file.path and gosyntax.enclosing_function(c) == func
        ]
        if not own_closes or _conditioned_on(sel, field, func):
            continue
        maker = functions.get(func, file)
        cfg = maker.cfg
        store = cfg.node_of(sel) if cfg is not None else None
        if cfg is None or store is None:
            continue
        close_at = [n for c in own_closes if (n := cfg.node_of(c)) is not None]
        close_nodes = {n.id for n in close_at}
        if not any(reaches(store, n) for n in close_at):
            continue  # `close(c.changed); c.changed = make(...)`: a broadcast, re-armed after
        exit_node = _exit_leaving_shut(cfg.entry, store, close_nodes)
        store_statement = gosyntax.ancestors(sel)
        statement = next(store_statement, None)  # the assignment's left side
        statement = next(store_statement, None) or sel  # the assignment
        close_call = _grandparent(own_closes[0])  # `close(x.f)`: argument list, then call
        if exit_node is not None and close_call is not None:
            return maker, statement, exit_node, close_call, RE_ARMED, None
    return None


def _opened_once_left_shut(
    functions: Functions, func: Node, file: SourceFile, closes: list[tuple[Node, SourceFile]]
) -> Verdict | None:
    """OPENED_ONCE: the one function closing the gate (not a maker) runs once, under a
    `sync.Once`, and reaches its end on a path that does not close it: the gate stays
    shut for good (blind dev p94, a connect whose every dial fails)."""
    if func.type != "method_declaration" or not _run_once(functions, func):
        return None
    left = _left_without_closing(functions, func, file, closes)
    if left is None:
        return None
    closer, exit_node, close_call = left
    return closer, None, exit_node, close_call, OPENED_ONCE, None


def _handed_left_shut(
    functions: Functions,
    field: str,
    func: Node,
    file: SourceFile,
    closes: list[tuple[Node, SourceFile]],
    makes: list[tuple[Node, SourceFile]],
) -> Verdict | None:
    """HANDED_A_FRESH_GATE: each holder gets its own gate when it is made (`&call{done:
    make(chan struct{})}`, or a store in another function), and the one function closing
    it is handed the holder (a parameter, or the receiver) and reaches a `return` on a
    path that does not close it (blind dev p265: a flight leader's error return). An
    unguarded close cannot run twice on one holder without a panic, so each holder
    meets its closer once: on that path its gate stays shut for good. Guards, each a
    miss rather than a false report: HOLDER_KEPT_IN_HAND (the closer only reads and
    writes the holder's fields, never hands the holder on, calls its methods or tests
    it against nil), NO_SECOND_LOOK (the closer does not look at the gate itself, as a
    close guarded by `select { case <-c.done: default: close(c.done) }` does, nor test
    a field it sets, as a close guarded by a `closed` flag does), and CALLERS_IN_VIEW,
    NOT_RETRIED and MADE_BY_THE_CALLER (`_called_once_per_holder`)."""
    holder = _closed_holder(closes[0][0])
    if holder is None or not (makes or _made_in_literal(functions, field)):
        return None
    params = [name for name, _ in gosyntax.parameters(func)]
    receiver = gosyntax.receiver_text(func) if func.type == "method_declaration" else None
    if holder != receiver and holder not in params:
        return None
    body = func.child_by_field_name("body")
    if body is None or not _kept_in_hand(body, holder, field):
        return None
    position = None if holder == receiver else params.index(holder)
    name = gosyntax.function_name(func)
    if not name or not name[:1].islower() or not _called_once_per_holder(functions, name, position):
        return None
    if all(_closed_on_the_holders_state(c, holder, func) for c, _f in closes):
        return None
    left = _left_without_closing(functions, func, file, closes)
    if left is None:
        return None
    closer, exit_node, close_call = left
    make, make_file = _fresh_gate(functions, field, makes) or (None, None)
    return closer, make, exit_node, close_call, HANDED, make_file


def _closed_on_the_holders_state(close: Node, holder: str, func: Node) -> bool:
    """COUNTED_DOWN: a close under an `if` that reads the holder's own state (`if
    s.connCount.Add(-1) == 0 && s.graceCtx.Err() != nil { close(s.done) }`) is the last
    of several calls closing the gate, by design: the calls that leave it open are the
    ones before the last. Trade-off: a closer that should close on every call but tests
    the holder for something else first is passed over."""
    prefix = re.compile(rb"(?<![\w.])" + re.escape(holder.encode()) + rb"\.\w")
    for a in gosyntax.ancestors(close, func):
        cond = a.child_by_field_name("condition") if a.type == "if_statement" else None
        if cond is not None and prefix.search(cond.text or b""):
            return True
    return False


def _left_without_closing(
    functions: Functions, func: Node, file: SourceFile, closes: list[tuple[Node, SourceFile]]
) -> tuple[Function, CfgNode, Node] | None:
    """(the closing function, its way out from the entry through no close of the gate,
    the first `close(x.f)`), when there is such a way out."""
    closer = functions.get(func, file)
    cfg = closer.cfg
    if cfg is None:
        return None
    close_nodes = {
        n.id for c, f in closes if f.path == file.path and (n := cfg.node_of(c)) is not None
    }
    exit_node = _exit_leaving_shut(cfg.entry, cfg.entry, close_nodes)
    close_call = _grandparent(closes[0][0])
    if exit_node is None or close_call is None:
        return None
    return closer, exit_node, close_call


def _closed_holder(sel: Node) -> str | None:
    """`c` in `close(c.done)`, when the holder is a plain name."""
    operand = sel.child_by_field_name("operand")
    return gosyntax.text(operand) if operand is not None and operand.type == "identifier" else None


def _literal_makes(field: str) -> re.Pattern[bytes]:
    return re.compile(rb"\b" + re.escape(field.encode()) + rb"\s*:\s*make\(\s*chan\b")


def _made_in_literal(functions: Functions, field: str) -> bool:
    """Is the field given a fresh channel in a composite literal (`call{done: make(chan
    struct{})}`)?"""
    pattern = _literal_makes(field)
    return any(pattern.search(f.data) for f in functions.package.files)


def _fresh_gate(
    functions: Functions, field: str, makes: list[tuple[Node, SourceFile]]
) -> tuple[Node, SourceFile] | None:
    """Where a holder gets its gate, with its file: the first store of `make(chan ...)`
    into the field, or its keyed element in a composite literal."""
    if makes:
        sel, file = makes[0]
        statement = sel.parent.parent if sel.parent is not None else None
        return statement or sel, file
    pattern = _literal_makes(field)
    for f in functions.package.files:
        m = pattern.search(f.data)
        node = f.root.descendant_for_byte_range(m.start(), m.end()) if m else None
        while node is not None and node.type != "keyed_element":
            node = node.parent
        if node is not None:
            return node, f
    return None


def _kept_in_hand(body: Node, holder: str, field: str) -> bool:
    """HOLDER_KEPT_IN_HAND and NO_SECOND_LOOK over the closer's body."""
    set_fields: set[str] = set()
    tested: list[Node] = []
    for node in gosyntax.walk(body, skip_functions=False):
        if node.type == "if_statement" and (cond := node.child_by_field_name("condition")):
            tested.append(cond)
        if node.type != "identifier" or gosyntax.text(node) != holder:
            continue
        sel = node.parent
        if (
            sel is None
            or sel.type != "selector_expression"
            or sel.child_by_field_name("operand") != node
        ):
            return False  # handed on, compared, copied: it may reach another close
        up = sel.parent
        if (
            up is not None
            and up.type == "call_expression"
            and up.child_by_field_name("function") == sel
        ):
            return False  # a method of the holder may close or keep it
        member = gosyntax.text(gosyntax.field(sel, "field"))
        if member == field and not (
            up is not None
            and up.type == "argument_list"
            and up.parent is not None
            and gosyntax.callee_text(up.parent) == "close"
        ):
            return False  # NO_SECOND_LOOK: the gate is looked at, not only closed
        if gosyntax.on_side_of(sel, "assignment_statement", "left"):
            set_fields.add(member)
    for cond in tested:
        for node in [cond, *gosyntax.walk(cond)]:
            if node.type == "selector_expression" and gosyntax.text(node) in {
                f"{holder}.{m}" for m in set_fields
            }:
                return False  # NO_SECOND_LOOK: a flag the closer sets guards its close
    return True


def _called_once_per_holder(functions: Functions, name: str, position: int | None) -> bool:
    """CALLERS_IN_VIEW: the closer is unexported and called in the package, and only
    called (a function value may run any number of times). NOT_RETRIED: no call sits in
    a loop with a holder (the argument at `position`, or the receiver for None) declared
    outside the loop: a loop that retries a failed closer on the same holder closes its
    gate on a later turn. MADE_BY_THE_CALLER: no call hands a holder its caller built
    itself (`s := &Session{started: make(...)}; s.start()`): a constructor whose start
    fails drops the holder with its gate, and nobody is left to wait."""
    mention = re.compile(rb"\b" + re.escape(name.encode()) + rb"\b")
    called = False
    for f in functions.package.files:
        for m in mention.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.end())
            if node is None or node.type not in ("identifier", "field_identifier"):
                continue
            if node.parent is not None and node.parent.type in (
                "function_declaration",
                "method_declaration",
            ):
                continue  # its own declaration
            callee = node.parent if node.type == "field_identifier" else node
            call = callee.parent if callee is not None else None
            if (
                callee is None
                or call is None
                or call.type != "call_expression"
                or call.child_by_field_name("function") != callee
            ):
                return False
            if position is None:
                held = (
                    callee.child_by_field_name("operand")
                    if callee.type == "selector_expression"
                    else None
                )
            else:
                args = gosyntax.call_arguments(call)
                held = args[position] if position < len(args) else None
            root = gosyntax.chain_root(held) if held is not None else None
            if root is None or root.type != "identifier":
                return False
            loops = gosyntax.loops_between(call, None)
            if loops and not _declared_within(loops[0], gosyntax.text(root)):
                return False
            if _built_here(call, gosyntax.text(root)):
                return False
            called = True
    return called


def _built_here(call: Node, name: str) -> bool:
    """Is `name` given a composite literal (`&T{...}`) in the function making `call`?"""
    func = gosyntax.enclosing_function(call)
    for node in gosyntax.walk(func) if func is not None else ():
        if node.type not in ("short_var_declaration", "assignment_statement"):
            continue
        left = gosyntax.field(node, "left").named_children
        right = gosyntax.field(node, "right").named_children
        for target, stored in zip(left, right):
            value = gosyntax.unparen(stored)
            if value is not None and value.type == "unary_expression" and value.named_children:
                value = value.named_children[-1]
            if (
                gosyntax.text(target) == name
                and value is not None
                and value.type == ("composite_literal")
            ):
                return True
    return False


def _declared_within(loop: Node, name: str) -> bool:
    """Is `name` declared in the loop (its body, or its range clause)?"""
    for node in gosyntax.walk(loop):
        if node.type in ("short_var_declaration", "range_clause"):
            left = node.child_by_field_name("left")
            if left is not None and any(
                c.type == "identifier" and gosyntax.text(c) == name for c in left.named_children
            ):
                return True
        elif node.type == "var_spec" and any(
            c.type == "identifier" and gosyntax.text(c) == name for c in node.named_children
        ):
            return True
    return False


def _run_once(functions: Functions, method: Node) -> bool:
    """RUN_ONCE: every mention of the method in the package (`c.connect`) is inside the
    function handed to a `Do` call (`c.once.Do(func() { go c.connect() })`) or is that
    function (`c.once.Do(c.connect)`). Trade-off: a Once of another object, or a `Do` of
    another type, counts too."""
    name = gosyntax.function_name(method)
    if not name:
        return False
    mention = re.compile(rb"\." + re.escape(name.encode()) + rb"\b")
    seen = False
    for f in functions.package.files:
        for m in mention.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start() + 1, m.end())
            sel = node.parent if node is not None else None
            if sel is None or sel.type != "selector_expression":
                continue
            if not any(_is_do_argument(a) for a in [sel, *gosyntax.ancestors(sel)]):
                return False
            seen = True
    return seen


def _is_do_argument(node: Node) -> bool:
    """Is `node` an argument of a `x.Do(...)` call?"""
    args = node.parent
    call = args.parent if args is not None and args.type == "argument_list" else None
    return call is not None and (gosyntax.callee_text(call) or "").endswith(".Do")


def _grandparent(node: Node) -> Node | None:
    return node.parent.parent if node.parent is not None else None


# PATH_BUDGET: the states (node, decided conditions) the search may visit. Following
# correlated conditions can double the states per `if`; past the budget the maker is
# passed over (a miss, never a false report, and no time lost on a huge function).
PATH_BUDGET = 20_000


def _exit_leaving_shut(entry: CfgNode, store: CfgNode, closes: set[int]) -> CfgNode | None:
    """A `return` (or the end) reached from the entry through `store` and then through
    no close. Paths follow the decisions of `if c` and `if !c` consistently
    (replaced_signals' CORRELATED_BRANCHES): the make under `if s.cfg != nil` pairs
    with the close under the same condition."""
    Facts = frozenset[tuple[str, bool]]
    start: tuple[CfgNode, Facts, bool] = (entry, frozenset(), False)
    stack = [start]
    seen = {(entry.id, start[1], False)}
    while stack:
        if len(seen) > PATH_BUDGET:
            return None
        n, facts, armed = stack.pop()
        armed = armed or n is store
        if armed and n.id in closes:
            continue
        if n.terminal:
            if armed and n.kind in NORMAL_EXITS:
                return n
            continue
        for s in n.succ:
            after = decided_facts(s, facts)
            if after is not None and (s.id, after, armed) not in seen:
                seen.add((s.id, after, armed))
                stack.append((s, after, armed))
    return None


def _gate_use(sel: Node) -> str | None:
    """How the code uses `x.f`: "make", "close", "wait" (a receive, a copy, a comparison,
    a receive-only return), or None for anything else."""
    up = sel.parent
    if up is None:
        return None
    if gosyntax.on_side_of(sel, "assignment_statement", "left"):
        statement = up.parent
        right = statement.child_by_field_name("right") if statement is not None else None
        values = right.named_children if right is not None else []
        targets = up.named_children
        if len(values) == len(targets):
            value = gosyntax.unparen(values[targets.index(sel)])
            if value is not None and re.match(rb"make\(\s*chan\b", value.text or b""):
                return "make"
        return None
    if up.type == "argument_list":
        call = up.parent
        if call is not None and gosyntax.callee_text(call) == "close":
            return "close"
        return None
    if up.type == "unary_expression" and gosyntax.receive_operand(up) is not None:
        return "wait"
    if up.type == "binary_expression":
        return "wait"
    if up.type == "expression_list":
        statement = up.parent
        if statement is not None and statement.type in (
            "short_var_declaration",
            "assignment_statement",
        ):
            left = statement.child_by_field_name("left")
            if left is not None and up != left and not _copy_closed(statement, left):
                return "wait"
        if statement is not None and statement.type == "return_statement":
            func = gosyntax.enclosing_function(statement)
            results = func.child_by_field_name("result") if func is not None else None
            if results is not None and (results.text or b"").lstrip(b"(").startswith(b"<-chan"):
                return "wait"
    return None


def _copy_closed(statement: Node, left: Node) -> bool:
    """Does the function close the local the field is copied into (`ch := s.f; close(ch)`)?"""
    func = gosyntax.enclosing_function(statement)
    body = func.child_by_field_name("body") if func is not None else None
    names = {gosyntax.text(t) for t in left.named_children if t.type == "identifier"}
    for node in gosyntax.walk(body, skip_functions=False) if body is not None else ():
        if node.type == "call_expression" and gosyntax.callee_text(node) == "close":
            args = gosyntax.call_arguments(node)
            if args and gosyntax.text(args[0]) in names:
                return True
    return False


def _conditioned_on(sel: Node, field: str, func: Node) -> bool:
    """Is the store inside an `if` whose condition reads the field (`if s.ready == nil`)?"""
    for a in gosyntax.ancestors(sel, func):
        if a.type != "if_statement":
            continue
        cond = a.child_by_field_name("condition")
        if cond is not None and re.search(
            rb"\." + re.escape(field.encode()) + rb"\b", cond.text or b""
        ):
            return True
    return False
