"""Keystroke-to-diagnostics latency and memory of `goleash serve`, over real LSP stdio.

For each file measured (by default `runtime/proc.go` of Go's standard library, an
ordinary large file, and a generated 5,000-line file with about 100 leaky functions
and 150 findings), opens it with the debounce at 0 and types as a person does, one
`didChange` at a time, timing each until the `publishDiagnostics` for that version
arrives:

- identifier: a character typed inside an identifier of a function body, then deleted;
- comment: a character typed inside a comment at the end of a body line;
- newline: Enter at the end of a body line, then Backspace (every line below moves);
- brace: `{` at the end of a body line, then deleted (the tree reshapes);
- block comment: `/*` at the end of a body line, then deleted (the rest of the file
  turns into a comment until it is deleted).

Prints p50, p95 and max per kind and over all, then opens 50 files and reads the
server's resident memory from /proc. The machine's load shows in the figures: this
prints them and asserts nothing.

    python bench/lsp_latency.py [--edits 40] [--files 50] [--file F ...] [--lines 5000] [--cpu]

--cpu also replays the same typing in this process, through the server's own path
(re-parse, analysis, the publication's JSON), and prints its CPU time: a figure a
loaded machine inflates less (without the protocol's reading and thread hand-overs).

GOLEASH_BENCH_SERVER overrides the server command (default: this Python, -m goleash serve).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import re
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
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
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
                self.send(
                    {
                        "jsonrpc": "2.0",
                        "id": msg["id"],
                        "result": [None] * len(msg.get("params", {}).get("items", [1])),
                    }
                )
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
    return lambda m: (
        m.get("method") == "textDocument/publishDiagnostics"
        and m["params"]["uri"] == uri
        and m["params"].get("version") == version
    )


STANDARD_FILE = "/usr/lib/go-1.19/src/runtime/proc.go"
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{2,}")
KEYWORDS = frozenset(
    "break case chan const continue default defer else fallthrough for func go goto if import "
    "interface map package range return select struct switch type var".split()
)
KINDS = ("identifier", "comment", "newline", "brace", "block comment")


class Typist:
    """Sends one-change `didChange`s for one open document and times each publication."""

    def __init__(self, client: Client, uri: str, text: str) -> None:
        self.client, self.uri, self.version = client, uri, 1
        self.lines = text.split("\n")

    def change(self, line: int, start: int, end_line: int, end: int, text: str) -> float:
        """Apply one change (UTF-16 = byte columns here: the files are ASCII); ms to its diagnostics."""
        self.version += 1
        change = {
            "range": {
                "start": {"line": line, "character": start},
                "end": {"line": end_line, "character": end},
            },
            "text": text,
        }
        sent = time.perf_counter()
        self.client.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": self.uri, "version": self.version},
                "contentChanges": [change],
            },
        )
        at, _ = self.client.wait(published(self.uri, self.version))
        return (at - sent) * 1000


class _Discard:
    """A transport that drops what the server writes (the in-process replay times the
    building of each message, not its travel)."""

    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass


class InProcessTypist:
    """The same changes through the server's own path in this process (the document's
    incremental re-parse, the session's incremental analysis, and the publication's JSON
    written to nowhere), timed in CPU time of this process: a figure the machine's load
    inflates less, without the protocol's reading and the threads' hand-overs."""

    def __init__(self, name: str, text: str) -> None:
        from goleash.lsp.documents import Document
        from goleash.lsp.server import create_server

        self.server = create_server()
        self.server.protocol.set_writer(_Discard())
        self.doc = Document.open(Path(name).resolve().as_uri(), text, 1)
        self.server.session.open(self.doc)
        self._check_and_publish()
        self.server.session.heap.settle()  # as the server does after a whole-file analysis
        self.version = 1
        self.lines = text.split("\n")

    def _check_and_publish(self) -> None:
        session, doc = self.server.session, self.doc
        result = session.check(doc.snapshot(), session.siblings(doc))
        self.server.publish_result(doc.uri, doc.version, result)

    def change(self, line: int, start: int, end_line: int, end: int, text: str) -> float:
        from lsprotocol import types

        from goleash.lsp.positions import UTF16

        self.version += 1
        rng = types.Range(start=types.Position(line, start), end=types.Position(end_line, end))
        began = time.process_time()
        self.doc.apply(
            [types.TextDocumentContentChangePartial(range=rng, text=text)], self.version, UTF16
        )
        self._check_and_publish()
        return (time.process_time() - began) * 1000


def body_lines(lines: list[str]) -> list[int]:
    """Statement lines inside function bodies (indented, not a comment, not a struct field)."""
    out = []
    depth_in_func = False
    for i, line in enumerate(lines):
        if line.startswith("func "):
            depth_in_func = True
        elif line.startswith("}"):
            depth_in_func = False
        elif (
            depth_in_func
            and line.startswith("\t")
            and line.strip()
            and not line.strip().startswith("//")
            and "`" not in line
        ):
            out.append(i)
    return out


def type_like_a_person(
    client: Client | None,
    uri: str,
    text: str,
    edits: int,
    seed: int = 42,
    typist: Typist | InProcessTypist | None = None,
) -> dict[str, list[float]]:
    if typist is None:
        assert client is not None
        typist = Typist(client, uri, text)
    lines = typist.lines
    rng = random.Random(seed)
    bodies = body_lines(lines)
    times: dict[str, list[float]] = {k: [] for k in KINDS}
    for _ in range(edits):
        row = rng.choice(bodies)
        line = lines[row]
        end = len(line)
        words = [
            m
            for m in IDENTIFIER.finditer(line)
            if m.group() not in KEYWORDS and not line[: m.start()].count('"') % 2
        ]
        if words:  # identifier: a letter in the middle of a name, then Backspace
            m = rng.choice(words)
            at = m.start() + len(m.group()) // 2
            times["identifier"].append(typist.change(row, at, row, at, "q"))
            times["identifier"].append(typist.change(row, at, row, at + 1, ""))
        # comment: " // " once (not timed), then a word typed into it and deleted
        typist.change(row, end, row, end, " // ")
        for i, ch in enumerate("note"):
            times["comment"].append(typist.change(row, end + 4 + i, row, end + 4 + i, ch))
        typist.change(row, end, row, end + 8, "")
        times["newline"].append(typist.change(row, end, row, end, "\n"))
        times["newline"].append(typist.change(row, end, row + 1, 0, ""))
        for kind, opener in (("brace", "{"), ("block comment", "/*")):
            times[kind].append(typist.change(row, end, row, end, opener))
            times[kind].append(typist.change(row, end, row, end + len(opener), ""))
    return times


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def summary(values: list[float]) -> str:
    return (
        f"p50 {statistics.median(values):6.1f} ms  p95 {percentile(values, 95):6.1f} ms  "
        f"max {max(values):6.1f} ms  ({len(values)} edits)"
    )


def measure(client: Client, workdir: Path, name: str, text: str, edits: int) -> list[float]:
    path = workdir / name
    path.write_text(text)
    uri = path.as_uri()
    t0 = time.perf_counter()
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": text}},
    )
    at, msg = client.wait(published(uri, 1))
    print(
        f"{name}: {text.count(chr(10)) + 1} lines, {len(msg['params']['diagnostics'])} diagnostics; "
        f"open -> first diagnostics {(at - t0) * 1000:.0f} ms"
    )
    times = type_like_a_person(client, uri, text, edits)
    everything = [t for values in times.values() for t in values]
    for kind in KINDS:
        if times[kind]:
            print(f"  {kind:14s} {summary(times[kind])}")
    print(f"  {'all':14s} {summary(everything)}  (aim: p50 <= 10 ms, p95 <= 30 ms, max <= 150 ms)")
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    return everything


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--edits", type=int, default=40, help="rounds of typing per file (each round: every kind)"
    )
    ap.add_argument(
        "--lines", type=int, default=5000, help="lines of the generated leak-dense file"
    )
    ap.add_argument(
        "--files", type=int, default=50, help="files open at once for the memory figure"
    )
    ap.add_argument(
        "--file",
        action="append",
        help="measure this Go file (repeatable); default: "
        f"{STANDARD_FILE} and a generated leak-dense file",
    )
    ap.add_argument(
        "--cpu",
        action="store_true",
        help="also time the same typing in this process, in CPU time (no protocol)",
    )
    args = ap.parse_args()

    # The machine's load moves these figures by a factor of two or more: said with them.
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    workdir = Path(tempfile.mkdtemp(prefix="goleash-bench-"))
    files: list[tuple[str, str]] = []
    for f in args.file or []:
        files.append((Path(f).name, Path(f).read_text()))
    if not args.file:
        if Path(STANDARD_FILE).exists():
            files.append(("proc.go", Path(STANDARD_FILE).read_text()))
        else:
            print(
                f"{STANDARD_FILE} not found (apt-get install golang-go): measuring the generated file only"
            )
        files.append(("leaky.go", go_file(args.lines)))

    client = Client(
        os.environ.get("GOLEASH_BENCH_SERVER", f"{sys.executable} -m goleash serve").split()
    )
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
    for i, (name, text) in enumerate(files):
        sub = workdir / f"f{i}"
        sub.mkdir()
        measure(client, sub, name, text, args.edits)
    if args.cpu:
        for name, text in files:
            times = type_like_a_person(
                None, "", text, args.edits, typist=InProcessTypist(name, text)
            )
            print(f"{name}, in process, CPU time of re-parse, analysis and publication:")
            for kind in KINDS:
                if times[kind]:
                    print(f"  {kind:14s} {summary(times[kind])}")
            print(f"  {'all':14s} {summary([t for v in times.values() for t in v])}")

    for i in range(args.files):
        p = workdir / f"pkg{i % 10}" / f"file{i}.go"
        p.parent.mkdir(exist_ok=True)
        t = go_file(args.lines, seed=i + 1) if i == 0 else go_file(args.lines // 5, seed=i + 1)
        p.write_text(t)
        client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": p.as_uri(), "languageId": "go", "version": 1, "text": t}},
        )
        client.wait(published(p.as_uri(), 1))
    print(
        f"resident memory with {args.files} open files (1 x {args.lines} lines + {args.files - 1} x {args.lines // 5} lines): "
        f"{rss_mib(client.proc.pid):.1f} MiB (aim: <= 150 MiB)"
    )
    client.close()
    print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
