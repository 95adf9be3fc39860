"""Diagnostics serialised ahead of time go out framed as the transport wants them."""

from __future__ import annotations

import json

from lsprotocol import types

from goleash.lsp.protocol import GoleashProtocol
from goleash.lsp.server import GoleashServer


class Collect:
    def __init__(self) -> None:
        self.data = b""

    def write(self, data: bytes) -> None:
        self.data += data

    def close(self) -> None:
        pass


def _diagnostic() -> types.Diagnostic:
    return types.Diagnostic(
        range=types.Range(types.Position(2, 1), types.Position(2, 9)),
        message="goroutine leaks",
        severity=types.DiagnosticSeverity.Warning,
        code="GL001",
    )


def test_stdio_messages_carry_a_content_length_header() -> None:
    server = GoleashServer()
    out = Collect()
    server.protocol.set_writer(out)
    server.publish("file:///a.go", 3, [_diagnostic()])
    header, _, body = out.data.partition(b"\r\n\r\n")
    assert header.startswith(b"Content-Length: ")
    assert int(header.split(b"\r\n")[0].split(b": ")[1]) == len(body)
    message = json.loads(body)
    assert message["method"] == types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
    assert message["params"]["version"] == 3
    diagnostic = message["params"]["diagnostics"][0]
    assert diagnostic["range"]["start"] == {"line": 2, "character": 1}
    assert diagnostic["code"] == "GL001" and diagnostic["severity"] == 2


def test_websocket_messages_are_bare_json() -> None:
    server = GoleashServer()
    out = Collect()
    server.protocol.set_writer(out, include_headers=False)  # as pygls' WebSocket transport does
    server.publish("file:///a.go", None, [_diagnostic()])
    message = json.loads(out.data)
    assert "version" not in message["params"]
    assert message["params"]["diagnostics"][0]["message"] == "goroutine leaks"


def test_nothing_is_written_before_a_transport_is_set() -> None:
    protocol = GoleashServer().protocol
    assert isinstance(protocol, GoleashProtocol)
    assert protocol.send_serialised(b"{}") is False
