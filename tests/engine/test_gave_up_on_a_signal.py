"""GAVE_UP_ON_A_SIGNAL (analysis/liveness.py): goroutines of a loop that send once, on
some of their paths only, abandoned by a collector that gives up on a context or a
timer case. The leaky fixture is GL001/fanout_some_send.go, its twin whose senders give
up with it fixed_fanout_some_send.go; these are the near misses, one edit away."""

from pathlib import Path

from goleash.engine import analyze_source

LEAKY = Path(__file__).resolve().parents[1] / "rules" / "testdata" / "GL001" / "fanout_some_send.go"

GIVE_UP = b"\t\tcase <-ctx.Done():\n\t\t\treturn out, ctx.Err()\n"


def _found(old: bytes = b"", new: bytes = b"") -> list[tuple[str, int]]:
    source = LEAKY.read_bytes()
    assert old in source
    return [
        (f.code, f.location.span.start.row + 1)
        for f in analyze_source(source.replace(old, new), "prices.go").findings
    ]


def test_the_leaky_fixture_is_found():
    assert _found() == [("GL001", 32)]


def test_a_timer_case_gives_up_as_the_context_does():
    timer = b"\t\tcase <-time.After(time.Second):\n\t\t\treturn out, nil\n"
    assert _found(GIVE_UP, timer) == [("GL001", 32)]


def test_a_collector_that_only_counts_strands_no_sender():
    # Without a case to give up on, the loop waits for one value per item: no sender is
    # left behind. It is the collector that waits for good when an item fails (GL022).
    assert _found(GIVE_UP, b"") == [("GL022", 37)]


def test_a_case_on_another_channel_is_no_signal():
    quit_case = b"\t\tcase <-quit:\n\t\t\treturn out, nil\n"
    source_has_quit = _found(GIVE_UP, quit_case)
    assert ("GL001", 32) not in source_has_quit


# SIBLING_FAILED: the collector gives up on the failure a sibling reported on another
# channel. The leaky fixture is GL005/error_channel_wins.go, its buffered twin
# fixed_error_channel_wins.go.
SIBLING = (
    Path(__file__).resolve().parents[1] / "rules" / "testdata" / "GL005" / "error_channel_wins.go"
)


def _sibling(old: bytes = b"", new: bytes = b"") -> list[tuple[str, int]]:
    source = SIBLING.read_bytes()
    assert old in source
    return [
        (f.code, f.location.span.start.row + 1)
        for f in analyze_source(source.replace(old, new), "fetch.go").findings
    ]


def test_a_sibling_s_failure_abandons_the_others():
    assert _sibling() == [("GL005", 42)]


def test_a_lone_goroutine_that_failed_sends_nothing_more():
    # One goroutine, not a loop of them: when its failure wins, it sent that instead.
    lone = _sibling(b"\tfor _, u := range urls {\n", b"\tfor _, u := range urls[:1] {\n")
    assert lone == [("GL005", 42)]  # still a loop: the slice is not known to hold one
    single = SIBLING.read_bytes().replace(
        b"\tfor _, u := range urls {\n", b"\t{\n\t\tu := urls[0]\n"
    )
    found = [
        (f.code, f.location.span.start.row + 1)
        for f in analyze_source(single, "fetch.go").findings
        if f.location.span.start.row + 1 in (42, 43)
    ]
    assert found == []


def test_a_failure_channel_other_goroutines_feed_is_no_sibling_of_these():
    other = _sibling(b"\t\t\t\tcase errs <- err:\n", b"\t\t\t\tcase errOther <- err:\n")
    assert ("GL005", 42) not in other
