"""Diagnostics end to end: open, change, save, close, positions, related information."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.helpers import LEAKY, change, char, diagnostics, open_doc, start, uses_pull

pytestmark = pytest.mark.timeout(30)


async def test_open_reports_the_leak_with_code_link_and_related(client):
    await start(client)
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    diags = await diagnostics(client, uri, 1)
    assert len(diags) == 1
    d = diags[0]
    assert d.source == "goleash"
    assert d.code == "GL003"
    assert d.code_description is not None and "gl003" in d.code_description.href
    assert d.severity == types.DiagnosticSeverity.Warning
    assert d.range == types.Range(
        start=types.Position(line=5, character=6), end=types.Position(line=5, character=10)
    )
    related = {
        (r.location.range.start.line, r.message.split(" ")[0]) for r in d.related_information
    }
    assert (12, "the") in related and (10, "`ch`") in related
    assert all(r.location.uri == uri for r in d.related_information)
    assert not d.tags


@pytest.mark.parametrize("prefix", ["é", "日本語", "😋", "é日😋"])
async def test_positions_after_non_ascii_text_on_the_same_line(client, prefix):
    await start(client)
    # The goroutine blocks at its receive, which follows the non-ASCII text on its line.
    text = LEAKY.replace("\tv := <-ch\n", f'\ts := "{prefix}"; _ = s; v := <-ch\n')
    uri = open_doc(client, client.tmp_path / "u.go", text)
    diags = await diagnostics(client, uri, 1)
    line = text.splitlines()[5]
    second = line.encode().index(b"<-ch")
    got = sorted(
        (d.range.start.line, d.range.start.character, d.range.end.character) for d in diags
    )
    assert (5, char(client, line, second), char(client, line, second + 4)) in got


async def test_change_moves_and_clears_diagnostics(client):
    await start(client)
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    assert len(await diagnostics(client, uri, 1)) == 1
    # Two lines inserted above the leak: the diagnostic follows it.
    change(client, uri, 2, [(4, 0, 4, 0, "// one\n// two\n")])
    diags = await diagnostics(client, uri, 2)
    assert [d.range.start.line for d in diags] == [7]
    # The goroutine no longer receives: no more leak.
    change(client, uri, 3, [(7, 6, 7, 10, "0")])
    assert await diagnostics(client, uri, 3) == []


async def test_incremental_edits_in_one_notification_and_past_the_end(client):
    await start(client)
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    await diagnostics(client, uri, 1)
    # A position far past the end of a line and of the file is clamped, never fatal.
    change(client, uri, 2, [(6, 500, 6, 900, "\n"), (400, 3, 500, 0, "// tail\n")])
    diags = await diagnostics(client, uri, 2)
    assert [d.code for d in diags] == ["GL003"]


async def test_half_typed_code_keeps_the_server_up(client):
    await start(client)
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    await diagnostics(client, uri, 1)
    change(client, uri, 2, [(7, 1, 7, 1, "\nfunc broken( {\n\tgo func() {")])
    await diagnostics(client, uri, 2)
    change(client, uri, 3, LEAKY)
    assert [d.code for d in await diagnostics(client, uri, 3)] == ["GL003"]


async def test_close_clears_pushed_diagnostics(client):
    await start(client)
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    await diagnostics(client, uri, 1)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    if uses_pull(client):
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert list(report.items) == []
    else:
        for _ in range(200):
            if client.published[-1].uri == uri and not client.published[-1].diagnostics:
                break
            await asyncio.sleep(0.01)
        assert client.published[-1].uri == uri and not client.published[-1].diagnostics


async def test_save_rechecks(client):
    await start(client, {"delay": 0, "run": "onSave"})
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    assert len(await diagnostics(client, uri, 1)) == 1
    change(client, uri, 2, [(5, 6, 5, 10, "0")])

    await asyncio.sleep(0.3)  # on save only: the change alone must not re-check
    if not uses_pull(client):
        assert [p.version for p in client.published] == [1]
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert await diagnostics(client, uri, 2) == []


async def test_an_edit_in_one_file_refreshes_a_finding_it_caused_in_another(client):
    """The lobby goroutine's self-send is reported in api.go (where `Promote` sends);
    the fix edits lobby.go only (an import goes, so it is re-analysed whole), and no
    name api.go uses changed: api.go is re-checked because its finding points into
    lobby.go (Session.dependents, INTO_A_CHANGED_SIBLING)."""
    await start(client)
    program = (
        Path(__file__).parents[2] / "bench" / "realistic" / "dev" / "p64-lobby-actor-self-send"
    )
    (client.tmp_path / "go.mod").write_text("module example.com/lobby\n\ngo 1.19\n")
    uris = {}
    for name in ("api.go", "lobby.go"):
        text = (program / "leaky" / name).read_text()
        (client.tmp_path / name).write_text(text)
        uris[name] = open_doc(client, client.tmp_path / name, text)
    assert [d.code for d in await diagnostics(client, uris["api.go"], 1)] == ["GL003"]
    change(client, uris["lobby.go"], 2, (program / "fixed" / "lobby.go").read_text())
    await diagnostics(client, uris["lobby.go"], 2)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while await diagnostics(client, uris["api.go"], 1) and loop.time() < deadline:
        client.published = [p for p in client.published if p.uri != uris["api.go"]] or []
        await asyncio.sleep(0.05)
    assert await diagnostics(client, uris["api.go"], 1, timeout=1) == []
