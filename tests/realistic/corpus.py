"""The blind corpus in bench/realistic: its programs, their two variants and leak markers.

Each program is `bench/realistic/<set>/<name>/` with a `leaky/` and a `fixed/` Go
package. A line of `leaky/` whose trailing comment starts with `// leak:` is where a
leaked goroutine blocks (or loops); `fixed/` has none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "bench" / "realistic"
SETS = ("dev", "holdout")
MODULE = "goleash.invalid/realistic"

_MARKER = re.compile(r"//\s*leak:")


@dataclass(frozen=True)
class Marker:
    file: Path
    line: int  # 1-based


@dataclass(frozen=True)
class Program:
    set: str
    name: str

    @property
    def id(self) -> str:
        return f"{self.set}/{self.name}"

    @property
    def root(self) -> Path:
        return CORPUS / self.set / self.name

    def variant(self, kind: str) -> Path:
        return self.root / kind

    def package(self, kind: str) -> str:
        """The Go import path of one variant."""
        return f"{MODULE}/{self.id}/{kind}"

    def sources(self, kind: str) -> list[Path]:
        """The package's Go files without its tests: what a leak checker is run on."""
        return sorted(p for p in self.variant(kind).glob("*.go") if not p.name.endswith("_test.go"))

    def markers(self, kind: str = "leaky") -> list[Marker]:
        found = []
        for path in sorted(self.variant(kind).glob("*.go")):
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if _MARKER.search(line):
                    found.append(Marker(path, number))
        return found


def programs(only: str | None = None) -> list[Program]:
    return [
        Program(s, d.name)
        for s in SETS
        if only in (None, s)
        for d in sorted((CORPUS / s).iterdir())
        if d.is_dir()
    ]
