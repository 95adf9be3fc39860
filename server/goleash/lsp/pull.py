"""Pull diagnostics: `textDocument/diagnostic`, answered from the session's analysis."""

from __future__ import annotations

from lsprotocol import types


def register(server) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_DIAGNOSTIC,
        types.DiagnosticOptions(
            identifier="goleash", inter_file_dependencies=True, workspace_diagnostics=False
        ),
    )
    async def diagnostic(ls, params: types.DocumentDiagnosticParams):
        uri = params.text_document.uri
        result = await ls.checked_async(uri)  # on the worker thread
        if result is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        result_id = f"{result.version}:{result.serial}:{ls.runtime.generation}"
        if params.previous_result_id is not None and params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(
            items=ls.diagnostics_for(uri, result), result_id=result_id
        )
