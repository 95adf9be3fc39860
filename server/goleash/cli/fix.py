"""`goleash fix [PATH...]`: apply the preferred quick fixes, re-check, repeat until stable.

Only SAFE fixes by default (`--unsafe-fixes` adds the unsafe ones); display-only
fixes never. Each file is fixed with the current text of its package's other files
as siblings, then re-analysed, because one fix can make another finding appear (a
made nil channel that nobody closes) or go away. The loop stops when a pass changes
nothing, or after MAX_PASSES. A fix whose result no longer parses is refused and
reported; a file that already had syntax errors is left alone, since a person is
in the middle of editing it. Files marked generated are never fixed.

Exit status as for `check`: 0 nothing left, 1 findings remain, 2 something could
not be checked or written.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field

from goleash.cli import options, walk
from goleash.cli.check import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, STDIN_TEXT, load, plan, prepare
from goleash.cli.formats import relative_path
from goleash.cli.project_settings import SettingsResolver
from goleash.config import Settings
from goleash.engine import analyze
from goleash.fixes import EditError, apply_edits, preferred_fix
from goleash.fixes.edits import overlaps
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
    p.add_argument("--unsafe-fixes", action="store_true",
                   help="also apply fixes that change behaviour (a channel buffer, a made nil channel, ...)")
    p.add_argument("--diff", action="store_true",
                   help="print a unified diff of the fixes instead of writing files (exit 1 when there is one)")
    options.add_rule_selection(p)
    options.add_configuration(p)
    options.add_file_selection(p)
    p.add_argument("-q", "--quiet", action="store_true", help="no per-fix lines and no summary on stderr")
    p.set_defaults(func=run, severity=[], include_generated=False, root=".")
    return p


@dataclass
class Applied:
    path: str
    row: int  # 0-based, in the text the fix was built for
    code: str
    title: str


@dataclass
class FileOutcome:
    path: str
    original: bytes
    fixed: bytes
    applied: list[Applied] = field(default_factory=list)
    refused: list[Applied] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    skipped: str | None = None  # why the file was not fixed at all


def _fix_key(f: Finding, fix: Fix) -> tuple:
    return (f.code, f.message, fix.title)


def _choose(findings: list[Finding], unsafe: bool, refused: set) -> list[tuple[Finding, Fix]]:
    """One fix per finding, none of them touching the same bytes, and one per party: two
    leaks of one channel (both naming its `make`) each got a fix computed as if the other
    stayed, so the second is built again on the next pass, against the first's result."""
    chosen: list[tuple[Finding, Fix]] = []
    parties: set = set()
    for f in findings:
        fix = preferred_fix([x for x in f.fixes if _fix_key(f, x) not in refused], unsafe)
        if fix is None:
            continue
        if any(overlaps(fix.edits, other.edits) for _, other in chosen):
            continue  # the next pass, on the new text, can still take it
        mine = {(r.location.path, r.location.span.start_byte) for r in f.related}
        if mine & parties:
            continue
        parties |= mine
        chosen.append((f, fix))
    return chosen


def _parses(data: bytes) -> bool:
    return not SourceFile("<fixed>", data).root.has_error


def fix_source(
    path: str,
    data: bytes,
    siblings=lambda: [],
    settings: Settings = Settings(),
    unsafe: bool = False,
    max_passes: int = MAX_PASSES,
) -> FileOutcome:
    """Fix one file's text (nothing is written): the outcome has the new text and what happened."""
    outcome = FileOutcome(path, data, data)
    source = SourceFile(path, data)

    def check(file, siblings, settings):
        # Every build's findings (see goleash.project.builds), so a fix is not
        # missed because its leak only shows with the windows files.
        return analyze_in_builds(file, siblings, settings, analyze)

    if source.is_generated:
        outcome.skipped = "generated file (// Code generated ... DO NOT EDIT.): never fixed"
        outcome.remaining = check(source, siblings, settings).findings
        return outcome
    if source.root.has_error:
        outcome.skipped = "has syntax errors: not fixed"
        outcome.remaining = check(source, siblings, settings).findings
        return outcome
    refused: set = set()
    for _ in range(max_passes):
        report = check(source, siblings, settings)
        chosen = _choose(report.findings, unsafe, refused)
        if not chosen:
            break
        new = _apply_checked(source.data, chosen, refused, outcome)
        if new is None:
            continue  # everything chosen was refused; try what is left
        source = SourceFile(path, new)
    outcome.fixed = source.data
    outcome.remaining = check(source, siblings, settings).findings
    return outcome


def _apply_checked(data: bytes, chosen, refused: set, outcome: FileOutcome) -> bytes | None:
    """Apply the chosen fixes together; when that does not parse, find the culprits one by one."""
    def record(f: Finding, fix: Fix, into: list[Applied]) -> None:
        into.append(Applied(outcome.path, f.span.start.row, f.code, fix.title))

    try:
        new = apply_edits(data, [e for _, fix in chosen for e in fix.edits])
    except EditError:
        new = None
    if new is not None and _parses(new):
        for f, fix in chosen:
            record(f, fix, outcome.applied)
        return new
    for f, fix in chosen:
        try:
            alone = apply_edits(data, fix.edits)
        except EditError:
            alone = None
        if alone is not None and _parses(alone):
            record(f, fix, outcome.applied)
            return alone  # one at a time from here: the others are re-built on the new text
        refused.add(_fix_key(f, fix))
        record(f, fix, outcome.refused)
    return None


# -- files and directories --------------------------------------------------------

def _write(path: str, data: bytes) -> None:
    """Replace the file atomically, keeping its permissions."""
    directory = os.path.dirname(path) or "."
    mode = os.stat(path).st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=".goleash-", suffix=".go.tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def fix_paths(
    paths: list[str],
    settings: Settings | SettingsResolver,
    unsafe: bool,
    selector: FileSelector | None = None,
    found: walk.Discovery | None = None,
):
    """Fix every Go file under `paths`, directory by directory (nothing written here)."""
    found = found or walk.discover(paths, selector)
    settings_for = settings.for_file if isinstance(settings, SettingsResolver) else (lambda path: settings)
    errors = [(p, m.removeprefix("error: ")) for p, m in found.errors]
    outcomes: list[FileOutcome] = []
    for job in plan(found.files, tuple(STDIN_TEXT)):
        current: dict[str, SourceFile] = {}
        for p in job.paths:
            source, error = load(p)
            if source is None:
                errors.append((p, error or "cannot be checked"))
            else:
                current[p] = source
        extra: list[SourceFile] | None = None

        def package_files() -> list[SourceFile]:
            nonlocal extra
            if extra is None:
                # Called only within this iteration, so the loop's current values are the right ones.
                extra = [s for s in (load(p)[0] for p in job.sibling_paths) if s is not None]  # noqa: B023
            return list(current.values()) + extra  # noqa: B023

        for p in list(current):
            pkg = current[p].package_name

            def siblings(p=p, pkg=pkg) -> list[SourceFile]:
                return [s for s in package_files() if s.path != p and s.package_name == pkg]

            outcome = fix_source(p, current[p].data, siblings, settings_for(p), unsafe)
            if outcome.fixed != outcome.original:
                current[p] = SourceFile(p, outcome.fixed)  # later files see the fixed sibling
            outcomes.append(outcome)
    return outcomes, errors


def _diff(outcome: FileOutcome) -> str:
    # `a/path` and `b/path` relative to the current directory, as git prints them
    # (so `git apply` takes the diff); a file outside it keeps its absolute path.
    shown = relative_path(outcome.path)
    old, new = (shown, shown) if shown.startswith("/") else (f"a/{shown}", f"b/{shown}")
    return "".join(difflib.unified_diff(
        outcome.original.decode("utf-8", "replace").splitlines(True),
        outcome.fixed.decode("utf-8", "replace").splitlines(True),
        old, new,
    ))


def _counts(items) -> str:
    c = Counter(items)
    return ", ".join(f"{code}: {n}" for code, n in sorted(c.items()))


def _why_left(f: Finding, unsafe: bool) -> str:
    kinds = {x.applicability for x in f.fixes}
    if not f.fixes:
        return "no automatic fix"
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
        try:
            _write(o.path, o.fixed)
        except OSError as exc:
            print(f"{o.path}: error: cannot write the fixed file: {exc.strerror or exc}", file=err)
            status_error = True
            o.applied = []
    sys.stdout.flush()
    remaining = [f for o in outcomes for f in o.remaining]
    if not args.quiet:
        verb = "would fix" if args.diff else "fixed"
        for o in outcomes:
            if o.skipped and any(True for _ in o.remaining):
                print(f"{o.path}: {o.skipped}", file=err)
            for a in o.applied:
                print(f"{a.path}:{a.row + 1}: {verb} {a.code}: {a.title}", file=err)
            for a in o.refused:
                print(f"{a.path}:{a.row + 1}: refused {a.code} fix (the result would not parse): {a.title}", file=err)
        for f in sorted(remaining, key=Finding.sort_key):
            print(f"{f.path}:{f.span.start.row + 1}:{f.span.start.column + 1}: {f.code} left ({_why_left(f, args.unsafe_fixes)}): {f.message}", file=err)
        applied = [a.code for o in outcomes for a in o.applied]
        changed = sum(1 for o in outcomes if o.fixed != o.original and o.applied)
        line = f"goleash: {verb} {len(applied)} finding{'s' if len(applied) != 1 else ''}"
        if applied:
            line += f" ({_counts(applied)}) in {changed} file{'s' if changed != 1 else ''}"
        line += f"; {len(remaining)} left"
        if remaining:
            line += f" ({_counts(f.code for f in remaining)})"
        refused = [a for o in outcomes for a in o.refused]
        if refused:
            line += f"; {len(refused)} fix{'es' if len(refused) != 1 else ''} refused"
        print(line, file=err)
    if status_error:
        return EXIT_ERROR
    # Like `gofmt -d` and `ruff format --diff`: a printed diff means work to do.
    return EXIT_FINDINGS if remaining or printed_diff else EXIT_CLEAN
