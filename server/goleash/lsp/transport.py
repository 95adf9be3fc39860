"""The server's stdio loop: frames in (goleash.lsp.framing), pygls' protocol for the rest.

pygls' own reader drops a request it cannot read without answering, answers
malformed JSON with an "Error in server" pop-up, ignores requests after
`shutdown`, and loses the exit status of `exit`. This loop sits in front of the
protocol object, using only its public parts (`structure_message`,
`handle_message`, `set_writer`), and answers as JSON-RPC and LSP say:

- JSON that does not parse (or a frame that cannot be read): -32700 ParseError;
- a message that is not a JSON-RPC 2.0 object: -32600 InvalidRequest;
- a request whose params do not fit the method (a string, a missing
  `textDocument`, a `codeAction` without a range): -32602 InvalidParams;
- any request after `shutdown`: -32600 InvalidRequest; notifications are dropped;
- `exit`: the process ends with 0 after `shutdown`, 1 without;
- a response of ours the protocol types cannot hold (a `null` answer to
  workspace/configuration) still resolves the request that waits for it, with None.

Frames are read on a thread of their own, so a slow or stuck client never holds
the event loop, and handed to the loop one by one.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import threading

from cattrs import transform_error
from cattrs.errors import ClassValidationError
from pygls.io_ import StdoutWriter
from pygls.protocol.json_rpc import JsonRPCResponseMessage

from goleash.lsp.framing import Frame, Framer
from goleash.lsp.protocol import GoleashProtocol

log = logging.getLogger(__name__)

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
INVALID_PARAMS = -32602


class Dispatcher:
    """Turns each frame into a call on pygls' protocol, or into the error it deserves."""

    def __init__(self, protocol: GoleashProtocol) -> None:
        self.protocol = protocol
        self.shut_down = False
        self.exit_code: int | None = None  # set by `exit`

    def send(self, payload: dict) -> None:
        self.protocol.send_serialised(json.dumps(payload, separators=(",", ":")).encode())

    def error(self, msg_id, code: int, message: str) -> None:
        log.warning("answering %s with %d: %s", msg_id, code, message)
        self.send({"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}})

    def receive(self, frame: Frame) -> None:
        if frame.body is None:
            self.error(None, PARSE_ERROR, f"Parse error: {frame.problem}")
            return
        try:
            data = json.loads(frame.body)
        except ValueError as exc:  # also invalid UTF-8
            self.error(None, PARSE_ERROR, f"Parse error: {exc}")
            return
        if not isinstance(data, dict) or data.get("jsonrpc") != "2.0":
            self.error(_id_of(data), INVALID_REQUEST, "Invalid Request: not a JSON-RPC 2.0 message")
            return
        msg_id = data.get("id")
        if "id" in data and (not isinstance(msg_id, (str, int)) or isinstance(msg_id, bool)):
            self.error(
                None, INVALID_REQUEST, "Invalid Request: the id must be a string or a number"
            )
            return
        method = data.get("method")
        if method is None:
            if "id" in data and ("result" in data or "error" in data):
                self._response(data)
            else:
                self.error(msg_id, INVALID_REQUEST, "Invalid Request: no method")
            return
        if not isinstance(method, str):
            self.error(msg_id, INVALID_REQUEST, "Invalid Request: the method must be a string")
            return
        is_request = "id" in data
        if method == "exit":
            self.exit_code = 0 if self.shut_down else 1
            return
        if self.shut_down:
            if is_request:
                self.error(msg_id, INVALID_REQUEST, f"Invalid Request: {method} after shutdown")
            return
        try:
            message = self.protocol.structure_message(data)
        except Exception as exc:
            reason = f"Invalid params for {method}: {_cause(exc)}"
            if is_request:
                self.error(msg_id, INVALID_PARAMS, reason)
            else:
                log.warning("notification ignored: %s", reason)
            return
        if method == "shutdown" and is_request:
            self.shut_down = True
        self.protocol.handle_message(message)

    def _response(self, data: dict) -> None:
        try:
            message = self.protocol.structure_message(data)
        except Exception as exc:
            # The request waiting for it must not wait for ever: give it what came.
            log.warning(
                "response %s does not fit its type (%s): passed on as it is",
                data["id"],
                _cause(exc),
            )
            message = JsonRPCResponseMessage(
                id=data["id"], jsonrpc="2.0", result=data.get("result")
            )
        self.protocol.handle_message(message)


def _id_of(data) -> object:
    msg_id = data.get("id") if isinstance(data, dict) else None
    return msg_id if isinstance(msg_id, (str, int)) and not isinstance(msg_id, bool) else None


def _cause(exc: BaseException) -> str:
    while exc.__cause__ is not None:
        exc = exc.__cause__
    if isinstance(exc, ClassValidationError):
        # "required field missing @ $.params.range": where, not how cattrs got there.
        return "; ".join(transform_error(exc, path="$"))
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


SWITCH_INTERVAL = 0.0005  # seconds


def serve_stdio(server, stdin=None, stdout=None) -> int:
    """Serve until `exit` (or the end of input); the process exit status."""
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout.buffer
    # SWITCH_INTERVAL: how long an analysis thread may keep the interpreter before the
    # protocol threads get a turn. Each request takes the interpreter several times
    # (read, decode, dispatch, answer), waiting up to the interval each time: at
    # Python's 5 ms a hover during a long analysis took 60 ms at the median. Trade-off:
    # more thread switches while both want it (a few percent of analysis time).
    sys.setswitchinterval(SWITCH_INTERVAL)
    dispatcher = Dispatcher(server.wire)
    server.protocol.set_writer(StdoutWriter(stdout))

    async def main() -> int:
        loop = asyncio.get_running_loop()
        done: asyncio.Future[int] = loop.create_future()

        def deliver(frame: Frame | None) -> None:
            if done.done():
                return
            if frame is None:  # end of input: the client is gone
                done.set_result(0)
                return
            try:
                dispatcher.receive(frame)
            except Exception:  # never let one message end the server
                log.exception("message handling failed")
            if dispatcher.exit_code is not None and not done.done():
                done.set_result(dispatcher.exit_code)

        def read() -> None:
            framer = Framer(stdin.fileno())
            try:
                while True:
                    frame = framer.next()
                    loop.call_soon_threadsafe(deliver, frame)
                    if frame is None:
                        return
            except (OSError, RuntimeError):  # stdin closed under us, or the loop is gone
                try:
                    loop.call_soon_threadsafe(deliver, None)
                except RuntimeError:
                    pass

        threading.Thread(target=read, name="goleash-stdin", daemon=True).start()
        return await done

    try:
        code = asyncio.run(main())
    except BrokenPipeError:
        log.error("the client closed the connection")
        code = 1
    stop = getattr(server, "stop_background_work", None)
    if stop is not None:
        stop()
    return code
