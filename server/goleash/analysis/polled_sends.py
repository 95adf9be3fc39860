"""A goroutine's plain send on an unbuffered channel field that the package only ever
polls.

```go
func (h *heldLock) keepAlive(t Ticker) {
        ...
        if errors.Is(err, ErrLockLost) {
                h.lost <- err           // waits for a receiver
                return
        }
}

func (h *heldLock) check() error {
        select {
        case h.err = <-h.lost:          // takes a value only if one is waiting now
        default:
        }
        return h.err
}
```

A `select` with a `default` never waits: it takes the value only if the sender is
already blocked when it runs. The sender is released by the next poll, so it is stuck
for good once the polls stop (after the last migration, once the request is served),
and nothing else receives.

Heuristics, each a trade-off:
- PLAIN_SEND: the goroutine sends on a field of its object (`h.lost <- v`) outside any
  `select`, so nothing else can take it out of the send.
- POLLED_ONLY: every receive of that field in the package is a case of a `select`
  with a `default`, and none of them sits in a loop of its own function (a loop that
  polls until something arrives does wait, in its way). A `range` over the field, or
  any blocking receive, is a real receiver.
- UNBUFFERED: every `make` of the field in the package has no capacity (or 0); a field
  the package never makes (handed in from outside) is not judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from goleash import gosyntax
from goleash.analysis.functions import started_goroutines

if TYPE_CHECKING:
    from goleash.analysis.functions import Functions
    from goleash.source import SourceFile


@dataclass(frozen=True)
class PolledSend:
    send: tree_sitter.Node  # the goroutine's `h.lost <- err`
    start: tree_sitter.Node  # the `go` statement
    channel: str  # `h.lost`
    poll: tree_sitter.Node  # a receiving `select` with a `default`
    poll_file: SourceFile
    made: tree_sitter.Node  # the `make(chan error)` of the field
    made_file: SourceFile
    once: bool  # the goroutine leaves right after the send


def polled_sends(
    functions: Functions, file: SourceFile, go_statements: Iterable[tree_sitter.Node]
) -> list[PolledSend]:
    out: list[PolledSend] = []
    for start in started_goroutines(
        functions, file, go_statements, skip_process_lifetime=True, once_per_goroutine=True
    ):
        body = start.goroutine.node.child_by_field_name("body")
        if body is None or b"<-" not in (body.text or b""):
            continue
        for send in gosyntax.descendants(body, "send_statement"):
            if gosyntax.enclosing_function(send) != start.goroutine.node:
                continue
            if send.parent is not None and send.parent.type == "communication_case":
                continue  # PLAIN_SEND
            channel = gosyntax.unparen(send.child_by_field_name("channel"))
            if channel is None or channel.type != "selector_expression":
                continue
            field = gosyntax.text(gosyntax.field(channel, "field"))
            polled = _polls(functions, field)
            if polled is None:
                continue
            made = _unbuffered_make(functions, field)
            if made is None:
                continue
            poll, poll_file = polled
            make, make_file = made
            following = gosyntax.next_statement(send)
            once = following is not None and following.type == "return_statement"
            out.append(
                PolledSend(
                    send, start.stmt, gosyntax.text(channel), poll, poll_file, make, make_file, once
                )
            )
            break
    return out


def _polls(functions: Functions, field: str) -> tuple[tree_sitter.Node, SourceFile] | None:
    """POLLED_ONLY: (a polling select, its file) when every receive of `x.field` in the
    package is a non-blocking poll outside a loop of its function; None otherwise."""
    receive = re.compile(rb"<-\s*[\w.()\[\]]*\." + re.escape(field.encode()) + rb"\b")
    ranged = re.compile(rb"range\s+[\w.()\[\]]*\." + re.escape(field.encode()) + rb"\b")
    found: tuple[tree_sitter.Node, SourceFile] | None = None
    for f in functions.package.files:
        if ranged.search(f.data):
            return None
        for m in receive.finditer(f.data):
            node = f.root.descendant_for_byte_range(m.start(), m.start() + 2)
            if node is None or node.type == "comment":
                continue
            case = node
            while case is not None and case.type not in (
                "communication_case",
                "expression_statement",
                "short_var_declaration",
                "assignment_statement",
                "return_statement",
                "source_file",
            ):
                case = case.parent
            if case is None or case.type != "communication_case":
                return None  # a blocking receive
            select = case.parent
            if select is None or not gosyntax.select_has_default(select):
                return None
            func = gosyntax.enclosing_function(select)
            if func is None or any(
                a.type == "for_statement" for a in gosyntax.ancestors(select, func)
            ):
                return None  # polled in a loop: it waits in its way
            found = found or (select, f)
    return found


def _unbuffered_make(
    functions: Functions, field: str
) -> tuple[tree_sitter.Node, SourceFile] | None:
    """UNBUFFERED: (a make of the field, its file) when every make of it is unbuffered."""
    made = re.compile(rb"\b" + re.escape(field.encode()) + rb"\s*(?::|=)\s*make\(\s*chan\b")
    found: tuple[tree_sitter.Node, SourceFile] | None = None
    for f in functions.package.files:
        for m in made.finditer(f.data):
            at = f.data.index(b"make(", m.start())
            node = f.root.descendant_for_byte_range(at, at + 4)
            call = node
            while call is not None and call.type != "call_expression":
                call = call.parent
            if call is None:
                return None
            args = gosyntax.call_arguments(call)
            if len(args) > 1 and gosyntax.text(args[1]).strip() != "0":
                return None
            found = found or (call, f)
    return found
