"""The "suppress GLxxx on this line" edit: `//goleash:ignore GLxxx` where gofmt keeps it.

At the end of the finding's line when that line has no comment of its own and no
neighbour with a trailing comment (gofmt aligns trailing comments of adjacent lines,
so adding one there would need re-aligning them). Otherwise on a line of its own just
above, at the line's indentation, where it covers the next line. An existing
`//goleash:ignore` on the line is extended with the new code instead.
"""

from __future__ import annotations

from tree_sitter import Node

from goleash import parsing
from goleash.fixes import layout
from goleash.fixes.common import guarded
from goleash.model import Finding, Fix, TextEdit
from goleash.source import SourceFile
from goleash.suppress import parse_directive


def _trailing_comment(file: SourceFile, row: int) -> Node | None:
    """The comment that ends line `row` after some code, if any."""
    start = file.line_starts[row] if row < len(file.line_starts) else len(file.data)
    end = layout.line_end(file, row) if row < len(file.line_starts) else start
    found = None
    for c in parsing.captures("(comment) @c", file.root, (start, end)).get("c", []):
        if c.start_point[0] == row and file.line_text(row)[: c.start_point[1]].strip():
            found = c
    return found


def _in_multiline_token(file: SourceFile, row: int) -> bool:
    """Does line `row` end inside a raw string or block comment (no comment can go there)?"""
    at = layout.line_end(file, row)
    node = file.root.descendant_for_byte_range(max(at - 1, 0), at)
    while node is not None:
        if (
            node.type in ("raw_string_literal", "comment")
            and node.start_point[0] != node.end_point[0]
        ):
            return bool(node.start_point[0] <= row < node.end_point[0])
        node = node.parent
    return False


@guarded
def suppression_edit(file: SourceFile, finding: Finding) -> TextEdit | None:
    """The edit that silences `finding` with `//goleash:ignore CODE`; None where no comment fits."""
    row = finding.span.start.row
    if row >= len(file.line_starts):
        return None
    code = finding.code
    existing = _trailing_comment(file, row)
    if existing is not None:
        ours = parse_directive(file.text(existing))
        if ours is not None and ours.dialect == "goleash" and ours.codes is not None:
            if code in ours.codes:
                return None
            at = existing.start_byte + ours.codes_end
            return TextEdit(at, at, f",{code}")
    if _in_multiline_token(file, row):
        return None
    neighbours = [r for r in (row - 1, row + 1) if 0 <= r < len(file.line_starts)]
    if existing is None and not any(_trailing_comment(file, r) for r in neighbours):
        at = layout.line_end(file, row)
        return TextEdit(at, at, f" //goleash:ignore {code}")
    if row > 0 and _in_multiline_token(file, row - 1):
        return None
    indent = file.indent_of_line(row)
    if file.line_text(row).strip()[:1] in (b"}", b")"):
        indent += "\t"  # gofmt indents a comment before a closing brace as part of the block
    at = file.line_starts[row]
    return TextEdit(at, at, f"{indent}//goleash:ignore {code}\n")


@guarded
def remove_suppression(file: SourceFile, finding: Finding) -> Fix | None:
    """Delete an unused suppression comment (GL100's finding), when it speaks only for
    goleash: `//nolint:goleash,errcheck` still matters to errcheck and stays."""
    from goleash.fixes.common import make_fix
    from goleash.model import Applicability

    start, end = finding.span.start_byte, finding.span.end_byte
    node = file.root.descendant_for_byte_range(start, end)
    if node is None or node.type != "comment" or (node.start_byte, node.end_byte) != (start, end):
        return None
    text = file.text(node)
    directive = parse_directive(text)
    if directive is None or not directive.only_goleash:
        return None
    row = node.start_point[0]
    line = file.line_text(row)
    before = line[: node.start_point[1]]
    if before.strip():  # trailing: drop it and the blanks before it
        cut = node.start_byte - (len(before) - len(before.rstrip(b" \t")))
        edit = TextEdit(cut, layout.line_end(file, row), "")
    else:  # a line of its own
        begin, nxt = _own_line(file, row)
        edit = TextEdit(begin, nxt, "")
    return make_fix(
        f"Remove the unused suppression `{text}`", [edit], Applicability.SAFE, file=file
    )


def _own_line(file: SourceFile, row: int) -> tuple[int, int]:
    """The bytes to delete with a comment alone on line `row`, leaving what gofmt would:
    at the end of the file, the blank lines before it go too (gofmt ends a file right
    after its last line); between two blank lines, one of them goes (gofmt keeps one)."""
    data = file.data
    begin = file.line_starts[row]
    nxt = file.line_starts[row + 1] if row + 1 < len(file.line_starts) else len(data)
    if not data[nxt:].strip():
        kept = len(data[:begin].rstrip())
        if kept == 0:
            return 0, len(data)
        return data.index(b"\n", kept) + 1, len(data)
    blank_before = row > 0 and not file.line_text(row - 1).strip()
    if blank_before and row + 1 < len(file.line_starts) and not file.line_text(row + 1).strip():
        after = file.line_starts[row + 2] if row + 2 < len(file.line_starts) else len(data)
        return begin, after
    return begin, nxt
