"""The analysis engine: one Go file in, findings out. Every driver calls this.

Bytes in (with, when there are any, the other files of the package), plain
findings out; no printing, no LSP, no file-system walking. A rule that raises is
contained: the other rules still report and the failure becomes a note, an
`IncompleteAnalysis`: a note (a str, as every note) that also says, as data,
which file, and which function or rule when known, was not fully analysed, so
drivers can tell "clean" from "partly unchecked" without reading prose. Anything
in the analysis that skips part of a file should say so with one.

An analysis can be stopped from outside: run inside `cancellable(should_stop)`, it
asks `should_stop()` between rules (and the incremental layer between
declarations) and raises `Cancelled` once it says yes. The language server stops
the analysis of a version the user has typed past that way; nothing else changes
for a caller that does not ask for it.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from goleash import suppress
from goleash.analysis.examples import unrun_examples
from goleash.analysis.index import goroutine_starters, starts_a_goroutine
from goleash.analysis.package import Package, SiblingReads, is_test_file
from goleash.analysis.pipes import pipe_source_names
from goleash.config import DEFAULT, Settings
from goleash.model import FileReport, Finding, Location, Related, Severity, Span
from goleash.rules import ALL_RULES, UNUSED_SUPPRESSION
from goleash.rules.base import Context
from goleash.source import SourceFile

log = logging.getLogger(__name__)

Siblings = Iterable[SourceFile] | Callable[[], Iterable[SourceFile]]


class IncompleteAnalysis(str):
    """A note: part of `path` was not analysed (a rule failed, a function was skipped)."""

    path: str
    function: str | None
    rule: str | None

    def __new__(
        cls, text: str, path: str, function: str | None = None, rule: str | None = None
    ) -> IncompleteAnalysis:
        note = super().__new__(cls, text)
        note.path, note.function, note.rule = path, function, rule
        return note

    def __reduce__(
        self,
    ) -> tuple[
        type[IncompleteAnalysis], tuple[str, str, str | None, str | None]
    ]:  # to and from the CLI's worker processes
        return (IncompleteAnalysis, (str(self), self.path, self.function, self.rule))


class Cancelled(Exception):
    """The analysis stopped early: whoever started it no longer wants its result."""


# Per thread (each thread has its own context): one worker's request to stop never
# reaches an analysis running on another.
_should_stop: ContextVar[Callable[[], bool] | None] = ContextVar(
    "goleash_should_stop", default=None
)


@contextmanager
def cancellable(should_stop: Callable[[], bool]) -> Iterator[None]:
    """Analyses run in this block stop, raising `Cancelled`, at the first checkpoint
    after `should_stop()` returns true. It must be cheap: it is asked often."""
    token = _should_stop.set(should_stop)
    try:
        yield
    finally:
        _should_stop.reset(token)


def checkpoint() -> None:
    """A point where the analysis may stop: raises `Cancelled` if asked to."""
    should_stop = _should_stop.get()
    if should_stop is not None and should_stop():
        raise Cancelled()


def incomplete(notes: Iterable[str]) -> list[IncompleteAnalysis]:
    """The notes that say the analysis of a file is incomplete."""
    return [n for n in notes if isinstance(n, IncompleteAnalysis)]


def analyze_source(
    data: bytes,
    path: str = "<input>.go",
    siblings: Siblings = (),
    settings: Settings = DEFAULT,
) -> FileReport:
    return analyze(SourceFile(path, data), siblings, settings)


def analyze(
    file: SourceFile,
    siblings: Siblings = (),
    settings: Settings = DEFAULT,
    ranges: list[tuple[int, int]] | None = None,
    with_fixes: bool = True,
) -> FileReport:
    """Analyse one file. With `ranges`, only constructs that start inside them are
    checked (suppressions are applied, unused ones reported, only for a whole file)."""
    report = FileReport(file.path)
    if file.is_generated and not settings.include_generated:
        report.skipped = True
        report.notes.append(
            f"{file.path}: skipped: generated file (// Code generated ... DO NOT EDIT.)"
        )
        return report
    # Three files in four of a typical tree make no channel, start no goroutine and
    # derive no context: a substring test in C rules them out before any query.
    package = Package(file, siblings)
    if file_may_leak(file, package, settings):
        findings, notes = _check(file, package, settings, ranges, with_fixes)
        report.sibling_reads = package.reads
    else:
        findings, notes = [], []
        report.sibling_reads = SiblingReads()
    report.notes.extend(notes)
    report.findings = finish(
        file, findings, settings if ranges is None else _no_unused(settings), with_fixes
    )
    return report


def check_ranges(
    file: SourceFile,
    siblings: Siblings = (),
    settings: Settings = DEFAULT,
    ranges: list[tuple[int, int]] | None = None,
    with_fixes: bool = False,
) -> tuple[list[Finding], list[str]]:
    """Every rule over the constructs starting in `ranges` (the whole file when None):
    the raw findings, before merging and suppressions, and notes on rules that failed.
    The incremental analysis re-checks just the declarations an edit touched with it."""
    return _check(file, Package(file, siblings), settings, ranges, with_fixes)


def _check(
    file: SourceFile,
    package: Package,
    settings: Settings,
    ranges: list[tuple[int, int]] | None,
    with_fixes: bool,
) -> tuple[list[Finding], list[str]]:
    ctx = Context(file, package, ranges, with_fixes, preview=settings.preview)
    findings: list[Finding] = []
    notes: list[str] = []
    for rule in ALL_RULES:
        if not settings.enabled(rule.code, rule.name):
            continue
        checkpoint()
        try:
            produced = list(rule.check(ctx))
        except Exception as exc:  # a bug in one rule must not silence the others
            log.exception("rule %s failed on %s", rule.code, file.path)
            notes.append(
                IncompleteAnalysis(
                    f"{file.path}: internal error in rule {rule.code} ({type(exc).__name__}: {exc}); other rules still ran",
                    file.path,
                    rule=rule.code,
                )
            )
            continue
        severity = settings.severity_for(rule.code, rule.name, rule.severity)
        for f in produced:
            if severity != rule.severity and f.severity == rule.severity:
                f = _with_severity(f, severity)
            findings.append(f)
    unrun = unrun_examples(file)
    if unrun:  # EXAMPLES_NEVER_RUN: documentation `go test` never executes
        findings = [
            f
            for f in findings
            if f.location.path != file.path
            or not any(a <= f.location.span.start_byte < b for a, b in unrun)
        ]
    for name, line in ctx.skipped_functions():
        notes.append(
            IncompleteAnalysis(
                f"{file.path}:{line}: function {name} nests deeper than goleash follows; it was not analysed",
                file.path,
                function=name,
            )
        )
    return findings, notes


def finish(
    file: SourceFile,
    findings: list[Finding],
    settings: Settings = DEFAULT,
    with_fixes: bool = False,
) -> list[Finding]:
    """Raw findings of a whole file to what is reported: one per leak, suppressions applied
    (and unused ones reported), in source order."""
    merged = _merge(findings)
    return sorted(_apply_suppressions(file, merged, settings, with_fixes), key=Finding.sort_key)


# What any rule starts from: a channel made, a goroutine started (a `go` statement
# begins a line), a derived context, a ticker, a nil channel variable, a mutex locked,
# a receive or a range over a call of the package (a helper's channel: `range lines(r)`,
# not `range strings.Fields(s)`), a WaitGroup waited on. Plain substring tests (memmem,
# gigabytes a second) come first; a regular expression only where they cannot decide.
_PLAIN_TRIGGERS = (b"<-", b".Go(", b"context.With", b"NewTicker", b".Wait()")


# A channel made, declared or typed: `make(chan`, ` chan `, `\tchan `, `chan<-`; a `go`
# statement (index.starts_a_goroutine). Each word is searched once and its occurrences'
# neighbours read: one scan instead of one per spelling (the test runs on every file).
def _makes_or_types_a_channel(data: bytes) -> bool:
    i = data.find(b"chan")
    while i >= 0:
        after = data[i + 4 : i + 6]
        if after == b"<-" or data[max(i - 5, 0) : i] == b"make(":
            return True
        if after[:1] == b" " and data[max(i - 1, 0) : i] in (b" ", b"\t"):
            return True
        i = data.find(b"chan", i + 4)
    return False


# A mutex locked: only the rules that read locks start from it (about one file in seven
# of the standard library's candidates locks and does nothing else a rule looks at).
_LOCK_TRIGGERS = (b".Lock()", b".RLock()")
_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def _ranges_over_a_call(data: bytes) -> bool:
    """`range name(`: possibly a helper of the package returning its channel."""
    i = data.find(b"range ")
    while i >= 0:
        k = j = i + 6
        while k < len(data) and data[k] in _WORD:
            k += 1
        if k > j and data[k : k + 1] == b"(" and (i == 0 or data[i - 1] not in _WORD):
            return True
        i = data.find(b"range ", i + 6)
    return False


def could_leak(data: bytes, settings: Settings | None = None) -> bool:
    """Can this source contain anything a rule looks at? With `settings`, anything an
    enabled rule looks at (without, any rule: what the incremental layer asks)."""
    if (
        any(t in data for t in _PLAIN_TRIGGERS)
        or _makes_or_types_a_channel(data)
        or starts_a_goroutine(data)
        or _ranges_over_a_call(data)
    ):
        return True
    if _lock_rules_enabled(settings) and any(t in data for t in _LOCK_TRIGGERS):
        return True
    return any(
        t in data
        for rule in ALL_RULES
        if rule.triggers and (settings is None or settings.enabled(rule.code, rule.name))
        for t in rule.triggers
    )


def file_may_leak(file: SourceFile, package: Package, settings: Settings | None = None) -> bool:
    """Can anything a rule looks at start in this file: a construct of its own
    (could_leak), or a call of a sibling's goroutine starter (STARTED_IN_A_SIBLING)?"""
    return (
        could_leak(file.data, settings)
        or calls_a_goroutine_starter(file, package)
        or calls_a_pipe_source(file, package)
        or locks_under_a_siblings_recover(file, package, settings)
    )


def calls_a_pipe_source(file: SourceFile, package: Package) -> bool:
    """PIPE_SOURCE_CALLED: a file that calls a function of the package returning the
    reader of a pipe its goroutine writes (`body := stampedBody(env, doc)`) holds that
    reader, and the leak is a way out that leaves it unread and open, which no close in
    the file may hint at (blind dev p409 never closes it): STOPS_SOMETHING would skip it.
    Read from the text: the package's files are parsed only when one makes a pipe."""
    if not package.derived("makes-a-pipe", _any_makes_a_pipe):
        return False
    names = package.derived("pipe_source_names", pipe_source_names)
    return any(re.search(rb"\b" + re.escape(n.encode()) + rb"\(", file.data) for n in names)


def _any_makes_a_pipe(files: list[SourceFile]) -> bool:
    return any(f.matches(_MAKES_A_PIPE) for f in files)


_MAKES_A_PIPE = re.compile(rb"io\.Pipe\(\)")


def locks_under_a_siblings_recover(
    file: SourceFile, package: Package, settings: Settings | None = None
) -> bool:
    """RECOVERED_BY_THE_CALLER's file: a file that locks a mutex, in a package another
    file of which recovers panics (an HTTP middleware around the handlers): GL030 asks
    whether a panic under the lock is recovered by a caller. Read from the text."""
    if settings is not None and not settings.enabled("GL030", "lock-held-through-recover"):
        return False
    if is_test_file(file.path) or (b".Lock()" not in file.data and b".RLock()" not in file.data):
        return False
    return package.derived("recovers", _any_recovers)


def _any_recovers(files: list[SourceFile]) -> bool:
    # A module-level function: the derived facts travel with the package to the
    # worker processes, and a lambda cannot be pickled.
    return any(b"recover()" in f.data for f in files)


def calls_a_goroutine_starter(file: SourceFile, package: Package) -> bool:
    """STARTED_IN_A_SIBLING: a file with nothing of its own a rule starts from may still
    call a function or method of another file of the package that starts a goroutine
    (`rep = startReporter(w)`, `s := r.Stream(ctx, pages)`, then a `return` that skips
    the stop): the leak is decided in the caller. A declaration starts one when its text
    (from its `func` to the next top-level `func`) holds a `go` statement; its calls are
    `name(` for a function (not `pkg.name(`), `.name(` for a method. Trade-offs: read
    from the text, no parse, so a method's name matches a same-named method of any type;
    a test file is left as before (TESTS_MAKE_OBJECTS: a test that only makes objects
    and never stops them ends with its binary, and syncthing's ignore tests alone made
    34 such findings); STOPS_SOMETHING: only a file that calls a `Close()`, `Stop()` or
    `Shutdown()` is asked (the leaks this is for skip a stop on some path), so the
    package's other files are read for 100 of the standard library's 2,416 files with
    nothing of their own, not for all (a file that never stops the object it makes is
    left as before); CONSUMES_A_FIELD below is the other way in."""
    if is_test_file(file.path) or (
        _STOPS_SOMETHING.search(file.data) is None
        and _RANGES_OVER_A_FIELD.search(file.data) is None
    ):
        return False
    names = package.derived("goroutine-starters", goroutine_starters)
    if not names[0] and not names[1]:
        return False
    return _call_of(names).search(file.data) is not None


_STOPS_SOMETHING = re.compile(rb"\.(?:Close|Stop|Shutdown)\(\)")
# CONSUMES_A_FIELD: `for r := range f.C {`, the channel a sibling's method hands back in
# the struct it returns (`f := m.stream(ctx)`), read until a `return` gives up on it.
# Trade-off: any range over a field (most are slices) makes the file read its package's
# starters, as a stop does.
_RANGES_OVER_A_FIELD = re.compile(rb"\brange\s+\w+\.\w+\s*\{")


@functools.lru_cache(maxsize=64)
def _call_of(names: tuple[frozenset[bytes], frozenset[bytes]]) -> re.Pattern[bytes]:
    functions, methods = names
    forms = []
    if functions:
        forms.append(rb"(?<![.\w])(?:" + b"|".join(re.escape(n) for n in sorted(functions)) + rb")")
    if methods:
        forms.append(rb"\.(?:" + b"|".join(re.escape(n) for n in sorted(methods)) + rb")")
    return re.compile(rb"(?:" + b"|".join(forms) + rb")\(")


def _lock_rules_enabled(settings: Settings | None) -> bool:
    if settings is None:
        return True
    return any(rule.reads_locks and settings.enabled(rule.code, rule.name) for rule in ALL_RULES)


def _no_unused(settings: Settings) -> Settings:
    from dataclasses import replace

    return replace(settings, report_unused_suppressions=False)


def _with_severity(f: Finding, severity: Severity) -> Finding:
    from dataclasses import replace

    return replace(f, severity=severity)


def _merge(findings: list[Finding]) -> list[Finding]:
    """One finding per (rule, place): `go leaky(ch)` three times is one leak with three starts.
    A softer finding at a place a louder one already reports (a helper's unbuffered result,
    GL013, where a caller is seen abandoning it) says nothing more and is dropped."""
    from dataclasses import replace

    # Where the counting model judged an operation, a supplementary shape's finding there
    # is one a whole-file analysis never makes (leakfinder only adds those elsewhere);
    # an analysis of part of the file may have found it without seeing the judgement.
    # (Each finding's place read once: the editor merges every finding of a file on
    # each keystroke.)
    placed = [(f, f.location.path, f.location.span) for f in findings]
    judged = {(path, span.start_byte) for f, path, span in placed if f.origin == "judged"}
    if judged:
        placed = [
            p
            for p in placed
            if p[0].origin != "supplementary" or (p[1], p[2].start_byte) not in judged
        ]
    loudest: dict[tuple[str, int, int], Severity] = {}
    for f, path, span in placed:
        key = (path, span.start_byte, span.end_byte)
        severity = f.severity
        louder = loudest.get(key)
        if louder is None or severity > louder:
            loudest[key] = severity
    copies: dict[tuple[str, str, int, int], list[Finding]] = {}
    for f, path, span in placed:
        if f.severity >= loudest[(path, span.start_byte, span.end_byte)]:
            copies.setdefault((f.code, path, span.start_byte, span.end_byte), []).append(f)
    merged = []
    for same in copies.values():
        if len(same) == 1:
            merged.append(same[0])
            continue
        # The order the copies were found in is incidental: the copy whose places come
        # first speaks, and what the others add (more `go` statements) follows in source
        # order.
        first = min(same, key=_places)
        extra = {r for f in same for r in f.related if r not in first.related}
        merged.append(
            replace(
                first,
                related=first.related + tuple(sorted(extra, key=_place)),
                fixes=first.fixes or next((f.fixes for f in same if f.fixes), ()),
            )
        )
    return merged


def _place(r: Related) -> tuple[str, int, str]:
    return (r.location.path, r.location.span.start_byte, r.message)


def _places(f: Finding) -> list[tuple[str, int, str]]:
    return [_place(r) for r in f.related]


def _apply_suppressions(
    file: SourceFile, findings: list[Finding], settings: Settings, with_fixes: bool = False
) -> list[Finding]:
    sups = suppress.collect(file)
    if not sups:
        return findings
    kept = []
    for f in findings:
        hit = [s for s in sups if s.covers(f.code, f.span.start.row)]
        for s in hit:
            s.used = True
        if not hit:
            kept.append(f)
    rule = UNUSED_SUPPRESSION
    if settings.report_unused_suppressions and settings.enabled(rule.code, rule.name):
        for s in sups:
            if s.used or not s.ours:
                continue
            codes = s.codes
            if codes is not None and not any(settings.enabled(c) for c in codes):
                continue  # it suppresses a rule this run does not check
            what = ", ".join(sorted(codes)) if codes else "goleash"
            unused = Finding(
                rule.code,
                rule.name,
                f"unused suppression: no {what} finding here to silence; remove the comment",
                Location(file.path, Span.of(s.comment)),
                settings.severity_for(rule.code, rule.name, rule.severity),
            )
            if with_fixes:
                from dataclasses import replace

                from goleash.fixes import remove_suppression

                fix = remove_suppression(file, unused)
                if fix is not None:
                    unused = replace(unused, fixes=(replace(fix, preferred=True),))
            kept.append(unused)
    return kept


__all__ = [
    "Cancelled",
    "IncompleteAnalysis",
    "analyze",
    "analyze_source",
    "cancellable",
    "check_ranges",
    "checkpoint",
    "could_leak",
    "file_may_leak",
    "finish",
    "incomplete",
]
