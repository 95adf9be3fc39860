"""Each file's goleash.toml, read once and re-read when it changes on disk.

The CLI asks once per directory and stops at the first bad file; the language
server asks on every check and, when a file turns bad, keeps using the last
version that was good (and is told about the error, to say so once).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from goleash.project import config_file
from goleash.project.config_file import ConfigError, ProjectConfig


@dataclass(frozen=True)
class Lookup:
    config: ProjectConfig | None
    error: ConfigError | None = None  # the file is bad; `config` is its last good version, if any


class ConfigStore:
    def __init__(self, explicit: str | None = None, isolated: bool = False) -> None:
        # `explicit`: one file for everything (--config); `isolated`: no file at all.
        self.explicit = os.path.abspath(explicit) if explicit else None
        self.isolated = isolated
        self._nearest: dict[str, str | None] = {}
        self._loaded: dict[str, tuple[tuple[int, int], Lookup]] = {}
        self._good: dict[str, ProjectConfig] = {}

    def nearest(self, path: str) -> str | None:
        if self.isolated:
            return None
        if self.explicit:
            return self.explicit
        directory = os.path.dirname(os.path.abspath(path))
        if directory not in self._nearest:
            self._nearest[directory] = config_file.find(directory)
        return self._nearest[directory]

    def lookup(self, path: str) -> Lookup:
        toml = self.nearest(path)
        if toml is None:
            return Lookup(None)
        try:
            st = os.stat(toml)
            stamp = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamp = (-1, -1)
        cached = self._loaded.get(toml)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            config = config_file.load(toml)
            self._good[toml] = config
            result = Lookup(config)
        except ConfigError as exc:
            result = Lookup(self._good.get(toml), exc)
        self._loaded[toml] = (stamp, result)
        return result

    def stale(self) -> bool:
        """Has a file read before changed on disk (or appeared, or gone away)?"""
        for toml, (stamp, _) in self._loaded.items():
            try:
                st = os.stat(toml)
                now = (st.st_mtime_ns, st.st_size)
            except OSError:
                now = (-1, -1)
            if now != stamp:
                return True
        return False

    def forget(self) -> None:
        """A goleash.toml appeared, changed or went away: search and read again."""
        self._nearest.clear()
        self._loaded.clear()
