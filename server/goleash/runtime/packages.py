"""Which Go packages a path holds, asked of the toolchain itself (`go list`)."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass, field

from goleash.runtime.toolchain import Toolchain


@dataclass(frozen=True)
class GoPackage:
    import_path: str
    name: str
    dir: str
    module_dir: str  # the module's root; its files are "the user's code"
    test_files: tuple[str, ...] = ()
    xtest_files: tuple[str, ...] = ()
    error: str | None = None  # a package `go list` could read only in part

    @property
    def has_tests(self) -> bool:
        return bool(self.test_files or self.xtest_files)

    @property
    def collector_package(self) -> str:
        """External tests run after internal ones: join them when there are any."""
        return f"{self.name}_test" if self.xtest_files else self.name


@dataclass
class Listing:
    packages: list[GoPackage] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _decode_stream(text: str) -> list[dict]:
    decoder = json.JSONDecoder()
    objects: list[dict] = []
    i = 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return objects
        obj, i = decoder.raw_decode(text, i)
        objects.append(obj)


def list_packages(toolchain: Toolchain, paths: list[str], env: dict[str, str]) -> Listing:
    """The packages under each PATH (a directory and what is below it, or a file's directory)."""
    listing = Listing()
    seen: set[str] = set()
    for path in paths:
        if not os.path.exists(path):
            listing.errors.append(f"{path}: no such file or directory")
            continue
        directory, pattern = (
            (path, "./...") if os.path.isdir(path) else (os.path.dirname(path) or ".", ".")
        )
        try:
            done = subprocess.run(
                [toolchain.go, "list", "-e", "-json", pattern],
                cwd=directory,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            listing.errors.append(f"{path}: go list failed: {exc}")
            continue
        if done.returncode != 0:
            message = (
                done.stderr.strip()
                or done.stdout.strip()
                or f"go list exited with status {done.returncode}"
            )
            listing.errors.append(f"{path}: {message}")
            continue
        try:
            objects = _decode_stream(done.stdout)
        except json.JSONDecodeError as exc:
            listing.errors.append(f"{path}: cannot read go list output: {exc}")
            continue
        for obj in objects:
            if not obj.get("Dir"):
                listing.errors.append(
                    f"{path}: {(obj.get('Error') or {}).get('Err') or 'a package go list cannot find'}"
                )
                continue
            pkg = _package(obj)
            if pkg.dir not in seen:
                seen.add(pkg.dir)
                listing.packages.append(pkg)
    return listing


def _package(obj: dict) -> GoPackage:
    directory = obj["Dir"]
    module = obj.get("Module") or {}
    error = (obj.get("Error") or {}).get("Err")
    return GoPackage(
        import_path=obj.get("ImportPath", directory),
        name=obj.get("Name") or os.path.basename(directory),
        dir=directory,
        module_dir=module.get("Dir") or directory,
        test_files=tuple(obj.get("TestGoFiles") or ()),
        xtest_files=tuple(obj.get("XTestGoFiles") or ()),
        error=error,
    )
