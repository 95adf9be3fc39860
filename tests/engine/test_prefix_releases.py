"""PREFIX_SHORT_OF_THE_CURRENT (analysis/prefix_releases.py): a rollback handed the
prefix `xs[:i]` of the slice a loop locks `xs[i]` in releases the elements before the
one just locked, not it."""

from __future__ import annotations

import pytest

from goleash import gosyntax, parsing
from goleash.analysis.prefix_releases import (
    inside_the_loop,
    releases_short_of_the_current,
    short_prefix_end,
)


def _calls(body: str) -> tuple[object, list[object]]:
    src = f"package p\n\nfunc f(secs []*section) error {{\n{body}\n}}\n".encode()
    tree = parsing.parse(src)
    calls = [
        n
        for n in gosyntax.walk(tree.root_node, skip_functions=False)
        if n.type == "call_expression"
    ]
    lock = next(c for c in calls if gosyntax.text(c).endswith(".Lock()"))
    return lock, [c for c in calls if c is not lock]


def _release(body: str, text: str) -> tuple[object, object]:
    lock, calls = _calls(body)
    return lock, next(c for c in calls if gosyntax.text(c) == text)


SHORT = [
    # a helper handed the prefix, after this round's lock
    (
        "for i, s := range secs {\n\ts.mu.Lock()\n\tif s.busy {\n\t\tunlockAll(secs[:i])\n\t\treturn errBusy\n\t}\n}\nreturn nil",
        "unlockAll(secs[:i])",
    ),
    (
        "for i, s := range secs {\n\ts.mu.Lock()\n\tif s.busy {\n\t\tunlockAll(secs[0:i])\n\t\treturn errBusy\n\t}\n}\nreturn nil",
        "unlockAll(secs[0:i])",
    ),
    # a counted loop locking `secs[i]`
    (
        "for i := 0; i < len(secs); i++ {\n\tsecs[i].mu.Lock()\n\tif secs[i].busy {\n\t\tunlockAll(secs[:i])\n\t\treturn errBusy\n\t}\n}\nreturn nil",
        "unlockAll(secs[:i])",
    ),
    # a loop over the prefix unlocking each element
    (
        "for i, s := range secs {\n\ts.mu.Lock()\n\tif s.busy {\n\t\tfor _, t := range secs[:i] {\n\t\t\tt.mu.Unlock()\n\t\t}\n\t\treturn errBusy\n\t}\n}\nreturn nil",
        "t.mu.Unlock()",
    ),
]

GATHERED = "for _, id := range ids {\n\ts := secs[id]\n\ts.mu.Lock()\n{first}\tif s.busy {\n\t\tunlockAll(held)\n\t\treturn errBusy\n\t}\n{last}}\nreturn nil"
APPEND = "\theld = append(held, s)\n"

FULL = [
    # the prefix widened to the current element
    (
        "for i, s := range secs {\n\ts.mu.Lock()\n\tif s.busy {\n\t\tunlockAll(secs[:i+1])\n\t\treturn errBusy\n\t}\n}\nreturn nil",
        "unlockAll(secs[:i+1])",
    ),
    # refused before this round's lock: the prefix is all the loop holds
    (
        "for i, s := range secs {\n\tif s.busy {\n\t\tunlockAll(secs[:i])\n\t\treturn errBusy\n\t}\n\ts.mu.Lock()\n}\nreturn nil",
        "unlockAll(secs[:i])",
    ),
    # the current element handed beside the prefix
    (
        "for i, s := range secs {\n\ts.mu.Lock()\n\tif s.busy {\n\t\tunlockAll(secs[:i], s)\n\t\treturn errBusy\n\t}\n}\nreturn nil",
        "unlockAll(secs[:i], s)",
    ),
    # another slice's prefix
    (
        "for i, s := range secs {\n\ts.mu.Lock()\n\tif s.busy {\n\t\tunlockAll(others[:i])\n\t\treturn errBusy\n\t}\n}\nreturn nil",
        "unlockAll(others[:i])",
    ),
    # a prefix by another index
    (
        "for i, s := range secs {\n\ts.mu.Lock()\n\tif s.busy {\n\t\tunlockAll(secs[:n])\n\t\treturn errBusy\n\t}\n}\nreturn nil",
        "unlockAll(secs[:n])",
    ),
]


@pytest.mark.parametrize(("body", "release"), SHORT)
def test_a_prefix_short_of_the_current_element(body: str, release: str) -> None:
    lock, call = _release(body, release)
    assert releases_short_of_the_current(lock, call)
    assert inside_the_loop(lock, call)


@pytest.mark.parametrize(("body", "release"), FULL)
def test_a_release_that_covers_what_the_loop_holds(body: str, release: str) -> None:
    lock, call = _release(body, release)
    assert not releases_short_of_the_current(lock, call)


def test_the_prefix_end_is_what_the_fix_widens() -> None:
    lock, call = _release(SHORT[0][0], SHORT[0][1])
    end = short_prefix_end(lock, call)
    assert end is not None and gosyntax.text(end) == "i"
    loop_lock, loop_unlock = _release(SHORT[3][0], SHORT[3][1])
    assert short_prefix_end(loop_lock, loop_unlock) is None  # no prefix argument to widen


def test_a_list_the_element_joins_only_after_the_release() -> None:
    # NOT_YET_GATHERED: `held = append(held, s)` below the failure's `unlockAll(held)`
    late = GATHERED.replace("{first}", "").replace("{last}", APPEND)
    lock, call = _release(late, "unlockAll(held)")
    assert releases_short_of_the_current(lock, call)
    early = GATHERED.replace("{first}", APPEND).replace("{last}", "")
    lock, call = _release(early, "unlockAll(held)")
    assert not releases_short_of_the_current(lock, call)
