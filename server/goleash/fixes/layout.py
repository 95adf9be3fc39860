"""Placing new Go statements so the result is already what gofmt would print.

gofmt indents with tabs, one per block level, and puts a statement that gets
longer than one line onto lines of its own: a one-line block such as
`go func() { ch <- v }()` must be opened up before a statement in it can become
a multi-line `select`. Everything here works on the original bytes and returns
`TextEdit`s; nothing is applied.
"""

from __future__ import annotations

from tree_sitter import Node

from goleash import gosyntax
from goleash.model import TextEdit
from goleash.source import SourceFile

TAB = "\t"


def indent_of(file: SourceFile, node: Node) -> str:
    """The indentation of the line where `node` starts; for a labeled statement, that
    of its block's statements (gofmt writes the label itself one level out)."""
    if node.type == "labeled_statement":
        holder = node.parent
        if holder is not None and holder.type == "statement_list":
            holder = holder.parent
        if holder is not None:
            return file.indent_of_line(holder.start_point[0]) + TAB
    return file.indent_of_line(node.start_point[0])


def line_end(file: SourceFile, row: int) -> int:
    """Byte offset of the end of line `row` (before its newline / carriage return)."""
    starts = file.line_starts
    end = starts[row + 1] - 1 if row + 1 < len(starts) else len(file.data)
    if end > starts[row] and file.data[end - 1 : end] == b"\r":
        end -= 1
    return end


def starts_line(file: SourceFile, node: Node) -> bool:
    row, col = node.start_point
    return not file.line_text(row)[:col].strip()


def rest_of_line(file: SourceFile, node: Node) -> bytes:
    """What follows `node` on its last line."""
    row, col = node.end_point
    return file.line_text(row)[col:]


def ends_line(file: SourceFile, node: Node) -> bool:
    """Nothing but blanks or a `//` comment follows `node` on its last line."""
    rest = rest_of_line(file, node).strip()
    return not rest or rest.startswith(b"//")


def alone_on_lines(file: SourceFile, node: Node) -> bool:
    return starts_line(file, node) and ends_line(file, node)


def reindent(lines: list[str], indent: str) -> str:
    """Join lines written relative to column 0, indenting each (blank lines stay empty)."""
    return "\n".join((indent + ln) if ln else "" for ln in lines)


def enclosing_block(stmt: Node) -> Node | None:
    """The `block` node (with braces) whose statement list holds `stmt`, or None."""
    parent = stmt.parent
    if parent is not None and parent.type == "statement_list":
        parent = parent.parent
    if parent is not None and parent.type == "block":
        return parent
    return None


def is_statement(node: Node) -> bool:
    parent = node.parent
    return parent is not None and (parent.type == "statement_list" or parent.type == "block")


def _one_line_block_edit(
    file: SourceFile, block: Node, replacements: dict[int, list[str]], after: dict[int, list[str]]
) -> TextEdit | None:
    """Open up a block written on one line, replacing / extending some of its statements."""
    if any(c.type == "comment" for c in gosyntax.walk(block)):
        return None  # moving comments around is not worth the risk
    base = indent_of(file, block)
    inner = base + TAB
    stmts = gosyntax.statements(block)
    if not stmts:
        return None
    out: list[str] = []
    for s in stmts:
        lines = replacements.get(s.id)
        if lines is None:
            if s.start_point[0] != s.end_point[0]:
                return None
            lines = [file.text(s)]
        out.extend(lines)
        out.extend(after.get(s.id, []))
    text = "{\n" + reindent(out, inner) + "\n" + base + "}"
    return TextEdit(block.start_byte, block.end_byte, text)


def replace_statement(
    file: SourceFile, stmt: Node, lines: list[str], comment_line: int = 0
) -> TextEdit | None:
    """Replace a statement by `lines` (relative indentation, tabs), keeping gofmt's layout.

    A comment trailing the statement moves to the end of `lines[comment_line]` (the
    line that still does what the statement did) rather than after the new block."""
    if alone_on_lines(file, stmt):
        indent = indent_of(file, stmt)
        end = stmt.end_byte
        comment = rest_of_line(file, stmt).strip()
        if comment:
            lines = list(lines)
            lines[comment_line] += " " + comment.decode("utf-8", "replace")
            end = line_end(file, stmt.end_point[0])
        text = reindent(lines, indent)
        return TextEdit(stmt.start_byte, end, text[len(indent) :])
    block = enclosing_block(stmt)
    if block is None or block.start_point[0] != block.end_point[0] or len(lines) == 1:
        if len(lines) == 1:
            return TextEdit(stmt.start_byte, stmt.end_byte, lines[0])
        return None
    return _one_line_block_edit(file, block, {stmt.id: lines}, {})


def relative_lines(file: SourceFile, stmt: Node, text: str | None = None) -> list[str] | None:
    """`stmt`'s lines (or `text`, a rewrite of them) with the statement's indentation
    taken off every line after the first, for `reindent` elsewhere; None when the
    statement holds a raw string over several lines, which re-indenting would change."""
    if any(
        n.type == "raw_string_literal" and "\n" in gosyntax.text(n)
        for n in gosyntax.walk(stmt, skip_functions=False)
    ):
        return None
    indent = indent_of(file, stmt)
    lines = (file.text(stmt) if text is None else text).split("\n")
    return [lines[0]] + [ln[len(indent) :] if ln.startswith(indent) else ln for ln in lines[1:]]


def insert_after_statement(file: SourceFile, stmt: Node, lines: list[str]) -> TextEdit | None:
    """New statements on lines of their own right after `stmt`, at its indentation."""
    if alone_on_lines(file, stmt):
        indent = indent_of(file, stmt)
        at = line_end(file, stmt.end_point[0])
        return TextEdit(at, at, "\n" + reindent(lines, indent))
    block = enclosing_block(stmt)
    if block is None or block.start_point[0] != block.end_point[0]:
        return None
    return _one_line_block_edit(file, block, {}, {stmt.id: lines})


def insert_before_statement(file: SourceFile, stmt: Node, lines: list[str]) -> TextEdit | None:
    """New statements on lines of their own right before `stmt`, at its indentation."""
    if not starts_line(file, stmt):
        block = enclosing_block(stmt)
        if block is None or block.start_point[0] != block.end_point[0]:
            return None
        return _one_line_block_edit(file, block, {stmt.id: [*lines, file.text(stmt)]}, {})
    indent = indent_of(file, stmt)
    # Comment lines right above the statement speak about it: stay next to it.
    first = stmt
    prev = stmt.prev_sibling
    while (
        prev is not None
        and prev.type == "comment"
        and prev.end_point[0] == first.start_point[0] - 1
        and starts_line(file, prev)
    ):
        first, prev = prev, prev.prev_sibling
    at = file.line_starts[first.start_point[0]]
    return TextEdit(at, at, reindent(lines, indent) + "\n")


def delete_statement(file: SourceFile, stmt: Node) -> TextEdit | None:
    """Remove a statement that sits alone on its line(s), line and all."""
    if not alone_on_lines(file, stmt) or rest_of_line(file, stmt).strip():
        return None
    start = file.line_starts[stmt.start_point[0]]
    end_row = stmt.end_point[0]
    end = file.line_starts[end_row + 1] if end_row + 1 < len(file.line_starts) else len(file.data)
    row = stmt.start_point[0]
    # Blank lines on both sides would become two in a row, which gofmt folds into one.
    if (
        row > 0
        and not file.line_text(row - 1).strip()
        and end_row + 1 < len(file.line_starts)
        and not file.line_text(end_row + 1).strip()
    ):
        end = (
            file.line_starts[end_row + 2] if end_row + 2 < len(file.line_starts) else len(file.data)
        )
    return TextEdit(start, end, "")
