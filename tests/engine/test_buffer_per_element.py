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


# GROWN_COPY (analysis/identities.py): a buffer sized by a slice the function copies
# and appends to before starting one goroutine per element of the copy. The leaky
# program is idioms/07-buffer-count/quorum_read.go; fixed_quorum_read.go makes the
# channel once the copy is complete.
GROWN = Path(__file__).resolve().parent / "idioms" / "07-buffer-count" / "quorum_read.go"


def _grown(old: bytes, new: bytes) -> list[tuple[str, int]]:
    source = GROWN.read_bytes()
    assert old in source
    return [
        (f.code, f.location.span.start.row + 1)
        for f in analyze_source(source.replace(old, new), "quorum_read.go").findings
    ]


def test_a_buffer_sized_before_the_copy_grows_is_found():
    assert _grown(b"", b"") == [("GL005", 33)]


def test_a_loop_over_the_original_is_covered_by_its_buffer():
    assert _grown(b"for _, n := range nodes {", b"for _, n := range replicas {") == []


def test_an_append_of_a_whole_slice_is_not_counted():
    spread = b"nodes = append(nodes[:len(nodes):len(nodes)], leaders...)"
    found = _grown(b"nodes = append(nodes[:len(nodes):len(nodes)], leader)", spread)
    assert found == []


def test_a_collector_that_reads_before_it_gives_up_leaves_room_enough():
    reads_first = b"\t\tr := <-replies\n\t\tif r.err == nil {\n\t\t\tvalues[r.node] = r.value\n\t\t}\n\t\tif ctx.Err() != nil {\n\t\t\treturn values, ctx.Err()\n\t\t}\n"
    source = GROWN.read_bytes()
    start = source.index(b"\t\tselect {\n\t\tcase r := <-replies:")
    end = source.index(b"\t\t}\n\t}\n\treturn values, nil")
    edited = source[:start] + reads_first + source[end + len(b"\t\t}\n") :]
    assert [
        (f.code, f.location.span.start.row + 1)
        for f in analyze_source(edited, "quorum_read.go").findings
    ] == []
