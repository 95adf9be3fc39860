"""`goleash check`: what it walks, what it reports, and its exit status."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from goleash.cli import check

LEAK_LINE = re.compile(r"^classic/leaky\.go:6:7: goroutine .*leaky.* `ch`.* \(GL003\)$")


def finding_paths(out: str) -> list[str]:
    return [line.split(":", 1)[0] for line in out.splitlines() if line and not line.startswith(" ")]


def test_classic_leak_text(goleash):
    run = goleash("check", "classic")
    assert run.code == 1
    lines = run.out.splitlines()
    assert LEAK_LINE.match(lines[0]), lines[0]
    related = sorted(lines[1:])
    assert related[0].startswith("    classic/leaky.go:11:8: ") and "made" in related[0]
    assert related[1].startswith("    classic/leaky.go:13:3: ") and "started" in related[1]
    assert "1 finding in 1 file" in run.err


def test_no_related(goleash):
    run = goleash("check", "--no-related", "classic")
    assert run.code == 1
    assert len(run.out.splitlines()) == 1 and LEAK_LINE.match(run.out.strip())


def test_clean_code_exits_zero(goleash):
    run = goleash("check", "clean")
    assert (run.code, run.out) == (0, "")
    assert "0 findings" in run.err


def test_quiet_drops_summary(goleash):
    assert goleash("check", "-q", "clean").err == ""


def test_default_path_is_current_directory(goleash, data):
    run = goleash("check", "--no-related", cwd=data / "classic")
    assert run.code == 1 and run.out.startswith("leaky.go:6:7: ")


@pytest.mark.parametrize(
    "args, code",
    [
        (["--ignore", "GL003"], 0),
        (["--ignore", "GL100,GL003"], 0),
        (["--ignore", "GL100", "--ignore", "orphaned-goroutine"], 0),
        (["--select", "GL100"], 0),
        (["--select", "GL0"], 1),
        (["--select", "GL03"], 1),
        (["--select", "orphaned-goroutine"], 1),
        (["--select", "GL003", "--ignore", "GL003"], 0),
    ],
)
def test_select_and_ignore(goleash, args, code):
    assert goleash("check", *args, "classic").code == code


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_rule_is_a_usage_error(goleash, option):
    run = goleash("check", option, "GL999", "classic")
    assert run.code == 2 and run.out == ""
    assert "unknown rule code or name" in run.err and "'GL999'" in run.err


def test_severity_override(goleash):
    run = goleash("check", "--format", "json", "--severity", "GL003=error", "classic")
    assert [f["severity"] for f in run.json()] == ["error"]
    bad = goleash("check", "--severity", "GL003=loud", "classic")
    assert bad.code == 2 and "level must be" in bad.err


def test_generated_files_are_skipped_unless_asked(goleash):
    run = goleash("check", "generated")
    assert (run.code, run.out) == (0, "")
    assert "1 generated skipped" in run.err
    run = goleash("check", "--include-generated", "generated")
    assert run.code == 1 and finding_paths(run.out) == ["generated/gen.go"]


def test_vendor_testdata_hidden_and_underscore_dirs_are_skipped(goleash):
    run = goleash("check", "tree")
    assert finding_paths(run.out) == ["tree/pkg/leak.go"]


def test_no_default_excludes_walks_everything(goleash):
    run = goleash("check", "--no-default-excludes", "tree")
    assert finding_paths(run.out) == [
        "tree/.hidden/leak.go",
        "tree/_scratch/leak.go",
        "tree/pkg/leak.go",
        "tree/testdata/leak.go",
        "tree/vendor/dep/leak.go",
    ]


def test_exclude_glob(goleash):
    assert goleash("check", "--exclude", "pkg", "tree").code == 0
    assert goleash("check", "--exclude", "*.go", "tree").code == 0
    assert goleash("check", "--exclude", "other", "tree").code == 1


def test_a_file_named_explicitly_is_checked_even_in_vendor(goleash):
    run = goleash("check", "tree/vendor/dep/leak.go")
    assert finding_paths(run.out) == ["tree/vendor/dep/leak.go"]


def test_goroutine_body_in_a_sibling_file(goleash):
    run = goleash("check", "siblings")
    assert run.code == 1
    assert finding_paths(run.out) == ["siblings/main.go"]
    assert re.search(r"^    siblings/worker\.go:6:14: .*`ch`", run.out, re.MULTILINE), run.out


def test_sibling_file_not_named_is_still_read(goleash):
    run = goleash("check", "siblings/main.go")
    assert finding_paths(run.out) == ["siblings/main.go"]
    assert "siblings/worker.go:6:14" in run.out
    assert "checked 1 file" in run.err


def test_another_package_in_the_same_directory_is_not_a_sibling(goleash, tmp_path, data):
    shutil.copy(data / "siblings" / "main.go", tmp_path / "main.go")
    (tmp_path / "other.go").write_text(
        (data / "siblings" / "worker.go").read_text().replace("package main", "package other")
    )
    run = goleash("check", "--format", "json", ".", cwd=tmp_path)
    assert all(r["path"] != "other.go" for f in run.json() for r in f["related"])


def write_bad_inputs(root: Path) -> None:
    (root / "bad.go").write_bytes(b"package main\xff\n")  # the 0xff is byte 12
    (root / "empty.go").write_bytes(b"")
    (root / "prose.go").write_text("This is not Go at all.\n")
    os.symlink("nowhere.go", root / "dangling.go")


def test_bad_inputs_are_reported_and_the_run_goes_on(goleash, tmp_path, data):
    shutil.copy(data / "classic" / "leaky.go", tmp_path / "leaky.go")
    write_bad_inputs(tmp_path)
    run = goleash("check", "--no-related", ".", cwd=tmp_path)
    assert run.code == 2
    assert finding_paths(run.out) == ["leaky.go"]
    errors = [line for line in run.err.splitlines() if ": error: " in line]
    assert errors == [
        "bad.go: error: not valid UTF-8 (byte 0xff at offset 12)",
        "dangling.go: error: cannot read file: No such file or directory",
        "empty.go: error: empty file: not Go source (no package clause)",
        "prose.go: error: not Go source: no package clause",
    ]
    assert "4 errors" in run.err


def test_a_fifo_is_reported_not_waited_on(goleash, tmp_path):
    os.mkfifo(tmp_path / "pipe.go")
    run = goleash("check", ".", cwd=tmp_path)
    assert run.code == 2 and "pipe.go: error: not a regular file" in run.err


def test_bad_input_alone_exits_two(goleash, tmp_path):
    (tmp_path / "bad.go").write_bytes(b"\xc3(")
    run = goleash("check", "bad.go", cwd=tmp_path)
    assert run.code == 2 and run.out == ""
    assert "bad.go: error: not valid UTF-8 (byte 0xc3 at offset 0)" in run.err


def test_missing_path_and_non_go_file(goleash, data):
    run = goleash("check", "--no-related", "no/such/dir", "classic", "tree/pkg")
    assert run.code == 2
    assert "no/such/dir: error: no such file or directory" in run.err
    assert finding_paths(run.out) == ["classic/leaky.go", "tree/pkg/leak.go"]
    run = goleash("check", "conftest.py", cwd=data.parent)
    assert run.code == 2 and "conftest.py: error: not a Go file" in run.err


def test_output_file(goleash, tmp_path, data):
    target = tmp_path / "report.json"
    run = goleash("check", "--format", "json", "-o", str(target), "classic")
    assert run.code == 1 and run.out == ""
    assert '"GL003"' in target.read_text()


def test_parallel_output_equals_serial(goleash, monkeypatch):
    serial = goleash("check", "--format", "json", "-j", "1", ".")
    monkeypatch.setattr(check, "PARALLEL_MIN_BYTES", 0)
    calls = []
    real = check.multiprocessing.get_context
    monkeypatch.setattr(check.multiprocessing, "get_context", lambda m: calls.append(m) or real(m))
    parallel = goleash("check", "--format", "json", "-j", "2", ".")
    assert calls, "the process pool was not used"
    assert serial.code == parallel.code == 1
    assert serial.out == parallel.out
    assert len(serial.json()) >= 4


def test_python_dash_m_goleash(data):
    proc = subprocess.run(
        [sys.executable, "-m", "goleash", "check", "--no-related", "classic", "clean"],
        cwd=data,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert LEAK_LINE.match(proc.stdout.strip())


def test_parallel_run_over_a_package_that_locks_under_a_siblings_recover(
    goleash, monkeypatch, tmp_path
):
    # The package's remembered facts go back from the worker processes by pickling: the
    # fact that a sibling recovers (GL030's caller case) once travelled as a lambda.
    source = Path(__file__).parents[1] / "rules" / "testdata" / "GL030" / "caller_recovers"
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        for f in source.glob("*.go"):
            (tmp_path / name / f.name).write_bytes(f.read_bytes())
        # A file only some builds compile: the package is analysed once per build, and
        # the facts that tell the builds apart are what goes back to the parent.
        (tmp_path / name / "limits_linux.go").write_text(
            "package callerrecovers\n\nconst maxPerKey = 10\n"
        )
    monkeypatch.setattr(check, "PARALLEL_MIN_BYTES", 0)
    run = goleash("check", "--no-related", "-q", "-j", "2", ".", cwd=tmp_path)
    assert run.code == 1, run.err
    assert sorted(line.split(":")[0] for line in run.out.splitlines() if ".go:" in line) == [
        "a/limiter.go",
        "b/limiter.go",
    ]
