"""A bounded queue's producers left waiting for room after its only consumer gave up.

```go
func (q *queue) push(s Sample) bool {
        q.mu.Lock()
        defer q.mu.Unlock()
        for len(q.buf) >= q.capacity && !q.closed {
                q.notFull.Wait()        // room comes from a pop, or the close
        }
        ...
}

func (w *Writer) runShard(s *shard) {
        for {
                batch := s.queue.pop(max)
                if batch == nil {
                        return          // closed and drained
                }
                if err := w.send(batch); err != nil && w.ctx.Err() != nil {
                        return          // gives up: s.queue stays open, and full
                }
        }
}
```

A queue built on a condition variable (`push` waits for room, `pop` makes room and
wakes it, `close` sets a flag and wakes everyone) is the channel of the
consumer-abandons-producer leak written by hand. When its only consumer returns while
the queue is open, a producer waiting for room sleeps for good.

Heuristics, each a trade-off:
- ROOM_WAIT: the waiting method of a package type waits in a loop whose condition tests
  a flag of the queue (`!q.closed`) beside what it waits for; the methods of the type
  that wake that condition are the takers (`pop`) and the closers, which set the flag.
  A queue woken any other way (a `reset`, a `resize`) is left alone.
- ONLY_CONSUMER: every call of a taker in the package lies in one method, run by a `go`
  statement and called nowhere else; the waiting method is called elsewhere (the
  producer). A taker called from two places has another consumer that may still drain.
- QUITS_OPEN: that method's loop around the take holds a `return` not guarded by the
  take's result (`if batch == nil`), and the method calls no closer of the queue, not
  even in a `defer`. A return on the closed-and-drained result is the queue's end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.cond_stops import flag_sets
from goleash.analysis.cond_wakeups import wait_loops

if TYPE_CHECKING:
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


@dataclass(frozen=True)
class AbandonedQueue:
    wait: Node  # the producer's `Wait()` call
    cond: str  # `q.notFull`
    taker: str  # `pop`
    closer: str  # `close`
    flag_set: Node  # the closer's `q.closed = true`
    flag_file: SourceFile
    consumer: Node  # the consuming method (`runShard`)
    consumer_file: SourceFile
    take: Node  # its `s.queue.pop(...)` call
    exit: Node  # its `return` that leaves the queue open
    go: Node  # the `go` statement running it
    go_file: SourceFile


def abandoned_queues(package: Package, waits: Iterable[Node]) -> list[AbandonedQueue]:
    out: list[AbandonedQueue] = []
    for call, cond_field, waiter, recv, type_name, condition in wait_loops(waits):
        if condition is None:
            continue
        flag = re.search(r"!\s*" + re.escape(recv) + r"\.(\w+)\b", gosyntax.text(condition))
        if flag is None or gosyntax.text(condition).replace(" ", "") == f"!{recv}.{flag.group(1)}":
            continue  # ROOM_WAIT: the flag beside what it waits for
        found = _judge(package, type_name, waiter, cond_field, flag.group(1))
        if found is not None:
            out.append(AbandonedQueue(call, f"{recv}.{cond_field}", *found))
    return out


def _judge(
    package: Package, type_name: str, waiter: Node, cond_field: str, flag: str
) -> tuple[str, str, Node, SourceFile, Node, SourceFile, Node, Node, Node, SourceFile] | None:
    wakes = re.compile(rb"\." + re.escape(cond_field.encode()) + rb"\.(?:Signal|Broadcast)\(")
    takers: list[str] = []
    closers: list[tuple[str, Node, SourceFile]] = []
    for f, m in package.methods_of_type(type_name):
        name = gosyntax.function_name(m)
        if m == waiter or name is None or not wakes.search(m.text or b""):
            continue
        sets = flag_sets(m, flag)
        if sets:
            closers.append((name, sets[0], f))
        else:
            takers.append(name)
    if len(takers) != 1 or not closers:
        return None
    taker = takers[0]
    consumer = _only_caller(package, taker)
    if consumer is None:
        return None
    consumer_node, consumer_file, take = consumer
    text = consumer_node.text or b""
    if any(re.search(rb"\." + re.escape(c.encode()) + rb"\(", text) for c, _n, _f in closers):
        return None  # QUITS_OPEN fails: it closes the queue
    producer = _called_outside(package, gosyntax.function_name(waiter) or "", consumer_node)
    started = _started_once(package, gosyntax.function_name(consumer_node) or "")
    exit_node = _open_exit(take, consumer_node)
    if not producer or started is None or exit_node is None:
        return None
    go, go_file = started
    name, flag_set, flag_file = closers[0]
    return (
        taker,
        name,
        flag_set,
        flag_file,
        consumer_node,
        consumer_file,
        take,
        exit_node,
        go,
        go_file,
    )


def _only_caller(package: Package, taker: str) -> tuple[Node, SourceFile, Node] | None:
    """The one method holding every `.taker(` call of the package, with its file and its
    first such call (ONLY_CONSUMER)."""
    pattern = re.compile(rb"\." + re.escape(taker.encode()) + rb"\(")
    home: tuple[Node, SourceFile, Node] | None = None
    for f in package.files:
        for found in pattern.finditer(f.data):
            node = f.root.descendant_for_byte_range(found.start() + 1, found.end() - 1)
            if node is None:
                return None
            call = next((a for a in gosyntax.ancestors(node) if a.type == "call_expression"), None)
            method = gosyntax.enclosing_function(call) if call is not None else None
            if call is None or method is None or method.type != "method_declaration":
                return None
            if home is not None and home[0] != method:
                return None
            if home is None:
                home = (method, f, call)
    return home


def _called_outside(package: Package, name: str, consumer: Node) -> bool:
    pattern = re.compile(rb"\." + re.escape(name.encode()) + rb"\(")
    for f in package.files:
        for found in pattern.finditer(f.data):
            node = f.root.descendant_for_byte_range(found.start() + 1, found.end() - 1)
            if node is not None and not gosyntax.is_within(node, consumer):
                return True
    return False


def _started_once(package: Package, name: str) -> tuple[Node, SourceFile] | None:
    """The one `go x.name(...)` of the package, when the method is called nowhere else."""
    pattern = re.compile(rb"\." + re.escape(name.encode()) + rb"\(")
    home: tuple[Node, SourceFile] | None = None
    for f in package.files:
        for found in pattern.finditer(f.data):
            node = f.root.descendant_for_byte_range(found.start() + 1, found.end() - 1)
            if node is None:
                return None
            go = next((a for a in gosyntax.ancestors(node) if a.type == "go_statement"), None)
            if go is None or home is not None:
                return None
            home = (go, f)
    return home


def _open_exit(take: Node, consumer: Node) -> Node | None:
    """A `return` of the loop around the take that no test of the take's result guards."""
    loop = next((a for a in gosyntax.ancestors(take, consumer) if a.type == "for_statement"), None)
    statement = next(
        (a for a in gosyntax.ancestors(take, consumer) if a.type == "short_var_declaration"), None
    )
    if loop is None or statement is None:
        return None
    results = {gosyntax.text(n) for n in gosyntax.field(statement, "left").named_children} - {"_"}
    for ret in gosyntax.descendants(loop, "return_statement"):
        if gosyntax.enclosing_function(ret) != consumer:
            continue
        guards = [cond for _if, cond in gosyntax.guarding_ifs(ret, consumer)]
        if any(
            n.type == "identifier" and gosyntax.text(n) in results
            for cond in guards
            for n in [cond, *gosyntax.walk(cond)]
        ):
            continue
        return ret
    return None
