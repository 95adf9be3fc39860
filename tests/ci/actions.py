"""Run a composite GitHub Action's shell steps locally, the way the runner does.

The runner gives each `run:` step `bash --noprofile --norc -eo pipefail`, files
for GITHUB_OUTPUT / GITHUB_PATH / GITHUB_ENV, and evaluates the `${{ }}`
expressions in `env:`, `with:` and `if:` before the step starts. We evaluate
the few forms an action may use here (inputs, github.action_path, step
outputs, always(), ==, &&, != ''); anything else fails the test, so the action
cannot quietly grow an expression this runner would get wrong. `uses:` steps
are not run; their evaluated `with:` is recorded for the test to inspect.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

_EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@dataclass
class StepResult:
    name: str
    ran: bool
    returncode: int = 0
    stdout: str = ""
    stderr: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    with_: dict[str, str] = field(default_factory=dict)


@dataclass
class Runner:
    action_path: Path
    workspace: Path
    temp: Path
    inputs: dict[str, str]
    extra_path: list[str] = field(default_factory=list)
    steps: dict[str, StepResult] = field(default_factory=dict)
    failed: bool = False

    def value(self, expr: str) -> str:
        expr = expr.strip()
        m = re.fullmatch(r"inputs\.([\w-]+)", expr)
        if m:
            return self.inputs[m.group(1)]
        if expr == "github.action_path":
            return str(self.action_path)
        if expr == "github.workspace":
            return str(self.workspace)
        m = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
        if m:
            step = self.steps.get(m.group(1))
            return step.outputs.get(m.group(2), "") if step else ""
        m = re.fullmatch(r"'([^']*)'", expr)
        if m:
            return m.group(1)
        raise AssertionError(f"expression this local runner does not know: {expr!r}")

    def substitute(self, text: str) -> str:
        return _EXPR.sub(lambda m: self.value(m.group(1)), str(text))

    def condition(self, cond: str | None) -> bool:
        if cond is None:
            return not self.failed  # success()
        cond = _EXPR.sub(lambda m: m.group(1), cond).strip()
        result = True
        for part in (p.strip() for p in cond.split("&&")):
            if part == "always()":
                continue
            if part == "success()":
                result &= not self.failed
                continue
            m = re.fullmatch(r"(.+?)\s*(==|!=)\s*(.+)", part)
            if not m:
                raise AssertionError(f"condition this local runner does not know: {part!r}")
            left, op, right = self.value(m.group(1)), m.group(2), self.value(m.group(3))
            result &= (left == right) if op == "==" else (left != right)
        return result

    def run(self, steps: list[dict]) -> None:
        for index, step in enumerate(steps):
            key = step.get("id", f"step{index}")
            name = step.get("name", key)
            if not self.condition(step.get("if")):
                self.steps[key] = StepResult(name, ran=False)
                continue
            if "uses" in step:
                with_ = {k: self.substitute(v) for k, v in (step.get("with") or {}).items()}
                self.steps[key] = StepResult(name, ran=False, with_=with_)
                continue
            assert step.get("shell") == "bash", f"{name}: composite run steps must name their shell"
            self.steps[key] = result = self._shell(name, step)
            if result.returncode != 0:
                self.failed = True

    def _shell(self, name: str, step: dict) -> StepResult:
        files = {
            n: self.temp / f"{n.lower()}-{len(self.steps)}"
            for n in ("GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_ENV")
        }
        for f in files.values():
            f.write_text("")
        script = self.temp / f"step-{len(self.steps)}.sh"
        # The script text is used as written: expressions belong in env:, not in run:.
        assert "${{" not in step["run"], f"{name}: put expressions in env:, not in the script"
        script.write_text(step["run"])
        env = dict(os.environ)
        env.update({k: self.substitute(v) for k, v in (step.get("env") or {}).items()})
        env.update({n: str(f) for n, f in files.items()})
        env.update(
            RUNNER_TEMP=str(self.temp),
            GITHUB_WORKSPACE=str(self.workspace),
            GITHUB_ACTIONS="true",
            CI="true",
        )
        env["PATH"] = os.pathsep.join([*self.extra_path, env.get("PATH", "")])
        p = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            stdin=subprocess.DEVNULL,
        )
        outputs = dict(
            line.split("=", 1)
            for line in files["GITHUB_OUTPUT"].read_text().splitlines()
            if "=" in line
        )
        self.extra_path = [
            line for line in files["GITHUB_PATH"].read_text().splitlines() if line
        ] + self.extra_path
        return StepResult(name, True, p.returncode, p.stdout, p.stderr, outputs)


def load(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        action = yaml.safe_load(fh)
    assert action["runs"]["using"] == "composite"
    return action


def default_inputs(action: dict, **given: str) -> dict[str, str]:
    inputs = {name: str(spec.get("default", "")) for name, spec in action.get("inputs", {}).items()}
    unknown = set(given) - set(inputs)
    assert not unknown, f"the action has no inputs {unknown}"
    inputs.update(given)
    return inputs
