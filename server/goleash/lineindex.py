"""Lines and columns of one version of a file: the one place that counts them.

The core speaks UTF-8 byte offsets. Editors and report formats count a column in
other units: UTF-16 code units (LSP's default, SARIF, GitHub), UTF-8 bytes (Neovim
0.11+, `go vet`) or code points. Every conversion between a byte offset and a
(line, column) in some unit is done here; the language server and the report
formats only wrap the results in their own types.
"""

from __future__ import annotations

import bisect
import itertools

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"
ENCODINGS = (UTF8, UTF16, UTF32)


def line_starts_of(data: bytes) -> list[int]:
    """The byte offset where each line starts (the first is 0; a final newline starts an
    empty last line)."""
    # Line lengths from one split, summed in C: a keystroke in a large file asks again.
    starts = [0]
    starts.extend(itertools.accumulate(len(line) + 1 for line in data.split(b"\n")))
    starts.pop()  # past the end: no line starts there
    return starts


def code_units(text: bytes, encoding: str) -> int:
    """The length of `text` (UTF-8, within one line) in `encoding`'s code units."""
    if encoding == UTF8:
        return len(text)
    if text.isascii():
        return len(text)
    s = text.decode("utf-8", "replace")
    if encoding == UTF32:
        return len(s)
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def _is_continuation(byte: int) -> bool:
    """A UTF-8 continuation byte (10xxxxxx): not the start of a character."""
    return byte & 0xC0 == 0x80


class LineIndex:
    """Where each line of one version of a file starts, and columns in any unit."""

    def __init__(self, data: bytes, starts: list[int] | None = None) -> None:
        self.data = data
        self.starts = starts if starts is not None else line_starts_of(data)

    def line_of(self, byte: int) -> int:
        """The 0-based line holding `byte`."""
        return bisect.bisect_right(self.starts, byte) - 1

    def line_end(self, line: int) -> int:
        """Byte offset of the end of `line`, before its newline (and a CR before it)."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1] - 1
            if end > self.starts[line] and self.data[end - 1 : end] == b"\r":
                end -= 1
            return end
        return len(self.data)

    def line_text(self, line: int) -> bytes:
        """The text of `line` without its line ending; b"" for a line that does not exist."""
        if line < 0 or line >= len(self.starts):
            return b""
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.data)
        return self.data[self.starts[line] : end].rstrip(b"\r")

    def row_column(self, byte: int) -> tuple[int, int]:
        """(0-based line, UTF-8 byte column) of `byte`, clamped into the file."""
        byte = max(0, min(byte, len(self.data)))
        line = self.line_of(byte)
        return line, byte - self.starts[line]

    def line_column(self, byte: int, encoding: str) -> tuple[int, int]:
        """(0-based line, 0-based column in `encoding`'s units) of `byte`, clamped into the
        file. An offset inside a multi-byte character (never produced by the core, but
        cheap to guard) counts from the character's start."""
        byte = max(0, min(byte, len(self.data)))
        line = self.line_of(byte)
        start = self.starts[line]
        while byte > start and _is_continuation((self.data[byte : byte + 1] or b"\0")[0]):
            byte -= 1
        return line, code_units(self.data[start:byte], encoding)

    def offset_at(self, line: int, column: int, encoding: str) -> int:
        """The byte offset of (0-based line, column in `encoding`'s units), clamped into the
        file: a column past the end of its line, or a line past the end of the file, is
        that end; a column never splits a character."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.data)
        start = self.starts[line]
        end = self.line_end(line)
        want = max(0, column)
        if encoding == UTF8:
            byte = min(start + want, end)
            while start < byte < len(self.data) and _is_continuation(self.data[byte]):
                byte -= 1
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
