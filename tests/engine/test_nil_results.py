"""NIL_MEANS_RECEIVED (nil_results): a way out past `if err := waitFor(errc, d); err !=
nil { return err }` is not one that skips the receive when `waitFor` returns nil only
from the case that receives; the timeout's `return` inside the check is named instead
(audit 21, devpod's injector). A callee that can return nil without receiving leaves
the later way out named."""

from __future__ import annotations

import pytest

from goleash.engine import analyze_source

SOURCE = """package p

import (
	"context"
	"errors"
	"fmt"
	"time"
)

var errTimeout = errors.New("timeout")

func waitFor(errc chan error, d time.Duration) error {{
	select {{
	case err := <-errc:
		return err
	case <-time.After(d):
		return {timeout}
	}}
}}

func read() (string, error) {{ return "", nil }}

func handshake(d time.Duration) (string, error) {{
	var line string
	errc := make(chan error)
	go func() {{
		var err error
		line, err = read()
		errc <- err
	}}()
	if err := waitFor(errc, d); err != nil {{
		return "", err
	}}
	if line == "" {{
		return "", fmt.Errorf("empty: %w", context.Canceled)
	}}
	return line, nil
}}
"""

CHECK_RETURN = 32  # `return "", err` inside the error check
LAST_RETURN = 37


def _named_exit(timeout: str) -> int:
    findings = analyze_source(SOURCE.format(timeout=timeout).encode(), "p.go").findings
    assert [f.code for f in findings] == ["GL002"]
    return int(findings[0].message.split("returns at line ")[1].split()[0])


@pytest.mark.parametrize(
    "timeout",
    [
        "context.DeadlineExceeded",
        'errors.New("timeout")',
        'fmt.Errorf("after %v", d)',
        "errTimeout",
    ],
)
def test_nil_only_after_the_receive_names_the_check(timeout: str) -> None:
    assert _named_exit(timeout) == CHECK_RETURN


@pytest.mark.parametrize("timeout", ["nil", "context.Cause(context.TODO())"])
def test_a_callee_that_may_return_nil_without_receiving_is_not_read(timeout: str) -> None:
    assert _named_exit(timeout) == LAST_RETURN
