"""Every goroutine a file starts, with the body it runs when we can see it.

Not every goroutine starts with `go`: `errgroup.Group.Go(func() error {...})` and
`sync.WaitGroup.Go(func() {...})` start one too, with the literal as its body.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from goleash import gosyntax, parsing
from goleash.analysis.literal_nesting import enclosing_function
from goleash.analysis.package import Package
from goleash.analysis.run_once import declared_to_run_once
from goleash.analysis.scopes import Scopes
from goleash.source import SourceFile

STARTS_QUERY = """
(go_statement) @go
(call_expression
  function: (selector_expression field: (field_identifier) @method)
  arguments: (argument_list . (func_literal) @body .)
  (#eq? @method "Go")) @call
"""


@dataclass(eq=False)
class Goroutine:
    start: Node  # go_statement or the X.Go(...) call
    func: Node | None  # func_literal or declaration whose body runs; None if unknown
    file: SourceFile  # where `func` is
    start_file: SourceFile
    # The package the goroutine is started in, to ask whether its starter runs once.
    package: Package | None = None

    @property
    def starter(self) -> Node | None:
        return enclosing_function(self.start, self.start_file)

    @property
    def body(self) -> Node | None:
        return self.func.child_by_field_name("body") if self.func is not None else None

    @property
    def started_for_process_lifetime(self) -> bool:
        """Started from main.main or init, or from a function only they run
        (RUN_ONCE_BY_MAIN, `run_once.py`), or started once for the whole process (see
        `started_once`): meant to live as long as the process."""
        if started_once(self.start, self.start_file):
            return True
        starter = self.starter
        if starter is None:
            return False
        return gosyntax.runs_for_process_lifetime(
            starter, self.start_file.package_name, self.start_file.path
        ) or (
            self.package is not None
            and declared_to_run_once(starter, self.start_file.package_name or "", self.package)
        )

    @property
    def name(self) -> str:
        if self.func is not None and self.func.type != "func_literal":
            return f"goroutine `{gosyntax.function_name(self.func)}`"
        return "goroutine"


def started_once(start: Node, file: SourceFile) -> bool:
    """Heuristic SINGLETON_START: a goroutine the code takes care to start only once per
    process is the process's: inside `once.Do(func() { go ... })`; under `if !x.started`
    that then sets `x.started = true`, or `if global == nil` that then sets it; after `if global != nil { return }` in a function
    that then sets that package-level variable; or running a method of a package-level
    variable (`go arbiter.tick()`). Trade-off: a loop started once but meant to stop
    (and never told to) is missed; package-level variables of other files are not seen."""
    facts = _once_facts(file)
    if _guarded_inside(start, facts, file):
        return True
    func = enclosing_function(start, file)
    if func is None or func.type == "func_literal":
        return False
    if _ensure_once(func, start, file):
        return True
    call = (
        start.named_children[0] if start.type == "go_statement" and start.named_children else None
    )
    fn = (
        gosyntax.unparen(call.child_by_field_name("function"))
        if call is not None and call.type == "call_expression"
        else None
    )
    if fn is not None and fn.type == "selector_expression":
        operand = gosyntax.unparen(fn.child_by_field_name("operand"))
        return operand is not None and _package_var(operand, func, file)
    return False


@dataclass
class _OnceFacts:
    """What `started_once` learns about a file's nodes, kept on the file so that the many
    goroutine starts of one function, or of one deep nest, share it (each start used to
    read the function's statements, or its enclosing blocks, again: quadratic)."""

    # ancestor of a start -> is it, or one above it up to the function, a once-only guard
    guarded: dict[Node, bool] = field(default_factory=dict)
    # declaration -> start byte of its first `if global != nil { return }` guard, or None
    ensure_guard: dict[Node, int | None] = field(default_factory=dict)
    # top-level declaration -> its scopes (goleash.analysis.scopes)
    scopes: dict[Node, Scopes] = field(default_factory=dict)


def _once_facts(file: SourceFile) -> _OnceFacts:
    cached = file.__dict__.get("_goleash_once_facts")
    if cached is None:
        cached = file.__dict__["_goleash_once_facts"] = _OnceFacts()
    return cached


def _guarded_inside(start: Node, facts: _OnceFacts, file: SourceFile) -> bool:
    """Inside `once.Do(func() {...})`, or under an `if !x.started { x.started = true }`
    or an `if global == nil { global = ... }` of the same function. Answered for each ancestor once: the answers of the ancestors
    a start shares with others are remembered."""
    pending: list[Node] = []
    answer = False
    for a in gosyntax.ancestors(start):
        known = facts.guarded.get(a)
        if known is not None:
            answer = known
            break
        pending.append(a)
        if a.type in gosyntax.FUNCTION_TYPES:
            answer = a.type == "func_literal" and _run_by_do(a)
            break
        if a.type == "if_statement" and (_flag_then_set(a) or _nil_then_set(a, file)):
            answer = True
            break
    # Every ancestor walked through shares the answer: the first guard or function above
    # it is the one found.
    for a in pending:
        facts.guarded[a] = answer
    return answer


def _run_by_do(lit: Node) -> bool:
    """The literal is the argument of an `x.Do(...)` call (`once.Do(func() {...})`)."""
    args = lit.parent
    call = args.parent if args is not None and args.type == "argument_list" else None
    return (
        call is not None
        and call.type == "call_expression"
        and gosyntax.callee_text(call).endswith(".Do")
    )


def _flag_then_set(if_stmt: Node) -> bool:
    """`if !x.started { x.started = true; ... }`."""
    flag = gosyntax.negated(if_stmt.child_by_field_name("condition"))
    if flag is None:
        return False
    block = if_stmt.child_by_field_name("consequence")
    for st in gosyntax.statements(block) if block is not None else ():
        if st.type == "assignment_statement":
            left = st.child_by_field_name("left")
            right = st.child_by_field_name("right")
            if (
                left is not None
                and right is not None
                and left.text == flag.text
                and right.text == b"true"
            ):
                return True
    return False


def _nil_then_set(if_stmt: Node, file: SourceFile) -> bool:
    """`if global == nil { global = ...; ... }`: a package-level variable made lazily,
    once per process (gopherjs's test queue and its runner)."""
    cond = gosyntax.unparen(if_stmt.child_by_field_name("condition"))
    if cond is None or cond.type != "binary_expression":
        return False
    operator = cond.child_by_field_name("operator")
    left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
    if operator is None or operator.type != "==" or left is None or right is None:
        return False
    checked = left if right.type == "nil" else right if left.type == "nil" else None
    func = gosyntax.enclosing_function(if_stmt)
    if checked is None or func is None or not _package_var(checked, func, file):
        return False
    block = if_stmt.child_by_field_name("consequence")
    for st in gosyntax.statements(block) if block is not None else ():
        target = st.child_by_field_name("left") if st.type == "assignment_statement" else None
        if target is not None and any(t.text == checked.text for t in target.named_children):
            return True
    return False


def _ensure_once(func: Node, start: Node, file: SourceFile) -> bool:
    """`if global != nil { return }` before the start, and `global = ...` in the function."""
    facts = _once_facts(file)
    if func not in facts.ensure_guard:
        facts.ensure_guard[func] = _first_ensure_guard(func, file)
    guard = facts.ensure_guard[func]
    return guard is not None and guard < start.start_byte


def _first_ensure_guard(func: Node, file: SourceFile) -> int | None:
    """Where the first statement of the function's body that returns early when a
    package-level variable is set, which the function then sets, starts."""
    body = func.child_by_field_name("body")
    assigned: set[bytes] | None = None  # identifiers the body assigns, read on first need
    for st in gosyntax.statements(body) if body is not None else ():
        if st.type != "if_statement":
            continue
        cond = gosyntax.unparen(st.child_by_field_name("condition"))
        block = st.child_by_field_name("consequence")
        inner = gosyntax.statements(block) if block is not None else []
        if (
            cond is None
            or cond.type != "binary_expression"
            or not inner
            or inner[-1].type != "return_statement"
        ):
            continue
        left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
        if (
            gosyntax.field(cond, "operator").type != "!="
            or right is None
            or right.type != "nil"
            or left is None
            or not _package_var(left, func, file)
        ):
            continue
        assert body is not None  # its statements are being read
        if assigned is None:
            assigned = _assigned_identifiers(body)
        if left.text in assigned:
            return st.start_byte
    return None


def _assigned_identifiers(body: Node) -> set[bytes]:
    """The identifiers on the left of an assignment anywhere in `body`."""
    out: set[bytes] = set()
    for n in gosyntax.walk(body):
        if n.type == "assignment_statement":
            out.update(
                t.text or b""
                for t in gosyntax.field(n, "left").named_children
                if t.type == "identifier"
            )
    return out


def _package_var(ident: Node, func: Node, file: SourceFile) -> bool:
    """A package-level variable of this file, not shadowed in `func`."""
    from goleash.analysis.index import file_index

    if ident.type != "identifier" or gosyntax.text(ident) not in file_index(file).globals:
        return False
    top = func
    while (outer := gosyntax.enclosing_function(top)) is not None:
        top = outer
    facts = _once_facts(file)
    scopes = facts.scopes.get(top)
    if scopes is None:
        scopes = facts.scopes[top] = Scopes(top)
    return scopes.lookup(ident) is None


def collect_goroutines(
    file: SourceFile, package: Package, caps: dict[str, list[Node]] | None = None
) -> list[Goroutine]:
    if caps is None:
        caps = parsing.captures(STARTS_QUERY, file.root)
    out: list[Goroutine] = []
    for stmt in caps.get("go", []):
        call = stmt.named_children[0] if stmt.named_children else None
        if call is None or call.type != "call_expression":
            continue
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if fn is not None and fn.type == "func_literal":
            out.append(Goroutine(stmt, fn, file, file, package))
            continue
        decl = package.resolve_callee(call)
        if decl is not None:
            out.append(Goroutine(stmt, decl.node, decl.file, file, package))
        else:
            out.append(Goroutine(stmt, None, file, file, package))
    for call in caps.get("call", []):
        lit = gosyntax.unparen(gosyntax.call_arguments(call)[0])
        out.append(Goroutine(call, lit, file, file, package))
    out.sort(key=lambda g: g.start.start_byte)
    return out
