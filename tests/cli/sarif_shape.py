"""The parts of the SARIF 2.1.0 schema a consumer relies on, checked by hand.

The official JSON schema is not available offline, so this follows the spec's
required properties and the constraints GitHub code scanning enforces.
"""

from __future__ import annotations

from urllib.parse import urlparse

LEVELS = {"none", "note", "warning", "error"}
COLUMN_KINDS = {"utf16CodeUnits", "unicodeCodePoints"}


def _message(obj: dict, where: str) -> None:
    msg = obj.get("message")
    assert isinstance(msg, dict) and isinstance(msg.get("text"), str) and msg["text"], (
        f"{where}: message.text"
    )


def _region(region: dict, where: str) -> None:
    assert isinstance(region.get("startLine"), int) and region["startLine"] >= 1, (
        f"{where}: startLine"
    )
    assert region.get("startColumn", 1) >= 1, f"{where}: startColumn"
    end_line = region.get("endLine", region["startLine"])
    assert end_line >= region["startLine"], f"{where}: endLine before startLine"
    if end_line == region["startLine"] and "endColumn" in region:
        assert region["endColumn"] >= region.get("startColumn", 1), (
            f"{where}: endColumn before startColumn"
        )


def _artifact(loc: dict, base_ids: dict, where: str) -> None:
    uri = loc.get("uri")
    assert isinstance(uri, str) and uri, f"{where}: artifactLocation.uri"
    if "uriBaseId" in loc:
        assert loc["uriBaseId"] in base_ids, (
            f"{where}: uriBaseId {loc['uriBaseId']} not in originalUriBaseIds"
        )
        assert not urlparse(uri).scheme and not uri.startswith("/"), (
            f"{where}: relative uri expected, got {uri}"
        )
        assert ".." not in uri.split("/"), f"{where}: uri leaves its base: {uri}"
    else:
        assert urlparse(uri).scheme == "file", (
            f"{where}: an absolute URI is needed without uriBaseId"
        )


def _physical(phys: dict, base_ids: dict, where: str) -> None:
    _artifact(phys["artifactLocation"], base_ids, where)
    if "region" in phys:
        _region(phys["region"], where)


def check_sarif(log: dict) -> None:
    assert log.get("version") == "2.1.0"
    assert isinstance(log.get("$schema"), str)
    runs = log.get("runs")
    assert isinstance(runs, list) and len(runs) == 1
    run = runs[0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "goleash"
    assert driver.get("version") and urlparse(driver.get("informationUri", "")).scheme == "https"
    assert run.get("columnKind", "utf16CodeUnits") in COLUMN_KINDS
    base_ids = run.get("originalUriBaseIds", {})
    for name, base in base_ids.items():
        parsed = urlparse(base["uri"])
        assert parsed.scheme == "file" and base["uri"].endswith("/"), f"originalUriBaseIds.{name}"
    rules = driver.get("rules", [])
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)), "rule ids must be unique"
    for r in rules:
        where = f"rule {r.get('id')}"
        for key in ("id", "name", "helpUri"):
            assert isinstance(r.get(key), str) and r[key], f"{where}: {key}"
        for key in ("shortDescription", "fullDescription"):
            assert isinstance(r[key].get("text"), str) and r[key]["text"], f"{where}: {key}.text"
        assert r["help"].get("text") and r["help"].get("markdown"), f"{where}: help"
        assert r["defaultConfiguration"]["level"] in LEVELS, f"{where}: defaultConfiguration.level"
    for inv in run.get("invocations", []):
        assert isinstance(inv["executionSuccessful"], bool)
        for note in inv.get("toolExecutionNotifications", []):
            _message(note, "notification")
    for i, res in enumerate(run["results"]):
        where = f"result {i}"
        assert isinstance(res.get("ruleId"), str)
        if "ruleIndex" in res:
            assert rules[res["ruleIndex"]]["id"] == res["ruleId"], (
                f"{where}: ruleIndex points at another rule"
            )
        assert res.get("level", "warning") in LEVELS
        _message(res, where)
        assert res["locations"], f"{where}: locations"
        for loc in res["locations"]:
            _physical(loc["physicalLocation"], base_ids, where)
        related_ids = set()
        for rel in res.get("relatedLocations", []):
            assert isinstance(rel["id"], int) and rel["id"] not in related_ids, (
                f"{where}: related ids unique"
            )
            related_ids.add(rel["id"])
            _message(rel, f"{where} related")
            _physical(rel["physicalLocation"], base_ids, f"{where} related")
        for fix in res.get("fixes", []):
            _message({"message": fix["description"]}, f"{where} fix")
            assert fix["artifactChanges"], f"{where}: fix without artifactChanges"
            for change in fix["artifactChanges"]:
                _artifact(change["artifactLocation"], base_ids, f"{where} fix")
                assert change["replacements"], f"{where}: fix without replacements"
                for rep in change["replacements"]:
                    _region(rep["deletedRegion"], f"{where} fix")
