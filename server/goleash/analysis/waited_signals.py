"""A select case that can win only once the goroutines it would abandon have finished.

```go
var wg sync.WaitGroup
wg.Add(1)
go func() {
        defer wg.Done()
        select {
        case <-updates:
        case <-cancel:          // the waiter
                return
        }
}()
go func() {
        defer close(finish)     // closed only once every counted goroutine is done
        wg.Wait()
}()
select {
case <-finish:                  // leaves without closing cancel: the waiter is gone
case <-time.After(timeout):
        close(cancel)
}
```

`finish` is closed only after `wg.Wait()` returns, and every goroutine of the function
that touches the channel being judged calls `wg.Done()` in a `defer`: when the case on
`finish` wins, they have all returned, and leaving through it abandons none of them.

Heuristic WON_AFTER_WAIT, each condition a trade-off:
- `finish` is a local channel of the function, closed once, by a goroutine of the
  function whose body is `defer close(finish); wg.Wait()` or `wg.Wait(); close(finish)`,
  and never sent on;
- every other `go func() {...}` of the function that names the judged channel has
  `defer wg.Done()` (the same group, by its text) among its top-level statements;
  a goroutine started otherwise (a named function) is not read, and the case is not
  ruled out for it.

Heuristic WON_AFTER_RETURN, the same question for a goroutine that hands back what a
call returned: `go func() { doneR <- c.reader(stopR) }()` is the only goroutine of the
function naming the judged channel (`stopR`) and the only sender on `doneR`; when a
case receiving from `doneR` wins, `reader` has returned, and nothing of it waits on
`stopR` any more. Trade-off: a goroutine the call starts itself is not thought of.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from goleash import gosyntax


def won_after_wait(func: Node, finish: str, judged: str) -> bool:
    """WON_AFTER_WAIT: a receive from the local `finish` in `func` completes only after
    every goroutine of `func` naming `judged` has returned."""
    body = func.child_by_field_name("body")
    if body is None:
        return False
    text = body.text or b""
    name = re.escape(finish.encode())
    if len(re.findall(rb"\bclose\(\s*" + name + rb"\s*\)", text)) != 1:
        return False
    if re.search(rb"(?<![\w.])" + name + rb"\s*<-", text):
        return False  # a send may wake the receive early
    group = None
    literals = []
    for go in gosyntax.descendants(body, "go_statement"):
        fn = gosyntax.started_literal(go)
        if fn is None:
            continue
        literal_group = _waits_then_closes(fn, finish)
        if literal_group is not None:
            group = literal_group
        else:
            literals.append(fn)
    if group is None:
        return False
    mention = re.compile(rb"(?<![\w.])" + re.escape(judged.encode()) + rb"\b")
    done = group + b".Done()"
    waiters = [lit for lit in literals if mention.search(lit.text or b"")]
    return bool(waiters) and all(_defers(lit, done) for lit in waiters)


def won_after_return(func: Node, finish: str, judged: str) -> bool:
    """WON_AFTER_RETURN: the one goroutine naming `judged` is `go func() { finish <-
    f(...) }()`, the only sender on `finish`: a receive from `finish` means it is done."""
    body = func.child_by_field_name("body")
    if body is None:
        return False
    mention = re.compile(rb"(?<![\w.])" + re.escape(judged.encode()) + rb"\b")
    sends = re.compile(rb"(?<![\w.])" + re.escape(finish.encode()) + rb"\s*<-")
    if len(sends.findall(body.text or b"")) != 1:
        return False
    watchers = []
    for go in gosyntax.descendants(body, "go_statement"):
        if mention.search(go.text or b""):
            watchers.append(go)
    if len(watchers) != 1:
        return False
    fn = gosyntax.started_literal(watchers[0])
    if fn is None:
        return False
    stmts = _statements(fn)
    if len(stmts) != 1 or stmts[0].type != "send_statement":
        return False
    channel = gosyntax.unparen(stmts[0].child_by_field_name("channel"))
    value = gosyntax.unparen(stmts[0].child_by_field_name("value"))
    return (
        channel is not None
        and channel.text == finish.encode()
        and value is not None
        and value.type == "call_expression"
    )


def _waits_then_closes(literal: Node, finish: str) -> bytes | None:
    """The group `g` of a literal whose body is `defer close(finish); g.Wait()` or
    `g.Wait(); close(finish)`."""
    stmts = [(s.text or b"").replace(b" ", b"") for s in _statements(literal)]
    close = b"close(" + finish.encode() + b")"
    if len(stmts) != 2:
        return None
    if stmts[0] == b"defer" + close and stmts[1].endswith(b".Wait()"):
        return stmts[1][: -len(b".Wait()")]
    if stmts[1] == close and stmts[0].endswith(b".Wait()"):
        return stmts[0][: -len(b".Wait()")]
    return None


def _defers(literal: Node, done: bytes) -> bool:
    return any((s.text or b"").replace(b" ", b"") == b"defer" + done for s in _statements(literal))


def _statements(literal: Node) -> list[Node]:
    return gosyntax.statements(literal.child_by_field_name("body"))
