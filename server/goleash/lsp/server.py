"""The pygls server object: the session plus the plumbing every handler shares."""

from __future__ import annotations

import asyncio
import functools
import json
import logging

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from goleash import __version__
from goleash.engine import Cancelled, incomplete
from goleash.lsp.diagnostics import Debouncer, to_diagnostic, to_diagnostics
from goleash.lsp.positions import LineIndex
from goleash.lsp.protocol import GoleashProtocol
from goleash.lsp.runtime_evidence import RuntimeEvidence
from goleash.lsp.session import Result, Session
from goleash.lsp.uris import path_to_uri
from goleash.lsp.wire import WireDiagnostics
from goleash.lsp.worker import AnalysisWorker

log = logging.getLogger(__name__)


class GoleashServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "goleash",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=GoleashProtocol,
        )
        self.session = Session()
        self.initial_settings = None  # after initialize: what a null configuration answer means
        self.debouncer = Debouncer()
        self.worker = AnalysisWorker()  # analyses run here, off the protocol thread
        self.runtime = RuntimeEvidence()  # leaks seen by `go test` (lsp/run_tests.py)
        self._logged_notes: dict[str, set[str]] = {}
        self._diagnostic_cache: dict[str, dict] = {}
        self._wire_cache: dict[str, WireDiagnostics] = {}
        # The latest workspace/configuration request: only its answer is applied.
        self.configuration_generation = 0

    @property
    def wire(self) -> GoleashProtocol:
        """pygls' protocol object, as built with GoleashProtocol (lsp/protocol.py)."""
        assert isinstance(self.protocol, GoleashProtocol)
        return self.protocol

    # -- client capabilities ---------------------------------------------

    @property
    def uses_pull_diagnostics(self) -> bool:
        td = self.client_capabilities.text_document if self._has_caps() else None
        return bool(td is not None and td.diagnostic is not None)

    @property
    def can_refresh_diagnostics(self) -> bool:
        ws = self.client_capabilities.workspace if self._has_caps() else None
        return bool(
            ws is not None and ws.diagnostics is not None and ws.diagnostics.refresh_support
        )

    @property
    def versioned_edits(self) -> bool:
        ws = self.client_capabilities.workspace if self._has_caps() else None
        we = ws.workspace_edit if ws is not None else None
        return bool(we is not None and we.document_changes)

    @property
    def lazy_code_actions(self) -> bool:
        """Code actions go out without their edits, fetched by codeAction/resolve."""
        from goleash.lsp.code_actions import resolves_edits

        return self._has_caps() and resolves_edits(self.client_capabilities)

    def _has_caps(self) -> bool:
        try:
            return self.client_capabilities is not None
        except Exception:
            return False

    # -- logging to the client --------------------------------------------

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        log.info("%s", message)
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # not connected (yet): stderr has it
            pass

    def report_project_messages(self) -> None:
        """goleash.toml trouble (or its end) as a message the user sees, once each."""
        messages, self.session.project.messages = self.session.project.messages, []
        for text, is_error in messages:
            kind = types.MessageType.Warning if is_error else types.MessageType.Info
            self.log(text, kind)
            try:
                self.window_show_message(types.ShowMessageParams(type=kind, message=text))
            except Exception:  # not connected (yet): the log has it
                pass

    def log_notes(self, uri: str, result: Result) -> None:
        """Problems with the analysis itself go to the log once per distinct note, not as
        toasts. A note that part of the file was not analysed (a rule failed, a function
        was skipped: engine.IncompleteAnalysis) is a warning that says so, as `goleash
        check` does (where it exits 2): the diagnostics shown are not the whole story."""
        seen = self._logged_notes.setdefault(uri, set())
        partial = incomplete(result.report.notes)
        for note in result.report.notes:
            if note not in seen:
                seen.add(note)
                if note in partial:
                    self.log(f"not fully analysed: {note}", types.MessageType.Warning)
                else:
                    self.log(note, types.MessageType.Info)

    # -- diagnostics --------------------------------------------------------

    def index_for(self, path: str) -> LineIndex | None:
        uri = path_to_uri(path)
        doc = self.session.documents.get(uri)
        if doc is not None:
            return doc.index
        source = self.session.disk.load(path)
        return LineIndex(source.data, source.line_starts) if source is not None else None

    def diagnostics_for(self, uri: str, result: Result):
        doc = self.session.documents.get(uri)
        if doc is None or result.report.skipped:
            return []
        cache = self._diagnostic_cache.setdefault(uri, {})
        findings = self.runtime.apply(
            doc, result.report.findings
        )  # run-time evidence (lsp/run_tests.py)
        return self.runtime.mark(
            to_diagnostics(findings, doc.index, self.session.encoding, self.index_for, cache)
        )

    def check_and_publish(self, uri: str) -> None:
        """Push the current version's diagnostics now (its analysis is computed on this
        thread if it is not at hand): for evidence that changed the diagnostics, not the
        analysis. Edits go through `publish_current`, on the worker."""
        doc = self.session.documents.get(uri)
        if doc is None:
            return
        version = doc.version
        result = self.checked(uri)
        if result is None or result.data is not doc.data or self.uses_pull_diagnostics:
            return
        self.publish_result(uri, version, result)

    async def publish_current(self, uri: str) -> None:
        """Analyse the document's current version (on the worker) and push its
        diagnostics (push clients), unless the user typed on meanwhile."""
        doc = self.session.documents.get(uri)
        if doc is None:
            return
        version = doc.version
        result = await self.checked_async(uri)
        if result is None:
            return
        current = self.session.documents.get(uri)
        if current is None or current.version != version:
            return  # the user typed on: a newer check is already scheduled
        if self.uses_pull_diagnostics:
            return
        self.publish_result(uri, version, result)

    def publish_result(self, uri: str, version: int | None, result: Result) -> None:
        """Push the diagnostics of `result`: each finding's JSON text re-based from the
        last publish where it only moved, built only where it is new (goleash.lsp.wire)."""
        doc = self.session.documents.get(uri)
        if doc is None or result.report.skipped:
            self._send_diagnostics(uri, version, [], lambda: [])
            return
        findings = self.runtime.apply(doc, result.report.findings)  # run-time evidence
        encoding = self.session.encoding
        converter = self.wire.converter

        def build(f) -> dict:
            diagnostic = to_diagnostic(f, doc.index, encoding, self.index_for)
            return converter.unstructure(self.runtime.mark([diagnostic])[0])

        wire = self._wire_cache.setdefault(uri, WireDiagnostics())
        pieces = wire.pieces(findings, doc.index, encoding, path_to_uri, build)
        self._send_diagnostics(uri, version, pieces, lambda: self.diagnostics_for(uri, result))

    def publish(self, uri: str, version: int | None, diagnostics: list[types.Diagnostic]) -> None:
        """Push these diagnostics."""
        converter = self.wire.converter
        pieces = [json.dumps(converter.unstructure(d), separators=(",", ":")) for d in diagnostics]
        self._send_diagnostics(uri, version, pieces, lambda: diagnostics)

    def _send_diagnostics(
        self, uri: str, version: int | None, pieces: list[str], diagnostics
    ) -> None:
        """Write the notification from the diagnostics' JSON text, put together as it is:
        pygls' own notify would convert them all again. `diagnostics` makes them as
        lsprotocol objects, for pygls, when there is no transport to write to yet."""
        head = f'{{"uri":{json.dumps(uri)},' + (
            f'"version":{int(version)},' if version is not None else ""
        )
        body = (
            f'{{"jsonrpc":"2.0","method":"{types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS}",'
            f'"params":{head}"diagnostics":[{",".join(pieces)}]}}}}'
        ).encode()
        if not self.wire.send_serialised(body):  # not connected (yet): let pygls say so
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics(), version=version)
            )

    def checked(self, uri: str) -> Result | None:
        """The current version's analysis, computed on this thread; after the user's own
        edit, also re-check the open files of the package that may use what it changed."""
        return self._after_check(uri, self.session.result(uri))

    async def checked_async(self, uri: str) -> Result | None:
        """As `checked`, the analysis computed on the worker thread: the protocol thread
        answers other requests meanwhile."""
        result = None
        for _ in range(3):  # the user may type while it is computed: then the newer text
            result = self.session.fresh_result(uri)
            if result is None:
                doc = self.session.documents.get(uri)
                if doc is None:
                    return None
                try:
                    result = await self.worker.submit(
                        uri, self._analysis_job(doc.snapshot(), self.session.siblings(doc))
                    )
                except Cancelled:  # stopped for a newer version (or closed): that one, if any
                    result = None
                    continue
            current = self.session.documents.get(uri)
            if current is None:
                return None
            if result.data is current.data:
                break
        if result is None:
            return None
        return self._after_check(uri, result)

    def _analysis_job(self, snapshot, siblings):
        """The analysis of `snapshot`, for the worker thread; if it is stopped early
        (worker.cancel), the log says so."""
        loop = asyncio.get_running_loop()

        def job() -> Result:
            try:
                return self.session.result_of(snapshot, siblings)
            except Cancelled:
                loop.call_soon_threadsafe(
                    self.log,
                    f"{snapshot.path}: analysis of version {snapshot.version} stopped early: "
                    "the document changed or closed",
                )
                raise

        return job

    def cancel_analysis(self, uri: str) -> None:
        """The document changed or closed: an analysis of it that is waiting or running
        is of older text; stop it (goleash.lsp.worker)."""
        self.worker.cancel(uri)

    def _after_check(self, uri: str, result: Result | None) -> Result | None:
        if result is None:
            return None
        if self.session.heap.settle_due(result.whole_file, analysing=self.worker.busy()):
            # What a whole-file run built is long-lived: out of the collector's way
            # (goleash.lsp.heap), once its diagnostics are out (the answer or publish
            # that follows is written first), and no other analysis is running.
            try:
                asyncio.get_running_loop().call_soon(self.session.heap.settle)
            except RuntimeError:  # no event loop (called outside the server's): now
                self.session.heap.settle()
        self.report_project_messages()
        self.log_notes(uri, result)
        if uri in self.session.edited:
            self.session.edited.discard(uri)
            doc = self.session.documents.get(uri)
            if doc is not None:
                self.recheck_dependents(doc, self.session.touched_names(uri))
        return result

    def recheck_dependents(self, doc, names) -> None:
        # Dependents are re-checked without cascading further: their own
        # text did not change, so nothing of theirs changed for others.
        dependents = self.session.dependents(doc, names)
        for other in dependents:
            self.session.invalidate(other.uri, names, doc.path)
            if not self.uses_pull_diagnostics:
                self.debouncer.schedule(
                    other.uri,
                    self.session.settings.delay,
                    functools.partial(self.publish_current, other.uri),
                )
        if dependents:
            self.refresh_pulled()

    def recheck(self, uris: list[str]) -> None:
        """These documents' packages changed on disk: each again, from scratch."""
        for uri in uris:
            self.session.invalidate(uri)
            if not self.uses_pull_diagnostics:
                self.schedule_check(uri, 0)
        self.refresh_pulled()

    def clear_diagnostics(self, uri: str) -> None:
        self._logged_notes.pop(uri, None)
        self._diagnostic_cache.pop(uri, None)
        self._wire_cache.pop(uri, None)
        if self.uses_pull_diagnostics:
            return
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    def schedule_check(self, uri: str, delay_ms: int | None = None) -> None:
        if self.uses_pull_diagnostics:
            return  # the client pulls after each change itself
        delay = self.session.settings.delay if delay_ms is None else delay_ms
        self.debouncer.schedule(uri, delay, lambda: self.publish_current(uri))

    def recheck_all(self) -> None:
        """Settings or the package changed: every open document again, from scratch."""
        self.session.forget_results()
        if self.uses_pull_diagnostics:
            self.refresh_pulled()
            return
        for doc in self.session.documents:
            self.schedule_check(doc.uri, 0)

    def stop_background_work(self) -> None:
        self.worker.stop()

    def refresh_pulled(self) -> None:
        if self.uses_pull_diagnostics and self.can_refresh_diagnostics:
            try:
                self.workspace_diagnostic_refresh(None)
            except Exception:
                log.exception("workspace/diagnostic/refresh failed")


def create_server() -> GoleashServer:
    from goleash.lsp import code_actions, configuration, hover, pull, run_tests, sync, watched_files

    server = GoleashServer()
    for module in (configuration, watched_files, sync, pull, code_actions, hover, run_tests):
        module.register(server)
    return server
