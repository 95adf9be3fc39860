"""The codes of leaks seen only at run time. They are not static rules (nothing to
check in a file), so they live here, documented in docs/runtime.md in the same
sections as the static rules."""

from __future__ import annotations

from goleash.model import Severity
from goleash.rules.base import Rule
from goleash.runtime.runner import HUNG, LEAKED, LINGERING

DOCS_URL = "https://github.com/goleash/goleash/blob/main/docs/runtime.md"


class RuntimeRule(Rule):
    @property
    def url(self) -> str:
        return f"{DOCS_URL}#{self.code.lower()}-{self.name}"


def _nothing_to_check(ctx):
    return ()


def _rule(code: str, name: str, summary: str, severity: Severity, doc: str) -> RuntimeRule:
    return RuntimeRule(code, name, summary, severity, doc, _nothing_to_check)


PROVEN_LEAK = _rule(
    "GL900",
    "leaked-goroutine",
    "A test left a goroutine blocked for ever on something no running goroutine can reach (run time, proven)",
    Severity.WARNING,
    """## What it does
Reported by `goleash test` when the runtime's `goroutineleak` profile (Go 1.26 with
`GOEXPERIMENT=goroutineleakprofile`, on by default from Go 1.27) proves, after a test,
that a goroutine the test started is blocked on a channel, mutex or wait group that no
running goroutine can reach any more.

## Why is this bad?
Nothing can ever wake that goroutine: its stack and everything it references stay in
memory for the life of the process, once per call of the leaking code.

## Example
```go
func First(urls []string) string {
    ch := make(chan string)
    for _, u := range urls {
        go func(u string) { ch <- fetch(u) }(u) // all but one block for ever here
    }
    return <-ch
}
```

## Use instead
```go
    ch := make(chan string, len(urls))
```
""",
)

LINGERING_GOROUTINE = _rule(
    "GL901",
    "goroutine-outlives-test",
    "A goroutine a test started was still running when the test was over (run time)",
    Severity.INFO,
    """## What it does
Reported by `goleash test` when a goroutine started by a test (directly or by the code it
calls) is still alive once the test has returned, on every Go version, from a goroutine
snapshot taken after the test against one taken without it.

## Why is this bad?
It may be a leak the runtime cannot prove (a loop on a ticker, a goroutine blocked on a
channel a global still references) or a background worker the test forgot to stop. It is
weaker evidence than GL900: a goroutine can be alive on purpose.

## Example
```go
func Poll() {
    go func() {
        for range time.NewTicker(time.Second).C { refresh() }
    }()
}
```

## Use instead
Give the goroutine a way to stop (a context or a done channel) and stop it in the test,
for example with `t.Cleanup(cancel)`.
""",
)

HUNG_TEST = _rule(
    "GL902",
    "test-hangs",
    "A test timed out with goroutines blocked in the module's code (run time)",
    Severity.WARNING,
    """## What it does
Reported by `goleash test` when a test does not end within `--timeout`: the dump the test
binary prints when it times out shows where each of the module's goroutines is blocked.

## Why is this bad?
A test that never ends is usually a goroutine waiting for a send, a receive or a
`wg.Done()` that never comes: the same deadlock happens in production, where nothing
times it out.

## Example
```go
func TestSum(t *testing.T) {
    var wg sync.WaitGroup
    wg.Add(2)
    go func() { defer wg.Done() }()
    wg.Wait() // blocks for ever: Add(2), one Done
}
```

## Use instead
Make every path call `Done`, close the channel, or send, as many times as the waiting side expects.
""",
)

RUNTIME_RULES = (PROVEN_LEAK, LINGERING_GOROUTINE, HUNG_TEST)
BY_KIND = {LEAKED: PROVEN_LEAK, LINGERING: LINGERING_GOROUTINE, HUNG: HUNG_TEST}
BY_CODE = {r.code: r for r in RUNTIME_RULES}
