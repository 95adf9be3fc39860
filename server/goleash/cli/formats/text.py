"""`path:line:col: message (GL003)`, the shape `go vet` and every editor's
error-matcher understand, with one indented line per related location."""

from __future__ import annotations

from typing import TextIO

from goleash.cli.formats import CheckOutput


def render(out: CheckOutput, stream: TextIO) -> None:
    pos = out.positions
    for f in out.findings:
        start, _ = pos.start_end(f.path, f.span)
        stream.write(f"{f.path}:{start.line}:{start.column}: {f.message} ({f.code})\n")
        if not out.show_related:
            continue
        for r in f.related:
            rs, _ = pos.start_end(r.location.path, r.location.span)
            stream.write(f"    {r.location.path}:{rs.line}:{rs.column}: {r.message}\n")
