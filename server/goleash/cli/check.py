"""`goleash check [PATH...]`: check Go files and directories, print the findings.

Each `.go` file is analysed together with the other files of its package (same
directory, same `package` clause), so `go worker(ch)` finds `worker` wherever it
is declared; once per build when build constraints split the package
(goleash.project.builds). Each file gets the settings of its nearest
goleash.toml with the command line on top (cli.project_settings). Every file is
read and parsed once per directory. Directories are the unit of parallel work
(cli.jobs): big trees use every core, small ones stay in-process, and the output
is sorted, so it never depends on scheduling.

The parts, one module each: cli.preparation (settings and files), cli.loading
(reading them), cli.jobs (one job per directory), cli.directory_check (one job),
cli.pool (running the jobs), cli.check_run (gathering the results), cli.outputs
(the reports) and cli.summary (the line on stderr).

Exit status: 2 when anything could not be checked (a bad argument, a bad
goleash.toml, a missing path, an unreadable, non-UTF-8 or non-Go file, a file not
fully analysed: engine.IncompleteAnalysis), otherwise 1 when there are
findings, otherwise 0. Errors win over findings because a partial check must not
look like a complete one; every problem file is still reported on stderr and the
rest of the run goes on.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys

from goleash.cli import options, outputs, statistics
from goleash.cli.check_run import check_jobs
from goleash.cli.exit_status import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
from goleash.cli.formats import CheckOutput
from goleash.cli.jobs import DirectoryJob, plan_found
from goleash.cli.pool import WorkerProcesses, cpu_count
from goleash.cli.preparation import prepare
from goleash.cli.summary import summary

# Below this much Go source a process pool costs more than it saves.
PARALLEL_MIN_BYTES = 1_000_000

EPILOG = """\
exit status: 0 no findings, 1 findings, 2 something could not be checked
(bad arguments, missing path, unreadable / non-UTF-8 / non-Go file, or a file
not fully analysed because a rule failed on it; each is reported on stderr and
the rest is still checked).
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
    p.add_argument(
        "--severity",
        action="append",
        default=[],
        metavar="CODE=LEVEL",
        help="override a rule's severity: hint, info, warning or error; repeatable",
    )
    p.add_argument(
        "--include-generated",
        action="store_true",
        help="also check files marked '// Code generated ... DO NOT EDIT.'",
    )
    options.add_configuration(p)
    options.add_file_selection(p)
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="worker processes (default 0: one per core; 1: no pool)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")
    p.set_defaults(func=run)
    return p


def worker_processes(requested: int, jobs: list[DirectoryJob]) -> WorkerProcesses | None:
    """`-j N` worker processes (0: one per core), or None to stay in this process: with
    one worker or one directory, or under PARALLEL_MIN_BYTES of Go source."""
    count = requested if requested > 0 else cpu_count()
    if count <= 1 or len(jobs) <= 1 or sum(j.size for j in jobs) < PARALLEL_MIN_BYTES:
        return None
    # fork where the platform has it: a worker starts with the rules and queries loaded.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return WorkerProcesses(count, multiprocessing.get_context(method))


def run(args: argparse.Namespace) -> int:
    try:
        wanted = outputs.parse(args.output_formats, args.output_file)
    except outputs.OutputError as exc:
        print(f"goleash check: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    prepared = prepare(args, "check")
    if isinstance(prepared, int):
        return prepared
    resolver, found = prepared
    jobs = plan_found(found)
    result = check_jobs(
        found,
        jobs,
        resolver,
        with_fixes=outputs.needs_fixes(wanted) or args.statistics,
        processes=worker_processes(args.jobs, jobs),
    )
    for error in result.errors:
        print(error, file=sys.stderr)
    for note in result.notes:
        print(note, file=sys.stderr)
    output = CheckOutput(
        result.findings, result.errors, result.sources, args.root, not args.no_related
    )
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
