"""`goleash rules`, `goleash rule CODE`, the rule docs and docs/rules.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from goleash.cli.rules_cmd import REGENERATE, catalogue_markdown
from goleash.rules import ALL_RULES
from goleash.rules.base import DOC_SECTIONS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def github_slug(heading: str) -> str:
    """GitHub's heading anchor: lower-case, punctuation dropped, spaces to hyphens."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def test_rules_lists_every_rule(goleash):
    run = goleash("rules")
    assert run.code == 0
    lines = run.out.splitlines()
    assert [line.split()[0] for line in lines] == [r.code for r in ALL_RULES]
    for line, rule in zip(lines, ALL_RULES):
        assert rule.name in line and rule.summary in line


def test_rules_json(goleash):
    items = goleash("rules", "--format", "json").json()
    assert [i["code"] for i in items] == [r.code for r in ALL_RULES]
    for item, rule in zip(items, ALL_RULES):
        assert (item["name"], item["summary"], item["url"]) == (rule.name, rule.summary, rule.url)
        assert item["severity"] in {"hint", "info", "warning", "error"}


@pytest.mark.parametrize("code", ["GL003", "gl003", "GL03", "orphaned-goroutine"])
def test_rule_prints_full_doc(goleash, code):
    run = goleash("rule", code)
    assert run.code == 0
    for heading in DOC_SECTIONS:
        assert f"## {heading}" in run.out
    assert "orphaned-goroutine" in run.out
    assert run.out.rstrip().endswith("#gl003-orphaned-goroutine")


def test_rule_json(goleash):
    item = goleash("rule", "--format", "json", "GL003").json()
    assert item["code"] == "GL003" and "## What it does" in item["doc"]


@pytest.mark.parametrize("code", ["GL999", "no-such-rule"])
def test_unknown_rule(goleash, code):
    run = goleash("rule", code)
    assert (run.code, run.out) == (2, "")
    assert f"unknown rule '{code}'" in run.err


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_every_rule_doc_has_all_sections(rule):
    missing = [h for h in DOC_SECTIONS if not rule.section(h)]
    assert not missing, f"{rule.code} ({rule.name}) documentation lacks sections: {missing}"
    assert rule.summary and "\n" not in rule.summary
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), (
        f"{rule.code}: name must be kebab-case"
    )


def test_catalogue_anchors_match_rule_urls():
    page = catalogue_markdown()
    slugs = {github_slug(h) for h in re.findall(r"^## (.+)$", page, re.MULTILINE)}
    for rule in ALL_RULES:
        anchor = rule.url.split("#", 1)[1]
        assert anchor in slugs, f"no heading in the catalogue gives the anchor #{anchor}"
        assert f"(#{anchor})" in page


def test_markdown_flag_prints_the_catalogue(goleash):
    assert goleash("rules", "--markdown").out == catalogue_markdown()


def test_docs_rules_md_is_up_to_date():
    current = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
    assert current == catalogue_markdown(), (
        f"docs/rules.md is out of date with the rule modules; regenerate it with `{REGENERATE}`"
    )
