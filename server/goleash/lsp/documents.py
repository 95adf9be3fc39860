"""Open documents as the server keeps them: bytes, a tree-sitter tree, a line index.

A change re-parses incrementally: each LSP content change becomes a
`tree.edit(...)` on the previous tree, and one `parse(new_bytes, old_tree)`
follows, so a keystroke costs a fraction of a millisecond, not a full parse. What is
analysed of a version with a syntax error is parsed afresh (ERROR_TREES_PARSED_AFRESH,
`Document.source`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lsprotocol import types
from tree_sitter import Point as TSPoint
from tree_sitter import Tree

from goleash import parsing
from goleash.lsp.positions import LineIndex, line_starts_of
from goleash.lsp.uris import uri_to_path
from goleash.source import SourceFile, encode_text

# Above this size a document is kept (so the user's text is safe) but neither
# parsed nor analysed: a generated 20 MB table has no goroutines worth a pause.
MAX_ANALYSIS_BYTES = 4 * 1024 * 1024
# ERROR_TREES_PARSED_AFRESH up to this size: a parse from scratch of 64 KB takes 4 to
# 7 ms, of the 180 KB runtime/proc.go 12 ms, which put the 95th percentile of a
# keystroke there past 30 ms (bench/lsp_latency.py, 45 ms against 20). A larger file
# keeps the reused tree while it is broken, and may differ from `goleash check` until
# the code is whole again.
FRESH_PARSE_LIMIT = 64 * 1024


def _parse_if_small(data: bytes, old_tree: Tree | None = None) -> Tree | None:
    if len(data) > MAX_ANALYSIS_BYTES:
        return None
    return parsing.parse(data, old_tree)


@dataclass
class Document:
    uri: str
    version: int | None
    data: bytes
    tree: Tree | None  # None above MAX_ANALYSIS_BYTES
    index: LineIndex
    language_id: str = "go"
    # This version parsed from scratch, when its tree has an error (see source()).
    _fresh: Tree | None = field(default=None, repr=False, compare=False)

    @classmethod
    def open(cls, uri: str, text: str, version: int | None, language_id: str = "go") -> Document:
        data = encode_text(text)
        return cls(uri, version, data, _parse_if_small(data), LineIndex(data), language_id)

    @property
    def path(self) -> str:
        return uri_to_path(self.uri)

    def source(self) -> SourceFile:
        """The core's view of this version, sharing the tree and line index (no re-parse
        but ERROR_TREES_PARSED_AFRESH, see _analysed_tree)."""
        if self.tree is None:  # too large to keep parsed: the SourceFile parses it itself
            return SourceFile(self.path, self.data, _line_starts=self.index.starts)
        return SourceFile(
            self.path, self.data, tree=self._analysed_tree(), _line_starts=self.index.starts
        )

    def _analysed_tree(self) -> Tree:
        """ERROR_TREES_PARSED_AFRESH: reusing an edited tree, tree-sitter may recover from a
        syntax error otherwise than a parse from scratch of the same text does, and the
        editor must find what `goleash check` finds. A tree with an error is parsed again
        from scratch, once per version, by whoever asks first (the analysis thread); the
        incremental tree stays the base of the next keystroke's re-parse. Trade-off: a
        version with an error costs a whole parse (4 to 7 ms for 64 KB, against 0.2 ms), on
        keystrokes that leave the code half-typed; past FRESH_PARSE_LIMIT the reused tree
        is kept."""
        assert self.tree is not None  # source() asks only of a parsed document
        if not self.tree.root_node.has_error or len(self.data) > FRESH_PARSE_LIMIT:
            return self.tree
        if self._fresh is None:
            self._fresh = parsing.parse(self.data)
        return self._fresh

    def snapshot(self) -> Document:
        """This version, for another thread: `apply` never edits a tree in place that a
        snapshot may hold (it edits a copy), and replaces rather than changes the rest."""
        return Document(self.uri, self.version, self.data, self.tree, self.index, self.language_id)

    def apply(self, changes, version: int | None, encoding: str) -> None:
        if self.tree is not None:
            # Edit a copy (cheap: shared nodes): the analysis thread may be reading this one.
            self.tree = self.tree.copy()
        for change in changes:
            if (
                isinstance(change, types.TextDocumentContentChangePartial)
                or getattr(change, "range", None) is not None
            ):
                self._apply_partial(change.range, change.text, encoding)
            else:
                self.data = encode_text(change.text)
                self.index = LineIndex(self.data)
                self.tree = None
        # One re-parse for all the changes, reusing the edited old tree.
        self.tree = _parse_if_small(self.data, self.tree)
        self._fresh = None
        self.version = version

    def _apply_partial(self, rng: types.Range, text: str, encoding: str) -> None:
        index = self.index
        start = index.offset(rng.start, encoding)
        end = index.offset(rng.end, encoding)
        if end < start:
            start, end = end, start
        new = encode_text(text)
        old_data = self.data
        data = old_data[:start] + new + old_data[end:]
        start_point = self._point(index, start)
        old_end_point = self._point(index, end)
        # Line starts after the edit: keep those before it, add the new text's,
        # shift the rest. O(lines) list work, no scan of the whole file.
        first = index.line_of(start) + 1
        last = index.line_of(end) + 1
        delta = len(new) - (end - start)
        inserted = [start + i + 1 for i, b in enumerate(new) if b == 10] if b"\n" in new else []
        starts = index.starts[:first] + inserted + [s + delta for s in index.starts[last:]]
        self.data = data
        self.index = LineIndex(data, starts)
        new_end = start + len(new)
        new_end_point = self._point(self.index, new_end)
        if self.tree is not None:
            self.tree.edit(
                start_byte=start,
                old_end_byte=end,
                new_end_byte=new_end,
                start_point=start_point,
                old_end_point=old_end_point,
                new_end_point=new_end_point,
            )

    @staticmethod
    def _point(index: LineIndex, byte: int) -> TSPoint:
        row = index.line_of(byte)
        return TSPoint(row, byte - index.starts[row])


class DocumentStore:
    def __init__(self) -> None:
        self._docs: dict[str, Document] = {}

    def get(self, uri: str) -> Document | None:
        return self._docs.get(uri)

    def put(self, doc: Document) -> None:
        self._docs[doc.uri] = doc

    def remove(self, uri: str) -> Document | None:
        return self._docs.pop(uri, None)

    def __iter__(self):
        return iter(list(self._docs.values()))

    def __len__(self) -> int:
        return len(self._docs)


__all__ = ["Document", "DocumentStore", "line_starts_of"]
