"""A report goes from the CLI's worker process to its parent by pickling: the lock-order
facts the package recorded while checking a file must survive the trip."""

from __future__ import annotations

import pickle
from pathlib import Path

from goleash.engine import analyze
from goleash.source import SourceFile

BANK = Path(__file__).parent / "testdata" / "GL024" / "bank"


def _report(name: str):
    files = {p.name: SourceFile(str(p), p.read_bytes()) for p in sorted(BANK.glob("*.go"))}
    main = files.pop(name)
    return analyze(main, list(files.values()))


def test_report_with_lock_inversions_pickles() -> None:
    report = _report("account.go")
    assert any(f.code == "GL024" for f in report.findings)
    assert "lock_inversions" in report.sibling_reads.facts
    back = pickle.loads(pickle.dumps(report))
    assert back.findings == report.findings


def test_inversion_facts_compare_by_site_after_the_trip() -> None:
    facts = _report("account.go").sibling_reads.facts
    again = _report("account.go").sibling_reads.facts
    value = facts["lock_inversions"][1]
    assert value == again["lock_inversions"][1]
    assert pickle.loads(pickle.dumps(value)) == value
    assert pickle.loads(pickle.dumps(value)) != type(value)()


def test_report_of_a_file_locking_under_a_siblings_recover_pickles() -> None:
    # The package remembers whether a sibling recovers (locks_under_a_siblings_recover);
    # what it remembers must travel with the report, as a lambda could not.
    package = Path(__file__).parent / "testdata" / "GL030" / "caller_recovers"
    files = {p.name: SourceFile(str(p), p.read_bytes()) for p in sorted(package.glob("*.go"))}
    main = files.pop("limiter.go")
    report = analyze(main, list(files.values()))
    assert [f.code for f in report.findings] == ["GL030"]
    back = pickle.loads(pickle.dumps(report))
    assert back.findings == report.findings


def test_the_siblings_recover_fact_pickles() -> None:
    # Every fact the package records is kept with the function that computes it, and
    # goes back from the CLI's workers with the report of each build: a lambda could not.
    from goleash.analysis.package import Package
    from goleash.engine import locks_under_a_siblings_recover

    package_dir = Path(__file__).parent / "testdata" / "GL030" / "caller_recovers"
    files = {p.name: SourceFile(str(p), p.read_bytes()) for p in sorted(package_dir.glob("*.go"))}
    main = files.pop("limiter.go")
    package = Package(main, list(files.values()))
    assert locks_under_a_siblings_recover(main, package)
    assert "recovers" in package.reads.facts
    pickle.loads(pickle.dumps(package.reads.facts))
