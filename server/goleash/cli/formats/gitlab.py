"""GitLab Code Quality report: a JSON array of issues, the shape GitLab documents.

Each issue has `description`, `check_name`, `fingerprint` (unique, and stable
across runs so GitLab can tell new issues from old ones), `severity` (info,
minor, major, critical or blocker) and `location` (`path` relative to the
repository root, `lines.begin`).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import TextIO

from goleash.cli.formats import CheckOutput, relative_path
from goleash.model import Finding, Severity

SEVERITIES = {
    Severity.ERROR: "critical",
    Severity.WARNING: "major",
    Severity.INFO: "minor",
    Severity.HINT: "info",
}


def _line_text(out: CheckOutput, f: Finding) -> bytes:
    data = out.sources.get(f.path)
    if data is None:
        return b""
    start = data.rfind(b"\n", 0, f.span.start_byte) + 1
    end = data.find(b"\n", f.span.start_byte)
    return data[start : end if end >= 0 else len(data)].strip()


def fingerprint(path: str, f: Finding, line_text: bytes, occurrence: int) -> str:
    # The line's text rather than its number: a finding keeps its fingerprint
    # when code above it moves.
    h = hashlib.sha256()
    for part in (f.code, path, f.message, line_text.decode("utf-8", "replace"), str(occurrence)):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def build(out: CheckOutput) -> list[dict]:
    issues = []
    seen: Counter = Counter()
    for f in out.findings:
        path = relative_path(f.path, out.root)
        start, end = out.positions.start_end(f.path, f.span)
        text = _line_text(out, f)
        key = (f.code, path, f.message, text)
        seen[key] += 1
        issues.append(
            {
                "type": "issue",
                "description": f"{f.message} ({f.code})",
                "check_name": f.code,
                "categories": ["Bug Risk"],
                "fingerprint": fingerprint(path, f, text, seen[key]),
                "severity": SEVERITIES[f.severity],
                "location": {
                    "path": path,
                    "lines": {"begin": start.line, "end": end.line},
                },
            }
        )
    return issues


def render(out: CheckOutput, stream: TextIO) -> None:
    json.dump(build(out), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
