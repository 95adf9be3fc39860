"""Lazy code actions (codeAction/resolve) and one set of fixes everywhere.

A client that resolves an action's `edit` gets titles and kinds first and the edit
when it asks; one that cannot gets every edit at once. Whichever way, the lightbulb,
`only: quickfix`, `source.fixAll.goleash` and `goleash fix` offer the same fixes.
"""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types

from goleash.cli.fix import fix_source
from goleash.lsp.code_actions import FIX_ALL
from tests.lsp.helpers import LEAKY, change, diagnostics, open_doc, start
from tests.lsp.test_actions_hover import _actions, _apply

pytestmark = pytest.mark.timeout(60)

# Three findings, each with a safe fix: a channel nobody closes (GL003), an unused
# suppression (GL100) and a ticker never stopped (GL018).
MIXED = """package main

import (
	"fmt"
	"time"
)

func leaky(ch chan int) {
	v := <-ch
	fmt.Println(v)
}

func start() {
	ch := make(chan int)
	for i := 0; i < 3; i++ {
		go leaky(ch)
	}
}

func quiet() int {
	x := 1 //goleash:ignore GL003
	return x
}

func ticking() {
	t := time.NewTicker(time.Second)
	for range t.C {
		fmt.Println("tick")
		return
	}
}
"""


def _without_resolve(name: str) -> types.ClientCapabilities:
    caps = pytest_lsp.client_capabilities(name)
    caps.text_document.code_action.resolve_support = None
    return caps


async def test_a_resolving_client_gets_titles_first_and_the_edit_on_resolve(client):
    await start(client)
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    diags = await diagnostics(client, uri, 1)
    listed = await _actions(client, uri, diags[0].range, resolve=False)
    assert listed and all(a.edit is None for a in listed)
    titles = [a.title for a in listed]
    assert "Suppress GL003 on this line" in titles and any(a.is_preferred for a in listed)
    resolved = [await client.code_action_resolve_async(a) for a in listed]
    assert [a.title for a in resolved] == titles and all(a.edit is not None for a in resolved)
    preferred = next(a for a in resolved if a.is_preferred)
    fixed = _apply(LEAKY, preferred.edit, uri)
    assert "defer close(ch)" in fixed
    # An action listed for an older version resolves to no edit rather than a wrong one.
    change(client, uri, 2, [(0, 0, 0, 0, "// moved\n")])
    await diagnostics(client, uri, 2)
    stale = await client.code_action_resolve_async(listed[0])
    assert stale.edit is None


async def test_a_client_without_resolve_gets_every_edit_in_the_list(client):
    await start(client, capabilities=_without_resolve(client.client_name))
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    diags = await diagnostics(client, uri, 1)
    listed = await _actions(client, uri, diags[0].range, resolve=False)
    assert listed and all(a.edit is not None for a in listed)
    fix_all = await _actions(client, uri, diags[0].range, only=[FIX_ALL], resolve=False)
    assert len(fix_all) == 1 and fix_all[0].edit is not None


@pytest.mark.parametrize("resolving", [True, False], ids=["resolve", "eager"])
async def test_lightbulb_quickfix_fix_all_and_goleash_fix_offer_the_same_fixes(client, resolving):
    caps = None if resolving else _without_resolve(client.client_name)
    await start(client, capabilities=caps)
    path = client.tmp_path / "mixed.go"
    path.write_text(MIXED)
    uri = open_doc(client, path, MIXED)
    diags = await diagnostics(client, uri, 1)
    assert sorted(d.code for d in diags) == ["GL003", "GL018", "GL100"]

    # What `goleash fix` applies in one pass, and the text it leaves.
    outcome = fix_source(str(path), MIXED.encode(), max_passes=1)
    by_cli = {(a.code, a.title) for a in outcome.applied}
    assert {code for code, _ in by_cli} == {"GL003", "GL018", "GL100"}

    def preferred(actions, code):
        return {
            (code, a.title)
            for a in actions
            if a.is_preferred and a.kind == types.CodeActionKind.QuickFix
        }

    lightbulb, quickfix = set(), set()
    for d in diags:
        auto = await _actions(client, uri, d.range, trigger=types.CodeActionTriggerKind.Automatic)
        asked = await _actions(client, uri, d.range, only=[types.CodeActionKind.QuickFix])
        assert all(
            a.kind == types.CodeActionKind.QuickFix and a.edit is not None for a in auto + asked
        )
        assert [a.title for a in auto] == [a.title for a in asked]
        lightbulb |= preferred(auto, d.code)
        quickfix |= preferred(asked, d.code)
        if d.code == "GL100":
            titles = [a.title for a in auto]
            assert "Remove the unused suppression `//goleash:ignore GL003`" in titles
            assert "Suppress GL100 on this line" in titles
    assert lightbulb == quickfix == by_cli

    fix_all = await _actions(client, uri, diags[0].range, only=[FIX_ALL])
    assert len(fix_all) == 1
    assert _apply(MIXED, fix_all[0].edit, uri) == outcome.fixed.decode()
