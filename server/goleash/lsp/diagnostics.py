"""Findings as LSP diagnostics, and when to publish them.

Push: after open and change (debounced per document by an asyncio task; a
result for a version the user has since typed past is dropped) and on save.
Pull (`textDocument/diagnostic`): when the client says it supports it, the
client asks and the server answers from the same analysis; the server then
pushes nothing, so a diagnostic never shows twice, and asks the client to pull
again (`workspace/diagnostic/refresh`) when something other than the document
itself changed (settings, another file of the package).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable

from lsprotocol import types

from goleash.lsp.positions import LineIndex
from goleash.lsp.uris import path_to_uri
from goleash.model import Finding, Severity
from goleash.rules import get as get_rule

log = logging.getLogger(__name__)

SOURCE = "goleash"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}

IndexFor = Callable[[str], "LineIndex | None"]


def to_diagnostic(
    finding: Finding, index: LineIndex, encoding: str, index_for: IndexFor
) -> types.Diagnostic:
    span = finding.span
    rule = get_rule(finding.code)
    related = []
    for r in finding.related:
        other = index if r.location.path == finding.path else index_for(r.location.path)
        if other is None:
            continue  # a file that vanished since: say less rather than point wrong
        rs = r.location.span
        related.append(
            types.DiagnosticRelatedInformation(
                location=types.Location(
                    uri=path_to_uri(r.location.path),
                    range=other.range(rs.start_byte, rs.end_byte, encoding),
                ),
                message=r.message,
            )
        )
    return types.Diagnostic(
        range=index.range(span.start_byte, span.end_byte, encoding),
        message=finding.message,
        severity=_SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.code,
        code_description=types.CodeDescription(href=rule.url) if rule is not None else None,
        source=SOURCE,
        related_information=related or None,
    )


def to_diagnostics(
    findings, index: LineIndex, encoding: str, index_for: IndexFor, cache: dict | None = None
) -> list[types.Diagnostic]:
    """Diagnostics for `findings`; with `cache` (from the previous publish of the same
    document, refilled here) unchanged findings reuse their Diagnostic objects, which
    keeps a keystroke from rebuilding hundreds of them.

    The very Finding object of the last publish (the engine's incremental analysis
    hands back the same object for a finding nothing moved) is its Diagnostic at
    once; one that only moved is found by its rows, columns and the text before it."""
    if cache is None:
        return [to_diagnostic(f, index, encoding, index_for) for f in findings]
    previous_ids = cache.get("ids", {})
    previous_keys = cache.get("keys", {})
    ids: dict[int, tuple] = {}
    keys: dict[tuple, types.Diagnostic] = {}
    out = []
    for f in findings:
        hit = previous_ids.get(id(f))
        if hit is not None and hit[0] is f and hit[1] == encoding:
            d = hit[2]
            keys[hit[3]] = d
        else:
            key = (encoding, _key(f, index))
            d = previous_keys.get(key)
            if d is None:
                d = to_diagnostic(f, index, encoding, index_for)
            keys[key] = d
            hit = (f, encoding, d, key)
        ids[id(f)] = hit
        out.append(d)
    cache["ids"], cache["keys"] = ids, keys
    return out


def _key(f: Finding, index: LineIndex) -> tuple:
    """What a finding's Diagnostic depends on: rows, columns and the text before them
    (UTF-16 columns depend on it), not byte offsets, which shift with every edit above."""
    data = index.data

    def anchor(span):
        return (
            span.start,
            span.end,
            data[span.start_byte - span.start.column : span.start_byte],
            data[span.end_byte - span.end.column : span.end_byte],
        )

    related = tuple(
        (
            r.location.path,
            r.message,
            anchor(r.location.span) if r.location.path == f.path else r.location.span,
        )
        for r in f.related
    )
    return (f.code, f.message, f.severity, anchor(f.span), related)


class Debouncer:
    """One pending check per document; a newer request replaces the older one, also
    while the older one awaits its analysis (the job may be a coroutine)."""

    def __init__(self) -> None:
        self._tasks: dict[str, asyncio.Task] = {}

    def schedule(self, uri: str, delay_ms: int, job: Callable[[], object]) -> None:
        self.cancel(uri)
        loop = asyncio.get_running_loop()

        async def run() -> None:
            if delay_ms > 0:
                await asyncio.sleep(delay_ms / 1000)
            else:
                await asyncio.sleep(0)  # let a burst of changes already queued land first
            try:
                outcome = job()
                if inspect.isawaitable(outcome):
                    await outcome
            except asyncio.CancelledError:
                raise
            except Exception:  # logged, never fatal: the next edit tries again
                log.exception("diagnostics for %s failed", uri)
            finally:
                if self._tasks.get(uri) is task:
                    del self._tasks[uri]

        task = loop.create_task(run())
        self._tasks[uri] = task

    def cancel(self, uri: str) -> None:
        task = self._tasks.pop(uri, None)
        if task is not None and not task.done():
            task.cancel()
