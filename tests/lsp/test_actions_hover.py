"""Code actions and hover, end to end, plus the fix-to-edit conversion as a unit."""

from __future__ import annotations

import pytest
from lsprotocol import types

from goleash.engine import analyze
from goleash.fixes import apply_edits
from goleash.fixes.suppress_fixes import suppression_edit
from goleash.lsp.code_actions import FIX_ALL, build_actions, kind_wanted
from goleash.lsp.documents import Document
from goleash.lsp.positions import UTF8, UTF16
from goleash.model import Applicability, Fix, TextEdit
from goleash.source import SourceFile
from tests.lsp.helpers import LEAKY, diagnostics, open_doc, start

pytestmark = pytest.mark.timeout(30)


def _apply(text: str, edit: types.WorkspaceEdit, uri: str) -> str:
    """Apply a workspace edit the way a client would (edits in UTF-16 or UTF-8 units)."""
    if edit.document_changes:
        edits = edit.document_changes[0].edits
    else:
        edits = edit.changes[uri]
    lines = text.split("\n")
    for e in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        s, t = e.range.start, e.range.end
        before = (
            "\n".join(lines[: s.line]) + ("\n" if s.line else "") + lines[s.line][: s.character]
        )
        after = (
            lines[t.line][t.character :]
            + ("\n" if t.line + 1 < len(lines) else "")
            + "\n".join(lines[t.line + 1 :])
        )
        text = before + e.new_text + after
        lines = text.split("\n")
    return text


async def _actions(client, uri, rng, only=None, diags=(), trigger=None, resolve=True):
    """The code actions for `rng`, each resolved (as an editor does before applying it)
    when it came without its edit."""
    actions = (
        await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=rng,
                context=types.CodeActionContext(
                    diagnostics=list(diags), only=only, trigger_kind=trigger
                ),
            )
        )
        or []
    )
    if not resolve:
        return actions
    return [a if a.edit is not None else await client.code_action_resolve_async(a) for a in actions]


async def test_suppress_action_without_context_diagnostics(client):
    await start(client)
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    diags = await diagnostics(client, uri, 1)
    actions = await _actions(client, uri, diags[0].range)  # no diagnostics in the context
    titles = [a.title for a in actions]
    assert "Suppress GL003 on this line" in titles
    suppress = next(a for a in actions if a.title == "Suppress GL003 on this line")
    assert suppress.kind == types.CodeActionKind.QuickFix
    if client.client_name == "visual-studio-code":
        change = suppress.edit.document_changes[0]
        assert change.text_document.version == 1  # versioned: a stale edit is refused
    quickfixes = [
        a for a in actions if a is not suppress and a.kind == types.CodeActionKind.QuickFix
    ]
    assert quickfixes and all(
        a.diagnostics and a.diagnostics[0].code == "GL003" for a in quickfixes
    )
    fixed = _apply(LEAKY, suppress.edit, uri)
    assert "\tv := <-ch //goleash:ignore GL003\n" in fixed
    assert analyze(SourceFile("x.go", fixed.encode())).findings == []


async def test_only_source_kinds_exclude_quickfixes_and_automatic_trigger_offers_quickfixes(client):
    await start(client)
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    diags = await diagnostics(client, uri, 1)
    source = await _actions(client, uri, diags[0].range, only=[types.CodeActionKind.Source])
    assert source and all(a.kind == FIX_ALL for a in source)
    # The fix builders' safe fix for this leak, through fix-all: the leak is gone
    # and the result still parses.
    fixed = _apply(LEAKY, source[0].edit, uri)
    after = analyze(SourceFile("x.go", fixed.encode()))
    assert after.findings == [] and not SourceFile("x.go", fixed.encode()).root.has_error
    auto = await _actions(
        client, uri, diags[0].range, trigger=types.CodeActionTriggerKind.Automatic
    )
    assert auto and all(a.kind == types.CodeActionKind.QuickFix for a in auto)
    away = types.Range(
        start=types.Position(line=0, character=0), end=types.Position(line=0, character=3)
    )
    assert await _actions(client, uri, away) == []


async def test_hover_shows_rule_documentation(client):
    await start(client)
    uri = open_doc(client, client.tmp_path / "leaky.go", LEAKY)
    diags = await diagnostics(client, uri, 1)
    pos = types.Position(
        line=diags[0].range.start.line, character=diags[0].range.start.character + 2
    )
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos)
    )
    assert hover.contents.kind == types.MarkupKind.Markdown
    assert "GL003" in hover.contents.value and "## Why is this bad?" in hover.contents.value
    assert hover.range == diags[0].range
    nothing = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=0, character=1),
        )
    )
    assert nothing is None


# -- the conversion, as a unit: a finding with fixes -------------------------

SRC = "package main\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 1 }() // 😋é\n}\n"


def _finding_with_fixes():
    file = SourceFile("/tmp/u.go", SRC.encode())
    report = analyze(file)
    assert report.findings, "the fixture must leak"
    f = report.findings[0]
    at = SRC.encode().index(b"make(chan int)") + len(b"make(chan int")
    buffered = Fix(
        "Give `ch` a buffer of 1", (TextEdit(at, at, ", 1"),), Applicability.UNSAFE, False
    )
    close_it = Fix(
        "Close it",
        (TextEdit(len(SRC.encode()) - 2, len(SRC.encode()) - 2, "\tclose(ch)\n"),),
        Applicability.SAFE,
        True,
    )
    broken = Fix("Break it", (TextEdit(0, 7, "pack{"),), Applicability.SAFE, False)
    from dataclasses import replace

    return replace(f, fixes=(buffered, close_it, broken))


@pytest.mark.parametrize("encoding", [UTF16, UTF8])
def test_fix_conversion_marks_preferred_drops_unparsable_and_offers_fix_all(encoding):
    f = _finding_with_fixes()
    doc = Document.open("file:///tmp/u.go", SRC, 7)
    actions = build_actions(
        doc, [f], (f.span.start_byte, f.span.end_byte), encoding, versioned=True
    )
    by_title = {a.title: a for a in actions}
    assert "Break it" not in by_title  # would not parse: never offered
    assert by_title["Close it"].is_preferred is True
    unsafe = by_title["Give `ch` a buffer of 1 (unsafe: changes behaviour)"]
    assert not unsafe.is_preferred
    edit = unsafe.edit.document_changes[0]
    assert edit.text_document.version == 7
    line = SRC.split("\n")[3]
    col = line.index("make(chan int)") + len("make(chan int")
    assert edit.edits[0].range.start == types.Position(
        line=3, character=col
    )  # ASCII before it: same in both
    fix_all = [a for a in actions if a.kind == FIX_ALL]
    assert len(fix_all) == 1
    new = apply_edits(
        doc.data, [TextEdit(len(SRC.encode()) - 2, len(SRC.encode()) - 2, "\tclose(ch)\n")]
    )
    assert b"close(ch)" in new and b", 1" not in new
    assert [e.new_text for e in fix_all[0].edit.document_changes[0].edits] == ["\tclose(ch)\n"]


def test_suppression_joins_an_existing_one_and_goes_above_a_commented_line():
    f = _finding_with_fixes()
    doc = Document.open("file:///tmp/u.go", SRC, 1)
    edit = suppression_edit(doc.source(), f)
    # The flagged line already ends in a comment: the suppression goes above it.
    row = f.span.start.row
    new = apply_edits(doc.data, [edit]).decode()
    assert row == 4
    assert new.split("\n")[row] == f"\t//goleash:ignore {f.code}"
    assert [x.code for x in analyze(SourceFile("x.go", new.encode())).findings] == []
    again = Document.open("file:///tmp/u.go", SRC.replace("// 😋é", "//goleash:ignore GL999"), 1)
    joined = apply_edits(again.data, [suppression_edit(again.source(), f)]).decode()
    assert joined.split("\n")[row].endswith(f"//goleash:ignore GL999,{f.code}")


def test_kind_matching_is_hierarchical():
    assert kind_wanted(FIX_ALL, ["source"], False)
    assert kind_wanted(FIX_ALL, ["source.fixAll"], False)
    assert not kind_wanted(FIX_ALL, ["source.fixAllX"], False)
    assert not kind_wanted(FIX_ALL, None, True)
    assert kind_wanted("quickfix", None, True)
    assert not kind_wanted("quickfix", ["source"], False)
