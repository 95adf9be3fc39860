"""Near-miss twins of two guards whose leaky side has no fix to offer, so they live here
rather than among the rule fixtures (whose leaks the fix-coverage test counts):

- CALM_PACKAGE_CALLS (cfg.py): a recovered panic is expected from a package function
  that calls `panic`, so a `Close` after it can be skipped (the fixed side is
  GL003/fixed_calm_calls_before_close.go);
- SKIPPED_LIKE_THE_START (start_guards.py): a `Stop` leaving early on a test its
  `Start` does not refuse on leaves the loop running (the fixed side is
  GL002/fixed_skipped_like_the_start.go)."""

from pathlib import Path

from goleash.engine import analyze_source

TESTDATA = Path(__file__).resolve().parents[1] / "rules" / "testdata"


def _found(source: bytes, name: str) -> list[tuple[str, int, str]]:
    return [
        (f.code, f.location.span.start.row + 1, f.message)
        for f in analyze_source(source, name).findings
    ]


def test_a_package_call_that_panics_before_close_is_a_way_out():
    calm = (TESTDATA / "GL003" / "fixed_calm_calls_before_close.go").read_bytes()
    assert _found(calm, "policy.go") == []
    panicking = calm.replace(
        b"func (p *Policy) Add(key uint64) {\n",
        b'func (p *Policy) Add(key uint64) {\n\tif key == 0 {\n\t\tpanic("zero key")\n\t}\n',
    )
    assert panicking != calm
    found = _found(panicking, "policy.go")
    assert [(code, line) for code, line, _ in found] == [("GL003", 20)]
    assert "panics and returns through the recover deferred at line" in found[0][2]


def test_a_stop_leaving_early_on_another_test_leaves_the_loop_running():
    skipped = (TESTDATA / "GL002" / "fixed_skipped_like_the_start.go").read_bytes()
    assert _found(skipped, "watchdog.go") == []
    paused = skipped.replace(b"\trunning bool\n", b"\trunning bool\n\tpaused  bool\n").replace(
        b"func (w *Watchdog) Stop() {\n\tif w.timeout == 0 {",
        b"func (w *Watchdog) Pause() { w.paused = true }\n\n"
        b"func (w *Watchdog) Stop() {\n\tif w.paused {",
    )
    assert paused != skipped
    found = _found(paused, "watchdog.go")
    assert [code for code, _, _ in found] == ["GL003"]
    assert "blocks forever receiving from `w.stop` when `Stop` returns at line" in found[0][2]
