"""COUNTED_SELECT_DRAINS_EACH (analysis/counted_selects.py): a loop turning once per
case of its select, over goroutines that send once each, takes every value; a turn
that may skip the select takes fewer, and the senders left are still reported."""

from __future__ import annotations

from goleash.engine import analyze
from goleash.source import SourceFile

_EXCHANGE = """package p

func recv() error { return nil }
func send() error { return nil }
func ready() bool { return true }

func Exchange() error {
	recvErr := make(chan error)
	go func() { recvErr <- recv() }()
	sendErr := make(chan error)
	go func() { sendErr <- send() }()
	var cause error
	for i := 0; i < 2; i++ {
		SKIP
		select {
		case err := <-recvErr:
			cause = err
		case err := <-sendErr:
			cause = err
		}
	}
	return cause
}
"""


def _codes(skip: str) -> list[str]:
    src = _EXCHANGE.replace("SKIP", skip)
    return [f.code for f in analyze(SourceFile("p.go", src.encode())).findings]


def test_two_turns_over_two_single_senders_take_both() -> None:
    assert _codes("") == []


def test_a_turn_that_continues_past_the_select_strands_a_sender() -> None:
    assert _codes("if !ready() {\n\t\t\tcontinue\n\t\t}") != []
