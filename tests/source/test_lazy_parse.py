"""A file is parsed only when something asks for its tree, and the package index asks
only for the files whose text could declare the name looked up (MAY_DECLARE_BY_TEXT).
The text test must never miss a declaration tree-sitter sees: checked here on every Go
file of the repository (and of the Go standard library when it is installed)."""

import glob
import os
import re

import pytest

from goleash import parsing
from goleash.analysis.index import (
    _DECLARING_SPOTS,
    PackageIndex,
    declaring_words,
    file_index,
    may_declare,
)
from goleash.source import SourceFile, spells_word

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _go_files() -> list[str]:
    found = sorted(glob.glob(os.path.join(ROOT, "tests", "**", "*.go"), recursive=True))
    found += sorted(glob.glob(os.path.join(ROOT, "examples", "**", "*.go"), recursive=True))
    std = sorted(glob.glob("/usr/lib/go-1.*/src/*/*.go"))
    return found + std[:: max(1, len(std) // 400)]


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def test_nothing_is_parsed_until_the_tree_is_asked_for(monkeypatch):
    calls = []
    real = parsing.parse
    monkeypatch.setattr(parsing, "parse", lambda data, *a: calls.append(data) or real(data, *a))
    f = SourceFile("a.go", b"// Package a.\npackage a\n\nfunc F() {}\n")
    assert f.package_name == "a" and not f.parsed and calls == []
    assert f.root.type == "source_file" and f.parsed and len(calls) == 1
    f.tree  # noqa: B018 - asked again: still one parse
    assert len(calls) == 1


@pytest.mark.parametrize(
    "data, name",
    [
        (b"package a\n", "a"),
        (b"/* x */\n// y\npackage b // z\n", "b"),
        (b"\xef\xbb\xbfpackage c\n", "c"),  # a byte-order mark: the tree decides
        (b"package\n\td\n", "d"),  # odd layout: the tree decides
        (b"packagee\n", None),
        (b"func main() {}\n", None),
    ],
)
def test_the_package_name_read_from_the_text_agrees_with_the_tree(data, name):
    assert SourceFile("a.go", data).package_name == name


def test_whole_words_only():
    assert spells_word(b"x := len(a)", b"len")
    assert not spells_word(b"x := length(a)", b"len")
    assert not spells_word(b"x := lenient", b"len")
    assert not spells_word(b"x := \xc3\xa9len", b"len")  # part of a longer (non-ASCII) name
    assert spells_word(b"len", b"len")


@pytest.mark.parametrize(
    "table, text, declares",
    [
        ("functions", b"func run() {}", True),
        ("functions", b"func\trun[T any]() {}", True),
        ("functions", b"\trun()\n", False),
        ("functions", b"go s.run()", False),
        ("methods", b"func (s *S) run() {}", True),
        ("methods", b"func (s S[K]) run() {}", True),
        ("methods", b"s.run()", False),
        ("types", b"type Conn struct{}", True),
        ("types", b"type (\n\tConn struct{}\n)", True),
        ("types", b"var c *Conn", False),
        ("consts", b"const size = 4", True),
        ("consts", b"const (\n\tsmall, size = 1, 4\n)", True),
        ("consts", b"x := size * 2", False),
        ("consts", b"x := make([]int, size)", True),  # a superset: after a comma
        ("globals", b"var queue = make(chan int)", True),
        ("globals", b"var a, queue chan int", True),
        ("globals", b"var (\n\tqueue chan int\n)", True),
        ("globals", b"x := <-queue", False),
    ],
)
def test_where_a_declaration_can_stand(table, text, declares):
    name = {
        "functions": b"run",
        "methods": b"run",
        "types": b"Conn",
        "consts": b"size",
        "globals": b"queue",
    }[table]
    assert may_declare(text, name, _DECLARING_SPOTS[table]) is declares


@pytest.mark.parametrize("table", ["functions", "methods"])
def test_the_words_found_once_per_file_are_exactly_what_may_declare_accepts(table):
    # The index answers these tables from one set per file; it must say what the
    # word-by-word test says for every word of every file, including non-ASCII names,
    # words glued to a keyword (`funcs`) and a keyword inside a longer word (`myfunc f`).
    spots = _DECLARING_SPOTS[table]
    extra = (
        b"myfunc f\nfuncs g\nfunc\th\n(x)\ti\n(y)j \xc3\xa9t\xc3\xa9 func \xc3\xa9t\xc3\xa9 func"
    )
    checked = 0
    for data in [extra] + [_read(path) for path in _go_files()[::4]]:
        words = declaring_words(data, spots)
        for word in set(re.findall(rb"[A-Za-z0-9_\x80-\xff]+", data)):
            assert (word in words) is may_declare(data, word, spots), (table, word)
            checked += 1
    assert checked > 1000


def test_the_text_test_never_misses_what_the_tree_declares():
    checked = 0
    for path in _go_files():
        with open(path, "rb") as fh:
            data = fh.read()
        index = file_index(SourceFile(path, data))
        for table, spots in _DECLARING_SPOTS.items():
            for name in getattr(index, table):
                assert may_declare(data, name.encode(), spots), (path, table, name)
                checked += 1
    assert checked > 500


def test_a_lookup_parses_only_the_files_that_may_declare_the_name():
    files = [
        SourceFile("p/a.go", b"package p\n\nfunc worker(ch chan int) { ch <- 1 }\n"),
        SourceFile("p/b.go", b"package p\n\nfunc other() { worker(nil) }\n"),
        SourceFile("p/c.go", b"package p\n\nconst n = 3\n"),
    ]
    index = PackageIndex(files)
    (found,) = index.lookup("functions", "worker")
    assert found[0].path == "p/a.go"
    assert [f.parsed for f in files] == [True, False, False]
    assert index.lookup("consts", "n")[0][0].path == "p/c.go"
    assert index.lookup("functions", "len") == []
    assert [f.parsed for f in files] == [True, False, True]


@pytest.mark.parametrize(
    "data, generated",
    [
        (b"// Code generated by stringer. DO NOT EDIT.\n\npackage a\n", True),
        (b"// Copyright 2026.\n\n// Code generated by x. DO NOT EDIT.\npackage a\n", True),
        # Go's convention: the marker counts only before the package clause.
        (b"package a\n\n// Code generated by x. DO NOT EDIT.\n", False),
        (b"// Package a does things.\npackage a\n\n// Code generated by x. DO NOT EDIT.\n", False),
    ],
)
def test_the_generated_marker_counts_only_before_the_package_clause(data, generated):
    assert SourceFile("a.go", data).is_generated is generated


def test_a_constructor_in_a_file_without_channels_is_not_parsed_to_be_ruled_out():
    # CONSTRUCTOR_BY_TEXT, STARTER_BY_TEXT: `s := newStore()` asks whether the constructor makes channel
    # fields; a file spelling no `chan` cannot, and is not parsed to learn it. The one
    # that does is, and its channel field is followed into the caller.
    from goleash.engine import analyze

    main = SourceFile(
        "p/main.go",
        b"package p\n\nfunc run() int {\n\ts := newStore()\n\tw := newWorker()\n"
        b"\tgo func() { w.out <- 1 }()\n\treturn s.n\n}\n",
    )
    store = SourceFile(
        "p/store.go",
        b"package p\n\ntype store struct{ n int }\n\nfunc newStore() *store { return &store{} }\n",
    )
    worker = SourceFile(
        "p/worker.go",
        b"package p\n\ntype worker struct{ out chan int }\n\n"
        b"func newWorker() *worker { return &worker{out: make(chan int)} }\n",
    )
    report = analyze(main, [store, worker])
    assert not store.parsed and worker.parsed
    assert [f.code for f in report.findings] == ["GL003"]
