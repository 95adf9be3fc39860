"""Fuzz: no fix turns Go that parses into Go that does not, and every fixed file is
gofmt-clean.

Seeded mutations of the rules' fixtures and the idiom corpus (a leaky snippet
inserted into a function, a buffer removed, a `close`/`Unlock`/`cancel` line
deleted, lines duplicated, deleted or swapped), formatted with gofmt so the
input is clean; the mutants that no longer parse are left out. Every fix that
goleash offers for each mutant is applied alone, as `goleash fix` and the
editor's lightbulb apply it, to its file and to the other files of the package
it edits; each result must parse, and gofmt must leave it as it is.

`GOLEASH_FIX_FUZZ_INPUTS=100000` runs a longer search than CI's.
"""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

import pytest

from goleash import parsing
from goleash.engine import analyze
from goleash.fixes.edits import apply_to_files
from goleash.source import SourceFile
from tests.fixes.gotools import gofmt_diff, have_gofmt

pytestmark = pytest.mark.timeout(600)

TESTS = Path(__file__).resolve().parents[1]
CORPORA = (TESTS / "rules" / "testdata", TESTS / "engine" / "idioms")
INPUTS = int(os.environ.get("GOLEASH_FIX_FUZZ_INPUTS", "1200"))
BLOCKS = 4

SNIPPETS = [
    "ch := make(chan int)\ngo func() { ch <- 1 }()\n",
    "done := make(chan struct{})\ngo func() {\n<-done\n}()\n",
    "res := make(chan int)\ngo func() { res <- 1 }()\nselect {\ncase v := <-res:\n_ = v\ncase <-time.After(time.Second):\n}\n",
    "go func() {\nfor {\n}\n}()\n",
    "jobs := make(chan int)\ngo func() {\nfor j := range jobs {\n_ = j\n}\n}()\njobs <- 1\n",
    "ctx, cancel := context.WithCancel(context.Background())\n_ = ctx\n_ = cancel\n",
    "t := time.NewTicker(time.Second)\n_ = t\n",
    "var mu sync.Mutex\nmu.Lock()\n",
    "var wg sync.WaitGroup\nwg.Add(1)\ngo func() {\nif true {\nreturn\n}\nwg.Done()\n}()\nwg.Wait()\n",
    "errc := make(chan error)\nfor i := 0; i < 3; i++ {\ngo func() { errc <- nil }()\n}\nif err := <-errc; err != nil {\nreturn\n}\n",
]
RELEASES = ("close(", "Unlock()", "cancel()", ".Stop()", ".Done()", "<-")


def corpus() -> list[Path]:
    files = [p for root in CORPORA for p in sorted(root.rglob("*.go"))]
    return [p for p in files if not parsing.parse(p.read_bytes()).root_node.has_error]


def mutate(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        # Lines inside a function body: after a line ending in `{`, before its `}`.
        inside = [
            i
            for i in range(1, len(lines))
            if lines[i - 1].rstrip().endswith("{") and lines[i].startswith("\t")
        ]
        roll = rng.random()
        if roll < 0.35 and inside:
            at = rng.choice(inside)
            lines[at:at] = rng.choice(SNIPPETS).rstrip("\n").split("\n")
        elif roll < 0.50:
            buffered = [
                i
                for i, line in enumerate(lines)
                if "make(chan" in line and ", " in line.split("make(chan", 1)[1]
            ]
            if buffered:
                i = rng.choice(buffered)
                head, tail = lines[i].split("make(chan", 1)
                kind, _, rest = tail.partition(", ")
                lines[i] = head + "make(chan" + kind + ")" + rest.partition(")")[2]
        elif roll < 0.70:
            releases = [i for i, line in enumerate(lines) if any(r in line for r in RELEASES)]
            if releases:
                del lines[rng.choice(releases)]
        elif len(lines) > 2:
            i = rng.randrange(1, len(lines) - 1)
            op = rng.randrange(3)
            if op == 0:
                lines.insert(i, lines[i])
            elif op == 1:
                del lines[i]
            else:
                lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return "\n".join(lines)


def gofmt_many(folder: Path, names: list[str]) -> None:
    """gofmt -w on the files given (one process for many); those it cannot format are removed."""
    if not names:
        return
    p = subprocess.run(
        ["gofmt", "-w", *names], cwd=folder, capture_output=True, text=True, timeout=300
    )
    if p.returncode != 0:
        for name in names:  # the ones gofmt rejects (it reports them on stderr)
            if name in p.stderr:
                (folder / name).unlink(missing_ok=True)


def unformatted(folder: Path) -> list[str]:
    p = subprocess.run(
        ["gofmt", "-l", "."], cwd=folder, capture_output=True, text=True, timeout=300
    )
    return sorted(line[2:] if line.startswith("./") else line for line in p.stdout.split())


@pytest.mark.parametrize("block", range(BLOCKS))
def test_fixes_of_mutated_sources_parse_and_are_gofmt_clean(block, tmp_path):
    files = corpus()
    assert len(files) > 150
    rng = random.Random(block)
    gofmt = have_gofmt()
    inputs_dir, fixed_dir = tmp_path / "inputs", tmp_path / "fixed"
    inputs_dir.mkdir()
    fixed_dir.mkdir()
    origin: dict[str, Path] = {}
    for n in range(INPUTS // BLOCKS):
        path = rng.choice(files)
        text = mutate(rng, path.read_text(encoding="utf-8"))
        if parsing.parse(text.encode()).root_node.has_error:
            continue  # the property is about code that parses
        name = f"m{n}.go"
        (inputs_dir / name).write_text(text, encoding="utf-8")
        origin[name] = path
    if gofmt:
        gofmt_many(inputs_dir, sorted(origin))

    mutants = fixes = 0
    broken = []
    clean: dict[str, bool] = {}

    def clean_sibling(target: str) -> bool:
        if target not in clean:
            clean[target] = gofmt_diff(Path(target).read_bytes()) == ""
        return clean[target]

    for name, path in origin.items():
        mutant = inputs_dir / name
        if not mutant.exists():
            continue
        data = mutant.read_bytes()
        own = str(path)  # the mutant stands in for its original, among its real siblings
        texts = {
            own: data,
            **{str(p): p.read_bytes() for p in path.parent.glob("*.go") if p != path},
        }
        siblings = [SourceFile(p, t) for p, t in texts.items() if p != own]
        report = analyze(SourceFile(own, data), siblings)
        mutants += 1
        for i, finding in enumerate(report.findings):
            for j, fix in enumerate(finding.fixes):
                fixes += 1
                for k, (target, fixed) in enumerate(apply_to_files(texts, fix.edits, own).items()):
                    label = f"{name} ({path.relative_to(TESTS)}) {finding.code} fix {fix.title!r} -> {Path(target).name}"
                    if parsing.parse(fixed).root_node.has_error:
                        broken.append(
                            f"{label}: does not parse\n{fixed.decode('utf-8', 'replace')}"
                        )
                        continue
                    # Only files gofmt-clean before the fix must be after it (the mutant is,
                    # gofmt wrote it; a sibling fixture is when gofmt leaves it alone).
                    if gofmt and (target == own or clean_sibling(target)):
                        (fixed_dir / f"{name[:-3]}_{i}_{j}_{k}.go").write_bytes(fixed)
    assert not broken, "\n\n".join(broken[:5])
    if gofmt:
        dirty = unformatted(fixed_dir)
        assert not dirty, "\n\n".join(
            f"{n}:\n{gofmt_diff((fixed_dir / n).read_bytes())}" for n in dirty[:5]
        )
    # Enough of the mutants got fixes for the test to mean something.
    assert mutants > INPUTS // BLOCKS // 3 and fixes > mutants // 2, (mutants, fixes)
    print(f"block {block}: {mutants} mutants, {fixes} fixes applied")
