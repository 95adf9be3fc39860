"""Run-time evidence (from `goleash.runTests`) kept by the server and laid over the
static findings of the open documents.

Evidence describes the code as it was when the tests ran. Each frame remembers the
text of the function it points into; while that text is still in the buffer (moved
by edits elsewhere or not), the frame follows it; once the user edits the function,
the evidence is dropped for that document.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from lsprotocol import types

from goleash.incremental import function_around
from goleash.model import Finding
from goleash.runtime.evidence import RuntimeLeak
from goleash.runtime.merge import merge, read_from_disk
from goleash.runtime.rules import BY_CODE as RUNTIME_RULES
from goleash.runtime.stacks import Frame
from goleash.source import SourceFile

RUNTIME_SOURCE = "goleash-runtime"


@dataclass(frozen=True)
class Anchor:
    """A frame's function as it was: its text and first line."""

    text: bytes
    first_line: int  # 1-based


@dataclass
class AnchoredLeak:
    leak: RuntimeLeak
    anchors: dict[Frame, Anchor]  # frames inside the module, by frame


def _real(path: str) -> str:
    return os.path.realpath(path)


def anchor_for(source: SourceFile, line: int) -> Anchor:
    """The top-level declaration around a 1-based line (or the line alone)."""
    around = function_around(source, line - 1)
    if around is not None:
        start, end = around
        return Anchor(source.data[start:end], source.line_of(start) + 1)
    return Anchor(source.line_text(line - 1), line)


def anchor(leaks: list[RuntimeLeak], read) -> list[AnchoredLeak]:
    """Remember, for every module frame of each leak, the function it is in now."""
    sources: dict[str, SourceFile | None] = {}
    out = []
    for leak in leaks:
        anchors = {}
        for frame in leak.user_frames:
            if frame.file not in sources:
                data = read(frame.file)
                sources[frame.file] = SourceFile(frame.file, data) if data is not None else None
            source = sources[frame.file]
            if source is not None:
                anchors[frame] = anchor_for(source, frame.line)
        out.append(AnchoredLeak(leak, anchors))
    return out


def _relocated(item: AnchoredLeak, path: str, data: bytes) -> RuntimeLeak | None:
    """The leak with its frames in `path` moved to where their functions are in
    `data`, or None when one of those functions changed."""
    moved: dict[Frame, Frame] = {}
    for frame, anchor in item.anchors.items():
        if _real(frame.file) != path:
            continue
        at = data.find(anchor.text)
        if at < 0:
            return None
        first_line = data.count(b"\n", 0, at) + 1
        moved[frame] = replace(frame, line=frame.line - anchor.first_line + first_line)
    leak = item.leak
    if not moved:
        return leak

    def m(frame: Frame) -> Frame:
        return moved.get(frame, frame)

    return replace(
        leak,
        blocked=m(leak.blocked),
        started=m(leak.started) if leak.started is not None else None,
        stack=[m(f) for f in leak.stack],
        user_frames=[m(f) for f in leak.user_frames],
    )


class RuntimeEvidence:
    def __init__(self) -> None:
        self._by_package: dict[str, list[AnchoredLeak]] = {}
        # Bumped with every new run, so pulled diagnostics are not answered "unchanged".
        self.generation = 0

    def set(self, package_dir: str, leaks: list[AnchoredLeak]) -> None:
        self._by_package[_real(package_dir)] = leaks
        self.generation += 1

    def leaks_for(self, path: str) -> list[AnchoredLeak]:
        return self._by_package.get(_real(os.path.dirname(path)), [])

    def apply(self, doc, findings: list[Finding]) -> list[Finding]:
        """The document's findings with the run-time evidence merged in."""
        items = self.leaks_for(doc.path)
        if not items:
            return findings
        path = _real(doc.path)
        leaks = []
        for item in items:
            if not any(_real(f.file) == path for f in item.leak.user_frames):
                continue
            leak = _relocated(item, path, doc.data)
            if leak is not None:
                leaks.append(leak)
        if not leaks:
            return findings

        def read(file: str) -> bytes | None:
            return doc.data if _real(file) == path else read_from_disk(file)

        merged = merge(list(findings), leaks, read, names={doc.path: doc.path})
        return [f for f in merged.findings if _real(f.path) == path]

    @staticmethod
    def mark(diagnostics: list[types.Diagnostic]) -> list[types.Diagnostic]:
        """Leaks seen only at run time: their own source and documentation link."""
        for d in diagnostics:
            rule = RUNTIME_RULES.get(d.code) if isinstance(d.code, str) else None
            if rule is not None:
                d.source = RUNTIME_SOURCE
                d.code_description = types.CodeDescription(href=rule.url)
        return diagnostics
