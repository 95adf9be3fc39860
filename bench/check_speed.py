"""How fast is `goleash check` compared with parsing alone?

Over one folder of Go code (default: the Go standard library, without testdata
and vendor), prints in one run:
  - files and lines,
  - tree-sitter parse-only lines/s on one core,
  - in-process check lines/s on one core (read + parse + analyse, as `goleash
    check -j 1` does it for the text format, which builds no fixes) and the
    ratio check / parse (aim: at most 2x),
  - how many of the files the check parses (it parses a file only when needed),
  - the end-to-end CLI (`python -m goleash check`, every core) lines/s,
  - the analysis time of a generated 10,000-line file (aim: under 60 ms).
With --profile, also where the single-core analysis spends its time.

    python bench/check_speed.py [FOLDER] [--no-tests] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import glob
import io
import os
import pstats
import resource
import statistics
import subprocess
import sys
import time

from goleash import parsing
from goleash.cli import walk
from goleash.cli.directory_check import check_directory
from goleash.cli.jobs import plan
from goleash.cli.pool import cpu_count
from goleash.config import Settings
from goleash.engine import analyze
from goleash.project.resolve import Overrides, effective_settings
from goleash.source import SourceFile

DEFAULT_FOLDER = (sorted(glob.glob("/usr/lib/go-*/src")) or ["."])[-1]
# net/http's bundled HTTP/2: a real 10,900-line file full of goroutines and channels.
REAL_BIG_FILE = os.path.join(DEFAULT_FOLDER, "net", "http", "h2_bundle.go")
NL = b"\n"


def collect(folder: str, tests: bool) -> tuple[list[str], dict[str, bytes]]:
    found = walk.discover([folder])
    files = [f for f in found.files if tests or not f.endswith("_test.go")]
    sources = {}
    for path in files:
        with open(path, "rb") as fh:
            sources[path] = fh.read()
    return files, sources


# Single-core figures are CPU seconds of this process, so that other work on the
# machine does not distort the ratio; the end-to-end CLI figure is wall-clock time.
cpu_clock = time.process_time


def time_parse(sources: dict[str, bytes]) -> float:
    parse = parsing.parse
    start = cpu_clock()
    for data in sources.values():
        parse(data)
    return cpu_clock() - start


def time_check(files: list[str], settings: Settings) -> tuple[float, int]:
    start = cpu_clock()
    findings = 0
    for job in plan(files):
        result = check_directory(job, settings, with_fixes=False)
        findings += sum(len(r.findings) for r in result.reports)
    return cpu_clock() - start, findings


def time_interleaved(
    files: list[str], sources: dict[str, bytes], settings: Settings, rounds: int = 2
) -> tuple[float, float, int]:
    """CPU seconds of parsing alone and of the check, taken directory by directory in
    turn (parse a directory's files, then check it), summed over `rounds` passes. A
    shared machine's load then weighs on both figures alike, where two long runs one
    after the other see different loads (parse times varied by 40% between runs)."""
    parse = parsing.parse
    parse_s = check_s = 0.0
    findings = 0
    jobs = plan(files)
    for _ in range(rounds):
        findings = 0
        for job in jobs:
            start = cpu_clock()
            for path in job.paths:
                parse(sources[path])
            middle = cpu_clock()
            result = check_directory(job, settings, with_fixes=False)
            end = cpu_clock()
            parse_s += middle - start
            check_s += end - middle
            findings += sum(len(r.findings) for r in result.reports)
    return parse_s / rounds, check_s / rounds, findings


def parsed_share(files: list[str], settings: Settings) -> tuple[int, int]:
    """(files, bytes) the check parses: a file nothing can leak in, and that no other
    file's analysis asks about, is only read (SourceFile parses on first use)."""
    counted = [0, 0]
    real = parsing.parse

    def counting(data: bytes, *rest):
        counted[0] += 1
        counted[1] += len(data)
        return real(data, *rest)

    parsing.parse = counting
    try:
        for job in plan(files):
            check_directory(job, settings, with_fixes=False)
    finally:
        parsing.parse = real
    return counted[0], counted[1]


def time_cli(folder: str, tests: bool) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds of all its processes, and the number of findings."""
    cmd = [sys.executable, "-m", "goleash", "check", "-q", "--no-related", folder]
    if not tests:
        cmd[5:5] = ["--exclude", "*_test.go"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1, 2):
        raise SystemExit(f"goleash check failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return elapsed, cpu, len(proc.stdout.splitlines())


# A mix of what real Go files hold: plain code, goroutines, channels, selects,
# leaky and clean. Repeated with fresh names until the file is long enough.
_UNIT = """
type server{n} struct {{
	mu    sync.Mutex
	items map[string]int
	quit  chan struct{{}}
}}

func (s *server{n}) get{n}(key string) (int, bool) {{
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.items[key]
	return v, ok
}}

func leaky{n}(ch chan int) {{
	v := <-ch
	fmt.Println(v)
}}

func start{n}() {{
	ch := make(chan int)
	for i := 0; i < 3; i++ {{
		go leaky{n}(ch)
	}}
}}

func fetch{n}(ctx context.Context, url string) (string, error) {{
	res := make(chan string)
	go func() {{
		res <- strings.ToUpper(url)
	}}()
	select {{
	case r := <-res:
		return r, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}}
}}

func (s *server{n}) loop{n}(in <-chan int) {{
	for {{
		select {{
		case v := <-in:
			s.mu.Lock()
			s.items[fmt.Sprint(v)] = v
			s.mu.Unlock()
		case <-s.quit:
			return
		}}
	}}
}}

func sum{n}(xs []int) int {{
	total := 0
	for _, x := range xs {{
		if x%2 == 0 {{
			total += x
		}} else {{
			total -= x
		}}
	}}
	return total
}}

func wait{n}(jobs []string) {{
	var wg sync.WaitGroup
	for _, j := range jobs {{
		wg.Add(1)
		go func(j string) {{
			defer wg.Done()
			fmt.Println(j)
		}}(j)
	}}
	wg.Wait()
}}
"""


def generated_file(lines: int = 10_000) -> bytes:
    head = 'package big\n\nimport (\n\t"context"\n\t"fmt"\n\t"strings"\n\t"sync"\n)\n'
    parts, n = [head], 0
    while sum(p.count("\n") for p in parts) < lines:
        parts.append(_UNIT.format(n=n))
        n += 1
    return "".join(parts).encode()


def time_big_file(
    data: bytes, settings: Settings, repeat: int = 7
) -> tuple[float, float, float, int]:
    """Median CPU seconds for parse+analyse, for the analysis alone (tree given;
    what diagnostics need), and for the analysis with every fix built."""
    whole, analysis, with_fixes = [], [], []
    findings = 0
    for _ in range(repeat):
        t0 = cpu_clock()
        source = SourceFile("big.go", data)
        source.tree  # noqa: B018 - parsed here: a SourceFile parses on first use
        t1 = cpu_clock()
        report = analyze(source, (), settings, with_fixes=False)
        t2 = cpu_clock()
        analyze(source, (), settings, with_fixes=True)
        t3 = cpu_clock()
        whole.append(t2 - t0)
        analysis.append(t2 - t1)
        with_fixes.append(t3 - t2)
        findings = len(report.findings)
    return (
        statistics.median(whole),
        statistics.median(analysis),
        statistics.median(with_fixes),
        findings,
    )


def profile_check(files: list[str], settings: Settings) -> str:
    prof = cProfile.Profile()
    prof.enable()
    time_check(files, settings)
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("tottime").print_stats(25)
    return out.getvalue()


def rate(lines: int, seconds: float) -> str:
    return f"{lines / seconds:>12,.0f} lines/s  ({seconds:6.2f} s)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "folder",
        nargs="?",
        default=DEFAULT_FOLDER,
        help=f"Go code to check (default {DEFAULT_FOLDER})",
    )
    ap.add_argument("--no-tests", action="store_true", help="leave out *_test.go files")
    ap.add_argument(
        "--profile", action="store_true", help="print where the single-core check spends its time"
    )
    ap.add_argument("--no-cli", action="store_true", help="skip the end-to-end CLI run")
    args = ap.parse_args(argv)
    if not os.path.isdir(args.folder):
        print(f"check_speed: no such folder: {args.folder}", file=sys.stderr)
        return 2

    # What `goleash check` runs with no configuration: rules in preview stay off.
    settings = effective_settings(None, Overrides())
    tests = not args.no_tests
    files, sources = collect(args.folder, tests)
    lines = sum(d.count(b"\n") for d in sources.values())
    print(f"goleash check speed over {args.folder}{'' if tests else ' (no tests)'}")
    print(f"  files                       {len(files):>12,}")
    print(f"  lines                       {lines:>12,}")

    time_parse(dict(list(sources.items())[:200]))  # warm-up: imports, caches
    parse_s = min(time_parse(sources) for _ in range(2))
    print(f"  parse only (1 core)         {rate(lines, parse_s)}")

    check_directory(plan(files[:20])[0], settings)  # warm-up: query compilation
    check_s, findings = time_check(files, settings)
    print(f"  check in-process (1 core)   {rate(lines, check_s)}  {findings} findings")
    print(f"  check / parse, runs apart   {check_s / parse_s:>12.2f}x")
    inter_parse_s, inter_check_s, _ = time_interleaved(files, sources, settings)
    ratio = inter_check_s / inter_parse_s
    print(
        f"  check / parse, interleaved  {ratio:>12.2f}x   (aim: <= 2x; "
        f"{inter_check_s:.2f} s / {inter_parse_s:.2f} s, directory by directory)"
    )
    parsed_files, parsed_bytes = parsed_share(files, settings)
    total_bytes = sum(len(d) for d in sources.values())
    print(
        f"  parsed by the check          {parsed_files:>12,} of {len(files):,} files, "
        f"{100 * parsed_bytes / total_bytes:.0f}% of the bytes (the parse-only figure parses all)"
    )
    if not args.no_cli:
        cli_s, cli_cpu, cli_findings = time_cli(args.folder, tests)
        print(
            f"  goleash check CLI ({cpu_count()} cores) {rate(lines, cli_s)}  wall; "
            f"{cli_cpu:.2f} CPU s; {cli_findings} findings"
        )

    big_files = [("generated, leak-dense", generated_file(), settings)]
    if os.path.isfile(REAL_BIG_FILE):
        with open(REAL_BIG_FILE, "rb") as fh:
            # A bundle, so marked generated: check it anyway.
            big_files.append(
                (
                    REAL_BIG_FILE,
                    fh.read(),
                    effective_settings(None, Overrides(include_generated=True)),
                )
            )
    for label, data, big_settings in big_files:
        whole_s, analysis_s, fixes_s, big_findings = time_big_file(data, big_settings)
        print(
            f"  {data.count(NL):,}-line file ({label}): parse+analyse {whole_s * 1000:.1f} ms, "
            f"analysis alone {analysis_s * 1000:.1f} ms (aim: < 60 ms), "
            f"with all fixes built {fixes_s * 1000:.1f} ms; {big_findings} findings"
        )
    print(f"  load average                {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.profile:
        print("\nwhere the single-core check spends its time (cProfile, by own time):")
        print(profile_check(files, settings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
