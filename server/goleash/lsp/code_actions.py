"""Code actions: a quick fix per fix of the findings in range, fix-all, suppress-on-this-line.

Built from the server's own analysis of the document's current version, so they
work when the client sends no diagnostics in the context (Neovim's
`code_action({context={diagnostics={}}})` does). Kinds are matched the LSP way,
hierarchically: asking for `source` includes `source.fixAll.goleash`. An
automatically triggered request (the lightbulb) gets quick fixes only.
"""

from __future__ import annotations

import logging

from lsprotocol import types

from goleash.fixes.suppress import suppression_edit as shared_suppression_edit
from goleash.lsp.diagnostics import to_diagnostic
from goleash.lsp.documents import Document
from goleash.lsp.edits import keeps_parsing, non_overlapping, workspace_edit
from goleash.model import Applicability, Finding, Fix

log = logging.getLogger(__name__)

QUICKFIX = types.CodeActionKind.QuickFix.value
FIX_ALL = "source.fixAll.goleash"
SUPPRESS_PREFIX = "//goleash:ignore"


def kind_wanted(kind: str, only, automatic: bool) -> bool:
    # The lightbulb (automatic, no `only`) gets quick fixes; an automatic request
    # that names a kind (VS Code's editor.codeActionsOnSave) gets what it names.
    if automatic and kind != QUICKFIX and not only:
        return False
    if not only:
        return True
    for o in only:
        o = getattr(o, "value", o)
        if kind == o or kind.startswith(o + "."):
            return True
    return False


def register(server) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=False),
    )
    def code_action(ls, params: types.CodeActionParams):
        doc = ls.session.documents.get(params.text_document.uri)
        if doc is None or doc.tree is None:
            return None
        result = ls.session.result(doc.uri)
        if result is None or result.report.skipped:
            return None
        ctx = params.context
        automatic = ctx.trigger_kind == types.CodeActionTriggerKind.Automatic
        start = doc.index.offset(params.range.start, ls.session.encoding)
        end = doc.index.offset(params.range.end, ls.session.encoding)
        start, end = min(start, end), max(start, end)
        whole_file = kind_wanted(FIX_ALL, ctx.only, automatic)
        findings = ls.session.findings_with_fixes(doc, result.report.findings, (start, end), whole_file)
        actions = build_actions(
            doc,
            findings,
            (start, end),
            encoding=ls.session.encoding,
            versioned=ls.versioned_edits,
            only=ctx.only,
            automatic=automatic,
            index_for=ls.index_for,
        )
        return actions or None


def build_actions(doc: Document, findings: list[Finding], byte_range, encoding: str, versioned: bool, only=None, automatic=False, index_for=lambda p: None):
    start, end = byte_range
    actions: list[types.CodeAction] = []
    in_range = [f for f in findings if f.path == doc.path and f.span.start_byte <= end and f.span.end_byte >= start]
    if kind_wanted(QUICKFIX, only, automatic):
        for f in in_range:
            diagnostic = to_diagnostic(f, doc.index, encoding, index_for)
            for fix in f.fixes:
                action = fix_action(doc, f, fix, diagnostic, encoding, versioned)
                if action is not None:
                    actions.append(action)
        seen: set[tuple[str, int]] = set()
        for f in in_range:
            key = (f.code, f.span.start.row)
            if key in seen:
                continue
            seen.add(key)
            action = suppress_action(doc, f, to_diagnostic(f, doc.index, encoding, index_for), encoding, versioned)
            if action is not None:
                actions.append(action)
    if kind_wanted(FIX_ALL, only, automatic) and not (only is None and not findings):
        action = fix_all_action(doc, findings, encoding, versioned)
        if action is not None and (only is not None or in_range):
            actions.append(action)
    return actions


def fix_action(doc: Document, finding: Finding, fix: Fix, diagnostic, encoding: str, versioned: bool):
    if fix.applicability is Applicability.DISPLAY_ONLY or not fix.edits:
        return None
    edits = list(fix.edits)
    if not keeps_parsing(doc, edits):
        log.warning("not offering %r for %s: the result would not parse", fix.title, finding.code)
        return None
    title = fix.title if fix.applicability is Applicability.SAFE else f"{fix.title} (unsafe: changes behaviour)"
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=bool(fix.preferred and fix.applicability is Applicability.SAFE) or None,
        edit=workspace_edit(doc, edits, encoding, versioned),
    )


def fix_all_action(doc: Document, findings: list[Finding], encoding: str, versioned: bool):
    safe = [e for f in findings if f.path == doc.path for fix in f.fixes if fix.applicability is Applicability.SAFE for e in _one_fix(f, fix)]
    edits = non_overlapping(safe)
    if not edits or not keeps_parsing(doc, edits):
        return None
    return types.CodeAction(
        title="goleash: fix all safely fixable leaks",
        kind=FIX_ALL,
        edit=workspace_edit(doc, edits, encoding, versioned),
    )


def _one_fix(finding: Finding, fix: Fix):
    # Only the first safe fix of a finding: alternatives must not be combined.
    safe = [x for x in finding.fixes if x.applicability is Applicability.SAFE and x.edits]
    return fix.edits if safe and safe[0] is fix else ()


def suppress_action(doc: Document, finding: Finding, diagnostic, encoding: str, versioned: bool):
    # The same builder as `goleash fix` and the CLI: one place knows gofmt's comment rules.
    edit = shared_suppression_edit(doc.source(), finding)
    if edit is None or not keeps_parsing(doc, [edit]):
        return None
    return types.CodeAction(
        title=f"Suppress {finding.code} on this line",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=workspace_edit(doc, [edit], encoding, versioned),
    )
