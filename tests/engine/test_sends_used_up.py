"""A receive after every value the goroutines send has been received (liveness
SENDS_USED_UP, reported by GL022), and the judgement per value of a flag both sides
test (decided_flags.SHARED_FLAG): the leaky probe, and near-miss twins made by one edit
each."""

from pathlib import Path

import pytest

from goleash.engine import analyze_source

HERE = Path(__file__).parent / "sends_used_up"
PROBE = (HERE / "probe.go").read_bytes()
SECOND = b"\tsecond := <-results\n"


def _findings(source: bytes) -> list:
    return [f for f in analyze_source(source, "probe.go").findings if f.code == "GL022"]


def test_a_receive_after_the_only_value_is_reported() -> None:
    (found,) = _findings(PROBE)
    assert found.location.span.start.row == PROBE[: PROBE.index(SECOND)].count(b"\n")
    assert "sends one value on `results` in all, already received" in found.message
    notes = [r.message for r in found.related]
    assert notes == ["the goroutine is started here", "`results` is made here, unbuffered"]


GOROUTINE_END = b"\t\tresults <- result{addr: primary, rtt: time.Since(start), err: err}\n\t}()\n"

SILENT_TWINS = {
    # a second goroutine dials the backup: two values for two receives
    "two senders": (
        GOROUTINE_END,
        GOROUTINE_END + b"\tgo func() {\n\t\tresults <- result{addr: backup}\n\t}()\n",
    ),
    # the goroutine sends twice
    "two sends": (
        GOROUTINE_END,
        b"\t\tresults <- result{addr: primary, rtt: time.Since(start), err: err}\n"
        b"\t\tresults <- result{addr: backup}\n\t}()\n",
    ),
    # the goroutine closes the channel after its send: the second receive gets the zero value
    "closed": (
        b"\t\tresults <- result{addr: primary",
        b"\t\tdefer close(results)\n\t\tresults <- result{addr: primary",
    ),
    # only one receive
    "one receive": (SECOND, b"\tsecond := result{addr: backup}\n"),
}


@pytest.mark.parametrize("edit", SILENT_TWINS.values(), ids=list(SILENT_TWINS))
def test_near_miss_twins_are_silent(edit: tuple[bytes, bytes]) -> None:
    old, new = edit
    assert old in PROBE
    assert _findings(PROBE.replace(old, new)) == []


FLAGGED = PROBE.replace(
    b"func probeBoth(ctx context.Context, primary, backup string)",
    b"func probeBoth(ctx context.Context, primary, backup string, both bool)",
).replace(
    GOROUTINE_END,
    b"\t\tresults <- result{addr: primary, rtt: time.Since(start), err: err}\n"
    b"\t\tif both {\n\t\t\tresults <- result{addr: backup}\n\t\t}\n\t}()\n",
)


def test_a_flag_both_sides_test_is_judged_per_value() -> None:
    """The goroutine sends a second value exactly when the function waits for one."""
    served = FLAGGED.replace(
        SECOND, b"\tsecond := result{}\n\tif both {\n\t\tsecond = <-results\n\t}\n"
    )
    assert _findings(served) == []
    # Waiting for it on the other value of the flag is the leak, and is reported.
    crossed = FLAGGED.replace(
        SECOND, b"\tsecond := result{}\n\tif !both {\n\t\tsecond = <-results\n\t}\n"
    )
    assert len(_findings(crossed)) == 1
    # A flag that changes after the goroutine starts is not split.
    changed = served.replace(b"\tfirst := <-results\n", b"\tboth = !both\n\tfirst := <-results\n")
    assert len(_findings(changed)) == 1
