"""identities.py's STARTED_ON_THE_WAY: a method of the type that reaches the `go` itself
(through its calls on the receiver) does not find the goroutine running when it starts,
so its early return before that call strands nothing (pitaya's client, audit 24)."""

from __future__ import annotations

from pathlib import Path

from goleash.engine import analyze_source

FIXTURE = Path(__file__).parents[1] / "rules" / "testdata" / "GL003" / "fixed_started_on_the_way.go"


def _codes(*edits: tuple[str, str]) -> list[str]:
    src = FIXTURE.read_text()
    for old, new in edits:
        assert old in src, old
        src = src.replace(old, new)
    return [f.code for f in analyze_source(src.encode(), "p.go").findings]


def test_a_return_before_the_start_strands_nothing() -> None:
    assert _codes() == []


def test_a_return_after_another_method_started_it_still_counts() -> None:
    # Reconnect does not start the reader: it finds it running and returns early.
    codes = _codes(
        (
            "func (c *Client) Disconnect()",
            "func (c *Client) Reconnect(ok bool) error {\n\tif err := dial(ok); err != nil {\n"
            "\t\treturn err\n\t}\n\tc.closeChan = make(chan struct{})\n\treturn nil\n}\n\n"
            "func (c *Client) Disconnect()",
        )
    )
    assert "GL003" in codes
