"""A goroutine waiting on a context kept in a struct field whose cancel function, kept
beside it, nothing calls (analysis/kept_contexts.py, reported by GL003): the two leaky
shapes, and near-miss twins made by one edit each."""

from pathlib import Path

import pytest

from goleash.engine import analyze, analyze_source
from goleash.source import SourceFile

HERE = Path(__file__).parent / "kept_contexts"
WATCHER = (HERE / "watcher.go").read_bytes()
SESSION = (HERE / "session.go").read_bytes()


def _kept(source: bytes, name: str) -> list:
    return [
        f
        for f in analyze_source(source, name).findings
        if f.code == "GL003" and "the cancel function kept in" in f.message
    ]


def _row(source: bytes, text: bytes) -> int:
    return source[: source.index(text)].count(b"\n")


def test_a_context_and_cancel_assigned_to_fields() -> None:
    (found,) = _kept(WATCHER, "watcher.go")
    assert found.location.span.start.row == _row(WATCHER, b"\t<-w.ctx.Done()")
    assert found.message == (
        "goroutine `closeOnCancel` blocks until the caller's context ends (forever, for a "
        "long-lived one) receiving from `w.ctx.Done()`: the cancel function kept in "
        "`w.cancel` is never called"
    )
    notes = {r.message: r.location.span.start.row for r in found.related}
    assert notes == {
        "the goroutine is started here": _row(WATCHER, b"\tgo w.closeOnCancel()"),
        "the context is made here": _row(WATCHER, b"\tw.ctx, w.cancel = "),
        "the cancel function is kept here, and nothing ever calls it": _row(
            WATCHER, b"\tw.ctx, w.cancel = "
        ),
    }


def test_a_local_context_kept_by_a_literal_after_a_cleanup_cancel() -> None:
    """`cancel()` before giving up on the error path does not stop the kept one."""
    (found,) = _kept(SESSION, "session.go")
    assert found.location.span.start.row == _row(SESSION, b"\t<-s.ctx.Done()")
    assert "`s.cancel` is never called" in found.message


def test_a_root_context_blocks_forever() -> None:
    twin = WATCHER.replace(
        b"context.WithCancel(parent)", b"context.WithCancel(context.Background())"
    )
    (found,) = _kept(twin, "watcher.go")
    assert "blocks forever receiving from `w.ctx.Done()`" in found.message


def test_the_fix_calls_the_kept_cancel_in_the_stopping_method() -> None:
    (found,) = _kept(SESSION, "session.go")
    (fix,) = found.fixes
    assert fix.title == "Call `s.cancel()` first thing in `Close`"


SILENT_TWINS = {
    # the owner's Close calls it
    "cancelled by Close": (
        b"func (w *Watcher) Errors()",
        b"func (w *Watcher) Close() { w.cancel() }\n\nfunc (w *Watcher) Errors()",
    ),
    # the cancel function is handed out: whoever gets it may call it
    "handed out": (
        b"func (w *Watcher) Errors()",
        b"func (w *Watcher) Stopper() context.CancelFunc { return w.cancel }\n\nfunc (w *Watcher) Errors()",
    ),
    # the context field is also given by the caller, whose cancel is not in view
    "given elsewhere": (
        b"func (w *Watcher) Errors()",
        b"func (w *Watcher) Rebind(ctx context.Context) { w.ctx = ctx }\n\nfunc (w *Watcher) Errors()",
    ),
    # run in the caller's goroutine, not as one of its own
    "not a goroutine": (b"\tgo w.closeOnCancel()\n", b"\tw.closeOnCancel()\n"),
    # a timer ends the context
    "timeout": (b"context.WithCancel(parent)", b"context.WithTimeout(parent, time.Minute)"),
    # the wait has another way out
    "another way out": (
        b"\t<-w.ctx.Done()\n",
        b"\tselect {\n\tcase <-w.ctx.Done():\n\tcase <-time.After(time.Minute):\n\t}\n",
    ),
}


@pytest.mark.parametrize("edit", SILENT_TWINS.values(), ids=list(SILENT_TWINS))
def test_near_miss_twins_are_silent(edit: tuple[bytes, bytes]) -> None:
    old, new = edit
    assert old in WATCHER
    assert _kept(WATCHER.replace(old, new), "watcher.go") == []


def test_a_field_of_the_same_name_in_another_type_is_not_its_store(tmp_path: Path) -> None:
    """Both files keep a `ctx` and a `cancel`: each finding cites its own type's store."""
    watcher = SourceFile(str(tmp_path / "watcher.go"), WATCHER)
    session = SourceFile(str(tmp_path / "session.go"), SESSION)
    report = analyze(session, [watcher])
    (found,) = [f for f in report.findings if "the cancel function kept in" in f.message]
    made = [r for r in found.related if r.message == "the context is made here"]
    assert made[0].location.path == session.path


def test_a_loop_whose_only_way_out_is_the_kept_context() -> None:
    twin = WATCHER.replace(
        b"\t<-w.ctx.Done()\n\tclose(w.errs)\n",
        b"\tt := time.NewTicker(time.Second)\n\tdefer t.Stop()\n\tfor {\n\t\tselect {\n"
        b"\t\tcase <-w.ctx.Done():\n\t\t\tclose(w.errs)\n\t\t\treturn\n"
        b"\t\tcase <-t.C:\n\t\t\tif err := w.Refresh(); err != nil {\n\t\t\t\tcontinue\n\t\t\t}\n\t\t}\n\t}\n",
    )
    found = [f for f in analyze_source(twin, "watcher.go").findings if f.code == "GL009"]
    assert [f.message for f in found] == [
        "goroutine `closeOnCancel` loops forever: its only way out is `w.ctx` being "
        "cancelled, and the cancel function kept in `w.cancel` is never called (only the "
        "end of the caller's context would stop it)"
    ]
    assert found[0].location.span.start.row == _row(twin, b"\t\tselect {")
    # Another way out of the loop (a failed refresh returns): left alone.
    other = twin.replace(b"\t\t\t\tcontinue\n", b"\t\t\t\treturn\n")
    assert [f for f in analyze_source(other, "watcher.go").findings if f.code == "GL009"] == []
