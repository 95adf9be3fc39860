"""`goleash.runTests` through the language server: the code lens, the command with
work-done progress and cancellation, and run-time evidence merged into diagnostics
(dropped once the function it describes is edited)."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from lsprotocol import types

from tests.lsp.helpers import change, diagnostics, open_doc, start
from tests.runtime.toolchains import go119, go127, needs_go119, needs_go127

TESTDATA = Path(__file__).resolve().parents[1] / "runtime" / "testdata"


def copy_module(client, name: str) -> Path:
    root = client.tmp_path / name
    shutil.copytree(TESTDATA / name, root)
    return root


async def run_tests(client, uri: str, **extra):
    return await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="goleash.runTests", arguments=[uri, extra])
    )


def by_code(diags, code: str) -> list[types.Diagnostic]:
    return [d for d in diags if d.code == code]


@needs_go127
async def test_run_tests_merges_confirmed_and_runtime_only_leaks(client):
    await start(client)
    root = copy_module(client, "leaky")
    text = (root / "fetch.go").read_text()
    uri = open_doc(client, root / "fetch.go", text)
    before = await diagnostics(client, uri, 1)
    [static] = by_code(before, "GL004")
    assert "confirmed at run time" not in static.message
    assert not by_code(before, "GL900")

    test_uri = open_doc(client, root / "fetch_test.go", (root / "fetch_test.go").read_text())
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=test_uri))
    )
    assert [
        (lens.range.start.line, lens.command.command, list(lens.command.arguments))
        for lens in lenses
    ] == [(0, "goleash.runTests", [test_uri])]

    outcome = await run_tests(client, uri, go=go127())
    assert outcome["tests"] == 4 and outcome["leaks"] == 3 and outcome["go"] == "go1.27.3"
    kinds = [v.kind for values in client.progress_reports.values() for v in values]
    assert kinds[0] == "begin" and kinds[-1] == "end" and "report" in kinds

    after = await diagnostics(client, uri, 1)
    [confirmed] = by_code(after, "GL004")
    assert confirmed.range.start.line == 10 and confirmed.source == "goleash"
    assert (
        "[confirmed at run time: 3 goroutines left by TestFirst, proven stuck in chan send"
        in confirmed.message
    )
    [runtime_only] = by_code(after, "GL900")
    assert runtime_only.range.start.line == 30
    assert runtime_only.source == "goleash-runtime"
    assert runtime_only.code_description.href.endswith("docs/runtime.md#gl900-leaked-goroutine")
    assert any(
        r.location.uri.endswith("fetch_test.go") and r.location.range.start.line == 17
        for r in runtime_only.related_information
    )

    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=runtime_only.range.start
        )
    )
    assert "**goleash GL900** (leaked-goroutine)" in hover.contents.value
    assert (
        "## What it does" in hover.contents.value
        and "runtime.md#gl900-leaked-goroutine" in hover.contents.value
    )

    # A line added above moves the evidence with its function...
    change(client, uri, 2, [(0, 0, 0, 0, "// Package leaky.\n")])
    moved = await diagnostics(client, uri, 2)
    assert [d.range.start.line for d in by_code(moved, "GL900")] == [31]
    assert "confirmed at run time" in by_code(moved, "GL004")[0].message

    # ...and editing First drops First's evidence, not Wait's.
    line = text.splitlines().index("\treturn <-results") + 1
    change(client, uri, 3, [(line, 0, line, 0, "\t// edited\n")])
    edited = await diagnostics(client, uri, 3)
    assert "confirmed at run time" not in by_code(edited, "GL004")[0].message
    assert [d.range.start.line for d in by_code(edited, "GL900")] == [32]


@needs_go119
async def test_cancelling_the_progress_stops_a_hanging_run(client):
    await start(client)
    root = copy_module(client, "hang")
    uri = open_doc(client, root / "batch.go", (root / "batch.go").read_text())
    await diagnostics(client, uri, 1)
    task = asyncio.ensure_future(run_tests(client, uri, go=go119(), timeout=60))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30
    while not any(
        any(getattr(v, "message", "") and "TestRun" in v.message for v in values)
        for values in client.progress_reports.values()
    ):
        assert loop.time() < deadline, "the test never started"
        await asyncio.sleep(0.05)
    [token] = list(client.progress_reports)
    started = loop.time()
    client.window_work_done_progress_cancel(types.WorkDoneProgressCancelParams(token=token))
    assert await asyncio.wait_for(task, 10) == {"cancelled": True}
    assert loop.time() - started < 5


@needs_go119
async def test_build_failure_is_shown_not_raised(client):
    await start(client)
    root = copy_module(client, "broken")
    uri = open_doc(client, root / "broken.go", (root / "broken.go").read_text())
    outcome = await run_tests(client, uri, go=go119())
    assert "undefined: undefinedName" in outcome["error"]
    # The message is sent before the command answers.
    assert any(
        m.type == types.MessageType.Error and "cannot build the tests" in m.message
        for m in client.messages
    )


async def test_bad_arguments_get_a_clear_answer(client):
    await start(client)
    outcome = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="goleash.runTests", arguments=[42])
    )
    assert "expects the URI of a Go file" in outcome["error"]
