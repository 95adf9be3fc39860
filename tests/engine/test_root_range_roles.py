"""GL008 when the function itself ranges and the goroutine it started gives up: the
message names the function as the one stuck and the goroutine as the one that leaves
(dnsx and cubefs, audit 24; the roles were swapped)."""

from __future__ import annotations

from goleash.engine import analyze_source

SRC = b"""package p

func parse(lines []string) []int {
	nums := make(chan int)
	go func() {
		if len(lines) == 0 {
			close(nums)
			return
		}
		for i, l := range lines {
			if l == "" {
				continue
			}
			nums <- i
		}
		%s
	}()
	var out []int
	for n := range nums {
		out = append(out, n)
	}
	return out
}
"""


def _messages(tail: bytes) -> list[str]:
    return [f.message for f in analyze_source(SRC.replace(b"%s", tail), "p.go").findings]


def test_a_goroutine_ending_without_close_is_named_as_the_one_that_leaves() -> None:
    messages = _messages(b"// forgot close(nums)")
    assert any(
        m.startswith(
            "`parse` never finishes ranging over `nums` when the goroutine it started ends"
        )
        for m in messages
    ), messages


def test_the_closing_goroutine_is_silent() -> None:
    assert _messages(b"close(nums)") == []


def test_a_goroutine_returning_without_close_is_named_too() -> None:
    messages = _messages(b"if len(lines) > 9 {\n\t\t\treturn\n\t\t}\n\t\tclose(nums)")
    assert any(
        m.startswith(
            "`parse` never finishes ranging over `nums` when the goroutine it started returns"
        )
        for m in messages
    ), messages
