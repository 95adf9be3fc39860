"""goleash on the idiom corpus: every fixed twin stays silent, and the leaks found stay found.

The corpus (tests/engine/idioms) was written for the general model without looking at
its output: each leaky program marks the operation a goroutine stays blocked on. A
leak counts as found when a finding points at that line, or (for an operation in
another file of the package) names it as where the goroutine blocks. Recall may only
go up: FOUND lists what is found today, by idiom; a leak that is found and not listed
fails too, so the list is kept honest (update it when the model improves).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from goleash.engine import analyze
from goleash.source import SourceFile

from .idiom_corpus import IDIOMS, load

PROGRAMS = [p for p in load() if p.runs_on_go119]

# Leaks found today, per idiom.
FOUND = {
    "01-loop-channel": 5,
    "02-one-branch-send": 4,
    "03-field-channel": 4,
    "04-helper-channel": 6,
    "05-constructor-goroutine": 7,
    "06-spawn-wrapper": 4,
    "07-buffer-count": 6,
    "08-starter-blocked": 4,
    "09-two-goroutines": 4,
    "10-cancel-kept": 4,
    "11-waitgroup-count": 6,
    "12-maybe-nil": 4,
    "13-dropped-request": 4,
    "14-replaced-signal": 3,
}


def _folder(program) -> Path:
    folder = IDIOMS / program.idiom / program.name
    return folder if folder.is_dir() else IDIOMS / program.idiom


def _findings(program):
    folder = _folder(program)
    sources = {n: SourceFile(str(folder / n), t.encode()) for n, t in program.go119_files.items()}
    out = []
    for name, src in sources.items():
        report = analyze(src, [s for n, s in sources.items() if n != name], with_fixes=False)
        assert not report.notes, report.notes
        out.extend(report.findings)
    return out


def _points_at(f, path: str, line: int) -> bool:
    if f.path == path and f.span.start.row + 1 == line:
        return True
    return any(
        r.location.path == path
        and r.location.span.start.row + 1 == line
        and "blocks here" in r.message
        for r in f.related
    )


@pytest.mark.parametrize("program", [p for p in PROGRAMS if p.is_twin], ids=lambda p: p.rel)
def test_fixed_twin_is_silent(program):
    found = _findings(program)
    assert not found, "\n".join(
        f"{f.path}:{f.span.start.row + 1}: {f.message} ({f.code})" for f in found
    )


def test_recall_by_idiom_never_drops():
    found: dict[str, int] = {}
    for p in PROGRAMS:
        if p.is_twin:
            continue
        findings = _findings(p)
        folder = _folder(p)
        hits = sum(
            1
            for w in p.wants()
            if any(_points_at(f, str(folder / w.file), w.line) for f in findings)
        )
        found[p.idiom] = found.get(p.idiom, 0) + hits
    assert found == FOUND, f"recall changed: update FOUND if it went up ({found})"
