"""apply_edits validation, adding imports gofmt-style, and the suppression comment edit."""

from __future__ import annotations

import pytest

from goleash.engine import analyze_source
from goleash.fixes import EditError, apply_edits, ensure_import, suppression_edit
from goleash.model import Finding, Location, Point, Severity, Span, TextEdit
from goleash.source import SourceFile

from .gotools import gofmt_diff, needs_gofmt
from .snippets import go


def test_apply_edits_in_any_order_and_insertions_at_one_point_keep_their_order():
    data = b"abcdef"
    edits = [TextEdit(4, 6, "XY"), TextEdit(0, 0, "1"), TextEdit(0, 0, "2"), TextEdit(2, 3, "")]
    assert apply_edits(data, edits) == b"12abdXY"


@pytest.mark.parametrize(
    "edits, message",
    [
        ([TextEdit(0, 3, "x"), TextEdit(2, 4, "y")], "overlaps"),
        ([TextEdit(5, 9, "x")], "outside"),
        ([TextEdit(3, 2, "x")], "outside"),
        ([TextEdit(-1, 0, "x")], "outside"),
    ],
)
def test_apply_edits_rejects_bad_edits(edits, message):
    with pytest.raises(EditError, match=message):
        apply_edits(b"abcdef", edits)


def test_apply_edits_rejects_splitting_a_character():
    data = "é".encode()
    with pytest.raises(EditError, match="UTF-8"):
        apply_edits(data, [TextEdit(1, 1, "x")])
    assert apply_edits(data, [TextEdit(2, 2, "x")]) == "éx".encode()


def _with_import(src: bytes) -> bytes:
    edit = ensure_import(SourceFile("x.go", src), "context")
    assert edit is not None
    return apply_edits(src, [edit])


@needs_gofmt
@pytest.mark.parametrize(
    "before, after",
    [
        ("package p\n\nfunc f() {}\n", 'package p\n\nimport "context"\n\nfunc f() {}\n'),
        (
            'package p\n\nimport "fmt"\n\nvar _ = fmt.Sprint\n',
            'package p\n\nimport (\n\t"context"\n\t"fmt"\n)\n\nvar _ = fmt.Sprint\n',
        ),
        (
            'package p\n\nimport (\n\t"errors"\n\t"fmt" // printing\n\n\t"example.com/x"\n)\n',
            'package p\n\nimport (\n\t"context"\n\t"errors"\n\t"fmt" // printing\n\n\t"example.com/x"\n)\n',
        ),
        (
            'package p\n\nimport (\n\t"bytes"\n\t"bufio"\n)\n',
            'package p\n\nimport (\n\t"bytes"\n\t"bufio"\n\t"context"\n)\n',
        ),
    ],
)
def test_ensure_import_is_gofmt_clean(before, after):
    out = _with_import(before.encode())
    assert out.decode() == after
    if "bufio" not in after:  # the last case keeps the (unsorted) input's order
        assert gofmt_diff(out) == ""


def test_ensure_import_does_nothing_when_present():
    assert ensure_import(SourceFile("x.go", b'package p\n\nimport "context"\n'), "context") is None


def _finding_at(src: bytes, row: int) -> Finding:
    line = src.split(b"\n")[row]
    col = len(line) - len(line.lstrip(b"\t"))
    start = sum(len(text) + 1 for text in src.split(b"\n")[:row]) + col
    return Finding(
        "GL003",
        "orphaned-goroutine",
        "m",
        Location("x.go", Span(start, start + 1, Point(row, col), Point(row, col + 1))),
        Severity.WARNING,
    )


LEAKY = go("""
    package p

    func f() {
    	ch := make(chan int)
    	go func() {
    		<-ch
    	}()
    	x := 1 // one
    	y := 2 // two
    	_, _ = x, y
    }
    """)


@needs_gofmt
def test_suppression_at_end_of_line_silences_the_finding():
    report = analyze_source(LEAKY, "x.go")
    [finding] = [f for f in report.findings if f.code == "GL003"]
    file = SourceFile("x.go", LEAKY)
    out = apply_edits(LEAKY, [suppression_edit(file, finding)])
    assert b"\t\t<-ch //goleash:ignore GL003\n" in out
    assert gofmt_diff(out) == ""
    after = analyze_source(out, "x.go")
    assert not [f for f in after.findings if f.code in ("GL003", "GL100")], after.findings


@needs_gofmt
def test_suppression_goes_above_a_line_with_a_comment_or_next_to_aligned_comments():
    file = SourceFile("x.go", LEAKY)
    out = apply_edits(LEAKY, [suppression_edit(file, _finding_at(LEAKY, 7))])
    assert b"\t//goleash:ignore GL003\n\tx := 1 // one\n" in out
    assert gofmt_diff(out) == ""
    # The line before `x := 1 // one` has no comment, but its neighbour does: gofmt would align.
    out = apply_edits(LEAKY, [suppression_edit(file, _finding_at(LEAKY, 6))])
    assert b"\t\t//goleash:ignore GL003\n\t}()\n" in out
    assert gofmt_diff(out) == ""


def test_suppression_extends_an_existing_ignore():
    src = b"package p\n\nfunc f() {\n\tx := 1 //goleash:ignore GL001\n\t_ = x\n}\n"
    file = SourceFile("x.go", src)
    out = apply_edits(src, [suppression_edit(file, _finding_at(src, 3))])
    assert b"x := 1 //goleash:ignore GL001,GL003\n" in out
    same = src.replace(b"GL001", b"GL003")
    assert suppression_edit(SourceFile("x.go", same), _finding_at(same, 3)) is None


@needs_gofmt
def test_remove_unused_suppressions_keeps_other_linters_and_alignment():
    from goleash.fixes import remove_suppression

    src = go("""
        package p

        func f() {
        	x := 1      //goleash:ignore GL003
        	yyyyyy := 2 // keep me
        	//nolint:goleash
        	z := 3 //nolint:goleash,errcheck
        	_, _, _ = x, yyyyyy, z
        }
        """)
    report = analyze_source(src, "x.go")
    unused = [f for f in report.findings if f.code == "GL100"]
    assert len(unused) == 3, report.findings
    file = SourceFile("x.go", src)
    fixes = [remove_suppression(file, f) for f in unused]
    trailing, own_line, shared = fixes
    assert shared is None  # errcheck still needs that comment
    out = apply_edits(src, trailing.edits)
    assert b"\tx := 1\n\tyyyyyy := 2 // keep me\n" in out and gofmt_diff(out) == ""
    out = apply_edits(src, own_line.edits)
    assert b"nolint:goleash\n" not in out and gofmt_diff(out) == ""


def test_edits_of_several_files_apply_each_to_its_own_file():
    from goleash.fixes import apply_to_files
    from goleash.fixes.edits import by_file

    texts = {"/p/a.go": b"package p\n", "/p/b.go": b"package p\n\nfunc f() {}\n"}
    edits = [
        TextEdit(9, 9, " // a"),
        TextEdit(0, 0, "// b\n", "/p/b.go"),
        TextEdit(9, 9, " // b", "/p/b.go"),
    ]
    assert list(by_file(edits, "/p/a.go")) == ["/p/a.go", "/p/b.go"]
    assert apply_to_files(texts, edits, "/p/a.go") == {
        "/p/a.go": b"package p // a\n",
        "/p/b.go": b"// b\npackage p // b\n\nfunc f() {}\n",
    }
    # Only the files it edits: a fix that edits nothing of a.go leaves it out.
    assert list(apply_to_files(texts, edits[1:], "/p/a.go")) == ["/p/b.go"]
    with pytest.raises(EditError, match="not at hand"):
        apply_to_files(texts, [TextEdit(0, 0, "x", "/p/c.go")], "/p/a.go")
    with pytest.raises(EditError, match="outside the source"):
        apply_to_files(texts, [TextEdit(0, 99, "x", "/p/b.go")], "/p/a.go")


def test_an_edit_of_another_file_never_lands_in_this_one():
    with pytest.raises(EditError, match=r"is for /p/b\.go"):
        apply_edits(b"package p\n", [TextEdit(0, 0, "x", "/p/b.go")])
    assert (
        apply_edits(b"package p\n", [TextEdit(0, 0, "// x\n", "/p/b.go")], path="/p/b.go")
        == b"// x\npackage p\n"
    )


def test_edits_overlap_only_within_one_file():
    from goleash.fixes.edits import overlaps

    here = [TextEdit(0, 5, "x")]
    there = [TextEdit(0, 5, "y", "/p/b.go")]
    assert not overlaps(here, there, "/p/a.go", "/p/a.go")
    assert overlaps(here, there, "/p/b.go", "/p/a.go")  # `here` belongs to a finding of b.go
    assert overlaps(there, [TextEdit(3, 4, "z", "/p/b.go")])


def test_a_file_that_parsed_must_still_parse_and_a_broken_one_must_not_get_worse():
    from goleash.fixes.edits import still_parses

    assert still_parses(b"package p\n", b"package p\n\nfunc f() {}\n")
    assert not still_parses(b"package p\n", b"package p\n\nfunc f() {\n")
    broken = b"package p\n\nfunc f( {}\n"
    assert still_parses(broken, broken + b"// more\n")
    assert not still_parses(broken, broken + b"func g( {}\nfunc h( {}\n")
