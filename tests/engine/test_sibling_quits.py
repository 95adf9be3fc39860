"""Two stages of a pipeline started by one function: the consumer returns out of its
range, and the forwarding producer, with no way to learn it, blocks once the buffer is
full (liveness SIBLING_QUITS, reported by GL006); near-miss twins made by one edit each."""

from pathlib import Path

import pytest

from goleash.engine import analyze_source

HERE = Path(__file__).parent / "sibling_quits"
STAGES = (HERE / "stages.go").read_bytes()
SEND = b"\t\t\trecords <- v * 2\n"


def _gl006(source: bytes) -> list:
    return [f for f in analyze_source(source, "stages.go").findings if f.code == "GL006"]


def _line(text: bytes) -> int:
    """1-based line of the first occurrence of `text`."""
    return STAGES[: STAGES.index(text)].count(b"\n") + 1


def test_the_producer_left_by_its_sibling_consumer_is_reported() -> None:
    (found,) = _gl006(STAGES)
    assert found.location.span.start.row == _line(SEND) - 1
    consumer = _line(b"\tgo func() {\n\t\tbatch")
    quits = _line(b"\t\t\t\treturn\n")
    assert found.message == (
        f"goroutine blocks forever sending on `records` once the goroutine started at line "
        f"{consumer} stops consuming at line {quits}: the producer has no way to learn it "
        f"should stop"
    )
    notes = [r.message for r in found.related]
    assert "the consumer stops receiving from `records` here" in notes
    assert found.fixes


SILENT_TWINS = {
    # the producer's send has a way out
    "select": (
        SEND,
        b"\t\t\tselect {\n\t\t\tcase records <- v * 2:\n\t\t\tcase <-ctx.Done():\n"
        b"\t\t\t\treturn\n\t\t\t}\n",
    ),
    # the consumer never gives up: it drains to the close
    "drains": (b"\t\t\t\tdone <- err\n\t\t\t\treturn\n", b"\t\t\t\tdone <- err\n"),
    # the starting function receives from the channel as well
    "root receives": (b"\treturn done\n", b"\t<-records\n\treturn done\n"),
}


@pytest.mark.parametrize("edit", SILENT_TWINS.values(), ids=list(SILENT_TWINS))
def test_near_miss_twins_are_silent(edit: tuple[bytes, bytes]) -> None:
    old, new = edit
    assert old in STAGES
    assert _gl006(STAGES.replace(old, new)) == []
