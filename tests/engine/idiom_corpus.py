"""The idiom corpus: leaky Go programs and their fixed twins, read from tests/engine/idioms/.

Layout: `idioms/<NN-idiom>/<name>.go` is a one-file package, `idioms/<NN-idiom>/<name>/`
a package of several files; the fixed twin of `<name>` is `fixed_<name>.go` / `fixed_<name>/`.
A leaky program marks each operation that blocks forever with `// want "blocks forever"`
(a loop nothing can stop: `// want "loops forever"` on its `for` line), and every program
carries a `// run: <Go statements>` line that drives the leaky path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

IDIOMS = Path(__file__).resolve().parent / "idioms"
TWIN_PREFIX = "fixed_"

RUN_LINE = re.compile(r"^//\s*run:\s*(.+?)\s*$", re.MULTILINE)
WANT = re.compile(r"//\s*want\b(.*)$")
WANT_MESSAGE = re.compile(r'^\s*"(blocks forever|loops forever)"\s*$')
_BUILD_TAG = re.compile(r"^//go:build\s+(.+)$", re.MULTILINE)
_IMPORT_BLOCK = re.compile(r"^import\s*\((.*?)^\)", re.MULTILINE | re.DOTALL)
_IMPORT_ONE = re.compile(r'^import\s+(\w+\s+)?"([^"]+)"', re.MULTILINE)
_IMPORT_SPEC = re.compile(r'^\s*(\w+\s+)?"([^"]+)"', re.MULTILINE)


@dataclass(frozen=True)
class Want:
    file: str  # file name inside the package
    line: int  # 1-based
    kind: str  # "blocks forever" or "loops forever"

    def explains(self, file: str, line: int, source: str) -> bool:
        """Whether a goroutine stuck at file:line (`source` is that file) is the leak this marks.

        A blocked goroutine sits on the very line; a goroutine in a loop that never stops is
        anywhere from the `for` to the end of the enclosing top-level function.
        """
        if file != self.file:
            return False
        if self.kind == "blocks forever":
            return line == self.line
        lines = source.splitlines()
        end = next(
            (i + 1 for i in range(self.line, len(lines)) if lines[i].startswith("}")), len(lines)
        )
        return self.line <= line <= end


@dataclass
class Program:
    idiom: str  # "01-loop-channel"
    name: str  # "fan_in" or "fixed_fan_in": also the Go package name
    files: dict[str, str]  # file name -> source, every .go file of the package

    @property
    def go119_files(self) -> dict[str, str]:
        """The files Go 1.19 builds: without a newer-Go build constraint."""
        return {n: s for n, s in self.files.items() if _built_by_go119(s)}

    @property
    def runs_on_go119(self) -> bool:
        return bool(self.go119_files)

    @property
    def is_twin(self) -> bool:
        return self.name.startswith(TWIN_PREFIX)

    @property
    def partner(self) -> str:
        """The name of the twin of a leaky program, or of the leaky program of a twin."""
        return self.name[len(TWIN_PREFIX) :] if self.is_twin else TWIN_PREFIX + self.name

    @property
    def rel(self) -> str:
        return f"{self.idiom}/{self.name}"

    def run_lines(self) -> list[str]:
        return [m.group(1) for src in self.files.values() for m in RUN_LINE.finditer(src)]

    @property
    def run(self) -> str:
        lines = self.run_lines()
        return lines[0] if lines else ""

    def want_lines(self) -> list[tuple[str, int, str]]:
        """(file, line, the text after `// want`) for every `// want` comment."""
        out = []
        for name, src in sorted(self.files.items()):
            for i, line in enumerate(src.splitlines(), start=1):
                m = WANT.search(line)
                if m:
                    out.append((name, i, m.group(1)))
        return out

    def wants(self) -> list[Want]:
        out = []
        for name, line, text in self.want_lines():
            m = WANT_MESSAGE.match(text)
            if m:
                out.append(Want(name, line, m.group(1)))
        return out

    def imports(self) -> dict[str, str]:
        """Import name -> import path over the package's files."""
        out = {}
        for src in self.go119_files.values():
            specs = [m.groups() for m in _IMPORT_ONE.finditer(src)]
            for block in _IMPORT_BLOCK.finditer(src):
                specs += [m.groups() for m in _IMPORT_SPEC.finditer(block.group(1))]
            for alias, path in specs:
                out[alias.strip() if alias else path.rsplit("/", 1)[-1]] = path
        return out


def _built_by_go119(src: str) -> bool:
    """False for files behind a newer-Go build constraint (e.g. `//go:build go1.25`)."""
    m = _BUILD_TAG.search(src)
    if not m:
        return True
    versions = [int(v) for v in re.findall(r"go1\.(\d+)", m.group(1))]
    return not any(v > 19 for v in versions)


def load(root: Path = IDIOMS) -> list[Program]:
    programs = []
    for idiom in sorted(p for p in root.iterdir() if p.is_dir()):
        for entry in sorted(idiom.iterdir()):
            if entry.is_dir():
                paths = sorted(entry.glob("*.go"))
                name = entry.name
            elif entry.suffix == ".go":
                paths = [entry]
                name = entry.stem
            else:
                continue
            files = {p.name: p.read_text() for p in paths}
            programs.append(Program(idiom.name, name, files))
    return programs
