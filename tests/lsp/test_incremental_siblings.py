"""SIBLING_CONSTRUCTS (incremental._calls_one_of): a declaration with no construct of
its own that calls a function of another file of the package holding one (`m :=
NewManager()`, `m.Add(...)`, the goroutine and the channel in manager.go) is analysed
incrementally as a full analysis does; it was skipped, and the leak reported only by
a full run (found by the edit-sequence property test on GL003/started_by_hand)."""

from __future__ import annotations

from pathlib import Path

from goleash import engine
from goleash.incremental import IncrementalAnalyzer
from goleash.source import SourceFile

from .test_incremental_property import findings_of

FIXTURE = Path(__file__).parents[1] / "rules" / "testdata" / "GL003" / "started_by_hand"


def test_a_caller_of_another_files_constructs_is_analysed() -> None:
    siblings = [SourceFile(str(FIXTURE / "manager.go"), (FIXTURE / "manager.go").read_bytes())]
    test = (FIXTURE / "manager_test.go").read_bytes()
    file = SourceFile(str(FIXTURE / "manager_test.go"), test)
    full = engine.analyze(file, siblings, with_fixes=False)
    assert [f.code for f in full.findings] == ["GL003", "GL003"]
    got = IncrementalAnalyzer().analyze(file, siblings)
    assert findings_of(got) == findings_of(full)
    # and after an edit that changes nothing of what it analyses
    edited = SourceFile(file.path, test.replace(b"task not added", b"task not added!"))
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(file, siblings)
    again = analyzer.analyze(edited, siblings)
    assert findings_of(again) == findings_of(engine.analyze(edited, siblings, with_fixes=False))
