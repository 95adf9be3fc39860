"""Property: after every edit, the incremental analysis reports what a fresh full
analysis of the same text reports.

Random edit sequences (seeded, so a failure replays exactly) over the rules'
fixture files: typing a token one character at a time, deleting a run of
characters, cutting a block of lines, pasting a block copied from elsewhere in
the file, typing half a construct (an unclosed `{`, `go func() {`, `select {`),
and now and then an undo back to the original text. Each version goes through
the path the language server uses: the document re-parsed incrementally from
the previous tree (`Document.apply`), then `IncrementalAnalyzer.analyze`; it is
compared with `engine.analyze` of the same text on code, range, message and
related locations (with their messages).

The one documented exception is skipped and counted: half-typed code that makes
tree-sitter regroup declarations the edit did not touch, where those keep their
findings until the code is whole again (`kept_through_reshape`).

`GOLEASH_PROPERTY_SEQUENCES=5000` runs a longer search than CI's.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from lsprotocol import types

from goleash import engine
from goleash.incremental import IncrementalAnalyzer
from goleash.lsp.documents import Document
from goleash.lsp.positions import UTF16
from goleash.model import FileReport
from goleash.source import SourceFile

pytestmark = pytest.mark.timeout(600)

TESTDATA = Path(__file__).resolve().parents[1] / "rules" / "testdata"
SEQUENCES = int(os.environ.get("GOLEASH_PROPERTY_SEQUENCES", "240"))
EDITS_PER_SEQUENCE = 5

TOKENS = [
    "x",
    " ",
    "\n",
    "ch",
    "<-ch",
    "ch <- 1",
    "close(ch)",
    "return",
    "go worker(ch)",
    "defer close(ch)",
    "ch := make(chan int)",
    "done := make(chan struct{})",
    "select {\ncase <-done:\n}",
    "for {\n}",
    "for v := range ch {\n_ = v\n}",
    "wg.Wait()",
    "mu.Lock()",
    "mu.Unlock()",
    "//goleash:ignore GL003",
    "func worker(ch chan int) {\n\t<-ch\n}\n",
    "é",
]
HALF_TYPED = [
    "{",
    "}",
    "(",
    "go func() {",
    "select {",
    "case <-",
    "for {",
    "func f(",
    "if x {",
    '"',
    "/*",
    "go ",
]


def fixtures() -> list[Path]:
    return sorted(p for p in TESTDATA.rglob("*.go") if p.stat().st_size <= 4096)


def findings_of(report) -> list[tuple]:
    """What the property compares: code, range, message, related locations."""

    def where(loc):
        s = loc.span
        return (
            loc.path,
            s.start_byte,
            s.end_byte,
            s.start.row,
            s.start.column,
            s.end.row,
            s.end.column,
        )

    return sorted(
        (
            f.code,
            where(f.location),
            f.message,
            tuple(sorted((where(r.location), r.message) for r in f.related)),
        )
        for f in report.findings
    )


def _change(
    doc: Document, start: int, end: int, text: str
) -> types.TextDocumentContentChangePartial:
    """An LSP change replacing doc.data[start:end] (byte offsets) with `text`."""
    rng = types.Range(start=doc.index.position(start, UTF16), end=doc.index.position(end, UTF16))
    return types.TextDocumentContentChangePartial(range=rng, text=text)


def _char_boundary(data: bytes, i: int) -> int:
    while 0 < i < len(data) and (data[i] & 0xC0) == 0x80:
        i -= 1
    return i


def _line_starts(data: bytes) -> list[int]:
    return [0] + [i + 1 for i, b in enumerate(data) if b == 10]


def random_edits(rng: random.Random, doc: Document, original: str):
    """One user action: the list of changes it sends, one version each."""
    data = doc.data
    n = len(data)
    at = _char_boundary(data, rng.randrange(n + 1))
    roll = rng.random()
    if roll < 0.35:  # typed one character at a time
        token = rng.choice(TOKENS)
        return [("type", at + len(token[:i].encode()), token[i]) for i in range(len(token))]
    if roll < 0.55:
        end = _char_boundary(data, min(n, at + rng.randint(1, 20)))
        return [("replace", at, end, "")]
    starts = _line_starts(data)
    first = rng.randrange(len(starts))
    last = min(len(starts) - 1, first + rng.randint(1, 8))
    block = (starts[first], starts[last] if last > first else n)
    if roll < 0.67:  # cut a block of lines
        return [("replace", block[0], block[1], "")]
    if roll < 0.80:  # paste a block of lines copied from elsewhere, at a line start
        target = rng.choice(starts)
        return [("replace", target, target, data[block[0] : block[1]].decode("utf-8"))]
    if roll < 0.90:  # half a construct, left unfinished
        return [("replace", at, at, rng.choice(HALF_TYPED))]
    return [("undo", original)]


def apply(doc: Document, action, version: int) -> None:
    if action[0] == "undo":
        doc.apply([types.TextDocumentContentChangeWholeDocument(text=action[1])], version, UTF16)
    elif action[0] == "type":
        doc.apply([_change(doc, action[1], action[1], action[2])], version, UTF16)
    else:
        doc.apply([_change(doc, action[1], action[2], action[3])], version, UTF16)


def run_sequence(seed: int, files: list[Path]) -> tuple[int, int]:
    """Apply one seeded sequence; assert the property after each version. (compared, skipped)"""
    rng = random.Random(seed)
    path = rng.choice(files)
    original = path.read_text(encoding="utf-8")
    siblings = [
        SourceFile(str(p), p.read_bytes()) for p in sorted(path.parent.glob("*.go")) if p != path
    ]
    doc = Document.open(path.as_uri(), original, 1)
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(doc.source(), siblings)
    version, compared, skipped = 1, 0, 0
    for _ in range(EDITS_PER_SEQUENCE):
        for action in random_edits(rng, doc, original):
            before = doc.data
            version += 1
            apply(doc, action, version)
            got = analyzer.analyze(doc.source(), siblings)
            if analyzer.kept_through_reshape:
                skipped += 1
                continue
            want = engine.analyze(SourceFile(str(path), doc.data), siblings, with_fixes=False)
            if findings_of(got) != findings_of(want):
                pytest.fail(
                    f"seed {seed}, {path.relative_to(TESTDATA)}, version {version} ({action[0]}):\n"
                    f"--- before ---\n{before.decode('utf-8', 'replace')}\n--- after ---\n{doc.data.decode('utf-8', 'replace')}\n"
                    f"incremental: {findings_of(got)}\nfull: {findings_of(want)}"
                )
            compared += 1
    return compared, skipped


@pytest.mark.parametrize("block", range(4))
def test_incremental_equals_full_over_random_edit_sequences(block):
    files = fixtures()
    assert len(files) > 100
    per_block = SEQUENCES // 4
    compared = skipped = 0
    for seed in range(block * per_block, (block + 1) * per_block):
        c, s = run_sequence(seed, files)
        compared += c
        skipped += s
    # Most versions are compared; only regrouping half-typed code (which lasts until
    # an undo) is let through.
    assert compared > skipped and compared >= per_block * EDITS_PER_SEQUENCE


# Found by the property test: the smallest text that shows each.

PASTED_START = b"""package p

type Server struct {
\tin   chan int
\tquit chan struct{}
\tseen int
}

func (s *Server) loop() {
\tfor {
\t\tselect {
\t\tcase v := <-s.in:
\t\t\ts.seen += v
\t\tcase <-s.quit:
\t\t\ts.seen = 0
\t\t}
\t}
}

func (s *Server) Start() {
\tgo s.loop()
}
"""


def test_a_pasted_duplicate_method_gets_the_same_starts_incrementally_and_in_full():
    """Two methods of one name (a pasted duplicate `Start`, each with `go s.loop()`):
    the whole-file GL009 lists both starts, as it does for any loop started from two
    places; the copies are checked together, so the incremental analysis lists them
    too, and keeps up when one goes."""
    doubled = PASTED_START + b"\nfunc (s *Server) Start() {\n\tgo s.loop()\n}\n"
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(SourceFile("a.go", PASTED_START))
    got = analyzer.analyze(SourceFile("a.go", doubled))
    assert findings_of(got) == findings_of(
        engine.analyze(SourceFile("a.go", doubled), with_fixes=False)
    )
    assert len(got.findings) == 1 and len(got.findings[0].related) == 2
    tripled = doubled + b"\nfunc (s *Server) Start() {\n\tgo s.loop()\n}\n"
    for text in (tripled, doubled, PASTED_START):
        got = analyzer.analyze(SourceFile("a.go", text))
        assert findings_of(got) == findings_of(
            engine.analyze(SourceFile("a.go", text), with_fixes=False)
        )


def test_a_file_that_only_takes_read_locks_is_analysed():
    """A file whose only locking is read locks is still a candidate (`.RLock()` is a
    trigger); with no write lock left in the package, RLock twice is no deadlock, so
    GL016 has nothing to say, and incremental and full agree on that."""
    src = (TESTDATA / "GL016" / "rlock_twice.go").read_bytes()
    start, end = src.index(b"func (s *Stats) Add"), src.index(b"func (s *Stats) Mean")
    only_read_locks = src[:start] + src[end:]
    assert b".Lock()" not in only_read_locks
    assert engine.could_leak(only_read_locks)
    report = engine.analyze(SourceFile("rlock.go", only_read_locks), with_fixes=False)
    assert report.findings == [] and not report.notes


POOL = b"""package pool

import "sync"

type Pool struct {
\tjobs chan func()
\twg   sync.WaitGroup
}

func NewPool(n int) *Pool {
\tp := &Pool{jobs: make(chan func())}
\tfor i := 0; i < n; i++ {
\t\tp.wg.Add(1)
\t\tgo func() {
\t\t\tdefer p.wg.Done()
\t\t\tfor job := range p.jobs {
\t\t\t\tjob()
\t\t\t}
\t\t}()
\t}
\treturn p
}

func (p *Pool) Submit(job func()) { p.jobs <- job }

func (p *Pool) Shutdown() {
\tclose(p.jobs)
\tp.wg.Wait()
}

func runBatch(n int) {
\tp := NewPool(2)
\tfor i := 0; i < n; i++ {
\t\tp.Submit(func() {})
\t}
}
"""


def test_a_supplementary_finding_yields_to_the_judged_one_as_in_full():
    """Half-typed `close(p.jobait()` in Shutdown: re-analysed alone, NewPool's range over
    `p.jobs` gets the unclosed-queue shape's finding; with runBatch (which makes the pool
    and never shuts it down) the counting model judges the same range, and a whole-file
    analysis reports only that. The incremental analysis used to merge the two."""
    half_typed = POOL.replace(b"close(p.jobs)\n\tp.wg.Wait()", b"close(p.jobait()")
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(SourceFile("pool.go", POOL))
    got = analyzer.analyze(SourceFile("pool.go", half_typed))
    want = engine.analyze(SourceFile("pool.go", half_typed), with_fixes=False)
    assert [f.code for f in want.findings] == ["GL008"]
    assert findings_of(got) == findings_of(want)


BUS = b"""package bus

import "sync"

type Bus struct {
\tmu     sync.Mutex
\tevents chan string
}

func NewBus() *Bus {
\tb := &Bus{events: make(chan string)}
\tgo b.consume()
\treturn b
}

func (b *Bus) Publish(ev string) {
\tb.mu.Lock()
\tdefer b.mu.Unlock()
\tb.events <- ev
}

func (b *Bus) consume() {
\tfor {
\t\tb.mu.Lock()
\t\tb.mu.Unlock()
\t\t<-b.events
\t}
}
"""

QUEUE = b"""package queue

import "sync"

type Queue struct {
\tmu    sync.Mutex
\titems chan int
}

func NewQueue() *Queue { return &Queue{items: make(chan int)} }

func (q *Queue) Put(v int) {
\tq.mu.Lock()
\tdefer q.mu.Unlock()
\tq.items <- v
}

func (q *Queue) Take() int {
\tq.mu.Lock()
\tdefer q.mu.Unlock()
\treturn <-q.items
}
"""


def _broken_then_whole(text: bytes, at: bytes, typed: bytes, closing: bytes) -> list[bytes]:
    """`typed` inserted after `at`, then `closing` after the line that follows it (an
    empty `closing`: the insertion undone)."""
    i = text.index(at) + len(at)
    broken = text[:i] + typed + text[i:]
    if not closing:
        return [broken, text]
    j = broken.index(b"\n", i + len(typed)) + 1
    return [broken, broken[:j] + closing + broken[j:]]


@pytest.mark.parametrize(
    ("text", "versions"),
    [
        # Seed 527: `go func() {` typed in NewBus makes tree-sitter read Publish and
        # consume as loose code inside it; closed again by `}()`, a line that changes
        # no statement, Publish must not keep what it got on that tree.
        (BUS, _broken_then_whole(BUS, b"\tgo b.consume()\n", b"\tgo func() {\n", b"\t}()\n")),
        # Seed 600: `for v := range ch` typed before Put's body leaves the body loose at
        # the top level, and Take, analysed again then, has no partner; undone, Take's
        # statements and Put's uses of fields are all as they were.
        (QUEUE, _broken_then_whole(QUEUE, b"Put(v int) ", b"for v := range ch ", b"")),
    ],
    ids=["swallowed-declaration", "loose-partner"],
)
def test_findings_made_while_half_typed_code_regroups_the_file_are_made_again_once_whole(
    text, versions
):
    """What a reshape run finds for the declarations it keeps comes from a tree that read
    them (or a declaration they pair with) as loose code: once the tree is whole again,
    they are analysed again, as a full analysis would."""
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(SourceFile("a.go", text))
    broken, whole = versions
    analyzer.analyze(SourceFile("a.go", broken))
    assert analyzer.kept_through_reshape  # the premise: this edit regroups the file
    got = analyzer.analyze(SourceFile("a.go", whole))
    assert not analyzer.kept_through_reshape
    want = engine.analyze(SourceFile("a.go", whole), with_fixes=False)
    assert any(f.code == "GL026" for f in want.findings)  # what the reshape run lost
    assert findings_of(got) == findings_of(want)


@pytest.mark.parametrize(
    ("text", "then", "now"),
    [
        # `x` typed before the receiver's name, then deleted: Put's `q.items <- v` names
        # no field of Queue meanwhile, so Take, analysed again then, has no partner.
        (QUEUE, b"func (q *Queue) Put", b"func (xq *Queue) Put"),
        # the receiver's type half typed
        (QUEUE, b"func (q *Queue) Put", b"func (q *Que) Put"),
        # a parameter's type, in a function that is not a method
        (
            QUEUE.replace(b"func (q *Queue) Put(v int)", b"func put(q *Queue, v int)"),
            b"func put(q *Queue, v int)",
            b"func put(q *Que, v int)",
        ),
    ],
    ids=["receiver-name", "receiver-type", "parameter-type"],
)
def test_a_signature_that_binds_a_name_again_retypes_the_fields_used_through_it(text, then, now):
    """Put's statements are the same before and after an edit of its signature, but
    what `q.items` and `q.mu` name depends on how the signature binds `q`: Take, whose
    GL026 pairs with Put's send, is analysed again when that binding comes back."""
    broken = text.replace(then, now)
    assert broken != text
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(SourceFile("a.go", text))
    analyzer.analyze(SourceFile("a.go", broken))
    got = analyzer.analyze(SourceFile("a.go", text))
    assert not analyzer.kept_through_reshape
    want = engine.analyze(SourceFile("a.go", text), with_fixes=False)
    assert [f.code for f in want.findings] == ["GL026", "GL026"]
    assert findings_of(got) == findings_of(want)


def test_a_parameter_typed_into_a_signature_leaves_the_receivers_fields_alone():
    """SIGNATURE_BINDINGS follows only the names bound anew: `n int` typed into Put's
    list re-analyses Put and Take (whose finding pairs with Put), not Len, which uses
    the same fields through `q`; a receiver bound anew touches those fields, Len's too."""
    text = QUEUE + (
        b"\nfunc (q *Queue) Len() int {\n\tq.mu.Lock()\n\tdefer q.mu.Unlock()\n"
        b"\treturn len(q.items)\n}\n"
    )
    put = b"func (q *Queue) Put(v int)"
    for signature, fields_touched in [
        (b"func (q *Queue) Put(v int, n int)", False),
        (b"func (xq *Queue) Put(v int)", True),
    ]:
        analyzer = IncrementalAnalyzer()
        analyzer.analyze(SourceFile("a.go", text))
        analyzer.analyze(SourceFile("a.go", text.replace(put, signature)))
        assert not analyzer.last_run_was_full and analyzer.touched_names is not None
        assert ({"mu", "items"} <= analyzer.touched_names) == fields_touched
        if not fields_touched:
            assert analyzer.reanalysed_units == 2


WATCHERS = b"""package watch

import (
\t"context"
\t"strconv"
\t"sync"
)

type Watchers struct {
\tmu    sync.Mutex
\tstops map[string]context.CancelFunc
}

func watchKey(path string, gen int) string { return path + "@" + strconv.Itoa(gen) }

func (w *Watchers) Watch(path string, gen int) {
\tctx, cancel := context.WithCancel(context.Background())
\tw.mu.Lock()
\tw.stops[watchKey(path, gen)] = cancel
\tw.mu.Unlock()
\tgo func() {
\t\t<-ctx.Done()
\t}()
}

func (w *Watchers) Unwatch(path string, gen int) {
\tw.mu.Lock()
\tdefer w.mu.Unlock()
\tkey := watchKey(path, gen)
\tif stop := w.stops[key]; stop != nil {
\t\tstop()
\t\tdelete(w.stops, key)
\t}
}
"""


@pytest.mark.parametrize(
    "edited",
    [
        # seed 1801: `d` typed before `key :=`: `w.stops[key]` now looks up a key built
        # otherwise (an undeclared `key`), so Watch's cancel is never found (GL003)
        WATCHERS.replace(b"\tkey := watchKey", b"\tdkey := watchKey"),
        # the key built another way
        WATCHERS.replace(b"key := watchKey(path, gen)", b"key := path"),
    ],
    ids=["renamed", "built-otherwise"],
)
def test_a_local_variable_bound_anew_touches_the_fields_used_with_it(edited):
    """Only the line binding `key` changed in Unwatch, no statement using a field;
    yet the key its `w.stops[key]` looks up decides Watch's finding. Watch is analysed
    again, as a full analysis reads it, both ways."""
    analyzer = IncrementalAnalyzer()
    for text in (WATCHERS, edited, WATCHERS):
        got = analyzer.analyze(SourceFile("a.go", text))
        want = engine.analyze(SourceFile("a.go", text), with_fixes=False)
        assert not analyzer.kept_through_reshape
        assert findings_of(got) == findings_of(want)
    assert not engine.analyze(SourceFile("a.go", WATCHERS), with_fixes=False).findings
    assert [f.code for f in engine.analyze(SourceFile("a.go", edited)).findings] == ["GL003"]


def _reader_with_stray_brace(src: bytes) -> bytes:
    """rlock_twice.go without its writer (Add: no write lock left in this package, so
    no GL016) and with a `}` left alone after its type declaration."""
    src = src[: src.index(b"func (s *Stats) Add")] + src[src.index(b"func (s *Stats) Mean") :]
    i = src.index(b"\n}\n", src.index(b"\ntype ")) + 3
    return src[:i] + b"}\n" + src[i:]


@pytest.mark.parametrize(
    ("fixture", "before", "typed"),
    [
        # seed 4450: a method pasted above the package clause, where only whole-file
        # units (the clause, imports) and half-typed code were looked for
        ("GL014/optional_config.go", lambda src: src, b"func (p *Poller) Ping() {\n}\n"),
        # seed 4440: a `}` typed at the top, taken for the same `}` further down, which
        # then looked changed instead
        ("GL016/rlock_twice.go", _reader_with_stray_brace, b"}\n"),
    ],
    ids=["declaration", "brace"],
)
def test_what_is_typed_above_the_package_clause_re_runs_the_whole_file(fixture, before, typed):
    """Code before the package clause leaves the file without a package name for the
    analysis (`SourceFile.package_name`), which changes how it is read with its
    package's other files: the whole file is analysed again, as for an import."""
    path = TESTDATA / fixture
    siblings = [
        SourceFile(str(p), p.read_bytes()) for p in sorted(path.parent.glob("*.go")) if p != path
    ]
    text = before(path.read_bytes())
    analyzer = IncrementalAnalyzer()
    analyzer.analyze(SourceFile(str(path), text), siblings)
    got = analyzer.analyze(SourceFile(str(path), typed + text), siblings)
    want = engine.analyze(SourceFile(str(path), typed + text), siblings, with_fixes=False)
    assert findings_of(got) == findings_of(want)
    assert analyzer.last_run_was_full


def test_a_close_typed_in_a_consumer_reanalyses_its_producer():
    """seed 45: `defer close(ch)` typed (half-typed, then with its `)`) into `flush`, the
    consumer of `s.records`; `decode`, its producer, has a finding that depends on how
    `flush` leaves its range. A changed `close(` line is a channel statement: it ties in
    every field `flush` uses, and `decode` is analysed again, as a full analysis does."""
    folder = TESTDATA / "GL006" / "field_pipeline"
    path = folder / "stages.go"
    siblings = [
        SourceFile(str(p), p.read_bytes()) for p in sorted(folder.glob("*.go")) if p != path
    ]
    original = path.read_bytes()
    line = b"\t\tif err := s.write([]string{r}); errors.Is(err, ErrRejected) {"
    assert line in original
    half = original.replace(
        line, b"\tdefer close(ch\tif err := s.write([]string{r}); errors.Is(err, ErrRejected) {"
    )
    typed = half.replace(b"defer close(ch\t", b"defer close(ch)\t")
    analyzer = IncrementalAnalyzer()
    for text in (original, half, typed):
        got = analyzer.analyze(SourceFile(str(path), text), siblings)
        want = engine.analyze(SourceFile(str(path), text), siblings, with_fixes=False)
        assert not analyzer.kept_through_reshape
        assert findings_of(got) == findings_of(want)
    assert [f.code for f in engine.analyze(SourceFile(str(path), typed), siblings).findings] == [
        "GL006"
    ]


def test_a_brace_typed_above_a_signal_reanalyses_the_waiter():
    """NESTED_CONSTRUCTS (seed 150): a `}` typed before a loop's header in `Close` takes
    `f.cond.Signal()` out of the loop that sent one per worker; no construct line
    changed, yet `worker`'s Wait is now reported in full, so it is re-analysed."""
    path = TESTDATA / "GL029" / "signal_per_waiter.go"
    whole = path.read_text(encoding="utf-8")
    loop = "\tfor i := 0; i < f.workers; i++ {\n"
    assert loop in whole
    before = whole.replace(loop, "\tfor i for {\n:= 0; i < f.workers; i++ {\n").encode()
    after = whole.replace(loop, "\tfor i for {\n}:= 0; i < f.workers; i++ {\n").encode()
    analyzer = IncrementalAnalyzer()
    for text in (whole.encode(), before, after):
        got = analyzer.analyze(SourceFile(str(path), text))
        want = engine.analyze(SourceFile(str(path), text), with_fixes=False)
        assert findings_of(got) == findings_of(want)
    assert [f.code for f in want.findings] == ["GL029"]


def test_a_constructor_literal_retyped_reanalyses_the_fields_users():
    """LITERAL_TYPES (seed 62): `&Server{}` typed as `&Serrver{}` leaves Server with no
    constructor, and GL014's lazily made field, read from the whole package, is no
    longer judged; the method receiving from the field is re-analysed."""
    path = TESTDATA / "GL014" / "notified_after_start.go"
    whole = path.read_bytes()
    assert b"&Server{}" in whole
    analyzer = IncrementalAnalyzer()
    for text in (whole, whole.replace(b"&Server{}", b"&Serrver{}"), whole):
        got = analyzer.analyze(SourceFile(str(path), text))
        want = engine.analyze(SourceFile(str(path), text), with_fixes=False)
        assert findings_of(got) == findings_of(want)
    assert [f.code for f in want.findings] == ["GL014"]


def test_a_method_named_again_through_half_typed_text_reanalyses_its_callers():
    """BROKEN_SIGNATURE_NAMES (seed 181): in `func (e *Endpoint) mch := mainLoop() {`,
    tree-sitter names the method `mainLoop`, the word before the parameters; typing the
    `m` of `mainLoop` there makes `go e.mainLoop()` in Connect start it, so Connect is
    re-analysed and GL014's finding appears as in a full analysis."""
    path = TESTDATA / "GL014" / "made_apart.go"
    whole = path.read_bytes()
    head = b"func (e *Endpoint) mainLoop() {"
    assert head in whole
    before = whole.replace(head, b"func (e *Endpoint) mch := ainLoop() {")
    after = whole.replace(head, b"func (e *Endpoint) mch := mainLoop() {")
    analyzer = IncrementalAnalyzer()
    for text in (whole, before, after):
        got = analyzer.analyze(SourceFile(str(path), text))
        want = engine.analyze(SourceFile(str(path), text), with_fixes=False)
        assert findings_of(got) == findings_of(want)
    assert [f.code for f in want.findings] == ["GL014"]


def test_a_loop_keyword_deleted_above_a_signal_reanalyses_the_waiter():
    """NESTED_CONSTRUCTS (seed 216): `for` deleted from the header of the loop around
    `f.cond.Signal()` leaves the braces where they were, yet the Signal no longer runs
    once per worker; `worker`'s Wait is re-analysed."""
    path = TESTDATA / "GL029" / "signal_per_waiter.go"
    whole = path.read_text(encoding="utf-8")
    loop = "\tfor i := 0; i < f.workers; i++ {\n"
    assert loop in whole
    after = whole.replace(loop, "\t0; i < f.workers; i++ {\n").encode()
    analyzer = IncrementalAnalyzer()
    for text in (whole.encode(), after):
        got = analyzer.analyze(SourceFile(str(path), text))
        want = engine.analyze(SourceFile(str(path), text), with_fixes=False)
        assert findings_of(got) == findings_of(want)
    assert [f.code for f in want.findings] == ["GL029"]


def test_a_function_carried_over_a_reindented_brace_follows_its_changed_callee():
    """CARRIED_WITH_A_CHANGED_PARTNER (seed 229): the type `NewPool` returns is broken
    while a `}` in `runBatch` is out of place; undoing both re-analyses `NewPool` (it
    names the type) and so `runBatch`, analysed with it, whose own change was only a
    re-indented brace: GL010 comes back as in a full analysis."""
    path = TESTDATA / "GL010" / "pool.go"
    whole = path.read_text(encoding="utf-8")
    assert "type Pool struct {" in whole and whole.endswith("\t}\n}\n")
    broken = whole.replace("type Pool struct {", "type mu.Unlock()Pool struct {")
    broken = broken[: -len("\t}\n}\n")] + "}\n\t}\n}\n"
    want = _incremental_equals_full(path, whole, broken, whole)
    assert [f.code for f in want.findings] == ["GL010"]


def _incremental_equals_full(
    path: Path, *texts: str, siblings: list[SourceFile] | None = None
) -> FileReport:
    """Analyse `texts` in turn as versions of one file (with the package's `siblings`),
    incrementally and from scratch, asserting the same findings after each; the last
    full report."""
    analyzer = IncrementalAnalyzer()
    want = None
    for text in texts:
        got = analyzer.analyze(SourceFile(str(path), text.encode()), siblings or [])
        want = engine.analyze(
            SourceFile(str(path), text.encode()), siblings or [], with_fixes=False
        )
        assert findings_of(got) == findings_of(want)
    assert want is not None
    return want


def test_a_caller_edited_reanalyses_the_future_it_calls():
    """CALLERS_READ (seed 126): GL013 judges an exported future by its package's
    calls; a caller retyped so that it no longer drops the channel (`_, errC :=
    Wait(id)` becoming a call that keeps it) re-analyses `Wait`, as a full analysis
    would read it."""
    path = TESTDATA / "GL013" / "exported_result_dropped.go"
    whole = path.read_text(encoding="utf-8")
    call = "\t_, errC := Wait(id)\n"
    assert call in whole
    kept = whole.replace(call, "\tstatusC, errC := Wait(id)\n\t_ = statusC\n")
    want = _incremental_equals_full(path, whole, kept, whole)
    assert [f.code for f in want.findings] == ["GL013"]


def test_a_flag_retyped_apart_from_its_channel_reanalyses_the_sender():
    """Seed 5: GL014 reads which methods set the `bool` flag `ldm`; a half-typed `s.ldm =
    trued` in `ForceLameDuck` no longer sets it, and the goroutine's finding must go as
    a full analysis drops it (bool fields are followed)."""
    path = TESTDATA / "GL014" / "flag_set_apart.go"
    whole = path.read_text(encoding="utf-8")
    assert "\ts.ldm = true\n\ts.mu.Unlock()\n}" in whole
    typed = whole.replace(
        "\ts.ldm = true\n\ts.mu.Unlock()\n}", "\ts.ldm = trued\n\ts.mu.Unlock()\n}"
    )
    _incremental_equals_full(path, whole, typed, whole)


def test_a_guard_retyped_in_a_closer_reanalyses_the_goroutine():
    """GUARDS_OF_CONSTRUCTS (seed 189): `Close` closes `halt` under the test `New`
    started the goroutine under; retyping that test's field (a plain `time.Duration`)
    changes the goroutine's finding in `run`."""
    path = TESTDATA / "GL009" / "fixed_same_test_as_the_start.go"
    whole = path.read_text(encoding="utf-8")
    guard = "func (s *Simple) Close() error {\n\tif s.config.GCPeriodicity > 0 {"
    assert guard in whole
    typed = whole.replace(guard, guard.replace("GCPeriodicity", "GCPerisodicity"))
    _incremental_equals_full(path, whole, typed, whole)
    assert engine.analyze(SourceFile(str(path), typed.encode()), with_fixes=False).findings


def test_a_loop_started_from_two_declarations_lists_both_starts_as_in_full():
    """Seed 49: `Open` and `Restart` both `go s.serve(read)`, each analysed on its own by
    the editor; the whole-file GL009 lists both starts too, not only the first."""
    text = (
        b'package two\n\nimport "sync"\n\ntype S struct {\n\twg   sync.WaitGroup\n'
        b"\tdone chan struct{}\n}\n\nfunc (s *S) Open(read func()) {\n"
        b"\ts.done = make(chan struct{})\n\ts.wg.Add(1)\n\tgo s.serve(read)\n}\n\n"
        b"func (s *S) Restart(read func()) {\n\ts.wg.Add(1)\n\tgo s.serve(read)\n}\n\n"
        b"func (s *S) serve(read func()) {\n\tdefer s.wg.Done()\n\tfor {\n\t\tselect {\n"
        b"\t\tcase <-s.done:\n\t\tdefault:\n\t\t\tread()\n\t\t}\n\t}\n}\n"
    )
    got = IncrementalAnalyzer().analyze(SourceFile("a.go", text))
    want = engine.analyze(SourceFile("a.go", text), with_fixes=False)
    assert findings_of(got) == findings_of(want)
    loops = [f for f in want.findings if f.code == "GL009"]
    assert len(loops) == 1 and len(loops[0].related) == 2


def test_a_parameter_retyped_away_reanalyses_the_fields_it_was_stored_in():
    """PARAMETER_BINDINGS (seed 117): `WithContext(ctx context.Context)` half retyped as
    `WithContext(ctext)` no longer binds the `ctx` its body stores in `o.ctx`; the
    poller whose GL009 reads how that option is set is analysed again."""
    path = TESTDATA / "GL009" / "defaulted_context.go"
    whole = path.read_text(encoding="utf-8")
    head = "func WithContext(ctx context.Context) Option {"
    assert head in whole
    typed = whole.replace(head, "func WithContext(ctext) Option {")
    _incremental_equals_full(path, whole, typed, whole)


def test_a_call_retyped_in_a_goroutine_reanalyses_the_wait_two_calls_down():
    """CALLEES_OF_CALLEES (seed 81): GL028 reports `drain`'s `wg.Wait()`, reached from
    `Run`'s goroutine through `process`; when `Run`'s goroutine no longer calls
    `process` (a typo), `drain`, which `Run` does not name, is analysed again as a full
    analysis is."""
    path = TESTDATA / "GL028" / "local_group.go"
    whole = path.read_text(encoding="utf-8")
    call = "\t\t\tprocess(it, &wg)"
    assert call in whole
    inline = whole.replace(call, "\t\t\tproces(it, &wg)")
    want = _incremental_equals_full(path, whole, inline, whole)
    assert [f.code for f in want.findings] == ["GL028"]


def test_a_broken_signature_retyped_by_a_space_is_analysed_again():
    """Seed 1458: `func (c Client) withdone :=KeepAlive() Client {` then a space after
    `:=`. The tokens are the same, but tree-sitter recovers from the broken signature
    otherwise: nothing is carried over as a cosmetic edit in a file with a syntax error
    (BROKEN_FILES_CARRY_NOTHING), and the GL003 a full analysis reports on the second
    version comes back in the editor too."""
    path = TESTDATA / "GL003" / "value_builder.go"
    whole = path.read_text(encoding="utf-8")
    head = "func (c Client) withKeepAlive() Client {"
    assert head in whole
    squeezed = whole.replace(head, "func (c Client) withdone :=KeepAlive() Client {")
    spaced = whole.replace(head, "func (c Client) withdone := KeepAlive() Client {")
    want = _incremental_equals_full(path, whole, squeezed, spaced)
    assert [f.code for f in want.findings] == ["GL003"]


def test_a_method_name_split_in_two_touches_its_type():
    """Seed 2895: `deferwriter` then `defer writer` in a method's signature: the method
    `writer` comes back (tree-sitter names the broken method by the word before its
    parameters), and what its callers' goroutines wait for is judged again
    (METHOD_SET_CHANGES)."""
    path = TESTDATA / "GL003" / "other_half_left_running.go"
    whole = path.read_text(encoding="utf-8")
    head = "func (c *Client) writer("
    assert head in whole
    joined = whole.replace(head, "func (c *Client) deferwriter(")
    split = whole.replace(head, "func (c *Client) defer writer(")
    _incremental_equals_full(path, whole, joined, split)


def test_a_method_swallowed_and_given_back_is_judged_again():
    """Seed 2673: `}/` after `Events` makes tree-sitter read `Unsubscribe` below as
    part of it; `}//` gives it back. A method whole again after a syntax error touches
    its type (MENDED_METHODS), so `push` is judged against the `Unsubscribe` that is
    there again."""
    path = TESTDATA / "GL007" / "watch_feed" / "watcher.go"
    whole = path.read_text(encoding="utf-8")
    end = "\treturn w.events\n}\n"
    assert end in whole
    slash = whole.replace(end, "\treturn w.events\n}/\n")
    comment = whole.replace(end, "\treturn w.events\n}//\n")
    siblings = [SourceFile(str(p), p.read_bytes()) for p in path.parent.glob("*.go") if p != path]
    want = _incremental_equals_full(path, whole, slash, comment, siblings=siblings)
    assert [f.code for f in want.findings] == ["GL007"]


def test_a_comment_typed_into_a_broken_file_is_no_cosmetic_edit():
    """Seed 5031: with `type Cache "struct {` half-typed, a comment pasted into
    `Refresh` changed how tree-sitter recovered the rest of the file, and GL016's
    wording with it; a file with a syntax error anywhere carries no declaration over
    as cosmetic (BROKEN_FILES_CARRY_NOTHING)."""
    path = TESTDATA / "GL016" / "refresh.go"
    whole = path.read_text(encoding="utf-8")
    broken = whole.replace('import "sync"', 'import "sydone := make(chan struct{})nc"').replace(
        "type Cache struct {", 'type Cache "struct {'
    )
    lock = "func (c *Cache) Refresh() {\n\tc.mu.Lock()\n"
    assert broken != whole and lock in broken
    commented = broken.replace(
        lock, lock + "\n// run: go (&Cache{items: map[string]int{}}).Refresh()\n\n"
    )
    want = _incremental_equals_full(path, whole, broken, commented)
    assert [f.code for f in want.findings] == ["GL016"]


def test_a_handler_added_or_removed_reanalyses_the_loop_it_starts():
    """REPEATED_START: GL009 reports a loop with no stop when a handler starts it per
    request; a handler typed in, deleted or its call half-typed re-analyses the starter,
    as a full analysis would read it."""
    path = TESTDATA / "GL009" / "sweeper_per_request.go"
    whole = path.read_text(encoding="utf-8")
    call = "\t\tsetSweepTicker(time.Second)\n\t})"
    assert call in whole
    start = whole.index('\thttp.HandleFunc("/sweep"')
    without = whole[:start] + whole[whole.index(call) + len(call) + 1 :]
    half_typed = whole.replace(call, "\t\tsetSweepTick(time.Second)\n\t})")
    assert [f.code for f in _incremental_equals_full(path, whole, without).findings] == []
    want = _incremental_equals_full(path, without, whole, half_typed, whole)
    assert [f.code for f in want.findings] == ["GL009"]


def test_a_space_typed_inside_a_quoted_expression_renames_it_as_in_full():
    """SPACES_BETWEEN_TOKENS (seed 363): GL006 quotes the consumer's channel as written,
    `merge(ins...)`; a space typed inside it in the consumer changes no token, but the
    producer's message must quote the new text, as a full analysis does."""
    path = TESTDATA / "GL006" / "fan_in.go"
    whole = path.read_text(encoding="utf-8")
    call = "range merge(ins...) {"
    assert call in whole
    spaced = whole.replace(call, "range merge(ins ...) {")
    want = _incremental_equals_full(path, whole, spaced, whole)
    assert ["`merge(ins...)`" in f.message for f in want.findings] == [True]


def test_a_file_that_only_calls_a_sibling_s_goroutine_starter_is_analysed_as_in_full():
    """STARTED_IN_A_SIBLING: `run.go` has no channel or `go` of its own, only a call of
    the printer its sibling starts; the editor's analysis reads it as `check` does, as
    the stop is removed and typed back."""
    folder = TESTDATA / "GL003" / "fixed_stopped_in_another_file"
    path = folder / "run.go"
    siblings = [SourceFile(str(folder / "printer.go"), (folder / "printer.go").read_bytes())]
    whole = path.read_text(encoding="utf-8")
    assert "\tdefer p.Stop()\n" in whole and "\treturn nil\n}" in whole
    dropped = whole.replace("\tdefer p.Stop()\n", "").replace(
        "\treturn nil\n}", "\tp.Stop()\n\treturn nil\n}"
    )
    want = _incremental_equals_full(path, whole, dropped, siblings=siblings)
    assert [f.code for f in want.findings] == ["GL003"]
    want = _incremental_equals_full(path, dropped, whole, siblings=siblings)
    assert want.findings == []


def test_a_done_retyped_in_one_method_reanalyses_the_wait_in_another():
    """Seed 227: `p.pending.Done()` retyped into another call in `Submit` leaves the count
    up on that path; `Drain`'s `p.pending.Wait()` is judged again (a `.Done()` or `.Add(`
    line is a construct line), as a full analysis would."""
    path = TESTDATA / "GL015" / "fixed_refused_work.go"
    whole = path.read_text(encoding="utf-8")
    done = "\t\tp.pending.Done()\n\t\treturn ErrClosed\n"
    assert done in whole
    retyped = whole.replace(done, "\t\tp.pendDone()\n\t\treturn ErrClosed\n")
    want = _incremental_equals_full(path, whole, retyped, whole)
    assert want.findings == []
    want = _incremental_equals_full(path, whole, retyped)
    assert [f.code for f in want.findings] == ["GL015"]
