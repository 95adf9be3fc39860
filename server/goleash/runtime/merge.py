"""Run-time leaks joined with the static findings of the same files.

A static finding on the line where a leaked goroutine is blocked, or on the `go`
statement that started it, carries that evidence (its message says so, the stack
becomes related locations). A run-time leak no static finding explains is
reported under its own code (GL900-GL902) at the blocked line.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from goleash.model import Finding, Location, Point, Related, Span
from goleash.runtime.evidence import STRENGTH, RuntimeLeak
from goleash.runtime.rules import BY_KIND
from goleash.runtime.runner import HUNG, LEAKED
from goleash.runtime.stacks import Frame

Reader = Callable[[str], "bytes | None"]


def read_from_disk(path: str) -> bytes | None:
    """The plain Reader: a file's bytes on disk; None when it cannot be read (the leak is
    then reported without a line to anchor it to)."""
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None


@dataclass
class Merged:
    findings: list[Finding]
    evidence: dict[Finding, RuntimeLeak] = field(
        default_factory=dict
    )  # findings with run-time evidence
    sources: dict[str, bytes] = field(
        default_factory=dict
    )  # bytes of the files the new locations name


def _real(path: str) -> str:
    return os.path.realpath(path)


def line_span(data: bytes, line: int) -> Span | None:
    """The text of a 1-based line without its indentation, as a span."""
    start = 0
    for _ in range(line - 1):
        start = data.find(b"\n", start)
        if start < 0:
            return None
        start += 1
    if start > len(data):
        return None
    end = data.find(b"\n", start)
    end = len(data) if end < 0 else end
    text = data[start:end].rstrip(b"\r")
    indent = len(text) - len(text.lstrip(b" \t"))
    row = line - 1
    return Span(start + indent, start + len(text), Point(row, indent), Point(row, len(text)))


class _Places:
    """Frames to locations, with the path spelled as the static findings spell it."""

    def __init__(
        self,
        findings: list[Finding],
        read: Reader,
        sources: dict[str, bytes],
        names: dict[str, str] | None = None,
    ) -> None:
        self.read = read
        self.sources = sources
        self.names: dict[str, str] = {_real(k): v for k, v in (names or {}).items()}
        for f in findings:
            for path in (f.path, *(r.location.path for r in f.related)):
                self.names.setdefault(_real(path), path)

    def name(self, file: str) -> str:
        real = _real(file)
        if real in self.names:
            return self.names[real]
        rel = os.path.relpath(real)
        name = rel if not rel.startswith("..") else real
        self.names[real] = name
        return name

    def location(self, frame: Frame) -> Location | None:
        name = self.name(frame.file)
        data = self.sources.get(name)
        if data is None:
            data = self.read(frame.file)
            if data is None:
                return None
            self.sources[name] = data
        span = line_span(data, frame.line)
        return None if span is None else Location(name, span)


def _lines(f: Finding) -> set[tuple[str, int]]:
    places = {(_real(f.path), f.span.start.row + 1)}
    places.update((_real(r.location.path), r.location.span.start.row + 1) for r in f.related)
    return places


def _row(loc: Location) -> tuple[str, int]:
    return (_real(loc.path), loc.span.start.row)


def _anchors(leak: RuntimeLeak) -> set[tuple[str, int]]:
    frames = [leak.blocked] + ([leak.started] if leak.started else [])
    return {(_real(fr.file), fr.line) for fr in frames}


def _combine(leaks: list[RuntimeLeak]) -> RuntimeLeak:
    """Several stacks behind one finding: the strongest evidence, every count and test."""
    leaks = sorted(leaks, key=lambda leak: STRENGTH[leak.kind])
    base = replace(leaks[0], tests=list(leaks[0].tests))
    for other in leaks[1:]:
        base.count += other.count
        base.tests.extend(t for t in other.tests if t not in base.tests)
    return base


def _evidence_phrase(leak: RuntimeLeak) -> str:
    if leak.kind == LEAKED:
        return f"proven stuck in {leak.state} by the goroutineleak profile"
    if leak.kind == HUNG:
        return f"blocked in {leak.state} when the test timed out"
    return f"still running ({leak.state}) after the test"


def _stack_related(places: _Places, leak: RuntimeLeak, skip: Location | None) -> list[Related]:
    related = []
    for frame in leak.user_frames:
        loc = places.location(frame)
        if loc is None or loc == skip:
            continue
        if frame is leak.started:
            message = f"run time: goroutine started here by {leak.started.short_function}"
        elif frame is leak.blocked:
            message = f"run time: {leak.state} here, in {frame.short_function}"
        else:
            message = f"run time: called from {frame.short_function}"
        related.append(Related(loc, message))
    return related


def runtime_finding(places: _Places, leak: RuntimeLeak) -> Finding | None:
    rule = BY_KIND[leak.kind]
    loc = places.location(leak.blocked)
    if loc is None:
        return None
    where = leak.blocked.short_function
    if leak.kind == LEAKED:
        message = f"goroutine leaked: blocked for ever in {leak.state} in {where}; {leak.describe()} (proven by the goroutineleak profile)"
    elif leak.kind == HUNG:
        message = f"test timed out: goroutine blocked in {leak.state} in {where}; {leak.describe()}"
    else:
        message = (
            f"goroutine still running after the test, in {leak.state} in {where}; {leak.describe()}"
            " (not proven stuck)"
        )
    return Finding(
        rule.code, rule.name, message, loc, rule.severity, tuple(_stack_related(places, leak, loc))
    )


def merge(
    static: list[Finding],
    leaks: list[RuntimeLeak],
    read: Reader,
    names: dict[str, str] | None = None,
) -> Merged:
    """`names`: how to spell a file's path in new locations (default: as the static
    findings spell it, else relative to the current directory)."""
    sources: dict[str, bytes] = {}
    places = _Places(static, read, sources, names)
    matched: dict[int, list[RuntimeLeak]] = {}
    unmatched: list[RuntimeLeak] = []
    for leak in leaks:
        anchors = _anchors(leak)
        hits = [i for i, f in enumerate(static) if _lines(f) & anchors]
        for i in hits:
            matched.setdefault(i, []).append(leak)
        if not hits:
            unmatched.append(leak)
    out = Merged([], {}, sources)
    for i, f in enumerate(static):
        if i not in matched:
            out.findings.append(f)
            continue
        leak = _combine(matched[i])
        said = {
            _row(f.location),
            *(_row(r.location) for r in f.related),
        }  # lines the static side already names
        confirmed = replace(
            f,
            message=f"{f.message} [confirmed at run time: {leak.describe()}, {_evidence_phrase(leak)}]",
            related=f.related
            + tuple(
                r for r in _stack_related(places, leak, f.location) if _row(r.location) not in said
            ),
        )
        out.findings.append(confirmed)
        out.evidence[confirmed] = leak
    for leak in unmatched:
        finding = runtime_finding(places, leak)
        if finding is not None:
            out.findings.append(finding)
            out.evidence[finding] = leak
    out.findings.sort(key=Finding.sort_key)
    return out
