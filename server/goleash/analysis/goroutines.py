"""Every goroutine a file starts, with the body it runs when we can see it.

Not every goroutine starts with `go`: `errgroup.Group.Go(func() error {...})` and
`sync.WaitGroup.Go(func() {...})` start one too, with the literal as its body.
"""

from __future__ import annotations

from dataclasses import dataclass

from goleash import gosyntax, parsing
from goleash.analysis.package import Package
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
    start: object  # go_statement or the X.Go(...) call
    func: object | None  # func_literal or declaration whose body runs; None if unknown
    file: SourceFile  # where `func` is
    start_file: SourceFile

    @property
    def starter(self):
        return gosyntax.enclosing_function(self.start)

    @property
    def body(self):
        return self.func.child_by_field_name("body") if self.func is not None else None

    @property
    def started_for_process_lifetime(self) -> bool:
        """Started from main.main or init: meant to live as long as the process."""
        starter = self.starter
        if starter is None or starter.type != "function_declaration":
            return False
        name = gosyntax.function_name(starter)
        return name == "init" or (name == "main" and self.start_file.package_name == "main")

    @property
    def name(self) -> str:
        if self.func is not None and self.func.type != "func_literal":
            return f"goroutine `{gosyntax.function_name(self.func)}`"
        return "goroutine"


def collect_goroutines(file: SourceFile, package: Package, caps: dict | None = None) -> list[Goroutine]:
    if caps is None:
        caps = parsing.captures(STARTS_QUERY, file.root)
    out: list[Goroutine] = []
    for stmt in caps.get("go", []):
        call = stmt.named_children[0] if stmt.named_children else None
        if call is None or call.type != "call_expression":
            continue
        fn = gosyntax.unparen(call.child_by_field_name("function"))
        if fn is not None and fn.type == "func_literal":
            out.append(Goroutine(stmt, fn, file, file))
            continue
        decl = package.resolve_callee(call)
        if decl is not None:
            out.append(Goroutine(stmt, decl.node, decl.file, file))
        else:
            out.append(Goroutine(stmt, None, file, file))
    for call in caps.get("call", []):
        lit = gosyntax.unparen(gosyntax.call_arguments(call)[0])
        out.append(Goroutine(call, lit, file, file))
    out.sort(key=lambda g: g.start.start_byte)
    return out
