"""Every rule's documentation names its fix: each fix offered on a rule's leaky fixtures
is described in the rule's "Fix safety" section (a word that says what the fix does,
from its title, appears there), the section says how safe the fix is, and the rule is
marked fixable."""

from __future__ import annotations

import re

import pytest

from goleash.rules import ALL_RULES

from . import proof

RULES = {r.code: r for r in ALL_RULES}

# Words of a fix title that say nothing about what the fix does.
_GENERIC = {
    "when",
    "returns",
    "that",
    "this",
    "with",
    "its",
    "the",
    "so",
    "can",
    "finish",
    "once",
    "before",
    "after",
    "every",
    "only",
    "while",
    "into",
    "first",
    "thing",
    "goroutine",
    "channel",
    "and",
    "for",
    "from",
    "was",
    "give",
    "call",
    "add",
    "make",
    "move",
    "expects",
    "held",
    "path",
    "paths",
    "way",
    "out",
    "ch",
    "ctx",
}


def _offered() -> dict[str, set[str]]:
    titles: dict[str, set[str]] = {}
    for fx in proof.leaky_fixtures():
        for name in fx.leaky_files:
            for f in proof.findings_of(fx, name):
                for fix in f.fixes:
                    titles.setdefault(f.code, set()).add(fix.title)
    return titles


OFFERED = _offered()


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z_]\w*", text) if len(w) > 2} - _GENERIC


@pytest.mark.parametrize("code", sorted(OFFERED))
def test_the_rule_doc_names_every_fix_offered_on_its_fixtures(code):
    rule = RULES[code]
    assert rule.fixable, f"{code} offers fixes but is not marked fixable"
    doc = rule.section("Fix safety")
    assert re.search(r"\b(safe|unsafe)\b", doc), (
        f"{code}: the Fix safety section does not say how safe its fix is"
    )
    described = _words(doc)
    unnamed = [t for t in sorted(OFFERED[code]) if not _words(t) & described]
    assert not unnamed, f"{code}: fixes its Fix safety section does not describe: {unnamed}"


def test_every_fixable_rule_says_how_safe_its_fix_is():
    for rule in ALL_RULES:
        if rule.fixable:
            assert re.search(r"\b(safe|unsafe)\b", rule.section("Fix safety")), rule.code
