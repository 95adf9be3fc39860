"""Every leaky program of the blind corpus really leaks under goleak, where its
`// leak:` comment says, and every fixed twin really does not.

The whole corpus is one Go module; one `go test -json` builds and runs all its
packages (in parallel, about 40 s cold on two cores), and each test below reads
its package's result from that run.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from goleash.parsing import parse as parse_go
from goleash.runtime.stacks import Goroutine, parse
from tests.realistic.corpus import CORPUS, Program, programs
from tests.runtime.toolchains import go119, needs_go119

PROGRAMS = programs()
pytestmark = pytest.mark.timeout(600)  # the first test also builds the whole corpus
IDS = [p.id for p in PROGRAMS]
GOLEAK_REPORT = "found unexpected goroutines"


@dataclass
class PackageRun:
    action: str = ""  # "pass", "fail" (or "skip": no test files)
    output: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.output)

    def leaked(self) -> list[Goroutine]:
        """The goroutines goleak reported; its report is indented under the test's name."""
        report = self.text.partition(GOLEAK_REPORT)[2]
        lines = [
            line[8:] if line.startswith(" " * 8) else line.strip() for line in report.splitlines()
        ]
        return parse("\n".join(lines))


# TIMED_LEAK_RETRIES: a leak that races a cancel (a send checked against `ctx.Err()`
# just before it) shows on most runs but not every one on a loaded machine (dev p557
# passed once in a CI rehearsal). A leaky package that passes is run again, alone, up
# to this many times; one run that leaks shows the leak. Fixed twins get no retry.
TIMED_LEAK_RETRIES = 2


def _go_test(go: str, env: dict[str, str], targets: list[str]) -> dict[str, PackageRun]:
    proc = subprocess.run(
        [go, "test", "-json", "-count=1", "-vet=off", *targets],
        cwd=CORPUS,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    results: dict[str, PackageRun] = defaultdict(PackageRun)
    for line in proc.stdout.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        run = results[event.get("Package", "")]
        if event["Action"] == "output":
            run.output.append(event["Output"])
        elif event["Action"] in ("pass", "fail", "skip") and not event.get("Test"):
            run.action = event["Action"]
    results["<stderr>"].output.append(proc.stderr)
    return results


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, PackageRun]:
    go = go119()
    assert go is not None
    env = dict(
        os.environ,
        GOFLAGS="-mod=mod",
        GOPROXY="off",
        GOSUMDB="off",
        GOTOOLCHAIN="local",
        GO111MODULE="on",
    )
    results = _go_test(go, env, ["./..."])
    assert len(results) > 1, f"go test printed no results:\n{results['<stderr>'].text[-3000:]}"
    for program in PROGRAMS:
        leaky = program.package("leaky")
        for _ in range(TIMED_LEAK_RETRIES):
            if results[leaky].action != "pass":
                break
            again = _go_test(go, env, [leaky])
            if again[leaky].action:
                results[leaky] = again[leaky]
    return results


def test_corpus_layout():
    assert {p.set for p in PROGRAMS} == {"dev", "holdout"}
    for p in PROGRAMS:
        for kind in ("leaky", "fixed"):
            assert p.sources(kind), f"{p.id}/{kind}: no Go sources"
            tests = list(p.variant(kind).glob("*_test.go"))
            assert any("goleak.VerifyNone" in t.read_text() for t in tests), (
                f"{p.id}/{kind}: no goleak test"
            )
        assert p.markers("leaky"), f"{p.id}: no // leak: comment in leaky/"
        assert not p.markers("fixed"), f"{p.id}: fixed/ still has a // leak: comment"
        names = sorted(f.name for f in p.variant("leaky").glob("*.go"))
        assert names == sorted(f.name for f in p.variant("fixed").glob("*.go")), (
            f"{p.id}: twins differ in files"
        )


_FUNCTIONS = ("function_declaration", "method_declaration", "func_literal")


def _innermost_function(file: Path, line: int) -> tuple[str, int, int] | None:
    """The lines (1-based) of the innermost function around `line` of `file`."""
    try:
        root = parse_go(file.read_bytes()).root_node
    except OSError:
        return None
    found = None
    stack = [root]
    while stack:
        node = stack.pop()
        if not node.start_point[0] + 1 <= line <= node.end_point[0] + 1:
            continue
        if node.type in _FUNCTIONS:
            found = (str(file), node.start_point[0] + 1, node.end_point[0] + 1)
        stack.extend(node.children)
    return found


def _in_a_marked_function(marked: set[tuple[str, int]], file: str, line: int) -> bool:
    """A goroutine that loops forever may be caught running, a few lines past the
    blocking operation its marker names; it still leaks where the marker says when
    it is stopped inside the same innermost function."""
    if all(mfile != file for mfile, _ in marked):
        return False
    here = _innermost_function(Path(file), line)
    return here is not None and any(
        _innermost_function(Path(mfile), mline) == here for mfile, mline in marked
    )


def _report(run: PackageRun, runs: dict[str, PackageRun]) -> str:
    return (run.text or runs["<stderr>"].text)[-4000:]


@needs_go119
@pytest.mark.parametrize("program", PROGRAMS, ids=IDS)
def test_leaky_program_leaks_at_its_marker(program: Program, runs):
    run = runs[program.package("leaky")]
    assert run.action == "fail" and GOLEAK_REPORT in run.text, _report(run, runs)
    marked = {(str(m.file), m.line) for m in program.markers()}
    blocked = [(str(Path(f.file)), f.line) for g in run.leaked() for f in g.frames]
    assert marked & set(blocked) or any(
        _in_a_marked_function(marked, file, line) for file, line in blocked
    ), f"no leaked goroutine passes through a // leak: line {sorted(marked)}; leaked at {blocked}"


@needs_go119
@pytest.mark.parametrize("program", PROGRAMS, ids=IDS)
def test_fixed_twin_does_not_leak(program: Program, runs):
    run = runs[program.package("fixed")]
    assert run.action == "pass", _report(run, runs)


def test_a_goroutine_caught_running_counts_only_inside_the_marked_function(tmp_path):
    source = tmp_path / "loop.go"
    source.write_text(
        "package p\n"
        "\n"
        "func spin(tick <-chan int) {\n"
        "\tfor {\n"
        "\t\t<-tick // leak: nobody stops it\n"
        "\t\tprintln()\n"
        "\t}\n"
        "}\n"
        "\n"
        "func other() {\n"
        "\tprintln()\n"
        "}\n"
    )
    marked = {(str(source), 5)}
    assert _in_a_marked_function(marked, str(source), 6)
    assert not _in_a_marked_function(marked, str(source), 11)
    assert not _in_a_marked_function(marked, str(tmp_path / "elsewhere.go"), 6)
