"""Functions the package calls over and over: once per request or per loop iteration.

```go
func setSweepTicker(every time.Duration) {
        ticker := time.NewTicker(every)
        go func() {
                for range ticker.C {
                        swept++
                }
        }()
}

http.HandleFunc("/sweep", func(w http.ResponseWriter, r *http.Request) {
        setSweepTicker(time.Second)
})
```

A goroutine with no way to stop is often meant to live as long as the process (a
cache's refresher started by its constructor), and goleash leaves it alone
(NO_STOP_PROMISED). Not when the package itself starts it again and again: every
request above adds one more loop that ticks for good.

Heuristic REPEATED_START, a trade-off: a call of the function made inside a loop of
its caller, or in an HTTP handler: a `ServeHTTP` method, a function literal taking an
`http.ResponseWriter`, or one handed to a router's `Handle...`, `GET`, `POST`, ...
Not a call that is itself a `go` statement (one goroutine, one start), and not other
callbacks, which are as often run once (a command's `Run`, a start-up hook: rclone's
`ncdu` screen, shown once per process). What it costs: a loop that runs once is taken
to repeat; a goroutine started per message by a subscription callback is missed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from goleash import gosyntax

if TYPE_CHECKING:
    from goleash.analysis.functions import Functions
    from goleash.source import SourceFile

# Routers' methods that run the function literal they are handed once per request
# (`r.GET("/", func(c *gin.Context) {...})`), besides `Handle...`.
_ROUTE_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "Any"})


def repeated_call(functions: Functions, starter: Node, file: SourceFile) -> tuple[Node, str] | None:
    """A call of `starter` the package makes over and over (REPEATED_START), with how
    often in words ("on each turn of a loop", "in a function handed to
    `http.HandleFunc`, ..."), or None."""
    if starter.type == "func_literal":
        return None
    func = functions.get(starter, file)
    for call, at in functions.call_sites(func):
        if call.parent is not None and call.parent.type == "go_statement":
            continue
        if _in_a_loop(call, at.node):
            return call, "on each turn of a loop"
        handed_to = _handed_to(at.node)
        if handed_to is not None:
            return call, f"in a function handed to `{handed_to}`, which may run it many times"
    return None


def _in_a_loop(call: Node, holder: Node) -> bool:
    return any(a.type == "for_statement" for a in gosyntax.ancestors(call, holder))


def _handed_to(holder: Node) -> str | None:
    """What runs `holder` once per request: the HTTP server for a `ServeHTTP` method or
    for a literal taking an `http.ResponseWriter`, or the router a literal is handed to
    (`HandleFunc`, `Handle`, `GET`, ...)."""
    if holder.type == "method_declaration":
        return "ServeHTTP" if gosyntax.function_name(holder) == "ServeHTTP" else None
    if holder.type != "func_literal":
        return None
    args = holder.parent
    call = args.parent if args is not None and args.type == "argument_list" else None
    if call is None or call.type != "call_expression":
        return None
    callee = gosyntax.callee_text(call) or ""
    routed = callee.rsplit(".", 1)[-1]
    params = holder.child_by_field_name("parameters")
    serves_http = params is not None and b"http.ResponseWriter" in (params.text or b"")
    if serves_http or routed.startswith("Handle") or routed in _ROUTE_METHODS:
        return callee
    return None
