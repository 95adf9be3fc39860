"""Output formats for `goleash check`: each renders one finished run to a stream."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from goleash.cli.formats.positions import Positions
from goleash.model import Finding


@dataclass
class InputError:
    """A file (or named path) that could not be checked, worded for a person."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: error: {self.message}"


@dataclass
class CheckOutput:
    findings: list[Finding]  # sorted: path, then position
    errors: list[InputError] = field(default_factory=list)
    # Bytes of every file a finding (or a related location) points into.
    sources: dict[str, bytes] = field(default_factory=dict)
    root: str = "."  # SARIF URIs are relative to this directory
    show_related: bool = True
    # `goleash test`: each finding's run-time evidence (a finding absent from the map
    # has none), and the rules that only run time reports. None for `check`.
    runtime: dict | None = None
    extra_rules: tuple = ()

    def rule(self, code: str):
        from goleash.rules import get

        return get(code) or next((r for r in self.extra_rules if r.code == code), None)

    def __post_init__(self) -> None:
        self.positions = Positions(self.sources)


Renderer = Callable[[CheckOutput, TextIO], None]


_MODULES = {
    "text": "text",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "checkstyle": "checkstyle",
    "junit": "junit",
}

NAMES = tuple(_MODULES)
# Formats that show fixes; building them costs more than finding the leaks.
WITH_FIXES = ("json", "sarif")


def renderer(name: str) -> Renderer:
    import importlib

    return importlib.import_module(f"goleash.cli.formats.{_MODULES[name]}").render


def relative_path(path: str, root: str = ".") -> str:
    """`path` relative to `root` with forward slashes when it is inside it; else absolute."""
    import os

    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, os.path.abspath(root))
    if rel == ".." or rel.startswith(".." + os.sep):
        return absolute.replace(os.sep, "/")
    return rel.replace(os.sep, "/")
