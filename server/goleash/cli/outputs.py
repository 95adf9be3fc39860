"""Where each report goes: `--output-format NAME[=FILE]`, repeatable.

`--output-format sarif=goleash.sarif --output-format github` writes SARIF to a
file and annotations to stdout in one run. At most one format may go to stdout.
`--format NAME` is the older spelling of `--output-format NAME`; `-o FILE` sends
the one format that has no file of its own to FILE.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from goleash.cli.formats import NAMES, WITH_FIXES, CheckOutput, renderer


class OutputError(Exception):
    pass


@dataclass(frozen=True)
class Output:
    format: str
    file: str | None  # None: stdout


def add_options(p) -> None:
    p.add_argument(
        "--output-format",
        "--format",
        dest="output_formats",
        action="append",
        default=None,
        metavar="FORMAT[=FILE]",
        help=f"report format: {', '.join(NAMES)} (default: text); with =FILE written to FILE; "
        "repeatable for several reports in one run",
    )
    p.add_argument(
        "-o",
        "--output-file",
        metavar="FILE",
        help="write the report whose format names no file to FILE instead of stdout",
    )
    p.add_argument(
        "--statistics",
        action="store_true",
        help="print the number of findings per rule instead of the findings (other reports still written)",
    )
    p.add_argument(
        "--no-related", action="store_true", help="text format: omit the related-location lines"
    )
    p.add_argument(
        "--root",
        default=".",
        metavar="DIR",
        help="SARIF, GitHub, GitLab, Checkstyle, JUnit: make paths relative to DIR (default: current directory)",
    )


def parse(specs: list[str] | None, output_file: str | None) -> list[Output]:
    outputs = []
    for spec in specs or ["text"]:
        name, sep, file = spec.partition("=")
        name = name.strip().lower()
        if name not in NAMES:
            raise OutputError(f"unknown output format {name!r}: choose from {', '.join(NAMES)}")
        if sep and not file:
            raise OutputError(f"--output-format {spec}: a file name must follow '='")
        outputs.append(Output(name, file or None))
    to_stdout = [o for o in outputs if o.file is None]
    if output_file:
        if len(to_stdout) != 1:
            raise OutputError("-o/--output-file needs exactly one --output-format without =FILE")
        outputs = [Output(o.format, output_file) if o.file is None else o for o in outputs]
        to_stdout = []
    if len(to_stdout) > 1:
        raise OutputError(
            "only one report can go to stdout: give the others a file (--output-format sarif=FILE)"
        )
    files = [o.file for o in outputs if o.file]
    if len(files) != len(set(files)):
        raise OutputError("two reports would be written to the same file")
    return outputs


def needs_fixes(outputs: list[Output]) -> bool:
    return any(o.format in WITH_FIXES for o in outputs)


def write(outputs: list[Output], result: CheckOutput, stdout_taken: bool = False) -> list[str]:
    """Write every report; the problems (one line each) for stderr. With
    `stdout_taken` (--statistics) the stdout report is not printed."""
    problems = []
    for o in outputs:
        render = renderer(o.format)
        if o.file is None:
            if not stdout_taken:
                render(result, sys.stdout)
                sys.stdout.flush()
            continue
        try:
            with open(o.file, "w", encoding="utf-8") as fh:
                render(result, fh)
        except OSError as exc:
            problems.append(f"cannot write {o.file}: {exc.strerror or exc}")
    return problems
