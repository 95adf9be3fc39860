"""A method that counts work in on a WaitGroup field, then refuses the work without
counting it out.

```go
func (p *Pool) Submit(ctx context.Context, m Message) error {
        p.pending.Add(1)
        if p.closing.Load() {
                return ErrClosed // counted in, never handed on, never counted out
        }
        select {
        case p.jobs <- m: // handed on: the worker calls p.pending.Done()
                return nil
        case <-ctx.Done():
                p.pending.Done()
                return ctx.Err()
        }
}

func (p *Pool) Drain() { p.pending.Wait() } // never returns after one refusal
```

The method owns the count it took: on success it hands the work (and the `Done` that
goes with it) on, by a send or a `go`; on its error return it does neither and does
not call `Done` itself. Every `Wait` on that field then waits for a `Done` that will
never come.

Guards, each a trade-off:
- COUNTED_FIRST: the `Add(1)` is a statement of the method's body itself (not under a
  branch) on a field of the receiver, and the method is the only one of the package
  adding to that field.
- HANDS_ON_ITS_SUCCESS: some `return` of the method comes after a send (a select case
  sending, or a send statement before it) or a `go` statement: the method hands the
  count on. A method that returns with the count still up on every path leaves it to
  its caller (a begin/end pair), which is not judged here.
- ERROR_REFUSAL: the return that refuses returns a value that cannot be nil as its last
  result (NON_NIL_VALUE: `ErrClosed`, `errors.New`, `fmt.Errorf`, ...): the caller is
  told the work was not taken, and will not finish it; so is an error the method tested
  non-nil on the way (`if err := it.validate(); err != nil { return err }`,
  TESTED_FAILURE, as `failure_returns` reads it). Or, in a method whose one result
  is a `bool`, `return false` against a `return true` elsewhere (FALSE_REFUSAL: `TryGo`).
- HANDED_IN_AN_EARLIER_ROUND: a refusing `return` inside a loop that starts goroutines
  or sends is not judged: an earlier round may have handed the count on.
- NOTHING_BEFORE: on its way from the `Add` (the statements before it in each block
  around it), the refusing return meets no `Done` on the field, no call of a method of
  the receiver that calls one, no `defer`, no send and no `go`. A `Done` under a branch
  there is taken as covering it, unless the branch always leaves (SEALED_BRANCH: `if
  closed { p.pending.Done(); return ErrClosed }` is not on a later return's way).
- COUNTED_BY_A_HELPER: the one `Add(1)` may be in a helper returning an error (`enter()
  error`) that refuses before it and returns nil after it; its callers' check of that
  error (`if err := g.enter(); err != nil { return err }`) is then where they count in.
  Such a caller must count out itself on some way out (RELEASED_ON_ITS_SUCCESS: a
  `Done`, a `defer`, a method calling `Done`); a refusal meeting none of them is
  reported. Trade-off: a caller handing the work on (a send, a `go`) instead of
  counting out is not judged in this form.
- HELD_IN_A_LOCAL: the `Add` may be made through a local holding the group's struct in
  a method of another type or a function (`seg := w.seg; seg.inflight.Add(1)`), when
  one struct of the package declares a WaitGroup field of that name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis import paths
from goleash.analysis.failure_returns import returns_a_failure
from goleash.analysis.index import receiver_type_name
from goleash.analysis.liveness import Verdict
from goleash.analysis.nil_results import surely_not_nil
from goleash.analysis.skipped_releases import waits_on_fields

if TYPE_CHECKING:
    from goleash.analysis.liveness import Liveness
    from goleash.analysis.package import Package
    from goleash.analysis.values import FieldRef
    from goleash.source import SourceFile


@dataclass(frozen=True)
class Refusal:
    method: tree_sitter.Node  # the method counting in and refusing
    file: SourceFile
    add: tree_sitter.Node  # its `recv.f.Add(1)` call
    exit: tree_sitter.Node  # the return that refuses the work
    # COUNTED_BY_A_HELPER: the helper's file (the `Add` is there), and the method's
    # check of the helper's error, past which the work is counted in.
    add_file: SourceFile | None = None
    counted_at: tree_sitter.Node | None = None
    holder: str = ""  # HELD_IN_A_LOCAL: the local the group is counted through (`seg`)


def refused_count_verdicts(
    liveness: Liveness, field_waits: Iterable[tree_sitter.Node]
) -> list[Verdict]:
    """Verdicts "count-refused": a `Wait` on a WaitGroup field that a method of the
    package counts in and then refuses without counting out."""
    out: list[Verdict] = []
    for func, wait, wg, ident in waits_on_fields(liveness, field_waits):
        refusal = next(_refusals(liveness.package, wg), None)
        if refusal is None:
            continue
        out.append(Verdict("count-refused", ident, wait, func, None, detail={"refusal": refusal}))
    return out


def _refusals(package: Package, wg: FieldRef) -> Iterator[Refusal]:
    adds = re.compile(rb"\." + re.escape(wg.field.encode()) + rb"\.Add\(")
    found: list[tuple[SourceFile, tree_sitter.Node]] = []
    for f in package.files:
        for m in adds.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.end() - 4, m.end() - 1)  # `Add`
            call = gosyntax.call_naming(node)
            if call is None:
                continue
            found.append((f, call))
    if len(found) != 1:
        return  # COUNTED_FIRST: one method adds to the field
    file, add = found[0]
    method = gosyntax.enclosing_function(add)
    if method is None or method.type not in ("method_declaration", "function_declaration"):
        return
    own = method.type == "method_declaration" and receiver_type_name(method) == wg.type_name
    if own and _counts_in_on_success(method, add, package):
        yield from _callers_refusing(package, wg, method, add, file)
        return
    recv = gosyntax.receiver_text(method) if own else _local_holder(add, wg, package)
    body = method.child_by_field_name("body")
    stmt = add.parent
    args = gosyntax.call_arguments(add)
    if (
        body is None
        or not recv
        or stmt is None
        or stmt.type != "expression_statement"
        or stmt not in gosyntax.statements(body)
        or [gosyntax.text(a) for a in args] != ["1"]
        or gosyntax.text(gosyntax.field(add, "function")) != f"{recv}.{wg.field}.Add"
    ):
        return
    returns = _returns_after(body, stmt)
    done = _done_of(recv, wg)
    releasing = _releasing_methods(package, wg, recv)
    hands_on = any(
        _met(r, stmt, body, done, releasing, handed_only=True) for r in returns
    ) or _hands_on_at_the_end(body, stmt)
    if not hands_on:
        return  # HANDS_ON_ITS_SUCCESS
    for r in returns:
        values = r.named_children[0].named_children if r.named_children else []
        if (
            not (values and surely_not_nil(values[-1], package))
            and not returns_a_failure(r, method)
            and not (not values and not gosyntax.result_types(method) and _refused_on_cancel(r))
            and not _refused_as_false(r, returns, method)
        ):
            continue  # ERROR_REFUSAL, CANCELLED_REFUSAL, FALSE_REFUSAL
        if _in_a_handing_loop(r, body):
            continue
        if _met(r, stmt, body, done, releasing) is None:
            yield Refusal(method, file, add, r, holder="" if own else recv)
            return


def _in_a_handing_loop(ret: tree_sitter.Node, body: tree_sitter.Node) -> bool:
    """HANDED_IN_AN_EARLIER_ROUND: the refusing `return` is inside a loop that starts
    goroutines or sends (`for i := range n { if err != nil { return err }; go a.worker(i)
    }`): an earlier round may already have handed the count on (git-lfs's auth latch,
    counted out by the first worker). Trade-off: a refusal in the first round is
    missed."""
    return any(
        n.type in ("go_statement", "send_statement")
        for loop in gosyntax.loops_between(ret, body)
        for n in gosyntax.walk(loop)
    )


def _refused_as_false(
    ret: tree_sitter.Node, returns: list[tree_sitter.Node], method: tree_sitter.Node
) -> bool:
    """FALSE_REFUSAL: a method with one `bool` result (`TryGo(fn) bool`, "reports whether
    it ran fn") whose refusing `return false` is set against a `return true` elsewhere:
    the caller is told the work was not taken, as an error would tell it."""
    results = gosyntax.result_types(method)
    if len(results) != 1 or results[0] is None or gosyntax.text(results[0]) != "bool":
        return False

    def said(r: tree_sitter.Node) -> str:
        values = gosyntax.returned_values(r)
        return gosyntax.text(values[0]) if len(values) == 1 else ""

    return said(ret) == "false" and any(said(r) == "true" for r in returns)


def _local_holder(add: tree_sitter.Node, wg: FieldRef, package: Package) -> str | None:
    """HELD_IN_A_LOCAL: `seg.inflight.Add(1)` in a method of another type (or a function),
    `seg` a plain name: that name, when the package declares a WaitGroup field of that
    name in one struct only (the `Wait`'s type), so that `seg` can only hold one of those.
    Trade-off: the holder's type is not resolved; a second type with a same-named group
    field makes the count unjudged."""
    holder = gosyntax.field(gosyntax.field(add, "function"), "operand")
    operand = (
        holder.child_by_field_name("operand") if holder.type == "selector_expression" else None
    )
    if operand is None or operand.type != "identifier":
        return None
    declared = re.compile(rb"(?m)^\s*" + re.escape(wg.field.encode()) + rb"\s+\*?sync\.WaitGroup\b")
    if sum(len(declared.findall(f.data)) for f in package.files) != 1:
        return None
    return gosyntax.text(operand)


def _counts_in_on_success(
    helper: tree_sitter.Node, add: tree_sitter.Node, package: Package
) -> bool:
    """COUNTED_BY_A_HELPER: `enter() error`, whose `Add(1)` is a statement of its body,
    every `return` before it refusing (a non-nil error) and every one after it `return
    nil`: a nil error means one more was counted in, for the caller to count out."""
    results = gosyntax.result_types(helper)
    body = helper.child_by_field_name("body")
    stmt = add.parent
    if (
        body is None
        or stmt is None
        or stmt not in gosyntax.statements(body)
        or not results
        or results[-1] is None
        or gosyntax.text(results[-1]) != "error"
        or [gosyntax.text(a) for a in gosyntax.call_arguments(add)] != ["1"]
    ):
        return False
    returns = [r for r in gosyntax.walk(body) if r.type == "return_statement"]
    for r in returns:
        values = r.named_children[0].named_children if r.named_children else []
        if not values:
            return False
        last = values[-1]
        if r.start_byte < stmt.start_byte:
            if not surely_not_nil(last, package):
                return False
        elif last.type != "nil":
            return False
    return any(r.start_byte > stmt.end_byte for r in returns)


def _callers_refusing(
    package: Package,
    wg: FieldRef,
    helper: tree_sitter.Node,
    add: tree_sitter.Node,
    helper_file: SourceFile,
) -> Iterator[Refusal]:
    """RELEASED_ON_ITS_SUCCESS: a method of the type calling the counting helper (`if
    err := g.enter(); err != nil { return err }`), past that check counted in, which
    counts out itself on some way out (a `Done`, a `defer`, a method calling `Done`) and
    refuses on another (a non-nil error) meeting none of them (blind dev p315: a call
    the open breaker rejects)."""
    name = gosyntax.function_name(helper)
    if not name:
        return
    for file, method in package.methods_of_type(wg.type_name):
        recv = gosyntax.receiver_text(method)
        body = method.child_by_field_name("body")
        if method == helper or not recv or body is None:
            continue
        wanted = f"{recv}.{name}"
        check = next(
            (
                s
                for s in gosyntax.statements(body)
                if s.type == "if_statement"
                and (init := s.child_by_field_name("initializer")) is not None
                and any(
                    c.type == "call_expression"
                    and gosyntax.text(gosyntax.field(c, "function")) == wanted
                    for c in gosyntax.walk(init)
                )
                and s.child_by_field_name("alternative") is None
                and (cons := s.child_by_field_name("consequence")) is not None
                and paths.always_leaves(cons)
            ),
            None,
        )
        if check is None:
            continue
        returns = _returns_after(body, check)
        done = _done_of(recv, wg)
        releasing = _releasing_methods(package, wg, recv) - {gosyntax.function_name(method)}
        met = {id(r): _met(r, check, body, done, releasing) for r in returns}
        if not any(m == "released" for m in met.values()):
            continue  # RELEASED_ON_ITS_SUCCESS: it does not count out itself
        for r in returns:
            values = r.named_children[0].named_children if r.named_children else []
            if not values or not surely_not_nil(values[-1], package):
                continue  # ERROR_REFUSAL
            if met[id(r)] is None:
                yield Refusal(method, file, add, r, helper_file, check)
                return


def _hands_on_at_the_end(body: tree_sitter.Node, stmt: tree_sitter.Node) -> bool:
    """HANDS_ON_ITS_SUCCESS at the method's end: a method without a final `return` whose
    body, after the `Add`, starts the goroutine or sends (`g.wg.Add(1); select {...};
    go func() { defer g.wg.Done(); ... }()`)."""
    statements = gosyntax.statements(body)
    if not statements or statements[-1].type == "return_statement":
        return False
    return any(s.start_byte > stmt.end_byte and _hands_on(s) for s in statements)


def _refused_on_cancel(ret: tree_sitter.Node) -> bool:
    """CANCELLED_REFUSAL: a bare `return` of a method without results, taken in a select
    case on a context's or a stop channel's end (`case <-g.ctx.Done(): return`): the
    work is refused because the group is going away, and the count stays up. Trade-off:
    only the case's own statements are read; a `return` after a flag set there counts."""
    case = gosyntax.innermost_case(ret)
    if case is None or case.type != "communication_case":
        return False
    comm = case.child_by_field_name("communication")
    text = gosyntax.text(comm) if comm is not None else ""
    return (
        comm is not None
        and comm.type != "send_statement"
        and (text.rstrip().endswith(".Done()") or bool(_STOP_CHANNEL.search(text)))
    )


_STOP_CHANNEL = re.compile(r"<-\s*[\w.]*\b(?:stop|quit|done|closing|closed|shutdown)\w*\s*$", re.I)


def _returns_after(body: tree_sitter.Node, stmt: tree_sitter.Node) -> list[tree_sitter.Node]:
    """The `return`s of `body` after `stmt`."""
    return [
        r
        for r in gosyntax.walk(body)
        if r.type == "return_statement" and r.start_byte > stmt.end_byte
    ]


def _done_of(holder: str, wg: FieldRef) -> re.Pattern[bytes]:
    """`holder.field.Done(` as it reads in the text."""
    return re.compile(
        rb"\b" + re.escape(holder.encode()) + rb"\." + re.escape(wg.field.encode()) + rb"\.Done\("
    )


def _releasing_methods(package: Package, wg: FieldRef, recv: str) -> set[str]:
    """The methods of the type whose text calls `Done` on the field."""
    done = re.compile(rb"\." + re.escape(wg.field.encode()) + rb"\.Done\(")
    return {
        name
        for _f, m in package.methods_of_type(wg.type_name)
        if (name := gosyntax.function_name(m)) and done.search(m.text or b"")
    }


def _met(
    ret: tree_sitter.Node,
    add_stmt: tree_sitter.Node,
    body: tree_sitter.Node,
    done: re.Pattern[bytes],
    releasing: set[str],
    handed_only: bool = False,
) -> str | None:
    """What the return meets on its way from the `Add`: "released" (a `Done`, a method
    calling one, a `defer`), "handed" (a send, a `go`), or None. With `handed_only`,
    whether it meets a send or a `go` at all: a `Done` on another path before it (`if
    c.closed { c.wg.Done(); return ErrClosed }`) does not hide the hand-over after it."""
    child = ret
    found: str | None = None
    for a in gosyntax.ancestors(ret, body.parent):
        if a.type in gosyntax.FUNCTION_TYPES:
            break
        if a.type == "communication_case":
            comm = a.child_by_field_name("communication")
            if comm is not None and comm.type == "send_statement":
                found = found or "handed"
        if a.type in ("block", "statement_list"):
            for s in gosyntax.statements(a):
                if s.end_byte > child.start_byte or s.start_byte < add_stmt.end_byte:
                    continue
                if _left_behind(s):
                    continue  # SEALED_BRANCH: a way that leaves, not one this return took
                if handed_only:
                    seen = "handed" if _hands_on(s) else None
                else:
                    seen = _what(s, done, releasing)
                    if seen == "released":
                        return "released"
                found = found or seen
        child = a
    return found


def _left_behind(stmt: tree_sitter.Node) -> bool:
    """`if closed { b.pending.Done(); return ErrClosed }`: an `if` without `else` whose
    body always leaves; a later return did not go through it."""
    if stmt.type != "if_statement" or stmt.child_by_field_name("alternative") is not None:
        return False
    consequence = stmt.child_by_field_name("consequence")
    return consequence is not None and paths.always_leaves(consequence)


def _hands_on(stmt: tree_sitter.Node) -> bool:
    return any(n.type in ("send_statement", "go_statement") for n in [stmt, *gosyntax.walk(stmt)])


def _what(stmt: tree_sitter.Node, done: re.Pattern[bytes], releasing: set[str]) -> str | None:
    text = stmt.text or b""
    if stmt.type == "defer_statement" or done.search(text):
        return "released"
    for n in [stmt, *gosyntax.walk(stmt)]:
        if n.type == "call_expression":
            name = gosyntax.callee_text(n)
            if name and name.split(".")[-1] in releasing:
                return "released"
        if n.type in ("send_statement", "go_statement"):
            return "handed"
    return None
