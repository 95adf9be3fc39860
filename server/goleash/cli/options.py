"""Command-line options that `check` and `fix` share, so they read the same way."""

from __future__ import annotations

import argparse


def add_paths(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or directories (default: .)")


def add_rule_selection(p: argparse.ArgumentParser) -> None:
    p.add_argument("--select", action="append", default=[], metavar="CODES",
                   help="only these rules: comma-separated codes, code prefixes (GL0) or names; repeatable")
    p.add_argument("--ignore", action="append", default=[], metavar="CODES",
                   help="skip these rules (same forms as --select); repeatable")


def add_file_selection(p: argparse.ArgumentParser) -> None:
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="skip files and directories whose name or relative path matches; repeatable")
    p.add_argument("--no-default-excludes", action="store_true",
                   help="also walk vendor/, testdata/ and directories starting with '.' or '_'")
