"""The fix proof harness: golden files, and running each fixture before and after each fix.

A *leaky fixture* is a rule fixture (tests/rules/testdata/<CODE>/) with at least one
`// want`: a one-file package `<name>.go`, or a package directory whose files are
fixed together. Its `// run: <Go statements>` line says how to drive the leaky
path; fixtures without one are counted as "no entry point", never silently dropped.

For the runtime proof every variant (the fixture as is, each fix applied alone, and
everything `goleash fix --unsafe-fixes` does) becomes one package of a scratch Go
module, with a test that runs the statements and then calls `goleak.VerifyNone`.
`context.Background()` and `context.TODO()` in the run line become a context the
test cancels once the statements return, as a request's context would be: a fix
that waits on `ctx.Done()` is proved by that cancellation. One `go vet ./...` and one
`go test -json ./...` cover all variants.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from goleash.cli.fix import fix_package
from goleash.config import Settings
from goleash.engine import analyze
from goleash.fixes import apply_to_files
from goleash.model import Fix
from goleash.source import SourceFile

from . import gotools

TESTDATA = Path(__file__).resolve().parent.parent / "rules" / "testdata"
GOLDEN_SUFFIX = ".golden"
_RUN = re.compile(r"^//\s*run:\s*(.+?)\s*$", re.MULTILINE)
_WANT = re.compile(rb"//\s*want\b")
NOT_A_LEAK = {"GL100"}  # an unused suppression is a finding, not a goroutine leak


@dataclass
class Fixture:
    name: str  # "GL003/classic.go" or "GL003/multifile"
    code: str
    files: dict[str, bytes]  # file name -> source, the whole package
    run: str | None

    @property
    def leaky_files(self) -> list[str]:
        return [n for n, d in sorted(self.files.items()) if _WANT.search(d)]

    def golden_path(self, file_name: str) -> Path:
        folder = TESTDATA / self.name if len(self.files) > 1 else (TESTDATA / self.name).parent
        return folder / (file_name + GOLDEN_SUFFIX)

    def source(self, file_name: str, files: dict[str, bytes] | None = None) -> SourceFile:
        files = files or self.files
        return SourceFile(str(self._path(file_name)), files[file_name])

    def _path(self, file_name: str) -> Path:
        if len(self.files) > 1:
            return TESTDATA / self.name / file_name
        return (TESTDATA / self.name).parent / file_name

    def siblings(self, file_name: str, files: dict[str, bytes] | None = None) -> list[SourceFile]:
        files = files or self.files
        return [
            SourceFile(str(self._path(n)), d) for n, d in sorted(files.items()) if n != file_name
        ]


def leaky_fixtures(testdata: Path = TESTDATA) -> list[Fixture]:
    out = []
    for code_dir in sorted(p for p in testdata.iterdir() if p.is_dir()):
        if code_dir.name in NOT_A_LEAK:
            continue
        for entry in sorted(code_dir.iterdir()):
            if entry.is_dir():
                files = {p.name: p.read_bytes() for p in sorted(entry.glob("*.go"))}
                name = f"{code_dir.name}/{entry.name}"
            elif entry.suffix == ".go":
                files = {entry.name: entry.read_bytes()}
                name = f"{code_dir.name}/{entry.name}"
            else:
                continue
            if not any(_WANT.search(d) for d in files.values()):
                continue
            runs = [
                m.group(1)
                for d in files.values()
                for m in _RUN.finditer(d.decode("utf-8", "replace"))
            ]
            out.append(Fixture(name, code_dir.name, files, runs[0] if runs else None))
    return out


# -- fixes as variants ---------------------------------------------------------------


@dataclass
class Variant:
    fixture: Fixture
    label: str  # "before", a fix title, or "goleash fix --unsafe-fixes"
    files: dict[str, bytes]
    fix: Fix | None = None
    code: str = ""  # the rule whose finding offered the fix
    file_name: str = ""  # the file of the finding the fix belongs to

    @property
    def changed(self) -> list[str]:
        """The files the variant changed, the finding's own first."""
        names = [n for n, d in self.files.items() if d != self.fixture.files.get(n)]
        return sorted(names, key=lambda n: (n != self.file_name, n))

    @property
    def is_fix(self) -> bool:
        return self.label != "before"


def findings_of(fixture: Fixture, file_name: str, files: dict[str, bytes] | None = None):
    return analyze(fixture.source(file_name, files), fixture.siblings(file_name, files)).findings


def apply_fix(
    fixture: Fixture, file_name: str, fix: Fix, files: dict[str, bytes] | None = None
) -> dict[str, bytes]:
    """The package's files after `fix`, offered on a finding of `file_name`: it may edit
    other files of the package too (its edits name them by path)."""
    files = dict(files or fixture.files)
    by_path = {str(fixture._path(n)): n for n in files}
    new = apply_to_files(
        {p: files[n] for p, n in by_path.items()}, fix.edits, str(fixture._path(file_name))
    )
    for path, data in new.items():
        files[by_path[path]] = data
    return files


def fix_variants(fixture: Fixture) -> list[Variant]:
    """Each fix of each finding of each leaky file, applied alone to the fixture."""
    out = []
    for name in fixture.leaky_files:
        for finding in findings_of(fixture, name):
            for fix in finding.fixes:
                out.append(
                    Variant(
                        fixture, fix.title, apply_fix(fixture, name, fix), fix, finding.code, name
                    )
                )
    return out


def fix_all_variant(fixture: Fixture) -> Variant:
    """What `goleash fix --unsafe-fixes` makes of the whole package."""
    texts = {str(fixture._path(n)): d for n, d in sorted(fixture.files.items())}
    outcomes = fix_package(texts, lambda: [], lambda p: Settings(), unsafe=True)
    names = {str(fixture._path(n)): n for n in fixture.files}
    return Variant(
        fixture, "goleash fix --unsafe-fixes", {names[o.path]: o.fixed for o in outcomes}
    )


# -- golden files --------------------------------------------------------------------


def golden_text(fixture: Fixture, file_name: str) -> str:
    """txtar-like: one `-- <fix title> --` section per fix offered on the file's findings,
    with the file after the fix; a fix that edits another file of the package has a
    `-- <fix title> [other.go] --` section with that file after it."""
    parts = []
    seen: dict[str, int] = {}
    for v in fix_variants(fixture):
        if v.file_name != file_name:
            continue
        title = v.label
        seen[title] = seen.get(title, 0) + 1
        if seen[title] > 1:
            title = f"{title} #{seen[title]}"
        for name in v.changed:
            header = title if name == file_name else f"{title} [{name}]"
            parts.append(f"-- {header} --\n" + v.files[name].decode())
    return "".join(parts)


def parse_golden(text: str) -> dict[str, str]:
    sections: dict[str, str] = {}
    title = None
    buf: list[str] = []
    for line in text.splitlines(True):
        m = re.match(r"^-- (.+) --\n?$", line)
        if m:
            if title is not None:
                sections[title] = "".join(buf)
            title, buf = m.group(1), []
        else:
            buf.append(line)
    if title is not None:
        sections[title] = "".join(buf)
    return sections


# -- the runtime proof ------------------------------------------------------------------


@dataclass
class Outcome:
    variant: Variant
    package: str
    compiled: bool = False
    vet_clean: bool = False
    passed: bool = False  # goleak found nothing
    leak_reported: bool = False  # goleak reported unexpected goroutines
    still_reported: bool = False  # goleash still reports a finding on the variant
    output: list[str] = field(default_factory=list)
    vet_output: list[str] = field(default_factory=list)


def _imports(data: bytes) -> dict[str, str]:
    """Import name -> path for a file's imports."""
    out = {}
    src = SourceFile("x.go", data)
    for spec in _specs(src):
        path = spec.child_by_field_name("path")
        alias = spec.child_by_field_name("name")
        p = path.text.decode().strip('"`') if path is not None else ""
        name = alias.text.decode() if alias is not None else p.rsplit("/", 1)[-1]
        out[name] = p
    return out


def _specs(src: SourceFile):
    from goleash import parsing

    return parsing.captures("(import_spec) @s", src.root).get("s", [])


def test_file(fixture: Fixture, package_name: str) -> str:
    run = fixture.run or ""
    imported: dict[str, str] = {}
    for data in fixture.files.values():
        imported.update(_imports(data))
    cancels = bool(re.search(r"\bcontext\.(Background|TODO)\(\)", run))
    if cancels:
        run = re.sub(r"\bcontext\.(Background|TODO)\(\)", "goleashRunCtx", run)
    needed = {"testing": "testing", "goleak": "go.uber.org/goleak"}
    if cancels:
        needed["context"] = "context"
    for name in set(re.findall(r"\b([A-Za-z_]\w*)\.", run)):
        if name in imported and name not in needed:
            needed[name] = imported[name]
    std = sorted(p for n, p in needed.items() if "." not in p.split("/")[0])
    other = sorted(p for n, p in needed.items() if "." in p.split("/")[0])
    lines = [f"package {package_name}", "", "import ("]
    lines += [f'\t"{p}"' for p in std] + [""] + [f'\t"{p}"' for p in other] + [")", ""]
    lines.append("func TestGoleashRun(t *testing.T) {")
    if cancels:
        lines.append(
            "\tgoleashRunCtx, goleashRunCancel := context.WithCancel(context.Background())"
        )
    lines += ["\tfunc() {", f"\t\t{run}", "\t}()"]
    if cancels:
        lines.append("\tgoleashRunCancel()")
    lines += ["\tgoleak.VerifyNone(t)", "}", ""]
    return "\n".join(lines)


def build_module(root: Path, variants: list[Variant]) -> list[Outcome]:
    gotools.write_module(root)
    outcomes = []
    for i, v in enumerate(variants):
        pkg = f"v{i:03d}"
        d = root / pkg
        d.mkdir()
        for name, data in v.files.items():
            (d / name).write_bytes(data)
        package_name = SourceFile("x.go", next(iter(v.files.values()))).package_name
        if v.fixture.run:
            (d / "goleash_run_test.go").write_text(test_file(v.fixture, package_name))
        outcomes.append(Outcome(v, pkg))
    return outcomes


def run_proof(root: Path, variants: list[Variant], timeout: int = 480) -> list[Outcome]:
    """Compile and vet every variant, and run those with a `// run:` line, in one module under `root`."""
    root = root.resolve()  # the go tool wants absolute GOCACHE / GOPATH
    outcomes = build_module(root / "mod", variants)
    env = gotools.go_env(root)
    by_pkg = {o.package: o for o in outcomes}
    build = subprocess.run(
        ["go", "build", "./..."],
        cwd=root / "mod",
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    build_errors: set[str] = set()
    for line in (build.stdout + build.stderr).splitlines():
        m = re.search(r"(?:^|[/ ])(v\d{3,})/", line) or re.search(r"fixproof/(v\d{3,})", line)
        if m and m.group(1) in by_pkg:
            build_errors.add(m.group(1))
            by_pkg[m.group(1)].output.append(line + "\n")
    vet = subprocess.run(
        ["go", "vet", "./..."],
        cwd=root / "mod",
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    for line in (vet.stdout + vet.stderr).splitlines():
        m = re.search(r"(?:^|[/ ])(v\d{3,})/", line) or re.search(r"fixproof/(v\d{3,})", line)
        if m and m.group(1) in by_pkg:
            by_pkg[m.group(1)].vet_output.append(line)
    test = subprocess.run(
        ["go", "test", "-count=1", "-json", "-timeout", "120s", "./..."],
        cwd=root / "mod",
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    results: dict[str, str] = {}
    for line in test.stdout.splitlines():
        try:
            ev = json.loads(line)
        except ValueError:
            continue
        pkg = ev.get("Package", "").rsplit("/", 1)[-1]
        if pkg not in by_pkg:
            continue
        if ev.get("Action") == "output":
            by_pkg[pkg].output.append(ev.get("Output", ""))
        elif ev.get("Action") in ("pass", "fail") and not ev.get("Test"):
            results[pkg] = ev["Action"]
    build_failed = set(
        re.findall(r"fixproof/(v\d{3,}) \[(?:build|setup) failed\]", test.stdout + test.stderr)
    )
    for line in test.stderr.splitlines():
        m = re.search(r"(?:^|[/ ])(v\d{3,})/", line)
        if m and m.group(1) in by_pkg:
            by_pkg[m.group(1)].output.append(line + "\n")
    for o in outcomes:
        runs = bool(o.variant.fixture.run)
        o.compiled = (
            o.package not in build_errors
            and o.package not in build_failed
            and (not runs or o.package in results)
        )
        o.vet_clean = o.compiled and not o.vet_output
        o.passed = runs and o.compiled and results.get(o.package) == "pass"
        o.leak_reported = "found unexpected goroutines" in "".join(o.output)
        fx = o.variant.fixture
        o.still_reported = any(
            f.code not in NOT_A_LEAK
            for n in o.variant.files
            for f in findings_of(fx, n, o.variant.files)
        )
    return outcomes
