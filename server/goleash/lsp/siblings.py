"""The other files of a document's package: open buffers first, else the disk.

`go worker(ch)` may start a function declared in another file of the same
directory. The engine asks for those files lazily (only when a name does not
resolve in the document itself), so this returns a callable. Disk files are
cached by (mtime, size) so a keystroke does not re-read and re-parse them.

Only regular files are read (a FIFO or a link to /dev/zero would block or never
end), and only inside the workspace folders, by their real path: a document
outside every folder, or reached through `..` or a link that leaves them, gets no
siblings from the disk (its open neighbours still count). Without workspace
folders the document's own directory is the boundary.
"""

from __future__ import annotations

import logging
import os

from goleash.regular_files import NotRegularFile, read_regular_file
from goleash.source import SourceFile, valid_utf8

log = logging.getLogger(__name__)

MAX_SIBLING_BYTES = 2 * 1024 * 1024


class DiskCache:
    def __init__(self) -> None:
        self._files: dict[str, tuple[tuple[int, int], SourceFile]] = {}

    def load(self, path: str) -> SourceFile | None:
        try:
            st = os.stat(path)
        except OSError:
            self._files.pop(path, None)
            return None
        key = (st.st_mtime_ns, st.st_size)
        cached = self._files.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        if st.st_size > MAX_SIBLING_BYTES:
            log.info("not reading %s for its declarations: %d bytes", path, st.st_size)
            return None
        try:
            data = read_regular_file(path, MAX_SIBLING_BYTES)
        except NotRegularFile as exc:
            log.info("not reading %s: %s", path, exc.reason)
            return None
        except OSError as exc:
            log.info("cannot read %s: %s", path, exc)
            return None
        # Invalid UTF-8 becomes U+FFFD, as the editor shows it: the analysis (and its
        # fixes) may decode any name it reads.
        source = SourceFile(path, valid_utf8(data))
        self._files[path] = (key, source)
        return source

    def forget(self, path: str) -> None:
        self._files.pop(path, None)


def inside(path: str, roots: list[str]) -> bool:
    """Is `path`, really (links and `..` resolved), inside one of `roots`?"""
    real = os.path.realpath(path)
    return any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def package_files(
    directory: str,
    open_sources: dict[str, SourceFile],
    disk: DiskCache,
    exclude: str,
    roots: list[str] | None = None,
):
    """Every .go file in `directory` except `exclude`: open buffers win over disk, and
    the disk is read only inside `roots` (the workspace folders' real paths; None: the
    directory's own real path)."""
    roots = [os.path.realpath(r) for r in roots] if roots else [os.path.realpath(directory)]

    def files():
        out: list[SourceFile] = [
            s for p, s in open_sources.items() if p != exclude and os.path.dirname(p) == directory
        ]
        seen = {s.path for s in out} | {exclude}
        if os.path.normpath(directory) != directory or not inside(directory, roots):
            log.info("not reading the files next to %s: outside the workspace", exclude)
            return out
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            names = []
        for name in names:
            path = os.path.join(directory, name)
            if not name.endswith(".go") or path in seen:
                continue
            if not inside(path, roots):
                log.info("not reading %s: a link out of the workspace", path)
                continue
            source = disk.load(path)
            if source is not None:
                out.append(source)
        return out

    return files
