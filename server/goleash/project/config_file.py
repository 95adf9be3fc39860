"""`goleash.toml`: a project's settings, found by searching upwards from a file.

The nearest file wins, as with staticcheck.conf; nothing is merged across
directories, so what a file in a directory gets is decided by one file you can
read. Every key is optional:

    select = ["GL0"]                  # rule codes, prefixes or names; default: all
    ignore = ["GL013"]
    severity = { GL003 = "error" }    # hint, info, warning or error
    exclude = ["internal/gen/", "*_mock.go"]   # gitignore-style, relative to this file
    include-generated = false
    preview = false                   # also run rules still in preview
    respect-gitignore = true

    [per-path]
    "internal/legacy/**" = ["GL009"]  # rules ignored under these paths

A mistake is reported as a ConfigError naming the file, the line and the key,
never as a traceback.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from typing import Any

import pathspec

from goleash.model import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

FILENAME = "goleash.toml"

KEYS = (
    "select",
    "ignore",
    "severity",
    "exclude",
    "include-generated",
    "preview",
    "respect-gitignore",
    "per-path",
)


class ConfigError(Exception):
    def __init__(self, path: str, line: int, key: str | None, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.key = key
        self.message = message

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


@dataclass(frozen=True)
class ProjectConfig:
    path: str  # the goleash.toml itself
    select: tuple[str, ...] | None = None  # None: the key is absent
    ignore: tuple[str, ...] | None = None
    severity: dict[str, Severity] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    include_generated: bool | None = None
    preview: bool | None = None
    respect_gitignore: bool | None = None
    per_path: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def root(self) -> str:
        return os.path.dirname(self.path)

    @property
    def exclude_spec(self) -> pathspec.PathSpec:
        return _spec(self.exclude)

    def per_path_ignores(self, path: str) -> tuple[str, ...]:
        rel = relative_to(path, self.root)
        if rel is None:
            return ()
        return tuple(
            code
            for pattern, codes in self.per_path
            if _spec((pattern,)).match_file(rel)
            for code in codes
        )


def _spec(patterns: tuple[str, ...]) -> pathspec.PathSpec:
    return _compiled(tuple(patterns))


_SPECS: dict[tuple[str, ...], pathspec.PathSpec] = {}


def _compiled(patterns: tuple[str, ...]) -> pathspec.PathSpec:
    spec = _SPECS.get(patterns)
    if spec is None:
        spec = _SPECS[patterns] = pathspec.GitIgnoreSpec.from_lines(patterns)
    return spec


def relative_to(path: str, root: str) -> str | None:
    """`path` relative to `root` in forward slashes, or None when it is outside."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    if rel == ".." or rel.startswith(".." + os.sep):
        return None
    return rel.replace(os.sep, "/")


# -- finding the file -------------------------------------------------------------


def find(start: str) -> str | None:
    """The nearest goleash.toml at or above `start` (a file or directory)."""
    directory = os.path.abspath(start)
    if not os.path.isdir(directory):
        directory = os.path.dirname(directory)
    while True:
        candidate = os.path.join(directory, FILENAME)
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


# -- reading it -------------------------------------------------------------------


def load(path: str) -> ProjectConfig:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ConfigError(path, 1, None, f"cannot read: {exc.strerror or exc}") from None
    return parse(data, path)


def parse(data: bytes, path: str = FILENAME) -> ProjectConfig:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ConfigError(path, line, None, "not valid UTF-8") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            path, _toml_error_line(exc, text), None, f"invalid TOML: {_toml_error_message(exc)}"
        ) from None
    return _validate(raw, text, path)


def _toml_error_line(exc: Exception, text: str) -> int:
    line = getattr(exc, "lineno", None)
    if isinstance(line, int):
        return line
    m = re.search(r"at line (\d+)", str(exc))
    if m:
        return int(m.group(1))
    # "at end of document": the last line that has something on it.
    lines = text.splitlines()
    return max((i + 1 for i, line in enumerate(lines) if line.strip()), default=1)


def _toml_error_message(exc: Exception) -> str:
    msg = getattr(exc, "msg", None) or str(exc)
    return re.sub(r"\s*\(at line \d+, column \d+\)$", "", msg)


def _line_of(text: str, key: str, parent: str | None = None) -> int:
    """The line a key is written on (best effort: TOML parsers keep no positions)."""
    lines = text.splitlines()
    start = 0
    if parent is not None:
        start = _line_of(text, parent) - 1
    quoted = re.escape(key)
    pattern = re.compile(rf"(?:^|[\s{{,.])(?:{quoted}|\"{quoted}\"|'{quoted}')\s*(?:=|\])")
    header = re.compile(rf"^\s*\[+\s*(?:{quoted}|\"{quoted}\")\s*\]")
    for i in range(start, len(lines)):
        if header.search(lines[i]) or pattern.search(lines[i]):
            return i + 1
    return start + 1 if parent is not None else 1


def _rule_pattern(value: Any) -> str | None:
    """A known rule code, a code prefix or a rule name, normalised; None if unknown."""
    from goleash.rules import ALL_RULES, get

    if not isinstance(value, str) or not value.strip():
        return None
    rule = get(value.strip())
    if rule is not None:
        return rule.code
    upper = value.strip().upper()
    if upper.startswith("GL") and any(r.code.startswith(upper) for r in ALL_RULES):
        return upper
    return None


def _validate(raw: dict, text: str, path: str) -> ProjectConfig:
    def fail(key: str, message: str, parent: str | None = None) -> ConfigError:
        shown = f"{parent}.{key}" if parent else key
        return ConfigError(path, _line_of(text, key, parent), shown, message)

    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in KEYS:
            known = ", ".join(KEYS)
            raise fail(key, f"unknown key (known keys: {known})")
        if key in ("select", "ignore"):
            values[key] = _codes(value, lambda m, key=key: fail(key, m))
        elif key == "exclude":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(
                    key, 'expected a list of gitignore-style patterns, such as ["internal/gen/"]'
                )
            _check_patterns(value, lambda m, key=key: fail(key, m))
            values["exclude"] = tuple(value)
        elif key in ("include-generated", "preview", "respect-gitignore"):
            if not isinstance(value, bool):
                raise fail(key, f"expected true or false, got {_shown(value)}")
            values[key.replace("-", "_")] = value
        elif key == "severity":
            values["severity"] = _severities(value, fail)
        elif key == "per-path":
            values["per_path"] = _per_path(value, fail)
    return ProjectConfig(path=path, **values)


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    return f"{value!r} ({type(value).__name__})"


def _codes(value: Any, fail) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise fail(
            f'expected a list of rule codes, prefixes or names, such as ["GL003"], got {_shown(value)}'
        )
    out = []
    for item in value:
        code = _rule_pattern(item)
        if code is None:
            raise fail(f"unknown rule code or name {item!r} (see `goleash rules`)")
        out.append(code)
    return tuple(out)


def _check_patterns(patterns: list[str], fail) -> None:
    try:
        pathspec.GitIgnoreSpec.from_lines(patterns)
    except Exception as exc:  # pathspec raises plain errors for bad patterns
        raise fail(f"bad pattern: {exc}") from None


def _severities(value: Any, fail) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise fail("severity", 'expected a table such as { GL003 = "error" }')
    out: dict[str, Severity] = {}
    for code, level in value.items():
        from goleash.rules import get

        rule = get(code)
        if rule is None:
            raise fail(code, "unknown rule code or name (see `goleash rules`)", "severity")
        try:
            if not isinstance(level, str):
                raise KeyError(level)
            out[rule.code] = Severity.parse(level)
        except (KeyError, ValueError):
            raise fail(
                code, f"expected hint, info, warning or error, got {_shown(level)}", "severity"
            ) from None
    return out


def _per_path(value: Any, fail) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise fail("per-path", 'expected a table such as { "internal/legacy/**" = ["GL009"] }')
    out = []
    for pattern, codes in value.items():

        def bad(message: str, pattern: str = pattern) -> ConfigError:
            return fail(pattern, message, "per-path")

        _check_patterns([pattern], bad)
        out.append((pattern, _codes(codes, bad)))
    return tuple(out)
