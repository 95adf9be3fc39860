"""Goroutine dumps, as `runtime.Stack(buf, true)`, the goroutineleak profile (debug=2)
and a timed-out test print them, parsed into goroutines and frames.

    goroutine 19 [chan send (leaked)]:
    example.com/leaky.Leak.func1()
        /src/leaky/leak.go:8 +0x1e
    created by example.com/leaky.Leak in goroutine 18
        /src/leaky/leak.go:7 +0x67

Go before 1.21 prints no "in goroutine N"; the profile marks proven leaks with
"(leaked)" in the state. Anything else in the text (test output, the panic line)
is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADER = re.compile(r"^goroutine (\d+)(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[([^\]]*)\]:\s*$")
_LOCATION = re.compile(r"^\t(.+?):(\d+)(?: \+0x[0-9a-f]+)?\s*$")
_CREATED_BY = re.compile(r"^created by (\S+?)(?: in goroutine \d+)?\s*$")
_CALL_ARGS = re.compile(r"\((?:[^()]|\.\.\.)*\)$")


@dataclass(frozen=True)
class Frame:
    function: str  # "example.com/leaky.Leak.func1"
    file: str
    line: int  # 1-based

    @property
    def short_function(self) -> str:
        """`leaky.Leak.func1`: the package name, not its whole import path."""
        return self.function.rsplit("/", 1)[-1]


@dataclass
class Goroutine:
    id: int
    state: str  # "chan send", "select", "chan receive (nil chan)", "running"
    frames: list[Frame] = field(default_factory=list)  # innermost first
    created_by: Frame | None = None

    @property
    def leaked(self) -> bool:
        """Proven by the goroutineleak profile: blocked on something nothing can reach."""
        return "(leaked)" in self.state

    @property
    def wait_reason(self) -> str:
        """The state without the leak mark or the wait time ("chan send")."""
        reason = self.state.replace("(leaked)", "").split(",")[0]
        return reason.strip()

    def all_frames(self) -> list[Frame]:
        return self.frames + ([self.created_by] if self.created_by else [])


def parse(text: str) -> list[Goroutine]:
    goroutines: list[Goroutine] = []
    current: Goroutine | None = None
    pending: str | None = None  # a function line waiting for its location line
    creating = False
    for line in text.splitlines():
        header = _HEADER.match(line)
        if header:
            current = Goroutine(int(header.group(1)), header.group(2))
            goroutines.append(current)
            pending, creating = None, False
            continue
        if current is None:
            continue
        if not line.strip():
            current, pending = None, None  # a blank line ends a goroutine
            continue
        location = _LOCATION.match(line)
        if location and pending is not None:
            frame = Frame(pending, location.group(1), int(location.group(2)))
            if creating:
                current.created_by = frame
            else:
                current.frames.append(frame)
            pending, creating = None, False
            continue
        created = _CREATED_BY.match(line)
        if created:
            pending, creating = created.group(1), True
            continue
        if not line.startswith("\t") and not line.startswith("..."):
            pending = _CALL_ARGS.sub("", line.strip())
            creating = False
    return goroutines
