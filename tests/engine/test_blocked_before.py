"""BLOCKED_BEFORE (leakfinder._behind_a_certain_block): a goroutine stuck for good at an
unbuffered send nobody ever receives never reaches the operations after it; a finding
there would name a line it never gets to (audit 12, nerdctl's none-logger test)."""

from __future__ import annotations

import pytest

from goleash.engine import analyze_source

SOURCE = """package logs

func process(stdout, stderr chan string) error {{ return nil }}

func Run() error {{
	stdout := make(chan string{cap})
	stderr := make(chan string)
	go func() {{
		for i := 0; i < 10; i++ {{
			{first}
			stderr <- "err"
		}}
		close(stdout)
		close(stderr)
	}}()
	return process(nil, nil)
}}
"""


def _lines(first: str, cap: str = "") -> list[int]:
    source = SOURCE.format(first=first, cap=cap).encode()
    return sorted(
        f.location.span.start.row + 1
        for f in analyze_source(source, "logs.go").findings
        if f.code in ("GL003", "GL023")
    )


def test_only_the_first_of_two_sends_nobody_receives_is_reported() -> None:
    assert _lines('stdout <- "out"') == [10]


@pytest.mark.parametrize(
    ("first", "cap"),
    [
        ('if i > 5 {\n\t\t\t\tstdout <- "out"\n\t\t\t}', ""),  # the second is reached without it
        ('stdout <- "out"', ", 1"),  # a buffer: the first send goes through once
    ],
)
def test_a_send_the_goroutine_can_get_past_does_not_hide_the_next(first: str, cap: str) -> None:
    assert len(_lines(first, cap)) == 2
