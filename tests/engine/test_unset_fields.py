"""NEVER_SET (analysis/unset_fields.py): which writes keep a field from being taken for
its zero value. Each write below, added to a package where nothing else sets
`pool.workers`, must make the worker pool reachable again, so its leak is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from goleash.engine import analyze_source

FIXTURE = (
    Path(__file__).parents[1] / "rules" / "testdata" / "GL008" / "fixed_never_set_workers.go"
).read_bytes()

WRITES = [
    "func (s *server) Set(n int) { s.workers = n }",
    "func (s *server) More() { s.workers++ }",
    "func (s *server) Grow() { s.workers += 2 }",
    "func (s *server) Both(n int) { s.workers, s.dispatch = n, nil }",
    "func (s *server) Ptr() *int { return &s.workers }",
    "func Keyed() *server { return &server{workers: 2} }",
    "func Positional() server { return server{sync.Once{}, nil, 2} }",
    "func Listed() []server { return []server{{sync.Once{}, nil, 2}} }",
]


def _codes(source: bytes) -> list[str]:
    return [f.code for f in analyze_source(source, "pool.go").findings]


def test_the_fixture_is_silent() -> None:
    assert "GL008" not in _codes(FIXTURE)


@pytest.mark.parametrize("write", WRITES)
def test_a_write_makes_the_arm_possible_again(write: str) -> None:
    assert "GL008" in _codes(FIXTURE + b"\n" + write.encode() + b"\n")


def test_a_package_that_can_write_through_reflection_decides_nothing() -> None:
    source = FIXTURE.replace(
        b'import "sync"', b'import (\n\t"reflect"\n\t"sync"\n)\n\nvar _ = reflect.TypeOf'
    )
    assert "GL008" in _codes(source)


def test_reads_and_a_function_returning_the_type_are_not_writes() -> None:
    extra = (
        b"\nfunc (s *server) Count() int { return s.workers + len(s.dispatch) }\n"
        b"func Make() *server { return NewServer() }\n"
    )
    assert "GL008" not in _codes(FIXTURE + extra)
