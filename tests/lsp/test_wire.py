"""Diagnostics published from re-based JSON templates (goleash.lsp.wire) are exactly the
diagnostics lsprotocol would serialise, through edits that move findings, re-word the
lines they cite, and put wide characters before their columns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lsprotocol import types

from goleash.lsp import server as server_module
from goleash.lsp.documents import Document
from goleash.lsp.positions import UTF8, UTF16, UTF32
from goleash.lsp.server import GoleashServer

TESTDATA = Path(__file__).resolve().parents[1] / "rules" / "testdata"
# Two findings that cite lines ("wins the select at line 24", "returns at line 13"), one
# with related locations, and a leak of the bench's kind, one after the other.
SOURCE = (
    (TESTDATA / "GL001" / "ctx_done.go").read_text()
    + "\n"
    + "\n".join(
        line
        for line in (TESTDATA / "GL002" / "early_return.go").read_text().splitlines()
        if not line.startswith(("package ", "import "))
    )
    + """
func recvOne(ch chan int) int {
	v := <-ch // é
	return v
}

func startRecvOne() {
	ch := make(chan int)
	go recvOne(ch)
}
"""
)


class Collect:
    def __init__(self) -> None:
        self.last = b""

    def write(self, data: bytes) -> None:
        self.last = data

    def close(self) -> None:
        pass


def _body(data: bytes) -> dict:
    return json.loads(data.partition(b"\r\n\r\n")[2])


def _width(text: str, encoding: str) -> int:
    """`text`'s length in the encoding's units."""
    if encoding == UTF8:
        return len(text.encode())
    if encoding == UTF16:
        return len(text.encode("utf-16-le")) // 2
    return len(text)


def _edits(text: str, encoding: str) -> list[tuple[int, int, int, int, str]]:
    """Enter above everything, wide characters before a finding's column, a note in a
    comment after them, the wide characters gone, a blank line inside the first
    function, the first Enter undone."""
    lines = text.split("\n")
    first_body = next(i for i, line in enumerate(lines) if line.startswith("func ")) + 1
    leak = next(i for i, line in enumerate(lines) if "v := <-ch" in line) + 1  # after the Enter
    wide = "日😋"
    end = _width(lines[leak - 1], encoding) + _width(wide, encoding)
    return [
        (0, 0, 0, 0, "\n"),
        (leak, 1, leak, 1, wide),
        (leak, end, leak, end, " ok"),
        (leak, 1, leak, 1 + _width(wide, encoding), ""),
        (first_body + 1, 0, first_body + 1, 0, "\n"),
        (0, 0, 1, 0, ""),
    ]


@pytest.mark.parametrize("encoding", [UTF16, UTF8, UTF32])
def test_published_diagnostics_equal_lsprotocols_after_every_edit(tmp_path, encoding) -> None:
    path = tmp_path / "leaks.go"
    path.write_text(SOURCE)
    server = GoleashServer()
    server.session.encoding = encoding
    out = Collect()
    server.protocol.set_writer(out)
    uri = path.as_uri()
    doc = Document.open(uri, SOURCE, 1)
    server.session.open(doc)

    def both(version: int) -> tuple[dict, dict]:
        result = server.session.check(doc.snapshot(), server.session.siblings(doc))
        server.publish_result(uri, version, result)
        wire = out.last
        server.publish(uri, version, server.diagnostics_for(uri, result))
        assert wire == out.last  # byte for byte
        return _body(wire), _body(out.last)

    first, _ = both(1)
    rows = sorted(d["range"]["start"]["line"] for d in first["params"]["diagnostics"])
    assert len(rows) >= 3
    assert any("at line" in d["message"] for d in first["params"]["diagnostics"])
    for version, (a, b, c, d, text) in enumerate(_edits(SOURCE, encoding), start=2):
        change = types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(a, b), types.Position(c, d)), text=text
        )
        doc.apply([change], version, encoding)
        published, _ = both(version)
        if version == 2:  # Enter at the top: every diagnostic one row lower, lines cited anew
            moved = sorted(d["range"]["start"]["line"] for d in published["params"]["diagnostics"])
            assert moved == [r + 1 for r in rows]


def test_a_finding_that_only_moved_is_not_converted_again(tmp_path, monkeypatch) -> None:
    path = tmp_path / "leaks.go"
    path.write_text(SOURCE)
    server = GoleashServer()
    server.protocol.set_writer(Collect())
    uri = path.as_uri()
    doc = Document.open(uri, SOURCE, 1)
    server.session.open(doc)
    built = []
    real = server_module.to_diagnostic
    monkeypatch.setattr(
        server_module, "to_diagnostic", lambda *a, **k: built.append(a[0]) or real(*a, **k)
    )
    result = server.session.check(doc.snapshot(), server.session.siblings(doc))
    server.publish_result(uri, 1, result)
    count = len(result.report.findings)
    assert len(built) == count
    for version in (2, 3, 4):  # Enter at the top, three times
        change = types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(0, 0), types.Position(0, 0)), text="\n"
        )
        doc.apply([change], version, UTF16)
        result = server.session.check(doc.snapshot(), server.session.siblings(doc))
        server.publish_result(uri, version, result)
    assert len(result.report.findings) == count
    assert len(built) == count  # re-based, not one of them built again
