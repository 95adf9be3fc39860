"""Comment alignment looked at in a window of lines around each group of edits.

`with_aligned_comments` used to apply a fix's edits to the whole file, split it into
lines and parse it, once per fix next to a comment: quadratic in the fixes of a file.
It now parses only a window around each group of nearby edits, grown over the comment
blocks that reach it and kept out of strings and comments spanning lines. These tests
check that the window gives the file the whole-file alignment gives, on cases built to
catch a window cut in the wrong place and on seeded random edits of the fixtures, and
that the parsing grows linearly with the fixes of a file.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from goleash import parsing
from goleash.engine import analyze_source
from goleash.fixes import EditError, align, apply_edits
from goleash.fixes.edits import validate
from goleash.lineindex import LineIndex
from goleash.model import TextEdit

from .gotools import gofmt_diff, needs_gofmt

TESTS = Path(__file__).resolve().parents[1]


def whole_file_alignment(data: bytes, edits: list[TextEdit]) -> bytes:
    """What the file becomes when the edits are applied to all of it and every comment
    block next to them is aligned from a parse of the whole file."""
    ordered = validate(data, edits)
    edited, rows = align._rows_touched(data, ordered, 0, len(data))
    return align.realign(edited, rows)


def windowed(data: bytes, edits: list[TextEdit]) -> bytes:
    lines, tree = LineIndex(data), parsing.parse(data)
    return apply_edits(data, align.with_aligned_comments(data, edits, lines, tree))


def insert_before(data: bytes, anchor: bytes, text: str) -> TextEdit:
    at = data.index(anchor)
    return TextEdit(at, at, text)


def replace(data: bytes, old: bytes, new: str) -> TextEdit:
    at = data.index(old)
    return TextEdit(at, at + len(old), new)


# A raw string whose lines look like commented code, then a block of aligned comments.
RAW_THEN_BLOCK = b"""package p

const usage = `
	x := 1 // not a comment
	yy := 2 // nor this
` // the usage text

var (
	a   = 1 // one
	bbb = 2 // two
	cc  = 3 // three
)
"""

# A block comment spanning lines, whose last line ends a trailing-comment block.
SPANNING_COMMENT = b"""package p

func f() {
	/* a note
	over lines */ x := 1 // set
	yy := 2 // and this
	z := 3 // last
	_, _, _ = x, yy, z
}
"""

# A long block with a fix's edits at both of its ends and a removed comment beside it.
LONG_BLOCK = b"""package p

import "fmt"

type T struct {
	a    int    // first
	bb   string // second
	ccc  bool   // third
	dddd int    // fourth
	e    int    // fifth
}

func g() {
	fmt.Println(1) //goleash:ignore GL003
	v := 2         // value
	_ = v
}
"""


@pytest.mark.parametrize(
    "data, edits",
    [
        (RAW_THEN_BLOCK, lambda d: [replace(d, b"bbb = 2", "bbbbbbbb = 2")]),
        (RAW_THEN_BLOCK, lambda d: [insert_before(d, b"\tyy := 2", "\tlonger := 3 // x\n")]),
        (SPANNING_COMMENT, lambda d: [replace(d, b"yy := 2", "yyyyyy := 2")]),
        (SPANNING_COMMENT, lambda d: [insert_before(d, b"\t_, _, _", "\tw := 4\n")]),
        (
            LONG_BLOCK,
            lambda d: [
                replace(d, b"a    int", "a int"),
                replace(d, b"e    int", "eeeeeeeeee int"),
            ],
        ),
        (
            LONG_BLOCK,
            lambda d: [
                replace(d, b'"fmt"', '"fmt"\n\t"sync"'),
                replace(d, b" //goleash:ignore GL003", ""),
                replace(d, b"dddd int", "dddd sync.Mutex"),
            ],
        ),
    ],
    ids=[
        "raw-string-above",
        "raw-string-line-inserted",
        "spanning-comment",
        "spanning-comment-below",
        "both-ends-of-a-block",
        "three-groups",
    ],
)
def test_the_window_aligns_as_the_whole_file_does(data: bytes, edits) -> None:
    made = edits(data)
    assert windowed(data, made) == whole_file_alignment(data, made)


STATEMENTS = b"""package p

func h() {
	a := 1    // first
	bb := 2   // second
	cccc := 3 // third
	d := 4    // fourth
	_, _, _, _ = a, bb, cccc, d
}
"""


@needs_gofmt
def test_a_block_edited_at_both_ends_is_left_gofmt_clean() -> None:
    made = [
        replace(STATEMENTS, b"a := 1   ", "aaaaaaaaaa := 1"),
        replace(STATEMENTS, b"d := 4   ", "d := 4\n\te := 5 // fifth"),
    ]
    result = windowed(STATEMENTS, made)
    assert gofmt_diff(result) == ""
    assert result != apply_edits(STATEMENTS, made)  # the neighbours' padding did change
    assert result == whole_file_alignment(STATEMENTS, made)


def random_edits(data: bytes, lines: LineIndex, rows: list[int], rng: random.Random) -> list:
    """One to three edits near lines with trailing comments: a line inserted or deleted,
    text typed into a line or cut from it (anywhere: code, strings, comments)."""
    edits = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        row = max(0, min(rng.choice(rows) + rng.randint(-2, 2), len(lines.starts) - 1))
        start, text = lines.starts[row], lines.line_text(row)
        kind = rng.randrange(4)
        if kind == 0:
            edits.append(TextEdit(start, start, "\tfresh := make(chan int, 1)\n"))
        elif kind == 1 and text:
            at = start + rng.randrange(len(text))
            edits.append(TextEdit(at, at, "wider"))
        elif kind == 2:
            end = lines.starts[row + 1] if row + 1 < len(lines.starts) else len(data)
            edits.append(TextEdit(start, end, ""))
        elif text:
            a = rng.randrange(len(text))
            edits.append(TextEdit(start + a, start + min(len(text), a + rng.randint(1, 6)), ""))
    edits.sort(key=lambda e: e.start_byte)
    return edits


def test_random_edits_next_to_comments_align_as_the_whole_file_does() -> None:
    rng = random.Random(15)
    files = sorted((TESTS / "rules" / "testdata").rglob("*.go"))
    files += sorted((TESTS / "engine" / "idioms").rglob("*.go"))
    compared = 0
    for path in files:
        data = path.read_bytes()
        lines = LineIndex(data)
        rows = [r for r in range(len(lines.starts)) if b" // " in lines.line_text(r)]
        if not rows:
            continue
        tree = parsing.parse(data)
        for _ in range(6):
            edits = random_edits(data, lines, rows, rng)
            try:
                validate(data, edits)
                got = align.with_aligned_comments(data, edits, lines, tree)
            except EditError:
                continue  # overlapping, a split character, or ONE_LINE_RUNS
            want = whole_file_alignment(data, edits)
            assert apply_edits(data, got) == want, (path.name, edits)
            compared += 1
    assert compared > 1_000, compared


def commented_functions(n: int) -> bytes:
    """n small leaky functions, each with a trailing comment next to the leak."""
    parts = ["package growth\n\n"]
    for i in range(n):
        parts.append(
            f"func Leak{i}() {{\n\tch := make(chan int) // results\n"
            f"\tgo func() {{\n\t\tch <- {i} // send\n\t}}()\n}}\n\n"
        )
    return "".join(parts).encode()


def test_aligning_the_fixes_of_a_file_parses_a_window_per_fix_not_the_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed = [0]

    class Counted:
        captures = staticmethod(parsing.captures)

        @staticmethod
        def parse(data: bytes, *args: object) -> object:
            parsed[0] += len(data)
            return parsing.parse(data, *args)

    monkeypatch.setattr(align, "parsing", Counted)
    per_size = []
    for n in (100, 200):
        parsed[0] = 0
        source = commented_functions(n)
        report = analyze_source(source, "growth.go")
        assert sum(len(f.fixes) for f in report.findings) >= n
        per_size.append(parsed[0])
    # A window per fix: a few lines each, twice the fixes twice the bytes. The whole file
    # per fix would be four times the bytes (about 100 times the file at 100 functions).
    assert 0 < per_size[0] < 2 * len(commented_functions(100)), per_size
    assert per_size[1] <= 2.5 * per_size[0], per_size


# SPREAD_STATEMENTS_BREAK_BLOCKS: gofmt ends a block of aligned comments after a
# statement spread over lines (`}()` closing a goroutine, `}` closing an `if` or a
# composite literal), but not inside a list (arguments, elements, specs).
SPREAD = b"""package p

func f(a, b int) {
	x := []int{
		1,
	}                       // a
	y := 2 // bb
	go func() {
		_ = 1
	}()    // c
	z := 3 // d
	if x != nil {
	}      // e
	w := 4 // f
	g(
		a, // one
		bbbb, // two
	)  // three
	_, _, _ = y, z, w
}

func g(a ...int) {}
"""


@needs_gofmt
def test_comments_after_a_spread_statement_align_apart_as_gofmt_does():
    rows = set(range(SPREAD.count(b"\n") + 1))
    assert gofmt_diff(align.realign(SPREAD, rows)) == ""
