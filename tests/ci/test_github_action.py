"""The composite GitHub Action (action.yml): its shell steps run here as the runner runs them."""

from __future__ import annotations

import json
import sys

import pytest

from tests.cli.ci_shapes import parse_github
from tests.cli.sarif_shape import check_sarif

from .actions import Runner, default_inputs, load
from .conftest import LEAK, scratch_repo

pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="module")
def installed(project_repo, tmp_path_factory):
    """The install step, run once: goleash from the action's own checkout into a fresh venv."""
    action = load(project_repo / "action.yml")
    temp = tmp_path_factory.mktemp("runner-temp")
    workspace = tmp_path_factory.mktemp("workspace")
    runner = Runner(project_repo, workspace, temp, default_inputs(action, python=sys.executable))
    install = action["runs"]["steps"][:1]
    assert install[0]["name"] == "Install goleash"
    runner.run(install)
    step = next(iter(runner.steps.values()))
    assert step.returncode == 0, step.stdout + step.stderr
    assert step.stdout.strip().startswith("goleash ")
    [venv_bin] = runner.extra_path
    assert venv_bin.startswith(str(temp))  # the action's own venv, not the test's
    return action, runner.extra_path


def run_after_install(action, path, project_repo, workspace, temp, **inputs) -> Runner:
    runner = Runner(
        project_repo, workspace, temp, default_inputs(action, **inputs), extra_path=list(path)
    )
    runner.run(action["runs"]["steps"][1:])
    return runner


def test_a_leak_annotates_uploads_sarif_and_fails_the_job(installed, project_repo, tmp_path):
    action, path = installed
    work = scratch_repo(tmp_path / "work", {"svc/leak.go": LEAK, "clean/ok.go": "package ok\n"})
    runner = run_after_install(action, path, project_repo, work, tmp_path)
    check = runner.steps["check"]
    assert check.returncode == 0, check.stderr  # findings do not stop the SARIF upload
    assert check.outputs == {"exit-code": "1", "sarif-file": "goleash.sarif"}
    [note] = parse_github(check.stdout)
    assert (note["level"], note["file"], note["line"]) == ("warning", "svc/leak.go", "4")
    sarif = json.loads((work / "goleash.sarif").read_text())
    check_sarif(sarif)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["GL003"]
    upload = next(s for s in runner.steps.values() if s.name == "Upload SARIF to code scanning")
    assert upload.with_ == {"sarif_file": "goleash.sarif", "category": "goleash"}
    last = list(runner.steps.values())[-1]
    assert last.ran and last.returncode == 1 and "found goroutine leaks" in last.stderr


def test_inputs_paths_args_and_not_failing(installed, project_repo, tmp_path):
    action, path = installed
    work = scratch_repo(tmp_path / "work", {"a/leak.go": LEAK, "b/leak.go": LEAK})
    runner = run_after_install(
        action,
        path,
        project_repo,
        work,
        tmp_path,
        paths="a",
        args="--severity GL003=error",
        **{"sarif-file": "out/r.sarif"},
    )
    # out/ does not exist: a report that cannot be written is an error (2), and the job stops there.
    check = runner.steps["check"]
    assert check.returncode == 2 and "cannot write out/r.sarif" in check.stderr
    assert check.outputs == {"exit-code": "2"}  # no report, so nothing to upload
    assert [s.name for s in runner.steps.values() if s.ran or s.with_] == [
        "Check for goroutine leaks"
    ]
    (work / "out").mkdir()
    runner = run_after_install(
        action,
        path,
        project_repo,
        work,
        tmp_path,
        paths="a",
        args="--severity GL003=error",
        **{"sarif-file": "out/r.sarif", "fail-on-findings": "false", "upload-sarif": "false"},
    )
    check = runner.steps["check"]
    assert [(n["level"], n["file"]) for n in parse_github(check.stdout)] == [("error", "a/leak.go")]
    assert not any(s.with_ for s in runner.steps.values())  # no upload
    assert all(s.returncode == 0 for s in runner.steps.values() if s.ran)


def test_goleash_toml_in_the_repository_is_honoured(installed, project_repo, tmp_path):
    action, path = installed
    work = scratch_repo(
        tmp_path / "work", {"leak.go": LEAK, "goleash.toml": 'ignore = ["GL003"]\n'}
    )
    runner = run_after_install(action, path, project_repo, work, tmp_path)
    assert runner.steps["check"].outputs["exit-code"] == "0"
    assert runner.steps["check"].stdout == ""
    assert list(runner.steps.values())[-1].returncode == 0


def test_a_file_that_cannot_be_checked_fails_the_step_but_its_sarif_is_uploaded(
    installed, project_repo, tmp_path
):
    action, path = installed
    work = scratch_repo(tmp_path / "work", {"bad.go": "not go at all\n", "leak.go": LEAK})
    runner = run_after_install(action, path, project_repo, work, tmp_path)
    check = runner.steps["check"]
    assert check.returncode == 2 and check.outputs == {
        "exit-code": "2",
        "sarif-file": "goleash.sarif",
    }
    sarif = json.loads((work / "goleash.sarif").read_text())
    check_sarif(sarif)
    [invocation] = sarif["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    upload = next(s for s in runner.steps.values() if s.name == "Upload SARIF to code scanning")
    assert upload.with_["sarif_file"] == "goleash.sarif"
    assert not list(runner.steps.values())[-1].ran  # the job has already failed
