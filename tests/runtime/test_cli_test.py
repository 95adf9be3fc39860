"""`goleash test` end to end: real fixture modules, real `go test`, Go 1.19 and 1.27."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.runtime.conftest import TESTDATA
from tests.runtime.toolchains import go119, go127, needs_go119, needs_go127


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def real(path: Path) -> str:
    return os.path.realpath(path)


def findings_by(run) -> dict[tuple[str, int], dict]:
    return {(f["code"], f["line"]): f for f in run.json()}


@needs_go127
def test_go127_proves_leaks_and_confirms_static_findings(goleash, module):
    root = module("leaky")
    before = snapshot(root)
    run = goleash("test", "--go", go127(), "--format", "json", "-q", ".", cwd=root)
    assert run.code == 1, run.err
    by = findings_by(run)

    # A static finding at the blocked send carries the proof, the count and the test.
    first = by[("GL004", 11)]
    assert (
        "[confirmed at run time: 3 goroutines left by TestFirst, proven stuck in chan send"
        in first["message"]
    )
    assert first["runtime"]["kind"] == "leaked"
    assert first["runtime"]["count"] == 3
    assert first["runtime"]["tests"] == ["TestFirst"]
    top = first["runtime"]["stack"][0]
    assert (top["function"], real(Path(top["file"])), top["line"]) == (
        "example.com/leaky.First.func1",
        real(root / "fetch.go"),
        11,
    )

    # A leak the static rules miss (the receive is behind a function value) is still
    # reported where it blocks, with the `go` statement in the test as related location.
    wait = by[("GL900", 31)]
    assert wait["path"] == "fetch.go"
    assert wait["runtime"]["tests"] == ["TestWait"] and wait["runtime"]["count"] == 1
    assert any(
        r["path"] == "fetch_test.go" and r["line"] == 18 and "started here" in r["message"]
        for r in wait["related"]
    )

    # A ticker loop is not provably stuck: weaker evidence, from the snapshot.
    poll = [f for f in run.json() if f["code"] == "GL901"]
    assert [f["runtime"]["tests"] for f in poll] == [["TestPoll"]]
    assert any(r["line"] == 19 for r in poll[0]["related"])

    # A leak no test exercises stays a plain static finding.
    assert by[("GL003", 37)]["runtime"] is None
    assert len(run.json()) == 4
    assert snapshot(root) == before, "goleash test must not write into the module"


@needs_go119
def test_go119_reports_goroutines_left_running_from_snapshots(goleash, module):
    root = module("leaky")
    run = goleash("test", "--go", go119(), "--format", "json", ".", cwd=root)
    assert run.code == 1, run.err
    by = findings_by(run)
    first = by[("GL004", 11)]
    assert first["runtime"]["kind"] == "lingering"
    assert (first["runtime"]["count"], first["runtime"]["tests"]) == (3, ["TestFirst"])
    assert "still running (chan send) after the test" in first["message"]
    # Without the leak profile nothing is proven: the function-value leak is GL901.
    assert by[("GL901", 31)]["runtime"]["tests"] == ["TestWait"]
    assert ("GL900", 31) not in by
    assert "with go1.19" in run.err and "goroutine snapshots" in run.err


@needs_go127
def test_text_and_sarif_show_the_runtime_evidence(goleash, module):
    root = module("leaky")
    text = goleash("test", "--go", go127(), "-q", "--run", "Wait", ".", cwd=root)
    assert text.code == 1
    assert (
        "fetch.go:31:2: goroutine leaked: blocked for ever in chan receive in leaky.Wait.func1; "
        "1 goroutine left by TestWait (proven by the goroutineleak profile) (GL900)" in text.out
    )
    assert (
        "    fetch_test.go:18:2: run time: goroutine started here by leaky.TestWait.func1"
        in text.out
    )

    sarif = goleash(
        "test", "--go", go127(), "-q", "--run", "Wait", "--format", "sarif", ".", cwd=root
    ).json()
    run = sarif["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert {"GL900", "GL901", "GL902"} <= set(rules)
    result = next(r for r in run["results"] if r["ruleId"] == "GL900")
    assert rules[result["ruleIndex"]] == "GL900"
    assert result["properties"]["runtime"]["tests"] == ["TestWait"]


@needs_go119
def test_select_and_ignore_know_the_runtime_codes(goleash, module):
    root = module("leaky")
    only = goleash(
        "test", "--go", go119(), "--format", "json", "-q", "--select", "GL901", ".", cwd=root
    )
    # Without the static rules, First's leak is a run-time-only finding too.
    assert {f["code"] for f in only.json()} == {"GL901"}
    assert sorted(f["runtime"]["tests"][0] for f in only.json()) == [
        "TestFirst",
        "TestPoll",
        "TestWait",
    ]
    weak_dropped = goleash(
        "test", "--go", go119(), "--format", "json", "-q", "--ignore", "gl901", ".", cwd=root
    )
    assert sorted(f["code"] for f in weak_dropped.json()) == ["GL003", "GL004"]
    static_only = goleash(
        "test", "--go", go119(), "--format", "json", "-q", "--select", "GL004", ".", cwd=root
    )
    assert [f["code"] for f in static_only.json()] == ["GL004"]


@needs_go119
def test_goleash_toml_applies_to_the_static_side(goleash, module):
    root = module("leaky")
    (root / "goleash.toml").write_text('ignore = ["GL003"]\n')
    run = goleash("test", "--go", go119(), "--format", "json", "-q", ".", cwd=root)
    codes = sorted(f["code"] for f in run.json())
    assert codes == ["GL004", "GL901", "GL901"], codes
    isolated = goleash(
        "test", "--go", go119(), "--format", "json", "-q", "--isolated", ".", cwd=root
    )
    assert "GL003" in {f["code"] for f in isolated.json()}


@needs_go119
def test_go_style_patterns_and_nested_packages(goleash, module, tmp_path):
    root = module("clean")
    shutil.copytree(TESTDATA / "hang", root / "inner")  # a package below, in the same module
    (root / "inner" / "go.mod").unlink()
    run = goleash("test", "--go", go119(), "--format", "json", "--run", "Sum", "./...", cwd=root)
    assert (run.code, run.json()) == (0, []), run.err
    assert "ran 1 test in 1 package" in run.err  # inner has no test matching Sum
    run = goleash(
        "test", "--go", go119(), "--format", "json", "--timeout", "1s", "inner/...", cwd=root
    )
    assert [(f["code"], f["path"]) for f in run.json()] == [("GL902", "inner/batch.go")]


@needs_go119
@needs_go127
def test_clean_module_reports_nothing(goleash, module):
    root = module("clean")
    for go in (go119(), go127()):
        run = goleash("test", "--go", go, "--format", "json", ".", cwd=root)
        assert (run.code, run.json()) == (0, []), run.err
        assert "ran 1 test in 1 package" in run.err


@needs_go127
def test_module_with_its_own_testmain_and_external_tests(goleash, module):
    root = module("withmain")
    run = goleash("test", "--go", go127(), "--format", "json", ".", cwd=root)
    assert run.code == 1, run.err
    [finding] = run.json()
    assert (finding["code"], finding["line"]) == ("GL002", 7)
    assert finding["runtime"]["tests"] == ["TestServeGivesUp"]
    assert finding["runtime"]["kind"] == "leaked"
    # TestMain ran around every test (TestSetUp checks it) and nothing failed.
    assert "ran 3 tests" in run.err and "failed" not in run.err


@needs_go119
def test_hanging_test_is_stopped_and_its_stuck_goroutine_reported(goleash, module):
    root = module("hang")
    run = goleash("test", "--go", go119(), "--timeout", "1s", "--format", "json", ".", cwd=root)
    assert run.code == 1, run.err
    assert "TestRun: timed out after 1s" in run.err
    [finding] = run.json()
    assert (finding["code"], finding["path"], finding["line"]) == ("GL902", "batch.go", 17)
    assert finding["runtime"]["kind"] == "hung" and finding["runtime"]["tests"] == ["TestRun"]
    assert "test timed out: goroutine blocked in semacquire in hang.Run" in finding["message"]


@needs_go119
def test_build_failure_shows_the_compiler_message_and_exits_2(goleash, module):
    root = module("broken")
    run = goleash("test", "--go", go119(), "-q", ".", cwd=root)
    assert run.code == 2
    assert "goleash test: error: example.com/broken: cannot build the tests:" in run.err
    assert "broken.go:4:9: undefined: undefinedName" in run.err
    assert "Traceback" not in run.err


@needs_go119
def test_a_testmain_that_never_runs_the_tests_is_an_error(goleash, tmp_path):
    root = tmp_path / "badmain"
    root.mkdir()
    (root / "go.mod").write_text("module example.com/badmain\n\ngo 1.19\n")
    (root / "main_test.go").write_text(
        'package badmain\n\nimport (\n\t"os"\n\t"testing"\n)\n\n'
        "func TestMain(m *testing.M) { os.Exit(3) }\n\nfunc TestX(t *testing.T) {}\n"
    )
    run = goleash("test", "--go", go119(), "-q", ".", cwd=root)
    assert run.code == 2
    assert "example.com/badmain: the test binary cannot list its tests (exit status 3)" in run.err


def test_no_go_toolchain_is_a_clear_error(goleash, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    run = goleash("test", ".", cwd=tmp_path)
    assert run.code == 2
    assert "no Go toolchain: `go` is not on PATH" in run.err
    run = goleash("test", "--go", str(tmp_path / "nowhere" / "go"), ".", cwd=tmp_path)
    assert run.code == 2
    assert "Go toolchain not found" in run.err and "--go" in run.err


@needs_go119
def test_outside_a_module_the_go_error_is_shown(goleash, tmp_path):
    (tmp_path / "x.go").write_text("package x\n")
    run = goleash("test", "--go", go119(), ".", cwd=tmp_path)
    assert run.code == 2
    # Go's own words (no go.mod, or a go.mod above that does not cover it), one line.
    assert run.err.startswith("goleash test: error: .: ") and "module" in run.err.splitlines()[0]
    assert "Traceback" not in run.err


def test_bad_options_are_usage_errors(goleash, tmp_path, capsys):
    run = goleash("test", "--run", "(", ".", cwd=tmp_path)
    assert run.code == 2 and "--run '(': not a regular expression" in run.err


@needs_go127
def test_the_readme_example_is_what_the_command_prints(goleash, module):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    block = readme.split("$ goleash test ./...", 1)[1].split("```", 1)[0].splitlines()[1:]
    summary = block.pop()
    run = goleash("test", "--go", go127(), "./...", cwd=module("leaky"))
    printed = run.out.splitlines()
    # Every line but the ticker loop's (it may be caught on either line of its loop).
    for line in block:
        if "leaky.Poll" not in line and "(GL901)" not in line:
            assert line in printed, line
    assert len(printed) == len(block)
    assert summary in run.err
