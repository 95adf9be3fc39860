"""A report goes from the CLI's worker process to its parent by pickling: the facts the
sync analyses (GL025, GL027, GL028, GL029) record about the package while checking a file (where
a pattern matches, whether the package names a sync type) must survive the trip."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from goleash.engine import analyze
from goleash.source import SourceFile

TESTDATA = Path(__file__).parent / "testdata"

PACKAGES = [
    ("GL029/split_farm", "worker.go", "GL029"),
    ("GL027/split_login", "client.go", "GL027"),
    ("GL028/split_pool", "pool.go", "GL028"),
]


@pytest.mark.parametrize(("folder", "name", "code"), PACKAGES)
def test_report_with_sync_facts_pickles(folder: str, name: str, code: str) -> None:
    files = {
        p.name: SourceFile(str(p), p.read_bytes()) for p in sorted((TESTDATA / folder).glob("*.go"))
    }
    main = files.pop(name)
    report = analyze(main, list(files.values()))
    assert any(f.code == code for f in report.findings)
    facts = report.sibling_reads.facts
    assert any(key.startswith(("matches ", "mentions ")) for key in facts), facts
    back = pickle.loads(pickle.dumps(report))
    assert back.findings == report.findings
    assert back.sibling_reads.facts.keys() == facts.keys()
