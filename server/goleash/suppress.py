"""Suppression comments, in the three dialects Go developers already write.

- `//nolint` / `//nolint:goleash` / `//nolint:goleash,errcheck` (golangci-lint): at the
  end of a line it covers that line; on a line of its own it covers the whole
  statement or declaration that follows.
- `//lint:ignore GL003 reason` (staticcheck): covers the next line (or its own line
  when written at the end of one).
- `//goleash:ignore GL003 reason`: the same, in our own words.

A goleash-specific suppression that hides nothing is itself reported (GL100), so
stale ones do not pile up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from goleash import parsing
from goleash.source import SourceFile

_NOLINT = re.compile(r"^//\s?nolint(?::([\w,\-\s]+))?(?:\s|$|//)")
_LINT_IGNORE = re.compile(r"^//(lint|goleash):ignore\s+([\w,]+)(?:\s+(.*))?$")


@dataclass
class Suppression:
    comment: object  # the comment node
    first_line: int  # 0-based, inclusive
    last_line: int
    codes: frozenset | None  # None = every code
    ours: bool  # names goleash (or our codes) explicitly: report it if unused
    used: bool = field(default=False)

    def covers(self, code: str, row: int) -> bool:
        if not self.first_line <= row <= self.last_line:
            return False
        return self.codes is None or code in self.codes


def _is_trailing(file: SourceFile, comment) -> bool:
    row, col = comment.start_point
    return bool(file.line_text(row)[:col].strip())


def _following_node(comment):
    node = comment.next_named_sibling
    while node is not None and node.type == "comment":
        node = node.next_named_sibling
    return node


def collect(file: SourceFile) -> list[Suppression]:
    out: list[Suppression] = []
    data = file.data
    if b"nolint" not in data and b"lint:ignore" not in data and b"goleash:ignore" not in data:
        return out  # the common case, decided in C without a query pass
    for comment in parsing.captures("(comment) @c", file.root).get("c", []):
        text = comment.text.decode("utf-8", "replace").strip()
        if not text.startswith("//"):
            continue
        row = comment.start_point[0]
        trailing = _is_trailing(file, comment)
        m = _NOLINT.match(text)
        if m:
            linters = m.group(1)
            names = {n.strip().lower() for n in linters.split(",")} if linters else None
            if names is not None and "goleash" not in names and "all" not in names:
                continue
            if trailing:
                first = last = row
            else:
                nxt = _following_node(comment)
                first = row + 1
                last = nxt.end_point[0] if nxt is not None else row + 1
            out.append(Suppression(comment, first, last, None, names is not None and "goleash" in names))
            continue
        m = _LINT_IGNORE.match(text)
        if m:
            codes = frozenset(c.strip().upper() for c in m.group(2).split(",") if c.strip())
            if m.group(1) == "lint" and not any(c.startswith("GL") for c in codes):
                continue  # a staticcheck suppression for staticcheck's own checks
            line = row if trailing else row + 1
            out.append(Suppression(comment, line, line, codes, True))
    return out
