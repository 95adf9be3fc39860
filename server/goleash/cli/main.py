"""`goleash` entry point: one sub-command per module in goleash.cli.

Each sub-command module exposes `add_parser(subparsers)` (which registers itself
and sets `func`) so commands stay independent of each other.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from goleash import __version__

SUBCOMMANDS = ("check", "fix", "rules_cmd", "serve", "test_cmd")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="goleash",
        description="Find goroutine leaks in Go code, explain them, and fix them.",
    )
    parser.add_argument("--version", action="version", version=f"goleash {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"goleash.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"goleash.cli.{name}":
                continue  # not built yet
            raise
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
