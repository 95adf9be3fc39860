"""A mutex locked by a helper that hands back its unlock, which a way out of the caller
never calls.

```go
func (r *Registry) lockDoor(door string) (unlock func()) {
        m := r.doorMutex(door)
        m.Lock()
        return m.Unlock
}

func (r *Registry) Revoke(id string) error {
        unlock := r.lockDoor(door)
        if checkedOut {
                return &CheckedOutError{KeyID: id}   // unlock() is not called
        }
        ...
        unlock()
        return nil
}
```

The helper's result is the only way to release the mutex: a way out of the caller that
neither calls nor defers it leaves the door locked, and the next `lockDoor` of that
door blocks forever, as GL017 says of a `Lock` the function takes itself.

Heuristic UNLOCK_HANDED_BACK, each condition a trade-off:
- the helper is a function or method of the package with one result, of type `func()`,
  whose body locks a mutex (`m.Lock()` or `RLock`) as a statement and whose every
  `return` hands back that mutex's release (`m.Unlock`, or a literal whose body is
  `m.Unlock()`); a helper that may also return nil or another function is left out;
- the caller binds the result to a local with `:=` and only calls or defers it: one
  handed on, stored or returned may be called by someone else (as GL012 treats a cancel);
- a way out is one no call or deferred call of the local covers (`paths.abandoning_exits`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis import paths

if TYPE_CHECKING:
    from goleash.analysis.functions import Functions
    from goleash.analysis.package import Package
    from goleash.source import SourceFile


@dataclass(frozen=True)
class HandedUnlock:
    call: Node  # the call of the helper (`r.lockDoor(door)`)
    name: str  # the local holding the unlock (`unlock`)
    helper: str  # the helper's name (`lockDoor`)
    exit: paths.Exit  # the first way out that never calls it
    func: Node  # the caller
    lock: Node | None  # the helper's `m.Lock()` call
    lock_file: SourceFile  # the helper's file


def unlocks_left_uncalled(
    file: SourceFile, package: Package, functions: Functions
) -> Iterator[HandedUnlock]:
    makers = package.derived("unlock_makers", _unlock_makers)
    if not makers:
        return
    for decl in gosyntax.descendants(file.root, "short_var_declaration"):
        left = gosyntax.side_of(decl, "left")
        right = gosyntax.side_of(decl, "right")
        if len(left) != 1 or len(right) != 1 or right[0].type != "call_expression":
            continue
        call = right[0]
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        name_node = (
            fn.child_by_field_name("field")
            if fn is not None and fn.type == "selector_expression"
            else fn
        )
        if name_node is None or gosyntax.text(name_node) not in makers:
            continue
        func = gosyntax.enclosing_function(decl)
        at = functions.enclosing(call, file) if func is not None else None
        callee = functions.callee(call, at) if at is not None else None
        if func is None or callee is None or callee.node.type == "func_literal":
            continue
        if gosyntax.function_name(callee.node) not in makers:
            continue
        name = gosyntax.text(left[0])
        if name == "_":
            continue
        calls, deferred, escapes = gosyntax.calls_of_local(func, decl, name)
        if escapes:
            continue
        exits = paths.abandoning_exits(func, decl, calls, deferred)
        if exits:
            yield HandedUnlock(
                call,
                name,
                gosyntax.text(name_node),
                exits[0],
                func,
                _lock_of(callee.node),
                callee.file,
            )


def _lock_of(decl: Node) -> Node | None:
    """The helper's `m.Lock()` (or `RLock`) statement's call whose release every
    `return` of the helper hands back."""
    returns = _returns_of(decl)
    for stmt in gosyntax.statements(decl.child_by_field_name("body")):
        call = stmt.named_children[0] if stmt.type == "expression_statement" else None
        if call is None or call.type != "call_expression":
            continue
        release = _release_of(gosyntax.callee_text(call))
        if release and all(_returns_release(r, {release}) for r in returns):
            return call
    return None


def _returns_of(decl: Node) -> list[Node]:
    body = decl.child_by_field_name("body")
    if body is None:
        return []  # a declaration cut short mid-edit
    return [
        r
        for r in gosyntax.descendants(body, "return_statement")
        if gosyntax.enclosing_function(r) == decl
    ]


def _release_of(lock: str | None) -> str | None:
    """`m.Unlock` for `m.Lock`, `m.RUnlock` for `m.RLock`."""
    if not lock or not lock.endswith((".Lock", ".RLock")):
        return None
    holder, method = lock.rsplit(".", 1)
    return f"{holder}.{'RUnlock' if method == 'RLock' else 'Unlock'}"


# A signature whose one result is a `func()`, named or not: `) func() {`, `) (unlock func()) {`.
_RETURNS_A_FUNC = re.compile(rb"\)\s*(?:\(\s*\w+\s+)?func\(\)\s*\)?\s*\{")


def _unlock_makers(files: list[SourceFile]) -> set[str]:
    """Names of the package's functions that lock a mutex and return its release."""
    found: set[str] = set()
    for f in files:
        if _RETURNS_A_FUNC.search(f.data) is None:
            continue  # read as text first: a file with no such signature is not parsed
        for decl in f.root.named_children:
            if decl.type not in ("function_declaration", "method_declaration"):
                continue
            name = gosyntax.function_name(decl)
            if name and _hands_back_its_unlock(decl):
                found.add(name)
    return found


def _hands_back_its_unlock(decl: Node) -> bool:
    results = gosyntax.result_types(decl)
    result = results[0] if len(results) == 1 else None
    if result is None or gosyntax.text(result).replace(" ", "") != "func()":
        return False
    return bool(_returns_of(decl)) and _lock_of(decl) is not None


def _returns_release(ret: Node, releases: set[str]) -> bool:
    value = gosyntax.returned_values(ret)
    if len(value) != 1:
        return False
    v = gosyntax.unparen(value[0])
    if v is None:
        return False
    if v.type == "selector_expression":
        return gosyntax.text(v) in releases
    if v.type == "func_literal":
        body = v.child_by_field_name("body")
        stmts = list(gosyntax.statements(body))
        if len(stmts) != 1 or stmts[0].type != "expression_statement":
            return False
        call = stmts[0].named_children[0]
        return call.type == "call_expression" and gosyntax.callee_text(call) in releases
    return False
