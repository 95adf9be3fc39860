"""A constructor's goroutine that reads a pipe until the object's `Close` closes the
writer end it keeps.

```go
func NewRecorder(sink io.Writer) *Recorder {
        pr, pw := io.Pipe()
        r := &Recorder{pw: pw}
        go r.encode(pr, sink)        // reads pr until it fails: io.EOF once pw is closed
        return r
}

func (r *Recorder) Close() error { return r.pw.Close() }
```

The goroutine's read returns only when bytes come or the writer end is closed: the
object's user writes through `r`, and calls `Close` when done. Until then the goroutine
is parked in the read, like one waiting on a stop channel (stop_signals.stoppers).

Heuristics, each a trade-off:
- KEPT_WRITER: the writer end is the value of a keyed field of the constructor's
  literal of the type (`&Recorder{pw: pw}`) or assigned to a field of it (`r.pw = pw`);
  a method of the type that calls `x.pw.Close()` or `x.pw.CloseWithError(...)` stops
  the goroutine.
- READER_GOROUTINE: the goroutine is handed the reader end (an argument of the `go`
  call, or named by the literal it starts) and reads it in a loop (`pr.Read(buf)`), or
  through `io.Copy`, `io.ReadAll`, a scanner, a reader or a decoder made on it.
- READ_UNTIL_CLOSED: every `return` of the goroutine sits under an `if` that tests an
  error (`err != nil`, `err == io.EOF`): the read failing is its way out, which the
  closed writer brings; a write failure it also returns on (the sink broken) is such a
  way out too, which a working sink never takes. A goroutine with any other way out (a
  stop channel, a context) is left to the other judgements.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.pipes import pipe_ends

if TYPE_CHECKING:
    from goleash.analysis.functions import Function
    from goleash.analysis.liveness import Liveness
    from goleash.source import SourceFile

# Calls that read what they are handed to its end (or to a failure).
_READING_CALLS = (
    "io.Copy",
    "io.CopyBuffer",
    "io.ReadAll",
    "bufio.NewScanner",
    "bufio.NewReader",
    "json.NewDecoder",
    "gob.NewDecoder",
    "xml.NewDecoder",
)


def pipe_stop(
    liveness: Liveness, constructor: Function, type_name: str, stmt: Node, goroutine: Function
) -> tuple[str, tuple[str, ...], Node, SourceFile, Node] | None:
    """(the field keeping the writer, the methods closing it, the first such close, its
    file, the read the goroutine waits in) when the `go` statement `stmt` of the
    constructor starts a goroutine that reads a pipe until the type closes it."""
    body = constructor.node.child_by_field_name("body")
    if body is None or b"io.Pipe()" not in (body.text or b""):
        return None
    for decl in gosyntax.walk(body):
        if decl.type != "short_var_declaration" or decl.start_byte > stmt.start_byte:
            continue
        ends = pipe_ends(decl)
        if ends is None:
            continue
        reader, writer = ends
        field = _kept_writer(body, writer)
        reader_in_goroutine = _reader_name(stmt, goroutine, reader)
        if field is None or reader_in_goroutine is None:
            continue
        wait = _read_until_closed(goroutine, reader_in_goroutine)
        if wait is None:
            continue
        closes = _closing_methods(liveness, type_name, field, (constructor.node, goroutine.node))
        if closes is not None:
            methods, close, close_file = closes
            return field, methods, close, close_file, wait
    return None


def _kept_writer(body: Node, writer: str) -> str | None:
    """KEPT_WRITER: the field the constructor keeps the writer end in."""
    for n in gosyntax.walk(body):
        if n.type == "keyed_element":
            parts = n.named_children
            if len(parts) == 2 and gosyntax.text(parts[1]) == writer:
                return gosyntax.text(parts[0])
        found = gosyntax.sole_assignment(n)
        if found is not None:
            target, value = found
            if gosyntax.text(value) == writer and target.type == "selector_expression":
                return gosyntax.text(gosyntax.field(target, "field"))
    return None


def _reader_name(stmt: Node, goroutine: Function, reader: str) -> str | None:
    """The name the goroutine reads the reader end by: the parameter the `go` call binds
    it to, or the reader itself in a function literal."""
    call = stmt.named_children[0] if stmt.named_children else None
    if call is None or call.type != "call_expression":
        return None
    if goroutine.node.type == "func_literal":
        return reader
    args = gosyntax.call_arguments(call)
    index = next((i for i, a in enumerate(args) if gosyntax.text(a) == reader), None)
    params = gosyntax.parameters(goroutine.node)
    if index is None or index >= len(params):
        return None
    return params[index][0]


def _read_until_closed(goroutine: Function, reader: str) -> Node | None:
    """READER_GOROUTINE and READ_UNTIL_CLOSED: the goroutine's read of `reader` in a loop,
    when every way out of it is under a test of an error."""
    body = goroutine.node.child_by_field_name("body")
    if body is None:
        return None
    read: Node | None = None
    for n in gosyntax.walk(body):
        if n.type != "call_expression":
            continue
        callee = gosyntax.callee_text(n)
        args = gosyntax.call_arguments(n)
        if callee == f"{reader}.Read" or (
            callee in _READING_CALLS and any(gosyntax.text(a) == reader for a in args)
        ):
            read = n
            break
    if read is None:
        return None
    in_loop = any(a.type == "for_statement" for a in gosyntax.ancestors(read, body))
    if gosyntax.callee_text(read) == f"{reader}.Read" and not in_loop:
        return None  # one read is no loop: it may return with the first bytes
    for n in gosyntax.walk(body):
        if n.type == "return_statement" and not _under_an_error_test(n, body):
            return None
        if n.type in ("go_statement", "select_statement"):
            return None  # a way out of its own (a stop, a context), or work handed on
    return read


_ERROR_WORD = re.compile(r"\b\w*[eE]rr\w*\b|\bEOF\b")


def _under_an_error_test(node: Node, body: Node) -> bool:
    """Is the statement inside an `if` whose condition tests an error?"""
    for a in gosyntax.ancestors(node, body):
        if a.type == "if_statement":
            cond = a.child_by_field_name("condition")
            if cond is not None and _ERROR_WORD.search(gosyntax.text(cond)):
                return True
    return False


def _closing_methods(
    liveness: Liveness, type_name: str, field: str, besides: tuple[Node, ...]
) -> tuple[tuple[str, ...], Node, SourceFile] | None:
    """KEPT_WRITER: (the methods of the type that close the field's pipe end, the first
    such call, its file)."""
    pattern = re.compile(rb"\b\w+\." + re.escape(field.encode()) + rb"\.Close(?:WithError)?\(")
    methods: list[str] = []
    first: tuple[Node, SourceFile] | None = None
    for method_file, method_node in liveness.package.methods_of_type(type_name):
        if method_node in besides:
            continue
        m = pattern.search(method_file.data, method_node.start_byte, method_node.end_byte)
        if m is None:
            continue
        methods.append(gosyntax.function_name(method_node) or "")
        if first is None:
            node = method_file.root.descendant_for_byte_range(m.start(), m.end())
            while node is not None and node.type != "call_expression":
                node = node.parent
            if node is not None:
                first = (node, method_file)
    if not methods or first is None:
        return None
    return tuple(methods), first[0], first[1]
