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
    """The nodes each capture name of the query matches under `node`, in source order
    (by start, then end), each node once.

    Read from the query's matches, not its captures: tree-sitter's capture mode holds
    every capture back until no earlier match can still finish, which over a whole file
    cost half as much again as the matches (0.5 s of the standard library's check), and
    returned them in the order matches finished rather than in source order."""
    found: dict[str, list] = {}
    compiled = query(query_text)
    ranges: list[tuple[int, int] | None] = [byte_range]
    if byte_range is None and node.type == "source_file":
        if node.end_byte - node.start_byte > QUERY_CHUNK_BYTES:
            ranges = list(_stretches(node))
    for stretch in ranges:
        cursor = QueryCursor(compiled)
        if stretch is not None:
            cursor.set_byte_range(*stretch)
        for _, match in cursor.matches(node):
            for name, nodes in match.items():
                found.setdefault(name, []).extend(nodes)
    for name, nodes in found.items():
        if len(nodes) > 1:
            # A node met by two patterns, or by two stretches it spans, is listed once.
            unique = {(n.start_byte, n.end_byte, n.kind_id): n for n in nodes}
            found[name] = [unique[k] for k in sorted(unique)]
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
