"""The fixes offered on the idiom corpus's leaky programs (tests/engine/idioms), proved as
the rule fixtures' are: every file a fix edits parses and is gofmt-clean, and a fix that
edits another file of the program than its finding's has a golden file,
`tests/fixes/golden/<idiom>/<program>.golden`, one `-- <fix title> [file] --` section
per file it changes. (That each preferred fix compiles, passes `go vet` and makes
goleak pass is test_coverage.py's.) Regenerate with GOLEASH_UPDATE_GOLDEN=1 and review.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from goleash import parsing

from ..engine import idiom_corpus
from . import coverage, proof
from .gotools import gofmt_diff, needs_gofmt

UPDATE = os.environ.get("GOLEASH_UPDATE_GOLDEN") == "1"
GOLDEN = Path(__file__).resolve().parent / "golden"

PROGRAMS = [p for p in idiom_corpus.load() if not p.is_twin]


def _variants(p: idiom_corpus.Program):
    """(finding's file, fix, the program's files after it) for every fix offered."""
    for name, f in coverage._idiom_findings(p, p.files):
        for fix in f.fixes:
            yield name, fix, coverage._idiom_apply(p, name, fix)


def _golden_text(p: idiom_corpus.Program) -> str:
    parts = []
    for name, fix, files in _variants(p):
        if not fix.other_files(str(coverage._idiom_path(p, name))):
            continue
        for changed in sorted(n for n in files if files[n] != p.files[n]):
            parts.append(f"-- {fix.title} [{changed}] --\n" + files[changed])
    return "".join(parts)


@needs_gofmt
@pytest.mark.parametrize("program", PROGRAMS, ids=[p.rel for p in PROGRAMS])
def test_every_fix_on_an_idiom_program_parses_and_is_gofmt_clean(program):
    for _name, fix, files in _variants(program):
        changed = [n for n in files if files[n] != program.files[n]]
        assert changed, f"{fix.title}: changes nothing"
        for n in changed:
            data = files[n].encode()
            assert not parsing.parse(data).root_node.has_error, f"{fix.title}: {n} does not parse"
            diff = gofmt_diff(data)
            assert not diff, f"{fix.title}: {n} not gofmt-clean\n{diff}"


@pytest.mark.parametrize("program", PROGRAMS, ids=[p.rel for p in PROGRAMS])
def test_fixes_that_edit_another_file_match_their_golden_file(program):
    expected = _golden_text(program)
    path = GOLDEN / program.idiom / f"{program.name}.golden"
    if UPDATE:
        if expected:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(expected)
        elif path.exists():
            path.unlink()
    if not expected:
        assert not path.exists(), (
            f"{path} is stale: no fix on {program.rel} edits another file any more"
        )
        return
    assert path.exists(), f"missing {path}; create it with GOLEASH_UPDATE_GOLDEN=1 and review it"
    actual, wanted = proof.parse_golden(path.read_text()), proof.parse_golden(expected)
    assert list(actual) == list(wanted), "fix titles differ from the golden file"
    for title, text in wanted.items():
        assert actual[title] == text, f"section {title!r} of {path} differs"


def test_the_idiom_programs_whose_fixes_edit_another_file_have_golden_files():
    assert {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.golden")} == {
        "03-field-channel/session.golden",
        "08-starter-blocked/migrate.golden",
        "10-cancel-kept/keepalive.golden",
        "12-maybe-nil/lifecycle.golden",
        "13-dropped-request/geo_batcher.golden",
        "13-dropped-request/job_waiter.golden",
    }
