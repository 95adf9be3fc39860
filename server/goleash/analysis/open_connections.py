"""An object's goroutine blocked reading a connection its stopping method leaves open.

```go
type Stream struct {
        conn   net.Conn
        dec    *json.Decoder         // json.NewDecoder(conn)
        cancel context.CancelFunc
}

func (s *Stream) receive(ctx context.Context) {   // go s.receive(ctx)
        for {
                var ev Event
                if err := s.dec.Decode(&ev); err != nil {   // waits for the server
                        return
                }
                ...
        }
}

func (s *Stream) Close() error {
        s.cancel()                   // the context is not the read's business
        return nil                   // s.conn stays open: receive waits for good
}
```

A read of a connection returns when data comes, when the connection is closed, or when
a deadline passes. A goroutine reading in a loop for its object, whose `Close` stops
everything but the connection, waits for data the other side may never send: a quiet
server or peer holds it (and the connection) for good.

Heuristics, each a trade-off:
- READ_IN_A_LOOP: the goroutine is a method of the object's type, started with `go`,
  and reads, inside a loop, from a field of its receiver: a connection field (`net.Conn`,
  `*net.TCPConn`, `*tls.Conn`, `io.ReadCloser`, ...), or a decoder or buffered reader
  field that the package builds over one (`json.NewDecoder(conn)` beside `conn: conn`).
- PROMISED_END: the type has a stopping method (`Close`, `Stop`, `Shutdown`).
- NEVER_CLOSED: no code of the package closes the connection field, sets a deadline on
  it, or hands it anywhere but to a reader or writer built over it; and the function
  that stores it does not close the value it stores in a `defer` or a goroutine (a
  watchdog closing it on a context).
  Fields are matched by name across the package's types: a close of a same-named field
  of another type counts (a miss, never a false report).
- OWNED: the stored connection is one the package opened (a call's result), not a
  parameter: a connection handed in is its caller's to close.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax
from goleash.analysis.index import receiver_type_name
from goleash.analysis.package import field_selectors

if TYPE_CHECKING:
    from goleash.analysis.functions import Function, Functions
    from goleash.analysis.package import Package
    from goleash.source import SourceFile

CONNECTION_TYPES = frozenset(
    {
        "net.Conn",
        "*net.TCPConn",
        "*net.UDPConn",
        "*net.UnixConn",
        "net.PacketConn",
        "*tls.Conn",
        "io.ReadCloser",
        "io.ReadWriteCloser",
    }
)
# Readers built over a connection: a read of one is a read of the connection.
READER_CONSTRUCTORS = frozenset(
    {
        "json.NewDecoder",
        "gob.NewDecoder",
        "xml.NewDecoder",
        "bufio.NewReader",
        "bufio.NewReaderSize",
        "bufio.NewScanner",
        "bufio.NewReadWriter",
        "textproto.NewReader",
    }
)
# Calls a connection may be handed to without being closed there.
_HANDED_HARMLESSLY = READER_CONSTRUCTORS | {
    "json.NewEncoder",
    "gob.NewEncoder",
    "xml.NewEncoder",
    "bufio.NewWriter",
    "bufio.NewWriterSize",
    "fmt.Fprintf",
    "fmt.Fprintln",
    "fmt.Fprint",
    "io.WriteString",
}
_READS = frozenset(
    {
        "Read",
        "ReadString",
        "ReadBytes",
        "ReadLine",
        "ReadRune",
        "ReadByte",
        "ReadSlice",
        "Decode",
        "Scan",
        "ReadFrom",
        "ReadMessage",
        "ReadJSON",
    }
)
# The text that makes the engine analyse a file for such a read even when nothing else
# in it (no channel, no `go`) asks for it: the reads of a decoder or a line reader.
# READ_TRIGGERS_ARE_RARE: a bare `.Read(` or `.Scan(` is in a third more files of
# Debian's Go sources (check/parse 2.5x instead of 2.1x); a goroutine reading a
# connection with it in a file of its own is missed unless that file has a channel or
# a `go` of its own.
READ_TRIGGERS = (
    b".Decode(",
    b".ReadString(",
    b".ReadBytes(",
    b".ReadMessage(",
    b".ReadJSON(",
    b"io.ReadFull(",
)
# Uses of the connection that end a read in progress.
_RELEASES = frozenset({"Close", "CloseRead", "SetDeadline", "SetReadDeadline"})
STOPPING_METHODS = ("Close", "Stop", "Shutdown")


@dataclass(frozen=True)
class OpenConnection:
    read: Node  # the read the goroutine waits in
    connection: str  # `s.conn`, as the goroutine would name it
    through: str | None  # `s.dec`, when the read goes through a reader field
    start: Node  # the `go` statement
    start_file: SourceFile
    reader: Function  # the goroutine's method
    stopper: Node  # the stopping method's declaration
    stopper_file: SourceFile
    opened: Node  # the store of the connection into the object
    opened_file: SourceFile


def open_connections(
    functions: Functions, file: SourceFile, methods: Iterable[Node]
) -> list[OpenConnection]:
    """The reading goroutines among `methods` (the file's method declarations, or those
    being checked) whose connection is left open."""
    out: list[OpenConnection] = []
    for method in methods:
        text = method.text or b""
        if b"for" not in text or not any(w in text for w in (b"Read", b"Decode", b"Scan")):
            continue
        found = _judge(functions, functions.get(method, file))
        if found is not None:
            out.append(found)
    return out


def _judge(functions: Functions, reader: Function) -> OpenConnection | None:
    method = reader.node
    type_name = receiver_type_name(method)
    receiver = gosyntax.receiver_text(method)
    body = method.child_by_field_name("body")
    if type_name is None or not receiver or body is None:
        return None
    reads = _reads_in_loops(body, receiver)
    if not reads:
        return None
    started = next(
        (
            (call.parent, at.file)
            for call, at in functions.call_sites(reader)
            if call.parent is not None and call.parent.type == "go_statement"
        ),
        None,
    )
    if started is None:
        return None
    go, go_file = started
    package = functions.package
    stopper = next(
        (d for name in STOPPING_METHODS if (d := package.method_of(type_name, name)) is not None),
        None,
    )
    if stopper is None:
        return None  # PROMISED_END
    fields = package.fields_of(type_name)
    if fields is None:
        return None
    for read, field in reads:
        typ = fields[0].get(field)
        if typ is None:
            continue
        connection = field if gosyntax.text(typ).replace(" ", "") in CONNECTION_TYPES else None
        through = None
        if connection is None:
            connection = _connection_under(package, type_name, field, fields[0])
            through = field
        if connection is None:
            continue
        opened = _owned_store(package, type_name, connection)
        if opened is None or not _never_closed(package, connection):
            continue
        store, store_file = opened
        return OpenConnection(
            read,
            f"{receiver}.{connection}",
            f"{receiver}.{through}" if through else None,
            go,
            go_file,
            reader,
            stopper.node,
            stopper.file,
            store,
            store_file,
        )
    return None


def _reads_in_loops(body: Node, receiver: str) -> list[tuple[Node, str]]:
    """READ_IN_A_LOOP: (the call, the receiver's field it reads) for reads inside a loop
    of the method itself (`s.dec.Decode(&ev)`, `s.conn.Read(buf)`, `io.ReadFull(s.conn,
    buf)`)."""
    out = []
    for call in gosyntax.descendants(body, "call_expression"):
        if not gosyntax.loops_between(call, body) or gosyntax.enclosing_function(
            call
        ) != gosyntax.enclosing_function(body):
            continue
        callee = gosyntax.called_expression_text(call)
        parts = callee.split(".")
        if len(parts) == 3 and parts[0] == receiver and parts[2] in _READS:
            out.append((call, parts[1]))
        elif callee in ("io.ReadFull", "io.ReadAtLeast"):
            args = gosyntax.call_arguments(call)
            held = gosyntax.text(args[0]).split(".") if args else []
            if len(held) == 2 and held[0] == receiver:
                out.append((call, held[1]))
    return out


def _connection_under(
    package: Package, type_name: str, reader: str, fields: dict[str, Node | None]
) -> str | None:
    """The connection field a reader field is built over: a literal of the type (or an
    assignment) sets `reader: json.NewDecoder(x)` and `conn: x` (or `s.conn`)."""
    for sel, _f in field_selectors(package, reader.encode()):
        value = _stored_value(sel)
        if value is not None:
            found = _built_over(value, fields)
            if found is not None:
                return found
    for literal in _literals_of(package, type_name):
        values = gosyntax.keyed_values(literal)
        built = values.get(reader)
        if built is None:
            continue
        base = _constructed_from(built)
        if base is None:
            continue
        for name, value in values.items():
            typ = fields.get(name)
            if (
                typ is not None
                and gosyntax.text(typ).replace(" ", "") in CONNECTION_TYPES
                and value.text == base.text
            ):
                return name
    return None


def _built_over(value: Node, fields: dict[str, Node | None]) -> str | None:
    """`conn` for `json.NewDecoder(s.conn)`, `conn` a connection field."""
    base = _constructed_from(value)
    if base is None or base.type != "selector_expression":
        return None
    name = gosyntax.text(gosyntax.field(base, "field"))
    typ = fields.get(name)
    ok = typ is not None and gosyntax.text(typ).replace(" ", "") in CONNECTION_TYPES
    return name if ok else None


def _constructed_from(value: Node) -> Node | None:
    value = gosyntax.unparen(value) or value
    if value.type != "call_expression" or gosyntax.callee_text(value) not in READER_CONSTRUCTORS:
        return None
    args = gosyntax.call_arguments(value)
    return gosyntax.unparen(args[0]) if args else None


def _literals_of(package: Package, type_name: str) -> list[Node]:
    out = []
    for f in package.files:
        if type_name.encode() + b"{" not in f.data:
            continue
        for literal in gosyntax.descendants(f.root, "composite_literal"):
            typ = literal.child_by_field_name("type")
            if typ is not None and gosyntax.text(typ) == type_name:
                out.append(literal)
    return out


def _stored_value(sel: Node) -> Node | None:
    """The value of `x.f = v` for the selector `x.f` on its left."""
    if not gosyntax.on_side_of(sel, "assignment_statement", "left"):
        return None
    return gosyntax.assigned_value(sel)


def _owned_store(
    package: Package, type_name: str, connection: str
) -> tuple[Node, SourceFile] | None:
    """OWNED: the one place the connection is stored (a literal key or `x.conn = v`),
    when the stored value is a call's result, not a parameter of the storing function,
    and that function does not close it in a `defer` or a goroutine."""
    stores: list[tuple[Node, Node, SourceFile]] = []
    for f in package.files:
        if type_name.encode() + b"{" not in f.data:
            continue
        for literal in gosyntax.descendants(f.root, "composite_literal"):
            typ = literal.child_by_field_name("type")
            if typ is None or gosyntax.text(typ) != type_name:
                continue
            value = gosyntax.keyed_values(literal).get(connection)
            if value is not None:
                stores.append((value, value, f))
    for sel, f in field_selectors(package, connection.encode()):
        value = _stored_value(sel)
        if value is not None:
            stores.append((value, sel, f))
    if len(stores) != 1:
        return None
    value, where, f = stores[0]
    value = gosyntax.unparen(value) or value
    func = gosyntax.enclosing_function(where)
    if func is None:
        return None
    if value.type == "call_expression":
        return where, f
    if value.type != "identifier":
        return None
    name = gosyntax.text(value)
    if name in (p for p, _t in gosyntax.parameters(func)):
        return None  # a connection handed in: its caller's to close
    body = func.child_by_field_name("body")
    for n in gosyntax.descendants(body, "call_expression") if body is not None else ():
        if gosyntax.callee_text(n) not in (f"{name}.Close", f"{name}.SetDeadline"):
            continue
        deferred = any(a.type == "defer_statement" for a in gosyntax.ancestors(n, func))
        if deferred or gosyntax.enclosing_function(n) != func:
            return None  # closed when the function returns, or by a watchdog
    return where, f


def _never_closed(package: Package, connection: str) -> bool:
    """NEVER_CLOSED: every use of a field of that name in the package reads, writes, is
    stored, or is handed to a reader or writer built over it."""
    for sel, _f in field_selectors(package, connection.encode()):
        parent = sel.parent
        if parent is None:
            return False
        if gosyntax.on_side_of(sel, "assignment_statement", "left"):
            continue
        if parent.type == "selector_expression" and parent.child_by_field_name("operand") == sel:
            method = gosyntax.text(gosyntax.field(parent, "field"))
            if method in _RELEASES:
                return False
            continue  # `s.conn.Write(...)`, `s.conn.RemoteAddr()`
        if parent.type == "argument_list":
            call = parent.parent
            callee = gosyntax.callee_text(call) if call is not None else ""
            if callee in _HANDED_HARMLESSLY or callee in ("io.ReadFull", "io.ReadAtLeast"):
                continue
            return False
        if parent.type in ("binary_expression",):
            continue  # `s.conn != nil`
        return False
    return True
