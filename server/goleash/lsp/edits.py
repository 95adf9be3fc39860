"""Core text edits (bytes) as LSP workspace edits, checked before they are offered.

A fix reaches the user only if the file still parses after it (when it parsed
before), and it goes out as a versioned `TextDocumentEdit` when the client
supports them, so an edit computed for an older version is refused by the
client instead of being applied to text it was not made for.
"""

from __future__ import annotations

from lsprotocol import types

from goleash import parsing
from goleash.lsp.documents import Document
from goleash.model import TextEdit


def non_overlapping(edits) -> list[TextEdit]:
    """Sorted edits, dropping any that overlaps one already kept (fix-all merges many fixes)."""
    kept: list[TextEdit] = []
    for e in sorted(set(edits), key=lambda e: (e.start_byte, e.end_byte)):
        if kept and e.start_byte < kept[-1].end_byte:
            continue
        if kept and e.start_byte == kept[-1].end_byte == e.end_byte == kept[-1].start_byte:
            continue  # two insertions at one place: their order would be a guess
        kept.append(e)
    return kept


def apply_to_bytes(data: bytes, edits: list[TextEdit]) -> bytes:
    out = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start_byte, e.end_byte)):
        out.append(data[pos:e.start_byte])
        out.append(e.new_text.encode("utf-8"))
        pos = e.end_byte
    out.append(data[pos:])
    return b"".join(out)


def keeps_parsing(doc: Document, edits: list[TextEdit]) -> bool:
    """False when the edits would turn a file that parses into one that does not."""
    if doc.tree is None:
        return False
    if any(e.start_byte < 0 or e.end_byte > len(doc.data) or e.start_byte > e.end_byte for e in edits):
        return False
    if doc.tree.root_node.has_error:
        # Half-typed code: judge only that the edits add no new error.
        before = _error_count(doc.tree.root_node)
    else:
        before = 0
    # A fresh parse: code actions are rare next to keystrokes, and this keeps
    # the check independent of the incremental bookkeeping it guards.
    new_tree = parsing.parse(apply_to_bytes(doc.data, edits))
    if not new_tree.root_node.has_error:
        return True
    return before > 0 and _error_count(new_tree.root_node) <= before


def _error_count(node) -> int:
    count = 0
    cursor = [node]
    while cursor:
        n = cursor.pop()
        if n.type == "ERROR" or n.is_missing:
            count += 1
        if n.has_error:
            cursor.extend(n.children)
    return count


def workspace_edit(doc: Document, edits: list[TextEdit], encoding: str, versioned: bool) -> types.WorkspaceEdit:
    lsp_edits = [
        types.TextEdit(range=doc.index.range(e.start_byte, e.end_byte, encoding), new_text=e.new_text)
        for e in sorted(edits, key=lambda e: (e.start_byte, e.end_byte))
    ]
    if versioned and doc.version is not None:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(uri=doc.uri, version=doc.version),
                    edits=lsp_edits,
                )
            ]
        )
    return types.WorkspaceEdit(changes={doc.uri: lsp_edits})
