"""The one-line summary `goleash check` prints on stderr at the end of a run."""

from __future__ import annotations

from goleash.cli.check_run import CheckRun


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(result: CheckRun) -> str:
    with_findings = len({f.path for f in result.findings})
    parts = [
        f"{plural(len(result.findings), 'finding')} in {plural(with_findings, 'file')}",
        f"checked {plural(result.files, 'file')} ({plural(result.lines, 'line')})",
    ]
    if result.generated_skipped:
        parts.append(
            f"{result.generated_skipped} generated skipped (--include-generated checks them)"
        )
    if result.errors:
        parts.append(plural(len(result.errors), "error"))
    return "goleash: " + "; ".join(parts)
