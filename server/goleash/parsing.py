"""The one place that knows how to get a tree-sitter-go parser and compiled queries."""

from __future__ import annotations

import functools
import threading

import tree_sitter_go
from tree_sitter import Language, Parser, Query, QueryCursor, Tree

GO = Language(tree_sitter_go.language())

_local = threading.local()


def parser() -> Parser:
    # Parsers are not thread-safe; one per thread costs nothing.
    p = getattr(_local, "parser", None)
    if p is None:
        p = _local.parser = Parser(GO)
    return p


def parse(source: bytes, old_tree: Tree | None = None) -> Tree:
    if old_tree is not None:
        return parser().parse(source, old_tree)
    return parser().parse(source)


@functools.cache
def query(text: str) -> Query:
    return Query(GO, text)


# QUERY_CHUNK_BYTES: a query over a whole file runs over stretches of top-level
# declarations of about this size, one call into tree-sitter each. A call holds the
# interpreter throughout (a query over a 4 MB file: a quarter of a second), and the
# language server answers other requests on another thread; between stretches it
# can. Trade-off: one more query call per stretch, nothing on files under the size.
QUERY_CHUNK_BYTES = 256 * 1024


def captures(query_text: str, node, byte_range: tuple[int, int] | None = None) -> dict:
    if byte_range is None and node.type == "source_file":
        if node.end_byte - node.start_byte > QUERY_CHUNK_BYTES:
            return _captures_by_stretch(query_text, node)
    cursor = QueryCursor(query(query_text))
    if byte_range is not None:
        cursor.set_byte_range(*byte_range)
    return cursor.captures(node)


def _captures_by_stretch(query_text: str, root) -> dict:
    """As one query over the whole file: the captures of each name in file order (the
    stretches in turn), each node once (one across two stretches is met in both)."""
    found: dict[str, list] = {}
    seen: dict[str, set[tuple[int, int, int]]] = {}
    compiled = query(query_text)
    for start, end in _stretches(root):
        cursor = QueryCursor(compiled)
        cursor.set_byte_range(start, end)
        for name, nodes in cursor.captures(root).items():
            into, known = found.setdefault(name, []), seen.setdefault(name, set())
            for n in nodes:
                key = (n.start_byte, n.end_byte, n.kind_id)
                if key not in known:
                    known.add(key)
                    into.append(n)
    return found


def _stretches(root) -> list[tuple[int, int]]:
    out = []
    start = root.start_byte
    for child in root.children:
        if child.end_byte - start >= QUERY_CHUNK_BYTES:
            out.append((start, child.end_byte))
            start = child.end_byte
    if start < root.end_byte or not out:
        out.append((start, root.end_byte))
    return out
