"""Document synchronisation: open, change, save, close."""

from __future__ import annotations

from lsprotocol import types

from goleash.lsp.documents import Document
from goleash.lsp.settings import RUN_ON_SAVE


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        doc = Document.open(item.uri, item.text, item.version, item.language_id)
        ls.session.open(doc)
        if doc.tree is None:
            ls.log(
                f"{doc.path}: {len(doc.data)} bytes: too large to analyse; goleash leaves it alone",
                types.MessageType.Info,
            )
        ls.session.edited.add(doc.uri)
        ls.schedule_check(doc.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls, params: types.DidChangeTextDocumentParams) -> None:
        doc = ls.session.documents.get(params.text_document.uri)
        if doc is None:
            ls.log(f"didChange for a document that is not open: {params.text_document.uri}")
            return
        doc.apply(params.content_changes, params.text_document.version, ls.session.encoding)
        ls.cancel_analysis(doc.uri)
        if ls.session.settings.run == RUN_ON_SAVE:
            ls.debouncer.cancel(doc.uri)  # a pending check would describe older text
            return
        ls.session.edited.add(doc.uri)
        ls.schedule_check(doc.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls, params: types.DidSaveTextDocumentParams) -> None:
        doc = ls.session.documents.get(params.text_document.uri)
        if doc is None:
            return
        ls.session.disk.forget(doc.path)
        if ls.session.project.changed_on_disk():
            # A goleash.toml changed and no watcher told us: every document again.
            ls.report_project_messages()
            ls.recheck_all()
            return
        if ls.session.settings.run == RUN_ON_SAVE:
            ls.session.edited.add(doc.uri)
        ls.schedule_check(doc.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.debouncer.cancel(uri)
        ls.cancel_analysis(uri)
        doc = ls.session.documents.get(uri)
        ls.session.close(uri)
        ls.clear_diagnostics(uri)
        if doc is not None:
            # Its dependents now read the file from disk, which may differ.
            ls.recheck_dependents(doc, None)
