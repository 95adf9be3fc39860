"""A struct made with a channel field, its goroutine started, then dropped on a way out
(STOPPED_BY_ITS_METHODS in liveness.py), and the near-misses of the two guards that
came with it. The leaky idiom and its fix are
`idioms/05-constructor-goroutine/session_cache.go`; the fixed sides of the guards are
rule fixtures (GL003/fixed_cleanup_unless_closed.go, fixed_reported_error_quit.go,
fixed_closed_check_in_literal.go).
These twins have no fix to offer, so they live here rather than among the rule
fixtures, whose leaks the fix-coverage test counts."""

from pathlib import Path

from goleash.engine import analyze_source

ROOT = Path(__file__).resolve().parents[1]
IDIOM = ROOT / "engine" / "idioms" / "05-constructor-goroutine" / "session_cache.go"
GL003 = ROOT / "rules" / "testdata" / "GL003"


def _found(source: bytes, name: str) -> list[tuple[str, int, str]]:
    return [
        (f.code, f.location.span.start.row + 1, f.message)
        for f in analyze_source(source, name).findings
    ]


def test_a_dropped_struct_strands_the_goroutine_its_close_method_would_stop():
    leaky = IDIOM.read_bytes()
    found = _found(leaky, "session_cache.go")
    assert [(code, line) for code, line, _ in found] == [("GL003", 32)]
    assert "or handing `c` to its caller: only `Close` would close it" in found[0][2]


def test_a_struct_kept_somewhere_on_the_failing_path_is_not_judged_there():
    kept = (
        IDIOM.read_bytes().replace(
            b"\t\treturn nil, err\n", b"\t\tbroken = append(broken, c)\n\t\treturn nil, err\n"
        )
        + b"\nvar broken []*Cache\n"
    )
    assert kept != IDIOM.read_bytes()
    assert _found(kept, "session_cache.go") == []


def test_a_cleanup_refusing_on_an_amount_does_not_close_for_good():
    fixed = (GL003 / "fixed_cleanup_unless_closed.go").read_bytes()
    assert _found(fixed, "conn.go") == []
    refusing = fixed.replace(
        b"\tcancels chan func()\n", b"\tcancels chan func()\n\tbusy    int\n"
    ).replace(b"\tif !c.closed.TrySet() {\n", b"\tif c.busy > 0 {\n")
    assert refusing != fixed
    found = _found(refusing, "conn.go")
    # The watcher's select, one line down for the new field: `Close` may refuse too.
    assert [line for _, line, _ in found] == [40]


def test_a_goroutine_that_goes_on_after_reporting_its_error_still_waits():
    fixed = (GL003 / "fixed_reported_error_quit.go").read_bytes()
    assert _found(fixed, "lock.go") == []
    going_on = fixed.replace(
        b"\t\tif err != nil {\n\t\t\treturn\n\t\t}\n",
        b"\t\tif err != nil {\n\t\t\thandle = -1\n\t\t}\n",
    )
    assert going_on != fixed
    found = _found(going_on, "lock.go")
    assert [(code, line) for code, line, _ in found] == [("GL003", 29)]


def test_a_literal_refusing_on_an_amount_leaves_the_writer_running():
    fixed = (GL003 / "fixed_closed_check_in_literal.go").read_bytes()
    assert _found(fixed, "service.go") == []
    refusing = fixed.replace(
        b"\t\tif s.closed() {\n\t\t\treturn false\n", b"\t\tif s.bytes > 0 {\n\t\t\treturn false\n"
    )
    assert refusing != fixed
    found = _found(refusing, "service.go")
    assert [(code, line) for code, line, _ in found] == [("GL003", 37)]
    assert "when `Close` returns at line 59 without closing `s.done`" in found[0][2]
