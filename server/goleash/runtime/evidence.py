"""Leaked goroutines grouped by where they are stuck, mapped to the user's code.

Goroutines with the same stack in the user's code are one group, with a count and
the tests that left them. Each group points at the topmost frame inside the
module (the blocked operation, or the loop still running) and at the `go`
statement that started it (the `created by` frame) when that is the user's too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from goleash.runtime.runner import HUNG, LEAKED, LINGERING, PackageRun, in_module
from goleash.runtime.stacks import Frame

# Strongest evidence first: a proof, then a test that never ended, then a goroutine still running.
STRENGTH = {LEAKED: 0, HUNG: 1, LINGERING: 2}


@dataclass
class RuntimeLeak:
    kind: str  # LEAKED, HUNG or LINGERING
    package: str  # import path
    state: str  # the runtime's wait reason: "chan send", "select", ...
    blocked: Frame  # topmost frame in the module
    started: Frame | None  # the `go` statement, when it is in the module
    stack: list[Frame]  # the whole stack, innermost first, then the `created by` frame
    user_frames: list[Frame]  # the frames of `stack` inside the module
    count: int = 0
    tests: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "state": self.state,
            "count": self.count,
            "tests": list(self.tests),
            "stack": [{"function": f.function, "file": f.file, "line": f.line} for f in self.stack],
        }

    def describe(self) -> str:
        """`2 goroutines left by TestA, TestB`: how much and from where."""
        noun = "goroutine" if self.count == 1 else "goroutines"
        verb = "stuck in" if self.kind == HUNG else "left by"
        return f"{self.count} {noun} {verb} {', '.join(self.tests)}"


def group(runs: list[PackageRun]) -> list[RuntimeLeak]:
    groups: dict[tuple, RuntimeLeak] = {}
    for run in runs:
        for obs in run.observations:
            g = obs.goroutine
            user = [f for f in g.all_frames() if in_module(f, run.package)]
            if not user:
                continue
            started = (
                g.created_by
                if g.created_by is not None and in_module(g.created_by, run.package)
                else None
            )
            key = (
                obs.kind,
                run.package.import_path,
                tuple((f.function, f.file, f.line) for f in user),
            )
            leak = groups.get(key)
            if leak is None:
                leak = groups[key] = RuntimeLeak(
                    kind=obs.kind,
                    package=run.package.import_path,
                    state=g.wait_reason,
                    blocked=user[0],
                    started=started,
                    stack=g.all_frames(),
                    user_frames=user,
                )
            leak.count += 1
            if obs.test not in leak.tests:
                leak.tests.append(obs.test)
    return sorted(
        groups.values(),
        key=lambda leak: (STRENGTH[leak.kind], leak.blocked.file, leak.blocked.line),
    )
