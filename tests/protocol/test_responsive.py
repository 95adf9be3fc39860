"""A long analysis does not hold the server: other documents are answered meanwhile.

A generated file of about 4 MB (a few thousand small functions, one in twenty
leaking) takes seconds to analyse. While it is analysed, a hover on a small
document opened after it must be answered, and before that analysis is done.
"""

from __future__ import annotations

import time

from tests.protocol.rawserver import RawServer

SMALL = "package small\n\nfunc f() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n}\n"


def generated(target: int = 3_900_000) -> str:
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


def test_hover_on_a_small_document_while_a_big_one_is_analysed(tmp_path):
    big_uri, small_uri = (
        (tmp_path / "big" / "big.go").as_uri(),
        (tmp_path / "small" / "small.go").as_uri(),
    )
    server = RawServer()
    try:
        server.initialize({}, initializationOptions={"delay": 0})
        server.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": big_uri,
                    "languageId": "go",
                    "version": 1,
                    "text": generated(),
                }
            },
        )
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": small_uri, "languageId": "go", "version": 1, "text": SMALL}},
        )
        # Once the small one's own diagnostics are out, the big one is being analysed.
        server.wait_for(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == small_uri
            ),
            timeout=120,
        )
        asked = time.monotonic()
        server.request(
            "hover",
            "textDocument/hover",
            {"textDocument": {"uri": small_uri}, "position": {"line": 4, "character": 15}},
        )
        reply = server.response("hover", timeout=120)
        answered = time.monotonic() - asked
        assert "error" not in reply and "GL" in reply["result"]["contents"]["value"], reply
        big_published = [
            m
            for m in server.seen
            if m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == big_uri
        ]
        assert big_published == [], (
            f"the hover waited for the big file's analysis ({answered:.2f}s)"
        )
        # The big one does finish, with its findings, after the hover was answered.
        done = server.wait_for(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == big_uri
            ),
            timeout=600,
        )
        assert len(done["params"]["diagnostics"]) > 1000
        print(f"hover answered in {answered * 1000:.0f} ms while the big file was analysed")
    finally:
        server.close()
