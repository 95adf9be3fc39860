"""Byte offsets to the line/column forms each output format wants.

The core speaks 0-based rows and UTF-8 byte columns. Text and JSON output use 1-based
lines and 1-based byte columns (like `go vet`); SARIF's and GitHub's column unit is the
UTF-16 code unit, so they get those too. The counting is goleash.lineindex's.
"""

from __future__ import annotations

from dataclasses import dataclass

from goleash import lineindex
from goleash.lineindex import UTF16
from goleash.model import Point, Span


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, UTF-8 bytes
    utf16_column: int  # 1-based, UTF-16 code units


class LineIndex(lineindex.LineIndex):
    """A file's line index, giving 1-based positions in both column units."""

    def point(self, byte: int) -> Point:
        return Point(*self.row_column(byte))

    def position(self, point: Point) -> Position:
        return Position(point.row + 1, point.column + 1, self.utf16_column(point) + 1)

    def utf16_column(self, point: Point) -> int:
        if point.row >= len(self.starts):
            return point.column
        start = self.starts[point.row]
        return lineindex.code_units(self.data[start : start + point.column], UTF16)


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
            return Position(s.row + 1, s.column + 1, s.column + 1), Position(
                e.row + 1, e.column + 1, e.column + 1
            )
        return idx.position(span.start), idx.position(span.end)

    def of_bytes(self, path: str, start_byte: int, end_byte: int) -> tuple[Position, Position]:
        idx = self.index(path)
        if idx is None:
            raise KeyError(path)
        return idx.position(idx.point(start_byte)), idx.position(idx.point(end_byte))
