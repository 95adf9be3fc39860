"""CLOSED_FLAGS (closed_flags.py): a `return` behind `if aDone && bDone`, where each flag
is set only from `!ok` of a receive on its channel, comes after both channels closed,
so their senders are done (audit 21, moby's port allocator tests). Each condition of
the heuristic is broken once below, and the finding comes back."""

from __future__ import annotations

import pytest

from goleash.engine import analyze_source

SOURCE = """package p

import "errors"

func dial() error {{ return errors.New("x") }}

func both() error {{
	a, b := make(chan error), make(chan error)
	go func() {{
		defer close(a)
		if err := dial(); err != nil {{
			a <- err
		}}
	}}()
	go func() {{
		defer close(b)
		if err := dial(); err != nil {{
			b <- err
		}}
	}}()
	{declare}
	var first error
	for {{
		if {guard} {{
			return first
		}}
		select {{
		case err, ok := <-a:
			{set_a}
			if err != nil {{
				first = err
			}}
		case err, ok := <-b:
			bDone = !ok
			if err != nil {{
				first = err
			}}
		}}
	}}
}}
"""

CLEAN = {
    "declare": "var aDone, bDone bool",
    "guard": "aDone && bDone",
    "set_a": "aDone = !ok",
}


def _codes(**change: str) -> list[str]:
    src = SOURCE.format(**{**CLEAN, **change}).encode()
    return [f.code for f in analyze_source(src, "p.go").findings]


def test_both_flags_set_from_closed_receives_guard_the_return() -> None:
    assert _codes() == []


def test_a_flag_set_true_under_not_ok_guards_it_too() -> None:
    assert _codes(set_a="if !ok {\n\t\t\t\taDone = true\n\t\t\t}") == []


def test_declared_false_with_a_short_declaration() -> None:
    assert _codes(declare="aDone, bDone := false, false") == []


@pytest.mark.parametrize(
    "change",
    [
        {"guard": "aDone || bDone"},  # one side closed is enough to leave
        {"set_a": "aDone = true"},  # set whether or not the channel closed
        {"set_a": "aDone = !ok\n\t\t\taDone = false"},  # reset
        {"declare": "aDone, bDone := true, false"},  # starts set
    ],
)
def test_a_broken_condition_brings_the_finding_back(change: dict[str, str]) -> None:
    assert "GL002" in _codes(**change)
