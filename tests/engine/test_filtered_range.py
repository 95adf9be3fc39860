"""FILTERED_RANGE (cfg._leading_filter, cfg._filtered_everywhere): two range loops over
the same collection that skip the same items (`if n.Dir == "" { continue }`) run
their bodies equally often (audit 13, talos' TPM teardown); a filter that calls,
receives or reads what the loop changes, or a collection also counted whole
(`len(xs)`), keeps the plain count."""

from __future__ import annotations

import pytest

from goleash.engine import analyze_source

SOURCE = """package p

type Node struct{{ Dir string; Up bool }}

func stop(d string) error {{ return nil }}
func skip(n Node) bool {{ return n.Dir == "" }}

func Destroy(nodes []Node) error {{
	errCh := make(chan error)
	seen := 0
	for _, node := range nodes {{
		if {send_filter} {{
			continue
		}}
		seen++
		go func(d string) {{ errCh <- stop(d) }}(node.Dir)
	}}
	_ = seen
	var first error
	for _, n := range nodes {{
		if {recv_filter} {{
			continue
		}}
		if err := <-errCh; err != nil && first == nil {{
			first = err
		}}
	}}
	return first
}}
"""


def _codes(send_filter: str, recv_filter: str) -> list[str]:
    src = SOURCE.format(send_filter=send_filter, recv_filter=recv_filter).encode()
    return [f.code for f in analyze_source(src, "p.go").findings]


def test_the_same_filter_balances() -> None:
    assert _codes('node.Dir == ""', 'n.Dir == ""') == []


@pytest.mark.parametrize(
    ("send_filter", "recv_filter"),
    [
        ('node.Dir == ""', "!n.Up"),  # different items skipped
        ("skip(node)", "skip(n)"),  # a call may answer differently each time
        ('node.Dir == "" || seen > 2', 'n.Dir == "" || seen > 2'),  # state the loop changes
    ],
    ids=["different", "call", "changed-state"],
)
def test_other_filters_keep_the_plain_count(send_filter: str, recv_filter: str) -> None:
    assert _codes(send_filter, recv_filter) == ["GL023"]
