"""The Helix and Emacs snippets we document are valid and do what they say."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
import tomllib

from .emacs_harness import CLIENTS, DEBIAN_ELPA, HERE, REPO, run_emacs

pytestmark = pytest.mark.timeout(150)

# é and CJK before the leak: UTF-16 and code points agree on them (lsp-mode 8
# counts code points), while UTF-8 bytes do not.
LEAKY = """\
package main

import "fmt"

func leaky(ch chan int) {
\ts, v := "é漢", <-ch
\tfmt.Println(s, v)
}

func main() {
\tch := make(chan int)
\tfor i := 0; i < 3; i++ {
\t\tgo leaky(ch)
\t}
}
"""
LEAK_LINE = 5
SETTINGS = {
    "enable",
    "select",
    "ignore",
    "severity",
    "delay",
    "run",
    "exclude",
    "includeGenerated",
    "preview",
}


def write_module(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    root.mkdir()
    (root / "go.mod").write_text("module example.com/leaky\n\ngo 1.19\n")
    go_file = root / "main.go"
    go_file.write_text(LEAKY, encoding="utf-8")
    return go_file


# --- Helix -------------------------------------------------------------------


def helix_snippets() -> list[tuple[str, str]]:
    """The shipped languages.toml and every ```toml block in the docs that configures goleash."""
    found = [("clients/helix/languages.toml", (CLIENTS / "helix" / "languages.toml").read_text())]
    for doc in (REPO / "docs" / "editors.md", CLIENTS / "helix" / "README.md"):
        if doc.exists():
            for block in re.findall(r"```toml\n(.*?)```", doc.read_text(), re.S):
                if "goleash" in block:
                    found.append((str(doc.relative_to(REPO)), block))
    return found


@pytest.mark.parametrize("where,text", helix_snippets(), ids=[w for w, _ in helix_snippets()])
def test_helix_languages_toml_runs_goleash_beside_gopls(where, text):
    config = tomllib.loads(text)
    server = config["language-server"]["goleash"]
    assert [server["command"], *server.get("args", [])] == ["goleash", "serve"], where
    [go] = [lang for lang in config["language"] if lang["name"] == "go"]
    # The list replaces Helix's default for Go: without gopls the user would lose it.
    assert go["language-servers"][:1] == ["gopls"] and "goleash" in go["language-servers"], where
    settings = server.get("config", {}).get("goleash", {})
    assert set(settings) <= SETTINGS, f"{where}: unknown settings {set(settings) - SETTINGS}"


def test_helix_settings_are_accepted_by_the_server():
    from goleash.lsp.settings import parse

    config = tomllib.loads((CLIENTS / "helix" / "languages.toml").read_text())
    sent = config["language-server"]["goleash"][
        "config"
    ]  # what Helix sends as initializationOptions
    _, warnings = parse(sent)
    assert warnings == []


# --- Emacs -------------------------------------------------------------------


def test_emacs_lisp_byte_compiles_without_warnings(emacs_lsp_mode, tmp_path):
    for name in ("lsp-goleash.el", "flymake-goleash.el"):
        shutil.copy(CLIENTS / "emacs" / name, tmp_path / name)
    proc, _ = run_emacs(
        emacs_lsp_mode,
        [
            "--eval",
            "(progn (require 'package)"
            f' (add-to-list \'package-directory-list "{DEBIAN_ELPA}")'
            " (package-initialize) (setq byte-compile-error-on-warn t))",
            "-f",
            "batch-byte-compile",
            str(tmp_path / "lsp-goleash.el"),
            str(tmp_path / "flymake-goleash.el"),
        ],
        tmp_path,
        {},
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "lsp-goleash.elc").exists() and (tmp_path / "flymake-goleash.elc").exists()


def test_emacs_flymake_backend_marks_the_leak(emacs, tmp_path):
    go_file = write_module(tmp_path)
    proc, report = run_emacs(
        emacs,
        ["-l", str(HERE / "emacs_flymake_driver.el")],
        tmp_path,
        {
            "GOLEASH_FILE": str(go_file),
            "GOLEASH_CMD": json.dumps([sys.executable, "-m", "goleash"]),
        },
    )
    assert proc.returncode == 0 and report.get("ok"), (report, proc.stderr[-2000:])
    [diag] = [d for d in report["diagnostics"] if "(GL003)" in d["text"]]
    start = LEAKY.index("<-ch")  # Emacs positions count characters from 1
    assert (diag["beg"], diag["end"]) == (start + 1, start + 1 + len("<-ch"))
    assert diag["type"] == ":warning"


def test_emacs_lsp_mode_add_on_round_trip(emacs_lsp_mode, tmp_path):
    go_file = write_module(tmp_path)
    proc, report = run_emacs(
        emacs_lsp_mode,
        ["-l", str(HERE / "emacs_lsp_driver.el")],
        tmp_path,
        {
            "GOLEASH_FILE": str(go_file),
            "GOLEASH_ROOT": str(go_file.parent),
            "GOLEASH_CMD": json.dumps([sys.executable, "-m", "goleash", "serve"]),
        },
    )
    assert proc.returncode == 0 and report.get("ok"), (report, proc.stderr[-3000:])
    assert report["servers"] == ["goleash"]
    assert report["steps"] == ["diagnosed", "fixed", "written", "cleared"]
    assert report["encoding"] in (None, "utf-16")  # lsp-mode 8 offers no encodings
    prefix = LEAKY.splitlines()[LEAK_LINE].split("<-ch")[0]
    assert (report["line"], report["character"]) == (
        LEAK_LINE,
        len(prefix.encode("utf-16-le")) // 2,
    )
    assert report["point"] == LEAKY.index("<-ch") + 1
    assert go_file.read_text(encoding="utf-8") == report["buffer"]
    title, fixed = report["title"], report["buffer"]
    if "defer close(ch)" in title:
        assert fixed == LEAKY.replace(
            "\tch := make(chan int)\n", "\tch := make(chan int)\n\tdefer close(ch)\n"
        )
    elif title.startswith("Suppress GL003"):
        assert fixed.splitlines()[LEAK_LINE].endswith("<-ch //goleash:ignore GL003")
    else:
        assert fixed != LEAKY, title
