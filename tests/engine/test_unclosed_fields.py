"""A goroutine ranging over a channel field that nothing in the package closes
(analysis/unclosed_fields.py, reported by GL008): the leaky listener, and near-miss
twins made by one edit each."""

from pathlib import Path

import pytest

from goleash.engine import analyze_source

HERE = Path(__file__).parent / "unclosed_fields"
FEED = (HERE / "feed.go").read_bytes()
RANGE = b"\t\tfor ev := range l.events {\n"


def _gl008(source: bytes) -> list:
    return [f for f in analyze_source(source, "feed.go").findings if f.code == "GL008"]


def _row(text: bytes) -> int:
    return FEED[: FEED.index(text)].count(b"\n")


def test_the_range_over_a_field_nothing_closes_is_reported() -> None:
    (found,) = _gl008(FEED)
    assert found.location.span.start.row == _row(RANGE)
    assert found.message == (
        "goroutine never finishes ranging over `l.events`: nothing in the package ever "
        "closes the `events` field, so the loop waits for another value forever once the "
        "senders stop"
    )
    notes = {r.message: r.location.span.start.row for r in found.related}
    assert notes == {
        "the goroutine is started here": _row(b"\tgo func() {\n\t\tfor ev"),
        "`events` is made here": _row(b"events: make(chan Event, 16)"),
    }


SILENT_TWINS = {
    # the remover closes it
    "closed": (
        b"\t\tdelete(b.listeners, id)\n",
        b"\t\tdelete(b.listeners, id)\n\t\tclose(l.events)\n",
    ),
    # handed to a function that may close it
    "handed on": (b"\tb.listeners[id] = l\n", b"\tb.listeners[id] = l\n\ttrack(l.events)\n"),
    # exported: another package may close it
    "exported": (b"events", b"Events"),
    # the range has a way out of its own
    "way out": (
        b"\t\t\tfn(ev)\n",
        b"\t\t\tif ev.Body == nil {\n\t\t\t\treturn\n\t\t\t}\n\t\t\tfn(ev)\n",
    ),
    # no stopping method: the bus is taken to live as long as the process
    "no Close": (b"func (b *Bus) Close() {", b"func (b *Bus) reset() {"),
    # a copy in a variable may be closed through it
    "copied": (
        b"\tb.listeners[id] = l\n",
        b"\tb.listeners[id] = l\n\tevents := l.events\n\t_ = events\n",
    ),
}


@pytest.mark.parametrize("edit", SILENT_TWINS.values(), ids=list(SILENT_TWINS))
def test_near_miss_twins_are_silent(edit: tuple[bytes, bytes]) -> None:
    old, new = edit
    assert old in FEED
    twin = FEED.replace(old, new)
    if b"track(" in twin:
        twin += b"\nfunc track(ch chan Event) {}\n"
    assert _gl008(twin) == []


def test_a_receive_only_accessor_cannot_close_it() -> None:
    twin = FEED + b"\nfunc (l *listener) C() <-chan Event { return l.events }\n"
    assert len(_gl008(twin)) == 1
    # ...but one returning the channel itself hands out the right to close it.
    twin = FEED + b"\nfunc (l *listener) C() chan Event { return l.events }\n"
    assert _gl008(twin) == []
