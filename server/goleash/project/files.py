"""Which Go files are checked: one implementation for the CLI and the server.

Three sources of exclusion, all gitignore-style patterns (the `pathspec`
library, so `vendor/`, `*_mock.go`, `internal/**/gen/` and `!keep.go` mean
what they mean in a .gitignore):

- `exclude` in goleash.toml, relative to that file's directory;
- `--exclude` on the command line (relative to the current directory) or the
  editor's `exclude` setting (relative to the workspace folder);
- the repository's `.gitignore` files (and `.git/info/exclude`), unless
  `--no-respect-gitignore` or `respect-gitignore = false`.

Plus the go tool's own rule for `./...`: directories named `vendor` or
`testdata`, or starting with `.` or `_`, are not walked into
(`--no-default-excludes`). These prune a walk (also the walk of a directory
named on the command line, though a named directory that .gitignore ignores is
still walked); a file named on the command line is always checked
unless `--force-exclude`, which applies the patterns to it (the pre-commit hooks
pass it, since pre-commit names every file). The
language server treats an open document like a forced path: patterns apply,
walk pruning does not.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pathspec

from goleash.project.config_file import relative_to
from goleash.project.store import ConfigStore

DEFAULT_EXCLUDED_DIRS = ("vendor", "testdata")


def is_default_excluded(dirname: str) -> bool:
    return dirname in DEFAULT_EXCLUDED_DIRS or dirname.startswith((".", "_"))


class GitIgnores:
    """The .gitignore rules that apply to a path inside a git work tree."""

    def __init__(self) -> None:
        self._roots: dict[str, str | None] = {}
        self._specs: dict[str, pathspec.PathSpec | None] = {}

    def repo_root(self, directory: str) -> str | None:
        if directory in self._roots:
            return self._roots[directory]
        root: str | None
        if os.path.exists(os.path.join(directory, ".git")):
            root = directory
        else:
            parent = os.path.dirname(directory)
            root = None if parent == directory else self.repo_root(parent)
        self._roots[directory] = root
        return root

    def _spec(self, file: str) -> pathspec.PathSpec | None:
        if file not in self._specs:
            try:
                with open(file, encoding="utf-8", errors="replace") as fh:
                    self._specs[file] = pathspec.GitIgnoreSpec.from_lines(fh.read().splitlines())
            except OSError:
                self._specs[file] = None
        return self._specs[file]

    def ignored(self, path: str, is_dir: bool = False) -> bool:
        path = os.path.abspath(path)
        root = self.repo_root(os.path.dirname(path))
        if root is None:
            return False
        rel = relative_to(path, root)
        if rel is None or rel == ".":
            return False
        parts = rel.split("/")
        # A file inside an ignored directory is ignored whatever its own rules say.
        for i in range(1, len(parts) + 1):
            if self._decide(root, parts[:i], is_dir or i < len(parts)):
                return True
        return False

    def _decide(self, root: str, parts: list[str], is_dir: bool) -> bool:
        # The deepest .gitignore with a matching rule decides, then .git/info/exclude.
        for depth in range(len(parts) - 1, -1, -1):
            spec = self._spec(os.path.join(root, *parts[:depth], ".gitignore"))
            if spec is None:
                continue
            decision = _check(spec, "/".join(parts[depth:]) + ("/" if is_dir else ""))
            if decision is not None:
                return decision
        spec = self._spec(os.path.join(root, ".git", "info", "exclude"))
        return bool(spec is not None and _check(spec, "/".join(parts) + ("/" if is_dir else "")))


def _check(spec: pathspec.PathSpec, rel: str) -> bool | None:
    return spec.check_file(rel).include


@dataclass
class FileSelector:
    store: ConfigStore = field(default_factory=ConfigStore)
    excludes: tuple[str, ...] = ()  # from the command line or the editor
    exclude_root: str = "."  # what `excludes` are relative to
    default_excludes: bool = True
    respect_gitignore: bool | None = None  # None: goleash.toml says, else yes
    gitignores: GitIgnores = field(default_factory=GitIgnores)

    def __post_init__(self) -> None:
        self._extra = pathspec.GitIgnoreSpec.from_lines(self.excludes)
        self._ignored_tops: dict[str, bool] = {}
        self.exclude_root = os.path.abspath(self.exclude_root)

    def excluded(self, path: str, is_dir: bool = False) -> bool:
        """Matched by an exclude pattern (goleash.toml's or the overrides')."""
        suffix = "/" if is_dir else ""
        config = self.store.lookup(path).config
        if config is not None and config.exclude:
            rel = relative_to(path, config.root)
            if rel not in (None, ".") and config.exclude_spec.match_file(rel + suffix):
                return True
        if self.excludes:
            rel = relative_to(path, self.exclude_root)
            target = (
                rel if rel is not None else os.path.abspath(path).lstrip("/").replace(os.sep, "/")
            )
            if target != "." and self._extra.match_file(target + suffix):
                return True
        return False

    def gitignored(self, path: str, is_dir: bool = False, top: str | None = None) -> bool:
        """Ignored by git. Below a directory named on the command line that git
        itself ignores (`goleash check build/`), .gitignore is not applied: you
        asked for that directory."""
        respect = self.respect_gitignore
        if respect is None:
            config = self.store.lookup(path).config
            respect = (
                config.respect_gitignore
                if config is not None and config.respect_gitignore is not None
                else True
            )
        if not respect:
            return False
        if top is not None:
            top = os.path.abspath(top)
            if top not in self._ignored_tops:
                self._ignored_tops[top] = self.gitignores.ignored(top, is_dir=True)
            if self._ignored_tops[top]:
                return False
        return self.gitignores.ignored(path, is_dir)

    def pruned(self, path: str, is_dir: bool, top: str | None = None) -> bool:
        """Left out of the walk of directory `top`."""
        name = os.path.basename(path)
        if name == ".git":
            return True
        if self.default_excludes and (
            is_default_excluded(name) if is_dir else name.startswith((".", "_"))
        ):
            return True
        return self.excluded(path, is_dir) or self.gitignored(path, is_dir, top)
