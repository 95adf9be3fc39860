"""`goleash fix [PATH...]`: apply the preferred quick fixes, re-check, repeat until stable.

Only SAFE fixes by default (`--unsafe-fixes` adds the unsafe ones); display-only
fixes never. The files of a directory are fixed together: each with the current text
of its package's other files as siblings, then re-analysed, because one fix can make
another finding appear (a made nil channel that nobody closes) or go away. The loop
stops when a pass changes nothing, or after MAX_PASSES. A fix may edit another file
of the package (the method that gives up is declared there) when that file is being
fixed too. A fix is applied only if every file it touches still parses and stays
gofmt-clean (when gofmt is installed); otherwise it is refused and reported. A file
that already had syntax errors is left alone, since a person is in the middle of
editing it. Files marked generated are never fixed. The changed files of a directory
are written as one set: all of them, or none if one cannot be written.

Exit status as for `check`: 0 nothing left, 1 findings remain, 2 something could
not be checked or written.
"""

from __future__ import annotations

import argparse
import difflib
import errno
import os
import stat
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field

from goleash import gomod
from goleash.cli import options, walk
from goleash.cli.exit_status import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
from goleash.cli.formats import relative_path
from goleash.cli.jobs import plan_found
from goleash.cli.loading import STDIN_TEXT, load, load_all
from goleash.cli.preparation import prepare
from goleash.cli.project_settings import SettingsSource, settings_lookup
from goleash.config import Settings
from goleash.engine import analyze
from goleash.fixes import EditError, apply_to_files, choose_fixes
from goleash.fixes.edits import still_parses
from goleash.fixes.formatting import keeps_gofmt_clean
from goleash.fixes.selection import allowed
from goleash.model import Applicability, Finding, Fix
from goleash.project.builds import analyze_in_builds
from goleash.project.files import FileSelector
from goleash.source import SourceFile

MAX_PASSES = 8

EPILOG = """\
exit status: 0 no findings left, 1 findings remain (with --diff: or a change
was printed), 2 something could not be checked or written. Without
--unsafe-fixes only safe fixes are applied. With '-' the fixed text (or with
--diff the diff) is printed instead of written.
"""


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "fix",
        help="apply the preferred quick fixes to Go files",
        description="Apply goleash's preferred quick fixes, re-checking until nothing more can be fixed.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    options.add_paths(p)
    p.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="also apply fixes that change behaviour (a channel buffer, a made nil channel, ...)",
    )
    p.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff of the fixes instead of writing files (exit 1 when there is one)",
    )
    options.add_rule_selection(p)
    options.add_configuration(p)
    options.add_file_selection(p)
    p.add_argument(
        "-q", "--quiet", action="store_true", help="no per-fix lines and no summary on stderr"
    )
    p.set_defaults(func=run, severity=[], include_generated=False, root=".")
    return p


@dataclass
class Applied:
    path: str
    row: int  # 0-based, in the text the fix was built for
    code: str
    title: str
    also: tuple[str, ...] = ()  # the package's other files the fix edited
    why: str = ""  # for a refused fix: what was wrong with its result


@dataclass
class FileOutcome:
    path: str
    original: bytes
    fixed: bytes
    applied: list[Applied] = field(default_factory=list)
    refused: list[Applied] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    skipped: str | None = None  # why the file was not fixed at all
    unwritten: list[str] = field(default_factory=list)  # codes fixed in memory but not written


def _fix_key(f: Finding, fix: Fix) -> tuple:
    return (f.path, f.code, f.message, fix.title)


def _progress_key(f: Finding, fix: Fix, sources: dict[str, SourceFile]) -> tuple:
    """What a fix does, by place: each edit's new text with the text of the line it
    starts in. A fix that did not remove its finding comes back a pass later with the
    same key (the same `Done` before the same `return`), though the line numbers its
    message and title name have moved; one fixing the next of several sends does not."""
    parts = []
    for e in fix.edits:
        source = sources.get(e.target(f.path))
        data = source.data if source is not None else b""
        start = data.rfind(b"\n", 0, e.start_byte) + 1
        end = data.find(b"\n", e.start_byte)
        parts.append((e.target(f.path), e.new_text, data[start : end if end >= 0 else None]))
    return (f.path, f.code, tuple(parts))


def _skip_reason(source: SourceFile) -> str | None:
    if source.is_generated:
        return "generated file (// Code generated ... DO NOT EDIT.): never fixed"
    if source.root.has_error:
        return "has syntax errors: not fixed"
    return None


def _check(file, siblings, settings):
    # Every build's findings (see goleash.project.builds), so a fix is not
    # missed because its leak only shows with the windows files.
    return analyze_in_builds(file, siblings, settings, analyze)


def fix_source(
    path: str,
    data: bytes,
    siblings=lambda: [],
    settings: Settings = Settings(),
    unsafe: bool = False,
    max_passes: int = MAX_PASSES,
) -> FileOutcome:
    """Fix one file's text (nothing is written); its siblings are read, never edited, so a
    fix that must edit one of them is left. See `fix_package` to fix files together."""
    return fix_package({path: data}, siblings, lambda p: settings, unsafe, max_passes)[0]


def fix_package(
    texts: dict[str, bytes],
    others=lambda: [],
    settings_for=lambda path: Settings(),
    unsafe: bool = False,
    max_passes: int = MAX_PASSES,
) -> list[FileOutcome]:
    """Fix the files of one directory together (nothing is written): `texts` maps each file
    to fix to its text, `others` gives the directory's files that are only read.

    Each file is fixed pass by pass until a pass changes nothing (at most `max_passes`),
    with the current text of the others as its siblings. A fix may edit another of the
    files being fixed; that file is then looked at again. A fix is applied only when
    every file it touches still parses (and stays gofmt-clean), else none of it is."""
    sources = {p: SourceFile(p, d) for p, d in texts.items()}
    outcomes = {p: FileOutcome(p, d, d) for p, d in texts.items()}
    fixable: set[str] = set()
    for p, source in sources.items():
        outcomes[p].skipped = _skip_reason(source)
        if outcomes[p].skipped is None:
            fixable.add(p)
    read_only: list[SourceFile] | None = None

    def siblings_of(path: str):
        def siblings() -> list[SourceFile]:
            nonlocal read_only
            if read_only is None:  # read on first need: most files never look at their siblings
                read_only = [s for s in others() if s.path not in sources]
            pkg = sources[path].package_name
            return [
                s
                for s in list(sources.values()) + read_only
                if s.path != path and s.package_name == pkg
            ]

        return siblings

    refused: set = set()
    # NO_PROGRESS: a fix whose finding is still there, the same, after it was applied did
    # not do what it says; applying it again would only stack the same edit (a `Done`
    # added once per pass). It is applied again only while the findings it is offered for
    # grow fewer (two alike, fixed one per pass); else the finding is left.
    applied: dict[tuple, int] = {}
    budget = {p: max_passes for p in sources}
    queue = [p for p in sources if p in fixable]
    while queue:
        path = queue.pop(0)
        while budget[path] > 0:
            budget[path] -= 1
            report = _check(sources[path], siblings_of(path), settings_for(path))

            offered = Counter(
                _progress_key(f, fix, sources) for f in report.findings for fix in f.fixes
            )

            def usable(f: Finding, fix: Fix, path=path, offered=offered) -> bool:
                # Another file may be edited only when it is being fixed too.
                progress = _progress_key(f, fix, sources)
                if progress in applied and offered[progress] >= applied[progress]:
                    return False  # NO_PROGRESS
                return _fix_key(f, fix) not in refused and fix.other_files(path) <= fixable

            chosen = choose_fixes(report.findings, unsafe, usable)
            if not chosen:
                break
            applied.update(
                (key, offered[key]) for key in (_progress_key(f, fix, sources) for f, fix in chosen)
            )
            new = _apply_checked(sources, path, chosen, refused, outcomes[path])
            if new is None:
                continue  # everything chosen was refused; try what is left
            for q, data in new.items():
                sources[q] = SourceFile(q, data)
                if q != path and q not in queue and budget[q] > 0:
                    queue.append(q)  # changed under it: its own fixes are built again
    for p, outcome in outcomes.items():
        outcome.fixed = sources[p].data
        outcome.remaining = _check(sources[p], siblings_of(p), settings_for(p)).findings
    return list(outcomes.values())


def _fault(before: bytes, after: bytes) -> str | None:
    """What is wrong with `after` as the new text of a file that was `before`, if anything."""
    if not still_parses(before, after):
        return "the result would not parse"
    if not keeps_gofmt_clean(before, after):
        return "the result would not be gofmt-clean"
    return None


def _apply_checked(
    sources: dict[str, SourceFile], path: str, chosen, refused: set, outcome: FileOutcome
) -> dict[str, bytes] | None:
    """Apply the chosen fixes of `path`'s findings together (the new text of every file they
    touch); when that fails validation, find the culprits one by one."""
    texts = {p: s.data for p, s in sources.items()}

    def record(f: Finding, fix: Fix, into: list[Applied], why: str = "") -> None:
        into.append(
            Applied(
                outcome.path,
                f.span.start.row,
                f.code,
                fix.title,
                tuple(sorted(fix.other_files(path))),
                why,
            )
        )

    def attempt(edits) -> tuple[dict[str, bytes] | None, str]:
        try:
            new = apply_to_files(texts, edits, path)
        except EditError:
            return None, "its edits do not fit the text"
        faults = [fault for p, data in new.items() if (fault := _fault(texts[p], data)) is not None]
        return (None, faults[0]) if faults else (new, "")

    new, _ = attempt([e for _, fix in chosen for e in fix.edits])
    if new is not None:
        for f, fix in chosen:
            record(f, fix, outcome.applied)
        return new
    for f, fix in chosen:
        alone, why = attempt(fix.edits)
        if alone is not None:
            record(f, fix, outcome.applied)
            return alone  # one at a time from here: the others are re-built on the new text
        refused.add(_fix_key(f, fix))
        record(f, fix, outcome.refused, why)
    return None


# -- files and directories --------------------------------------------------------


def _temporary_copy(path: str, data: bytes) -> str:
    """`data` in a new file beside `path`, with its permissions: the first half of a write."""
    directory = os.path.dirname(path) or "."
    mode = os.stat(path).st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=".goleash-", suffix=".go.tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def write_together(files: dict[str, bytes], originals: dict[str, bytes] | None = None) -> None:
    """Replace the files as one set: every new text is written beside its file first, and
    only when all of them could be are the files replaced. If one cannot be written,
    none is changed.

    Each is written where it really is: through a symbolic link (the link stays a link).
    A file with one name is replaced atomically (the new file renamed over it); a file
    other hard links share is written in place, so they all see the fix
    (_write_in_place, which puts the original back if that fails)."""
    originals = originals or {}
    staged: list[tuple[str, str]] = []
    try:
        for path, data in files.items():
            real = os.path.realpath(path)
            if not stat.S_ISREG(os.stat(real).st_mode):
                raise OSError(errno.EINVAL, f"{path}: not a regular file")
            staged.append((_temporary_copy(real, data), real))
    except BaseException:
        for tmp, _ in staged:
            os.unlink(tmp)
        raise
    for (tmp, real), (path, data) in zip(staged, files.items()):
        if os.stat(real).st_nlink > 1:
            os.unlink(tmp)
            _write_in_place(real, data, originals.get(path, data))
        else:
            os.replace(tmp, real)


def _write_in_place(path: str, data: bytes, original: bytes) -> None:
    """Into the inode itself: opened without truncation, overwritten, then cut to length;
    if that fails half-way the original text is put back."""
    fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        try:
            _overwrite(fd, data)
        except OSError:
            try:
                _overwrite(fd, original)
            except OSError:
                pass
            raise
    finally:
        os.close(fd)


def _overwrite(fd: int, data: bytes) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.ftruncate(fd, len(data))
    os.fsync(fd)


def fix_paths(
    paths: list[str],
    settings: SettingsSource,
    unsafe: bool,
    selector: FileSelector | None = None,
    found: walk.Discovery | None = None,
):
    """Fix every Go file under `paths`, directory by directory (nothing written here)."""
    found = found or walk.discover(paths, selector)
    gomod.set_boundaries(found.roots)
    settings_for = settings_lookup(settings)
    errors = [(p, m.removeprefix("error: ")) for p, m in found.errors]
    outcomes: list[FileOutcome] = []
    for job in plan_found(found):
        current: dict[str, bytes] = {}
        for p in job.paths:
            source, error = load(p)
            if source is None:
                errors.append((p, error or "cannot be checked"))
            else:
                current[p] = source.data

        def read_only(job=job) -> list[SourceFile]:
            return load_all(job.sibling_paths)

        outcomes.extend(fix_package(current, read_only, settings_for, unsafe))
    return outcomes, errors


def _diff(outcome: FileOutcome) -> str:
    # `a/path` and `b/path` relative to the current directory, as git prints them
    # (so `git apply` takes the diff); a file outside it keeps its absolute path.
    shown = relative_path(outcome.path)
    old, new = (shown, shown) if shown.startswith("/") else (f"a/{shown}", f"b/{shown}")
    return "".join(
        difflib.unified_diff(
            outcome.original.decode("utf-8", "replace").splitlines(True),
            outcome.fixed.decode("utf-8", "replace").splitlines(True),
            old,
            new,
        )
    )


def _counts(items) -> str:
    c = Counter(items)
    return ", ".join(f"{code}: {n}" for code, n in sorted(c.items()))


def _why_left(f: Finding, unsafe: bool, fixing: frozenset[str] | set[str] = frozenset()) -> str:
    kinds = {x.applicability for x in f.fixes}
    if not f.fixes:
        return "no automatic fix"
    elsewhere = [x.other_files(f.path) - set(fixing) for x in f.fixes if allowed(x, unsafe)]
    if elsewhere and all(elsewhere):
        names = ", ".join(sorted(relative_path(p) for p in set().union(*elsewhere)))
        return f"its fix also edits {names}, which is not being fixed"
    if Applicability.UNSAFE in kinds and not unsafe and Applicability.SAFE not in kinds:
        return "unsafe fix available with --unsafe-fixes"
    if kinds == {Applicability.DISPLAY_ONLY}:
        return "fix shown in the editor only"
    return "fix could not be applied"


def run(args) -> int:
    prepared = prepare(args, "fix")
    if isinstance(prepared, int):
        return prepared
    resolver, found = prepared
    outcomes, errors = fix_paths([], resolver, args.unsafe_fixes, found=found)
    err = sys.stderr
    for path, message in errors:
        print(f"{path}: error: {message}", file=err)
    status_error = bool(errors)
    printed_diff = False
    to_write: dict[str, dict[str, bytes]] = {}  # by directory: a fix edits files of one package
    for o in outcomes:
        if o.path in STDIN_TEXT and not args.diff:
            sys.stdout.buffer.write(o.fixed)  # a formatter's contract: the new text, changed or not
            continue
        if o.fixed == o.original:
            continue
        if args.diff:
            sys.stdout.write(_diff(o))
            printed_diff = True
            continue
        to_write.setdefault(os.path.dirname(o.path), {})[o.path] = o.fixed
    for directory, files in to_write.items():
        try:
            write_together(files, {o.path: o.original for o in outcomes if o.path in files})
        except OSError as exc:
            names = ", ".join(sorted(files))
            print(
                f"{directory or '.'}: error: cannot write the fixed files ({names}), none was changed: "
                f"{exc.strerror or exc}",
                file=err,
            )
            status_error = True
            for o in outcomes:
                if o.path in files:
                    # Its findings are all still there: what was fixed in memory is not on disk.
                    o.unwritten = [a.code for a in o.applied]
                    o.applied = []
                    o.fixed = o.original
    sys.stdout.flush()
    remaining = [f for o in outcomes for f in o.remaining]
    unwritten = [code for o in outcomes for code in o.unwritten]
    fixing = {o.path for o in outcomes if o.skipped is None}
    if not args.quiet:
        verb = "would fix" if args.diff else "fixed"
        for o in outcomes:
            if o.skipped and any(True for _ in o.remaining):
                print(f"{o.path}: {o.skipped}", file=err)
            for a in o.applied:
                also = (
                    f" (also edits {', '.join(relative_path(p) for p in a.also)})" if a.also else ""
                )
                print(f"{a.path}:{a.row + 1}: {verb} {a.code}: {a.title}{also}", file=err)
            for a in o.refused:
                print(f"{a.path}:{a.row + 1}: refused {a.code} fix ({a.why}): {a.title}", file=err)
        for f in sorted(remaining, key=Finding.sort_key):
            print(
                f"{f.path}:{f.span.start.row + 1}:{f.span.start.column + 1}: {f.code} left ({_why_left(f, args.unsafe_fixes, fixing)}): {f.message}",
                file=err,
            )
        applied = [a.code for o in outcomes for a in o.applied]
        changed = sum(1 for o in outcomes if o.fixed != o.original)
        line = f"goleash: {verb} {len(applied)} finding{'s' if len(applied) != 1 else ''}"
        if applied:
            line += f" ({_counts(applied)}) in {changed} file{'s' if changed != 1 else ''}"
        left = [f.code for f in remaining] + unwritten
        line += f"; {len(left)} left"
        if left:
            line += f" ({_counts(left)})"
        files_unwritten = sum(1 for o in outcomes if o.unwritten)
        if files_unwritten:
            line += f"; {files_unwritten} file{'s' if files_unwritten != 1 else ''} could not be written"
        refused = [a for o in outcomes for a in o.refused]
        if refused:
            line += f"; {len(refused)} fix{'es' if len(refused) != 1 else ''} refused"
        print(line, file=err)
    if status_error:
        return EXIT_ERROR
    # Like `gofmt -d` and `ruff format --diff`: a printed diff means work to do.
    return EXIT_FINDINGS if remaining or unwritten or printed_diff else EXIT_CLEAN
