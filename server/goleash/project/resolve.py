"""The engine settings for one file: its goleash.toml, then the overrides.

Precedence, lowest first: the defaults, goleash.toml, then command-line flags
(for `goleash check` / `fix`) or editor settings (for the language server). An
override replaces the file's value for that key (`--select` replaces `select`);
severities merge rule by rule. Per-path ignores always apply on top.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from goleash.analysis.package import is_test_file
from goleash.config import Settings
from goleash.model import Severity
from goleash.project.config_file import ProjectConfig


@dataclass(frozen=True)
class Overrides:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    severity: dict[str, Severity] = field(default_factory=dict)
    include_generated: bool | None = None
    preview: bool | None = None


def _first(*values, default):
    return next((v for v in values if v is not None), default)


def preview_rules() -> tuple[str, ...]:
    """Codes of the rules still in preview (a rule says so with `preview = True`)."""
    from goleash.rules import ALL_RULES

    return tuple(r.code for r in ALL_RULES if getattr(r, "preview", False))


def preview_in_tests_rules() -> tuple[str, ...]:
    """Codes of the rules in preview in `_test.go` files only (TESTS_IN_PREVIEW)."""
    from goleash.rules import ALL_RULES

    return tuple(r.code for r in ALL_RULES if getattr(r, "preview_in_tests", False))


def path_part(config: ProjectConfig | None, path: str) -> tuple[object, ...]:
    """What of a file's settings depends on its path, for caches of settings keyed by
    it: the per-path ignores, and whether it is a test file (TESTS_IN_PREVIEW)."""
    return (config.per_path_ignores(path) if config else (), is_test_file(path))


def effective_settings(
    config: ProjectConfig | None, overrides: Overrides, path: str | None = None
) -> Settings:
    select = _first(overrides.select, config.select if config else None, default=())
    ignore = _first(overrides.ignore, config.ignore if config else None, default=())
    if config is not None and path is not None:
        ignore = ignore + config.per_path_ignores(path)
    preview = _first(overrides.preview, config.preview if config else None, default=False)
    if not preview:
        ignore = ignore + preview_rules()
        if path is not None and is_test_file(path):
            ignore = ignore + preview_in_tests_rules()
    severity = dict(config.severity) if config else {}
    severity.update(overrides.severity)
    include_generated = _first(
        overrides.include_generated, config.include_generated if config else None, default=False
    )
    return Settings(
        select=tuple(select),
        ignore=tuple(dict.fromkeys(ignore)),
        severity=severity,
        include_generated=include_generated,
        preview=preview,
    )
