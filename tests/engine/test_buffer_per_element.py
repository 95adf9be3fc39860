"""BUFFER_PER_ELEMENT and SURPLUS_PAST_ITS_ROOM (analysis/liveness.py): futures with a
buffer each, kept in a slice by HELPER_ELEMENTS. The leaky idiom program is
idioms/07-buffer-count/chunk_fetch.go, its twin with room for both parts
fixed_chunk_fetch.go; these are the near misses, each one edit away from it."""

from pathlib import Path

from goleash.engine import analyze_source

LEAKY = Path(__file__).resolve().parent / "idioms" / "07-buffer-count" / "chunk_fetch.go"


def _found(source: bytes) -> list[tuple[str, int]]:
    return [
        (f.code, f.location.span.start.row + 1)
        for f in analyze_source(source, "chunk_fetch.go").findings
    ]


def _edited(old: bytes, new: bytes) -> bytes:
    source = LEAKY.read_bytes()
    assert old in source
    return source.replace(old, new)


def test_the_leaky_program_is_found():
    assert _found(LEAKY.read_bytes()) == [("GL023", 34)]


def test_every_future_read_once_takes_the_second_part_into_the_buffer():
    read_all = _edited(b"\t\tif len(kept) >= budget {\n\t\t\treturn kept\n\t\t}\n", b"")
    assert _found(read_all) == []


def test_room_for_both_parts_is_enough():
    assert _found(_edited(b"make(chan part, 1)", b"make(chan part, 2)")) == []


def test_a_buffer_the_helper_sizes_at_run_time_is_not_counted():
    sized = _edited(b"make(chan part, 1)", b"make(chan part, len(name))")
    assert _found(sized) == []


def test_one_part_per_blob_fits_its_buffer():
    one_part = _edited(b"\t\t\tout <- part{name: name, data: data[:maxBlob]}\n", b"")
    assert _found(one_part) == []
