"""The documented shapes of the reports CI systems read, checked by hand.

- GitHub workflow commands: `::error|warning|notice file=,line=,endLine=,col=,endColumn=,title=::message`,
  with `%`, CR and LF escaped in the message and also `:` and `,` in properties.
- GitLab Code Quality: a JSON array of issues with description, check_name,
  fingerprint (unique), severity (info/minor/major/critical/blocker) and
  location.path (relative) + location.lines.begin.
- Checkstyle: <checkstyle version><file name><error line [column] severity message source>.
- JUnit: <testsuites> of <testsuite name tests failures errors> of <testcase name classname>
  with an optional <failure>/<error>; the counts agree with the children.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

GITHUB_LINE = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")
GITHUB_PROPERTIES = {"file", "line", "endLine", "col", "endColumn", "title"}
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
GITLAB_CATEGORIES = {
    "Bug Risk",
    "Clarity",
    "Compatibility",
    "Complexity",
    "Duplication",
    "Performance",
    "Security",
    "Style",
}
CHECKSTYLE_SEVERITIES = {"ignore", "info", "warning", "error"}


def _unescape(text: str) -> str:
    # Only these escapes exist; a stray % means the producer forgot one.
    assert re.fullmatch(r"(?:[^%]|%25|%0D|%0A|%3A|%2C)*", text), f"unescaped %: {text!r}"
    return (
        text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def parse_github(text: str) -> list[dict]:
    out = []
    for line in text.splitlines():
        m = GITHUB_LINE.match(line)
        assert m, f"not a workflow command: {line!r}"
        props = {}
        for item in (m.group(2) or "").split(","):
            if not item:
                continue
            key, sep, value = item.partition("=")
            assert sep and key in GITHUB_PROPERTIES, f"unknown property {key!r} in {line!r}"
            assert ":" not in value, f"unescaped ':' in property {key}"
            props[key] = _unescape(value)
        for key in ("line", "endLine", "col", "endColumn"):
            if key in props:
                assert props[key].isdigit() and int(props[key]) >= 1, f"{key}={props[key]}"
        if "endLine" in props:
            assert int(props["endLine"]) >= int(props["line"])
        if "file" in props:
            assert not props["file"].startswith(("/", "./")), "file= is relative to the workspace"
        out.append({"level": m.group(1), **props, "message": _unescape(m.group(3))})
    return out


def check_gitlab(report) -> None:
    assert isinstance(report, list)
    fingerprints = set()
    for issue in report:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"] not in fingerprints
        fingerprints.add(issue["fingerprint"])
        assert issue["severity"] in GITLAB_SEVERITIES
        assert issue.get("type", "issue") == "issue"
        assert set(issue.get("categories", [])) <= GITLAB_CATEGORIES
        loc = issue["location"]
        assert isinstance(loc["path"], str) and not loc["path"].startswith(("/", "./"))
        lines = loc["lines"]
        assert isinstance(lines["begin"], int) and lines["begin"] >= 1
        assert lines.get("end", lines["begin"]) >= lines["begin"]


def check_checkstyle(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(text.encode())
    assert root.tag == "checkstyle" and root.get("version")
    for file in root:
        assert file.tag == "file" and file.get("name")
        for error in file:
            assert error.tag == "error"
            assert int(error.get("line")) >= 1
            if error.get("column") is not None:
                assert int(error.get("column")) >= 1
            assert error.get("severity") in CHECKSTYLE_SEVERITIES
            assert error.get("message") and error.get("source")
    return root


def check_junit(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(text.encode())
    assert root.tag == "testsuites"
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for suite in root:
        assert suite.tag == "testsuite" and suite.get("name")
        cases = list(suite)
        assert all(c.tag == "testcase" and c.get("name") and c.get("classname") for c in cases)
        counted = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "errors": sum(1 for c in cases if c.find("error") is not None),
        }
        for key, n in counted.items():
            assert int(suite.get(key, "0")) == n, f"testsuite {suite.get('name')}: {key}"
            totals[key] += n
        for c in cases:
            for child in c:
                assert child.tag in ("failure", "error", "skipped", "system-out", "system-err")
    for key, n in totals.items():
        assert int(root.get(key, "0")) == n, f"testsuites: {key}"
    return root
