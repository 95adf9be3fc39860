"""Runtime proof: each leaky fixture leaks under go.uber.org/goleak before its fixes and
not after them; every fix compiles and is `go vet` clean.

One scratch module holds every variant (see proof.py), so the whole proof is one
`go vet` and one `go test` run. A fix may also be one step of several: then goleash
must still report the remaining leak on the fixed code (a made nil channel that
nobody closes), and `goleash fix --unsafe-fixes`, which keeps fixing until nothing
is left, must make goleak pass when every finding of the fixture has a fix (when one
has none, goleash must still report what is left). What is never accepted is a fix
after which the goroutine still leaks and goleash says nothing.
"""

from __future__ import annotations

import pytest

from . import proof
from .gotools import needs_go

pytestmark = [needs_go, pytest.mark.timeout(900)]

FIXTURES = proof.leaky_fixtures()
RUNNABLE = [fx for fx in FIXTURES if fx.run]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    variants = []
    for fx in FIXTURES:
        variants.append(proof.Variant(fx, "before", dict(fx.files)))
        variants.extend(proof.fix_variants(fx))
        variants.append(proof.fix_all_variant(fx))
    results = proof.run_proof(tmp_path_factory.mktemp("fixproof"), variants)
    by_fixture: dict[str, list[proof.Outcome]] = {}
    for o in results:
        by_fixture.setdefault(o.variant.fixture.name, []).append(o)
    return by_fixture


def _detail(o: proof.Outcome) -> str:
    return (
        f"{o.variant.fixture.name} / {o.variant.label}:\n"
        + "".join(o.output)[-3000:]
        + "\n".join(o.vet_output)
    )


@pytest.mark.parametrize("name", [fx.name for fx in RUNNABLE])
def test_leaks_before_and_not_after_each_fix(outcomes, name):
    results = outcomes[name]
    before = next(o for o in results if o.variant.label == "before")
    assert before.compiled, _detail(before)
    assert before.leak_reported, "goleak did not see the leak the fixture is about\n" + _detail(
        before
    )
    for o in results:
        if not o.variant.is_fix:
            continue
        assert o.compiled, "the fixed code does not compile\n" + _detail(o)
        assert o.vet_clean, "go vet complains about the fixed code\n" + _detail(o)
        if o.variant.fix is None:  # everything `goleash fix --unsafe-fixes` does
            fx = o.variant.fixture
            findings = [f for n in fx.leaky_files for f in proof.findings_of(fx, n)]
            if findings and all(f.fixes for f in findings):
                assert o.passed, "still leaking after goleash fix --unsafe-fixes\n" + _detail(o)
            elif any(f.fixes for f in findings):
                # Some finding has no fix: what is left must still be reported.
                assert o.passed or o.still_reported, (
                    "leaks after goleash fix --unsafe-fixes, unreported\n" + _detail(o)
                )
            continue
        assert o.passed or o.still_reported, (
            "the goroutine still leaks and goleash no longer says so\n" + _detail(o)
        )


@pytest.mark.parametrize("name", [fx.name for fx in FIXTURES if not fx.run])
def test_fixes_without_entry_point_still_compile_and_vet(outcomes, name):
    """No `// run:` line: not run under goleak (scripts/fix_figures.py counts them), but built and vetted."""
    for o in outcomes[name]:
        if o.variant.is_fix:
            assert o.compiled and o.vet_clean, _detail(o)


def test_harness_notices_a_leak_and_a_compile_error(tmp_path):
    fx = proof.Fixture(
        "GLXXX/probe.go",
        "GLXXX",
        {
            "probe.go": b"package probe\n\n// run: Leak()\n\nfunc Leak() {\n\tch := make(chan int)\n\tgo func() { <-ch }()\n}\n"
        },
        "Leak()",
    )
    ok = dict(fx.files)
    ok["probe.go"] = ok["probe.go"].replace(b"go func() { <-ch }()", b"go func() { close(ch) }()")
    broken = {
        "probe.go": fx.files["probe.go"].replace(b"func Leak() {", b"func Leak() {\n\tundefined()")
    }
    results = proof.run_proof(
        tmp_path,
        [
            proof.Variant(fx, "before", dict(fx.files)),
            proof.Variant(fx, "ok", ok),
            proof.Variant(fx, "broken", broken),
        ],
    )
    leaky, fine, bad = results
    assert leaky.compiled and leaky.leak_reported and not leaky.passed
    assert fine.compiled and fine.passed and fine.vet_clean
    assert not bad.compiled and not bad.passed
