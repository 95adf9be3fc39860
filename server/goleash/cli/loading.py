"""Reading the Go files to check: from disk, or the one text given on stdin.

A file that cannot be checked (unreadable, not a regular file, not UTF-8, no
package clause) comes back with one line saying why, for a person to read.
"""

from __future__ import annotations

import argparse
import os
import sys

from goleash.regular_files import NotRegularFile, read_regular_file
from goleash.source import SourceFile

# Text read from stdin, by the path it stands for (--stdin-filename).
STDIN_TEXT: dict[str, bytes] = {}


def read_stdin(args: argparse.Namespace) -> tuple[list[str], str | None]:
    """The paths to check, with `-` replaced by --stdin-filename (its text read
    now); or an error for stderr."""
    STDIN_TEXT.clear()  # from an earlier run in this process
    if "-" not in args.paths:
        if args.stdin_filename:
            return [], "--stdin-filename needs '-' among the paths"
        return list(args.paths), None
    if args.paths != ["-"]:
        return [], "'-' (stdin) cannot be mixed with other paths"
    name = os.path.normpath(args.stdin_filename) if args.stdin_filename else "-"
    if args.stdin_filename and not name.endswith(".go"):
        return [], f"--stdin-filename {args.stdin_filename}: not a Go file name (expected NAME.go)"
    STDIN_TEXT[name] = sys.stdin.buffer.read()
    return [name], None


def load(path: str) -> tuple[SourceFile | None, str | None]:
    """The parsed file, or why it cannot be checked (one line, for a person)."""
    if path in STDIN_TEXT:
        return _parsed(path, STDIN_TEXT[path])
    try:
        # A FIFO or a device (or a link to one) would block or never end.
        data = read_regular_file(path)
    except NotRegularFile as exc:
        return None, exc.reason
    except OSError as exc:
        return None, f"cannot read file: {exc.strerror or exc}"
    return _parsed(path, data)


def load_all(paths: list[str]) -> list[SourceFile]:
    """The files among `paths` that can be checked; the others are left out silently
    (a package's other files, read only to resolve callees)."""
    return [s for s in (load(p)[0] for p in paths) if s is not None]


def _parsed(path: str, data: bytes) -> tuple[SourceFile | None, str | None]:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
    if not data.strip():
        return None, "empty file: not Go source (no package clause)"
    source = SourceFile(path, data)
    if source.package_name is None:
        return None, "not Go source: no package clause"
    return source, None
