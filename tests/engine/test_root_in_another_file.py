"""A field's identity whose root is a method in another file of the package: the
root's own events are placed in the root's file, not the analysed one (audit 22,
trufflehog's engine tests: every channel rule failed on the test file with an
AssertionError, `_func_of` looking for engine.go's `range` in engine_test.go)."""

from __future__ import annotations

from goleash.engine import analyze, incomplete
from goleash.source import SourceFile

ENGINE = b"""package engine

import "context"

type Engine struct {
	chunks  chan int
	overlap chan int
}

func (e *Engine) scanner(ctx context.Context, in []int) {
	for _, n := range in {
		if n%2 == 0 {
			e.overlap <- n
			continue
		}
		e.chunks <- n
	}
}

func (e *Engine) overlapWorker(ctx context.Context) {
	for n := range e.overlap {
		e.chunks <- n
	}
}
"""

TEST = b"""package engine

import (
	"context"
	"testing"
	"time"
)

func TestScanner(t *testing.T) {
	ctx := context.Background()
	e := &Engine{chunks: make(chan int, 1)}
	go e.scanner(ctx, []int{1})
	select {
	case n := <-e.chunks:
		_ = n
	case <-time.After(time.Second):
		t.Errorf("no chunk")
	}
}
"""


def test_the_test_file_is_analysed_whole() -> None:
    engine = SourceFile("engine/engine.go", ENGINE)
    test = SourceFile("engine/engine_test.go", TEST)
    report = analyze(test, [engine])
    assert incomplete(report.notes) == []
    assert report.findings == []
