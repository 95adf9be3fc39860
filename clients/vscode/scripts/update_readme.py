#!/usr/bin/env python3
"""Regenerates the two tables of the extension's README that have a single source elsewhere:
the rules (from `goleash rules`) and the settings (from package.json's `contributes.configuration`).

    python scripts/update_readme.py          # rewrite README.md in place
    python scripts/update_readme.py --check  # exit 1 if README.md is out of date (tests run this)

Each table sits between `<!-- NAME:begin -->` and `<!-- NAME:end -->` comments; the text around
them is written by hand. Run it with a Python that has goleash installed (the repo's .venv).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
README = HERE / "README.md"
PACKAGE_JSON = HERE / "package.json"


def cell(text: str) -> str:
    """One line of Markdown that is safe inside a table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def rules_table(rules: list[dict]) -> str:
    lines = ["| Code | Name | What it catches |", "|---|---|---|"]
    for rule in rules:
        lines.append(
            f"| [{rule['code']}]({rule['url']}) | `{rule['name']}` | {cell(rule['summary'])} |"
        )
    return "\n".join(lines)


def describe(setting: dict) -> str:
    text = setting.get("markdownDescription") or setting.get("description") or ""
    # VS Code renders `#goleash.run#` as a link to the setting; a README shows the name.
    text = re.sub(r"`?#(goleash\.[\w.]+)#`?", r"`\1`", text)
    values = setting.get("enum")
    notes = setting.get("enumDescriptions")
    if values and notes:
        text += "".join(f" `{v}`: {n.rstrip('.')}." for v, n in zip(values, notes))
    elif values:
        text += " One of " + ", ".join(f"`{v}`" for v in values) + "."
    return cell(text)


def settings_table(package: dict) -> str:
    properties = package["contributes"]["configuration"]["properties"]
    lines = ["| Setting | Default | Meaning |", "|---|---|---|"]
    for key, setting in properties.items():
        default = json.dumps(setting.get("default"), separators=(", ", ": "))
        lines.append(f"| `{key}` | `{cell(default)}` | {describe(setting)} |")
    return "\n".join(lines)


def replace_block(text: str, name: str, body: str) -> str:
    pattern = re.compile(
        rf"(<!-- {name}:begin[^>]*-->\n)(?:.*?\n)?(<!-- {name}:end -->)", re.DOTALL
    )
    if not pattern.search(text):
        raise SystemExit(
            f"update_readme: the README has no <!-- {name}:begin --> ... <!-- {name}:end --> block"
        )
    return pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text, count=1)


def rendered(readme: str) -> str:
    listing = subprocess.run(
        [sys.executable, "-m", "goleash", "rules", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if listing.returncode != 0:
        raise SystemExit(
            f"update_readme: `goleash rules` failed (is goleash installed in {sys.executable}?)\n"
            + listing.stderr[-2000:]
        )
    out = replace_block(readme, "rules", rules_table(json.loads(listing.stdout)))
    return replace_block(
        out, "settings", settings_table(json.loads(PACKAGE_JSON.read_text(encoding="utf-8")))
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Regenerate the rules and settings tables of README.md."
    )
    parser.add_argument(
        "--check", action="store_true", help="only report whether README.md is up to date"
    )
    parser.add_argument("--readme", type=Path, default=README, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    current = args.readme.read_text(encoding="utf-8")
    fresh = rendered(current)
    if args.check:
        if fresh != current:
            print(
                f"{args.readme} is out of date: run python clients/vscode/scripts/update_readme.py",
                file=sys.stderr,
            )
            return 1
        return 0
    args.readme.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
