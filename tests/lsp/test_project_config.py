"""The server reads goleash.toml like the CLI: nearest file, editor settings on top,
re-read on change, and a bad file keeps the previous settings and says so."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types

from tests.lsp.helpers import LEAKY, diagnostics, open_doc, start, uses_pull

pytestmark = pytest.mark.timeout(40)


async def settled(client, uri, want, timeout=10.0):
    """The diagnostics once `want(diags)` holds (push: the next publications; pull: asked again)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    last = None
    while loop.time() < deadline:
        if uses_pull(client):
            last = await diagnostics(client, uri)
        else:
            found = [p for p in client.published if p.uri == uri]
            last = list(found[-1].diagnostics) if found else None
        if last is not None and want(last):
            return last
        await asyncio.sleep(0.05)
    raise AssertionError(f"diagnostics never settled; last: {last}")


def notify_changed(client, path, kind=types.FileChangeType.Changed):
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(changes=[types.FileEvent(uri=path.as_uri(), type=kind)])
    )


async def test_goleash_toml_severity_then_editor_settings_override_it(client):
    (client.tmp_path / "goleash.toml").write_text('severity = { GL003 = "error" }\n')
    await start(client, {"delay": 0})
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    [d] = await settled(client, uri, lambda ds: len(ds) == 1)
    assert d.severity == types.DiagnosticSeverity.Error
    client.published.clear()
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"goleash": {"severity": {"GL003": "hint"}}})
    )
    [d] = await settled(
        client, uri, lambda ds: len(ds) == 1 and ds[0].severity == types.DiagnosticSeverity.Hint
    )


async def test_goleash_toml_ignore_exclude_and_per_path(client):
    root = client.tmp_path
    (root / "goleash.toml").write_text('exclude = ["gen/"]\n[per-path]\n"legacy/**" = ["GL003"]\n')
    await start(client, {"delay": 0})
    plain = open_doc(client, root / "app" / "leaky.go", LEAKY)
    generated = open_doc(client, root / "gen" / "leaky.go", LEAKY)
    legacy = open_doc(client, root / "legacy" / "leaky.go", LEAKY)
    assert len(await settled(client, plain, lambda ds: len(ds) == 1)) == 1
    assert await settled(client, generated, lambda ds: True) == []
    assert await settled(client, legacy, lambda ds: True) == []


async def test_a_bad_goleash_toml_keeps_the_previous_settings_and_says_so(client):
    toml = client.tmp_path / "goleash.toml"
    toml.write_text('ignore = ["GL003"]\n')
    await start(client, {"delay": 0})
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    assert await settled(client, uri, lambda ds: True) == []
    toml.write_text('ignore = ["GL003"]\nselect = "GL0"\n')
    client.published.clear()
    notify_changed(client, toml)
    for _ in range(200):
        if client.messages:
            break
        await asyncio.sleep(0.05)
    [shown] = client.messages
    assert shown.type == types.MessageType.Warning
    assert f"{toml}:2: select: expected a list of rule codes" in shown.message
    assert "keeping its previous settings" in shown.message
    # Still the previous settings: GL003 stays ignored.
    assert await settled(client, uri, lambda ds: True) == []
    # Fixed: the new file is used at once.
    toml.write_text('select = ["GL003"]\n')
    client.published.clear()
    notify_changed(client, toml)
    assert len(await settled(client, uri, lambda ds: len(ds) == 1)) == 1
    assert any("is valid again" in m.message for m in client.messages)


async def test_a_changed_goleash_toml_is_reread_on_save_without_a_watcher(client):
    toml = client.tmp_path / "goleash.toml"
    toml.write_text('ignore = ["GL003"]\n')
    await start(client, {"delay": 0})
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    assert await settled(client, uri, lambda ds: True) == []
    toml.write_text("ignore = []\n# now every rule runs\n")
    client.published.clear()
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert len(await settled(client, uri, lambda ds: len(ds) == 1)) == 1


async def test_the_server_asks_to_watch_goleash_toml_go_files_and_go_mod_when_the_client_can(
    client,
):
    await start(client, {"delay": 0})
    for _ in range(40):
        if client.registrations:
            break
        await asyncio.sleep(0.05)
    if client.client_name == "neovim":
        # Neovim 0.11 declares no dynamic watcher registration: saves and checks re-read instead.
        assert client.registrations == []
        return
    [watcher] = [
        r for r in client.registrations if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    ]
    options = watcher.register_options
    globs = (
        [w["globPattern"] for w in options["watchers"]]
        if isinstance(options, dict)
        else [w.glob_pattern for w in options.watchers]
    )
    assert globs == ["**/goleash.toml", "**/*.go", "**/go.mod"]


async def test_a_function_written_once_per_os_resolves_in_the_editor(client):
    root = client.tmp_path
    worker = "package p\n\nfunc worker(ch chan int) {\n\t<-ch\n}\n"
    (root / "worker_linux.go").write_text(worker)
    (root / "worker_windows.go").write_text(worker)
    (root / "worker_darwin.go").write_text(worker)
    await start(client, {"delay": 0})
    main = "package p\n\nfunc Start() {\n\tch := make(chan int)\n\tgo worker(ch)\n}\n"
    uri = open_doc(client, root / "main.go", main)
    [d] = await settled(client, uri, lambda ds: len(ds) == 1)
    assert d.code == "GL003"
    assert any(
        r.location.uri.endswith(("worker_linux.go", "worker_windows.go", "worker_darwin.go"))
        for r in d.related_information
    )


async def test_an_edited_goleash_toml_applies_on_the_next_keystroke(client):
    from tests.lsp.helpers import change

    toml = client.tmp_path / "goleash.toml"
    toml.write_text('ignore = ["GL003"]\n')
    await start(client, {"delay": 0})
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    assert await settled(client, uri, lambda ds: True) == []
    toml.write_text("ignore = []\n# every rule again\n")
    client.published.clear()
    change(client, uri, 2, [(0, 0, 0, 0, "// edited\n")])
    if uses_pull(client):
        assert len(await settled(client, uri, lambda ds: len(ds) == 1)) == 1
    else:
        assert len(await diagnostics(client, uri, 2)) == 1


async def test_check_and_the_server_agree_on_a_scratch_module(client):
    """One goleash.toml changes the CLI's and the server's answers the same way."""
    import json
    import subprocess
    import sys

    root = client.tmp_path
    (root / "go.mod").write_text("module example.com/scratch\n\ngo 1.22\n")
    (root / "goleash.toml").write_text(
        'severity = { GL003 = "error" }\n[per-path]\n"quiet/**" = ["GL003"]\n'
    )
    (root / "loud").mkdir()
    (root / "quiet").mkdir()
    (root / "loud" / "leaky.go").write_text(LEAKY)
    (root / "quiet" / "leaky.go").write_text(LEAKY)
    cli = subprocess.run(
        [sys.executable, "-m", "goleash", "check", "--output-format", "json", "."],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    reported = {(f["path"], f["code"], f["severity"]) for f in json.loads(cli.stdout)}
    assert reported == {("loud/leaky.go", "GL003", "error")}, cli.stderr
    await start(client, {"delay": 0})
    loud = open_doc(client, root / "loud" / "leaky.go", LEAKY)
    quiet = open_doc(client, root / "quiet" / "leaky.go", LEAKY)
    [d] = await settled(client, loud, lambda ds: len(ds) == 1)
    assert (d.code, d.severity) == ("GL003", types.DiagnosticSeverity.Error)
    assert await settled(client, quiet, lambda ds: True) == []


async def test_a_goleash_toml_bad_from_the_start_leaves_the_defaults_and_says_so(client):
    (client.tmp_path / "goleash.toml").write_text('ignore = ["GL003"]\nunknown-key = 1\n')
    await start(client, {"delay": 0})
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    assert len(await settled(client, uri, lambda ds: len(ds) == 1)) == 1  # defaults: GL003 runs
    for _ in range(100):
        if client.messages:
            break
        await asyncio.sleep(0.05)
    [shown] = client.messages
    assert "goleash.toml:2: unknown-key: unknown key" in shown.message
    assert "using the defaults until it is fixed" in shown.message


async def test_editor_exclude_patterns_are_gitignore_style_from_the_workspace_folder(client):
    await start(client, {"delay": 0, "exclude": ["vendor/", "/scripts/"]})
    root = client.tmp_path
    vendored = open_doc(client, root / "a" / "vendor" / "x" / "leaky.go", LEAKY)
    anchored = open_doc(client, root / "scripts" / "leaky.go", LEAKY)
    nested = open_doc(client, root / "app" / "scripts" / "leaky.go", LEAKY)
    assert len(await settled(client, nested, lambda ds: len(ds) == 1)) == 1
    assert await settled(client, vendored, lambda ds: True) == []
    assert await settled(client, anchored, lambda ds: True) == []
