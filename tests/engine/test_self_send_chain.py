"""A self-send (an actor sending on its own inbox, analysis/self_sends.py) reached two
ways is named through the shorter chain of calls: the one a reader follows first."""

from __future__ import annotations

from pathlib import Path

from goleash.engine import analyze
from goleash.source import SourceFile

TWO_WAYS = Path(__file__).parent / "self_sends" / "two_ways.go"


def test_the_shorter_chain_is_named() -> None:
    report = analyze(SourceFile(str(TWO_WAYS), TWO_WAYS.read_bytes()))
    messages = [f.message for f in report.findings if f.code == "GL003"]
    assert any("(through `handle` -> `retry` -> `Send`)" in m for m in messages), messages
    assert not any("`audit`" in m for m in messages), messages
