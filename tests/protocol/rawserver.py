"""A real `goleash serve` process spoken to in raw bytes: what a broken or
hostile client sends, byte for byte, and what comes back."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time

SERVER = [sys.executable, "-m", "goleash", "serve"]


def frame(obj) -> bytes:
    body = json.dumps(obj).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class RawServer:
    def __init__(self, cwd=None, command=None) -> None:
        self.proc = subprocess.Popen(
            command or SERVER,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
        )
        self.buffer = b""
        self.seen: list[dict] = []  # every message read so far, in order

    def send(self, raw: bytes) -> None:
        self.proc.stdin.write(raw)
        self.proc.stdin.flush()

    def request(self, msg_id, method: str, params=None) -> None:
        obj = {"jsonrpc": "2.0", "id": msg_id, "method": method}
        if params is not None:
            obj["params"] = params
        self.send(frame(obj))

    def notify(self, method: str, params=None) -> None:
        obj = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            obj["params"] = params
        self.send(frame(obj))

    def _read_message(self, deadline: float) -> dict | None:
        fd = self.proc.stdout.fileno()
        while True:
            head, sep, rest = self.buffer.partition(b"\r\n\r\n")
            if sep:
                length = next(
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                )
                if len(rest) >= length:
                    self.buffer = rest[length:]
                    message = json.loads(rest[:length])
                    self.seen.append(message)
                    return message
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                return None
            self.buffer += chunk

    def wait_for(self, predicate, timeout: float = 20.0) -> dict:
        """The first message (from now on) for which `predicate` holds."""
        deadline = time.monotonic() + timeout
        while True:
            message = self._read_message(deadline)
            if message is None:
                raise AssertionError(f"no such message within {timeout}s; got {self.seen[-5:]}")
            if predicate(message):
                return message

    def response(self, msg_id, timeout: float = 20.0) -> dict:
        return self.wait_for(lambda m: m.get("id") == msg_id and "method" not in m, timeout)

    def initialize(self, capabilities=None, **params) -> dict:
        self.request(
            "init",
            "initialize",
            {"processId": None, "rootUri": None, "capabilities": capabilities or {}, **params},
        )
        reply = self.response("init")
        self.notify("initialized", {})
        return reply

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                stream.close()
            except OSError:
                pass
