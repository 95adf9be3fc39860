"""The Go version a file is built with, from the nearest go.mod's `go` directive.

Some leaks depend on it (Go 1.23 made unreferenced tickers collectable). Looked up
once per directory; a file that is not on disk (an editor buffer of a new file, a
test snippet) has no known version.

The lookup walks up from the file's directory and stops at the first go.mod (the
module root), at a repository root (a directory holding `.git`), and at the
boundaries its driver sets: the workspace folders in the language server, the
trees being checked in the CLI. It never climbs to `/` past them, and it reads a
go.mod only when it is a regular file (a FIFO named go.mod would block).
"""

from __future__ import annotations

import functools
import logging
import os
import re

from goleash.regular_files import NotRegularFile, read_regular_file

log = logging.getLogger(__name__)

_GO_DIRECTIVE = re.compile(rb"^go\s+(\d+)\.(\d+)", re.MULTILINE)
MAX_GO_MOD_BYTES = 1024 * 1024

_boundaries: tuple[str, ...] = ()


def set_boundaries(directories) -> None:
    """Directories the lookup does not climb above (the workspace, the checked trees)."""
    global _boundaries
    _boundaries = tuple(sorted({os.path.realpath(d) for d in directories if d}))
    _version_in.cache_clear()


def go_version_for(path: str) -> tuple[int, int] | None:
    directory = os.path.dirname(os.path.abspath(path))
    return _version_in(directory)


def _stops_at(directory: str) -> bool:
    if os.path.realpath(directory) in _boundaries:
        return True
    return os.path.exists(os.path.join(directory, ".git"))


@functools.lru_cache(maxsize=1024)
def _version_in(directory: str) -> tuple[int, int] | None:
    while True:
        candidate = os.path.join(directory, "go.mod")
        try:
            data = read_regular_file(candidate, MAX_GO_MOD_BYTES)
        except NotRegularFile as exc:
            log.warning("%s: not read: %s", candidate, exc.reason)
            return None
        except OSError:
            pass
        else:
            m = _GO_DIRECTIVE.search(data[:65536])
            return (int(m.group(1)), int(m.group(2))) if m else None
        if _stops_at(directory):
            return None
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def forget() -> None:
    """A go.mod changed on disk (the editor's file watcher says so): look again."""
    _version_in.cache_clear()
