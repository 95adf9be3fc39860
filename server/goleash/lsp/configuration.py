"""Settings from the client: initializationOptions, workspace/configuration, didChangeConfiguration."""

from __future__ import annotations

import logging

from lsprotocol import types

from goleash.lsp.positions import encoding_name
from goleash.lsp.settings import SECTION

log = logging.getLogger(__name__)


def register(server) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(ls, params: types.InitializeParams) -> None:
        ls.session.encoding = encoding_name(ls.workspace.position_encoding)
        for warning in ls.session.update_settings(params.initialization_options):
            ls.log(warning, types.MessageType.Warning)

    @server.feature(types.INITIALIZED)
    async def initialized(ls, params: types.InitializedParams) -> None:
        # Asked here, not in `initialize`, so start-up never waits on the client.
        await pull_configuration(ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls, params: types.DidChangeConfigurationParams) -> None:
        raw = params.settings
        if isinstance(raw, dict) and raw:
            section = raw.get(SECTION, raw)
            warnings = ls.session.update_settings(section)
        elif _supports_configuration(ls):
            # The modern form: an empty notification meaning "ask me again".
            await pull_configuration(ls)
            return
        else:
            warnings = []
        for warning in warnings:
            ls.log(warning, types.MessageType.Warning)
        ls.recheck_all()


def _supports_configuration(ls) -> bool:
    ws = ls.client_capabilities.workspace
    return bool(ws is not None and ws.configuration)


async def pull_configuration(ls) -> None:
    if not _supports_configuration(ls):
        return
    try:
        values = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
        )
    except Exception as exc:  # a client that cannot answer keeps the current settings
        ls.log(f"goleash: could not read the client's settings ({exc}); keeping the current ones")
        return
    raw = values[0] if values else None
    if raw is None:
        return
    for warning in ls.session.update_settings(raw):
        ls.log(warning, types.MessageType.Warning)
    ls.recheck_all()
