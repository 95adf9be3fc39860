"""Per-file settings for `check` and `fix`: goleash.toml, then the command line.

The command line is read once into Overrides; each file then gets the settings
of its nearest goleash.toml with those overrides on top (see
goleash.project.resolve for the precedence). A bad goleash.toml stops the run
before anything is checked, with one line naming the file, line and key.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from goleash.config import Settings
from goleash.model import Severity
from goleash.project.config_file import ConfigError
from goleash.project.files import FileSelector
from goleash.project.resolve import Overrides, effective_settings, path_part
from goleash.project.store import ConfigStore
from goleash.rules import ALL_RULES, get


class UsageError(Exception):
    pass


def _split(values: Iterable[str] | None) -> list[str]:
    return [part.strip() for v in values or () for part in v.split(",") if part.strip()]


def _rule_pattern(pattern: str, option: str) -> str:
    rule = get(pattern)
    if rule is not None:
        return rule.code
    upper = pattern.upper()
    if upper.startswith("GL") and any(r.code.startswith(upper) for r in ALL_RULES):
        return upper
    raise UsageError(f"unknown rule code or name in {option}: {pattern!r} (see `goleash rules`)")


def overrides_from(args) -> Overrides:
    select = (
        tuple(_rule_pattern(p, "--select") for p in _split(args.select))
        if args.select is not None
        else None
    )
    ignore = (
        tuple(_rule_pattern(p, "--ignore") for p in _split(args.ignore))
        if args.ignore is not None
        else None
    )
    severity: dict[str, Severity] = {}
    for item in _split(getattr(args, "severity", None)):
        code, sep, level = item.partition("=")
        rule = get(code)
        if not sep or rule is None:
            raise UsageError(f"--severity expects CODE=LEVEL with a known rule code, got {item!r}")
        try:
            severity[rule.code] = Severity.parse(level)
        except KeyError:
            raise UsageError(
                f"--severity {item!r}: level must be hint, info, warning or error"
            ) from None
    return Overrides(
        select=select,
        ignore=ignore,
        severity=severity,
        include_generated=True if getattr(args, "include_generated", False) else None,
        preview=getattr(args, "preview", None),
    )


class SettingsResolver:
    """Settings per file; picklable, so worker processes get a copy."""

    def __init__(self, store: ConfigStore, overrides: Overrides) -> None:
        self.store = store
        self.overrides = overrides
        self._cache: dict[tuple, Settings] = {}

    def for_file(self, path: str) -> Settings:
        config = self.store.lookup(path).config
        key = (config.path if config else None, path_part(config, path))
        settings = self._cache.get(key)
        if settings is None:
            settings = self._cache[key] = effective_settings(config, self.overrides, path)
        return settings

    def errors(self, paths: Iterable[str]) -> list[ConfigError]:
        """Every bad goleash.toml the given files would use, each once."""
        seen: dict[str, ConfigError] = {}
        for path in paths:
            error = self.store.lookup(path).error
            if error is not None:
                seen.setdefault(error.path, error)
        return list(seen.values())


# One set of settings for every file, or each file's own (its goleash.toml).
SettingsSource = Settings | SettingsResolver


def settings_lookup(settings: SettingsSource) -> Callable[[str], Settings]:
    """The settings of a file, by its path."""
    if isinstance(settings, SettingsResolver):
        return settings.for_file
    return lambda path: settings


def store_from(args) -> ConfigStore:
    if args.config and not os.path.isfile(args.config):
        raise UsageError(f"--config {args.config}: no such file")
    return ConfigStore(explicit=args.config, isolated=args.isolated)


def selector_from(args, store: ConfigStore) -> FileSelector:
    return FileSelector(
        store=store,
        excludes=tuple(args.exclude),
        exclude_root=".",
        default_excludes=not args.no_default_excludes,
        respect_gitignore=args.respect_gitignore,
    )


def config_errors(resolver: SettingsResolver, paths: Iterable[str]) -> list[str]:
    """Lines for stderr, one per bad goleash.toml."""
    return [f"{e}" for e in resolver.errors(paths)]


def selection_probe_paths(paths: list[str]) -> list[str]:
    """Where to look for a goleash.toml before walking: the config decides the walk's excludes."""
    out = []
    for p in paths:
        out.append(os.path.join(p, "x.go") if os.path.isdir(p) else p)
    return out
