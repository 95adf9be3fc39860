"""goleash.suppress.parse_directive: the one reading of a suppression comment, shared by
the engine (what is silenced, what GL100 reports) and the fixes (extend or remove one)."""

from __future__ import annotations

import pytest

from goleash.suppress import parse_directive


@pytest.mark.parametrize(
    ("text", "dialect", "codes", "names_goleash", "only_goleash"),
    [
        ("//nolint", "nolint", None, False, False),
        ("// nolint:goleash", "nolint", None, True, True),
        ("//nolint:goleash,errcheck // why", "nolint", None, True, False),
        ("//nolint:all", "nolint", None, False, False),
        ("//lint:ignore GL003,SA1000 reason", "lint", {"GL003", "SA1000"}, True, False),
        ("//lint:ignore GL003 reason", "lint", {"GL003"}, True, True),
        ("//goleash:ignore GL001,gl002", "goleash", {"GL001", "GL002"}, True, True),
    ],
)
def test_dialects(text, dialect, codes, names_goleash, only_goleash) -> None:
    d = parse_directive(text)
    assert d is not None
    assert d.dialect == dialect
    assert d.codes == (frozenset(codes) if codes is not None else None)
    assert (d.names_goleash, d.only_goleash) == (names_goleash, only_goleash)


@pytest.mark.parametrize(
    "text",
    [
        "// a comment",
        "//nolint:errcheck",
        "//lint:ignore SA1000 staticcheck's own",
        "//goleash:ignore",
    ],
)
def test_not_for_goleash(text: str) -> None:
    assert parse_directive(text) is None


def test_code_list_end_is_where_a_new_code_goes() -> None:
    text = "//goleash:ignore GL001 reason"
    d = parse_directive(text)
    assert d is not None and text[: d.codes_end] == "//goleash:ignore GL001"
