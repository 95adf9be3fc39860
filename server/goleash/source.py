"""A Go source file as the core sees it: bytes, tree, and a line index."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from tree_sitter import Tree

from goleash import parsing
from goleash.lineindex import LineIndex

_GENERATED = re.compile(rb"^// Code generated .* DO NOT EDIT\.$", re.MULTILINE)


def encode_text(text: str) -> bytes:
    """An editor's text as bytes the analysis can decode everywhere: a lone surrogate
    (which JSON allows) becomes U+FFFD, which takes as many bytes (3) and UTF-16 units
    (1) as the surrogate would, so every position stays where the editor has it."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return (
            text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace").encode("utf-8")
        )


def valid_utf8(data: bytes) -> bytes:
    """File bytes the analysis can decode everywhere: each invalid sequence becomes U+FFFD,
    one character, as an editor shows it (columns in characters and UTF-16 stay put)."""
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace").encode("utf-8")


@dataclass
class SourceFile:
    path: str
    data: bytes
    tree: Tree = None  # type: ignore[assignment]
    # Line starts already known (a document's index): the line index reuses them.
    _line_starts: list[int] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.tree is None:
            self.tree = parsing.parse(self.data)

    @property
    def root(self):
        return self.tree.root_node

    @functools.cached_property
    def lines(self) -> LineIndex:
        """Where each line starts (goleash.lineindex), built on first use."""
        return LineIndex(self.data, self._line_starts)

    @property
    def line_starts(self) -> list[int]:
        return self.lines.starts

    def line_of(self, byte: int) -> int:
        return self.lines.line_of(byte)

    def line_text(self, row: int) -> bytes:
        return self.lines.line_text(row)

    def text(self, node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def indent_of_line(self, row: int) -> str:
        line = self.line_text(row)
        return line[: len(line) - len(line.lstrip(b" \t"))].decode("utf-8", "replace")

    @functools.cached_property
    def is_generated(self) -> bool:
        # Go's convention: the marker may appear anywhere before the package clause.
        head_end = self.data.find(b"\npackage ")
        head = self.data if head_end < 0 else self.data[: head_end + 1]
        return bool(_GENERATED.search(head))

    @functools.cached_property
    def package_name(self) -> str | None:
        # The package clause comes first, after comments: do not wrap every
        # top-level node of a big file in a Python object to find it.
        root = self.root
        for i in range(root.child_count):
            child = root.child(i)
            if child.type == "package_clause":
                for c in child.named_children:
                    if c.type == "package_identifier":
                        return self.text(c)
                return None
            if child.type != "comment":
                return None
        return None


def as_optional_file(value: object) -> SourceFile | None:
    """A file slot an untyped model (`analysis.lock_order` types it `object`) fills with a
    SourceFile or None: checked here so the callers are typed."""
    if value is not None and not isinstance(value, SourceFile):
        raise TypeError(f"expected a source file, got {type(value).__name__}")
    return value
