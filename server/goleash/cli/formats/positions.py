"""Byte offsets to the line/column forms each output format wants.

The core speaks 0-based rows and UTF-8 byte columns. Text and JSON output use
1-based lines and 1-based byte columns (like `go vet`); SARIF's default column
unit is the UTF-16 code unit, so it gets those.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from goleash.model import Point, Span


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, UTF-8 bytes
    utf16_column: int  # 1-based, UTF-16 code units


class LineIndex:
    def __init__(self, data: bytes) -> None:
        self.data = data
        starts = [0]
        find = data.find
        i = find(b"\n")
        while i >= 0:
            starts.append(i + 1)
            i = find(b"\n", i + 1)
        self.starts = starts

    def point(self, byte: int) -> Point:
        byte = max(0, min(byte, len(self.data)))
        row = bisect.bisect_right(self.starts, byte) - 1
        return Point(row, byte - self.starts[row])

    def position(self, point: Point) -> Position:
        return Position(point.row + 1, point.column + 1, self.utf16_column(point) + 1)

    def utf16_column(self, point: Point) -> int:
        if point.row >= len(self.starts):
            return point.column
        start = self.starts[point.row]
        prefix = self.data[start:start + point.column]
        if prefix.isascii():
            return len(prefix)
        text = prefix.decode("utf-8", "replace")
        return len(text.encode("utf-16-le")) // 2


class Positions:
    """Line indexes for the files findings point into, built on first use."""

    def __init__(self, sources: dict[str, bytes]) -> None:
        self._sources = sources
        self._indexes: dict[str, LineIndex] = {}

    def index(self, path: str) -> LineIndex | None:
        idx = self._indexes.get(path)
        if idx is None and path in self._sources:
            idx = self._indexes[path] = LineIndex(self._sources[path])
        return idx

    def start_end(self, path: str, span: Span) -> tuple[Position, Position]:
        idx = self.index(path)
        if idx is None:  # no source at hand: byte columns are all we have
            s, e = span.start, span.end
            return Position(s.row + 1, s.column + 1, s.column + 1), Position(e.row + 1, e.column + 1, e.column + 1)
        return idx.position(span.start), idx.position(span.end)

    def of_bytes(self, path: str, start_byte: int, end_byte: int) -> tuple[Position, Position]:
        idx = self.index(path)
        if idx is None:
            raise KeyError(path)
        return idx.position(idx.point(start_byte)), idx.position(idx.point(end_byte))
