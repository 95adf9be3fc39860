"""`// want` expectations in Go fixtures, the way golang.org/x/tools analysistest reads them.

    x := <-ch // want "blocks forever receiving from `ch`"
    go f()    // want GL009 "loops forever" "another finding on this line"

Each quoted string is a regular expression that one finding's message on that line
must match (with an optional rule code in front). Findings nobody wanted, and wants
nobody met, both fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WANT = re.compile(r"//\s*want\s+(.*)$")
_ITEM = re.compile(r'\s*(?:(GL\d{3})\s+)?"((?:[^"\\]|\\.)*)"')


@dataclass
class Want:
    path: str
    line: int  # 1-based
    code: str | None
    pattern: str
    met: bool = False

    def matches(self, finding) -> bool:
        if finding.span.start.row + 1 != self.line:
            return False
        if self.code and finding.code != self.code:
            return False
        return re.search(self.pattern, finding.message) is not None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code or ''} {self.pattern!r}"


def parse_wants(path: str, text: str) -> list[Want]:
    wants = []
    for i, line in enumerate(text.splitlines(), start=1):
        m = _WANT.search(line)
        if not m:
            continue
        rest = m.group(1)
        pos = 0
        while True:
            item = _ITEM.match(rest, pos)
            if not item:
                break
            # Go string-literal escapes: \\ is one backslash, \" a quote.
            pattern = re.sub(r'\\(["\\])', r"\1", item.group(2))
            wants.append(Want(path, i, item.group(1), pattern))
            pos = item.end()
        if pos == 0:
            raise ValueError(f"{path}:{i}: malformed // want comment: {line.strip()}")
    return wants


def compare(findings, wants) -> list[str]:
    """Problems: unexpected findings and unmet wants, as readable lines."""
    problems = []
    for f in findings:
        hit = next((w for w in wants if not w.met and w.matches(f)), None)
        if hit is None:
            hit = next((w for w in wants if w.matches(f)), None)
        if hit is None:
            problems.append(
                f"unexpected finding {f.path}:{f.span.start.row + 1}:{f.span.start.column + 1}: {f.message} ({f.code})"
            )
        else:
            hit.met = True
    for w in wants:
        if not w.met:
            problems.append(f"missing finding: {w}")
    return problems
