"""What the release workflow relies on stays true: one version number for the package, the
extension and the changelog, and a .vsix job for every platform the bundle script knows."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

from goleash import __version__

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / ".github" / "workflows" / "release.yml"


def bundle_targets() -> set[str]:
    spec = importlib.util.spec_from_file_location(
        "bundle_server", REPO / "clients" / "vscode" / "scripts" / "bundle_server.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return set(module.TARGETS)


def test_package_extension_and_changelog_share_the_version():
    extension = json.loads((REPO / "clients" / "vscode" / "package.json").read_text())
    assert extension["version"] == __version__
    assert re.search(
        rf"^## \[{re.escape(__version__)}\]", (REPO / "CHANGELOG.md").read_text(), re.MULTILINE
    )


def test_release_workflow_builds_a_vsix_for_every_bundle_target():
    text = WORKFLOW.read_text()
    m = re.search(r"^\s+target: \[([^\]]*)\]", text, re.MULTILINE)
    assert m, "no target matrix in the release workflow"
    assert {t.strip() for t in m.group(1).split(",")} == bundle_targets()
    assert re.search(r"^\s+tags: \[\"v\*\"\]", text, re.MULTILINE)
    assert "bash .ci/run" in text, "the release must run the same tests as CI"
