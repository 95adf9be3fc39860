"""GitHub Actions workflow commands: one annotation per finding.

`::warning file=F,line=L,col=C,endLine=L,endColumn=C,title=T::message`, the
shape GitHub documents for `error`, `warning` and `notice`; GitHub shows them on
the pull request's diff. Paths are relative to the root (the checkout), columns
count characters as GitHub's do (we give UTF-16 code units, as SARIF).
"""

from __future__ import annotations

from typing import TextIO

from goleash.cli.formats import CheckOutput, relative_path
from goleash.model import Severity

LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
    Severity.HINT: "notice",
}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props) -> str:
    shown = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return (
        f"::{level} {shown}::{escape_data(message)}"
        if shown
        else f"::{level}::{escape_data(message)}"
    )


def render(out: CheckOutput, stream: TextIO) -> None:
    for f in out.findings:
        start, end = out.positions.start_end(f.path, f.span)
        stream.write(
            command(
                LEVELS[f.severity],
                f"{f.message} ({f.code})",
                file=relative_path(f.path, out.root),
                line=start.line,
                col=start.utf16_column,
                endLine=end.line,
                endColumn=end.utf16_column,
                title=f"goleash {f.code} {f.name}",
            )
            + "\n"
        )
    for e in out.errors:
        stream.write(
            command(
                "error",
                e.message,
                file=relative_path(e.path, out.root),
                title="goleash: could not check",
            )
            + "\n"
        )
