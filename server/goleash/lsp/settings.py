"""The server's settings: one schema, mirrored by the VS Code and Neovim clients.

Settings arrive as a JSON object (the `goleash` section) from
`initializationOptions`, `workspace/configuration` or
`workspace/didChangeConfiguration`. Each key below is optional; an unknown key or
a value of the wrong type is reported (as a warning the server logs) and the
default is used instead, so a typo never stops the server.

- ``enable`` (bool, default ``true``): run goleash at all. When false, every
  diagnostic is cleared and no code actions are offered.
- ``select`` (list of str, default ``[]``): rule codes, code prefixes (``"GL0"``)
  or rule names to run; empty means every rule.
- ``ignore`` (list of str, default ``[]``): rule codes, prefixes or names never to
  run; wins over ``select``.
- ``severity`` (object, default ``{}``): per-rule severity override, e.g.
  ``{"GL003": "error"}``; values are ``"error"``, ``"warning"``,
  ``"information"`` or ``"hint"``.
- ``delay`` (int, milliseconds, default ``250``): how long the server waits after
  the last keystroke before it re-checks a document; 0 checks at once.
- ``run`` (``"onType"`` or ``"onSave"``, default ``"onType"``): re-check while
  typing, or only when a document is opened or saved.
- ``exclude`` (list of str, default ``[]``): gitignore-style patterns
  (``vendor/``, ``*_test.go``, ``/internal/gen/``), relative to the workspace
  folder; matching files get no diagnostics. The same matcher as ``goleash check
  --exclude`` and goleash.toml's ``exclude`` (goleash.project.files).
- ``includeGenerated`` (bool, default ``false``): also check generated files
  (``// Code generated ... DO NOT EDIT.``).
- ``preview`` (bool, default ``false``): also run the rules still in preview, and
  stable rules on what they report only in preview (as ``goleash check --preview``).

These override the nearest goleash.toml key by key; a setting left at its
default (an empty list, false) leaves the file's value in force (see
goleash.lsp.project).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Any

from goleash.config import Settings
from goleash.model import Severity

SECTION = "goleash"

RUN_ON_TYPE = "onType"
RUN_ON_SAVE = "onSave"
SEVERITY_NAMES = ("error", "warning", "information", "hint")


@dataclass(frozen=True)
class ServerSettings:
    enable: bool = True
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    delay: int = 250
    run: str = RUN_ON_TYPE
    exclude: tuple[str, ...] = ()
    includeGenerated: bool = False
    preview: bool = False

    def engine_settings(self) -> Settings:
        return Settings(
            select=self.select,
            ignore=self.ignore,
            severity={code: Severity.parse(name) for code, name in self.severity.items()},
            include_generated=self.includeGenerated,
        )

    def excludes(self, path: str, root: str | None = None) -> bool:
        """Does an `exclude` pattern match `path` (relative to `root`, the workspace folder)?"""
        from goleash.project.files import FileSelector
        from goleash.project.store import ConfigStore

        if not self.exclude:
            return False
        selector = FileSelector(
            ConfigStore(isolated=True), self.exclude, root or os.sep, default_excludes=False
        )
        return selector.excluded(path)


DEFAULTS = ServerSettings()
KNOWN = {f.name for f in fields(ServerSettings)}


def _str_list(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _check(key: str, value: Any) -> tuple[Any, str | None]:
    """The parsed value of one setting, or (None, why it was refused)."""
    if key in ("enable", "includeGenerated", "preview"):
        if isinstance(value, bool):
            return value, None
        return None, "expected true or false"
    if key in ("select", "ignore", "exclude"):
        parsed = _str_list(value)
        return (parsed, None) if parsed is not None else (None, "expected a list of strings")
    if key == "delay":
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
            return int(value), None
        return None, "expected a number of milliseconds >= 0"
    if key == "run":
        if value in (RUN_ON_TYPE, RUN_ON_SAVE):
            return value, None
        return None, f'expected "{RUN_ON_TYPE}" or "{RUN_ON_SAVE}"'
    if key == "severity":
        if not isinstance(value, dict):
            return None, 'expected an object such as {"GL003": "error"}'
        return value, None
    return None, "unknown setting"


def parse(raw: Any, base: ServerSettings = DEFAULTS) -> tuple[ServerSettings, list[str]]:
    """Settings from a client's JSON object, plus one warning per refused entry.

    Keys absent from `raw` keep their value from `base`.
    """
    warnings: list[str] = []
    if raw is None:
        return base, warnings
    if (
        isinstance(raw, dict)
        and SECTION in raw
        and isinstance(raw[SECTION], dict)
        and not (KNOWN & raw.keys())
    ):
        raw = raw[SECTION]  # {"goleash": {...}} as some clients send it
    if not isinstance(raw, dict):
        return base, [
            f"goleash settings: expected an object, got {type(raw).__name__}; using defaults"
        ]
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if value is None:
            continue
        parsed, why = _check(key, value)
        if why is not None:
            warnings.append(f"goleash settings: {key}={value!r} ignored ({why}); using the default")
            continue
        if key == "severity":
            parsed, bad = _severity_map(parsed)
            warnings.extend(bad)
        values[key] = parsed
    merged = {f.name: getattr(base, f.name) for f in fields(ServerSettings)}
    merged.update(values)
    return ServerSettings(**merged), warnings


def _severity_map(value: dict) -> tuple[dict[str, str], list[str]]:
    out: dict[str, str] = {}
    bad: list[str] = []
    for code, name in value.items():
        if isinstance(name, str) and name.strip().lower() in SEVERITY_NAMES + ("info", "warn"):
            out[str(code).upper() if str(code).upper().startswith("GL") else str(code)] = (
                name.strip().lower()
            )
        else:
            bad.append(
                f"goleash settings: severity.{code}={name!r} ignored (expected one of {', '.join(SEVERITY_NAMES)})"
            )
    return out, bad


def schema() -> dict[str, Any]:
    """A JSON-schema-like description of every setting (for clients that generate theirs)."""
    return {
        "enable": {"type": "boolean", "default": DEFAULTS.enable},
        "select": {"type": "array", "items": {"type": "string"}, "default": []},
        "ignore": {"type": "array", "items": {"type": "string"}, "default": []},
        "severity": {
            "type": "object",
            "additionalProperties": {"enum": list(SEVERITY_NAMES)},
            "default": {},
        },
        "delay": {"type": "integer", "minimum": 0, "default": DEFAULTS.delay},
        "run": {"enum": [RUN_ON_TYPE, RUN_ON_SAVE], "default": DEFAULTS.run},
        "exclude": {"type": "array", "items": {"type": "string"}, "default": []},
        "includeGenerated": {"type": "boolean", "default": DEFAULTS.includeGenerated},
        "preview": {"type": "boolean", "default": DEFAULTS.preview},
    }
