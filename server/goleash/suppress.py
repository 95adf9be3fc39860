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

from tree_sitter import Node

from goleash import gosyntax, parsing
from goleash.source import SourceFile

# One pattern per dialect. golangci-lint allows `// nolint` with one space.
_NOLINT = re.compile(r"^//\s?nolint(?::([\w,\-\s]+))?(?:\s|$|//)")
_LINT_IGNORE = re.compile(r"^//(lint|goleash):ignore\s+([\w,]+)(?:\s+(.*))?$")


@dataclass(frozen=True)
class Directive:
    """What one `//` comment says as a suppression."""

    dialect: str  # "nolint", "lint" (staticcheck) or "goleash"
    codes: frozenset[str] | None  # the rule codes it names; None: every code
    linters: frozenset[str] | None  # `//nolint:a,b`: the linters it names; None: every linter
    codes_end: int  # `lint`/`goleash`: where the code list ends in the text (to extend it)

    @property
    def names_goleash(self) -> bool:
        """Does it name goleash or our codes explicitly (so an unused one is reported)?"""
        if self.dialect == "nolint":
            return self.linters is not None and "goleash" in self.linters
        return True

    @property
    def only_goleash(self) -> bool:
        """Does it speak for goleash alone (so removing it changes nothing for other tools)?"""
        if self.dialect == "nolint":
            return self.linters == frozenset({"goleash"})
        codes = self.codes or frozenset()
        return self.dialect == "goleash" or all(c.startswith("GL") for c in codes)


def parse_directive(text: str) -> Directive | None:
    """The suppression a comment's text (`//...`, stripped) makes for goleash, or None:
    not a suppression, or one for other linters' checks only."""
    m = _NOLINT.match(text)
    if m:
        listed = m.group(1)
        linters = frozenset(n.strip().lower() for n in listed.split(",")) if listed else None
        if linters is not None and "goleash" not in linters and "all" not in linters:
            return None
        return Directive("nolint", None, linters, -1)
    m = _LINT_IGNORE.match(text)
    if m:
        codes = frozenset(c.strip().upper() for c in m.group(2).split(",") if c.strip())
        if m.group(1) == "lint" and not any(c.startswith("GL") for c in codes):
            return None  # a staticcheck suppression for staticcheck's own checks
        return Directive(m.group(1), codes, None, m.end(2))
    return None


@dataclass
class Suppression:
    comment: Node  # the comment itself
    first_line: int  # 0-based, inclusive
    last_line: int
    codes: frozenset[str] | None  # None = every code
    ours: bool  # names goleash (or our codes) explicitly: report it if unused
    used: bool = field(default=False)

    def covers(self, code: str, row: int) -> bool:
        if not self.first_line <= row <= self.last_line:
            return False
        return self.codes is None or code in self.codes


def _is_trailing(file: SourceFile, comment: Node) -> bool:
    row, col = comment.start_point
    return bool(file.line_text(row)[:col].strip())


def _following_node(comment: Node) -> Node | None:
    return gosyntax.next_statement(comment)


def collect(file: SourceFile) -> list[Suppression]:
    out: list[Suppression] = []
    data = file.data
    if b"nolint" not in data and b"lint:ignore" not in data and b"goleash:ignore" not in data:
        return out  # the common case, decided in C without a query pass
    for comment in parsing.captures("(comment) @c", file.root).get("c", []):
        text = comment.text.decode("utf-8", "replace").strip()
        if not text.startswith("//"):
            continue
        directive = parse_directive(text)
        if directive is None:
            continue
        row = comment.start_point[0]
        trailing = _is_trailing(file, comment)
        if directive.dialect != "nolint":
            line = row if trailing else row + 1
            first = last = line
        elif trailing:
            first = last = row
        else:  # on a line of its own: the whole statement or declaration that follows
            nxt = _following_node(comment)
            first = row + 1
            last = nxt.end_point[0] if nxt is not None else row + 1
        out.append(Suppression(comment, first, last, directive.codes, directive.names_goleash))
    return out
