"""The server says a file was not fully analysed, as `goleash check` does (there with
exit status 2): a warning in the log naming the file and the rule, the other
rules' diagnostics still shown."""

from __future__ import annotations

import sys

from tests.protocol.rawserver import RawServer

# A server whose GL018 always raises: a stand-in for any bug in a rule.
FAILING_RULE_SERVER = [
    sys.executable,
    "-c",
    """
import dataclasses, sys
from goleash import engine

def check(ctx):
    raise RecursionError("maximum recursion depth exceeded")

engine.ALL_RULES = tuple(dataclasses.replace(r, check=check) if r.code == "GL018" else r for r in engine.ALL_RULES)
from goleash.cli.main import main
sys.exit(main(["serve"]))
""",
]

LEAKY = "package p\n\nfunc f() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n}\n"


def test_the_log_says_which_file_and_rule_were_not_analysed(tmp_path):
    uri = (tmp_path / "leaky.go").as_uri()
    server = RawServer(command=FAILING_RULE_SERVER)
    try:
        server.initialize({}, initializationOptions={"delay": 0})
        server.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "go", "version": 1, "text": LEAKY}},
        )
        published = server.wait_for(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
            ),
            timeout=60,
        )
        assert [d["code"] for d in published["params"]["diagnostics"]] == ["GL003"]
        logged = [m["params"] for m in server.seen if m.get("method") == "window/logMessage"]
        warnings = [
            p["message"] for p in logged if p["type"] == 2 and "not fully analysed" in p["message"]
        ]
        assert len(warnings) == 1 and "leaky.go" in warnings[0] and "GL018" in warnings[0], logged
    finally:
        server.close()
