"""Checking one directory job: its files read and analysed, the findings and what they point into.

A file that cannot be read is an input error; a file whose analysis raised is
reported as not fully analysed (engine.IncompleteAnalysis) and the others are
still checked. Runs the same in this process and in a pool worker (cli.pool).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from goleash.analysis.package import compiled_with, is_test_file
from goleash.cli.formats import InputError
from goleash.cli.jobs import DirectoryJob
from goleash.cli.loading import load, load_all
from goleash.cli.project_settings import SettingsSource, settings_lookup
from goleash.engine import IncompleteAnalysis, analyze
from goleash.model import FileReport
from goleash.project.builds import Candidates, analyze_in_builds
from goleash.source import SourceFile


@dataclass
class DirectoryResult:
    reports: list[FileReport] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    sources: dict[str, bytes] = field(default_factory=dict)  # files findings point into
    files: int = 0
    lines: int = 0
    generated_skipped: int = 0


def check_directory(
    job: DirectoryJob, settings: SettingsSource, with_fixes: bool = True
) -> DirectoryResult:
    settings_for = settings_lookup(settings)
    result = DirectoryResult(files=len(job.paths))
    checked: list[SourceFile] = []
    for path in job.paths:
        source, error = load(path)
        if source is None:
            result.errors.append(InputError(path, error or "cannot be checked"))
        else:
            checked.append(source)
            result.lines += source.data.count(b"\n")

    # The package clause of each file, read once (the tree walk is not free).
    packages = {s.path: s.package_name for s in checked}
    # The directory's files that were not named, read on first use and apart for
    # `_test.go` files, which only a test file's analysis ever sees (compiled_with).
    unnamed: dict[bool, list[SourceFile]] = {}

    def unnamed_files(tests: bool) -> list[SourceFile]:
        if tests not in unnamed:
            paths = [p for p in job.sibling_paths if is_test_file(p) == tests]
            unnamed[tests] = load_all(paths)
            packages.update((s.path, s.package_name) for s in unnamed[tests])
        return unnamed[tests]

    # The files compiled with a test file, and with any other: the same for every file of
    # each kind, so listed once per kind (asked for each file of the directory).
    compiled: dict[bool, list[SourceFile]] = {}

    def package_files(for_path: str) -> list[SourceFile]:
        # Files named on the command line may call functions declared in files that
        # were not named; those are read only when a goroutine needs them.
        tests = is_test_file(for_path)
        if tests not in compiled:
            files = checked + unnamed_files(False)
            if tests:
                files = files + unnamed_files(True)
            compiled[tests] = [s for s in files if compiled_with(for_path, s.path)]
        return compiled[tests]

    # One pool of candidate siblings per package clause and kind of file: the files of
    # each build are chosen once for the whole group, not once per file (a quadratic
    # cost in the standard library's large directories). `Package` leaves each file's
    # own entry out.
    pools: dict[tuple[str | None, bool], Candidates] = {}

    def pool_of(source: SourceFile) -> Candidates:
        key = (packages[source.path], is_test_file(source.path))
        if key not in pools:

            def group() -> list[SourceFile]:
                return [s for s in package_files(source.path) if packages[s.path] == key[0]]

            pools[key] = Candidates(group)
        return pools[key]

    by_path = {s.path: s for s in checked}
    for source in checked:
        # Once per build (OS) whose files differ: see goleash.project.builds.
        try:
            report = analyze_in_builds(
                source,
                (),
                settings_for(source.path),
                analyze,
                pool=pool_of(source),
                with_fixes=with_fixes,
            )
        except Exception as exc:  # the other files still get checked; this one says it was not
            report = FileReport(source.path)
            report.notes.append(
                IncompleteAnalysis(
                    f"{source.path}: analysis failed ({type(exc).__name__}: {exc})", source.path
                )
            )
        if report.skipped:
            # Counted in the summary instead of one note per generated file.
            result.generated_skipped += 1
            report.notes = []
        result.reports.append(report)
        for f in report.findings:
            # A fix may edit the package's other files: their text is needed too.
            edited = (e.path for fix in f.fixes for e in fix.edits if e.path is not None)
            for path in {f.path, *(r.location.path for r in f.related), *edited}:
                s = by_path.get(path) or next(
                    (x for x in package_files(source.path) if x.path == path), None
                )
                if s is not None:
                    result.sources[path] = s.data
    return result
