"""Golden files: each leaky fixture's source after each fix offered on it.

`tests/rules/testdata/<CODE>/<name>.go.golden` holds one `-- <fix title> --` section
per fix (alternatives stay alternatives), and a `-- <fix title> [other.go] --` section
for each other file of the package the fix edits. Regenerate after an intended change with
GOLEASH_UPDATE_GOLDEN=1 and review the diff. Every section must parse and be
gofmt-clean.
"""

from __future__ import annotations

import os

import pytest

from goleash import parsing

from . import proof
from .gotools import gofmt_diff, needs_gofmt

UPDATE = os.environ.get("GOLEASH_UPDATE_GOLDEN") == "1"

CASES = [(fx, name) for fx in proof.leaky_fixtures() for name in fx.leaky_files]


def _id(case) -> str:
    fx, name = case
    return fx.name if len(fx.files) == 1 else f"{fx.name}/{name}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_golden(case):
    fx, name = case
    expected = proof.golden_text(fx, name)
    path = fx.golden_path(name)
    if UPDATE:
        if expected:
            path.write_text(expected)
        elif path.exists():
            path.unlink()
    if not expected:
        assert not path.exists(), f"{path} is stale: no fix is offered on {name} any more"
        return
    assert path.exists(), f"missing {path}; create it with GOLEASH_UPDATE_GOLDEN=1 and review it"
    actual = proof.parse_golden(path.read_text())
    wanted = proof.parse_golden(expected)
    assert list(actual) == list(wanted), "fix titles differ from the golden file"
    for title, text in wanted.items():
        assert actual[title] == text, f"section {title!r} of {path} differs"


@needs_gofmt
@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_every_fix_parses_and_is_gofmt_clean(case):
    fx, _ = case
    for v in proof.fix_variants(fx):
        assert v.changed, f"{v.label}: changes nothing"
        for changed in v.changed:  # the finding's file, and any other file the fix edits
            data = v.files[changed]
            assert not parsing.parse(data).root_node.has_error, (
                f"{v.label}: {changed} does not parse"
            )
            diff = gofmt_diff(data)
            assert not diff, f"{v.label}: {changed} not gofmt-clean\n{diff}"


def test_golden_format_round_trips():
    text = "-- A `x` --\npackage p\n\n-- B --\npackage q\n"
    assert proof.parse_golden(text) == {"A `x`": "package p\n\n", "B": "package q\n"}


def test_every_leaky_fixture_is_accounted_for():
    names = {fx.name for fx in proof.leaky_fixtures()}
    assert "GL003/classic.go" in names and "GL003/multifile" in names
    assert not any(n.startswith("GL100/") for n in names)
    assert not any("/fixed_" in n for n in names)
