"""A consumer loop that counts each item out of a WaitGroup field, with a path of the
iteration that goes round (or leaves) without doing so.

```go
func (in *Ingester) enqueue(ev Event) {
        in.pending.Add(1)       // one count per item handed over
        in.queue <- ev
}

func (in *Ingester) work() {
        for ev := range in.queue {
                if seen(ev.ID) {
                        continue        // this item's count never comes down
                }
                process(ev)
                in.pending.Done()
        }
}

func (in *Ingester) Drain() { in.pending.Wait() } // never returns after one duplicate
```

The count follows the item: whoever sends it counts it in, and the consumer that takes
it off the channel counts it out once it is done with it. An iteration that skips the
`Done` leaves the group one above zero for good, and every `Wait` on it blocks.

Guards, each a trade-off:
- PER_ITEM_COUNT: a method of the type adds exactly one (`r.f.Add(1)`) and then sends
  on a channel field of the receiver; the consumer loop ranges over that same field.
  Groups counted per goroutine (`wg.Add(1); go work()`) are judged elsewhere.
- ONLY_COUNTED_SENDERS: every send on that channel in the package follows such an
  `Add(1)` in its function, and the channel is used for nothing else than sending,
  ranging, closing and making (not handed out, as sarama's `Input()` hands out its
  queue to callers who count nothing).
- DONE_IN_THE_LOOP: the loop body itself calls `r.f.Done()` (in a function literal it
  calls, or a method of the type that calls it, counts too) and adds nothing to the
  group: the loop owns only the count-out (sarama's dispatcher counts some items in
  itself, and those it skips it never counted).
- DONE_IN_A_CALLEE: a loop that counts nothing out itself but hands each item, in one
  statement of its body, to a method of the type that does (`p.place(j)`), is judged
  by that method's `return`s (`_skip_in_a_callee`).
- NOTHING_BEFORE: the skipping `continue` (or `return`) meets, on its way from the top
  of the iteration, no `Done` on the field, no call of a method that calls one and no
  `defer`. A `Done` under a branch there is taken as covering it: a miss, never a false
  report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.index import receiver_type_name
from goleash.analysis.liveness import Verdict
from goleash.analysis.skipped_releases import waits_on_fields

if TYPE_CHECKING:
    from goleash.analysis.liveness import Liveness
    from goleash.analysis.package import Package
    from goleash.analysis.values import FieldRef
    from goleash.source import SourceFile


@dataclass(frozen=True)
class SkippedItem:
    add: tree_sitter.Node  # the `r.f.Add(1)` that counts an item in
    add_file: SourceFile
    loop: tree_sitter.Node  # the `for ... range r.q` consuming the items
    done: tree_sitter.Node  # the loop's own `r.f.Done()`
    skip: tree_sitter.Node  # the `continue` or `return` that goes without it
    file: SourceFile  # the loop's file
    # DONE_IN_A_CALLEE: the method the loop hands each item to, which counts it out and
    # holds the `return` (in `skip_file`); None when the loop counts it out itself.
    through: str | None = None
    skip_file: SourceFile | None = None


def skipped_item_verdicts(
    liveness: Liveness, field_waits: Iterable[tree_sitter.Node]
) -> list[Verdict]:
    """Verdicts "item-count-skipped": a `Wait` on a WaitGroup field counted per item,
    whose consumer loop lets an item go without counting it out."""
    out: list[Verdict] = []
    for func, wait, wg, ident in waits_on_fields(liveness, field_waits):
        skipped = next(_skipped_items(liveness.package, wg), None)
        if skipped is not None:
            out.append(
                Verdict("item-count-skipped", ident, wait, func, None, detail={"skipped": skipped})
            )
    return out


def _skipped_items(package: Package, wg: FieldRef) -> Iterator[SkippedItem]:
    queues = _counted_queues(package, wg)
    if not queues:
        return
    done = re.compile(rb"\." + re.escape(wg.field.encode()) + rb"\.Done\(")
    releasing = {
        name
        for _f, m in package.methods_of_type(wg.type_name)
        if (name := gosyntax.function_name(m)) and done.search(m.text or b"")
    }
    for queue, (add, add_file) in queues.items():
        if not _only_counted_senders(package, queue, wg.field):
            continue
        ranges = re.compile(rb"range\s+\w+\." + re.escape(queue.encode()) + rb"\b")
        for f in package.files:
            for m in ranges.finditer(f.data):
                node = f.root.descendant_for_byte_range(m.start(), m.start() + 5)
                loop = (
                    next((a for a in gosyntax.ancestors(node) if a.type == "for_statement"), None)
                    if node is not None
                    else None
                )
                if loop is None:
                    continue
                found = _skip_in(loop, wg.field, done, releasing)
                if found is not None:
                    own_done, skip = found
                    yield SkippedItem(add, add_file, loop, own_done, skip, f)
                    return
                in_callee = _skip_in_a_callee(package, loop, wg, done, releasing)
                if in_callee is not None:
                    own_done, skip, name, callee_file = in_callee
                    yield SkippedItem(add, add_file, loop, own_done, skip, f, name, callee_file)
                    return


def _counted_queues(
    package: Package, wg: FieldRef
) -> dict[str, tuple[tree_sitter.Node, SourceFile]]:
    """PER_ITEM_COUNT: queue field -> (the `Add(1)`, its file) for each method of the
    type that adds one to the group and then sends on a channel field of the receiver."""
    out: dict[str, tuple[tree_sitter.Node, SourceFile]] = {}
    adds = re.compile(rb"\." + re.escape(wg.field.encode()) + rb"\.Add\(")
    for f in package.files:
        for m in adds.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.end() - 4, m.end() - 1)
            call = gosyntax.call_naming(node) if node is not None else None
            method = gosyntax.enclosing_function(call) if call is not None else None
            if call is None or method is None or method.type != "method_declaration":
                continue
            recv = gosyntax.receiver_text(method)
            if (
                receiver_type_name(method) != wg.type_name
                or not recv
                or gosyntax.text(gosyntax.field(call, "function")) != f"{recv}.{wg.field}.Add"
                or [gosyntax.text(a) for a in gosyntax.call_arguments(call)] != ["1"]
            ):
                continue
            for send in gosyntax.walk(method):
                if send.type != "send_statement" or send.start_byte < call.end_byte:
                    continue
                channel = gosyntax.unparen(send.child_by_field_name("channel"))
                if channel is None or channel.type != "selector_expression":
                    continue
                operand = gosyntax.unparen(channel.child_by_field_name("operand"))
                if operand is not None and gosyntax.text(operand) == recv:
                    queue = gosyntax.text(gosyntax.field(channel, "field"))
                    if package.field_type(wg.type_name, queue) is not None:
                        out.setdefault(queue, (call, f))
    return out


def _only_counted_senders(package: Package, queue: str, field: str) -> bool:
    """ONLY_COUNTED_SENDERS: each use of `x.queue` in the package is a send that an
    `x.field.Add(1)` of its function precedes, a range, a close, a make or a length."""
    uses = re.compile(rb"\." + re.escape(queue.encode()) + rb"\b")
    add = re.compile(rb"\." + re.escape(field.encode()) + rb"\.Add\(1\)")
    for f in package.files:
        for m in uses.finditer(f.data):
            after = f.data[m.end() : m.end() + 16].lstrip()
            before = f.data[max(0, m.start() - 40) : m.start()]
            if after.startswith(b"<-"):
                func = gosyntax.enclosing_function(
                    f.root.descendant_for_byte_range(m.start(), m.end())
                )
                head = f.data[func.start_byte : m.start()] if func is not None else b""
                if not add.search(head):
                    return False
            elif (
                re.search(rb"(range|close\(|len\(|cap\()\s*[\w.]*$", before)
                or re.match(rb"\s*=\s*make\(", after)
                or re.match(rb"\s*:\s*make\(", after)
                or re.search(rb"\bmake\(", after[:8])
            ):
                continue
            else:
                return False
    return True


def _skip_in(
    loop: tree_sitter.Node, field: str, done: re.Pattern[bytes], releasing: set[str]
) -> tuple[tree_sitter.Node, tree_sitter.Node] | None:
    """(the loop's own `Done`, a `continue` of the loop or `return` reached without one)."""
    body = loop.child_by_field_name("body")
    if body is None:
        return None
    own_done = next(
        (
            n
            for n in gosyntax.walk(body)
            if n.type == "call_expression"
            and gosyntax.text(gosyntax.field(n, "function")).endswith(f".{field}.Done")
            and gosyntax.enclosing_function(n) == gosyntax.enclosing_function(loop)
        ),
        None,
    )
    if own_done is None or re.search(
        rb"\." + re.escape(field.encode()) + rb"\.Add\(", body.text or b""
    ):
        return None  # DONE_IN_THE_LOOP
    for n in gosyntax.walk(body):
        if n.type == "continue_statement" and not gosyntax.continues(n, loop):
            continue
        if n.type not in ("continue_statement", "return_statement"):
            continue
        if gosyntax.enclosing_function(n) != gosyntax.enclosing_function(loop):
            continue
        if not any(_releases(s, done, releasing) for s in gosyntax.statements_before(n, body)):
            return own_done, n
    return None


def _skip_in_a_callee(
    package: Package,
    loop: tree_sitter.Node,
    wg: FieldRef,
    done: re.Pattern[bytes],
    releasing: set[str],
) -> tuple[tree_sitter.Node, tree_sitter.Node, str, SourceFile] | None:
    """DONE_IN_A_CALLEE: the loop counts nothing out itself, and one statement of its body
    hands the item to a method of the type that does (`for j := range p.queue {
    p.place(j) }`, `place` ending in a deferred `p.inflight.Done()`): (that `Done`, a
    `return` of the method reached without it, the method's name, its file). The method
    adds nothing to the group, and NOTHING_BEFORE holds of the `return` in its body.
    Trade-off: a method that other code calls too is judged by this loop's use."""
    body = loop.child_by_field_name("body")
    if body is None or done.search(body.text or b""):
        return None
    statements = gosyntax.statements(body)
    calls = [
        call
        for stmt in statements
        if stmt.type == "expression_statement"
        and (call := stmt.named_children[0]).type == "call_expression"
        and gosyntax.callee_text(call).split(".")[-1] in releasing
    ]
    if len(calls) != 1:
        return None
    decl = package.method_of(wg.type_name, gosyntax.callee_text(calls[0]).split(".")[-1])
    method_body = decl.body if decl is not None else None
    if decl is None or method_body is None:
        return None
    if re.search(rb"\." + re.escape(wg.field.encode()) + rb"\.Add\(", method_body.text or b""):
        return None
    own_done = next(
        (
            n
            for n in gosyntax.walk(method_body)
            if n.type == "call_expression"
            and gosyntax.text(gosyntax.field(n, "function")).endswith(f".{wg.field}.Done")
        ),
        None,
    )
    if own_done is None:
        return None
    others = releasing - {decl.name}
    for n in gosyntax.walk(method_body):
        if n.type != "return_statement" or gosyntax.enclosing_function(n) != decl.node:
            continue
        if not any(_releases(s, done, others) for s in gosyntax.statements_before(n, method_body)):
            return own_done, n, decl.name, decl.file
    return None


def _releases(stmt: tree_sitter.Node, done: re.Pattern[bytes], releasing: set[str]) -> bool:
    """NOTHING_BEFORE: does this statement count the item out (or may it)?"""
    if stmt.type == "defer_statement" or done.search(stmt.text or b""):
        return True
    return any(
        n.type == "call_expression" and gosyntax.callee_text(n).split(".")[-1] in releasing
        for n in [stmt, *gosyntax.walk(stmt)]
    )
