"""Job planning: the files to check, grouped into one job per directory.

A directory is the unit of work (in this process or in a worker: cli.pool) because
a package lives in one directory: its files are read and parsed once, and a call
to a function declared in a file that was not named is resolved from the
directory's other Go files (`sibling_paths`, read only when a goroutine needs them).
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field

from goleash.cli import walk
from goleash.cli.loading import STDIN_TEXT


@dataclass
class DirectoryJob:
    directory: str
    paths: list[str]  # files to check
    sibling_paths: list[str] = field(default_factory=list)  # read only to resolve callees
    size: int = 0  # bytes of the files to check: bigger jobs go to the pool first


def plan(
    files: list[str], stdin_names: tuple[str, ...] = (), found: walk.Discovery | None = None
) -> list[DirectoryJob]:
    by_dir: dict[str, list[str]] = defaultdict(list)
    for path in files:
        by_dir[os.path.dirname(path)].append(path)
    jobs = []
    for directory, paths in by_dir.items():
        named = set(paths) | set(stdin_names)
        siblings = []
        try:
            entries = sorted(os.listdir(directory or "."))
        except OSError:
            entries = []
        if any(p == "-" for p in paths):
            entries = []  # stdin without --stdin-filename: no package around it
        for name in entries:
            candidate = os.path.join(directory, name) if directory else name
            if name.endswith(".go") and candidate not in named and os.path.isfile(candidate):
                if os.path.islink(candidate) and found is not None and found.outside(candidate):
                    continue  # a link out of the checked tree: not read unless --follow-links
                siblings.append(candidate)
        size = sum(_size(p) for p in paths)
        jobs.append(DirectoryJob(directory, paths, siblings, size))
    return jobs


def plan_found(found: walk.Discovery) -> list[DirectoryJob]:
    """The jobs for what `prepare` found, stdin's text included."""
    return plan(found.files, tuple(STDIN_TEXT), found)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
