"""COUNTED_ADD (cfg._find_counted_adds) and REPEATED_TEST (decided_flags._repeated_tests):
a counter stepped under the same tests that start the goroutines balances their
Dones (audit 15, okteto's displayers); a test that calls, or reads what the function
changes, is not taken to decide the same way twice."""

from __future__ import annotations

import pytest

from goleash.engine import analyze_source

SOURCE = """package p

import "sync"

type D struct{{ out, err chan string; n int }}

func (d *D) ready() bool {{ return d.out != nil }}

func (d *D) Display() {{
	var wg sync.WaitGroup
	delta := 0
	if {first} {{
		delta++
	}}
	if d.err != nil {{
		delta += 1
	}}
	{between}
	wg.Add(delta)
	if {second} {{
		go func() {{
			for range d.out {{
			}}
			wg.Done()
		}}()
	}}
	if d.err != nil {{
		go func() {{
			for range d.err {{
			}}
			wg.Done()
		}}()
	}}
	wg.Wait()
}}
"""


def _codes(first: str, second: str, between: str = "") -> list[str]:
    src = SOURCE.format(first=first, second=second, between=between).encode()
    return [f.code for f in analyze_source(src, "p.go").findings]


def test_steps_under_the_same_tests_balance() -> None:
    assert _codes("d.out != nil", "d.out != nil") == []
    assert _codes("d.out != nil", "!(d.out == nil)") == []  # `==` read as a negated `!=`


@pytest.mark.parametrize(
    ("first", "second", "between"),
    [
        ("d.ready()", "d.ready()", ""),  # a call may answer differently
        ("d.out != nil", "d.out != nil", "d.out = nil"),  # the function changes it
        ("d.out != nil", "d.n > 0", ""),  # another test
    ],
    ids=["call", "changed", "different"],
)
def test_other_tests_keep_the_finding(first: str, second: str, between: str) -> None:
    assert _codes(first, second, between) == ["GL015"]
