"""Cutting the client's byte stream into JSON-RPC message bodies, whatever it holds.

LSP frames each message with headers (`Content-Length: N`, a blank line) and N
bytes of JSON. A client that gets one length wrong, or a stream with noise in
it, must not leave the server deaf for good, and a huge length must not make it
allocate what it announces. So:

- a header line may carry noise before `Content-Length:` (the rest of a body
  that was longer than announced): the length is taken from the end of the line;
- lines that are not headers are skipped until the next `Content-Length:`;
- an announced length above MAX_CONTENT_LENGTH is refused without reading the
  body: the bytes that follow are scanned for the next header like noise;
- a body that stops arriving while a following header is already in hand (its
  length was too large and it swallowed the next message) is given up and
  reading resumes at that header;
- an over-long header line is cut down to its tail, where a header may start.

Each result is a `Frame`: a body, or a `problem` to answer with a JSON-RPC error.
"""

from __future__ import annotations

import os
import select
from dataclasses import dataclass

# Above this a message is refused unread. Far beyond any Go file an editor sends
# (the server does not analyse documents above 4 MB; it keeps them up to this).
MAX_CONTENT_LENGTH = 64 * 1024 * 1024
# Header lines are short; anything longer is noise, of which only the tail is kept.
MAX_HEADER_LINE = 8192
# How long a body may stall before a following header in hand is believed.
STALL_SECONDS = 0.5

_NAME = b"content-length"
_READ_SIZE = 65536


def length_at_end(line: bytes) -> int | None:
    """N when `line` ends with `Content-Length: N` (any case, noise before it allowed)."""
    i = line.lower().rfind(_NAME)
    if i < 0:
        return None
    name, colon, value = line[i + len(_NAME) :].partition(b":")
    value = value.strip(b" \t\r\n")
    if name.strip(b" \t") or not colon or not value.isdigit() or not line.endswith(b"\n"):
        return None
    return int(value)


def find_header(data: bytes | bytearray) -> int:
    """Where the first complete `Content-Length: N` line in `data` starts, or -1."""
    lower = bytes(data).lower()
    i = lower.find(_NAME)
    while i >= 0:
        end = data.find(b"\n", i)
        if end < 0:
            return -1
        if length_at_end(bytes(data[i : end + 1])) is not None:
            return i
        i = lower.find(_NAME, i + 1)
    return -1


@dataclass
class Frame:
    body: bytes | None = None
    problem: str | None = None  # why no body could be read (answered as a parse error)


class Framer:
    """Reads frames from a file descriptor (blocking; run it on its own thread)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()
        self.eof = False

    def _fill(self, timeout: float | None = None) -> bool:
        """Read more; False at end of input or when `timeout` passed with nothing new."""
        if self.eof:
            return False
        if timeout is not None:
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                return False
        chunk = os.read(self.fd, _READ_SIZE)
        if not chunk:
            self.eof = True
            return False
        self.buffer += chunk
        return True

    def _line(self) -> bytes | None:
        while True:
            i = self.buffer.find(b"\n")
            if i >= 0:
                line = bytes(self.buffer[: i + 1])
                del self.buffer[: i + 1]
                return line
            if len(self.buffer) > MAX_HEADER_LINE:
                del self.buffer[:-64]  # noise; a header may be starting in the tail
            if not self._fill():
                return None

    def next(self) -> Frame | None:
        """The next frame, or None at the end of input."""
        length: int | None = None
        while True:
            line = self._line()
            if line is None:
                return None
            announced = length_at_end(line)
            if announced is not None:
                length = announced  # a later one wins: it is where the stream resynchronised
                continue
            if line.strip():
                continue  # another header (Content-Type), or noise
            if length is None:
                continue  # a blank line with no message announced
            if length > MAX_CONTENT_LENGTH:
                return Frame(
                    problem=f"Content-Length {length} is above the {MAX_CONTENT_LENGTH}-byte limit; message skipped"
                )
            return self._body(length)

    def _body(self, length: int) -> Frame | None:
        while len(self.buffer) < length:
            if self._fill(STALL_SECONDS):
                continue
            if self.eof:
                return None
            # Stalled: if the next message's header is already here, this one's
            # length was too large; give it up and start again at that header.
            start = find_header(self.buffer)
            if start >= 0:
                del self.buffer[:start]
                return Frame(problem=f"message shorter than its Content-Length {length}; skipped")
        body = bytes(self.buffer[:length])
        del self.buffer[:length]
        return Frame(body=body)
