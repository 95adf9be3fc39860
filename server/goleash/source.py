"""A Go source file as the core sees it: bytes, tree, and a line index."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Hashable, Iterator
from typing import Any, TypeVar, cast

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


_PACKAGE_CLAUSE = re.compile(
    rb"\A(?:\s+|//[^\n]*|/\*(?:[^*]|\*(?!/))*\*/)*package[ \t]+([A-Za-z_][A-Za-z_0-9]*)[ \t]*(?:;|//|/\*|\r?\n|\Z)"
)


# Bytes that continue an identifier; any byte of a multi-byte UTF-8 character counts,
# so a word next to a non-ASCII letter is taken as part of a longer name (as it is).
WORD_BYTES = frozenset(
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
) | frozenset(range(0x80, 0x100))


def word_starts(data: bytes, word: bytes) -> Iterator[int]:
    """Where `word` stands in `data` as a whole word: a substring search in C, and a look
    at each hit's neighbours."""
    n = len(word)
    i = data.find(word)
    while i >= 0:
        if (i == 0 or data[i - 1] not in WORD_BYTES) and (
            i + n >= len(data) or data[i + n] not in WORD_BYTES
        ):
            yield i
        i = data.find(word, i + n)


def spells_word(data: bytes, word: bytes) -> bool:
    return next(word_starts(data, word), None) is not None


_FIRST_PARSE = threading.Lock()
_T = TypeVar("_T")


class SourceFile:
    """A file's bytes, with its tree parsed on first use: a file nothing can leak in
    (see engine.could_leak) and no other file asks about is never parsed."""

    def __init__(
        self,
        path: str,
        data: bytes,
        tree: Tree | None = None,
        _line_starts: list[int] | None = None,
    ) -> None:
        self.path = path
        self.data = data
        self._tree = tree
        # Line starts already known (a document's index): the line index reuses them.
        self._line_starts = _line_starts

    def __repr__(self) -> str:
        return f"SourceFile({self.path!r}, <{len(self.data)} bytes>)"

    @property
    def tree(self) -> Tree:
        tree = self._tree
        if tree is None:
            # Once per file even when two threads ask (the language server's worker
            # and its protocol thread): nodes of two trees of one file never meet.
            with _FIRST_PARSE:
                tree = self._tree
                if tree is None:
                    tree = self._tree = parsing.parse(self.data)
        return tree

    @property
    def parsed(self) -> bool:
        return self._tree is not None

    def memo(self, key: Hashable, compute: Callable[[SourceFile], _T]) -> _T:
        """`compute(self)`, kept on the file under `key`: a file's part of a package fact
        is asked again for each set of files holding it (one per build, one for the
        tests), and the text never changes."""
        kept: dict[Hashable, Any] = self.__dict__.setdefault("_goleash_memo", {})
        if key not in kept:
            kept[key] = compute(self)
        # The value under `key` is always what `compute` returns.
        return cast(_T, kept[key])

    def matches(self, pattern: re.Pattern[bytes]) -> bool:
        """Does `pattern` occur in the text? Kept per file and pattern (see `memo`)."""
        return self.memo(pattern, lambda f: pattern.search(f.data) is not None)

    def spells(self, word: bytes) -> bool:
        """Does the text hold `word` as a whole word (in code, a comment or a string)?
        A file that does not cannot declare or use that name, and need not be parsed
        to be sure."""
        return spells_word(self.data, word)

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
        data = self.data
        if data.startswith(b"package"):
            return False  # nothing before the clause (else the search reads the whole file)
        head_end = data.find(b"\npackage ")
        head = data if head_end < 0 else data[: head_end + 1]
        return bool(_GENERATED.search(head))

    @functools.cached_property
    def package_name(self) -> str | None:
        # Read from the text when the clause is plain (comments, then `package name`):
        # asking for it must not parse a file nothing else needs.
        plain = _PACKAGE_CLAUSE.match(self.data)
        if plain is not None:
            return plain.group(1).decode("ascii")
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
