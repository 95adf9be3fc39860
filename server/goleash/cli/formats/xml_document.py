"""Writing an XML report (Checkstyle, JUnit): declaration, indented elements, final newline."""

from __future__ import annotations

from typing import TextIO
from xml.etree import ElementTree as ET


def write(root: ET.Element, stream: TextIO) -> None:
    tree = ET.ElementTree(root)
    ET.indent(tree)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    tree.write(stream, encoding="unicode")
    stream.write("\n")
