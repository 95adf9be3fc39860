"""FIRST_OF_MANY (analysis/first_of_many.py): goroutines started in a loop that each send
at most once, and a starter that takes one value and returns with it, leave every later
sender blocked. These tests pin what the shape must not claim."""

from __future__ import annotations

from pathlib import Path

from goleash.engine import analyze
from goleash.source import SourceFile

_WORKERS = """package p

import "sync"

func work(s string) error { return nil }

func Import(items []string, workers int) error {
	jobs := make(chan string)
	errc := make(chan error)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range jobs {
				if err := work(s); err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	for _, s := range items {
		select {
		case err := <-errc:
			return err
		case jobs <- s:
		}
	}
	close(jobs)
	wg.Wait()
	close(errc)
	for err := range errc {
		return err
	}
	return nil
}
"""


def _findings(src: str) -> list[str]:
    report = analyze(SourceFile("p.go", src.encode()))
    return [f"{f.code}: {f.message}" for f in report.findings]


def test_a_receive_after_the_starter_closed_the_channel_strands_nobody() -> None:
    # STARTER_CLOSES: `close(errc)` runs after every worker finished (a send on a closed
    # channel panics), so the `return` inside the final range cannot leave a sender
    # behind; a finding naming that way out would name an exit that leaks nothing.
    lines = _WORKERS.splitlines()
    range_return = next(i for i, line in enumerate(lines, 1) if line == "\t\treturn err")
    for finding in _findings(_WORKERS):
        assert f"line {range_return}" not in finding, finding


def test_the_same_receive_without_the_close_is_the_first_of_many() -> None:
    # The twin: the starter takes the first error from its own receive and returns;
    # the workers failing after it block on `errc <- err`.
    src = """package p

import "sync"

func work(s string) error { return nil }

func Import(items []string, workers int) error {
	errc := make(chan error)
	var wg sync.WaitGroup
	for _, s := range items {
		s := s
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := work(s); err != nil {
				errc <- err
			}
		}()
	}
	go func() {
		wg.Wait()
		close(errc)
	}()
	for err := range errc {
		return err
	}
	return nil
}
"""
    found = _findings(src)
    assert any(f.startswith(("GL004", "GL005")) and "`errc`" in f for f in found), found


HERE = Path(__file__).parent


def _package_findings(folder: Path, name: str) -> list[str]:
    files = {p.name: SourceFile(str(p), p.read_bytes()) for p in sorted(folder.glob("*.go"))}
    report = analyze(files[name], [f for n, f in files.items() if n != name])
    return [f"{f.code}: {f.message}" for f in report.findings]


def test_a_hand_written_errgroup_strands_the_second_failure() -> None:
    # fanout/: `group.Go` starts a goroutine per call that sends its error on the
    # group's unbuffered field; `Wait` returns the first and the caller leaves. The
    # finding is the caller's (where the loop of `Go` calls is), in its own file; its
    # clean twin is tests/rules/testdata/GL004/fixed_fanout/. No fix: the buffer would
    # be the caller's count, made in the constructor.
    found = _package_findings(HERE / "first_of_many" / "fanout", "resize.go")
    assert any(
        f.startswith("GL004") and "`g.errc`" in f and "`ResizeAll` receives only once" in f
        for f in found
    ), found
