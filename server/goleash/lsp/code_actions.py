"""Code actions: a quick fix per fix of the findings in range, fix-all, suppress-on-this-line.

Built from the server's own analysis of the document's current version, so they
work when the client sends no diagnostics in the context (Neovim's
`code_action({context={diagnostics={}}})` does). Kinds are matched the LSP way,
hierarchically: asking for `source` includes `source.fixAll.goleash`. An
automatically triggered request (the lightbulb) gets quick fixes only.

Lazy edits: a client that can resolve a code action's `edit` (`codeAction/resolve`
with `resolveSupport` for `edit`) gets titles and kinds only; the edit, and the
check that the file still parses after it, are made when the user picks one. VS
Code asks for the lightbulb's actions on every cursor move, and most are never
applied. Other clients get every edit in the list. Both go through the same
`edit_for`, so the same action carries the same edit either way.

A fix may edit another file of the package too (the method that gives up is declared
there): its edit then changes several documents, each checked like the first, and
is offered only while that file's text is still the one the fix was built on.
Fix-all applies what one pass of `goleash fix` would (`fixes.choose_fixes`).
"""

from __future__ import annotations

import logging
import os

from lsprotocol import types

from goleash.fixes import choose_fixes, preferred_fix
from goleash.fixes.suppress_fixes import suppression_edit as shared_suppression_edit
from goleash.lsp.diagnostics import to_diagnostic
from goleash.lsp.documents import Document
from goleash.lsp.edits import Resolver, keeps_parsing, no_other_files, workspace_edit
from goleash.model import Applicability, Finding, Fix

log = logging.getLogger(__name__)

QUICKFIX = types.CodeActionKind.QuickFix.value
FIX_ALL = "source.fixAll.goleash"
FIX_ALL_TITLE = "goleash: fix all safely fixable leaks"

# What an action's `data` says it is: one fix of one finding, a suppression, fix-all.
FIX, SUPPRESS, ALL = "fix", "suppress", "fixAll"


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


def resolves_edits(capabilities) -> bool:
    """Can the client fetch an action's edit with codeAction/resolve?"""
    td = capabilities.text_document if capabilities is not None else None
    ca = td.code_action if td is not None else None
    if ca is None or ca.code_action_literal_support is None or ca.resolve_support is None:
        return False
    return "edit" in (ca.resolve_support.properties or [])


def register(server) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=True
        ),
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
        lazy = ls.lazy_code_actions
        # Fix-all's edit needs every fix of the file: built now only when it goes out now.
        whole_file = kind_wanted(FIX_ALL, ctx.only, automatic) and not lazy
        findings = ls.session.findings_with_fixes(
            doc, result.report.findings, (start, end), whole_file
        )
        actions = build_actions(
            doc,
            findings,
            (start, end),
            encoding=ls.session.encoding,
            versioned=ls.versioned_edits,
            only=ctx.only,
            automatic=automatic,
            index_for=ls.index_for,
            lazy=lazy,
            others=lambda path: ls.session.file_for_edit(doc, path),
        )
        return actions or None

    @server.feature(types.CODE_ACTION_RESOLVE)
    def resolve(ls, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        doc = ls.session.documents.get(data.get("uri", ""))
        if doc is None or doc.tree is None or action.edit is not None:
            return action
        if data.get("version") != doc.version:
            # Made for text the user has since changed: no edit rather than a wrong one.
            ls.log(
                f"goleash: code action {action.title!r} is for version {data.get('version')} of {doc.path}, now at {doc.version}"
            )
            return action
        result = ls.session.result(doc.uri)
        if result is None or result.report.skipped:
            return action
        what = data.get("what")
        if what == ALL:
            findings = ls.session.findings_with_fixes(
                doc, result.report.findings, (0, len(doc.data)), True
            )
        else:
            at = (data.get("start", -1), data.get("end", -1))
            findings = ls.session.findings_with_fixes(doc, result.report.findings, at, False)
        edit = edit_for(
            doc,
            findings,
            data,
            ls.session.encoding,
            ls.versioned_edits,
            lambda path: ls.session.file_for_edit(doc, path),
        )
        if edit is None:
            log.info("code action %r has no edit on this text", action.title)
            return action
        action.edit = edit
        return action


def _in_range(doc: Document, findings, byte_range) -> list[Finding]:
    start, end = byte_range
    return [
        f
        for f in findings
        if f.path == doc.path and f.span.start_byte <= end and f.span.end_byte >= start
    ]


def _data(
    doc: Document,
    what: str,
    finding: Finding | None = None,
    fix: int | None = None,
    title: str = "",
) -> dict:
    data: dict = {"uri": doc.uri, "version": doc.version, "what": what}
    if finding is not None:
        data.update(code=finding.code, start=finding.span.start_byte, end=finding.span.end_byte)
    if fix is not None:
        data.update(fix=fix, title=title)
    return data


def build_actions(
    doc: Document,
    findings: list[Finding],
    byte_range,
    encoding: str,
    versioned: bool,
    only=None,
    automatic=False,
    index_for=lambda p: None,
    lazy: bool = False,
    others: Resolver = no_other_files,
):
    """The actions for `byte_range`; with `lazy`, without their edits (see `edit_for`).
    `others` finds the package's other files a fix may edit."""
    actions: list[types.CodeAction] = []
    in_range = _in_range(doc, findings, byte_range)

    def offer(action: types.CodeAction) -> None:
        if not lazy:
            action.edit = edit_for(doc, findings, action.data, encoding, versioned, others)
            if action.edit is None:
                return
        actions.append(action)

    if kind_wanted(QUICKFIX, only, automatic):
        for f in in_range:
            diagnostic = to_diagnostic(f, doc.index, encoding, index_for)
            # The one `goleash fix` would apply (safe fixes only: a preferred action may
            # be applied without a look, e.g. VS Code's "auto fix").
            chosen = preferred_fix(f.fixes)
            for i, fix in enumerate(f.fixes):
                if fix.applicability is Applicability.DISPLAY_ONLY or not fix.edits:
                    continue
                if any(others(p) is None for p in fix.other_files(doc.path)):
                    continue  # another file it edits is not at hand, or changed since
                offer(
                    types.CodeAction(
                        title=fix_title(fix, doc.path),
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic],
                        is_preferred=(fix is chosen) or None,
                        data=_data(doc, FIX, f, i, fix.title),
                    )
                )
        seen: set[tuple[str, int]] = set()
        for f in in_range:
            key = (f.code, f.span.start.row)
            if key in seen:
                continue
            seen.add(key)
            offer(
                types.CodeAction(
                    title=f"Suppress {f.code} on this line",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[to_diagnostic(f, doc.index, encoding, index_for)],
                    data=_data(doc, SUPPRESS, f),
                )
            )
    mine = [f for f in findings if f.path == doc.path]
    if kind_wanted(FIX_ALL, only, automatic) and mine and (only is not None or in_range):
        offer(types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL, data=_data(doc, ALL)))
    return actions


def fix_title(fix: Fix, own: str = "") -> str:
    title = fix.title
    elsewhere = sorted(os.path.basename(p) for p in fix.other_files(own))
    if elsewhere:
        title += f" (edits {', '.join(elsewhere)})"
    return (
        title if fix.applicability is Applicability.SAFE else f"{title} (unsafe: changes behaviour)"
    )


def edit_for(
    doc: Document,
    findings: list[Finding],
    data,
    encoding: str,
    versioned: bool,
    others: Resolver = no_other_files,
) -> types.WorkspaceEdit | None:
    """The edit of the action `data` describes, on the current text of every file it
    touches; None when there is none or when a file would no longer parse after it."""
    data = data if isinstance(data, dict) else {}
    what = data.get("what")
    if what == ALL:
        edits = fix_all_edits(doc, findings, others)
        return workspace_edit(doc, edits, encoding, versioned, others) if edits else None
    finding = next(
        (
            f
            for f in findings
            if f.path == doc.path
            and f.code == data.get("code")
            and (f.span.start_byte, f.span.end_byte) == (data.get("start"), data.get("end"))
        ),
        None,
    )
    if finding is None:
        return None
    if what == SUPPRESS:
        # The same builder as `goleash fix` and the CLI: one place knows gofmt's comment rules.
        edit = shared_suppression_edit(doc.source(), finding)
        edits = [edit] if edit is not None else []
    elif what == FIX:
        i = data.get("fix")
        fix = finding.fixes[i] if isinstance(i, int) and 0 <= i < len(finding.fixes) else None
        if (
            fix is None
            or fix.title != data.get("title")
            or fix.applicability is Applicability.DISPLAY_ONLY
        ):
            return None
        edits = list(fix.edits)
    else:
        return None
    if not edits:
        return None
    if not keeps_parsing(doc, edits, others):
        log.warning(
            "not offering an edit for %s (%s): the result would not parse", finding.code, what
        )
        return None
    return workspace_edit(doc, edits, encoding, versioned, others)


def fix_all_edits(doc: Document, findings: list[Finding], others: Resolver = no_other_files):
    """The fixes one pass of `goleash fix` would apply to the document's findings (their
    preferred safe ones, chosen by the same `choose_fixes`); nothing when a file would
    not parse after them."""
    mine = [f for f in findings if f.path == doc.path]

    def at_hand(f: Finding, fix: Fix) -> bool:
        return all(others(p) is not None for p in fix.other_files(doc.path))

    edits = [e for _, fix in choose_fixes(mine, unsafe=False, usable=at_hand) for e in fix.edits]
    if not edits or not keeps_parsing(doc, edits, others):
        return []
    return edits
