"""Finding the user's Go and preparing its environment."""

from __future__ import annotations

import os

import pytest

from goleash.runtime.toolchain import Toolchain, ToolchainError, find


def fake_go(tmp_path, script: str) -> str:
    path = tmp_path / "go"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(0o755)
    return str(path)


def test_version_is_read_from_go_env(tmp_path):
    go = fake_go(tmp_path, 'echo "go1.26.2"\n')
    tc = find(go)
    assert (tc.go, tc.version, tc.version_text, tc.has_leak_profile) == (
        go,
        (1, 26),
        "go1.26.2",
        True,
    )
    devel = find(fake_go(tmp_path, 'echo "devel go1.28-abcdef Mon Jan 1"\n'))
    assert devel.version == (1, 28)


def test_a_go_that_does_not_work_is_a_clear_error(tmp_path):
    with pytest.raises(ToolchainError, match="does not work as a Go toolchain: boom"):
        find(fake_go(tmp_path, "echo boom >&2; exit 1\n"))


def test_go_126_gets_the_leak_profile_experiment_and_keeps_the_users():
    env = Toolchain("go", (1, 26), "go1.26.0").environment({"GOEXPERIMENT": "arenas", "HOME": "/h"})
    assert env == {"GOEXPERIMENT": "arenas,goroutineleakprofile", "HOME": "/h"}
    already = Toolchain("go", (1, 26), "go1.26.0").environment(
        {"GOEXPERIMENT": "goroutineleakprofile"}
    )
    assert already["GOEXPERIMENT"] == "goroutineleakprofile"


def test_other_versions_run_in_the_users_environment_unchanged():
    base = {"GOFLAGS": "-mod=mod", "PATH": os.defpath}
    assert Toolchain("go", (1, 27), "go1.27.3").environment(base) == base
    assert Toolchain("go", (1, 19), "go1.19.8").environment(base) == base
    assert not Toolchain("go", (1, 19), "go1.19.8").has_leak_profile
