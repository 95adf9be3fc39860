"""Command-line options that `check` and `fix` share, so they read the same way."""

from __future__ import annotations

import argparse


def add_paths(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        nargs="*",
        default=["."],
        metavar="PATH",
        help="files or directories (default: .); '-' reads one file from stdin",
    )
    p.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="with '-': the path the text read from stdin has (for goleash.toml, "
        "its package's other files and the report)",
    )


def add_rule_selection(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--select",
        action="append",
        default=None,
        metavar="CODES",
        help="only these rules: comma-separated codes, code prefixes (GL0) or names; "
        "repeatable; replaces goleash.toml's select",
    )
    p.add_argument(
        "--ignore",
        action="append",
        default=None,
        metavar="CODES",
        help="skip these rules (same forms as --select); repeatable; replaces goleash.toml's ignore",
    )
    p.add_argument(
        "--preview",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also run rules still in preview, and stable rules on what they report only in preview (GL017 on every way out); overrides goleash.toml's preview",
    )


def add_configuration(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--config",
        metavar="FILE",
        help="use this goleash.toml for every file instead of the nearest one",
    )
    group.add_argument("--isolated", action="store_true", help="read no goleash.toml at all")


def add_file_selection(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="PATTERN",
        help="skip files and directories matching this gitignore-style pattern "
        "(relative to the current directory); repeatable",
    )
    p.add_argument(
        "--no-default-excludes",
        action="store_true",
        help="also walk vendor/, testdata/ and directories starting with '.' or '_'",
    )
    p.add_argument(
        "--respect-gitignore",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="skip what .gitignore files ignore (default: yes, or goleash.toml's respect-gitignore)",
    )
    p.add_argument(
        "--follow-links",
        action="store_true",
        help="follow symbolic links that lead out of the checked tree (files and "
        "directories); by default they are skipped with a message",
    )
    p.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply the exclude patterns to paths named on the command line too (for pre-commit)",
    )
