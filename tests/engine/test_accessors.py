"""ACCESSOR: a call of a package method that only returns a channel field of its receiver
stands for that field; anything else, half-typed bodies included, stays a plain call."""

from __future__ import annotations

from goleash.engine import analyze
from goleash.source import SourceFile

LEAKY = b"""package p

import "sync"

type Sub struct {
	hub  *Hub
	id   int
	ch   chan int
	once sync.Once
}

func (s *Sub) C() <-chan int { return s.ch }

func (s *Sub) Cancel() {
	s.once.Do(func() {
		s.hub.mu.Lock()
		defer s.hub.mu.Unlock()
		delete(s.hub.subs, s.id)
	})
}

type Hub struct {
	mu   sync.Mutex
	subs map[int]*Sub
}

func (h *Hub) Close() {
	for id, s := range h.subs {
		close(s.ch)
		delete(h.subs, id)
	}
}

type Watcher struct{ sub *Sub }

func (w *Watcher) run(sub *Sub) {
	for range sub.C() {
	}
}

func Watch(s *Sub) *Watcher {
	w := &Watcher{sub: s}
	go w.run(s)
	return w
}
"""


def _report(source: bytes):
    return analyze(SourceFile("p.go", source), [])


def test_a_range_over_an_accessor_is_judged_as_a_range_over_its_field() -> None:
    report = _report(LEAKY)
    assert not report.notes, report.notes
    assert [(f.code, f.location.span.start.row + 1) for f in report.findings] == [("GL008", 37)]
    assert "`Cancel` deletes its entry from `subs`" in report.findings[0].message


def test_an_accessor_that_does_more_is_a_plain_call() -> None:
    checked = LEAKY.replace(
        b"func (s *Sub) C() <-chan int { return s.ch }",
        b"func (s *Sub) C() <-chan int {\n\ts.hub.mu.Lock()\n\tdefer s.hub.mu.Unlock()\n\treturn s.ch\n}",
    )
    report = _report(checked)
    assert not report.notes, report.notes
    assert not report.findings


def test_a_half_typed_accessor_breaks_no_rule() -> None:
    for body in (b"{}", b"{\n\treturn\n}", b"{ return s.ch, nil }"):
        half = LEAKY.replace(b"{ return s.ch }", body, 1)
        report = _report(half)
        assert not report.notes, (body, report.notes)
