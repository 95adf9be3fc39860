"""The server is a driver: it calls the engine's public API and does no analysis itself.

A copy of the engine's loop, a private engine function called from the server, or
line numbers read back out of a message's text is how the editor and `goleash fix`
drifted apart before; this reads the server's modules and says where.
"""

from __future__ import annotations

import ast
from pathlib import Path

import goleash.lsp

LSP = Path(goleash.lsp.__file__).parent
# The analysis itself: the server reaches it only through the engine's API.
ANALYSIS = ("goleash.analysis", "goleash.rules.base", "goleash.gosyntax", "goleash.suppress")


def _modules():
    for path in sorted(LSP.glob("*.py")):
        yield path, ast.parse(path.read_text(), str(path))


def test_the_server_imports_nothing_private_and_no_analysis_module():
    problems = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("goleash")
                and not node.module.startswith("goleash.lsp")
            ):
                if node.module.startswith(ANALYSIS):
                    problems.append(f"{path.name}:{node.lineno}: imports {node.module}")
                problems.extend(
                    f"{path.name}:{node.lineno}: imports private {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                )
            if isinstance(node, ast.Import):
                problems.extend(
                    f"{path.name}:{node.lineno}: imports {a.name}"
                    for a in node.names
                    if a.name.startswith(ANALYSIS)
                )
    assert problems == []


def test_the_server_calls_no_private_function_of_the_engine():
    engine_modules = {"engine", "incremental", "gomod", "parsing", "fixes"}
    problems = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in engine_modules
                and node.attr.startswith("_")
            ):
                problems.append(f"{path.name}:{node.lineno}: {node.value.id}.{node.attr}")
    assert problems == []


def test_the_server_reads_no_text_out_of_messages():
    # Line numbers, codes and names come with a finding as data: no regular
    # expression in the server, where a message would be the only text to parse.
    problems = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import) and any(a.name == "re" for a in node.names):
                problems.append(f"{path.name}:{node.lineno}: import re")
            if isinstance(node, ast.ImportFrom) and node.module == "re":
                problems.append(f"{path.name}:{node.lineno}: from re import ...")
    assert problems == []


def test_the_server_walks_no_syntax_tree():
    # The tree is parsed and kept here (documents.py) and checked for errors after a fix
    # (edits.py), but what is declared where is the engine's to say.
    walking = {
        "children",
        "named_children",
        "child_by_field_name",
        "start_point",
        "end_point",
        "descendant_for_byte_range",
    }
    counting_errors = {("edits.py", "children")}  # is the file still free of syntax errors?
    problems = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in walking
                and (path.name, node.attr) not in counting_errors
            ):
                problems.append(f"{path.name}:{node.lineno}: .{node.attr}")
    assert problems == []
