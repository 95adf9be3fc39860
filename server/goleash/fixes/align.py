"""gofmt's alignment of trailing comments, redone around an edit.

gofmt lines up the `//` comments that end consecutive lines of one indentation:
each starts one space after the longest code of its block (widths in characters).
Inserting, deleting or reshaping a line inside such a block changes the block, so
the neighbours' padding must change too, or the file stops being gofmt-clean.
"""

from __future__ import annotations

from tree_sitter import Tree

from goleash import parsing
from goleash.lineindex import LineIndex
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


def _rows_touched(
    data: bytes, ordered: list[TextEdit], start: int, end: int
) -> tuple[bytes, set[int]]:
    """`data[start:end]` with the edits (validated, in order, all within it) applied, and
    the rows of that text that the edits wrote or joined."""
    parts: list[bytes] = []
    rows: set[int] = set()
    cursor = start
    newlines = 0
    for e in ordered:
        chunk = data[cursor : e.start_byte]
        parts.append(chunk)
        newlines += chunk.count(b"\n")
        text = e.new_text.encode("utf-8")
        parts.append(text)
        rows.update(range(newlines, newlines + text.count(b"\n") + 1))
        newlines += text.count(b"\n")
        cursor = e.end_byte
    parts.append(data[cursor:end])
    return b"".join(parts), rows


def _one_line_function(line: bytes) -> bool:
    """Does this line hold a whole top-level function (`func ... { ... }`, a trailing
    comment allowed)? Read from the text as gofmt lays it out, without a parse."""
    if not line.startswith(b"func ") or b"{" not in line:
        return False
    code = line.split(b"//", 1)[0].rstrip()
    return code.endswith(b"}")


def refuse_reshaping_aligned_one_liners(
    data: bytes, edits: list[TextEdit], lines: LineIndex
) -> None:
    """Heuristic ONE_LINE_RUNS: gofmt lines up the bodies of consecutive one-line
    functions (`func (b *B) Stop()      { close(b.c) }`) and, through the same tabwriter
    cells, a comment after a `}` next to them. An edit that spreads one of them over
    several lines reshapes that alignment in ways not redone here, so it is refused
    (EditError): no fix rather than one that is not gofmt-clean."""
    from goleash.fixes.edits import EditError

    def line(row: int) -> bytes:
        if row < 0 or row >= len(lines.starts):
            return b""
        end = lines.starts[row + 1] if row + 1 < len(lines.starts) else len(data)
        return data[lines.starts[row] : end]

    for e in edits:
        if "\n" not in e.new_text:
            continue
        row = lines.line_of(e.start_byte)
        if _one_line_function(line(row)) and (
            _one_line_function(line(row - 1)) or _one_line_function(line(row + 1))
        ):
            raise EditError("the edit spreads a one-line function aligned with its neighbours")


def with_aligned_comments(
    data: bytes, edits: list[TextEdit], lines: LineIndex | None = None
) -> list[TextEdit]:
    """The edits, or, when they disturb a block of aligned comments, one edit over the
    changed lines that also re-aligns the block. Raises EditError for an edit whose
    alignment is not redone (ONE_LINE_RUNS).

    `lines` is `data`'s line index, shared by every fix of a file: most edits have no
    comment near them, and that is decided from the edited lines and their neighbours
    alone, so a file with many fixes is not split into lines once per fix."""
    from goleash.fixes.edits import validate

    ordered = validate(data, edits)
    if not ordered:
        return edits
    if lines is None:
        lines = LineIndex(data)
    refuse_reshaping_aligned_one_liners(data, ordered, lines)
    first_row = max(lines.line_of(ordered[0].start_byte) - 1, 0)
    last_row = min(lines.line_of(ordered[-1].end_byte) + 1, len(lines.starts) - 1)
    window_start = lines.starts[first_row]
    window_end = lines.starts[last_row + 1] if last_row + 1 < len(lines.starts) else len(data)
    edited_window, _rows = _rows_touched(
        data, ordered, window_start, window_end
    )  # the neighbours included
    if b"//" not in edited_window and b"/*" not in edited_window:
        return edits  # no comment nearby: nothing to align (and no need to parse)
    edited, rows = _rows_touched(data, ordered, 0, len(data))
    near_lines = edited.split(b"\n")
    near = {r + d for r in rows for d in (-1, 0, 1) if 0 <= r + d < len(near_lines)}
    if not any(b"//" in near_lines[r] or b"/*" in near_lines[r] for r in near):
        return edits
    aligned = realign(edited, rows)
    if aligned == edited:
        return edits
    # One edit from the first to the last differing line (whole lines: no split characters).
    prefix = _common_prefix(data, aligned)
    prefix = data.rfind(b"\n", 0, prefix) + 1
    limit = min(len(data), len(aligned)) - prefix
    suffix = _common_prefix(data[::-1][:limit], aligned[::-1][:limit])
    end_old = len(data) - suffix
    nl = data.find(b"\n", end_old)
    end_old = len(data) if nl < 0 else nl
    end_new = end_old + (len(aligned) - len(data))
    return [TextEdit(prefix, end_old, aligned[prefix:end_new].decode("utf-8"))]


def _common_prefix(a: bytes, b: bytes) -> int:
    """How many leading bytes `a` and `b` share, found by halving (each comparison is one
    C-level compare) rather than byte by byte in Python."""
    low, high = 0, min(len(a), len(b))
    left, right = memoryview(a), memoryview(b)
    while low < high:  # a[:low] == b[:low]; they differ within a[:high + 1]
        middle = (low + high + 1) // 2
        if left[low:middle] == right[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low
