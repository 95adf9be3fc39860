"""The idiom corpus leaks for real: every leaky program leaks under go.uber.org/goleak, at
the lines its `// want` comments name, and every fixed twin does not leak at all.

All programs are vetted and tested together (one `go vet ./...`, one `go test -json ./...`).
"""

from __future__ import annotations

import pytest

from ..fixes.gotools import needs_go
from . import idiom_corpus, idiom_runtime

pytestmark = [needs_go, pytest.mark.timeout(900)]

PROGRAMS = [p for p in idiom_corpus.load() if p.runs_on_go119]
LEAKY = [p for p in PROGRAMS if not p.is_twin]
TWINS = [p for p in PROGRAMS if p.is_twin]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    results = idiom_runtime.run(tmp_path_factory.mktemp("idioms"), PROGRAMS)
    return {o.program.rel: o for o in results}


def _check_compiles_and_vets(o: idiom_runtime.Outcome) -> None:
    assert o.compiled, "does not compile or its test did not run\n" + o.detail()
    assert not o.vet_output, "go vet complains\n" + o.detail()


@pytest.mark.parametrize("rel", [p.rel for p in LEAKY])
def test_leaky_program_leaks_where_its_wants_say(outcomes, rel):
    o = outcomes[rel]
    _check_compiles_and_vets(o)
    assert not o.passed and o.leak_reported, "goleak saw no leaked goroutine\n" + o.detail()
    stuck = o.stuck_at()
    assert None not in stuck, "a leaked goroutine never runs the program's own code\n" + o.detail()
    wants = o.program.wants()

    def explains(want: idiom_corpus.Want, where: tuple[str, int]) -> bool:
        return want.explains(*where, o.program.files[where[0]])

    unexplained = [w for w in stuck if not any(explains(want, w) for want in wants)]
    assert not unexplained, f"goroutines stuck at {unexplained} have no `// want`\n" + o.detail()
    unconfirmed = [w for w in wants if not any(explains(w, s) for s in stuck)]
    assert not unconfirmed, f"no goroutine is stuck at {unconfirmed}\n" + o.detail()


@pytest.mark.parametrize("rel", [p.rel for p in TWINS])
def test_fixed_twin_does_not_leak(outcomes, rel):
    o = outcomes[rel]
    _check_compiles_and_vets(o)
    assert o.passed and not o.leak_reported, "the fixed twin still leaks\n" + o.detail()


def test_harness_tells_a_leak_from_a_fix(tmp_path):
    """The harness itself: a leak is seen at its line, a fix passes, a broken program fails to compile."""
    leaky = idiom_corpus.Program(
        "00-probe",
        "probe",
        {
            "probe.go": (
                "package probe\n\n// run: Leak()\n\nfunc Leak() {\n\tch := make(chan int)\n"
                '\tgo func() { ch <- 1 }() // want "blocks forever"\n}\n'
            )
        },
    )
    fixed = idiom_corpus.Program(
        "00-probe",
        "fixed_probe",
        {
            "fixed_probe.go": leaky.files["probe.go"]
            .replace("package probe", "package fixed_probe")
            .replace("make(chan int)", "make(chan int, 1)")
            .replace(' // want "blocks forever"', "")
        },
    )
    broken = idiom_corpus.Program(
        "00-probe",
        "broken",
        {"broken.go": "package broken\n\n// run: Leak()\n\nfunc Leak() { undefined() }\n"},
    )
    sloppy = idiom_corpus.Program(
        "00-probe",
        "sloppy",
        {
            "sloppy.go": (  # lostcancel: go vet only, not go test
                'package sloppy\n\nimport "context"\n\n// run: Ctx()\n\n'
                "func Ctx() context.Context {\n\tctx, _ := context.WithCancel(context.Background())\n\treturn ctx\n}\n"
            )
        },
    )
    leak, fix, bad, vet = idiom_runtime.run(tmp_path, [leaky, fixed, broken, sloppy])
    assert leak.compiled and leak.leak_reported and leak.stuck_at() == [("probe.go", 7)], (
        leak.detail()
    )
    assert fix.compiled and fix.passed and not fix.vet_output, fix.detail()
    assert not bad.compiled and not bad.passed, bad.detail()
    assert vet.compiled and vet.passed and vet.vet_output, vet.detail()
