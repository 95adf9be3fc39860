"""Output formats for `goleash check`: each renders one finished run to a stream."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, TextIO

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


def renderer(name: str) -> Renderer:
    if name == "json":
        from goleash.cli.formats.json_format import render
    elif name == "sarif":
        from goleash.cli.formats.sarif import render
    else:
        from goleash.cli.formats.text import render
    return render


NAMES = ("text", "json", "sarif")
