"""The VS Code extension: its plain-logic unit tests, the packaged .vsix, and the extension in a
real VS Code (code-server + Chromium), through the UI and through the extension-host API."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import (EXT_DIR, SERVER_ARGV, code_server, missing_e2e_tools, node, requires_e2e,
                      vsix)

pytestmark = pytest.mark.timeout(240)


def steps(stdout: str) -> dict[str, dict]:
    out = {}
    for line in stdout.splitlines():
        if line.startswith("{"):
            data = json.loads(line)
            out[data.get("step", "result")] = data
    return out


@pytest.mark.timeout(120)
@pytest.mark.skipif(not node() or not (EXT_DIR / "out" / "serverCommand.js").exists(),
                    reason="node or the compiled extension is missing: run clients/vscode/scripts/setup-e2e.sh")
def test_unit_tests_of_the_server_lookup_pass():
    done = subprocess.run([node() or "node", "--test", "out/test/unit/"], cwd=EXT_DIR,
                          env={**os.environ, "GOLEASH_TEST_PYTHON": sys.executable},
                          capture_output=True, text=True, timeout=100)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "# fail 0" in done.stdout and "# skipped 0" in done.stdout, done.stdout[-2000:]


@pytest.mark.skipif(vsix() is None, reason="no .vsix built: run clients/vscode/scripts/setup-e2e.sh")
def test_vsix_holds_the_extension_and_its_runtime_dependency_only():
    with zipfile.ZipFile(vsix()) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("extension/package.json"))
    assert "extension/out/extension.js" in names
    assert "extension/readme.md" in {n.lower() for n in names}
    assert any(n.startswith("extension/node_modules/vscode-languageclient/") for n in names)
    leaked = [n for n in names if n.startswith(("extension/src/", "extension/out/test/", "extension/test/",
                                                "extension/.e2e/", "extension/scripts/"))
              or "node_modules/typescript/" in n or "node_modules/@vscode/vsce" in n]
    assert leaked == [], leaked[:10]
    assert manifest["activationEvents"] == ["onLanguage:go"]
    assert {"id": "go", "aliases": ["Go"], "extensions": [".go"]} in manifest["contributes"]["languages"]
    commands = {c["command"]: c["title"] for c in manifest["contributes"]["commands"]}
    assert commands == {"goleash.restart": "Restart Server", "goleash.showOutput": "Show Output",
                        "goleash.fixAll": "Fix All Leaks in File",
                        "goleash.runTestsForFile": "Run Tests and Confirm Leaks"}
    settings = manifest["contributes"]["configuration"]["properties"]
    for key in ("enable", "select", "ignore", "severity", "delay", "run", "exclude", "includeGenerated",
                "trace.server", "path", "interpreter"):
        assert f"goleash.{key}" in settings, key


def server_path_setting() -> list[str]:
    argv = list(SERVER_ARGV)
    return argv


@requires_e2e
def test_ui_flags_the_leak_and_the_quick_fix_clears_it(tmp_path: Path, workspace: Path, artifacts: Path):
    leaky = workspace / "leaky.go"
    before = leaky.read_text()
    with code_server(tmp_path / "cs", workspace, {"goleash.path": server_path_setting()}, install_vsix=True) as cs:
        done = cs.run_driver("ui.js", FILE="leaky.go", SHOT_DIR=str(artifacts), FIX_TITLE="defer close\\(ch\\)")
    got = steps(done.stdout)
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    assert "GL003" in got["problems"]["row"], got["problems"]
    assert "[Ln 6, Col 7]" in got["problems"]["row"], got["problems"]
    assert (artifacts / "flagged.png").stat().st_size > 10_000
    assert any("Suppress GL003" in t for t in got["quickfixes"]["titles"]), got["quickfixes"]
    after = leaky.read_text()
    assert after != before, "the saved file changed"
    lines = after.splitlines()
    made = next(i for i, line in enumerate(lines) if "make(chan int)" in line)
    assert lines[made + 1].strip() == "defer close(ch)", after
    assert "defer close(ch)" in got["fixed"]["editor"]
    if shutil.which("gofmt"):
        fmt = subprocess.run(["gofmt", "-l", str(leaky)], capture_output=True, text=True, timeout=30)
        assert fmt.returncode == 0 and fmt.stdout == "", f"the fixed file is not gofmt-clean: {fmt.stdout}{fmt.stderr}"


@requires_e2e
def test_extension_host_api_diagnostics_fixes_settings_and_commands(tmp_path: Path, workspace: Path):
    # Loaded unpackaged from clients/vscode, and configured through goleash.interpreter this time.
    interpreter = SERVER_ARGV[:-3] if SERVER_ARGV[-3:] == ["-m", "goleash", "serve"] else None
    settings = {"goleash.interpreter": interpreter} if interpreter else {"goleash.path": SERVER_ARGV}
    with code_server(tmp_path / "cs", workspace, settings, install_vsix=False) as cs:
        done = cs.run_driver("ext-host.js", EXT_DIR=str(EXT_DIR))
    print(done.stdout)
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    assert "0 failed" in done.stdout
    assert done.stdout.count("PASS ") == 7, done.stdout


@requires_e2e
def test_one_clear_notification_when_no_server_is_found(tmp_path: Path, workspace: Path, artifacts: Path):
    # No goleash on this PATH, and Debian's python3 has no goleash module.
    bare_path = "/usr/bin:/bin"
    has_goleash = subprocess.run(["python3", "-c", "import goleash"], env={"PATH": bare_path},
                                 capture_output=True, timeout=30).returncode == 0
    if has_goleash:
        pytest.skip("the system python3 has goleash installed, so the lookup cannot fail here")
    settings = {"goleash.path": "/nonexistent/goleash"}
    with code_server(tmp_path / "cs", workspace, settings, install_vsix=True, path_env=bare_path) as cs:
        done = cs.run_driver("notification.js", FILE="leaky.go", SHOT_DIR=str(artifacts))
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    toasts = steps(done.stdout)["result"]["toasts"]
    assert len(toasts) == 1, toasts
    text = toasts[0]
    for expected in ("could not start the language server", "/nonexistent/goleash serve", "goleash.path setting",
                     "goleash serve", "goleash on PATH", "python3 -m goleash serve", "pip install goleash",
                     "pip install -e ."):
        assert expected in text, (expected, text)
    assert "Traceback" not in text and "    at " not in text
