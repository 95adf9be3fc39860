"""REPEATED_START (analysis/repeated_starts.py): an endless goroutine with no way to stop
is reported when the package starts it over and over. The leaky fixture is
GL009/sweeper_per_request.go (a handler); its twin started once by `main` is
GL018/fixed_purge_ticker.go. These are the other starts the heuristic reads, each one
edit away from the fixture."""

from pathlib import Path

from goleash.engine import analyze_source

LEAKY = (
    Path(__file__).resolve().parents[1] / "rules" / "testdata" / "GL009" / "sweeper_per_request.go"
)

_HANDLER = b"""\thttp.HandleFunc("/sweep", func(w http.ResponseWriter, r *http.Request) {
\t\tsetSweepTicker(time.Second)
\t})
"""


def _found(source: bytes) -> list[tuple[str, int]]:
    return [
        (f.code, f.location.span.start.row + 1)
        for f in analyze_source(source, "sweeper.go").findings
    ]


def _edited(new: bytes) -> bytes:
    source = LEAKY.read_bytes()
    assert _HANDLER in source
    return source.replace(_HANDLER, new)


def test_the_leaky_fixture_is_found():
    assert _found(LEAKY.read_bytes()) == [("GL009", 17)]


def test_a_start_on_each_turn_of_a_loop_repeats():
    looped = _edited(b"\tfor i := 0; i < 3; i++ {\n\t\tsetSweepTicker(time.Second)\n\t}\n")
    assert _found(looped) == [("GL009", 17)]


def test_a_serve_http_method_runs_once_per_request():
    served = LEAKY.read_bytes().replace(_HANDLER, b"") + (
        b"\ntype sweeper struct{}\n\n"
        b"func (sweeper) ServeHTTP(w http.ResponseWriter, r *http.Request) {\n"
        b"\tsetSweepTicker(time.Second)\n}\n"
    )
    assert _found(served) == [("GL009", 17)]


def test_no_second_start_is_the_process_s_own():
    assert _found(_edited(b"")) == []


def test_a_callback_run_once_does_not_repeat():
    once = _edited(b"\tvar once sync.Once\n\tonce.Do(func() { setSweepTicker(time.Second) })\n")
    once = once.replace(b"import (\n", b'import (\n\t"sync"\n')
    assert _found(once) == []


def test_a_literal_run_on_the_spot_does_not_repeat():
    spot = _edited(b"\tfunc() { setSweepTicker(time.Second) }()\n")
    assert _found(spot) == []
