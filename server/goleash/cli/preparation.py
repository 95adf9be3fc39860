"""What `check`, `fix` and `test` do before any analysis: each file's settings, and the files.

The command line and goleash.toml give each file its settings (cli.project_settings);
the paths (or stdin) give the files, walked and selected (cli.walk). A bad option,
a bad goleash.toml or a misused `-` stops the run here, with one line on stderr each.
"""

from __future__ import annotations

import argparse
import sys
from typing import NamedTuple

from goleash.cli import walk
from goleash.cli.exit_status import EXIT_ERROR
from goleash.cli.loading import STDIN_TEXT, read_stdin
from goleash.cli.project_settings import (
    SettingsResolver,
    UsageError,
    config_errors,
    overrides_from,
    selection_probe_paths,
    selector_from,
    store_from,
)


class Prepared(NamedTuple):
    resolver: SettingsResolver  # each file's settings
    found: walk.Discovery  # the files to check, and the paths that could not be


def prepare(args: argparse.Namespace, command: str) -> Prepared | int:
    """The settings per file and the files, or an exit status after printing why not."""

    def fail(*messages: str) -> int:
        for message in messages:
            print(f"goleash {command}: error: {message}", file=sys.stderr)
        return EXIT_ERROR

    try:
        store = store_from(args)
        resolver = SettingsResolver(store, overrides_from(args))
    except UsageError as exc:
        return fail(str(exc))
    paths, problem = read_stdin(args)
    if problem:
        return fail(problem)
    bad = config_errors(resolver, selection_probe_paths(paths))
    if bad:
        return fail(*bad)
    selector = selector_from(args, store)
    follow_links = getattr(args, "follow_links", False)
    if STDIN_TEXT:
        name = paths[0]
        excluded = args.force_exclude and name != "-" and selector.excluded(name)
        found = walk.Discovery(
            files=[] if excluded else [name],
            roots=[walk.tree_root(name)],
            follow_links=follow_links,
        )
    else:
        found = walk.discover(paths, selector, args.force_exclude, follow_links)
    for path, why in found.skipped:
        print(f"goleash {command}: skipped {path}: {why}", file=sys.stderr)
    bad = config_errors(resolver, found.files)
    if bad:
        return fail(*bad)
    return Prepared(resolver, found)
