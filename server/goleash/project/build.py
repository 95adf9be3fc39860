"""Build constraints: which files of a package the go tool compiles together.

A file belongs to a build when its name's `_GOOS` / `_GOARCH` suffixes and its
`//go:build` line (or the older `// +build` lines) are satisfied. We evaluate
them for a few fixed targets (the host's, linux, windows, darwin) rather than
all of Go's: what matters is that a function declared once per OS is seen once
per build, not which exotic ports exist.
"""

from __future__ import annotations

import functools
import platform
import re
import sys
from dataclasses import dataclass

# The GOOS and GOARCH values the go tool knows (`go tool dist list`); a file name
# suffix only counts when it is one of these.
KNOWN_OS = frozenset(
    "aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 "
    "solaris wasip1 windows zos".split()
)
KNOWN_ARCH = frozenset(
    "386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 "
    "mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm".split()
)
UNIX_OS = frozenset(
    "aix android darwin dragonfly freebsd hurd illumos ios linux netbsd openbsd solaris".split()
)
# How far into a file its header (the comments before `package`) is looked for.
HEADER_BYTES = 16384
# The newest Go release a `go1.N` tag can name that we treat as satisfied.
NEWEST_GO_MINOR = 99


@dataclass(frozen=True)
class Target:
    goos: str
    goarch: str
    # Extra tags set for this build (besides the OS, arch and release tags).
    tags: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        extra = "".join(f"+{t}" for t in sorted(self.tags))
        return f"{self.goos}/{self.goarch}{extra}"

    def has_tag(self, tag: str) -> bool:
        if tag in (self.goos, self.goarch) or tag in self.tags:
            return True
        if tag == "unix":
            return self.goos in UNIX_OS
        if tag in ("gc", "cgo"):
            return True  # the default toolchain, with cgo on for native builds
        m = re.fullmatch(r"go1\.(\d+)", tag)
        if m:
            return int(m.group(1)) <= NEWEST_GO_MINOR
        # Go treats GOOS=android as also linux, illumos as solaris, ios as darwin.
        return (tag, self.goos) in {("linux", "android"), ("solaris", "illumos"), ("darwin", "ios")}


def host_target() -> Target:
    goos = {"win32": "windows", "darwin": "darwin", "linux": "linux"}.get(
        sys.platform, sys.platform.rstrip("0123456789")
    )
    machine = platform.machine().lower()
    goarch = {
        "x86_64": "amd64",
        "amd64": "amd64",
        "aarch64": "arm64",
        "arm64": "arm64",
        "i386": "386",
        "i686": "386",
    }.get(machine, machine)
    return Target(goos, goarch)


@functools.lru_cache(maxsize=1)
def _default_targets() -> tuple[Target, ...]:
    out: list[Target] = []
    for t in (
        host_target(),
        Target("linux", "amd64"),
        Target("windows", "amd64"),
        Target("darwin", "arm64"),
    ):
        if t not in out:
            out.append(t)
    return tuple(out)


def default_targets() -> list[Target]:
    """The host first (its build is the one you run), then the big three OSes."""
    return list(_default_targets())


# -- file names ----------------------------------------------------------------


def name_constraint(filename: str) -> tuple[str | None, str | None]:
    """The GOOS and GOARCH a file name pins (`x_linux.go`, `x_windows_amd64_test.go`)."""
    stem = filename.rsplit("/", 1)[-1]
    if stem.endswith(".go"):
        stem = stem[:-3]
    if stem.endswith("_test"):
        stem = stem[:-5]
    parts = stem.split("_")
    # The first element is never a suffix: `linux.go` is an ordinary file.
    if len(parts) >= 3 and parts[-2] in KNOWN_OS and parts[-1] in KNOWN_ARCH:
        return parts[-2], parts[-1]
    if len(parts) >= 2 and parts[-1] in KNOWN_OS:
        return parts[-1], None
    if len(parts) >= 2 and parts[-1] in KNOWN_ARCH:
        return None, parts[-1]
    return None, None


# -- //go:build expressions ------------------------------------------------------


class ConstraintSyntaxError(ValueError):
    pass


_TOKEN = re.compile(r"\s*(\|\||&&|!|\(|\)|[A-Za-z0-9_.]+)")


def _tokens(expr: str) -> list[str]:
    out, pos = [], 0
    expr = expr.rstrip()
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if m is None:
            raise ConstraintSyntaxError(f"unexpected {expr[pos:].strip()[:10]!r}")
        out.append(m.group(1))
        pos = m.end()
    return out


# An expression as nested tuples: ("tag", name) | ("not", e) | ("and", a, b) | ("or", a, b).
Expr = tuple


def parse_expression(text: str) -> Expr:
    tokens = _tokens(text)
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else None

    def take():
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def or_expr():
        left = and_expr()
        while peek() == "||":
            take()
            left = ("or", left, and_expr())
        return left

    def and_expr():
        left = unary()
        while peek() == "&&":
            take()
            left = ("and", left, unary())
        return left

    def unary():
        tok = peek()
        if tok == "!":
            take()
            return ("not", unary())
        if tok == "(":
            take()
            inner = or_expr()
            if peek() != ")":
                raise ConstraintSyntaxError("missing )")
            take()
            return inner
        if tok is None or tok in ("||", "&&", ")"):
            raise ConstraintSyntaxError("expected a build tag")
        return ("tag", take())

    expr = or_expr()
    if pos != len(tokens):
        raise ConstraintSyntaxError(f"unexpected {tokens[pos]!r}")
    return expr


def _plus_build(lines: list[str]) -> Expr | None:
    """`// +build a,b c` lines: spaces are OR, commas AND, lines AND together."""
    result = None
    for line in lines:
        alternatives = None
        for option in line.split():
            term = None
            for part in option.split(","):
                atom: Expr = ("not", ("tag", part[1:])) if part.startswith("!") else ("tag", part)
                term = atom if term is None else ("and", term, atom)
            alternatives = term if alternatives is None else ("or", alternatives, term)
        if alternatives is not None:
            result = alternatives if result is None else ("and", result, alternatives)
    return result


def evaluate(expr: Expr, target: Target) -> bool:
    kind = expr[0]
    if kind == "tag":
        return target.has_tag(expr[1])
    if kind == "not":
        return not evaluate(expr[1], target)
    if kind == "and":
        return evaluate(expr[1], target) and evaluate(expr[2], target)
    return evaluate(expr[1], target) or evaluate(expr[2], target)


def tags_in(expr: Expr) -> set[str]:
    if expr[0] == "tag":
        return {expr[1]}
    return set().union(*(tags_in(e) for e in expr[1:]))


_HEADER_LINE = re.compile(rb"^[ \t]*//[ \t]*(go:build|\+build)(?:[ \t]+(.*?))?[ \t\r]*$")


def header_expression(data: bytes) -> Expr | None:
    """The build constraint in a file's header (the comments before `package`).

    A bad `//go:build` line is treated as no constraint: the go tool would reject
    the file, and we would rather check it than hide it.
    """
    go_build: str | None = None
    plus: list[str] = []
    for raw in data[:HEADER_BYTES].splitlines():
        stripped = raw.strip()
        if stripped.startswith(b"package") or (
            stripped and not stripped.startswith(b"//") and not stripped.startswith(b"/*")
        ):
            break
        m = _HEADER_LINE.match(raw)
        if m is None:
            continue
        body = (m.group(2) or b"").decode("utf-8", "replace")
        if m.group(1) == b"go:build" and go_build is None:
            go_build = body
        elif m.group(1) == b"+build":
            plus.append(body)
    try:
        if go_build is not None:
            return parse_expression(go_build)
        return _plus_build(plus)
    except ConstraintSyntaxError:
        return None


@dataclass(frozen=True)
class Constraint:
    """Everything that decides whether one file is in a build."""

    goos: str | None = None
    goarch: str | None = None
    expression: Expr | None = None

    @classmethod
    def of(cls, path: str, data: bytes) -> Constraint:
        goos, goarch = name_constraint(path)
        return cls(goos, goarch, header_expression(data))

    @property
    def unconstrained(self) -> bool:
        return self.goos is None and self.goarch is None and self.expression is None

    def satisfied_by(self, target: Target) -> bool:
        if self.goos is not None and not target.has_tag(self.goos):
            return False
        if self.goarch is not None and self.goarch != target.goarch:
            return False
        return self.expression is None or evaluate(self.expression, target)

    def own_target(self, base: Target) -> Target:
        """A build that includes this file when none of the defaults does: `base` with
        the file's custom tags set (`//go:build integration`, `//go:build ignore`)."""
        if self.expression is None:
            return base
        custom = {
            t
            for t in tags_in(self.expression)
            if not base.has_tag(t) and t not in KNOWN_OS and t not in KNOWN_ARCH
        }
        return Target(base.goos, base.goarch, frozenset(custom))
