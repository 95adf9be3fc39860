"""gofmt's alignment of trailing comments, redone around an edit.

gofmt lines up the `//` comments that end consecutive lines of one indentation:
each starts one space after the longest code of its block (widths in characters).
Inserting, deleting or reshaping a line inside such a block changes the block, so
the neighbours' padding must change too, or the file stops being gofmt-clean.
"""

from __future__ import annotations

from tree_sitter import Node, Tree

from goleash import parsing
from goleash.bytediff import common_prefix, common_suffix
from goleash.lineindex import LineIndex
from goleash.model import TextEdit


def _ends_a_spread_statement(tree: Tree, row: int, col: int) -> bool:
    """SPREAD_STATEMENTS_BREAK_BLOCKS: the code ending at (row, col) before a comment ends a
    statement that starts on an earlier line (`}()` closing a goroutine's literal).
    gofmt ends a block of aligned comments after such a statement: its comment and the
    next line's are aligned apart."""
    if col == 0:
        return False
    node: Node | None = tree.root_node.descendant_for_point_range((row, col - 1), (row, col - 1))
    while node is not None and node.parent is not None:
        parent = node.parent
        if parent.has_error:
            return False  # half-typed code: the window and the file may recover otherwise
        # The `}` or `)` closing a block or list belongs to what holds it.
        closing = not node.is_named and node == parent.children[-1]
        if parent.type in ("block", "statement_list") and not closing:
            return node.start_point[0] < row
        if parent.type == "source_file" and node.type.endswith("_statement"):
            return node.start_point[0] < row  # a window of a body, parsed alone
        if parent.type in _LIST_HOLDERS and not closing:
            return False  # a spec, field or element of a list: its lines align as one block
        node = parent
    return False


# Where the climb from a comment's code stops: the lists whose items align together.
_LIST_HOLDERS = frozenset(
    {
        "source_file",
        "var_spec_list",
        "const_declaration",
        "import_spec_list",
        "field_declaration_list",
        "method_spec_list",
        "literal_value",
        "argument_list",
        "parameter_list",
        "type_declaration",
    }
)


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

        def ends_spread(row: int) -> bool:
            code_end = len(lines[row][: comments[row][2]].rstrip(b" \t"))
            return _ends_a_spread_statement(tree, row, code_end)

        first = start
        while (
            first - 1 in comments
            and comments[first - 1][0] == indent
            and not ends_spread(first - 1)
        ):
            first -= 1
        last = start
        while last + 1 in comments and comments[last + 1][0] == indent and not ends_spread(last):
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
    data: bytes,
    edits: list[TextEdit],
    lines: LineIndex | None = None,
    tree: Tree | None = None,
) -> list[TextEdit]:
    """The edits, with those that disturb a block of aligned comments replaced by one
    edit over the changed lines that also re-aligns the block. Raises EditError for an
    edit whose alignment is not redone (ONE_LINE_RUNS).

    `lines` and `tree` are `data`'s line index and syntax tree, shared by every fix of a
    file. Each group of nearby edits is looked at in a window of lines around it, grown
    over the comment blocks that reach it and parsed alone: a file with many fixes is
    neither split into lines nor parsed once per fix."""
    from goleash.fixes.edits import validate

    ordered = validate(data, edits)
    if not ordered:
        return edits
    if lines is None:
        lines = LineIndex(data)
    refuse_reshaping_aligned_one_liners(data, ordered, lines)
    windows: list[_Window] = []
    for window in _groups(ordered, lines):
        if window.near_comment(data, lines):
            if tree is None:
                tree = parsing.parse(data)  # once, for every group
            window.grow(lines, tree)
        # A window grown over its neighbours' lines takes their edits in: each line is
        # aligned once, with every edit on it applied.
        while windows and window.first <= windows[-1].last + 1:
            window = windows.pop().merged(window)
            if window.commented:
                assert tree is not None  # parsed for the group that had a comment
                window.grow(lines, tree)
        windows.append(window)
    out: list[TextEdit] = []
    changed = False
    for window in windows:
        aligned = window.aligned(data, lines) if window.commented else None
        if aligned is None:
            out.extend(window.edits)
        else:
            out.append(aligned)
            changed = True
    return out if changed else edits


class _Window:
    """Whole lines first..last of a file around some of a fix's edits."""

    def __init__(self, first: int, last: int, edits: list[TextEdit]) -> None:
        self.first, self.last, self.edits = first, last, edits
        self.commented = False  # a comment is next to the edits

    def near_comment(self, data: bytes, lines: LineIndex) -> bool:
        """Is there a comment mark on the window's lines once edited? Without one there
        is nothing to align (and no need to parse)."""
        edited, _rows = _rows_touched(
            data, self.edits, lines.starts[self.first], _end_of_row(lines, self.last)
        )
        self.commented = b"//" in edited or b"/*" in edited
        return self.commented

    def merged(self, later: _Window) -> _Window:
        out = _Window(min(self.first, later.first), max(self.last, later.last), [])
        out.edits = [*self.edits, *later.edits]
        out.commented = self.commented or later.commented
        return out

    def grow(self, lines: LineIndex, tree: Tree) -> None:
        """Over every line that may end with a comment of a block reaching the window (a
        block runs over consecutive such lines), and so that it neither starts nor ends
        inside a string or comment spanning lines: parsed alone, the window's comments
        are the ones the whole file has."""
        last_line = len(lines.starts) - 1
        while True:
            while self.first > 0 and _may_end_with_comment(lines, tree, self.first - 1):
                self.first -= 1
            while self.last < last_line and _may_end_with_comment(lines, tree, self.last + 1):
                self.last += 1
            grown = False
            token = _token_across(tree, lines.starts[self.first])
            if token is not None:
                self.first = token.start_point[0]
                grown = True
            end = _end_of_row(lines, self.last)
            token = _token_across(tree, end) if end < len(lines.data) else None
            if token is not None:
                self.last = token.end_point[0]
                grown = True
            if not grown:
                return

    def aligned(self, data: bytes, lines: LineIndex) -> TextEdit | None:
        """One edit for the window's edits that also re-aligns the comment blocks next to
        them, or None when they need no change."""
        start = lines.starts[self.first]
        end = _end_of_row(lines, self.last)
        edited, rows = _rows_touched(data, self.edits, start, end)
        near_lines = edited.split(b"\n")
        near = {r + d for r in rows for d in (-1, 0, 1) if 0 <= r + d < len(near_lines)}
        if not any(b"//" in near_lines[r] or b"/*" in near_lines[r] for r in near):
            return None
        aligned = realign(edited, rows)
        if aligned == edited:
            return None
        # One edit from the first to the last differing line (whole lines: no split
        # characters). Outside the window the file is unchanged, and the window is whole
        # lines, so the window alone tells where the changed lines begin and end.
        original = data[start:end]
        prefix = common_prefix(original, aligned)
        prefix = original.rfind(b"\n", 0, prefix) + 1
        limit = min(len(original), len(aligned)) - prefix
        suffix = common_suffix(original, aligned, limit)
        end_old = len(original) - suffix
        nl = original.find(b"\n", end_old)
        end_old = len(original) if nl < 0 else nl
        end_new = end_old + (len(aligned) - len(original))
        return TextEdit(start + prefix, start + end_old, aligned[prefix:end_new].decode("utf-8"))


def _end_of_row(lines: LineIndex, row: int) -> int:
    """Where `row` ends, its newline included."""
    return lines.starts[row + 1] if row + 1 < len(lines.starts) else len(lines.data)


def _groups(ordered: list[TextEdit], lines: LineIndex) -> list[_Window]:
    """A window for each run of edits whose lines, with a neighbour above and below,
    touch or overlap."""
    last_line = len(lines.starts) - 1
    out: list[_Window] = []
    for e in ordered:
        first = max(lines.line_of(e.start_byte) - 1, 0)
        last = min(lines.line_of(e.end_byte) + 1, last_line)
        if out and first <= out[-1].last + 1:
            out[-1].last = max(out[-1].last, last)
            out[-1].edits.append(e)
        else:
            out.append(_Window(first, last, [e]))
    return out


def _may_end_with_comment(lines: LineIndex, tree: Tree, row: int) -> bool:
    """Could this line be one of a block of trailing comments? It has a comment mark, and
    is not a comment alone (a line starting with `//` outside a string)."""
    line = lines.line_text(row)
    if b"//" not in line and b"/*" not in line:
        return False
    return not (
        line.lstrip(b" \t").startswith(b"//") and _token_across(tree, lines.starts[row]) is None
    )


_SPANNING_TOKENS = frozenset(
    {"raw_string_literal", "interpreted_string_literal", "comment", "rune_literal"}
)


def _token_across(tree: Tree, byte: int) -> Node | None:
    """The string or comment that `byte` (a line start) is strictly inside, or None."""
    node: Node | None = tree.root_node.descendant_for_byte_range(byte, byte)
    # A token is a leaf or holds its content in a child: two steps up find it.
    for _ in range(3):
        if node is None:
            return None
        if node.type in _SPANNING_TOKENS and node.start_byte < byte < node.end_byte:
            return node
        node = node.parent
    return None
