"""A whole check: the jobs run (cli.pool), their results gathered into one CheckRun.

Shared by `goleash check` and `goleash test` (its static half). Everything is
sorted, so the output never depends on the order in which workers finish.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from goleash import gomod
from goleash.cli import walk
from goleash.cli.formats import InputError
from goleash.cli.jobs import DirectoryJob
from goleash.cli.pool import WorkerProcesses, run_jobs
from goleash.cli.progress import Progress
from goleash.cli.project_settings import SettingsSource
from goleash.engine import IncompleteAnalysis, incomplete
from goleash.model import Finding


@dataclass
class CheckRun:
    findings: list[Finding]
    errors: list[InputError]
    notes: list[str]
    sources: dict[str, bytes]
    files: int
    lines: int
    generated_skipped: int


def check_jobs(
    found: walk.Discovery,
    jobs: list[DirectoryJob],
    settings: SettingsSource,
    with_fixes: bool = True,
    processes: WorkerProcesses | None = None,
    progress_stream: TextIO | None = None,
) -> CheckRun:
    """Run the jobs planned from `found` (cli.jobs) and gather what they report."""
    gomod.set_boundaries(found.roots)  # go.mod is looked for up to the checked trees, no higher
    errors = [InputError(p, m.removeprefix("error: ")) for p, m in found.errors]
    findings: list[Finding] = []
    notes: list[str] = []
    sources: dict[str, bytes] = {}
    files = lines = skipped = 0
    with Progress(len(found.files), progress_stream) as progress:
        for result in run_jobs(jobs, settings, progress, with_fixes, processes):
            errors.extend(result.errors)
            sources.update(result.sources)
            files += result.files
            lines += result.lines
            skipped += result.generated_skipped
            for report in result.reports:
                findings.extend(report.findings)
                # Not fully analysed: an error (exit 2) that names the file (and the
                # function or rule), the findings of the rest kept.
                partial = incomplete(report.notes)
                errors.extend(InputError(n.path, _incomplete_message(n)) for n in partial)
                notes.extend(n for n in report.notes if n not in partial)
    findings.sort(key=Finding.sort_key)
    errors.sort(key=lambda e: e.path)
    return CheckRun(findings, errors, sorted(notes), sources, files, lines, skipped)


def _incomplete_message(note: IncompleteAnalysis) -> str:
    if note.function:
        where = f"function {note.function}"
    else:
        where = f"rule {note.rule}" if note.rule else "the file"
    detail = str(note).removeprefix(f"{note.path}: ")
    return f"not fully analysed ({where}): {detail}; findings elsewhere are still reported"
