"""Build a package's tests once, run each top-level test on its own, and collect the
goroutines each one leaves behind.

One test per run says which test left a goroutine, and keeps one test's leak from
being blamed on the next. A run of the collector alone first gives the goroutines
that exist whatever the tests do (started by `init` or the package's TestMain);
they are subtracted. A test that hangs is stopped by `-test.timeout`, whose panic
dumps every goroutine: the stuck ones are the evidence.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from goleash.runtime import collector, stacks
from goleash.runtime.packages import GoPackage
from goleash.runtime.toolchain import Toolchain

LEAKED, LINGERING, HUNG = "leaked", "lingering", "hung"

_TEST_NAME = re.compile(r"^Test\w*$")
_TIMED_OUT = "panic: test timed out after"
# Extra time the test binary gets past its own -test.timeout to print its dump.
_GRACE_SECONDS = 30.0


class Cancelled(Exception):
    pass


@dataclass
class Observation:
    test: str
    goroutine: stacks.Goroutine
    kind: str  # LEAKED (proven), LINGERING (still running) or HUNG (stuck in a timed-out test)


@dataclass
class PackageRun:
    package: GoPackage
    tests: list[str] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # tests that failed for reasons of their own
    error: str | None = None  # could not build or run: what failed, then the toolchain's words


@dataclass
class Options:
    timeout: float = 120.0  # seconds, for each test
    run: str | None = None  # only the top-level tests matching this regular expression


class Runner:
    def __init__(
        self,
        toolchain: Toolchain,
        options: Options | None = None,
        cancel: threading.Event | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.toolchain = toolchain
        self.options = options or Options()
        self.cancel = cancel or threading.Event()
        self.progress = progress or (lambda message: None)
        self.env = toolchain.environment()

    def run(self, package: GoPackage) -> PackageRun:
        result = PackageRun(package)
        if not package.has_tests:
            return result
        work = tempfile.mkdtemp(prefix="goleash-test-")
        try:
            self._run_in(work, package, result)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return result

    # -- one package --------------------------------------------------------

    def _run_in(self, work: str, package: GoPackage, result: PackageRun) -> None:
        self.progress(f"building the tests of {package.import_path}")
        overlay = collector.write_overlay(work, package.dir, package.collector_package)
        binary = os.path.join(work, "package.test")
        code, output = self._execute(
            # vet before Go 1.22 cannot read overlaid files; the tests' own run does not need it.
            [self.toolchain.go, "test", "-c", "-vet=off", "-o", binary, "-overlay", overlay, "."],
            package.dir,
            None,
        )
        if code != 0 or not os.path.exists(binary):
            result.error = "cannot build the tests:\n" + (
                output.strip() or f"go test -c exited with status {code}"
            )
            return
        code, output = self._execute(
            [binary, "-test.list", "."], package.dir, None, self.options.timeout + _GRACE_SECONDS
        )  # a TestMain may hang too
        if code != 0:
            result.error = (
                f"the test binary cannot list its tests (exit status {code}):\n{output.strip()}"
            )
            return
        names = [line.strip() for line in output.splitlines() if _TEST_NAME.match(line.strip())]
        pattern = re.compile(self.options.run) if self.options.run else None
        result.tests = [
            n for n in names if n != collector.TEST_NAME and (pattern is None or pattern.search(n))
        ]
        if not result.tests:
            return
        report = os.path.join(work, "goroutines.txt")
        baseline = Counter(
            _signature(g, package) for g in self._dump(binary, package, None, report, result)[0]
        )
        for i, test in enumerate(result.tests, 1):
            self.progress(f"{package.import_path}: {test} ({i}/{len(result.tests)})")
            goroutines, kind = self._dump(binary, package, test, report, result)
            seen = Counter(baseline)
            for g in goroutines:
                sig = _signature(g, package)
                if seen[sig] > 0:  # there before any test ran
                    seen[sig] -= 1
                    continue
                if kind != HUNG and g.leaked:
                    result.observations.append(Observation(test, g, LEAKED))
                else:
                    result.observations.append(Observation(test, g, kind))

    def _dump(
        self, binary: str, package: GoPackage, test: str | None, report: str, result: PackageRun
    ) -> tuple[list[stacks.Goroutine], str]:
        """Run `test` (or no test: the baseline) then the collector; the user's
        goroutines alive at the end, and what kind of evidence they are."""
        if os.path.exists(report):
            os.remove(report)
        names = [collector.TEST_NAME] if test is None else [re.escape(test), collector.TEST_NAME]
        args = [
            binary,
            f"-test.run=^(?:{'|'.join(names)})$",
            f"-test.timeout={self.options.timeout:g}s",
        ]
        env = {**self.env, collector.REPORT_ENV: report}
        code, output = self._execute(args, package.dir, env, self.options.timeout + _GRACE_SECONDS)
        if _TIMED_OUT in output:
            if test is not None:
                result.failed.append(f"{test}: timed out after {self.options.timeout:g}s")
            return _users(stacks.parse(output), package, hung=True), HUNG
        try:
            with open(report, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
        except OSError:
            text = ""
            if test is not None:
                result.failed.append(
                    f"{test}: exited with status {code} before its goroutines could be read"
                )
        else:
            if code != 0 and test is not None:
                result.failed.append(f"{test}: failed")
        return _users(stacks.parse(text), package, hung=False), LINGERING

    # -- processes ------------------------------------------------------------

    def _execute(
        self, args: list[str], cwd: str, env: dict[str, str] | None, timeout: float | None = None
    ) -> tuple[int, str]:
        """Run to the end (or to `timeout`, or until cancelled); exit status and combined output."""
        if self.cancel.is_set():
            raise Cancelled()
        with tempfile.TemporaryFile() as out:
            proc = subprocess.Popen(
                args,
                cwd=cwd,
                env=env or self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                try:
                    code = proc.wait(timeout=0.05)
                    break
                except subprocess.TimeoutExpired:
                    pass
                if self.cancel.is_set() or (deadline is not None and time.monotonic() > deadline):
                    _kill(proc)
                    if self.cancel.is_set():
                        raise Cancelled()
                    code = -9
                    break
            out.seek(0)
            return code, out.read().decode("utf-8", "replace")


def _kill(proc: subprocess.Popen) -> None:
    # The whole process group: `go test -c` runs the compiler in children of its own.
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        proc.kill()
    proc.wait()


def in_module(frame: stacks.Frame, package: GoPackage) -> bool:
    """Is the frame the user's code: inside the module (the injected collector aside)?"""
    root = package.module_dir.rstrip(os.sep) + os.sep
    return frame.file.startswith(root) and not frame.file.endswith(collector.FILE_NAME)


def _users(
    goroutines: list[stacks.Goroutine], package: GoPackage, hung: bool
) -> list[stacks.Goroutine]:
    """The goroutines running the user's code. After the tests, a goroutine still in
    the test runner is a paused parallel test or the collector itself, not a leak;
    in a hung test, the test's own stuck goroutine is what matters."""
    kept = []
    for g in goroutines:
        if any(f.file.endswith(collector.FILE_NAME) for f in g.all_frames()):
            continue
        if not hung and any(f.function == "testing.tRunner" for f in g.frames):
            continue
        if any(in_module(f, package) for f in g.all_frames()):
            kept.append(g)
    return kept


def _signature(g: stacks.Goroutine, package: GoPackage) -> tuple:
    """The user's frames only: where the runtime itself is inside a sleep or a
    channel operation changes from one dump to the next."""
    return tuple((f.function, f.file, f.line) for f in g.all_frames() if in_module(f, package))
