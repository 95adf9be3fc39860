"""Which fix is preferred, and which fixes go together: one policy for every driver.

The rule lists a finding's fixes in its order of preference. The *preferred* fix
is the first safe one, else the first (unless the rule marked one itself): the
lightbulb shows it first, `goleash fix` and the editor's fix-all apply it. The
fixes applied together in one pass (`goleash fix`, `source.fixAll.goleash`) are
chosen by `choose_fixes`, so the command line and the editor agree on them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from goleash.fixes.edits import overlaps
from goleash.model import Applicability, Finding, Fix


def mark_preferred(fixes: Iterable[Fix | None]) -> tuple[Fix, ...]:
    """The fixes that could be built, in the rule's order, with one marked preferred:
    the rule's own choice, else the first safe fix, else the first."""
    out = [f for f in fixes if f is not None]
    if out and not any(f.preferred for f in out):
        index = next((i for i, f in enumerate(out) if f.applicability is Applicability.SAFE), 0)
        out[index] = replace(out[index], preferred=True)
    return tuple(out)


def allowed(fix: Fix, unsafe: bool) -> bool:
    """May the fix run unattended? SAFE always, UNSAFE when asked for, DISPLAY_ONLY never."""
    return fix.applicability is Applicability.SAFE or (
        unsafe and fix.applicability is Applicability.UNSAFE
    )


def preferred_fix(fixes: Iterable[Fix], unsafe: bool = False) -> Fix | None:
    """The fix to apply unattended: the preferred one among the allowed, else the first allowed."""
    candidates = [f for f in fixes if allowed(f, unsafe)]
    return next((f for f in candidates if f.preferred), candidates[0] if candidates else None)


def choose_fixes(
    findings: Iterable[Finding],
    unsafe: bool = False,
    usable: Callable[[Finding, Fix], bool] = lambda finding, fix: True,
) -> list[tuple[Finding, Fix]]:
    """One fix per finding (its preferred one among those `usable`), none touching the
    bytes another touches, and one per party: two leaks of one channel (both naming its
    `make`) each got a fix computed as if the other stayed, so the second must be built
    again on the text the first leaves (`goleash fix`'s next pass)."""
    chosen: list[tuple[Finding, Fix]] = []
    parties: set[object] = set()
    for f in findings:
        fix = preferred_fix([x for x in f.fixes if usable(f, x)], unsafe)
        if fix is None:
            continue
        if any(overlaps(fix.edits, other.edits, f.path, g.path) for g, other in chosen):
            continue
        mine = {(r.location.path, r.location.span.start_byte) for r in f.related}
        if mine & parties:
            continue
        parties |= mine
        chosen.append((f, fix))
    return chosen
