"""The Go toolchain `goleash test` runs: the user's own `go` (or `--go`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

_VERSION = re.compile(r"\bgo(\d+)\.(\d+)")


class ToolchainError(Exception):
    """No usable Go: the message says what to do about it."""


@dataclass(frozen=True)
class Toolchain:
    go: str  # the `go` executable
    version: tuple[int, int]  # (1, 27)
    version_text: str  # "go1.27.3"

    @property
    def has_leak_profile(self) -> bool:
        """Go 1.26 has the goroutineleak profile behind GOEXPERIMENT; 1.27 has it on by default."""
        return self.version >= (1, 26)

    def environment(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """The user's environment, plus what turns the leak profile on where it is experimental."""
        env = dict(os.environ if base is None else base)
        if self.version[:2] == (1, 26):
            experiments = [e for e in env.get("GOEXPERIMENT", "").split(",") if e]
            if "goroutineleakprofile" not in experiments:
                env["GOEXPERIMENT"] = ",".join([*experiments, "goroutineleakprofile"])
        return env


def find(go: str | None = None) -> Toolchain:
    """The toolchain named by `go` (a path or a command name), else `go` on PATH."""
    name = go or "go"
    path = shutil.which(name)
    if path is None:
        if go:
            raise ToolchainError(
                f"Go toolchain not found: {go!r} is not an executable (check --go)"
            )
        raise ToolchainError(
            "no Go toolchain: `go` is not on PATH; install Go or name one with --go PATH"
        )
    try:
        done = subprocess.run(
            [path, "env", "GOVERSION"], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ToolchainError(f"cannot run {path}: {exc}") from None
    text = done.stdout.strip()
    m = _VERSION.search(text)
    if done.returncode != 0 or m is None:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise ToolchainError(
            f"{path} does not work as a Go toolchain: {detail[-1] if detail else 'no version'}"
        )
    return Toolchain(path, (int(m.group(1)), int(m.group(2))), text)
