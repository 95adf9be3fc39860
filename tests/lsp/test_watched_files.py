"""Files changed on disk, outside the editor (`workspace/didChangeWatchedFiles`): a
sibling of an open file, a new file of its package, its go.mod."""

from __future__ import annotations

import pytest
from lsprotocol import types

from tests.lsp.helpers import diagnostics, open_doc, start, uses_pull
from tests.lsp.test_project_config import notify_changed, settled

pytestmark = pytest.mark.timeout(40)

STARTER = """package p

func Start() {
	ch := make(chan int)
	go worker(ch)
}
"""

BLOCKS = "package p\n\nfunc worker(ch chan int) {\n\t<-ch\n}\n"
RETURNS = "package p\n\nfunc worker(ch chan int) {\n\t_ = ch\n}\n"


def _stays(client, uri, count):
    """For a push client: no new publication for `uri` came without a reason."""
    return [p for p in client.published if p.uri == uri][count:]


async def test_a_sibling_rewritten_on_disk_rechecks_the_open_files_of_its_package(client):
    root = client.tmp_path
    (root / "worker.go").write_text(BLOCKS)
    (root / "other").mkdir()
    await start(client, {"delay": 0})
    uri = open_doc(client, root / "start.go", STARTER)
    elsewhere = open_doc(client, root / "other" / "start.go", STARTER)
    [d] = await settled(client, uri, lambda ds: len(ds) == 1)
    assert d.code == "GL003"
    await settled(client, elsewhere, lambda ds: ds == [])  # no worker there: nothing to say
    before = len([p for p in client.published if p.uri == elsewhere])

    # A `git checkout` makes the worker return: the leak is gone without touching start.go.
    (root / "worker.go").write_text(RETURNS)
    notify_changed(client, root / "worker.go")
    assert await settled(client, uri, lambda ds: ds == []) == []
    if not uses_pull(client):
        # Only the package of the changed file is checked again.
        assert _stays(client, elsewhere, before) == []

    # And back, reported as a deleted then created file.
    (root / "worker.go").unlink()
    notify_changed(client, root / "worker.go", types.FileChangeType.Deleted)
    (root / "worker.go").write_text(BLOCKS)
    notify_changed(client, root / "worker.go", types.FileChangeType.Created)
    [d] = await settled(client, uri, lambda ds: len(ds) == 1)
    assert d.code == "GL003"


async def test_without_the_notification_the_open_file_keeps_its_diagnostics(client):
    # The counterpart of the test above: the re-check comes from the notification.
    root = client.tmp_path
    (root / "worker.go").write_text(BLOCKS)
    await start(client, {"delay": 0})
    uri = open_doc(client, root / "start.go", STARTER)
    await settled(client, uri, lambda ds: len(ds) == 1)
    (root / "worker.go").write_text(RETURNS)
    assert len(await diagnostics(client, uri)) == 1


async def test_an_open_sibling_wins_over_its_file_on_disk(client):
    root = client.tmp_path
    (root / "worker.go").write_text(RETURNS)
    await start(client, {"delay": 0})
    uri = open_doc(client, root / "start.go", STARTER)
    open_doc(client, root / "worker.go", BLOCKS)  # unsaved: the buffer blocks, the disk does not
    await settled(client, uri, lambda ds: len(ds) == 1)
    notify_changed(client, root / "worker.go")
    [d] = await settled(client, uri, lambda ds: len(ds) == 1)
    assert d.code == "GL003"


TICKER = """package p

import "time"

func Poll() {
	t := time.NewTicker(time.Second)
	<-t.C
}
"""


async def test_a_changed_go_mod_rechecks_the_files_below_it(client):
    # Since Go 1.23 an unreferenced ticker is collected: GL018 depends on go.mod's version.
    root = client.tmp_path
    (root / "go.mod").write_text("module example.com/p\n\ngo 1.21\n")
    await start(client, {"delay": 0})
    uri = open_doc(client, root / "sub" / "poll.go", TICKER)
    [d] = await settled(client, uri, lambda ds: len(ds) == 1)
    assert d.code == "GL018"
    (root / "go.mod").write_text("module example.com/p\n\ngo 1.23\n")
    notify_changed(client, root / "go.mod")
    assert await settled(client, uri, lambda ds: ds == []) == []
