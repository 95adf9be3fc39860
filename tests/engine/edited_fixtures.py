"""A rule fixture analysed after a few textual edits: how the engine tests break one
guard at a time and check that the finding comes and goes with it."""

from __future__ import annotations

from pathlib import Path

from goleash.config import DEFAULT, Settings
from goleash.engine import analyze_source
from goleash.model import Finding

TESTDATA = Path(__file__).parents[1] / "rules" / "testdata"

Edit = tuple[str, str]


def edited(fixture: str, *edits: Edit) -> str:
    """The fixture's text (`"GL009/parent_context.go"`) with each `old` replaced by
    `new`; an `old` the text lacks fails the test, so an edit never silently misses."""
    src = (TESTDATA / fixture).read_text()
    for old, new in edits:
        assert old in src, old
        src = src.replace(old, new)
    return src


def findings_after(fixture: str, *edits: Edit, settings: Settings = DEFAULT) -> list[Finding]:
    report = analyze_source(edited(fixture, *edits).encode(), "p.go", settings=settings)
    return list(report.findings)


def codes_after(fixture: str, *edits: Edit, settings: Settings = DEFAULT) -> list[str]:
    return [f.code for f in findings_after(fixture, *edits, settings=settings)]


def messages_after(fixture: str, *edits: Edit, settings: Settings = DEFAULT) -> list[str]:
    return [f.message for f in findings_after(fixture, *edits, settings=settings)]
