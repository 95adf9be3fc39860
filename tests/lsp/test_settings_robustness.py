"""Settings from every source, the package's other files, and inputs that must not stop the server."""

from __future__ import annotations

import asyncio

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcMethodNotFound

from goleash.lsp import settings as settings_mod
from tests.lsp.helpers import LEAKY, change, diagnostics, open_doc, start, uses_pull

pytestmark = pytest.mark.timeout(40)


async def test_initialization_options_select_ignore_and_severity(client):
    await start(client, {"delay": 0, "severity": {"GL003": "error"}})
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    [d] = await diagnostics(client, uri, 1)
    assert d.severity == types.DiagnosticSeverity.Error


async def test_ignore_via_workspace_configuration(client):
    client.set_configuration({"goleash": {"ignore": ["GL003"], "delay": 0}})
    await start(client, {})
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    for _ in range(100):  # the configuration arrives after start-up, without blocking it
        if await diagnostics(client, uri, None) == []:
            break
        await asyncio.sleep(0.05)
    assert await diagnostics(client, uri, None) == []


async def test_did_change_configuration_and_bad_settings_are_logged(client):
    await start(client)
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    assert len(await diagnostics(client, uri, 1)) == 1
    client.published.clear()
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(
            settings={"goleash": {"enable": False, "delay": "soon", "colour": "red"}}
        )
    )
    for _ in range(100):
        messages = " ".join(m.message for m in client.log_messages)
        if "colour" in messages and "delay" in messages:
            break
        await asyncio.sleep(0.05)
    assert "colour" in messages and "unknown setting" in messages and "delay" in messages
    caps = pytest_lsp.client_capabilities(client.client_name).workspace.diagnostics
    if uses_pull(client) and caps is not None and caps.refresh_support:
        assert client.diagnostic_refresh_count >= 1
    assert await diagnostics(client, uri, None) == []


async def test_goroutine_body_in_another_file_of_the_package(client):
    await start(client)
    (client.tmp_path / "worker.go").write_text(
        "package main\n\nfunc worker(ch chan int) {\n\t<-ch\n}\n"
    )
    main = "package main\n\nfunc main() {\n\tch := make(chan int)\n\tgo worker(ch)\n}\n"
    uri = open_doc(client, client.tmp_path / "main.go", main)
    # The body is on disk: the leak is reported at the go statement here.
    assert [d.code for d in await diagnostics(client, uri, 1)] == ["GL003"]
    # The open buffer of worker.go wins over the disk, and main.go is re-checked.
    wuri = open_doc(
        client,
        client.tmp_path / "worker.go",
        "package main\n\nfunc worker(ch chan int) {\n\t<-ch\n}\n",
    )
    await diagnostics(client, wuri, 1)
    client.published.clear()
    change(client, wuri, 2, [(3, 1, 3, 5, "_ = ch")])
    await diagnostics(client, wuri, 2)
    for _ in range(100):
        if await diagnostics(client, uri, None) == []:
            break
        await asyncio.sleep(0.05)
    assert await diagnostics(client, uri, None) == []


async def test_huge_file_invalid_utf8_sibling_and_unknown_method(client):
    await start(client)
    (client.tmp_path / "bad.go").write_bytes(
        b"package main\n\n// \xff\xfe broken\nfunc helper() {}\n"
    )
    big = "package main\n\nvar table = []int{\n" + "\t1, 2, 3, 4, 5, 6, 7, 8,\n" * 800_000 + "}\n"
    assert len(big.encode()) > 20_000_000
    buri = open_doc(client, client.tmp_path / "big.go", big)
    assert await diagnostics(client, buri, 1, timeout=30) == []
    assert any("too large" in m.message for m in client.log_messages)
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("goleash/noSuchMethod", {})
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    assert [d.code for d in await diagnostics(client, uri, 1)] == ["GL003"]


def test_settings_parse_defaults_and_warnings():
    s, warnings = settings_mod.parse(
        {
            "select": "GL0",
            "severity": {"GL003": "loud"},
            "run": "sometimes",
            "exclude": ["**/vendor/**"],
        }
    )
    assert s.select == ("GL0",) and s.run == "onType" and s.severity == {}
    assert len(warnings) == 2
    assert s.excludes("/w/vendor/x.go") and not s.excludes("/w/main.go")
    assert settings_mod.parse(None)[0] == settings_mod.DEFAULTS
    assert set(settings_mod.schema()) == settings_mod.KNOWN
