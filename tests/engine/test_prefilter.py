"""The substring prefilter: a file is skipped only when no enabled rule could start from it."""

from __future__ import annotations

from goleash import engine
from goleash.analysis.index import starts_a_goroutine
from goleash.config import Settings
from goleash.project.resolve import Overrides, effective_settings, preview_rules
from goleash.source import SourceFile

# Locks a mutex twice and does nothing else a channel rule looks at.
LOCKS_ONLY = b"""package p

import "sync"

type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) Incr() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Add(1)
}

func (c *Counter) Add(k int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n += k
}
"""


def test_locks_only_file_is_skipped_when_no_lock_rule_is_enabled() -> None:
    no_lock_rule = Settings(ignore=(*preview_rules(), "GL017"), preview=False)
    assert not engine.could_leak(LOCKS_ONLY, no_lock_rule)
    report = engine.analyze(SourceFile("counter.go", LOCKS_ONLY), (), no_lock_rule)
    assert report.findings == []


def test_locks_only_file_is_read_by_default_for_gl017() -> None:
    # GL017 runs by default on failure returns; the double lock is GL016's, in preview.
    default = effective_settings(None, Overrides())
    assert engine.could_leak(LOCKS_ONLY, default)
    report = engine.analyze(SourceFile("counter.go", LOCKS_ONLY), (), default)
    assert report.findings == []


def test_locks_only_file_is_analysed_when_a_lock_rule_is_enabled() -> None:
    with_preview = Settings()
    assert engine.could_leak(LOCKS_ONLY, with_preview)
    report = engine.analyze(SourceFile("counter.go", LOCKS_ONLY), (), with_preview)
    assert [f.code for f in report.findings] == ["GL016"]


def test_without_settings_every_trigger_counts() -> None:
    # The incremental layer asks about one declaration's text, whatever rules are on.
    assert engine.could_leak(LOCKS_ONLY)


def test_channel_files_pass_whatever_rules_are_enabled() -> None:
    source = b"package p\n\nfunc f() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n}\n"
    assert engine.could_leak(source, Settings(ignore=preview_rules()))
    assert engine.could_leak(source, Settings(select=["GL016"]))


# The spellings the file test is meant to find, one substring each; the engine searches
# each word once and reads its neighbours instead, which must decide the same.
_SPELLINGS = (
    b"make(chan",
    b" chan ",
    b"chan<-",
    b"\tchan ",
    b"\tgo ",
    b"  go ",
    b"{ go ",
    b"; go ",
    b": go ",
    b"\n go ",
)


def test_channel_and_go_tests_find_exactly_the_spellings():
    import random

    pieces = [b"chan", b"go ", b" ", b"\t", b"\n", b"{", b";", b":", b"make(", b"<-", b"x", b"("]
    rng = random.Random(7)
    for _ in range(20000):
        data = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        spelled = any(s in data for s in _SPELLINGS)
        found = engine._makes_or_types_a_channel(data) or starts_a_goroutine(data)
        assert found == spelled, data


# A sibling's method returns a struct holding the channel its goroutine sends on; the
# consumer's file has no construct of its own but a range over that field.
STREAM_FILE = b"""package hive

import "context"

type feed struct{ C <-chan int }

type Monitor struct{ fetch func(context.Context) ([]int, error) }

func (m *Monitor) stream(ctx context.Context) *feed {
	out := make(chan int)
	f := &feed{C: out}
	go func() {
		defer close(out)
		for {
			page, err := m.fetch(ctx)
			if err != nil || len(page) == 0 {
				return
			}
			for _, r := range page {
				out <- r
			}
		}
	}()
	return f
}
"""

CONSUMER_FILE = b"""package hive

import (
	"context"
	"errors"
)

func (m *Monitor) Sum(ctx context.Context) (int, error) {
	f := m.stream(ctx)
	n := 0
	for r := range f.C {
		if r < 0 {
			return 0, errors.New("negative reading")
		}
		n += r
	}
	return n, nil
}
"""


def test_a_file_ranging_over_a_siblings_stream_is_analysed() -> None:
    # CONSUMES_A_FIELD: nothing of its own would let the consumer's file through.
    assert not engine.could_leak(CONSUMER_FILE)
    consumer = SourceFile("sum.go", CONSUMER_FILE)
    stream = SourceFile("stream.go", STREAM_FILE)
    report = engine.analyze(consumer, (stream,), Settings(ignore=preview_rules()))
    assert [(f.code, f.location.path, f.location.span.start.row + 1) for f in report.findings] == [
        ("GL006", "sum.go", 9)
    ]


SWITCHING_FILE = b"""package p

import "sync"

func run(stats []string, work func(string)) {
	var wg sync.WaitGroup
	for _, s := range stats {
		wg.Add(1)
		switch s {
		case "a":
			go func() { defer wg.Done(); work("a") }()
		case "b":
			go func() { defer wg.Done(); work("b") }()
		}
	}
	wg.Wait()
}

func claim(mu *sync.Mutex) func() {
	mu.Lock()
	return mu.Unlock
}
"""

PLAIN_SIBLING = b"""package p

func name(n int) string {
	if n > 0 {
		return "positive"
	}
	return "other"
}
"""


def test_package_facts_read_siblings_as_text_first() -> None:
    """VALIDATED_CHOICES, UNLOCK_HANDED_BACK and GROUP_KEEPS_THE_CANCEL collect facts
    about the whole package: a sibling whose text holds no string list, no function
    returning `func()` and no derived context is never parsed for them (the package
    facts once parsed 1,148 more of Go's own files than the rules needed)."""
    main = SourceFile("run.go", SWITCHING_FILE)
    sibling = SourceFile("name.go", PLAIN_SIBLING)
    report = engine.analyze(main, (sibling,), Settings())
    assert [f.code for f in report.findings] == ["GL015"]
    assert not sibling.parsed
