"""PLAINEST_EXIT: of the ways out that abandon a goroutine, the finding names one on
which the function did nothing with the channel (a `return err` before any receive),
not one after a receive that may or may not have been the goroutine's (audit 12,
cri-o's StopContainer: the finding named the final `return nil`, reached only after a
receive, where the leak is through the early returns)."""

from __future__ import annotations

from goleash.engine import analyze_source

SOURCE = b"""package stop

import (
	"errors"
	"time"
)

func wait() error { return nil }
func kill() error { return nil }

func waitTerminate(ch chan error, d time.Duration) error {
	select {
	case err := <-ch:
		return err
	case <-time.After(d):
		return errors.New("timeout")
	}
}

func Stop(d time.Duration) error {
	stopCh := make(chan error)
	go func() {
		if err := wait(); err != nil {
			stopCh <- err
		}
		close(stopCh)
	}()
	if err := kill(); err != nil {
		return err
	}
	if err := waitTerminate(stopCh, d); err != nil {
		return err
	}
	return nil
}
"""


def test_the_finding_names_the_return_before_any_receive() -> None:
    (finding,) = [f for f in analyze_source(SOURCE, "stop.go").findings if f.code == "GL002"]
    early = (
        SOURCE[: SOURCE.index(b"\t\treturn err\n\t}\n\tif err := waitTerminate")].count(b"\n") + 1
    )
    assert f"returns at line {early} before receiving" in finding.message, finding.message
