"""`--statistics`: how many findings each rule produced, most first.

    3  GL003  orphaned-goroutine       [*]
    1  GL013  returned-unbuffered-result

`[*]` marks rules with a safe fix `goleash fix` can apply.
"""

from __future__ import annotations

from collections import Counter

from goleash.model import Applicability, Finding


def table(findings: list[Finding]) -> str:
    counts = Counter(f.code for f in findings)
    names = {f.code: f.name for f in findings}
    fixable = {
        f.code for f in findings if any(x.applicability is Applicability.SAFE for x in f.fixes)
    }
    if not counts:
        return ""
    width = max(len(str(n)) for n in counts.values())
    name_width = max(len(names[c]) for c in counts)
    lines = []
    for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        mark = "  [*]" if code in fixable else ""
        lines.append(f"{n:>{width}}  {code}  {names[code]:<{name_width}}{mark}".rstrip())
    return "\n".join(lines) + "\n"
