"""Byte offsets <-> LSP positions, in the encoding negotiated with the client.

The analysis core speaks UTF-8 byte offsets and (row, byte column) points; LSP
clients speak (line, character) where a character is a UTF-16 code unit (the
default, VS Code), a UTF-8 byte (Neovim 0.11+) or a code point. Every
conversion between the two happens here, once, at the server's boundary.
"""

from __future__ import annotations

import bisect

from lsprotocol import types

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"


def encoding_name(kind) -> str:
    """The negotiated `PositionEncodingKind` (or None: UTF-16 by the spec) as a plain name."""
    value = getattr(kind, "value", kind)
    return value if value in (UTF8, UTF16, UTF32) else UTF16


def _units(text: bytes, encoding: str) -> int:
    """Length of `text` (a UTF-8 slice within one line) in client units."""
    if encoding == UTF8:
        return len(text)
    s = text.decode("utf-8", "replace")
    if encoding == UTF32 or s.isascii():
        return len(s)
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def line_starts_of(data: bytes) -> list[int]:
    starts = [0]
    find = data.find
    i = find(b"\n")
    while i >= 0:
        starts.append(i + 1)
        i = find(b"\n", i + 1)
    return starts


class LineIndex:
    """Where each line starts, as byte offsets into one version of a document."""

    def __init__(self, data: bytes, starts: list[int] | None = None) -> None:
        self.data = data
        self.starts = starts if starts is not None else line_starts_of(data)

    def line_of(self, byte: int) -> int:
        return bisect.bisect_right(self.starts, byte) - 1

    def line_end(self, line: int) -> int:
        """Byte offset of the end of `line`, before its newline (and a CR before it)."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1] - 1
            if end > self.starts[line] and self.data[end - 1:end] == b"\r":
                end -= 1
            return end
        return len(self.data)

    # -- bytes -> client -------------------------------------------------

    def position(self, byte: int, encoding: str) -> types.Position:
        byte = max(0, min(byte, len(self.data)))
        line = self.line_of(byte)
        start = self.starts[line]
        # A byte offset inside a multi-byte character (never produced by the
        # core, but cheap to guard) rounds down to the character's start.
        while byte > start and (self.data[byte:byte + 1] or b"\0")[0] & 0xC0 == 0x80:
            byte -= 1
        return types.Position(line=line, character=_units(self.data[start:byte], encoding))

    def range(self, start_byte: int, end_byte: int, encoding: str) -> types.Range:
        return types.Range(start=self.position(start_byte, encoding), end=self.position(end_byte, encoding))

    # -- client -> bytes -------------------------------------------------

    def offset(self, position: types.Position, encoding: str) -> int:
        """The byte offset of a client position, clamped into the document (a
        position past the end of a line or of the file is the end of it)."""
        line = position.line
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.data)
        start = self.starts[line]
        end = self.line_end(line)
        want = max(0, position.character)
        if encoding == UTF8:
            byte = min(start + want, end)
            while start < byte < len(self.data) and self.data[byte] & 0xC0 == 0x80:
                byte -= 1  # never split a character
            return byte
        text = self.data[start:end].decode("utf-8", "replace")
        if text.isascii():
            return start + min(want, len(text))
        units = 0
        for i, ch in enumerate(text):
            if units >= want:
                return start + len(text[:i].encode("utf-8"))
            units += 2 if encoding == UTF16 and ord(ch) > 0xFFFF else 1
        return end
