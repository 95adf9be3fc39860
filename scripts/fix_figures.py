#!/usr/bin/env python3
"""Print the quick-fix figures over the rule fixtures and the idiom corpus.

    python scripts/fix_figures.py [-v]

Out of the leaky fixtures (tests/rules/testdata, every rule but GL100): the findings,
those with a fix offered, the fixes that compile and pass `go vet`, and the fixes
after which go.uber.org/goleak finds no leaked goroutine when the fixture's
`// run:` statements are executed. Fixtures without a `// run:` line are counted as
"no entry point".

Then the headline figure: the share of detected leaks (findings on the runnable rule
fixtures and on the leaky programs of the idiom corpus, tests/engine/idioms, each
confirmed under goleak) whose preferred fix, the one `goleash fix --unsafe-fixes`
applies, makes goleak pass: applied alone, or together with the program's other
preferred fixes (see tests/fixes/coverage.py). With -v, one line per leak.

Needs Go 1.19 and goleak (Debian: golang-go, golang-uber-goleak-dev) for the
runtime columns; works offline.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "server"))

from tests.fixes import coverage, gotools, proof  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per fix")
    args = ap.parse_args()

    fixtures = proof.leaky_fixtures()
    runnable = [fx for fx in fixtures if fx.run]
    findings = fixed_findings = 0
    variants: list[proof.Variant] = []
    for fx in fixtures:
        for name in fx.leaky_files:
            for f in proof.findings_of(fx, name):
                findings += 1
                fixed_findings += bool(f.fixes)
        fixes = proof.fix_variants(fx)
        variants.append(proof.Variant(fx, "before", dict(fx.files)))
        variants.extend(fixes)
        if fixes:
            variants.append(proof.fix_all_variant(fx))
    offered = [v for v in variants if v.fix is not None]

    print(
        f"leaky fixtures:                      {len(fixtures)} ({len(runnable)} with a `// run:` entry point, "
        f"{len(fixtures) - len(runnable)} without)"
    )
    print(f"findings on them:                    {findings}")
    print(f"findings with a fix offered:         {fixed_findings}")
    print(
        f"fixes offered:                       {len(offered)} "
        f"({sum(v.fix.applicability.value == 'safe' for v in offered)} safe, "
        f"{sum(v.fix.applicability.value == 'unsafe' for v in offered)} unsafe)"
    )
    if not gotools.have_go():
        print("runtime proof:                       not run (go or goleak missing)")
        return 0
    with tempfile.TemporaryDirectory(prefix="goleash-fixproof-") as tmp:
        start = time.monotonic()
        outcomes = proof.run_proof(Path(tmp), variants)
        seconds = time.monotonic() - start
    fixes_built = [o for o in outcomes if o.variant.fix is not None]
    fixes_run = [o for o in fixes_built if o.variant.fixture.run]
    no_entry = [v for v in offered if not v.fixture.run]
    before = [o for o in outcomes if o.variant.label == "before" and o.variant.fixture.run]
    fix_all = [
        o for o in outcomes if o.variant.is_fix and o.variant.fix is None and o.variant.fixture.run
    ]
    print(
        f"fixes that compile and pass go vet:  {sum(o.compiled and o.vet_clean for o in fixes_built)} of {len(fixes_built)}"
    )
    print(
        f"fixes run under goleak:              {len(fixes_run)} ({len(no_entry)} on fixtures without an entry point)"
    )
    print(f"  goleak passes after the fix:       {sum(o.passed for o in fixes_run)}")
    print(
        f"  leak remains, still reported:      {sum((not o.passed) and o.still_reported for o in fixes_run)}"
    )
    print(
        f"  leak remains, NOT reported:        {sum((not o.passed) and not o.still_reported for o in fixes_run)}"
    )
    print(
        f"leak seen by goleak before fixing:   {sum(o.leak_reported for o in before)} of {len(before)} runnable fixtures"
    )
    print(
        f"`goleash fix --unsafe-fixes` passes: {sum(o.passed for o in fix_all)} of {len(fix_all)} runnable fixtures with a fix"
    )
    print(
        f"runtime proof took {seconds:.1f} s ({len(outcomes)} variants, one go vet + one go test)"
    )
    with tempfile.TemporaryDirectory(prefix="goleash-fixcoverage-") as tmp:
        start = time.monotonic()
        survey = coverage.survey(Path(tmp))
        seconds = time.monotonic() - start
    print()
    for corpus, label in (("fixtures", "rule fixtures"), ("idioms", "idiom corpus"), (None, "all")):
        fixed, total = survey.share(corpus)
        share = f"{100 * fixed / total:.1f}%" if total else "n/a"
        print(
            f"detected leaks with a preferred fix that makes goleak pass, {label + ':':14} {fixed} of {total} ({share})"
        )
    print(
        f"  of which by that fix alone: {sum(lk.alone for lk in survey.leaks)}; "
        f"no fix offered: {sum(lk.fix_title is None for lk in survey.leaks)}"
    )
    print(f"leak survey took {seconds:.1f} s")
    if args.verbose:
        print()
        for lk in survey.leaks:
            state = "FIXED" if lk.fixed else ("NO FIX" if lk.fix_title is None else "LEAK")
            how = " (alone)" if lk.alone else (" (with the others)" if lk.together else "")
            print(
                f"{state:7} {lk.corpus:8} {lk.program:42} {lk.code} line {lk.line:<4} {lk.fix_title or ''}{how}"
            )
    if args.verbose:
        print()
        for o in outcomes:
            if not o.variant.fixture.run:
                state = "BUILT" if o.compiled else "NO BUILD"
            else:
                state = (
                    "PASS"
                    if o.passed
                    else ("LEAK" if o.leak_reported else ("NO BUILD" if not o.compiled else "FAIL"))
                )
            vet = "" if o.vet_clean or not o.compiled else " (vet!)"
            print(f"{state:8} {o.variant.fixture.name:28} {o.variant.label}{vet}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
