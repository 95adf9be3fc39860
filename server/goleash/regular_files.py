"""Reading a file only when it is a regular file, without ever blocking on one that is not.

A FIFO named `x.go` or `go.mod` blocks an `open()` for reading until a writer
comes; a link to /dev/zero never ends. The file is opened non-blocking, then
looked at through its descriptor (no window between the look and the read),
and read only when it is a regular file, up to a size limit when there is one.
"""

from __future__ import annotations

import os
import stat

_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


class NotRegularFile(OSError):
    """Not read: `reason` says what it is instead (or that it is too large)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason


def kind_of(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_regular_file(path: str, max_bytes: int | None = None) -> bytes:
    """The file's bytes; NotRegularFile for anything else, OSError when it cannot be read."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(path, f"not a regular file ({kind_of(st.st_mode)})")
        if max_bytes is not None and st.st_size > max_bytes:
            raise NotRegularFile(path, f"{st.st_size} bytes, above the {max_bytes}-byte limit")
        chunks = []
        left = st.st_size if max_bytes is None else max_bytes + 1
        while True:
            chunk = os.read(fd, max(65536, min(left, 1 << 24)))
            if not chunk:
                break
            chunks.append(chunk)
            if max_bytes is not None:
                left -= len(chunk)
                if left <= 0:  # grew while read
                    raise NotRegularFile(path, f"above the {max_bytes}-byte limit")
        return b"".join(chunks)
    finally:
        os.close(fd)
