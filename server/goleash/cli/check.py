"""`goleash check [PATH...]`: check Go files and directories, print the findings.

Each `.go` file is analysed together with the other files of its package (same
directory, same `package` clause), so `go worker(ch)` finds `worker` wherever it
is declared; once per build when build constraints split the package
(goleash.project.builds). Each file gets the settings of its nearest
goleash.toml with the command line on top (cli.project_settings). Every file is read and parsed once per directory. Directories are
the unit of parallel work: big trees use every core, small ones stay in-process,
and the output is sorted, so it never depends on scheduling.

Exit status: 2 when anything could not be checked (a bad argument, a bad
goleash.toml, a missing path, an unreadable, non-UTF-8 or non-Go file), otherwise 1 when there are
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
from typing import Callable, Iterator

from goleash.cli import options, outputs, statistics, walk
from goleash.cli.formats import CheckOutput, InputError
from goleash.cli.progress import Progress
from goleash.cli.project_settings import (
    SettingsResolver,
    UsageError,
    config_errors,
    overrides_from,
    selection_probe_paths,
    selector_from,
    store_from,
)
from goleash.config import Settings
from goleash.engine import analyze
from goleash.project.builds import analyze_in_builds
from goleash.project.files import FileSelector
from goleash.model import FileReport, Finding
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
        description="Check Go files and directories for goroutine leaks. Settings come from the "
                    "nearest goleash.toml; the options below override it.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    options.add_paths(p)
    outputs.add_options(p)
    options.add_rule_selection(p)
    p.add_argument("--severity", action="append", default=[], metavar="CODE=LEVEL",
                   help="override a rule's severity: hint, info, warning or error; repeatable")
    p.add_argument("--include-generated", action="store_true",
                   help="also check files marked '// Code generated ... DO NOT EDIT.'")
    options.add_configuration(p)
    options.add_file_selection(p)
    p.add_argument("--no-related", action="store_true", help="text format: omit the related-location lines")
    p.add_argument("--root", default=".", metavar="DIR",
                   help="SARIF, GitHub, GitLab, Checkstyle, JUnit: make paths relative to DIR (default: current directory)")
    p.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                   help="worker processes (default 0: one per core; 1: no pool)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")
    p.set_defaults(func=run)
    return p


# -- reading files ------------------------------------------------------------

# Text read from stdin, by the path it stands for (--stdin-filename).
STDIN_TEXT: dict[str, bytes] = {}


def load(path: str) -> tuple[SourceFile | None, str | None]:
    """The parsed file, or why it cannot be checked (one line, for a person)."""
    if path in STDIN_TEXT:
        return _parsed(path, STDIN_TEXT[path])
    try:
        # Opening a FIFO or a device would block or never end: look first.
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None, "not a regular file"
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return None, f"cannot read file: {exc.strerror or exc}"
    return _parsed(path, data)


def _parsed(path: str, data: bytes) -> tuple[SourceFile | None, str | None]:
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


def _settings_for(settings: Settings | SettingsResolver):
    if isinstance(settings, SettingsResolver):
        return settings.for_file
    return lambda path: settings


def check_directory(job: DirectoryJob, settings: Settings | SettingsResolver, with_fixes: bool = True) -> DirectoryResult:
    settings_for = _settings_for(settings)
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
        # Once per build (OS) whose files differ: see goleash.project.builds.
        report = analyze_in_builds(source, siblings_of(source), settings_for(source.path), analyze, with_fixes=with_fixes)
        if report.skipped:
            # Counted in the summary instead of one note per generated file.
            result.generated_skipped += 1
            report.notes = []
        result.reports.append(report)
        for f in report.findings:
            edited = (e.path for fix in f.fixes for e in fix.edits if e.path is not None)  # a fix's other files
            for path in {f.path, *(r.location.path for r in f.related), *edited}:
                s = by_path.get(path) or next((x for x in package_files() if x.path == path), None)
                if s is not None:
                    result.sources[path] = s.data
    return result


def plan(files: list[str], stdin_names: tuple[str, ...] = ()) -> list[DirectoryJob]:
    by_dir: dict[str, list[str]] = defaultdict(list)
    for path in files:
        by_dir[os.path.dirname(path)].append(path)
    jobs = []
    for directory, paths in by_dir.items():
        named = set(paths) | set(stdin_names)
        siblings = []
        try:
            entries = sorted(os.listdir(directory or "."))
        except OSError:
            entries = []
        if any(p == "-" for p in paths):
            entries = []  # stdin without --stdin-filename: no package around it
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

_worker_options: tuple[Settings | SettingsResolver, bool] | None = None


def _init_worker(settings: Settings | SettingsResolver, with_fixes: bool) -> None:
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
    jobs: list[DirectoryJob], settings: Settings | SettingsResolver, workers: int, progress: Progress, with_fixes: bool = True
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
    settings: Settings | SettingsResolver,
    selector: FileSelector | None = None,
    workers: int = 1,
    progress_stream=None,
    with_fixes: bool = True,
    found: walk.Discovery | None = None,
) -> CheckRun:
    found = found or walk.discover(paths, selector)
    errors = [InputError(p, m.removeprefix("error: ")) for p, m in found.errors]
    jobs = plan(found.files, tuple(STDIN_TEXT))
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

def read_stdin(args) -> tuple[list[str], str | None]:
    """The paths to check, with `-` replaced by --stdin-filename (its text read
    now); or an error for stderr."""
    STDIN_TEXT.clear()  # from an earlier run in this process
    if "-" not in args.paths:
        if args.stdin_filename:
            return [], "--stdin-filename needs '-' among the paths"
        return args.paths, None
    if args.paths != ["-"]:
        return [], "'-' (stdin) cannot be mixed with other paths"
    name = os.path.normpath(args.stdin_filename) if args.stdin_filename else "-"
    if args.stdin_filename and not name.endswith(".go"):
        return [], f"--stdin-filename {args.stdin_filename}: not a Go file name (expected NAME.go)"
    STDIN_TEXT[name] = sys.stdin.buffer.read()
    return [name], None


def prepare(args, command: str):
    """What check and fix share: settings per file, the files, stdin. Returns
    (resolver, found) or an exit status after printing why."""
    def fail(message: str) -> int:
        print(f"goleash {command}: error: {message}", file=sys.stderr)
        return EXIT_ERROR

    try:
        store = store_from(args)
        resolver = SettingsResolver(store, overrides_from(args))
    except UsageError as exc:
        return fail(str(exc))
    paths, problem = read_stdin(args)
    if problem:
        return fail(problem)
    bad = config_errors(resolver, selection_probe_paths(paths))
    if bad:
        for line in bad:
            print(f"goleash {command}: error: {line}", file=sys.stderr)
        return EXIT_ERROR
    selector = selector_from(args, store)
    if STDIN_TEXT:
        name = paths[0]
        excluded = args.force_exclude and name != "-" and selector.excluded(name)
        found = walk.Discovery(files=[] if excluded else [name])
    else:
        found = walk.discover(paths, selector, args.force_exclude)
    bad = config_errors(resolver, found.files)
    if bad:
        for line in bad:
            print(f"goleash {command}: error: {line}", file=sys.stderr)
        return EXIT_ERROR
    return resolver, found


def run(args) -> int:
    try:
        wanted = outputs.parse(args.output_formats, args.output_file)
    except outputs.OutputError as exc:
        print(f"goleash check: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    prepared = prepare(args, "check")
    if isinstance(prepared, int):
        return prepared
    resolver, found = prepared
    workers = args.jobs if args.jobs > 0 else cpu_count()
    result = check_paths(
        [],
        resolver,
        workers=workers,
        with_fixes=outputs.needs_fixes(wanted) or args.statistics,
        found=found,
    )
    for error in result.errors:
        print(error, file=sys.stderr)
    for note in result.notes:
        print(note, file=sys.stderr)
    output = CheckOutput(result.findings, result.errors, result.sources, args.root, not args.no_related)
    problems = outputs.write(wanted, output, stdout_taken=args.statistics)
    if args.statistics:
        sys.stdout.write(statistics.table(result.findings))
        sys.stdout.flush()
    for problem in problems:
        print(f"goleash check: error: {problem}", file=sys.stderr)
    if not args.quiet:
        print(summary(result), file=sys.stderr)
    if result.errors or problems:
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
