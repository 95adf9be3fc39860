"""A cancel function kept in a field, replaced by the next call without being called
(analysis/replaced_cancels.py, reported by GL003), and its near-miss twins."""

from pathlib import Path

import pytest

from goleash.engine import analyze_source

WATCH = (Path(__file__).parent / "replaced_cancels" / "watch.go").read_bytes()
STORE = b"\tw.mu.Lock()\n\tw.cancel = cancel\n"


def _gl003(source: bytes) -> list:
    return [f for f in analyze_source(source, "watch.go").findings if f.code == "GL003"]


def test_an_exported_method_replacing_the_cancel_is_reported_at_the_wait() -> None:
    (found,) = _gl003(WATCH)
    assert found.location.span.start.row + 1 == 39  # `case <-ctx.Done():` of poll
    assert "once `Watch` runs again" in found.message
    assert "without calling the one the field holds" in found.message
    notes = [r.message for r in found.related]
    assert "the new cancel function replaces the old one here" in notes
    assert "`Watch` is declared here: exported, it may be called again" in notes
    (fix,) = found.fixes
    assert fix.edits[0].new_text == "\tif w.cancel != nil {\n\t\tw.cancel()\n\t}\n"


def test_a_second_call_in_the_package_is_the_evidence_for_an_unexported_method() -> None:
    source = WATCH.replace(b"Watch(key string)", b"watch(key string)") + (
        b"\nfunc (w *Watcher) Reload(a, b string) {\n\tw.watch(a)\n\tw.watch(b)\n}\n"
    )
    (found,) = _gl003(source)
    assert "`watch` runs again here on the same object" in [r.message for r in found.related]


SILENT_TWINS = {
    # the old cancel is called first (the fix)
    "cancelled first": (
        STORE,
        b"\tw.mu.Lock()\n\tif w.cancel != nil {\n\t\tw.cancel()\n\t}\n\tw.cancel = cancel\n",
    ),
    # named for a step an object takes once
    "single step": (b"Watch(key string)", b"Start(key string)"),
    # a name that begins with a single step
    "single step prefix": (b"Watch(key string)", b"StartWatching(key string)"),
    # unexported, and nothing in the package runs it twice
    "run once": (b"Watch(key string)", b"watch(key string)"),
    # the method never stores the cancel over another: it is called, not kept
    "not kept": (STORE, b"\tw.mu.Lock()\n\tdefer cancel()\n"),
}


@pytest.mark.parametrize("edit", SILENT_TWINS.values(), ids=SILENT_TWINS.keys())
def test_near_miss_twins_are_silent(edit: tuple[bytes, bytes]) -> None:
    old, new = edit
    assert old in WATCH
    assert _gl003(WATCH.replace(old, new)) == []


def test_a_stop_between_the_two_calls_keeps_it_silent() -> None:
    source = WATCH.replace(b"Watch(key string)", b"watch(key string)") + (
        b"\nfunc (w *Watcher) Reload(a, b string) {\n\tw.watch(a)\n\tw.Close()\n\tw.watch(b)\n}\n"
    )
    assert _gl003(source) == []


def test_a_caller_cancelling_the_field_first_keeps_it_silent() -> None:
    source = WATCH + (
        b"\nfunc (w *Watcher) Switch(k string) {\n\tif w.cancel != nil {\n\t\tw.cancel()\n\t}\n"
        b"\tw.Watch(k)\n}\n"
    )
    assert _gl003(source) == []
