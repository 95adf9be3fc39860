"""The idiom corpus is laid out as its README says: per idiom at least three leaky programs,
each with a fixed twin; a `// want` only in leaky programs, one per leak, and a `// run:` line
shared by each pair."""

from __future__ import annotations

import re
import subprocess
from collections import Counter

import pytest

from ..fixes.gotools import needs_gofmt
from . import idiom_corpus

PROGRAMS = idiom_corpus.load()
BY_REL = {p.rel: p for p in PROGRAMS}
IDIOMS = sorted({p.idiom for p in PROGRAMS})
MIN_PER_IDIOM = 3
MODEL_IDIOMS = [
    "01-loop-channel",
    "02-one-branch-send",
    "03-field-channel",
    "04-helper-channel",
    "05-constructor-goroutine",
    "06-spawn-wrapper",
    "07-buffer-count",
    "08-starter-blocked",
    "09-two-goroutines",
    "10-cancel-kept",
    "11-waitgroup-count",
    "12-maybe-nil",
    "13-dropped-request",
    "14-replaced-signal",
]


def test_every_idiom_of_the_model_is_there():
    assert IDIOMS == MODEL_IDIOMS


@pytest.mark.parametrize("idiom", IDIOMS)
def test_idiom_has_enough_leaky_programs_and_twins(idiom):
    runnable = [p for p in PROGRAMS if p.idiom == idiom and p.runs_on_go119]
    kinds = Counter("twin" if p.is_twin else "leaky" for p in runnable)
    assert kinds["leaky"] >= MIN_PER_IDIOM and kinds["twin"] >= MIN_PER_IDIOM, kinds


@pytest.mark.parametrize("idiom", IDIOMS)
def test_idiom_has_a_leak_spread_over_several_files(idiom):
    """The model must follow a leak across the files of a package, so each idiom has one such program."""
    assert any(len(p.files) > 1 and not p.is_twin for p in PROGRAMS if p.idiom == idiom)


@pytest.mark.parametrize("rel", [p.rel for p in PROGRAMS])
def test_program_is_a_well_formed_package(rel):
    p = BY_REL[rel]
    assert p.files, "no .go file"
    assert re.fullmatch(r"[a-z_][a-z0-9_]*", p.name), "the name must be a Go package name"
    for name, src in p.files.items():
        assert re.search(rf"^package {p.name}$", src, re.MULTILINE), (
            f"{name}: package clause is not `package {p.name}`"
        )
        assert not re.search(r"^func main\(\)", src, re.MULTILINE), (
            f"{name}: a corpus program has no main"
        )
    assert len(p.run_lines()) == 1, f"exactly one `// run:` line per program, found {p.run_lines()}"


@pytest.mark.parametrize("rel", [p.rel for p in PROGRAMS if not p.is_twin])
def test_leaky_program_marks_each_leak_once(rel):
    p = BY_REL[rel]
    wanted = p.want_lines()
    assert wanted, "a leaky program needs a `// want` on each blocked operation"
    malformed = [(f, n, t) for f, n, t in wanted if not idiom_corpus.WANT_MESSAGE.match(t)]
    assert not malformed, 'each `// want` is exactly `"blocks forever"` or `"loops forever"`'
    for name, src in p.files.items():
        assert all(line.count("// want") <= 1 for line in src.splitlines()), (
            f"{name}: two `// want` on one line"
        )


@pytest.mark.parametrize("rel", [p.rel for p in PROGRAMS if not p.is_twin])
def test_leaky_program_has_a_twin_with_the_same_run_line(rel):
    p = BY_REL[rel]
    twin = BY_REL.get(f"{p.idiom}/{p.partner}")
    assert twin is not None, f"no fixed twin {p.partner}"
    assert twin.run_lines() == p.run_lines(), (
        "the twin must be driven exactly like the leaky program"
    )
    assert twin.runs_on_go119 == p.runs_on_go119


@pytest.mark.parametrize("rel", [p.rel for p in PROGRAMS if p.is_twin])
def test_twin_has_a_partner_and_no_want(rel):
    p = BY_REL[rel]
    assert f"{p.idiom}/{p.partner}" in BY_REL, f"twin of nothing: no {p.partner}"
    assert not p.want_lines(), "a fixed twin must stay silent: no `// want`"


@needs_gofmt
def test_corpus_is_gofmt_clean():
    """The corpus reads like real Go code, so it is formatted like it (`// want` columns included)."""
    listed = subprocess.run(
        ["gofmt", "-l", str(idiom_corpus.IDIOMS)], capture_output=True, text=True, timeout=60
    )
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == "", "not gofmt-formatted:\n" + listed.stdout


def test_want_kinds_explain_the_right_lines():
    src = "package p\n\nfunc f() {\n\tfor {\n\t\tselect {}\n\t}\n}\n\nfunc g() {}\n"
    loop = idiom_corpus.Want("p.go", 4, "loops forever")
    block = idiom_corpus.Want("p.go", 5, "blocks forever")
    assert [n for n in range(1, 10) if loop.explains("p.go", n, src)] == [4, 5, 6, 7]
    assert [n for n in range(1, 10) if block.explains("p.go", n, src)] == [5]
    assert not block.explains("q.go", 5, src)
