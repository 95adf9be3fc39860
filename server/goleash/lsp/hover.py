"""Hover on a flagged range: the finding's message and its rule's documentation."""

from __future__ import annotations

from lsprotocol import types

from goleash.rules import get as get_rule
from goleash.runtime.rules import BY_CODE as RUNTIME_RULES


def register(server) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls, params: types.HoverParams):
        doc = ls.session.documents.get(params.text_document.uri)
        if doc is None or doc.tree is None:
            return None
        # Analysed on the worker thread: a long analysis of another document does not
        # hold this answer, nor this one the others.
        result = await ls.checked_async(doc.uri)
        doc = ls.session.documents.get(params.text_document.uri)
        if doc is None or result is None or result.report.skipped or result.data is not doc.data:
            return None
        byte = doc.index.offset(params.position, ls.session.encoding)
        findings = ls.runtime.apply(
            doc, result.report.findings
        )  # with run-time evidence (lsp/run_tests.py)
        hits = [
            f
            for f in findings
            if f.path == doc.path and f.span.start_byte <= byte <= f.span.end_byte
        ]
        if not hits:
            return None
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown, value=hover_markdown(hits)
            ),
            range=doc.index.range(
                hits[0].span.start_byte, hits[0].span.end_byte, ls.session.encoding
            ),
        )


def hover_markdown(findings) -> str:
    parts = []
    shown: set[str] = set()
    for f in findings:
        parts.append(f"**goleash {f.code}** ({f.name}): {f.message}")
        rule = get_rule(f.code) or RUNTIME_RULES.get(f.code)
        if rule is None or rule.code in shown:
            continue
        shown.add(rule.code)
        parts.append(rule.doc.strip())
        parts.append(f"[{rule.code} documentation]({rule.url})")
    return "\n\n".join(parts)
