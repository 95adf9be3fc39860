"""ONE_LINE_RUNS: a fix that would spread a one-line function aligned with its neighbours
is refused, since gofmt's alignment of such runs is not redone; a lone one-liner is fine."""

from __future__ import annotations

import pytest

from goleash.engine import analyze
from goleash.fixes.align import with_aligned_comments
from goleash.fixes.edits import EditError
from goleash.model import TextEdit
from goleash.source import SourceFile

RUN = b"""package p

func (b *B) Add(it int) { b.c <- it }
func (b *B) Stop()      { close(b.quit) }
"""


def test_spreading_a_one_liner_of_an_aligned_run_is_refused() -> None:
    at = RUN.index(b"b.c <- it")
    with pytest.raises(EditError):
        with_aligned_comments(RUN, [TextEdit(at, at + len(b"b.c <- it"), "\n\tb.c <- it\n")])


def test_an_edit_inside_the_line_is_kept() -> None:
    at = RUN.index(b"it }")
    edits = [TextEdit(at, at + 2, "it")]
    assert with_aligned_comments(RUN, edits) == edits


def test_a_lone_one_liner_may_be_spread() -> None:
    lone = RUN.replace(b"}\nfunc (b *B) Stop()      {", b"}\n\nfunc (b *B) Stop() {")
    at = lone.index(b"b.c <- it")
    edits = [TextEdit(at, at + len(b"b.c <- it"), "\n\tb.c <- it\n")]
    assert with_aligned_comments(lone, edits) == edits


METER = b"""package p

type B struct {
	c    chan int
	quit chan struct{}
}

func (b *B) Add(it int) { b.c <- it }
func (b *B) Stop()      { close(b.quit) }

func (b *B) loop() {
	for {
		select {
		case <-b.c:
		case <-b.quit:
			return
		}
	}
}

func New() *B {
	b := &B{c: make(chan int), quit: make(chan struct{})}
	go b.loop()
	return b
}

func Feed(b *B, src <-chan int) {
	go func() {
		for v := range src {
			b.Add(v)
		}
	}()
}
"""


def test_the_finding_stays_without_its_fix_in_an_aligned_run() -> None:
    report = analyze(SourceFile("b.go", METER))
    assert [(f.code, f.fixes) for f in report.findings] == [("GL007", ())]
    spread = METER.replace(b"}\nfunc (b *B) Stop()      {", b"}\n\nfunc (b *B) Stop() {")
    report = analyze(SourceFile("b.go", spread))
    assert [f.code for f in report.findings] == ["GL007"] and report.findings[0].fixes
