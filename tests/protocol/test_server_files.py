"""What the server reads from the disk: regular files inside the workspace, nothing else.

`go worker(ch)` in a document leaks only if `worker`, declared in a file next to
it, sends on `ch`: whether that finding shows tells whether the file was read.
"""

from __future__ import annotations

import os

from tests.protocol.rawserver import RawServer

STARTS = "package p\n\nfunc Start() {\n\tch := make(chan int)\n\tgo worker(ch)\n}\n"
WORKER = "package p\n\nfunc worker(ch chan int) {\n\tch <- 1\n}\n"


def _codes_for(tmp_path, workspace, uri: str) -> list[str]:
    server = RawServer()
    try:
        server.initialize({}, rootUri=workspace.as_uri(), initializationOptions={"delay": 0})
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": STARTS}},
        )
        published = server.wait_for(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            ),
            timeout=60,
        )
        assert server.proc.poll() is None
        return [d["code"] for d in published["params"]["diagnostics"]]
    finally:
        server.close()


def _package(directory, worker: bool = True):
    directory.mkdir(parents=True)
    (directory / "a.go").write_text(STARTS)
    if worker:
        (directory / "b.go").write_text(WORKER)
    return directory


def test_siblings_inside_the_workspace_are_read(tmp_path):
    pkg = _package(tmp_path / "ws" / "pkg")
    assert _codes_for(tmp_path, tmp_path / "ws", (pkg / "a.go").as_uri()) == ["GL003"]


def test_nothing_is_read_outside_the_workspace(tmp_path):
    (tmp_path / "ws").mkdir()
    outside = _package(tmp_path / "outside")
    assert _codes_for(tmp_path, tmp_path / "ws", (outside / "a.go").as_uri()) == []


def test_nothing_is_read_through_unnormalised_dotdot(tmp_path):
    (tmp_path / "ws" / "pkg").mkdir(parents=True)
    _package(tmp_path / "outside")
    uri = (tmp_path / "ws" / "pkg").as_uri() + "/../../outside/a.go"
    assert _codes_for(tmp_path, tmp_path / "ws", uri) == []


def test_a_link_out_of_the_workspace_is_not_followed(tmp_path):
    pkg = _package(tmp_path / "ws" / "pkg", worker=False)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "b.go").write_text(WORKER)
    os.symlink(outside / "b.go", pkg / "b.go")
    assert _codes_for(tmp_path, tmp_path / "ws", (pkg / "a.go").as_uri()) == []


def test_fifos_and_devices_next_to_a_document_are_not_opened(tmp_path):
    pkg = _package(tmp_path / "ws" / "pkg")
    os.mkfifo(pkg / "pipe.go")
    os.symlink("/dev/zero", pkg / "zero.go")
    os.mkfifo(tmp_path / "ws" / "go.mod")
    # Answered (the FIFOs would block, /dev/zero never end), with the regular sibling read.
    assert _codes_for(tmp_path, tmp_path / "ws", (pkg / "a.go").as_uri()) == ["GL003"]
