"""A pipe's reader end kept in the object a function returns, whose `Close` never
closes it, while a goroutine writes into the other end.

```go
func Download(ctx context.Context, ...) *Stream {
        pr, pw := io.Pipe()
        go assemble(ctx, pw, parts)              // writes every part into pw
        return &Stream{pr: pr, cancel: cancel}
}

func (s *Stream) Read(p []byte) (int, error) { return s.pr.Read(p) }

func (s *Stream) Close() error {
        s.cancel()                               // pw.Write does not watch the context
        return nil                               // s.pr stays open: assemble blocks for good
}
```

A write into a pipe returns only once a reader took the bytes or an end is closed. The
caller of `Download` reads through the object and, when it stops early, calls `Close`:
the only thing it can do. If `Close` leaves the reader end open, the writer blocks in
its write forever, whatever context it was given.

Heuristics, each a trade-off:
- WRITER_GOROUTINE: the goroutine started after the pipe is made holds the writer end
  only (a literal using it, or a function of the package handed it as an argument) and
  does more with it than close it.
- KEPT_READER: the reader end is the value of a keyed field in a composite literal of a
  struct type of the package (`&Stream{pr: pr}`), in the same function.
- READ_ONLY_FIELD: every other use of that field in the package reads from it
  (`s.pr.Read(`, `s.pr.WriteTo(`): nothing closes it, hands it on or replaces it.
- WRITER_ONLY_IN_THE_GOROUTINE: outside the goroutine the function uses the writer end
  for nothing but starting it: kept beside the reader (docker's `cancelReadCloser` keeps
  `pW` and closes it in `Close`, which ends the write too), it may be closed elsewhere.
- STOPPING_METHOD: the type has a `Close`, `Stop` or `Shutdown` method: the way its
  user says it is done.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.pipes import first_transfer, pipe_ends
from goleash.analysis.stop_signals import stopping_method
from goleash.analysis.values import base_type_name

if TYPE_CHECKING:
    from goleash.analysis.functions import Functions
    from goleash.source import SourceFile

_CLOSERS = ("Close", "CloseWithError")


@dataclass(frozen=True)
class KeptPipeEnd:
    made: Node  # `pr, pw := io.Pipe()`
    start: Node  # the `go` statement of the writer
    write: Node  # the writer's first statement writing into its end
    write_file: SourceFile
    writer_name: str  # the goroutine's function name, "" for a literal
    holder: str  # the type keeping the reader end
    field: str  # its field
    kept: Node  # the keyed element `pr: pr`
    closer: Node  # the stopping method's declaration
    closer_file: SourceFile


def kept_pipe_ends(
    functions: Functions, file: SourceFile, decls: Iterable[Node]
) -> list[KeptPipeEnd]:
    """Among `decls` (short variable declarations being checked), the pipes whose reader
    end a returned object keeps and never closes, while a goroutine writes the other."""
    out: list[KeptPipeEnd] = []
    for decl in decls:
        ends = pipe_ends(decl)
        func = gosyntax.enclosing_function(decl) if ends is not None else None
        body = func.child_by_field_name("body") if func is not None else None
        if ends is None or func is None or body is None:
            continue
        reader, writer = ends
        found = _judge(functions, file, func, body, decl, reader, writer)
        if found is not None:
            out.append(found)
    return out


def _judge(
    functions: Functions,
    file: SourceFile,
    func: Node,
    body: Node,
    decl: Node,
    reader: str,
    writer: str,
) -> KeptPipeEnd | None:
    kept = _kept_reader(body, reader)
    if kept is None:
        return None
    element, holder, field = kept
    package = functions.package
    stopping = stopping_method(package, holder)
    if stopping is None or not _read_only_field(package.files, field):
        return None
    _name, closer, closer_file = stopping
    for go in gosyntax.walk(body):
        if go.type != "go_statement" or go.start_byte < decl.end_byte:
            continue
        if _writer_used_outside(body, decl, go, writer):
            return None  # WRITER_ONLY_IN_THE_GOROUTINE
        write = _writes(functions, file, func, go, reader, writer)
        if write is not None:
            write_node, write_file, name = write
            return KeptPipeEnd(
                decl, go, write_node, write_file, name, holder, field, element, closer, closer_file
            )
    return None


def _writer_used_outside(body: Node, decl: Node, go: Node, writer: str) -> bool:
    """Does the function use the writer end past its declaration, outside `go`?"""
    return any(
        n.type == "identifier"
        and gosyntax.text(n) == writer
        and n.start_byte >= decl.end_byte
        and not gosyntax.is_within(n, go)
        for n in gosyntax.walk(body, skip_functions=False)
    )


def _kept_reader(body: Node, reader: str) -> tuple[Node, str, str] | None:
    """KEPT_READER: (the keyed element, the literal's type, the field) of `T{f: reader}`."""
    for n in gosyntax.walk(body, skip_functions=False):
        if n.type != "keyed_element" or len(n.named_children) != 2:
            continue
        key, value = n.named_children
        if gosyntax.text(value) != reader:
            continue
        literal = n.parent.parent if n.parent is not None else None
        typ = literal.child_by_field_name("type") if literal is not None else None
        holder = base_type_name(typ) if typ is not None else None
        if holder:
            return n, holder, gosyntax.text(key)
    return None


def _read_only_field(files: Iterable[SourceFile], field: str) -> bool:
    """READ_ONLY_FIELD: every `.field` of the package reads through it."""
    uses = re.compile(rb"\." + re.escape(field.encode()) + rb"\b")
    for f in files:
        for m in uses.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start() + 1, m.end())
            if node is None or node.type in ("comment", "interpreted_string_literal"):
                continue  # words, not code
            if not re.match(rb"\.(Read|WriteTo)\(", f.data[m.end() : m.end() + 10]):
                return False
    return True


def _writes(
    functions: Functions, file: SourceFile, func: Node, go: Node, reader: str, writer: str
) -> tuple[Node, SourceFile, str] | None:
    """WRITER_GOROUTINE: (the statement where the goroutine first writes into its end,
    its file, the goroutine's name) when it holds the writer end only."""
    call = go.named_children[0] if go.named_children else None
    if call is None or call.type != "call_expression":
        return None
    literal = gosyntax.started_literal(go)
    if literal is not None:
        names = {gosyntax.text(n) for n in _identifiers(literal)}
        if reader in names or writer not in names:
            return None
        write = _first_write(literal, writer)
        return (write, file, "") if write is not None else None
    args = [gosyntax.text(a) for a in gosyntax.call_arguments(call)]
    if reader in args or args.count(writer) != 1:
        return None
    starter = functions.get(func, file)
    callee = functions.callee(call, starter)
    if callee is None:
        return None
    params = gosyntax.parameters(callee.node)
    index = args.index(writer)
    if index >= len(params) or not params[index][0]:
        return None
    write = _first_write(callee.node, params[index][0])
    name = gosyntax.function_name(callee.node) or ""
    return (write, callee.file, name) if write is not None else None


def _identifiers(scope: Node) -> list[Node]:
    return [n for n in gosyntax.walk(scope, skip_functions=False) if n.type == "identifier"]


def _first_write(scope: Node, end: str) -> Node | None:
    """The statement where `scope` first writes through `end` (a wrapper followed)."""
    body = scope.child_by_field_name("body")
    for n in _identifiers(body) if body is not None else ():
        if gosyntax.text(n) != end:
            continue
        sel = n.parent
        if (
            sel is not None
            and sel.type == "selector_expression"
            and gosyntax.text(gosyntax.field(sel, "field")) in _CLOSERS
        ):
            continue
        return first_transfer(scope, n)
    return None
