"""The value each declared name gets: `var a, b = f()` reads like `a, b := f()`."""

from __future__ import annotations

from goleash.analysis.scopes import Scopes
from goleash.source import SourceFile

SOURCE = b"""package p

func pair() (chan int, func()) { return nil, nil }

func use() {
	ch1, stop1 := pair()
	var ch2, stop2 = pair()
	var x, y = 1, 2
	var z int
	_, _, _, _, _, _, _ = ch1, stop1, ch2, stop2, x, y, z
}
"""


def _assignments() -> dict[str, tuple[str | None, int]]:
    file = SourceFile("p.go", SOURCE)
    use = next(
        n
        for n in file.root.named_children
        if n.type == "function_declaration" and n.child_by_field_name("name").text == b"use"
    )
    out: dict[str, tuple[str | None, int]] = {}
    for var in Scopes(use).vars:
        _stmt, value, position = var.assignments[0]
        out[var.name] = (value.text.decode() if value is not None else None, position)
    return out


def test_names_sharing_one_call_get_it_with_their_result_position() -> None:
    got = _assignments()
    assert got["ch1"] == ("pair()", 0) and got["stop1"] == ("pair()", 1)
    # The var form once left the second name without a value.
    assert got["ch2"] == ("pair()", 0) and got["stop2"] == ("pair()", 1)


def test_names_with_values_of_their_own() -> None:
    got = _assignments()
    assert got["x"] == ("1", 0) and got["y"] == ("2", 1)
    assert got["z"] == (None, 0)
