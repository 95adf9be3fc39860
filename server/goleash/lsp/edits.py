"""Core text edits (bytes) as LSP workspace edits, checked before they are offered.

The bytes are applied and checked by the same code as `goleash fix`
(`goleash.fixes.edits`): a fix reaches the user only if every file it touches
still parses after it (when it parsed before). It goes out as versioned
`TextDocumentEdit`s when the client supports them, so an edit computed for an
older version is refused by the client instead of being applied to text it was
not made for. A fix may edit another file of the package: that file is a
`Target` too, an open document (with its version) or the text on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lsprotocol import types
from tree_sitter import Tree

from goleash.fixes.edits import EditError, apply_edits, by_file, still_parses
from goleash.lsp.documents import Document
from goleash.lsp.positions import LineIndex
from goleash.lsp.uris import path_to_uri
from goleash.model import TextEdit


@dataclass
class Target:
    """A file an edit changes, as the server knows it now."""

    uri: str
    version: int | None  # None: not open in the editor (its text is the disk's)
    data: bytes
    index: LineIndex
    tree: Tree | None = None  # the document's parse, when it has one

    @classmethod
    def of(cls, doc: Document) -> Target:
        return cls(doc.uri, doc.version, doc.data, doc.index, doc.tree)


# How the server finds another file of the package by path (None: not at hand, or no
# longer the text the fix was built on).
Resolver = Callable[[str], "Target | None"]


def no_other_files(path: str) -> Target | None:
    """The resolver of a caller that has no other file at hand."""
    return None


def targets_for(
    doc: Document, edits: list[TextEdit], others: Resolver = no_other_files
) -> dict[str, tuple[Target, list[TextEdit]]]:
    """The edits by file (the document's own first), each with its current text; {} when
    a file they name is not at hand."""
    out: dict[str, tuple[Target, list[TextEdit]]] = {}
    for path, mine in by_file(edits, doc.path).items():
        target = Target.of(doc) if path == doc.path else others(path)
        if target is None:
            return {}
        out[path] = (target, [TextEdit(e.start_byte, e.end_byte, e.new_text) for e in mine])
    return out


def keeps_parsing(doc: Document, edits: list[TextEdit], others: Resolver = no_other_files) -> bool:
    """False when the edits would turn a file that parses into one that does not, or do
    not fit the files they name (out of range, overlapping, a file not at hand)."""
    if doc.tree is None:
        return False
    targets = targets_for(doc, edits, others)
    if not targets:
        return False
    for target, mine in targets.values():
        try:
            # A fresh parse: code actions are rare next to keystrokes, and this keeps
            # the check independent of the incremental bookkeeping it guards.
            after = apply_edits(target.data, mine)
        except EditError:
            return False
        if not still_parses(target.data, after, target.tree):
            return False
    return True


def workspace_edit(
    doc: Document,
    edits: list[TextEdit],
    encoding: str,
    versioned: bool,
    others: Resolver = no_other_files,
) -> types.WorkspaceEdit | None:
    """The edits as one WorkspaceEdit: a TextDocumentEdit per file (versioned for open
    documents) when the client takes them, else a `changes` map; None when a file they
    name is not at hand."""
    targets = targets_for(doc, edits, others)
    if not targets:
        return None
    per_file = []
    for target, mine in targets.values():
        lsp_edits = [
            types.TextEdit(
                range=target.index.range(e.start_byte, e.end_byte, encoding), new_text=e.new_text
            )
            for e in sorted(mine, key=lambda e: (e.start_byte, e.end_byte))
        ]
        per_file.append((target, lsp_edits))
    if versioned and doc.version is not None:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(
                        uri=target.uri, version=target.version
                    ),
                    edits=lsp_edits,
                )
                for target, lsp_edits in per_file
            ]
        )
    return types.WorkspaceEdit(changes={target.uri: lsp_edits for target, lsp_edits in per_file})


def disk_target(path: str, data: bytes) -> Target:
    return Target(path_to_uri(path), None, data, LineIndex(data))
