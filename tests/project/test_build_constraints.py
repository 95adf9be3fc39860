"""//go:build lines and _GOOS/_GOARCH names decide which files are built together."""

from __future__ import annotations

import pytest

from goleash.project.build import (
    Constraint,
    ConstraintSyntaxError,
    Target,
    evaluate,
    header_expression,
    name_constraint,
    parse_expression,
)

LINUX = Target("linux", "amd64")
WINDOWS = Target("windows", "amd64")
DARWIN = Target("darwin", "arm64")


@pytest.mark.parametrize(
    "name, expected",
    [
        ("x_linux.go", ("linux", None)),
        ("x_windows_amd64.go", ("windows", "amd64")),
        ("x_arm64_test.go", (None, "arm64")),
        ("x_windows_test.go", ("windows", None)),
        ("linux.go", (None, None)),  # the whole name is never a suffix
        ("x_unknownos.go", (None, None)),
        ("dir/x_darwin.go", ("darwin", None)),
    ],
)
def test_file_name_suffixes(name, expected):
    assert name_constraint(name) == expected


@pytest.mark.parametrize(
    "expr, linux, windows, darwin",
    [
        ("linux", True, False, False),
        ("!windows", True, False, True),
        ("linux || darwin", True, False, True),
        ("unix && !linux", False, False, True),
        ("(linux || windows) && amd64", True, True, False),
        ("go1.18", True, True, True),
        ("integration", False, False, False),
        ("ignore", False, False, False),
    ],
)
def test_expressions(expr, linux, windows, darwin):
    e = parse_expression(expr)
    assert (evaluate(e, LINUX), evaluate(e, WINDOWS), evaluate(e, DARWIN)) == (
        linux,
        windows,
        darwin,
    )


@pytest.mark.parametrize("bad", ["linux &&", "(linux", "linux windows", "&& x", "lin$ux"])
def test_bad_expressions_raise(bad):
    with pytest.raises(ConstraintSyntaxError):
        parse_expression(bad)


def test_header_reads_only_comments_before_package():
    assert header_expression(b"// Copyright\n\n//go:build windows\n\npackage p\n") == (
        "tag",
        "windows",
    )
    assert header_expression(b"package p\n\n//go:build windows\n") is None
    # The old form: lines AND, spaces OR, commas AND.
    old = header_expression(b"// +build linux,amd64 darwin\n// +build !cgo\n\npackage p\n")
    assert evaluate(old, LINUX) is False  # cgo is on by default
    assert evaluate(old, Target("linux", "amd64", frozenset())) is False
    # A malformed line hides nothing: the file is treated as unconstrained.
    assert header_expression(b"//go:build linux &&\npackage p\n") is None


def test_constraint_combines_name_and_header():
    c = Constraint.of("x_windows.go", b"//go:build amd64\npackage p\n")
    assert (
        c.satisfied_by(WINDOWS)
        and not c.satisfied_by(LINUX)
        and not c.satisfied_by(Target("windows", "386"))
    )
    tagged = Constraint.of("it.go", b"//go:build integration && linux\npackage p\n")
    own = tagged.own_target(LINUX)
    assert own.tags == frozenset({"integration"}) and tagged.satisfied_by(own)
