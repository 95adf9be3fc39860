"""Checkstyle XML, which Jenkins (warnings-ng), reviewdog and many CI tools read.

`<checkstyle version="4.3">` holding one `<file name=...>` per file with
findings, each finding an `<error line column severity message source>`.
"""

from __future__ import annotations

from itertools import groupby
from typing import TextIO
from xml.etree import ElementTree as ET

from goleash.cli.formats import CheckOutput, relative_path, xml_document
from goleash.model import Severity

SEVERITIES = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "info",
    Severity.HINT: "info",
}


def build(out: CheckOutput) -> ET.Element:
    root = ET.Element("checkstyle", version="4.3")
    for path, findings in groupby(out.findings, key=lambda f: f.path):
        file = ET.SubElement(root, "file", name=relative_path(path, out.root))
        for f in findings:
            start, _ = out.positions.start_end(f.path, f.span)
            ET.SubElement(
                file,
                "error",
                line=str(start.line),
                column=str(start.column),
                severity=SEVERITIES[f.severity],
                message=f"{f.message} ({f.code})",
                source=f"goleash.{f.code}",
            )
    for e in out.errors:
        file = ET.SubElement(root, "file", name=relative_path(e.path, out.root))
        ET.SubElement(
            file, "error", line="1", severity="error", message=e.message, source="goleash.input"
        )
    return root


def render(out: CheckOutput, stream: TextIO) -> None:
    xml_document.write(build(out), stream)
