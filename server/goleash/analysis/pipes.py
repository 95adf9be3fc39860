"""A goroutine blocked on one end of an `io.Pipe` the starting function leaves open.

```go
pr, pw := io.Pipe()
go func() {
        _, err := sink.Upload(ctx, name, pr)   // reads until pw is closed
        done <- err
}()
gz := gzip.NewWriter(pw)
for _, e := range entries {
        if err := write(gz, e); err != nil {
                return err                     // pw is never closed: Upload reads forever
        }
}
gz.Close()
pw.Close()
```

A pipe is a channel with two ends. A goroutine reading `pr` (handing it to a call that
reads it, or calling `pr.Read`) returns only when the writer end is closed (or the
reader end); one writing `pw` only when what it writes is read, or an end is closed.
A way out of the starting function that does neither leaves the goroutine blocked.

Heuristics, each a trade-off:
- ONE_END_EACH: the goroutine is a function literal that uses one end only, for more
  than closing it; the other end is the starting function's. A goroutine holding both
  may close the other itself.
- READS_TO_THE_END: a goroutine handing its reader to a call is taken to read until
  EOF (`io.Copy`, `io.ReadAll`, an upload); one that reads a fixed amount is misread.
- Releases, on the starting function's side: `Close`/`CloseWithError` of either end,
  deferred or not; for a writing goroutine, handing the reader to any call except a
  wrapper that neither reads nor closes it (NON_CONSUMING_READERS: `http.NewRequest`,
  `bufio.NewReader`, ...), whose result is then followed instead.
- QUITTING_READER: the reader may be handed to another goroutine of the starting
  function that scans it (`for sc.Scan()`); one whose loop can be left early (a
  `return` on `ctx.Done()`, a `break` on a bad line) stops reading before the end, so
  only a close of the reader releases the writer. One that scans to the end, hands the
  reader to a call or closes it, releases it.
- For a reading goroutine, the writer may be handed to a wrapper that cannot close it
  (NON_CLOSING_WRITERS: `gzip.NewWriter`, `tar.NewWriter`, `json.NewEncoder`, ...)
  or to a standard function that writes without closing (`io.Copy`, `fmt.Fprintf`);
  handed to anything else, it may be closed there: the pipe is not judged. Unless the
  function closes the writer itself on some way out (OWNED_BY_THE_STARTER): then a call
  it is handed to, directly or in a field of a literal argument (`r.Start(ctx,
  Command{Stderr: pw})`), only borrows it, and a way out without the close leaves the
  reader blocked. A function of the file taking it as a closer (`register(c io.Closer)`)
  or a value that keeps it and is stored or returned (`&signer{pw: pw}`) takes it over.
- WRAPPED_INLINE: a reader wrapper built inside the call that reads it
  (`mail.ReadMessage(bufio.NewReader(pr))`) is read by that call.
- HANDED_ON_AFTER_ITS_READ: a read judged by its error (ERROR_LEAVES_IT_UNREAD) reads
  the pipe on its success; what the function does with the reader after that check, in
  that block (`&message{pr: pr}`), is not followed. The failed read's way out is judged,
  and the fix closes the reader there rather than on every way out (a deferred close
  would cut the stream handed on). Trade-off: a read that stops early on its success
  too (a header parser) is taken as reading to the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis import paths
from goleash.analysis.testing_calls import TEST_FAILURES, statement_call, test_method

if TYPE_CHECKING:
    from goleash.analysis.functions import Function, Functions
    from goleash.analysis.values import Resolver
    from goleash.source import SourceFile

# Wrappers and writers that take an io.Writer and never close it.
NON_CLOSING_WRITERS = frozenset(
    {
        "gzip.NewWriter",
        "gzip.NewWriterLevel",
        "zlib.NewWriter",
        "zlib.NewWriterLevel",
        "flate.NewWriter",
        "tar.NewWriter",
        "zip.NewWriter",
        "bufio.NewWriter",
        "bufio.NewWriterSize",
        "json.NewEncoder",
        "xml.NewEncoder",
        "gob.NewEncoder",
        "csv.NewWriter",
        "base64.NewEncoder",
        "hex.NewEncoder",
        "io.MultiWriter",
        "io.Copy",
        "io.CopyN",
        "io.CopyBuffer",
        "io.WriteString",
        "fmt.Fprint",
        "fmt.Fprintf",
        "fmt.Fprintln",
    }
)
# Calls that take an io.Reader and neither read nor close it: their result holds it.
NON_CONSUMING_READERS = frozenset(
    {
        "http.NewRequest",
        "http.NewRequestWithContext",
        "bufio.NewReader",
        "bufio.NewReaderSize",
        "bufio.NewScanner",
        "io.TeeReader",
        "io.LimitReader",
        "io.NopCloser",
        "ioutil.NopCloser",
        # Decoders read only as much as each `Decode` asks for: a loop that stops
        # decoding early leaves the writer blocked (p271).
        "json.NewDecoder",
        "gob.NewDecoder",
        "xml.NewDecoder",
        "csv.NewReader",
    }
)
_CLOSERS = ("Close", "CloseWithError")


@dataclass(frozen=True)
class OpenPipe:
    blocked: Node  # the goroutine's statement using its end
    end: str  # the goroutine's end, `pr` or `pw`
    other: str  # the starting function's end
    reads: bool  # the goroutine reads (else writes)
    start: Node  # the `go` statement
    made: Node  # `pr, pw := io.Pipe()`
    exits: tuple[paths.Exit, ...]  # the starting function's ways out that leave it blocked
    # Where it blocks inside a function of the package the goroutine hands its end to
    # (`writeEvents(pw, evs)` -> `enc.Encode(ev)`), with that function's file.
    inside: tuple[Node, SourceFile] | None = None
    # QUITTING_READER: where another goroutine of the starting function, reading the
    # pipe, may stop before its end.
    quits: Node | None = None
    # HANDED_ON_AFTER_ITS_READ: the `if err != nil` of the failed read, when the function
    # hands its end on once the read succeeded (a close on every way out would cut it).
    failed_read: Node | None = None


def open_pipes(functions: Functions, file: SourceFile, decls: Iterable[Node]) -> list[OpenPipe]:
    """Among `decls` (short variable declarations being checked), the pipes a way out
    of their function leaves a goroutine blocked on."""
    out: list[OpenPipe] = []
    for decl in decls:
        ends = pipe_ends(decl)
        func = gosyntax.enclosing_function(decl) if ends is not None else None
        if ends is None or func is None:
            continue
        reader, writer = ends
        if "_" in (reader, writer):
            continue
        if {reader, writer} & set(gosyntax.result_names(func)):
            continue  # NAMED_RESULT: `rc, pw := io.Pipe()` sets a named result; a bare `return` hands it on
        starter = functions.get(func, file)
        found = _judge(func, decl, reader, writer, starter.resolver)
        if found is not None:
            inside = _inside_callee(functions, starter, found.blocked, found.end)
            if inside is None and found.blocked.type == "go_statement":
                continue  # NAMED_GOROUTINE with no read or write of its end found
            out.append(replace(found, inside=inside) if inside is not None else found)
    return out


@dataclass(frozen=True)
class ReturnedPipe:
    """A pipe reader a function of the package returns while its goroutine writes the
    other end, taken by a caller that leaves it unread and open on some way out."""

    take: Node  # the caller's `body := render(families)`
    reader: str  # `body`
    source: Node  # the returning function (`render`)
    source_file: SourceFile
    start: Node  # its `go` statement
    blocked: Node  # where the goroutine writes (inside a helper it hands the end to)
    blocked_file: SourceFile
    exits: tuple[paths.Exit, ...]  # the caller's ways out that leave it blocked
    quits: Node | None = None  # QUITTING_READER: where the caller's reading goroutine may stop


def returned_pipes(
    functions: Functions, file: SourceFile, takes: Iterable[Node]
) -> list[ReturnedPipe]:
    """Among `takes` (the file's `x := f(...)`, `x, err := f(...)` and `x = f(...)` being
    checked),
    the readers of a PIPE_SOURCE a way out of the caller leaves unread and open.

    PIPE_SOURCE: a function of the package that makes `pr, pw := io.Pipe()`, starts a
    goroutine using only `pw` (for more than closing it: a literal, or a function handed
    `pw`), uses `pr` for nothing but returning it, and returns it. Its caller holds the
    reader end; the releases are those of a pipe made in place (`Close`, reading it to
    the end, handing it on), and a way out under the call's own error check (`if err !=
    nil`) is the source's failure, with no pipe. A reader handed to another goroutine is
    not judged."""
    out: list[ReturnedPipe] = []
    names = functions.package.derived("pipe_source_names", pipe_source_names)
    for take in takes:
        right = gosyntax.field(take, "right").named_children
        left = gosyntax.field(take, "left").named_children
        if len(right) != 1 or right[0].type != "call_expression" or not left:
            continue
        if gosyntax.callee_text(right[0]).rsplit(".", 1)[-1] not in names:
            continue
        caller = functions.enclosing(take, file)
        source = functions.callee(right[0], caller) if caller is not None else None
        found = _pipe_source(functions, source) if source is not None else None
        if caller is None or source is None or found is None:
            continue
        position, go, blocked = found
        reader = gosyntax.text(left[position]) if position < len(left) else "_"
        if reader in ("_", "") or left[position].type != "identifier":
            continue
        if reader in gosyntax.result_names(caller.node):
            continue  # NAMED_RESULT, as for a pipe made in place
        # ASSIGNED_TAKE: `body = render(...)` into a variable declared earlier: only the
        # uses after the take see the pipe.
        after = take.start_byte if take.type == "assignment_statement" else 0
        releases = _releases(caller.node, take, take, reader, "", False, after)
        if releases is None or releases[3] is not None:
            continue  # handed on after a read: followed for a pipe made in place only
        calls, deferred, quits, _failed_read = releases
        check = gosyntax.bound_error_check(take) if len(left) > 1 else None
        failed = check.child_by_field_name("consequence") if check is not None else None
        exits = tuple(
            e
            for e in paths.abandoning_exits(caller.node, take, calls, deferred)
            if e.kind != "fatal"
            and not _after_test_failure(e.node, caller.resolver)
            and (failed is None or not gosyntax.is_within(e.node, failed))
        )
        if exits:
            where, where_file = blocked
            out.append(
                ReturnedPipe(
                    take, reader, source.node, source.file, go, where, where_file, exits, quits
                )
            )
    return out


def pipe_source_names(files: list[SourceFile]) -> frozenset[str]:
    """The names of the package's functions whose text makes a pipe, starts a goroutine
    and returns: a cheap first cut before resolving a caller's call."""
    out: set[str] = set()
    for f in files:
        if b"io.Pipe()" not in f.data:
            continue
        for decl in f.root.named_children:
            text = decl.text or b""
            name = gosyntax.function_name(decl) if decl.type.endswith("_declaration") else None
            if name and b"io.Pipe()" in text and b"go " in text and b"return" in text:
                out.add(name)
    return frozenset(out)


def _pipe_source(
    functions: Functions, source: Function
) -> tuple[int, Node, tuple[Node, SourceFile]] | None:
    """PIPE_SOURCE: (the result position of the reader, the `go` statement, where the
    goroutine writes and its file)."""
    body = source.node.child_by_field_name("body")
    if body is None or source.node.type == "func_literal" or b"io.Pipe()" not in (body.text or b""):
        return None
    for decl in gosyntax.walk(body):
        ends = pipe_ends(decl) if decl.type == "short_var_declaration" else None
        if ends is None:
            continue
        reader, writer = ends
        position = None
        for use in _uses(body, reader):
            if gosyntax.is_within(use, decl):
                continue
            ret = use.parent.parent if use.parent is not None else None
            if (
                use.parent is None
                or use.parent.type != "expression_list"
                or ret is None
                or ret.type != "return_statement"
            ):
                return None  # the reader used for more than being returned
            position = use.parent.named_children.index(use)
        if position is None:
            return None
        for go in gosyntax.walk(body):
            if go.type != "go_statement":
                continue
            # `go func() { ... pw ... }()`, or `go writeAll(pw, items)`: a function of
            # the package handed the writer (its first write is found inside it).
            literal = gosyntax.started_literal(go) or go
            if _uses(literal, reader):
                continue
            working = [u for u in _uses(literal, writer) if not _closes(u)]
            if not working:
                continue
            outside = [
                u
                for u in _uses(body, writer)
                if not gosyntax.is_within(u, decl) and not gosyntax.is_within(u, go)
            ]
            if outside:
                return None  # the writer used by the source itself too: not judged
            blocked = first_transfer(literal, working[0])
            inside = _inside_callee(functions, source, blocked, writer)
            return position, go, inside if inside is not None else (blocked, source.file)
        return None
    return None


def pipe_ends(decl: Node) -> tuple[str, str] | None:
    """(reader, writer) of `pr, pw := io.Pipe()`, else None."""
    right = gosyntax.field(decl, "right").named_children
    left = gosyntax.field(decl, "left").named_children
    if len(right) != 1 or len(left) != 2 or gosyntax.callee_text(right[0]) != "io.Pipe":
        return None
    return gosyntax.text(left[0]), gosyntax.text(left[1])


def _inside_callee(
    functions: Functions, starter: Function, blocked: Node, end: str
) -> tuple[Node, SourceFile] | None:
    """HANDED_TO_A_HELPER: when the goroutine's blocking statement hands its end to a
    function of the package, the statement of that function that first reads or writes
    through the parameter receiving it."""
    for call in [blocked, *gosyntax.walk(blocked)]:
        if call.type != "call_expression":
            continue
        args = [gosyntax.text(a) for a in gosyntax.call_arguments(call)]
        if end not in args:
            continue
        callee = functions.callee(call, starter) or _only_method(functions, call)
        if callee is None or callee.node.type == "func_literal":
            continue
        params = gosyntax.parameters(callee.node)
        index = args.index(end)
        if index >= len(params) or not params[index][0]:
            continue
        body = callee.node.child_by_field_name("body")
        uses = _uses(body, params[index][0]) if body is not None else []
        transfers = [
            first_transfer(callee.node, u)
            for u in uses
            if not _closes(u) and not gosyntax.on_side_of(u, "assignment_statement", "left")
        ]
        # A wrapper made on one branch only (`if compress { w = gzip.NewWriter(w) }`), or
        # a plain copy (`w = gz`), is not where it blocks: the first statement that calls
        # something and makes no wrapper is.
        through = [
            t
            for t in transfers
            if not _makes_a_wrapper(t, params[index][0])
            and any(n.type == "call_expression" for n in [t, *gosyntax.walk(t)])
        ] or transfers
        if through:
            return through[0], callee.file
    return None


def _only_method(functions: Functions, call: Node) -> Function | None:
    """ONE_IMPLEMENTATION: `e.store.Upload(...)` through an interface, when the package
    declares exactly one method of that name: taken as the one that runs, to point at
    where it blocks (a location, never a judgement)."""
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression":
        return None
    found = functions.package.methods_named(gosyntax.text(gosyntax.field(fn, "field")))
    if len(found) != 1:
        return None
    file, _type, node = found[0]
    return functions.get(node, file)


def _makes_a_wrapper(stmt: Node, end: str) -> bool:
    """Does `stmt` wrap the end itself (`gzip.NewWriter(w)`)? A wrapper of something else
    (`io.Copy(pw, io.TeeReader(src, h))`, which writes `pw`) does not count."""
    return any(
        n.type == "call_expression"
        and _wraps(gosyntax.callee_text(n))
        and any(gosyntax.text(a) == end for a in gosyntax.call_arguments(n))
        for n in [stmt, *gosyntax.walk(stmt)]
    )


def _judge(func: Node, decl: Node, reader: str, writer: str, resolver: Resolver) -> OpenPipe | None:
    body = func.child_by_field_name("body")
    if body is None:
        return None
    for go in gosyntax.walk(body):
        if go.type != "go_statement" or go.start_byte < decl.end_byte:
            continue
        literal = gosyntax.started_literal(go)
        if literal is None:
            named = _named_goroutine_end(go, reader, writer)
            if named is None:
                continue
            literal, end, other = go, *named
            working = [go]
        else:
            uses = {name: _uses(literal, name) for name in (reader, writer)}
            if all(uses.values()) or not any(uses.values()):
                continue  # ONE_END_EACH
            end, other = (reader, writer) if uses[reader] else (writer, reader)
            working = [u for u in uses[end] if not _closes(u)]
            if not working:
                continue
        reads = end == reader
        releases = _releases(func, decl, go, reader, writer, reads, resolver=resolver)
        if releases is None:
            return None
        calls, deferred, quits, failed_read = releases
        exits = [
            e
            for e in paths.abandoning_exits(func, go, calls, deferred)
            if e.kind != "fatal"
            and not _after_test_failure(e.node, resolver)
            and not (not reads and _at_the_end_of_the_pipe(e.node, func))
        ]
        if not exits:
            return None
        blocked = go if literal is go else first_transfer(literal, working[0])
        return OpenPipe(
            blocked,
            end,
            other,
            reads,
            go,
            decl,
            tuple(exits),
            quits=quits,
            failed_read=failed_read,
        )
    return None


def _named_goroutine_end(go: Node, reader: str, writer: str) -> tuple[str, str] | None:
    """NAMED_GOROUTINE: `go l.stream(ctx, pw, segs)`, a named function started with one
    end of the pipe (and not the other) as a plain argument: (its end, the other).
    Where it blocks is looked for inside it (HANDED_TO_A_HELPER); when that finds no
    statement reading or writing through the end, the pipe is not reported."""
    call = next((c for c in go.named_children if c.type == "call_expression"), None)
    if call is None:
        return None
    args = [gosyntax.text(a) for a in gosyntax.call_arguments(call)]
    mentioned = {n for n in (reader, writer) if n in args}
    if len(mentioned) != 1 or any(
        gosyntax.text(n) in (reader, writer)
        for a in gosyntax.call_arguments(call)
        if gosyntax.text(a) not in (reader, writer)
        for n in gosyntax.walk(a, skip_functions=False)
    ):
        return None  # both ends, or an end inside a larger argument
    end = mentioned.pop()
    return end, writer if end == reader else reader


def first_transfer(literal: Node, use: Node) -> Node:
    """The statement where the goroutine first reads or writes through its end: the
    statement of `use`, or, when `use` only wraps the end (`enc := json.NewEncoder(pw)`),
    the first statement using the wrapper (`enc.Encode(r)`), followed as far as it goes."""
    seen: set[str] = set()
    while True:
        call = _argument_of(use)
        wrapper = _assigned_to(call) if call is not None else None
        if (
            call is None
            or not _wraps(gosyntax.callee_text(call))
            or wrapper is None
            or wrapper in seen
        ):
            break
        seen.add(wrapper)
        later = [u for u in _uses(literal, wrapper) if u.start_byte > call.end_byte]
        if not later:
            break
        use = later[0]
        if gosyntax.callee_text(call) in BUFFERING_WRITERS:
            use = next((u for u in later if _method_call(u) == "Flush"), use)
    return gosyntax.innermost_statement(use) or use


def _wraps(callee: str | None) -> bool:
    """A call of NON_CLOSING_WRITERS or NON_CONSUMING_READERS that returns a wrapper
    around the end (`json.NewEncoder`, `bufio.NewScanner`), not one that writes or
    reads through it (`io.Copy`, `fmt.Fprintf`)."""
    if callee not in NON_CLOSING_WRITERS | NON_CONSUMING_READERS:
        return False
    return callee.rsplit(".", 1)[-1].startswith("New") or callee in _PLAIN_WRAPPERS


_PLAIN_WRAPPERS = frozenset({"io.MultiWriter", "io.TeeReader", "io.LimitReader"})

# BUFFERED_UNTIL_FLUSH: writes through these land in a buffer (4 KiB by default); the
# pipe is first written at the wrapper's `Flush`, which is where a goroutine writing a
# short output blocks. Trade-off: an output larger than the buffer blocks at an earlier
# write; the finding then points at the `Flush` it never reaches.
BUFFERING_WRITERS = frozenset({"bufio.NewWriter", "bufio.NewWriterSize", "csv.NewWriter"})


def _at_the_end_of_the_pipe(exit_node: Node, func: Node) -> bool:
    """AT_THE_END_OF_THE_PIPE: a way out under a test of `io.EOF` (`if errors.Is(err,
    io.EOF) { return nil }`): the reader has seen the writer close its end, so the
    writing goroutine is done. READ_ERROR_IS_THE_WRITERS: the same under the failure of
    a read or decode made in the `if` (`if err := dec.Decode(&v); err != nil`): a pipe's
    reader fails when its writer closes it with an error. Trade-off: an EOF of another
    reader tested there is taken for the pipe's, and a malformed stream a decoder
    rejects, which leaves the writer blocked, is missed."""
    for branch, cond in gosyntax.guarding_ifs(exit_node, func):
        if "io.EOF" in gosyntax.text(cond):
            return True
        init = branch.child_by_field_name("initializer")
        if (
            init is not None
            and _READ_CALL.search(init.text or b"")
            and "nil" in gosyntax.text(cond)
        ):
            return True
    return False


# A read or decode through the pipe's reader or a wrapper of it.
_READ_CALL = re.compile(rb"\.(Read|Decode|ReadString|ReadBytes|ReadLine|ReadRune)\(")


def _read_to_eof(use: Node) -> Node | None:
    """READ_TO_EOF: the statement after a loop reading the wrapper (`rec, err :=
    r.Read()`, `dec.Decode(&v)`) whose every way out is under a test of `io.EOF` or of
    the read's failure (AT_THE_END_OF_THE_PIPE): once the loop ends, the writer's end is
    closed. The loop, or None."""
    if _method_call(use) not in ("Read", "Decode", "ReadString", "ReadBytes", "ReadLine"):
        return None
    loop = next((a for a in gosyntax.ancestors(use) if a.type == "for_statement"), None)
    body = loop.child_by_field_name("body") if loop is not None else None
    if loop is None or body is None:
        return None
    leaving = [
        n
        for n in gosyntax.walk(body)
        if n.type in ("return_statement", "goto_statement")
        or (n.type == "break_statement" and gosyntax.break_leaves(n, loop))
    ]
    if not leaving or not all(_at_the_end_of_the_pipe(n, loop) for n in leaving):
        return None
    # The loop itself is the release: once it ends the writer's end is closed, and its
    # ways out are under the EOF tests.
    return loop


def _after_test_failure(exit_node: Node, resolver: Resolver) -> bool:
    """A way out right after the test is failed (`t.Errorf(...); return`): a path only a
    failing test takes, which leaves nothing behind that matters."""
    prev = gosyntax.previous_statement(exit_node)
    method = test_method(statement_call(prev), resolver)
    return method in TEST_FAILURES


def _uses(scope: Node, name: str) -> list[Node]:
    return [
        n
        for n in gosyntax.walk(scope, skip_functions=False)
        if n.type == "identifier" and gosyntax.text(n) == name
    ]


def _method_call(ident: Node) -> str | None:
    """`M` of `ident.M(...)`."""
    sel = ident.parent
    call = sel.parent if sel is not None else None
    if (
        sel is None
        or sel.type != "selector_expression"
        or sel.child_by_field_name("operand") != ident
        or call is None
        or call.type != "call_expression"
    ):
        return None
    return gosyntax.text(gosyntax.field(sel, "field"))


def _closes(use: Node) -> bool:
    return _method_call(use) in _CLOSERS


def _lent(use: Node) -> bool:
    """OWNED_BY_THE_STARTER's loan: `use` is a call's argument, or a field of a composite
    literal that is one (`r.Start(ctx, Command{Stderr: pw})`). Kept in a value that is
    stored or returned (`&signer{pw: pw}`), it is handed over, not lent."""
    node, _ = gosyntax.parent_skipping_parens(use)
    if node is not None and node.type == "literal_element":
        node = node.parent  # the value of `Stderr: pw`, as the grammar wraps it
    if node is not None and node.type == "keyed_element":
        literal = node.parent.parent if node.parent is not None else None
        if literal is None or literal.type != "composite_literal":
            return False
        node, _ = gosyntax.parent_skipping_parens(literal)
        if node is not None and node.type == "unary_expression":
            node, _ = gosyntax.parent_skipping_parens(node)
    if node is None or node.type != "argument_list":
        return False
    return not _takes_a_closer(node, use)


def _takes_a_closer(args: Node, use: Node) -> bool:
    """A function of the file whose parameter there is a closer (`register(c io.Closer)`):
    what it is handed, it may close (or keep to close later)."""
    call = args.parent
    if call is None:
        return False
    fn = gosyntax.unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "identifier":
        return False
    position = next((i for i, a in enumerate(gosyntax.call_arguments(call)) if a == use), None)
    root = call
    while root.parent is not None:
        root = root.parent
    for decl in root.named_children:
        if decl.type != "function_declaration" or gosyntax.function_name(decl) != gosyntax.text(fn):
            continue
        params = gosyntax.parameters(decl)
        if position is not None and position < len(params):
            typ = params[position][1]
            return typ is not None and "Closer" in gosyntax.text(typ)
    return False


def _argument_of(use: Node) -> Node | None:
    """The call `use` is handed to as an argument."""
    args, _ = gosyntax.parent_skipping_parens(use)
    if args is None or args.type != "argument_list":
        return None
    return args.parent


def _releases(
    func: Node,
    decl: Node,
    go: Node,
    reader: str,
    writer: str,
    reads: bool,
    after: int = 0,
    resolver: Resolver | None = None,
) -> tuple[list[Node], list[Node], Node | None, Node | None] | None:
    """(release calls, deferred releases, where a reading goroutine may quit, the failed
    read's error check when the end is handed on past it) in the starting function,
    outside the goroutine, among the uses from byte `after` on; None when an end is
    handed where it may be closed unseen."""
    quits: Node | None = None
    calls: list[Node] = []
    deferred: list[Node] = []
    followed = {reader, writer}
    body = func.child_by_field_name("body")
    assert body is not None  # _judge checked it
    wrappers: set[str] = set()
    # OWNED_BY_THE_STARTER: a writer the function closes itself on some way out is its
    # own to close, though it also hands it to a call (`Command{Stderr: pw}` for a
    # process runner): the handover lends it for writing and takes no duty to close it.
    # Trade-off: a callee that does close what it was lent, on the one path where the
    # function does not, is reported all the same.
    owned = reads and any(
        gosyntax.text(n) == writer
        and _closes(n)
        and not gosyntax.is_within(n, go)
        and gosyntax.enclosing_function(n) == func
        for n in gosyntax.descendants(body, "identifier")
    )
    aliases: dict[str, str] = {}
    # Where a failed read's way out was judged (ERROR_LEAVES_IT_UNREAD): the statements
    # from there on in that block run only after the read succeeded.
    read_past: list[Node] = []
    handed_after: Node | None = None
    for n in gosyntax.walk(body, skip_functions=False):
        if n.type != "identifier" or gosyntax.text(n) not in followed | wrappers:
            continue
        if gosyntax.is_within(n, decl) or gosyntax.is_within(n, go) or n.start_byte < after:
            continue
        if any(_dominated_by(n, opening) for opening in read_past):
            # HANDED_ON_AFTER_ITS_READ: the success path's reader is read already.
            handed_after = handed_after or gosyntax.previous_statement(read_past[0])
            continue
        name = aliases.get(gosyntax.text(n), gosyntax.text(n))
        alias = _local_alias(n, func) if name == reader and not reads else None
        if alias is not None and alias not in followed:
            aliases[alias] = reader
            followed.add(alias)
            continue  # READER_ALIAS: `body = pr`: followed under its new name
        if owned and name == writer and _lent(n):
            if gosyntax.enclosing_function(n) != func:
                return None  # used in another literal: runs who knows when
            continue  # lent to a call: still the function's to close
        reading = _reading_goroutine(n, func) if name == reader and not reads else None
        if reading is not None:
            go_reader, outcome = reading
            if outcome is _UNKNOWN_READER:
                return None
            if outcome is _READS_TO_THE_END:
                if go_reader not in calls:
                    calls.append(go_reader)
            elif quits is None:
                quits = outcome if isinstance(outcome, Node) else None
            continue  # QUITTING_READER: no release; only a close of it releases the writer
        if gosyntax.enclosing_function(n) != func:
            return None  # used in another literal: runs who knows when
        if name in wrappers:
            # A request or reader around the pipe's reader: handed to a call, it is
            # read (or sent) there; anything else (`req.Header.Set`) leaves it as it is.
            call = _argument_of(n)
            if call is not None:
                _add(call, calls, deferred)
            loop = _scanned_to_the_end(n) or _read_to_eof(n)
            if loop is not None:
                calls.append(loop)
            continue
        if _closes(n):
            close_call = n.parent.parent if n.parent is not None else None  # ident, selector, call
            if close_call is not None:
                _add(close_call, calls, deferred)
            continue
        if _method_call(n) in ("Write", "Read"):
            continue  # the function's own reads and writes release nothing
        call = _argument_of(n)
        if call is None:
            return None  # stored, returned, copied, reassigned: out of sight
        callee = gosyntax.callee_text(call)
        if name == writer and reads:
            if callee not in NON_CLOSING_WRITERS:
                return None  # the writer handed on: it may be closed there
        elif name == reader and not reads:
            outer = _inline_wrapped(call) if callee in NON_CONSUMING_READERS else None
            if outer is not None:
                call = outer  # WRAPPED_INLINE: `mail.ReadMessage(bufio.NewReader(pr))`
            if callee in NON_CONSUMING_READERS and outer is None:
                wrapper = _assigned_to(call)
                if wrapper is None:
                    return None
                wrappers.add(wrapper)
            else:
                if resolver is not None and _helper_quits_reading(call, n, resolver):
                    continue  # HELPER_QUITS_READING: no release; only a close releases it
                past = _past_its_error(call)
                if past is None and _returned_as_is(call) and not _closes_what_it_reads(call):
                    continue  # FAILURE_RETURNED: `return t.Send(ctx, pr)` fails unread
                if past is _UNREAD_AFTER_ALL:
                    pass  # ERROR_GOES_ON: the failure's way falls through, unread
                elif isinstance(past, Node):
                    calls.append(_opening(past))  # ERROR_LEAVES_IT_UNREAD
                    read_past.append(past)
                else:
                    _add(call, calls, deferred)  # read to the end, or taken over, there
        else:
            return None  # the goroutine's own end handed on by the starter
    return calls, deferred, quits, handed_after


# `_reading_goroutine`'s outcomes for a goroutine handed the reader.
_READS_TO_THE_END = object()
_UNKNOWN_READER = object()


def _reading_goroutine(use: Node, func: Node) -> tuple[Node, object] | None:
    """(the `go` statement, its outcome: _READS_TO_THE_END, _UNKNOWN_READER or the
    statement where it may quit) when `use` of the reader is in a function literal
    that `func` starts with `go`: the goroutine that reads the pipe for it.

    QUITTING_READER: a goroutine that reads the pipe through `bufio.NewScanner` in a
    `for sc.Scan()` loop it can leave early (a `return`, a `break`: on `ctx.Done()`, a
    bad line) stops reading before the end; unless something closes the reader, the
    writer blocks on its next write. One that closes the reader itself, hands it to a
    call (`io.Copy`, a decoder) or scans it to the end releases the writer. Anything else
    done with it (stored, handed to another goroutine) leaves the pipe unjudged.
    Trade-off: a writer with nothing left to write when the reader quits is reported
    all the same."""
    literal = gosyntax.enclosing_function(use)
    go = literal.parent.parent if literal is not None and literal.parent is not None else None
    if (
        literal is None
        or literal.type != "func_literal"
        or go is None
        or go.type != "go_statement"
        or gosyntax.started_literal(go) != literal
        or gosyntax.enclosing_function(go) != func
    ):
        return None
    name = gosyntax.text(use)
    uses = [u for u in _uses(literal, name) if gosyntax.enclosing_function(u) == literal]
    if len(uses) != len(_uses(literal, name)):
        return go, _UNKNOWN_READER  # handed further into a nested literal
    if any(_closes(u) for u in uses):
        return go, _READS_TO_THE_END
    outcome: object = _READS_TO_THE_END
    for u in uses:
        call = _argument_of(u)
        if call is None:
            return go, _UNKNOWN_READER
        if gosyntax.callee_text(call) not in ("bufio.NewScanner",):
            continue  # read there, to the end or to its failure
        scanner = _assigned_to(call)
        loops = [
            s.parent.parent.parent
            for s in _uses(literal, scanner or "")
            if _method_call(s) == "Scan"
            and s.parent is not None
            and s.parent.parent is not None
            and s.parent.parent.parent is not None
            and s.parent.parent.parent.type == "for_statement"
        ]
        if scanner is None or len(loops) != 1:
            return go, _UNKNOWN_READER
        body = loops[0].child_by_field_name("body")
        leaves = [
            n
            for n in (gosyntax.walk(body) if body is not None else ())
            if n.type == "return_statement"
            or n.type == "goto_statement"
            or (n.type == "break_statement" and gosyntax.break_leaves(n, loops[0]))
        ]
        if leaves and outcome is _READS_TO_THE_END:
            outcome = leaves[0]
    return go, outcome


def _helper_quits_reading(call: Node, use: Node, resolver: Resolver) -> bool:
    """HELPER_QUITS_READING: the reader handed to a function of the package
    (`s.copyLog(ctx, id, pr)`) that wraps its parameter in a scanner or decoder
    (NON_CONSUMING_READERS) and returns from inside the loop reading it (a size limit,
    a failed store): it stops reading before the end, and the writer blocks. Trade-off:
    a helper that hands the wrapper on, or reads it after the loop, is taken as quitting
    all the same; one that reads the parameter itself is taken to read it all."""
    declared = resolver.callee(call)
    arg = gosyntax.unparen(use)
    args = [gosyntax.unparen(a) for a in gosyntax.call_arguments(call)]
    if declared is None or arg not in args:
        return False
    params = gosyntax.parameters(declared.node)
    index = args.index(arg)
    if index >= len(params):
        return False
    param = params[index][0]
    body = declared.node.child_by_field_name("body")
    if not param or body is None:
        return False
    for n in gosyntax.walk(body):
        if n.type != "call_expression" or gosyntax.callee_text(n) not in NON_CONSUMING_READERS:
            continue
        if [gosyntax.text(a) for a in gosyntax.call_arguments(n)][:1] != [param]:
            continue
        wrapper = _assigned_to(n)
        if wrapper is None:
            return False
        for loop in gosyntax.descendants(body, "for_statement"):
            head = loop.text or b""
            if f"{wrapper}.".encode() in head.split(b"{", 1)[0] and paths.left_early(loop):
                return True
    return False


def _scanned_to_the_end(wrapper: Node) -> Node | None:
    """SCANNED_TO_THE_END: the statement after the loop `for sc.Scan() { ... }` around
    the pipe's reader, when nothing but its condition leaves the loop: once it ends, the
    writer's end is closed (or the read failed). A `return` inside it leaves the writer blocked. Trade-off: a
    writer whose last writes the scanner has already buffered is not blocked, and is
    reported all the same."""
    selector = wrapper.parent
    call = selector.parent if selector is not None else None
    loop = call.parent if call is not None else None
    if (
        _method_call(wrapper) != "Scan"
        or call is None
        or loop is None
        or loop.type != "for_statement"
        or loop.child_by_field_name("body") is None
        or paths.breaks_out(loop)
    ):
        return None
    # What follows the loop runs only once it has ended: that is where the pipe is read
    # to its end (the release the paths check wants is a statement, not the loop).
    return gosyntax.next_statement(loop)


# Calls that close a request body they were handed, even when they fail (net/http's
# Client.Do and Client.Post, through the Transport).
CLOSES_WHAT_IT_READS = frozenset({"Do", "Post", "http.Post"})


def _an_http_client(callee: str) -> bool:
    """HTTP_CLIENT_BY_NAME: `client.Do`, `s.httpClient.Post`, `c.Post`: a `Do` or `Post`
    on a receiver named like an HTTP client (or a one-letter one) is net/http's, which
    closes the body it was given even when it fails. A package's own transport
    (`d.cfg.Transport.Post`, `sink.Do`) promises no such thing. Trade-off: a wrapper
    of net/http under another name is taken as one that may leave the body unread."""
    operand = callee.rsplit(".", 1)[0] if "." in callee else ""
    last = operand.rsplit(".", 1)[-1].lower()
    return "client" in last or "http" in last or len(last) == 1


# `_past_its_error`'s answer for a failure that falls through to what follows.
_UNREAD_AFTER_ALL = object()


def _past_its_error(call: Node) -> Node | object | None:
    """ERROR_LEAVES_IT_UNREAD: the statement after `if err := f(pr); err != nil { ... }`
    (or after `err := f(pr)` and the `if err != nil` right below it), when that branch
    always leaves: a call that fails may have stopped reading the pipe, so only its
    success is taken to have read it to the end, and a way out under its error leaves
    the writer blocked. Trade-off: a callee that drains or closes what it was handed
    before failing is reported all the same; net/http's senders, which close a request
    body even on failure, are not (CLOSES_WHAT_IT_READS, by name: HTTP_CLIENT_BY_NAME)."""
    if _closes_what_it_reads(call):
        return None
    values = call.parent
    statement = values.parent if values is not None else None
    if values is None or values.type != "expression_list" or statement is None:
        return None
    check = gosyntax.bound_error_check(statement) or _later_error_check(statement)
    if check is None or check.child_by_field_name("alternative") is not None:
        return None
    consequence = check.child_by_field_name("consequence")
    if consequence is None:
        return None
    if not paths.always_leaves(consequence):
        # ERROR_GOES_ON: `if _, err := io.Copy(w, body); err != nil { log(err) }` and on:
        # the failed copy's way joins the successful one, and nothing after it reads the
        # pipe; the copy releases nothing on either. Unless the branch closes an end
        # itself (`r.CloseWithError(err)`): then the call releases the success path and
        # the branch the failure's.
        if any(
            _method_call(n) in _CLOSERS
            for n in gosyntax.walk(consequence)
            if n.type == "identifier"
        ):
            return None
        return _UNREAD_AFTER_ALL
    return gosyntax.next_statement(check)


def _closes_what_it_reads(call: Node) -> bool:
    """CLOSES_WHAT_IT_READS: net/http's senders close a request body even on failure."""
    name = gosyntax.callee_text(call) or ""
    return name in CLOSES_WHAT_IT_READS or (
        name.rsplit(".", 1)[-1] in CLOSES_WHAT_IT_READS
        and _an_http_client(gosyntax.text(gosyntax.field(call, "function")))
    )


def _returned_as_is(call: Node) -> bool:
    """FAILURE_RETURNED, ERROR_LEAVES_IT_UNREAD's form with no check: `return
    g.auth.Transmit(ctx, pr)` hands the call's failure straight to the caller, and a call
    that fails may have stopped reading the pipe, which nothing then closes (blind dev
    p431: a throttled first attempt, retried with a new pipe). Not for the senders that
    close what they read (CLOSES_WHAT_IT_READS, left to _past_its_error)."""
    values = call.parent
    statement = values.parent if values is not None else None
    if values is None or statement is None:
        return False
    if values.type == "expression_list" and statement.type == "return_statement":
        if len(values.named_children) != 1:
            return False  # `return base64.NewDecoder(enc, pr), nil`: the reader handed on
        values = statement
    if values.type != "return_statement":
        return False
    # The call's results are the function's, ending with its error (`return
    # t.Send(ctx, pr)` from a function returning `(string, error)`), not a wrapper of the
    # reader handed to the caller (`return bufio.NewReader(pr)`).
    func = gosyntax.enclosing_function(values)
    results = gosyntax.result_types(func) if func is not None else []
    last = results[-1] if results else None
    return last is not None and gosyntax.text(last) == "error"


def _opening(statement: Node) -> Node:
    """Where a statement starts running, as a release point: an `if`'s initializer or
    condition (so that a `return` in its own body, `if err := os.Remove(seg); err != nil
    { return err }`, comes after it), else the statement itself."""
    if statement.type == "if_statement":
        head = statement.child_by_field_name("initializer") or statement.child_by_field_name(
            "condition"
        )
        if head is not None:
            return head
    return statement


def _local_alias(use: Node, func: Node) -> str | None:
    """READER_ALIAS: `body = pr` (or `var body io.Reader = pr`), the reader the sole value
    stored in a local variable of the function: `body`. Trade-off: the alias is followed
    from there on, whatever else it is given on other paths (`var body io.Reader = f`
    before, for the uncompressed way)."""
    parent, _ = gosyntax.parent_skipping_parens(use)
    if parent is None or parent.type != "expression_list" or len(parent.named_children) != 1:
        return None
    statement = parent.parent
    if statement is None or statement.type not in ("assignment_statement", "var_spec"):
        return None
    if statement.type == "assignment_statement":
        if gosyntax.field(statement, "right") != parent:
            return None
        targets = gosyntax.field(statement, "left").named_children
    else:
        targets = [c for c in statement.named_children if c.type == "identifier"]
    if len(targets) != 1 or targets[0].type != "identifier":
        return None
    name = gosyntax.text(targets[0])
    if name in gosyntax.result_names(func) or gosyntax.enclosing_function(statement) != func:
        return None  # a named result hands it on; a literal's variable runs elsewhere
    return name


def _later_error_check(statement: Node) -> Node | None:
    """CHECKED_LATER: `err = copyLive(out, pr)`, then statements that do not set `err`
    on their own level (`if err == nil { err = out.Sync() }` keeps a failure), then `if
    err != nil { ... }`: that `if`. Trade-off: a statement under a branch that clears
    `err` (`if retry() { err = nil }`) is taken as keeping it."""
    if statement.type not in ("short_var_declaration", "assignment_statement"):
        return None
    left = gosyntax.field(statement, "left").named_children
    if not left or left[-1].type != "identifier" or gosyntax.text(left[-1]) == "_":
        return None
    name = gosyntax.text(left[-1])
    following = gosyntax.next_statement(statement)
    while following is not None:
        if following.type == "if_statement":
            cond = gosyntax.text(gosyntax.field(following, "condition")).replace(" ", "")
            if cond == f"{name}!=nil" and following.child_by_field_name("initializer") is None:
                return following
        if following.type in (
            "return_statement",
            "break_statement",
            "continue_statement",
            "goto_statement",
        ):
            return None
        if following.type in ("short_var_declaration", "assignment_statement") and any(
            gosyntax.text(n) == name for n in gosyntax.field(following, "left").named_children
        ):
            return None
        following = gosyntax.next_statement(following)
    return None


def _inline_wrapped(wrapper: Node) -> Node | None:
    """WRAPPED_INLINE: the call a wrapper of the reader is built inside of as an argument
    (`mail.ReadMessage(bufio.NewReader(pr))`): that call reads through it."""
    args = wrapper.parent
    outer = args.parent if args is not None and args.type == "argument_list" else None
    if outer is None or outer.type != "call_expression":
        return None
    if gosyntax.callee_text(outer) in NON_CONSUMING_READERS:
        return None  # a wrapper of a wrapper: followed no further
    return outer


def _dominated_by(use: Node, statement: Node) -> bool:
    """`use` is in `statement` or a later statement of its block."""
    block = statement.parent
    return (
        block is not None
        and use.start_byte >= statement.start_byte
        and gosyntax.is_within(use, block)
    )


def _add(call: Node, calls: list[Node], deferred: list[Node]) -> None:
    statement = call.parent
    if statement is not None and statement.type == "defer_statement":
        deferred.append(statement)
    else:
        calls.append(call)


def _assigned_to(call: Node) -> str | None:
    """`v` of `v := f(...)` or `v, err := f(...)`."""
    values = call.parent
    statement = values.parent if values is not None else None
    if statement is None or statement.type not in ("short_var_declaration", "assignment_statement"):
        return None
    left = statement.child_by_field_name("left")
    names = left.named_children if left is not None else []
    first = names[0] if names else None
    return gosyntax.text(first) if first is not None and first.type == "identifier" else None
