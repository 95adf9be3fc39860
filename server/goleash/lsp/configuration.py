"""Settings from the client: initializationOptions, workspace/configuration,
didChangeConfiguration. (Files changed on disk: goleash.lsp.watched_files.)"""

from __future__ import annotations

import logging

from lsprotocol import types

from goleash import gomod
from goleash.lsp.positions import encoding_name
from goleash.lsp.settings import SECTION
from goleash.lsp.uris import uri_to_path
from goleash.lsp.watched_files import watch_files

log = logging.getLogger(__name__)


def register(server) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(ls, params: types.InitializeParams) -> None:
        ls.session.encoding = encoding_name(ls.workspace.position_encoding)
        ls.session.project.set_roots(_workspace_roots(params))
        # go.mod is looked for no higher than the workspace folders.
        gomod.set_boundaries(ls.session.project.roots)
        for warning in ls.session.update_settings(params.initialization_options):
            ls.log(warning, types.MessageType.Warning)
        # What a `null` workspace/configuration answer falls back to.
        ls.initial_settings = ls.session.settings

    @server.feature(types.INITIALIZED)
    async def initialized(ls, params: types.InitializedParams) -> None:
        # Asked here, not in `initialize`, so start-up never waits on the client.
        await pull_configuration(ls)
        await watch_files(ls)

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
    # Settings changed twice in a row (set, then cleared) start two requests whose answers
    # may come back in either order: only the latest request's answer is applied.
    generation = ls.configuration_generation + 1
    ls.configuration_generation = generation
    try:
        values = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
        )
    except Exception as exc:  # a client that cannot answer keeps the current settings
        ls.log(f"goleash: could not read the client's settings ({exc}); keeping the current ones")
        return
    if generation != ls.configuration_generation:
        return  # a newer request is on its way and will apply its own answer
    raw = values[0] if isinstance(values, (list, tuple)) and values else None
    if raw is None:
        # `null` (for the whole answer or the item): the client has no goleash
        # settings; the defaults (with initializationOptions on top) apply.
        ls.log("goleash: the client has no goleash settings (null answer); using the defaults")
        base = getattr(ls, "initial_settings", None)
        if base is None or base == ls.session.settings:
            return
        ls.session.update_settings(None, base)
        ls.recheck_all()
        return
    for warning in ls.session.update_settings(raw):
        ls.log(warning, types.MessageType.Warning)
    ls.recheck_all()


def _workspace_roots(params: types.InitializeParams) -> list[str]:
    folders = params.workspace_folders or []
    roots = [uri_to_path(f.uri) for f in folders]
    if not roots and params.root_uri:
        roots.append(uri_to_path(params.root_uri))
    elif not roots and params.root_path:
        roots.append(params.root_path)
    return roots
