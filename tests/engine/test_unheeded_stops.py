"""cond_wakeups.py's UNHEEDED_STOP: a stopping method sets a flag and wakes the waiters
of a loop that does not test it. The leaky fixture `GL029/stop_flag_unheeded.go` and its
twin are proved under goleak; here, the guard and the fix's safety, each in turn."""

from __future__ import annotations

from goleash.engine import analyze_source
from goleash.model import Applicability

from .edited_fixtures import codes_after, edited

FIXTURE = "GL029/stop_flag_unheeded.go"


def test_the_fixture_is_reported_and_its_twin_is_not() -> None:
    assert codes_after(FIXTURE) == ["GL029"]
    assert codes_after("GL029/fixed_stop_flag_heeded.go") == []


def test_a_producer_that_still_sends_after_the_stop_leaves_the_loop_unjudged() -> None:
    # REFUSED_AFTER_STOP: `Send` no longer refuses once closed, so what the loop waits
    # for may still change (the trade-off the guard makes), and nothing after the loop
    # says the stop was to end this wait.
    sends_on = ("\tif q.closed {\n\t\treturn ErrClosed\n\t}\n", "")
    untested = ('\tif q.closed && len(q.pending) == 0 {\n\t\treturn "", false\n\t}\n', "")
    # NO_WAITER_HEEDS: now no code reads the flag `Close` sets and wakes in one block,
    # so the wake-up can only have been meant to end the wait: reported after all
    assert codes_after(FIXTURE, sends_on, untested) == ["GL029"]
    # ...unless the package sets the flag back (a reopen): the trade-off stands there
    reopened = (
        "// Close stops taking",
        "// Reopen takes messages again.\nfunc (q *Queue) Reopen() {\n\tq.mu.Lock()\n"
        "\tq.closed = false\n\tq.mu.Unlock()\n}\n\n// Close stops taking",
    )
    assert codes_after(FIXTURE, sends_on, untested, reopened) == []


def test_a_stop_tested_right_after_the_loop_is_reported_though_a_producer_sends_on() -> None:
    # TESTED_RIGHT_AFTER: `if q.closed && ...` right after the loop says Close's
    # broadcast was to end the wait; a Send after the stop is not taken to come.
    sends_on = ("\tif q.closed {\n\t\treturn ErrClosed\n\t}\n", "")
    assert codes_after(FIXTURE, sends_on) == ["GL029"]


def _fix(source: str):
    (finding,) = [f for f in analyze_source(source.encode(), "p.go").findings if f.code == "GL029"]
    (fix,) = finding.fixes
    return fix


def test_the_fix_is_safe_only_when_the_waiter_handles_the_stop_after_the_loop() -> None:
    assert _fix(edited(FIXTURE)).applicability is Applicability.SAFE
    unhandled = edited(
        FIXTURE, ('\tif q.closed && len(q.pending) == 0 {\n\t\treturn "", false\n\t}\n', "")
    )
    assert _fix(unhandled).applicability is Applicability.UNSAFE
