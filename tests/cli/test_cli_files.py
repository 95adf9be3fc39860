"""Files that are not files, and links out of the tree: read only what is asked.

FIFOs and devices (and links to them) are never opened for reading; a link out of
the checked tree is skipped with a message unless --follow-links; go.mod is not
looked for above the checked tree; `fix` writes through links and into the inode
every hard link shares, and says so when it could not write.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

from goleash import gomod

from .conftest import DATA

LEAKY = (DATA / "classic" / "leaky.go").read_bytes()
# One leak whose preferred fix is safe (a buffer for the one send: GL003).
FIXABLE = b"package p\n\nfunc f() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n}\n"


def _cli(*args: str, cwd: Path, timeout: float = 60, preexec=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "goleash", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=preexec,
    )


def test_a_fifo_go_mod_does_not_hang_check(tmp_path):
    (tmp_path / "leaky.go").write_bytes(LEAKY)
    os.mkfifo(tmp_path / "go.mod")
    run = _cli("check", ".", cwd=tmp_path, timeout=60)  # the old lookup blocked here for ever
    assert run.returncode == 1, run.stderr


def test_a_sibling_linked_to_dev_zero_is_not_read(tmp_path):
    (tmp_path / "leaky.go").write_bytes(LEAKY)
    os.symlink("/dev/zero", tmp_path / "zero.go")
    os.mkfifo(tmp_path / "pipe.go")
    run = _cli("check", "leaky.go", cwd=tmp_path, timeout=60)  # siblings: zero.go, pipe.go
    assert run.returncode == 1, run.stderr


def test_a_link_out_of_the_tree_is_skipped_unless_asked(tmp_path):
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    tree.mkdir()
    outside.mkdir()
    (outside / "leaky.go").write_bytes(LEAKY)
    (outside / "sub").mkdir()
    (outside / "sub" / "leaky.go").write_bytes(LEAKY)
    (tree / "ok.go").write_text("package p\n")
    os.symlink(outside / "leaky.go", tree / "link.go")
    os.symlink(outside / "sub", tree / "dirlink")
    run = _cli("check", ".", cwd=tree)
    assert run.returncode == 0, run.stderr
    assert "skipped link.go: a link out of the checked tree" in run.stderr
    assert "skipped dirlink: a link out of the checked tree" in run.stderr
    followed = _cli("check", "--follow-links", ".", cwd=tree)
    assert followed.returncode == 1
    assert "link.go:" in followed.stdout and "dirlink/leaky.go:" in followed.stdout


def test_a_link_to_a_device_is_an_error_when_followed(tmp_path):
    (tmp_path / "ok.go").write_text("package p\n")
    os.symlink("/dev/zero", tmp_path / "zero.go")
    run = _cli("check", "--follow-links", ".", cwd=tmp_path, timeout=60)
    assert (
        run.returncode == 2
        and "zero.go: error: not a regular file (a character device)" in run.stderr
    )


def test_go_mod_is_not_looked_for_above_the_boundaries(tmp_path):
    (tmp_path / "go.mod").write_text("module m\n\ngo 1.21\n")
    tree = tmp_path / "tree"
    tree.mkdir()
    try:
        gomod.set_boundaries([])
        assert gomod.go_version_for(str(tree / "x.go")) == (1, 21)
        gomod.set_boundaries([str(tree)])
        assert gomod.go_version_for(str(tree / "x.go")) is None
        gomod.set_boundaries([str(tmp_path)])  # the module root inside the boundary: found
        assert gomod.go_version_for(str(tree / "x.go")) == (1, 21)
    finally:
        gomod.set_boundaries([])


def test_fix_writes_through_a_symlink_and_keeps_hard_links(tmp_path):
    real = tmp_path / "real.go"
    real.write_bytes(FIXABLE)
    os.symlink("real.go", tmp_path / "link.go")
    os.link(real, tmp_path / "hard.go.txt")
    run = _cli("fix", "--unsafe-fixes", "link.go", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "link.go").is_symlink()
    fixed = real.read_bytes()
    assert fixed != FIXABLE and b"make(chan int, 1)" in fixed
    assert (tmp_path / "hard.go.txt").read_bytes() == fixed  # same inode
    assert os.stat(real).st_nlink == 2


def test_fix_that_cannot_write_says_so_and_does_not_claim_0_left(tmp_path):
    target = tmp_path / "p.go"
    target.write_bytes(FIXABLE)

    def small_files() -> None:  # root ignores permissions, not a file-size limit
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (len(FIXABLE), len(FIXABLE)))

    run = _cli("fix", "--unsafe-fixes", "p.go", cwd=tmp_path, preexec=small_files)
    assert run.returncode == 2, run.stderr
    assert "cannot write the fixed files (p.go)" in run.stderr
    assert "0 left" not in run.stderr and "1 file could not be written" in run.stderr
    assert target.read_bytes() == FIXABLE  # put back whole


def test_fix_that_cannot_write_a_hard_linked_file_puts_it_back(tmp_path):
    target = tmp_path / "p.go"
    target.write_bytes(FIXABLE)
    os.link(target, tmp_path / "other.txt")

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (len(FIXABLE), len(FIXABLE)))

    run = _cli("fix", "--unsafe-fixes", "p.go", cwd=tmp_path, preexec=small_files)
    assert run.returncode == 2 and "cannot write the fixed file" in run.stderr
    assert target.read_bytes() == FIXABLE and (tmp_path / "other.txt").read_bytes() == FIXABLE


def test_fix_keeps_the_mode_of_a_file_it_replaces(tmp_path):
    target = tmp_path / "p.go"
    target.write_bytes(FIXABLE)
    os.chmod(target, 0o640)
    run = _cli("fix", "--unsafe-fixes", "p.go", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert target.read_bytes() != FIXABLE and os.stat(target).st_mode & 0o777 == 0o640
