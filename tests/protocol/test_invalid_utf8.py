"""Text that is not valid UTF-8 (a lone surrogate from the editor, a stray byte in a
file next to it) is analysed, never answered with an error or a traceback."""

from __future__ import annotations

from tests.protocol.rawserver import RawServer

# "\ud800" arrives as a lone surrogate: in the server's bytes, invalid UTF-8.
TEXT = (
    'package p\n\nimport "context"\n\ntype S struct{ ch\ud800 chan int }\n\n'
    "func F\ud800(ctx context.Context) {\n\tcc\ud800 := make(chan in\ud800t)\n\tgo func() { cc\ud800 <- 1 }()\n"
    "\tvar n\ud800 chan i\ud800nt\n\tgo func() { <-n\ud800 }()\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n"
    "\tgo work\ud800(ch)\n}\n"
)
SIBLING = b"package p\n\nfunc work\xff(c chan int) { c <- 1 }\nfunc other(c chan i\xffnt) { <-c }\n"


def test_invalid_utf8_is_analysed_and_every_request_answered(tmp_path):
    (tmp_path / "sibling.go").write_bytes(SIBLING)
    uri = (tmp_path / "p.go").as_uri()
    server = RawServer()
    try:
        server.initialize({}, rootUri=tmp_path.as_uri(), initializationOptions={"delay": 0})
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": TEXT}},
        )
        published = server.wait_for(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            ),
            timeout=60,
        )
        diagnostics = published["params"]["diagnostics"]
        assert diagnostics  # the leak on `ch` at least
        everything = {"start": {"line": 0, "character": 0}, "end": {"line": 20, "character": 0}}
        server.request(
            "actions",
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": everything,
                "context": {"diagnostics": diagnostics},
            },
        )
        actions = server.response("actions")
        assert "error" not in actions and actions["result"], actions
        for d in diagnostics:
            server.request(
                "hover",
                "textDocument/hover",
                {"textDocument": {"uri": uri}, "position": d["range"]["start"]},
            )
            reply = server.response("hover")
            assert "error" not in reply and reply["result"] is not None
        assert not [m for m in server.seen if m.get("method") == "window/showMessage"]
        warnings = [
            m["params"]["message"]
            for m in server.seen
            if m.get("method") == "window/logMessage" and m["params"]["type"] <= 2
        ]
        assert warnings == []
    finally:
        server.proc.stdin.close()
        server.proc.wait(30)
        stderr = server.proc.stderr.read().decode("utf-8", "replace")
        server.close()
    assert "UnicodeDecodeError" not in stderr and "Traceback" not in stderr, stderr[-3000:]


def test_check_reports_invalid_utf8_as_one_clear_error(tmp_path):
    import subprocess
    import sys

    (tmp_path / "sibling.go").write_bytes(SIBLING)
    run = subprocess.run(
        [sys.executable, "-m", "goleash", "check", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "sibling.go: error: not valid UTF-8 (byte 0xff at offset 20)" in run.stderr
    assert "Traceback" not in run.stderr


def test_positions_survive_the_replacement():
    from goleash.source import encode_text, valid_utf8

    text = 'x := "\ud800" // é\udfff😋'
    assert len(encode_text(text)) == len(text.encode("utf-8", "surrogatepass"))
    assert encode_text(text).decode("utf-8").encode("utf-16-le").__len__() == len(
        text.encode("utf-16-le", "surrogatepass")
    )
    assert valid_utf8(b"ok\xffok").decode("utf-8") == "ok\ufffdok"
    assert valid_utf8(b"fine") == b"fine"
