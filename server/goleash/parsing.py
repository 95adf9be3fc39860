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


def captures(query_text: str, node, byte_range: tuple[int, int] | None = None) -> dict:
    cursor = QueryCursor(query(query_text))
    if byte_range is not None:
        cursor.set_byte_range(*byte_range)
    return cursor.captures(node)
