"""
# unused-suppression (GL100)

## What it does
Reports a goleash suppression comment (`//nolint:goleash`, `//lint:ignore GL003 ...`,
`//goleash:ignore GL003 ...`) that silences no finding.

## Why is this bad?
Stale suppressions hide nothing today but will hide a real leak tomorrow, when the
code under them changes. They also mislead readers into thinking the code leaks.

## Example
```go
//goleash:ignore GL003 the worker is stopped by Close
go func() { <-done }() // (and done is now closed on every path)
```

## Use instead
Remove the comment.

## Fix safety
Removing the comment is safe: it changes no code.
"""

from __future__ import annotations

from collections.abc import Iterable

from goleash.model import Finding, Severity
from goleash.rules.base import Context, Rule, rule_doc


def check(ctx: Context) -> Iterable[Finding]:
    # The engine reports these itself, after every other rule has run.
    return ()


RULE = Rule(
    code="GL100",
    name="unused-suppression",
    summary="A goleash suppression comment that silences nothing",
    severity=Severity.INFO,
    doc=rule_doc(__doc__),
    check=check,
)
