"""Functions of package main that run once per process, as `main` itself does.

```go
func main() {
        if err := run(parseFlags()); err != nil {
                log.Fatal(err)
        }
}

func run(f Flags) error {
        ready := make(chan bool, 1)
        go func() { <-ready; serveMetrics() }()
        return serve(f, ready) // sends on ready, except when it fails to start
}
```

When `run` returns, `main` ends the process: what it left blocked cannot pile up,
as for `main` (process-lifetime goroutines stay silent). crowdsec's `StartRunSvc`,
in two build-tagged copies, was reported at the return through `Serve`, whose only
paths without the send are start-up errors (audit 17).

Heuristic RUN_ONCE_BY_MAIN, a trade-off: a function declaration (not a method) of
package main, other than `main` and `init`, every mention of whose name in the package
(test files included) is its own declaration or a call made directly by `main`,
`init` or another such function, outside any loop or function literal. A function
only `main` calls, but which itself returns to a `main` that goes on serving for a
long time, is judged like `main`: only what nothing could ever release is reported.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax

if TYPE_CHECKING:
    from goleash.analysis.functions import Function
    from goleash.analysis.package import Package
    from goleash.source import SourceFile

# Calls followed up from a function towards `main` before giving up (a chain of
# helpers deeper than this is taken not to run once).
MAX_CHAIN = 4


def runs_once_by_main(func: Function, package: Package) -> bool:
    """RUN_ONCE_BY_MAIN (above), for a function of the leak model."""
    return declared_to_run_once(func.node, func.file.package_name or "", package)


def declared_to_run_once(func: Node, file_package_name: str, package: Package) -> bool:
    """RUN_ONCE_BY_MAIN for a declaration (a root of the leak model, the starter of a
    goroutine, the function making a ticker): a fact of the package, asked once per
    name."""
    if file_package_name != "main" or func.type != "function_declaration":
        return False
    name = gosyntax.function_name(func)
    return bool(name) and package.derived(
        f"run-once-by-main:{name}", functools.partial(_called_once_from_main, name)
    )


def _called_once_from_main(name: str | None, files: list[SourceFile]) -> bool:
    return _called_once(name, files, MAX_CHAIN, set())


def _called_once(name: str | None, files: list[SourceFile], budget: int, seen: set[str]) -> bool:
    if not name or name in ("main", "init") or name in seen or budget == 0:
        return False
    seen.add(name)
    mention = re.compile(rb"\b" + re.escape(name.encode()) + rb"\b")
    calls = 0
    for file in files:
        for m in mention.finditer(file.data):
            ident = file.root.descendant_for_byte_range(m.start(), m.end())
            if ident is None or ident.type != "identifier" or ident.text != name.encode():
                continue  # in a comment, a string, or part of a longer name
            parent = ident.parent
            if parent is not None and parent.type == "function_declaration":
                continue  # a declaration of it (one per build-tagged file)
            caller = _direct_caller(ident)
            if caller is None:
                return False
            caller_name = gosyntax.function_name(caller)
            if caller_name not in ("main", "init") and not _called_once(
                caller_name, files, budget - 1, seen
            ):
                return False
            calls += 1
    return calls > 0


def _direct_caller(ident: Node) -> Node | None:
    """The top-level function declaration that calls `ident` (`name(...)`) itself: not
    through a method, a loop or a function literal; None for any other mention."""
    call = gosyntax.call_naming(ident)
    if call is None or ident.parent != call:
        return None  # not `name(...)` (a method value `x.name(...)` is another function)
    current = call.parent
    while current is not None:
        if current.type == "function_declaration":
            return current
        if current.type in ("for_statement", "func_literal", "method_declaration", "go_statement"):
            return None
        current = current.parent
    return None
