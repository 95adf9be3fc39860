"""The distributable package: `python -m build` makes an sdist and a wheel from the files a
release ships, and the wheel, installed into a fresh virtual environment (its dependencies from
the package index), runs `goleash --version`, `goleash check` on the bundled example and one LSP
round trip of `goleash serve`.

The build and the install take about half a minute, so they happen once for the module.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from goleash import __version__

from .stdio_lsp import StdioClient

REPO = Path(__file__).resolve().parents[2]
# What an sdist is built from: the release's files, nothing else from the working tree.
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md", "server")

pytestmark = pytest.mark.timeout(600)


def run(argv: list[str], **kw) -> subprocess.CompletedProcess[str]:
    kw.setdefault("timeout", 300)
    return subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL, **kw)


def clean_env(venv: Path) -> dict[str, str]:
    """An environment in which only the fresh venv can provide `goleash`."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")
    }
    env["PATH"] = f"{venv / 'bin'}:/usr/bin:/bin"
    env["PYTHONNOUSERSITE"] = "1"
    return env


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(
                path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
            )
        else:
            shutil.copy(path, src / name)
    out = tmp_path_factory.mktemp("dist")
    # Without --sdist/--wheel, build makes the sdist and then the wheel *from the sdist*, so a
    # file missing from the sdist breaks the wheel too.
    done = run([sys.executable, "-m", "build", "--outdir", str(out), str(src)])
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def venv(dist: Path, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("venv") / "venv"
    done = run([sys.executable, "-m", "venv", str(root)])
    assert done.returncode == 0, done.stderr
    wheel = next(dist.glob("*.whl"))
    done = run(
        [str(root / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        env=clean_env(root),
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return root


def test_build_makes_an_sdist_and_a_pure_python_wheel(dist: Path):
    names = sorted(p.name for p in dist.iterdir())
    assert names == [f"goleash-{__version__}-py3-none-any.whl", f"goleash-{__version__}.tar.gz"], (
        names
    )

    with zipfile.ZipFile(dist / names[0]) as whl:
        files = set(whl.namelist())
        info = f"goleash-{__version__}.dist-info"
        metadata = whl.read(f"{info}/METADATA").decode()
        entry_points = whl.read(f"{info}/entry_points.txt").decode()
    assert {
        "goleash/__init__.py",
        "goleash/__main__.py",
        "goleash/py.typed",
        "goleash/engine.py",
        "goleash/lsp/server.py",
        f"{info}/licenses/LICENSE",
    } <= files
    # Every module of the source tree is in the wheel, and nothing else of the repository is.
    source_modules = {
        str(p.relative_to(REPO / "server")) for p in (REPO / "server" / "goleash").rglob("*.py")
    }
    assert source_modules <= files, sorted(source_modules - files)[:5]
    assert not [f for f in files if not f.startswith(("goleash/", info))]
    assert re.search(r"^goleash = goleash\.cli\.main:main$", entry_points, re.MULTILINE), (
        entry_points
    )
    assert "Requires-Python: >=3.10" in metadata
    for dep in ("pygls", "lsprotocol", "tree-sitter", "tree-sitter-go"):
        assert re.search(rf"^Requires-Dist: {dep}\b", metadata, re.MULTILINE), dep

    with tarfile.open(dist / names[1]) as sdist:
        members = {m.name.split("/", 1)[1] for m in sdist.getmembers() if "/" in m.name}
    assert {"pyproject.toml", "README.md", "LICENSE", "server/goleash/__init__.py"} <= members


def test_installed_wheel_reports_its_version(venv: Path):
    where = run(
        [str(venv / "bin" / "python"), "-c", "import goleash; print(goleash.__file__)"],
        env=clean_env(venv),
        cwd=venv,
    )
    assert where.stdout.startswith(str(venv)), (
        f"goleash imported from outside the venv: {where.stdout}{where.stderr}"
    )
    done = run([str(venv / "bin" / "goleash"), "--version"], env=clean_env(venv), cwd=venv)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"goleash {__version__}"


def test_installed_wheel_checks_the_bundled_example_like_the_source_tree(
    venv: Path, tmp_path: Path
):
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    argv = ["check", "--format", "json", "examples"]
    installed = run([str(venv / "bin" / "goleash"), *argv], env=clean_env(venv), cwd=tmp_path)
    assert installed.returncode == 1, installed.stdout[-2000:] + installed.stderr[-2000:]
    findings = json.loads(installed.stdout)
    assert findings and all(re.fullmatch(r"GL\d{3}", f["code"]) for f in findings)
    assert {Path(f["path"]).parent.as_posix() for f in findings} == {"examples/shop"}
    # The same findings as this source tree gives: the wheel holds the whole engine.
    source = run([sys.executable, "-m", "goleash", *argv], cwd=tmp_path)
    assert findings == json.loads(source.stdout)


def test_installed_wheel_serves_lsp(venv: Path, tmp_path: Path):
    go_file = tmp_path / "workers.go"
    shutil.copy(REPO / "examples" / "shop" / "workers.go", go_file)
    uri = go_file.as_uri()
    client = StdioClient(
        [str(venv / "bin" / "goleash"), "serve"], env=clean_env(venv), cwd=tmp_path
    )
    try:
        init = client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": tmp_path.as_uri(),
                "capabilities": {},
                "initializationOptions": {"delay": 0},
            },
        )
        assert init["serverInfo"] == {"name": "goleash", "version": __version__}
        client.notify("initialized", {})
        client.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": "go",
                    "version": 1,
                    "text": go_file.read_text(),
                }
            },
        )
        published = client.wait_for(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and m["params"]["diagnostics"]
            )
        )
        diagnostic = published["params"]["diagnostics"][0]
        assert re.fullmatch(r"GL\d{3}", diagnostic["code"]) and diagnostic["source"] == "goleash"
        actions = client.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": uri},
                "range": diagnostic["range"],
                "context": {"diagnostics": [diagnostic], "only": ["quickfix"]},
            },
        )
        fixes = [a for a in actions if a.get("edit")]
        assert fixes and any(
            uri in (a["edit"].get("changes") or {}) or a["edit"].get("documentChanges")
            for a in fixes
        ), actions
    except BaseException:
        client.proc.kill()
        raise
    finally:
        status = client.close()
    assert status == 0, client.proc.stderr.read().decode()[-2000:] if client.proc.stderr else status
