"""A JSON list with one object per finding, for scripts.

Lines and columns are 1-based; columns count UTF-8 bytes (as in the text format);
`end_line`/`end_column` point just past the last character. Byte offsets are
0-based offsets into the file.
"""

from __future__ import annotations

import json
from typing import TextIO

from goleash.cli.formats import CheckOutput
from goleash.model import Finding, Location


def _range(start_byte: int, end_byte: int, start, end) -> dict:
    return {
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "start_byte": start_byte,
        "end_byte": end_byte,
    }


def _location(out: CheckOutput, loc: Location) -> dict:
    s, e = out.positions.start_end(loc.path, loc.span)
    return {"path": loc.path, **_range(loc.span.start_byte, loc.span.end_byte, s, e)}


def finding_to_dict(out: CheckOutput, f: Finding) -> dict:
    rule = out.rule(f.code)
    fixes = []
    for fix in f.fixes:
        edits = []
        for edit in fix.edits:
            path = edit.target(f.path)  # a fix may edit another file of the package
            try:
                s, e = out.positions.of_bytes(path, edit.start_byte, edit.end_byte)
                where = _range(edit.start_byte, edit.end_byte, s, e)
            except KeyError:
                where = {"start_byte": edit.start_byte, "end_byte": edit.end_byte}
            edits.append({"path": path, **where, "new_text": edit.new_text})
        fixes.append(
            {
                "title": fix.title,
                "applicability": fix.applicability.value,
                "preferred": fix.preferred,
                "edits": edits,
            }
        )
    d = {
        "code": f.code,
        "name": f.name,
        "message": f.message,
        "severity": f.severity.label,
        **_location(out, f.location),
        "url": rule.url if rule else None,
        "related": [{**_location(out, r.location), "message": r.message} for r in f.related],
        "fixes": fixes,
    }
    if out.runtime is not None:
        evidence = out.runtime.get(f)
        d["runtime"] = evidence.to_json() if evidence is not None else None
    return d


def render(out: CheckOutput, stream: TextIO) -> None:
    json.dump([finding_to_dict(out, f) for f in out.findings], stream, indent=2, ensure_ascii=False)
    stream.write("\n")
