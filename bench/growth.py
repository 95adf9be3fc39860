"""Does `goleash check` grow linearly with the size of its input?

Runs the real CLI (`python -m goleash check`, one process per input) on generated
files of growing size, in two shapes, and prints for each size the wall-clock
time, the CPU time and the peak memory of that process, and how each grew from
the size before: the exponent k in time ~ size^k (1 is linear, 2 quadratic).

  pairs:     one function with N channel/goroutine pairs (half of them leak);
             N = 50, 100, 200, 400
  functions: one file of N small functions, every one leaking; N = 1k, 5k, 20k

    python bench/growth.py [--shape pairs|functions|all] [--format text|json|sarif]
                           [--timeout SECONDS]

A run that takes longer than --timeout is stopped and reported as such, so a
blow-up shows as a line, not as a hang. CPU time is the steadier figure on a
shared machine; the exponents are computed from it.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time

SHAPES = {
    "pairs": (50, 100, 200, 400),
    "functions": (1_000, 5_000, 20_000),
}


def pairs_file(n: int) -> str:
    """One function, n channels each with a goroutine sending on it; the odd ones are
    received from, the even ones leak."""
    body = []
    for i in range(n):
        body.append(f"\tch{i} := make(chan int)\n\tgo func() {{\n\t\tch{i} <- {i}\n\t}}()\n")
    for i in range(1, n, 2):
        body.append(f"\t<-ch{i}\n")
    return "package growth\n\nfunc Many() {\n" + "".join(body) + "}\n"


def functions_file(n: int) -> str:
    """n small functions, each starting a goroutine that blocks sending for ever."""
    parts = ["package growth\n\n"]
    for i in range(n):
        parts.append(
            f"func Leak{i}() {{\n\tch := make(chan int)\n\tgo func() {{\n\t\tch <- {i}\n\t}}()\n}}\n\n"
        )
    return "".join(parts)


GENERATORS = {"pairs": pairs_file, "functions": functions_file}


def run_check(path: str, fmt: str, timeout: float) -> tuple[float, float, float, int | None]:
    """(wall s, CPU s, peak RSS MiB, exit status or None on timeout) of one `goleash check`."""
    command = [sys.executable, "-m", "goleash", "check", "--format", fmt, path]
    started = time.monotonic()
    with open(os.devnull, "wb") as sink:
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE)
        status: int | None = None
        while True:
            pid, raw, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(raw)
                proc.returncode = status
                break
            if time.monotonic() - started > timeout:
                proc.kill()
                pid, raw, usage = os.wait4(proc.pid, 0)
                proc.returncode = os.waitstatus_to_exitcode(raw)
                break
            time.sleep(0.02)
        errors = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    wall = time.monotonic() - started
    if status not in (None, 0, 1):
        raise SystemExit(f"goleash check failed on {path} (exit {status}):\n{errors}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, status


def exponent(n0: int, t0: float, n1: int, t1: float) -> float:
    return math.log(t1 / t0) / math.log(n1 / n0) if t0 > 0 and t1 > 0 else float("nan")


def measure(shape: str, fmt: str, timeout: float, folder: str) -> list[tuple]:
    rows = []
    print(f"\n{shape}: {GENERATORS[shape].__doc__.split(';')[0].strip()}", flush=True)
    print(
        f"{'N':>7} {'bytes':>10} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'cpu x':>7} {'k (cpu)':>8}",
        flush=True,
    )
    previous = None
    for n in SHAPES[shape]:
        text = GENERATORS[shape](n)
        path = os.path.join(folder, f"{shape}_{n}.go")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        wall, cpu, peak, status = run_check(path, fmt, timeout)
        timed_out = status is None
        growth = k = ""
        if previous is not None and not timed_out:
            growth = f"{cpu / previous[1]:.2f}"
            k = f"{exponent(previous[0], previous[1], n, cpu):.2f}"
        note = f"  stopped after {timeout:.0f} s" if timed_out else ""
        print(
            f"{n:>7} {len(text):>10} {wall:>8.2f} {cpu:>8.2f} {peak:>9.0f} {growth:>7} {k:>8}{note}",
            flush=True,
        )
        rows.append((n, len(text), wall, cpu, peak, timed_out))
        if timed_out:
            break  # the larger sizes would only take longer
        previous = (n, cpu)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=[*SHAPES, "all"], default="all")
    parser.add_argument("--format", choices=["text", "json", "sarif"], default="text")
    parser.add_argument(
        "--timeout", type=float, default=600.0, help="seconds per run (default 600)"
    )
    args = parser.parse_args(argv)
    shapes = list(SHAPES) if args.shape == "all" else [args.shape]
    print(
        f"goleash check --format {args.format}, one process per input; {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    with tempfile.TemporaryDirectory(prefix="goleash-growth-") as folder:
        for shape in shapes:
            measure(shape, args.format, args.timeout, folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
