"""identities.py's STARTED_ON_THE_WAY: a method of the type that reaches the `go` itself
(through its calls on the receiver) does not find the goroutine running when it starts,
so its early return before that call strands nothing (pitaya's client, audit 24)."""

from __future__ import annotations

from .edited_fixtures import codes_after

FIXTURE = "GL003/fixed_started_on_the_way.go"


def test_a_return_before_the_start_strands_nothing() -> None:
    assert codes_after(FIXTURE) == []


def test_a_return_after_another_method_started_it_still_counts() -> None:
    # Reconnect does not start the reader: it finds it running and returns early.
    codes = codes_after(
        FIXTURE,
        (
            "func (c *Client) Disconnect()",
            "func (c *Client) Reconnect(ok bool) error {\n\tif err := dial(ok); err != nil {\n"
            "\t\treturn err\n\t}\n\tc.closeChan = make(chan struct{})\n\treturn nil\n}\n\n"
            "func (c *Client) Disconnect()",
        ),
    )
    assert "GL003" in codes
