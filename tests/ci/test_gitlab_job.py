"""The GitLab job documented in docs/ci.md: valid YAML, and its goleash command
writes the Code Quality and JUnit reports it declares as artifacts."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from tests.cli.ci_shapes import check_gitlab, check_junit

from .conftest import LEAK, ROOT


def documented_job() -> dict:
    text = (ROOT / "docs" / "ci.md").read_text()
    section = text.split("## GitLab CI", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1)
    return yaml.safe_load(block)["goleash"]


def test_the_documented_job_writes_the_reports_it_declares(tmp_path: Path):
    job = documented_job()
    reports = job["artifacts"]["reports"]
    assert job["artifacts"]["when"] == "always"  # the reports matter most when the job fails
    [command] = [line for line in job["script"] if line.startswith("goleash ")]
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "leak.go").write_text(LEAK)
    argv = shlex.split(command)
    p = subprocess.run(
        [sys.executable, "-m", "goleash", *argv[1:]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert p.returncode == 1, p.stderr
    assert "svc/leak.go:4:2: goroutine `leaky` blocks forever" in p.stdout
    quality = json.loads((tmp_path / reports["codequality"]).read_text())
    check_gitlab(quality)
    assert [(i["location"]["path"], i["check_name"]) for i in quality] == [("svc/leak.go", "GL003")]
    junit = check_junit((tmp_path / reports["junit"]).read_text())
    assert junit.get("failures") == "1"
