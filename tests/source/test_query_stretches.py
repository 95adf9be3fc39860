"""A query over a large file runs stretch by stretch (parsing.QUERY_CHUNK_BYTES), so that
the language server can answer other requests between the calls; what it returns must
be what one query over the whole file returns, node for node, in source order (the
second test checks on the rule fixtures' findings that the stretches change nothing)."""

import glob
import os
from pathlib import Path

import pytest

from goleash import parsing
from goleash.analysis.channels import MAKE_CHAN_QUERY
from goleash.rules.base import CANDIDATES_QUERY

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _keys(found: dict) -> dict:
    return {
        name: sorted((n.start_byte, n.end_byte, n.type) for n in nodes)
        for name, nodes in found.items()
    }


def _sources() -> list[bytes]:
    files = sorted(
        glob.glob(os.path.join(ROOT, "tests", "rules", "testdata", "**", "*.go"), recursive=True)
    )
    whole = b"\n".join(Path(p).read_bytes() for p in files)  # many packages' code in one text
    out = [whole]
    big = "/usr/lib/go-1.19/src/net/http/h2_bundle.go"
    if os.path.isfile(big):
        with open(big, "rb") as fh:
            out.append(fh.read())
    return out


@pytest.mark.parametrize("query_text", [CANDIDATES_QUERY, MAKE_CHAN_QUERY, "(comment) @c"])
def test_stretches_give_what_one_query_gives(monkeypatch, query_text):
    for data in _sources():
        root = parsing.parse(data).root_node
        monkeypatch.setattr(parsing, "QUERY_CHUNK_BYTES", 1 << 40)
        whole = _keys(parsing.captures(query_text, root))
        monkeypatch.setattr(parsing, "QUERY_CHUNK_BYTES", 2048)
        assert len(parsing._stretches(root)) > 10
        assert _keys(parsing.captures(query_text, root)) == whole


def test_findings_do_not_depend_on_the_stretches(monkeypatch):
    from goleash.engine import analyze
    from goleash.source import SourceFile

    paths = sorted(glob.glob(os.path.join(ROOT, "tests", "rules", "testdata", "GL00*", "*.go")))
    assert len(paths) > 40

    def findings(chunk: int) -> list:
        monkeypatch.setattr(parsing, "QUERY_CHUNK_BYTES", chunk)
        out = []
        for p in paths:
            with open(p, "rb") as fh:
                report = analyze(SourceFile(p, fh.read()), with_fixes=True)
            out += [
                (f.code, f.message, f.span.start_byte, f.related, f.fixes) for f in report.findings
            ]
        return out

    assert findings(256) == findings(1 << 40)


@pytest.mark.parametrize("query_text", [CANDIDATES_QUERY, MAKE_CHAN_QUERY, "(comment) @c"])
def test_read_from_matches_the_captures_are_tree_sitters_in_source_order(query_text):
    # parsing.captures reads the query's matches (cheaper than capture mode): it must
    # find exactly the nodes capture mode finds, each once, listed by position.
    from tree_sitter import QueryCursor

    for data in _sources():
        root = parsing.parse(data).root_node
        ours = parsing.captures(query_text, root)
        theirs = QueryCursor(parsing.query(query_text)).captures(root)
        assert _keys(ours) == _keys(theirs)
        for nodes in ours.values():
            spans = [(n.start_byte, n.end_byte, n.kind_id) for n in nodes]
            assert spans == sorted(spans) and len(set(spans)) == len(spans)
