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
