"""gofmt's alignment of trailing comments, redone around an edit.

gofmt lines up the `//` comments that end consecutive lines of one indentation:
each starts one space after the longest code of its block (widths in characters).
Inserting, deleting or reshaping a line inside such a block changes the block, so
the neighbours' padding must change too, or the file stops being gofmt-clean.
"""

from __future__ import annotations

from tree_sitter import Tree

from goleash import parsing
from goleash.model import TextEdit


def _trailing_comments(data: bytes, tree: Tree) -> dict[int, tuple[bytes, int, int]]:
    """row -> (indent, code width in characters, comment start column in bytes)."""
    lines = data.split(b"\n")
    out: dict[int, tuple[bytes, int, int]] = {}
    for c in parsing.captures("(comment) @c", tree.root_node).get("c", []):
        row, col = c.start_point
        if c.end_point[0] != row or row >= len(lines):
            continue
        line = lines[row]
        code = line[:col].rstrip(b" \t")
        if not code.strip() or line[c.end_point[1] :].strip():
            continue
        indent = line[: len(line) - len(line.lstrip(b"\t"))]
        width = len(code[len(indent) :].decode("utf-8", "replace"))
        out[row] = (indent, width, col)
    return out


def realign(data: bytes, rows: set[int]) -> bytes:
    """`data` with the comment blocks touching `rows` (or next to them) aligned as gofmt would."""
    tree = parsing.parse(data)
    comments = _trailing_comments(data, tree)
    lines = data.split(b"\n")
    near = {r + d for r in rows for d in (-1, 0, 1)}
    done: set[int] = set()
    for start in sorted(r for r in comments if r in near):
        if start in done:
            continue
        indent = comments[start][0]
        first = start
        while first - 1 in comments and comments[first - 1][0] == indent:
            first -= 1
        last = start
        while last + 1 in comments and comments[last + 1][0] == indent:
            last += 1
        block = range(first, last + 1)
        done.update(block)
        target = max(comments[r][1] for r in block) + 1
        for r in block:
            _, width, col = comments[r]
            line = lines[r]
            code = line[:col].rstrip(b" \t")
            lines[r] = code + b" " * (target - width) + line[col:]
    return b"\n".join(lines)


def _rows_touched(data: bytes, edits: list[TextEdit]) -> tuple[bytes, set[int]]:
    """The edited text and the rows (in it) that the edits wrote or joined."""
    from goleash.fixes.edits import validate

    parts: list[bytes] = []
    rows: set[int] = set()
    cursor = 0
    newlines = 0
    for e in validate(data, edits):
        chunk = data[cursor : e.start_byte]
        parts.append(chunk)
        newlines += chunk.count(b"\n")
        text = e.new_text.encode("utf-8")
        parts.append(text)
        rows.update(range(newlines, newlines + text.count(b"\n") + 1))
        newlines += text.count(b"\n")
        cursor = e.end_byte
    parts.append(data[cursor:])
    return b"".join(parts), rows


def _one_line_function_rows(data: bytes) -> set[int]:
    """Rows holding a whole top-level function declaration on one line."""
    tree = parsing.parse(data)
    return {
        d.start_point[0]
        for d in tree.root_node.named_children
        if d.type in ("function_declaration", "method_declaration")
        and d.start_point[0] == d.end_point[0]
    }


def refuse_reshaping_aligned_one_liners(data: bytes, edits: list[TextEdit]) -> None:
    """Heuristic ONE_LINE_RUNS: gofmt lines up the bodies of consecutive one-line
    functions (`func (b *B) Stop()      { close(b.c) }`) and, through the same tabwriter
    cells, a comment after a `}` next to them. An edit that spreads one of them over
    several lines reshapes that alignment in ways not redone here, so it is refused
    (EditError): no fix rather than one that is not gofmt-clean."""
    from goleash.fixes.edits import EditError

    if not any("\n" in e.new_text for e in edits) or b"\nfunc " not in data:
        return
    rows = _one_line_function_rows(data)
    for e in edits:
        if "\n" not in e.new_text:
            continue
        row = data.count(b"\n", 0, e.start_byte)
        if row in rows and (row - 1 in rows or row + 1 in rows):
            raise EditError("the edit spreads a one-line function aligned with its neighbours")


def with_aligned_comments(data: bytes, edits: list[TextEdit]) -> list[TextEdit]:
    """The edits, or, when they disturb a block of aligned comments, one edit over the
    changed lines that also re-aligns the block. Raises EditError for an edit whose
    alignment is not redone (ONE_LINE_RUNS)."""
    refuse_reshaping_aligned_one_liners(data, edits)
    edited, rows = _rows_touched(data, edits)
    lines = edited.split(b"\n")
    near = {r + d for r in rows for d in (-1, 0, 1) if 0 <= r + d < len(lines)}
    if not any(b"//" in lines[r] or b"/*" in lines[r] for r in near):
        return edits  # no comment nearby: nothing to align (and no need to parse)
    aligned = realign(edited, rows)
    if aligned == edited:
        return edits
    # One edit from the first to the last differing line (whole lines: no split characters).
    prefix = 0
    limit = min(len(data), len(aligned))
    while prefix < limit and data[prefix] == aligned[prefix]:
        prefix += 1
    prefix = data.rfind(b"\n", 0, prefix) + 1
    suffix = 0
    while (
        suffix < limit - prefix
        and data[len(data) - 1 - suffix] == aligned[len(aligned) - 1 - suffix]
    ):
        suffix += 1
    end_old = len(data) - suffix
    nl = data.find(b"\n", end_old)
    end_old = len(data) if nl < 0 else nl
    end_new = end_old + (len(aligned) - len(data))
    return [TextEdit(prefix, end_old, aligned[prefix:end_new].decode("utf-8"))]
