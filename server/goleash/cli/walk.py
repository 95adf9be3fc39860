"""Which files `goleash check` and `goleash fix` look at: Go files under the paths given.

Directories are walked in sorted order so the output does not depend on the file
system. What is left out is decided by goleash.project.files (shared with the
language server): a path named explicitly is always checked, unless
`--force-exclude` applies the exclude patterns to it too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from goleash.project.files import FileSelector


@dataclass
class Discovery:
    files: list[str] = field(default_factory=list)
    # (path, message): a path that does not exist, or a file that is not Go.
    errors: list[tuple[str, str]] = field(default_factory=list)


def discover(paths: list[str], selector: FileSelector | None = None, force_exclude: bool = False) -> Discovery:
    selector = selector or FileSelector()
    found = Discovery()
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    for given in paths:
        path = os.path.normpath(given)
        if os.path.isdir(path):
            if force_exclude and path != "." and selector.excluded(path, is_dir=True):
                continue
            for file in _walk(path, selector):
                add(file)
        elif os.path.exists(path) or os.path.islink(path):
            if not path.endswith(".go"):
                found.errors.append((path, "error: not a Go file (expected a .go file or a directory)"))
            elif not (force_exclude and selector.excluded(path)):
                add(path)
        else:
            found.errors.append((path, "error: no such file or directory"))
    return found


def _walk(top: str, selector: FileSelector):
    for dirpath, dirnames, filenames in os.walk(top):
        kept = []
        for d in sorted(dirnames):
            if not selector.pruned(os.path.join(dirpath, d), is_dir=True, top=top):
                kept.append(d)
        dirnames[:] = kept  # os.walk descends only into what is left here
        for name in sorted(filenames):
            if not name.endswith(".go"):
                continue
            path = os.path.normpath(os.path.join(dirpath, name))
            if not selector.pruned(path, is_dir=False, top=top):
                yield path
