"""No input stops the analysis: half-typed, truncated or byte-garbled Go is analysed in
the parts that parse, and no rule raises."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from goleash.config import Settings
from goleash.engine import analyze
from goleash.source import SourceFile

TESTDATA = Path(__file__).parent / "testdata"
SNIPPETS = [
    b"{",
    b"}",
    b"go func(){",
    b"<-",
    b"select {",
    b"\xff\xfe",
    b"make(chan int",
    b"for {",
    b"defer ",
    b"case ",
]


def _mutations(data: bytes, rnd: random.Random, count: int):
    for _ in range(count):
        d = bytearray(data)
        pos = rnd.randrange(len(d) or 1)
        op = rnd.randrange(4)
        if op == 0:
            d = d[:pos]
        elif op == 1:
            del d[pos : pos + rnd.randrange(1, 120)]
        elif op == 2:
            d[pos:pos] = rnd.choice(SNIPPETS)
        elif d:
            d[pos] = rnd.randrange(256)
        yield bytes(d)


@pytest.mark.parametrize(
    "path", sorted(TESTDATA.rglob("*.go")), ids=lambda p: str(p.relative_to(TESTDATA))
)
def test_garbled_fixtures_never_break_a_rule(path: Path) -> None:
    rnd = random.Random(path.name)
    for data in _mutations(path.read_bytes(), rnd, 25):
        report = analyze(SourceFile(str(path), data), settings=Settings(include_generated=True))
        assert not [n for n in report.notes if "internal error" in n], (report.notes, data)
        for f in report.findings:
            assert 0 <= f.span.start_byte <= f.span.end_byte <= len(data)


def test_empty_and_non_go_input() -> None:
    for data in (b"", b"\x00\x01\x02", b"hello world\n", "ça marche\n".encode("latin-1")):
        report = analyze(SourceFile("x.go", data))
        assert report.findings == [] and not report.notes
