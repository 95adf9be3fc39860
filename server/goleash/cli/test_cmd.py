"""`goleash test [PATH...]`: run the packages' own tests, catch the goroutines they
leak, and report them merged with the static findings of the same files.

Exit status: 2 when the tests could not be built or run (the toolchain's message is
shown) or no Go toolchain is found; otherwise 1 when there are findings, static
or run time; otherwise 0.
"""

from __future__ import annotations

import argparse
import re
import sys

from goleash.cli import options, outputs, statistics
from goleash.cli.check_run import check_jobs
from goleash.cli.exit_status import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
from goleash.cli.formats import CheckOutput
from goleash.cli.jobs import plan_found
from goleash.cli.preparation import prepare
from goleash.runtime import evidence, toolchain
from goleash.runtime.merge import merge, read_from_disk
from goleash.runtime.packages import list_packages
from goleash.runtime.rules import BY_CODE as RUNTIME_CODES
from goleash.runtime.rules import RUNTIME_RULES
from goleash.runtime.runner import Options, Runner

EPILOG = """\
Each top-level test runs on its own; the goroutines it leaves are read from the
runtime's goroutineleak profile (Go 1.26+, proven leaks, GL900), from a goroutine
snapshot after it (every Go version, still running, GL901), or from the dump of a
test that timed out (GL902). The user's files are never written: the collector
is added with `go test -overlay`.

exit status: 0 no findings, 1 findings, 2 the tests could not be built or run,
or no Go toolchain.
"""


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "test",
        help="run the packages' tests and confirm leaks at run time",
        description="Run the Go tests of the packages under PATH, report the goroutines they leak, "
        "merged with the static findings.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "paths",
        nargs="*",
        default=["."],
        metavar="PATH",
        help="directories (their packages and those below: ./... works too) or files (default: .)",
    )
    outputs.add_options(p)
    p.add_argument("--go", metavar="GO", help="the go command to use (default: go on PATH)")
    p.add_argument(
        "--timeout",
        type=_duration,
        default=120.0,
        metavar="DURATION",
        help="stop a test after this long and report where it hangs (default: 120s; 500ms, 2m)",
    )
    p.add_argument("--run", metavar="REGEXP", help="only the top-level tests whose name matches")
    options.add_rule_selection(p)
    options.add_configuration(p)
    options.add_file_selection(p)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress or summary on stderr")
    p.set_defaults(func=run, severity=[], include_generated=False, stdin_filename=None)
    return p


_DURATION = re.compile(r"^(\d+(?:\.\d+)?)(ms|s|m|h)?$")


def _duration(text: str) -> float:
    m = _DURATION.match(text.strip())
    if not m or float(m.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (say 30s, 500ms, 2m)")
    scale = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, None: 1}[m.group(2)]
    return float(m.group(1)) * scale


def go_pattern_to_path(path: str) -> str:
    """`./...` and `dir/...` as `go test` users type them: directories are walked anyway."""
    if path == "...":
        return "."
    if path.endswith("/..."):
        return path[:-4] or "/"
    return path


def _codes(values: list[str] | None) -> list[str]:
    return [part.strip() for v in values or () for part in v.split(",") if part.strip()]


def run(args) -> int:
    def fail(message: str) -> int:
        print(f"goleash test: error: {message}", file=sys.stderr)
        return EXIT_ERROR

    try:
        wanted = outputs.parse(args.output_formats, args.output_file)
    except outputs.OutputError as exc:
        return fail(str(exc))
    if "-" in args.paths:
        return fail("'-' (stdin) cannot be tested: name the package's directory")
    # GL900-GL902 are not static rules: --select/--ignore filter them here.
    selected, ignored = args.select, args.ignore
    runtime_selected = {c.upper() for c in _codes(selected) if c.upper() in RUNTIME_CODES}
    runtime_ignored = {c.upper() for c in _codes(ignored) if c.upper() in RUNTIME_CODES}
    if selected is not None:
        args.select = [c for c in _codes(selected) if c.upper() not in RUNTIME_CODES] or None
    if ignored is not None:
        args.ignore = [c for c in _codes(ignored) if c.upper() not in RUNTIME_CODES] or None
    static_wanted = selected is None or args.select is not None

    def runtime_wanted(code: str) -> bool:
        return (selected is None or code in runtime_selected) and code not in runtime_ignored

    if args.run:
        try:
            re.compile(args.run)
        except re.error as exc:
            return fail(f"--run {args.run!r}: not a regular expression ({exc})")
    args.paths = [go_pattern_to_path(p) for p in args.paths]
    prepared = prepare(args, "test")  # goleash.toml and the file selection, as for check
    if isinstance(prepared, int):
        return prepared
    resolver, found = prepared
    try:
        go = toolchain.find(args.go)
    except toolchain.ToolchainError as exc:
        return fail(str(exc))

    listing = list_packages(go, args.paths, go.environment())
    errors = [f"goleash test: error: {e}" for e in listing.errors]
    runner = Runner(
        go,
        Options(timeout=args.timeout, run=args.run),
        progress=None if args.quiet else (lambda m: print(f"goleash test: {m}", file=sys.stderr)),
    )
    runs = []
    for package in listing.packages:
        result = runner.run(package)
        runs.append(result)
        if result.error:
            errors.append(f"goleash test: error: {package.import_path}: {result.error}")
        for failure in result.failed:
            print(f"goleash test: {package.import_path}: {failure}", file=sys.stderr)

    static = check_jobs(found, plan_found(found), resolver, with_fixes=outputs.needs_fixes(wanted))
    errors.extend(str(e) for e in static.errors)
    merged = merge(static.findings if static_wanted else [], evidence.group(runs), read_from_disk)
    merged.findings = [
        f for f in merged.findings if f.code not in RUNTIME_CODES or runtime_wanted(f.code)
    ]
    output = CheckOutput(
        merged.findings,
        static.errors,
        {**static.sources, **merged.sources},
        args.root,
        not args.no_related,
        runtime=merged.evidence,
        extra_rules=RUNTIME_RULES,
    )
    problems = outputs.write(wanted, output, stdout_taken=args.statistics)
    if args.statistics:
        sys.stdout.write(statistics.table(merged.findings))
        sys.stdout.flush()
    errors.extend(f"goleash test: error: {p}" for p in problems)
    for error in errors:
        print(error, file=sys.stderr)
    if not args.quiet:
        print(summary(go, runs, merged), file=sys.stderr)
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if merged.findings else EXIT_CLEAN


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(go: toolchain.Toolchain, runs, merged) -> str:
    confirmed = sum(1 for f in merged.evidence if not f.code.startswith("GL9"))
    runtime_only = sum(1 for f in merged.evidence if f.code.startswith("GL9"))
    tests = sum(len(r.tests) for r in runs)
    packages = sum(1 for r in runs if r.tests)
    how = "goroutineleak profile and snapshots" if go.has_leak_profile else "goroutine snapshots"
    return (
        f"goleash: {_plural(len(merged.findings), 'finding')} "
        f"({confirmed} confirmed at run time, {runtime_only} seen only at run time); "
        f"ran {_plural(tests, 'test')} in {_plural(packages, 'package')} with {go.version_text} ({how})"
    )
