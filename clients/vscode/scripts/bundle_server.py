#!/usr/bin/env python3
"""Puts goleash and its Python dependencies into `bundled/libs` for one VS Code platform target,
so the extension runs its own server with any Python 3.10+ the user has.

tree-sitter is compiled per Python minor version (its wheels are not abi3), so the libraries are
resolved once for each supported Python and the results merged: pure-Python files are shared
and each compiled module keeps its version-tagged name (`_binding.cpython-311-...so`), which is
how one directory serves every interpreter. Versions are resolved for the oldest Python first
and pinned for the others, so every interpreter gets the same release of each library.

Wheels come from the package index through pip's --platform/--python-version, which also works
for targets other than the machine's own (only linux-x64 is built and tested in CI). pip judges
environment markers (`exceptiongroup; python_version < "3.11"`) by the Python running it, not by
the target, so each target's requirements are then checked against its own markers and whatever
is missing is added, until nothing is.

Needs pip and `packaging` in the Python that runs it.

    python scripts/bundle_server.py [--target linux-x64] [--wheel dist/goleash-X-py3-none-any.whl]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
except ImportError:  # pragma: no cover - a message, not a traceback
    raise SystemExit("bundle: needs the `packaging` library: pip install packaging") from None

HERE = Path(__file__).resolve().parent.parent
REPO = HERE.parent.parent
PYTHONS = ("3.10", "3.11", "3.12", "3.13", "3.14")


@dataclass(frozen=True)
class Target:
    """A VS Code platform target: the wheel tags that run there (pip also takes the older tags a
    newer one implies: manylinux_2_17 takes manylinux2014 and manylinux1) and its marker values."""

    platforms: tuple[str, ...]
    sys_platform: str
    platform_system: str
    platform_machine: str
    os_name: str = "posix"

    def markers(self, python: str) -> dict[str, str]:
        return {
            "python_version": python,
            "python_full_version": f"{python}.0",
            "sys_platform": self.sys_platform,
            "platform_system": self.platform_system,
            "platform_machine": self.platform_machine,
            "os_name": self.os_name,
            "implementation_name": "cpython",
            "platform_python_implementation": "CPython",
            "extra": "",
        }


TARGETS: dict[str, Target] = {
    "linux-x64": Target(
        ("manylinux_2_17_x86_64", "manylinux2014_x86_64"), "linux", "Linux", "x86_64"
    ),
    "linux-arm64": Target(
        ("manylinux_2_17_aarch64", "manylinux2014_aarch64"), "linux", "Linux", "aarch64"
    ),
    "darwin-x64": Target(("macosx_10_13_x86_64",), "darwin", "Darwin", "x86_64"),
    "darwin-arm64": Target(("macosx_11_0_arm64",), "darwin", "Darwin", "arm64"),
    "win32-x64": Target(("win_amd64",), "win32", "Windows", "AMD64", "nt"),
}

# Nothing the server needs at run time: console scripts and byte code written for this machine.
PRUNE_DIRS = ("bin", "__pycache__")


def log(message: str) -> None:
    print(f"bundle: {message}", file=sys.stderr)


def run(argv: list[str]) -> None:
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        raise SystemExit(f"bundle: failed: {' '.join(argv)}")


# What the wheel is built from. A copy, because an in-tree build keeps a build/ directory whose
# stale modules (deleted from the source since) would end up in the next wheel.
WHEEL_SOURCES = ("pyproject.toml", "README.md", "LICENSE", "server")


def build_wheel(out: Path) -> Path:
    log(f"building the goleash wheel from {REPO}")
    src = out / "src"
    src.mkdir(parents=True)
    for name in WHEEL_SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(
                REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
            )
        else:
            shutil.copy(REPO / name, src / name)
    run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out / "dist"), str(src)]
    )
    return next((out / "dist").glob("goleash-*.whl"))


def install_for(
    python: str, target: Target, requirements: list[str], dest: Path, constraints: Path | None
) -> None:
    argv = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "-q",
        "--no-compile",
        "--disable-pip-version-check",
        "--target",
        str(dest),
        "--only-binary=:all:",
        "--implementation",
        "cp",
        "--python-version",
        python,
    ]
    for tag in target.platforms:
        argv += ["--platform", tag]
    if constraints:
        argv += ["--constraint", str(constraints)]
    run([*argv, *requirements])


def installed(site: Path) -> dict[str, Path]:
    """Canonical distribution name -> its .dist-info directory."""
    return {
        canonicalize_name(info.name[: -len(".dist-info")].partition("-")[0]): info
        for info in site.glob("*.dist-info")
    }


def missing(site: Path, markers: dict[str, str]) -> list[str]:
    """Requirements of the distributions in `site` that apply under `markers` but are absent."""
    present = installed(site)
    out = []
    for info in present.values():
        metadata = Parser().parsestr((info / "METADATA").read_text(encoding="utf-8"))
        for line in metadata.get_all("Requires-Dist") or []:
            req = Requirement(line)
            if (req.marker is None or req.marker.evaluate(markers)) and canonicalize_name(
                req.name
            ) not in present:
                out.append(str(req.name) + str(req.specifier))
    return sorted(set(out))


def install_closure(
    python: str, target: Target, wheel: Path, site: Path, constraints: Path | None
) -> None:
    requirements = [str(wheel)]
    for _ in range(10):
        install_for(python, target, requirements, site, constraints)
        requirements = missing(site, target.markers(python))
        if not requirements:
            return
        log(f"Python {python}: adding {', '.join(requirements)} (markers for the target)")
    raise SystemExit(f"bundle: the requirements for Python {python} do not settle: {requirements}")


def pins(site: Path) -> list[str]:
    """`name==version` for every distribution installed in `site`."""
    out = []
    for info in sorted(site.glob("*.dist-info")):
        name, _, version = info.name[: -len(".dist-info")].partition("-")
        out.append(f"{name}=={version}")
    return out


def merge(src: Path, dest: Path) -> int:
    """Copies the files of `src` missing from `dest`; returns how many were new."""
    added = 0
    for path in src.rglob("*"):
        if path.is_dir() or any(part in PRUNE_DIRS for part in path.relative_to(src).parts):
            continue
        target = dest / path.relative_to(src)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            added += 1
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--target",
        default="linux-x64",
        choices=sorted(TARGETS),
        help="VS Code platform target (default: linux-x64)",
    )
    parser.add_argument(
        "--wheel",
        type=Path,
        help="goleash wheel to bundle (default: build one from this repository)",
    )
    parser.add_argument(
        "--out", type=Path, default=HERE / "bundled" / "libs", help="default: bundled/libs"
    )
    args = parser.parse_args(argv)
    if args.wheel and not args.wheel.is_file():
        parser.error(f"no such wheel: {args.wheel}")

    with tempfile.TemporaryDirectory(prefix="goleash-bundle-") as tmp:
        work = Path(tmp)
        wheel = args.wheel or build_wheel(work / "wheel")
        if args.out.exists():
            shutil.rmtree(args.out)
        args.out.mkdir(parents=True)
        constraints = None
        for python in PYTHONS:
            site = work / f"py{python}"
            install_closure(python, TARGETS[args.target], wheel, site, constraints)
            if constraints is None:
                constraints = work / "constraints.txt"
                constraints.write_text("\n".join(pins(site)) + "\n")
            log(f"Python {python}: {merge(site, args.out)} files")
    manifest = {"target": args.target, "pythons": list(PYTHONS), "packages": pins(args.out)}
    (args.out.parent / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    log(f"{args.out}: {', '.join(manifest['packages'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
