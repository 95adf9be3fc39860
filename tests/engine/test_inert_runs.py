"""INERT_RUN: a pass that jumps along straight runs of the graph (to the next node
that may touch its identity) reaches the same verdicts as one that looks at every
node, and the runs are cut where the graph branches, joins or loops."""

from pathlib import Path

import pytest

from goleash.analysis import liveness
from goleash.analysis.cfg import CFG
from goleash.analysis.inert_runs import runs
from goleash.analysis.package import Package
from goleash.analysis.values import Resolver
from goleash.engine import analyze
from goleash.source import SourceFile

TESTS = Path(__file__).parents[1]
PACKAGES = sorted(
    {p.parent for p in (TESTS / "rules" / "testdata").rglob("*.go")}
    | {p.parent for p in (TESTS / "engine" / "idioms").rglob("*.go")}
)


def _findings(folder: Path) -> list[str]:
    files = [SourceFile(str(p), p.read_bytes()) for p in sorted(folder.glob("*.go"))]
    out = []
    for f in files:
        report = analyze(f, [s for s in files if s is not f])
        out += [repr(finding) for finding in report.findings]
    return out


@pytest.mark.parametrize("folder", PACKAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_verdicts_are_those_of_a_pass_over_every_node(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jumping = _findings(folder)
    monkeypatch.setattr(liveness._Analysis, "skip_to", lambda self, node: None)
    assert _findings(folder) == jumping


SOURCE = b"""package p

func f(ok bool, ch chan int) {
	a := 1
	b := 2
	c := 3
	if ok {
		d := 4
		e := 5
		_ = d + e
	}
	for i := 0; i < 3; i++ {
		g := i
		h := g
		_ = h
	}
	ch <- a + b + c
}
"""


def test_runs_stop_at_branches_joins_and_loops() -> None:
    file = SourceFile("p.go", SOURCE)
    func = file.root.named_children[1]
    cfg = CFG(func, Resolver(func, Package(file, []), file))
    found = runs(cfg)
    lines = {}
    for run, _ in found.values():
        lines[id(run)] = [n.ast.start_point[0] + 1 if n.ast is not None else 0 for n in run.nodes]
    spans = sorted(lines.values())
    for span in spans:
        # No run holds both a line of the `if` arm and one after it, nor a loop's body
        # and what follows the loop.
        assert not ({8, 9, 10} & set(span) and {12, 13, 14, 15, 17} & set(span)), spans
        assert not ({13, 14, 15} & set(span) and 17 in span), spans
    assert any({4, 5, 6} <= set(span) for span in spans), spans
