"""clients/vscode/scripts/bundle_server.py judges each dependency's environment markers by the
target platform and Python, not by the Python running it (which is what pip does)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "clients" / "vscode" / "scripts" / "bundle_server.py"


@pytest.fixture(scope="module")
def bundle():
    spec = importlib.util.spec_from_file_location("bundle_server", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def dist(site: Path, name: str, *requires: str) -> None:
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {name}",
        "Version: 1.0",
        *(f"Requires-Dist: {r}" for r in requires),
    ]
    (info / "METADATA").write_text("\n".join(lines) + "\n")


def test_missing_requirements_follow_the_target_markers(bundle, tmp_path: Path):
    dist(
        tmp_path,
        "cattrs",
        "attrs>=25",
        'exceptiongroup>=1.1.1; python_version < "3.11"',
        'colorama; sys_platform == "win32"',
        "pyyaml>=6; extra == 'pyyaml'",
    )
    dist(tmp_path, "attrs")
    linux, windows = bundle.TARGETS["linux-x64"], bundle.TARGETS["win32-x64"]
    assert bundle.missing(tmp_path, linux.markers("3.10")) == ["exceptiongroup>=1.1.1"]
    assert bundle.missing(tmp_path, linux.markers("3.12")) == []
    assert bundle.missing(tmp_path, windows.markers("3.12")) == ["colorama"]


def test_pins_name_every_installed_distribution(bundle, tmp_path: Path):
    dist(tmp_path, "tree_sitter")
    dist(tmp_path, "pygls")
    assert bundle.pins(tmp_path) == ["pygls==1.0", "tree_sitter==1.0"]


def test_an_unknown_target_is_refused_with_a_message(bundle, capsys):
    with pytest.raises(SystemExit) as exc:
        bundle.main(["--target", "plan9-mips"])
    assert exc.value.code == 2
    assert "invalid choice: 'plan9-mips'" in capsys.readouterr().err
