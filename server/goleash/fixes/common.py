"""What every fix builder needs: is this node ours to edit, and packaging a Fix."""

from __future__ import annotations

import functools
import logging

from goleash.model import Applicability, Fix, TextEdit
from goleash.source import SourceFile

log = logging.getLogger("goleash.fixes")


def guarded(builder):
    """A builder that fails offers no fix; it must never cost the finding it was asked for."""
    @functools.wraps(builder)
    def wrapper(*args, **kwargs):
        try:
            return builder(*args, **kwargs)
        except Exception:  # a bug here must not silence the rule that called us
            log.exception("fix builder %s failed", builder.__name__)
            return None

    return wrapper


def owns(file: SourceFile, node) -> bool:
    """Does `node` belong to `file`'s tree (and not to a sibling file of the package)?"""
    if node is None or node.end_byte > len(file.data):
        return False
    # The smallest node over that range, then up through its parents of the same extent or less.
    probe = file.root.descendant_for_byte_range(node.start_byte, node.end_byte)
    while probe is not None and probe.start_byte >= node.start_byte and probe.end_byte <= node.end_byte:
        if probe == node:
            return True
        probe = probe.parent
    return False


def editable(ctx, *nodes) -> bool:
    """Fixes are offered only in hand-written files, on nodes of the file being analysed."""
    file = ctx.file
    if file.is_generated:
        return False
    return all(owns(file, n) for n in nodes if n is not None)


def make_fix(title: str, edits, applicability: Applicability = Applicability.SAFE, preferred: bool = False,
             file: SourceFile | None = None) -> Fix | None:
    """A Fix from the edits that could be built; with `file`, neighbouring trailing
    comments are re-aligned the way gofmt would."""
    edits = [e for e in edits if e is not None]
    if not edits:
        return None
    if file is not None and b"\r\n" in file.data:
        # Keep a Windows file's line endings: our text is written with "\n".
        edits = [TextEdit(e.start_byte, e.end_byte, e.new_text.replace("\r\n", "\n").replace("\n", "\r\n")) for e in edits]
    if file is not None:
        from goleash.fixes.align import with_aligned_comments
        from goleash.fixes.edits import EditError

        try:
            edits = with_aligned_comments(file.data, edits)
        except EditError:
            return None
    return Fix(title, tuple(edits), applicability, preferred)


def insertion(at: int, text: str) -> TextEdit:
    return TextEdit(at, at, text)
