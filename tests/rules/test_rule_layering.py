"""Rules are reporters: they read the engine's public analysis and never reach into
another rule or into a module's private functions."""

from __future__ import annotations

import ast
from pathlib import Path

RULES = Path(__file__).resolve().parents[2] / "server" / "goleash" / "rules"


def _rule_modules() -> list[Path]:
    return sorted(p for p in RULES.glob("gl*.py"))


def test_no_rule_imports_another_rule_or_private_names():
    problems = []
    for path in _rule_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("goleash.rules.gl"):
                    problems.append(f"{path.name}: imports the rule {node.module}")
                for alias in node.names:
                    if (
                        alias.name.startswith("_")
                        and alias.name != "__future__"
                        and node.module != "goleash.rules"
                    ):
                        problems.append(
                            f"{path.name}: imports the private {node.module}.{alias.name}"
                        )
                    modules.add(alias.asname or alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("goleash.rules.gl"):
                        problems.append(f"{path.name}: imports the rule {alias.name}")
                    modules.add((alias.asname or alias.name).split(".")[0])
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name)
                and node.value.id in modules
            ):
                problems.append(
                    f"{path.name}:{node.lineno}: calls the private {node.value.id}.{node.attr}"
                )
    assert not problems, "\n".join(problems)


def test_the_check_catches_a_private_call(tmp_path, monkeypatch):
    bad = tmp_path / "gl999_bad.py"
    bad.write_text(
        "from goleash.analysis import paths\n\ndef check(ctx):\n    return paths._hidden(ctx)\n"
    )
    monkeypatch.setattr(f"{__name__}.RULES", tmp_path)
    try:
        test_no_rule_imports_another_rule_or_private_names()
    except AssertionError as e:
        assert "paths._hidden" in str(e)
    else:
        raise AssertionError("a private call went unnoticed")
