"""The VS Code extension: its plain-logic unit tests, the packaged .vsix, and the extension in a
real VS Code (code-server + Chromium), through the UI and through the extension-host API."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from .conftest import (
    EXT_DIR,
    REPO,
    SERVER_ARGV,
    code_server,
    node,
    processes_marked,
    requires_e2e,
    vsix,
)

pytestmark = pytest.mark.timeout(240)


def steps(stdout: str) -> dict[str, dict]:
    out = {}
    for line in stdout.splitlines():
        if line.startswith("{"):
            data = json.loads(line)
            out[data.get("step", "result")] = data
    return out


@pytest.mark.timeout(120)
@pytest.mark.skipif(
    not node() or not (EXT_DIR / "out" / "serverCommand.js").exists(),
    reason="node or the compiled extension is missing: run clients/vscode/scripts/setup-e2e.sh",
)
def test_unit_tests_of_the_server_lookup_pass():
    done = subprocess.run(
        [node() or "node", "--test", "out/test/unit/"],
        cwd=EXT_DIR,
        env={**os.environ, "GOLEASH_TEST_PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=100,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "# fail 0" in done.stdout and "# skipped 0" in done.stdout, done.stdout[-2000:]


@pytest.mark.skipif(
    vsix() is None, reason="no .vsix built: run clients/vscode/scripts/setup-e2e.sh"
)
def test_vsix_holds_the_extension_and_its_runtime_dependency_only():
    with zipfile.ZipFile(vsix()) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("extension/package.json"))
    assert "extension/out/extension.js" in names
    assert "extension/readme.md" in {n.lower() for n in names}
    assert any(n.startswith("extension/node_modules/vscode-languageclient/") for n in names)
    leaked = [
        n
        for n in names
        if n.startswith(
            (
                "extension/src/",
                "extension/out/test/",
                "extension/test/",
                "extension/.e2e/",
                "extension/scripts/",
            )
        )
        or "node_modules/typescript/" in n
        or "node_modules/@vscode/vsce" in n
    ]
    assert leaked == [], leaked[:10]
    assert manifest["activationEvents"] == ["onLanguage:go"]
    assert {"id": "go", "aliases": ["Go"], "extensions": [".go"]} in manifest["contributes"][
        "languages"
    ]
    commands = {c["command"]: c["title"] for c in manifest["contributes"]["commands"]}
    assert commands == {
        "goleash.restart": "Restart Server",
        "goleash.showOutput": "Show Output",
        "goleash.fixAll": "Fix All Leaks in File",
        "goleash.runTestsForFile": "Run Tests and Confirm Leaks",
    }
    settings = manifest["contributes"]["configuration"]["properties"]
    for key in (
        "enable",
        "select",
        "ignore",
        "severity",
        "delay",
        "run",
        "exclude",
        "includeGenerated",
        "preview",
        "trace.server",
        "path",
        "interpreter",
    ):
        assert f"goleash.{key}" in settings, key


def server_path_setting() -> list[str]:
    argv = list(SERVER_ARGV)
    return argv


def saved_text(path: Path, needle: str, seconds: float = 30.0) -> str:
    """The file's text once it holds `needle` (the editor's save reaches the disk a moment
    after the driver sees the edit; on a loaded machine, seconds later), or as it is when
    the time is up."""
    deadline = time.monotonic() + seconds
    text = path.read_text()
    while needle not in text and time.monotonic() < deadline:
        time.sleep(0.2)
        text = path.read_text()
    return text


@requires_e2e
def test_ui_flags_the_leak_and_the_quick_fix_clears_it(
    tmp_path: Path, workspace: Path, artifacts: Path
):
    leaky = workspace / "leaky.go"
    before = leaky.read_text()
    with code_server(
        tmp_path / "cs", workspace, {"goleash.path": server_path_setting()}, install_vsix=True
    ) as cs:
        done = cs.run_driver(
            "ui.js", FILE="leaky.go", SHOT_DIR=str(artifacts), FIX_TITLE="defer close\\(ch\\)"
        )
    got = steps(done.stdout)
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    assert "GL003" in got["problems"]["row"], got["problems"]
    assert "[Ln 6, Col 7]" in got["problems"]["row"], got["problems"]
    assert (artifacts / "flagged.png").stat().st_size > 10_000
    assert any("Suppress GL003" in t for t in got["quickfixes"]["titles"]), got["quickfixes"]
    after = saved_text(leaky, "defer close(ch)")
    assert after != before, "the saved file changed"
    lines = after.splitlines()
    made = next(i for i, line in enumerate(lines) if "make(chan int)" in line)
    assert lines[made + 1].strip() == "defer close(ch)", after
    assert "defer close(ch)" in got["fixed"]["editor"]
    if shutil.which("gofmt"):
        fmt = subprocess.run(
            ["gofmt", "-l", str(leaky)], capture_output=True, text=True, timeout=30
        )
        assert fmt.returncode == 0 and fmt.stdout == "", (
            f"the fixed file is not gofmt-clean: {fmt.stdout}{fmt.stderr}"
        )


@requires_e2e
def test_extension_host_api_diagnostics_fixes_settings_and_commands(
    tmp_path: Path, workspace: Path
):
    # Loaded unpackaged from clients/vscode, and configured through goleash.interpreter this time.
    interpreter = SERVER_ARGV[:-3] if SERVER_ARGV[-3:] == ["-m", "goleash", "serve"] else None
    settings = (
        {"goleash.interpreter": interpreter} if interpreter else {"goleash.path": SERVER_ARGV}
    )
    with code_server(tmp_path / "cs", workspace, settings, install_vsix=False) as cs:
        done = cs.run_driver("ext-host.js", EXT_DIR=str(EXT_DIR))
    print(done.stdout)
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    assert "0 failed" in done.stdout
    assert done.stdout.count("PASS ") == 7, done.stdout


BARE_PATH = "/usr/bin:/bin"


def assert_goleash_is_nowhere(path_env: str) -> None:
    """The machine the tests below describe: no `goleash` executable on PATH and no interpreter on
    PATH that can import it (CI's system Python has none; only .venv has goleash)."""
    assert shutil.which("goleash", path=path_env) is None, "a goleash executable is on " + path_env
    for python in ("python3", "python"):
        exe = shutil.which(python, path=path_env)
        if exe:
            found = subprocess.run(
                [exe, "-c", "import goleash"],
                env={"PATH": path_env, "PYTHONNOUSERSITE": "1"},
                capture_output=True,
                timeout=30,
            )
            assert found.returncode != 0, (
                f"{exe} can import goleash: this test needs a machine where it cannot"
            )


class ServerWatch:
    """The bundled server's command lines, seen while a driver runs: the extension host
    may stop the server as soon as the browser goes, before the driver's process has
    returned, so looking only afterwards can find none on a loaded machine."""

    def __init__(self, cs) -> None:
        self.cs = cs
        self.seen: list[list[str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        while not self._stop.is_set():
            self._note()
            self._stop.wait(0.2)

    def _note(self) -> None:
        for c in marked_commands(self.cs):
            # The language server itself, not the extension's `serve --help` probe.
            if (
                any(a.endswith("bundled/tool/launch.py") for a in c)
                and "--help" not in c
                and c not in self.seen
            ):
                self.seen.append(c)

    def __enter__(self) -> ServerWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._note()


def marked_commands(cs) -> list[list[str]]:
    """The command lines of the processes this code-server started (its language server included)."""
    out = []
    for pid in processes_marked(cs.env["GOLEASH_E2E_RUN"]):
        try:
            out.append(
                Path(f"/proc/{pid}/cmdline")
                .read_bytes()
                .decode(errors="replace")
                .rstrip("\0")
                .split("\0")
            )
        except OSError:
            continue
    return out


def test_vsix_bundles_the_server_for_every_supported_python():
    built = vsix()
    if built is None:
        pytest.skip("no .vsix built: run clients/vscode/scripts/setup-e2e.sh")
    with zipfile.ZipFile(built) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("extension/bundled/manifest.json"))
        vsix_manifest = z.read("extension.vsixmanifest").decode()
    assert 'TargetPlatform="linux-x64"' in vsix_manifest
    assert manifest["target"] == "linux-x64"
    libs = "extension/bundled/libs/"
    assert "extension/bundled/tool/launch.py" in names
    for module in (
        "goleash/__init__.py",
        "goleash/cli/main.py",
        "pygls/__init__.py",
        "lsprotocol/types.py",
        "cattrs/__init__.py",
        "tree_sitter/__init__.py",
        "tree_sitter_go/__init__.py",
    ):
        assert libs + module in names, module
    for python in manifest["pythons"]:
        tag = python.replace(".", "")
        assert f"{libs}tree_sitter/_binding.cpython-{tag}-x86_64-linux-gnu.so" in names, python
    # The goleash inside is this checkout's: every module of the source tree is there.
    source = {
        str(p.relative_to(REPO / "server")) for p in (REPO / "server" / "goleash").rglob("*.py")
    }
    assert {libs + m for m in source} <= names, sorted({libs + m for m in source} - names)[:5]
    assert not [
        n for n in names if "__pycache__" in n or n.endswith(".pyc") or n.startswith(libs + "bin/")
    ]


@requires_e2e
def test_installing_only_the_vsix_gives_the_diagnostic_and_quick_fix(
    tmp_path: Path, workspace: Path, artifacts: Path
):
    """No goleash anywhere, no goleash.* setting: the extension runs its own server with python3."""
    assert_goleash_is_nowhere(BARE_PATH)
    leaky = workspace / "leaky.go"
    shots = artifacts / "bundled"
    shots.mkdir(exist_ok=True)
    with code_server(tmp_path / "cs", workspace, {}, install_vsix=True, path_env=BARE_PATH) as cs:
        with ServerWatch(cs) as watch:
            done = cs.run_driver(
                "ui.js", FILE="leaky.go", SHOT_DIR=str(shots), FIX_TITLE="defer close\\(ch\\)"
            )
        servers = watch.seen
    got = steps(done.stdout)
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    # The server that ran is the one inside the installed extension, started by the system python3.
    assert servers, "no bundled server was seen while the driver ran"
    launcher = next(a for a in servers[0] if a.endswith("launch.py"))
    assert launcher.startswith(str(cs.root / "extensions")), launcher
    assert servers[0][0] == "python3" and servers[0][2:] == ["serve", "--stdio"], servers[0]
    assert "GL003" in got["problems"]["row"], got["problems"]
    assert any("Suppress GL003" in t for t in got["quickfixes"]["titles"]), got["quickfixes"]
    lines = saved_text(leaky, "defer close(ch)").splitlines()
    made = next(i for i, line in enumerate(lines) if "make(chan int)" in line)
    assert lines[made + 1].strip() == "defer close(ch)"
    for shot in ("flagged.png", "quickfix.png", "fixed.png"):  # the README's screenshots
        assert (shots / shot).stat().st_size > 10_000, shot


def path_with_node_only(tmp_path: Path) -> str:
    """A PATH with node (code-server needs it) and nothing else: no python3, no goleash."""
    only_node = tmp_path / "bin"
    only_node.mkdir()
    (only_node / "node").symlink_to(node() or "node")
    assert_goleash_is_nowhere(str(only_node))
    assert shutil.which("python3", path=str(only_node)) is None
    return str(only_node)


def python_extension_double(tmp_path: Path) -> Path:
    """tests/vscode/fixtures/python-extension-double packaged as ms-python.python."""
    src = tmp_path / "python-extension-double"
    shutil.copytree(Path(__file__).with_name("fixtures") / "python-extension-double", src)
    out = tmp_path / "ms-python.python-double.vsix"
    done = subprocess.run(
        [
            str(EXT_DIR / "node_modules" / ".bin" / "vsce"),
            "package",
            "--allow-missing-repository",
            "--skip-license",
            "-o",
            str(out),
        ],
        cwd=src,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


@requires_e2e
def test_the_interpreter_selected_in_the_python_extension_runs_the_bundled_server(
    tmp_path: Path, workspace: Path, artifacts: Path
):
    """No python3 on PATH: the only interpreter to be had is the one the Python extension's API
    reports as selected (a Python without goleash), and the bundled server runs with it."""
    path_env = path_with_node_only(tmp_path)
    selected = shutil.which("python3", path=BARE_PATH)
    assert selected, "a python3 in /usr/bin is needed as the selected interpreter"
    assert_goleash_is_nowhere(BARE_PATH)
    shots = artifacts / "python-extension"
    shots.mkdir(exist_ok=True)
    with code_server(
        tmp_path / "cs",
        workspace,
        {},
        install_vsix=True,
        path_env=path_env,
        extra_vsix=(python_extension_double(tmp_path),),
        extra_env={"GOLEASH_TEST_SELECTED_PYTHON": selected},
    ) as cs:
        with ServerWatch(cs) as watch:
            done = cs.run_driver(
                "ui.js", FILE="leaky.go", SHOT_DIR=str(shots), FIX_TITLE="defer close\\(ch\\)"
            )
        servers = watch.seen
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    assert servers and servers[0][0] == selected, servers
    assert servers[0][1].startswith(str(cs.root / "extensions")), servers[0]
    assert "GL003" in steps(done.stdout)["problems"]["row"]
    assert "defer close(ch)" in saved_text(workspace / "leaky.go", "defer close(ch)")


@requires_e2e
def test_no_python_at_all_gives_one_message_with_a_link(
    tmp_path: Path, workspace: Path, artifacts: Path
):
    only_node = path_with_node_only(tmp_path)
    shots = artifacts / "no-python"
    shots.mkdir(exist_ok=True)
    with code_server(tmp_path / "cs", workspace, {}, install_vsix=True, path_env=only_node) as cs:
        done = cs.run_driver("notification.js", FILE="leaky.go", SHOT_DIR=str(shots))
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    toasts = steps(done.stdout)["result"]["toasts"]
    assert len(toasts) == 1, toasts
    text = toasts[0]
    for expected in (
        "no Python 3.10+ interpreter found",
        "launch.py serve",
        "python3 on PATH: not found",
        "goleash.interpreter",
        "Get Python",
    ):
        assert expected in text, (expected, text)
    assert "Traceback" not in text and "    at " not in text


@requires_e2e
def test_one_clear_notification_when_no_server_is_found(
    tmp_path: Path, workspace: Path, artifacts: Path
):
    # fromEnvironment: no goleash on this PATH, and Debian's python3 has no goleash module.
    assert_goleash_is_nowhere(BARE_PATH)
    settings = {"goleash.path": "/nonexistent/goleash", "goleash.importStrategy": "fromEnvironment"}
    with code_server(
        tmp_path / "cs", workspace, settings, install_vsix=True, path_env=BARE_PATH
    ) as cs:
        done = cs.run_driver("notification.js", FILE="leaky.go", SHOT_DIR=str(artifacts))
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    toasts = steps(done.stdout)["result"]["toasts"]
    assert len(toasts) == 1, toasts
    text = toasts[0]
    for expected in (
        "could not start the language server",
        "/nonexistent/goleash serve",
        "goleash.path setting",
        "goleash serve",
        "goleash on PATH",
        "python3 -m goleash serve",
        "pip install goleash",
        "pip install -e .",
    ):
        assert expected in text, (expected, text)
    assert "Traceback" not in text and "    at " not in text
