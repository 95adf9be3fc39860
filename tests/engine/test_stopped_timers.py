"""stopped_timers.py: a goroutine waiting on `<-t.C` alone, for a timer the code stops,
waits forever once `Stop` wins (blind dev p88, a debounced search box). Each guard
broken once keeps it silent; a field stopped by another method is reported too."""

from __future__ import annotations

import pytest

from .edited_fixtures import codes_after

FIXTURE = "GL003/timer_stopped.go"


def test_the_stopped_timer_is_reported() -> None:
    assert codes_after(FIXTURE) == ["GL003"]


@pytest.mark.parametrize(
    "edits",
    [
        # BARE_TIMER_WAIT: a select with another way out
        [
            (
                "\t\t<-t.C //",
                "\t\tselect {\n\t\tcase <-t.C:\n\t\tcase <-time.After(time.Minute):\n\t\t}\n\t\t//",
            )
        ],
        # MADE_HERE: not a timer of time.NewTimer
        [
            ("\tt := time.NewTimer(time.Second)\n", "\tt := newTimer()\n"),
            (
                "// Watch reports",
                "func newTimer() *time.Timer { return time.NewTimer(time.Second) }\n\n// Watch reports",
            ),
        ],
        # STOPPED_SOMEWHERE: nothing stops it
        [("\tdefer t.Stop()\n", "")],
    ],
)
def test_a_guard_keeps_it_silent(edits: list[tuple[str, str]]) -> None:
    assert "GL003" not in codes_after(FIXTURE, *edits)


def test_a_field_stopped_by_another_method_is_reported() -> None:
    codes = codes_after(
        FIXTURE,
        ("\tdefer t.Stop()\n", "\tw.timer = t\n"),
        (
            "\tslow int\n}",
            "\tslow  int\n\ttimer *time.Timer\n}\n\nfunc (w *Watch) Cancel() { w.timer.Stop() }",
        ),
    )
    assert codes == ["GL003"]
