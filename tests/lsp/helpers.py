"""Driving the server from tests: start, open, change, and get diagnostics under either client."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient


async def start(
    client: LanguageClient, options=None, capabilities: types.ClientCapabilities | None = None
) -> None:
    params = types.InitializeParams(
        capabilities=capabilities or pytest_lsp.client_capabilities(client.client_name),
        initialization_options=client.init_options if options is None else options,
        root_uri=client.tmp_path.as_uri(),
    )
    await client.initialize_session(params)


def uses_pull(client: LanguageClient) -> bool:
    return client.client_name == "neovim"


def utf8(client: LanguageClient) -> bool:
    return client.client_name == "neovim"


def open_doc(client: LanguageClient, path: Path, text: str, version: int = 1) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="go", version=version, text=text
            )
        )
    )
    return uri


def change(client: LanguageClient, uri: str, version: int, edits) -> None:
    """edits: [(start_line, start_char, end_line, end_char, text)] in the client's units, or a str (whole text)."""
    if isinstance(edits, str):
        changes = [types.TextDocumentContentChangeWholeDocument(text=edits)]
    else:
        changes = [
            types.TextDocumentContentChangePartial(
                range=types.Range(
                    start=types.Position(line=a, character=b),
                    end=types.Position(line=c, character=d),
                ),
                text=t,
            )
            for a, b, c, d, t in edits
        ]
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=changes,
        )
    )


async def diagnostics(
    client: LanguageClient, uri: str, version: int | None = None, timeout: float = 10.0
):
    """The server's diagnostics for `uri` at `version`: pulled or waited for, per client."""
    if uses_pull(client):
        report = await asyncio.wait_for(
            client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
            ),
            timeout,
        )
        return list(report.items)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        for params in reversed(client.published):
            if params.uri == uri and (version is None or params.version == version):
                return list(params.diagnostics)
        await asyncio.sleep(0.01)
    raise AssertionError(f"no diagnostics for {uri} version {version} within {timeout}s")


def char(client: LanguageClient, line: str, byte_col: int) -> int:
    """A UTF-8 byte column of `line` as the client counts characters."""
    prefix = line.encode("utf-8")[:byte_col].decode("utf-8")
    if utf8(client):
        return byte_col
    return len(prefix.encode("utf-16-le")) // 2


LEAKY = """package main

import "fmt"

func leaky(ch chan int) {
	v := <-ch
	fmt.Println(v)
}

func main() {
	ch := make(chan int)
	for i := 0; i < 3; i++ {
		go leaky(ch)
	}
}
"""
