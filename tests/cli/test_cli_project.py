"""`goleash check` / `fix` with goleash.toml, .gitignore, stdin, build constraints and --statistics."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import DATA

LEAK = """package p

func leaky(ch chan int) {
	<-ch
}

func Start() {
	ch := make(chan int)
	go leaky(ch)
}
"""

TICKER = """package p

import "time"

func Tick(n int) {
	t := time.NewTicker(time.Second)
	for i := 0; i < n; i++ {
		<-t.C
	}
}
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def codes(out: str) -> list[tuple[str, str]]:
    return re.findall(r"^(\S+?):\d+:\d+: .*\((GL\d+)\)$", out, re.MULTILINE)


def test_goleash_toml_selects_ignores_and_excludes(goleash, tmp_path):
    write(
        tmp_path,
        {
            "a/leak.go": LEAK,
            "legacy/old/leak.go": LEAK,
            "gen/leak.go": LEAK,
            "goleash.toml": 'exclude = ["gen/"]\nseverity = { GL003 = "error" }\n[per-path]\n"legacy/**" = ["GL003"]\n',
        },
    )
    run = goleash("check", "--output-format", "json", cwd=tmp_path)
    assert run.code == 1, run.err
    found = run.json()
    assert [(f["path"], f["code"], f["severity"]) for f in found] == [
        ("a/leak.go", "GL003", "error")
    ]


def test_the_nearest_goleash_toml_wins(goleash, tmp_path):
    write(
        tmp_path,
        {
            "goleash.toml": 'ignore = ["GL003"]\n',
            "quiet/leak.go": LEAK,
            "loud/leak.go": LEAK,
            "loud/goleash.toml": 'select = ["GL003"]\n',
        },
    )
    run = goleash("check", cwd=tmp_path)
    assert codes(run.out) == [("loud/leak.go", "GL003")]


def test_flags_override_the_file(goleash, tmp_path):
    write(
        tmp_path,
        {"goleash.toml": 'ignore = ["GL003"]\nseverity = { GL003 = "hint" }\n', "leak.go": LEAK},
    )
    assert goleash("check", cwd=tmp_path).code == 0
    run = goleash(
        "check",
        "--ignore",
        "GL013",
        "--severity",
        "GL003=error",
        "--output-format",
        "json",
        cwd=tmp_path,
    )
    assert [(f["code"], f["severity"]) for f in run.json()] == [("GL003", "error")]
    assert goleash("check", "--isolated", cwd=tmp_path).code == 1
    other = tmp_path / "other.toml"
    other.write_text('select = ["GL018"]\n')
    assert goleash("check", "--config", str(other), cwd=tmp_path).code == 0


@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_bad_goleash_toml_is_one_clear_line_and_exit_two(goleash, tmp_path, command):
    write(
        tmp_path,
        {"goleash.toml": 'select = ["GL003"]\n\n[severity]\nGL003 = "loud"\n', "leak.go": LEAK},
    )
    run = goleash(command, cwd=tmp_path)
    assert run.code == 2 and run.out == ""
    toml = tmp_path / "goleash.toml"
    assert (
        run.err
        == f"goleash {command}: error: {toml}:4: severity.GL003: expected hint, info, warning or error, got 'loud'\n"
    )
    assert (tmp_path / "leak.go").read_text() == LEAK


def test_a_bad_goleash_toml_in_a_subprocess_has_no_traceback(tmp_path):
    write(tmp_path, {"goleash.toml": "select = [\n", "leak.go": LEAK})
    p = subprocess.run(
        [sys.executable, "-m", "goleash", "check", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert p.returncode == 2
    assert "Traceback" not in p.stderr and "goleash.toml:1: invalid TOML" in p.stderr, p.stderr


def test_missing_config_file_is_a_usage_error(goleash, tmp_path):
    run = goleash("check", "--config", "nope.toml", cwd=tmp_path)
    assert run.code == 2 and "--config nope.toml: no such file" in run.err


def test_gitignore_is_respected_in_a_git_work_tree(goleash, tmp_path):
    write(
        tmp_path,
        {
            ".gitignore": "build/\n*_gen.go\n!keep_gen.go\n",
            "build/leak.go": LEAK,
            "pkg/x_gen.go": LEAK,
            "pkg/keep_gen.go": LEAK,
            "pkg/sub/.gitignore": "leak.go\n",
            "pkg/sub/leak.go": LEAK,
        },
    )
    (tmp_path / ".git").mkdir()
    run = goleash("check", cwd=tmp_path)
    assert codes(run.out) == [("pkg/keep_gen.go", "GL003")]
    run = goleash("check", "--no-respect-gitignore", cwd=tmp_path)
    assert [p for p, _ in codes(run.out)] == [
        "build/leak.go",
        "pkg/keep_gen.go",
        "pkg/sub/leak.go",
        "pkg/x_gen.go",
    ]
    # A directory named on the command line is walked even though .gitignore ignores it.
    assert codes(goleash("check", "build", cwd=tmp_path).out) == [("build/leak.go", "GL003")]
    (tmp_path / "goleash.toml").write_text("respect-gitignore = false\n")
    assert len(codes(goleash("check", cwd=tmp_path).out)) == 4


def test_gitignore_means_nothing_outside_a_git_work_tree(goleash, tmp_path):
    write(tmp_path, {".gitignore": "*.go\n", "leak.go": LEAK})
    assert goleash("check", cwd=tmp_path).code == 1


def test_named_files_are_checked_unless_force_exclude(goleash, tmp_path):
    write(tmp_path, {"goleash.toml": 'exclude = ["legacy/"]\n', "legacy/leak.go": LEAK})
    assert goleash("check", "legacy/leak.go", cwd=tmp_path).code == 1
    assert goleash("check", "legacy", cwd=tmp_path).code == 0  # a walk applies the patterns
    run = goleash("check", "--force-exclude", "legacy/leak.go", cwd=tmp_path)
    assert run.code == 0 and "checked 0 files" in run.err
    assert (
        goleash("check", "--force-exclude", "--exclude", "*.go", "legacy", cwd=tmp_path).code == 0
    )


def test_exclude_patterns_are_gitignore_style(goleash, tmp_path):
    write(tmp_path, {"a/vendor/x/leak.go": LEAK, "b/leak.go": LEAK, "c/leak.go": LEAK})
    run = goleash(
        "check", "--no-default-excludes", "--exclude", "vendor/", "--exclude", "/b", cwd=tmp_path
    )
    assert [p for p, _ in codes(run.out)] == ["c/leak.go"]


def _stdin(monkeypatch, text: str) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))


def test_check_reads_stdin_as_the_named_file(goleash, tmp_path, monkeypatch):
    # The buffer differs from the file on disk, and uses a sibling on disk.
    write(
        tmp_path,
        {
            "pkg/leak.go": "package p\n",
            "pkg/worker.go": "package p\n\nfunc leaky(ch chan int) {\n\t<-ch\n}\n",
        },
    )
    _stdin(monkeypatch, LEAK.replace("func leaky(ch chan int) {\n\t<-ch\n}\n", ""))
    run = goleash("check", "--stdin-filename", "pkg/leak.go", "-", cwd=tmp_path)
    assert run.code == 1, run.err
    assert codes(run.out) == [("pkg/leak.go", "GL003")]
    assert "pkg/worker.go:4:2" in run.out


def test_stdin_follows_goleash_toml_and_force_exclude(goleash, tmp_path, monkeypatch):
    write(tmp_path, {"goleash.toml": 'ignore = ["GL003"]\nexclude = ["skip/"]\n'})
    _stdin(monkeypatch, LEAK)
    assert goleash("check", "--stdin-filename", "x.go", "-", cwd=tmp_path).code == 0
    _stdin(monkeypatch, LEAK)
    assert goleash("check", "--isolated", "--stdin-filename", "x.go", "-", cwd=tmp_path).code == 1
    _stdin(monkeypatch, LEAK)
    assert (
        goleash(
            "check",
            "--isolated",
            "--force-exclude",
            "--exclude",
            "skip/",
            "--stdin-filename",
            "skip/x.go",
            "-",
            cwd=tmp_path,
        ).code
        == 0
    )


def test_stdin_mistakes(goleash, tmp_path):
    assert "cannot be mixed" in goleash("check", "-", "a.go", cwd=tmp_path).err
    assert "needs '-'" in goleash("check", "--stdin-filename", "a.go", cwd=tmp_path).err
    assert (
        "not a Go file name" in goleash("check", "--stdin-filename", "a.txt", "-", cwd=tmp_path).err
    )


def test_fix_from_stdin_prints_the_fixed_text(goleash, tmp_path, monkeypatch):
    _stdin(monkeypatch, LEAK)
    run = goleash("fix", "--stdin-filename", "p.go", "-", cwd=tmp_path)
    assert run.code == 0 and "\tch := make(chan int)\n\tdefer close(ch)\n" in run.out
    assert not (tmp_path / "p.go").exists()
    _stdin(monkeypatch, LEAK)
    run = goleash("fix", "--diff", "--stdin-filename", "p.go", "-", cwd=tmp_path)
    assert run.code == 1 and run.out.startswith("--- a/p.go\n+++ b/p.go\n")


def test_statistics_counts_per_rule(goleash, tmp_path):
    write(
        tmp_path,
        {
            "a.go": LEAK,
            "b.go": LEAK.replace("package p", "package p\n\n// b")
            .replace("leaky", "leaky2")
            .replace("Start", "Start2"),
            "t.go": TICKER,
        },
    )
    run = goleash("check", "--statistics", cwd=tmp_path)
    assert run.code == 1
    rows = [line.split() for line in run.out.splitlines()]
    assert rows[0] == ["2", "GL003", "orphaned-goroutine", "[*]"]
    assert rows[1][:2] == ["1", "GL018"]
    assert len(rows) == 2


def test_build_constrained_package_resolves_per_os(goleash):
    # `worker` is declared in worker_linux.go, worker_windows.go and (for other
    # systems) worker_other.go: as one flat package it would be ambiguous.
    run = goleash("check", "peros")
    assert run.code == 1, run.err
    assert codes(run.out) == [("peros/main.go", "GL003")]
    assert re.search(
        r"^    peros/worker_(linux|windows)\.go:4:2: the goroutine blocks here",
        run.out,
        re.MULTILINE,
    ), run.out


def test_build_constraints_reach_fix_too(tmp_path, capsys, monkeypatch):
    import shutil

    from goleash.cli.main import main

    shutil.copytree(DATA / "peros", tmp_path / "peros")
    monkeypatch.chdir(tmp_path)
    assert main(["fix", "peros"]) == 0
    assert "defer close(ch)" in (tmp_path / "peros" / "main.go").read_text()


def test_per_file_settings_reach_worker_processes(goleash, tmp_path, monkeypatch):
    from goleash.cli import check

    write(
        tmp_path,
        {
            "goleash.toml": '[per-path]\n"b/**" = ["GL003"]\n',
            "a/leak.go": LEAK,
            "b/leak.go": LEAK,
            "c/leak.go": LEAK,
            "c/goleash.toml": 'severity = { GL003 = "error" }\n',
        },
    )
    serial = goleash("check", "--output-format", "json", "-j", "1", cwd=tmp_path)
    monkeypatch.setattr(check, "PARALLEL_MIN_BYTES", 0)
    calls = []
    real = check.multiprocessing.get_context
    monkeypatch.setattr(check.multiprocessing, "get_context", lambda m: calls.append(m) or real(m))
    parallel = goleash("check", "--output-format", "json", "-j", "2", cwd=tmp_path)
    assert calls, "the process pool was not used"
    assert serial.out == parallel.out
    assert [(f["path"], f["severity"]) for f in parallel.json()] == [
        ("a/leak.go", "warning"),
        ("c/leak.go", "error"),
    ]
