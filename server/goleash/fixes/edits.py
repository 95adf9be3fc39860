"""Applying text edits: the one place that turns a fix's edits into new bytes.

Both drivers use it: `goleash fix` to write files, the language server to check
an edit before offering it. Edits are byte ranges of the original source of the
file they name (`TextEdit.path`, the finding's own file when None); within a
file they must not overlap (two insertions at the same offset are allowed and
kept in the order given), and they must fall inside the source and on UTF-8
character boundaries. A bad set of edits raises `EditError` rather than
producing mangled text. `still_parses` is the check every changed file must pass.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

from tree_sitter import Node, Tree

from goleash import parsing
from goleash.model import TextEdit


class EditError(ValueError):
    """The edits cannot be applied to this source as given."""


def _is_boundary(data: bytes, offset: int) -> bool:
    # A UTF-8 continuation byte is 0b10xxxxxx: an offset there splits a character.
    return offset == len(data) or (data[offset] & 0xC0) != 0x80


def validate(data: bytes, edits: Iterable[TextEdit]) -> list[TextEdit]:
    """The edits sorted by position; raises EditError when they are out of range or overlap."""
    ordered = sorted(enumerate(edits), key=lambda ie: (ie[1].start_byte, ie[1].end_byte, ie[0]))
    out = [e for _, e in ordered]
    previous_end = 0
    for e in out:
        if not 0 <= e.start_byte <= e.end_byte <= len(data):
            raise EditError(
                f"edit {e.start_byte}..{e.end_byte} is outside the source (0..{len(data)})"
            )
        if not (_is_boundary(data, e.start_byte) and _is_boundary(data, e.end_byte)):
            raise EditError(f"edit {e.start_byte}..{e.end_byte} splits a UTF-8 character")
        if e.start_byte < previous_end:
            raise EditError(
                f"edit {e.start_byte}..{e.end_byte} overlaps an earlier edit ending at {previous_end}"
            )
        previous_end = e.end_byte
    return out


def apply_edits(data: bytes, edits: Iterable[TextEdit], path: str | None = None) -> bytes:
    """One file's source with every edit applied (validated first; see `validate`).

    Every edit must be for this file: `path` is the file's own path (None for the
    finding's file, whose edits name no path). An edit for another file raises
    EditError instead of landing at the wrong place; see `apply_to_files`."""
    edits = list(edits)
    stray = [e for e in edits if e.path is not None and e.path != path]
    if stray:
        raise EditError(
            f"edit {stray[0].start_byte}..{stray[0].end_byte} is for {stray[0].path}, not this file"
        )
    parts: list[bytes] = []
    cursor = 0
    for e in validate(data, edits):
        parts.append(data[cursor : e.start_byte])
        parts.append(e.new_text.encode("utf-8"))
        cursor = e.end_byte
    parts.append(data[cursor:])
    return b"".join(parts)


def by_file(edits: Iterable[TextEdit], own: str) -> dict[str, list[TextEdit]]:
    """The edits grouped by the file they change, `own` (the finding's file) first."""
    out: dict[str, list[TextEdit]] = {}
    for e in edits:
        out.setdefault(e.target(own), []).append(e)
    if own in out:
        out = {own: out.pop(own), **out}
    return out


def apply_to_files(
    texts: Mapping[str, bytes], edits: Iterable[TextEdit], own: str
) -> dict[str, bytes]:
    """The new text of every file the edits change (`texts` maps path -> current source;
    `own` is the path edits without one belong to). Raises EditError when an edit is for
    a file not in `texts`, or does not fit its file."""
    out: dict[str, bytes] = {}
    for path, mine in by_file(edits, own).items():
        if path not in texts:
            raise EditError(f"the fix edits {path}, which is not at hand")
        out[path] = apply_edits(texts[path], [_own(e) for e in mine])
    return out


def _own(e: TextEdit) -> TextEdit:
    return e if e.path is None else TextEdit(e.start_byte, e.end_byte, e.new_text)


def overlaps(
    a: Iterable[TextEdit], b: Iterable[TextEdit], own_a: str = "", own_b: str = ""
) -> bool:
    """Do two edit sets touch the same bytes of the same file (so they cannot be applied
    together)? `own_a`/`own_b`: the file of the finding each set belongs to."""
    for x in a:
        for y in b:
            if x.target(own_a) != y.target(own_b):
                continue
            if x.start_byte < y.end_byte and y.start_byte < x.end_byte:
                return True
            # Two insertions at one point, or an insertion at a replaced range's edge,
            # would depend on order: treat them as conflicting too.
            if x.start_byte == y.start_byte:
                return True
    return False


def replace_same_bytes(edits: Iterable[TextEdit]) -> bool:
    """Do two edits of one file's set replace some of the same bytes? Edits that only meet,
    and insertions at one point, do not (a fix builder's check before it offers the set)."""
    spans = sorted((e.start_byte, e.end_byte) for e in edits)
    return any(a[1] > b[0] for a, b in itertools.pairwise(spans))


def still_parses(before: bytes, after: bytes, tree_before: Tree | None = None) -> bool:
    """May `after` replace `before`? Code that parsed must still parse; half-typed code
    (already with syntax errors) must not get more of them."""
    old = tree_before if tree_before is not None else parsing.parse(before)
    new = parsing.parse(after)
    if not new.root_node.has_error:
        return True
    if not old.root_node.has_error:
        return False
    return _error_count(new.root_node) <= _error_count(old.root_node)


def _error_count(node: Node) -> int:
    count = 0
    pending = [node]
    while pending:
        n = pending.pop()
        if n.type == "ERROR" or n.is_missing:
            count += 1
        if n.has_error:
            pending.extend(n.children)
    return count
