"""The server's state: open documents, their analyses, settings, client capabilities."""

from __future__ import annotations

import itertools
import logging
import os
import threading
from dataclasses import dataclass, field

from goleash.engine import Cancelled, IncompleteAnalysis
from goleash.incremental import IncrementalAnalyzer, declaration_ranges, declared_functions, may_use
from goleash.lsp import settings as settings_mod
from goleash.lsp.documents import MAX_ANALYSIS_BYTES, Document, DocumentStore
from goleash.lsp.edits import Target, disk_target
from goleash.lsp.heap import Heap
from goleash.lsp.positions import UTF16
from goleash.lsp.project import ProjectState
from goleash.lsp.siblings import DiskCache, package_files
from goleash.model import FileReport

log = logging.getLogger(__name__)

_SERIALS = itertools.count(1)


@dataclass
class Result:
    version: int | None
    report: FileReport
    data: bytes  # the text the report is about (code actions check they still match)
    # Unique for the server's life: a pull's result id. (An object's id() is reused once the
    # object is freed, so a re-analysis after a settings change could look "unchanged".)
    serial: int = field(default_factory=lambda: next(_SERIALS))
    # The settings and package state it was computed under (Session._epoch): a result
    # from before a settings change or a sibling's edit is not current, whatever its version.
    epoch: tuple = ()
    # The whole file was analysed (opened, settings changed): what it built is long-lived.
    whole_file: bool = False


# How long a request on the protocol thread waits for the analysis thread to be done
# with the same document before it answers without it.
BUSY_WAIT_SECONDS = 1.0


class Session:
    def __init__(self) -> None:
        self.documents = DocumentStore()
        self.settings = settings_mod.DEFAULTS
        self.encoding = UTF16
        self.disk = DiskCache()
        self.heap = Heap()  # full garbage-collector passes after whole-file runs only
        self._analyzers: dict[str, IncrementalAnalyzer] = {}
        self._results: dict[str, Result] = {}
        # Per document: the text its fixes were built for, the findings with them, and
        # the text of each other file of the package the analysis read (a fix may edit
        # one; None: it read two different texts of it).
        self._fixed: dict[str, tuple[bytes, dict, dict[str, bytes | None]]] = {}
        # Documents the user changed since their last check: their check also
        # re-checks the package's other open files that may depend on them.
        self.edited: set[str] = set()
        # goleash.toml, exclude patterns and build constraints (goleash.lsp.project).
        self.project = ProjectState()
        # Analyses run on a worker thread (goleash.lsp.worker) while the protocol thread
        # reads and edits documents: one lock per document guards its analyzer, and
        # changes to an analyzer asked for meanwhile wait in `_deferred` until it is free.
        self._locks: dict[str, threading.RLock] = {}
        self._guard = threading.Lock()
        self._deferred: dict[str, list] = {}
        self._generation = 0  # every document: settings changed
        self._epochs: dict[str, int] = {}  # one document: reopened, or its package changed

    # -- settings ----------------------------------------------------------

    def update_settings(self, raw, base=None) -> list[str]:
        new, warnings = settings_mod.parse(raw, base or self.settings)
        try:
            new.engine_settings()  # only to find a severity the engine cannot take
        except (KeyError, ValueError) as exc:
            warnings.append(f"goleash settings: severity ignored ({exc}); using the defaults")
            new = settings_mod.ServerSettings(**{**new.__dict__, "severity": {}})
        self.settings = new
        self.project.set_editor(new)
        self.forget_results()
        return warnings

    def forget_results(self) -> None:
        self._generation += 1
        for uri in list(self._analyzers):
            self._defer(uri, lambda analyzer: analyzer.reset())
        self._results.clear()
        self._fixed.clear()

    # -- thread safety -------------------------------------------------------

    def _epoch(self, uri: str) -> tuple:
        return (self._generation, self._epochs.get(uri, 0))

    def _lock_for(self, uri: str) -> threading.RLock:
        with self._guard:
            lock = self._locks.get(uri)
            if lock is None:
                lock = self._locks[uri] = threading.RLock()
            return lock

    def _defer(self, uri: str, change) -> None:
        with self._guard:
            self._deferred.setdefault(uri, []).append(change)

    def _analyzer(self, uri: str) -> IncrementalAnalyzer:
        """The document's analyzer with the changes asked for applied (its lock held)."""
        analyzer = self._analyzers.get(uri)
        if analyzer is None:
            analyzer = IncrementalAnalyzer()
        with self._guard:
            changes = self._deferred.pop(uri, [])
        for change in changes:
            change(analyzer)
        return analyzer

    def _fresh(self, cached: Result | None, doc: Document) -> bool:
        return (
            cached is not None
            and cached.version == doc.version
            and cached.data is doc.data
            and cached.epoch == self._epoch(doc.uri)
        )

    # -- documents ---------------------------------------------------------

    def open(self, doc: Document) -> None:
        self.documents.put(doc)
        self._epochs[doc.uri] = self._epochs.get(doc.uri, 0) + 1
        self._analyzers[doc.uri] = IncrementalAnalyzer()
        self._results.pop(doc.uri, None)

    def close(self, uri: str) -> None:
        self.documents.remove(uri)
        self._epochs[uri] = self._epochs.get(uri, 0) + 1
        self._analyzers.pop(uri, None)
        self._results.pop(uri, None)
        self._fixed.pop(uri, None)
        with self._guard:
            self._deferred.pop(uri, None)

    def result(self, uri: str) -> Result | None:
        """The analysis of the document's current version (computed if needed), for the
        protocol thread. While the worker analyses this very document, it waits a little,
        then answers None (nothing to offer yet) rather than hold every other request, or
        hand over findings of older text."""
        doc = self.documents.get(uri)
        if doc is None:
            return None
        cached = self._results.get(uri)
        if self._fresh(cached, doc):
            return cached
        lock = self._lock_for(uri)
        if not lock.acquire(timeout=BUSY_WAIT_SECONDS):
            return None
        try:
            return self.result_of(doc.snapshot(), self.siblings(doc))
        finally:
            lock.release()

    def fresh_result(self, uri: str) -> Result | None:
        """The cached result when it is of the document's current version."""
        doc = self.documents.get(uri)
        cached = self._results.get(uri)
        return cached if doc is not None and self._fresh(cached, doc) else None

    def result_of(self, doc: Document, siblings) -> Result:
        """The analysis of `doc` (a snapshot taken on the protocol thread, with its
        siblings), computed if needed; from any thread."""
        with self._lock_for(doc.uri):
            cached = self._results.get(doc.uri)
            if cached is not None and self._fresh(cached, doc):
                return cached
            return self.check(doc, siblings)

    def skip_reason(self, doc: Document) -> str | None:
        if not self.settings.enable:
            return "disabled"
        if self.project.excluded(doc.path):
            return "excluded"
        if doc.tree is None:
            return f"{doc.path}: not analysed: {len(doc.data)} bytes is above the {MAX_ANALYSIS_BYTES}-byte limit"
        return None

    def check(self, doc: Document, siblings=None) -> Result:
        epoch = self._epoch(doc.uri)
        report = FileReport(doc.path)
        whole_file = False
        reason = self.skip_reason(doc)
        if reason is not None:
            report.skipped = True
            if reason not in ("disabled", "excluded"):
                report.notes.append(reason)
        else:
            with self._lock_for(doc.uri):
                analyzer = self._analyzer(doc.uri)
                try:
                    report = self.project.analyze(
                        doc.source(),
                        siblings if siblings is not None else self.siblings(doc),
                        analyzer.analyze,
                        analyzer.reset,
                    )
                except Cancelled:  # not wanted any more (goleash.lsp.worker): nothing to keep
                    raise
                except Exception as exc:  # never let one file take the server down
                    log.exception("analysis of %s failed", doc.path)
                    analyzer.reset()
                    report.notes.append(
                        IncompleteAnalysis(
                            f"{doc.path}: analysis failed ({type(exc).__name__}: {exc})", doc.path
                        )
                    )
                else:
                    whole_file = analyzer.last_run_was_full
        result = Result(doc.version, report, doc.data, epoch=epoch, whole_file=whole_file)
        if epoch == self._epoch(doc.uri) and doc.uri in self._analyzers:
            self._results[doc.uri] = result  # not when settings or the package changed meanwhile
        return result

    def findings_with_fixes(
        self, doc: Document, findings: list, byte_range, whole_file: bool
    ) -> list:
        """`findings` with their fixes built: for those in `byte_range`, or for all of them.

        Diagnostics are computed without fixes (building them costs more than the
        analysis); the lightbulb asks for them here, for the declarations involved only,
        and what is built is kept for this version of the document, so moving the cursor
        around (each move is a code action request) builds nothing again.
        """
        start, end = byte_range
        built = self._fixed.get(doc.uri)
        if built is None or built[0] is not doc.data or not self._others_unchanged(doc, built):
            built = self._fixed[doc.uri] = (doc.data, {}, {})
        cache, read = built[1], built[2]
        wanted = [
            f
            for f in findings
            if f.path == doc.path
            and (whole_file or (f.span.start_byte <= end and f.span.end_byte >= start))
        ]
        missing = [f for f in wanted if _key(f) not in cache]
        if missing:
            ranges = None
            if not whole_file:
                spans = [f.span for f in missing] + [
                    r.location.span
                    for f in missing
                    for r in f.related
                    if r.location.path == doc.path
                ]
                ranges = declaration_ranges(doc.source(), spans)
            siblings = self.siblings(doc)

            def recorded():
                files = siblings()
                for f in files:
                    if read.setdefault(f.path, f.data) != f.data:
                        read[f.path] = None
                return files

            lock = self._lock_for(doc.uri)
            if not lock.acquire(timeout=BUSY_WAIT_SECONDS):
                return findings  # being analysed: fixes are a convenience, asked again later
            try:
                analyzer = self._analyzer(doc.uri)
                report = self.project.build_fixes(
                    doc.source(), recorded, analyzer.with_fixes, ranges
                )
            except Exception:  # fixes are a convenience: the diagnostics stand without them
                log.exception("building fixes for %s failed", doc.path)
                return findings
            finally:
                lock.release()
            for f in report.findings:
                # Only the declarations checked have their fixes: the others' findings
                # come without and are built when asked about.
                if ranges is None or any(a <= f.span.start_byte < b for a, b in ranges):
                    cache.setdefault(_key(f), f)
            for f in missing:  # asked once: a finding without a fix is not asked again
                cache.setdefault(_key(f), f)
        return [cache.get(_key(f), f) for f in findings]

    def _others_unchanged(self, doc: Document, built) -> bool:
        """Do the other files that the built fixes edit still have the text they were built on?"""
        cache, read = built[1], built[2]
        edited = {
            e.path
            for f in cache.values()
            for fix in f.fixes
            for e in fix.edits
            if e.path is not None and e.path != doc.path
        }
        return all(self._current_text(path) == read.get(path) for path in edited)

    def _current_text(self, path: str) -> bytes | None:
        open_doc = next((d for d in self.documents if d.path == path), None)
        if open_doc is not None:
            return open_doc.data
        source = self.disk.load(path)
        return source.data if source is not None else None

    def file_for_edit(self, doc: Document, path: str) -> Target | None:
        """Another file of `doc`'s package that a fix of `doc` edits, as it is now: an
        open document or the disk's text. None when it is not at hand, or when it is
        no longer the text the fixes were built on (the edit would land elsewhere)."""
        built = self._fixed.get(doc.uri)
        if (
            built is None
            or built[0] is not doc.data
            or os.path.dirname(path) != os.path.dirname(doc.path)
        ):
            return None
        expected = built[2].get(path)
        if expected is None:
            return None
        open_doc = next((d for d in self.documents if d.path == path), None)
        target: Target | None
        if open_doc is not None:
            target = Target.of(open_doc)
        else:
            source = self.disk.load(path)
            target = disk_target(path, source.data) if source is not None else None
        if target is None or target.data != expected:
            return None
        return target

    def siblings(self, doc: Document):
        path = doc.path
        directory = os.path.dirname(path)
        open_sources = {
            d.path: d.source()
            for d in self.documents
            if d.tree is not None and os.path.dirname(d.path) == directory
        }
        return package_files(directory, open_sources, self.disk, path, self.project.roots)

    def dependents(self, doc: Document, names: frozenset[str] | None = None) -> list[Document]:
        """Other open documents of the same directory that may resolve a name `doc`
        declares, or whose findings point into `doc` (a goroutine there whose partner
        here changed)."""
        directory = os.path.dirname(doc.path)
        if names is None:
            names = declared_functions(doc.source()) if doc.tree is not None else frozenset()
        out = []
        for other in self.documents:
            if other.uri == doc.uri or os.path.dirname(other.path) != directory:
                continue
            if may_use(other.data, names) or self._points_into(other.uri, doc.path):
                out.append(other)
        return out

    def _points_into(self, uri: str, path: str) -> bool:
        shown = self._results.get(uri)
        findings = shown.report.findings if shown is not None else []
        return any(
            loc.path == path
            for f in findings
            for loc in (f.location, *(r.location for r in f.related))
        )

    def touched_names(self, uri: str) -> frozenset[str] | None:
        """Names the last analysis saw change (None: it re-ran the whole file)."""
        analyzer = self._analyzers.get(uri)
        return analyzer.touched_names if analyzer is not None else None

    def invalidate(self, uri: str, names=None, path: str | None = None) -> None:
        """Its package changed under it: the next check re-analyses what uses `names`
        (declarations another open file of the package, `path`, changed) and what
        points into `path`, or starts from scratch when which names is not known."""
        if uri in self._analyzers:
            self._defer(uri, lambda analyzer: analyzer.siblings_changed(names, path))
        self._epochs[uri] = self._epochs.get(uri, 0) + 1
        self._results.pop(uri, None)
        self._fixed.pop(uri, None)


def _key(f) -> tuple:
    return (f.code, f.span.start_byte, f.span.end_byte)
