"""Run every benchmark in bench/ (each `bench/*.py` but this one), one after another.

python bench/run.py            # all of them, with their defaults
python bench/run.py check_speed  # only those named
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def benchmarks(names: list[str]) -> list[Path]:
    found = sorted(
        p for p in HERE.glob("*.py") if p.name != Path(__file__).name and not p.name.startswith("_")
    )
    if names:
        wanted = {n.removesuffix(".py") for n in names}
        found = [p for p in found if p.stem in wanted]
        missing = wanted - {p.stem for p in found}
        if missing:
            raise SystemExit(f"bench/run.py: no such benchmark: {', '.join(sorted(missing))}")
    return found


def main(argv: list[str]) -> int:
    failed = []
    for path in benchmarks(argv):
        print(f"== {path.stem} ==", flush=True)
        start = time.perf_counter()
        code = subprocess.call([sys.executable, str(path)])
        print(
            f"== {path.stem}: exit {code} in {time.perf_counter() - start:.1f} s ==\n", flush=True
        )
        if code != 0:
            failed.append(path.stem)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
