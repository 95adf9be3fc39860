"""A real `goleash serve` process per test, driven by pytest-lsp.

Every test runs twice: with the capabilities VS Code sends (UTF-16 positions,
push diagnostics, versioned edits) and with those Neovim 0.11 sends (UTF-8
positions, pull diagnostics).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

SERVER = [sys.executable, "-m", "goleash", "serve"]
CLIENTS = ("visual-studio-code", "neovim")


@pytest_lsp.fixture(
    params=CLIENTS,
    config=ClientServerConfig(server_command=SERVER),
)
async def client(request, lsp_client: LanguageClient, tmp_path: Path):
    lsp_client.client_name = request.param
    lsp_client.published = []

    def _published(params: types.PublishDiagnosticsParams):
        lsp_client.diagnostics[params.uri] = params.diagnostics
        lsp_client.published.append(params)

    # Keep every publication (with its version), not only the latest per URI.
    lsp_client.protocol.fm._features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = _published

    # Accept dynamic registrations (the goleash.toml watcher) as editors do.
    lsp_client.registrations = []

    def _register(params: types.RegistrationParams):
        lsp_client.registrations.extend(params.registrations)

    lsp_client.protocol.fm._features[types.CLIENT_REGISTER_CAPABILITY] = _register

    lsp_client.tmp_path = tmp_path
    lsp_client.init_options = getattr(request, "node", None) and _marker_options(request)
    yield
    await lsp_client.shutdown_session()


def _marker_options(request):
    marker = request.node.get_closest_marker("init_options")
    return marker.args[0] if marker else {"delay": 0}
