"""goleash.lineindex: the one place that turns byte offsets into lines and columns, and
the language server's and the report formats' views of it."""

from __future__ import annotations

import pytest
from lsprotocol import types

from goleash.cli.formats.positions import LineIndex as ReportIndex
from goleash.lineindex import UTF8, UTF16, UTF32, LineIndex, code_units, line_starts_of
from goleash.lsp.positions import LineIndex as LspIndex
from goleash.lsp.positions import encoding_name
from goleash.model import Point
from goleash.source import SourceFile

# Line 1 holds a 2-byte é (one UTF-16 unit) and a 4-byte 😋 (two UTF-16 units, one code
# point) before `x`; line 0 ends with CRLF.
DATA = "ab\r\n\té😋x\n".encode()
X = DATA.index(b"x")


def test_line_starts_and_text() -> None:
    assert line_starts_of(DATA) == [0, 4, len(DATA)]
    idx = LineIndex(DATA)
    assert idx.line_of(0) == 0 and idx.line_of(3) == 0 and idx.line_of(4) == 1
    assert idx.line_end(0) == 2  # before the CR
    assert idx.line_text(0) == b"ab" and idx.line_text(1) == "\té😋x".encode()
    assert idx.line_text(2) == b"" and idx.line_text(9) == b""


@pytest.mark.parametrize(("encoding", "column"), [(UTF8, 7), (UTF16, 4), (UTF32, 3)])
def test_columns_in_each_unit_round_trip(encoding: str, column: int) -> None:
    idx = LineIndex(DATA)
    assert idx.line_column(X, encoding) == (1, column)
    assert idx.offset_at(1, column, encoding) == X


def test_offsets_inside_a_character_and_out_of_range_are_clamped() -> None:
    idx = LineIndex(DATA)
    emoji = DATA.index("😋".encode())
    assert idx.line_column(emoji + 2, UTF16) == (1, 2)  # inside 😋: its start
    assert idx.offset_at(1, 3, UTF16) == X  # between 😋's two UTF-16 units: never inside it
    assert idx.offset_at(1, 2, UTF8) == emoji - 2  # inside é: its start
    assert idx.offset_at(1, 100, UTF16) == idx.line_end(1)
    assert idx.offset_at(0, 100, UTF8) == 2  # not into the CRLF
    assert idx.offset_at(-1, 0, UTF8) == 0 and idx.offset_at(50, 0, UTF8) == len(DATA)
    assert idx.line_column(10_000, UTF8) == (2, 0)


def test_code_units() -> None:
    text = "é😋".encode()
    assert (code_units(text, UTF8), code_units(text, UTF16), code_units(text, UTF32)) == (6, 3, 2)


def test_the_server_and_the_reports_count_as_the_core_does() -> None:
    lsp = LspIndex(DATA)
    assert lsp.position(X, UTF16) == types.Position(line=1, character=4)
    assert lsp.offset(types.Position(line=1, character=4), UTF16) == X
    assert encoding_name(types.PositionEncodingKind.Utf8) == UTF8 and encoding_name(None) == UTF16
    report = ReportIndex(DATA)
    point = report.point(X)
    assert point == Point(1, 7)
    pos = report.position(point)
    assert (pos.line, pos.column, pos.utf16_column) == (2, 8, 5)
    source = SourceFile("x.go", b"package p\n\nvar x = 1\n")
    assert source.line_starts == line_starts_of(source.data) and source.line_of(12) == 2
    assert source.line_text(2) == b"var x = 1"
