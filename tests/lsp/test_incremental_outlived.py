"""A send that outlives its receiver depends on three declarations besides its own: the
receiving loop, the method that closes the loop's stop channel, the make of the field
and the goroutine that calls the sender. Editing any of them must move the finding incrementally as in a full analysis."""

from __future__ import annotations

import pytest

from goleash import engine
from goleash.incremental import IncrementalAnalyzer
from goleash.source import SourceFile

METER = b"""package meter

type Meter struct {
	samples chan float64
	stop    chan struct{}
	total   float64
}

func New() *Meter {
	m := &Meter{samples: make(chan float64), stop: make(chan struct{})}
	go m.loop()
	return m
}

func (m *Meter) loop() {
	for {
		select {
		case v := <-m.samples:
			m.total += v
		case <-m.stop:
			return
		}
	}
}

func (m *Meter) Observe(v float64) {
	m.samples <- v
}

func (m *Meter) Stop() {
	close(m.stop)
}

func Feed(m *Meter, src <-chan float64) {
	go func() {
		for v := range src {
			m.Observe(v)
		}
	}()
}
"""

EDITS = {
    "the stop no longer closes": (b"\tclose(m.stop)\n", b"\tm.total = 0\n"),
    "the loop no longer returns on the stop": (
        b"\t\tcase <-m.stop:\n\t\t\treturn\n",
        b"\t\tcase <-m.stop:\n\t\t\tm.total = 0\n",
    ),
    "the field gets a buffer": (b"samples: make(chan float64)", b"samples: make(chan float64, 8)"),
    "no goroutine feeds it any more": (
        b"\tgo func() {\n\t\tfor v := range src {\n\t\t\tm.Observe(v)\n\t\t}\n\t}()\n",
        b"\tfor v := range src {\n\t\tm.total += v\n\t}\n",
    ),
    "the send waits on the stop too": (
        b"\tm.samples <- v\n",
        b"\tselect {\n\tcase m.samples <- v:\n\tcase <-m.stop:\n\t}\n",
    ),
}


def _codes(report) -> list[tuple[str, int]]:
    return sorted((f.code, f.location.span.start.row) for f in report.findings)


def test_the_leak_is_found_before_any_edit() -> None:
    report = engine.analyze(SourceFile("meter.go", METER), with_fixes=False)
    assert _codes(report) == [("GL007", 26)]


@pytest.mark.parametrize("name", sorted(EDITS))
def test_an_edit_elsewhere_moves_the_finding_as_a_full_analysis_does(name: str) -> None:
    old, new = EDITS[name]
    assert METER.count(old) == 1
    edited = METER.replace(old, new)
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(SourceFile("meter.go", METER))
    got = analyzer.analyze(SourceFile("meter.go", edited))
    want = engine.analyze(SourceFile("meter.go", edited), with_fixes=False)
    assert "GL007" not in [code for code, _ in _codes(want)]
    assert _codes(got) == _codes(want)
    back = analyzer.analyze(SourceFile("meter.go", METER))
    assert _codes(back) == [("GL007", 26)]
