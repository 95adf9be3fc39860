"""Byte offsets <-> LSP positions, in the encoding negotiated with the client.

The analysis core speaks UTF-8 byte offsets; LSP clients speak (line, character) where
a character is a UTF-16 code unit (the default, VS Code), a UTF-8 byte (Neovim 0.11+)
or a code point. The counting is goleash.lineindex's; this module only speaks
lsprotocol's types, at the server's boundary.
"""

from __future__ import annotations

from lsprotocol import types

from goleash import lineindex
from goleash.lineindex import UTF8, UTF16, UTF32, line_starts_of

__all__ = ["UTF8", "UTF16", "UTF32", "LineIndex", "encoding_name", "line_starts_of"]


def encoding_name(kind: object) -> str:
    """The negotiated `PositionEncodingKind` (or None: UTF-16 by the spec) as a plain name."""
    value = getattr(kind, "value", kind)
    return value if isinstance(value, str) and value in lineindex.ENCODINGS else UTF16


class LineIndex(lineindex.LineIndex):
    """A document version's line index, converting to and from LSP positions."""

    # -- bytes -> client -------------------------------------------------

    def position(self, byte: int, encoding: str) -> types.Position:
        line, character = self.line_column(byte, encoding)
        return types.Position(line=line, character=character)

    def range(self, start_byte: int, end_byte: int, encoding: str) -> types.Range:
        return types.Range(
            start=self.position(start_byte, encoding), end=self.position(end_byte, encoding)
        )

    # -- client -> bytes -------------------------------------------------

    def offset(self, position: types.Position, encoding: str) -> int:
        """The byte offset of a client position, clamped into the document (a position
        past the end of a line or of the file is the end of it)."""
        return self.offset_at(position.line, position.character, encoding)
