"""Keystroke-to-diagnostics latency and memory of `goleash serve`, over real LSP stdio.

Generates a 5,000-line Go file from realistic functions (some of them leaky),
opens it with the debounce at 0, then sends one-character `didChange`s (plain
characters, an opening brace, the start of a comment, each typed and then
deleted again) and times each until the `publishDiagnostics` for that version
arrives. Then opens 50 such files and reads the server's resident memory from
/proc. Prints figures; asserts nothing.

    python bench/lsp_latency.py [--edits 300] [--lines 5000] [--files 50]

GOLEASH_BENCH_SERVER overrides the server command (default: this Python, -m goleash serve).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

TEMPLATES = [
    # leaky: nobody sends on ch
    """func recv{n}(ch chan int) int {{
\tv := <-ch
\treturn v + {n}
}}

func startRecv{n}() {{
\tch := make(chan int)
\tgo recv{n}(ch)
}}
""",
    # leaky: the caller may return before receiving
    """func fetch{n}(ctx context.Context, url string) (string, error) {{
\tresult := make(chan string)
\tgo func() {{
\t\tresult <- strings.ToUpper(url)
\t}}()
\tselect {{
\tcase r := <-result:
\t\treturn r, nil
\tcase <-ctx.Done():
\t\treturn "", ctx.Err()
\t}}
}}
""",
    # clean: buffered result
    """func compute{n}(xs []int) int {{
\tdone := make(chan int, 1)
\tgo func() {{
\t\tsum := 0
\t\tfor _, x := range xs {{
\t\t\tsum += x * {n}
\t\t}}
\t\tdone <- sum
\t}}()
\treturn <-done
}}
""",
    # clean: a worker pool that closes its channel
    """func pool{n}(jobs []string) []string {{
\tout := make(chan string)
\tvar wg sync.WaitGroup
\tfor _, j := range jobs {{
\t\twg.Add(1)
\t\tgo func(j string) {{
\t\t\tdefer wg.Done()
\t\t\tout <- fmt.Sprintf("%s-%d", j, {n})
\t\t}}(j)
\t}}
\tgo func() {{
\t\twg.Wait()
\t\tclose(out)
\t}}()
\tvar res []string
\tfor r := range out {{
\t\tres = append(res, r)
\t}}
\treturn res
}}
""",
    # plain code, no goroutines
    """type record{n} struct {{
\tID   int
\tName string
}}

func (r *record{n}) describe(prefix string) string {{
\tif r == nil {{
\t\treturn prefix
\t}}
\tparts := []string{{prefix, r.Name}}
\tfor i := 0; i < r.ID%5; i++ {{
\t\tparts = append(parts, fmt.Sprint(i))
\t}}
\treturn strings.Join(parts, "/")
}}
""",
]


def go_file(lines: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    out = ['package bench\n\nimport (\n\t"context"\n\t"fmt"\n\t"strings"\n\t"sync"\n)\n\n']
    count = 10
    n = 0
    while count < lines:
        block = rng.choice(TEMPLATES).format(n=n) + "\n"
        out.append(block)
        count += block.count("\n")
        n += 1
    return "".join(out)


class Client:
    """A minimal synchronous LSP client over the server's stdio."""

    def __init__(self, cmd: list[str]) -> None:
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.messages: queue.Queue = queue.Queue()
        self._id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = out.read(length)
            self.messages.put((time.perf_counter(), json.loads(body)))

    def send(self, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params, timeout: float = 60.0):
        self._id += 1
        rid = self._id
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == rid and "method" not in m, timeout)[1]

    def wait(self, match, timeout: float = 60.0):
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("no matching message from the server")
            at, msg = self.messages.get(timeout=left)
            if "method" in msg and "id" in msg:  # a request to us (configuration, ...): answer it
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": [None] * len(msg.get("params", {}).get("items", [1]))})
                continue
            if match(msg):
                return at, msg

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def published(uri: str, version: int):
    return lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri and m["params"].get("version") == version


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edits", type=int, default=300)
    ap.add_argument("--lines", type=int, default=5000)
    ap.add_argument("--files", type=int, default=50)
    ap.add_argument("--file", help="measure edits on this real Go file instead of a generated, leak-dense one")
    args = ap.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="goleash-bench-"))
    text = Path(args.file).read_text() if args.file else go_file(args.lines)
    lines = text.split("\n")
    client = Client(os.environ.get("GOLEASH_BENCH_SERVER", f"{sys.executable} -m goleash serve").split())
    client.request("initialize", {"processId": os.getpid(), "rootUri": workdir.as_uri(), "capabilities": {}, "initializationOptions": {"delay": 0}})
    client.notify("initialized", {})

    path = workdir / "big.go"
    path.write_text(text)
    uri = path.as_uri()
    t0 = time.perf_counter()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": text}})
    at, msg = client.wait(published(uri, 1))
    first = len(msg["params"]["diagnostics"])
    print(f"file: {len(lines)} lines, {len(text.encode())} bytes; open -> first diagnostics: {(at - t0) * 1000:.1f} ms ({first} diagnostics)")

    rng = random.Random(42)
    body_lines = [i for i, l in enumerate(lines) if l.startswith("\t") and l.strip()]
    version = 1
    times: list[float] = []
    kinds = {"char": [], "brace": [], "comment": []}
    for k in range(args.edits // 2):
        row = rng.choice(body_lines)
        col = len(lines[row])
        kind = ("char", "brace", "comment")[k % 3]
        insert = {"char": "x", "brace": "{", "comment": "/"}[kind]
        if kind == "comment":  # make it a comment: "//" at the end of the line, one char at a time
            pass
        for new_text, end_col in ((insert, col), ("", col + 1)):
            version += 1
            change = {"range": {"start": {"line": row, "character": col}, "end": {"line": row, "character": end_col}}, "text": new_text}
            sent = time.perf_counter()
            client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
            at, _ = client.wait(published(uri, version))
            ms = (at - sent) * 1000
            times.append(ms)
            if new_text:
                kinds[kind].append(ms)
        if kind == "comment":
            # Also the full "//" and an opened-but-unclosed "/*".
            for opener in ("//", "/*"):
                version += 1
                change = {"range": {"start": {"line": row, "character": col}, "end": {"line": row, "character": col}}, "text": opener}
                sent = time.perf_counter()
                client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
                at, _ = client.wait(published(uri, version))
                times.append((at - sent) * 1000)
                kinds["comment"].append(times[-1])
                version += 1
                change = {"range": {"start": {"line": row, "character": col}, "end": {"line": row, "character": col + 2}}, "text": ""}
                client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
                client.wait(published(uri, version))

    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"didChange -> publishDiagnostics over {len(times)} one-character edits: median {statistics.median(times):.2f} ms, "
          f"p95 {p95:.2f} ms, max {times[-1]:.2f} ms (aim: median < 10 ms, p95 < 30 ms)")
    for kind, values in kinds.items():
        if values:
            print(f"  {kind:8s} median {statistics.median(values):.2f} ms over {len(values)}")

    for i in range(args.files - 1):
        p = workdir / f"pkg{i % 10}" / f"file{i}.go"
        p.parent.mkdir(exist_ok=True)
        t = go_file(args.lines // 5, seed=i + 1)
        p.write_text(t)
        client.notify("textDocument/didOpen", {"textDocument": {"uri": p.as_uri(), "languageId": "go", "version": 1, "text": t}})
        client.wait(published(p.as_uri(), 1))
    print(f"resident memory with {args.files} open files (1 x {args.lines} lines + {args.files - 1} x {args.lines // 5} lines): "
          f"{rss_mib(client.proc.pid):.1f} MiB (aim: < 150 MiB)")
    client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
