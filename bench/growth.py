"""Does `goleash check` grow linearly with the size of its input?

Runs the real CLI (`python -m goleash check`, one process per input) on generated
files of growing size, in the shapes below, and prints for each size the wall-clock
time, the CPU time and the peak memory of that process, and how each grew from
the size before: the exponent k in time ~ size^k (1 is linear, 2 quadratic).

  pairs:     one function with N channel/goroutine pairs (half of them leak);
             N = 50 to 800
  functions: one file of N small functions, every one leaking; N = 1k, 5k, 20k
  commented: the same with a trailing comment beside each leak (fixes are aligned
             with comments); N = 1k, 5k, 20k
  bigfile:   N leaky functions of about 180 bytes; N = 113,000 makes 20 MB
  selects:   N `select`s nested in one function; N = 125 to 1,000
  blocks:    N `if` blocks nested in one function; N = 250 to 2,000
  literals:  N `go func() {` literals nested in one function; N = 125 to 500
  elseif:    an `if` with N-1 `else if`s in one function; N = 250 to 2,000

Each nested shape also has a leaky function of its own after the nested one: a
function nested deeper than goleash follows is skipped with a note (exit 2), the
other is still reported.

    python bench/growth.py [--shape NAME|all] [--format text|json|sarif]
                           [--sizes N,N,...] [--timeout SECONDS]

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
    "pairs": (50, 100, 200, 400, 800),
    "functions": (1_000, 5_000, 20_000),
    "commented": (1_000, 5_000, 20_000),
    "bigfile": (28_250, 56_500, 113_000),
    "selects": (125, 250, 500, 1_000),
    "blocks": (250, 500, 1_000, 2_000),
    "literals": (125, 250, 500),
    "elseif": (250, 500, 1_000, 2_000),
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


def commented_file(n: int) -> str:
    """n small functions, each leaking, with a trailing comment beside the leak."""
    parts = ["package growth\n\n"]
    for i in range(n):
        parts.append(
            f"func Leak{i}() {{\n\tch := make(chan int) // results\n"
            f"\tgo func() {{\n\t\tch <- {i} // send\n\t}}()\n}}\n\n"
        )
    return "".join(parts)


def bigfile_file(n: int) -> str:
    """n leaky functions of about 180 bytes each, with a doc comment: 113,000 make 20 MB."""
    parts = [
        'package growth\n\nimport "context"\n\nfunc lookup(key string) string { return key }\n\n'
    ]
    for i in range(n):
        parts.append(
            f"// Fetch{i} asks for one item and never waits for the answer.\n"
            f"func Fetch{i}(ctx context.Context, key string) {{\n\tch := make(chan string)\n"
            f"\tgo func() {{\n\t\tch <- lookup(key)\n\t}}()\n\t_ = ctx\n}}\n\n"
        )
    return "".join(parts)


# The nested shapes: a channel made and sent on at the top of the deep function, and a
# leaky function after it that must be reported whatever happens to the deep one.
_NESTED_HEAD = "\tch := make(chan int)\n\tgo func() {\n\t\tch <- 1\n\t}()\n"
_NESTED_TAIL = "\nfunc leak() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n}\n"


def selects_file(n: int) -> str:
    """n selects nested in one function, each receiving in its case."""
    body = "\tselect {\n\tcase v := <-ch:\n\t\t_ = v\n" * n + "\t}\n" * n
    return "package growth\n\nfunc nested() {\n" + _NESTED_HEAD + body + "}\n" + _NESTED_TAIL


def blocks_file(n: int) -> str:
    """n `if` blocks nested in one function, a receive in the innermost."""
    body = "\tif ok {\n" * n + "\t<-ch\n" + "\t}\n" * n
    return "package growth\n\nfunc deep(ok bool) {\n" + _NESTED_HEAD + body + "}\n" + _NESTED_TAIL


def literals_file(n: int) -> str:
    """n `go func() {` literals nested in one function, a receive in the innermost."""
    body = "\tgo func() {\n" * n + "\t<-ch\n" + "\t}()\n" * n
    return "package growth\n\nfunc deep() {\n" + _NESTED_HEAD + body + "}\n" + _NESTED_TAIL


def elseif_file(n: int) -> str:
    """an `if` with n-1 `else if`s in one function, each branch receiving."""
    chain = "".join(f"\t}} else if x == {i} {{\n\t\t<-ch\n" for i in range(1, n))
    body = "\tif x == 0 {\n\t\t<-ch\n" + chain + "\t}\n"
    return "package growth\n\nfunc chain(x int) {\n" + _NESTED_HEAD + body + "}\n" + _NESTED_TAIL


GENERATORS = {
    "pairs": pairs_file,
    "functions": functions_file,
    "commented": commented_file,
    "bigfile": bigfile_file,
    "selects": selects_file,
    "blocks": blocks_file,
    "literals": literals_file,
    "elseif": elseif_file,
}


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
    # 2: not fully analysed (a function nested too deep, a rule that failed), said on
    # stderr and shown in the table; anything else is a failure of the run.
    if status not in (None, 0, 1, 2):
        raise SystemExit(f"goleash check failed on {path} (exit {status}):\n{errors}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, status


def exponent(n0: int, t0: float, n1: int, t1: float) -> float:
    return math.log(t1 / t0) / math.log(n1 / n0) if t0 > 0 and t1 > 0 else float("nan")


def measure(
    shape: str, fmt: str, timeout: float, folder: str, sizes: tuple[int, ...] | None = None
) -> list[tuple]:
    rows = []
    print(f"\n{shape}: {GENERATORS[shape].__doc__.split(';')[0].strip()}", flush=True)
    print(
        f"{'N':>7} {'bytes':>10} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'cpu x':>7} {'k (cpu)':>8}",
        flush=True,
    )
    previous = None
    for n in sizes or SHAPES[shape]:
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
        if status == 2:
            note = "  exit 2: not fully analysed"
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
    parser.add_argument("--sizes", help="comma-separated sizes instead of the shape's own")
    args = parser.parse_args(argv)
    sizes = tuple(int(x) for x in args.sizes.split(",")) if args.sizes else None
    shapes = list(SHAPES) if args.shape == "all" else [args.shape]
    print(
        f"goleash check --format {args.format}, one process per input; {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    with tempfile.TemporaryDirectory(prefix="goleash-growth-") as folder:
        for shape in shapes:
            measure(shape, args.format, args.timeout, folder, sizes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
