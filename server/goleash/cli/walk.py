"""Which files `goleash check` and `goleash fix` look at: Go files under the paths given.

Directories are walked in sorted order so the output does not depend on the file
system. What is left out is decided by goleash.project.files (shared with the
language server): a path named explicitly is always checked, unless
`--force-exclude` applies the exclude patterns to it too.

Symbolic links found in the walk are followed only while they stay inside the
tree being checked (the path given, or the current directory when that holds
it): a link to a file or directory elsewhere is skipped with a message unless
`--follow-links`, and a followed directory link is never walked twice (a link
to its own parent would not end).
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
    # (path, why): left out of the walk, said on stderr, not an error (a link out of the tree).
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # The trees being checked (real paths): nothing outside them is read unless asked.
    roots: list[str] = field(default_factory=list)
    follow_links: bool = False

    def outside(self, path: str) -> bool:
        """Does `path` (a link, typically) lead out of every tree being checked?"""
        return not self.follow_links and not any(
            within(os.path.realpath(path), r) for r in self.roots
        )


def within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def tree_root(path: str) -> str:
    """The tree a given path stands for: itself (a directory) or its directory, widened to
    the current directory when that holds it (`goleash check pkg/a.go` may read `pkg/b.go`)."""
    real = os.path.realpath(path if os.path.isdir(path) else (os.path.dirname(path) or "."))
    cwd = os.path.realpath(os.getcwd())
    return cwd if within(real, cwd) else real


def discover(
    paths: list[str],
    selector: FileSelector | None = None,
    force_exclude: bool = False,
    follow_links: bool = False,
) -> Discovery:
    selector = selector or FileSelector()
    found = Discovery(follow_links=follow_links)
    found.roots = sorted({tree_root(os.path.normpath(p)) for p in paths if os.path.exists(p)})
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
            for file in _walk(path, selector, found):
                add(file)
        elif os.path.exists(path) or os.path.islink(path):
            if not path.endswith(".go"):
                found.errors.append(
                    (path, "error: not a Go file (expected a .go file or a directory)")
                )
            elif not (force_exclude and selector.excluded(path)):
                add(path)
        else:
            found.errors.append((path, "error: no such file or directory"))
    return found


def _walk(top: str, selector: FileSelector, found: Discovery):
    walked = {os.path.realpath(top)}
    for dirpath, dirnames, filenames in os.walk(top, followlinks=found.follow_links):
        kept = []
        for d in sorted(dirnames):
            sub = os.path.join(dirpath, d)
            if selector.pruned(sub, is_dir=True, top=top):
                continue
            if os.path.islink(sub):
                real = os.path.realpath(sub)
                if found.outside(sub):
                    found.skipped.append(
                        (
                            os.path.normpath(sub),
                            "a link out of the checked tree (--follow-links follows it)",
                        )
                    )
                    continue
                if not found.follow_links or real in walked:
                    continue  # inside the tree: walked where it really is
                walked.add(real)
            kept.append(d)
        dirnames[:] = kept  # os.walk descends only into what is left here
        for name in sorted(filenames):
            if not name.endswith(".go"):
                continue
            path = os.path.normpath(os.path.join(dirpath, name))
            if selector.pruned(path, is_dir=False, top=top):
                continue
            if os.path.islink(path) and found.outside(path):
                found.skipped.append(
                    (path, "a link out of the checked tree (--follow-links follows it)")
                )
                continue
            yield path
