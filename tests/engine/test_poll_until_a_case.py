"""POLL_UNTIL_A_CASE (cfg._polls_until_a_case): a select with a `default` in an endless
`for` whose only ways out are in its communication cases waits for one of them as a
blocking select would; any other way out keeps it a poll that may give up (audit 13,
mc's speed tests: a progress goroutine polling for the first of an error and a
result)."""

from __future__ import annotations

import pytest

from goleash import gosyntax
from goleash.analysis.cfg import _polls_until_a_case
from goleash.source import SourceFile

TEMPLATE = """package p

import "time"

func poll(a, b chan int, stop func() bool) {{
	{loop} {{
		{before}
		select {{
		case v := <-a:
			_ = v
			return
		case <-b:
			{in_case}
		default:
			{default}
		}}
	}}
}}
"""


def _select(**parts: str) -> bool:
    values = {"loop": "for", "before": "", "in_case": "return", "default": "time.Sleep(1)"}
    values.update(parts)
    src = SourceFile("p.go", TEMPLATE.format(**values).encode())
    (select,) = [
        n for n in gosyntax.walk(src.root, skip_functions=False) if n.type == "select_statement"
    ]
    return _polls_until_a_case(select)


def test_an_endless_poll_waits_like_a_blocking_select() -> None:
    assert _select()


def test_a_break_inside_a_case_leaves_only_the_select() -> None:
    assert _select(in_case="break")


@pytest.mark.parametrize(
    "parts",
    [
        {"default": "return"},
        {"default": "if stop() { return }"},
        {"before": "if stop() { break }"},
        {"loop": "for !stop()"},
        {"loop": "for i := 0; i < 3; i++"},
        {"default": "goto out"},
    ],
    ids=["default-returns", "default-may-return", "break-before", "condition", "clause", "goto"],
)
def test_a_poll_with_another_way_out_may_give_up(parts: dict[str, str]) -> None:
    assert not _select(**parts)
