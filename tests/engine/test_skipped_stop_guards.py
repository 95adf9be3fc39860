"""stop_signals.py's skipped stop (GL009): a quit case that does not lead out of the
loop is no way out, and a close made together with the channel a `select` finds closed
was made by an earlier call (both from pitaya's agent, audit 24)."""

from __future__ import annotations

from .edited_fixtures import messages_after


def _messages(name: str, *edits: tuple[str, str]) -> list[str]:
    return messages_after(f"GL009/{name}", *edits)


def test_the_skipped_stop_is_reported() -> None:
    assert any("never stops when `Stop` returns" in m for m in _messages("skipped_stop.go"))


def test_a_quit_case_that_goes_round_again_is_no_way_out() -> None:
    messages = _messages(
        "skipped_stop.go",
        ("\t\tcase <-p.quit:\n\t\t\treturn\n", "\t\tcase <-p.quit:\n\t\t\tp.next = 0\n"),
    )
    assert not any("never stops when" in m for m in messages), messages
    assert any("never returns: the `for`" in m for m in messages), messages


def test_a_close_made_with_the_channel_found_closed_is_an_earlier_calls() -> None:
    assert _messages("fixed_closed_together.go") == []
    # Found closed, but closed alone: the stop may still be open.
    messages = _messages(
        "fixed_closed_together.go",
        ("\t\tclose(a.stop)\n\t\tclose(a.die)\n", "\t\tclose(a.die)\n"),
        (
            "\treturn closeConn()",
            "\tif closeConn() != nil {\n\t\treturn nil\n\t}\n\tclose(a.stop)\n\treturn nil",
        ),
    )
    assert any("when `Close` returns at line 46" in m for m in messages), messages
