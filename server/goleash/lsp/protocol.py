"""pygls' protocol object, with what the server needs to send a message it serialised itself.

Publishing diagnostics converts and serialises each one once and reuses the text
while it stays unchanged (GoleashServer.publish); pygls' own notify would convert
them all again on every keystroke. Sending such text needs the converter pygls
was built with and the transport's framing: both come through pygls' public
API (the `converter_factory` and `protocol_cls` it is built with, and
`set_writer`, which every transport calls), not through its private attributes.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

from cattrs import Converter
from pygls.protocol import LanguageServerProtocol


class GoleashProtocol(LanguageServerProtocol):
    def __init__(self, server: Any, converter: Converter) -> None:
        super().__init__(server, converter)
        # lsprotocol objects to JSON-ready data, the same way pygls converts its own messages.
        self.converter = converter
        # Content-Length headers before each message: stdio and TCP yes, WebSocket no.
        self.frames_with_headers = True
        # Writes still under way on an asynchronous transport (kept so none is collected early).
        self._writing: set[asyncio.Future[Any]] = set()

    def set_writer(self, writer: Any, include_headers: bool = True) -> None:
        super().set_writer(writer, include_headers)
        self.frames_with_headers = include_headers

    def send_serialised(self, body: bytes) -> bool:
        """Write one JSON-RPC message, already serialised, as pygls would frame it;
        False when there is no transport (yet) to write it to."""
        writer = self.writer
        if writer is None:
            return False
        if self.frames_with_headers:
            header = (
                f"Content-Length: {len(body)}\r\n"
                f"Content-Type: {self.CONTENT_TYPE}; charset={self.CHARSET}\r\n\r\n"
            )
            body = header.encode("ascii") + body
        written = writer.write(body)
        if inspect.isawaitable(written):  # an asynchronous transport
            pending = asyncio.ensure_future(written)
            self._writing.add(pending)
            pending.add_done_callback(self._writing.discard)
        return True
