"""Running the idiom corpus under go.uber.org/goleak: one scratch module, one `go vet`, one `go test`.

Each program becomes the package `<NN-idiom>/<name>` of the module, with a test that runs
its `// run:` statements and then calls `goleak.VerifyNone` (which retries for a moment,
so goroutines that are merely finishing are not counted). `context.Background()` and
`context.TODO()` in a run line become a context the test cancels once the statements
return, as a request's context would be: a goroutine that waits on the caller's context
is released then, and only a goroutine nothing can release is a leak.

From goleak's report we keep, for each leaked goroutine, the innermost frame inside the
program's own files: the line where it is stuck, to be compared with the `// want` lines.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..fixes import gotools
from .idiom_corpus import Program

MODULE = "example.com/idioms"
TEST_FILE = "idiom_run_test.go"
# Standard packages a run line may use without the program importing them.
_STD_FOR_RUN = {n: n for n in ("context", "errors", "fmt", "io", "strings", "sync", "time")}
_CALLER_CONTEXT = re.compile(r"\bcontext\.(Background|TODO)\(\)")
_FRAME_FILE = re.compile(r"^\s*(/\S+\.go):(\d+)(?: \+0x[0-9a-f]+)?$")


@dataclass
class Outcome:
    program: Program
    vet_output: list[str] = field(default_factory=list)
    test_output: list[str] = field(default_factory=list)
    result: str = ""  # "pass", "fail" or "" when the test never ran (build failure)

    @property
    def compiled(self) -> bool:
        return self.result in ("pass", "fail")

    @property
    def passed(self) -> bool:
        return self.result == "pass"

    @property
    def leak_reported(self) -> bool:
        return "found unexpected goroutines" in self.text

    @property
    def text(self) -> str:
        return "".join(self.test_output)

    def stuck_at(self) -> list[tuple[str, int] | None]:
        """For each leaked goroutine: (file, line) of its innermost frame in the program, or None."""
        report = self.text.split("found unexpected goroutines", 1)[-1]
        out = []
        for block in re.split(r"\n\s*(?=\[?Goroutine \d+ in state )", report)[1:]:
            out.append(_innermost_own_frame(block, self.program))
        return out

    def detail(self) -> str:
        return (
            f"{self.program.rel} (run: {self.program.run}):\n"
            + "\n".join(self.vet_output)
            + self.text[-4000:]
        )


def _innermost_own_frame(block: str, program: Program) -> tuple[str, int] | None:
    lines = block.splitlines()
    for i, line in enumerate(lines):
        m = _FRAME_FILE.match(line)
        if not m or (i > 0 and lines[i - 1].strip().startswith("created by ")):
            continue
        path = Path(m.group(1))
        if (
            path.parent.name == program.name
            and path.parent.parent.name == program.idiom
            and path.name in program.files
        ):
            return path.name, int(m.group(2))
    return None


def test_source(program: Program, package_name: str) -> str:
    run = program.run
    cancels = bool(_CALLER_CONTEXT.search(run))
    if cancels:
        run = _CALLER_CONTEXT.sub("idiomRunCtx", run)
    imports = {"testing": "testing", "goleak": "go.uber.org/goleak"}
    if cancels:
        imports["context"] = "context"
    known = program.imports()
    for name in set(re.findall(r"\b([A-Za-z_]\w*)\.", run)):
        if name not in imports and (name in known or name in _STD_FOR_RUN):
            imports[name] = known.get(name) or _STD_FOR_RUN[name]
    lines = [f"package {package_name}", "", "import ("]
    lines += [f'\t{name} "{path}"' for name, path in sorted(imports.items())]
    lines += [")", "", "func TestIdiomRun(t *testing.T) {"]
    if cancels:
        lines.append("\tidiomRunCtx, idiomRunCancel := context.WithCancel(context.Background())")
    lines += ["\tfunc() {", f"\t\t{run}", "\t}()"]
    if cancels:
        lines.append("\tidiomRunCancel()")
    lines += ["\tgoleak.VerifyNone(t)", "}", ""]
    return "\n".join(lines)


def _package_name(program: Program) -> str:
    src = next(iter(program.go119_files.values()))
    m = re.search(r"^package\s+(\w+)", src, re.MULTILINE)
    return m.group(1) if m else program.name


def build_module(root: Path, programs: list[Program]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "go.mod").write_text(
        f"module {MODULE}\n\ngo 1.19\n\nrequire go.uber.org/goleak v1.2.0\n\n"
        f"replace go.uber.org/goleak => {gotools.GOLEAK_SRC}\n"
    )
    for p in programs:
        d = root / p.idiom / p.name
        d.mkdir(parents=True)
        for name, src in p.files.items():
            (d / name).write_text(src)
        (d / TEST_FILE).write_text(test_source(p, _package_name(p)))


def run(root: Path, programs: list[Program], timeout: int = 600) -> list[Outcome]:
    """Vet and test every program in one module under `root`; one Outcome per program."""
    root = root.resolve()  # the go tool wants absolute GOCACHE / GOPATH
    mod = root / "mod"
    build_module(mod, programs)
    env = gotools.go_env(root)
    outcomes = {p.rel: Outcome(p) for p in programs}

    def owner(line: str) -> Outcome | None:
        for rel, o in outcomes.items():
            if f"{rel}/" in line or line.rstrip().endswith(f"/{rel}") or f"/{rel} " in line:
                return o
        return None

    vet = subprocess.run(
        ["go", "vet", "./..."], cwd=mod, env=env, capture_output=True, text=True, timeout=timeout
    )
    for line in (vet.stdout + vet.stderr).splitlines():
        o = owner(line)
        if o is not None and not line.startswith("#"):
            o.vet_output.append(line)
    test = subprocess.run(
        ["go", "test", "-count=1", "-json", "-timeout", "300s", "./..."],
        cwd=mod,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    for line in test.stdout.splitlines():
        try:
            ev = json.loads(line)
        except ValueError:
            o = owner(line)
            if o is not None:
                o.test_output.append(line + "\n")
            continue
        rel = ev.get("Package", "").removeprefix(MODULE + "/")
        o = outcomes.get(rel)
        if o is None:
            continue
        if ev.get("Action") == "output":
            o.test_output.append(ev.get("Output", ""))
        elif ev.get("Action") in ("pass", "fail") and not ev.get("Test"):
            if "[build failed]" not in o.text and "[setup failed]" not in o.text:
                o.result = ev["Action"]
    for line in test.stderr.splitlines():
        o = owner(line)
        if o is not None:
            o.test_output.append(line + "\n")
    return [outcomes[p.rel] for p in programs]
