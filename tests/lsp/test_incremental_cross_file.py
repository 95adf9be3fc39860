"""A finding in one file whose cause is in another is refreshed when the other changes.

The language server re-checks the open files of a package that may use a name an
edit touched, or whose findings point into the edited file (`Session.dependents`, then
`Session.invalidate`), and each analyses again only its units that mention those names
or point into that file (`IncrementalAnalyzer.siblings_changed`).
The blind corpus holds the natural test: in a program whose fix edits one file (the
leaky copy becomes the fixed one) while another file stays as it was, the unchanged
file's findings after the edit, reached this way, must equal its analysis from
scratch (a leak reported in `client.go` whose cause `Leave` is fixed in `hub.go` goes
away).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from goleash.engine import analyze
from goleash.incremental import IncrementalAnalyzer, declared_functions, may_use
from goleash.source import SourceFile

pytestmark = pytest.mark.timeout(600)

CORPUS = Path(__file__).resolve().parents[2] / "bench" / "realistic"


def _sources(package: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(package.glob("*.go"))
        if not p.name.endswith("_test.go")
    }


def _pairs() -> list[tuple[str, str, str]]:
    """(program, the file the fix edits, a file it leaves alone)."""
    out = []
    for program in sorted(CORPUS.glob("*/p*")):
        leaky, fixed = _sources(program / "leaky"), _sources(program / "fixed")
        if leaky.keys() != fixed.keys():
            continue
        edited = [name for name in leaky if leaky[name] != fixed[name]]
        if len(edited) != 1:
            continue
        for name in leaky:
            if name not in edited:
                out.append((f"{program.parent.name}/{program.name}", edited[0], name))
    return out


def _canonical(findings):
    return sorted(
        (
            f.code,
            f.message,
            f.location.span,
            tuple(sorted((r.location.path, r.location.span, r.message) for r in f.related)),
        )
        for f in findings
    )


@pytest.mark.parametrize(("program", "edited", "watched"), _pairs())
def test_an_edit_in_a_sibling_refreshes_the_findings_it_causes(program, edited, watched):
    root = CORPUS / program
    leaky, fixed = _sources(root / "leaky"), _sources(root / "fixed")
    # The fixed copy's text under the leaky copy's paths: one package being edited.
    path = {name: str(root / "leaky" / name) for name in leaky}

    def files(version: dict[str, bytes], *names: str) -> list[SourceFile]:
        return [SourceFile(path[n], version[n]) for n in names]

    others = [n for n in leaky if n not in (edited, watched)]
    watcher, editor = IncrementalAnalyzer(), IncrementalAnalyzer()
    before = watcher.analyze(
        SourceFile(path[watched], leaky[watched]), files(leaky, edited, *others)
    )
    editor.analyze(SourceFile(path[edited], leaky[edited]), files(leaky, watched, *others))
    editor.analyze(SourceFile(path[edited], fixed[edited]), files(leaky, watched, *others))
    # What the server does with the edit (LanguageServer.recheck_dependents).
    names = editor.touched_names
    used = (
        names if names is not None else declared_functions(SourceFile(path[edited], fixed[edited]))
    )
    watched_file = SourceFile(path[watched], leaky[watched])
    siblings = [SourceFile(path[edited], fixed[edited]), *files(leaky, *others)]
    shown_there = any(
        loc.path == path[edited]
        for f in before.findings
        for loc in (f.location, *(r.location for r in f.related))
    )
    if may_use(leaky[watched], used) or shown_there:
        watcher.siblings_changed(names, path[edited])
        after = watcher.analyze(watched_file, siblings).findings
    else:
        after = before.findings  # not invalidated: the server keeps what it showed
    fresh = analyze(watched_file, siblings, with_fixes=False).findings
    assert _canonical(after) == _canonical(fresh)
