"""The real server stops the analysis of a version the user typed past, or of a
document closed: only the newest version's diagnostics are published, and the
other documents are answered meanwhile.

A generated file of a few MB takes seconds to analyse; the tests change or
close it while that analysis runs.
"""

from __future__ import annotations

import asyncio
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from goleash.engine import analyze
from goleash.source import SourceFile
from tests.lsp.conftest import SERVER
from tests.lsp.helpers import change, open_doc
from tests.protocol.test_responsive import SMALL, generated

pytestmark = pytest.mark.timeout(300)

TAIL = "func tail() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n}\n"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, tmp_path):
    lsp_client.published = []

    def _published(params: types.PublishDiagnosticsParams):
        lsp_client.published.append(params)

    lsp_client.protocol.fm._features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _published
    lsp_client.protocol.fm._features[types.CLIENT_REGISTER_CAPABILITY] = lambda params: (
        None
    )  # as editors do
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=pytest_lsp.client_capabilities("visual-studio-code"),
            initialization_options={"delay": 0},
            root_uri=tmp_path.as_uri(),
        )
    )
    lsp_client.tmp_path = tmp_path
    yield
    await lsp_client.shutdown_session()


async def _hover_small(client: LanguageClient) -> float:
    """Open a small document of another package and hover on its leak: seconds taken."""
    uri = open_doc(client, client.tmp_path / "small" / "small.go", SMALL)
    asked = time.monotonic()
    hover = await asyncio.wait_for(
        client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=4, character=15),
            )
        ),
        60,
    )
    assert hover is not None and "GL" in hover.contents.value
    return time.monotonic() - asked


def _stopped(client: LanguageClient, version: int) -> list[str]:
    return [
        m.message
        for m in client.log_messages
        if f"analysis of version {version} stopped early" in m.message
    ]


async def _until(predicate, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_an_edit_stops_the_running_analysis_and_only_the_newest_version_is_published(
    client: LanguageClient,
):
    big = generated(2_500_000)
    path = client.tmp_path / "big" / "big.go"
    uri = open_doc(client, path, big)
    # Answered while the big file is analysed (the hover's own analysis is on the
    # second worker thread); by then the big one has started.
    answered = await _hover_small(client)
    await asyncio.sleep(0.3)
    assert not [p for p in client.published if p.uri == uri], (
        "the big file's analysis finished before the edit"
    )
    lines = big.count("\n")
    changed = time.monotonic()
    change(client, uri, 2, [(lines, 0, lines, 0, TAIL)])
    await _until(lambda: any(p.uri == uri for p in client.published), 240)
    print(f"version 2 published {time.monotonic() - changed:.1f} s after the edit")
    await asyncio.sleep(0.5)  # anything else on its way
    big_published = [p for p in client.published if p.uri == uri]
    assert [p.version for p in big_published] == [2]
    want = analyze(SourceFile(str(path), (big + TAIL).encode()), with_fixes=False).findings
    assert len(big_published[0].diagnostics) == len(want) > 1000
    assert any(
        lines < d.range.start.line <= lines + 3 for d in big_published[0].diagnostics
    )  # `tail`'s leak
    assert _stopped(client, 1), [m.message for m in client.log_messages]
    print(f"hover on a small document answered in {answered * 1000:.0f} ms during the big analysis")


async def test_closing_a_document_stops_its_analysis(client: LanguageClient):
    uri = open_doc(client, client.tmp_path / "big" / "big.go", generated(2_500_000))
    await _hover_small(client)
    await asyncio.sleep(0.3)
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await _until(lambda: _stopped(client, 1), 60)
    # It was stopped, not finished: a hover elsewhere is answered at once, and the
    # only diagnostics the big file ever got are the empty ones of its closing.
    assert await _hover_small(client) < 5
    await asyncio.sleep(0.5)
    assert [len(p.diagnostics) for p in client.published if p.uri == uri] == [0]
