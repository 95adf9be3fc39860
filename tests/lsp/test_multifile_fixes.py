"""A fix that edits another file of the package, in the editor.

`p.pending.Wait()` in pool.go blocks because `run`, declared in run.go, returns early
without `Done`: the fix goes in run.go. The server sends it as one WorkspaceEdit
naming run.go (versioned when run.go is open, with no version when its text is the
disk's), through the lightbulb, codeAction/resolve and fix-all alike, and the result
is what `goleash fix` writes. When run.go changes after the fix was built, the fix
is built again on its new text; an edit for text that is gone is never sent.
"""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types

from goleash.cli.fix import fix_package
from goleash.lsp.code_actions import FIX_ALL
from tests.lsp.helpers import change, diagnostics, open_doc, start
from tests.lsp.test_actions_hover import _actions

pytestmark = pytest.mark.timeout(60)

POOL = """package splitpool

import "sync"

type Task struct {
	ID   int
	Skip bool
}

type Pool struct {
	pending sync.WaitGroup
	mu      sync.Mutex
	results []int
}

func (p *Pool) Submit(t Task) {
	p.pending.Add(1)
	go p.run(t)
}

func (p *Pool) Flush() []int {
	p.pending.Wait()
	return p.results
}
"""

RUN = """package splitpool

func (p *Pool) run(t Task) {
	if t.Skip {
		return
	}
	p.mu.Lock()
	p.results = append(p.results, t.ID)
	p.mu.Unlock()
	p.pending.Done()
}
"""

TITLE = "Call `p.pending.Done()` in a `defer` at the top of the goroutine (edits run.go)"


def _apply_edits(text: str, edits) -> str:
    """LSP text edits applied as a client applies them (positions on the original text)."""
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


def _per_document(edit: types.WorkspaceEdit) -> dict[str, tuple[int | None, list]]:
    """uri -> (version, edits) of a workspace edit, whichever form it takes."""
    if edit.document_changes:
        return {
            c.text_document.uri: (c.text_document.version, c.edits) for c in edit.document_changes
        }
    return {uri: (None, edits) for uri, edits in edit.changes.items()}


def _without_resolve(name: str) -> types.ClientCapabilities:
    caps = pytest_lsp.client_capabilities(name)
    caps.text_document.code_action.resolve_support = None
    return caps


def _expected(tmp_path) -> dict[str, bytes]:
    """What `goleash fix` makes of the two files (one pass: the safe fix)."""
    texts = {str(tmp_path / "pool.go"): POOL.encode(), str(tmp_path / "run.go"): RUN.encode()}
    return {o.path: o.fixed for o in fix_package(texts, max_passes=1)}


@pytest.mark.parametrize("resolving", [True, False], ids=["resolve", "eager"])
async def test_a_fix_in_another_file_is_one_workspace_edit_for_that_file(client, resolving):
    await start(client, capabilities=None if resolving else _without_resolve(client.client_name))
    (client.tmp_path / "run.go").write_text(RUN)
    pool = client.tmp_path / "pool.go"
    pool.write_text(POOL)
    uri = open_doc(client, pool, POOL)
    run_uri = (client.tmp_path / "run.go").as_uri()
    diags = await diagnostics(client, uri, 1)
    assert [d.code for d in diags] == ["GL015"]

    actions = await _actions(client, uri, diags[0].range, resolve=resolving)
    fix = next(a for a in actions if a.title == TITLE)
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred  # safe: see defer_done
    changes = _per_document(fix.edit)
    assert list(changes) == [run_uri]  # pool.go itself is not edited
    version, edits = changes[run_uri]
    assert version is None  # run.go is not open: its text is the disk's
    expected = _expected(client.tmp_path)
    assert _apply_edits(RUN, edits) == expected[str(client.tmp_path / "run.go")].decode()

    fix_all = await _actions(client, uri, diags[0].range, only=[FIX_ALL], resolve=resolving)
    assert len(fix_all) == 1
    all_changes = _per_document(fix_all[0].edit)
    assert (
        _apply_edits(RUN, all_changes[run_uri][1])
        == expected[str(client.tmp_path / "run.go")].decode()
    )
    assert _apply_edits(POOL, all_changes.get(uri, (None, []))[1]) == expected[str(pool)].decode()


async def test_an_open_file_gets_a_versioned_edit_on_its_current_text(client):
    await start(client)
    (client.tmp_path / "pool.go").write_text(POOL)
    (client.tmp_path / "run.go").write_text(RUN)
    run_uri = open_doc(client, client.tmp_path / "run.go", RUN, version=4)
    uri = open_doc(client, client.tmp_path / "pool.go", POOL)
    diags = await diagnostics(client, uri, 1)
    fix = next(a for a in await _actions(client, uri, diags[0].range) if a.title == TITLE)
    versioned = (
        client.client_name == "visual-studio-code"
    )  # Neovim's capabilities take plain `changes`
    assert bool(fix.edit.document_changes) == versioned
    if versioned:
        assert _per_document(fix.edit)[run_uri][0] == 4

    # The user edits run.go: a fix resolved now is for the new text, or there is none.
    moved = "// moved\n" + RUN
    change(client, run_uri, 5, moved)
    await diagnostics(client, run_uri, 5)
    listed = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diags[0].range,
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    again = next(a for a in listed if a.title == TITLE)
    again = again if again.edit is not None else await client.code_action_resolve_async(again)
    version, edits = _per_document(again.edit)[run_uri]
    assert version == (5 if versioned else None)
    assert (
        _apply_edits(moved, edits)
        == "// moved\n" + _expected(client.tmp_path)[str(client.tmp_path / "run.go")].decode()
    )


async def test_a_fix_for_a_file_changed_on_disk_since_is_built_again_on_its_new_text(client):
    await start(client)
    (client.tmp_path / "pool.go").write_text(POOL)
    run = client.tmp_path / "run.go"
    run.write_text(RUN)
    uri = open_doc(client, client.tmp_path / "pool.go", POOL)
    run_uri = run.as_uri()
    diags = await diagnostics(client, uri, 1)
    listed = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diags[0].range,
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    lazy = next(a for a in listed if a.title == TITLE)
    assert lazy.edit is None  # VS Code's and Neovim's capabilities resolve edits lazily
    # Another tool rewrites run.go after the fix was built: its old offsets would land a
    # line too early. The edit the client gets is for the text on disk now.
    moved = "// reformatted by another tool\n" + RUN
    run.write_text(moved)
    resolved = await client.code_action_resolve_async(lazy)
    version, edits = _per_document(resolved.edit)[run_uri]
    assert version is None
    fixed = _expected(client.tmp_path)[str(run)].decode()
    assert _apply_edits(moved, edits) == "// reformatted by another tool\n" + fixed


def test_an_edit_of_a_file_whose_text_is_not_the_one_read_is_refused(tmp_path):
    """The last guard (`Session.file_for_edit`): the fixes at hand were built on other text."""
    from goleash.lsp.documents import Document
    from goleash.lsp.session import Session

    session = Session()
    pool, run = tmp_path / "pool.go", tmp_path / "run.go"
    run.write_text(RUN)
    doc = Document.open(pool.as_uri(), POOL, 1)
    session.open(doc)
    found = session.result(doc.uri).report.findings
    with_fixes = session.findings_with_fixes(doc, found, (0, len(doc.data)), True)
    assert any(f.fixes for f in with_fixes)
    assert session.file_for_edit(doc, str(run)).data == RUN.encode()
    run.write_text("// another text, another length\n" + RUN)
    assert session.file_for_edit(doc, str(run)) is None
    assert session.file_for_edit(doc, str(tmp_path / "elsewhere" / "run.go")) is None
