"""Files changed outside the editor: `workspace/didChangeWatchedFiles`.

A `git checkout` or a code generator rewrites files the user has not opened. The
analysis of an open file reads its package's other files (`go worker(ch)` may start
a function declared next door) and the nearest go.mod's Go version; goleash.toml
sets its rules. When the client can register watchers dynamically, the server asks
for all three; a client that watches on its own may send the same notifications.

- a goleash.toml: every open document again (goleash.lsp.project re-reads it);
- a `.go` file: the open documents of its directory (its package) again, from scratch,
  with the file read anew from disk (an open buffer of it still wins over the disk);
- a go.mod: the open documents below it again, with the Go version looked up anew.
"""

from __future__ import annotations

import logging
import os

from lsprotocol import types

from goleash import gomod
from goleash.lsp.uris import uri_to_path
from goleash.project.config_file import FILENAME

log = logging.getLogger(__name__)

WATCHER_ID = "goleash-file-watcher"
GLOBS = (f"**/{FILENAME}", "**/*.go", "**/go.mod")


def register(server) -> None:
    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls, params: types.DidChangeWatchedFilesParams) -> None:
        paths = [uri_to_path(change.uri) for change in params.changes]
        if ls.session.project.files_changed(paths):
            ls.report_project_messages()
            ls.recheck_all()
            return
        stale = affected_documents(ls.session, paths)
        if stale:
            ls.recheck(stale)


def affected_documents(session, paths: list[str]) -> list[str]:
    """The open documents whose analysis may read one of `paths`, in the order opened."""
    open_paths = {os.path.abspath(doc.path) for doc in session.documents}
    packages: set[str] = set()
    modules: list[str] = []
    for path in map(os.path.abspath, paths):
        name = os.path.basename(path)
        if name == "go.mod":
            modules.append(os.path.dirname(path))
        elif name.endswith(".go"):
            session.disk.forget(path)
            if path not in open_paths:  # an open buffer is read instead of the disk
                packages.add(os.path.dirname(path))
    if modules:
        gomod.forget()

    def below(directory: str, module: str) -> bool:
        return directory == module or directory.startswith(module.rstrip(os.sep) + os.sep)

    out = []
    for doc in session.documents:
        directory = os.path.dirname(os.path.abspath(doc.path))
        if directory in packages or any(below(directory, m) for m in modules):
            out.append(doc.uri)
    return out


async def watch_files(ls) -> None:
    """Ask the client to tell us when a Go file, a go.mod or a goleash.toml changes, if it can."""
    ws = ls.client_capabilities.workspace
    watched = ws.did_change_watched_files if ws is not None else None
    if watched is None or not watched.dynamic_registration:
        return  # each save and check still notices a changed goleash.toml
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in GLOBS]
    )
    try:
        await ls.client_register_capability_async(
            types.RegistrationParams(
                registrations=[
                    types.Registration(
                        id=WATCHER_ID,
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=options,
                    )
                ]
            )
        )
    except Exception as exc:
        ls.log(
            f"goleash: could not watch files ({exc}); {FILENAME} is re-read on save, other files on the next check"
        )
