"""ERROR_TREES_PARSED_AFRESH (lsp/documents.py): tree-sitter, reusing an edited tree,
may recover from a syntax error otherwise than a parse of the same text from scratch;
what the editor analyses of a broken version is parsed afresh, so that it finds what
`goleash check` finds (seed 239 of the edit-sequence property test, reduced)."""

from lsprotocol import types

from goleash import engine, parsing
from goleash.incremental import IncrementalAnalyzer
from goleash.lsp.documents import Document
from goleash.source import SourceFile

HALF_TYPED = (
    "package p\n\nfunc f() {\n\tstop := make(chan struct{})\n"
    "done := make(chan struct\tdefer func() { close(stop) }()\n"
    "\tgo func() { <-stop }()\n}\n"
)


def _typed_brace() -> tuple[Document, IncrementalAnalyzer]:
    doc = Document.open("file:///work/p/f.go", HALF_TYPED, 1)
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(doc.source(), [])
    at = HALF_TYPED.index("\tdefer")
    where = types.Position(
        line=HALF_TYPED.count("\n", 0, at), character=at - HALF_TYPED.rfind("\n", 0, at) - 1
    )
    doc.apply(
        [
            types.TextDocumentContentChangePartial(
                range=types.Range(start=where, end=where), text="{"
            )
        ],
        2,
        "utf-16",
    )
    return doc, analyzer


def test_the_reused_tree_recovers_otherwise_than_a_fresh_parse():
    doc, _ = _typed_brace()
    assert doc.tree is not None
    assert str(doc.tree.root_node) != str(parsing.parse(doc.data).root_node)


def test_what_is_analysed_of_a_broken_version_is_a_fresh_parse():
    doc, _ = _typed_brace()
    assert str(doc.source().root) == str(parsing.parse(doc.data).root_node)


def test_the_editor_finds_what_a_full_analysis_finds_after_the_edit():
    doc, analyzer = _typed_brace()
    got = analyzer.analyze(doc.source(), [])
    want = engine.analyze(SourceFile(doc.path, doc.data), [], with_fixes=False)
    assert [f.message for f in got.findings] == [f.message for f in want.findings]
