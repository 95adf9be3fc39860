"""The incremental layer must give exactly what a full analysis gives.

Random edits (fixed seed) over real fixture files: keystrokes inside function
bodies, braces and comments opened and closed, lines deleted, suppression
comments typed. After every edit the document (re-parsed incrementally through
the same code path the server uses) is analysed incrementally and from scratch,
except where half-typed code made tree-sitter regroup declarations the edit did
not touch: those keep their findings until the text is whole again.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lsprotocol import types

from goleash.engine import analyze
from goleash.incremental import IncrementalAnalyzer
from goleash.lsp.documents import Document
from goleash.lsp.positions import UTF16
from goleash.source import SourceFile

pytestmark = pytest.mark.timeout(300)

TESTDATA = Path(__file__).resolve().parents[1] / "rules" / "testdata"

TOKENS = [
    " ",
    "\n",
    "{",
    "}",
    "(",
    ")",
    "//",
    "/*",
    "*/",
    '"',
    "x",
    "ch",
    "go ",
    "go worker(ch)\n",
    "ch <- 1\n",
    "<-ch\n",
    "v := <-ch\n",
    "return\n",
    "close(ch)\n",
    "defer close(ch)\n",
    "ch := make(chan int)\n",
    "//goleash:ignore GL003\n",
    " //nolint:goleash",
    "select {\ncase <-done:\n}\n",
    "func worker(ch chan int) {\n\t<-ch\n}\n",
    "é",
    "😋",
]


def _fixtures() -> list[Path]:
    files = sorted(TESTDATA.rglob("*.go"), key=lambda p: (-p.stat().st_size, str(p)))
    return files[:12]


def _canonical(report):
    def loc(location):
        return (location.path, location.span)

    return (
        sorted(
            (
                f.code,
                f.message,
                loc(f.location),
                f.severity,
                tuple(sorted((loc(r.location), r.message) for r in f.related)),
                f.fixes,
            )
            for f in report.findings
        ),
        sorted(set(report.notes)),
        report.skipped,
    )


def _random_edit(rng: random.Random, doc: Document) -> types.TextDocumentContentChangePartial:
    data = doc.data
    text = data.decode("utf-8")
    n = len(text)
    pos = rng.randrange(n + 1)
    roll = rng.random()
    if roll < 0.6:
        start, end, new = pos, pos, rng.choice(TOKENS)
    elif roll < 0.85:
        start, end, new = pos, min(n, pos + rng.randint(1, 12)), ""
    else:
        start, end, new = pos, min(n, pos + rng.randint(1, 6)), rng.choice(TOKENS)
    a = len(text[:start].encode())
    b = len(text[:end].encode())
    return types.TextDocumentContentChangePartial(
        range=types.Range(start=doc.index.position(a, UTF16), end=doc.index.position(b, UTF16)),
        text=new,
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_match_a_full_analysis(seed):
    rng = random.Random(seed)
    fixtures = _fixtures()
    assert len(fixtures) >= 5
    checked = incremental_runs = kept = 0
    for path in rng.sample(fixtures, 5):
        original = path.read_text(encoding="utf-8")
        doc = Document.open(path.as_uri(), original, 1)
        analyzer = IncrementalAnalyzer()
        siblings = [
            SourceFile(str(p), p.read_bytes()) for p in path.parent.glob("*.go") if p != path
        ]
        version = 1
        for step in range(40):
            version += 1
            if step % 15 == 14:
                doc.apply(
                    [types.TextDocumentContentChangeWholeDocument(text=original)], version, UTF16
                )
            else:
                doc.apply([_random_edit(rng, doc)], version, UTF16)
            # The incrementally re-parsed tree equals a fresh parse. (Not for
            # text with syntax errors: tree-sitter's error recovery may then
            # legitimately settle differently when it reuses the old tree.)
            fresh = SourceFile(str(path), doc.data)
            if not fresh.root.has_error:
                assert str(doc.tree.root_node) == str(fresh.root), (
                    f"tree differs after step {step} of {path.name}"
                )
            got = analyzer.analyze(doc.source(), siblings)
            if analyzer.kept_through_reshape:
                # Half-typed code regrouped declarations the edit did not touch: they
                # keep their findings until the code is whole again (restored below).
                assert step % 15 != 14, f"{path.name} step {step}: the original text is whole"
                kept += 1
                continue
            want = analyze(
                SourceFile(str(path), doc.data, tree=doc.tree), siblings, with_fixes=False
            )
            assert _canonical(got) == _canonical(want), (
                f"{path.name} step {step}:\n{doc.data.decode()}"
            )
            checked += 1
            incremental_runs += not analyzer.last_run_was_full
    # Random edits are never undone but by the restores, so broken stretches last: still,
    # most steps are compared.
    assert checked + kept == 200 and checked >= 80
    # The point of the layer: most edits re-analyse part of the file only.
    assert incremental_runs > checked // 6


def test_an_edit_in_one_function_reanalyses_it_and_its_callers_only():
    src = b"""package main

func worker(ch chan int) {
\t<-ch
}

func other() {
\tx := 1
\t_ = x
}

func main() {
\tch := make(chan int)
\tgo worker(ch)
}
"""
    analyzer = IncrementalAnalyzer()
    first = analyzer.analyze(SourceFile("a.go", src))
    assert [f.code for f in first.findings] == ["GL003"]
    edited = src.replace(b"x := 1", b"x := 12")
    analyzer.analyze(SourceFile("a.go", edited))
    assert not analyzer.last_run_was_full and analyzer.reanalysed_units == 1
    edited2 = edited.replace(b"\t<-ch\n", b"\t<-ch\n\t<-ch\n")
    report = analyzer.analyze(SourceFile("a.go", edited2))
    assert (
        not analyzer.last_run_was_full and analyzer.reanalysed_units == 2
    )  # worker and main, which mentions it
    assert _canonical(report) == _canonical(analyze(SourceFile("a.go", edited2), with_fixes=False))


TYPED = b"""package main

type pool struct {
\tjobs chan int
\tsize int
}

func (p *pool) work() {
\tfor j := range p.jobs {
\t\t_ = j
\t}
}

func Launch() {
\tp := &pool{jobs: make(chan int)}
\tgo p.work()
}

func unrelated() int {
\treturn 1
}
"""


def test_a_changed_type_reanalyses_what_mentions_it_not_the_whole_file():
    analyzer = IncrementalAnalyzer()
    first = analyzer.analyze(SourceFile("a.go", TYPED))
    assert first.findings
    edited = TYPED.replace(b"\tsize int\n", b"\tsize int\n\tname string\n")
    report = analyzer.analyze(SourceFile("a.go", edited))
    assert not analyzer.last_run_was_full
    # The type itself, work (its receiver) and Launch (a composite literal of it); not `unrelated`.
    assert analyzer.reanalysed_units == 3
    assert "pool" in analyzer.touched_names and "jobs" in analyzer.touched_names
    assert _canonical(report) == _canonical(analyze(SourceFile("a.go", edited), with_fixes=False))


def test_an_import_reanalyses_the_whole_file():
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(SourceFile("a.go", TYPED))
    with_import = TYPED.replace(
        b"package main\n", b'package main\n\nimport "fmt"\n\nvar _ = fmt.Sprint\n'
    )
    report = analyzer.analyze(SourceFile("a.go", with_import))
    assert analyzer.last_run_was_full
    assert _canonical(report) == _canonical(
        analyze(SourceFile("a.go", with_import), with_fixes=False)
    )


def test_a_line_typed_below_keeps_the_line_citing_findings_above():
    # GL001 names the line of the abandoning case: moving that line re-words it,
    # a line added further down does not.
    src = b"""package main

import "context"

func fetch(ctx context.Context) (string, error) {
\tresult := make(chan string)
\tgo func() {
\t\tresult <- "x"
\t}()
\tselect {
\tcase r := <-result:
\t\treturn r, nil
\tcase <-ctx.Done():
\t\treturn "", ctx.Err()
\t}
}

func other() int {
\tx := 1
\treturn x
}

func third() {}
"""
    analyzer = IncrementalAnalyzer()
    first = analyzer.analyze(SourceFile("a.go", src))
    assert any(f.cites_lines for f in first.findings)
    below = src.replace(b"\tx := 1\n", b"\tx := 1\n\n")
    report = analyzer.analyze(SourceFile("a.go", below))
    # A blank line in `other`: the same code, so nothing is analysed again.
    assert not analyzer.last_run_was_full and analyzer.reanalysed_units == 0
    assert report.findings == first.findings
    above = b"// a comment\n" + below
    report = analyzer.analyze(SourceFile("a.go", above))
    # `fetch`'s cited lines only moved: worded anew by counting, not analysed again.
    assert not analyzer.last_run_was_full and analyzer.reanalysed_units == 0
    assert _canonical(report) == _canonical(analyze(SourceFile("a.go", above), with_fixes=False))
    assert report.findings != first.findings
    # Inside `fetch`, above the line it cites, a blank line and a comment: its finding
    # is carried over the edit, the cited line counted anew, nothing analysed again.
    inside = above.replace(b"\tresult := make(chan string)\n", b"\tresult := make(chan string)\n\n")
    commented = inside.replace(b"\tgo func() {\n", b"\tgo func() { // the sender\n")
    for text in (inside, commented):
        report = analyzer.analyze(SourceFile("a.go", text))
        assert not analyzer.last_run_was_full and analyzer.reanalysed_units == 0
        assert _canonical(report) == _canonical(analyze(SourceFile("a.go", text), with_fixes=False))
    assert [f.message for f in report.findings] != [f.message for f in first.findings]


def test_a_brace_that_regroups_the_declarations_after_it_keeps_their_findings():
    # `{` at the end of a statement makes tree-sitter take the declarations after it
    # for the body of a block: they did not change and keep their findings, and the
    # edited function alone is analysed again; deleting the brace is exact again.
    leaky = "".join(
        f"func worker{i}(ch chan int) {{\n\tv := <-ch\n\t_ = v\n}}\n\n"
        f"func start{i}() {{\n\tch := make(chan int)\n\tgo worker{i}(ch)\n}}\n\n"
        for i in range(30)
    )
    src = ("package main\n\n" + leaky).encode()
    analyzer = IncrementalAnalyzer()
    first = analyzer.analyze(SourceFile("a.go", src))
    assert len(first.findings) == 30
    at = src.index(b"\t_ = v\n", src.index(b"func worker3(")) + len(b"\t_ = v")
    broken = src[:at] + b"{" + src[at:]
    report = analyzer.analyze(SourceFile("a.go", broken))
    fresh = analyze(SourceFile("a.go", broken), with_fixes=False)
    assert analyzer.kept_through_reshape and not analyzer.last_run_was_full
    assert analyzer.reanalysed_units <= 3  # worker3 (edited) and start3 (which names it)
    after = [f for f in report.findings if f.span.start_byte > at]
    assert len(after) == 26 and len(after) != len(
        [f for f in fresh.findings if f.span.start_byte > at]
    )
    assert [f.span.start_byte - 1 for f in after] == [
        f.span.start_byte for f in first.findings if f.span.start_byte > at
    ]
    healed = analyzer.analyze(SourceFile("a.go", src))
    assert not analyzer.kept_through_reshape
    assert _canonical(healed) == _canonical(first)


def test_a_declaration_changed_in_another_file_reanalyses_only_its_users_here():
    main = b"""package main

func Start() {
\tch := make(chan int)
\tgo worker(ch)
}

func Other() {
\tdone := make(chan struct{})
\tgo func() { done <- struct{}{} }()
\t<-done
}
"""
    blocks = SourceFile("/p/worker.go", b"package main\n\nfunc worker(ch chan int) {\n\t<-ch\n}\n")
    returns = SourceFile(
        "/p/worker.go", b"package main\n\nfunc worker(ch chan int) {\n\t_ = ch\n}\n"
    )
    analyzer = IncrementalAnalyzer()
    file = SourceFile("/p/main.go", main)
    assert [f.code for f in analyzer.analyze(file, [blocks]).findings] == ["GL003"]
    analyzer.siblings_changed({"worker"})
    report = analyzer.analyze(file, [returns])
    assert not analyzer.last_run_was_full and analyzer.reanalysed_units == 1  # Start, not Other
    assert report.findings == [] == analyze(file, [returns], with_fixes=False).findings
    analyzer.siblings_changed(None)  # which names is not known: from scratch
    analyzer.analyze(file, [blocks])
    assert analyzer.last_run_was_full


LOCK_ORDER = b"""package p

import "sync"

var mu1, mu2 sync.Mutex

func first() {
\tmu1.Lock()
\tmu2.Lock()
\tmu2.Unlock()
\tmu1.Unlock()
}

func second() {
\tmu1.Lock()
\tmu2.Lock()
\tmu2.Unlock()
\tmu1.Unlock()
}
"""
INVERTED = LOCK_ORDER.replace(
    b"func second() {\n\tmu1.Lock()\n\tmu2.Lock()\n\tmu2.Unlock()\n\tmu1.Unlock()",
    b"func second() {\n\tmu2.Lock()\n\tmu1.Lock()\n\tmu1.Unlock()\n\tmu2.Unlock()",
)


@pytest.mark.parametrize(("before", "after"), [(LOCK_ORDER, INVERTED), (INVERTED, LOCK_ORDER)])
def test_a_lock_order_changed_in_one_function_updates_the_other(before, after):
    """`second` swaps the locks of two package-level mutexes: `first`, untouched, gains
    (or loses) its half of the inversion (GL024) as a full analysis says. The swap
    leaves the same lines in another order, and `first` names neither `second` nor a
    field: the locks' variables tie them."""
    assert INVERTED != LOCK_ORDER
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(SourceFile("a.go", before))
    report = analyzer.analyze(SourceFile("a.go", after))
    want = analyze(SourceFile("a.go", after), with_fixes=False)
    assert not analyzer.last_run_was_full
    assert _canonical(report) == _canonical(want)
    assert sorted(f.code for f in want.findings) == (
        ["GL024", "GL024"] if after is INVERTED else []
    )


def test_a_lock_order_found_again_in_one_method_is_found_again_in_the_other():
    """Seed 4898: a function pasted into the middle of `Write`'s assignment hides its
    locks from both halves of the inversion; one newline later tree-sitter reads them
    again. Only `Write` changed, and `Flush` shares nothing with it but fields, yet its
    mirrored finding comes back as in a full analysis (PARTNER_OF_A_FINDING)."""
    original = (TESTDATA / "GL024" / "two_fields.go").read_bytes()
    pasted = original.replace(
        b"p.in...), p.in[:0]", b"p.in...), p.ifunc worker(ch chan int) {\n\t<-ch\n}n[:0]"
    )
    broken_apart = pasted.replace(b"}n[:0]", b"}\nn[:0]")
    assert original != pasted != broken_apart
    analyzer = IncrementalAnalyzer()
    for version in (original, pasted, broken_apart):
        report = analyzer.analyze(SourceFile("two_fields.go", version))
        want = analyze(SourceFile("two_fields.go", version), with_fixes=False)
        assert _canonical(report) == _canonical(want)
    assert not analyzer.last_run_was_full
    assert [f.code for f in want.findings] == ["GL024", "GL024"]


def test_a_brace_moved_in_a_broken_declaration_reanalyses_its_fields_users():
    """Seed 37: a function pasted into `Open`'s `m.mu.Unlock()` line; one newline after
    its `}` later, tree-sitter's recovery leaves `go m.keepAlive(t)` outside `Open`, and
    `Close`'s `m.running.Wait()` loses the `Done` that came with it. Only `Open`
    changed, and the brace's line alone, yet `Close` is analysed again
    (BROKEN_BRACES)."""
    original = (TESTDATA / "GL015" / "refused_after_hand_over.go").read_bytes()
    target = b"\t\treturn nil, ErrClosed\n\t}\n\tm.mu.Unlock()\n\tt := "
    assert original.count(target) == 1
    pasted = original.replace(
        target,
        b"\t\treturn nil, ErrClosed\n\t}\n\tmfunc worker(ch chan int) {\n\t<-ch\n}.mu.Unlock()\n\tt := ",
    )
    broken_apart = pasted.replace(b"}.mu.Unlock()", b"}\n.mu.Unlock()")
    analyzer = IncrementalAnalyzer()
    for version in (original, pasted, broken_apart):
        report = analyzer.analyze(SourceFile("refused.go", version))
        want = analyze(SourceFile("refused.go", version), with_fixes=False)
        assert _canonical(report) == _canonical(want)
    assert not analyzer.last_run_was_full
    assert "GL015" in [f.code for f in want.findings]


def test_a_keyword_typed_before_a_function_name_keeps_its_callers_in_step():
    """Seed 7134: `func selecttally(` then a space, `func select tally(`: tree-sitter
    takes `select` for an error and names the function `tally` again, which `Count`
    starts; the re-check follows that recovered name to `Count`, as a full analysis
    finds the leak there; also when the words in between span lines (the tree's own
    name for a function with an error)."""
    original = (TESTDATA / "GL008" / "until_closed_receive.go").read_bytes()
    joined = original.replace(b"func tally(", b"func selecttally(")
    spaced = original.replace(b"func tally(", b"func select tally(")
    # Later in the same sequence: a whole `select` block typed there, over three lines.
    block = original.replace(b"func tally(", b"func selectmu {\ncase <-done:\n}tally(")
    dotted = original.replace(b"func tally(", b"func selectmu. {\ncase <-done:\n}tally(")
    assert original != joined != spaced
    analyzer = IncrementalAnalyzer()
    for version in (original, joined, spaced, block, dotted):
        report = analyzer.analyze(SourceFile("count.go", version))
        want = analyze(SourceFile("count.go", version), with_fixes=False)
        assert _canonical(report) == _canonical(want)
    assert not analyzer.last_run_was_full
    assert [f.code for f in want.findings] == ["GL008"]


LIBRARY_CALLS = b"""package p

import (
\t"context"
\t"fmt"
\t"sync"
)

func pool(jobs []string) []string {
\tout := make(chan string)
\tvar wg sync.WaitGroup
\tfor _, j := range jobs {
\t\twg.Add(1)
\t\tgo func(j string) {
\t\t\tdefer wg.Done()
\t\t\tout <- fmt.Sprintf("%s", j)
\t\t}(j)
\t}
\tgo func() {
\t\twg.Wait()
\t\tclose(out)
\t}()
\tvar res []string
\tfor r := range out {
\t\tres = append(res, r)
\t}
\treturn res
}

func fetch(ctx context.Context) error {
\tresult := make(chan string)
\tgo func() {
\t\tresult <- fmt.Sprint(1)
\t}()
\tselect {
\tcase <-result:
\t\treturn nil
\tcase <-ctx.Done():
\t\treturn ctx.Err()
\t}
}

func other(ctx context.Context, wg *sync.WaitGroup) {
\twg.Wait()
\t<-ctx.Done()
\t_ = fmt.Sprint(ctx.Err())
}
"""


def test_library_calls_and_comments_touch_no_other_declaration():
    """`wg.Done()`, `ctx.Err()` on local values and `fmt.Sprintf` name no field of the
    package: editing a goroutine line that uses them re-analyses its own function,
    not every function calling the same library methods; a comment or a blank line
    typed there analyses nothing again (the findings are carried over the edit)."""
    analyzer = IncrementalAnalyzer()
    first = analyzer.analyze(SourceFile("a.go", LIBRARY_CALLS))
    assert [f.code for f in first.findings] == ["GL001"]
    string = LIBRARY_CALLS.replace(b'fmt.Sprintf("%s", j)', b'fmt.Sprintf("%s!", j)')
    comment = string.replace(b"\t\t\tdefer wg.Done()\n", b"\t\t\tdefer wg.Done() // one less\n")
    blank = comment.replace(b"// one less\n", b"// one less\n\n")
    steps = [string, comment, blank]
    for text in steps:
        report = analyzer.analyze(SourceFile("a.go", text))
        assert not analyzer.last_run_was_full
        # The string changed: `pool` alone; a comment or a blank line: nothing at all.
        assert analyzer.reanalysed_units == (1 if text is steps[0] else 0)
        assert not (analyzer.touched_names or frozenset()) & {"Done", "Err", "Wait", "Sprint"}
        assert _canonical(report) == _canonical(analyze(SourceFile("a.go", text), with_fixes=False))
    assert analyzer.touched_names == frozenset()  # the comment: not even pool's own name


def test_findings_carried_over_a_comment_edit_land_where_a_full_analysis_puts_them():
    """Layout-only edits carry the findings over: a block comment that gains a line break
    in place of a space (same bytes, one row more below it), a blank line before the
    closing brace, a line break inserted at a statement's line start."""
    src = b"""package p

import "context"

func fetch(ctx context.Context) (string, error) {
\tresult := make(chan string)
\tgo func() {
\t\tresult <- "x"
\t}()
\tselect {
\tcase r := <-result:
\t\treturn r, nil
\tcase <-ctx.Done():
\t\treturn "", ctx.Err()
\t}
}
"""
    analyzer = IncrementalAnalyzer()
    first = analyzer.analyze(SourceFile("a.go", src))
    assert first.findings and any(f.cites_lines for f in first.findings)
    commented = src.replace(b"\tselect {", b"\t/* a b */ select {")
    broken = commented.replace(b"/* a b */", b"/* a\nb */")
    closing = broken.replace(b"\n}\n", b"\n\n}\n")
    started = closing.replace(b"\tgo func() {", b"\n\tgo func() {")
    for text in (commented, broken, closing, started):
        report = analyzer.analyze(SourceFile("a.go", text))
        assert not analyzer.last_run_was_full and analyzer.reanalysed_units == 0
        assert _canonical(report) == _canonical(analyze(SourceFile("a.go", text), with_fixes=False))
    assert report.findings[0].location.span.start.row > first.findings[0].location.span.start.row
