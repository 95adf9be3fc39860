"""Recall and precision of goleash on the idiom corpus (tests/engine/idioms): per idiom,
how many leaks are reported at their blocked operation and how many fixed twins stay silent.

A leak counts as found when a finding points at its `// want` line, either directly or
through a related location saying where the goroutine blocks (a leak whose operation is
in another file of the package is reported where that file's goroutine is started).

    python bench/idiom_recall.py [-v]
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "engine"))

from idiom_corpus import IDIOMS, load

from goleash.engine import analyze
from goleash.source import SourceFile


def findings_of(program, folder: Path):
    sources = {
        name: SourceFile(str(folder / name), text.encode())
        for name, text in program.go119_files.items()
    }
    out = []
    for name, src in sources.items():
        siblings = [s for n, s in sources.items() if n != name]
        out.extend(analyze(src, siblings, with_fixes=False).findings)
    return out


def points_at(f, path: str, line: int) -> bool:
    if f.path == path and f.span.start.row + 1 == line:
        return True
    return any(
        r.location.path == path
        and r.location.span.start.row + 1 == line
        and "blocks here" in r.message
        for r in f.related
    )


def main(verbose: bool = False) -> int:
    stats = defaultdict(lambda: [0, 0, 0, 0])  # found, wanted, silent twins, twins
    misses = []
    noisy = []
    for p in load():
        if not p.runs_on_go119:
            continue
        folder = (
            IDIOMS / p.idiom / (p.name if len(p.files) > 1 or not p.name.endswith(".go") else "")
        )
        folder = (
            IDIOMS / p.idiom / p.name if (IDIOMS / p.idiom / p.name).is_dir() else IDIOMS / p.idiom
        )
        found = findings_of(p, folder)
        s = stats[p.idiom]
        if p.is_twin:
            s[3] += 1
            if not found:
                s[2] += 1
            else:
                noisy.append((p.rel, found))
            continue
        for w in p.wants():
            s[1] += 1
            path = str(folder / w.file)
            if any(points_at(f, path, w.line) for f in found):
                s[0] += 1
            else:
                misses.append((p.rel, w, found))
    total = [0, 0, 0, 0]
    print(f"{'idiom':28} {'leaks found':>12} {'twins silent':>13}")
    for idiom in sorted(stats):
        s = stats[idiom]
        total = [a + b for a, b in zip(total, s)]
        print(f"{idiom:28} {s[0]:>5}/{s[1]:<6} {s[2]:>6}/{s[3]:<6}")
    print(f"{'all':28} {total[0]:>5}/{total[1]:<6} {total[2]:>6}/{total[3]:<6}")
    if verbose:
        for rel, w, found in misses:
            print(
                f"MISS {rel} {w.file}:{w.line} ({len(found)} other findings: "
                + "; ".join(f"{f.code}@{f.span.start.row + 1}" for f in found)
                + ")"
            )
        for rel, found in noisy:
            for f in found:
                print(
                    f"NOISE {rel} {Path(f.path).name}:{f.span.start.row + 1} {f.code} {f.message}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main("-v" in sys.argv))
