"""GATE_NEVER_OPENED (analysis/gated_stops.py): a starter that returns after its `go`
without setting the flag its stopping method needs. The leaky fixture and its fixed
twin are GL003/gated_stop.go and fixed_gated_stop.go; these are the near-misses the
heuristic's conditions keep silent, each one edit away from the leaky fixture."""

from pathlib import Path

from goleash.engine import analyze_source

LEAKY = Path(__file__).resolve().parents[1] / "rules" / "testdata" / "GL003" / "gated_stop.go"


def _found(source: bytes) -> list[tuple[str, int]]:
    return [
        (f.code, f.location.span.start.row + 1)
        for f in analyze_source(source, "poller.go").findings
    ]


def _edited(old: bytes, new: bytes) -> bytes:
    source = LEAKY.read_bytes()
    assert old in source
    return source.replace(old, new)


def test_the_leaky_fixture_is_found():
    assert _found(LEAKY.read_bytes()) == [("GL003", 42)]


def test_a_flag_another_method_sets_may_open_the_gate():
    resumed = _edited(
        b"// Stop ends polling;",
        b"// Resume marks the poller running again.\n"
        b"func (p *Poller) Resume() { p.running = true }\n\n// Stop ends polling;",
    )
    assert _found(resumed) == []


def test_a_loop_with_another_way_out_is_not_stranded():
    bounded = _edited(
        b"\t\tcase <-stop:\n",
        b"\t\tcase <-time.After(time.Hour):\n\t\t\treturn\n\t\tcase <-stop:\n",
    )
    assert _found(bounded) == []


def test_a_stop_without_the_gate_closes_on_every_call():
    ungated = _edited(b"\tif !p.running {\n\t\treturn\n\t}\n", b"")
    assert _found(ungated) == []


def test_a_flag_set_before_the_go_is_open_on_every_way_out():
    early = _edited(
        b"\tp.stop = make(chan struct{})\n\tp.mu.Unlock()\n",
        b"\tp.stop = make(chan struct{})\n\tp.running = true\n\tp.mu.Unlock()\n",
    ).replace(
        b"\tp.mu.Lock()\n\tp.running = true\n\tp.mu.Unlock()\n\treturn nil\n", b"\treturn nil\n"
    )
    assert _found(early) == []
