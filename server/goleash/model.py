"""Findings as plain data: what the analysis core hands to every driver.

Positions are byte offsets into the file's UTF-8 source plus (row, byte column)
points, exactly what tree-sitter gives. Drivers convert them once, at their own
boundary: 1-based columns for the CLI, UTF-16 or UTF-8 characters for LSP.
Nothing here knows about LSP.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only named in an annotation: the analysis imports this module
    from goleash.analysis.package import SiblingReads


class Severity(enum.IntEnum):
    """How loud a finding is. Ordered so that a higher value is louder."""

    HINT = 1
    INFO = 2
    WARNING = 3
    ERROR = 4

    @classmethod
    def parse(cls, name: str) -> Severity:
        aliases = {"information": "info", "warn": "warning"}
        key = aliases.get(name.strip().lower(), name.strip().lower())
        return cls[key.upper()]

    @property
    def label(self) -> str:
        return self.name.lower()


class Applicability(enum.Enum):
    """Ruff's fix safety: only SAFE fixes run unattended (fix-all, on save)."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


@dataclass(frozen=True, order=True)
class Point:
    row: int  # 0-based line
    column: int  # 0-based UTF-8 byte column


@dataclass(frozen=True, order=True)
class Span:
    start_byte: int
    end_byte: int
    start: Point
    end: Point

    @classmethod
    def of(cls, node) -> Span:
        """The span of a tree-sitter node."""
        return cls(
            node.start_byte,
            node.end_byte,
            Point(*node.start_point),
            Point(*node.end_point),
        )


@dataclass(frozen=True)
class Location:
    path: str
    span: Span


@dataclass(frozen=True)
class Related:
    """Another party to a leak: the `go` statement, the `make`, the abandoning `return`."""

    location: Location
    message: str


@dataclass(frozen=True)
class TextEdit:
    """Replace source[start_byte:end_byte] with new_text.

    In the finding's own file unless `path` names another file of its package (a
    fix may have to edit the method that gives up, declared elsewhere).
    """

    start_byte: int
    end_byte: int
    new_text: str
    path: str | None = None  # None: the file of the finding the fix belongs to

    def target(self, default: str) -> str:
        """The path of the file this edit changes, `default` being the finding's file."""
        return self.path if self.path is not None else default


@dataclass(frozen=True)
class Fix:
    title: str
    edits: tuple[TextEdit, ...]
    applicability: Applicability = Applicability.SAFE
    preferred: bool = False

    def other_files(self, own: str) -> set[str]:
        """The files besides `own` (the finding's file) that the fix edits."""
        return {e.path for e in self.edits if e.path is not None and e.path != own}


# `line N` in a finding's wording: a line of the file the finding is in.
CITED_LINE = re.compile(r"\bline (\d+)\b")


@dataclass(frozen=True)
class Finding:
    code: str  # stable rule code, e.g. "GL003"
    name: str  # kebab-case name of the bad pattern
    message: str
    location: Location
    severity: Severity
    related: tuple[Related, ...] = ()
    fixes: tuple[Fix, ...] = ()
    # The wording names line numbers ("returns at line 38"): moving lines changes it, so a
    # finding that only shifts must be worded again rather than re-based.
    cites_lines: bool = False
    # Each `line N` of the wording (message and related notes) with the byte where that
    # line of this file starts: a finding whose cited lines only moved is worded anew
    # by counting, without analysing again (see goleash.incremental).
    citations: tuple[tuple[int, int], ...] = ()
    # Which part of the leak model found it: "judged" (the counting model), or
    # "supplementary" (a shape it cannot count, reported only where it judged nothing:
    # see analysis.leakfinder). An analysis of part of a file (the editor's, one
    # declaration at a time) may find both at one place; engine._merge keeps the judged.
    origin: str = ""

    @property
    def path(self) -> str:
        return self.location.path

    @property
    def span(self) -> Span:
        return self.location.span

    def sort_key(self) -> tuple:
        return (self.path, self.span.start_byte, self.code, self.message)


@dataclass
class FileReport:
    """Everything the engine says about one file."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    # Problems with the analysis itself (a rule that raised, a file skipped),
    # worded for a person; never findings about the user's code.
    notes: list[str] = field(default_factory=list)
    skipped: bool = False
    # What the analysis read of the package's other files, so that the same file need not
    # be analysed again for another build whose files say the same; None: unknown.
    sibling_reads: SiblingReads | None = field(default=None, repr=False, compare=False)
