"""What the server answers to bad bytes, bad JSON and out-of-order messages.

Each test drives a real `goleash serve` over stdio with raw bytes: the framing
and the errors are what is under test, so no LSP client library sits between.
"""

from __future__ import annotations

import pytest

from tests.protocol.rawserver import RawServer, frame

LEAKY = "package p\n\nfunc f() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n}\n"


@pytest.fixture
def server():
    s = RawServer()
    yield s
    s.close()


def _alive(server: RawServer, msg_id="alive") -> None:
    """The server still reads and answers: a request right after gets its response."""
    server.request(
        msg_id,
        "textDocument/hover",
        {"textDocument": {"uri": "file:///nowhere.go"}, "position": {"line": 0, "character": 0}},
    )
    reply = server.response(msg_id)
    assert "error" not in reply and reply["result"] is None


def test_malformed_json_gets_a_parse_error(server):
    server.initialize()
    server.send(b"Content-Length: 14\r\n\r\n{not json at}!")
    reply = server.wait_for(lambda m: "error" in m)
    assert reply["id"] is None and reply["error"]["code"] == -32700
    # ... and no "Error in server" pop-up.
    assert not [m for m in server.seen if m.get("method") == "window/showMessage"]
    _alive(server)


def test_a_message_that_is_not_json_rpc_gets_invalid_request(server):
    server.initialize()
    server.send(frame([1, 2, 3]))
    reply = server.wait_for(lambda m: "error" in m)
    assert reply["error"]["code"] == -32600
    _alive(server)


@pytest.mark.parametrize(
    "method, params, missing",
    [
        ("textDocument/hover", "a string", "text_document"),
        ("textDocument/hover", {"position": {"line": 0, "character": 0}}, "text_document"),
        (
            "textDocument/codeAction",
            {"textDocument": {"uri": "file:///x.go"}, "context": {"diagnostics": []}},
            "range",
        ),
    ],
)
def test_invalid_params_always_get_a_response(server, method, params, missing):
    server.initialize()
    server.request(7, method, params)
    reply = server.response(7)
    assert reply["error"]["code"] == -32602
    assert missing in reply["error"]["message"]
    _alive(server)


def test_requests_after_shutdown_are_invalid_and_exit_is_clean(server):
    server.initialize()
    server.request(1, "shutdown")
    assert server.response(1)["result"] is None
    server.request(
        2,
        "textDocument/hover",
        {"textDocument": {"uri": "file:///x.go"}, "position": {"line": 0, "character": 0}},
    )
    assert server.response(2)["error"]["code"] == -32600
    server.notify("exit")
    assert server.proc.wait(10) == 0


def test_exit_without_shutdown_exits_1(server):
    server.initialize()
    server.notify("exit")
    assert server.proc.wait(10) == 1


def test_a_too_short_content_length_is_survived(server):
    server.initialize()
    good = frame({"jsonrpc": "2.0", "id": "lost", "method": "shutdown"})
    body = good.split(b"\r\n\r\n", 1)[1]
    # Announces 10 bytes of a longer body: the rest is noise before the next header.
    server.send(b"Content-Length: 10\r\n\r\n" + body)
    assert server.wait_for(lambda m: "error" in m)["error"]["code"] == -32700
    _alive(server)


def test_a_too_long_content_length_is_survived(server):
    server.initialize()
    body = frame({"jsonrpc": "2.0", "method": "$/noop"}).split(b"\r\n\r\n", 1)[1]
    # Announces more than comes: the next message is swallowed, then given back.
    server.send(b"Content-Length: %d\r\n\r\n" % (len(body) + 500) + body)
    _alive(server)
    assert any(m.get("error", {}).get("code") == -32700 for m in server.seen)


def test_a_huge_content_length_is_refused_without_allocating_it(server):
    server.initialize()
    server.send(b"Content-Length: 100000000000\r\n\r\n")
    reply = server.wait_for(lambda m: "error" in m)
    assert reply["error"]["code"] == -32700 and "limit" in reply["error"]["message"]
    _alive(server)
    assert server.proc.poll() is None


def test_noise_between_messages_is_skipped(server):
    server.initialize()
    server.send(b"garbage line\r\n" + b"x" * 100_000 + b"\r\nX-Other: 1\r\n\r\n")
    _alive(server)


def test_a_null_configuration_answer_means_the_defaults(server):
    server.initialize({"workspace": {"configuration": True}})
    ask = server.wait_for(lambda m: m.get("method") == "workspace/configuration")
    server.send(frame({"jsonrpc": "2.0", "id": ask["id"], "result": None}))
    log = server.wait_for(
        lambda m: m.get("method") == "window/logMessage" and "null" in m["params"]["message"]
    )
    assert "defaults" in log["params"]["message"]
    # The settings are in force, not pending: a leaky document gets its diagnostic.
    uri = "file:///tmp/goleash-null-config/leaky.go"
    server.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": LEAKY}},
    )
    published = server.wait_for(
        lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
    )
    assert published["params"]["diagnostics"]
    assert not [m for m in server.seen if m.get("method") == "window/showMessage"]
