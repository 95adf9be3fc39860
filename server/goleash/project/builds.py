"""Which files of a package are analysed together: one group per build.

`go worker(ch)` where `worker` is declared in `worker_linux.go` and again in
`worker_windows.go` is ambiguous if every file of the directory is one package;
the go tool never compiles both. So a file is analysed once per distinct set of
siblings its builds select (the host's, linux, windows, darwin), and the
findings are merged. The engine is still called one file at a time with the
siblings it should see; this module only decides which those are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from goleash.config import Settings
from goleash.model import FileReport, Finding
from goleash.project.build import HEADER_BYTES, Constraint, Target, default_targets
from goleash.source import SourceFile

Analyze = Callable[..., FileReport]


class ConstraintCache:
    """Each file's constraint, read again only when the start of its text changes."""

    def __init__(self) -> None:
        # path -> (the text last read, a hash of its header, its constraint)
        self._cache: dict[str, tuple[bytes, int, Constraint]] = {}

    def of(self, source: SourceFile) -> Constraint:
        hit = self._cache.get(source.path)
        # The same text object: asked once per sibling of every file of a directory,
        # so this must cost nothing. Holding the text keeps its address from reuse.
        if hit is not None and hit[0] is source.data:
            return hit[2]
        # The header (where constraints live) is at the start; hashing that much is
        # cheaper than parsing it (an editor's new text with the same header).
        key = hash(source.data[:HEADER_BYTES])
        if hit is not None and hit[1] == key:
            constraint = hit[2]
        else:
            constraint = Constraint.of(source.path, source.data)
        self._cache[source.path] = (source.data, key, constraint)
        return constraint


_SHARED = ConstraintCache()


def targets_for(constraint: Constraint, targets: list[Target]) -> list[Target]:
    """The builds a file is part of; a file in none of them (`//go:build ignore`,
    `//go:build integration`) gets a build of its own with its custom tags set."""
    matching = [t for t in targets if constraint.satisfied_by(t)]
    if matching:
        return matching
    own = constraint.own_target(targets[0])
    return [own] if constraint.satisfied_by(own) else [targets[0]]


def siblings_in(
    target: Target, candidates: Iterable[SourceFile], cache: ConstraintCache = _SHARED
) -> list[SourceFile]:
    out = []
    for s in candidates:
        constraint = cache.of(s)
        if constraint.unconstrained or constraint.satisfied_by(target):
            out.append(s)
    return out


@dataclass
class Candidates:
    """The package's other files, loaded on first use (the engine often needs none).
    One pool may serve every file of a package (each file's own entry is left out by
    `Package`): the files of each build are then chosen once, not once per file."""

    load: Callable[[], Iterable[SourceFile]]
    files: list[SourceFile] | None = None
    cache: ConstraintCache = field(default_factory=lambda: _SHARED)
    _by_target: dict[Target, list[SourceFile]] = field(default_factory=dict)

    def get(self) -> list[SourceFile]:
        if self.files is None:
            self.files = list(self.load())
        return self.files

    def in_target(self, target: Target) -> list[SourceFile]:
        chosen = self._by_target.get(target)
        if chosen is None:
            chosen = self._by_target[target] = siblings_in(target, self.get(), self.cache)
        return chosen


def analyze_in_builds(
    file: SourceFile,
    candidates: Iterable[SourceFile] | Callable[[], Iterable[SourceFile]],
    settings: Settings,
    analyze: Analyze,
    others: Analyze | None = None,
    targets: list[Target] | None = None,
    eager: bool = False,
    cache: ConstraintCache = _SHARED,
    pool: Candidates | None = None,
    **options,
) -> FileReport:
    """`file` analysed with the siblings of each of its builds, findings merged.

    `analyze` runs the first build (the host's when the file is in it) and
    `others` (default: `analyze`) each further build whose siblings differ. The
    further builds only run when the first one read the siblings at all, unless
    `eager` (for an analyzer that may answer from a cache without asking).
    """
    if pool is None:
        load = candidates if callable(candidates) else (lambda c=list(candidates): c)
        pool = Candidates(load, cache=cache)
    builds = targets_for(cache.of(file), targets or default_targets())
    first = builds[0]
    asked = False

    def first_siblings() -> list[SourceFile]:
        nonlocal asked
        asked = True
        return pool.in_target(first)

    report = analyze(file, first_siblings, settings, **options)
    if len(builds) == 1 or (not asked and not eager) or report.skipped:
        return report
    seen = {_key(pool.in_target(first))}
    reports = [report]
    reads = report.sibling_reads
    for target in builds[1:]:
        chosen = pool.in_target(target)
        key = _key(chosen)
        if key in seen:
            continue
        seen.add(key)
        if reads is not None and reads.same_in(file, chosen):
            continue  # what the analysis looked up is declared the same in this build
        reports.append((others or analyze)(file, chosen, settings, **options))
    return merge(reports) if len(reports) > 1 else report


def _key(files: list[SourceFile]) -> tuple[str, ...]:
    return tuple(s.path for s in files)  # in the loader's order, the same for every build


def merge(reports: list[FileReport]) -> FileReport:
    """One report: each finding once (the first build's wording), notes once each.

    An unused-suppression finding is kept only when every build reports it: a
    suppression that silences something in the linux build is not unused.
    """
    from goleash.rules import UNUSED_SUPPRESSION

    unused_in_all = set.intersection(
        *(
            {_finding_key(f) for f in r.findings if f.code == UNUSED_SUPPRESSION.code}
            for r in reports
        )
    )
    out = FileReport(reports[0].path)
    out.skipped = reports[0].skipped
    seen: set[tuple] = set()
    findings: list[Finding] = []
    for report in reports:
        for f in report.findings:
            key = _finding_key(f)
            if f.code == UNUSED_SUPPRESSION.code and key not in unused_in_all:
                continue
            if key not in seen:
                seen.add(key)
                findings.append(f)
        for note in report.notes:
            if note not in out.notes:
                out.notes.append(note)
    out.findings = sorted(findings, key=Finding.sort_key)
    return out


def _finding_key(f: Finding) -> tuple:
    return (f.code, f.path, f.span.start_byte, f.span.end_byte)
