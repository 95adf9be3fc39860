"""The extension's README lists the current rules and settings: both tables are generated (by
clients/vscode/scripts/update_readme.py) from `goleash rules` and package.json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import EXT_DIR

SCRIPT = EXT_DIR / "scripts" / "update_readme.py"
README = EXT_DIR / "README.md"


def check(readme: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--check", "--readme", str(readme)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_readme_tables_are_up_to_date():
    done = check(README)
    assert done.returncode == 0, done.stderr


def test_readme_names_every_rule_and_every_setting():
    text = README.read_text()
    rules = json.loads(
        subprocess.run(
            [sys.executable, "-m", "goleash", "rules", "--format", "json"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    )
    assert [r["code"] for r in rules if f"[{r['code']}](" not in text] == []
    settings = json.loads((EXT_DIR / "package.json").read_text())["contributes"]["configuration"][
        "properties"
    ]
    assert [k for k in settings if f"| `{k}` |" not in text] == []


def test_a_stale_table_is_reported(tmp_path: Path):
    stale = tmp_path / "README.md"
    stale.write_text(
        README.read_text().replace("| `goleash.delay` | `250` |", "| `goleash.delay` | `500` |")
    )
    done = check(stale)
    assert done.returncode == 1 and "out of date" in done.stderr
    subprocess.run([sys.executable, str(SCRIPT), "--readme", str(stale)], check=True, timeout=120)
    assert stale.read_text() == README.read_text()


def test_a_readme_without_the_markers_gets_a_message(tmp_path: Path):
    bare = tmp_path / "README.md"
    bare.write_text("# goleash\n")
    done = check(bare)
    assert (
        done.returncode != 0
        and "has no <!-- rules:begin -->" in done.stderr
        and "Traceback" not in done.stderr
    )
