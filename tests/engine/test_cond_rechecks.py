"""conds.py's GOTO_LOOP and CHECKED_UNDER_LOCK (audits 24-25: goreman, swarmkit,
Dragonfly2): a `Wait` re-checked through a `goto`, or tested under a lock held until
`Wait` while every wake-up is sent holding a lock, loses no signal. Each broken once is
reported again."""

from __future__ import annotations

from goleash.config import Settings

from .edited_fixtures import codes_after


def _codes(name: str, *edits: tuple[str, str]) -> list[str]:
    # Settings(): every rule, preview ones (GL025) included.
    return codes_after(f"GL025/{name}", *edits, settings=Settings())


def test_both_guards_keep_their_fixtures_silent() -> None:
    assert _codes("fixed_goto_loop.go") == []
    assert _codes("fixed_checked_under_lock.go") == []


def test_a_broadcast_sent_without_the_lock_can_be_lost() -> None:
    codes = _codes(
        "fixed_checked_under_lock.go",
        ("\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\tfor _, k", "\ts.mu.Lock()\n\tfor _, k"),
        (
            "\ts.ready = true\n\ts.loaded.Broadcast()",
            "\ts.ready = true\n\ts.mu.Unlock()\n\ts.loaded.Broadcast()",
        ),
    )
    assert "GL025" in codes


def test_a_lock_let_go_before_the_wait_can_lose_it() -> None:
    codes = _codes(
        "fixed_checked_under_lock.go",
        (
            "\tif !s.ready {\n\t\ts.loaded.Wait()",
            "\tif !s.ready {\n\t\ts.mu.Unlock()\n\t\ts.mu.Lock()\n\t\ts.loaded.Wait()",
        ),
    )
    assert "GL025" in codes


def test_a_goto_forward_is_no_loop() -> None:
    codes = _codes(
        "fixed_goto_loop.go",
        ("entry:\n\tif r.closed", "\tif r.closed"),
        ("\t\tgoto entry\n\t}\n\tv := r.items[0]", "\t\tgoto take\n\t}\ntake:\n\tv := r.items[0]"),
    )
    assert "GL025" in codes
