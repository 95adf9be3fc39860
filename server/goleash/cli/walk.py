"""Which files `goleash check` looks at: Go files under the paths it is given.

Directories are walked in sorted order so the output does not depend on the file
system. Paths named explicitly are always checked; the default excludes (and
`--exclude`) only apply to what the walk finds beneath them, like `go vet ./...`
skipping `vendor/` and `testdata/` unless you point at them.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field

# Directories the go tool itself ignores in `./...` patterns, plus vendored code.
DEFAULT_EXCLUDED_DIRS = ("vendor", "testdata")


@dataclass
class Discovery:
    files: list[str] = field(default_factory=list)
    # (path, message): a path that does not exist, or a file that is not Go.
    errors: list[tuple[str, str]] = field(default_factory=list)


def is_default_excluded(dirname: str) -> bool:
    # The go tool skips directories starting with "." or "_" and "testdata".
    return dirname in DEFAULT_EXCLUDED_DIRS or dirname.startswith((".", "_"))


def _matches(globs: tuple[str, ...], name: str, relpath: str) -> bool:
    return any(fnmatch.fnmatchcase(name, g) or fnmatch.fnmatchcase(relpath, g) for g in globs)


def discover(
    paths: list[str],
    excludes: tuple[str, ...] = (),
    default_excludes: bool = True,
) -> Discovery:
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
            for file in _walk(path, excludes, default_excludes):
                add(file)
        elif os.path.exists(path) or os.path.islink(path):
            if not path.endswith(".go"):
                found.errors.append((path, "error: not a Go file (expected a .go file or a directory)"))
            else:
                add(path)
        else:
            found.errors.append((path, "error: no such file or directory"))
    return found


def _walk(top: str, excludes: tuple[str, ...], default_excludes: bool):
    for dirpath, dirnames, filenames in os.walk(top):
        rel_dir = os.path.relpath(dirpath, top)
        kept = []
        for d in sorted(dirnames):
            rel = os.path.normpath(os.path.join(rel_dir, d))
            if default_excludes and is_default_excluded(d):
                continue
            if _matches(excludes, d, rel):
                continue
            kept.append(d)
        dirnames[:] = kept  # os.walk descends only into what is left here
        for name in sorted(filenames):
            if not name.endswith(".go") or (default_excludes and name.startswith((".", "_"))):
                continue
            if _matches(excludes, name, os.path.normpath(os.path.join(rel_dir, name))):
                continue
            yield os.path.join(dirpath, name) if dirpath != "." else name
