"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure, CircleCI).

One `<testsuite>` per checked file with findings, one failing `<testcase>` per
finding (classname the file, name the rule); a clean run is one passing test
case, so a report always has something to show. Counts on `<testsuites>` and
each `<testsuite>` are those of their children.
"""

from __future__ import annotations

from itertools import groupby
from typing import TextIO
from xml.etree import ElementTree as ET

from goleash.cli.formats import CheckOutput, relative_path, xml_document


def build(out: CheckOutput) -> ET.Element:
    suites = ET.Element("testsuites", name="goleash")
    total = failures = errors = 0
    for path, group in groupby(out.findings, key=lambda f: f.path):
        findings = list(group)
        shown = relative_path(path, out.root)
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=shown,
            tests=str(len(findings)),
            failures=str(len(findings)),
            errors="0",
            skipped="0",
        )
        for f in findings:
            start, _ = out.positions.start_end(f.path, f.span)
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"{f.code} {f.name} at line {start.line}",
                classname=shown,
                file=shown,
                line=str(start.line),
            )
            failure = ET.SubElement(case, "failure", message=f"{f.message} ({f.code})", type=f.code)
            failure.text = f"{shown}:{start.line}:{start.column}: {f.message} ({f.code})"
        total += len(findings)
        failures += len(findings)
    if out.errors:
        suite = ET.SubElement(
            suites,
            "testsuite",
            name="goleash input",
            tests=str(len(out.errors)),
            failures="0",
            errors=str(len(out.errors)),
            skipped="0",
        )
        for e in out.errors:
            shown = relative_path(e.path, out.root)
            case = ET.SubElement(suite, "testcase", name=f"check {shown}", classname=shown)
            ET.SubElement(case, "error", message=e.message, type="input").text = str(e)
        total += len(out.errors)
        errors += len(out.errors)
    if total == 0:
        suite = ET.SubElement(
            suites, "testsuite", name="goleash", tests="1", failures="0", errors="0", skipped="0"
        )
        ET.SubElement(suite, "testcase", name="no goroutine leaks found", classname="goleash")
        total = 1
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", str(errors))
    return suites


def render(out: CheckOutput, stream: TextIO) -> None:
    xml_document.write(build(out), stream)
