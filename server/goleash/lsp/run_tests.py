"""`goleash.runTests`: run the Go tests of a file's package from the editor and merge
what they leak into the diagnostics; a code lens on test files offers it.

The command (`workspace/executeCommand`) takes the URI of a Go file and, optionally,
`{"go": "/path/to/go", "timeout": seconds}`. The tests run in a worker thread with
work-done progress; cancelling the progress stops them. The answer is a summary:
`{"tests": N, "leaks": N}`, or `{"error": message}`, or `{"cancelled": true}`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import uuid

from lsprotocol import types

from goleash.lsp.runtime_evidence import anchor
from goleash.lsp.uris import uri_to_path
from goleash.runtime import evidence, toolchain
from goleash.runtime.merge import read_from_disk
from goleash.runtime.packages import list_packages
from goleash.runtime.runner import Cancelled, Options, Runner

log = logging.getLogger(__name__)

COMMAND = "goleash.runTests"
LENS_TITLE = "goleash: run tests and confirm leaks"


def run_package(
    path: str, go: str | None, timeout: float, cancel: threading.Event, progress
) -> dict:
    """Run the tests of `path`'s package; the leaks found, anchored, or why not."""
    try:
        tc = toolchain.find(go)
    except toolchain.ToolchainError as exc:
        return {"error": str(exc)}
    listing = list_packages(tc, [path], tc.environment())
    if listing.errors:
        return {"error": "\n".join(listing.errors)}
    runner = Runner(tc, Options(timeout=timeout), cancel, progress)
    runs = []
    for package in listing.packages:
        result = runner.run(package)
        if result.error:
            return {"error": f"{package.import_path}: {result.error}"}
        runs.append(result)
    leaks = evidence.group(runs)
    return {
        "tests": sum(len(r.tests) for r in runs),
        "leaks": len(leaks),
        "anchored": anchor(leaks, read_from_disk),
        "go": tc.version_text,
    }


def _arguments(args) -> tuple[str | None, dict]:
    uri = args[0] if args else None
    if isinstance(uri, dict):
        uri = uri.get("uri")
    extra = args[1] if len(args) > 1 and isinstance(args[1], dict) else {}
    return (uri if isinstance(uri, str) else None), extra


def register(server) -> None:
    @server.command(COMMAND)
    async def run_tests(ls, *args):
        uri, extra = _arguments(args)
        if uri is None or not uri.startswith("file:"):
            return {
                "error": f"{COMMAND} expects the URI of a Go file, got {args[0] if args else 'nothing'!r}"
            }
        path = uri_to_path(uri)
        directory = os.path.dirname(path)
        try:
            timeout = float(extra.get("timeout", 120))
        except (TypeError, ValueError):
            return {"error": f"{COMMAND}: timeout must be a number of seconds"}
        go = extra.get("go") if isinstance(extra.get("go"), str) else None

        token = str(uuid.uuid4())
        cancel = threading.Event()
        progress = await _begin(ls, token, cancel)
        loop = asyncio.get_running_loop()

        def report(message: str) -> None:
            if progress:
                loop.call_soon_threadsafe(
                    ls.work_done_progress.report,
                    token,
                    types.WorkDoneProgressReport(message=message),
                )

        try:
            # The file, not its directory: its package alone, not the packages below it.
            outcome = await asyncio.to_thread(run_package, path, go, timeout, cancel, report)
        except Cancelled:
            outcome = {"cancelled": True}
        except Exception as exc:  # never take the server down: say what happened
            log.exception("%s failed", COMMAND)
            outcome = {"error": f"{type(exc).__name__}: {exc}"}
        if progress:
            ls.work_done_progress.end(token, types.WorkDoneProgressEnd(message=_summary(outcome)))
            ls.work_done_progress.tokens.pop(token, None)
        if "error" in outcome:
            ls.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Error, message=f"goleash: {outcome['error']}"
                )
            )
            return outcome
        if "cancelled" in outcome:
            return outcome
        ls.runtime.set(directory, outcome.pop("anchored"))
        _republish(ls, directory)
        return outcome

    @server.feature(types.TEXT_DOCUMENT_CODE_LENS)
    def code_lens(ls, params: types.CodeLensParams):
        doc = ls.session.documents.get(params.text_document.uri)
        if doc is None or not doc.path.endswith("_test.go"):
            return []
        line = next(
            (i for i, text in enumerate(doc.data.split(b"\n")) if text.startswith(b"package ")), 0
        )
        return [
            types.CodeLens(
                range=types.Range(
                    start=types.Position(line=line, character=0),
                    end=types.Position(line=line, character=0),
                ),
                command=types.Command(title=LENS_TITLE, command=COMMAND, arguments=[doc.uri]),
            )
        ]


async def _begin(ls, token: str, cancel: threading.Event) -> bool:
    """Start work-done progress when the client supports it; cancelling it sets `cancel`."""
    try:
        window = ls.client_capabilities.window
        if window is None or not window.work_done_progress:
            return False
        await ls.work_done_progress.create_async(token)
    except Exception:
        log.exception("window/workDoneProgress/create failed")
        return False
    ls.work_done_progress.begin(
        token,
        types.WorkDoneProgressBegin(
            title="goleash: running tests", cancellable=True, message="building"
        ),
    )
    future = ls.work_done_progress.tokens.get(token)
    if future is not None:
        future.add_done_callback(lambda f: cancel.set() if f.cancelled() else None)
    return True


def _summary(outcome: dict) -> str:
    if "error" in outcome:
        return "failed"
    if "cancelled" in outcome:
        return "cancelled"
    return f"{outcome['tests']} tests, {outcome['leaks']} leaking stacks"


def _republish(ls, directory: str) -> None:
    """Diagnostics again for the package's open files, now with the evidence merged in."""
    real = os.path.realpath(directory)
    for doc in list(ls.session.documents):
        if os.path.realpath(os.path.dirname(doc.path)) == real and not ls.uses_pull_diagnostics:
            ls.check_and_publish(doc.uri)
    ls.refresh_pulled()
