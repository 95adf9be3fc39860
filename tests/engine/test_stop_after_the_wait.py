"""liveness.py's STOP_AFTER_THE_WAIT: a goroutine that leaves without sending only
through a case on a stop channel its starter closes in a `defer`, or right before a
`return` that does not wait, cannot take that way out while the starter waits for its
send. The near misses are the fixtures `GL022/fixed_stop_closed_*.go`; here, a stop
closed before the wait, which the guard must not excuse."""

from __future__ import annotations

from .edited_fixtures import codes_after


def test_both_near_misses_are_silent() -> None:
    assert codes_after("GL022/fixed_stop_closed_after_the_wait.go") == []
    assert codes_after("GL022/fixed_stop_closed_on_the_way_out.go") == []


def test_a_stop_closed_before_the_wait_can_win_the_race() -> None:
    # `close(stop); return <-done`: the goroutine may take the stop case first and
    # return without sending, and the wait never ends.
    closes_first = ("\tclose(ch)\n\treturn <-done", "\tclose(ch)\n\tclose(stop)\n\treturn <-done")
    assert codes_after("GL022/fixed_stop_closed_on_the_way_out.go", closes_first) == ["GL022"]
    deferred = ("\tdefer close(stop)\n", "")
    also_before = ("\tclose(ch)\n\treturn <-done", "\tclose(ch)\n\tclose(stop)\n\treturn <-done")
    assert codes_after("GL022/fixed_stop_closed_after_the_wait.go", deferred, also_before) == [
        "GL022"
    ]
