"""The file index the incremental layer puts together from the summaries it keeps
across versions (`IncrementalAnalyzer._seed_index`, `analysis.index.seed_file_index`)
is the index a walk of the current tree gives: the same names, in the same order, with
the nodes of the current version (not of the one a summary was read in). It is made on
first use; the tests make it when the analysis did not.

Seeded random edit sequences, as the incremental property test makes them, over the
rules' fixtures and one file of many declarations, compared after every version."""

from __future__ import annotations

import random

import pytest
from lsprotocol import types

from goleash.analysis.index import FileIndex, file_index
from goleash.incremental import IncrementalAnalyzer
from goleash.lsp.documents import Document
from goleash.lsp.positions import UTF16
from goleash.source import SourceFile
from tests.lsp.test_incremental_property import apply, fixtures, random_edits

pytestmark = pytest.mark.timeout(300)


def _entries(idx: FileIndex) -> dict:
    def where(node):
        return None if node is None else (node.type, node.start_byte, node.end_byte, node.text)

    return {
        "functions": [(k, [where(n) for n in v]) for k, v in idx.functions.items()],
        "methods": [(k, [(r, where(n)) for r, n in v]) for k, v in idx.methods.items()],
        "by_receiver": [(k, [where(n) for n in v]) for k, v in idx.by_receiver.items()],
        "types": [(k, where(v)) for k, v in idx.types.items()],
        "consts": [(k, where(v)) for k, v in idx.consts.items()],
        "globals": [(k, (where(t), where(v))) for k, (t, v) in idx.globals.items()],
    }


def _check(doc: Document, seed: int) -> int:
    """Edit `doc` through seeded random actions; compare the seeded index after each
    version with a walked one. Returns how many versions had a seeded index."""
    rng = random.Random(seed)
    original = doc.data.decode("utf-8")
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(doc.source())
    seeded, version = 0, 1
    for _ in range(6):
        for action in random_edits(rng, doc, original):
            version += 1
            apply(doc, action, version)
            file = doc.source()
            analyzer.analyze(file)
            if not {"_goleash_index_seeds", "_goleash_index"} & file.__dict__.keys():
                continue  # nothing checked again, or half-typed code kept declarations
            seeded += 1
            got = file_index(file)  # (made from the seeds on first use)
            fresh = SourceFile(file.path, file.data)
            assert _entries(got) == _entries(file_index(fresh)), (seed, action, file.data)
            # Nodes of this version's tree (a node of an earlier tree has the same text
            # before the edit, but is no node of this one: comparisons with it fail).
            top = file.root.children
            for nodes in got.functions.values():
                assert all(n in top for n in nodes), (seed, action)
            for entries in got.methods.values():
                assert all(n in top for _, n in entries), (seed, action)
    return seeded


def test_the_seeded_index_equals_a_walk_of_the_tree_after_every_edit():
    files = fixtures()
    seeded = 0
    for seed in range(120):
        path = files[seed * 7 % len(files)]
        doc = Document.open(path.as_uri(), path.read_text(encoding="utf-8"), 1)
        seeded += _check(doc, seed)
    assert seeded > 100  # the comparison ran (not every version analysed anything)


def test_a_method_renamed_and_moved_is_indexed_where_it_is_now():
    text = (
        "package p\n\ntype S struct{ ch chan int }\n\n"
        + "".join(
            f"func (s *S) m{i}() {{\n\tgo func() {{ s.ch <- {i} }}()\n}}\n\n" for i in range(6)
        )
        + "func f() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n}\n"
    )
    doc = Document.open("file:///tmp/p/seeded.go", text, 1)
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(doc.source())
    original = text
    for version, (old, new) in enumerate(
        [("m2()", "m2x()"), ("func f()", "func (s *S) f()"), ("m2x()", "m2()")], start=2
    ):
        text = text.replace(old, new)
        doc.apply([types.TextDocumentContentChangeWholeDocument(text=text)], version, UTF16)
        file = doc.source()
        analyzer.analyze(file)
        assert "_goleash_index" in file.__dict__  # the analysis used the seeded index
        got = file_index(file)
        assert _entries(got) == _entries(file_index(SourceFile(file.path, file.data)))
        top = file.root.children
        assert all(n in top for entries in got.methods.values() for _, n in entries)
    assert text == original.replace("func f()", "func (s *S) f()")
