"""`goleash check [PATH...]`: check Go files and directories, print the findings.

Each `.go` file is analysed together with the other files of its package (same
directory, same `package` clause), so `go worker(ch)` finds `worker` wherever it
is declared. Every file is read and parsed once per directory. Directories are
the unit of parallel work: big trees use every core, small ones stay in-process,
and the output is sorted, so it never depends on scheduling.

Exit status: 2 when anything could not be checked (a bad argument, a missing
path, an unreadable, non-UTF-8 or non-Go file), otherwise 1 when there are
findings, otherwise 0. Errors win over findings because a partial check must not
look like a complete one; every problem file is still reported on stderr and the
rest of the run goes on.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import stat
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from goleash.cli import options, walk
from goleash.cli.formats import NAMES, CheckOutput, InputError, renderer
from goleash.cli.progress import Progress
from goleash.config import Settings
from goleash.engine import analyze
from goleash.model import FileReport, Finding, Severity
from goleash.rules import ALL_RULES, get
from goleash.source import SourceFile

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

# Below this much Go source a process pool costs more than it saves.
PARALLEL_MIN_BYTES = 1_000_000

EPILOG = """\
exit status: 0 no findings, 1 findings, 2 something could not be checked
(bad arguments, missing path, unreadable / non-UTF-8 / non-Go file; each is
reported on stderr and the rest is still checked).
"""


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "check",
        help="check Go files and directories for goroutine leaks",
        description="Check Go files and directories for goroutine leaks.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    options.add_paths(p)
    p.add_argument("--format", choices=NAMES, default="text", help="output format (default: text)")
    options.add_rule_selection(p)
    p.add_argument("--severity", action="append", default=[], metavar="CODE=LEVEL",
                   help="override a rule's severity: hint, info, warning or error; repeatable")
    p.add_argument("--include-generated", action="store_true",
                   help="also check files marked '// Code generated ... DO NOT EDIT.'")
    options.add_file_selection(p)
    p.add_argument("--no-related", action="store_true", help="text format: omit the related-location lines")
    p.add_argument("--root", default=".", metavar="DIR",
                   help="SARIF: make artifact URIs relative to DIR (default: current directory)")
    p.add_argument("-o", "--output-file", metavar="FILE", help="write the report to FILE instead of stdout")
    p.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                   help="worker processes (default 0: one per core; 1: no pool)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")
    p.set_defaults(func=run)
    return p


class UsageError(Exception):
    pass


# -- settings from the command line ------------------------------------------

def _split(values: Iterable[str]) -> list[str]:
    return [part.strip() for v in values for part in v.split(",") if part.strip()]


def _rule_pattern(pattern: str, option: str) -> str:
    rule = get(pattern)
    if rule is not None:
        return rule.code
    upper = pattern.upper()
    if upper.startswith("GL") and any(r.code.startswith(upper) for r in ALL_RULES):
        return upper
    raise UsageError(f"unknown rule code or name in {option}: {pattern!r} (see `goleash rules`)")


def settings_from(args) -> Settings:
    select = tuple(_rule_pattern(p, "--select") for p in _split(args.select))
    ignore = tuple(_rule_pattern(p, "--ignore") for p in _split(args.ignore))
    severity: dict[str, Severity] = {}
    for item in _split(args.severity):
        code, sep, level = item.partition("=")
        rule = get(code)
        if not sep or rule is None:
            raise UsageError(f"--severity expects CODE=LEVEL with a known rule code, got {item!r}")
        try:
            severity[rule.code] = Severity.parse(level)
        except KeyError:
            raise UsageError(f"--severity {item!r}: level must be hint, info, warning or error") from None
    return Settings(select=select, ignore=ignore, severity=severity, include_generated=args.include_generated)


# -- reading files ------------------------------------------------------------

def load(path: str) -> tuple[SourceFile | None, str | None]:
    """The parsed file, or why it cannot be checked (one line, for a person)."""
    try:
        # Opening a FIFO or a device would block or never end: look first.
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None, "not a regular file"
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return None, f"cannot read file: {exc.strerror or exc}"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
    if not data.strip():
        return None, "empty file: not Go source (no package clause)"
    source = SourceFile(path, data)
    if source.package_name is None:
        return None, "not Go source: no package clause"
    return source, None


# -- one directory: the unit of work -------------------------------------------

@dataclass
class DirectoryJob:
    directory: str
    paths: list[str]  # files to check
    sibling_paths: list[str] = field(default_factory=list)  # read only to resolve callees
    size: int = 0


@dataclass
class DirectoryResult:
    reports: list[FileReport] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    sources: dict[str, bytes] = field(default_factory=dict)  # files findings point into
    files: int = 0
    lines: int = 0
    generated_skipped: int = 0


def check_directory(job: DirectoryJob, settings: Settings, with_fixes: bool = True) -> DirectoryResult:
    result = DirectoryResult(files=len(job.paths))
    checked: list[SourceFile] = []
    for path in job.paths:
        source, error = load(path)
        if error is not None:
            result.errors.append(InputError(path, error))
        else:
            checked.append(source)
            result.lines += source.data.count(b"\n")

    # The package clause of each file, read once (the tree walk is not free).
    packages = {s.path: s.package_name for s in checked}
    extra: list[SourceFile] | None = None

    def package_files() -> list[SourceFile]:
        # Files named on the command line may call functions declared in files that
        # were not named; those are read only when a goroutine needs them.
        nonlocal extra
        if extra is None:
            extra = [s for s in (load(p)[0] for p in job.sibling_paths) if s is not None]
            packages.update((s.path, s.package_name) for s in extra)
        return checked + extra

    def siblings_of(source: SourceFile) -> Callable[[], list[SourceFile]]:
        def siblings() -> list[SourceFile]:
            pkg = packages[source.path]
            return [s for s in package_files() if s is not source and packages[s.path] == pkg]

        return siblings

    by_path = {s.path: s for s in checked}
    for source in checked:
        report = analyze(source, siblings_of(source), settings, with_fixes=with_fixes)
        if report.skipped:
            # Counted in the summary instead of one note per generated file.
            result.generated_skipped += 1
            report.notes = []
        result.reports.append(report)
        for f in report.findings:
            for path in {f.path, *(r.location.path for r in f.related)}:
                s = by_path.get(path) or next((x for x in package_files() if x.path == path), None)
                if s is not None:
                    result.sources[path] = s.data
    return result


def plan(files: list[str]) -> list[DirectoryJob]:
    by_dir: dict[str, list[str]] = defaultdict(list)
    for path in files:
        by_dir[os.path.dirname(path)].append(path)
    jobs = []
    for directory, paths in by_dir.items():
        named = set(paths)
        siblings = []
        try:
            entries = sorted(os.listdir(directory or "."))
        except OSError:
            entries = []
        for name in entries:
            candidate = os.path.join(directory, name) if directory else name
            if name.endswith(".go") and candidate not in named and os.path.isfile(candidate):
                siblings.append(candidate)
        size = sum(_size(p) for p in paths)
        jobs.append(DirectoryJob(directory, paths, siblings, size))
    return jobs


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


# -- running the jobs -----------------------------------------------------------

_worker_options: tuple[Settings, bool] | None = None


def _init_worker(settings: Settings, with_fixes: bool) -> None:
    global _worker_options
    _worker_options = (settings, with_fixes)


def _work(job: DirectoryJob) -> DirectoryResult:
    assert _worker_options is not None
    return check_directory(job, *_worker_options)


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def run_jobs(
    jobs: list[DirectoryJob], settings: Settings, workers: int, progress: Progress, with_fixes: bool = True
) -> Iterator[DirectoryResult]:
    total = sum(j.size for j in jobs)
    if workers <= 1 or len(jobs) <= 1 or total < PARALLEL_MIN_BYTES:
        for job in jobs:
            result = check_directory(job, settings, with_fixes)
            progress.advance(result.files)
            yield result
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    # Largest directories first so no worker is left with a big one at the end.
    ordered = sorted(jobs, key=lambda j: -j.size)
    with ctx.Pool(min(workers, len(jobs)), initializer=_init_worker, initargs=(settings, with_fixes)) as pool:
        for result in pool.imap_unordered(_work, ordered, chunksize=1):
            progress.advance(result.files)
            yield result


@dataclass
class CheckRun:
    findings: list[Finding]
    errors: list[InputError]
    notes: list[str]
    sources: dict[str, bytes]
    files: int
    lines: int
    generated_skipped: int


def check_paths(
    paths: list[str],
    settings: Settings,
    excludes: tuple[str, ...] = (),
    default_excludes: bool = True,
    workers: int = 1,
    progress_stream=None,
    with_fixes: bool = True,
) -> CheckRun:
    found = walk.discover(paths, excludes, default_excludes)
    errors = [InputError(p, m.removeprefix("error: ")) for p, m in found.errors]
    jobs = plan(found.files)
    findings: list[Finding] = []
    notes: list[str] = []
    sources: dict[str, bytes] = {}
    files = lines = skipped = 0
    with Progress(len(found.files), progress_stream) as progress:
        for result in run_jobs(jobs, settings, workers, progress, with_fixes):
            errors.extend(result.errors)
            sources.update(result.sources)
            files += result.files
            lines += result.lines
            skipped += result.generated_skipped
            for report in result.reports:
                findings.extend(report.findings)
                notes.extend(report.notes)
    findings.sort(key=Finding.sort_key)
    errors.sort(key=lambda e: e.path)
    return CheckRun(findings, errors, sorted(notes), sources, files, lines, skipped)


# -- the sub-command ------------------------------------------------------------

def run(args) -> int:
    try:
        settings = settings_from(args)
    except UsageError as exc:
        print(f"goleash check: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    workers = args.jobs if args.jobs > 0 else cpu_count()
    result = check_paths(
        args.paths,
        settings,
        tuple(args.exclude),
        not args.no_default_excludes,
        workers,
        # Building fixes costs more than finding leaks; only JSON and SARIF show them.
        with_fixes=args.format != "text",
    )
    for error in result.errors:
        print(error, file=sys.stderr)
    for note in result.notes:
        print(note, file=sys.stderr)
    output = CheckOutput(result.findings, result.errors, result.sources, args.root, not args.no_related)
    render = renderer(args.format)
    if args.output_file:
        try:
            with open(args.output_file, "w", encoding="utf-8") as fh:
                render(output, fh)
        except OSError as exc:
            print(f"goleash check: error: cannot write {args.output_file}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_ERROR
    else:
        render(output, sys.stdout)
        sys.stdout.flush()
    if not args.quiet:
        print(summary(result), file=sys.stderr)
    if result.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if result.findings else EXIT_CLEAN


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(result: CheckRun) -> str:
    with_findings = len({f.path for f in result.findings})
    parts = [
        f"{_plural(len(result.findings), 'finding')} in {_plural(with_findings, 'file')}",
        f"checked {_plural(result.files, 'file')} ({_plural(result.lines, 'line')})",
    ]
    if result.generated_skipped:
        parts.append(f"{result.generated_skipped} generated skipped (--include-generated checks them)")
    if result.errors:
        parts.append(_plural(len(result.errors), "error"))
    return "goleash: " + "; ".join(parts)
