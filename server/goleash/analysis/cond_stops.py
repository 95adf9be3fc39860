"""A goroutine that sleeps on a `sync.Cond` of its object until a method sets a stop
flag and wakes it: the object's stopping methods, as `stop_signals` reads channels.

```go
func (l *listener) run() {
        for {
                l.mu.Lock()
                for len(l.pending) == 0 && !l.stopped {
                        l.cond.Wait()           // sleeps until work or the stop comes
                }
                ...
                if len(batch) == 0 {
                        return                  // stopped and drained
                }
        }
}

func (l *listener) stop() {
        l.mu.Lock()
        l.stopped = true
        l.cond.Broadcast()
        l.mu.Unlock()
}
```

Heuristics, each a trade-off:
- FLAG_WAIT_LOOP: the goroutine, a method of `T`, waits in `for ... { x.c.Wait() }`
  whose condition reads `!x.F` (`x` its receiver, `F` a field of `T`), inside a loop
  with no end of its own (`for { ... }`): it runs until the flag is set.
- SET_AND_WOKEN: the stopping methods of `T` are those setting `recv.F = true` and
  calling `Broadcast` or `Signal` in the same body. A flag set by a helper of another
  type, or woken through another method, is missed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.index import receiver_type_name

if TYPE_CHECKING:
    from goleash.analysis.functions import Function
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


@dataclass(frozen=True)
class CondStop:
    flag: str  # `stopped`
    wait: tree_sitter.Node  # the goroutine's `l.cond.Wait()` statement
    methods: tuple[str, ...]  # the methods of the type that set the flag and wake it
    setter: tree_sitter.Node  # the first one's `l.stopped = true`
    setter_file: SourceFile


def cond_stop(package: Package, type_name: str, goroutine: Function) -> CondStop | None:
    """The flag a goroutine of `type_name` sleeps on, and the methods that set it."""
    node = goroutine.node
    if node.type != "method_declaration" or receiver_type_name(node) != type_name:
        return None
    recv = gosyntax.receiver_text(node)
    body = node.child_by_field_name("body")
    if not recv or body is None or b".Wait()" not in (body.text or b""):
        return None
    for loop in gosyntax.walk(body):
        if loop.type != "for_statement":
            continue
        cond = _condition(loop)
        flag = re.search(r"!\s*" + re.escape(recv) + r"\.(\w+)\b", cond or "")
        if flag is None or not _waits_on_cond(loop, recv) or not _inside_endless_loop(loop, body):
            continue
        setters = _setters(package, type_name, flag.group(1))
        if not setters:
            return None
        wait = next(
            s
            for s in gosyntax.walk(loop)
            if s.type == "expression_statement" and gosyntax.text(s).endswith(".Wait()")
        )
        methods = tuple(name for name, _node, _file in setters)
        _name, first, first_file = setters[0]
        return CondStop(flag.group(1), wait, methods, first, first_file)
    return None


def _condition(loop: tree_sitter.Node) -> str | None:
    for child in loop.named_children:
        if child.type not in ("block", "for_clause", "range_clause"):
            return gosyntax.text(child)
    return None


def _waits_on_cond(loop: tree_sitter.Node, recv: str) -> bool:
    body = loop.child_by_field_name("body")
    return body is not None and any(
        s.type == "expression_statement"
        and re.fullmatch(re.escape(recv) + r"\.\w+\.Wait\(\)", gosyntax.text(s)) is not None
        for s in gosyntax.statements(body)
    )


def _inside_endless_loop(loop: tree_sitter.Node, body: tree_sitter.Node) -> bool:
    for a in gosyntax.ancestors(loop, body):
        if a.type == "for_statement" and all(c.type == "block" for c in a.named_children):
            return True
    return False


def _setters(
    package: Package, type_name: str, flag: str
) -> list[tuple[str, tree_sitter.Node, SourceFile]]:
    out: list[tuple[str, tree_sitter.Node, SourceFile]] = []
    for file, method in package.methods_of_type(type_name):
        recv = gosyntax.receiver_text(method)
        name = gosyntax.function_name(method)
        body = method.child_by_field_name("body")
        if not recv or not name or body is None:
            continue
        text = body.text or b""
        if b".Broadcast()" not in text and b".Signal()" not in text:
            continue
        for stmt in gosyntax.walk(body):
            assigned = gosyntax.sole_assignment(stmt)
            if (
                assigned is not None
                and gosyntax.text(assigned[0]) == f"{recv}.{flag}"
                and gosyntax.text(assigned[1]) == "true"
            ):
                out.append((name, stmt, file))
                break
    return out
