"""Every Go fixture under testdata/ is analysed and checked against its `// want` comments.

testdata/<CODE>/<name>.go is a one-file package; testdata/<CODE>/<dir>/ is a package of
several files (each analysed with the others as siblings). Files without any
`// want` are near misses: they must produce no finding at all.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from goleash.engine import analyze
from goleash.source import SourceFile

from .wantcomments import compare, parse_wants

TESTDATA = Path(__file__).parent / "testdata"


def _fixtures() -> list[Path]:
    return sorted(p for p in TESTDATA.rglob("*.go"))


def _siblings(path: Path) -> list[SourceFile]:
    if path.parent.parent == TESTDATA:  # one-file package
        return []
    return [
        SourceFile(str(p), p.read_bytes()) for p in sorted(path.parent.glob("*.go")) if p != path
    ]


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: str(p.relative_to(TESTDATA)))
def test_fixture(path: Path) -> None:
    data = path.read_bytes()
    report = analyze(SourceFile(str(path), data), _siblings(path))
    assert not report.notes, report.notes
    wants = parse_wants(str(path), data.decode())
    problems = compare(report.findings, wants)
    assert not problems, "\n".join(problems)
    # `check -j N` sends each report, with the package facts it recorded, from its
    # worker process to the parent by pickling.
    assert pickle.loads(pickle.dumps(report)).findings == report.findings


def test_every_rule_has_leaky_and_clean_fixtures() -> None:
    from goleash.rules import ALL_RULES

    for rule in ALL_RULES:
        folder = TESTDATA / rule.code
        files = list(folder.rglob("*.go")) if folder.is_dir() else []
        leaky = [f for f in files if "// want" in f.read_text()]
        clean = [f for f in files if "// want" not in f.read_text()]
        assert len(leaky) >= 2, f"{rule.code} needs several leaky fixtures, has {len(leaky)}"
        assert len(clean) >= 1, f"{rule.code} needs near-miss clean fixtures"


def test_want_parser_rejects_malformed_comments() -> None:
    with pytest.raises(ValueError):
        parse_wants("x.go", "x := 1 // want blocks\n")


def test_harness_reports_missing_and_unexpected() -> None:
    from goleash.engine import analyze_source

    src = b'package p\n\nfunc f() {\n\tch := make(chan int)\n\tgo func() { <-ch }() // want "nothing"\n}\n'
    report = analyze_source(src, "p.go")
    wants = parse_wants("p.go", '\n\n\n\n// want "this matches nothing"\n')
    problems = compare(report.findings, wants)
    assert any(p.startswith("missing finding") for p in problems)
    assert any(p.startswith("unexpected finding") for p in problems)
