"""Applying text edits: the one place that turns a fix's edits into new bytes.

Edits are byte ranges of the original source; they must not overlap (two
insertions at the same offset are allowed and kept in the order given), and
they must fall inside the source and on UTF-8 character boundaries. A bad set
of edits raises `EditError` rather than producing mangled text.
"""

from __future__ import annotations

from typing import Iterable

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
            raise EditError(f"edit {e.start_byte}..{e.end_byte} is outside the source (0..{len(data)})")
        if not (_is_boundary(data, e.start_byte) and _is_boundary(data, e.end_byte)):
            raise EditError(f"edit {e.start_byte}..{e.end_byte} splits a UTF-8 character")
        if e.start_byte < previous_end:
            raise EditError(f"edit {e.start_byte}..{e.end_byte} overlaps an earlier edit ending at {previous_end}")
        previous_end = e.end_byte
    return out


def apply_edits(data: bytes, edits: Iterable[TextEdit]) -> bytes:
    """The source with every edit applied (validated first; see `validate`)."""
    parts: list[bytes] = []
    cursor = 0
    for e in validate(data, edits):
        parts.append(data[cursor:e.start_byte])
        parts.append(e.new_text.encode("utf-8"))
        cursor = e.end_byte
    parts.append(data[cursor:])
    return b"".join(parts)


def overlaps(a: Iterable[TextEdit], b: Iterable[TextEdit]) -> bool:
    """Do two edit sets touch the same bytes (so they cannot be applied together)?"""
    for x in a:
        for y in b:
            if x.start_byte < y.end_byte and y.start_byte < x.end_byte:
                return True
            # Two insertions at one point, or an insertion at a replaced range's edge,
            # would depend on order: treat them as conflicting too.
            if x.start_byte == y.start_byte:
                return True
    return False
