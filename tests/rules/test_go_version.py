"""Rules that depend on the Go version read it from the nearest go.mod."""

from __future__ import annotations

from goleash.engine import analyze_source

TICKER = b"""package p

import "time"

func Wait(n int) {
	t := time.NewTicker(time.Millisecond)
	for i := 0; i < n; i++ {
		<-t.C
	}
}
"""


def _codes(tmp_path, go_line: str | None, source: bytes = TICKER) -> list[str]:
    if go_line is not None:
        (tmp_path / "go.mod").write_text(f"module example.com/p\n\n{go_line}\n")
    sub = tmp_path / "pkg"
    sub.mkdir()
    path = sub / "wait.go"
    path.write_bytes(source)
    return [f.code for f in analyze_source(source, str(path)).findings]


def test_unstopped_ticker_reported_before_go_1_23(tmp_path) -> None:
    assert _codes(tmp_path, "go 1.21") == ["GL018"]


def test_unstopped_ticker_collectable_from_go_1_23(tmp_path) -> None:
    assert _codes(tmp_path, "go 1.23") == []


def test_unknown_version_is_treated_as_older(tmp_path) -> None:
    assert _codes(tmp_path, None) == ["GL018"]


# Stopped on one way out only: from Go 1.23 the ticker is collected on the other too.
TICKER_STOPPED_ON_ONE_PATH = b"""package p

import "time"

func Poll(n int, ok func() bool) bool {
	t := time.NewTicker(time.Millisecond)
	for i := 0; i < n; i++ {
		<-t.C
		if ok() {
			return true
		}
	}
	t.Stop()
	return false
}
"""


def test_ticker_stopped_on_some_paths_reported_before_go_1_23(tmp_path) -> None:
    assert _codes(tmp_path, "go 1.22", TICKER_STOPPED_ON_ONE_PATH) == ["GL018"]


def test_ticker_stopped_on_some_paths_collectable_from_go_1_23(tmp_path) -> None:
    assert _codes(tmp_path, "go 1.25.0", TICKER_STOPPED_ON_ONE_PATH) == []
