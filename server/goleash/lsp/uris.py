"""file:// URIs <-> paths (the core names files by path)."""

from __future__ import annotations

import functools

from pygls.uris import from_fs_path, to_fs_path


@functools.lru_cache(maxsize=4096)
def uri_to_path(uri: str) -> str:
    # Untitled buffers and other schemes still need a stable name for the core.
    return to_fs_path(uri) or uri


@functools.lru_cache(maxsize=4096)
def path_to_uri(path: str) -> str:
    return from_fs_path(path) or path
