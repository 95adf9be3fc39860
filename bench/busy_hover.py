"""How fast `goleash serve` answers a hover on a small document while it analyses a
4 MB one, over real LSP stdio.

Opens a generated Go file of about 4 MB (small functions, one in twenty leaking),
then a small leaky document in another package, waits for the small one's
diagnostics, and then asks for a hover on the small one's leak every --every
seconds until the big file's diagnostics arrive. Only the hovers answered before
the big file's diagnostics count: they were answered while it was being analysed.
Prints each run's count, p50 and max, and the big file's analysis time; the aim
(issue 15) is every such hover within 100 ms. The machine's load moves these
figures: it is printed with them, and nothing is asserted.

    python bench/busy_hover.py [--runs 3] [--size 4000000] [--every 0.25]

GOLEASH_BENCH_SERVER overrides the server command (default: this Python, -m goleash serve).
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsp_latency import Client

SMALL = "package small\n\nfunc f() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n}\n"
SMALL_LEAK = {"line": 4, "character": 15}  # inside the goroutine's `ch <- 1`


class RecordingClient(Client):
    """The benchmark's client, keeping every message it reads: the big file's
    diagnostics may arrive while it waits for a hover's answer."""

    def __init__(self, cmd: list[str]) -> None:
        super().__init__(cmd)
        self.log: list[tuple[float, dict]] = []

    def _take(self, timeout: float | None) -> bool:
        try:
            at, msg = self.messages.get(timeout=timeout) if timeout else self.messages.get_nowait()
        except queue.Empty:
            return False
        if "method" in msg and "id" in msg:  # a request to us (configuration): the defaults
            items = msg.get("params", {}).get("items", [1])
            self.send({"jsonrpc": "2.0", "id": msg["id"], "result": [None] * len(items)})
        else:
            self.log.append((at, msg))
        return True

    def seen(self, match) -> tuple[float, dict] | None:
        """The first message read so far that matches, without waiting."""
        while self._take(None):
            pass
        return next(((at, m) for at, m in self.log if match(m)), None)

    def wait(self, match, timeout: float = 60.0) -> tuple[float, dict]:
        deadline = time.perf_counter() + timeout
        while True:
            found = self.seen(match)
            if found is not None:
                return found
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("no matching message from the server")
            self._take(left)

    def request_timed(self, method: str, params, timeout: float = 60.0) -> tuple[float, dict]:
        """(when the answer was read, the answer)."""
        self._id += 1
        rid = self._id
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == rid and "method" not in m, timeout)


def big_file(target: int) -> str:
    """About `target` bytes of small functions, one in twenty leaking."""
    parts, n, size = ["package big\n\n"], 0, 13
    while size < target:
        if n % 20 == 0:
            text = f"func leak{n}() {{\n\tch := make(chan int)\n\tgo func() {{\n\t\tch <- {n}\n\t}}()\n}}\n\n"
        else:
            text = f"func plain{n}(a, b int) int {{\n\tif a > b {{\n\t\treturn a - b\n\t}}\n\treturn a + b + {n}\n}}\n\n"
        parts.append(text)
        size += len(text)
        n += 1
    return "".join(parts)


def is_published(uri: str):
    return lambda m: (
        m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
    )


def one_run(big: str, every: float) -> tuple[list[float], float, int]:
    """(hover latencies in ms answered during the big analysis, seconds from the big
    file's didOpen to its diagnostics, how many diagnostics it got)."""
    workdir = Path(tempfile.mkdtemp(prefix="goleash-busy-"))
    (workdir / "big").mkdir()
    (workdir / "small").mkdir()
    big_uri = (workdir / "big" / "big.go").as_uri()
    small_uri = (workdir / "small" / "small.go").as_uri()
    client = RecordingClient(
        os.environ.get("GOLEASH_BENCH_SERVER", f"{sys.executable} -m goleash serve").split()
    )
    try:
        client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": workdir.as_uri(),
                "capabilities": {},
                "initializationOptions": {"delay": 0},
            },
        )
        client.notify("initialized", {})
        opened = time.perf_counter()
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": big_uri, "languageId": "go", "version": 1, "text": big}},
        )
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": small_uri, "languageId": "go", "version": 1, "text": SMALL}},
        )
        client.wait(is_published(small_uri), timeout=300)
        latencies: list[float] = []
        big_done: tuple[float, dict] | None = None
        while big_done is None:
            asked = time.perf_counter()
            reply_at, reply = client.request_timed(
                "textDocument/hover",
                {"textDocument": {"uri": small_uri}, "position": SMALL_LEAK},
                timeout=600,
            )
            if "error" in reply or not reply.get("result"):
                raise SystemExit(f"the hover was not answered with a result: {reply}")
            big_done = client.seen(is_published(big_uri))
            if big_done is None or big_done[0] > reply_at:
                latencies.append((reply_at - asked) * 1000)
            if big_done is None:
                time.sleep(every)
                big_done = client.seen(is_published(big_uri))
        at, message = big_done
        return latencies, at - opened, len(message["params"]["diagnostics"])
    finally:
        client.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", type=int, default=4_000_000, help="bytes of the big file")
    parser.add_argument("--every", type=float, default=0.25, help="seconds between hovers")
    args = parser.parse_args()
    big = big_file(args.size)
    print(
        f"big file {len(big):,} bytes; {os.cpu_count()} cores, "
        "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    )
    for run in range(1, args.runs + 1):
        latencies, analysis, diagnostics = one_run(big, args.every)
        if not latencies:
            print(f"run {run}: the big analysis ({analysis:.1f} s) ended before any hover")
            continue
        print(
            f"run {run}: {len(latencies)} hovers during the big analysis ({analysis:.1f} s, "
            f"{diagnostics} diagnostics): p50 {statistics.median(latencies):.0f} ms, "
            f"max {max(latencies):.0f} ms, over 100 ms: {sum(t > 100 for t in latencies)}"
        )
    print("load average at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
