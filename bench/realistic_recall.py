"""Recall and precision of goleash on the blind corpus of realistic programs (bench/realistic).

For every program, per set (dev, holdout): is the leak in `leaky/` found (a finding, or a
related location of one, on a `// leak:` line), and does the fixed twin stay silent (any
finding there is a false positive)? A miss with some other finding in the leaky package is
shown as "elsewhere" (it still counts as a miss). Both with the default rules and with the preview
rules on. Only the package's own files are checked, not its `_test.go` harness.

A `// leak:` comment on a line that opens a `select` marks the whole statement: the Go
runtime reports a goroutine blocked in a select at the `select` keyword, while a checker
may name the case that can never proceed.

    python bench/realistic_recall.py [--set dev|holdout] [-v]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.realistic.corpus import Marker, Program, programs

from goleash.engine import analyze, incomplete
from goleash.model import Finding
from goleash.project.resolve import Overrides, effective_settings
from goleash.source import SourceFile


def findings_of(files: list[Path], preview: bool) -> tuple[list[Finding], list[str]]:
    """Every finding in the package's files, and the engine's notes on what it skipped."""
    sources = [SourceFile(str(p), p.read_bytes()) for p in files]
    findings: list[Finding] = []
    skipped: list[str] = []
    for src in sources:
        settings = effective_settings(None, Overrides(preview=preview), src.path)
        siblings = [s for s in sources if s is not src]
        file_report = analyze(src, siblings, settings, with_fixes=False)
        findings.extend(file_report.findings)
        skipped.extend(incomplete(file_report.notes))
    return findings, skipped


def marked_lines(marker: Marker) -> set[int]:
    """The marked line, or every line of the `select` statement it opens."""
    lines = marker.file.read_text().splitlines()
    text = lines[marker.line - 1].split("//")[0].strip()
    if not text.startswith("select"):
        return {marker.line}
    depth, end = 0, marker.line
    for number in range(marker.line, len(lines) + 1):
        code = lines[number - 1].split("//")[0]
        depth += code.count("{") - code.count("}")
        end = number
        if depth <= 0:
            break
    return set(range(marker.line, end + 1))


def points_at(f: Finding, where: dict[str, set[int]]) -> bool:
    places = [f.location] + [r.location for r in f.related]
    return any(loc.span.start.row + 1 in where.get(loc.path, ()) for loc in places)


@dataclass
class Outcome:
    found: bool
    leaky_findings: list[Finding]
    fixed_findings: list[Finding]
    skipped: list[str]

    @property
    def elsewhere(self) -> bool:
        """Missed, yet something in the leaky package was reported (often the cause, such as
        the lock that is never released, rather than the goroutine that blocks on it)."""
        return not self.found and bool(self.leaky_findings)


def measure(program: Program, preview: bool) -> Outcome:
    where: dict[str, set[int]] = {}
    for m in program.markers():
        where.setdefault(str(m.file), set()).update(marked_lines(m))
    leaky, leaky_skipped = findings_of(program.sources("leaky"), preview)
    fixed, fixed_skipped = findings_of(program.sources("fixed"), preview)
    return Outcome(
        any(points_at(f, where) for f in leaky), leaky, fixed, leaky_skipped + fixed_skipped
    )


def short(f: Finding, root: Path) -> str:
    return f"{Path(f.location.path).relative_to(root)}:{f.location.span.start.row + 1} {f.code}"


def report(set_name: str, verbose: bool) -> tuple[list[int], list[int]]:
    """Print one set; return [found, leaks, silent twins, twins, flagged elsewhere] for
    default and preview."""
    totals = {False: [0, 0, 0, 0, 0], True: [0, 0, 0, 0, 0]}
    print(f"\n== {set_name} ==")
    print(
        f"{'program':36} {'found':>9} {'silent':>7}   {'found':>9} {'silent':>7}  (default | --preview)"
    )
    notes = []
    for program in programs(set_name):
        cells = []
        for preview in (False, True):
            o = measure(program, preview)
            t = totals[preview]
            t[0] += o.found
            t[1] += 1
            t[2] += not o.fixed_findings
            t[3] += 1
            t[4] += o.elsewhere
            cells += [
                "yes" if o.found else ("elsewhere" if o.elsewhere else "NO"),
                "yes" if not o.fixed_findings else "NO",
            ]
            tag = "preview" if preview else "default"
            notes += [f"  SKIPPED ({tag}) {program.id}: {note}" for note in o.skipped]
            for f in o.fixed_findings:
                notes.append(
                    f"  FALSE POSITIVE ({tag}) {program.id}: {short(f, program.root)} {f.message}"
                )
            if verbose and not o.found:
                got = ", ".join(short(f, program.root) for f in o.leaky_findings) or "no findings"
                notes.append(f"  miss ({tag}) {program.id}: {got}")
        print(f"{program.name:36} {cells[0]:>9} {cells[1]:>7}   {cells[2]:>9} {cells[3]:>7}")
    for preview in (False, True):
        t = totals[preview]
        label = "--preview" if preview else "default"
        print(
            f"{set_name} total ({label}): leaks found {t[0]}/{t[1]}, fixed twins silent {t[2]}/{t[3]}"
            f" (missed but flagged elsewhere in the package: {t[4]})"
        )
    for line in notes:
        print(line)
    return totals[False], totals[True]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("dev", "holdout"), help="only this set (default: both)")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also list what was reported for each miss"
    )
    args = parser.parse_args(argv)
    for set_name in (args.set,) if args.set else ("dev", "holdout"):
        if not programs(set_name):
            print(f"no programs in bench/realistic/{set_name}", file=sys.stderr)
            return 2
        report(set_name, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
