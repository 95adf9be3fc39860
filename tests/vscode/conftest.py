"""VS Code as a real client of `goleash serve`: code-server (VS Code 1.100 in the browser) driven
headless through Debian's Chromium with playwright-core.

`clients/vscode/scripts/setup-e2e.sh` builds the extension (.vsix) and installs code-server and
playwright-core into `clients/vscode/.e2e/`; CI runs it, so these tests skip only on a machine
where it has not been run. Each code-server runs in its own session with private HOME/XDG/TMPDIR
dirs and is killed as a whole process group afterwards (its extension host and the language
server it started included).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXT_DIR = REPO / "clients" / "vscode"
E2E_DIR = EXT_DIR / ".e2e"
CODE_SERVER = E2E_DIR / "node_modules" / ".bin" / "code-server"
PLAYWRIGHT = E2E_DIR / "node_modules" / "playwright-core"
DRIVERS = EXT_DIR / "test" / "e2e"
FIXTURES = Path(__file__).with_name("fixtures")
RUNTIME_FIXTURE = Path(__file__).resolve().parents[1] / "runtime" / "testdata" / "leaky"
ARTIFACTS = REPO / "test-artifacts" / "vscode"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SETUP_HINT = "run clients/vscode/scripts/setup-e2e.sh (CI does)"
# The server command the extension is configured with; GOLEASH_DEV_CMD (a JSON argv) overrides it.
SERVER_ARGV = (
    json.loads(os.environ["GOLEASH_DEV_CMD"])
    if os.environ.get("GOLEASH_DEV_CMD")
    else [sys.executable, "-m", "goleash", "serve"]
)
DRIVER_TIMEOUT = 150  # seconds for one browser session


def node() -> str | None:
    return shutil.which("node")


def vsix() -> Path | None:
    built = sorted(EXT_DIR.glob("goleash-*.vsix"), key=lambda p: p.stat().st_mtime)
    return built[-1] if built else None


def missing_e2e_tools() -> str | None:
    """Why the end-to-end tests cannot run here, or None."""
    if not node():
        return "node is not installed"
    if not CODE_SERVER.exists() or not PLAYWRIGHT.exists():
        return f"code-server/playwright-core not installed in {E2E_DIR}: {SETUP_HINT}"
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    if not (EXT_DIR / "out" / "extension.js").exists() or vsix() is None:
        return f"the extension is not built: {SETUP_HINT}"
    return None


requires_e2e = pytest.mark.skipif(missing_e2e_tools() is not None, reason=missing_e2e_tools() or "")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class CodeServer:
    port: int
    workspace: Path
    root: Path
    env: dict[str, str]

    def run_driver(self, script: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [node() or "node", str(DRIVERS / script)],
            env={
                **self.env,
                "NODE_PATH": str(E2E_DIR / "node_modules"),
                "PORT": str(self.port),
                "WORKSPACE": str(self.workspace),
                "CHROMIUM": CHROMIUM,
                **env,
            },
            capture_output=True,
            text=True,
            timeout=DRIVER_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )


def base_settings() -> dict[str, object]:
    return {
        "telemetry.telemetryLevel": "off",
        "update.mode": "none",
        "extensions.autoCheckUpdates": False,
        "extensions.autoUpdate": False,
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": False,
        "security.workspace.trust.enabled": False,
        "chat.disableAIFeatures": True,
        "goleash.delay": 50,
    }


def isolated_env(root: Path, marker: str, path_env: str | None = None) -> dict[str, str]:
    home = root / "home"
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "TMPDIR": str(root / "tmp"),
        "PATH": path_env if path_env is not None else os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        # No gallery: the machine is offline, and tests must not depend on Open VSX.
        "EXTENSIONS_GALLERY": "{}",
        # Lets the teardown find every process this code-server started, even one that left its group.
        "GOLEASH_E2E_RUN": marker,
    }
    if path_env is not None:
        # The server otherwise adds the PATH of a login shell (`sh -lc env`, /usr/bin and all) to the
        # extension host's; with VSCODE_CLI=1 it keeps the PATH it was given, as the test wants.
        env["VSCODE_CLI"] = "1"
    for d in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "TMPDIR"):
        Path(env[d]).mkdir(parents=True, exist_ok=True)
    return env


def processes_marked(marker: str) -> list[int]:
    pids = []
    needle = f"GOLEASH_E2E_RUN={marker}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def kill_all(proc: subprocess.Popen, marker: str) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)
    # Killed processes take a moment to be reaped by init; keep killing until none is left.
    deadline = time.monotonic() + 10
    while (pids := processes_marked(marker)) and time.monotonic() < deadline:
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.1)


@contextmanager
def code_server(
    log_dir: Path,
    workspace: Path,
    settings: dict[str, object],
    *,
    install_vsix: bool,
    path_env: str | None = None,
    extra_vsix: tuple[Path, ...] = (),
    extra_env: dict[str, str] | None = None,
) -> Iterator[CodeServer]:
    """A code-server on a free port; its log is copied to `log_dir` at the end. `extra_vsix` are
    installed too (test doubles of other extensions); `extra_env` reaches the extension host."""
    marker = uuid.uuid4().hex
    # Unix socket paths (Chromium's singleton, VS Code's IPC) must stay under 108 bytes, which
    # pytest's tmp_path can exceed: keep the private dirs short.
    root = Path(tempfile.mkdtemp(prefix="goleash-vsc-", dir="/tmp"))
    env = {**isolated_env(root, marker, path_env), **(extra_env or {})}
    user_data, extensions = root / "user-data", root / "extensions"
    # In code-server the workbench and the extension host are a remote pair: machine-scoped
    # settings (goleash.path/interpreter) belong in Machine/settings.json, which is also where a
    # code-server user would put them. User settings get everything, for the browser side.
    for scope in ("User", "Machine"):
        (user_data / scope).mkdir(parents=True, exist_ok=True)
        (user_data / scope / "settings.json").write_text(
            json.dumps({**base_settings(), **settings}, indent=2)
        )
    port = free_port()
    common = [
        str(CODE_SERVER),
        "--config",
        str(root / "config.yaml"),
        "--auth",
        "none",
        "--disable-telemetry",
        "--disable-update-check",
        "--disable-workspace-trust",
        "--user-data-dir",
        str(user_data),
        "--extensions-dir",
        str(extensions),
    ]
    (root / "config.yaml").write_text("")
    for package in ([vsix()] if install_vsix else []) + list(extra_vsix):
        done = subprocess.run(
            [*common, "--install-extension", str(package)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 0, (
            f"installing {package.name} failed:\n{done.stdout}\n{done.stderr}"
        )
    log = open(root / "code-server.log", "w")  # noqa: SIM115 - the server writes it until teardown
    proc = subprocess.Popen(
        [*common, "--bind-addr", f"127.0.0.1:{port}", str(workspace)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log_text = (root / "code-server.log").read_text()
                    raise RuntimeError(f"code-server did not come up:\n{log_text}") from None
                time.sleep(0.2)
        yield CodeServer(port=port, workspace=workspace, root=root, env=env)
    finally:
        kill_all(proc, marker)
        log.close()
        log_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / "code-server.log", log_dir / "code-server.log")
        left = processes_marked(marker)
        if os.environ.get("GOLEASH_E2E_KEEP"):
            print(f"code-server dirs kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
        assert left == [], f"processes left behind by code-server: {left}"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    shutil.copy(FIXTURES / "leaky.go", ws / "leaky.go")
    # A second package, so the two copies of `leaky` do not meet as siblings.
    (ws / "other").mkdir()
    shutil.copy(FIXTURES / "leaky.go", ws / "other" / "settings.go")
    (ws / "go.mod").write_text("module example.com/leaky\n\ngo 1.19\n")
    # A package whose own tests leak, for "goleash: Run Tests and Confirm Leaks".
    (ws / "confirm").mkdir()
    for name in ("fetch.go", "fetch_test.go"):
        shutil.copy(RUNTIME_FIXTURE / name, ws / "confirm" / name)
    return ws


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
