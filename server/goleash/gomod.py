"""The Go version a file is built with, from the nearest go.mod's `go` directive.

Some leaks depend on it (Go 1.23 made unreferenced tickers collectable). Looked up
once per directory; a file that is not on disk (an editor buffer of a new file, a
test snippet) has no known version.
"""

from __future__ import annotations

import functools
import os
import re

_GO_DIRECTIVE = re.compile(rb"^go\s+(\d+)\.(\d+)", re.MULTILINE)


def go_version_for(path: str) -> tuple[int, int] | None:
    directory = os.path.dirname(os.path.abspath(path))
    return _version_in(directory)


@functools.lru_cache(maxsize=1024)
def _version_in(directory: str) -> tuple[int, int] | None:
    while True:
        candidate = os.path.join(directory, "go.mod")
        try:
            with open(candidate, "rb") as fh:
                m = _GO_DIRECTIVE.search(fh.read(65536))
            return (int(m.group(1)), int(m.group(2))) if m else None
        except OSError:
            pass
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def forget() -> None:
    """A go.mod changed on disk (the editor's file watcher says so): look again."""
    _version_in.cache_clear()
