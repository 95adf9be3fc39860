"""SARIF 2.1.0, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

One run; `tool.driver.rules` lists every rule with its documentation so that
`ruleIndex` stays stable whatever was selected. URIs are relative to the run's
root (`--root`, default the current directory) through the `%SRCROOT%` base;
columns are UTF-16 code units, SARIF's default `columnKind`, declared anyway.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from goleash import __version__
from goleash.cli.formats import CheckOutput
from goleash.model import Finding, Location, Severity
from goleash.rules import ALL_RULES
from goleash.rules.base import DOCS_BASE_URL, Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
ROOT_ID = "%SRCROOT%"
INFORMATION_URI = DOCS_BASE_URL.split("/blob/")[0]

_LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
    Severity.HINT: "note",
}


def level(severity: Severity) -> str:
    return _LEVELS[severity]


def rule_descriptor(rule: Rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.section("What it does") or rule.summary},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "helpUri": rule.url,
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {"fixable": rule.fixable},
    }


class _Uris:
    def __init__(self, root: str) -> None:
        self.root = Path(root).resolve()

    def artifact(self, path: str) -> dict:
        absolute = Path(path).resolve()
        try:
            rel = absolute.relative_to(self.root)
        except ValueError:  # outside the root: only an absolute URI can name it
            return {"uri": absolute.as_uri()}
        return {"uri": quote(rel.as_posix()), "uriBaseId": ROOT_ID}

    def base(self) -> dict:
        return {ROOT_ID: {"uri": self.root.as_uri() + "/"}}


def _region(out: CheckOutput, loc: Location) -> dict:
    s, e = out.positions.start_end(loc.path, loc.span)
    return {
        "startLine": s.line,
        "startColumn": s.utf16_column,
        "endLine": e.line,
        "endColumn": e.utf16_column,
    }


def _physical(out: CheckOutput, uris: _Uris, loc: Location) -> dict:
    return {"artifactLocation": uris.artifact(loc.path), "region": _region(out, loc)}


def _fix(out: CheckOutput, uris: _Uris, f: Finding, fix) -> dict | None:
    # One artifactChange per file the fix edits, the finding's own file first.
    by_path: dict[str, list] = {f.path: []}
    for edit in fix.edits:
        path = edit.target(f.path)
        try:
            s, e = out.positions.of_bytes(path, edit.start_byte, edit.end_byte)
        except KeyError:
            return None
        by_path.setdefault(path, []).append(
            {
                "deletedRegion": {
                    "startLine": s.line,
                    "startColumn": s.utf16_column,
                    "endLine": e.line,
                    "endColumn": e.utf16_column,
                },
                "insertedContent": {"text": edit.new_text},
            }
        )
    return {
        "description": {"text": fix.title},
        "artifactChanges": [
            {"artifactLocation": uris.artifact(path), "replacements": replacements}
            for path, replacements in by_path.items()
            if replacements
        ],
    }


def _result(out: CheckOutput, uris: _Uris, indexes: dict[str, int], f: Finding) -> dict:
    result: dict = {"ruleId": f.code}
    if f.code in indexes:
        result["ruleIndex"] = indexes[f.code]
    result["level"] = level(f.severity)
    result["message"] = {"text": f.message}
    result["locations"] = [{"physicalLocation": _physical(out, uris, f.location)}]
    if f.related:
        result["relatedLocations"] = [
            {
                "id": i,
                "physicalLocation": _physical(out, uris, r.location),
                "message": {"text": r.message},
            }
            for i, r in enumerate(f.related, 1)
        ]
    fixes = [x for x in (_fix(out, uris, f, fix) for fix in f.fixes) if x is not None]
    if fixes:
        result["fixes"] = fixes
    if out.runtime is not None and f in out.runtime:
        result["properties"] = {"runtime": out.runtime[f].to_json()}
    return result


def build(out: CheckOutput) -> dict:
    uris = _Uris(out.root)
    rules = ALL_RULES + tuple(out.extra_rules)
    indexes = {r.code: i for i, r in enumerate(rules)}
    notifications = [
        {
            "level": "error",
            "message": {"text": e.message},
            "locations": [{"physicalLocation": {"artifactLocation": uris.artifact(e.path)}}],
        }
        for e in out.errors
    ]
    run = {
        "tool": {
            "driver": {
                "name": "goleash",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [rule_descriptor(r) for r in rules],
            }
        },
        "invocations": [
            {"executionSuccessful": not out.errors, "toolExecutionNotifications": notifications}
        ],
        "originalUriBaseIds": uris.base(),
        "columnKind": "utf16CodeUnits",
        "results": [_result(out, uris, indexes, f) for f in out.findings],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(out: CheckOutput, stream: TextIO) -> None:
    json.dump(build(out), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
